"""The `variorum validate` command: paths -> the files to check -> diagnostics -> a report and an exit status.

Files are checked as given, folders searched recursively for *.xml and *.tei
(hidden ones left out); what cannot be found is an `io` error. The report is
sorted by position (variorum.diagnostics: text, json or junit); the exit status
is 2 if something could not be read, 1 if any document has an error, else 0.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from variorum.diagnostics import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Diagnostic, UsageError, write_report
from variorum.validation.checker import IO
from variorum.validation.workers import check_files
from variorum.xmlio import XML_SUFFIXES, xml_files



def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The files to check: files as given, folders searched recursively for *.xml and *.tei."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for path in map(Path, paths):
        missing: list[Path] = []
        found = xml_files([path], missing=missing)
        if missing:
            problems.append(Diagnostic(str(path), None, None, "error", IO, "no such file or folder"))
        elif path.is_dir() and not found:
            problems.append(Diagnostic(str(path), None, None, "error", IO,
                f"no TEI files (*{', *'.join(XML_SUFFIXES)}) in this folder or below it"))
        files += found
    return files, problems


def exit_status(diagnostics: Iterable[Diagnostic]) -> int:
    """2 if something could not be read, 1 if any error, else 0."""
    status = EXIT_OK
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            if diagnostic.rule == IO:
                return EXIT_USAGE
            status = EXIT_INVALID
    return status


def run_validate(paths: Sequence[Path], tei_all: Path | None = None, report_format: str = "text", stream: TextIO = sys.stdout) -> int:
    """The `variorum validate` command: check the files, write the report, return the exit status."""
    if tei_all is not None and not Path(tei_all).is_file():
        raise UsageError(f"--tei-all: no such file: {tei_all}")
    files, diagnostics = collect_files(paths)
    diagnostics += check_files(files, tei_all=tei_all)
    try:
        write_report(diagnostics, [str(f) for f in files], report_format, stream)
        stream.flush()
    except BrokenPipeError:  # the reader went away (`| head`): not our error
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno() if hasattr(stream, "fileno") else 1)
    return exit_status(diagnostics)
