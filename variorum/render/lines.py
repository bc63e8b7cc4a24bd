"""The lines of the printed text: numbered in the margin, and the apparatus keyed to them.

A critical edition numbers the lines of its text and keys every apparatus entry to
its line and lemma (`12 Nanking] Nanjing reg.`). CSS has no line counter, so the lines
are read from a layout and the text is laid out again (reledmac runs LaTeX again for the
same reason). For one document, in render/pdf's step 1:

    1. read      the laid-out pages -> LineMap: for each line of the reading text its
                 page, its text and the characters before it; for each entry the lines
                 its lemma stands on (render/weasyprint_speedups.laid_out_lines reads the
                 line boxes; print.xsl wrapped each lemma in <span data-entry="N">); a
                 line box without text is no line of the text (not counted, not numbered):
                 a phantom one (no height: the empty part of an inline element before a
                 block inside it) or a blank one (two line breaks in a row)
    2. key       the reading text again: before the first lemma of each page, one block per
                 series (readings, editorial interventions, notes) holding the entries of that
                 page (`float: footnote`, no call): the line number once per line, the
                 lemma, a word that occurs twice in its line with its occurrence number
                 (reledmac's \\sameword)
    3. fit       the first layout kept each entry's room at the foot of its lemma's page
                 (the entries run on, unseen: `provisional`); where the blocks keyed to its
                 lines, laid out on their own (render/pdf's apparatus layer), fit each page's
                 room, that layout is the print and the blocks a layer laid over its pages:
                 laid out once. Else:
    4. again     lay out the keyed text and read it; until a layout leaves every line on
                 the page it was keyed for and every block at the foot of the page whose
                 entries it holds (the blocks take room at the foot and may push lines to
                 the next page: then the text is keyed to the new map), at most MAX_LAYOUTS
                 layouts (a short document: two). Where two layouts swap their lines (a line
                 whose entry does not fit at its page's foot goes over, its entry with it,
                 the page's blocks shrink and the line comes back), the line goes over and
                 its page keeps the room that sent it, empty below its blocks (break_two_cycle),
                 and the document may have one layout more (the line gone over may send the
                 next page into a cycle of its own), never more than MOST_LAYOUTS.
                 Every layout of a keyed document keeps a page's footnotes on that page: where
                 WeasyPrint would move them on to keep a paragraph's second line, the paragraph
                 goes over instead (weasyprint_speedups, keep_footnotes); where a block of readings
                 or interventions (or, in the first layout, an entry) does not fit below the line
                 of its call, that line goes over with it (print.css, footnote-policy: line; a note,
                 which may be longer than a page, goes on alone). Most documents are then right in
                 their first layout. A block that no page's foot holds, a note that goes on alone
                 and does not fit below the line of its call, and a block called on its page's
                 first line that does not fit there (taking the line over would not help) run on
                 to the next page's foot, as a printed edition's long note does (WeasyPrint does
                 not split a footnote, and what it puts below the page is not printed): cut at a
                 word where the room ends, each part a block of the page it stands on
                 (`article@page@series-from`; continue_blocks, one layout more for each change,
                 never more than MOST_LAYOUTS). A layout whose blocks run past a page's foot is
                 never right (overfull_pages); one that gives back the very lines it was keyed
                 for is the last (keyed for them again, it would give them again).

Verse is numbered by verse line, as a printed critical edition of verse is: in a document whose
text has verse lines (print.xsl marks each `l` with data-verse, its number), a line of the layout
takes the number of the verse line it stands in, the margin shows it on the verse line's first
layout line only (a wrapped line counts once), and the lines outside verse (headings, stanza labels,
prose) have no number, in the margin or in the apparatus; `restart` does not apply. A text without
verse lines is numbered by its layout lines.

A line's place in the text is the count of its letters and digits before it: the same
in the laid-out boxes and in the HTML, whatever whitespace and hyphens the layout adds.
The blocks stand outside the flow of the lines, so they move no line break; the page of
a line is what the passes settle. The numbers in the margin are not in the text at all:
the last layout gives each numbered line's top on its page (DocumentLines.margin), and
render/pdf prints them, on the outer side of the book's page, with the folio and the
running head, when it puts the document on its pages of the book (its step 3).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from markupsafe import Markup

from variorum.config import Edition
from variorum.render.page import PageParts, inner_html

MAX_LAYOUTS = 5  # a document is laid out at most this often (the sample once; one whose apparatus does not fit, 2 or 3)
MOST_LAYOUTS = 8  # ... once more for each cycle broken (break_two_cycle), but never more than this
SERIES = ("readings", "editorial", "notes")  # the order of the blocks at the foot of a page
# A note (or a page's block of notes) of more characters than this, some twenty lines of the apparatus or
# two-fifths of a page's foot, does not take its line to the next page when it does not fit below it: it
# goes on alone (print.css, .long), as a page of one line before it would be worse than the note a page on.
LONG_NOTES = 1600
# The room at a page's foot (print.css: @footnote's max-height and the rule, its margin and padding above the
# blocks), for a block taller than a page's foot can hold: it is continued at the foot of the next page.
FOOT_SHARE = 0.55
FOOT_OVERHEAD = 18.0  # CSS px: 9pt margin, 0.4pt rule, 4pt padding
APPARATUS_LINE = 14.0  # CSS px: 10.5pt, a line of the apparatus
# Elements of the reading text that stand outside its lines (floats and footnotes of print.css):
# their letters are not counted on either side.
OUTSIDE_LINES = frozenset({"footnote", "pb", "line-number", "line-apparatus"})
COUNTED = re.compile(r"\w")


@dataclass(frozen=True)
class EntryPlace:
    first: int  # the line its lemma begins on (0-based index of the document's lines)
    last: int  # the line it ends on
    offset: int  # characters of the first line's text before the lemma


@dataclass
class DocumentLines:
    """One document's lines as laid out."""

    pages: list[int] = field(default_factory=list)  # page of each line (0-based, in the document's layout)
    tops: list[float] = field(default_factory=list)  # its top, in CSS px below the top of its page's text area
    texts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # letters and digits of the text before each line
    entries: dict[str, EntryPlace] = field(default_factory=dict)
    verses: list[str | None] = field(default_factory=list)  # the verse line each line stands in (data-verse), or None
    blocks: dict[int, list[str]] = field(default_factory=dict)  # page -> the apparatus blocks at its foot

    def labels(self, restart: str) -> list[int | None]:
        """The number of each line: in verse, its verse line's (None outside verse lines); else counted through
        the document, or from each page's first line."""
        if any(verse is not None for verse in self.verses):
            return [None if verse is None else int(verse) for verse in self.verses]
        if restart != "page":
            return list(range(1, len(self.pages) + 1))
        labels, previous, count = [], None, 0
        for page in self.pages:
            count = count + 1 if page == previous else 1
            previous = page
            labels.append(count)
        return labels

    def starts_verse(self, index: int) -> bool:
        """Whether a line is the first of what it is numbered by: any line of a text without verse, in verse the
        first layout line of a verse line (not the continuation of a wrapped line or the second part of a split one)."""
        return not self.verses or index == 0 or self.verses[index] is None or self.verses[index] != self.verses[index - 1]

    def margin(self, restart: str, every: int) -> tuple[tuple[tuple[float, int], ...], ...]:
        """The numbers printed in the margin, page by page of the document: (the top of the line, its number),
        every `every`-th number, a verse line's on its first layout line only."""
        pages: list[list[tuple[float, int]]] = [[] for _ in range(max(self.pages, default=-1) + 1)]
        for index, label in enumerate(self.labels(restart)):
            if label is not None and not label % every and self.starts_verse(index):
                pages[self.pages[index]].append((round(self.tops[index], 2), label))
        return tuple(tuple(page) for page in pages)

    def key(self) -> tuple:
        """What a further layout must leave as it is: the page of every line and of every block."""
        return tuple(self.pages), tuple(sorted((p, tuple(b)) for p, b in self.blocks.items()))

    def keeps(self, keyed_for: "DocumentLines", blocks: set[str]) -> bool:
        """Whether this layout of a text keyed to `keyed_for` (KeyedText.html) is right as it stands: every line
        on the page it was numbered for, and every block made (`blocks`, their data-block) at the foot of the
        page it holds the entries of (the page its id names)."""
        found = {block for on_page in self.blocks.values() for block in on_page}
        return self.pages == keyed_for.pages and found == blocks and not self.misplaced()

    def misplaced(self) -> tuple[tuple[int, int], ...]:
        """(the page its id names, the page it was laid out on) of each block laid out at the foot of another page.

        A block whose id names no page (none that KeyedText writes) is no misplaced block."""
        return tuple(sorted({(keyed, page) for page, on_page in self.blocks.items() for block in on_page
                             if (keyed := _page_of_block(block)) is not None and keyed != page}))


def read_lines(pages, page_offset: int = 0) -> dict[str, DocumentLines]:
    """Laid-out pages (weasyprint_speedups.laid_out_lines) -> each document's lines, by the article's id."""
    documents: dict[str, DocumentLines] = {}
    carried: dict[str, list[str]] = {}  # by document: the entries marked on a line without text, for its next line
    for number, page in enumerate(pages):
        for line in page.lines:
            lines = documents.setdefault(line.article, DocumentLines())
            if not line.text.strip():
                # A line without text is no line of the text, as a printed edition counts: a phantom line
                # (WeasyPrint's: no height; the empty part of an inline element before a block inside it) or a
                # blank one (its height kept: two line breaks in a row, <lb/><lb/>). An entry whose lemma begins
                # there begins on the next line.
                carried.setdefault(line.article, []).extend(entry for entry, _ in line.marks)
                continue
            index = len(lines.pages)
            before = (lines.starts[-1] + len(COUNTED.findall(lines.texts[-1]))) if index else 0
            lines.pages.append(number - page_offset)
            lines.tops.append(line.y - page.content_top)
            lines.texts.append(line.text)
            lines.starts.append(before)
            lines.verses.append(line.verse)
            for entry, offset in [(entry, 0) for entry in carried.pop(line.article, ())] + line.marks:
                _mark(lines, entry, index, offset)
        for block in page.footnotes:
            article = block.rsplit("@", 2)[0]
            documents.setdefault(article, DocumentLines()).blocks.setdefault(number - page_offset, []).append(block)
    for article, entries in carried.items():  # lines without text after a document's last line: their entries end it
        lines = documents[article]
        for entry in entries:
            if lines.pages:
                _mark(lines, entry, len(lines.pages) - 1, len(lines.texts[-1]))
    return documents


def _page_of_block(block: str) -> int | None:
    """The page (of its document) a block's id names: `article@page@series`."""
    page = block.split("@")[-2]
    return int(page) if page.isdigit() else None


def _mark(lines: DocumentLines, entry: str, index: int, offset: int) -> None:
    """An entry's lemma found on line `index`: its first line (and the offset there) where it is first found, its last."""
    place = lines.entries.get(entry)
    lines.entries[entry] = EntryPlace(index, index, offset) if place is None else EntryPlace(place.first, index, place.offset)


@dataclass
class Tried:
    """One keyed layout that did not keep: the lines it was keyed for, the lines it gave, the height of each
    page's footnote area (its blocks and any spacer)."""

    keyed_for: DocumentLines
    found: DocumentLines
    foot: list[float]


def _lines_per_page(lines: DocumentLines) -> list[int]:
    return [lines.pages.count(page) for page in range(max(lines.pages, default=-1) + 1)]


def break_two_cycle(tried: list[Tried]) -> tuple[DocumentLines, int, float] | None:
    """Where the last two layouts swapped their lines (keyed for A they gave B, keyed for B they gave A: a
    line whose entry does not fit at the foot of its page goes over, its entry with it, the page's blocks
    shrink and the line comes back), the way out a printed edition takes: the line goes over, and its page
    keeps the room that sent it over, empty below the blocks. (the lines to key for, the page, the room to
    keep empty there in CSS px), or None."""
    if len(tried) < 2:
        return None
    before, last = tried[-2], tried[-1]
    if not (last.found.pages == before.keyed_for.pages and last.keyed_for.pages == before.found.pages):
        return None
    counts_before, counts_last = _lines_per_page(before.found), _lines_per_page(last.found)
    page = next((n for n, (a, b) in enumerate(zip(counts_before, counts_last)) if a != b), None)
    if page is None:
        return None
    # the layout that gave fewer lines on that page, and the one keyed for those lines
    over, keyed = (before, last) if counts_before[page] < counts_last[page] else (last, before)
    if page >= len(over.foot) or page >= len(keyed.foot):
        return None
    room = over.foot[page] - keyed.foot[page]
    return (over.found, page, room) if room > 0 else None


@dataclass
class Entry:
    number: str
    series: str
    html: etree._Element  # the entry's content (<span class="entry ...">)


class KeyedText:
    """A document's reading text (print.xsl, apparatus = "lines") and its entries, keyed again for each map."""

    def __init__(self, parts: PageParts, edition: Edition, article: str):
        self.text = parts.text
        self.edition = edition
        self.article = article
        self.entries = [Entry(e.get("n"), e.get("series"), e[0]) for e in (parts.apparatus if parts.apparatus is not None else ())
                        if len(e)]
        # A block too tall for the foot of its page, continued on the next: where (characters of its text) each
        # next page takes it up, by the block's id (continue_blocks), kept from keying to keying; and, of each
        # block or part the last keying made, (the block it is part of, where in its text the part begins, its
        # characters), whether it goes on alone, and each block's text.
        self.splits: dict[str, list[int]] = {}
        self.parts: dict[str, tuple[str, int, int]] = {}
        self.going_on: set[str] = set()  # the blocks and parts that go on alone where they do not fit (print.css)
        self._texts: dict[str, str] = {}  # each block's text, as the last keying made it

    def html(self, lines: DocumentLines | None, spacers: dict[int, float] | None = None) -> Markup:
        """The reading text as HTML: as print.xsl made it, or numbered and keyed to the lines of a layout;
        `spacers`: room (CSS px) kept empty below the blocks of a page (break_two_cycle)."""
        text = etree.fromstring(etree.tostring(self.text))  # a copy, keyed anew each pass
        if lines is None:
            self._provisional_apparatus(text)
            return Markup(inner_html(text))
        self._key_apparatus(text, lines, lines.labels(self.edition.restart), spacers or {})
        return Markup(inner_html(text))

    # ---------------------------------------------------------------- the apparatus at the foot

    def _provisional_apparatus(self, text: etree._Element) -> None:
        """For the first layout, before any line is known: each entry at the foot of the page of its lemma,
        run on, with a line number's room before it, unseen (print.css). It takes about the room the keyed
        blocks will take, so that the lines of the first layout are mostly where the keyed text leaves them:
        most often the blocks fit that room, and the first layout is the print."""
        anchors = {element.get("data-entry"): element for element in text.iter("span") if element.get("data-entry")}
        for entry in self.entries:
            if entry.number not in anchors:
                continue
            # Its words as one run of text: the room they take, unseen, is all that is asked of them, and a
            # run is laid out faster than the entry's spans (WeasyPrint lays the page's foot out again for
            # each entry it places there).
            words = " ".join("".join(entry.html.itertext()).split())
            note = etree.Element("span", {"class": f"line-apparatus provisional {entry.series}{_long(entry.series, words)}"})
            note.text = "00\u00a0" + words
            _after_first_word(anchors[entry.number], [note])

    def _key_apparatus(self, text: etree._Element, lines: DocumentLines, labels: list[int], spacers: dict[int, float]) -> None:
        anchors = {element.get("data-entry"): element for element in text.iter("span") if element.get("data-entry")}
        keyed = self._blocks(lines, labels, anchors)
        for page, (first, blocks) in keyed.items():
            if spacers.get(page, 0) > 0:
                blocks.append(self._spacer(page, spacers[page]))
            _after_first_word(anchors[first], blocks)
        for page, room in sorted(spacers.items()):
            # a page left with no lemma (its one entry's line went over): the room is kept from its first line
            if room > 0 and page not in keyed and page in lines.pages:
                _after_word_at(text, lines.starts[lines.pages.index(page)], [self._spacer(page, room)])

    def _spacer(self, page: int, room: float) -> etree._Element:
        return etree.Element("span", {"class": "apparatus-spacer", "data-block": f"{self.article}@{page}@spacer",
                                      "style": f"height: {room:.2f}px"})

    def keys(self, lines: DocumentLines) -> dict[str, str]:
        """Each entry's line as the print gives it (`12`, `12–13`), by its number: for the web page to say it.
        Counted from each page (`restart = "page"`, in prose), each line with its page of the document before
        it (`0:12`, `0:30–1:2`; 0 the first): the book's page is known only once the book is planned
        (render/print_keys.print_line)."""
        labels = lines.labels(self.edition.restart)
        by_page = self.edition.restart == "page" and not any(verse is not None for verse in lines.verses)
        return {entry.number: label for entry in self.entries
                if (place := lines.entries.get(entry.number)) is not None
                and (label := _page_line_label(place, labels, lines.pages) if by_page else _line_label(place, labels))}

    def blocks(self, lines: DocumentLines) -> dict[int, list[etree._Element]]:
        """The apparatus of each page (0-based, of the document) as its blocks, keyed to `lines`."""
        anchors = {element.get("data-entry"): element for element in self.text.iter("span") if element.get("data-entry")}
        return {page: blocks for page, (_, blocks) in self._blocks(lines, lines.labels(self.edition.restart), anchors).items()}

    def _blocks(self, lines: DocumentLines, labels: list[int], anchors: dict) -> dict[int, tuple[str, list[etree._Element]]]:
        """Page -> (the entry of its first lemma, the blocks of its entries, a block a series)."""
        self.parts, self.going_on, self._texts = {}, set(), {}  # of this keying only
        by_page: dict[int, list[tuple[EntryPlace, Entry]]] = {}
        order = {id(entry): index for index, entry in enumerate(self.entries)}  # the text's order (a number, or a letter)
        for entry in self.entries:
            place = lines.entries.get(entry.number)
            if place is None or entry.number not in anchors:
                continue  # a lemma the layout did not place on a line of the text (none in a sound layout)
            by_page.setdefault(lines.pages[place.first], []).append((place, entry))
        found = {}
        for page, placed in sorted(by_page.items()):
            placed.sort(key=lambda item: (item[0].first, item[0].offset, order[id(item[1])]))
            found[page] = (placed[0][1].number, [part for series in SERIES
                                                 if (entries := [(place, entry) for place, entry in placed if entry.series == series])
                                                 for part in self._parts(self._block(page, series, entries, lines, labels))])
        return found

    def _parts(self, block: etree._Element) -> list[etree._Element]:
        """A block as the foot of its page holds it: whole, or, where it is continued (self.splits), its first
        part there and a part for each next page (`article@page@series-from`), laid out there as a note that
        does not fit goes on (footnote-policy: auto; print.css .continued), before that page's own blocks."""
        name = block.get("data-block")
        text = self._texts[name] = "".join(block.itertext())
        offsets = [offset for offset in self.splits.get(name, ()) if 0 < offset < len(text)]
        parts = split_text(block, offsets) if offsets else [block]
        article, page, series = name.rsplit("@", 2)
        lengths = [len("".join(part.itertext())) for part in parts]
        if offsets:  # where the parts begin, each cut moved to a word's beginning
            self.splits[name] = [sum(lengths[:number]) for number in range(1, len(parts))]
        begin = 0
        for number, (part, length) in enumerate(zip(parts, lengths)):
            if number:
                part.set("data-block", f"{article}@{int(page) + number}@{series}-{page}")
                part.set("class", f"line-apparatus {series} continued")
            self.parts[part.get("data-block")] = (name, begin, length)
            if number or " long" in block.get("class"):
                self.going_on.add(part.get("data-block"))
            begin += length
        return parts

    def continue_blocks(self, found: DocumentLines, pages: list, heights: dict[str, float],
                        laid: dict[str, list[tuple[float, str]]] | None = None) -> bool:
        """After a layout, the blocks continued anew (a printed edition's note runs on to the next page's foot):
        a block (or part) laid out at the foot of a later page than its own because it is taller than its page's
        foot can hold below its first lemma's line, or one that runs past the bottom of its page (overfull), is
        continued on the next page from where that room ends; a part laid out at the foot of the page of the
        part before it, the two fitting there, is one with it again. Whether any changed."""
        changed = False
        placed = {name: page for page, names in found.blocks.items() for name in names}
        for keyed, page in found.misplaced():
            for name in found.blocks.get(page, ()):
                if _page_of_block(name) != keyed or name not in self.parts:
                    continue
                block, begin, _ = self.parts[name]
                if page < keyed:
                    before = next((other for other, (of, _, length) in self.parts.items()
                                   if of == block and self.parts[other][1] + length == begin), None)
                    if before is not None and placed.get(before) == page and begin in self.splits.get(block, ()):
                        self.splits[block] = [offset for offset in self.splits[block] if offset != begin]
                        changed = True
                elif keyed < len(pages) and (name in self.going_on or heights.get(name, 0.0) > _whole_foot(pages[keyed])
                                             or _calls_on_first_line(found, keyed)):
                    # (a block that takes its line over with it is continued only where that cannot help: no page's
                    # foot holds it, or its call stands on its page's first line)
                    changed |= self._continue(name, self._foot_room(found, pages[keyed], keyed, heights, name), heights, laid)
        for number in overfull_pages(found, pages, heights):
            tallest = max((name for name in found.blocks.get(number, ()) if name in self.parts),
                          key=lambda name: heights.get(name, 0.0), default=None)
            if tallest is not None:
                changed |= self._continue(tallest, self._foot_room(found, pages[number], number, heights, tallest), heights, laid)
        return changed

    def _continue(self, name: str, room: float, heights: dict[str, float], laid: dict | None) -> bool:
        """Cut a block (or part) after the last of its laid-out lines that `room` (CSS px, less a line) holds: the
        rest goes on to the next page's foot. (Without its lines, where its height's share of its characters ends.)"""
        height = heights.get(name, 0.0)
        if height <= room or room < 2 * APPARATUS_LINE:
            return False  # it would fit, or not a line of it would: no continuing mends that
        block, begin, length = self.parts[name]
        text = self._texts.get(block, "")[begin:begin + length]
        if laid and laid.get(name):
            letters = sum(len(COUNTED.findall(line)) for bottom, line in laid[name] if bottom <= room - APPARATUS_LINE)
            offset = begin + _after_letters(text, letters)
        else:
            offset = begin + int(length * (room - APPARATUS_LINE) / height)
        if not begin < offset < begin + length or offset in self.splits.get(block, ()):
            return False
        self.splits[block] = sorted({*self.splits.get(block, ()), offset})
        return True

    @staticmethod
    def _foot_room(found: DocumentLines, page, number: int, heights: dict[str, float], name: str) -> float:
        """The height a page's foot can give a block: below the line of its first lemma (its blocks' call) and
        no more than the foot's share of the page, less the other blocks laid out there."""
        call = _first_call(found, number)
        below = page.content_height - (found.tops[call] + APPARATUS_LINE if call is not None else 0.0)
        taken = sum(heights.get(other, 0.0) for other in found.blocks.get(number, ()) if other != name)
        return min(_whole_foot(page), below - FOOT_OVERHEAD) - taken

    def _block(self, page: int, series: str, entries, lines: DocumentLines, labels: list[int]) -> etree._Element:
        block = etree.Element("span", {"class": f"line-apparatus {series}", "data-block": f"{self.article}@{page}@{series}"})
        previous, group = None, None
        for place, entry in entries:
            label = _line_label(place, labels)
            if label != previous or group is None:
                group = etree.SubElement(block, "span", {"class": "app-line"})
                if label:
                    number = etree.SubElement(group, "span", {"class": "app-line-number"})
                    number.text = label
                    number.tail = "\u00a0"
                previous = label
            else:
                separator = etree.SubElement(group, "span", {"class": "app-separator"})
                separator.text = " | "
            group.append(self._entry_html(entry, place, lines))
        block.set("class", block.get("class") + _long(series, "".join(block.itertext())))
        return block

    @staticmethod
    def _entry_html(entry: Entry, place: EntryPlace, lines: DocumentLines) -> etree._Element:
        """The entry's content, with the occurrence number of a lemma whose words occur twice in its line."""
        content = etree.fromstring(etree.tostring(entry.html))
        content.tail = None
        lemma = next((span for span in content.iter("span") if span.get("class") == "lemma"), None)
        if lemma is not None and not lemma.get("data-words"):
            words = " ".join("".join(lemma.itertext()).split())
            occurrence = _occurrence(words, lines.texts[place.first], place.offset)
            if occurrence:
                sup = etree.SubElement(lemma, "sup", {"class": "sameword"})
                sup.text = str(occurrence)
        return content


def _after_letters(text: str, letters: int) -> int:
    """Where in `text` the word holding its `letters`-th letter or digit ends, the space after it with it."""
    if letters <= 0:
        return 0
    seen = 0
    for index, character in enumerate(text):
        if COUNTED.match(character):
            seen += 1
            if seen == letters:
                end = text.find(" ", index)
                return len(text) if end < 0 else end + 1
    return len(text)


def _first_call(found: DocumentLines, page: int) -> int | None:
    """The line of a page's first lemma, where its blocks are called (None: no lemma there)."""
    return min((place.first for place in found.entries.values() if found.pages[place.first] == page), default=None)


def _calls_on_first_line(found: DocumentLines, page: int) -> bool:
    """Whether a page's blocks are called on its first line."""
    call = _first_call(found, page)
    return call is not None and call == found.pages.index(page)


def _whole_foot(page) -> float:
    """The tallest a page's blocks may be: its foot's share of the page, less the rule above them."""
    return FOOT_SHARE * page.content_height - FOOT_OVERHEAD


def overfull_pages(found: DocumentLines, pages: list, heights: dict[str, float]) -> list[int]:
    """The pages of a layout whose blocks are taller than their foot holds (a block taller than the foot, put
    on a page where it stands first: WeasyPrint places it whole, the foot no taller than its max-height or the
    page, and what is below is not printed)."""
    return [number for number, page in enumerate(pages)
            if sum(heights.get(name, 0.0) for name in found.blocks.get(number, ())) > min(page.footnote_height, page.content_height) + 0.5]


def split_text(element: etree._Element, offsets: list[int]) -> list[etree._Element]:
    """An element cut at characters of its text (each cut moved back to the start of its word, where a space
    since the cut before stands before it): a copy of it for each part, every element the part's text stands
    in kept around it; the parts' texts, one after the other, are the element's."""
    text = "".join(element.itertext())
    cuts: list[int] = []
    for offset in offsets:
        previous = cuts[-1] if cuts else 0
        space = text.rfind(" ", previous, offset)
        cut = space + 1 if space >= previous else offset  # a word longer than the part (a URL): cut within it
        if previous < cut < len(text):
            cuts.append(cut)
    bounds = list(zip([0, *cuts], [*cuts, len(text)]))
    return [_keep_text(element, start, end, last=number == len(bounds) - 1) for number, (start, end) in enumerate(bounds)]


def _keep_text(element: etree._Element, start: int, end: int, last: bool = False) -> etree._Element:
    """A copy of an element with the characters [start, end) of its text only: an element whose words are all
    another part's is dropped, and an element without words (a line break) kept in the part where it stands."""
    copy = etree.fromstring(etree.tostring(element, with_tail=False))
    position = 0

    def keep(string: str | None) -> str | None:
        nonlocal position
        if not string:
            return string
        begin, position = position, position + len(string)
        return string[max(start - begin, 0):max(min(end - begin, len(string)), 0)]

    def walk(node: etree._Element) -> None:
        node.text = keep(node.text)
        for child in list(node):
            had_text, at = bool("".join(child.itertext())), position
            walk(child)
            child.tail = keep(child.tail)
            if had_text and not "".join(child.itertext()) or not had_text and not (start <= at < end or last and at == end):
                _drop(child)

    walk(copy)
    return copy


def _drop(element: etree._Element) -> None:
    """Remove an element, its tail kept where it stood."""
    parent, tail = element.getparent(), element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _long(series: str, text: str) -> str:
    """" long" for a note, or a block of notes, longer than LONG_NOTES characters; else ""."""
    return " long" if series == "notes" and len(text) > LONG_NOTES else ""


def _line_label(place: EntryPlace, labels: list[int | None]) -> str:
    """An entry's line: its number, or its first and last (in verse, verse lines: a lemma outside them has none)."""
    return "–".join(str(n) for n in dict.fromkeys((labels[place.first], labels[place.last])) if n is not None)


def _page_line_label(place: EntryPlace, labels: list[int | None], pages: list[int]) -> str:
    """An entry's line counted from its page, with the page of the document: `0:12`, `0:12–13`, `0:30–1:2`."""
    first, last = f"{pages[place.first]}:{labels[place.first]}", f"{pages[place.last]}:{labels[place.last]}"
    if first == last:
        return first
    return f"{first}–{labels[place.last]}" if pages[place.first] == pages[place.last] else f"{first}–{last}"


def _occurrence(words: str, line: str, offset: int) -> int | None:
    """Which occurrence in its line a lemma is (1, 2 ...), when its words stand in the line more than once."""
    if not words or not COUNTED.search(words):
        return None
    found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", line)]
    if len(found) < 2:
        return None
    return sum(1 for start in found if start < offset + 1) or 1


def _word_starts(text: etree._Element) -> list[tuple[int, tuple]]:
    """Where each word of the reading text begins: (letters and digits before it, (node, "text" | "tail", index))."""
    found = []
    count = 0
    previous_counted = False  # whether the character before was a letter or digit (a word runs on)

    def visit(node, where: str, string: str):
        nonlocal count, previous_counted
        for index, character in enumerate(string):
            if COUNTED.match(character):
                if not previous_counted:
                    found.append((count, (node, where, index)))
                count += 1
                previous_counted = True
            else:
                previous_counted = False

    def walk(element):
        if element is not text and set((element.get("class") or "").split()) & OUTSIDE_LINES:
            return
        if element.text:
            visit(element, "text", element.text)
        for child in element:
            walk(child)
            if child.tail:
                visit(child, "tail", child.tail)

    walk(text)
    return found


def _after_first_word(element: etree._Element, blocks: list[etree._Element]) -> None:
    """Put the blocks right after the first word of an element (or before it, when it has none).

    Not after a space: WeasyPrint 70 may break a line again, earlier, where an element out of
    the flow follows a break opportunity (a line that starts after a hyphen ends too soon)."""
    first = next(iter(_word_starts(element)), None)
    if first is None:
        for block in blocks:
            element.addprevious(block)
        return
    _after_word(first[1], blocks)


def _after_word_at(text: etree._Element, count: int, blocks: list[etree._Element]) -> None:
    """Put the blocks right after the first word of the text that begins `count` letters and digits into it
    (a line's first: DocumentLines.starts), or at the text's end."""
    found = next((where for before, where in _word_starts(text) if before >= count), None)
    if found is None:
        text.extend(blocks)
    else:
        _after_word(found, blocks)


def _after_word(start: tuple, blocks: list[etree._Element]) -> None:
    """Put the blocks right after the word that begins at `start` ((node, "text" | "tail", index): _word_starts)."""
    node, where, index = start
    string = node.text if where == "text" else node.tail
    end = index
    while end < len(string) and COUNTED.match(string[end]):
        end += 1
    rest = string[end:]
    if where == "text":
        node.text = string[:end]
        for position, block in enumerate(blocks):
            node.insert(position, block)
    else:
        node.tail = string[:end]
        for block in reversed(blocks):
            node.addnext(block)
    blocks[-1].tail = rest
