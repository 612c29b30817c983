"""The YAML no longer bends the plan: arithmetic in quotes, extra columns on a built-in kind, text
cells printed as typed."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.cli import main
from docgen.commands.text import lines
from tests.conftest import ROOT, dump_yaml, load_yaml
from tests.test_import import W, edit_docx, paragraph, replace_text, set_text
from tests.test_tables import EVACUATION, plan

POVERTY = ROOT / "content" / "giam-ngheo-ia-to-2025.yaml"
DECREASE = "Giảm {{ giam_ngheo.ho_can_ngheo - giam_ngheo.cuoi_can_ngheo }} hộ cận nghèo trong năm 2025."
EXTRA = [
    {"ma": "can_ngheo_dtts", "ten": "Trong đó hộ DTTS", "kieu": "so", "sau": "ty_le_can_ngheo"},
    {"ma": "ty_le_can_ngheo_dtts", "ten": "Tỷ lệ %", "kieu": "phan_tram", "sau": "can_ngheo_dtts",
     "cong_thuc": "can_ngheo_dtts / so_ho_dtts * 100"},
    {"ma": "ghi_chu", "ten": "Ghi chú", "sau": "cuoi_ty_le_can_ngheo"},
]


def poverty(*sentences: str, extra: list | None = None) -> dict:
    """The 2025 poverty sample, with sentences added to its targets and extra columns on its table."""
    data = load_yaml(POVERTY.read_text(encoding="utf-8"))
    data["phan"][1]["muc"][1]["gach"] += list(sentences)
    if extra is not None:
        table = data["phu_luc"][0]
        table["cot_them"] = copy.deepcopy(extra)
        for i, row in enumerate(table["dong"]):
            row["can_ngheo_dtts"] = row["ho_can_ngheo"] - 3
            row["ghi_chu"] = f"rà soát {i + 1}"
    return data


def write(tmp_path: Path, data, name: str = "ke-hoach.yaml") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else dump_yaml(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def rendered(tmp_path: Path, capsys, data) -> list[str]:
    src = write(tmp_path, data)
    code = main(["render", str(src), "-o", str(tmp_path / "k.docx")])
    assert code == 0, capsys.readouterr().err
    return lines(tmp_path / "k.docx")


def row(text: list[str], starts: str) -> list[str]:
    return next(line for line in text if line.startswith(starts)).split(" | ")


# --- quotes -----------------------------------------------------------------------------------


def test_a_quote_may_be_the_difference_of_two_figures(tmp_path, capsys):
    text = rendered(tmp_path, capsys, poverty(
        DECREASE, "Cũng là {{ giam_ngheo.giam_can_ngheo }} hộ; đã thoát {{ giam_ngheo.thoat_can_ngheo }}, phát sinh "
                  "{{ giam_ngheo.can_ngheo_phat_sinh }}.",
        "Tỷ lệ giảm {{ giam_ngheo.ty_le_can_ngheo_dau_nam - giam_ngheo.ty_le_can_ngheo_cuoi_nam }} điểm."))
    total = row(text, "Tổng cộng")
    start, end = int(total[20]), int(total[24])  # near-poor households at the start and at the end
    assert (start, end) == (195, 172)
    assert f"- Giảm {start - end} hộ cận nghèo trong năm 2025." in text
    assert "- Cũng là 23 hộ; đã thoát 45, phát sinh 22." in text
    # printed with the places of its operands: rates have two, so does their difference (7,61 − 6,63)
    assert "- Tỷ lệ giảm 0,98 điểm." in text and total[21] == "7,61" and total[25] == "6,63"


@pytest.mark.parametrize(("quote", "words"), [
    ("{{ giam_ngheo.ho_can_ngheo ** 99 }}", "số mũ `99` vượt giới hạn"),
    ("{{ giam_ngheo.so_ho.__class__ }}", "dấu chấm `.` (thuộc tính) không dùng được"),
    ("{{ giam_ngheo.so_ho / (giam_ngheo.so_ho - giam_ngheo.so_ho) }}", "có phép chia cho 0"),
    ("{{ giam_ngheo.phu_luc * 2 }}", "phép `*` cần một số; `giam_ngheo.phu_luc` là một giá trị chữ"),
    ("{{ giam_ngheo.so_ho > 1 }}", "phải cho ra một số"),
    ("{{ giam_ngheo.so_ho * 10 ** 27 }}", "cho ra số quá lớn"),
    ("{{ min() }}", "không phải trích số liệu"),
    ("{{ 1 + 2 }}", "không phải trích số liệu"),
    ("{{ giam_ngheo.so_ho - giam_ngheo.khong_co }}", "bảng `giam_ngheo` không có số liệu `khong_co`"),
    ("{{ giam_ngheo.so_ho - so_tan.so_ho }}", "không có bảng `so_tan`"),
    ("{{ (lambda: giam_ngheo.so_ho)() }}", "hàm `lambda` không dùng được"),
])
def test_a_quote_that_cannot_be_computed_is_a_located_error(tmp_path, capsys, quote, words):
    src = write(tmp_path, poverty(f"Con số {quote} hộ."))
    assert main(["validate", str(src)]) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if words in line)
    assert line.startswith(f"{src}:71:7: phan[1].muc[1].gach[3]"), line


@pytest.mark.slow
def test_check_holds_a_difference_quote_against_the_annex(tmp_path, capsys):
    text = rendered(tmp_path, capsys, poverty(DECREASE))
    assert "- Giảm 23 hộ cận nghèo trong năm 2025." in text
    docx, edited = tmp_path / "k.docx", tmp_path / "sua.docx"
    assert main(["check", str(docx)]) == 0, capsys.readouterr().out
    edit_docx(docx, edited, lambda root: replace_text(paragraph(root, "- Giảm 23"), "Giảm 23", "Giảm 25"))
    capsys.readouterr()
    assert main(["check", str(edited)]) == 1
    out = capsys.readouterr().out
    assert "DG.TRICH" in out and "câu ghi «25» (trích `{{ giam_ngheo.ho_can_ngheo - giam_ngheo.cuoi_can_ngheo }}`)" in out
    assert "cho 23" in out


def test_diff_lists_a_difference_quote_under_the_quoted_figures(tmp_path, capsys):
    old = write(tmp_path, poverty(DECREASE), "cu.yaml")
    data = poverty(DECREASE)
    data["phu_luc"][0]["dong"][0]["thoat_can_ngheo"] += 2
    new = write(tmp_path, data, "moi.yaml")
    assert main(["diff", str(old), str(new), "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert "giam_ngheo.ho_can_ngheo - giam_ngheo.cuoi_can_ngheo: 23 → 25" in out, out


# --- extra columns on a built-in kind ----------------------------------------------------------------


def test_extra_columns_are_placed_after_the_columns_they_name_and_totalled(tmp_path, capsys):
    text = rendered(tmp_path, capsys, poverty(
        "Trong đó {{ giam_ngheo.can_ngheo_dtts }} hộ DTTS, tỷ lệ {{ giam_ngheo.ty_le_can_ngheo_dtts }}%.",
        extra=EXTRA))
    headers = next(line for line in text if line.startswith("Tổng số hộ |")).split(" | ")
    at = headers.index("Cuối năm 2024")
    assert headers[at:at + 4] == ["Cuối năm 2024", "Tỷ lệ %", "Trong đó hộ DTTS", "Tỷ lệ %"]
    assert headers[-2:] == ["Tỷ lệ %", "Ghi chú"]
    first, total = row(text, "Làng Dơr 1"), row(text, "Tổng cộng")
    assert first[20:24] == ["31", "9,94", "28", "9,40"] and first[-1] == "rà soát 1"  # 28 / 298 DTTS households
    assert total[20:24] == ["195", "7,61", "165", "9,76"] and total[-1] == ""  # 165 / 1.690: a rate of the totals
    assert "- Trong đó 165 hộ DTTS, tỷ lệ 9,76%." in text


@pytest.mark.parametrize(("change", "where", "words"), [
    (lambda t: t["cot_them"][0].update(sau="ho_can_ngheoo"), "phu_luc[0].cot_them[0].sau",
     "bảng không có cột `ho_can_ngheoo` để đặt cột `can_ngheo_dtts` sau nó; có phải ý bạn là `ho_can_ngheo`?"),
    (lambda t: [t["cot_them"][0].update(ma="so_ho")] + [r.pop("can_ngheo_dtts") for r in t["dong"]],
     "phu_luc[0].cot_them[0].ma", "khóa cột `so_ho` đã là một cột"),
    (lambda t: t["cot_them"][1].update(cong_thuc="can_ngheo_dtts ** so_ho"), "phu_luc[0].cot_them[1].cong_thuc",
     "công thức của cột `ty_le_can_ngheo_dtts`"),
    (lambda t: t["cot_them"][1].update(cong_thuc="ghi_chu * 2"), "phu_luc[0].cot_them[1].cong_thuc",
     "`ghi_chu` không phải cột số của bảng"),
    (lambda t: t["dong"][2].update(can_ngheo_dtts="nhiều"), "phu_luc[0].dong[2].can_ngheo_dtts",
     "Làng Ia Krăi: cột `can_ngheo_dtts` phải là số nguyên không âm"),
    (lambda t: t["dong"][2].update(ty_le_can_ngheo_dtts=5), "phu_luc[0].dong[2].ty_le_can_ngheo_dtts",
     "cột `ty_le_can_ngheo_dtts` do docgen tính"),
    (lambda t: t["dong"][2].update(can_ngheo_dtts=10**16), "phu_luc[0].dong[2].can_ngheo_dtts", "số quá lớn"),
])
def test_a_mistake_in_an_extra_column_is_a_located_error(tmp_path, capsys, change, where, words):
    data = poverty(extra=EXTRA)
    change(data["phu_luc"][0])
    src = write(tmp_path, data)
    assert main(["validate", str(src)]) == 1
    err = capsys.readouterr().err
    assert f": {where}: " in err and words in err, err


def test_an_extra_column_cycle_is_named(tmp_path, capsys):
    extra = copy.deepcopy(EXTRA)
    extra[1]["cong_thuc"] = "mot + 1"
    extra.append({"ma": "mot", "ten": "Một", "kieu": "so", "sau": "ghi_chu", "cong_thuc": "ty_le_can_ngheo_dtts"})
    src = write(tmp_path, poverty(extra=extra))
    assert main(["validate", str(src)]) == 1
    assert "`ty_le_can_ngheo_dtts` → `mot` → `ty_le_can_ngheo_dtts`" in capsys.readouterr().err


def test_new_keeps_the_extra_columns_and_asks_to_review_them(tmp_path, capsys):
    src = write(tmp_path, poverty(extra=EXTRA))
    out = tmp_path / "2026.yaml"
    assert main(["new", str(src), "--year", "2026", "-o", str(out)]) == 0, capsys.readouterr().err
    report = capsys.readouterr()
    assert "xem lại cột thêm `can_ngheo_dtts` (Trong đó hộ DTTS) cho năm 2026" in report.out + report.err
    rolled = load_yaml(out.read_text(encoding="utf-8"))["phu_luc"][0]
    assert rolled["cot_them"] == EXTRA
    assert rolled["dong"][0]["can_ngheo_dtts"] == 28 and rolled["dong"][0]["ho_can_ngheo"] == 29  # year-end → start
    assert main(["validate", str(out)]) == 0, capsys.readouterr().err


def test_diff_shows_an_edited_extra_cell_like_any_other(tmp_path, capsys):
    old = write(tmp_path, poverty(extra=EXTRA), "cu.yaml")
    data = poverty(extra=EXTRA)
    data["phu_luc"][0]["dong"][1]["can_ngheo_dtts"] = 20
    data["phu_luc"][0]["dong"][1]["ghi_chu"] = "đã rà soát"
    new = write(tmp_path, data, "moi.yaml")
    assert main(["diff", str(old), str(new), "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert "Làng Dơr 2" in out and "Trong đó hộ DTTS" in out and "25 → 20" in out, out
    assert "rà soát 2 → đã rà soát" in out, out


@pytest.mark.slow
def test_import_writes_an_edit_of_an_extra_cell_into_its_row(tmp_path, capsys):
    src = write(tmp_path, poverty(extra=EXTRA))
    before = src.read_text(encoding="utf-8")
    docx, edited = tmp_path / "k.docx", tmp_path / "sua.docx"
    assert main(["render", str(src), "-o", str(docx)]) == 0

    def change(root):
        table = list(root.iter(f"{W}tbl"))[-1]
        tr = next(r for r in table.iter(f"{W}tr") if "Làng Ó" in "".join(t.text or "" for t in r.iter(f"{W}t")))
        set_text(tr.findall(f"{W}tc")[-1], "đã rà soát")  # the extra text column, last

    edit_docx(docx, edited, change)
    capsys.readouterr()
    assert main(["import", str(edited), "--into", str(src)]) == 0, capsys.readouterr().out
    after = src.read_text(encoding="utf-8")
    assert after == before.replace("ghi_chu: rà soát 4\n", 'ghi_chu: "đã rà soát"\n')

    def figure(root):  # an extra count: its rate and the totals are docgen's to recompute
        table = list(root.iter(f"{W}tbl"))[-1]
        tr = next(r for r in table.iter(f"{W}tr") if "Làng Ó" in "".join(t.text or "" for t in r.iter(f"{W}t")))
        set_text(tr.findall(f"{W}tc")[22], "15")  # can_ngheo_dtts, right after the near-poor rate

    assert main(["render", str(src), "-o", str(docx)]) == 0
    edit_docx(docx, edited, figure)
    capsys.readouterr()
    main(["import", str(edited), "--into", str(src), "--thu"])
    out = capsys.readouterr().out
    assert "phu_luc[0].dong[3].can_ngheo_dtts" in out and "[-17-] {+15+}" in out, out


# --- text cells print what was typed ----------------------------------------------------------------


def test_a_date_like_value_in_a_text_column_prints_as_typed_and_a_date_column_the_vietnamese_way(tmp_path, capsys):
    table = copy.deepcopy(EVACUATION)
    table["cot"].append({"ma": "han", "ten": "Hạn", "kieu": "ngay"})
    table["dong"][0] |= {"noi_den": "30/6/2025", "han": "30/6/2025"}
    table["dong"][1] |= {"noi_den": "QUOTED", "han": "ISO"}
    text = dump_yaml(plan(phu_luc=[table]), allow_unicode=True, sort_keys=False)
    text = text.replace("noi_den: 30/6/2025", "noi_den: 30/6/2025")  # plain: YAML 1.1 has no such timestamp
    text = text.replace("noi_den: QUOTED", "noi_den: '30/6/2025'").replace("han: ISO", "han: 2025-07-01")
    assert "noi_den: '30/6/2025'" in text and "noi_den: 30/6/2025\n" in text
    out = rendered(tmp_path, capsys, text)
    assert row(out, "1 |")[-2:] == ["30/6/2025", "30/6/2025"]
    assert row(out, "2 |")[-2:] == ["30/6/2025", "01/7/2025"]
    iso = text.replace("noi_den: '30/6/2025'", "noi_den: 2025-06-30")  # YAML reads this one as a date
    out = rendered(tmp_path, capsys, iso)
    assert row(out, "2 |")[-2] == "30/6/2025" and not any("2025-06-30" in line for line in out)


def test_a_word_yaml_reads_as_true_or_false_in_a_text_column_is_a_located_error(tmp_path, capsys):
    table = copy.deepcopy(EVACUATION)
    table["cot"].append({"ma": "han", "ten": "Hạn", "kieu": "ngay"})
    table["dong"][1] |= {"noi_den": "BOOL", "han": "DATETIME"}
    text = dump_yaml(plan(phu_luc=[table]), allow_unicode=True, sort_keys=False)
    text = text.replace("noi_den: BOOL", "noi_den: yes").replace("han: DATETIME", "han: 2025-06-30 10:30:00")
    src = write(tmp_path, text)
    assert main(["validate", str(src)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "phu_luc[0].dong[1].noi_den: cột chữ `noi_den`: YAML đọc chữ này" in err, err
    out = rendered(tmp_path, capsys, text.replace("noi_den: yes", "noi_den: 'yes'"))
    assert row(out, "2 |")[-2:] == ["yes", "30/6/2025"]  # a date with a time of day is that day


QUOTE_PARTS = st.sampled_from(["giam_ngheo.so_ho", "giam_ngheo.muc_giam", "giam_ngheo.phu_luc", "kinh_phi.tong", "x.y",
                               "giam_ngheo", ".", "-", "+", "*", "/", "**", "2", "0", "(", ")", ",", "min", "round",
                               "{", "}", "lambda", ":", "'", "__class__", "1e999", " "])


@pytest.mark.slow  # many random inputs
@settings(max_examples=300, deadline=None)
@given(st.lists(QUOTE_PARTS, max_size=12))
def test_any_quote_is_a_figure_or_a_sentence_saying_why_not(parts):
    from docgen.plan import quotes
    from docgen.plan.tables import COUNT, PERCENT, TEXT, Figure

    figures = {"giam_ngheo": {"so_ho": Figure(2563, COUNT, column="so_ho"), "muc_giam": Figure(Decimal("3.23"), PERCENT, 2),
                              "phu_luc": Figure("Phụ lục", TEXT)},
               "kinh_phi": {"tong": Figure(450_000_000, "tien")}}
    text = "Có {{ " + " ".join(parts) + " }} hộ."
    found = quotes.problems(text, figures)
    assert all(isinstance(p, str) and p for p in found)
    if not found:
        assert "{{" not in quotes.fill(text, figures)


def test_an_extra_formula_is_checked_on_the_totals_row_the_kind_prints(tmp_path, capsys):
    extra = copy.deepcopy(EXTRA)
    # each unit's rate is under 30, the totals row's 7,61; a sum of the rates would be over 80
    extra[1]["cong_thuc"] = "can_ngheo_dtts * 10 ** 21 / ty_le_can_ngheo"  # rows under 3·10^21, totals 2·10^22
    data = poverty(extra=extra)
    src = write(tmp_path, data)
    code = main(["validate", str(src)])
    err = capsys.readouterr().err
    assert code == 1 and "phu_luc[0].cot_them[1].cong_thuc: công thức của cột `ty_le_can_ngheo_dtts`" in err, err
    assert "không tính được ở dòng tổng cộng: cho ra số quá lớn" in err, err


def test_import_keeps_a_difference_quote_in_an_edited_sentence(tmp_path, capsys):
    src = write(tmp_path, poverty(DECREASE))
    docx, edited = tmp_path / "k.docx", tmp_path / "sua.docx"
    assert main(["render", str(src), "-o", str(docx)]) == 0
    edit_docx(docx, edited, lambda root: replace_text(paragraph(root, "- Giảm 23"), "năm 2025.", "năm 2025 so với đầu năm."))
    capsys.readouterr()
    assert main(["import", str(edited), "--into", str(src)]) == 0, capsys.readouterr().out
    data = load_yaml(src.read_text(encoding="utf-8"))
    assert data["phan"][1]["muc"][1]["gach"][3] == DECREASE.replace("năm 2025.", "năm 2025 so với đầu năm.")
