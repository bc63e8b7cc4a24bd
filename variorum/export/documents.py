"""What every export format reads: the TEI documents given, their own registers, their dates.

The reader side of export (pandoc: reader -> model -> writer). TEI stays the
model: a `Document` is the parsed TEI element with what the writers ask of it
(id, title, the entities its lists declare, the dates it gives). Writers do
not parse files, and report through the command's `Reporter` what they could not export.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from variorum.authority import (
    Registry,
    as_tei,
    document_registry,
    kind_of_uri,
    load_registry,
)
from variorum.config import Edition, find_edition
from variorum.diagnostics import Reporter, UsageError, VariorumError
from variorum.document import TeiDocument
from variorum.reading import reading_text
from variorum.sourcedate import source_date
from variorum.xmlio import read_xml, tei, xml_files

# Elements that hold a register (their names are definitions, not occurrences).
REGISTER_ELEMENTS = {tei(t) for t in ("listPlace", "listPerson", "listOrg", "place", "person", "org", "personGrp")}

# Which authority a name's @ref prefers, by kind of entity (correspSearch reads GND, VIAF, GeoNames ...).
AUTHORITY_PREFERENCE = {
    "person": ("gnd", "viaf", "wikidata", "lc", "bnf", "isni", "orcid", "ulan"),
    "org": ("gnd", "viaf", "wikidata", "lc", "bnf", "isni"),
    "place": ("geonames", "wikidata", "tgn", "pleiades", "gnd", "viaf", "lc", "bnf"),
}
AUTHORITY_KINDS = {kind for kinds in AUTHORITY_PREFERENCE.values() for kind in kinds}


class Document(TeiDocument):
    """One TEI document given to export: the document model, with the lists of every file given
    (and the --authority registers) as its shared registry."""

    def __init__(self, doc_id: str, path: Path, root: etree._Element, registry: Registry, shared: Registry | None = None):
        super().__init__(doc_id, str(path), root, registry, shared=shared if shared is not None else Registry())
        self.path = path  # the id is the file's stem: its page is documents/<id>.html


def text_of(element: etree._Element | None, reading: str = "reg") -> str:
    """An element's words on one line (the regular form in a choice)."""
    if element is None:
        return ""
    return " ".join(reading_text(element, reading).split())


def authority_uri(uris: list[str], kind: str) -> str | None:
    """The one authority URI a name's @ref gets: the preferred authority for its kind, else none.

    Only identifiers of known authorities qualify (never a Wikipedia page or a
    project's own address); an identifier is real or absent."""
    by_kind: dict[str, str] = {}
    for uri in uris:
        by_kind.setdefault(kind_of_uri(uri), uri)
    for preferred in AUTHORITY_PREFERENCE.get(kind, ()):
        if preferred in by_kind:
            return by_kind[preferred]
    return None


def uris_of_ref(name: etree._Element) -> list[str]:
    """URIs written directly in a name's @ref (CMIF and many letters editions do so)."""
    return [token for token in (name.get("ref") or "").split() if re.match(r"https?://\S+$", token)]


# --- reading the inputs ------------------------------------------------------------------------

def read_documents(paths: list[Path], report: Reporter, authority: list[Path] | None = None,
                   output: Path | None = None) -> list[Document]:
    """Every TEI document in `paths` (a teiCorpus gives each of its TEI). A file that is not
    well-formed stops the export (exit 1) before anything is written; a file that is not TEI
    is skipped with a note.

    A name the document's own lists do not resolve is looked up in the lists of every file
    given (a register given beside the documents, as TEI Publisher keeps places.xml apart),
    then in the `authority` registers. The `output` file itself is never read (an export
    written into the folder it reads is not its own input the next time)."""
    files = [f for f in xml_files(paths) if output is None or f.resolve() != output.resolve()]
    if not files:
        raise UsageError("no XML files found in " + ", ".join(str(p) for p in paths))
    documents: list[Document] = []
    errors: list[VariorumError] = []
    shared = Registry()
    for file in files:
        notes: list = []
        try:
            root = as_tei(read_xml(file).strict(notes).getroot())
        except VariorumError as error:
            errors.append(error)
            continue
        for note in notes:  # an external DTD that was not loaded
            report.note(note.message, file, note.line, rule="export-input")
        if root.tag not in (tei("TEI"), tei("teiCorpus")):
            report.note(f"not a TEI document (root <{etree.QName(root).localname}>): skipped", file, rule="export-input")
            continue
        registry = document_registry(root, str(file))
        for entity in registry.entities.values():
            shared.entities.setdefault(entity.id, entity)  # copies of one entry in many documents: the first
        members = [root] if root.tag == tei("TEI") else list(root.iter(tei("TEI")))
        for number, member in enumerate(members, start=1):
            doc_id = file.stem if len(members) == 1 else f"{file.stem}-{number}"
            documents.append(Document(doc_id, file, member, registry, shared))
    if authority and not errors:
        for entity_id, entity in load_registry(authority).entities.items():
            shared.entities.setdefault(entity_id, entity)
    if errors:
        first = errors[0]
        if len(errors) > 1:
            first.message += "".join(f"\n  also: {e}" for e in errors[1:])
        raise first
    _unique_ids(documents, report)
    return documents


def _unique_ids(documents: list[Document], report: Reporter) -> None:
    taken: set[str] = set()
    for document in documents:
        if document.id in taken:
            number = 2
            while f"{document.id}-{number}" in taken:
                number += 1
            report.note(f"another document is also called '{document.id}'; this one is exported as '{document.id}-{number}'", document.path, rule="export-input")
            document.id = f"{document.id}-{number}"
        taken.add(document.id)


@dataclass(frozen=True)
class Settings:
    """What a writer needs besides the documents."""

    edition: Edition | None
    out: Path
    reading: str = "orig"
    date: dt.datetime = field(default_factory=lambda: dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    out_is_dir: bool = False

    @property
    def base_url(self) -> str:
        return (self.edition.base_url if self.edition else "").rstrip("/")

    def page(self, document: Document) -> str | None:
        """The document's page in the web edition (BASE_URL/documents/<id>.html), where it is
        known: the edition has a base URL and the document is one of the edition's TEI files."""
        if not self.base_url or self.edition is None:
            return None
        try:
            document.path.resolve().relative_to(self.edition.tei_dir.resolve())
        except ValueError:
            return None
        return f"{self.base_url}/documents/{document.id}.html"


def find_settings_edition(paths: list[Path]) -> Edition | None:
    """The edition the inputs belong to: edition.toml beside or above the first path that has
    one. TEI from elsewhere has none: its own header speaks for it."""
    for path in paths:
        start = path if path.is_dir() else path.parent
        edition = find_edition(start, search_parents=True)
        if edition is not None:
            return edition
    return None


def export_date(files: list[Path]) -> dt.datetime:
    """The date an export states: SOURCE_DATE_EPOCH, else the newest input's modification time.
    Never the clock, so the same input gives the same bytes."""
    date = source_date()
    if date is not None:
        return date
    newest = max((f.stat().st_mtime for f in files), default=0)
    return dt.datetime.fromtimestamp(int(newest), dt.UTC)


def occurrences(document: Document, tag: str) -> list[etree._Element]:
    """The names of one kind a document uses (in its header and text), not those of its registers."""
    found = []
    for element in document.root.iter(tei(tag)):
        if any(a.tag in REGISTER_ELEMENTS or a.tag == tei(tag) for a in element.iterancestors()):
            continue
        found.append(element)
    return found

