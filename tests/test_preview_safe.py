"""`docgen preview` refuses what a local page server must refuse, and leaves nothing behind (issue 23, item 3).

- A request whose Host is not this server's own address (DNS rebinding) is refused on every route;
  malformed paths and request lines get 4xx, never a traceback.
- No LibreOffice outlives the preview, nor its folder, however the preview ends: Ctrl-C, SIGTERM,
  SIGHUP to its process group (a closed terminal), kill -9; when idle and during a conversion;
  an orderly stop takes at most 3 s.
- A plan folder moved away (or removed) and made anew is watched again; the page says while the
  plan is missing.
"""

from __future__ import annotations

import http.client
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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.output.pdf import ipc_pipe
from tests.conftest import ROOT, SAMPLE_TEXT, plan_file, require_reader
from tests.test_preview import start, state, wait_until

pytestmark = pytest.mark.slow  # every test here runs docgen (or LibreOffice) in subprocesses

STOP_SECONDS = 3  # issue 23: stopping takes at most this, during a conversion too
TITLE = "  trên địa bàn thị trấn Kông Chro\n"


def no_office_env(tmp_path: Path) -> dict:
    """An environment in which docgen finds no LibreOffice: the preview starts in a second."""
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return {k: v for k, v in os.environ.items() if not k.startswith("Program")} | {"PATH": str(empty)}


def finish(process: subprocess.Popen) -> tuple[str, str]:
    """Stop the preview with Ctrl-C; return what it printed (checked for tracebacks by the caller)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
    return process.communicate(timeout=30)


# --- Host header and malformed requests -----------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One preview (without LibreOffice) for the request tests: (port, process); its stderr is checked
    for tracebacks when the module is done."""
    folder = tmp_path_factory.mktemp("served")
    process, url = start(plan_file(folder, SAMPLE_TEXT), no_office_env(folder))
    port = int(re.search(r":(\d+)/$", url).group(1))
    wait_until(lambda: state(url)["version"], what="the first check")
    yield port, process
    out, err = finish(process)
    assert process.returncode == 0 and "Traceback" not in err and err.strip() == "", err
    assert "Đã dừng xem trước." in out


def ask(port: int, path: str, hosts: list[str] | None, method: str = "GET") -> tuple[int, bytes]:
    """Send one request with exactly the Host headers given (none when None); return status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for host in hosts or []:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        if response.getheader("Content-Type") == "text/event-stream":
            return response.status, response.fp.readline()  # an event stream never ends
        return response.status, response.read()
    finally:
        connection.close()


def raw(port: int, request: bytes) -> int:
    """Send bytes as they are; return the status of the answer (0 when the server closed silently)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    return int(match.group(1)) if match else 0


ROUTES = ["/", "/state", "/events", "/page/1/1.png"]


def test_its_own_address_is_answered_under_every_local_name(served):
    port, _ = served
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LocalHost:{port}"):
        status, body = ask(port, "/state", [host])
        assert status == 200 and "Kông Chro".encode() in body, host
        status, first = ask(port, "/events", [host])
        assert status == 200 and first.startswith(b"data: "), host


@pytest.mark.parametrize("route", ROUTES)
def test_another_host_is_refused_on_every_route(served, route):
    port, _ = served
    refused = ["evil.example", f"evil.example:{port}", "127.0.0.1", "localhost", f"127.0.0.1:{port + 1}",
               f"127.0.0.1:{port}.evil.example", f"127.0.0.1.evil.example:{port}", f"localhost.:{port}",
               f"0.0.0.0:{port}", f"127.0.0.2:{port}", f"[::ffff:127.0.0.1]:{port}", f"127.0.0.1:0{port}",
               f"127.0.0.1:{port}@evil.example", ""]
    for host in refused:
        status, body = ask(port, route, [host])
        assert status == 421 and b"Kong" not in body and "Kông".encode() not in body, (host, status)
    assert ask(port, route, None)[0] == 421  # no Host at all
    assert ask(port, route, [f"127.0.0.1:{port}", "evil.example"])[0] == 421  # two: which one is meant?
    assert ask(port, route, ["evil.example", f"127.0.0.1:{port}"])[0] == 421
    assert ask(port, route, ["evil.example"], method="POST")[0] == 421  # every method, not GET alone


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40))
def test_any_other_host_is_refused(served, host):
    port, _ = served
    expected = 200 if host.lower() in {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"} else 421
    assert ask(port, "/state", [host])[0] == expected


def test_malformed_paths_and_requests_get_4xx_and_no_traceback(tmp_path):
    process, url = start(plan_file(tmp_path, SAMPLE_TEXT), no_office_env(tmp_path))
    port = int(re.search(r":(\d+)/$", url).group(1))
    host = [f"127.0.0.1:{port}"]
    try:
        ask_malformed(port, host)
        assert ask(port, "/state", host)[0] == 200  # still serving
    finally:
        out, err = finish(process)
    assert process.returncode == 0 and "Traceback" not in err and err.strip() == "", err
    assert "Đã dừng xem trước." in out


def ask_malformed(port: int, host: list[str]) -> None:
    for path in ["/page/1/" + "9" * 5000 + ".png", "/page/" + "9" * 5000 + "/1.png", "/page/1/0.png",
                 "/page/1/-1.png", "/page/1/1.png/../../../etc/passwd", "/page//1.png", "/page/1/1e3.png",
                 "/page/1/%D9%A1.png", "/%00", "/state%0d%0aX:%20y", "/..%2f..%2fetc%2fpasswd", "/state/",
                 "*", "http://evil.example/state", "/" + "%C3%A4" * 3000]:
        status, _ = ask(port, path, host)
        assert 400 <= status < 500, (path, status)
    for method in ("HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"):
        assert ask(port, "/state", host, method=method)[0] == 405, method
    assert ask(port, "/state", host, method="BREW")[0] == 501  # a method no one knows: as HTTP says
    for request in [b"\x00\xff\xfe junk\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                    b"GET /state HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:%d\r\n\r\n" % port,
                    b"GET /page/1/" + b"9" * 5000 + b".png HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port,
                    b"GET /" + b"a" * (65537 - 5),  # past the longest line read (65536): 414, every byte read
                    b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n"]:
        status = raw(port, request)
        assert 400 <= status < 500 or (status == 505 and b"HTTP/9.9" in request), (request[:40], status)


# --- Nothing left behind --------------------------------------------------------------------------


def processes() -> dict[int, tuple[int, str, str]]:
    """Return every process as pid -> (parent pid, state, command line), read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        found[int(entry.name)] = (int(stat[1]), stat[0].decode(), command)
    return found


def office_of(pid: int) -> tuple[Path, Path, Path] | None:
    """Return the folder, the pipe's file and the profile's pipe file (docgen.output.pdf.ipc_pipe) of the
    soffice.bin started by process pid (its descendant)."""
    table = processes()
    for child, (_, _, command) in table.items():
        if "soffice.bin" not in command.split(" ", 1)[0]:
            continue
        ancestor = child
        while ancestor > 1 and ancestor in table and ancestor != pid:
            ancestor = table[ancestor][0]
        if ancestor == pid:
            folder = re.search(r"UserInstallation=file://(\S+?)/profile", command).group(1)
            pipe = re.search(r"--accept=pipe,name=([^;]+);", command).group(1)
            profile = re.search(r"-env:UserInstallation=(\S+)", command).group(1)
            return Path(folder), Path("/tmp") / f"OSL_PIPE_{os.getuid()}_{pipe}", ipc_pipe(profile)  # where LibreOffice puts them
    return None


def running_with(folder: Path) -> list[str]:
    """Return the live processes (zombies waiting for their reaper are not) naming folder."""
    return [f"{pid} {command}" for pid, (_, status, command) in processes().items()
            if str(folder) in command and status != "Z"]


def assert_nothing_left(folder: Path, since: float, *files: Path, seconds: float = STOP_SECONDS) -> None:
    """Within seconds of since: no process names folder, and folder (and files) are gone."""
    deadline = since + seconds
    while (running_with(folder) or folder.exists() or any(map(os.path.lexists, files))) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    left = running_with(folder)
    assert left == [], "still running:\n" + "\n".join(left)
    assert not folder.exists(), f"{folder} left: {[p.name for p in folder.iterdir()]}"
    assert not any(map(os.path.lexists, files)), f"left: {files}"


def in_conversion(folder: Path) -> bool:
    """Return whether the preview is between rendering the .docx and making its last page picture."""
    return any(folder.glob("docgen-preview-*/ke-hoach.docx"))


ENDINGS = {
    "ctrl-c": lambda process: os.killpg(process.pid, signal.SIGINT),  # the terminal's foreground group
    "sigterm": lambda process: process.send_signal(signal.SIGTERM),
    "closed terminal": lambda process: os.killpg(process.pid, signal.SIGHUP),
    "kill -9": lambda process: process.kill(),
}


@pytest.mark.libreoffice
@pytest.mark.parametrize("moment", ["idle", "converting"])
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_no_libreoffice_nor_folder_outlives_the_preview(tmp_path, ending, moment):
    require_reader()
    plan = plan_file(tmp_path, SAMPLE_TEXT)
    process, url = start(plan)  # in a session of its own, as from a terminal
    try:
        folder, pipe, ipc = wait_until(lambda: office_of(process.pid), what="LibreOffice to start")
        assert pipe.is_socket()
        wait_until(lambda: ipc.is_socket(), seconds=30, what="the profile's pipe")
        if moment == "idle":
            wait_until(lambda: state(url)["pages"] == 15, what="the first pages")
            time.sleep(0.5)
        else:
            wait_until(lambda: in_conversion(folder), seconds=60, what="the first conversion")
        since = time.monotonic()
        ENDINGS[ending](process)
        out, err = process.communicate(timeout=30)
        took = time.monotonic() - since
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    # Stopping takes ≤ 3 s. After a kill -9 nothing stops: the watchdog notices (0.1 s), ends the office
    # (its members get up to 2 s to go) and then removes the folder, which a loaded machine may take
    # past 3 s to finish: what must hold is that nothing is left.
    assert_nothing_left(folder, since, pipe, ipc, seconds=STOP_SECONDS if ending != "kill -9" else 3 * STOP_SECONDS)
    if ending != "kill -9":
        assert took <= STOP_SECONDS, f"stopped after {took:.1f} s"
        assert process.returncode == 0 and "Traceback" not in err and err.strip() == "", err
        assert out.rstrip().endswith("Đã dừng xem trước.")


def guarded_child(tmp_path: Path, command: list[str], *files: Path, stdin: str = "None") -> tuple[subprocess.Popen, Path]:
    """Start a Python that runs command under the lifeline with a folder of its own (and files), its
    standard input as stdin says (subprocess's name for it), then sleeps; return that Python (killed by
    the tests) and the folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "profile").mkdir()
    code = ("import subprocess, sys, time\n"
            "from docgen.output.guard import guarded\n"
            f"subprocess.Popen(guarded({command!r}, *{[str(folder), *map(str, files)]!r}), stdin={stdin},\n"
            "                 start_new_session=True)\n"
            "print('started', flush=True)\n"
            "time.sleep(600)\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert parent.stdout.readline() == "started\n"
    return parent, folder


def test_the_lifeline_ends_a_whole_tree_and_its_folder_with_its_parent(tmp_path):
    """The mechanism alone, without LibreOffice: a tree three processes deep, its parent killed -9."""
    marker = f"docgen-test-{os.getpid()}-{time.monotonic_ns()}"
    spawn = "import subprocess, sys, time; subprocess.Popen(sys.argv[1:]); time.sleep(600)"
    leaf = [sys.executable, "-c", "import time; time.sleep(600)", marker]
    tree = [sys.executable, "-c", spawn, sys.executable, "-c", spawn, *leaf]  # three deep, each named marker
    parent, folder = guarded_child(tmp_path, tree)
    wait_until(lambda: len(running_with(Path(marker))) >= 3, seconds=10, what="the tree")
    since = time.monotonic()
    parent.kill()
    parent.wait()
    deadline = since + STOP_SECONDS
    while (running_with(Path(marker)) or folder.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running_with(Path(marker)) == [] and not folder.exists()


@pytest.mark.parametrize("run", range(5))
def test_a_command_that_ends_with_its_parent_still_has_its_folder_removed(tmp_path, run):
    """The office's worker quits LibreOffice and exits as soon as its input closes, that is as soon as
    docgen dies: the lifeline sees its command end before it sees its parent gone, and must still take
    that as the parent's death (the folder is no longer anyone's). Run five times: it is a race."""
    marker = f"docgen-test-{os.getpid()}-{time.monotonic_ns()}"
    command = [sys.executable, "-c", "import sys; sys.stdin.read()", marker]
    parent, folder = guarded_child(tmp_path, command, stdin="subprocess.PIPE")
    wait_until(lambda: running_with(Path(marker)), seconds=10, what="the command")
    since = time.monotonic()
    parent.kill()
    parent.wait()
    assert_nothing_left(folder, since)


def test_a_lifeline_without_a_command_guards_its_paths(tmp_path):
    pipe = tmp_path / "pipe"
    pipe.write_text("")
    parent, folder = guarded_child(tmp_path, [], pipe)
    time.sleep(0.3)
    assert folder.is_dir() and pipe.exists()  # kept while its parent lives
    since = time.monotonic()
    parent.kill()
    parent.wait()
    assert_nothing_left(folder, since, pipe)


def test_a_lifeline_whose_parent_is_gone_before_it_looks_ends_at_once(tmp_path):
    from docgen.output.guard import LIFELINE

    folder = tmp_path / "work"
    folder.mkdir()
    marker = f"docgen-test-{os.getpid()}-{time.monotonic_ns()}"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its id names no parent of the lifeline's
    since = time.monotonic()
    result = subprocess.run([sys.executable, "-I", str(LIFELINE), str(gone.pid), str(folder), "--", sys.executable,
                             "-c", "import time; time.sleep(600)", marker], timeout=30, check=False)
    assert result.returncode == 1 and time.monotonic() - since < STOP_SECONDS
    assert_nothing_left(folder, since)
    assert running_with(Path(marker)) == []


def test_the_lifeline_passes_the_exit_code_and_keeps_the_folder(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    from docgen.output.guard import guarded

    result = subprocess.run(guarded([sys.executable, "-c", "import sys; print(sys.stdin.read()); sys.exit(7)"],
                                    folder), input="ping", capture_output=True, text=True, timeout=30, check=False)
    assert (result.returncode, result.stdout) == (7, "ping\n") and folder.is_dir()


@pytest.mark.libreoffice
@pytest.mark.parametrize("how", ["close", "kill -9", "kill -9 after"])
def test_a_cold_conversion_is_ended_by_close_and_by_the_death_of_its_parent(tmp_path, sample_docx, how):
    """Without a Python that has uno, each page conversion starts LibreOffice: it is guarded as well,
    and so is the office's folder between two conversions."""
    require_reader()
    code = ("import sys, threading, time\n"
            "from pathlib import Path\n"
            "from docgen.output.office import Office\n"
            "office = Office(keep_running=False)\n"
            "def convert():\n"
            "    try:\n"
            f"        office.to_pdf(Path({str(sample_docx)!r}), Path({str(tmp_path / 'a.pdf')!r}))\n"
            "    except Exception as exc:\n"
            "        print(type(exc).__name__, exc, file=sys.stderr, flush=True)\n"
            "threading.Thread(target=convert, daemon=True).start()\n"
            "print(office.folder, flush=True)\n"
            "sys.stdin.readline()\n"  # the test says when: mid-conversion
            "start = time.monotonic(); office.close(); print(time.monotonic() - start, flush=True)\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        folder = Path(process.stdout.readline().strip())
        if how == "kill -9 after":
            wait_until(lambda: (tmp_path / "a.pdf").exists()
                       and not any("soffice" in line for line in running_with(folder)), seconds=60,
                       what="the conversion to end")
            assert folder.is_dir()
            left = ()
        else:
            office = wait_until(lambda: next((line for line in running_with(folder) if "soffice.bin" in line), None),
                                seconds=30, what="soffice.bin")
            left = (ipc_pipe(re.search(r"-env:UserInstallation=(\S+)", office).group(1)),)
            wait_until(lambda: left[0].exists(), seconds=30, what="its pipe in /tmp")  # made as it starts
        since = time.monotonic()
        if how == "close":
            out, err = process.communicate("\n", timeout=30)
            assert float(out) <= STOP_SECONDS and err.startswith("DocgenError LibreOffice"), err
        else:
            process.kill()
        assert_nothing_left(folder, since, *left)  # the office ended outright: its pipe removed for it
        assert (tmp_path / "a.pdf").exists() == (how == "kill -9 after")
    finally:
        process.kill()
        process.communicate()


# --- The plan's folder moved away and made anew ---------------------------------------------------


@pytest.mark.parametrize("away", ["moved", "removed"])
def test_a_folder_made_anew_is_watched_again_and_the_page_says_while_the_plan_is_missing(tmp_path, away):
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = plan_file(folder, SAMPLE_TEXT)
    process, url = start(plan, no_office_env(tmp_path))
    try:
        wait_until(lambda: "Kông Chro" in state(url)["title"], what="the first check")
        if away == "moved":
            folder.rename(tmp_path / "plans-old")
        else:
            shutil.rmtree(folder)
        missing = wait_until(lambda: "không thấy tệp" in (s := state(url))["status"] and s, seconds=10,
                             what="the page to say the plan is missing")
        assert missing["stale"] and str(plan) in missing["problems"][0]["where"]
        time.sleep(0.6)  # still missing a while later: still said
        assert "không thấy tệp" in state(url)["status"]

        folder.mkdir()
        plan_file(folder, SAMPLE_TEXT.replace(TITLE, "  trên địa bàn thị trấn Kông Chro (bản mới)\n", 1))
        wait_until(lambda: "(bản mới)" in state(url)["title"], seconds=10, what="the plan made anew")
        # and the new folder is watched: a later save in it is seen
        plan_file(folder, SAMPLE_TEXT.replace(TITLE, "  trên địa bàn thị trấn Kông Chro (lần 3)\n", 1))
        wait_until(lambda: "(lần 3)" in state(url)["title"], seconds=10, what="a save in the new folder")
        assert state(url)["problems"] == [] and "không thấy" not in state(url)["status"]
    finally:
        _, err = finish(process)
    assert process.returncode == 0 and "Traceback" not in err, err
