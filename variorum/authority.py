"""Registers of places, persons and organisations -> an index of name forms.

A register is a TEI file holding `listPlace`, `listPerson` or `listOrg`
(contract section 5). Ours type the regular form `reg` and the others
`variant`; registers from other projects are read as they are:

- the regular form is the name typed reg/main/pref/preferred/full, else the
  first name; sort keys (`@type='sort'`) are not forms a text uses;
- lists may sit anywhere (standOff, body, back, sourceDesc) and nest;
- names may have parts (forename + surname ...): the form is their text;
- identifiers are `idno` (URI or bare number, any case of @type) or `ptr[@target]`.
"""
from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from variorum.diagnostics import InputError, UsageError
from variorum.xmlio import TEI_NS, XML_ID, XML_LANG, parse_xml, tei

# Entity element -> (kind, the name element that holds its forms).
KINDS = {
    tei("place"): ("place", "placeName"),
    tei("person"): ("person", "persName"),
    tei("org"): ("org", "orgName"),
}

# What travels with an entity into a document's standOff besides names, geo and identifiers.
DETAILS = {tei(tag) for tag in ("birth", "death", "floruit", "occupation", "affiliation", "note")}

REGULAR_TYPES = {"reg", "main", "pref", "preferred", "full", "regular", "standard"}
NOT_A_FORM_TYPES = {"sort", "sortkey", "sort-key"}

# Bare identifiers become URIs by their type (an identifier is real or absent:
# we only rewrite the form, never the number).
IDNO_URI_PREFIXES = {
    "geonames": "https://www.geonames.org/",
    "wikidata": "https://www.wikidata.org/entity/",
    "viaf": "https://viaf.org/viaf/",
    "gnd": "https://d-nb.info/gnd/",
    "tgn": "http://vocab.getty.edu/tgn/",
}


@dataclass(frozen=True)
class NameForm:
    text: str
    lang: str | None = None


@dataclass
class Entity:
    """One place, person or organisation of a register."""

    id: str
    kind: str  # place | person | org
    regular: NameForm
    variants: list[NameForm] = field(default_factory=list)
    geo: str | None = None  # "lat long"
    identifiers: list[tuple[str, str]] = field(default_factory=list)  # (type, URI or value)
    source: str = ""  # file:line where the entity is defined
    details: list[etree._Element] = field(default_factory=list)  # birth, death, notes ... carried along

    @property
    def name_element(self) -> str:
        return {"place": "placeName", "person": "persName", "org": "orgName"}[self.kind]

    @property
    def forms(self) -> list[NameForm]:
        return [self.regular, *self.variants]


def _name_text(name: etree._Element) -> str:
    # Parts without separating whitespace (`<forename>Pavel</forename><surname>Orlov</surname>`)
    # must still come out as "Pavel Orlov".
    if len(name):
        pieces = [name.text or ""]
        for child in name:
            if child.tag == tei("addName") and (child.get("type") or "").lower() in NOT_A_FORM_TYPES:
                pieces.append(child.tail or "")
                continue
            pieces.append(" " + "".join(child.itertext()) + " ")
            pieces.append(child.tail or "")
        return " ".join("".join(pieces).split())
    return " ".join((name.text or "").split())


def _entity_from(element: etree._Element, file: str) -> Entity | None:
    kind, name_tag = KINDS[element.tag]
    entity_id = element.get(XML_ID)
    position = f"{file}:{element.sourceline}"
    if not entity_id:
        return None
    names = [n for n in element.findall(tei(name_tag))]
    if not names and kind == "place":
        names = element.findall(tei("geogName"))
    forms: list[tuple[str, NameForm]] = []
    for name in names:
        name_type = (name.get("type") or "").lower()
        if name_type in NOT_A_FORM_TYPES:
            continue
        text = _name_text(name)
        if text:
            forms.append((name_type, NameForm(text, name.get(XML_LANG))))
    if not forms:
        raise InputError(f"{kind} '{entity_id}' has no name; give it a <{name_tag} type=\"reg\">", file=file, line=element.sourceline)
    regular_index = next((i for i, (t, _) in enumerate(forms) if t in REGULAR_TYPES), 0)
    regular = forms[regular_index][1]
    variants: list[NameForm] = []
    for i, (_, form) in enumerate(forms):
        if i != regular_index and form.text != regular.text and form not in variants:
            variants.append(form)
    # A person's surname alone is a form a text uses ("Orlov"), when the register names parts.
    if kind == "person":
        for name in names:
            surname = name.find(tei("surname"))
            if surname is not None and (name.get("type") or "").lower() not in NOT_A_FORM_TYPES:
                text = " ".join("".join(surname.itertext()).split())
                if text and text != regular.text and all(v.text != text for v in variants):
                    variants.append(NameForm(text, surname.get(XML_LANG) or name.get(XML_LANG)))
    geo = element.findtext(f"{tei('location')}/{tei('geo')}")
    identifiers = _identifiers(element)
    details = [deepcopy(child) for child in element if child.tag in DETAILS]
    details.sort(key=lambda child: child.tag == tei("note"))  # notes last: TEI wants them after the facts
    for detail in details:
        detail.tail = None
    return Entity(entity_id, kind, regular, variants, " ".join(geo.split()) if geo else None, identifiers, position, details)


def _identifiers(element: etree._Element) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for idno in element.findall(tei("idno")):
        value = " ".join((idno.text or "").split())
        id_type = (idno.get("type") or "").lower()
        if not value:
            continue
        if id_type in IDNO_URI_PREFIXES and re.fullmatch(r"Q?\d+[\dX]*", value):
            value = IDNO_URI_PREFIXES[id_type] + value
        found.append((id_type or _type_from_uri(value), value))
    for ptr in element.findall(tei("ptr")):
        target = (ptr.get("target") or "").strip()
        if target:
            found.append(((ptr.get("type") or "").lower() or _type_from_uri(target), target))
    return found


def _type_from_uri(uri: str) -> str:
    for id_type, prefix in (("geonames", "geonames.org"), ("wikidata", "wikidata.org"), ("viaf", "viaf.org"), ("gnd", "d-nb.info/gnd"), ("tgn", "vocab.getty.edu/tgn")):
        if prefix in uri:
            return id_type
    return "uri"


@dataclass
class Registry:
    """All entities of the registers an edition uses, by id, and where each was read."""

    entities: dict[str, Entity] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def add(self, entity: Entity) -> None:
        if entity.id in self.entities:
            first = self.entities[entity.id]
            file, _, line = entity.source.rpartition(":")
            raise InputError(
                f"the id '{entity.id}' is defined twice: here and at {first.source}; give one of them another xml:id",
                file=file,
                line=int(line),
            )
        self.entities[entity.id] = entity

    def __len__(self) -> int:
        return len(self.entities)


def register_files(paths: list[Path]) -> list[Path]:
    """The TEI files named by `paths`: files as given, folders searched for *.xml."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.xml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no such register file or folder: {path}")
    return files


def load_registry(paths: list[Path]) -> Registry:
    """Read every register in `paths` into one Registry (an id defined twice is an error)."""
    registry = Registry()
    for file in register_files(paths):
        root = parse_xml(file).getroot()
        registry.files.append(str(file))
        for element in root.iter(*KINDS):
            entity = _entity_from(element, str(file))
            if entity is not None:
                registry.add(entity)
    return registry


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entity: Entity
    form: str

    @property
    def is_regular(self) -> bool:
        return self.form == self.entity.regular.text


class NameIndex:
    """Finds every form of every entity in a text: longest first, whole words, exact spelling."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.by_form: dict[str, Entity] = {}
        self.by_folded: dict[str, Entity] = {}
        self.ambiguous: set[str] = set()
        for entity in registry.entities.values():
            for form in entity.forms:
                owner = self.by_form.setdefault(form.text, entity)
                if owner is not entity:
                    self.ambiguous.add(form.text)
                self.by_folded.setdefault(form.text.casefold(), entity)
        forms = sorted((f for f in self.by_form if f not in self.ambiguous), key=lambda f: (-len(f), f))
        # Whole words only: no letter or digit may touch the form on either side.
        pattern = "|".join(re.escape(f) for f in forms)
        self._pattern = re.compile(rf"(?<![\w])(?:{pattern})(?![\w])") if forms else None
        self._folded_pattern = re.compile(rf"(?<![\w])(?:{pattern})(?![\w])", re.IGNORECASE) if forms else None

    def find(self, text: str) -> list[Match]:
        if self._pattern is None:
            return []
        return [Match(m.start(), m.end(), self.by_form[m.group()], m.group()) for m in self._pattern.finditer(text)]

    def lookup(self, name: str) -> Entity | None:
        """The entity a header name refers to, matched without regard to case ("Mao zedong")."""
        folded = " ".join(name.split()).casefold()
        if folded in self.by_folded:
            return self.by_folded[folded]
        # "J.V. Stalin" vs "J. V. Stalin": compare without spaces after initials.
        squeezed = re.sub(r"\.\s+", ".", folded)
        for form, entity in self.by_folded.items():
            if re.sub(r"\.\s+", ".", form) == squeezed:
                return entity
        # "Comrade J. Stalin": the one entity whose form the name contains.
        if self._folded_pattern is not None:
            found = {self.by_folded[m.group().casefold()].id: self.by_folded[m.group().casefold()]
                     for m in self._folded_pattern.finditer(name) if m.group().casefold() in self.by_folded}
            if len(found) == 1:
                return next(iter(found.values()))
        return None
