"""build(): the whole edition, read top-down.

    read      edition.toml (or defaults, for a plain folder of TEI from anywhere), and the registers
    encode    the sources that have no TEI document yet (existing TEI is the editors' master copy;
              a preview encodes them into the site only)
    validate  every document, parsed once; an invalid document of the edition stops the build
              (a preview shows its errors where its page would be instead)
    render    the web edition (XSLT + Jinja2) and the print edition (XSLT + WeasyPrint),
              into a staging folder beside the output; what the previous build made of an
              unchanged document is taken from it (variorum.incremental)
    publish   swap the new site in: the previous site stays whole until then (an incremental build makes
              the new one in the site before the previous one, writing only what differs: variorum.incremental)
"""
from __future__ import annotations

import ctypes
import fcntl
import gc
import html
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from variorum.authority import NameIndex, Registry, document_registry, load_registry
from variorum.config import Edition, find_edition
from variorum.diagnostics import EXIT_INVALID, EXIT_OK, Diagnostic, Reporter, UsageError, VariorumError
from variorum.document import DocumentSummary, TeiDocument
from variorum.incremental import (ALL_REGISTERS, BuildCache, DocumentRecord, assemble, copy_diagnostics, dependencies, digest, document_files,
                                  document_folders, entry_digests, fingerprint, headings_again, index_changes, is_uri, needs_document, RegisterHeadings, pages_key, previous_search_lines, printed_to_json, site_files, stat_key)
from variorum.refresh import RegisterCopies, copy_shapes
from variorum.render.pdf import PRINT_TYPESET, PrintedDocument, PrintEdition
from variorum.render.print_keys import mark_print_lines
from variorum.render.page import INDEXES, unrendered_elements
from variorum.render.site import INDEX_FILES, SEARCH_FORMS, SEARCH_PART, Site
from variorum.render.xslt import Stylesheets
from variorum.sourcedate import source_date
from variorum.xmlio import _UMASK, TEI_NS, XmlFile, read_xml, resolved, write_atomic, xml_files


@dataclass(frozen=True)
class Job:
    """What to build: the edition, and whether it is ours (edition.toml) or a folder of foreign TEI."""

    edition: Edition
    foreign: bool


def read_job(edition_dir: Path) -> Job:
    if not edition_dir.is_dir():
        raise UsageError(f"no such edition folder: {edition_dir}")
    edition = find_edition(edition_dir)
    if edition is not None:
        return Job(edition, foreign=False)
    return Job(Edition(root=edition_dir.resolve(), title=edition_dir.resolve().name, tei="."), foreign=True)


def edition_registers(job: Job) -> Registry | None:
    """The edition's registers, the master of every entity (a folder of foreign TEI has none)."""
    if job.foreign:
        return None
    return load_registry([job.edition.authority_dir] if job.edition.authority_dir.is_dir() else [])


def foreign_registers(paths: list[Path]) -> tuple[Registry | None, str, dict[str, XmlFile]]:
    """The lists of a foreign folder's files that are registers only (no text: a places.xml kept beside the
    letters, as TEI Publisher does), which every document falls back on after its own; their digest (a change
    to one builds everything again: any page may name its entities); and those files parsed, so that
    publishing them does not parse them again."""
    shared, found, parsed = Registry(), [], {}
    for path in paths:
        data = path.read_bytes()
        if b"<text" in data or b":text" in data:
            continue
        try:
            document = read_xml(data, str(path))
            tei_already = document.root.tag.startswith("{" + TEI_NS)  # else reading its entities moves it into TEI
            entities = document_registry(document.strict().getroot(), str(path))
        except VariorumError:
            continue  # said when it is published
        if tei_already:
            parsed[str(path)] = document
        found.append(digest(data))
        for entity_id, entity in entities.entities.items():
            shared.entities.setdefault(entity_id, entity)
    return (shared if shared.entities else None), digest(*found), parsed


def encode_new_sources(edition: Edition, registers: Registry, write: bool = True) -> dict[Path, bytes]:
    """Encode each source that has no TEI document yet; never touch an existing one.
    Written into the TEI folder, or (a preview: `write=False`) only returned."""
    sources = sorted(os.listdir(edition.sources_dir)) if edition.sources_dir.is_dir() else []
    existing = set(os.listdir(edition.tei_dir)) if edition.tei_dir.is_dir() else set()  # one listing, not a stat a source
    missing = [edition.sources_dir / name for name in sources
               if name.endswith(".txt") and f"{os.path.splitext(name)[0]}.xml" not in existing]
    encoded: dict[Path, bytes] = {}
    if missing:
        from variorum.encode import encode_bytes  # its passes compile many patterns: only when there is a source to encode

        index = NameIndex(registers)
        for source in missing:
            encoded[edition.tei_dir / f"{source.stem}.xml"] = encode_bytes(source.read_bytes(), str(source), registers, index)
            if write:
                write_atomic(edition.tei_dir / f"{source.stem}.xml", encoded[edition.tei_dir / f"{source.stem}.xml"])
    return encoded


def document_paths(job: Job) -> list[Path]:
    """The documents to publish: the edition's tei/*.xml (registers aside, in tei/authority/), or every XML file of a foreign folder."""
    folder = job.edition.tei_dir
    return xml_files([folder], recursive=job.foreign) if folder.is_dir() else []


def document_ids(paths: list[Path]) -> dict[Path, str]:
    """A URL-safe, unique id per document, from its file name."""
    ids: dict[Path, str] = {}
    taken: set[str] = set()
    for path in paths:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "document"
        candidate, number = base, 2
        while candidate.casefold() in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate.casefold())
        ids[path] = candidate
    return ids


def stated_meanwhile(paths: list[Path]) -> Callable[[], dict[Path, str]]:
    """The `incremental.stat_key` of each file, taken in a thread of its own while the build starts (compiles its
    schemas, reads its cache). Gives the function that waits for them."""
    from concurrent.futures import ThreadPoolExecutor

    def stat_all() -> dict[Path, str]:
        now = time.time_ns()
        return {path: stat_key(path, now) for path in paths}

    pool = ThreadPoolExecutor(1)
    future = pool.submit(stat_all)
    pool.shutdown(wait=False)
    return future.result


@contextmanager
def kept_records() -> Iterator[Callable]:
    """Gives `keep(x)`: x, and every object made before it, lasts until the end of this block, and the cyclic
    garbage collector, off until then, leaves them alone (`gc.freeze`). At 10,000 documents the previous
    build's records are millions of objects, read at the start of a build and kept to its end; the full
    collections that went through them all again, as they were read and after, took a fifth of an
    incremental build's time."""
    def keep(kept):
        gc.freeze()
        gc.enable()
        return kept

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield keep
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


@contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """One build at a time into OUT: a lock file beside it (released by the system if a build dies)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.with_name(f".{out.name}.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"another build is writing {out} right now; wait for it to finish and run this one again") from None
        yield


@dataclass
class Stage:
    """Where a build writes: `fresh`, a new folder beside OUT, for the files it makes. A whole build's site is
    those; an incremental build's (`take`) those and the files it takes from the previous site, put together
    in `spare` (a folder of the cache: the site before the previous one, which shares most of its files)."""

    fresh: Path
    spare: Path
    previous: Path | None = None  # the site in OUT the build takes files from; None: a whole build
    names: list[str] = field(default_factory=list)  # the files it takes
    folders: list[str] = field(default_factory=list)  # and the folders whose files it takes

    def take(self, previous: Path, names: list[str], folders: list[str]) -> None:
        self.previous, self.names, self.folders = previous, names, folders


@contextmanager
def staging(out: Path, spare: Path) -> Iterator[Stage]:
    """A folder beside OUT to build in; on success the new site is swapped in, on failure the folder removed.

    A build killed at any moment leaves OUT as it was, and its staging folder behind, which the next build
    removes. A whole build's folder is the new site (the swap is one exchange of two folders, or two renames
    where the system has no exchange). An incremental build's new site is made in `spare` (`assemble`: only
    what differs is written there, OUT's files are linked, never written to) and exchanged with OUT; the
    previous site, now in `spare`, is where the next build makes its site."""
    out = out.resolve()
    for leftover in out.parent.glob(f".{out.name}.build-*"):  # what a killed build left
        shutil.rmtree(leftover, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    os.chmod(folder, 0o777 & ~_UMASK)  # mkdtemp makes 0700; a published site is readable like any folder
    stage = Stage(folder, spare)
    try:
        yield stage
        if stage.previous is not None:
            assemble(spare, folder, stage.previous, stage.names, stage.folders)  # the previous site stays whole
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    with _no_interruption():
        if stage.previous is not None:
            _swap_in(spare, out, keep=True)  # now holds the previous site
            shutil.rmtree(folder, ignore_errors=True)  # empty folders: its files were moved into the site
        else:
            _swap_in(folder, out)
            shutil.rmtree(spare, ignore_errors=True)  # what it shared with sites before, now gone


def keep_spare(spare: Path, out: Path) -> None:
    """After a whole build: the spare made the new site's twin (each file linked), so that the next build,
    incremental, writes there only what it changes."""
    if not spare.exists():
        assemble(spare, None, out, list(site_files(out)[0]))


@contextmanager
def _no_interruption() -> Iterator[None]:
    """Ctrl-C is ignored while the new site is swapped in and the old one removed:
    a build that got this far finishes, and leaves nothing behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


_RENAME_EXCHANGE = 2  # renameat2 flag (Linux): swap two paths in one step


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically where the system can (Linux renameat2); False where it cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    return renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _swap_in(folder: Path, out: Path, keep: bool = False) -> None:
    """Put the new site at OUT: one atomic exchange, so no moment exists without a whole site. The previous
    site is removed, or with `keep` left in `folder`."""
    if not out.exists():
        folder.rename(out)
        if keep:
            folder.mkdir()
    elif _exchange(folder, out):
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)  # now holds the previous site
    else:
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        folder.rename(out)
        if keep:
            old.rename(folder)
        else:
            shutil.rmtree(old, ignore_errors=True)


# A file that can point at another document has a corresp attribute or an alignment (not correspDesc, which
# every letter has): only such a file is parsed before the pages are made.
_MAY_POINT = re.compile(rb"""\bcorresp\s*=|alignment""")


def translations_of(ids: dict[Path, str], encoded: dict[Path, bytes], paths: dict[str, str],
                    known=lambda path: None, parsed: dict | None = None) -> dict[str, list[tuple[str, str]]]:
    """Each original's translations in documents of their own (TeiDocument.partner): its file -> (id, title) of
    each, so that its page links to their parallel views. `known(path)` answers for a document unchanged since
    the previous build, from its record ((title, the file it points at), or None); any other file is read,
    and only one that has a corresp attribute or an alignment is parsed (any other points at no document),
    its tree left in `parsed` (file -> XmlFile) for its page, so that no document is parsed twice."""
    pointing: dict[str, tuple[str, str, str]] = {}  # a file -> (its id, its title, the file it points at)
    for path, doc_id in ids.items():
        answer = known(path) if path not in encoded else None
        if answer is not None:
            title, original = answer
            if original and paths.get(original) not in (None, doc_id):
                pointing[resolved(path)] = (doc_id, title, original)
            continue
        data = encoded[path] if path in encoded else path.read_bytes()
        if not _MAY_POINT.search(data):
            continue
        try:
            document = read_xml(data, str(path))
        except VariorumError:
            continue  # said when it is published
        if parsed is not None:
            parsed[str(path)] = document
        model = TeiDocument(doc_id, str(path), document.root)
        original = resolved(path.parent / model.partner) if model.partner else ""
        if paths.get(original) not in (None, doc_id):
            pointing[resolved(path)] = (doc_id, model.title, original)
    found: dict[str, list[tuple[str, str]]] = {}
    for file, (doc_id, title, original) in pointing.items():
        if pointing.get(original, ("", "", ""))[2] == file and doc_id < paths[original]:
            continue  # two documents pointing at each other: the one whose id sorts first is the original
        found.setdefault(original, []).append((doc_id, title))
    return found


class BuildStopped(VariorumError):
    """An invalid document of the edition: nothing is published."""


def build(edition_dir: Path, out: Path, tei_all: Path | None = None, pdf: bool = True, reporter: Reporter | None = None,
          preview: bool = False) -> int:
    reporter = reporter or Reporter()
    job = read_job(edition_dir)  # read
    registers = edition_registers(job)
    encoded = {} if job.foreign else encode_new_sources(job.edition, registers, write=not preview)  # encode
    if not job.foreign:
        reporter.status(f"encode: {len(encoded)} new source(s)" + (f": {', '.join(p.with_suffix('.txt').name for p in encoded)}" if encoded else ""))
    paths = sorted({*document_paths(job), *encoded}, key=lambda path: path.parts)  # as paths sort, at the cost of tuples
    if not paths:
        raise UsageError(f"no TEI documents found in {job.edition.tei_dir}")
    stats = stated_meanwhile([path for path in paths if path not in encoded])  # what the files' stats say, in a thread
    from variorum.validation import Validator

    checker = Validator(tei_all=tei_all, edition=not job.foreign)  # schemas compiled once
    shared, shared_digest, parsed = foreign_registers(paths) if job.foreign else (None, "", {})
    settings = {"pdf": pdf, "preview": preview, "foreign": job.foreign, "source_date": str(source_date()),
                "tei_all": digest(tei_all.read_bytes()) if tei_all and tei_all.is_file() else str(tei_all),
                "shared_registers": shared_digest}
    with exclusive(out.resolve()), kept_records() as keep:
        cache = keep(BuildCache.load(out, fingerprint(job.edition.root, settings)))  # what the previous build made
        with staging(out, cache.spare) as stage:
            folder = stage.fresh
            site = Site(job.edition, folder, Stylesheets(), pdf=pdf, compiled_templates=cache.templates_folder)  # compiled once
            publisher = Publisher(job, site, checker, registers, cache, reporter, preview, shared, parsed)
            publisher.add_all(paths, encoded, stats())  # validate, render web: every document, from the cache when unchanged
            if publisher.invalid and not (job.foreign or preview):
                raise BuildStopped(f"{publisher.invalid} invalid document(s): nothing was published; {out} is unchanged")
            publisher.finish_site()  # index pages (unless they would show the same), search, static files
            pages = publisher.print_edition(folder) if pdf and publisher.printable else None  # render: print, by date
            publisher.take_unchanged(stage)  # what the previous site holds of unchanged documents
        cache.save(out, publisher.edition_pdf, publisher.digests, site.parts)  # publish: the swap is done; the records of the site now in OUT
        keep_spare(cache.spare, out)  # after a whole build: where the next one makes its site
    reporter.status(f"validate: {len(paths) - publisher.invalid} of {len(paths)} document(s) valid")
    reporter.status(f"publish: web edition of {len(site.documents)} document(s) in {out}/"
        + (f", PDF edition of {pages} pages in {out}/pdf/" if pages is not None else ", no PDF (--no-pdf)" if not pdf else "")
        + f" ({publisher.rendered} page(s) made, {publisher.reused} taken from the previous build)")
    return EXIT_INVALID if publisher.invalid or publisher.unprinted else EXIT_OK


@dataclass
class Publisher:
    """Validate and render each document of one build, or take it from the previous build when nothing it
    shows has changed (its bytes, id and the register entries it names: variorum.incremental)."""

    job: Job
    site: Site
    checker: object
    registers: Registry | None
    cache: BuildCache
    reporter: Reporter
    preview: bool
    shared: Registry | None = None  # a foreign folder's registers (files without text), after each document's own lists
    parsed: dict = field(default_factory=dict)  # file -> XmlFile of those registers, read once (foreign_registers)
    invalid: int = 0
    unprinted: int = 0  # valid documents WeasyPrint could not typeset (reported, left out of the print edition)
    rendered: int = 0
    reused: int = 0
    printable: list[tuple[DocumentRecord, TeiDocument | None, bool]] = field(default_factory=list)  # (record, model, to print)
    edition_pdf: dict | None = None
    _unchanged: list[str] = field(default_factory=list)  # files of the previous site to link in
    _unchanged_folders: list[str] = field(default_factory=list)  # and folders (page images)
    _reheaded: dict[str, tuple[Path, TeiDocument | None]] = field(default_factory=dict)  # id -> its file, and model if read
    _encoded: dict[Path, bytes] = field(default_factory=dict)  # the sources encoded by this build (a preview's: not on disk)

    def __post_init__(self):
        self.copies = RegisterCopies(self.registers) if self.registers is not None else None
        self.register_headings = RegisterHeadings(self.registers)
        self.digests = entry_digests(self.registers) if self.registers is not None else {}
        self.search_lines = previous_search_lines(self.cache.previous_site)
        lines = list(self.search_lines.values())
        parts = [f"static/search/part-{number}.js" for number in range(-(-len(lines) // SEARCH_PART))]
        if lines and self.cache.has([*parts, "static/search/manifest.js"]):
            self.site.previous_search = lines  # its parts with the same lines are taken, not written
        self.changed_entries = self.cache.changed_entries(self.digests)  # since the previous build

    def add_all(self, paths: list[Path], encoded: dict[Path, bytes], stats: dict[Path, str]) -> None:
        """Each document: `encoded` ones with their bytes, the others by their content hash (read only when made
        again): the previous build's, where the file's stat is the one it recorded with it, else made now."""
        self._encoded = encoded
        hashes = {path: self.cache.known_hash(str(path), key) for path, key in stats.items()}
        show_progress = len(paths) > 1 and self.reporter.format == "text" and sys.stderr.isatty()
        ids = document_ids(paths)
        self.site.paths = {resolved(path): doc_id for path, doc_id in ids.items()}  # the partners of translations
        self.site.translations = translations_of(ids, encoded, self.site.paths, lambda path: self._known_partner(path, hashes), self.parsed)
        for number, (path, doc_id) in enumerate(ids.items(), start=1):
            if show_progress:
                self.reporter.status(f"\rbuild [{number}/{len(paths)}] {path.name}\033[K", end="", flush=True)
            data = encoded.get(path)
            content = digest(data) if data is not None else hashes.get(path)
            if content is None:  # its stat changed (or none was kept): read, and any error said as it would be
                data = path.read_bytes()
                content = digest(data)
            self.add(path, doc_id, content, data)
            self.cache.records[str(path)].keep_stat(stats.get(path, ""))
        if show_progress:
            self.reporter.end_progress()

    def _known_partner(self, path: Path, hashes: dict[Path, str | None]) -> tuple[str, str] | None:
        """A valid document unchanged since the previous build: its title and the original it is shown beside
        ("" for none), from its record; None where the document has to be read for it."""
        record = self.cache.previous.get(str(path))
        if record is None or record._summary is None or hashes.get(path) is None or record.hash != hashes[path]:
            return None
        return (record.summary.title if record.partner else ""), record.partner  # a title only where it is shown

    def add(self, path: Path, doc_id: str, content: str, data: bytes | None) -> None:
        """One document, by its content hash: its bytes (`data`, or read now) only if it has to be read again."""
        file = str(path)
        record = self.cache.unchanged(file, doc_id, content)
        if record is not None and record.indexed_key and (doc_id not in self.search_lines or self.cache.partner_changed(record)
                                                          or record.translations != self.site.translations_key(file)):
            record = None  # (a translation beside an original that changed, an original whose translations changed)
        if record is not None and self.changed_entries.isdisjoint(record.depends):
            self._reuse(record, file)  # nothing it shows has changed
        elif record is not None and record.indexed_key:
            self._rehead(record, file, path, data)  # only register entries it names: its headings, its standOff check
        else:
            self._render(file, doc_id, data if data is not None else path.read_bytes())

    def _reuse(self, record: DocumentRecord, file: str) -> None:
        self.reused += 1
        self.reporter.extend(record.diagnostics)
        if self.registers is not None:
            self.reporter.extend(copy_diagnostics(record, file, self.registers))
        self.cache.records[file] = record
        if not record.indexed_key:
            self._invalid(record, file)
            return
        self._take(record)

    def _rehead(self, record: DocumentRecord, file: str, path: Path, data: bytes | None) -> None:
        """Register entries it names changed: its headings of them again, from the registers alone where they have
        the entry (else from the document, read again), and its standOff check, from its record's copies."""
        self.reused += 1
        self.reporter.extend(record.diagnostics)
        indexed = self.cache.indexed(record)
        model = None
        if needs_document(indexed, self.changed_entries, self.register_headings):
            data = data if data is not None else path.read_bytes()
            model = TeiDocument(record.id, file, read_xml(data, file).root, registers=self.registers, shared=self.shared)
        headings = headings_again(indexed, self.changed_entries, self.register_headings, model)
        summary = record._summary  # the same: its summary's JSON not made again
        record = replace(record, indexed=None, depends=dependencies([n.key for n in indexed.names], record.shapes()))
        record.index(replace(indexed, headings=headings), summary)
        self._check_copies(record, file)
        self._reheaded[record.id] = (path, model)
        self._take(record)

    def _take(self, record: DocumentRecord) -> None:
        """A document the previous build made: into the indexes and the print edition, its files linked."""
        self.invalid += not record.valid
        indexed = record.indexed or (lambda: self.cache.indexed(record))  # read when the index pages are made
        self.site.add_indexed(indexed, self.search_lines[record.id], lambda: record.summary, record.id)
        self._unchanged += document_files(record.id, record.printed) + self.cache.view_files(record.id)
        self._unchanged_folders += [name for name in document_folders(record.id) if self.cache.has([name])]
        self.unprinted += any(d.rule == PRINT_TYPESET for d in record.diagnostics)
        if record.printed:
            self.printable.append((record, None, False))

    def _render(self, file: str, doc_id: str, data: bytes) -> None:
        self.rendered += 1
        record = DocumentRecord(digest(data), doc_id, False, [], [], [], [], None)
        try:
            document = self.parsed.pop(file, None) or read_xml(data, file)  # parse once
        except VariorumError as error:
            record.diagnostics = [Diagnostic(file, error.line, error.column, "error", "well-formed", error.message)]
            self._failed(record, file)
            return
        record.diagnostics = self.checker.check(document)  # validate
        record.valid = not any(d.severity == "error" for d in record.diagnostics)
        if not record.valid and not self.job.foreign:
            self._failed(record, file)
            return
        model = TeiDocument(doc_id, file, document.root, registers=self.registers, shared=self.shared)  # what it declares, read once
        published = len(self.site.diagnostics)
        parts = self.site.add_document(model, data)  # render: web
        record.diagnostics += self.site.diagnostics[published:]  # page images, translations without a partner
        record.diagnostics += unrendered_elements(model, parts)  # elements our rules do not know
        record.index(self.site.indexed[doc_id])
        record.copies = copy_shapes(model.root)
        record.depends = dependencies([n.key for n in record.indexed.names], record.copies)  # the correspondents' too
        record.printed = self.site.pdf
        record.partner = resolved(Path(file).parent / model.partner) if model.partner else ""
        record.translations = self.site.translations_key(file)
        self.reporter.extend(record.diagnostics)
        self._check_copies(record, file)
        self.invalid += not record.valid
        if record.printed:
            self.printable.append((record, model, True))

    def _check_copies(self, record: DocumentRecord, file: str) -> None:
        """The register check: each standOff copy that no longer matches its entry is said (file:line)."""
        if self.copies is not None:
            record.stale_copies = self.copies.stale(record.shapes())
            self.reporter.extend(copy_diagnostics(record, file, self.registers))
        self.cache.records[file] = record

    def _failed(self, record: DocumentRecord, file: str) -> None:
        self.reporter.extend(record.diagnostics)
        self.cache.records[file] = record
        self._invalid(record, file)

    def _invalid(self, record: DocumentRecord, file: str) -> None:
        self.invalid += 1
        if self.preview:  # where its page would be: its errors
            self.site.add_invalid(DocumentSummary(record.id, Path(file).name, "", "", "", ""),
                                  [d for d in record.diagnostics if d.severity == "error"])

    # ------------------------------------------------------------ print

    def print_edition(self, folder: Path) -> int:
        """The print edition in the edition's order: documents printed before are taken in (their PDFs
        linked), and edition.pdf too when none of its inputs changed. The number of its pages."""
        order = {summary.id: number for number, summary in enumerate(self.site.ordered_documents())}
        self.printable.sort(key=lambda item: order[item[0].id])
        documents: list[TeiDocument | PrintedDocument] = []
        for record, model, fresh in self.printable:
            if fresh:
                documents.append(model)
                continue
            printed = self.cache.printed(record)
            if record.id in self._reheaded:  # register entries it names changed: its index headings again
                path, model = self._reheaded[record.id]
                if model is None and needs_document(printed, self.changed_entries, self.register_headings):
                    data = self._encoded[path] if path in self._encoded else path.read_bytes()
                    model = TeiDocument(record.id, str(path), read_xml(data, str(path)).root, registers=self.registers,
                                        shared=self.shared)
                printed = replace(printed, headings=headings_again(printed, self.changed_entries, self.register_headings, model))
            documents.append(printed)
        if not any(fresh for _, _, fresh in self.printable):
            key = digest(*(json.dumps(printed_to_json(d), ensure_ascii=False) for d in documents))
            previous = self.cache.edition_pdf or {}
            if previous.get("key") == key and self.cache.previous_site is not None:
                self.edition_pdf = previous
                self._unchanged.append("pdf/edition.pdf")
                self._mark_print_lines(folder, documents)
                return previous["pages"]
        printer = PrintEdition(self.job.edition, self.site.stylesheets, self.reporter)
        previous = self.cache.previous_site / "pdf" if self.cache.previous_site is not None else None
        report = printer.write(documents, folder, previous=previous)  # a PDF whose pages begin where they did: taken as it was
        failed = set(report.failed)
        for record, _, fresh in self.printable:
            if record.id in failed:  # its page without the link to a PDF it has not; said again by an unchanged build
                record.printed = False
                record.diagnostics += [d for d in printer.diagnostics if d.rule == PRINT_TYPESET and d.message.startswith(f"{record.id}: ")]
                _unlink_pdf(folder / "documents" / f"{record.id}.html", record.id)
                self.unprinted += fresh
        printed = {document.summary.id: document for document in report.printed}
        laid_out = set(report.laid_out)
        for record, _, fresh in self.printable:  # the record of each PDF this build wrote (a new one, or on other pages)
            if record.id in printed and (fresh or record.id in laid_out):
                self.cache.keep_printed(record, printed[record.id])
        self.edition_pdf = {"key": digest(*(json.dumps(printed_to_json(d), ensure_ascii=False) for d in report.printed)),
                            "pages": report.pages}
        self._mark_print_lines(folder, report.printed, set(report.laid_out))
        return report.pages

    def _mark_print_lines(self, folder: Path, printed: list[PrintedDocument], moved: set[str] = frozenset()) -> None:
        """The web pages made by this build say each entry's line in the print (a page taken from the previous
        build says it already). Lines counted from each page are cited with the book's page: a document this build
        put on its pages (`moved`: it may be on other pages than before) whose web page it takes as it was has that
        page said again, in a copy made by this build."""
        if self.job.edition.apparatus != "lines":
            return
        by_page = self.job.edition.restart == "page"
        previous = self.cache.previous_site
        for document in printed:
            page = folder / "documents" / f"{document.summary.id}.html"
            if page.is_file():
                mark_print_lines(page, document.keys, document.first_page)
            elif by_page and previous is not None and document.summary.id in moved:
                mark_print_lines(page, document.keys, document.first_page, source=previous / "documents" / page.name)

    def finish_site(self) -> None:
        """The home page, index pages and bibliography are made again only when what they show changed."""
        made = self._pages_to_make()
        forms = self.site.finish(pages=[name for name in INDEX_FILES if name in made])
        self._unchanged += [name for name in INDEX_FILES if name not in made] + ([] if forms else [SEARCH_FORMS])
        self._unchanged += self.site.unwritten

    def _pages_to_make(self) -> set[str]:
        """The home page when the documents' summaries changed (`incremental.pages_key`); an index page when the
        entry of an entity on it changed: one named or headed otherwise by a document whose index data changed
        (made again, reheaded, added, removed), that entry alone made again from the documents naming it, the
        others kept from the previous build; the bibliography when such a document cites sources. And what is missing."""
        if self.cache.previous_site is None:
            return set(INDEX_FILES)
        now, then = pages_key(list(self.cache.records.values())), self.cache.pages or {}
        made = {name for name in INDEX_FILES if not self.cache.has([name])}
        if then.get("home") != now["home"]:
            made.update({"index.html", "about.html"})  # both made from the summaries
        keys: set[str] = set()
        if then.get("indexes") != now["indexes"]:
            try:
                for path in self.cache.previous.keys() | self.cache.records.keys():
                    before, after = self.cache.previous.get(path), self.cache.records.get(path)
                    if (before.indexed_key if before else "") == (after.indexed_key if after else ""):
                        continue
                    differing, sources = index_changes(*(self.cache.indexed(r) if r is not None and r.indexed_key else None
                                                         for r in (before, after)))
                    keys |= differing
                    if sources:
                        made.add("bibliography.html")
            except (OSError, ValueError, KeyError, TypeError):  # a record of the previous build we cannot read
                return set(INDEX_FILES)
        self.site.keep_entries(self.cache.entry_parts, keys, self._naming)
        if keys:
            made.update(INDEXES[kind].page for kind in self.site.changed_kinds() if kind in INDEXES)
        return made

    def _naming(self, keys: set[str]) -> set[str]:
        """The ids of the documents of this build that may name any of the entities `keys` (their records
        depend on them; on every entry, for a URI)."""
        wanted = {ALL_REGISTERS if is_uri(key) else key for key in keys}
        return {record.id for record in self.cache.records.values() if record.indexed_key and not wanted.isdisjoint(record.depends)}

    def take_unchanged(self, stage: Stage) -> None:
        if self.cache.previous_site is not None:
            stage.take(self.cache.previous_site, self._unchanged, self._unchanged_folders)


def _unlink_pdf(page: Path, doc_id: str) -> None:
    """A document page made before its PDF was found impossible: its PDF link taken out (site_templates/document.html)."""
    if page.is_file():
        link = f'<a class="download" href="../pdf/{html.escape(doc_id)}.pdf">PDF</a>'
        text = page.read_text(encoding="utf-8")
        if link in text:
            write_atomic(page, text.replace(link, "").encode("utf-8"))
