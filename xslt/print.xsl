<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI -> the parts of a printed document (read by variorum.render.pdf, laid out
  by WeasyPrint with CSS Paged Media). The rules are in tei-rules.xsl; this
  stylesheet overrides them only where paper differs from the screen:

    notes   every apparatus entry is a footnote at the word (CSS float: footnote),
            numbered as the web edition numbers it (tei-rules.xsl's note-number, counted
            where the entry begins), so that note 6 of the page is note 6 of the PDF; a
            note inside a note runs on inside it, in parentheses, with its number
    choice  the witness's form stands in the text, the other form goes to a note
            (on paper there is no orig/reg switch, so nothing may hide). A regularised
            name's note is the web's entry for the name (a person's or organisation's
            of the registers has none: its index entry gives the regular form beside
            the forms as written; its number is skipped); any other choice has a note
            of paper only, lettered (a, b, …: the web shows the choice by its switch
            and numbers no entry for it), so the numbers stay the web's
    app     the lemma (or the first reading) stands; the readings go to the note
    links   names are anchors for the printed indexes, not links; internal
            references are plain text
    breaks  a page of the printed source: a bar in the text, [p. N] in the margin

  Output: the page of page.xsl (the root template shared with html.xsl, read by
  variorum.render.page), with the footnotes in place in its text and no apparatus part.

  Parameter id-prefix: put before every id, so that the documents of a whole
  edition can share one HTML file.

  Parameter apparatus (edition.toml [print] apparatus): "footnotes" as above; "lines",
  a critical edition's apparatus keyed by line and lemma. Then the text carries no
  footnote: each entry's lemma is wrapped in <span class="lemma-at" data-entry="N">
  (a note of the text, which has no lemma, is an empty one), and the apparatus part
  holds the entries, <entry n="N" series="readings|editorial|notes">, numbered as the
  footnotes are, with the abbreviations of an apparatus (reg., corr., suppl., om.,
  add., transp., illeg.) and a long lemma as `first … last`. variorum.render.lines
  reads on which line each lemma fell and sets the entries at the foot of its page.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:v="urn:variorum"
    exclude-result-prefixes="#all">

  <xsl:import href="tei-rules.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="id-prefix" as="xs:string" select="''"/>
  <xsl:param name="apparatus" as="xs:string" select="'footnotes'"/>
  <xsl:variable name="v:lines" as="xs:boolean" select="$apparatus = 'lines'"/>

  <!-- Every anchor of the TEI carries the document's prefix, as the names' anchors do. -->
  <xsl:function name="v:anchor" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="$id-prefix || $id"/>
  </xsl:function>

  <!-- ============================================================ what is printed -->

  <!-- The reading of an app that stands in the text: the lemma, else the first reading. -->
  <xsl:function name="v:is-lemma" as="xs:boolean">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="app" select="$reading/ancestor::tei:app[1]"/>
    <xsl:sequence select="exists($app) and $reading is v:base-reading($app)"/>
  </xsl:function>

  <!-- The child of a choice that stands in the text: the witness's form (orig, sic, abbr), else the first. -->
  <xsl:function name="v:choice-shown" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="($choice/*[self::tei:orig or self::tei:sic or self::tei:abbr], $choice/*)[1]"/>
  </xsl:function>

  <!-- A node that is not printed as markup: in a reading other than the lemma, or in the
       other side of a choice (their words are in the note, as text). -->
  <xsl:function name="v:hidden" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="some $a in $node/ancestor::* satisfies
      (($a/self::tei:rdg and not(v:is-lemma($a))) or ($a/parent::tei:choice and not($a is v:choice-shown($a/..))))"/>
  </xsl:function>

  <!-- A node of the running text: printed, and not inside a note (which is itself a footnote). -->
  <xsl:function name="v:in-text" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="not($node/ancestor::tei:note[ancestor::tei:text]) and not(v:hidden($node)) and not($node/ancestor::*[v:set-aside(.)])"/>
  </xsl:function>

  <!-- A choice with a note of its own (lettered: a note of paper only). Not the spelling of a regularised
       name, which has the name's note; not the spelling of a person or organisation of the registers, whose
       index entry gives the regular form with the form as written. -->
  <xsl:function name="v:choice-note" as="xs:boolean">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="count($choice/*) gt 1 and not($choice/parent::*[v:regularised-name(.)])
                          and not($choice/parent::*[self::tei:persName or self::tei:orgName][@ref])"/>
  </xsl:function>

  <!-- A regularised name with a note on paper, the web's entry for it: a place's, or a person's or organisation's
       that is not of the registers (theirs gives the regular form in the index, beside the forms as written;
       its number is the web's all the same, left out on paper). -->
  <xsl:function name="v:name-note" as="xs:boolean">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="v:regularised-name($name) and not($name[self::tei:persName or self::tei:orgName][@ref])"/>
  </xsl:function>

  <!-- An element whose note follows it in the text. -->
  <xsl:function name="v:noted" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node[v:name-note(.) or self::tei:supplied or self::tei:app[not(v:in-place-app(.))]
                                       or self::tei:note[not(v:entry-note(.) or v:inline-note(.))] or self::tei:choice[v:choice-note(.)]])
                          and exists($node/ancestor::tei:text) and v:in-text($node)"/>
  </xsl:function>

  <!-- What an element prints in the running text (a note prints nothing there). -->
  <xsl:function name="v:printed-children" as="node()*">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="
      if ($element/self::tei:app) then v:base-reading($element)/node()
      else if ($element/self::tei:choice) then v:choice-shown($element)/node()
      else if ($element/self::tei:note) then ()
      else $element/node()"/>
  </xsl:function>

  <!-- Whether the text printed for a node ends with a note's number (then the next number needs a comma). -->
  <xsl:function name="v:ends-with-note" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="
      if (not($node instance of element())) then false()
      else v:noted($node) or v:ends-with-note(v:printed-children($node)[last()])"/>
  </xsl:function>

  <!-- Footnotes are numbered by tei-rules.xsl's note-number, as the web's entries are (where the entry begins:
       a note inside a lemma comes after the lemma's own). The notes of paper only (choices) are lettered. -->
  <xsl:accumulator name="v:letter-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule select="$value + 1" match="tei:text//tei:choice[v:choice-note(.)][v:in-text(.)]"/>
  </xsl:accumulator>

  <!-- An entry's number (the web's) or, for a note of paper only, its letter: a … z, aa, ab, … -->
  <xsl:function name="v:entry-key" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:sequence select="if ($node/self::tei:choice) then v:letters($node/accumulator-before('v:letter-number'))
                          else string($node/accumulator-before('note-number'))"/>
  </xsl:function>
  <xsl:function name="v:letters" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="(if ($n gt 26) then v:letters(($n - 1) idiv 26) else '') || codepoints-to-string(96 + ($n - 1) mod 26 + 1)"/>
  </xsl:function>

  <xsl:function name="v:name-id" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:sequence select="$id-prefix || 'name-' || $node/accumulator-before('name-number')"/>
  </xsl:function>

  <!-- ============================================================ the page parts -->

  <xsl:include href="page.xsl"/>

  <!-- On paper the apparatus is in the footnotes: the page has no apparatus part; keyed by line,
       the entries in the order of their numbers, each with its series. -->
  <xsl:template name="v:apparatus">
    <xsl:if test="$v:lines">
      <apparatus>
        <xsl:for-each select="//tei:text//tei:*[v:noted(.)]">
          <entry n="{v:entry-key(.)}" series="{v:series(.)}"><xsl:apply-templates select="." mode="apparatus"/></entry>
        </xsl:for-each>
      </apparatus>
    </xsl:if>
  </xsl:template>

  <!-- The series of the apparatus an entry belongs to, in the order they stand at the foot of the page:
       readings of the witnesses, the editor's interventions, notes. -->
  <xsl:function name="v:series" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:sequence select="if ($node/self::tei:app) then 'readings' else if ($node/self::tei:note) then 'notes' else 'editorial'"/>
  </xsl:function>

  <!-- ============================================================ notes -->

  <!-- The note at the word: on paper the entry itself, floated to the foot of the page;
       inside a note, the entry runs on in parentheses. -->
  <xsl:template name="note-mark">
    <xsl:choose>
      <!-- Keyed by line: the lemma is wrapped (below); a note, which has none, marks its place. -->
      <xsl:when test="$v:lines and v:in-text(.)">
        <!-- (so does a listed apparatus entry, at the anchor where its lemma ends) -->
        <xsl:if test="self::tei:note or self::tei:app[v:listed-app(.)]"><span class="lemma-at note-at" data-entry="{v:entry-key(.)}"/></xsl:if>
      </xsl:when>
      <xsl:when test="v:in-text(.)">
        <xsl:variable name="n" select="v:entry-key(.)"/>
        <xsl:variable name="printed" select="v:printed-children(.)"/>
        <!-- What stands just before the number: the end of the element's text (a supplied passage ends with its bracket). -->
        <xsl:variable name="before" select="if (self::tei:supplied) then () else if (exists($printed)) then $printed[last()] else preceding-sibling::node()[1]"/>
        <span class="footnote{if (v:ends-with-note($before)) then ' after-note' else ''}" data-n="{$n}">
          <xsl:apply-templates select="." mode="apparatus"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <!-- A note the web numbers keeps its number inside the note around it. -->
        <span class="subnote"> (<xsl:if test="not(self::tei:choice)"><span class="subnote-n"><xsl:value-of select="accumulator-before('note-number')"/></span><xsl:text> </xsl:text></xsl:if><xsl:apply-templates select="." mode="apparatus"/>)</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An entry is the content of its footnote; entries inside it have footnotes of their own.
       Keyed by line, a lemma of more than three words is cited by its first and last. -->
  <xsl:template name="entry">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="content"/>
    <span class="entry {$kind}">
      <xsl:choose>
        <xsl:when test="$v:lines"><xsl:variable name="keyed"><xsl:apply-templates select="$content" mode="v:keyed"/></xsl:variable><xsl:sequence select="v:entry-lang($keyed/node(), .)"/></xsl:when>
        <!-- (A footnote stands in the text, whose language it has; an element in another language says its own.) -->
        <xsl:otherwise><xsl:copy-of select="$content"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>
  <xsl:mode name="v:keyed" on-no-match="shallow-copy"/>
  <!-- (the words of the lemma only: what the entry says of a witness that begins or ends stays before them) -->
  <xsl:template match="span[@class = 'lemma'][count(tokenize(normalize-space(string-join(.//text()[not(ancestor::em[@class = $v:said])], ' ')))) gt 3]" mode="v:keyed">
    <xsl:variable name="words" select="tokenize(normalize-space(string-join(.//text()[not(ancestor::em[@class = $v:said])], ' ')))"/>
    <span class="lemma" data-words="{count($words)}"><xsl:copy-of select=".//em[@class = $v:said]"/><xsl:value-of select="$words[1] || ' … ' || $words[last()]"/></span>
  </xsl:template>
  <xsl:variable name="v:said" select="('witStart', 'witEnd', 'lacunaStart', 'lacunaEnd')"/>

  <!-- Keyed by line, the lemma of an entry is wrapped, so that the layout tells on which lines it stands. -->
  <xsl:template match="tei:*[$v:lines][v:noted(.)][not(self::tei:note)]" priority="10">
    <span class="lemma-at" data-entry="{v:entry-key(.)}"><xsl:next-match/></span>
  </xsl:template>

  <!-- Keyed by line, a verse line carries the number a critical edition of verse counts it by (render/lines numbers
       the margin and keys the apparatus by it): its @n when that is a whole number, else its place among the
       document's verse lines (not those of a reading or a note). A split line's parts carry the same @n: one line. -->
  <xsl:template match="tei:l[$v:lines]" mode="v:line-marker">
    <xsl:attribute name="data-verse" select="if (normalize-space(@n) castable as xs:integer) then xs:integer(normalize-space(@n))
        else count(preceding::tei:l[ancestor::tei:text][not(ancestor::tei:rdg or ancestor::tei:note)]) + 1"/>
  </xsl:template>

  <!-- ============================================================ the apparatus keyed by line -->

  <!-- The words an apparatus abbreviates. -->
  <xsl:variable name="v:abbreviated" as="map(xs:string, xs:string)" select="map{
      'regular form': 'reg.', 'corrected': 'corr.', 'expanded': 'exp.', 'as written': 'orig.', 'abbreviated': 'abbr.',
      'alternative': 'alt.', 'sic': 'sic'}"/>
  <xsl:template match="span[@class = 'apparatus-label']" mode="v:keyed">
    <span class="apparatus-label"><xsl:text> </xsl:text><xsl:value-of select="($v:abbreviated(normalize-space(.)), normalize-space(.))[1]"/></span>
  </xsl:template>

  <!-- Supplied by the editor: `for them] suppl.`, with who supplied it and why (the lemma as the words, without
       the brackets of the text: the label says they are supplied, and `[for them]]` would read as a bracket too many). -->
  <xsl:template match="tei:supplied[$v:lines]" mode="apparatus">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="'supplied'"/>
      <xsl:with-param name="content">
        <span class="lemma"><xsl:value-of select="normalize-space(string-join(.//text()[not(ancestor::tei:reg)], ''))"/></span>
        <xsl:text>] </xsl:text>
        <span class="apparatus-label">suppl.</span>
        <xsl:if test="@resp"><xsl:text> </xsl:text><span class="resp"><xsl:value-of select="v:pointer-names(@resp)"/></span></xsl:if>
        <xsl:if test="@reason"><xsl:text> (</xsl:text><xsl:value-of select="replace(@reason, '[-_]', ' ')"/>)</xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A reading entry keyed by line: lemma] each reading with what it is (om., add., transp., illeg.) and its
       sigla; an empty lemma (a witness adds words) is keyed to the word before it. -->
  <xsl:template match="tei:app[$v:lines]" mode="apparatus">
    <xsl:variable name="app" select="."/>
    <xsl:variable name="base" select="v:base-reading(.)"/>
    <xsl:variable name="added" select="normalize-space(string-join($base//text()[not(ancestor::tei:note[. >> $app])], '')) = '' and empty($base//tei:gap)"/>
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="if (@type) then string(@type) else 'reading'"/>
      <xsl:with-param name="content">
        <span class="lemma">
          <xsl:choose>
            <xsl:when test="$added"><xsl:value-of select="v:word-before(.)"/></xsl:when>
            <xsl:otherwise><xsl:for-each select="$base"><xsl:call-template name="v:reading-words"/></xsl:for-each></xsl:otherwise>
          </xsl:choose>
        </span>
        <xsl:for-each select="$base[not($added)]">
          <xsl:call-template name="v:reading-witnesses"/>
        </xsl:for-each>
        <xsl:text>] </xsl:text>
        <xsl:variable name="others" select="v:readings(.) except $base"/>
        <xsl:for-each select="$others">
          <xsl:variable name="i" select="position()"/>
          <!-- (the readings of a group by commas, the group's kind before them, as tei-rules.xsl's entry) -->
          <xsl:variable name="group" select="ancestor::tei:rdgGrp[1][ancestor::tei:app[1] is $app]"/>
          <xsl:variable name="same-group" select="$i gt 1 and exists($group) and exists($others[$i - 1]/ancestor::tei:rdgGrp[1] intersect $group)"/>
          <xsl:if test="$i gt 1"><xsl:value-of select="if (parent::tei:varSeq and preceding-sibling::tei:rdg) then ' → ' else if ($same-group) then ', ' else '; '"/></xsl:if>
          <xsl:if test="exists($group/@type) and not($same-group)"><span class="group-label"><xsl:value-of select="replace($group/@type, '[-_]', ' ')"/>: </span></xsl:if>
          <span class="reading"><xsl:call-template name="v:reading-words"/></span>
          <xsl:variable name="kind" select="
              if ($added and normalize-space(.) != '') then 'add.'
              else if (.//tei:gap[@reason = 'illegible'] or .//tei:unclear[not(normalize-space())]) then 'illeg.'
              else if (v:transposed(., $base)) then 'transp.' else ()"/>
          <xsl:if test="exists($kind)"><xsl:text> </xsl:text><span class="apparatus-label"><xsl:value-of select="$kind"/></span></xsl:if>
          <xsl:call-template name="v:reading-witnesses"/>
        </xsl:for-each>
        <xsl:for-each select="(tei:witDetail | tei:rdgGrp/tei:witDetail | tei:note | tei:rdgGrp/tei:note | tei:varSeq/tei:note)[normalize-space() or @wit]">
          <xsl:text> </xsl:text>
          <span class="entry-note {local-name()}">
            <xsl:if test="self::tei:witDetail">
              <span class="sigla"><xsl:value-of select="string-join((v:sigla(@wit)[. != ''], @type ! replace(., '^lac$', 'lac.')), ': ')"/></span>
              <xsl:if test="normalize-space()"><xsl:text> </xsl:text></xsl:if>
            </xsl:if>
            <xsl:apply-templates/>
          </span>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A reading's witnesses (sigla, sources) and who made it (an editor's emendation or conjecture). -->
  <xsl:template name="v:reading-witnesses">
    <xsl:variable name="sigla" select="string-join((v:sigla(@wit)[. != ''], v:pointer-names(@source)), ' ')"/>
    <xsl:if test="$sigla != ''"><xsl:text> </xsl:text><span class="sigla"><xsl:value-of select="$sigla"/></span></xsl:if>
    <xsl:for-each select="following-sibling::*[1][self::tei:wit]"><xsl:text> </xsl:text><span class="wit"><xsl:apply-templates/></span></xsl:for-each>
    <xsl:if test="@type[. = ('emendation', 'conjecture', 'correction', 'supplement')] or @resp">
      <xsl:text> </xsl:text>
      <span class="resp"><xsl:value-of select="string-join((v:reading-kind(@type), v:pointer-names(@resp)), ' ')"/></span>
    </xsl:if>
  </xsl:template>

  <!-- The last word printed before an element (the key of words a witness adds). -->
  <xsl:function name="v:word-before" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <!-- (not a word of an apparatus entry's own: a wit, a witDetail, a note of the entry) -->
    <xsl:variable name="before" select="($element/preceding::text()[normalize-space()][v:in-text(.)][ancestor::tei:text]
                                         [not(ancestor::tei:wit or ancestor::tei:witDetail or ancestor::tei:note[v:entry-note(.)])])[last()]"/>
    <xsl:sequence select="(tokenize(normalize-space($before))[last()], '')[1]"/>
  </xsl:function>

  <!-- A reading with the words of the lemma in another order. -->
  <xsl:function name="v:transposed" as="xs:boolean">
    <xsl:param name="reading" as="element()"/>
    <xsl:param name="lemma" as="element()?"/>
    <xsl:variable name="a" select="tokenize(lower-case(replace(string($reading), '[\p{P}]', '')))"/>
    <xsl:variable name="b" select="tokenize(lower-case(replace(string($lemma), '[\p{P}]', '')))"/>
    <xsl:sequence select="count($a) gt 1 and string-join($a, ' ') != string-join($b, ' ') and string-join(sort($a), ' ') = string-join(sort($b), ' ')"/>
  </xsl:function>

  <!-- The other form of a choice: `Kuomintang] Guomindang regular form`. -->
  <xsl:template match="tei:choice" mode="apparatus">
    <xsl:variable name="shown" select="v:choice-shown(.)"/>
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="'choice'"/>
      <xsl:with-param name="content">
        <span class="lemma"><xsl:value-of select="normalize-space($shown)"/></span><xsl:text>] </xsl:text>
        <xsl:for-each select="* except $shown">
          <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
          <span class="reading"><xsl:value-of select="normalize-space(.)"/></span>
          <span class="apparatus-label">
            <xsl:text> </xsl:text>
            <xsl:value-of select="if (self::tei:reg) then 'regular form' else if (self::tei:corr) then 'corrected'
                                  else if (self::tei:expan) then 'expanded' else if (self::tei:orig) then 'as written'
                                  else if (self::tei:sic) then 'sic' else if (self::tei:abbr) then 'abbreviated' else 'alternative'"/>
          </span>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ text -->

  <!-- Names: anchors the printed indexes count pages to; no link on paper. -->
  <xsl:template match="tei:text//tei:placeName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:persName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:orgName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:rs[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:name[v:is-occurrence(.)][v:indexed(.)]" priority="1">
    <span class="name {local-name()}" id="{v:name-id(.)}"><xsl:apply-templates/></span>
    <xsl:if test="v:name-note(.)"><xsl:call-template name="note-mark"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:text//tei:*[v:name-note(.)][not(v:is-occurrence(.))]">
    <span class="name {local-name()}"><xsl:apply-templates/></span>
    <xsl:call-template name="note-mark"/>
  </xsl:template>
  <!-- A regularised name's note, as the web's (in the form written): `Nanking] Nanjing regular form`. -->
  <xsl:template match="tei:*[v:regularised-name(.)]" mode="apparatus">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="map{'placeName': 'place-name', 'persName': 'person-name', 'orgName': 'org-name'}(local-name())"/>
      <xsl:with-param name="content">
        <span class="lemma"><xsl:apply-templates select="tei:choice/tei:orig/node()"/></span><xsl:text>] </xsl:text>
        <span class="reading"><xsl:apply-templates select="tei:choice/tei:reg/node()"/></span>
        <span class="apparatus-label"> regular form</span>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A choice: the witness's form in the text, the other in a note. -->
  <xsl:template match="tei:choice">
    <span class="choice"><xsl:apply-templates select="v:choice-shown(.)/node()"/></span>
    <xsl:if test="v:choice-note(.)"><xsl:call-template name="note-mark"/></xsl:if>
  </xsl:template>

  <!-- An apparatus listed by line number (no place in the text to point from) is printed where the edition lists it. -->
  <xsl:template match="tei:app[v:in-place-app(.)]" priority="1"><xsl:apply-imports/></xsl:template>
  <!-- Critical apparatus: the lemma stands, the readings are in the note. -->
  <xsl:template match="tei:app">
    <span class="app"><xsl:apply-templates select="v:base-reading(.)/node()"/></span>
    <xsl:call-template name="note-mark"/>
  </xsl:template>

  <!-- Page of the printed source: a bar where it begins inside a line of text, its number in the margin. -->
  <xsl:template match="tei:pb[v:break-sigla(.) != '']"><xsl:apply-imports/></xsl:template>
  <xsl:template match="tei:pb">
    <xsl:if test="@n">
      <xsl:if test="../text()[normalize-space()] and normalize-space(string-join(preceding-sibling::node() ! string(), '')) != ''"><span class="pb-bar">|</span></xsl:if>
      <span class="pb">[p. <xsl:value-of select="@n"/>]</span>
    </xsl:if>
  </xsl:template>

  <!-- Links: a web address stays a link of the PDF; a reference inside the TEI file is plain text. -->
  <xsl:template match="tei:ref[not(exists(v:safe-url(tokenize(normalize-space(@target))[1])))
                               or starts-with(normalize-space(@target), '#')]">
    <span class="ref"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:ptr[starts-with(normalize-space(@target), '#')]">
    <span class="ref"><xsl:value-of select="normalize-space(@target)"/></span>
  </xsl:template>
  <!-- The TEI's newlines and tabs are spaces on paper. WeasyPrint 70 does not collapse the whitespace of an
       element floated to the footnote area: a footnote whose text has a space and a newline before an inline
       element ("Depuis &#10;<label>…") stops its layout (AssertionError "Got ' \n' between two lines"), and with it
       the document's PDF. Collapsed here, the text is what the layout of white-space: normal would show. -->
  <xsl:template match="text()[matches(., '[&#9;&#10;&#13;]')]">
    <xsl:variable name="text"><xsl:apply-imports/></xsl:variable>
    <xsl:value-of select="replace($text, '[&#9;&#10;&#13;]', ' ')"/>
  </xsl:template>
  <!-- A picture of the text given by a relative path is printed as the web shows it (render/pdf prints the file, if
       render/facsimile publishes it); one on another host is not fetched. Either way its caption stays. -->
  <xsl:template match="tei:graphic[empty(v:local-url(v:safe-url(@url)))]"/>
</xsl:stylesheet>
