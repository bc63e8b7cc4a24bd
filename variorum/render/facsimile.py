"""Page images beside the text: the page contract's <facsimile> part -> images copied into the site.

An image a document points at with a relative path (surface/graphic/@url, pb/@facs, a graphic of the text) is copied into
DIR/facsimile/<document id>/, if it lies inside the edition's (or the foreign folder's) own folder and
is an image a browser shows; an image on another host stays a link and is never fetched (the page's
CSP allows images from 'self' only). Whatever is not published is said, as a diagnostic. The print
edition prints the same pictures of the text from their files (place_graphics; local_image_file is what
its url_fetcher serves).
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from lxml import etree

from variorum.diagnostics import Diagnostic

# What a browser shows in <img> without running anything (no SVG: an image that is a document).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
FOLDER = "facsimile"


@dataclass(frozen=True)
class Zone:
    """A region of a page image (a line, a word), in the surface's coordinates."""

    id: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Surface:
    """One page image: where the TEI points, where the site has it (href) or where it stays (link)."""

    id: str
    n: str  # the page it is the image of
    url: str  # as the TEI writes it
    width: float | None  # the coordinate system of its zones (None: the image's own pixels)
    height: float | None
    zones: tuple[Zone, ...] = ()
    href: str | None = None  # the copy in the site, relative to a document page
    link: str | None = None  # an image on another host: a link, never fetched

    @property
    def host(self) -> str:
        return urlsplit(self.link).hostname or "" if self.link else ""


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def read_surfaces(part: etree._Element | None) -> list[Surface]:
    """The <facsimile> part of a page -> its surfaces, in the order of the text."""
    if part is None:
        return []
    return [Surface(s.get("id"), s.get("n") or "", s.get("url") or "", _number(s.get("width")), _number(s.get("height")),
                    tuple(Zone(z.get("id"), *(float(z.get(k)) for k in "xywh")) for z in s.iter("zone")))
            for s in part.iter("surface")]


def _local_image(url: str, folder: Path, confine: Path) -> tuple[Path | None, str | None]:
    """Where a relative path of the TEI leads, if it is an image inside the folder -> (the file, None), else (None, why not)."""
    parts = urlsplit(url)
    if re.match(r"^[^/?#]*:", url) or url.startswith(("/", "\\")) or "\\" in url or not parts.path:
        return None, "is neither a relative path nor an http(s) address"
    source = (folder / unquote(parts.path)).resolve()
    if not source.is_relative_to(confine):
        return None, f"lies outside the edition's folder {confine}"
    if source.suffix.lower() not in IMAGE_SUFFIXES:
        return None, f"is not an image a browser shows ({', '.join(IMAGE_SUFFIXES)})"
    if not source.is_file():
        return None, "does not exist"
    return source, None


def _copy(source: Path, number: int, out: Path, doc_id: str, prefix: str = "") -> str:
    """Copy an image into OUT/facsimile/<doc_id>/ -> its address relative to a document page."""
    name = f"{prefix}{number:03d}-{re.sub(r'[^A-Za-z0-9._-]+', '-', source.name)}"
    target = out / FOLDER / doc_id / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return f"../{FOLDER}/{quote(doc_id)}/{quote(name)}"


def publish_images(surfaces: list[Surface], document_file: str, confine: Path, out: Path, doc_id: str) -> tuple[list[Surface], list[Diagnostic]]:
    """Copy each local image into OUT/facsimile/<doc_id>/; an image elsewhere becomes a link. -> (surfaces, diagnostics)."""
    published, found = [], []
    folder = Path(document_file).resolve().parent
    confine = confine.resolve()
    for number, surface in enumerate(surfaces, start=1):
        url = surface.url.strip()
        if re.match(r"^https?://[^/\\]", url, re.IGNORECASE):
            published.append(replace(surface, link=url))
            continue
        source, problem = _local_image(url, folder, confine)
        if problem:
            found.append(Diagnostic(document_file, None, None, "warning", "facsimile-image",
                                    f"page image {url!r} (surface {surface.id}) {problem}: it is not shown"))
            published.append(surface)
            continue
        published.append(replace(surface, href=_copy(source, number, out, doc_id)))
    return published, found


def publish_graphics(text: etree._Element | None, document_file: str, confine: Path, out: Path, doc_id: str) -> list[Diagnostic]:
    """The pictures of the text (graphic, as tei-rules.xsl makes them: <img data-graphic="relative path">) copied
    beside the page as the page images are, src pointing at the copy; one that cannot be (outside the folder,
    missing, not an image) is said by a word, its caption kept, never a link that leads nowhere. -> diagnostics."""
    return place_graphics(text, document_file, confine, lambda source, number: _copy(source, number, out, doc_id, prefix="graphic-"))


def place_graphics(text: etree._Element | None, document_file: str, confine: Path,
                   place: Callable[[Path, int], str]) -> list[Diagnostic]:
    """Each picture of the text that is an image inside `confine` (_local_image) given the src `place` makes of
    its file and its number (the web: a copy beside the page; print: the file itself); any other said by a word,
    its caption kept. -> a diagnostic for each picture not shown."""
    found = []
    if text is None:
        return found
    folder = Path(document_file).resolve().parent
    confine = confine.resolve()
    for number, img in enumerate(text.xpath(".//img[@data-graphic]"), start=1):
        url = img.attrib.pop("data-graphic").strip()
        source, problem = _local_image(url, folder, confine)
        if source is not None:
            img.set("src", place(source, number))
            continue
        found.append(Diagnostic(document_file, None, None, "warning", "graphic-image",
                                f"picture {url!r} {problem}: it is not shown (its caption stays)"))
        kept = etree.Element("span", {"class": "graphic missing", "title": f"picture not published: {url}"})
        kept.text = "[picture]"  # its description is the figure's caption
        kept.tail = img.tail
        img.getparent().replace(img, kept)
    return found


def local_image_file(url: str, confine: Path) -> Path | None:
    """The file a file: URL names (place_graphics' print src), if it is an image inside `confine` once every link
    is followed; else None. What the print edition's url_fetcher serves, and all it serves."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    from urllib.request import url2pathname  # here: urllib.request loads http, email and ssl, 16 ms of every build

    source = Path(url2pathname(unquote(parts.path))).resolve()
    inside = source.is_relative_to(confine.resolve()) and source.suffix.lower() in IMAGE_SUFFIXES and source.is_file()
    return source if inside else None
