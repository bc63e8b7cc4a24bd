"""libxml2's RELAX NG validation with grammars pruned to each document's names: the same verdict, every error.

libxml2 (lxml.etree.RelaxNG) needs about 9 s to compile the whole of
tei_all.rng, where jing needs under a second. Nobody waits 9 s to check one
letter, so we never compile tei_all whole: `PrunedRelaxNG` compiles it *pruned*
to the names the document uses (`names_in`, widened with the children its
elements must have; Grammar.pruned, whose module explains why the verdict
cannot change), which takes milliseconds. Every compilation is kept for the
run and reused for every later document whose names it covers. The verdict
comes from the lean compilation (libxml2 validates it about five times
faster); only a document it rejects is validated again against the plain one,
whose errors are the ones reported.

Every error, not only the first. libxml2 stops checking an element's content
at the first child that does not fit, and it also fails the ancestors of a
faulty element (and sometimes points at a neighbour). So every child libxml2
skipped is validated again on its own, recursively, within a budget per
document; then what is only an echo of an error deeper down is dropped (an
element validated on its own that turns out valid had no error of its own),
never all of it: a document libxml2 calls invalid keeps an error. What can go
unreported is a second departure from the content model of the *same* element.
The errors are libxml2's (`RawError`: its kind and words, tied to the element
they are about); variorum.validation.explain says them for editors.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from variorum.validation.grammar import Grammar, GrammarError


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
    """A grammar compiled per set of names (variorum.validation.grammar: the same verdict), each compilation kept for the run.

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
            # A grammar pruned to more names gives the same verdict (variorum.validation.grammar).
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
