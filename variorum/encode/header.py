"""The teiHeader of an encoded witness: title, sources, correspondence, classification."""
from __future__ import annotations

import re
from pathlib import PurePath

from lxml import etree

from variorum.authority import Entity, NameIndex
from variorum.encode.dates import parse_date
from variorum.encode.read import Witness
from variorum.xmlio import XML_ID, tei


def sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tei(tag), {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


EDITORIAL_DECLARATION = (
    "Encoded by variorum from a plain-text witness. Square brackets of the witness are editorial insertions "
    "(supplied); page markers of the printed source are page beginnings (pb); names are linked to the registers "
    "in standOff, variant spellings kept as orig beside their regular form (reg); dates are normalised to ISO 8601."
)


def _person(name: str | None, index: NameIndex, used: dict[str, Entity]) -> tuple[str, Entity | None] | None:
    """A sender or recipient as written -> (name, entity). `Liu [Shaoqi]` is tried whole and short."""
    if not name:
        return None
    candidates = [re.sub(r"[\[\]]", "", name), re.sub(r"\s*\[[^\]]*\]", "", name), name]
    for candidate in candidates:
        entity = index.lookup(candidate)
        if entity is not None and entity.kind in ("person", "org"):
            used[entity.id] = entity
            return entity.regular.text, entity
    return " ".join(re.sub(r"[\[\]]", "", name).split()), None


def correspondence(witness: Witness, index: NameIndex, used: dict[str, Entity]) -> etree._Element | None:
    """correspDesc: who sent it to whom, and when."""
    sender = _person(witness.sender, index, used)
    recipient = _person(witness.recipient, index, used)
    date = parse_date(witness.date_text) if witness.date_text else None
    if sender is None and recipient is None:
        return None
    desc = etree.Element(tei("correspDesc"))
    sent = sub(desc, "correspAction", type="sent")
    if sender:
        _name(sent, *sender)
    if date:
        sub(sent, "date", " ".join(witness.date_text.split()), when=date.when)
    elif witness.year:
        sub(sent, "date", witness.year, when=witness.year)
    if len(sent) == 0:
        desc.remove(sent)
    if recipient:
        received = sub(desc, "correspAction", type="received")
        _name(received, *recipient)
    return desc


def _name(parent: etree._Element, text: str, entity: Entity | None) -> None:
    tag = entity.name_element if entity else "persName"
    sub(parent, tag, text, ref=f"#{entity.id}" if entity else None)


def document_date(witness: Witness) -> str | None:
    date = parse_date(witness.date_text) if witness.date_text else None
    return date.when if date else None


def header(witness: Witness, sources: list[etree._Element], index: NameIndex, used: dict[str, Entity]) -> etree._Element:
    tei_header = etree.Element(tei("teiHeader"))
    file_desc = sub(tei_header, "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", witness.title)
    sub(sub(file_desc, "publicationStmt"), "p", f"Encoded by variorum from the plain-text witness {PurePath(witness.source).name}.")
    notes = [(kind, text) for kind, text in witness.notes if text]
    if notes:
        notes_stmt = sub(file_desc, "notesStmt")
        for kind, text in notes:
            sub(notes_stmt, "note", text, type=re.sub(r"\W+", "-", kind).strip("-") or None)
    source_desc = sub(file_desc, "sourceDesc")
    if sources:
        source_desc.extend(sources)
    else:
        sub(source_desc, "p", "No source is cited in the witness.")
    encoding_desc = sub(tei_header, "encodingDesc")
    sub(sub(encoding_desc, "editorialDecl"), "p", EDITORIAL_DECLARATION)
    profile_desc = etree.Element(tei("profileDesc"))
    corresp = correspondence(witness, index, used)
    if corresp is not None:
        profile_desc.append(corresp)
    if witness.categories:
        keywords = sub(sub(profile_desc, "textClass"), "keywords")
        for category in witness.categories:
            sub(keywords, "term", category)
    if len(profile_desc):
        tei_header.append(profile_desc)
    return tei_header


def number_sources(sources: list[etree._Element]) -> None:
    """xml:id source-1, source-2 ... in the order the witness cites them."""
    for number, element in enumerate(sources, start=1):
        element.set(XML_ID, f"source-{number}")
