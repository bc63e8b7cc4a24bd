<?xml version="1.0" encoding="UTF-8"?>
<!--
  The root template of html.xsl and print.xsl (each includes this file): the parts
  of a page that Python reads (variorum.render.page is the other side of this
  contract). Output in no namespace:

  <page>
    <text>       the reading text (HTML)
    <apparatus>  what template v:apparatus gives: the web's numbered entries, nothing on paper
    <sources>    every cited source, formatted (HTML), with a key to merge duplicates
    <witnesses>  sigla and descriptions of a collated document's witnesses
    <names>      every name occurrence that is printed: anchor id, entity key, kind, form as written
    <facsimile>  the page images: surface (id, n, url, width, height) with its zones (id, x, y, w, h), in the
                 surface's coordinates; the text's page breaks name their surface (data-facs), its lines and words their zone (data-zone)
  </page>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:v="urn:variorum"
    exclude-result-prefixes="#all">

  <!-- The document (or a corpus's first header) whose sources and witnesses the page shows. -->
  <xsl:variable name="v:collated" select="/*"/>

  <!-- A collated document: its witnesses have sigla that readings cite. -->
  <xsl:function name="v:has-readings" as="xs:boolean">
    <xsl:param name="root" as="element()"/>
    <xsl:sequence select="exists($root//tei:text//tei:rdg)"/>
  </xsl:function>

  <!-- The sources the page cites: the header's bibl, biblStruct and msDesc (of a letter's witnesses too, when no
       reading cites them by siglum), and the bibliographies a text carries outside its back; none that is empty. -->
  <xsl:variable name="v:sources" as="element()*" select="(
      (//tei:teiHeader)[1]/tei:fileDesc/tei:sourceDesc//(tei:bibl[not(ancestor::tei:bibl or ancestor::tei:biblStruct or ancestor::tei:msDesc)] | tei:biblStruct[not(ancestor::tei:biblStruct or ancestor::tei:msDesc)] | tei:msDesc[not(ancestor::tei:msDesc)])
        [not(ancestor::tei:listWit) or not(v:has-readings(/*))],
      //tei:text//tei:listBibl[v:set-aside(.)][not(ancestor::tei:back)][not(ancestor::tei:listBibl)]//(tei:bibl | tei:biblStruct | tei:msDesc)[not(ancestor::tei:bibl or ancestor::tei:biblStruct or ancestor::tei:msDesc)]
    )[normalize-space(string(.)) != '']"/>

  <!-- A contents list when the text has several named or numbered divisions. -->
  <xsl:template name="v:contents">
    <!-- (An original and its translation side by side are columns, not divisions of the contents.) -->
    <xsl:variable name="divisions" select="//tei:text//tei:*[v:is-div(.)][v:toc-entry(.)]
        [not(self::tei:div[@type = ('edition', 'translation')][../tei:div[@type = 'edition'] and ../tei:div[@type = 'translation']]
              [not(for $d in . return $d/preceding-sibling::tei:div[@type = $d/@type])])]"/>
    <xsl:if test="count($divisions) ge 2">
      <nav class="div-contents" aria-label="Contents">
        <ol>
          <xsl:for-each select="$divisions">
            <li class="contents-{count(ancestor::*[v:is-div(.)]) + 1}">
              <a href="#{v:div-id(.)}"><xsl:value-of select="normalize-space(string-join((@n, (tei:head[1] ! string-join(.//text()[not(ancestor::tei:note)], ''))[not(current()/@n) or not(starts-with(normalize-space(.), normalize-space(current()/@n)))]), ' '))"/></a>
            </li>
          </xsl:for-each>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template match="/">
    <page>
      <text>
        <xsl:choose>
          <xsl:when test="//tei:text">
            <xsl:call-template name="v:contents"/>
            <xsl:apply-templates select="//tei:text[not(ancestor::tei:text)]"/>
            <!-- The object or manuscript the text is read from, described (EpiDoc support, a catalogue's msDesc). -->
            <xsl:apply-templates select="$v:sources[self::tei:msDesc]" mode="description"/>
            <!-- What the correspondence's description notes (forwarded, enclosures, a reply ...). -->
            <xsl:apply-templates select="(//tei:teiHeader)[1]/tei:profileDesc/tei:correspDesc[tei:note[normalize-space()]]" mode="description"/>
          </xsl:when>
          <!-- A TEI file without a text (a register, a bibliography): what it lists. -->
          <xsl:when test="/tei:*"><div class="tei-lists"><xsl:apply-templates select="/*/*[not(self::tei:teiHeader)]/node()"/></div></xsl:when>
          <!-- Not TEI at all (another vocabulary): its words, never its markup. -->
          <xsl:otherwise><div class="not-tei"><xsl:apply-templates select="/*"/></div></xsl:otherwise>
        </xsl:choose>
      </text>
      <xsl:call-template name="v:apparatus"/>
      <sources>
        <xsl:for-each select="$v:sources">
          <source key="{lower-case(normalize-space(string(.)))}">
            <xsl:apply-templates select="." mode="citation"/>
          </source>
        </xsl:for-each>
      </sources>
      <witnesses>
        <xsl:for-each select="$v:collated[v:has-readings(.)]//tei:listWit//tei:witness[@xml:id or @n]">
          <witness siglum="{(@xml:id, normalize-space(@n))[1]}"><xsl:apply-templates select="." mode="witness"/></witness>
        </xsl:for-each>
      </witnesses>
      <names>
        <xsl:for-each select="//tei:text//(tei:placeName | tei:persName | tei:orgName | tei:rs | tei:name)[v:is-occurrence(.)][not(v:hidden(.))][not(ancestor::*[v:set-aside(.)])]">
          <xsl:variable name="name" select="."/>
          <!-- The form as written: without the regular form, a correction or a note inside the name
               (a name inside a note keeps its words). -->
          <name id="{v:name-id(.)}" key="{v:entity-key(.)}" kind="{v:entity-kind(.)}"
                form="{normalize-space(string-join(.//text()[not((ancestor::tei:reg | ancestor::tei:corr | ancestor::tei:expan | ancestor::tei:note) intersect $name/descendant::*)], ''))}"/>
        </xsl:for-each>
      </names>
      <xsl:variable name="facsimile" as="element()*">
        <xsl:for-each select="v:surfaces(/)">
          <xsl:variable name="graphic" select="tei:graphic[normalize-space(@url)][1]"/>
          <xsl:variable name="x0" select="(v:coordinate(@ulx), 0)[1]"/>
          <xsl:variable name="y0" select="(v:coordinate(@uly), 0)[1]"/>
          <xsl:variable name="pb" select="(//tei:text//tei:pb[v:facs-surface(.) = current()/@xml:id])[1]"/>
          <surface id="{@xml:id}" n="{($pb/@n, @n, position())[1]}" url="{normalize-space($graphic/@url)}"
                   width="{(v:coordinate(@lrx) ! (. - $x0), v:coordinate($graphic/@width))[1]}"
                   height="{(v:coordinate(@lry) ! (. - $y0), v:coordinate($graphic/@height))[1]}">
            <xsl:for-each select=".//tei:zone[@xml:id]">
              <!-- A zone by its corners, else the box around its points. -->
              <xsl:variable name="points" select="for $p in tokenize(normalize-space(@points)) return tokenize($p, ',')[. castable as xs:double] ! xs:double(.)"/>
              <xsl:variable name="xs" select="if (exists(@ulx)) then (v:coordinate(@ulx), v:coordinate(@lrx)) else $points[position() mod 2 = 1]"/>
              <xsl:variable name="ys" select="if (exists(@uly)) then (v:coordinate(@uly), v:coordinate(@lry)) else $points[position() mod 2 = 0]"/>
              <xsl:if test="count($xs) ge 2 and count($ys) ge 2">
                <zone id="{@xml:id}" x="{min($xs) - $x0}" y="{min($ys) - $y0}" w="{max($xs) - min($xs)}" h="{max($ys) - min($ys)}"/>
              </xsl:if>
            </xsl:for-each>
          </surface>
        </xsl:for-each>
        <xsl:for-each select="//tei:text//tei:pb[starts-with(v:facs-surface(.), 'pb-')]">
          <surface id="{v:facs-surface(.)}" n="{(@n, position())[1]}" url="{tokenize(normalize-space(@facs))[1]}" width="" height=""/>
        </xsl:for-each>
      </xsl:variable>
      <!-- Only a document with page images has the part (the page of any other is as it was). -->
      <xsl:if test="exists($facsimile)"><facsimile><xsl:sequence select="$facsimile"/></facsimile></xsl:if>
    </page>
  </xsl:template>
</xsl:stylesheet>
