"""Web and print agree: keyed by line, each entry of a document's web page says its line in the print edition,
and the print keys the same entry, with the same lemma, to that line (render/print_keys)."""
import html
import re
import shutil

import pytest

from variorum.cli import main
from variorum.render.print_keys import mark_print_lines, print_line

from conftest import REPO
from test_pdf import apparatus_entries, read_pages

WEB_ENTRY = re.compile(r'<li id="note-([^"]+)" class="apparatus-entry[^"]*"[^>]*>(.*?)</li>', re.S)


def web_entries(page_html: str) -> dict[str, tuple[str | None, str]]:
    """Entry number -> (its print line as the page says it, or None; its lemma as written)."""
    found = {}
    for number, body in WEB_ENTRY.findall(page_html):
        line = re.search(r'<span class="print-line"[^>]*>([^<]*)</span>', body)
        lemma = re.search(r'<span class="lemma">(.*?)</span>', body, re.S)
        found[number] = (line[1] if line else None, html.unescape(re.sub(r"<[^>]+>", "", lemma[1])) if lemma else "")
    return found


def first_word(lemma: str) -> str:
    """A lemma's first word (the print gives a long lemma as `first … last`, supplied text without its brackets)."""
    return re.findall(r"\w+", lemma)[0]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    pytest.importorskip("weasyprint", reason="WeasyPrint is needed for the PDF edition")
    folder = tmp_path_factory.mktemp("keys")
    edition = folder / "edition"
    edition.mkdir()
    for name in ("edition.toml", "sources", "tei"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copyfile)(REPO / name, edition / name)
    assert main(["build", str(edition), "--out", str(folder / "site")]) == 0
    return folder / "site"


def test_each_web_entry_says_the_line_the_print_keys_it_to(sample_site):
    """Each web entry that says a line is an entry of the print at that line, with its lemma; the print's other
    entries are its lettered notes, of paper only (xslt/print.xsl: a choice with a note of its own)."""
    checked = 0
    for page in sorted((sample_site / "documents").glob("*.html")):
        if "~" in page.name:
            continue
        web = web_entries(page.read_text(encoding="utf-8"))
        printed = [entry for read in read_pages(sample_site / "pdf" / f"{page.stem}.pdf") for entry in apparatus_entries(read)]
        unmatched = list(printed)
        for line, lemma in (entry for entry in web.values() if entry[0]):
            first, _, last = line.removeprefix("ll. ").removeprefix("l. ").partition("–")
            match = next((entry for entry in unmatched if entry[:2] == (int(first), int(last or first))
                          and first_word(entry[2].split("]")[0]) == first_word(lemma)), None)
            assert match is not None, f"{page.name}: {lemma!r} at {line} is not the print's"
            unmatched.remove(match)
            checked += 1
        assert len(unmatched) <= 1, f"{page.name}: the print's {unmatched} are on no web entry"
    assert checked >= 20


def test_the_print_leaves_out_what_the_web_alone_shows(sample_site):
    """The spellings of registered persons and organisations are the index's on paper (xslt/print.xsl): their web
    entries say no line; every other entry does."""
    web = web_entries((sample_site / "documents" / "000_ed60d7a27737539e.html").read_text(encoding="utf-8"))
    assert web["1"] == ("l. 2", "Nanking")
    assert web["9"][0] is None and web["9"][1] == "Kuomintang"


def test_marking_a_page_writes_a_new_file_and_only_when_it_changes(tmp_path):
    """The page may be a link to the previous site's (an incremental build): it is replaced, never written through."""
    page = tmp_path / "page.html"
    page.write_text('<ol><li id="note-3" class="apparatus-entry place-name" value="3"><a class="back" href="#note-3-mark">3</a> x</li></ol>')
    (tmp_path / "previous.html").hardlink_to(page)
    assert mark_print_lines(page, {"3": "12–13"}) and "ll. 12–13" in page.read_text()
    assert "print-line" not in (tmp_path / "previous.html").read_text()
    assert not mark_print_lines(page, {"3": "12–13", "4": "1"}) and print_line("7") == "l. 7"


def test_marking_again_replaces_what_the_page_said():
    """A page marked before (taken from the previous site) says the lines of now, once, and no line the print no longer gives."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page.html"
        page.write_text('<ol><li id="note-3" class="apparatus-entry" value="3"><a class="back" href="#n3">3</a> x</li>'
                        '<li id="note-4" class="apparatus-entry" value="4"><a class="back" href="#n4">4</a> y</li></ol>')
        mark_print_lines(page, {"3": "0:12", "4": "1:2"}, first_page=13)
        assert re.findall(r'class="print-line"[^>]*>([^<]*)<', page.read_text()) == ["p. 13, l. 12", "p. 14, l. 2"]
        copy = Path(folder) / "copy.html"
        assert mark_print_lines(copy, {"3": "0:12"}, first_page=15, source=page)  # the document moved on two pages
        assert re.findall(r'class="print-line"[^>]*>([^<]*)<', copy.read_text()) == ["p. 15, l. 12"]
        assert "> y</li>" in copy.read_text() and "p. 13" in page.read_text()  # the source is left as it was


@pytest.mark.parametrize("label, first_page, said", [
    ("12", 0, "l. 12"), ("12–13", 0, "ll. 12–13"),
    ("0:12", 7, "p. 7, l. 12"), ("2:3–5", 7, "p. 9, ll. 3–5"), ("0:30–1:2", 7, "p. 7, l. 30 – p. 8, l. 2")])
def test_a_line_is_cited_with_its_page_when_lines_are_counted_by_page(label, first_page, said):
    assert print_line(label, first_page) == said


def _first_page(pdf) -> int:
    """The book's page a document's PDF begins on (its subject: render/pdf.pages_of)."""
    import pikepdf

    with pikepdf.open(pdf) as opened:
        return int(re.match(r"Pages? (\d+)", str(opened.docinfo["/Subject"]))[1])


def _check_by_page(site) -> int:
    """Each web entry that cites a page and line is an entry at the foot of that page of the book, at that line, with its lemma."""
    book = read_pages(site / "pdf" / "edition.pdf")
    checked = 0
    for page in sorted((site / "documents").glob("*.html")):
        if "~" in page.name:
            continue
        for line, lemma in (entry for entry in web_entries(page.read_text(encoding="utf-8")).values() if entry[0]):
            cited = re.fullmatch(r"p\. (\d+), ll?\. (\d+)(?:–(\d+))?", line)
            assert cited, f"{page.name}: {line!r} is not a page and a line"
            folio, first, last = int(cited[1]), int(cited[2]), int(cited[3] or cited[2])
            entries = apparatus_entries(book[folio - 1])
            assert any(entry[:2] == (first, last) and first_word(entry[2].split("]")[0]) == first_word(lemma) for entry in entries), (
                f"{page.name}: {lemma!r} at {line} is not on page {folio} of the book: {entries}")
            checked += 1
    return checked


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")
def test_lines_counted_by_page_are_cited_with_the_books_page_also_after_the_book_moves(tmp_path):
    """restart = "page": each web entry cites the page of the book and the line on it. When the first document
    grows by a page, the second is on other pages of the book; the incremental build takes its web page as it
    was, and says its new pages in it."""
    pytest.importorskip("weasyprint", reason="WeasyPrint is needed for the PDF edition")
    edition = tmp_path / "edition"
    edition.mkdir()
    for name in ("edition.toml", "sources", "tei"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copyfile)(REPO / name, edition / name)
    toml = edition / "edition.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('restart = "document"', 'restart = "page"'), encoding="utf-8")
    site = tmp_path / "site"
    assert main(["build", str(edition), "--out", str(site)]) == 0
    assert _check_by_page(site) >= 20
    first, second = sorted(edition.joinpath("tei").glob("*.xml"), key=lambda tei: _first_page(site / "pdf" / f"{tei.stem}.pdf"))
    before = _first_page(site / "pdf" / f"{second.stem}.pdf")
    said_before = (site / "documents" / f"{second.stem}.html").read_text(encoding="utf-8")

    words = " ".join(["The telegram was read again in the morning, and its words were copied for the file."] * 40)
    tei = first.read_text(encoding="utf-8")
    end = tei.index("</p>", tei.index("<body"))  # the end of the body's first paragraph: it runs on
    first.write_text(f"{tei[:end]} {words}{tei[end:]}", encoding="utf-8")
    assert main(["build", str(edition), "--out", str(site)]) == 0
    after = _first_page(site / "pdf" / f"{second.stem}.pdf")
    assert after > before, "the first document grew by a page at least"
    said_after = (site / "documents" / f"{second.stem}.html").read_text(encoding="utf-8")
    assert f"p. {before}, l." in said_before and f"p. {before}, l." not in said_after and f"p. {after}, l." in said_after
    assert _check_by_page(site) >= 20
