"""variorum encode, fact by fact against contract section 4, on witnesses in both styles."""

import pytest
from lxml import etree

from variorum.encode import encode_bytes
from variorum.reading import reading_text

from conftest import FIXTURES

NS = {"t": "http://www.tei-c.org/ns/1.0"}
WITNESSES = FIXTURES / "witnesses"


def encode(name: str, registry) -> etree._Element:
    return etree.fromstring(encode_bytes((WITNESSES / name).read_bytes(), name, registry))


def facts(root: etree._Element, xpath: str) -> list:
    return root.xpath(xpath, namespaces=NS)


@pytest.fixture(scope="module")
def plain(test_registry):
    return encode("plain_bom_crlf.txt", test_registry)


@pytest.fixture(scope="module")
def fields(test_registry):
    return encode("fields_cp1252.txt", test_registry)


def test_plain_header(plain):
    assert facts(plain, "string(//t:titleStmt/t:title)") == "Letter from Mao Zedong to J.V. Stalin, 3 February 1950"
    assert facts(plain, "//t:correspAction[@type='sent']/t:persName/@ref") == ["#mao-zedong"]
    assert facts(plain, "//t:correspAction[@type='sent']/t:date/@when") == ["1950-02-03"]
    assert facts(plain, "//t:correspAction[@type='received']/t:persName/@ref") == ["#stalin"]


def test_plain_citations(plain):
    bibl = facts(plain, "//t:sourceDesc/t:bibl")[0]
    assert bibl.get("{http://www.w3.org/XML/1998/namespace}id")
    assert facts(bibl, "string(t:pubPlace)") == "Beijing"
    assert facts(bibl, "t:biblScope[@unit='volume']/@from") == ["6"]
    assert facts(bibl, "t:biblScope[@unit='page']/@from | t:biblScope[@unit='page']/@to") == ["12", "14"]
    ms = facts(plain, "//t:sourceDesc//t:msDesc/t:msIdentifier")[0]
    assert facts(ms, "string(t:repository)") == "RGASPI"
    assert facts(ms, "t:idno/@type") == ["fond", "opis", "delo"]
    assert facts(ms, "t:idno/text()") == ["558", "11", "0329"]  # leading zeros kept
    assert facts(plain, "//t:msItem/t:locus/@from | //t:msItem/t:locus/@to") == ["10", "12"]


def test_plain_body(plain):
    div = facts(plain, "//t:text/t:body/t:div")[0]
    assert reading_text(facts(div, "t:opener/t:salute")[0]) == "Dear Comrade Stalin!"
    assert [reading_text(c) for c in facts(div, "t:closer")] == ["With communist greetings,", "Mao Zedong"]
    # `[p. 12]` closes page 12 of the cited volume: page 13 begins there.
    pb = facts(div, "//t:pb")[0]
    assert pb.get("n") == "13" and pb.get("edRef") == "#" + facts(plain, "string(//t:sourceDesc/t:bibl[1]/@xml:id)")
    # `Port Arthur [Lüshun]`: a variant outside, the regular form inside the insertion.
    assert facts(div, "string(.//t:placeName[t:choice/t:orig='Port Arthur']/@ref)") == "#lushun"
    assert facts(div, "string(.//t:supplied/t:placeName[.='Lüshun']/@ref)") == "#lushun"
    assert facts(div, ".//t:orgName[t:choice/t:orig='Kuomintang']/t:choice/t:reg/text()") == ["Guomindang"]
    assert facts(div, ".//t:date[.='the 2nd']/@when") == ["1950-02-02"]
    assert facts(div, ".//t:date[.='February 1']/@when") == ["1950-02-01"]
    assert facts(div, ".//t:foreign[@xml:lang='zh-Latn']/text()") == ["zhengzhi ziben"]
    assert "No comments" not in reading_text(div)


def test_fields_header_and_body(fields):
    assert facts(fields, "string(//t:titleStmt/t:title)") == "Letter to Liu"
    # Header names are matched without regard to case ("mao ZEDONG").
    assert facts(fields, "//t:correspAction[@type='sent']/t:persName/@ref") == ["#mao-zedong"]
    assert facts(fields, "//t:correspAction[@type='received']/t:persName/@ref") == ["#liu-shaoqi"]
    assert facts(fields, "//t:correspAction[@type='sent']/t:date/@when") == ["1950-02-03"]
    assert facts(fields, "//t:keywords/t:term/text()") == ["Letters"]
    assert facts(fields, "//t:notesStmt/t:note[@type='description']/text()") == ["A letter about Lüshun."]
    assert facts(fields, "//t:sourceDesc/t:bibl[@type='online']/t:ref/@target") == ["https://example.org/letters/45"]
    assert facts(fields, "//t:body//t:p/@n") == ["1", "2"]
    assert facts(fields, "//t:placeName[t:choice/t:orig='Canton']/@ref") == ["#guangzhou"]
    assert facts(fields, "//t:date[.='the 1st']/@when") == ["1950-02-01"]
    # cp1252 curly quotes decoded, the name inside them found.
    assert "“Guomindang”" in reading_text(facts(fields, "//t:body")[0])
    assert "1950" not in reading_text(facts(fields, "//t:body")[0]).split()


def test_stand_off_holds_exactly_the_entities_used(plain, test_registry):
    used = set(facts(plain, "//t:text//@ref | //t:teiHeader//@ref"))
    declared = set("#" + i for i in facts(plain, "//t:standOff//@xml:id"))
    assert used == declared
    nanjing_forms = facts(plain, "//t:standOff//t:place[@xml:id='lushun']/t:placeName/text()")
    assert nanjing_forms == ["Lüshun", "Lushun", "Port Arthur"]


def test_diacritics_are_respected(test_registry):
    """`Lushun` and `Lüshun` are different forms of one place: each kept as written."""
    text = "Telegram of Stalin to Mao Zedong dated 1 March 1950\nComrade,\nFrom Lushun to Lüshun and Lushunkou.\nEnd."
    root = etree.fromstring(encode_bytes(text.encode(), "t.txt", test_registry))
    names = facts(root, "//t:body//t:placeName")
    assert [(n.get("ref"), "".join(n.xpath("t:choice/t:orig/text()|text()", namespaces=NS))) for n in names] == [
        ("#lushun", "Lushun"),
        ("#lushun", "Lüshun"),
    ]


def test_longest_form_wins_and_words_stay_whole(test_registry):
    text = "Note of Mao Zedong to Stalin dated 1 March 1950\nThe Communist Party of China met in Chinatown and China.\nEnd."
    root = etree.fromstring(encode_bytes(text.encode(), "t.txt", test_registry))
    assert facts(root, "//t:body//t:orgName/@ref") == ["#ccp"]
    assert facts(root, "//t:body//t:placeName/@ref") == ["#china"]  # not inside "Chinatown"


def test_encoding_is_deterministic(test_registry):
    data = (WITNESSES / "plain_bom_crlf.txt").read_bytes()
    assert encode_bytes(data, "a.txt", test_registry) == encode_bytes(data, "a.txt", test_registry)


def test_a_repeated_page_marker_is_reported_with_its_line(test_registry):
    from variorum.diagnostics import InputError

    text = "Letter of Mao Zedong to Stalin dated 1 March 1950\nWorks. - T. 2. - Moscow: Press, 1990, pp. 10–12.\nOne [p. 10] two.\nThree [p. 10] four.\n"
    with pytest.raises(InputError) as error:
        encode_bytes(text.encode(), "w.txt", test_registry)
    assert (error.value.file, error.value.line) == ("w.txt", 4)
