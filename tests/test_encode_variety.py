"""The encoder on an archive's variety (issue 14): one table per rule, with examples of our own.

Each case is a small witness and the facts its TEI must state (XPath -> value), compared with
contract section 4 and the additions of issue 14 (document kinds in `creation`, several
correspondents, places after names, ranges of dates, folded name matching, warnings).
"""
from __future__ import annotations

import json

import pytest
from lxml import etree

from variorum.authority import load_registry
from variorum.encode import encode_bytes
from variorum.encode.read import read_witness
from variorum.encode.report import WitnessReport
from variorum.reading import reading_text

from conftest import FIXTURES

NS = {"t": "http://www.tei-c.org/ns/1.0"}
VARIETY = FIXTURES / "encode_variety"


@pytest.fixture(scope="module")
def registry():
    return load_registry([FIXTURES / "registers" / "register.xml", VARIETY / "persons.xml", VARIETY / "places.xml"])


def encode(text: str, registry, name: str = "w.txt") -> tuple[etree._Element, WitnessReport]:
    report = WitnessReport(name)
    root = etree.fromstring(encode_bytes(text.encode("utf-8"), name, registry, report=report))
    return root, report


def xp(root: etree._Element, path: str):
    return root.xpath(path, namespaces=NS)


def check(root: etree._Element, facts: dict) -> None:
    for path, expected in facts.items():
        assert xp(root, path) == expected, (path, etree.tostring(root.find("t:teiHeader", NS), encoding="unicode"))


BODY = "We spoke for an hour.\nThe matter was settled."

# ------------------------------------------------------------------ 1. citation blocks as units

HEADER_BLOCKS = [
    pytest.param(
        "Letter of Gromyko to Mikoyan, 2 June 1950\n"
        "Selected Papers on the Korean Question,\n"
        "1950–1953. - Vol. 4. - Leningrad: Lenizdat, 1991, pp. 70–72.\n"
        "Comrade Mikoyan,\n" + BODY,
        [2, 3], "Comrade Mikoyan,", id="title-wrapped-after-a-comma-is-no-salutation"),
    pytest.param(
        "Letter of Gromyko to Mikoyan, 2 June 1950\n"
        "Selected Papers on the Korean Question\n"
        "1950–1953. Vol. 4. Leningrad, 1991. P. 70.\n"
        "Dear Anastas Ivanovich!\n" + BODY,
        [2, 3], "Dear Anastas Ivanovich!", id="title-wrapped-without-punctuation"),
    pytest.param(
        "Letter of Gromyko to Mikoyan, 2 June 1950\n\n"
        "Papers of the Far Eastern Commission, [Minutes of the]\n"
        "eleventh session. - Washington: GPO, 1950. - P. 9.\n\n"
        "Esteemed comrade,\n\nWe spoke for an hour.\n\nThe matter was settled.",
        [3, 4], "Esteemed comrade,", id="wrapped-with-lowercase-continuation-and-blank-lines"),
    pytest.param(
        "Telegram of Gromyko to Mikoyan, 2 June 1950\n"
        "RGANI. F. 5. Op. 30.\n"
        "D. 12. L. 4–9.\n" + BODY,
        [2, 3], None, id="archival-reference-over-two-lines"),
    pytest.param(
        "Telegram of Gromyko to Mikoyan, 2 June 1950\n"
        "Comrade Mikoyan,\n"
        "On 5 June No. 12 of the decisions arrived.\n" + BODY,
        [], "Comrade Mikoyan,", id="no-citation-block-a-salutation-first"),
    pytest.param(
        "Telegram of Gromyko to Mikoyan, 2 June 1950\n"
        "Soviet Documents on Korea.\nVol. 3. Moscow, 1995. P. 5–6.\n"
        "To Comrade Mikoyan.\n" + BODY,
        [2, 3], "To Comrade Mikoyan.", id="title-ended-by-a-period-and-a-salutation-with-one"),
]


@pytest.mark.parametrize("text, citation_lines, salute", HEADER_BLOCKS)
def test_the_header_block_is_read_as_a_unit(text, citation_lines, salute):
    witness = read_witness(text.encode(), "w.txt")
    assert [line.number for line in witness.citation_lines] == citation_lines
    salutes = [b.text for b in witness.blocks if b.kind == "salute"]
    assert salutes == ([salute] if salute else [])
    assert witness.blocks[-1].text == "The matter was settled."


TRAILING_BLOCKS = [
    pytest.param(
        "Letter of Gromyko to Mikoyan, 2 June 1950\n" + BODY + "\nWith comradely greetings,\nA. Gromyko\n"
        "Selected Papers on the Korean Question,\n1950–1953. Vol. 4. Leningrad, 1991. P. 70.\nNo comments",
        ["With comradely greetings,", "A. Gromyko"], [6, 7], id="signature-kept-title-wrapped-before-its-marks"),
    pytest.param(
        "Letter of Gromyko to Mikoyan, 2 June 1950\n" + BODY + "\nAwaiting your reply.\n"
        "Soviet Documents on Korea\n1949–1950. Moscow, 1995. P. 3.\n",
        ["Awaiting your reply."], [5, 6], id="closer-not-taken-by-a-title-without-marks"),
    pytest.param(
        "Letter of Gromyko to Mikoyan, 2 June 1950\n" + BODY + "\nGreetings,\nPravda. 1950. No. 160. P. 1.\n",
        ["Greetings,"], [5], id="a-closing-formula-never-wraps-into-a-citation"),
    pytest.param(
        "Letter of Gromyko to Mikoyan, 2 June 1950\n" + BODY + "\nWith comradely greetings,\nA. Gromyko\n"
        "Orlov V.N. Korea in Soviet Papers.\nKazan:\nTatizdat, 1993. P. 17.\n",
        ["With comradely greetings,", "A. Gromyko"], [6, 7, 8], id="a-place-alone-on-its-line-continues-the-title"),
    pytest.param(
        "Letter of Gromyko to Mikoyan, 2 June 1950\n" + BODY + "\nWith comradely greetings,\nA. Gromyko\n"
        "Selected Papers on the Korean Question, 1950–1953.\n-\nVol. 4. - Leningrad: Lenizdat, 1991, pp. 70–72.\n",
        ["With comradely greetings,", "A. Gromyko"], [6, 7, 8], id="a-dash-alone-on-its-line-continues-the-title"),
]


@pytest.mark.parametrize("text, closers, citation_lines", TRAILING_BLOCKS)
def test_the_trailing_block_is_read_as_a_unit(text, closers, citation_lines):
    witness = read_witness(text.encode(), "w.txt")
    assert [b.text for b in witness.blocks if b.kind == "closer"] == closers
    assert [line.number for line in witness.citation_lines] == citation_lines


def test_a_wrapped_header_citation_keeps_its_parts_and_its_archival_reference(registry):
    text = ("Letter of Gromyko to Mikoyan, 2 June 1950\n"
            "Selected Papers on the Korean Question,\n"
            "1950–1953. - Vol. 4. - Leningrad: Lenizdat, 1991, pp. 70–72. AVP RF. F. 07. Op. 23a.\n"
            "D. 18. L. 41–42.\nComrade Mikoyan,\n" + BODY)
    root, _ = encode(text, registry)
    check(root, {
        "string(//t:sourceDesc/t:bibl/t:title)": "Selected Papers on the Korean Question, 1950–1953",
        "//t:sourceDesc/t:bibl/t:biblScope[@unit='page']/@from": ["70"],
        "//t:msIdentifier/t:idno/text()": ["07", "23a", "18"],
        "string(//t:msIdentifier/t:repository)": "AVP RF",
    })
    assert reading_text(root.find(".//t:body//t:salute", NS)) == "Comrade Mikoyan,"
    assert "Selected" not in reading_text(root.find(".//t:body", NS))


def test_a_repository_written_out_and_wrapped_is_the_msdesc(registry):
    text = ("Cable from Gromyko to Mikoyan dated 3 February 1950\n"
            "Archive of Foreign Policy of the Russian Federation (AVP RF), f. 07, op. 23a, p. 18, d. 234,\n"
            "l. 12–13.\nComrade Mikoyan,\n" + BODY)
    root, _ = encode(text, registry)
    check(root, {
        "string(//t:msIdentifier/t:repository)": "Archive of Foreign Policy of the Russian Federation (AVP RF)",
        "//t:msIdentifier/t:idno/@type": ["fond", "opis", "delo"],
        "//t:msIdentifier/t:idno/text()": ["07", "23a", "234"],
        "//t:msIdentifier/t:collection[@type='papka']/text()": ["18"],
        "//t:msItem/t:locus/@from": ["12"],
        "//t:msItem/t:locus/@to": ["13"],
        "count(//t:sourceDesc//t:bibl)": 0.0,
    })
    assert reading_text(root.find(".//t:body//t:salute", NS)) == "Comrade Mikoyan,"


# ------------------------------------------------------------------ 2. document kinds

KINDS = [
    pytest.param(
        "Memorandum of a Conversation between A.I. Mikoyan and Kim Il Sung, Pyongyang, 7 August 1950\n"
        "Kim said that on the 9th the delegation would leave.\nNothing more.",
        {
            "string(//t:text//t:div/@type)": "record-of-conversation",
            "//t:profileDesc/t:creation/t:date/@when": ["1950-08-07"],
            "//t:creation/t:persName[@role='participant']/@ref": ["#mikoyan", "#kim-il-sung"],
            "//t:creation/t:placeName/@ref": ["#pyongyang"],
            "count(//t:correspDesc)": 0.0,
            "//t:body//t:date[.='the 9th']/@when": ["1950-08-09"],
        },
        id="memorandum-of-conversation-between",
    ),
    pytest.param(
        "Minutes of the Session of the CC WPK, 3–4 September 1950\nThe session opened at noon.\nIt closed late.",
        {
            "string(//t:text//t:div/@type)": "minutes",
            "//t:creation/t:date/@from | //t:creation/t:date/@to": ["1950-09-03", "1950-09-04"],
            "//t:creation/t:orgName[@role='participant']/@ref": ["#wpk-cc"],
        },
        id="minutes-date-range-and-a-registered-body",
    ),
    pytest.param(
        "Minutes of the Session of the Soviet Foreign Ministry of the Ukrainian SSR, 3 June 1950\nIt met.\nIt closed.",
        {
            "//t:creation/t:orgName[@role='participant']/text()": ["Soviet Foreign Ministry of the Ukrainian SSR"],
            "count(//t:creation/t:orgName[@ref])": 0.0,
        },
        id="a-registered-body-qualified-by-of-is-another-body",
    ),
    pytest.param(
        "Ciphered Telegram No. 4321 from Kim Il Sung to A.I. Mikoyan, 5 February 1950\nOn February 4 he left.\nEnd.",
        {
            "string(//t:text//t:div/@type)": "telegram",
            "//t:correspAction[@type='sent']/t:date/@when": ["1950-02-05"],
            "//t:correspAction[@type='sent']/t:persName/@ref": ["#kim-il-sung"],
            "//t:correspAction[@type='received']/t:persName/@ref": ["#mikoyan"],
            "count(//t:correspAction[@type='received']/t:persName)": 1.0,
            "//t:body//t:date/@when": ["1950-02-04"],
        },
        id="a-document-number-is-no-party-and-the-date-still-found",
    ),
    pytest.param(
        "Notes on the Talks with Ho Chi Minh, 1 March 1950\nHe asked for arms.\nWe promised nothing.",
        {
            "//t:creation/t:date/@when": ["1950-03-01"],
            "//t:creation/t:persName/@ref": ["#ho-chi-minh"],
        },
        id="notes-of-talks-with",
    ),
    pytest.param(
        "Report of A.A. Gromyko, 2 June 1950\nThe situation is calm.\nNo changes are expected.",
        {
            "string(//t:text//t:div/@type)": "report",
            "//t:correspAction[@type='sent']/t:persName/@ref": ["#gromyko"],
            "//t:correspAction[@type='sent']/t:date/@when": ["1950-06-02"],
        },
        id="report-with-an-author-and-no-addressee",
    ),
    pytest.param(
        "Directive of the Soviet Foreign Ministry to Wang Jiaxiang dated 14 July 1950\nAct at once.\nReport back.",
        {
            "string(//t:text//t:div/@type)": "directive",
            "//t:correspAction[@type='sent']/t:orgName/@ref": ["#mfa-ussr"],
            "//t:correspAction[@type='received']/t:persName/@ref": ["#wang-jiaxiang"],
        },
        id="directive-of-an-organisation",
    ),
    pytest.param(
        "Speech at the Harbin Conference\nComrades!\nWe meet in hard times.",
        {"count(//t:correspDesc | //t:creation)": 0.0, "string(//t:text//t:div/@type)": "speech"},
        id="no-date-no-header-facts",
    ),
    pytest.param(
        "1950\n\nConversations\n\n**Title:** Record of Conversation with Kim Il Sung\n\n**Author:** A.I. Mikoyan\n\n"
        "**Date:** August 9, 1950\n\nHe spoke first.\n\nThen we did.\n",
        {
            "//t:creation/t:date/@when": ["1950-08-09"],
            "//t:creation/t:persName[@role='author']/@ref": ["#mikoyan"],
            "//t:creation/t:persName[@role='participant']/@ref": ["#kim-il-sung"],
            "count(//t:correspDesc)": 0.0,
        },
        id="fields-style-record-with-an-author",
    ),
]


@pytest.mark.parametrize("text, facts", KINDS)
def test_document_kinds(text, facts, registry):
    root, _ = encode(text, registry)
    check(root, facts)


# ------------------------------------------------------------------ 3. correspondents

CORRESPONDENTS = [
    pytest.param(
        "Telegram from Gromyko to Mikoyan, Wang Jiaxiang and Kim Il Sung, 1 May 1950",
        {
            "//t:correspAction[@type='sent']/t:persName/@ref": ["#gromyko"],
            "//t:correspAction[@type='received']/t:persName/@ref": ["#mikoyan", "#wang-jiaxiang", "#kim-il-sung"],
        },
        id="three-recipients",
    ),
    pytest.param(
        "Cable from Mikoyan and Gromyko to the Ministry of Foreign Affairs of the USSR, 1 May 1950",
        {
            "//t:correspAction[@type='sent']/t:persName/@ref": ["#mikoyan", "#gromyko"],
            "//t:correspAction[@type='received']/t:orgName/@ref": ["#mfa-ussr"],
        },
        id="two-senders-one-organisation-with-of",
    ),
    pytest.param(
        "Letter of Ho Chi Minh (Hanoi) to Stalin (Moscow), 12 March 1950",
        {
            "//t:correspAction[@type='sent']/t:persName/@ref": ["#ho-chi-minh"],
            "//t:correspAction[@type='sent']/t:placeName/@ref": ["#hanoi"],
            "//t:correspAction[@type='received']/t:persName/@ref": ["#stalin"],
            "//t:correspAction[@type='received']/t:placeName/@ref": ["#moscow"],
            "//t:correspAction/t:persName/text()": ["Ho Chi Minh", "Joseph Stalin"],  # the regular forms
        },
        id="places-in-parentheses",
    ),
    pytest.param(
        "Telegram of the Central Committee of the Workers' Party of Korea to Stalin, 8 July 1950",
        {"//t:correspAction[@type='sent']/t:orgName/@ref": ["#wpk-cc"],
         "count(//t:correspAction[@type='sent']/*[@ref])": 1.0},
        id="registered-organisation-with-of-stays-whole",
    ),
    pytest.param(
        "Letter of the Trade Department of the Provincial Government of Jilin to Mikoyan, 8 July 1950",
        {"//t:correspAction[@type='sent']/t:orgName/text()": ["Trade Department of the Provincial Government of Jilin"],
         "count(//t:correspAction[@type='sent']/t:orgName/@ref)": 0.0},
        id="unknown-organisation-with-of-stays-whole",
    ),
    pytest.param(
        "Telegram of Kim Il Sung (Tihwa) to Gromyko dated 3 May 1950",
        {"//t:correspAction[@type='sent']/t:placeName/@ref": ["#urumqi"],
         "//t:correspAction[@type='sent']/t:placeName/text()": ["Ürümqi"]},
        id="a-variant-place-in-parentheses",
    ),
]


@pytest.mark.parametrize("title, facts", CORRESPONDENTS)
def test_correspondents(title, facts, registry):
    root, _ = encode(title + "\n" + BODY, registry)
    check(root, facts)


def test_an_unknown_correspondent_is_warned_with_its_line(registry):
    _, report = encode("Letter of Gromyko to Comrade Filatov, 2 June 1950\n" + BODY, registry)
    (warning,) = [d for d in report.diagnostics if d.rule == "party-unknown"]
    assert (warning.file, warning.line, warning.severity) == ("w.txt", 1, "warning")
    assert "Filatov" in warning.message


# ------------------------------------------------------------------ 4. body dates against the header

def test_body_dates_resolve_against_the_header(registry):
    text = ("Telegram of Gromyko to Mikoyan, 6 January 1950\n"
            "On December 30 and again on the 4th Mao met them; talks of 2–5 January and of December 29 – January 3 "
            "went on through the 5th Plenum.\nEnd.")
    root, _ = encode(text, registry)
    dates = [(d.text, dict(d.attrib)) for d in xp(root, "//t:body//t:date")]
    assert dates == [
        ("December 30", {"when": "1949-12-30"}),
        ("the 4th", {"when": "1950-01-04"}),
        ("2–5 January", {"from": "1950-01-02", "to": "1950-01-05"}),
        ("December 29 – January 3", {"from": "1949-12-29", "to": "1950-01-03"}),
    ]


# ------------------------------------------------------------------ 7. page markers and their sources

PAGE_SOURCES = [
    pytest.param("Works. Vol. 2. Moscow, 1990. P. 10–12.\nJournal of Studies. 1991. No. 3. P. 40–41.",
                 "one [p. 40] two", "#source-2", None, id="the-source-whose-range-holds-the-page"),
    pytest.param("Works. Vol. 2. Moscow, 1990. P. 10–12.\nJournal of Studies. 1991. No. 3. P. 40–41.",
                 "one [p. 77] two", None, "page-source-unknown", id="no-range-holds-it-no-edRef-a-warning"),
    pytest.param("Works. Vol. 2. Moscow: Nauka, 1990.", "one [p. 77] two", "#source-1", "page-source-assumed",
                 id="the-only-source-without-pages-assumed-with-a-warning"),
    pytest.param("Translated by Kathryn Weathersby.", "one [p. 7] two", None, "page-source-unknown",
                 id="an-unanalysed-note-is-no-printed-source"),
]


@pytest.mark.parametrize("citations, paragraph, edref, rule", PAGE_SOURCES)
def test_page_marker_sources(citations, paragraph, edref, rule, registry):
    root, report = encode(f"Letter of Gromyko to Mikoyan, 2 June 1950\n{citations}\n{paragraph}\nEnd.", registry)
    (pb,) = xp(root, "//t:body//t:pb")
    assert pb.get("edRef") == edref
    rules = [(d.rule, d.line) for d in report.diagnostics if d.rule.startswith("page-")]
    assert rules == ([(rule, 4 if "\n" in citations else 3)] if rule else [])


# ------------------------------------------------------------------ 9. name matching

NAMES = [
    pytest.param("The port of Dal'nii was open.", [("#dalian", "Dal'nii", "Dalian")], id="ascii-apostrophe-for-typographic"),
    pytest.param("They flew to Hamhung.", [("#hamhung", "Hamhung", "Hamhŭng")], id="diacritic-not-typed"),
    pytest.param("Then to Urumqi and Ürümqi.", [("#urumqi", "Urumqi", "Ürümqi"), ("#urumqi", "Ürümqi", None)],
                 id="diacritics-typed-or-not"),
    pytest.param("A note from Kim Il–song arrived.", [("#kim-il-sung", "Kim Il–song", "Kim Il Sung")],
                 id="dash-for-hyphen-and-no-breve"),
    pytest.param("Uncle Ho Chí Minh wrote.", [("#ho-chi-minh", "Ho Chí Minh", "Ho Chi Minh")], id="some-diacritics-typed"),
    pytest.param("The kankō plant.", [], id="case-still-counts-in-the-body"),
]


@pytest.mark.parametrize("sentence, expected", NAMES)
def test_folded_name_matching_keeps_what_was_typed(sentence, expected, registry):
    root, _ = encode(f"Letter of Gromyko to Mikoyan, 2 June 1950\n{sentence}\nEnd.", registry)
    found = []
    for name in xp(root, "//t:body//*[@ref]"):
        orig = xp(name, "string(t:choice/t:orig)")
        found.append((name.get("ref"), orig or name.text, xp(name, "string(t:choice/t:reg)") or None))
    assert found == expected
    assert sentence.split()[1] in reading_text(root.find(".//t:body", NS))


def test_a_form_of_two_entities_is_tagged_with_neither_and_warned(registry):
    root, report = encode("Letter of Gromyko to Mikoyan, 2 June 1950\nFirst line.\nWe crossed the Wang at dawn.\nEnd.",
                          registry)
    assert xp(root, "//t:body//*[@ref][contains(., 'Wang')]") == []
    (warning,) = [d for d in report.diagnostics if d.rule == "name-ambiguous"]
    assert warning.line == 3 and "#wang-jiaxiang" in warning.message and "#wang-river" in warning.message
    assert {"line": 3, "text": "Wang", "element": None, "ref": None,
            "candidates": ["wang-jiaxiang", "wang-river"]} in report.names


# ------------------------------------------------------------------ 10. numbered points

def test_numbered_points_in_every_style(registry):
    root, _ = encode("Directive of Gromyko to Mikoyan, 2 June 1950\n1. Go first.\n2) Then wait.\n(3) Report.\n"
                     "1950. A year, not a number.", registry)
    assert xp(root, "//t:body//t:p/@n") == ["1", "2", "3"]
    assert xp(root, "string(//t:body//t:p[@n='2'])") == "Then wait."


# ------------------------------------------------------------------ 11. the report

def test_the_report_says_what_was_recognised(registry):
    text = ("Telegram of Gromyko (Moscow) to Kim Il Sung and Kim, 2 June 1950\n"
            "Soviet Documents on Korea. Vol. 3. Moscow, 1995. P. 5–6.\n"
            "RGASPI. F. 558. Op. 11. D. 346. L. 7–8.\n"
            "We ask you [c. 5] to come to Dairen.\nEnd.")
    root, report = encode(text, registry)
    data = json.loads(json.dumps(report.as_dict()))
    assert (data["style"], data["kind"], data["date"]["when"]) == ("plain", "telegram", "1950-06-02")
    assert [(c["role"], c["ref"]) for c in data["correspondents"]] == [
        ("sender", "gromyko"), ("recipient", "kim-il-sung"), ("recipient", None)]
    assert data["correspondents"][0]["place_ref"] == "moscow"
    (citation,) = data["citations"]
    assert citation["line"] == 2 and ("biblScope", "page 5–6") in [(p["part"], p["detail"]) for p in citation["parts"]]
    (archival,) = data["archival_references"]
    assert archival["line"] == 3 and archival["parts"]["fond"] == "558" and archival["parts"]["folios"] == "7–8"
    assert data["page_markers"] == [{"line": 4, "text": "page 5 ends", "n": "6", "source": "source-1", "break": "yes"}]
    assert {"line": 4, "text": "Dairen", "element": "placeName", "ref": "dalian", "regular": "Dalian"} in data["names"]
    # "Kim" alone may be either Kim: a guess the editor must see, with file and line.
    assert any(d["rule"] == "party-ambiguous" and d["line"] == 1 for d in data["diagnostics"])
    text_report = report.as_text()
    assert "kind           telegram" in text_report and "w.txt:1: warning:" in text_report


def test_encode_report_on_the_command_line(tmp_path, registry):
    from variorum.cli import main

    source = tmp_path / "t.txt"
    source.write_text("Telegram of Gromyko to Mikoyan, 2 June 1950\nWorks. Vol. 2. Moscow, 1990. P. 10–12.\n"
                      "One [p. 90] two.\nEnd.\n", encoding="utf-8")
    register = [a for p in (FIXTURES / "registers" / "register.xml", VARIETY / "persons.xml") for a in ("--authority", str(p))]
    import contextlib
    import io

    for extra, check_output in (
        (["--report", "--format", "json"], lambda out: json.loads(out)[0]["page_markers"][0]["source"] is None),
        (["--report"], lambda out: "page-source-unknown" in out and f"{source}:3: warning" in out),
        (["--format", "json"], lambda out: [d["rule"] for d in json.loads(out)] == ["page-source-unknown"]),
    ):
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(["encode", str(source), "--out", str(tmp_path / "out"), "--force", *register, *extra])
        assert status == 0 and check_output(stdout.getvalue()), (extra, stdout.getvalue(), stderr.getvalue())
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        main(["encode", str(source), "--out", str(tmp_path / "out"), "--force", *register])
    assert f"{source}:3: warning:" in stderr.getvalue()  # warnings reach stderr without --report too


# ------------------------------------------------------------------ 12. second round (tests/fixtures/variety2 too)

AUTHOR_LINES = [
    pytest.param(
        "A.A. Gromyko. Telegram to Mikoyan (Moscow), 3–4 May 1950",
        {"string(//t:text//t:div/@type)": "telegram",
         "//t:correspAction[@type='sent']/t:persName/@ref": ["#gromyko"],
         "//t:correspAction[@type='received']/t:persName/@ref": ["#mikoyan"],
         "//t:correspAction[@type='received']/t:placeName/@ref": ["#moscow"],
         "//t:correspAction[@type='sent']/t:date/@from": ["1950-05-03"]},
        id="author-named-before-the-title"),
    pytest.param(
        "Ho Chi Minh. Speech at the Session of the CC WPK, 8 July 1950",
        {"string(//t:text//t:div/@type)": "speech", "count(//t:correspDesc)": 0.0,
         "//t:creation/t:persName[@role='author']/@ref": ["#ho-chi-minh"],
         "//t:creation/t:date/@when": ["1950-07-08"]},
        id="a-speech-has-an-author-in-creation-not-a-sender"),
    pytest.param(
        "A.I. Mikoyan. Record of a Conversation with Kim Il Sung, 3 May 1950",
        {"//t:creation/t:persName[@role='author']/@ref": ["#mikoyan"],
         "//t:creation/t:persName[@role='participant']/@ref": ["#kim-il-sung"]},
        id="the-author-of-a-record-before-its-title"),
    pytest.param(
        "Telegram from Kim Il Sung. Secretary of the CC WPK Comrade Gromyko, 2 June 1950",
        {"//t:correspAction[@type='sent']/t:persName/@ref": ["#kim-il-sung"],
         "//t:correspAction[@type='received']/t:persName/@ref": ["#gromyko"]},
        id="the-addressee-after-the-senders-period"),
    pytest.param(
        "Telegram from Ho Chi Minh. To Comrade Mikoyan, 2 June 1950",
        {"//t:correspAction[@type='sent']/t:persName/@ref": ["#ho-chi-minh"],
         "//t:correspAction[@type='received']/t:persName/@ref": ["#mikoyan"]},
        id="the-addressee-after-to"),
    pytest.param(
        "Note by A.A. Gromyko on the Talks with the Koreans, Moscow, 2 June 1950",
        {"//t:correspAction[@type='sent']/*/@ref": ["#gromyko", "#moscow"],
         "count(//t:correspAction[@type='received'])": 0.0},
        id="the-subject-after-the-author-is-no-party"),
]


@pytest.mark.parametrize("title, facts", AUTHOR_LINES)
def test_author_and_addressee_lines(title, facts, registry):
    root, _ = encode(title + "\n" + BODY, registry)
    check(root, facts)


def test_an_office_after_the_authors_period_is_no_party(registry):
    text = ("1950\n\nLetters\n\n**Title:** Letter to Gromyko\n\n**Author:** Kim Il Sung. Chairman of the CC WPK\n\n"
            "**Date:** 2 June 1950\n\nWe agree.\n\nThat is all.\n")
    root, report = encode(text, registry)
    check(root, {"//t:correspAction[@type='sent']/*/@ref": ["#kim-il-sung"]})
    assert [(c["role"], c["text"]) for c in report.correspondents][0] == ("sender", "Kim Il Sung")


def test_a_present_line_gives_the_participants_and_stays_in_the_body(registry):
    text = ("Minutes of the Session of the CC WPK, 3 September 1950\n"
            "Present: Kim Il Sung, A.I. Mikoyan (Pyongyang) and Comrade Pak\n"
            "The session opened at noon.\nIt closed late.")
    root, report = encode(text, registry)
    check(root, {
        "//t:creation/*[@role='participant']/@ref": ["#wpk-cc", "#kim-il-sung", "#mikoyan"],
        "//t:creation/t:persName[@role='participant'][not(@ref)]/text()": ["Comrade Pak"],
        "count(//t:creation/t:placeName)": 0.0,  # a participant's place is not where the minutes were made
    })
    assert reading_text(root.find(".//t:body//t:p", NS)) == "Present: Kim Il Sung, A.I. Mikoyan (Pyongyang) and Comrade Pak"
    present = [c for c in report.correspondents if c["role"] == "participant" and c["ref"] == "mikoyan"]
    assert present[0]["place_ref"] == "pyongyang"
    assert ("party-unknown", 2) in [(d.rule, d.line) for d in report.diagnostics]


@pytest.mark.parametrize("title, last_is_closer", [
    ("Record of a Conversation between Mikoyan and Kim Il Sung, 4 May 1950", False),
    ("Minutes of the Session of the CC WPK, 3 September 1950", False),
    ("Report of A.A. Gromyko, 2 June 1950", False),
    ("Telegram of Gromyko to Mikoyan, 2 June 1950", True),
    ("Letter of Gromyko to Mikoyan, 2 June 1950", True),
])
def test_only_what_is_sent_closes_with_a_short_sentence(title, last_is_closer, registry):
    root, _ = encode(f"{title}\nWe spoke for an hour about the matter.\nThe talk lasted two hours.", registry)
    assert bool(xp(root, "//t:body//t:closer")) is last_is_closer
    signed, _ = encode(f"{title}\nWe spoke for an hour about the matter.\nA. Gromyko", registry)
    assert reading_text(signed.find(".//t:body//t:closer", NS)) == "A. Gromyko"  # a signature closes any kind


def test_a_signature_before_a_labelled_source_stays_the_closer(registry):
    text = ("Telegram of Gromyko to Mikoyan, 2 June 1950\nComrade Mikoyan,\nWe agree.\nGromyko\n"
            "Source: Archive of Foreign Policy of the Russian Federation (AVP RF), f. 07, op. 23a, d. 18, l. 4.\n")
    root, _ = encode(text, registry)
    assert reading_text(root.find(".//t:body//t:closer", NS)) == "Gromyko"
    assert xp(root, "string(//t:msIdentifier/t:repository)") == "Archive of Foreign Policy of the Russian Federation (AVP RF)"
    assert xp(root, "count(//t:sourceDesc/t:bibl)") == 0.0


def test_bare_days_in_context_and_their_report(registry):
    text = ("Telegram of Gromyko to Mikoyan, 2 June 1950\nOn 28 May he came, and by the 30th it was agreed.\n"
            "He leaves on the 5th.\nEnd.")
    root, report = encode(text, registry)
    assert [(d.text, d.get("when")) for d in xp(root, "//t:body//t:date")] == [
        ("28 May", "1950-05-28"), ("the 30th", "1950-05-30"), ("the 5th", "1950-06-05")]
    notes = [(d.rule, d.line, d.severity) for d in report.diagnostics if d.rule == "date-bare-day"]
    assert notes == [("date-bare-day", 2, "info"), ("date-bare-day", 3, "info")]
    messages = [d.message for d in report.diagnostics if d.rule == "date-bare-day"]
    assert "1950-05-30" in messages[0] and "paragraph" in messages[0] and "document's date" in messages[1]


@pytest.mark.parametrize("title, kind, date", [
    ("Шифртелеграмма Громыко Микояну, 3 марта 1950 г.", "telegram", "1950-03-03"),
    ("Запись беседы А.И. Микояна с Ким Ир Сеном, 14 октября 1950 г.", "record-of-conversation", "1950-10-14"),
    ("Протокол № 49 заседания Политбюро, 31 октября 1950 г.", "minutes", "1950-10-31"),
])
def test_russian_titles_give_kind_and_date(title, kind, date, registry):
    root, report = encode(title + "\n" + BODY, registry)
    assert xp(root, "string(//t:text//t:div/@type)") == kind
    assert xp(root, "//t:profileDesc//t:date/@when") == [date]


def test_a_telegram_whose_parties_are_not_read_keeps_its_date_in_correspdesc_and_says_so(registry):
    root, report = encode("Шифртелеграмма Громыко Микояну, 3 марта 1950 г.\n" + BODY, registry)
    assert xp(root, "//t:correspDesc/t:correspAction[@type='sent']/t:date/@when") == ["1950-03-03"]
    assert [(d.rule, d.line) for d in report.diagnostics if d.rule == "party-missing"] == [("party-missing", 1)]


def test_illegible_words_are_a_gap_not_supplied_text(registry):
    root, _ = encode("Letter of Gromyko to Mikoyan, 2 June 1950\nThe note [illegible] of [2 words illegible] and [sic].\nEnd.",
                     registry)
    assert xp(root, "//t:body//t:gap/@reason") == ["illegible", "illegible"]
    assert xp(root, "//t:body//t:supplied/text()") == ["sic"]  # a comment of the editors: supplied, as the contract says


def test_a_title_wrapped_after_and_takes_a_comrade_on_the_next_line(registry):
    text = ("Record of a Conversation between Comrade Mikoyan and\nComrade Kim Il Sung, Pyongyang, 7 August 1950\n\n"
            "Present from the Korean side: Kim Il Sung, Kim Tu-bong; from the Soviet side: A.I. Mikoyan.\n\nHe spoke.\n\nWe did.")
    root, _ = encode(text, registry)
    check(root, {
        "//t:creation/t:date/@when": ["1950-08-07"],
        "//t:creation/t:persName[@role='participant']/@ref": ["#mikoyan", "#kim-il-sung", "#kim-tu-bong"],
    })


def test_a_source_label_is_no_part_of_the_citation(registry):
    text = ("Letter of Gromyko to Mikoyan, 2 June 1950\n"
            "Source: John Smith and Jane Doe, eds., Papers on Korea (Seoul: Hanul, 2002), 29–31.\nComrade Mikoyan,\n" + BODY)
    root, _ = encode(text, registry)
    check(root, {"//t:sourceDesc/t:bibl/t:editor/text()": ["John Smith", "Jane Doe"],
                 "//t:sourceDesc/t:bibl/t:title/text()": ["Papers on Korea"]})


def test_numbered_points_on_consecutive_lines_of_the_fields_style(registry):
    text = ("1950\n\nLetters\n\n**Title:** Letter to Gromyko\n\n**Date:** 2 June 1950\n\n"
            "(1) We agree.\n(2) We ask.\n\n(3) That is all.\n")
    root, _ = encode(text, registry)
    assert xp(root, "//t:body//t:p/@n") == ["1", "2", "3"]


@pytest.mark.parametrize("title, facts", [
    pytest.param("Ciphered Telegram, Fyn Si (Gromyko) to Mikoyan, Jan 9, 1950",
                 {"//t:correspAction[@type='sent']/t:persName/@ref": ["#gromyko"],
                  "count(//t:correspAction/t:placeName)": 0.0,
                  "//t:correspAction[@type='sent']/t:date/@when": ["1950-01-09"]},
                 id="a-person-in-parentheses-is-who-the-name-stands-for"),
    pytest.param("Cable from the Soviet Ambassador in Pyongyang, A.A. Gromyko, to Mikoyan, 2 June 1950",
                 {"//t:correspAction[@type='sent']/t:persName/@ref": ["#gromyko"],
                  "count(//t:correspAction[@type='sent']/*)": 2.0},
                 id="an-office-before-the-name-is-one-party"),
])
def test_pseudonyms_and_offices(title, facts, registry):
    root, _ = encode(title + "\n" + BODY, registry)
    check(root, facts)


def test_a_sentence_of_the_body_with_a_citation_mark_stays_in_the_body(registry):
    text = ("Telegram of Gromyko to Mikoyan, 2 June 1950\nWe received your telegram No. 345 and agree with it.\n"
            "The matter is settled.\nPlease confirm receipt of our telegram No. 346.\nWorks. Vol. 2. Moscow, 1990. P. 10.\n")
    root, _ = encode(text, registry)
    assert len(xp(root, "//t:sourceDesc/t:bibl")) == 1 and xp(root, "string(//t:sourceDesc/t:bibl/t:title)") == "Works"
    assert reading_text(root.find(".//t:body", NS)).split("\n")[0] == "We received your telegram No. 345 and agree with it."


def test_a_body_of_a_registered_organisation_is_not_the_organisation_and_others_are_nobody(registry):
    text = ("Minutes of the Meeting of the Secretariat of the CC WPK, 3 September 1950\n"
            "Present: Kim Il Sung, Kim Tu-bong and others\nThe session opened at noon.\nIt closed late.")
    root, report = encode(text, registry)
    check(root, {
        "//t:creation/t:orgName[@role='participant']/text()": ["Secretariat of the CC WPK"],
        "count(//t:creation/t:orgName[@ref])": 0.0,
        "//t:creation/t:persName[@role='participant']/@ref": ["#kim-il-sung", "#kim-tu-bong"],
        "count(//t:creation/t:persName[not(@ref)])": 0.0,
    })


def test_the_report_tells_the_second_rounds_decisions(registry):
    """Each new kind of decision is in `encode --report` (json and text): the author named before the title,
    the person a pseudonym stands for, participants of a `Present:` line with its line, bare days and their
    month, a telegram whose parties could not be read."""
    speech, speech_report = encode("Ho Chi Minh. Speech at the Session of the CC WPK, 8 July 1950\n"
                                   "Present: Kim Il Sung\nOn 3 July we met, and on the 5th we agreed.\nLong live the friendship!",
                                   registry)
    data = json.loads(json.dumps(speech_report.as_dict()))
    assert data["kind"] == "speech"
    assert [(c["role"], c["ref"]) for c in data["correspondents"]] == [("participant", "kim-il-sung"), ("author", "ho-chi-minh")]
    assert [(d["rule"], d["line"], d["severity"]) for d in data["diagnostics"]] == [("date-bare-day", 3, "info")]
    assert "the month of the date named before it in the paragraph" in data["diagnostics"][0]["message"]
    assert "author         persName #ho-chi-minh" in speech_report.as_text()
    _, pseudonym = encode("Ciphered Telegram, Fyn Si (Gromyko) to Mikoyan, 2 June 1950\n" + BODY, registry)
    sender = pseudonym.correspondents[0]
    assert (sender["role"], sender["ref"], sender["text"], sender["place"]) == ("sender", "gromyko", "Fyn Si (Gromyko)", None)
    _, russian = encode("Шифртелеграмма Громыко Микояну, 3 марта 1950 г.\n" + BODY, registry)
    assert "w.txt:1: warning:" in russian.as_text() and "[party-missing]" in russian.as_text()


@pytest.mark.parametrize("stamps", [["Top Secret", "Copy No. 3"], ["Strictly confidential."], ["Совершенно секретно"]])
def test_classification_stamps_are_header_notes(stamps, registry):
    text = "Telegram of Gromyko to Mikoyan, 2 June 1950\n" + "\n".join(stamps) + "\nComrade Mikoyan,\n" + BODY
    root, report = encode(text, registry)
    assert xp(root, "//t:notesStmt/t:note[@type='classification']/text()") == stamps
    assert reading_text(root.find(".//t:body//t:salute", NS)) == "Comrade Mikoyan,"
    assert xp(root, "count(//t:sourceDesc/t:bibl)") == 0.0
    assert [d.line for d in report.diagnostics if d.rule == "classification-note"] == list(range(2, 2 + len(stamps)))


def test_a_date_field_without_its_year_takes_the_year_line(registry):
    text = ("1950\n\nLetters\n\n**Title:** Letter to Gromyko\n\n**Date:** 2 June\n\n"
            "On 1 June we met, and on the 3rd we part.\n\nThat is all.\n")
    root, _ = encode(text, registry)
    assert xp(root, "//t:correspAction[@type='sent']/t:date/@when") == ["1950-06-02"]
    assert xp(root, "//t:body//t:date/@when") == ["1950-06-01", "1950-06-03"]


def test_a_registered_person_before_a_title_of_no_kind_is_its_author(registry):
    root, report = encode("Ho Chi Minh. On the Tasks of the Revolution, 3 February 1951\n" + BODY, registry)
    check(root, {"//t:creation/t:persName[@role='author']/@ref": ["#ho-chi-minh"],
                 "//t:creation/t:date/@when": ["1951-02-03"], "count(//t:correspDesc)": 0.0})
    assert [(c["role"], c["ref"]) for c in report.correspondents] == [("author", "ho-chi-minh")]
    unknown, _ = encode("Comrade Filatov. On the Tasks of the Revolution, 3 February 1951\n" + BODY, registry)
    assert xp(unknown, "count(//t:creation/t:persName)") == 0.0  # no register says it is a person: no author guessed
