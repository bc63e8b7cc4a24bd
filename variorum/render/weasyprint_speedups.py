"""WeasyPrint's layout at the size of an edition: three of its lookups answered by index, and
its footnote area laid out again only from its last line.

The print edition (render/pdf) lays out HTML of thousands of pages, footnotes and
target-counter references. Three lookups of WeasyPrint grow with the square of such a
book, and the layout of a page's footnote area with the square of its notes. Each is
replaced here by the same question answered from an index kept beside WeasyPrint's own
data, or from what the layout before found: the layout does the same work in the same
order, less of it, and writes the same PDF, byte for byte (tests/test_pdf.py,
tests/test_weasyprint_speedups.py).

    footnotes        LayoutContext.footnotes, the footnotes still to be placed, is asked
                     `footnote in footnotes` for every box of every line (layout/block.py):
                     lines times footnotes (1,000 documents: hours). `_FootnoteList` is a
                     list keeping a count of its items by identity beside them: the same
                     items in the same order, and `in` costs nothing.
    target counters  TargetCollector.cache_target_page_counters, called whenever an anchor's
                     page becomes known, walks every box with a target-counter in its content
                     (each entry of the contents and the indexes) to find those waiting for
                     that anchor: anchors times references. The collector's class is swapped
                     (`__class__`, the styles hold the same collector) for one doing the same
                     work, the same way, with the waiting boxes listed by anchor once
                     pagination has begun (no box starts waiting after that).
    page styles      For each new page, layout/page.py iterates StyleFor.get_cascaded_styles()
                     to find the page type's margin boxes. What it iterates holds the entries
                     of every page type declared so far, and the page's index is part of its
                     type: pages times pages (7% of the layout at 150 documents, more as the
                     book grows). `_PageStyles` replaces StyleFor's get_cascaded_styles and
                     add_page_declarations on the instance: lookups by key unchanged,
                     iteration over the entries of the page type just declared.
    footnote area    For each footnote placed on a page, LayoutContext._update_footnote_area
                     lays out the page's whole footnote area again to learn its height: the
                     notes of a page times the notes of a page (the apparatus's first layout:
                     a fifth of it). Where the notes run on (footnote-display: inline: the
                     area one paragraph), the one note more changes only the area's last
                     line: lines are broken greedily, each from where the one before ended.
                     `_resumed_area_lines` gives the area's layout the lines of the layout
                     before but its last, and lays out from there (iter_line_boxes resumed
                     where that line began: its place and skip stack), so that the lines and
                     their positions are those of the whole layout, float for float. Any other
                     area (block notes, floats, positioned boxes, another page) is laid out
                     whole, as before.

Beside them, one rule, for the apparatus keyed by line only (`render(..., keep_footnotes=True)`):
a page's footnotes stay on it. When a line overflows the page where breaking before it would
leave a paragraph's first line alone at the foot (orphans), layout/block.py's _linebox_layout
moves the page's footnotes to the next page so that the line still fits. For a critical
apparatus that is wrong: the page's block of entries goes to a page that does not hold its
lemmata, and the lines keyed for it never settle. With the rule, the lines go (the paragraph
broken as orphans and widows allow) and the footnotes stay. It is that function's one line
(`_DEFERRING`), changed in its own source and compiled again in its module
(`_keep_footnotes_on_their_page`), and asked only of layouts that want it: every other layout
is WeasyPrint's, byte for byte.

And readers (`laid_out_lines`, `foot_lines`, `element_heights`): the line boxes of the reading
text and what the footnote area of each page holds, the lines of each apparatus block there,
and the heights of elements, read from the laid-out pages (Page._page_box and the box classes),
for render/lines, which numbers the lines, keys the apparatus to them and runs a block too tall
for its page's foot on to the next. CSS has no line counter; WeasyPrint's line boxes are the
layout's own lines.

They reach into WeasyPrint's internals (Document._render, Document._build_layout_context,
LayoutContext, TargetCollector, StyleFor), which change between releases. They were
written and tested for WeasyPrint 70.0 (`VERIFIED_VERSIONS`; pyproject.toml bounds
weasyprint below the next major, tests/test_weasyprint_speedups.py checks the two agree).
On any other version, or when an internal they rely on is missing or not as expected,
`render` lays out with plain WeasyPrint (the same PDF, slower for a large edition) and
says so once: a warning Diagnostic (rule print-speedups) to the reporter it is given (the
build's), else a line on stderr. To admit a new version: run tests/test_pdf.py and
tests/test_weasyprint_speedups.py against it (the byte-identity tests), then add it.
"""
from __future__ import annotations

import copy
import functools
import importlib
import inspect
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

# WeasyPrint releases (major.minor) the patches were written for and verified byte-identical on.
VERIFIED_VERSIONS = ("70.0",)

# The internals the patches use or replace: (module, attribute path, parameters when it is replaced whole).
INTERNALS = (
    ("weasyprint", "DEFAULT_OPTIONS", None),
    ("weasyprint.document", "Document._render", ("cls", "html", "font_config", "counter_style", "color_profiles", "options")),
    ("weasyprint.document", "Document._build_layout_context", None),
    ("weasyprint.css.targets", "TargetCollector.cache_target_page_counters",
     ("self", "anchor_name", "page_counter_values", "page_maker_index", "page_maker")),
    ("weasyprint.css", "StyleFor.add_page_declarations", ("self", "page_type")),
    ("weasyprint.css", "StyleFor.get_cascaded_styles", ("self",)),
    ("weasyprint.document", "Page.__init__", ("self", "page_box")),
    ("weasyprint.formatting_structure.boxes", "LineBox", None),
    ("weasyprint.formatting_structure.boxes", "TextBox", None),
    ("weasyprint.formatting_structure.boxes", "ParentBox", None),
    ("weasyprint.formatting_structure.boxes", "FootnoteAreaBox", None),
    ("weasyprint.layout.block", "_linebox_layout", None),
    ("weasyprint.layout.block", "iter_line_boxes",
     ("context", "box", "position_y", "bottom_space", "skip_stack", "containing_block", "absolute_boxes",
      "fixed_boxes", "first_letter_style", "first_line_style")),
    ("weasyprint.layout", "LayoutContext._update_footnote_area", ("self",)),
    ("weasyprint.layout", "LayoutContext.excluded_shapes", None),
)

# The line of layout/block.py's _linebox_layout (WeasyPrint 70) that, when a line overflows the page,
# decides to move the page's footnotes to the next page rather than break before the line.
_DEFERRING = "report = not context.in_column and can_break_now and not could_break_before"

_warned = False
_unsaid: list[str] = []  # why the layout went the plain way, not yet said


def render(html, font_config, reporter=None, keep_footnotes=False, **options):
    """`html.render(font_config=font_config, **options)`: a laid-out weasyprint Document,
    by the edition-sized Document when the gate is open, else by plain WeasyPrint (said
    to `reporter`, a variorum.diagnostics.Reporter, when one is given). `keep_footnotes`:
    a page's footnotes are never moved to the next page to make room for a line (the
    module's rule; only with the gate open, as the apparatus keyed by line is)."""
    try:
        document_class = edition_document_class()
        if document_class is None:
            return html.render(font_config=font_config, **options)
        if keep_footnotes:
            document_class = _keeping_footnotes(document_class)
        from weasyprint import DEFAULT_OPTIONS

        return document_class._render(html, font_config, None, None, {**DEFAULT_OPTIONS, **options})
    finally:
        _say(reporter)


def installed_version() -> str:
    import weasyprint

    return getattr(weasyprint, "__version__", "unknown")


def verified(version: str) -> bool:
    """Whether a WeasyPrint version is one the patches were verified on (a final release, by major.minor)."""
    match = re.fullmatch(r"(\d+)\.(\d+)(?:\.\d+)*", version.strip())
    return bool(match) and f"{int(match[1])}.{int(match[2])}" in VERIFIED_VERSIONS


def missing_internals() -> list[str]:
    """The internals of INTERNALS not found in the installed WeasyPrint (or with other parameters)."""
    missing = []
    for module_name, path, parameters in INTERNALS:
        try:
            found = importlib.import_module(module_name)
        except ImportError:
            missing.append(module_name)
            continue
        for name in path.split("."):
            found = getattr(found, name, None)
        if found is None:
            missing.append(path)
        elif parameters is not None and _parameters(found) != parameters:
            missing.append(f"{path}{tuple(parameters)}".replace("'", ""))
    return missing


def why_plain() -> str | None:
    """Why WeasyPrint lays out unpatched, or None when the patches apply."""
    version = installed_version()
    if not verified(version):
        return f"WeasyPrint {version} is not a version its speed-ups were verified on ({', '.join(VERIFIED_VERSIONS)})"
    missing = missing_internals()
    if missing:
        return f"WeasyPrint {version} lacks {', '.join(missing)}"
    if _DEFERRING not in _source_of_linebox_layout():
        return f"WeasyPrint {version}'s layout/block.py no longer moves footnotes as it did ({_DEFERRING!r})"
    return None


@functools.cache  # why_plain is asked for every document: the file is read once
def _source_of_linebox_layout() -> str:
    from weasyprint.layout import block

    try:
        return inspect.getsource(block._linebox_layout)
    except (OSError, TypeError):  # no source installed
        return ""


@functools.cache  # once per process: the function is replaced in its module
def _keep_footnotes_on_their_page() -> None:
    """block._linebox_layout compiled again with `_DEFERRING` asking the layout context first: a context
    with `keeps_footnotes` set never moves the page's footnotes on to keep a line; any other, as before."""
    from weasyprint.layout import block

    source, first_line = inspect.getsourcelines(block._linebox_layout)
    text = "".join(source).replace(_DEFERRING, _DEFERRING + " and not getattr(context, 'keeps_footnotes', False)", 1)
    # the same line numbers as the file's, for tracebacks
    exec(compile("\n" * (first_line - 1) + text, inspect.getsourcefile(block), "exec"), vars(block))


@functools.cache
def edition_document_class() -> type | None:
    """WeasyPrint's Document laying out with the patches, or None (plain WeasyPrint, with a warning)."""
    reason = why_plain()
    if reason is not None:
        _fall_back(reason)
        return None
    from weasyprint.css import StyleFor
    from weasyprint.css.targets import TargetCollector
    from weasyprint.document import Document

    collector_class = _indexed_target_collector(TargetCollector)

    class EditionSizedDocument(Document):
        keeps_footnotes = False  # the module's rule, for `_keeping_footnotes`'s subclass

        @classmethod
        def _build_layout_context(cls, *args, **kwargs):
            context = super()._build_layout_context(*args, **kwargs)
            unexpected = _unexpected(context, TargetCollector, StyleFor)
            if not unexpected:
                try:
                    _PageStyles(context.style_for)  # reads the @page rules before it changes anything
                except (AttributeError, TypeError, ValueError) as error:
                    unexpected = f"@page rules: {type(error).__name__}: {error}"
            if unexpected:  # all or none: this layout goes the plain way
                _fall_back(f"WeasyPrint {installed_version()}'s layout context is not as expected ({unexpected})")
                return context
            context.footnotes = _FootnoteList()
            context.target_collector.__class__ = collector_class  # the styles hold the same collector
            context.__class__ = _area_resuming_context(type(context))
            context.keeps_footnotes = cls.keeps_footnotes
            return context

    _resume_footnote_area_lines()
    return EditionSizedDocument


@functools.cache  # one class per base
def _keeping_footnotes(base: type) -> type:
    """The edition-sized Document whose layouts keep a page's footnotes on it (the module's rule)."""
    _keep_footnotes_on_their_page()

    class FootnoteKeepingDocument(base):
        keeps_footnotes = True

    return FootnoteKeepingDocument


@functools.cache  # one class per base
def _area_resuming_context(base: type) -> type:
    """The layout context whose footnote-area layouts may resume from the lines of the one before (`_AreaLines`)."""

    class AreaResumingContext(base):
        laying_out_area = False  # in _update_footnote_area: the area's lines may be resumed
        area_lines = None  # the lines of the last whole layout of the page's footnote area (_AreaLines)

        def _update_footnote_area(self):
            self.laying_out_area = True
            try:
                return super()._update_footnote_area()
            finally:
                self.laying_out_area = False

    return AreaResumingContext


@dataclass
class _AreaLines:
    """A footnote area's layout, line by line: for the next footnote of its page, all but its last line stand."""

    area: object  # the page's FootnoteAreaBox (LayoutContext.current_footnote_area)
    footnotes: tuple  # the footnotes laid out in it, in order
    top: float  # where its first line was laid out
    width: float
    lines: list  # (LineBox, resume_at), as iter_line_boxes gave them


@functools.cache  # once per process: the function is replaced in its module
def _resume_footnote_area_lines() -> None:
    """layout/block's iter_line_boxes answered by `_resumed_area_lines` for the footnote areas of an
    AreaResumingContext's _update_footnote_area; for any other line box or context, WeasyPrint's own."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    whole = block.iter_line_boxes

    def iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing_block, absolute_boxes,
                        fixed_boxes, first_letter_style, first_line_style):
        if (getattr(context, "laying_out_area", False) and type(containing_block) is boxes.FootnoteAreaBox
                and skip_stack is None and not context.in_column and not context.excluded_shapes):
            return _resumed_area_lines(whole, context, box, position_y, bottom_space, containing_block,
                                       absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
        return whole(context, box, position_y, bottom_space, skip_stack, containing_block, absolute_boxes,
                     fixed_boxes, first_letter_style, first_line_style)

    block.iter_line_boxes = iter_line_boxes


def _resumed_area_lines(whole, context, box, top, bottom_space, area, absolute_boxes, fixed_boxes,
                        first_letter_style, first_line_style):
    """The lines of a page's footnote area (`box`: its one line box, the page's footnotes run on): where the
    area's last layout had the same footnotes but the last, and two lines or more, its lines but its last,
    then WeasyPrint's from where that last line began (as iter_line_boxes goes on after a line: the place below
    it, the skip stack it left, no first-line style); else WeasyPrint's from the start. Kept for the next."""
    footnotes = tuple(context.current_page_footnotes)
    before = context.area_lines
    lines: list = []
    if (before is not None and before.area is context.current_footnote_area and before.top == top
            and before.width == area.width and len(before.lines) >= 2
            and len(box.children) == len(footnotes) > len(before.footnotes)
            and all(old is new for old, new in zip(before.footnotes, footnotes))):
        lines = before.lines[:-1]  # a new list: the one kept stays as it was
        yield from lines
        line, resume_at = lines[-1]
        following = whole(context, box, line.position_y + line.height, bottom_space, resume_at, area,
                          absolute_boxes, fixed_boxes, None, None)
    else:
        following = whole(context, box, top, bottom_space, None, area, absolute_boxes, fixed_boxes,
                          first_letter_style, first_line_style)
    positioned = len(absolute_boxes), len(fixed_boxes)
    for pair in following:
        lines.append(pair)
        yield pair
    # every line given (the area's layout has no page bottom to stop at); a positioned box in a line is
    # collected as it is laid out, and lines given again would not collect it: then none are kept
    keep = positioned == (len(absolute_boxes), len(fixed_boxes))
    context.area_lines = _AreaLines(context.current_footnote_area, footnotes, top, area.width, lines) if keep else None


def _parameters(function) -> tuple[str, ...] | None:
    try:
        return tuple(inspect.signature(function.__func__ if inspect.ismethod(function) else function).parameters)
    except (TypeError, ValueError):
        return None


def _unexpected(context, collector_type: type, style_type: type) -> str:
    """What of the layout context the patches rely on is not there, or ''."""
    if type(getattr(context, "footnotes", None)) is not list or context.footnotes:
        return "footnotes is not an empty list"
    collector = getattr(context, "target_collector", None)
    if type(collector) is not collector_type or not all(
            hasattr(collector, name) for name in ("collecting", "target_lookup_items", "counter_lookup_items")):
        return "target_collector is not a plain TargetCollector"
    style_for = getattr(context, "style_for", None)
    if not (isinstance(style_for, style_type) and isinstance(getattr(style_for, "_cascaded_styles", None), dict)
            and hasattr(style_for, "_sheets")):
        return "style_for has no _cascaded_styles or _sheets"
    return ""


def _fall_back(reason: str) -> None:
    """Say once that the layout goes the plain way (not in print workers: the parent says it), when `render` ends."""
    import multiprocessing  # here: loading it costs a build without a PDF to make a tenth of a second

    global _warned
    if _warned or multiprocessing.parent_process() is not None:
        return
    _warned = True
    _unsaid.append(reason)


def _say(reporter) -> None:
    """What `_fall_back` noted: a warning to the reporter, or without one a line on stderr."""
    from variorum.diagnostics import Diagnostic

    while _unsaid:
        message = f"{_unsaid.pop(0)}: the print edition is laid out by plain WeasyPrint (the same PDF, slower for a large edition)"
        if reporter is None:
            print(f"variorum: warning: {message}", file=sys.stderr)
        else:
            reporter.add(Diagnostic("", None, None, "warning", "print-speedups", message))


class _FootnoteList(list):
    """A list that answers `item in list` at once.

    WeasyPrint 70 keeps the footnotes still to be placed in a list and asks, for every box
    of every line, whether the box's footnote is in it: with the thousands of footnotes of
    an edition the layout becomes quadratic (1,000 documents: hours). This list keeps a count
    of its items beside them, so the question costs nothing; what it holds is unchanged."""

    def __init__(self, items=()):
        super().__init__(items)
        self._count = Counter(map(id, self))

    def __contains__(self, item) -> bool:
        return self._count[id(item)] > 0

    def append(self, item) -> None:
        super().append(item)
        self._count[id(item)] += 1

    def remove(self, item) -> None:
        super().remove(item)
        self._count[id(item)] -= 1

    def copy(self) -> "_FootnoteList":
        return _FootnoteList(self)


@functools.cache  # one class per base: the one the layout swaps in
def _indexed_target_collector(base: type) -> type:
    """WeasyPrint's TargetCollector, finding the boxes that wait for an anchor's page by the anchor.

    When an anchor's page becomes known, WeasyPrint 70 walks every box that uses a
    target-counter (each entry of the contents and the indexes) to find those pointing
    at that anchor: quadratic in the size of an edition. This does the same work, the
    same way, with the waiting boxes listed by anchor once pagination has begun (no box
    starts waiting after that)."""

    class IndexedTargetCollector(base):
        def cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index, page_maker):
            if self.collecting:
                return
            item = self.target_lookup_items.get(anchor_name)
            if not (item and item.state == "up-to-date"):
                return
            item.page_maker_index = page_maker_index
            if item.cached_page_counter_values == page_counter_values:
                return
            item.cached_page_counter_values = copy.deepcopy(page_counter_values)
            for lookup in self._waiting_for(anchor_name):
                if lookup.page_maker_index is None or lookup.page_maker_index >= len(page_maker):
                    lookup.pending = True  # for remake_page
                    continue
                for counter_name in lookup.missing_target_counters[anchor_name]:
                    if page_counter_values.get(counter_name) is not None:
                        page_maker[lookup.page_maker_index][-1]["content_changed"] = True
                        lookup.parse_again(lookup.cached_page_counter_values)
                        break

        def _waiting_for(self, anchor_name: str) -> list:
            waiting = self.__dict__.get("_waiting")
            if waiting is None:
                waiting = self._waiting = {}
                for (_, css_token), lookup in self.counter_lookup_items.items():
                    if css_token == "content":
                        for name in lookup.missing_target_counters:
                            waiting.setdefault(name, []).append(lookup)
            return waiting.get(anchor_name, [])

    return IndexedTargetCollector


class _PageStyles:
    """StyleFor's cascaded styles as WeasyPrint 70 reads them for each new page: by key as they
    are, but iterated over the entries of the page type just declared. (For every page it walks
    the entries of every page type declared so far, one per page, to find that page's margin
    boxes, keeping those of the page type: pages times pages.)"""

    def __init__(self, style_for):
        self.styles = style_for._cascaded_styles
        self.pseudo_types = list(dict.fromkeys(selector[1] for sheet, _, _ in style_for._sheets
                                               for _, selectors, _ in sheet.page_rules for selector in selectors))
        self.page_keys: list = []
        self._add = style_for.add_page_declarations
        style_for.add_page_declarations = self.add_page_declarations
        style_for.get_cascaded_styles = lambda: self

    def add_page_declarations(self, page_type) -> None:
        self._add(page_type)
        self.page_keys = [key for key in ((page_type, p) for p in self.pseudo_types) if key in self.styles]

    def get(self, key, default=None):
        return self.styles.get(key, default)

    def __iter__(self):
        return iter(self.page_keys)


# ------------------------------------------------------------------ the lines of the layout


@dataclass
class LaidLine:
    """A line of the reading text as laid out: its document, its words, the entries whose lemma it holds."""

    article: str  # id of the document's <article>
    text: str  # the text of its in-flow boxes (no floats, no generated content)
    y: float  # top, in CSS px from the top of the sheet
    height: float
    marks: list[tuple[str, int]] = field(default_factory=list)  # (data-entry, characters of `text` before it)
    verse: str | None = None  # data-verse of the verse line it belongs to (print.xsl), None outside verse


@dataclass
class LaidPage:
    side: str  # "left" | "right"
    lines: list[LaidLine]
    footnotes: list[str]  # data-block of each apparatus block in the page's footnote area, in order
    content_top: float = 0.0  # the top of the page area (below the top margin), in CSS px from the top of the sheet
    content_height: float = 0.0  # the height of the page area
    footnote_height: float = 0.0  # the footnote area's, its rule and padding with it (its margin not), 0 without footnotes


def laid_out_lines(document, text_class: str = "reading-text", block_attribute: str = "data-block",
                   verse_attribute: str = "data-verse") -> list[LaidPage] | None:
    """The lines of the elements of class `text_class` on each page of a laid-out document (each with the
    `verse_attribute` of the element it stands in), or None when the installed WeasyPrint is not one this
    reader was verified on (why_plain says why)."""
    if why_plain() is not None:
        return None
    from weasyprint.formatting_structure import boxes

    def classes(box) -> list[str]:
        element = getattr(box, "element", None)
        return (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []

    def in_flow(box) -> bool:
        return "::" not in (box.element_tag or "") and box.is_in_normal_flow()

    def line_of(line_box, article: str, verse: str | None) -> LaidLine:
        laid = LaidLine(article, "", line_box.position_y, line_box.height, verse=verse)
        seen: set[str] = set()

        def collect(box):
            if not in_flow(box):
                return
            element = getattr(box, "element", None)
            entry = element.get("data-entry") if element is not None and hasattr(element, "get") else None
            if entry is not None and entry not in seen and isinstance(box, boxes.ParentBox):
                seen.add(entry)
                laid.marks.append((entry, len(laid.text)))
            if isinstance(box, boxes.TextBox):
                laid.text += box.text
            for child in getattr(box, "children", ()):
                collect(child)

        for child in line_box.children:
            collect(child)
        return laid

    def walk(box, article: str, in_text: bool, found: list[LaidLine], verse: str | None = None) -> None:
        if not in_flow(box) or isinstance(box, (boxes.FootnoteAreaBox, boxes.MarginBox)):
            return
        names = classes(box)
        if box.element_tag == "article" and "document" in names:
            article = box.element.get("id") or article
        in_text = in_text or text_class in names
        element = getattr(box, "element", None)
        if element is not None and hasattr(element, "get") and element.get(verse_attribute) is not None:
            verse = element.get(verse_attribute)
        if isinstance(box, boxes.LineBox):
            if in_text:
                found.append(line_of(box, article, verse))
            return
        for child in getattr(box, "children", ()):
            walk(child, article, in_text, found, verse)

    pages = []
    for page in document.pages:
        page_box = page._page_box
        lines: list[LaidLine] = []
        footnotes: list[str] = []
        footnote_height = 0.0
        for child in page_box.children:
            if isinstance(child, boxes.FootnoteAreaBox):
                if child.children:
                    footnote_height = child.margin_height() - child.margin_top
                footnotes += [box.element.get(block_attribute) for box in child.descendants()
                              if getattr(box, "element", None) is not None and hasattr(box.element, "get")
                              and box.element.get(block_attribute) is not None and "::" not in (box.element_tag or "")]
            else:
                walk(child, "", False, lines)
        pages.append(LaidPage(page_box.page_type.side, lines, list(dict.fromkeys(footnotes)), page_box.content_box_y(),
                              page_box.height, footnote_height))
    return pages


def footnotes_on(page) -> bool:
    """Whether a laid-out page's footnote area holds a footnote (False where the page cannot be read so)."""
    from weasyprint.formatting_structure import boxes

    page_box = getattr(page, "_page_box", None)
    return any(isinstance(child, boxes.FootnoteAreaBox) and child.children for child in getattr(page_box, "children", ()))


def foot_lines(document, attribute: str = "data-block") -> dict[str, list[tuple[float, str]]] | None:
    """Of each element with `attribute` laid out in a page's footnote area (an apparatus block), its lines: the
    bottom of each below the element's top (CSS px) and its text; or None when the installed WeasyPrint is not
    one this reader was verified on."""
    if why_plain() is not None:
        return None
    from weasyprint.formatting_structure import boxes

    def lines_of(box, top: float, found: list) -> None:
        for child in getattr(box, "children", ()):
            if isinstance(child, boxes.LineBox):
                text = "".join(t.text for t in child.descendants() if isinstance(t, boxes.TextBox))
                found.append((child.position_y + child.height - top, text))
            else:
                lines_of(child, top, found)

    blocks: dict[str, list[tuple[float, str]]] = {}
    for page in document.pages:
        for area in page._page_box.children:
            if not isinstance(area, boxes.FootnoteAreaBox):
                continue
            for box in area.descendants():
                element = getattr(box, "element", None)
                if element is None or not hasattr(element, "get") or "::" in (box.element_tag or ""):
                    continue
                value = element.get(attribute)
                if value is not None and value not in blocks:
                    blocks[value] = []
                    lines_of(box, box.position_y, blocks[value])
    return blocks


def element_heights(document, attribute: str) -> dict[str, float] | None:
    """The height (margins included) of each element with `attribute` in a laid-out document, by its value (the
    first box of an element split across pages), or None when the installed WeasyPrint is not one this reader was
    verified on."""
    if why_plain() is not None:
        return None
    heights: dict[str, float] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or not hasattr(element, "get") or "::" in (box.element_tag or ""):
                continue
            value = element.get(attribute)
            if value is not None and value not in heights:
                heights[value] = box.margin_height()
    return heights
