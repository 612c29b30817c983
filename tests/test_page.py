"""The page a careful clerk would leave: numbers never broken, no lone last word, columns by content,
the outline whole (issue 22, items 3 and 4). Fast: rendering and reading only; what LibreOffice
makes of it is tests/test_page_pdf.py."""

from __future__ import annotations

import io
import json
import zipfile

import pikepdf
import pytest
from lxml import etree

from docgen.base.measure import width_pt
from docgen.base.unbreakable import units
from docgen.checker import check_file
from docgen.cli import main
from docgen.output.bookmarks import run_in_labels, shorten
from docgen.plan.build import load_plan
from docgen.plan.tables import Column, Grid
from docgen.render.layout import CELL_MARGIN, PORTRAIT, TWIPS, layout
from docgen.render.lines import balanced
from tests.conftest import ROOT, SAMPLE, load_yaml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DISASTER = ROOT / "content" / "phong-chong-thien-tai-ia-to-2025.yaml"
LINE = PORTRAIT / TWIPS  # the text width of a portrait page, in points


def document_xml(docx) -> etree._Element:
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read("word/document.xml"))


def texts(root) -> list[str]:
    return ["".join(t.text or "" if t.tag == f"{W}t" else "‑" for t in p.iter(f"{W}t", f"{W}noBreakHyphen"))
            for p in root.iter(f"{W}p")]


# --- what never breaks ---------------------------------------------------------------------------


def test_numbers_that_hold_spaces_hyphens_or_slashes_are_one_piece():
    assert units("gọi 0912 345 601 hoặc 0269.3851.234") == ["gọi", "0912 345 601", "hoặc", "0269.3851.234"]
    assert units("Nghị định số 78/2021/NĐ-CP ngày 30/6/2025") == ["Nghị", "định", "số", "78/2021/NĐ-CP", "ngày",
                                                                  "30/6/2025"]
    assert units("Chương trình số 51-CTr/HU, 15.263 hộ") == ["Chương", "trình", "số", "51-CTr/HU", ",", "15.263", "hộ"]


def test_document_numbers_in_the_text_have_non_breaking_hyphens(sample_docx):
    found = texts(document_xml(sample_docx))
    assert any("Số: 45/KH‑UBND" == t for t in found)  # in the header table too
    assert any("Kế hoạch số 60/KH‑UBND" in t and "Chương trình số 51‑CTr/HU" in t for t in found)
    assert not any("/KH-UBND" in t for t in found if not t.startswith("TDP"))  # no ordinary hyphen left
    assert any("2021-2025" in t for t in found)  # a range of years is not a document number


def test_docgen_reads_the_non_breaking_hyphen_as_a_hyphen(sample_docx, capsys):
    assert main(["text", str(sample_docx)]) == 0
    out = capsys.readouterr().out
    assert "Số: 45/KH-UBND" in out and "‑" not in out


# --- lines that never end on a lone word ----------------------------------------------------------


def test_a_line_that_would_end_on_a_lone_word_is_balanced():
    line = "(Kèm theo Kế hoạch số 25/KH-UBND ngày 05/3/2025 của Ủy ban nhân dân xã Ia Tô)"
    lines = balanced(line, LINE, 14)
    assert " ".join(lines) == line and len(lines) == 2
    assert all(len(x.split()) >= 3 for x in lines)
    widths = [width_pt(x, 14) for x in lines]
    assert max(widths) < LINE and max(widths) - min(widths) < 0.25 * max(widths)


def test_a_line_whose_last_line_is_long_enough_is_left_to_the_word_processor():
    title = load_plan(SAMPLE).model.trich_yeu
    assert balanced(title, LINE, 14, bold=True) == [title]
    assert balanced("Ngắn", LINE, 14) == ["Ngắn"]


def test_the_title_and_the_annex_line_print_their_balanced_lines_as_line_breaks(plan_data, write_plan, tmp_path):
    # Word and LibreOffice would fill the first line and leave «2025» (or «năm 2025») on the second
    plan_data["trich_yeu"] = "Triển khai thực hiện chuyển đổi số, phát triển chính quyền số trên địa bàn xã năm 2025"
    plan_data.pop("dong_trich_yeu", None)
    out = tmp_path / "out.docx"
    assert main(["render", str(write_plan(plan_data)), "-o", str(out)]) == 0
    root = document_xml(out)
    title = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
             and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "KHTrichYeu"]
    assert len(title) == 1 and len(title[0].findall(f".//{W}br")) == 1
    lines = [t.text for t in title[0].iter(f"{W}t")]
    assert " ".join(lines) == plan_data["trich_yeu"] and min(len(x.split()) for x in lines) >= 3


def test_lines_given_in_the_plan_are_kept(plan_data, write_plan, tmp_path):
    words = plan_data["trich_yeu"].split()
    plan_data["dong_trich_yeu"] = [" ".join(words[:-1]), words[-1]]  # a lone word, as the plan asks
    out = tmp_path / "out.docx"
    assert main(["render", str(write_plan(plan_data)), "-o", str(out)]) == 0
    title = [p for p in document_xml(out).iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
             and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "KHTrichYeu"]
    assert ["".join(t.text for t in p.iter(f"{W}t")) for p in title] == plan_data["dong_trich_yeu"]


# --- column widths ----------------------------------------------------------------------------------


def grid(columns: list[Column], rows: list[list[str]]) -> Grid:
    from docgen.plan.tables import header_rows

    return Grid(columns, header_rows(columns), [("dong", r) for r in rows])


def test_text_columns_share_the_room_in_proportion_to_their_longest_cell():
    long_text = "Rà soát, cập nhật phương án sơ tán dân ở các khu vực nguy cơ cao " * 3
    shape = layout(grid([Column("a", "Nội dung"), Column("b", "Ghi chú"), Column("c", "Nơi đến")],
                        [[long_text, "Một hai ba bốn năm sáu bảy tám chín mười", "Làng Ó"]]))
    a, b, c = shape.widths
    assert a > b > c and sum(shape.widths) == PORTRAIT
    # the short column is no wider than its cell needs (the rest went to the long text)
    assert c < 1.6 * (width_pt("Nơi đến", 10, True) * 1.08 * TWIPS + 2 * CELL_MARGIN + 60)


def test_a_phone_number_column_holds_each_number_on_one_line(tmp_path):
    plan = load_plan(DISASTER)
    shape = layout(plan.tables[1].grid)
    phone = [c.key for c in plan.tables[1].grid.columns].index("dien_thoai")
    assert shape.widths[phone] - 2 * CELL_MARGIN >= width_pt("0912 345 601", 11) * TWIPS


def phone_column(write_plan, column: dict):
    """Return the disaster plan written with column's keys added to its phone column."""
    text = DISASTER.read_text(encoding="utf-8")
    old = "{ma: dien_thoai, ten: Điện thoại}"
    assert old in text
    added = "".join(f", {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in column.items())
    return write_plan(text.replace(old, old[:-1] + added + "}"), "thien-tai.yaml")


def declared(tmp_path, write_plan, column: dict) -> tuple:
    path = phone_column(write_plan, column)
    grid = load_plan(path).tables[1].grid
    return path, layout(grid).widths[[c.key for c in grid.columns].index("dien_thoai")]


def test_a_declared_column_width_in_cm_or_percent(tmp_path, write_plan):
    assert declared(tmp_path, write_plan, {"rong": "3cm"})[1] == pytest.approx(3 / 2.54 * 1440, abs=2)
    assert declared(tmp_path, write_plan, {"rong": "2,5 cm"})[1] == pytest.approx(2.5 / 2.54 * 1440, abs=2)
    assert declared(tmp_path, write_plan, {"rong": "20%"})[1] == pytest.approx(0.2 * PORTRAIT, abs=2)


def test_khong_ngat_keeps_every_cell_on_one_line(tmp_path, write_plan):
    data = load_yaml(DISASTER.read_text(encoding="utf-8"))
    cols = data["phu_luc"][1]["cot"]
    i = next(i for i, c in enumerate(cols) if c.get("ma") == "chuc_vu")
    cols[i]["khong_ngat"] = True
    plan = load_plan(write_plan(data, "thien-tai.yaml"))  # (safe_dump: no flow style, a fresh file)
    width = layout(plan.tables[1].grid).widths[i]
    longest = max(width_pt(r["chuc_vu"], 11) for r in data["phu_luc"][1]["dong"])
    assert width - 2 * CELL_MARGIN >= longest * TWIPS


def test_a_width_written_wrong_is_a_located_vietnamese_error(tmp_path, write_plan, capsys):
    path = phone_column(write_plan, {"rong": "ba cm"})
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    line = next(n for n, x in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "ba cm" in x)
    assert f"{path}:{line}:" in err
    assert "phu_luc[1].cot[5].rong: độ rộng cột viết như `3cm`, `25mm` hoặc `20%`; đang ghi `ba cm`" in err


# --- check ------------------------------------------------------------------------------------------


def test_check_warns_of_a_number_too_wide_for_its_cell_and_of_breakable_hyphens(tmp_path, write_plan):
    path, _ = declared(tmp_path, write_plan, {"rong": "1cm"})
    out = tmp_path / "hep.docx"
    assert main(["render", str(path), "-o", str(out)]) == 0
    found = [r for r in check_file(out) if r.rule == "DG.BANG.NGATMA"]
    assert len(found) == 1 and "«0912 345 601»" in found[0].message and "5 ô khác" in found[0].message
    assert "Điện thoại" in found[0].where

    plain = tmp_path / "gach-thuong.docx"
    with zipfile.ZipFile(out) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b'</w:t><w:noBreakHyphen/><w:t xml:space="preserve">', b"-")
    with zipfile.ZipFile(plain, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    hyphens = [r for r in check_file(plain) if r.rule == "DG.SOHIEU.GACH"]
    assert hyphens and any("«66/2021/NĐ-CP»" in r.message for r in hyphens)


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "content").glob("*.yaml")))
def test_docgens_own_renderings_give_no_such_warning(name, tmp_path):
    out = tmp_path / f"{name}.docx"
    assert main(["render", str(ROOT / "content" / f"{name}.yaml"), "-o", str(out)]) == 0
    assert [r for r in check_file(out) if r.rule in ("DG.BANG.NGATMA", "DG.SOHIEU.GACH")] == []


# --- the outline --------------------------------------------------------------------------------------


def test_the_preview_shows_the_outline_word_shows(sample_docx):
    from docgen.preview.state import outline
    from tests.test_headings import expected_outline, headings

    shown = [(e["level"], e["text"]) for e in outline(load_plan(SAMPLE))]
    assert shown == expected_outline(SAMPLE, "pdf")
    # the same entries, levels and numbers as Word's navigation (which shows a run-in item's whole paragraph)
    word = headings(sample_docx)
    assert len(word) == len(shown)
    assert all(w[0] == s[0] and w[1].startswith(s[1]) for w, s in zip(word, shown))
    assert shown[-1] == (1, "Phụ lục")


def test_a_run_in_items_bookmark_is_cut_to_its_label(sample_docx):
    labels = run_in_labels(sample_docx.read_bytes())
    whole = next(k for k in labels if k.startswith("1. Mục đích:"))
    assert labels[whole] == "1. Mục đích" and len(whole) > 100

    pdf = pikepdf.new()
    pdf.add_blank_page()
    with pdf.open_outline() as outline:
        outline.root.extend([pikepdf.OutlineItem("I. MỤC ĐÍCH, YÊU CẦU", 0), pikepdf.OutlineItem(whole, 0),
                             pikepdf.OutlineItem(whole[:60], 0), pikepdf.OutlineItem("Số 45/KH‑UBND", 0)])
    buffer = io.BytesIO()
    pdf.save(buffer)
    with pikepdf.open(io.BytesIO(shorten(buffer.getvalue(), labels))) as done, done.open_outline() as outline:
        assert [i.title for i in outline.root] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "1. Mục đích",
                                                   "Số 45/KH-UBND"]


def test_a_chain_of_headings_that_ends_a_page_starts_the_next_one(sample_docx, monkeypatch):
    from docgen.checker.checks import _agency_lines
    from docgen.checker.document import open_document
    from docgen.output import pagefoot

    # as LibreOffice 7.4 leaves it: «III.» and «1.» at the foot of page 1, «1.1.» over with its text
    ends = ["công chức, viên chức thực hiện công tác giảm nghèo nhanh và bền vững", "ngày"]  # «1. Xây dựng …»
    monkeypatch.setattr(pagefoot, "last_lines", lambda pdf: ends)
    again = pagefoot.keep_headings(sample_docx.read_bytes(), b"")
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(again)).read("word/document.xml"))
    broken = [texts(p)[0] for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert broken == ["III. NHIỆM VỤ VÀ GIẢI PHÁP"]  # the chain's first heading; a body line is no heading
    monkeypatch.setattr(pagefoot, "last_lines", lambda pdf: ["phục trong 03 ngày."])
    assert pagefoot.keep_headings(sample_docx.read_bytes(), b"") is None
    # check finds the header block even after a blank line typed before it
    assert [p.text for p in _agency_lines(open_document(sample_docx))] == ["ỦY BAN NHÂN DÂN", "THỊ TRẤN KÔNG CHRO"]


def test_a_document_number_in_a_table_cell_is_kept_whole_and_reads_back_unchanged(write_plan, tmp_path, capsys):
    text = DISASTER.read_text(encoding="utf-8").replace("khu_vuc: Ven suối Ia Krăi",
                                                        "khu_vuc: Ven suối Ia Krăi (Quyết định 12/QĐ-UBND)")
    plan = write_plan(text, "thien-tai.yaml")
    out = tmp_path / "out.docx"
    assert main(["render", str(plan), "-o", str(out)]) == 0
    cells = [c for c in document_xml(out).iter(f"{W}tc") if "12/QĐ" in "".join(c.itertext())]
    assert len(cells) == 1 and cells[0].find(f".//{W}noBreakHyphen") is not None
    capsys.readouterr()
    assert main(["text", str(out)]) == 0
    assert "Ven suối Ia Krăi (Quyết định 12/QĐ-UBND)" in capsys.readouterr().out
    assert main(["import", str(out), "--into", str(plan)]) == 0  # nothing to change: the same text
    assert plan.read_text(encoding="utf-8") == text


def test_the_rule_under_a_balanced_title_is_measured_from_its_longest_line(plan_data, write_plan, tmp_path):
    plan_data["trich_yeu"] = "Triển khai thực hiện chuyển đổi số, phát triển chính quyền số trên địa bàn xã năm 2025"
    plan_data.pop("dong_trich_yeu", None)
    out = tmp_path / "out.docx"
    assert main(["render", str(write_plan(plan_data)), "-o", str(out)]) == 0
    rule = next(p for p in document_xml(out).iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
                and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "KHGachTrichYeu")
    indent = int(rule.find(f"{W}pPr/{W}ind").get(f"{W}left"))
    longest = max(width_pt(line, 14, True) for line in balanced(plan_data["trich_yeu"], LINE, 14, bold=True))
    assert (PORTRAIT - 2 * indent) / TWIPS == pytest.approx(0.4 * longest, abs=1)


def test_a_headers_two_syllable_words_stay_whole_where_the_table_has_room():
    # «Số hộ» is one Vietnamese word: «Số» / «hộ» was the number column squeezed to its digits
    grid = load_plan(DISASTER).tables[0].grid
    widths = layout(grid).widths
    for key, title in (("so_ho", "Số hộ"), ("so_khau", "Số khẩu")):
        i = [c.key for c in grid.columns].index(key)
        assert widths[i] - 2 * CELL_MARGIN >= width_pt(title, 10, True) * TWIPS


def test_a_short_text_column_keeps_its_names_on_one_line():
    grid = load_plan(SAMPLE).tables[0].grid  # the 2024 annex: 19 figures a unit, on a landscape page
    shape = layout(grid)
    first = shape.widths[0]
    longest = max(width_pt(cells[0], shape.body_pt, kind == "tong") for kind, cells in grid.rows)
    assert first - 2 * CELL_MARGIN >= longest * TWIPS
