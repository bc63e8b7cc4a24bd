"""`variorum new DIR`: a new edition that `variorum build DIR` builds at once.

The files come from variorum/templates/new/ (package data); a name that the
packaging would drop (a leading dot) is stored without it and mapped here:

| template file                        | in the new edition                   | what it is |
|--------------------------------------|--------------------------------------|------------|
| edition.toml                         | edition.toml                         | the settings, every option commented |
| sources/example-letter.txt           | sources/example-letter.txt           | one example witness (plain style) |
| tei/authority/register.xml           | tei/authority/register.xml           | an example register: places, persons, an organisation |
| gitignore                            | .gitignore                           | the built site and the reports |
| github/workflows/validate.yml        | .github/workflows/validate.yml       | CI: validate (JUnit) and build --no-pdf (JSON) |
| pre-commit-config.yaml               | .pre-commit-config.yaml              | the same checks before each commit |

`{title}` (a TOML string) and `{version}` (variorum's) are filled in. The
edition is written into a folder beside DIR and renamed into place, so a
failure leaves nothing; a DIR that exists and is not empty is refused.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from variorum import __version__
from variorum.diagnostics import EXIT_OK, InputError, Reporter, UsageError
from variorum.xmlio import _UMASK

TEMPLATE = Path(__file__).resolve().parent / "templates" / "new"

# Template file -> where it goes in the new edition.
FILES = {
    "edition.toml": "edition.toml",
    "sources/example-letter.txt": "sources/example-letter.txt",
    "tei/authority/register.xml": "tei/authority/register.xml",
    "gitignore": ".gitignore",
    "github/workflows/validate.yml": ".github/workflows/validate.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


def fill(text: str, title: str) -> str:
    """The template's placeholders: the title as a TOML string (JSON's escapes are TOML's), the version."""
    return text.replace("{title}", json.dumps(title, ensure_ascii=False)).replace("{version}", __version__)


def new_edition(folder: Path, title: str | None = None, reporter: Reporter | None = None) -> int:
    reporter = reporter or Reporter()
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder} exists and is not an empty folder; nothing was written. "
                         "Give `variorum new` a new or empty folder")
    title = title if title is not None else folder.resolve().name.replace("-", " ").replace("_", " ").strip() or "Untitled edition"
    try:
        folder.resolve().parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.resolve().parent))
    except OSError as error:
        raise UsageError(f"cannot create the edition: {error.strerror or error}", file=str(folder)) from None
    try:
        os.chmod(staging, 0o777 & ~_UMASK)
        for template, target in FILES.items():
            path = staging / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(fill((TEMPLATE / template).read_text(encoding="utf-8"), title), encoding="utf-8")
        os.replace(staging, folder)  # onto an absent or empty folder: one rename
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot create the edition: {error.strerror or error}", file=str(folder)) from None
    reporter.status(f"new edition {title!r} in {folder}/: edition.toml, sources/, tei/authority/, CI and pre-commit checks\n"
                    f"next: variorum build {folder} --out {folder}/_site   (or: variorum serve {folder})")
    return EXIT_OK
