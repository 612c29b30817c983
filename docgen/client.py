"""The `docgen` command as typed: answered by docgen's background server when it can be.

Starting docgen costs far more than its work: Python, pydantic and the plan's
model take ~0.4 s on a small machine before the first line of a plan is read,
while validating a plan takes ~10 ms and rendering it ~30 ms. So `docgen
validate …` and `docgen render …` (one plan, several, or folders) are handed to
a background server that has all of that loaded. For each command the server
forks a copy of itself, which takes over the caller's own standard output and
error (passed over the socket, as Mercurial's chg does), its folder and umask,
runs the very same command, and returns its exit code. So what is printed, and
where, is exactly what the command prints when run here: a terminal is still a
terminal, `| head` still closes the pipe, Ctrl-C is passed on. The first such
command starts the server (and runs itself, as always); the server stops after
10 minutes without work.

Everything else, and wherever the server cannot be used (Windows, no cache
folder, the server busy starting or gone), runs in this process as before, so
the server can make docgen faster but never different. DOCGEN_SERVER=0 turns
it off. This module imports nothing heavy: it runs before every command.
"""

from __future__ import annotations

import json
import os
import sys
import zlib

IDLE_SECONDS = 600


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

    return os.environ.get("DOCGEN_SERVER", "1") != "0" and hasattr(socket, "AF_UNIX")


def routable(argv: list[str], cwd: str = "") -> bool:
    """Return whether the server may run argv (in folder cwd): validate, or render without --pdf."""
    if len(argv) < 2:
        return False
    command, rest = argv[0], argv[1:]
    if command == "validate":
        return all(not a.startswith("-") for a in rest)
    if command != "render":
        return False
    plans, i = [], 0
    while i < len(rest):
        arg = rest[i]
        if arg in ("-o", "--output", "--template", "-j", "--jobs") and i + 1 < len(rest):
            i += 2
            continue
        if arg.startswith(("--output=", "--template=", "--jobs=")):
            i += 1
            continue
        if arg.startswith("-"):  # --pdf (LibreOffice), --help…: run here
            return False
        plans.append(arg)
        i += 1
    return bool(plans) and all(os.path.exists(os.path.join(cwd, p)) for p in plans)


def fingerprint() -> str:
    """Return what identifies this docgen: its code, its Python, its packages, its cache folder.

    A server only answers clients with its own fingerprint, so an edited or upgraded
    docgen never talks to a server still running the old code.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [sys.executable, sys.version, os.environ.get("DOCGEN_CACHE_DIR", "-")]
    for entry in sys.path:  # installing or removing a package changes its folder's time
        if os.path.basename(entry) in ("site-packages", "dist-packages"):
            try:
                parts.append(f"{entry}:{os.stat(entry).st_mtime_ns}")
            except OSError:
                pass
    for root, dirs, files in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(root, name))
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


def ask(argv: list[str]) -> int | None:
    """Have the server run argv with this process's stdout and stderr; return its exit code.

    None means the server did not run it (there is none, it turned the request away,
    or it failed before starting the command): the caller runs the command itself.
    """
    import signal

    umask = os.umask(0)
    os.umask(umask)
    sys.stdout.flush()
    sys.stderr.flush()
    streams = {name: [stream.encoding, stream.errors] for name, stream in
               (("stdout", sys.stdout), ("stderr", sys.stderr))}
    request = {"argv": argv, "cwd": os.getcwd(), "umask": umask, **streams}
    try:
        fds = [sys.stdout.fileno(), sys.stderr.fileno()]
    except (OSError, ValueError):  # stdout replaced by something with no file behind it
        return None
    conn = connect(request, fds=fds, start=True)
    if conn is None:
        return None
    pid = None
    try:
        with conn, conn.makefile("rb") as answers:
            for line in answers:
                answer = json.loads(line)
                if "pid" in answer:  # the command has started, in that process
                    pid = answer["pid"]
                elif "code" in answer:
                    code = answer["code"]
                    return code if isinstance(code, int) else None
    except KeyboardInterrupt:
        if pid is None:
            return 130
        os.kill(pid, signal.SIGINT)  # stop the command as Ctrl-C would have stopped it here
        return 130
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    if pid is None:
        return None
    sys.stderr.write("docgen: máy chủ nền dừng giữa chừng; hãy chạy lại lệnh (hoặc đặt DOCGEN_SERVER=0).\n")
    return 3


def connect(request: dict, fds: list[int] | None = None, start: bool = False):
    """Send request (and file descriptors) to this docgen's server; return the connection, or None."""
    import socket

    request = {**request, "fingerprint": fingerprint()}
    path = address(request["fingerprint"])
    if path is None:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        socket.send_fds(conn, [b"\0"], fds or [])  # one byte carries the descriptors
        conn.sendall(json.dumps(request).encode())
        conn.shutdown(socket.SHUT_WR)
        return conn
    except (FileNotFoundError, ConnectionRefusedError):
        if start:
            _start(path)
    except OSError:
        pass
    conn.close()
    return None


def _start(path: str) -> None:
    """Start a server in the background, unless one was started moments ago (it may be warming up)."""
    import subprocess
    import time

    marker = path + ".started"
    try:
        if time.time() - os.stat(marker).st_mtime < 30:
            return
    except OSError:
        pass
    try:
        with open(marker, "w"):
            pass
        subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--idle", str(IDLE_SECONDS)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True, cwd=os.path.dirname(path))
    except OSError:
        pass
