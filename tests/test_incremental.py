"""Incremental builds: what changed is made again, the rest taken from the previous build, the same bytes as a clean build."""
import re
import shutil
import sys
from pathlib import Path

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


def test_a_lost_index_record_makes_the_index_pages_from_the_documents(edition, tmp_path, capsys):
    """The cache's pack of what the index pages take of the documents is gone: the documents it held are made
    again. It holds something else: the build says so and stops, and the next makes everything."""
    packs = sorted((tmp_path / ".site.cache" / "indexed").iterdir())
    assert len(packs) == 1  # one file for the whole build
    packs[0].unlink()
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (8, 0))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")
    document = edition / "tei" / "doc00002.xml"
    document.write_text(document.read_text().replace("</p>", ' and <persName ref="#stalin">Stalin</persName>.</p>', 1))
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (1, 7))
    packs = sorted((tmp_path / ".site.cache" / "indexed").iterdir(), key=lambda pack: pack.stat().st_size)
    assert len(packs) == 2  # the first build's, for the 7 documents it made; this build's, for the one it made
    packs[1].write_bytes(packs[1].read_bytes().replace(b'"doc', b'"DOC'))  # the same length, other words
    register = edition / "tei" / "authority" / "places.xml"  # every document's index data is read
    register.write_text(register.read_text().replace('<placeName type="reg">Nanjing</placeName>',
                                                     '<placeName type="reg">Nanjing (Nanking)</placeName>'))
    before = files(tmp_path / "site")
    status, _, err = build(edition, tmp_path / "site", capsys, "--no-pdf")
    assert status == 2 and "the build's cache is damaged" in err and "Traceback" not in err
    assert files(tmp_path / "site") == before
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (8, 0))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def inodes(folder):
    return {p.relative_to(folder): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_a_build_writes_only_what_changed_and_links_nothing_again(edition, tmp_path, capsys):
    """The new site is made in the site before the previous one (the cache's spare, sharing its unchanged files):
    one document changed, and the files that are not the previous site's are that document's and the pages
    made from all (search, home page), not the thousands a copy of the site would link again."""
    site, spare = tmp_path / "site", tmp_path / ".site.cache" / "spare"
    assert inodes(spare) == inodes(site)  # after the whole build: its twin
    document = edition / "tei" / "doc00003.xml"
    for _ in range(3):
        before = inodes(site)
        document.write_text(document.read_text().replace("</p>", " Amended.</p>", 1))
        assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (1, 7))
        after = inodes(site)
        assert inodes(spare) == before  # the previous site, now the spare
        new = sorted(str(name) for name in after if after[name] != before.get(name))
        assert "documents/doc00003.html" in new and "tei/doc00003.xml" in new
        assert not [name for name in new if name.startswith(("documents/", "tei/")) and "doc00003" not in name]
        assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")


def test_a_spare_in_any_state_gives_the_site_of_a_clean_build(edition, tmp_path, capsys):
    """Whatever the spare holds (a file another than the site's, one too many, one missing, a folder where a
    file goes), only the previous site's very files are kept of it."""
    spare = tmp_path / ".site.cache" / "spare"
    (spare / "documents" / "doc00001.html").unlink()
    (spare / "documents" / "doc00001.html").write_text("another file")  # a new inode: the site's is untouched
    (spare / "documents" / "doc00002.html").unlink()
    (spare / "stray.html").write_text("not ours")
    (spare / "tei" / "doc00004.xml").unlink()
    (spare / "tei" / "doc00004.xml").mkdir()
    (spare / "tei" / "doc00004.xml" / "inside").write_text("deep")
    (spare / "empty" / "folders").mkdir(parents=True)
    before = files(tmp_path / "site")
    document = edition / "tei" / "doc00005.xml"
    document.write_text(document.read_text().replace("</p>", " Amended.</p>", 1))
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")
    assert files(spare) == before  # the previous site, whole
    assert sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*") if p.is_dir()) == sorted(
        p.relative_to(tmp_path / "clean") for p in (tmp_path / "clean").rglob("*") if p.is_dir())


def test_a_build_stopped_while_it_makes_its_site_leaves_the_previous_one_whole(edition, tmp_path, capsys, monkeypatch):
    """Stopped halfway through putting the new site together in the spare (here: the links fail), the site in
    OUT is the previous one, byte for byte and file for file; the next build is right."""
    import os

    site = tmp_path / "site"
    before, before_inodes = files(site), inodes(site)
    for document in ("doc00002.xml", "doc00006.xml"):
        (edition / "tei" / document).write_text((edition / "tei" / document).read_text().replace("</p>", " Amended.</p>", 1))
    calls = {"link": 0}
    real_link = os.link

    def failing_link(source, target, *args, **kwargs):
        calls["link"] += 1
        if calls["link"] > 3:
            raise KeyboardInterrupt  # as Ctrl-C would, halfway through
        return real_link(source, target, *args, **kwargs)

    (tmp_path / ".site.cache" / "spare" / "index.html").unlink()  # the spare has files to link again
    (tmp_path / ".site.cache" / "spare" / "places.html").unlink()
    (tmp_path / ".site.cache" / "spare" / "persons.html").unlink()
    (tmp_path / ".site.cache" / "spare" / "organisations.html").unlink()
    (tmp_path / ".site.cache" / "spare" / "bibliography.html").unlink()
    monkeypatch.setattr(os, "link", failing_link)
    assert main(["build", str(edition), "--out", str(site), "--no-pdf"]) == 130
    monkeypatch.undo()
    assert calls["link"] > 3
    assert files(site) == before and inodes(site) == before_inodes
    assert not list(tmp_path.glob(".site.build-*"))
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (2, 6))
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")


def test_a_changed_register_entry_reads_no_document_again(edition, tmp_path, capsys, monkeypatch):
    """The headings of an entry the registers hold are theirs alone, and the standOff check compares digests of
    the copies kept in the records: no document is parsed again for a changed entry."""
    import variorum.pipeline

    def no_read(*args, **kwargs):
        raise AssertionError("a document was read again")

    register = edition / "tei" / "authority" / "places.xml"
    register.write_text(register.read_text().replace('<placeName type="reg">Nanjing</placeName>',
                                                     '<placeName type="reg">Nanjing (Nanking)</placeName>'))
    monkeypatch.setattr(variorum.pipeline, "read_xml", no_read)
    status, counts, err = build(edition, tmp_path / "site", capsys, "--no-pdf")
    monkeypatch.undo()
    assert (status, counts) == (0, (0, 8))
    assert len(re.findall(r"doc\d+\.xml:\d+:\d*:? ?warning: the standOff copy of place 'nanjing'", err)) >= 1
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_an_entry_removed_from_the_registers_is_headed_from_the_documents_again(edition, tmp_path, capsys):
    register = edition / "tei" / "authority" / "places.xml"
    text = register.read_text()
    start = text.index('<place xml:id="nanjing"')
    register.write_text(text[:start] + text[text.index("</place>", start) + len("</place>"):])
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (0, 8))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")
    register.write_text(text)  # and back
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (0, 8))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_a_cache_of_an_older_format_is_not_read_and_the_site_is_built_whole(edition, tmp_path, capsys):
    """A cache written by a version whose records said other things (format 2: copies without their digests)."""
    import json

    state_file = tmp_path / ".site.cache" / "state.json"
    state = json.loads(state_file.read_text())
    state["format"] = 2
    state_file.write_text(json.dumps(state))
    records = tmp_path / ".site.cache" / "records.jsonl"
    lines = [json.loads(line) for line in records.read_text().splitlines()]
    records.write_text("".join(json.dumps({**line, "depends": line["depends"].split(),
                                           "copies": [c.split(":")[0] for c in line["copies"].split()]}) + "\n" for line in lines))
    register = edition / "tei" / "authority" / "places.xml"
    register.write_text(register.read_text().replace('<placeName type="reg">Nanjing</placeName>',
                                                     '<placeName type="reg">Nanjing (Nanking)</placeName>'))
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (8, 0))
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (0, 8))  # and the cache it wrote is read


def test_views_of_unchanged_documents_stay_and_a_changed_original_makes_its_translation_again(tmp_path, capsys):
    """The views of documents/<id>~*.html: a collated document's witnesses and columns, a translation beside its
    original, linked like the document's page; the translation is made again when its original changes."""
    folder = tmp_path / "views"
    shutil.copytree(REPO / "tests" / "fixtures" / "translation", folder)
    shutil.copy(REPO / "tests" / "fixtures" / "apparatus" / "witnesses.xml", folder)
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (5, 0))
    views = sorted(p.name for p in (tmp_path / "site" / "documents").glob("*~*.html"))
    assert "brief-en~parallel.html" in views and "witnesses~base-B.html" in views and "witnesses~columns.html" in views
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (0, 5))
    assert sorted(p.name for p in (tmp_path / "site" / "documents").glob("*~*.html")) == views
    assert_as_clean(folder, tmp_path / "site", tmp_path, capsys, "--no-pdf")
    original = folder / "brief-de.xml"
    original.write_text(original.read_text(encoding="utf-8").replace("den ganzen Abend", "die ganze Nacht"), encoding="utf-8")
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (2, 3))
    assert "die ganze Nacht" in (tmp_path / "site" / "documents" / "brief-en~parallel.html").read_text(encoding="utf-8")
    assert_as_clean(folder, tmp_path / "site", tmp_path, capsys, "--no-pdf")
    translation = folder / "brief-en.xml"  # the original's page names its translation: made again with it
    translation.write_text(translation.read_text(encoding="utf-8").replace("(translation)", "(English)"), encoding="utf-8")
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (2, 3))
    assert "beside its translation, Letter to Anna, 3 May 1890 (English)" in (tmp_path / "site" / "documents" / "brief-de.html").read_text(encoding="utf-8")
    assert_as_clean(folder, tmp_path / "site", tmp_path, capsys, "--no-pdf")



@pytest.mark.parametrize("fixture", ["translation", "edition"])
def test_a_build_parses_each_document_once(fixture, tmp_path, capsys, monkeypatch):
    """Letters (correspDesc in every one) and translations pointing at their originals (@corresp, linkGrp):
    whatever the pairing of translations reads before the pages are made is what the pages are made from."""
    import variorum.pipeline

    if fixture == "edition":
        folder = tmp_path / "edition"
        generate(folder, 4)  # plain-text witnesses, encoded by the build
    else:
        folder = tmp_path / "translation"
        shutil.copytree(REPO / "tests" / "fixtures" / "translation", folder)
    parses: dict[str, int] = {}
    real_read_xml = variorum.pipeline.read_xml

    def counted(data, name=None):
        parses[Path(name).name] = parses.get(Path(name).name, 0) + 1
        return real_read_xml(data, name)

    monkeypatch.setattr(variorum.pipeline, "read_xml", counted)
    assert build(folder, tmp_path / "site", capsys, "--no-pdf")[0] == 0
    documents = sorted((folder / "tei" if fixture == "edition" else folder).glob("*.xml"))
    assert len(documents) >= 3 and (fixture != "edition" or all(b"<correspDesc" in p.read_bytes() for p in documents))
    documents = [p.name for p in documents]
    assert {name: parses.get(name, 0) for name in documents} == {name: 1 for name in documents}


def test_a_stat_kept_with_a_hash_saves_reading_the_file_and_any_stat_change_reads_it_again(edition, tmp_path, capsys):
    """The content hash decides; a file's stat (size, times, inode) only caches the hash made for it: a file changed
    in place to other bytes of the same size, its modification time set back, is still made again (its change time
    moved). A file changed less than two seconds before the build keeps no stat (a clock's tick could hide a change)."""
    import json
    import os
    import time

    def stats():
        lines = (tmp_path / ".site.cache" / "records.jsonl").read_text().splitlines()
        return {Path(record["path"]).name: record["stat"] for record in map(json.loads, lines)}

    assert set(stats().values()) == {""}  # the fixture built its documents as soon as they were written
    time.sleep(2.1)
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (0, 8))
    assert "" not in stats().values()
    document = edition / "tei" / "doc00003.xml"
    text, before = document.read_text(), document.stat()
    assert "answer" in text
    document.write_text(text.replace("answer", "ANSWER", 1))  # as long, and its modification time as it was
    os.utime(document, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert document.stat().st_size == before.st_size and document.stat().st_mtime_ns == before.st_mtime_ns
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert b"ANSWER" in (tmp_path / "site" / "documents" / "doc00003.html").read_bytes()
    assert stats()["doc00003.xml"] == ""  # changed just now: hashed again next time
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def entry_files(tmp_path):
    """The index pages' entries the cache keeps: entity key -> the file of its HTML."""
    import json

    return {part["key"]: part["html"] for part in json.loads((tmp_path / ".site.cache" / "entries.json").read_text())}


def index_order(page):
    return re.findall(r'<dt id="([^"]+)"', page.read_text())


def test_an_entry_renamed_and_moved_in_the_alphabet_is_made_alone(edition, tmp_path, capsys):
    """Yalta's regular form to the front of the alphabet and back: its entry is made again, the others' are kept
    as the previous build made them, and the page is in the order of a clean build."""
    site, register = tmp_path / "site", edition / "tei" / "authority" / "places.xml"
    text, kept = register.read_text(), entry_files(tmp_path)
    assert '<placeName type="reg">Yalta</placeName>' in text and index_order(site / "places.html")[0] != "yalta"
    register.write_text(text.replace('<placeName type="reg">Yalta</placeName>', '<placeName type="reg">Aaa Yalta</placeName>'))
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (0, 8))
    assert index_order(site / "places.html")[0] == "yalta"
    now = entry_files(tmp_path)
    assert [key for key in kept if kept[key] != now[key]] == ["yalta"]
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")
    register.write_text(text)
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (0, 8))
    assert entry_files(tmp_path) == kept
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")


def test_a_document_that_names_an_entity_more_or_no_more_changes_those_entries(edition, tmp_path, capsys):
    """The People's Republic, in one document's standOff but named by none, named there (a new entry); Liu Shaoqi,
    whom only that document names (as its recipient), named by none any more (his entry gone); and both back:
    each time as a clean build, and the other entries kept as the previous build made them."""
    site, document = tmp_path / "site", edition / "tei" / "doc00002.xml"
    text = document.read_text()
    assert '<persName ref="#liu-shaoqi">Liu Shaoqi</persName>' in text and 'ref="#prc"' not in text
    last = text.rindex("</p>")  # of the text's last paragraph: the other names keep their anchors
    assert text.index("</body>") > last
    named = text[:last] + ' <placeName ref="#prc">PRC</placeName>' + text[last:]
    document.write_text(named.replace('<persName ref="#liu-shaoqi">', "<persName>"))
    kept = entry_files(tmp_path)
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert "liu-shaoqi" not in index_order(site / "persons.html") and "prc" in index_order(site / "places.html")
    now = entry_files(tmp_path)
    assert {key for key in kept.keys() | now.keys() if kept.get(key) != now.get(key)} == {"liu-shaoqi", "prc"}
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")
    document.write_text(text)
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (1, 7))
    assert "liu-shaoqi" in index_order(site / "persons.html") and "prc" not in index_order(site / "places.html")
    assert entry_files(tmp_path) == kept
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")


def test_a_changed_entry_is_made_from_the_documents_naming_it_alone(edition, tmp_path, capsys, monkeypatch):
    """Liu Shaoqi's register entry changed: of what the index pages take of each document, only that of the one
    document naming him is read (not every document's, to make his page again)."""
    from variorum.incremental import BuildCache

    read, indexed = [], BuildCache.indexed
    monkeypatch.setattr(BuildCache, "indexed", lambda cache, record: read.append(record.id) or indexed(cache, record))
    register = edition / "tei" / "authority" / "persons.xml"
    assert '<persName type="reg">Liu Shaoqi</persName>' in register.read_text()
    register.write_text(register.read_text().replace('<persName type="reg">Liu Shaoqi</persName>',
                                                     '<persName type="reg">Liu Shaoqi (Liu Shao-chi)</persName>'))
    assert build(edition, tmp_path / "site", capsys, "--no-pdf")[:2] == (0, (0, 8))
    monkeypatch.undo()
    assert set(read) == {"doc00002"}
    assert "Liu Shaoqi (Liu Shao-chi)" in (tmp_path / "site" / "persons.html").read_text()
    assert_as_clean(edition, tmp_path / "site", tmp_path, capsys, "--no-pdf")


def test_one_document_changed_writes_one_part_of_the_search_index(edition, tmp_path, capsys, monkeypatch):
    """Of the search index's parts (two documents each, here), only the one holding the changed document's line
    is written; the others, and the manifest, are the previous site's files."""
    import variorum.pipeline
    import variorum.render.site

    monkeypatch.setattr(variorum.render.site, "SEARCH_PART", 2)
    monkeypatch.setattr(variorum.pipeline, "SEARCH_PART", 2)
    site = tmp_path / "site"
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (0, 8))  # the index in four parts now, all written
    before = inodes(site / "static" / "search")
    assert sorted(map(str, before)) == ["manifest.js", "part-0.js", "part-1.js", "part-2.js", "part-3.js"]
    document = edition / "tei" / "doc00003.xml"  # the third document: the second part
    document.write_text(document.read_text().replace("Waiting for an answer.", "Waiting for an answer, still."))
    assert build(edition, site, capsys, "--no-pdf")[:2] == (0, (1, 7))
    after = inodes(site / "static" / "search")
    assert sorted(str(name) for name in before if before[name] != after[name]) == ["part-1.js"]
    assert b"still" in (site / "static" / "search" / "part-1.js").read_bytes()
    assert_as_clean(edition, site, tmp_path, capsys, "--no-pdf")
