"""build(): the whole edition, read top-down.

    read      edition.toml (or defaults for a plain folder of TEI)
    encode    sources without a TEI document yet (existing TEI is the editors' master copy)
    validate  every document; an invalid one stops the build before anything is written
    publish   the stages installed so far, into a temporary folder swapped in at the end
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from lxml import etree

from variorum.authority import NameIndex, load_registry
from variorum.config import Edition, find_edition
from variorum.diagnostics import EXIT_INVALID, EXIT_OK, UsageError
from variorum.encode import encode_bytes
from variorum.xmlio import parse_xml, serialize_tei, write_atomic


def say(message: str) -> None:
    print(message, file=sys.stderr)


def encode_new_sources(edition: Edition) -> list[Path]:
    """Encode each source that has no TEI document yet; never touch an existing one."""
    sources = sorted(edition.sources_dir.glob("*.txt")) if edition.sources_dir.is_dir() else []
    missing = [s for s in sources if not (edition.tei_dir / f"{s.stem}.xml").exists()]
    if missing:
        registry = load_registry([edition.authority_dir] if edition.authority_dir.is_dir() else [])
        index = NameIndex(registry)
        for source in missing:
            write_atomic(edition.tei_dir / f"{source.stem}.xml", encode_bytes(source.read_bytes(), str(source), registry, index))
    return missing


def documents(edition: Edition) -> list[Path]:
    """The edition's TEI documents (registers aside)."""
    if not edition.tei_dir.is_dir():
        return []
    return sorted(p for p in edition.tei_dir.glob("*.xml") if p.is_file())


def build(edition_dir: Path, out: Path, tei_all: Path | None = None, pdf: bool = True) -> int:
    if not edition_dir.is_dir():
        raise UsageError(f"no such edition folder: {edition_dir}")
    edition = find_edition(edition_dir) or Edition(root=edition_dir, tei=".", sources="sources")
    # encode: new sources only
    encoded = encode_new_sources(edition)
    say(f"encode: {len(encoded)} new source(s) encoded" + (f": {', '.join(p.name for p in encoded)}" if encoded else ""))
    # validate: every document, before anything is written
    paths = documents(edition)
    from variorum.validate import run_validate

    status = run_validate(paths, tei_all=tei_all, report_format="text", stream=sys.stderr)
    if status != EXIT_OK:
        say("build stopped: fix the errors above; the previous output is unchanged")
        return EXIT_INVALID
    say(f"validate: {len(paths)} document(s) valid")
    # publish: the TEI behind each page (the web and print stages come with their issues)
    _publish(paths, out)
    say(f"publish: {len(paths)} TEI document(s) copied to {out}/tei/ (web and PDF editions: not built yet)")
    return EXIT_OK


def _publish(paths: list[Path], out: Path) -> None:
    """Write the site into a temporary folder beside OUT, then swap it in."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        (staging / "tei").mkdir()
        for path in paths:
            shutil.copyfile(path, staging / "tei" / path.name)
        old = out.with_name(f".{out.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
