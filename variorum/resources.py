"""Where the toolchain's own files are: schema/, xslt/, site_templates/.

In a source checkout they sit beside the package; an installed wheel carries
them inside it (pyproject.toml maps them there).
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` (schema, xslt, site_templates) of this installation."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"variorum is installed without its {name}/ folder; reinstall it with `pip install .`")

