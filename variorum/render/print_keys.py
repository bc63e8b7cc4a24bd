"""The print's line of each apparatus entry, said on the web page of its document.

Keyed by line (edition.toml [print] apparatus = "lines"), the print edition keys an entry
to its line (`12 Nanking] Nanjing reg.`) where the web page numbers it (note 5: the same
number as the print's footnote would be). So that a reader who cites the print finds the
entry on the web, and the other way round, each entry of the web page says its line in
the print ("l. 12", "ll. 12–13"), once the print edition is laid out (render/pdf's step 1
gives the lines: PrintedDocument.keys). Lines counted from each document's first
(`restart = "document"`, the default) are the document's own, wherever the book puts it;
counted from each page (`restart = "page"`), a line needs its page of the book, which an
incremental build does not know for a page it takes as it was: then nothing is said.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from variorum.xmlio import write_atomic

# The start of an entry of the web page's apparatus (xslt/html.xsl): its item and the link back to the text.
ENTRY = re.compile(r'(<li id="note-(?P<number>[^"]+)" class="apparatus-entry[^"]*"[^>]*>\s*<a class="back"[^>]*>[^<]*</a>\s*)')


def print_line(label: str) -> str:
    return f"ll. {label}" if "–" in label else f"l. {label}"


def mark_print_lines(page: Path, keys: dict[str, str]) -> bool:
    """Say in a web page each entry's line in the print (`keys`: entry number -> its line). Whether it was written."""
    if not keys or not page.is_file():
        return False
    text = page.read_text(encoding="utf-8")

    def marked(match: re.Match) -> str:
        label = keys.get(html.unescape(match["number"]))
        if not label:
            return match[1]
        return f'{match[1]}<span class="print-line" title="its line in the print edition">{print_line(label)}</span> '

    keyed = ENTRY.sub(marked, text)
    if keyed == text:
        return False
    write_atomic(page, keyed.encode("utf-8"))  # a new file: never through a link to the previous site's
    return True
