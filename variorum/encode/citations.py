"""Citation parser: the citation text of one document -> TEI `bibl` / `msDesc`.

The approach, in three passes over the text:

1. **Cut out** what is not a printed source. Archival references of the Russian
   kind (`AP RF. F. 45. Op. 1. D. 330. L. 95–96`) become `msDesc`; URLs in angle
   brackets become `<bibl type="online">`. Line wrapping can put an archival
   reference in the middle of another citation, so it is cut wherever it stands
   and the two sides are joined again with one space.
2. **Split** what remains into citations: at `;` outside brackets, and where a
   citation that has reached its end (its pages; or its year, when an author with
   initials follows) is followed by `. ` and the start of the next one.
3. **Tag** each citation in mixed content. A table of finders (one regex per
   citation part) marks the parts that have a recognisable shape wherever they
   stand: URL, imprint (`Place: Publisher, Year`, `(Place: Publisher, Year)`,
   `M., 1949`), volume / issue / page scopes, a lone year. What precedes the first
   such part is the *head*: optional author or editor names, then the title(s),
   split at `//` (GOST: article // journal) or after a quoted article title
   (Chicago: "Article," Journal).

Every tag is a span over the citation's own text and spans never overlap, so a
bibl's string value is its citation text exactly: nothing lost, nothing invented.
Text that no finder recognises simply stays text between the tags. The only
characters dropped are junk: a citation's leading `.`/`,`/`;`/`:`, a dangling
final `)`, the `;` between citations and the angle brackets around a URL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from lxml import etree

from variorum.xmlio import XML_LANG, tei

__all__ = ["Citation", "parse_citations", "trace_citations", "JUNK"]

# Characters that may be dropped between the input and the output (see docstring).
JUNK = frozenset(".,;:)<>")

# ----------------------------------------------------------------- shared patterns

UP = "A-ZА-ЯЁ"
LO = "a-zа-яё"
DASH = r"\s*[-–—]\s*"
YEAR = r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)"
# Transliterated initials can be digraphs (Yu., Zh., Shch.); "Vol." or "No." must not pass.
INITIAL = r"(?:Shch|Sh|Ch|Zh|Kh|Ts|Yu|Ya|Ye|Yo|Th|Дж|[A-ZА-ЯЁ])\."
INITIALS = rf"{INITIAL}(?:\s?{INITIAL}){{0,2}}"
SURNAME = rf"(?:[{UP}]['’])?[{UP}][{LO}]+(?:-[{UP}]?[{LO}]+)*"
NAME_SURNAME_FIRST = rf"{SURNAME}\s+{INITIALS}"  # Stalin I.V.
NAME_INITIALS_FIRST = rf"{INITIALS}\s?{SURNAME}"  # I.V. Stalin, И.И. Иванова
NAME_GIVEN_FIRST = rf"{SURNAME}(?:\s+(?:{INITIAL}|{SURNAME})){{0,2}}\s+{SURNAME}"  # John L. Gaddis
ANY_NAME = rf"(?:{NAME_SURNAME_FIRST}|{NAME_INITIALS_FIRST}|{NAME_GIVEN_FIRST})"
NAME_JOIN = r"(?:,\s*|,?\s+(?:and|&|и)\s+)"
ET_AL = r"(?:,?\s+(?:et al\.?|и др\.))"
ED_MARK = r"(?:,?\s*\(?(?:eds?|ред|red)\.\)?)"  # Smith J. (ed.) / Smith J., eds.

PLACE_ABBR = r"(?:М|Л|M|L|K|К|Мн|Пг|Pg|СПб|Спб|SPb|Spb|N\.\s?Y|Н\.-Й)\."
PLACE_WORD = r"[A-ZА-ЯЁ][\w’'\-]*"
PLACE = rf"(?:{PLACE_ABBR}|St\.\s?{PLACE_WORD}|{PLACE_WORD}(?:\s+{PLACE_WORD}){{0,2}})"
PLACES = rf"{PLACE}(?:\s*;\s*{PLACE})*"  # М.; Л.: Госиздат, 1930

URL = r"https?://[^\s<>\"]*[^\s<>\".,;:)\]]"
OPEN_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}

# ------------------------------------------------------------------ public API


class Citation(NamedTuple):
    """One result: the element, the input text it stands for, and where that text starts."""

    element: etree._Element
    source: str
    start: int


def parse_citations(text: str, item_title: str) -> list[etree._Element]:
    """Citation text of one document -> TEI `bibl` / `msDesc` elements, in order of appearance."""
    try:
        return [citation.element for citation in trace_citations(text, item_title)]
    except Exception:  # never raise on odd input: keep the text, unparsed
        text = _xml_safe(text or "").strip()
        return [_plain_bibl(text)] if text else []


def trace_citations(text: str, item_title: str) -> list[Citation]:
    """Like `parse_citations`, keeping each element's source text (for checks and tests)."""
    text = _xml_safe(text or "")
    if not text.strip():
        return []
    found: list[Citation] = []
    cuts: list[tuple[int, int]] = []
    for start, end, match in _archival_refs(text):
        found.append(Citation(_ms_desc(match, item_title), text[start:end], start))
        cuts.append((start, end))
    for match in ANGLE_URL.finditer(text):
        if _free(cuts, *match.span()):
            url = match.group("url")
            found.append(Citation(_online_bibl(url), url, match.start()))
            cuts.append(match.span())
    rest, origin = _cut(text, cuts)
    for start, end in _split(rest):
        start, end = _clean_piece(rest, start, end)
        piece = rest[start:end]
        if piece and not set(piece) <= JUNK | {" "}:
            found.append(Citation(_bibl(piece), piece, origin[start]))
    return sorted(found, key=lambda citation: citation.start)


# ------------------------------------------------------- pass 1: archival references

NUMBER = rf"[{UP}]?-?\d+[{UP}{LO}]?"  # 45, R-5446, 0100, 11а
FOLIO = r"\d+(?:\s?(?:ob|об)\.)?"  # 95, 3 ob., 3об.
FOLIO_RANGE = rf"{FOLIO}(?:{DASH}{FOLIO})?"
ACRONYM = rf"[{UP}](?:[{LO}]{{0,2}}[{UP}]){{1,5}}[{LO}]{{0,2}}"  # AP, RF, RGASPI, TsAMO
ARCHIVAL = re.compile(
    rf"""(?<!\w)
    (?:(?P<repo>{ACRONYM}(?:\s+{ACRONYM}){{0,2}})[.,]?\s*)?
    (?:F|f|Ф|ф)\.\s*(?P<fond>{NUMBER})
    (?:[.,]?\s*(?:Op|op|Оп|оп)\.\s*(?P<opis>{NUMBER}))?
    (?:[.,]?\s*(?:D|d|Д|д|Ed\.\s?khr|ed\.\s?khr|Ед\.\s?хр|ед\.\s?хр)\.\s*(?P<delo>{NUMBER}))?
    (?:[.,]?\s*(?P<locus>(?:Ll|ll|L|l|Лл|лл|Л|л)\.\s*{FOLIO_RANGE}
        (?:,\s*{FOLIO_RANGE}(?=\s*(?:[,.;)\]]|$)))*))?
    (?!\w)""",
    re.VERBOSE,
)
ANGLE_URL = re.compile(rf"<\s*(?P<url>{URL}/?)\s*>")
FOLIO_PARTS = re.compile(rf"(?P<from>{FOLIO})(?:{DASH}(?P<to>{FOLIO}))?")


def _archival_refs(text: str):
    """(start, end, match) of each archival reference, with its final period and wrapping parens."""
    for match in ARCHIVAL.finditer(text):
        if not (match.group("opis") or match.group("delo")):
            continue  # "F. 5" alone is too weak to be a fond
        start, end = match.span()
        if end < len(text) and text[end] == "." and not text[start:end].endswith("."):
            end += 1
        before, after = text[:start].rstrip(), text[end:].lstrip()
        if before.endswith(("(", "[")) and after.startswith((")", "]")):
            start, end = len(before) - 1, len(text) - len(after) + 1
        yield start, end, match


def _ms_desc(match: re.Match, item_title: str) -> etree._Element:
    ms_desc = etree.Element(tei("msDesc"))
    identifier = etree.SubElement(ms_desc, tei("msIdentifier"))
    if match.group("repo"):
        etree.SubElement(identifier, tei("repository")).text = match.group("repo")
    for part in ("fond", "opis", "delo"):
        if match.group(part):
            etree.SubElement(identifier, tei("idno"), type=part).text = match.group(part)
    item = etree.SubElement(etree.SubElement(ms_desc, tei("msContents")), tei("msItem"))
    if match.group("locus"):
        etree.SubElement(item, tei("locus"), _locus_range(match.group("locus"))).text = match.group("locus")
    etree.SubElement(item, tei("title")).text = _xml_safe(item_title or "")
    return ms_desc


def _locus_range(locus: str) -> dict[str, str]:
    """@from/@to of a single folio range; a list of folios ("ll. 3, 7") gets none."""
    ranges = list(FOLIO_PARTS.finditer(locus))
    if len(ranges) != 1:
        return {}
    first = _folio(ranges[0].group("from"))
    return {"from": first, "to": _folio(ranges[0].group("to")) if ranges[0].group("to") else first}


def _folio(folio: str) -> str:
    """'3 ob.' -> '3v' (verso), '95' -> '95'."""
    number = re.match(r"\d+", folio).group()
    return number + "v" if re.search(r"(?:ob|об)\.", folio) else number


def _online_bibl(url: str) -> etree._Element:
    bibl = etree.Element(tei("bibl"), type="online")
    etree.SubElement(bibl, tei("ref"), target=url).text = url
    return bibl


def _cut(text: str, cuts: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The text without the cut spans, each cut joined by one space; and each character's origin."""
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    for start, end in sorted(cuts):
        chars.extend(text[position:start])
        origin.extend(range(position, start))
        while chars and chars[-1].isspace():
            chars.pop()
            origin.pop()
        position = end
        while position < len(text) and text[position].isspace():
            position += 1
        if chars and position < len(text):
            chars.append(" ")
            origin.append(position)
    chars.extend(text[position:])
    origin.extend(range(position, len(text)))
    return "".join(chars), origin


# ----------------------------------------------------------- pass 2: split citations

PAGE_MARK = r"(?:pp\.|Pp\.|PP\.|p\.|P\.|С\.|с\.|C\.|S\.|Ss\.|ss\.|str\.|Str\.|стр\.|Стр\.)"
PAGES = rf"(?<!\w){PAGE_MARK}\s*\d+(?:{DASH}\d+)?(?!\d)"
CHICAGO_PAGES = rf"(?<=\))\s*[:,]\s*(?P<from>\d+)(?:{DASH}(?P<to>\d+))?(?!\d)"
# A citation normally ends with its pages: after them, ". " and a capital start a new one.
CITATION_END = re.compile(rf"{PAGES}|{CHICAGO_PAGES}")
NEXT_CITATION = re.compile(
    rf"\.\s+(?=[{UP}\"“«„])(?!URL|Available|Accessed|Retrieved|Режим|Дата|Electronic|Электронный)"
)
# Without pages: an author with initials after ". " starts a new citation once a year was seen.
NEXT_AUTHOR = re.compile(rf"\.\s+(?=(?:{NAME_SURNAME_FIRST}|{NAME_INITIALS_FIRST})[\s,])")
SEEN_END = re.compile(rf"{YEAR}|{PAGES}")
PLACE_LIST_GOES_ON = re.compile(rf"\s*{PLACE_ABBR}\s*[:,;]")  # "М.; Л.: ..." is one imprint


def _split(rest: str) -> list[tuple[int, int]]:
    """Ranges of `rest` holding one citation each (separators between them left out)."""
    breaks = _semicolon_breaks(rest)
    breaks += [(m.end() + 1, m.end() + 1) for m in CITATION_END.finditer(rest) if NEXT_CITATION.match(rest, m.end())]
    breaks = sorted(set(breaks))
    breaks = _author_breaks(rest, breaks)
    ranges, start = [], 0
    for cut_start, cut_end in breaks:
        ranges.append((start, cut_start))
        start = cut_end
    ranges.append((start, len(rest)))
    return ranges


def _semicolon_breaks(rest: str) -> list[tuple[int, int]]:
    breaks, depth = [], 0
    for i, char in enumerate(rest):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0 and not PLACE_LIST_GOES_ON.match(rest, i + 1):
            breaks.append((i, i + 1))
    return breaks


def _author_breaks(rest: str, breaks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add a break before an author with initials when the citation so far has its year or pages."""
    candidates = [(m.start() + 1, m.start() + 1) for m in NEXT_AUTHOR.finditer(rest)]
    result, last = [], 0
    for brk in sorted(set(breaks) | set(candidates)):
        if brk in breaks or SEEN_END.search(rest, last, brk[0]):
            result.append(brk)
            last = brk[1]
    return result


def _clean_piece(rest: str, start: int, end: int) -> tuple[int, int]:
    """Drop a citation's leading junk (". See ...") and a dangling final ')'."""
    while start < end and (rest[start].isspace() or rest[start] in ".,;:"):
        start += 1
    while end > start and rest[end - 1].isspace():
        end -= 1
    piece = rest[start:end]
    if piece.endswith(")") and piece.count(")") > piece.count("("):
        end -= 1
        while end > start and rest[end - 1].isspace():
            end -= 1
    return start, end


# -------------------------------------------------------------- pass 3: tag a bibl


@dataclass
class Span:
    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)


class Spans(list):
    """Non-overlapping tagged spans over one citation's text."""

    def free(self, start: int, end: int) -> bool:
        return start < end and all(end <= s.start or start >= s.end for s in self)

    def add_all(self, *spans: Span) -> bool:
        """Add every span, or none if one of them would overlap."""
        spans = [s for s in spans if s.start < s.end]
        if not spans or not all(self.free(s.start, s.end) for s in spans):
            return False
        self.extend(spans)
        return True

    def has(self, tag: str, **attrs: str) -> bool:
        return any(s.tag == tag and all(s.attrs.get(k) == v for k, v in attrs.items()) for s in self)


def _group_span(match: re.Match, group: str, tag: str, **attrs: str) -> Span:
    start, end = match.span(group)
    return Span(start, end, tag, attrs) if start >= 0 else Span(0, 0, tag)


def _year_span(match: re.Match, group: str = "year") -> Span:
    return _group_span(match, group, "date", when=match.group(group))


def _number_range(first: str, last: str | None) -> dict[str, str]:
    """@from/@to; an abbreviated end is completed from the start (133–34 -> 134)."""
    if last and last.isdigit() and first.isdigit() and len(last) < len(first) and int(last) < int(first[-len(last):]) + 10 ** len(last):
        candidate = first[: len(first) - len(last)] + last
        if int(candidate) >= int(first):
            last = candidate
    return {"from": first, "to": last or first}


# Finders: (regex, handler). A handler returns the spans of a match, or None to
# reject it; a rejected match lets the search go on from the next character.
Handler = Callable[[re.Match, str, Spans], "list[Span] | None"]


def _on_url(m: re.Match, s: str, spans: Spans):
    return [Span(m.start(), m.end(), "ref", {"target": m.group()})]


def _on_paren_imprint(m: re.Match, s: str, spans: Spans):
    return [
        _group_span(m, "place", "pubPlace"),
        _group_span(m, "publisher", "publisher"),
        _year_span(m),
    ]


def _on_imprint(m: re.Match, s: str, spans: Spans):
    if not _segment_start(s, m.start()):
        return None  # "Title: Subtitle, 1994" is not an imprint
    if "publisher" not in m.re.groupindex and not s[: m.start()].strip():
        return None  # "Izvestiya, 1949, No. 12": a citation opens with its title, not its place
    return [
        _group_span(m, "place", "pubPlace"),
        _group_span(m, "publisher", "publisher") if "publisher" in m.re.groupindex else Span(0, 0, ""),
        _year_span(m),
    ]


def _on_scope(unit: str) -> Handler:
    def handler(m: re.Match, s: str, spans: Spans):
        return [Span(m.start(), m.end(), "biblScope", {"unit": unit, **_number_range(m.group("from"), m.group("to"))})]

    return handler


def _on_bare_pages(m: re.Match, s: str, spans: Spans):
    end = m.end("to") if m.group("to") else m.end("from")
    return [Span(m.start("from"), end, "biblScope", {"unit": "page", **_number_range(m.group("from"), m.group("to"))})]


def _on_lone_year(m: re.Match, s: str, spans: Spans):
    if spans.has("date") or not _year_context(s, m.start()):
        return None  # one date per citation; "the crisis of 1949" is part of a title
    return [Span(m.start(), m.end(), "date", {"when": m.group()})]


def _scope(marks: str, number: str = r"\d+") -> re.Pattern:
    return re.compile(rf"(?<!\w){marks}\s*(?P<from>{number})(?:{DASH}(?P<to>{number}))?(?![\d\w])")


VOLUME_MARK = r"(?:Vols?\.|vols?\.|Volume|volume|Tt\.|Тт\.|T\.|Т\.|Bd\.|Tom|Том|tom)"
ISSUE_MARK = r"(?:Nos?\.|nos?\.|№|Nr\.|nr\.|Iss\.|iss\.|Issue|issue|Вып\.|вып\.|Vyp\.|vyp\.|Heft)"
PART_MARK = r"(?:кн\.|Кн\.|kn\.|Kn\.|ч\.|Ч\.|Bk\.|bk\.|Book|Part|Pt\.|pt\.)"
ROMAN_OR_NUMBER = r"(?:\d+|[IVXLC]+)"

FINDERS: tuple[tuple[re.Pattern, Handler], ...] = (
    (re.compile(URL), _on_url),
    # (Beijing: World Affairs Press, 1994) / (New York, 1994) / (1994)
    (
        re.compile(
            rf"\((?:(?P<place>[{UP}][^():;\[\]]*?)\s*(?::\s*(?P<publisher>[^():;\[\]]+?))?\s*,\s*)?(?P<year>{YEAR})\)"
        ),
        _on_paren_imprint,
    ),
    # Tver: Information and Soyuz Publishing Center, 2006 / М.: Политиздат, 1985
    (
        re.compile(
            rf"(?P<place>{PLACES})\s*:\s*(?P<publisher>[^,:;()\[\]\s](?:[^,:;()\[\]]*[^,:;()\[\]\s])?)\s*,\s*(?P<year>{YEAR})"
        ),
        _on_imprint,
    ),
    # M., 1949 / Moscow, 1949
    (re.compile(rf"(?P<place>{PLACES})\s*,\s*(?P<year>{YEAR})"), _on_imprint),
    (_scope(VOLUME_MARK, ROMAN_OR_NUMBER), _on_scope("volume")),
    (_scope(ISSUE_MARK), _on_scope("issue")),
    (_scope(PAGE_MARK), _on_scope("page")),
    (_scope(PART_MARK), _on_scope("part")),
    # Chicago: (1994): 133–34 / (Beijing ..., 1994), 17–18
    (re.compile(CHICAGO_PAGES), _on_bare_pages),
    (re.compile(YEAR), _on_lone_year),
)


def _run_finders(s: str) -> Spans:
    spans = Spans()
    for regex, handler in FINDERS:
        position = 0
        while (match := regex.search(s, position)) is not None:
            found = handler(match, s, spans)
            accepted = found is not None and spans.add_all(*found)
            position = match.end() if accepted and match.end() > match.start() else match.start() + 1
    return spans


_INITIAL_BEFORE = re.compile(rf"(?<![\w.]){INITIAL}$")


def _segment_start(s: str, i: int) -> bool:
    """Does position i start a new segment (after ". ", "; ", " - ", "(" or at the start)?"""
    j = len(s[:i].rstrip())
    if j == 0 or s[j - 1] in "(;":
        return True
    if s[j - 1] in "-–—":
        return j < i and (j == 1 or s[j - 2].isspace())
    # after a sentence, not after an author's initials ("Stalin I.V. Works, 1949")
    return s[j - 1] == "." and j < i and not _INITIAL_BEFORE.search(s[:j])


def _year_context(s: str, i: int) -> bool:
    """A lone year stands between punctuation: ". 1994." / ", 1994," / "(1994"."""
    before = s[:i].rstrip()
    after = s[i + 4 :].lstrip()
    before_ok = not before or before[-1] in ".,:;(" or (before[-1] in "-–—" and len(before) < i)
    after_ok = not after or after[0] in ".,;:)]" or re.match(r"г\.?(?!\w)", after)
    return bool(before_ok and after_ok)


# ----- the head: names, then title(s)

PREFIX = re.compile(
    r"(?:See also|see also|See|see|Cf\.|cf\.|Quoted in|quoted in|Cited in|cited in|Cit\. in|"
    r"См\. также:?|См\.:?|см\.:?|Цит\. по:?|цит\. по:?|Sm\. takzhe:?|Sm\.:?|Tsit\. po:?)\s+"
)
NOT_A_TITLE = re.compile(r"(?:Ibid|Ibidem|Idem|Id|Op\. cit|Там же|Tam zhe|Указ\. соч|Ukaz\. soch)\b\.?", re.I)


@dataclass(frozen=True)
class NameBlock:
    regex: re.Pattern
    one_name: re.Pattern | None  # None: the whole block is one name
    needs_title: bool  # "Given Surname, ..." could be a title: only a name if a title follows


NAME_BLOCKS = (
    # Gaddis, John Lewis. The Cold War ...  (bibliography: surname first)
    NameBlock(
        re.compile(rf"(?P<names>{SURNAME},\s+{SURNAME}(?:\s+(?:{INITIAL}|{SURNAME})){{0,2}})(?P<marker>,\s*eds?\.)?(?=\.\s)"),
        None,
        True,
    ),
    # Stalin I.V. Works / Иванов И.И., Петров П.П. (ред.) ...
    NameBlock(
        re.compile(rf"(?P<names>{NAME_SURNAME_FIRST}(?:{NAME_JOIN}{NAME_SURNAME_FIRST})*){ET_AL}?(?P<marker>{ED_MARK})?(?=[\s,.:]|$)"),
        re.compile(NAME_SURNAME_FIRST),
        False,
    ),
    # I.V. Stalin, Works
    NameBlock(
        re.compile(rf"(?P<names>{NAME_INITIALS_FIRST}(?:{NAME_JOIN}{NAME_INITIALS_FIRST})*){ET_AL}?(?P<marker>{ED_MARK})?(?=[,.]\s)"),
        re.compile(NAME_INITIALS_FIRST),
        True,
    ),
    # Pei Jianzhang et al., Title / John Smith and Jane Doe, eds., Title
    NameBlock(
        # several names only with "and": "Mao Zedong, Selected Works" is a name and a title
        re.compile(
            rf"(?P<names>{NAME_GIVEN_FIRST}(?:(?:,\s+{NAME_GIVEN_FIRST}){{0,3}},?\s+(?:and|&)\s+{NAME_GIVEN_FIRST})?)"
            rf"{ET_AL}?(?P<marker>,\s*eds?\.)?(?=,\s)"
        ),
        re.compile(NAME_GIVEN_FIRST),
        True,
    ),
)
# "Title / под ред. И.И. Иванова", "Title, ed. John Smith", "Title. Edited by ..."
EDITOR_STATEMENT = re.compile(
    rf"(?:\s*/\s*|,\s*|\.\s+|\s+)(?:под ред\.|pod red\.|[Ee]d\.\s+by|[Ee]dited\s+by|[Ee]ds?\.)\s+"
    rf"(?P<names>{ANY_NAME}(?:{NAME_JOIN}{ANY_NAME})*)"
)
TITLE_STOP = re.compile(r"\s+/\s+|,\s+(?:trans\.|transl\.|tr\.)\s")  # statement of responsibility follows
HOST_INTRO = re.compile(r"(?:in|In|В кн\.:?|в кн\.:?|V kn\.:?|v kn\.:?)\s+")
TRANSLATED = re.compile(r"\s*\[(?P<translated>[^\[\]]*[^\[\]\s])\s*\]$")
BARE_VOLUME = re.compile(r"\s*,?\s+(?P<volume>\d{1,4})$")
TRIM_RIGHT = " \t.,:;/-–—(["
TRIM_LEFT = " \t.,:;"


def _bibl(s: str) -> etree._Element:
    """One printed citation -> `bibl` in mixed content."""
    if re.fullmatch(URL, s):
        return _online_bibl(s)
    spans = _run_finders(s)
    head_end = min((span.start for span in spans), default=len(s))
    _tag_head(s, 0, head_end, spans)
    if all(span.tag == "title" for span in spans):
        spans.clear()  # nothing but a guessed title: not recognised, keep the text as is
    return _mixed(tei("bibl"), s, spans)


def _tag_head(s: str, start: int, end: int, spans: Spans) -> None:
    prefix = PREFIX.match(s, start, end)
    position = prefix.end() if prefix else start
    if NOT_A_TITLE.match(s, position, end):
        return
    position = _tag_names(s, position, end, spans)
    _tag_titles(s, position, end, spans)


def _tag_names(s: str, start: int, end: int, spans: Spans) -> int:
    """Tag the author (or editor) names opening the head; return where the title starts."""
    for block in NAME_BLOCKS:
        match = block.regex.match(s, start, end)
        if not match:
            continue
        title_start = _skip(s, match.end(), end, TRIM_LEFT)
        if block.needs_title and (title_start >= end or s[title_start].isdigit()):
            continue
        role = "editor" if match.group("marker") else "author"
        names_start, names_end = match.span("names")
        if block.one_name is None:
            found = [Span(names_start, names_end, role)]
        else:
            found = [Span(names_start + m.start(), names_start + m.end(), role) for m in block.one_name.finditer(match.group("names"))]
        spans.add_all(*found)
        return title_start
    return start


def _tag_titles(s: str, start: int, end: int, spans: Spans) -> None:
    """Title(s) of the head: article // host (GOST), "Article," host (Chicago), or one title."""
    start, end = _trim(s, start, end)
    if start >= end:
        return
    has_imprint = spans.has("pubPlace") or spans.has("publisher")
    split = s.find("//", start, end)
    quoted = _quoted(s, start, end)
    if split >= 0:
        _tag_title(s, start, split, spans, "a")
        _tag_host(s, split + 2, end, spans, has_imprint)
    elif quoted:
        _tag_title(s, quoted[0], quoted[1], spans, "a")
        _tag_host(s, quoted[2], end, spans, has_imprint)
    else:
        level = "j" if spans.has("biblScope", unit="issue") and not has_imprint else "m"
        _tag_title(s, start, end, spans, level)


def _tag_host(s: str, start: int, end: int, spans: Spans, has_imprint: bool) -> None:
    start = _skip(s, start, end, TRIM_LEFT)
    intro = HOST_INTRO.match(s, start, end)
    level = "m" if has_imprint or intro else "j"
    start = intro.end() if intro else start
    if level == "j":
        start, end = _trim(s, start, end)
        volume = BARE_VOLUME.search(s, start, end)
        if volume and volume.start() > start:  # Journal 12, no. 3 (1994)
            spans.add_all(Span(volume.start("volume"), volume.end("volume"), "biblScope", {"unit": "volume", **_number_range(volume.group("volume"), None)}))
            end = volume.start()
    _tag_title(s, start, end, spans, level)


def _tag_title(s: str, start: int, end: int, spans: Spans, level: str) -> None:
    """One title: cut at an editor statement, unwrap quotes, split off a [translated title]."""
    editors = EDITOR_STATEMENT.search(s, start, end)
    if editors:
        names_start = editors.start("names")
        spans.add_all(*(Span(names_start + m.start(), names_start + m.end(), "editor") for m in re.finditer(ANY_NAME, editors.group("names"))))
        end = editors.start()
    stop = TITLE_STOP.search(s, start, end)
    end = stop.start() if stop else end
    start, end = _trim(s, start, end)
    quoted = _quoted(s, start, end)
    if quoted and quoted[2] >= end:
        start, end = _trim(s, quoted[0], quoted[1])
    if start >= end:
        return
    translated = TRANSLATED.search(s, start, end)
    if translated and translated.start() > start:
        lang = "ru" if re.search("[А-Яа-яЁё]", translated.group("translated")) else "en"
        spans.add_all(Span(*translated.span("translated"), "title", {"type": "translated", XML_LANG: lang}))
        end = _trim(s, start, translated.start())[1]
    spans.add_all(Span(start, end, "title", {"level": level}))


def _quoted(s: str, start: int, end: int) -> tuple[int, int, int] | None:
    """(inner start, inner end without final punctuation, after the closing quote) of a leading quote."""
    if start >= end or s[start] not in OPEN_QUOTES:
        return None
    close = s.find(OPEN_QUOTES[s[start]], start + 1, end)
    if close < 0:
        return None
    inner_start, inner_end = _trim(s, start + 1, close)
    return (inner_start, inner_end, close + 1) if inner_start < inner_end else None


def _skip(s: str, start: int, end: int, chars: str) -> int:
    while start < end and s[start] in chars:
        start += 1
    return start


_SHORT_ABBREVIATION = re.compile(r"(?<!\w)[a-zа-яё]{1,2}\.$")  # "в 1949 г." keeps its period


def _trim(s: str, start: int, end: int) -> tuple[int, int]:
    start = _skip(s, start, end, TRIM_LEFT)
    while end > start and s[end - 1] in TRIM_RIGHT:
        if s[end - 1] == "." and _SHORT_ABBREVIATION.search(s, start, end):
            break
        end -= 1
    return start, end


# --------------------------------------------------------------- building elements


def _mixed(tag: str, s: str, spans: Spans) -> etree._Element:
    """An element whose string value is `s`, with each span as a child element."""
    element = etree.Element(tag)
    element.text, position, last = "", 0, None
    for span in sorted(spans, key=lambda span: span.start):
        between = s[position : span.start]
        if last is None:
            element.text += between
        else:
            last.tail = between
        last = etree.SubElement(element, tei(span.tag), {k: v for k, v in span.attrs.items()})
        last.text = s[span.start : span.end]
        position = span.end
    if last is None:
        element.text += s[position:]
    else:
        last.tail = s[position:]
    return element


def _plain_bibl(text: str) -> etree._Element:
    bibl = etree.Element(tei("bibl"))
    bibl.text = text
    return bibl


def _free(cuts: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in cuts)


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Characters XML cannot hold (control characters, lone surrogates) are dropped."""
    return _NOT_XML.sub("", text)
