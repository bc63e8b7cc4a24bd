"""The rule table's coverage as data (xslt/coverage.toml): which TEI elements tei-rules.xsl renders, how, and from
which convention (TEI Guidelines chapter, EpiDoc's Leiden conventions, TEI Publisher's behaviours).

The build's no-rendering-rule note is for an element this table does not list (one it lists as plain is rendered
as its words on purpose); the tests check the table against the stylesheets and the pages (tests/test_coverage.py).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from variorum.resources import resource_dir

RENDERINGS = ("rule", "within", "plain", "omitted", "register")


@dataclass(frozen=True)
class Coverage:
    """What the rule table does with one TEI element."""

    element: str
    rendering: str  # one of RENDERINGS
    convention: tuple[str, ...]  # keys of the table's [conventions]
    behaviour: str = ""  # the TEI Publisher behaviour it corresponds to
    reads: tuple[str, ...] = ()  # the attributes that change what is shown
    within: tuple[str, ...] = ()  # rendering "within": the elements whose rule renders it
    shown: str = ""  # rendering "omitted" or "register": where it is shown instead
    note: str = ""


@lru_cache(maxsize=None)
def coverage(path: Path | None = None) -> dict[str, Coverage]:
    """Element name -> its coverage, read once."""
    data = tomllib.loads((path or resource_dir("xslt") / "coverage.toml").read_text(encoding="utf-8"))
    return {name: Coverage(name, entry["rendering"], tuple(entry.get("convention", "").split()), entry.get("behaviour", ""),
                           tuple(entry.get("reads", "").split()), tuple(entry.get("in", "").split()),
                           entry.get("shown", ""), entry.get("note", ""))
            for name, entry in data["elements"].items()}


@lru_cache(maxsize=None)
def conventions(path: Path | None = None) -> dict[str, str]:
    """Convention key -> what it names (a chapter of the Guidelines, EpiDoc, TEI Publisher) with its address."""
    return tomllib.loads((path or resource_dir("xslt") / "coverage.toml").read_text(encoding="utf-8"))["conventions"]


def deliberately_plain() -> frozenset[str]:
    """The elements rendered as their words on purpose (no note that their meaning is missing)."""
    return frozenset(name for name, entry in coverage().items() if entry.rendering in ("plain", "within", "register"))
