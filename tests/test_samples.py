"""Every plan in content/ works with every command: four kinds of Kế hoạch, each ready to sign."""

from __future__ import annotations

import shutil

import pytest

from docgen.base.errors import ERROR
from docgen.checker import check_file
from docgen.cli import main
from docgen.commands.text import lines
from tests.conftest import ROOT, load_yaml, require_reader

SAMPLES = sorted((ROOT / "content").glob("*.yaml"))
# A Báo cáo (content/bao-cao-2024.yaml) reports on one year's plan: it is made by `docgen report`, not rolled forward.
PLANS = [p for p in SAMPLES if load_yaml(p.read_text(encoding="utf-8")).get("loai_van_ban") != "bao_cao"]


def test_there_are_plans_of_four_kinds_and_one_after_the_2025_reform():
    names = {p.stem for p in SAMPLES}
    assert {"ke-hoach-2024", "giam-ngheo-ia-to-2025", "phong-chong-thien-tai-ia-to-2025",
            "chuyen-doi-so-ia-to-2025", "giam-ngheo-ia-to-2026"} <= names


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_each_sample_validates_renders_and_passes_check(sample, tmp_path, capsys):
    assert main(["validate", str(sample)]) == 0
    assert "(cảnh báo)" not in capsys.readouterr().err  # every annex is mentioned in the text
    out = tmp_path / f"{sample.stem}.docx"
    assert main(["render", str(sample), "-o", str(out)]) == 0
    assert [r for r in check_file(out) if r.severity == ERROR] == []
    text = lines(out)
    assert text[-1].count("|") >= 3 and "./." in "".join(text)  # an annex table at the end, the closing mark
    assert not any("{{" in line for line in text)  # every quoted figure filled in


@pytest.mark.parametrize("sample", PLANS, ids=lambda p: p.stem)
def test_each_sample_rolls_forward_and_diffs(sample, tmp_path, capsys):
    copy = tmp_path / sample.name
    shutil.copy(sample, copy)
    draft = tmp_path / "nam-sau.yaml"
    year = load_yaml(sample.read_text(encoding="utf-8"))["nam"] + 1
    assert main(["new", str(copy), "--year", str(max(year, 2026)), "-o", str(draft)]) == 0
    assert main(["validate", str(draft)]) == 0
    capsys.readouterr()
    assert main(["diff", str(copy), str(draft), "--color", "never"]) == 1
    assert "Năm kế hoạch:" in capsys.readouterr().out


@pytest.mark.slow  # a process pool
def test_the_batch_renders_every_sample(tmp_path, capsys):
    assert main(["render", str(ROOT / "content"), "-o", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.docx")) == [p.stem for p in SAMPLES]


@pytest.mark.slow
@pytest.mark.libreoffice
def test_the_new_samples_convert_to_pdf_with_their_annex_pages(tmp_path):
    require_reader()
    import subprocess

    for sample in SAMPLES:
        if sample.stem == "ke-hoach-2024":
            continue  # its PDF is tested page by page elsewhere
        pdf = tmp_path / f"{sample.stem}.pdf"
        assert main(["pdf", str(sample), "-o", str(pdf)]) == 0
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert 3 <= pages <= 8
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "LiberationSerif" in fonts and "DejaVu" not in fonts
