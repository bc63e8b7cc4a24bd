"""The print's line of each apparatus entry, said on the web page of its document.

Keyed by line (edition.toml [print] apparatus = "lines"), the print edition keys an entry
to its line (`12 Nanking] Nanjing reg.`) where the web page numbers it (note 5: the same
number as the print's footnote would be). So that a reader who cites the print finds the
entry on the web, and the other way round, each entry of the web page says its line in
the print ("l. 12", "ll. 12–13"), once the print edition is laid out (render/pdf's step 1
gives the lines: PrintedDocument.keys). Lines counted from each document's first
(`restart = "document"`, the default) are the document's own, wherever the book puts it.
Counted from each page (`restart = "page"`), a line is cited with its page of the book
("p. 14, l. 12", "p. 14, ll. 30–31", "p. 14, l. 30 – p. 15, l. 2"), known once the book is
planned (PrintedDocument.first_page): when a build puts a document on other pages, its web
page says them again, also where the build takes the page itself as it was.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from variorum.xmlio import write_atomic

# The start of an entry of the web page's apparatus (xslt/html.xsl): its item and the link back to the text.
# (what it said of its print line before, if anything, is replaced)
ENTRY = re.compile(r'(<li id="note-(?P<number>[^"]+)" class="apparatus-entry[^"]*"[^>]*>\s*<a class="back"[^>]*>[^<]*</a>\s*)'
                   r'(?:<span class="print-line"[^>]*>[^<]*</span> )?')


# An entry's line counted from its page (lines.KeyedText.keys): page of the document, line; a last line after a dash.
PAGE_LINE = re.compile(r"(?P<page>\d+):(?P<line>\d+)(?:–(?:(?P<last_page>\d+):)?(?P<last>\d+))?")


def print_line(label: str, first_page: int = 0) -> str:
    """How the web page cites an entry's line: `12` -> "l. 12", `12–13` -> "ll. 12–13"; counted from each page
    (`0:12`, the document's page first), with its page of the book, the document beginning on `first_page`."""
    found = PAGE_LINE.fullmatch(label)
    if found is None:
        return f"ll. {label}" if "–" in label else f"l. {label}"
    page = first_page + int(found["page"])
    if found["last"] is None:
        return f"p. {page}, l. {found['line']}"
    if found["last_page"] is None or int(found["last_page"]) == int(found["page"]):
        return f"p. {page}, ll. {found['line']}–{found['last']}"
    return f"p. {page}, l. {found['line']} – p. {first_page + int(found['last_page'])}, l. {found['last']}"


def mark_print_lines(page: Path, keys: dict[str, str], first_page: int = 0, source: Path | None = None) -> bool:
    """Say in a web page each entry's line in the print (`keys`: entry number -> its line; `first_page`: the book's
    page the document begins on), in place of what it said before. `source`: the page to read, when not `page`
    itself (a page of the previous site, said again in this build's). Whether `page` was written."""
    source = source or page
    if not keys or not source.is_file():
        return False
    text = source.read_text(encoding="utf-8")

    def marked(match: re.Match) -> str:
        label = keys.get(html.unescape(match["number"]))
        if not label:
            return match[1]
        return f'{match[1]}<span class="print-line" title="its line in the print edition">{print_line(label, first_page)}</span> '

    keyed = ENTRY.sub(marked, text)
    if keyed == text and source == page:
        return False
    write_atomic(page, keyed.encode("utf-8"))  # a new file: never through a link to the previous site's
    return True
