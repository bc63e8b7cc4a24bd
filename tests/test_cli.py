"""The `variorum` command: wiring, --help, exit statuses and messages (behaviour is tested below the CLI)."""
import shutil
import subprocess
import sys

import pytest

from variorum.cli import main

from conftest import FIXTURES, REPO

REGISTER = str(FIXTURES / "registers" / "register.xml")
WITNESS = FIXTURES / "witnesses" / "plain_bom_crlf.txt"


@pytest.mark.parametrize("command", [[], ["encode"], ["collate"], ["validate"], ["build"], ["export"]])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exit:
        main([*command, "--help"])
    assert exit.value.code == 0
    assert "usage: variorum" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["frobnicate"])
    assert exit.value.code == 2


def test_encode_writes_one_file_per_source(tmp_path, capsys):
    assert main(["encode", str(WITNESS), "--out", str(tmp_path), "--authority", REGISTER]) == 0
    assert (tmp_path / "plain_bom_crlf.xml").read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert "1 of 1" in capsys.readouterr().err


def test_encode_refuses_to_overwrite_an_edited_file(tmp_path, capsys):
    target = tmp_path / "plain_bom_crlf.xml"
    target.write_text("<TEI>edited by hand</TEI>")
    assert main(["encode", str(WITNESS), "--out", str(tmp_path), "--authority", REGISTER]) == 1
    assert target.read_text() == "<TEI>edited by hand</TEI>"
    assert "--force" in capsys.readouterr().err
    assert main(["encode", str(WITNESS), "--out", str(tmp_path), "--authority", REGISTER, "--force"]) == 0
    assert "edited by hand" not in target.read_text()


def test_encode_bad_input_names_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Title\nline \x81\x8d\n")
    assert main(["encode", str(bad), "--out", str(tmp_path / "out"), "--authority", REGISTER]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:6:" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "bad.xml").exists()


def test_encode_missing_file_is_an_io_error(tmp_path, capsys):
    assert main(["encode", str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 2
    assert "nope.txt" in capsys.readouterr().err


def test_duplicate_ids_across_registers_name_both_places(tmp_path, capsys):
    copy = tmp_path / "copy.xml"
    shutil.copy(REGISTER, copy)
    assert main(["encode", str(WITNESS), "--out", str(tmp_path), "--authority", REGISTER, "--authority", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "defined twice" in err and f"{copy}:" in err and f"{REGISTER}:" in err


def test_console_script_runs_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "variorum", "encode", str(tmp_path / "missing.txt"), "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
