"""The report of an encoded witness, read off the TEI it became (so that it says what the TEI says)."""
from __future__ import annotations

from lxml import etree

from variorum.encode.report import WitnessReport
from variorum.xmlio import XML_ID, XML_LANG, tei

NAME_TAGS = {tei("placeName"), tei("persName"), tei("orgName")}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _citation(bibl: etree._Element, line: int) -> dict:
    parts = []
    for child in bibl:
        detail = child.get("level") or child.get("unit") or child.get("type") or ""
        if child.get(XML_LANG):
            detail += f"@{child.get(XML_LANG)}"
        if child.get("from"):
            detail += f" {child.get('from')}" + (f"–{child.get('to')}" if child.get("to") != child.get("from") else "")
        if child.get("when"):
            detail += f" {child.get('when')}"
        if child.get("target"):
            detail += f" {child.get('target')}"
        parts.append({"part": _local(child), "detail": detail.strip(), "text": "".join(child.itertext())})
    return {"id": bibl.get(XML_ID), "line": line, "type": bibl.get("type") or "printed",
            "text": "".join(bibl.itertext()), "parts": parts}


def _archival(ms_desc: etree._Element, line: int) -> dict:
    parts: dict[str, str] = {}
    identifier = ms_desc.find(tei("msIdentifier"))
    for child in identifier if identifier is not None else ():
        parts[child.get("type") or _local(child)] = child.text or ""
    folios = []
    for locus in ms_desc.iter(tei("locus")):
        span = f"{locus.get('from')}–{locus.get('to')}" if locus.get("from") and locus.get("to") != locus.get("from") \
            else (locus.get("from") or locus.text or "")
        folios.append(span)
    if folios:
        parts["folios"] = ", ".join(folios)
    return {"id": ms_desc.get(XML_ID), "line": line, "parts": parts}


def describe(report: WitnessReport, sources: list[etree._Element], lines: list[int],
             blocks: list[tuple[etree._Element, int]]) -> None:
    """Fill the report's citations, archival references, page markers and names from the tree."""
    for source, line in zip(sources, lines):
        if source.tag == tei("msDesc"):
            report.archival.append(_archival(source, line))
        else:
            report.citations.append(_citation(source, line))
    names = [n for n in report.names]  # the ambiguous ones, heard during the names pass
    report.names = []
    for element, line in blocks:
        for node in element.iter(tei("pb"), *NAME_TAGS):
            if node.tag == tei("pb"):
                report.page_markers.append({
                    "line": line, "text": f"page {int(node.get('n')) - 1} ends", "n": node.get("n"),
                    "source": (node.get("edRef") or "")[1:] or None, "break": node.get("break") or "yes"})
                continue
            typed = "".join(node.xpath("string(*[local-name()='choice']/*[local-name()='orig'])")) or "".join(node.itertext())
            regular = node.xpath("string(*[local-name()='choice']/*[local-name()='reg'])") or typed
            report.names.append({"line": line, "text": typed, "element": _local(node),
                                 "ref": (node.get("ref") or "")[1:] or None, "regular": regular})
        report.names.extend(n for n in names if n["line"] == line)
    report.names.sort(key=lambda n: n["line"])
