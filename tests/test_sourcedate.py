"""variorum.sourcedate: the one reader of SOURCE_DATE_EPOCH, and one rule for it in every output.

Digits: that date, in UTC. Unset or empty: no date from it. Anything else: a usage error
(exit 2) saying what the variable must hold, for the print edition as for the exports:
a reproducible build never quietly writes another date than the one it was given.
"""
from __future__ import annotations

import datetime as dt

import pytest

from variorum.cli import main
from variorum.config import load_edition
from variorum.diagnostics import UsageError
from variorum.document import TeiDocument
from variorum.render.pdf import PrintEdition, Typesetter
from variorum.render.xslt import Stylesheets
from variorum.sourcedate import source_date
from variorum.xmlio import read_xml

from conftest import REPO

BAD = ["abc", "1.5", "-1", "+1767225600", "1_767_225_600", "1e9", "0x10", "²", "1767225600 1", "9" * 30]


def test_seconds_are_a_date_in_utc(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert source_date() == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 0\n")  # as $(date +%s) may leave it
    assert source_date() == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_unset_or_empty_says_nothing(value, monkeypatch):
    if value is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert source_date() is None


@pytest.mark.parametrize("value", BAD)
def test_anything_else_is_a_usage_error_saying_what_it_must_hold(value, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(UsageError) as error:
        source_date()
    assert error.value.exit_status == 2
    assert str(error.value).startswith("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 00:00 UTC")
    assert repr(value.strip()[:40]) in str(error.value)


def test_the_print_edition_refuses_a_bad_value_before_any_worker_starts(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2026-01-01")
    edition = load_edition(REPO)
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH must be"):
        Typesetter(edition)
    letter = read_xml(REPO / "tests" / "golden" / "print" / "letter" / "input.xml").strict().getroot()
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH must be"):  # two workers: refused in the parent
        PrintEdition(edition, Stylesheets()).print_documents([TeiDocument("a", "a.xml", letter), TeiDocument("b", "b.xml", letter)], workers=2)
    assert not list(tmp_path.iterdir())


def test_the_exports_refuse_a_bad_value_alike(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2026-01-01")
    out = tmp_path / "letters.xml"
    assert main(["export", str(REPO / "tests" / "golden" / "export" / "edition" / "input" / "tei"), "--format", "cmif", "--out", str(out)]) == 2
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds" in capsys.readouterr().err
    assert not out.exists()
