"""The edition's schema: the ODD and the RELAX NG agree, and the RELAX NG is a subset of tei_all."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from variorum.validation import Grammar, PrunedRelaxNG, names_in
from variorum.xmlio import TEI_NS, read_xml

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "schema"
SHARED = Path(__file__).resolve().parents[2] / "shared"
TEI_ALL = SHARED / "schemas" / "tei" / "tei_all.rng"
FIXTURES = REPO / "tests" / "fixtures"
T = {"t": TEI_NS}


def odd_elements() -> set[str]:
    odd = read_xml(SCHEMA / "variorum.odd").strict()
    names = set()
    for module_ref in odd.iterfind(".//t:schemaSpec/t:moduleRef", namespaces=T):
        names.update(module_ref.get("include", "").split())
    return {f"{{{TEI_NS}}}{name}" for name in names}


def odd_value_lists() -> dict[tuple[str, str], set[str]]:
    odd = read_xml(SCHEMA / "variorum.odd").strict()
    lists = {}
    for spec in odd.iterfind(".//t:schemaSpec/t:elementSpec", namespaces=T):
        for att_def in spec.iterfind("t:attList/t:attDef", namespaces=T):
            items = att_def.iterfind("t:valList[@type='closed']/t:valItem", namespaces=T)
            lists[(spec.get("ident"), att_def.get("ident"))] = {item.get("ident") for item in items}
    return lists


@pytest.fixture(scope="session")
def variorum_grammar() -> Grammar:
    return Grammar.load(SCHEMA / "variorum.rng")


def test_odd_and_rng_allow_the_same_elements(variorum_grammar):
    declared = odd_elements()
    allowed = variorum_grammar.element_names()
    assert allowed == declared, f"in the ODD only: {sorted(declared - allowed)}; in the RNG only: {sorted(allowed - declared)}"


def test_rng_has_no_element_wildcards(variorum_grammar):
    # variorum.validation.checker decides "outside the customisation" by element names alone; that needs this.
    assert not variorum_grammar.has_element_wildcards


def test_closed_value_lists_of_the_odd_are_in_the_rng(variorum_grammar):
    for (element, attribute), values in odd_value_lists().items():
        info = variorum_grammar.info(f"{{{TEI_NS}}}{element}")
        assert set(info.values.get(attribute, ())) == values, (element, attribute)


def test_jing_accepts_the_rng_and_a_document():
    # Tools such as Oxygen or jing load the edition schema whole.
    result = subprocess.run(["jing", str(SCHEMA / "variorum.rng"), str(FIXTURES / "validate" / "valid-letter.xml")],
                            capture_output=True, text=True) if shutil.which("jing") else None
    if result is None:
        pytest.skip("jing is not installed (apt-get install jing)")
    assert result.returncode == 0, result.stdout


def _build_schema_module():
    spec = importlib.util.spec_from_file_location("build_schema", REPO / "scripts" / "build_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_rng_is_what_the_odd_builds():
    if not TEI_ALL.is_file():
        pytest.skip(f"tei_all.rng not found at {TEI_ALL} (the shared folder is absent)")
    built = _build_schema_module().build(TEI_ALL)
    assert built == (SCHEMA / "variorum.rng").read_bytes(), "schema/variorum.rng is out of date: run scripts/build_schema.py"


def _documents_the_toolchain_makes() -> list[Path]:
    """Every TEI document we have that the edition schema accepts: fixtures, the sample edition, goldens."""
    candidates = [
        *sorted((FIXTURES / "validate").rglob("*.xml")),
        *sorted((REPO / "tei").glob("*.xml")),
        *sorted((REPO / "tests" / "golden").rglob("*.xml")),
    ]
    return [p for p in candidates if "hostile" not in p.parts]


def test_every_document_valid_against_variorum_rng_is_valid_against_tei_all(tmp_path, variorum_grammar):
    """The subset claim, checked on every document we produce or keep, with an independent validator."""
    if not TEI_ALL.is_file():
        pytest.skip(f"tei_all.rng not found at {TEI_ALL} (the shared folder is absent)")
    # The edition verdict as the validator gets it: variorum.rng pruned to each document's names
    # (libxml2 takes minutes to compile the whole of it; jing loads it in a second).
    edition = PrunedRelaxNG(variorum_grammar)
    accepted = []
    for path in _documents_the_toolchain_makes():
        try:
            tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        tree.xinclude() if tree.getroot().nsmap.get("xi") else None
        if edition.is_valid(tree.getroot()):
            copy = tmp_path / f"{len(accepted):03d}-{path.name}"
            copy.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
            accepted.append(copy)
    try:  # the documents `variorum encode` writes from the sample sources
        from variorum.encode import encode_files

        out = tmp_path / "encoded"
        encode_files(sorted((REPO / "sources").glob("*.txt")), out)
        for path in sorted(out.glob("*.xml")):
            assert edition.is_valid(etree.parse(str(path)).getroot()), f"encode wrote {path.name}, which the edition schema rejects"
            accepted.append(path)
    except ImportError:
        pass
    assert len(accepted) >= 5
    if shutil.which("jing"):
        result = subprocess.run(["jing", str(TEI_ALL), *map(str, accepted)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout
    else:
        tei_all = etree.RelaxNG(etree.parse(str(TEI_ALL)))  # the whole grammar, about 9 s
        for path in accepted:
            assert tei_all.validate(etree.parse(str(path))), path


def test_odd_is_itself_valid_tei():
    if not TEI_ALL.is_file() or not shutil.which("jing"):
        pytest.skip("needs tei_all.rng (shared folder) and jing")
    result = subprocess.run(["jing", str(TEI_ALL), str(SCHEMA / "variorum.odd")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_pruning_keeps_every_name_the_document_uses(variorum_grammar):
    tree = read_xml(FIXTURES / "validate" / "valid-apparatus.xml").strict()
    elements, attributes = names_in(tree)
    pruned = Grammar(variorum_grammar.pruned(variorum_grammar.required_closure(elements), attributes), "pruned")
    assert elements <= pruned.element_names()
    assert etree.RelaxNG(variorum_grammar.pruned(elements, attributes)).validate(tree)


def test_tei_element_list_is_up_to_date():
    if not TEI_ALL.is_file():
        pytest.skip(f"tei_all.rng not found at {TEI_ALL} (the shared folder is absent)")
    assert _build_schema_module().tei_element_list(TEI_ALL) == (SCHEMA / "tei-elements.txt").read_bytes()


def test_narrowing_refuses_a_value_tei_does_not_allow():
    if not TEI_ALL.is_file():
        pytest.skip(f"tei_all.rng not found at {TEI_ALL} (the shared folder is absent)")
    build_schema = _build_schema_module()
    tei_all = read_xml(TEI_ALL).strict()
    tree = etree.ElementTree(etree.fromstring(etree.tostring(tei_all)))
    originals = build_schema.narrow(tree, "date", "when", ["1949-01-10", "not a date"])
    build_schema.check_values(tei_all, "date", originals[0], ["1949-01-10"])
    with pytest.raises(build_schema.BuildError, match="not a date"):
        build_schema.check_values(tei_all, "date", originals[0], ["not a date"])


# -- the pruning theorem (variorum.validation.grammar), tested against the whole tei_all -------------

MUTABLE = sorted((FIXTURES / "validate").glob("valid-*.xml"))
RENAMES = ["p", "ab", "seg", "hi", "title", "note", "list", "item", "div", "lg", "bogus", "sp", "date", "app"]
ATTRIBUTES = [("type", "x"), ("n", "1"), ("when", "1949-02-30"), ("when", "1949-02-03"), ("rend", "italic"), ("foo", "1"), ("unit", "page")]


def _mutate(tree: etree._ElementTree, data) -> etree._ElementTree:
    from hypothesis import strategies as st

    elements = [e for e in tree.getroot().iter(etree.Element)][1:]
    for _ in range(data.draw(st.integers(1, 3))):
        element = data.draw(st.sampled_from(elements))
        if element.getparent() is None:
            continue
        action = data.draw(st.sampled_from(["delete", "rename", "attribute", "move"]))
        if action == "delete":
            element.getparent().remove(element)
            elements = [e for e in tree.getroot().iter(etree.Element)][1:]
        elif action == "rename":
            element.tag = f"{{{TEI_NS}}}{data.draw(st.sampled_from(RENAMES))}"
        elif action == "attribute":
            name, value = data.draw(st.sampled_from(ATTRIBUTES))
            element.set(name, value)
        else:
            target = data.draw(st.sampled_from(elements))
            if element not in target.iterancestors() and element is not target:
                target.append(element)
    return tree


def test_a_pruned_tei_all_gives_the_verdict_of_the_whole(tei_all_schema):
    """For mutated documents, tei_all pruned to the document's names and the whole tei_all agree."""
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    grammar = Grammar.load(TEI_ALL)
    pruned = PrunedRelaxNG(grammar)
    seen = {True: 0, False: 0}

    @hypothesis.settings(max_examples=60, deadline=None, derandomize=True)
    @hypothesis.given(st.data())
    def check(data):
        path = data.draw(st.sampled_from(MUTABLE))
        tree = _mutate(read_xml(path).strict(), data)
        verdict = tei_all_schema.validate(tree)
        seen[verdict] += 1
        assert pruned.is_valid(tree.getroot()) == verdict
        assert bool(pruned.errors(tree.getroot())) == (not verdict)

    check()
    assert seen[True] and seen[False]
