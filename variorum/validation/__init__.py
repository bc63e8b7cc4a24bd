"""Validation: TEI documents -> diagnostics (well-formedness, edition schema, Schematron, tei_all).

Each document goes through these checks, in this order; each check's name is
the `rule` of what it reports:

| check | rule | what |
|---|---|---|
| read and parse | `well-formed`, `io` | the one safe reader (variorum.xmlio.read_xml): no DTD loaded, no external entity read, entity expansion bounded, no network |
| DOCTYPE | `well-formed` | an external DTD is an error here: it is never loaded, so what it would declare or default cannot be checked |
| XInclude | `xinclude` | like Debian's jing: a local file in the document's own folder (or below) is included, anything else takes the xi:fallback |
| edition schema | `edition-schema` | schema/variorum.rng (generated from schema/variorum.odd) |
| Schematron | the id of the assert | schema/variorum.sch (query binding xslt3, run by saxonche) |
| tei_all | `tei_all` | with --tei-all: the official tei_all.rng |

The stages, one module each, from the command down:

| module | stage |
|---|---|
| command | `variorum validate`: paths -> files -> diagnostics -> report (text, json, junit) and exit status |
| workers | many files -> diagnostics (`check_files`): one Validator, forked workers past PARALLEL_BYTES |
| checker | one document -> diagnostics (`Validator`): the checks above in their order, each schema compiled once; what a finding means |
| relaxng | libxml2 with grammars pruned to the document's names (`PrunedRelaxNG`): tei_all in milliseconds, every error, not only the first |
| explain | libxml2's errors -> `Problem`s in editors' words (`Explainer`) |
| schematron | ISO Schematron -> XSLT 3, compiled once, run by saxonche (`Schematron`) |
| grammar | RELAX NG read as a pattern graph: what it allows, pruned to a set of names, the same verdict (`Grammar`) |

Speed: every schema is compiled once per run and per set of names a document
uses (tei_all, 9 s to compile whole in libxml2, costs milliseconds per
document), a document is parsed once (the build passes its trees), and a large
run is spread over forked processes that inherit the compiled grammars.
"""
from variorum.validation.checker import EDITION, IO, TEI_ALL, RuleFinding, Validator
from variorum.validation.command import collect_files, exit_status, run_validate
from variorum.validation.explain import Explainer, Problem
from variorum.validation.grammar import ElementInfo, Grammar, GrammarError
from variorum.validation.relaxng import PrunedRelaxNG, RawError, names_in
from variorum.validation.schematron import Finding, Schematron, SchematronError
from variorum.validation.workers import check_files

__all__ = [
    "EDITION", "IO", "TEI_ALL", "ElementInfo", "Explainer", "Finding", "Grammar", "GrammarError", "Problem",
    "PrunedRelaxNG", "RawError", "RuleFinding", "Schematron", "SchematronError", "Validator", "check_files",
    "collect_files", "exit_status", "names_in", "run_validate",
]
