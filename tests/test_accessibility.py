"""axe-core on every page of the sample edition and of foreign folders (a facsimile, a translation), in Chromium
at 1400 and 390 px: no violation. axe-core is fetched by `make axe-core` (make test) into tests/vendor/."""
from pathlib import Path

import pytest

from conftest import REPO, build_fixture_edition
from test_browser import browser  # noqa: F401 (fixture)

AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (make axe-core fetches it)")


def violations(browser, site: Path, width: int) -> list[str]:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    found = []
    source = AXE.read_text(encoding="utf-8")
    for html in sorted(site.rglob("*.html")):
        page.goto(html.as_uri())
        page.evaluate(source)  # evaluated by the test, never part of a page
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
            found.append(f"{html.relative_to(site)} at {width}px: {violation['id']} ({violation['impact']}): {targets}")
    context.close()
    return found


@pytest.mark.parametrize("width", [1400, 390])
def test_sample_edition(browser, sample_site, width):  # noqa: F811
    assert violations(browser, sample_site, width) == []


@pytest.mark.parametrize("folder", ["facsimile", "translation", "apparatus"])
def test_foreign_folders(browser, tmp_path_factory, folder):  # noqa: F811
    site, _ = build_fixture_edition(folder, tmp_path_factory)
    assert violations(browser, site, 1400) == [] and violations(browser, site, 390) == []
