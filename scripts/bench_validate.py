#!/usr/bin/env python3
"""Benchmark `variorum validate --tei-all` against jing on the same files, in one run.

    python scripts/bench_validate.py [--generated N] [--tei-all PATH] [--interop DIR] [--repeat K]

Corpora: the interop corpus (real third-party TEI, ../shared/interop/) and N
generated variorum documents (letters with a standOff, page breaks, names,
an apparatus; one in ten carries a fault). Each tool validates a whole corpus
in one process (jing: all files as arguments; variorum: the command on the
folder, json report); with --repeat, in turns, the fastest run counting.
Printed: the load average before (the machine may be shared), wall time, CPU
time (user + system, every process and thread of the tool), documents/s and
MB/s of each, and the tei_all verdict of each tool for every file, which
must agree (exit 1 if any file differs). Also timed: `variorum validate --tei-all` on one small
document, end to end (target: under 2 s).

variorum's verdict for a file is "invalid" when it reports an error from the
checks jing also makes (well-formed, xinclude, tei_all); the edition's own
rules are reported beside it and do not count here.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEI_ALL_RULES = {"well-formed", "xinclude", "tei_all", "io"}
SAMPLE = ROOT / "tests" / "fixtures" / "validate" / "valid-letter.xml"


def generate(folder: Path, count: int, seed: int = 1949) -> list[Path]:
    """`count` variorum letters (every tenth with a fault), deterministic."""
    rng = random.Random(seed)
    words = ("the government proposal peace war party mediation answer conditions negotiations "
             "foreign power forces treaty loans agreement opinion statement question").split()
    template = SAMPLE.read_text(encoding="utf-8")
    head, _, rest = template.partition("<text>")
    paths = []
    for number in range(count):
        paragraphs = []
        for p in range(rng.randint(3, 30)):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(40, 160)))
            extra = f' <pb n="{521 + p}" edRef="#src1"/> ' if p else " "
            paragraphs.append(f'<p n="{p + 1}">On <date when="1949-01-{rng.randint(10, 28)}">a day</date> the '
                              f'<placeName ref="#nanjing"><choice><orig>Nanking</orig><reg>Nanjing</reg></choice></placeName>'
                              f'{extra}{sentence} <persName ref="#stalin">Stalin</persName>.</p>')
        body = "\n   ".join(paragraphs)
        if number % 10 == 9:
            body = body.replace("<p n=\"2\">", "<p n=\"2\" type=\"bad\"><bogus/>", 1)  # not TEI
        document = f'{head}<text><body><div type="letter">\n   {body}\n </div></body></text>\n</TEI>\n'
        path = folder / f"letter-{number:05d}.xml"
        path.write_text(document, encoding="utf-8")
        paths.append(path)
    return paths


def _cpu() -> float:
    """CPU seconds of the finished child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_variorum(paths: list[Path], target: Path, tei_all: Path) -> tuple[float, float, dict[str, bool]]:
    started, cpu = time.perf_counter(), _cpu()
    result = subprocess.run([sys.executable, "-m", "variorum", "validate", str(target), "--tei-all", str(tei_all), "--format", "json"],
                            capture_output=True, text=True, cwd=ROOT)
    elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
    if result.returncode not in (0, 1):
        sys.exit(f"variorum failed ({result.returncode}): {result.stderr}")
    invalid = {Path(d["file"]).resolve() for d in json.loads(result.stdout) if d["severity"] == "error" and d["rule"] in TEI_ALL_RULES}
    return elapsed, cpu, {str(p): p.resolve() not in invalid for p in paths}


def _jing(paths: list[Path], tei_all: Path) -> tuple[float, float, set[str], bool]:
    """One jing process: (seconds, CPU seconds, files with errors, whether it stopped at a fatal error)."""
    started, cpu = time.perf_counter(), _cpu()
    result = subprocess.run(["jing", str(tei_all), *map(str, paths)], capture_output=True, text=True)
    elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
    invalid, fatal = set(), False
    for line in (result.stdout + "\n" + result.stderr).splitlines():
        match = re.match(r"(/.+?):\d+:\d+: (error|fatal)", line)
        if match:
            invalid.add(str(Path(match.group(1)).resolve()))
        elif line.startswith("fatal:"):
            fatal = True  # jing names no file and stops here: later files are not validated
    return elapsed, cpu, invalid, fatal


def run_jing(paths: list[Path], tei_all: Path) -> tuple[float, float, dict[str, bool]]:
    """jing on all files in one process; after a fatal error it is run again on the files it did not reach.

    The time is the sum of those runs (what jing needs to get through every file);
    finding which file was fatal (jing does not say) is not timed.
    """
    remaining, total, total_cpu, verdicts = list(paths), 0.0, 0.0, {}
    while remaining:
        elapsed, cpu, invalid, fatal = _jing(remaining, tei_all)
        total += elapsed
        total_cpu += cpu
        if not fatal:
            verdicts.update({str(p): str(p.resolve()) not in invalid for p in remaining})
            break
        reported = [i for i, p in enumerate(remaining) if str(p.resolve()) in invalid]
        low, high = (reported[-1] + 1 if reported else 0), len(remaining) - 1
        while low < high:  # the first file from `low` on whose run ends in a fatal error
            middle = (low + high) // 2
            if _jing(remaining[low:middle + 1], tei_all)[3]:
                high = middle
            else:
                low = middle + 1
        for p in remaining[:low]:
            verdicts[str(p)] = str(p.resolve()) not in invalid
        verdicts[str(remaining[low])] = False
        remaining = remaining[low + 1:]
    return total, total_cpu, verdicts


def bench(name: str, folder: Path, paths: list[Path], tei_all: Path, repeat: int) -> bool:
    size = sum(p.stat().st_size for p in paths) / 1e6
    load = _load()  # before the runs, which add their own
    # Taken in turns, so that a change of load on a shared machine falls on both.
    jing_runs, our_runs = [], []
    for _ in range(repeat):
        jing_runs.append(run_jing(paths, tei_all))
        our_runs.append(run_variorum(paths, folder, tei_all))
    jing_time, jing_cpu, jing = min(jing_runs, key=lambda r: r[0])
    ours_time, ours_cpu, ours = min(our_runs, key=lambda r: r[0])
    print(f"\n== {name}: {len(paths)} documents, {size:.1f} MB (load average before: {load})")
    print(f"{'tool':<28}{'wall s':>8}{'cpu s':>8}{'docs/s':>10}{'MB/s':>8}")
    for tool, seconds, cpu in (("jing", jing_time, jing_cpu), ("variorum validate --tei-all", ours_time, ours_cpu)):
        print(f"{tool:<28}{seconds:8.2f}{cpu:8.2f}{len(paths) / seconds:10.1f}{size / seconds:8.2f}")
    differ = [p for p in jing if jing[p] != ours[p]]
    if len(paths) <= 60:
        print(f"{'file':<60}{'jing':>9}{'variorum':>10}")
        for path in sorted(jing):
            mark = "" if jing[path] == ours[path] else "   <-- DIFFERENT"
            print(f"{Path(path).name[:59]:<60}{'valid' if jing[path] else 'invalid':>9}{'valid' if ours[path] else 'invalid':>10}{mark}")
    valid = sum(jing.values())
    print(f"verdicts: {len(paths) - len(differ)}/{len(paths)} the same ({valid} valid, {len(paths) - valid} invalid by jing)")
    for path in differ:
        print(f"DIFFERENT: {path}: jing {'valid' if jing[path] else 'invalid'}, variorum {'valid' if ours[path] else 'invalid'}")
    return not differ


def _load() -> str:
    return ", ".join(f"{load:.2f}" for load in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tei-all", type=Path, default=SHARED / "schemas" / "tei" / "tei_all.rng")
    parser.add_argument("--interop", type=Path, default=SHARED / "interop")
    parser.add_argument("--generated", type=int, default=200, metavar="N", help="generated documents (default 200)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool, the fastest counts")
    args = parser.parse_args(argv)
    if shutil.which("jing") is None:
        sys.exit("jing is not installed (apt-get install jing)")
    same = True
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "variorum", "validate", str(SAMPLE), "--tei-all", str(args.tei_all)], cwd=ROOT, capture_output=True)
    print(f"one small document ({SAMPLE.name}), `variorum validate --tei-all`, end to end: {time.perf_counter() - started:.2f} s")
    if args.interop.is_dir():
        paths = sorted(p for p in args.interop.iterdir() if p.suffix == ".xml")
        same &= bench("interop corpus", args.interop, paths, args.tei_all, args.repeat)
    if args.generated:
        with tempfile.TemporaryDirectory(prefix="variorum-bench-") as folder:
            paths = generate(Path(folder), args.generated)
            same &= bench("generated corpus", Path(folder), paths, args.tei_all, args.repeat)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
