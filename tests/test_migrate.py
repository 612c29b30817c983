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


def test_keys_migrate_cannot_place_are_kept_as_comments_listed_and_exit_1(tmp_path, capsys):
    old = OLD.read_text(encoding="utf-8")
    extra = old.replace("    chuan_ngheo: chuẩn nghèo đa chiều giai đoạn 2022-2025\n",
                        "    chuan_ngheo: chuẩn nghèo đa chiều giai đoạn 2022-2025\n"
                        "    can_ngheo: Tỷ lệ hộ cận nghèo giảm 1,5% so với đầu năm.\n"
                        "    doan:\n      - Giảm 21 hộ cận nghèo trong năm.\n", 1)
    extra = extra.replace("to_chuc_thuc_hien:\n", "to_chuc_thuc_hien:\n  kiem_tra: Kiểm tra định kỳ mỗi quý.\n", 1)
    assert extra.count("can_ngheo:") == 1 and "kiem_tra:" in extra
    plan = tmp_path / "ke-hoach-2024.yaml"
    plan.write_text(extra, encoding="utf-8")
    assert main(["migrate", str(plan)]) == 1
    out = capsys.readouterr().out
    rows = extra.splitlines()
    near_poor, check = rows.index("    can_ngheo: Tỷ lệ hộ cận nghèo giảm 1,5% so với đầu năm.") + 1, \
        rows.index("  kiem_tra: Kiểm tra định kỳ mỗi quý.") + 1
    assert f"{plan}:{near_poor}: muc_tieu.cu_the.can_ngheo" in out
    assert f"{plan}:{near_poor + 1}: muc_tieu.cu_the.doan" in out
    assert f"{plan}:{check}: to_chuc_thuc_hien.kiem_tra" in out
    text = plan.read_text(encoding="utf-8")
    for kept in ("#   can_ngheo: Tỷ lệ hộ cận nghèo giảm 1,5% so với đầu năm.", "#     - Giảm 21 hộ cận nghèo trong năm.",
                 "#   kiem_tra: Kiểm tra định kỳ mỗi quý."):
        assert kept in text, kept
    assert main(["validate", str(plan)]) == 0  # the comments change nothing the plan says


def test_a_missing_old_key_is_named_with_its_whole_path(tmp_path, capsys):
    plan = tmp_path / "ke-hoach-2024.yaml"
    plan.write_text(OLD.read_text(encoding="utf-8").replace(
        "    chuan_ngheo: chuẩn nghèo đa chiều giai đoạn 2022-2025\n", "", 1), encoding="utf-8")
    assert main(["migrate", str(plan)]) == 2
    assert "thiếu khóa `muc_tieu.cu_the.chuan_ngheo`" in capsys.readouterr().err
    assert plan.read_text(encoding="utf-8").count("chuan_ngheo") == 0  # untouched: nothing was written
