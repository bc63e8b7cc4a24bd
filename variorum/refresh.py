"""The registers are the master of every entity: documents' standOff copies compared with them, and refreshed.

A document encoded by variorum carries a copy of each entity it names in its
`standOff`, so that it travels alone. The pages read the registers
(`TeiDocument(registers=...)`); this module says where a copy no longer
matches its register entry, and brings copies up to date:

| step      | what                                                                                     |
|-----------|------------------------------------------------------------------------------------------|
| expected  | a register entry as `encode` would copy it now (`RegisterCopies.expected`, once per entry) |
| compare   | a copy and its entry, whitespace aside (`differing_copies`; `stale`, from digests of the copies kept by an incremental build: `copy_shapes`); the build warns at the copy's file:line (`stale_message`) |
| refresh   | `variorum encode --refresh-entities TEI...`: each differing copy's bytes replaced by the expected entry, indented as the copy was; every other byte of the file kept; written atomically |

A copy of an entity no register holds is the document's own and is left alone.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lxml import etree

from variorum.authority import KINDS, Entity, Registry, load_registry
from variorum.diagnostics import EXIT_OK, Diagnostic, InputError, Reporter, VariorumError
from variorum.standoff import standoff_copies
from variorum.xmlio import XML_ID, XmlFile, indent_structure, read_xml, tei, write_atomic

RULE = "register-copy"
# What may sit between tags: comments, CDATA, processing instructions, or a tag of the element's name.
_TOKEN = r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?){qname}(?=[\s/>])(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/?)>"


def _shape(element: etree._Element) -> tuple:
    """An element as compared with its register entry: names, attributes, words; whitespace and comments aside."""
    def words(text: str | None) -> str:
        return " ".join((text or "").split())

    children = tuple((_shape(child), words(child.tail)) for child in element if isinstance(child.tag, str))
    return (element.tag, tuple(sorted(element.attrib.items())), words(element.text), children)


class RegisterCopies:
    """The edition's registers, and each entry as a document's standOff copy of it would be written now."""

    def __init__(self, registers: Registry):
        self.registers = registers
        self._expected: dict[str, etree._Element] = {}
        self._shapes: dict[str, tuple] = {}
        self._digests: dict[str, str] = {}

    def expected(self, entity_id: str) -> etree._Element:
        if entity_id not in self._expected:
            entity = self.registers.entities[entity_id]
            stand_off = standoff_copies({entity_id: entity}, self.registers)
            self._expected[entity_id] = next(e for e in stand_off.iter(*KINDS) if e.get(XML_ID) == entity_id)
        return self._expected[entity_id]

    def shape(self, entity_id: str) -> tuple:
        if entity_id not in self._shapes:
            self._shapes[entity_id] = _shape(self.expected(entity_id))
        return self._shapes[entity_id]

    def differing_copies(self, root: etree._Element) -> list[etree._Element]:
        """The entity elements of a document's standOff whose register entry says something else."""
        return [copy for copy in stand_off_copies(root)
                if copy.get(XML_ID) in self.registers.entities and _shape(copy) != self.shape(copy.get(XML_ID))]

    def stale(self, copies: list[tuple[str | None, int, str]]) -> list[tuple[str, int]]:
        """(entity id, line) of each standOff copy that no longer matches its register entry, from the copies
        as `copy_shapes` gives them (so that a build need not read a document again to compare its copies)."""
        return [(entity_id, line) for entity_id, line, shape in copies
                if entity_id in self.registers.entities and shape != self.shape_digest(entity_id)]

    def shape_digest(self, entity_id: str) -> str:
        if entity_id not in self._digests:
            self._digests[entity_id] = _digest(self.shape(entity_id))
        return self._digests[entity_id]


def stand_off_copies(root: etree._Element) -> list[etree._Element]:
    """The entity elements of a document's standOff, in document order."""
    return [copy for stand_off in root.iter(tei("standOff")) for copy in stand_off.iter(*KINDS)]


def copy_shapes(root: etree._Element) -> list[tuple[str | None, int, str]]:
    """(xml:id, line, a digest of what is compared) of each standOff copy of a document: what `stale` needs."""
    return [(copy.get(XML_ID), copy.sourceline, _digest(_shape(copy))) for copy in stand_off_copies(root)]


def _digest(shape: tuple) -> str:
    return hashlib.sha256(repr(shape).encode("utf-8")).hexdigest()[:16]  # compared with one entry's: 64 bits are enough


def stale_message(entity: Entity, file: str) -> str:
    return (f"the standOff copy of {entity.kind} '{entity.id}' differs from its register entry ({entity.source}); "
            f"the pages show the register's. Bring the copy up to date with `variorum encode --refresh-entities {file}`")


# ------------------------------------------------------------------ refresh


def _span(document: XmlFile, element: etree._Element) -> tuple[int, int]:
    """Where an element's bytes are in its file: its start tag to the end of its end tag."""
    file, line, column = document.position(element)
    if file != document.name or line is None or column is None:
        raise InputError(f"cannot find <{etree.QName(element).localname} xml:id=\"{element.get(XML_ID)}\"> in the "
                         "file's text (is it XIncluded?); refresh it by hand", file=document.name, line=line)
    data = document.source
    offset = sum(len(text) + 1 for text in document.lines()[:line - 1])
    start = offset + len(document.lines()[line - 1].decode("utf-8", "replace")[:column - 1].encode("utf-8"))
    qname = re.escape((f"{element.prefix}:" if element.prefix else "") + etree.QName(element).localname)
    depth = 0
    for token in re.compile(_TOKEN.format(qname=qname).encode(), re.DOTALL).finditer(data, start):
        if token.group(0).startswith((b"<!", b"<?")):
            continue
        closing, empty = token.group(1), token.group(2)
        depth += 0 if empty else (-1 if closing else 1)
        if depth == 0:
            return start, token.end()
    raise InputError("cannot find the end of the element in the file's text", file=document.name, line=line)


def _replacement(copy: etree._Element, expected: etree._Element, indent: bytes) -> bytes:
    """The expected entry as bytes in the copy's place: the copy's namespace prefixes, its indentation."""
    in_scope = dict(copy.nsmap or {})
    new = etree.fromstring(etree.tostring(expected))
    copy.getparent().replace(copy, new)  # in the document's tree: its namespace declarations are used
    indent_structure(new)
    data = etree.tostring(new, encoding="UTF-8", with_tail=False)
    head, _, rest = data.partition(b">")
    for prefix, uri in in_scope.items():  # in scope already: not declared again
        name = b"xmlns" + (b":" + prefix.encode() if prefix else b"")
        head = head.replace(b" " + name + b'="' + uri.encode() + b'"', b"")
    return (head + b">" + rest).replace(b"\n", b"\n" + indent)


def refresh_file(path: Path, copies: RegisterCopies) -> int:
    """Bring one document's standOff copies up to date; the number refreshed. Other bytes are kept."""
    document = read_xml(path)
    encoding = (document.tree.docinfo.encoding or "UTF-8").upper()
    if encoding not in ("UTF-8", "UTF8", "US-ASCII", "ASCII"):
        raise InputError(f"the file is in {encoding}; --refresh-entities rewrites UTF-8 files only", file=str(path))
    differing = copies.differing_copies(document.root)
    if not differing:
        return 0
    data = document.source
    pieces = []
    for copy in differing:  # spans first, while the tree is the file's
        start, end = _span(document, copy)
        line_start = data.rfind(b"\n", 0, start) + 1
        indent = data[line_start:start] if not data[line_start:start].strip() else b""
        pieces.append((start, end, indent, copy))
    result, last = [], 0
    for start, end, indent, copy in sorted(pieces, key=lambda piece: piece[0]):
        if start < last:
            continue  # inside a copy already replaced (a place within a place)
        result += [data[last:start], _replacement(copy, copies.expected(copy.get(XML_ID)), indent)]
        last = end
    result.append(data[last:])
    write_atomic(path, b"".join(result))
    return len(differing)


def refresh_entities(paths: list[Path], authority: list[Path] | None = None, reporter: Reporter | None = None) -> int:
    """`variorum encode --refresh-entities TEI...`: each document's standOff copies from the registers."""
    from variorum.encode import default_authority
    from variorum.xmlio import xml_files

    reporter = reporter or Reporter()
    registers = load_registry(authority if authority is not None else default_authority())
    if not registers.files:
        raise InputError("no registers to refresh from: give --authority, or run this inside an edition")
    copies = RegisterCopies(registers)
    registered = {Path(file).resolve() for file in registers.files}
    files = [file for file in xml_files(paths) if file.resolve() not in registered]
    refreshed = changed = 0
    for file in files:
        try:
            count = refresh_file(file, copies)
        except VariorumError as error:
            reporter.add(Diagnostic.of_error(error, RULE))
            continue
        if count:
            refreshed, changed = refreshed + count, changed + 1
            reporter.status(f"{file}: {count} entity cop{'ies' if count != 1 else 'y'} refreshed from the registers")
    reporter.status(f"refresh: {refreshed} standOff cop{'ies' if refreshed != 1 else 'y'} brought up to date in "
                    f"{changed} of {len(files)} document(s)")
    return reporter.exit_status() if reporter.diagnostics else EXIT_OK
