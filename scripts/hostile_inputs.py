"""Hostile XML against every command that reads XML, as data: the attacks of issue 9.

Each case is a TEI file (a letter that is also a register: its standOff lists a
place) whose DOCTYPE, entities or XIncludes try to make the reader fetch an
address, read a local file, fill the memory or hang. `{url}` is the address of a
listener on 127.0.0.1 that must receive no request; `{outside}` is a file beside
(not inside) the document's folder that must never be read.

Every case goes through every command that reads XML (COMMANDS): encode's and
collate's --authority, validate, build (a folder of TEI from elsewhere), export.
A run is *handled* when the command exits 0, 1 or 2 without a traceback, the
listener heard nothing, neither /etc/passwd nor the outside file shows up in
any output or written file, and, for a case that cannot be read safely
(`refused`), the exit status is not 0 and the message names the file and line
and says what is wrong.

Used by tests/test_hostile_input.py (in process) and scripts/bench_hostile.py
(one bounded subprocess per run, with figures).
"""
from __future__ import annotations

import contextlib
import http.server
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">
<teiHeader><fileDesc><titleStmt><title>A hostile letter</title></titleStmt>
<publicationStmt><p>Published by nobody</p></publicationStmt><sourceDesc><p>No source</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Someone</persName><date when="1949-01-01"/></correspAction>
</correspDesc></profileDesc></teiHeader>
<standOff><listPlace><place xml:id="hostile-nanjing"><placeName>Nanjing</placeName></place></listPlace></standOff>
<text><body><p>Nanjing is quiet. {body}</p></body></text></TEI>
"""

LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(1, 10))


@dataclass(frozen=True)
class Case:
    name: str
    body: str = ""  # inside the letter's <p>
    doctype: str = ""  # before the root element
    refused: bool = True  # the document cannot be read safely: every command must say so
    says: tuple[str, ...] = ()  # words of the message (any of them), when refused
    encoding: str = "utf-8"

    def document(self, url: str, outside: Path) -> bytes:
        text = self.doctype + TEI.format(body=self.body)
        text = text.replace("{url}", url).replace("{outside}", str(outside))
        declaration = f'<?xml version="1.0" encoding="{self.encoding.upper()}"?>\n'
        return (declaration + text).encode(self.encoding)


CASES = [
    Case("billion-laughs", "&lol9;", f'<!DOCTYPE TEI [\n<!ENTITY lol0 "lol">\n{LAUGHS}]>\n', says=("billion laughs",)),
    Case("quadratic-blowup", "&big;" * 20000, f'<!DOCTYPE TEI [<!ENTITY big "{"x" * 50000}">]>\n', says=("billion laughs",)),
    Case("billion-laughs-utf16", "&lol9;", f'<!DOCTYPE TEI [\n<!ENTITY lol0 "lol">\n{LAUGHS}]>\n',
         says=("billion laughs",), encoding="utf-16"),
    Case("xxe-passwd", "&xxe;", '<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', says=("external entity",)),
    Case("xxe-relative", "&xxe;", '<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "../outside.txt">]>\n', says=("external entity",)),
    Case("xxe-remote", "&xxe;", '<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{url}/xxe.txt">]>\n', says=("external entity",)),
    Case("parameter-entity-remote", "", '<!DOCTYPE TEI [<!ENTITY % remote SYSTEM "{url}/evil.dtd"> %remote;]>\n',
         says=("external entity",)),
    Case("remote-dtd", "", '<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">\n', refused=False),
    Case("remote-dtd-public", "", '<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "{url}/tei.dtd">\n', refused=False),
    Case("remote-dtd-entity", "&nbsp;", '<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">\n', says=("external DTD",)),
    Case("xinclude-remote", '<xi:include href="{url}/part.xml"/>', says=("xi:include",)),
    Case("xinclude-remote-fallback", '<xi:include href="{url}/part.xml"><xi:fallback>[part missing]</xi:fallback></xi:include>',
         refused=False),
    Case("xinclude-passwd", '<xi:include href="/etc/passwd" parse="text"/>', says=("xi:include",)),
    Case("xinclude-file-url", '<xi:include href="file:///etc/passwd" parse="text"/>', says=("xi:include",)),
    Case("xinclude-outside", '<xi:include href="../outside.txt" parse="text"/>', says=("xi:include",)),
    Case("xinclude-symlink", '<xi:include href="link-to-passwd.txt" parse="text"/>', says=("xi:include",)),
    Case("xinclude-itself", '<xi:include href="hostile.xml"/>', says=("xi:include",)),
    Case("processing-instructions", '<?xml-stylesheet href="{url}/style.xsl"?>',
         '<?xml-model href="{url}/schema.rng" type="application/xml"?>\n<?xml-stylesheet href="{url}/s.xsl"?>\n',
         refused=False),
    Case("remote-links", '<ref target="{url}/page">a link</ref> <ptr target="{url}/p"/> <graphic url="{url}/image.png"/>',
         refused=False),
    Case("local-pictures", '<graphic url="link-to-passwd.png"/> <graphic url="../outside.txt"/> <graphic url="{outside}"/>'
         ' <graphic url="file:///etc/passwd"/> <graphic url="%2E%2E/outside.txt"/>', refused=False),
    Case("deep-nesting", "<hi>" * 5000 + "deep" + "</hi>" * 5000, says=("nest deeper",)),
]

# argv of each command, given the hostile file, a plain-text witness and a scratch folder
COMMANDS: dict[str, Callable[[Path, Path, Path], list[str]]] = {
    "validate": lambda tei, witness, out: ["validate", str(tei)],
    "build": lambda tei, witness, out: ["build", str(tei.parent), "--out", str(out / "site"), "--no-pdf"],
    "export cmif": lambda tei, witness, out: ["export", str(tei), "--format", "cmif", "--out", str(out / "letters.xml")],
    "export geojson": lambda tei, witness, out: ["export", str(tei), "--format", "geojson", "--out", str(out / "places.json")],
    "encode --authority": lambda tei, witness, out: ["encode", str(witness), "--out", str(out), "--authority", str(tei)],
    "collate --authority": lambda tei, witness, out: ["collate", str(witness), str(witness), "--out", str(out / "c.xml"),
                                                      "--authority", str(tei)],
}

# the same with the print edition (WeasyPrint must fetch nothing either): in the benchmark, too slow for every test run
SLOW_COMMANDS = {
    "build with PDF": lambda tei, witness, out: ["build", str(tei.parent), "--out", str(out / "site")],
}

WITNESS = "Telegram\n\nThe government in Nanjing asks for mediation.\n"
OUTSIDE_SECRET = "SECRET-OUTSIDE-THE-EDITION"


class Listener:
    """An HTTP server on 127.0.0.1 that counts the requests it gets (there must be none)."""

    def __init__(self):
        requests = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                requests.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'<!ENTITY x "fetched">')

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Outcome:
    case: str
    command: str
    status: int | None  # None: did not finish in time
    output: str
    problems: list[str] = field(default_factory=list)

    @property
    def handled(self) -> bool:
        return not self.problems


def prepare(case: Case, root: Path, url: str) -> tuple[Path, Path, Path]:
    """(the hostile file alone in its folder, a witness, a scratch folder) under `root`."""
    outside = root / "outside.txt"
    outside.write_text(OUTSIDE_SECRET)
    folder = root / "edition"
    folder.mkdir()
    (folder / "link-to-passwd.txt").symlink_to("/etc/passwd")
    (folder / "link-to-passwd.png").symlink_to("/etc/passwd")  # a picture's name, another file's content
    tei = folder / "hostile.xml"
    tei.write_bytes(case.document(url, outside))
    witness = root / "witness.txt"
    witness.write_text(WITNESS)
    out = root / "out"
    out.mkdir()
    return tei, witness, out


def judge(case: Case, command: str, status: int | None, output: str, tei: Path, root: Path, requests: list[str]) -> Outcome:
    outcome = Outcome(case.name, command, status, output)
    secret = Path("/etc/passwd").read_text(errors="replace").splitlines()[0] if Path("/etc/passwd").is_file() else "root:x:0:0"
    if status is None:
        outcome.problems.append("did not finish in time")
    elif status not in (0, 1, 2):
        outcome.problems.append(f"exit status {status}")
    if "Traceback" in output:
        outcome.problems.append("traceback")
    if requests:
        outcome.problems.append(f"fetched {requests}")
    for path in [p for p in (root / "out").rglob("*") if p.is_file()]:
        written = path.read_bytes()
        if secret.encode() in written or OUTSIDE_SECRET.encode() in written:
            outcome.problems.append(f"{path.name} holds what it must not read")
    if secret in output or OUTSIDE_SECRET in output:
        outcome.problems.append("the output holds what it must not read")
    if case.refused:
        if status == 0:
            outcome.problems.append("exit 0 for a document it cannot read safely")
        if not any(f"{tei}:{line}" in output for line in range(1, 40)):
            outcome.problems.append("no file:line in the message")
        if case.says and not any(word in output for word in case.says):
            outcome.problems.append(f"the message does not say {' / '.join(case.says)}")
    return outcome


def run_in_process(argv: list[str]) -> tuple[int, str]:
    """The command run by variorum.cli.main in this process: (exit status, stdout + stderr)."""
    from variorum.cli import main

    stream = io.StringIO()
    with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
        try:
            status = main(argv)
        except SystemExit as exit:
            status = exit.code if isinstance(exit.code, int) else 2
    return status, stream.getvalue()


def attack(case: Case, command: str, root: Path, listener: Listener, run=run_in_process) -> Outcome:
    """One case through one command, in the empty folder `root`."""
    tei, witness, out = prepare(case, root, listener.url)
    before = len(listener.requests)
    status, output = run({**COMMANDS, **SLOW_COMMANDS}[command](tei, witness, out))
    return judge(case, command, status, output, tei, root, listener.requests[before:])
