"""The plan loader's fast paths read every file as the slow ones do: LibYAML's composer and the
pure-Python one, a plain count read directly and through PyYAML's constructor. Same data, same
positions, same spans, same problems and messages, on the samples, on every broken input of
test_errors and on numbers of every form."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.base.errors import ContentError
from docgen.plan import load
from tests.conftest import ROOT, SAMPLE_TEXT
from tests.test_errors import CASES

SAMPLES = sorted((ROOT / "content").glob("*.yaml"))
NEVER = re.compile(r"(?!)")


def _outcome(text: str) -> tuple:
    """Return all a loaded text gives: its Source's parts, or the problems it is refused with. Read
    each time (not a copy of a reading kept by load_text): the paths compared here are the parser's."""
    try:
        s = load._load_text(text, "ke-hoach.yaml")
    except ContentError as exc:
        return ("refused", [(p.file, p.line, p.column, p.path, p.message, p.severity) for p in exc.problems])
    typed = repr([(type(v).__name__, v) for v in _leaves(s.data)])
    return (s.data, typed, s.values, s.keys, s.spans, s.shared, s.broken,
            [(p.line, p.column, p.path, p.message) for p in s.problems])


def _leaves(data):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(k)
            yield from _leaves(v)
    elif isinstance(data, list):
        for v in data:
            yield from _leaves(v)
    else:
        yield data


def _both_composers(text: str, monkeypatch) -> tuple[tuple, tuple]:
    fast = _outcome(text)
    with monkeypatch.context() as m:
        m.setattr(load, "_FAST_LOADER", yaml.SafeLoader)
        slow = _outcome(text)
    return fast, slow


def test_libyaml_is_there_to_compare():
    assert issubclass(load._FAST_LOADER, yaml.CSafeLoader)  # PyYAML's wheels ship it: else this file tests little


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_each_sample_loads_alike_with_either_composer(sample, monkeypatch):
    fast, slow = _both_composers(sample.read_text(encoding="utf-8"), monkeypatch)
    assert fast[0] != "refused"
    assert fast == slow


# Every broken input of test_errors, each a whole plan read a second time by the pure-Python composer
# (a twentieth of the quick set's time): with the slow set. The quick set reads each once
# (tests/test_errors.py) and compares the composers on the small malformed texts below.
@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if isinstance(c.edit(SAMPLE_TEXT), str)], ids=lambda c: c.name)
def test_each_broken_input_is_refused_alike_with_either_composer(case, monkeypatch):
    fast, slow = _both_composers(case.edit(SAMPLE_TEXT), monkeypatch)
    assert fast == slow


MALFORMED = [
    "a: [1, 2\n", "a: {b: 1\n", "a: 'x\n", 'a: "x\n', "a:\n\t- 1\n", "a: 1\n b: 2\n", "- a\nb: 1\n",
    "a: *nothing\n", "a: &x [*x]\n", "a: !!python/object:os.system 1\n", "a: 1\na: 2\n", "? [a]\n: 1\n",
    "a: 2024-02-30\n", "a: \x07\n", "", "# only a comment\n", "- 1\n- 2\n", "a: b: c\n", "a: |\n x\n  y\n",
    "a:\n  - b\n - c\n", "<<: {a: 1}\n", "a: " + "9" * 5000 + "\n", "a: @x\n", "a: `x\n", "%YAML 9.9\n---\na: 1\n",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_yaml_is_read_alike_with_either_composer(text, monkeypatch):
    fast, slow = _both_composers(text, monkeypatch)
    assert fast == slow


NUMBERS = ["0", "-0", "+0", "7", "+7", "-7", "007", "010", "0409", "1_000", "1:30", "-1:30", "0x1F", "0o17", "0b101",
           "123456789012345678", "1234567890123456789", "99999999999999999999", "1e3", "12.5", ".5", "-.inf",
           "1" * 4300, "1" * 4301, "+", "-", "00", "08", "1__0", "0_1", "true", "~", "'12'", '"-3"', "!!int '12'"]


def _with_constructor(text: str, monkeypatch) -> tuple[tuple, tuple]:
    fast = _outcome(text)
    with monkeypatch.context() as m:
        m.setattr(load, "_DECIMAL", NEVER)  # every count through PyYAML's constructor, as before
        slow = _outcome(text)
    return fast, slow


@pytest.mark.parametrize("number", NUMBERS)
def test_a_count_reads_as_the_constructor_reads_it(number, monkeypatch):
    fast, slow = _with_constructor(f"a: {number}\nb: [{number}, x]\n", monkeypatch)
    assert fast == slow


@pytest.mark.slow  # 200 random inputs
@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[-+]?[0-9_:]{1,24}", fullmatch=True))
def test_any_number_like_text_reads_as_the_constructor_reads_it(number):
    with pytest.MonkeyPatch.context() as m:
        fast = _outcome(f"a: {number}\n")
        m.setattr(load, "_DECIMAL", NEVER)
        slow = _outcome(f"a: {number}\n")
    assert fast == slow


def test_the_fast_count_is_taken():
    """The comparison above is between two paths: plain counts do skip the constructor."""
    calls = []

    class Spy(yaml.constructor.SafeConstructor):
        def construct_object(self, node, deep=False):
            calls.append(node.value)
            return super().construct_object(node, deep)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(yaml.constructor, "SafeConstructor", Spy)
        s = load._load_text("a: 12\nb: 010\nc: 2024-01-11\n", "ke-hoach.yaml")
    assert s.data["a"] == 12 and s.data["b"] == "010" and s.data["b"].number == 10
    assert calls == ["010", "2024-01-11"]


def test_a_text_read_again_gives_an_equal_copy_of_its_own():
    """load_text keeps its last readings: a text read again is the same reading, not the same objects
    (a reader that changes its data changes no one else's), numbers as typed included."""
    text = SAMPLE_TEXT.replace("nam: 2024", "nam: 2024\nma_so: 010", 1)
    first = load.load_text(text, "ke-hoach.yaml")
    first.data["trich_yeu"] = "đã đổi"
    first.values.clear()
    again = load.load_text(text, "ke-hoach.yaml")
    assert again == load._load_text(text, "ke-hoach.yaml")
    assert again.data["ma_so"] == "010" and again.data["ma_so"].number == 10
    assert again.data is not load.load_text(text, "ke-hoach.yaml").data
    assert load.load_text(text, "khac.yaml").file == "khac.yaml"  # another file's name: read as that file


def test_only_the_last_texts_are_kept_and_no_big_one():
    for n in range(3 * load._KEPT_TEXTS):
        load.load_text(f"nam: {2000 + n}\n", "ke-hoach.yaml")
    assert len(load._KEPT) == load._KEPT_TEXTS
    big = "trich_yeu: " + "x" * load._KEPT_SIZE + "\n"
    load.load_text(big, "ke-hoach.yaml")
    assert ("ke-hoach.yaml", big) not in load._KEPT and len(load._KEPT) == load._KEPT_TEXTS
