"""Rendering many plans at once: parallel, one bad plan does not stop the others."""

import shutil
import sys

import pytest

from docgen.cli import main
from tests.conftest import ROOT, SAMPLE, SAMPLE_TEXT


@pytest.fixture
def folder(tmp_path):
    plans = tmp_path / "plans"
    (plans / "huyen").mkdir(parents=True)
    for i in range(1, 5):
        (plans / "huyen" / f"xa-{i}.yaml").write_text(SAMPLE_TEXT.replace("so: 45 ", f"so: {40 + i} "), encoding="utf-8")
    (plans / "huyen" / "xa-3.yaml").write_text(SAMPLE_TEXT.replace("      so_ho: 492\n", "      so_ho: 4x2\n"), encoding="utf-8")
    (plans / "ghi-chu.txt").write_text("không phải kế hoạch")
    return plans


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.slow)])  # 2: a process pool
def test_a_folder_renders_every_plan_and_reports_the_bad_one(folder, tmp_path, capsys, jobs):
    out = tmp_path / "out"
    assert main(["render", str(folder), "-o", str(out), "--jobs", jobs]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["xa-1.docx", "xa-2.docx", "xa-4.docx"]
    captured = capsys.readouterr()
    assert f"{folder / 'huyen' / 'xa-3.yaml'}:" in captured.err and "phu_luc[0].dong[2].so_ho" in captured.err
    assert captured.out.startswith(f"đã tạo 3 văn bản trong {out}, lỗi 1,")


@pytest.mark.slow  # a process pool
def test_several_files_all_good_exit_0(folder, tmp_path, capsys):
    out = tmp_path / "out"
    files = [str(folder / "huyen" / f"xa-{i}.yaml") for i in (1, 2)]
    assert main(["render", *files, "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["xa-1.docx", "xa-2.docx"]
    assert "lỗi 0" in capsys.readouterr().out


@pytest.mark.slow  # a process pool
def test_batch_output_equals_single_renders(folder, tmp_path):
    out = tmp_path / "out"
    main(["render", str(folder / "huyen" / "xa-1.yaml"), str(folder / "huyen" / "xa-2.yaml"), "-o", str(out)])
    single = tmp_path / "single.docx"
    assert main(["render", str(folder / "huyen" / "xa-1.yaml"), "-o", str(single)]) == 0
    assert (out / "xa-1.docx").read_bytes() == single.read_bytes()


def test_same_names_in_two_folders_are_refused(tmp_path, capsys):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "ke-hoach.yaml").write_text(SAMPLE_TEXT, encoding="utf-8")
    assert main(["render", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out")]) == 2
    assert "cùng tên" in capsys.readouterr().err


def test_a_missing_input_is_a_usage_error(tmp_path, capsys):
    assert main(["render", str(tmp_path / "khong-co"), str(SAMPLE), "-o", str(tmp_path / "out")]) == 2
    assert "không tìm thấy" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.slow)])  # 2: a process pool
def test_an_output_that_cannot_be_written_fails_that_plan_only(folder, tmp_path, capsys, jobs):
    out = tmp_path / "out"
    (out / "xa-2.docx").mkdir(parents=True)  # a folder where the file should go
    assert main(["render", str(folder), "-o", str(out), "--jobs", jobs]) == 1
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["xa-1.docx", "xa-4.docx"]
    captured = capsys.readouterr()
    assert f"{folder / 'huyen' / 'xa-2.yaml'}:" in captured.err and "là một thư mục" in captured.err
    assert captured.out.startswith(f"đã tạo 2 văn bản trong {out}, lỗi 2,")


def test_same_plan_named_twice_renders_once(tmp_path, capsys):
    plans = tmp_path / "p"
    plans.mkdir()
    shutil.copy(SAMPLE, plans / "a.yaml")
    assert main(["render", str(plans / "a.yaml"), str(plans / ".." / "p" / "a.yaml"), "-o", str(tmp_path / "o")]) == 0
    assert "đã tạo 1 văn bản" in capsys.readouterr().out


@pytest.mark.slow
def test_a_batch_works_where_processes_cannot_fork(folder, tmp_path, capsys, monkeypatch):
    from docgen.commands import batch

    monkeypatch.setattr(batch, "START_METHOD", "spawn")  # what Windows and macOS use
    out = tmp_path / "out"
    assert main(["render", str(folder), "-o", str(out), "--jobs", "2"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["xa-1.docx", "xa-2.docx", "xa-4.docx"]
    assert "(2 tiến trình)" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_a_batch_leaves_no_worker_behind(tmp_path):
    import os
    import signal
    import subprocess
    import time

    plans = tmp_path / "plans"
    plans.mkdir()
    for i in range(60):
        (plans / f"xa-{i:02d}.yaml").write_text(SAMPLE_TEXT, encoding="utf-8")
    batch = subprocess.Popen([sys.executable, "-m", "docgen", "render", str(plans), "-o", str(tmp_path / "out"),
                              "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while not list((tmp_path / "out").glob("*.docx")):  # the workers are rendering
        assert time.monotonic() < deadline and batch.poll() is None
        time.sleep(0.05)
    workers = [int(p) for p in subprocess.run(["pgrep", "-P", str(batch.pid)], capture_output=True,
                                              text=True).stdout.split()]
    assert workers, "the batch has no worker processes to watch"
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    time.sleep(1.0)
    alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}") and
             open(f"/proc/{pid}/stat").read().split()[2] != "Z"]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


@pytest.mark.slow
def test_a_district_batch_writes_every_good_plan_and_locates_every_broken_one(tmp_path, capsys):
    """Twenty different mistakes among plans of every kind (bench/district.py makes 1,000 of
    them, one in fifty broken, and prints time and memory)."""
    import importlib.util
    import re

    spec = importlib.util.spec_from_file_location("bench_district", ROOT / "bench" / "district.py")
    district = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(district)
    good, broken = district.make_district(tmp_path / "plans", 2 * len(district.BREAKAGES), every=2)
    out = tmp_path / "out"
    assert main(["render", str(tmp_path / "plans"), "-o", str(out), "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.docx" for p in good)
    for plan in broken:
        assert re.search(rf"^{re.escape(str(plan))}(:\d+:\d+)?: \S", err, flags=re.MULTILINE), plan.name
    assert "lỗi nội bộ" not in err and "Traceback" not in err
