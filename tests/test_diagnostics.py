"""One diagnostics channel: every command's warnings and errors as Diagnostics, text or json, one exit-code table."""
from __future__ import annotations

import io
import json
import shutil

import pytest

from variorum import cli
from variorum.diagnostics import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Diagnostic, Reporter

from conftest import FIXTURES, REPO

KEYS = {"file", "line", "column", "severity", "rule", "message"}
UNKNOWN_ELEMENT = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><body><p>Before
<floatingText><body><p>inner words</p></body></floatingText> after.</p></body></text></TEI>"""


def json_report(capsys) -> list[dict]:
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert all(set(entry) == KEYS for entry in report), report
    return report


def test_text_lines_name_the_position_and_the_rule():
    stream = io.StringIO()
    reporter = Reporter(stream=stream)
    reporter.add(Diagnostic("a.xml", 3, 7, "warning", "some-rule", "what to do"))
    reporter.note("no position known", rule="registers", severity="warning")
    assert stream.getvalue().splitlines() == ["a.xml:3:7: warning: what to do [some-rule]",
                                              "warning: no position known [registers]"]
    assert reporter.exit_status() == EXIT_OK
    reporter.status("build [1/2] a.xml", end="")
    reporter.add(Diagnostic("a.xml", 1, None, "error", "r", "m"))
    assert stream.getvalue().endswith("build [1/2] a.xml\na.xml:1: error: m [r]\n")  # not on the progress line
    assert reporter.exit_status() == 1


def test_build_reports_as_json_and_notes_an_element_without_a_rule(tmp_path, capsys):
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "doc.xml").write_text(UNKNOWN_ELEMENT, encoding="utf-8")
    assert cli.main(["build", str(folder), "--out", str(tmp_path / "site"), "--no-pdf", "--format", "json"]) == EXIT_OK
    report = json_report(capsys)
    unruled = [d for d in report if d["rule"] == "no-rendering-rule"]
    assert [(d["line"], d["severity"]) for d in unruled] == [(4, "info")]
    assert "<floatingText>" in unruled[0]["message"] and unruled[0]["file"].endswith("doc.xml")


def test_build_json_report_holds_the_error_that_stopped_it(tmp_path, capsys):
    edition = tmp_path / "edition"
    shutil.copytree(REPO / "tei", edition / "tei")
    shutil.copy(REPO / "edition.toml", edition / "edition.toml")
    (edition / "tei" / "broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", encoding="utf-8")
    status = cli.main(["build", str(edition), "--out", str(tmp_path / "site"), "--no-pdf", "--format", "json"])
    report = json_report(capsys)
    assert status == 1
    assert any(d["rule"] == "well-formed" and d["file"].endswith("broken.xml") and d["line"] for d in report)
    assert any("nothing was published" in d["message"] for d in report)


def test_export_reports_as_json_beside_its_own_format(tmp_path, capsys):
    edition = REPO / "tests" / "golden" / "export" / "edition" / "input" / "tei"
    status = cli.main(["export", "--format", "cmif", str(edition), "--out", str(tmp_path / "l.xml"), "--report-format", "json"])
    assert status == EXIT_OK
    report = json_report(capsys)
    assert any("not a letter" in d["message"] and d["file"].endswith("memorandum.xml") for d in report)


def test_collate_reports_as_json(tmp_path, capsys):
    case = REPO / "tests" / "golden" / "collate" / "names" / "input"
    witnesses = sorted(str(p) for p in case.glob("*.txt"))
    status = cli.main(["collate", *witnesses, "--out", str(tmp_path / "c.xml"), "--authority",
                       str(FIXTURES / "registers" / "register.xml"), "--format", "json"])
    assert status == EXIT_OK
    assert json_report(capsys) == []


def test_a_usage_error_in_json_mode_is_in_the_report(tmp_path, capsys):
    status = cli.main(["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "site"), "--format", "json"])
    assert status == EXIT_USAGE
    report = json_report(capsys)
    assert [d["rule"] for d in report] == ["usage"] and "no such edition folder" in report[0]["message"]


def test_an_internal_error_has_its_own_exit_status_and_one_line(monkeypatch, capsys, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("variorum.pipeline.build", broken)
    assert cli.main(["build", str(tmp_path), "--out", str(tmp_path / "site")]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: a bug)" in err and "Traceback" not in err


@pytest.mark.parametrize("bad", ["xml", "junit"])
def test_unknown_report_formats_are_refused(bad):
    with pytest.raises(SystemExit):
        cli.main(["build", ".", "--out", "x", "--format", bad])
