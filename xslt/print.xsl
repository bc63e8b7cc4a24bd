<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI -> the parts of a printed document (read by variorum.render.pdf, laid out
  by WeasyPrint with CSS Paged Media). The rules are in tei-rules.xsl; this
  stylesheet overrides them only where paper differs from the screen:

    notes   every apparatus entry is a footnote at the word (CSS float: footnote),
            numbered in the order the reader meets the calls; a note inside a
            note runs on inside it, in parentheses
    choice  the witness's form stands in the text, the other form goes to a note
            (on paper there is no orig/reg switch, so nothing may hide); a person's
            or organisation's name of the registers has none: its index entry
            gives the regular form beside the forms as written
    app     the lemma (or the first reading) stands; the readings go to the note
    links   names are anchors for the printed indexes, not links; internal
            references are plain text
    breaks  a page of the printed source: a bar in the text, [p. N] in the margin

  Output: the page of page.xsl (the root template shared with html.xsl, read by
  variorum.render.page), with the footnotes in place in its text and no apparatus part.

  Parameter id-prefix: put before every id, so that the documents of a whole
  edition can share one HTML file.
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

  <!-- A choice with a note of its own. Not the spelling of a place name, which has the place's
       note; not the spelling of a person or organisation of the registers, whose index entry
       gives the regular form with the form as written. -->
  <xsl:function name="v:choice-note" as="xs:boolean">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="count($choice/*) gt 1 and not($choice/parent::tei:placeName[tei:choice/tei:reg])
                          and not($choice/parent::*[self::tei:persName or self::tei:orgName][@ref])"/>
  </xsl:function>

  <!-- An element whose note follows it in the text. -->
  <xsl:function name="v:noted" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node[self::tei:placeName[tei:choice/tei:reg] or self::tei:supplied or self::tei:app
                                       or self::tei:note or self::tei:choice[v:choice-note(.)]])
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

  <!-- Footnotes, numbered where they end, so that a note inside a lemma comes before the lemma's own. -->
  <xsl:accumulator name="note-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule phase="end" select="$value + 1" match="
        tei:text//tei:placeName[tei:choice/tei:reg][v:in-text(.)]
      | tei:text//tei:supplied[v:in-text(.)]
      | tei:text//tei:app[v:in-text(.)]
      | tei:text//tei:note[not(v:entry-note(.))][v:in-text(.)]
      | tei:text//tei:choice[v:choice-note(.)][v:in-text(.)]"/>
  </xsl:accumulator>

  <xsl:function name="v:name-id" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:sequence select="$id-prefix || 'name-' || $node/accumulator-before('name-number')"/>
  </xsl:function>

  <!-- ============================================================ the page parts -->

  <xsl:include href="page.xsl"/>

  <!-- On paper the apparatus is in the footnotes: the page has no apparatus part. -->
  <xsl:template name="v:apparatus"/>

  <!-- ============================================================ notes -->

  <!-- The note at the word: on paper the entry itself, floated to the foot of the page;
       inside a note, the entry runs on in parentheses. -->
  <xsl:template name="note-mark">
    <xsl:choose>
      <xsl:when test="v:in-text(.)">
        <xsl:variable name="n" select="accumulator-after('note-number')"/>
        <xsl:variable name="printed" select="v:printed-children(.)"/>
        <!-- What stands just before the number: the end of the element's text (a supplied passage ends with its bracket). -->
        <xsl:variable name="before" select="if (self::tei:supplied) then () else if (exists($printed)) then $printed[last()] else preceding-sibling::node()[1]"/>
        <span class="footnote{if (v:ends-with-note($before)) then ' after-note' else ''}" data-n="{$n}">
          <xsl:apply-templates select="." mode="apparatus"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <span class="subnote"> (<xsl:apply-templates select="." mode="apparatus"/>)</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An entry is the content of its footnote; entries inside it have footnotes of their own. -->
  <xsl:template name="entry">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="content"/>
    <span class="entry {$kind}"><xsl:copy-of select="$content"/></span>
  </xsl:template>

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
  <xsl:template match="tei:text//tei:placeName[v:is-occurrence(.)] | tei:text//tei:persName[v:is-occurrence(.)] | tei:text//tei:orgName[v:is-occurrence(.)] | tei:text//tei:rs[v:is-occurrence(.)] | tei:text//tei:name[v:is-occurrence(.)]" priority="1">
    <span class="name {local-name()}" id="{v:name-id(.)}"><xsl:apply-templates/></span>
    <xsl:if test="self::tei:placeName and tei:choice/tei:reg"><xsl:call-template name="note-mark"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:text//tei:placeName[tei:choice/tei:reg][not(v:is-occurrence(.))]">
    <span class="name placeName"><xsl:apply-templates/></span>
    <xsl:call-template name="note-mark"/>
  </xsl:template>

  <!-- A choice: the witness's form in the text, the other in a note. -->
  <xsl:template match="tei:choice">
    <span class="choice"><xsl:apply-templates select="v:choice-shown(.)/node()"/></span>
    <xsl:if test="v:choice-note(.)"><xsl:call-template name="note-mark"/></xsl:if>
  </xsl:template>

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
  <!-- Pictures are not fetched for the print edition: their caption stays. -->
  <xsl:template match="tei:graphic"/>
</xsl:stylesheet>
