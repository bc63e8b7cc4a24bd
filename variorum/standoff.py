"""The registers' entities as a document's `standOff` copy of them: the one writer of such copies, for
`encode` (which writes them) and `refresh` (which compares documents' copies with them, and refreshes them).
Apart from the encoder, so that a build, which compares but does not encode, need not load its passes."""
from __future__ import annotations

from copy import deepcopy

from lxml import etree

from variorum.authority import Entity, Registry
from variorum.xmlio import XML_ID, XML_LANG, sub, tei


def with_references(used: dict[str, Entity], registry: Registry) -> dict[str, Entity]:
    """The entities used, and those their notes point at (`<ref target="#prc">`), so every pointer resolves."""
    closure = dict(used)
    pending = list(used.values())
    while pending:
        entity = pending.pop()
        for detail in entity.details:
            for element in detail.iter():
                for attribute in ("target", "ref", "corresp"):
                    for pointer in (element.get(attribute) or "").split():
                        target = registry.entities.get(pointer[1:]) if pointer.startswith("#") else None
                        if target is not None and target.id not in closure:
                            closure[target.id] = target
                            pending.append(target)
    return closure


def standoff_copies(used: dict[str, Entity], registry: Registry) -> etree._Element | None:
    """The entities the document refers to, with all their forms, so that it travels alone."""
    used = with_references(used, registry)
    lists = {"place": ("listPlace", "place"), "person": ("listPerson", "person"), "org": ("listOrg", "org")}
    stand_off = etree.Element(tei("standOff"))
    for kind, (list_tag, entity_tag) in lists.items():
        entities = [e for e in registry.entities.values() if e.id in used and e.kind == kind]
        if not entities:
            continue
        listing = sub(stand_off, list_tag)
        for entity in entities:
            element = sub(listing, entity_tag)
            element.set(XML_ID, entity.id)
            for form, name_type in [(entity.regular, "reg")] + [(v, "variant") for v in entity.variants]:
                name = sub(element, entity.name_element, form.text, type=name_type)
                if form.lang:
                    name.set(XML_LANG, form.lang)
            if entity.geo:
                sub(sub(element, "location"), "geo", entity.geo)
            facts = [d for d in entity.details if d.tag != tei("note")]
            element.extend(deepcopy(d) for d in facts)
            for id_type, value in entity.identifiers:
                sub(element, "idno", value, type=id_type)
            element.extend(deepcopy(d) for d in entity.details if d.tag == tei("note"))
    return stand_off if len(stand_off) else None
