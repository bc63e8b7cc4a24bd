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
        <xsl:choose>
          <xsl:when test="$orig = $reg"><span class="lemma">[<xsl:value-of select="$orig"/>]</span></xsl:when>
          <xsl:otherwise><span class="lemma"><span class="view-orig">[<xsl:value-of select="$orig"/>]</span><span class="view-reg">[<xsl:value-of select="$reg"/>]</span></span></xsl:otherwise>
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
        <xsl:variable name="first" select="($out/*[not(@class = 'anchor')])[1]"/>
        <xsl:for-each select="$out/node()">
          <xsl:choose>
            <xsl:when test=". is $first"><xsl:copy><xsl:copy-of select="@*"/><xsl:attribute name="data-zone" select="$zone"/><xsl:copy-of select="node()"/></xsl:copy></xsl:when>
            <xsl:otherwise><xsl:copy-of select="."/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
        <xsl:if test="empty($first)"><span class="facs-line" data-zone="{$zone}"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The numbered apparatus entries, below the text. -->
  <xsl:template name="v:apparatus">
    <apparatus><xsl:apply-templates select="//tei:text[not(ancestor::tei:text)]" mode="apparatus"/></apparatus>
  </xsl:template>
</xsl:stylesheet>
