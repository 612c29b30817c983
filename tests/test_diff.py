"""`docgen diff`: semantic differences between plan versions, also against a git revision."""

import json
import shutil
import subprocess

import pytest

from docgen.cli import main
from docgen.commands.diff import word_diff
from tests.conftest import SAMPLE, SAMPLE_TEXT, plan_file


def edited(tmp_path, name="moi.yaml"):
    text = SAMPLE_TEXT.replace("      thoat_ngheo: 38\n", "      thoat_ngheo: 40\n")
    text = text.replace("      thoat_ngheo_dtts: 37\n", "      thoat_ngheo_dtts: 39\n")
    text = text.replace("giúp đỡ từ các cá nhân, tổ chức.", "giúp đỡ từ các cá nhân, tổ chức, doanh nghiệp.")
    text = text.replace("      - tieu_de: Nguồn lực khác\n",
                        "      - tieu_de: Vốn lồng ghép\n        gach:\n          - Lồng ghép các chương trình.\n"
                        "      - tieu_de: Nguồn lực khác\n")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("các cá nhân, tổ chức.", "các cá nhân, tổ chức, doanh nghiệp.") == \
        "các cá nhân, tổ [-chức.-] {+chức, doanh nghiệp.+}"


def test_no_difference_exits_0(capsys):
    assert main(["diff", str(SAMPLE), str(SAMPLE)]) == 0
    assert capsys.readouterr().out.strip() == "Không có khác biệt."


def test_reworded_added_and_changed_figures(tmp_path, capsys):
    assert main(["diff", str(SAMPLE), str(edited(tmp_path)), "--color", "never"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "  sửa (phần IV, mục 1.): … đỡ từ các cá nhân, tổ [-chức.-] {+chức, doanh nghiệp.+}" in out
    assert "  thêm (phần IV, mục 2.): Vốn lồng ghép" in out
    assert "  thêm (phần IV, mục 2.): - Lồng ghép các chương trình." in out
    assert "  TDP Plei Nghe · Số hộ thoát nghèo · Tổng số hộ: 38 → 40" in out
    assert "  TDP Plei Nghe · Số hộ thoát nghèo · Trong đó DTTS: 37 → 39" in out
    assert not any("Tỷ lệ %" in line for line in out)  # computed columns follow, they are not edits
    # the quoted figures that changed as a consequence: (559 - 2) / 2757 = 20,20 %
    assert "  giam_ngheo.ty_le_cuoi_nam: 20,28 → 20,20" in out
    assert "  giam_ngheo.muc_giam: 5,00 → 5,08" in out
    assert not any("Tỷ lệ hộ nghèo (theo chuẩn" in line for line in out)  # quoting sentences are not rewordings


def test_json_gives_the_same_as_data(tmp_path, capsys):
    assert main(["diff", str(SAMPLE), str(edited(tmp_path)), "--format", "json"]) == 1
    changes = json.loads(capsys.readouterr().out)
    figures = [c for c in changes if c["section"] == "phu_luc"]
    assert {"section": "phu_luc", "kind": "sua", "where": "TDP Plei Nghe · Số hộ thoát nghèo · Tổng số hộ",
            "old": "38", "new": "40", "words": None} in figures
    assert {c["section"] for c in changes} == {"noi_dung", "phu_luc", "chi_tieu"}


def test_colour_on_request(tmp_path, capsys):
    main(["diff", str(SAMPLE), str(edited(tmp_path)), "--color", "always"])
    assert "\x1b[32m" in capsys.readouterr().out


def test_against_a_git_revision(tmp_path, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    plan = repo / "ke-hoach-2024.yaml"
    shutil.copy(SAMPLE, plan)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run(git[:-2] + ["init", "-q", str(repo)], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "2024"], check=True)
    shutil.copy(edited(tmp_path), plan)
    assert main(["diff", str(plan), "--rev", "HEAD", "--color", "never"]) == 1
    assert "  TDP Plei Nghe · Số hộ thoát nghèo · Tổng số hộ: 38 → 40" in capsys.readouterr().out
    assert main(["diff", str(plan), "--rev", "khong-co-phien-ban"]) == 2
    assert "khong-co-phien-ban" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["diff"], ["diff", "a.yaml"], ["diff", "a.yaml", "b.yaml", "--rev", "HEAD"]])
def test_wrong_usage_exits_2(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(SAMPLE_TEXT, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(SAMPLE_TEXT, encoding="utf-8")
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
    assert code == 2


def test_diff_of_an_invalid_plan_exits_2_not_1(tmp_path, capsys):
    bad = plan_file(tmp_path, "a: [\n", "bad.yaml")
    assert main(["diff", str(bad), str(SAMPLE)]) == 2
    assert "bad.yaml" in capsys.readouterr().err


def test_diff_sees_the_poverty_standard_and_the_quoted_year_end_target_across_years(tmp_path, capsys):
    draft = tmp_path / "ke-hoach-2025.yaml"
    assert main(["new", str(plan_file(tmp_path, SAMPLE_TEXT)), "--year", "2025", "-o", str(draft)]) == 0
    text = draft.read_text(encoding="utf-8").replace("chuẩn nghèo đa chiều giai đoạn 2022-2025",
                                                      "chuẩn nghèo đa chiều giai đoạn 2026-2030")
    i = text.index("      - ten: Plei Nghe")
    text = text[:i] + text[i:].replace("        thoat_ngheo: 0\n        thoat_ngheo_dtts: 0\n",
                                       "        thoat_ngheo: 40\n        thoat_ngheo_dtts: 37\n", 1)
    draft.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", str(SAMPLE), str(draft), "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert "giai đoạn [-2022-2025)-] {+2026-2030)+} còn {{ giam_ngheo.ty_le_cuoi_nam }}% vào cuối năm" in out
    assert "giam_ngheo.ty_le_cuoi_nam: 20,28 → 18,82" in out
