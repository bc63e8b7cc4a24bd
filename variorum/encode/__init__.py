"""Plain text -> TEI: read the witness, then build the document in small passes.

The passes, in order (each `tree -> tree` over the body, see inline.py):

| # | pass          | turns                                   | into                                   |
|---|---------------|-----------------------------------------|----------------------------------------|
| 1 | read          | bytes                                   | Witness: header facts, citation blocks, body blocks (read.py; the title by kinds.py) |
| 2 | citations     | each citation block, joined             | sourceDesc bibl / msDesc (citations.py) |
| 3 | header        | title, senders, recipients, date, fields | teiHeader with correspDesc, or creation for conversations and minutes (header.py) |
| 4 | page markers  | `[c. 520]`                              | `<pb n="521" edRef="#source-1"/>`       |
| 5 | insertions    | `[for them]`                            | `<supplied>for them</supplied>`         |
| 6 | italics       | `*x*`                                   | `hi[@rend=italic]` or `foreign[@xml:lang]` |
| 7 | names         | every form in the registers, folded     | placeName/persName/orgName[@ref], choice/orig/reg for variants (authority.NameIndex) |
| 8 | dates         | `January 9`, `on the 16th`              | `date[@when]`, year and month from the document (a bare day: from the date before it in its paragraph first) |
| 9 | standOff      | the entities the document uses          | listPlace / listPerson / listOrg        |

Every guess and ambiguity of a pass (a page whose source is unknown, a name of two
entities, a correspondent not in the registers, a citation not analysed) goes to the
`WitnessReport` given to `encode_witness` (report.py; describe.py reads the rest of
the report off the finished tree): `encode --report`.

Italics on evidence (pass 6, `inline.language_of`, `terms.py`): `*x*` is `foreign[@xml:lang]` only
when something tells its language, in this order: its script (Cyrillic `ru`, CJK `zh`, kana `ja`,
Greek `grc`); the edition's register of terms (`term` elements with `@xml:lang` in the authority
files, e.g. `tei/authority/terms.xml`: `Registry.terms`; a term registered as `en` is English);
the lexicon packaged in `terms.py` (`kolkhoz` ru-Latn, `démarche` fr, `status quo` la, `zaibatsu`
ja-Latn ...; compared folded, an English plural counting as the term); the shape of pinyin (tone
marks, or spellings English has not: `zhengzhi`, `guanxi`). Anything else -- an English word, a
title, a word nothing vouches for -- is `hi[@rend='italic']`; a bracketed italic insertion
(`[*Politbyuro*]`) of no known language is `foreign xml:lang="und"` (the translator's original wording).

Page markers go first so that `[c. 520]` is not taken for an insertion;
insertions before names so that `Lushun [Port Arthur]` tags both names;
names before dates so that a date never swallows a name.
"""
from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

from variorum.authority import Ambiguous, Entity, NameIndex, Registry, load_registry
from variorum.diagnostics import EXIT_OK, InputError, Reporter, UsageError, VariorumError, sort_key
from variorum.encode import inline
from variorum.encode.citations import analyse_citations
from variorum.encode.describe import describe
from variorum.encode.names import folded_index
from variorum.encode.report import WitnessReport, write_reports
from variorum.encode.dates import to_date
from variorum.encode.header import document_date, document_span, header, number_sources
from variorum.encode.read import Witness, read_witness
from variorum.standoff import standoff_copies
from variorum.xmlio import TEI_NS, XML_ID, XML_LANG, serialize_tei, sub, tei, write_atomic

# Block kind -> how it sits in the div.
BLOCK_ELEMENTS = {"salute": ("opener", "salute"), "p": (None, "p"), "closer": (None, "closer")}

DOCUMENT_KINDS = ("telegram", "letter", "cable", "memorandum", "note", "message", "report", "record", "minutes", "speech", "directive", "instruction", "resolution", "decree")


def citation_text(witness: Witness) -> str:
    """Citation lines joined: a wrapped line continues the one before it."""
    return " ".join(line.text.strip() for line in witness.citation_lines)


def _citations(witness: Witness, report: WitnessReport | None) -> tuple[list[etree._Element], list[int]]:
    """Each citation block (the header block, the trailing block, a Source field) parsed as one unit:
    the elements, and the line each starts on."""
    elements: list[etree._Element] = []
    lines: list[int] = []
    blocks = witness.citation_blocks or ([witness.citation_lines] if witness.citation_lines else [])
    for block in blocks:
        text, starts = "", []
        for line in block:
            if text:
                text += " "
            starts.append((len(text), line.number))
            text += line.text.strip()

        def line_of(offset: int) -> int:
            return [number for start, number in starts if start <= offset][-1] if starts else witness.title_line

        def warn(offset: int, rule: str, message: str, severity: str) -> None:
            if report is not None:
                report.warn(rule, message, line_of(offset), severity=severity)

        for citation in analyse_citations(text, witness.title, warn):
            elements.append(citation.element)
            lines.append(line_of(citation.start))
    return elements, lines


def _printed_pages(source: etree._Element) -> tuple[int, int] | None:
    for scope in source.iter(tei("biblScope")):
        if scope.get("unit") == "page" and (scope.get("from") or "").isdigit():
            to = scope.get("to") or scope.get("from")
            return int(scope.get("from")), int(to) if to.isdigit() else int(scope.get("from"))
    return None


def _page_source(sources: list[etree._Element], report: WitnessReport | None = None):
    """Which cited printed source a page marker `[c. N]` belongs to: the one whose page range holds N.

    None holds it: a warning, and no @edRef. The only printed source gives no pages: it is taken,
    with a warning (a guess)."""
    # A bibl without a title or a scope ("Translated by ...", nothing recognised) is no printed source to assume.
    printed = [s for s in sources if s.tag == tei("bibl") and s.get("type") != "online"
               and (s.find(tei("title")) is not None or s.find(tei("biblScope")) is not None)]
    spans = [(source, _printed_pages(source)) for source in printed]

    def source_of(page: int, line: int | None = None) -> str | None:
        holding = [source for source, span in spans if span and span[0] <= page <= span[1]]
        if holding:
            return holding[0].get(XML_ID)
        if len(printed) == 1 and spans[0][1] is None:
            if report is not None:
                report.warn("page-source-assumed", f"page marker for page {page}: the only printed source "
                            f"({printed[0].get(XML_ID)}) gives no pages; the marker is taken to be its", line)
            return printed[0].get(XML_ID)
        if report is not None:
            ranges = ", ".join(f"{s.get(XML_ID)} pp. {span[0]}–{span[1]}" for s, span in spans if span) or "no page ranges"
            report.warn("page-source-unknown", f"page marker for page {page}: no cited source's pages hold it "
                        f"({ranges}); the page break names no source (no @edRef)", line)
        return None

    return source_of


def _body(witness: Witness) -> tuple[etree._Element, list[tuple[etree._Element, int]]]:
    """The div of the body, and each block element with the source line it comes from."""
    kind = witness.kind or next((k for k in DOCUMENT_KINDS if witness.title.lower().startswith(k)), None)
    div = etree.Element(tei("div"), type=kind or "document")
    opener = None
    lines = []
    for block in witness.blocks:
        wrapper, tag = BLOCK_ELEMENTS[block.kind]
        if wrapper == "opener":
            opener = opener if opener is not None else sub(div, "opener")
            element = sub(opener, tag, block.text)
        else:
            element = sub(div, tag, block.text, n=block.n)
        lines.append((element, block.line))
    return div, lines


def _check_page_order(witness: Witness, blocks: list[tuple[etree._Element, int]]) -> None:
    """Page markers of one source must ascend; a repeated or backward marker is the witness's error."""
    last: dict[str | None, int] = {}
    for element, line in blocks:
        for pb in element.iter(tei("pb")):
            source, page = pb.get("edRef"), int(pb.get("n"))
            if source in last and page <= last[source]:
                raise InputError(
                    f"page marker for page {page - 1} follows the one for page {last[source] - 1}: the printed source's "
                    "pages must ascend; correct or remove the repeated marker",
                    file=witness.source, line=line,
                )
            last[source] = page


def _language(witness: Witness) -> str:
    text = " ".join(b.text for b in witness.blocks)
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    letters = sum(1 for c in text if c.isalpha()) or 1
    return "ru" if cyrillic / letters > 0.3 else "en"


def encode_witness(witness: Witness, registry: Registry, index: NameIndex | None = None,
                   report: WitnessReport | None = None) -> etree._Element:
    """One Witness -> one TEI document (the passes of the module docstring, in order).

    With a `report`, what was recognised and every guess is recorded in it (`encode --report`)."""
    names_index = folded_index(index, registry)
    used: dict[str, Entity] = {}
    if report is not None:
        report.style, report.title, report.title_line, report.kind = witness.style, witness.title, witness.title_line, witness.kind
        for line in witness.classification_lines:
            report.warn("classification-note", "a classification or copy stamp: a header note "
                        "(notesStmt/note[@type='classification']), not text of the body", line, severity="info")
        if witness.kind is None:
            report.warn("kind-unknown", "the title names no kind of document the encoder knows (telegram, letter, "
                        "record of conversation, minutes, report ...)", witness.title_line, severity="info")
    sources, source_lines = _citations(witness, report)
    number_sources(sources)
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    root.set(XML_LANG, _language(witness))
    root.append(header(witness, sources, names_index, used, report))
    div, blocks = _body(witness)
    when = document_date(witness)
    source_of = _page_source(sources, report)
    for element, line in blocks:
        inline.page_markers(element, lambda page, line=line: source_of(page, line))
    _check_page_order(witness, blocks)
    inline.insertions(div)
    inline.italics(div, getattr(registry, "terms", None))
    for element, line in blocks:
        inline.names(element, names_index, used, _on_ambiguous(report, line))
    inline.dates(div, to_date(when) if when else None, document_span(witness), _on_bare_day(report, blocks))
    stand_off = standoff_copies(used, registry)
    if stand_off is not None:
        root.append(stand_off)
    text = sub(root, "text")
    sub(text, "body").append(div)
    if report is not None:
        describe(report, sources, source_lines, blocks)
    return root


BARE_DAY_BASES = {
    "paragraph": "the month of the date named before it in the paragraph",
    "paragraph-next": "the month after the date named before it in the paragraph (a smaller day: later)",
    "range": "the day of that number in the document's own range of days",
    "document": "the month of the document's date",
}


def _on_bare_day(report: WitnessReport | None, blocks: list[tuple[etree._Element, int]]):
    """Each bare day (`the 30th`) and the month it was given, as an info of the report (`date-bare-day`)."""
    lines = {id(element): line for element, line in blocks}

    def heard(paragraph: etree._Element, words: str, found) -> None:
        if report is not None:
            line = lines.get(id(paragraph))
            report.warn("date-bare-day", f"'{words}' read as {found.when}: {BARE_DAY_BASES[found.basis]}", line,
                        severity="info")
    return heard


def _on_ambiguous(report: WitnessReport | None, line: int):
    def heard(ambiguous: Ambiguous) -> None:
        if report is not None:
            ids = " and ".join(f"#{e.id}" for e in ambiguous.entities)
            report.warn("name-ambiguous", f"'{ambiguous.form}' is a form of {ids}: tagged with neither; "
                        "give the registers one owner for it, or tag it by hand", line)
            report.names.append({"line": line, "text": ambiguous.form, "element": None, "ref": None,
                                 "candidates": [e.id for e in ambiguous.entities]})
    return heard


def encode_bytes(data: bytes, name: str, registry: Registry, index: NameIndex | None = None,
                 report: WitnessReport | None = None) -> bytes:
    """The bytes of a witness -> the bytes of its TEI document."""
    return serialize_tei(encode_witness(read_witness(data, name), registry, index, report))


def default_authority() -> list[Path]:
    """The edition's registers: those of the edition the current folder belongs to."""
    from variorum.config import find_edition

    edition = find_edition(Path.cwd(), search_parents=True)
    return [edition.authority_dir] if edition and edition.authority_dir.is_dir() else []


def encode_files(sources: list[Path], out: Path, authority: list[Path] | None = None, force: bool = False,
                 report: bool = False, reporter: Reporter | None = None, stream=None) -> int:
    """`variorum encode`: each source -> OUT/<stem>.xml; report every failure, write nothing half.

    Diagnostics (guesses, ambiguities, failures) go out through `reporter` (text lines on stderr,
    or one JSON list on stdout). With `report`, what was recognised in each witness is written to
    `stream` instead (text or json, in the reporter's format), each witness's diagnostics in it."""
    reporter = reporter or Reporter()
    stream = stream or sys.stdout
    registry = load_registry(authority if authority is not None else default_authority())
    index = NameIndex(registry)
    # Warnings about the registers themselves: stderr with a report (stdout holds the report), else the channel.
    channel = Reporter("text", stream=reporter.stream) if report else reporter
    channel.extend(registry.diagnostics)
    if authority is None and not registry.files:
        channel.note("no registers found (no edition.toml here and no --authority); names are not tagged",
                     rule="registers", severity="warning")
    failures = 0
    status = EXIT_OK
    written = unchanged = 0
    reports: list[WitnessReport] = []
    show_progress = len(sources) > 1 and sys.stderr.isatty() and not report and reporter.format == "text"
    for number, source in enumerate(sources, start=1):
        if show_progress:
            reporter.status(f"\rencode [{number}/{len(sources)}] {source.name}", end="", flush=True)
        target = out / f"{source.stem}.xml"
        witness_report = WitnessReport(str(source))
        reports.append(witness_report)
        try:
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise UsageError(f"cannot read the witness: {exc.strerror or exc}", file=str(source)) from None
            document = encode_bytes(data, str(source), registry, index, witness_report)
            if target.exists():
                if target.read_bytes() == document:
                    unchanged += 1
                    continue
                if not force:
                    raise InputError(
                        f"{target} exists and differs from the new encoding; it is left untouched "
                        "(it may hold an editor's changes). Use --force to overwrite it.",
                        file=str(source),
                    )
            write_atomic(target, document)
            written += 1
        except VariorumError as error:
            if show_progress:
                reporter.end_progress()
            rule = "encode-usage" if isinstance(error, UsageError) else "encode-input"
            witness_report.warn(rule, error.message, error.line, error.column, severity="error")
            witness_report.file = error.file or str(source)
            failures += 1
            status = max(status, error.exit_status)
        finally:
            if not report:
                reporter.extend(sorted(witness_report.diagnostics, key=sort_key))
    if show_progress:
        reporter.end_progress()
    if report:
        write_reports(reports, reporter.format, stream)
        reporter.close()
    reporter.status(f"encoded {len(sources) - failures} of {len(sources)} witnesses into {out}/ ({written} written, {unchanged} unchanged)")
    return status
