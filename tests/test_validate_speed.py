"""What makes validation fast must not change what it says: lean grammars, forked workers."""
from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lxml import etree

import variorum.validation.workers
from variorum.validation import Grammar, PrunedRelaxNG, check_files
from variorum.xmlio import read_xml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
GOLDEN = REPO / "tests" / "golden"
TEI_ALL = REPO.parent / "shared" / "schemas" / "tei" / "tei_all.rng"


def _documents() -> list[etree._ElementTree]:
    """The TEI fixtures and the TEI of the collate and export golden cases."""
    trees = []
    tei_goldens = [*GOLDEN.glob("collate/*/expected.xml"), *GOLDEN.glob("export/*/input/**/*.xml")]
    for path in sorted([*FIXTURES.rglob("*.xml"), *tei_goldens]):
        try:
            tree = read_xml(path).strict()
        except Exception:
            continue  # not well-formed on purpose
        dtd = tree.docinfo.internalDTD
        if dtd is None or not list(dtd.iterentities()):  # unexpanded entities: no schema is asked (variorum.validation)
            trees.append(tree)
    return trees


@pytest.mark.parametrize("schema", [REPO / "schema" / "variorum.rng", TEI_ALL], ids=["variorum", "tei_all"])
def test_lean_and_plain_pruned_grammars_give_the_same_verdicts(schema):
    if not schema.is_file():
        pytest.skip(f"{schema} is absent")
    rng = PrunedRelaxNG(Grammar.load(schema))
    verdicts = {True: 0, False: 0}
    for tree in _documents():
        root = tree.getroot()
        elements, attributes = rng.names_for(root)
        plain, lean = rng.validator(elements, attributes), rng.validator(elements, attributes, lean=True)
        assert plain.validate(tree) == lean.validate(tree), tree.docinfo.URL
        verdicts[plain.validate(tree)] += 1
        # Elements on their own (as the revalidation of skipped children sees them).
        plain, lean = (rng.validator(elements, attributes, any_start=True, lean=flag) for flag in (False, True))
        for child in root.iter(etree.Element):
            alone = copy.deepcopy(child)
            alone.tail = None
            assert plain.validate(etree.ElementTree(alone)) == lean.validate(etree.ElementTree(alone)), (tree.docinfo.URL, child.tag)
    assert verdicts[True] and verdicts[False]  # both verdicts were compared


def test_lean_grammar_avoids_the_group_libxml2_never_finishes_compiling(tmp_path):
    # libxml2 2.14 loops for ever compiling an element whose content is a one-child group leading
    # back to the element, followed by an optional attribute; the lean grammar has no such group.
    (tmp_path / "loop.rng").write_text("""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:x">
      <start><ref name="list"/></start>
      <define name="list"><element name="list">
        <group><oneOrMore><choice><ref name="item"/><ref name="list"/></choice></oneOrMore></group>
        <optional><attribute name="type"/></optional>
        <optional><attribute name="n"/></optional>
      </element></define>
      <define name="item"><element name="item"><text/></element></define>
    </grammar>""")
    script = textwrap.dedent(f"""
        from lxml import etree
        from variorum.validation.grammar import Grammar
        grammar = Grammar.load({str(tmp_path / "loop.rng")!r})
        lean = etree.RelaxNG(grammar.pruned({{"{{urn:x}}list", "{{urn:x}}item"}}, {{"type"}}, lean=True))
        good = etree.fromstring('<list xmlns="urn:x" type="a"><item/><list><item/></list></list>')
        bad = etree.fromstring('<list xmlns="urn:x" type="a"/>')
        print(lean.validate(good), lean.validate(bad))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_forked_workers_report_what_one_process_reports(monkeypatch):
    if not TEI_ALL.is_file():
        pytest.skip(f"{TEI_ALL} is absent")
    files = sorted((FIXTURES / "validate").rglob("*.xml"))
    alone = check_files(files, tei_all=TEI_ALL, workers=1)
    monkeypatch.setattr(variorum.validation.workers, "PARALLEL_BYTES", 0)
    shared = check_files(files, tei_all=TEI_ALL, workers=2)
    assert sorted(map(repr, shared)) == sorted(map(repr, alone))
    assert {d.rule for d in alone} >= {"tei_all", "pointer-resolves", "app-witness-twice"}  # Schematron ran in the workers too


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_the_process_that_forks_starts_no_saxonche_thread():
    # check_files forks its workers after loading the grammars; saxonche's runtime has a thread
    # of its own that a fork would leave behind, so it may start only in the workers.
    script = ("import os; from variorum.validation import Validator; v = Validator(defer_saxon=True); "
              "print(len(os.listdir('/proc/self/task')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
