"""Each command loads what it uses: `check` and `text` of any .docx never load the plan model
(pydantic, docgen.plan, docgen.render); `check` still holds docgen's own files' quoted figures
against their annex, from the record in the file. (`validate` without the docx machinery:
tests/test_cli.py and tests/test_errors.py.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from docgen.cli import main
from tests.conftest import ROOT, SAMPLE
from tests.test_check import hand_typed
from tests.test_import import edit_docx, paragraph, replace_text

pytestmark = pytest.mark.slow  # each test starts Python afresh

# What a command run by `main` left loaded (main's exit code first), as JSON on the last line.
_PROBE = ("import json, sys; from docgen.cli import main; code = main(sys.argv[1:]); "
          "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' "
          "or m.startswith(('docgen.plan', 'docgen.render')))]))")


def loaded(*command: str) -> tuple[int, list[str], str]:
    """Return the exit code of `docgen COMMAND…` run in a fresh Python, the plan-side modules it
    loaded, and what it printed."""
    run = subprocess.run([sys.executable, "-c", _PROBE, *command], capture_output=True, text=True, cwd=ROOT,
                         check=False)  # the exit code is main's, printed by the probe
    *printed, last = run.stdout.strip().splitlines()
    code, modules = json.loads(last)
    return code, modules, "\n".join(printed) + run.stderr


@pytest.fixture(scope="module")
def retyped(tmp_path_factory):
    """docgen's own file, with a quoted figure retyped in the text (the annex still says 20,28)."""
    folder = tmp_path_factory.mktemp("loading")
    made, edited = folder / "ke-hoach.docx", folder / "da-sua.docx"
    assert main(["render", str(SAMPLE), "-o", str(made)]) == 0
    edit_docx(made, edited, lambda root: replace_text(paragraph(root, "- Tỷ lệ hộ nghèo (theo"), "20,28%", "19,00%"))
    return edited


def test_check_of_docgens_own_file_holds_quotes_against_the_annex_without_the_plan_model(retyped):
    code, modules, out = loaded("check", str(retyped))
    assert "lỗi DG.TRICH" in out and "câu ghi «19,00»" in out and "cho 20,28" in out  # the record was read
    assert code == 1
    assert modules == []


def test_check_of_a_hand_typed_file_does_not_load_the_plan_model(tmp_path):
    code, modules, out = loaded("check", str(hand_typed(tmp_path / "tay.docx")))
    assert code == 1 and "lỗi ND30.PL1.II.1.b" in out
    assert modules == []


def test_text_does_not_load_the_plan_model(retyped):
    code, modules, out = loaded("text", str(retyped))
    assert code == 0 and "còn 19,00% vào cuối năm 2024" in out
    assert modules == []


def test_the_probe_sees_the_plan_model_where_it_is_loaded():
    """The probe itself can fail: `validate` does load pydantic and the plan model."""
    code, modules, _ = loaded("validate", str(SAMPLE))
    assert code == 0
    assert "pydantic" in modules and "docgen.plan.model" in modules
