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
    exclude-result-prefixes="#all">

  <xsl:import href="tei-rules.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:include href="page.xsl"/>

  <!-- The numbered apparatus entries, below the text. -->
  <xsl:template name="v:apparatus">
    <apparatus><xsl:apply-templates select="//tei:text[not(ancestor::tei:text)]" mode="apparatus"/></apparatus>
  </xsl:template>
</xsl:stylesheet>
