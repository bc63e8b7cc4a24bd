#!/usr/bin/env python3
"""How many hostile inputs each command was given, and how many it handled.

    python scripts/bench_hostile.py [--timeout SECONDS] [--memory MB]

Every case of scripts/hostile_inputs.py (billion laughs, external entities to
/etc/passwd and to an address, remote DTDs and parameter entities, XIncludes
of addresses, of /etc/passwd, of ../ and of a symlink, processing
instructions and links to an address, nesting 5,000 deep) goes through every
command that reads XML (encode's and collate's --authority, validate, build,
export cmif and geojson, build with the PDF edition), each run in its own `python -m variorum` process,
killed after --timeout seconds, whose peak memory must stay under --memory,
with a listener on 127.0.0.1 that must hear nothing. Printed: per command, inputs tried and handled, the slowest run
and its peak memory; then every run that was not handled, with why. Exit 1 if
any was not.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from hostile_inputs import CASES, COMMANDS, SLOW_COMMANDS, Listener, attack  # noqa: E402


def bounded_runner(timeout: float, figures: list):
    """A runner for hostile_inputs.attack: the command in a child process, killed after `timeout` seconds;
    records (seconds, peak resident MB). Memory is measured, not limited: saxonche (GraalVM) reserves
    tens of GB of address space at start, so RLIMIT_AS would stop every run that validates."""

    def run(argv: list[str]) -> tuple[int | None, str]:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "variorum", *argv], cwd=REPO,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONPATH": str(REPO)})
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        output = process.stdout.read()
        _, wait_status, usage = os.wait4(process.pid, 0)  # reaped here, for this child's own peak memory
        timed_out = not timer.is_alive()
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(wait_status)
        process.stdout.close()
        figures.append((time.perf_counter() - started, usage.ru_maxrss / 1024))
        return (None if timed_out else process.returncode), output.decode("utf-8", "replace")

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=60, help="seconds a run may take (default 60)")
    parser.add_argument("--memory", type=int, default=1024, help="peak resident memory a run may reach, MB (default 1024)")
    args = parser.parse_args()
    listener = Listener()
    failures = []
    print(f"{'command':<22}{'tried':>7}{'handled':>9}{'slowest s':>11}{'peak MB':>9}")
    total_tried = total_handled = 0
    for command in {**COMMANDS, **SLOW_COMMANDS}:
        figures: list = []
        runner = bounded_runner(args.timeout, figures)
        handled = 0
        for case in CASES:
            with tempfile.TemporaryDirectory() as folder:
                outcome = attack(case, command, Path(folder), listener, run=runner)
            if figures[-1][1] > args.memory:
                outcome.problems.append(f"peak memory {figures[-1][1]:.0f} MB, over {args.memory} MB")
            if outcome.handled:
                handled += 1
            else:
                failures.append(outcome)
        total_tried += len(CASES)
        total_handled += handled
        slowest = max(seconds for seconds, _ in figures)
        peak = max(mb for _, mb in figures)
        print(f"{command:<22}{len(CASES):>7}{handled:>9}{slowest:>11.2f}{peak:>9.0f}", flush=True)
    print(f"{'all':<22}{total_tried:>7}{total_handled:>9}")
    print(f"requests the listener received: {len(listener.requests)}")
    listener.close()
    for outcome in failures:
        print(f"NOT HANDLED {outcome.case} / {outcome.command}: {'; '.join(outcome.problems)}\n  {outcome.output[:300]}")
    return 1 if failures or listener.requests else 0


if __name__ == "__main__":
    raise SystemExit(main())
