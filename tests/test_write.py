"""Writing files: atomic, never over a read-only file, never over a change made meanwhile, and the
plan edited in place under a lock that a second docgen process waits for."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest

from docgen.base.errors import UsageError
from docgen.cli import main
from docgen.output.write import Changed, exclusive, write_atomic
from docgen.plan import yamledit
from tests.conftest import ROOT, SAMPLE_TEXT, render_once
from tests.test_import import edit_docx, paragraph, replace_text

SENTENCE = "1. Mục đích: Phấn đấu đạt các chỉ tiêu"


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path):
    path = tmp_path / "ke-hoach.yaml"
    path.write_bytes(b"old")
    path.write_bytes(b"saved by an editor meanwhile")
    with pytest.raises(Changed):
        write_atomic(path, b"docgen's edit", expected=b"old")
    assert path.read_bytes() == b"saved by an editor meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["ke-hoach.yaml"]  # no temporary left


def test_a_file_unchanged_since_it_was_read_is_replaced(tmp_path):
    path = tmp_path / "ke-hoach.yaml"
    path.write_bytes(b"old")
    write_atomic(path, b"new", expected=b"old")
    assert path.read_bytes() == b"new"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_read_only_file_is_not_replaced(tmp_path):
    path = tmp_path / "ke-hoach.yaml"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(UsageError, match="chỉ cho đọc"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"


def test_a_temporary_left_by_a_killed_write_is_removed_by_the_next(tmp_path):
    path = tmp_path / "ke-hoach.yaml"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    left = tmp_path / f".ke-hoach.yaml.{int(dead.stdout)}.abc123.tmp"  # that process has ended
    left.write_bytes(b"half a file")
    other = tmp_path / f".khac.yaml.{int(dead.stdout)}.abc123.tmp"  # another file's: not ours to remove
    other.write_bytes(b"x")
    write_atomic(path, b"new")
    assert not left.exists() and other.exists() and path.read_bytes() == b"new"


@pytest.mark.slow  # three Pythons, one after the other
def test_a_second_holder_of_the_lock_waits_for_the_first(tmp_path):
    path = tmp_path / "ke-hoach.yaml"
    path.write_text("0")
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from docgen.output.write import exclusive
        with exclusive(Path({str(path)!r})):
            n = int(Path({str(path)!r}).read_text())
            time.sleep(0.3)
            Path({str(path)!r}).write_text(str(n + 1))
    """)
    workers = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(3)]
    assert [w.wait(60) for w in workers] == [0, 0, 0]
    assert path.read_text() == "3"  # without the lock, two would read the same number


def render_and_edit(tmp_path, old: str, new: str):
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    docx, edited = tmp_path / "k.docx", tmp_path / "da-sua.docx"
    render_once(plan, docx)
    edit_docx(docx, edited, lambda root: replace_text(paragraph(root, SENTENCE), old, new))
    return plan, edited


def test_an_editor_saving_during_an_import_loses_nothing(tmp_path, capsys, monkeypatch):
    plan, edited = render_and_edit(tmp_path, "góp phần đạt", "góp phần hoàn thành")
    saved = SAMPLE_TEXT.replace("# cuối năm trước", "# sửa trong trình soạn thảo", 1)
    apply = yamledit.apply

    def editor_saves_meanwhile(text, edits):
        plan.write_text(saved, encoding="utf-8")  # the user's editor, which takes no lock
        return apply(text, edits)

    monkeypatch.setattr(yamledit, "apply", editor_saves_meanwhile)
    assert main(["import", str(edited), "--into", str(plan)]) == 2
    assert "chạy lại" in capsys.readouterr().err
    assert plan.read_text(encoding="utf-8") == saved


def test_two_imports_into_one_plan_at_once_lose_no_edit(tmp_path, capsys):
    plan, first = render_and_edit(tmp_path, "góp phần đạt", "góp phần hoàn thành")
    second = tmp_path / "sua-2.docx"
    edit_docx(tmp_path / "k.docx", second,
              lambda root: replace_text(paragraph(root, SENTENCE), "năm 2024", "năm 2024 (sửa lần hai)"))
    codes = {}

    def run(name, docx):
        codes[name] = main(["import", str(docx), "--into", str(plan)])

    threads = [threading.Thread(target=run, args=(n, d)) for n, d in (("a", first), ("b", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    text = plan.read_text(encoding="utf-8")
    written = [n for n, code in codes.items() if code == 0]
    # one is written; the other was made from the version before it, and says so instead of undoing it
    assert len(written) == 1 and sorted(codes.values()) == [0, 2], codes  # 2: a file of another version
    assert ("góp phần hoàn thành" in text) == (written == ["a"]) and ("sửa lần hai" in text) == (written == ["b"])


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_read_only_plan_is_not_replaced_by_import(tmp_path, capsys):
    plan, edited = render_and_edit(tmp_path, "góp phần đạt", "góp phần hoàn thành")
    plan.chmod(0o444)
    assert main(["import", str(edited), "--into", str(plan)]) == 2
    assert plan.read_text(encoding="utf-8") == SAMPLE_TEXT


def test_the_lock_is_released_after_its_block(tmp_path):
    path = tmp_path / "a.yaml"
    with exclusive(path):
        pass
    with exclusive(path):  # released: taken again at once
        pass


@pytest.mark.parametrize("text", ["thuc_hien:\nten: x\n", "thuc_hien:  # để điền\nten: x\n",
                                  "dong:\n  - thuc_hien:\n    ten: x\n"])
def test_a_value_left_empty_is_written_after_its_colon_and_a_space(text):
    """A report's `thuc_hien:` waits empty for the figure typed in Excel: it reads back as the number."""
    from docgen.plan.load import load_text

    source = load_text(text, "bc.yaml")
    path = ("dong", 0, "thuc_hien") if text.startswith("dong") else ("thuc_hien",)
    written = yamledit.apply(text, [yamledit.rewrite(text, source.spans[path], 13.5)])
    back = load_text(written, "bc.yaml").data
    assert (back["dong"][0] if text.startswith("dong") else back) == {"thuc_hien": 13.5, "ten": "x"}, written
