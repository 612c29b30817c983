"""`docgen import EDITED.docx --into PLAN.yaml`: edits made in Word back into the YAML.

The round trip goes through LibreOffice as a user's editor would: render, edit and save
there, import; the YAML must change by exactly those edits (comments and line layout kept
elsewhere), and rendering it must give the edited document's text."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from lxml import etree

from docgen.cli import main
from docgen.compare import edits
from docgen.ooxml import package
from docgen.plan.build import plan_from_text
from docgen.render.engine import render
from docgen.render.template import TEMPLATE
from tests.conftest import ROOT, SAMPLE_TEXT, end_office, render_once

SYSTEM_PYTHON = "/usr/bin/python3"
DELETED_LINE = ("- Tập trung triển khai thực hiện có hiệu quả các Dự án, Tiểu dự án thuộc Chương trình mục tiêu "
                "quốc gia giảm nghèo bền vững trong năm 2024 triển khai trên địa bàn thị trấn.")
WORDS = [("góp phần đạt các mục tiêu", "góp phần hoàn thành các mục tiêu"),
         ("đảm bảo sự thống nhất và đồng bộ", "bảo đảm thống nhất, đồng bộ"),
         ("là một nội dung quan trọng trong các chương trình", "là nhiệm vụ quan trọng trong các chương trình")]


def units(text: str) -> list[edits.Unit]:
    data = render(plan_from_text(text, "ke-hoach.yaml"), TEMPLATE)
    return edits.units(etree.fromstring(package.read(data)["word/document.xml"]))


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def docgen_text(path: Path, capsys) -> str:
    capsys.readouterr()
    assert main(["text", str(path)]) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A LibreOffice listening on a private pipe, for the edits a user would make."""
    soffice = shutil.which("soffice")
    if soffice is None or subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode:
        message = "needs LibreOffice and its Python bridge: apt-get install libreoffice-writer-nogui python3-uno"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    profile = tmp_path_factory.mktemp("office")
    pipe = f"docgen-import-{os.getpid()}"
    process = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore",
                                f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def edit(source: Path, target: Path, plan: dict) -> None:
        for _ in range(60):  # the office takes a few seconds to listen
            result = subprocess.run([SYSTEM_PYTHON, str(ROOT / "tests" / "office_edit.py"), pipe, str(source),
                                     str(target), json.dumps(plan)], capture_output=True, text=True)
            if result.returncode == 0 or "NoConnectException" not in result.stderr:
                break
            time.sleep(1)
        assert result.returncode == 0, result.stderr + result.stdout

    yield edit
    end_office(process, pipe, f"file://{profile}")


@pytest.fixture
def rendered(tmp_path):
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    docx = tmp_path / "ke-hoach.docx"
    assert main(["render", str(plan), "-o", str(docx)]) == 0
    return plan, docx


@pytest.mark.libreoffice
@pytest.mark.slow
def test_round_trip_through_libreoffice_brings_back_exactly_the_edits(office, rendered, tmp_path, capsys):
    plan, docx = rendered
    # one figure of the annex, with everything that follows from it, as a careful user would type it
    target = SAMPLE_TEXT.replace("ho_ngheo: 21 ", "ho_ngheo: 25 ", 1)
    before, after = units(SAMPLE_TEXT), units(target)
    cells = [[f"{chr(ord('A') + a.col)}{a.row + 1}", a.text, b.text] for a, b in zip(before, after)
             if a.text != b.text and a.annex is not None]
    sentences = [[a.text, b.text] for a, b in zip(before, after) if a.text != b.text and a.annex is None]
    assert len(cells) == 8 and len(sentences) == 2  # the unit's row, the totals, two quoted rates
    edited = tmp_path / "da-sua.docx"
    office(docx, edited, {"replace": WORDS + sentences, "cells": [[2, cells]], "delete": [DELETED_LINE]})

    assert main(["import", str(edited), "--into", str(plan)]) == 0
    report = capsys.readouterr().out
    assert "[-đạt-] {+hoàn thành+}" in report and "xóa phan[1].muc[1].gach[3]" in report
    assert "phu_luc[0].dong[0].ho_ngheo (dòng 676): [-21-] {+25+}" in report
    new_text = plan.read_text(encoding="utf-8")
    assert changed_lines(SAMPLE_TEXT, new_text) == [
        "-            Phấn đấu đạt các chỉ tiêu về giảm nghèo năm 2024, góp phần đạt các mục tiêu, chỉ tiêu được",
        "+            Phấn đấu đạt các chỉ tiêu về giảm nghèo năm 2024, góp phần hoàn thành các mục tiêu, chỉ tiêu được",
        "-            tế - xã hội năm 2024 đảm bảo sự thống nhất và đồng bộ trong việc tổ chức thực hiện.",
        "+            tế - xã hội năm 2024 bảo đảm thống nhất, đồng bộ trong việc tổ chức thực hiện.",
        "-          - >-",
        "-            Tập trung triển khai thực hiện có hiệu quả các Dự án, Tiểu dự án thuộc Chương trình mục",
        "-            tiêu quốc gia giảm nghèo bền vững trong năm 2024 triển khai trên địa bàn thị trấn.",
        "-                giảm nghèo là một nội dung quan trọng trong các chương trình, kế hoạch phát triển kinh",
        "+                giảm nghèo là nhiệm vụ quan trọng trong các chương trình, kế hoạch phát triển kinh",
        "-        ho_ngheo: 21           # cuối năm trước: số hộ nghèo, trong đó DTTS",
        "+        ho_ngheo: 25           # cuối năm trước: số hộ nghèo, trong đó DTTS",
    ]
    again = tmp_path / "lai.docx"
    assert main(["render", str(plan), "-o", str(again)]) == 0
    assert docgen_text(again, capsys) == docgen_text(edited, capsys)
    # importing the same file again finds nothing more to do
    assert main(["import", str(edited), "--into", str(plan)]) == 0
    assert "không có thay đổi nào để nhập" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.libreoffice
def test_one_annex_figure_changed_in_libreoffice_imports_with_exit_0_and_the_rest_computed_again(office, rendered,
                                                                                               tmp_path, capsys):
    """Issue 22: the common case, as a user does it — one count retyped, nothing recomputed by the
    word processor; `docgen import … && git commit` must go on."""
    plan, docx = rendered
    target = SAMPLE_TEXT.replace("ho_ngheo: 21 ", "ho_ngheo: 25 ", 1)
    cell = next([f"{chr(ord('A') + a.col)}{a.row + 1}", a.text, b.text]
                for a, b in zip(units(SAMPLE_TEXT), units(target)) if a.annex is not None and (a.text, b.text) == ("21", "25"))
    edited = tmp_path / "da-sua.docx"
    office(docx, edited, {"cells": [[2, [cell]]]})
    assert main(["import", str(edited), "--into", str(plan)]) == 0
    out = capsys.readouterr().out
    assert "docgen tính lại" in out and "Không đặt được" not in out
    assert plan.read_text(encoding="utf-8") == target


@pytest.mark.libreoffice
@pytest.mark.slow
def test_a_file_only_resaved_by_libreoffice_imports_no_change(office, rendered, tmp_path, capsys):
    plan, docx = rendered
    resaved = tmp_path / "luu-lai.docx"
    office(docx, resaved, {})
    assert main(["import", str(resaved), "--into", str(plan)]) == 0
    assert "không có thay đổi nào để nhập" in capsys.readouterr().out
    assert plan.read_text(encoding="utf-8") == SAMPLE_TEXT
    # LibreOffice keeps the record of the quoted figures that `check` holds against the annex
    from docgen.ooxml import record

    assert record.read(package.read(resaved.read_bytes())) == record.read(package.read(docx.read_bytes()))
    assert main(["check", str(resaved), "--plan", str(plan)]) == 0


# --- edits made with lxml, as Word would store them ----------------------------------------------


def edit_docx(source: Path, target: Path, change) -> None:
    parts = package.read(source.read_bytes())
    root = etree.fromstring(parts["word/document.xml"])
    change(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    target.write_bytes(package.write(parts))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of(p) -> str:
    """Return p's text as Word shows it: a non-breaking hyphen (in document numbers) is a hyphen."""
    return "".join(t.text or "" if t.tag == f"{W}t" else "-" for t in p.iter(f"{W}t", f"{W}noBreakHyphen"))


def paragraph(root, starts: str):
    return next(p for p in root.iter(f"{W}p") if text_of(p).startswith(starts))


def set_text(p, text: str) -> None:
    """Type text over p, as a user retyping the paragraph: its non-breaking hyphens go too."""
    for nbh in list(p.iter(f"{W}noBreakHyphen")):
        nbh.getparent().remove(nbh)
    ts = list(p.iter(f"{W}t"))
    ts[0].text = text
    for t in ts[1:]:
        t.text = ""


def replace_text(p, old: str, new: str) -> None:
    set_text(p, text_of(p).replace(old, new, 1))


def test_what_cannot_be_placed_is_listed_and_nothing_is_written(rendered, tmp_path, capsys):
    plan, docx = rendered
    edited = tmp_path / "da-sua.docx"

    def change(root):
        added = etree.fromstring(etree.tostring(paragraph(root, "1. Mục đích")))
        set_text(added, "Một đoạn mới thêm giữa hai mục.")
        paragraph(root, "1. Mục đích").addnext(added)
        replace_text(paragraph(root, "2. Yêu cầu"), "2. Yêu cầu", "3. Yêu cầu")  # renumbered by hand
        p = paragraph(root, "- Tỷ lệ hộ nghèo dân tộc thiểu số")
        replace_text(p, "giảm 11,50%", "giảm mạnh")  # a quoted figure overwritten

    edit_docx(docx, edited, change)
    assert main(["import", str(edited), "--into", str(plan)]) == 1
    out = capsys.readouterr().out
    assert "Không đặt được vào YAML" in out
    assert "«Một đoạn mới thêm giữa hai mục.» — đoạn/ô mới thêm" in out
    assert "«3. Yêu cầu" in out and "không nằm trong một câu viết trong YAML" in out
    assert "giảm mạnh." in out
    assert "Không ghi gì: dùng --force" in out and plan.read_text(encoding="utf-8") == SAMPLE_TEXT


def test_an_annex_edit_whose_figures_word_left_stale_is_imported_and_they_are_computed_again(rendered, tmp_path,
                                                                                             capsys):
    """Issue 22: one count changed in Word; the row's rate, the totals and the quoted figures are
    left as they were (no word processor recomputes them): docgen computes them again, exit 0."""
    plan, docx = rendered
    edited = tmp_path / "da-sua.docx"

    def change(root):  # TDP 1's poor households 21 -> 30, but its rate and the totals left as they were
        table = list(root.iter(f"{W}tbl"))[-1]
        row = next(r for r in table.iter(f"{W}tr") if "TDP 1" in "".join(t.text or "" for t in r.iter(f"{W}t")))
        set_text(row.findall(f"{W}tc")[3], "30")

    edit_docx(docx, edited, change)
    assert main(["import", str(edited), "--into", str(plan), "--thu"]) == 0  # what the real import will return
    out = capsys.readouterr().out
    assert "phu_luc[0].dong[0].ho_ngheo (dòng 676): [-21-] {+30+}" in out
    assert "+        ho_ngheo: 30" in out and "(chạy thử: không ghi gì)" in out
    assert plan.read_text(encoding="utf-8") == SAMPLE_TEXT
    assert main(["import", str(edited), "--into", str(plan)]) == 0
    out = capsys.readouterr().out
    after = plan.read_text(encoding="utf-8")
    stale = sum(a.text != b.text for a, b in zip(units(SAMPLE_TEXT), units(after))) - 1  # all but the cell typed
    assert stale > 4 and f"docgen tính lại {stale} số liệu" in out and "Không đặt được" not in out
    assert changed_lines(SAMPLE_TEXT, after) == [
        "-        ho_ngheo: 21           # cuối năm trước: số hộ nghèo, trong đó DTTS",
        "+        ho_ngheo: 30           # cuối năm trước: số hộ nghèo, trong đó DTTS"]


def test_tracked_changes_are_listed_and_imported_only_when_accepted(tmp_path, capsys):
    """A comparison from `diff --docx` is a file full of tracked changes: imported into the older
    plan, its revisions are left out (and listed) unless taken as accepted."""
    old, new = tmp_path / "cu.yaml", tmp_path / "moi.yaml"
    old.write_text(SAMPLE_TEXT, encoding="utf-8")
    new_text = SAMPLE_TEXT
    for a, b in WORDS + [("ho_ngheo: 21 ", "ho_ngheo: 25 ")]:
        new_text = new_text.replace(a, b, 1)
    new.write_text(new_text, encoding="utf-8")
    shown = tmp_path / "so-sanh.docx"
    assert main(["diff", str(old), str(new), "--docx", "-o", str(shown)]) == 0
    capsys.readouterr()

    assert main(["import", str(shown), "--into", str(old)]) == 1
    out = capsys.readouterr().out
    assert "không có thay đổi nào để nhập" in out and "chưa được chấp nhận, không nhập" in out
    assert old.read_text(encoding="utf-8") == SAMPLE_TEXT

    assert main(["import", str(shown), "--into", str(old), "--chap-nhan"]) == 0
    assert old.read_text(encoding="utf-8") == new_text  # exactly the newer plan, comments and all


def test_import_refuses_to_write_the_plan_over_the_docx(rendered, capsys):
    _plan, docx = rendered
    assert main(["import", str(docx), "--into", str(docx)]) == 2


def test_a_damaged_or_hostile_docx_is_refused_with_exit_2(rendered, tmp_path, capsys):
    plan, _ = rendered
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(bad), "--into", str(plan)]) == 2
    assert "không phải là tệp Word" in capsys.readouterr().err


def test_of_two_identical_sentences_the_edited_one_is_changed(tmp_path, capsys):
    text = SAMPLE_TEXT.replace("      - tieu_de: Yêu cầu\n        doan:\n",
                               "      - tieu_de: Yêu cầu\n        doan:\n          - Thực hiện đúng quy định.\n", 1)
    text = text.replace("      - tieu_de: Mục đích\n        doan:\n",
                        "      - tieu_de: Mục đích\n        doan:\n          - Thực hiện đúng quy định.\n", 1)
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text, encoding="utf-8")
    docx, edited = tmp_path / "k.docx", tmp_path / "da-sua.docx"
    assert main(["render", str(plan), "-o", str(docx)]) == 0

    def change(root):
        second = [p for p in root.iter(f"{W}p")
                  if "".join(t.text or "" for t in p.iter(f"{W}t")) == "Thực hiện đúng quy định."][1]
        set_text(second, "Thực hiện đúng quy định hiện hành.")

    edit_docx(docx, edited, change)
    assert main(["import", str(edited), "--into", str(plan)]) == 0
    after = plan.read_text(encoding="utf-8")
    assert changed_lines(text, after) == ["-          - Thực hiện đúng quy định.", "+          - Thực hiện đúng quy định hiện hành."]
    assert after.index("hiện hành") > after.index("tieu_de: Yêu cầu")  # the second one, under "Yêu cầu"


# --- what a careful review found ------------------------------------------------------------------


def edited_import(tmp_path, capsys, change, *extra, text: str = SAMPLE_TEXT) -> tuple[int, str, str]:
    """Render text, change the .docx with lxml, import it; return (exit code, report, new YAML)."""
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text, encoding="utf-8")
    docx, edited = tmp_path / "k.docx", tmp_path / "da-sua.docx"
    render_once(plan, docx)
    edit_docx(docx, edited, change)
    capsys.readouterr()
    code = main(["import", str(edited), "--into", str(plan), *extra])
    return code, capsys.readouterr().out, plan.read_text(encoding="utf-8")


def delete(p) -> None:
    p.getparent().remove(p)


def test_a_paragraph_deleted_from_the_middle_of_a_list_removes_that_item_only(tmp_path, capsys):
    code, out, after = edited_import(tmp_path, capsys, lambda root: delete(paragraph(root, "- Tỷ lệ hộ nghèo (theo")))
    assert code == 0, out
    assert changed_lines(SAMPLE_TEXT, after) == [
        ("-          - Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều giai đoạn 2022-2025) còn {{ giam_ngheo.ty_le_cuoi_nam }}% "
        "vào cuối năm 2024.")]
    assert main(["validate", str(tmp_path / "ke-hoach.yaml")]) == 0


def test_a_recipient_line_deleted_removes_that_recipient(tmp_path, capsys):
    def change(root):
        p = paragraph(root, "- TT. HĐND thị trấn (B/cáo);")
        delete(p)

    code, out, after = edited_import(tmp_path, capsys, change)
    assert code == 0, out
    assert changed_lines(SAMPLE_TEXT, after) == ["-  - TT. HĐND thị trấn (B/cáo)"]


def test_a_heading_deleted_alone_is_not_taken_for_its_whole_item(tmp_path, capsys):
    code, out, after = edited_import(tmp_path, capsys, lambda root: delete(paragraph(root, "1. Mục tiêu tổng quát")))
    assert code == 1 and "không ứng với trọn một phần tử" in out and after == SAMPLE_TEXT


def test_words_typed_in_capitals_keep_the_plans_own_case(tmp_path, capsys):
    code, out, after = edited_import(
        tmp_path, capsys, lambda root: replace_text(paragraph(root, "II. MỤC TIÊU"), "MỤC TIÊU", "CHỈ TIÊU"))
    assert code == 0, out
    assert changed_lines(SAMPLE_TEXT, after) == ["-  - tieu_de: Mục tiêu", "+  - tieu_de: Chỉ tiêu"]


def test_words_added_between_two_fields_are_not_guessed_into_one(tmp_path, capsys):
    def change(root):
        p = next(p for p in root.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")) == "PHÓ CHỦ TỊCH")
        replace_text(p, "PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC")

    code, out, after = edited_import(tmp_path, capsys, change)
    assert "ho_ten" not in "\n".join(changed_lines(SAMPLE_TEXT, after))
    if code == 0:  # placed: then in the signer's title, as the plan writes it
        assert changed_lines(SAMPLE_TEXT, after) == ["-  chuc_vu: Phó Chủ tịch", "+  chuc_vu: Phó Chủ tịch thường trực"]
    else:
        assert "ranh giới giữa hai mục" in out and after == SAMPLE_TEXT


def test_the_issue_date_edited_is_reported_not_an_internal_error(tmp_path, capsys):
    code, out, after = edited_import(
        tmp_path, capsys, lambda root: replace_text(paragraph(root, "Kông Chro, ngày"), "năm 2024", "năm 2025"))
    assert code == 1 and "số và ngày văn bản" in out and after == SAMPLE_TEXT


def test_a_file_made_from_another_version_of_the_yaml_is_not_imported_over_it(tmp_path, capsys):
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    docx, edited = tmp_path / "k.docx", tmp_path / "da-sua.docx"
    assert main(["render", str(plan), "-o", str(docx)]) == 0
    edit_docx(docx, edited, lambda root: replace_text(paragraph(root, "1. Mục đích"), "góp phần đạt", "góp phần hoàn thành"))
    later = SAMPLE_TEXT.replace("đảm bảo sự thống nhất", "bảo đảm sự thống nhất", 1)  # the YAML edited meanwhile
    plan.write_text(later, encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(edited), "--into", str(plan)]) == 2
    err = capsys.readouterr().err
    assert "được tạo từ một phiên bản khác" in err and "--khac-phien-ban" in err
    assert plan.read_text(encoding="utf-8") == later
    assert main(["import", str(edited), "--into", str(plan), "--force"]) == 2  # --force is not this override
    assert plan.read_text(encoding="utf-8") == later
    assert main(["import", str(edited), "--into", str(plan), "--khac-phien-ban"]) == 0  # the named override
    assert "góp phần hoàn thành" in plan.read_text(encoding="utf-8")


def test_the_last_item_of_a_list_removed_takes_its_key_along(tmp_path, capsys):
    text = SAMPLE_TEXT.replace("      - tieu_de: Mục tiêu tổng quát\n        gach:\n",
                               "      - tieu_de: Mục tiêu tổng quát\n        doan:\n          - Một đoạn duy nhất.\n"
                               "        gach:\n", 1)
    code, out, after = edited_import(tmp_path, capsys, lambda root: delete(paragraph(root, "Một đoạn duy nhất.")),
                                     text=text)
    assert code == 0, out
    assert after == SAMPLE_TEXT


def test_an_escaped_quote_at_the_end_of_an_edit_stays_escaped():
    from docgen.plan import yamledit
    from docgen.plan.load import load_text

    text = 'a: "nói \\"không\\" với"\nb: \'nói \'\'không\'\' với\'\n'
    source = load_text(text, "x.yaml")
    for key, words in (("a", '"không"'), ("b", "'không'")):
        m = yamledit.mapped(text, source.spans[(key,)])
        at = m.content.index(words)
        edit = yamledit.replace_words(text, source.spans[(key,)], m, at, at + len(words), "KHÔNG")
        assert load_text(yamledit.apply(text, [edit]), "y.yaml").data[key] == "nói KHÔNG với"
