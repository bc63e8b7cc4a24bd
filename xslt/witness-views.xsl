<?xml version="1.0" encoding="UTF-8"?>
<!--
  Views of a collated document and of a translation in another document, made at build time (included by
  html.xsl; print.xsl does not know them). Each view is the page of page.xsl made from another tree or with
  another root, chosen by a parameter that variorum.render.page passes:

  base-witness  the reading text as one witness reads it: the document rebased (mode v:rebase: at every app that
                witness's reading is the lemma, the edition's lemma a reading with its sigla, else "ed."), then
                rendered as any document, so that its apparatus is recomputed against that witness
  columns       the witnesses side by side: a table with a column per witness and a row per stretch of a block
                that begins at an app, so that the readings of one app stand at the same height
  partner-document  a translation (or an original) in another document of the edition: the two side by side as
                html.xsl shows an edition and a translation in one, each column with its apparatus
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:v="urn:variorum"
    exclude-result-prefixes="#all">

  <xsl:param name="base-witness" as="xs:string" select="''"/>
  <xsl:param name="columns" as="xs:string" select="''"/>
  <xsl:param name="partner-document" as="document-node()?" select="()"/>
  <!-- What the partner is to this document: 'translation' (this one the original) or 'original'. -->
  <xsl:param name="partner-role" as="xs:string" select="'translation'"/>

  <!-- The sigla of the document's witnesses, as the page's witness list names them (xml:id, else n). -->
  <xsl:function name="v:witness-sigla" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="distinct-values(root($root)//tei:listWit//tei:witness[@xml:id or @n] ! string((@xml:id, normalize-space(@n))[1]))"/>
  </xsl:function>

  <!-- A witness's reading at an app: the reading whose @wit names it, else one that names a group it belongs to
       (a witness, or a listWit, that holds it: a family's siglum); none where it has no reading of its own. -->
  <xsl:key name="v:witness" match="tei:listWit//tei:witness" use="(@xml:id, normalize-space(@n))[1]"/>
  <xsl:function name="v:witness-reading" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:variable name="groups" select="key('v:witness', $siglum, root($app))[1]/ancestor::*[self::tei:witness or self::tei:listWit]
                                        ! string((@xml:id, normalize-space(@n))[1])"/>
    <xsl:sequence select="(v:readings($app)[tokenize(v:sigla(@wit)) = $siglum], v:readings($app)[tokenize(v:sigla(@wit)) = $groups])[1]"/>
  </xsl:function>

  <!-- ============================================================ the text re-based on a witness -->

  <!-- The document as the witness reads it, rendered by page.xsl's root template (its guard: the rebased tree
       carries v:rebased on its root). -->
  <xsl:template match="document-node()[$base-witness != ''][empty(*/@v:rebased)]" priority="10">
    <xsl:variable name="rebased" as="document-node()">
      <xsl:document><xsl:apply-templates mode="v:rebase"/></xsl:document>
    </xsl:variable>
    <xsl:apply-templates select="$rebased"/>
  </xsl:template>

  <xsl:mode name="v:rebase" on-no-match="shallow-copy"/>
  <xsl:template match="/*" mode="v:rebase">
    <xsl:copy><xsl:attribute name="v:rebased" select="$base-witness"/><xsl:apply-templates select="@* | node()" mode="v:rebase"/></xsl:copy>
  </xsl:template>
  <!-- Where the witness has a reading of its own, it is the lemma and stands first; where it has none (a negative
       apparatus names only those who differ) it reads the edition's lemma, and the app is as it was. -->
  <xsl:template match="tei:app[exists(v:witness-reading(., $base-witness))]" mode="v:rebase">
    <xsl:variable name="chosen" select="v:witness-reading(., $base-witness)"/>
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="v:rebase"/>
      <lem xmlns="http://www.tei-c.org/ns/1.0"><xsl:apply-templates select="$chosen/(@* | node())" mode="v:rebase"/></lem>
      <xsl:apply-templates select="node()" mode="v:rebase"><xsl:with-param name="chosen" select="$chosen" tunnel="yes"/></xsl:apply-templates>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="tei:lem | tei:rdg" mode="v:rebase">
    <xsl:param name="chosen" as="element()?" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test=". is $chosen"/>
      <!-- The edition's lemma, now a reading: with its witnesses, or as the edition's ("ed."). -->
      <xsl:when test="self::tei:lem and exists($chosen) and ancestor::tei:app[1] is $chosen/ancestor::tei:app[1]">
        <rdg xmlns="http://www.tei-c.org/ns/1.0">
          <xsl:apply-templates select="@*" mode="v:rebase"/>
          <xsl:if test="normalize-space(@wit) = ''"><xsl:attribute name="wit" select="'#ed.'"/></xsl:if>
          <xsl:apply-templates mode="v:rebase"><xsl:with-param name="chosen" select="()" tunnel="yes"/></xsl:apply-templates>
        </rdg>
      </xsl:when>
      <xsl:otherwise><xsl:next-match><xsl:with-param name="chosen" select="()" tunnel="yes"/></xsl:next-match></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ witnesses in columns -->

  <!-- The rows of the columns: the text walked down to its blocks (paragraphs, lines, headings ...); the words of
       a block, and those that stand between blocks (an ab of lines with apps between them, a body of words and
       apps), are cut into stretches, each beginning at an app, a row each. An app or a note is words, whatever it
       holds; a register set aside from the text is left out. -->
  <xsl:function name="v:is-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::tei:p or self::tei:ab or self::tei:l or self::tei:head or self::tei:salute or self::tei:signed
        or self::tei:dateline or self::tei:byline or self::tei:trailer or self::tei:item or self::tei:speaker or self::tei:stage
        or self::tei:opener or self::tei:closer or self::tei:postscript or self::tei:docAuthor or self::tei:docDate])"/>
  </xsl:function>
  <xsl:function name="v:holds-blocks" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node[self::*][not(self::tei:app or self::tei:note)]
        [v:is-block(.) or v:is-div(.) or self::tei:text or self::tei:front or self::tei:body or self::tei:back or self::tei:group
         or self::tei:lg or self::tei:sp or exists(descendant::*[v:is-block(.)][not(ancestor::tei:app or ancestor::tei:note)])])"/>
  </xsl:function>

  <xsl:template match="*" mode="v:rows">
    <xsl:variable name="element" select="."/>
    <xsl:for-each-group select="node()[not(self::*[v:set-aside(.)])]" group-adjacent="v:holds-blocks(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()"><xsl:apply-templates select="current-group()" mode="v:rows"/></xsl:when>
        <xsl:when test="exists(current-group()[self::* or normalize-space()])">
          <xsl:variable name="first" select="."/>
          <xsl:for-each-group select="current-group()" group-starting-with="*[v:starts-with-app(.)]">
            <xsl:call-template name="v:row">
              <xsl:with-param name="stretch" select="current-group()"/>
              <xsl:with-param name="class" select="('stretch', local-name($element), if (. is $first) then 'block-start' else ())"/>
            </xsl:call-template>
          </xsl:for-each-group>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <!-- An app, or words that begin with one (a quotation whose first words vary). -->
  <xsl:function name="v:starts-with-app" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/self::tei:app) or exists($e[not(self::tei:note)]/node()[self::* or normalize-space()][1][self::*][v:starts-with-app(.)])"/>
  </xsl:function>

  <!-- Before the rows are cut: words around an app (a quotation, a segment, a highlight) are cut at it into parts,
       each a copy of them, so that the app can begin a row; the first part keeps the anchor (xml:id). A name with
       its regular form, an app or a note is never cut. -->
  <xsl:mode name="v:split" on-no-match="shallow-copy"/>
  <xsl:template match="tei:app | tei:note | tei:choice | *[v:regularised-name(.)]" mode="v:split"><xsl:copy-of select="."/></xsl:template>
  <xsl:template match="tei:*[not(v:holds-blocks(.))][.//tei:app[not(ancestor::tei:app or ancestor::tei:note or ancestor::tei:choice)]]"
                mode="v:split" priority="1">
    <xsl:variable name="wrapper" select="."/>
    <xsl:variable name="parts" as="node()*"><xsl:apply-templates mode="v:split"/></xsl:variable>
    <xsl:for-each-group select="$parts" group-starting-with="*[v:starts-with-app(.)]">
      <xsl:variable name="first" select="current-group()[1] is $parts[1]"/>
      <xsl:element name="{name($wrapper)}" namespace="{namespace-uri($wrapper)}">
        <xsl:copy-of select="$wrapper/@*[$first or name() != 'xml:id']"/>
        <xsl:copy-of select="current-group()"/>
      </xsl:element>
    </xsl:for-each-group>
  </xsl:template>

  <!-- One row: the stretch as each witness reads it, a cell each. -->
  <xsl:template name="v:row">
    <xsl:param name="stretch" as="node()*"/>
    <xsl:param name="class" as="xs:string*"/>
    <xsl:param name="sigla" as="xs:string*" tunnel="yes"/>
    <xsl:variable name="cells" as="element()*">
      <xsl:for-each select="$sigla">
        <xsl:variable name="cell"><xsl:apply-templates select="$stretch"><xsl:with-param name="v:witness" select="." tunnel="yes"/></xsl:apply-templates></xsl:variable>
        <td data-wit="{.}"><xsl:apply-templates select="$cell" mode="v:anonymous"/></td>
      </xsl:for-each>
    </xsl:variable>
    <!-- (A stretch of nothing a reader sees, a row of none.) -->
    <xsl:if test="exists($stretch/self::tei:app) or exists($cells[normalize-space() or .//*[self::img or self::span[@data-app]]])">
      <tr class="{string-join($class, ' ')}"><xsl:sequence select="$cells"/></tr>
    </xsl:if>
  </xsl:template>

  <xsl:template match="document-node()[$columns != '']" priority="10">
    <xsl:variable name="sigla" select="v:witness-sigla(.)"/>
    <page>
      <text>
        <div class="witness-columns-scroll" role="region" aria-label="The witnesses in columns" tabindex="0">
          <table class="witness-columns" data-columns="{count($sigla)}">
            <caption>The text of each witness, one column each; the readings of one place of variation stand on one line
              (marked where a witness differs from the edition's text).</caption>
            <thead><tr><xsl:for-each select="$sigla"><th scope="col" data-wit="{.}"><xsl:value-of select="."/></th></xsl:for-each></tr></thead>
            <tbody>
              <xsl:variable name="split"><xsl:apply-templates select="node()" mode="v:split"/></xsl:variable>
              <xsl:apply-templates select="$split//tei:text[not(ancestor::tei:text)]" mode="v:rows">
                <xsl:with-param name="sigla" select="$sigla" tunnel="yes"/>
              </xsl:apply-templates>
            </tbody>
          </table>
        </div>
      </text>
      <apparatus/><sources/><witnesses/><names/>
    </page>
  </xsl:template>

  <!-- In a witness's column an app is that witness's reading only (the edition's where it has none of its own),
       marked where it is not the edition's; an omission says so. -->
  <xsl:template match="tei:app" priority="4">
    <xsl:param name="v:witness" as="xs:string?" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="exists($v:witness)">
        <xsl:variable name="base" select="v:base-reading(.)"/>
        <xsl:variable name="reading" select="(v:witness-reading(., $v:witness), $base)[1]"/>
        <xsl:variable name="words"><xsl:apply-templates select="$reading/node()"/></xsl:variable>
        <span class="app witness-reading{if ($reading is $base) then '' else ' differs'}" data-app="{v:note-id(.)}">
          <xsl:if test="not($reading is $base)"><xsl:attribute name="title" select="'not the edition''s text'"/></xsl:if>
          <xsl:choose>
            <xsl:when test="normalize-space(string($words)) = '' and empty($words/*)"><em class="om">om.</em></xsl:when>
            <xsl:otherwise><xsl:sequence select="$words"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A column's words without the page's anchors and note marks (the same text stands in every column; the notes
       are the document page's). -->
  <xsl:mode name="v:anonymous" on-no-match="shallow-copy"/>
  <xsl:template match="@id | @aria-describedby | a[tokenize(@class) = 'note-mark']" mode="v:anonymous"/>

  <!-- ============================================================ a translation in another document -->

  <!-- The segments a document aligns: the block children of its body (of the one division that holds it all). -->
  <xsl:function name="v:document-segments" as="element()*">
    <xsl:param name="root" as="document-node()"/>
    <xsl:variable name="body" select="($root//tei:text[not(ancestor::tei:text)]/tei:body)[1]"/>
    <xsl:sequence select="v:segments(v:sole-division($body))"/>
  </xsl:function>
  <xsl:function name="v:sole-division" as="element()">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="divisions" select="$e/*[v:is-div(.)]"/>
    <xsl:sequence select="if (count($divisions) = 1 and count(v:segments($e)) = 1) then v:sole-division($divisions) else $e"/>
  </xsl:function>

  <!-- The two documents side by side: this one and its partner, the original on the left; each column's
       apparatus below it (the partner's anchors prefixed, so that both keep theirs). -->
  <xsl:template match="document-node()[exists($partner-document)]" priority="10">
    <xsl:variable name="other" select="$partner-document"/>
    <xsl:variable name="this" select="."/>
    <xsl:variable name="original" select="if ($partner-role = 'translation') then $this else $other"/>
    <xsl:variable name="translation" select="if ($partner-role = 'translation') then $other else $this"/>
    <page>
      <text>
        <xsl:call-template name="v:parallel">
          <xsl:with-param name="ed" select="v:document-segments($original)"/>
          <xsl:with-param name="tr" select="v:document-segments($translation)"/>
        </xsl:call-template>
      </text>
      <apparatus><xsl:apply-templates select="$original//tei:text[not(ancestor::tei:text)]" mode="apparatus"/></apparatus>
      <partner-apparatus>
        <xsl:variable name="entries"><xsl:apply-templates select="$translation//tei:text[not(ancestor::tei:text)]" mode="apparatus"/></xsl:variable>
        <xsl:apply-templates select="$entries" mode="v:prefixed"/>
      </partner-apparatus>
      <sources/><witnesses/><names/>
    </page>
  </xsl:template>

  <!-- What the translation's column shows, its anchors and the links to them prefixed with "tr-". -->
  <xsl:mode name="v:prefixed" on-no-match="shallow-copy"/>
  <xsl:template match="@id | @aria-describedby" mode="v:prefixed"><xsl:attribute name="{name()}" select="'tr-' || ."/></xsl:template>
  <xsl:template match="@href[starts-with(., '#')]" mode="v:prefixed"><xsl:attribute name="href" select="'#tr-' || substring(., 2)"/></xsl:template>
</xsl:stylesheet>
