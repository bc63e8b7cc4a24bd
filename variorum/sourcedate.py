"""SOURCE_DATE_EPOCH, the one date a build may state: read here, for every output that states one.

The variable (reproducible-builds.org) holds the seconds since 1970-01-01 00:00 UTC as
`date +%s` or `git log -1 --format=%ct` print them: ASCII digits, nothing else. Unset or
empty, it says nothing (each output then does without a date or takes its own, never the
clock). Any other value stops the command as a usage error that says what it must hold:
a build meant to be reproducible never quietly writes a date other than the one asked for.
"""
from __future__ import annotations

import datetime as dt
import os
import re

from variorum.diagnostics import UsageError

VARIABLE = "SOURCE_DATE_EPOCH"
_SECONDS = re.compile(r"[0-9]+")


def source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a date in UTC, or None when it is unset or empty; UsageError for any other value."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return None
    if _SECONDS.fullmatch(value):
        try:
            return dt.datetime.fromtimestamp(int(value), dt.UTC)
        except (OverflowError, OSError, ValueError):
            pass
    shown = value if len(value) <= 40 else value[:40] + "…"
    raise UsageError(f"{VARIABLE} must be a whole number of seconds since 1970-01-01 00:00 UTC "
                     f"(as `date +%s` prints it), not {shown!r}")
