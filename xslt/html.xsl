<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI -> the parts of a web edition page. The rules are in tei-rules.xsl and the
  page's root template in page.xsl (shared with print.xsl, read by
  variorum.render.page); this stylesheet adds the web's apparatus part.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:v="urn:variorum"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:import href="tei-rules.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:include href="page.xsl"/>
  <!-- Views made at build time from the same rules: a text re-based on a witness, the witnesses in columns,
       a translation in another document beside its original. -->
  <xsl:include href="witness-views.xsl"/>

  <!-- A regularised name (place, person, organisation): the entry reads from the form the reader sees, as written
       (`Nanking] Nanjing regular form`) or, in the regularised view, regular (`Nanjing] Nanking as written`).
       On paper there is no switch: print.xsl keeps its own. -->
  <xsl:template match="tei:*[v:regularised-name(.)]" mode="apparatus" priority="2">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="map{'placeName': 'place-name', 'persName': 'person-name', 'orgName': 'org-name'}(local-name())"/>
      <xsl:with-param name="content">
        <span class="view-orig"><span class="lemma"><xsl:apply-templates select="tei:choice/tei:orig/node()"/></span><xsl:text>] </xsl:text>
          <span class="reading"><xsl:apply-templates select="tei:choice/tei:reg/node()"/></span><span class="apparatus-label"> regular form</span></span>
        <span class="view-reg"><span class="lemma"><xsl:apply-templates select="tei:choice/tei:reg/node()"/></span><xsl:text>] </xsl:text>
          <span class="reading"><xsl:apply-templates select="tei:choice/tei:orig/node()"/></span><span class="apparatus-label"> as written</span></span>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- A gloss keeps its written form in both views: no regularisation to note. -->
  <xsl:template match="tei:*[v:gloss(.)]" mode="apparatus" priority="2"><xsl:apply-templates mode="apparatus"/></xsl:template>

  <!-- A supplied passage: its words as the reader sees them in either view, and who supplied it. -->
  <xsl:template match="tei:supplied" mode="apparatus" priority="2">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="'supplied'"/>
      <xsl:with-param name="content">
        <xsl:variable name="orig" select="normalize-space(string-join(.//text()[not(ancestor::tei:reg)], ''))"/>
        <xsl:variable name="reg" select="normalize-space(string-join(.//text()[not(ancestor::tei:orig[not(ancestor::*[v:gloss(.)])]) and not(ancestor::tei:reg[ancestor::*[v:gloss(.)]])], ''))"/>
        <!-- (in the brackets of the text: [lost], ⟨omitted⟩, (understood)) -->
        <xsl:variable name="b" select="v:supplied-brackets(.)"/>
        <xsl:choose>
          <xsl:when test="$orig = $reg"><span class="lemma"><xsl:value-of select="$b[1] || $orig || $b[2]"/></span></xsl:when>
          <xsl:otherwise><span class="lemma"><span class="view-orig"><xsl:value-of select="$b[1] || $orig || $b[2]"/></span><span class="view-reg"><xsl:value-of select="$b[1] || $reg || $b[2]"/></span></span></xsl:otherwise>
        </xsl:choose>
        <span class="apparatus-label"> supplied <xsl:value-of select="v:supplied-by(.)"/></span>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A page break with its page image: a marker the facsimile viewer follows (scroll to page 2, see image 2). -->
  <xsl:template match="tei:pb[exists(v:facs-surface(.))]" priority="3">
    <xsl:variable name="sigla" select="v:break-sigla(.)"/>
    <span class="pb facs-pb" data-facs="{v:facs-surface(.)}" data-n="{@n}" title="{if ($sigla != '') then 'page ' || @n || ' of ' || $sigla else 'page ' || @n || ' of the source'} begins: its image is beside the text">[<xsl:value-of select="string-join(($sigla[. != ''], if (@n) then 'p. ' || @n else 'page'), ' ')"/>]</span>
  </xsl:template>

  <!-- A line, a word or a segment whose zone of the page image is known: the viewer highlights that zone.
       A line beginning (lb) is a marker; any other element carries the zone on its first element. -->
  <xsl:template match="tei:text//tei:*[not(self::tei:pb)][exists(v:facs-zone(.))]" priority="6">
    <xsl:variable name="zone" select="v:facs-zone(.)"/>
    <xsl:choose>
      <xsl:when test="self::tei:lb">
        <span class="facs-line" data-zone="{$zone}" title="line {@n}: its zone is marked on the page image"><xsl:next-match/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="out"><xsl:next-match/></xsl:variable>
        <xsl:sequence select="v:mark-first($out, map{'data-zone': $zone})"/>
        <xsl:if test="empty($out/*[not(@class = 'anchor')])"><span class="facs-line" data-zone="{$zone}"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- On the web the document's title (h1) is the one heading above the text: its divisions' headings start at h2. -->
  <xsl:function name="v:heading-offset" as="xs:integer"><xsl:sequence select="1"/></xsl:function>


  <!-- ============================================================ apparatus views -->

  <!-- The variance of an entry, computed here at build time: the share of the document's witnesses whose
       reading is not the one that stands in the text (0 to 1), and its grade for the heat map (0 to 4). -->
  <xsl:template match="tei:app[not(ancestor::tei:app)]" priority="3">
    <xsl:variable name="witnesses" select="distinct-values(//tei:listWit//tei:witness/(@xml:id, @n)[1] ! string(.))"/>
    <xsl:variable name="standing" select="tokenize(v:sigla(v:base-reading(.)/@wit))"/>
    <xsl:variable name="share" select="if (count($witnesses) gt 0) then count($witnesses[not(. = $standing)]) div count($witnesses) else 0"/>
    <xsl:variable name="out"><xsl:next-match/></xsl:variable>
    <xsl:sequence select="v:mark-first($out, map{'data-variance': string(round($share, 2)), 'data-grade': string(round($share * 4))})"/>
  </xsl:template>

  <!-- ============================================================ original and translation -->

  <!-- The parts of an edition and its translation that are aligned: their block children (a heading, a paragraph,
       a verse group ...); breaks and anchors between them go with the next. -->
  <xsl:function name="v:segments" as="element()*">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="$div/*[v:is-segment(.)]"/>
  </xsl:function>
  <xsl:function name="v:is-segment" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="not($e[self::tei:pb or self::tei:cb or self::tei:lb or self::tei:milestone or self::tei:anchor
                                 or self::tei:note or self::tei:fw or self::tei:linkGrp])"/>
  </xsl:function>

  <!-- The pairs a text declares: linkGrp type="alignment" (each link "#a #b"), and @corresp of a segment. -->
  <!-- (A pointer into another document, other.xml#id, names a segment of the document a view pairs this one with.) -->
  <xsl:key name="v:aligned" match="tei:linkGrp[@type = 'alignment']/tei:link"
           use="tokenize(normalize-space(@target))[contains(., '#')] ! substring-after(., '#')"/>
  <xsl:function name="v:declared-partners" as="element()*">
    <xsl:param name="segment" as="element()"/>
    <xsl:param name="others" as="element()*"/>
    <!-- (A segment is named by its xml:id or that of an element in it: a salute's in an opener.) -->
    <xsl:variable name="ids" select="$segment/descendant-or-self::*/@xml:id ! string(.)"/>
    <xsl:variable name="linked" select="(root($segment) | root($others[1])) ! key('v:aligned', $ids, .)/tokenize(normalize-space(@target)) ! substring-after(., '#')"/>
    <xsl:variable name="corresp" select="$segment/descendant-or-self::*/@corresp ! tokenize(normalize-space(.))[contains(., '#')] ! substring-after(., '#')"/>
    <xsl:variable name="there" select="root($others[1])"/>
    <xsl:sequence select="if (empty($others)) then () else
        (key('v:by-id', ($linked, $corresp)[not(. = $ids)], $there) | key('v:by-corresp', $ids, $there))/ancestor-or-self::* intersect $others"/>
  </xsl:function>
  <xsl:key name="v:by-id" match="tei:*[@xml:id]" use="string(@xml:id)"/>
  <xsl:key name="v:by-corresp" match="tei:*[@corresp]" use="tokenize(normalize-space(@corresp))[contains(., '#')] ! substring-after(., '#')"/>

  <!-- Original and translation side by side: one row per aligned pair, so that each pair starts at the same height
       (CSS grid); a segment without a partner has a row of its own. Pairs are those the text declares, else the
       segments in their order (first with first). Each column has its language. -->
  <!-- (The first edition and the first translation of a division: any other stands after them, as a division.) -->
  <xsl:template match="tei:div[@type = 'edition'][../tei:div[@type = 'translation']][not(preceding-sibling::tei:div[@type = 'edition'])]" priority="3">
    <xsl:call-template name="v:parallel">
      <xsl:with-param name="ed" select="v:segments(.)"/>
      <xsl:with-param name="tr" select="v:segments(../tei:div[@type = 'translation'][1])"/>
    </xsl:call-template>
  </xsl:template>
  <!-- The rows of the segments of an original ($ed) and of its translation ($tr), in one document or in two. -->
  <xsl:template name="v:parallel">
    <xsl:param name="ed" as="element()*"/>
    <xsl:param name="tr" as="element()*"/>
    <xsl:variable name="declared" select="some $e in $ed satisfies exists(v:declared-partners($e, $tr))"/>
    <xsl:variable name="position" as="map(xs:string, xs:integer)" select="map:merge(for $j in 1 to count($tr) return map{generate-id($tr[$j]): $j})"/>
    <xsl:variable name="partner" as="map(xs:integer, xs:integer)" select="map:merge(
        for $i in 1 to count($ed) return
          let $p := if ($declared) then v:declared-partners($ed[$i], $tr)[1] else $tr[$i]
          return if (exists($p)) then map{$i: $position(generate-id($p))} else ())"/>
    <!-- The translation's segments that have a partner, and the last of them up to each segment of the original. -->
    <xsl:variable name="taken" as="map(xs:integer, xs:boolean)" select="map:merge(map:for-each($partner, function($k, $v) {map{$v: true()}}),
                                                                                  map{'duplicates': 'use-first'})"/>
    <xsl:variable name="reached" as="xs:integer*" select="fold-left(1 to count($ed), (), function($so-far, $i) {
        ($so-far, max((0, $so-far[last()], $partner($i))))})"/>
    <div class="parallel" role="group" aria-label="The original and its translation">
      <xsl:for-each select="1 to count($ed)">
        <xsl:variable name="i" select="."/>
        <xsl:variable name="before" select="($reached[$i - 1], 0)[1]"/>
        <!-- Segments of the translation without a partner, where they stand. -->
        <xsl:for-each select="($before + 1) to (if (exists($partner($i))) then $partner($i) - 1 else $before)">
          <xsl:if test="not(map:contains($taken, .))">
            <xsl:call-template name="v:pair"><xsl:with-param name="translation" select="$tr[current()]"/></xsl:call-template>
          </xsl:if>
        </xsl:for-each>
        <xsl:call-template name="v:pair">
          <xsl:with-param name="original" select="$ed[$i]"/>
          <xsl:with-param name="translation" select="for $p in $partner($i) return $tr[$p]"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:variable name="last" select="($reached[last()], 0)[1]"/>
      <xsl:for-each select="($last + 1) to count($tr)">
        <xsl:if test="not(map:contains($taken, .))">
          <xsl:call-template name="v:pair"><xsl:with-param name="translation" select="$tr[current()]"/></xsl:call-template>
        </xsl:if>
      </xsl:for-each>
    </div>
  </xsl:template>
  <xsl:template match="tei:div[@type = 'translation'][../tei:div[@type = 'edition']][not(preceding-sibling::tei:div[@type = 'translation'])]" priority="3"/>

  <!-- One row: the original's cell and the translation's, either of which may be empty. -->
  <xsl:template name="v:pair">
    <xsl:param name="original" as="element()?"/>
    <xsl:param name="translation" as="element()?"/>
    <div class="pair{if (empty($original) or empty($translation)) then ' unpaired' else ''}">
      <xsl:for-each select="('original', 'translation')">
        <xsl:variable name="side" select="."/>
        <xsl:variable name="segment" select="if (. = 'original') then $original else $translation"/>
        <xsl:variable name="lang" select="($segment/ancestor-or-self::*/@xml:lang)[last()]"/>
        <div class="cell {.}">
          <xsl:if test="matches($lang, '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$') and $lang != 'und'"><xsl:attribute name="lang" select="$lang"/></xsl:if>
          <!-- (Where the segment stands in its TEI, for the build's report of a segment without partner: taken off the page.) -->
          <xsl:if test="exists($segment) and (empty($original) or empty($translation))"><xsl:attribute name="data-path" select="path($segment)"/></xsl:if>
          <xsl:for-each select="$segment">
            <!-- The breaks and anchors between the previous segment and this one. -->
            <xsl:variable name="previous" select="preceding-sibling::*[v:is-segment(.)][1]"/>
            <xsl:variable name="out">
              <xsl:apply-templates select="preceding-sibling::*[not(v:is-segment(.))][empty($previous) or . >> $previous]"/>
              <xsl:apply-templates select="."/>
              <xsl:if test="empty(following-sibling::*[v:is-segment(.)][1])"><xsl:apply-templates select="following-sibling::*"/></xsl:if>
            </xsl:variable>
            <!-- (A translation in a document of its own keeps its anchors apart from the original's: witness-views.xsl.) -->
            <xsl:choose>
              <xsl:when test="exists($partner-document) and $side = 'translation'"><xsl:apply-templates select="$out" mode="v:prefixed"/></xsl:when>
              <xsl:otherwise><xsl:sequence select="$out"/></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </div>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- The numbered apparatus entries, below the text. -->
  <xsl:template name="v:apparatus">
    <apparatus><xsl:apply-templates select="//tei:text[not(ancestor::tei:text)]" mode="apparatus"/></apparatus>
  </xsl:template>
</xsl:stylesheet>
