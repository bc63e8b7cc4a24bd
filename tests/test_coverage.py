"""The rule table's coverage as data (xslt/coverage.toml), checked against the stylesheets and the pages.

Every element the interoperability corpus (../shared/interop) and tests/fixtures/foreign2 use in their texts is in
the table; an element the table says has a rule has a template of its own in the stylesheets, one it calls plain
has none; a page shows an element by the default rule only when the table calls it plain (or renders it within
another's rule, or as a register's line).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from variorum.render.coverage import RENDERINGS, conventions, coverage, deliberately_plain
from variorum.render.page import INDEX_PAGES
from variorum.render.xslt import Stylesheets
from variorum.xmlio import TEI_NS, read_xml

from conftest import FIXTURES, INTEROP, REPO

XSL = "{http://www.w3.org/1999/XSL/Transform}"
STYLESHEETS = [REPO / "xslt" / name for name in ("tei-rules.xsl", "html.xsl", "print.xsl", "page.xsl")]
FOREIGN2 = sorted((FIXTURES / "foreign2").glob("*.xml"))
INTEROP_FILES = sorted(INTEROP.glob("*.xml")) if INTEROP.is_dir() else []


def ruled_elements() -> set[str]:
    """The TEI elements a template of the default mode names as what it matches (not in a predicate)."""
    names = set()
    for path in STYLESHEETS:
        for template in etree.parse(str(path)).iter(f"{XSL}template"):
            pattern = template.get("match")
            if not pattern or template.get("mode"):
                continue
            while (bare := re.sub(r"\[[^\[\]]*\]", "", pattern)) != pattern:
                pattern = bare
            names |= set(re.findall(r"tei:([A-Za-z][A-Za-z0-9]*)", pattern))
    return names


def text_elements(path: Path) -> set[str]:
    root = etree.parse(str(path), etree.XMLParser(huge_tree=True)).getroot()
    return {etree.QName(e).localname for text in root.iter(f"{{{TEI_NS}}}text") for e in text.iter()
            if isinstance(e.tag, str) and e.tag.startswith(f"{{{TEI_NS}}}")}


def test_the_table_is_well_formed():
    table, known = coverage(), conventions()
    for name, entry in table.items():
        assert entry.rendering in RENDERINGS, name
        assert entry.convention and all(key in known for key in entry.convention), name
        if entry.rendering == "within":
            assert entry.within and all(parent in table for parent in entry.within), name
        if entry.rendering in ("omitted", "register"):
            assert entry.shown, f"{name}: where is it shown instead?"


def test_the_table_says_what_the_stylesheets_do():
    ruled, table = ruled_elements(), coverage()
    claimed = {name for name, entry in table.items() if entry.rendering == "rule"}
    assert not sorted(claimed - ruled), "said to have a rule of their own, but no template matches them"
    plain = {name for name, entry in table.items() if entry.rendering == "plain"}
    assert not sorted(plain & ruled), "said to be plain, but a template matches them"
    assert not sorted(ruled - set(table)), "a template matches them, but the table does not list them"


def test_the_registers_are_those_the_rules_set_aside():
    source = (REPO / "xslt" / "tei-rules.xsl").read_text(encoding="utf-8")
    is_list = source[source.index('<xsl:function name="v:is-list"'):]
    is_list = is_list[:is_list.index("</xsl:function>")]
    assert set(re.findall(r"self::tei:(\w+)", is_list)) == {n for n, e in coverage().items() if e.rendering == "register"}


@pytest.mark.parametrize("path", INTEROP_FILES + FOREIGN2, ids=lambda p: p.stem)
def test_every_element_of_a_text_is_in_the_table(path):
    missing = sorted(text_elements(path) - set(coverage()))
    assert not missing, f"{path.name}: elements the coverage table does not list: {missing}"


@pytest.fixture(scope="module")
def stylesheets():
    return Stylesheets()


@pytest.mark.parametrize("path", FOREIGN2, ids=lambda p: p.stem)
@pytest.mark.parametrize("sheet", ["html.xsl", "print.xsl"])
def test_no_element_falls_to_the_default_unless_plain(path, sheet, stylesheets):
    root = read_xml(path).strict().getroot()
    page = etree.fromstring(stylesheets.transform(sheet, stylesheets.parse(root, path.name), index_pages=INDEX_PAGES).encode())
    unruled = {m.group(1) for span in page.iter("span") if (m := re.fullmatch(r"tei-([A-Za-z][\w.-]*)", span.get("class") or ""))}
    assert not sorted(unruled - deliberately_plain()), f"{path.name}: rendered by the default rule"
