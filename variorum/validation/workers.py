"""Many files -> diagnostics: one Validator, and past PARALLEL_BYTES of input, forked workers (`check_files`).

A batch of files is checked by one Validator, its schemas compiled once. Past
PARALLEL_BYTES of input the process loads the grammars, then forks one worker
per core (four at most), which inherit them: nothing is compiled again and
nothing is sent to a worker but file names, largest files first, in chunks. The
Schematron is the exception: saxonche's runtime, once started, has a thread of
its own, which a fork would lose (perhaps holding a lock), so the forking
process leaves saxonche alone and each worker compiles the Schematron itself.
A worker reports what one process would (tests/test_validate_speed.py).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from variorum.diagnostics import Diagnostic
from variorum.validation.checker import Validator

# Past this much XML, a run spreads the files over worker processes (one per core).
PARALLEL_BYTES = 4_000_000
_worker_validator: Validator | None = None


def check_files(files: Sequence[Path], *, tei_all: Path | None = None, edition: bool = True, workers: int | None = None) -> list[Diagnostic]:
    """Diagnostics for files; a large batch is shared among processes forked once the grammars are compiled."""
    global _worker_validator
    sizes = {path: _size(path) for path in files}
    workers = workers or min(os.cpu_count() or 1, 4)
    parallel = workers >= 2 and len(files) >= 2 and sum(sizes.values()) >= PARALLEL_BYTES
    # saxonche's runtime, once started, has a thread of its own, which a fork would leave behind (and
    # perhaps holding a lock): a process that forks compiles the grammars, not the Schematron.
    validator = Validator(tei_all=tei_all, edition=edition, defer_saxon=parallel)
    if not parallel:
        return [d for path in files for d in validator.check_file(path)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    largest_first = sorted(files, key=lambda p: -sizes[p])
    _worker_validator = validator  # the forked workers inherit it, grammars compiled
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker) as pool:
            # Files go out in chunks (one round trip per chunk, not per file), small enough to keep the workers even.
            chunk = max(1, min(32, len(files) // (workers * 16)))
            return [d for found in pool.map(_check_in_worker, largest_first, chunksize=chunk) for d in found]
    finally:
        _worker_validator = None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _start_worker() -> None:
    _worker_validator.compile_saxon()


def _check_in_worker(path: Path) -> list[Diagnostic]:
    return _worker_validator.check_file(path)
