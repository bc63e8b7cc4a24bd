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

import bisect
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
# Letters of names, Latin with diacritics too (`Gomułka W.`, `Kádár J.`, `Đặng`), Cyrillic.
NAME_UP = UP + "À-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ\u1e00-\u1eff"
NAME_LO = LO + "ß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž\u1e00-\u1eff"
INITIAL = rf"(?:Shch|Sh|Ch|Zh|Kh|Ts|Yu|Ya|Ye|Yo|Th|Дж|[{NAME_UP}])\."
INITIALS = rf"{INITIAL}(?:\s?{INITIAL}){{0,2}}"
SURNAME = rf"(?:[{NAME_UP}]['’])?[{NAME_UP}][{NAME_LO}]+(?:-[{NAME_UP}]?[{NAME_LO}]+)*"
NAME_SURNAME_FIRST = rf"{SURNAME},?\s+{INITIALS}"  # Stalin I.V., Stalin, I.V.
NAME_INITIALS_FIRST = rf"{INITIALS}\s?{SURNAME}"  # I.V. Stalin, И.И. Иванова
NAME_GIVEN_FIRST = rf"{SURNAME}(?:\s+(?:{INITIAL}|{SURNAME})){{0,2}}\s+{SURNAME}"  # John L. Gaddis
ANY_NAME = rf"(?:{NAME_SURNAME_FIRST}|{NAME_INITIALS_FIRST}|{NAME_GIVEN_FIRST})"
NAME_JOIN = r"(?:,\s*|,?\s+(?:and|&|и)\s+)"
ET_AL = r"(?:,?\s+(?:et al\.?|и др\.))"
ED_MARK = r"(?:,?\s*\(?(?:eds?|ред|red)\.\)?)"  # Smith J. (ed.) / Smith J., eds.

PLACE_ABBR = r"(?:М|Л|M|L|K|К|Мн|Пг|Pg|СПб|Спб|SPb|Spb|N\.\s?Y|Н\.-Й)\."
PLACE_WORD = r"[A-ZА-ЯЁ][\w’'\-]{0,40}"
PLACE = rf"(?:{PLACE_ABBR}|St\.\s?{PLACE_WORD}|{PLACE_WORD}(?:\s+{PLACE_WORD}){{0,2}})"
# The lookbehind starts a place only at a word start: the search stays linear on long words.
PLACES = rf"(?<![\w’'\-]){PLACE}(?:\s*;\s*{PLACE}){{0,3}}"  # М.; Л.: Госиздат, 1930

# A web address: scheme, a real host name (and port), then a path; what does not parse as one stays text,
# so that @target is always a URI.
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?"
URL = rf"https?://{_HOST}(?:[/?#][^\s<>\"]*[^\s<>\".,;:)\]])?/?"
OPEN_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}
# What may stand in a URI as it is (RFC 3986 unreserved, reserved except the brackets of IPv6 hosts,
# and "%" starting an escape); anything else in @target is percent-escaped, the text keeps it as typed.
_NOT_IN_URI = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")


def uri_of(address: str) -> str:
    """An address as typed -> a URI for @target: 'https://ex.org/[a b]' -> 'https://ex.org/%5Ba%20b%5D'."""
    return _NOT_IN_URI.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), address)

# ------------------------------------------------------------------ public API


class Citation(NamedTuple):
    """One result: the element, the input text it stands for, and where that text starts."""

    element: etree._Element
    source: str
    start: int


# warn(offset in the text, rule, message, severity)
Warn = Callable[[int, str, str, str], None]


def parse_citations(text: str, item_title: str, warn: Warn | None = None) -> list[etree._Element]:
    """Citation text of one document -> TEI `bibl` / `msDesc` elements, in order of appearance."""
    return [citation.element for citation in analyse_citations(text, item_title, warn)]


def analyse_citations(text: str, item_title: str, warn: Warn | None = None) -> list[Citation]:
    """Like `trace_citations`, but never raising: what cannot be analysed is kept as a plain `bibl`, and said.

    A citation none of whose parts is recognised is reported (info, `citation-unparsed`); a failure of the
    parser itself -- a bug -- keeps the whole text as one plain bibl and is reported as a warning
    (`citation-internal-error`), which the fuzz tests look for."""
    try:
        found = trace_citations(text, item_title)
    except Exception as error:  # a bug of ours: keep the text unparsed, say so
        text = _xml_safe(text or "").strip()
        if warn is not None:
            warn(0, "citation-internal-error", f"the citation parser failed ({type(error).__name__}: {error}); "
                 "the citation is kept as plain text -- please report it with this witness", "warning")
        return [Citation(_plain_bibl(text), text, 0)] if text else []
    for citation in found:
        element = citation.element
        if warn is not None and element.tag == tei("bibl") and element.get("type") != "online" and len(element) == 0:
            warn(citation.start, "citation-unparsed", f"no part of the citation '{_shorten(citation.source)}' was "
                 "recognised (author, title, imprint, volume, pages): it is kept as a plain bibl", "info")
    return found


def _shorten(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def trace_citations(text: str, item_title: str) -> list[Citation]:
    """Like `parse_citations`, keeping each element's source text (for checks and tests)."""
    text = _xml_safe(text or "")
    if not text.strip():
        return []
    found: list[Citation] = []
    cuts: list[tuple[int, int]] = []
    for start, end, match, written in _archival_refs(text):
        found.append(Citation(_ms_desc(match, item_title, written), text[start:end], start))
        cuts.append((start, end))
    for match in ANGLE_URL.finditer(text):
        if _free(cuts, *match.span()):
            url = match.group("url")
            label = URL_LABEL.search(text, 0, match.start())  # "Available online: <https://...>"
            start = label.start() if label and _free(cuts, label.start(), match.start()) else match.start()
            lead = text[start:match.start()].rstrip() if start < match.start() else ""
            found.append(Citation(_online_bibl(url, lead), (lead + " " + url).strip(), start))
            cuts.append((start, match.end()))
    rest, origin = _cut(text, cuts)
    for start, end in _split(rest):
        start, end = _clean_piece(rest, start, end)
        piece = rest[start:end]
        if piece and not set(piece) <= JUNK | {" "}:
            found.append(Citation(_bibl(piece), piece, origin[start]))
    return sorted(found, key=lambda citation: citation.start)


# ------------------------------------------------------- pass 1: archival references

NUMBER = rf"[{UP}]?-?\d+[{UP}{LO}]?"  # 45, R-5446, 0100, 11а
FOLIO = r"\d+(?:\s?(?:ob|об)\.|[rv](?![\w])|\s[rv]\.)?"  # 95, 3 ob., 3об., 7v, 7 v. (verso), 7r (recto)
FOLIO_RANGE = rf"{FOLIO}(?:{DASH}{FOLIO})?"
ACRONYM = rf"[{UP}](?:[{LO}]{{0,2}}[{UP}]){{1,5}}[{LO}]{{0,2}}"  # AP, RF, RGASPI, TsAMO
F_MARK = r"(?:(?:F|f|Ф|ф)\.|(?:[Ff]ond|[Фф]онд)(?=\s))"
OP_MARK = r"(?:(?:Op|op|Оп|оп)\.|(?:[Oo]pis[’']?|[Оо]пись)(?=\s))"
PAPKA_MARK = r"(?:(?:P|p|Pap|pap|П|п|Пап|пап)\.|(?:[Pp]apka|[Пп]апка)(?=\s))"
D_MARK = r"(?:(?:D|d|Д|д|Ed\.\s?khr|ed\.\s?khr|Ед\.\s?хр|ед\.\s?хр)\.|(?:[Dd]elo|[Дд]ело|[Ff]ile)(?=\s))"
L_MARK = r"(?:(?:Ll|ll|L|l|Лл|лл|Л|л|[Ff]ols?|ff)\.|(?:[Ll]isty?|[Лл]исты?|[Ff]olios?)(?=\s))"
ARCHIVAL = re.compile(
    rf"""(?<!\w)
    (?:(?P<repo>{ACRONYM}(?:\s+{ACRONYM}){{0,2}})[.,]?\s*)?
    {F_MARK}\s*(?P<fond>{NUMBER})
    (?:[.,]?\s*{OP_MARK}\s*(?P<opis>{NUMBER}))?
    (?:[.,]?\s*{PAPKA_MARK}\s*(?P<papka>{NUMBER})(?=[.,]?\s*{D_MARK}))?
    (?:[.,]?\s*{D_MARK}\s*(?P<delo>{NUMBER}))?
    (?:[.,]?\s*(?P<locus>{L_MARK}\s*{FOLIO_RANGE}
        (?:,\s*{FOLIO_RANGE}(?=\s*(?:[,.;)\]]|$)))*))?
    (?!\w)""",
    re.VERBOSE,
)
# Other archives' references, read into the same parts (the contract's fond / delo / folios):
# German `SAPMO-BArch, DY 30/3482, Bl. 15` (Bestand DY 30 as the fond, its file 3482 as the delo, Blatt as
# folios) and Polish `Archiwum Akt Nowych (AAN), Warsaw, KC PZPR, sygn. 1705, k. 12–14` (zespół as the
# fond, sygnatura as the delo, karty as folios). Groups they do not have never take part: `(?P<opis>(?!))?`.
_NO_OPIS_PAPKA = r"(?P<opis>(?!))?(?P<papka>(?!))?"
_LOCI = rf"{FOLIO_RANGE}(?:,\s*{FOLIO_RANGE}(?=\s*(?:[,.;)\]]|$)))*"
GERMAN_ARCHIVAL = re.compile(
    rf"""(?<!\w)(?P<repo>SAPMO[-‐]BArch|BArch|PA\s?AA|BStU|AdsD){_NO_OPIS_PAPKA}[.,]?\s*
    (?P<fond>[A-Z]{{1,3}}\s?\d+)\s*/\s*(?P<delo>[A-Z0-9](?:[\w/ .-]*?\w)?)
    [.,]\s*(?P<locus>(?:Bll?|fol|ff?)\.\s*{_LOCI})(?!\w)""",
    re.VERBOSE,
)
POLISH_ARCHIVAL = re.compile(
    rf"""(?<![\w])(?P<repo>(?!))?{_NO_OPIS_PAPKA}(?P<fond>[^\W\d_][^,;()]{{0,40}}?),\s*(?:sygn|syg)\.\s*(?P<delo>[\w/.-]*\w)
    ,\s*(?P<locus>(?:k|kk)\.\s*{_LOCI})(?!\w)""",
    re.VERBOSE,
)
ARCHIVAL_SHAPES = (ARCHIVAL, GERMAN_ARCHIVAL, POLISH_ARCHIVAL)
# A repository's name written out before the reference ("Archive of the President of the Russian
# Federation (AP RF), f. 45 ..."; "Arkhiv vneshnei politiki Rossiiskoi Federatsii, f. 07 ..."), perhaps
# with its place ("(AVP RF), Moscow, f. 07 ..."): words (no figures) from a capitalised one on, one of
# them a word for an archive or a library, since the last sentence or citation.
_WORD = r"[^\W\d_][\w’'\-]*"
REPOSITORY_NAME = re.compile(
    rf"""(?P<name>[{UP}][\w’'\-]*(?:[ \t\u00a0]+{_WORD}){{0,15}})
    (?:\s*\((?P<acronym>{ACRONYM}(?:\s+{ACRONYM}){{0,2}})\))?
    \s*[,.]?\s*
    (?:(?P<place>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)\s*[,.]\s*)?
    $""",
    re.VERBOSE,
)
ARCHIVE_WORD = re.compile(r"(?i)archiv|archiw|arkhiv|архив|librar|bibliot|библиот|museum|музей|collection|records|"
                          r"repositor|depositor|khranen|хранен|tsentr|центр|centre|center|institut")
LEAD_IN = re.compile(r"(?i)(?:(?:sources?|see|also|cf\.?|original(?:ly)?|copy|copies|held|kept|preserved|located|"
                     r"in|at|from|the|см\.|также|в)(?![\w])[\s:,]*)+")
ANGLE_URL = re.compile(rf"<\s*(?P<url>https?://{_HOST}(?:[/?#][^\s<>]*)?)\s*>")
FOLIO_PARTS = re.compile(rf"(?P<from>{FOLIO})(?:{DASH}(?P<to>{FOLIO}))?")


def _archival_refs(text: str):
    """(start, end, match, repository) of each archival reference, with its final period, wrapping
    parens and the repository's name written out before it (`_repository_before`)."""
    taken: list[tuple[int, int]] = []
    for match in (m for shape in ARCHIVAL_SHAPES for m in shape.finditer(text)):
        if not _free(taken, *match.span()):
            continue
        start, end = match.span()
        written = _repository_before(text, start)
        if written is not None and match.group("repo"):  # "Archive of ..., AP RF, F. 45": the name and the acronym
            name_start = text.index(written[1], written[0])
            written = None if written[2] else (written[0], text[name_start:match.end("repo")], None)
        if not (match.group("opis") or match.group("delo")) and not (match.group("repo") or written):
            continue  # "F. 5" alone is too weak to be a fond; "GARF F. R-5446" is one
        if written is not None:
            start = written[0]
        else:  # "... l. 35. Also GARF F. R-5446": a connecting word is no citation of its own
            before = text[:start]
            boundary = max(before.rfind(". ") + 2, before.rfind("; ") + 2, 0)
            lead = before[boundary:]
            if lead.strip() and LEAD_IN.fullmatch(lead.strip() + " "):
                start = boundary + len(lead) - len(lead.lstrip())
        if end < len(text) and text[end] == "." and not text[start:end].endswith("."):
            end += 1
        before, after = text[:start].rstrip(), text[end:].lstrip()
        if before.endswith(("(", "[")) and after.startswith((")", "]")):
            start, end = len(before) - 1, len(text) - len(after) + 1
        taken.append(match.span())
        yield start, end, match, written


def _repository_before(text: str, start: int) -> tuple[int, str, str | None] | None:
    """The repository's name written out just before an archival reference: (where it starts -- with
    a lead-in such as `Source:` or `See also the` --, the name as written with its acronym, the place
    written after it), or None."""
    window_start = max(0, start - 300)
    window = text[window_start:start]
    inside = window.rstrip(" \t\u00a0.,")  # "... Federation. F. 45": the name's own period is no boundary
    cut = max(inside.rfind(". ") + 1, inside.rfind("; ") + 1, inside.rfind(")."), 0)
    cut = max(cut, max((m.end() for m in re.finditer(r"\d[.,]\s", inside)), default=0))
    window_start += cut
    window = text[window_start:start]
    offset = len(window) - len(window.lstrip())
    lead = LEAD_IN.match(window, offset)
    name_offset = lead.end() if lead else offset
    found = REPOSITORY_NAME.match(window, name_offset)
    if found is None or not ARCHIVE_WORD.search(found.group("name")):
        return None
    name_end = found.end("acronym") + 1 if found.group("acronym") else found.end("name")
    return window_start + offset, text[window_start + found.start():window_start + name_end], found.group("place")


def _ms_desc(match: re.Match, item_title: str, written: tuple[int, str, str | None] | None = None) -> etree._Element:
    ms_desc = etree.Element(tei("msDesc"))
    identifier = etree.SubElement(ms_desc, tei("msIdentifier"))
    if written is not None and written[2]:
        etree.SubElement(identifier, tei("settlement")).text = written[2]
    if match.group("repo") or written is not None:
        etree.SubElement(identifier, tei("repository")).text = written[1] if written else match.group("repo")
    if match.group("papka"):  # a folder between opis and delo (AVP RF): a collection of the repository
        etree.SubElement(identifier, tei("collection"), type="papka").text = match.group("papka")
    for part in ("fond", "opis", "delo"):
        if match.group(part):
            etree.SubElement(identifier, tei("idno"), type=part).text = match.group(part)
    item = etree.SubElement(etree.SubElement(ms_desc, tei("msContents")), tei("msItem"))
    if match.group("locus"):
        _loci(item, match.group("locus"))
    etree.SubElement(item, tei("title")).text = _xml_safe(item_title or "")
    return ms_desc


def _loci(item: etree._Element, locus: str) -> None:
    """The folios: one locus for a folio or a range (`L. 95–96`); a list (`L. 33–33 ob., 35`) one locus
    each, every folio kept, the first holding the mark (`L. 33–33 ob.`, then `35`)."""
    ranges = list(FOLIO_PARTS.finditer(locus))
    if len(ranges) <= 1:
        etree.SubElement(item, tei("locus"), _locus_range(locus)).text = locus
        return
    for number, folio in enumerate(ranges):
        start = 0 if number == 0 else folio.start()
        end = folio.end()
        first = _folio(folio.group("from"))
        last = _folio(folio.group("to")) if folio.group("to") else first
        etree.SubElement(item, tei("locus"), {"from": first, "to": last}).text = locus[start:end].strip()


def _locus_range(locus: str) -> dict[str, str]:
    """@from/@to of a single folio range; a list of folios ("ll. 3, 7") gets none."""
    ranges = list(FOLIO_PARTS.finditer(locus))
    if len(ranges) != 1:
        return {}
    first = _folio(ranges[0].group("from"))
    return {"from": first, "to": _folio(ranges[0].group("to")) if ranges[0].group("to") else first}


def _folio(folio: str) -> str:
    """'3 ob.', '3v', '3 v.' -> '3v' (verso); '3r' -> '3r'; '95' -> '95'."""
    number = re.match(r"\d+", folio).group()
    if re.search(r"(?:ob|об)\.|v\.?$", folio):
        return number + "v"
    return number + "r" if re.search(r"r\.?$", folio) else number


def _online_bibl(url: str, lead: str = "") -> etree._Element:
    """<bibl type="online"><ref target="URL">URL</ref></bibl>, a label before it (`Available online:`) as its text."""
    bibl = etree.Element(tei("bibl"), type="online")
    if lead:
        bibl.text = lead + " "
    etree.SubElement(bibl, tei("ref"), target=uri_of(url)).text = url
    return bibl


# What may introduce a web address: "Available online:", "URL:", "Retrieved from", "Режим доступа:".
URL_LABEL = re.compile(r"(?:(?<=^)|(?<=[\s.;]))(?:Available(?:\s+(?:online|at|from))?|Online|URL|Retrieved\s+from|Accessed\s+at|"
                       r"Electronic\s+resource|Режим\s+доступа|Электронный\s+ресурс)\s*:?\s*$", re.IGNORECASE)


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
# ... but "P. 5. URL: http://..." is still the same citation.
NOT_NEW = r"(?:URL|Available|Accessed|Retrieved|Режим|Дата|Electronic|Электронный)"
NEXT_CITATION = re.compile(rf"\.\s+(?=[{UP}\"“«„])(?!{NOT_NEW})")
# Without pages: an author with initials after ". " starts a new citation once a year was seen.
# (The period must end a word, not an initial: `Comp. by E.D. Orekhova, V.T. Sereda` is one citation.)
NEXT_AUTHOR = re.compile(rf"(?<!\b[{UP}])(?<!\b(?:Yu|Ya|Zh|Kh|Ch|Sh|Ts|Th|Ye|Yo))\.\s+(?=(?:{NAME_SURNAME_FIRST}|{NAME_INITIALS_FIRST})[\s,])")
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


# "..., P. 1, and Izvestiia ..." / "...; see also ..." / "... 1950. Cf. ...": a second citation, its connecting
# word left to it (as text, not title).
# `and`, `also` connect only after a comma or a period: "Reform, Revolt and Repression" is one title.
NEXT_CONNECTED = re.compile(
    rf"(?:[.,]\s*(?=(?:and|also|as\s+well\s+as)\s+[{UP}\"“«„])|(?:[.,]\s*|\s+)(?=(?:see\s+also|[Ss]ee|[Cc]f\.|compare|"
    rf"[Ff]irst\s+published\s+in|[Oo]riginally\s+published\s+in|[Rr]eprinted\s+in|[Pp]ublished\s+in|[Tt]ranslated\s+in)"
    rf"\s+[{UP}\"“«„]))")


def _author_breaks(rest: str, breaks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add a break before an author with initials, or a connecting word and a capital (", and Pravda"),
    when the citation so far has its year or pages."""
    candidates = [(m.start() + 1, m.start() + 1) for m in NEXT_AUTHOR.finditer(rest)]
    editors = [m.span("names") for m in EDITOR_STATEMENT.finditer(rest)]  # "ed. by A and B": one statement
    candidates += [(m.end(), m.end()) for m in NEXT_CONNECTED.finditer(rest)
                   if m.start() > 0 and not any(start < m.end() < end for start, end in editors)]
    ends = [m.span() for m in SEEN_END.finditer(rest)]  # sorted, not overlapping
    sure, result, last = set(breaks), [], 0
    for brk in sorted(sure | set(candidates)):
        first = bisect.bisect_left(ends, (last, -1))
        if brk in sure or (first < len(ends) and ends[first][1] <= brk[0]):
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
    """Non-overlapping tagged spans over one citation's text, kept sorted by start."""

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self, start, key=lambda span: span.start)
        before_ok = i == 0 or self[i - 1].end <= start
        after_ok = i == len(self) or self[i].start >= end
        return start < end and before_ok and after_ok

    def add_all(self, *spans: Span | None) -> bool:
        """Add every span, or none if one of them would overlap (each other included)."""
        spans = sorted((s for s in spans if s and s.start < s.end), key=lambda span: span.start)
        if not spans or any(a.end > b.start for a, b in zip(spans, spans[1:])):
            return False
        if not all(self.free(s.start, s.end) for s in spans):
            return False
        for span in spans:
            bisect.insort(self, span, key=lambda span: span.start)
        return True

    def has(self, tag: str, **attrs: str) -> bool:
        return any(s.tag == tag and all(s.attrs.get(k) == v for k, v in attrs.items()) for s in self)


def _group_span(match: re.Match, group: str, tag: str, **attrs: str) -> Span | None:
    """The span of a named group, or None if the regex has no such group or it did not take part."""
    if group not in match.re.groupindex or match.start(group) < 0:
        return None
    return Span(*match.span(group), tag, attrs)


def _year_span(match: re.Match, group: str = "year") -> Span:
    return _group_span(match, group, "date", when=match.group(group))


def _number_range(first: str, last: str | None) -> dict[str, str]:
    """@from/@to; an abbreviated end is completed from the start (133–34 -> 134)."""
    if last and last.isdigit() and first.isdigit() and len(last) < len(first):
        candidate = first[: len(first) - len(last)] + last
        if int(candidate) >= int(first):
            last = candidate
    return {"from": first, "to": last or first}


# Finders: (regex, handler). A handler returns the spans of a match, or None to
# reject it; a rejected match lets the search go on from the next character.
Handler = Callable[[re.Match, str, Spans], "list[Span] | None"]


def _on_url(m: re.Match, s: str, spans: Spans):
    return [Span(m.start(), m.end(), "ref", {"target": uri_of(m.group())})]


def _on_paren_imprint(m: re.Match, s: str, spans: Spans):
    return [_group_span(m, "place", "pubPlace"), _group_span(m, "publisher", "publisher"), _year_span(m)]


def _on_imprint(m: re.Match, s: str, spans: Spans):
    if not (_segment_start(s, m.start()) or _after_editors(s, m.start())):
        return None  # "Title: Subtitle, 1994" is not an imprint
    opening = PREFIX.match(s)  # "cf. Przeglad Historyczny, 1993": connecting words, then the title
    if "publisher" not in m.re.groupindex and (_back_over_spaces(s, m.start()) == 0 or (opening and m.start() == opening.end())):
        return None  # "Izvestiya, 1949, No. 12": a citation opens with its title, not its place
    return [_group_span(m, "place", "pubPlace"), _group_span(m, "publisher", "publisher"), _year_span(m)]


def _after_editors(s: str, i: int) -> bool:
    """Does position i follow an editor statement and a comma (`Title, ed. by A and B, Warsaw: PISM, 2006`)?"""
    j = _back_over_spaces(s, i)
    return j > 0 and s[j - 1] == "," and any(m.end() == j - 1 for m in EDITOR_STATEMENT.finditer(s, 0, j - 1))


def _scope_span(start: int, end: int, unit: str, first: str, last: str | None) -> Span:
    return Span(start, end, "biblScope", {"unit": unit, **_number_range(first, last)})


def _on_scope(unit: str) -> Handler:
    def handler(m: re.Match, s: str, spans: Spans):
        return [_scope_span(m.start(), m.end(), unit, m.group("from"), m.group("to"))]

    return handler


def _on_bare_pages(m: re.Match, s: str, spans: Spans):
    end = m.end("to") if m.group("to") else m.end("from")
    return [_scope_span(m.start("from"), end, "page", m.group("from"), m.group("to"))]


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_WORD = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DAY_MONTH_YEAR = rf"(?P<d1>[0-3]?\d)\s+(?P<m1>{_MONTH_WORD})\s+(?P<y1>{YEAR})"
MONTH_DAY_YEAR = rf"(?P<m2>{_MONTH_WORD})\s+(?P<d2>[0-3]?\d),?\s+(?P<y2>{YEAR})"


def _on_full_date(m: re.Match, s: str, spans: Spans):
    if spans.has("date"):
        return None  # one date per citation: the imprint's year came first
    day, month, year = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1") else (m.group("d2"), m.group("m2"), m.group("y2"))
    number = _MONTHS.index(month.lower()) + 1
    if not 1 <= int(day) <= 31:
        return None
    return [Span(m.start(), m.end(), "date", {"when": f"{year}-{number:02d}-{int(day):02d}"})]


def _on_year_span(m: re.Match, s: str, spans: Spans):
    """A volume's two years: `(1995/1996)`, `1995/96`, `(1949–1950)` (a dash only in parentheses:
    `Far East, 1945–1950` is part of a title) -> date @from/@to."""
    first, last = (m.group("y1"), m.group("y2")) if m.group("y1") else (m.group("y3"), m.group("y4"))
    last = first[:2] + last if len(last) == 2 else last
    start = m.start("y1") if m.group("y1") else m.start("y3")
    if spans.has("date") or int(last) <= int(first) or not _year_context(s[:start + 4] + s[m.end():], start):
        return None
    return [Span(start, m.end(), "date", {"from": first, "to": last})]


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
PUBLISHER = r"[^,:;()\[\]\s](?:[^,:;()\[\]]{0,150}[^,:;()\[\]\s])?"  # no comma: ", 2006" ends it

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
            rf"(?P<place>{PLACES})\s*:\s*(?P<publisher>{PUBLISHER})\s*,\s*(?P<year>{YEAR})"
        ),
        _on_imprint,
    ),
    # M., 1949 / Moscow, 1949
    (re.compile(rf"(?P<place>{PLACES})\s*,\s*(?P<year>{YEAR})"), _on_imprint),
    # a newspaper's day: Pravda, 5 March 1950 / Renmin ribao, March 5, 1950
    (re.compile(rf"(?<!\w)(?:{DAY_MONTH_YEAR}|{MONTH_DAY_YEAR})(?!\w)"), _on_full_date),
    (_scope(VOLUME_MARK, ROMAN_OR_NUMBER), _on_scope("volume")),
    (_scope(ISSUE_MARK), _on_scope("issue")),
    (_scope(PAGE_MARK), _on_scope("page")),
    (_scope(PART_MARK), _on_scope("part")),
    # Chicago: (1994): 133–34 / (Beijing ..., 1994), 17–18
    (re.compile(CHICAGO_PAGES), _on_bare_pages),
    (re.compile(rf"(?P<y1>{YEAR})\s*/\s*(?P<y2>{YEAR}|\d\d)(?!\d)|(?<=\()\s*(?P<y3>{YEAR}){DASH}(?P<y4>{YEAR})(?=\s*\))"),
     _on_year_span),
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


_INITIAL_BEFORE = re.compile(rf"(?<!\w){INITIAL}$")


def _segment_start(s: str, i: int) -> bool:
    """Does position i start a new segment (after ". ", "; ", " - ", "(" or at the start)?"""
    j = _back_over_spaces(s, i)
    if j == 0 or s[j - 1] in "(;":
        return True
    if s[j - 1] in "-–—":  # GOST area separator ". - ", not a hyphen inside a word
        return j < i and (j == 1 or s[j - 2].isspace() or s[j - 2] == ".")
    # after a sentence, not after an author's initials ("Stalin I.V. Works, 1949")
    return s[j - 1] == "." and j < i and not _INITIAL_BEFORE.search(s, max(0, j - 6), j)


def _year_context(s: str, i: int) -> bool:
    """A lone year stands between punctuation: ". 1994." / ", 1994," / "(1994" / "1994 г."."""
    j = _back_over_spaces(s, i)
    k = _skip(s, i + 4, len(s), " \t")
    before_ok = j == 0 or s[j - 1] in ".,:;(" or (s[j - 1] in "-–—" and j < i) or bool(_SEASON_BEFORE.search(s, 0, i))
    after_ok = k == len(s) or s[k] in ".,;:)]" or _YEAR_WORD.match(s, k)
    return bool(before_ok and after_ok)


_YEAR_WORD = re.compile(r"г\.?(?!\w)")
# A journal's season before its year: "(Winter 1995/1996)", "(Spring 1994)", ", Fall 1993,".
_SEASON_BEFORE = re.compile(r"(?:^|[(.,;:]\s*)(?:Winter|Spring|Summer|Autumn|Fall)\s+$")


def _back_over_spaces(s: str, i: int) -> int:
    while i > 0 and s[i - 1].isspace():
        i -= 1
    return i


# ----- the head: names, then title(s)

# Words that connect a citation to the one before it, or say how it is used: not part of its title.
CONNECTING = (r"(?:and\s+also|and\s+in|and|also\s+in|also|as\s+well\s+as|compare|[Ff]irst\s+published\s+in|"
              r"[Oo]riginally\s+published\s+in|[Pp]ublished\s+in|[Rr]eprinted\s+in|[Rr]epublished\s+in|"
              r"[Tt]ranslated\s+in|[Ee]xcerpts?\s+in|[Aa]n?\s+(?:English|Russian|Chinese)\s+translation\s+in)")
_CONNECTED = (
    rf"(?:{CONNECTING}\s+)?(?:See also|see also|See|see|Cf\.|cf\.|Quoted in|quoted in|Cited in|cited in|Cit\. in|"
    rf"См\. также:?|См\.:?|см\.:?|Цит\. по:?|цит\. по:?|Sm\. takzhe:?|Sm\.:?|Tsit\. po:?|{CONNECTING}:?)\s+"
)
# A label (`Source: ...`) and connecting words before a citation: no part of it.
PREFIX = re.compile(rf"(?:Sources?|Источники?|Istochniki?)\s*:\s*(?:{_CONNECTED})?|{_CONNECTED}")
# A translator's statement opening a citation: "Translated by Kathryn Weathersby.", "Trans. from the Russian by ...".
TRANSLATOR = re.compile(
    rf"(?:[Tt]ranslated|[Tt]ransl?\.|[Tt]r\.)(?:\s+(?:from|into)\s+(?:the\s+)?[A-Z][a-z]+)?(?:\s+and\s+(?:annotated|edited))?"
    rf"\s+by\s+(?P<names>{ANY_NAME}(?:{NAME_JOIN}{ANY_NAME})*)[.,;]?\s*"
)
NOT_A_TITLE = re.compile(
    r"(?:Ibid|Ibidem|Idem|Id|Op\. cit|Там же|Tam zhe|Указ\. соч|Ukaz\. soch)\b\.?", re.IGNORECASE
)


@dataclass(frozen=True)
class NameBlock:
    regex: re.Pattern
    one_name: re.Pattern | None  # None: the whole block is one name
    needs_title: bool  # "Given Surname, ..." could be a title: only a name if a title follows
    no_title_words: bool = False  # "Cold War History. Journal ..." is a title: no word of a title in the name


NAME_BLOCKS = (
    # Gaddis, John Lewis. The Cold War ...  (bibliography: surname first)
    NameBlock(
        re.compile(
            rf"(?P<names>{SURNAME},\s+{SURNAME}(?:\s+(?:{INITIAL}|{SURNAME})){{0,2}})"
            rf"(?P<marker>,\s*eds?\.)?(?=\.\s)"
        ),
        None,
        True,
    ),
    # Stalin I.V. Works / Иванов И.И., Петров П.П. (ред.) ...
    NameBlock(
        re.compile(
            rf"(?P<names>{NAME_SURNAME_FIRST}(?:{NAME_JOIN}{NAME_SURNAME_FIRST}){{0,5}})"
            rf"{ET_AL}?(?P<marker>{ED_MARK})?(?=[\s,.:]|$)"
        ),
        re.compile(NAME_SURNAME_FIRST),
        False,
    ),
    # I.V. Stalin, Works
    NameBlock(
        re.compile(
            rf"(?P<names>{NAME_INITIALS_FIRST}(?:{NAME_JOIN}{NAME_INITIALS_FIRST}){{0,5}})"
            rf"{ET_AL}?(?P<marker>{ED_MARK})?(?=[,.]\s)"
        ),
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
    # Mao Zedong. Selected Works. Vol. 5 ... / Nikita Khrushchev. Memoirs ... (a name, a period, a title)
    NameBlock(re.compile(rf"(?P<names>{NAME_GIVEN_FIRST})(?P<marker>(?!))?(?=\.\s+[{NAME_UP}\"“«])"), None, True, True),
)
# Words of titles, which a name before a period does not have ("Cold War History. Vol. 3" is a title).
TITLE_WORDS = re.compile(
    r"(?i)\b(?:history|histories|documents?|papers|works|war|studies|review|journal|bulletin|archives?|collection|"
    r"materials|policy|relations|affairs|soviet|chinese|russian|american|british|korean|german|polish|cold|world|"
    r"international|foreign|party|union|republic|revolution|conference|congress|committee|new|recent|modern|"
    r"selected|collected|complete|letters|speeches|diary|diaries|memoirs|notes|problems|questions|issues|far|east|"
    r"eastern|western|north|south|asia|europe|china|russia|korea|press|university|institute|academy|sciences?|"
    r"records|files|reports?|survey|crisis|years|age|era|time|times|life|road|state|states|national|people|peoples)\b")
# Compilers are editors too: "Comp. by", "Compiled by", "Hrsg. v.", "hg. von", "сост.", "sost.".
COMPILER_MARK = (r"(?:[Cc]omp\.\s+by|[Cc]ompiled\s+(?:and\s+edited\s+)?by|[Cc]omps?\.|[Hh]rsg\.\s+v(?:\.|on)|[Hh]g\.\s+v(?:\.|on)|"
                 r"[Hh]erausgegeben\s+von|[Ss]ост\.|[Сс]ост\.:?|[Ss]ost\.:?|[Ee]d\.\s+and\s+trans\.\s+by|[Rr]ed\.:?)")
# "Title / под ред. И.И. Иванова", "Title, ed. John Smith", "Title. Edited by ..."
EDITOR_STATEMENT = re.compile(
    rf"(?:\s*/\s*|,\s*|\.\s+|\s+)(?:под ред\.|pod red\.|[Ee]d\.\s+by|[Ee]dited\s+by|[Ee]ds?\.|{COMPILER_MARK})\s+"
    rf"(?P<names>{ANY_NAME}(?:{NAME_JOIN}{ANY_NAME})*)"
)
ONE_NAME = re.compile(ANY_NAME)
ARTICLE = re.compile(r"(?:The|A|An|On|In|Of|To|For|From|With|Der|Die|Das|Le|La|Les)\s")
TITLE_STOP = re.compile(r"\s+/\s+|,\s+(?:trans\.|transl\.|tr\.)\s")  # statement of responsibility follows
HOST_INTRO = re.compile(r"(?:in|In|В кн\.:?|в кн\.:?|V kn\.:?|v kn\.:?)\s+")
TRANSLATED = re.compile(r"\s*\[(?P<translated>[^\[\]]*[^\[\]\s])\s*\]$")
BARE_VOLUME = re.compile(rf"\s*,?\s+(?P<volume>\d{{1,4}})(?:{DASH}(?P<to>\d{{1,4}}))?$")
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
    translator = TRANSLATOR.match(s, position, end)
    if translator:  # "Translated by Danny Rozas. Published in ...": the translator, then the connecting words
        spans.add_all(*(Span(span.start, span.end, "editor", {"role": "translator"})
                        for span in _name_spans(ONE_NAME, translator, "editor")))
        position = translator.end()
        prefix = PREFIX.match(s, position, end)
        position = prefix.end() if prefix else position
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
        if block.needs_title and (EDITOR_STATEMENT.match(s, match.end(), end) or ARTICLE.match(s, match.start(), end)):
            continue  # "The Cold War Papers, ed. by John Smith": a title and its editor, not an author
        if block.no_title_words and TITLE_WORDS.search(match.group("names")):
            continue
        role = "editor" if match.group("marker") else "author"
        if block.one_name is None:
            spans.add_all(Span(*match.span("names"), role))
        else:
            spans.add_all(*_name_spans(block.one_name, match, role))
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
        serial = spans.has("biblScope", unit="issue") or JOURNAL_WORDS.search(s, start, end) or _day_dated(spans)
        level = "j" if serial and not has_imprint else "m"
        if level == "j" and not spans.has("biblScope", unit="volume"):
            _tag_host(s, start, end, spans, False)  # its bare volume: Bulletin 6–7 (1995)
            return
        _tag_title(s, start, end, spans, level)


# Words that name a serial (a journal, a bulletin, a newspaper): its title is level "j".
JOURNAL_WORDS = re.compile(
    r"(?<!\w)(?:Journal|Bulletin|Review|Quarterly|Gazette|Herald|Annals|Proceedings|Magazine|Newsletter|Digest|"
    r"Survey|Affairs|Vestnik|Izvestiia|Izvestiya|Izvestia|Pravda|Voprosy|Novaia|Novaya|Zhurnal|Renmin ribao|"
    r"Вестник|Известия|Правда|Вопросы|Журнал|Бюллетень|Зарубежное|Новая и новейшая)(?!\w)")


def _day_dated(spans: Spans) -> bool:
    """A citation dated to the day and without an imprint is an issue of a newspaper."""
    return any(span.tag == "date" and len(span.attrs.get("when", "")) == 10 for span in spans)


def _tag_host(s: str, start: int, end: int, spans: Spans, has_imprint: bool) -> None:
    start = _skip(s, start, end, TRIM_LEFT)
    intro = HOST_INTRO.match(s, start, end)
    level = "m" if has_imprint or intro else "j"
    start = intro.end() if intro else start
    if level == "j":
        start, end = _trim(s, start, end)
        volume = BARE_VOLUME.search(s, start, end)
        if volume and volume.start() > start:  # Journal 12, no. 3 (1994)
            spans.add_all(_scope_span(volume.start("volume"), volume.end(), "volume", volume.group("volume"), volume.group("to")))
            end = volume.start()
    _tag_title(s, start, end, spans, level)


def _tag_title(s: str, start: int, end: int, spans: Spans, level: str) -> None:
    """One title: cut at an editor statement, unwrap quotes, split off a [translated title]."""
    editors = EDITOR_STATEMENT.search(s, start, end)
    if editors:
        spans.add_all(*_name_spans(ONE_NAME, editors, "editor"))
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


def _name_spans(one_name: re.Pattern, match: re.Match, role: str) -> list[Span]:
    """A span for each single name inside the match's "names" group."""
    offset = match.start("names")
    return [Span(offset + m.start(), offset + m.end(), role) for m in one_name.finditer(match.group("names"))]


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
        if s[end - 1] == "." and _SHORT_ABBREVIATION.search(s, max(start, end - 3), end):
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
