"""Collated documents are valid against the edition schema, its Schematron and tei_all, and render with sigla."""
from pathlib import Path

import pytest
from lxml import etree, html

from variorum.collate import collate_files
from variorum.config import Edition
from variorum.document import TeiDocument
from variorum.render.site import Site
from variorum.render.xslt import Stylesheets
from variorum.validation import Validator
from variorum.xmlio import read_xml

from conftest import FIXTURES, GOLDEN, TEI_ALL, golden_cases

CASES = [GOLDEN / "collate" / name for name in golden_cases("collate")]


@pytest.fixture(scope="module")
def collated(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("collated")
    outputs = []
    for case in CASES:
        out = folder / f"{case.name}.xml"
        assert collate_files(sorted((case / "input").glob("*.txt")), out, authority=[FIXTURES / "registers" / "register.xml"]) == 0
        outputs.append(out)
    return outputs


def test_valid_against_both_schemas(collated):
    checker = Validator(tei_all=TEI_ALL if TEI_ALL.is_file() else None)
    for path in collated:
        problems = [d.as_text() for d in checker.check(read_xml(path)) if d.severity == "error"]
        assert not problems, problems


def test_renders_with_sigla_and_a_witness_view(collated, tmp_path):
    names = next(p for p in collated if p.stem == "names")
    site = Site(Edition(root=tmp_path), tmp_path / "site", Stylesheets())
    site.add_document(TeiDocument("names", str(names), etree.parse(str(names)).getroot()), names.read_bytes())
    site.finish()
    page = html.parse(str(tmp_path / "site" / "documents" / "names.html"))
    assert page.xpath("//select[@name='witness']/option/@value")[1:] == ["A", "B", "C"]
    entries = page.xpath("//li[contains(@class, 'place-name')]")
    assert entries and entries[0].xpath(".//span[@class='sigla']")
