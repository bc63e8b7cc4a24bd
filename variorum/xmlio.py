"""Reading and writing XML: one safe parser for the whole toolchain, atomic writes.

Every command that reads XML calls `parse_xml`: no DTD is loaded, no external
entity resolved, nothing fetched from the network, entity expansion bounded.
A stranger's TEI cannot make us read a file or open a connection.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lxml import etree

from variorum.diagnostics import InputError, UsageError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}


def tei(tag: str) -> str:
    """Clark name of a TEI element: tei('p') -> '{http://www.tei-c.org/ns/1.0}p'."""
    return f"{{{TEI_NS}}}{tag}"


XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(path: Path | str) -> etree._ElementTree:
    """Parse one XML file safely; raise InputError with file:line:column if it is not well-formed."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}", file=str(path)) from None
    return parse_xml_bytes(data, str(path))


def parse_xml_bytes(data: bytes, name: str) -> etree._ElementTree:
    if not data.strip():
        raise InputError("the file is empty; expected a TEI document", file=name, line=1, column=1)
    try:
        root = etree.fromstring(data, _safe_parser(), base_url=name)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        message = exc.msg or str(exc)
        # libxml2 appends its own ", line N, column M"; we give the position ourselves.
        message = message.split(", line ")[0]
        raise InputError(f"not well-formed XML: {message}", file=name, line=line, column=column) from None
    return root.getroottree()


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    A crash leaves either the old file or the new one, never half of one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~_UMASK)  # mkstemp makes 0600; a written file gets the usual permissions
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Elements whose text is the document's words: never re-indented, whitespace inside is text.
MIXED_CONTENT = {
    tei(tag)
    for tag in (
        "p", "salute", "closer", "opener", "signed", "dateline", "head", "note", "bibl", "title", "supplied",
        "hi", "foreign", "persName", "placeName", "orgName", "date", "choice", "orig", "reg", "app", "lem",
        "rdg", "l", "ab", "seg", "q", "quote", "item", "cell", "label", "term", "publisher", "pubPlace",
        "author", "editor", "biblScope", "ref", "locus", "repository", "idno", "geo", "desc",
    )
}


def indent_structure(element: etree._Element, level: int = 0) -> None:
    """Indent the element-only parts of a TEI tree (header, lists, divisions) for editors
    who read the file, and leave every mixed-content element exactly as it is."""
    if element.tag in MIXED_CONTENT or not len(element):
        return
    if (element.text or "").strip() or any((child.tail or "").strip() for child in element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        indent_structure(child, level + 1)
    element[-1].tail = "\n" + "  " * level


def serialize_tei(root: etree._Element) -> bytes:
    """The bytes of a TEI document as variorum writes it: UTF-8, declaration, structure
    indented, final newline."""
    indent_structure(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"
