"""What an incremental build may take from the previous one: content hashes, kept beside the output.

A build into OUT keeps `.OUT.cache/` beside it (as `.OUT.lock`): `state.json`
says which site it describes (the output folder's inode: the swap puts
another folder there each build), the fingerprint of everything that changes
every page and the digests of the register entries; `records.jsonl` a record
per document (with a digest of each of its standOff copies, for the register
check, and the stat key of its file), `indexed/` what the index pages take
of each, in one pack a build (a line a document: an entry changed writes one
file, not one a naming document), `entries.json` and `entries/` the index
pages' entries (variorum.render.entries: each entry's HTML in a file of its
own, named by its content) and `spare/` the site before the previous one
(`BuildCache`). The next build compares, by content:

| what changed                                          | what is made again |
|-------------------------------------------------------|--------------------|
| the fingerprint: variorum's own code, xslt/, site_templates/ (the package's and the edition's), schema/, edition.toml, --no-pdf, --tei-all, SOURCE_DATE_EPOCH, a preview | everything (the cache is not used) |
| a document's bytes (sha256), or its id                | its page, TEI copy and PDF; what depends on it (home, the index entries whose names or headings in it changed, bibliography, search, edition.pdf) |
| the original a translation is shown beside (its bytes) | the translation's page and views |
| the translations that point at an original (their ids, titles) | the original's page (its links to their views) |
| a register entry a document names or copies (the digest of the entry) | that document's heading of it (from the registers alone, made once for all documents; the document is read again only for an entry the registers no longer have, or a URI) and standOff check (from the digests of its copies in its record), its entry on the index page (from the documents naming it alone), edition.pdf; not its page, which does not show registers |
| nothing                                               | nothing: unchanged files taken from the previous site (an index page too, unless an entry on it changed) |

Content hashes, not timestamps, say whether a document changed. A file's stat
(`stat_key`: size, modification and change times, inode) is kept with the hash
made of its bytes, only as a cache of that hash: a file whose stat is the one
kept is not read for it; any other stat, or none kept, and the hash is made
again from the bytes (a file touched but the same is then taken as it was; a
file changed to other bytes of the same size with its modification time set
back has another change time). A file changed less than two seconds before the
build keeps no stat: a second change within one tick of a coarse clock could
leave it the same.

An index page is its entries in order (by label; of one label, as first named
in the edition's files) with the map of their places: an entry changed is
made again, merged from the documents naming it (their records depend on
it), the others are taken as kept, and the page put together from them; an
entry no document names any more is gone, one named for the first time
added.

The new site is put together in `spare/` of the cache, the site before the
previous one (`assemble`): the files this build made are moved in, and of the
files it takes from the previous site only those the spare does not hold
already (the same inode: they share every file that neither build changed)
are hard-linked, so that one document changed costs its own files, not a
link for each of the site's. The spare is then exchanged with OUT in one
step (`pipeline.staging`: a killed build leaves the previous site whole,
which is never written to, only linked) and holds the previous site, for
the next build. After a whole build the spare is made the site's twin. Kept
diagnostics are said again, so an incremental build says what a clean one
says. A cache that does not describe the site in OUT (removed, made by
another version, or of another format: `FORMAT`) is ignored; a pack that
does not hold what its records say stops the build, and the next one makes
everything.

What one changed document costs at 10,000 (scripts/bench_build.py
--incremental 10000: about 1.0 s in the process, 1.3-1.6 s as the command,
as much processor time): a stat of every document (in a thread, while the
build starts; only the changed one is read and hashed), reading the records
(0.15 s; a summary is made from its JSON only when asked for), listing the TEI, the site and the spare, compiling html.xsl (0.14 s;
saxonche holds the interpreter while it compiles, so a thread would not hide
it) for its own page, and the one part of the search index that holds its
line; nothing a file of the site. What one register entry costs beyond that:
for each document naming it, its index data read, headed again and written
(about 0.5 ms), and its entry made again from them (Yalta, 6,815 documents:
some 0.5 s); the other entries of its page are the ones kept.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from variorum import __version__
from variorum.authority import Registry
from variorum.diagnostics import Diagnostic, UsageError
from variorum.document import DocumentSummary, IndexHeading, TeiDocument
from variorum.render.page import NameOccurrence
from variorum.render.pdf import PrintedDocument
from variorum.render.entries import EntryPart, IndexedDocument
from variorum.resources import resource_dir
from variorum.xmlio import write_atomic

FORMAT = 4  # of state.json and the records: a cache of another format is not read (4: the files' stat keys)
PACKAGE = Path(__file__).resolve().parent
ALL_REGISTERS = "*"  # the dependency of a document that names an entity by URI: every register entry


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


STAT_MARGIN_NS = 2_000_000_000  # a file changed this recently may change again within the same tick of its clock


def stat_key(path: Path, now_ns: int) -> str:
    """What the system says of a file without reading it (size, modification and change times, inode), kept with
    its content hash as a cache of it: a file whose key is the one kept is not read for its hash again; any other
    key, or none, and the hash is made from its bytes. "" (no key: hashed every time) for a file changed less than
    two seconds before `now_ns`, which a change within the same tick of a coarse clock could leave unchanged."""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    if max(stat.st_mtime_ns, stat.st_ctime_ns) > now_ns - STAT_MARGIN_NS:
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


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


def dependencies(keys, copies) -> list[str]:
    """The register entries a document's index headings and standOff check (its `copies`, as
    `refresh.copy_shapes` gives them) depend on (their digests, of this build and the previous one, are kept
    once for all documents: `BuildCache.registers`)."""
    keys = set(keys)
    uris = {key for key in keys if is_uri(key)}
    return sorted((keys - uris) | {entity_id for entity_id, _, _ in copies if entity_id} | ({ALL_REGISTERS} if uris else set()))


def is_uri(key: str) -> bool:
    return key.startswith(("http://", "https://"))


class RegisterHeadings:
    """The index headings the edition's registers give, each made once a build: the heading of an entity the
    registers hold is theirs alone (they come first), so neither the document nor its own lists are read for it."""

    def __init__(self, registers: Registry | None):
        self.registers = registers
        self._model = TeiDocument("", "", None, Registry(), registers=registers)  # no text, no lists of its own
        self._made: dict[str, IndexHeading] = {}

    def answers(self, key: str) -> bool:
        return self.registers is not None and not is_uri(key) and key.strip().removeprefix("#") in self.registers.entities

    def heading(self, key: str, kind: str, form: str) -> IndexHeading:
        if key not in self._made:  # of an entity found, the heading does not depend on the name's kind or form
            self._made[key] = self._model.heading(key, kind, form)
        return self._made[key]


def _renamed(indexed, changed: set[str]) -> list[NameOccurrence]:
    """The names of a document whose heading changed entries give (every URI's, when any entry changed)."""
    return [name for name in indexed.names if (ALL_REGISTERS if is_uri(name.key) else name.key) in changed]


def needs_document(indexed, changed: set[str], registers: RegisterHeadings) -> bool:
    """Whether the document must be read again for its headings: a name of a changed entry the registers have not
    (removed from them, or a URI)."""
    return any(not registers.answers(name.key) for name in _renamed(indexed, changed))


def headings_again(indexed, changed: set[str], registers: RegisterHeadings, document: TeiDocument | None) -> dict[str, IndexHeading]:
    """A document's index headings (web or print: `indexed` has names and headings) once register entries
    changed: those of the `changed` entries made again, from the registers where they have the entry, else
    from the `document` (`needs_document`); the others as they were."""
    headings = dict(indexed.headings)
    for name in _renamed(indexed, changed):  # in their order: of a key named twice, the last name's heading (as at first)
        model = registers if registers.answers(name.key) else document
        headings[name.key] = model.heading(name.key, name.kind, name.form)
    return headings


def index_changes(before: IndexedDocument | None, after: IndexedDocument | None) -> tuple[set[str], bool]:
    """What differs between what the index pages took of a document then and now: the entities whose entries
    it changes (its names of them or its heading of them; all it names when its summary changed, it came or
    went), and whether the bibliography's entries it is in changed."""
    if before is None or after is None or before.summary != after.summary:
        return ({name.key for one in (before, after) if one for name in one.names},
                any(one.sources for one in (before, after) if one))
    def occurrences(indexed):
        found: dict[str, list] = {}
        for name in indexed.names:
            found.setdefault(name.key, []).append(name)
        return found
    then, now = occurrences(before), occurrences(after)
    keys = {key for key in then.keys() | now.keys()
            if then.get(key) != now.get(key) or before.headings.get(key) != after.headings.get(key)}
    return keys, before.sources != after.sources


# ------------------------------------------------------------------ records


def _heading(data: dict) -> IndexHeading:
    return IndexHeading(data["key"], data["kind"], data["label"], data["sort"], tuple(data["forms"]),
                        tuple(data["geo"]) if data["geo"] is not None else None,
                        tuple(tuple(pair) for pair in data["identifiers"]))


@dataclass
class DocumentRecord:
    """One document as the previous build made it: a line of records.jsonl. What the index pages take of
    it (`indexed`, the bulk of a record) is a line of a pack in indexed/ (the pack of the build that made
    it: one file a build, not one a document), read only when the index pages are made again (or its
    headings are)."""

    hash: str  # sha256 of its bytes
    id: str
    valid: bool
    diagnostics: list[Diagnostic]  # validation, rendering notes (not the register check: made each time)
    depends: list[str]  # the register entry ids its index headings and standOff check depend on
    copies: list[tuple[str | None, int | None, str]] | str  # its standOff copies (`shapes`), or their text as read
    stale_copies: list[tuple[str, int]]  # (entity id, line) of the copies that differed from their entries
    indexed: IndexedDocument | None  # None for an invalid document (or not read yet: `indexed_key`)
    printed: bool = False  # whether pdf/<id>.pdf was made (its record is in print/)
    indexed_key: str = ""  # the digest of `indexed`, "" for none
    indexed_at: str = ""  # where it is: "PACK:OFFSET:LENGTH" in indexed/PACK.jsonl; "" until this build's pack is written
    partner: str = ""  # a translation: the file of the original it is shown beside (documents/<id>~parallel.html)
    translations: str = ""  # an original: the key of its translations in documents of their own (Site.translations_key)
    stat: str = ""  # the file's `stat_key` when `hash` was made ("" for none: hashed again next time)
    raw: str | None = field(default=None, init=False, repr=False, compare=False)  # its line as read, while unchanged
    home: str = field(default="", init=False, repr=False, compare=False)
    _summary: dict | None = field(default=None, init=False, repr=False, compare=False)  # its summary's JSON
    _summary_read: DocumentSummary | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.indexed is not None:
            self.index(self.indexed)

    def index(self, indexed: IndexedDocument, summary: dict | None = None) -> None:
        """What the index pages take of it, as this build made it (`summary`: its summary's JSON, when known)."""
        self.indexed, self._summary_read = indexed, indexed.summary
        data = indexed_to_json(indexed, summary)
        self._indexed_json = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        self.indexed_key = digest(self._indexed_json)
        self.indexed_at = ""  # in the pack of this build, once written (`BuildCache.save`)
        self._summary = data["summary"]
        self.home = digest(json.dumps(self._summary, ensure_ascii=False))  # what the home page takes of it

    @property
    def summary(self) -> DocumentSummary | None:
        """What the home page takes of it (None for an invalid document), made from its JSON when first asked for:
        a one-document build asks for few of them."""
        if self._summary_read is None and self._summary is not None:
            self._summary_read = DocumentSummary.from_json(self._summary)
        return self._summary_read

    def keep_stat(self, key: str) -> None:
        """The file's stat key of this build: its line written again where it is another."""
        if key != self.stat:
            self.stat, self.raw = key, None

    def shapes(self) -> list[tuple[str | None, int | None, str]]:
        """Its standOff copies: (xml:id, line, digest of what the register check compares: `refresh.copy_shapes`)."""
        if isinstance(self.copies, str):  # read only when asked for: a record's longest field
            self.copies = [(entity_id or None, int(line) if line else None, shape)
                           for entity_id, line, shape in (copy.rsplit(":", 2) for copy in self.copies.split())]
        return self.copies

    def line(self, path: str) -> str:
        if self.raw is not None:  # unchanged: written as it was read
            return self.raw
        data = {"path": path, "hash": self.hash, "id": self.id, "valid": self.valid,
                "diagnostics": [vars(d) for d in self.diagnostics], "depends": " ".join(self.depends),
                "copies": self.copies if isinstance(self.copies, str) else " ".join(
                    f"{entity_id or ''}:{'' if line is None else line}:{shape}" for entity_id, line, shape in self.copies),
                "stale_copies": self.stale_copies, "printed": self.printed,
                "summary": self._summary, "indexed": self.indexed_key,
                "indexed_at": self.indexed_at, "home": self.home, "partner": self.partner, "translations": self.translations,
                "stat": self.stat}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_line(cls, line: str) -> tuple[str, "DocumentRecord"]:
        data = json.loads(line)
        record = cls(data["hash"], data["id"], data["valid"], [Diagnostic(**d) for d in data["diagnostics"]],
                     data["depends"].split(), data["copies"], [tuple(c) for c in data["stale_copies"]], None, data["printed"],
                     data["indexed"], data["indexed_at"], data["partner"], data["translations"], data["stat"])
        record.raw, record.home, record._summary = line, data["home"], data["summary"]
        return data["path"], record


def indexed_to_json(indexed: IndexedDocument, summary: dict | None = None) -> dict:
    return {"summary": summary or indexed.summary.to_json(), "names": [vars(name) for name in indexed.names],
            "headings": {key: vars(heading) for key, heading in indexed.headings.items()},
            "sources": indexed.sources}


def indexed_from_json(data: dict) -> IndexedDocument:
    return IndexedDocument(DocumentSummary.from_json(data["summary"]), [NameOccurrence(**name) for name in data["names"]],
                           {key: _heading(h) for key, h in data["headings"].items()}, [tuple(source) for source in data["sources"]])


def pages_key(records: list[DocumentRecord]) -> dict[str, str]:
    """Digests of everything the home page (`home`) and the index pages and bibliography (`indexes`) show,
    in the edition's files' order."""
    return {"home": digest(*(f"{record.id}:{record.home}" for record in records)),
            "indexes": digest(*(f"{record.id}:{record.indexed_key}" for record in records))}


def printed_to_json(printed: PrintedDocument) -> dict:
    return asdict(printed)


def printed_from_json(data: dict) -> PrintedDocument:
    return PrintedDocument(DocumentSummary.from_json(data["summary"]), data["section"], [tuple(s) for s in data["sources"]],
                           [NameOccurrence(**n) for n in data["names"]], {k: _heading(h) for k, h in data["headings"].items()},
                           data["name_pages"], data["pages"], data.get("section_pages", 0), data.get("layouts", 1),
                           data.get("settled", True), tuple(data.get("line_pages", ())), data.get("notes", 0),
                           margin=tuple(tuple(tuple(number) for number in page) for page in data.get("margin", ())),
                           first_page=data.get("first_page", 0), starts_left=data.get("starts_left", False),
                           layer=data.get("layer", ""), keys=data.get("keys", {}),
                           misplaced=tuple(tuple(pages) for pages in data.get("misplaced", ())),
                           overfull=tuple(data.get("overfull", ())))


def _identity(site: os.stat_result) -> list[int]:
    """Which folder a site is: the swap makes a new one each build (an inode may be reused; with its ctime, not soon)."""
    return [site.st_dev, site.st_ino, site.st_ctime_ns]


@dataclass
class BuildCache:
    """The records of the previous build into OUT, and those of this one as it goes.

    .OUT.cache/state.json    which site, the fingerprint, the register entries' digests, the pages' keys
    .OUT.cache/records.jsonl a line per document (`DocumentRecord`), unchanged lines written back as read
    .OUT.cache/indexed/      what the index pages take of each document: a pack (a line a document) a build, read lazily
    .OUT.cache/print/        the print edition's record of each printed document
    """

    folder: Path  # .OUT.cache/
    fingerprint: str
    previous: dict[str, DocumentRecord] = field(default_factory=dict)  # by the document's path
    previous_site: Path | None = None  # the site those records describe, when it is whole
    edition_pdf: dict | None = None  # the key of the previous edition.pdf (all its inputs) and its pages
    pages: dict | None = None  # the pages_key of the previous home, index pages and bibliography
    registers: dict[str, str] = field(default_factory=dict)  # the register entries' digests then (entry_digests)
    records: dict[str, DocumentRecord] = field(default_factory=dict)
    _listed: dict[str, set[str] | None] = field(default_factory=dict)  # a folder of the previous site -> its names
    _views: dict[str, list[str]] | None = None  # a document id -> its views in the previous site
    _packs: dict[str, bytes] = field(default_factory=dict)  # the packs of indexed/ read

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
            with open(cache.folder / "records.jsonl", encoding="utf-8") as lines:
                cache.previous = dict(DocumentRecord.from_line(line) for line in lines)
            if len(cache.previous) != state["documents"]:  # cut short
                raise ValueError("records.jsonl is not whole")
        except (OSError, KeyError, TypeError, ValueError, AttributeError):  # a cache we cannot read is no cache
            cache.previous = {}
            return cache
        cache.previous_site = out
        cache.edition_pdf = state.get("edition_pdf")
        cache.pages = state.get("pages")
        cache.registers = state.get("registers") or {}
        return cache

    def changed_entries(self, digests: dict[str, str]) -> set[str]:
        """The register entries whose digest is not what it was (added and removed ones too)."""
        return {key for key in self.registers.keys() | digests.keys() if self.registers.get(key) != digests.get(key)}

    def known_hash(self, path: str, key: str) -> str | None:
        """The content hash the previous build made of a file whose stat key is still the one it kept, else None."""
        record = self.previous.get(path)
        return record.hash if key and record is not None and record.stat == key else None

    def unchanged(self, path: str, doc_id: str, content: str) -> DocumentRecord | None:
        """The previous record of a document whose bytes and id are the same, if its files are all there."""
        record = self.previous.get(path)
        if record is None or record.hash != content or record.id != doc_id:
            return None
        if record.printed and not (self.print_folder / f"{record.hash}-{record.id}.json").is_file():
            return None
        if record.indexed_key and not (self.has(document_files(record.id, record.printed)) and self._has_indexed(record)):
            return None
        return record

    def _names(self, folder: str) -> set[str]:
        """The names in one folder of the previous site, listed once (a stat per file is slow at 10,000)."""
        if folder not in self._listed:
            try:
                self._listed[folder] = set(os.listdir(self.previous_site / folder))
            except OSError:
                self._listed[folder] = set()
        return self._listed[folder]

    def view_files(self, doc_id: str) -> list[str]:
        """The previous site's views of a document (documents/<id>~<view>.html: variorum.render.site.View)."""
        if self._views is None:
            self._views = {}
            for name in sorted(self._names("documents")):
                if "~" in name:
                    self._views.setdefault(name.split("~", 1)[0], []).append(f"documents/{name}")
        return self._views.get(doc_id, [])

    def partner_changed(self, record: DocumentRecord) -> bool:
        """Whether the original a translation is shown beside is not what it was in the previous build."""
        if not record.partner:
            return False
        before = self.previous.get(record.partner)
        try:
            return before is None or before.hash != digest(Path(record.partner).read_bytes())
        except OSError:
            return True

    def has(self, names) -> bool:
        """Whether the previous site holds all these files (or folders)."""
        if self.previous_site is None:
            return False
        for name in names:
            folder, _, base = name.rpartition("/")
            if base not in self._names(folder):
                return False
        return True

    @property
    def spare(self) -> Path:
        """The site before the one in OUT (or its twin, after a whole build): where the next build makes its site."""
        return self.folder / "spare"

    @property
    def print_folder(self) -> Path:
        return self.folder / "print"

    @property
    def indexed_folder(self) -> Path:
        return self.folder / "indexed"

    @property
    def templates_folder(self) -> Path:
        """The site's Jinja2 templates compiled (kept whatever the fingerprint: Jinja2 checks each one's source)."""
        return self.folder / "templates"

    @property
    def entries_folder(self) -> Path:
        return self.folder / "entries"

    def entry_parts(self) -> dict[str, EntryPart] | None:
        """The entries of the index pages of the site in OUT (`variorum.render.entries`), each one's HTML read from its
        file when asked for; None when the cache does not hold them all."""
        try:
            listed = json.loads((self.folder / "entries.json").read_text(encoding="utf-8"))
            have = set(os.listdir(self.entries_folder))
            parts = {}
            for data in listed:
                name = data["html"]
                if name not in have:
                    return None
                parts[data["key"]] = EntryPart(data["key"], data["kind"], data["label"], tuple(data["geo"]) if data["geo"] else None,
                                               tuple(data["first"]), data["forms"], data["documents"],
                                               lambda name=name: (self.entries_folder / name).read_text(encoding="utf-8"), stored=name)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return parts

    def _keep_entry_parts(self, parts: dict[str, EntryPart]) -> None:
        """This build's entries of the index pages: the HTML of each made by it in a file named by its content."""
        self.entries_folder.mkdir(parents=True, exist_ok=True)
        listed = []
        for key in sorted(parts):
            part = parts[key]
            if not part.stored:
                text = str(part.text())
                part.stored = f"{digest(text)}.html"
                _write_unsynced(self.entries_folder / part.stored, text.encode("utf-8"))
            listed.append({"key": part.key, "kind": part.kind, "label": part.label, "geo": part.geo, "first": part.first,
                           "forms": part.forms, "documents": part.documents, "html": part.stored})
        write_atomic(self.folder / "entries.json", json.dumps(listed, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    @cached_property
    def _kept_indexed(self) -> set[str]:
        try:
            return set(os.listdir(self.indexed_folder))
        except OSError:
            return set()

    def _has_indexed(self, record: DocumentRecord) -> bool:
        pack, _, _ = record.indexed_at.partition(":")
        return bool(pack) and f"{pack}.jsonl" in self._kept_indexed

    def indexed(self, record: DocumentRecord) -> IndexedDocument:
        """What the index pages take of a document of the previous build (read from its pack once: a pack is
        read whole the first time one of its lines is asked for)."""
        if record.indexed is None:
            pack, offset, length = record.indexed_at.split(":")
            if pack not in self._packs:
                self._packs[pack] = (self.indexed_folder / f"{pack}.jsonl").read_bytes()
            data = self._packs[pack][int(offset):int(offset) + int(length)]
            if digest(data.decode("utf-8", "replace")) != record.indexed_key:  # changed since it was written
                (self.folder / "state.json").unlink(missing_ok=True)  # the next build makes everything
                raise UsageError(f"the build's cache is damaged ({self.indexed_folder / pack}.jsonl does not hold what "
                                 f"its records say); it is set aside: run the build again")
            record.indexed = indexed_from_json(json.loads(data))
        return record.indexed

    def printed(self, record: DocumentRecord) -> PrintedDocument:
        return printed_from_json(json.loads((self.print_folder / f"{record.hash}-{record.id}.json").read_text(encoding="utf-8")))

    def keep_printed(self, record: DocumentRecord, printed: PrintedDocument) -> None:
        write_atomic(self.print_folder / f"{record.hash}-{record.id}.json",
                     json.dumps(printed_to_json(printed), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def save(self, out: Path, edition_pdf: dict | None, registers: dict[str, str], parts: dict[str, EntryPart] | None) -> None:
        """After the swap: the records of the site now in OUT, what the index pages take of the documents this
        build made (or headed again) in one pack, the index pages' entries where this build made them (`parts`;
        None: they are the previous build's); print records, packs and entries no longer used removed.
        state.json goes last: until it names the new site, the cache describes none."""
        (self.folder / "state.json").unlink(missing_ok=True)
        if parts is not None:
            self._keep_entry_parts(parts)
        self.indexed_folder.mkdir(parents=True, exist_ok=True)
        new = [record for record in self.records.values() if record.indexed_key and not record.indexed_at]
        if new:  # one file for all, named by its content: a build that changed 6,815 documents' headings wrote 6,815 files
            lines, offset = [], 0
            for record in new:
                line = record._indexed_json.encode("utf-8")
                lines.append(line)
                record.indexed_at, offset = f":{offset}:{len(line)}", offset + len(line) + 1
            data = b"\n".join(lines) + b"\n"
            pack = digest(data)
            _write_unsynced(self.indexed_folder / f"{pack}.jsonl", data)
            for record in new:
                record.indexed_at = pack + record.indexed_at
        write_atomic(self.folder / "records.jsonl", "".join(r.line(path) for path, r in self.records.items()).encode("utf-8"))
        state = {"format": FORMAT, "fingerprint": self.fingerprint, "site": _identity(os.stat(out.resolve())),
                 "edition_pdf": edition_pdf, "pages": pages_key(list(self.records.values())), "registers": registers,
                 "documents": len(self.records)}
        write_atomic(self.folder / "state.json", json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        entries = {part.stored for part in parts.values()} if parts is not None else None
        for folder, kept in ((self.print_folder, {f"{r.hash}-{r.id}.json" for r in self.records.values() if r.printed}),
                             (self.indexed_folder, {f"{r.indexed_at.partition(':')[0]}.jsonl" for r in self.records.values() if r.indexed_at}),
                             (self.entries_folder, entries)):
            if kept is None:  # not read by this build: as the previous one left it
                continue
            if folder.is_dir():
                for name in set(os.listdir(folder)) - kept:
                    os.unlink(folder / name)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _write_unsynced(path: Path, data: bytes) -> None:
    """A file of the cache named by its content: written whole then renamed (a killed build leaves no half of
    one), but not synced to the disk one by one as `write_atomic` does, which a full build of 10,000 would wait for."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


# ------------------------------------------------------------------ the previous site


def document_files(doc_id: str, pdf: bool) -> list[str]:
    """The files of the site that belong to one document (not its page images: `document_folders`)."""
    return [f"documents/{doc_id}.html", f"tei/{doc_id}.xml"] + ([f"pdf/{doc_id}.pdf"] if pdf else [])


def document_folders(doc_id: str) -> list[str]:
    """The folders of the site that belong to one document, where it has them: its page images."""
    return [f"facsimile/{doc_id}"]


def site_files(folder: Path) -> tuple[dict[str, int], set[str]]:
    """What a folder holds, by path inside it: each file (any entry not a folder; a link is not followed) with its
    inode, and the folders. Listed with scandir, whose entries know their kind and inode: no stat a file."""
    files: dict[str, int] = {}
    folders: set[str] = set()
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            entries = os.scandir(os.path.join(folder, prefix))
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(name)
                    pending.append(name + "/")
                else:
                    files[name] = entry.inode()
    return files, folders


def assemble(spare: Path, fresh: Path | None, previous: Path, names, folders=()) -> None:
    """Make `spare` the new site, writing only where it differs: the files this build made (in `fresh`) moved in;
    those of the previous site (`previous`, the one in OUT) it takes again, `names` and every file below `folders`
    (a document's page images; a name the previous site has not: nothing), hard-linked where the spare has another
    file (another inode) or none, copied where links cannot be made; anything else in the spare removed.

    The spare may be in any state (as a rule the site before the previous one, which shares most files with it; or
    left half made by a killed build): what it holds is kept only where it is the previous site's very file. Only
    the spare and `fresh` are written to: the previous site's files are linked, never opened for writing, and a
    name of the spare is replaced by unlinking it, never by writing into the file it names."""
    os.makedirs(spare, exist_ok=True)
    live, _ = site_files(previous)
    have, have_folders = site_files(spare)
    made, wanted_folders = site_files(fresh) if fresh is not None else ({}, set())
    wanted: dict[str, Path] = dict.fromkeys(made, fresh)  # the new site's files -> the folder each comes from
    below = tuple(f"{folder}/" for folder in folders)
    for name in [*names, *(name for name in live if below and name.startswith(below))]:
        if name in live and name not in wanted:
            wanted[name] = previous
    parents = {name.rpartition("/")[0] for name in wanted}  # a few folders for 20,000 files
    for parent in parents:
        while parent and parent not in wanted_folders:
            wanted_folders.add(parent)
            parent = parent.rpartition("/")[0]
    for name in have.keys() - wanted.keys():
        os.unlink(os.path.join(spare, name))
    for name in sorted(have_folders - wanted_folders, reverse=True):  # a folder's before the folder
        shutil.rmtree(os.path.join(spare, name), ignore_errors=True)
    for name in sorted(wanted_folders - have_folders):
        os.makedirs(os.path.join(spare, name), exist_ok=True)
    spare_, fresh_, previous_ = (f"{folder}/" for folder in (spare, fresh, previous))
    for name in made:
        os.replace(fresh_ + name, spare_ + name)
    for name, source in wanted.items():
        if source is previous and have.get(name) != live[name]:
            if name in have:
                os.unlink(spare_ + name)
            try:
                os.link(previous_ + name, spare_ + name)
            except OSError:
                shutil.copy2(previous_ + name, spare_ + name)


SEARCH_LINE = re.compile(r'\{"id": "([^"\\]*)"')


def previous_search_lines(previous: Path | None) -> dict[str, str]:
    """Document id -> its line of the previous site's search index (static/search-index.js, one line a document)."""
    if previous is None:
        return {}
    try:
        with open(previous / "static" / "search-index.js", encoding="utf-8", newline="\n") as index:
            lines = list(index)  # at "\n" only: a text may hold U+2028, which splitlines would cut at
    except OSError:
        return {}
    return {match.group(1): line for line in lines if (match := SEARCH_LINE.match(line))}


def copy_diagnostics(record: DocumentRecord, file: str, registers: Registry) -> list[Diagnostic]:
    """The register check of a document, said again with the registers' positions of now."""
    from variorum.refresh import RULE, stale_message

    return [Diagnostic(file, line, None, "warning", RULE, stale_message(registers.entities[entity_id], file))
            for entity_id, line in record.stale_copies if entity_id in registers.entities]

