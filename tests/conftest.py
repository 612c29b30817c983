"""Shared fixtures: the sample plan, rendered once per test session and read back."""

from __future__ import annotations

import copy
import gc
import os
import shutil
from pathlib import Path

import docx
import pytest
import yaml

from docgen.output.pdf import ipc_pipe, pipe_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "ke-hoach-2024.yaml"


def load_yaml(stream):
    """Return YAML text's data as yaml.safe_load does, read by LibYAML: PyYAML's pure-Python reader
    takes about 0.1 s a sample, and the sample lists are read at collection, in every worker."""
    return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def dump_yaml(data, stream=None, **options):
    """Return (or write) data as YAML as yaml.safe_dump does, written by LibYAML (PyYAML's pure-Python
    emitter took a tenth of the quick tests' time)."""
    return yaml.dump(data, stream, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), **options)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Keep the tests' prepared templates out of the user's cache (subprocesses inherit it). The
    workers of one xdist run share it (docgen's cache is safe to share): a template is prepared once."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.getbasetemp().parent / "cache"
        folder.mkdir(exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("cache")
    saved = os.environ.get("DOCGEN_CACHE_DIR")
    os.environ["DOCGEN_CACHE_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("DOCGEN_CACHE_DIR", None)
    else:
        os.environ["DOCGEN_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def sample_data() -> dict:
    """The sample plan as plain data (tests copy it before changing it)."""
    return load_yaml(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def plan_data(sample_data) -> dict:
    """A private, editable copy of the sample plan's data."""
    return copy.deepcopy(sample_data)


@pytest.fixture
def write_plan(tmp_path):
    """Write plan data (or raw text) to a YAML file and return its path."""

    def write(data, name: str = "ke-hoach.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else dump_yaml(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def sample_docx(tmp_path_factory) -> Path:
    """The sample plan rendered through the real command line."""
    from docgen.cli import main

    out = tmp_path_factory.mktemp("render") / "ke-hoach-2024.docx"
    assert main(["render", str(SAMPLE), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def sample_doc(sample_docx):
    """The rendered sample opened with python-docx."""
    return docx.Document(str(sample_docx))


def require_reader() -> None:
    """Skip (locally) or fail (in CI) when LibreOffice or poppler-utils are missing."""
    missing = [tool for tool in ("soffice", "pdfinfo", "pdffonts", "pdftotext") if shutil.which(tool) is None]
    if missing:
        message = f"needs {', '.join(missing)}: apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def sample_pdf(sample_docx, tmp_path_factory) -> Path:
    """The rendered sample converted to PDF by LibreOffice, as a reader would open it."""
    require_reader()
    from docgen.output.pdf import convert

    out = tmp_path_factory.mktemp("pdf") / "ke-hoach-2024.pdf"
    convert(sample_docx, out)
    return out


SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")

_RENDERED: dict[bytes, bytes] = {}  # a plan file's bytes -> its .docx, rendered once a session


def render_once(plan: Path, docx: Path) -> None:
    """Render plan into docx through the command line, once for each text in a test session: the
    same text gives the same bytes wherever its file is (tests/test_determinism.py), so a test that
    renders only to edit the result gets a copy of the first rendering."""
    from docgen.cli import main

    text = plan.read_bytes()
    if text in _RENDERED:
        docx.write_bytes(_RENDERED[text])
        return
    assert main(["render", str(plan), "-o", str(docx)]) == 0
    _RENDERED[text] = docx.read_bytes()


def plan_file(folder: Path, text: str, name: str = "ke-hoach-2024.yaml") -> Path:
    """Write text as the plan file name in folder and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def with_parts(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """Return the package data with parts replaced (None: removed)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = replace.get(item.filename, src.read(item))
            if body is not None:
                dst.writestr(item.filename, body)
    return out.getvalue()


# Collection imports docgen, its libraries and the tests (hundreds of thousands of objects, none of
# them garbage) and each test builds plans of ~10,000: the young objects are looked at less often.
gc.set_threshold(20_000, 20, 20)


def pytest_collection_finish(session):
    """What collection made (test items, imported modules: hundreds of thousands of objects) lives
    until the end: moved out of the collector's sight, every later full collection skips it."""
    gc.collect()
    gc.freeze()


def end_office(office, pipe: str, profile: str) -> None:
    """Stop a LibreOffice a test started (SIGTERM) and remove what it leaves in /tmp when it does not
    quit in order: the socket of its named pipe and its profile's (docgen.output.pdf.ipc_pipe)."""
    office.terminate()
    office.wait(30)
    for left in (pipe_file(pipe), ipc_pipe(profile)):
        if left is not None:
            left.unlink(missing_ok=True)
