"""Fuzzing: mutated witnesses, TEI and registers never crash a command (encode, collate, validate, export, the renderers).

Every input gets a result or a VariorumError (a message, an exit status); when
encode succeeds its TEI is valid against the edition schema. A longer run:
`python scripts/fuzz.py` (atheris).
"""

import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from variorum.authority import load_registry
from variorum.diagnostics import VariorumError
from variorum.encode import encode_bytes
from variorum.validation import Validator
from variorum.xmlio import read_xml

from conftest import FIXTURES, REPO

SEEDS = [p.read_bytes() for p in sorted((REPO / "sources").glob("*.txt"))] + [
    p.read_bytes() for p in sorted((FIXTURES / "witnesses").glob("*.txt"))]
TEI_SEEDS = [p.read_bytes() for p in sorted((REPO / "tei").glob("*.xml"))]
REGISTER_SEED = (FIXTURES / "registers" / "register.xml").read_bytes()
FRAGMENTS = [b"[", b"]", b"[c. ", b"[p. 12]", b"**Date:**", b"**Title:**", b"*", b"(1) ", b"\r\n", b"\xef\xbb\xbf",
             b"\xff\xfe", b"\x00", b"\x81", "Lüshun".encode("cp1252"), b"<", b"&", b"]]>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
             b"&a;", b"<placeName>", b"</TEI>", b"xml:id=\"nanjing\"", b"\n\n"]


@st.composite
def mutated(draw, seeds):
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]))
        length = draw(st.integers(1, 40))
        if operation == "delete":
            del data[at:at + length]
        elif operation == "duplicate":
            data[at:at] = data[at:at + length]
        elif operation == "swap":
            other = draw(st.integers(0, len(data) - 1))
            data[at], data[other] = data[other], data[at]
        elif operation == "insert":
            data[at:at] = draw(st.sampled_from(FRAGMENTS))
        else:
            del data[at:]
    return bytes(data)


@pytest.fixture(scope="module")
def registry():
    return load_registry([FIXTURES / "registers" / "register.xml"])


@pytest.fixture(scope="module")
def checker():
    return Validator()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated(SEEDS))
def test_encode_survives_mutated_witnesses(data, registry, checker):
    from variorum.encode.report import WitnessReport

    report = WitnessReport("fuzz.txt")
    try:
        document = encode_bytes(data, "fuzz.txt", registry, report=report)
    except VariorumError as error:
        assert str(error)
        return
    # The citation parser keeps what it cannot analyse as text, but a bug of its own must show here.
    bugs = [d.message for d in report.diagnostics if d.rule == "citation-internal-error"]
    assert not bugs, bugs
    json.dumps(report.as_dict()) and report.as_text()
    errors = [d for d in checker.check(read_xml(document, "fuzz.xml")) if d.severity == "error"]
    assert not errors, [d.as_text() for d in errors]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated(TEI_SEEDS))
def test_validate_survives_mutated_tei(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "doc.xml"
    path.write_bytes(data)
    diagnostics = Validator().check_file(path)
    assert all(d.file == str(path) and d.message for d in diagnostics)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated([REGISTER_SEED]))
def test_registers_survive_mutation(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "register.xml"
    path.write_bytes(data)
    try:
        load_registry([path])
    except VariorumError as error:
        assert str(error).startswith(str(path))


def _run(argv: list[str]) -> tuple[int, str]:
    """A command through the CLI in process: (exit status, what it printed)."""
    import contextlib
    import io

    from variorum.cli import main

    stream = io.StringIO()
    with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
        status = main(argv)
    return status, stream.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=mutated(SEEDS), second=mutated(SEEDS))
def test_collate_survives_mutated_witnesses(first, second, tmp_path_factory, checker):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "a.txt").write_bytes(first)
    (folder / "b.txt").write_bytes(second)
    out = folder / "collated.xml"
    status, output = _run(["collate", str(folder / "a.txt"), str(folder / "b.txt"), "--out", str(out),
                           "--authority", str(FIXTURES / "registers" / "register.xml")])
    assert status in (0, 1, 2) and "internal error" not in output, output
    event(f"collate exit {status}")
    if status == 0:
        errors = [d for d in checker.check(read_xml(out.read_bytes(), str(out))) if d.severity == "error"]
        assert not errors, [d.as_text() for d in errors]
    else:
        assert not out.exists() and output.strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated(TEI_SEEDS), format=st.sampled_from(["cmif", "geojson", "lpf", "text"]))
def test_export_survives_mutated_tei(data, format, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "doc.xml").write_bytes(data)
    out = folder / "out" / f"export.{format}"
    status, output = _run(["export", str(folder / "doc.xml"), "--format", format, "--out", str(out)])
    assert status in (0, 1, 2) and "internal error" not in output, output
    event(f"export exit {status}")
    assert status == 0 or not out.exists()


@pytest.fixture(scope="module")
def stylesheets():
    from variorum.render.xslt import Stylesheets

    return Stylesheets()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated(TEI_SEEDS))
def test_web_and_print_rendering_survive_mutated_tei(data, stylesheets, tmp_path_factory):
    """Whatever well-formed TEI reaches the renderers (a foreign folder publishes it as it is) gives pages."""
    from variorum.config import Edition
    from variorum.document import TeiDocument
    from variorum.render.pdf import PrintEdition
    from variorum.render.site import Site

    try:
        document = read_xml(data, "doc.xml")
    except VariorumError:
        return
    folder = tmp_path_factory.mktemp("fuzz")
    site = Site(Edition(root=folder), folder / "site", stylesheets)
    model = TeiDocument("doc", "doc.xml", document.root)
    site.add_document(model, data)
    site.finish()
    assert (folder / "site" / "documents" / "doc.html").stat().st_size > 0
    printed = PrintEdition(Edition(root=folder), stylesheets).print_documents([model])
    assert printed and printed[0].section
