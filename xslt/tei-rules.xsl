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
    <xsl:accumulator-rule match="tei:text//tei:*[v:regularised-name(.)] | tei:text//tei:supplied | tei:text//tei:app[not(v:in-place-app(.))] | tei:text//tei:note[not(v:entry-note(.) or v:inline-note(.))]" select="$value + 1"/>
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

  <!-- A short note in the text of an inscription or papyrus (EpiDoc div type="edition": "!", "sic", "etc."): printed where
       it stands, in parentheses, as Leiden editions print it; not a numbered note. -->
  <xsl:function name="v:inline-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="exists($note[ancestor::tei:div[@type = 'edition']][not(*)][string-length(normalize-space(.)) le 12][not(v:entry-note(.))])"/>
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

  <!-- An apparatus kept apart from the text (TEI Guidelines 12.2.1, 12.2.2): an app in a listApp, its lemma
       located by @from/@to (double end-point: anchors in the text) or by @loc (a line number). -->
  <xsl:function name="v:listed-app" as="xs:boolean">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="exists($app[ancestor::tei:listApp][not(ancestor::tei:app)])"/>
  </xsl:function>
  <!-- Where the note of a listed app stands in the text: the element its @to (else @from) points at, when the
       text shows it. -->
  <xsl:function name="v:app-end" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="to" select="replace(normalize-space(($app/@to, $app/@from)[1]), '^#', '')"/>
    <xsl:sequence select="if ($to != '' and v:listed-app($app)) then id($to, $app)[ancestor::tei:text][not(ancestor::tei:listApp)][not(ancestor::*[v:set-aside(.)])][1] else ()"/>
  </xsl:function>
  <!-- A listed app with no place in the text to point from (located by @loc, or its anchors missing): shown where
       the edition lists it, a line of the apparatus below the text, not a numbered note. -->
  <xsl:function name="v:in-place-app" as="xs:boolean">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="v:listed-app($app) and empty(v:app-end($app))"/>
  </xsl:function>
  <xsl:key name="v:app-ends" match="tei:listApp//tei:app[@to or @from]" use="replace(normalize-space((@to, @from)[1]), '^#', '')"/>

  <!-- Who a pointer names (#id -> the @n of its target, else its id): sigla, editors, sources. -->
  <xsl:function name="v:pointer-names" as="xs:string*">
    <xsl:param name="attribute" as="attribute()*"/>
    <xsl:for-each select="$attribute ! tokenize(normalize-space(.))">
      <xsl:variable name="id" select="replace(., '^#', '')"/>
      <xsl:variable name="target" select="if (starts-with(., '#')) then id($id, $attribute[1]) else ()"/>
      <!-- (an editor or a person pointed at is named by their surname, else their name, as an apparatus names them) -->
      <xsl:variable name="person" select="$target[self::tei:editor or self::tei:author or self::tei:persName or self::tei:person or self::tei:name or self::tei:respStmt]"/>
      <xsl:variable name="name" select="($person//tei:surname, $person/descendant-or-self::tei:persName, $person/descendant-or-self::tei:name, $person)[normalize-space()][1] ! normalize-space(.)"/>
      <xsl:sequence select="if ($target/@n and not($target/self::tei:witness)) then normalize-space($target/@n)
                            else if (exists($name) and string-length($name) le 40) then $name else $id"/>
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

  <!-- A language tag HTML can carry (BCP 47 in form; not 'und'). -->
  <xsl:function name="v:lang-tag" as="xs:string?">
    <xsl:param name="lang" as="attribute()?"/>
    <xsl:sequence select="string($lang)[matches(., '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$')][lower-case(.) != 'und']"/>
  </xsl:function>

  <!-- The language an element changes to: its xml:lang, when it is not the language around it (the text's own
       language is given to the text, from the nearest xml:lang above it, the TEI root's included). -->
  <xsl:function name="v:changed-lang" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="own" select="if ($element/self::tei:text[not(ancestor::tei:text)]) then ($element/ancestor-or-self::*/@xml:lang)[last()] else $element/@xml:lang"/>
    <xsl:variable name="around" select="if ($element/self::tei:text[not(ancestor::tei:text)]) then () else ($element/ancestor::*/@xml:lang)[last()]"/>
    <xsl:sequence select="v:lang-tag($own)[not(exists($around) and lower-case(.) = lower-case($around))]"/>
  </xsl:function>

  <!-- What a rule made, its first element (an anchor aside) with attributes added. -->
  <xsl:function name="v:mark-first" as="node()*">
    <xsl:param name="out" as="document-node()"/>
    <xsl:param name="attributes" as="map(xs:string, xs:string)"/>
    <xsl:variable name="first" select="($out/*[not(@class = 'anchor')])[1]"/>
    <xsl:for-each select="$out/node()">
      <xsl:choose>
        <xsl:when test=". is $first">
          <xsl:copy><xsl:copy-of select="@*"/>
            <xsl:for-each select="map:keys($attributes)"><xsl:attribute name="{.}" select="$attributes(.)"/></xsl:for-each>
            <xsl:copy-of select="node()"/></xsl:copy>
        </xsl:when>
        <xsl:otherwise><xsl:copy-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- Any element of the text in another language (not only foreign): what its rule makes carries HTML lang, so that
       screen readers read it and the print edition hyphenates it by that language's patterns (TEI Guidelines vi.1,
       xml:lang; HTML lang). One element made: the attribute on it; several, or text alone: a span around them. -->
  <xsl:template match="tei:text//tei:*[@xml:lang][exists(v:changed-lang(.))]" priority="20">
    <xsl:variable name="out"><xsl:next-match/></xsl:variable>
    <xsl:call-template name="v:with-lang"><xsl:with-param name="out" select="$out"/><xsl:with-param name="lang" select="v:changed-lang(.)"/></xsl:call-template>
  </xsl:template>
  <!-- A block set as the source sets it (@rend: centred, flush right, indented), as TEI Publisher's processing model
       reads @rend: a class on what the element's rule makes (web and print style it alike). -->
  <xsl:function name="v:rend-class" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="keys" select="tokenize(lower-case(normalize-space($element/@rend)), '[\s:;(),]+')"/>
    <xsl:sequence select="string-join((if ($keys = ('center', 'centre', 'centered', 'centred', 'align-center', 'text-center')) then 'rend-center' else (),
                                       if ($keys = ('right', 'align-right', 'flush-right', 'text-right')) then 'rend-right' else (),
                                       if ($keys = ('indent', 'indented')) then 'rend-indent' else ()), ' ')[. != '']"/>
  </xsl:function>
  <xsl:template match="tei:text//tei:*[@rend][not(self::tei:hi)][exists(v:rend-class(.))]" priority="19">
    <xsl:variable name="class" select="v:rend-class(.)"/>
    <xsl:variable name="out"><xsl:next-match/></xsl:variable>
    <xsl:variable name="first" select="($out/*[not(@class = 'anchor')])[1]"/>
    <xsl:for-each select="$out/node()">
      <xsl:choose>
        <xsl:when test=". is $first"><xsl:copy><xsl:copy-of select="@*"/><xsl:attribute name="class" select="normalize-space(string-join((@class, $class), ' '))"/><xsl:copy-of select="node()"/></xsl:copy></xsl:when>
        <xsl:otherwise><xsl:copy-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>
  <xsl:template name="v:with-lang">
    <xsl:param name="out" as="document-node()"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$lang = ''"><xsl:sequence select="$out/node()"/></xsl:when>
      <xsl:when test="count($out/*[not(@class = 'anchor')]) = 1 and not($out/text()[normalize-space()])"><xsl:sequence select="v:mark-first($out, map{'lang': $lang})"/></xsl:when>
      <xsl:when test="empty($out/node())"/>
      <xsl:otherwise><span lang="{$lang}"><xsl:sequence select="$out/node()"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ text structure -->

  <!-- Divisions and blocks: the structure of the text. -->
  <xsl:template match="tei:text | tei:front | tei:back | tei:body | tei:group">
    <div class="tei-{local-name()}">
      <!-- (the text's language, from the nearest xml:lang above it: here, not by copying the whole text as the rule for
           any other element in a language of its own does) -->
      <xsl:for-each select="self::tei:text[not(ancestor::tei:text)] ! v:changed-lang(.)"><xsl:attribute name="lang" select="."/></xsl:for-each>
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <!-- A division: an anchor for the contents list and for pointers at it. -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <section class="div" data-type="{@type}">
      <xsl:if test="v:toc-entry(.)"><xsl:attribute name="id" select="v:div-id(.)"/></xsl:if>
      <xsl:if test="@n and not(tei:head)"><xsl:call-template name="v:div-heading"><xsl:with-param name="head" select="()"/></xsl:call-template></xsl:if>
      <xsl:if test="not(@n or tei:head) and map:contains($v:div-labels, string(@type)) and exists(v:shown-words(.))">
        <xsl:call-template name="v:div-heading"><xsl:with-param name="head" select="()"/><xsl:with-param name="label" select="$v:div-labels(string(@type))"/></xsl:call-template>
      </xsl:if>
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
    <xsl:param name="label" as="xs:string?"/>
    <xsl:variable name="depth" select="min((count(ancestor-or-self::tei:div | ancestor-or-self::tei:div1 | ancestor-or-self::tei:div2 | ancestor-or-self::tei:div3 | ancestor::tei:lg | ancestor::tei:list) + v:heading-offset(), 6))"/>
    <xsl:variable name="div" select="if ($head) then $head/parent::*[v:is-div(.)] else ."/>
    <xsl:element name="h{$depth}">
      <xsl:if test="exists($div/@n) and (empty($head) or $head is $div/tei:head[1]) and not(starts-with(normalize-space($head), normalize-space($div/@n)))">
        <span class="div-number"><xsl:value-of select="$div/@n"/></span><xsl:if test="$head"><xsl:text> </xsl:text></xsl:if>
      </xsl:if>
      <xsl:apply-templates select="$head/node()"/>
      <xsl:value-of select="$label"/>
    </xsl:element>
  </xsl:template>
  <!-- The parts of an EpiDoc edition without a heading of their own are headed as the EpiDoc reference stylesheets
       head them (an edition's text, being the page's own, has none). -->
  <xsl:variable name="v:div-labels" as="map(xs:string, xs:string)" select="map{'apparatus': 'Apparatus', 'translation': 'Translation',
      'commentary': 'Commentary', 'bibliography': 'Bibliography'}"/>
  <!-- The words a division shows (not those of the registers set aside from it). -->
  <xsl:function name="v:shown-words" as="text()*">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="$div//text()[normalize-space()][not(ancestor::*[v:set-aside(.)])]"/>
  </xsl:function>
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

  <!-- Verse (TEI Guidelines 6, Verse): a stanza with its number, rhyme scheme and metre as the edition declares
       them; a line with its number (a line split between speakers, @part M/F, continues where the first part ended,
       its number not repeated); a caesura a wider space; a rhyme word with its letter of the scheme. -->
  <xsl:template match="tei:lg">
    <div class="lg">
      <xsl:for-each select="@type"><xsl:attribute name="data-type" select="."/></xsl:for-each>
      <xsl:if test="@n or @rhyme or @met">
        <span class="lg-label">
          <xsl:for-each select="@n"><span class="lg-number"><xsl:value-of select="."/></span></xsl:for-each>
          <xsl:for-each select="@rhyme"><xsl:text> </xsl:text><span class="lg-rhyme" title="rhyme scheme"><xsl:value-of select="."/></span></xsl:for-each>
          <xsl:for-each select="@met"><xsl:text> </xsl:text><span class="lg-met" title="metre"><xsl:value-of select="."/></span></xsl:for-each>
        </span>
      </xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <xsl:template match="tei:l">
    <xsl:variable name="continued" select="@part = ('M', 'F') and preceding::tei:l[1][@n = current()/@n]"/>
    <div class="l{if (@part = ('M', 'F')) then ' part-' || @part else ''}">
      <xsl:apply-templates select="." mode="v:line-marker"/>
      <xsl:if test="@n and not($continued)"><span class="line-number"><xsl:value-of select="@n"/></span></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <!-- What an output marks a verse line with beyond its number (print.xsl: the verse number it is counted by); here nothing. -->
  <xsl:template match="tei:l" mode="v:line-marker"/>
  <xsl:template match="tei:caesura"><span class="caesura" title="caesura"><xsl:text> </xsl:text></span></xsl:template>
  <xsl:template match="tei:rhyme">
    <span class="rhyme" title="rhyme{@label ! (' ' || .)}"><xsl:apply-templates/></span>
    <xsl:if test="normalize-space(@label)"><sup class="rhyme-label"><xsl:value-of select="normalize-space(@label)"/></sup></xsl:if>
  </xsl:template>

  <!-- Drama (TEI Guidelines 7, Performance Texts): speeches with their speaker; a stage direction a block of its own
       between speeches, inline inside a speech's sentence (an aside); the cast list with its groups, each role with
       its description and the actor who played it. -->
  <xsl:template match="tei:sp"><div class="sp"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:speaker"><p class="speaker"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:stage">
    <xsl:element name="{if (v:inline(.)) then 'span' else 'p'}">
      <xsl:attribute name="class" select="'stage'"/>
      <xsl:for-each select="@type"><xsl:attribute name="data-type" select="."/></xsl:for-each>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:castList | tei:castGroup">
    <xsl:element name="{if (self::tei:castList) then 'section' else 'li'}">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:apply-templates select="tei:head"/>
      <ul><xsl:apply-templates select="node() except tei:head"/></ul>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:castList/tei:head | tei:castGroup/tei:head"><p class="cast-head"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:castItem"><li class="castItem"><xsl:apply-templates/></li></xsl:template>
  <xsl:template match="tei:role | tei:roleDesc | tei:actor">
    <xsl:if test="self::tei:actor and preceding-sibling::*"><span class="actor-sep"> — </span></xsl:if>
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:set"><div class="set"><xsl:apply-templates/></div></xsl:template>

  <!-- Whether an element stands inside a line of text (a paragraph, a verse line, a block of text, or beside
       words of its own parent): then it is made inline, never a block inside a sentence. -->
  <xsl:function name="v:inline" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element/ancestor::*[self::tei:p or self::tei:l or self::tei:ab or self::tei:head or self::tei:speaker or self::tei:item or self::tei:cell or self::tei:note or self::tei:quote[ancestor::tei:p]][1])
                          or exists($element/../text()[normalize-space()])"/>
  </xsl:function>

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
  <!-- A glossary list (type="gloss", or labels paired with items: TEI Guidelines 3.8.1): terms and what they mean. -->
  <xsl:template match="tei:list[@type = 'gloss' or tei:label]" priority="1">
    <xsl:apply-templates select="tei:head"/>
    <dl class="list gloss"><xsl:apply-templates select="node() except tei:head"/></dl>
  </xsl:template>
  <xsl:template match="tei:list[@type = 'gloss' or tei:label]/tei:label" priority="1"><dt><xsl:apply-templates/></dt></xsl:template>
  <xsl:template match="tei:list[@type = 'gloss' or tei:label]/tei:item" priority="1"><dd><xsl:apply-templates/></dd></xsl:template>
  <!-- A table with its heading as caption; a row of labels (role="label") of header cells. -->
  <xsl:template match="tei:table">
    <table>
      <xsl:for-each select="tei:head"><caption><xsl:apply-templates/></caption></xsl:for-each>
      <xsl:apply-templates select="node() except tei:head"/>
    </table>
  </xsl:template>
  <xsl:template match="tei:row"><tr><xsl:apply-templates/></tr></xsl:template>
  <xsl:template match="tei:cell">
    <xsl:element name="{if ((@role, ../@role)[1] = 'label') then 'th' else 'td'}">
      <xsl:for-each select="@cols[. castable as xs:integer][xs:integer(.) gt 1]"><xsl:attribute name="colspan" select="."/></xsl:for-each>
      <xsl:for-each select="@rows[. castable as xs:integer][xs:integer(.) gt 1]"><xsl:attribute name="rowspan" select="."/></xsl:for-each>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Quotation. -->
  <xsl:template match="tei:quote[ancestor::tei:p or ancestor::tei:l] | tei:q | tei:said">
    <q><xsl:apply-templates/></q>
  </xsl:template>
  <xsl:template match="tei:quote | tei:cit"><blockquote><xsl:apply-templates/></blockquote></xsl:template>
  <!-- A quotation with its source (cit): the quotation, then its source on a line of its own. -->
  <xsl:template match="tei:cit/tei:quote" priority="1"><div class="quote"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:cit/tei:bibl | tei:cit/tei:ref" priority="1"><div class="cit-source"><xsl:next-match/></div></xsl:template>

  <!-- An element an internal pointer names: an anchor before it, so that the link arrives. -->
  <xsl:key name="v:pointed" match="tei:*[@target]" use="tokenize(normalize-space(@target))[starts-with(., '#')] ! substring(., 2)"/>
  <xsl:template match="tei:text//tei:*[@xml:id][not(self::tei:p)][exists(key('v:pointed', string(@xml:id)))]" priority="5">
    <span class="anchor" id="{v:anchor(@xml:id)}"/>
    <xsl:next-match/>
  </xsl:template>
  <!-- An anchor marks a place: where a listed apparatus entry ends, its note mark (double end-point); else nothing. -->
  <xsl:template match="tei:anchor">
    <xsl:for-each select="key('v:app-ends', string(@xml:id))[v:app-end(.)]"><xsl:call-template name="note-mark"/></xsl:for-each>
  </xsl:template>
  <!-- Any other element a listed apparatus entry points at (a line, a word): the note mark after it. -->
  <xsl:template match="tei:text//tei:*[@xml:id][not(self::tei:anchor)][exists(key('v:app-ends', string(@xml:id))[v:app-end(.)])]" priority="4">
    <xsl:next-match/>
    <xsl:for-each select="key('v:app-ends', string(@xml:id))[v:app-end(.)]"><xsl:call-template name="note-mark"/></xsl:for-each>
  </xsl:template>
  <!-- A list of apparatus entries: those with a place in the text are notes there; the others (by line number)
       are the edition's apparatus, shown here: line, lemma] readings. -->
  <xsl:template match="tei:listApp">
    <xsl:apply-templates select="tei:head"/>
    <xsl:if test=".//tei:app[v:in-place-app(.)]">
      <ul class="listApp"><xsl:apply-templates select=".//tei:app[v:in-place-app(.)]"/></ul>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:app[v:in-place-app(.)]" priority="2">
    <li class="apparatus-entry listed {(@type, 'reading')[1]}">
      <xsl:for-each select="(@loc, @n)[1]"><span class="loc"><xsl:value-of select="."/></span><xsl:text> </xsl:text></xsl:for-each>
      <xsl:sequence select="v:entry-lang(v:app-content(.), .)"/>
    </li>
  </xsl:template>
  <xsl:function name="v:app-content" as="node()*">
    <xsl:param name="app" as="element()"/>
    <xsl:for-each select="$app"><xsl:call-template name="v:app-content"/></xsl:for-each>
  </xsl:function>

  <!-- ============================================================ phrase level -->

  <!-- Highlighting: @rend keyword -> HTML element; the first keyword of the table found in @rend wins. -->
  <xsl:variable name="rend-elements" as="map(xs:string, xs:string)"
      select="map{'italic': 'em', 'italics': 'em', 'ital': 'em', 'it': 'em', 'i': 'em', 'bold': 'strong', 'strong': 'strong', 'b': 'strong',
                  'sup': 'sup', 'superscript': 'sup', 'sub': 'sub', 'subscript': 'sub', 'underline': 'u', 'ul': 'u', 'underlined': 'u',
                  'smallcaps': 'span', 'small-caps': 'span', 'sc': 'span', 'supraline': 'span', 'overline': 'span',
                  'strikethrough': 's', 'line-through': 's', 'letterspace': 'span', 'spaced': 'span', 'gesperrt': 'span',
                  'latintype': 'span', 'antiqua': 'span', 'roman': 'span', 'pre-print': 'span', 'preprint': 'span', 'stamp': 'span'}"/>
  <!-- The class a keyword is shown by (CSS): small capitals; supraline, the stroke over a numeral of an inscription or
       papyrus; letterspacing; Latin type among German script (latintype); the printed part of a form or letterhead. -->
  <xsl:variable name="v:rend-classes" as="map(xs:string, xs:string)"
      select="map{'smallcaps': 'smallcaps', 'small-caps': 'smallcaps', 'sc': 'smallcaps', 'supraline': 'supraline', 'overline': 'supraline',
                  'letterspace': 'spaced', 'spaced': 'spaced', 'gesperrt': 'spaced', 'latintype': 'latintype', 'antiqua': 'latintype',
                  'roman': 'latintype', 'pre-print': 'pre-print', 'preprint': 'pre-print', 'stamp': 'stamp'}"/>
  <!-- (no @rend: italics, the usual highlighting; a @rend the table does not know: its words, marked, not a guess) -->
  <xsl:template match="tei:hi">
    <xsl:variable name="words" select="tokenize(lower-case(normalize-space(@rend)), '[\s:;(),]+')"/>
    <xsl:variable name="keys" select="$words[map:contains($rend-elements, .)]"/>
    <xsl:element name="{if (exists($keys)) then $rend-elements($keys[1]) else if (normalize-space(@rend)) then 'span' else 'em'}">
      <xsl:attribute name="class" select="string-join(('hi', $keys[map:contains($v:rend-classes, .)] ! $v:rend-classes(.)), ' ')"/>
      <xsl:if test="empty($keys) and normalize-space(@rend)"><xsl:attribute name="data-rend" select="normalize-space(@rend)"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:emph | tei:mentioned | tei:soCalled"><em><xsl:apply-templates/></em></xsl:template>
  <!-- A term in another language: italic, with its language for screen readers and hyphenation. -->
  <xsl:template match="tei:foreign">
    <i class="foreign">
      <xsl:if test="exists(v:lang-tag(@xml:lang))"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:apply-templates/>
    </i>
  </xsl:template>
  <xsl:template match="tei:title[not(ancestor::tei:bibl or ancestor::tei:biblStruct)]"><cite><xsl:apply-templates/></cite></xsl:template>
  <!-- A citation in the running text (the source of a quotation, a reference in a note): as written, its titles in
       italics; a structured one as a citation is formatted. -->
  <xsl:template match="tei:bibl"><span class="bibl"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:bibl//tei:title"><i class="title"><xsl:apply-templates/></i></xsl:template>
  <xsl:template match="tei:biblStruct"><xsl:apply-templates select="." mode="citation"/></xsl:template>
  <!-- A bibliography that is the text (not a register set aside from it): one citation a line, as written. -->
  <xsl:template match="tei:listBibl">
    <xsl:apply-templates select="tei:head"/>
    <ul class="listBibl">
      <xsl:for-each select="* except tei:head"><li><xsl:apply-templates select="."/></li></xsl:for-each>
    </ul>
  </xsl:template>
  <!-- A list of witnesses in the text (an edition's conspectus siglorum): each siglum with its description. -->
  <xsl:template match="tei:listWit">
    <xsl:apply-templates select="tei:head"/>
    <dl class="listWit">
      <xsl:for-each select="tei:witness | tei:listWit">
        <dt>
          <!-- (a witness a reference points at is its anchor: "corrector of M") -->
          <xsl:if test="@xml:id and exists(key('v:pointed', string(@xml:id)))"><xsl:attribute name="id" select="v:anchor(@xml:id)"/></xsl:if>
          <xsl:value-of select="(normalize-space(tei:label[1])[. != ''], @n, @xml:id)[1]"/>
        </dt>
        <!-- (its words as written: the witnesses it stands for, a stemma's branches, nest) -->
        <dd><xsl:apply-templates select="if (self::tei:listWit) then . else node()[not(self::tei:label[normalize-space() = (../@xml:id, ../@n)])]"/></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>
  <!-- A manuscript or object described inside the text (a catalogue's entry as its text): its citation line and its
       description, as the page gives the source's. -->
  <xsl:template match="tei:text//tei:msDesc">
    <div class="msDesc"><p class="ms-identifier"><xsl:apply-templates select="." mode="citation"/></p><xsl:apply-templates select="." mode="description"/></div>
  </xsl:template>
  <!-- A note of the description (a witness's, a catalogue's): its words in parentheses where it stands. -->
  <xsl:template match="tei:note[not(ancestor::tei:text)] | tei:listWit//tei:note">
    <!-- (not in a second pair of parentheses when its words have their own) -->
    <xsl:variable name="own" select="matches(normalize-space(.), '^\(.*\)$')"/>
    <span class="note-inline"><xsl:text> </xsl:text><xsl:if test="not($own)">(</xsl:if><xsl:apply-templates/><xsl:if test="not($own)">)</xsl:if></span>
  </xsl:template>
  <xsl:template match="tei:origDate | tei:origPlace | tei:origin"><span class="{local-name()}"><xsl:apply-templates/></span></xsl:template>

  <!-- A dictionary (TEI Guidelines 9): an entry a block, its headword bold, the pronunciation between slashes, the
       grammar in italics, each sense numbered, usage in parentheses. -->
  <xsl:template match="tei:entry | tei:entryFree | tei:superEntry"><div class="entry"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:form"><span class="form"><xsl:apply-templates/></span><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:orth"><b class="orth"><xsl:apply-templates/></b></xsl:template>
  <xsl:template match="tei:pron"><span class="pron"> /<xsl:apply-templates/>/</span></xsl:template>
  <xsl:template match="tei:gramGrp | tei:pos | tei:gen | tei:number | tei:case | tei:tns | tei:mood | tei:iType"><i class="{local-name()}"><xsl:apply-templates/></i><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:sense">
    <div class="sense"><xsl:for-each select="@n"><span class="sense-number"><xsl:value-of select="."/>.</span><xsl:text> </xsl:text></xsl:for-each><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:usg"><span class="usg">(<xsl:apply-templates/>)</span><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:def"><span class="def"><xsl:apply-templates/></span></xsl:template>
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
    <xsl:if test="not(v:before-block(.))">
      <xsl:if test="preceding-sibling::node()[not(self::text()[not(normalize-space())])]"><br/></xsl:if>
      <xsl:apply-templates select="." mode="v:lb-number"/>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:lb" mode="v:lb-number">
    <xsl:if test="normalize-space(@n) != ''">
      <span class="lb-number{if (matches(@n, '^\d+$') and xs:integer(@n) mod 5 != 0) then ' minor' else ''}"><xsl:value-of select="normalize-space(@n)"/></span>
    </xsl:if>
  </xsl:template>
  <!-- A line of the source that a block begins (lb between a paragraph, a verse line, a closer ... and the next, as
       TEI Publisher's letters have them): the block begins the line, so no line break of its own, which would stand
       as an empty line before it; the line's number stands first in the block, as it does in a paragraph. -->
  <xsl:function name="v:before-block" as="xs:boolean">
    <xsl:param name="lb" as="element()"/>
    <xsl:sequence select="v:break-sigla($lb) = '' and exists(v:next-block($lb))"/>
  </xsl:function>
  <xsl:function name="v:next-block" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="($node/following-sibling::node()[not(self::text()[not(normalize-space())])])[1]
      [self::tei:p or self::tei:ab or self::tei:head or self::tei:opener or self::tei:closer or self::tei:postscript
       or self::tei:dateline or self::tei:byline or self::tei:salute or self::tei:signed or self::tei:lg or self::tei:l
       or self::tei:list or self::tei:table or self::tei:div or self::tei:epigraph or self::tei:argument or self::tei:trailer]"/>
  </xsl:function>
  <xsl:function name="v:beginning-line" as="element()?">
    <xsl:param name="block" as="element()"/>
    <xsl:sequence select="$block/preceding-sibling::node()[not(self::text()[not(normalize-space())])][1]
      [self::tei:lb][v:before-block(.)][v:next-block(.) is $block]"/>
  </xsl:function>
  <xsl:template match="tei:text//tei:*[preceding-sibling::*[1][self::tei:lb]][exists(v:beginning-line(.))]" priority="4">
    <xsl:variable name="number"><xsl:apply-templates select="v:beginning-line(.)" mode="v:lb-number"/></xsl:variable>
    <xsl:variable name="out"><xsl:next-match/></xsl:variable>
    <xsl:choose>
      <xsl:when test="count($out/node()[not(self::text()[not(normalize-space())])]) = 1 and exists($out/*)">
        <xsl:for-each select="$out/*"><xsl:copy><xsl:copy-of select="@*"/><xsl:copy-of select="$number"/><xsl:copy-of select="node()"/></xsl:copy></xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="$number"/><xsl:copy-of select="$out"/></xsl:otherwise>
    </xsl:choose>
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
    <!-- A gap measured in words, pages or as the editor puts it ("half a page"): said in words, as documentary
         editions do; dots and dashes count letters and lines only. -->
    <xsl:variable name="said" select="if (@unit and not(lower-case(@unit) = ('character', 'characters', 'char', 'chars', 'letter', 'letters', 'line', 'lines'))
                                          and (exists($n) or normalize-space(@extent) != '')) then
                                        string-join(((if (exists($n)) then string($n) else normalize-space(@extent)) || ' ' || replace(@unit, '[-_]', ' ') || (if ($n != 1 and not(ends-with(@unit, 's'))) then 's' else ''), @reason), ' ')
                                      else if (normalize-space(@extent) != '' and not(matches(@extent, '^(\d+|unknown)$')) and empty(@unit)) then
                                        string-join((normalize-space(@extent), @reason), ' ')
                                      else ()"/>
    <xsl:choose>
      <xsl:when test="exists($said)"><span class="gap described{if (@reason = 'illegible') then ' illegible' else if (@reason = 'lost') then ' lost' else ''}" title="{$title}">[<xsl:value-of select="$said"/>]</span></xsl:when>
      <xsl:when test="@reason = 'illegible'"><span class="gap illegible" title="{$title}"><xsl:value-of select="$inner"/></span></xsl:when>
      <xsl:when test="@reason = 'lost' or exists($n) or @unit"><span class="gap lost{if ($lines) then ' lines' else ''}" title="{$title}"><xsl:value-of select="if ($lines) then $inner else '[' || $inner || ']'"/></span></xsl:when>
      <xsl:otherwise><span class="gap" title="gap in the source{if (@reason) then ' (' || @reason || ')' else ''}">[…]</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- Unclear letters: a dot under each (Leiden). -->
  <xsl:template match="tei:unclear"><span class="unclear" title="unclear in the source{@reason ! (' (' || replace(., '[-_]', ' ') || ')')}"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:unclear//text()"><xsl:value-of select="replace(., '(\S)', '$1&#x323;')"/></xsl:template>
  <!-- Space left blank in the source: a space, wider when its extent is given, never words run together. -->
  <xsl:template match="tei:space">
    <xsl:variable name="n" select="if (matches(@quantity, '^\d+$')) then xs:integer(@quantity) else if (matches(@extent, '^\d+$')) then xs:integer(@extent) else 0"/>
    <xsl:choose>
      <!-- In an edition of an inscription or papyrus (EpiDoc div type="edition"), a space the stonecutter or scribe left
           is Leiden's vacat: "vac. 3", "vac." of unknown extent, a line left blank "vacat". -->
      <xsl:when test="ancestor::tei:div[@type = 'edition']">
        <xsl:text> </xsl:text>
        <span class="space vacat" title="{normalize-space(string-join(('space left blank in the source', @quantity, @extent, @unit), ' '))}">
          <xsl:value-of select="if (@unit = ('line', 'lines')) then 'vacat' else 'vac.' || (if ($n gt 0) then ' ' || $n else '')"/>
        </span>
        <xsl:text> </xsl:text>
      </xsl:when>
      <xsl:when test="$n gt 0 or @unit or @extent">
        <span class="space" title="{normalize-space(string-join(('blank space in the source', @quantity, @extent, @unit), ' '))}"><xsl:value-of select="' ' || string-join((1 to min((max(($n, 1)), 8))) ! '&#x2003;', '')"/></span>
      </xsl:when>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- An abbreviation expanded by the editor, in Leiden form: the letters written, the expansion in parentheses,
       the abbreviation mark kept as written. -->
  <xsl:template match="tei:expan"><span class="expan"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:ex"><span class="ex">(<xsl:apply-templates/><xsl:if test="@cert = 'low'">?</xsl:if>)</span></xsl:template>

  <!-- A word or a punctuation mark singled out (for its facsimile zone, its lemma): as written. -->
  <!-- (a word only partly preserved, @part I or F: Leiden's hyphen where it breaks off, ἑτα[ῖρ-]) -->
  <xsl:template match="tei:w | tei:pc"><span class="{local-name()}"><xsl:if test="self::tei:w and @part = ('M', 'F')">-</xsl:if><xsl:apply-templates/><xsl:if test="self::tei:w and @part = ('I', 'M')">-</xsl:if></span></xsl:template>
  <!-- A deletion (TEI Guidelines 11.3.1.4; Leiden): struck through as the writer struck it, an erasure in double
       brackets ⟦ ⟧; how and by whom in its title. -->
  <xsl:template match="tei:del">
    <del class="del{@rend ! (' ' || replace(normalize-space(.), '\s+', '-'))}" title="{string-join(('deleted', @rend ! ('(' || replace(., '[-_]', ' ') || ')'), @hand ! ('by ' || v:hand-name(.))), ' ')}">
      <xsl:if test="@rend = 'erasure'"><span class="bracket">⟦</span></xsl:if><xsl:apply-templates/><xsl:if test="@rend = 'erasure'"><span class="bracket">⟧</span></xsl:if>
    </del>
  </xsl:template>
  <!-- A substitution: the deletion and the addition that replaces it, side by side. -->
  <xsl:template match="tei:subst"><span class="subst"><xsl:apply-templates/></span></xsl:template>
  <!-- An abbreviation as written (outside a choice; in an expansion, the letters before the parenthesis). -->
  <xsl:template match="tei:abbr"><abbr class="abbr"><xsl:apply-templates/></abbr></xsl:template>
  <!-- An abbreviation the editor of an inscription leaves unexpanded: Leiden's α(- - -). -->
  <xsl:template match="tei:abbr[ancestor::tei:div[@type = 'edition']][not(parent::tei:expan or parent::tei:choice)]" priority="1">
    <abbr class="abbr" title="abbreviation, not expanded"><xsl:apply-templates/></abbr><span class="ex unexpanded">(- - -)</span>
  </xsl:template>
  <!-- Where a fragmentary witness begins or ends, or a lacuna: said in the apparatus entry, nothing in the text. -->
  <xsl:template match="tei:witStart | tei:witEnd | tei:lacunaStart | tei:lacunaEnd"/>
  <!-- An addition (TEI Guidelines 11.3.1.4): where the writer put it (above, below the line, in the margin) and in
       which hand; above and below raised and lowered, in the margin set apart, Leiden's ` ´ around it. -->
  <xsl:template match="tei:add">
    <ins class="add{@place ! (' ' || replace(normalize-space(.), '\s+', '-'))}" title="{string-join((if (@place = 'overstrike') then 'written over other letters' else 'added',
        @place[not(. = 'overstrike')] ! ((if (. = ('above', 'below')) then '' else 'in the ') || replace(., '[-_]', ' ') || (if (. = ('above', 'below')) then ' the line' else '')), @hand ! ('by ' || v:hand-name(.))), ' ')}">
      <!-- (written over letters erased or struck: Leiden's « ») -->
      <xsl:if test="@place = 'overstrike'"><span class="bracket">«</span></xsl:if><xsl:apply-templates/><xsl:if test="@place = 'overstrike'"><span class="bracket">»</span></xsl:if>
    </ins>
  </xsl:template>
  <!-- The hand a pointer names: its handNote's scribe, medium or words, else its id. -->
  <xsl:function name="v:hand-name" as="xs:string">
    <xsl:param name="pointer" as="attribute()"/>
    <xsl:variable name="id" select="replace(normalize-space($pointer), '^#', '')"/>
    <xsl:variable name="note" select="root($pointer)//tei:handNote[@xml:id = $id]"/>
    <xsl:sequence select="(normalize-space($note[1])[. != ''], $note[1]/(@scribe, @medium) ! replace(., '[-_#]', ' '), $id)[1]"/>
  </xsl:function>
  <!-- A change of hand: a marker where the new hand begins, with what the description says of it. -->
  <xsl:template match="tei:handShift">
    <span class="handShift" title="{string-join(('another hand begins', @new ! v:hand-name(.), @medium ! replace(., '[-_]', ' ')), ': ')}">
      <xsl:text>[</xsl:text><xsl:value-of select="(@new ! replace(normalize-space(.), '^#', ''), @medium, 'new hand')[1]"/><xsl:text>:]</xsl:text>
    </span>
  </xsl:template>
  <!-- Damage to the support: the words kept, marked (how, by what, in its title). -->
  <xsl:template match="tei:damage">
    <span class="damage" title="{string-join(('damaged in the source', @agent ! ('(' || replace(., '[-_]', ' ') || ')')), ' ')}"><xsl:apply-templates/></span>
  </xsl:template>
  <!-- Letters the writer wrote in excess: in braces (Leiden { }); letters the editor secludes as not authentic: in
       square brackets, as classical editions do. -->
  <xsl:template match="tei:surplus"><span class="surplus" title="superfluous letters, written in the source{@reason ! (' (' || . || ')')}"><span class="bracket">{</span><xsl:apply-templates/><span class="bracket">}</span></span></xsl:template>
  <xsl:template match="tei:secl"><span class="secl" title="secluded by the editor{@reason ! (' (' || . || ')')}"><span class="bracket">[</span><xsl:apply-templates/><span class="bracket">]</span></span></xsl:template>
  <!-- A correction, a sic or an original spelling standing alone (not in a choice): the editor's corrected letters
       in Leiden's ⌜ ⌝, a sic as written with (!), an original spelling as written. -->
  <xsl:template match="tei:corr[not(parent::tei:choice)]"><span class="corr" title="corrected by the editor"><span class="bracket">⌜</span><xsl:apply-templates/><span class="bracket">⌝</span></span></xsl:template>
  <xsl:template match="tei:sic[not(parent::tei:choice)]"><span class="sic" title="so in the source"><xsl:apply-templates/><span class="sic-mark"> (!)</span></span></xsl:template>
  <xsl:template match="tei:orig[not(parent::tei:choice)] | tei:reg[not(parent::tei:choice)]"><span class="{local-name()}"><xsl:apply-templates/></span></xsl:template>
  <!-- A character or glyph (EpiDoc: g/@type): as written; an empty one by the sign the EpiDoc reference stylesheets
       print for its type (a stauros ⳨, a chi-rho ☧, a leaf ❦, an interpunct ·), else its type in parentheses. -->
  <xsl:variable name="v:glyphs" as="map(xs:string, xs:string)" select="map{'stauros': '⳨', 'cross': '✝', 'chirho': '☧', 'chi-rho': '☧',
      'leaf': '❦', 'hedera': '❦', 'interpunct': '·', 'dot': '·', 'dipunct': '∶', 'triangle': '▴', 'circle': '○', 'palm': '⸙',
      'crux': '†', 'filler': '—', 'slanting-stroke': '/', 'parens-punctuation-opening': '(', 'parens-punctuation-closing': ')'}"/>
  <xsl:template match="tei:g">
    <xsl:variable name="type" select="lower-case(normalize-space((@type, replace(@ref, '^.*#', ''))[1]))"/>
    <span class="g" title="{if ($type) then replace($type, '[-_]', ' ') else 'glyph'}">
      <xsl:choose>
        <xsl:when test="normalize-space()"><xsl:apply-templates/></xsl:when>
        <xsl:when test="map:contains($v:glyphs, $type)"><xsl:value-of select="$v:glyphs($type)"/></xsl:when>
        <xsl:when test="$type"><xsl:text>(</xsl:text><xsl:value-of select="replace($type, '[-_]', ' ')"/><xsl:text>)</xsl:text></xsl:when>
      </xsl:choose>
    </span>
  </xsl:template>
  <!-- A character: as written; an empty one named by its rendition, a doubling stroke (#gemination-m: a letter written
       once with a stroke for two, "mm") as the letter with the stroke. -->
  <xsl:template match="tei:c"><span class="c"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:c[not(normalize-space())][matches(@rendition, 'gemination-\p{L}$')]" priority="1">
    <xsl:variable name="letter" select="replace(@rendition, '^.*gemination-(\p{L})$', '$1')"/>
    <span class="c gemination" title="{$letter}{$letter}, written with a doubling stroke"><xsl:value-of select="$letter || '&#x304;'"/></span>
  </xsl:template>
  <!-- A number: as written, its value in its title (Roman numerals of an inscription, a sum in words). -->
  <xsl:template match="tei:num"><span class="num"><xsl:for-each select="@value[normalize-space()]"><xsl:attribute name="title" select="'= ' || ."/></xsl:for-each><xsl:apply-templates/></span></xsl:template>
  <!-- An element's name in a text about markup. -->
  <xsl:template match="tei:gi"><code class="gi">&lt;<xsl:apply-templates/>&gt;</code></xsl:template>
  <xsl:template match="tei:tag | tei:att | tei:val | tei:ident | tei:code"><code class="{local-name()}"><xsl:apply-templates/></code></xsl:template>
  <!-- Entries of the back-of-book index, places where a contents list or index is generated, interpretations and
       degrees of certainty: what they say belongs to the edition's own indexes and apparatus, not to the reading text. -->
  <xsl:template match="tei:index | tei:divGen | tei:interp | tei:interpGrp | tei:certainty | tei:precision | tei:respons | tei:span | tei:spanGrp"/>

  <!-- Names: linked to their index entry, each occurrence an anchor the index points back to. -->
  <xsl:template match="tei:text//tei:placeName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:persName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:orgName[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:rs[v:is-occurrence(.)][v:indexed(.)] | tei:text//tei:name[v:is-occurrence(.)][v:indexed(.)]" priority="1">
    <a class="name {local-name()}" id="{v:name-id(.)}" href="../{v:index-page(.)}#{encode-for-uri(v:entity-key(.))}"><xsl:apply-templates/></a>
    <xsl:if test="v:regularised-name(.)"><xsl:call-template name="note-mark"/></xsl:if>
  </xsl:template>
  <!-- A name inside another name that links (two persons named by one phrase: "meine Eltern"): a link cannot hold a
       link, so it is the index's anchor for its occurrence, without one of its own. -->
  <xsl:template match="tei:text//tei:*[@ref or @key][self::tei:placeName or self::tei:persName or self::tei:orgName or self::tei:rs or self::tei:name][v:is-occurrence(.)][v:indexed(.)][ancestor::*[self::tei:placeName or self::tei:persName or self::tei:orgName or self::tei:rs or self::tei:name][v:is-occurrence(.)][v:indexed(.)]]" priority="3">
    <span class="name {local-name()} nested" id="{v:name-id(.)}"><xsl:apply-templates/></span>
    <xsl:if test="v:regularised-name(.)"><xsl:call-template name="note-mark"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:placeName | tei:persName | tei:orgName | tei:name | tei:rs | tei:geogName | tei:roleName | tei:forename | tei:surname | tei:addName | tei:genName | tei:nameLink | tei:settlement | tei:region | tei:country | tei:district | tei:bloc | tei:geogFeat">
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
  <xsl:template match="tei:cb"/>
  <!-- A reference point of the text (milestone: a section, a chapter of another edition): its number where it begins,
       as a canonical citation cites it; one without a number marks nothing a reader sees. -->
  <xsl:template match="tei:milestone">
    <xsl:if test="normalize-space(@n)">
      <span class="milestone" data-unit="{@unit}" title="{string-join((replace(@unit, '[-_]', ' '), @n), ' ')} begins{@ed ! (' (' || . || ')')}">[<xsl:value-of select="normalize-space(@n)"/>]</span>
      <xsl:if test="matches(string(following-sibling::node()[1][self::text()]), '^\S')"><xsl:text> </xsl:text></xsl:if>
    </xsl:if>
  </xsl:template>

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
  <!-- A picture beside the edition is shown; one on another host is a link, never fetched by opening the page.
       A relative path is the other project's: data-graphic says where the TEI points, and the site copies the
       picture beside the page and points src at the copy (variorum.render.facsimile.publish_graphics), or keeps
       only its description when it cannot (outside the folder, missing, not an image). -->
  <xsl:template match="tei:graphic">
    <xsl:variable name="url" select="v:safe-url(@url)"/>
    <xsl:choose>
      <xsl:when test="exists(v:local-url($url))"><img src="{$url}" data-graphic="{$url}" alt="{normalize-space(string((../tei:figDesc, tei:desc)[1]))}" loading="lazy"/></xsl:when>
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
  <xsl:template match="tei:text//tei:note[v:inline-note(.)]" priority="1"><span class="note-inline" title="the editor's note">(<xsl:value-of select="normalize-space(.)"/>)</span></xsl:template>

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
        <xsl:variable name="b" select="v:supplied-brackets(.)"/>
        <span class="lemma"><xsl:value-of select="$b[1] || normalize-space(string-join(.//text()[not(ancestor::tei:reg)], '')) || $b[2]"/></span>
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
      <xsl:with-param name="content"><xsl:call-template name="v:app-content"/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- An entry of a location-referenced apparatus is where the edition put it (its list, below the text). -->
  <xsl:template match="tei:app[v:in-place-app(.)]" mode="apparatus"/>
  <!-- The readings of a group (rdgGrp: readings that agree in substance, a family of witnesses) are told apart by
       commas, the group's kind before them; groups and readings by semicolons. -->
  <xsl:template name="v:app-content">
    <xsl:variable name="readings" select="v:readings(.)"/>
    <xsl:for-each select="$readings">
      <xsl:variable name="i" select="position()"/>
      <xsl:variable name="group" select="ancestor::tei:rdgGrp[1][ancestor::tei:app[1] is current()/ancestor::tei:app[1]]"/>
      <xsl:variable name="same-group" select="$i gt 1 and exists($group) and exists($readings[$i - 1]/ancestor::tei:rdgGrp[1] intersect $group)"/>
      <xsl:if test="$i gt 1 and not($readings[$i - 1][self::tei:lem])">
        <xsl:value-of select="if (parent::tei:varSeq and preceding-sibling::tei:rdg) then ' → ' else if ($same-group) then ', ' else '; '"/>
      </xsl:if>
      <xsl:if test="exists($group/@type) and not($same-group) and not(self::tei:lem)"><span class="group-label"><xsl:value-of select="replace($group/@type, '[-_]', ' ')"/>: </span></xsl:if>
      <span class="{if (self::tei:lem) then 'lemma' else 'reading'}"><xsl:for-each select="v:lang-tag(@xml:lang)"><xsl:attribute name="lang" select="."/></xsl:for-each><xsl:call-template name="v:reading-words"/></span>
      <xsl:variable name="sigla" select="string-join((v:sigla(@wit)[. != ''], v:pointer-names(@source)), ' ')"/>
      <xsl:if test="$sigla != ''"><xsl:text> </xsl:text><span class="sigla"><xsl:value-of select="$sigla"/></span></xsl:if>
      <xsl:for-each select="following-sibling::*[1][self::tei:wit]"><xsl:text> </xsl:text><span class="wit"><xsl:apply-templates/></span></xsl:for-each>
      <xsl:if test="@type[. = ('emendation', 'conjecture', 'correction', 'supplement')] or @resp">
        <xsl:text> </xsl:text>
        <span class="resp"><xsl:value-of select="string-join((v:reading-kind(@type), v:pointer-names(@resp)), ' ')"/></span>
      </xsl:if>
      <xsl:if test="self::tei:lem"><xsl:text>] </xsl:text></xsl:if>
    </xsl:for-each>
    <xsl:call-template name="v:entry-notes"/>
  </xsl:template>
  <!-- The notes of an entry (witDetail, a note in the app): after its readings, with the sigla they speak of. -->
  <xsl:template name="v:entry-notes">
    <xsl:for-each select="(tei:witDetail | tei:rdgGrp/tei:witDetail | tei:note | tei:rdgGrp/tei:note | tei:varSeq/tei:note)[normalize-space() or @wit]">
      <xsl:text> </xsl:text>
      <span class="entry-note {local-name()}">
        <xsl:if test="self::tei:witDetail or @wit">
          <span class="sigla"><xsl:value-of select="string-join((v:sigla(@wit)[. != ''], @type[parent::tei:witDetail] ! replace(., '^lac$', 'lac.')), ': ')"/></span>
          <xsl:if test="normalize-space()"><xsl:text> </xsl:text></xsl:if>
        </xsl:if>
        <xsl:apply-templates/>
      </span>
    </xsl:for-each>
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
  <!-- (a witness named by its @wit: "B begins", else the reading's) -->
  <xsl:template match="tei:witStart | tei:witEnd | tei:lacunaStart | tei:lacunaEnd" mode="reading">
    <xsl:variable name="who" select="v:sigla(@wit)[. != '']"/>
    <em class="{local-name()}"><xsl:value-of select="if (exists($who) and local-name() = ('witStart', 'witEnd')) then ' (' || $who || (if (self::tei:witStart) then ' begins) ' else ' ends) ')
        else map{'witStart': ' (the witness begins) ', 'witEnd': ' (the witness ends) ',
                 'lacunaStart': ' (lacuna begins) ', 'lacunaEnd': ' (lacuna ends) '}(local-name())"/></em>
  </xsl:template>

  <!-- A note of the document; one the source has in a place of its own (in the margin, at the top, between the lines:
       @place; a footnote or an endnote is what a note is, unsaid) says where it stands. -->
  <xsl:template match="tei:note" mode="apparatus">
    <xsl:variable name="place" select="v:note-place(@place)"/>
    <xsl:call-template name="entry">
      <xsl:with-param name="kind" select="'note'"/>
      <xsl:with-param name="content">
        <xsl:choose>
          <xsl:when test="exists($place)"><span class="apparatus-label note-place"><xsl:value-of select="$place"/>: </span><span class="note-words"><xsl:apply-templates/></span></xsl:when>
          <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:function name="v:note-place" as="xs:string?">
    <xsl:param name="place" as="attribute()?"/>
    <xsl:variable name="p" select="lower-case(normalize-space($place))"/>
    <xsl:sequence select="if (matches($p, '^margin|^(left|right|outer|inner)$')) then 'in the margin'
                          else if ($p = 'top') then 'at the top of the page' else if ($p = ('above', 'below')) then $p || ' the line'
                          else if ($p = 'interlinear') then 'between the lines' else ()"/>
  </xsl:function>
  <xsl:template match="tei:teiHeader | tei:standOff | tei:note[v:entry-note(.) or v:inline-note(.)] | tei:*[v:set-aside(.)]" mode="apparatus"/>
  <xsl:template match="text()" mode="apparatus"/>

  <xsl:template name="entry">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="content"/>
    <xsl:variable name="id" select="v:note-id(.)"/>
    <li id="{$id}" class="apparatus-entry {$kind}" value="{accumulator-before('note-number')}">
      <a class="back" href="#{$id}-mark" title="back to the text"><xsl:value-of select="accumulator-before('note-number')"/></a>
      <xsl:text> </xsl:text>
      <xsl:sequence select="v:entry-lang($content, .)"/>
    </li>
    <xsl:text>&#10;</xsl:text>
    <xsl:apply-templates mode="apparatus"/>
  </xsl:template>

  <!-- An entry stands outside the text: the words it quotes (lemma, readings, a note's words) say their language
       where it is not the language around the entry, its labels (om., supplied by ...) are the edition's. Around it:
       on the web, whose apparatus is a section of its own, the edition's language (param entries-lang, [edition]
       language: a Latin text's lemmas in an English edition are marked Latin); on paper, where the entries stand in
       the text (footnotes, the blocks of render/lines), the text's. A reading in a language of its own says it. -->
  <xsl:param name="entries-lang" as="xs:string" select="''"/>
  <xsl:function name="v:entry-lang" as="node()*">
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="text-lang" select="(root($entry)//tei:text)[1]/ancestor-or-self::*/@xml:lang"/>
    <xsl:variable name="around" select="if ($entries-lang != '') then $entries-lang else string($text-lang[last()])"/>
    <xsl:variable name="lang" select="v:lang-tag(($entry/ancestor-or-self::*/@xml:lang)[last()])[not(lower-case(.) = lower-case($around))]"/>
    <xsl:choose>
      <xsl:when test="empty($lang)"><xsl:sequence select="$content"/></xsl:when>
      <xsl:when test="$entry/self::tei:note and empty($content/self::span[@class = 'note-words'])"><span lang="{$lang}"><xsl:sequence select="$content"/></span></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="$content" mode="v:entry-lang"><xsl:with-param name="lang" select="$lang" tunnel="yes"/></xsl:apply-templates></xsl:otherwise>
    </xsl:choose>
  </xsl:function>
  <xsl:mode name="v:entry-lang" on-no-match="shallow-copy"/>
  <xsl:template match="span[tokenize(@class) = ('lemma', 'reading', 'entry-note', 'note-words')][not(@lang)]" mode="v:entry-lang">
    <xsl:param name="lang" tunnel="yes"/>
    <xsl:copy><xsl:copy-of select="@*"/><xsl:attribute name="lang" select="$lang"/><xsl:copy-of select="node()"/></xsl:copy>
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
  <!-- A manuscript or object as cataloguers cite it: place, repository, collection, shelfmark (its name beside, a
       former shelfmark as such); its heading (what the catalogue calls it) and when and where it was made; then what it
       is (form, material, extent, dimensions, hands, postmarks and other additions). -->
  <xsl:template match="tei:msDesc" mode="citation">
    <xsl:variable name="id" select="tei:msIdentifier"/>
    <xsl:variable name="origin" select="string-join((tei:history/tei:origin/(tei:origDate, tei:origPlace) ! normalize-space(.)[. != '']), ', ')"/>
    <span class="citation manuscript">
      <xsl:value-of select="string-join((
        ($id/tei:settlement, $id/tei:institution, $id/tei:repository, $id/tei:collection) ! normalize-space(.)[. != ''],
        v:shelfmarks($id) ! normalize-space(.)[. != ''],
        $id/tei:msName ! ('“' || normalize-space(.) || '”')[. != '“”'],
        $id/tei:altIdentifier[tei:idno[normalize-space()]] ! (if (@type = ('former', 'formerly', 'olim', 'old')) then 'formerly ' || normalize-space(tei:idno[1])
                                                             else if (tei:idno[1]/@type) then tei:idno[1]/@type || ' ' || normalize-space(tei:idno[1])
                                                             else 'also ' || normalize-space(tei:idno[1]))
      ), ', ')"/>
      <xsl:if test="tei:head[normalize-space()] and ancestor::tei:witness">
        <xsl:if test="normalize-space($id) != ''">: </xsl:if><span class="ms-head"><xsl:apply-templates select="tei:head[1]/node()"/></span>
      </xsl:if>
      <xsl:if test="$origin != ''"><xsl:text> (</xsl:text><span class="origin"><xsl:value-of select="$origin"/></span>)</xsl:if>
      <xsl:variable name="physical" select="v:physical-summary(.)"/>
      <xsl:if test="$physical != ''">
        <xsl:if test="normalize-space($id) != ''">. </xsl:if>
        <span class="physical"><xsl:value-of select="$physical"/></span>
      </xsl:if>
      <!-- (the full stop, unless the description ends with one of its own) -->
      <xsl:if test="not($physical != '' and matches($physical, '[.!?]$'))">.</xsl:if>
    </span>
  </xsl:template>

  <!-- The shelfmarks a reader cites: the idno typed shelfmark when there is one, else every idno but the ones for
       machines (ark:, URIs, record ids). -->
  <xsl:function name="v:shelfmarks" as="element()*">
    <xsl:param name="identifier" as="element()?"/>
    <xsl:variable name="all" select="$identifier/tei:idno[not(matches(normalize-space(.), '^(ark:|https?:|urn:|doi:)', 'i'))]"/>
    <xsl:sequence select="($all[@type = 'shelfmark'], $all)[1] ! (if (@type = 'shelfmark') then $all[@type = 'shelfmark'] else $all)"/>
  </xsl:function>

  <!-- What an object is, in a line: its form, material, extent, dimensions, hands and additions. -->
  <xsl:function name="v:physical-summary" as="xs:string">
    <xsl:param name="ms" as="element()"/>
    <xsl:variable name="physical" select="$ms/tei:physDesc"/>
    <xsl:variable name="object" select="$physical/tei:objectDesc"/>
    <xsl:sequence select="string-join((
        ($ms//tei:objectType[not(ancestor::tei:msPart)], $ms/../tei:objectType) ! (normalize-space(.), @corresp ! replace(., '[-_]', ' '))[. != ''][1],
        $object/@form ! replace(., '[-_]', ' '),
        $object/tei:supportDesc/@material ! v:material(.),
        $physical//tei:material ! normalize-space(.)[. != ''],
        $physical//tei:extent ! v:extent(.)[. != ''],
        $physical//tei:supportDesc/tei:support/tei:dimensions ! v:dimensions(.),
        $physical/tei:objectDesc/tei:layoutDesc/tei:layout[not(normalize-space())] ! v:layout(.)[. != ''],
        $physical/tei:handDesc/tei:handNote ! string-join((@script, @medium, @style, @scribe) ! replace(., '[-_#]', ' '), ', ')[normalize-space(.) != ''],
        $physical/tei:additions ! v:spaced-words(.)[. != '']
      ), '; ')"/>
  </xsl:function>

  <!-- The words of a part of a description in a line, the parts that stand side by side without a space apart
       (a postmark's place, date and time) with one; letters of a word (a supplied Wi in Wien) kept together. -->
  <xsl:function name="v:spaced-words" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="replace(replace(normalize-space(v:spaced-text($element)), ' ([,.;:!?)\]»“])', '$1'), '([(\[«„]) ', '$1')"/>
  </xsl:function>
  <xsl:function name="v:spaced-text" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="string-join(for $n in $element/node() return
        if ($n instance of text()) then string($n)
        else if ($n/self::tei:supplied or $n/self::tei:hi or $n/self::tei:ex or $n/self::tei:expan or $n/self::tei:abbr or $n/self::tei:am
                 or $n/self::tei:unclear or $n/self::tei:choice or $n/self::tei:orig or $n/self::tei:reg or $n/self::tei:sic or $n/self::tei:corr
                 or $n/self::tei:add or $n/self::tei:del or $n/self::tei:c or $n/self::tei:g or $n/self::tei:seg or $n/self::tei:w) then v:spaced-text($n)
        else if ($n instance of element()) then ' ' || v:spaced-text($n) || ' ' else '', '')"/>
  </xsl:function>

  <!-- A support's material as the catalogue's code says it (TEI Guidelines 10.7.1: perg, chart, mixed). -->
  <xsl:function name="v:material" as="xs:string">
    <xsl:param name="material" as="attribute()"/>
    <xsl:sequence select="(map{'perg': 'parchment', 'chart': 'paper', 'mixed': 'parchment and paper'}(string($material)), replace($material, '[-_]', ' '))[1]"/>
  </xsl:function>

  <!-- A layout said by its attributes only (TEI Guidelines 10.7.2): "2 columns, 30 written lines, 32 ruled lines". -->
  <xsl:function name="v:layout" as="xs:string">
    <xsl:param name="layout" as="element()"/>
    <xsl:sequence select="string-join((
        $layout/@columns ! (replace(., '\s+', '–') || (if (. = '1') then ' column' else ' columns')),
        $layout/@writtenLines ! (replace(., '\s+', '–') || ' written lines'),
        $layout/@ruledLines ! (replace(., '\s+', '–') || ' ruled lines')), ', ')"/>
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
  <!-- A witness of a group (a nested listWit: a family, the recentiores) says which, with the group's siglum, that
       readings may cite. -->
  <xsl:template match="tei:witness" mode="witness">
    <xsl:apply-templates select="node()[not(self::tei:label[normalize-space() = (../@xml:id, ../@n)])]
                                 [not(self::tei:witness or self::tei:listWit)]" mode="witness"/>
    <xsl:for-each select="ancestor::tei:listWit[ancestor::tei:listWit][@xml:id or tei:head]">
      <xsl:text> </xsl:text>
      <span class="witness-group">(<xsl:value-of select="string-join((normalize-space(tei:head[1])[. != ''], @xml:id), ', ')"/>)</span>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="tei:msDesc | tei:bibl | tei:biblStruct" mode="witness"><xsl:apply-templates select="." mode="citation"/></xsl:template>
  <xsl:template match="node()" mode="witness"><xsl:apply-templates select="."/></xsl:template>

  <!-- A manuscript or object described as its catalogue does: contents (items with locus, author, title, rubric,
       incipit, explicit), physical description (object, hands, decoration, binding, seals), history (origin,
       provenance, acquisition), further information. Only a description that says more than the citation line. -->
  <xsl:template match="tei:msDesc" mode="description">
    <xsl:variable name="contents" select="tei:msContents[tei:summary or tei:textLang or count(.//tei:msItem) gt 1 or tei:p
                                          or .//tei:msItem/*[not(self::tei:locus or self::tei:title)]]"/>
    <xsl:if test="normalize-space(string-join(($contents, tei:history, tei:additional, tei:msPart, tei:physDesc//tei:p), '')) != ''
                  or tei:physDesc//(tei:layout[@columns or @writtenLines] | tei:handNote[@script or @scope])">
      <section class="ms-description">
        <xsl:for-each select="v:lang-tag((ancestor-or-self::*/@xml:lang)[last()])"><xsl:attribute name="lang" select="."/></xsl:for-each>
        <h2><xsl:value-of select="if (ancestor::tei:witness) then 'Description of the witness' else 'Description of the source'"/></h2>
        <p class="ms-identifier"><xsl:apply-templates select="." mode="citation"/></p>
        <dl>
          <xsl:apply-templates select="tei:head | tei:msContents | tei:physDesc | tei:history | tei:additional | tei:msPart | tei:msFrag" mode="description"/>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:msContents | tei:physDesc | tei:history | tei:additional" mode="description">
    <!-- (a physical description may say all by attributes: a layout's columns and lines, a hand's script) -->
    <xsl:if test="normalize-space(.) != '' or .//(tei:layout[@columns or @writtenLines or @ruledLines] | tei:handNote[@script or @medium or @scribe])">
      <dt><xsl:value-of select="map{'msContents': 'Contents', 'physDesc': 'Physical description', 'history': 'History',
                                    'additional': 'Further information'}(local-name())"/></dt>
      <dd class="{local-name()}"><xsl:apply-templates mode="ms"/></dd>
    </xsl:if>
  </xsl:template>
  <!-- A part of a composite manuscript (msPart, nested ones too; msFrag): described as a manuscript of its own, under
       its identifier (TEI Guidelines 10.10). -->
  <xsl:template match="tei:msPart | tei:msFrag" mode="description">
    <xsl:if test="normalize-space(.) != ''">
      <dt class="ms-part-heading"><xsl:value-of select="(normalize-space(string-join(tei:msIdentifier//tei:idno, ', '))[. != ''], if (self::tei:msFrag) then 'Fragment' else 'Part')[1]"/>
        <xsl:for-each select="tei:head[normalize-space()]">: <xsl:apply-templates/></xsl:for-each></dt>
      <dd class="{local-name()}">
        <dl><xsl:apply-templates select="tei:msContents | tei:physDesc | tei:history | tei:additional | tei:msPart | tei:msFrag" mode="description"/></dl>
      </dd>
    </xsl:if>
  </xsl:template>
  <!-- The notes of a letter's correspondence description (TEI Guidelines 2.4.6): who forwarded it, what was enclosed,
       how it was answered; each under its kind. -->
  <xsl:template match="tei:correspDesc" mode="description">
    <section class="correspondence-notes">
      <h2>Notes on the correspondence</h2>
      <xsl:for-each select="tei:note[normalize-space()]">
        <p class="correspondence-note">
          <xsl:for-each select="v:changed-lang(.)"><xsl:attribute name="lang" select="."/></xsl:for-each>
          <xsl:for-each select="@type"><span class="note-type"><xsl:value-of select="upper-case(substring(., 1, 1)) || replace(substring(., 2), '[-_]', ' ')"/>: </span></xsl:for-each>
          <xsl:apply-templates mode="ms"/>
        </p>
      </xsl:for-each>
    </section>
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
      'surrogates': 'Surrogates', 'recordHist': 'Record history', 'availability': 'Availability', 'scriptDesc': 'Script',
      'note': 'Note', 'custodialEvent': 'Custodial event', 'scriptNote': 'Script', 'signatures': 'Signatures', 'catchwords': 'Catchwords',
      'heraldry': 'Heraldry', 'watermark': 'Watermark', 'secFol': 'Second folio', 'stamp': 'Stamp'}"/>
  <!-- A labelled part: its label (with its kind and, when its words do not say it, its date), then what it says, in
       its language (empty ones left out). Inside a sentence of its parent ("an altar of limestone") a part is a phrase,
       without a label. -->
  <xsl:template match="tei:*[map:contains($v:ms-labels, local-name())][not(ancestor::tei:p)]" mode="ms">
    <xsl:variable name="dating" select="v:dating(.)[not(contains(normalize-space(current()), replace(., '–.*', '')))]"/>
    <xsl:choose>
      <xsl:when test="../text()[normalize-space()]">
        <span class="ms-phrase {local-name()}"><xsl:apply-templates mode="ms"/></span>
      </xsl:when>
      <xsl:when test="normalize-space(.) != '' or @quantity or .//@quantity or @medium or @script or @form or exists($dating) or (self::tei:layout and v:layout(.) != '')">
        <div class="ms-part {local-name()}">
          <span class="ms-label"><xsl:value-of select="$v:ms-labels(local-name())"/><xsl:value-of select="string-join((@type ! v:ms-kind(.), $dating, @defective[. = 'true'] ! 'defective'), ', ') ! (' (' || . || ')')[. != ' ()']"/>: </span>
          <xsl:variable name="content">
            <xsl:choose>
              <xsl:when test="self::tei:extent"><xsl:value-of select="v:extent(.)"/></xsl:when>
              <xsl:when test="self::tei:handNote and not(normalize-space())"><xsl:value-of select="string-join((@script, @medium, @style, @scribe) ! replace(., '[-_#]', ' '), ', ')"/></xsl:when>
              <xsl:when test="self::tei:layout and not(normalize-space())"><xsl:value-of select="v:layout(.)"/></xsl:when>
              <xsl:otherwise><xsl:apply-templates mode="ms"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:call-template name="v:with-lang"><xsl:with-param name="out" select="$content"/><xsl:with-param name="lang" select="(v:changed-lang(.), '')[1]"/></xsl:call-template>
        </div>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
  <!-- The kind of a part as a catalogue says it: its @type in words (the Bodleian's codes spelt out). -->
  <xsl:variable name="v:ms-kinds" as="map(xs:string, xs:string)" select="map{'decInit': 'decorated initials', 'colInit': 'coloured initials',
      'histInit': 'historiated initials', 'flourInit': 'flourished initials', 'secondary': 'secondary decoration', 'marginal': 'marginal decoration'}"/>
  <xsl:function name="v:ms-kind" as="xs:string">
    <xsl:param name="type" as="attribute()"/>
    <xsl:sequence select="($v:ms-kinds(string($type)), lower-case(replace(replace($type, '([a-z])([A-Z])', '$1 $2'), '[-_]', ' ')))[1]"/>
  </xsl:function>

  <!-- When a part of a description dates itself by attributes only (@when, @notBefore/@notAfter, @from/@to): the
       years, as a catalogue prints them ("1450–1500"). -->
  <xsl:function name="v:dating" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="dates" select="(($element/@when), ($element/@notBefore, $element/@from)[1], ($element/@notAfter, $element/@to)[1]) ! replace(normalize-space(.), '^(-?)0+(\d)', '$1$2')"/>
    <xsl:sequence select="if ($element/@when) then $dates[1] else string-join(distinct-values($dates), '–')[. != '']"/>
  </xsl:function>
  <!-- Groupings of a physical description: their parts speak (a codex's form is said). -->
  <xsl:template match="tei:objectDesc | tei:supportDesc | tei:layoutDesc | tei:handDesc | tei:decoDesc | tei:bindingDesc | tei:sealDesc
                       | tei:typeDesc | tei:scriptDesc | tei:adminInfo | tei:musicNotation[tei:*]" mode="ms" priority="1">
    <xsl:if test="@form"><div class="ms-part form"><span class="ms-label">Form: </span><xsl:value-of select="replace(@form, '[-_]', ' ')"/></div></xsl:if>
    <xsl:if test="@material"><div class="ms-part material"><span class="ms-label">Material: </span><xsl:value-of select="v:material(@material)"/></div></xsl:if>
    <xsl:apply-templates mode="ms"/>
  </xsl:template>
  <xsl:template match="tei:binding" mode="ms"><div class="ms-part binding"><span class="ms-label">Binding<xsl:value-of select="v:dating(.) ! (' (' || . || ')')"/>: </span><xsl:apply-templates mode="ms"/></div></xsl:template>

  <!-- An item of the contents: its locus first, then author and title, then its parts. -->
  <!-- (its number as the catalogue gives it; the title in its language, a descriptive title as words, not a work's) -->
  <xsl:template match="tei:msItem | tei:msItemStruct" mode="ms">
    <div class="msItem">
      <xsl:for-each select="@n"><span class="msItem-number"><xsl:value-of select="."/>.</span><xsl:text> </xsl:text></xsl:for-each>
      <xsl:for-each select="tei:locus"><span class="locus"><xsl:value-of select="normalize-space(if (normalize-space(.)) then . else string-join((@from, @to), '–'))"/></span><xsl:text> </xsl:text></xsl:for-each>
      <xsl:for-each select="(tei:author, tei:title)[normalize-space()]">
        <xsl:if test="position() gt 1">, </xsl:if>
        <span class="{if (self::tei:title[@type = ('desc', 'supplied')]) then 'ms-title desc' else 'ms-' || local-name()}">
          <xsl:for-each select="v:changed-lang(.)"><xsl:attribute name="lang" select="."/></xsl:for-each>
          <xsl:value-of select="normalize-space(.)"/>
        </span>
      </xsl:for-each>
      <xsl:if test="tei:author | tei:title"><xsl:text>. </xsl:text></xsl:if>
      <xsl:apply-templates select="node() except (tei:locus | tei:author | tei:title)" mode="ms"/>
    </div>
  </xsl:template>
  <xsl:template match="tei:dimensions" mode="ms"><span class="dimensions"><xsl:value-of select="v:dimensions(.)"/></span><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:locus" mode="ms"><span class="locus"><xsl:value-of select="normalize-space(if (normalize-space(.)) then . else string-join((@from, @to), '–'))"/></span><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:p | tei:ab" mode="ms"><p><xsl:apply-templates mode="ms"/></p></xsl:template>
  <xsl:template match="tei:list" mode="ms"><ul><xsl:apply-templates select="tei:item" mode="ms"/></ul></xsl:template>
  <xsl:template match="tei:item" mode="ms"><li><xsl:apply-templates mode="ms"/></li></xsl:template>
  <xsl:template match="tei:bibl | tei:biblStruct" mode="ms"><span class="citation-list"><xsl:apply-templates select="." mode="citation"/></span><xsl:text> </xsl:text></xsl:template>
  <!-- A catalogue's bibliography (printed descriptions, editions): under its heading, one citation a line. -->
  <!-- (a list that only wraps lists: each under its own heading) -->
  <xsl:template match="tei:listBibl[tei:listBibl][not(tei:bibl or tei:biblStruct)]" mode="ms" priority="1"><xsl:apply-templates select="tei:listBibl" mode="ms"/></xsl:template>
  <xsl:template match="tei:listBibl" mode="ms">
    <div class="ms-part listBibl">
      <xsl:for-each select="tei:head[normalize-space()]"><span class="ms-label"><xsl:value-of select="replace(normalize-space(.), ':$', '')"/>: </span></xsl:for-each>
      <ul class="citation-list">
        <xsl:for-each select=".//(tei:bibl | tei:biblStruct)[not(ancestor::tei:bibl or ancestor::tei:biblStruct)]">
          <li><xsl:apply-templates select="." mode="citation"/></li>
        </xsl:for-each>
      </ul>
    </div>
  </xsl:template>
  <xsl:template match="tei:geo" mode="ms"/>
  <!-- Phrases (names, dates, highlighting, references) as in the text. -->
  <xsl:template match="tei:hi | tei:title | tei:foreign | tei:emph | tei:ref | tei:ptr | tei:date | tei:choice | tei:lb | tei:gap | tei:q | tei:quote
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
