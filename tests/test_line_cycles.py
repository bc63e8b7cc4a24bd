"""The keyed layouts settle where WeasyPrint alone would not. A line whose apparatus entry does not fit
at the foot of its page goes back and forth over the page break (keyed for it on the page, its entry
sends it over; keyed for it over, it comes back): the keyed layouts break that cycle as a printed
edition does, the line over and its page's room kept (render/lines.break_two_cycle). A block that does not
fit below the line of its lemma takes the line over with it (print.css, footnote-policy: line), and a page's
apparatus is never put off to the next page to keep a line (weasyprint_speedups, keep_footnotes)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from variorum.render.lines import DocumentLines, EntryPlace, Tried, break_two_cycle  # noqa: E402

ON_THE_PAGE = DocumentLines(pages=[0] * 31 + [1] * 30)  # line 31 on page 1's foot
OVER = DocumentLines(pages=[0] * 30 + [1] * 31)  # line 31 gone over to page 2


def test_a_line_going_back_and_forth_goes_over_and_its_page_keeps_the_room_that_sent_it():
    tried = [Tried(ON_THE_PAGE, OVER, [61.9, 61.9]),  # keyed with line 31's entry on page 1: 61.9 px, it goes over
             Tried(OVER, ON_THE_PAGE, [47.9, 75.9])]  # keyed without it: 47.9 px, the line comes back
    lines, page, room = break_two_cycle(tried)
    assert lines is OVER and page == 0 and room == pytest.approx(14.0)


def test_the_same_cycle_seen_the_other_way_round_gives_the_same_way_out():
    tried = [Tried(OVER, ON_THE_PAGE, [47.9, 75.9]), Tried(ON_THE_PAGE, OVER, [61.9, 61.9])]
    lines, page, room = break_two_cycle(tried)
    assert lines is OVER and page == 0 and room == pytest.approx(14.0)


def test_layouts_that_only_move_on_are_no_cycle():
    third = DocumentLines(pages=[0] * 29 + [1] * 32)
    assert break_two_cycle([Tried(ON_THE_PAGE, OVER, [61.9, 61.9])]) is None
    assert break_two_cycle([Tried(ON_THE_PAGE, OVER, [61.9, 61.9]), Tried(OVER, third, [75.9, 47.9])]) is None


def _printed(folder: Path, number: int):
    """Document `number` of the generated edition of that many documents, encoded and printed alone."""
    from generate_edition import generate

    from variorum.authority import NameIndex, load_registry
    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.encode import encode_bytes
    from variorum.render.pdf import DocumentPrinter
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    sources = generate(folder, number)
    edition = load_edition(folder)
    registry = load_registry([edition.authority_dir])
    source = sources[-1]
    assert source.stem == f"doc{number:05d}"
    data = encode_bytes(source.read_bytes(), source.name, registry, NameIndex(registry))
    document = TeiDocument(source.stem, str(source), read_xml(data, source.name).strict().getroot())
    return DocumentPrinter(edition, Stylesheets()).print(document)


def test_a_line_whose_entry_does_not_fit_below_it_goes_over_with_it_in_the_first_layout(tmp_path):
    """doc00053 of the generated edition: its 31st line's entry does not fit at the foot of page 1. WeasyPrint
    kept the line and put the entry off to page 2, and five layouts swapped the line over and back; then
    break_two_cycle sent it over, with an empty room kept on page 1, in four. Now the entry takes its line
    with it (print.css: footnote-policy: line) in the first layout, and that layout is the print: its
    apparatus a layer over the pages, every block on the page of its lemmata."""
    printed = _printed(tmp_path, 53)
    assert printed.settled and printed.layouts == 1 and printed.layer, (printed.layouts, printed.settled)
    assert 'class="apparatus-spacer"' not in printed.section
    assert printed.line_pages.count(0) == 30  # the line went over


@pytest.mark.parametrize("number, first_page_lines", [(79, 29), (97, 29)])
def test_a_pages_apparatus_is_not_put_off_to_the_next_page_to_keep_a_paragraphs_second_line(tmp_path, number, first_page_lines):
    """doc00079 and doc00097: page 1's apparatus does not fit below its 31 lines, and the 31st is the second
    of a paragraph. WeasyPrint kept the line and moved the page's apparatus block to page 2 (away from its
    lemmata), in every layout: five layouts, unsettled. Now the paragraph goes over and the block stays:
    one layout (weasyprint_speedups, keep_footnotes)."""
    printed = _printed(tmp_path, number)
    assert printed.settled and printed.layouts == 1, (printed.layouts, printed.settled)
    assert printed.line_pages.count(0) == first_page_lines


def test_a_page_left_without_a_lemma_keeps_its_room_from_its_first_line():
    """break_two_cycle may leave the page that sent a line over with no lemma of its own (its one entry went
    over with the line): its spacer then stands after the first word of the page's first line, so that the
    room is kept on that page all the same."""
    from lxml import etree

    from variorum.render.lines import KeyedText

    keyed = KeyedText.__new__(KeyedText)  # no entries: the text alone
    keyed.text = etree.fromstring('<div class="reading-text"><p>Alpha beta gamma</p>\n<p>Delta <em>epsilon</em> zeta</p></div>')
    keyed.edition, keyed.article, keyed.entries = type("Edition", (), {"restart": "document"})(), "doc", []
    # line 1 "Alpha beta gamma" on page 0, line 2 "Delta epsilon zeta" on page 1 (14 letters before it)
    lines = DocumentLines(pages=[0, 1], texts=["Alpha beta gamma", "Delta epsilon zeta"], starts=[0, 14])
    html = str(keyed.html(lines, {1: 14.0}))
    assert '<p>Delta<span class="apparatus-spacer" data-block="doc@1@spacer" style="height: 14.00px"></span> <em>epsilon</em>' in html, html
    assert html.count("apparatus-spacer") == 1
    assert " ".join(etree.fromstring(f"<div>{html}</div>").itertext()).split() == "Alpha beta gamma Delta epsilon zeta".split()


def test_a_line_sent_over_that_sends_the_next_pages_lines_on_settles_in_the_first_layout(tmp_path):
    """doc00785 of the generated edition: the line that goes over from page 1 sends page 2's last two lines on.
    When WeasyPrint put entries off, page 2 then swapped them back and forth in turn, and it took six layouts
    and two kept rooms; with each entry taking its line with it, the first layout keeps, on the same pages."""
    printed = _printed(tmp_path, 785)
    assert printed.settled and printed.layouts == 1, (printed.layouts, printed.settled)
    assert 'class="apparatus-spacer"' not in printed.section
    assert [printed.line_pages.count(page) for page in range(3)] == [30, 33, 17]


def test_a_phantom_line_is_no_line_of_the_text_and_a_lemma_begun_there_begins_on_the_next():
    """WeasyPrint gives the empty part of an inline element before a block inside it (a lemma whose reading is
    a quotation set as a block) a line box of no height and no text. It is not a line of the text: not counted,
    not numbered; an entry whose lemma begins there begins on the next line, at its start; one after a
    document's last line ends on it."""
    from variorum.render.lines import EntryPlace, read_lines
    from variorum.render.weasyprint_speedups import LaidLine, LaidPage

    pages = [LaidPage("right", [LaidLine("doc", "Alpha beta", 10.0, 18.0), LaidLine("doc", "", 28.0, 0.0, marks=[("1", 0)])], []),
             LaidPage("left", [LaidLine("doc", "atque ut omnium", 10.0, 18.0, marks=[("2", 6)]),
                               LaidLine("doc", "gamma", 28.0, 18.0), LaidLine("doc", " ", 46.0, 0.0, marks=[("3", 0)])], [])]
    lines = read_lines(pages)["doc"]
    assert lines.pages == [0, 1, 1] and lines.texts == ["Alpha beta", "atque ut omnium", "gamma"]
    assert lines.entries == {"1": EntryPlace(1, 1, 0), "2": EntryPlace(1, 1, 6), "3": EntryPlace(2, 2, 5)}
    assert lines.labels("document") == [1, 2, 3]


BLANK_LINE = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Blank lines</title>
</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body><div><p>Prima linea<lb/><lb/>secunda linea<lb/>tertia <choice><sic>linae</sic><corr>linea</corr></choice>
<lb/>quarta<lb/>quinta<lb/>sexta linea</p></div></body></text></TEI>"""


def test_a_blank_line_keeps_its_room_but_is_not_counted_nor_numbered(tmp_path):
    """Two line breaks in a row (<lb/><lb/>) give a line box with a line's height and no text: a printed edition
    counts the lines of the text, so the correction on the third line of text is keyed to line 3, and the
    margin's 5 stands at the fifth line of text, a line below where counting the blank would put it."""
    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.render.pdf import DocumentPrinter
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    path = tmp_path / "blank.xml"
    path.write_text(BLANK_LINE, encoding="utf-8")
    printed = DocumentPrinter(load_edition(REPO), Stylesheets()).print(TeiDocument("blank", str(path), read_xml(path).strict().getroot()))
    assert len(printed.line_pages) == 6, "six lines of text; the blank one is not among them"
    assert list(printed.keys.values()) == ["3"]
    (top, number), = printed.margin[0]
    assert number == 5
    path.write_text(BLANK_LINE.replace("<lb/><lb/>", "<lb/>"), encoding="utf-8")  # the same lines, no blank one
    unblanked = DocumentPrinter(load_edition(REPO), Stylesheets()).print(TeiDocument("blank", str(path), read_xml(path).strict().getroot()))
    (top_without, _), = unblanked.margin[0]
    assert top - top_without == pytest.approx(18.0)  # 13.5pt: the blank line's room is kept, above the fifth line


SERVIUS = REPO.parent / "shared" / "interop" / "dll--Servius.xml"


@pytest.mark.skipif(not SERVIUS.is_file(), reason=f"the interop corpus is absent ({SERVIUS})")
def test_a_commentary_whose_lemmata_are_quotations_set_as_blocks_settles():
    """dll--Servius.xml (Servius on the Aeneid, from the Digital Latin Library): its first lemma is a quotation
    set as a block inside the lemma's inline element. The phantom line before it was counted as a line (every
    number after it one too many) and held the lemma, so the block keyed for that page was laid out on the next;
    and a block too tall for the foot below its line was put off to the next page. Five layouts, unsettled.
    Now the lines are the text's and the blocks' lines go over with them: it settles, every block on its page."""
    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.render.pdf import DocumentPrinter
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    document = TeiDocument(SERVIUS.stem, str(SERVIUS), read_xml(SERVIUS).strict().getroot())
    printed = DocumentPrinter(load_edition(REPO), Stylesheets()).print(document)
    assert printed.settled and printed.layouts <= 3, (printed.layouts, printed.settled)
    assert printed.notes == 26 and len(printed.keys) == 26, "every entry keyed to a line"


def test_a_long_note_goes_on_alone_and_a_short_one_takes_its_line_with_it():
    """A block or entry that does not fit below its line takes the line to the next page (print.css,
    footnote-policy: line), but a note of more than LONG_NOTES characters is marked `long` and goes on alone
    (auto): a page of one line before a note of half a page would be worse than the note a page on."""
    from lxml import etree

    from variorum.render.lines import LONG_NOTES, Entry, KeyedText

    def entry(number: str, series: str, words: int) -> Entry:
        html = etree.fromstring(f'<span class="entry">{" ".join(["word"] * words)}</span>')
        return Entry(number, series, html)

    keyed = KeyedText.__new__(KeyedText)
    keyed.text = etree.fromstring('<div class="reading-text"><p><span data-entry="1">Alpha</span> <span data-entry="2">beta</span>'
                                  ' <span data-entry="3">gamma</span></p></div>')
    keyed.edition, keyed.article = type("Edition", (), {"restart": "document"})(), "doc"
    keyed.splits = {}
    long_words = LONG_NOTES // 5 + 1
    keyed.entries = [entry("1", "notes", 10), entry("2", "notes", long_words), entry("3", "readings", long_words)]
    provisional = etree.fromstring(f"<div>{keyed.html(None)}</div>")
    classes = [note.get("class") for note in provisional.iter("span") if "provisional" in (note.get("class") or "")]
    assert classes == ["line-apparatus provisional notes", "line-apparatus provisional notes long",
                       "line-apparatus provisional readings"]
    lines = DocumentLines(pages=[0], texts=["Alpha beta gamma"], starts=[0])
    lines.entries = {"1": EntryPlace(0, 0, 0), "2": EntryPlace(0, 0, 6), "3": EntryPlace(0, 0, 11)}
    blocks = {block.get("data-block"): block.get("class") for block in keyed.blocks(lines)[0]}
    assert blocks == {"doc@0@readings": "line-apparatus readings", "doc@0@notes": "line-apparatus notes long"}
    css = (REPO / "site_templates" / "print" / "print.css").read_text(encoding="utf-8")
    assert ".line-apparatus.notes.long { footnote-policy: auto; }" in css


def test_a_block_laid_out_at_the_foot_of_another_page_is_misplaced_and_the_layout_does_not_keep():
    """A block's id names the page it holds the entries of: laid out on another page, it is said (misplaced,
    for the print-lines warning) and the layout is not right as it stands."""
    lines = DocumentLines(pages=[0, 1, 2], blocks={1: ["doc@0@notes", "doc@1@readings"], 2: ["doc@2@spacer"]})
    assert lines.misplaced() == ((0, 1),)
    assert not lines.keeps(DocumentLines(pages=[0, 1, 2]), {"doc@0@notes", "doc@1@readings", "doc@2@spacer"})
    settled = DocumentLines(pages=[0, 1, 2], blocks={0: ["doc@0@notes"], 1: ["doc@1@readings"]})
    assert settled.misplaced() == () and settled.keeps(DocumentLines(pages=[0, 1, 2]), {"doc@0@notes", "doc@1@readings"})
    unnamed = DocumentLines(pages=[0, 1], blocks={1: ["doc@x@notes", "doc@0@notes"]})  # an id that names no page
    assert unnamed.misplaced() == ((0, 1),)
