"""The book holds each face once: the subsets of its parts merged glyph by glyph (render/font_subsets), and every
page drawn as before, pixel for pixel."""
import io
import shutil
import subprocess

import pytest

from variorum.render.font_subsets import merge_truetype, share_fonts

pikepdf = pytest.importorskip("pikepdf")
weasyprint = pytest.importorskip("weasyprint")

PARTS = ["<p>Nanking and Port Arthur, <i>Lüshun</i>.</p>", "<p>Kuomintang — <b>Guomindang</b>, 1949: Дальний λόγος.</p>",
         "<p><i>Yalta</i> agreement; <b>Zhou Enlai</b> (周恩来).</p>"]


def font_files(pdf) -> dict[str, set]:
    found: dict[str, set] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj:
            found.setdefault(str(obj.FontName), set()).add(obj.FontFile2.objgen)
    return found


def pages_as_png(data: bytes, folder) -> list[bytes]:
    folder.mkdir()
    (folder / "book.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "96", "-png", str(folder / "book.pdf"), str(folder / "page")], check=True)
    return [path.read_bytes() for path in sorted(folder.glob("page*.png"))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is needed")
def test_parts_merged_into_one_font_a_face_draw_the_same_pages(tmp_path):
    css = "@page { size: 120mm 60mm; } html { font-family: 'Noto Serif', serif; font-size: 14pt; }"
    book = pikepdf.new()
    parts = [pikepdf.open(io.BytesIO(weasyprint.HTML(string=f"<style>{css}</style>{html}").write_pdf())) for html in PARTS]
    for part in parts:
        book.pages.extend(part.pages)
    before = io.BytesIO()
    book.save(before)
    merged_book = pikepdf.open(io.BytesIO(before.getvalue()))
    assert max(len(files) for files in font_files(merged_book).values()) == 3, "the parts each embed the regular face"
    assert share_fonts(merged_book) >= 2
    assert all(len(files) == 1 for files in font_files(merged_book).values())
    after = io.BytesIO()
    merged_book.save(after)
    assert len(after.getvalue()) < len(before.getvalue())
    assert pages_as_png(after.getvalue(), tmp_path / "after") == pages_as_png(before.getvalue(), tmp_path / "before")


def test_what_is_not_one_truetype_face_is_left_alone():
    assert merge_truetype([b"not a font", b"nor this"]) is None
