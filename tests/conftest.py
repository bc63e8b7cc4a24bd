"""Shared paths and fixtures of the test suite."""
from __future__ import annotations

import difflib
import signal
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
GOLDEN = REPO / "tests" / "golden"  # <stage>/<case>/input... -> expected... (tests/golden/README.md)
SHARED = REPO.parent / "shared"
TEI_ALL = SHARED / "schemas" / "tei" / "tei_all.rng"
INTEROP = SHARED / "interop"


@pytest.fixture(scope="session")
def tei_all_schema() -> etree.RelaxNG:
    """The official tei_all.rng, compiled once for the whole session (about 9 s)."""
    if not TEI_ALL.is_file():
        pytest.skip(f"tei_all.rng not found at {TEI_ALL} (the shared folder is absent)")
    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The web edition of the sample edition, rendered once for the session."""
    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.render.site import Site
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    out = tmp_path_factory.mktemp("site")
    edition = load_edition(REPO)
    site = Site(edition, out, Stylesheets())
    for path in sorted(edition.tei_dir.glob("*.xml")):
        site.add_document(TeiDocument(path.stem, str(path), read_xml(path).strict().getroot()), path.read_bytes())
    site.finish()
    return out


def build_with_pdf(folder: Path, tmp_path_factory) -> tuple[Path, list]:
    """A fixture edition (a folder of TEI) built with its PDFs: the site and the build's diagnostics."""
    import io

    from variorum.diagnostics import Reporter
    from variorum.pipeline import build

    out = tmp_path_factory.mktemp(folder.name) / "site"
    reporter = Reporter(stream=io.StringIO())
    build(folder, out, pdf=True, reporter=reporter)
    return out, reporter.diagnostics


def broken_local_links(site: Path) -> list[str]:
    """Every link and image of the site's pages that leads nowhere: a local file that is not there, an anchor
    that no element of its page has ("page: url", "page: url (no such anchor)")."""
    import re
    from urllib.parse import unquote, urlsplit

    from lxml import html

    broken, ids = [], {}
    for page in sorted(site.rglob("*.html")):
        for element in html.parse(str(page)).iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if not url or re.match(r"^[a-z]+:", url):
                    continue
                parts = urlsplit(url)
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                if not target.exists():
                    broken.append(f"{page.relative_to(site)}: {url}")
                elif parts.fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = set(html.parse(str(target)).xpath("//@id"))
                    if unquote(parts.fragment) not in ids[target]:
                        broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    return broken


def build_fixture_edition(name: str, tmp_path_factory) -> tuple[Path, list]:
    """A folder of tests/fixtures/ built as `variorum build` builds it (no PDF) -> (the site, the build's diagnostics)."""
    import io

    from variorum.diagnostics import Reporter
    from variorum.pipeline import build

    out = tmp_path_factory.mktemp(name) / "site"
    reporter = Reporter(stream=io.StringIO())
    build(FIXTURES / name, out, pdf=False, reporter=reporter)
    return out, reporter.diagnostics


@pytest.fixture(scope="session")
def test_registry():
    from variorum.authority import load_registry

    return load_registry([FIXTURES / "registers" / "register.xml"])


ACCEPTED = pytest.StashKey[list]()  # (created | rewritten | unchanged, path) of each golden file under --accept-golden


@pytest.fixture
def golden(request):
    """`golden(actual, expected_path, what)`: `actual` (text, kept as UTF-8, or bytes) must be the
    expected file byte for byte. A difference fails with a unified diff (text) or the first byte
    that differs (bytes); a missing expected file fails too, saying how to create it. With
    `pytest --accept-golden` the expected file is written instead, and the session ends with a
    line of what was created and rewritten."""
    config = request.config

    def compare(actual: str | bytes, expected_path: Path, what: str) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        shown = _shown(expected_path, config.rootpath)
        accept = f"`pytest --accept-golden '{request.node.nodeid}'` (or `make accept`)"
        if config.getoption("--accept-golden"):
            outcome = "created" if not expected_path.exists() else \
                "unchanged" if expected_path.read_bytes() == data else "rewritten"
            if outcome != "unchanged":
                expected_path.parent.mkdir(parents=True, exist_ok=True)
                expected_path.write_bytes(data)
            config.stash[ACCEPTED].append((outcome, shown))
        elif not expected_path.is_file():
            pytest.fail(f"{what}: the expected file {shown} is missing; create it with {accept}, "
                        f"then read it before committing it", pytrace=False)
        elif (expected := expected_path.read_bytes()) != data:
            pytest.fail(f"{what} differs from {shown}; if the change is intended, rewrite it with {accept} "
                        f"and read the diff before committing it\n{_difference(expected, data, isinstance(actual, str))}",
                        pytrace=False)

    return compare


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _difference(expected: bytes, actual: bytes, text: bool) -> str:
    """A unified diff of the two texts; for bytes (or an expected file that is not UTF-8), the
    sizes and the first byte where they part, then the diff if both sides are UTF-8 text."""
    try:
        old, new = expected.decode("utf-8"), actual.decode("utf-8")
        diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "expected", "actual"))
    except UnicodeDecodeError:
        diff, text = "", False
    if text:
        return diff
    at = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
    return (f"{len(actual)} bytes where {len(expected)} are expected; the first difference at byte {at}: "
            f"expected {expected[at:at + 32]!r}, actual {actual[at:at + 32]!r}\n{diff}")


def golden_cases(stage: str) -> list[str]:
    """Every case folder of a golden stage (tests/golden/<stage>/<case>/): none is left out for
    lacking a file, so a case without its input or expected file fails instead of vanishing."""
    return sorted(p.name for p in (GOLDEN / stage).iterdir() if p.is_dir())


def pytest_addoption(parser):
    parser.addoption("--accept-golden", action="store_true",
                     help="write the expected golden files (create or rewrite them) from the current output")


def pytest_configure(config):
    config.addinivalue_line("markers", "golden: the test compares with an expected file (it uses the golden fixture)")
    config.stash[ACCEPTED] = []
    # A suite started in the background by a shell without job control (`pytest &`) has SIGINT ignored, and so
    # would every variorum it starts (an ignored signal is inherited): the Ctrl-C and serve tests need Ctrl-C to
    # reach a build as it reaches an editor's. A handler of our own is not inherited: the children get the default.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items):
    for item in items:  # `pytest -m golden` runs the golden tests alone (make accept)
        if "golden" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.golden)


def pytest_terminal_summary(terminalreporter, config):
    if not config.getoption("--accept-golden"):
        return
    accepted = config.stash[ACCEPTED]
    for outcome, shown in accepted:
        if outcome != "unchanged":
            terminalreporter.write_line(f"{outcome}: {shown}")
    counts = {outcome: sum(1 for o, _ in accepted if o == outcome) for outcome in ("created", "rewritten", "unchanged")}
    terminalreporter.write_sep("=", "--accept-golden: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
                               + " expected file" + ("" if len(accepted) == 1 else "s"))
