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
from variorum.encode.kinds import CONVERSATION_KINDS, CORRESPONDENCE_KINDS, read_title


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
    # The citation lines as units: the header block, the trailing block, a Source field (each joined alone).
    citation_blocks: list[list[Line]] = field(default_factory=list)
    title_line: int = 1
    blocks: list[Block] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    year: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (type, text) kept in the header
    kind: str | None = None  # telegram, letter, record-of-conversation ... (kinds.py)
    participants: list[str] = field(default_factory=list)  # of a conversation, as the title names them
    participant_phrase: str | None = None  # minutes: the phrase whose registered names took part
    present: list[tuple[str, int]] = field(default_factory=list)  # `Present: A, B, C` of the body: (names, line)
    classification_lines: list[int] = field(default_factory=list)  # `Top Secret`, `Copy No. 3`: header notes


# ---------------------------------------------------------------- decoding

def decode(data: bytes, name: str) -> str:
    """Bytes of a witness -> text with LF line ends; refuse what cannot be decoded."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:  # a UTF-16 mark on bytes that are not UTF-16 throughout
            raise InputError(f"the file begins with a UTF-16 byte-order mark but is not UTF-16 from byte {error.start} on; "
                             "save it again as UTF-8 (or UTF-16) throughout", file=name) from None
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
# `(3) Text`, `3. Text`, `3) Text`: a numbered paragraph or point (a year `1950.` is not a number).
NUMBERED = re.compile(r"^(?:\((?P<n>\d{1,3})\)|(?P<m>\d{1,3})[.)])\s+(?=\S)")

# Lines that are not the witness's text and carry no information.
NOISE = re.compile(r"^(?:no comments?|no description|comments?:?\s*(?:none|-)?|description:?|[\W_]*)\.?$", re.IGNORECASE)

# Marks of a bibliographic citation: a volume/issue/page/archival abbreviation with a number, a URL, a publisher.
CITATION_MARKS = re.compile(
    r"(?:(?<![\w])(?:pp?|P|S|C|С|Т|T|Vol|vol|No|Nr|no|№|F|Ф|Op|Оп|D|Д|L|Л|ll|ff?|fol|Bd|Heft|Bl|Bll)\.?\s*\d"
    r"|https?://|www\.|<http"
    r"|\b(?:Press|Publish\w*|Verlag|Izd\w*|Издат\w*|Politizdat|Gospolitizdat|University|Works|Sochineniia|Collected|Archive\w*|Archiv\w*|Archiw\w*|Arkhiv\w*)\b|\bsygn\.\s*\d"
    r"|\b(?:AP RF|RGASPI|GARF|AVP RF|RGANI|TsAMO|АП РФ|РГАСПИ|ГАРФ|АВП РФ|РГАНИ|SAPMO|BArch|PA AA)\b"
    r"|\s[-–—]\s(?:T|Т|Vol|С|S|P)\.)"
    # Chicago: (1950): 201–4 / (Boston: Beacon Press, 1999)
    r"|\((?:[^()]{0,120},\s*)?(?:1[5-9]|20)\d\d\)\s*[:,]\s*\d|\([^()]{1,80}:\s*[^()]{1,120},\s*(?:1[5-9]|20)\d\d\)"
    # an imprint: Kazan: Tatizdat, 1993 / М.: Наука, 1999
    r"|(?<![\w])[A-ZА-ЯЁ][\w.]*(?:\s[A-ZА-ЯЁ][\w.]*)?\s?:\s?[^,:;.!?]{1,80},\s*(?:1[5-9]|20)\d\d(?!\d)"
)
# A line that breaks off in mid-citation: the next line continues it.
CONTINUES = re.compile(r"(?:\b(?:and|of|the|&|in|und|и)|[,:;(\-–—])\s*$", re.IGNORECASE)
SALUTATION = re.compile(r"^.{1,80}[,!]$")
# The marks of a citation with their period (`p. 3`, not `p 3`), or marks that need none (a URL, `Press`).
STRICT_CITATION_MARKS = re.compile(CITATION_MARKS.pattern.replace(r"Heft|Bl|Bll)\.?\s*\d", r"Heft|Bl|Bll)\.\s*\d", 1))


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
            if current and NUMBERED.match(line.text.strip()):  # `(2) ...` on the line after `(1) ...`: a new point
                flush()
            current.append(line)
        else:
            current.append(line)
            flush()
    flush()
    for block in blocks:
        number = NUMBERED.match(block.text)
        if number:
            block.n = number.group("n") or number.group("m")
            block.text = block.text[number.end():]
    return blocks


def _mark_opener_and_closer(blocks: list[Block], kind: str | None = None) -> None:
    """A short first line ending in `,` or `!` is the salutation. The last line, when
    short, is the closing; short lines before it join the closing when they read as a
    formula or a signature (`With greetings,` / `Mao Zedong`), not as a sentence.

    Only what is sent to someone (a letter, a telegram ...: `kinds.CORRESPONDENCE_KINDS`, or a
    document of no known kind) may close with a short sentence (`Waiting for an answer.`); a
    record, minutes, a report or a note close only with a formula or a signature: their last
    sentence (`The conversation lasted two hours.`) is a paragraph."""
    first = blocks[0].text if blocks else ""
    worded = len(first) <= 80 and SALUTE_WORDS.match(first) and re.search(r"[.,!:]$", first)
    if len(blocks) >= 2 and (SALUTATION.match(first) or worded) and not blocks[0].n:
        blocks[0].kind = "salute"
    body = [b for b in blocks if b.kind == "p"]
    for position, block in enumerate(reversed(body)):
        if position >= 3 or len(body) - position <= 1 or block.n or len(block.text) > 60:
            break
        if position > 0 and SENTENCE_END.search(block.text):
            break
        if position == 0 and kind is not None and kind not in CORRESPONDENCE_KINDS and SENTENCE_END.search(
                block.text) and not CLOSING_WORDS.match(block.text):
            break
        block.kind = "closer"


SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]?$")


# ---------------------------------------------------------------- title line

# `Present: A, B and C` -- the participants of a conversation or a meeting, at the head of the body.
PRESENT = re.compile(r"^(?:(?:also\s+)?present(?:\s+were)?|participants|participating|attending|in\s+attendance|those\s+present)"
                     r"(?:\s+(?:from|on|for)\s+[^:;]{1,40}?)?\s*:\s*(?P<names>\S.*?)\s*\.?$", re.IGNORECASE)
# `...; from the Soviet side: A, B`: the label of the next group of the list
PRESENT_GROUP = re.compile(r"\s*;\s*(?:(?:from|on|for)\s+[^:;]{1,40}?:\s*)?")


def _present(witness: Witness) -> None:
    """The `Present:` lines among the first blocks of the body (they stay in the body as they are)."""
    for block in witness.blocks[:4]:
        found = PRESENT.match(block.text) if block.kind == "p" else None
        if found:
            witness.present.append((PRESENT_GROUP.sub(", ", found.group("names")), block.line))


def _parties_from_title(witness: Witness) -> None:
    """Kind, sender, recipient, participants and date from the title, where the fields did not give them."""
    facts = read_title(witness.title)
    witness.kind = facts.kind
    witness.participants = facts.participants
    witness.participant_phrase = facts.participant_phrase
    if facts.kind not in CONVERSATION_KINDS:
        witness.sender = witness.sender or facts.sender or facts.author
        witness.recipient = witness.recipient or facts.recipient
    else:  # the author of a record named before its title (`A.I. Mikoyan. Record of a Conversation with ...`)
        witness.sender = witness.sender or facts.author
    witness.date_text = witness.date_text or facts.date_text


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
            block = [Line(l.number, l.text.strip()) for l in value_lines if l.text.strip()]
            witness.citation_lines.extend(block)
            if block:
                witness.citation_blocks.append(block)
        elif NOISE.match(value):
            pass  # `**Description:**.` says nothing
        elif role == "title":
            witness.title = value
            witness.title_line = value_lines[0].number
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
    _present(witness)
    return witness


# ---------------------------------------------------------------- plain style

# A salutation or a closing formula opens with such words; a citation line never does.
SALUTE_WORDS = re.compile(
    r"^(?:(?:my\s+)?dear|(?:to\s+)?comrades?|sirs?|madam|mr\.|mrs\.|gentlemen|respected|esteemed|honou?red|hello"
    r"|товарищ\w*|уважаем\w*|дорог\w*)(?!\w)", re.IGNORECASE)
CLOSING_WORDS = re.compile(
    r"^(?:with|yours|sincerely|respectfully|regards|best|kind|faithfully|cordially|greetings|long live"
    r"|с\s+\w+\s+привет\w*|с\s+привет\w*)(?!\w)", re.IGNORECASE)
# What may end a line that wraps inside a citation; what may begin the line it wraps onto.
OPEN_END = re.compile(
    r"(?i:\b(?:and|of|the|in|und|и|by|see|also|to|for|on)|&|\b(?:ed|eds|comp|cf)\.|[,:;(\-–—/])\s*$"
    # a mark or an initial whose number or name is on the next line: `... P.` / `5–6.`, `Orlov V.` / `N. Korea`
    r"|(?<![\w])(?:pp|Pp|Vol|vol|Vols|No|Nos|no|Nr|Op|op|Оп|ll|Ll|Bd|Hrsg|Hg|Comp|Ed|Eds|[A-ZА-ЯЁ])\.\s*$|№\s*$")
MARK_END = re.compile(r"(?<![\w])(?:pp?|P|S|C|С|Т|T|Vol|vol|No|Nos|no|Nr|№|F|Ф|Op|op|Оп|D|Д|L|Л|ll|Ll|Bd|Heft)\.\s*$|№\s*$")
SENTENCE_CLOSE = re.compile(r"[.!?]['\"”’)\]]*$")
WRAPPED_START = re.compile(r"^[a-zа-яё]")
CONTINUED_START = re.compile(r"^[\d\-–—.,;:)\]/]")
MAX_BLOCK_LINES = 12


def _unbalanced(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("[") > text.count("]")


def _wraps(line: str, following: str) -> bool:
    """Does `line` run on into `following` (one citation wrapped over two lines)?"""
    if MARK_END.search(line) and following[:1].isdigit():
        return True  # `... Op.` / `11. D. 346`: the mark's number, not a numbered paragraph
    if NUMBERED.match(following) or SALUTE_WORDS.match(following) or SALUTE_WORDS.match(line) or CLOSING_WORDS.match(line):
        return False
    if OPEN_END.search(line) or _unbalanced(line):
        return True
    if SENTENCE_CLOSE.search(line):  # after a full stop only a line of citation marks continues (`pp. 12–14.`)
        return bool(WRAPPED_START.match(following)) and looks_like_citation(following)
    return bool(WRAPPED_START.match(following) or CONTINUED_START.match(following))


def _units(lines: list[Line]) -> list[list[Line]]:
    """Non-blank lines grouped into units: a line that wraps onto the next is one unit with it
    (never across a blank line)."""
    units: list[list[Line]] = []
    after_blank = True
    for line in lines:
        if not line.text:
            after_blank = True
            continue
        if units and not after_blank and _wraps(units[-1][-1].text, line.text):
            units[-1].append(line)
        else:
            units.append([line])
        after_blank = False
    return units


def _is_citation_unit(unit: list[Line]) -> bool:
    text = " ".join(line.text for line in unit)
    return (len(unit) <= MAX_BLOCK_LINES and len(text) < 400 * len(unit) and looks_like_citation_unit(text)
            and not reads_as_prose(text))


# Words of a sentence addressed to someone, which citations do not use: `We received your telegram No. 345 ...`
# is the body's, though it has a citation mark.
PROSE_WORDS = re.compile(r"(?i)(?<![\w'’])(?:we|our|us|you|your|i|he|she|it|they|them|his|their|please|shall|will|would|"
                         r"should|must|can|could|received|ask|asked|agree|agreed|inform|informed|"
                         r"мы|наш\w*|вы|ваш\w*|прошу|просим|сообщаю|сообщаем)(?![\w'’])")


def reads_as_prose(text: str) -> bool:
    """Two or more words of a sentence of the text (pronouns, modal verbs, `received`, `ask`): body, not citation."""
    return len(PROSE_WORDS.findall(PAGE_MARKER.sub(" ", text))) >= 2


def looks_like_citation_unit(text: str) -> bool:
    text = PAGE_MARKER.sub(" ", text)
    return len(text) < 1200 and bool(CITATION_MARKS.search(text)) and not (SALUTATION.match(text) and SALUTE_WORDS.match(text))


def _leading_block(lines: list[Line], start: int, end: int) -> tuple[list[Line], int]:
    """The citation block after the title, as a unit: where its lines are and where the body begins.

    Lines are grouped by wrapping first, so that a title wrapped before its first citation mark
    (`Documents on ... Far East,` / `1945–1950. - Vol. 1 ...`) stays with its marks; a short line
    without marks that a citation line follows belongs to it too (`Collected Papers.` / `Vol. 3 ...`)."""
    block: list[Line] = []
    pending: list[Line] = []  # short lines without marks, waiting for the citation line they open
    units = _units(lines[start:min(end, start + MAX_BLOCK_LINES * 3)])
    for number, unit in enumerate(units):
        if _is_citation_unit(unit):
            block.extend(pending + unit)
            pending = []
            continue
        following = units[number + 1] if number + 1 < len(units) else None
        if following is None or not _may_open_citation(unit, following) or len(pending) >= 3:
            break
        pending.extend(unit)
    if not block:
        return [], start
    return block, lines.index(block[-1]) + 1


# A line that begins with citation marks continues a citation (`Vol. 3. Moscow ...`, `1995. P. 4`, `- Moscow: Nauka`);
# a label (`Source: ...`) opens one and continues none (`Pham Van Dong` / `Source: ...` is a signature and a source).
CITATION_START = re.compile(
    r"^(?:[-–—]\s*|//\s*)?(?:(?:pp?|P|S|C|С|Т|T|Vol|vol|No|Nr|no|№|Bd|Heft|Iss|Vyp|Вып|Ed|Eds|ed|eds|Comp|Hrsg|Hg)\.(?:\s*\S|\s*$)"
    r"|\d|\(|(?!(?:Sources?|Citation|Archive|Archival|Note|Notes|Published|Original|Copy)\s*:)[A-ZА-ЯЁ][\w.]*(?:\s[A-ZА-ЯЁ][\w.]*)?\s*:(?:\s|$))")


def _may_open_citation(unit: list[Line], following: list[Line]) -> bool:
    """Can a unit without marks be the opening of the citation unit that follows it?"""
    text = " ".join(line.text for line in unit)
    first = unit[0].text
    if len(text) > 150 or SALUTE_WORDS.match(first) or CLOSING_WORDS.match(first) or NUMBERED.match(first):
        return False
    if re.search(r"[,!:]$", text):
        return False  # a salutation, or a line that would have wrapped
    # The following unit as a whole: a wrap may leave its dash alone on a line (`-` / `Vol. 4 ...`).
    return not SENTENCE_CLOSE.search(text) or bool(CITATION_START.match(" ".join(line.text for line in following)))


def _trailing_block(lines: list[Line], start: int, end: int) -> tuple[list[Line], int]:
    """The citation block at the end (noise such as `No comments` skipped): its lines and where the body ends.

    A short line without marks joins the citation below it only when that citation continues it
    (`Papers on Korea.` / `Vol. 3 ...`): a signature (`Mao Zedong` / `Pravda ...`) stays in the body."""
    while end > start and (not lines[end - 1].text or NOISE.match(lines[end - 1].text)):
        end -= 1
    block: list[Line] = []
    units = _units(lines[max(start, end - MAX_BLOCK_LINES * 3):end])
    for number in range(len(units) - 1, -1, -1):
        unit = units[number]
        if lines.index(unit[0]) <= start:
            break  # a body needs at least its first line
        if not _is_citation_unit(unit):
            if not block or number + 1 >= len(units) or units[number + 1][0] is not block[0]:
                break
            if not _may_open_citation(unit, units[number + 1]) or not CITATION_START.match(
                    " ".join(line.text for line in units[number + 1])):
                break
        block[:0] = unit
    if block:
        end = lines.index(block[0])
    return block, end


# A document's classification or copy stamp between its title and its text: `Top Secret`, `Copy No. 3`,
# `Strictly confidential.`, `Совершенно секретно`, `Экз. № 2`, `Особая папка`.
CLASSIFICATION = re.compile(
    r"^(?:(?:top|strictly|most|highly)\s+(?:secret|confidential)|secret|confidential|personal(?:ly)?|urgent|most\s+urgent|"
    r"for\s+(?:your\s+)?eyes\s+only|ciphered|(?:only|single|first|second|\d+(?:st|nd|rd|th)?)\s+copy|"
    r"copy\s+(?:no\.?|№|#)\s*\d+|"
    r"(?:совершенно\s+)?секретно|строго\s+секретно|лично|срочно|особая\s+папка|экз(?:\.|емпляр)\s*№?\s*\d+)"
    r"(?:[.,;]?\s*(?:copy\s+(?:no\.?|№|#)\s*\d+|экз\.\s*№?\s*\d+))?[.!]?$", re.IGNORECASE)


def _classification(lines: list[Line], start: int, witness: Witness) -> int:
    """Classification lines from `start` on (blank lines between them skipped): header notes, not text."""
    position = start
    while position < len(lines):
        if not lines[position].text:
            position += 1
            continue
        if not CLASSIFICATION.match(lines[position].text):
            break
        witness.notes.append(("classification", lines[position].text))
        witness.classification_lines.append(lines[position].number)
        position += 1
        start = position
    return start


DANGLING_PARTY = re.compile(r"(?i:\b(?:and|between|with|to|of|from|by|и|с|со))\s*$|&\s*$")


def _title(lines: list[Line], content: list[Line]) -> tuple[str, int]:
    """The title line, joined with the next when it is wrapped (`... between A and` / `B, 4 May 1950`)."""
    title = content[0]
    after = lines.index(title) + 1
    if len(content) > 1:
        following = content[1]
        # After a dangling `and` / `between` / `to` a name follows, `Comrade B` too (a salutation would end in , or !).
        dangling = DANGLING_PARTY.search(title.text)
        if (OPEN_END.search(title.text) and not looks_like_citation(following.text) and len(following.text) < 120
                and (dangling or not SALUTE_WORDS.match(following.text)) and not NUMBERED.match(following.text)
                and not SALUTATION.match(following.text)):
            return f"{title.text} {following.text}", lines.index(following) + 1
    return title.text, after


def read_plain(text: str, name: str) -> Witness:
    witness = Witness(source=name, style="plain")
    lines = [Line(i, " ".join(t.split())) for i, t in enumerate(text.split("\n"), start=1)]
    content = [l for l in lines if l.text]
    if not content:
        raise InputError("the witness is empty", file=name, line=1)
    witness.title_line = content[0].number
    witness.title, start = _title(lines, content)
    start = _classification(lines, start, witness)
    after_title = start
    leading, start = _leading_block(lines, start, len(lines))
    start = _classification(lines, start, witness)
    trailing, end = _trailing_block(lines, start, len(lines))
    if leading and not any(line.text for line in lines[start:end]) and not any(
            STRICT_CITATION_MARKS.search(line.text) for line in leading):
        # Everything after the title read as citations, on marks without their period (`p 3 February
        # 1950`): a witness has a body, so those lines are it. Real citations there (`F. 45. Op. 1`)
        # leave no body: an error that says so.
        leading, start = [], after_title
        trailing, end = _trailing_block(lines, start, len(lines))
    witness.citation_blocks = [block for block in (leading, trailing) if block]
    witness.citation_lines = leading + trailing
    witness.blocks = _paragraphs(lines[start:end])
    _parties_from_title(witness)
    _mark_opener_and_closer(witness.blocks, witness.kind)
    _present(witness)
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
        cited = [line.number for line in witness.citation_lines]
        raise InputError("no body text found after the header; a witness needs at least one paragraph"
                         + (f" (line{'s' if len(cited) > 1 else ''} {', '.join(map(str, cited))} read as citation"
                            f"{'s' if len(cited) > 1 else ''}: separate the body from them with a blank line)" if cited else ""),
                         file=name, line=1)
    return witness
