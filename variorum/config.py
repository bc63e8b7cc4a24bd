"""edition.toml -> a frozen, typed Edition.

Every option, with its meaning:

    [edition]
    title       the edition's title (title page, page heads, CMIF)
    editors     list of the editors' names
    publisher   who publishes the edition
    year        year of publication
    licence     licence of the edition's texts, e.g. "CC BY 4.0"
    licence_url URL of that licence
    base_url    where the web edition is published ("" when not yet known)
    language    language of the edition's apparatus and pages (BCP 47)
    supplied_by who supplied the bracketed insertions a <supplied> does not attribute
                itself (@resp, @source): "the editor" unless said, e.g. "the translator"

    [paths]     folders, relative to edition.toml
    sources     the plain-text witnesses            (default "sources")
    tei         the TEI documents                   (default "tei")
    authority   the registers                       (default "tei/authority")
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from variorum.diagnostics import InputError

CONFIG_NAME = "edition.toml"


@dataclass(frozen=True)
class Edition:
    root: Path
    title: str = "Untitled edition"
    editors: tuple[str, ...] = ()
    publisher: str = ""
    year: str = ""
    licence: str = ""
    licence_url: str = ""
    base_url: str = ""
    language: str = "en"
    supplied_by: str = "the editor"
    sources: str = "sources"
    tei: str = "tei"
    authority: str = "tei/authority"

    @property
    def sources_dir(self) -> Path:
        return self.root / self.sources

    @property
    def tei_dir(self) -> Path:
        return self.root / self.tei

    @property
    def authority_dir(self) -> Path:
        return self.root / self.authority


_STRINGS = ("title", "publisher", "year", "licence", "licence_url", "base_url", "language", "supplied_by")
_PATHS = ("sources", "tei", "authority")


def load_edition(root: Path) -> Edition:
    """Read ROOT/edition.toml; every error names the file and says what to write instead."""
    path = root / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"edition.toml is not valid TOML: {error}", file=str(path)) from None
    values: dict = {}
    section = data.get("edition", {})
    for key, value in section.items():
        if key == "editors":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError('[edition] editors must be a list of names, e.g. editors = ["A. Editor"]', file=str(path))
            values["editors"] = tuple(value)
        elif key in _STRINGS:
            values[key] = str(value)
        else:
            raise InputError(f"[edition] has no option '{key}'; known: editors, {', '.join(_STRINGS)}", file=str(path))
    for key, value in data.get("paths", {}).items():
        if key not in _PATHS:
            raise InputError(f"[paths] has no option '{key}'; known: {', '.join(_PATHS)}", file=str(path))
        values[key] = str(value)
    return Edition(root=root, **values)


def find_edition(start: Path, search_parents: bool = False) -> Edition | None:
    """The edition whose edition.toml is in `start` (or, if asked, in a folder above it)."""
    start = start.resolve()
    for folder in [start, *start.parents] if search_parents else [start]:
        if (folder / CONFIG_NAME).is_file():
            return load_edition(folder)
    return None
