"""The facts of an encoded witness that the contract fixes (sections 4-5 and the issue-14 additions), read off
its TEI one by one, so that a table of expected facts can be compared with them fact by fact."""
from __future__ import annotations

from lxml import etree

from variorum.reading import reading_text

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _attrs(element: etree._Element, *names: str) -> str:
    return " ".join(f"{name}={element.get(name)}" for name in names if element.get(name) is not None)


def _date(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return element.get("when") or f"{element.get('from')}/{element.get('to')}"


def _parties(parent: etree._Element | None) -> list[tuple]:
    """(what, element, @ref or the text) of each party and place under a correspAction or creation."""
    found = []
    for child in parent if parent is not None else ():
        if _local(child) == "date":
            continue
        what = child.get("role") or _local(child)
        found.append((what, _local(child), child.get("ref") or child.text))
    return found


def _bibl(bibl: etree._Element) -> list[tuple]:
    parts = []
    for child in bibl:
        detail = child.get("level") or child.get("unit") or child.get("role") or ""
        if child.get(XML_LANG):
            detail += "@" + child.get(XML_LANG)
        if child.get("from"):
            detail += f" {child.get('from')}-{child.get('to')}"
        if child.get("when"):
            detail += f" {child.get('when')}"
        if child.get("target"):
            detail += f" {child.get('target')}"
        parts.append((_local(child), detail.strip(), "".join(child.itertext())))
    return parts


def _ms(ms: etree._Element) -> dict:
    parts = {}
    for child in ms.find("t:msIdentifier", NS):
        parts[child.get("type") or _local(child)] = child.text
    parts["loci"] = [(locus.get("from"), locus.get("to"), locus.text) for locus in ms.iterfind(".//t:locus", NS)]
    parts["item title"] = ms.findtext(".//t:msItem/t:title", namespaces=NS) is not None
    return parts


def _names(body: etree._Element) -> list[tuple]:
    names = []
    for name in body.xpath(".//t:placeName | .//t:persName | .//t:orgName", namespaces=NS):
        orig = name.findtext("t:choice/t:orig", namespaces=NS)
        names.append((name.get("ref"), orig if orig is not None else "".join(name.itertext())))
    return names


def facts(root: etree._Element, report) -> dict:
    """Every fact the table compares: header, sources, body and the report's warnings."""
    header = root.find("t:teiHeader", NS)
    body = root.find("t:text/t:body", NS)
    corresp = header.find(".//t:correspDesc", NS)
    creation = header.find(".//t:profileDesc/t:creation", NS)
    source_desc = header.find(".//t:sourceDesc", NS)
    result = {
        "title": header.findtext(".//t:titleStmt/t:title", namespaces=NS),
        "kind": body.find("t:div", NS).get("type"),
    }
    if corresp is not None:
        sent = corresp.find("t:correspAction[@type='sent']", NS)
        received = corresp.find("t:correspAction[@type='received']", NS)
        result["date"] = ("correspDesc", _date(sent.find("t:date", NS) if sent is not None else None))
        result["sent"] = _parties(sent)
        result["received"] = _parties(received)
    if creation is not None:
        result["date"] = ("creation", _date(creation.find("t:date", NS)))
        result["creation"] = _parties(creation)
    result["notes"] = [(n.get("type"), n.text) for n in header.iterfind(".//t:notesStmt/t:note", NS)]
    result["citations"] = [_bibl(b) for b in source_desc.iterfind("t:bibl", NS)]
    result["archival"] = [_ms(m) for m in source_desc.iterfind("t:msDesc", NS)]
    result["pages"] = [(pb.get("n"), pb.get("edRef"), pb.get("break")) for pb in body.iter("{%s}pb" % NS["t"])]
    result["names"] = _names(body)
    result["dates"] = [(d.text, _date(d)) for d in body.iter("{%s}date" % NS["t"])]
    result["italics"] = [(_local(e), e.get(XML_LANG) or e.get("rend"), e.text)
                         for e in body.xpath(".//t:hi | .//t:foreign", namespaces=NS)]
    result["supplied"] = [reading_text(s) for s in body.iter("{%s}supplied" % NS["t"])]
    result["gaps"] = len(body.findall(".//t:gap", NS))
    result["numbers"] = body.xpath(".//t:p/@n", namespaces=NS)
    result["salute"] = [reading_text(s) for s in body.iter("{%s}salute" % NS["t"])]
    result["closer"] = [reading_text(s) for s in body.iter("{%s}closer" % NS["t"])]
    result["diagnostics"] = sorted((d.severity, d.rule, d.line) for d in report.diagnostics)
    return result
