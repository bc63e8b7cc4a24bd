"""Places -> Linked Places Format (LPF 1.x), the GeoJSON-LD the World Historical Gazetteer imports.

    @context            the Linked Places context document
    @id                 BASE_URL/places.html#<id> where the edition's address is known, else the id
    properties.title    the regular form
    names               every form the texts use (each citing the documents that use it) and
                        the regular form; `lang` where the register gives one
    geometry            GeometryCollection of one Point [long, lat], or null (never guessed)
    links               the register's identifiers: authority records closeMatch, Wikipedia
                        primaryTopicOf, other pages seeAlso
    when                timespans from the dates of the documents that name the place
"""
from __future__ import annotations

import json

from variorum.authority import kind_of_uri
from variorum.diagnostics import Reporter
from variorum.export.documents import AUTHORITY_KINDS, Document, Settings
from variorum.export.geojson import dump, point
from variorum.export.places import Place, gather_places

CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"


def timespan(dates: dict[str, str]) -> dict:
    """One document date (W3C dating attributes) -> an LPF timespan."""
    if "when" in dates:
        return {"start": {"in": dates["when"]}}
    span: dict = {}
    if "from" in dates or "notBefore" in dates:
        span["start"] = {"in": dates["from"]} if "from" in dates else {"earliest": dates["notBefore"]}
    if "to" in dates or "notAfter" in dates:
        span["end"] = {"in": dates["to"]} if "to" in dates else {"latest": dates["notAfter"]}
    if "start" not in span:  # LPF: a timespan must have a start
        span["start"] = {"latest": span["end"].get("in") or span["end"].get("latest")}
    return span


def when(dates: list[dict[str, str]]) -> dict | None:
    """LPF `when` of a list of document dates: their timespans, each once, in order."""
    spans = {json.dumps(timespan(d), sort_keys=True): timespan(d) for d in dates}
    return {"timespans": [spans[k] for k in sorted(spans)]} if spans else None


def citations(documents: list[Document], settings: Settings) -> list[dict]:
    cited = []
    for document in documents:
        citation = {"label": document.title}
        if settings.page(document):
            citation["@id"] = settings.page(document)
        cited.append(citation)
    return cited


def names(place: Place, settings: Settings) -> list[dict]:
    found = dict(place.forms)
    dates = dict(place.form_dates)
    if place.name not in found:  # the regular form: the register of these documents gives it
        found[place.name] = place.documents
        dates[place.name] = place.dates
    ordered = sorted(found, key=lambda form: form != place.name)  # the title first, then as found
    result = []
    for form in ordered:
        name: dict = {"toponym": form}
        if place.lang_of(form):
            name["lang"] = place.lang_of(form)
        name["citations"] = citations(found[form], settings)
        scope = when(dates.get(form, []))
        if scope:
            name["when"] = scope
        result.append(name)
    return result


def link_type(uri: str) -> str:
    kind = kind_of_uri(uri)
    if kind in AUTHORITY_KINDS:
        return "closeMatch"
    return "primaryTopicOf" if kind == "wikipedia" else "seeAlso"


def place_id(place: Place, settings: Settings) -> str:
    """The place's entry on the edition's places page, where the edition publishes it; else its key."""
    if place.entity is not None and any(settings.page(d) for d in place.documents):
        return f"{settings.base_url}/places.html#{place.key}"
    return place.key


def feature(place: Place, settings: Settings) -> dict:
    data: dict = {
        "@id": place_id(place, settings),
        "type": "Feature",
        "properties": {"title": place.name},
    }
    geometry = point(place)
    data["geometry"] = {"type": "GeometryCollection", "geometries": [geometry]} if geometry else None
    data["names"] = names(place, settings)
    data["links"] = [{"type": link_type(uri), "identifier": uri} for uri in place.uris]
    scope = when(place.dates)
    if scope:
        data["when"] = scope
    return data


def lpf(documents: list[Document], settings: Settings, report: Reporter) -> bytes:
    places = gather_places(documents, report)
    return dump({"type": "FeatureCollection", "@context": CONTEXT, "features": [feature(p, settings) for p in places]})
