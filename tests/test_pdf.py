"""The print edition: xslt/print.xsl, site_templates/print/, variorum.render.pdf.

The sample edition (the two telegrams), a collated document and a document in
three scripts are typeset once for the module, as edition.toml asks (the
apparatus keyed by line and lemma), and once more with footnotes; the tests read
the PDFs' text with pypdf and check what a reader and a press would: every word
in order, every apparatus note, page numbers of contents and indexes, running
heads, bookmarks and links leading to their pages, each document's pages in the
book the same as its offprint's (on the book's numbers), metadata, embedded fonts,
byte-identical output; and, read word by word with their places (pdftotext -bbox),
the line numbers in the outer margin (a document beginning on a left-hand page
too) and the apparatus keyed to them.

Golden files of print.xsl: tests/golden/print/<case>/input.xml -> expected.xml;
rewrite them after an intended change with `pytest --accept-golden` and read the diff.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from markupsafe import Markup

pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to read the PDFs (pip install pypdf)")

from variorum.config import Edition, load_edition  # noqa: E402
from variorum.reading import reading_text  # noqa: E402
from variorum.render.pdf import PrintedDocument, PrintEdition, build_indexes  # noqa: E402
from variorum.document import DocumentSummary, IndexHeading, TeiDocument  # noqa: E402
from variorum.render.page import INDEX_PAGES, NameOccurrence  # noqa: E402
from variorum.render.xslt import Stylesheets  # noqa: E402
from variorum.xmlio import TEI_NS, read_xml, tei  # noqa: E402

from conftest import INTEROP, REPO, golden_cases  # noqa: E402
from shown_text import shown_text  # noqa: E402

GOLDEN = REPO / "tests" / "golden" / "print"
COLLATED = REPO / "tests" / "golden" / "collate" / "transposition" / "expected.xml"  # variorum collate's output
CASES = golden_cases("print")
NS = {"tei": TEI_NS}

SCRIPTS_TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader><fileDesc><titleStmt><title>Three scripts</title></titleStmt>
    <publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Made for the test.</p></sourceDesc></fileDesc></teiHeader>
  <text><body>
    <p>The port of Lüshun, called <foreign xml:lang="ru">Порт-Артур</foreign> in <foreign xml:lang="ru">Москва</foreign>,
       is written <foreign xml:lang="zh">旅顺口</foreign> and lies south of <foreign xml:lang="zh">北京</foreign>; the word
       <foreign xml:lang="ja">ひらがな</foreign> and the Greek <foreign xml:lang="grc">λόγος</foreign> are set as well.</p>
  </body></text>
</TEI>"""

# A footnote's number sits right after a word ("Nanking1", "[I]1", "Forces11,12"); the same
# digits are taken off the expected words too, so that both sides are read alike.
CALL = re.compile(r"(?<=[^\s\d])\d+(?:,\d+)*")
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
SOFT_HYPHEN_BREAK = "\u2010\n"  # the hyphen WeasyPrint sets where it breaks a word (print.css)


def normalised_words(text: str) -> list[str]:
    """Words as read: a word broken at a line's end joined again (at a page's end it stays
    broken: the next line is a footnote), footnote numbers, line numbers after a word and page-break
    bars taken off."""
    text = re.sub(r"\u2010\n(?=[^\W\d_])", "", text).replace("|", "")
    text = re.sub(f"(?<=[{CJK}])\n(?=[{CJK}])", "", text)  # Chinese and Japanese break lines between any two characters
    # The quotation marks of a <q> are the layout's (generated), not words of the text.
    return [word for word in (w.strip("“”‘’") for w in CALL.sub("", text).split()) if word]


def squeeze(text: str) -> str:
    """Text without whitespace and layout hyphens: for phrases that may break across lines."""
    return "".join(text.replace(SOFT_HYPHEN_BREAK, "").split())


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


# ------------------------------------------------------------------ the edition, typeset once


def typeset_book(tmp_path_factory, **options):
    """The sample edition plus two collated documents and a three-script one, typeset in two worker processes."""
    edition = dataclasses.replace(load_edition(REPO), **options)
    documents = [TeiDocument(p.stem, str(p), read_xml(p).strict().getroot()) for p in sorted(edition.tei_dir.glob("*.xml"))]
    documents.sort(key=lambda d: d.summary.date)
    documents.append(TeiDocument("collated", "collated", read_xml(GOLDEN / "apparatus" / "input.xml").strict().getroot()))
    documents.append(TeiDocument("transposed", "transposed", read_xml(COLLATED).strict().getroot()))
    documents.append(TeiDocument("scripts", "scripts", read_xml(SCRIPTS_TEI.encode(), "scripts").strict().getroot()))
    out = tmp_path_factory.mktemp("print")
    report = PrintEdition(edition, Stylesheets()).write(documents, out, workers=2)
    pages = pdf_pages(out / "pdf" / "edition.pdf")
    return {"edition": edition, "documents": documents, "out": out, "report": report, "pages": pages}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """As edition.toml asks: the lines numbered, the apparatus keyed by line and lemma."""
    assert load_edition(REPO).apparatus == "lines"
    return typeset_book(tmp_path_factory)


@pytest.fixture(scope="module")
def footnote_book(tmp_path_factory):
    """A documentary edition's print: the apparatus in numbered footnotes."""
    return typeset_book(tmp_path_factory, apparatus="footnotes")


def test_writes_the_edition_and_one_pdf_per_document(book):
    folder = book["out"] / "pdf"
    assert sorted(p.name for p in folder.iterdir()) == sorted(["edition.pdf"] + [f"{d.id}.pdf" for d in book["documents"]])
    report = book["report"]
    assert report.documents == len(book["documents"])
    assert report.pages == len(book["pages"])
    assert report.document_pages == sum(len(pypdf.PdfReader(str(folder / f"{i}.pdf")).pages) for i in (d.id for d in book["documents"]))


def test_documents_break_into_pages_alone_as_in_the_edition(book):
    """The page numbers were planned from each document laid out alone (step 1); its final layout on its pages
    of the book (step 3) came out the same: no document's pages moved, none was laid out a third time."""
    report = book["report"]
    assert report.moved == []
    assert sorted(report.laid_out) == sorted(d.id for d in book["documents"])


@pytest.mark.parametrize("which", ["book", "footnote_book"])
def test_each_document_in_the_book_is_its_offprint(which, request):
    """A document's own PDF holds its pages of the book, on the book's page numbers (what a scholar cites),
    then the offprint note; the book has the same pages, text for text, at those numbers."""
    book = request.getfixturevalue(which)
    first_pages = {d.summary.id: d.first_page for d in book["report"].printed}
    for document in book["documents"]:
        offprint = pdf_pages(book["out"] / "pdf" / f"{document.id}.pdf")
        first = first_pages[document.id]
        assert first > 3 and offprint[-1].startswith("From "), (document.id, offprint[-1][:40])
        assert squeeze(book["pages"][first - 1]).startswith(squeeze(document.summary.title)[:30]), document.id
        for number, text in enumerate(offprint[:-1], start=first):
            assert text == book["pages"][number - 1], f"{document.id}: page {number} of the book is not its offprint's"
            folio = text.rstrip().rsplit("\n", 1)[-1].split()[0]  # the running head, read last: "12 Title" or "13"
            assert folio == str(number), f"{document.id}: page {number} is printed {folio!r}"
    # A document laid out to begin on a left-hand page: the empty page before it left out, its folios even first.
    assert any(starts % 2 == 0 for starts in first_pages.values()), "a document of the sample begins on a left-hand page"


def test_outline_entries_and_links_lead_to_their_pages(book):
    reader = pypdf.PdfReader(str(book["out"] / "pdf" / "edition.pdf"))
    pages = book["pages"]
    for item in reader.outline:
        if isinstance(item, list):
            continue
        number = reader.get_destination_page_number(item)
        assert squeeze(pages[number]).startswith(squeeze(item.title)[:30]) or item.title == "Title page" and number == 0, item.title
    # The contents: each entry a link to the page its number gives.
    contents = 2
    entries = [int(n) for n in re.findall(r"\s(\d+)\n", pages[contents].removeprefix("Contents"))]
    targets = link_targets(reader, contents)
    assert sorted(set(targets)) == sorted(set(entries)) and len(entries) >= 8, (targets, entries)
    # The indexes: their links in the order of their page numbers (a number is never broken), each to the page it names.
    for heading in ("Index of places", "Index of persons", "Index of organisations"):
        number = next(n for n, text in enumerate(pages) if text.startswith(heading))
        printed = [page for _, numbers in index_entries(book, heading) for page in numbers]
        assert link_targets(reader, number) == printed, heading
    # Every link of the book leads to a page of it, or to an address of the web.
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            assert "/Dest" in annotation or str(annotation["/A"]["/URI"]).startswith("http"), annotation


def test_a_document_whose_pages_moved_is_said_and_the_rest_laid_out_after_it(tmp_path):
    """Step 3 checks each document's final layout against step 1: a record that counted one page too many (as if
    its layout had changed) is said (print-pages), and the document after it is laid out again on its real pages."""
    from variorum.diagnostics import Reporter

    edition = load_edition(REPO)
    first, second = (TeiDocument(case, case, read_xml(GOLDEN / case / "input.xml").strict().getroot()) for case in ("letter", "notes"))
    printed, = PrintEdition(edition, Stylesheets()).print_documents([first], workers=1)
    reporter = Reporter("json")
    report = PrintEdition(edition, Stylesheets(), reporter).write([dataclasses.replace(printed, pages=printed.pages + 1), second],
                                                                  tmp_path, workers=1)
    assert report.moved == ["letter"]
    said = [d for d in reporter.diagnostics if d.rule == "print-pages"]
    assert len(said) == 1 and said[0].severity == "warning" and said[0].message.startswith("letter: its final layout has")
    book = pdf_pages(tmp_path / "pdf" / "edition.pdf")
    starts = {d.summary.id: d.first_page for d in report.printed}
    assert starts["notes"] == starts["letter"] + printed.pages
    offprint = pdf_pages(tmp_path / "pdf" / "notes.pdf")
    assert offprint[:-1] == book[starts["notes"] - 1:starts["notes"] - 1 + len(offprint) - 1]


def link_targets(reader, page_index: int) -> list[int]:
    """The page numbers (1-based) the links of a page lead to, in their order (a link broken over lines: once a line)."""
    return [reader.get_page_number(annotation["/Dest"][0].get_object()) + 1
            for annotation in (a.get_object() for a in reader.pages[page_index].get("/Annots") or ()) if "/Dest" in annotation]


def test_every_word_of_every_reading_text_in_order(book):
    expected: list[str] = []
    for doc_id, root in ((d.id, d.root) for d in book["documents"]):
        body = root.find(tei("text"))
        words = normalised_words(reading_text(body))
        assert words, doc_id
        expected += words
        # The document's own PDF holds its words in order too.
        assert_in_order(words, normalised_words("\n".join(pdf_pages(book["out"] / "pdf" / f"{doc_id}.pdf"))), doc_id)
    assert_in_order(expected, normalised_words("\n".join(book["pages"])), "edition.pdf")


def assert_in_order(expected: list[str], actual: list[str], name: str) -> None:
    """Each expected word in `actual` after the one before it (running heads and notes may come between).

    A word hyphenated at the foot of a page is read as its two halves: "participa‐" on one
    page, "tion" after that page's footnotes on the next."""
    position = 0
    for number, word in enumerate(expected):
        found = _find(word, actual, position)
        if found is None:
            context = " ".join(expected[max(0, number - 5):number + 1])
            pytest.fail(f"{name}: word {number} {word!r} is missing or out of order (after: {context!r})")
        position = found


def _find(word: str, actual: list[str], start: int) -> int | None:
    for position in range(start, len(actual)):
        token = actual[position]
        if token == word:
            return position + 1
        if token.endswith("\u2010") and len(token) > 1 and word.startswith(token[:-1]):
            rest = word[len(token) - 1:]
            if rest in actual[position + 1:]:
                return actual.index(rest, position + 1) + 1
    return None


def footnotes(root: etree._Element, stylesheets: Stylesheets) -> list[str]:
    parts = etree.fromstring(stylesheets.transform("print.xsl", stylesheets.parse(root, "test"), id_prefix="t--", index_pages=INDEX_PAGES).encode())
    return [" ".join("".join(n.itertext()).split()) for n in parts.xpath("//span[contains(@class, 'footnote')]")]


def test_every_apparatus_note_is_at_the_foot_of_a_page(footnote_book):
    book = footnote_book
    stylesheets = Stylesheets()
    text = squeeze("\n".join(book["pages"]))
    notes = [note for document in book["documents"] for note in footnotes(document.root, stylesheets)]
    assert len(notes) >= 25
    missing = [note for note in notes if squeeze(note) not in text]
    assert not missing, missing[:5]
    for phrase in ("Nanking] Nanjing regular form", "[for them] supplied by the editor",
                   "reached A] arrived at B", "om. A] , at last B", "Canton A] Guangzhou B"):
        assert squeeze(phrase) in text, phrase


def test_footnotes_are_numbered_per_document_at_the_foot(footnote_book):
    book = footnote_book
    assert book["report"].layouts == {1: len(book["documents"])}, "footnotes: each document laid out once"
    first = book["pages"][page_of_heading(book, "Telegram of J.V. Stalin")]
    body, foot = re.split(r"\n1\s+Nanking\] Nanjing", first, maxsplit=1)
    assert "Nanking1 government" in body and foot, "note 1 is called in the text and printed below it"


# ------------------------------------------------------------------ keyed by line, read word by word

MM = 72 / 25.4  # points in a millimetre
TEXT_LEFT, TEXT_RIGHT_MARGIN = 24 * MM, 20 * MM  # print.css: the text block on every page


@dataclasses.dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclasses.dataclass
class ReadPage:
    number: int  # 1-based
    text_lines: list[list[Word]]  # lines of 10-point text in the text block, top to bottom
    margin_numbers: list[tuple[int, Word]]
    apparatus: str  # the words at the foot of the page in the apparatus's 8 points, in reading order


def read_pages(path: Path) -> list[ReadPage]:
    """Every page of a PDF as words with their places (pdftotext -bbox), sorted into the text's lines,
    the numbers in the margins and the apparatus at the foot (by the type sizes of print.css)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is absent (Debian package poppler-utils)")
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True).stdout
    pages = []
    for number, page in enumerate(etree.fromstring(xhtml).iter("{*}page"), 1):
        width = float(page.get("width"))
        words = [Word(*(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "") for w in page.iter("{*}word")]
        inside = [w for w in words if w.x0 >= TEXT_LEFT - 1 and w.x1 <= width - TEXT_RIGHT_MARGIN + 1 and w.y0 > 50]
        text = sorted((w for w in inside if 12.5 < w.height < 14.8), key=lambda w: (w.y0, w.x0))
        lines: list[list[Word]] = []
        for word in text:
            if lines and abs(lines[-1][0].middle - word.middle) < 3:
                lines[-1].append(word)
            else:
                lines.append([word])
        bottom = max((w.y1 for w in text), default=0)
        foot = sorted((w for w in inside if 10.6 < w.height < 11.2 and w.y0 > bottom or w.height < 8 and w.y0 > bottom),
                      key=lambda w: (round(w.y1), w.x0))
        margin = [(int(w.text), w) for w in words if w.text.isdigit() and w.y0 > 50
                  and (w.x1 < TEXT_LEFT - 2 or w.x0 > width - TEXT_RIGHT_MARGIN + 2)]
        pages.append(ReadPage(number, lines, margin, " ".join(w.text for w in foot)))
    return pages


def line_labels(page: ReadPage) -> dict[int, list[Word]]:
    """The page's lines of text by the number the margin gives them (counted on from the nearest number)."""
    at = {}
    for label, word in page.margin_numbers:
        index = min(range(len(page.text_lines)), key=lambda i: abs(page.text_lines[i][0].middle - word.middle))
        assert abs(page.text_lines[index][0].middle - word.middle) < 3, f"page {page.number}: number {label} stands by no line"
        at[index] = label
    labels = {}
    for index in range(len(page.text_lines)):
        nearest = min(at, key=lambda i: abs(i - index), default=None)
        if nearest is not None and abs(nearest - index) < 5:
            labels[at[nearest] + index - nearest] = page.text_lines[index]
    return labels


def line_text(words: list[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: w.x0))


APPARATUS_LINE = re.compile(r"(?:^|(?<=\s))(\d+(?:–\d+)?) (?=\S)")


def apparatus_entries(page: ReadPage) -> list[tuple[int, int, str]]:
    """(first line, last line, entry) of each entry at the page's foot: `12 lemma] reading` run on,
    the line number once for the entries of a line, these separated by a bar."""
    parts = APPARATUS_LINE.split(page.apparatus)
    entries = []
    for label, chunk in zip(parts[1::2], parts[2::2]):
        first, _, last = label.partition("–")
        entries += [(int(first), int(last or first), entry.strip()) for entry in chunk.split(" | ")]
    return entries


def test_line_numbers_in_the_outer_margin_count_the_lines_between_them(book):
    pages = read_pages(book["out"] / "pdf" / "edition.pdf")
    numbered = [page for page in pages if page.margin_numbers]
    assert len(numbered) >= 4, "the documents' lines are numbered"
    previous = None  # (label, lines of the page after it)
    for page in numbered:
        labels = [label for label, _ in page.margin_numbers]
        assert all(label % book["edition"].line_numbers_every == 0 for label in labels), labels
        right_hand = page.number % 2 == 1
        for label, word in page.margin_numbers:
            assert (word.x0 > TEXT_LEFT) if right_hand else (word.x1 < TEXT_LEFT), f"page {page.number}: {label} not in the outer margin"
        rows = {label: min(range(len(page.text_lines)), key=lambda i: abs(page.text_lines[i][0].middle - word.middle))
                for label, word in page.margin_numbers}
        ordered = sorted(rows.items(), key=lambda item: item[1])
        for (a, row_a), (b, row_b) in zip(ordered, ordered[1:]):
            assert row_b - row_a == b - a, f"page {page.number}: {b - a} lines from {a} to {b}, {row_b - row_a} printed"
        first_label, first_row = ordered[0]
        if previous and first_label > previous[0] and page.number == previous[2] + 1:  # the same document runs on
            assert previous[1] + first_row + 1 == first_label - previous[0], f"page {page.number}: lines from {previous[0]} to {first_label}"
        last_label, last_row = ordered[-1]
        previous = (last_label, len(page.text_lines) - last_row - 1, page.number)
        line_labels(page)


def test_every_entry_keyed_to_the_line_of_its_lemma(book):
    assert_keyed_to_lemmas(read_pages(book["out"] / "pdf" / "edition.pdf"), least=25)


def assert_keyed_to_lemmas(pages: list[ReadPage], least: int) -> None:
    """Each entry's lemma on the line its number names (pages with a number in the margin)."""
    checked = 0
    for page in pages:
        if not page.margin_numbers:
            continue
        lines = line_labels(page)
        for first, last, entry in apparatus_entries(page):
            lemma = entry.split("]")[0]
            assert "]" in entry, f"page {page.number}: {entry!r} has no lemma"
            words = [re.sub(r"\d+$", "", w) for w in lemma.split() if w != "…"]
            while len(words) > 1 and re.fullmatch(r"[A-Z]{1,2}", words[-1]):  # the lemma's sigla
                words.pop()
            assert first in lines and last in lines, f"page {page.number}: entry {entry!r} keyed to line {first}, not on the page"
            text = squeeze(line_text(lines[first]) + " " + line_text(lines[last]))
            assert squeeze(words[0]) in text, f"page {page.number}: {words[0]!r} of {entry!r} is not on line {first}"
            assert squeeze(words[-1]) in squeeze(line_text(lines[last])) or squeeze(words[-1]) in text, entry
            checked += 1
    assert checked >= least


def test_collated_documents_keyed_by_line_with_the_witnesses_sigla(tmp_path):
    """Two documents of variorum collate, every line numbered: each reading on its lemma's line, with sigla."""
    edition = dataclasses.replace(load_edition(REPO), line_numbers_every=1)
    documents = [TeiDocument("collated", "collated", read_xml(GOLDEN / "apparatus" / "input.xml").strict().getroot()),
                 TeiDocument("transposed", "transposed", read_xml(COLLATED).strict().getroot())]
    PrintEdition(edition, Stylesheets()).write(documents, tmp_path, workers=1)
    for document in documents:
        pages = read_pages(tmp_path / "pdf" / f"{document.id}.pdf")
        assert_keyed_to_lemmas(pages, least=2)
        sigla = {w.get("{http://www.w3.org/XML/1998/namespace}id") for w in document.root.iter(tei("witness"))}
        readings = [entry for page in pages for _, _, entry in apparatus_entries(page) if "reg." not in entry]
        assert readings
        for entry in readings:
            reading = entry.split("]", 1)[1].split()
            assert set(reading) & sigla, f"{entry!r}: no siglum of {sorted(sigla)}"


def test_apparatus_keyed_by_line_and_lemma_with_sigla_and_types(book):
    text = " ".join(page.apparatus for page in read_pages(book["out"] / "pdf" / "edition.pdf"))
    for phrase in ("Nanking] Nanjing reg.", "for them] suppl.", "reached A] arrived at B", "today] , at last add. B",
                   "Canton A] Guangzhou B", "at … agree. A] if you agree at once. transp. B",
                   "direct negotiations. A] negotiations direct. transp. B"):
        assert squeeze(phrase) in squeeze(text), phrase
    assert "regular form" not in text and not re.search(r"\d\xa0", text)
    assert "]]" not in squeeze(text), "a supplied lemma is printed without the brackets of the text (reledmac's `for them] suppl.`)"


def test_each_line_number_once_per_line_of_entries(book):
    """At a page's foot the series follow each other, each in the order of the lines, a line's number once."""
    for page in read_pages(book["out"] / "pdf" / "edition.pdf"):
        keys = [int(label.split("–")[0]) for label in APPARATUS_LINE.findall(page.apparatus)]
        runs = 1 + sum(1 for a, b in zip(keys, keys[1:]) if b <= a)  # a series begins where the numbers go back
        assert runs <= 3, f"page {page.number}: a line number given twice in a series: {keys}"


def test_lines_settle_in_few_layouts_and_the_edition_keeps_them(book):
    report = book["report"]
    assert not report.unsettled and max(report.layouts) <= 3, report.layouts
    assert report.moved == [], "each document's pages and lines in its final layout as in step 1"


def test_a_document_whose_apparatus_fits_its_first_layout_is_laid_out_once(book):
    """The first layout keeps each entry's room, unseen, at the foot of its lemma's page; where the apparatus keyed
    to those lines fits each page's room, that layout is the print and the apparatus a layer laid over it. The
    sample's letters are laid out once; the collated document, whose three series take more room than its entries
    run on, is keyed and laid out again. Unseen is unseen: each entry is printed once, under one rule a page."""
    printed = {d.summary.id: d for d in book["report"].printed}
    assert [i for i, d in printed.items() if d.layer] == ["000_ed60d7a27737539e", "004_fc7e68a7096e41dc", "transposed"]
    assert all(printed[i].layouts == 1 for i in ("000_ed60d7a27737539e", "004_fc7e68a7096e41dc", "transposed", "scripts"))
    assert printed["collated"].layouts >= 2 and not printed["collated"].layer
    pages = read_pages(book["out"] / "pdf" / "edition.pdf")
    entries = [entry for page in pages for entry in apparatus_entries(page)]
    assert len(entries) == book["report"].notes, "an entry printed twice, or not at all"
    for number in (5, 7):  # the letters' first pages: a rule above the layer, none left over from the unseen room
        assert len(page_rules(book["out"] / "pdf" / "edition.pdf", number)) == 1, number


def page_rules(path: Path, number: int) -> list[float]:
    """The apparatus rules drawn on a page, on it or in a layer laid over it: each as WeasyPrint draws a border,
    a path of four points as wide as the text block (112 mm, in its CSS px) and thinner than a point; their heights."""
    import pikepdf

    text_width = (156 - 24 - 20) * 96 / 25.4
    found = []
    with pikepdf.open(path) as pdf:
        page = pdf.pages[number - 1]
        layers = page.obj.Resources.get("/XObject", {})
        drawn = [str(operands[0]) for operands, op in pikepdf.parse_content_stream(page.obj) if str(op) == "Do"]
        for stream in [page.obj] + [layers[name] for name in drawn if name in layers]:
            points = [(str(op), [float(v) for v in operands]) for operands, op in pikepdf.parse_content_stream(stream)
                      if str(op) in ("m", "l")]
            for at, (op, (x, y)) in enumerate(points):
                if op == "m" and [o for o, _ in points[at + 1:at + 4]] == ["l"] * 3:
                    (x0, y0), (_, y1) = points[at + 1][1], points[at + 2][1]
                    if abs(abs(x - x0) - text_width) < 1 and y0 == y and 0 < abs(y1 - y) < 1:
                        found.append(y)
    return found


def test_a_repeated_word_of_a_line_is_told_apart():
    from variorum.render.lines import _occurrence

    line = "the war and the peace of the people"
    assert _occurrence("the", line, line.index("the peace")) == 2
    assert _occurrence("the", line, 0) == 1
    assert _occurrence("war", line, line.index("war")) is None
    assert _occurrence("people", line, line.index("people")) is None


def page_of_heading(book, heading: str) -> int:
    for number, text in enumerate(book["pages"]):
        if number > 3 and text.startswith(heading):
            return number
    pytest.fail(f"no page begins with {heading!r}")


def test_source_notes_and_page_breaks_of_the_printed_source(book):
    text = "\n".join(book["pages"])
    assert squeeze("AP RF, f. 45, op. 1, d. 330, ll. 95–96.") in squeeze(text)
    assert squeeze("Stalin I.V., Works, vol. 18, Tver: Information and Soyuz Publishing Center, 2006, pp. 520–521.") in squeeze(text)
    assert "[p. 521]" in text
    assert "Joseph Stalin → Mao Zedong, 10th January 1949" in text


def test_contents_give_the_page_of_each_document(book):
    contents = book["pages"][2]
    assert contents.startswith("Contents")
    # An entry runs to the page number that ends a line (leader dots before it).
    entries = {squeeze(text).rstrip("."): int(number)
               for text, number in re.findall(r"(.+?)\s(\d+)\n", contents.removeprefix("Contents"), re.DOTALL)}
    titles = [d.summary.title for d in book["documents"]]
    titles += ["Index of places", "Index of persons", "Index of organisations", "Bibliography"]
    for title in titles:
        page = next((number for text, number in entries.items() if text.startswith(squeeze(title))), None)
        assert page, f"{title!r} is not in the contents: {entries}"
        assert squeeze(book["pages"][page - 1]).startswith(squeeze(title)), (title, page)


def index_entries(book, heading: str) -> list[tuple[str, list[int]]]:
    start = next(n for n, text in enumerate(book["pages"]) if text.startswith(heading))
    entries = []
    for line in book["pages"][start].splitlines():
        match = re.fullmatch(r"(\D.*?) (\d+(?:, \d+)*)", line.strip())
        if match:
            entries.append((match.group(1), [int(p) for p in match.group(2).split(", ")]))
    return entries


@pytest.mark.parametrize("heading", ["Index of places", "Index of persons", "Index of organisations"])
def test_index_page_numbers_point_at_pages_with_the_form(book, heading):
    entries = index_entries(book, heading)
    assert len(entries) >= 3, entries
    for form, pages in entries:
        assert pages == sorted(set(pages)), f"{form}: one reference per page, in order: {pages}"
        for page in pages:
            text = " ".join(book["pages"][page - 1].split())
            assert form in text, f"{heading}: {form!r} is not on page {page}"


def test_index_lists_every_form_with_cross_references(book):
    places = dict(index_entries(book, "Index of places"))
    assert "Nanking" in places and "Nanjing" in places
    start = next(n for n, text in enumerate(book["pages"]) if text.startswith("Index of places"))
    assert "Nanking, see Nanjing" in book["pages"][start]
    assert "Lüshun" in book["pages"][start]


def test_bibliography_lists_each_source_once_with_its_documents(book):
    page = next(text for text in book["pages"] if text.startswith("Bibliography"))
    assert page.count("AP RF, f. 45") == 1
    cited = re.findall(r"Cited in: (.+?), p\. (\d+)\.", page)
    assert cited
    for title, number in cited:
        assert squeeze(book["pages"][int(number) - 1]).startswith(squeeze(title)[:30])


def test_running_heads_and_folios(book):
    pages = book["pages"]
    title = book["edition"].title
    first = page_of_heading(book, "Telegram of J.V. Stalin")
    # The page after a document's first page is a left-hand page: folio and the edition's title.
    assert pages[first + 1].rstrip().endswith(f"{first + 2} {title}")
    liu = page_of_heading(book, "Telegram to Liu")
    assert pages[liu + 1].rstrip().endswith(f"{liu + 2} {title}") or pages[liu + 1].rstrip().endswith("Telegram to Liu")
    assert pages[2].rstrip().endswith("3")  # contents: the folio


def test_metadata_and_bookmarks(book):
    reader = pypdf.PdfReader(str(book["out"] / "pdf" / "edition.pdf"))
    assert reader.metadata.title == book["edition"].title
    assert reader.metadata.author == "The variorum developers"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:2] == ["Title page", "Contents"]
    for document in book["documents"]:
        assert document.summary.title in outline
    assert {"Index of places", "Index of persons", "Bibliography"} <= set(outline)
    single = pypdf.PdfReader(str(book["out"] / "pdf" / "004_fc7e68a7096e41dc.pdf"))
    assert single.metadata.title == "Telegram to Liu"


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Every font of the PDF: its name -> whether its program is embedded."""
    fonts = {}
    for page in pypdf.PdfReader(str(path)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_fonts_are_embedded_and_cover_every_script(book):
    fonts = embedded_fonts(book["out"] / "pdf" / "edition.pdf")
    assert fonts and all(fonts.values()), fonts
    assert any("NotoSerif-" in name or name.endswith("Noto-Serif") for name in fonts), fonts
    scripts = embedded_fonts(book["out"] / "pdf" / "scripts.pdf")
    assert any("CJK" in name for name in scripts), scripts
    text = squeeze("\n".join(pdf_pages(book["out"] / "pdf" / "scripts.pdf")))
    for word in ("Lüshun", "Порт-Артур", "Москва", "旅顺口", "北京", "ひらがな", "λόγος"):
        assert word in text, word


def test_hyphenation_in_the_text_never_in_names(book):
    text = "\n".join(book["pages"])
    breaks = re.findall(r"(\w+)\u2010\n(\w+)", text)
    assert breaks, "the reading text is hyphenated (its language is known)"
    name_words = {
        word
        for root in (d.root for d in book["documents"])
        for name in root.iterfind(".//tei:text//*[@ref]", NS)
        for word in re.findall(r"\w+", "".join(name.itertext()))
    }
    hyphenated_names = [a + b for a, b in breaks if a + b in name_words]
    assert not hyphenated_names


def test_pages_render_to_png_with_footnote_rule_and_margin_note(book, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is absent (Debian package poppler-utils)")
    from PIL import Image

    edition = str(book["out"] / "pdf" / "edition.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "30", edition, str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(book["pages"])
    # The page with a page break of the printed source, at a resolution that shows a 0.4 pt rule.
    number = next(n for n, text in enumerate(book["pages"]) if "[p. 521]" in text) + 1
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(number), "-l", str(number), "-singlefile",
                    edition, str(tmp_path / "detail")], check=True)
    page = Image.open(tmp_path / "detail.png").convert("L")
    width, height = page.size
    pixels = page.tobytes()  # one byte a pixel (mode L)
    dark = [[x for x in range(width) if pixels[y * width + x] < 200] for y in range(height)]
    # The footnote rule: a line in the lower half as wide as the text block, and nothing else on it.
    rules = [y for y in range(height // 2, height) if len(dark[y]) > width * 0.6]
    assert rules, "no rule above the footnotes"
    # The page of the printed source stands in the left margin, left of the text block.
    starts = [row[0] for row in dark[: rules[0]] if row]
    text_left = max(set(starts), key=starts.count)  # where most lines begin
    assert any(start < text_left - 10 for start in starts), "nothing in the left margin"


@pytest.mark.parametrize("workers", [1, 2])
def test_reproducible_byte_for_byte(tmp_path, monkeypatch, workers):
    """The same bytes twice: each document's PDF and the book put together from them (in one process, or two)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    edition = load_edition(REPO)
    cases = ["letter"] if workers == 1 else ["letter", "notes", "apparatus"]
    outputs = []
    for run in ("a", "b"):
        documents = [TeiDocument(case, case, read_xml(GOLDEN / case / "input.xml").strict().getroot()) for case in cases]
        PrintEdition(edition, Stylesheets()).write(documents, tmp_path / run, workers=workers)
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / run / "pdf").iterdir()})
    assert outputs[0].keys() == {"edition.pdf"} | {f"{case}.pdf" for case in cases}
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], f"{name} differs between two runs"
    reader = pypdf.PdfReader(str(tmp_path / "a" / "pdf" / "edition.pdf"))
    assert reader.metadata["/CreationDate"].startswith("D:20260101000000")
    assert reader.metadata["/ModDate"].startswith("D:20260101000000")
    assert len(reader.trailer["/ID"]) == 2  # computed from the content (no clock, no chance)


def test_edition_sized_layout_gives_the_same_pdf(tmp_path):
    """The indexed footnote list and target lookups change the speed of WeasyPrint, nothing else."""
    from weasyprint import HTML

    from variorum.render.pdf import Typesetter
    from variorum.render.weasyprint_speedups import edition_document_class

    assert edition_document_class() is not None, "WeasyPrint's internals changed: the edition is laid out the slow way"
    typesetter = Typesetter(load_edition(REPO))
    html = (REPO / "tests" / "golden" / "print" / "letter" / "input.xml")
    printed = PrintEdition(load_edition(REPO), Stylesheets()).print_documents([TeiDocument("letter", str(html), read_xml(html).strict().getroot())], workers=1)
    page = typesetter.page("print/document.html", document=printed[0].summary, section=Markup(printed[0].section))
    fast = typesetter.pdf(typesetter.layout(page))
    plain = typesetter.pdf(HTML(string=page).render(stylesheets=[typesetter.css], font_config=typesetter.fonts))
    assert fast == plain


def test_index_keeps_one_reference_per_page_and_files_by_sort_key():
    def printed(doc_id, names, pages, entities):
        summary = DocumentSummary(doc_id, doc_id, "", "", "", "")
        return PrintedDocument(summary, "", [], names, entities, pages, max(pages.values()) + 1)

    headings = {"stalin": IndexHeading("stalin", "person", "Joseph Stalin", "Stalin, Joseph"),
                "mao": IndexHeading("mao", "person", "Mao Zedong")}
    first = printed("a", [NameOccurrence("a--name-1", "stalin", "person", "Stalin"), NameOccurrence("a--name-2", "stalin", "person", "Stalin"),
                          NameOccurrence("a--name-3", "mao", "person", "Mao Zedong"), NameOccurrence("a--name-4", "stalin", "person", "Stalin")],
                    {"a--name-1": 0, "a--name-2": 0, "a--name-3": 0, "a--name-4": 1}, headings)
    second = printed("b", [NameOccurrence("b--name-1", "stalin", "person", "Joseph Stalin")], {"b--name-1": 0}, headings)
    page_of = {anchor: (number, page) for number, d in enumerate([first, second]) for anchor, page in d.name_pages.items()}
    persons = next(i for i in build_indexes([first, second], page_of) if i.id == "index-persons")
    # Joseph Stalin files under S (his sort key); "Stalin" would file there too: no cross-reference.
    assert [(item.label or item.form, item.see) for item in persons.items] == [("Mao Zedong", ""), ("Joseph Stalin", "")]
    stalin = persons.items[1]
    assert stalin.own == ["b--name-1"]
    assert stalin.variants == [("Stalin", ["a--name-1", "a--name-4"])]  # a--name-2 shares a page with a--name-1


# ------------------------------------------------------------------ print.xsl


@pytest.fixture(scope="module")
def stylesheets():
    return Stylesheets()


def render(stylesheets: Stylesheets, path: Path) -> etree._Element:
    root = read_xml(path).strict().getroot()
    return etree.fromstring(stylesheets.transform("print.xsl", stylesheets.parse(root, path.name), id_prefix=f"{path.parent.name}--", index_pages=INDEX_PAGES).encode())


@pytest.mark.parametrize("case", CASES)
def test_golden(case, stylesheets, golden):
    page = render(stylesheets, GOLDEN / case / "input.xml")
    etree.indent(page)
    golden(etree.tostring(page, encoding="unicode") + "\n", GOLDEN / case / "expected.xml", f"print.xsl output for {case}")


def test_notes_are_numbered_where_their_entries_begin(stylesheets):
    """As the web numbers them (test_web_and_print_number_each_entry_alike): an entry inside a lemma comes
    after the lemma's own, so its call ("3") stands before the lemma's ("2"), set "3,2", not "32"."""
    page = render(stylesheets, GOLDEN / "apparatus" / "input.xml")
    numbers = [int(n) for n in page.xpath("//span[contains(@class, 'footnote')]/@data-n")]
    assert sorted(numbers) == list(range(1, len(numbers) + 1)) and numbers == [1, 3, 2, 4]
    assert page.xpath("//span[@data-n='2']/@class") == ["footnote after-note"]


def test_nothing_hidden_on_paper(stylesheets):
    """No orig/reg switch and no witness menu on paper: every other form is in a note."""
    page = render(stylesheets, GOLDEN / "notes" / "input.xml")
    notes = " ".join(" ".join("".join(n.itertext()).split()) for n in page.xpath("//span[contains(@class, 'footnote')]"))
    for phrase in ("teh] the corrected", "Ctte] Committee expanded", "Peking] Beijing regular form",
                   "(4 Nanking] Nanjing regular form)", "with B", "about C"):
        assert phrase in notes, phrase
    assert not page.xpath("//*[@hidden]")
    assert not page.xpath("//a[starts-with(@href, '#') or contains(@href, '.html')]"), "no links to web pages or the TEI file"
    assert not page.xpath("//img"), "pictures are not fetched"


INTEROP_FILES = sorted(INTEROP.glob("*.xml")) if INTEROP.is_dir() else []


def visible_characters(element: etree._Element) -> str:
    return "".join("".join(element.itertext()).split())


@pytest.mark.skipif(not INTEROP_FILES, reason=f"the interop corpus is absent ({INTEROP})")
@pytest.mark.parametrize("path", INTEROP_FILES, ids=lambda p: p.stem)
def test_any_tei_prints_without_losing_a_word(path, stylesheets):
    root = read_xml(path).strict().getroot()
    page = render(stylesheets, path)
    texts, bibliographies = shown_text(root)  # the registers are in the indexes, the text's bibliographies in the sources
    texts += bibliographies
    tokens = {token for t in texts for token in " ".join(t.itertext()).replace("\u0323", "").split()}
    text = page.find("text")
    rendered = visible_characters(text).replace("\u0323", "") + visible_characters(page.find("sources"))
    lost = sorted(token for token in tokens - set(" ".join(text.itertext()).replace("\u0323", "").split()) if token not in rendered)
    assert not lost, f"{path.name}: words of the TEI text missing from the printed text: {lost[:10]}"
    assert len(rendered) >= sum(len(visible_characters(t)) for t in texts), f"{path.name}: characters missing"


SMALL_FOREIGN = ["teistyles--testapp.xml", "teistyles--testnotes1.xml", "cwrc--Bertrand-Russell-to-Patricia-Spence-letter-_LW-NV-LW.xml"]


@pytest.mark.skipif(not all((INTEROP / name).is_file() for name in SMALL_FOREIGN), reason=f"the interop corpus is absent ({INTEROP})")
def test_foreign_tei_is_typeset(tmp_path):
    edition = Edition(root=INTEROP, title="Foreign TEI", tei=".")
    documents = [TeiDocument(Path(name).stem, name, read_xml(INTEROP / name).strict().getroot()) for name in SMALL_FOREIGN]
    report = PrintEdition(edition, Stylesheets()).write(documents, tmp_path, workers=1)
    assert report.documents == 3
    for doc_id, root in ((d.id, d.root) for d in documents):
        words = [w for w in normalised_words(reading_text(root.find(f".//{tei('text')}"))) if re.search(r"\w", w)]
        assert_in_order(words, normalised_words("\n".join(pdf_pages(tmp_path / "pdf" / f"{doc_id}.pdf"))), doc_id)


# ------------------------------------------------------------------ edition.toml [print]


@pytest.mark.parametrize("toml, message", [
    ('[print]\napparatus = "margin"\n', "apparatus must be one of 'lines', 'footnotes'"),
    ('[print]\nline_numbers_every = 0\n', "line_numbers_every must be a whole number from 1"),
    ('[print]\nrestart = "chapter"\n', "restart must be one of 'document', 'page'"),
    ('[print]\nnumbers = 5\n', "[print] has no option 'numbers'"),
])
def test_print_options_are_checked(tmp_path, toml, message):
    from variorum.diagnostics import InputError

    (tmp_path / "edition.toml").write_text(toml)
    with pytest.raises(InputError, match=re.escape(message)):
        load_edition(tmp_path)


def test_print_options_default_to_a_critical_edition(tmp_path):
    (tmp_path / "edition.toml").write_text('[print]\nrestart = "page"\n')
    edition = load_edition(tmp_path)
    assert (edition.apparatus, edition.line_numbers_every, edition.restart) == ("lines", 5, "page")


def test_line_numbers_restart_on_each_page():
    from variorum.render.lines import DocumentLines

    lines = DocumentLines(pages=[0, 0, 0, 1, 1, 2])
    assert lines.labels("document") == [1, 2, 3, 4, 5, 6]
    assert lines.labels("page") == [1, 2, 3, 1, 2, 1]


# ------------------------------------------------------------------ web and print agree (issue 16)


def web_entries(stylesheets: Stylesheets, path: Path) -> dict[str, str]:
    """The web page's apparatus: number -> the entry's text (in the form written)."""
    from variorum.render.page import render_page

    document = TeiDocument(path.parent.name, str(path), read_xml(path).strict().getroot())
    parts = render_page(stylesheets, "html.xsl", document)
    entries = {}
    for li in parts.apparatus:
        for view in li.xpath(".//span[@class='view-reg']"):
            view.getparent().remove(view)
        entries[li.get("value")] = " ".join("".join(li.itertext()).split()).split(" ", 1)[1]
    return entries


def test_web_and_print_number_each_entry_alike(stylesheets):
    """Counted where the entry begins, in both: a note inside a note, a supplied word inside a lemma, a
    regularised person's name have the web's numbers on paper; a choice the web shows by its switch is lettered."""
    path = GOLDEN / "numbering" / "input.xml"
    web = web_entries(stylesheets, path)
    page = render(stylesheets, path)
    printed = {}
    for note in page.xpath("//span[contains(@class, 'footnote')]"):
        inner = note.xpath(".//span[@class='subnote']")
        printed[note.get("data-n")] = " ".join("".join(note.xpath("span/node()[not(self::span[@class='subnote'])]//text() | span/text()")).split())
        for sub in inner:
            printed[sub.xpath("string(span[@class='subnote-n'])")] = None
    numbered = {n for n in printed if n.isdigit()}
    assert numbered == set(web) == {str(n) for n in range(1, 10)}, (sorted(printed), sorted(web))
    for n, text in printed.items():
        if text and n.isdigit():
            assert text.split()[0].strip("[") == web[n].split()[0].strip("["), (n, text, web[n])
    assert sorted(n for n in printed if not n.isdigit()) == ["a", "b"]
    assert web["2"].startswith("Chou] Zhou") and web["4"].startswith("⟨day⟩") and web["7"].startswith("no date A]")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")
def test_the_pdf_footnotes_carry_the_web_numbers(tmp_path, stylesheets):
    path = GOLDEN / "numbering" / "input.xml"
    web = web_entries(stylesheets, path)
    edition = dataclasses.replace(load_edition(REPO), apparatus="footnotes")
    document = TeiDocument("numbering", str(path), read_xml(path).strict().getroot())
    PrintEdition(edition, Stylesheets()).write([document], tmp_path, workers=1)
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "pdf" / "numbering.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split())
    for n in ("1", "2", "3", "4", "8", "9"):  # the footnotes of the running text: the number, then the web's entry
        assert squeeze(f"{n} {web[n][:12]}") in squeeze(text), (n, web[n])
    assert squeeze("(6 Copy B has no date (7 no date A]") in squeeze(text)
    assert squeeze("a coast] coast road corrected") in squeeze(text) and squeeze("b Ctte] Committee expanded") in squeeze(text)


def _letter_with_notes_at_its_end(notes: int) -> bytes:
    """A short letter whose last lines carry more notes than the foot of its last page holds."""
    words = "telegram delegation treaty railway port question minister agreement commission".split()
    calls = "".join(f' word{n}<note place="foot">Note{n:02d} {" ".join(words[(n + k) % len(words)] for k in range(70))}.</note>'
                    for n in range(notes))
    return (f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Notes at the end</title></titleStmt>'
            '<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>'
            f'<text><body><p>{" ".join(words * 30)}</p><p>At the end:{calls}.</p></body></text></TEI>').encode()


def test_notes_put_off_from_the_last_page_are_in_the_book(tmp_path):
    """WeasyPrint puts the notes that the foot of a document's last page cannot hold on the pages after it:
    the offprint note's and more, which the book leaves out. The document is given pages of its own for them
    (render/pdf, NOTES_OVER): every note is in edition.pdf, and the offprint ends with its note alone."""
    edition = dataclasses.replace(load_edition(REPO), apparatus="footnotes")
    document = TeiDocument("notes-at-the-end", "notes-at-the-end.xml",
                           read_xml(_letter_with_notes_at_its_end(14), "notes-at-the-end.xml").strict().getroot())
    report = PrintEdition(edition, Stylesheets()).write([document], tmp_path, workers=1)
    book = squeeze("\n".join(pdf_pages(tmp_path / "pdf" / "edition.pdf")))
    missing = [f"Note{n:02d}" for n in range(14) if f"Note{n:02d}" not in book]
    assert not missing, missing
    assert report.printed[0].section.count('class="notes-over"') >= 1
    offprint = pdf_pages(tmp_path / "pdf" / "notes-at-the-end.pdf")
    assert "From" in offprint[-1] and not re.search(r"Note\d\d", offprint[-1]), offprint[-1][:200]
