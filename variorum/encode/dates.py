"""Dates as texts write them -> ISO 8601.

Full dates (`10th January 1949`, `3 February 1950`, `February 3, 1950`,
`December 18,1949`, `1949-12-18`, `27.VII.1953`, `27.07.1953`, `3 марта 1956 г.`), dates without a year (`January 9`,
`9 January`), months (`January 1949`), years after a preposition (`in 1945`)
bare days (`on the 16th`, `the 5th`) and ranges of days (`10–12 March 1950`,
`April 20–22`, `30 April – 2 May`: @from and @to). Dates
without a year take the year of the document's own date (the year before
when that would put them more than nine months after the document); a bare
day takes the month of the last date named before it in its paragraph, else
the day of that number in the document's own range of days, else the
document's month and year.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Russian months as dates write them (`3 марта 1956 г.`: the genitive) and as headings do (the nominative).
RUSSIAN_MONTHS = ("января январь", "февраля февраль", "марта март", "апреля апрель", "мая май", "июня июнь",
                  "июля июль", "августа август", "сентября сентябрь", "октября октябрь", "ноября ноябрь",
                  "декабря декабрь")
MONTHS.update({name: number for number, names in enumerate(RUSSIAN_MONTHS, start=1) for name in names.split()})
ROMAN_MONTHS = {numeral: number for number, numeral in enumerate(
    ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"), start=1)}

# Abbreviations with their period, or without it before a day or a year (`Jan 9, 1955`, `Dec 30`; not `Jan Kowalski`).
MONTH_NAMES = (r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
               r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?=\s+\d)"
               + "|" + "|".join(sorted((n for names in RUSSIAN_MONTHS for n in names.split()), key=len, reverse=True)))
_MONTH = rf"(?P<month>{MONTH_NAMES})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1\d{3}|20\d{2})"
_RANGE_DASH = r"\s*(?:[-–—]|to|until|till|through)\s*"

# Date shapes, most specific first; each names the parts it has.
DATE_SHAPES = [
    re.compile(rf"{_YEAR}-(?P<month_n>[01]\d)-(?P<day>[0-3]\d)"),
    # Archival notation: `27.VII.1953`, `27.07.1953` (day, month, year; the month in Roman numerals or figures)
    re.compile(rf"(?P<day>[0-3]?\d)\.\s?(?:(?P<month_r>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)|(?P<month_n>[01]?\d))\.\s?{_YEAR}"),
    re.compile(rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}"),
    re.compile(rf"{_MONTH}\s+{_DAY},?\s*{_YEAR}"),
    re.compile(rf"{_MONTH}\s+{_YEAR}"),
    re.compile(rf"{_DAY}(?:\s+of)?\s+{_MONTH}"),
    re.compile(rf"{_MONTH}\s+{_DAY}"),
]


def _second(name: str) -> str:
    """A date part as the second end of a range: its groups renamed (month2, day2, year2)."""
    return name.replace("(?P<month>", "(?P<month2>").replace("(?P<day>", "(?P<day2>").replace("(?P<year>", "(?P<year2>")


# Ranges, most specific first: `10–12 March 1950`, `April 20–22, 1950`, `30 April – 2 May 1950`,
# `April 30 – May 2`, and each without its year. The second day takes the first's month unless it names one.
RANGE_SHAPES = [
    # Both ends with their years: `December 30, 1949 – January 2, 1950`, `30 December 1949 – 2 January 1950`.
    re.compile(rf"{_MONTH}\s+{_DAY},?\s*{_YEAR}{_RANGE_DASH}{_second(_MONTH)}\s+{_second(_DAY)},?\s*{_second(_YEAR)}"),
    re.compile(rf"(?<![\d\w]){_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}{_RANGE_DASH}{_second(_DAY)}(?:\s+of)?\s+{_second(_MONTH)},?\s+{_second(_YEAR)}"),
    # `between 3 and 5 May`, `between May 3 and 5` (the word `between` stays outside the date).
    re.compile(rf"(?<=[Bb]etween ){_DAY}\s+and\s+{_second(_DAY)}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?"),
    re.compile(rf"(?<=[Bb]etween ){_MONTH}\s+{_DAY}\s+and\s+{_second(_DAY)}(?!\d)(?:,?\s*{_YEAR})?"),
    re.compile(rf"(?<![\d\w]){_DAY}{_RANGE_DASH}{_second(_DAY)}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?"),
    re.compile(rf"{_MONTH}\s+{_DAY}{_RANGE_DASH}{_second(_DAY)}(?!\d)(?:,?\s*{_YEAR})?"),
    re.compile(rf"(?<![\d\w]){_DAY}(?:\s+of)?\s+{_MONTH}{_RANGE_DASH}{_second(_DAY)}(?:\s+of)?\s+{_second(_MONTH)}(?:,?\s+{_YEAR})?"),
    re.compile(rf"{_MONTH}\s+{_DAY}{_RANGE_DASH}{_second(_MONTH)}\s+{_second(_DAY)}(?!\d)(?:,?\s*{_YEAR})?"),
]

# A bare day (`the 16th`) is a date whatever word follows it ("on the 5th Mao left", "the 5th, when"),
# except where the ordinal counts something else: "the 16th century", "the 8th Route Army", "the 3rd Plenum".
ORDINAL_NOUNS = (
    r"century|centuries|anniversary|anniversaries|army|armies|route|field|fleet|corps|division|divisions|brigade|"
    r"regiment|battalion|company|front|group|column|congress|plenum|plenary|session|conference|party|"
    r"parallel|floor|grade|time|times|place|point|paragraph|item|article|clause|section|chapter|volume|issue|"
    r"edition|round|stage|year|years|month|months|week|weeks|day|days|birthday|meeting|directorate|department|"
    r"bureau|district|province|street|line|rank|class|generation|wave|plan|five-year|five|term"
)
BARE_DAY = re.compile(
    rf"\b(?P<date>[Tt]he (?P<day>[0-3]?\d)(?:st|nd|rd|th))\b(?!\s*[-–]?\s*(?:{ORDINAL_NOUNS})\b)(?!\s+(?:of\s+)?(?:{MONTH_NAMES}))",
    re.IGNORECASE,
)


# A bare year is a date after a word that introduces one ("in 1945", "the treaty of 1945").
BARE_YEAR = re.compile(r"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Oo]f|[Ff]rom|[Bb]efore|[Aa]fter|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter) (?P<date>(?P<year>1[5-9]\d\d|20\d\d))\b(?![-–/.]?\d)")


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    when: str  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD; "" for a range
    from_: str | None = None  # a range: its first and last day
    to: str | None = None
    basis: str | None = None  # a bare day: what gave it its month (`_bare_day`), for the report

    @property
    def attributes(self) -> dict[str, str]:
        """@when, or @from and @to."""
        return {"when": self.when} if self.when else {"from": self.from_ or "", "to": self.to or ""}


def _valid(year: int, month: int, day: int | None) -> bool:
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return False
    return True


def _iso(year: int, month: int, day: int | None) -> str:
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _year_near(month: int, day: int, context: dt.date) -> int:
    """The document's year, unless that puts the date far after the document.

    A letter of 10 January 1949 that mentions "December 28" means 1948.
    """
    year = context.year
    if _valid(year, month, day) and (dt.date(year, month, day) - context).days > 270:
        return year - 1
    return year


def _resolve(match: re.Match, context: dt.date | None) -> str | None:
    parts = match.groupdict()
    month = (int(parts["month_n"]) if parts.get("month_n") else ROMAN_MONTHS[parts["month_r"]] if parts.get("month_r")
             else MONTHS[parts["month"].rstrip(".").lower()])
    if not 1 <= month <= 12:
        return None
    day = int(parts["day"]) if parts.get("day") else None
    if parts.get("year"):
        year = int(parts["year"])
    elif context is not None and day is not None:
        year = _year_near(month, day, context)
    else:
        return None
    return _iso(year, month, day) if _valid(year, month, day) else None


def _resolve_range(match: re.Match, context: dt.date | None) -> tuple[str, str] | None:
    parts = match.groupdict()
    month = MONTHS[parts["month"].rstrip(".").lower()]
    month2 = MONTHS[parts["month2"].rstrip(".").lower()] if parts.get("month2") else month
    day, day2 = int(parts["day"]), int(parts["day2"])
    if parts.get("year"):
        year = int(parts["year"])
    elif context is not None:
        year = _year_near(month, day, context)
    else:
        return None
    if parts.get("year2"):
        year2 = int(parts["year2"])
    else:
        year2 = year + 1 if (month2, day2) < (month, day) else year  # 30 December – 2 January
    if not (_valid(year, month, day) and _valid(year2, month2, day2)) or (year2, month2, day2) <= (year, month, day):
        return None
    return _iso(year, month, day), _iso(year2, month2, day2)


def find_dates(text: str, context: dt.date | None = None, recent: tuple[int, int, int | None] | None = None,
               document_span: tuple[dt.date, dt.date] | None = None) -> list[FoundDate]:
    """Every date in `text`, left to right, never overlapping.

    `context` is the document's date (the year of dates without one, the month of bare days);
    `recent` the (year, month, day) of the last date named before `text` in its paragraph, and
    `document_span` the document's own range of days, which a bare day is read against first
    (`_bare_day`)."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for shape in RANGE_SHAPES:
        for match in shape.finditer(text):
            start, end = match.span()
            if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()) or not free(start, end):
                continue
            span = _resolve_range(match, context)
            if span:
                found.append(FoundDate(start, end, "", *span))
                taken.append((start, end))

    for shape in DATE_SHAPES:
        for match in shape.finditer(text):
            start, end = match.span()
            # Whole words only: "May" inside "Mayor" or "10" inside "2010" is no date.
            if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
            if not free(start, end):
                continue
            when = _resolve(match, context)
            if when:
                found.append(FoundDate(start, end, when))
                taken.append((start, end))
    for match in BARE_YEAR.finditer(text):
        span = match.span("date")
        if free(*span):
            found.append(FoundDate(*span, match.group("year")))
            taken.append(span)
    if context is not None:
        for match in BARE_DAY.finditer(text):
            day = int(match.group("day"))
            span = match.span("date")
            before = [d for d in found if d.start < span[0] and _month_of(d)]
            month = _month_of(max(before, key=lambda d: d.start)) if before else recent
            when, basis = _bare_day(day, context, month, document_span) if day >= 1 else (None, None)
            if free(*span) and when:
                found.append(FoundDate(*span, when, basis=basis))
                taken.append(span)
    return sorted(found, key=lambda d: d.start)


def _month_of(date: FoundDate) -> tuple[int, int, int | None] | None:
    """(year, month, day) a date names (a range: its last day), for a bare day after it; None for a year."""
    when = date.to if date.to else date.when
    if not when or len(when) < 7:
        return None
    return int(when[:4]), int(when[5:7]), int(when[8:10]) if len(when) == 10 else None


def last_month(dates: list[FoundDate]) -> tuple[int, int, int | None] | None:
    """The (year, month, day) of the last of `dates` that names a month: what a bare day after them refers to."""
    months = [_month_of(d) for d in dates if _month_of(d)]
    return months[-1] if months else None


def _bare_day(day: int, context: dt.date, recent: tuple[int, int, int | None] | None,
              document_span: tuple[dt.date, dt.date] | None) -> tuple[str | None, str | None]:
    """A bare day (`the 5th`) -> (ISO date, what gave its month: "paragraph", "paragraph-next",
    "range" or "document").
    Its month, in this order:

    1. the last date named before it in the paragraph: `on 28 March ... by the 30th` is 30 March in an
       April letter; a smaller day than that date's is the month after (`On December 30 and again on the
       4th` is 4 January), unless that would fall after the document's date and the same month would not
       (`on 10 May ..., they had arrived on the 8th`, written on 20 May, is 8 May);
    2. the day of that number inside the document's own range of days (`31 October – 1 November`: `the
       1st` is 1 November);
    3. the month of the document's date."""
    if recent is not None:
        year, month, after = recent
        candidates = [(year, month)]
        if after is not None and day < after:
            following = (year + month // 12, month % 12 + 1)
            latest = document_span[1] if document_span else context
            if not (_valid(*following, day) and dt.date(*following, day) > latest
                    and _valid(year, month, day) and dt.date(year, month, day) <= latest):
                candidates.insert(0, following)
        for y, m in candidates:
            if _valid(y, m, day):
                return _iso(y, m, day), "paragraph" if (y, m) == (year, month) else "paragraph-next"
        return None, None
    if document_span is not None:
        first, last = document_span
        for offset in range((last - first).days + 1):
            candidate = first + dt.timedelta(days=offset)
            if candidate.day == day:
                return candidate.isoformat(), "range"
    if _valid(context.year, context.month, day):
        return _iso(context.year, context.month, day), "document"
    return None, None


def parse_date(text: str) -> FoundDate | None:
    """The first full date in a header field or title (`December  18,1949`)."""
    for date in find_dates(" ".join(text.split())):
        if len(date.when) == 10:
            return date
    return None


def parse_header_date(text: str) -> FoundDate | None:
    """The date of a document as its header gives it: a full date, a range of days, else a month or a year."""
    dates = find_dates(" ".join(text.split()))
    for date in dates:
        if len(date.when) == 10 or (date.from_ and date.to):
            return date
    return dates[0] if dates else None


def to_date(when: str) -> dt.date | None:
    return dt.date.fromisoformat(when) if len(when) == 10 else None
