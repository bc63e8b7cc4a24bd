"""The print edition: TEI documents -> PDF (xslt/print.xsl, Jinja2, WeasyPrint).

    DIR/pdf/<id>.pdf       one document, as it stands in the edition, with where it comes from
    DIR/pdf/edition.pdf    title page, imprint, contents, the documents, indexes, bibliography

In the order it happens:

    1. documents   each document, in a worker process (one per core, each with its
                   own compiled print.xsl): print.xsl -> the document's section (HTML,
                   apparatus as footnotes) -> its own PDF; the worker reports on which
                   of its pages each name occurrence fell
    2. indexes     name occurrences merged per entity and form; of several on one page
                   only the first is kept, so the index says "3, 5", not "3, 3, 3, 5"
    3. edition     every section in one HTML file -> WeasyPrint -> edition.pdf; the page
                   numbers of contents, indexes and bibliography are counted by the
                   layout (target-counter)
    4. check       the pages of the laid-out edition are compared with step 2; the
                   edition is laid out again only if a page grouping was wrong

Step 2 relies on a document breaking into pages the same way alone and in the
edition: each document begins a page and every page has the same text width
(print.css). Step 4 makes that an optimisation, never a source of wrong numbers.

At the size of an edition (thousands of footnotes, index references and pages)
three lookups of WeasyPrint grow with the square of the book; render/weasyprint_speedups
answers them by index, with the same PDF (tested), on the WeasyPrint versions it was
verified on, and leaves WeasyPrint plain on any other.

Reproducible: no clock is read. The PDF dates come from SOURCE_DATE_EPOCH when it
is set (none are written otherwise; variorum/sourcedate reads it), the file
identifier is a hash of the content, and nothing is fetched (pictures are not
printed; fonts come from the system).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import re
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from variorum import __version__
from variorum.authority import NOT_A_FORM_TYPES, REGULAR_TYPES
from variorum.config import Edition
from variorum.diagnostics import InputError, UsageError
from variorum.render import weasyprint_speedups
from variorum.render.site import DocumentSummary, _entities_of, _inner_html, summarise, template_environment
from variorum.render.xslt import Stylesheets
from variorum.sourcedate import source_date
from variorum.xmlio import NSMAP, XML_ID, XML_LANG, parse_xml_bytes, tei, write_atomic

# Printed indexes: entity kind -> (anchor id, heading, what an empty one says).
INDEXES = {
    "place": ("index-places", "Index of places", "No place is named in the documents."),
    "person": ("index-persons", "Index of persons", "No person is named in the documents."),
    "org": ("index-organisations", "Index of organisations", "No organisation is named in the documents."),
}
KIND_OF_NAME = {"placeName": "place", "persName": "person", "orgName": "org"}
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
SHORT_TITLE = 60  # characters of a document title in the running head


@dataclass
class PrintReport:
    """What a print run made, for the build log and the benchmark."""

    documents: int
    pages: int  # pages of edition.pdf
    document_pages: int  # pages of all per-document PDFs together
    seconds: float
    relaid: bool = False  # whether the edition had to be laid out twice (step 4)
    steps: dict[str, float] = field(default_factory=dict)  # seconds of each step


@dataclass
class PrintedDocument:
    """One document after step 1: its section of the edition and what the back matter needs."""

    summary: DocumentSummary
    section: str  # HTML
    sources: list[tuple[str, str]]  # (key, citation HTML)
    names: list[tuple[str, str, str, str]]  # (anchor, entity, kind, form as written)
    entities: dict[str, dict]  # what the document declares of its entities (labels, forms)
    name_pages: dict[str, int]  # anchor -> page of the document's own PDF (0-based)
    pages: int


@dataclass
class IndexItem:
    """An index entry (a headword with its pages and its variant forms) or a cross-reference."""

    key: str
    label: str = ""
    own: list[str] = field(default_factory=list)  # anchors of the headword's own form
    variants: list[tuple[str, list[str]]] = field(default_factory=list)
    form: str = ""  # for a cross-reference: the variant form ...
    see: str = ""  # ... and the headword it leads to


@dataclass
class Index:
    id: str
    heading: str
    empty: str
    items: list[IndexItem]


# ------------------------------------------------------------------ step 1: one document


def _no_fetch(url: str, *args, **kwargs):
    """Nothing is fetched for a PDF: no pictures from the web, no files named by a TEI document."""
    raise ValueError(f"the print edition fetches nothing ({url[:80]})")


def _timestamp() -> str | None:
    """The PDF's creation date: SOURCE_DATE_EPOCH if set, else none (never the clock)."""
    date = source_date()
    return date.strftime("%Y-%m-%dT%H:%M:%SZ") if date else None


def _language(root: etree._Element) -> str | None:
    """The language of the reading text, when the TEI says (hyphenation needs it)."""
    texts = root.xpath("(//tei:text[not(ancestor::tei:text)])[1]", namespaces=NSMAP)
    for element in [*texts, root]:
        lang = (element.get(XML_LANG) or "").strip()
        if lang:
            return lang if LANGUAGE_TAG.match(lang) and lang.lower() != "und" else None
    return None


def _short(title: str, limit: int = SHORT_TITLE) -> str:
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:.- ")
    return cut + "…"


class Typesetter:
    """Jinja2 templates and print.css, loaded once per process; HTML -> laid-out pages."""

    def __init__(self, edition: Edition):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.edition = edition
        self.env = template_environment(edition)
        css_source, _, _ = self.env.loader.get_source(self.env, "print/print.css")
        self.fonts = FontConfiguration()
        self.css = CSS(string=css_source, font_config=self.fonts, url_fetcher=_no_fetch)
        self.timestamp = _timestamp()

    def page(self, template: str, **context) -> str:
        return self.env.get_template(template).render(
            edition=self.edition, version=__version__, timestamp=self.timestamp, **context)

    def layout(self, html: str):
        """HTML -> a laid-out WeasyPrint document (pages, anchors, bookmarks)."""
        from weasyprint import HTML

        page = HTML(string=html, url_fetcher=_no_fetch)
        return weasyprint_speedups.render(page, self.fonts, stylesheets=[self.css], presentational_hints=False)

    @staticmethod
    def pdf(document) -> bytes:
        return document.write_pdf(pdf_identifier=True)


class DocumentPrinter:
    """Step 1 for one document: TEI -> section HTML -> the document's own PDF."""

    def __init__(self, edition: Edition, stylesheets: Stylesheets):
        self.stylesheets = stylesheets
        self.typesetter = Typesetter(edition)

    def print(self, doc_id: str, root: etree._Element, target: Path) -> PrintedDocument:
        prefix = f"{doc_id}--"
        summary = summarise(doc_id, root)
        output = self.stylesheets.transform("print.xsl", self.stylesheets.parse(root, doc_id), id_prefix=prefix)
        parts = etree.fromstring(output.encode("utf-8"))
        sources = [(s.get("key"), _inner_html(s)) for s in parts.find("sources")]
        section = self.typesetter.env.get_template("print/section.html").render(
            document=summary,
            short_title=_short(summary.title),
            text=Markup(_inner_html(parts.find("text"))),
            sources=[Markup(html) for _, html in sources],
            witnesses=[(w.get("siglum"), w.text or "") for w in parts.find("witnesses")],
            lang=_language(root),
        )
        names = [(n.get("id"), n.get("ref"), n.get("kind"), n.get("form")) for n in parts.find("names")]
        laid_out = self.typesetter.layout(self.typesetter.page("print/document.html", document=summary, section=Markup(section)))
        name_pages = {
            anchor: number
            for number, page in enumerate(laid_out.pages)
            for anchor in page.anchors
            if anchor.startswith(prefix + "name-")
        }
        write_atomic(target, self.typesetter.pdf(laid_out))
        return PrintedDocument(summary, section, sources, names, _entities_with_sort_keys(root), name_pages, len(laid_out.pages))


def _entities_with_sort_keys(root: etree._Element) -> dict[str, dict]:
    """The entities a document declares, each with where its index entry files: the register's
    sort key (a name typed sort), else "Surname, Forenames" for a person named in parts."""
    entities = _entities_of(root)
    for element in root.iter(tei("place"), tei("person"), tei("org")):
        entity = entities.get(element.get(XML_ID) or "")
        if entity is None:
            continue
        names = [n for n in element if isinstance(n.tag, str) and n.tag.endswith(("Name", "}name"))]
        sort = next((n for n in names if any((n.get(a) or "").lower() in NOT_A_FORM_TYPES for a in ("type", "subtype"))), None)
        regular = next((n for n in names if (n.get("type") or "").lower() in REGULAR_TYPES), names[0] if names else None)
        if sort is not None:
            entity["sort"] = " ".join("".join(sort.itertext()).split())
        elif regular is not None and regular.find(tei("surname")) is not None:
            surname = " ".join("".join(regular.find(tei("surname")).itertext()).split())
            rest = " ".join(" ".join("".join(p.itertext()) for p in regular.findall(tei("forename"))).split())
            entity["sort"] = f"{surname}, {rest}" if rest else surname
    return entities


# One printer per worker process, made by the pool's initializer (the stylesheet is compiled once per process).
_printer: DocumentPrinter | None = None


def _start_worker(edition: Edition) -> None:
    global _printer
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    _printer = DocumentPrinter(edition, Stylesheets())


def _print_in_worker(job: tuple[str, bytes, Path]) -> PrintedDocument | tuple[str, str]:
    doc_id, data, target = job
    return _print_one(_printer, doc_id, parse_xml_bytes(data, doc_id).getroot(), target)


def _print_one(printer: DocumentPrinter, doc_id: str, root: etree._Element, target: Path) -> PrintedDocument | tuple[str, str]:
    """One document, or what went wrong with it: (kind, message), reported by the parent with the document's id."""
    try:
        return printer.print(doc_id, root, target)
    except OSError as error:
        return ("io", f"cannot write {target}: {error.strerror or error}")
    except Exception as error:  # a document WeasyPrint or Saxon cannot take: a message, never a traceback
        return ("input", f"cannot typeset the document: {type(error).__name__}: {error}")


# ------------------------------------------------------------------ step 2: indexes


def _sort_key(text: str) -> str:
    """Alphabetical order of an index: accents and case ignored (Lüshun files as Lushun)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().lstrip("'\"‘“’”([") + "\0" + text


def one_per_page(anchors: list[str], page_of: dict[str, tuple[int, int]]) -> list[str]:
    """The first anchor on each page, in page order."""
    kept: dict[tuple[int, int], str] = {}
    for anchor in anchors:
        kept.setdefault(page_of.get(anchor, (-1, len(kept))), anchor)
    return [kept[page] for page in sorted(kept)]


def build_indexes(printed: list[PrintedDocument], page_of: dict[str, tuple[int, int]]) -> list[Index]:
    """Every entity named in the documents, by kind: its label, and each form found with its pages.

    page_of: anchor -> a sortable page position ((document, page) predicted, or (0, page) laid out)."""
    entities: dict[str, dict] = {}
    for document in printed:
        for anchor, ref, kind_of_name, form in document.names:
            entry = entities.get(ref)
            if entry is None:
                known = document.entities.get(ref, {})
                entry = entities[ref] = {"kind": known.get("kind", KIND_OF_NAME[kind_of_name]),
                                         "label": known.get("label") or form or ref, "sort": known.get("sort"), "forms": {}}
            entry["forms"].setdefault(form, []).append(anchor)
    indexes = []
    for kind, (index_id, heading, empty) in INDEXES.items():
        items: list[IndexItem] = []
        labels: set[str] = set()
        for entry in (e for e in entities.values() if e["kind"] == kind):
            label = entry["label"]
            labels.add(label)
            forms = {form: one_per_page(anchors, page_of) for form, anchors in entry["forms"].items()}
            variants = sorted(((f, a) for f, a in forms.items() if f != label), key=lambda item: _sort_key(item[0]))
            items.append(IndexItem(_sort_key(entry["sort"] or label), label=label, own=forms.get(label, []), variants=variants))
            items += [IndexItem(_sort_key(form), form=form, see=label) for form, _ in variants]
        # No cross-reference from a variant that is itself a headword, nor from one that
        # files where its headword does ("Stalin" beside "Stalin, Joseph").
        filed = {item.label: item.key for item in items if not item.see}
        items = [item for item in items
                 if not (item.see and (item.form in labels or filed[item.see].startswith(item.key.split("\0")[0])))]
        items.sort(key=lambda item: (item.key, bool(item.see)))
        indexes.append(Index(index_id, heading, empty, items))
    return indexes


@dataclass
class Source:
    html: Markup
    documents: list[DocumentSummary]


def build_bibliography(printed: list[PrintedDocument]) -> list[Source]:
    """Every cited source once (merged by its normalised text), with the documents citing it."""
    sources: dict[str, Source] = {}
    for document in printed:
        for key, html in document.sources:
            source = sources.setdefault(key, Source(Markup(html), []))
            if document.summary not in source.documents:
                source.documents.append(document.summary)
    return sorted(sources.values(), key=lambda s: _sort_key(str(s.html.striptags())))


# ------------------------------------------------------------------ the edition


class PrintEdition:
    """Writes the print edition of a list of documents into OUT/pdf/."""

    def __init__(self, edition: Edition, stylesheets: Stylesheets):
        self.edition = edition
        self.stylesheets = stylesheets

    def write(self, documents: list[tuple[str, etree._Element]], out: Path, workers: int | None = None) -> PrintReport:
        clock = _Clock()
        folder = out / "pdf"
        folder.mkdir(parents=True, exist_ok=True)
        printed = self.print_documents(documents, folder, workers)  # 1. each document, in parallel
        clock.lap("documents")
        predicted = {anchor: (number, page) for number, document in enumerate(printed)
                     for anchor, page in document.name_pages.items()}
        typesetter = Typesetter(self.edition)
        indexes = build_indexes(printed, predicted)  # 2. indexes, one reference per page
        laid_out = self._lay_out(typesetter, printed, indexes)  # 3. the edition
        clock.lap("edition layout")
        actual = {anchor: (0, number) for number, page in enumerate(laid_out.pages) for anchor in page.anchors}
        corrected = build_indexes(printed, actual)  # 4. check the page grouping against the layout
        relaid = _references(corrected) != _references(indexes)
        if relaid:
            laid_out = self._lay_out(typesetter, printed, corrected)
            clock.lap("edition layout again")
        write_atomic(folder / "edition.pdf", typesetter.pdf(laid_out))
        clock.lap("edition PDF")
        return PrintReport(len(printed), len(laid_out.pages), sum(d.pages for d in printed),
                           clock.total(), relaid, clock.laps)

    def print_documents(self, documents: list[tuple[str, etree._Element]], folder: Path,
                        workers: int | None = None) -> list[PrintedDocument]:
        """Step 1: every document's section and own PDF, in parallel across processes when there are several."""
        workers = max(1, min(workers or os.cpu_count() or 1, len(documents)))
        if workers == 1:
            printer = DocumentPrinter(self.edition, self.stylesheets)
            results = [_print_one(printer, doc_id, root, folder / f"{doc_id}.pdf") for doc_id, root in documents]
        else:
            _timestamp()  # a bad SOURCE_DATE_EPOCH is said here, not lost in a worker's initializer
            jobs = [(doc_id, etree.tostring(root, encoding="UTF-8"), folder / f"{doc_id}.pdf") for doc_id, root in documents]
            # Spawned, not forked: Saxon and Pango do not survive a fork. (A script that starts a
            # build needs the `if __name__ == "__main__":` guard; the variorum command has it.)
            context = multiprocessing.get_context("spawn")
            chunk = max(1, min(16, len(jobs) // (workers * 4)))
            try:
                with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(self.edition,)) as pool:
                    results = list(pool.map(_print_in_worker, jobs, chunksize=chunk))
            except BrokenProcessPool:
                raise UsageError("a print worker stopped abruptly (out of memory?); try fewer workers") from None
        for (doc_id, _), result in zip(documents, results):
            if isinstance(result, tuple):
                kind, message = result
                raise (UsageError if kind == "io" else InputError)(message, file=doc_id)
        return results

    def _lay_out(self, typesetter: Typesetter, printed: list[PrintedDocument], indexes: list[Index]):
        try:
            return typesetter.layout(self.edition_html(typesetter, printed, indexes))
        except Exception as error:  # every document was typeset alone, so this is ours, but no traceback
            raise InputError(f"cannot typeset the edition: {type(error).__name__}: {error}", file="edition.pdf") from None

    def edition_html(self, typesetter: Typesetter, printed: list[PrintedDocument], indexes: list[Index]) -> str:
        return typesetter.page(
            "print/edition.html",
            documents=[d.summary for d in printed],
            sections=[Markup(d.section) for d in printed],
            indexes=indexes,
            sources=build_bibliography(printed),
        )


class _Clock:
    """Seconds of each step of a run, for the report."""

    def __init__(self):
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps[step] = round(now - self.last, 3)
        self.last = now

    def total(self) -> float:
        return round(time.perf_counter() - self.started, 3)


def _references(indexes: list[Index]) -> list:
    return [(item.own, item.variants) for index in indexes for item in index.items]
