"""The `variorum` command: parse arguments, call one function, map errors to exit codes.

Behaviour lives in the modules the commands call; this file only wires them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from variorum import __version__
from variorum.diagnostics import EXIT_INTERRUPTED, EXIT_USAGE, VariorumError


def _encode(args: argparse.Namespace) -> int:
    from variorum.encode import encode_files

    return encode_files(args.sources, args.out, authority=args.authority, force=args.force)


def _validate(args: argparse.Namespace) -> int:
    from variorum.validate import run_validate

    return run_validate(args.paths, tei_all=args.tei_all, report_format=args.format, stream=sys.stdout)


def _build(args: argparse.Namespace) -> int:
    from variorum.pipeline import build

    return build(args.edition_dir, args.out, tei_all=args.tei_all, pdf=not args.no_pdf)


def _add_encode(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "encode",
        help="plain-text witnesses -> TEI documents",
        description="Encode plain-text witnesses as TEI P5, one file per source: OUT/<source stem>.xml. "
        "An existing file with other content is left untouched (exit 1) unless --force.",
    )
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE.txt", help="plain-text witnesses (UTF-8, UTF-8 with BOM, UTF-16 or cp1252; LF or CRLF)")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder for the TEI files")
    p.add_argument("--authority", action="append", type=Path, metavar="PATH", help="a TEI register (listPlace/listPerson/listOrg) or a folder of them; repeatable. Default: the edition's tei/authority/")
    p.add_argument("--force", action="store_true", help="overwrite existing TEI files whose content differs")
    p.set_defaults(run=_encode)


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check TEI against the edition schema (and tei_all)",
        description="Check TEI files (or folders of them, recursively) for well-formedness, the edition's RELAX NG "
        "schema and its Schematron rules; with --tei-all also conformance to the official TEI schema. "
        "Exit 0 when all are valid, 1 when any is invalid, 2 on usage or I/O errors.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="TEI files or folders")
    p.add_argument("--tei-all", type=Path, metavar="RNG", help="the official tei_all.rng to check conformance against")
    p.add_argument("--format", choices=("text", "json", "junit"), default="text", help="report format (default: text)")
    p.set_defaults(run=_validate)


def _add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="encode, validate and publish the whole edition",
        description="Build the edition in EDITION_DIR (default: the current folder): encode the sources that have "
        "no TEI document yet (existing TEI is never overwritten), validate every document, and publish what the "
        "installed stages produce into OUT.",
    )
    p.add_argument("edition_dir", nargs="?", type=Path, default=Path("."), metavar="EDITION_DIR")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF edition")
    p.add_argument("--tei-all", type=Path, metavar="RNG", help="also check conformance to this tei_all.rng")
    p.set_defaults(run=_build)


# Sub-commands, in the order --help lists them.
COMMANDS = (_add_encode, _add_validate, _add_build)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="variorum",
        description="Plain-text witnesses -> a validated TEI edition, a web edition and a print edition.",
    )
    parser.add_argument("--version", action="version", version=f"variorum {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except VariorumError as error:
        print(f"variorum: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("variorum: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
