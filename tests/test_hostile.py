"""Hostile and broken input: slips of the hand, the operating system saying no, files built to
exhaust memory. Each gets a Vietnamese sentence that names the file, the documented exit code,
and nothing is lost."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from docgen.base.errors import UsageError
from docgen.cli import main
from docgen.ooxml.untrusted import MAX_PART
from docgen.plan.load import MAX_EXPANDED, load_file
from docgen.render.template import TEMPLATE
from tests.conftest import ROOT, SAMPLE


def docgen(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True, **kwargs)


@pytest.fixture
def copies(tmp_path):
    plan, template = tmp_path / "p.yaml", tmp_path / "t.docx"
    plan.write_bytes(SAMPLE.read_bytes())
    template.write_bytes(TEMPLATE.read_bytes())
    return plan, template


# --- no slip of the hand loses data ------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["render", "{plan}", "-o", "{plan}"],
    ["render", "{plan}", "--template", "{template}", "-o", "{template}"],
    ["render", "{plan}", "-o", "{link}"],  # another name of the plan
    ["render", "{plan}", "-o", "/dev/null"],
    ["render", "{plan}", "-o", "{fifo}"],
    ["new", "{plan}", "--year", "2025", "-o", "{plan}", "--force"],
    ["schema", "-o", "/dev/full"],
    ["render", "{plan}", "{plan2}", "--template", "{template}", "-o", "{tmp}"],  # a batch writing over its template
], ids=["plan", "template", "hard-link", "device", "fifo", "new", "schema", "batch"])
def test_an_output_that_is_an_input_or_not_a_file_is_refused_before_writing(args, copies, tmp_path, capsys):
    plan, template = copies
    os.link(plan, tmp_path / "link.yaml")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "p2.yaml").write_bytes(plan.read_bytes())
    template.rename(tmp_path / "p2.docx")  # the batch would write p2.docx over it
    template = tmp_path / "p2.docx"
    names = {"plan": plan, "template": template, "link": tmp_path / "link.yaml", "fifo": tmp_path / "fifo",
             "plan2": tmp_path / "p2.yaml", "tmp": tmp_path}
    before = {p: p.read_bytes() for p in (plan, template)}
    assert main([a.format(**names) for a in args]) == 2
    err = capsys.readouterr().err
    assert "chính là tệp đầu vào" in err or "không phải là tệp thường" in err, err
    assert {p: p.read_bytes() for p in (plan, template)} == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_migrate_to_its_own_input_names_the_default_instead(tmp_path, capsys):
    old = tmp_path / "cu.yaml"
    old.write_bytes((ROOT / "tests" / "data" / "ke-hoach-2024-mau-cu.yaml").read_bytes())
    before = old.read_bytes()
    assert main(["migrate", str(old), "-o", str(old)]) == 2
    assert "bỏ -o để ghi đè" in capsys.readouterr().err and old.read_bytes() == before


@pytest.mark.parametrize("kind", ["folder", "fifo", "missing"])
def test_a_plan_that_is_not_a_regular_file_is_named_for_what_it_is(kind, tmp_path, capsys):
    path = tmp_path / "x.yaml"
    {"folder": path.mkdir, "fifo": lambda: os.mkfifo(path), "missing": lambda: None}[kind]()
    assert main(["validate", str(path)]) == 2
    expected = {"folder": "là một thư mục", "fifo": "không phải là tệp thường", "missing": "không tìm thấy tệp"}
    assert expected[kind] in capsys.readouterr().err


# --- the operating system says no ----------------------------------------------------------


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "ổ đĩa đã đầy"),
    (errno.EACCES, "không có quyền"),
    (errno.EROFS, "ổ đĩa hoặc thư mục chỉ cho đọc"),
    (errno.EDQUOT, "đã hết hạn mức dung lượng"),
])
def test_a_write_the_system_refuses_is_a_vietnamese_sentence_and_loses_nothing(code, words, copies, monkeypatch,
                                                                                capsys):
    plan, _ = copies
    out = plan.with_suffix(".docx")
    out.write_bytes(b"old")

    def refuse(*args):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    assert main(["render", str(plan), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"không ghi được {out}: {words}" in err and os.strerror(code) not in err
    assert out.read_bytes() == b"old" and sorted(p.name for p in plan.parent.iterdir()) == ["p.docx", "p.yaml", "t.docx"]


def test_a_plan_that_vanishes_or_cannot_be_read_is_named_with_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "p.yaml"
    with pytest.raises(UsageError, match="không đọc được tệp .*p.yaml: tệp hoặc thư mục không còn ở đó"):
        load_file(path)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr("builtins.open", denied)
    with pytest.raises(UsageError, match="không đọc được tệp .*: không có quyền") as caught:
        load_file(path)
    assert "Permission" not in str(caught.value)


@pytest.mark.slow
def test_stdout_on_a_full_disk_is_an_error_with_a_sentence_not_python_noise():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "docgen", "validate", str(SAMPLE)], stdout=full,
                                stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2
    assert "không ghi được kết quả ra đầu ra chuẩn: ổ đĩa đã đầy" in result.stderr
    assert "Exception" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_terminal_that_cannot_show_vietnamese_gets_it_without_marks(tmp_path):
    out = tmp_path / "x.docx"
    result = docgen("render", str(SAMPLE), "-o", str(out), env={**os.environ, "PYTHONIOENCODING": "latin-1"},
                    encoding="latin-1")
    assert result.returncode == 0 and out.exists()
    assert result.stdout.startswith("dã tao ")  # "đã tạo": each letter as near as latin-1 goes, no crash


def test_control_characters_from_the_file_are_shown_not_obeyed(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text(SAMPLE.read_text(encoding="utf-8") + '"k\\e[31mđỏ\\u202e": 1\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err
    assert "k\\x1b[31mđỏ\\u202e" in err


# --- memory bounded by the input's real size ------------------------------------------------


def test_a_huge_plan_is_refused_by_its_size_without_reading_it(tmp_path):
    import tracemalloc

    path = tmp_path / "p.yaml"
    with open(path, "wb") as fh:
        fh.truncate(1 << 30)  # sparse: 1 GB that takes no disk
    tracemalloc.start()
    with pytest.raises(Exception, match="tệp quá lớn \\(1.073.741.824 byte"):
        load_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000, peak  # read whole, it would be a gigabyte


def test_aliases_are_budgeted_by_the_bytes_they_expand_to(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    chunk = "x" * 100_000
    count = MAX_EXPANDED // len(chunk) + 1  # few nodes, each small in the file, too much in memory
    path.write_text(f'a: &a "{chunk}"\nb: [{",".join(["*a"] * count)}]\n', encoding="utf-8")
    assert path.stat().st_size < 1_000_000
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "quá nhiều chữ" in err and "bí danh" in err


# --- Word files from elsewhere, opened within limits -----------------------------------------


def _docx_with(tmp_path: Path, name: str, document: bytes | None = None) -> Path:
    """A copy of the rendered sample with its document part replaced."""
    from docgen.plan.build import load_plan
    from docgen.render.engine import render

    data = render(load_plan(SAMPLE), TEMPLATE)
    out = tmp_path / name
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            if item.filename == "word/document.xml" and document is not None:
                with z.open("word/document.xml", "w", force_zip64=True) as fh:
                    fh.write(document)
            else:
                z.writestr(item, src.read(item))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "text"])
def test_a_zip_bomb_is_refused_before_it_is_inflated(command, tmp_path):
    bomb = _docx_with(tmp_path, "bom.docx", b" " * (MAX_PART + 1))
    assert bomb.stat().st_size < 200_000
    result = docgen(command, str(bomb))
    assert result.returncode == 2, result.stderr
    assert "word/document.xml" in result.stderr and "bom nén" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "text"])
def test_a_billion_laughs_part_is_refused(command, tmp_path):
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    result = docgen(command, str(_docx_with(tmp_path, "lol.docx", lol)))
    assert result.returncode == 2 and "DTD" in result.stderr, result.stderr


@pytest.mark.slow
def test_a_part_larger_than_its_directory_says_is_a_damaged_file(tmp_path):
    path = _docx_with(tmp_path, "lie.docx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    # shrink the declared size in the central directory: inflating stops there, the checksum fails
    central = data.rfind(b"PK\x01\x02" + data[info.header_offset + 4:info.header_offset + 8])
    central = data.find(b"word/document.xml", central) - 46
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    result = docgen("check", str(path))
    assert result.returncode == 2 and "bị hỏng" in result.stderr, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "text"])
def test_a_part_whose_compressed_data_is_garbage_is_a_damaged_file(command, tmp_path):
    path = _docx_with(tmp_path, "hong.docx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(10, 30):  # deflate data that does not inflate (zlib.error, not a zipfile error)
        data[start + k] ^= 0xFF
    path.write_bytes(bytes(data))
    result = docgen(command, str(path))
    assert result.returncode == 2 and "bị hỏng" in result.stderr, result.stderr


def test_writing_through_a_symbolic_link_writes_the_file_it_points_to(tmp_path):
    from docgen.output.write import write_atomic

    target = tmp_path / "that.yaml"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "text"])
def test_a_document_part_that_is_not_a_document_is_a_damaged_file(command, tmp_path):
    root = b'<w:tr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:tc/></w:tr>'
    result = docgen(command, str(_docx_with(tmp_path, "hang.docx", root)))
    assert result.returncode == 2 and "bị hỏng" in result.stderr, result.stderr


def _with_part(tmp_path: Path, name: str, part: str, data: bytes) -> Path:
    path = _docx_with(tmp_path, name)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr(part, data)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("case, words", [
    ("utf32", "UTF-32"),
    ("utf7", "«utf-7»"),
    ("dtd-in-a-part-not-named-xml", "DTD"),
    ("many-parts", "khai báo 6.001 phần"),
    ("encrypted-part", "phần word/media/anh.png bị hỏng"),
])
def test_what_zipfile_or_lxml_would_let_through_is_refused(case, words, tmp_path):
    if case == "utf32":
        xml = '<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
        path = _docx_with(tmp_path, "u.docx", xml.encode("utf-32"))
    elif case == "utf7":
        path = _docx_with(tmp_path, "u.docx", b'<?xml version="1.0" encoding="UTF-7"?><a/>')
    elif case == "dtd-in-a-part-not-named-xml":
        path = _with_part(tmp_path, "u.docx", "word/main.bin", b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a/>')
    elif case == "many-parts":
        path = _docx_with(tmp_path, "u.docx")
        with zipfile.ZipFile(path, "a") as z:
            for i in range(6001 - len(z.infolist())):
                z.writestr(f"x/{i}", b"")
    else:
        path = _with_part(tmp_path, "u.docx", "word/media/anh.png", b"\x89PNG" + b"0" * 100)
        data = bytearray(path.read_bytes())
        central = data.rfind(b"word/media/anh.png") - 46  # its central directory entry
        data[central + 8] |= 1  # "encrypted": zipfile refuses to read it
        path.write_bytes(bytes(data))
    for command in ("check", "text"):
        result = docgen(command, str(path))
        assert result.returncode == 2 and words in result.stderr, (command, result.stderr)


@pytest.mark.slow
def test_stdout_closed_is_an_error_with_a_sentence():
    result = subprocess.run([sys.executable, "-m", "docgen", "validate", str(SAMPLE)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2 and "đầu ra đã bị đóng" in result.stderr, result.stderr


def test_an_output_under_a_file_taken_for_a_folder_says_so(tmp_path, capsys):
    (tmp_path / "f.yaml").write_text("x", encoding="utf-8")
    assert main(["render", str(SAMPLE), "-o", str(tmp_path / "f.yaml" / "x.docx")]) == 2
    assert "f.yaml là một tệp, không phải thư mục" in capsys.readouterr().err


def test_migrate_never_overwrites_an_earlier_backup(tmp_path, capsys):
    old = tmp_path / "kh.yaml"
    old.write_bytes((ROOT / "tests" / "data" / "ke-hoach-2024-mau-cu.yaml").read_bytes())
    backup = tmp_path / "kh.cu.yaml"
    backup.write_text("bản cũ lần trước", encoding="utf-8")
    assert main(["migrate", str(old)]) == 2
    assert "đã có" in capsys.readouterr().err and backup.read_text(encoding="utf-8") == "bản cũ lần trước"


def test_an_annex_whose_name_is_invalid_does_not_make_every_quote_an_error(tmp_path, capsys):
    text = (ROOT / "content" / "phong-chong-thien-tai-ia-to-2025.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("ma: so_tan", "ma: so-tan", 1), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "phu_luc[0].ma" in err[0], err


@pytest.mark.slow
def test_a_template_whose_main_part_is_not_named_xml_and_is_garbage_is_a_template_error(tmp_path):
    parts = package_read(TEMPLATE.read_bytes())
    parts["word/main.bin"] = b"\x00garbage, not XML"
    # (word/document.xml stays, unreferenced: the main part is the one the relationships name)
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/main.bin")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/word/document.xml", b"/word/main.bin")
    template = tmp_path / "mau.docx"
    template.write_bytes(package_write(parts))
    result = docgen("render", str(SAMPLE), "--template", str(template), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == 2 and "word/main.bin" in result.stderr, result.stderr


from docgen.ooxml.package import read as package_read
from docgen.ooxml.package import write as package_write
