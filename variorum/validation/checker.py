"""The checker: one document -> diagnostics, every check of a run in its order (`Validator`).

A `Validator` is made once per run (by the command, whose forked workers
inherit it, or by the build) and compiles each schema once: the edition's
RELAX NG and tei_all, each a `RelaxNGCheck` (the grammar pruned per document by
variorum.validation.relaxng, its errors said by variorum.validation.explain),
and the Schematron (variorum.validation.schematron; `defer_saxon` leaves
saxonche for later, in a process that forks). `check(document)` takes a
document variorum.xmlio has parsed (the build's trees, parsed once),
`check_file(path)` reads one first; what reading found (an external DTD, an
unresolved XInclude) is a diagnostic too. Every problem becomes a Diagnostic
at the line and column of its element or attribute.

What a finding means depends on the question asked:

- without --tei-all the question is "is this a good document of our edition?":
  edition-schema findings are errors, Schematron findings have their rule's role;
- with --tei-all the question is "is this valid TEI, and is it ours?": tei_all
  findings are errors; a document outside the variorum customisation is told
  so once (info), not failed; the Schematron rules (written for the
  customisation) run on documents inside it. variorum.rng is a subset of
  tei_all, so tei_all is asked only about documents the edition schema refuses.

Where a Schematron rule and the grammar see the same fault on the same element
and attribute (an impossible date), the rule's message, which says more, is the
one given.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from variorum.diagnostics import Diagnostic, InputError, UsageError, VariorumError
from variorum.resources import resource_dir
from variorum.validation.explain import Explainer, Problem, listing
from variorum.validation.grammar import Grammar, GrammarError, local_name, namespace_of
from variorum.validation.relaxng import PrunedRelaxNG, names_in
from variorum.validation.schematron import Schematron, SchematronError, node_at
from variorum.xmlio import TEI_NS, WELL_FORMED, XmlFile, read_xml

# The rules of the checks' diagnostics (a Schematron finding's rule is its assert's id).
EDITION = "edition-schema"
TEI_ALL = "tei_all"
IO = "io"


@dataclass(frozen=True)
class RuleFinding(Problem):
    """A Schematron finding at its element: a Problem with the severity of its rule's role, and the rule's id."""

    severity: str
    rule: str


def _reading_problems(document: XmlFile) -> list[Diagnostic]:
    """What reading the file found, as validation sees it: an external DTD that was not
    loaded is an error here (what the DTD would add or default cannot be checked)."""
    return [replace(note, severity="error") if note.rule == WELL_FORMED else note for note in document.notes]


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
        """Diagnostics of one document already parsed by variorum.xmlio.read_xml (the build's trees)."""
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


def _not_said_by(problems: list[Problem], findings: list[RuleFinding]) -> list[Problem]:
    """The grammar's problems that no Schematron finding already explains (same element and attribute)."""
    explained = {(id(f.node), f.attribute) for f in findings}
    return [p for p in problems if (id(p.node), p.attribute) not in explained]


def _outside_message(outside: list[str], problems: list[Problem] | None, document: XmlFile) -> str:
    if outside:
        return (f"valid or not as TEI, this document is outside the variorum customisation: it uses "
                f"{listing(outside)}, which the variorum schema does not include")
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
