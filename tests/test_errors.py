"""Bad input: a corpus of realistic mistakes, each made on a copy of the sample as a user would.

Every case asserts the exit code, where the message points (line and field) and its key words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.base.errors import ContentError, UsageError
from docgen.cli import main
from docgen.plan.load import MAX_BYTES
from tests.conftest import SAMPLE, SAMPLE_TEXT


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return edit


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


@dataclass
class Case:
    name: str
    edit: Callable[[str], str | bytes]
    path: str | None  # field path in the message ("" for syntax errors)
    words: list[str]
    marker: str | None = None  # text whose line the message must point at (None: no line)
    code: int = 1
    extra: dict = field(default_factory=dict)


CASES = [
    Case("misspelt key", replace("ngay_ban_hanh: 2024", "ngay_ban_hanhh: 2024"), "ngay_ban_hanhh",
         ["không có trong mẫu kế hoạch", "có phải ý bạn là `ngay_ban_hanh`"], "ngay_ban_hanhh:"),
    Case("misspelt nested key", replace("    so_ky_hieu: 24/2021/QH15", "    so_kyhieu: 24/2021/QH15"),
         "can_cu[0].so_kyhieu", ["có phải ý bạn là `so_ky_hieu`"], "so_kyhieu:"),
    Case("unknown key with no close match", replace("luu: VT, UB", "luu: VT, UB\nxyz_abc: 1"), "xyz_abc",
         ["các khóa dùng được ở đây"], "xyz_abc:"),
    Case("tab indentation", replace("  ten: Ủy ban nhân dân thị trấn Kông Chro", "\tten: Ủy ban nhân dân thị trấn Kông Chro"),
         "", ["Tab", "dấu cách"], "\tten:"),
    Case("unclosed quote", replace("trich_yeu: >-\n  Thực hiện", 'trich_yeu: "Thực hiện'), "",
         ["dấu nháy mở ở dòng"], 'trich_yeu: "Thực hiện'),
    Case("unclosed bracket", replace("du_an: [Dự án 5]", "du_an: [Dự án 5"), "", ["`[`", "chưa được đóng"],
         "du_an: [Dự án 5 "),
    Case("list item out of line", replace("      - Huy động các nguồn hỗ trợ", "       - Huy động các nguồn hỗ trợ"), "",
         ["thụt lề không đều"], "       - Huy động"),
    Case("colon inside unquoted text", replace(
        "        doi_tuong: Triển khai trên địa bàn TDP Plei Nghe.",
        "        doi_tuong: Triển khai trên địa bàn: TDP Plei Nghe."), "", ["dấu hai chấm", "nháy kép"],
         "Triển khai trên địa bàn: TDP"),
    Case("duplicate key", replace("so: 45 ", "so: 46\nso: 45 "), "so", ["xuất hiện hai lần", "lần đầu ở dòng"], "so: 45 "),
    Case("empty file", lambda t: "", "", ["tệp rỗng"], None),
    Case("only comments", lambda t: "# chưa viết gì\n", "", ["tệp rỗng"], None),
    Case("a list, not a mapping", lambda t: "- trich_yeu: abc\n", "", ["phải là một bảng"], "- trich_yeu"),
    Case("invalid utf-8", lambda t: t.replace("dia_danh: Kông Chro", "dia_danh: K\x00\x00ng Chro").encode("utf-8")
         .replace(b"K\x00\x00ng", "Kông".encode("cp1258")), "", ["UTF-8", "byte"], "dia_danh:"),
    Case("python tag", append("\nngu_y: !!python/object/apply:os.system ['echo hỏng']\n"), "ngu_y",
         ["thẻ YAML", "không được phép"], "ngu_y:"),
    Case("alias bomb", lambda t: "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)), "",
         ["quá nhiều phần tử", "bí danh"], None),
    Case("too large", lambda t: t + "#" + "x" * MAX_BYTES, "", ["tệp quá lớn", "giới hạn"], None),
    Case("impossible date", replace("ngay_ban_hanh: 2024-01-11", "ngay_ban_hanh: 2024-02-30"), "ngay_ban_hanh",
         ["không phải là ngày có thật"], "ngay_ban_hanh:"),
    Case("impossible Vietnamese date", replace("    ngay: 2021-07-28", "    ngay: 30/2/2024"), "can_cu[0].ngay",
         ["`30/2/2024` không phải là ngày có thật"], "ngay: 30/2/2024"),
    Case("date in an unknown form", replace("    ngay: 2021-07-28", "    ngay: 2021.07.28"), "can_cu[0].ngay",
         ["phải là ngày", "2024-01-11 hoặc 11/01/2024"], "ngay: 2021.07.28"),
    Case("number zero", replace("so: 45 ", "so: 0 "), "so", ["phải lớn hơn 0"], "so: 0"),
    Case("number negative", replace("so: 45 ", "so: -5 "), "so", ["phải lớn hơn 0"], "so: -5"),
    Case("letter in the number", replace("so: 45 ", "so: 45a "), "so", ["số nguyên", "`45a`"], "so: 45a"),
    Case("ky hieu form", replace("ky_hieu: KH-UBND", "ky_hieu: KH/UBND"), "ky_hieu", ["phải có dạng KH-UBND"],
         "ky_hieu:"),
    Case("empty text", replace("dia_danh: Kông Chro", 'dia_danh: "  "'), "dia_danh", ["không được để trống"],
         "dia_danh:"),
    Case("missing value", replace("dia_danh: Kông Chro", "dia_danh:"), "dia_danh", ["phải là chữ", "giá trị trống"],
         "dia_danh:"),
    Case("control character escaped", replace("dia_danh: Kông Chro", 'dia_danh: "Kông\\x07 Chro"'), "dia_danh",
         ["ký tự điều khiển", "U+0007"], "dia_danh:"),
    Case("control character raw", replace("dia_danh: Kông Chro", "dia_danh: Kông\x07 Chro"), "",
         ["ký tự điều khiển", "U+0007"], "dia_danh:"),
    Case("deleted required line", replace("dia_danh: Kông Chro\n", ""), "dia_danh", ["thiếu mục bắt buộc `dia_danh`"],
         None),
    Case("deleted nested line", replace("    co_quan: Quốc hội\n", ""), "can_cu[0].co_quan",
         ["thiếu mục bắt buộc `co_quan`"], "  - loai: Nghị quyết"),
    Case("letter in a count", replace("      so_ho: 492\n", "      so_ho: 49z\n"), "phu_luc[0].dong[2].so_ho", ["số nguyên", "`49z`"],
         "so_ho: 49z"),
    Case("negative count", replace("      tai_ngheo: 0\n", "      tai_ngheo: -1\n"), "phu_luc[0].dong[0].tai_ngheo",
         ["không được nhỏ hơn 0"], "tai_ngheo: -1"),
    Case("fractional count", replace("      so_ho: 409 ", "      so_ho: 409.5 "), "phu_luc[0].dong[0].so_ho", ["số nguyên"],
         "so_ho: 409.5"),
    Case("DTTS more than total", replace("      so_ho_dtts: 430\n", "      so_ho_dtts: 530\n"), "phu_luc[0].dong[2].so_ho_dtts",
         ["TDP Plei Nghe", "số hộ DTTS (530) lớn hơn tổng số hộ (492)"], "so_ho_dtts: 530"),
    Case("escaped more than poor", replace("      thoat_ngheo: 38\n", "      thoat_ngheo: 240\n"), "phu_luc[0].dong[2].thoat_ngheo",
         ["TDP Plei Nghe", "không thể có nhiều hộ thoát nghèo hơn số hộ nghèo đầu năm"], "thoat_ngheo: 240"),
    Case("stated year-end count differs", replace("      du_kien_so_ho: 499\n", "      du_kien_so_ho: 499\n        du_kien_ho_ngheo: 190\n"),
         "phu_luc[0].dong[2].du_kien_ho_ngheo", ["ghi là 190", "được 184"], "du_kien_ho_ngheo: 190"),
    Case("unknown project", replace("du_an: [Dự án 5]", "du_an: [Dự án 6]"), "phan[2].muc[1].phan_cong[0].gach[1].du_an[0]",
         ["không có dự án `Dự án 6`", "Dự án 5"], "du_an: [Dự án 6]"),
    Case("list where a table belongs", replace("  tm: Ủy ban nhân dân", "  - tm: Ủy ban nhân dân"), "",
         ["thụt lề"], "- tm:"),
    Case("text where a list belongs", lambda t: re.sub(r"noi_nhan:\n(  - .*\n)+", "noi_nhan: Phòng LĐ\n", t),
         "noi_nhan", ["phải là một danh sách", "`Phòng LĐ`"], "noi_nhan: Phòng LĐ"),
    Case("two signing forms", replace("  kt: Chủ tịch", "  kt: Chủ tịch\n  q: Chủ tịch"), "nguoi_ky",
         ["chỉ dùng một hình thức ký"], "  tm: Ủy ban nhân dân"),
    Case("year out of range", replace("nam: 2024 ", "nam: 1924 "), "nam", ["không được nhỏ hơn 2000"], "nam: 1924"),
    Case("year quoted as text", replace("nam: 2024 ", 'nam: "2024" '), "nam", ["số nguyên"], 'nam: "2024"'),
]


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gets_a_located_message(case, tmp_path, capsys):
    content = case.edit(SAMPLE_TEXT)
    path = tmp_path / "ke-hoach.yaml"
    (path.write_bytes if isinstance(content, bytes) else lambda c: path.write_text(c, encoding="utf-8"))(content)
    out = tmp_path / "ke-hoach.docx"
    assert main(["render", str(path), "-o", str(out)]) == case.code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert not out.exists()
    first = err.strip().splitlines()[0]
    for word in case.words:
        assert word in err, (word, err)
    if case.marker is None:
        assert re.match(rf"^{re.escape(str(path))}(:\d+:\d+)?: ", first), first
    else:
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        lines = [int(m) for m in re.findall(rf"^{re.escape(str(path))}:(\d+):\d+: ", err, re.MULTILINE)]
        line = line_of(text, case.marker)
        # the location, or for an unclosed quote the line the message names
        assert line in lines or re.search(rf"dòng {line}\b", err), (case.marker, err)
    if case.path:
        assert f": {case.path}: " in err, err


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


def test_bom_and_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "ke-hoach.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert main(["validate", str(path)]) == 0


def test_every_problem_of_every_file_then_exit_1(tmp_path, capsys):
    bad = tmp_path / "a.yaml"
    bad.write_text(SAMPLE_TEXT.replace("so: 45 ", "so: 0 ").replace("ky_hieu: KH-UBND", "ky_hieu: KH"), encoding="utf-8")
    worse = tmp_path / "b.yaml"
    worse.write_text(SAMPLE_TEXT.replace("      so_ho: 492\n", "      so_ho: x\n"), encoding="utf-8")
    assert main(["validate", str(bad), str(SAMPLE), str(worse)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert [ln.split(":")[0] for ln in lines] == [str(bad), str(bad), str(worse)]
    assert [int(ln.split(":")[1]) for ln in lines[:2]] == sorted(int(ln.split(":")[1]) for ln in lines[:2])
    assert captured.out.strip() == f"{SAMPLE}: hợp lệ"


def test_a_deadline_outside_the_year_is_a_warning_only(tmp_path, capsys):
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(SAMPLE_TEXT.replace("- ngay: 2024-05-10", "- ngay: 2025-05-10"), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert "(cảnh báo)" in err and "không thuộc năm kế hoạch 2024" in err and "bao_cao[0].han[0].ngay" in err


@pytest.mark.slow
def test_validate_does_not_import_the_docx_machinery():
    import subprocess
    import sys

    code = ("import sys; from docgen.cli import main; main(['validate', %r]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'docxtpl', 'lxml')))") % str(SAMPLE)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_failed_render_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    import docgen.ooxml.package

    out = tmp_path / "ke-hoach.docx"
    out.write_bytes(b"old")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full halfway")

    monkeypatch.setattr(docgen.ooxml.package, "write", broken)
    assert main(["render", str(SAMPLE), "-o", str(out)]) == 3
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ke-hoach.docx"]


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    import errno
    import os

    from docgen.output.write import write_atomic

    out = tmp_path / "ke-hoach.docx"
    out.write_bytes(b"old")

    def fail(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    # the system's English words are not shown; a Vietnamese sentence says what to do
    with pytest.raises(UsageError, match="không ghi được .*: ổ đĩa đã đầy; hãy giải phóng chỗ trống") as caught:
        write_atomic(out, b"new")
    assert "No space" not in str(caught.value)
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["ke-hoach.docx"]


def test_internal_errors_ask_for_a_report_and_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    import docgen.plan.build

    monkeypatch.setattr(docgen.plan.build, "load_file", lambda p: 1 / 0)
    assert main(["validate", str(SAMPLE)]) == 3
    assert "lỗi nội bộ" in capsys.readouterr().err
    assert main(["--debug", "validate", str(SAMPLE)]) == 3
    assert "ZeroDivisionError" in capsys.readouterr().err


def test_wrong_usage_exits_2_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["render"])
    assert exc.value.code == 2 and "thiếu đối số" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["ve"])
    assert exc.value.code == 2 and "không có lệnh" in capsys.readouterr().err


# --- arbitrary text ------------------------------------------------------------------

FREE_TEXT = [
    ("trich_yeu",),
    ("mo_dau",),
    ("ket_thuc",),
    ("nguoi_ky", "ho_ten"),
    ("noi_nhan", 0),
    ("can_cu", 0, "noi_dung"),
    ("phan", 1, "muc", 1, "gach", 3),
    ("phan", 2, "muc", 0, "tieu_de"),
    ("phu_luc", 0, "dong", 0, "ten"),
]


def _put(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=60))
def test_arbitrary_text_renders_or_is_refused_with_a_location(text, plan_data, write_plan, tmp_path):
    from openxml_audit import FileFormat, OpenXmlValidator

    from docgen.plan.build import load_plan
    from docgen.render.engine import render_file

    for path in FREE_TEXT:
        _put(plan_data, path, text)
    source = write_plan(plan_data)
    out = tmp_path / "arbitrary.docx"
    try:
        plan = load_plan(source)
    except ContentError as exc:
        assert exc.problems and all(p.line is not None and p.path for p in exc.problems), exc
        return
    render_file(plan, out)
    doc = docx.Document(str(out))
    assert plan.model.trich_yeu in [p.text for p in doc.paragraphs]
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019).validate(str(out))
    assert [e.description for e in result.errors] == []
