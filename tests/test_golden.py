"""The golden fixture itself (tests/conftest.py), run in a pytest of its own on a stage made for it:
a missing expected file fails, `--accept-golden` writes it back byte for byte and says so."""
from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).with_name("conftest.py")

# A stage of two kinds of case: text (upper-cased) and bytes (reversed).
STAGE_TESTS = '''
import pytest
from conftest import GOLDEN, golden_cases

@pytest.mark.parametrize("case", golden_cases("upper"))
def test_text(case, golden):
    folder = GOLDEN / "upper" / case
    golden((folder / "input.txt").read_bytes().decode("utf-8").upper(), folder / "expected.txt", f"upper-casing of {case}")

@pytest.mark.parametrize("case", golden_cases("reverse"))
def test_bytes(case, golden):
    folder = GOLDEN / "reverse" / case
    golden((folder / "input.bin").read_bytes()[::-1], folder / "expected.bin", f"reversal of {case}")

def test_not_golden():
    pass
'''


def stage(pytester) -> Path:
    """tests/conftest.py (a copy: its GOLDEN is then pytester's tests/golden) and the stage's cases."""
    tests = pytester.mkdir("tests")
    (tests / "conftest.py").write_text(CONFTEST.read_text(encoding="utf-8"), encoding="utf-8")
    (tests / "test_stage.py").write_text(STAGE_TESTS, encoding="utf-8")
    golden = tests / "golden"
    for case, text in (("one", "één\nline two\n"), ("two", "line\r\nwith CRLF\r\n")):
        (golden / "upper" / case).mkdir(parents=True)
        (golden / "upper" / case / "input.txt").write_bytes(text.encode("utf-8"))
        (golden / "upper" / case / "expected.txt").write_bytes(text.upper().encode("utf-8"))
    (golden / "reverse" / "bin").mkdir(parents=True)
    (golden / "reverse" / "bin" / "input.bin").write_bytes(b"\x00\xff\xfe abc")
    (golden / "reverse" / "bin" / "expected.bin").write_bytes(b"cba \xfe\xff\x00")
    return golden


def snapshot(golden: Path) -> dict[str, bytes]:
    return {str(p.relative_to(golden)): p.read_bytes() for p in sorted(golden.rglob("*")) if p.is_file()}


def test_the_stage_passes_as_it_is(pytester):
    stage(pytester)
    result = pytester.runpytest_subprocess("tests")
    result.assert_outcomes(passed=4)
    assert "--accept-golden" not in result.stdout.str()


def test_a_deleted_expected_file_fails_and_accept_golden_brings_it_back(pytester):
    golden = stage(pytester)
    before = snapshot(golden)
    (golden / "upper" / "two" / "expected.txt").unlink()
    (golden / "reverse" / "bin" / "expected.bin").unlink()

    result = pytester.runpytest_subprocess("tests")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "*upper-casing of two: the expected file tests/golden/upper/two/expected.txt is missing; create it with "
        "`pytest --accept-golden 'tests/test_stage.py::test_text[[]two[]]'` (or `make accept`)*",
        "*reversal of bin: the expected file tests/golden/reverse/bin/expected.bin is missing*",
    ])
    assert not (golden / "upper" / "two" / "expected.txt").exists()  # a plain run writes nothing

    result = pytester.runpytest_subprocess("tests", "--accept-golden")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines([
        "created: tests/golden/upper/two/expected.txt",
        "created: tests/golden/reverse/bin/expected.bin",
        "*= --accept-golden: 2 created, 0 rewritten, 1 unchanged expected files =*",
    ])
    assert snapshot(golden) == before
    pytester.runpytest_subprocess("tests").assert_outcomes(passed=4)


def test_a_case_folder_without_its_expected_file_fails(pytester):
    golden = stage(pytester)
    (golden / "upper" / "three").mkdir()
    (golden / "upper" / "three" / "input.txt").write_text("new\n", encoding="utf-8")
    result = pytester.runpytest_subprocess("tests")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(["upper-casing of three: the expected file tests/golden/upper/three/expected.txt is missing*",
                                 "FAILED tests/test_stage.py::test_text[[]three[]]*"])


def test_a_changed_output_fails_with_a_diff_or_the_first_differing_byte(pytester):
    golden = stage(pytester)
    (golden / "upper" / "one" / "expected.txt").write_text("ÉÉN\nLINE 2\n", encoding="utf-8")
    (golden / "reverse" / "bin" / "expected.bin").write_bytes(b"cba \xfe\xfe\x00")
    result = pytester.runpytest_subprocess("tests")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "*upper-casing of one differs from tests/golden/upper/one/expected.txt; if the change is intended, "
        "rewrite it with `pytest --accept-golden 'tests/test_stage.py::test_text[[]one[]]'`*",
        "--- expected", "+++ actual", "-LINE 2", "+LINE TWO",
    ])
    result.stdout.fnmatch_lines([
        "*reversal of bin differs from tests/golden/reverse/bin/expected.bin*",
        r"7 bytes where 7 are expected; the first difference at byte 5: expected b'\xfe\x00', actual b'\xff\x00'",
    ])


def test_accept_golden_rewrites_only_what_changed(pytester):
    golden = stage(pytester)
    (golden / "upper" / "one" / "expected.txt").write_text("stale\n", encoding="utf-8")
    result = pytester.runpytest_subprocess("tests", "--accept-golden", "-m", "golden")
    result.assert_outcomes(passed=3, deselected=1)  # -m golden: the tests using the fixture, no others
    result.stdout.fnmatch_lines(["rewritten: tests/golden/upper/one/expected.txt",
                                 "*= --accept-golden: 0 created, 1 rewritten, 2 unchanged expected files =*"])
    assert (golden / "upper" / "one" / "expected.txt").read_bytes() == "ÉÉN\nLINE TWO\n".encode("utf-8")
    assert (golden / "upper" / "two" / "expected.txt").read_bytes() == b"LINE\r\nWITH CRLF\r\n"  # kept as bytes
