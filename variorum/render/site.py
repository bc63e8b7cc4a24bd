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
from html import escape
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from lxml import etree
from markupsafe import Markup

from variorum.authority import GeoDeclarations, lat_long
from variorum.config import Edition
from variorum.reading import reading_text
from variorum.render.xslt import Stylesheets
from variorum.resources import resource_dir
from variorum.xmlio import NSMAP, XML_ID, tei

# Index pages: entity kind -> (page, heading, TEI name element).
INDEXES = {
    "place": ("places.html", "Places", "placeName"),
    "person": ("persons.html", "Persons", "persName"),
    "org": ("organisations.html", "Organisations", "orgName"),
}
KIND_OF_NAME = {"placeName": "place", "persName": "person", "orgName": "org"}
ENTITY_TAGS = {tei("place"): "place", tei("person"): "person", tei("org"): "org"}

IDENTIFIER_LABELS = {"geonames": "GeoNames", "wikidata": "Wikidata", "viaf": "VIAF", "gnd": "GND", "tgn": "TGN", "uri": "Link"}


@dataclass
class Occurrence:
    document: "DocumentSummary"
    anchor: str
    form: str


@dataclass
class EntityEntry:
    """One entry of an index page, merged over all documents."""

    id: str
    kind: str
    label: str
    forms: list[str] = field(default_factory=list)  # every form the register knows
    geo: tuple[float, float] | None = None
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)

    def forms_found(self) -> list[tuple[str, list[Occurrence]]]:
        """Each form found in the texts, with where: the regular form first."""
        found: dict[str, list[Occurrence]] = {}
        for occurrence in self.occurrences:
            found.setdefault(occurrence.form, []).append(occurrence)
        return sorted(found.items(), key=lambda item: (item[0] != self.label, item[0]))

    def links(self) -> list[tuple[str, str]]:
        return [(IDENTIFIER_LABELS.get(t, t or "Link"), v) for t, v in self.identifiers if v.startswith(("http://", "https://"))]


@dataclass
class DocumentSummary:
    """What index pages need to know of a document, without its text."""

    id: str
    title: str
    date: str  # ISO, "" when unknown
    date_text: str
    sender: str
    recipient: str

    @property
    def href(self) -> str:
        return f"documents/{self.id}.html"


@dataclass
class Source:
    html: Markup
    documents: list[DocumentSummary] = field(default_factory=list)


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _party(root: etree._Element, action: str) -> str:
    names = root.xpath(f"//tei:correspDesc/tei:correspAction[@type='{action}']/*[self::tei:persName or self::tei:orgName or self::tei:name]", namespaces=NSMAP)
    return "; ".join(_text(n) for n in names)


def summarise(doc_id: str, root: etree._Element) -> DocumentSummary:
    title = _text(root.find(f".//{tei('titleStmt')}/{tei('title')}")) or doc_id
    sent_date = root.xpath("//tei:correspDesc/tei:correspAction[@type='sent']/tei:date", namespaces=NSMAP)
    date = sent_date[0] if sent_date else None
    when = (date.get("when") or date.get("notBefore") or "") if date is not None else ""
    return DocumentSummary(doc_id, title, when, _text(date), _party(root, "sent"), _party(root, "received"))


def _entities_of(root: etree._Element) -> dict[str, dict]:
    """The entities a document declares (standOff, or lists anywhere), by id."""
    found: dict[str, dict] = {}
    declarations = GeoDeclarations(root)  # "long lat" where the document's geoDecls say so
    for element in root.iter(*ENTITY_TAGS):
        entity_id = element.get(XML_ID)
        if not entity_id:
            continue
        kind = ENTITY_TAGS[element.tag]
        names = element.findall(tei(INDEXES[kind][2]))
        typed = {(n.get("type") or "").lower(): _text(n) for n in names}
        forms = [_text(n) for n in names if (n.get("type") or "").lower() != "sort" and _text(n)]
        label = next((typed[t] for t in ("reg", "main", "pref", "preferred", "full") if typed.get(t)), forms[0] if forms else entity_id)
        geo_element = element.find(f"{tei('location')}/{tei('geo')}")
        geo = _geo(lat_long(geo_element, declarations)) if geo_element is not None else None
        identifiers = [((i.get("type") or "").lower(), _text(i)) for i in element.findall(tei("idno"))]
        identifiers += [((p.get("type") or "").lower(), p.get("target") or "") for p in element.findall(tei("ptr"))]
        found[entity_id] = {"kind": kind, "label": label, "forms": forms, "geo": geo, "identifiers": identifiers}
    return found


def _geo(text: str | None) -> tuple[float, float] | None:
    try:
        lat, long = (float(v) for v in (text or "").split()[:2])
    except ValueError:
        return None
    return (lat, long) if -90 <= lat <= 90 and -180 <= long <= 180 else None


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
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search_path),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


class Site:
    """Writes one web edition into a folder: documents as they come, indexes at the end."""

    def __init__(self, edition: Edition, out: Path, stylesheets: Stylesheets, pdf: bool = False):
        self.edition = edition
        self.out = out
        self.stylesheets = stylesheets
        self.pdf = pdf
        self.env = template_environment(edition)
        self.documents: list[DocumentSummary] = []
        self.entities: dict[str, EntityEntry] = {}
        self.sources: dict[str, Source] = {}
        self._search = None
        for folder in ("documents", "tei", "static"):
            (out / folder).mkdir(parents=True, exist_ok=True)
        self._search = (out / "static" / "search-index.js").open("w", encoding="utf-8")
        self._search.write("window.VARIORUM_SEARCH = [\n")

    # ------------------------------------------------------------ documents

    def add_document(self, doc_id: str, data: bytes, root: etree._Element) -> None:
        """Render one document page now; keep only what the index pages need."""
        summary = summarise(doc_id, root)
        parts = etree.fromstring(self.stylesheets.transform("html.xsl", self.stylesheets.parse(root, doc_id)).encode("utf-8"))
        self.documents.append(summary)
        self._collect_names(summary, parts, root)
        sources = []
        for source in parts.find("sources"):
            html = Markup(_inner_html(source))
            self.sources.setdefault(source.get("key"), Source(html)).documents.append(summary)
            sources.append(html)
        witnesses = [(w.get("siglum"), w.text or "") for w in parts.find("witnesses")]
        page = self.env.get_template("document.html").render(
            edition=self.edition,
            root="../",
            document=summary,
            text=Markup(_inner_html(parts.find("text"))),
            apparatus=Markup(_inner_html(parts.find("apparatus"))),
            sources=sources,
            witnesses=witnesses,
            has_choices=parts.find("text").xpath("boolean(.//*[@class='choice'])"),
            tei_href=f"../tei/{doc_id}.xml",
            pdf_href=f"../pdf/{doc_id}.pdf" if self.pdf else None,
            citation_url=f"{self.edition.base_url.rstrip('/')}/documents/{doc_id}.html" if self.edition.base_url else f"documents/{doc_id}.html",
        )
        (self.out / "documents" / f"{doc_id}.html").write_text(page, encoding="utf-8")
        (self.out / "tei" / f"{doc_id}.xml").write_bytes(data)
        body = root.find(f"{tei('text')}")
        words = reading_text(body) if body is not None else " ".join(root.itertext())
        entry = {"id": doc_id, "title": summary.title, "date": summary.date_text, "href": summary.href, "text": " ".join(words.split())}
        self._search.write(json.dumps(entry, ensure_ascii=False) + ",\n")

    def _collect_names(self, summary: DocumentSummary, parts: etree._Element, root: etree._Element) -> None:
        declared = _entities_of(root)
        for name in parts.find("names"):
            ref = name.get("ref")
            kind = KIND_OF_NAME[name.get("kind")]
            entry = self.entities.get(ref)
            if entry is None:
                known = declared.get(ref, {})
                entry = EntityEntry(ref, known.get("kind", kind), known.get("label") or name.get("form"),
                                    known.get("forms", []), known.get("geo"), known.get("identifiers", []))
                self.entities[ref] = entry
            entry.occurrences.append(Occurrence(summary, name.get("id"), name.get("form")))

    # ------------------------------------------------------------ index pages

    def ordered_documents(self) -> list[DocumentSummary]:
        """The documents in the edition's order: by date, undated last."""
        return sorted(self.documents, key=lambda d: (d.date == "", d.date, d.title, d.id))

    def finish(self) -> None:
        self._search.write("];\n")
        self._search.close()
        documents = self.ordered_documents()
        self._page("index.html", "home.html", documents=documents)
        for kind, (page, heading, _) in INDEXES.items():
            entries = sorted((e for e in self.entities.values() if e.kind == kind), key=lambda e: e.label.casefold())
            points = map_points(entries) if kind == "place" else []
            self._page(page, "entities.html", heading=heading, kind=kind, entries=entries, points=points)
        sources = sorted(self.sources.values(), key=lambda s: str(s.html.striptags()).casefold())
        self._page("bibliography.html", "bibliography.html", sources=sources)
        self._page("search.html", "search.html")
        static = resource_dir("site_templates") / "static"
        for asset in sorted(static.iterdir()):
            shutil.copyfile(asset, self.out / "static" / asset.name)

    def _page(self, name: str, template: str, **context) -> None:
        html = self.env.get_template(template).render(edition=self.edition, root="", **context)
        (self.out / name).write_text(html, encoding="utf-8")


def _inner_html(element: etree._Element | None) -> str:
    """The HTML inside an element of the XSLT output, serialised as HTML."""
    if element is None:
        return ""
    parts = [escape(element.text or "")]
    parts += [etree.tostring(child, method="html", encoding="unicode") for child in element]
    return "".join(parts)
