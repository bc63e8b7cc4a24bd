"""Step 2 of the print edition (render/pdf): with several workers the front matter's pages are had while the
workers do step 1 (a layout in a thread of the parent, with stand-in page numbers), so that no layout of it
stands between steps 1 and 3; the contents still give each document's page."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from variorum.config import load_edition
from variorum.document import TeiDocument
from variorum.render import pdf
from variorum.render.xslt import Stylesheets
from variorum.xmlio import read_xml

from conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "print"
CASES = ("letter", "notes", "apparatus", "critical-edition", "numbering")


def test_a_front_matter_that_cannot_be_laid_out_meanwhile_is_laid_out_in_its_step():
    def fails() -> int:
        raise RuntimeError("no fonts")

    assert pdf._Meanwhile(fails).pages() is None
    assert pdf._Meanwhile(lambda: 7).pages() == 7


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")
def test_with_two_workers_the_front_matter_is_laid_out_once_and_beside_step_3(tmp_path, monkeypatch):
    import pikepdf

    fronts = []
    lay_out = pdf.PrintEdition._front

    def counted(self, typesetter, printed, guess, back_anchors):
        matter = lay_out(self, typesetter, printed, guess, back_anchors)
        fronts.append((guess, matter.pages))
        return matter

    monkeypatch.setattr(pdf.PrintEdition, "_front", counted)
    documents = [TeiDocument(case, f"{case}.xml", read_xml(GOLDEN / case / "input.xml").strict().getroot()) for case in CASES]
    report = pdf.PrintEdition(load_edition(REPO), Stylesheets()).write(documents, tmp_path, workers=2)
    assert len(fronts) == 1 and fronts[0][0] == fronts[0][1] == report.front_pages, fronts  # one plan, its pages as planned
    contents = subprocess.run(["pdftotext", "-f", "1", "-l", str(report.front_pages), str(tmp_path / "pdf" / "edition.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout.split("Contents", 1)[1]
    listed = [(" ".join(text.split()).rstrip(". "), int(number)) for text, number in re.findall(r"(.+?)\s(\d+)\n", contents, re.DOTALL)]
    for case, document in zip(CASES, documents):
        with pikepdf.open(tmp_path / "pdf" / f"{case}.pdf") as offprint:
            first = int(re.match(r"Pages? (\d+)", str(offprint.docinfo["/Subject"]))[1])
        title = " ".join(document.summary.title.split())
        assert (title, first) in [(text[:len(title)], number) for text, number in listed], (case, first, listed)
