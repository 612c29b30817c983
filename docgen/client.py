"""The `docgen` command as typed: answered by docgen's background server when it can be.

Starting docgen costs far more than its work: Python, pydantic and the plan's
model take ~0.4 s on a small machine before the first line of a plan is read,
while validating a plan takes ~10 ms and rendering it ~30 ms. So `docgen
validate …` and `docgen render …` (one plan, several, or folders) are handed to
a background server that has all of that loaded: it runs the very same command,
in the caller's folder and with the caller's umask, and streams back what the
command prints, then its exit code. The first such command starts the server
(and runs itself, as always); the server stops after 10 minutes without work.

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
    for entry in sys.path[1:]:  # [0] is the script's folder; installing a package changes a folder's time
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
    """Have the server run argv, printing its output as it comes; return the exit code.

    None means the server did not run it (there is none, it turned the request away,
    or it went before a word was printed): the caller runs the command itself.
    """
    umask = os.umask(0)
    os.umask(umask)
    request = {"argv": argv, "cwd": os.getcwd(), "umask": umask, "tty": sys.stderr.isatty()}
    conn = connect(request, start=True)
    if conn is None:
        return None
    printed = False
    try:
        with conn, conn.makefile("rb") as answers:
            for line in answers:
                answer = json.loads(line)
                if isinstance(answer, dict):  # the last line: the exit code (None: not run)
                    code = answer.get("code")
                    return code if isinstance(code, int) or printed else None
                stream, text = answer
                out = sys.stdout if stream == 1 else sys.stderr
                out.write(text)
                out.flush()
                printed = True
    except BrokenPipeError:  # `docgen validate … | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (OSError, ValueError, TypeError):
        pass
    if not printed:
        return None
    sys.stderr.write("docgen: máy chủ nền dừng giữa chừng; hãy chạy lại lệnh (hoặc đặt DOCGEN_SERVER=0).\n")
    return 3


def connect(request: dict, start: bool = False):
    """Send request to this docgen's server; return the connection to read its answer from, or None."""
    import socket

    request = {**request, "fingerprint": fingerprint()}
    path = address(request["fingerprint"])
    if path is None:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
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
