"""Benchmark of `variorum collate`, and of the `collatex` package on the same witnesses.

    python scripts/bench_collate.py [--sizes 1000 10000 50000] [--witnesses 2 5]
                                    [--timeout 120] [--no-collatex] [--json]

Witnesses are generated: a base text of N words (a bigram chain over the
sample edition's sources, names of the edition's registers in their several
spellings, a page marker every ~350 words) and copies in which about 5% of the
words are edited: substituted, omitted, added, or transposed with the next
word; a name may also change its spelling (Nanking -> Nanjing).

Each run is a fresh process, so that its peak memory (max RSS) is its own:

- variorum: `collate_files` from the plain-text files to the written TEI
  (reading, encoding, alignment, apparatus, serialisation), and the encoding
  alone, so that the collation's own share can be read off;
- collatex: `collate(..., output="table", segmentation=False)` (its cheapest
  mode, no TEI) on the same words, each token given our normalised key as `n`;
  stopped after --timeout seconds; a size is not tried when a smaller one
  timed out for as many witnesses.

Quality: the generator knows which word of a copy comes from which word of
the base. `recall` is the share of those pairs that the aligner puts in one
column, `precision` the share of its matched pairs that are true (names
respelled count as substituted: neither aligner is given the registers here).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO)]

TITLE = "Telegram of J.V. Stalin to Mao Zedong dated 10th January 1949"
CITATION = "Stalin I.V. Works. - T. 18. - Tver: Soyuz, 2006, pp. 1–999."
NAME_FORMS = [["Nanking", "Nanjing"], ["Canton", "Guangzhou"], ["Peking", "Beijing", "Peiping"], ["Moscow"], ["Stalin"], ["Kuomintang", "Guomindang"]]


# ---------------------------------------------------------------- generated witnesses


def _chain(rnd: random.Random) -> tuple[dict[str, list[str]], list[str]]:
    words: list[str] = []
    for source in sorted((REPO / "sources").glob("*.txt")):
        body = source.read_text(encoding="utf-8-sig").split("\n")[3:]
        words.extend(w for w in " ".join(body).split() if not re.search(r"[\[\]*<>]|^\(\d+\)$", w))
    following: dict[str, list[str]] = {}
    for a, b in zip(words, words[1:]):
        following.setdefault(a, []).append(b)
    return following, words


def generate(size: int, copies: int, seed: int = 1) -> tuple[list[list[str]], list[list[int | None]]]:
    """Base words and `copies` edited copies; for each copy, the base index each word comes from (or None)."""
    rnd = random.Random(seed)
    following, vocabulary = _chain(rnd)
    base: list[str] = []
    word = rnd.choice(vocabulary)
    while len(base) < size:
        if rnd.random() < 0.02:
            base.append(rnd.choice(rnd.choice(NAME_FORMS)))
            continue
        word = rnd.choice(following.get(word) or vocabulary)
        base.append(word)
    texts, origins = [base], [list(range(size))]
    for _ in range(copies):
        text: list[str] = []
        origin: list[int | None] = []
        i = 0
        while i < size:
            r = rnd.random()
            respelled = next((forms for forms in NAME_FORMS if base[i] in forms and len(forms) > 1), None)
            if r < 0.0125:  # omitted
                pass
            elif r < 0.025:  # substituted
                text.append(rnd.choice(vocabulary))
                origin.append(None)
            elif r < 0.0375:  # kept, and a word added after it
                text.extend([base[i], rnd.choice(vocabulary)])
                origin.extend([i, None])
            elif r < 0.05 and i + 1 < size:  # transposed with the next word
                text.extend([base[i + 1], base[i]])
                origin.extend([i + 1, i])
                i += 1
            elif respelled and r < 0.35:  # a name in another spelling
                text.append(rnd.choice([f for f in respelled if f != base[i]]))
                origin.append(None)
            else:
                text.append(base[i])
                origin.append(i)
            i += 1
        texts.append(text)
        origins.append(origin)
    return texts, origins


def plain_text(words: list[str]) -> str:
    """A witness file: title, citation, paragraphs of ~120 words, a page marker every ~350 words."""
    lines = [TITLE, CITATION]
    paragraph: list[str] = []
    for n, word in enumerate(words, start=1):
        paragraph.append(word)
        if n % 350 == 0:
            paragraph.append(f"[c. {n // 350}]")
        if n % 120 == 0:
            lines.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    return "\n".join(lines) + "\n"


def quality(pairs_by_copy: list[set[tuple[int, int]]], origins: list[list[int | None]]) -> dict:
    true = [{(i, j) for j, i in enumerate(origin) if i is not None} for origin in origins[1:]]
    found = sum(len(p) for p in pairs_by_copy)
    right = sum(len(p & t) for p, t in zip(pairs_by_copy, true))
    return {"recall": round(right / max(1, sum(len(t) for t in true)), 4), "precision": round(right / max(1, found), 4)}


# ---------------------------------------------------------------- one run (in its own process)


def run_variorum(size: int, count: int) -> dict:
    from variorum.authority import NameIndex, load_registry
    from variorum.collate import align_keys, collate_files, fold
    from variorum.encode import encode_witness
    from variorum.encode.read import read_witness

    texts, origins = generate(size, count - 1)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n, words in enumerate(texts):
            path = Path(folder) / f"W{n + 1}.txt"
            path.write_text(plain_text(words), encoding="utf-8")
            paths.append(path)
        authority = [REPO / "tei" / "authority"]
        start = time.perf_counter()
        collate_files(paths, Path(folder) / "collation.xml", authority=authority)
        seconds = time.perf_counter() - start
        output_kb = (Path(folder) / "collation.xml").stat().st_size / 1e3
        registry = load_registry(authority)
        index = NameIndex(registry)
        start = time.perf_counter()
        for path in paths:
            encode_witness(read_witness(path.read_bytes(), path.name), registry, index)
        encode_seconds = time.perf_counter() - start
    keys: dict[str, int] = {}
    coded = [[keys.setdefault(fold(w), len(keys)) for w in words] for words in texts]
    start = time.perf_counter()
    pairs = [set(align_keys(coded[0], other)) for other in coded[1:]]
    align_seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 2),
        "encode_seconds": round(encode_seconds, 2),
        "align_seconds": round(align_seconds, 3),
        "output_kb": round(output_kb),
        **quality(pairs, origins),
    }


def run_collatex(size: int, count: int) -> dict:
    from collatex import Collation, collate

    from variorum.collate import fold

    texts, origins = generate(size, count - 1)
    collation = Collation()
    for n, words in enumerate(texts):
        collation.add_witness({"id": f"W{n + 1}", "tokens": [{"t": w + " ", "n": fold(w) or w, "i": i} for i, w in enumerate(words)]})
    start = time.perf_counter()
    table = collate(collation, output="table", segmentation=False)
    seconds = time.perf_counter() - start
    rows = {row.header: row.cells for row in table.rows}
    pairs = []
    for n in range(1, count):
        found = set()
        for base_cell, cell in zip(rows["W1"], rows[f"W{n + 1}"]):
            if base_cell and cell:
                found.update((a.token_data["i"], b.token_data["i"]) for a, b in zip(base_cell, cell))
        pairs.append(found)
    return {"seconds": round(seconds, 2), **quality(pairs, origins)}


RUNNERS = {"variorum": run_variorum, "collatex": run_collatex}


def measure(tool: str, size: int, count: int, timeout: float) -> dict:
    """One run in a fresh process: its figures and its own peak memory."""
    command = [sys.executable, __file__, "--run", tool, str(size), str(count)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000], help="words per witness")
    parser.add_argument("--witnesses", type=int, nargs="+", default=[2, 5], help="witnesses per collation")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a collatex run is stopped")
    parser.add_argument("--no-collatex", action="store_true", help="time variorum only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON lines")
    parser.add_argument("--run", nargs=3, metavar=("TOOL", "SIZE", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        tool, size, count = args.run
        figures = RUNNERS[tool](int(size), int(count))
        figures["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(figures))
        return 0
    tools = ["variorum"] + ([] if args.no_collatex else ["collatex"])
    timed_out: set[tuple[str, int]] = set()
    if not args.json:
        print(f"{'tool':9} {'words':>6} {'wit':>3} {'seconds':>8} {'s/1k words':>10} {'peak MB':>8} {'recall':>7} {'precision':>9}  notes")
    for count in args.witnesses:
        for size in sorted(args.sizes):
            for tool in tools:
                if (tool, count) in timed_out:
                    figures = {"skipped": f"a smaller size timed out after {args.timeout:.0f} s"}
                else:
                    figures = measure(tool, size, count, args.timeout if tool == "collatex" else 3600)
                    if "timeout" in figures:
                        timed_out.add((tool, count))
                row = {"tool": tool, "words": size, "witnesses": count, **figures}
                if args.json:
                    print(json.dumps(row), flush=True)
                    continue
                if "seconds" in figures:
                    notes = f"encode {figures['encode_seconds']} s, align {figures['align_seconds']} s, TEI {figures['output_kb']} kB" if tool == "variorum" else ""
                    print(
                        f"{tool:9} {size:>6} {count:>3} {figures['seconds']:>8.2f} {figures['seconds'] / size * 1000:>10.3f} "
                        f"{figures['peak_mb']:>8.1f} {figures['recall']:>7.4f} {figures['precision']:>9.4f}  {notes}",
                        flush=True,
                    )
                else:
                    note = f"timed out after {figures['timeout']:.0f} s" if "timeout" in figures else figures.get("skipped") or figures.get("error")
                    print(f"{tool:9} {size:>6} {count:>3} {'-':>8} {'-':>10} {'-':>8} {'-':>7} {'-':>9}  {note}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
