"""RELAX NG grammars cut down to the names a document uses, and what they allow.

libxml2 (lxml.etree.RelaxNG) needs about 9 s to compile the whole of
tei_all.rng, where jing needs under a second. Nobody waits 9 s to check one
letter, so we never compile tei_all whole: we compile it *pruned* to the
document, which takes milliseconds.

Why the verdict stays exactly the same
--------------------------------------
Take a grammar G and sets E (element names) and A (attribute names). G|E,A is
G with every `element` pattern whose name class matches no name in E, and
every optional `attribute` pattern whose name class matches no name in A,
replaced by `<notAllowed/>` (wildcards, anyName/nsName, are kept whenever they
match a name in the set). For a document D whose element names are all in E
and whose attribute names are all in A:

- D valid against G|E,A  =>  D valid against G: RELAX NG has no negation of
  patterns, so replacing a pattern by notAllowed can only take documents away.
- D valid against G  =>  D valid against G|E,A: a derivation of D in G matches
  `element` patterns only against elements of D and `attribute` patterns only
  against attributes of D, so it uses none of the replaced patterns, and the
  same derivation works in G|E,A.

notAllowed is then propagated with the RELAX NG simplification rules (a
choice drops it; a group, interleave, oneOrMore or element becomes it;
optional and zeroOrMore become empty) and unreachable defines are dropped,
none of which changes the language. The *lean* pruning also leaves out what
then matches only the empty sequence (a ref to a define pruning emptied, as
most of TEI's attribute classes are for a given document): the same language,
but libxml2 walks every ref for every element and validates the lean grammar
about five times faster. libxml2 reports errors against it differently
(elsewhere, or without the expected name), so the lean pruning gives
verdicts and the plain one the errors. Any E and A that *contain* the
document's names give the same verdict, so E is widened on purpose with the children an
element must have (`titleStmt` needs `title`): a document that lacks one then
gets libxml2's "Expecting element title" at the right place instead of a
failure further up.

What libxml2's compile time depends on is the attribute patterns (TEI gives
each element some 40 optional global attributes, and libxml2 treats each
element's attributes as an interleave); pruning to the attributes a document
uses takes a letter's tei_all from 9 s to about 10 ms. The pruning itself
works on a pattern graph built once per grammar and only visits what is
reachable, a few milliseconds per name set.

The same surgery with E = the elements an ODD selects (and every attribute
kept) makes the edition's own schema out of tei_all (scripts/build_schema.py),
a subset of tei_all by construction.

`ElementInfo` (what an element may contain and carry, from the whole grammar)
is what validation messages use to say what was expected.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def rng(tag: str) -> str:
    """Clark name of a RELAX NG element."""
    return f"{{{RNG_NS}}}{tag}"


class GrammarError(Exception):
    """The file is not a RELAX NG grammar this module can read."""


# ---------------------------------------------------------------------------
# Name classes
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class NameClass:
    """A RELAX NG name class: which (Clark) names it matches."""

    kind: str  # 'name' | 'anyName' | 'nsName' | 'choice'
    name: str = ""  # the Clark name ('name') or the namespace URI ('nsName')
    parts: tuple["NameClass", ...] = ()  # 'choice'
    excepted: "NameClass | None" = None  # anyName / nsName

    def matches(self, clark: str) -> bool:
        if self.kind == "name":
            return clark == self.name
        if self.kind == "choice":
            return any(part.matches(clark) for part in self.parts)
        if self.excepted is not None and self.excepted.matches(clark):
            return False
        return self.kind == "anyName" or namespace_of(clark) == self.name

    def matches_any(self, names: frozenset[str]) -> bool:
        if self.kind == "name":
            return self.name in names
        return any(self.matches(n) for n in names)

    def names(self) -> frozenset[str]:
        """The names this class lists one by one (wildcards list none)."""
        if self.kind == "name":
            return frozenset((self.name,))
        return frozenset().union(*(part.names() for part in self.parts))

    @property
    def is_wildcard(self) -> bool:
        return self.kind in ("anyName", "nsName") or any(part.is_wildcard for part in self.parts)


def namespace_of(clark: str) -> str:
    return clark[1:].split("}", 1)[0] if clark.startswith("{") else ""


def local_name(clark: str) -> str:
    return clark.rsplit("}", 1)[-1]


def _inherited(node: etree._Element, attribute: str, default: str = "") -> str:
    while node is not None:
        value = node.get(attribute)
        if value is not None:
            return value
        node = node.getparent()
    return default


def _clark(qname: str, node: etree._Element, default_ns: str) -> str:
    qname = qname.strip()
    if ":" in qname:
        prefix, local = qname.split(":", 1)
        uri = XML_NS if prefix == "xml" else node.nsmap.get(prefix)
        if uri is None:
            raise GrammarError(f"line {node.sourceline}: undeclared prefix in {qname!r}")
        return f"{{{uri}}}{local}"
    return f"{{{default_ns}}}{qname}" if default_ns else qname


_NAME_CLASS_TAGS = {rng(t) for t in ("name", "anyName", "nsName", "choice")}


def _name_class(pattern: etree._Element) -> NameClass:
    """The name class of an `element` or `attribute` pattern."""
    is_attribute = pattern.tag == rng("attribute")
    if pattern.get("name") is not None:
        # RELAX NG 4.8: an attribute's name is in no namespace unless the attribute itself says so.
        ns = pattern.get("ns", "") if is_attribute else _inherited(pattern, "ns")
        return NameClass("name", _clark(pattern.get("name"), pattern, ns))
    for child in pattern:
        if child.tag in _NAME_CLASS_TAGS:
            return _read_name_class(child, is_attribute)
    raise GrammarError(f"line {pattern.sourceline}: {etree.QName(pattern).localname} without a name")


def _read_name_class(node: etree._Element, is_attribute: bool) -> NameClass:
    kind = etree.QName(node).localname
    if kind == "name":
        ns = node.get("ns") if node.get("ns") is not None else ("" if is_attribute else _inherited(node, "ns"))
        return NameClass("name", _clark(node.text or "", node, ns))
    if kind == "choice":
        return NameClass("choice", parts=tuple(_read_name_class(c, is_attribute) for c in node if c.tag in _NAME_CLASS_TAGS))
    excepted = None
    for child in node:
        if child.tag == rng("except"):
            excepted = NameClass("choice", parts=tuple(_read_name_class(c, is_attribute) for c in child if c.tag in _NAME_CLASS_TAGS))
    if kind == "anyName":
        return NameClass("anyName", excepted=excepted)
    ns = node.get("ns") if node.get("ns") is not None else _inherited(node, "ns")
    return NameClass("nsName", name=ns, excepted=excepted)


# ---------------------------------------------------------------------------
# The pattern graph
# ---------------------------------------------------------------------------

_GROUPS = frozenset(("group", "interleave", "oneOrMore", "mixed", "list", "element", "attribute", "define", "start"))
_OPTIONAL = frozenset(("optional", "zeroOrMore"))
_LEAVES = frozenset(("empty", "text", "data", "value", "notAllowed"))
_UNSUPPORTED = frozenset(("include", "externalRef", "parentRef", "div", "grammar"))


class Pattern:
    """One RELAX NG pattern of a grammar, with its children (a define's body is a group)."""

    __slots__ = ("kind", "xml", "children", "name_class", "ref", "optional")

    def __init__(self, kind: str, xml: etree._Element, children: list["Pattern"], name_class: NameClass | None = None, ref: str | None = None):
        self.kind = kind
        self.xml = xml
        self.children = children
        self.name_class = name_class
        self.ref = ref
        self.optional = False  # an attribute directly inside optional/zeroOrMore


def _read_pattern(node: etree._Element, source: str) -> Pattern:
    kind = etree.QName(node).localname
    if kind in _UNSUPPORTED:
        raise GrammarError(f"{source}:{node.sourceline}: <{kind}> is not supported: give one self-contained <grammar>")
    if kind in _LEAVES:
        return Pattern(kind, node, [])
    if kind == "ref":
        return Pattern(kind, node, [], ref=node.get("name"))
    pattern_nodes = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG_NS}}}")]
    name_class = None
    if kind in ("element", "attribute"):
        name_class = _name_class(node)
        if node.get("name") is None:
            pattern_nodes = pattern_nodes[1:]
    children = [_read_pattern(c, source) for c in pattern_nodes]
    if kind == "attribute" and not children:
        children = [Pattern("text", etree.Element(rng("text")), [])]
    if kind in _OPTIONAL:
        for child in children:
            if child.kind == "attribute":
                child.optional = True
    return Pattern(kind, node, children, name_class=name_class)


@dataclass
class ElementInfo:
    """What the grammar lets one element name contain and carry (for messages)."""

    name: str
    children: set[str] = field(default_factory=set)
    required_children: frozenset[str] = frozenset()
    any_element: bool = False  # a wildcard allows foreign elements
    text: bool = False
    attributes: set[str] = field(default_factory=set)
    required_attributes: set[str] = field(default_factory=set)
    any_attribute: bool = False
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)  # attribute -> closed list of values
    datatypes: dict[str, set[str]] = field(default_factory=dict)  # attribute -> XSD datatype names


class Grammar:
    """A RELAX NG grammar in XML syntax: one file, one <grammar> (as the TEI's compiled schemas are)."""

    def __init__(self, tree: etree._ElementTree, source: str = "<grammar>"):
        root = tree.getroot()
        if root.tag != rng("grammar"):
            raise GrammarError(f"{source}: not a RELAX NG grammar in XML syntax (the root is <{etree.QName(root).localname}>)")
        self.source = source
        self.root = root
        self.defines: dict[str, Pattern] = {}
        starts = []
        for child in root:
            if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{RNG_NS}}}"):
                continue  # annotations
            kind = etree.QName(child).localname
            if kind == "define":
                if child.get("combine") or child.get("name") in self.defines:
                    raise GrammarError(f"{source}:{child.sourceline}: combined defines are not supported")
                self.defines[child.get("name")] = _read_pattern(child, source)
            elif kind == "start":
                starts.append(_read_pattern(child, source))
            else:
                raise GrammarError(f"{source}:{child.sourceline}: <{kind}> is not supported at the top of the grammar")
        if len(starts) != 1:
            raise GrammarError(f"{source}: expected one <start>, found {len(starts)}")
        self.start = starts[0]
        for pattern in self._walk_all():
            if pattern.kind == "ref" and pattern.ref not in self.defines:
                raise GrammarError(f"{source}:{pattern.xml.sourceline}: reference to an undefined pattern {pattern.ref!r}")

    @classmethod
    def load(cls, path: Path | str) -> "Grammar":
        from variorum.xmlio import parse_xml

        return cls(parse_xml(path), str(path))

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(etree.tostring(self.root)).hexdigest()

    def _walk_all(self):
        todo = [self.start, *self.defines.values()]
        while todo:
            pattern = todo.pop()
            yield pattern
            todo.extend(pattern.children)

    # -- what the grammar says about names -------------------------------

    @cached_property
    def start_names(self) -> frozenset[str]:
        """The element names the grammar accepts as the root."""
        return frozenset().union(*(self._first_elements(c, set()) for c in self.start.children))

    def _first_elements(self, pattern: Pattern, seen: set[str]) -> frozenset[str]:
        if pattern.kind == "element":
            return pattern.name_class.names()
        if pattern.kind == "ref":
            if pattern.ref in seen:
                return frozenset()
            seen.add(pattern.ref)
            pattern = self.defines[pattern.ref]
        return frozenset().union(*(self._first_elements(c, seen) for c in pattern.children))

    def element_names(self) -> frozenset[str]:
        """Every element name the grammar lists by name and can reach from its start."""
        return frozenset(self.element_patterns)

    @cached_property
    def has_element_wildcards(self) -> bool:
        """Can a reachable element pattern match names it does not list (anyName, nsName)?"""
        return any(p.kind == "element" and p.name_class.is_wildcard for p in self._reachable_patterns())

    def _reachable_patterns(self):
        seen: set[str] = set()
        todo = [self.start]
        while todo:
            pattern = todo.pop()
            yield pattern
            if pattern.kind == "ref" and pattern.ref not in seen:
                seen.add(pattern.ref)
                todo.append(self.defines[pattern.ref])
            todo.extend(pattern.children)

    @cached_property
    def element_patterns(self) -> dict[str, list[Pattern]]:
        """The reachable element patterns for each element name they list."""
        index: dict[str, list[Pattern]] = {}
        for pattern in self._reachable_patterns():
            if pattern.kind == "element":
                for name in pattern.name_class.names():
                    index.setdefault(name, []).append(pattern)
        return index

    def info(self, name: str) -> ElementInfo | None:
        """What the grammar lets element `name` contain and carry; None if it does not know it."""
        cache = self.__dict__.setdefault("_info_cache", {})
        if name not in cache:
            patterns = self.element_patterns.get(name)
            info = None
            if patterns:
                info = ElementInfo(name)
                for pattern in patterns:
                    self._describe(pattern, info)
            cache[name] = info
        return cache[name]

    def _describe(self, element: Pattern, info: ElementInfo) -> None:
        seen: set[str] = set()
        todo = list(element.children)
        while todo:
            pattern = todo.pop()
            kind = pattern.kind
            if kind == "element":
                info.children |= pattern.name_class.names()
                info.any_element |= pattern.name_class.is_wildcard
            elif kind == "attribute":
                names = pattern.name_class.names()
                info.attributes |= names
                info.any_attribute |= pattern.name_class.is_wildcard
                for name in names:
                    self._describe_value(pattern, name, info)
            elif kind in ("text", "mixed"):
                info.text = True
                todo.extend(pattern.children)
            elif kind in ("data", "value", "list"):
                info.text = True
            elif kind == "ref":
                if pattern.ref not in seen:
                    seen.add(pattern.ref)
                    todo.append(self.defines[pattern.ref])
            else:
                todo.extend(pattern.children)
        info.required_children = info.required_children | self._required(element.children, "element", set())
        info.required_attributes |= self._required(element.children, "attribute", set())

    def _describe_value(self, attribute: Pattern, name: str, info: ElementInfo) -> None:
        values: list[str] = []
        datatypes: set[str] = set()
        closed = True
        todo = list(attribute.children)
        seen: set[str] = set()
        while todo:
            pattern = todo.pop()
            if pattern.kind == "value":
                values.append((pattern.xml.text or "").strip())
            elif pattern.kind == "data":
                closed = False
                datatypes.add(pattern.xml.get("type"))
            elif pattern.kind in ("text", "list"):
                closed = False
                todo.extend(pattern.children)
            elif pattern.kind == "ref" and pattern.ref not in seen:
                seen.add(pattern.ref)
                todo.append(self.defines[pattern.ref])
            else:
                todo.extend(pattern.children)
        if closed and values:
            info.values[name] = tuple(sorted(set(values) | set(info.values.get(name, ()))))
        if datatypes:
            info.datatypes.setdefault(name, set()).update(datatypes)

    def _required(self, patterns: list[Pattern], kind: str, seen: set[str]) -> frozenset[str]:
        """Names of `kind` that every match of this sequence of patterns contains."""
        result: frozenset[str] = frozenset()
        for pattern in patterns:
            result |= self._required_one(pattern, kind, seen)
        return result

    def _required_one(self, pattern: Pattern, kind: str, seen: set[str]) -> frozenset[str]:
        if pattern.kind == kind:
            return pattern.name_class.names() if pattern.name_class.kind == "name" else frozenset()
        if pattern.kind in ("element", "attribute") or pattern.kind in _OPTIONAL or pattern.kind in _LEAVES:
            return frozenset()
        if pattern.kind == "ref":
            if pattern.ref in seen:
                return frozenset()
            return self._required(self.defines[pattern.ref].children, kind, seen | {pattern.ref})
        if pattern.kind == "choice":
            options = [self._required_one(c, kind, seen) for c in pattern.children]
            return frozenset.intersection(*options) if options else frozenset()
        return self._required(pattern.children, kind, seen)

    def required_children(self, name: str) -> frozenset[str]:
        """The children every `name` element must contain (empty when the patterns for it disagree)."""
        cache = self.__dict__.setdefault("_required_cache", {})
        if name not in cache:
            sets = [self._required(p.children, "element", set()) for p in self.element_patterns.get(name, ())]
            cache[name] = frozenset.intersection(*sets) if sets else frozenset()
        return cache[name]

    def required_closure(self, names: Iterable[str]) -> frozenset[str]:
        """`names` and, transitively, the children those elements must contain."""
        result = set(names)
        todo = list(result)
        while todo:
            for child in self.required_children(todo.pop()):
                if child not in result:
                    result.add(child)
                    todo.append(child)
        return frozenset(result)

    # -- pruning -------------------------------------------------------------

    def pruned(self, elements: Iterable[str], attributes: Iterable[str] | None = None, *, any_start: bool = False,
               lean: bool = False) -> etree._ElementTree:
        """This grammar with every element (and optional attribute) pattern outside the names made notAllowed.

        `attributes=None` keeps every attribute. Required attributes are always
        kept (a document lacking one is told so where it lacks it).
        `any_start=True` lets any element of the grammar be the root (to check
        one element out of its document).
        `lean=True` also leaves out what matches only the empty sequence (a ref
        to a define that pruning emptied, an <empty/> in a sequence): the same
        language, validated some five times faster by libxml2, which walks every
        ref, empty or not, for every element; but libxml2 words some errors
        differently against it, so it serves verdicts (see PrunedRelaxNG).
        """
        pruner = _Pruner(self, frozenset(elements), None if attributes is None else frozenset(attributes), lean)
        return pruner.write(self.element_defines if any_start else None)

    @cached_property
    def element_defines(self) -> dict[str, Pattern]:
        """Defines whose body is one element pattern (TEI has one per element)."""
        result = {}
        for name, define in self.defines.items():
            if len(define.children) == 1 and define.children[0].kind == "element":
                result[name] = define.children[0]
        return result


# Patterns whose children form a sequence (a group of their own).
_SEQUENCES = frozenset(rng(kind) for kind in ("element", "group", "define", "oneOrMore", "zeroOrMore", "optional", "list", "mixed"))


class _Pruner:
    """One pruning of a grammar: decides which patterns are dead, then writes the living ones."""

    def __init__(self, grammar: Grammar, elements: frozenset[str], attributes: frozenset[str] | None, lean: bool = False):
        self.grammar = grammar
        self.elements = elements
        self.attributes = attributes
        self.lean = lean
        self.dead_defines: dict[str, bool] = {}
        self.dead_cache: dict[int, bool] = {}
        self.empty_defines: dict[str, bool] = {}

    def dead(self, pattern: Pattern) -> bool:
        key = id(pattern)
        cached = self.dead_cache.get(key)
        if cached is None:
            cached = self.dead_cache[key] = self._dead(pattern)
        return cached

    def _dead(self, pattern: Pattern) -> bool:
        kind = pattern.kind
        if kind == "notAllowed":
            return True
        if kind in _LEAVES:
            return False
        if kind == "ref":
            return self.define_dead(pattern.ref)
        if kind == "element" and not pattern.name_class.matches_any(self.elements):
            return True
        if kind == "attribute" and pattern.optional and self.attributes is not None and not pattern.name_class.matches_any(self.attributes):
            return True
        if kind in _OPTIONAL:
            return False
        if kind == "choice":
            return all(self.dead(c) for c in pattern.children)
        return any(self.dead(c) for c in pattern.children)

    def define_dead(self, name: str) -> bool:
        state = self.dead_defines.get(name)
        if state is None:
            # A cycle back to a define being decided counts as alive: never wrong, at worst less pruned.
            self.dead_defines[name] = False
            state = self.dead_defines[name] = any(self.dead(c) for c in self.grammar.defines[name].children)
        return state

    def empty(self, pattern: Pattern) -> bool:
        """Does this living pattern match only the empty sequence, written out as nothing at all?"""
        kind = pattern.kind
        if kind == "empty":
            return True
        if kind == "ref":
            name = pattern.ref
            state = self.empty_defines.get(name)
            if state is None:
                self.empty_defines[name] = False  # a cycle: not empty (never wrong, at worst less lean)
                state = self.empty_defines[name] = all(self.empty(c) for c in self.grammar.defines[name].children)
            return state
        if kind in _OPTIONAL:
            return any(self.dead(c) for c in pattern.children) or all(self.empty(c) for c in pattern.children)
        if kind in ("group", "oneOrMore"):
            return all(self.empty(c) for c in pattern.children)
        if kind == "choice":
            return all(self.empty(c) for c in pattern.children if not self.dead(c))
        return False

    def write(self, start_defines: dict[str, Pattern] | None = None) -> etree._ElementTree:
        source = self.grammar.root
        root = etree.Element(source.tag, attrib=dict(source.attrib), nsmap=source.nsmap)
        self.needed: list[str] = []
        self.emitted: set[str] = set()
        start = etree.SubElement(root, rng("start"), attrib=dict(self.grammar.start.xml.attrib))
        if start_defines is None:
            self._emit_children(self.grammar.start, start)
        else:
            choice = etree.SubElement(start, rng("choice"))
            for name in sorted(start_defines):
                if not self.define_dead(name):
                    self.emitted.add(name)
                    self.needed.append(name)
                    etree.SubElement(choice, rng("ref"), name=name)
            if len(choice) == 0:
                start.remove(choice)
                etree.SubElement(start, rng("notAllowed"))
        while self.needed:
            name = self.needed.pop()
            pattern = self.grammar.defines[name]
            define = etree.SubElement(root, rng("define"), attrib=dict(pattern.xml.attrib))
            self._emit_children(pattern, define)
        return etree.ElementTree(root)

    def _emit_children(self, pattern: Pattern, into: etree._Element) -> None:
        """Write the living children of a group-like pattern into `into`."""
        if pattern.kind in ("element", "attribute") and pattern.xml.get("name") is None:
            for child in pattern.xml:
                if child.tag in _NAME_CLASS_TAGS:
                    _copy(child, into)
                    break
        written = sum(self._emit(child, into) for child in pattern.children)
        if not written:
            etree.SubElement(into, rng("notAllowed" if pattern.kind == "start" else "empty"))

    def _emit(self, pattern: Pattern, into: etree._Element) -> bool:
        """Write one pattern into `into`; False when it simplifies to empty and is left out."""
        if self.dead(pattern):
            etree.SubElement(into, rng("notAllowed"))
            return True
        kind = pattern.kind
        if self.lean:
            if self.empty(pattern):
                if into.tag == rng("choice"):
                    etree.SubElement(into, rng("empty"))
                    return True
                return False
            if kind == "group" and into.tag in _SEQUENCES:
                # Its children go into the sequence it is in: libxml2 2.14 never finishes compiling an
                # element whose content starts with a one-child group leading back to the element.
                return sum(self._emit(child, into) for child in pattern.children) > 0
        if kind in _LEAVES:
            _copy(pattern.xml, into)
            return True
        if kind == "ref":
            if pattern.ref not in self.emitted:
                self.emitted.add(pattern.ref)
                self.needed.append(pattern.ref)
            etree.SubElement(into, rng("ref"), name=pattern.ref)
            return True
        if kind in _OPTIONAL and any(self.dead(c) for c in pattern.children):
            # Simplifies to empty. Inside a choice it must stay; elsewhere it is left
            # out (libxml2 wrongly rejects content against oneOrMore(group(X, empty))).
            if into.tag == rng("choice"):
                etree.SubElement(into, rng("empty"))
                return True
            return False
        node = etree.SubElement(into, pattern.xml.tag, attrib=dict(pattern.xml.attrib))
        if kind == "choice":
            for child in pattern.children:
                if not self.dead(child):
                    self._emit(child, node)
        else:
            self._emit_children(pattern, node)
        return True


def _copy(xml: etree._Element, into: etree._Element) -> None:
    """Copy a leaf pattern or a name class into `into`, without annotations."""
    node = etree.SubElement(into, xml.tag, attrib=dict(xml.attrib))
    node.text = xml.text
    for child in xml:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{RNG_NS}}}"):
            _copy(child, node)


def names_in(tree: etree._ElementTree | etree._Element) -> tuple[frozenset[str], frozenset[str]]:
    """The element and attribute names (Clark notation) a document uses."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    elements: set[str] = set()
    attributes: set[str] = set()
    for node in root.iter(etree.Element):
        elements.add(node.tag)
        keys = node.keys()  # cheaper than node.attrib, a proxy object per element
        if keys:
            attributes.update(keys)
    return frozenset(elements), frozenset(attributes)


# ---------------------------------------------------------------------------
# Validation with pruned grammars
# ---------------------------------------------------------------------------

# libxml2 error kinds after which it checks no further inside an element's content:
# the node is the unexpected child (its subtree and its later siblings go unchecked) ...
_UNEXPECTED_CHILD = frozenset(("RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_INTEREXTRA", "RELAXNG_ERR_ELEMEXTRANS", "RELAXNG_ERR_EXTRACONTENT"))
# ... the node is the element whose content failed (its children go unchecked) ...
_FAILED_CONTENT = frozenset((
    "RELAXNG_ERR_NOELEM", "RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTERSEQ",
    "RELAXNG_ERR_ELEMNOTEMPTY", "RELAXNG_ERR_NOTELEM", "RELAXNG_ERR_TEXTWRONG", "RELAXNG_ERR_INTERNODATA",
    "RELAXNG_ERR_LACKDATA", "RELAXNG_ERR_NODEFINE",
))
# ... or the node itself was refused by name.
_REFUSED = frozenset(("RELAXNG_ERR_ELEMNAME", "RELAXNG_ERR_ELEMWRONGNS", "RELAXNG_ERR_ELEMNONS", "RELAXNG_ERR_ELEMEXTRANS"))


# What libxml2 reports about an element that may only be the echo of an error inside it.
_ECHO_KINDS = frozenset((
    "RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTERSEQ", "RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_NOELEM",
    "RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_INTEREXTRA",
))


@dataclass
class RawError:
    """One libxml2 RELAX NG error, tied to the element it is about."""

    node: etree._Element | None
    line: int | None
    kind: str
    message: str


class PrunedRelaxNG:
    """A grammar compiled per set of names (see the module docstring), each compilation kept for the run.

    `errors(root)` reports every error libxml2 finds, and then more: libxml2
    stops checking an element's content at the first child that does not fit,
    so after such an error every child it skipped is validated again on its
    own (against the same grammar, any element allowed as root), recursively.
    What can still go unreported is a second departure from the content model
    of the *same* element; everything inside its children is checked, up to a
    budget of elements validated again per document (big foreign documents with
    thousands of errors would otherwise be validated many times over).
    """

    def __init__(self, grammar: Grammar, revalidation_budget: int = 50_000):
        self.grammar = grammar
        self.revalidation_budget = revalidation_budget
        self._compiled: dict[tuple[frozenset[str], frozenset[str], bool, bool], etree.RelaxNG] = {}
        self._closures: dict[frozenset[str], frozenset[str]] = {}
        self.compilations = 0

    def validator(self, elements: frozenset[str], attributes: frozenset[str], any_start: bool = False, lean: bool = False) -> etree.RelaxNG:
        """The grammar compiled for these names; `lean` (Grammar.pruned) for a verdict only, not for its messages."""
        for (known_elements, known_attributes, known_start, known_lean), compiled in self._compiled.items():
            # A grammar pruned to more names gives the same verdict (module docstring).
            if known_start == any_start and known_lean == lean and elements <= known_elements and attributes <= known_attributes:
                return compiled
        tree = self.grammar.pruned(elements, attributes, any_start=any_start, lean=lean)
        try:
            compiled = etree.RelaxNG(tree)
        except etree.RelaxNGParseError as error:
            raise GrammarError(f"{self.grammar.source}: libxml2 cannot compile the pruned grammar: {error}") from None
        self.compilations += 1
        self._compiled[(elements, attributes, any_start, lean)] = compiled
        return compiled

    def names_for(self, root: etree._Element, names=None) -> tuple[frozenset[str], frozenset[str]]:
        elements, attributes = names or names_in(root)
        closure = self._closures.get(elements)
        if closure is None:  # documents of one corpus mostly share their set of element names
            closure = self._closures[elements] = self.grammar.required_closure(elements | self.grammar.start_names)
        return closure, attributes

    def is_valid(self, root: etree._Element, names=None) -> bool:
        elements, attributes = self.names_for(root, names)
        return self.validator(elements, attributes, lean=True).validate(root.getroottree())

    def errors(self, root: etree._Element, names=None) -> list[RawError]:
        """Every error of the document whose root element is `root` ([] when it is valid).

        `names`: the document's (elements, attributes) if already known (names_in).
        """
        elements, attributes = self.names_for(root, names)
        tree = root.getroottree()
        # The lean grammar gives the verdict fast; the errors come from the plain one, whose words we explain.
        if self.validator(elements, attributes, lean=True).validate(tree):
            return []
        validator = self.validator(elements, attributes)
        if validator.validate(tree):
            return []
        errors = _read_log(validator, tree, None)
        if not errors:  # libxml2 says nothing when the root itself is refused
            errors = [RawError(root, root.sourceline, "RELAXNG_ERR_ELEMNAME", f"element {root.tag} is not allowed as the root")]
        _Revalidation(self, elements, attributes, errors, self.revalidation_budget).run()
        # Never lose the verdict: libxml2 said invalid, so at least one error stays.
        return self._without_echoes(errors, elements, attributes) or errors

    def _without_echoes(self, errors: list[RawError], elements, attributes) -> list[RawError]:
        """Drop what libxml2 says about an element only because of an error inside it.

        libxml2 also fails every ancestor of a faulty element ("failed to validate
        content", "did not expect element p there", once it tried the other ways
        to read the parent), and sometimes blames the sibling before it. Such an
        error is dropped when another error lies below its element, or when the
        element, validated on its own, turns out valid.
        """
        below = {id(a) for e in errors if e.node is not None for a in e.node.iterancestors()}
        kept = []
        for error in errors:
            node = error.node
            if node is None or error.kind not in _ECHO_KINDS:
                kept.append(error)
                continue
            if error.kind in _UNEXPECTED_CHILD:
                parent = node.getparent()
                info = self.grammar.info(parent.tag) if parent is not None else None
                if info is None or node.tag not in info.children:
                    kept.append(error)  # not allowed there by its name: a problem of its own
                    continue
            if id(node) in below:
                continue
            if self.validator(elements, attributes, any_start=True, lean=True).validate(_standalone(node).getroottree()):
                continue  # valid on its own: the error belongs to a neighbour
            kept.append(error)
        return kept


class _Revalidation:
    """Validates again, one by one, the children libxml2 skipped after an error."""

    def __init__(self, owner: PrunedRelaxNG, elements, attributes, errors: list[RawError], budget: int):
        self.owner = owner
        self.elements = elements
        self.attributes = attributes
        self.errors = errors
        self.seen = {(id(e.node), e.kind, e.message) for e in errors}
        self.checked: set[int] = set()
        self.keep: list[etree._Element] = []  # keeps the ids in `checked` valid
        self.budget = budget

    def run(self) -> None:
        """Look below every error, and below every error found there: a work list, not recursion,
        so that deep or long documents (a dictionary of 7,000 entries) cannot exhaust the stack."""
        self.pending = list(self.errors)
        while self.pending:
            self.descend(self.pending.pop())

    def descend(self, error: RawError) -> None:
        node = error.node
        if node is None:
            return
        if error.kind in _UNEXPECTED_CHILD:
            skipped = [node, *node.itersiblings()]
        elif error.kind in _FAILED_CONTENT or error.kind in _REFUSED:
            skipped = list(node)
        else:
            return
        for child in skipped:
            if isinstance(child.tag, str) and id(child) not in self.checked and self.budget > 0:
                self.checked.add(id(child))
                self.keep.append(child)
                # The budget counts elements validated again: big documents with many errors stay fast.
                self.budget -= sum(1 for _ in child.iter(etree.Element))
                if self.budget >= 0:
                    self._check(child, refused_already=child is node)

    def _check(self, element: etree._Element, refused_already: bool) -> None:
        copy = _standalone(element)
        tree = copy.getroottree()
        if self.owner.validator(self.elements, self.attributes, any_start=True, lean=True).validate(tree):
            return  # most skipped children are valid: the lean grammar says so faster
        validator = self.owner.validator(self.elements, self.attributes, any_start=True)
        if validator.validate(tree):
            return
        mapping = dict(zip(copy.iter(), element.iter()))
        for error in _read_log(validator, tree, mapping):
            if error.node is element and (error.kind in _REFUSED or (refused_already and error.kind in _UNEXPECTED_CHILD)):
                # Its parent already said that this element is not allowed; look inside it.
                self.pending.append(RawError(element, error.line, "RELAXNG_ERR_ELEMNAME", error.message))
                continue
            key = (id(error.node), error.kind, error.message)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.errors.append(error)
            self.pending.append(error)


def _standalone(element: etree._Element) -> etree._Element:
    """A copy of `element` as the root of a document of its own (line numbers kept)."""
    import copy as _copy_module

    copy = _copy_module.deepcopy(element)
    copy.tail = None
    etree.ElementTree(copy)
    return copy


def _read_log(validator: etree.RelaxNG, tree: etree._ElementTree, mapping: dict | None) -> list[RawError]:
    errors = []
    for entry in validator.error_log:
        node = None
        path = getattr(entry, "path", None)
        if path:
            try:
                found = tree.xpath(path)
            except etree.XPathError:
                found = []
            if found and isinstance(found[0], etree._Element):
                node = found[0]
                if mapping is not None:
                    node = mapping.get(node)
        if node is not None and entry.type_name == "RELAXNG_ERR_EXTRACONTENT":
            node = _extra_child(node, entry.message)
        line = node.sourceline if node is not None else (entry.line or None)
        errors.append(RawError(node, line, entry.type_name, entry.message))
    return errors


def _extra_child(node: etree._Element, message: str) -> etree._Element:
    """The child "Element X has extra content: Y" is about (libxml2 points at it, or at the child before it)."""
    words = message.split()
    if len(words) < 6 or words[0] != "Element":
        return node
    parent_name, child_name = words[1], words[-1]

    def named(element, name):
        return element is not None and isinstance(element.tag, str) and etree.QName(element).localname == name.split(":")[-1]

    if named(node, child_name) and named(node.getparent(), parent_name):
        for candidate in (node, *node.itersiblings()):
            if named(candidate, child_name) and candidate is not node:
                return candidate  # the one after the last child that fitted
        return node
    if named(node, parent_name):
        return next((c for c in node if named(c, child_name)), node)
    return node
