"""Fuzzing: mutated witnesses, TEI and registers never crash a command.

Every input gets a result or a VariorumError (a message, an exit status); when
encode succeeds its TEI is valid against the edition schema. A longer run:
`python scripts/fuzz.py` (atheris).
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from variorum.authority import load_registry
from variorum.diagnostics import VariorumError
from variorum.encode import encode_bytes
from variorum.validate import DocumentChecker, Validator
from variorum.xmlio import load_xml

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
    return DocumentChecker()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated(SEEDS))
def test_encode_survives_mutated_witnesses(data, registry, checker):
    try:
        document = encode_bytes(data, "fuzz.txt", registry)
    except VariorumError as error:
        assert str(error)
        return
    errors = [d for d in checker.check(load_xml(document, "fuzz.xml")) if d.severity == "error"]
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
