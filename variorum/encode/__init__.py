"""Plain text -> TEI: read the witness, then build the document in small passes.

The passes, in order (each `tree -> tree` over the body, see inline.py):

| # | pass          | turns                                   | into                                   |
|---|---------------|-----------------------------------------|----------------------------------------|
| 1 | read          | bytes                                   | Witness: header facts, citations, body blocks (read.py) |
| 2 | citations     | citation lines, joined                  | sourceDesc bibl / msDesc (citations.py) |
| 3 | header        | title, sender, recipient, date, fields  | teiHeader with correspDesc (header.py)  |
| 4 | page markers  | `[c. 520]`                              | `<pb n="521" edRef="#source-1"/>`       |
| 5 | insertions    | `[for them]`                            | `<supplied>for them</supplied>`         |
| 6 | italics       | `*x*`                                   | `hi[@rend=italic]` or `foreign[@xml:lang]` |
| 7 | names         | every form in the registers             | placeName/persName/orgName[@ref], choice/orig/reg for variants |
| 8 | dates         | `January 9`, `on the 16th`              | `date[@when]`, year and month from the document |
| 9 | standOff      | the entities the document uses          | listPlace / listPerson / listOrg        |

Page markers go first so that `[c. 520]` is not taken for an insertion;
insertions before names so that `Lushun [Port Arthur]` tags both names;
names before dates so that a date never swallows a name.
"""
from __future__ import annotations

import sys
from copy import deepcopy
from pathlib import Path

from lxml import etree

from variorum.authority import Entity, NameIndex, Registry, load_registry
from variorum.diagnostics import EXIT_OK, InputError, UsageError, VariorumError
from variorum.encode import inline
from variorum.encode.citations import parse_citations
from variorum.encode.dates import to_date
from variorum.encode.header import document_date, header, number_sources, sub
from variorum.encode.read import Witness, read_witness
from variorum.xmlio import TEI_NS, XML_ID, XML_LANG, serialize_tei, tei, write_atomic

# Block kind -> how it sits in the div.
BLOCK_ELEMENTS = {"salute": ("opener", "salute"), "p": (None, "p"), "closer": (None, "closer")}

DOCUMENT_KINDS = ("telegram", "letter", "cable", "memorandum", "note", "message", "report", "record", "minutes", "speech", "directive", "instruction", "resolution", "decree")


def citation_text(witness: Witness) -> str:
    """Citation lines joined: a wrapped line continues the one before it."""
    return " ".join(line.text.strip() for line in witness.citation_lines)


def _page_source(sources: list[etree._Element]):
    """Which cited printed source a page marker `[c. N]` belongs to."""
    printed = [s for s in sources if s.tag == tei("bibl") and s.get("type") != "online"]

    def pages(source: etree._Element) -> tuple[int, int] | None:
        for scope in source.iter(tei("biblScope")):
            if scope.get("unit") == "page" and (scope.get("from") or "").isdigit():
                to = scope.get("to") or scope.get("from")
                return int(scope.get("from")), int(to) if to.isdigit() else int(scope.get("from"))
        return None

    def source_of(page: int) -> str | None:
        for source in printed:
            span = pages(source)
            if span and span[0] <= page <= span[1]:
                return source.get(XML_ID)
        with_pages = [s for s in printed if pages(s)]
        chosen = (with_pages or printed or [None])[0]
        return chosen.get(XML_ID) if chosen is not None else None

    return source_of


def _body(witness: Witness) -> tuple[etree._Element, list[tuple[etree._Element, int]]]:
    """The div of the body, and each block element with the source line it comes from."""
    kinds = [k for k in DOCUMENT_KINDS if witness.title.lower().startswith(k)]
    div = etree.Element(tei("div"), type=kinds[0] if kinds else "document")
    opener = None
    lines = []
    for block in witness.blocks:
        wrapper, tag = BLOCK_ELEMENTS[block.kind]
        if wrapper == "opener":
            opener = opener if opener is not None else sub(div, "opener")
            element = sub(opener, tag, block.text)
        else:
            element = sub(div, tag, block.text, n=block.n)
        lines.append((element, block.line))
    return div, lines


def _check_page_order(witness: Witness, blocks: list[tuple[etree._Element, int]]) -> None:
    """Page markers of one source must ascend; a repeated or backward marker is the witness's error."""
    last: dict[str | None, int] = {}
    for element, line in blocks:
        for pb in element.iter(tei("pb")):
            source, page = pb.get("edRef"), int(pb.get("n"))
            if source in last and page <= last[source]:
                raise InputError(
                    f"page marker for page {page - 1} follows the one for page {last[source] - 1}: the printed source's "
                    "pages must ascend; correct or remove the repeated marker",
                    file=witness.source, line=line,
                )
            last[source] = page


def _with_references(used: dict[str, Entity], registry: Registry) -> dict[str, Entity]:
    """The entities used, and those their notes point at (`<ref target="#prc">`), so every pointer resolves."""
    closure = dict(used)
    pending = list(used.values())
    while pending:
        entity = pending.pop()
        for detail in entity.details:
            for element in detail.iter():
                for attribute in ("target", "ref", "corresp"):
                    for pointer in (element.get(attribute) or "").split():
                        target = registry.entities.get(pointer[1:]) if pointer.startswith("#") else None
                        if target is not None and target.id not in closure:
                            closure[target.id] = target
                            pending.append(target)
    return closure


def _stand_off(used: dict[str, Entity], registry: Registry) -> etree._Element | None:
    """The entities the document refers to, with all their forms, so that it travels alone."""
    used = _with_references(used, registry)
    lists = {"place": ("listPlace", "place"), "person": ("listPerson", "person"), "org": ("listOrg", "org")}
    stand_off = etree.Element(tei("standOff"))
    for kind, (list_tag, entity_tag) in lists.items():
        entities = [e for e in registry.entities.values() if e.id in used and e.kind == kind]
        if not entities:
            continue
        listing = sub(stand_off, list_tag)
        for entity in entities:
            element = sub(listing, entity_tag)
            element.set(XML_ID, entity.id)
            for form, name_type in [(entity.regular, "reg")] + [(v, "variant") for v in entity.variants]:
                name = sub(element, entity.name_element, form.text, type=name_type)
                if form.lang:
                    name.set(XML_LANG, form.lang)
            if entity.geo:
                sub(sub(element, "location"), "geo", entity.geo)
            facts = [d for d in entity.details if d.tag != tei("note")]
            element.extend(deepcopy(d) for d in facts)
            for id_type, value in entity.identifiers:
                sub(element, "idno", value, type=id_type)
            element.extend(deepcopy(d) for d in entity.details if d.tag == tei("note"))
    return stand_off if len(stand_off) else None


def _language(witness: Witness) -> str:
    text = " ".join(b.text for b in witness.blocks)
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    letters = sum(1 for c in text if c.isalpha()) or 1
    return "ru" if cyrillic / letters > 0.3 else "en"


def encode_witness(witness: Witness, registry: Registry, index: NameIndex | None = None) -> etree._Element:
    """One Witness -> one TEI document (the passes of the module docstring, in order)."""
    index = index or NameIndex(registry)
    used: dict[str, Entity] = {}
    sources = parse_citations(citation_text(witness), witness.title)
    number_sources(sources)
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    root.set(XML_LANG, _language(witness))
    root.append(header(witness, sources, index, used))
    div, blocks = _body(witness)
    when = document_date(witness)
    inline.page_markers(div, _page_source(sources))
    _check_page_order(witness, blocks)
    inline.insertions(div)
    inline.italics(div)
    inline.names(div, index, used)
    inline.dates(div, to_date(when) if when else None)
    stand_off = _stand_off(used, registry)
    if stand_off is not None:
        root.append(stand_off)
    text = sub(root, "text")
    sub(text, "body").append(div)
    return root


def encode_bytes(data: bytes, name: str, registry: Registry, index: NameIndex | None = None) -> bytes:
    """The bytes of a witness -> the bytes of its TEI document."""
    return serialize_tei(encode_witness(read_witness(data, name), registry, index))


def default_authority() -> list[Path]:
    """The edition's registers: those of the edition the current folder belongs to."""
    from variorum.config import find_edition

    edition = find_edition(Path.cwd(), search_parents=True)
    return [edition.authority_dir] if edition and edition.authority_dir.is_dir() else []


def encode_files(sources: list[Path], out: Path, authority: list[Path] | None = None, force: bool = False) -> int:
    """`variorum encode`: each source -> OUT/<stem>.xml; report every failure, write nothing half."""
    registry = load_registry(authority if authority is not None else default_authority())
    index = NameIndex(registry)
    registry.warn()
    if authority is None and not registry.files:
        print("variorum: warning: no registers found (no edition.toml here and no --authority); names are not tagged", file=sys.stderr)
    failures = 0
    status = EXIT_OK
    written = unchanged = 0
    show_progress = len(sources) > 1 and sys.stderr.isatty()
    for number, source in enumerate(sources, start=1):
        if show_progress:
            print(f"\rencode [{number}/{len(sources)}] {source.name}", end="", file=sys.stderr, flush=True)
        target = out / f"{source.stem}.xml"
        try:
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise UsageError(f"cannot read the witness: {exc.strerror or exc}", file=str(source)) from None
            document = encode_bytes(data, str(source), registry, index)
            if target.exists():
                if target.read_bytes() == document:
                    unchanged += 1
                    continue
                if not force:
                    raise InputError(
                        f"{target} exists and differs from the new encoding; it is left untouched "
                        "(it may hold an editor's changes). Use --force to overwrite it.",
                        file=str(source),
                    )
            write_atomic(target, document)
            written += 1
        except VariorumError as error:
            if show_progress:
                print(file=sys.stderr)
            print(f"variorum: {error}", file=sys.stderr)
            failures += 1
            status = max(status, error.exit_status)
    if show_progress:
        print(file=sys.stderr)
    print(f"encoded {len(sources) - failures} of {len(sources)} witnesses into {out}/ ({written} written, {unchanged} unchanged)", file=sys.stderr)
    return status
