"""The print edition's keyed layouts on other projects' TEI: each file of the interop corpus printed alone.

    python scripts/print_interop.py [FOLDER] [--all]        (default: ../shared/interop)

For each TEI file (up to 700 kB unless --all: the novels and dictionaries take minutes each) one line: whether
its layouts settled (render/lines), how many layouts it took, its pages, its blocks left at the foot of another
page than their own (misplaced), its pages whose apparatus runs past the foot (overfull: not all printed), and
the seconds. Run it before and after a change to the layout rules and compare the lines (`diff`).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LARGEST = 700_000  # bytes: larger files only with --all


def main(folder: Path, every: bool) -> int:
    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.render.pdf import DocumentPrinter
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml

    printer = DocumentPrinter(load_edition(REPO), Stylesheets())
    for path in sorted(folder.glob("*.xml")):
        if not every and path.stat().st_size > LARGEST:
            continue
        try:
            document = TeiDocument(path.stem, str(path), read_xml(path).strict().getroot())
        except Exception as error:  # not TEI we can read (the corpus holds some on purpose)
            print(f"{path.name:60} not read: {type(error).__name__}", flush=True)
            continue
        start = time.perf_counter()
        try:
            printed = printer.print(document)
        except Exception as error:
            print(f"{path.name:60} not typeset: {type(error).__name__}: {error}", flush=True)
            continue
        print(f"{path.name:60} settled {printed.settled!s:5} layouts {printed.layouts} pages {printed.pages:4} "
              f"misplaced {len(printed.misplaced)} overfull {len(printed.overfull)} {time.perf_counter() - start:6.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        sys.exit(0)
    arguments = [a for a in sys.argv[1:] if a != "--all"]
    corpus = Path(arguments[0]) if arguments else REPO.parent / "shared" / "interop"
    if not corpus.is_dir():
        sys.exit(f"print_interop: no folder {corpus} (give the interop corpus's folder)")
    sys.exit(main(corpus, "--all" in sys.argv[1:]))
