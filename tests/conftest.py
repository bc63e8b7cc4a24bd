"""Shared paths and fixtures of the test suite."""
from __future__ import annotations

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
    from variorum.render.site import Site
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import parse_xml

    out = tmp_path_factory.mktemp("site")
    edition = load_edition(REPO)
    site = Site(edition, out, Stylesheets())
    for path in sorted(edition.tei_dir.glob("*.xml")):
        site.add_document(path.stem, path.read_bytes(), parse_xml(path).getroot())
    site.finish()
    return out


@pytest.fixture(scope="session")
def test_registry():
    from variorum.authority import load_registry

    return load_registry([FIXTURES / "registers" / "register.xml"])


@pytest.fixture
def golden(request):
    """`golden(actual, expected_path, what)`: fails with a diff where `actual` differs from the
    golden file; with `pytest --accept-golden` (or no file yet) it writes the file first."""
    import difflib

    def compare(actual: str, expected_path: Path, what: str) -> None:
        if request.config.getoption("--accept-golden") or not expected_path.exists():
            expected_path.parent.mkdir(parents=True, exist_ok=True)
            expected_path.write_text(actual, encoding="utf-8")
        expected = expected_path.read_text(encoding="utf-8")
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
        assert not diff, f"{what} changed:\n{diff}"

    return compare


def golden_cases(stage: str) -> list[str]:
    """Every case folder of a golden stage (tests/golden/<stage>/<case>/): none is left out for
    lacking a file, so a case without its input or expected file fails instead of vanishing."""
    return sorted(p.name for p in (GOLDEN / stage).iterdir() if p.is_dir())


def pytest_addoption(parser):
    parser.addoption("--accept-golden", action="store_true", help="rewrite the golden files with the current output")
