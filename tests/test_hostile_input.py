"""Hostile XML through every command that reads XML: nothing fetched, nothing read, a clear message.

The cases and the judgement are in scripts/hostile_inputs.py (shared with
scripts/bench_hostile.py, which runs them as bounded subprocesses and counts).
Here each case goes through each command in process, with a listener on
127.0.0.1 that must hear nothing.
"""
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from hostile_inputs import CASES, COMMANDS, Listener, attack  # noqa: E402


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_is_handled(case, command, tmp_path, listener):
    outcome = attack(case, command, tmp_path, listener)
    assert outcome.handled, f"{case.name} / {command}: {outcome.problems}\n{outcome.output}"
