"""The registers are the master of every entity: pages read them, stale standOff copies are said and refreshed."""
import json
import shutil

import pytest

from variorum.cli import main

from conftest import REPO

DOCUMENTS = ("000_ed60d7a27737539e.xml", "004_fc7e68a7096e41dc.xml")


@pytest.fixture
def edition(tmp_path):
    folder = tmp_path / "edition"
    folder.mkdir()
    shutil.copyfile(REPO / "edition.toml", folder / "edition.toml")
    shutil.copytree(REPO / "tei", folder / "tei")
    register = folder / "tei" / "authority" / "places.xml"
    register.write_text(register.read_text().replace('<placeName type="reg">Moscow</placeName>',
                                                     '<placeName type="reg">Moskva (Moscow)</placeName>'))
    return folder


def copy_line(path, entity_id):
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if f'xml:id="{entity_id}"' in line)


def test_a_changed_register_entry_reaches_the_index_and_each_stale_copy_is_said(edition, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", str(edition), "--out", str(out), "--no-pdf", "--format", "json"]) == 0
    places = (out / "places.html").read_text()
    assert "Moskva (Moscow)" in places
    stale = [d for d in json.loads(capsys.readouterr().out) if d["rule"] == "register-copy"]
    assert sorted((d["file"], d["line"], d["severity"]) for d in stale) == sorted(
        (str(edition / "tei" / name), copy_line(edition / "tei" / name, "moscow"), "warning") for name in DOCUMENTS)
    assert all("'moscow'" in d["message"] and "places.xml:" in d["message"] and "--refresh-entities" in d["message"]
               for d in stale)


def test_refresh_entities_rewrites_the_stale_copies_and_nothing_else(edition, tmp_path, capsys):
    paths = [edition / "tei" / name for name in DOCUMENTS]
    before = {path: path.read_bytes() for path in paths}
    assert main(["encode", "--refresh-entities", *map(str, paths), "--authority", str(edition / "tei" / "authority")]) == 0
    assert "2 standOff copies brought up to date in 2 of 2" in capsys.readouterr().err
    for path in paths:
        old, new = before[path], path.read_bytes()
        assert new != old
        start, end = old.index(b"<standOff>"), old.index(b"</standOff>")
        assert new[:start] == old[:start]  # byte for byte before the standOff ...
        assert new[new.index(b"</standOff>"):] == old[end:]  # ... and after it
        assert b'<placeName type="reg">Moskva (Moscow)</placeName>' in new
        # Inside the standOff only the stale entry changed: every other line is the same.
        changed = [line for line in new.decode().splitlines() if line not in old.decode().splitlines()]
        assert changed == ['        <placeName type="reg">Moskva (Moscow)</placeName>']
    assert not list((edition / "tei").glob(".*.tmp"))  # written atomically: no temporary file left
    assert main(["validate", *map(str, paths)]) == 0
    capsys.readouterr()
    assert main(["build", str(edition), "--out", str(tmp_path / "site"), "--no-pdf", "--format", "json"]) == 0
    assert [d for d in json.loads(capsys.readouterr().out) if d["rule"] == "register-copy"] == []


def test_a_second_refresh_changes_nothing(edition, capsys):
    paths = [str(edition / "tei" / name) for name in DOCUMENTS]
    authority = ["--authority", str(edition / "tei" / "authority")]
    assert main(["encode", "--refresh-entities", *paths, *authority]) == 0
    after = [open(p, "rb").read() for p in paths]
    assert main(["encode", "--refresh-entities", *paths, *authority]) == 0
    assert [open(p, "rb").read() for p in paths] == after
    assert "0 standOff copies brought up to date" in capsys.readouterr().err


def test_encode_without_out_is_a_usage_error(tmp_path, capsys):
    assert main(["encode", str(REPO / "sources" / "000_ed60d7a27737539e.txt")]) == 2
    assert "--out" in capsys.readouterr().err
