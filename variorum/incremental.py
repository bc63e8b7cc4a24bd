"""What an incremental build may take from the previous one: content hashes, kept beside the output.

A build into OUT keeps `.OUT.cache/` beside it (as `.OUT.lock`): `state.json`
says which site it describes (the output folder's inode: the staging swap
makes a new folder each build), the fingerprint of everything that changes
every page, and a record per document. The next build compares, by content:

| what changed                                          | what is made again |
|-------------------------------------------------------|--------------------|
| the fingerprint: variorum's own code, xslt/, site_templates/ (the package's and the edition's), schema/, edition.toml, --no-pdf, --tei-all, SOURCE_DATE_EPOCH, a preview | everything (the cache is not used) |
| a document's bytes (sha256), or its id                | its page, TEI copy and PDF; what depends on it (home, index pages, bibliography, search, edition.pdf) |
| a register entry a document names or copies (the digest of the entry) | that document's index headings and standOff check (its page does not show registers), the index pages, edition.pdf |
| nothing                                               | nothing: the index pages are made again from the records, unchanged files linked from the previous site |

Unchanged documents' files are hard-linked from the previous site into the
staging folder (the swap of `pipeline.staging` stays: a killed build leaves
the previous site whole). Their diagnostics are kept in the record and said
again, so an incremental build says what a clean one says. A cache that does
not describe the site in OUT (removed, or made by another version) is ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from variorum import __version__
from variorum.authority import Registry
from variorum.diagnostics import Diagnostic
from variorum.document import DocumentSummary, IndexHeading
from variorum.render.page import NameOccurrence
from variorum.render.pdf import PrintedDocument
from variorum.render.site import IndexedDocument
from variorum.resources import resource_dir
from variorum.xmlio import write_atomic

FORMAT = 1  # of state.json: a cache of another format is not read
PACKAGE = Path(__file__).resolve().parent
ALL_REGISTERS = "*"  # the dependency of a document that names an entity by URI: every register entry


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def _tree_digest(folder: Path, suffixes: tuple[str, ...] | None = None) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and (suffixes is None or p.suffix in suffixes))
    return digest(*(part for p in files for part in (str(p.relative_to(folder)), p.read_bytes())))


def fingerprint(edition_root: Path, settings: dict) -> str:
    """Everything that changes every page: the toolchain, its templates and schemas, the edition's settings."""
    parts = [__version__, json.dumps(settings, sort_keys=True), _tree_digest(PACKAGE, (".py",))]
    parts += [_tree_digest(resource_dir(name)) for name in ("xslt", "site_templates", "schema")]
    own_templates = edition_root / "site_templates"
    parts.append(_tree_digest(own_templates) if own_templates.is_dir() else "")
    config = edition_root / "edition.toml"
    parts.append(config.read_bytes() if config.is_file() else b"")
    return digest(*parts)


def entry_digests(registers: Registry) -> dict[str, str]:
    """Register entry id -> a digest of what it says (not where: moving an entry changes nothing)."""
    found = {}
    for entity in registers.entities.values():
        details = [etree.tostring(detail) for detail in entity.details]
        found[entity.id] = digest(repr((entity.kind, entity.regular, entity.variants, entity.geo, entity.identifiers,
                                        entity.sort)), *details)
    found[ALL_REGISTERS] = digest(*sorted(found.values()))
    return found


def dependencies(keys, copies, digests: dict[str, str]) -> dict[str, str | None]:
    """The register entries a document's index headings and standOff check depend on, with their digests now."""
    keys = set(keys)
    uris = {key for key in keys if key.startswith(("http://", "https://"))}
    wanted = (keys - uris) | set(copies) | ({ALL_REGISTERS} if uris else set())
    return {key: digests.get(key) for key in sorted(wanted)}


# ------------------------------------------------------------------ records


def _heading(data: dict) -> IndexHeading:
    return IndexHeading(data["key"], data["kind"], data["label"], data["sort"], tuple(data["forms"]),
                        tuple(data["geo"]) if data["geo"] is not None else None,
                        tuple(tuple(pair) for pair in data["identifiers"]))


@dataclass
class DocumentRecord:
    """One document as the previous build made it."""

    hash: str  # sha256 of its bytes
    id: str
    valid: bool
    diagnostics: list[Diagnostic]  # validation, rendering notes (not the register check: made each time)
    depends: dict[str, str | None]  # register entry id -> its digest then (None: not in the registers)
    copies: list[str]  # the ids of its standOff copies
    stale_copies: list[tuple[str, int]]  # (entity id, line) of the copies that differed from their entries
    indexed: IndexedDocument | None  # None for an invalid document
    printed: bool = False  # whether pdf/<id>.pdf was made (its record is in print/)
    raw: dict | None = field(default=None, init=False, repr=False, compare=False)  # as read, while unchanged

    @property
    def contribution(self) -> str:
        """A digest of what the home page, index pages and bibliography take of the document."""
        if self.raw is not None:
            return self.raw["contribution"]
        return digest(json.dumps(indexed_to_json(self.indexed), ensure_ascii=False)) if self.indexed else ""

    def to_json(self) -> dict:
        if self.raw is not None:  # unchanged: written as it was read
            return self.raw
        return {"hash": self.hash, "id": self.id, "valid": self.valid, "diagnostics": [vars(d) for d in self.diagnostics],
                "depends": self.depends, "copies": self.copies, "stale_copies": self.stale_copies,
                "indexed": indexed_to_json(self.indexed) if self.indexed else None, "printed": self.printed,
                "contribution": self.contribution}

    @classmethod
    def from_json(cls, data: dict) -> "DocumentRecord":
        indexed = data["indexed"]
        if indexed is not None:
            indexed = IndexedDocument(DocumentSummary.from_json(indexed["summary"]),
                                      [NameOccurrence(**name) for name in indexed["names"]],
                                      {key: _heading(h) for key, h in indexed["headings"].items()},
                                      [tuple(source) for source in indexed["sources"]])
        record = cls(data["hash"], data["id"], data["valid"], [Diagnostic(**d) for d in data["diagnostics"]],
                     data["depends"], data["copies"], [tuple(c) for c in data["stale_copies"]], indexed, data["printed"])
        record.raw = data
        return record


def indexed_to_json(indexed: IndexedDocument) -> dict:
    return {"summary": indexed.summary.to_json(), "names": [vars(name) for name in indexed.names],
            "headings": {key: vars(heading) for key, heading in indexed.headings.items()},
            "sources": indexed.sources}


def pages_key(records: list[DocumentRecord]) -> str:
    """A digest of everything the home page, the index pages and the bibliography show, in the edition's files' order."""
    return digest(*(f"{record.id}:{record.contribution}" for record in records))


def printed_to_json(printed: PrintedDocument) -> dict:
    return asdict(printed)


def printed_from_json(data: dict) -> PrintedDocument:
    return PrintedDocument(DocumentSummary.from_json(data["summary"]), data["section"], [tuple(s) for s in data["sources"]],
                           [NameOccurrence(**n) for n in data["names"]], {k: _heading(h) for k, h in data["headings"].items()},
                           data["name_pages"], data["pages"], data.get("section_pages", 0), data.get("layouts", 1),
                           data.get("settled", True), tuple(data.get("line_pages", ())))


def _identity(site: os.stat_result) -> list[int]:
    """Which folder a site is: the swap makes a new one each build (an inode may be reused; with its ctime, not soon)."""
    return [site.st_dev, site.st_ino, site.st_ctime_ns]


@dataclass
class BuildCache:
    """The records of the previous build into OUT, and those of this one as it goes."""

    folder: Path  # .OUT.cache/
    fingerprint: str
    previous: dict[str, DocumentRecord] = field(default_factory=dict)  # by the document's path
    previous_site: Path | None = None  # the site those records describe, when it is whole
    edition_pdf: dict | None = None  # the key of the previous edition.pdf (all its inputs) and its pages
    pages: str | None = None  # the pages_key of the previous home, index pages and bibliography
    records: dict[str, DocumentRecord] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path, fingerprint: str) -> "BuildCache":
        out = out.resolve()
        cache = cls(out.with_name(f".{out.name}.cache"), fingerprint)
        try:
            state = json.loads((cache.folder / "state.json").read_text(encoding="utf-8"))
            site = os.stat(out)
        except (OSError, ValueError):
            return cache
        if state.get("format") != FORMAT or state.get("fingerprint") != fingerprint or state.get("site") != _identity(site):
            return cache
        try:
            cache.previous = {path: DocumentRecord.from_json(record) for path, record in state["documents"].items()}
        except (KeyError, TypeError, ValueError):  # a cache we cannot read is no cache
            cache.previous = {}
            return cache
        cache.previous_site = out
        cache.edition_pdf = state.get("edition_pdf")
        cache.pages = state.get("pages")
        return cache

    def unchanged(self, path: str, doc_id: str, content: str) -> DocumentRecord | None:
        """The previous record of a document whose bytes and id are the same, if its files are all there."""
        record = self.previous.get(path)
        if record is None or record.hash != content or record.id != doc_id:
            return None
        if record.printed and not (self.print_folder / f"{record.hash}-{record.id}.json").is_file():
            return None
        if record.indexed is not None and not self.has(document_files(record.id, record.printed)):
            return None
        return record

    def has(self, names) -> bool:
        """Whether the previous site holds all these files."""
        return self.previous_site is not None and all((self.previous_site / name).is_file() for name in names)

    @property
    def print_folder(self) -> Path:
        return self.folder / "print"

    def printed(self, record: DocumentRecord) -> PrintedDocument:
        return printed_from_json(json.loads((self.print_folder / f"{record.hash}-{record.id}.json").read_text(encoding="utf-8")))

    def keep_printed(self, record: DocumentRecord, printed: PrintedDocument) -> None:
        write_atomic(self.print_folder / f"{record.hash}-{record.id}.json",
                     json.dumps(printed_to_json(printed), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def save(self, out: Path, edition_pdf: dict | None) -> None:
        """After the swap: the records of the site now in OUT; print records no longer used removed."""
        state = {"format": FORMAT, "fingerprint": self.fingerprint, "site": _identity(os.stat(out.resolve())),
                 "edition_pdf": edition_pdf, "pages": pages_key(list(self.records.values())),
                 "documents": {path: r.to_json() for path, r in self.records.items()}}
        write_atomic(self.folder / "state.json", json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        kept = {f"{r.hash}-{r.id}.json" for r in self.records.values() if r.printed}
        if self.print_folder.is_dir():
            for file in self.print_folder.iterdir():
                if file.name not in kept:
                    file.unlink(missing_ok=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# ------------------------------------------------------------------ the previous site


def document_files(doc_id: str, pdf: bool) -> list[str]:
    """The files of the site that belong to one document (not its page images: `document_folders`)."""
    return [f"documents/{doc_id}.html", f"tei/{doc_id}.xml"] + ([f"pdf/{doc_id}.pdf"] if pdf else [])


def document_folders(doc_id: str) -> list[str]:
    """The folders of the site that belong to one document, where it has them: its page images."""
    return [f"facsimile/{doc_id}"]


def link_unchanged(previous: Path, folder: Path, names: list[str]) -> None:
    """The previous site's files into the staging folder, as hard links (a copy where links cannot be made).
    Only files the new build has not written: a link is never written to, so the previous site stays whole."""
    for name in names:
        if (previous / name).is_dir():  # a document's folder (its page images): each file in it
            link_unchanged(previous, folder, sorted(str(p.relative_to(previous)) for p in (previous / name).rglob("*") if p.is_file()))
            continue
        target = folder / name
        if target.exists() or not (previous / name).exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(previous / name, target)
        except OSError:
            shutil.copy2(previous / name, target)


SEARCH_LINE = re.compile(r'\{"id": "([^"\\]*)"')


def previous_search_lines(previous: Path | None) -> dict[str, str]:
    """Document id -> its line of the previous site's search index (static/search-index.js, one line a document)."""
    if previous is None:
        return {}
    try:
        lines = (previous / "static" / "search-index.js").read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        return {}
    return {match.group(1): line for line in lines if (match := SEARCH_LINE.match(line))}


def copy_diagnostics(record: DocumentRecord, file: str, registers: Registry) -> list[Diagnostic]:
    """The register check of a document, said again with the registers' positions of now."""
    from variorum.refresh import RULE, stale_message

    return [Diagnostic(file, line, None, "warning", RULE, stale_message(registers.entities[entity_id], file))
            for entity_id, line in record.stale_copies if entity_id in registers.entities]

