"""Benchmark of the print edition: N documents -> edition.pdf and N per-document PDFs (its parts).

    python scripts/bench_pdf.py 100 [--workers 2] [--out DIR]

The documents are the sample edition's TEI files, copied round-robin under new
ids (so every document has the sample's density of names, notes and page
breaks). Prints pages/s, documents/s, seconds (wall clock, and CPU of all
processes) and peak memory (the main process and the largest worker).
"""
from __future__ import annotations

import argparse
import copy
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from variorum.config import load_edition  # noqa: E402
from variorum.document import TeiDocument  # noqa: E402
from variorum.render.pdf import PrintEdition  # noqa: E402
from variorum.render.xslt import Stylesheets  # noqa: E402
from variorum.xmlio import read_xml  # noqa: E402


def documents(count: int) -> list:
    edition = load_edition(REPO)
    samples = [read_xml(p).strict().getroot() for p in sorted(edition.tei_dir.glob("*.xml"))]
    return [TeiDocument(f"doc{n:05d}", f"doc{n:05d}.xml", copy.deepcopy(samples[n % len(samples)])) for n in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, help="number of documents")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: a temporary one, removed)")
    arguments = parser.parse_args()
    edition = load_edition(REPO)
    docs = documents(arguments.count)
    out = arguments.out or Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    started = time.perf_counter()
    report = PrintEdition(edition, Stylesheets()).write(docs, out, workers=arguments.workers)
    seconds = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    main_peak, worker_peak = own.ru_maxrss / 1024, children.ru_maxrss / 1024
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    edition_size = (out / "pdf" / "edition.pdf").stat().st_size / 1e6
    print(f"documents: {report.documents}, workers: {arguments.workers or 'one per core'}")
    print(f"pages: {report.pages} in edition.pdf ({edition_size:.1f} MB); the per-document PDFs are its pages and an offprint "
          f"note each ({report.document_pages})" + (f"; pages moved in the final layout: {', '.join(report.moved)}" if report.moved else ""))
    print(f"seconds: {seconds:.1f} ({report.seconds:.1f} in PrintEdition.write: "
          + ", ".join(f"{step} {value:.1f}" for step, value in report.steps.items()) + ")")
    print(f"pages/s: {report.pages / seconds:.2f} (edition.pdf)")
    print(f"documents/s: {report.documents / seconds:.2f}")
    print(f"CPU seconds: {cpu:.1f} (all processes; other programs on the same cores lengthen the wall time, not this)")
    print(f"peak memory: {main_peak:.0f} MB main process, {worker_peak:.0f} MB largest worker")
    if arguments.out is None:
        shutil.rmtree(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
