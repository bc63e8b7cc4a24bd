"""What a TEI document declares, read once: the web edition, the print edition and export read it here.

One `TeiDocument` per parsed document answers, each question once (cached):

| question        | answer                                                        | read from |
|-----------------|---------------------------------------------------------------|-----------|
| titles          | every title with its level and type                           | `fileDesc/titleStmt/title` |
| title           | the document's own: `level="a"`, else `type="main"`, else the first that is no series, journal or subtitle, else the first | the titles |
| correspondence  | senders and recipients (names as written), in order           | `correspDesc/correspAction[@type='sent' / 'received']` |
| dates           | the W3C dating attributes of the date it was sent, else received, else created | `correspAction/date`, `creation/date` |
| entities        | every place, person and organisation it carries, read as the registers are (`variorum.authority`: regular form, variants, sort key, coordinates, identifiers as URIs) | `listPlace`/`listPerson`/`listOrg` wherever they are (`standOff`, `back`, `particDesc` ...) |
| entity of a name | the entity a name points at: `@ref` (`#id`, a bare id, a URI that is one of the entity's identifiers), else `@key` | the edition's registers (`registers`, when given: the master), then the document's entities, then those of the files read with it (`shared`: a register beside letters, as TEI Publisher keeps places.xml) |
| correspondence  | each correspAction: its kind, parties, places and date as written | `correspDesc/correspAction` |
| context         | the letters before and after it (previous, next) and others it relates to (a reply: its @type), with the document each points at | `correspDesc/correspContext/ref` |
| sources         | the bibl, biblStruct and msDesc of sourceDesc (what the page formats), by id | `sourceDesc` |
| witnesses       | siglum and description of each witness | `listWit/witness` |
| summary         | what index pages need of it, without its text (`DocumentSummary`) | all of the above |

The names a text uses as index occurrences (`placeName`, `persName`, `orgName`
with `@ref` or `@key`, and `rs`/`name` typed person, place or org) are
numbered by the stylesheets (their anchors); the page contract
(`variorum.render.page`) carries them to Python, which resolves them here.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cached_property

from lxml import etree

from variorum.authority import Entity, Registry, document_registry
from variorum.xmlio import NSMAP, XML_ID, tei

DATING_ATTRIBUTES = ("when", "notBefore", "notAfter", "from", "to")
# xs:date, gYear, gYearMonth, dateTime (what att.datable.w3c takes), optionally BCE.
W3C_DATE = re.compile(r"-?\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?")

# Where a document's own date is said, in the order they are asked.
DATE_PATHS = (
    "tei:teiHeader/tei:profileDesc/tei:correspDesc/tei:correspAction[@type='sent']/tei:date",
    "tei:teiHeader/tei:profileDesc/tei:correspDesc/tei:correspAction[@type='received']/tei:date",
    "tei:teiHeader/tei:profileDesc/tei:creation/tei:date",
)
# Titles that are not the document's own: the series, journal or collection it belongs to, a subtitle.
NOT_OWN_LEVELS = {"s", "j", "m", "u"}
NOT_OWN_TYPES = {"sub", "subtitle", "subordinate", "alt", "alternative", "short", "desc", "parallel", "iso-date"}
# Names the indexes list (xslt/tei-rules.xsl v:entity-kind says the same): kind by element, or by @type of rs/name.
KIND_OF_ELEMENT = {tei("placeName"): "place", tei("persName"): "person", tei("orgName"): "org"}
KIND_OF_TYPE = {"person": "person", "persname": "person", "pers": "person",
                "place": "place", "placename": "place", "settlement": "place", "country": "place",
                "org": "org", "orgname": "org", "organisation": "org", "organization": "org", "institution": "org"}
GENERIC_NAMES = {tei("rs"), tei("name")}
# Lists in a text that are registers, not running text (xslt/tei-rules.xsl v:is-list): their names are no occurrences.
REGISTER_LISTS = {tei(t) for t in ("listPerson", "listPlace", "listOrg", "listBibl", "listEvent", "listNym", "listRelation", "listObject")}
# What a name's words as written leave out: the regular form, a correction, an expansion, a note inside it.
NOT_AS_WRITTEN = {tei("reg"), tei("corr"), tei("expan"), tei("note")}
# What a person's index heading says of its life (IndexHeading.identifiers).
LIFE_DATES = ("birth", "death")
# The names of a correspondent in a correspAction.
PARTY_PATH = "*[self::tei:persName or self::tei:orgName or self::tei:name or self::tei:rs]"


@dataclass(frozen=True)
class Title:
    text: str
    level: str  # a, m, j, s, u or ""
    type: str


@dataclass(frozen=True)
class IndexHeading:
    """What an index (web or print) says of the entity a name points at: one reading for both."""

    key: str  # the pointer as the text writes it: the entry's anchor
    kind: str  # place | person | org
    label: str  # the regular form, else the form as written
    sort: str | None = None  # where the entry files, when not by its label
    forms: tuple[str, ...] = ()  # every form the register knows
    geo: tuple[float, float] | None = None  # (lat, long)
    # (kind, URI or value); a person's life dates ride along as ("birth", date) and ("death", date), so that whatever
    # keeps a heading (an incremental build's cache) keeps them too
    identifiers: tuple[tuple[str, str], ...] = ()

    @property
    def life(self) -> tuple[str, str] | tuple[()]:
        """A person's (birth, death) as the register dates them (W3C date, else words; "" unknown), () when neither."""
        found = dict(pair for pair in self.identifiers if pair[0] in LIFE_DATES)
        return (found.get("birth", ""), found.get("death", "")) if found else ()


@dataclass(frozen=True)
class CorrespondenceAction:
    """One correspAction as written: who sent (received, forwarded ...) it, where and when."""

    type: str  # sent | received | transmitted | redirected | forwarded ...
    parties: tuple[str, ...]
    places: tuple[str, ...]
    date: str


@dataclass(frozen=True)
class ContextLink:
    """A letter named in correspContext: the one before or the one after, or another it relates to (a reply)."""

    relation: str  # previous | next | other
    scope: str  # the ref's @type as written ("withinCorrespondence", "withinCollection"; of an other: "replyTo"), "" when none
    text: str
    target: str  # the document pointed at, as an id: no '#', path or extension; "" when none

    @property
    def label(self) -> str:
        scope = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", self.scope).lower()
        if self.relation == "other":  # its kind is the relation: "replyTo" -> "Reply to"
            return scope[:1].upper() + scope[1:] if scope else "Related letter"
        what = "Previous letter" if self.relation == "previous" else "Next letter"
        return f"{what} ({scope})" if scope else what


@dataclass(frozen=True)
class DocumentSummary:
    """What index pages and the print edition's contents need to know of a document, without its text."""

    id: str
    title: str
    date: str  # ISO, "" when unknown
    date_text: str
    sender: str
    recipient: str
    correspondence: tuple[CorrespondenceAction, ...] = ()
    context: tuple[ContextLink, ...] = ()
    principles: tuple[str, ...] = ()  # the paragraphs of its editorialDecl (a heading "Normalization: " before those of a part)

    def to_json(self) -> dict:
        """Plain data (an incremental build keeps summaries between runs)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "DocumentSummary":
        correspondence = tuple(CorrespondenceAction(a["type"], tuple(a["parties"]), tuple(a["places"]), a["date"])
                               for a in data.get("correspondence", ()))
        context = tuple(ContextLink(**link) for link in data.get("context", ()))
        return cls(**{**data, "correspondence": correspondence, "context": context, "principles": tuple(data.get("principles", ()))})

    @property
    def correspondence_details(self) -> bool:
        """Whether the correspondence says more than sender -> recipient, date: places, a date of receipt, other actions."""
        return any(a.places or (a.date and a.type != "sent") or a.type not in ("sent", "received") for a in self.correspondence)

    @property
    def href(self) -> str:
        return f"documents/{self.id}.html"


def words(element: etree._Element | None) -> str:
    """An element's text on one line, as written."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def occurrence_kind(name: etree._Element) -> str:
    """place, person or org for a name the indexes list, else ""."""
    if name.tag in KIND_OF_ELEMENT:
        return KIND_OF_ELEMENT[name.tag]
    if name.tag in GENERIC_NAMES:
        return KIND_OF_TYPE.get(" ".join((name.get("type") or "").split()).lower(), "")
    return ""


def occurrence_key(name: etree._Element) -> str:
    """The entity a name points at, as the index keys it (xslt/tei-rules.xsl v:entity-key): the first
    @ref token without '#', else the whole @key (one value, not a list) with '_' for its spaces."""
    ref = (name.get("ref") or "").split()
    if ref and ref[0].removeprefix("#"):
        return ref[0].removeprefix("#")
    return "_".join((name.get("key") or "").split())


def as_written(name: etree._Element) -> str:
    """The words of a name as the witness writes them (not its regular form, correction, expansion or note)."""
    pieces = [name.text or ""]
    for child in name:
        if child.tag not in NOT_AS_WRITTEN:
            pieces.append(as_written(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def edition_heading(candidates: list[IndexHeading]) -> IndexHeading:
    """Of the headings the documents give one entity, in the edition's order, the one its index entry
    shows (web and print alike): the first read from a register, else the first."""
    return next((heading for heading in candidates if heading.forms), candidates[0])


def dating(date: etree._Element) -> dict[str, str]:
    """The W3C dating attributes of a date element that hold a valid value."""
    return {a: date.get(a).strip() for a in DATING_ATTRIBUTES if date.get(a) and W3C_DATE.fullmatch(date.get(a).strip())}


def coordinates(geo: str | None) -> tuple[float, float] | None:
    """"lat long" (as the registers give it) -> numbers, when they are a point on the globe."""
    try:
        lat, long = (float(v) for v in (geo or "").split()[:2])
    except ValueError:
        return None
    return (lat, long) if -90 <= lat <= 90 and -180 <= long <= 180 else None


def life_dates(entity: Entity) -> tuple[tuple[str, str], ...]:
    """A person's birth and death as its register entry dates them, ("birth", date), ("death", date): a W3C date
    (when, else notBefore/from), else the words; none it does not give."""
    def date(tag: str) -> str:
        element = next((d for d in entity.details if d.tag == tei(tag)), None)
        if element is None:
            return ""
        inner = element.find(tei("date"))
        for candidate in (element, inner):
            attributes = dating(candidate) if candidate is not None else {}
            value = attributes.get("when") or attributes.get("notBefore") or attributes.get("from")
            if value:
                return value
        return words(element)
    if entity.kind != "person":
        return ()
    return tuple((tag, value) for tag in LIFE_DATES if (value := date(tag)))


def _same_uri(uri: str) -> str:
    """A URI compared without http(s)://, www., a final slash or case: one authority, one key."""
    return re.sub(r"^https?://(www\.)?", "", uri.strip()).rstrip("/").casefold()


class TeiDocument:
    """One parsed TEI document (a `TEI` element) and what it declares."""

    def __init__(self, doc_id: str, file: str, root: etree._Element, registry: Registry | None = None,
                 registers: Registry | None = None, shared: Registry | None = None):
        self.id = doc_id
        self.file = file
        self.root = root
        self.registers = registers  # the edition's registers: the master of every entity they hold
        self.shared = shared  # the lists of the other files read with it (a foreign folder's registers): after its own
        if registry is not None:  # a teiCorpus shares the registry of its file
            self.__dict__["registry"] = registry

    def xpath(self, path: str) -> list:
        return self.root.xpath(path, namespaces=NSMAP)

    # ------------------------------------------------------------------ header

    @cached_property
    def titles(self) -> list[Title]:
        found = (self.xpath("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title")
                 or self.xpath("(.//tei:teiHeader)[1]/tei:fileDesc/tei:titleStmt/tei:title")
                 or self.xpath("(.//tei:titleStmt)[1]//tei:title[not(ancestor::tei:bibl or ancestor::tei:biblStruct)]"))
        return [Title(words(t), (t.get("level") or "").lower(), (t.get("type") or "").lower()) for t in found if words(t)]

    @cached_property
    def title(self) -> str:
        titles = self.titles
        own = ([t for t in titles if t.level == "a"] or [t for t in titles if t.type == "main"]
               or [t for t in titles if t.level not in NOT_OWN_LEVELS and t.type not in NOT_OWN_TYPES] or titles)
        return own[0].text if own else self.id

    def parties(self, action: str) -> list[etree._Element]:
        """The names of a correspAction (sent, received), in the order written."""
        return self.xpath(f"tei:teiHeader/tei:profileDesc/tei:correspDesc/tei:correspAction[@type='{action}']/{PARTY_PATH}")

    @cached_property
    def date_elements(self) -> list[etree._Element]:
        """The date elements that date the document: sent, else received, else created; of the first
        of these that gives a valid W3C date (else of the first that gives any date, for its words)."""
        found = [self.xpath(path) for path in DATE_PATHS]
        return next((dates for dates in found if any(dating(d) for d in dates)), next((d for d in found if d), []))

    @cached_property
    def dates(self) -> list[dict[str, str]]:
        """The document's dates as W3C dating attributes (sent, else received, else created)."""
        return [d for d in (dating(e) for e in self.date_elements) if d]

    @cached_property
    def correspondence(self) -> tuple[CorrespondenceAction, ...]:
        places = "*[self::tei:placeName or self::tei:settlement or self::tei:address]"
        return tuple(
            CorrespondenceAction((action.get("type") or "").strip(), tuple(words(n) for n in action.xpath(PARTY_PATH, namespaces=NSMAP)),
                                 tuple(words(p) for p in action.xpath(places, namespaces=NSMAP)),
                                 words(action.find(tei("date"))))
            for action in self.xpath("tei:teiHeader/tei:profileDesc/tei:correspDesc/tei:correspAction"))

    @cached_property
    def context(self) -> tuple[ContextLink, ...]:
        found = []
        for ref in self.xpath("tei:teiHeader/tei:profileDesc/tei:correspDesc/tei:correspContext//*[self::tei:ref or self::tei:ptr]"):
            kind = f"{ref.get('subtype') or ''} {ref.get('type') or ''}".lower()
            relation = "previous" if "prev" in kind else "next" if "next" in kind else "other"
            target = ((ref.get("target") or "").split() or [""])[0]
            target = re.sub(r"\.(xml|html?)$", "", target.rsplit("/", 1)[-1].lstrip("#"))
            scope = ref.get("type") or "" if ref.get("subtype") or relation == "other" else ""
            found.append(ContextLink(relation, scope, words(ref) or target, target))
        return tuple(found)

    @cached_property
    def summary(self) -> DocumentSummary:
        date = next((d for d in self.date_elements if dating(d)), self.date_elements[0] if self.date_elements else None)
        attributes = dating(date) if date is not None else {}
        when = attributes.get("when") or attributes.get("notBefore") or attributes.get("from") or ""
        return DocumentSummary(self.id, self.title, when, words(date),
                               "; ".join(words(n) for n in self.parties("sent")),
                               "; ".join(words(n) for n in self.parties("received")),
                               self.correspondence, self.context, self.principles)

    @cached_property
    def principles(self) -> tuple[str, ...]:
        """The editorial principles it states (encodingDesc/editorialDecl): each paragraph on one line, those of
        a part (normalization, correction ...) after the part's name."""
        found = []
        for decl in self.xpath("tei:teiHeader/tei:encodingDesc/tei:editorialDecl"):
            for part in decl:
                if not isinstance(part.tag, str):
                    continue
                name = etree.QName(part).localname
                paragraphs = [words(p) for p in part.iter(tei("p"))] if name != "p" else [words(part)]
                if name != "p" and not paragraphs and words(part):
                    paragraphs = [words(part)]
                label = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).capitalize() + ": " if name != "p" else ""
                found += [label + text for text in paragraphs if text]
        return tuple(found)

    # ------------------------------------------------------------------ sources and witnesses

    @cached_property
    def sources(self) -> list[etree._Element]:
        """The sources the header cites: sourceDesc's bibl, biblStruct and msDesc (not those inside
        another source or a witness list), the selection xslt/page.xsl formats."""
        within = "(.//tei:teiHeader)[1]/tei:fileDesc/tei:sourceDesc//"
        return self.xpath(f"{within}tei:bibl[not(ancestor::tei:bibl or ancestor::tei:msDesc or ancestor::tei:listWit)]"
                          f" | {within}tei:biblStruct | {within}tei:msDesc[not(ancestor::tei:listWit)]")

    def source(self, source_id: str) -> etree._Element | None:
        """The cited source with this xml:id (`#id` or `id`)."""
        source_id = source_id.removeprefix("#")
        return next((s for s in self.sources if s.get(XML_ID) == source_id), None)

    @cached_property
    def partner(self) -> str:
        """The other document this one is aligned with (a translation with its original): `TEI/@corresp` or
        `text/@corresp` pointing at a file, else the file part of a `linkGrp[@type='alignment']` link's target
        (`original.xml#p1 #t1`). A reference relative to this document's file ('' for none); a pointer inside the
        document (`#id`) names no other document."""
        pointers = [self.root.get("corresp") or "", *(t.get("corresp") or "" for t in self.xpath("tei:text"))]
        pointers += self.xpath("tei:text//tei:linkGrp[@type = 'alignment']/tei:link/@target")
        for pointer in pointers:
            for token in pointer.split():
                path = token.split("#", 1)[0]
                if path and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path):  # a file of the edition, not an address
                    return path
        return ""

    @cached_property
    def witnesses(self) -> list[tuple[str, str]]:
        """(siglum, description as written) of each witness of a collated document: listWit/witness by @xml:id, else @n."""
        return [(w.get(XML_ID) or w.get("n"), words(w)) for w in self.xpath(".//tei:listWit//tei:witness[@xml:id or @n]")]

    # ------------------------------------------------------------------ entities

    @cached_property
    def registry(self) -> Registry:
        """The entities the document carries (its standOff, back, particDesc ...)."""
        return document_registry(self.root, self.file)

    @cached_property
    def _by_identifier(self) -> dict[str, Entity]:
        """URI -> entity: the registers' first, then the document's own lists', then the shared ones'."""
        found: dict[str, Entity] = {}
        for registry in self._lookup_order:
            for entity in registry.entities.values():
                for uri in entity.uris:
                    found.setdefault(_same_uri(uri), entity)
        return found

    @property
    def _lookup_order(self) -> list[Registry]:
        return [r for r in (self.registers, self.registry, self.shared) if r is not None]

    def entity_of_key(self, key: str) -> Entity | None:
        """The entity a pointer names: an id (`#id` or `id`) of the edition's registers, else of the document's
        own lists (its standOff copy), else of the lists of the files read with it; or a URI one of them has."""
        key = key.strip()
        entity = next((found for registry in self._lookup_order
                       if (found := registry.entities.get(key.removeprefix("#"))) is not None), None)
        if entity is None and re.match(r"https?://", key):
            entity = self._by_identifier.get(_same_uri(key))
        return entity

    @cached_property
    def first_forms(self) -> dict[str, str]:
        """Entity key -> the words of the first name in the text that points at it."""
        found: dict[str, str] = {}
        for text in self.root.iter(tei("text")):
            for name in text.iter(*KIND_OF_ELEMENT, *GENERIC_NAMES):
                key = occurrence_key(name)
                if key and key not in found and occurrence_kind(name) and not any(a.tag in REGISTER_LISTS for a in name.iterancestors()):
                    found[key] = " ".join(as_written(name).split())
        return found

    def heading(self, key: str, kind: str, form: str) -> IndexHeading:
        """The index heading of a name occurrence: from the entity it points at, else from the words
        of the first name in the text that points where it does (not from whichever is rendered first)."""
        entity = self.entity_of_key(key)
        if entity is None:
            return IndexHeading(key, kind, self.first_forms.get(key) or form or key)
        return IndexHeading(key, entity.kind, entity.regular.text, entity.sort, tuple(f.text for f in entity.forms),
                            coordinates(entity.geo), tuple(entity.identifiers) + life_dates(entity))

    def entity(self, name: etree._Element) -> Entity | None:
        """The entity a name element points at: its @ref tokens, then its @key tokens."""
        for token in (name.get("ref") or "").split() + [occurrence_key(name)]:
            entity = self.entity_of_key(token)
            if entity is not None:
                return entity
        return None
