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
  </page>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:v="urn:variorum"
    exclude-result-prefixes="#all">

  <xsl:template match="/">
    <page>
      <text>
        <xsl:choose>
          <xsl:when test="//tei:text">
            <xsl:apply-templates select="//tei:text[not(ancestor::tei:text)]"/>
          </xsl:when>
          <!-- A TEI file without a text (a register, a bibliography): what it lists. -->
          <xsl:when test="/tei:*"><div class="tei-lists"><xsl:apply-templates select="/*/*[not(self::tei:teiHeader)]/node()"/></div></xsl:when>
          <!-- Not TEI at all (another vocabulary): its words, never its markup. -->
          <xsl:otherwise><div class="not-tei"><xsl:apply-templates select="/*"/></div></xsl:otherwise>
        </xsl:choose>
      </text>
      <xsl:call-template name="v:apparatus"/>
      <sources>
        <xsl:for-each select="(//tei:teiHeader)[1]/tei:fileDesc/tei:sourceDesc//(tei:bibl[not(ancestor::tei:bibl or ancestor::tei:msDesc or ancestor::tei:listWit)] | tei:biblStruct | tei:msDesc[not(ancestor::tei:listWit)])">
          <source key="{lower-case(normalize-space(string(.)))}">
            <xsl:apply-templates select="." mode="citation"/>
          </source>
        </xsl:for-each>
      </sources>
      <witnesses>
        <xsl:for-each select="//tei:listWit//tei:witness[@xml:id]">
          <witness siglum="{@xml:id}"><xsl:value-of select="normalize-space(string-join(text() | tei:title | tei:bibl//text() | tei:abbr, ' '))"/></witness>
        </xsl:for-each>
      </witnesses>
      <names>
        <xsl:for-each select="//tei:text//(tei:placeName | tei:persName | tei:orgName | tei:rs | tei:name)[v:is-occurrence(.)][not(v:hidden(.))]">
          <xsl:variable name="name" select="."/>
          <!-- The form as written: without the regular form, a correction or a note inside the name
               (a name inside a note keeps its words). -->
          <name id="{v:name-id(.)}" key="{v:entity-key(.)}" kind="{v:entity-kind(.)}"
                form="{normalize-space(string-join(.//text()[not((ancestor::tei:reg | ancestor::tei:corr | ancestor::tei:expan | ancestor::tei:note) intersect $name/descendant::*)], ''))}"/>
        </xsl:for-each>
      </names>
    </page>
  </xsl:template>
</xsl:stylesheet>
