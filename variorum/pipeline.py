"""build(): the whole edition, read top-down.

    read      edition.toml (or defaults, for a plain folder of TEI from anywhere)
    encode    the sources that have no TEI document yet (existing TEI is the editors' master copy)
    validate  every document, parsed once; an invalid document of the edition stops the build
    render    the web edition (XSLT + Jinja2) and the print edition (XSLT + WeasyPrint),
              into a staging folder beside the output
    publish   swap the staging folder in: the previous site stays whole until then
"""
from __future__ import annotations

import ctypes
import fcntl
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from variorum.authority import NameIndex, load_registry
from variorum.config import Edition, find_edition
from variorum.diagnostics import EXIT_INVALID, EXIT_OK, Diagnostic, Reporter, UsageError, VariorumError
from variorum.document import TeiDocument
from variorum.encode import encode_bytes
from variorum.render.pdf import PrintEdition
from variorum.render.page import unrendered_elements
from variorum.render.site import Site
from variorum.render.xslt import Stylesheets
from variorum.xmlio import _UMASK, load_xml, write_atomic, xml_files


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


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A folder beside OUT to build in; swapped in on success, removed on failure.

    A build killed at any moment leaves OUT as it was (the swap is two renames)
    and its staging folder behind, which the next build removes."""
    out = out.resolve()
    for leftover in out.parent.glob(f".{out.name}.build-*"):  # what a killed build left
        shutil.rmtree(leftover, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    os.chmod(folder, 0o777 & ~_UMASK)  # mkdtemp makes 0700; a published site is readable like any folder
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    with _no_interruption():
        _swap_in(folder, out)


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


def _swap_in(folder: Path, out: Path) -> None:
    """Put the new site at OUT: one atomic exchange, so no moment exists without a whole site."""
    if not out.exists():
        folder.rename(out)
    elif _exchange(folder, out):
        shutil.rmtree(folder, ignore_errors=True)  # now holds the previous site
    else:
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        folder.rename(out)
        shutil.rmtree(old, ignore_errors=True)


class BuildStopped(VariorumError):
    """An invalid document of the edition: nothing is published."""


def build(edition_dir: Path, out: Path, tei_all: Path | None = None, pdf: bool = True, reporter: Reporter | None = None) -> int:
    reporter = reporter or Reporter()
    job = read_job(edition_dir)  # read
    if not job.foreign:
        encoded = encode_new_sources(job.edition)  # encode
        reporter.status(f"encode: {len(encoded)} new source(s)" + (f": {', '.join(p.name for p in encoded)}" if encoded else ""))
    paths = document_paths(job)
    if not paths:
        raise UsageError(f"no TEI documents found in {job.edition.tei_dir}")
    from variorum.validation import Validator

    checker = Validator(tei_all=tei_all, edition=not job.foreign)  # schemas compiled once
    invalid = 0
    with exclusive(out.resolve()), staging(out) as folder:
        stylesheets = Stylesheets()  # compiled once for the whole build
        site = Site(job.edition, folder, stylesheets, pdf=pdf, reporter=reporter)
        printable: list[TeiDocument] = []
        show_progress = len(paths) > 1 and sys.stderr.isatty()
        for number, (path, doc_id) in enumerate(document_ids(paths).items(), start=1):
            if show_progress:
                reporter.status(f"\rbuild [{number}/{len(paths)}] {path.name}\033[K", end="", flush=True)
            data = path.read_bytes()
            try:
                document = load_xml(data, str(path))  # parse once
            except VariorumError as error:
                reporter.add(Diagnostic(str(path), error.line, error.column, "error", "well-formed", error.message))
                invalid += 1
                continue
            found = checker.check(document)  # validate
            reporter.extend(found)
            if any(d.severity == "error" for d in found):
                invalid += 1
                if not job.foreign:
                    continue
            model = TeiDocument(doc_id, str(path), document.root)  # what it declares, read once
            rendered = site.add_document(model, data)  # render: web
            reporter.extend(unrendered_elements(model, rendered))  # elements our rules do not know
            printable.append(model)
        if show_progress:
            reporter.end_progress()
        if invalid and not job.foreign:
            raise BuildStopped(f"{invalid} invalid document(s): nothing was published; {out} is unchanged")
        site.finish()  # index pages, search, static files
        if pdf and printable:  # render: print, in the order of the edition (by date)
            order = {summary.id: number for number, summary in enumerate(site.ordered_documents())}
            printable.sort(key=lambda model: order[model.id])
            report = PrintEdition(job.edition, stylesheets).write(printable, folder)
    reporter.status(f"validate: {len(paths) - invalid} of {len(paths)} document(s) valid")
    reporter.status(f"publish: web edition of {len(site.documents)} document(s) in {out}/"
        + (f", PDF edition of {report.pages} pages in {out}/pdf/" if pdf and printable else ", no PDF (--no-pdf)"))
    return EXIT_INVALID if invalid else EXIT_OK
