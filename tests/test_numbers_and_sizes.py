"""Numbers of any length, and lists of any length: a located message or a finding, never an internal
error; on a terminal a list stops after 1,000 lines, in a file or as JSON it is whole."""

from __future__ import annotations

import io
import json

import pytest

from docgen.base import vn
from docgen.base.errors import TERMINAL_LINES, capped
from docgen.checker.tables import number
from docgen.cli import main
from tests.conftest import SAMPLE_TEXT
from tests.test_import import edit_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_vietnamese_numbers_print_past_28_digits():
    assert vn.number(10 ** 40 + 1, 0) == vn.integer(10 ** 40 + 1)  # every digit, none rounded away
    assert vn.number("123456789012345678901234567890.5", 0).endswith(".891")


def test_a_cell_longer_than_any_figure_is_read_as_text():
    assert number("1.234.567") is not None
    assert number("1" * 25) is None


def test_a_yaml_number_of_5000_digits_is_a_located_error(tmp_path, capsys):
    plan = tmp_path / "k.yaml"
    plan.write_text(SAMPLE_TEXT.replace("ho_ngheo: 21 ", "ho_ngheo: " + "9" * 5000 + " ", 1), encoding="utf-8")
    assert main(["validate", str(plan)]) == 1
    err = capsys.readouterr().err
    assert "phu_luc[0].dong[0].ho_ngheo" in err and "5000 chữ số" in err and len(err) < 400


def rendered_with(tmp_path, digits: str):
    plan = tmp_path / "k.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    docx, edited = tmp_path / "k.docx", tmp_path / "e.docx"
    assert main(["render", str(plan), "-o", str(docx)]) == 0

    def change(root):
        cell = next(t for t in root.iter(f"{W}t") if t.text == "21")
        cell.text = digits

    edit_docx(docx, edited, change)
    return plan, edited


def test_check_and_import_of_a_29_and_a_5000_digit_cell(tmp_path, capsys):
    for digits in ("1" * 29, "7" * 5000):
        plan, edited = rendered_with(tmp_path, digits)
        capsys.readouterr()
        assert main(["check", str(edited)]) == 1  # the totals row no longer adds up: a finding
        assert "DG.BANG.TONG" in capsys.readouterr().out
        assert main(["import", str(edited), "--into", str(plan), "--thu"]) == 1
        assert "ô này phải là số" in capsys.readouterr().out


def test_a_long_list_stops_after_1000_lines_on_a_terminal_only():
    lines = [f"lỗi {i}" for i in range(2500)]
    shown = capped(lines, Terminal())
    assert len(shown) == TERMINAL_LINES + 1 and shown[-1].startswith("… và 1.500 lỗi khác")
    assert capped(lines, io.StringIO()) == lines  # a file or a pipe gets every line


@pytest.mark.slow  # 2,400 errors
def test_validate_of_thousands_of_errors_is_cut_on_a_terminal_and_whole_in_a_file(tmp_path, capsys,
                                                                                                monkeypatch):
    rows = "".join(f"      - ten: {i}\n        so_ho: -1\n" for i in range(1200))
    plan = tmp_path / "k.yaml"
    plan.write_text(SAMPLE_TEXT.replace("    dong:\n", "    dong:\n" + rows, 1), encoding="utf-8")
    assert main(["validate", str(plan)]) == 1
    whole = capsys.readouterr().err.splitlines()
    assert len(whole) > TERMINAL_LINES + 1  # redirected: every error
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["validate", str(plan)]) == 1
    cut = terminal.getvalue().splitlines()
    assert len(cut) == TERMINAL_LINES + 1 and cut[:TERMINAL_LINES] == whole[:TERMINAL_LINES]
    assert cut[-1].startswith(f"… và {vn.integer(len(whole) - TERMINAL_LINES)} lỗi khác")


def test_check_json_is_never_cut(tmp_path, capsys):
    _, edited = rendered_with(tmp_path, "1" * 29)
    capsys.readouterr()
    main(["check", str(edited), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["findings"]
