"""The sample edition: its committed TEI is what `variorum encode` makes, and it is valid TEI."""

import pytest
from lxml import etree

from variorum.authority import load_registry
from variorum.config import load_edition
from variorum.encode import encode_bytes

from conftest import FIXTURES, REPO

EDITION = load_edition(REPO)
SOURCES = sorted(EDITION.sources_dir.glob("*.txt"))


def test_the_sample_edition_has_both_seed_texts():
    assert [s.name for s in SOURCES] == ["000_ed60d7a27737539e.txt", "004_fc7e68a7096e41dc.txt"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_committed_tei_is_what_encode_makes(source, golden):
    """A golden file outside tests/golden/ (see its README): the sample edition is its own case."""
    registry = load_registry([EDITION.authority_dir])
    golden(encode_bytes(source.read_bytes(), str(source.relative_to(REPO)), registry), EDITION.tei_dir / f"{source.stem}.xml",
           f"a fresh encoding of sources/{source.name}")


def _all_tei_the_toolchain_makes() -> list[tuple[str, bytes]]:
    documents = [(p.name, p.read_bytes()) for p in sorted(EDITION.tei_dir.rglob("*.xml"))]
    registry = load_registry([FIXTURES / "registers" / "register.xml"])
    for witness in sorted((FIXTURES / "witnesses").glob("*.txt")):
        documents.append((witness.name, encode_bytes(witness.read_bytes(), witness.name, registry)))
    return documents


@pytest.mark.parametrize("name, data", _all_tei_the_toolchain_makes(), ids=lambda v: v if isinstance(v, str) else "")
def test_valid_against_tei_all(name, data, tei_all_schema):
    document = etree.fromstring(data)
    assert tei_all_schema.validate(document), f"{name}: {tei_all_schema.error_log}"


def test_every_pointer_resolves_inside_the_document():
    for path in sorted(EDITION.tei_dir.glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        ids = set(root.xpath("//@xml:id"))
        pointers = root.xpath("//@ref | //@edRef | //@target | //@corresp")
        local = [p[1:] for p in pointers if p.startswith("#")]
        assert local and set(local) <= ids, f"{path.name}: dangling {set(local) - ids}"
