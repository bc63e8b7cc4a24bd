"""What a page shows of a TEI document's text, for the no-loss tests of the web and the print edition.

The text without the registers it carries beside words of its own (persons, places, works: the indexes show
them) and without what the rule table deliberately leaves out of the reading text (xslt/coverage.toml's
"omitted": index entries, interpretations); the bibliographies of the text outside its back are cited in the
page's sources instead.
"""
from __future__ import annotations

import copy

from lxml import etree

from variorum.render.coverage import coverage
from variorum.xmlio import TEI_NS

TEI = {"tei": TEI_NS}
REGISTERS = " or ".join(f"self::tei:{name}" for name in
                        ("listPerson", "listPlace", "listOrg", "listBibl", "listEvent", "listNym", "listRelation", "listObject"))


def set_aside(text: etree._Element) -> list[etree._Element]:
    """The registers a text carries beside words of its own."""
    lists = text.xpath(f".//*[{REGISTERS}][not(ancestor::*[{REGISTERS}])]", namespaces=TEI)
    own = text.xpath(f"boolean(.//text()[normalize-space()][not(ancestor::*[{REGISTERS}])])", namespaces=TEI)
    return lists if own else []


def shown_text(root: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """(what the page's text part shows: copies of the texts without their registers, the bibliographies cited as sources).

    For a TEI file without a text (a register) all but the header; for another vocabulary, everything."""
    texts = (root.xpath("//tei:text[not(ancestor::tei:text)]", namespaces=TEI)
             or root.xpath("/tei:*/*[not(self::tei:teiHeader)]", namespaces=TEI)
             or [root])
    texts = [copy.deepcopy(t) for t in texts]
    omitted = [f"{{{TEI_NS}}}{name}" for name, entry in coverage().items() if entry.rendering == "omitted"]
    bibliographies = []
    for text in texts:
        for element in list(text.iter(*omitted)):
            if element is not text and element.getparent() is not None:
                element.getparent().remove(element)
        for register in set_aside(text):
            if etree.QName(register).localname == "listBibl" and not register.xpath("ancestor::tei:back", namespaces=TEI):
                bibliographies.append(register)
            register.getparent().remove(register)
    return texts, bibliographies
