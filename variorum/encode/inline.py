"""Inline passes over the body: each finds spans in text nodes and wraps them.

Every pass is `tree -> tree`: it walks the text of the body (element text and
tails), skips the elements it must not enter, and replaces each match by an
element built from it. What a pass does not match stays text, so no word of
the witness can be lost by a pass.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from lxml import etree

from variorum.authority import Match
from variorum.encode.dates import find_dates, last_month
from variorum.encode.read import PAGE_MARKER
from variorum.encode.terms import term_language
from variorum.xmlio import XML_LANG, tei

# A span of a text node and the element that replaces it.
Span = tuple[int, int, Callable[[str], etree._Element]]


def _text_slots(root: etree._Element, skip: frozenset[str]) -> Iterator[tuple[etree._Element, bool]]:
    """(element, is_tail) for every text node under root that lies outside `skip` elements."""
    stack = [root]
    while stack:
        element = stack.pop()
        if element.text:
            yield element, False
        for child in reversed(element):
            if child.tag not in skip:
                stack.append(child)
    # Tails of children are text of their parent: visited separately so that a
    # skipped child's tail is still seen.
    for element in root.iter():
        if element is not root and element.tail and not _inside(element.getparent(), root, skip):
            yield element, True


def _inside(element: etree._Element | None, root: etree._Element, skip: frozenset[str]) -> bool:
    while element is not None and element is not root:
        if element.tag in skip:
            return True
        element = element.getparent()
    return False


def wrap_spans(root: etree._Element, find: Callable[[str], list[Span]], skip: frozenset[str] = frozenset(),
               slots=None) -> None:
    """Replace every span that `find` reports in the text under root by its element (`slots`: the order
    the text nodes are visited in; `_ordered_slots` for a pass that reads them in order)."""
    for element, is_tail in list((slots or _text_slots)(root, skip)):
        text = element.tail if is_tail else element.text
        spans = find(text or "")
        if not spans:
            continue
        parent = element.getparent() if is_tail else element
        index = (parent.index(element) + 1) if is_tail else 0
        kept = text[: spans[0][0]]
        if is_tail:
            element.tail = kept
        else:
            element.text = kept
        for i, (start, end, build) in enumerate(spans):
            new = build(text[start:end])
            following = spans[i + 1][0] if i + 1 < len(spans) else len(text)
            new.tail = (new.tail or "") + text[end:following]
            parent.insert(index, new)
            index += 1


# ---------------------------------------------------------------- page markers


def _inside_word(text: str, start: int, end: int) -> bool:
    """A marker with a word on both sides and no space (`Sino-[c. 300]Soviet`) breaks a word."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(before) and bool(after) and (before.isalnum() or before in "-‐") and after.isalnum()


def page_markers(body: etree._Element, edition_of: Callable[[int], str | None]) -> None:
    """`[c. 520]` closes page 520 of the printed source: <pb n="521"/> begins the next;
    inside a word (`Sino-[c. 300]Soviet`) the page break does not break it (`break="no"`)."""

    def find(text: str) -> list[Span]:
        spans = []
        for match in PAGE_MARKER.finditer(text):
            page = int(match.group("page"))
            in_word = _inside_word(text, match.start(), match.end())

            def build(_: str, page: int = page, in_word: bool = in_word) -> etree._Element:
                pb = etree.Element(tei("pb"), n=str(page + 1))
                source = edition_of(page)
                if source:
                    pb.set("edRef", f"#{source}")
                if in_word:
                    pb.set("break", "no")
                return pb

            spans.append((match.start(), match.end(), build))
        return spans

    wrap_spans(body, find)


# ---------------------------------------------------------------- insertions

# `[...]`, `[…]`, `[. . .]`: words left out by the editors of the source, a gap, not supplied text.
OMISSION = re.compile(r"\[\s*(?:\.\s*){2,}\.?\s*\]|\[\s*…\s*\]")
# `[illegible]`, `[2 words illegible]`, `[нрзб.]`: the editors could not read the source -- a gap too, not their words.
ILLEGIBLE = re.compile(r"\[\s*(?:(?:\d+\s+|one\s+|two\s+|a\s+)?(?:words?\s+|lines?\s+|text\s+)?(?:illegible|illeg\.|unreadable|"
                       r"indecipherable)|неразборчиво|нрзб\.?)\s*\]", re.IGNORECASE)


def _bracket_pairs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost balanced `[...]` on one line; an unbalanced bracket stays text."""
    pairs, stack = [], []
    for i, char in enumerate(text):
        if char == "\n":
            stack.clear()
        elif char == "[":
            stack.append(i)
        elif char == "]" and stack:
            start = stack.pop()
            if not stack:
                pairs.append((start, i + 1))
    return pairs


def _insertion(inner: str) -> etree._Element:
    """The content of one pair of brackets -> supplied, holding the insertions nested in it."""
    supplied = etree.Element(tei("supplied"))
    supplied.text = inner
    wrap_spans(supplied, _find_insertions)
    return supplied


def _gap(_: str) -> etree._Element:
    return etree.Element(tei("gap"), reason="editorial")


def _illegible(_: str) -> etree._Element:
    return etree.Element(tei("gap"), reason="illegible")


def _find_insertions(text: str) -> list[Span]:
    spans: list[Span] = []
    for start, end in _bracket_pairs(text):
        inner = text[start + 1:end - 1]
        if not inner.strip():
            continue
        if OMISSION.fullmatch(text, start, end):
            spans.append((start, end, _gap))
        elif ILLEGIBLE.fullmatch(text, start, end):
            spans.append((start, end, _illegible))
        else:
            spans.append((start, end, lambda _, inner=inner: _insertion(inner)))
    return spans


def insertions(body: etree._Element) -> None:
    """`[for them]` -> <supplied>for them</supplied>: the brackets are rendering, not text. Nested brackets
    nest (`[the delegates from Mukden [Shenyang]]`); `[...]` is a <gap reason="editorial"/>, `[illegible]` a
    <gap reason="illegible"/>."""
    wrap_spans(body, _find_insertions, skip=frozenset({tei("supplied")}))


# ---------------------------------------------------------------- italics

ITALIC = re.compile(r"(?<![\w*])\*(?P<inner>[^*\s](?:[^*\n]*[^*\s])?)\*(?![\w*])")

_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|iao|ian|uai|uan|ang|eng|ing|ong|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|üe|a|o|e|i|u|ü)"
)
PINYIN_WORD = re.compile(rf"(?:{_PINYIN_SYLLABLE})+'?(?:{_PINYIN_SYLLABLE})*", re.IGNORECASE)


def language_of(term: str, terms: dict[str, str] | None = None) -> str | None:
    """The language of an italic term, on evidence (`encode.terms`): its script, the edition's
    register of terms (`terms`), the packaged lexicon, the shape of pinyin. None for English
    (a term registered as English included) and for what nothing tells."""
    letters = [c for c in term if c.isalpha()]
    if not letters:
        return None
    names = [unicodedata.name(c, "") for c in letters]
    if all(n.startswith("CYRILLIC") for n in names):
        return "ru"
    if all(n.startswith(("CJK", "HIRAGANA", "KATAKANA")) for n in names):
        return "zh" if all(n.startswith("CJK") for n in names) else "ja"
    if all(n.startswith("GREEK") for n in names):
        return "grc"
    known = term_language(term, terms)
    if known is not None:
        return None if re.match(r"(?i)en(?:-|$)", known) else known
    if _is_pinyin(term):
        return "zh-Latn"
    return None


# Pinyin tone marks (ā á ǎ à ...), and spellings English words do not have.
_TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", re.IGNORECASE)
# zh anywhere; x or q before i/u at a syllable's start (word start, or after the n/ng of the syllable
# before: guanxi, Jiangxi -- not taxi); xia, qie, xiu ... anywhere.
_PINYIN_ONLY = re.compile(r"zh|(?:^|[ng])[xq][iuü]|[xq](?:ia|ie|iu|io|ue)", re.IGNORECASE)


def _known_english(term: str, terms: dict[str, str] | None) -> bool:
    return bool(re.match(r"(?i)en(?:-|$)", term_language(term, terms) or ""))


def _is_pinyin(term: str) -> bool:
    """Evidence that an italic term is romanised Chinese: every word is made of pinyin syllables, and
    the term has a tone mark or a spelling that English words do not have (`zhengzhi`, `guanxi`,
    `qiye`). Words such as `change` or `house` are made of pinyin syllables too, so the syllables
    alone are no evidence."""
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", term))
    stripped = ["".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c)) for w in words]
    if not stripped or not all(PINYIN_WORD.fullmatch(w) for w in stripped):
        return False
    return bool(_TONE_MARKS.search(term)) or any(_PINYIN_ONLY.search(w) for w in stripped)


def italics(body: etree._Element, terms: dict[str, str] | None = None) -> None:
    """`*x*` -> hi[@rend='italic'], or foreign[@xml:lang] for a term in another language, on the
    evidence `language_of` weighs (`terms`: the edition's register of terms, term -> language).

    A bracketed italic term (`[*zhengzhi ziben*]`) is the translator's original
    wording: foreign even where its language cannot be told (`und`)."""

    def find(text: str) -> list[Span]:
        spans = []
        for match in ITALIC.finditer(text):
            whole_insertion = match.start() == 0 and match.end() == len(text)

            def build(_: str, inner: str = match.group("inner"), bracketed: bool = whole_insertion) -> etree._Element:
                lang = language_of(inner, terms) or ("und" if bracketed and not _known_english(inner, terms) else None)
                if lang:
                    element = etree.Element(tei("foreign"))
                    element.set(XML_LANG, lang)
                else:
                    element = etree.Element(tei("hi"), rend="italic")
                element.text = inner
                return element

            spans.append((match.start(), match.end(), build))
        return spans

    # Bracketed terms are the whole text of their <supplied>: look at those first.
    for supplied in body.iter(tei("supplied")):
        if len(supplied) == 0:
            wrap_spans(supplied, find)
    wrap_spans(body, find)


# ---------------------------------------------------------------- names

NAME_ELEMENTS = frozenset({tei("placeName"), tei("persName"), tei("orgName")})


def name_element(entity, form: str) -> etree._Element:
    """<placeName ref="#id">, holding choice/orig/reg when the form is a variant."""
    element = etree.Element(tei(entity.name_element), ref=f"#{entity.id}")
    if form == entity.regular.text:
        element.text = form
    else:
        choice = etree.SubElement(element, tei("choice"))
        etree.SubElement(choice, tei("orig")).text = form
        etree.SubElement(choice, tei("reg")).text = entity.regular.text
    return element


def names(body: etree._Element, index, used: dict, on_ambiguous: Callable | None = None) -> None:
    """Every occurrence of every form in the registers, longest first, whole words. With a
    `authority.NameIndex`, typography and diacritics are folded for matching (the text keeps what was
    typed) and a form of several entities is tagged with neither: `on_ambiguous(Ambiguous)` hears of it."""

    def find(text: str) -> list[Span]:
        spans = []
        scan = getattr(index, "scan", index.find)
        for match in scan(text):
            if not isinstance(match, Match):
                if on_ambiguous is not None:
                    on_ambiguous(match)
                continue
            used[match.entity.id] = match.entity
            spans.append((match.start, match.end, lambda form, entity=match.entity: name_element(entity, form)))
        return spans

    wrap_spans(body, find, skip=NAME_ELEMENTS | {tei("foreign"), tei("date")})


# ---------------------------------------------------------------- dates

PARAGRAPHS = frozenset({tei("p"), tei("salute"), tei("closer")})


def _ordered_slots(root: etree._Element, skip: frozenset[str]) -> Iterator[tuple[etree._Element, bool]]:
    """(element, is_tail) for every text node under root outside `skip` elements, in reading order."""
    if root.text:
        yield root, False
    for child in root:
        if child.tag not in skip:
            yield from _ordered_slots(child, skip)
        if child.tail:
            yield child, True


def dates(body: etree._Element, context, document_span=None, on_bare_day: Callable | None = None) -> None:
    """`January 9` -> <date when="1949-01-09">; a bare day (`the 5th`) takes the month of the last date
    named before it in its paragraph, else of the document (`dates.find_dates`): `on_bare_day(paragraph,
    words, found)` hears how each was read."""
    skip = NAME_ELEMENTS | {tei("date"), tei("foreign")}
    for paragraph in [e for e in body.iter() if e.tag in PARAGRAPHS]:
        recent = None

        def find(text: str, paragraph: etree._Element = paragraph) -> list[Span]:
            nonlocal recent
            spans = []
            found_dates = find_dates(text, context, recent, document_span)
            recent = last_month(found_dates) or recent
            for found in found_dates:
                if found.basis and on_bare_day is not None:
                    on_bare_day(paragraph, text[found.start:found.end], found)

                def build(words: str, attributes: dict = found.attributes) -> etree._Element:
                    element = etree.Element(tei("date"), attributes)
                    element.text = words
                    return element

                spans.append((found.start, found.end, build))
            return spans

        wrap_spans(paragraph, find, skip=skip, slots=_ordered_slots)
