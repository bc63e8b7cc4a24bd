"""The web edition: TEI documents -> the static site of contract section 7.

XSLT (xslt/html.xsl) makes each document's reading text, apparatus and source
note; Jinja2 (site_templates/) wraps them in pages. This module only collects
what the index pages need, in one pass over the documents, and writes files.

    DIR/index.html            documents by date
    DIR/documents/<id>.html   one page per document
    DIR/documents/<id>~base-<siglum>.html   a collated document as one witness reads it, the apparatus against it
    DIR/documents/<id>~columns.html         its witnesses side by side
    DIR/documents/<id>~parallel.html        a translation beside the original it points at (@corresp)
    DIR/places.html, persons.html, organisations.html
    DIR/bibliography.html     every cited source once, with the documents citing it
    DIR/search.html           offline full-text search (static/search-index.js)
    DIR/tei/<id>.xml          the TEI behind each page
    DIR/static/               CSS and JavaScript, no CDN
"""
from __future__ import annotations

import functools
from collections.abc import Callable
import json
import math
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from markupsafe import Markup

from variorum.config import Edition
from variorum.diagnostics import Diagnostic, VariorumError
from variorum.document import DocumentSummary, TeiDocument, occurrence_key, occurrence_kind, words
from variorum.reading import reading_text
from variorum.render.alignment import SIDES, unpaired_segments
from variorum.render.entries import EntryPart, IndexedDocument, edition_order, entry_part, merge, page_order
from variorum.render.facsimile import publish_graphics, publish_images
from variorum.render.page import INDEXES, NameOccurrence, PageParts, Source, render_page
from variorum.render.xslt import Stylesheets
from variorum.resources import resource_dir
from variorum.sourcedate import source_date
from variorum.xmlio import read_xml, resolved, tei

# The pages made from every document together (besides static/search-index.js).
INDEX_FILES = ("index.html", *(index.page for index in INDEXES.values()), "bibliography.html", "search.html", "about.html")

SEARCH_FORMS = "static/search-forms.js"  # made from the index entries: with them, else taken from the previous build
SEARCH_PART = 500  # documents in one part of the search index (a part loads in some 50 ms from file://)

@dataclass(frozen=True)
class View:
    """A page of its own made from one document at build time (xslt/witness-views.xsl), beside documents/<id>.html:
    its name there is `<id>~<name>.html` ('~' is in no document's id, so no view's page is another document's)."""

    kind: str  # base (the text as a witness reads it) | columns (the witnesses side by side) | parallel (a translation beside its original)
    href: str  # the page, in documents/
    label: str  # how the links to it read
    siglum: str = ""  # base: the witness


def document_views(doc_id: str, witnesses: list[tuple[str, Markup]], partner: str = "",
                   translations: list[tuple[str, str]] = ()) -> list[View]:
    """The views of a document: one per witness and the columns, for a collated one; the parallel view, for a
    translation with its original in another document (its title: `partner`); for an original, the parallel
    views of its `translations` (id, title), which they make."""
    views, taken = [], set()
    for number, (siglum, _) in enumerate(witnesses, start=1):
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", siglum).strip("-.") or f"w{number}"
        while name.casefold() in taken:
            name = f"{name}-{number}"
        taken.add(name.casefold())
        views.append(View("base", f"{doc_id}~base-{name}.html", siglum, siglum))
    if witnesses:
        views.append(View("columns", f"{doc_id}~columns.html", "the witnesses in columns"))
    if partner:
        views.append(View("parallel", f"{doc_id}~parallel.html", f"beside the original, {partner}"))
    views += [View("translation", f"{other}~parallel.html", f"beside its translation, {title}") for other, title in translations]
    return views


MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 320, 20
WORLD = ("map", "countries-110m.json")  # Natural Earth 1:110m, as the npm package world-atlas ships it (site_templates/map/)


@dataclass(frozen=True)
class MapFrame:
    """An equirectangular projection fitted to the places: (long, lat) -> SVG user units of the 680 x 360 map."""

    west: float
    north: float
    scale: float

    def project(self, long: float, lat: float) -> tuple[float, float]:
        return MAP_MARGIN + (long - self.west) * self.scale, MAP_MARGIN + (self.north - lat) * self.scale


def map_frame(entries: list[EntryPart]) -> MapFrame | None:
    located = [e.geo for e in entries if e.geo]
    if not located:
        return None
    pad = 5.0
    south, north = min(g[0] for g in located) - pad, max(g[0] for g in located) + pad
    west, east = min(g[1] for g in located) - pad, max(g[1] for g in located) + pad
    return MapFrame(west, north, min(MAP_WIDTH / (east - west), MAP_HEIGHT / (north - south)))


def map_points(entries: list[EntryPart], frame: MapFrame | None = None) -> list[dict]:
    """Places with coordinates -> points of the inline SVG map; points at one spot are set apart around it."""
    frame = frame or map_frame(entries)
    if frame is None:
        return []
    points = []
    for e in (e for e in entries if e.geo):
        x, y = frame.project(e.geo[1], e.geo[0])
        points.append({"id": e.id, "label": e.label, "x": x, "y": y})
    spots: dict[tuple[int, int], list[dict]] = {}
    for point in points:
        spots.setdefault((round(point["x"] / 8), round(point["y"] / 8)), []).append(point)
    for together in spots.values():
        if len(together) > 1:  # around the spot, 7 units from it
            for number, point in enumerate(together):
                angle = 2 * math.pi * number / len(together)
                point["x"] += 7 * math.cos(angle)
                point["y"] += 7 * math.sin(angle)
    for point in points:
        point["x"], point["y"] = round(point["x"], 1), round(point["y"], 1)
    return points


def map_labels(points: list[dict], size: float, crowded: str = "overlap") -> list[dict]:
    """Where each point's label goes at a font size (SVG units): right of it, else left, below or above, the first
    place that overlaps no label placed before and stays in the map; else right of it ("overlap") or nowhere ("drop":
    on a phone the point keeps its name as its title, and the list below names it)."""
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    width_of = lambda text: 0.58 * size * len(text)  # noqa: E731 (a sans-serif's average advance)
    for point in sorted(points, key=lambda p: (p["y"], p["x"])):
        w, h, x, y = width_of(point["label"]), size, point["x"], point["y"]
        candidates = [(x + 8, y + h / 3, "start"), (x - 8, y + h / 3, "end"), (x, y + h + 6, "middle"), (x, y - 8, "middle")]
        chosen = candidates[0]
        for tx, ty, anchor in candidates:
            left = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
            box = (left, ty - h, left + w, ty + 2)
            inside = box[0] >= 0 and box[2] <= MAP_WIDTH + 2 * MAP_MARGIN and box[1] >= 0 and box[3] <= MAP_HEIGHT + 2 * MAP_MARGIN
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                chosen = (tx, ty, anchor)
                placed.append(box)
                break
        else:
            if crowded == "drop":
                continue
            placed.append((x + 8, y - h, x + 8 + w, y + 2))
        labels.append({"id": point["id"], "label": point["label"], "x": round(chosen[0], 1), "y": round(chosen[1], 1), "anchor": chosen[2]})
    return labels


@functools.lru_cache(maxsize=1)
def world() -> tuple[list[list[tuple[float, float]]], list[list[list[int]]]]:
    """The arcs of the packaged TopoJSON in (long, lat), and each country as its rings (arc indexes, ~i reversed)."""
    path = resource_dir("site_templates").joinpath(*WORLD)
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [], []
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry.get("arcs", []) if geometry["type"] == "MultiPolygon" else []
        countries.append([ring for polygon in polygons for ring in polygon])
    return arcs, countries


def map_shapes(frame: MapFrame | None) -> dict[str, str]:
    """SVG path data of the land (coastlines) and of the borders between countries, in the frame, the parts in view."""
    arcs, countries = world()
    if frame is None or not arcs:
        return {"land": "", "borders": ""}

    def path(points: list[tuple[float, float]], close: bool) -> str:
        projected = [frame.project(long, lat) for long, lat in points]
        xs, ys = [p[0] for p in projected], [p[1] for p in projected]
        if max(xs) < 0 or min(xs) > MAP_WIDTH + 2 * MAP_MARGIN or max(ys) < 0 or min(ys) > MAP_HEIGHT + 2 * MAP_MARGIN:
            return ""
        drawn = []
        for number, (x, y) in enumerate(projected):
            point = f"{x:.0f},{y:.0f}"
            if number and abs(points[number][0] - points[number - 1][0]) > 180:  # across the antimeridian: lift the pen
                drawn.append("M" + point)
            elif not drawn or point != drawn[-1].lstrip("M"):
                drawn.append(point if drawn else "M" + point)
        return " ".join(drawn) + ("Z" if close else "")

    land, used = [], {}
    for number, rings in enumerate(countries):
        for ring in rings:
            points: list[tuple[float, float]] = []
            for index in ring:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                points.extend(arc[1:] if points else arc)
                used.setdefault(index if index >= 0 else ~index, set()).add(number)
            land.append(path(points, True))
    borders = [path(arcs[index], False) for index, owners in sorted(used.items()) if len(owners) > 1]
    return {"land": "".join(land), "borders": "".join(borders)}


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def life_date(value: str) -> str:
    """A W3C date of birth or death as a reader reads it ("18 December 1878", "March 1953", "1878"); words as they are."""
    parts = value.lstrip("-").split("T")[0].split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return value
    year = parts[0].lstrip("0") or "0"
    if value.startswith("-"):
        year += " BCE"
    if len(parts) == 1:
        return year
    month = MONTHS[int(parts[1]) - 1] if 1 <= int(parts[1]) <= 12 else parts[1]
    return f"{int(parts[2])} {month} {year}" if len(parts) == 3 else f"{month} {year}"


def page_metadata(edition: Edition, summary: DocumentSummary, authors: list[str], url: str, version: str) -> list[tuple[str, str]]:
    """The <meta> of a document page that reference managers read: Highwire Press tags (what Zotero and Google Scholar
    take) and Dublin Core, (name, content) in order; none that would be empty."""
    licence = f"{edition.licence} ({edition.licence_url})" if edition.licence and edition.licence_url else edition.licence
    tags = [("citation_title", summary.title), *(("citation_author", a) for a in authors),
            *(("citation_editor", e) for e in edition.editors), ("citation_book_title", edition.title),
            ("citation_publisher", edition.publisher), ("citation_publication_date", version or edition.year),
            ("citation_date", summary.date), ("citation_public_url", url), ("citation_abstract_html_url", url),
            ("citation_language", edition.language),
            ("DC.title", summary.title), *(("DC.creator", a) for a in authors), *(("DC.contributor", e) for e in edition.editors),
            ("DC.date", summary.date), ("DC.publisher", edition.publisher), ("DC.type", "Text"), ("DC.format", "text/html"),
            ("DC.language", edition.language), ("DC.relation.isPartOf", edition.title), ("DC.identifier", url),
            ("DC.rights", licence)]
    return [(name, content) for name, content in tags if content]


def template_environment(edition: Edition, compiled: Path | None = None) -> jinja2.Environment:
    """Jinja2 with the templates of the edition's own site_templates/ first, then the package's; autoescaped.
    `compiled`: a folder where the templates are kept compiled, for the next build (Jinja2 compiles a template
    again when its source is not the one compiled)."""
    bytecode = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(compiled))
    search_path = [str(edition.root / "site_templates")] if (edition.root / "site_templates").is_dir() else []
    search_path.append(str(resource_dir("site_templates")))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search_path),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode,
    )
    env.globals["index_pages"] = list(INDEXES.values())  # the navigation's index pages
    env.globals["life_date"] = life_date
    env.globals.setdefault("version", "")
    return env


class Site:
    """Writes one web edition into a folder: documents as they come, indexes at the end."""

    def __init__(self, edition: Edition, out: Path, stylesheets: Stylesheets, pdf: bool = False,
                 compiled_templates: Path | None = None):
        self.edition = edition
        self.diagnostics: list[Diagnostic] = []  # what the site could not publish (page images, unpaired segments)
        self.out = out
        self.stylesheets = stylesheets
        self.pdf = pdf
        self.env = template_environment(edition, compiled_templates)
        self.documents: list = []  # their summaries (or functions that give them: `add_indexed`)
        self.parts: dict[str, EntryPart] | None = None  # the index pages' entries, once made (`entry_parts`)
        self._kept: tuple[Callable[[], dict[str, EntryPart] | None], set[str], Callable[[set[str]], set[str]]] | None = None
        self._kept_parts: dict[str, EntryPart] | None = None
        self.sources: dict[str, Source] = {}
        self.indexed: dict[str, IndexedDocument] = {}  # document id -> what the index pages took of it
        self._search = None
        date = source_date()  # the edition's version: SOURCE_DATE_EPOCH, else none
        self.version = date.strftime("%Y-%m-%d") if date else ""
        self.env.globals["version"] = self.version
        self._ids: dict[str, str] = {}  # a document's id and its TEI xml:id -> its page's id
        self._linked: list[dict] = []  # pages naming other letters (correspContext): written when every page is known
        self._sources_merged = False  # whether self.sources holds every document added (merge_sources)
        self._wanted: set[str] = set(INDEX_FILES)
        self.paths: dict[str, str] = {}  # every document file of the build (resolved) -> its id: the partners of translations
        self.translations: dict[str, list[tuple[str, str]]] = {}  # an original's file (resolved) -> (id, title) of its translations
        for folder in ("documents", "tei", "static"):
            (out / folder).mkdir(parents=True, exist_ok=True)
        self._search = (out / "static" / "search-index.js").open("w", encoding="utf-8")
        self._search_lines: list[str] = []
        self.previous_search: list[str] | None = None  # the previous site's lines of the index, when it has all its parts
        self.unwritten: list[str] = []  # files the previous site holds as this build would write them (`_search_parts`)
        self._search.write("window.VARIORUM_SEARCH = [\n")

    # ------------------------------------------------------------ documents

    def add_document(self, document: TeiDocument, data: bytes) -> PageParts:
        """Render one document page now; keep only what the index pages need. The parts of the page are returned."""
        summary = document.summary
        doc_id = document.id
        parsed = self.stylesheets.parse(document.root, doc_id)
        parts = render_page(self.stylesheets, "html.xsl", document, parsed, supplied_by=self.edition.supplied_by,
                            entries_lang=self.edition.language)
        surfaces, found = publish_images(parts.facsimile, document.file, self.edition.root, self.out, doc_id)  # page images copied
        own = {side: (document.file, document.root) for side in SIDES}
        self.diagnostics += found + unpaired_segments(document.file, parts.text, own)  # and segments without a translation
        self.diagnostics += publish_graphics(parts.text, document.file, self.edition.root, self.out, doc_id)  # pictures of the text copied
        partner = self._partner(document)  # the original a translation in its own document points at
        views = document_views(doc_id, parts.witnesses, partner[1].title if partner else "",
                               self.translations.get(resolved(document.file), []))
        xml_id = (document.root.get("{http://www.w3.org/XML/1998/namespace}id") or "").strip()
        if xml_id:
            self._ids.setdefault(xml_id, doc_id)
        paragraphs: dict[str, str] = {}  # the id of an element of the text -> the number of its paragraph
        for number, paragraph in enumerate((p for p in parts.text.iter("p") if p.get("id")), start=1):
            for element in paragraph.iter():
                if element.get("id"):
                    paragraphs.setdefault(element.get("id"), str(number))
        names = [replace(name, paragraph=paragraphs.get(name.anchor, "")) for name in parts.names]
        correspondents: dict[str, list[tuple[str, str, str | None]]] = {}  # role -> (anchor, words, index link)
        for action, role in (("sent", "sender"), ("received", "recipient")):
            for name in document.parties(action):
                key, kind, form = occurrence_key(name), occurrence_kind(name), words(name)
                anchor = f"{role}-{len(correspondents.get(role, ())) + 1}"
                href = None
                if key and kind in INDEXES and form:
                    names.insert(sum(1 for n in names if n.role), NameOccurrence(anchor, key, kind, form, role=role))
                    href = f"../{INDEXES[kind].page}#{key}"
                correspondents.setdefault(role, []).append((anchor, form, href))
        base = self.edition.base_url.rstrip("/")
        page = dict(
            edition=self.edition,
            correspondents=correspondents,
            page_url=f"{base}/documents/{doc_id}.html" if base else "",
            metadata=page_metadata(self.edition, summary, [form for _, form, _ in correspondents.get("sender", [])],
                                   f"{base}/documents/{doc_id}.html" if base else "", self.version),
            root="../",
            document=summary,
            text=parts.text_html(),
            apparatus=parts.apparatus_html(),
            sources=[Markup(html) for _, html in parts.sources],
            witnesses=parts.witnesses,
            has_choices=parts.text.xpath("boolean(.//*[@class='choice'])"),
            facsimile=surfaces,
            parallel=parts.text.xpath("boolean(.//div[@class='parallel'])"),
            entry_kinds=parts.entry_kinds(),
            views=views,
            view=None,
            tei_href=f"../tei/{doc_id}.xml",
            pdf_href=f"../pdf/{doc_id}.pdf" if self.pdf else None,
            citation_url=f"{base}/documents/{doc_id}.html" if base else f"documents/{doc_id}.html",
        )
        if summary.context:
            self._linked.append(page)  # its links wait until every document of the build is known
        else:
            self._write_document(page)
        self._write_views(document, parsed, page, partner)  # a witness's text, the witnesses in columns, a translation beside its original
        (self.out / "tei" / f"{doc_id}.xml").write_bytes(data)
        body = document.root.find(f"{tei('text')}")
        body_words = reading_text(body) if body is not None else " ".join(document.root.itertext())
        headings = {name.key: document.heading(name.key, name.kind, name.form) for name in names}
        entry = {"id": doc_id, "title": summary.title, "date": summary.date_text, "href": summary.href,
                 "text": " ".join(body_words.split())}
        self.add_indexed(IndexedDocument(summary, names, headings, parts.sources),
                         json.dumps(entry, ensure_ascii=False) + ",\n")
        return parts

    def _partner(self, document: TeiDocument) -> tuple[str, TeiDocument] | None:
        """The document of this build that a translation points at (TeiDocument.partner), parsed: (file, model).
        One that is no document of the build is a warning at the pointer."""
        if not document.partner:
            return None
        path = Path(resolved(Path(document.file).parent / document.partner))
        partner_id = self.paths.get(str(path))
        if partner_id is None or partner_id == document.id:
            line = next((e.sourceline for e in document.root.iter() if isinstance(e.tag, str)
                         and document.partner in (e.get("corresp") or "") + " " + (e.get("target") or "")), None)
            self.diagnostics.append(Diagnostic(document.file, line, None, "warning", "unpaired-document",
                                               f"{document.partner} is not another document of this edition: "
                                               "the text is not shown beside it"))
            return None
        try:
            root = read_xml(path.read_bytes(), str(path)).root
        except (OSError, VariorumError):
            return None  # said when that document is published
        partner = TeiDocument(partner_id, str(path), root, registers=document.registers, shared=document.shared)
        if partner.partner and resolved(path.parent / partner.partner) == resolved(document.file) and document.id < partner_id:
            return None  # two documents pointing at each other: the one whose id sorts first is the original
        return str(path), partner

    def translations_key(self, file: str) -> str:
        """What an original's page shows of its translations (`translations`): made again when it changes."""
        found = self.translations.get(resolved(file)) if self.translations else None
        return json.dumps(found, ensure_ascii=False) if found else ""

    def _write_views(self, document: TeiDocument, parsed, page: dict, partner: tuple[str, TeiDocument] | None) -> None:
        """The views of a document (`document_views`), each a page of its own made by xslt/witness-views.xsl."""
        template = self.env.get_template("document.html")
        for view in page["views"]:
            if view.kind == "translation":
                continue  # the translation's own view
            if view.kind == "base":  # the text re-based on the witness: its readings the lemmas
                parts = render_page(self.stylesheets, "html.xsl", document, parsed, supplied_by=self.edition.supplied_by,
                                    entries_lang=self.edition.language, base_witness=view.siglum)
                html = template.render(**{**page, "view": view, "metadata": [], "text": parts.text_html(),
                                          "apparatus": parts.apparatus_html(), "entry_kinds": parts.entry_kinds(),
                                          "context": []})
            elif view.kind == "columns":
                parts = render_page(self.stylesheets, "html.xsl", document, parsed, columns="yes")
                html = self.env.get_template("witness-columns.html").render(**{**page, "view": view, "text": parts.text_html()})
            else:  # the original on the left, this translation on the right, each with its apparatus
                file, original = partner
                parts = render_page(self.stylesheets, "html.xsl", document, parsed, supplied_by=self.edition.supplied_by,
                                    entries_lang=self.edition.language,
                                    partner_document=self.stylesheets.parse(original.root, original.id), partner_role="original")
                sides = {"original": (file, original.root), "translation": (document.file, document.root)}
                self.diagnostics += unpaired_segments(document.file, parts.text, sides, "warning")
                html = self.env.get_template("parallel-documents.html").render(
                    **{**page, "view": view, "text": parts.text_html(), "apparatus": parts.apparatus_html(),
                       "partner_apparatus": parts.partner_apparatus_html(), "entry_kinds": parts.entry_kinds(),
                       "original": original.summary, "parallel": True,
                       "has_choices": parts.text.xpath("boolean(.//*[@class='choice'])")})
            (self.out / "documents" / view.href).write_text(html, encoding="utf-8")

    def add_indexed(self, indexed, search_line: str, summary=None, doc_id: str = "") -> None:
        """What the index pages and the search take of a document whose page is made (now, or by an earlier build).
        `indexed` may be a function that gives it (with its `summary` and id): called only when the index pages are
        made; and `summary` a function too, called only when the documents are ordered."""
        summary = summary or indexed.summary
        doc_id = doc_id or summary.id
        self.indexed[doc_id] = indexed
        self.documents.append(summary)
        self._ids.setdefault(doc_id, doc_id)
        self._search.write(search_line)
        self._search_lines.append(search_line)

    def _indexed_of(self, doc_id: str) -> IndexedDocument:
        indexed = self.indexed[doc_id]
        if callable(indexed):  # read now (an unchanged document's, from the previous build's cache)
            indexed = self.indexed[doc_id] = indexed()
        return indexed

    def merge_sources(self) -> None:
        """The bibliography's sources, from every document in the order they were added (once)."""
        if self._sources_merged:
            return
        self._sources_merged = True
        for doc_id in self.indexed:
            summary = self._indexed_of(doc_id).summary
            for key, html in self.indexed[doc_id].sources:
                self.sources.setdefault(key, Source(Markup(html))).documents.append(summary)

    def keep_entries(self, kept: Callable[[], dict[str, EntryPart] | None], changed: set[str],
                     naming: Callable[[set[str]], set[str]]) -> None:
        """The index pages' entries an earlier build made (`kept`: gives them, None when it cannot), of which those
        of the `changed` entities are made again, from the documents `naming` them (it gives the ids of the
        documents that may name any of some entities)."""
        self._kept = (kept, changed, naming)

    def entry_parts(self) -> dict[str, EntryPart]:
        """This build's entries of the index pages: those kept but the changed ones, made again from the
        documents naming them; without kept entries, all of them, from every document."""
        if self.parts is not None:
            return self.parts
        template = self.env.get_template("entity-entry.html")
        self._kept_parts = self._kept[0]() if self._kept else None
        if self._kept_parts is None:
            kept, entries = {}, merge(self._indexed_of(doc_id) for doc_id in self.indexed)
        else:
            changed = self._kept[1]
            naming = self._kept[2](changed) if changed else set()
            kept = {key: part for key, part in self._kept_parts.items() if key not in changed}
            entries = merge((self._indexed_of(doc_id) for doc_id in self.indexed if doc_id in naming), changed)
        self.parts = {**kept, **{key: entry_part(entry, template) for key, entry in entries.items()}}
        return self.parts

    def changed_kinds(self) -> set[str]:
        """The kinds of entity whose index page this build's entries change (every kind, without kept entries)."""
        parts = self.entry_parts()
        if self._kept_parts is None:
            return set(INDEXES)
        kinds = set()
        for key in self._kept[1]:
            before, after = self._kept_parts.get(key), parts.get(key)
            if (before is not None or after is not None) and not (after is not None and after.same(before)):
                kinds.update(part.kind for part in (before, after) if part is not None)
        return kinds

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
        self.documents = [summary() if callable(summary) else summary for summary in self.documents]
        return sorted(self.documents, key=edition_order)

    def finish(self, pages: bool | list[str] = True) -> bool:
        """The search index and static files; the home page, index pages and bibliography unless `pages` is
        False, or those of `INDEX_FILES` it lists (an incremental build links the others: they would show the same).
        Whether static/search-forms.js was made: only when the index entries were made (else it shows the same)."""
        self._search.write("];\n")
        self._search.close()
        self._search_parts()
        for page in self._linked:
            self._write_document(page)
        if pages:
            self._index_pages(INDEX_FILES if pages is True else pages)
        if self.parts is not None:
            self._search_forms()
        static = resource_dir("site_templates") / "static"
        for asset in sorted(static.iterdir()):
            shutil.copyfile(asset, self.out / "static" / asset.name)
        return self.parts is not None

    def _search_parts(self) -> None:
        """static/search/part-N.js, SEARCH_PART documents each, and static/search/manifest.js naming them: what the
        search page loads, part by part, when the reader turns to it (static/search-index.js, all in one, is what
        an incremental build takes the unchanged documents' lines from). A part of the same lines as the previous
        site's (`previous_search`), and the manifest of as many, are not written: one document changed, one part."""
        folder = self.out / "static" / "search"
        folder.mkdir(exist_ok=True)
        lines = [line for line in self._search_lines if line.startswith("{")]  # those of search-index.js, kept as written
        parts = [lines[start:start + SEARCH_PART] for start in range(0, len(lines), SEARCH_PART)]
        previous = self.previous_search
        for number, part in enumerate(parts):
            if previous is not None and previous[number * SEARCH_PART:(number + 1) * SEARCH_PART] == part:
                self.unwritten.append(f"static/search/part-{number}.js")
                continue
            with (folder / f"part-{number}.js").open("w", encoding="utf-8") as out:
                out.write("(window.VARIORUM_SEARCH_PARTS = window.VARIORUM_SEARCH_PARTS || []).push([\n")
                out.writelines(part)
                out.write("]);\n")
        if previous is not None and len(previous) == len(lines):
            self.unwritten.append("static/search/manifest.js")
            return
        manifest = {"parts": [f"part-{number}.js" for number in range(len(parts))], "documents": len(lines)}
        (folder / "manifest.js").write_text(f"window.VARIORUM_SEARCH_MANIFEST = {json.dumps(manifest)};\n", encoding="utf-8")

    def _search_forms(self) -> None:
        """static/search-forms.js: the registers' forms of each entity named, with the documents naming it, so that a
        search for a variant ("Peking") finds the documents that write another ("Beijing"). Made from the headings of
        this build (a changed register entry reaches it without making the documents' lines of the index again)."""
        entries = [{"forms": part.forms, "documents": part.documents}
                   for part in (self.parts[key] for key in sorted(self.parts)) if len(part.forms) > 1]
        with (self.out / SEARCH_FORMS).open("w", encoding="utf-8") as out:
            out.write("window.VARIORUM_FORMS = [\n")
            out.writelines(json.dumps(entry, ensure_ascii=False) + ",\n" for entry in entries)
            out.write("];\n")

    def _index_pages(self, wanted=INDEX_FILES) -> None:
        self._wanted = set(wanted)
        documents = self.ordered_documents()
        self._page("index.html", "home.html", documents=documents)
        positions = {doc_id: number for number, doc_id in enumerate(self.indexed)}  # ties of labels: the first named first
        for kind, index in INDEXES.items():
            if index.page not in self._wanted:
                continue
            entries = page_order((part for part in self.entry_parts().values() if part.kind == kind), positions)
            frame = map_frame(entries) if kind == "place" else None
            points = map_points(entries, frame)
            self._page(index.page, "entities.html", heading=index.heading, kind=kind, entries=entries, points=points,
                       shapes=map_shapes(frame), labels={"wide": map_labels(points, 12), "narrow": map_labels(points, 26, "drop")})
        if "bibliography.html" in self._wanted:
            self.merge_sources()
        sources = sorted(self.sources.values(), key=lambda s: str(s.html.striptags()).casefold())
        self._page("bibliography.html", "bibliography.html", sources=sources)
        self._page("search.html", "search.html")
        principles: dict[str, list[DocumentSummary]] = {}  # each paragraph of the editorial principles, once
        for document in documents:
            for paragraph in document.principles:
                principles.setdefault(paragraph, []).append(document)
        self._page("about.html", "about.html", principles=list(principles.items()), documents=documents)

    def _page(self, name: str, template: str, **context) -> None:
        if name not in self._wanted:
            return
        html = self.env.get_template(template).render(edition=self.edition, root="", **context)
        (self.out / name).write_text(html, encoding="utf-8")

