"""Places -> GeoJSON (RFC 7946): a FeatureCollection, one Feature per place the documents name.

    geometry    Point [longitude, latitude] (TEI geo is "lat long": the order turns),
                null where the register gives no coordinates
    id          the register's xml:id (or the URI the text points at)
    properties  id, name (regular form), forms (as the texts write them), occurrences,
                documents [{id, title, occurrences, url}], identifiers (the register's URIs)
"""
from __future__ import annotations

import json
import re

from variorum.diagnostics import Reporter
from variorum.export.documents import Document, Settings
from variorum.export.places import Place, gather_places


def point(place: Place) -> dict | None:
    if place.lat_long is None:
        return None
    lat, long = place.lat_long
    return {"type": "Point", "coordinates": [long, lat]}


def document_entries(place: Place, settings: Settings) -> list[dict]:
    entries = []
    for document in place.documents:
        entry = {"id": document.id, "title": document.title, "occurrences": place.counts[document.id]}
        if settings.page(document):
            entry["url"] = settings.page(document)
        entries.append(entry)
    return entries


def feature(place: Place, settings: Settings) -> dict:
    return {
        "type": "Feature",
        "id": place.key,
        "geometry": point(place),
        "properties": {
            "id": place.key,
            "name": place.name,
            "forms": list(place.forms),
            "occurrences": place.occurrences,
            "documents": document_entries(place, settings),
            "identifiers": place.uris,
        },
    }


# A list of numbers (coordinates) as json.dumps(indent=2) spreads it over lines.
_NUMBER_LIST = re.compile(r"\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]")


def dump(data: dict) -> bytes:
    """JSON as variorum writes it: UTF-8, keys in the order made, two-space indent, coordinates
    on one line ([lon, lat]), final newline."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _NUMBER_LIST.sub(lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]", text)
    return (text + "\n").encode("utf-8")


def geojson(documents: list[Document], settings: Settings, report: Reporter) -> bytes:
    places = gather_places(documents, report)
    return dump({"type": "FeatureCollection", "features": [feature(p, settings) for p in places]})
