"""Validator regressions found on real TEI."""
import io

import pytest

from variorum.validation import run_validate

from conftest import INTEROP


@pytest.mark.skipif(not INTEROP.is_dir(), reason=f"the interop corpus is absent ({INTEROP})")
def test_a_long_dictionary_outside_the_customisation_is_reported_not_crashed():
    """freedict lat-eng: thousands of entries the edition schema refuses once exhausted the stack."""
    report = io.StringIO()
    assert run_validate([INTEROP / "freedict--lat-eng.xml"], report_format="json", stream=report) == 1
    assert '"rule": "edition-schema"' in report.getvalue()
