"""The cache of prepared and compiled templates: a shortcut that never changes the output."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOT, SAMPLE, with_parts

from docgen.render.template import TEMPLATE

pytestmark = pytest.mark.slow  # each test renders in fresh processes, as a user's cold start


def render(out: Path, cache, *extra: str) -> subprocess.CompletedProcess:
    """Render the sample in a fresh process with DOCGEN_CACHE_DIR set to cache."""
    env = dict(os.environ, DOCGEN_CACHE_DIR=str(cache))
    result = subprocess.run([sys.executable, "-m", "docgen", "render", str(SAMPLE), "-o", str(out), *extra],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_cold_warm_and_uncached_renders_are_byte_identical(tmp_path):
    cache = tmp_path / "cache"
    render(tmp_path / "cold.docx", cache)
    assert [p.name for p in entries(cache) if p.name.startswith("template-")], "nothing was cached"
    render(tmp_path / "warm.docx", cache)
    render(tmp_path / "none.docx", "")
    cold = (tmp_path / "cold.docx").read_bytes()
    assert cold == (tmp_path / "warm.docx").read_bytes() == (tmp_path / "none.docx").read_bytes()


def test_a_warm_render_does_not_load_docxtpl_or_python_docx(tmp_path):
    cache = tmp_path / "cache"
    render(tmp_path / "a.docx", cache)
    code = ("import sys; from docgen.cli import main; main(['render', {!r}, '-o', {!r}]); "
            "print(sorted({{m.split('.')[0] for m in sys.modules}} & {{'docx', 'docxtpl', 'docxcompose'}}))"
            ).format(str(SAMPLE), str(tmp_path / "b.docx"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, DOCGEN_CACHE_DIR=str(cache)))
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_damaged_cache_entries_are_ignored(tmp_path):
    cache = tmp_path / "cache"
    render(tmp_path / "good.docx", cache)
    for entry in entries(cache):
        entry.write_bytes(b"\x00 not what was stored {")
    render(tmp_path / "after.docx", cache)
    assert (tmp_path / "after.docx").read_bytes() == (tmp_path / "good.docx").read_bytes()


@pytest.mark.parametrize("damage", ["cut", "altered"])
def test_entries_cut_short_or_altered_are_ignored(tmp_path, damage):
    cache = tmp_path / "cache"
    render(tmp_path / "good.docx", cache)
    kinds = {"jinja" if e.name.startswith("__jinja2_") else e.name.split("-")[0] for e in entries(cache)}
    assert {"template", "validator", "jinja"} <= kinds, kinds
    for entry in entries(cache):
        data = entry.read_bytes()
        if damage == "cut":  # Jinja's header, or our digest line, intact; the rest cut short
            entry.write_bytes(data[: max(40, len(data) // 2)] if entry.name.startswith("__jinja2_") else data[:70])
        elif not entry.name.startswith("__jinja2_"):  # the digest of what was stored, with other content
            entry.write_bytes(data.replace(b"w:", b"x:").replace(b"docgen.plan.model", b"docgen.modex"))
    render(tmp_path / "after.docx", cache)
    assert (tmp_path / "after.docx").read_bytes() == (tmp_path / "good.docx").read_bytes()


def test_an_unusable_cache_folder_is_not_an_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    render(tmp_path / "a.docx", blocker)
    assert docx.Document(str(tmp_path / "a.docx")).core_properties.language == "vi-VN"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder ownership is a POSIX notion")
def test_a_folder_others_can_write_is_not_trusted(tmp_path):
    cache = tmp_path / "shared"
    (cache / "v1").mkdir(parents=True)
    (cache / "v1").chmod(0o777)
    render(tmp_path / "a.docx", cache)
    assert entries(cache) == []


def test_an_edited_template_is_prepared_afresh(tmp_path):
    cache = tmp_path / "cache"
    render(tmp_path / "a.docx", cache)
    edited = tmp_path / "mau.docx"
    edited.write_bytes(with_parts(TEMPLATE.read_bytes(), {"docProps/app.xml": b"<Properties/>"}))
    render(tmp_path / "b.docx", cache, "--template", str(edited))
    assert len([p for p in entries(cache) if p.name.startswith("template-")]) == 2


def test_a_template_without_document_properties_gets_them(tmp_path):
    data = TEMPLATE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("_rels/.rels").decode()
        types = z.read("[Content_Types].xml").decode()

    rels = re.sub(r"<Relationship [^>]*core-properties[^>]*/>", "", rels)
    types = re.sub(r'<Override PartName="/docProps/core.xml"[^>]*/>', "", types)
    bare = tmp_path / "mau.docx"
    bare.write_bytes(with_parts(data, {"docProps/core.xml": None, "_rels/.rels": rels.encode(),
                                       "[Content_Types].xml": types.encode()}))
    render(tmp_path / "a.docx", tmp_path / "cache", "--template", str(bare))
    props = docx.Document(str(tmp_path / "a.docx")).core_properties
    assert props.title.startswith("Thực hiện Chương trình") and props.author == "Ủy ban nhân dân thị trấn Kông Chro"


def checkout(tmp_path: Path) -> tuple[Path, dict]:
    """Return a copy of docgen's code (its template included) to edit, and the environment that runs it."""
    import shutil

    copy = tmp_path / "checkout"
    shutil.copytree(ROOT / "docgen", copy / "docgen", ignore=shutil.ignore_patterns("__pycache__"))
    return copy, dict(os.environ, DOCGEN_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(copy))


def test_an_edit_of_the_model_is_not_hidden_by_the_cached_validator(tmp_path):
    copy, env = checkout(tmp_path)

    def validate() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "docgen", "validate", str(SAMPLE)], env=env, cwd=copy,
                              capture_output=True, text=True)

    assert validate().returncode == 0 and validate().returncode == 0  # the second run uses the cached one
    model = copy / "docgen" / "plan" / "fields.py"
    code = model.read_text(encoding="utf-8")
    model.write_text(code.replace("Count = Annotated[int, Field(ge=0,", "Count = Annotated[int, Field(ge=1,"),
                     encoding="utf-8")
    result = validate()
    assert result.returncode == 1 and "không được nhỏ hơn 1" in result.stderr


def test_an_edit_of_the_preparation_code_is_not_hidden_by_the_cache(tmp_path):
    copy, env = checkout(tmp_path)

    def rendered(name: str) -> str:
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "docgen", "render", str(SAMPLE), "-o", str(out)], check=True,
                       env=env, cwd=copy, capture_output=True)
        return "".join(docx.Document(str(out)).element.body.itertext())  # the tables' text too

    assert "Nơi nhận đã sửa:" not in rendered("before.docx")
    adapter = copy / "docgen" / "render" / "docxtpl_adapter.py"
    code = adapter.read_text(encoding="utf-8")
    edited = code.replace('return re.sub(r"<w:p([ >])", r"\\n<w:p\\1", _template().patch_xml(xml))',
                          'return re.sub(r"<w:p([ >])", r"\\n<w:p\\1", _template().patch_xml(xml))'
                          '.replace(">Nơi nhận:<", ">Nơi nhận đã sửa:<")')
    assert edited != code
    adapter.write_text(edited, encoding="utf-8")
    assert "Nơi nhận đã sửa:" in rendered("after.docx")
