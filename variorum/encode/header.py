"""The teiHeader of an encoded witness: title, sources, correspondence, classification."""
from __future__ import annotations

import re
from pathlib import PurePath

from lxml import etree

from dataclasses import dataclass

from variorum.authority import Entity
from variorum.encode.dates import FoundDate, parse_header_date, to_date
from variorum.encode.kinds import CORRESPONDENCE_KINDS, CREATION_KINDS, NAME_PERIOD
from variorum.authority import NameIndex
from variorum.encode.read import Witness
from variorum.xmlio import XML_ID, sub, tei


EDITORIAL_DECLARATION = (
    "Encoded by variorum from a plain-text witness. Square brackets of the witness are editorial insertions "
    "(supplied); page markers of the printed source are page beginnings (pb); names are linked to the registers "
    "in standOff, variant spellings kept as orig beside their regular form (reg); dates are normalised to ISO 8601."
)


# A party whose name says it is a body, not a person (when the registers do not know it).
ORG_WORDS = re.compile(
    r"\b(?:committee|ministry|government|party|bureau|politburo|council|embassy|department|commission|secretariat|"
    r"presidium|delegation|headquarters|command|office|mission|consulate|administration|directorate|army|"
    r"front|people's|republic|union|cc|mfa|cpsu|ccp|cpc|ЦК|МИД)\b", re.IGNORECASE)
# Between parties: ", ", " and ", ", and ", " & ", " и ".
PARTY_BREAK = re.compile(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&|и)\s+")
# A comma-joined part that describes the name before it ("Mao Zedong, Chairman of the CPG").
APPOSITION = re.compile(
    r"^(?:[a-zа-яё]|(?:Chairman|Premier|Minister|Ambassador|Secretary|General|Head|Chief|President|Commander|"
    r"Deputy|Member|Representative|Envoy|Consul|Counsellor|Counselor|Adviser|Advisor|Director|Vice|Acting)\b)")
# What a list of parties ends with that names nobody.
NOT_A_PARTY = re.compile(r"^(?:(?:and\s+)?(?:others|other\s+(?:comrades|members|persons|officials)|all\s+others)|etc\.?|et\s+al\.?)$",
                         re.IGNORECASE)
# An office before the name it describes (`the Soviet Ambassador in Beijing, P.F. Yudin`).
OFFICE = re.compile(
    r"^(?:the\s+)?(?:[A-ZА-ЯЁ][\w'’-]*\s+){0,3}?(?:Chairman|Premier|Minister|Ambassador|Secretary|President|Commander|"
    r"Representative|Envoy|Consul|Counsellor|Counselor|Adviser|Advisor|Director|Chargé|Charge|Head|Chief)\b")
PLACE_AFTER = re.compile(r"^(?P<name>.*?\S)\s*\((?P<place>[^()\[\]]+)\)\s*$")
IN_PLACE = re.compile(r"^(?P<rest>.*?\S)\s+in\s+(?P<place>[A-ZА-ЯЁ][\w'’-]+(?:\s+[A-ZА-ЯЁ][\w'’-]+)?)\s*$")


@dataclass
class Party:
    """One correspondent or participant: as written, the entity chosen, the place given with it."""

    text: str
    entity: Entity | None = None
    candidates: tuple[Entity, ...] = ()
    place: str | None = None
    place_entity: Entity | None = None

    @property
    def element(self) -> str:
        if self.entity is not None:
            return self.entity.name_element
        return "orgName" if ORG_WORDS.search(self.text) else "persName"

    @property
    def shown(self) -> str:
        """The element's text: the regular form of a known entity, else the name as written."""
        if self.entity is not None:
            return self.entity.regular.text
        text = " ".join(re.sub(r"[\[\]]", "", self.text).split())
        return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE) or text


def _top_level_breaks(text: str) -> list[tuple[int, int, str]]:
    """The party breaks outside brackets: (start, end, the separator)."""
    depth_at = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        depth_at.append(depth)
    return [(m.start(), m.end(), m.group()) for m in PARTY_BREAK.finditer(text) if depth_at[m.start()] == 0]


def _resolve(text: str, index: NameIndex) -> tuple[Entity | None, tuple[Entity, ...]]:
    """A name as written -> (the one entity, or None; the candidates). `Liu [Shaoqi]` is tried whole and short."""
    tried = []
    for candidate in (re.sub(r"[\[\]]", "", text), re.sub(r"\s*\[[^\]]*\]", "", text), text):
        if candidate in tried or not candidate.strip():
            continue
        tried.append(candidate)
        found = tuple(e for e in index.candidates(candidate) if e.kind in ("person", "org"))
        if len(found) == 1:
            return found[0], found
        if found:
            return None, found
    return None, ()


def _place(text: str, index: NameIndex) -> Entity | None:
    places = [e for e in index.candidates(text) if e.kind == "place"] if index.whole(text) else []
    return places[0] if len(places) == 1 else None


def _without_office(piece: str) -> str:
    """`Yu. Tsedenbal. General Secretary of the MPRP` -> `Yu. Tsedenbal`: an office written after the
    name's period describes the party; it names no other one."""
    for period in NAME_PERIOD.finditer(piece):
        if APPOSITION.match(piece[period.end():]) and not piece[period.end()].islower():
            return piece[:period.start()].strip()
    return piece


def split_parties(text: str | None, index: NameIndex) -> tuple[list[Party], tuple[str, Entity | None] | None]:
    """`A, B and C (Moscow)` -> one Party each; and a place that stands alone among them (`..., Moscow`).

    A name the registers know whole (`the Ministry of Trade and Industry`) is not split."""
    text = (text or "").strip(" .,;")
    if not text:
        return [], None
    whole, _ = _resolve(text, index) if index.whole(re.sub(r"[\[\]]", "", text)) else (None, ())
    if whole is not None:
        return [Party(text, whole, (whole,))], None
    pieces: list[str] = []
    position = 0
    separators: list[str] = []
    for start, end, separator in _top_level_breaks(text):
        pieces.append(text[position:start])
        separators.append(separator)
        position = end
    pieces.append(text[position:])
    merged: list[str] = []
    for number, piece in enumerate(pieces):
        if merged and separators[number - 1].strip() == "," and (
                APPOSITION.match(piece) or (OFFICE.match(merged[-1]) and _resolve(piece, index)[0] is not None
                                            and _resolve(merged[-1], index)[0] is None)):
            # `Mao Zedong, Chairman of ...` / `the Soviet Ambassador in Beijing, P.F. Yudin`: one party
            merged[-1] += ", " + piece
        elif piece.strip():
            merged.append(piece.strip())
    place: tuple[str, Entity | None] | None = None
    if len(merged) > 1:
        entity = _place(merged[-1], index)
        if entity is not None:
            place = (merged.pop(), entity)
    if merged:
        in_place = IN_PLACE.match(merged[-1])
        if in_place and _place(in_place.group("place"), index) is not None:
            merged[-1] = in_place.group("rest")
            place = (in_place.group("place"), _place(in_place.group("place"), index))
    parties = []
    for piece in merged:
        if NOT_A_PARTY.match(piece):
            continue  # `Gomułka, Ochab and others`
        piece = _without_office(piece)
        placed = PLACE_AFTER.match(piece)
        name, where = (placed.group("name"), placed.group("place").strip()) if placed else (piece, None)
        entity, candidates = _resolve(name, index)
        if where and _place(where, index) is None and _resolve(where, index)[0] is not None:
            # `Filippov (Khrushchev)`: a person in parentheses is who the name stands for, not a place
            if entity is None:
                entity, candidates = _resolve(where, index)
            name, where = piece, None
        parties.append(Party(name, entity, candidates, where, _place(where, index) if where else None))
    return parties, place


def _phrase_parties(phrase: str | None, index: NameIndex) -> list[Party]:
    """Minutes: the registered persons and organisations the phrase names (`the Meeting of the Politburo`)."""
    parties: list[Party] = []
    phrase = phrase or ""
    for match in index.scan(phrase):
        entity = getattr(match, "entity", None)
        qualifier = QUALIFIED.match(phrase, match.end)
        body = BODY_OF.search(phrase, 0, match.start)
        if entity is not None and entity.kind == "org" and qualifier:
            # `the Politburo of the CC CPSU(b)`: another body than the register's `Politburo` -- named, unlinked
            parties.append(Party(match.form + qualifier.group(), None, ()))
        elif entity is not None and entity.kind == "org" and body:
            # `the Politburo of the CC PUWP`: a body of the register's CC, not the CC -- named, unlinked
            parties.append(Party(phrase[body.start("body"):match.end], None, ()))
        elif entity is not None and entity.kind in ("person", "org") and all(p.entity is not entity for p in parties):
            parties.append(Party(match.form, entity, (entity,)))
    return parties


# A body of an organisation named before it: `Politburo of the `, `Secretariat of the ` (not `Meeting of the `).
BODY_OF = re.compile(r"(?P<body>\b(?:Politburo|Political\s+Bureau|Presidium|Secretariat|Orgburo|Bureau|Committee|Commission|"
                     r"Department|Section|Delegation|Council|Board|Collegium))\s+of\s+(?:the\s+)?$")
# An organisation's name qualified by what its register form lacks: ` of the CC CPSU(b)`, ` of Vietnam`.
QUALIFIED = re.compile(r"\s+of\s+(?:the\s+)?[A-ZА-ЯЁ][^,;]*?(?=\s*(?:[,;]|\s+and\s|$))")


def _add_party(parent: etree._Element, party: Party, used: dict[str, Entity], role: str | None = None) -> None:
    """The party's name; and the place written with it (`N.V. Roshchin (Beijing)`) where that is the place of
    the action (a correspondent's), not in `creation`: a participant's place is not where the record was made."""
    if party.entity is not None:
        used[party.entity.id] = party.entity
    sub(parent, party.element, party.shown, ref=f"#{party.entity.id}" if party.entity else None, role=role)
    if party.place and role != "participant":
        _add_place(parent, party.place, party.place_entity, used)


def _add_place(parent: etree._Element, text: str, entity: Entity | None, used: dict[str, Entity]) -> None:
    if entity is not None:
        used[entity.id] = entity
    sub(parent, "placeName", entity.regular.text if entity else text, ref=f"#{entity.id}" if entity else None)


def _report_parties(report, role: str, parties: list[Party], line: int | None) -> None:
    if report is None:
        return
    for party in parties:
        report.correspondents.append({
            "role": role, "text": party.text, "element": party.element,
            "ref": party.entity.id if party.entity else None, "regular": party.shown,
            "place": party.place, "place_ref": party.place_entity.id if party.place_entity else None,
        })
        if party.entity is None and len(party.candidates) > 1:
            ids = ", ".join(f"#{e.id}" for e in party.candidates)
            report.warn("party-ambiguous", f"{role} '{party.text}' may be any of {ids}: encoded without @ref", line)
        elif party.entity is None:
            report.warn("party-unknown", f"{role} '{party.text}' is not in the registers: {party.element} without @ref", line)


def document_date_found(witness: Witness) -> FoundDate | None:
    """The document's date as its header gives it; a date without its year (`**Date:** 20 October`) takes the
    year line's (`1956`)."""
    if not witness.date_text:
        return None
    found = parse_header_date(witness.date_text)
    if found is None and witness.year:
        with_year = parse_header_date(f"{witness.date_text} {witness.year}")
        if with_year is not None and (with_year.when or with_year.from_ or "")[:4] == witness.year:
            return with_year
    return found


def document_date(witness: Witness) -> str | None:
    """The document's date as a context for the body's dates: a day (the first day of a range)."""
    date = document_date_found(witness)
    if date is None:
        return None
    when = date.when or date.from_ or ""
    return when if len(when) == 10 else None


def document_span(witness: Witness):
    """The document's own range of days (`31 October – 1 November 1956`) as two dates, or None."""
    date = document_date_found(witness)
    if date is None or not (date.from_ and date.to) or len(date.from_) != 10 or len(date.to) != 10:
        return None
    return to_date(date.from_), to_date(date.to)


def _date_element(parent: etree._Element, witness: Witness, report, where: str) -> None:
    date = document_date_found(witness)
    if date is not None:
        text = " ".join(witness.date_text.split())
        sub(parent, "date", text, **date.attributes)
        if report is not None:
            report.date = {"text": text, **date.attributes, "encoded_as": where}
    elif witness.year:
        sub(parent, "date", witness.year, when=witness.year)
        if report is not None:
            report.date = {"text": witness.year, "when": witness.year, "encoded_as": where}


def correspondence(witness: Witness, index: NameIndex, used: dict[str, Entity], report=None) -> etree._Element | None:
    """correspDesc: who sent it to whom (each their own name), and when."""
    senders, sent_place = split_parties(witness.sender, index)
    recipients, received_place = split_parties(witness.recipient, index)
    line = witness.title_line
    if not senders and not recipients:
        if witness.kind not in CORRESPONDENCE_KINDS or document_date_found(witness) is None:
            return None
        # A telegram or letter whose parties the title does not give as the encoder reads them
        # (`Телеграмма П.Ф. Юдина Н.С. Хрущеву`): its date is still the date it was sent.
        if report is not None:
            report.warn("party-missing", f"the title names no sender or recipient the encoder can read: the {witness.kind}'s "
                        "correspDesc holds its date only; add the parties by hand", line)
    _report_parties(report, "sender", senders, line)
    _report_parties(report, "recipient", recipients, line)
    desc = etree.Element(tei("correspDesc"))
    sent = sub(desc, "correspAction", type="sent")
    for party in senders:
        _add_party(sent, party, used)
    if sent_place:
        _add_place(sent, *sent_place, used)
    _date_element(sent, witness, report, "correspDesc/correspAction[@type='sent']/date")
    if len(sent) == 0:
        desc.remove(sent)
    if recipients:
        received = sub(desc, "correspAction", type="received")
        for party in recipients:
            _add_party(received, party, used)
        if received_place:
            _add_place(received, *received_place, used)
    return desc


def _distinct(parties: list[tuple[Party, int]]) -> list[tuple[Party, int]]:
    """Each party once: the title's participants and those of a `Present:` line name the same persons."""
    seen: set[str] = set()
    kept = []
    for party, line in parties:
        key = f"#{party.entity.id}" if party.entity is not None else " ".join(party.shown.split()).casefold()
        if key not in seen:
            seen.add(key)
            kept.append((party, line))
    return kept


def creation(witness: Witness, index: NameIndex, used: dict[str, Entity], report=None,
             author_text: str | None = None) -> etree._Element | None:
    """creation: the date, place and participants of a document that is not a letter (a record of
    conversation, minutes, a report without an addressee ...)."""
    participants: list[tuple[Party, int]] = []  # each with the line that names it
    place = None
    for text in witness.participants:
        found, found_place = split_parties(text, index)
        participants += [(party, witness.title_line) for party in found]
        place = place or found_place
    participants += [(party, witness.title_line) for party in _phrase_parties(witness.participant_phrase, index)]
    for text, line in witness.present:  # `Present: A, B and C` at the head of the body
        participants += [(party, line) for party in split_parties(text, index)[0]]
    participants = _distinct(participants)
    author, _ = split_parties(author_text or (witness.sender if witness.kind in CREATION_KINDS else None), index)
    for party, line in participants:
        _report_parties(report, "participant", [party], line)
    _report_parties(report, "author", author, witness.title_line)
    element = etree.Element(tei("creation"))
    _date_element(element, witness, report, "creation/date")
    if place:
        _add_place(element, *place, used)
    for party in author:
        _add_party(element, party, used, role="author")
    for party, _ in participants:
        _add_party(element, party, used, role="participant")
    return element if len(element) else None


def _author_of_a_work(witness: Witness, index: NameIndex) -> str | None:
    """`Mao Zedong. On the People's Democratic Dictatorship, 30 June 1949`: a title of no known kind that opens
    with a registered person and a period names its author (in `creation`, not a sender)."""
    if witness.kind is not None or witness.sender or witness.recipient:
        return None
    period = NAME_PERIOD.search(witness.title)
    if period is None:
        return None
    name = witness.title[:period.start()].strip()
    people = [e for e in index.whole(name) if e.kind == "person"]
    return name if len(people) == 1 else None


def header(witness: Witness, sources: list[etree._Element], index: NameIndex, used: dict[str, Entity],
           report=None) -> etree._Element:
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
    author = _author_of_a_work(witness, index)
    corresp = correspondence(witness, index, used, report) if witness.kind not in CREATION_KINDS and not author else None
    if corresp is not None:
        profile_desc.append(corresp)
    else:
        made = creation(witness, index, used, report, author)
        if made is not None:
            profile_desc.append(made)
    if report is not None and report.date is None:
        report.warn("date-missing", "the header gives no date of the document: dates of the body without a year "
                    "or month stay untagged", witness.title_line)
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
