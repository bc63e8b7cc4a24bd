"""What the encoder recognised in one witness, for an editor to trust or correct (`encode --report`).

One `WitnessReport` per witness: the input style, the title, the kind of document,
its date, the correspondents or participants, each citation with its parts, each
archival reference, each page marker and the source it belongs to, each name and the
entity chosen, and every guess or ambiguity as a `Diagnostic` (file, line, column,
severity, rule, message) -- the same objects `validate --format json` prints.

Rules of the diagnostics:

| rule                        | severity | says                                                              |
|-----------------------------|----------|-------------------------------------------------------------------|
| `citation-unparsed`         | info     | a citation no part of which was recognised: kept as a plain bibl  |
| `citation-internal-error`   | warning  | the citation parser failed (a bug): the text kept as a plain bibl |
| `page-source-unknown`       | warning  | no cited source's page range holds the page: `pb` without @edRef  |
| `page-source-assumed`       | warning  | the one printed source gives no pages: the marker assumed to be its |
| `name-ambiguous`            | warning  | a form of several entities: tagged with none (ids and position)   |
| `party-unknown`             | warning  | a correspondent or participant not in the registers: no @ref      |
| `party-ambiguous`           | warning  | a correspondent who may be several entities: no @ref              |
| `party-missing`             | warning  | a letter or telegram whose title gives no party the encoder reads: correspDesc with its date only |
| `date-missing`              | warning  | the header gives no date: body dates without a year stay untagged |
| `kind-unknown`              | info     | the title names no kind of document known to the encoder          |
| `classification-note`       | info     | a stamp after the title (`Top Secret`, `Copy No. 3`): a header note, not body text |
| `date-bare-day`             | info     | a bare day (`the 30th`) and what gave it its month: the date before it in the paragraph, the document's range, the document's month |
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from variorum.diagnostics import Diagnostic, sort_key


@dataclass
class WitnessReport:
    file: str
    style: str = ""
    title: str = ""
    title_line: int | None = None
    kind: str | None = None
    date: dict | None = None
    correspondents: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    archival: list[dict] = field(default_factory=list)
    page_markers: list[dict] = field(default_factory=list)
    names: list[dict] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def warn(self, rule: str, message: str, line: int | None = None, column: int | None = None,
             severity: str = "warning") -> None:
        self.diagnostics.append(Diagnostic(self.file, line, column, severity, rule, message))

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "style": self.style,
            "title": {"text": self.title, "line": self.title_line},
            "kind": self.kind,
            "date": self.date,
            "correspondents": self.correspondents,
            "citations": self.citations,
            "archival_references": self.archival,
            "page_markers": self.page_markers,
            "names": self.names,
            "diagnostics": [d.as_dict() for d in sorted(self.diagnostics, key=sort_key)],
        }

    def as_text(self) -> str:
        if not self.style:  # the witness could not be read: only what was said about it
            return "\n".join([self.file] + [f"  {d.severity:<14} {d.as_text()}" for d in sorted(self.diagnostics, key=sort_key)])
        out = [f"{self.file}", f"  style          {self.style}",
               f"  title          {self.title!r} (line {self.title_line})",
               f"  kind           {self.kind or '(not recognised)'}"]
        if self.date:
            value = self.date.get("when") or f"{self.date.get('from')} to {self.date.get('to')}"
            out.append(f"  date           {value} from {self.date['text']!r} in {self.date['encoded_as']}")
        else:
            out.append("  date           (none)")
        for party in self.correspondents:
            ref = f"#{party['ref']}" if party.get("ref") else "no @ref"
            place = f", place {party['place']!r}" + (f" #{party['place_ref']}" if party.get("place_ref") else "") \
                if party.get("place") else ""
            out.append(f"  {party['role']:<14} {party['element']} {ref} {party['text']!r}{place}")
        for citation in self.citations:
            parts = "; ".join(f"{p['part']}{'(' + p['detail'] + ')' if p.get('detail') else ''} {p['text']!r}"
                              for p in citation["parts"]) or "no parts recognised"
            out.append(f"  citation       {citation['id']} line {citation['line']}: {parts}")
        for ref in self.archival:
            parts = ", ".join(f"{k} {v}" for k, v in ref["parts"].items())
            out.append(f"  archival       {ref['id']} line {ref['line']}: {parts}")
        for marker in self.page_markers:
            source = f"#{marker['source']}" if marker.get("source") else "source unknown"
            out.append(f"  page marker    line {marker['line']}: {marker['text']!r} -> pb n={marker['n']} {source}")
        for name in self.names:
            chosen = f"{name['element']} #{name['ref']}" if name.get("ref") else "not tagged"
            regular = f" (regular form {name['regular']!r})" if name.get("regular") and name["regular"] != name["text"] else ""
            out.append(f"  name           line {name['line']}: {name['text']!r} -> {chosen}{regular}")
        for diagnostic in sorted(self.diagnostics, key=sort_key):
            out.append(f"  {diagnostic.severity:<14} {diagnostic.as_text()}")
        return "\n".join(out)


def write_reports(reports: list[WitnessReport], report_format: str, stream) -> None:
    """The reports of a run: text (one block per witness) or json (a list of objects)."""
    if report_format == "json":
        json.dump([r.as_dict() for r in reports], stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    else:
        stream.write("\n\n".join(r.as_text() for r in reports) + "\n")
