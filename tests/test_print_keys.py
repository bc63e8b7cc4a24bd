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
    assert not mark_print_lines(page, {"4": "1"}) and print_line("7") == "l. 7"
