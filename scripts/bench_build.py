"""Benchmark of the build: a generated edition of N documents through encode and the web edition.

    python scripts/bench_build.py [N ...] [--pdf]                  (default: 100 1000)
    python scripts/bench_build.py --incremental [N ...] [--pdf] [--compare] [--keep DIR]

For each N, in a fresh process: generate N plain-text witnesses
(scripts/generate_edition.py), encode them (variorum.encode), then render the
web edition (variorum.render.site, stylesheet compiled once) and print
documents/s for each stage and the peak memory of the process, so that
growth with N can be read off. With --pdf also the print edition
(variorum.render.pdf: every document laid out in parallel, then the book put
together from its parts): its seconds, the book's pages/s and seconds per page, how many documents
were laid out once, twice and more (keyed by line: render/lines),
the peak memory of the process and of its workers (RUSAGE_CHILDREN: the largest
worker), the seconds of each of its steps; and the anchor: plain WeasyPrint
laying out, in one process (its own, so that its memory is not counted as the
edition's), a plain book of as many pages and footnotes (generated HTML:
paragraphs of words, footnotes spread evenly), its pages/s on one core.

With --incremental, `variorum build` itself (variorum.pipeline.build, web only
unless --pdf) on the encoded edition: a full build, then one document
changed, then one register entry changed (Yalta's regular form; the figure
says how many documents name it), each an incremental build, with the peak
memory of the process. --compare adds a clean build of the changed edition
into another folder and says whether every file is byte-identical to the
incremental result. Each incremental figure twice: `build()` in this process,
and `variorum build` as the editor runs it (a process of its own, wall time:
its imports and start-up too). --keep DIR keeps the edition and its site in
DIR/N/ and takes them from there the next time (the full build is then not
made nor timed; a build first brings the kept site up to date), so that
one-document builds can be timed and profiled again and again.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]


def run_one(count: int, pdf: bool = False) -> dict:
    from generate_edition import generate

    from variorum.authority import NameIndex, load_registry
    from variorum.config import load_edition
    from variorum.document import TeiDocument
    from variorum.encode import encode_bytes
    from variorum.render.site import Site
    from variorum.render.xslt import Stylesheets
    from variorum.xmlio import read_xml, write_atomic

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
            site.add_document(TeiDocument(path.stem, str(path), read_xml(data, str(path)).strict().getroot()), data)
        site.finish()
        html_seconds = time.perf_counter() - start
        pdf_figures = {}
        if pdf:
            from variorum.render.pdf import PrintEdition

            start, cpu = time.perf_counter(), cpu_seconds()
            order = {s.id: n for n, s in enumerate(site.ordered_documents())}
            printable = sorted((TeiDocument(p.stem, str(p), read_xml(p.read_bytes(), str(p)).strict().getroot())
                                for p in edition.tei_dir.glob("*.xml")), key=lambda document: order[document.id])
            report = PrintEdition(edition, Stylesheets()).write(printable, root / "site")
            seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
            pdf_figures = {"pdf_seconds": round(seconds, 1), "pdf_cpu_seconds": round(cpu, 1), "edition_pages": report.pages,
                           "document_pages": report.document_pages, "notes": report.notes,
                           "pdf_pages_per_s": round(report.pages / seconds, 2),
                           "pdf_ms_per_page": round(1000 * seconds / report.pages, 1),
                           "pdf_steps": report.steps, "moved": len(report.moved),
                           "layouts": {str(n): count for n, count in report.layouts.items()},
                           "edition_mb": round((root / "site" / "pdf" / "edition.pdf").stat().st_size / 1e6, 1),
                           "children_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
    return {
        "documents": count,
        "encode_seconds": round(encode_seconds, 2),
        "encode_docs_per_s": round(count / encode_seconds, 1),
        "html_seconds": round(html_seconds, 2),
        "html_docs_per_s": round(count / html_seconds, 1),
        "site_mb": round(size / 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **pdf_figures,
    }


WORDS = ("the of and to in that was his with as for had it by on at not which be from this were but all he "
         "negotiations telegram comrade government delegation question treaty agreement commission conference "
         "proposal railway port question answer meeting minister committee political economic").split()
ANCHOR_CSS = """@page { size: 156mm 234mm; margin: 20mm 20mm 22mm 24mm; @top-right { content: counter(page); font-size: 8.5pt; }
  @footnote { border-top: 0.4pt solid black; margin-top: 9pt; padding-top: 4pt; font-size: 8pt; line-height: 10.5pt; } }
html { font-family: "Noto Serif", serif; font-size: 10pt; line-height: 13.5pt; }
p { margin: 0; text-indent: 1.2em; text-align: justify; } h1 { font-size: 13pt; break-before: page; }
.fn { float: footnote; footnote-display: inline; } .fn::footnote-call { content: counter(footnote); font-size: 6pt; vertical-align: 3.5pt; }"""


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the print workers, once the pool is shut)."""
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))


def anchor_html(paragraphs: int, notes: int) -> str:
    """A plain book: chapters of paragraphs of some 90 words, `notes` footnotes spread evenly over them."""
    import random

    rng = random.Random(0)
    parts, placed = [f"<style>{ANCHOR_CSS}</style>"], 0
    for number in range(paragraphs):
        if number % 12 == 0:
            parts.append(f"<h1>Chapter {number // 12 + 1}</h1>")
        words = [rng.choice(WORDS) for _ in range(90)]
        due = round((number + 1) * notes / paragraphs) - placed
        for note in range(due):
            at = (note + 1) * len(words) // (due + 1)
            words[at] += f'<span class="fn">Note {placed + note + 1}: {" ".join(rng.choice(WORDS) for _ in range(9))}.</span>'
        placed += due
        parts.append(f"<p>{' '.join(words)}.</p>")
    return "".join(parts)


def run_anchor(pages: int, notes: int) -> dict:
    """Plain WeasyPrint on one core: a plain book of about `pages` pages and `notes` footnotes, laid out and written."""
    from weasyprint import HTML

    sample, paragraphs = 60, pages * 3  # how many paragraphs make `pages` pages: from two samples of the book's density
    for _ in range(2):
        laid_out = HTML(string=anchor_html(sample, round(notes * sample / paragraphs))).render()
        paragraphs = max(1, round(pages * sample / len(laid_out.pages)))
    html = anchor_html(paragraphs, notes)
    start, cpu = time.perf_counter(), cpu_seconds()
    document = HTML(string=html).render()
    document.write_pdf()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {"anchor_pages": len(document.pages), "anchor_notes": notes, "anchor_seconds": round(seconds, 1),
            "anchor_cpu_seconds": round(cpu, 1),
            "anchor_pages_per_s": round(len(document.pages) / seconds, 2),
            "anchor_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_incremental(count: int, pdf: bool = False, compare: bool = False, keep: Path | None = None) -> dict:
    import io

    from generate_edition import generate

    from variorum.authority import NameIndex, load_registry
    from variorum.config import load_edition
    from variorum.diagnostics import Reporter
    from variorum.encode import encode_bytes
    from variorum.pipeline import build
    from variorum.xmlio import write_atomic

    def timed_build(out: Path) -> float:
        start = time.perf_counter()
        build(root, out, pdf=pdf, reporter=Reporter(stream=io.StringIO()))
        return round(time.perf_counter() - start, 2)

    def timed_command(out: Path) -> float:
        """`variorum build` as the editor runs it: a process of its own, wall time."""
        command = [sys.executable, "-m", "variorum", "build", str(root), "--out", str(out)] + ([] if pdf else ["--no-pdf"])
        start = time.perf_counter()
        subprocess.run(command, cwd=REPO, capture_output=True, check=True)
        return round(time.perf_counter() - start, 2)

    def change_document() -> None:  # each time another change
        document.write_text(document.read_text(encoding="utf-8").replace("</p>", " Amended.</p>", 1), encoding="utf-8")

    def change_entry() -> None:  # Yalta's regular form, to the other one each time
        text = register.read_text(encoding="utf-8")
        forms = ['<placeName type="reg">Yalta</placeName>', '<placeName type="reg">Yalta (Crimea)</placeName>']
        if forms[1] in text:
            forms.reverse()
        register.write_text(text.replace(forms[0], forms[1]), encoding="utf-8")

    with tempfile.TemporaryDirectory() as folder:
        base = keep or Path(folder)
        root, site = base / "edition", base / "site"
        figures = {"documents": count}
        if not site.is_dir():  # else a kept edition, built before: its full build is not timed again
            shutil.rmtree(base / "edition", ignore_errors=True)
            sources = generate(root, count)
            edition = load_edition(root)
            registry = load_registry([edition.authority_dir])
            index = NameIndex(registry)
            for source in sources:
                write_atomic(edition.tei_dir / f"{source.stem}.xml", encode_bytes(source.read_bytes(), source.name, registry, index))
            figures["full_seconds"] = timed_build(site)
        edition = load_edition(root)
        document, register = edition.tei_dir / f"doc{count // 2:05d}.xml", edition.authority_dir / "places.xml"
        timed_build(site)  # whatever changed since the edition was kept (variorum's code: everything)
        change_document()
        figures["one_document_seconds"] = timed_build(site)
        change_document()
        figures["one_document_command_seconds"] = timed_command(site)
        change_entry()
        figures["naming"] = sum(b'ref="#yalta"' in p.read_bytes() for p in edition.tei_dir.glob("*.xml"))
        figures["one_entry_seconds"] = timed_build(site)
        change_entry()
        figures["one_entry_command_seconds"] = timed_command(site)
        if compare:
            clean = Path(folder) / "clean"
            figures["clean_seconds"] = timed_build(clean)
            files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
            figures["identical"] = files == sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file()) and all(
                (site / name).read_bytes() == (clean / name).read_bytes() for name in files)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def main_incremental(counts: list[int], pdf: bool, compare: bool, keep: Path | None) -> None:
    print(f"{'documents':>9} {'full s':>8} {'1 doc s':>8} {'command':>8} {'%':>6} {'1 entry s':>9} {'command':>8} "
          f"{'naming it':>9} {'peak MB':>8}" + (f" {'clean s':>8} {'identical':>9}" if compare else "")
          + ("   (with the PDF edition)" if pdf else "   (web)"))
    for count in counts:
        command = [sys.executable, __file__, "--one-incremental", str(count)] + (["--pdf"] if pdf else []) + (
            ["--compare"] if compare else []) + (["--keep", str(keep / str(count))] if keep else [])
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        f = json.loads(result.stdout.splitlines()[-1])
        full = f.get("full_seconds", "kept")
        share = round(100 * f["one_document_command_seconds"] / full, 1) if full != "kept" else "-"
        print(f"{f['documents']:>9} {full:>8} {f['one_document_seconds']:>8} {f['one_document_command_seconds']:>8} {share:>6} "
              f"{f['one_entry_seconds']:>9} {f['one_entry_command_seconds']:>8} {f['naming']:>9} {f['peak_rss_mb']:>8}"
              + (f" {f['clean_seconds']:>8} {str(f['identical']):>9}" if compare else "")
              + f"   (load average {' '.join(f'{n:.1f}' for n in os.getloadavg())})")


def main(counts: list[int], pdf: bool) -> None:
    print(f"{'documents':>9} {'encode s':>9} {'encode/s':>9} {'html s':>8} {'html/s':>8} {'site MB':>8} {'peak MB':>8}"
          + (f" {'pdf s':>8} {'pages':>7} {'pages/s':>8} {'ms/page':>8} {'workers MB':>10}" if pdf else ""))
    for count in counts:
        command = [sys.executable, __file__, "--one", str(count)] + (["--pdf"] if pdf else [])
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        figures = json.loads(result.stdout.splitlines()[-1])
        print(f"{figures['documents']:>9} {figures['encode_seconds']:>9} {figures['encode_docs_per_s']:>9} "
              f"{figures['html_seconds']:>8} {figures['html_docs_per_s']:>8} {figures['site_mb']:>8} {figures['peak_rss_mb']:>8}"
              + (f" {figures['pdf_seconds']:>8} {figures['edition_pages']:>7} {figures['pdf_pages_per_s']:>8} "
                 f"{figures['pdf_ms_per_page']:>8} {figures['children_peak_mb']:>10}" if pdf else "")
              + f"   (load average {' '.join(f'{n:.1f}' for n in os.getloadavg())})", flush=True)
        if pdf:  # where the print edition's time goes, and plain WeasyPrint on a plain book of its size
            steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in figures["pdf_steps"].items())
            print(f"{'':>9} print edition: {figures['edition_pages']} pages in edition.pdf ({figures['edition_mb']} MB, "
                  f"{figures['notes']} apparatus entries), {figures['document_pages']} in the per-document PDFs (each its pages "
                  f"of the book and the offprint note); {steps}; layouts of a document: "
                  + ", ".join(f"{n} ({count} documents)" for n, count in figures["layouts"].items())
                  + (f"; {figures['moved']} document(s) moved" if figures["moved"] else ""),
                  flush=True)
            # On a shared machine the wall clock says more of the others than of us: CPU seconds a page too, and what
            # they come to on a quiet machine (the edition's CPU spread over every core, the anchor's on one).
            edition_cpu = figures["pdf_cpu_seconds"] / figures["edition_pages"]
            print(f"{'':>9} CPU: the edition {figures['pdf_cpu_seconds']} s ({1000 * edition_cpu:.0f} ms a page): "
                  f"{os.cpu_count() / edition_cpu:.2f} pages/s on {os.cpu_count()} cores on a quiet machine", flush=True)
            command = [sys.executable, __file__, "--anchor", str(figures["edition_pages"]), str(figures["notes"])]
            anchor = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()[-1])
            anchor_cpu = anchor["anchor_cpu_seconds"] / anchor["anchor_pages"]
            print(f"{'':>9} anchor: plain WeasyPrint, one process, a plain book of {anchor['anchor_pages']} pages and "
                  f"{anchor['anchor_notes']} footnotes: {anchor['anchor_seconds']} s, {anchor['anchor_pages_per_s']} pages/s, "
                  f"CPU {anchor['anchor_cpu_seconds']} s ({1000 * anchor_cpu:.0f} ms a page), peak {anchor['anchor_peak_mb']} MB; "
                  f"the edition on {os.cpu_count()} cores: {figures['pdf_pages_per_s'] / anchor['anchor_pages_per_s']:.2f} × the "
                  f"anchor's pages/s (quiet machine, from CPU seconds: {anchor_cpu * os.cpu_count() / edition_cpu:.2f} ×)"
                  f"   (load average {' '.join(f'{n:.1f}' for n in os.getloadavg())})", flush=True)


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        sys.exit(0)
    pdf, compare, incremental = "--pdf" in sys.argv, "--compare" in sys.argv, "--incremental" in sys.argv
    arguments = [a for a in sys.argv[1:] if a not in ("--pdf", "--compare", "--incremental")]
    keep = None
    if "--keep" in arguments:  # --keep DIR: the edition and its site kept in DIR/N/, built only if not there
        at = arguments.index("--keep")
        keep = Path(arguments[at + 1]).resolve()
        del arguments[at:at + 2]
    if arguments[:1] == ["--one"]:
        print(json.dumps(run_one(int(arguments[1]), pdf)))
    elif arguments[:1] == ["--anchor"]:
        print(json.dumps(run_anchor(int(arguments[1]), int(arguments[2]))))
    elif arguments[:1] == ["--one-incremental"]:
        print(json.dumps(run_incremental(int(arguments[1]), pdf, compare, keep)))
    elif incremental:
        main_incremental([int(n) for n in arguments] or [100, 1000], pdf, compare, keep)
    else:
        main([int(n) for n in arguments] or [100, 1000], pdf)
