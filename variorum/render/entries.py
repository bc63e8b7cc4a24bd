"""The entries of the index pages (places, persons, organisations), each made on its own.

An entry is merged from the documents that name its entity, in the edition's
files' order (`merge`), and rendered alone (site_templates/entity-entry.html)
into an `EntryPart`: its HTML and what its page needs to place it (kind,
label, coordinates, where it first appears) and what the search takes of it
(its forms, the documents naming it). A page is its parts, in order: so an
incremental build keeps the parts (variorum.incremental) and makes again only
those of the entities whose documents changed, from those documents alone.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup

from variorum.document import DocumentSummary, IndexHeading, edition_heading
from variorum.render.page import NameOccurrence

IDENTIFIER_LABELS = {"geonames": "GeoNames", "wikidata": "Wikidata", "viaf": "VIAF", "gnd": "GND", "tgn": "TGN", "uri": "Link"}


@dataclass
class IndexedDocument:
    """What the index pages, the bibliography and the search take of one document (an incremental build keeps it)."""

    summary: DocumentSummary
    names: list[NameOccurrence]
    headings: dict[str, IndexHeading]  # entity key -> the heading this document gives it
    sources: list[tuple[str, str]]  # (key, citation HTML)


@dataclass
class Occurrence:
    document: DocumentSummary
    anchor: str
    form: str
    paragraph: str = ""  # the number of the paragraph the name is in
    role: str = ""  # sender | recipient: named in the letter's header

    @property
    def where(self) -> str:
        """How the index says where in the document: the paragraph, or the header's role."""
        if self.role:
            return {"sender": "sender", "recipient": "recipient"}.get(self.role, self.role)
        return f"¶ {self.paragraph}" if self.paragraph else "text"


def edition_order(document: DocumentSummary) -> tuple:
    """Where a document comes in the edition: by date, undated last."""
    return document.date == "", document.date, document.title, document.id


@dataclass
class EntityEntry:
    """One entry of an index page, merged over the documents naming its entity."""

    heading: IndexHeading
    first: tuple[str, int]  # the first name of it: (the document's id, the name's number in it)
    occurrences: list[Occurrence] = field(default_factory=list)
    candidates: dict[str, IndexHeading] = field(default_factory=dict)  # document id -> the heading it gives

    @property
    def id(self) -> str:
        return self.heading.key

    @property
    def kind(self) -> str:
        return self.heading.kind

    @property
    def label(self) -> str:
        return self.heading.label

    @property
    def forms(self) -> tuple[str, ...]:
        return self.heading.forms

    @property
    def geo(self) -> tuple[float, float] | None:
        return self.heading.geo

    def forms_found(self) -> list[tuple[str, list[Occurrence]]]:
        """Each form found in the texts, with where: the regular form first."""
        found: dict[str, list[Occurrence]] = {}
        for occurrence in self.occurrences:
            found.setdefault(occurrence.form, []).append(occurrence)
        return sorted(found.items(), key=lambda item: (item[0] != self.label, item[0]))

    def documents_found(self) -> list[tuple[str, list[tuple[DocumentSummary, list[Occurrence]]]]]:
        """Each form found, with the documents it is found in (in the edition's order) and where in each."""
        found = []
        for form, occurrences in self.forms_found():
            documents: dict[str, tuple[DocumentSummary, list[Occurrence]]] = {}
            for occurrence in occurrences:
                documents.setdefault(occurrence.document.id, (occurrence.document, []))[1].append(occurrence)
            found.append((form, sorted(documents.values(), key=lambda d: edition_order(d[0]))))
        return found

    @property
    def life(self) -> tuple[str, str] | tuple:
        return self.heading.life

    def links(self) -> list[tuple[str, str]]:
        return [(IDENTIFIER_LABELS.get(t, t or "Link"), v) for t, v in self.heading.identifiers if v.startswith(("http://", "https://"))]


def merge(documents: Iterable[IndexedDocument], keys: set[str] | None = None) -> dict[str, EntityEntry]:
    """The entries of the entities `documents` name (only those of `keys`, when given), from the documents in
    the edition's files' order, each headed as the edition's order heads it (`edition_heading`)."""
    entries: dict[str, EntityEntry] = {}
    summaries: dict[str, DocumentSummary] = {}
    for indexed in documents:
        summary = indexed.summary
        for number, name in enumerate(indexed.names):
            if keys is not None and name.key not in keys:
                continue
            entry = entries.get(name.key)
            if entry is None:
                entry = entries[name.key] = EntityEntry(indexed.headings[name.key], (summary.id, number))
            entry.candidates[summary.id] = indexed.headings[name.key]
            entry.occurrences.append(Occurrence(summary, name.anchor, name.form, name.paragraph, name.role))
            summaries[summary.id] = summary
    for entry in entries.values():
        entry.heading = edition_heading([entry.candidates[d] for d in sorted(entry.candidates, key=lambda d: edition_order(summaries[d]))])
    return entries


@dataclass
class EntryPart:
    """One entry of an index page as made: its HTML (or the function that reads it, for a part kept by an earlier
    build), what its page needs to place it, and what static/search-forms.js takes of it."""

    key: str
    kind: str
    label: str
    geo: tuple[float, float] | None
    first: tuple[str, int]  # where its entity is first named: entries of one label are in that order
    forms: list[str]  # the registers' forms the documents' headings give it
    documents: list[str]  # the ids of the documents naming it, sorted
    html: str | Callable[[], str]
    stored: str = ""  # the file of the build's cache that holds its HTML, once there (variorum.incremental)

    @property
    def id(self) -> str:  # as the map's points take it
        return self.key

    def text(self) -> Markup:
        if callable(self.html):
            self.html = self.html()
        return Markup(self.html)

    def same(self, other: "EntryPart | None") -> bool:
        """Whether `other` shows what this part shows, on its page and in the search."""
        return other is not None and all(getattr(self, name) == getattr(other, name) for name in
                                         ("key", "kind", "label", "geo", "first", "forms", "documents")) and self.text() == other.text()


def entry_part(entry: EntityEntry, template: jinja2.Template) -> EntryPart:
    forms = list(dict.fromkeys(form for heading in entry.candidates.values() for form in heading.forms))
    return EntryPart(entry.id, entry.kind, entry.label, entry.geo, entry.first, forms, sorted(entry.candidates),
                     template.render(entry=entry))


def page_order(parts: Iterable[EntryPart], positions: dict[str, int]) -> list[EntryPart]:
    """The entries of a page by label; of one label, in the order their entities are first named (`positions`:
    a document id -> where it comes in the edition's files)."""
    return sorted(parts, key=lambda part: (part.label.casefold(), positions[part.first[0]], part.first[1]))
