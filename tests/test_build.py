"""variorum build: the whole edition through the pipeline (read -> encode -> validate -> render -> swap)."""
import shutil
from pathlib import Path

import pytest

from variorum.cli import main

from conftest import INTEROP, REPO


def copy_edition(target: Path) -> Path:
    for name in ("edition.toml", "sources", "tei"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    return target


@pytest.fixture
def edition(tmp_path) -> Path:
    folder = tmp_path / "edition"
    folder.mkdir()
    return copy_edition(folder)


def test_build_writes_the_site_of_section_7(edition, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", str(edition), "--out", str(out), "--no-pdf"]) == 0
    for name in ("index.html", "places.html", "persons.html", "organisations.html", "bibliography.html",
                 "documents/000_ed60d7a27737539e.html", "tei/004_fc7e68a7096e41dc.xml"):
        assert (out / name).is_file(), name
    assert "2 of 2 document(s) valid" in capsys.readouterr().err


def test_build_encodes_new_sources_but_never_overwrites_tei(edition, tmp_path):
    (edition / "tei" / "000_ed60d7a27737539e.xml").unlink()
    edited = edition / "tei" / "004_fc7e68a7096e41dc.xml"
    edited.write_text(edited.read_text().replace("Telegram to Liu", "Telegram to Liu (edited)"))
    assert main(["build", str(edition), "--out", str(tmp_path / "site"), "--no-pdf"]) == 0
    assert (edition / "tei" / "000_ed60d7a27737539e.xml").is_file()
    assert "Telegram to Liu (edited)" in edited.read_text()


def test_an_invalid_document_stops_the_build_and_keeps_the_old_site(edition, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", str(edition), "--out", str(out), "--no-pdf"]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = edition / "tei" / "004_fc7e68a7096e41dc.xml"
    broken.write_text(broken.read_text().replace('ref="#stalin"', 'ref="#nobody"', 1))
    assert main(["build", str(edition), "--out", str(out), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "004_fc7e68a7096e41dc.xml:" in err and "nobody" in err
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".site.build-*"))


def test_same_input_gives_the_same_bytes_in_every_file(tmp_path, monkeypatch):
    """The sample edition built twice, from two folders, in two time zones, with the PDFs: every file identical,
    and no path of the machine or user name in any of them."""
    import getpass
    import time

    pytest.importorskip("weasyprint", reason="WeasyPrint is needed for the PDF edition")
    sites = []
    for number, zone in enumerate(("UTC", "Asia/Shanghai")):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        edition = tmp_path / f"machine{number}" / "edition"
        edition.mkdir(parents=True)
        copy_edition(edition)
        out = tmp_path / f"machine{number}" / "site"
        assert main(["build", str(edition), "--out", str(out)]) == 0
        sites.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    monkeypatch.delenv("TZ")
    time.tzset()
    first, second = sites
    assert first.keys() == second.keys()
    assert any(name.suffix == ".pdf" for name in first)
    assert [name for name in first if first[name] != second[name]] == []
    user = getpass.getuser().encode()
    for name, data in first.items():
        assert str(tmp_path).encode() not in data, f"{name} holds the build's path"
        assert b"/home/" + user not in data and b"/" + user + b"/" not in data, f"{name} holds the user's name"


@pytest.mark.skipif(not INTEROP.is_dir(), reason=f"the interop corpus is absent ({INTEROP})")
def test_a_folder_of_foreign_tei_is_published_as_it_is(tmp_path, capsys):
    folder = tmp_path / "foreign"
    folder.mkdir()
    for name in ("cwrc--Letter.xml", "teistyles--testapp2.xml", "teip5--testbibl.xml", "cwrc--Orlando-event-sample.xml"):
        shutil.copyfile(INTEROP / name, folder / name)
    (folder / "broken.xml").write_text("<TEI><text>unclosed</TEI>")
    out = tmp_path / "site"
    status = main(["build", str(folder), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1 and "broken.xml:1:" in err
    assert (out / "documents" / "cwrc--Letter.html").is_file()
    assert (out / "documents" / "teip5--testbibl.html").is_file()  # invalid TEI, still well-formed: published
    assert not (out / "documents" / "broken.html").exists()


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(edition, tmp_path, capsys):
    import fcntl

    out = tmp_path / "site"
    with open(tmp_path / ".site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["build", str(edition), "--out", str(out), "--no-pdf"]) == 2
    assert "another build" in capsys.readouterr().err
    assert not out.exists()
