"""`pip install .` (not editable) gives a working command with all its resource files."""
import os
import subprocess
import sys

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--target", str(target), str(REPO)],
        capture_output=True, text=True, env={**os.environ, "TMPDIR": str(build)},
    )
    if result.returncode != 0:
        pytest.fail(f"pip install . failed:\n{result.stderr}")
    return target


def run_installed(installed, *args, cwd):
    # The installed copy only: the checkout is neither the working folder nor on the path.
    env = {**os.environ, "PYTHONPATH": str(installed)}
    return subprocess.run([sys.executable, "-m", "variorum", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_installed_package_carries_its_resources(installed, tmp_path):
    result = run_installed(installed, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    package = installed / "variorum"
    for folder in ("schema", "xslt", "site_templates"):
        assert (package / folder).is_dir(), f"{folder}/ missing from the installed package"
    for source in (REPO / "schema").glob("*"):
        if source.is_file():
            assert (package / "schema" / source.name).is_file(), f"schema/{source.name} not installed"


def test_installed_command_encodes(installed, tmp_path):
    source = REPO / "sources" / "000_ed60d7a27737539e.txt"
    result = run_installed(installed, "encode", str(source), "--out", str(tmp_path / "out"),
                           "--authority", str(REPO / "tei" / "authority"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "000_ed60d7a27737539e.xml").read_bytes() == (REPO / "tei" / "000_ed60d7a27737539e.xml").read_bytes()


def test_installed_command_makes_a_new_edition(installed, tmp_path):
    result = run_installed(installed, "new", str(tmp_path / "edition"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("edition.toml", "sources/example-letter.txt", "tei/authority/register.xml", ".gitignore",
                 ".github/workflows/validate.yml", ".pre-commit-config.yaml"):
        assert (tmp_path / "edition" / name).is_file(), f"{name} missing: templates/new/ not installed"
