"""The web edition: TEI documents -> the static site of contract section 7.

XSLT (xslt/html.xsl) makes each document's reading text, apparatus and source
note; Jinja2 (site_templates/) wraps them in pages. This module only collects
what the index pages need, in one pass over the documents, and writes files.

    DIR/index.html            documents by date
    DIR/documents/<id>.html   one page per document
    DIR/places.html, persons.html, organisations.html
    DIR/bibliography.html     every cited source once, with the documents citing it
    DIR/search.html           offline full-text search (static/search-index.js)
    DIR/tei/<id>.xml          the TEI behind each page
    DIR/static/               CSS and JavaScript, no CDN
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from variorum.config import Edition
from variorum.diagnostics import Diagnostic
from variorum.document import DocumentSummary, IndexHeading, TeiDocument, edition_heading
from variorum.reading import reading_text
from variorum.render.alignment import unpaired_segments
from variorum.render.facsimile import publish_images
from variorum.render.page import INDEXES, NameOccurrence, PageParts, Source, render_page
from variorum.render.xslt import Stylesheets
from variorum.resources import resource_dir
from variorum.xmlio import tei

# The pages made from every document together (besides static/search-index.js).
INDEX_FILES = ("index.html", *(index.page for index in INDEXES.values()), "bibliography.html", "search.html")

IDENTIFIER_LABELS = {"geonames": "GeoNames", "wikidata": "Wikidata", "viaf": "VIAF", "gnd": "GND", "tgn": "TGN", "uri": "Link"}


@dataclass
class Occurrence:
    document: DocumentSummary
    anchor: str
    form: str


@dataclass
class EntityEntry:
    """One entry of an index page, merged over all documents."""

    heading: IndexHeading
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

    def links(self) -> list[tuple[str, str]]:
        return [(IDENTIFIER_LABELS.get(t, t or "Link"), v) for t, v in self.heading.identifiers if v.startswith(("http://", "https://"))]


@dataclass
class IndexedDocument:
    """What the index pages, the bibliography and the search take of one document (an incremental build keeps it)."""

    summary: DocumentSummary
    names: list[NameOccurrence]
    headings: dict[str, IndexHeading]  # entity key -> the heading this document gives it
    sources: list[tuple[str, str]]  # (key, citation HTML)


def map_points(entries: list[EntityEntry], width: int = 640, height: int = 320) -> list[dict]:
    """Places with coordinates -> points of an inline SVG map (equirectangular, fitted to the places)."""
    located = [e for e in entries if e.geo]
    if not located:
        return []
    lats = [e.geo[0] for e in located]
    longs = [e.geo[1] for e in located]
    pad = 5.0
    south, north = min(lats) - pad, max(lats) + pad
    west, east = min(longs) - pad, max(longs) + pad
    scale = min(width / (east - west), height / (north - south))
    return [
        {
            "id": e.id,
            "label": e.label,
            "x": round(20 + (e.geo[1] - west) * scale, 1),
            "y": round(20 + (north - e.geo[0]) * scale, 1),
        }
        for e in located
    ]


def template_environment(edition: Edition) -> jinja2.Environment:
    """Jinja2 with the templates of the edition's own site_templates/ first, then the package's; autoescaped."""
    search_path = [str(edition.root / "site_templates")] if (edition.root / "site_templates").is_dir() else []
    search_path.append(str(resource_dir("site_templates")))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search_path),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["index_pages"] = list(INDEXES.values())  # the navigation's index pages
    return env


class Site:
    """Writes one web edition into a folder: documents as they come, indexes at the end."""

    def __init__(self, edition: Edition, out: Path, stylesheets: Stylesheets, pdf: bool = False):
        self.edition = edition
        self.diagnostics: list[Diagnostic] = []  # what the site could not publish (page images, unpaired segments)
        self.out = out
        self.stylesheets = stylesheets
        self.pdf = pdf
        self.env = template_environment(edition)
        self.documents: list[DocumentSummary] = []
        self.entities: dict[str, EntityEntry] = {}
        self.sources: dict[str, Source] = {}
        self.indexed: dict[str, IndexedDocument] = {}  # document id -> what the index pages took of it
        self._search = None
        self._ids: dict[str, str] = {}  # a document's id and its TEI xml:id -> its page's id
        self._linked: list[dict] = []  # pages naming other letters (correspContext): written when every page is known
        self._merged = False  # whether self.entities and self.sources hold every document added (merge_indexed)
        for folder in ("documents", "tei", "static"):
            (out / folder).mkdir(parents=True, exist_ok=True)
        self._search = (out / "static" / "search-index.js").open("w", encoding="utf-8")
        self._search.write("window.VARIORUM_SEARCH = [\n")

    # ------------------------------------------------------------ documents

    def add_document(self, document: TeiDocument, data: bytes) -> PageParts:
        """Render one document page now; keep only what the index pages need. The parts of the page are returned."""
        summary = document.summary
        doc_id = document.id
        parts = render_page(self.stylesheets, "html.xsl", document, supplied_by=self.edition.supplied_by)
        surfaces, found = publish_images(parts.facsimile, document.file, self.edition.root, self.out, doc_id)  # page images copied
        self.diagnostics += found + unpaired_segments(document.file, parts.text)  # and segments without a translation
        xml_id = (document.root.get("{http://www.w3.org/XML/1998/namespace}id") or "").strip()
        if xml_id:
            self._ids.setdefault(xml_id, doc_id)
        page = dict(
            edition=self.edition,
            root="../",
            document=summary,
            text=parts.text_html(),
            apparatus=parts.apparatus_html(),
            sources=[Markup(html) for _, html in parts.sources],
            witnesses=parts.witnesses,
            has_choices=parts.text.xpath("boolean(.//*[@class='choice'])"),
            facsimile=surfaces,
            parallel=parts.text.xpath("boolean(.//div[@class='parallel'])"),
            entry_kinds=sorted({li.get("class").split()[-1] for li in parts.apparatus if li.get("class", "").startswith("apparatus-entry ")})
            if parts.apparatus is not None else [],
            tei_href=f"../tei/{doc_id}.xml",
            pdf_href=f"../pdf/{doc_id}.pdf" if self.pdf else None,
            citation_url=f"{self.edition.base_url.rstrip('/')}/documents/{doc_id}.html" if self.edition.base_url else f"documents/{doc_id}.html",
        )
        if summary.context:
            self._linked.append(page)  # its links wait until every document of the build is known
        else:
            self._write_document(page)
        (self.out / "tei" / f"{doc_id}.xml").write_bytes(data)
        body = document.root.find(f"{tei('text')}")
        words = reading_text(body) if body is not None else " ".join(document.root.itertext())
        entry = {"id": doc_id, "title": summary.title, "date": summary.date_text, "href": summary.href, "text": " ".join(words.split())}
        headings = {name.key: document.heading(name.key, name.kind, name.form) for name in parts.names}
        self.add_indexed(IndexedDocument(summary, parts.names, headings, parts.sources),
                         json.dumps(entry, ensure_ascii=False) + ",\n")
        return parts

    def add_indexed(self, indexed, search_line: str, summary: DocumentSummary | None = None) -> None:
        """What the index pages and the search take of a document whose page is made (now, or by an earlier build).
        `indexed` may be a function that gives it (with its `summary`): called only when the index pages are made."""
        summary = summary or indexed.summary
        self.indexed[summary.id] = indexed
        self.documents.append(summary)
        self._ids.setdefault(summary.id, summary.id)
        self._search.write(search_line)

    def merge_indexed(self) -> None:
        """The index entries and sources, from every document in the order they were added (once)."""
        if self._merged:
            return
        self._merged = True
        for doc_id, indexed in self.indexed.items():
            indexed = self.indexed[doc_id] = indexed() if callable(indexed) else indexed
            self._merge_one(indexed)

    def _merge_one(self, indexed: IndexedDocument) -> None:
        summary = indexed.summary
        for name in indexed.names:
            entry = self.entities.get(name.key)
            if entry is None:
                entry = self.entities[name.key] = EntityEntry(indexed.headings[name.key])
            entry.candidates[summary.id] = indexed.headings[name.key]
            entry.occurrences.append(Occurrence(summary, name.anchor, name.form))
        for key, html in indexed.sources:
            self.sources.setdefault(key, Source(Markup(html))).documents.append(summary)

    def add_invalid(self, summary: DocumentSummary, diagnostics: list) -> None:
        """A preview's page of a document that is not valid: its errors, where its page would be."""
        page = self.env.get_template("invalid.html").render(edition=self.edition, root="../", document=summary,
                                                             diagnostics=diagnostics)
        (self.out / "documents" / f"{summary.id}.html").write_text(page, encoding="utf-8")

    def _write_document(self, page: dict) -> None:
        """One document page; the letters its correspContext names are linked when they are pages of this build."""
        context = [(link, f"{self._ids[link.target]}.html" if link.target in self._ids else None) for link in page["document"].context]
        html = self.env.get_template("document.html").render(context=context, **page)
        (self.out / "documents" / f"{page['document'].id}.html").write_text(html, encoding="utf-8")

    # ------------------------------------------------------------ index pages

    def ordered_documents(self) -> list[DocumentSummary]:
        """The documents in the edition's order: by date, undated last."""
        return sorted(self.documents, key=lambda d: (d.date == "", d.date, d.title, d.id))

    def finish(self, pages: bool | list[str] = True) -> None:
        """The search index and static files; the home page, index pages and bibliography unless `pages` is
        False, or those of `INDEX_FILES` it lists (an incremental build links the others: they would show the same)."""
        self._search.write("];\n")
        self._search.close()
        for page in self._linked:
            self._write_document(page)
        if pages:
            self._index_pages(INDEX_FILES if pages is True else pages)
        static = resource_dir("site_templates") / "static"
        for asset in sorted(static.iterdir()):
            shutil.copyfile(asset, self.out / "static" / asset.name)

    def _index_pages(self, wanted=INDEX_FILES) -> None:
        self._wanted = set(wanted)
        if self._wanted - {"index.html", "search.html"}:
            self.merge_indexed()
        documents = self.ordered_documents()
        order = {document.id: number for number, document in enumerate(documents)}
        for entry in self.entities.values():  # the heading of the edition's order, as the print edition's
            entry.heading = edition_heading([entry.candidates[d] for d in sorted(entry.candidates, key=order.get)])
        self._page("index.html", "home.html", documents=documents)
        for kind, index in INDEXES.items():
            entries = sorted((e for e in self.entities.values() if e.kind == kind), key=lambda e: e.label.casefold())
            points = map_points(entries) if kind == "place" else []
            self._page(index.page, "entities.html", heading=index.heading, kind=kind, entries=entries, points=points)
        sources = sorted(self.sources.values(), key=lambda s: str(s.html.striptags()).casefold())
        self._page("bibliography.html", "bibliography.html", sources=sources)
        self._page("search.html", "search.html")

    def _page(self, name: str, template: str, **context) -> None:
        if name not in self._wanted:
            return
        html = self.env.get_template(template).render(edition=self.edition, root="", **context)
        (self.out / name).write_text(html, encoding="utf-8")

