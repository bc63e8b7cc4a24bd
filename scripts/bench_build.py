"""Benchmark of the build: a generated edition of N documents through encode and the web edition.

    python scripts/bench_build.py [N ...]      (default: 100 1000)

For each N, in a fresh process: generate N plain-text witnesses
(scripts/generate_edition.py), encode them (variorum.encode), then render the
web edition (variorum.render.site, stylesheet compiled once) and print
documents/s for each stage and the peak memory of the process, so that
growth with N can be read off.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]


def run_one(count: int) -> dict:
    from generate_edition import generate

    from variorum.authority import NameIndex, load_registry
    from variorum.config import load_edition
    from variorum.encode import encode_bytes
    from variorum.render.site import Site
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import parse_xml_bytes, write_atomic

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sources = generate(root, count)
        edition = load_edition(root)
        registry = load_registry([edition.authority_dir])
        index = NameIndex(registry)
        start = time.perf_counter()
        for source in sources:
            write_atomic(edition.tei_dir / f"{source.stem}.xml", encode_bytes(source.read_bytes(), source.name, registry, index))
        encode_seconds = time.perf_counter() - start

        start = time.perf_counter()
        site = Site(edition, root / "site", Stylesheets())
        for path in sorted(edition.tei_dir.glob("*.xml")):
            data = path.read_bytes()
            site.add_document(path.stem, data, parse_xml_bytes(data, str(path)).getroot())
        site.finish()
        html_seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
    return {
        "documents": count,
        "encode_seconds": round(encode_seconds, 2),
        "encode_docs_per_s": round(count / encode_seconds, 1),
        "html_seconds": round(html_seconds, 2),
        "html_docs_per_s": round(count / html_seconds, 1),
        "site_mb": round(size / 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(counts: list[int]) -> None:
    print(f"{'documents':>9} {'encode s':>9} {'encode/s':>9} {'html s':>8} {'html/s':>8} {'site MB':>8} {'peak MB':>8}")
    for count in counts:
        result = subprocess.run([sys.executable, __file__, "--one", str(count)], capture_output=True, text=True, check=True)
        figures = json.loads(result.stdout.splitlines()[-1])
        print(f"{figures['documents']:>9} {figures['encode_seconds']:>9} {figures['encode_docs_per_s']:>9} "
              f"{figures['html_seconds']:>8} {figures['html_docs_per_s']:>8} {figures['site_mb']:>8} {figures['peak_rss_mb']:>8}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run_one(int(sys.argv[2]))))
    else:
        main([int(n) for n in sys.argv[1:]] or [100, 1000])
