"""Diagnostics: problems as data with a position, the one channel they go out by, the exit statuses.

A `Diagnostic` says where (file, line, column), how bad (severity), which check
spoke (rule) and what to do (message). Every command hands its diagnostics to
one `Reporter`: with `--format text` each is a line on stderr as it comes,
with `--format json` they are one JSON list on stdout at the end (the list
`validate` writes), so that an edition's CI can read what any command said.

Exit statuses of every command (contract section 2), and what `cli.main` maps to them:

| status | name             | when |
|--------|------------------|------|
| 0      | EXIT_OK          | done; only warnings or notes, if anything |
| 1      | EXIT_INVALID     | an input is invalid or a check failed (InputError, an error diagnostic) |
| 2      | EXIT_USAGE       | wrong use, or a file that cannot be read or written (UsageError) |
| 70     | EXIT_INTERNAL    | a bug of ours: one line asking for a report, never a traceback (sysexits' EX_SOFTWARE) |
| 130    | EXIT_INTERRUPTED | Ctrl-C |
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning", "info")

# Exit statuses of every command (contract section 2).
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int | None
    column: int | None
    severity: str
    rule: str
    message: str

    @classmethod
    def of_error(cls, error: "VariorumError", rule: str) -> "Diagnostic":
        """The diagnostic of an error that ended a step."""
        return cls(error.file or "", error.line, error.column, "error", rule, error.message)

    def position(self) -> str:
        """`file:line:column`, leaving out what is not known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_text(self) -> str:
        where = f"{self.position()}: " if self.file else ""
        return f"{where}{self.severity}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict:
        return asdict(self)


class VariorumError(Exception):
    """An error that ends a command with a message for people and no traceback."""

    exit_status = EXIT_INVALID

    def __init__(self, message: str, file: str | None = None, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        position = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        return f"{position}: {self.message}" if position else self.message


class InputError(VariorumError):
    """The input is invalid: exit 1."""

    exit_status = EXIT_INVALID


class UsageError(VariorumError):
    """Wrong use of a command, or a file that cannot be read or written: exit 2."""

    exit_status = EXIT_USAGE


# ---------------------------------------------------------------------------
# Reports: a list of diagnostics (and the files that were checked) -> text, json, junit
# ---------------------------------------------------------------------------

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def sort_key(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.file, diagnostic.line or 0, diagnostic.column or 0, diagnostic.rule, diagnostic.message)


def report_text(diagnostics: list[Diagnostic], files: list[str], stream) -> None:
    """One line per diagnostic, `file:line:column: severity: message [rule]`, then a summary."""
    colour = hasattr(stream, "isatty") and stream.isatty()
    for diagnostic in diagnostics:
        severity = diagnostic.severity
        if colour:
            severity = f"{_COLOURS.get(severity, '')}{severity}{_RESET}"
        stream.write(f"{diagnostic.position()}: {severity}: {diagnostic.message} [{diagnostic.rule}]\n")
    failed = {d.file for d in diagnostics if d.severity == "error"}
    counts = {s: sum(1 for d in diagnostics if d.severity == s) for s in SEVERITIES}
    checked = len(files)
    invalid = len(failed & set(files))
    stream.write(
        f"{checked} file{'s' if checked != 1 else ''} checked: {checked - invalid} valid, {invalid} invalid"
        f" ({counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes)\n"
    )


def report_json(diagnostics: list[Diagnostic], files: list[str], stream) -> None:
    """A JSON list of {"file", "line", "column", "severity", "rule", "message"}."""
    import json

    json.dump([d.as_dict() for d in diagnostics], stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def report_junit(diagnostics: list[Diagnostic], files: list[str], stream) -> None:
    """JUnit XML: one test case per document, failed by its errors; warnings and notes as its output."""
    from xml.sax.saxutils import quoteattr, escape

    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_file.setdefault(diagnostic.file, []).append(diagnostic)
    names = list(dict.fromkeys([*files, *by_file]))
    failures = sum(1 for name in names if any(d.severity == "error" for d in by_file.get(name, ())))
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<testsuites name="variorum validate" tests="{len(names)}" failures="{failures}" errors="0">\n')
    stream.write(f' <testsuite name="variorum validate" tests="{len(names)}" failures="{failures}" errors="0" skipped="0">\n')
    for name in names:
        found = by_file.get(name, [])
        errors = [d for d in found if d.severity == "error"]
        others = [d for d in found if d.severity != "error"]
        stream.write(f'  <testcase classname="variorum.validate" name={quoteattr(name)} file={quoteattr(name)}>\n')
        if errors:
            first = errors[0]
            summary = f"{len(errors)} error{'s' if len(errors) != 1 else ''}; first: {first.position()}: {first.message}"
            body = "\n".join(d.as_text() for d in errors)
            stream.write(f'   <failure message={quoteattr(summary)} type={quoteattr(first.rule)}>{escape(body)}</failure>\n')
        if others:
            stream.write(f'   <system-out>{escape(chr(10).join(d.as_text() for d in others))}</system-out>\n')
        stream.write("  </testcase>\n")
    stream.write(" </testsuite>\n</testsuites>\n")


class Reporter:
    """The one channel of a command's diagnostics (and of its status lines, which are not diagnostics).

    text: each diagnostic is written to stderr as it comes, `file:line:column: severity: message
    [rule]`, the lines `validate` writes (editors' tools and CI parsers match them); json: they are collected and `finish()` writes them to stdout as one JSON
    list, sorted by position. Status lines ("encoded 3 of 3 witnesses ...") always go to stderr."""

    FORMATS = ("text", "json")

    def __init__(self, report_format: str = "text", stream=None, out=None):
        if report_format not in self.FORMATS:
            raise UsageError(f"unknown report format {report_format!r}; known: {', '.join(self.FORMATS)}")
        self.format = report_format
        self.stream = stream
        self.out = out
        self.diagnostics: list[Diagnostic] = []
        self._finished = False
        self._open_line = False  # a progress line ("build [3/40] ...") waits for its end

    def _stream(self):
        import sys

        return self.stream if self.stream is not None else sys.stderr

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)
        if self.format == "text":
            if self._open_line:  # not on the progress line
                self._stream().write("\n")
                self._open_line = False
            self._stream().write(f"{diagnostic.as_text()}\n")

    def extend(self, diagnostics) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def note(self, message: str, file=None, line: int | None = None, rule: str = "note", severity: str = "info") -> None:
        """A diagnostic from its parts (a file may be a Path)."""
        self.add(Diagnostic(str(file) if file is not None else "", line, None, severity, rule, message))

    def status(self, message: str, end: str = "\n", flush: bool = False) -> None:
        """A line of progress or a summary: for people, on stderr, not part of the report."""
        stream = self._stream()
        stream.write(message + end)
        self._open_line = not end.endswith("\n")
        if flush:
            stream.flush()

    def end_progress(self) -> None:
        """End a progress line, if one is open."""
        if self._open_line:
            self._stream().write("\n")
            self._open_line = False

    def finish(self) -> None:
        """json: the report on stdout, once, at the end."""
        import sys

        if self.format == "json" and not self._finished:
            write_report(self.diagnostics, [], "json", self.out if self.out is not None else sys.stdout)
        self._finished = True

    def close(self) -> None:
        """The command has written its own report (encode --report): nothing more goes to stdout."""
        self._finished = True

    def exit_status(self) -> int:
        return EXIT_INVALID if any(d.severity == "error" for d in self.diagnostics) else EXIT_OK


# Report formats, by the name --format takes.
REPORTERS = {"text": report_text, "json": report_json, "junit": report_junit}


def write_report(diagnostics: list[Diagnostic], files: list[str], report_format: str, stream) -> None:
    """Write the diagnostics, sorted by position, in a format of REPORTERS."""
    try:
        reporter = REPORTERS[report_format]
    except KeyError:
        raise UsageError(f"unknown report format {report_format!r}; known: {', '.join(REPORTERS)}") from None
    reporter(sorted(diagnostics, key=sort_key), files, stream)
