"""Documents -> their plain reading text, for corpus tools.

Each document: its title on the first line, an empty line, then its body one
block (paragraph, salutation, closing ...) a line. The witness's own spellings
(`orig` in every choice; `--reading reg` takes the regular forms), supplied
words in [brackets], page and line breaks and notes dropped, the lemma of an
apparatus kept.

With `--out DIR/` (an existing folder, or a path ending in '/') each document
is one file DIR/<id>.txt; otherwise one file holds them all, each after the
first preceded by a line holding only a form feed (U+000C), a character XML
text can never contain.
"""
from __future__ import annotations

from copy import deepcopy

from lxml import etree

from variorum.diagnostics import InputError
from variorum.diagnostics import Reporter
from variorum.export.documents import Document, Settings
from variorum.reading import reading_text
from variorum.xmlio import tei

SEPARATOR = "\f\n"


def _lemma_only(body: etree._Element) -> etree._Element:
    """A copy of the body in which every apparatus stands as its lemma (else its first reading)."""
    body = deepcopy(body)
    for app in list(body.iter(tei("app"))):
        if app.getparent() is None:
            continue
        chosen = app.find(tei("lem"))
        if chosen is None:
            chosen = app.find(tei("rdg"))
        parent = app.getparent()
        index = parent.index(app)
        replacement = etree.Element(tei("seg"))
        if chosen is not None:
            replacement.text = chosen.text
            replacement.extend(list(chosen))
        replacement.tail = app.tail
        parent.remove(app)
        parent.insert(index, replacement)
    return body


def document_text(document: Document, reading: str) -> str | None:
    bodies = document.xpath("tei:text//tei:body[not(ancestor::tei:floatingText)]")
    if not bodies:
        return None
    lines = [document.title, ""]
    for body in bodies:
        text = reading_text(_lemma_only(body), reading)
        lines.extend(text.split("\n") if text else [])
    return "\n".join(lines) + "\n"


def text(documents: list[Document], settings: Settings, report: Reporter) -> bytes | dict[str, bytes]:
    texts: dict[str, str] = {}
    for document in documents:
        made = document_text(document, settings.reading)
        if made is None:
            report.note("no text body (a register or a header only): skipped", document.path, rule="text")
            continue
        texts[document.id] = made
    if not texts:
        raise InputError("none of the documents given has a text body; no text written")
    if settings.out_is_dir:
        return {f"{doc_id}.txt": made.encode("utf-8") for doc_id, made in texts.items()}
    return SEPARATOR.join(texts.values()).encode("utf-8")
