"""Dates as texts write them -> ISO 8601 (table of cases)."""
import datetime as dt

import pytest

from variorum.encode.dates import find_dates, parse_date

JAN_10_1949 = dt.date(1949, 1, 10)
DEC_18_1949 = dt.date(1949, 12, 18)

CASES = [
    ("10th January 1949", None, [("10th January 1949", "1949-01-10")]),
    ("3 February 1950", None, [("3 February 1950", "1950-02-03")]),
    ("February 3, 1950", None, [("February 3, 1950", "1950-02-03")]),
    ("December 18,1949", None, [("December 18,1949", "1949-12-18")]),
    ("1st of May 1950", None, [("1st of May 1950", "1950-05-01")]),
    ("1949-12-18", None, [("1949-12-18", "1949-12-18")]),
    ("in January 1949 we", None, [("January 1949", "1949-01")]),
    ("On January 9, we received", JAN_10_1949, [("January 9", "1949-01-09")]),
    ("on 9 January the note", JAN_10_1949, [("9 January", "1949-01-09")]),
    # A January letter's "December 28" is the December before.
    ("On December 28, we", JAN_10_1949, [("December 28", "1948-12-28")]),
    ("arrived in Moscow on the 16th, and", DEC_18_1949, [("the 16th", "1949-12-16")]),
    ("Sept. 5, 1950", None, [("Sept. 5, 1950", "1950-09-05")]),
    # Not dates.
    ("at 10 p.m. (Beijing time)", DEC_18_1949, []),
    ("the 16th century", DEC_18_1949, []),
    ("on the 16th Army", DEC_18_1949, []),
    ("May I ask", DEC_18_1949, []),
    ("January 9", None, []),  # no year anywhere: left untagged, never guessed
    ("the agreement of 1945 and in 1949.", None, [("1945", "1945"), ("1949", "1949")]),
    ("1949 troops, 2010 and 12", None, []),  # a number is a year only after in/of/since ...
    # A bare day is a date whatever word follows it ...
    ("by the 3rd Kovalev knew", DEC_18_1949, [("the 3rd", "1949-12-03")]),
    ("the 21st, when", DEC_18_1949, [("the 21st", "1949-12-21")]),
    ("since the 2nd.", DEC_18_1949, [("the 2nd", "1949-12-02")]),
    # ... except where the ordinal counts something else.
    ("the 4th Field Army and the 2nd Plenum", DEC_18_1949, []),
    ("the 38th parallel", DEC_18_1949, []),
    ("the 31st of this month", dt.date(1950, 2, 10), []),  # no 31 February: no date
]

RANGES = [
    ("met on 3–7 July 1950", None, [("3–7 July 1950", "1950-07-03", "1950-07-07")]),
    ("June 28-30, 1950", None, [("June 28-30, 1950", "1950-06-28", "1950-06-30")]),
    ("from 29 June to 2 July 1950", None, [("29 June to 2 July 1950", "1950-06-29", "1950-07-02")]),
    ("talks of 14—16 February", dt.date(1950, 3, 1), [("14—16 February", "1950-02-14", "1950-02-16")]),
    ("on November 29 – December 2", dt.date(1950, 1, 5), [("November 29 – December 2", "1949-11-29", "1949-12-02")]),
    ("on 7 and 9 May", dt.date(1950, 5, 20), [("9 May", "1950-05-09", None)]),  # two days are no range
    ("3–7 July", None, []),  # no year anywhere: not guessed
    # Both ends with their own years, across the new year.
    ("the talks of December 30, 1949 – January 2, 1950 were", None,
     [("December 30, 1949 – January 2, 1950", "1949-12-30", "1950-01-02")]),
    ("from 30 December 1949 to 2 January 1950", None, [("30 December 1949 to 2 January 1950", "1949-12-30", "1950-01-02")]),
    ("2 January 1950 – 30 December 1949", None, [("2 January 1950", "1950-01-02", None), ("30 December 1949", "1949-12-30", None)]),
    # `between ... and ...`: a range; the word `between` stays outside.
    ("between 3 and 5 May the delegation", dt.date(1950, 2, 5), [("3 and 5 May", "1950-05-03", "1950-05-05")]),
    ("Between April 20 and 22, 1950,", None, [("April 20 and 22, 1950", "1950-04-20", "1950-04-22")]),
]


@pytest.mark.parametrize("text, context, expected", RANGES)
def test_ranges_get_from_and_to(text, context, expected):
    found = [(text[d.start : d.end], d.from_ or d.when, d.to) for d in find_dates(text, context)]
    assert found == expected


@pytest.mark.parametrize("text, context, expected", CASES)
def test_find_dates(text, context, expected):
    found = [(text[d.start : d.end], d.when) for d in find_dates(text, context)]
    assert found == expected


def test_header_date_across_a_markdown_hard_break():
    assert parse_date("December  \n18,1949").when == "1949-12-18"


def test_impossible_date_is_not_given_a_when():
    assert all(len(d.when) < 10 for d in find_dates("31 February 1950"))


APR_2_1956 = dt.date(1956, 4, 2)

# A bare day after a date of another month takes that date's month (issue 14, second round); a smaller day
# than that date's is the month after, unless that is later than the document.
BARE_DAYS_IN_CONTEXT = [
    ("On 28 March I met him, and by the 30th all was settled.", APR_2_1956, None, None, [("28 March", "1956-03-28"), ("the 30th", "1956-03-30")]),
    ("by the 30th all was settled", APR_2_1956, (1956, 3, 28), None, [("the 30th", "1956-03-30")]),  # 28 March in a text before
    ("On December 30 and again on the 4th", dt.date(1950, 1, 6), None, None,
     [("December 30", "1949-12-30"), ("the 4th", "1950-01-04")]),
    ("we met on 10 May; they had arrived on the 8th", dt.date(1950, 5, 20), None, None,
     [("10 May", "1950-05-10"), ("the 8th", "1950-05-08")]),  # 8 June would be after the letter
    ("talks of 2–5 March, and on the 7th", APR_2_1956, None, None,
     [("2–5 March", "1956-03-02/1956-03-05"), ("the 7th", "1956-03-07")]),  # after a range: its last day's month
    # The document's own range of days, then its month.
    ("on the 1st", dt.date(1956, 10, 31), None, (dt.date(1956, 10, 31), dt.date(1956, 11, 1)), [("the 1st", "1956-11-01")]),
    ("on the 3rd", APR_2_1956, None, None, [("the 3rd", "1956-04-03")]),
]


@pytest.mark.parametrize("text, context, recent, span, expected", BARE_DAYS_IN_CONTEXT)
def test_a_bare_day_takes_the_month_of_its_context(text, context, recent, span, expected):
    found = [(text[d.start:d.end], d.when or f"{d.from_}/{d.to}") for d in find_dates(text, context, recent, span)]
    assert found == expected


def test_a_bare_day_says_what_gave_its_month():
    bases = [d.basis for d in find_dates("On 28 March, the 30th; on December 30 and the 4th", dt.date(1956, 1, 6))
             if d.basis]
    assert bases == ["paragraph", "paragraph-next"]
    assert [d.basis for d in find_dates("the 3rd", APR_2_1956)] == ["document"]


@pytest.mark.parametrize("text, expected", [
    ("27.VII.1953", [("27.VII.1953", "1953-07-27")]),  # archival notation, the month in Roman numerals
    ("on 27.07.1953 at", [("27.07.1953", "1953-07-27")]),
    ("3 марта 1956 г.", [("3 марта 1956", "1956-03-03")]),  # Russian: the genitive month
    ("version 3.14.1999", []),  # no fourteenth month
    ("Jan 9, 1955 and Dec 30, 1954", [("Jan 9, 1955", "1955-01-09"), ("Dec 30, 1954", "1954-12-30")]),
    ("Jan Kowalski wrote in 1955", [("1955", "1955")]),  # an abbreviation without its period only before a number
])
def test_archival_and_russian_dates(text, expected):
    assert [(text[d.start:d.end], d.when) for d in find_dates(text)] == expected
