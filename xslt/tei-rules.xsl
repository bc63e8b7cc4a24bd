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
    <xsl:accumulator-rule match="tei:text//tei:*[v:regularised-name(.)] | tei:text//tei:supplied | tei:text//tei:app | tei:text//tei:note[not(v:entry-note(.))]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- Name occurrences, numbered so that index entries can point at each. -->
  <xsl:accumulator name="name-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:placeName[v:is-occurrence(.)] | tei:text//tei:persName[v:is-occurrence(.)] | tei:text//tei:orgName[v:is-occurrence(.)] | tei:text//tei:rs[v:is-occurrence(.)] | tei:text//tei:name[v:is-occurrence(.)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- Paragraphs of the text, numbered for their anchors. -->
  <xsl:accumulator name="p-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:p" select="$value + 1"/>
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

  <!-- A name occurrence the indexes list (xslt/page.xsl's names): not one inside a register set aside from
       the reading text (a listBibl's authors, a listPerson's names), which has no index entry to link to. -->
  <xsl:function name="v:indexed" as="xs:boolean">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="not($name/ancestor::*[v:set-aside(.)])"/>
  </xsl:function>

  <!-- Whether a node is left out of the printed text (print.xsl says; on the web nothing is). -->
  <xsl:function name="v:hidden" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="false()"/>
  </xsl:function>

  <!-- An id of the TEI (xml:id) as an anchor of the page (print.xsl puts its prefix before it). -->
  <xsl:function name="v:anchor" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="$id"/>
  </xsl:function>

  <!-- A division of the text. -->
  <xsl:function name="v:is-div" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="exists($node[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7])"/>
  </xsl:function>

  <!-- A division the contents list names: numbered or headed, in the text, at most three deep. -->
  <xsl:function name="v:toc-entry" as="xs:boolean">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="exists($div/ancestor::tei:text) and ($div/@n or $div/tei:head) and count($div/ancestor::*[v:is-div(.)]) lt 3"/>
  </xsl:function>

  <!-- The anchor of a division: its xml:id, else its place among the divisions of the text. -->
  <xsl:function name="v:div-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="v:anchor(if ($div/@xml:id) then string($div/@xml:id)
                          else 'div-' || string-join(($div/ancestor-or-self::*[v:is-div(.)]) ! string(count(preceding-sibling::*[v:is-div(.)]) + 1), '-'))"/>
  </xsl:function>

  <!-- The registers a text may carry (persons, places, works ...): what names point at, never running text. -->
  <xsl:function name="v:is-list" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node[self::tei:listPerson or self::tei:listPlace or self::tei:listOrg or self::tei:listBibl
                          or self::tei:listEvent or self::tei:listNym or self::tei:listRelation or self::tei:listObject])"/>
  </xsl:function>

  <!-- A register set aside from the reading text: in a text that has words of its own outside its registers
       (a file that is only a register still shows what it lists). -->
  <xsl:function name="v:set-aside" as="xs:boolean">
    <xsl:param name="list" as="element()"/>
    <xsl:sequence select="v:is-list($list) and exists($list/ancestor::tei:text)
                          and exists(($list/ancestor::tei:text)[1]//text()[normalize-space()][not(ancestor::*[v:is-list(.)])])"/>
  </xsl:function>

  <!-- A note that belongs to an apparatus entry (directly in app, rdgGrp or varSeq): printed with the entry. -->
  <xsl:function name="v:entry-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="exists($note[parent::tei:app or parent::tei:rdgGrp or parent::tei:varSeq])"/>
  </xsl:function>

  <!-- The readings of an app, without those of the apps nested in them. -->
  <xsl:function name="v:readings" as="element()*">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="$app//(tei:lem | tei:rdg)[ancestor::tei:app[1] is $app]"/>
  </xsl:function>

  <!-- The reading of an app that stands in the text: the lemma, else the first reading. -->
  <xsl:function name="v:base-reading" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="(v:readings($app)[self::tei:lem], v:readings($app))[1]"/>
  </xsl:function>

  <!-- Who a pointer names (#id -> the @n of its target, else its id): sigla, editors, sources. -->
  <xsl:function name="v:pointer-names" as="xs:string*">
    <xsl:param name="attribute" as="attribute()*"/>
    <xsl:for-each select="$attribute ! tokenize(normalize-space(.))">
      <xsl:variable name="id" select="replace(., '^#', '')"/>
      <xsl:variable name="target" select="if (starts-with(., '#')) then id($id, $attribute[1]) else ()"/>
      <xsl:sequence select="if ($target/@n and not($target/self::tei:witness)) then normalize-space($target/@n) else $id"/>
    </xsl:for-each>
  </xsl:function>

  <!-- The sigla of the witnesses whose page, column or line a break is (@ed, or @edRef pointing at a witness);
       empty for a break of the one printed source. -->
  <xsl:function name="v:break-sigla" as="xs:string">
    <xsl:param name="break" as="element()"/>
    <xsl:variable name="witnesses" select="root($break)//tei:witness/(@xml:id | @n)"/>
    <xsl:sequence select="string-join((tokenize(normalize-space($break/@ed)) ! replace(., '^#', ''),
        tokenize(normalize-space($break/@edRef)) ! replace(., '^#', '')[. = $witnesses]), ' ')"/>
  </xsl:function>

  <!-- An internal pointer (#id) whose target is shown in the reading text: then it is a link. -->
  <xsl:function name="v:shown-target" as="element()?">
    <xsl:param name="pointer" as="element()"/>
    <xsl:variable name="t" select="normalize-space(tokenize(normalize-space($pointer/@target))[1])"/>
    <xsl:sequence select="if (starts-with($t, '#')) then id(substring($t, 2), $pointer)[ancestor::tei:text][not(ancestor::*[v:set-aside(.)])] else ()"/>
  </xsl:function>

  <!-- A name whose regular form the regularised view shows (place, person or organisation alike): its apparatus
       entry says so, so that no regularisation changes the text silently. Not a gloss. -->
  <xsl:function name="v:regularised-name" as="xs:boolean">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="exists($name[self::tei:placeName or self::tei:persName or self::tei:orgName][tei:choice/tei:reg]) and not(v:gloss($name))"/>
  </xsl:function>

  <!-- A gloss: a name that is all a supplied passage says, right after a name of the same entity ("Lushun
       [Port Arthur]"). It keeps the form written in both views: regularised, it would repeat the name before it. -->
  <xsl:function name="v:gloss" as="xs:boolean">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="supplied" select="$name/parent::tei:supplied[count(*) = 1][not(text()[normalize-space()])]"/>
    <xsl:variable name="before" select="$supplied/preceding-sibling::node()[not(self::text()[not(normalize-space())])][1]"/>
    <xsl:sequence select="exists($before[self::*][v:entity-key(.) != ''][v:entity-key(.) = v:entity-key($name)])"/>
  </xsl:function>

  <!-- Who supplied the edition's bracketed insertions, when a supplied element does not say (edition.toml
       [edition] supplied_by: the printed translation's brackets are its translator's, not the editor's). -->
  <xsl:param name="supplied-by" as="xs:string" select="'the editor'"/>

  <!-- Who supplied a passage: its @resp (a person), else its @source (a source: its title or @n), else the edition's setting. -->
  <xsl:function name="v:supplied-by" as="xs:string">
    <xsl:param name="supplied" as="element()"/>
    <xsl:variable name="sources" select="for $s in tokenize(normalize-space($supplied/@source)) return
        (id(replace($s, '^#', ''), $supplied)[starts-with($s, '#')] ! (normalize-space(@n), normalize-space((.//tei:title)[1]))[. != ''], replace($s, '^#', ''))[1]"/>
    <xsl:sequence select="if (normalize-space($supplied/@resp)) then 'by ' || string-join(v:pointer-names($supplied/@resp), ', ')
                          else if (exists($sources)) then 'from ' || string-join($sources, ', ')
                          else 'by ' || $supplied-by"/>
  </xsl:function>

  <!-- ============================================================ facsimile -->

  <!-- The surfaces of the facsimile (a surfaceGrp's too) that hold an image, in their order. -->
  <xsl:function name="v:surfaces" as="element()*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="root($root)//tei:facsimile//tei:surface[tei:graphic[normalize-space(@url)]]"/>
  </xsl:function>

  <!-- The page image a page break shows: the id of the surface its @facs points at (or of the surface of the zone
       it points at), else 'pb-N' for a break pointing straight at an image; () without one. -->
  <xsl:function name="v:facs-surface" as="xs:string?">
    <xsl:param name="pb" as="element()"/>
    <xsl:variable name="facs" select="tokenize(normalize-space($pb/@facs))[1]"/>
    <xsl:variable name="target" select="if (starts-with($facs, '#')) then id(substring($facs, 2), $pb) else ()"/>
    <xsl:sequence select="if (exists($target)) then ($target/ancestor-or-self::tei:surface[1][. intersect v:surfaces($pb)]/string(@xml:id))[1]
                          else if ($facs != '' and not(starts-with($facs, '#'))) then 'pb-' || string(count($pb/preceding::tei:pb[@facs]) + 1)
                          else ()"/>
  </xsl:function>

  <!-- The zone an element of the text (a line, a word, a segment) is the image of: its id, when @facs points at one. -->
  <xsl:function name="v:facs-zone" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="facs" select="tokenize(normalize-space($element/@facs))[1]"/>
    <xsl:sequence select="(if (starts-with($facs, '#')) then id(substring($facs, 2), $element)[self::tei:zone][ancestor::tei:surface] else ())[1] ! string(@xml:id)"/>
  </xsl:function>

  <!-- A length of the image's coordinates ("1200", "1200px") as a number; () when it is not one. -->
  <xsl:function name="v:coordinate" as="xs:double?">
    <xsl:param name="value" as="attribute()?"/>
    <xsl:variable name="v" select="replace(normalize-space($value), 'px$', '')"/>
    <xsl:sequence select="if ($v castable as xs:double) then xs:double($v) else ()"/>
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
  <!-- A division: an anchor for the contents list and for pointers at it. -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <section class="div" data-type="{@type}">
      <xsl:if test="v:toc-entry(.)"><xsl:attribute name="id" select="v:div-id(.)"/></xsl:if>
      <xsl:if test="@n and not(tei:head)"><xsl:call-template name="v:div-heading"><xsl:with-param name="head" select="()"/></xsl:call-template></xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>
  <xsl:template match="tei:head">
    <xsl:call-template name="v:div-heading"><xsl:with-param name="head" select="."/></xsl:call-template>
  </xsl:template>
  <!-- How many heading levels stand above the text's divisions (the page's own headings; the web's page has one, h1). -->
  <xsl:function name="v:heading-offset" as="xs:integer"><xsl:sequence select="2"/></xsl:function>
  <!-- A heading at its depth; a numbered division's first heading (or the number alone) shows the division's number. -->
  <xsl:template name="v:div-heading">
    <xsl:param name="head" as="element()?"/>
    <xsl:variable name="depth" select="min((count(ancestor-or-self::tei:div | ancestor-or-self::tei:div1 | ancestor-or-self::tei:div2 | ancestor-or-self::tei:div3 | ancestor::tei:lg | ancestor::tei:list) + v:heading-offset(), 6))"/>
    <xsl:variable name="div" select="if ($head) then $head/parent::*[v:is-div(.)] else ."/>
    <xsl:element name="h{$depth}">
      <xsl:if test="exists($div/@n) and (empty($head) or $head is $div/tei:head[1]) and not(starts-with(normalize-space($head), normalize-space($div/@n)))">
        <span class="div-number"><xsl:value-of select="$div/@n"/></span><xsl:if test="$head"><xsl:text> </xsl:text></xsl:if>
      </xsl:if>
      <xsl:apply-templates select="$head/node()"/>
    </xsl:element>
  </xsl:template>
  <!-- A paragraph: an anchor of its own (its xml:id, else its number in the text); a numbered one shows its number, as the witness did. -->
  <xsl:template match="tei:p">
    <p>
      <xsl:if test="ancestor::tei:text"><xsl:attribute name="id" select="v:anchor(if (@xml:id) then string(@xml:id) else 'p-' || accumulator-before('p-number'))"/></xsl:if>
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

  <!-- Registers of the text (persons, places, works in back ...): the indexes and the source note show them. -->
  <xsl:template match="tei:text//tei:*[v:set-aside(.)]" priority="2"/>

  <!-- An address: each line on its own line, as on the envelope. -->
  <xsl:template match="tei:address"><span class="address"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:address/tei:addrLine | tei:address/tei:street">
    <span class="addrLine"><xsl:apply-templates/></span><xsl:if test="following-sibling::*[self::tei:addrLine or self::tei:street]"><br/></xsl:if>
  </xsl:template>

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

  <!-- An element an internal pointer names: an anchor before it, so that the link arrives. -->
  <xsl:key name="v:pointed" match="tei:*[@target]" use="tokenize(normalize-space(@target))[starts-with(., '#')] ! substring(., 2)"/>
  <xsl:template match="tei:text//tei:*[@xml:id][not(self::tei:p)][exists(key('v:pointed', string(@xml:id)))]" priority="5">
    <span class="anchor" id="{v:anchor(@xml:id)}"/>
    <xsl:next-match/>
  </xsl:template>
  <xsl:template match="tei:anchor"/>

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
  <!-- A line of the source begins: a new line (not before the first), its number (Leiden editions number
       every line: each is written, every fifth shown larger), a hyphen where a word runs on (break="no"). -->
  <xsl:template match="tei:lb">
    <xsl:if test="@break = 'no' and not(matches(string((preceding-sibling::node()[1])[self::text()]), '[-¬=]\s*$'))"><span class="lb-hyphen" title="the word runs on to the next line">-</span></xsl:if>
    <xsl:if test="preceding-sibling::node()[not(self::text()[not(normalize-space())])]"><br/></xsl:if>
    <xsl:if test="normalize-space(@n) != ''">
      <span class="lb-number{if (matches(@n, '^\d+$') and xs:integer(@n) mod 5 != 0) then ' minor' else ''}"><xsl:value-of select="normalize-space(@n)"/></span>
    </xsl:if>
  </xsl:template>
  <!-- A line of one witness among several: a bar with its siglum, not a new line of the text. -->
  <xsl:template match="tei:lb[v:break-sigla(.) != '']" priority="1">
    <span class="lb-ed" data-ed="{v:break-sigla(.)}" title="line {@n} of {v:break-sigla(.)} begins">|<sup><xsl:value-of select="v:break-sigla(.)"/></sup></span>
  </xsl:template>
  <!-- Text lost or illegible, in Leiden form: [...] for a few lost letters, [.12.] for more, [- - -] of unknown extent,
       dots without brackets for illegible letters, a line of dashes for lost lines. -->
  <xsl:template match="tei:gap">
    <xsl:variable name="n" select="if (matches(@quantity, '^\d+$')) then xs:integer(@quantity) else if (matches(@extent, '^\d+$')) then xs:integer(@extent) else ()"/>
    <xsl:variable name="ca" select="if (@precision = 'low' or exists(@atLeast)) then 'c.' else ''"/>
    <xsl:variable name="lines" select="@unit = 'line'"/>
    <xsl:variable name="inner" select="
        if ($lines) then '- - - - - -'
        else if (exists($n) and $ca = '' and $n le 6) then string-join((1 to $n) ! '.', '')
        else if (exists($n)) then '.' || $ca || $n || '.'
        else if (@atLeast and @atMost) then '.' || @atLeast || '–' || @atMost || '.'
        else '- - -'"/>
    <xsl:variable name="title" select="string-join(('gap in the source', @reason, if (exists($n)) then string($n) || ' ' || (@unit, 'characters')[1] else ()), ', ')"/>
    <xsl:choose>
      <xsl:when test="@reason = 'illegible'"><span class="gap illegible" title="{$title}"><xsl:value-of select="$inner"/></span></xsl:when>
      <xsl:when test="@reason = 'lost' or exists($n) or @unit"><span class="gap lost{if ($lines) then ' lines' else ''}" title="{$title}"><xsl:value-of select="if ($lines) then $inner else '[' || $inner || ']'"/></span></xsl:when>
      <xsl:otherwise><span class="gap" title="gap in the source{if (@reason) then ' (' || @reason || ')' else ''}">[…]</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- Unclear letters: a dot under each (Leiden). -->
  <xsl:template match="tei:unclear"><span class="unclear" title="unclear in the source"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:unclear//text()"><xsl:value-of select="replace(., '(\S)', '$1&#x323;')"/></xsl:template>
  <!-- Space left blank in the source: a space, wider when its extent is given, never words run together. -->
  <xsl:template match="tei:space">
    <xsl:variable name="n" select="if (matches(@quantity, '^\d+$')) then xs:integer(@quantity) else if (matches(@extent, '^\d+$')) then xs:integer(@extent) else 0"/>
    <xsl:choose>
      <xsl:when test="$n gt 0 or @unit or @extent">
        <span class="space" title="{normalize-space(string-join(('blank space in the source', @quantity, @extent, @unit), ' '))}"><xsl:value-of select="' ' || string-join((1 to min((max(($n, 1)), 8))) ! '&#x2003;', '')"/></span>
      </xsl:when>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- An abbreviation expanded by the editor, in Leiden form: the letters written, the expansion in parentheses,
       the abbreviation mark kept as written. -->
  <xsl:template match="tei:expan"><span class="expan"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:ex"><span class="ex">(<xsl:apply-templates/>)</span></xsl:template>

  <!-- A word or a punctuation mark singled out (for its facsimile zone, its lemma): as written. -->
  <xsl:template match="tei:w | tei:pc"><span class="{local-name()}"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:del"><del><xsl:apply-templates/></del></xsl:template>
  <!-- A substitution: the deletion and the addition that replaces it, side by side. -->
  <xsl:template match="tei:subst"><span class="subst"><xsl:apply-templates/></span></xsl:template>
  <!-- An abbreviation as written (outside a choice; in an expansion, the letters before the parenthesis). -->
  <xsl:template match="tei:abbr"><abbr class="abbr"><xsl:apply-templates/></abbr></xsl:template>
  <!-- Where a fragmentary witness begins or ends, or a lacuna: said in the apparatus entry, nothing in the text. -->
  <xsl:template match="tei:witStart | tei:witEnd | tei:lacunaStart | tei:lacunaEnd"/>
  <xsl:template match="tei:add"><ins><xsl:apply-templates/></ins></xsl:template>

  <!-- Names: linked to their index entry, each occurrence an anchor the index points back to. -->
  <xsl:template match="tei:text//tei:placeName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:persName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:orgName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:rs[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:name[v:is-occurrence(.)][v:indexed(.)]" priority="1">
    <a class="name {local-name()}" id="{v:name-id(.)}" href="../{v:index-page(.)}#{encode-for-uri(v:entity-key(.))}"><xsl:apply-templates/></a>
    <xsl:if test="v:regularised-name(.)"><xsl:call-template name="note-mark"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:placeName | tei:persName | tei:orgName | tei:name | tei:rs | tei:geogName | tei:roleName | tei:forename | tei:surname | tei:addName">
    <span class="name {local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- The witness's spelling and the regular one: both in the page, one shown (the orig/reg switch).
       Every child of a choice is kept; orig/sic/abbr read as written, reg/corr/expan as regularised. -->
  <xsl:template match="tei:choice">
    <span class="choice{if (parent::*[v:gloss(.)]) then ' kept' else ''}">
      <xsl:for-each select="*">
        <xsl:variable name="side" select="if (self::tei:orig or self::tei:sic or self::tei:abbr) then 'orig'
                                          else if (self::tei:reg or self::tei:corr or self::tei:expan) then 'reg' else 'alt'"/>
        <span class="{$side} {local-name()}"><xsl:apply-templates/></span>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- Editorial insertion: the brackets are the edition's sign for it. -->
  <xsl:template match="tei:text//tei:supplied">
    <xsl:variable name="brackets" select="v:supplied-brackets(.)"/>
    <span class="supplied" title="supplied {v:supplied-by(.)}{if (@reason) then ' (' || @reason || ')' else ''}"><span class="bracket"><xsl:value-of select="$brackets[1]"/></span><xsl:apply-templates/><xsl:if test="@cert = 'low'">?</xsl:if><span class="bracket"><xsl:value-of select="$brackets[2]"/></span></span>
    <xsl:call-template name="note-mark"/>
  </xsl:template>

  <!-- The editor's brackets for a supplied passage (Leiden): [lost], ⟨omitted by the writer⟩, (understood). -->
  <xsl:function name="v:supplied-brackets" as="xs:string+">
    <xsl:param name="supplied" as="element()"/>
    <xsl:sequence select="if ($supplied/@reason = 'omitted') then ('⟨', '⟩') else if ($supplied/@reason = 'subaudible') then ('(', ')') else ('[', ']')"/>
  </xsl:function>

  <!-- Page of the printed source beginning here: in the margin. -->
  <xsl:template match="tei:pb">
    <xsl:if test="@n"><span class="pb" data-n="{@n}" title="page {@n} of the printed source begins">[p. <xsl:value-of select="@n"/>]</span></xsl:if>
  </xsl:template>
  <!-- Page or column of one witness among several (@ed, @edRef): its siglum, inline, so that the breaks are told apart. -->
  <xsl:template match="tei:pb[v:break-sigla(.) != ''] | tei:cb[v:break-sigla(.) != '']" priority="1">
    <xsl:variable name="sigla" select="v:break-sigla(.)"/>
    <span class="{local-name()}-ed" data-ed="{$sigla}" data-n="{@n}" title="{if (self::tei:pb) then 'page' else 'column'} {@n} of {$sigla} begins">[<xsl:value-of select="$sigla"/><xsl:if test="@n"><xsl:text> </xsl:text><xsl:value-of select="if (self::tei:cb) then 'col. ' || @n else @n"/></xsl:if>]</span>
  </xsl:template>
  <xsl:template match="tei:cb | tei:milestone"/>

  <!-- Links: only safe URL schemes become links; the text always stays. -->
  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="target" select="tokenize(normalize-space(@target))[1]"/>
    <!-- A pointer inside the document links only to what the page shows; a path relative to the other project's
         files (or its host's root) leads nowhere on this static site: its words stay, with no link. -->
    <xsl:variable name="url" select="if (starts-with($target, '#')) then v:shown-target(.)[1] ! ('#' || v:anchor(substring($target, 2)))
                                     else if (matches($target, '^(https?|mailto):', 'i')) then v:safe-url($target) else ()"/>
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
  <!-- The readings of nested apps, of rdgGrp and varSeq count as the app's own; its notes and witDetail are
       notes of the entry (in the apparatus), never words of the reading text. -->
  <xsl:template match="tei:app">
    <xsl:variable name="base" select="v:base-reading(.)"/>
    <span class="app" id="{v:note-id(.)}-at">
      <xsl:for-each select="v:readings(.)">
        <span class="{local-name()}" data-wit="{v:sigla(@wit)}">
          <xsl:if test="not(. is $base)"><xsl:attribute name="hidden" select="'hidden'"/></xsl:if>
          <xsl:if test="self::tei:lem and @type"><xsl:attribute name="data-type" select="@type"/></xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:for-each>
    </span>
    <xsl:call-template name="note-mark"/>
  </xsl:template>
  <xsl:template match="tei:wit | tei:witDetail"><span class="{local-name()}"><xsl:apply-templates/></span></xsl:template>

  <!-- Notes of the document: their mark in the text, their words in the apparatus. -->
  <xsl:template match="tei:text//tei:note"><xsl:call-template name="note-mark"/></xsl:template>

  <!-- Header and stand-off material is not part of the reading text. -->
  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:sourceDoc"/>
  <!-- Links between parts of the text (an alignment of original and translation): what they link is shown where it stands. -->
  <xsl:template match="tei:linkGrp | tei:link"/>
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
        <span class="apparatus-label"> supplied <xsl:value-of select="v:supplied-by(.)"/></span>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- A reading entry: lemma] readings, each with its witnesses (sigla, sources) and who made it (an editor's
       emendation or conjecture); readings that are a gap, an illegible passage or where a witness begins or
       ends say so (never om.); a varSeq's readings in their order; the entry's notes and witDetail last. -->
  <xsl:template match="tei:app" mode="apparatus">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="if (@type) then string(@type) else 'reading'"/>
      <xsl:with-param name="content">
        <xsl:variable name="readings" select="v:readings(.)"/>
        <xsl:for-each select="$readings">
          <xsl:variable name="i" select="position()"/>
          <xsl:if test="$i gt 1 and not($readings[$i - 1][self::tei:lem])">
            <xsl:value-of select="if (parent::tei:varSeq and preceding-sibling::tei:rdg) then ' → ' else '; '"/>
          </xsl:if>
          <span class="{if (self::tei:lem) then 'lemma' else 'reading'}"><xsl:call-template name="v:reading-words"/></span>
          <xsl:variable name="sigla" select="string-join((v:sigla(@wit)[. != ''], v:pointer-names(@source)), ' ')"/>
          <xsl:if test="$sigla != ''"><xsl:text> </xsl:text><span class="sigla"><xsl:value-of select="$sigla"/></span></xsl:if>
          <xsl:for-each select="following-sibling::*[1][self::tei:wit]"><xsl:text> </xsl:text><span class="wit"><xsl:apply-templates/></span></xsl:for-each>
          <xsl:if test="@type[. = ('emendation', 'conjecture', 'correction', 'supplement')] or @resp">
            <xsl:text> </xsl:text>
            <span class="resp"><xsl:value-of select="string-join((v:reading-kind(@type), v:pointer-names(@resp)), ' ')"/></span>
          </xsl:if>
          <xsl:if test="self::tei:lem"><xsl:text>] </xsl:text></xsl:if>
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

  <!-- What an editor's reading is, as the apparatus abbreviates it. -->
  <xsl:function name="v:reading-kind" as="xs:string?">
    <xsl:param name="type" as="attribute()?"/>
    <xsl:sequence select="map{'emendation': 'emend.', 'conjecture': 'conj.', 'correction': 'corr.', 'supplement': 'suppl.'}(string($type))"/>
  </xsl:function>

  <!-- The words of a reading in the apparatus: the witness's form, with its deletions, additions, gaps and
       unclear letters marked, a nested app by its own lemma only; an empty reading is om., one that is only a
       gap, a lacuna or where a witness begins or ends says that. -->
  <xsl:template name="v:reading-words">
    <xsl:variable name="words"><xsl:apply-templates mode="reading"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="normalize-space(string($words)) = '' and empty($words/*)"><em>om.</em></xsl:when>
      <xsl:when test="empty($words/*)"><xsl:value-of select="normalize-space($words)"/></xsl:when>
      <xsl:otherwise><xsl:copy-of select="$words"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:mode name="reading" on-no-match="shallow-skip"/>
  <xsl:template match="text()" mode="reading"><xsl:value-of select="replace(., '\s+', ' ')"/></xsl:template>
  <xsl:template match="tei:reg | tei:note | tei:witDetail | tei:wit" mode="reading"/>
  <xsl:template match="tei:app" mode="reading"><xsl:apply-templates select="v:base-reading(.)/node()" mode="reading"/></xsl:template>
  <xsl:template match="tei:del" mode="reading"><del title="deleted"><xsl:apply-templates mode="reading"/></del></xsl:template>
  <xsl:template match="tei:add" mode="reading"><ins title="added{@place ! (' ' || .)}"><xsl:apply-templates mode="reading"/></ins></xsl:template>
  <xsl:template match="tei:gap | tei:space" mode="reading"><xsl:apply-templates select="." mode="#default"/></xsl:template>
  <xsl:template match="tei:unclear" mode="reading"><span class="unclear" title="unclear in the source"><xsl:value-of select="replace(normalize-space(.), '(\S)', '$1&#x323;')"/></span></xsl:template>
  <xsl:template match="tei:ex" mode="reading">(<xsl:apply-templates mode="reading"/>)</xsl:template>
  <xsl:template match="tei:supplied" mode="reading"><xsl:variable name="b" select="v:supplied-brackets(.)"/><xsl:value-of select="$b[1]"/><xsl:apply-templates mode="reading"/><xsl:value-of select="$b[2]"/></xsl:template>
  <xsl:template match="tei:lb[not(@break = 'no')]" mode="reading"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:witStart | tei:witEnd | tei:lacunaStart | tei:lacunaEnd" mode="reading">
    <em class="{local-name()}"><xsl:value-of select="map{'witStart': ' (the witness begins) ', 'witEnd': ' (the witness ends) ',
                                                         'lacunaStart': ' (lacuna begins) ', 'lacunaEnd': ' (lacuna ends) '}(local-name())"/></em>
  </xsl:template>

  <xsl:template match="tei:note" mode="apparatus">
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="'note'"/>
      <xsl:with-param name="content"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:teiHeader | tei:standOff | tei:note[v:entry-note(.)] | tei:*[v:set-aside(.)]" mode="apparatus"/>
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

  <!-- A source as a scholar cites it: author, title in italics, place: publisher, year, pages (only a bibl made of
       these parts, with its author or editor tagged, or no words between them; any other is cited as written). -->
  <xsl:template match="tei:bibl[tei:title | tei:author | tei:editor | tei:biblScope | tei:citedRange | tei:ref][tei:author or tei:editor or not(text()[matches(., '[\p{L}\p{N}]')])][not(*[not(self::tei:author or self::tei:editor or self::tei:title or self::tei:biblScope or self::tei:citedRange
        or self::tei:ref or self::tei:ptr or self::tei:pubPlace or self::tei:publisher or self::tei:date)])]" mode="citation">
    <span class="citation">
      <xsl:variable name="parts" as="element()*">
        <xsl:if test="tei:author">
          <part><span class="author"><xsl:value-of select="string-join(tei:author ! normalize-space(.), ', ') || (if (matches(string(.), 'et al\.')) then ' et al.' else '')"/></span></part>
        </xsl:if>
        <xsl:if test="tei:editor"><part><span class="editor"><xsl:value-of select="string-join(tei:editor ! normalize-space(.), ', ')"/></span> (ed.)</part></xsl:if>
        <xsl:if test="tei:title[not(@type = 'translated')]">
          <part>
            <xsl:for-each select="tei:title[not(@type = 'translated')]">
              <xsl:if test="position() gt 1">, </xsl:if>
              <xsl:call-template name="v:cited-title"/>
            </xsl:for-each>
            <xsl:for-each select="tei:title[@type = 'translated']"> [<xsl:value-of select="normalize-space(.)"/>]</xsl:for-each>
          </part>
        </xsl:if>
        <xsl:sequence select="v:scopes(tei:biblScope[@unit = ('volume', 'vol')])"/>
        <xsl:if test="tei:pubPlace or tei:publisher">
          <part><xsl:value-of select="string-join((normalize-space(tei:pubPlace[1])[. != ''], normalize-space(tei:publisher[1])[. != '']), ': ')"/></part>
        </xsl:if>
        <xsl:if test="tei:date"><part><xsl:value-of select="normalize-space(tei:date[1])"/></part></xsl:if>
        <xsl:sequence select="v:scopes((tei:biblScope[not(@unit = ('volume', 'vol'))], tei:citedRange))"/>
        <xsl:for-each select="(tei:ref | tei:ptr[not(../tei:ref)])[exists(v:safe-url(@target))][not(starts-with(normalize-space(@target), '#'))]">
          <part><a class="url" href="{v:safe-url(@target)}"><xsl:value-of select="if (normalize-space(.)) then normalize-space(.) else normalize-space(@target)"/></a></part>
        </xsl:for-each>
      </xsl:variable>
      <xsl:for-each select="$parts">
        <xsl:if test="position() gt 1">, </xsl:if>
        <xsl:copy-of select="node()"/>
      </xsl:for-each>
      <xsl:text>.</xsl:text>
    </span>
  </xsl:template>

  <!-- A title in a citation: an article's in quotation marks, a book's or journal's in italics. -->
  <xsl:template name="v:cited-title">
    <xsl:choose>
      <xsl:when test="@level = 'a' or @level = 'u'">“<xsl:value-of select="normalize-space(.)"/>”</xsl:when>
      <xsl:otherwise><i class="title"><xsl:value-of select="normalize-space(.)"/></i></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Volume, issue and pages as a citation abbreviates them; any other scope as written. -->
  <xsl:function name="v:scopes" as="element()*">
    <xsl:param name="scopes" as="element()*"/>
    <xsl:for-each select="$scopes[normalize-space() or @from]">
      <xsl:variable name="unit" select="lower-case(normalize-space(@unit))"/>
      <part>
        <xsl:value-of select="
          if ($unit = ('volume', 'vol', 'band', 'bd')) then 'vol. ' || v:range(.)
          else if ($unit = ('issue', 'nr', 'no', 'number', 'heft', 'fascicle')) then 'no. ' || v:range(.)
          else if ($unit = ('page', 'pp', 'p', 'pages', 'seite', 's') or (self::tei:citedRange and $unit = '')) then
            (if (matches(v:range(.), '[–\-,]')) then 'pp. ' else 'p. ') || v:range(.)
          else normalize-space(.)"/>
      </part>
    </xsl:for-each>
  </xsl:function>

  <!-- A structured citation in the order it reads: the article's author and title, "in:" the book or journal
       (its editors, title, series), place: publisher, year, volume, issue, pages. -->
  <xsl:template match="tei:biblStruct" mode="citation">
    <xsl:variable name="monogr" select="tei:monogr[1]"/>
    <xsl:variable name="imprint" select="$monogr/tei:imprint[1]"/>
    <xsl:variable name="parts" as="element()*">
      <xsl:for-each select="tei:analytic">
        <xsl:if test="tei:author | tei:editor"><part><span class="author"><xsl:value-of select="string-join((tei:author | tei:editor) ! normalize-space(.), '; ')"/></span></part></xsl:if>
        <xsl:for-each select="tei:title[1]"><part>“<xsl:value-of select="normalize-space(.)"/>”</part></xsl:for-each>
      </xsl:for-each>
      <xsl:for-each select="$monogr">
        <xsl:if test="tei:author and not(../tei:analytic)"><part><span class="author"><xsl:value-of select="string-join(tei:author ! normalize-space(.), '; ')"/></span></part></xsl:if>
        <part>
          <xsl:if test="../tei:analytic">in: </xsl:if>
          <xsl:if test="tei:author and ../tei:analytic"><xsl:value-of select="string-join(tei:author ! normalize-space(.), '; ')"/>, </xsl:if>
          <xsl:for-each select="tei:title[not(@level = 's')]"><xsl:if test="position() gt 1">, </xsl:if><i class="title"><xsl:value-of select="normalize-space(.)"/></i></xsl:for-each>
        </part>
        <xsl:if test="tei:editor">
          <part><xsl:value-of select="string-join(tei:editor ! (if (matches(normalize-space(.), '^(ed\.|eds\.|hg\.|hrsg\.|herausgegeben)', 'i')) then normalize-space(.) else 'ed. ' || normalize-space(.)), '; ')"/></part>
        </xsl:if>
        <xsl:for-each select="tei:edition"><part><xsl:value-of select="normalize-space(.)"/></part></xsl:for-each>
      </xsl:for-each>
      <xsl:variable name="scopes" select="$monogr/tei:biblScope | $imprint/tei:biblScope"/>
      <xsl:variable name="before-imprint" select="$scopes[lower-case(@unit) = ('volume', 'vol', 'band', 'bd', 'issue', 'nr', 'no', 'number', 'heft', 'fascicle')]"/>
      <xsl:sequence select="v:scopes($before-imprint)"/>
      <xsl:if test="$imprint/(tei:pubPlace | tei:publisher)">
        <part><xsl:value-of select="string-join((normalize-space($imprint/tei:pubPlace[1])[. != ''], normalize-space($imprint/tei:publisher[1])[. != '']), ': ')"/></part>
      </xsl:if>
      <xsl:if test="$imprint/tei:date[normalize-space()]"><part><xsl:value-of select="normalize-space($imprint/tei:date[1])"/></part></xsl:if>
      <xsl:for-each select="tei:series[tei:title] | $monogr/tei:title[@level = 's']">
        <part join=" ">(<xsl:value-of select="string-join((normalize-space((tei:title, .)[1]), tei:biblScope ! normalize-space(.)), ', ')"/>)</part>
      </xsl:for-each>
      <xsl:sequence select="v:scopes(($scopes except $before-imprint, tei:citedRange))"/>
      <xsl:for-each select=".//tei:idno[normalize-space()][not(matches(normalize-space(.), '^(https?://|doi:)'))]">
        <part><xsl:value-of select="string-join((@type[lower-case(.) = ('isbn', 'issn', 'doi')] ! upper-case(.), normalize-space(.)), ' ')"/></part>
      </xsl:for-each>
      <xsl:for-each select="(.//tei:idno[matches(normalize-space(.), '^(https?://|doi:)')] | .//tei:ref | .//tei:ptr)[exists(v:safe-url(@target)) or self::tei:idno][not(starts-with(normalize-space(@target), '#'))]">
        <xsl:variable name="url" select="if (self::tei:idno) then v:safe-url(normalize-space(.)) else v:safe-url(@target)"/>
        <part><a class="url" href="{$url}"><xsl:value-of select="if (normalize-space(.)) then normalize-space(.) else $url"/></a></part>
      </xsl:for-each>
    </xsl:variable>
    <span class="citation">
      <xsl:for-each select="$parts">
        <xsl:if test="position() gt 1"><xsl:value-of select="(@join, ', ')[1]"/></xsl:if>
        <xsl:copy-of select="node()"/>
      </xsl:for-each>
      <xsl:text>.</xsl:text>
    </span>
  </xsl:template>

  <!-- An unstructured citation (words between its parts): as written. -->
  <xsl:template match="tei:bibl" mode="citation">
    <span class="citation"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Archival reference of the Russian kind (our encoder's, with fond, opis, delo): AP RF, f. 45, op. 1, d. 330, ll. 95–96. -->
  <xsl:template match="tei:msDesc[tei:msIdentifier/tei:idno/@type = ('fond', 'opis', 'delo')]" mode="citation">
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
  <!-- A manuscript or object as cataloguers cite it: place, repository, collection, shelfmark (its name beside);
       then what it is (form, material, extent, dimensions, hands, postmarks and other additions). -->
  <xsl:template match="tei:msDesc" mode="citation">
    <xsl:variable name="id" select="tei:msIdentifier"/>
    <span class="citation manuscript">
      <xsl:value-of select="string-join((
        ($id/tei:settlement, $id/tei:institution, $id/tei:repository, $id/tei:collection) ! normalize-space(.)[. != ''],
        $id/tei:idno ! normalize-space(.)[. != ''],
        $id/tei:msName ! ('“' || normalize-space(.) || '”')[. != '“”'],
        $id/tei:altIdentifier/tei:idno ! normalize-space(.)[. != ''] ! ('also ' || .)
      ), ', ')"/>
      <xsl:variable name="physical" select="v:physical-summary(.)"/>
      <xsl:if test="$physical != ''">
        <xsl:if test="normalize-space($id) != ''">. </xsl:if>
        <span class="physical"><xsl:value-of select="$physical"/></span>
      </xsl:if>
      <xsl:text>.</xsl:text>
    </span>
  </xsl:template>

  <!-- What an object is, in a line: its form, material, extent, dimensions, hands and additions. -->
  <xsl:function name="v:physical-summary" as="xs:string">
    <xsl:param name="ms" as="element()"/>
    <xsl:variable name="physical" select="$ms/tei:physDesc"/>
    <xsl:variable name="object" select="$physical/tei:objectDesc"/>
    <xsl:sequence select="string-join((
        ($ms//tei:objectType[not(ancestor::tei:msPart)], $ms/../tei:objectType) ! (normalize-space(.), @corresp ! replace(., '[-_]', ' '))[. != ''][1],
        $object/@form ! replace(., '[-_]', ' '),
        $physical//tei:material ! normalize-space(.)[. != ''],
        $physical//tei:extent ! v:extent(.)[. != ''],
        $physical//tei:supportDesc/tei:support/tei:dimensions ! v:dimensions(.),
        $physical/tei:handDesc/tei:handNote ! string-join((@medium, @style, @scribe) ! replace(., '[-_#]', ' '), ', ')[normalize-space(.) != ''],
        $physical/tei:additions ! normalize-space(.)[. != '']
      ), '; ')"/>
  </xsl:function>

  <!-- An extent: its words, else its measures ("1 leaf, 2 pages"). -->
  <xsl:function name="v:extent" as="xs:string">
    <xsl:param name="extent" as="element()"/>
    <xsl:sequence select="string-join((
        normalize-space(string-join($extent/text() | $extent/*[not(self::tei:measure or self::tei:dimensions)], ' '))[. != ''],
        $extent/tei:measure ! (if (normalize-space(.)) then normalize-space(.) else normalize-space(string-join((@quantity, @unit ! replace(., '[-_]', ' ')), ' '))),
        $extent/tei:dimensions ! v:dimensions(.)
      )[. != ''], ', ')"/>
  </xsl:function>

  <!-- Dimensions: height × width × depth with the unit ("10.5 × 23.5 × 27 cm"); a typed one says its type. -->
  <xsl:function name="v:dimensions" as="xs:string">
    <xsl:param name="dimensions" as="element()"/>
    <xsl:variable name="values" select="$dimensions/(tei:height | tei:width | tei:depth | tei:dim)[normalize-space() or @quantity]
                                        ! (if (normalize-space(.)) then normalize-space(.) else string(@quantity))"/>
    <xsl:variable name="unit" select="($dimensions/@unit, $dimensions/*/@unit)[1]"/>
    <xsl:sequence select="if (empty($values)) then normalize-space($dimensions)
                          else string-join(($dimensions/@type ! replace(., '([a-z])([A-Z])', '$1 $2') ! lower-case(.), string-join($values, ' × ') || ($unit ! (' ' || .))), ' ')"/>
  </xsl:function>

  <!-- ============================================================ descriptions -->

  <!-- A witness of a collated document: its description as written (shelfmark, date, a catalogue entry),
       without the label that repeats its siglum. -->
  <xsl:template match="tei:witness" mode="witness">
    <xsl:apply-templates select="node()[not(self::tei:label[normalize-space() = (../@xml:id, ../@n)])]
                                 [not(self::tei:witness or self::tei:listWit)]" mode="witness"/>
  </xsl:template>
  <xsl:template match="tei:msDesc | tei:bibl | tei:biblStruct" mode="witness"><xsl:apply-templates select="." mode="citation"/></xsl:template>
  <xsl:template match="node()" mode="witness"><xsl:apply-templates select="."/></xsl:template>

  <!-- A manuscript or object described as its catalogue does: contents (items with locus, author, title, rubric,
       incipit, explicit), physical description (object, hands, decoration, binding, seals), history (origin,
       provenance, acquisition), further information. Only a description that says more than the citation line. -->
  <xsl:template match="tei:msDesc" mode="description">
    <xsl:variable name="contents" select="tei:msContents[tei:summary or tei:textLang or count(.//tei:msItem) gt 1 or tei:p
                                          or .//tei:msItem/*[not(self::tei:locus or self::tei:title)]]"/>
    <xsl:if test="normalize-space(string-join(($contents, tei:history, tei:additional, tei:msPart, tei:physDesc//tei:p), '')) != ''">
      <section class="ms-description">
        <h2><xsl:value-of select="if (ancestor::tei:witness) then 'Description of the witness' else 'Description of the source'"/></h2>
        <p class="ms-identifier"><xsl:apply-templates select="." mode="citation"/></p>
        <dl>
          <xsl:apply-templates select="tei:head | tei:msContents | tei:physDesc | tei:history | tei:additional | tei:msPart" mode="description"/>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:msContents | tei:physDesc | tei:history | tei:additional | tei:msPart" mode="description">
    <xsl:if test="normalize-space(.) != ''">
      <dt><xsl:value-of select="map{'msContents': 'Contents', 'physDesc': 'Physical description', 'history': 'History',
                                    'additional': 'Further information', 'msPart': 'Part'}(local-name())"/></dt>
      <dd class="{local-name()}"><xsl:apply-templates mode="ms"/></dd>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:msDesc/tei:head" mode="description"><dt>Title</dt><dd><xsl:apply-templates/></dd></xsl:template>

  <!-- Inside a description: each part labelled as a catalogue labels it; its phrases by the rule table. -->
  <xsl:mode name="ms" on-no-match="text-only-copy"/>
  <xsl:variable name="v:ms-labels" as="map(xs:string, xs:string)" select="map{
      'summary': 'Summary', 'textLang': 'Language', 'incipit': 'Incipit', 'explicit': 'Explicit', 'rubric': 'Rubric',
      'finalRubric': 'Final rubric', 'colophon': 'Colophon', 'filiation': 'Filiation', 'objectDesc': 'Object',
      'supportDesc': 'Support', 'support': 'Support', 'material': 'Material', 'objectType': 'Object type', 'extent': 'Extent',
      'foliation': 'Foliation', 'collation': 'Collation', 'condition': 'Condition', 'layout': 'Layout', 'handDesc': 'Hands',
      'handNote': 'Hand', 'typeDesc': 'Type', 'musicNotation': 'Music notation', 'decoDesc': 'Decoration', 'decoNote': 'Decoration',
      'additions': 'Additions', 'bindingDesc': 'Binding', 'sealDesc': 'Seals', 'seal': 'Seal', 'accMat': 'Accompanying material',
      'origin': 'Origin', 'origPlace': 'Place of origin', 'origDate': 'Date of origin', 'provenance': 'Provenance',
      'acquisition': 'Acquisition', 'adminInfo': 'Administrative information', 'custodialHist': 'Custodial history',
      'surrogates': 'Surrogates', 'recordHist': 'Record history', 'availability': 'Availability', 'scriptDesc': 'Script'}"/>
  <!-- A labelled part: its label, then what it says (empty ones left out). -->
  <xsl:template match="tei:*[map:contains($v:ms-labels, local-name())][not(ancestor::tei:p)]" mode="ms">
    <xsl:if test="normalize-space(.) != '' or @quantity or .//@quantity or @medium or @form">
      <div class="ms-part {local-name()}">
        <span class="ms-label"><xsl:value-of select="$v:ms-labels(local-name())"/><xsl:value-of select="@type ! (' (' || replace(., '[-_]', ' ') || ')')"/>: </span>
        <xsl:choose>
          <xsl:when test="self::tei:extent"><xsl:value-of select="v:extent(.)"/></xsl:when>
          <xsl:when test="self::tei:handNote and not(normalize-space())"><xsl:value-of select="string-join((@medium, @style, @scribe) ! replace(., '[-_#]', ' '), ', ')"/></xsl:when>
          <xsl:otherwise><xsl:apply-templates mode="ms"/></xsl:otherwise>
        </xsl:choose>
      </div>
    </xsl:if>
  </xsl:template>
  <!-- Groupings of a physical description: their parts speak (a codex's form is said). -->
  <xsl:template match="tei:objectDesc | tei:supportDesc | tei:layoutDesc | tei:handDesc | tei:decoDesc | tei:bindingDesc | tei:sealDesc
                       | tei:typeDesc | tei:scriptDesc | tei:adminInfo | tei:musicNotation[tei:*]" mode="ms" priority="1">
    <xsl:if test="@form"><div class="ms-part form"><span class="ms-label">Form: </span><xsl:value-of select="replace(@form, '[-_]', ' ')"/></div></xsl:if>
    <xsl:if test="@material"><div class="ms-part material"><span class="ms-label">Material: </span><xsl:value-of select="(map{'perg': 'parchment', 'chart': 'paper', 'mixed': 'parchment and paper'}(string(@material)), string(@material))[1]"/></div></xsl:if>
    <xsl:apply-templates mode="ms"/>
  </xsl:template>
  <xsl:template match="tei:binding" mode="ms"><div class="ms-part binding"><span class="ms-label">Binding: </span><xsl:apply-templates mode="ms"/></div></xsl:template>

  <!-- An item of the contents: its locus first, then author and title, then its parts. -->
  <xsl:template match="tei:msItem | tei:msItemStruct" mode="ms">
    <div class="msItem">
      <xsl:for-each select="tei:locus"><span class="locus"><xsl:value-of select="normalize-space(if (normalize-space(.)) then . else string-join((@from, @to), '–'))"/></span><xsl:text> </xsl:text></xsl:for-each>
      <xsl:value-of select="string-join((tei:author ! normalize-space(.), tei:title ! normalize-space(.))[. != ''], ', ')"/>
      <xsl:if test="tei:author | tei:title"><xsl:text>. </xsl:text></xsl:if>
      <xsl:apply-templates select="node() except (tei:locus | tei:author | tei:title)" mode="ms"/>
    </div>
  </xsl:template>
  <xsl:template match="tei:dimensions" mode="ms"><span class="dimensions"><xsl:value-of select="v:dimensions(.)"/></span><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:locus" mode="ms"><span class="locus"><xsl:value-of select="normalize-space(if (normalize-space(.)) then . else string-join((@from, @to), '–'))"/></span><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:p | tei:ab" mode="ms"><p><xsl:apply-templates mode="ms"/></p></xsl:template>
  <xsl:template match="tei:list" mode="ms"><ul><xsl:apply-templates select="tei:item" mode="ms"/></ul></xsl:template>
  <xsl:template match="tei:item" mode="ms"><li><xsl:apply-templates mode="ms"/></li></xsl:template>
  <xsl:template match="tei:listBibl | tei:bibl | tei:biblStruct" mode="ms"><span class="citation-list"><xsl:apply-templates select="descendant-or-self::*[self::tei:bibl or self::tei:biblStruct][not(ancestor::tei:bibl or ancestor::tei:biblStruct)]" mode="citation"/></span><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:geo" mode="ms"/>
  <!-- Phrases (names, dates, highlighting, references) as in the text. -->
  <xsl:template match="tei:hi | tei:title | tei:foreign | tei:emph | tei:ref | tei:ptr | tei:date | tei:choice | tei:lb | tei:gap | tei:note | tei:q | tei:quote
                       | tei:persName | tei:placeName | tei:orgName | tei:name" mode="ms"><xsl:apply-templates select="."/></xsl:template>
  <!-- Any other part: its words, a space before a next part that follows without one. -->
  <xsl:template match="tei:*" mode="ms" priority="-1">
    <span class="ms-{local-name()}"><xsl:apply-templates mode="ms"/></span><xsl:if test="following-sibling::node()[1][self::*]"><xsl:text> </xsl:text></xsl:if>
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
