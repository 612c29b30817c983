"""The review loop attacked with random edits (hypothesis): whatever is typed in Word, wherever,
`docgen import --force` writes a valid plan whose rendering says, in each paragraph and cell,
either what the edited file says or what the plan said before — never a third thing (an edit
misplaced, a figure garbled, a typed quote made live); exit 0 means all of the file came back."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.cli import main
from docgen.compare import edits
from docgen.compare.recompute import counterparts
from docgen.ooxml import package
from tests.conftest import SAMPLE_TEXT
from tests.test_import import W

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
ATTACK = settings(max_examples=300 if LONG else 20, deadline=None, derandomize=not LONG,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# What a reviewer types: words, Vietnamese marks, and what YAML, docgen's quotes and its labels treat
# specially.
TYPED = st.sampled_from(["Cần", "không", "và", "năm 2025", "UBND", ":", ": ", " #", "-", "- ", "«", "»", '"', "'",
                         "{{ giam_ngheo.so_ho }}", "{{", "}}", "{%", "\\", "*", "&a", "!!str", "%", "@", "`",
                         "1.", "a)", "II.", "20,28", "2.737", ";", ",", "  ", "đ", "Ư"])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attack")
    plan = folder / "ke-hoach.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    docx = folder / "k.docx"
    assert main(["render", str(plan), "-o", str(docx)]) == 0
    return Parts(package.read(docx.read_bytes()))


class Parts(dict):
    """The rendered plan's parts, shown briefly in a failing example."""

    def __repr__(self) -> str:
        return "<the 2024 plan rendered>"


def texts(root) -> list:
    """Every w:t-bearing paragraph of the body and its tables, with its text."""
    out = []
    for p in root.iter(f"{W}p"):
        ts = list(p.iter(f"{W}t"))
        if ts and "".join(t.text or "" for t in ts).strip():
            out.append((p, ts))
    return out


@st.composite
def word_edits(draw):
    """One to three edits, each in a paragraph or cell: a word inserted, deleted or replaced, or the
    paragraph deleted whole."""
    return [(draw(st.integers(0, 10_000)), draw(st.sampled_from(["them", "xoa", "sua", "bo"])), draw(st.integers(0, 10_000)),
             draw(TYPED)) for _ in range(draw(st.integers(1, 3)))]


def apply(parts: dict, changes) -> bytes:
    root = etree.fromstring(parts["word/document.xml"])
    found = texts(root)
    for which, kind, at, typed in changes:
        p, ts = found[which % len(found)]
        if kind == "bo":
            if p.getparent() is not None and p.getparent().tag == f"{W}body":
                p.getparent().remove(p)
            continue
        words = "".join(t.text or "" for t in ts).split(" ")
        i = at % (len(words) + (kind == "them"))
        if kind == "them":
            words.insert(i, typed)
        elif kind == "xoa" and len(words) > 1:
            del words[i]
        else:
            words[i % len(words)] = typed
        ts[0].text = " ".join(words)
        ts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for t in ts[1:]:
            t.text = ""
    parts = dict(parts)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return package.write(parts)


def figures_aside(text: str) -> str:
    return re.sub(r"-?\d[\d.,]*", "#", text)  # a figure computed again may turn negative


def document_units(path: Path) -> list[edits.Unit]:
    return edits.units(etree.fromstring(package.read(path.read_bytes())["word/document.xml"]))


@pytest.mark.slow
@ATTACK
@given(changes=word_edits())
def test_random_edits_come_back_exactly_or_not_at_all(rendered, tmp_path_factory, capsys, changes):
    folder = tmp_path_factory.mktemp("e")
    plan = folder / "ke-hoach.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    edited = folder / "da-sua.docx"
    edited.write_bytes(apply(rendered, changes))
    code = main(["import", str(edited), "--into", str(plan), "--force"])
    out = capsys.readouterr().out
    assert code in (0, 1, 4), out
    after = plan.read_text(encoding="utf-8")
    if code == 1:
        assert after == SAMPLE_TEXT, out
        return
    again = folder / "lai.docx"
    assert main(["render", str(plan), "-o", str(again)]) == 0, out  # a valid plan, within docgen's limits
    original = folder / "goc.docx"
    original.write_bytes(package.write(rendered))
    now, wanted, before = (document_units(p) for p in (again, edited, original))
    if code == 0:  # everything placed: the plan now prints the edited file, but for figures computed again
        assert len(now) == len(wanted), out
        for n, w in zip(now, wanted):
            if n.annex is None and n.text != w.text:
                assert figures_aside(n.text) == figures_aside(w.text), (out, n.text, w.text)
    listed = set(re.findall(r"^  ((?:đoạn \d+|bảng \d+, hàng \d+, cột \d+)): «", out, re.MULTILINE))
    # each place of the edited file, with what the plan printed there before and prints now
    was = counterparts(before, wanted)
    printed = counterparts(before, now)
    now_of = {id(printed[n.where]): n for n in now if n.where in printed}
    places = [(now_of.get(id(was.get(w.where))), w, was.get(w.where)) for w in wanted]
    for n, w, b in places:  # each place: the edit or what was there, nothing else
        if n is not None and b is not None and n.annex is None and w.where not in listed:
            recomputed = w.text == b.text and figures_aside(n.text) == figures_aside(w.text)
            assert n.text in (w.text, b.text) or recomputed, (out, n.text, w.text, b.text)


# --- a value rewritten in place, whatever it holds -------------------------------------------------

CHARS = st.sampled_from(list("ab đƯ:#'\"\\{}-,[]&*!|>%@`") + [": ", " #", "\\\"", "''", "  "])


def written(value: str, style: str) -> str:
    import json

    if style == '"':
        return json.dumps(value, ensure_ascii=False)
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == ">":
        return ">-\n    " + value
    return value


@ATTACK
@given(value=st.lists(CHARS, min_size=1, max_size=12).map("".join), new=st.lists(CHARS, max_size=4).map("".join),
       style=st.sampled_from(['"', "'", ">", ""]), where=st.tuples(st.integers(0, 40), st.integers(0, 40)))
def test_words_replaced_in_a_yaml_value_of_any_style_read_back_as_meant(value, new, style, where):
    from docgen.base.errors import ContentError
    from docgen.compare.edits import normal
    from docgen.plan import yamledit
    from docgen.plan.load import load_text

    text = f"a: {written(value, style)}\nb: 1\n"
    try:
        source = load_text(text, "x.yaml")
    except ContentError:
        return  # not a way this value can be written (a plain scalar starting with `-`, say)
    if not isinstance(source.data.get("a"), str) or not normal(source.data["a"]):
        return
    span = source.spans[("a",)]
    m = yamledit.mapped(text, span)
    content = normal(source.data["a"])
    a, b = sorted(w % (len(content) + 1) for w in where)
    wanted = normal(content[:a] + new + content[b:])
    edit = None
    if m is not None and m.content == content:
        edit = yamledit.replace_words(text, span, m, a, b, new)
    if edit is None:
        edit = yamledit.rewrite(text, span, content[:a] + new + content[b:])
    again = load_text(yamledit.apply(text, [edit]), "y.yaml")
    assert normal(again.data["a"]) == wanted and again.data["b"] == 1
