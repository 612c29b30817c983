"""Property tests: structural mutations of every sample plan, and of a rendered .docx.

Whatever the mutation, docgen answers with a message, never a traceback: `validate` exits 0,
1 or 2 and every line it prints names the file; a plan that still validates renders; `check`
and `text` on a damaged .docx exit with their documented codes. Bounded (a few dozen examples
each, no deadline) so that the suite stays within minutes; run with HYPOTHESIS_PROFILE=long
for a deeper search.
"""

from __future__ import annotations

import copy
import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.cli import main
from tests.conftest import ROOT, dump_yaml, load_yaml

pytestmark = pytest.mark.slow  # many random inputs per test

SAMPLES = sorted((ROOT / "content").glob("*.yaml"))
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
FUZZ = settings(max_examples=400 if LONG else 25, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# --- mutations of a plan's data -------------------------------------------------------------------


def _places(data, path=()):
    """Yield the path of every value in data."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _places(value, path + (i,))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


OTHER_VALUES = [None, 0, -1, 10**30, 1.5, True, "", "chữ", "2024-02-30", [], {}, ["a"], {"a": 1}, "{{ x.y }}",
                "{% for i in range(9) %}", "\u202e\x1b[31m"]


def mutate(data, choice: int, pick: int, value: int):
    """Return a copy of data with one structural change at a place chosen by pick."""
    data = copy.deepcopy(data)
    places = [p for p in _places(data) if p]
    path = places[pick % len(places)]
    parent, last = _get(data, path[:-1]), path[-1]
    kind = choice % 5
    if kind == 0:  # delete a key or an item
        del parent[last]
    elif kind == 1:  # change a value's type
        parent[last] = OTHER_VALUES[value % len(OTHER_VALUES)]
    elif kind == 2:  # a list becomes a mapping, a mapping a list
        here = parent[last]
        parent[last] = ({str(i): v for i, v in enumerate(here)} if isinstance(here, list)
                        else list(here.values()) if isinstance(here, dict) else [here])
    elif kind == 3:  # a copy of a sibling (duplicated item, or a key under another name)
        if isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        else:
            parent[f"{last}_2" if value % 2 else last + "x"] = copy.deepcopy(parent[last])
    else:  # nest the value one level deeper than expected
        parent[last] = {"noi_dung": parent[last]}
    return data


def _assert_answered(code: int, err: str, plan: Path) -> None:
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "lỗi nội bộ" not in err, err
    for line in err.strip().splitlines():
        assert line.startswith((str(plan), "docgen: ")), line
    if code == 1:
        assert str(plan) in err


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
@FUZZ
@given(choice=st.integers(0, 4), pick=st.integers(0, 10**6), value=st.integers(0, 100))
def test_a_mutated_plan_is_validated_or_refused_with_its_location(sample, choice, pick, value, tmp_path, capsys):
    data = load_yaml(sample.read_text(encoding="utf-8"))
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(dump_yaml(mutate(data, choice, pick, value), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    code = main(["validate", str(plan)])
    _assert_answered(code, capsys.readouterr().err, plan)
    if code == 0:  # still a plan: it must render
        assert main(["render", str(plan), "-o", str(tmp_path / "out.docx")]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
@FUZZ
@given(cut=st.floats(0, 1), extra=st.sampled_from([b"", b"\n", b'"', b"- ", b": ", b"\xc3", b"\t", b"&a", b"*a"]))
def test_a_plan_cut_at_any_byte_is_refused_with_its_location(sample, cut, extra, tmp_path, capsys):
    raw = sample.read_bytes()
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_bytes(raw[: int(len(raw) * cut)] + extra)
    code = main(["validate", str(plan)])
    _assert_answered(code, capsys.readouterr().err, plan)


# --- mutations of a rendered .docx ------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fuzz") / "ke-hoach.docx"
    assert main(["render", str(ROOT / "content" / "chuyen-doi-so-ia-to-2025.yaml"), "-o", str(out)]) == 0
    return out


def _mutate_docx(data: bytes, seed: int, how: int) -> bytes:
    rng = random.Random(seed)
    if how == 0:  # truncated download
        return data[: rng.randrange(len(data))]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    name = rng.choice(["word/document.xml", "word/document.xml", "word/styles.xml", "word/numbering.xml",
                       "[Content_Types].xml", "word/_rels/document.xml.rels"])
    if name not in parts:
        name = "word/document.xml"
    root = etree.fromstring(parts[name])
    elements = list(root.iter())
    for _ in range(rng.randint(1, 5)):
        el = rng.choice(elements)
        parent = el.getparent()
        if how == 1 and parent is not None:  # drop an element
            parent.remove(el)
            elements = list(root.iter())
        elif how == 2 and parent is not None:  # duplicate one
            parent.insert(parent.index(el), copy.deepcopy(el))
        elif el.attrib:  # corrupt an attribute
            key = rng.choice(list(el.attrib))
            el.set(key, rng.choice(["", "-1", "99999999999", "abc", "auto", "nil", "0"]))
    parts[name] = etree.tostring(root)
    if how == 3:  # and drop a whole part
        parts.pop(rng.choice(sorted(parts)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in parts.items():
            z.writestr(part, content)
    return out.getvalue()


@FUZZ
@given(seed=st.integers(0, 10**9), how=st.integers(0, 3))
def test_a_damaged_docx_is_checked_or_refused(rendered, seed, how, tmp_path, capsys):
    path = tmp_path / "hong.docx"
    path.write_bytes(_mutate_docx(rendered.read_bytes(), seed, how))
    for command, codes in (("check", (0, 1, 2)), ("text", (0, 2))):
        code = main([command, str(path)])
        err = capsys.readouterr().err
        assert code in codes, (command, err)
        assert "Traceback" not in err and "lỗi nội bộ" not in err, (command, err)
        if code == 2:
            assert str(path) in err
