"""Views made at build time (xslt/witness-views.xsl): the reading text re-based on a witness with its apparatus
recomputed, the witnesses in parallel columns, a translation in a document of its own beside its original."""
from pathlib import Path

import pytest
from lxml import etree

from conftest import build_fixture_edition
from test_browser import browser, page, url, words_read  # noqa: F401 (fixtures)

from variorum.document import TeiDocument
from variorum.render.page import render_page
from variorum.render.xslt import Stylesheets


@pytest.fixture(scope="module")
def apparatus_site(tmp_path_factory) -> Path:
    return build_fixture_edition("apparatus", tmp_path_factory)[0]


@pytest.fixture(scope="module")
def translation_site(tmp_path_factory) -> tuple[Path, list]:
    return build_fixture_edition("translation", tmp_path_factory)


def entries(locator) -> list[str]:
    return [" ".join(text.split()) for text in locator.all_inner_texts()]


# ------------------------------------------------------------------ the text re-based on a witness

def test_each_witness_has_its_page_linked_from_the_witness_controls(apparatus_site):
    documents = apparatus_site / "documents"
    assert sorted(p.name for p in documents.glob("witnesses~*.html")) == [
        "witnesses~base-A.html", "witnesses~base-B.html", "witnesses~base-C.html", "witnesses~columns.html"]
    html = etree.HTML((documents / "witnesses.html").read_bytes())
    links = html.xpath("//div[@class='controls']//nav[@class='view-links']//a/@href")
    assert links == ["witnesses~base-A.html", "witnesses~base-B.html", "witnesses~base-C.html", "witnesses~columns.html"]


def test_the_text_rebased_on_b_reads_bs_words_and_the_apparatus_lists_as_reading(page, apparatus_site):
    page.goto(url(apparatus_site, "documents/witnesses.html"))
    page.locator(".view-links a", has_text="B").click()
    assert page.url.endswith("documents/witnesses~base-B.html")
    assert " ".join(words_read(page.locator(".reading-text")).split()) == "We arrived at the city today, at last."
    assert entries(page.locator(".apparatus-entry")) == ["1 arrived at B C] reached A", "2 today A B] to-day C", "3 at A B C]"]
    assert page.locator(".view-links a[aria-current='page']").inner_text() == "B"
    # the views stay what they are on the edition's page: the heat map grades against B now (A alone differs)
    assert page.locator("#note-1-at").get_attribute("data-variance") == "0.33"
    page.locator("select[name=witness]").select_option("C")  # the witness view still rebuilds another witness's text
    assert "to-day" in words_read(page.locator(".reading-text"))
    page.locator(".view-links a", has_text="the edition's text").click()
    assert page.url.endswith("documents/witnesses.html")
    assert "We reached the city" in words_read(page.locator(".reading-text"))


def test_the_editions_lemma_without_witnesses_is_a_reading_of_ed():
    """A negative apparatus: the lemma names no witness; re-based on B it is the reading "ed.", and where B has no
    reading of its own it reads the edition's text."""
    tei = etree.fromstring(b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><listWit><witness xml:id="A"/><witness xml:id="B"/></listWit></sourceDesc>
      </fileDesc></teiHeader><text><body><p>Arma <app><lem>virumque</lem><rdg wit="#B">virosque</rdg></app> cano
      <app><lem>Troiae</lem><rdg wit="#A">Troia</rdg></app>.</p></body></text></TEI>""")
    stylesheets = Stylesheets()
    parts = render_page(stylesheets, "html.xsl", TeiDocument("t", "t.xml", tei), base_witness="B")
    shown = "".join(e.text or "" for e in parts.text.iter() if e.get("hidden") is None and e.get("class") in ("lem", None))
    assert "virosque" in shown and "Troiae" in shown
    assert [" ".join("".join(li.itertext()).split()) for li in parts.apparatus] == [
        "1 virosque B] virumque ed.", "2 Troiae] Troia A"]


# ------------------------------------------------------------------ witnesses in columns

def test_witnesses_in_columns_align_the_readings_of_each_app(page, apparatus_site):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(url(apparatus_site, "documents/witnesses.html"))
    page.locator(".view-links a", has_text="the witnesses in columns").click()
    assert page.locator(".witness-columns thead th").all_inner_texts() == ["A", "B", "C"]
    for app in ("note-1", "note-2", "note-3"):
        readings = page.locator(f".witness-columns [data-app='{app}']")
        assert readings.count() == 3
        tops = [r.bounding_box()["y"] for r in readings.all()]
        assert max(tops) - min(tops) <= 2, (app, tops)
        xs = [r.bounding_box()["x"] for r in readings.all()]
        assert xs == sorted(xs) and len(set(xs)) == 3
    cells = page.locator(".witness-columns [data-app='note-1']")
    assert cells.all_inner_texts() == ["reached", "arrived at", "arrived at"]
    assert [c.get_attribute("class") for c in cells.all()] == ["app witness-reading", "app witness-reading differs", "app witness-reading differs"]
    column_text = page.locator(".witness-columns td[data-wit='C']").all_inner_texts()
    assert " ".join(" ".join(column_text).split()) == "We arrived at the city to-day, at last."
    assert page.evaluate("new Set(Array.from(document.querySelectorAll('[id]'), e => e.id)).size") == \
        page.evaluate("document.querySelectorAll('[id]').length")  # no anchor twice


def test_witnesses_in_columns_on_a_phone_one_column_and_a_switch(browser, apparatus_site):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    phone = context.new_page()
    phone.goto(url(apparatus_site, "documents/witnesses~columns.html"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    visible = lambda: [c.get_attribute("data-wit") for c in phone.locator(".witness-columns td").all() if c.is_visible()]  # noqa: E731
    assert set(visible()) == {"A"}
    phone.get_by_label("Witness shown").select_option("B")
    assert set(visible()) == {"B"}
    assert phone.locator(".witness-columns td[data-wit='B'] [data-app='note-1']").inner_text() == "arrived at"
    context.close()


# ------------------------------------------------------------------ a translation in a document of its own

def test_a_translation_pointing_at_its_original_is_shown_beside_it(page, translation_site):
    site, _ = translation_site
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(url(site, "documents/brief-de.html"))  # the original's page leads to it, as the translation's does
    page.locator(".view-links a", has_text="beside its translation").click()
    assert page.url.endswith("documents/brief-en~parallel.html")
    page.goto(url(site, "documents/brief-en.html"))
    page.locator(".view-links a", has_text="beside the original").click()
    assert page.url.endswith("documents/brief-en~parallel.html")
    pairs = page.locator(".parallel .pair")
    assert pairs.count() == 5
    rows = [(p.locator(".cell.original").inner_text().split()[:2], p.locator(".cell.translation").inner_text().split()[:2])
            for p in pairs.all()]
    assert rows == [(["Liebe", "Anna,"], ["Dear", "Anna,"]), (["der", "Zug"], ["the", "train"]),
                    (["Morgen", "fahre"], ["Tomorrow", "I"]), ([], ["[The", "translator:"]), (["Dein", "Karl"], ["Yours,", "Karl"])]
    for pair in pairs.all():
        original, translation = pair.locator(".cell.original"), pair.locator(".cell.translation")
        if original.inner_text().strip() and translation.inner_text().strip():
            assert abs(original.bounding_box()["y"] - translation.bounding_box()["y"]) <= 2
            assert original.bounding_box()["x"] < translation.bounding_box()["x"]
    assert page.locator(".cell.original").first.get_attribute("lang") == "de"
    assert page.locator(".cell.translation").first.get_attribute("lang") == "en"
    # each column its apparatus, below it; the translation's note leads to the translation's entry
    original_notes = page.locator(".parallel-apparatus .original .apparatus-entry")
    translation_notes = page.locator(".parallel-apparatus .translation .apparatus-entry")
    assert entries(original_notes) == ["1 Der Anhalter Bahnhof."]
    assert entries(translation_notes) == ["1 Karl's spelling of the city is Hamburgh in the draft."]
    mark = page.locator(".cell.translation .note-mark")
    mark.hover()
    assert "Hamburgh" in page.locator(".apparatus-popup").inner_text()
    assert abs(translation_notes.first.bounding_box()["y"] - original_notes.first.bounding_box()["y"]) <= 2
    assert page.evaluate("new Set(Array.from(document.querySelectorAll('[id]'), e => e.id)).size") == \
        page.evaluate("document.querySelectorAll('[id]').length")


def test_a_segment_of_two_documents_without_partner_is_a_warning_at_its_line(translation_site):
    _, diagnostics = translation_site
    unpaired = [d for d in diagnostics if d.rule == "unpaired-segment" and Path(d.file).name.startswith("brief")]
    assert [(Path(d.file).name, d.line, d.severity) for d in unpaired] == [("brief-en.xml", 15, "warning")]
    assert "The translator" in unpaired[0].message


def test_the_parallel_view_on_a_phone_one_column_with_its_apparatus(browser, translation_site):  # noqa: F811
    site, _ = translation_site
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    phone = context.new_page()
    phone.goto(url(site, "documents/brief-en~parallel.html"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator(".parallel .cell.original").first.is_visible()
    assert not phone.locator(".parallel-apparatus .translation").is_visible()
    phone.get_by_role("radio", name="translation").check()
    assert phone.locator(".parallel .cell.translation").first.is_visible()
    assert not phone.locator(".parallel .cell.original").first.is_visible()
    assert phone.locator(".parallel-apparatus .translation").is_visible()
    context.close()


def test_no_view_has_a_broken_local_link_and_every_one_is_valid_html5(apparatus_site, translation_site):
    from test_site import test_no_broken_local_link, test_pages_are_valid_html5

    for site in (apparatus_site, translation_site[0]):
        test_no_broken_local_link(site)
        test_pages_are_valid_html5(site)


def test_a_witness_reads_what_its_group_reads():
    """A reading cited by a family's siglum (a witness holding a listWit of its members) is each member's reading."""
    tei = etree.fromstring(b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><listWit><witness xml:id="A"/><witness xml:id="G">a family
      <listWit><witness xml:id="L"/><witness xml:id="M"/></listWit></witness></listWit></sourceDesc>
      </fileDesc></teiHeader><text><body><p>Arma <app><lem wit="#A">virumque</lem><rdg wit="#G">virosque</rdg><rdg wit="#M">viros</rdg></app>
      cano.</p></body></text></TEI>""")
    stylesheets = Stylesheets()
    for siglum, lemma in (("L", "1 virosque G] virumque A; viros M"), ("M", "1 viros M] virumque A; virosque G")):
        parts = render_page(stylesheets, "html.xsl", TeiDocument("t", "t.xml", tei), base_witness=siglum)
        assert [" ".join("".join(li.itertext()).split()) for li in parts.apparatus] == [lemma]


def test_two_documents_pointing_at_each_other_make_one_parallel_view(tmp_path):
    import io
    import shutil

    from conftest import FIXTURES
    from variorum.diagnostics import Reporter
    from variorum.pipeline import build

    for name in ("brief-de.xml", "brief-en.xml"):
        shutil.copy(FIXTURES / "translation" / name, tmp_path / name)
    original = tmp_path / "brief-de.xml"
    original.write_text(original.read_text(encoding="utf-8").replace('xml:lang="de">', 'xml:lang="de" corresp="brief-en.xml">', 1),
                        encoding="utf-8")
    build(tmp_path, tmp_path / "site", pdf=False, reporter=Reporter(stream=io.StringIO()))
    assert sorted(p.name for p in (tmp_path / "site" / "documents").glob("*~*.html")) == ["brief-en~parallel.html"]
    assert "beside its translation" in (tmp_path / "site" / "documents" / "brief-de.html").read_text(encoding="utf-8")


def test_an_app_inside_a_quotation_begins_its_row():
    """Words around an app (a quotation) are cut at it, so that the app begins a row of the columns as any other."""
    tei = etree.fromstring(b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><listWit><witness xml:id="A"/><witness xml:id="B"/></listWit></sourceDesc>
      </fileDesc></teiHeader><text><body><p>He said <quote xml:id="q1">that <app><lem wit="#A">Rome</lem><rdg wit="#B">Roma</rdg></app> was
      <app><lem wit="#A">great</lem><rdg wit="#B">grand</rdg></app> once</quote>.</p></body></text></TEI>""")
    parts = render_page(Stylesheets(), "html.xsl", TeiDocument("t", "t.xml", tei), columns="yes")
    rows = [[" ".join("".join(td.itertext()).split()) for td in tr.iter("td")] for tr in parts.text.iter("tr") if tr.find("td") is not None]
    assert rows == [["He said that", "He said that"], ["Rome was", "Roma was"], ["great once.", "grand once."]]
    quotations = [q for q in parts.text.iter() if "quote" in (q.get("class") or "") or q.tag in ("q", "blockquote")]
    assert len(quotations) == 6  # its three parts, in each column
