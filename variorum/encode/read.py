"""Plain-text witnesses -> a `Witness`: header facts, citation text and body blocks.

Decoding first (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252;
CRLF and CR become LF), then the input style is recognised from the text
itself (contract section 3):

- fields: `**Title:**`, `**Author:**`, `**Date:**`, `**Source:**`, ... lines,
  preceded by a year line and a category line; paragraphs separated by blank
  lines, possibly numbered `(1)`;
- plain: a title line, citation lines (possibly wrapped), a salutation,
  paragraphs one per line (or separated by blank lines), a closing line,
  trailing citation lines and noise such as `No comments`.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from variorum.diagnostics import InputError


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the source file
    text: str


@dataclass
class Block:
    """One unit of the body: a salutation, a paragraph or a closing line."""

    kind: str  # salute | p | closer
    text: str
    line: int
    n: str | None = None  # the number of a numbered paragraph


@dataclass
class Witness:
    source: str
    style: str
    title: str = ""
    sender: str | None = None
    recipient: str | None = None
    date_text: str | None = None
    citation_lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    year: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (type, text) kept in the header


# ---------------------------------------------------------------- decoding

def decode(data: bytes, name: str) -> str:
    """Bytes of a witness -> text with LF line ends; refuse what cannot be decoded."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("this is not a plain-text file (it contains NUL bytes); save the witness as UTF-8 text", file=name, line=line)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                before = data[: utf8_error.start]
                line = before.count(b"\n") + 1
                column = utf8_error.start - (before.rfind(b"\n") + 1) + 1
                raise InputError(
                    f"cannot decode byte 0x{data[utf8_error.start]:02x}: the file is neither UTF-8 nor Windows-1252; "
                    "save it as UTF-8",
                    file=name,
                    line=line,
                    column=column,
                ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- shared rules

FIELD = re.compile(r"^\s*\*\*\s*(?P<name>[A-Za-z][\w /-]*?)\s*:\s*\*\*\s*(?P<value>.*)$")
NUMBERED = re.compile(r"^\((?P<n>\d{1,3})\)\s+")

# Lines that are not the witness's text and carry no information.
NOISE = re.compile(r"^(?:no comments?|no description|comments?:?\s*(?:none|-)?|description:?|[\W_]*)\.?$", re.IGNORECASE)

# Marks of a bibliographic citation: a volume/issue/page/archival abbreviation with a number, a URL, a publisher.
CITATION_MARKS = re.compile(
    r"(?:(?<![\w])(?:pp?|P|S|C|С|Т|T|Vol|vol|No|Nr|no|№|F|Ф|Op|Оп|D|Д|L|Л|ll|ff?|fol|Bd|Heft)\.?\s*\d"
    r"|https?://|www\.|<http"
    r"|\b(?:Press|Publish\w*|Verlag|Izd\w*|Издат\w*|Politizdat|Gospolitizdat|University|Works|Sochineniia|Collected|Archive|Arkhiv)\b"
    r"|\b(?:AP RF|RGASPI|GARF|AVP RF|RGANI|TsAMO|АП РФ|РГАСПИ|ГАРФ|АВП РФ|РГАНИ)\b"
    r"|\s[-–—]\s(?:T|Т|Vol|С|S|P)\.)"
)
# A line that breaks off in mid-citation: the next line continues it.
CONTINUES = re.compile(r"(?:\b(?:and|of|the|&|in|und|и)|[,:;(\-–—])\s*$", re.IGNORECASE)
SALUTATION = re.compile(r"^.{1,80}[,!]$")


# `[c. 520]` / `[с. 520]` (Cyrillic) / `[p. 12]`: a page of the printed source ends here.
PAGE_MARKER = re.compile(r"\[\s*(?:[cсpsSPС]|pp|стр|str)\.\s*(?P<page>\d+)\s*\]")


def looks_like_citation(text: str) -> bool:
    text = PAGE_MARKER.sub(" ", text)  # a page marker of the body is no citation
    return len(text) < 400 and bool(CITATION_MARKS.search(text)) and not SALUTATION.match(text)


def _paragraphs(lines: list[Line]) -> list[Block]:
    """Body lines -> paragraphs: blank-line separated blocks if the body has blank
    lines (lines inside a block are one paragraph), else one paragraph a line."""
    has_blank = any(not line.text.strip() for line in lines)
    blocks: list[Block] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            text = " ".join(" ".join(l.text.split()) for l in current)
            blocks.append(Block("p", text, current[0].number))
            current.clear()

    for line in lines:
        if not line.text.strip():
            flush()
        elif has_blank:
            current.append(line)
        else:
            current.append(line)
            flush()
    flush()
    for block in blocks:
        number = NUMBERED.match(block.text)
        if number:
            block.n = number.group("n")
            block.text = block.text[number.end():]
    return blocks


def _mark_opener_and_closer(blocks: list[Block]) -> None:
    """A short first line ending in `,` or `!` is the salutation. The last line, when
    short, is the closing; short lines before it join the closing when they read as a
    formula or a signature (`With greetings,` / `Mao Zedong`), not as a sentence."""
    if len(blocks) >= 2 and SALUTATION.match(blocks[0].text) and not blocks[0].n:
        blocks[0].kind = "salute"
    body = [b for b in blocks if b.kind == "p"]
    for position, block in enumerate(reversed(body)):
        if position >= 3 or len(body) - position <= 1 or block.n or len(block.text) > 60:
            break
        if position > 0 and SENTENCE_END.search(block.text):
            break
        block.kind = "closer"


SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]?$")


# ---------------------------------------------------------------- title line

TITLE_PARTIES = re.compile(
    r"^(?P<kind>.*?)\b(?:of|from|by)\s+(?P<sender>.+?)\s+to\s+(?P<recipient>.+?)"
    r"(?:(?:,\s*|\s+(?:dated|of|on)\s+)(?P<date>.*\d.*))?\.?$"
)
TITLE_RECIPIENT = re.compile(r"\bto\s+(?P<recipient>.+?)(?:(?:,\s*|\s+(?:dated|of|on)\s+)(?P<date>.*\d.*))?\.?$")


def _parties_from_title(witness: Witness) -> None:
    match = TITLE_PARTIES.search(witness.title)
    if match:
        witness.sender = witness.sender or match.group("sender").strip(" ,")
        witness.recipient = witness.recipient or match.group("recipient").strip(" ,")
        witness.date_text = witness.date_text or match.group("date")
        return
    match = TITLE_RECIPIENT.search(witness.title)
    if match:
        witness.recipient = witness.recipient or match.group("recipient").strip(" ,")
        witness.date_text = witness.date_text or match.group("date")


# ---------------------------------------------------------------- fields style

# Field name -> what it is; unknown fields are kept as header notes.
FIELD_ROLES = {
    "title": "title",
    "author": "sender",
    "from": "sender",
    "sender": "sender",
    "recipient": "recipient",
    "to": "recipient",
    "addressee": "recipient",
    "date": "date",
    "source": "citation",
    "sources": "citation",
    "citation": "citation",
    "description": "description",
}


def read_fields(text: str, name: str) -> Witness:
    witness = Witness(source=name, style="fields")
    lines = [Line(i, t.rstrip()) for i, t in enumerate(text.split("\n"), start=1)]
    first_field = next(i for i, line in enumerate(lines) if FIELD.match(line.text))
    for line in lines[:first_field]:
        value = " ".join(line.text.split())
        if not value:
            continue
        if re.fullmatch(r"\d{4}", value):
            witness.year = value
        elif not NOISE.match(value):
            witness.categories.append(value)
    body: list[Line] = []
    role: str | None = None
    field_name = ""
    value_lines: list[Line] = []

    def finish_field() -> None:
        if role is None:
            return
        value = " ".join(" ".join(l.text.split()) for l in value_lines).strip()
        if role == "citation":
            witness.citation_lines.extend(Line(l.number, l.text.strip()) for l in value_lines if l.text.strip())
        elif NOISE.match(value):
            pass  # `**Description:**.` says nothing
        elif role == "title":
            witness.title = value
        elif role == "sender":
            witness.sender = value
        elif role == "recipient":
            witness.recipient = value
        elif role == "date":
            witness.date_text = value
        else:
            witness.notes.append((role if role != "note" else field_name, value))

    for line in lines[first_field:]:
        match = FIELD.match(line.text)
        if match:
            finish_field()
            field_name = match.group("name").strip().lower()
            role = FIELD_ROLES.get(field_name, "note")
            value_lines = [Line(line.number, match.group("value"))]
        elif role is not None and line.text.strip():
            value_lines.append(line)
        elif role is not None:
            finish_field()
            role = None
            value_lines = []
        else:
            body.append(line)
    finish_field()
    witness.blocks = _paragraphs(body)
    _parties_from_title(witness)
    return witness


# ---------------------------------------------------------------- plain style

def read_plain(text: str, name: str) -> Witness:
    witness = Witness(source=name, style="plain")
    lines = [Line(i, " ".join(t.split())) for i, t in enumerate(text.split("\n"), start=1)]
    content = [l for l in lines if l.text]
    if not content:
        raise InputError("the witness is empty", file=name, line=1)
    witness.title = content[0].text
    start = lines.index(content[0]) + 1
    end = len(lines)
    # Leading citations: lines with citation marks, and the lines that continue them.
    while start < end:
        line = lines[start]
        if not line.text:
            start += 1
            continue
        previous = witness.citation_lines[-1].text if witness.citation_lines else ""
        continues = bool(previous) and bool(CONTINUES.search(previous)) and not SALUTATION.match(line.text)
        if looks_like_citation(line.text) or continues:
            witness.citation_lines.append(line)
            start += 1
        else:
            break
    # Trailing noise and citations, read from the end.
    trailing: list[Line] = []
    while end > start:
        line = lines[end - 1]
        if not line.text:
            end -= 1
        elif NOISE.match(line.text):
            end -= 1  # `No comments` and the like: not the witness's text, no information
        elif looks_like_citation(line.text) and end - 1 > start:
            trailing.insert(0, line)
            end -= 1
        else:
            break
    witness.citation_lines.extend(trailing)
    witness.blocks = _paragraphs(lines[start:end])
    _mark_opener_and_closer(witness.blocks)
    _parties_from_title(witness)
    return witness


# Input styles, recognised in this order; the last is the fallback.
STYLES = {
    "fields": lambda text: any(FIELD.match(line) for line in text.split("\n")),
    "plain": lambda text: True,
}
READERS = {"fields": read_fields, "plain": read_plain}


def read_witness(data: bytes, name: str) -> Witness:
    """Bytes of one plain-text witness -> Witness, whatever its style."""
    text = decode(data, name)
    if not text.strip():
        raise InputError("the witness is empty: there is no text to encode", file=name, line=1)
    style = next(style for style, recognise in STYLES.items() if recognise(text))
    witness = READERS[style](text, name)
    if not witness.blocks:
        raise InputError("no body text found after the header; a witness needs at least one paragraph", file=name, line=1)
    return witness
