"""A block of the apparatus taller than its page's foot can hold runs on to the foot of the next page, as a
printed edition's long note does (render/lines: KeyedText.continue_blocks). WeasyPrint does not split a
footnote: such a block stood whole at the foot of a later page, and where it was taller than a page's foot,
what went below the page was not printed. Now no word of it is lost and it begins under its lemma's page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import INTEROP, REPO
from variorum.render.lines import split_text

pypdf = pytest.importorskip("pypdf")

WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
TEXT = st.lists(WORD, max_size=6).map(" ".join)


@st.composite
def trees(draw, depth: int = 3) -> etree._Element:
    """An apparatus block as render/lines makes one: spans in spans, text and tails of words."""
    element = etree.Element("span", {"class": draw(st.sampled_from(["app-line", "lemma", "sigla", "note"]))})
    element.text = draw(TEXT) + draw(st.sampled_from(["", " "]))
    for _ in range(draw(st.integers(0, 3 if depth else 0))):
        child = draw(trees(depth - 1)) if draw(st.booleans()) else etree.Element("br")  # a line break: no words
        child.tail = draw(st.sampled_from(["", " "])) + draw(TEXT)
        element.append(child)
    return element


@settings(max_examples=200, deadline=None)
@given(block=trees(), cuts=st.lists(st.integers(0, 200), max_size=4))
def test_a_block_cut_into_parts_keeps_every_character_in_order(block, cuts):
    text = "".join(block.itertext())
    parts = split_text(block, sorted(cuts))
    assert "".join("".join(part.itertext()) for part in parts) == text
    assert all(part.tag == block.tag and part.get("class") == block.get("class") for part in parts)
    def without_words(root):
        return sum(1 for element in root.iter() if element is not root and not "".join(element.itertext()))

    assert sum(map(without_words, parts)) == without_words(block), "an element without words in one part, and one only"
    begins = 0
    for part in parts[:-1]:  # each cut at the start of a word, unless its part is one word (a URL, say)
        part_text = "".join(part.itertext())
        begins += len(part_text)
        assert text[begins - 1] == " " or " " not in part_text


def test_a_line_break_goes_with_the_part_it_stands_in():
    block = etree.fromstring('<span class="note">first line<br/>second line<br/>third line</span>')
    parts = split_text(block, [17])
    assert [etree.tostring(part, encoding="unicode") for part in parts] == [
        '<span class="note">first line<br/>second </span>', '<span class="note">line<br/>third line</span>']
    assert sum(len(part.findall("br")) for part in parts) == 2


def test_the_elements_a_part_stands_in_are_kept_around_it():
    block = etree.fromstring('<span class="app-line"><span class="app-line-number">12</span>\u00a0<span class="lemma">'
                             'Nanking</span>] a note with <i>italic words here</i> and more</span>')
    first, second = split_text(block, [33])
    assert etree.tostring(first, encoding="unicode") == ('<span class="app-line"><span class="app-line-number">12</span>'
                                                         '\u00a0<span class="lemma">Nanking</span>] a note with <i>italic </i></span>')
    assert etree.tostring(second, encoding="unicode") == '<span class="app-line"><i>words here</i> and more</span>'


LONG_NOTE = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A long note</title>
</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body><div><p>{text} Hic<note>{words}</note> textus pergit. {text}</p></div></body></text></TEI>"""
WORDS = [f"w{n:04d}" for n in range(1, 1301)]  # some four pages' feet of a note


def _print(path: Path, body: Path):
    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.render.pdf import DocumentPrinter
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    return DocumentPrinter(load_edition(REPO), Stylesheets()).print(TeiDocument(path.stem, str(path), read_xml(path).strict().getroot()), body)


def _printed_words(body: Path) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(str(body)).pages)


def test_a_note_taller_than_a_pages_foot_runs_on_from_page_to_page_and_no_word_is_lost(tmp_path):
    text = " ".join(["Prima pars textus, quae notam longam habet."] * 3)
    path = tmp_path / "long.xml"
    path.write_text(LONG_NOTE.format(text=text, words=" ".join(WORDS)), encoding="utf-8")
    printed = _print(path, tmp_path / "body.pdf")
    assert printed.settled and not printed.misplaced
    blocks = re.findall(r'data-block="([^"]+)"', printed.section)
    assert blocks[0] == "long@0@notes" and len(blocks) >= 4, blocks  # begun under its lemma's page, then page after page
    assert blocks[1:] == [f"long@{page}@notes-0" for page in range(1, len(blocks))]
    assert re.findall(r"w\d{4}", _printed_words(tmp_path / "body.pdf")) == WORDS


LETTER = INTEROP / "teipub--let695.xml"


@pytest.mark.skipif(not LETTER.is_file(), reason=f"the interop corpus is absent ({LETTER})")
def test_van_goghs_letter_prints_its_last_long_note_whole(tmp_path):
    """teipub--let695.xml (the Van Gogh Letters, via TEI Publisher): its last page's note of 5,000 characters stood
    on a page of its own, taller than the page, cut off after some 3,000: now it begins under its page's lines and
    runs on, and the layouts settle."""
    printed = _print(LETTER, tmp_path / "body.pdf")
    assert printed.settled and not printed.misplaced
    from lxml import html

    notes = html.fromstring(printed.section).xpath("//*[@data-block][contains(@data-block, '@notes')]")
    words = [word for block in notes for word in "".join(block.itertext()).split()]
    letters = re.sub(r"\W+", "", _printed_words(tmp_path / "body.pdf"))
    assert len(words) > 700 and all(re.sub(r"\W+", "", word) in letters for word in words)


def test_a_document_whose_name_holds_an_at_sign_keeps_its_blocks():
    """A block's id is `article@page@series`: the article is all before the last two parts, whatever it holds."""
    from variorum.render.lines import read_lines
    from variorum.render.weasyprint_speedups import LaidLine, LaidPage

    pages = [LaidPage("right", [LaidLine("letter@1890", "Alpha beta", 10.0, 18.0)], ["letter@1890@0@notes", "letter@1890@0@notes-0"])]
    lines = read_lines(pages)
    assert list(lines) == ["letter@1890"] and lines["letter@1890"].blocks == {0: ["letter@1890@0@notes", "letter@1890@0@notes-0"]}
