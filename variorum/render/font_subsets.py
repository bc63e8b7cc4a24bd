"""One font file for each face of the book: the subsets its parts embed, merged (render/pdf, step 4).

Each part of the print edition (a document's body, its apparatus layer, its sheets) is a
PDF of its own, with a subset of each font it uses: the book would hold a face as many
times as it has parts. WeasyPrint subsets TrueType fonts keeping the glyph ids of the font
(harfbuzz's RETAIN_GIDS) and names a face the same way in every PDF (a tag made from its
description: `HUQPOW+Noto-Serif`), so the subsets of one face are the same font with other
glyphs left empty. `share_fonts` merges them glyph by glyph (each glyph and its metrics
from a subset that has it) into one font file that every part's font of that face points
at; each part keeps its own widths and ToUnicode map, which are all a PDF reader takes
from its font dictionary. Subsets that do not agree on what must be one face's (the
tables other than the glyphs, their metrics and the font's limits), or are not TrueType
(CFF, as Noto Serif CJK's), are left as they are.
"""
from __future__ import annotations

import io
import struct
from array import array

# What a rasteriser reads besides the glyphs: must be the same in every subset merged.
SAME = ("fpgm", "prep", "cvt ", "gasp")


def _big_endian(code: str, data: bytes) -> array:
    values = array(code, data[:len(data) - len(data) % array(code).itemsize])
    if struct.pack("=H", 1) != struct.pack(">H", 1):
        values.byteswap()
    return values


class _Subset:
    """A TrueType subset's glyphs and metrics, read from its raw tables."""

    def __init__(self, data: bytes):
        from fontTools.ttLib.sfnt import SFNTReader

        reader = SFNTReader(io.BytesIO(data))
        self.tables = {tag: reader[tag] for tag in reader.keys()}
        head, maxp, hhea, hmtx = (self.tables[tag] for tag in ("head", "maxp", "hhea", "hmtx"))
        self.glyphs = struct.unpack(">H", maxp[4:6])[0]
        if struct.unpack(">h", head[50:52])[0] == 1:
            offsets = list(_big_endian("L" if array("L").itemsize == 4 else "I", self.tables["loca"]))
        else:
            offsets = [2 * offset for offset in _big_endian("H", self.tables["loca"])]
        if len(offsets) < self.glyphs + 1:
            raise ValueError("a loca table shorter than its glyphs")
        metrics = struct.unpack(">H", hhea[34:36])[0]
        pairs = _big_endian("h", hmtx[:4 * metrics])
        bearings = list(pairs[1::2]) + list(_big_endian("h", hmtx[4 * metrics:4 * metrics + 2 * (self.glyphs - metrics)]))
        advances = [advance & 0xFFFF for advance in pairs[0::2]]
        glyf = self.tables["glyf"]
        # The glyphs the subset holds (the others are empty), with their metrics.
        self.held = {gid: (glyf[offsets[gid]:offsets[gid + 1]], advances[min(gid, metrics - 1)], bearings[gid])
                     for gid in range(self.glyphs) if offsets[gid + 1] > offsets[gid]}


def merge_truetype(fonts: list[bytes]) -> bytes | None:
    """The subsets of one TrueType face as one font (None when they are not that)."""
    from fontTools.ttLib import TTLibError
    from fontTools.ttLib.sfnt import SFNTWriter

    try:
        subsets = [_Subset(data) for data in fonts]
    except (TTLibError, KeyError, ValueError, struct.error, IndexError, AssertionError):
        return None
    base = subsets[0]
    for subset in subsets[1:]:
        if set(subset.tables) != set(base.tables) or any(subset.tables.get(tag) != base.tables.get(tag) for tag in SAME):
            return None
        if subset.tables["head"][18:20] != base.tables["head"][18:20]:  # unitsPerEm
            return None
    count = max(subset.glyphs for subset in subsets)
    held: dict[int, tuple[bytes, int, int]] = {}
    for subset in subsets:
        for gid, glyph in subset.held.items():
            held.setdefault(gid, glyph)
    glyf, offsets, metrics = bytearray(), [], []
    for gid in range(count):
        data, advance, bearing = held.get(gid, (b"", 0, 0))
        offsets.append(len(glyf))
        glyf += data + b"\0" * (-len(data) % 4)
        metrics.append((advance, bearing))
    offsets.append(len(glyf))
    head = bytearray(base.tables["head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: the writer computes it
    head[50:52] = struct.pack(">h", 1)  # long offsets
    hhea = bytearray(base.tables["hhea"])
    hhea[34:36] = struct.pack(">H", count)
    hhea[10:12] = struct.pack(">H", max(advance for advance, _ in metrics))  # advanceWidthMax
    maxp = bytearray(base.tables["maxp"])
    maxp[4:6] = struct.pack(">H", count)
    if len(maxp) >= 32:  # version 1.0: the font's limits, the largest of the subsets'
        for at in range(6, 32, 2):
            maxp[at:at + 2] = struct.pack(">H", max(struct.unpack(">H", subset.tables["maxp"][at:at + 2])[0] for subset in subsets))
    tables = dict(base.tables)
    tables.update({"glyf": bytes(glyf), "loca": struct.pack(f">{len(offsets)}I", *offsets),
                   "hmtx": b"".join(struct.pack(">Hh", advance, bearing) for advance, bearing in metrics),
                   "head": bytes(head), "hhea": bytes(hhea), "maxp": bytes(maxp)})
    stream = io.BytesIO()
    writer = SFNTWriter(stream, len(tables))
    for tag in sorted(tables):
        writer[tag] = tables[tag]
    writer.close()
    return stream.getvalue()


def share_fonts(pdf) -> int:
    """Every face of a pikepdf.Pdf put in one font file, the subsets of its parts merged. The faces merged."""
    import pikepdf

    faces: dict[str, list] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj:
            faces.setdefault(str(obj.get("/FontName")), []).append(obj)
    merged = 0
    for descriptors in faces.values():
        streams = list({d.FontFile2.objgen: d.FontFile2 for d in descriptors}.values())
        if len(streams) < 2:
            continue
        font = merge_truetype([stream.read_bytes() for stream in streams])
        if font is None:
            continue
        shared = pdf.make_indirect(pikepdf.Stream(pdf, font))
        shared.Length1 = len(font)
        for descriptor in descriptors:
            descriptor.FontFile2 = shared
        merged += 1
    return merged
