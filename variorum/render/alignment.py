"""An original and its translation side by side: what the build says about segments without a partner.

xslt/html.xsl aligns the segments of div[@type='edition'] and div[@type='translation'] (pairs declared by
linkGrp type="alignment" or @corresp, else in their order) into rows of two cells; xslt/witness-views.xsl does
the same for two documents (a translation whose TEI or text @corresp points at its original). A row with an
empty cell is a segment without a partner, which the reader may want to know and the editor to fix: said at
its file and line (the stylesheet marks the segment's cell with the XPath of the segment, `data-path`, which
is taken off the page here).
"""
from __future__ import annotations

import re

from lxml import etree

from variorum.diagnostics import Diagnostic

SIDES = {"original": "edition", "translation": "translation"}
_STEP = re.compile(r"Q\{([^}]*)\}")


def source_line(root: etree._Element, path: str | None) -> int | None:
    """The line of the element at an XPath of fn:path() ('/Q{ns}TEI[1]/Q{ns}text[1]/...') in the TEI parsed by lxml."""
    if not path:
        return None
    prefixes: dict[str, str] = {}

    def prefix(match: re.Match) -> str:
        return prefixes.setdefault(match.group(1), f"n{len(prefixes)}") + ":" if match.group(1) else ""

    steps = _STEP.sub(prefix, path)
    try:
        found = root.getroottree().xpath(steps, namespaces={p: ns for ns, p in prefixes.items()})
    except etree.XPathError:
        return None
    return found[0].sourceline if found and isinstance(found[0], etree._Element) else None


def unpaired_segments(file: str, text: etree._Element, sources: dict[str, tuple[str, etree._Element]] | None = None,
                      severity: str = "info") -> list[Diagnostic]:
    """A diagnostic for each segment of the rendered text (PageParts.text) that has no partner, at its line.
    `sources`: the side (original, translation) -> (file, TEI root) its segments come from; by default both `file`."""
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
            paths = {side: cell.attrib.pop("data-path", None) for side, cell in cells.items()}
            if "unpaired" in (pair.get("class") or "").split():
                side, cell = next((side, cell) for side, cell in cells.items() if len(cell) or (cell.text or "").strip())
                words = " ".join("".join(cell.itertext()).split())
                other = SIDES["translation" if side == "original" else "original"]
                where, root = (sources or {}).get(side, (file, None))
                line = source_line(root, paths[side]) if root is not None else None
                found.append(Diagnostic(where, line, None, severity, "unpaired-segment",
                                        f"segment {counts[side]} of the {SIDES[side]} ({words[:60]!r}) has no partner in the {other}"))
    return found
