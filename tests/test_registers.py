"""Registers made by other projects, read as they are (contract section 5, issue 8).

Real registers of ../shared/interop (skipped when the shared folder is
absent), registers of our own in further conventions (tests/fixtures/registers/),
and small cases written inline.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, INTEROP

from variorum.authority import NameForm, NameIndex, load_registry
from variorum.diagnostics import InputError
from variorum.encode import encode_bytes

REGISTERS = FIXTURES / "registers"


def interop(name: str) -> Path:
    path = INTEROP / name
    if not path.is_file():
        pytest.skip(f"{path} not found (the shared interop corpus is absent)")
    return path


def write(tmp_path: Path, name: str, body: str, header_extra: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        f"<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>{header_extra}</teiHeader>"
        f"<standOff>{body}</standOff></TEI>",
        encoding="utf-8",
    )
    return path


# --- real registers --------------------------------------------------------------------------

def test_tei_publisher_places_main_variant_sort_and_ptr():
    registry = load_registry([interop("teipub--places.xml")])
    madrid = registry.entities["geo-3117735"]
    assert madrid.regular == NameForm("Madrid")
    assert [v.text for v in madrid.variants] == ["Madritum", "Maioretum", "Madrillae"]  # the sort key is no form
    assert madrid.geo == "40.4165 -3.70256"
    assert ("geonames", "https://www.geonames.org/3117735") in madrid.identifiers
    assert ("cidtc", "IDPl45") in madrid.identifiers  # a project's own number is kept, as it is
    castile = registry.entities["dantiscus-0000001"]
    assert ("wikidata", "https://www.wikidata.org/wiki/Q681964") in castile.identifiers
    # Sort keys that equal the main name are not variants, and placeName inside a note is no form.
    assert all(v.text != "Mexico City" for v in registry.entities["geo-3530597"].variants)
    safenwil = registry.entities["kbga-places-54"]
    assert safenwil.regular.text == "Safenwil (AG)" and safenwil.variants == []


def test_register_without_the_tei_namespace_keeps_languages():
    """teip5 names-demo: a bare <listPerson> root, names in several languages."""
    registry = load_registry([interop("teip5--names-demo-en.xml")])
    person = registry.entities["ArnMag01"]
    assert person.regular == NameForm("Árni Magnússon", "isl")
    assert NameForm("Arnas Magnæus", "lat") in person.variants and NameForm("Arne Magnusson", "dan") in person.variants
    assert person.kind == "person"


def test_lists_in_the_header_particdesc_with_standard_and_untyped_names():
    """TEI Publisher's Romeo and Juliet (standard/form) and DraCor's Hamlet (untyped)."""
    romeo = load_registry([interop("teipub--F-rom.xml")])
    capulet = romeo.entities["F-rom-cap.1"]
    assert capulet.regular.text == "First Capulet" and "1. Capu." in [v.text for v in capulet.variants]
    hamlet = load_registry([interop("shakedracor--hamlet.xml")])
    assert hamlet.entities["Horatio_Ham"].regular.text == "Horatio"


def test_letters_files_without_registers_give_no_entities():
    """CMIF (Spener) and CWRC letters name people inline with @ref to authorities: no register
    there; the exporters read those @ref directly (tests/test_export.py)."""
    assert len(load_registry([interop("cmif-spener--letters.xml")])) == 0
    assert len(load_registry([interop("cwrc--Sample-TEI-letter.xml")])) == 0


# --- our registers in further conventions ----------------------------------------------------

@pytest.fixture(scope="module")
def foreign():
    return load_registry([REGISTERS / "foreign-persons.xml", REGISTERS / "foreign-places.xml"])


def test_name_parts_give_the_form_a_text_uses(foreign):
    orlov = foreign.entities["orlov"]
    assert orlov.regular.text == "Pavel S. Orlov"  # written "Orlov, Pavel S." with a sort addName
    assert [v.text for v in orlov.variants] == ["Orlov, Pavel S.", "Orlov"]
    assert foreign.entities["spener"].regular.text == "Philipp Jakob Spener"
    # A surname first without a comma is the name's own order.
    assert foreign.entities["wang-ming"].regular.text == "Wang Ming"


def test_the_surname_alone_only_where_it_is_unambiguous(foreign):
    assert "Stalin" in [v.text for v in foreign.entities["stalin"].variants]
    assert "Wang" not in [f.text for e in foreign.entities.values() for f in e.forms]


def test_regular_form_typed_main_pref_preferred_full_or_first(foreign):
    assert foreign.entities["stalin"].regular.text == "Joseph Stalin"  # main; the sort name first is skipped
    assert foreign.entities["mao-zedong"].regular.text == "Mao Zedong"  # pref, though second
    assert foreign.entities["moscow"].regular.text == "Moscow"  # preferred
    assert foreign.entities["lushun"].regular.text == "Lüshun"  # full
    assert foreign.entities["china"].regular.text == "China"  # untyped: the first
    assert foreign.entities["beijing"].regular.text == "Beijing"  # named by settlement


def test_lists_in_sourcedesc_back_body_nested_and_place_in_place(foreign):
    assert {"orlov", "stalin", "mao-zedong", "spener", "china", "beijing", "nanjing", "lushun"} <= set(foreign.entities)


def test_identifiers_bare_or_uri_any_case_of_type(foreign):
    assert foreign.entities["stalin"].identifiers == [("wikidata", "https://www.wikidata.org/entity/Q855")]
    assert foreign.entities["mao-zedong"].identifiers == [("wikidata", "http://www.wikidata.org/entity/Q5816")]
    assert foreign.entities["spener"].identifiers == [("gnd", "https://d-nb.info/gnd/118616099")]
    assert foreign.entities["moscow"].identifiers == [("geonames", "https://www.geonames.org/524901")]
    assert foreign.entities["nanjing"].identifiers == [("geonames", "https://www.geonames.org/1799962")]
    assert foreign.entities["lushun"].identifiers == []  # none given, none made


def test_coordinates_in_the_order_the_register_declares(foreign):
    assert foreign.entities["moscow"].geo == "55.75204 37.61781"  # geo decls="#longlat": turned round
    assert foreign.entities["nanjing"].geo == "32.06167 118.77778"  # decls="#latlong", comma-separated
    assert foreign.entities["beijing"].geo == "39.9075 116.39723"  # WKT POINT is long lat
    assert foreign.entities["lushun"].geo is None


def test_names_keep_their_language(foreign):
    assert NameForm("Москва", "ru") in foreign.entities["moscow"].variants
    assert NameForm("Иосиф Сталин", "ru") in foreign.entities["stalin"].variants


def test_a_single_geodecls_applies_to_every_geo(tmp_path):
    path = write(tmp_path, "r.xml",
                 '<listPlace><place xml:id="a"><placeName>A</placeName><location><geo>8.68417 50.11552</geo></location></place></listPlace>',
                 '<encodingDesc><geoDecls datum="WGS84"><p>long lat</p></geoDecls></encodingDesc>')
    assert load_registry([path]).entities["a"].geo == "50.11552 8.68417"


def test_unreadable_coordinates_are_left_out_with_a_warning(tmp_path):
    path = write(tmp_path, "r.xml", '<listPlace><place xml:id="a"><placeName>A</placeName><location><geo>somewhere north</geo></location></place></listPlace>')
    registry = load_registry([path])
    assert registry.entities["a"].geo is None
    assert registry.diagnostics and "somewhere north" in registry.diagnostics[0].message


def test_duplicate_ids_across_registers_name_both_positions(tmp_path):
    first = write(tmp_path, "a.xml", '<listPlace>\n<place xml:id="x"><placeName>X</placeName></place></listPlace>')
    second = write(tmp_path, "b.xml", '<listPlace>\n\n<place xml:id="x"><placeName>Y</placeName></place></listPlace>')
    with pytest.raises(InputError) as caught:
        load_registry([first, second])
    assert caught.value.exit_status == 1
    message = str(caught.value)
    assert f"{second}:3" in message and f"{first}:2" in message


def test_a_register_named_twice_is_read_once(tmp_path):
    path = write(tmp_path, "a.xml", '<listPlace><place xml:id="x"><placeName>X</placeName></place></listPlace>')
    assert len(load_registry([path, tmp_path])) == 1


def test_the_encoder_tags_names_of_a_foreign_register(foreign):
    text = "Letter of Pavel S. Orlov to Mao Zedong dated 3 February 1950\nDear Comrade Mao Tse-tung,\nIn Moskva Orlov saw Peking.\n"
    tei = encode_bytes(text.encode(), "letter.txt", foreign).decode()
    assert '<persName ref="#orlov">Pavel S. Orlov</persName>' in tei  # the sender, in the regular form
    assert '<persName ref="#mao-zedong"><choice><orig>Mao Tse-tung</orig><reg>Mao Zedong</reg></choice></persName>' in tei
    assert '<persName ref="#orlov"><choice><orig>Orlov</orig><reg>Pavel S. Orlov</reg></choice></persName>' in tei
    assert '<placeName ref="#beijing"><choice><orig>Peking</orig><reg>Beijing</reg></choice></placeName>' in tei
    assert "<geo>55.75204 37.61781</geo>" in tei  # standOff copies carry "lat long"


def test_name_index_finds_forms_of_parts(foreign):
    index = NameIndex(foreign)
    assert [m.entity.id for m in index.find("Pavel S. Orlov met Spener and Wang Ming.")] == ["orlov", "spener", "wang-ming"]
