"""Validation: TEI documents -> diagnostics (well-formedness, edition schema, Schematron, tei_all).

Each document goes through these checks, in this order; each check's name is
the `rule` of what it reports:

| check | rule | what |
|---|---|---|
| read and parse | `well-formed`, `io` | the one safe reader (variorum.xmlio.load_xml): no DTD loaded, no external entity read, entity expansion bounded, no network |
| DOCTYPE | `well-formed` | an external DTD is an error here: it is never loaded, so what it would declare or default cannot be checked |
| XInclude | `xinclude` | like Debian's jing: a local file in the document's own folder (or below) is included, anything else takes the xi:fallback |
| edition schema | `edition-schema` | schema/variorum.rng (generated from schema/variorum.odd) |
| Schematron | the id of the assert | schema/variorum.sch (query binding xslt3, run by saxonche) |
| tei_all | `tei_all` | with --tei-all: the official tei_all.rng |

What a finding means depends on the question asked:

- without --tei-all the question is "is this a good document of our edition?":
  edition-schema findings are errors, Schematron findings have their rule's role;
- with --tei-all the question is "is this valid TEI, and is it ours?": tei_all
  findings are errors; a document outside the variorum customisation is told
  so once (info), not failed; the Schematron rules (written for the
  customisation) run on documents inside it.

Speed. Every schema is compiled once per run and per set of names a
document uses (variorum.teiall explains why the verdict of a grammar pruned
to a document's names is the verdict of the whole grammar): tei_all, 9 s to
compile whole in libxml2, costs milliseconds per document, and a compiled
grammar is reused for every later document whose names it covers. The
verdict comes from the lean compilation of a pruned grammar (teiall:
libxml2 validates it about five times faster); only a document it rejects
is validated again against the plain one, whose errors are explained below.
The Schematron is compiled once (to XSLT 3.0, then by saxonche). A document
is parsed once; the build passes its parsed trees (`Validator.check`). Past PARALLEL_BYTES of input, `check_files` loads the
grammars, then forks one process per core, which inherit them and compile
the Schematron each (saxonche's runtime has a thread a fork would lose).

Every error, not only the first. libxml2 stops checking an element's content
at the first child that does not fit, and it also fails the ancestors of a
faulty element (and sometimes points at a neighbour). So (teiall.PrunedRelaxNG):
every child libxml2 skipped is validated again on its own, recursively, within
a budget per document; then what is only an echo of an error deeper down is
dropped (an element validated on its own that turns out valid had no error of
its own), never all of it: a document libxml2 calls invalid keeps an error.
What can go unreported is a second departure from the content model of the
*same* element. Messages are rewritten for editors from what the grammar
allows (teiall.ElementInfo): the element, what it may contain or carry, the
allowed values; where a Schematron rule and the grammar see the same fault on
the same element and attribute (an impossible date), the rule's message,
which says more, is the one given.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from lxml import etree

from variorum.diagnostics import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Diagnostic, InputError, UsageError, VariorumError, write_report
from variorum.resources import resource_dir
from variorum.schematron import Schematron, SchematronError, node_at
from variorum.teiall import Grammar, GrammarError, PrunedRelaxNG, RawError, local_name, names_in, namespace_of
from variorum.xmlio import TEI_NS, WELL_FORMED, XmlFile, read_xml

EDITION = "edition-schema"
TEI_ALL = "tei_all"
IO = "io"

TEI_SUFFIXES = (".xml", ".tei")


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------

def _reading_problems(document: XmlFile) -> list[Diagnostic]:
    """What reading the file found, as validation sees it: an external DTD that was not
    loaded is an error here (what the DTD would add or default cannot be checked)."""
    return [replace(note, severity="error") if note.rule == WELL_FORMED else note for note in document.notes]


# ---------------------------------------------------------------------------
# RELAX NG errors in editors' words
# ---------------------------------------------------------------------------

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


def _listing(names: Iterable[str], show=_show, limit: int = 12) -> str:
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


@dataclass(frozen=True)
class Problem:
    """What a schema finds wrong with one element (or one of its attributes), in an editor's words."""

    node: etree._Element | None
    attribute: str | None
    message: str


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
            roots = _listing(self.grammar.start_names)
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
        return f"{_show(name)} may contain {_listing(info.children)}" + (" and text" if info.text else "")

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
                    f"{_show(parent.tag)} must first have {_listing(missing)}")
        return (f"{_show(name)} is not allowed at this point in {_show(parent.tag)}: it may appear in "
                f"{_show(parent.tag)}, but not here or not this many times; check the order of the elements")

    def _missing_children(self, node: etree._Element) -> list[str]:
        present = {child.tag for child in node if isinstance(child.tag, str)}
        return sorted(set(self.grammar.required_children(node.tag)) - present)

    def _content(self, node: etree._Element, error: RawError) -> str:
        missing = self._missing_children(node)
        if missing:
            return f"{_show(node.tag)} is incomplete: it must contain {_listing(missing)}"
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
            allowed = _listing(info.attributes, show=_show_attribute, limit=15) or "none"
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


# ---------------------------------------------------------------------------
# The validator
# ---------------------------------------------------------------------------

class RelaxNGCheck:
    """One RELAX NG schema for a run: compiled per name set, errors explained."""

    def __init__(self, path: Path, rule: str, schema_name: str, tei_elements: frozenset[str] = frozenset()):
        try:
            self.grammar = Grammar.load(path)
        except GrammarError as error:
            raise UsageError(f"not a RELAX NG schema variorum can use: {error}", file=str(path)) from None
        except VariorumError as error:
            raise UsageError(f"cannot use this schema: {error.message}", file=str(path)) from None
        self.path = Path(path)
        self.rule = rule
        self.rng = PrunedRelaxNG(self.grammar)
        self.explainer = Explainer(self.grammar, schema_name, tei_elements)

    def problems(self, root: etree._Element, names=None) -> list[Problem]:
        try:
            errors = self.rng.errors(root, names)
        except GrammarError as error:
            return [Problem(root, None, str(error))]
        return self.explainer.explain(errors)


class Validator:
    """The checks of one run, each schema compiled once: `check(document)` (a parsed tree, as the build has
    it) or `check_file(path)` -> diagnostics.

    `edition=False` (a folder of foreign TEI) checks only tei_all, when given.
    """

    def __init__(self, *, tei_all: Path | None = None, edition: bool = True, schema_dir: Path | None = None, defer_saxon: bool = False):
        """`defer_saxon`: the Schematron is compiled by saxonche only by `compile_saxon` (or at its first use)."""
        schema_dir = Path(schema_dir) if schema_dir is not None else resource_dir("schema")
        self.edition = RelaxNGCheck(schema_dir / "variorum.rng", EDITION, "the variorum schema", _tei_elements(schema_dir)) if edition else None
        self.schematron = None
        if edition:
            try:
                self.schematron = Schematron(schema_dir / "variorum.sch", defer_saxon=defer_saxon)
            except SchematronError as error:
                raise UsageError(str(error)) from None
        self.tei_all = RelaxNGCheck(Path(tei_all), TEI_ALL, "TEI (tei_all)") if tei_all is not None else None

    def compile_saxon(self) -> None:
        """Compile the Schematron with saxonche now, if `defer_saxon` left it for later."""
        if self.schematron is not None:
            try:
                self.schematron.compile()
            except SchematronError as error:
                raise UsageError(str(error)) from None

    def check_file(self, path: Path) -> list[Diagnostic]:
        """Diagnostics for one file; problems reading or parsing it (variorum.xmlio.read_xml) are diagnostics too."""
        try:
            document = read_xml(path)
        except UsageError as error:
            return [Diagnostic(error.file or str(path), error.line, error.column, "error", IO, error.message)]
        except InputError as error:
            return [Diagnostic(error.file or str(path), error.line, error.column, "error", WELL_FORMED, error.message)]
        return self.check(document)

    def check(self, document: XmlFile) -> list[Diagnostic]:
        """Diagnostics of one document already parsed by variorum.xmlio (read_xml, load_xml: the build's trees)."""
        diagnostics = _reading_problems(document)
        root = document.tree.getroot()

        def report(problems: Iterable[Problem], severity: str, rule: str) -> None:
            diagnostics.extend(_diagnostic(document, problem, severity, rule) for problem in problems)

        def report_findings(findings: Iterable[RuleFinding]) -> None:
            diagnostics.extend(_diagnostic(document, finding, finding.severity, finding.rule) for finding in findings)

        edition_problems = None
        outside: list[str] = []
        names = names_in(root)
        if self.edition is not None:
            grammar = self.edition.grammar
            outside = sorted(names[0] - grammar.element_names(), key=lambda n: (local_name(n), n))
            if self.tei_all is not None and outside and not grammar.has_element_wildcards:
                edition_problems = None  # outside the customisation by its names alone
            else:
                edition_problems = self.edition.problems(root, names)

        if self.tei_all is None:
            findings = self._schematron(root)
            report(_not_said_by(edition_problems or [], findings), "error", EDITION)
            report_findings(findings)
            return diagnostics

        # variorum.rng is tei_all cut down (a subset by construction, checked by tests/test_schema.py):
        # what it accepts, tei_all accepts, so tei_all is asked only about the others.
        tei_all_problems = [] if edition_problems == [] else self.tei_all.problems(root, names)
        report(tei_all_problems, "error", TEI_ALL)
        if self.edition is None:
            return diagnostics
        if edition_problems == []:
            report_findings(self._schematron(root))
        elif not tei_all_problems:
            file, line, column = document.position(root)
            diagnostics.append(Diagnostic(file, line, column, "info", EDITION, _outside_message(outside, edition_problems, document)))
        return diagnostics

    def _schematron(self, root: etree._Element) -> list[RuleFinding]:
        """The Schematron findings, each at its element (and attribute)."""
        if self.schematron is None or namespace_of(root.tag) != TEI_NS:
            return []
        try:
            findings = self.schematron.check(root)
        except SchematronError as error:
            return [RuleFinding(root, None, str(error), "error", "schematron")]
        results = []
        for finding in findings:
            node, attribute = node_at(root, finding.path)
            results.append(RuleFinding(node if node is not None else root, attribute, finding.message, finding.severity, finding.rule))
        return results


def _tei_elements(schema_dir: Path) -> frozenset[str]:
    path = schema_dir / "tei-elements.txt"
    if not path.is_file():
        return frozenset()
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class RuleFinding(Problem):
    """A Schematron finding at its element: a Problem with the severity of its rule's role, and the rule's id."""

    severity: str
    rule: str


def _not_said_by(problems: list[Problem], findings: list[RuleFinding]) -> list[Problem]:
    """The grammar's problems that no Schematron finding already explains (same element and attribute)."""
    explained = {(id(f.node), f.attribute) for f in findings}
    return [p for p in problems if (id(p.node), p.attribute) not in explained]


def _outside_message(outside: list[str], problems: list[Problem] | None, document: XmlFile) -> str:
    if outside:
        return (f"valid or not as TEI, this document is outside the variorum customisation: it uses "
                f"{_listing(outside)}, which the variorum schema does not include")
    first = problems[0] if problems else None
    where = ""
    if first is not None:
        _, line, _ = document.position(first.node, first.attribute)
        where = f" (first at line {line}: {first.message})" if line else f" ({first.message})"
    return f"this document is outside the variorum customisation: {len(problems or [])} departures from the variorum schema{where}"


def _diagnostic(document: XmlFile, problem: Problem, severity: str, rule: str) -> Diagnostic:
    """The problem as a diagnostic, at the line and column of its element (or attribute) in the document."""
    file, line, column = document.position(problem.node, problem.attribute)
    return Diagnostic(file, line, column, severity, rule, problem.message)


# ---------------------------------------------------------------------------
# Files and folders, the command
# ---------------------------------------------------------------------------

def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The files to check: files as given, folders searched recursively for *.xml and *.tei."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(
                f for f in path.rglob("*")
                if f.suffix.lower() in TEI_SUFFIXES and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            if not found:
                problems.append(Diagnostic(str(path), None, None, "error", IO,
                    f"no TEI files (*{', *'.join(TEI_SUFFIXES)}) in this folder or below it"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(Diagnostic(str(path), None, None, "error", IO, "no such file or folder"))
    return files, problems


# Past this much XML, a run spreads the files over worker processes (one per core).
PARALLEL_BYTES = 4_000_000
_worker_validator: Validator | None = None


def check_files(files: Sequence[Path], *, tei_all: Path | None = None, edition: bool = True, workers: int | None = None) -> list[Diagnostic]:
    """Diagnostics for files; a large batch is shared among processes forked once the grammars are compiled."""
    global _worker_validator
    sizes = {path: _size(path) for path in files}
    workers = workers or min(os.cpu_count() or 1, 4)
    parallel = workers >= 2 and len(files) >= 2 and sum(sizes.values()) >= PARALLEL_BYTES
    # saxonche's runtime, once started, has a thread of its own, which a fork would leave behind (and
    # perhaps holding a lock): a process that forks compiles the grammars, not the Schematron.
    validator = Validator(tei_all=tei_all, edition=edition, defer_saxon=parallel)
    if not parallel:
        return [d for path in files for d in validator.check_file(path)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    largest_first = sorted(files, key=lambda p: -sizes[p])
    _worker_validator = validator  # the forked workers inherit it, grammars compiled
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker) as pool:
            # Files go out in chunks (one round trip per chunk, not per file), small enough to keep the workers even.
            chunk = max(1, min(32, len(files) // (workers * 16)))
            return [d for found in pool.map(_check_in_worker, largest_first, chunksize=chunk) for d in found]
    finally:
        _worker_validator = None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _start_worker() -> None:
    _worker_validator.compile_saxon()


def _check_in_worker(path: Path) -> list[Diagnostic]:
    return _worker_validator.check_file(path)


def exit_status(diagnostics: Iterable[Diagnostic]) -> int:
    """2 if something could not be read, 1 if any error, else 0."""
    status = EXIT_OK
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            if diagnostic.rule == IO:
                return EXIT_USAGE
            status = EXIT_INVALID
    return status


def run_validate(paths: Sequence[Path], tei_all: Path | None = None, report_format: str = "text", stream: TextIO = sys.stdout) -> int:
    """The `variorum validate` command: check the files, write the report, return the exit status."""
    if tei_all is not None and not Path(tei_all).is_file():
        raise UsageError(f"--tei-all: no such file: {tei_all}")
    files, diagnostics = collect_files(paths)
    diagnostics += check_files(files, tei_all=tei_all)
    try:
        write_report(diagnostics, [str(f) for f in files], report_format, stream)
        stream.flush()
    except BrokenPipeError:  # the reader went away (`| head`): not our error
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno() if hasattr(stream, "fileno") else 1)
    return exit_status(diagnostics)
