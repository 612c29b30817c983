"""The `docgen` command as typed: answered by docgen's background server when it can be.

Starting docgen costs far more than its work: Python, pydantic and the plan's
model take ~0.4 s on a small machine before the first line of a plan is read,
while validating a plan takes ~10 ms and rendering it ~30 ms. So `docgen
validate …` and `docgen render …` (one plan, several, or folders) are handed to
a background server that has all of that loaded. For each command the server
forks a copy of itself, which takes over the caller's own standard output and
error (passed over the socket, as Mercurial's chg does), its environment, folder
and umask, runs the very same command, and returns its exit code. So what is
printed, and where, is exactly what the command prints when run here: a
terminal is still a terminal, `| head` still closes the pipe. If the caller is
interrupted or killed, the command is interrupted as Ctrl-C would interrupt it.
The first such command starts the server (and runs itself, as always); the
server stops after 10 minutes without work.

Everything else, and wherever the server cannot be used (Windows, no private
cache folder, the server starting, busy stopping or gone), runs in this process
as before, so the server can make docgen faster but never different.
DOCGEN_SERVER=0 turns it off. This module imports nothing heavy: it runs
before every command.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib

IDLE_SECONDS = 600
START_SECONDS = 5  # how long to wait for the server to start a command before running it here
_SPECIAL = ("/dev/", "/proc/")  # /dev/fd/3 names this process's file, not the server's


def run() -> int:
    """The console entry point: ask the server, or run the command here."""
    argv = sys.argv[1:]
    if enabled() and routable(argv):
        code = ask(argv)
        if code is not None:
            return code
    from docgen.cli import main

    return main(argv)


def enabled() -> bool:
    import socket

    return os.environ.get("DOCGEN_SERVER", "1") != "0" and hasattr(socket, "AF_UNIX") and hasattr(os, "fork")


def routable(argv: list[str], cwd: str = "") -> bool:
    """Return whether the server may run argv (in folder cwd): validate, or render without --pdf."""
    if len(argv) < 2 or argv[0] not in ("validate", "render"):
        return False
    command, rest = argv[0], argv[1:]
    plans, paths, i = [], [], 0
    while i < len(rest):
        arg = rest[i]
        if command == "render" and arg in ("-o", "--output", "--template", "-j", "--jobs") and i + 1 < len(rest):
            paths.append(rest[i + 1])
            i += 2
            continue
        if command == "render" and arg.startswith(("--output=", "--template=", "--jobs=")):
            paths.append(arg.split("=", 1)[1])
            i += 1
            continue
        if arg.startswith("-"):  # --pdf (LibreOffice), --help…: run here
            return False
        plans.append(arg)
        i += 1
    if any(_special(p, cwd) for p in plans + paths):
        return False
    return command == "validate" or (bool(plans) and all(os.path.exists(os.path.join(cwd, p)) for p in plans))


def _special(path: str, cwd: str) -> bool:
    return path.startswith(_SPECIAL) or os.path.realpath(os.path.join(cwd, path)).startswith(_SPECIAL)


def fingerprint() -> str:
    """Return what identifies this docgen and the world it runs in.

    Its code, its Python and packages, its cache folder, the PYTHON* settings read at
    start-up, the host, and (on Linux) the user's groups and namespaces:
    a server answers only clients with its own fingerprint, so an edited or upgraded
    docgen, or a caller in a sandbox or container, never talks to a server of another.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    chosen = os.environ.get("DOCGEN_CACHE_DIR")
    parts = [sys.executable, sys.version, os.path.abspath(chosen) if chosen else "-"]
    parts += sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith("PYTHON"))
    if hasattr(os, "uname"):
        parts.append(os.uname().nodename)
    if hasattr(os, "getgroups"):
        parts.append(f"{os.getuid()}:{os.getgid()}:{sorted(os.getgroups())}")
    for space in ("mnt", "pid", "user", "net", "cgroup"):  # which container or sandbox (not which tab)
        try:
            parts.append(os.readlink(f"/proc/self/ns/{space}"))
        except OSError:
            pass
    for entry in sys.path:  # installing or removing a package changes its folder's time
        if os.path.basename(entry) in ("site-packages", "dist-packages"):
            try:
                parts.append(f"{entry}:{os.stat(entry).st_mtime_ns}")
            except OSError:
                pass
    for root, dirs, files in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py") and not name.startswith("."):  # not an editor's .#lock link
                try:
                    info = os.stat(os.path.join(root, name))
                except OSError:  # vanished mid-install or mid-checkout
                    continue
                parts.append(f"{root}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return format(zlib.crc32("\n".join(parts).encode()), "08x")


def address(print_: str | None = None) -> str | None:
    """Return the server's socket path for this docgen, or None when there can be no server."""
    from docgen import cache

    folder = cache.folder()
    if folder is None:
        return None
    path = os.path.join(folder, f"server-{print_ or fingerprint()}.sock")
    return path if len(path.encode()) < 100 else None  # the limit of a Unix socket's path


def same_user(conn) -> bool:
    """Return whether the process at the other end of conn is this user's (where the system says)."""
    import socket
    import struct

    if not hasattr(socket, "SO_PEERCRED"):
        return True  # the socket's private folder is then the only guard
    _, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return uid == os.getuid()


def ask(argv: list[str]) -> int | None:
    """Have the server run argv with this process's stdout, stderr and environment; return the exit code.

    None means the server did not run it (there is none, it turned the request away,
    or it did not start the command in time): the caller runs the command itself.
    """
    try:
        umask = os.umask(0)
        os.umask(umask)
        sys.stdout.flush()
        sys.stderr.flush()
        request = {"argv": argv, "cwd": os.getcwd(), "umask": umask, "env": dict(os.environ),
                   **{name: [stream.encoding, stream.errors, str(int(stream.line_buffering)),
                             str(int(stream.write_through))]
                      for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr))}}
        fds = [sys.stdout.fileno(), sys.stderr.fileno()]
    except Exception:  # noqa: BLE001 - no current folder, a closed or replaced stdout…: run here
        return None
    conn = connect(request, start=True)
    if conn is None:
        return None
    with conn:
        return _outcome(conn, fds)


def _outcome(conn, fds: list[int]) -> int | None:
    """Follow the command on the server: hand over stdout/stderr when its process is ready,
    then wait for its exit code. None: not run there (the caller runs it itself).

    The descriptors go only to a process that is there to take them: sent into a
    stuck server's queue, they would keep the caller's pipes open for as long.
    """
    import socket

    sent = started = given_up = False
    answers = conn.makefile("rb")
    try:
        conn.settimeout(START_SECONDS)
        while True:
            try:
                line = answers.readline()
            except TimeoutError:
                if sent or given_up:
                    return None  # a stuck server: run it here (it will not start it now)
                # Not ready in time: ask it not to start, and wait briefly for its word.
                conn.sendall(b"c")
                given_up = True
                conn.settimeout(2)
                answers = conn.makefile("rb")
                continue
            if not line:
                break
            answer = json.loads(line)
            if "ready" in answer and not given_up and not sent:
                socket.send_fds(conn, [b"\0"], fds)  # one byte carries the descriptors
                sent = True
                conn.settimeout(None)
            elif "pid" in answer:  # the command runs; as long as it needs
                started = True
                _follow_job_control(answer["pid"])
            elif "code" in answer:
                code = answer["code"]
                return code if isinstance(code, int) else None
    except KeyboardInterrupt:
        return _interrupt(conn) if started else 130  # not started: it sees us gone and does not start
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    if not started:
        return None
    sys.stderr.write("docgen: máy chủ nền dừng giữa chừng; hãy chạy lại lệnh (hoặc đặt DOCGEN_SERVER=0).\n")
    return 3


def _follow_job_control(pid: int) -> None:
    """Ctrl-Z stops the command's processes with this one, and `fg`/`bg` lets them go on (as chg)."""
    import signal

    def stop(signum, frame):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGSTOP)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stop here as the shell expects; resumed by SIGCONT

    def resume(signum, frame):
        signal.signal(signal.SIGTSTP, stop)
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGCONT)

    if hasattr(signal, "SIGTSTP") and isinstance(pid, int):
        signal.signal(signal.SIGTSTP, stop)
        signal.signal(signal.SIGCONT, resume)


def _interrupt(conn) -> int:
    """Pass Ctrl-C on to the running command and wait (a little) for it to stop."""
    try:
        conn.sendall(b"\x03")  # any byte: the command's process takes it as Ctrl-C
        conn.settimeout(10)
        for line in conn.makefile("rb"):
            answer = json.loads(line)
            if isinstance(answer.get("code"), int):
                return answer["code"]
    except (KeyboardInterrupt, OSError, ValueError, TypeError, AttributeError):
        pass
    return 130


def connect(request: dict, start: bool = False):
    """Send request to this docgen's server; return the connection, or None if there is none."""
    import socket

    try:
        request = {**request, "fingerprint": fingerprint()}
        path = address(request["fingerprint"])
    except OSError:  # a file of docgen's vanishing mid-install, say
        return None
    if path is None:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(1)  # a server that is stuck, or has too many waiting: run it here
        conn.connect(path)
        conn.settimeout(None)
        if not same_user(conn):
            raise ConnectionRefusedError
        conn.sendall(json.dumps(request).encode() + b"\n")  # one line; the connection stays open
        return conn
    except (FileNotFoundError, ConnectionRefusedError):
        if start:
            _start(path, request["fingerprint"])
    except OSError:
        pass
    conn.close()
    return None


def _start(path: str, print_: str) -> None:
    """Start a server in the background, unless one was started moments ago (it may be warming up)."""
    import subprocess
    import time

    marker = path + ".started"
    try:
        if time.time() - os.stat(marker).st_mtime < 30:
            return
    except OSError:
        pass
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, DOCGEN_SERVER_FINGERPRINT=print_)
    if env.get("DOCGEN_CACHE_DIR"):  # the server starts in another folder
        env["DOCGEN_CACHE_DIR"] = os.path.abspath(env["DOCGEN_CACHE_DIR"])
    try:
        with open(marker, "w"):
            pass
        # Started from the folder holding this very docgen, so that `-m docgen` is this one;
        # the server checks that its fingerprint is the one asked for.
        subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--idle", str(IDLE_SECONDS)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True, cwd=package_parent, env=env)
    except OSError:
        pass
