"""TEI unlike the interoperability corpus, written for these tests from the TEI and EpiDoc Guidelines
(tests/fixtures/foreign2/): a forwarded letter, a critical edition with groups and lacunae, a double-endpoint
and a location-referenced apparatus, an EpiDoc inscription, a composite manuscript, a comedy, verse, a
diplomatic transcription. The folder is built as `variorum build` builds it, with the print edition; each
test looks on the page for what the TEI means, not only for its words (text and markup classes), and no link
of the site leads nowhere.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from conftest import FIXTURES, broken_local_links, build_with_pdf

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint", reason="WeasyPrint is needed for the print edition")

FOLDER = FIXTURES / "foreign2"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list]:
    return build_with_pdf(FOLDER, tmp_path_factory)


def page(built, name: str) -> html.HtmlElement:
    """A document's web page, without what its entries say of the print (`l. 12`: tests/test_print_keys.py)."""
    root = html.parse(str(built[0] / "documents" / f"{name}.html")).getroot()
    for said in root.xpath("//span[@class='print-line']"):
        said.drop_tree()
    return root


def words(element) -> str:
    return " ".join(element.text_content().split())


def classes(root, name: str) -> list:
    return root.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def printed(built, name: str) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(built[0] / "pdf" / f"{name}.pdf")).pages).split())


def test_every_document_is_published_with_no_link_leading_nowhere(built):
    site, diagnostics = built
    for path in FOLDER.glob("*.xml"):
        assert (site / "documents" / f"{path.stem}.html").is_file(), path.name
        assert (site / "pdf" / f"{path.stem}.pdf").is_file(), path.name
    assert not broken_local_links(site)
    assert not [d for d in diagnostics if d.rule == "no-rendering-rule"], "an element of these files has no rule"


def test_a_forwarded_letter_says_every_stage_of_its_journey(built):
    root = page(built, "letter-forwarded")
    details = words(classes(root, "correspondence-details")[0])
    for stage in ("Redirected Postamt Weimar, Weimar, 15. März 1871", "Forwarded Anna Lenz, Weimar, zwischen 15. und 16. März 1871",
                  "Received Friedrich Lenz, Dresden, 17. März 1871"):
        assert stage in details
    # The correspondence's own note (note type="forwarding" in correspDesc).
    assert "Forwarding: Von Anna Lenz in Weimar geöffnet" in words(classes(root, "correspondence-notes")[0])
    # The letter is in German, the phrase in French: the page says so (screen readers, hyphenation).
    assert root.xpath("//div[@class='tei-text']/@lang") == ["de"]
    assert root.xpath("//i[@class='foreign']/@lang") == ["fr"]
    assert len(root.xpath("//span[@class='address']/br")) == 4
    # Latin type among German script (not italics); a doubling stroke (mm written once) kept; a postmark's parts apart.
    assert root.xpath("//span[@class='hi latintype']/text()") == ["Copist"]
    assert root.xpath("//span[@class='c gemination']/text()") == ["m\u0304"]
    assert "Dresden 17 3 71 8–9 V" in words(root.xpath("//section[@class='source-note']")[0])
    # A citation ending with its own full stop gets no second one.
    assert ".." not in words(root.xpath("//section[@class='source-note']")[0])


def test_a_critical_edition_keeps_groups_lacunae_and_described_witnesses(built):
    root = page(built, "critical-rdggrp")
    entries = [words(li) for li in root.xpath("//ol[@class='apparatus-list']/li")]
    # rdgGrp: the group's readings by commas, the group's kind before them.
    assert "volunt P] recentiores: volunt omnes L, uolunt omnes M; cupiunt V" in entries[0]
    assert "(lacuna begins) V" in entries[2] and "V deest a concitatius" in entries[2]
    assert "duce P conj. Lucia Ferri] ducem L M (cf. ep. 94.50)" in entries[3]  # lem @type @resp, a wit
    assert "(lacuna ends) vagamur V" in entries[4]
    witnesses = {dt.text_content(): words(dt.getnext()) for dt in root.xpath("//section[@class='witnesses']//dt")}
    # A witness's msDesc: its heading, date of origin and material, not only its shelfmark.
    assert "Codex Parisinus, saec. IX (saec. IX med.)" in witnesses["P"] and "parchment" in witnesses["P"]
    assert "paper" in witnesses["V"]
    assert "(codices recentiores, recc)" in witnesses["L"]  # a nested listWit: the group and its siglum
    assert root.xpath("//div[@class='tei-text']/@lang") == ["la"]


def test_a_double_endpoint_apparatus_is_noted_at_its_anchors_and_a_located_one_listed(built):
    root = page(built, "double-endpoint")
    lines = [words(line) for line in classes(root, "l")]
    assert lines[0] == "1Over the grey hills1 the wanderer goes,"  # line number, words, the note mark at the end anchor
    assert lines[2] == "3he sings of the summer3 he will not see,"
    # The lemmas are not printed a second time as running text in the back.
    assert "grey hills" not in words(root.xpath("//div[@class='tei-back']")[0])
    entries = [words(li) for li in root.xpath("//ol[@class='apparatus-list']/li")]
    assert entries[0] == "1 grey hills A C] hoar hills B" and "C's order breaks the metre." in entries[2]
    # An entry located by line number only (app/@loc) is a line of the apparatus where the edition lists it.
    assert [words(li) for li in root.xpath("//ul[@class='listApp']/li")] == ["4 alder A B] elder C"]


def test_an_inscription_in_leiden(built):
    root = page(built, "inscription")
    original = words(root.xpath("//div[contains(@class, 'cell original')]")[0]).replace("\u0323", "")
    # (line numbers and note marks run into the words in text_content)
    for leiden in ("1D(is) M(anibus)", "2Iuliae [Fel]1icitati", "an-5nos", "XXXIIII [...]", "Sex{s}tus", "maritus [- - -]",
                   "b(ene) m(erenti) f(ecit) vac. 2 «et sibi»",  # a space the stonecutter left; letters cut over others
                   "8h(- - -) s(ibi?) pos[u]3-(!)"):  # unexpanded, uncertain expansion, a word broken off, the editor's (!)
        assert leiden in original, leiden
    assert root.xpath("//span[@class='num']/@title") == ["= 34"]
    assert root.xpath("//span[@class='unclear']/text()") == ["a\u0323e\u0323"]
    assert root.xpath("//div[contains(@class, 'cell original')]/@lang") == ["la"]
    # div type=apparatus: headed, its entries by line; translation beside the text; the object described.
    headings = [words(h) for h in root.xpath("//section[@class='div']/h2")]
    assert headings == ["Apparatus", "Commentary"]
    assert [words(li) for li in root.xpath("//ul[@class='listApp']/li")][1] == "5 XXXIIII] XXXIII CIL"
    description = words(classes(root, "ms-description")[0])
    assert "Support: altar of limestone, the top broken away. 94 × 52 × 41 cm" in description  # a phrase, not labels
    assert "Provenance (found): Found in 1893" in description


def test_a_composite_manuscript_described_part_by_part(built):
    root = page(built, "catalogue")
    description = classes(root, "ms-description")[0]
    parts = description.xpath(".//dt[@class='ms-part-heading']")
    assert [words(p) for p in parts] == ["Part I (fols 1–58)", "Part II (fols 59–96)"]
    first = words(parts[0].getnext())
    for said in ("Contents 1. fols 1r–30v Edmund of Abingdon, Speculum ecclesie.", "Rubric: Incipit speculum sancti Edmundi",
                 "Incipit: Videte vocacionem vestram", "Explicit: in secula seculorum amen", "Colophon: Explicit speculum ecclesie.",
                 "Note: Only parts 2 and 4.", "Decoration (initial): Two-line blue initials", "Date of origin (1240–1270): s. xiii med.",
                 "Layout: 1 column, 24 written lines", "Incipit (defective): Recti diligunt te"):
        assert said in first, said
    whole = words(description)
    for said in ("formerly Phillipps 3344", "Binding (1800–1850): Brown calf", "Provenance (1450–1500): Owned by John Stokes",
                 "Material: parchment"):
        assert said in whole, said
    assert description.xpath(".//span[@class='ms-title'][@lang='la']/text()") == ["Speculum ecclesie"]
    assert description.xpath(".//div[contains(@class, 'incipit')]/span[@lang='enm']")


def test_a_comedy_keeps_its_cast_and_stage_directions(built):
    root = page(built, "drama")
    cast = classes(root, "castList")[0]
    assert words(cast.xpath(".//li[@class='castItem']")[0]) == "Hob, a miller — Mr. Quick"
    assert [words(g.xpath("p")[0]) for g in cast.xpath(".//li[@class='castGroup']")] == ["Villagers"]
    assert not root.xpath("//ul/h1 | //ul/h2 | //p//p"), "a heading in a list, a paragraph in a paragraph"
    aside = root.xpath("//p/span[@class='stage'][@data-type='aside']")
    assert [words(a) for a in aside] == ["Aside."] and "And so should I be." in words(aside[0].getparent())
    assert words(classes(root, "set")[0]) == "The scene: a mill by a river."


def test_verse_keeps_stanzas_caesurae_rhymes_and_split_lines(built):
    root = page(built, "verse")
    label = words(classes(root, "lg-label")[0])
    assert label == "1 abab -+|-+|-+|-+"
    assert len(classes(root, "caesura")) == 2
    assert [r.text_content() for r in classes(root, "rhyme-label")] == ["b", "a", "b"]
    split = classes(root, "part-F")[0]
    assert words(split) == "he rests beneath the leaf." and not split.xpath(".//span[@class='line-number']")
    assert root.xpath("//section[@data-type='poem'][2]/@lang") == ["de"]


def test_a_diplomatic_transcription_shows_every_intervention(built):
    root = page(built, "transcription")
    assert root.xpath("//del[contains(@class, 'strikethrough')]/text()") == ["six"]
    assert root.xpath("//ins[contains(@class, 'above')]/text()") == ["eight", "much better"]
    assert root.xpath("//ins[contains(@class, 'margin')]/@title") == ["added in the margin by A later pencil hand, perhaps her son's."]
    assert words(classes(root, "handShift")[0]) == "[pencil:]"
    assert root.xpath("//span[@class='damage']/@title") == ["damaged in the source (water)"]
    assert root.xpath("//span[@class='unclear']/@title") == ["unclear in the source (faded)"]
    assert [words(g) for g in classes(root, "described")] == ["[2 words illegible]", "[half a page lost]"]
    assert root.xpath("//span[contains(@class, 'orig sic')]/text()") == ["markit"]
    assert root.xpath("//span[contains(@class, 'reg expan')]/text()") == ["Mister"]
    # A picture inside the folder copied beside the page; one outside it or missing: a word, never a dead link.
    images = root.xpath("//figure/img/@src")
    assert images == ["../facsimile/transcription/graphic-001-plate.png"]
    assert (built[0] / "facsimile" / "transcription" / "graphic-001-plate.png").is_file()
    assert [words(s) for s in classes(root, "missing")] == ["[picture]", "[picture]"]
    warned = sorted(d.message for d in built[1] if d.rule == "graphic-image")
    assert len(warned) == 2 and "lies outside the edition's folder" in warned[0] and "does not exist" in warned[1]


def test_the_print_edition_says_the_same(built):
    inscription = printed(built, "inscription")
    for leiden in ("D(is) M(anibus)", "[Fel]", "Sex{s}tus", "maritus [- - -]", "b(ene) m(erenti) f(ecit)", "Apparatus",
                   "5 XXXIIII] XXXIII CIL", "Translation", "Provenance (found): Found in 1893"):
        assert leiden in inscription, leiden
    edition = printed(built, "critical-rdggrp")
    for said in ("volunt P] recentiores: volunt omnes L, uolunt omnes M; cupiunt V", "duce P conj. Lucia Ferri] ducem L M",
                 "duce] (lacuna ends) vagamur add. V", "Codex Parisinus, saec. IX (saec. IX med.)", "(codices recentiores, recc)"):
        assert said in edition, said
    assert not re.search(r"94\.50\)\]", edition), "an empty lemma keyed to a word of the witness note"


def test_a_papyrus_keeps_its_sides_signs_and_numerals(built):
    root = page(built, "papyrus")
    sides = root.xpath("//section[@data-type='textpart']/h3")
    assert [words(h) for h in sides] == ["r", "v"]
    assert root.xpath("//span[@class='g']/text()") == ["⳨"] and root.xpath("//span[@class='g']/@title") == ["stauros"]
    assert root.xpath("//span[@class='hi supraline']/text()") == ["ιβ"]  # a numeral's stroke, not italics
    erased = root.xpath("//del[contains(@class, 'erasure')]")[0]
    assert words(erased) == "⟦καὶ⟧" and erased.get("title") == "deleted (erasure)"
    # Supplied by the editor because the scribe left it out: ⟨ ⟩ in the text and in its apparatus entry.
    assert "⟨τὸν⟩" in words(classes(root, "cell")[0])
    assert "⟨τὸν⟩ supplied by the editor" in [words(li).split(" ", 1)[1] for li in root.xpath("//ol[@class='apparatus-list']/li")]
    assert "- - - - - -" in words(classes(root, "lines")[0])  # two lost lines


def test_prose_with_notes_tables_glossaries_and_milestones(built):
    root = page(built, "prose-notes")
    assert words(root.xpath("//table/caption")[0]) == "The three scales" and [th.text for th in root.xpath("//table//th")] == ["Kind", "Ratio"]
    assert [dt.text for dt in root.xpath("//dl[contains(@class, 'gloss')]/dt")] == ["Meridian", "Parallel"]
    assert root.xpath("//span[@class='milestone']/text()") == ["[2.1]"]
    assert not root.xpath("//blockquote//blockquote | //table/h2 | //table/h3 | //ul/span"), "markup a browser mends"
    assert words(classes(root, "cit-source")[0]) == "Ptolemy, Almagest 1.6" and root.xpath("//div[@class='quote']/@lang") == ["la"]
    assert root.xpath("//a[@class='ref']/@href") == ["#t1", "#n1"]
    # The page image of a pb/@facs inside the folder is copied and shown beside the text.
    assert root.xpath("//figure[@class='surface']/img/@src") == ["../facsimile/prose-notes/001-plate.png"]


def test_a_greek_edition_names_the_witness_that_begins_and_ends(built):
    root = page(built, "greek-edition")
    entries = [words(li).split(" ", 1)[1] for li in root.xpath("//ol[@class='apparatus-list']/li")]
    assert entries[0] == "(B begins) ὁ σοφὸς A] om. B"
    assert entries[1] == "οὐσίαν Stob] οὐσίην A → οὐσίαν A corr."  # varSeq: the witness's readings in their order
    assert entries[2] == "καὶ emend. Mavros] κἂν A B cf. Democr. fr. 171"
    assert entries[3] == "ἔξω A] (B ends) ἔξωθεν B"
    assert root.xpath("//div[@class='tei-text']/@lang") == ["grc"]


def test_a_reply_links_the_letter_it_answers_and_says_where_its_note_stands(built):
    root = page(built, "letter-reply")
    context = [(words(li.xpath("span")[0]), li.xpath("a/@href")) for li in root.xpath("//ul[@class='correspondence-context']/li")]
    assert context == [("Previous letter:", ["letter-forwarded.html"]), ("Reply to:", ["letter-forwarded.html"])]
    assert "Enclosure: Beilage: die Abschrift der Winterreise" in words(classes(root, "correspondence-notes")[0])
    note = root.xpath("//ol[@class='apparatus-list']/li")[0]
    assert words(note) == "1 in the margin: am Rand: con amore" and note.xpath(".//i[@lang='it']")


def test_names_inside_names_and_rendered_blocks(built):
    root = page(built, "letter-reply")
    outer = root.xpath("//a[contains(@class, 'persName')][.//span[contains(@class, 'nested')]]")
    assert len(outer) == 1 and not outer[0].xpath(".//a"), "a link inside a link"
    inner = outer[0].xpath(".//span[contains(@class, 'nested')]")[0]
    assert inner.text_content() == "die beiden Damen" and inner.get("id").startswith("name-")
    # Both persons' index entries point at their occurrence (the dead-link test checks the anchors).
    persons = html.parse(str(built[0] / "persons.html")).getroot()
    assert persons.xpath(f"//a[@href='documents/letter-reply.html#{inner.get('id')}']")
    assert root.xpath("//p[contains(@class, 'signed')][contains(@class, 'rend-right')]")
    assert root.xpath("//p[contains(@class, 'rend-center')]/text()") == ["* * *"]
