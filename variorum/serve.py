"""`variorum serve`: build, serve on 127.0.0.1, watch, rebuild what a change touches, reload the open page.

    build    `pipeline.build(preview=True)` into EDITION/.variorum/site: incremental, sources without TEI
             encoded into the site only (serve never writes to the sources or the TEI), an invalid
             document's page replaced by its errors (file:line:column) so the rest stays browsable
    serve    the standard library's threaded HTTP server on 127.0.0.1; every HTML page it sends gets one
             script (and its Content-Security-Policy lets that script connect back); the files on disk
             are the build's, without it
    watch    watchfiles on the edition: edition.toml, sources/, tei/ (registers included), site_templates/;
             each batch of changes -> one build
    reload   /__variorum__/events (server-sent events) says the number of the last build; the script
             reloads its page when that number is not the one the page was sent with

A change that stops the whole build (edition.toml or a register that cannot be read) leaves the
previous site served, with the error shown at the top of every page, until it is corrected.
"""
from __future__ import annotations

import http.server
import io
import re
import sys
import threading
from functools import partial
from pathlib import Path

import jinja2

from variorum.config import CONFIG_NAME
from variorum.diagnostics import EXIT_OK, Diagnostic, Reporter, UsageError, VariorumError

CHANNEL = "/__variorum__"
RELOAD_SCRIPT = """// variorum serve: reload this page when the edition has been built again.
(function () {
  var sent = document.currentScript.getAttribute("data-build");
  var events = new EventSource("%s/events");
  events.onmessage = function (event) {
    if (event.data !== sent) { events.close(); location.reload(); }
  };
})();
""" % CHANNEL
# What serve adds to each HTML page it sends, before </body>.
PROBLEM_STYLE = """.variorum-serve-problem { position: sticky; bottom: 0; background: #fee; border-top: 2px solid #c00;
  padding: 0.5em 1em; font-family: monospace; white-space: pre-wrap; }
"""
INJECTED = jinja2.Environment(autoescape=True).from_string(
    '{% if problems %}<link rel="stylesheet" href="{{ channel }}/serve.css"><div class="variorum-serve-problem" role="alert">'
    "The last build stopped; this is the site before it.\n{% for problem in problems %}{{ problem }}\n{% endfor %}</div>{% endif %}"
    '<script src="{{ channel }}/reload.js" data-build="{{ build }}"></script>')
CSP_CONNECT = re.compile(rb"connect-src 'none'")


class Preview:
    """The edition being previewed: its site, the number of the last build, and what stopped the last build."""

    def __init__(self, edition_dir: Path, pdf: bool, reporter: Reporter):
        self.edition_dir = edition_dir.resolve()
        self.out = self.edition_dir / ".variorum" / "site"
        self.pdf = pdf
        self.reporter = reporter
        self.build_number = 0
        self.problems: list[str] = []
        self.changed = threading.Condition()

    def rebuild(self) -> None:
        """One build; whatever it says goes to the terminal, and the open pages reload."""
        from variorum.pipeline import build

        try:
            build(self.edition_dir, self.out, pdf=self.pdf, reporter=self.reporter, preview=True)
            self.problems = []
        except VariorumError as error:
            diagnostic = Diagnostic.of_error(error, "build")
            self.reporter.add(diagnostic)
            self.problems = [diagnostic.as_text()]
        with self.changed:
            self.build_number += 1
            self.changed.notify_all()

    def wait_for_build(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.build_number != seen, timeout)
            return self.build_number

    def watched(self, change, path: str) -> bool:
        """Whether a changed path is one of the edition's inputs (never the preview's own output)."""
        from variorum.config import find_edition

        relative = Path(path).resolve().relative_to(self.edition_dir) if Path(path).resolve().is_relative_to(self.edition_dir) else None
        if relative is None or not relative.parts or any(part.startswith(".") for part in relative.parts) \
                or relative.name.endswith("~"):
            return False
        if relative == Path(CONFIG_NAME):
            return True
        edition = find_edition(self.edition_dir)
        if edition is None:  # a folder of foreign TEI
            return relative.suffix.lower() in (".xml", ".tei")
        folders = [Path(edition.sources), Path(edition.tei), Path(edition.authority), Path("site_templates")]
        return any(relative.is_relative_to(folder) for folder in folders)


class Handler(http.server.SimpleHTTPRequestHandler):
    """The site's files as they are, HTML with the reload script; the reload channel."""

    preview: Preview

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == f"{CHANNEL}/reload.js":
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.encode("utf-8"))
        if path == f"{CHANNEL}/serve.css":
            return self._send(200, "text/css; charset=utf-8", PROBLEM_STYLE.encode("utf-8"))
        if path == f"{CHANNEL}/events":
            return self._events()
        return super().do_GET()

    def send_head(self):
        """HTML pages get the reload script; everything else goes out as the build wrote it."""
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix != ".html" or not target.is_file():
            return super().send_head()
        data = target.read_bytes()
        injected = INJECTED.render(problems=self.preview.problems, channel=CHANNEL, build=self.preview.build_number)
        data = CSP_CONNECT.sub(b"connect-src 'self'", data, count=1)
        at = data.rfind(b"</body>")
        data = data[:at] + injected.encode("utf-8") + data[at:] if at >= 0 else data + injected.encode("utf-8")
        self._send(200, "text/html; charset=utf-8", data, body=False)
        return io.BytesIO(data)

    def _send(self, status: int, content_type: str, data: bytes, body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """Server-sent events: the number of the last build now, then each time it changes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.preview.build_number
        try:
            self.wfile.write(f"data: {seen}\n\n".encode())
            self.wfile.flush()
            while True:
                now = self.preview.wait_for_build(seen, timeout=15)
                self.wfile.write(f"data: {now}\n\n".encode() if now != seen else b": still here\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format, *args):  # requests are not news
        pass


def serve(edition_dir: Path, port: int = 8000, pdf: bool = True, reporter: Reporter | None = None) -> int:
    """Build, serve and rebuild until Ctrl-C."""
    import watchfiles

    reporter = reporter or Reporter()
    if not Path(edition_dir).is_dir():
        raise UsageError(f"no such edition folder: {edition_dir}")
    preview = Preview(Path(edition_dir), pdf, reporter)
    preview.rebuild()
    preview.out.mkdir(parents=True, exist_ok=True)
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(preview.out)))
    except OSError as error:
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}; give another --port") from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    reporter.status(f"serving {preview.edition_dir.name} at {url} (Ctrl-C stops)", flush=True)
    try:
        for _ in watchfiles.watch(preview.edition_dir, watch_filter=preview.watched, debounce=300, step=50,
                                  raise_interrupt=True, rust_timeout=500):
            reporter.status("change seen: building again", flush=True)
            preview.rebuild()
    except KeyboardInterrupt:
        reporter.status("stopped", flush=True)
    finally:
        server.shutdown()
        server.server_close()
        sys.stderr.flush()
    return EXIT_OK
