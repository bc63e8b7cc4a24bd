"""Incremental builds: what changed is made again, the rest taken from the previous build, the same bytes as a clean build."""
import re
import shutil
import sys

import pytest

from variorum.cli import main

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from generate_edition import generate  # noqa: E402


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(edition, out, capsys, *options):
    capsys.readouterr()
    status = main(["build", str(edition), "--out", str(out), *options])
    err = capsys.readouterr().err
    made = re.search(r"\((\d+) page\(s\) made, (\d+) taken from the previous build\)", err)
    return status, (int(made.group(1)), int(made.group(2))) if made else None, err


def assert_as_clean(edition, out, tmp_path, capsys, *options):
    """OUT holds byte for byte what a clean build of the edition writes."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.rmtree(tmp_path / ".clean.cache", ignore_errors=True)
    assert build(edition, clean, capsys, *options)[0] == 0
    incremental, expected = files(out), files(clean)
    assert sorted(incremental) == sorted(expected)
    assert [name for name in expected if incremental[name] != expected[name]] == []


@pytest.fixture
def edition(tmp_path, capsys):
    """A generated edition of 8 documents, built once (web only) into tmp_path/site."""
    folder = tmp_path / "edition"
    generate(folder, 8)
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (8, 0))
    return folder


def test_nothing_changed_nothing_is_made(edition, tmp_path, capsys):
    before = files(tmp_path / "site")
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (0, 8))
    assert files(tmp_path / "site") == before


def test_a_changed_document_is_made_again_with_what_depends_on_it(edition, tmp_path, capsys):
    document = edition / "tei" / "doc00003.xml"
    document.write_text(document.read_text().replace("Waiting for an answer.", "Waiting for an answer, still."))
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert b"still" in (tmp_path / "site" / "documents" / "doc00003.html").read_bytes()
    assert b"still" in (tmp_path / "site" / "static" / "search-index.js").read_bytes()
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_a_changed_register_entry_reaches_the_index_without_making_pages(edition, tmp_path, capsys):
    register = edition / "tei" / "authority" / "places.xml"
    register.write_text(register.read_text().replace('<placeName type="reg">Nanjing</placeName>',
                                                     '<placeName type="reg">Nanjing (Nanking)</placeName>'))
    status, counts, err = build(edition, tmp_path / "site", capsys, "--no-pdf")
    assert (status, counts) == (0, (0, 8))
    assert "Nanjing (Nanking)" in (tmp_path / "site" / "places.html").read_text()
    assert "register-copy" in err and "'nanjing'" in err
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_a_template_of_the_edition_makes_everything_again(edition, tmp_path, capsys):
    (edition / "site_templates").mkdir()
    base = (REPO / "site_templates" / "base.html").read_text()
    (edition / "site_templates" / "base.html").write_text(base.replace("<main id=\"main\">", "<main id=\"main\" class=\"own\">"))
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (8, 0))
    assert b'class="own"' in (tmp_path / "site" / "documents" / "doc00001.html").read_bytes()
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_documents_removed_and_added(edition, tmp_path, capsys):
    (edition / "tei" / "doc00002.xml").unlink()
    (edition / "sources" / "doc00002.txt").unlink()
    shutil.copyfile(REPO / "tei" / "000_ed60d7a27737539e.xml", edition / "tei" / "added.xml")
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert not (tmp_path / "site" / "documents" / "doc00002.html").exists()
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_a_failed_build_keeps_the_site_and_the_next_one_is_still_right(edition, tmp_path, capsys):
    before = files(tmp_path / "site")
    document = edition / "tei" / "doc00004.xml"
    text = document.read_text()
    document.write_text(text.replace("</body>", "</bodyy>"))
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[0] == 1
    assert files(tmp_path / "site") == before
    document.write_text(text.replace("</p>", " Amended.</p>", 1))
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_a_site_the_cache_does_not_describe_is_built_whole(edition, tmp_path, capsys):
    shutil.rmtree(tmp_path / "site")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "stray.html").write_text("not ours")
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (8, 0))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def printed_sample(tmp_path):
    """A copy of the sample edition to build with its print edition, and where to build it."""
    pytest.importorskip("weasyprint", reason="WeasyPrint is needed for the PDF edition")
    edition = tmp_path / "edition"
    edition.mkdir()
    for name in ("edition.toml", "sources", "tei"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copyfile)(REPO / name, edition / name)
    return edition, tmp_path / "site"


def test_the_print_edition_takes_unchanged_documents_in(tmp_path, capsys):
    edition, out = printed_sample(tmp_path)
    assert build(edition, out, capsys)[:2] == (0, (2, 0))
    assert build(edition, out, capsys)[:2] == (0, (0, 2))  # edition.pdf too is taken as it was
    document = edition / "tei" / "004_fc7e68a7096e41dc.xml"
    document.write_text(document.read_text().replace("Telegram to Liu", "Telegram to Liu Shaoqi"))
    assert build(edition, out, capsys)[:2] == (0, (1, 1))
    assert_as_clean(edition, out, tmp_path, capsys)
    register = edition / "tei" / "authority" / "places.xml"
    register.write_text(register.read_text().replace('<placeName type="reg">Beijing</placeName>',
                                                     '<placeName type="reg">Beijing (Peking)</placeName>'))
    assert build(edition, out, capsys)[:2] == (0, (0, 2))
    assert_as_clean(edition, out, tmp_path, capsys)


def test_a_document_grown_by_a_page_moves_the_next_onto_its_new_pages(tmp_path, capsys):
    """The print edition's PDFs carry the book's page numbers: a document that grows moves the one after it,
    whose PDF is laid out again on its new pages (its own TEI unchanged); the result is a clean build's."""
    import pypdf

    edition, out = printed_sample(tmp_path)
    assert build(edition, out, capsys)[:2] == (0, (2, 0))
    later = out / "pdf" / "004_fc7e68a7096e41dc.pdf"
    before = pypdf.PdfReader(later).metadata["/Subject"]
    first = edition / "tei" / "000_ed60d7a27737539e.xml"
    paragraph = "<p>" + " ".join(["The question of the negotiations was discussed again at length."] * 12) + "</p>"
    head, body = first.read_text().split("<body>")
    first.write_text(head + "<body>" + body.replace("</p>", "</p>" + paragraph * 4, 1))
    assert build(edition, out, capsys)[:2] == (0, (1, 1))
    after = pypdf.PdfReader(later).metadata["/Subject"]
    assert before != after and after.startswith("Pages "), (before, after)
    assert_as_clean(edition, out, tmp_path, capsys)


def test_letters_with_their_correspondence_are_taken_from_the_cache(tmp_path, capsys):
    """A letter's summary carries its correspDesc and correspContext: kept in the cache and read back whole."""
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(REPO / "tests" / "golden" / "html" / "letter-correspondence" / "input.xml", folder / "letter.xml")
    shutil.copy(REPO / "tests" / "fixtures" / "letters" / "letter-rs.xml", folder / "letter-rs.xml")
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (2, 0))
    letter = folder / "letter-rs.xml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("antworte bald", "antworte morgen"), encoding="utf-8")
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (1, 1))
    assert_as_clean(folder, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_page_images_of_an_unchanged_document_stay_in_the_site(tmp_path, capsys):
    folder = tmp_path / "facsimile"
    shutil.copytree(REPO / "tests" / "fixtures" / "facsimile", folder)
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[0] == 0
    images = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site" / "facsimile").rglob("*") if p.is_file())
    assert images
    status, made, _ = build(folder, tmp_path / "site", capsys, "--no-pdf")
    assert status == 0 and made[0] == 0
    assert sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site" / "facsimile").rglob("*") if p.is_file()) == images
    assert_as_clean(folder, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_only_the_index_pages_whose_entries_changed_are_made(edition, tmp_path, capsys):
    """A place's entry changed: the places page is made again; the home page, the other index pages and the
    bibliography are the previous build's files (linked: the same inode), and all of it is as a clean build."""
    site = tmp_path / "site"
    before = {name: (site / name).stat().st_ino for name in ("index.html", "places.html", "persons.html", "bibliography.html")}
    register = edition / "tei" / "authority" / "places.xml"
    register.write_text(register.read_text().replace('<placeName type="reg">Nanjing</placeName>',
                                                     '<placeName type="reg">Nanjing (Nanking)</placeName>'))
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (0, 8))
    after = {name: (site / name).stat().st_ino for name in before}
    assert [name for name in before if before[name] != after[name]] == ["places.html"]
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")


def test_a_document_naming_another_entity_makes_its_index_page_again(edition, tmp_path, capsys):
    site = tmp_path / "site"
    document = edition / "tei" / "doc00005.xml"
    text = document.read_text()
    assert "</p>" in text
    document.write_text(text.replace("</p>", ' and <persName ref="#stalin">Stalin</persName>.</p>', 1))
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")
    document.write_text(text)  # and back: the name is gone from the persons page again
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")


def test_a_lost_index_record_makes_the_index_pages_from_the_document(edition, tmp_path, capsys):
    """The cache's index file of a document is gone: that document is made again, and the pages are right."""
    indexed = sorted((tmp_path / ".site.cache" / "indexed").iterdir())
    assert len(indexed) == 8
    indexed[0].unlink()
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")
