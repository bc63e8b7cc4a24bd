"""The document model (variorum.document): one reading of a TEI document for the web, the print edition and export."""
from __future__ import annotations

import re
import shutil

import pypdf
import pytest
from lxml import etree, html

from variorum.document import TeiDocument
from variorum.export import export
from variorum.pipeline import build
from variorum.xmlio import TEI_NS, read_xml

from conftest import FIXTURES, INTEROP

LETTER = FIXTURES / "letters" / "letter-rs.xml"
NS = {"t": TEI_NS}


@pytest.fixture(scope="module")
def letter() -> TeiDocument:
    return TeiDocument("letter-rs", str(LETTER), read_xml(LETTER).strict().getroot())


def test_the_letters_own_title_not_its_series(letter):
    assert [t.level for t in letter.titles] == ["s", "", "a"]
    assert letter.title == "Anna Weber an Karl Roth, 2. 4. 1893"
    assert letter.summary.sender == "Weber, Anna" and letter.summary.recipient == "Roth, Karl"
    assert letter.summary.date == "1893-04-02"


def test_a_name_resolves_by_id_and_by_an_identifier_of_the_registers(letter):
    name = etree.fromstring('<persName xmlns="http://www.tei-c.org/ns/1.0" ref="http://d-nb.info/gnd/000000017"/>')
    assert letter.entity(name).id == "p3"  # http for https, no final slash: the same identifier
    assert letter.heading("p2", "person", "Karl").label == "Karl Roth"
    assert letter.heading("pl1", "place", "Graz").geo == (47.07086, 15.43828)  # decimal commas
    unknown = letter.heading("https://example.org/x", "person", "Somebody")
    assert (unknown.label, unknown.forms) == ("Somebody", ())


@pytest.mark.parametrize("titles, own", [
    ('<title>Plain</title>', "Plain"),
    ('<title level="m">Collected Letters</title><title type="sub">Volume 1</title>', "Collected Letters"),
    ('<title type="main">Main</title><title>Other</title>', "Main"),
    ('<title level="j">A Journal</title><title>Letter 5</title>', "Letter 5"),
])
def test_title_rules(titles, own):
    root = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt>{titles}</titleStmt></fileDesc></teiHeader></TEI>')
    assert TeiDocument("d", "d.xml", root).title == own


def test_web_index_print_index_and_cmif_give_each_person_one_label(tmp_path):
    """Entities are read in one place: the three outputs label every person the same way."""
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(LETTER, folder / LETTER.name)
    assert build(folder, tmp_path / "site") == 0
    page = html.parse(str(tmp_path / "site" / "persons.html"))
    web = {dt.get("id"): dt.text_content().strip() for dt in page.xpath("//dl[@class='entities']/dt")}
    assert web == {"p1": "Anna Weber", "p2": "Karl Roth", "https://d-nb.info/gnd/000000017": "Franz Roth"}
    # The names as rs (a correspondence edition's way) link to their index entries.
    letter_page = html.parse(str(tmp_path / "site" / "documents" / "letter-rs.html"))
    assert "../persons.html#p2" in letter_page.xpath("//a[contains(@class, 'name')]/@href")

    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(tmp_path / "site" / "pdf" / "edition.pdf")).pages)
    printed = text[text.rindex("Index of persons"):text.rindex("Index of organisations")]
    for label in web.values():
        assert re.search(rf"^{re.escape(label)}\b", printed, re.MULTILINE), f"{label!r} not a headword of the printed index"

    assert export("cmif", [folder / LETTER.name], tmp_path / "cmif.xml") == 0
    cmif = etree.parse(str(tmp_path / "cmif.xml"))
    correspondents = cmif.xpath("//t:correspAction/t:persName/text()", namespaces=NS)
    assert correspondents == ["Anna Weber", "Karl Roth"]
    assert set(correspondents) <= set(web.values())


@pytest.mark.skipif(not (INTEROP / "cwrc--Letter.xml").is_file(), reason=f"the interop corpus is absent ({INTEROP})")
def test_names_pointing_at_authorities_keep_their_own_words_as_label():
    letter = TeiDocument("cwrc", "cwrc--Letter.xml", read_xml(INTEROP / "cwrc--Letter.xml").strict().getroot())
    heading = letter.heading("http://www.wikidata.org/entity/Q33760", "person", "Bertrand Russell")
    assert heading.label == "Bertrand Russell" and heading.kind == "person"


HIDDEN_FIRST = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Readings</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><body><p>Letter of <app><lem>the bishop</lem><rdg wit="#B"><persName ref="#dantiscus">Dantiscus</persName></rdg></app>
to <persName ref="#dantiscus">Ioannes</persName>.</p></body></text></TEI>"""


def test_a_name_without_register_has_one_label_in_web_and_print(tmp_path):
    """No register entry: the label is the first form the text writes, not whichever the medium shows first
    (on paper a reading that is not the lemma is in the note, so its name is not an index occurrence)."""
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "readings.xml").write_text(HIDDEN_FIRST, encoding="utf-8")
    assert build(folder, tmp_path / "site") == 0
    page = html.parse(str(tmp_path / "site" / "persons.html"))
    assert [dt.text_content().strip() for dt in page.xpath("//dl[@class='entities']/dt")] == ["Dantiscus"]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(tmp_path / "site" / "pdf" / "edition.pdf")).pages)
    printed = text[text.rindex("Index of persons"):text.rindex("Index of organisations")]
    assert re.search(r"^Dantiscus\b", printed, re.MULTILINE) and re.search(r"^Ioannes \d", printed, re.MULTILINE), printed


REGISTER_BESIDE = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Places</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<standOff><listPlace><place xml:id="geo-1"><placeName type="main">Mexico City</placeName>
<placeName>gran ciudad de México</placeName></place></listPlace></standOff></TEI>"""
LETTER_NAMING_IT = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Somebody</persName>
<placeName key="geo-1">gran ciudad de México</placeName></correspAction>
<correspAction type="received"><persName>Somebody else</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text><body><p>Written in the <placeName key="geo-1">gran ciudad de México</placeName>.</p></body></text></TEI>"""


def test_a_register_kept_beside_the_letters_labels_them_in_the_indexes_as_in_the_exports(tmp_path):
    """TEI Publisher keeps places.xml apart from the letters: build and export both read it."""
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "places.xml").write_text(REGISTER_BESIDE, encoding="utf-8")
    (folder / "letter.xml").write_text(LETTER_NAMING_IT, encoding="utf-8")
    assert build(folder, tmp_path / "site", pdf=False) == 0
    page = html.parse(str(tmp_path / "site" / "places.html"))
    assert [dt.text_content().strip() for dt in page.xpath("//dl[@class='entities']/dt")] == ["Mexico City"]
    assert export("cmif", [folder], tmp_path / "cmif.xml") == 0
    cmif = etree.parse(str(tmp_path / "cmif.xml"))
    assert cmif.xpath("//t:correspAction/t:placeName/text()", namespaces=NS) == ["Mexico City"]


def test_sources_and_witnesses_of_a_collated_document():
    collated = TeiDocument("c", "c.xml", read_xml(FIXTURES.parent / "golden" / "collate" / "names" / "expected.xml").strict().getroot())
    assert [siglum for siglum, _ in collated.witnesses] == ["A", "B", "C"]
    letter = TeiDocument("l", "l.xml", read_xml(FIXTURES.parent.parent / "tei" / "004_fc7e68a7096e41dc.xml").strict().getroot())
    assert letter.sources and all(s.tag.endswith(("bibl", "msDesc", "biblStruct")) for s in letter.sources)
    first = letter.sources[0]
    assert letter.source("#" + first.get("{http://www.w3.org/XML/1998/namespace}id")) is first
