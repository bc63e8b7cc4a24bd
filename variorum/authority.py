"""Registers of places, persons and organisations -> an index of name forms.

A register is a TEI file holding `listPlace`, `listPerson` or `listOrg`
(contract section 5). Ours type the regular form `reg` and the others
`variant`; registers from other projects are read as they are:

| convention                     | read as                                                        |
|--------------------------------|----------------------------------------------------------------|
| name typed reg, main, pref, preferred, full, regular, standard | the regular form (the first such name) |
| no name typed so              | the first name is the regular form                              |
| name typed (or subtyped) sort | a sort key: not a form a text uses                              |
| any other name                | a variant; its `xml:lang` is kept                               |
| lists in standOff, body, back, sourceDesc, particDesc ... | read wherever they are, nested lists and `place` in `place` too |
| a file without the TEI namespace (root `listPerson`) | read as TEI                                  |
| places named by settlement, country, region ... | those elements when there is no placeName      |
| persName with forename, surname, nameLink, genName, roleName, addName | the form a text uses ("Pavel S. Orlov", even when the register writes "Orlov, Pavel S."); the register's order and the name without titles as variants; the surname alone where no other entity of the registers has that surname or form |
| `idno` with a URI, or a bare number with @type geonames, wikidata, viaf, gnd, tgn ... (any case) | an identifier; a bare number becomes the authority's URI (the number is never changed) |
| `idno type="URI"`, `ptr[@target]`, a URI in `@ref` on a name | an identifier, its kind told by its host |
| `location/geo`                | "lat long", or in the order the register's `geoDecls` declares (`geo/@decls`, else the default or only `geoDecls`): "long lat" is turned round; WKT `POINT(x y)` is long lat; decimal commas (`48,208 16,373`) are decimal points |
| name typed sort, or a regular name in parts | the entity's sort key: that name, else "Surname, Forenames" (the printed index files by it) |

An id defined twice across the registers read is an error naming both
positions; it is never silently merged.
"""
from __future__ import annotations

import re
import unicodedata
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from variorum.diagnostics import Diagnostic, InputError
from variorum.xmlio import TEI_NS, XML_ID, XML_LANG, read_xml, tei, xml_files

# Entity element -> (kind, the name element that holds its forms).
KINDS = {
    tei("place"): ("place", "placeName"),
    tei("person"): ("person", "persName"),
    tei("org"): ("org", "orgName"),
}

# Where a register names an entity without its kind's name element.
FALLBACK_NAMES = {
    "place": ("geogName", "settlement", "district", "region", "country", "bloc", "name"),
    "person": ("name",),
    "org": ("name",),
}

# What travels with an entity into a document's standOff besides names, geo and identifiers.
DETAILS = {tei(tag) for tag in ("birth", "death", "floruit", "occupation", "affiliation", "note")}

REGULAR_TYPES = {"reg", "main", "pref", "preferred", "full", "regular", "standard"}
NOT_A_FORM_TYPES = {"sort", "sortkey", "sort-key", "sorting", "sortform", "sort-form"}

# Bare identifiers become URIs by their type (an identifier is real or absent:
# we only rewrite the form, never the number). type -> (URI prefix, what a bare value looks like)
IDNO_URI_PREFIXES = {
    "geonames": ("https://www.geonames.org/", r"\d+"),
    "wikidata": ("https://www.wikidata.org/entity/", r"Q\d+"),
    "viaf": ("https://viaf.org/viaf/", r"\d+"),
    "gnd": ("https://d-nb.info/gnd/", r"[0-9]+[0-9X]*(?:-[0-9X])?"),
    "tgn": ("http://vocab.getty.edu/tgn/", r"\d+"),
    "ulan": ("http://vocab.getty.edu/ulan/", r"\d+"),
    "pleiades": ("https://pleiades.stoa.org/places/", r"\d+"),
    "lc": ("http://id.loc.gov/authorities/names/", r"n[a-z]?\d+"),
    "isni": ("https://isni.org/isni/", r"\d{15}[\dX]"),
    "orcid": ("https://orcid.org/", r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]"),
}
# Other spellings of those types (`@type="GND"`, `@type="Wikidata-ID"` ...).
IDNO_TYPE_ALIASES = {"geonames-id": "geonames", "geoname": "geonames", "wd": "wikidata", "wikidata-id": "wikidata", "gn": "geonames",
                     "viaf-id": "viaf", "gnd-id": "gnd", "pnd": "gnd", "lcnaf": "lc", "loc": "lc", "getty-tgn": "tgn"}
# Identifier kinds told by a URI's host (for `idno type="URI"`, `ptr` without a type, `@ref`).
URI_KINDS = (
    ("geonames", "geonames.org"), ("wikidata", "wikidata.org"), ("viaf", "viaf.org"), ("gnd", "d-nb.info/gnd"),
    ("tgn", "vocab.getty.edu/tgn"), ("ulan", "vocab.getty.edu/ulan"), ("pleiades", "pleiades.stoa.org"),
    ("lc", "id.loc.gov"), ("bnf", "data.bnf.fr"), ("isni", "isni.org"), ("orcid", "orcid.org"),
    ("wikipedia", "wikipedia.org"),
)
GENERIC_ID_TYPES = {"", "uri", "url", "link", "ref", "authority", "norm", "normdata"}

# Name parts (TEI namesdates), and how a text orders them.
FORENAME, SURNAME, NAME_LINK, GEN_NAME, ROLE_NAME, ADD_NAME = (tei(t) for t in ("forename", "surname", "nameLink", "genName", "roleName", "addName"))
NAME_PARTS = {FORENAME, SURNAME, NAME_LINK, GEN_NAME, ROLE_NAME, ADD_NAME}

NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"


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
    sort: str | None = None  # where its index entry files: the register's sort key, else "Surname, Forenames"

    @property
    def name_element(self) -> str:
        return {"place": "placeName", "person": "persName", "org": "orgName"}[self.kind]

    @property
    def forms(self) -> list[NameForm]:
        return [self.regular, *self.variants]

    @property
    def uris(self) -> list[str]:
        """The identifiers that are URIs (http or https), in the register's order."""
        return [value for _, value in self.identifiers if re.match(r"https?://\S+$", value)]


# --- names -------------------------------------------------------------------------------------

def _collapse(text: str) -> str:
    return " ".join(text.split())


def _is_sort_key(element: etree._Element) -> bool:
    return any((element.get(a) or "").lower() in NOT_A_FORM_TYPES for a in ("type", "subtype", "role"))


def _parts_text(parts: list[etree._Element]) -> str:
    return _collapse(" ".join("".join(p.itertext()) for p in parts))


def _name_forms(name: etree._Element) -> list[str]:
    """The forms one name element gives, the one a text would use first.

    A plain name gives its text. A name of parts gives the parts in the order a
    text uses them (forenames, name links, surnames, generational names: "Pavel
    S. Orlov" also for `<surname>Orlov</surname>, <forename>Pavel</forename>
    <forename>S.</forename>`), then the parts as the register orders them
    ("Orlov, Pavel S."), then the name without titles and epithets."""
    parts = [child for child in name if child.tag in NAME_PARTS and not _is_sort_key(child)]
    if not parts:
        return [_collapse("".join(name.itertext()))]
    # The register's order: text between parts kept (commas ...), sort keys left out, parts kept apart.
    pieces = [name.text or ""]
    for child in name:
        if isinstance(child.tag, str) and not _is_sort_key(child):
            pieces.append(" " + "".join(child.itertext()) + " ")
        pieces.append(child.tail or "")
    as_written = _collapse("".join(pieces)).replace(" ,", ",")
    between = "".join([name.text or ""] + [c.tail or "" for c in name])
    if re.search(r"\w", between):  # words outside the parts: the name is prose, keep it as written
        return [as_written]
    fore = [p for p in parts if p.tag == FORENAME]
    sur = [p for p in parts if p.tag == SURNAME]
    # Inverted for sorting: a surname, a comma, then the forenames ("Orlov, Pavel S."). A surname
    # first without a comma is the name's own order (Wang Ming) and stays so.
    inverted = bool(fore and sur) and parts.index(sur[0]) < parts.index(fore[0]) and "," in "".join(
        (p.tail or "") for p in parts[parts.index(sur[0]):parts.index(fore[0])])
    if inverted:
        core = _parts_text(fore + [p for p in parts if p.tag == NAME_LINK] + sur + [p for p in parts if p.tag == GEN_NAME])
        leading = []
        for part in parts:  # titles written before the name ("Dr.") stay before it
            if part.tag not in (ROLE_NAME, ADD_NAME):
                break
            leading.append(part)
        natural = _collapse(" ".join(filter(None, [_parts_text(leading), core])))
    else:
        core = _parts_text([p for p in parts if p.tag not in (ROLE_NAME, ADD_NAME)])
        natural = _parts_text(parts)
    forms: list[str] = []
    for form in (natural, as_written, core):
        if form and form not in forms:
            forms.append(form)
    return forms


def _sort_form(names: list[etree._Element]) -> str | None:
    """Where an index files the entity: its name typed sort, else "Surname, Forenames" of its
    regular name when that is written in parts, else None (the regular form)."""
    sort = next((n for n in names if _is_sort_key(n)), None)
    if sort is not None:
        return _collapse("".join(sort.itertext()))
    forms = [n for n in names if not _is_sort_key(n)]
    regular = next((n for n in forms if (n.get("type") or "").lower() in REGULAR_TYPES), forms[0] if forms else None)
    if regular is None or regular.find(SURNAME) is None:
        return None
    surname = _collapse("".join(regular.find(SURNAME).itertext()))
    rest = _parts_text(regular.findall(FORENAME))
    return f"{surname}, {rest}" if rest else surname


def _surname(name: etree._Element) -> str | None:
    surnames = [p for p in name if p.tag == SURNAME and not _is_sort_key(p)]
    return _parts_text(surnames) if surnames else None


def _names_of(element: etree._Element, kind: str, name_tag: str) -> list[etree._Element]:
    names = element.findall(tei(name_tag))
    for fallback in FALLBACK_NAMES[kind] if not names else ():
        names = element.findall(tei(fallback))
        if names:
            break
    return names


# --- coordinates -------------------------------------------------------------------------------

def _declared_long_lat(declaration: etree._Element) -> bool:
    """Whether a geoDecls says its coordinates are "long lat" (the TEI default is "lat long")."""
    text = " ".join([declaration.get("datum") or "", *declaration.itertext()]).lower()
    longitude = re.search(r"\b(?:longitude|long|lon|lng|easting|x)\b", text)
    latitude = re.search(r"\b(?:latitude|lat|northing|y)\b", text)
    return bool(longitude and latitude and longitude.start() < latitude.start())


class GeoDeclarations:
    """The geoDecls of one register file, and which applies to a geo element."""

    def __init__(self, root: etree._Element):
        self.by_id = {d.get(XML_ID): d for d in root.iter(tei("geoDecls")) if d.get(XML_ID)}
        declarations = list(root.iter(tei("geoDecls")))
        defaults = [d for d in declarations if (d.get("default") or "").lower() in ("true", "1")]
        self.default = defaults[0] if defaults else (declarations[0] if len(declarations) == 1 else None)

    def for_geo(self, geo: etree._Element) -> etree._Element | None:
        for element in (geo, *geo.iterancestors()):
            for pointer in (element.get("decls") or "").split():
                declaration = self.by_id.get(pointer.lstrip("#"))
                if declaration is not None:
                    return declaration
        return self.default


def lat_long(geo: etree._Element, declarations: GeoDeclarations) -> str | None:
    """The coordinates of a geo element as "lat long", the numbers as written; None if they are not two numbers."""
    text = _collapse("".join(geo.itertext()))
    point = re.fullmatch(rf"(?i)POINT\s*(?:Z\s*)?\(\s*({NUMBER})[\s,]+({NUMBER})(?:\s+{NUMBER})?\s*\)", text)
    if point:  # WKT is always x y: long lat
        return f"{point.group(2)} {point.group(1)}"
    decimal_commas = re.fullmatch(r"(-?\d+),(\d+)\s+(-?\d+),(\d+)", text)
    if decimal_commas:  # "48,2083 16,3731": a continental register's decimal commas
        text = "{}.{} {}.{}".format(*decimal_commas.groups())
    pair = re.fullmatch(rf"({NUMBER})\s*[,;\s]\s*({NUMBER})(?:\s*[,;\s]\s*{NUMBER})?", text)
    if not pair:
        return None
    first, second = pair.group(1), pair.group(2)
    declaration = declarations.for_geo(geo)
    if declaration is not None and _declared_long_lat(declaration):
        first, second = second, first
    return f"{first} {second}"


# --- identifiers -------------------------------------------------------------------------------

def kind_of_uri(uri: str) -> str:
    for kind, host in URI_KINDS:
        if host in uri:
            return kind
    return "uri"


def _identifier(id_type: str, value: str) -> tuple[str, str] | None:
    value = _collapse(value)
    if not value:
        return None
    id_type = IDNO_TYPE_ALIASES.get(id_type.lower(), id_type.lower())
    curie = re.fullmatch(r"([a-z]+):(\S+)", value)
    if curie and curie.group(1) in IDNO_URI_PREFIXES and not value.startswith(("http:", "https:")):
        id_type, value = curie.group(1), curie.group(2)  # "gnd:118540238"
    if re.match(r"https?://", value):
        return (kind_of_uri(value) if id_type in GENERIC_ID_TYPES else id_type, value)
    if id_type in IDNO_URI_PREFIXES:
        prefix, pattern = IDNO_URI_PREFIXES[id_type]
        if re.fullmatch(pattern, value):
            return (id_type, prefix + value)
    return (id_type or "uri", value)


def _identifiers(element: etree._Element, names: list[etree._Element]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    candidates: list[tuple[str, str]] = []
    for child in element:  # in the register's order
        if child.tag == tei("idno"):
            candidates.append((child.get("type") or "", "".join(child.itertext())))
        elif child.tag == tei("ptr"):
            candidates.append((child.get("type") or "", child.get("target") or ""))
        elif child.tag == tei("linkGrp"):
            candidates += [(ptr.get("type") or "", ptr.get("target") or "") for ptr in child.findall(tei("ptr"))]
    # A URI in @ref on the entity's own names ("<persName ref='http://d-nb.info/gnd/...'>").
    for name in names:
        candidates += [("", uri) for uri in (name.get("ref") or "").split() if re.match(r"https?://", uri)]
    for id_type, value in candidates:
        for single in value.split() if re.match(r"https?://", value.strip()) else [value]:
            identifier = _identifier(id_type, single)
            if identifier and identifier not in found:
                found.append(identifier)
    return found


# --- entities ----------------------------------------------------------------------------------

def _entity_from(element: etree._Element, file: str, declarations: GeoDeclarations | None = None,
                 diagnostics: list[Diagnostic] | None = None) -> tuple[Entity, list[NameForm]] | None:
    """One entity element -> (Entity, its surname forms, which the registry adds where unambiguous)."""
    kind, name_tag = KINDS[element.tag]
    entity_id = element.get(XML_ID)
    position = f"{file}:{element.sourceline}"
    if not entity_id:
        return None
    names = _names_of(element, kind, name_tag)
    forms: list[tuple[str, NameForm]] = []
    for name in names:
        if _is_sort_key(name):
            continue
        name_type = (name.get("type") or "").lower()
        lang = name.get(XML_LANG)
        for number, text in enumerate(_name_forms(name)):
            if text:
                forms.append((name_type if number == 0 else "variant", NameForm(text, lang)))
    if not forms:
        raise InputError(f"{kind} '{entity_id}' has no name; give it a <{name_tag} type=\"reg\">", file=file, line=element.sourceline)
    regular_index = next((i for i, (t, _) in enumerate(forms) if t in REGULAR_TYPES), 0)
    regular = forms[regular_index][1]
    variants: list[NameForm] = []
    for i, (_, form) in enumerate(forms):
        if i != regular_index and form.text != regular.text and form not in variants:
            variants.append(form)
    surnames: list[NameForm] = []
    if kind == "person":
        for name in names:
            surname = _surname(name) if not _is_sort_key(name) else None
            if surname and surname != regular.text and all(v.text != surname for v in variants + surnames):
                surnames.append(NameForm(surname, name.get(XML_LANG)))
    geo = None
    geo_element = element.find(f"{tei('location')}/{tei('geo')}")
    if geo_element is not None:
        geo = lat_long(geo_element, declarations or GeoDeclarations(element.getroottree().getroot()))
        if geo is None and diagnostics is not None:
            diagnostics.append(Diagnostic(file, geo_element.sourceline, None, "warning", "register-geo",
                                          f"{kind} '{entity_id}': cannot read the coordinates "
                                          f"'{_collapse(''.join(geo_element.itertext()))}' as two numbers; they are left out"))
    identifiers = _identifiers(element, names)
    sort = _sort_form(names)
    details = [deepcopy(child) for child in element if child.tag in DETAILS]
    details.sort(key=lambda child: child.tag == tei("note"))  # notes last: TEI wants them after the facts
    for detail in details:
        detail.tail = None
    return Entity(entity_id, kind, regular, variants, geo, identifiers, position, details, sort), surnames


def as_tei(root: etree._Element) -> etree._Element:
    """A register written without the TEI namespace (`<listPerson>` at the root) read as TEI.

    Elements in no namespace are moved into the TEI namespace, in place; a tree
    that already uses the TEI namespace is returned as it is."""
    if root.tag.startswith(f"{{{TEI_NS}}}") or root.xpath("boolean(//*[namespace-uri()=$ns])", ns=TEI_NS):
        return root
    for element in root.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = tei(element.tag)
    return root


def read_entities(root: etree._Element, file: str, diagnostics: list[Diagnostic] | None = None) -> list[tuple[Entity, list[NameForm]]]:
    """Every entity a parsed TEI tree declares, wherever its lists are, with its surname forms."""
    root = as_tei(root)
    declarations = GeoDeclarations(root)
    found = []
    for element in root.iter(*KINDS):
        read = _entity_from(element, file, declarations, diagnostics)
        if read is not None:
            found.append(read)
    return found


def read_terms(root: etree._Element) -> dict[str, str]:
    """The register of terms a file holds: each `term` outside the teiHeader whose language is given
    (`@xml:lang` on it or on an element around it inside the text or standOff) -> that language.
    The encoder takes it as evidence of an italic term's language (`encode.terms`)."""
    root = as_tei(root)
    found: dict[str, str] = {}
    for term in root.iter(tei("term")):
        if any(a.tag == tei("teiHeader") for a in term.iterancestors()):
            continue
        lang = next((e.get(XML_LANG) for e in (term, *term.iterancestors()) if e is not root and e.get(XML_LANG)), None)
        text = _collapse("".join(term.itertext()))
        if lang and text:
            found.setdefault(text, lang)
    return found


@dataclass
class Registry:
    """All entities of the registers an edition uses, by id, and where each was read."""

    entities: dict[str, Entity] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # what was read with a warning
    terms: dict[str, str] = field(default_factory=dict)  # the register of terms: term -> its xml:lang (read_terms)

    def __len__(self) -> int:
        return len(self.entities)

    def add_surnames(self, surnames: dict[str, list[NameForm]]) -> None:
        """A person's surname alone as a form ("Orlov"), where no other entity has that surname or form."""
        owners: dict[str, set[str]] = {}
        for entity in self.entities.values():
            for form in entity.forms:
                owners.setdefault(form.text, set()).add(entity.id)
        for entity_id, forms in surnames.items():
            for form in forms:
                owners.setdefault(form.text, set()).add(entity_id)
        for entity_id, forms in surnames.items():
            entity = self.entities[entity_id]
            for form in forms:
                if owners[form.text] == {entity_id} and all(v.text != form.text for v in entity.forms):
                    entity.variants.append(form)


def _duplicate(entity: Entity, first: Entity) -> InputError:
    file, _, line = entity.source.rpartition(":")
    return InputError(
        f"the id '{entity.id}' is defined twice: here and at {first.source}; give one of them another xml:id",
        file=file,
        line=int(line),
    )


def document_registry(root: etree._Element, file: str) -> Registry:
    """The entities one document declares (its standOff, particDesc, lists anywhere).

    Within a document ids are unique (xml:id), so the first definition wins if a
    malformed document repeats one."""
    registry = Registry(files=[file])
    surnames: dict[str, list[NameForm]] = {}
    for entity, forms in read_entities(root, file, registry.diagnostics):
        if entity.id not in registry.entities:
            registry.entities[entity.id] = entity
            surnames[entity.id] = forms
    registry.add_surnames(surnames)
    return registry


def load_registry(paths: list[Path]) -> Registry:
    """Read every register in `paths` into one Registry.

    An id defined twice (in one file or across files) is an error that lists
    every such id with both positions; a file named twice is read once."""
    registry = Registry()
    surnames: dict[str, list[NameForm]] = {}
    duplicates: list[InputError] = []
    for file in xml_files(paths):
        root = read_xml(file).strict(registry.diagnostics).getroot()
        registry.files.append(str(file))
        for term, lang in read_terms(root).items():
            registry.terms.setdefault(term, lang)
        for entity, forms in read_entities(root, str(file), registry.diagnostics):
            if entity.id in registry.entities:
                duplicates.append(_duplicate(entity, registry.entities[entity.id]))
                continue
            registry.entities[entity.id] = entity
            surnames[entity.id] = forms
    if duplicates:
        first = duplicates[0]
        if len(duplicates) > 1:
            first.message += "".join(f"\n  also: {d}" for d in duplicates[1:])
        raise first
    registry.add_surnames(surnames)
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


@dataclass(frozen=True)
class Ambiguous:
    """A form in the text that belongs to several entities: tagged with none of them."""

    start: int
    end: int
    form: str
    entities: tuple[Entity, ...]


# --- name matching -----------------------------------------------------------------------------
#
# Transcriptions type the same name in many ways: a typographic or an ASCII apostrophe
# (`P’yŏngyang`, `P'yongyang`), a hyphen or a dash, a diacritic or none. Forms are compared
# *folded*: each character is mapped to one character (so positions in the folded text are
# positions in the text as typed):
#
# | typed                            | folded |
# |----------------------------------|--------|
# | ’ ‘ ʼ ʻ ʹ ` ´ ′ ‛                 | '      |
# | “ ” „ ‟ « » ″                     | "      |
# | ‐ ‑ ‒ – — ― −                     | -      |
# | a letter with diacritics (ŏ ü é)  | the base letter (o u e) |
# | a letter with a stroke or a bar, which Unicode does not decompose (ł Ł đ Đ ø Ø ħ ı) | the base letter (l L d D o O h i): `Gomulka` is `Gomułka`, `Lao Dong` is `Lao Động` |

_TYPOGRAPHY = {
    **{ord(c): "'" for c in "’‘ʼʻʹ`´′‛"},
    **{ord(c): '"' for c in "“”„‟«»″"},
    **{ord(c): "-" for c in "‐‑‒–—―−"},
    # Letters whose mark is part of the letter (no NFD decomposition): one base letter each.
    **{ord(c): base for c, base in zip("łŁđĐøØħĦıŧŦƚɨ", "lLdDoOhHitTli")},
}


def fold_char(char: str) -> str:
    """One character -> the one character it is compared as."""
    mapped = _TYPOGRAPHY.get(ord(char))
    if mapped is not None:
        return mapped
    if char.isascii():
        return char
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and not unicodedata.combining(decomposed[0]) and all(
            unicodedata.combining(c) for c in decomposed[1:]):
        return decomposed[0]
    return char


def fold(text: str) -> str:
    """The text as compared: same length, each character folded (`P’yŏngyang` -> `P'yongyang`)."""
    text = unicodedata.normalize("NFC", text) if not text.isascii() else text
    return "".join(fold_char(c) for c in text)


def _squeeze(text: str) -> str:
    """Initials without the spaces after them ("j. v. stalin" -> "j.v.stalin")."""
    return re.sub(r"\.\s+", ".", text)


class NameIndex:
    """Every form of every entity of a registry, found in a text: longest first, whole words,
    typography and diacritics folded (the text keeps what was typed). The one place where
    encode and collate match names.

    Each folded form keeps *all* its owners (`owners`): a form of two entities (across
    registers) is found as an `Ambiguous` with every owner, never silently dropped, so that
    the caller can warn with both ids and the position. Where the form *as typed* belongs to
    one entity only (`Lushun` for one, `Lüshun` for another), that one is taken.

    Case is not folded in the body ("nanking" in lower case is a word, not the city); header
    names (`whole`, `candidates`, `lookup`) are matched without regard to case."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.size = len(registry.entities)  # entities added later make the index stale
        self.owners: dict[str, dict[str, Entity]] = {}  # folded form -> {id: entity}
        self.exact: dict[str, dict[str, Entity]] = {}  # form as the register writes it -> {id: entity}
        for entity in registry.entities.values():
            for form in entity.forms:
                self.owners.setdefault(fold(form.text), {})[entity.id] = entity
                self.exact.setdefault(form.text, {})[entity.id] = entity
        forms = sorted((f for f in self.owners if f.strip()), key=lambda f: (-len(f), f))
        pattern = "|".join(re.escape(f) for f in forms)
        # Whole words only: no letter or digit may touch the form on either side.
        self._pattern = re.compile(rf"(?<![\w])(?:{pattern})(?![\w])") if forms else None
        self._casefolded: dict[str, dict[str, Entity]] = {}
        for form, owners in self.owners.items():
            self._casefolded.setdefault(" ".join(form.split()).casefold(), {}).update(owners)
        self._by_squeezed: dict[str, dict[str, Entity]] | None = None
        self._contained: re.Pattern | None = None

    @property
    def ambiguous(self) -> dict[str, tuple[Entity, ...]]:
        """Each folded form of more than one entity, with all its owners."""
        return {form: tuple(owners.values()) for form, owners in self.owners.items() if len(owners) > 1}

    def owners_of(self, form: str) -> tuple[Entity, ...]:
        """Every entity one of whose forms is `form` (folded, case kept)."""
        return tuple(self.owners.get(fold(form), {}).values())

    # ------------------------------------------------------------------ the body

    def _found(self, start: int, end: int, typed: str, folded: str) -> Match | Ambiguous:
        owners = self.owners[folded]
        if len(owners) > 1:
            exact = self.exact.get(typed, {})
            owners = exact if len(exact) == 1 else owners
        if len(owners) == 1:
            return Match(start, end, next(iter(owners.values())), typed)
        return Ambiguous(start, end, typed, tuple(owners.values()))

    def scan(self, text: str) -> list[Match | Ambiguous]:
        """Each form found in `text`: a Match (one entity) or an Ambiguous (several), left to right."""
        if self._pattern is None or not text:
            return []
        nfc = unicodedata.normalize("NFC", text)
        if len(nfc) != len(text):  # decomposed input: positions of the folded text would not be the text's
            return [] if nfc == text else self._scan_decomposed(text)
        return [self._found(m.start(), m.end(), text[m.start():m.end()], m.group())
                for m in self._pattern.finditer(fold(text))]

    def _scan_decomposed(self, text: str) -> list[Match | Ambiguous]:
        """Text with combining marks of its own: matched character by character of the folded text,
        the combining marks themselves folded away through a position map."""
        kept, positions = [], []
        for i, char in enumerate(text):
            if unicodedata.combining(char) and kept:
                continue
            kept.append(fold_char(char))
            positions.append(i)
        positions.append(len(text))
        found: list[Match | Ambiguous] = []
        for match in self._pattern.finditer("".join(kept)):
            start, end = positions[match.start()], positions[match.end()]
            if end < len(text) and unicodedata.combining(text[end]):
                continue
            owners = self.owners[match.group()]
            typed = text[start:end]
            if len(owners) == 1:
                found.append(Match(start, end, next(iter(owners.values())), typed))
            else:
                found.append(Ambiguous(start, end, typed, tuple(owners.values())))
        return found

    def find(self, text: str) -> list[Match]:
        """The unambiguous matches of `scan`."""
        return [m for m in self.scan(text) if isinstance(m, Match)]

    # ---------------------------------------------------------------- the header

    def whole(self, name: str) -> list[Entity]:
        """The entities one of whose forms is the whole name: folded, without regard to case
        ("Mao zedong", "Chou En‑lai"), initials squeezed ("J. V. Stalin" = "J.V. Stalin")."""
        folded = " ".join(fold(name).split()).casefold()
        if not folded:
            return []
        owners = self._casefolded.get(folded)
        if not owners:
            if self._by_squeezed is None:
                self._by_squeezed = {}
                for form, form_owners in self._casefolded.items():
                    self._by_squeezed.setdefault(_squeeze(form), {}).update(form_owners)
            owners = self._by_squeezed.get(_squeeze(folded), {})
        return list(owners.values())

    def candidates(self, name: str) -> list[Entity]:
        """The entities a header name (a sender, a participant) may be: those whose form is the whole
        name (`whole`); else the persons and organisations whose forms the name contains, the longest
        form first, but a person named last is the one meant ("Chairman of the Chinese Communist Party
        Mao Zedong" -> Mao Zedong); an
        organisation's form followed by "of ..." is not that organisation ("Politburo of the CC CPSU(b)"
        is not the register's "Politburo" of another party)."""
        whole = self.whole(name)
        if whole:
            return whole
        if self._contained is None:
            forms = sorted((f for f in self._casefolded if len(f) >= 3), key=lambda f: (-len(f), f))
            self._contained = re.compile(rf"(?<![\w])(?:{'|'.join(re.escape(f) for f in forms) or '(?!)'})(?![\w])")
        folded = " ".join(fold(name).split()).casefold()
        contained: list[tuple[int, Entity]] = []
        for match in self._contained.finditer(folded):
            # "the Politburo of the CC CPSU(b)": an organisation's form qualified by what the form
            # lacks names another body (or one the registers do not write so): not this one.
            qualified = re.match(r"\s+of\s+\S", folded[match.end():]) is not None
            for entity in self._casefolded[match.group()].values():
                if entity.kind == "person" or (entity.kind == "org" and not qualified):
                    contained.append((len(match.group()), entity))
            if match.end() == len(folded.rstrip(" .,;")):  # "Chairman of the Chinese Communist Party Mao Zedong"
                last = [e for e in self._casefolded[match.group()].values() if e.kind == "person"]
                if last:
                    return last
        contained.sort(key=lambda pair: -pair[0])
        best: list[Entity] = []
        for length, entity in contained:
            if length == contained[0][0] and entity not in best:
                best.append(entity)
        return best

    def lookup(self, name: str) -> Entity | None:
        """The one entity a header name refers to, or None (unknown or ambiguous)."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None
