"""A build killed at any moment (kill -9) leaves the previous site whole; the next build cleans up."""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from generate_edition import generate  # noqa: E402


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(edition: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "variorum", "build", str(edition), "--out", str(out), "--no-pdf"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_minus_nine_never_leaves_a_half_site(tmp_path):
    edition = tmp_path / "edition"
    generate(edition, 40)
    out = tmp_path / "site"
    assert build(edition, out).wait() == 0
    old = snapshot(out)
    source = edition / "tei" / "doc00001.xml"
    source.write_text(source.read_text().replace("Waiting for an answer.", "Waiting for an answer, still."))
    new_site = None
    rng = random.Random(9)
    for _ in range(6):
        process = build(edition, out)
        time.sleep(rng.uniform(0.05, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(out)
        if now != old:  # the swap happened before the kill: then the new site must be whole
            new_site = new_site or snapshot(out)
            assert now == new_site
            assert len(now) == len(old)
    assert build(edition, out).wait() == 0
    assert not list(tmp_path.glob(".site.build-*")) and not list(tmp_path.glob(".site.old-*"))
    assert b"still" in (out / "documents" / "doc00001.html").read_bytes()
