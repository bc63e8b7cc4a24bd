"""`variorum serve`: a real server on 127.0.0.1, its reload channel, and a real browser following edits within seconds."""
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from variorum.cli import main

from conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture
def served(tmp_path):
    """A new edition served by `variorum serve --port 0 --no-pdf`: (edition folder, URL, the server's stderr lines)."""
    edition = tmp_path / "edition"
    assert main(["new", str(edition), "--title", "Served"]) == 0
    example = (edition / "sources" / "example-letter.txt").read_text()
    (edition / "sources" / "second-letter.txt").write_text(example.replace("3rd March", "4th March").replace("Wien", "Praha"))
    process = subprocess.Popen([sys.executable, "-m", "variorum", "serve", str(edition), "--port", "0", "--no-pdf"],
                               cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    found = threading.Event()

    def read():
        for line in process.stderr:
            lines.append(line)
            if "serving " in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert found.wait(60), "".join(lines)
        url = re.search(r"http://127\.0\.0\.1:\d+/", "".join(lines)).group(0)
        yield edition, url, lines
    finally:
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(30) == 0, "".join(lines)
        finally:
            if process.poll() is None:
                process.kill()
    assert "Traceback" not in "".join(lines)


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_until(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def shows(page, words: str, seconds: float = 20) -> bool:
    """Whether the page comes to show `words` (read from outside: the site's CSP allows no eval, rightly)."""
    def now() -> bool:
        try:
            return words in page.locator("body").inner_text(timeout=2000)
        except Exception:  # the page is being reloaded
            return False

    return wait_until(now, seconds)


def test_serve_builds_serves_and_follows_a_change_over_http(served):
    edition, url, lines = served
    page = get(url + "documents/example-letter.html")
    assert "libraries are warm" in page and '/__variorum__/reload.js" data-build="1"' in page
    assert "connect-src 'self'" in page  # the reload channel may connect; the files on disk are the build's:
    site_page = (edition / ".variorum" / "site" / "documents" / "example-letter.html").read_text()
    assert "__variorum__" not in site_page and "connect-src 'none'" in site_page
    assert get(url + "__variorum__/reload.js").startswith("// variorum serve")
    with urllib.request.urlopen(url + "__variorum__/events", timeout=30) as events:
        assert events.readline() == b"data: 1\n"
        events.readline()
        source = edition / "sources" / "example-letter.txt"
        source.write_text(source.read_text().replace("libraries are warm", "libraries are very warm"))
        assert events.readline() == b"data: 2\n"  # one build for the change, said on the channel
    assert "libraries are very warm" in get(url + "documents/example-letter.html")
    assert sorted(p.name for p in (edition / "tei").iterdir()) == ["authority"]  # serve never writes the TEI
    assert sorted(p.name for p in (edition / "sources").iterdir()) == ["example-letter.txt", "second-letter.txt"]


def test_a_browser_page_follows_edits_breakage_and_repair(served):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make test installs Debian's chromium)")
    edition, url, lines = served
    document = edition / "tei" / "example-letter.xml"
    assert main(["encode", str(edition / "sources" / "example-letter.txt"), "--out", str(edition / "tei"),
                 "--authority", str(edition / "tei" / "authority")]) == 0
    good = document.read_text()
    assert wait_until(lambda: sum("publish:" in line for line in lines) >= 2)  # built again with the TEI
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "documents/example-letter.html")
        assert "libraries are warm" in page.inner_text(".reading-text")
        started = time.monotonic()
        document.write_text(good.replace("libraries are warm", "libraries are glowing"))
        assert shows(page, "libraries are glowing")
        followed = time.monotonic() - started
        broken = good.replace("</salute>", "</salut>")
        document.write_text(broken)
        assert shows(page, "not well-formed")
        line = next(n for n, text in enumerate(broken.splitlines(), 1) if "</salut>" in text)
        assert re.search(rf"example-letter\.xml:{line}:\d+", page.inner_text(".diagnostics"))
        assert "second-letter.html" in get(url + "places.html")  # the rest of the edition stays browsable
        document.write_text(good)
        assert shows(page, "libraries are warm")
        assert page.locator(".reading-text").count() == 1
        browser.close()
    assert errors == []
    assert followed < 15, f"the page followed the edit after {followed:.1f} s"
    assert document.read_text() == good  # only the test wrote it
