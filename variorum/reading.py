"""The reading text of TEI: what a reader of the witness reads, as plain text.

`orig` takes the witness's own spelling in every choice (`reg` the regular
form), supplied words stand in square brackets, page breaks are dropped, and
block elements (p, salute, closer, head, l ...) each begin a new line.
"""
from __future__ import annotations

from lxml import etree

from variorum.xmlio import tei

BLOCKS = {tei(t) for t in ("p", "salute", "closer", "head", "l", "ab", "item", "opener", "signed", "dateline", "lg", "div")}
SKIPPED = {tei(t) for t in ("pb", "lb", "cb", "milestone", "note", "app")}
CHOICE_KEEP = {"orig": {tei("orig"), tei("sic"), tei("abbr")}, "reg": {tei("reg"), tei("corr"), tei("expan")}}


def _walk(element: etree._Element, reading: str, out: list[str]) -> None:
    tag = element.tag
    if tag in BLOCKS:
        out.append("\n")
    if tag == tei("choice"):
        keep = CHOICE_KEEP[reading]
        chosen = [c for c in element if c.tag in keep] or list(element)[:1]
        for child in chosen:
            _walk(child, reading, out)
        return
    if tag == tei("supplied"):
        out.append("[")
    if element.text and tag not in SKIPPED:
        out.append(element.text)
    if tag not in SKIPPED:
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                out.append(child.tail or "")
                continue
            _walk(child, reading, out)
            out.append(child.tail or "")
    if tag == tei("supplied"):
        out.append("]")
    if tag in BLOCKS:
        out.append("\n")


def reading_text(element: etree._Element, reading: str = "orig") -> str:
    """The text of `element` as read: one block a line, inner whitespace collapsed."""
    out: list[str] = []
    _walk(element, reading, out)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)
