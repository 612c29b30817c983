"""docgen as users get it: a wheel built from the checkout, installed (not editable) into a fresh
virtual environment, run from a folder outside the checkout. What only a checkout has (the
template beside the package, a data file not declared as package data) fails here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "ke-hoach-2024.yaml"

# One worker builds and installs the wheel once for every test here (pytest-xdist: --dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "docgen")  # what the build reads


def run(command: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=600, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """Return the `docgen` program of a fresh environment with the wheel installed, and an empty
    folder outside the checkout to run it in."""
    base = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools writes build/ and *.egg-info into the tree it builds, and a
    # build/ left in the checkout would carry deleted modules into the next wheel.
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", source], cwd=base)
    assert built.returncode == 0, built.stderr
    wheel = next((base / "dist").glob("docgen-*.whl"))
    venv.EnvBuilder(with_pip=True).create(base / "env")
    bindir = base / "env" / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    done = run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], cwd=base)
    assert done.returncode == 0, done.stderr
    work = base / "work"
    work.mkdir()
    return bindir / ("docgen.exe" if os.name == "nt" else "docgen"), work


def test_the_installed_docgen_is_not_the_checkout(installed):
    docgen, work = installed
    python = docgen.parent / "python"
    where = run([python, "-c", "import docgen, sys; print(docgen.__file__)"], cwd=work)
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout


def test_the_wheel_renders_the_same_bytes_as_the_checkout(installed, sample_docx):
    docgen, work = installed
    shutil.copy(SAMPLE, work / "ke-hoach.yaml")
    done = run([docgen, "render", "ke-hoach.yaml"], cwd=work)
    assert done.returncode == 0, done.stderr
    assert (work / "output" / "ke-hoach.docx").read_bytes() == sample_docx.read_bytes()


def test_the_wheel_validates_checks_compares_and_imports(installed):
    docgen, work = installed
    shutil.copy(SAMPLE, work / "plan.yaml")
    assert run([docgen, "validate", "plan.yaml"], cwd=work).returncode == 0
    assert run([docgen, "render", "plan.yaml", "-o", "plan.docx"], cwd=work).returncode == 0
    checked = run([docgen, "check", "plan.docx", "--plan", "plan.yaml"], cwd=work)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    newer = (work / "plan.yaml").read_text(encoding="utf-8").replace("ho_ngheo: 21", "ho_ngheo: 25", 1)
    assert newer != (work / "plan.yaml").read_text(encoding="utf-8")
    (work / "newer.yaml").write_text(newer, encoding="utf-8")
    compared = run([docgen, "diff", "plan.yaml", "newer.yaml", "--docx", "-o", "so-sanh.docx"], cwd=work)
    assert (work / "so-sanh.docx").is_file(), compared.stderr
    imported = run([docgen, "import", "plan.docx", "--into", "plan.yaml", "--thu"], cwd=work)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    written = run([docgen, "template", "-o", "mau.docx"], cwd=work)
    assert written.returncode == 0 and (work / "mau.docx").stat().st_size > 1000


def test_the_wheel_starts_preview(installed):
    docgen, work = installed
    shutil.copy(SAMPLE, work / "xem.yaml")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    process = subprocess.Popen([str(docgen), "preview", "xem.yaml", "--no-browser"], cwd=work, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # the address line, printed once the page is served
        assert "http://127.0.0.1:" in line, line + process.stderr.read()
    finally:
        process.terminate()
        deadline = time.monotonic() + 20
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        if process.poll() is None:
            process.kill()
    assert process.returncode is not None
