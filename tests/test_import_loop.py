"""The review loop never loses or misplaces data (issue 23 item 1, issue 22 item 1).

Each case edits the rendered .docx's XML as Word would store it, then imports it into a copy of
the 2024 plan (`edited_import`), and checks the exit code, the report and the YAML written."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.cli import main
from docgen.ooxml import package, record
from tests.conftest import SAMPLE_TEXT, render_once
from tests.test_import import W, changed_lines, edit_docx, edited_import, paragraph, replace_text, set_text, text_of

PURPOSE = "1. Mục đích:"


def cell(root, unit: str, column: int):
    table = list(root.iter(f"{W}tbl"))[-1]
    row = next(r for r in table.iter(f"{W}tr") if unit in "".join(t.text or "" for t in r.iter(f"{W}t")))
    return row.findall(f"{W}tc")[column]


def rendered_pair(tmp_path: Path, text: str = SAMPLE_TEXT) -> tuple[Path, Path]:
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text, encoding="utf-8")
    docx = tmp_path / "k.docx"
    render_once(plan, docx)
    return plan, docx


# --- figures docgen computes ----------------------------------------------------------------------


def test_a_computed_cell_typed_over_while_its_inputs_stay_is_named_and_nothing_is_placed(tmp_path, capsys):
    code, out, after = edited_import(tmp_path, capsys, lambda root: set_text(cell(root, "TDP 1", 4), "9,99"))
    assert code == 1 and after == SAMPLE_TEXT
    assert "phụ lục 1, dòng «TDP 1», cột «Tỷ lệ %»: docgen tính 5,13 (các ô nhập không đổi), tệp ghi 9,99" in out
    code, out, after = edited_import(tmp_path, capsys, lambda root: set_text(cell(root, "TDP 1", 4), "9,99"),
                                     "--force")
    assert code == 1 and after == SAMPLE_TEXT and "không có thay đổi nào đặt được" in out


def test_an_input_and_its_computed_cell_both_typed_keep_the_input_and_name_the_cell(tmp_path, capsys):
    def change(root):
        set_text(cell(root, "TDP 1", 3), "30")
        set_text(cell(root, "TDP 1", 4), "1,00")  # the rate typed by hand, and wrong

    code, out, after = edited_import(tmp_path, capsys, change, "--force")
    assert code == 4, out
    assert "dòng «TDP 1», cột «Tỷ lệ %»: docgen tính lại được 7,33 từ các ô nhập đã sửa, tệp ghi 1,00" in out
    assert changed_lines(SAMPLE_TEXT, after) == [
        "-        ho_ngheo: 21           # cuối năm trước: số hộ nghèo, trong đó DTTS",
        "+        ho_ngheo: 30           # cuối năm trước: số hộ nghèo, trong đó DTTS"]


def test_a_quoted_figure_typed_over_is_named_by_its_quote(tmp_path, capsys):
    code, out, after = edited_import(
        tmp_path, capsys, lambda root: replace_text(paragraph(root, "- Tỷ lệ hộ nghèo dân tộc thiểu số"),
                                                    "giảm 11,50%", "giảm 12,00%"))
    assert code == 1 and after == SAMPLE_TEXT
    assert "số liệu trích do docgen tính ({{ giam_ngheo.muc_giam_dtts }} = 11,50; các ô nhập không đổi)" in out
    assert "sửa tay không được ghi" in out


def test_a_quoted_figure_typed_while_its_input_changed_names_the_figure_computed_again(tmp_path, capsys):
    def change(root):
        set_text(cell(root, "TDP 1", 3), "30")
        replace_text(paragraph(root, "- Tỷ lệ hộ nghèo (theo"), "còn 20,28%", "còn 19%")

    code, out, after = edited_import(tmp_path, capsys, change)
    assert code == 1 and after == SAMPLE_TEXT
    assert "({{ giam_ngheo.ty_le_cuoi_nam }} = 20,60; tính lại từ các ô nhập đã sửa), tệp ghi số khác" in out


def test_an_input_changed_with_its_quoted_figures_and_a_word_imports_all_and_exits_0(tmp_path, capsys):
    """The common case of issue 22, as `docgen import … && git commit` needs it."""
    def change(root):
        set_text(cell(root, "TDP 1", 3), "30")
        replace_text(paragraph(root, PURPOSE), "góp phần đạt", "góp phần hoàn thành")

    code, out, after = edited_import(tmp_path, capsys, change)
    assert code == 0, out
    assert "docgen tính lại" in out
    assert len(changed_lines(SAMPLE_TEXT, after)) == 4


# --- the record -----------------------------------------------------------------------------------


def strip_record(source: Path, target: Path, change=None) -> None:
    """Save source as Word's «Remove custom XML» would, after change (if any)."""
    if change is not None:
        edit_docx(source, target, change)
        source = target
    parts = package.read(source.read_bytes())
    record.remove(parts)
    target.write_bytes(package.write(parts))


def test_a_file_without_the_record_is_refused_and_an_edit_made_in_the_yaml_since_survives(tmp_path, capsys):
    plan, docx = rendered_pair(tmp_path)
    edited = tmp_path / "da-sua.docx"
    strip_record(docx, edited, lambda root: replace_text(paragraph(root, PURPOSE), "góp phần đạt",
                                                         "góp phần hoàn thành"))
    later = SAMPLE_TEXT.replace("đảm bảo sự thống nhất", "bảo đảm sự thống nhất", 1)  # edited in the YAML meanwhile
    plan.write_text(later, encoding="utf-8")
    capsys.readouterr()
    for extra in ([], ["--force"], ["--thu"], ["--khac-phien-ban"]):
        assert main(["import", str(edited), "--into", str(plan), *extra]) == 2
        err = capsys.readouterr().err
        assert "không có dấu của docgen" in err and f"docgen import {edited} -o MOI.yaml" in err, err
        assert "--khong-dau-ban-ghi" in err
        assert plan.read_text(encoding="utf-8") == later
    # the named override compares with the YAML as it is now: the user asked for it
    assert main(["import", str(edited), "--into", str(plan), "--khong-dau-ban-ghi"]) == 0
    out = capsys.readouterr().out
    assert "không có dấu của docgen" in out and "hoàn thành" in plan.read_text(encoding="utf-8")


def test_the_word_file_of_another_plan_is_refused_whatever_the_force(tmp_path, capsys):
    other_text = (Path(__file__).parent.parent / "content" / "chuyen-doi-so-ia-to-2025.yaml").read_text(
        encoding="utf-8")
    other = tmp_path / "khac"
    other.mkdir()
    _, other_docx = rendered_pair(other, other_text)
    plan, _ = rendered_pair(tmp_path)
    capsys.readouterr()
    for extra in ([], ["--force"], ["--khong-dau-ban-ghi"]):
        assert main(["import", str(other_docx), "--into", str(plan), *extra]) == 2
        assert "được tạo từ một phiên bản khác" in capsys.readouterr().err
    assert plan.read_text(encoding="utf-8") == SAMPLE_TEXT


def test_a_comparison_file_imports_into_either_plan(tmp_path, capsys):
    old, new = tmp_path / "cu.yaml", tmp_path / "moi.yaml"
    old.write_text(SAMPLE_TEXT, encoding="utf-8")
    newer = SAMPLE_TEXT.replace("góp phần đạt", "góp phần hoàn thành", 1)
    new.write_text(newer, encoding="utf-8")
    shown = tmp_path / "so-sanh.docx"
    assert main(["diff", str(old), str(new), "--docx", "-o", str(shown)]) == 0
    assert main(["import", str(shown), "--into", str(new), "--chap-nhan"]) == 0  # nothing more than NEW
    assert new.read_text(encoding="utf-8") == newer
    assert main(["import", str(shown), "--into", str(old), "--chap-nhan"]) == 0
    assert old.read_text(encoding="utf-8") == newer


# --- exit codes -----------------------------------------------------------------------------------


def test_force_writes_what_was_placed_and_exits_4(tmp_path, capsys):
    def change(root):
        replace_text(paragraph(root, PURPOSE), "góp phần đạt", "góp phần hoàn thành")
        replace_text(paragraph(root, "2. Yêu cầu"), "2. Yêu cầu", "3. Yêu cầu")  # a number docgen prints

    code, out, after = edited_import(tmp_path, capsys, change)
    assert code == 1 and after == SAMPLE_TEXT and "Không ghi gì" in out
    code, out, after = edited_import(tmp_path, capsys, change, "--force")
    assert code == 4 and "«3. Yêu cầu" in out
    assert "đã ghi" in out and "góp phần hoàn thành" in after and "3. Yêu cầu" not in after
    code, out, _ = edited_import(tmp_path, capsys, change, "--force", "--thu")
    assert code == 4 and "(chạy thử: không ghi gì)" in out


def test_the_exit_codes_are_documented_in_the_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["import", "--help"])
    assert stop.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    for words in ("0 đã ghi", "4 đã ghi với --force", "1 không ghi gì", "2 dùng lệnh sai",
                  "--without-record, --khong-dau-ban-ghi", "--other-version, --khac-phien-ban"):
        assert words in help_text, words
    docs = Path(__file__).parent.parent / "docs"
    guide = " ".join((docs / "hang-nam.md").read_text(encoding="utf-8").split())
    assert "`4` đã ghi với `--force`" in guide and "`--without-record`" in guide and "`--other-version`" in guide
    commands = " ".join((docs / "cac-lenh.md").read_text(encoding="utf-8").split())
    assert "`4` đã ghi với `--force`" in commands and "`diff --docx`: `0` khi đã ghi tệp so sánh" in commands


# --- every edit where it was made -----------------------------------------------------------------


@pytest.mark.parametrize("old, new, line", [
    ("Phấn đấu đạt", "Cần Phấn đấu đạt", "Cần Phấn đấu đạt các chỉ tiêu"),  # the start of a run-in sentence
    ("năm 2024, góp phần", "năm 2024 và góp phần", "năm 2024 và góp phần"),  # the middle
    ("bền vững đến năm 2030.", "bền vững đến năm 2030 và sau đó.", "đến năm 2030 và sau đó."),  # the end
])
def test_an_insertion_lands_where_it_was_made(tmp_path, capsys, old, new, line):
    code, out, after = edited_import(tmp_path, capsys, lambda root: replace_text(paragraph(root, PURPOSE), old, new))
    assert code == 0, out
    changed = changed_lines(SAMPLE_TEXT, after)
    assert len(changed) == 2 and line in changed[1], changed
    assert main(["render", str(tmp_path / "ke-hoach.yaml"), "-o", str(tmp_path / "lai.docx")]) == 0
    again = paragraph_text(tmp_path / "lai.docx", PURPOSE)
    assert again == paragraph_text(tmp_path / "da-sua.docx", PURPOSE)


def paragraph_text(docx: Path, starts: str) -> str:
    from lxml import etree

    root = etree.fromstring(package.read(docx.read_bytes())["word/document.xml"])
    return text_of(paragraph(root, starts))  # a non-breaking hyphen reads as "-"


def test_a_label_docgen_prints_is_unplaceable_and_never_written_elsewhere(tmp_path, capsys):
    change = lambda root: replace_text(paragraph(root, "- Mục tiêu: Xây dựng"), "- Mục tiêu:", "Mục đích:")
    for extra in ([], ["--force"]):
        code, out, after = edited_import(tmp_path, capsys, change, *extra)
        assert code == 1 and after == SAMPLE_TEXT, out
        assert "Mục đích: Xây dựng" in out


def test_a_part_title_word_edited_still_lands_in_its_title(tmp_path, capsys):
    code, out, after = edited_import(
        tmp_path, capsys, lambda root: replace_text(paragraph(root, "II. MỤC TIÊU"), "MỤC TIÊU", "MỤC ĐÍCH"))
    assert code == 0, out
    assert changed_lines(SAMPLE_TEXT, after) == ["-  - tieu_de: Mục tiêu", "+  - tieu_de: Mục đích"]


# --- text typed in Word is text -------------------------------------------------------------------


def test_braces_typed_in_word_are_text_and_print_as_typed(tmp_path, capsys):
    typed = "{{ giam_ngheo.so_ho }} và {{{ x }}}"
    code, out, after = edited_import(
        tmp_path, capsys, lambda root: replace_text(paragraph(root, PURPOSE), "Phấn đấu đạt", f"{typed} Phấn đấu đạt"))
    assert code == 0, out
    assert "\\{{ giam_ngheo.so_ho }} và \\{{{ x }}} Phấn đấu đạt" in after
    plan = tmp_path / "ke-hoach.yaml"
    assert main(["render", str(plan), "-o", str(tmp_path / "lai.docx")]) == 0
    assert paragraph_text(tmp_path / "lai.docx", PURPOSE).startswith(f"1. Mục đích: {typed} Phấn đấu đạt")
    capsys.readouterr()
    assert main(["import", str(tmp_path / "da-sua.docx"), "--into", str(plan), "--khac-phien-ban"]) == 0
    assert "không có thay đổi nào để nhập" in capsys.readouterr().out  # printed as typed: nothing left to import


def test_the_escape_is_one_backslash_and_a_quote_still_quotes():
    from docgen.plan import quotes
    from docgen.plan.tables import COUNT, Figure

    figures = {"a": {"b": Figure(2737, COUNT)}}
    assert quotes.fill("còn {{ a.b }} hộ", figures) == "còn 2.737 hộ"
    for typed in ("{{ a.b }}", "x {{ a.b }} {{{ a.b }}} {{{{ a.b }}", "\\{{ a.b }}"):
        written = quotes.escape(typed)
        assert quotes.QUOTE.findall(written) == [] and quotes.problems(written, figures) == []
        assert quotes.fill(written, figures) == typed


# --- what Word may type that a plan's text cannot hold --------------------------------------------


def split_with(p, at: str, tag: str) -> None:
    """Type a break or tab (w:br, w:tab) in paragraph p in place of the space before `at`."""
    from lxml import etree

    text = text_of(p)  # a non-breaking hyphen reads as "-"
    i = text.index(at)
    set_text(p, text[:i].rstrip(" "))
    first = next(p.iter(f"{W}r"))
    mark = etree.SubElement(etree.Element(f"{W}r"), f"{W}{tag}").getparent()
    rest = etree.Element(f"{W}r")
    t = etree.SubElement(rest, f"{W}t")
    t.text = text[i:]
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    first.addnext(mark)
    mark.addnext(rest)


@pytest.mark.parametrize("tag", ["br", "tab"])
def test_a_line_break_or_tab_typed_in_word_is_reported_not_dropped_as_no_change(tmp_path, capsys, tag):
    code, out, after = edited_import(tmp_path, capsys, lambda root: split_with(paragraph(root, PURPOSE), "góp phần", tag))
    assert code == 1 and after == SAMPLE_TEXT
    assert "không có thay đổi nào để nhập" in out and "chỗ ngắt dòng (Shift+Enter), ngắt trang hoặc tab" in out


def test_words_edited_next_to_a_typed_break_are_imported_with_force_and_the_break_reported(tmp_path, capsys):
    def change(root):
        p = paragraph(root, PURPOSE)
        replace_text(p, "góp phần đạt", "góp phần hoàn thành")
        split_with(p, "góp phần", "br")

    code, out, after = edited_import(tmp_path, capsys, change, "--force")
    assert code == 4 and "chỗ ngắt dòng" in out
    assert "góp phần hoàn thành" in after


@pytest.mark.parametrize("char", ["\u200b", "\u202e", *(pytest.param(c, marks=pytest.mark.slow)  # one of each kind quick
                                                         for c in ("\u2066", "\ufeff", "\u00ad"))])
def test_invisible_and_bidi_characters_are_reported_not_imported(tmp_path, capsys, char):
    code, out, after = edited_import(
        tmp_path, capsys, lambda root: replace_text(paragraph(root, PURPOSE), "góp phần", f"góp{char} phần"))
    assert code == 1 and after == SAMPLE_TEXT
    assert f"U+{ord(char):04X}" in out and "ký tự vô hình" in out
    code, out, after = edited_import(tmp_path, capsys, lambda root: set_text(cell(root, "TDP 1", 3), f"2{char}5"))
    assert code == 1 and after == SAMPLE_TEXT and f"U+{ord(char):04X}" in out


def test_a_sentence_ending_in_an_escaped_quote_can_be_appended_to(tmp_path, capsys):
    text = SAMPLE_TEXT.replace("      - tieu_de: Yêu cầu\n        doan:\n",
                               '      - tieu_de: Yêu cầu\n        doan:\n          - "Nói \\"không\\""\n', 1)
    code, out, after = edited_import(
        tmp_path, capsys, lambda root: replace_text(paragraph(root, 'Nói "không"'), '"không"', '"không" nữa'),
        text=text)
    assert code == 0, out
    assert changed_lines(text, after) == ['-          - "Nói \\"không\\""', '+          - "Nói \\"không\\" nữa"']


# --- size --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_2000_word_paragraph_with_286_edits_imports_in_seconds(tmp_path, capsys):
    import random
    import time

    rng = random.Random(1)
    vocab = ["giảm", "nghèo", "bền", "vững", "hộ", "dân", "thôn", "làng", "chương", "trình", "kế", "hoạch"]
    words = [rng.choice(vocab) for _ in range(2000)]  # few distinct words: the worst case for difflib
    start = SAMPLE_TEXT.index("Phấn đấu đạt các chỉ tiêu")
    end = SAMPLE_TEXT.index("bền vững đến năm 2030.", start) + len("bền vững đến năm 2030.")
    text = SAMPLE_TEXT[:start] + " ".join(words) + SAMPLE_TEXT[end:]
    edited = [w + "x" if i % 7 == 0 else w for i, w in enumerate(words)]
    began = time.perf_counter()
    code, out, after = edited_import(
        tmp_path, capsys, lambda root: set_text(paragraph(root, PURPOSE), "1. Mục đích: " + " ".join(edited)), text=text)
    took = time.perf_counter() - began
    assert code == 0, out
    assert " ".join(edited) in " ".join(after.split()) and took < 20, took  # 47 s (and 328 s) before


@pytest.mark.slow  # 500 random pairs, then 40,000 words
def test_the_word_diff_is_minimal_and_bounded():
    import difflib
    import random
    import time

    from docgen.base.worddiff import opcodes

    rng = random.Random(0)
    for _ in range(500):
        a = [rng.choice("abc") for _ in range(rng.randint(0, 12))]
        b = [rng.choice("abc") for _ in range(rng.randint(0, 12))]
        ops = opcodes(a, b)
        rebuilt = [x for tag, i1, i2, j1, j2 in ops for x in (a[i1:i2] if tag == "equal" else b[j1:j2])]
        assert rebuilt == b and all(a[i1:i2] == b[j1:j2] for tag, i1, i2, j1, j2 in ops if tag == "equal")
        cost = sum(i2 - i1 + j2 - j1 for tag, i1, i2, j1, j2 in ops if tag != "equal")
        theirs = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        assert cost <= sum(i2 - i1 + j2 - j1 for tag, i1, i2, j1, j2 in theirs if tag != "equal")
    words = [rng.choice("abcdefghij") for _ in range(40_000)]
    changed = [w + "x" if i % 7 == 0 else w for i, w in enumerate(words)]
    began = time.perf_counter()
    ops = opcodes(words, changed)  # past the limit: the middle replaced whole
    assert time.perf_counter() - began < 15 and ops[0][0] in ("replace", "equal")
