"""An original and its translation side by side: rows of aligned segments starting at the same height, each
column in its language, one column with a switch on a phone, segments without a partner reported by the build."""
from pathlib import Path

import pytest

from conftest import build_fixture_edition
from test_browser import browser, page, url  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def translation_site(tmp_path_factory) -> tuple[Path, list]:
    return build_fixture_edition("translation", tmp_path_factory)


def test_a_segment_without_partner_is_reported(translation_site):
    _, diagnostics = translation_site
    unpaired = [d for d in diagnostics if d.rule == "unpaired-segment" and Path(d.file).name == "telegram.xml"]
    assert [(Path(d.file).name, d.line, d.severity) for d in unpaired] == [("telegram.xml", 24, "info")]
    assert "segment 5 of the translation" in unpaired[0].message and "A translator's line" in unpaired[0].message
    assert not [d for d in diagnostics if d.rule == "no-rendering-rule"]


@pytest.mark.parametrize("name, rows", [("telegram", 5), ("linked", 3)])
def test_aligned_segments_start_at_the_same_height(page, translation_site, name, rows):
    site, _ = translation_site
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(url(site, f"documents/{name}.html"))
    pairs = page.locator(".parallel .pair")
    assert pairs.count() == rows
    for pair in pairs.all():
        original, translation = pair.locator(".cell.original"), pair.locator(".cell.translation")
        if original.inner_text().strip() and translation.inner_text().strip():
            assert original.bounding_box()["y"] == pytest.approx(translation.bounding_box()["y"], abs=1)
            assert original.bounding_box()["x"] < translation.bounding_box()["x"]
    assert page.locator(".cell.original").first.get_attribute("lang") == ("ru" if name == "telegram" else "de")
    assert page.locator(".cell.translation").first.get_attribute("lang") == "en"
    # the pairs the text declares, not their order: Karl's signature beside its translation
    if name == "linked":
        assert pairs.nth(2).inner_text().split() == ["Dein", "Karl", "Yours,", "Karl"]


def test_on_a_phone_one_column_and_a_switch(browser, translation_site):  # noqa: F811
    site, _ = translation_site
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    phone = context.new_page()
    phone.goto(url(site, "documents/telegram.html"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator(".cell.original").first.is_visible() and not phone.locator(".cell.translation").first.is_visible()
    phone.get_by_role("radio", name="translation").check()
    assert phone.locator(".cell.translation").first.is_visible() and not phone.locator(".cell.original").first.is_visible()
    context.close()
