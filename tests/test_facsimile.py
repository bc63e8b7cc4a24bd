"""The facsimile beside the text (contract section 7): images copied into the site, confined to the edition's
folder, an image elsewhere a link; in Chromium the image follows the reader's page, zooms, pans and outlines
the zone of a line or a word, with no request leaving file://."""
from pathlib import Path

import pytest

from conftest import build_fixture_edition
from test_browser import browser, page, url  # noqa: F401 (fixtures)

LETTER = "documents/letter.html"


@pytest.fixture(scope="module")
def facsimile_site(tmp_path_factory) -> tuple[Path, list]:
    return build_fixture_edition("facsimile", tmp_path_factory)


def test_local_images_are_copied_and_others_are_not(facsimile_site):
    site, diagnostics = facsimile_site
    assert sorted(p.name for p in (site / "facsimile" / "letter").iterdir()) == ["001-page-1.png", "002-page-2.png"]
    html = (site / LETTER).read_text(encoding="utf-8")
    assert 'src="../facsimile/letter/001-page-1.png"' in html
    assert 'href="https://images.example.org/page-3.png"' in html and "page-3.png\"" not in html.split("<img")[-1].split(">")[0]
    assert "outside.png" not in html.replace("../outside.png", "")  # never copied, never shown
    assert not (site / "outside.png").exists()
    [warning] = [d for d in diagnostics if d.rule == "facsimile-image"]
    assert "../outside.png" in warning.message and "outside the edition's folder" in warning.message


def test_the_image_follows_the_page_the_reader_is_at(page, facsimile_site):
    site, _ = facsimile_site
    page.goto(url(site, LETTER))
    shown = page.locator(".facsimile .surface:not([hidden])")
    assert shown.get_attribute("data-surface") == "p1"
    assert page.evaluate("document.querySelector('.surface[data-surface=p1] img').naturalWidth") == 400  # loaded from file://
    assert page.locator(".facsimile").bounding_box()["x"] > page.locator(".reading-text").bounding_box()["x"]  # beside the text
    page.locator(".reading-text [data-facs=p2]").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, document.querySelector('[data-facs=p2]').getBoundingClientRect().top - 100)")
    page.wait_for_function("() => document.querySelector('.facsimile-viewport').getAttribute('data-current') === 'p2'")
    assert page.locator(".facsimile-label").inner_text() == "Page 2"
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("() => document.querySelector('.facsimile-viewport').getAttribute('data-current') === 'p1'")


def test_zones_of_lines_and_words_are_outlined(page, facsimile_site):
    site, _ = facsimile_site
    page.goto(url(site, LETTER))
    page.locator(".reading-text p", has_text="Line 2 of the first page").hover()
    assert page.locator(".zone.active").get_attribute("data-zone") == "p1-l2"
    box = page.locator(".zone.active").bounding_box()
    image = page.locator(".surface[data-surface=p1] img").bounding_box()
    assert abs(box["y"] - image["y"] - image["height"] * 100 / 560) < 2 and abs(box["width"] - image["width"] * 320 / 400) < 2
    page.locator(".reading-text [data-zone=p2-w1]").hover()  # a word on page 2: its page comes up
    assert page.locator(".zone.active").get_attribute("data-zone") == "p2-w1"
    assert page.locator(".facsimile .surface:not([hidden])").get_attribute("data-surface") == "p2"


def test_zoom_and_pan(page, facsimile_site):
    site, _ = facsimile_site
    page.goto(url(site, LETTER))
    surface = page.locator(".surface[data-surface=p1]")
    width = surface.bounding_box()["width"]
    page.get_by_role("button", name="Zoom in").click()
    assert surface.bounding_box()["width"] == pytest.approx(width * 1.5, rel=0.01)
    page.locator(".facsimile-viewport").focus()
    x = surface.bounding_box()["x"]
    page.keyboard.press("ArrowRight")
    assert surface.bounding_box()["x"] == pytest.approx(x - 40, abs=1)
    viewport = page.locator(".facsimile-viewport").bounding_box()
    page.mouse.move(viewport["x"] + 100, viewport["y"] + 100)
    page.mouse.down()
    page.mouse.move(viewport["x"] + 150, viewport["y"] + 130)
    page.mouse.up()
    assert surface.bounding_box()["x"] == pytest.approx(x - 40 + 50, abs=1)
    page.get_by_role("button", name="Fit").click()
    assert surface.bounding_box()["width"] == pytest.approx(width, rel=0.01)


def test_on_a_phone_the_image_is_above_the_text(browser, facsimile_site):  # noqa: F811
    site, _ = facsimile_site
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    phone = context.new_page()
    phone.goto(url(site, LETTER))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator(".facsimile").bounding_box()["y"] < phone.locator(".reading-text").bounding_box()["y"]
    context.close()
