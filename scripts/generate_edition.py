"""Generate a test edition of N plain-text witnesses in both input styles.

    python scripts/generate_edition.py DIR N [--seed S]

DIR gets edition.toml, sources/ (N witnesses, alternating plain and fields
style, with names of the sample registers in regular and variant forms,
insertions, page markers, dates) and tei/authority/ (a copy of the sample
edition's registers). Used by the benchmarks; deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

NAMES = ["Nanking", "Nanjing", "Lushun", "Port Arthur", "Moscow", "Beijing", "Peking", "Taiwan", "Yalta",
         "Kurile Islands", "China", "USSR", "Soviet Union", "USA", "Britain", "France", "Stalin", "Mao Zedong",
         "Zhou Enlai", "Chinese Communist Party", "Kuomintang", "Guomindang", "Politburo"]
WORDS = ("the government proposal answer war peace negotiations treaty loans question agreement troops "
         "conditions opinion statement delegation considered discussed immediately important question "
         "position party withdrawal representatives agreed necessary commercial aviation").split()
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
PEOPLE = [("J.V. Stalin", "Mao Zedong"), ("Mao Zedong", "J.V. Stalin"), ("Mao Zedong", "Liu Shaoqi"), ("Zhou Enlai", "Mao Zedong")]


def sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(8, 22)):
        roll = rng.random()
        if roll < 0.12:
            words.append(rng.choice(NAMES))
        elif roll < 0.15:
            words.append(f"[{rng.choice(WORDS)} {rng.choice(WORDS)}]")
        elif roll < 0.17:
            words.append(f"on the {rng.randint(1, 28)}th")
        else:
            words.append(rng.choice(WORDS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def plain(rng: random.Random, number: int) -> str:
    sender, recipient = rng.choice(PEOPLE)
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.choice([1949, 1950])
    page = rng.randint(10, 600)
    body = [paragraph(rng) for _ in range(rng.randint(2, 6))]
    body[len(body) // 2] += f" The matter [c. {page}] is settled."
    return "\n".join([
        f"Telegram of {sender} to {recipient} dated {day} {month} {year}",
        f"Collected Works. - T. {rng.randint(1, 30)}. - Moscow: State Publishing House, {rng.randint(1990, 2010)}, pp. {page}–{page + 2}.",
        f"Comrade {recipient},",
        *body,
        "Waiting for an answer.",
        f"AP RF. F. {rng.randint(1, 99)}. Op. 1. D. {number}. L. {rng.randint(1, 50)}–{rng.randint(51, 99)}.",
        "No comments",
    ]) + "\n"


def fields(rng: random.Random, number: int) -> str:
    sender, recipient = rng.choice(PEOPLE)
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.choice([1949, 1950])
    body = [f"({i}) {paragraph(rng)}" for i in range(1, rng.randint(2, 6) + 1)]
    return "\n\n".join([
        str(year), "Speeches/Documents",
        f"**Title:** Telegram to {recipient.split()[0]}",
        f"**Author:** {sender}",
        f"**Date:** {month} {day}, {year}",
        f"**Source:** Pei Jianzhang et al., Waijiaoshi (Beijing: World Affairs Press, 1994), pp. {number % 300 + 1}-{number % 300 + 3}.  \n<http://digitalarchive.example.org/document/{number}>",
        "**Description:**.",
        *body,
    ]) + "\n"


def generate(folder: Path, count: int, seed: int = 1949) -> list[Path]:
    rng = random.Random(seed)
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "tei" / "authority", folder / "tei" / "authority", dirs_exist_ok=True)
    (folder / "edition.toml").write_text('[edition]\ntitle = "Generated edition"\neditors = ["Benchmark"]\n', encoding="utf-8")
    paths = []
    for number in range(1, count + 1):
        path = sources / f"doc{number:05d}.txt"
        path.write_text((plain if number % 2 else fields)(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1949)
    args = parser.parse_args()
    print(f"{len(generate(args.folder, args.count, args.seed))} witnesses in {args.folder / 'sources'}")
