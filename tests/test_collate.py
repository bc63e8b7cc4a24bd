"""Collation: plain-text witnesses -> one TEI document with a parallel-segmentation apparatus.

The cases are folders of witnesses (tests/golden/collate/<case>/input/A.txt, B.txt ...)
with known variation; the table says which apparatus entries they must give:
(type, lemma, {siglum: reading}) for every app in text order, where the readings
are those of the witnesses that do not read the lemma. Texts are reading texts:
the witness's own spelling (orig), supplied words in brackets.

Each case's whole TEI output is also a golden file (<case>/expected.xml beside
input/): rewrite them after an intended change with `pytest --accept-golden`
and read the diff before committing it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from variorum.collate import collate_files, collate_witnesses, witness_text
from variorum.diagnostics import EXIT_OK, InputError, UsageError
from variorum.encode import encode_bytes
from variorum.encode.read import read_witness
from variorum.reading import reading_text
from variorum.render.page import INDEX_PAGES

from conftest import FIXTURES, GOLDEN, REPO, golden_cases

CASES_DIR = GOLDEN / "collate"
CASES = golden_cases("collate")
EMPTY_BODY = FIXTURES / "collate" / "empty_body"  # not a golden case: collate refuses it
REGISTER = FIXTURES / "registers" / "register.xml"
T = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": "http://www.tei-c.org/ns/1.0"}

EXPECTED = {
    "substitution": [
        ("substantive", "reached", {"B": "arrived at"}),
        ("place-name", "Canton", {"B": "Guangzhou"}),
    ],
    "omission_addition": [
        ("substantive", "yet", {"B": ""}),
        ("substantive", "an", {"C": "any"}),
        ("substantive", "note.", {"C": "note from Nanking."}),
    ],
    "transposition": [
        ("substantive", "at once if you agree.", {"B": "if you agree at once."}),
        ("substantive", "direct negotiations.", {"B": "negotiations direct."}),
    ],
    "names": [
        ("person-name", "Mao Tse-tung", {"B": "Mao Zedong", "C": "Mao Zedong"}),
        ("person-name", "Chou En-lai", {"B": "Zhou Enlai", "C": "Zhou Enlai"}),
        ("place-name", "Peking,", {"B": "Beijing,"}),
        ("org-name", "Kuomintang", {"B": "Guomindang"}),
        ("place-name", "Nanking.", {"B": "Nanjing."}),
    ],
    "orthographic": [
        ("orthographic", "Everything shows", {"B": "everything shows,"}),
        ("orthographic", "Americans.", {"B": "americans!"}),
    ],
    "supplied_pages": [
        ("orthographic", "[the view]", {"B": "the view"}),
    ],
    "identical": [],
    "paragraphs": [
        ("substantive", "", {"B": "And we ask for your opinion."}),
    ],
    "styles": [
        ("substantive", "", {"B": "a"}),
    ],
}


def witnesses_of(case: str) -> list[Path]:
    return sorted((CASES_DIR / case / "input").glob("*.txt"))


def collate(case: str, registry, base: int = 1) -> etree._Element:
    witnesses = [read_witness(path.read_bytes(), path.name) for path in witnesses_of(case)]
    return collate_witnesses(witnesses, registry, base)


def text_of(reading: etree._Element) -> str:
    return " ".join(reading_text(reading).split())


def entries(root: etree._Element) -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for app in root.iter(f"{T}app"):
        lem = app.find(f"{T}lem")
        readings = {}
        for rdg in app.findall(f"{T}rdg"):
            for pointer in rdg.get("wit").split():
                readings[pointer.lstrip("#")] = text_of(rdg)
        found.append((app.get("type"), text_of(lem), readings))
    return found


@pytest.fixture(scope="module")
def outputs(test_registry) -> dict[str, etree._Element]:
    return {case: collate(case, test_registry) for case in CASES}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_apparatus_entries(case, outputs):
    assert entries(outputs[case]) == EXPECTED[case]


@pytest.mark.parametrize("case", CASES)
def test_golden(case, outputs, golden):
    from variorum.xmlio import serialize_tei

    golden(serialize_tei(outputs[case]).decode(), CASES_DIR / case / "expected.xml", f"collation of {case}")


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_every_witness_is_named_once_at_every_app(case, outputs):
    root = outputs[case]
    sigla = [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in root.iter(f"{T}witness")]
    assert len(sigla) == len(witnesses_of(case))
    for app in root.iter(f"{T}app"):
        named = [p.lstrip("#") for reading in app for p in reading.get("wit").split()]
        assert sorted(named) == sorted(sigla), etree.tostring(app, encoding="unicode")
        assert app[0].tag == f"{T}lem" and "#A" in app[0].get("wit").split()


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_witness_is_rebuilt_word_for_word(case, outputs, test_registry):
    """The reading of each witness through the apparatus is what encode makes of it alone."""
    for siglum, path in zip("ABCDE", witnesses_of(case)):
        alone = etree.fromstring(encode_bytes(path.read_bytes(), path.name, test_registry))
        expected = reading_text(alone.find("t:text/t:body", NS)).split()
        assert witness_text(outputs[case], siglum).split() == expected


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_every_pointer_resolves(case, outputs):
    root = outputs[case]
    ids = {e.get("{http://www.w3.org/XML/1998/namespace}id") for e in root.iter()} - {None}
    for element in root.iter():
        for attribute in ("ref", "target", "edRef", "wit", "corresp"):
            for pointer in (element.get(attribute) or "").split():
                if pointer.startswith("#"):
                    assert pointer[1:] in ids, f"{attribute}={pointer} does not resolve"


def test_valid_against_tei_all(outputs, tei_all_schema, tmp_path):
    for case, root in outputs.items():
        valid = tei_all_schema.validate(etree.ElementTree(root))
        assert valid, f"{case}: {tei_all_schema.error_log.last_error}"
    # The sample edition's two sources (not one document, but every kind of citation: bibl, online, msDesc).
    out = tmp_path / "sample.xml"
    collate_files(sorted((REPO / "sources").glob("*.txt")), out, authority=[REPO / "tei" / "authority"])
    sample = etree.parse(str(out))
    assert tei_all_schema.validate(sample), tei_all_schema.error_log.last_error
    assert sample.find(".//t:listWit/t:witness/t:msDesc", NS).get("{http://www.w3.org/XML/1998/namespace}id") == "A-source-3"


def test_header(outputs):
    root = outputs["styles"]
    header = root.find("t:teiHeader", NS)
    assert header.find("t:encodingDesc/t:variantEncoding[@method='parallel-segmentation'][@location='internal']", NS) is not None
    witnesses = header.findall("t:fileDesc/t:sourceDesc/t:listWit/t:witness", NS)
    assert [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in witnesses] == ["A", "B"]
    # Each witness with its own title and its citations as encode makes them, ids unique across witnesses.
    a, b = witnesses
    assert a.findtext("t:title", namespaces=NS).startswith("Letter of Mao Zedong to Stalin")
    assert a.find("t:bibl", NS).get("{http://www.w3.org/XML/1998/namespace}id") == "A-source-1"
    assert a.findtext("t:bibl/t:biblScope[@unit='page']", namespaces=NS) == "pp. 17-18"
    assert b.findtext("t:title", namespaces=NS) == "Letter to Stalin"
    assert b.find("t:bibl[@type='online']/t:ref", NS).get("target") == "http://digitalarchive.wilsoncenter.org/document/110393"
    # The base witness's title and correspondence are the document's.
    assert header.findtext("t:fileDesc/t:titleStmt/t:title", namespaces=NS) == a.findtext("t:title", namespaces=NS)
    assert header.find("t:profileDesc/t:correspDesc/t:correspAction[@type='sent']/t:persName", NS).get("ref") == "#mao-zedong"


def test_stand_off_holds_the_entities_of_every_witness(outputs):
    root = outputs["names"]
    listed = {e.get("{http://www.w3.org/XML/1998/namespace}id") for e in root.find("t:standOff", NS).iter() if e.get("{http://www.w3.org/XML/1998/namespace}id")}
    used = {e.get("ref").lstrip("#") for e in root.iter(f"{T}placeName", f"{T}persName", f"{T}orgName") if e.get("ref")}
    assert used <= listed
    assert {"beijing", "nanjing", "guomindang", "zhou-enlai", "mao-zedong", "stalin"} <= listed


def test_page_breaks_of_each_witness_point_at_its_own_source(outputs):
    pbs = [(pb.get("n"), pb.get("edRef")) for pb in outputs["supplied_pages"].iter(f"{T}pb")]
    assert pbs == [("17", "#A-source-1"), ("5", "#B-source-1")]


def test_another_base(test_registry):
    root = collate("substitution", test_registry, base=2)
    assert entries(root) == [("substantive", "arrived at", {"A": "reached"}), ("place-name", "Guangzhou", {"A": "Canton"})]
    assert all(app[0].get("wit") == "#B" for app in root.iter(f"{T}app"))
    assert [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in root.iter(f"{T}witness")] == ["A", "B"]


def test_collation_is_deterministic(test_registry):
    from variorum.xmlio import serialize_tei

    assert serialize_tei(collate("names", test_registry)) == serialize_tei(collate("names", test_registry))


def test_renders_in_the_web_edition(outputs):
    from variorum.render.xslt import Stylesheets

    stylesheets = Stylesheets()
    page = etree.fromstring(stylesheets.transform("html.xsl", stylesheets.parse(outputs["names"], "names"), index_pages=INDEX_PAGES).encode())
    assert [w.get("siglum") for w in page.find("witnesses")] == ["A", "B", "C"]
    kinds = [li.get("class") for li in page.find("apparatus").iter("li")]
    assert "apparatus-entry person-name" in kinds and "apparatus-entry org-name" in kinds


# ---------------------------------------------------------------- the command and its errors


def test_collate_files_writes_once_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "collation.xml"
    witnesses = witnesses_of("substitution")
    assert collate_files(witnesses, out, authority=[REGISTER]) == EXIT_OK
    written = out.read_bytes()
    assert b"<app type=\"place-name\">" in written
    assert collate_files(witnesses, out, authority=[REGISTER]) == EXIT_OK  # unchanged: fine
    assert "unchanged" in capsys.readouterr().err
    with pytest.raises(InputError, match="--force"):
        collate_files(witnesses, out, base=2, authority=[REGISTER])
    assert out.read_bytes() == written
    assert collate_files(witnesses, out, base=2, authority=[REGISTER], force=True) == EXIT_OK
    assert out.read_bytes() != written
    assert [p.name for p in tmp_path.iterdir()] == ["collation.xml"]  # no temporary file left


def test_one_witness_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="at least two witnesses"):
        collate_files(witnesses_of("substitution")[:1], tmp_path / "out.xml", authority=[REGISTER])
    assert not (tmp_path / "out.xml").exists()


def test_base_out_of_range_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="--base 3: there are 2 witnesses"):
        collate_files(witnesses_of("substitution"), tmp_path / "out.xml", base=3, authority=[REGISTER])
    with pytest.raises(UsageError, match="--base 0"):
        collate_files(witnesses_of("substitution"), tmp_path / "out.xml", base=0, authority=[REGISTER])


def test_witness_without_body_is_named(tmp_path):
    with pytest.raises(InputError) as error:
        collate_files(sorted(EMPTY_BODY.glob("*.txt")), tmp_path / "out.xml", authority=[REGISTER])
    assert error.value.exit_status == 1
    assert str(error.value).startswith(str(EMPTY_BODY / "B.txt") + ":1: ")
    assert not (tmp_path / "out.xml").exists()


def test_missing_witness_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="cannot read the witness") as error:
        collate_files([witnesses_of("substitution")[0], tmp_path / "nowhere.txt"], tmp_path / "out.xml", authority=[REGISTER])
    assert error.value.file == str(tmp_path / "nowhere.txt")


def test_out_must_be_a_file(tmp_path):
    with pytest.raises(UsageError, match="is a folder"):
        collate_files(witnesses_of("substitution"), tmp_path, authority=[REGISTER])


def test_witness_in_another_encoding_is_read(tmp_path, test_registry):
    """Witnesses come as the encoder takes them: here one in cp1252 with CRLF line ends."""
    a, b = witnesses_of("names")[:2]
    other = tmp_path / "B.txt"
    other.write_bytes(b.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp1252"))
    assert collate_files([a, other], tmp_path / "out.xml", authority=[REGISTER]) == EXIT_OK
    root = etree.parse(str(tmp_path / "out.xml")).getroot()
    assert re.sub(r"\s+", " ", witness_text(root, "B")) == "Mao Zedong met Zhou Enlai in Beijing, and the Guomindang left Nanjing."
