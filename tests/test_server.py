"""The background server: it may make `validate` and `render` faster, never different."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

from docgen import client

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="the server needs Unix sockets")


def env_for(cache: Path, server: str = "1") -> dict:
    return dict(os.environ, DOCGEN_CACHE_DIR=str(cache), DOCGEN_SERVER=server)


def docgen(args: list[str], cache: Path, server: str = "1", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True,
                          env=env_for(cache, server), cwd=cwd, timeout=120)


def socket_path(cache: Path) -> Path:
    found = list((cache / "v1").glob("server-*.sock")) if (cache / "v1").exists() else []
    return found[0] if found else None


def wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def plan_folder(tmp_path: Path, count: int, text: str | None = None) -> Path:
    """Return a folder of count plans: copies of the sample, or of text."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for i in range(count):
        (plans / f"xa-{i:03d}.yaml").write_text(text or SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return plans


def in_background(args: list[str], cache: Path, **streams) -> subprocess.Popen:
    """Start docgen args as a caller of the server, its output in pipes unless told otherwise."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **streams}
    return subprocess.Popen([sys.executable, "-m", "docgen", *args], env=env_for(cache), cwd=ROOT, **streams)


class Server:
    """A `docgen serve` of the tests' own, in a private cache folder."""

    def __init__(self, cache: Path, idle: float = 120):
        self.cache = cache
        self.process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--idle", str(idle)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env=env_for(cache), cwd=ROOT)
        self.ready = self.process.stdout.readline()  # it listens once it has said so
        assert "sẵn sàng" in self.ready, self.ready + self.process.communicate()[0]

    def stop(self) -> str:
        """Stop the server the way a user would; return everything it printed."""
        if self.process.poll() is None:
            docgen(["serve", "--stop"], self.cache)
        out, _ = self.process.communicate(timeout=60)
        return self.ready + out


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path / "cache")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_answers_are_those_of_the_command_run_directly(server, tmp_path, plan_data, write_plan):
    plan_data["trich_yeu"] = ""
    bad = write_plan(plan_data, "sai.yaml")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(SAMPLE, work / "ke-hoach.yaml")
    cases = [
        ["validate", str(SAMPLE)],
        ["validate", str(bad), str(SAMPLE)],  # one invalid among two: exit 1, messages in order
        ["validate", "khong-co.yaml"],
        ["render", "ke-hoach.yaml", "-o", "ra/"],  # relative to the caller's folder
        ["render", str(bad), "-o", "sai.docx"],
    ]
    for args in cases:
        served = docgen(args, server.cache, cwd=work)
        if args[0] == "render" and served.returncode == 0:
            made = (work / "ra" / "ke-hoach.docx").read_bytes()
            (work / "ra" / "ke-hoach.docx").unlink()
        direct = docgen(args, server.cache, server="0", cwd=work)
        assert (served.returncode, served.stdout, served.stderr) == (direct.returncode, direct.stdout, direct.stderr)
        if args[0] == "render" and served.returncode == 0:
            assert made == (work / "ra" / "ke-hoach.docx").read_bytes()
    log = server.stop()
    assert log.count(" → ") == len(cases), log  # every command above was answered by the server
    assert "validate khong-co.yaml → 2" in log and "render ke-hoach.yaml -o ra/ → 0" in log


def test_a_batch_is_answered_too(server, tmp_path, plan_data, write_plan):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(SAMPLE, plans / "a.yaml")
    plan_data["nam"] = "hai nghìn"
    (plans / "b.yaml").write_text(write_plan(plan_data).read_text(encoding="utf-8"), encoding="utf-8")
    args = ["render", str(plans), "-o", str(tmp_path / "out"), "--jobs", "2"]
    served = docgen(args, server.cache)
    made = (tmp_path / "out" / "a.docx").read_bytes()
    direct = docgen(args, server.cache, server="0")
    assert served.returncode == direct.returncode == 1
    assert served.stderr == direct.stderr and "b.yaml:" in served.stderr
    seconds = re.compile(r"\d+[.,]\d+ giây")
    assert seconds.sub("…", served.stdout) == seconds.sub("…", direct.stdout)
    assert "đã tạo 1 văn bản" in served.stdout and made == (tmp_path / "out" / "a.docx").read_bytes()
    assert f"render {plans}" in server.stop()


def test_ctrl_c_stops_the_command_not_the_server(server, tmp_path, plan_data, write_plan):
    plan_data["nam"] = "hai nghìn"
    plans = plan_folder(tmp_path, 40, write_plan(plan_data).read_text(encoding="utf-8"))
    caller = in_background(["render", str(plans), "-o", str(tmp_path / "out")], server.cache)
    assert b"xa-" in caller.stderr.readline()  # the batch is under way on the server
    caller.send_signal(signal.SIGINT)
    assert caller.wait(timeout=30) == 130
    after = docgen(["validate", str(SAMPLE)], server.cache)
    assert after.returncode == 0 and after.stdout.endswith("hợp lệ\n")
    log = server.stop()
    assert f"render {plans} -o {tmp_path / 'out'} → 130" in log, log


def test_the_callers_terminal_stays_a_terminal(server, tmp_path):
    import pty

    plans = plan_folder(tmp_path, 3)
    master, slave = pty.openpty()
    result = subprocess.run([sys.executable, "-m", "docgen", "render", str(plans), "-o", str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=slave, env=env_for(server.cache), cwd=ROOT, timeout=120)
    os.close(slave)
    shown = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(master, 4096):
            shown += chunk
    os.close(master)
    assert result.returncode == 0
    assert b"\r[" in shown and b"] 3/3" in shown  # the progress bar, drawn because stderr is a terminal
    assert f"render {plans}" in server.stop()


def test_commands_run_side_by_side(server, tmp_path):
    plans = plan_folder(tmp_path, 60)
    batch = in_background(["render", str(plans), "-o", str(tmp_path / "out")], server.cache)
    wait_for(lambda: (tmp_path / "out").exists() and any((tmp_path / "out").iterdir()))
    quick = docgen(["validate", str(SAMPLE)], server.cache)
    still_running = batch.poll() is None
    assert quick.returncode == 0 and batch.wait(timeout=120) == 0
    assert still_running, "validate waited for the batch to finish"


@pytest.mark.parametrize("when", ["after the first message", "at once"])
def test_ctrl_c_stops_a_parallel_batch_and_leaves_nothing_running(server, tmp_path, plan_data, write_plan, when):
    plan_data["nam"] = "hai nghìn"
    plans = plan_folder(tmp_path, 200, write_plan(plan_data).read_text(encoding="utf-8"))
    caller = in_background(["render", str(plans), "-o", str(tmp_path / "out"), "-j", "2"], server.cache)
    if when == "at once":
        time.sleep(0.3)  # the client has handed the command over; the pool may be starting
    else:
        caller.stderr.readline()
    caller.send_signal(signal.SIGINT)
    caller.communicate(timeout=60)  # EOF on its pipes: no worker left holding them
    assert caller.returncode == 130
    log = server.stop()
    assert f"render {plans} -o {tmp_path / 'out'} -j 2 → 130" in log, log


def test_ctrl_z_stops_the_command_and_fg_resumes_it(server, tmp_path):
    plans = plan_folder(tmp_path, 150)
    out = tmp_path / "out"
    caller = in_background(["render", str(plans), "-o", str(out), "-j", "1"], server.cache)
    wait_for(lambda: out.exists() and len(list(out.iterdir())) > 3)
    caller.send_signal(signal.SIGTSTP)
    time.sleep(1)
    made = len(list(out.iterdir()))
    time.sleep(1)
    assert len(list(out.iterdir())) == made < 150  # stopped with its caller
    caller.send_signal(signal.SIGCONT)
    caller.communicate(timeout=120)
    assert caller.returncode == 0 and len(list(out.iterdir())) == 150
    server.stop()


def test_a_stuck_server_does_not_keep_commands_waiting(server):
    server.process.send_signal(signal.SIGSTOP)
    try:
        result = docgen(["validate", str(SAMPLE)], server.cache)
        assert result.returncode == 0 and result.stdout.endswith("hợp lệ\n")
    finally:
        server.process.send_signal(signal.SIGCONT)
    log = server.stop()
    served = [line for line in log.splitlines() if line.startswith("docgen validate")]
    assert served and all(" → 75 " in line for line in served), log  # handed back, not run twice


def test_sigterm_stops_the_server_cleanly(server):
    server.process.terminate()
    assert server.process.wait(timeout=30) == 0
    assert socket_path(server.cache) is None


def test_an_editors_lock_link_among_the_code_is_not_a_crash(tmp_path):
    copy = tmp_path / "code"
    shutil.copytree(ROOT / "docgen", copy / "docgen", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "docgen" / ".#client.py").symlink_to("user@host.1234")  # Emacs' lock: a dangling link
    code = "import sys; sys.path.insert(0, %r); from docgen import client; print(client.fingerprint())" % str(copy)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env_for(tmp_path))
    assert result.returncode == 0 and len(result.stdout.strip()) == 8, result.stderr


def test_the_cache_folder_is_private_whatever_the_umask(tmp_path, monkeypatch):
    from docgen import cache

    monkeypatch.delenv("DOCGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    old = os.umask(0o002)
    try:
        folder = cache.folder()
    finally:
        os.umask(old)
    assert folder == str(tmp_path / "xdg" / "docgen" / "v1")
    assert (tmp_path / "xdg" / "docgen").stat().st_mode & 0o777 == 0o700


def test_new_files_keep_the_callers_umask(server, tmp_path):
    old = os.umask(0o077)
    try:
        served = docgen(["render", str(SAMPLE), "-o", str(tmp_path / "a.docx")], server.cache)
    finally:
        os.umask(old)
    assert served.returncode == 0
    assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o600
    assert " → 0" in server.stop()


def test_a_template_edited_while_the_server_runs_is_used(server, tmp_path):
    import docx

    template = tmp_path / "mau.docx"
    shutil.copy(ROOT / "templates" / "ke-hoach.docx", template)
    args = ["render", str(SAMPLE), "-o", str(tmp_path / "a.docx"), "--template", str(template)]
    assert docgen(args, server.cache).returncode == 0
    edited = docx.Document(str(template))
    edited.paragraphs[-1].insert_paragraph_before("Dòng thêm vào mẫu")
    edited.save(str(template))
    assert docgen(args, server.cache).returncode == 0
    assert "Dòng thêm vào mẫu" in [p.text for p in docx.Document(str(tmp_path / "a.docx")).paragraphs]
    assert server.stop().count(" → 0") == 2


def test_other_commands_run_in_the_callers_process(server, tmp_path):
    assert docgen(["--debug", "validate", str(SAMPLE)], server.cache).returncode == 0
    assert docgen(["schema"], server.cache).returncode == 0
    assert " → " not in server.stop()


def test_a_client_of_other_code_is_turned_away(server):
    path = socket_path(server.cache)
    with socket.socket(socket.AF_UNIX) as conn:
        conn.connect(str(path))
        conn.sendall(json.dumps({"argv": ["validate", str(SAMPLE)], "cwd": str(ROOT), "umask": 0o22,
                                 "env": {}, "stdout": ["utf-8", "strict", "0", "0"],
                                 "stderr": ["utf-8", "strict", "1", "0"], "fingerprint": "00000000"}).encode())
        conn.shutdown(socket.SHUT_WR)
        answer = json.loads(conn.makefile("rb").read())
    assert answer == {"code": None}
    assert " → " not in server.stop()


def test_a_second_server_steps_aside(server):
    second = docgen(["serve"], server.cache)
    assert second.returncode == 0 and "đã chạy sẵn" in second.stdout
    server.stop()


def test_leftovers_of_servers_that_are_gone_are_removed(tmp_path):
    folder = tmp_path / "cache" / "v1"
    folder.mkdir(parents=True)
    stale = [folder / "server-deadbeef.sock", folder / "server-deadbeef.sock.lock", folder / "server-0ld.sock.started"]
    for path in stale:
        path.write_text("")
    os.utime(stale[2], (time.time() - 7200, time.time() - 7200))
    running = Server(tmp_path / "cache")
    assert [p for p in stale if p.exists()] == []
    running.stop()


@pytest.mark.parametrize("shell", [
    "{docgen} validate {plan} >&-; echo $? >&2",  # no stdout at all
    "mkdir d && cd d && rmdir ../d && {docgen} validate {plan}; echo $? >&2",  # a folder that is gone
])
def test_a_caller_in_odd_circumstances_gets_what_running_here_gives(server, tmp_path, shell):
    line = shell.format(docgen=f"{sys.executable} -m docgen", plan=SAMPLE)
    served = subprocess.run(["bash", "-c", line], capture_output=True, text=True, env=env_for(server.cache),
                            cwd=tmp_path)
    direct = subprocess.run(["bash", "-c", line], capture_output=True, text=True,
                            env=env_for(server.cache, server="0"), cwd=tmp_path)
    assert (served.stdout, served.stderr) == (direct.stdout, direct.stderr)
    assert "Traceback" not in served.stderr


def test_the_server_stops_by_itself_when_idle(tmp_path):
    idle = Server(tmp_path / "cache", idle=0.5)
    assert idle.process.wait(timeout=30) == 0
    assert socket_path(idle.cache) is None


def test_a_broken_socket_file_falls_back_to_running_here(tmp_path):
    cache = tmp_path / "cache"
    print_ = subprocess.run([sys.executable, "-c", "from docgen import client; print(client.fingerprint())"],
                            capture_output=True, text=True, env=env_for(cache), cwd=ROOT).stdout.strip()
    (cache / "v1").mkdir(parents=True)
    (cache / "v1" / f"server-{print_}.sock").write_text("not a socket")
    (cache / "v1" / f"server-{print_}.sock.started").write_text("")  # and no new server, please
    result = docgen(["validate", str(SAMPLE)], cache)
    assert result.returncode == 0 and result.stdout.endswith("hợp lệ\n")


def fingerprint_of_client(cache: Path, cwd: Path = ROOT) -> str:
    return subprocess.run([sys.executable, "-c", "from docgen import client; print(client.fingerprint())"],
                          capture_output=True, text=True, env=env_for(cache), cwd=cwd).stdout.strip()


def test_the_first_command_starts_a_server_for_the_next(tmp_path):
    cache = tmp_path / "cache"
    first = docgen(["validate", str(SAMPLE)], cache)
    assert first.returncode == 0
    try:
        started = wait_for(lambda: socket_path(cache))
        assert started.name == f"server-{fingerprint_of_client(cache)}.sock"  # the caller's own docgen
        second = docgen(["validate", str(SAMPLE)], cache)
        assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    finally:
        assert docgen(["serve", "--stop"], cache).stdout.strip() == "docgen: đã dừng 1 máy chủ nền."
        wait_for(lambda: socket_path(cache) is None)


def test_a_relative_cache_folder_names_one_place(tmp_path):
    env = env_for(Path("tuong-doi"))
    run = [sys.executable, "-m", "docgen", "validate", str(SAMPLE)]
    assert subprocess.run(run, env=env, cwd=tmp_path, capture_output=True).returncode == 0
    try:
        started = wait_for(lambda: socket_path(tmp_path / "tuong-doi"))
        assert started.name == f"server-{fingerprint_of_client(Path('tuong-doi'), tmp_path)}.sock"
    finally:
        subprocess.run([sys.executable, "-m", "docgen", "serve", "--stop"], env=env, cwd=tmp_path,
                       capture_output=True)
        wait_for(lambda: socket_path(tmp_path / "tuong-doi") is None)


def test_a_killed_caller_stops_its_command(server, tmp_path):
    plans = plan_folder(tmp_path, 300)
    out = tmp_path / "out"
    caller = in_background(["render", str(plans), "-o", str(out), "-j", "1"], server.cache,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: out.exists() and any(out.iterdir()))
    caller.terminate()  # SIGTERM, as `timeout` or a closed terminal would send
    caller.wait(timeout=30)
    log = server.stop()  # waits for the command to end
    assert f"render {plans} -o {out} -j 1 → 130" in log, log
    assert len(list(out.iterdir())) < 300


def test_stopping_does_not_keep_anyone_waiting(server, tmp_path):
    plans = plan_folder(tmp_path, 100)
    batch = in_background(["render", str(plans), "-o", str(tmp_path / "out"), "-j", "1"], server.cache)
    wait_for(lambda: (tmp_path / "out").exists() and any((tmp_path / "out").iterdir()))
    stopped = docgen(["serve", "--stop"], server.cache)
    later = docgen(["validate", str(SAMPLE)], server.cache, server="1")
    batch_running = batch.poll() is None
    assert stopped.returncode == 0 and later.returncode == 0
    assert batch_running, "stop or the next command waited for the batch"
    assert batch.wait(timeout=120) == 0  # the running command was let finish
    assert "render" in server.stop()


@pytest.mark.parametrize(("argv", "expected"), [
    (["validate", "a.yaml", "b.yaml"], True),
    (["validate", "--help"], False),
    (["render", "README.md", "-o", "x.docx", "--template=t.docx"], True),
    (["render", "README.md", "--pdf"], False),
    (["render", "content", "README.md", "-j", "2"], True),  # a batch
    (["render", "content", "--pdf"], False),
    (["render", "khong-co.yaml"], False),
    (["check", "a.docx"], False),
    (["validate", "/dev/fd/3"], False),  # the caller's descriptor 3, not the server's
    (["render", "README.md", "-o", "/dev/stdout"], False),
    (["render", "README.md", "--output=/proc/self/fd/1"], False),
    (["--debug", "validate", "a.yaml"], False),
])
def test_which_commands_the_server_may_answer(argv, expected):
    assert client.routable(argv, str(ROOT)) is expected
