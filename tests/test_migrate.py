"""`docgen migrate`: a plan in docgen 0.1's format converted, the document unchanged."""

import shutil
from pathlib import Path

from docgen.cli import main
from docgen.commands.text import lines
from tests.conftest import SAMPLE

OLD = Path(__file__).parent / "data" / "ke-hoach-2024-mau-cu.yaml"


def test_an_old_plan_is_refused_with_the_command_that_converts_it(tmp_path, capsys):
    plan = tmp_path / "ke-hoach-2024.yaml"
    shutil.copy(OLD, plan)
    assert main(["validate", str(plan)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"docgen migrate {plan}" in err and "muc_dich_yeu_cau" in err


def test_migrate_converts_in_place_keeps_the_old_file_and_the_document(tmp_path, capsys):
    plan = tmp_path / "ke-hoach-2024.yaml"
    shutil.copy(OLD, plan)
    assert main(["migrate", str(plan)]) == 0
    assert (tmp_path / "ke-hoach-2024.cu.yaml").read_bytes() == OLD.read_bytes()
    text = plan.read_text(encoding="utf-8")
    assert "phan:" in text and "muc_dich_yeu_cau" not in text
    assert "# Bản quét không đọc được họ tên người ký" in text  # comments travel with their keys
    for name, source in (("old.docx", plan), ("new.docx", SAMPLE)):
        assert main(["render", str(source), "-o", str(tmp_path / name)]) == 0
    assert lines(tmp_path / "old.docx") == lines(tmp_path / "new.docx")
    assert main(["migrate", str(plan)]) == 2  # already in today's format
    assert "không cần chuyển" in capsys.readouterr().err
