"""RELAX NG errors in editors' words: libxml2's errors -> Problems that say what was expected.

libxml2 speaks of its own workings ("Expecting an element title, got nothing",
"Did not expect element p there", "Invalid attribute unit for element
biblScope"). The `Explainer` says each error again from what the grammar allows
(variorum.validation.grammar.ElementInfo): the element as an editor knows it
(TEI elements without their namespace), what it may contain or carry, what it
must first have, the values or the kind of value an attribute takes; an element
that TEI has but the customisation leaves out is told so, with what to do. An
error libxml2 puts on an element's content when one of its attributes is wrong
is said as the attribute's problem, and one problem is said once. Names listed
in a message are sorted fully, so a report is the same in every run.

A `Problem` is what a schema finds wrong with one element (or one of its
attributes): the element, the attribute or None, the message. The checker
(variorum.validation.checker) places it in its file, line and column.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from variorum.validation.grammar import Grammar, local_name, namespace_of
from variorum.validation.relaxng import RawError
from variorum.xmlio import TEI_NS


@dataclass(frozen=True)
class Problem:
    """What a schema finds wrong with one element (or one of its attributes), in an editor's words."""

    node: etree._Element | None
    attribute: str | None
    message: str


def _show(name: str) -> str:
    """An element name as an editor knows it: TEI elements without namespace."""
    namespace = namespace_of(name)
    if namespace == TEI_NS:
        return f"<{local_name(name)}>"
    if namespace:
        return f"<{local_name(name)}> (namespace {namespace})"
    return f"<{name}> (no namespace)"


def _show_attribute(name: str) -> str:
    if name.startswith("{http://www.w3.org/XML/1998/namespace}"):
        return "@xml:" + local_name(name)
    return "@" + (local_name(name) if not namespace_of(name) else name)


def listing(names: Iterable[str], show=_show, limit: int = 12) -> str:
    names = sorted(names, key=lambda n: (local_name(n).lower(), n))  # the same order in every run (no set order)
    shown = ", ".join(show(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


_DATATYPES = {
    "date": "a date (YYYY-MM-DD)", "gYear": "a year (YYYY)", "gYearMonth": "a year and month (YYYY-MM)",
    "dateTime": "a date and time", "time": "a time", "anyURI": "a URI", "ID": "an identifier (a name: no spaces, not starting with a digit)",
    "NCName": "a name (no spaces or colons)", "Name": "a name", "token": "a word or code", "nonNegativeInteger": "a whole number (0 or more)",
    "positiveInteger": "a whole number (1 or more)", "integer": "a whole number", "decimal": "a number", "double": "a number",
    "float": "a number", "boolean": "true or false", "language": "a language code (BCP 47, e.g. en, zh-Latn)",
}


_CONTENT_ECHOES = frozenset(("RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTERSEQ", "RELAXNG_ERR_NOELEM"))


class Explainer:
    """Turns libxml2's RELAX NG errors into messages that name what was expected."""

    def __init__(self, grammar: Grammar, schema_name: str, tei_elements: frozenset[str] = frozenset()):
        self.grammar = grammar
        self.schema_name = schema_name
        self.tei_elements = tei_elements  # every TEI element name, to tell "not ours" from "not TEI"

    def explain(self, errors: list[RawError]) -> list[Problem]:
        """A Problem for each distinct problem (the same element, attribute and message said once)."""
        results: list[Problem] = []
        attribute_errors = {id(e.node) for e in errors if e.kind == "RELAXNG_ERR_INVALIDATTR"}
        said: set = set()
        for error in errors:
            if error.kind == "RELAXNG_ERR_ATTRVALID" and id(error.node) in attribute_errors:
                continue  # the specific attribute errors say it better
            if error.kind in _CONTENT_ECHOES or error.kind == "RELAXNG_ERR_ATTRVALID":
                specific = self._attribute_problems(error.node) if error.node is not None else []
                if specific:  # libxml2 blames the content when an attribute is wrong
                    for result in specific:
                        key = (id(result.node), result.attribute, result.message)
                        if key not in said:
                            said.add(key)
                            results.append(result)
                    continue
            for result in self._one(error):
                key = (id(result.node), result.attribute, result.message)
                if key not in said:
                    said.add(key)
                    results.append(result)
        return results

    def _one(self, error: RawError) -> list[Problem]:
        node = error.node
        if node is None or not isinstance(node.tag, str):
            return [Problem(node, None, f"{error.message} ({self.schema_name})")]
        kind = error.kind
        name = node.tag
        parent = node.getparent()
        if kind in ("RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_INTEREXTRA", "RELAXNG_ERR_EXTRACONTENT"):
            return [Problem(node, None, self._unexpected(node, parent))]
        if kind in ("RELAXNG_ERR_ELEMNAME", "RELAXNG_ERR_ELEMWRONGNS", "RELAXNG_ERR_ELEMNONS") and parent is None:
            roots = listing(self.grammar.start_names)
            return [Problem(node, None, f"{_show(name)} cannot be the root element here: {self.schema_name} expects {roots}")]
        if kind == "RELAXNG_ERR_INVALIDATTR":
            attribute = _attribute_in_message(error.message, node)
            return [Problem(node, attribute, self._attribute(node, attribute))]
        if kind == "RELAXNG_ERR_ATTRVALID":
            return self._attributes(node)
        if kind in ("RELAXNG_ERR_NOELEM", "RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTERSEQ", "RELAXNG_ERR_ELEMNOTEMPTY"):
            return [Problem(node, None, self._content(node, error))]
        if kind in ("RELAXNG_ERR_TEXTWRONG", "RELAXNG_ERR_NOTELEM"):
            return [Problem(node, None, f"{_show(name)} may not contain text here; {self._may_contain(name)}")]
        if kind in ("RELAXNG_ERR_DATATYPE", "RELAXNG_ERR_VALUE", "RELAXNG_ERR_LIST", "RELAXNG_ERR_DATAELEM", "RELAXNG_ERR_LACKDATA"):
            return [Problem(node, None, f"the text of {_show(name)} is not a valid value here ({self._text_value(node)})")]
        return [Problem(node, None, f"{_show(name)}: {error.message} ({self.schema_name})")]

    def _may_contain(self, name: str) -> str:
        info = self.grammar.info(name)
        if info is None:
            return f"{self.schema_name} has no element {_show(name)}"
        if not info.children:
            return f"{_show(name)} contains {'only text' if info.text else 'nothing'}"
        return f"{_show(name)} may contain {listing(info.children)}" + (" and text" if info.text else "")

    def _unexpected(self, node: etree._Element, parent: etree._Element | None) -> str:
        name = node.tag
        if self.grammar.info(name) is None:
            where = f" in {_show(parent.tag)}" if parent is not None else ""
            if namespace_of(name) == TEI_NS and local_name(name) in self.tei_elements:
                return (f"{_show(name)}{where}: TEI has this element, but the variorum customisation does not include it; "
                        "encode this otherwise, or propose it for schema/variorum.odd")
            return f"{_show(name)}{where}: {self.schema_name} has no element {_show(name)}" + (
                "; is it misspelt, or in the wrong namespace?" if namespace_of(name) in (TEI_NS, "") else "")
        if parent is None:
            return f"{_show(name)} is not allowed as the root"
        info = self.grammar.info(parent.tag)
        if info is not None and name not in info.children and not info.any_element:
            return f"{_show(name)} is not allowed in {_show(parent.tag)}; {self._may_contain(parent.tag)}"
        missing = self._missing_children(parent)
        if missing:
            return (f"{_show(name)} is not allowed at this point in {_show(parent.tag)}: "
                    f"{_show(parent.tag)} must first have {listing(missing)}")
        return (f"{_show(name)} is not allowed at this point in {_show(parent.tag)}: it may appear in "
                f"{_show(parent.tag)}, but not here or not this many times; check the order of the elements")

    def _missing_children(self, node: etree._Element) -> list[str]:
        present = {child.tag for child in node if isinstance(child.tag, str)}
        return sorted(set(self.grammar.required_children(node.tag)) - present)

    def _content(self, node: etree._Element, error: RawError) -> str:
        missing = self._missing_children(node)
        if missing:
            return f"{_show(node.tag)} is incomplete: it must contain {listing(missing)}"
        expected = _expected_in_message(error.message)
        if expected:
            return f"{_show(node.tag)} is incomplete or out of order: {self.schema_name} expects {_show(f'{{{TEI_NS}}}{expected}' if ':' not in expected else expected)} here"
        return f"the content of {_show(node.tag)} does not follow {self.schema_name}; {self._may_contain(node.tag)}"

    def _attributes(self, node: etree._Element) -> list[Problem]:
        info = self.grammar.info(node.tag)
        if info is None:
            return [Problem(node, None, f"{_show(node.tag)}: {self.schema_name} has no such element")]
        results = self._attribute_problems(node)
        if not results:
            results.append(Problem(node, None, f"an attribute of {_show(node.tag)} has a value {self.schema_name} does not allow"
                            f" ({', '.join(f'{_show_attribute(a)}={v!r}' for a, v in node.attrib.items())})"))
        return results

    def _attribute_problems(self, node: etree._Element) -> list[Problem]:
        """Attributes the grammar does not give the element, values outside a closed list, required ones missing."""
        info = self.grammar.info(node.tag) if isinstance(node.tag, str) else None
        if info is None:
            return []
        results = []
        for attribute in node.attrib:
            if attribute not in info.attributes and not info.any_attribute:
                results.append(Problem(node, attribute, self._attribute(node, attribute)))
            elif attribute in info.values and node.get(attribute) not in info.values[attribute]:
                results.append(Problem(node, attribute, self._attribute(node, attribute)))
        for attribute in sorted(info.required_attributes - set(node.attrib)):
            results.append(Problem(node, None, f"{_show(node.tag)} needs the attribute {_show_attribute(attribute)}"))
        return results

    def _attribute(self, node: etree._Element, attribute: str | None) -> str:
        info = self.grammar.info(node.tag)
        if attribute is None or info is None:
            return f"an attribute of {_show(node.tag)} is not allowed or has a wrong value"
        shown = _show_attribute(attribute)
        value = node.get(attribute)
        if attribute not in info.attributes and not info.any_attribute:
            allowed = listing(info.attributes, show=_show_attribute, limit=15) or "none"
            return f"{_show(node.tag)} may not have {shown}; its attributes are {allowed}"
        if attribute in info.values:
            return f"{shown}={value!r} on {_show(node.tag)} is not allowed: use one of {', '.join(repr(v) for v in info.values[attribute])}"
        types = sorted(_DATATYPES.get(t, t) for t in info.datatypes.get(attribute, ()))
        expected = f"; expected {' or '.join(types)}" if types else ""
        return f"{shown}={value!r} on {_show(node.tag)} is not a valid value{expected}"

    def _text_value(self, node: etree._Element) -> str:
        return f"found {(node.text or '').strip()!r}"


def _attribute_in_message(message: str, node: etree._Element) -> str | None:
    # libxml2: "Invalid attribute NAME for element ELEMENT"
    words = message.split()
    if len(words) >= 3 and words[0] == "Invalid" and words[1] == "attribute":
        wanted = words[2]
        for attribute in node.attrib:
            if local_name(attribute) == wanted.split(":")[-1]:
                return attribute
    return None


def _expected_in_message(message: str) -> str | None:
    # libxml2: "Expecting an element NAME, got nothing" / "Expecting element NAME, got X"
    words = message.replace(",", " ").split()
    if words[:1] == ["Expecting"]:
        rest = words[2:] if words[1:2] == ["an"] else words[1:]
        if rest[:1] == ["element"] and len(rest) > 1:
            return rest[1]
    return None
