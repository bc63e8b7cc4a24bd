"""Reading and writing XML: one safe parser for the whole toolchain, atomic writes.

Every command that reads XML (encode's and collate's --authority, validate,
build, export) reads it through `read_xml` (a path, or bytes and their name),
which gives an `XmlFile` (the tree, its notes, positions); `XmlFile.strict()`
gives the tree to a reader that cannot work around a fault:

- no DTD is loaded and nothing is fetched from the network; an external DTD
  is named in a warning, an entity it would declare is an error;
- entities the document declares itself are expanded, bounded by libxml2's
  limit on expansion (a billion-laughs file stops at once, with a message);
  an external entity (`SYSTEM "file:///etc/passwd"`) is never read: error;
- an xi:include is resolved only for a file in the document's own folder or
  below it; anything else (an address, /etc/passwd, ../) takes its
  xi:fallback, and without one it is an error;
- every problem has file:line:column and says what to do.

A stranger's TEI cannot make us read a file or open a connection.
"""
from __future__ import annotations

import functools
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from variorum.diagnostics import Diagnostic, InputError, UsageError, VariorumError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}


XML_SUFFIXES = (".xml", ".tei")


def xml_files(paths, recursive: bool = True, missing: list[Path] | None = None) -> list[Path]:
    """The XML files `paths` name, for every command alike: a file as given; a folder's *.xml and
    *.tei files (and its subfolders', if `recursive`), hidden files and folders aside, sorted; each
    file once. A path that does not exist is a UsageError, or is added to `missing` when given."""
    found: list[Path] = []
    seen: set[str] = set()
    for path in map(Path, paths):
        if path.is_dir():
            candidates = _folder_files(path, recursive)
        elif path.exists():
            candidates = [(path, os.path.realpath(path))]
        elif missing is not None:
            missing.append(path)
            continue
        else:
            raise UsageError("no such file or folder", file=str(path))
        for file, key in candidates:
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def resolved(path: Path | str) -> str:
    """A file's absolute path, its folder's links and `..` resolved: the name by which two documents' pointers at
    each other are compared (TEI/@corresp). The folder is resolved once for all its files (10,000 documents in one
    folder: one lookup, not 10,000); the file itself is not followed if it is a link."""
    folder, name = os.path.split(os.fspath(path))  # strings, not Paths: this is called for every document
    return os.path.join(_resolved_folder(os.path.abspath(folder)), name)  # absolute: the cache outlives a chdir


@functools.lru_cache(maxsize=1024)
def _resolved_folder(folder: str) -> str:
    return str(Path(folder).resolve())


def _folder_files(folder: Path, recursive: bool) -> list[tuple[Path, str]]:
    """A folder's XML files (below it, if `recursive`; hidden ones and hidden folders aside, links to folders
    not followed), sorted as paths sort, each with its real path: its folder's, resolved once, and its name
    (a link, resolved itself). Listed with scandir, whose entries know their kind: no stat a file at 10,000."""
    found: list[tuple[tuple[str, ...], str]] = []
    pending = [()]
    while pending:
        parts = pending.pop()
        here = os.path.join(folder, *parts)
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        real = os.path.realpath(here)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if recursive and entry.is_dir(follow_symlinks=False):
                pending.append(parts + (entry.name,))
            elif os.path.splitext(entry.name)[1].lower() in XML_SUFFIXES and entry.is_file():
                key = os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real, entry.name)
                found.append((parts + (entry.name,), key))
    found.sort()
    return [(folder / parts[0] if len(parts) == 1 else folder.joinpath(*parts), key) for parts, key in found]


def sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str | None) -> etree._Element:
    """A TEI child element at the end of `parent`: its text (none when None) and the attributes
    that have a value (None and "" are left out: TEI has no use for an empty attribute)."""
    element = etree.SubElement(parent, tei(tag), {name: value for name, value in attributes.items() if value})
    if text is not None:
        element.text = text
    return element


def tei(tag: str) -> str:
    """Clark name of a TEI element: tei('p') -> '{http://www.tei-c.org/ns/1.0}p'."""
    return f"{{{TEI_NS}}}{tag}"


XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


# One parser configuration for the whole toolchain. Entities declared in the document
# itself are expanded (libxml2 refuses an expansion many times larger than the file:
# "billion laughs"); an external entity or DTD is never read, nothing is fetched.
_PARSER_OPTIONS = dict(
    resolve_entities="internal",
    load_dtd=False,
    dtd_validation=False,
    no_network=True,
    huge_tree=False,
    remove_blank_text=False,
)

XI_NS = "http://www.w3.org/2001/XInclude"
MAX_INCLUDE_DEPTH = 10
WELL_FORMED = "well-formed"
XINCLUDE = "xinclude"


@dataclass
class XmlFile:
    """A parsed file and what is needed to say where things are in it.

    `tree` has its local XIncludes resolved; `origins` maps the root of each
    included part to the file it came from; `notes` are what the reader should
    hear about the file although it was read (an external DTD that was not
    loaded, an xi:include that could not be resolved)."""

    name: str
    tree: etree._ElementTree
    source: bytes | None = None  # the file's bytes, to find columns
    origins: dict = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    _lines: list[bytes] | None = None
    _by_line: dict[int, list[etree._Element]] | None = None

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    def lines(self) -> list[bytes]:
        if self._lines is None:
            self._lines = (self.source or b"").split(b"\n")
        return self._lines

    def elements_on(self, line: int) -> list[etree._Element]:
        """The elements whose start tag is on `line`, in document order (indexed once, when first asked)."""
        if self._by_line is None:
            self._by_line = {}
            for element in self.tree.getroot().iter(etree.Element):
                self._by_line.setdefault(element.sourceline, []).append(element)
        return self._by_line.get(line, [])

    def strict(self, notes: list[Diagnostic] | None = None) -> etree._ElementTree:
        """The tree, for readers that cannot work around a fault: an unresolvable xi:include is an
        InputError; warnings (an external DTD not loaded) go to `notes` when given."""
        for note in self.notes:
            if note.severity == "error":
                raise InputError(note.message, note.file, note.line, note.column)
        if notes is not None:
            notes.extend(self.notes)
        return self.tree

    def position(self, node: etree._Element | None, attribute: str | None = None) -> tuple[str, int | None, int | None]:
        """(file, line, column) of an element (or of one of its attributes)."""
        if node is None:
            return self.name, None, None
        for ancestor in (node, *node.iterancestors()):
            if ancestor in self.origins:
                return self.origins[ancestor], node.sourceline, None
        line = node.sourceline
        return self.name, line, _column(self, node, line, attribute)


def _column(document: XmlFile, node: etree._Element, line: int | None, attribute: str | None) -> int | None:
    """The column of the element's start tag (or of the attribute in it), found in the source text."""
    if document.source is None or line is None or not isinstance(node.tag, str):
        return None
    lines = document.lines()
    if line > len(lines):
        return None
    qname = (f"{node.prefix}:" if node.prefix else "") + etree.QName(node).localname
    # Elements that start on the same line before this one, with the same name.
    same = [e for e in document.elements_on(line) if e.tag == node.tag]
    try:
        rank = same.index(node)
    except ValueError:
        return None
    text = lines[line - 1].decode("utf-8", "replace")
    position = -1
    for _ in range(rank + 1):
        position = _find_tag(text, qname, position + 1)
        if position < 0:
            return None
    if attribute:
        name = attribute if not attribute.startswith("{") else _attribute_qname(node, attribute)
        end = text.find(">", position)
        at = text.find(f" {name}=", position, end if end > 0 else None)
        if at < 0:
            at = text.find(f"\t{name}=", position, end if end > 0 else None)
        if at >= 0:
            return at + 2
    return position + 1


def _find_tag(text: str, qname: str, start: int) -> int:
    while True:
        at = text.find(f"<{qname}", start)
        if at < 0:
            return -1
        after = text[at + 1 + len(qname): at + 2 + len(qname)]
        if after in ("", " ", ">", "/", "\t", "\r", "\n"):
            return at
        start = at + 1


def _attribute_qname(node: etree._Element, clark: str) -> str:
    namespace, local = clark[1:].split("}", 1)
    if namespace == XML_NS:
        return f"xml:{local}"
    prefix = next((p for p, u in (node.nsmap or {}).items() if u == namespace and p), None)
    return f"{prefix}:{local}" if prefix else local


# ---------------------------------------------------------------------------
# Reading: the one function every reader calls
# ---------------------------------------------------------------------------

def read_xml(source: Path | str | bytes, name: str | None = None) -> XmlFile:
    """The one XML reader: a file (a path), or bytes that `name` names, parsed safely, its local
    XIncludes resolved. UsageError if the file cannot be read; InputError (with file:line:column)
    if it is not well-formed XML or is hostile. `.strict()` gives the tree to readers that need it whole."""
    if isinstance(source, bytes):
        data, name = source, name or "<bytes>"
    else:
        path = Path(source)
        name = name or str(path)
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            raise UsageError("is a folder, not a file", file=str(path)) from None
        except OSError as exc:
            raise UsageError(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    document = _parse(data, name)
    if b"XInclude" in data:
        resolve_xincludes(document)
    return document


def _parse(data: bytes, name: str) -> XmlFile:
    _refuse_non_xml(data, name)
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS), base_url=name)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        message = (exc.msg or str(exc)).split(", line ")[0]  # libxml2 appends a position; we give ours
        raise InputError(_well_formed_message(message, data), file=name, line=line, column=column) from None
    document = XmlFile(name, root.getroottree(), data)
    info = document.tree.docinfo
    if info.system_url or info.public_id:
        line, column = _doctype_position(data)
        document.notes.append(Diagnostic(name, line, column, "warning", WELL_FORMED,
            f"the DOCTYPE refers to an external DTD ({info.system_url or info.public_id}), which variorum never "
            "loads (a DTD can read files and addresses): remove the DOCTYPE declaration; TEI P5 is checked with RELAX NG"))
    return document


def _refuse_non_xml(data: bytes, name: str) -> None:
    """Clear messages for files that are not XML at all."""
    if not data.strip():
        raise InputError("the file is empty; expected a TEI document", file=name, line=1, column=1)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:1024] and not utf16:
        raise InputError("this is a binary file, not XML; expected a TEI document", file=name, line=1, column=1)
    head = data.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
    if head and not head.startswith(b"<") and not utf16:
        raise InputError("this is not XML (it does not begin with '<'): expected a TEI document", file=name, line=1, column=1)


_ENTITY_NOT_DEFINED = re.compile(r"Entity '([^']+)' not defined")


def _well_formed_message(message: str, data: bytes) -> str:
    """libxml2's message, said for an editor where the cause is one we know."""
    if "amplification" in message:
        return ("the DOCTYPE declares entities that expand to an enormous text (an entity expansion attack, "
                "'billion laughs'): variorum stops reading; remove the DOCTYPE declaration")
    if "already defined" in message and "ID " in message:
        identifier = message.split("ID ", 1)[1].split(" already")[0]
        return (f'xml:id="{identifier}" is used twice: an identifier must be unique in the document; '
                "rename one of them (and the pointers to it)")
    undefined = _ENTITY_NOT_DEFINED.search(message)
    if undefined:
        entity = undefined.group(1)
        external = re.search(rb"<!ENTITY\s+(%\s+)?" + re.escape(entity.encode()) + rb"\s+(?:SYSTEM|PUBLIC)\s+(\"[^\"]*\"|'[^']*')",
                             _internal_subset(data))
        if external:
            reference = ("%" if external.group(1) else "&") + entity + ";"
            where = external.group(2)[1:-1].decode("utf-8", "replace")
            return (f"{reference} is an external entity ({where}): variorum never reads a file or an address "
                    "an entity points at; write the text itself")
        if re.search(rb"<!DOCTYPE\s+[^\s\[>]+\s+(?:SYSTEM|PUBLIC)", data[:4096]):
            return (f"&{entity}; is declared in the external DTD, which variorum never loads: write the character "
                    f"itself (for example &#160; for &nbsp;) or declare the entity in the document")
        return f"&{entity}; is not declared: write the character itself, or declare the entity in the DOCTYPE"
    if "Excessive depth" in message:
        return ("the elements nest deeper than 256 levels: variorum stops reading (no edition nests this deep; "
                "the file is broken or an attack)")
    return f"not well-formed XML: {message}"


def _internal_subset(data: bytes) -> bytes:
    at = data.find(b"<!DOCTYPE")
    if at < 0:
        return b""
    opening = data.find(b"[", at)
    closing = data.find(b"]>", at)
    return data[opening:closing] if 0 <= opening < closing else b""


def _doctype_position(data: bytes) -> tuple[int, int | None]:
    at = data.find(b"<!DOCTYPE")
    if at < 0:
        return 1, None
    before = data[:at]
    return before.count(b"\n") + 1, at - (before.rfind(b"\n") + 1) + 1


# ---------------------------------------------------------------------------
# XInclude: local files only, otherwise the fallback
# ---------------------------------------------------------------------------

def resolve_xincludes(document: XmlFile) -> None:
    """Resolve the document's xi:include elements in place, as Debian's jing does, but safely.

    An include of a file in the document's own folder (or below it) is read
    with the safe parser; anything else (another folder, an address, a missing
    file) takes the xi:fallback; without one it is an error note."""
    root = document.tree.getroot()
    if next(root.iter(f"{{{XI_NS}}}include"), None) is None:
        return
    origin = Path(document.name).resolve()
    _resolve_in(document, root, origin.parent, origin.parent, {origin}, 0)


def _resolve_in(document: XmlFile, root: etree._Element, base: Path, folder: Path, seen: set[Path], depth: int) -> None:
    """Resolve the includes under `root`: hrefs relative to `base` (the folder of the file they
    are written in), targets only inside `folder` (the document's own)."""
    for include in list(root.iter(f"{{{XI_NS}}}include")):
        href = include.get("href", "")
        target, why = _local_target(base, folder, href)
        replacement: list | None = None
        if target is None:
            pass
        elif target in seen:
            why = "it would include itself"
        elif depth >= MAX_INCLUDE_DEPTH:
            why = f"includes nest deeper than {MAX_INCLUDE_DEPTH}"
        else:
            try:
                replacement = _included(document, include, target, folder, seen, depth)
            except VariorumError as error:
                why = error.message
            except OSError as error:
                why = f"cannot read it: {error.strerror or error}"
        if replacement is None:
            fallback = include.find(f"{{{XI_NS}}}fallback")
            if fallback is None:
                file, line, column = document.position(include)
                document.notes.append(Diagnostic(file, line, column, "error", XINCLUDE,
                    f"xi:include of {href!r} cannot be resolved ({why}) and has no xi:fallback: "
                    "add one, or put the file beside the document"))
                replacement = []
            else:
                replacement = ([fallback.text] if fallback.text else []) + [
                    node for child in fallback for node in (child, child.tail) if node is not None]
                for child in fallback:
                    child.tail = None
        _replace(include, replacement)


def _local_target(base: Path, folder: Path, href: str) -> tuple[Path | None, str]:
    """The file an href names, if it may be read; else None and why not."""
    if not href or ":" in href.split("/", 1)[0] or href.startswith(("/", "\\")):
        return None, "an address or an absolute path is never followed"
    target = (base / href).resolve()
    if not target.is_relative_to(folder):
        return None, "only files in the document's own folder or below it are included"
    if not target.is_file():
        return None, "no such file"
    return target, ""


def _included(document: XmlFile, include, target: Path, folder: Path, seen: set[Path], depth: int) -> list:
    data = target.read_bytes()
    if include.get("parse", "xml") == "text":
        return [data.decode(include.get("encoding") or "utf-8", "replace")]
    part = _parse(data, str(target))  # its own includes are resolved below, with the document's guards
    root = part.tree.getroot()
    pointer = include.get("xpointer")
    if pointer:
        wanted = pointer[len("element("):-1] if pointer.startswith("element(") else pointer
        root = next((e for e in root.iter() if e.get(XML_ID) == wanted), None)
        if root is None:
            raise InputError(f"{target.name} has no element with xml:id {wanted!r}")
    document.origins[root] = str(target)
    _resolve_in(document, root, target.parent, folder, seen | {target}, depth + 1)
    return [root]


def _replace(node: etree._Element, replacement: list) -> None:
    """Put `replacement` (strings and elements) where `node` is, keeping the text around it."""
    parent = node.getparent()
    text_before = ""
    elements_and_tails: list = []
    for item in replacement:
        if isinstance(item, str):
            if elements_and_tails:
                last = elements_and_tails[-1]
                last.tail = (last.tail or "") + item
            else:
                text_before += item
        else:
            elements_and_tails.append(item)
    if elements_and_tails:
        last = elements_and_tails[-1]
        last.tail = (last.tail or "") + (node.tail or "")
    else:
        text_before += node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text_before
    else:
        parent.text = (parent.text or "") + text_before
    index = parent.index(node)
    parent.remove(node)
    for offset, element in enumerate(elements_and_tails):
        parent.insert(index + offset, element)


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
