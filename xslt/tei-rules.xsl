<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI behaviours shared by the web and the print edition: one template per TEI
  element (and predicate), each saying what the element means to a reader.
  First match wins by priority; the last rules are the defaults: an unknown TEI
  element keeps its text (and is marked with its name), a foreign-namespace
  element keeps only its text, never its markup or attributes.

  Output: HTML elements in no namespace. The importing stylesheet decides
  about notes (web: pop-ups; print: footnotes) and links.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:v="urn:variorum"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- ============================================================ helpers -->

  <!-- Only these URL forms reach a page: http(s), mailto, and relative references. -->
  <xsl:function name="v:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:sequence select="
      if (matches($u, '^(https?|mailto):', 'i')) then $u
      else if ($u != '' and not(matches($u, '^[^/?#]*:'))) then $u
      else ()"/>
  </xsl:function>

  <!-- A safe URL that stays on the edition's own host: relative, no scheme, not "//host" (nor its backslash forms). -->
  <xsl:function name="v:local-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="$url[. != '' and not(matches(., '^[^/?#]*:')) and not(matches(., '^[/\\][/\\]')) and not(contains(., '\'))]"/>
  </xsl:function>

  <!-- Apparatus notes: variant place names, supplied passages, readings, notes; one series. -->
  <xsl:accumulator name="note-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:placeName[tei:choice/tei:reg] | tei:text//tei:supplied | tei:text//tei:app | tei:text//tei:note" select="$value + 1"/>
  </xsl:accumulator>

  <!-- Name occurrences, numbered so that index entries can point at each. -->
  <xsl:accumulator name="name-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:placeName[v:is-occurrence(.)] | tei:text//tei:persName[v:is-occurrence(.)] | tei:text//tei:orgName[v:is-occurrence(.)] | tei:text//tei:rs[v:is-occurrence(.)] | tei:text//tei:name[v:is-occurrence(.)]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:mode use-accumulators="#all" on-no-match="text-only-copy"/>
  <xsl:mode name="apparatus" use-accumulators="#all" on-no-match="shallow-skip"/>

  <xsl:function name="v:note-id" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:sequence select="'note-' || $node/accumulator-before('note-number')"/>
  </xsl:function>

  <xsl:function name="v:name-id" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:sequence select="'name-' || $node/accumulator-before('name-number')"/>
  </xsl:function>

  <!-- Witness sigla of @wit: '#A #B' -> 'A B'. -->
  <xsl:function name="v:sigla" as="xs:string">
    <xsl:param name="wit" as="attribute()?"/>
    <xsl:sequence select="string-join(for $w in tokenize(normalize-space($wit)) return replace($w, '^#', ''), ' ')"/>
  </xsl:function>

  <!-- The index pages by kind of entity, "place=places.html person=... org=...": named by the
       page contract (variorum.render.page.INDEXES), which passes them. -->
  <xsl:param name="index-pages" as="xs:string" required="yes"/>
  <xsl:variable name="v:index-pages" as="map(xs:string, xs:string)" select="map:merge(
      for $pair in tokenize(normalize-space($index-pages)) return map{substring-before($pair, '='): substring-after($pair, '=')})"/>

  <!-- The kind of entity a name stands for: by its element, or by the @type of a generic rs or name. -->
  <xsl:function name="v:entity-kind" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="type" select="lower-case(normalize-space($name/@type))"/>
    <xsl:sequence select="
      if ($name/self::tei:placeName) then 'place'
      else if ($name/self::tei:persName) then 'person'
      else if ($name/self::tei:orgName) then 'org'
      else if ($name[self::tei:rs or self::tei:name]) then
        (if ($type = ('person', 'persname', 'pers')) then 'person'
         else if ($type = ('place', 'placename', 'settlement', 'country')) then 'place'
         else if ($type = ('org', 'orgname', 'organisation', 'organization', 'institution')) then 'org' else '')
      else ''"/>
  </xsl:function>

  <!-- The entity a name points at: the first token of @ref without '#', else the whole @key (one
       value, not a list), its spaces made '_' so that it can be an anchor (variorum.document.occurrence_key). -->
  <xsl:function name="v:entity-key" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="(replace(tokenize(normalize-space($name/@ref))[1], '^#', '')[. != ''],
                           translate(normalize-space($name/@key), ' ', '_')[. != ''], '')[1]"/>
  </xsl:function>

  <!-- A name of the text that the indexes list: a kind of entity and a pointer to it. -->
  <xsl:function name="v:is-occurrence" as="xs:boolean">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="v:entity-kind($name) != '' and v:entity-key($name) != ''"/>
  </xsl:function>

  <!-- Whether a node is left out of the printed text (print.xsl says; on the web nothing is). -->
  <xsl:function name="v:hidden" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="false()"/>
  </xsl:function>

  <!-- Index page of a name element. -->
  <xsl:function name="v:index-page" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="$v:index-pages(v:entity-kind($name))"/>
  </xsl:function>

  <!-- ============================================================ text structure -->

  <!-- Divisions and blocks: the structure of the text. -->
  <xsl:template match="tei:text | tei:front | tei:back | tei:body | tei:group">
    <div class="tei-{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <section class="div" data-type="{@type}"><xsl:apply-templates/></section>
  </xsl:template>
  <xsl:template match="tei:head">
    <xsl:variable name="depth" select="min((count(ancestor::tei:div | ancestor::tei:div1 | ancestor::tei:div2 | ancestor::tei:div3 | ancestor::tei:lg | ancestor::tei:list) + 2, 6))"/>
    <xsl:element name="h{$depth}"><xsl:apply-templates/></xsl:element>
  </xsl:template>
  <!-- A numbered paragraph shows its number, as the witness did. -->
  <xsl:template match="tei:p">
    <p>
      <xsl:if test="@n"><span class="p-number">(<xsl:value-of select="@n"/>) </span></xsl:if>
      <xsl:apply-templates/>
    </p>
  </xsl:template>
  <xsl:template match="tei:ab"><p class="ab"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:opener | tei:closer | tei:postscript | tei:dateline | tei:byline | tei:docAuthor | tei:docDate | tei:epigraph | tei:argument | tei:trailer">
    <div class="{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:salute | tei:signed"><p class="{local-name()}"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:titlePage | tei:docTitle | tei:titlePart | tei:docImprint">
    <div class="{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>

  <!-- Verse and drama. -->
  <xsl:template match="tei:lg"><div class="lg"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:l">
    <div class="l"><xsl:if test="@n"><span class="line-number"><xsl:value-of select="@n"/></span></xsl:if><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:sp"><div class="sp"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:speaker"><p class="speaker"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:stage"><p class="stage"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:castList"><ul class="castList"><xsl:apply-templates/></ul></xsl:template>
  <xsl:template match="tei:castItem"><li><xsl:apply-templates/></li></xsl:template>

  <!-- Lists and tables. -->
  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <ul class="list"><xsl:apply-templates select="node() except tei:head"/></ul>
  </xsl:template>
  <xsl:template match="tei:item"><li><xsl:apply-templates/></li></xsl:template>
  <xsl:template match="tei:label"><span class="label"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:table"><table><xsl:apply-templates/></table></xsl:template>
  <xsl:template match="tei:row"><tr><xsl:apply-templates/></tr></xsl:template>
  <xsl:template match="tei:cell"><td><xsl:apply-templates/></td></xsl:template>

  <!-- Quotation. -->
  <xsl:template match="tei:quote[ancestor::tei:p or ancestor::tei:l] | tei:q | tei:said">
    <q><xsl:apply-templates/></q>
  </xsl:template>
  <xsl:template match="tei:quote | tei:cit"><blockquote><xsl:apply-templates/></blockquote></xsl:template>

  <!-- ============================================================ phrase level -->

  <!-- Highlighting: @rend keyword -> HTML element; the first keyword of the table found in @rend wins. -->
  <xsl:variable name="rend-elements" as="map(xs:string, xs:string)"
      select="map{'italic': 'em', 'bold': 'strong', 'sup': 'sup', 'superscript': 'sup', 'sub': 'sub', 'subscript': 'sub', 'underline': 'u', 'smallcaps': 'span', 'small-caps': 'span'}"/>
  <xsl:template match="tei:hi">
    <xsl:variable name="keys" select="tokenize(lower-case(normalize-space(@rend)), '[\s:;(),]+')[map:contains($rend-elements, .)]"/>
    <xsl:element name="{if (exists($keys)) then $rend-elements($keys[1]) else 'em'}">
      <xsl:attribute name="class" select="'hi' || (if ($keys[1] = ('smallcaps', 'small-caps')) then ' smallcaps' else '')"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:emph | tei:mentioned | tei:soCalled"><em><xsl:apply-templates/></em></xsl:template>
  <!-- A term in another language: italic, with its language for screen readers and hyphenation. -->
  <xsl:template match="tei:foreign">
    <i class="foreign">
      <xsl:if test="matches(@xml:lang, '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$') and @xml:lang != 'und'"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:apply-templates/>
    </i>
  </xsl:template>
  <xsl:template match="tei:title[not(ancestor::tei:bibl or ancestor::tei:biblStruct)]"><cite><xsl:apply-templates/></cite></xsl:template>
  <xsl:template match="tei:date | tei:time">
    <time>
      <xsl:if test="matches(@when, '^-?\d{4}(-\d\d(-\d\d)?)?$')"><xsl:attribute name="datetime" select="@when"/></xsl:if>
      <xsl:apply-templates/>
    </time>
  </xsl:template>
  <xsl:template match="tei:lb"><br/></xsl:template>
  <xsl:template match="tei:gap">
    <span class="gap" title="gap in the source{if (@reason) then ' (' || @reason || ')' else ''}">[…]</span>
  </xsl:template>
  <xsl:template match="tei:unclear"><span class="unclear" title="unclear in the source"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:del"><del><xsl:apply-templates/></del></xsl:template>
  <xsl:template match="tei:add"><ins><xsl:apply-templates/></ins></xsl:template>

  <!-- Names: linked to their index entry, each occurrence an anchor the index points back to. -->
  <xsl:template match="tei:text//tei:placeName[v:is-occurrence(.)] | tei:text//tei:persName[v:is-occurrence(.)] | tei:text//tei:orgName[v:is-occurrence(.)] | tei:text//tei:rs[v:is-occurrence(.)] | tei:text//tei:name[v:is-occurrence(.)]" priority="1">
    <a class="name {local-name()}" id="{v:name-id(.)}" href="../{v:index-page(.)}#{encode-for-uri(v:entity-key(.))}"><xsl:apply-templates/></a>
    <xsl:if test="tei:choice/tei:reg and self::tei:placeName"><xsl:call-template name="note-mark"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:placeName | tei:persName | tei:orgName | tei:name | tei:rs | tei:geogName | tei:roleName | tei:forename | tei:surname | tei:addName">
    <span class="name {local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- The witness's spelling and the regular one: both in the page, one shown (the orig/reg switch).
       Every child of a choice is kept; orig/sic/abbr read as written, reg/corr/expan as regularised. -->
  <xsl:template match="tei:choice">
    <span class="choice">
      <xsl:for-each select="*">
        <xsl:variable name="side" select="if (self::tei:orig or self::tei:sic or self::tei:abbr) then 'orig'
                                          else if (self::tei:reg or self::tei:corr or self::tei:expan) then 'reg' else 'alt'"/>
        <span class="{$side} {local-name()}"><xsl:apply-templates/></span>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- Editorial insertion: the brackets are the edition's sign for it. -->
  <xsl:template match="tei:text//tei:supplied">
    <span class="supplied" title="supplied by the editor"><span class="bracket">[</span><xsl:apply-templates/><span class="bracket">]</span></span>
    <xsl:call-template name="note-mark"/>
  </xsl:template>

  <!-- Page of the printed source beginning here: in the margin. -->
  <xsl:template match="tei:pb">
    <xsl:if test="@n"><span class="pb" data-n="{@n}" title="page {@n} of the printed source begins">[p. <xsl:value-of select="@n"/>]</span></xsl:if>
  </xsl:template>
  <xsl:template match="tei:cb | tei:milestone"/>

  <!-- Links: only safe URL schemes become links; the text always stays. -->
  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="url" select="v:safe-url(tokenize(normalize-space(@target))[1])"/>
    <xsl:choose>
      <xsl:when test="exists($url)"><a class="ref" href="{$url}"><xsl:apply-templates/><xsl:if test="self::tei:ptr"><xsl:value-of select="$url"/></xsl:if></a></xsl:when>
      <xsl:otherwise><span class="ref"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- A picture beside the edition is shown; one on another host is a link, never fetched by opening the page. -->
  <xsl:template match="tei:graphic">
    <xsl:variable name="url" select="v:safe-url(@url)"/>
    <xsl:choose>
      <xsl:when test="exists(v:local-url($url))"><img src="{$url}" alt="{normalize-space(string(../tei:figDesc))}" loading="lazy"/></xsl:when>
      <xsl:when test="exists($url)">
        <xsl:variable name="host" select="if (matches($url, '^([a-zA-Z][a-zA-Z0-9+.-]*:)?[/\\]{2}[^/\\?#]')) then replace($url, '^([a-zA-Z][a-zA-Z0-9+.-]*:)?[/\\]+([^/\\?#]+).*$', '$2') else ()"/>
        <a class="graphic" href="{$url}"><xsl:value-of select="string-join(('image', $host), ' on ')"/></a>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:figure"><figure><xsl:apply-templates/></figure></xsl:template>
  <xsl:template match="tei:figDesc"><figcaption><xsl:apply-templates/></figcaption></xsl:template>

  <!-- Critical apparatus in the text: the lemma (or the first reading) stands; every reading is kept for the witness view. -->
  <xsl:template match="tei:app">
    <span class="app" id="{v:note-id(.)}-at">
      <xsl:for-each select="tei:lem | tei:rdg | tei:rdgGrp/tei:rdg">
        <span class="{local-name()}" data-wit="{v:sigla(@wit)}">
          <xsl:if test="not(self::tei:lem or (position() = 1 and not(../tei:lem)))"><xsl:attribute name="hidden" select="'hidden'"/></xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:for-each>
      <xsl:apply-templates select="node() except (tei:lem | tei:rdg | tei:rdgGrp/tei:rdg)"/>
    </span>
    <xsl:call-template name="note-mark"/>
  </xsl:template>
  <xsl:template match="tei:rdgGrp"><xsl:apply-templates select="node() except tei:rdg"/></xsl:template>
  <xsl:template match="tei:wit | tei:witDetail"><span class="{local-name()}"><xsl:apply-templates/></span></xsl:template>

  <!-- Notes of the document: their mark in the text, their words in the apparatus. -->
  <xsl:template match="tei:text//tei:note"><xsl:call-template name="note-mark"/></xsl:template>

  <!-- Header and stand-off material is not part of the reading text. -->
  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:sourceDoc"/>
  <!-- Running heads and catchwords of the printed page: kept, set apart. -->
  <xsl:template match="tei:fw"><span class="fw" data-type="{@type}"><xsl:apply-templates/></span></xsl:template>

  <!-- ============================================================ defaults -->

  <!-- An element without a rule keeps its text, marked with its name. -->
  <xsl:template match="tei:*" priority="-1">
    <span class="tei-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>
  <!-- Markup from other namespaces (e.g. XHTML script) never reaches the page: its text only, in a bare span. -->
  <xsl:template match="*" priority="-2"><span class="foreign-markup"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="comment() | processing-instruction()"/>
  <xsl:template match="@*"/>

  <!-- The note mark: a number in the text that links to its apparatus entry. -->
  <xsl:template name="note-mark">
    <xsl:variable name="id" select="v:note-id(.)"/>
    <a class="note-mark" id="{$id}-mark" href="#{$id}" aria-describedby="{$id}"><xsl:value-of select="accumulator-before('note-number')"/></a>
  </xsl:template>

  <!-- ============================================================ apparatus entries -->

  <!-- Variant place name: `Nanking] Nanjing`. -->
  <xsl:template match="tei:placeName[tei:choice/tei:reg]" mode="apparatus">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="'place-name'"/>
      <xsl:with-param name="content">
        <span class="lemma"><xsl:apply-templates select="tei:choice/tei:orig/node()"/></span><xsl:text>] </xsl:text>
        <span class="reading"><xsl:apply-templates select="tei:choice/tei:reg/node()"/></span>
        <span class="apparatus-label"> regular form</span>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:supplied" mode="apparatus">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="'supplied'"/>
      <xsl:with-param name="content">
        <span class="lemma">[<xsl:value-of select="normalize-space(string-join(.//text()[not(ancestor::tei:reg)], ''))"/>]</span>
        <span class="apparatus-label"> supplied by the editor</span>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:app" mode="apparatus">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="if (@type) then string(@type) else 'reading'"/>
      <xsl:with-param name="content">
        <xsl:variable name="readings" select="tei:lem | tei:rdg | tei:rdgGrp/tei:rdg"/>
        <xsl:for-each select="$readings">
          <xsl:if test="position() gt 1 and not(preceding-sibling::*[1][self::tei:lem])"><xsl:text>; </xsl:text></xsl:if>
          <span class="{if (self::tei:lem) then 'lemma' else 'reading'}">
            <xsl:choose>
              <xsl:when test="normalize-space(string-join(.//text()[not(ancestor::tei:reg or ancestor::tei:note)], '')) = ''"><em>om.</em></xsl:when>
              <xsl:otherwise><xsl:value-of select="normalize-space(string-join(.//text()[not(ancestor::tei:reg or ancestor::tei:note)], ''))"/></xsl:otherwise>
            </xsl:choose>
          </span>
          <xsl:if test="@wit"><xsl:text> </xsl:text><span class="sigla"><xsl:value-of select="v:sigla(@wit)"/></span></xsl:if>
          <xsl:if test="self::tei:lem"><xsl:text>] </xsl:text></xsl:if>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:note" mode="apparatus">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="'note'"/>
      <xsl:with-param name="content"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:teiHeader | tei:standOff" mode="apparatus"/>
  <xsl:template match="text()" mode="apparatus"/>

  <xsl:template name="entry">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="content"/>
    <xsl:variable name="id" select="v:note-id(.)"/>
    <li id="{$id}" class="apparatus-entry {$kind}" value="{accumulator-before('note-number')}">
      <a class="back" href="#{$id}-mark" title="back to the text"><xsl:value-of select="accumulator-before('note-number')"/></a>
      <xsl:text> </xsl:text>
      <xsl:copy-of select="$content"/>
    </li>
    <xsl:text>&#10;</xsl:text>
    <xsl:apply-templates mode="apparatus"/>
  </xsl:template>

  <!-- ============================================================ citations -->

  <!-- A source as a scholar cites it: author, title in italics, place: publisher, year, pages. -->
  <xsl:template match="tei:bibl[tei:title | tei:author | tei:editor | tei:biblScope | tei:ref]" mode="citation">
    <xsl:variable name="parts" as="xs:string*">
      <xsl:sequence select="string-join(tei:author ! normalize-space(.), ', ') || (if (matches(string(.), 'et al\.')) then ' et al.' else '')"/>
    </xsl:variable>
    <span class="citation">
      <xsl:if test="tei:author"><span class="author"><xsl:value-of select="$parts"/></span>, </xsl:if>
      <xsl:if test="tei:editor"><span class="editor"><xsl:value-of select="string-join(tei:editor ! normalize-space(.), ', ')"/></span> (ed.), </xsl:if>
      <xsl:for-each select="tei:title[not(@type = 'translated')]">
        <xsl:if test="position() gt 1">, </xsl:if>
        <xsl:choose>
          <xsl:when test="@level = 'a'">“<xsl:value-of select="normalize-space(.)"/>”</xsl:when>
          <xsl:otherwise><i class="title"><xsl:value-of select="normalize-space(.)"/></i></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:for-each select="tei:title[@type = 'translated']"> [<xsl:value-of select="normalize-space(.)"/>]</xsl:for-each>
      <xsl:if test="tei:biblScope[@unit = 'volume']">, vol. <xsl:value-of select="v:range(tei:biblScope[@unit = 'volume'][1])"/></xsl:if>
      <xsl:if test="tei:pubPlace or tei:publisher">
        <xsl:text>, </xsl:text>
        <xsl:value-of select="string-join((normalize-space(tei:pubPlace[1])[. != ''], normalize-space(tei:publisher[1])[. != '']), ': ')"/>
      </xsl:if>
      <xsl:if test="tei:date">, <xsl:value-of select="normalize-space(tei:date[1])"/></xsl:if>
      <xsl:if test="tei:biblScope[@unit = 'issue']">, no. <xsl:value-of select="v:range(tei:biblScope[@unit = 'issue'][1])"/></xsl:if>
      <xsl:if test="tei:biblScope[@unit = 'page']">
        <xsl:variable name="pages" select="tei:biblScope[@unit = 'page'][1]"/>
        <xsl:value-of select="if ($pages/@from != $pages/@to) then ', pp. ' else ', p. '"/>
        <xsl:value-of select="v:range($pages)"/>
      </xsl:if>
      <xsl:for-each select="tei:ref[exists(v:safe-url(@target))]">
        <xsl:if test="position() = 1 and ../(tei:title | tei:author)">, </xsl:if>
        <a class="url" href="{v:safe-url(@target)}"><xsl:value-of select="normalize-space(.)"/></a>
      </xsl:for-each>
      <xsl:text>.</xsl:text>
    </span>
  </xsl:template>
  <!-- An unstructured citation: as written. -->
  <xsl:template match="tei:bibl | tei:biblStruct" mode="citation">
    <span class="citation"><xsl:apply-templates/></span>
  </xsl:template>
  <!-- Archival reference of the Russian kind: AP RF, f. 45, op. 1, d. 330, ll. 95–96. -->
  <xsl:template match="tei:msDesc" mode="citation">
    <xsl:variable name="id" select="tei:msIdentifier"/>
    <xsl:variable name="locus" select="(.//tei:msItem/tei:locus)[1]"/>
    <span class="citation archival">
      <xsl:value-of select="string-join((
        normalize-space($id/tei:repository)[. != ''],
        $id/tei:idno[@type = 'fond'] ! ('f. ' || normalize-space(.)),
        $id/tei:idno[@type = 'opis'] ! ('op. ' || normalize-space(.)),
        $id/tei:idno[@type = 'delo'] ! ('d. ' || normalize-space(.)),
        $id/tei:idno[not(@type = ('fond', 'opis', 'delo'))] ! normalize-space(.),
        $locus ! ((if (@from != @to) then 'll. ' else 'l. ') || v:range(.))
      ), ', ')"/>
      <xsl:text>.</xsl:text>
    </span>
  </xsl:template>

  <!-- A range from @from/@to with an en dash, else the text as written. -->
  <xsl:function name="v:range" as="xs:string">
    <xsl:param name="scope" as="element()"/>
    <xsl:sequence select="
      if ($scope/@from and $scope/@to and $scope/@from != $scope/@to) then $scope/@from || '–' || $scope/@to
      else if ($scope/@from) then string($scope/@from)
      else replace(normalize-space($scope), '^(pp?|P|T|No|vol|Vol|ll?|L)\.\s*', '')"/>
  </xsl:function>
</xsl:stylesheet>
