"""The places the documents name, gathered once for the map formats (geojson, lpf).

A place is what a `placeName` (or `geogName`) of a document's header or text
points at: an entity of the document's register (`@ref="#nanjing"`), else an
authority URI written in `@ref`. Its coordinates come from the register only
(`location/geo`, read by `variorum.authority` as "lat long"); a place without
them has none: they are never guessed. Names without @ref identify no place
and are counted in a note.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from variorum.authority import Entity
from variorum.document import dating
from variorum.diagnostics import Reporter
from variorum.export.documents import (
    Document,
    occurrences,
    text_of,
    uris_of_ref,
)
from variorum.xmlio import tei

PLACE_NAMES = ("placeName", "geogName")


@dataclass
class Place:
    key: str  # the register's xml:id, or the URI a name points at
    name: str  # the regular form
    entity: Entity | None = None
    uris: list[str] = field(default_factory=list)
    lat_long: tuple[float, float] | None = None
    forms: dict[str, list[Document]] = field(default_factory=dict)  # form as written -> documents using it
    counts: dict[str, int] = field(default_factory=dict)  # document id -> occurrences
    documents: list[Document] = field(default_factory=list)
    dates: list[dict[str, str]] = field(default_factory=list)  # of the documents (letters) naming it
    form_dates: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # form -> dates of its uses

    @property
    def occurrences(self) -> int:
        return sum(self.counts.values())

    def lang_of(self, form: str) -> str | None:
        if self.entity is None:
            return None
        return next((f.lang for f in self.entity.forms if f.text == form and f.lang), None)


def coordinates(entity: Entity, document: Document, report: Reporter) -> tuple[float, float] | None:
    """(lat, long) of a register entry, checked to lie on the globe."""
    if not entity.geo:
        return None
    try:
        lat, long = (float(v) for v in entity.geo.split()[:2])
    except ValueError:
        lat = long = float("nan")
    if -90 <= lat <= 90 and -180 <= long <= 180:
        return lat, long
    report.note(f"place '{entity.id}': the coordinates '{entity.geo}' are not 'latitude longitude' on the globe; "
                "left out (declare 'long lat' in the register's geoDecls if that is their order)", entity.source or document.path, rule="places")
    return None


def occurrence_dates(document: Document, element) -> list[dict[str, str]]:
    """The dates of the letter a name occurs in: its correspDesc's (in a file of many letters,
    such as CMIF), else the document's own."""
    desc = next(element.iterancestors(tei("correspDesc")), None)
    if desc is not None:
        return [d for d in (dating(e) for e in desc.iterfind(f"{tei('correspAction')}/{tei('date')}")) if d][:1]
    return document.dates


def _add_dates(into: list[dict[str, str]], dates: list[dict[str, str]]) -> None:
    for date in dates:
        if date not in into:
            into.append(date)


def _merge(place: Place, entity: Entity, document: Document, report: Reporter) -> None:
    """Another document's copy of the same register entry: its identifiers and coordinates join
    the place's; a different regular form or other coordinates are reported, the first kept."""
    if entity.regular.text != place.name:
        report.note(f"place '{place.key}' is '{entity.regular.text}' here but '{place.name}' in "
                    f"{place.documents[0].path}; the first is exported", document.path, rule="places")
    for uri in entity.uris:
        if uri not in place.uris:
            place.uris.append(uri)
    lat_long = coordinates(entity, document, report)
    if place.lat_long is None:
        place.lat_long = lat_long
    elif lat_long is not None and lat_long != place.lat_long:
        report.note(f"place '{place.key}' has the coordinates {entity.geo} here but others in "
                    f"{place.documents[0].path}; the first are exported", document.path, rule="places")
    place.entity = entity if place.entity is None else place.entity


def gather_places(documents: list[Document], report: Reporter) -> list[Place]:
    """Every place the documents name, sorted by key."""
    places: dict[str, Place] = {}
    unidentified = 0
    merged: set[tuple[str, int]] = set()  # (place, another document's copy of its entry) already merged
    for document in documents:
        for tag in PLACE_NAMES:
            for element in occurrences(document, tag):
                entity = document.entity(element)
                if entity is not None and entity.kind != "place":
                    report.note(f"<{tag} ref=\"#{entity.id}\"> points at a {entity.kind}, not a place: left out",
                                document.path, element.sourceline, rule="places")
                    continue
                if entity is not None:
                    key = entity.id
                else:
                    uris = uris_of_ref(element)
                    if not uris:
                        unidentified += 1
                        continue
                    key = uris[0]
                form = text_of(element, "orig")
                place = places.get(key)
                if place is None:
                    if entity is not None:
                        place = Place(key, entity.regular.text, entity, list(entity.uris), coordinates(entity, document, report))
                    else:
                        place = Place(key, text_of(element, "reg") or key, None, uris_of_ref(element))
                    places[key] = place
                elif entity is not None and entity is not place.entity and (key, id(entity)) not in merged:
                    merged.add((key, id(entity)))
                    _merge(place, entity, document, report)
                dates = occurrence_dates(document, element)
                if form:
                    users = place.forms.setdefault(form, [])
                    if document not in users:
                        users.append(document)
                    _add_dates(place.form_dates.setdefault(form, []), dates)
                _add_dates(place.dates, dates)
                if document not in place.documents:
                    place.documents.append(document)
                place.counts[document.id] = place.counts.get(document.id, 0) + 1
    if unidentified:
        report.note(f"{unidentified} place name(s) without @ref name no register entry or authority: not exported", rule="places")
    return [places[key] for key in sorted(places)]
