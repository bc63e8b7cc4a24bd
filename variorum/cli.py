"""The `variorum` command: parse arguments, call one function, map errors to exit codes.

Behaviour lives in the modules the commands call; this file only wires them.
"""
from __future__ import annotations

import argparse
import signal
import sys
import textwrap
from pathlib import Path

from variorum import __version__
from variorum.diagnostics import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, Diagnostic, Reporter, UsageError, VariorumError


def _encode(args: argparse.Namespace) -> int:
    from variorum.encode import encode_files

    if args.out is None:
        raise UsageError("encode needs --out DIR (the folder for the TEI files)")
    return encode_files(args.sources, args.out, authority=args.authority, force=args.force,
                        report=args.report, reporter=args.reporter, stream=sys.stdout)


def _refresh_entities(args: argparse.Namespace) -> int:
    from variorum.refresh import refresh_entities

    return refresh_entities(args.sources, authority=args.authority, reporter=args.reporter)


def _new(args: argparse.Namespace) -> int:
    from variorum.scaffold import new_edition

    return new_edition(args.dir, title=args.title, reporter=args.reporter)


def _serve(args: argparse.Namespace) -> int:
    from variorum.serve import serve

    return serve(args.edition_dir, port=args.port, pdf=not args.no_pdf, reporter=args.reporter)


def _validate(args: argparse.Namespace) -> int:
    from variorum.validation import run_validate

    return run_validate(args.paths, tei_all=args.tei_all, report_format=args.format, stream=sys.stdout)


def _build(args: argparse.Namespace) -> int:
    from variorum.pipeline import build

    return build(args.edition_dir, args.out, tei_all=args.tei_all, pdf=not args.no_pdf, reporter=args.reporter)


def _collate(args: argparse.Namespace) -> int:
    from variorum.collate import collate_files

    return collate_files(args.witnesses, args.out, base=args.base, authority=args.authority, force=args.force,
                         reporter=args.reporter)


def _export(args: argparse.Namespace) -> int:
    from variorum.export import export

    return export(args.format, args.paths, args.out, force=args.force, reading=args.reading, authority=args.authority,
                  reporter=args.reporter)


def _add_report_format(p: argparse.ArgumentParser, *flags: str) -> None:
    """The format of a command's diagnostics (variorum.diagnostics.Reporter)."""
    p.add_argument(*flags, dest="report_format", choices=Reporter.FORMATS, default="text",
                   help="how warnings and errors are written: text lines on stderr (default), or json: one list on "
                   "stdout at the end, the objects `validate --format json` writes")


def _add_encode(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "encode",
        help="plain-text witnesses -> TEI documents",
        description="Encode plain-text witnesses as TEI P5, one file per source: OUT/<source stem>.xml. "
        "An existing file with other content is left untouched (exit 1) unless --force.",
    )
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE.txt", help="plain-text witnesses (UTF-8, UTF-8 with BOM, UTF-16 or cp1252; LF or CRLF)")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder for the TEI files (required)")
    p.add_argument("--authority", action="append", type=Path, metavar="PATH", help="a TEI register (listPlace/listPerson/listOrg) or a folder of them; repeatable. Default: the edition's tei/authority/")
    p.add_argument("--force", action="store_true", help="overwrite existing TEI files whose content differs")
    p.add_argument("--report", action="store_true",
                   help="print what was recognised in each witness (style, title, kind, date, correspondents, citations "
                   "and their parts, archival references, page markers and their sources, names and the entities "
                   "chosen) and every guess or ambiguity as a warning with file:line")
    _add_report_format(p, "--format", "--report-format")  # with --report: the report's format, diagnostics inside it
    p.add_argument("--refresh-entities", action="store_const", dest="run", const=_refresh_entities,
                   help="instead: the arguments are TEI documents; bring their standOff copies of entities up to date "
                   "with the registers (--authority, default the edition's), nothing else in them changed; --out unused")
    p.set_defaults(run=_encode)


def _add_collate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "collate",
        help="several witnesses of one document -> one TEI apparatus",
        description="Collate plain-text witnesses of one document into one TEI document with a "
        "parallel-segmentation apparatus: app/lem (the base witness)/rdg, every witness accounted for at every app, "
        "omissions as empty rdg, name variants typed place-name/person-name/org-name, other variation substantive "
        "or orthographic. Sigla A, B, C ... in the order given. OUT is left untouched (exit 1) if it exists with other "
        "content, unless --force.",
    )
    p.add_argument("witnesses", nargs="+", type=Path, metavar="WITNESS.txt", help="two or more plain-text witnesses")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xml", help="the TEI document to write")
    p.add_argument("--base", type=int, default=1, metavar="N", help="which witness is the base text (1-based; default 1)")
    p.add_argument("--authority", action="append", type=Path, metavar="PATH", help="a register or a folder of them; repeatable. Default: the edition's")
    p.add_argument("--force", action="store_true", help="overwrite an existing OUT whose content differs")
    _add_report_format(p, "--format", "--report-format")
    p.set_defaults(run=_collate)


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
        "no TEI document yet (existing TEI is never overwritten), validate every document (an invalid one stops the "
        "build and OUT stays as it was), then write the web edition and the PDF edition (OUT/pdf/: edition.pdf, and "
        "each document's PDF on its page numbers of the book, laid out on every core) into OUT, "
        "swapped in whole at the end; what did not change since the last build into OUT is taken from it "
        "(.OUT.cache beside it: the same bytes as a clean build). EDITION_DIR may also be a plain folder of TEI "
        "from anywhere: every well-formed file is published as it is, and its files without a text (registers) "
        "name the entities the others point at.",
    )
    p.add_argument("edition_dir", nargs="?", type=Path, default=Path("."), metavar="EDITION_DIR")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF edition")
    p.add_argument("--tei-all", type=Path, metavar="RNG", help="also check conformance to this tei_all.rng")
    _add_report_format(p, "--format", "--report-format")
    p.set_defaults(run=_build)


def _add_export(sub: argparse._SubParsersAction) -> None:
    from variorum.export import FORMATS

    formats = "\n".join(f"  {name:<8} {description}" for name, (_, description) in FORMATS.items())
    p = sub.add_parser(
        "export",
        help="TEI -> CMIF, GeoJSON, Linked Places or plain text",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.fill(
            "Export TEI documents to the formats other projects read. Identifiers in the output come from the "
            "registers of the documents (their standOff or lists, register files given among the PATHs, "
            "--authority) or are left out, never made up. Title, editors, publisher, licence and base URL come "
            "from the edition.toml beside or above the first PATH; the CMIF's date from SOURCE_DATE_EPOCH, else "
            "the newest input file.", 100),
        epilog=f"formats:\n{formats}\n\n"
        "Documents a format cannot use are skipped with a note on stderr (cmif: documents without correspDesc).\n"
        "text: --out FILE holds every document, each after the first preceded by a line holding only a form\n"
        "feed (U+000C); --out DIR/ (an existing folder, or a path ending in '/') gets one DIR/<name>.txt each.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="TEI files or folders (searched for *.xml)")
    p.add_argument("--format", required=True, metavar="FORMAT", help="one of: " + ", ".join(FORMATS))
    # Not type=Path: a final '/' (text: one file per document) must reach export() as written.
    p.add_argument("--out", required=True, metavar="OUT", help="output file (text: or folder, see below)")
    p.add_argument("--force", action="store_true", help="replace an existing output (otherwise exit 1, left untouched)")
    p.add_argument("--reading", choices=("orig", "reg"), default="orig",
                   help="text: the witness's spellings (orig, default) or the regular forms (reg)")
    p.add_argument("--authority", action="append", type=Path, metavar="PATH",
                   help="a register (or folder of them) for names the documents' own lists do not resolve; repeatable")
    _add_report_format(p, "--report-format")  # --format is the output's (contract section 2)
    p.set_defaults(run=_export)


def _add_new(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="start a new edition in a folder",
        description="Make a new edition in DIR (absent or empty; otherwise exit 1, nothing touched): edition.toml "
        "(every option commented), sources/ with an example witness, tei/authority/ with an example register, "
        ".gitignore, a CI workflow (.github/workflows/validate.yml) and a pre-commit configuration that run "
        "`variorum validate` and `variorum build --no-pdf`. `variorum build DIR` builds it at once.",
    )
    p.add_argument("dir", type=Path, metavar="DIR")
    p.add_argument("--title", metavar="TITLE", help="the edition's title (default: from the folder's name)")
    p.set_defaults(run=_new)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="build, serve on 127.0.0.1 and rebuild on every change",
        description="Build the edition in EDITION_DIR (default: the current folder) into EDITION_DIR/.variorum/site, serve it "
        "on http://127.0.0.1:PORT/ only, watch the sources, TEI, registers, templates and edition.toml, rebuild what "
        "a change touches and reload the open page. An invalid document shows its errors where its page would be; "
        "the rest of the edition stays browsable. Sources and TEI are only read (a source without TEI is encoded "
        "into the site, not into tei/). Ctrl-C stops it.",
    )
    p.add_argument("edition_dir", nargs="?", type=Path, default=Path("."), metavar="EDITION_DIR")
    p.add_argument("--port", type=int, default=8000, metavar="N", help="the port (default 8000; 0: any free port)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF edition")
    _add_report_format(p, "--format", "--report-format")
    p.set_defaults(run=_serve)


# Sub-commands, in the order --help lists them.
COMMANDS = (_add_new, _add_encode, _add_collate, _add_validate, _add_build, _add_export, _add_serve)


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
    reporter = None
    try:
        parser = build_parser()  # inside: Ctrl-C while the commands load is an interruption too
        args = parser.parse_args(argv)
        if not hasattr(args, "run"):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        reporter = args.reporter = Reporter(getattr(args, "report_format", "text"))
        status = args.run(args)
        reporter.finish()
        return status
    except VariorumError as error:
        _report_error(reporter, Diagnostic.of_error(error, "usage" if error.exit_status == EXIT_USAGE else "input"), str(error))
        return error.exit_status
    except KeyboardInterrupt:
        print("variorum: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug of ours: one line for the user, not a traceback
        message = f"internal error ({type(error).__name__}: {error}); please report it with the input that caused it"
        _report_error(reporter, Diagnostic("", None, None, "error", "internal", message), message)
        return EXIT_INTERNAL


def _report_error(reporter: Reporter | None, diagnostic: Diagnostic, text: str) -> None:
    """The error that ended a command: one line on stderr, and in the json report where one is asked for."""
    print(f"variorum: {text}", file=sys.stderr)
    if reporter is not None and reporter.format == "json":
        reporter.diagnostics.append(diagnostic)
        reporter.finish()


def run() -> None:
    """The `variorum` program: main(), then exit with its status."""
    status = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C must not turn a finished run into a traceback
    exit_with(status)


def exit_with(status: int) -> None:
    """Exit with `status`, even after a Ctrl-C that was caught.

    CPython (3.10 to 3.13 at least) notes a KeyboardInterrupt that leaves an exec() or eval() of a string — dataclasses
    and named tuples are built so, as modules load — and then ends the process by SIGINT (status -2) whatever
    the exit status; running a string of its own clears the note.
    """
    exec("")
    sys.exit(status)
