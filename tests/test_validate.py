"""variorum validate: every fault at its place, clear messages, safe on hostile input, reports for people and CI."""
from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from lxml import etree

from variorum.validation import Validator, check_files, run_validate
from variorum.xmlio import XmlFile, read_xml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "validate"
SHARED = Path(__file__).resolve().parents[2] / "shared"
TEI_ALL = SHARED / "schemas" / "tei" / "tei_all.rng"
INTEROP = SHARED / "interop"

# One fixture per kind of fault: the rule that must speak, and where (line, column).
FAULTS = [
    ("not-well-formed.xml", "well-formed", 35, 44),
    ("unknown-element.xml", "edition-schema", 35, 18),
    ("element-not-in-customisation.xml", "edition-schema", 35, 18),
    ("bad-attribute-value.xml", "edition-schema", 35, 29),
    ("bad-app-type.xml", "edition-schema", 35, 19),
    ("missing-required-child.xml", "edition-schema", 5, 4),
    ("dangling-pointer.xml", "pointer-resolves", 35, 28),
    ("impossible-date.xml", "date-real", 35, 23),
    ("undeclared-witness.xml", "app-witness-undeclared", 35, 14),
    ("missing-witness.xml", "app-witness-missing", 35, 14),
    ("witness-twice.xml", "app-witness-twice", 35, 14),
    ("choice-without-reg.xml", "choice-orig-reg", 35, 42),
    ("reg-not-authority-form.xml", "reg-matches-authority", 35, 17),
    ("pb-descending.xml", "pb-ascending", 35, 19),
    ("geo-out-of-range.xml", "geo-range", 22, 121),
    ("archival-idno-type.xml", "archival-idno", 9, 124),
    ("duplicate-id.xml", "well-formed", 27, 31),
    ("name-points-to-wrong-kind.xml", "name-points-to-entity", 35, 17),
    ("xinclude-no-fallback.xml", "xinclude", 35, 14),
]
# A fault that two rules see.
ALSO = {"undeclared-witness.xml": [("pointer-resolves", 35, 67)]}
VALID = ["valid-letter.xml", "valid-telegram.xml", "valid-apparatus.xml", "xinclude/main.xml"]


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator()


@pytest.fixture(scope="session")
def tei_all_validator() -> Validator:
    if not TEI_ALL.is_file():
        pytest.skip(f"tei_all.rng not found at {TEI_ALL} (the shared folder is absent)")
    return Validator(tei_all=TEI_ALL)


@pytest.mark.parametrize("name", VALID)
def test_a_correct_document_passes(validator, name):
    assert validator.check_file(FIXTURES / name) == []


@pytest.mark.parametrize("name, rule, line, column", FAULTS)
def test_each_fault_is_found_at_its_place(validator, name, rule, line, column):
    found = validator.check_file(FIXTURES / "invalid" / name)
    expected = [(rule, line, column), *ALSO.get(name, [])]
    assert sorted((d.rule, d.line, d.column) for d in found) == sorted(expected), found
    assert all(d.severity == "error" and d.file.endswith(name) for d in found)


def test_every_fault_of_a_document_is_reported(validator):
    found = validator.check_file(FIXTURES / "invalid" / "several-faults.xml")
    assert sorted((d.line, d.column, d.rule) for d in found) == [
        (35, 23, "date-real"), (35, 56, "edition-schema"), (35, 75, "pointer-resolves"), (35, 106, "edition-schema"),
    ]


def test_messages_name_the_element_and_what_was_expected(validator):
    messages = {d.message for name in ("bad-attribute-value.xml", "missing-required-child.xml", "impossible-date.xml", "unknown-element.xml")
                for d in validator.check_file(FIXTURES / "invalid" / name)}
    assert "@unit='folio' on <biblScope> is not allowed: use one of 'chapter', 'issue', 'page', 'part', 'volume'" in messages
    assert "<titleStmt> is incomplete: it must contain <title>" in messages
    assert any("February 1949 has 28 days" in m for m in messages)
    assert any(m.startswith("<bogus> in <p>: the variorum schema has no element <bogus>") for m in messages)


def test_errors_after_the_first_in_one_element_are_reported(validator, tmp_path):
    # libxml2 stops checking <p> at <bogus/>; the faults after it are still found.
    text = (FIXTURES / "valid-telegram.xml").read_text().replace(
        "The end.", 'A <bogus/> then <hi rend="blink">x</hi> and <date when="1949-02-31">y</date>')
    path = tmp_path / "late-faults.xml"
    path.write_text(text)
    rules = sorted(d.rule for d in validator.check_file(path))
    assert rules == ["date-real", "edition-schema", "edition-schema"]


@pytest.mark.parametrize("name", ["billion-laughs.xml", "xxe-passwd.xml", "remote-dtd.xml"])
def test_hostile_input_is_refused_fast_with_a_message(validator, name):
    started = time.perf_counter()
    found = validator.check_file(FIXTURES / "hostile" / name)
    assert time.perf_counter() - started < 5
    assert found and all(d.severity == "error" and d.rule == "well-formed" for d in found)
    assert any(word in found[0].message for word in ("entities", "entity", "DTD"))
    assert "root:" not in " ".join(d.message for d in found)  # nothing of /etc/passwd


def test_xinclude_never_reads_outside_the_documents_folder(validator):
    # href="/etc/passwd": not followed; the fallback is used, and the document is valid.
    assert validator.check_file(FIXTURES / "hostile" / "xinclude-passwd.xml") == []


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"Telegram of J.V. Stalin\n", "this is not XML"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
    (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", "not well-formed XML"),
])
def test_files_that_are_not_tei_get_a_clear_message(validator, tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    found = validator.check_file(path)
    assert len(found) == 1 and message in found[0].message and found[0].line is not None


def test_parsed_trees_are_validated_without_parsing_again(validator):
    tree = read_xml(FIXTURES / "invalid" / "dangling-pointer.xml").strict()
    found = validator.check(XmlFile("dangling.xml", tree))
    assert [(d.file, d.rule, d.line) for d in found] == [("dangling.xml", "pointer-resolves", 35)]


def test_schemas_are_compiled_once_for_documents_alike():
    validator = Validator()
    for _ in range(3):
        validator.check_file(FIXTURES / "valid-telegram.xml")
    assert validator.edition.rng.compilations == 1


# -- the command: formats and exit statuses ---------------------------------------

def run(paths, report_format="text", tei_all=None) -> tuple[int, str]:
    stream = io.StringIO()
    status = run_validate([Path(p) for p in paths], tei_all=tei_all, report_format=report_format, stream=stream)
    return status, stream.getvalue()


def test_exit_0_when_all_valid_1_when_any_invalid_2_when_unreadable(tmp_path):
    assert run([FIXTURES / "valid-letter.xml"])[0] == 0
    assert run([FIXTURES / "valid-letter.xml", FIXTURES / "invalid" / "dangling-pointer.xml"])[0] == 1
    assert run([tmp_path / "missing.xml"])[0] == 2
    (tmp_path / "empty").mkdir()
    status, output = run([tmp_path / "empty"])
    assert status == 2 and "no TEI files" in output


def test_json_report_is_a_list_of_positions():
    status, output = run([FIXTURES / "invalid"], "json")
    report = json.loads(output)
    assert status == 1
    assert all(set(d) == {"file", "line", "column", "severity", "rule", "message"} for d in report)
    found = {(Path(d["file"]).name, d["rule"], d["line"]) for d in report}
    for name, rule, line, _ in FAULTS:
        assert (name, rule, line) in found


def test_junit_report_has_a_test_case_per_document():
    status, output = run([FIXTURES / "valid-letter.xml", FIXTURES / "invalid" / "geo-out-of-range.xml"], "junit")
    suite = etree.fromstring(output.encode())
    cases = suite.findall(".//testcase")
    assert [c.get("name").rsplit("/", 1)[-1] for c in cases] == ["valid-letter.xml", "geo-out-of-range.xml"]
    assert cases[0].find("failure") is None and cases[1].find("failure").get("type") == "geo-range"
    assert suite.get("tests") == "2" and suite.get("failures") == "1"


def test_text_report_gives_file_line_column_and_a_summary():
    status, output = run([FIXTURES / "invalid" / "pb-descending.xml"])
    assert re.search(r"pb-descending\.xml:35:19: error: .* \[pb-ascending\]", output)
    assert output.rstrip().endswith("(1 errors, 0 warnings, 0 notes)")


# -- tei_all --------------------------------------------------------------------

def test_tei_all_passes_our_documents(tei_all_validator):
    for name in VALID:
        assert tei_all_validator.check_file(FIXTURES / name) == []


def test_valid_tei_outside_the_customisation_is_a_note_not_an_error(tei_all_validator, tmp_path):
    text = (FIXTURES / "valid-telegram.xml").read_text().replace("<p n=\"3\">The end.</p>", "<ab>The end.</ab>")
    path = tmp_path / "foreign.xml"
    path.write_text(text)
    found = tei_all_validator.check_file(path)
    assert [(d.severity, d.rule) for d in found] == [("info", "edition-schema")]
    assert "outside the variorum customisation" in found[0].message and "<ab>" in found[0].message


def test_invalid_tei_is_an_error_of_tei_all(tei_all_validator, tmp_path):
    text = (FIXTURES / "valid-telegram.xml").read_text().replace("<p n=\"3\">The end.</p>", "<p n=\"3\"><p>nested</p></p>")
    path = tmp_path / "broken.xml"
    path.write_text(text)
    found = tei_all_validator.check_file(path)
    assert [(d.severity, d.rule, d.line, d.column) for d in found] == [("error", "tei_all", 35, 14)]
    assert found[0].message.startswith("<p> is not allowed in <p>")


def _jing_verdicts() -> dict[str, bool]:
    """The interop corpus's jing verdicts, from the table in its SOURCES.md."""
    verdicts = {}
    for line in (INTEROP / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 8 and cells[1].startswith("`") and cells[1].endswith(".xml`"):
            verdicts[cells[1].strip("`")] = cells[8] == "valid"
    return verdicts


def test_tei_all_verdicts_are_jings_on_the_interop_corpus():
    if not (TEI_ALL.is_file() and (INTEROP / "SOURCES.md").is_file()):
        pytest.skip(f"the interop corpus or tei_all.rng is absent ({SHARED})")
    expected = _jing_verdicts()
    assert len(expected) == 45
    files = [INTEROP / name for name in sorted(expected)]
    found = check_files(files, tei_all=TEI_ALL, edition=False)
    invalid = {Path(d.file).name for d in found if d.severity == "error"}
    assert {name: name not in invalid for name in expected} == expected


def test_the_report_is_the_same_bytes_in_every_run(tmp_path):
    """Python's per-run hash seed must not reach the report (names listed from sets are sorted fully)."""
    import os
    import subprocess
    import sys


    document = INTEROP / "teistyles--test.xml"  # uses <ex> in two namespaces
    if not (document.is_file() and TEI_ALL.is_file()):
        pytest.skip(f"the shared corpus is absent ({INTEROP})")
    reports = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run([sys.executable, "-m", "variorum", "validate", "--tei-all", str(TEI_ALL), "--format", "json",
                              str(document)], capture_output=True, cwd=REPO, env={**os.environ, "PYTHONHASHSEED": seed})
        reports.add(run.stdout)
    assert len(reports) == 1
