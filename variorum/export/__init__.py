"""`variorum export`: TEI documents -> the formats other projects read.

Read the documents once (documents.py), hand them to one writer from the
table below, write what it returns atomically. Writers report what they
skip or leave out on stderr; identifiers in any output come from the
documents' registers or are absent, never made up.

| format  | module     | output                                                            |
|---------|------------|-------------------------------------------------------------------|
| cmif    | cmif.py    | CMIF 1.1 TEI: one correspDesc per letter (correspSearch)          |
| geojson | geojson.py | RFC 7946 FeatureCollection of the places named, [lon, lat]        |
| lpf     | lpf.py     | Linked Places Format (World Historical Gazetteer)                 |
| text    | text.py    | plain reading text: title line, then one paragraph a line         |
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path

from variorum.diagnostics import EXIT_OK, InputError, Reporter, UsageError
from variorum.export.documents import (
    Settings,
    export_date,
    find_settings_edition,
    read_documents,
)
from variorum.xmlio import write_atomic, xml_files

Writer = Callable[..., "bytes | dict[str, bytes]"]

# name -> (the writer's module, one line for --help); the writer is the module's function of the format's
# name, imported when it is asked for (the CLI reads this table for every command). A writer returns the
# bytes of one file, or {file name: bytes} for one file per document (text with --out DIR/).
FORMATS: dict[str, tuple[str, str]] = {
    "cmif": ("variorum.export.cmif", "letters -> CMIF 1.1 for correspSearch (one TEI file)"),
    "geojson": ("variorum.export.geojson", "places named -> RFC 7946 FeatureCollection, [lon, lat], null geometry if unknown"),
    "lpf": ("variorum.export.lpf", "the same places -> Linked Places Format (World Historical Gazetteer)"),
    "text": ("variorum.export.text", "plain reading text: title line, then one paragraph a line"),
}

READINGS = ("orig", "reg")


def writer(format_name: str) -> Writer:
    if format_name not in FORMATS:
        raise UsageError(f"unknown format {format_name}; known: {', '.join(FORMATS)}")
    return getattr(importlib.import_module(FORMATS[format_name][0]), format_name)


def _wants_folder(format_name: str, out: Path | str) -> bool:
    """text writes one file per document into an existing folder, or into a folder given as a
    string ending in '/' (pathlib.Path drops that slash: the CLI passes --out as written)."""
    return format_name == "text" and (Path(out).is_dir() or str(out).endswith((os.sep, "/")))


def _write(result: bytes | dict[str, bytes], out: Path, force: bool) -> list[Path]:
    """Write everything or nothing: every target is checked before the first is written."""
    targets = {out / name: data for name, data in result.items()} if isinstance(result, dict) else {out: result}
    for target in targets:
        if target.is_dir():
            raise UsageError(f"{target} is a folder; give a file name to --out")
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise InputError(f"{', '.join(existing)} exist{'s' if len(existing) == 1 else ''} and {'is' if len(existing) == 1 else 'are'} "
                         "left untouched; use --force to replace")
    for target, data in targets.items():
        try:
            write_atomic(target, data)
        except OSError as error:
            raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
    return list(targets)


def export(format_name: str, paths: list[Path], out: Path | str, force: bool = False, reading: str = "orig",
           reporter: Reporter | None = None, authority: list[Path] | None = None) -> int:
    """`variorum export`: the documents in `paths` -> `out` in `format_name`; the exit status.

    `out` is a file, or for text a folder (an existing one, or a string ending in '/').
    `authority`: registers for names that the lists of the files given do not resolve (optional)."""
    write_format = writer(format_name)
    out_is_dir = _wants_folder(format_name, out)
    out = Path(out)
    if reading not in READINGS:
        raise UsageError(f"unknown reading {reading}; known: {', '.join(READINGS)}")
    report = reporter or Reporter()
    documents = read_documents(paths, report, authority, output=out)
    settings = Settings(
        edition=find_settings_edition(paths),
        out=out,
        reading=reading,
        date=export_date(xml_files(paths)),
        out_is_dir=out_is_dir,
    )
    result = write_format(documents, settings, report)
    _write(result, out, force)
    return EXIT_OK
