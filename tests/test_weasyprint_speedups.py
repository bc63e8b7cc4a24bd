"""variorum.render.weasyprint_speedups: the version gate, its fallback, and the bound in pyproject.toml.

The patched layout writes WeasyPrint's own PDF byte for byte (a small edition: contents,
indexes and footnotes, so every patch is at work), the gate is open for the installed
WeasyPrint, and with the gate shut (another version, a missing internal, an unexpected
layout context) WeasyPrint lays out plain and the print edition says so once.
"""
from __future__ import annotations

import importlib.metadata
import tomllib

import pytest
from markupsafe import Markup

from variorum.config import load_edition
from variorum.render import weasyprint_speedups as speedups
from variorum.document import TeiDocument
from variorum.render.pdf import PrintEdition, Typesetter
from variorum.render.xslt import Stylesheets
from variorum.xmlio import read_xml

from conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "print"


@pytest.fixture(autouse=True)
def fresh_gate(monkeypatch):
    """Each test decides the gate anew and may warn again; the next test finds it as it was."""
    monkeypatch.setattr(speedups, "_warned", False)
    monkeypatch.setattr(speedups, "_unsaid", [])
    speedups.edition_document_class.cache_clear()
    yield
    speedups.edition_document_class.cache_clear()


@pytest.fixture(scope="module")
def edition_page() -> tuple[Typesetter, str]:
    """The HTML of three documents in one (their apparatus at the foot of the pages, page types of
    several sides), and its typesetter: every patch the print edition's layouts use is at work."""
    edition = load_edition(REPO)
    printer = PrintEdition(edition, Stylesheets())
    documents = [TeiDocument(case, case, read_xml(GOLDEN / case / "input.xml").strict().getroot()) for case in ("letter", "notes", "apparatus")]
    printed = printer.print_documents(documents, workers=1)
    typesetter = Typesetter(edition)
    return typesetter, typesetter.page("print/document.html", document=printed[0].summary,
                                       section=Markup("".join(d.section for d in printed)))


def test_gate_is_open_for_the_installed_weasyprint():
    assert speedups.verified(speedups.installed_version()), (
        f"WeasyPrint {speedups.installed_version()} is outside VERIFIED_VERSIONS {speedups.VERIFIED_VERSIONS}")
    assert speedups.missing_internals() == []
    assert speedups.why_plain() is None
    assert speedups.edition_document_class() is not None


@pytest.mark.parametrize("version, expected", [
    ("70.0", True), ("70.0.0", True), ("70.1", False), ("71.0", False), ("69.0", False),
    ("70.0rc1", False), ("70.0.dev0", False), ("70", False), ("unknown", False)])
def test_only_the_verified_final_releases_pass(version, expected, monkeypatch):
    monkeypatch.setattr(speedups, "VERIFIED_VERSIONS", ("70.0",))
    assert speedups.verified(version) is expected


def test_gate_shut_gives_the_same_pdf_and_says_so_once(edition_page, monkeypatch, capsys):
    from weasyprint import Document

    typesetter, page = edition_page
    fast = typesetter.layout(page)
    assert type(fast) is speedups.edition_document_class()  # laid out with the patches
    assert capsys.readouterr().err == ""

    monkeypatch.setattr(speedups, "VERIFIED_VERSIONS", ("0.0",))
    speedups.edition_document_class.cache_clear()
    plain = typesetter.layout(page)
    assert type(plain) is Document  # plain WeasyPrint
    assert len(fast.pages) == len(plain.pages) > 3
    assert typesetter.pdf(fast) == typesetter.pdf(plain)
    typesetter.layout("<p>again</p>")
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1, "the fallback is said once, on one line"
    assert warning.startswith("variorum: warning: WeasyPrint ")
    assert "not a version its speed-ups were verified on (0.0)" in warning and "plain WeasyPrint" in warning


def test_the_fallback_is_a_warning_of_the_builds_reporter(tmp_path, monkeypatch, capsys):
    """Given the build's reporter, the fallback is a Diagnostic (said once), never a bare line on stderr."""
    from variorum.diagnostics import Reporter

    monkeypatch.setattr(speedups, "VERIFIED_VERSIONS", ("0.0",))
    reporter = Reporter("json")
    documents = [TeiDocument("letter", "letter.xml", read_xml(GOLDEN / "letter" / "input.xml").strict().getroot())]
    PrintEdition(load_edition(REPO), Stylesheets(), reporter).write(documents, tmp_path, workers=1)
    assert capsys.readouterr().err == ""
    said = [d for d in reporter.diagnostics if d.rule == "print-speedups"]
    assert len(said) == 1 and said[0].severity == "warning", said
    assert "not a version its speed-ups were verified on (0.0)" in said[0].message and "plain WeasyPrint" in said[0].message
    assert (tmp_path / "pdf" / "letter.pdf").is_file()


def test_indexed_target_lookups_update_the_boxes_weasyprint_updates(monkeypatch):
    """References to anchors named in the CSS (target-counter("#s3", page)) before their targets:
    the boxes waiting for an anchor's page are found by the anchor and laid out again, as WeasyPrint does.
    (The edition's references, target-counter(attr(href)), reach WeasyPrint unnamed and never wait.)"""
    import io

    import pypdf
    from weasyprint import HTML
    from weasyprint.css.targets import TargetCollector

    found = []
    waiting_for = speedups._indexed_target_collector(TargetCollector)._waiting_for
    monkeypatch.setattr(speedups._indexed_target_collector(TargetCollector), "_waiting_for",
                        lambda self, name: found.extend(waiting_for(self, name)) or waiting_for(self, name))
    count = 30
    html = ("<style>@page { size: A7 } h2 { break-before: page } "
            + " ".join(f'#r{n}::after {{ content: target-counter("#s{n}", page) }}' for n in range(count)) + "</style>"
            + "".join(f'<p id="r{n}">Section {n}, page </p>' for n in range(count))
            + "".join(f'<h2 id="s{n}">Section {n}</h2><p>Its text.</p>' for n in range(count)))
    fast = speedups.render(HTML(string=html), None).write_pdf()
    assert len(found) >= count
    assert fast == HTML(string=html).render().write_pdf()
    contents = pypdf.PdfReader(io.BytesIO(fast)).pages[0].extract_text().split()
    first = len(pypdf.PdfReader(io.BytesIO(fast)).pages) - count + 1  # the page of section 0
    assert contents[:4] == ["Section", "0,", "page", str(first)]


@pytest.mark.parametrize("internal", [
    ("weasyprint.css", "StyleFor.no_such_method", None),
    ("weasyprint.no_such_module", "Anything", None),
    ("weasyprint.css.targets", "TargetCollector.cache_target_page_counters", ("self", "anchor_name")),
])
def test_missing_internal_shuts_the_gate(internal, monkeypatch, capsys):
    monkeypatch.setattr(speedups, "INTERNALS", (*speedups.INTERNALS, internal))
    assert speedups.why_plain().startswith(f"WeasyPrint {speedups.installed_version()} lacks ")
    assert speedups.edition_document_class() is None
    from weasyprint import HTML

    speedups.render(HTML(string="<p>text</p>"), None)  # said when the layout is done (to the reporter, if given)
    assert "plain WeasyPrint" in capsys.readouterr().err


def test_unexpected_layout_context_is_laid_out_plain(monkeypatch, capsys):
    """An internal that is there but not as the patches expect: no patch at all, no crash."""
    from weasyprint import HTML

    class Broken:
        def __init__(self, style_for):
            raise AttributeError("'Stylesheet' object has no attribute 'page_rules'")

    monkeypatch.setattr(speedups, "_PageStyles", Broken)
    html = "<style>@page { @top-center { content: counter(page) } }</style>" + "<p>text</p>" * 200
    document = speedups.render(HTML(string=html), None)
    assert len(document.pages) > 1
    assert document.write_pdf() == HTML(string=html).render().write_pdf()
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1 and "layout context is not as expected (@page rules: AttributeError" in warning


def test_pyproject_bounds_weasyprint_to_what_the_gate_covers():
    """The bound admits the installed version and every verified one, and no major newer than the
    newest verified: a release inside the bound but outside the gate is laid out plain (above)."""
    from packaging.requirements import Requirement
    from packaging.version import Version

    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    weasyprint = [Requirement(d) for d in dependencies if Requirement(d).name == "weasyprint"]
    assert len(weasyprint) == 1
    bound = weasyprint[0].specifier
    installed = importlib.metadata.version("weasyprint")
    assert bound.contains(installed), f"WeasyPrint {installed} is outside pyproject's {bound}"
    assert speedups.verified(installed)
    newest = max(Version(v) for v in speedups.VERIFIED_VERSIONS)
    for version in speedups.VERIFIED_VERSIONS:
        assert bound.contains(version), f"VERIFIED_VERSIONS names {version}, which pyproject's {bound} excludes"
    assert not bound.contains(f"{newest.major + 1}.0"), f"{bound} admits a major version the gate has never seen"
    assert not bound.contains("999.0"), f"{bound} has no upper bound"


# A page of ten 20 px lines. The first paragraph (7 lines) calls a footnote 30 px high; the second
# begins on line 8, so its second line overflows the 8½ lines the footnote leaves. Breaking before
# that line would leave the paragraph's first line alone at the foot (orphans: 2).
ORPHAN_AT_THE_FOOT = (
    "<style>@page { size: 200px 200px; margin: 0 } body { margin: 0; font: 10px/20px serif }"
    " p { margin: 0; orphans: 2; widows: 2 } .note { float: footnote; height: 30px; margin: 0; padding: 0 }"
    " ::footnote-call, ::footnote-marker { content: none } @page { @footnote { margin: 0; padding: 0 } }</style>"
    "<p>first<span class='note'>the note</span>" + "<br>line" * 6 + "</p>"
    "<p id='second'>second" + "<br>line" * 4 + "</p>")


def _footnotes_and_lines(document) -> list[tuple[int, bool]]:
    """For each page: its lines of text, and whether its footnote area holds the note."""
    from weasyprint.formatting_structure import boxes

    def descendants(box):
        yield box
        for child in getattr(box, "children", ()):
            yield from descendants(child)

    pages = []
    for page in document.pages:
        found = list(descendants(page._page_box))
        in_area = [text for box in found if isinstance(box, boxes.FootnoteAreaBox)
                   for text in descendants(box) if isinstance(text, boxes.TextBox)]
        lines = [box for box in found if isinstance(box, boxes.LineBox)
                 and not any(box in descendants(area) for area in found if isinstance(area, boxes.FootnoteAreaBox))]
        pages.append((len(lines), any("the note" in t.text for t in in_area)))
    return pages


def test_weasyprint_moves_a_pages_footnote_on_to_keep_a_paragraphs_second_line():
    """WeasyPrint's own way, kept for every layout that does not ask for the rule: the second paragraph's
    first two lines stay on page 1 and the note goes to page 2, away from its call."""
    from weasyprint import HTML

    patched = speedups.render(HTML(string=ORPHAN_AT_THE_FOOT), None)
    assert type(patched) is speedups.edition_document_class()
    assert _footnotes_and_lines(patched) == [(9, False), (3, True)]
    assert patched.write_pdf() == HTML(string=ORPHAN_AT_THE_FOOT).render().write_pdf()


def test_keep_footnotes_keeps_the_note_on_its_page_and_sends_the_paragraph_over():
    """The apparatus keyed by line asks for the rule: the note stays with its call, the second paragraph
    goes whole to page 2 (orphans), and no line is lost."""
    from weasyprint import HTML

    kept = speedups.render(HTML(string=ORPHAN_AT_THE_FOOT), None, keep_footnotes=True)
    assert type(kept).keeps_footnotes and issubclass(type(kept), speedups.edition_document_class())
    assert _footnotes_and_lines(kept) == [(7, True), (5, False)]


def test_keep_footnotes_with_the_gate_shut_is_plain_weasyprint(monkeypatch, capsys):
    """Another WeasyPrint: no rule and no patch, the layout plain (and said), the note where WeasyPrint puts it."""
    from weasyprint import Document, HTML

    monkeypatch.setattr(speedups, "VERIFIED_VERSIONS", ("0.0",))
    plain = speedups.render(HTML(string=ORPHAN_AT_THE_FOOT), None, keep_footnotes=True)
    assert type(plain) is Document
    assert _footnotes_and_lines(plain) == [(9, False), (3, True)]
    assert "plain WeasyPrint" in capsys.readouterr().err


def test_a_weasyprint_whose_footnote_line_changed_is_laid_out_plain(monkeypatch):
    """The rule changes one line of WeasyPrint's source: where that line is not there, the gate shuts."""
    monkeypatch.setattr(speedups, "_DEFERRING", "report = something_else")
    assert "no longer moves footnotes as it did" in speedups.why_plain()
    assert speedups.edition_document_class() is None


def _run_on_notes_book() -> str:
    """Pages dense with notes run on (footnote-display: inline) over several lines of each page's foot, some
    taller than the rest (a superscript, a larger word), one too long for its page: the cases where a page's
    footnote area is laid out again note by note, and where WeasyPrint moves notes on."""
    import random

    rng = random.Random(7)
    words = "the of and telegram comrade delegation treaty railway port question minister".split()
    parts = ["<style>@page { size: 120mm 150mm; margin: 12mm; @footnote { border-top: 0.4pt solid; padding-top: 3pt } }"
             " body { font: 10pt/13pt serif } p { margin: 0; text-align: justify; orphans: 2; widows: 2 }"
             " .n { float: footnote; footnote-display: inline; font-size: 8pt; line-height: 10pt }"
             " .n::after { content: '\\2003' } sup { vertical-align: super; font-size: 6pt } big { font-size: 11pt }</style>"]
    for number in range(24):
        text = []
        for word in range(70):
            text.append(rng.choice(words))
            if word % 9 == 4:
                note = " ".join(rng.choice(words) for _ in range(rng.randint(2, 16 if number != 11 else 160)))
                extra = rng.choice(["", "<i>reg.</i>", "<sup>2</sup>", "<big>Nanking</big>"])
                text[-1] += f'<span class="n">{note} {extra}</span>'
        parts.append(f"<p>{' '.join(text)}.</p>")
    return "".join(parts)


def test_run_on_notes_are_laid_out_from_the_areas_last_line_with_weasyprints_own_pdf(monkeypatch):
    """A page's footnote area, its notes run on, is laid out again for each note from its last line only
    (`_resumed_area_lines`): far fewer lines laid out than plain WeasyPrint, and the same PDF, byte for byte."""
    from weasyprint import HTML
    from weasyprint.layout import inline

    html = _run_on_notes_book()
    counted = {"lines": 0}
    whole = inline.get_next_linebox

    def counting(*args, **kwargs):
        counted["lines"] += 1
        return whole(*args, **kwargs)

    monkeypatch.setattr(inline, "get_next_linebox", counting)
    plain = HTML(string=html).render()
    plain_lines, counted["lines"] = counted["lines"], 0
    resumed = speedups.render(HTML(string=html), None)
    assert type(resumed) is speedups.edition_document_class()
    assert len(resumed.pages) == len(plain.pages) >= 8
    assert counted["lines"] < 0.85 * plain_lines, (counted["lines"], plain_lines)
    assert resumed.write_pdf() == plain.write_pdf()
