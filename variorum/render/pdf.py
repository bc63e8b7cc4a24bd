"""The print edition: TEI documents -> PDF (xslt/print.xsl, Jinja2, WeasyPrint).

    DIR/pdf/<id>.pdf       one document, as it stands in the edition, with where it comes from
    DIR/pdf/edition.pdf    title page, imprint, contents, the documents, indexes, bibliography

In the order it happens:

    1. documents   each document, in a worker process (one per core, each with its
                   own compiled print.xsl): print.xsl -> the document's section (HTML)
                   -> its own PDF; the worker reports on which of its pages each name
                   occurrence fell. The apparatus as edition.toml asks ([print]
                   apparatus): footnotes, laid out once; or keyed by line and lemma,
                   the lines numbered in the margin, laid out until the lines stay on
                   their pages (render/lines: two or three layouts)
    2. indexes     name occurrences merged per entity and form; of several on one page
                   only the first is kept, so the index says "3, 5", not "3, 3, 3, 5"
    3. edition     every section in one HTML file -> WeasyPrint -> edition.pdf; the page
                   numbers of contents, indexes and bibliography are counted by the
                   layout (target-counter)
    4. check       the pages of the laid-out edition are compared with step 2, and
                   the side on which each document begins with the one its line
                   numbers were set for (the outer margin); the edition is laid out
                   again only if one of them was wrong

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
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from variorum import __version__
from variorum.config import Edition
from variorum.diagnostics import Diagnostic, InputError, Reporter, UsageError
from variorum.document import DocumentSummary, IndexHeading, TeiDocument, edition_heading
from variorum.render import lines as line_map, weasyprint_speedups
from variorum.render.page import INDEXES, NameOccurrence, Source, render_page
from variorum.render.site import template_environment
from variorum.render.xslt import Stylesheets
from variorum.sourcedate import source_date
from variorum.xmlio import NSMAP, XML_LANG, read_xml, write_atomic

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
PRINT_TYPESET = "print-typeset"  # the rule of a document WeasyPrint cannot typeset
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
    layouts: dict[int, int] = field(default_factory=dict)  # layouts of a document (keyed by line) -> how many documents
    unsettled: list[str] = field(default_factory=list)  # documents whose lines still moved after the last layout
    failed: list[str] = field(default_factory=list)  # documents WeasyPrint could not typeset: reported, left out
    printed: list["PrintedDocument"] = field(default_factory=list, repr=False)  # step 1's results, of the documents printed now


@dataclass
class PrintedDocument:
    """One document after step 1: its section of the edition and what the back matter needs."""

    summary: DocumentSummary
    section: str  # HTML
    sources: list[tuple[str, str]]  # (key, citation HTML)
    names: list[NameOccurrence]
    headings: dict[str, IndexHeading]  # entity key -> what the index says of it (label, sort key)
    name_pages: dict[str, int]  # anchor -> page of the document's own PDF (0-based)
    pages: int
    section_pages: int = 0  # pages of the section alone (its own PDF has the offprint note after it)
    layouts: int = 1  # how often it was laid out (keyed by line: until its lines stayed on their pages)
    settled: bool = True  # whether its last layout left every line and apparatus block where the one before had
    line_pages: tuple = ()  # page (of the section) of each numbered line, for step 4


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

    def __init__(self, edition: Edition, reporter: Reporter | None = None):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.edition = edition
        self.reporter = reporter  # where WeasyPrint's fallback to its plain layout is said (weasyprint_speedups)
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
        return weasyprint_speedups.render(page, self.fonts, self.reporter, stylesheets=[self.css], presentational_hints=False)

    @staticmethod
    def pdf(document) -> bytes:
        return document.write_pdf(pdf_identifier=True)


class DocumentPrinter:
    """Step 1 for one document: TEI -> section HTML -> the document's own PDF."""

    def __init__(self, edition: Edition, stylesheets: Stylesheets, reporter: Reporter | None = None):
        self.stylesheets = stylesheets
        self.typesetter = Typesetter(edition, reporter)

    def print(self, document: TeiDocument, target: Path) -> PrintedDocument:
        prefix = f"{document.id}--"
        summary = document.summary
        keyed_by_line = keys_by_line(self.typesetter.edition)
        parts = render_page(self.stylesheets, "print.xsl", document, id_prefix=prefix,
                            apparatus="lines" if keyed_by_line else "footnotes")

        def section(text: Markup) -> str:
            return self.typesetter.env.get_template("print/section.html").render(
                document=summary,
                short_title=_short(summary.title),
                text=text,
                sources=[Markup(html) for _, html in parts.sources],
                witnesses=parts.witnesses,
                lang=_language(document.root),
                keyed_by_line=keyed_by_line,
            )

        def lay_out(text: Markup):
            html = section(text)
            return html, self.typesetter.layout(self.typesetter.page("print/document.html", document=summary, section=Markup(html)))

        if keyed_by_line:
            html, laid_out, lines, layouts, settled = self._lay_out_keyed(line_map.KeyedText(parts, self.typesetter.edition, summary.id), lay_out)
        else:
            (html, laid_out), lines, layouts, settled = lay_out(parts.text_html()), None, 1, True
        anchors = {name.anchor for name in parts.names}
        name_pages = {anchor: number for number, page in enumerate(laid_out.pages) for anchor in page.anchors if anchor in anchors}
        headings = {name.key: document.heading(name.key, name.kind, name.form) for name in parts.names}
        write_atomic(target, self.typesetter.pdf(laid_out))
        end = f"{summary.id}--end"
        section_pages = next((number + 1 for number, page in enumerate(laid_out.pages) if end in page.anchors), len(laid_out.pages))
        return PrintedDocument(summary, html, parts.sources, parts.names, headings, name_pages, len(laid_out.pages),
                               section_pages, layouts, settled, tuple(lines.pages) if lines else ())

    @staticmethod
    def _lay_out_keyed(keyed: line_map.KeyedText, lay_out):
        """Lay out, read the lines, key the text to them, lay out again: until the lines and the
        apparatus blocks stay on their pages, at most lines.MAX_LAYOUTS times."""
        html, laid_out = lay_out(keyed.html(None))
        lines = _lines_of(laid_out, keyed.article)
        for layouts in range(2, line_map.MAX_LAYOUTS + 1):
            html, laid_out = lay_out(keyed.html(lines))
            again = _lines_of(laid_out, keyed.article)
            if again.key() == lines.key():
                return html, laid_out, again, layouts, True
            lines = again
        return html, laid_out, lines, line_map.MAX_LAYOUTS, False


def keys_by_line(edition: Edition) -> bool:
    """Whether the apparatus is keyed by line: edition.toml asks, and this WeasyPrint's lines can be read."""
    return edition.apparatus == "lines" and weasyprint_speedups.why_plain() is None


def _lines_of(laid_out, article: str, page_offset: int = 0) -> line_map.DocumentLines:
    pages = weasyprint_speedups.laid_out_lines(laid_out)
    return line_map.read_lines(pages, page_offset).get(article, line_map.DocumentLines())


# One printer per worker process, made by the pool's initializer (the stylesheet is compiled once per process).
_printer: DocumentPrinter | None = None


def _start_worker(edition: Edition) -> None:
    global _printer
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    _printer = DocumentPrinter(edition, Stylesheets())


def _print_in_worker(job: tuple[str, str, bytes, Path]) -> PrintedDocument | tuple[str, str]:
    doc_id, file, data, target = job
    return _print_one(_printer, TeiDocument(doc_id, file, read_xml(data, file).strict().getroot()), target)


def _print_one(printer: DocumentPrinter, document: TeiDocument, target: Path) -> PrintedDocument | tuple[str, str]:
    """One document, or what went wrong with it: (kind, message), reported by the parent with the document's id."""
    try:
        return printer.print(document, target)
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
    candidates: dict[str, list[IndexHeading]] = {}
    found: dict[str, dict[str, list[str]]] = {}
    for document in printed:
        for name in document.names:
            if name.key not in found:
                candidates[name.key] = []
            if document.headings[name.key] not in candidates[name.key]:
                candidates[name.key].append(document.headings[name.key])
            found.setdefault(name.key, {}).setdefault(name.form, []).append(name.anchor)
    entities = {key: (edition_heading(candidates[key]), forms) for key, forms in found.items()}
    indexes = []
    for kind, index in INDEXES.items():
        items: list[IndexItem] = []
        labels: set[str] = set()
        for heading, found in (e for e in entities.values() if e[0].kind == kind):
            label = heading.label
            labels.add(label)
            forms = {form: one_per_page(anchors, page_of) for form, anchors in found.items()}
            variants = sorted(((f, a) for f, a in forms.items() if f != label), key=lambda item: _sort_key(item[0]))
            items.append(IndexItem(_sort_key(heading.sort or label), label=label, own=forms.get(label, []), variants=variants))
            items += [IndexItem(_sort_key(form), form=form, see=label) for form, _ in variants]
        # No cross-reference from a variant that is itself a headword, nor from one that
        # files where its headword does ("Stalin" beside "Stalin, Joseph").
        filed = {item.label: item.key for item in items if not item.see}
        items = [item for item in items
                 if not (item.see and (item.form in labels or filed[item.see].startswith(item.key.split("\0")[0])))]
        items.sort(key=lambda item: (item.key, bool(item.see)))
        indexes.append(Index(index.print_id, index.print_heading, index.empty, items))
    return indexes


def build_bibliography(printed: list[PrintedDocument]) -> list[Source]:
    """Every cited source once (merged by its normalised text), with the documents citing it."""
    sources: dict[str, Source] = {}
    for document in printed:
        for key, html in document.sources:
            source = sources.setdefault(key, Source(Markup(html)))
            if document.summary not in source.documents:
                source.documents.append(document.summary)
    return sorted(sources.values(), key=lambda s: _sort_key(str(s.html.striptags())))


# ------------------------------------------------------------------ the edition


class PrintEdition:
    """Writes the print edition of a list of documents into OUT/pdf/.

    With a reporter (the build's), a document that cannot be typeset is an error diagnostic
    (rule print-typeset) and is left out of the print edition, the others printed; without
    one, it is an InputError that ends the run."""

    def __init__(self, edition: Edition, stylesheets: Stylesheets, reporter: Reporter | None = None):
        self.edition = edition
        self.stylesheets = stylesheets
        self.reporter = reporter
        self.failed: list[str] = []  # ids of the documents left out, in the order given
        self.diagnostics: list[Diagnostic] = []  # what was said of them (also given to the reporter)

    def write(self, documents: list[TeiDocument | PrintedDocument], out: Path, workers: int | None = None) -> PrintReport:
        """The print edition of the documents, in their order. A document given as a PrintedDocument was printed
        by an earlier build (an incremental build puts its PDF in place): only the edition takes it in."""
        clock = _Clock()
        folder = out / "pdf"
        folder.mkdir(parents=True, exist_ok=True)
        fresh = {p.summary.id: p for p in self.print_documents([d for d in documents if isinstance(d, TeiDocument)], folder, workers)}  # 1. each document, in parallel
        documents = [d for d in documents if not isinstance(d, TeiDocument) or d.id in fresh]  # those typeset
        printed = [fresh[d.id] if isinstance(d, TeiDocument) else d for d in documents]
        clock.lap("documents")
        predicted = {anchor: (number, page) for number, document in enumerate(printed)
                     for anchor, page in document.name_pages.items()}
        typesetter = Typesetter(self.edition, self.reporter)
        indexes = build_indexes(printed, predicted)  # 2. indexes, one reference per page
        starts_left = _starts_left(printed)
        laid_out = self._lay_out(typesetter, printed, indexes, starts_left)  # 3. the edition
        clock.lap("edition layout")
        actual = {anchor: (0, number) for number, page in enumerate(laid_out.pages) for anchor in page.anchors}
        corrected = build_indexes(printed, actual)  # 4. check the page grouping and the sides against the layout
        actual_left = [_begins_left(laid_out, d.summary.id) for d in printed] if keys_by_line(self.edition) else starts_left
        relaid = _references(corrected) != _references(indexes) or actual_left != starts_left
        if relaid:
            laid_out = self._lay_out(typesetter, printed, corrected, actual_left)
            clock.lap("edition layout again")
        write_atomic(folder / "edition.pdf", typesetter.pdf(laid_out))
        clock.lap("edition PDF")
        layouts: dict[int, int] = {}
        for document in printed:
            layouts[document.layouts] = layouts.get(document.layouts, 0) + 1
        unsettled = [d.summary.id for d in printed if not d.settled]
        if self.reporter is not None:
            files = {d.id: d.file for d in documents if isinstance(d, TeiDocument)}
            for document in printed:
                if not document.settled:
                    self.reporter.add(Diagnostic(files.get(document.summary.id, document.summary.id), None, None, "warning", "print-lines",
                        f"{document.summary.id}: its lines still moved after {document.layouts} layouts: an apparatus entry "
                        "may be keyed to the line before or after its lemma"))
        return PrintReport(len(printed), len(laid_out.pages), sum(d.pages for d in printed),
                           clock.total(), relaid, clock.laps, dict(sorted(layouts.items())),
                           unsettled, list(self.failed),
                           [d for d, given in zip(printed, documents) if isinstance(given, TeiDocument)])

    def print_documents(self, documents: list[TeiDocument], folder: Path,
                        workers: int | None = None) -> list[PrintedDocument]:
        """Step 1: every document's section and own PDF, in parallel across processes when there are several."""
        workers = max(1, min(workers or os.cpu_count() or 1, len(documents)))
        if not documents:
            return []
        if workers == 1:
            printer = DocumentPrinter(self.edition, self.stylesheets, self.reporter)
            results = [_print_one(printer, document, folder / f"{document.id}.pdf") for document in documents]
        else:
            _timestamp()  # a bad SOURCE_DATE_EPOCH is said here, not lost in a worker's initializer
            jobs = [(d.id, d.file, etree.tostring(d.root, encoding="UTF-8"), folder / f"{d.id}.pdf") for d in documents]
            import multiprocessing  # here: a build without a PDF to make (--no-pdf, an incremental one) need not load it
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            # Spawned, not forked: Saxon and Pango do not survive a fork. (A script that starts a
            # build needs the `if __name__ == "__main__":` guard; the variorum command has it.)
            context = multiprocessing.get_context("spawn")
            chunk = max(1, min(16, len(jobs) // (workers * 4)))
            try:
                with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(self.edition,)) as pool:
                    results = list(pool.map(_print_in_worker, jobs, chunksize=chunk))
            except BrokenProcessPool:
                raise UsageError("a print worker stopped abruptly (out of memory?); try fewer workers") from None
        typeset = []
        for document, result in zip(documents, results):
            if isinstance(result, tuple):
                kind, message = result
                if kind == "io" or self.reporter is None:
                    raise (UsageError if kind == "io" else InputError)(message, file=document.file)
                self.failed.append(document.id)
                self.diagnostics.append(Diagnostic(document.file, None, None, "error", PRINT_TYPESET,
                                                   f"{document.id}: left out of the print edition: {message}"))
                self.reporter.add(self.diagnostics[-1])
                continue
            # The headings as the document given reads them (a worker's copy has not the edition's registers).
            result.headings = {name.key: document.heading(name.key, name.kind, name.form) for name in result.names}
            typeset.append(result)
        return typeset

    def _lay_out(self, typesetter: Typesetter, printed: list[PrintedDocument], indexes: list[Index], starts_left: list[bool]):
        try:
            return typesetter.layout(self.edition_html(typesetter, printed, indexes, starts_left))
        except Exception as error:  # every document was typeset alone, so this is ours, but no traceback
            raise InputError(f"cannot typeset the edition: {type(error).__name__}: {error}", file="edition.pdf") from None

    def edition_html(self, typesetter: Typesetter, printed: list[PrintedDocument], indexes: list[Index],
                     starts_left: list[bool] | None = None) -> str:
        starts_left = starts_left or [False] * len(printed)
        return typesetter.page(
            "print/edition.html",
            documents=[d.summary for d in printed],
            sections=[Markup(d.section) for d in printed],
            starts_left=starts_left,
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


def _starts_left(printed: list[PrintedDocument]) -> list[bool]:
    """Whether each document begins on a left-hand page of the edition: the first begins on a right-hand
    page, each next one on the page after the last of the one before (print.css)."""
    starts, pages = [], 0
    for document in printed:
        starts.append(pages % 2 == 1)
        pages += document.section_pages or document.pages
    return starts


def _begins_left(laid_out, anchor: str) -> bool:
    """Whether the page of an anchor is a left-hand page, as laid out."""
    return next((number % 2 == 1 for number, page in enumerate(laid_out.pages) if anchor in page.anchors), False)


def _references(indexes: list[Index]) -> list:
    return [(item.own, item.variants) for index in indexes for item in index.items]
