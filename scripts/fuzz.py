"""Coverage-guided fuzzing of the encoder, the validator and the register reader (atheris).

    pip install atheris && python scripts/fuzz.py [encode|validate|authority] [atheris options, e.g. -runs=100000]

Any exception other than a VariorumError (an input error with a message) is a
crash that atheris reports with the input that caused it. The hypothesis tests
in tests/test_fuzz.py run the same checks briefly in every `make test`.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

with atheris.instrument_imports():
    from variorum.authority import load_registry
    from variorum.diagnostics import VariorumError
    from variorum.encode import encode_bytes
    from variorum.validation import Validator

REGISTRY = load_registry([REPO / "tei" / "authority"])
VALIDATOR = Validator()
SCRATCH = Path(tempfile.mkdtemp()) / "input.xml"


def fuzz_encode(data: bytes) -> None:
    try:
        encode_bytes(data, "fuzz.txt", REGISTRY)
    except VariorumError:
        pass


def fuzz_validate(data: bytes) -> None:
    SCRATCH.write_bytes(data)
    VALIDATOR.check_file(SCRATCH)


def fuzz_authority(data: bytes) -> None:
    SCRATCH.write_bytes(data)
    try:
        load_registry([SCRATCH])
    except VariorumError:
        pass


TARGETS = {"encode": fuzz_encode, "validate": fuzz_validate, "authority": fuzz_authority}

if __name__ == "__main__":
    target = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in TARGETS else "encode"
    atheris.Setup(sys.argv, TARGETS[target])
    atheris.Fuzz()
