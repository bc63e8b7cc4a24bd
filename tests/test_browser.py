"""The web edition as a reader uses it: Playwright driving Debian's Chromium, pages opened from file://."""
import json
import shutil
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make test installs Debian's chromium)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that records errors and refuses every request that leaves file://."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.errors, page.dialogs, page.remote = [], [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))

    def only_local(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            page.remote.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    yield page
    assert not page.errors, page.errors
    assert not page.dialogs and not page.remote
    context.close()


def url(site: Path, name: str) -> str:
    return (site / name).as_uri()


def test_orig_reg_switch_changes_the_text_in_place(page, sample_site):
    page.goto(url(sample_site, "documents/000_ed60d7a27737539e.html"))
    first = page.locator(".reading-text a.placeName:has(.choice)").first
    assert first.inner_text() == "Nanking"
    page.get_by_label("regularised").check()
    assert first.inner_text() == "Nanjing"
    page.get_by_label("as in the witness").check()
    assert first.inner_text() == "Nanking"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)


def test_apparatus_note_opens_on_hover_and_on_focus(page, sample_site):
    page.goto(url(sample_site, "documents/000_ed60d7a27737539e.html"))
    mark = page.locator(".reading-text .note-mark").first
    mark.hover()
    popup = page.locator(".apparatus-popup")
    assert " ".join(popup.inner_text().split()) == "Nanking] Nanjing regular form"
    page.mouse.move(0, 0)
    assert popup.count() == 0
    mark.focus()
    assert "Nanking] Nanjing" in popup.inner_text()
    page.keyboard.press("Escape")
    assert popup.count() == 0


def test_a_name_leads_to_the_index_and_back(page, sample_site):
    page.goto(url(sample_site, "documents/004_fc7e68a7096e41dc.html"))
    page.locator(".reading-text a.placeName", has_text="Lushun").first.click()
    assert page.url.endswith("places.html#lushun")
    entry = page.locator("dt#lushun + dd")
    assert "Port Arthur" in entry.inner_text() and "Lushun" in entry.inner_text()
    entry.locator("a[href*='004_fc7e68a7096e41dc.html#name-']").first.click()
    assert "/documents/004_fc7e68a7096e41dc.html#name-" in page.url
    page.go_back()
    assert page.url.endswith("places.html#lushun")


def test_search_finds_a_document_offline(page, sample_site):
    page.goto(url(sample_site, "search.html"))
    page.get_by_label("Words to find").fill("Port Arthur")
    page.get_by_role("button", name="Search").click()
    playwright.expect(page.locator(".search-status")).to_contain_text("found")  # (no polling script: the CSP forbids eval)
    results = page.locator(".search-results li a")
    assert results.count() == 1
    results.first.click()
    assert page.url.endswith("documents/004_fc7e68a7096e41dc.html")
    assert page.locator("h1").inner_text() == "Telegram to Liu"


def test_controls_work_from_the_keyboard(page, sample_site):
    page.goto(url(sample_site, "documents/000_ed60d7a27737539e.html"))
    page.get_by_label("as in the witness").focus()
    page.keyboard.press("ArrowDown")  # radio group: arrow keys move the choice
    assert page.evaluate("document.body.classList.contains('reading-reg')")


def test_readable_on_a_phone(browser, sample_site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(url(sample_site, "documents/004_fc7e68a7096e41dc.html"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def words_read(locator) -> str:
    """The text a reader reads, without the note numbers."""
    return locator.evaluate("""element => { const copy = element.cloneNode(true); document.body.appendChild(copy);
        copy.querySelectorAll('.note-mark').forEach(m => m.remove()); const text = copy.innerText; copy.remove(); return text; }""")


def test_regularised_view_keeps_a_bracketed_gloss(page, sample_site):
    page.goto(url(sample_site, "documents/004_fc7e68a7096e41dc.html"))
    paragraph = page.locator(".reading-text p", has_text="thirty-year lease")
    assert "lease of Lushun [Port Arthur]" in words_read(paragraph)
    page.get_by_label("regularised").check()
    assert "lease of Lüshun [Port Arthur]" in words_read(paragraph)


def test_apparatus_follows_the_spelling_switch(page, sample_site):
    page.goto(url(sample_site, "documents/000_ed60d7a27737539e.html"))
    entry = page.locator(".apparatus-entry.place-name").first
    assert " ".join(entry.inner_text().split()) == "1 Nanking] Nanjing regular form"
    page.get_by_label("regularised").check()
    assert " ".join(entry.inner_text().split()) == "1 Nanjing] Nanking as written"
    page.locator(".reading-text .note-mark").first.hover()
    assert " ".join(page.locator(".apparatus-popup").inner_text().split()) == "Nanjing] Nanking as written"


def test_every_regularised_name_has_its_entry(page, sample_site):
    """No regularisation changes the text silently: each name that the switch changes has a note."""
    for name in ("000_ed60d7a27737539e", "004_fc7e68a7096e41dc"):
        page.goto(url(sample_site, f"documents/{name}.html"))
        before = page.locator(".reading-text").inner_text()
        page.get_by_label("regularised").check()
        assert before != page.locator(".reading-text").inner_text()
        marks = page.evaluate("""() => Array.from(document.querySelectorAll('.reading-text .name'))
            .filter(n => n.querySelector(':scope > .choice:not(.kept)'))
            .map(n => n.nextElementSibling && n.nextElementSibling.classList.contains('note-mark'))""")
        assert marks and all(marks), name
    assert "supplied by the translator" in page.locator(".apparatus-entry.supplied").first.inner_text()


def search_for(page, site, words: str):
    page.goto(url(site, "search.html"))
    page.get_by_label("Words to find").fill(words)
    page.get_by_role("button", name="Search").click()
    playwright.expect(page.locator(".search-status")).to_contain_text("found")  # (no polling script: the CSP forbids eval)
    return page.locator(".search-results > li")


def test_search_takes_the_registers_variant_forms(page, sample_site):
    """"Peking" finds the letter that writes Beijing; "Guomindang" the one that writes Kuomintang, and marks it."""
    results = search_for(page, sample_site, "Peking")
    assert results.count() == 1 and results.first.locator("a").inner_text() == "Telegram to Liu"
    assert results.first.locator("mark").all_inner_texts() == ["Beijing"]
    results = search_for(page, sample_site, "Guomindang")
    assert results.count() == 2
    marks = {results.nth(i).locator("a").inner_text(): results.nth(i).locator("mark").all_inner_texts()[0] for i in range(2)}
    assert marks == {"Telegram to Liu": "Guomindang", "Telegram of J.V. Stalin to Mao Zedong dated 10th January 1949": "Kuomintang"}


def test_search_snippets_start_at_a_word_and_mark_the_words_found(page, sample_site):
    results = search_for(page, sample_site, "withdrawal")
    snippet = results.first.locator(".snippet")
    text = snippet.inner_text()
    assert text.startswith("… ")
    texts = [json.loads(line.rstrip(",\n"))["text"] for line in (sample_site / "static" / "search-index.js").open(encoding="utf-8")
             if line.startswith("{")]
    start = text[2:].split(" ")[0]
    whole = next(t for t in texts if "withdrawal" in t)
    at = whole.index(text[2:].rstrip(" …")[:40])
    assert at == 0 or whole[at - 1] == " ", start
    assert {m.lower() for m in snippet.locator("mark").all_inner_texts()} == {"withdrawal"}
    assert page.evaluate("document.querySelector('.snippet').innerHTML.includes('<mark>')")


def test_search_page_loads_the_index_only_when_asked(page, sample_site):
    page.goto(url(sample_site, "search.html"))
    assert page.evaluate("window.VARIORUM_SEARCH_MANIFEST.parts") == ["part-0.js"]
    assert page.locator("script[src*='search/part-']").count() == 0
    page.get_by_label("Words to find").focus()
    playwright.expect(page.locator("head script[src$='search/part-0.js']")).to_have_count(1)


def test_note_marks_are_large_enough_to_tap_on_a_phone(browser, sample_site):
    """WCAG 2.2 (2.5.8): every note mark of the text is a target of at least 24 x 24 px at 390 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for name in ("000_ed60d7a27737539e", "004_fc7e68a7096e41dc"):
        page.goto(url(sample_site, f"documents/{name}.html"))
        sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.reading-text .note-mark'))
            .map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; })""")
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), (name, min(sizes))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".reading-text .note-mark").first.tap()
    assert page.url.endswith("#note-1")
    context.close()


def test_map_labels_are_legible_and_apart_on_a_phone(browser, sample_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(url(sample_site, "places.html"))
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('.map-label'))
        .map(t => t.getBoundingClientRect()).filter(r => r.height > 0).map(r => [r.left, r.top, r.right, r.bottom])""")
    assert len(boxes) >= 5
    assert all(bottom - top >= 10 for _, top, _, bottom in boxes)  # 12 px type at 1400 px is some 11 px here, not 6
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1]
    assert not overlaps
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
