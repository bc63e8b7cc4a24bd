"""Properties of collation, for generated witness sets (hypothesis).

A base text is made of words, names in their several forms, editorial
insertions, page markers, italics and dates; the other witnesses are copies
with substitutions, omissions, additions, transpositions and joined
paragraphs. Whatever the variation:

- every witness is named exactly once at every app;
- the text of each witness is rebuilt word for word from the TEI (its reading
  at every app, `orig` in choices, supplied in brackets, page breaks dropped);
- every pointer resolves.
"""
from __future__ import annotations

import random
import re

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from variorum.collate import align_keys, collate_witnesses, witness_text
from variorum.encode.read import read_witness

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
PAGE_MARKER = re.compile(r"\[(?:c|с|p)\. \d+\]")

FORMS = ["Nanking", "Nanjing", "Lushun", "Lüshun", "Port Arthur", "Moscow", "China", "Stalin", "J.V. Stalin",
         "Mao Zedong", "Mao Tse-tung", "Chou En-lai", "Zhou Enlai", "Kuomintang", "Guomindang", "Canton", "Guangzhou",
         "Peking", "Beijing"]
word = st.sampled_from(["the", "war", "peace", "Soviet", "government", "answer", "we", "think", "Americans", "note"]) | st.sampled_from(
    ["war,", "peace.", "The", "War", "answer;", "(see)"]
)
name = st.sampled_from(FORMS)
insertion = st.lists(word | name, min_size=1, max_size=3).map(lambda ws: "[" + " ".join(ws) + "]")
page_marker = st.builds(lambda m, n: f"[{m}. {n}]", st.sampled_from(["c", "с", "p"]), st.integers(1, 999))
italic = st.lists(word, min_size=1, max_size=2).map(lambda ws: "*" + " ".join(ws) + "*")
date = st.sampled_from(["January 9", "on the 16th", "3 February 1950"])
unit = word | word | word | name | insertion | page_marker | italic | date
paragraph = st.lists(unit, min_size=1, max_size=12)
TITLE = "Letter of Mao Zedong to Stalin dated 10th January 1950"


@st.composite
def copy_of(draw, base: list[list[str]]) -> list[list[str]]:
    """The base with a few edits: substitute, omit, add, transpose, join two paragraphs."""
    paragraphs = [list(p) for p in base]
    for _ in range(draw(st.integers(0, 5))):
        p = draw(st.integers(0, len(paragraphs) - 1))
        units = paragraphs[p]
        op = draw(st.sampled_from(["substitute", "omit", "add", "transpose", "join"]))
        i = draw(st.integers(0, max(len(units) - 1, 0)))
        if op == "substitute" and units:
            units[i] = draw(unit)
        elif op == "omit" and len(units) > 1:
            del units[i]
        elif op == "add":
            units.insert(i, draw(unit))
        elif op == "transpose" and i + 1 < len(units):
            units[i], units[i + 1] = units[i + 1], units[i]
        elif op == "join" and p + 1 < len(paragraphs):
            paragraphs[p] = units + paragraphs.pop(p + 1)
    return paragraphs


@st.composite
def witness_sets(draw) -> list[list[list[str]]]:
    base = draw(st.lists(paragraph, min_size=1, max_size=4))
    return [base] + [draw(copy_of(base)) for _ in range(draw(st.integers(1, 3)))]


def plain_text(paragraphs: list[list[str]]) -> str:
    """The witness as a file; its page markers renumbered to ascend, as a real witness's do."""
    pages = iter(range(1, 10_000))
    body = "\n".join(" ".join(p) for p in paragraphs)
    body = PAGE_MARKER.sub(lambda m: m.group(0).split(".")[0] + f". {next(pages)}]", body)
    return TITLE + "\n" + body + "\n"


def expected_words(paragraphs: list[list[str]]) -> list[str]:
    text = " ".join(PAGE_MARKER.sub(" ", " ".join(p)) for p in paragraphs)
    return text.replace("*", "").split()


def has_words(paragraphs: list[list[str]]) -> bool:
    return bool(expected_words(paragraphs))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=witness_sets(), data=st.data())
def test_every_witness_is_accounted_for_and_rebuilt(texts, data, test_registry):
    if not all(has_words(t) for t in texts):
        return
    base = data.draw(st.integers(1, len(texts)))
    witnesses = [read_witness(plain_text(t).encode(), f"{n}.txt") for n, t in enumerate(texts)]
    root = collate_witnesses(witnesses, test_registry, base)
    sigla = [w.get(XML_ID) for w in root.iter(f"{T}witness")]
    assert sigla == ["A", "B", "C", "D"][: len(texts)]
    for app in root.iter(f"{T}app"):
        named = [p for reading in app for p in reading.get("wit").split()]
        assert sorted(named) == sorted(f"#{s}" for s in sigla)
        assert app[0].tag == f"{T}lem" and f"#{sigla[base - 1]}" in app[0].get("wit").split()
    for siglum, paragraphs in zip(sigla, texts):
        assert witness_text(root, siglum).split() == expected_words(paragraphs), siglum
    ids = {e.get(XML_ID) for e in root.iter()} - {None}
    for element in root.iter():
        for attribute in ("ref", "edRef", "wit", "target"):
            for pointer in (element.get(attribute) or "").split():
                assert not pointer.startswith("#") or pointer[1:] in ids


def lcs_length(a: list[int], b: list[int]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    return table[0][0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=50), st.lists(st.integers(0, 6), max_size=50))
def test_alignment_is_an_exact_lcs_on_small_texts(a, b):
    pairs = align_keys(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    assert len(pairs) == lcs_length(a, b)


@pytest.mark.parametrize("seed", range(3))
def test_alignment_of_long_texts_finds_what_was_kept(seed):
    """20,000 words from a small vocabulary (no word is unique: n-gram anchors), 5% edited."""
    rnd = random.Random(seed)
    a = [rnd.randrange(300) for _ in range(20_000)]
    b = []
    kept = 0
    for key in a:
        r = rnd.random()
        if r < 0.02:
            continue
        if r < 0.035:
            b.append(rnd.randrange(300))
            continue
        b.append(key)
        kept += 1
        if r < 0.05:
            b.append(rnd.randrange(300))
    pairs = align_keys(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    assert len(pairs) >= 0.99 * kept
