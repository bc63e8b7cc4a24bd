"""Witnesses -> tokens -> alignment -> apparatus: `variorum collate` (contract section 6).

The stages, in order, one function each:

| # | stage     | turns                                      | into                                                   |
|---|-----------|--------------------------------------------|--------------------------------------------------------|
| 1 | encode    | each plain-text witness                    | a TEI document, by the encoder (names, dates, pb, supplied ...) |
| 2 | tokenise  | the body of each document                  | Tokens: one word with its markup, and the space after it |
| 3 | normalise | each token                                 | a key: case and punctuation folded, a name is `#entity-id` |
| 4 | align     | the keys of each witness against the base  | matched pairs (unique anchors, exact LCS between them)  |
| 5 | columns   | the matched pairs of every witness         | columns: one base word each, and the words a witness adds |
| 6 | units     | columns                                    | agreement runs and variation units, never cutting a witness's markup; transpositions joined |
| 7 | classify  | each variation unit                        | place-name / person-name / org-name, orthographic or substantive |
| 8 | output    | units, and the headers of the witnesses    | one TEI document: listWit, variantEncoding, app/lem/rdg, standOff |

The base witness gives the document its header and its paragraphs; every
`app` has a `lem` (the base's reading, empty where the base omits) and one
`rdg` for each other reading, so that every witness is named exactly once at
every `app`. Page breaks of every witness are kept as `pb[@edRef]` pointing at
that witness's own cited source (or at the witness itself).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath
from typing import NamedTuple

from lxml import etree

from variorum.authority import NameIndex, Registry, load_registry
from variorum.diagnostics import EXIT_OK, InputError, Reporter, UsageError
from variorum.encode import default_authority, encode_witness
from variorum.encode.read import Witness, read_witness
from variorum.reading import reading_text
from variorum.xmlio import TEI_NS, XML_ID, XML_LANG, serialize_tei, sub, tei, write_atomic

__all__ = ["collate_files", "collate_witnesses", "align_keys", "witness_text", "tokenise", "Token"]

# Inline elements that are one word whatever their length: a name is compared through its entity.
NAME_TYPES = {tei("placeName"): "place-name", tei("persName"): "person-name", tei("orgName"): "org-name"}
ATOMIC = frozenset(NAME_TYPES)
# Zero-width markers: they go with the word that follows them.
BREAKS = frozenset({tei("pb"), tei("lb"), tei("cb"), tei("milestone")})
# Elements that hold blocks rather than words (opener/salute ...).
CONTAINERS = frozenset({tei("opener"), tei("closer"), tei("div")})
BLOCKS = frozenset(tei(t) for t in ("p", "salute", "closer", "opener", "signed", "dateline", "head", "ab", "l"))

# Attributes whose `#id` values point inside the document.
POINTERS = ("edRef", "target", "ref", "corresp", "source", "wit")

COLLATION_DECLARATION = (
    "Collated by variorum: the words of each witness are compared without regard to case and punctuation, "
    "names through the registers (Canton and Guangzhou are one place). The lemma is the reading of the base "
    "witness; every other reading is a rdg; an empty rdg is an omission. Variation between forms of one name "
    "is typed place-name, person-name or org-name; variation in case, punctuation or editorial markup only "
    "(words supplied in one witness and written in another), orthographic; all other variation, substantive. "
    "Words in another order are one substantive entry. Page breaks of each witness point at its own source."
)


# ---------------------------------------------------------------- tokens


class Piece(NamedTuple):
    """A part of a word: its text (or an atomic element, a name) and the inline elements around it."""

    wrappers: tuple[etree._Element, ...]  # outermost first: supplied, date, hi, foreign ... of the witness's TEI
    content: str | etree._Element


@dataclass(slots=True)
class Token:
    """One word of a witness as encoded: its markup, the space after it, and a key to compare it by."""

    witness: int
    block: int  # index of the block (p, salute, closer ...) in the witness
    pieces: tuple[Piece, ...]
    breaks: tuple[etree._Element, ...] = ()  # pb before the word
    trailing: tuple[etree._Element, ...] = ()  # pb after the last word of the witness
    space: str = ""
    key: str = ""  # normalised: equal keys align
    form: tuple = ()  # the word as encoded, markup included: equal forms agree
    link: int = 0  # how many of its inline elements the next word of the witness continues
    entity: str | None = None  # the entity id when the word is one name
    name_type: str | None = None  # place-name / person-name / org-name
    name_form: str | None = None  # the form of the name as written


def _blocks(div: etree._Element) -> Iterator[etree._Element]:
    """The blocks of a division in order: paragraphs, salutations, closings (inside openers too)."""
    for child in div:
        if not isinstance(child.tag, str):
            continue
        if child.tag in CONTAINERS and any(isinstance(c.tag, str) and c.tag in BLOCKS for c in child):
            yield from _blocks(child)
        else:
            yield child


def _pieces(element: etree._Element, wrappers: tuple = ()) -> Iterator[tuple[tuple, str | etree._Element]]:
    """(wrappers, text or element) for the content of a block, in document order."""
    if element.text:
        yield wrappers, element.text
    for child in element:
        if isinstance(child.tag, str):
            if child.tag in ATOMIC or child.tag in BREAKS:
                yield wrappers, child
            else:
                yield from _pieces(child, wrappers + (child,))
        if child.tail:
            yield wrappers, child.tail


SPACE = re.compile(r"(\s+)")


def tokenise(body: etree._Element, witness: int = 0) -> list[Token]:
    """The words of a TEI body (or div), each with its markup, the space after it and its key."""
    tokens: list[Token] = []
    pending: list[etree._Element] = []  # page breaks waiting for the next word
    current: list[Piece] = []  # the pieces of the word being read
    signatures: dict[etree._Element, tuple] = {}

    def finish(block: int, space: str) -> None:
        if current:
            tokens.append(_token(witness, block, tuple(current), tuple(pending), space, signatures))
            current.clear()
            pending.clear()

    for number, block in enumerate(_block_elements(body)):
        for wrappers, content in _pieces(block):
            if isinstance(content, str):
                for part in SPACE.split(content):
                    if not part:
                        continue
                    if part.isspace():
                        finish(number, " ")
                    else:
                        current.append(Piece(wrappers, part))
            elif content.tag in BREAKS:
                finish(number, "")
                pending.append(content)
            else:
                current.append(Piece(wrappers, content))
        finish(number, " ")  # the end of a paragraph parts words like a space
    if pending and tokens:
        tokens[-1].trailing = tuple(pending)
    for token, following in zip(tokens, tokens[1:]):
        if following.block == token.block and token.pieces[-1].wrappers and following.pieces[0].wrappers:
            token.link = _shared(token.pieces[-1].wrappers, following.pieces[0].wrappers)
    return tokens


def _shared(first: tuple, second: tuple) -> int:
    """How many wrapper elements (outermost first) two pieces share: the same elements, not equal ones."""
    count = 0
    for a, b in zip(first, second):
        if a is not b:
            break
        count += 1
    return count


# ---------------------------------------------------------------- normalise


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case and punctuation folded: `Peace,` and `peace.` compare equal."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in normal if not unicodedata.category(c).startswith("P"))


def _token(witness: int, block: int, pieces: tuple, breaks: tuple, space: str, signatures: dict) -> Token:
    """A word with its key and form. A name is one token whose key is its entity: `#guangzhou`."""
    if len(pieces) == 1 and isinstance(pieces[0].content, str) and not pieces[0].wrappers:
        text = pieces[0].content  # a plain word: the common case
        return Token(witness, block, pieces, breaks, space=space, key=fold(text), form=(((), text),))
    keys: list[str] = []
    form: list[tuple] = []
    names: list[etree._Element] = []
    for piece in pieces:
        wrappers = []
        for wrapper in piece.wrappers:
            if wrapper not in signatures:
                signatures[wrapper] = (wrapper.tag, tuple(sorted(wrapper.attrib.items())))
            wrappers.append(signatures[wrapper])
        if isinstance(piece.content, str):
            keys.append(fold(piece.content))
            form.append((tuple(wrappers), piece.content))
        else:
            ref = " ".join((piece.content.get("ref") or "").split())
            keys.append(f"#{ref.lstrip('#')}#" if ref else fold(reading_text(piece.content)))
            form.append((tuple(wrappers), etree.tostring(piece.content, with_tail=False)))
            if ref:
                names.append(piece.content)
    token = Token(witness, block, pieces, breaks, space=space, key="".join(keys), form=tuple(form))
    if len(names) == 1 and " " not in names[0].get("ref").strip():
        token.entity = names[0].get("ref").strip().lstrip("#")
        token.name_type = NAME_TYPES[names[0].tag]
        token.name_form = reading_text(names[0])
    return token


# ---------------------------------------------------------------- align

EXACT_CELLS = 2_500  # ranges at most this large (base words x witness words) are aligned by an exact LCS
GRAMS = (1, 2, 3, 4, 6, 8)  # anchor lengths tried in turn when no single word is unique in both ranges


def align_keys(a: list[int], b: list[int]) -> list[tuple[int, int]]:
    """The matched positions (i, j), a[i] == b[j], increasing in both: a near-linear LCS.

    Patience alignment: words (or, failing these, n-grams) that occur exactly
    once in both ranges are anchors; the longest chain of anchors in the same
    order in both is kept; common prefixes and suffixes are matched at once;
    the ranges between anchors are aligned the same way, and when small enough
    by an exact longest-common-subsequence table.
    """
    pairs: list[tuple[int, int]] = []
    ranges = [(0, len(a), 0, len(b))]
    while ranges:
        alo, ahi, blo, bhi = ranges.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            pairs.append((alo, blo))
            alo += 1
            blo += 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi -= 1
            bhi -= 1
            pairs.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= EXACT_CELLS:
            pairs.extend(_lcs(a, alo, ahi, b, blo, bhi))
            continue
        anchors = _anchors(a, alo, ahi, b, blo, bhi)
        if not anchors:
            if (ahi - alo) * (bhi - blo) <= 25 * EXACT_CELLS:
                pairs.extend(_lcs(a, alo, ahi, b, blo, bhi))
            continue  # a huge range with no anchor at all: left unaligned (variation)
        i0, j0 = alo, blo
        for i, j, length in anchors:
            ranges.append((i0, i, j0, j))
            pairs.extend((i + k, j + k) for k in range(length))
            i0, j0 = i + length, j + length
        ranges.append((i0, ahi, j0, bhi))
    pairs.sort()
    return pairs


def _anchors(a: list[int], alo: int, ahi: int, b: list[int], blo: int, bhi: int) -> list[tuple[int, int, int]]:
    """(i, j, length): n-grams unique in both ranges, the longest chain in the same order in both."""
    for n in GRAMS:
        if n > ahi - alo or n > bhi - blo:
            break
        in_a = Counter(tuple(a[i : i + n]) for i in range(alo, ahi - n + 1)) if n > 1 else Counter(a[alo:ahi])
        in_b = Counter(tuple(b[j : j + n]) for j in range(blo, bhi - n + 1)) if n > 1 else Counter(b[blo:bhi])
        position: dict = {}
        for i in range(alo, ahi - n + 1):
            gram = tuple(a[i : i + n]) if n > 1 else a[i]
            if in_a[gram] == 1 and in_b.get(gram) == 1:
                position[gram] = i
        if not position:
            continue
        candidates = []
        for j in range(blo, bhi - n + 1):
            gram = tuple(b[j : j + n]) if n > 1 else b[j]
            if gram in position:
                candidates.append((position[gram], j))
        chain = _increasing(candidates)
        # Overlapping n-grams of one run: keep those that do not overlap the one before.
        anchors: list[tuple[int, int, int]] = []
        for i, j in chain:
            if anchors and (i < anchors[-1][0] + anchors[-1][2] or j < anchors[-1][1] + anchors[-1][2]):
                continue
            anchors.append((i, j, n))
        return anchors
    return []


def _increasing(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs, given in increasing j, whose i also increase."""
    tails: list[int] = []  # the smallest last i of a chain of each length
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (i, _) in enumerate(candidates):
        length = bisect_left(tails, i)
        if length == len(tails):
            tails.append(i)
            tail_index.append(index)
        else:
            tails[length] = i
            tail_index[length] = index
        previous.append(tail_index[length - 1] if length else -1)
    chain = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(candidates[index])
        index = previous[index]
    return chain[::-1]


def _lcs(a: list[int], alo: int, ahi: int, b: list[int], blo: int, bhi: int) -> list[tuple[int, int]]:
    """An exact longest common subsequence of two small ranges."""
    rows, cols = ahi - alo, bhi - blo
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        row, below = table[i], table[i + 1]
        ai = a[alo + i]
        for j in range(cols - 1, -1, -1):
            row[j] = below[j + 1] + 1 if ai == b[blo + j] else max(below[j], row[j + 1])
    pairs = []
    i = j = 0
    while i < rows and j < cols:
        if a[alo + i] == b[blo + j] and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((alo + i, blo + j))
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


# ---------------------------------------------------------------- columns


@dataclass(slots=True)
class Column:
    """One base word and the words of the other witnesses aligned with it, or words the base lacks."""

    block: int  # the base block it stands in
    cells: list[list[Token]]  # per witness: its words here (the base: one word, or none in a gap column)


def columns(tokens: list[list[Token]], base: int) -> list[Column]:
    """Align every witness with the base and lay the result out in columns, in text order."""
    keys: dict[str, int] = {}
    coded = [[keys.setdefault(t.key, len(keys)) for t in witness] for witness in tokens]
    base_tokens = tokens[base]
    n = len(base_tokens)
    slots: dict[tuple[int, str], list[list[Token]]] = {}  # (base word, before/at/after) -> words of each witness
    for w, witness in enumerate(tokens):
        if w == base:
            continue
        pairs = align_keys(coded[base], coded[w])
        while True:
            placed = _place(pairs, witness, n)
            cut = _cut_elements(placed, witness, base_tokens)
            if not cut:
                break
            pairs = [(i, j) for i, j in pairs if j not in cut]
        for j, slot in enumerate(placed):
            if slot not in slots:
                slots[slot] = [[] for _ in tokens]
            slots[slot][w].append(witness[j])
    laid_out: list[Column] = []
    for i in range(n + 1):
        block = base_tokens[min(i, n - 1)].block
        for side in ("before", "at", "after"):
            cells = slots.get((i, side))
            if side == "at" and i < n:
                cells = cells or [[] for _ in tokens]
                cells[base] = [base_tokens[i]]
            if cells:
                laid_out.append(Column(block, cells))
    return laid_out


def _place(pairs: list[tuple[int, int]], witness: list[Token], n: int) -> list[tuple[int, str]]:
    """Where each word of a witness goes: at the base word it matches, or before or after one.

    Words between two matches go with the match in the same paragraph of the
    witness: after the previous one, or before the next one when they begin
    the paragraph that the next one is in.
    """
    placed: list[tuple[int, str]] = []
    previous_i = -1
    for i, j in pairs + [(n, len(witness))]:
        extra = witness[len(placed) : j]
        next_block = witness[j].block if j < len(witness) else None
        tail = sum(1 for t in extra if t.block == next_block)  # a suffix: blocks only grow
        head = len(extra) - tail
        placed.extend([(previous_i, "after") if previous_i >= 0 else (0, "before")] * head)
        placed.extend([(i, "before")] * tail)
        if j < len(witness):
            placed.append((i, "at"))
        previous_i = i
    return placed


def _cut_elements(placed: list[tuple[int, str]], witness: list[Token], base_tokens: list[Token]) -> set[int]:
    """The words of every inline element of the witness (a supplied passage, a date) that the placement
    would spread over two base paragraphs: unmatched, they are placed together."""
    last = len(base_tokens) - 1
    cut: set[int] = set()
    run = [0]
    for j in range(1, len(witness) + 1):
        if j < len(witness) and witness[j - 1].link:
            run.append(j)
            continue
        if len(run) > 1 and len({base_tokens[min(placed[k][0], last)].block for k in run}) > 1:
            cut.update(k for k in run if placed[k][1] == "at")
        run = [j]
    return cut


# ---------------------------------------------------------------- units and classes


@dataclass(slots=True)
class Unit:
    """A run of columns: the witnesses agree (text) or vary (one `app`)."""

    block: int
    columns: list[Column]
    agree: bool
    type: str = ""  # of an app: place-name, person-name, org-name, orthographic, substantive


def _agree(column: Column) -> bool:
    first = column.cells[0]
    if len(first) != 1:
        return False
    form, link = first[0].form, first[0].link
    return all(len(cell) == 1 and cell[0].form == form and cell[0].link == link for cell in column.cells)


def classify(cells: list[list[Token]]) -> str:
    """The type of a variation unit, from the words of each witness in it.

    Readings whose words have the same keys differ only in case and punctuation
    (orthographic) unless they are one name written differently (place-name ...).
    """
    sequences = {tuple(t.key for t in cell if t.key) for cell in cells}
    if len(sequences) > 1:
        return "substantive"
    named = [cell for cell in cells if len(cell) == 1 and cell[0].entity]
    if len(named) == len(cells) and len({cell[0].name_form for cell in named}) > 1:
        return named[0][0].name_type
    return "orthographic"


def _grouping(kind: str) -> str:
    """Which column classes join: names stand alone, orthographic and substantive variation join."""
    return kind if kind.endswith("-name") else "variation"


def _merged_cells(unit_columns: list[Column]) -> list[list[Token]]:
    width = len(unit_columns[0].cells)
    return [[t for column in unit_columns for t in column.cells[w]] for w in range(width)]


def units(laid_out: list[Column], tokens: list[list[Token]], base: int) -> list[Unit]:
    """Columns -> agreement runs and variation units.

    Adjacent variation is one unit (a comma that moves with an added word is
    part of that variant), except that a name that varies is a unit of its
    own; a unit never crosses a base paragraph, nor cuts an inline element of
    a witness (a supplied or dated passage stays whole).
    """
    agree = [_agree(c) for c in laid_out]
    classes = ["agree" if agree[k] else _grouping(classify(c.cells)) for k, c in enumerate(laid_out)]
    starts = {0} | {
        k
        for k in range(1, len(laid_out))
        if laid_out[k].block != laid_out[k - 1].block or classes[k] != classes[k - 1] or classes[k].endswith("-name")
    }
    # Never cut a witness's inline element: glue the columns its words fall in.
    position = {id(t): k for k, column in enumerate(laid_out) for cell in column.cells for t in cell}
    for witness in tokens:
        for token, following in zip(witness, witness[1:]):
            if token.link:
                first, last = position[id(token)], position[id(following)]
                starts.difference_update(m for m in range(first + 1, last + 1) if laid_out[m].block == laid_out[first].block)
    boundaries = sorted(starts)
    result: list[Unit] = []
    for first, last in zip(boundaries, boundaries[1:] + [len(laid_out)]):
        span = laid_out[first:last]
        if all(agree[first:last]):
            result.append(Unit(span[0].block, span, True))
        else:
            result.append(Unit(span[0].block, span, False, classify(_merged_cells(span))))
    return _join_transpositions(result, base)


TRANSPOSITION_GAP = 6  # at most this many agreeing columns between the two halves of a transposition


def _join_transpositions(found: list[Unit], base: int) -> list[Unit]:
    """`B C` ~ `C B`: two substantive units around a short agreement, where a witness has the base's
    words in another order, become one unit (a transposition is one variant, not an omission and an addition)."""
    result: list[Unit] = []
    k = 0
    while k < len(found):
        unit = found[k]
        if (
            not unit.agree
            and k + 2 < len(found)
            and found[k + 1].agree
            and len(found[k + 1].columns) <= TRANSPOSITION_GAP
            and not found[k + 2].agree
            and unit.block == found[k + 1].block == found[k + 2].block
        ):
            span = unit.columns + found[k + 1].columns + found[k + 2].columns
            cells = _merged_cells(span)
            base_keys = Counter(t.key for t in cells[base])
            moved = any(
                w != base and Counter(t.key for t in cell) == base_keys and [t.key for t in cell] != [t.key for t in cells[base]]
                for w, cell in enumerate(cells)
            )
            if moved:
                result.append(Unit(unit.block, span, False, classify(cells)))
                k += 3
                continue
        result.append(unit)
        k += 1
    return result


# ---------------------------------------------------------------- output: the text


class _Writer:
    """Writes words into a TEI element, opening and closing a witness's inline elements as they begin and end."""

    def __init__(self, parent: etree._Element):
        self.elements = [parent]  # the elements written into, innermost last
        self.sources: list[etree._Element] = []  # the witness's elements they copy

    def text(self, text: str) -> None:
        if not text:
            return
        current = self.elements[-1]
        if len(current):
            current[-1].tail = (current[-1].tail or "") + text
        else:
            current.text = (current.text or "") + text

    def append(self, element: etree._Element) -> None:
        copy = deepcopy(element)
        copy.tail = None
        self.elements[-1].append(copy)

    def open(self, source: etree._Element) -> None:
        self.elements.append(etree.SubElement(self.elements[-1], source.tag, dict(source.attrib)))
        self.sources.append(source)

    def close(self, depth: int = 0) -> None:
        while len(self.sources) > depth:
            self.sources.pop()
            self.elements.pop()

    def words(self, cells: list[list[Token]]) -> None:
        """The words of the first cell, with the page breaks of every cell (the witnesses that read them)."""
        first = cells[0]
        for k, token in enumerate(first):
            for cell in cells:
                for pb in cell[k].breaks:
                    self.append(pb)
            for piece in token.pieces:
                depth = _shared(tuple(self.sources), piece.wrappers)
                self.close(depth)
                for wrapper in piece.wrappers[depth:]:
                    self.open(wrapper)
                if isinstance(piece.content, str):
                    self.text(piece.content)
                else:
                    self.append(piece.content)
            self.close(token.link if k + 1 < len(first) else 0)
            # A witness that goes on where the base's paragraph ends needs the space the base lacks.
            self.text(max(cell[k].space for cell in cells))
            for cell in cells:
                for pb in cell[k].trailing:
                    self.append(pb)
        self.close()


def _app(parent: etree._Element, unit: Unit, base: int, sigla: list[str]) -> None:
    """One variation unit -> app: the base's reading as lem, each other reading once as rdg."""
    cells = _merged_cells(unit.columns)
    readings: dict[tuple, list[int]] = {}
    for w in [base] + [w for w in range(len(cells)) if w != base]:
        readings.setdefault(tuple((t.form, t.link) for t in cells[w]), []).append(w)
    app = etree.SubElement(parent, tei("app"), type=unit.type)
    for number, witnesses in enumerate(readings.values()):
        element = etree.SubElement(app, tei("lem" if number == 0 else "rdg"), wit=" ".join(f"#{sigla[w]}" for w in witnesses))
        _Writer(element).words([cells[w] for w in witnesses])
    # The space after the last word stands outside the app when every reading that has words ends with it
    # (`a <app><lem>great</lem><rdg/></app> day`: B reads `a  day`, one space as far as TEI is concerned).
    worded = [reading for reading in app if len(reading) or reading.text]
    if all(_ends_with_space(reading) for reading in worded):
        for reading in worded:
            _strip_last(reading)
        app.tail = " "


def _ends_with_space(element: etree._Element) -> bool:
    last = element[-1].tail if len(element) else element.text
    return bool(last) and last[-1].isspace()


def _strip_last(element: etree._Element) -> None:
    if len(element):
        element[-1].tail = element[-1].tail[:-1] or None
    else:
        element.text = element.text[:-1] or None


def _block_elements(text: etree._Element) -> list[etree._Element]:
    """The blocks of a text, body or div, in order."""
    body = text.find(tei("body")) if text.tag == tei("text") else text
    divs = body.findall(tei("div")) or [body]
    return [block for div in divs for block in _blocks(div)]


def _text(base_text: etree._Element, found: list[Unit], base: int, sigla: list[str]) -> etree._Element:
    """The base's text element, its blocks refilled with the agreed text and the apps."""
    text = deepcopy(base_text)
    blocks = _block_elements(text)
    for block in blocks:
        block.text = None
        for child in list(block):
            block.remove(child)
    for unit in found:
        if unit.agree:
            writer = _Writer(blocks[unit.block])
            writer.words(_merged_cells(unit.columns))
        else:
            _app(blocks[unit.block], unit, base, sigla)
    for block in blocks:
        last = block[-1].tail if len(block) else block.text
        if last and last != last.rstrip():
            if len(block):
                block[-1].tail = last.rstrip() or None
            else:
                block.text = last.rstrip() or None
    return text


# ---------------------------------------------------------------- output: the header


def _own_ids(document: etree._Element, siglum: str) -> None:
    """The ids of a witness's header (its sources) made unique across witnesses: source-1 -> A-source-1;
    its pointers follow, and a page break that names no source names the witness."""
    header = document.find(tei("teiHeader"))
    renamed = {}
    for element in header.iter():
        old = element.get(XML_ID)
        if old:
            renamed[old] = f"{siglum}-{old}"
            element.set(XML_ID, renamed[old])
    for element in document.iter():
        for attribute in POINTERS:
            value = element.get(attribute)
            if value and "#" in value:
                element.set(attribute, " ".join(f"#{renamed[p[1:]]}" if p[1:] in renamed else p for p in value.split()))
    for pb in document.iter(tei("pb")):
        if not pb.get("edRef"):
            pb.set("edRef", f"#{siglum}")


WITNESS_PARTS = frozenset({tei("bibl"), tei("biblStruct"), tei("msDesc"), tei("listBibl")})


def _witness(document: etree._Element, siglum: str, source: str) -> etree._Element:
    """listWit/witness: the siglum, the witness's title, its own citations as encode makes them, its file."""
    witness = etree.Element(tei("witness"))
    witness.set(XML_ID, siglum)
    file_desc = document.find(f"{tei('teiHeader')}/{tei('fileDesc')}")
    sub(witness, "title", file_desc.findtext(f"{tei('titleStmt')}/{tei('title')}"))
    for part in file_desc.find(tei("sourceDesc")):
        if part.tag in WITNESS_PARTS:
            witness.append(deepcopy(part))
    sub(witness, "note", f"Plain-text witness {PurePath(source).name}.", type="source")
    return witness


def _stand_off(documents: list[etree._Element], registry: Registry) -> etree._Element | None:
    """Every entity any witness refers to, once, in the order of the registers."""
    order = {entity_id: n for n, entity_id in enumerate(registry.entities)}
    lists: dict[str, dict[str, etree._Element]] = {}
    for document in documents:
        stand_off = document.find(tei("standOff"))
        for listing in stand_off if stand_off is not None else []:
            entities = lists.setdefault(listing.tag, {})
            for entity in listing:
                entities.setdefault(entity.get(XML_ID), entity)
    if not lists:
        return None
    stand_off = etree.Element(tei("standOff"))
    for tag in sorted(lists, key=lambda t: ("listPlace", "listPerson", "listOrg").index(etree.QName(t).localname) if etree.QName(t).localname in ("listPlace", "listPerson", "listOrg") else 9):
        listing = etree.SubElement(stand_off, tag)
        for entity_id in sorted(lists[tag], key=lambda i: (order.get(i, len(order)), i)):
            listing.append(deepcopy(lists[tag][entity_id]))
    return stand_off


def _header(documents: list[etree._Element], sources: list[str], base: int, sigla: list[str]) -> etree._Element:
    base_header = documents[base].find(tei("teiHeader"))
    header = etree.Element(tei("teiHeader"))
    file_desc = sub(header, "fileDesc")
    file_desc.append(deepcopy(base_header.find(f"{tei('fileDesc')}/{tei('titleStmt')}")))
    listed = ", ".join(f"{siglum} ({PurePath(source).name})" for siglum, source in zip(sigla, sources))
    sub(sub(file_desc, "publicationStmt"), "p", f"Collated by variorum from {len(sources)} plain-text witnesses: {listed}. Base text: {sigla[base]}.")
    notes = base_header.find(f"{tei('fileDesc')}/{tei('notesStmt')}")
    if notes is not None:
        file_desc.append(deepcopy(notes))
    list_wit = sub(sub(file_desc, "sourceDesc"), "listWit")
    for document, siglum, source in zip(documents, sigla, sources):
        list_wit.append(_witness(document, siglum, source))
    encoding_desc = sub(header, "encodingDesc")
    sub(encoding_desc, "variantEncoding", method="parallel-segmentation", location="internal")
    base_encoding = base_header.find(tei("encodingDesc"))
    for part in base_encoding if base_encoding is not None else []:
        encoding_desc.append(deepcopy(part))
    declaration = encoding_desc.find(tei("editorialDecl"))
    if declaration is None:
        declaration = sub(encoding_desc, "editorialDecl")
    sub(declaration, "p", COLLATION_DECLARATION)
    profile = base_header.find(tei("profileDesc"))
    if profile is not None:
        header.append(deepcopy(profile))
    return header


def _sigla(count: int, taken: set[str]) -> list[str]:
    """A, B, C ... in the order the witnesses are given (AA, AB ... past Z); `wit-A` ... if a register uses the letters."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    sigla = [letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26] for n in range(count)]
    return [f"wit-{s}" for s in sigla] if taken & set(sigla) else sigla


# ---------------------------------------------------------------- the command


def collate_witnesses(witnesses: list[Witness], registry: Registry, base: int = 1, index: NameIndex | None = None) -> etree._Element:
    """Read witnesses -> one TEI document with a parallel-segmentation apparatus.

    `base` is the number of the base witness, 1-based as on the command line.
    """
    if len(witnesses) < 2:
        raise UsageError(f"collation needs at least two witnesses; {len(witnesses)} given")
    if not 1 <= base <= len(witnesses):
        raise UsageError(f"--base {base}: there are {len(witnesses)} witnesses; give a number from 1 to {len(witnesses)}")
    base -= 1
    index = index or NameIndex(registry)
    documents = [encode_witness(witness, registry, index) for witness in witnesses]
    taken = {e.get(XML_ID) for d in documents for e in d.iter() if e.get(XML_ID)}
    sigla = _sigla(len(witnesses), taken)
    for document, siglum in zip(documents, sigla):
        _own_ids(document, siglum)
    tokens = [tokenise(document.find(f"{tei('text')}/{tei('body')}"), w) for w, document in enumerate(documents)]
    for witness, words in zip(witnesses, tokens):
        if not words:
            raise InputError("the witness has no words after its header; there is nothing to collate", file=witness.source, line=1)
    found = units(columns(tokens, base), tokens, base)
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    if documents[base].get(XML_LANG):
        root.set(XML_LANG, documents[base].get(XML_LANG))
    root.append(_header(documents, [w.source for w in witnesses], base, sigla))
    stand_off = _stand_off(documents, registry)
    if stand_off is not None:
        root.append(stand_off)
    root.append(_text(documents[base].find(tei("text")), found, base, sigla))
    return root


def collate_files(witnesses: list[Path], out: Path, base: int = 1, authority: list[Path] | None = None, force: bool = False,
                  reporter: Reporter | None = None) -> int:
    """`variorum collate`: plain-text witnesses -> OUT, one TEI document with the apparatus."""
    reporter = reporter or Reporter()
    if len(witnesses) < 2:
        raise UsageError(f"collation needs at least two witnesses; {len(witnesses)} given")
    if not 1 <= base <= len(witnesses):
        raise UsageError(f"--base {base}: there are {len(witnesses)} witnesses; give a number from 1 to {len(witnesses)}")
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give the name of the TEI file to write")
    registry = load_registry(authority if authority is not None else default_authority())
    reporter.extend(registry.diagnostics)
    if authority is None and not registry.files:
        reporter.note("no registers found (no edition.toml here and no --authority); names are compared as words",
                      rule="registers", severity="warning")
    read = []
    for path in witnesses:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read the witness: {exc.strerror or exc}", file=str(path)) from None
        read.append(read_witness(data, str(path)))
    root = collate_witnesses(read, registry, base)
    document = serialize_tei(root)
    apps = sum(1 for _ in root.iter(tei("app")))
    if out.exists():
        if out.read_bytes() == document:
            reporter.status(f"collated {len(witnesses)} witnesses: {out} is unchanged ({apps} apparatus entries)")
            return EXIT_OK
        if not force:
            raise InputError(
                f"{out} exists and differs from the new collation; it is left untouched "
                "(it may hold an editor's changes). Use --force to overwrite it.",
                file=str(out),
            )
    write_atomic(out, document)
    reporter.status(f"collated {len(witnesses)} witnesses into {out} ({apps} apparatus entries)")
    return EXIT_OK


# ---------------------------------------------------------------- reading one witness back


def witness_text(root: etree._Element, siglum: str) -> str:
    """The reading text of one witness from a collated document: in every app the reading whose
    @wit names it; `orig` in choices, supplied in brackets, page breaks dropped (as `reading_text`)."""
    text = deepcopy(root.find(tei("text")) if root.tag == tei("TEI") else root)
    pointer = f"#{siglum}"
    for app in list(text.iter(tei("app"))):
        chosen = next((r for r in app if pointer in (r.get("wit") or "").split()), None)
        _replace_by_content(app, chosen)
    return reading_text(text)


def _replace_by_content(element: etree._Element, source: etree._Element | None) -> None:
    parent = element.getparent()
    before = element.getprevious()

    def add_text(text: str | None) -> None:
        if not text:
            return
        if before is not None:
            before.tail = (before.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    add_text(source.text if source is not None else None)
    for child in list(source) if source is not None else []:
        element.addprevious(child)
        before = child
    add_text(element.tail)
    parent.remove(element)
