"""Look at the print edition: typeset TEI files and turn pages into PNG images.

    python scripts/render_pdf_pages.py [TEI.xml ...] --out DIR [--first 1] [--last 12] [--dpi 60] [--sheet]

Without files, the sample edition (tei/*.xml with edition.toml) is typeset;
with files, they are typeset as a foreign edition named after their folder.
Writes DIR/pdf/*.pdf, DIR/png/edition-NN.png (pdftoppm, from Debian
poppler-utils) and, with --sheet, DIR/png/sheet.png: the pages side by side.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from variorum.config import Edition, load_edition  # noqa: E402
from variorum.pipeline import document_ids  # noqa: E402
from variorum.render.pdf import PrintEdition  # noqa: E402
from variorum.document import TeiDocument  # noqa: E402
from variorum.render.xslt import Stylesheets  # noqa: E402
from variorum.xmlio import read_xml  # noqa: E402


def contact_sheet(images: list[Path], target: Path, columns: int = 5) -> None:
    from PIL import Image

    pages = [Image.open(p) for p in images]
    width, height = pages[0].size
    rows = (len(pages) + columns - 1) // columns
    sheet = Image.new("RGB", ((width + 8) * min(columns, len(pages)), (height + 8) * rows), "gray")
    for number, page in enumerate(pages):
        sheet.paste(page, ((number % columns) * (width + 8), (number // columns) * (height + 8)))
    sheet.save(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--last", type=int, default=12)
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--sheet", action="store_true", help="also put the pages side by side in one image")
    parser.add_argument("--workers", type=int, default=1)
    arguments = parser.parse_args()
    if arguments.files:
        folder = arguments.files[0].resolve().parent
        edition = Edition(root=folder, title=folder.name, tei=".")
        paths = arguments.files
    else:
        edition = load_edition(REPO)
        paths = sorted(edition.tei_dir.glob("*.xml"))
    documents = [TeiDocument(doc_id, str(p), read_xml(p).strict().getroot()) for p, doc_id in document_ids(paths).items()]
    documents.sort(key=lambda d: (d.summary.date == "", d.summary.date, d.summary.title, d.id))
    report = PrintEdition(edition, Stylesheets()).write(documents, arguments.out, workers=arguments.workers)
    print(report)
    if not shutil.which("pdftoppm"):
        print("pdftoppm not found (Debian package poppler-utils): PDFs written, no images", file=sys.stderr)
        return 0
    png = arguments.out / "png"
    png.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(arguments.dpi), "-f", str(arguments.first), "-l", str(arguments.last),
                    str(arguments.out / "pdf" / "edition.pdf"), str(png / "edition")], check=True)
    images = sorted(png.glob("edition-*.png"))
    if arguments.sheet and images:
        contact_sheet(images, png / "sheet.png")
    print(f"{len(images)} page image(s) in {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
