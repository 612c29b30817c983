"""The command line as a user runs it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.render.template import TEMPLATE
from tests.conftest import ROOT, SAMPLE, SAMPLE_TEXT, plan_file
from tests.docx_reading import edited_copy


def test_render_writes_default_output_and_prints_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["render", str(SAMPLE)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"đã tạo {Path('output') / 'ke-hoach-2024.docx'}"]
    assert (tmp_path / "output" / "ke-hoach-2024.docx").stat().st_size > 10_000


def test_render_to_a_chosen_path_creates_its_folder(tmp_path):
    out = tmp_path / "a" / "b" / "plan.docx"
    assert main(["render", str(SAMPLE), "-o", str(out)]) == 0
    assert out.is_file()


@pytest.mark.slow
def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "docgen", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "render" in result.stdout and "validate" in result.stdout


def test_missing_plan_is_a_usage_error(tmp_path, capsys):
    assert main(["render", str(tmp_path / "khong-co.yaml")]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err


def test_validate_says_valid(capsys):
    assert main(["validate", str(SAMPLE)]) == 0
    assert capsys.readouterr().out.strip() == f"{SAMPLE}: hợp lệ"


def test_invalid_plan_writes_no_file_and_keeps_the_old_one(tmp_path, write_plan, plan_data, capsys):
    out = tmp_path / "plan.docx"
    out.write_bytes(b"yesterday's good file")
    plan_data["trich_yeu"] = ""
    assert main(["render", str(write_plan(plan_data)), "-o", str(out)]) == 1
    assert out.read_bytes() == b"yesterday's good file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach.yaml", "plan.docx"]
    assert "trich_yeu" in capsys.readouterr().err


def test_own_template_can_be_given(tmp_path):
    out = tmp_path / "x.docx"
    assert main(["render", str(SAMPLE), "--template", str(ROOT / "docgen" / "render" / "ke-hoach.docx"), "-o", str(out)]) == 0


def test_special_characters_and_template_syntax_arrive_literally(tmp_path, write_plan, plan_data):
    import docx

    tricky = 'A & B < C > D "trích" {% if x %} {{p nam }} </w:t>'
    plan_data["phan"][1]["muc"][1]["gach"].append(tricky)
    out = tmp_path / "x.docx"
    assert main(["render", str(write_plan(plan_data)), "-o", str(out)]) == 1  # {{ … }} quotes figures
    plan_data["phan"][1]["muc"][1]["gach"][-1] = tricky.replace("{{p nam }} ", "")
    assert main(["render", str(write_plan(plan_data)), "-o", str(out)]) == 0
    assert any(p.text == "- " + tricky.replace("{{p nam }} ", "") for p in docx.Document(str(out)).paragraphs)


@pytest.mark.slow  # a new template is prepared in a process
def test_a_template_asking_for_a_missing_variable_fails_loudly(tmp_path, capsys):
    broken = edited_copy(TEMPLATE, tmp_path / "mau.docx", "word/document.xml", "{{ mo_dau }}", "{{ khong_co }}")
    out = tmp_path / "x.docx"
    assert main(["render", str(SAMPLE), "--template", str(broken), "-o", str(out)]) == 2
    assert "khong_co" in capsys.readouterr().err and not out.exists()


@pytest.mark.slow  # a new template is prepared in a process
def test_a_template_cannot_reach_python_internals(tmp_path, capsys):
    evil = edited_copy(TEMPLATE, tmp_path / "mau.docx", "word/document.xml", "{{ mo_dau }}",
                       "{{ mo_dau.__class__.__mro__ }}")
    assert main(["render", str(SAMPLE), "--template", str(evil), "-o", str(tmp_path / "x.docx")]) == 2
    assert "mẫu Word" in capsys.readouterr().err


def test_pdf_without_libreoffice_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "x.docx"
    assert main(["render", str(SAMPLE), "--pdf", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "apt-get install libreoffice-writer-nogui" in err and "Program Files" in err and not out.exists()


def test_pdf_refuses_what_is_not_a_docx_before_calling_libreoffice(tmp_path, capsys):
    fake = tmp_path / "x.docx"
    fake.write_text("không phải Word")
    assert main(["pdf", str(fake)]) == 2
    assert "không phải là tệp Word" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()


def test_output_to_a_folder_and_unusable_template_or_path(tmp_path, capsys):
    folder = tmp_path / "ra"
    folder.mkdir()
    assert main(["render", str(SAMPLE), "-o", str(folder)]) == 0
    assert (folder / "ke-hoach-2024.docx").is_file()
    assert main(["render", str(SAMPLE), "--template", str(SAMPLE), "-o", str(tmp_path / "x.docx")]) == 2
    assert "không phải là tệp .docx" in capsys.readouterr().err
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    assert main(["render", str(SAMPLE), "-o", str(blocker / "x.docx")]) == 2
    assert "không ghi được" in capsys.readouterr().err


def test_validate_goes_on_past_a_missing_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "khong-co.yaml"), str(SAMPLE)]) == 2
    captured = capsys.readouterr()
    assert "không tìm thấy" in captured.err and f"{SAMPLE}: hợp lệ" in captured.out


@pytest.mark.slow
def test_output_that_cannot_encode_vietnamese_is_printed_without_marks(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="latin-1")  # as a redirected Windows console may be
    result = subprocess.run([sys.executable, "-m", "docgen", "render", str(SAMPLE), "-o", str(tmp_path / "a.docx")],
                            capture_output=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("latin-1").split()[:2] == ["dã", "tao"]  # ạ has no latin-1 form: a
    bad = plan_file(tmp_path, "trich_yeu: Kế hoạch\n", "x.yaml")
    result = subprocess.run([sys.executable, "-m", "docgen", "validate", str(bad)], capture_output=True, env=env)
    assert result.returncode == 1
    assert "thieu muc bat buoc `noi_nhan`" in result.stderr.decode("latin-1")


def test_paths_with_vietnamese_letters_and_spaces(tmp_path, capsys):
    folder = tmp_path / "Kế hoạch xã Phú Cần"
    folder.mkdir()
    plan = plan_file(folder, SAMPLE_TEXT, "kế hoạch 2024.yaml")
    out = tmp_path / "Văn bản đã tạo"
    assert main(["render", str(plan), "-o", f"{out}/"]) == 0
    assert (out / "kế hoạch 2024.docx").is_file()
    assert main(["render", str(folder), "-o", str(out / "lô")]) == 0
    assert (out / "lô" / "kế hoạch 2024.docx").is_file()
    assert main(["text", str(out / "kế hoạch 2024.docx")]) == 0
    assert "KẾ HOẠCH" in capsys.readouterr().out


def test_libreoffice_is_found_where_windows_installs_it(tmp_path, monkeypatch):
    from docgen.output.pdf import ToolMissing, soffice

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ToolMissing, match="Program Files"):
        soffice()
    program = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    assert soffice() == str(program)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pgrep -s")
@pytest.mark.parametrize("command", [["validate", str(SAMPLE)], ["render", str(SAMPLE)]])
def test_no_command_leaves_a_process_behind(tmp_path, command):
    if command[0] == "render":
        command = command + ["-o", str(tmp_path / "a.docx")]
    run = subprocess.Popen([sys.executable, "-m", "docgen", *command], start_new_session=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert run.wait(timeout=60) == 0
    left = subprocess.run(["pgrep", "-s", str(run.pid)], capture_output=True, text=True).stdout.split()
    assert left == []


def test_the_docgen_command_is_the_command_line_itself():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"docgen": "docgen.cli:main"}


@pytest.mark.slow
def test_validate_imports_nothing_it_does_not_use():
    code = (f"import sys; from docgen.cli import main; main(['validate', {str(SAMPLE)!r}]); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'lxml', 'docx', 'docxtpl', "
            "'watchfiles', 'pypdfium2', 'PIL', 'ruamel', 'importlib_metadata', 'difflib', 'traceback', "
            "'zipfile', 'json', 'email', 'http'} | ({'importlib.metadata'} & set(sys.modules))))")
    for _ in range(2):  # the first run may build the validator (pydantic then loads more) and cache it
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr



ALIASES = {"--thu": "--dry-run", "--chap-nhan": "--accept-changes", "--ky": "--period",
           "--cap-nhat": "--update"}  # Vietnamese name → English option


def test_options_are_english_and_the_vietnamese_names_still_work():
    """docs/glossary.md: options are English like the verbs; the Vietnamese names first given stay aliases."""
    import argparse

    from docgen.cli import _parser

    parser = _parser()
    verbs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    for verb, sub in verbs.items():
        for action in sub._actions:
            names = [o for o in action.option_strings if o.startswith("--")]
            if names:  # the first is the one usage and help show
                assert names[0] not in ALIASES, (verb, names)
            for alias in set(names) & set(ALIASES):
                assert ALIASES[alias] in names, (verb, names)
    english = parser.parse_args(["import", "a.docx", "--into", "a.yaml", "--dry-run", "--accept-changes"])
    vietnamese = parser.parse_args(["import", "a.docx", "--into", "a.yaml", "--thu", "--chap-nhan"])
    assert vars(english) == vars(vietnamese)
    assert english.thu is True and english.chap_nhan is True


def test_writing_the_default_template_then_rendering_with_one_works_in_one_process(tmp_path):
    from tests.conftest import SAMPLE

    template = tmp_path / "mau.docx"
    assert main(["template", "-o", str(template)]) == 0
    assert main(["render", str(SAMPLE), "--template", str(template), "-o", str(tmp_path / "a.docx")]) == 0
