<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI -> the parts of a web edition page. The rules are in tei-rules.xsl; this
  stylesheet only arranges them. Output (no namespace, read by variorum.render):

  <page>
    <text>       the reading text (HTML)
    <apparatus>  numbered apparatus entries (HTML li)
    <sources>    every cited source, formatted (HTML), with a key to merge duplicates
    <witnesses>  sigla and titles of a collated document's witnesses
    <names>      every name occurrence: anchor id, entity, form as written
  </page>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:v="urn:variorum"
    exclude-result-prefixes="#all">

  <xsl:import href="tei-rules.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

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
      <apparatus><xsl:apply-templates select="//tei:text[not(ancestor::tei:text)]" mode="apparatus"/></apparatus>
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
        <xsl:for-each select="//tei:text//(tei:placeName | tei:persName | tei:orgName)[@ref]">
          <name id="{v:name-id(.)}" ref="{replace(normalize-space(tokenize(@ref)[1]), '^#', '')}" kind="{local-name()}"
                form="{normalize-space(string-join(.//text()[not(ancestor::tei:reg or ancestor::tei:corr or ancestor::tei:expan or ancestor::tei:note)], ''))}"/>
        </xsl:for-each>
      </names>
    </page>
  </xsl:template>
</xsl:stylesheet>
