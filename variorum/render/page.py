"""The page contract: what the stylesheets hand to Python for one document, and the names both sides share.

xslt/page.xsl (the one root template of html.xsl and print.xsl) writes, in no namespace:

    <page>
      <text>        the reading text (HTML)
      <apparatus>   web only: the numbered apparatus entries (HTML li)
      <sources>     <source key="...">: every cited source, formatted (HTML); the key merges duplicates
      <witnesses>   <witness siglum="...">: sigla and descriptions (HTML) of a collated document's witnesses
      <names>       <name id="..." key="..." kind="place|person|org" form="..."/>: every name occurrence,
                    its anchor in the text, the entity it points at (@ref, else @key), the form as written
      <facsimile>   <surface id n url width height><zone id x y w h/></surface>: the page images
                    (variorum.render.facsimile reads them)
      <partner-apparatus>  the views of xslt/witness-views.xsl only: the apparatus of the translation (or
                    original) in another document, shown beside the text with it
    </page>

The views of a collated document and of a translation in another document (xslt/witness-views.xsl) are the
same page made with a parameter: `base_witness` (the text as that witness reads it, the apparatus against it),
`columns` (the witnesses side by side), `partner_document` with `partner_role` (the two documents side by side).

`render_page` runs a stylesheet with the parameters of this contract and reads
that page into `PageParts`; the index pages (web and print) are named in
`INDEXES` and nowhere else: the stylesheets get their file names as a
parameter, the templates as the global `index_pages`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape

from lxml import etree
from markupsafe import Markup

from variorum.diagnostics import Diagnostic
from variorum.document import DocumentSummary, TeiDocument
from variorum.render.coverage import deliberately_plain
from variorum.render.facsimile import Surface, read_surfaces
from variorum.render.xslt import Stylesheets
from variorum.xmlio import tei

# The mark of tei-rules.xsl's default rule on an element it has no rule for: <span class="tei-NAME">.
UNRULED = re.compile(r"tei-([A-Za-z][\w.-]*)")


@dataclass(frozen=True)
class IndexPage:
    """The index of one kind of entity, on the web and on paper."""

    kind: str  # place | person | org
    page: str  # the web page
    heading: str  # its heading and its link in the navigation
    print_id: str  # the printed index's anchor
    print_heading: str
    empty: str  # what an empty printed index says


INDEXES = {
    index.kind: index
    for index in (
        IndexPage("place", "places.html", "Places", "index-places", "Index of places", "No place is named in the documents."),
        IndexPage("person", "persons.html", "Persons", "index-persons", "Index of persons", "No person is named in the documents."),
        IndexPage("org", "organisations.html", "Organisations", "index-organisations", "Index of organisations",
                  "No organisation is named in the documents."),
    )
}

# The stylesheets' parameter naming the index pages: "place=places.html person=... org=...".
INDEX_PAGES = " ".join(f"{kind}={index.page}" for kind, index in INDEXES.items())


@dataclass(frozen=True)
class NameOccurrence:
    anchor: str  # the id of the name in the rendered text
    key: str  # the entity it points at, as written (an id without '#', or a URI)
    kind: str  # place | person | org
    form: str  # the words of the name as written
    paragraph: str = ""  # web: the number of the paragraph it is in ("" when none)
    role: str = ""  # web: "sender" or "recipient" for a correspondent named in the header (its anchor is the header's)


@dataclass
class PageParts:
    text: etree._Element
    apparatus: etree._Element | None
    sources: list[tuple[str, str]]  # (key, citation HTML)
    witnesses: list[tuple[str, Markup]]  # (siglum, description HTML)
    names: list[NameOccurrence]
    facsimile: list[Surface] = field(default_factory=list)
    partner_apparatus: etree._Element | None = None  # a view of two documents: the other one's apparatus

    def text_html(self) -> Markup:
        return Markup(inner_html(self.text))

    def apparatus_html(self) -> Markup:
        return Markup(inner_html(self.apparatus))

    def partner_apparatus_html(self) -> Markup:
        return Markup(inner_html(self.partner_apparatus))

    def entry_kinds(self) -> list[str]:
        """The kinds of the apparatus entries (reading, orthographic, place-name ...), sorted."""
        entries = list(self.apparatus if self.apparatus is not None else []) + list(self.partner_apparatus if self.partner_apparatus is not None else [])
        return sorted({li.get("class").split()[-1] for li in entries if li.get("class", "").startswith("apparatus-entry ")})

    def unruled(self) -> Counter:
        """TEI element name -> how often the default rule rendered it (its text kept, its meaning not shown)."""
        return Counter(match.group(1) for span in self.text.iter("span")
                       if (match := UNRULED.fullmatch(span.get("class") or "")))


@dataclass
class Source:
    """A cited source of the bibliography, with the documents that cite it."""

    html: Markup
    documents: list[DocumentSummary] = field(default_factory=list)


def render_page(stylesheets: Stylesheets, stylesheet: str, document: TeiDocument, parsed=None, **parameters) -> PageParts:
    """One document through html.xsl or print.xsl -> its parts. `parsed`: the document as Saxon parsed it
    (`Stylesheets.parse`), when it is made into several pages."""
    output = stylesheets.transform(stylesheet, parsed or stylesheets.parse(document.root, document.id),
                                   index_pages=INDEX_PAGES, **parameters)
    page = etree.fromstring(output.encode("utf-8"))
    return PageParts(
        text=page.find("text"),
        apparatus=page.find("apparatus"),
        sources=[(s.get("key"), inner_html(s)) for s in page.find("sources")],
        witnesses=[(w.get("siglum"), Markup(inner_html(w).strip())) for w in page.find("witnesses")],
        names=[NameOccurrence(n.get("id"), n.get("key"), n.get("kind"), n.get("form")) for n in page.find("names")],
        facsimile=read_surfaces(page.find("facsimile")),
        partner_apparatus=page.find("partner-apparatus"),
    )


def unrendered_elements(document: TeiDocument, parts: PageParts) -> list[Diagnostic]:
    """A note for each kind of element the rule table has no rule for, at its first occurrence (not one that
    xslt/coverage.toml says is rendered as its words on purpose)."""
    found = []
    plain = deliberately_plain()
    for name, count in sorted(parts.unruled().items()):
        if name in plain:
            continue
        first = next((e for text in document.root.iter(tei("text")) for e in text.iter(tei(name))), None)
        found.append(Diagnostic(document.file, first.sourceline if first is not None else None, None, "info", "no-rendering-rule",
                                f"<{name}> has no rendering rule ({count} time{'s' if count != 1 else ''}): its text is shown, "
                                "its meaning is not"))
    return found


def inner_html(element: etree._Element | None) -> str:
    """The HTML inside an element of the XSLT output, serialised as HTML."""
    if element is None:
        return ""
    parts = [escape(element.text or "")]
    parts += [etree.tostring(child, method="html", encoding="unicode") for child in element]
    return "".join(parts)
