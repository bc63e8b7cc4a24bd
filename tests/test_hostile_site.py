"""Hostile TEI published as a web edition: no script runs, nothing is fetched from elsewhere.

The attacker's corpus (tests/fixtures/hostile/) is built with `variorum build DIR`;
every page is opened in Chromium, every element hovered and focused, every
control used, the search run: no dialog may open and no request may leave.
"""
import shutil
from pathlib import Path

import pytest

from variorum.cli import main

from conftest import FIXTURES

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    assert main(["build", str(FIXTURES / "hostile"), "--out", str(out), "--no-pdf"]) in (0, 1)
    return out


def test_no_dangerous_markup_in_any_page(hostile_site):
    """Parsed as a browser would: no event handler, no inline or foreign script, no dangerous URL."""
    from lxml import html as lxml_html

    for page in hostile_site.rglob("*.html"):
        tree = lxml_html.parse(str(page))
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("iframe", "object", "embed", "img", "svg"), f"{page.name}: <{element.tag}>"
            if element.tag == "script":
                assert element.get("src", "").startswith(("../static/", "static/")) and not (element.text or "").strip()
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), f"{page.name}: {name}={value}"
                if name in ("href", "src", "action", "formaction"):
                    scheme = value.strip().lower().split(":", 1)[0] if ":" in value.split("/")[0] else ""
                    assert scheme in ("", "http", "https", "mailto"), f"{page.name}: {name}={value}"


def test_every_page_every_element_no_dialog_no_request(hostile_site):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make test installs Debian's chromium)")
    dialogs, remote, errors = [], [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))

        def only_local(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                remote.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        pages = sorted(hostile_site.rglob("*.html"))
        assert len(pages) >= 8
        for html in pages:
            page.goto(html.as_uri())
            for element in page.locator("main *").all():
                if element.is_visible():
                    element.hover(timeout=2000)
                    element.focus()
            for radio in page.locator("input[type=radio]").all():
                if radio.is_visible():  # (a phone's switches are hidden at this width)
                    radio.check()
            for select in page.locator("select").all():
                for value in select.locator("option").all() if select.is_visible() else []:
                    select.select_option(value.get_attribute("value") or "")
            if html.name == "search.html":
                for query in ("script", "alert", "img", "We"):
                    page.get_by_label("Words to find").fill(query)
                    page.get_by_role("button", name="Search").click()
            page.wait_for_timeout(50)
        browser.close()
    assert not dialogs, dialogs
    assert not remote, remote
    assert not errors, errors
