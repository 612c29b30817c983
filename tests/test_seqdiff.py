"""docgen.base.seqdiff: difflib's opcodes, bounded."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.base import seqdiff

items = st.lists(st.sampled_from("abc "), max_size=40)


def rebuilt(a, b, ops) -> list:
    """Return b rebuilt from a and the opcodes, checking they tile both sequences in order."""
    out, i, j = [], 0, 0
    for op, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        if op == "equal":
            assert a[i1:i2] == b[j1:j2]
            out += a[i1:i2]
        else:
            assert op == {(True, True): "replace", (True, False): "delete", (False, True): "insert"}[
                (i2 > i1, j2 > j1)]
            out += b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return out


def cost(ops) -> int:
    return sum(i2 - i1 + j2 - j1 for op, i1, i2, j1, j2 in ops if op != "equal")


def test_short_sequences_get_difflibs_own_opcodes():
    a, b = list("the cat sat on the mat"), list("the dog sat on a mat")
    assert seqdiff.opcodes(a, b) == difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@settings(max_examples=300, deadline=None)
@given(items, items)
def test_the_long_sequence_path_is_a_shortest_edit_script(a, b):
    saved, seqdiff.SMALL = seqdiff.SMALL, -1  # every pair through Myers' diff
    try:
        ops = seqdiff.opcodes(a, b)
    finally:
        seqdiff.SMALL = saved
    assert rebuilt(a, b, ops) == b
    assert cost(ops) <= cost(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())


def test_past_the_limit_the_differing_middle_is_one_replacement():
    a = ["same"] * 300 + [f"old{i}" for i in range(1000)] + ["end"] * 300
    b = ["same"] * 300 + [f"new{i}" for i in range(1000)] + ["end"] * 300
    assert seqdiff.opcodes(a, b, limit=100) == [("equal", 0, 300, 0, 300), ("replace", 300, 1300, 300, 1300),
                                                ("equal", 1300, 1600, 1300, 1600)]


def test_a_long_paragraph_with_scattered_changes_keeps_its_unchanged_words():
    words = [w for n in range(20_000) for w in (f"w{n % 97}", " ")]
    changed = list(words)
    for n in range(0, 40_000, 400):  # 100 words reworded
        changed[n] = "khác"
    ops = seqdiff.opcodes(words, changed)
    assert cost(ops) == 200
    assert rebuilt(words, changed, ops) == changed
