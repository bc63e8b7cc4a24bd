"""Apparatus views of a document with witnesses: entries filtered by kind, the variance heat map (computed at
build time: the share of the witnesses whose reading is not the text's)."""
from pathlib import Path

import pytest

from conftest import build_fixture_edition
from test_browser import browser, page, url  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def apparatus_site(tmp_path_factory) -> Path:
    return build_fixture_edition("apparatus", tmp_path_factory)[0]


def test_variance_is_computed_at_build_time(apparatus_site):
    html = (apparatus_site / "documents" / "witnesses.html").read_text(encoding="utf-8")
    assert 'id="note-1-at" data-variance="0.67" data-grade="3"' in html  # B and C differ from A
    assert 'id="note-2-at" data-variance="0.33" data-grade="1"' in html
    assert 'id="note-3-at" data-variance="0" data-grade="0"' in html


def test_filter_entries_by_kind_and_show_the_heat_map(page, apparatus_site):
    page.goto(url(apparatus_site, "documents/witnesses.html"))
    entries = page.locator(".apparatus-entry")
    assert [e.is_visible() for e in entries.all()] == [True, True, True]
    page.get_by_label("orthographic").uncheck()
    assert [e.is_visible() for e in entries.all()] == [True, False, True]
    assert not page.locator("#note-2-mark").is_visible() and page.locator("#note-1-mark").is_visible()
    page.get_by_label("orthographic").check()
    assert page.locator("#note-2-mark").is_visible()
    lemma = page.locator("#note-1-at > .lem")
    before = lemma.evaluate("e => getComputedStyle(e).backgroundColor")
    page.get_by_label("variance of the witnesses").check()
    assert lemma.evaluate("e => getComputedStyle(e).backgroundColor") not in (before, "rgba(0, 0, 0, 0)")
    assert page.locator("#note-3-at > .lem").evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
