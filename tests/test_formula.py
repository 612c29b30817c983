"""Formulas and constraints of annex tables: bounded before they run, every failure located."""

from __future__ import annotations

import copy
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.base import vn
from docgen.cli import main
from docgen.plan.tables import formula
from docgen.plan.tables.formula import BOOL, DATE, NUMBER, TEXT, FormulaError, evaluate, parse
from tests.conftest import dump_yaml
from tests.test_tables import EVACUATION, plan

COLUMNS = {"so_ho": NUMBER, "so_khau": NUMBER, "thon": TEXT, "ngay": DATE}
ROW = {"so_ho": 12, "so_khau": 45, "thon": "Làng Tung", "ngay": None}


def validate(tmp_path, capsys, table) -> tuple[int, str, str]:
    src = tmp_path / "plan.yaml"
    src.write_text(dump_yaml(plan(phu_luc=[table]), allow_unicode=True, sort_keys=False), encoding="utf-8")
    code = main(["validate", str(src)])
    return code, capsys.readouterr().err, str(src)


def with_formula(text: str) -> dict:
    table = copy.deepcopy(EVACUATION)
    table["cot"][2]["cot"][2]["cong_thuc"] = text  # column `khau_moi_ho`
    return table


def with_rule(text: str) -> dict:
    table = copy.deepcopy(EVACUATION)
    table["rang_buoc"] = [{"kiem_tra": text, "thong_bao": "không thỏa"}]
    return table


# Every reproduction of the issue, and its kin: refused before anything is evaluated.
RUNAWAY = [
    ("so_khau ** 999999", "số mũ `999999` vượt giới hạn"),
    ("so_khau ** -65", "số mũ `-65` vượt giới hạn"),
    ("round(so_khau, -10**9)", "số chữ số của `round` phải là một số nguyên viết sẵn"),
    ("round(so_khau, 16)", "số chữ số của `round` (16) vượt giới hạn"),
    ("round(so_khau, so_ho)", "số chữ số của `round` phải là một số nguyên viết sẵn"),
    ("9 ** 9 ** 9", "số mũ của `**` phải là một số viết sẵn"),
    ("so_khau ** so_ho", "số mũ của `**` phải là một số viết sẵn"),
    ("so_khau.__class__", "dấu chấm `.` (thuộc tính) không dùng được"),
    ("(lambda: 1)()", "hàm `lambda` không dùng được"),
    ("[x for x in so_ho]", "vòng lặp `for` không dùng được"),
    ("sum(x for x in so_ho)", "`sum(…)` không dùng được"),
    ("(x := so_ho)", "phép gán `:=` không dùng được"),
    ("min()", "`min(…)` cần ít nhất hai giá trị"),
    ("max(so_ho)", "`max(…)` cần ít nhất hai giá trị"),
    ("abs()", "`abs(…)` cần đúng một giá trị"),
    ("round()", "`round(…)` cần một giá trị"),
    ("round(so_ho, ndigits=2)", "`round(…)` chỉ nhận các giá trị cách nhau bằng dấu phẩy"),
    ("so_khau * 1e308 * 10", "số `1e308` quá lớn"),
    ("so_ho" + " * so_ho" * 3000, "quá dài"),
    (" + ".join(["so_ho"] * 20000), "quá dài"),
    ("+".join(["so_ho"] * 150), "quá nhiều phần tử (299, tối đa 200)"),
    ("-" * 1999 + "1", "quá nhiều phần tử"),
    ("__import__('os')", "`__import__(…)` không dùng được"),
    ("'chữ' * 3", "`'chữ'` không dùng được trong công thức"),
    ("so_ho % 2", "phép `%` không dùng được"),
    ("so_ho if so_khau else 1", "`… if … else …` không dùng được"),
    ("thon * 2", "`thon` không phải cột số của bảng"),
    ("so_ho > 1", "phải cho ra một số"),
    ("so_khau /", "viết sai"),
    ("so_khau / so_nguoi", "`so_nguoi` không phải cột số của bảng"),
    ("so_khau[0]", "chỉ số `[…]` không dùng được"),
    ("min", "`min` là hàm"),
]


@pytest.mark.parametrize(("text", "words"), RUNAWAY, ids=[t[:30] for t, _ in RUNAWAY])
def test_a_formula_beyond_the_caps_is_a_located_error_before_anything_runs(tmp_path, capsys, text, words):
    started = time.perf_counter()
    code, err, src = validate(tmp_path, capsys, with_formula(text))
    assert time.perf_counter() - started < 5
    assert code == 1, err
    first = err.splitlines()[0]
    # file:line:column, the field, the column's key, then why
    assert first.startswith(f"{src}:") and ":18: phu_luc[0].cot[2].cot[2].cong_thuc:" in first, first
    assert "công thức của cột `khau_moi_ho`" in first and words in first, first


RULES = [
    ("thon > so_ho", "không so sánh được `thon` (giá trị chữ) với `so_ho` (giá trị số)"),
    ("thon * 100000000", "phép `*` cần một số; `thon` là một giá trị chữ"),
    ("so_ho * 2", "phải là một điều kiện đúng hoặc sai"),
    ("so_ho and so_khau", "`and` nối các điều kiện; `so_ho` là một giá trị số"),
    ("not so_ho", "`not` cần một điều kiện"),
    ("ngay > so_ho", "không so sánh được `ngay` (giá trị ngày) với `so_ho` (giá trị số)"),
    ("thon < thon", "không so sánh được `thon` (giá trị chữ)"),
    ("so_ho in so_khau", "phép so sánh `in` không dùng được"),
    ("stt > 1", "`stt` không phải cột của bảng"),
]


@pytest.mark.parametrize(("text", "words"), RULES, ids=[t for t, _ in RULES])
def test_a_constraint_of_the_wrong_kind_is_a_located_error(tmp_path, capsys, text, words):
    table = with_rule(text)
    table["cot"].append({"ma": "ngay", "ten": "Ngày", "kieu": "ngay"})
    code, err, src = validate(tmp_path, capsys, table)
    assert code == 1, err
    first = err.splitlines()[0]
    assert first.startswith(f"{src}:") and "phu_luc[0].rang_buoc[0].kiem_tra: điều kiện" in first, first
    assert words in first, first


def test_an_overflow_is_located_at_the_formula_and_names_the_row(tmp_path, capsys):
    code, err, _ = validate(tmp_path, capsys, with_formula("so_khau * 10 ** 27"))
    assert code == 1
    assert ("phu_luc[0].cot[2].cot[2].cong_thuc: công thức của cột `khau_moi_ho` (`so_khau * 10 ** 27`) không tính "
            "được ở dòng 1 (Làng Tung): cho ra số quá lớn") in err
    assert err.count("quá lớn") == 1  # one error a formula, not one a row


def test_an_overflow_on_the_totals_row_only_is_found_too(tmp_path, capsys):
    table = with_formula("so_khau * 10 ** 8")  # each row fits (6·10^21); the sums' row does not
    for row in table["dong"]:
        row["so_khau"] = 60_000_000_000_000
    code, err, _ = validate(tmp_path, capsys, table)
    assert code == 1 and "không tính được ở dòng tổng cộng: cho ra số quá lớn" in err


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 10**100, -1e300], ids=["inf", "nan", "googol", "-1e300"])
def test_a_figure_that_is_no_usable_number_is_a_located_error(tmp_path, capsys, value):
    table = copy.deepcopy(EVACUATION)
    table["cot"].append({"ma": "dien_tich", "ten": "Diện tích", "kieu": "thap_phan"})
    table["dong"][1]["dien_tich"] = value
    code, err, _ = validate(tmp_path, capsys, table)
    assert code == 1 and "phu_luc[0].dong[1].dien_tich: cột `dien_tich`" in err, err


def test_columns_that_use_each_other_are_an_error_naming_the_cycle(tmp_path, capsys):
    table = with_formula("mot + 1")
    table["cot"].append({"ma": "mot", "ten": "Một", "kieu": "so", "cong_thuc": "hai * 2"})
    table["cot"].append({"ma": "hai", "ten": "Hai", "kieu": "so", "cong_thuc": "khau_moi_ho - so_ho"})
    code, err, _ = validate(tmp_path, capsys, table)
    assert code == 1
    assert ("phu_luc[0].cot[2].cot[2].cong_thuc: các cột tính dựa vào nhau thành vòng: "
            "`khau_moi_ho` → `mot` → `hai` → `khau_moi_ho`") in err
    code, err, _ = validate(tmp_path, capsys, with_formula("khau_moi_ho * 2"))
    assert code == 1 and "`khau_moi_ho` → `khau_moi_ho`" in err


def test_a_formula_may_use_a_computed_column_declared_after_it(tmp_path, capsys):
    table = with_formula("mot / 2")
    table["cot"].append({"ma": "mot", "ten": "Một", "kieu": "so", "cong_thuc": "so_khau * 2"})
    src = tmp_path / "plan.yaml"
    src.write_text(dump_yaml(plan(phu_luc=[table]), allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["render", str(src), "-o", str(tmp_path / "plan.docx")]) == 0, capsys.readouterr().err
    from docgen.commands.text import lines

    rows = [line for line in lines(tmp_path / "plan.docx") if line.startswith("1 |") or "Tổng cộng" in line]
    assert rows[0] == "1 | Làng Tung | 12 | 45 | 45,0 | Trường Tiểu học Phú Cần | 90"  # was «-» before
    assert rows[-1].endswith("| 75,0 |  | 150")


def test_a_table_past_the_operations_budget_is_refused_before_it_is_computed(tmp_path, capsys):
    heavy = " + ".join(["so_khau ** 0.5"] * 9)  # ~2,800 operations a row
    table = with_formula(heavy)
    table["dong"] = [{"thon": f"Thôn {i}", "so_ho": 1, "so_khau": 2, "noi_den": "x"} for i in range(400)]
    started = time.process_time()
    code, err, _ = validate(tmp_path, capsys, table)
    assert time.process_time() - started < 2
    assert code == 1 and "phu_luc[0].dong: bảng cần 1.121.935 phép tính (400 dòng × 2.798" in err and "quá giới hạn 800.000" in err, err


def test_a_large_table_counts_its_cells_against_the_budget_too():
    from docgen.plan.tables import declared

    table = with_formula("so_khau / so_ho")
    table["dong"] = [{"thon": f"Thôn {i}", "so_ho": 1, "so_khau": 2, "noi_den": "x"} for i in range(20_000)]
    model = declared.Bang.model_validate(table)
    started = time.process_time()
    (problem,) = declared.check(model, ("phu_luc", 0))
    assert time.process_time() - started < 0.5  # refused before a row is read
    assert problem[0] == ("phu_luc", 0, "dong")
    assert "bảng cần 1.320.003 phép tính (20.000 dòng × 66 cho các ô" in problem[1], problem


@pytest.mark.slow
def test_a_table_just_within_the_budget_computes_in_under_a_second(tmp_path):
    from docgen.plan.tables import declared

    table = copy.deepcopy(EVACUATION)
    # the costliest parts a formula may hold, as many rows as the budget lets through
    table["cot"][2]["cot"][2]["cong_thuc"] = "round(so_khau ** 0.5, 2) + " + " + ".join(["so_khau * so_ho / 3"] * 20)
    model = declared.Bang.model_validate(table)
    columns = {k: c.kieu for k, c in declared._declared(model).items()}
    found, _ = declared.checked_formulas(declared._declared_at(model, ()), declared.types(columns), model.rang_buoc, 1, ())
    per_row = sum(f.cost for f in found.computed.values()) + sum(f.cost for f in found.rules)
    per_row += declared.CELL_COST * len(declared._declared(model))
    rows = declared.BUDGET // per_row - 1
    table["dong"] = [{"thon": f"Thôn {i}", "so_ho": i + 1, "so_khau": 3 * i + 7, "noi_den": "x"} for i in range(rows)]
    model = declared.Bang.model_validate(table)
    started = time.process_time()  # this process's own time: the machine may be busy with others
    assert declared.check(model, ("phu_luc", 0)) == []
    declared.compute(model, 2025)
    assert time.process_time() - started < 1.0


# --- the evaluator itself ----------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("so_khau / so_ho", Decimal("3.75")),
    ("round(so_khau / so_ho, 1)", Decimal("3.8")),  # half-up, as a spreadsheet rounds
    ("round(2.5)", Decimal(3)),
    ("round(so_khau, -1)", Decimal(50)),
    ("so_ho ** 2 - so_khau", Decimal(99)),
    ("min(so_ho, so_khau, 7) + max(so_ho, 1) + abs(so_ho - so_khau)", Decimal(52)),
    ("so_ho * 0.5", Decimal(6)),
    ("-so_ho + +so_khau", Decimal(33)),
    ("so_ho / (so_khau - 45)", None),  # a division by zero has no value: «-»
    ("0 ** -1 + so_ho", None),
])
def test_formulas_compute_in_decimal(text, expected):
    result = evaluate(parse(text, COLUMNS), ROW)
    assert result == expected and (result is None or isinstance(result, Decimal))


def test_constraints_compare_numbers_dates_and_text():
    import datetime as dt

    row = ROW | {"ngay": dt.date(2025, 6, 30)}
    assert evaluate(parse("so_ho <= so_khau and not so_ho > so_khau", COLUMNS, want=BOOL), row) is True
    assert evaluate(parse("ngay == ngay and thon != thon or 1 < 2 < 3", COLUMNS, want=BOOL), row) is True
    assert evaluate(parse("ngay < ngay", COLUMNS, want=BOOL), ROW) is None  # a missing value: not checked


def test_a_figure_quoted_by_name_uses_dots_and_only_them():
    figures = {"giam_ngheo.ho_can_ngheo": NUMBER, "giam_ngheo.cuoi_can_ngheo": NUMBER}
    f = parse("giam_ngheo.ho_can_ngheo - giam_ngheo.cuoi_can_ngheo", figures, dotted=True)
    assert f.names == ("giam_ngheo.ho_can_ngheo", "giam_ngheo.cuoi_can_ngheo")
    assert evaluate(f, {"giam_ngheo.ho_can_ngheo": 31, "giam_ngheo.cuoi_can_ngheo": 10}) == 21
    for text, words in [("ho_can_ngheo", "tên_bảng.tên_số_liệu"), ("giam_ngheo.__class__", "không có số liệu"),
                        ("giam_ngheo.ho_can_ngheo.real", "dấu chấm")]:
        with pytest.raises(FormulaError, match=words.replace(".", r"\.")):
            parse(text, figures, dotted=True)


def test_a_quote_prints_with_the_places_of_its_operands():
    places = {"a.x": 2, "a.y": 2, "a.n": 0}
    kinds = dict.fromkeys(places, NUMBER)
    assert parse("a.x - a.y", kinds, dotted=True, places=places).places == 2
    assert parse("a.n * 2", kinds, dotted=True, places=places).places == 0
    assert parse("round(a.n / 3, 1)", kinds, dotted=True, places=places).places == 1


NAMES = st.sampled_from(["so_ho", "so_khau", "thon", "ngay", "stt", "x", "min", "round", "1", "0", "-1", "1e308", "0.5",
                         "64", "65", "(", ")", "**", "*", "/", "+", "-", "<", "==", ",", ".", "and", "not", "lambda",
                         ":", "[", "]", "'a'", "__class__", ":=", "for", "in", "if", "else"])


@pytest.mark.slow  # many random inputs
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, max_size=40), st.sampled_from([NUMBER, BOOL]))
def test_any_text_is_a_formula_or_a_formula_error_never_anything_else(parts, want):
    text = " ".join(parts)
    started = time.perf_counter()
    try:
        f = parse(text, COLUMNS, want=want)
    except FormulaError as exc:
        assert str(exc)
        return
    try:
        result = evaluate(f, ROW)
    except FormulaError as exc:
        assert "quá lớn" in str(exc) or "không tính được" in str(exc)
        return
    finally:
        assert time.perf_counter() - started < 0.5
    assert result is None or isinstance(result, (Decimal, bool))
    if isinstance(result, Decimal):
        assert abs(result) < formula.LIMIT
        assert vn.number(result, formula.PRINTED)  # printable with the most places a column or a quote has


@pytest.mark.slow  # many random inputs
@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-64, max_value=64), st.integers(min_value=-15, max_value=15),
       st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**15, max_value=10**15, places=6))
def test_powers_and_rounding_within_the_caps_either_compute_or_say_too_large(power, places, value):
    f = parse(f"round(so_ho ** {power}, {places})", COLUMNS)
    try:
        result = evaluate(f, ROW | {"so_ho": value})
    except FormulaError as exc:
        assert "quá lớn" in str(exc)
        return
    assert result is None or abs(result) < formula.LIMIT
    assert result is None or vn.number(result, f.places)
