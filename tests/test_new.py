"""`variorum new DIR`: a new edition that builds at once, and validates, in an empty folder only."""
import tomllib

from variorum.cli import main


def test_a_new_edition_has_every_file_and_builds_at_once(tmp_path, capsys):
    edition = tmp_path / "letters"
    assert main(["new", str(edition), "--title", 'Letters of "Anna"']) == 0
    for name in ("edition.toml", "sources/example-letter.txt", "tei/authority/register.xml", ".gitignore",
                 ".github/workflows/validate.yml", ".pre-commit-config.yaml"):
        assert (edition / name).is_file(), name
    settings = tomllib.loads((edition / "edition.toml").read_text())
    assert settings["edition"]["title"] == 'Letters of "Anna"'
    assert "variorum validate" in (edition / ".github/workflows/validate.yml").read_text()
    assert "--format junit" in (edition / ".github/workflows/validate.yml").read_text()
    assert "variorum validate" in (edition / ".pre-commit-config.yaml").read_text()
    assert main(["build", str(edition), "--out", str(edition / "_site"), "--no-pdf"]) == 0
    page = (edition / "_site" / "documents" / "example-letter.html").read_text()
    assert "Anna Weber" in page and 'href="../places.html#vienna"' in page
    assert "Prague" in (edition / "_site" / "places.html").read_text()
    capsys.readouterr()
    assert main(["validate", str(edition / "tei"), "--format", "json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_every_option_of_the_settings_is_written_commented(tmp_path):
    from variorum.config import _PATHS, _PRINT, _STRINGS

    assert main(["new", str(tmp_path / "e")]) == 0
    text = (tmp_path / "e" / "edition.toml").read_text()
    for option in (*_STRINGS, *_PATHS, *_PRINT, "editors"):
        assert f"{option} =" in text, option
    assert tomllib.loads(text)["edition"]["title"] == "e"


def test_a_folder_that_is_not_empty_is_refused_and_left_untouched(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert main(["new", str(folder)]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"] and (folder / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no staging folder left beside it


def test_an_empty_folder_is_used(tmp_path):
    (tmp_path / "empty").mkdir()
    assert main(["new", str(tmp_path / "empty")]) == 0
    assert (tmp_path / "empty" / "edition.toml").is_file()
