"""ISO Schematron (query binding xslt3) compiled to XSLT 3.0 and run by saxonche.

A Schematron schema is compiled once into an XSLT 3.0 stylesheet (the usual
way to implement Schematron), which saxonche compiles once; each document is
then one transformation whose result lists the failed asserts and successful
reports, each with the index path of its node (`/1/3/2/@when`). The path
leads back to the element in our lxml tree, whose line is known there. Each
pattern visits only the nodes its rules' contexts select (`//tei:app | //@ref`),
not every node of the document: half the time of a full walk per pattern. A
pattern of one rule is an xsl:for-each over them, one of several rules an
xsl:apply-templates (the first matching rule fires).

Supported: sch:ns, sch:let (schema, pattern and rule level), sch:pattern,
sch:rule (first matching rule of a pattern wins, as ISO says), sch:assert and
sch:report with @id and @role, messages with sch:value-of and sch:name,
xsl:key and xsl:function at the top of the schema. Not supported (refused
with a message): abstract patterns and rules, sch:extends, sch:include,
sch:phase selection (all patterns are active).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
RESULT_NS = "urn:variorum:schematron-result"
_SUPPORTED_BINDINGS = ("xslt2", "xslt3")

# severity of a finding, by the @role of its assert or report
ROLES = {"error": "error", "fatal": "error", "warning": "warning", "warn": "warning", "info": "info", "information": "info"}


def sch(tag: str) -> str:
    return f"{{{SCH_NS}}}{tag}"


def xsl(tag: str) -> str:
    return f"{{{XSL_NS}}}{tag}"


class SchematronError(Exception):
    """The schema cannot be compiled or run."""


@dataclass(frozen=True)
class Finding:
    """One failed assert or successful report."""

    path: str  # index path of the node: '/1/3/2' (elements), '/1/3/@{ns}name' (an attribute)
    rule: str  # the assert's or report's id
    severity: str
    message: str


def compile_to_xslt(schema: etree._ElementTree, source: str = "schema") -> etree._ElementTree:
    """The XSLT 3.0 stylesheet that runs this Schematron schema."""
    root = schema.getroot()
    if root.tag != sch("schema"):
        raise SchematronError(f"{source}: not an ISO Schematron schema")
    binding = root.get("queryBinding", "xslt")
    if binding not in _SUPPORTED_BINDINGS:
        raise SchematronError(f"{source}: queryBinding {binding!r} is not supported (use xslt3)")
    for unsupported in ("include", "extends", "phase"):
        if root.find(f".//{sch(unsupported)}") is not None:
            raise SchematronError(f"{source}: sch:{unsupported} is not supported")
    nsmap = {"xsl": XSL_NS, "xs": "http://www.w3.org/2001/XMLSchema", "r": RESULT_NS}
    for ns in root.iterfind(sch("ns")):
        nsmap[ns.get("prefix")] = ns.get("uri")
    stylesheet = etree.Element(xsl("stylesheet"), nsmap=nsmap, version="3.0", **{"exclude-result-prefixes": "#all"})
    etree.SubElement(stylesheet, xsl("output"), method="xml", indent="no")
    for child in root:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{XSL_NS}}}"):
            copied = _copy(child)
            if _pure_function(copied):
                copied.set("cache", "yes")  # XSLT 3.0 memo function: a value computed once per argument
            stylesheet.append(copied)
        elif child.tag == sch("let"):
            _variable(stylesheet, child)
    _path_function(stylesheet)
    patterns = [p for p in root.iterfind(sch("pattern"))]
    main = etree.SubElement(stylesheet, xsl("template"), match="/")
    findings = etree.SubElement(main, f"{{{RESULT_NS}}}findings")
    for number, pattern in enumerate(patterns, 1):
        if pattern.get("abstract") == "true" or pattern.get("is-a"):
            raise SchematronError(f"{source}:{pattern.sourceline}: abstract patterns are not supported")
        findings.append(_pattern(stylesheet, pattern, f"pattern-{number}", source))
    return etree.ElementTree(stylesheet)


def _copy(node: etree._Element) -> etree._Element:
    copy = etree.fromstring(etree.tostring(node))
    copy.tail = None
    return copy


# Calls whose value depends on more than the arguments (the document, the clock, identity).
_IMPURE_CALLS = re.compile(r"\b(key|doc|document|collection|uri-collection|unparsed-text\w*|doc-available|current\w*|"
                           r"generate-id|random-number-generator|environment-variable|available-environment-variables|"
                           r"system-property|function-lookup|root|id|idref|element-with-id|base-uri|static-base-uri|"
                           r"default-collation|default-language|implicit-timezone|position|last|trace|error|transform|"
                           r"load-xquery-module|parse-xml\w*|json-doc|path|has-children|innermost|outermost)\s*\(")
_ATOMIC = re.compile(r"^xs:[\w-]+[?*+]?$")


def _pure_function(function: etree._Element) -> bool:
    """Whether an xsl:function may be a memo function (cache="yes") without changing any result.

    True only when its parameters and result are atomic values (typed xs:...) and
    its body uses nothing but its own parameters and local variables: no global
    variable (it could hold the document), no function that looks at the document
    or the environment, no other stylesheet function. A function has no context
    item, so with atomic parameters every path in it walks nodes it built itself
    (analyze-string), and an atomic result carries no node identity out: the
    same arguments give the same value, in any document.
    """
    if function.tag != xsl("function") or function.get("cache") is not None or function.get("new-each-time") is not None:
        return False
    if not _ATOMIC.match((function.get("as") or "").strip()):
        return False
    params = [p for p in function if p.tag == xsl("param")]
    if any(not _ATOMIC.match((p.get("as") or "").strip()) for p in params):
        return False
    local = {p.get("name") for p in params}
    for node in function.iter():
        if not isinstance(node.tag, str):
            return False  # comments, processing instructions: keep it simple
        if not node.tag.startswith(f"{{{XSL_NS}}}"):
            return False  # a literal result element would construct nodes
        if node.tag not in (xsl("function"), xsl("param"), xsl("variable"), xsl("sequence")):
            return False
        if node is not function and node.tag in (xsl("param"), xsl("variable")):
            local.add(node.get("name"))
            if node.tag == xsl("variable") and (node.get("select") is None or len(node)):
                return False
        if node.tag == xsl("sequence") and (node.get("select") is None or len(node)):
            return False
        for name, value in node.attrib.items():
            if name not in ("select",):
                continue
            text = _without_literals(value)
            if _IMPURE_CALLS.search(text) or re.search(r"[\w-]+:[\w-]+\s*\(", _without_xs_calls(text)):
                return False
            if any(v not in local for v in re.findall(r"\$([\w.-]+(?::[\w.-]+)?)", text)):
                return False
    return True


def _without_literals(text: str) -> str:
    return re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)


def _without_xs_calls(text: str) -> str:
    return re.sub(r"\bxs:[\w-]+\s*\(", "(", text)


def _variable(parent: etree._Element, let: etree._Element) -> None:
    etree.SubElement(parent, xsl("variable"), name=let.get("name"), select=let.get("value"))


def _path_function(stylesheet: etree._Element) -> None:
    function = etree.SubElement(stylesheet, xsl("function"), name="r:path", **{"as": "xs:string"})
    etree.SubElement(function, xsl("param"), name="node", **{"as": "node()"})
    etree.SubElement(function, xsl("sequence"), select=(
        "string-join(for $e in $node/ancestor-or-self::* return '/' || (count($e/preceding-sibling::*) + 1), '')"
        " || (if ($node instance of attribute()) then '/@{' || namespace-uri($node) || '}' || local-name($node) else '')"))


def _pattern(stylesheet: etree._Element, pattern: etree._Element, mode: str, source: str) -> etree._Element:
    """Templates for one pattern; returns the instruction that visits the nodes its rules can match."""
    lets = [let for let in pattern.iterfind(sch("let"))]
    rules = [r for r in pattern.iterfind(sch("rule"))]
    # Only the nodes some rule's context matches are visited (one selection, not a walk over every node).
    selection = " | ".join(_selection(r.get("context")) for r in rules) or "()"
    for rule in rules:
        if rule.get("abstract") == "true":
            raise SchematronError(f"{source}:{rule.sourceline}: abstract rules are not supported")
    if len(rules) == 1:
        # Every node the selection finds matches the one rule (a pattern P matches exactly the nodes
        # of root//(P)), so a for-each does it without the dispatch of templates: a seventh faster.
        visit = etree.Element(xsl("for-each"), select=selection)
        _rule_body(visit, lets, rules[0], source)
        return visit
    visit = etree.Element(xsl("apply-templates"), mode=mode, select=selection)
    etree.SubElement(stylesheet, xsl("template"), match="node() | @*", mode=mode, priority="-10")
    for position, rule in enumerate(rules):
        # The first rule of a pattern that matches a node is the one that fires (ISO Schematron 6.5).
        template = etree.SubElement(stylesheet, xsl("template"), match=rule.get("context"), mode=mode, priority=str(len(rules) - position))
        _rule_body(template, lets, rule, source)
    return visit


def _rule_body(into: etree._Element, lets: list[etree._Element], rule: etree._Element, source: str) -> None:
    """The variables of a rule and a finding for each assert that fails and each report that holds."""
    for let in lets + [let for let in rule.iterfind(sch("let"))]:
        _variable(into, let)
    for check in rule:
        if check.tag not in (sch("assert"), sch("report")):
            continue
        if not check.get("id"):
            raise SchematronError(f"{source}:{check.sourceline}: every assert and report needs an id (it names the rule in diagnostics)")
        test = check.get("test")
        condition = f"not({test})" if check.tag == sch("assert") else test
        when = etree.SubElement(into, xsl("if"), test=condition)
        finding = etree.SubElement(when, f"{{{RESULT_NS}}}finding", rule=check.get("id"), role=check.get("role", "error"))
        etree.SubElement(finding, xsl("attribute"), name="path", select="r:path(.)")
        _message(finding, check)


def _selection(context: str) -> str:
    """The XPath that selects, from the document node, every node a match pattern can match."""
    branches, depth, start = [], 0, 0
    for index, char in enumerate(context):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(context[start:index])
            start = index + 1
    branches.append(context[start:])
    return " | ".join(b.strip() if b.strip().startswith("/") else f"//{b.strip()}" for b in branches if b.strip())


def _message(into: etree._Element, check: etree._Element) -> None:
    """The assert's text with its sch:value-of and sch:name evaluated."""
    def text(value: str | None) -> None:
        if value:
            etree.SubElement(into, xsl("text")).text = value

    text(check.text)
    for child in check:
        if child.tag == sch("value-of"):
            etree.SubElement(into, xsl("value-of"), select=child.get("select"))
        elif child.tag == sch("name"):
            etree.SubElement(into, xsl("value-of"), select=f"name({child.get('path', '.')})")
        else:
            text("".join(child.itertext()))
        text(child.tail)


class Schematron:
    """A Schematron schema compiled once; `check` runs it on a parsed document."""

    _lock = threading.Lock()
    _processor = None

    def __init__(self, path: Path, *, defer_saxon: bool = False):
        """`defer_saxon`: leave the compilation by saxonche to `compile` (or the first `check`)."""
        from variorum.xmlio import read_xml

        self.path = Path(path)
        stylesheet = compile_to_xslt(read_xml(self.path).strict(), str(self.path))
        self.stylesheet_text = etree.tostring(stylesheet, encoding="unicode")
        self._executable = None
        if not defer_saxon:
            self.compile()

    def compile(self) -> None:
        """Compile the stylesheet with saxonche, once (this starts saxonche's runtime and its thread)."""
        if self._executable is not None:
            return
        compiler = self.processor().new_xslt30_processor()
        try:
            executable = compiler.compile_stylesheet(stylesheet_text=self.stylesheet_text)
        except Exception as error:  # saxonche raises PySaxonApiError with the XSLT compiler's message
            raise SchematronError(f"{self.path}: the rules do not compile: {error}") from None
        if executable is None:
            raise SchematronError(f"{self.path}: the rules do not compile: {compiler.error_message}")
        self._executable = executable

    @classmethod
    def processor(cls):
        with cls._lock:
            if cls._processor is None:
                from saxonche import PySaxonProcessor

                cls._processor = PySaxonProcessor(license=False)
            return cls._processor

    def check(self, root: etree._Element) -> list[Finding]:
        """The findings of the rules on the document whose root element is `root`."""
        self.compile()
        text = etree.tostring(root, encoding="unicode")
        processor = self.processor()
        try:
            node = processor.parse_xml(xml_text=text)
            result = self._executable.transform_to_string(xdm_node=node)
        except Exception as error:
            raise SchematronError(f"the Schematron rules could not run on this document: {error}") from None
        findings = []
        for finding in etree.fromstring(result.encode("utf-8")).iterfind(f"{{{RESULT_NS}}}finding"):
            findings.append(Finding(
                path=finding.get("path"),
                rule=finding.get("rule"),
                severity=ROLES.get(finding.get("role", "error"), "error"),
                message=" ".join("".join(finding.itertext()).split()),
            ))
        return findings


def node_at(root: etree._Element, path: str) -> tuple[etree._Element | None, str | None]:
    """The element an index path leads to, and the attribute it names (if any)."""
    steps = [s for s in path.split("/") if s]
    attribute = steps.pop()[1:] if steps and steps[-1].startswith("@") else None
    if attribute and attribute.startswith("{}"):
        attribute = attribute[2:]
    node = None
    for depth, step in enumerate(steps):
        index = int(step) - 1
        if depth == 0:
            node = root if index == 0 else None
        else:
            children = [c for c in node if isinstance(c.tag, str)]
            node = children[index] if 0 <= index < len(children) else None
        if node is None:
            return None, None
    return node, attribute
