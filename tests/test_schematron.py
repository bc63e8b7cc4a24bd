"""The Schematron compiler (variorum.validation.schematron): ISO semantics, roles, what it refuses, memo functions."""
from __future__ import annotations

import pytest
from lxml import etree

from variorum.validation.schematron import Schematron, SchematronError, _pure_function, node_at


def test_schematron_first_matching_rule_wins_and_roles_give_severities(tmp_path):
    schema = tmp_path / "rules.sch"
    schema.write_text("""<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
      <sch:ns prefix="t" uri="urn:t"/>
      <sch:pattern>
        <sch:rule context="t:a[@special]"><sch:report id="special" role="info" test="true()">special <sch:name/></sch:report></sch:rule>
        <sch:rule context="t:a"><sch:assert id="has-n" test="@n">an &lt;a&gt; needs @n (<sch:value-of select="count(../t:a)"/> here)</sch:assert></sch:rule>
      </sch:pattern>
      <sch:pattern>
        <sch:rule context="@n"><sch:assert id="n-number" role="warning" test=". castable as xs:integer">n is <sch:value-of select="."/></sch:assert></sch:rule>
      </sch:pattern>
    </sch:schema>""")
    root = etree.fromstring(b'<r xmlns="urn:t"><a special="1"/><a/><a n="x"/></r>')
    findings = Schematron(schema).check(root)
    assert [(f.rule, f.severity, f.message, f.path) for f in findings] == [
        ("special", "info", "special a", "/1/1"),
        ("has-n", "error", "an <a> needs @n (3 here)", "/1/2"),
        ("n-number", "warning", "n is x", "/1/3/@{}n"),
    ]
    assert node_at(root, "/1/3/@{}n") == (root[2], "n")


def test_schematron_refuses_what_it_does_not_support(tmp_path):
    schema = tmp_path / "rules.sch"
    schema.write_text('<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt"/>')
    with pytest.raises(SchematronError, match="queryBinding"):
        Schematron(schema)


def test_schematron_functions_are_memoised_only_when_pure():
    def function(body: str, result: str = "xs:string", param: str = "xs:string") -> etree._Element:
        return etree.fromstring(f'<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="v:f" as="{result}">'
                                f'<xsl:param name="x" as="{param}"/>{body}</xsl:function>')

    assert _pure_function(function('<xsl:variable name="y" select="analyze-string($x, \'\\d+\')//*:match"/>'
                                    '<xsl:sequence select="string-join($y, \',\')"/>'))
    assert not _pure_function(function('<xsl:sequence select="string($document//*[1])"/>'))  # a global variable
    assert not _pure_function(function('<xsl:sequence select="string(key(\'id\', $x))"/>'))  # the document
    assert not _pure_function(function('<xsl:sequence select="v:g($x)"/>'))  # another stylesheet function
    assert not _pure_function(function('<xsl:sequence select="$x"/>', param="node()"))
    assert not _pure_function(function('<xsl:sequence select="$x"/>', result="element()"))
    assert not _pure_function(function('<out><xsl:value-of select="$x"/></out>', result="xs:string"))
