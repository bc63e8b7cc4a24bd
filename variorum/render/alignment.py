"""An original and its translation side by side: what the build says about segments without a partner.

xslt/html.xsl aligns the segments of div[@type='edition'] and div[@type='translation'] (pairs declared by
linkGrp type="alignment" or @corresp, else in their order) into rows of two cells; a row with an empty cell
is a segment without a partner, which the reader may want to know and the editor to fix.
"""
from __future__ import annotations

from lxml import etree

from variorum.diagnostics import Diagnostic

SIDES = {"original": "edition", "translation": "translation"}


def unpaired_segments(file: str, text: etree._Element) -> list[Diagnostic]:
    """An info diagnostic for each segment of the rendered text (PageParts.text) that has no partner."""
    found = []
    for parallel in text.iter("div"):
        if parallel.get("class") != "parallel":
            continue
        counts = dict.fromkeys(SIDES, 0)
        for pair in parallel:
            cells = {cell.get("class", "").split()[-1]: cell for cell in pair}
            for side, cell in cells.items():
                if len(cell) or (cell.text or "").strip():
                    counts[side] += 1
            if "unpaired" in (pair.get("class") or "").split():
                side, cell = next((side, cell) for side, cell in cells.items() if len(cell) or (cell.text or "").strip())
                words = " ".join("".join(cell.itertext()).split())
                other = SIDES["translation" if side == "original" else "original"]
                found.append(Diagnostic(file, None, None, "info", "unpaired-segment",
                                        f"segment {counts[side]} of the {SIDES[side]} ({words[:60]!r}) has no partner in the {other}"))
    return found
