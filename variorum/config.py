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

    [print]     the print edition (a critical edition unless told otherwise)
    apparatus   "lines": the lines of the text numbered in the outer margin and the
                apparatus at the foot of each page keyed by line and lemma
                (`12 Nanking] Nanjing reg.`), as critical editions print it; "footnotes":
                a footnote number at each entry, as documentary editions print it
                                                    (default "lines")
    line_numbers_every   which line numbers the margin shows: every fifth line by
                default; 1 numbers every line       (default 5)
    restart     where the line count begins again: "document" (each document's
                first line is 1) or "page"          (default "document")

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
    apparatus: str = "lines"
    line_numbers_every: int = 5
    restart: str = "document"

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
# [print] options: name -> the values allowed (a tuple), or the type of a number.
_PRINT = {"apparatus": ("lines", "footnotes"), "restart": ("document", "page"), "line_numbers_every": int}


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
    for key, value in data.get("print", {}).items():
        allowed = _PRINT.get(key)
        if allowed is None:
            raise InputError(f"[print] has no option '{key}'; known: {', '.join(_PRINT)}", file=str(path))
        if allowed is int:
            if type(value) is not int or value < 1:
                raise InputError(f"[print] {key} must be a whole number from 1, e.g. {key} = 5", file=str(path))
        elif value not in allowed:
            raise InputError(f"[print] {key} must be one of {', '.join(map(repr, allowed))}", file=str(path))
        values[key] = value
    return Edition(root=root, **values)


def find_edition(start: Path, search_parents: bool = False) -> Edition | None:
    """The edition whose edition.toml is in `start` (or, if asked, in a folder above it)."""
    start = start.resolve()
    for folder in [start, *start.parents] if search_parents else [start]:
        if (folder / CONFIG_NAME).is_file():
            return load_edition(folder)
    return None
