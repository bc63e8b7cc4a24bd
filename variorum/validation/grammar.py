"""RELAX NG grammars: read as a graph of patterns, asked what they allow, pruned to a set of names.

A `Grammar` is one RELAX NG file in XML syntax (one self-contained <grammar>,
as the TEI's compiled schemas are) read once into a graph of `Pattern`s. It
says which element names it knows, what an element may contain and carry
(`ElementInfo`, from the whole grammar: what validation messages use to say
what was expected, variorum.validation.explain) and which children an element
must have; `pruned(E, A)` writes it cut down to the element names E and the
attribute names A. Validation compiles tei_all and the edition's schema pruned
to each document's names (variorum.validation.relaxng), because libxml2 needs
about 9 s to compile the whole of tei_all and milliseconds for a letter's share.

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
element must have (`titleStmt` needs `title`, `required_closure`): a document that lacks one then
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
        from variorum.xmlio import read_xml

        return cls(read_xml(path).strict(), str(path))

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
