"""`variorum export`: golden files per format, CMIF against the SIG's schemas, GeoJSON with a
real parser, the plain text word for word, and exports of letters encoded with registers of
our kind and of other projects' kinds.

Golden files: tests/golden/export/<case>/input/ is a small edition, <case>/expected/ holds what
each format makes of it. Rewrite them after an intended change with `pytest --accept-golden`,
then read the diff before committing it.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES, GOLDEN, INTEROP, SHARED, golden_cases
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from variorum.authority import load_registry
from variorum.diagnostics import InputError, Reporter, UsageError
from variorum.encode import encode_bytes
from variorum.export import FORMATS, export
from variorum.xmlio import NSMAP

EDITION = GOLDEN / "export" / "edition" / "input"  # also the input of most tests below
CMIF_SCHEMAS = SHARED / "schemas" / "cmif"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

# output -> (format, reading, its file in tests/golden/export/<case>/expected/)
OUTPUTS = {
    "cmif": ("cmif", "orig", "letters.cmif.xml"),
    "geojson": ("geojson", "orig", "places.geojson"),
    "lpf": ("lpf", "orig", "places.lpf.json"),
    "text": ("text", "orig", "texts.txt"),
    "text-reg": ("text", "reg", "texts-reg.txt"),
}


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def run(format_name: str, paths: list[Path], out: Path | str, **options) -> tuple[int, list[str]]:
    """export(), its notes collected instead of printed; returns (exit status, notes)."""
    with open(os.devnull, "w") as quiet:
        report = Reporter(stream=quiet)
        status = export(format_name, paths, out, reporter=report, **options)
    return status, [d.as_text() for d in report.diagnostics]


# --- golden files ----------------------------------------------------------------------------

@pytest.mark.parametrize("case", golden_cases("export"))
@pytest.mark.parametrize("output", OUTPUTS)
def test_golden(case, output, tmp_path, golden):
    format_name, reading, name = OUTPUTS[output]
    out = tmp_path / name
    assert run(format_name, [GOLDEN / "export" / case / "input" / "tei"], out, reading=reading)[0] == 0
    golden(out.read_text(encoding="utf-8"), GOLDEN / "export" / case / "expected" / name, f"export --format {format_name}")


# --- CMIF against the SIG's RELAX NG and Schematron ------------------------------------------

@pytest.fixture(scope="module")
def cmif_rng() -> etree.RelaxNG:
    path = CMIF_SCHEMAS / "cmi-customization.rng"
    if not path.is_file():
        pytest.skip(f"{path} not found (the shared schemas are absent)")
    return etree.RelaxNG(etree.parse(str(path)))


@pytest.fixture(scope="module")
def cmif_schematron():
    """cmif.sch compiled with our ISO Schematron skeleton (tests/fixtures/export/schematron-skeleton.xsl)
    and run by saxonche: returns a function path -> [(role, message)] of failed asserts and reports."""
    from saxonche import PySaxonProcessor

    sch = CMIF_SCHEMAS / "cmif.sch"
    if not sch.is_file():
        pytest.skip(f"{sch} not found (the shared schemas are absent)")
    processor = PySaxonProcessor(license=False)
    compiler = processor.new_xslt30_processor()
    skeleton = compiler.compile_stylesheet(stylesheet_file=str(FIXTURES / "export" / "schematron-skeleton.xsl"))
    generated = skeleton.transform_to_string(xdm_node=processor.parse_xml(xml_file_name=str(sch)))
    validator = compiler.compile_stylesheet(stylesheet_text=generated)
    svrl = {"svrl": "http://purl.oclc.org/dsdl/svrl"}

    def check(path: Path) -> list[tuple[str, str]]:
        report = etree.fromstring(validator.transform_to_string(xdm_node=processor.parse_xml(xml_file_name=str(path))).encode())
        assert report.xpath("count(//svrl:fired-rule)", namespaces=svrl) > 0  # the rules did run
        return [(f.get("role") or "error", " ".join(f.xpath("string(svrl:text)", namespaces=svrl).split()))
                for f in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=svrl)]

    return check


def assert_valid_cmif(path: Path, rng: etree.RelaxNG, schematron) -> None:
    document = etree.parse(str(path))
    assert rng.validate(document), f"{path} is not valid CMIF: {rng.error_log}"
    problems = schematron(path)
    assert not problems, f"{path}: cmif.sch says {problems}"


def test_cmif_is_valid_against_the_sig_schemas(tmp_path, cmif_rng, cmif_schematron):
    out = tmp_path / "letters.xml"
    run("cmif", [EDITION / "tei"], out)
    assert_valid_cmif(out, cmif_rng, cmif_schematron)


def test_the_schematron_check_can_fail(tmp_path, cmif_schematron):
    """The skeleton reports each of cmif.sch's errors on a broken file (so the test above means something)."""
    broken = tmp_path / "broken.xml"
    broken.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><sourceDesc><bibl xml:id="not-a-uuid"/></sourceDesc>'
        '</fileDesc><profileDesc><correspDesc source="#elsewhere"><correspAction type="sent"><date>1950</date></correspAction>'
        "</correspDesc></profileDesc></teiHeader></TEI>", encoding="utf-8")
    messages = " ".join(message for _, message in cmif_schematron(broken))
    for code in ("W0001", "E0002", "E0003", "E0004"):
        assert code in messages
    assert "E0001" not in messages


def test_cmif_names_dates_and_identifiers_come_from_the_documents(tmp_path):
    out = tmp_path / "letters.xml"
    run("cmif", [EDITION / "tei"], out)
    root = etree.parse(str(out)).getroot()
    letters = root.xpath("//tei:correspDesc", namespaces=NSMAP)
    assert [d.get("ref") for d in letters] == ["https://edition.example.org/letters/documents/letter-1.html",
                                               "https://edition.example.org/letters/documents/letter-2.html"]
    bibl_id = root.xpath("string(//tei:sourceDesc/tei:bibl[@type='online']/@xml:id)", namespaces=NSMAP)
    assert all(d.get("source") == f"#{bibl_id}" for d in letters)

    def action(letter, kind):
        return [(e.tag.split("}")[1], e.text, e.get("ref"), dict(e.attrib) if e.tag.endswith("date") else None)
                for e in letter.xpath(f"tei:correspAction[@type='{kind}']/*", namespaces=NSMAP)]

    assert action(letters[0], "sent") == [("persName", "Joseph Stalin", "https://www.wikidata.org/entity/Q855", None),
                                          ("date", None, None, {"when": "1949-01-10"})]
    assert action(letters[0], "received") == [("persName", "Mao Zedong", "https://www.wikidata.org/entity/Q5816", None)]
    assert action(letters[1], "sent") == [("persName", "Mao Zedong", "https://www.wikidata.org/entity/Q5816", None),
                                          ("placeName", "Moscow", "https://www.geonames.org/524901", None),
                                          ("date", None, None, {"notBefore": "1950-01-01", "notAfter": "1950-02-14"})]
    # Orlov's register entry has no identifier: his name has no @ref.
    assert action(letters[1], "received") == [("persName", "Pavel S. Orlov", None, None)]


def test_cmif_skips_documents_that_are_not_letters_with_a_note(tmp_path):
    status, notes = run("cmif", [EDITION / "tei"], tmp_path / "letters.xml")
    assert status == 0
    assert any("memorandum.xml" in n and "not a letter" in n for n in notes)


def test_cmif_is_reproducible_and_dated_from_outside(tmp_path, monkeypatch):
    first, second = tmp_path / "a" / "letters.xml", tmp_path / "b" / "letters.xml"
    run("cmif", [EDITION / "tei"], first)
    run("cmif", [EDITION / "tei"], second)
    assert first.read_bytes() == second.read_bytes()
    assert b'<date when="2026-01-01T00:00:00Z"/>' in first.read_bytes()
    # Without SOURCE_DATE_EPOCH: the newest input's modification time, never the clock.
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    copy = tmp_path / "edition"
    shutil.copytree(EDITION, copy)
    for number, path in enumerate(sorted((copy / "tei").glob("*.xml"))):
        os.utime(path, (0, 1000000000 + number * 86400))
    run("cmif", [copy / "tei"], tmp_path / "c.xml")
    assert b'<date when="2001-09-11T01:46:40Z"/>' in (tmp_path / "c.xml").read_bytes()


def test_cmif_without_an_edition_is_still_valid(tmp_path, monkeypatch, cmif_rng, cmif_schematron):
    """Foreign letters without edition.toml: no invented URL or licence, a note for each gap."""
    folder = tmp_path / "letters"
    shutil.copytree(EDITION / "tei", folder)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.xml"
    status, notes = run("cmif", [folder], out)
    assert status == 0
    assert_valid_cmif(out, cmif_rng, cmif_schematron)
    text = out.read_text(encoding="utf-8")
    assert "correspDesc ref=" not in text  # no page address is known
    assert any("licence" in n for n in notes) and any("editor" in n for n in notes)


def test_cmif_files_merge_keeping_their_sources_and_references(tmp_path, cmif_rng, cmif_schematron):
    """Real CMIF in (Spener's letters, the SIG's examples) -> one valid CMIF out, every letter kept."""
    inputs = [INTEROP / "cmif-spener--letters.xml", INTEROP / "cmif-sig--example02_cmi-with-printed-edition.xml"]
    if not all(p.is_file() for p in inputs):
        pytest.skip("the shared interop corpus is absent")
    out = tmp_path / "merged.xml"
    run("cmif", [EDITION / "tei", *inputs], out)
    assert_valid_cmif(out, cmif_rng, cmif_schematron)
    merged = etree.parse(str(out)).getroot()
    spener = etree.parse(str(inputs[0])).getroot()
    letters = merged.xpath("//tei:correspDesc", namespaces=NSMAP)
    assert len(letters) == 2 + len(spener.xpath("//tei:correspDesc", namespaces=NSMAP)) + 3
    # Spener's letters have no page address of their own, and are no pages of our edition: no @ref.
    assert [d.get("ref") for d in letters[:2]] == ["https://edition.example.org/letters/documents/letter-1.html",
                                                   "https://edition.example.org/letters/documents/letter-2.html"]
    assert {d.get("ref") for d in letters[2:-3]} == {None} and letters[2].get("key") == spener.xpath("string(//tei:correspDesc[1]/@key)", namespaces=NSMAP)
    assert [(d.get("ref"), d.get("key")) for d in letters[-3:]] == [(None, "631"), (None, "632"), (None, "633")]  # printed
    # Each keeps its own source, whose bibl is copied.
    sources = {b.get("{http://www.w3.org/XML/1998/namespace}id") for b in merged.xpath("//tei:sourceDesc/tei:bibl", namespaces=NSMAP)}
    assert {d.get("source")[1:] for d in letters} <= sources and len(sources) > 2
    refs_in = set(spener.xpath("//tei:correspAction/*/@ref", namespaces=NSMAP))
    refs_out = set(merged.xpath("//tei:correspAction/*/@ref", namespaces=NSMAP))
    assert refs_in <= refs_out
    assert letters[2].xpath("string(tei:correspAction[@type='sent']/tei:persName)", namespaces=NSMAP) == \
        spener.xpath("string(//tei:correspDesc[1]/tei:correspAction[@type='sent']/tei:persName)", namespaces=NSMAP)


# --- GeoJSON and Linked Places ----------------------------------------------------------------

def register_coordinates(tei_folder: Path) -> dict[str, tuple[float, float]]:
    """place id -> (lat, long) as the documents' registers write them."""
    found = {}
    for path in sorted(tei_folder.glob("*.xml")):
        for place in etree.parse(str(path)).getroot().xpath("//tei:place[tei:location/tei:geo]", namespaces=NSMAP):
            lat, long = place.xpath("string(tei:location/tei:geo)", namespaces=NSMAP).split()
            found.setdefault(place.get("{http://www.w3.org/XML/1998/namespace}id"), (float(lat), float(long)))
    return found


def test_geojson_parses_as_rfc7946_with_longitude_first(tmp_path):
    geojson = pytest.importorskip("geojson")
    out = tmp_path / "places.geojson"
    run("geojson", [EDITION / "tei"], out)
    collection = geojson.loads(out.read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    assert isinstance(collection, geojson.FeatureCollection)
    coordinates = register_coordinates(EDITION / "tei")
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == {"nanjing", "moscow", "kuril-islands"}
    for place_id, feature in features.items():
        lat, long = coordinates[place_id]
        assert feature["geometry"]["coordinates"] == [long, lat]


def test_geojson_forms_counts_documents_and_identifiers(tmp_path):
    out = tmp_path / "places.geojson"
    run("geojson", [EDITION / "tei"], out)
    features = {f["id"]: f for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    nanjing = features["nanjing"]["properties"]
    assert nanjing["name"] == "Nanjing" and nanjing["forms"] == ["Nanking", "Nanjing"]
    assert nanjing["occurrences"] == 3
    assert [(d["id"], d["occurrences"]) for d in nanjing["documents"]] == [("letter-1", 2), ("letter-2", 1)]
    assert nanjing["identifiers"] == ["https://www.geonames.org/1799962", "https://www.wikidata.org/entity/Q16666"]
    # One document's register has no coordinates for the Kuril Islands, the other's has: they are used.
    assert features["kuril-islands"]["properties"]["forms"] == ["Kurile Islands", "Kurils"]
    assert features["kuril-islands"]["properties"]["identifiers"] == []


def test_geojson_has_null_geometry_where_the_register_has_no_coordinates(tmp_path):
    folder = tmp_path / "tei"
    shutil.copytree(EDITION / "tei", folder)
    (folder / "memorandum.xml").unlink()
    out = tmp_path / "places.geojson"
    run("geojson", [folder], out)
    features = {f["id"]: f for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    assert features["kuril-islands"]["geometry"] is None


def test_lpf_names_links_and_when(tmp_path):
    out = tmp_path / "places.json"
    run("lpf", [EDITION / "tei"], out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "linkedplaces-context" in data["@context"]
    features = {f["properties"]["title"]: f for f in data["features"]}
    nanjing = features["Nanjing"]
    assert nanjing["@id"] == "https://edition.example.org/letters/places.html#nanjing"
    assert [n["toponym"] for n in nanjing["names"]] == ["Nanjing", "Nanking"]
    assert all(n["citations"] for n in nanjing["names"])
    assert nanjing["links"] == [{"type": "closeMatch", "identifier": "https://www.geonames.org/1799962"},
                                {"type": "closeMatch", "identifier": "https://www.wikidata.org/entity/Q16666"}]
    assert nanjing["geometry"]["geometries"] == [{"type": "Point", "coordinates": [118.77778, 32.06167]}]
    assert nanjing["when"]["timespans"] == [{"start": {"earliest": "1950-01-01"}, "end": {"latest": "1950-02-14"}},
                                            {"start": {"in": "1949-01-10"}}]
    assert features["Kuril Islands"]["when"]["timespans"] == [{"start": {"in": "1945-02"}}, {"start": {"in": "1949-01-10"}}]


def interop_files(*names: str) -> list[Path]:
    paths = [INTEROP / name for name in names]
    if not all(p.is_file() for p in paths):
        pytest.skip("the shared interop corpus is absent")
    return paths


def test_tei_publisher_letters_with_their_register_given_beside_them(tmp_path, cmif_rng, cmif_schematron):
    """TEI Publisher keeps places.xml apart and points at it with @key: given together, the
    places get the register's coordinates and GeoNames URIs."""
    letter, sermon, places = interop_files("teipub--CIDTC-3823-cortez.xml", "teipub--27003.xml", "teipub--places.xml")
    run("geojson", [letter, sermon, places], tmp_path / "p.geojson")
    features = {f["id"]: f for f in json.loads((tmp_path / "p.geojson").read_text(encoding="utf-8"))["features"]}
    assert features["geo-3530597"]["geometry"]["coordinates"] == [-99.12766, 19.42847]  # register: "19.42847 -99.12766"
    assert features["geo-3530597"]["properties"]["identifiers"][0] == "https://www.geonames.org/3530597"
    assert "kbga-places-54" in features  # from the sermon
    run("cmif", [letter, places], tmp_path / "c.xml")
    assert_valid_cmif(tmp_path / "c.xml", cmif_rng, cmif_schematron)
    sent = etree.parse(str(tmp_path / "c.xml")).xpath("//tei:correspAction[@type='sent']/tei:placeName", namespaces=NSMAP)[0]
    assert (sent.text, sent.get("ref")) == ("Mexico City", "https://www.geonames.org/3530597")


def test_authority_registers_resolve_what_the_documents_do_not(tmp_path):
    letter, places = interop_files("teipub--CIDTC-3823-cortez.xml", "teipub--places.xml")
    with open(os.devnull, "w") as quiet:
        export("geojson", [letter], tmp_path / "p.geojson", reporter=Reporter(stream=quiet), authority=[places])
    ids = {f["id"] for f in json.loads((tmp_path / "p.geojson").read_text(encoding="utf-8"))["features"]}
    assert {"geo-3530597", "geo-2849483", "geo-2363254", "dantiscus-0000001"} <= ids


def test_places_known_only_by_an_authority_uri_have_no_invented_coordinates(tmp_path):
    (letter,) = interop_files("cwrc--Sample-TEI-letter.xml")
    run("geojson", [letter], tmp_path / "p.geojson")
    features = {f["id"]: f for f in json.loads((tmp_path / "p.geojson").read_text(encoding="utf-8"))["features"]}
    oslo = features["http://www.geonames.org/6453366"]
    assert oslo["geometry"] is None and oslo["properties"]["identifiers"] == ["http://www.geonames.org/6453366"]
    assert oslo["properties"]["name"] == "Oslo"


# --- plain text -------------------------------------------------------------------------------

def test_text_one_file_per_document_under_a_folder(tmp_path):
    out = tmp_path / "texts"
    out.mkdir()
    run("text", [EDITION / "tei"], out)
    assert sorted(p.name for p in out.iterdir()) == ["letter-1.txt", "letter-2.txt", "memorandum.txt"]
    lines = (out / "letter-1.txt").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "Telegram of J.V. Stalin to Mao Zedong dated 10th January 1949" and lines[1] == ""
    assert lines[3] == "On January 9 we received a note from the Nanking government [about mediation]. " \
                       "The Nanjing government has no answer yet."


def test_text_in_one_file_separates_documents_with_a_form_feed(tmp_path):
    out = tmp_path / "all.txt"
    run("text", [EDITION / "tei"], out)
    documents = out.read_text(encoding="utf-8").split("\f\n")
    assert [d.split("\n")[0] for d in documents] == ["Telegram of J.V. Stalin to Mao Zedong dated 10th January 1949",
                                                     "Letter of Mao Zedong to Pavel S. Orlov, early 1950",
                                                     "Memorandum on the Kuril Islands"]


def test_text_keeps_the_lemma_of_an_apparatus(tmp_path):
    source = tmp_path / "app.xml"
    source.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A</title></titleStmt>'
                      '<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>'
                      '<p>from <app><lem wit="#a">Nanking</lem><rdg wit="#b">Nanjing</rdg></app> to <app><rdg wit="#b">Peking</rdg></app>.</p>'
                      "</body></text></TEI>", encoding="utf-8")
    run("text", [source], tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "A\n\nfrom Nanking to Peking.\n"


# --- writing, errors ------------------------------------------------------------------------

def test_an_existing_output_is_replaced_only_with_force(tmp_path):
    out = tmp_path / "places.geojson"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run("geojson", [EDITION / "tei"], out)
    assert caught.value.exit_status == 1 and out.read_text(encoding="utf-8") == "keep me"
    assert run("geojson", [EDITION / "tei"], out, force=True)[0] == 0
    assert out.read_text(encoding="utf-8").startswith("{")


def test_one_existing_file_in_a_text_folder_stops_all_writes(tmp_path):
    out = tmp_path / "texts"
    out.mkdir()
    (out / "letter-2.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError):
        run("text", [EDITION / "tei"], out)
    assert sorted(p.name for p in out.iterdir()) == ["letter-2.txt"]


def test_an_export_written_among_its_inputs_is_not_read_again(tmp_path):
    folder = tmp_path / "tei"
    shutil.copytree(EDITION / "tei", folder)
    run("cmif", [folder], folder / "cmif.xml")
    first = (folder / "cmif.xml").read_bytes()
    run("cmif", [folder], folder / "cmif.xml", force=True)
    assert (folder / "cmif.xml").read_bytes() == first


def test_unknown_format_names_the_known_ones(tmp_path):
    with pytest.raises(UsageError) as caught:
        export("kml", [EDITION / "tei"], tmp_path / "x")
    assert caught.value.exit_status == 2
    assert str(caught.value) == "unknown format kml; known: cmif, geojson, lpf, text"
    assert list(FORMATS) == ["cmif", "geojson", "lpf", "text"] and all(len(v) == 2 for v in FORMATS.values())


def test_unknown_reading_and_missing_path_are_usage_errors(tmp_path):
    with pytest.raises(UsageError):
        export("text", [EDITION / "tei"], tmp_path / "x", reading="modern")
    with pytest.raises(UsageError):
        export("text", [tmp_path / "nowhere"], tmp_path / "x")


def test_a_file_that_is_not_well_formed_stops_the_export_with_its_position(tmp_path):
    folder = tmp_path / "tei"
    shutil.copytree(EDITION / "tei", folder)
    (folder / "broken.xml").write_text("<TEI>\n<p>unclosed</TEI>", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run("geojson", [folder], tmp_path / "out.geojson")
    assert str(caught.value).startswith(f"{folder / 'broken.xml'}:2:")
    assert not (tmp_path / "out.geojson").exists()


# --- letters not seen, registers of both kinds ------------------------------------------------

LETTERS = {
    "orlov-to-mao.txt": "Letter of Pavel S. Orlov to Mao Zedong dated 3 February 1950\n"
                        "Comrade Mao Tse-tung,\n"
                        "In Moskva we spoke of Nanking and Peking [and of Port Arthur] on the 2nd.\n"
                        "Orlov\n",
    "stalin-to-mao.txt": "Telegram of J.V. Stalin to Mao Zedong dated 5th March 1950\n"
                         "Comrade Mao Zedong,\n"
                         "We agree that Lushun and Nanjing [c. 12] stay as they are.\n"
                         "Waiting for an answer.\n",
}
OUR_KIND = [FIXTURES / "registers" / "register.xml"]
FOREIGN_KIND = [FIXTURES / "registers" / "foreign-persons.xml", FIXTURES / "registers" / "foreign-places.xml"]


@pytest.mark.parametrize("registers", [OUR_KIND, FOREIGN_KIND], ids=["our-register", "foreign-register"])
def test_unseen_letters_encoded_and_exported(registers, tmp_path, cmif_rng, cmif_schematron):
    geojson = pytest.importorskip("geojson")
    registry = load_registry(registers)
    folder = tmp_path / "tei"
    folder.mkdir()
    for name, text in LETTERS.items():
        (folder / name.replace(".txt", ".xml")).write_bytes(encode_bytes(text.encode(), name, registry))

    # CMIF: valid; every name in its regular form, every date, identifiers only from the register.
    run("cmif", [folder], tmp_path / "letters.xml")
    assert_valid_cmif(tmp_path / "letters.xml", cmif_rng, cmif_schematron)
    cmif = etree.parse(str(tmp_path / "letters.xml")).getroot()
    known_uris = {uri for entity in registry.entities.values() for uri in entity.uris}
    refs = cmif.xpath("//tei:correspAction/*/@ref", namespaces=NSMAP)
    assert set(refs) <= known_uris
    for letter in cmif.xpath("//tei:correspDesc", namespaces=NSMAP):
        for name in letter.xpath("tei:correspAction/tei:persName", namespaces=NSMAP):
            entity = next((e for e in registry.entities.values() if e.regular.text == name.text), None)
            expected = next((u for u in entity.uris), None) if entity else None
            assert name.get("ref") == expected or (expected and name.get("ref") in entity.uris)
    parties = [(a.xpath("string(tei:persName)", namespaces=NSMAP), a.xpath("string(tei:date/@when)", namespaces=NSMAP))
               for a in cmif.xpath("//tei:correspAction[@type='sent']", namespaces=NSMAP)]
    assert sorted(parties) == [("Joseph Stalin", "1950-03-05"), ("Pavel S. Orlov", "1950-02-03")]
    received = {a.xpath("string(tei:persName)", namespaces=NSMAP) for a in cmif.xpath("//tei:correspAction[@type='received']", namespaces=NSMAP)}
    assert received == {"Mao Zedong"}

    # GeoJSON: valid, [lon, lat] against the register, null where it has no coordinates, every form.
    run("geojson", [folder], tmp_path / "places.geojson")
    collection = geojson.loads((tmp_path / "places.geojson").read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    for feature in collection["features"]:
        entity = registry.entities[feature["id"]]
        if entity.geo:
            lat, long = (float(v) for v in entity.geo.split())
            assert feature["geometry"]["coordinates"] == [long, lat]
        else:
            assert feature["geometry"] is None
        assert set(feature["properties"]["identifiers"]) <= set(entity.uris)
    forms = {form for f in collection["features"] for form in f["properties"]["forms"]}
    assert {"Nanking", "Peking", "Nanjing"} <= forms

    # Text: the body word for word (page markers aside).
    run("text", [folder], f"{tmp_path}/texts/")  # a new folder: a path written with a final '/'
    for name, source in LETTERS.items():
        lines = (tmp_path / "texts" / name).read_text(encoding="utf-8").split("\n")
        body = " ".join(source.split("\n")[1:]).replace("[c. 12]", " ")
        assert " ".join(lines[2:]).split() == body.split()


def test_coordinates_declared_long_lat_come_out_the_right_way_round(tmp_path):
    registry = load_registry(FOREIGN_KIND)
    (tmp_path / "a.xml").write_bytes(encode_bytes(LETTERS["orlov-to-mao.txt"].encode(), "a.txt", registry))
    run("geojson", [tmp_path / "a.xml"], tmp_path / "p.geojson")
    features = {f["id"]: f for f in json.loads((tmp_path / "p.geojson").read_text(encoding="utf-8"))["features"]}
    assert features["moscow"]["geometry"]["coordinates"] == [37.61781, 55.75204]  # register: long lat, declared
    assert features["beijing"]["geometry"]["coordinates"] == [116.39723, 39.9075]  # register: WKT
    assert features["lushun"]["geometry"] is None


# --- property: the text export is the witness's body, word for word ---------------------------

from test_no_loss import expected_words, fields_text, paragraphs_of, plain_text
from variorum.encode.read import read_witness


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=paragraphs_of(5), style=st.sampled_from([plain_text, fields_text]))
def test_text_export_reproduces_the_source_body(paragraphs, style, test_registry):
    data = style(paragraphs).encode("utf-8")
    # The body is what the reader leaves after the header: a paragraph right below the title that
    # reads as a citation ("f 3 ...": folio 3) is a citation (tests/test_read.py), and the export has it in sourceDesc.
    cited = {line.text for line in read_witness(data, "generated.txt").citation_lines} if style is plain_text else set()
    assume(len(cited) < len(paragraphs))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "doc.xml").write_bytes(encode_bytes(data, "generated.txt", test_registry))
        run("text", [folder / "doc.xml"], folder / "doc.txt")
        lines = (folder / "doc.txt").read_text(encoding="utf-8").split("\n")
    assert lines[1] == ""
    assert " ".join(lines[2:]).split() == expected_words([p for p in paragraphs if " ".join(p.split()) not in cited])
