"""Letters -> CMIF 1.1, the Correspondence Metadata Interchange Format that correspSearch harvests.

One TEI file for all the letters given:

    teiHeader/fileDesc/titleStmt       title and editors (edition.toml)
    teiHeader/fileDesc/publicationStmt publisher, the file's URL, its date (SOURCE_DATE_EPOCH or the
                                       newest input, never the clock), the licence (licence_url)
    teiHeader/fileDesc/sourceDesc/bibl[@type='online'][@xml:id]   the edition; the id a UUID made
                                       from the edition's URL or title, so it is the same every run
    teiHeader/profileDesc/correspDesc  one per letter: @ref its page (BASE_URL/documents/<id>.html),
                                       @source '#' + the bibl's id; correspAction sent and received
                                       with the names in their regular form, @ref an authority URI
                                       from the register (or none: never made up), places, dates

A document without correspDesc is no letter: it is skipped with a note. A CMIF
file given as input keeps its letters' @ref and sources (its bibl is copied),
so CMIF files can be merged.
"""
from __future__ import annotations

import uuid
from copy import deepcopy

from lxml import etree

from variorum.diagnostics import InputError
from variorum.document import dating, occurrence_key
from variorum.encode.dates import parse_date
from variorum.diagnostics import Reporter
from variorum.export.documents import (
    Document,
    Settings,
    authority_uri,
    text_of,
    uris_of_ref,
)
from variorum.xmlio import TEI_NS, XML_ID, serialize_tei, sub, tei

ACTIONS = ("sent", "received")
PARTY_TAGS = {tei("persName"): "persName", tei("orgName"): "orgName", tei("name"): "persName", tei("rs"): "persName"}
PLACE_TAGS = (tei("placeName"), tei("settlement"))
KIND_OF_ELEMENT = {"persName": "person", "orgName": "org", "placeName": "place"}


def edition_id(settings: Settings, title: str) -> str:
    """The UUID of the edition's bibl: from its URL, else its title, so every export gives the same.

    An xml:id must be an NCName, so a UUID that would begin with a digit is made
    again from the seed and a counter until one begins with a letter (a-f)."""
    seed = settings.base_url or f"urn:variorum:edition:{title}"
    candidate = str(uuid.uuid5(uuid.NAMESPACE_URL, seed))
    counter = 0
    while not candidate[0].isalpha():
        counter += 1
        candidate = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}#{counter}"))
    return candidate


def _name(element: etree._Element, document: Document, tag: str) -> tuple[str, str, str | None] | None:
    """A name of a correspAction -> (element name, text in the regular form, authority URI or None)."""
    entity = document.entity(element)
    if entity is not None:
        tag = entity.name_element
        return tag, entity.regular.text, authority_uri(entity.uris, entity.kind)
    # No register entry: the name's words, else (an empty name with @key or @ref) the words the text uses for it.
    text = text_of(element) or document.first_forms.get(occurrence_key(element), "")
    if not text:
        return None
    return tag, text, authority_uri(uris_of_ref(element), KIND_OF_ELEMENT[tag])


def _action(action: etree._Element | None, kind: str, document: Document, dateline_places: list[etree._Element],
            report: Reporter) -> etree._Element | None:
    out = etree.Element(tei("correspAction"), type=kind)
    sources = list(action) if action is not None else []
    for element in sources:
        if element.tag in PARTY_TAGS:
            tag = "orgName" if element.tag == tei("name") and "org" in (element.get("type") or "") else PARTY_TAGS[element.tag]
            name = _name(element, document, tag)
            if name:
                sub(out, name[0], name[1], ref=name[2])
    places = [e for e in sources if e.tag in PLACE_TAGS] or (dateline_places if kind == "sent" else [])
    for element in places:
        name = _name(element, document, "placeName")
        if name:
            sub(out, "placeName", name[1], ref=name[2])
    for element in (e for e in sources if e.tag == tei("date")):
        attributes = dating(element)
        if not attributes and text_of(element):
            found = parse_date(text_of(element))
            attributes = {"when": found.when} if found else {}
        if attributes:
            sub(out, "date", None, **attributes)
        else:
            report.note(f"the {kind} date '{text_of(element)}' has no date CMIF can read (@when, @notBefore ...): left out",
                        document.path, element.sourceline, rule="cmif")
    return out if len(out) else None


def _dateline_places(document: Document, letters: int) -> list[etree._Element]:
    """Where a letter says it was written: the place in its dateline (only for a file of one letter)."""
    if letters != 1:
        return []
    return document.xpath("tei:text//tei:dateline//tei:placeName[@ref][1]")[:1]


def _letter(desc: etree._Element, document: Document, settings: Settings, bibl_id: str, foreign_bibls: dict,
            letters: int, report: Reporter) -> etree._Element | None:
    ref = desc.get("ref") if (desc.get("ref") or "").startswith(("http://", "https://")) else settings.page(document)
    source = bibl_id
    own_source = (desc.get("source") or "").lstrip("#")
    if own_source:
        bibl = document.source(own_source)
        if bibl is not None and bibl.tag == tei("bibl") and bibl.get("type") in ("online", "print", "hybrid"):
            foreign_bibls.setdefault(own_source, bibl)
            source = own_source
    out = etree.Element(tei("correspDesc"), {"ref": ref} if ref else {})
    if desc.get("key"):  # the letter's number in a printed edition (CMIF keeps it in @key)
        out.set("key", desc.get("key"))
    out.set("source", f"#{source}")
    places = _dateline_places(document, letters)
    for kind in ACTIONS:
        actions = desc.findall(f"{tei('correspAction')}[@type='{kind}']")
        merged = None
        for action in actions or [None]:
            made = _action(action, kind, document, places, report)
            if made is not None:
                if merged is None:
                    merged = made
                else:
                    merged.extend(list(made))
        if merged is None:
            report.note(f"the letter names no {'sender' if kind == 'sent' else 'recipient'} "
                        f"(CMIF needs correspAction type='{kind}'): skipped", document.path, desc.sourceline, rule="cmif")
            return None
        out.append(merged)
    return out


def _header_values(documents: list[Document], path: str) -> list[str]:
    values: list[str] = []
    for document in documents:
        for value in document.xpath(path):
            value = text_of(value) if isinstance(value, etree._Element) else " ".join(str(value).split())
            if value and value not in values:
                values.append(value)
    return values


def cmif(documents: list[Document], settings: Settings, report: Reporter) -> bytes:
    """The CMIF file of every letter among `documents`."""
    letters: list[etree._Element] = []
    foreign_bibls: dict[str, etree._Element] = {}
    edition = settings.edition
    senders = [d for d in documents if d.xpath("tei:teiHeader/tei:profileDesc/tei:correspDesc")]
    title = (edition.title if edition else "") or (
        senders[0].title if len({d.path for d in senders}) == 1 else "") or "Letters"
    bibl_id = edition_id(settings, title)
    for document in documents:
        descs = document.xpath("tei:teiHeader/tei:profileDesc/tei:correspDesc")
        if not descs:
            report.note("not a letter (no correspDesc): skipped", document.path, rule="cmif")
            continue
        for desc in descs:
            letter = _letter(desc, document, settings, bibl_id, foreign_bibls, len(descs), report)
            if letter is not None:
                letters.append(letter)
    if not letters:
        raise InputError("none of the documents given is a letter with a sender and a recipient (correspDesc); no CMIF written")

    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    file_desc = sub(sub(root, "teiHeader"), "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", title)
    editors = list(edition.editors) if edition and edition.editors else _header_values(senders, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:editor")
    if not editors:
        report.note("no editor is known (set [edition] editors in edition.toml); the CMIF says 'not stated'", rule="cmif")
        editors = ["not stated"]
    for editor in editors:
        sub(title_stmt, "editor", editor)

    publication = sub(file_desc, "publicationStmt")
    publishers = [edition.publisher] if edition and edition.publisher else _header_values(senders, "tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:publisher")
    for name in publishers or [", ".join(editors)]:
        publisher = sub(publication, "publisher")
        if settings.base_url:
            sub(publisher, "ref", name, target=settings.base_url)
        else:
            publisher.text = name
    sub(publication, "idno", f"{settings.base_url}/{settings.out.name}" if settings.base_url else settings.out.name, type="url")
    sub(publication, "date", None, when=settings.date.strftime("%Y-%m-%dT%H:%M:%SZ"))
    availability = sub(publication, "availability")
    licence_url = edition.licence_url if edition and edition.licence_url else next(
        iter(_header_values(senders, "tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence/@target")), "")
    if licence_url:
        licence_name = edition.licence if edition and edition.licence else licence_url
        sub(availability, "licence", f"This file is licensed under the terms of {licence_name}.", target=licence_url)
    else:
        report.note("no licence is known (set [edition] licence_url in edition.toml); correspSearch harvests only "
                    "files under CC BY or CC0", rule="cmif")
        sub(availability, "p", "No licence is stated.")

    source_desc = sub(file_desc, "sourceDesc")
    bibl = sub(source_desc, "bibl", None, type="online")
    bibl.set(XML_ID, bibl_id)
    sub(bibl, "title", title).tail = ". Edited by "
    for number, editor in enumerate(editors):
        sub(bibl, "editor", editor).tail = ", " if number < len(editors) - 1 else "."
    if settings.base_url:
        bibl[-1].tail += " "
        sub(bibl, "ref", settings.base_url, target=settings.base_url)
    for foreign_id, foreign in foreign_bibls.items():
        if foreign_id != bibl_id:
            copy = deepcopy(foreign)
            copy.tail = None
            source_desc.append(copy)

    profile = sub(root[0], "profileDesc")
    profile.extend(letters)
    sub(sub(sub(root, "text"), "body"), "p")
    return serialize_tei(root)
