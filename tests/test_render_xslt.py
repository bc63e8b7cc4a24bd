"""XSLT golden files: tests/golden/html/<case>/input.xml -> expected.xml (the page parts html.xsl makes).

Rewrite the expected files after an intended change with `pytest --accept-golden`,
then read the diff before committing it.
"""
import re
from pathlib import Path

import pytest
from lxml import etree

from variorum.render.coverage import deliberately_plain
from variorum.render.page import INDEX_PAGES
from variorum.render.xslt import Stylesheets
from variorum.xmlio import TEI_NS, read_xml

from conftest import INTEROP, REPO, golden_cases
from shown_text import shown_text

GOLDEN = REPO / "tests" / "golden" / "html"
CASES = golden_cases("html")


@pytest.fixture(scope="module")
def stylesheets():
    return Stylesheets()


def render(stylesheets: Stylesheets, path: Path) -> etree._Element:
    root = read_xml(path).strict().getroot()
    return etree.fromstring(stylesheets.transform("html.xsl", stylesheets.parse(root, path.name), index_pages=INDEX_PAGES).encode())


def pretty(element: etree._Element) -> str:
    etree.indent(element)
    return etree.tostring(element, encoding="unicode") + "\n"


@pytest.mark.parametrize("case", CASES)
def test_golden(case, stylesheets, golden):
    golden(pretty(render(stylesheets, GOLDEN / case / "input.xml")), GOLDEN / case / "expected.xml", f"html.xsl output for {case}")


def test_hostile_markup_never_reaches_the_page(stylesheets):
    page = render(stylesheets, GOLDEN / "foreign-markup" / "input.xml")
    html = etree.tostring(page, encoding="unicode")
    assert "javascript:" not in html and "onerror" not in html and "onmouseover" not in html
    assert "<script" not in html and "<img" not in html
    assert "kept words" in html and "&lt;script&gt;" in html  # the text survives, as text


def visible_characters(element: etree._Element) -> str:
    return "".join("".join(element.itertext()).split())


INTEROP_FILES = sorted(INTEROP.glob("*.xml")) if INTEROP.is_dir() else []
@pytest.mark.skipif(not INTEROP_FILES, reason=f"the interop corpus is absent ({INTEROP})")
@pytest.mark.parametrize("path", INTEROP_FILES, ids=lambda p: p.stem)
def test_any_tei_renders_without_losing_a_word(path, stylesheets):
    root = read_xml(path).strict().getroot()
    page = etree.fromstring(stylesheets.transform("html.xsl", stylesheets.parse(root, path.name), index_pages=INDEX_PAGES).encode())
    # What a page shows: the TEI text without its registers (a register file: all but its header; another
    # vocabulary: everything); a bibliography of the text (outside its back) is in the sources.
    texts, bibliographies = shown_text(root)
    tokens = {token for t in texts for token in " ".join(t.itertext()).replace("\u0323", "").split()}
    source_length = sum(len(visible_characters(t)) for t in texts)
    # Leiden's underdot marks a letter, it is not one.
    rendered = visible_characters(page.find("text")).replace("\u0323", "") + visible_characters(page.find("apparatus"))
    # Every word (split at whitespace and at element boundaries) is on the page ...
    rendered_tokens = {token for part in ("text", "apparatus") for token in " ".join(page.find(part).itertext()).replace("\u0323", "").split()}
    lost = sorted(token for token in tokens - rendered_tokens if token not in rendered)
    assert not lost, f"{path.name}: words of the TEI text missing from the page: {lost[:10]}"
    # ... and no stretch of text is missing either: the page holds at least as many characters.
    assert len(rendered) >= source_length, f"{path.name}: {source_length - len(rendered)} characters of the text missing"
    # The text's bibliographies are cited in the sources, their words kept.
    cited = visible_characters(page.find("sources"))
    missing = sorted({token for b in bibliographies for token in " ".join(b.itertext()).split()} - set(cited.split()))
    missing = [token for token in missing if token not in cited]
    assert not missing, f"{path.name}: words of the text's bibliography missing from the sources: {missing[:10]}"
    # An element falls to the default rule (its words, marked with its name) only where the coverage table
    # (xslt/coverage.toml) says its words are all it has to show.
    unruled = {m.group(1) for span in page.iter("span") if (m := re.fullmatch(r"tei-([A-Za-z][\w.-]*)", span.get("class") or ""))}
    assert not sorted(unruled - deliberately_plain()), f"{path.name}: rendered by the default rule, though the table gives them a rule"


def test_no_link_leads_nowhere(stylesheets, tmp_path):
    """A path relative to another project's files, and a name inside a register set aside from the text (which has
    no index entry), keep their words but are no links (found building interop letters: 255 dead links)."""
    path = tmp_path / "doc.xml"
    path.write_text(f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><body><p>See <ref target="theme_or_topic">the topic</ref>, <ref target="https://example.org/">a site</ref>
and <persName ref="#p1">Anna</persName>.</p></body>
<back><listBibl><bibl><author><persName ref="http://viaf.org/viaf/1">Roth</persName></author>, <title>Works</title></bibl></listBibl>
<listPerson><person xml:id="p1"><persName>Anna Weber</persName></person></listPerson></back></text></TEI>""", encoding="utf-8")
    page = render(stylesheets, path)
    hrefs = page.xpath("//text//a/@href")
    assert "https://example.org/" in hrefs and "../persons.html#p1" in hrefs
    assert not [h for h in hrefs if "theme_or_topic" in h or "viaf" in h], hrefs
    assert "the topic" in "".join(page.find("text").itertext())


LINES_BETWEEN_BLOCKS = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Lines</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader><text><body><div>
  <lb n="1"/>
  <ab>Mon cher Gauguin,</ab>
  <lb n="2"/>
  <ab>ce matin j'ai reçu <lb n="3"/>votre lettre</ab>
  <lb n="4"/>
  <closer><lb n="5"/><salute>À vous</salute><lb n="6"/><signed>Vincent</signed></closer>
</div></body></text></TEI>"""


def test_a_line_of_the_source_that_a_block_begins_is_no_empty_line(stylesheets, tmp_path):
    """<lb/> between blocks (TEI Publisher's letters): the block begins the line, so no line break of its own,
    which would stand as an empty line before it; the line's number stands first in the block, as in a paragraph,
    where a line of the source is still a new line with its number."""
    path = tmp_path / "lines.xml"
    path.write_text(LINES_BETWEEN_BLOCKS, encoding="utf-8")
    page = render(stylesheets, path)
    numbers = [(span.text, span.getparent().get("class"), span.getprevious() is None and not (span.getparent().text or "").strip())
               for span in page.iter("{*}span") if "lb-number" in (span.get("class") or "")]
    assert numbers == [("1", "ab", True), ("2", "ab", True), ("3", "ab", False), ("4", "closer", True),
                       ("5", "salute", True), ("6", "signed", True)], "each first in its block, but the one within a line"
    breaks = [br.getnext() for br in page.iter("{*}br")]
    assert [b.text for b in breaks] == ["3"], "a line break only within the paragraph"
    assert "Mon cher Gauguin," in "".join(page.itertext()) and "Vincent" in "".join(page.itertext())
