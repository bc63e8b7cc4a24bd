"""A document WeasyPrint cannot typeset: reported by name with the reason, left out of the print
edition, the rest of the edition (web and print) published, exit status 1 (issue 15, "Print")."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from variorum.cli import main

from conftest import REPO

BAD = "004_fc7e68a7096e41dc"
GOOD = "000_ed60d7a27737539e"
WEASYPRINT_ERROR = "Got '\\u2003' between two lines. Expected nothing or a preserved line break"


def pdftotext(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def edition(tmp_path, monkeypatch):
    """The sample edition, with WeasyPrint failing on one of its two documents (in this process: one worker)."""
    from variorum.render import pdf

    folder = tmp_path / "edition"
    folder.mkdir()
    for name in ("edition.toml", "sources", "tei"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, folder / name)
    layout = pdf.Typesetter.layout

    def failing(self, html, **options):
        if f"{BAD}--" in html:
            raise AssertionError(WEASYPRINT_ERROR)
        return layout(self, html, **options)

    monkeypatch.setattr(pdf.Typesetter, "layout", failing)
    monkeypatch.setattr(pdf.os, "cpu_count", lambda: 1)
    return folder


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")
def test_a_document_that_cannot_be_typeset_is_reported_and_left_out(edition, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", str(edition), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "[print-typeset]" in line]
    assert len(said) == 1 and f"{BAD}.xml" in said[0] and "error:" in said[0], err
    assert f"{BAD}: left out of the print edition: cannot typeset the document: AssertionError: Got" in said[0]
    # The web edition whole; the print edition without it; its page links no PDF it has not.
    assert (out / "documents" / f"{BAD}.html").is_file() and (out / "documents" / f"{GOOD}.html").is_file()
    assert not (out / "pdf" / f"{BAD}.pdf").exists()
    assert (out / "pdf" / f"{GOOD}.pdf").is_file()
    assert f"../pdf/{BAD}.pdf" not in (out / "documents" / f"{BAD}.html").read_text(encoding="utf-8")
    assert f"../pdf/{GOOD}.pdf" in (out / "documents" / f"{GOOD}.html").read_text(encoding="utf-8")
    book = pdftotext(out / "pdf" / "edition.pdf")
    assert "Nanking" in pdftotext(out / "pdf" / f"{GOOD}.pdf")
    assert book.count("Telegram") >= 1 and "PDF edition of" in err
    # An unchanged build says it again, and again exits 1.
    assert main(["build", str(edition), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert sum("[print-typeset]" in line for line in err.splitlines()) == 1, err
    assert not (out / "pdf" / f"{BAD}.pdf").exists()
    assert f"../pdf/{BAD}.pdf" not in (out / "documents" / f"{BAD}.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ what WeasyPrint could not typeset, typeset

def tei(body: str, lang: str, title: str) -> bytes:
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>
<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Made for the test.</p></sourceDesc></fileDesc></teiHeader>
<text><body>{body}</body></text></TEI>""".encode()


def typeset(tmp_path, doc_id: str, data: bytes) -> str:
    """One document through the print edition (no reporter: a document that cannot be typeset raises), its PDF's text."""
    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.render.pdf import PrintEdition
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    document = TeiDocument(doc_id, f"{doc_id}.xml", read_xml(data, f"{doc_id}.xml").strict().getroot())
    PrintEdition(load_edition(REPO), Stylesheets()).write([document], tmp_path, workers=1)
    return pdftotext(tmp_path / "pdf" / f"{doc_id}.pdf")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")
@pytest.mark.parametrize("apparatus", ["footnotes", "lines"])
def test_a_newline_before_an_element_in_a_note_is_typeset(tmp_path, monkeypatch, apparatus):
    """WeasyPrint 70 leaves the whitespace of a footnote uncollapsed: "Depuis \\n<label>" in a note (a real
    critical edition's, cwrc--Au-Fill-de-la-Narration) stopped the layout with an AssertionError."""
    import dataclasses

    from variorum import config

    load = config.load_edition
    monkeypatch.setattr(config, "load_edition", lambda root: dataclasses.replace(load(root), apparatus=apparatus))
    body = '<p>Le texte.<note place="foot">Depuis \n<label>le printemps</label> arabe de 2011.</note> Et la suite.</p>'
    text = " ".join(typeset(tmp_path, "newline", tei(body, "fr", "A note with a newline")).split())
    assert "Depuis le printemps arabe de 2011." in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")
def test_greek_is_hyphenated_by_its_language(tmp_path):
    """Ancient Greek (xml:lang="grc") breaks words at the end of its justified lines, as the Greek patterns allow."""
    words = ("Παῦλος ἀπόστολος Χριστοῦ Ἰησοῦ διὰ θελήματος θεοῦ τοῖς ἁγίοις τοῖς οὖσιν ἐν Ἐφέσῳ καὶ πιστοῖς "
             "ἐν Χριστῷ Ἰησοῦ χάρις ὑμῖν καὶ εἰρήνη ἀπὸ θεοῦ πατρὸς ἡμῶν καὶ κυρίου Ἰησοῦ Χριστοῦ εὐλογητὸς "
             "ὁ θεὸς καὶ πατὴρ τοῦ κυρίου ἡμῶν Ἰησοῦ Χριστοῦ ὁ εὐλογήσας ἡμᾶς ἐν πάσῃ εὐλογίᾳ πνευματικῇ "
             "ἐν τοῖς ἐπουρανίοις ἐν Χριστῷ καθὼς ἐξελέξατο ἡμᾶς ἐν αὐτῷ πρὸ καταβολῆς κόσμου ")
    text = typeset(tmp_path, "greek", tei(f"<p>{words * 4}</p>", "grc", "Πρὸς Ἐφεσίους"))
    broken = [line for line in text.splitlines() if line.rstrip().endswith("\u2010")]
    assert len(broken) >= 2, text


def test_a_document_whose_lines_still_move_is_a_warning(tmp_path):
    """PrintReport.unsettled goes to the build's reporter as warnings (rule print-lines), by document."""
    import dataclasses

    from variorum.config import load_edition
    from variorum.diagnostics import Reporter
    from variorum.document import TeiDocument
    from variorum.render.pdf import PrintEdition
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    path = REPO / "tests" / "golden" / "print" / "letter" / "input.xml"
    edition = load_edition(REPO)
    printed, = PrintEdition(edition, Stylesheets()).print_documents([TeiDocument("letter", str(path), read_xml(path).strict().getroot())], workers=1)
    reporter = Reporter("json")
    report = PrintEdition(edition, Stylesheets(), reporter).write([dataclasses.replace(printed, settled=False, layouts=5)], tmp_path, workers=1)
    assert report.unsettled == ["letter"]
    said = [d for d in reporter.diagnostics if d.rule == "print-lines"]
    assert len(said) == 1 and said[0].severity == "warning" and said[0].message.startswith("letter: its lines still moved after 5 layouts")


def test_the_warning_of_an_unsettled_document_says_which_pages_apparatus_stands_where(tmp_path):
    """Where the last layout put a page's apparatus on another page, or ran it past a page's foot (not all of it
    printed), the print-lines warning says which, on the book's pages, and what the editor can do; an incremental
    build's record keeps it."""
    import dataclasses

    from variorum.config import load_edition
    from variorum.diagnostics import Reporter
    from variorum.document import TeiDocument
    from variorum.incremental import printed_from_json, printed_to_json
    from variorum.render.pdf import PrintEdition
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    path = REPO / "tests" / "golden" / "print" / "letter" / "input.xml"
    edition = load_edition(REPO)
    printed, = PrintEdition(edition, Stylesheets()).print_documents([TeiDocument("letter", str(path), read_xml(path).strict().getroot())], workers=1)
    unsettled = printed_from_json(printed_to_json(dataclasses.replace(printed, settled=False, layouts=5, misplaced=((0, 1),),
                                                                      overfull=(1,))))
    assert unsettled.misplaced == ((0, 1),) and unsettled.overfull == (1,)
    reporter = Reporter("json")
    first = PrintEdition(edition, Stylesheets(), reporter).write([unsettled], tmp_path, workers=1).printed[0].first_page
    said, = [d.message for d in reporter.diagnostics if d.rule == "print-lines"]
    assert f"the apparatus of p. {first} stands on p. {first + 1}" in said, said
    assert f"the apparatus at the foot of p. {first + 1} runs past the page, and what is below it is not printed" in said
    assert said.endswith("(split a long note, or move it to the commentary)")
