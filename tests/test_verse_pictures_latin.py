"""Issue 15's leftovers, on a fixture edition of their own (tests/fixtures/verse-pictures-latin/), built once
for the module with its PDFs: verse numbered by verse line in the margin and the apparatus (render/lines,
print.xsl's data-verse); the pictures of the text printed from the edition's folder and nothing else fetched
(render/pdf picture_fetcher); the web page of a Latin text in an English edition in both languages.

The PDFs are read with pypdf, each piece of text with its place on the page: a number in the margin is one
that stands outside the column where the text's lines begin and end.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES, build_with_pdf

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint", reason="WeasyPrint is needed for the print edition")

FOLDER = FIXTURES / "verse-pictures-latin"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list]:
    return build_with_pdf(FOLDER, tmp_path_factory)


def placed(built, name: str) -> list[list[tuple[str, float, float]]]:
    """Each page of a document's PDF as its pieces of text: (text, x, y), y from the foot of the page."""
    pages = []
    for page in pypdf.PdfReader(str(built[0] / "pdf" / f"{name}.pdf")).pages:
        pieces: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                pieces.append((text.strip(), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

        page.extract_text(visitor_text=visit)
        pages.append(pieces)
    return pages


def margin_numbers(built, name: str) -> list[tuple[str, str]]:
    """The numbers in the margin beside the text, each with the line of text it stands by, in reading order."""
    found = []
    for pieces in placed(built, name):
        if not pieces:
            continue
        left = Counter(round(x) for _, x, _ in pieces).most_common(1)[0][0]  # where the lines begin
        top = max(y for _, _, y in pieces)  # the running head
        lines = [(text, y) for text, x, y in pieces if round(x) == left]
        margin = [(text, y) for text, x, y in pieces if (x < left - 2 or x > left + 300) and y < top - 1]
        for number, y in sorted(margin, key=lambda item: -item[1]):
            assert number.isdigit(), f"{number!r} in the margin"
            by = min(lines, key=lambda line: abs(line[1] - y))
            assert abs(by[1] - y) < 4, f"margin number {number} stands by no line"
            found.append((number, by[0]))
    return found


def printed(built, name: str) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(built[0] / "pdf" / f"{name}.pdf")).pages).split())


def test_verse_is_numbered_by_its_verse_lines_in_the_margin(built):
    # lg/l/@n 1-6 and a second poem 1-2, stanza labels and headings between them: 5 is the fifth verse line
    assert margin_numbers(built, "verse") == [("5", "He cuts the grass,")]  # (the caesura ends a piece of text)
    # twelve verse lines, the sixth wrapped over three lines of the page: it counts once, its continuation unnumbered
    assert margin_numbers(built, "variants") == [("5", "Along the bank the willows lean,"),
                                                 ("10", "it goes where sailors come and go,")]
    # verse lines without @n counted from 1; the prose around them unnumbered
    assert margin_numbers(built, "unnumbered") == [("5", "five for the river,")]


def test_the_apparatus_is_keyed_by_verse_line_and_lemma(built):
    text = printed(built, "variants")
    assert "7 murmur A] whisper B" in text and "10 sailors A] fishers B" in text
    # the verse's own number is not printed beside every line as well (one numbering)
    assert "2 the miller sleeps" not in text and "4 the evening" not in text


def test_a_verse_line_is_counted_from_its_number_or_its_place():
    from variorum.render.lines import DocumentLines

    # a heading, a stanza label, verse 1 and verse 2 (wrapped), a label, verse 3
    lines = DocumentLines(pages=[0] * 6, verses=[None, None, "1", "2", "2", "3"])
    assert lines.labels("page") == [None, None, 1, 2, 2, 3]
    assert [lines.starts_verse(i) for i in range(6)] == [True, True, True, True, False, True]
    assert DocumentLines(pages=[0, 1]).labels("page") == [1, 1]  # no verse: the layout's lines


# ------------------------------------------------------------------ pictures on paper


def images_of(built, name: str) -> set[str]:
    """The image XObjects a document's PDF has (its pages may share their resources)."""
    found = set()
    for page in pypdf.PdfReader(str(built[0] / "pdf" / f"{name}.pdf")).pages:
        objects = page["/Resources"].get("/XObject", {})
        found |= {key for key, value in objects.items() if value.get_object()["/Subtype"] == "/Image"}
    return found


def test_a_picture_in_the_edition_s_folder_is_printed_one_outside_it_by_its_caption(built):
    assert len(images_of(built, "pictures")) == 1, "the picture inside the folder printed, the other not fetched"
    text = printed(built, "pictures")
    assert "A pressed flower pasted on the page" in text and "[picture] A photograph kept elsewhere" in text
    warned = [d.message for d in built[1] if d.rule == "graphic-image"]
    assert len(warned) == 1 and "'../foreign2/images/plate.png' lies outside the edition's folder" in warned[0]
    assert not [d for d in built[1] if d.severity == "error"]


def test_the_print_edition_fetches_only_images_inside_the_edition_s_folder(tmp_path):
    from variorum.render.pdf import picture_fetcher

    edition, elsewhere = tmp_path / "edition", tmp_path / "elsewhere"
    (edition / "images").mkdir(parents=True)
    elsewhere.mkdir()
    picture = (FOLDER / "images" / "plate.png").read_bytes()
    (edition / "images" / "plate.png").write_bytes(picture)
    (elsewhere / "secret.png").write_bytes(picture)
    (edition / "notes.txt").write_text("not a picture")
    (edition / "images" / "link.png").symlink_to(elsewhere / "secret.png")
    fetch = picture_fetcher(edition)
    assert fetch((edition / "images" / "plate.png").as_uri()).read() == picture
    for url in [(edition / "images" / ".." / ".." / "elsewhere" / "secret.png").as_uri(), (elsewhere / "secret.png").as_uri(),
                (edition / "images" / "link.png").as_uri(), (edition / "notes.txt").as_uri(),
                (edition / "images" / "missing.png").as_uri(), "images/plate.png", "http://127.0.0.1:9/plate.png",
                "data:image/png;base64,iVBORw0KGgo=", f"file://example.org{edition}/images/plate.png",
                (edition / "images" / "plate.png").as_uri() + "?x=1"]:
        with pytest.raises(ValueError):
            fetch(url)


# ------------------------------------------------------------------ languages of the web page


def test_a_latin_text_in_an_english_edition_its_apparatus_in_english_quoting_latin(built):
    from lxml import html

    root = html.parse(str(built[0] / "documents" / "latin.html")).getroot()
    assert root.get("lang") == "en"
    assert root.xpath("//section[@class='reading-text']/div[@class='tei-text']/@lang") == ["la"]
    apparatus = root.xpath("//section[@class='apparatus']")[0]
    assert apparatus.get("lang") == "en"  # its labels, sigla and the editor's notes
    quoted = {(span.get("class"), span.text_content()): span.get("lang") for span in apparatus.xpath(".//span[@class]")
              if span.get("class") in ("lemma", "reading")}
    assert quoted == {("lemma", "tres"): "la", ("reading", "quattuor"): "la", ("lemma", "Aquitani"): "la",
                      ("reading", "the Aquitanians"): "en"}  # (a reading with an xml:lang of its own)
    note = apparatus.xpath(".//li[contains(@class, 'note')]")[0]
    assert "The Belgae" in note.text_content() and not note.xpath(".//*[@lang]")  # English, as the section is
    # on paper the entries stand in the text, its language around them
    assert "1 tres P] quattuor V 2 Aquitani P] the Aquitanians V" in printed(built, "latin")
