"""Diagnostics: problems as data with a position, and the errors that end a command.

A `Diagnostic` says where (file, line, column), how bad (severity), which check
spoke (rule) and what to do (message). Commands collect them; the CLI prints
them and turns the worst severity into the exit status.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning", "info")

# Exit statuses of every command (contract section 2).
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int | None
    column: int | None
    severity: str
    rule: str
    message: str

    def position(self) -> str:
        """`file:line:column`, leaving out what is not known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_text(self) -> str:
        return f"{self.position()}: {self.severity}: {self.message} [{self.rule}]"

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
