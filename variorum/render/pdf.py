"""The print edition: TEI documents -> PDF (xslt/print.xsl, Jinja2, WeasyPrint, pikepdf).

    DIR/pdf/<id>.pdf       one document as it stands in the edition, on the book's page
                           numbers (an offprint: what a scholar cites), then where it comes from
    DIR/pdf/edition.pdf    title page, imprint, contents, the documents, indexes, bibliography

The book is assembled from separately laid-out parts: no step lays out the whole book,
every document is laid out on every core, and each once (keyed by line: until its lines
stay on their pages). In the order it happens:

    1. documents   each document, in a worker process (one per core, each with its own
                   compiled print.xsl): print.xsl -> the document's section (HTML) -> laid
                   out alone, with the offprint note on a page after it, and no folio,
                   running head or margin number (print/document.html): its body, written
                   to a PDF of the run's; the worker reports its pages, on which of them
                   each name occurrence fell and, keyed by line, the top of each numbered
                   line. The apparatus as edition.toml asks ([print] apparatus): footnotes,
                   laid out once; or keyed by line and lemma: laid out once with each entry's
                   room kept, unseen, at the foot of its lemma's page, the blocks keyed to
                   those lines laid out alone as a layer over the pages (print/apparatus.html,
                   written beside the body) when they fit that room (_apparatus_layer: most
                   documents); else keyed into the text and laid out until the lines stay on
                   their pages (render/lines: two or three layouts). Notes that WeasyPrint puts
                   off from the last page (more than its foot holds) would stand on the offprint
                   note's page and after it, which the book leaves out: the document is laid
                   out again with pages of its own for them (NOTES_OVER).
    2. plan        the front matter's pages (title page, imprint, contents): with several
                   workers, laid out in a thread of the parent while they do step 1, with the
                   documents' titles and stand-in page numbers (a page number sits in the
                   contents' right-hand margin: it moves no line); with one, laid out in the
                   parent now, again until its page count stays; then each document's first page: the first on a right-hand
                   page, each next one on the page after the one before; the indexes, one
                   reference per page, on those numbers (build_indexes)
    3. parts       in the workers: the back matter (indexes, bibliography) on its pages
                   after the last document; and for runs of documents that follow one another,
                   their sheets (print/sheets.html): a page for each of their pages with its
                   folio, its running head and the numbers of its lines in the outer margin,
                   laid out once for the run (some 10 ms a page), written for each document
                   alone (its PDF holds the glyphs of its own pages, whatever the run), laid
                   over its page of the body with its apparatus layer (pikepdf) ->
                   pdf/<id>.pdf, the offprint. A document's pages are
                   the same wherever the book puts them: every page has the same text block
                   (print.css), and nothing on the body depends on its page number or side.
                   Meanwhile the parent lays out the front matter with the page numbers of
                   the plan and the back matter's; where its pages are not those planned, the
                   plan is made again (at most MAX_PLANS times).
    4. book        pikepdf (qpdf) puts the parts together: the front matter, a blank page
                   where a part must begin on a right-hand page, each document's pages (its
                   PDF without the offprint note), the back matter; the outline is the parts'
                   bookmarks, the contents' and indexes' page numbers become links to their
                   pages (WeasyPrint writes them as `variorum-page:N` addresses, made page
                   destinations here), the metadata and language are the front matter's.

The parent holds the documents' sections and page maps only, never laid-out pages. Each
part has its own font subsets; the book and each offprint hold a face once, its parts'
subsets merged (render/font_subsets).

An incremental build gives the documents it printed before as PrintedDocuments (with the
first page their PDF was put on): a PDF whose first page is unchanged is taken as it is
(from `previous`, the previous site's pdf/), any other laid out again from its section
in step 3; the pages it has then are checked against its record (a document whose pages
moved is said, print-pages, and steps 2-3 are done again, at most MAX_PLANS times). Page
templates: print/front.html, print/document.html, print/sheets.html, print/back.html
(print/base.html around each).

WeasyPrint's lookups that grow with the size of a document (render/weasyprint_speedups)
are answered by index on the versions that module was verified on.

Reproducible: no clock is read. The PDF dates come from SOURCE_DATE_EPOCH when it
is set (none are written otherwise; variorum/sourcedate reads it), the file
identifiers are hashes of the content, and nothing is fetched but the pictures of
the texts that lie in the edition's folder (picture_fetcher); fonts come from the system.
"""
from __future__ import annotations

import io
import logging
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from variorum import __version__
from variorum.config import Edition
from variorum.diagnostics import Diagnostic, InputError, Reporter, UsageError
from variorum.document import DocumentSummary, IndexHeading, TeiDocument, edition_heading
from variorum.render import lines as line_map, weasyprint_speedups
from variorum.render.facsimile import local_image_file, place_graphics
from variorum.render.font_subsets import share_fonts
from variorum.render.page import INDEXES, NameOccurrence, Source, inner_html, render_page
from variorum.render.site import template_environment
from variorum.render.xslt import Stylesheets
from variorum.sourcedate import source_date
from variorum.xmlio import NSMAP, XML_LANG, read_xml, write_atomic

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
PRINT_TYPESET = "print-typeset"  # the rule of a document WeasyPrint cannot typeset
PRINT_PAGES = "print-pages"  # the rule of a document whose pages moved in its final layout
SHORT_TITLE = 60  # characters of a document title in the running head
OFFPRINT_NOTE = 1  # pages after a document's own in its PDF: where it comes from (print/document.html)
PAGE_LINK = "variorum-page:"  # a link to a page of the book, as the front and back matter are laid out (step 4)
MAX_PLANS = 3  # steps 2-3 at most this often (again only where a document's pages moved)
LAYER_SLACK = 28.0  # CSS px (two lines of the apparatus): the most room at a page's foot its apparatus layer may leave empty
FOOTNOTE = re.compile(r'class="footnote[ "]')
OFFPRINT_ANCHOR = "offprint-note"  # the id of the offprint note (print/document.html)
NOTES_OVER = '<div class="notes-over"></div>'  # print.css: a page of its own, where notes put off stand (_notes_over)
BLOCK = re.compile(r'data-block="([^"]+)"')  # an apparatus block keyed by line (render/lines)


@dataclass
class PrintReport:
    """What a print run made, for the build log and the benchmark."""

    documents: int
    pages: int  # pages of edition.pdf
    document_pages: int  # pages of all per-document PDFs together (each: its pages in the book and the offprint note)
    seconds: float
    moved: list[str] = field(default_factory=list)  # documents whose pages in their final layout were not those of step 1
    steps: dict[str, float] = field(default_factory=dict)  # seconds of each step
    layouts: dict[int, int] = field(default_factory=dict)  # layouts of a document in step 1 (keyed by line) -> how many documents
    unsettled: list[str] = field(default_factory=list)  # documents whose lines still moved after the last layout
    failed: list[str] = field(default_factory=list)  # documents WeasyPrint could not typeset: reported, left out
    printed: list["PrintedDocument"] = field(default_factory=list, repr=False)  # every document printed, in order, as laid out
    laid_out: list[str] = field(default_factory=list)  # the documents whose PDF this run wrote (step 3)
    notes: int = 0  # apparatus entries of the documents (footnotes, or entries keyed by line)
    front_pages: int = 0
    back_pages: int = 0


@dataclass
class PrintedDocument:
    """One document after step 1: its section of the edition and what the book and back matter need."""

    summary: DocumentSummary
    section: str  # HTML
    sources: list[tuple[str, str]]  # (key, citation HTML)
    names: list[NameOccurrence]
    headings: dict[str, IndexHeading]  # entity key -> what the index says of it (label, sort key)
    name_pages: dict[str, int]  # anchor -> page of the document (0-based)
    pages: int  # pages of the document in the book
    section_pages: int = 0  # the same (kept for the records of earlier builds)
    layouts: int = 1  # how often step 1 laid it out (keyed by line: until its lines stayed on their pages)
    settled: bool = True  # whether its last layout left every line and apparatus block where the one before had
    line_pages: tuple = ()  # page (of the document) of each numbered line
    notes: int = 0  # its apparatus entries
    first_page: int = 0  # the book's number of its first page, as its PDF was put on the book's pages (0: none yet)
    starts_left: bool = False  # whether that first page is a left-hand one
    margin: tuple = ()  # keyed by line: the numbers in the margin of each of its pages ((top, number), ...: lines.margin)
    layer: str = ""  # keyed by line, laid out once: the apparatus as a layer over its pages (HTML; see _apparatus_layer)
    keys: dict = field(default_factory=dict)  # keyed by line: each entry's line in the print (`12`, `12–13`; by page `0:12`), by its number
    misplaced: tuple = ()  # keyed by line, unsettled: (page keyed for, page found on) of each block its last layout put elsewhere
    overfull: tuple = ()  # keyed by line, unsettled: the pages whose apparatus its last layout ran past the page's foot (not all printed)


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


@dataclass(frozen=True)
class Placed:
    """Step 3 for one document: its pages laid out (`body`, from step 1; or, from an earlier build, laid out
    now from `section`) put on its pages of the book, with their folios, running heads and margin numbers
    (the sheets), and written to `target`, its offprint."""

    summary: DocumentSummary
    first_page: int
    pages: int  # its pages as step 1 counted them
    margin: tuple  # the numbers in its margin (PrintedDocument.margin)
    body: Path
    target: Path
    section: str | None = None  # the section to lay out first, when no body is there
    layer: str = ""  # the apparatus layer's HTML, laid out with the section (PrintedDocument.layer)
    anchors: tuple[str, ...] = ()  # its name occurrences, whose pages are checked when it is laid out again
    keyed: bool = False  # whether its lines are read and checked too


@dataclass(frozen=True)
class PartResult:
    id: str
    pages: int  # pages of the document (its PDF holds OFFPRINT_NOTE more)
    name_pages: dict
    line_pages: tuple
    margin: tuple = ()


@dataclass(frozen=True)
class Matter:
    """The front or back matter laid out: its PDF, its pages, the page (0-based) of each anchor asked for."""

    pdf: bytes
    pages: int
    anchors: dict


# ------------------------------------------------------------------ laying out


def _no_fetch(url: str, *args, **kwargs):
    """Nothing is fetched for print.css: no fonts or pictures from the web or the disk."""
    raise ValueError(f"the print edition fetches nothing ({url[:80]})")


def picture_fetcher(confine: Path):
    """WeasyPrint's url_fetcher for the edition's pages: the pictures of the text, as place_graphics gave them
    (file: URLs of images inside the edition's folder, every link followed), and nothing else: no address on
    the web, no other file, no data: or other scheme."""
    def fetch(url: str, *args, **kwargs):
        source = local_image_file(url, confine)
        if source is None:
            raise ValueError(f"the print edition fetches only the pictures of its texts ({url[:80]})")
        from weasyprint.urls import URLFetcherResponse

        return URLFetcherResponse(url, body=source.read_bytes())

    return fetch


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
        self.fetch = picture_fetcher(edition.root)
        self.timestamp = _timestamp()

    def page(self, template: str, **context) -> str:
        return self.env.get_template(template).render(
            edition=self.edition, version=__version__, timestamp=self.timestamp, **context)

    def layout(self, html: str, keep_footnotes: bool = False):
        """HTML -> a laid-out WeasyPrint document (pages, anchors, bookmarks). `keep_footnotes`: a page's
        footnotes stay on it, the lines go (weasyprint_speedups: the apparatus keyed by line)."""
        from weasyprint import HTML

        page = HTML(string=html, url_fetcher=self.fetch)
        return weasyprint_speedups.render(page, self.fonts, self.reporter, keep_footnotes=keep_footnotes,
                                          stylesheets=[self.css], presentational_hints=False)

    @staticmethod
    def pdf(document) -> bytes:
        return document.write_pdf(pdf_identifier=True)

    def body(self, summary: DocumentSummary, section: str, provisional: bool = False):
        """A document's pages as laid out alone (step 1): its section, then the offprint note on a page of its
        own; no folio, running head or margin number (the sheets put them on in step 3). `provisional`: the
        apparatus keyed by line takes its room at the foot of the pages unseen, rule and all (render/lines)."""
        return self.layout(self.page("print/document.html", document=summary, section=Markup(section), bare=True,
                                     provisional=provisional), keep_footnotes=keys_by_line(self.edition))

    def offprints(self, run: list[Placed]) -> list[PartResult | tuple[str, str]]:
        """Step 3 for a run of documents that follow one another in the book: each one's body (laid out now
        where it is not there) and the sheets of their pages, one on the other, written to its offprint."""
        results: list[PartResult | tuple[str, str]] = [self._body_of(job) for job in run]
        placed = [(number, replace(job, pages=result.pages, margin=result.margin))
                  for number, (job, result) in enumerate(zip(run, results)) if isinstance(result, PartResult)]
        if not placed:
            return results
        number_of = {job.summary.id: number for number, job in placed}
        for contiguous in _runs([job for _, job in placed], len(placed)):  # a document that failed leaves a gap
            sheets = self._sheets(contiguous)
            at = 1 if starts_left(contiguous[0].first_page) else 0  # the empty right-hand page before a left-hand beginning
            for job in contiguous:
                # Each document's sheets written alone: its PDF holds the glyphs of its own pages, whatever run
                # it was laid out in (an incremental build's runs are not a clean one's, its bytes are).
                own = self.pdf(sheets.copy(sheets.pages[at:at + job.pages]))
                failure = _write_offprint(job, own, pages_of(self.edition, job.first_page, job.first_page + job.pages - 1))
                if failure is not None:
                    results[number_of[job.summary.id]] = failure
                at += job.pages
        return results

    def _body_of(self, job: Placed) -> PartResult | tuple[str, str]:
        """The document's pages laid out: as step 1 wrote them, or laid out now from its section (and read)."""
        if job.section is None:
            return PartResult(job.summary.id, job.pages, {}, (), job.margin)
        try:
            laid_out = self.body(job.summary, job.section, provisional=bool(job.layer))
            write_atomic(job.body, self.pdf(laid_out))
            if job.layer:
                write_atomic(_layer_file(job.body), self.pdf(self.layout(job.layer)))
        except OSError as error:
            return ("io", f"cannot write {job.body}: {error.strerror or error}")
        except Exception as error:
            return ("input", f"cannot typeset the document: {type(error).__name__}: {error}")
        pages = laid_out.pages[:len(laid_out.pages) - OFFPRINT_NOTE]
        wanted = set(job.anchors)
        name_pages = {anchor: number for number, page in enumerate(pages) for anchor in page.anchors if anchor in wanted}
        lines = _lines_of(laid_out, job.summary.id) if job.keyed else None
        margin = lines.margin(self.edition.restart, self.edition.line_numbers_every) if lines else ()
        return PartResult(job.summary.id, len(pages), name_pages, tuple(lines.pages) if lines else (), margin)

    def _sheets(self, run: list[Placed]):
        """The sheets of a run of documents laid out: one page for each of their pages in the book, with its
        folio, running head and the numbers of its lines in the outer margin (print/sheets.html)."""
        first = run[0].first_page
        documents = [(job.summary, _short(job.summary.title),
                      [(job.first_page + n, job.margin[n] if n < len(job.margin) else ()) for n in range(job.pages)])
                     for job in run]
        html = self.page("print/sheets.html", documents=documents, first_page=first, starts_left=starts_left(first))
        return self.layout(html)

    def matter(self, html: str, anchors: tuple[str, ...] = ()) -> Matter:
        """The front or back matter: laid out, written, with the page of each anchor asked for."""
        laid_out = self.layout(html)
        wanted = set(anchors)
        found = {anchor: number for number, page in enumerate(laid_out.pages) for anchor in page.anchors if anchor in wanted}
        return Matter(self.pdf(laid_out), len(laid_out.pages), found)


class DocumentPrinter:
    """Step 1 for one document: TEI -> section HTML -> laid out alone: its pages and where its names fell."""

    def __init__(self, edition: Edition, stylesheets: Stylesheets, reporter: Reporter | None = None):
        self.stylesheets = stylesheets
        self.typesetter = Typesetter(edition, reporter)

    def print(self, document: TeiDocument, body: Path | None = None) -> PrintedDocument:
        """The document printed; its pages as laid out written to `body` (a PDF) when one is given."""
        prefix = f"{document.id}--"
        summary = document.summary
        keyed_by_line = keys_by_line(self.typesetter.edition)
        parts = render_page(self.stylesheets, "print.xsl", document, id_prefix=prefix,
                            apparatus="lines" if keyed_by_line else "footnotes")
        # the pictures of the text printed from their files, those the web publishes (the web says the others)
        place_graphics(parts.text, document.file, self.typesetter.edition.root, lambda source, number: source.as_uri())

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

        def lay_out(text: Markup, provisional: bool = False):
            html = section(text)
            return html, self.typesetter.body(summary, html, provisional)

        layer = None
        if keyed_by_line:
            keyed = line_map.KeyedText(parts, self.typesetter.edition, summary.id)
            html, laid_out, lines, layouts, settled, layer = self._lay_out_keyed(keyed, lay_out)
            notes, keys = len(keyed.entries), keyed.keys(lines)
        else:
            (html, laid_out), lines, layouts, settled = lay_out(parts.text_html()), None, 1, True
            notes, keys = len(FOOTNOTE.findall(html)), {}
        for _ in range(3):
            # Notes that WeasyPrint put off from the last pages stand on the offprint note's page and after it,
            # which the book leaves out: the document is given as many pages more for them (its section keeps
            # them, for step 3 too), until none is put off so far.
            over = _pages_put_off(laid_out)
            if layer is not None or not over:
                break
            html = _notes_over(html, over)
            laid_out = self.typesetter.body(summary, html)
            if keyed_by_line:
                lines = _lines_of(laid_out, keyed.article)
                keys = keyed.keys(lines)
        misplaced = lines.misplaced() if lines is not None and not settled else ()
        overfull = tuple(line_map.overfull_pages(lines, weasyprint_speedups.laid_out_lines(laid_out),
                                                 weasyprint_speedups.element_heights(laid_out, "data-block") or {})
                         ) if lines is not None and not settled else ()
        if body is not None:
            write_atomic(body, self.typesetter.pdf(laid_out))
            if layer is not None:
                write_atomic(_layer_file(body), self.typesetter.pdf(layer[1]))
        pages = len(laid_out.pages) - OFFPRINT_NOTE
        anchors = {name.anchor for name in parts.names}
        name_pages = {anchor: number for number, page in enumerate(laid_out.pages[:pages]) for anchor in page.anchors if anchor in anchors}
        headings = {name.key: document.heading(name.key, name.kind, name.form) for name in parts.names}
        margin = lines.margin(self.typesetter.edition.restart, self.typesetter.edition.line_numbers_every) if lines else ()
        return PrintedDocument(summary, html, parts.sources, parts.names, headings, name_pages, pages,
                               pages, layouts, settled, tuple(lines.pages) if lines else (), notes, margin=margin,
                               layer=layer[0] if layer else "", keys=keys, misplaced=misplaced,
                               overfull=overfull)

    def _lay_out_keyed(self, keyed: line_map.KeyedText, lay_out):
        """Lay out with each entry's room at the foot of its lemma's page, unseen; read the lines; key the
        apparatus to them as a layer over the pages (_apparatus_layer): where each page's fits the room its
        entries took, that is the print, laid out once. Else key the text to the lines and lay out again:
        until a layout leaves every line and apparatus block where the text was keyed for
        (DocumentLines.keeps), at most lines.MAX_LAYOUTS times, and once more for each cycle broken (its room
        laid out and checked; a broken cycle may send a line on to the next page, and that page cycle in turn),
        never more than lines.MOST_LAYOUTS. The HTML, the layout, its lines, the layouts,
        whether they settled, and the layer ((HTML, layout), or None)."""
        html, laid_out = lay_out(keyed.html(None), provisional=bool(keyed.entries))
        pages = weasyprint_speedups.laid_out_lines(laid_out)
        lines = line_map.read_lines(pages).get(keyed.article, line_map.DocumentLines())
        if not keyed.entries:  # nothing at the foot: the lines are where they stay
            return html, laid_out, lines, 1, True, None
        layer = self._apparatus_layer(keyed, lines, pages[:len(pages) - OFFPRINT_NOTE])
        if layer is not None:
            return html, laid_out, lines, 1, True, layer
        tried: list[line_map.Tried] = []
        spacers: dict[int, float] = {}
        layouts, limit = 1, line_map.MAX_LAYOUTS
        while layouts < limit:
            layouts += 1
            text = keyed.html(lines, spacers)
            html, laid_out = lay_out(text)
            pages = weasyprint_speedups.laid_out_lines(laid_out)
            again = line_map.read_lines(pages).get(keyed.article, line_map.DocumentLines())
            heights = weasyprint_speedups.element_heights(laid_out, "data-block") or {}
            if again.keeps(lines, set(BLOCK.findall(text))) and not line_map.overfull_pages(again, pages, heights):
                return html, laid_out, again, layouts, True, None
            tried.append(line_map.Tried(lines, again, [page.footnote_height for page in pages]))
            lines = again
            broken = line_map.break_two_cycle(tried)
            if broken is not None:  # a line with an entry goes back and forth over a page break: it goes over
                lines, page, room = broken
                spacers[page] = spacers.get(page, 0.0) + room
                limit = min(limit + 1, line_map.MOST_LAYOUTS)
            elif keyed.continue_blocks(again, pages, heights, weasyprint_speedups.foot_lines(laid_out)):
                limit = min(limit + 1, line_map.MOST_LAYOUTS)  # a block too tall for its page's foot runs on to the next
            elif again == tried[-1].keyed_for:
                break  # keyed for these very lines, it gave them: keyed for them again, it would give them again
        return html, laid_out, lines, layouts, False, None

    def _apparatus_layer(self, keyed: line_map.KeyedText, lines: line_map.DocumentLines, pages: list):
        """The apparatus of each page, keyed to the lines of the first layout, laid out on its own at the foot
        of a page of its own (print/apparatus.html), to be laid over the text's: (HTML, layout) when every
        page's fits the room its entries took there (the footnote area of the unseen provisional entries) and
        leaves at most LAYER_SLACK of it empty; else None."""
        blocks = keyed.blocks(lines)
        if any(page >= len(pages) for page in blocks):
            return None
        sheets = []
        for number, page in enumerate(pages):
            wrapper = etree.Element("div")
            wrapper.extend(blocks.get(number, ()))
            sheets.append((number, Markup(inner_html(wrapper)), round(page.content_height - 1, 2)))
        html = self.typesetter.page("print/apparatus.html", sheets=sheets, bare=True)
        layer = self.typesetter.layout(html)
        heights = weasyprint_speedups.element_heights(layer, "data-layer") or {}
        if len(layer.pages) != len(pages):
            return None
        for number, page in enumerate(pages):
            needed = heights.get(str(number), 0.0) if number in blocks else 0.0
            if not 0 <= page.footnote_height - needed <= LAYER_SLACK:
                return None
        return html, layer


def _misplaced_said(document: PrintedDocument) -> str:
    """What the warning of an unsettled document says of its misplaced blocks and of the pages whose apparatus
    runs past their foot, on the book's pages where it knows them."""
    def page(number: int) -> str:
        return f"p. {document.first_page + number}" if document.first_page else f"its page {number + 1}"

    def some(said: list[str]) -> str:
        return ", ".join(said[:3]) + (f", and {len(said) - 3} more" if len(said) > 3 else "")

    what = ""
    if document.misplaced:
        places = some([f"of {page(keyed)} stands on {page(found)}" for keyed, found in document.misplaced])
        what += f"; the apparatus {places}: more than the foot of its page holds below its lines"
    if document.overfull:
        what += (f"; the apparatus at the foot of {some([page(number) for number in document.overfull])} runs past "
                 "the page, and what is below it is not printed")
    return what + " (split a long note, or move it to the commentary)" if what else ""


def _pages_put_off(laid_out) -> int:
    """The pages of a document's layout, from its offprint note's on, that hold notes put off from its text."""
    note = next((n for n, page in enumerate(laid_out.pages) if OFFPRINT_ANCHOR in page.anchors), len(laid_out.pages) - OFFPRINT_NOTE)
    return sum(weasyprint_speedups.footnotes_on(page) for page in laid_out.pages[note:])


def _notes_over(section: str, pages: int) -> str:
    """A document's section with `pages` pages more at its end, for the notes its last pages put off (NOTES_OVER)."""
    end = section.rindex("</article>")
    return section[:end] + NOTES_OVER * pages + section[end:]


def keys_by_line(edition: Edition) -> bool:
    """Whether the apparatus is keyed by line: edition.toml asks, and this WeasyPrint's lines can be read."""
    return edition.apparatus == "lines" and weasyprint_speedups.why_plain() is None


def _lines_of(laid_out, article: str) -> line_map.DocumentLines:
    return line_map.read_lines(weasyprint_speedups.laid_out_lines(laid_out)).get(article, line_map.DocumentLines())


def _lay_over(page, sheet, name: str) -> None:
    """pikepdf's Page.add_overlay, under a name of ours: its own is random, and the PDF would not be reproducible.
    One name a page and layer: WeasyPrint's pages share their resources."""
    import pikepdf

    form = sheet.as_form_xobject()
    name = page.add_resource(form, pikepdf.Name.XObject, name=pikepdf.Name(f"/VariorumLayer{name}"))
    placement = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.trimbox))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n" + placement)
    page.contents_coalesce()


def _layer_file(body: Path) -> Path:
    """Where step 1 writes a document's apparatus layer, beside its body."""
    return body.with_suffix(".apparatus.pdf")


def _write_offprint(job: Placed, sheets: bytes, description: str) -> tuple[str, str] | None:
    """A document's offprint: its pages (the body) with their apparatus layer (where step 1 made one) and their
    sheets (a PDF) laid over them, the offprint note after them, its subject where it stands in the book
    (pages_of). What went wrong, or None."""
    import pikepdf

    layer_file = _layer_file(job.body)
    opened = []
    try:
        pdf = pikepdf.open(job.body)
        opened.append(pdf)
        layers = [pikepdf.open(layer_file)] if layer_file.is_file() else []
        layers.append(pikepdf.open(io.BytesIO(sheets)))
        opened += layers
        for number in range(job.pages):
            for which, layer in enumerate(layers):
                _lay_over(pdf.pages[number], layer.pages[number], f"{which}-{number}")
        pdf.docinfo["/Subject"] = description
        share_fonts(pdf)  # the body's, the layer's and the sheets' subsets of a face: one
        stream = io.BytesIO()
        pdf.save(stream, deterministic_id=True)
        write_atomic(job.target, stream.getvalue())
    except OSError as error:
        return ("io", f"cannot write {job.target}: {error.strerror or error}")
    except pikepdf.PdfError as error:
        return ("input", f"cannot put the document on its pages: {error}")
    finally:
        for each in opened:
            each.close()
    return None


# One printer per worker process, made by the pool's initializer (the stylesheet is compiled once per process).
_printer: DocumentPrinter | None = None


def _start_worker(edition: Edition) -> None:
    global _printer
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    _printer = DocumentPrinter(edition, Stylesheets())


def _print_in_worker(job: tuple[str, str, bytes, Path | None]) -> PrintedDocument | tuple[str, str]:
    doc_id, file, data, body = job
    return _print_one(_printer, TeiDocument(doc_id, file, read_xml(data, file).strict().getroot()), body)


def _offprints_in_worker(run: list[Placed]) -> list[PartResult | tuple[str, str]]:
    return _offprints(_printer.typesetter, run)


def _matter_in_worker(html: str, anchors: tuple[str, ...]) -> Matter:
    return _printer.typesetter.matter(html, anchors)


def _print_one(printer: DocumentPrinter, document: TeiDocument, body: Path | None = None) -> PrintedDocument | tuple[str, str]:
    """One document, or what went wrong with it: (kind, message), reported by the parent with the document's id."""
    try:
        return printer.print(document, body)
    except OSError as error:
        return ("io", f"cannot write {body}: {error.strerror or error}")
    except Exception as error:  # a document WeasyPrint or Saxon cannot take: a message, never a traceback
        return ("input", f"cannot typeset the document: {type(error).__name__}: {error}")


def _offprints(typesetter: Typesetter, run: list[Placed]) -> list[PartResult | tuple[str, str]]:
    try:
        return typesetter.offprints(run)
    except Exception as error:  # the sheets are the edition's own: said for the edition, never a traceback
        return [("edition", f"cannot lay out the pages' folios and margin numbers: {type(error).__name__}: {error}")] * len(run)
# ------------------------------------------------------------------ indexes (step 2)


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


def _broken_pool() -> type[BaseException]:
    from concurrent.futures.process import BrokenProcessPool

    return BrokenProcessPool


class _Workers:
    """Where steps 1 and 3 run: a pool of worker processes (spawned, not forked: Saxon and Pango do not
    survive a fork; a script that starts a build needs the `if __name__ == "__main__":` guard, the
    variorum command has it), or this process when there is one worker."""

    def __init__(self, edition: Edition, stylesheets: Stylesheets, reporter: Reporter | None, workers: int):
        self.workers = workers
        self.pool = None
        self._printer = None
        self._local = (edition, stylesheets, reporter)
        if workers > 1:
            import multiprocessing  # here: a build that makes no PDF (--no-pdf, an incremental one) need not load it
            from concurrent.futures import ProcessPoolExecutor

            _timestamp()  # a bad SOURCE_DATE_EPOCH is said here, not lost in a worker's initializer
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_start_worker, initargs=(edition,))

    @property
    def printer(self) -> DocumentPrinter:
        if self._printer is None:
            self._printer = DocumentPrinter(*self._local)
        return self._printer

    def print(self, documents: list[TeiDocument], bodies: Path | None = None):
        """Step 1: each document printed (its pages written to bodies/<id>.pdf when `bodies` is given)."""
        def body(document: TeiDocument) -> Path | None:
            return bodies / f"{document.id}.pdf" if bodies is not None else None

        if self.pool is None:
            return [_print_one(self.printer, document, body(document)) for document in documents]
        jobs = [(d.id, d.file, etree.tostring(d.root, encoding="UTF-8"), body(d)) for d in documents]
        return list(self.pool.map(_print_in_worker, jobs, chunksize=self._chunk(jobs)))

    def offprints(self, jobs: list[Placed]):
        """Step 3: the results in the order of the jobs, as they come (an iterator), the jobs given to the
        workers in runs of documents that follow one another in the book (the sheets of a run are laid out once)."""
        runs = _runs(jobs, max(4, -(-len(jobs) // (self.workers * 4))))
        if self.pool is None:
            done = (_offprints(self.printer.typesetter, run) for run in runs)
        else:
            done = self.pool.map(_offprints_in_worker, runs)
        return (result for results in done for result in results)

    def matter(self, html: str, anchors: tuple[str, ...]):
        """A future of the laid-out matter (or, in this process, a thing with its result)."""
        if self.pool is None:
            return _Done(self.printer.typesetter.matter(html, anchors))
        return self.pool.submit(_matter_in_worker, html, anchors)

    def _chunk(self, jobs: list) -> int:
        return max(1, min(16, len(jobs) // (self.workers * 4)))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


def _runs(jobs: list[Placed], most: int) -> list[list[Placed]]:
    """The jobs in runs of at most `most` documents, each one beginning on the page after the one before."""
    runs: list[list[Placed]] = []
    for job in jobs:
        last = runs[-1][-1] if runs else None
        if last is None or len(runs[-1]) >= most or job.first_page != last.first_page + last.pages:
            runs.append([job])
        else:
            runs[-1].append(job)
    return runs


@dataclass
class _Done:
    value: object

    def result(self):
        return self.value


class _Meanwhile:
    """A count of pages laid out in a thread of this process (the workers' step 1 keeps its cores busy, and this
    process waits for them): `pages()` waits for it, None where the layout failed (then it is done the plain way,
    and its error said there)."""

    def __init__(self, lay_out):
        import threading

        self._pages: int | None = None
        self._thread = threading.Thread(target=self._run, args=(lay_out,), name="variorum-front-matter", daemon=True)
        self._thread.start()

    def _run(self, lay_out) -> None:
        try:
            self._pages = lay_out()
        except Exception:  # laid out again in _parts, where a failure is said
            self._pages = None

    def pages(self) -> int | None:
        self._thread.join()
        return self._pages


@dataclass
class _Plan:
    """Where each part of the book begins: the front matter's pages, each document's first page (its folio)."""

    front_pages: int
    firsts: list[int]
    back_first: int  # folio of the back matter's first page

    @classmethod
    def of(cls, front_pages: int, printed: list[PrintedDocument]) -> "_Plan":
        page = front_pages + front_pages % 2  # 0-based: the first document on a right-hand page (an even index)
        firsts = []
        for document in printed:
            firsts.append(page + 1)
            page += document.pages
        return cls(front_pages, firsts, page + page % 2 + 1)  # the back matter on a right-hand page too


def pages_of(edition: Edition, first: int, last: int) -> str:
    """The subject of a document's PDF: where it stands in the book. (An incremental build reads it to know
    whether a PDF of the previous build begins on the page it must.)"""
    return f"Pages {first}–{last} of {edition.title}" if last > first else f"Page {first} of {edition.title}"


def starts_left(folio: int) -> bool:
    """A page with an even number is a left-hand page (the title page is page 1, a right-hand one)."""
    return folio % 2 == 0


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
        self._laid: dict[str, Matter] = {}  # the front matter's last layout, by its HTML
        self._written: set[str] = set()  # the documents whose PDF this run wrote
        self._given: set[str] = set()  # the documents given as printed by an earlier build

    def write(self, documents: list[TeiDocument | PrintedDocument], out: Path, workers: int | None = None,
              previous: Path | None = None) -> PrintReport:
        """The print edition of the documents, in their order. A document given as a PrintedDocument was printed
        by an earlier build: its PDF is taken from `previous` (that build's pdf/ folder) when its pages begin
        where they did, else it is laid out again from its section."""
        clock = _Clock()
        folder = out / "pdf"
        folder.mkdir(parents=True, exist_ok=True)
        workers = max(1, min(workers or os.cpu_count() or 1, len(documents) or 1))
        run = _Workers(self.edition, self.stylesheets, self.reporter, workers)
        bodies = tempfile.TemporaryDirectory(prefix="variorum-print-")  # each document's pages as step 1 laid them out
        try:
            fresh = [d for d in documents if isinstance(d, TeiDocument)]
            self._given = {d.summary.id for d in documents if isinstance(d, PrintedDocument)}
            self.bodies = Path(bodies.name)
            meanwhile = self._front_pages_meanwhile(documents) if run.pool is not None else None  # 2., while 1. runs
            typeset = {p.summary.id: p for p in self._typeset(fresh, run.print(fresh, self.bodies))}  # 1. each document, in parallel
            self.files = {d.id: d.file for d in fresh}
            printed = [typeset[d.id] if isinstance(d, TeiDocument) else replace(d) for d in documents
                       if not isinstance(d, TeiDocument) or d.id in typeset]
            clock.lap("documents")
            printed, front, back, laid_out, moved = self._parts(printed, folder, previous, run, clock, meanwhile)  # 2.-3. plan, parts
        except _broken_pool():
            raise UsageError("a print worker stopped abruptly (out of memory?); try fewer workers") from None
        finally:
            run.close()
            bodies.cleanup()
        sources = [self._pdf_of(d, folder, previous) for d in printed]
        pages = assemble(folder / "edition.pdf", front.pdf, [(path, d.pages) for path, d in zip(sources, printed)], back.pdf)  # 4.
        clock.lap("book")
        layouts: dict[int, int] = {}
        for document in printed:
            layouts[document.layouts] = layouts.get(document.layouts, 0) + 1
        unsettled = [d.summary.id for d in printed if not d.settled]
        if self.reporter is not None:
            for document in printed:
                if not document.settled:
                    self.reporter.add(Diagnostic(self.files.get(document.summary.id, document.summary.id), None, None, "warning", "print-lines",
                        f"{document.summary.id}: its lines still moved after {document.layouts} layouts: an apparatus entry "
                        "may be keyed to the line before or after its lemma" + _misplaced_said(document)))
        return PrintReport(len(printed), pages, sum(d.pages + OFFPRINT_NOTE for d in printed), clock.total(), moved,
                           clock.laps, dict(sorted(layouts.items())), unsettled, list(self.failed), printed, laid_out,
                           sum(d.notes for d in printed), front.pages, back.pages)

    def print_documents(self, documents: list[TeiDocument], workers: int | None = None) -> list[PrintedDocument]:
        """Step 1 alone: every document's section, its pages and the pages of its names."""
        run = _Workers(self.edition, self.stylesheets, self.reporter, max(1, min(workers or os.cpu_count() or 1, len(documents) or 1)))
        try:
            return self._typeset(documents, run.print(documents))
        finally:
            run.close()

    def _typeset(self, documents: list[TeiDocument], results: list) -> list[PrintedDocument]:
        typeset = []
        for document, result in zip(documents, results):
            if isinstance(result, tuple):
                self._leave_out(document.id, document.file, result)
                continue
            # The headings as the document given reads them (a worker's copy has not the edition's registers).
            result.headings = {name.key: document.heading(name.key, name.kind, name.form) for name in result.names}
            typeset.append(result)
        return typeset

    def _leave_out(self, doc_id: str, file: str, failure: tuple[str, str]) -> None:
        kind, message = failure
        if kind == "io" or self.reporter is None:
            raise (UsageError if kind == "io" else InputError)(message, file=file)
        self.failed.append(doc_id)
        self.diagnostics.append(Diagnostic(file, None, None, "error", PRINT_TYPESET, f"{doc_id}: left out of the print edition: {message}"))
        self.reporter.add(self.diagnostics[-1])

    def _parts(self, printed: list[PrintedDocument], folder: Path, previous: Path | None, run: _Workers, clock: "_Clock",
               meanwhile: "_Meanwhile | None" = None):
        """Steps 2 and 3: the plan, the parts laid out on it; again (at most MAX_PLANS times) where a document's pages
        moved, or the front matter's pages are not those planned. `meanwhile`: the front matter's pages as laid out
        while step 1 ran (_front_pages_meanwhile)."""
        typesetter = Typesetter(self.edition, self.reporter)
        keyed = keys_by_line(self.edition)
        laid_out: list[str] = []
        moved: list[str] = []
        back_anchors: dict[str, int] = {}
        front_pages = meanwhile.pages() if meanwhile is not None else None
        back_html = back = None
        for _ in range(MAX_PLANS):
            if front_pages is None:  # 2. the front matter laid out now, until its pages stay
                front_pages = self._front(typesetter, printed, 4 + len(printed) // 25, back_anchors).pages  # a first guess: a page for some 25 documents
            plan = _Plan.of(front_pages, printed)
            for document, first in zip(printed, plan.firsts):  # where each is in the book (its PDF, taken or laid out, begins there)
                document.first_page, document.starts_left = first, starts_left(first)
            folios = {anchor: first + page for document, first in zip(printed, plan.firsts) for anchor, page in document.name_pages.items()}
            html = self.back_html(typesetter, printed, plan, folios)
            clock.lap("front matter")
            pending = run.matter(html, self.back_anchor_ids()) if html != back_html else None  # 3. the back matter ...
            jobs = [self._placed(d, first, folder, keyed) for d, first in zip(printed, plan.firsts)
                    if self._pdf_of(d, folder, previous, first) is None]
            results = run.offprints(jobs)  # ... and each document whose offprint does not yet begin where it must
            if pending is not None:
                back, back_html, back_anchors = pending.result(), html, pending.result().anchors
            front = self._front(typesetter, printed, front_pages, back_anchors)  # the contents on the plan's pages and the back matter's
            changed = front.pages != front_pages
            by_id = {d.summary.id: d for d in printed}
            left_out = set()
            for job, result in zip(jobs, results):
                document = by_id[job.summary.id]
                if isinstance(result, tuple):
                    if result[0] == "edition":
                        raise InputError(result[1], file="edition.pdf")
                    self._leave_out(document.summary.id, self.files.get(document.summary.id, document.summary.id), result)
                    left_out.add(document.summary.id)
                    changed = True
                    continue
                laid_out.append(result.id)
                self._written.add(result.id)
                if job.section is not None and (result.pages, result.name_pages, result.line_pages if keyed else ()) != (
                        document.pages, document.name_pages, tuple(document.line_pages) if keyed else ()):
                    self._moved(document, result)  # laid out again from its section: not as the earlier build had it
                    moved.append(result.id)
                    document.pages, document.section_pages = result.pages, result.pages
                    document.name_pages, document.line_pages = result.name_pages, result.line_pages
                    changed = True
                if job.section is not None:
                    document.margin = result.margin
            printed = [d for d in printed if d.summary.id not in left_out]
            front_pages = front.pages
            clock.lap("parts")
            if not changed:
                return printed, front, back, sorted(set(laid_out)), moved
        raise InputError(f"the print edition's pages did not settle in {MAX_PLANS} plans", file="edition.pdf")

    def _placed(self, document: PrintedDocument, first: int, folder: Path, keyed: bool) -> Placed:
        """Step 3's job for a document: its body is step 1's, or (printed by an earlier build) laid out again."""
        doc_id = document.summary.id
        body = self.bodies / f"{doc_id}.pdf"
        section = None if body.is_file() else document.section
        return Placed(document.summary, first, document.pages, tuple(document.margin), body, folder / f"{doc_id}.pdf",
                      section, document.layer if section is not None else "", tuple(document.name_pages), keyed)

    def _moved(self, document: PrintedDocument, result: PartResult) -> None:
        if self.reporter is not None:
            self.reporter.add(Diagnostic(self.files.get(document.summary.id, document.summary.id), None, None, "warning", PRINT_PAGES,
                f"{document.summary.id}: its final layout has {result.pages} page(s), {document.pages} before (or its names or lines "
                "on other pages): the documents after it were laid out again"))

    def _pdf_of(self, document: PrintedDocument, folder: Path, previous: Path | None, first: int | None = None) -> Path | None:
        """Where the document's PDF is: written by this run, or (a document given as printed) by the previous
        build; or None. With `first`, only a PDF laid out to begin on that page of the book (its subject says so:
        `pages_of`)."""
        doc_id = document.summary.id
        places = [folder] if doc_id in self._written else [previous] if doc_id in self._given and previous else []
        for path in (place / f"{doc_id}.pdf" for place in places):
            if path.is_file() and (first is None or _subject(path).startswith((f"Pages {first}–", f"Page {first} of "))):
                return path
        return None

    def _front_pages_meanwhile(self, documents: list[TeiDocument | PrintedDocument]) -> "_Meanwhile":
        """The front matter's pages, laid out in a thread of this process while the workers do step 1 (its own
        typesetter: WeasyPrint's font configuration is not shared between threads). The contents list every
        document given, each on stand-in pages of as many digits as the book's will have: where a document is
        left out in step 1, or a number is wider, the plan is made again (_parts)."""
        summaries = [d.summary for d in documents]
        guess = 4 + len(summaries) // 25
        # each document on two pages: numbers of about the digits of the book's
        firsts = [guess + 1 + 2 * n for n in range(len(summaries))]
        back = [(heading, firsts[-1] + 2 if firsts else guess + 1) for _, heading in self._back_headings()]

        def lay_out() -> int:
            typesetter = Typesetter(self.edition, self.reporter)
            return len(typesetter.layout(self._front_page(typesetter, list(zip(summaries, firsts)), back)).pages)

        return _Meanwhile(lay_out)

    def _front(self, typesetter: Typesetter, printed: list[PrintedDocument], guess: int, back_anchors: dict[str, int]) -> Matter:
        """The front matter laid out with the page numbers it gives itself, until its page count stays."""
        pages = guess
        for _ in range(MAX_PLANS + 1):
            html = self.front_html(typesetter, printed, _Plan.of(pages, printed), back_anchors)
            if html not in self._laid:
                self._laid = {html: self._lay_out(typesetter, html)}
            matter = self._laid[html]
            if matter.pages == pages:
                return matter
            pages = matter.pages
        return matter

    def _lay_out(self, typesetter: Typesetter, html: str) -> Matter:
        try:
            return typesetter.matter(html)
        except Exception as error:  # every document was typeset alone, so this is ours, but no traceback
            raise InputError(f"cannot typeset the edition: {type(error).__name__}: {error}", file="edition.pdf") from None

    def front_html(self, typesetter: Typesetter, printed: list[PrintedDocument], plan: _Plan, back_anchors: dict[str, int]) -> str:
        return self._front_page(typesetter, [(d.summary, first) for d, first in zip(printed, plan.firsts)],
                                [(heading, plan.back_first + back_anchors.get(anchor, 0)) for anchor, heading in self._back_headings()])

    @staticmethod
    def _back_headings() -> list[tuple[str, str]]:
        return [(index.print_id, index.print_heading) for index in INDEXES.values()] + [("bibliography", "Bibliography")]

    @staticmethod
    def _front_page(typesetter: Typesetter, documents: list[tuple[DocumentSummary, int]], back: list[tuple[str, int]]) -> str:
        return typesetter.page("print/front.html", documents=documents, back=back, page_link=PAGE_LINK)

    @staticmethod
    def back_anchor_ids() -> tuple[str, ...]:
        return tuple(index.print_id for index in INDEXES.values()) + ("bibliography",)

    def back_html(self, typesetter: Typesetter, printed: list[PrintedDocument], plan: _Plan, folios: dict[str, int]) -> str:
        firsts = {d.summary.id: first for d, first in zip(printed, plan.firsts)}
        return typesetter.page(
            "print/back.html",
            indexes=build_indexes(printed, {anchor: (0, folio) for anchor, folio in folios.items()}),
            sources=build_bibliography(printed),
            folios=folios,
            firsts=firsts,
            first_page=plan.back_first,
            page_link=PAGE_LINK,
        )


def _subject(path: Path) -> str:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return str(pdf.docinfo.get("/Subject", ""))
    except (OSError, pikepdf.PdfError, ValueError):
        return ""


def assemble(target: Path, front: bytes, documents: list[tuple[Path, int]], back: bytes) -> int:
    """Step 4: the book from its parts (pikepdf, that is qpdf): the front matter, each document's first `pages`
    pages, the back matter, a blank page before a part that must begin on a right-hand page; the outline of the
    parts (bookmarks of a page left out, the offprint note's, left out), their named destinations, their
    `variorum-page:N` links made links to page N; the front matter's metadata; an identifier
    computed from the content. The number of its pages."""
    import pikepdf

    book = pikepdf.Pdf.open(io.BytesIO(front))
    linked = list(range(len(book.pages)))
    width, height = (float(v) for v in book.pages[0].mediabox[2:4])
    parts = []  # open until the book is written: qpdf copies their streams then

    def on_a_right_hand_page() -> None:
        if len(book.pages) % 2:
            book.add_blank_page(page_size=(width, height))

    def append(data: bytes, pages: int | None = None) -> None:
        part = pikepdf.Pdf.open(io.BytesIO(data))
        parts.append(part)
        book.add_pages_from(part, range(len(part.pages) if pages is None else pages))  # with its bookmarks and named destinations

    on_a_right_hand_page()
    for path, pages in documents:
        append(path.read_bytes(), pages)
    on_a_right_hand_page()
    start = len(book.pages)
    append(back)
    linked += range(start, len(book.pages))
    for number in linked:
        _page_links(book, book.pages[number])
    share_fonts(book)  # each face once in the book, not once a part
    stream = io.BytesIO()
    book.save(stream, deterministic_id=True)
    pages = len(book.pages)
    for part in parts:
        part.close()
    book.close()
    write_atomic(target, stream.getvalue())
    return pages


def _page_links(book, page) -> None:
    """The page's `variorum-page:N` links (WeasyPrint's URI actions) made links to page N of the book."""
    import pikepdf

    for annotation in page.obj.get("/Annots", ()):
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if not uri.startswith(PAGE_LINK):
            continue
        number = int(uri[len(PAGE_LINK):]) - 1
        if not 0 <= number < len(book.pages):
            continue
        del annotation["/A"]
        annotation.Dest = pikepdf.Array([book.pages[number].obj, pikepdf.Name.XYZ, None, None, None])


class _Clock:
    """Seconds of each step of a run, for the report (a step done again adds to its figure)."""

    def __init__(self):
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps[step] = round(self.laps.get(step, 0) + now - self.last, 3)
        self.last = now

    def total(self) -> float:
        return round(time.perf_counter() - self.started, 3)
