#!/usr/bin/env python3
"""Build schema/variorum.rng from schema/variorum.odd and the TEI's tei_all.rng.

    python scripts/build_schema.py [--tei-all PATH] [--check]

The ODD says which elements the edition uses (moduleRef/@include) and where
it narrows attribute values (elementSpec/attList/attDef/valList[@type='closed']).
This script reads exactly that much ODD, and makes the RELAX NG by cutting
tei_all down, never by writing patterns of its own:

1. narrow: for each constrained attribute, the attribute-class defines that
   lead from the element to it are copied for that element alone
   (`att.typed.attributes` -> `att.typed.attributes.app`), and the copy's
   attribute content becomes a choice of the listed values; each value is
   checked against the original datatype, so the narrowing is a subset;
2. prune: every element pattern the ODD does not select becomes notAllowed,
   and notAllowed is propagated (variorum.validation.grammar.Grammar.pruned);
3. check that the elements the result allows are exactly the ODD's, and write
   the grammar with a header naming its sources.

So every document valid against variorum.rng is valid against tei_all by
construction (tests/test_schema.py also checks it on every fixture).
tei_all.rng is not shipped with variorum: the generated variorum.rng is
committed. `--check` rebuilds in memory and fails if the committed file differs.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from variorum.validation.grammar import RNG_NS, Grammar, local_name, rng  # noqa: E402
from variorum.xmlio import TEI_NS, read_xml  # noqa: E402

ODD = ROOT / "schema" / "variorum.odd"
OUTPUT = ROOT / "schema" / "variorum.rng"
TEI_ELEMENTS = ROOT / "schema" / "tei-elements.txt"
DEFAULT_TEI_ALL = ROOT.parent / "shared" / "schemas" / "tei" / "tei_all.rng"
P5SUBSET = ROOT.parent / "shared" / "schemas" / "tei" / "p5subset-4.10.0a.xml"
T = {"t": TEI_NS}


class BuildError(Exception):
    pass


def read_odd(path: Path) -> tuple[dict[str, str], dict[str, dict[str, list[str]]]]:
    """The ODD's elements (name -> module) and closed value lists (element -> attribute -> values)."""
    odd = read_xml(path).strict()
    elements: dict[str, str] = {}
    for module_ref in odd.iterfind(".//t:schemaSpec/t:moduleRef", namespaces=T):
        module = module_ref.get("key")
        if module_ref.get("except") is not None:
            raise BuildError(f"{path}: moduleRef/@except is not supported; list the elements in @include")
        for name in (module_ref.get("include") or "").split():
            elements[name] = module
    values: dict[str, dict[str, list[str]]] = {}
    for spec in odd.iterfind(".//t:schemaSpec/t:elementSpec", namespaces=T):
        if spec.get("mode") not in ("change", "replace"):
            raise BuildError(f"{path}:{spec.sourceline}: elementSpec/@mode={spec.get('mode')!r} is not supported")
        if spec.get("ident") not in elements:
            raise BuildError(f"{path}:{spec.sourceline}: elementSpec for {spec.get('ident')}, which no moduleRef includes")
        for att_def in spec.iterfind("t:attList/t:attDef", namespaces=T):
            val_list = att_def.find("t:valList", namespaces=T)
            if val_list is None or val_list.get("type") != "closed":
                continue
            idents = [item.get("ident") for item in val_list.iterfind("t:valItem", namespaces=T)]
            values.setdefault(spec.get("ident"), {})[att_def.get("ident")] = idents
    return elements, values


def check_modules(elements: dict[str, str], p5subset: Path) -> list[str]:
    """Elements the ODD puts in a module TEI does not put them in (when the P5 source is at hand)."""
    if not p5subset.is_file():
        return []
    source = read_xml(p5subset).strict()
    modules = {spec.get("ident"): spec.get("module") for spec in source.iterfind(".//t:elementSpec", namespaces=T)}
    return [f"{name}: the ODD says module {module!r}, TEI says {modules.get(name)!r}"
            for name, module in sorted(elements.items()) if modules.get(name) != module]


# -- step 1: narrow attribute values --------------------------------------------------

def _defines(tree: etree._ElementTree) -> dict[str, etree._Element]:
    return {d.get("name"): d for d in tree.getroot().iterchildren(rng("define"))}


def _element_define(defines: dict[str, etree._Element], element: str) -> etree._Element:
    for define in defines.values():
        body = [c for c in define if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG_NS}}}")]
        if len(body) == 1 and body[0].tag == rng("element") and body[0].get("name") == element:
            return define
    raise BuildError(f"tei_all has no element {element!r}")


def _own_nodes(node: etree._Element):
    """The patterns inside `node`, not descending into nested element patterns."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        yield child
        if child.tag != rng("element"):
            yield from _own_nodes(child)


def _is_attribute(node: etree._Element, attribute: str) -> bool:
    return node.tag == rng("attribute") and node.get("name") == attribute


def _leads_to(defines, name: str, attribute: str, memo: dict[str, bool]) -> bool:
    if name not in memo:
        memo[name] = False
        memo[name] = any(
            _is_attribute(n, attribute) or (n.tag == rng("ref") and _leads_to(defines, n.get("name"), attribute, memo))
            for n in _own_nodes(defines[name])
        )
    return memo[name]


def narrow(tree: etree._ElementTree, element: str, attribute: str, values: list[str]) -> list[etree._Element]:
    """Make `attribute` of `element` take only `values`; return the original attribute patterns."""
    defines = _defines(tree)
    memo: dict[str, bool] = {}
    originals: list[etree._Element] = []

    def visit(container: etree._Element) -> None:
        for node in list(_own_nodes(container)):
            if _is_attribute(node, attribute):
                originals.append(copy.deepcopy(node))
                for child in list(node):
                    node.remove(child)
                choice = etree.SubElement(node, rng("choice"))
                for value in values:
                    etree.SubElement(choice, rng("value")).text = value
            elif node.tag == rng("ref") and _leads_to(defines, node.get("name"), attribute, memo):
                clone_name = f"{node.get('name')}.{element}"
                if clone_name not in defines:
                    clone = copy.deepcopy(defines[node.get("name")])
                    clone.set("name", clone_name)
                    defines[node.get("name")].addnext(clone)
                    defines[clone_name] = clone
                    visit(clone)
                node.set("name", clone_name)

    visit(_element_define(defines, element).find(rng("element")))
    if not originals:
        raise BuildError(f"tei_all gives <{element}> no attribute {attribute!r}")
    return originals


def check_values(tei_all: etree._ElementTree, element: str, attribute: etree._Element, values: list[str]) -> None:
    """Each value must be valid for the attribute as tei_all defines it (so narrowing is a subset)."""
    tree = copy.deepcopy(tei_all)
    start = tree.getroot().find(rng("start"))
    for child in list(start):
        start.remove(child)
    probe = etree.SubElement(start, rng("element"), name="probe")
    probe.append(copy.deepcopy(attribute))
    grammar = Grammar(tree, "probe")
    validator = etree.RelaxNG(grammar.pruned({f"{{{TEI_NS}}}probe"}, None))
    for value in values:
        doc = etree.Element(f"{{{TEI_NS}}}probe", {attribute.get("name"): value})
        if not validator.validate(doc):
            raise BuildError(f"<{element} {attribute.get('name')}={value!r}>: tei_all does not allow this value")


# -- steps 2 and 3 ----------------------------------------------------------------------

def tei_element_list(tei_all_path: Path) -> bytes:
    """Every element name of TEI P5, one a line: lets messages tell "not in our customisation" from "not TEI"."""
    names = sorted(local_name(n) for n in Grammar(read_xml(tei_all_path).strict(), str(tei_all_path)).element_names()
                   if n.startswith(f"{{{TEI_NS}}}"))
    header = "# The elements of TEI P5 (tei_all.rng 4.12.0), written by scripts/build_schema.py.\n"
    return (header + "\n".join(names) + "\n").encode("utf-8")


def build(tei_all_path: Path, odd_path: Path = ODD) -> bytes:
    elements, constraints = read_odd(odd_path)
    tei_all = read_xml(tei_all_path).strict()
    tree = copy.deepcopy(tei_all)
    for element, attributes in sorted(constraints.items()):
        for attribute, values in sorted(attributes.items()):
            for original in narrow(tree, element, attribute, values):
                check_values(tei_all, element, original, values)
    grammar = Grammar(tree, str(tei_all_path))
    wanted = {f"{{{TEI_NS}}}{name}" for name in elements}
    pruned = Grammar(grammar.pruned(wanted, None), "variorum.rng")
    allowed = pruned.element_names()
    if allowed != wanted:
        missing = sorted(local_name(n) for n in wanted - allowed)
        extra = sorted(local_name(n) for n in allowed - wanted)
        raise BuildError(f"the grammar does not allow exactly the ODD's elements: unreachable {missing}, extra {extra}")
    return _serialise(pruned.root, tei_all_path)


def _serialise(root: etree._Element, tei_all_path: Path) -> bytes:
    defines = sorted(root.iterchildren(rng("define")), key=lambda d: d.get("name"))
    for define in defines:
        root.remove(define)
    root.extend(defines)
    digest = hashlib.sha256(tei_all_path.read_bytes()).hexdigest()
    root.insert(0, etree.Comment(
        "\nThe variorum customisation of TEI P5, as RELAX NG. GENERATED: do not edit.\n"
        "Made by scripts/build_schema.py from schema/variorum.odd and tei_all.rng\n"
        f"(TEI P5 4.12.0, sha256 {digest}),\n"
        "by cutting tei_all down (patterns outside the ODD become notAllowed; closed value lists\n"
        "narrow attributes), so every document valid against it is valid against tei_all.\n"
        "TEI material is available under both CC-BY and BSD-2 (the TEI Consortium); so is this file.\n"))
    etree.indent(root, space=" ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tei-all", type=Path, default=DEFAULT_TEI_ALL, help=f"tei_all.rng (default: {DEFAULT_TEI_ALL})")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if schema/variorum.rng is out of date")
    args = parser.parse_args(argv)
    try:
        elements, _ = read_odd(ODD)
        for problem in check_modules(elements, P5SUBSET):
            print(f"build_schema: warning: {problem}", file=sys.stderr)
        data = build(args.tei_all)
    except BuildError as error:
        print(f"build_schema: {error}", file=sys.stderr)
        return 1
    elements_list = tei_element_list(args.tei_all)
    if args.check:
        for path, expected in ((OUTPUT, data), (TEI_ELEMENTS, elements_list)):
            if not path.is_file() or path.read_bytes() != expected:
                print(f"build_schema: {path} is out of date; run scripts/build_schema.py", file=sys.stderr)
                return 1
        print(f"{OUTPUT} is up to date")
        return 0
    from variorum.xmlio import write_atomic

    write_atomic(OUTPUT, data)
    write_atomic(TEI_ELEMENTS, elements_list)
    print(f"wrote {OUTPUT} ({len(data)} bytes, {len(elements)} elements)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
