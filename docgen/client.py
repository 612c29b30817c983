"""The `docgen` command as typed: answered by docgen's background server when it can be.

Starting docgen costs far more than its work: Python, pydantic and the plan's
model take ~0.4 s on a small machine before the first line of a plan is read,
while validating a plan takes ~10 ms and rendering it ~30 ms. So `docgen
validate …` and `docgen render PLAN.yaml [-o …] [--template …]` are handed to a
background server that has all of that loaded: it runs the very same command,
in the caller's folder and with the caller's umask, and sends back what the
command printed and its exit code. The first such command starts the server
(and runs itself, as always); the server stops after 10 minutes without work.

Everything else, and wherever the server cannot be used (Windows, no cache
folder, the server busy starting or gone), runs in this process as before, so
the server can make docgen faster but never different. DOCGEN_SERVER=0 turns
it off. This module imports nothing heavy: it runs before every command.
"""

from __future__ import annotations

import os
import sys
import zlib

IDLE_SECONDS = 600
_MAX_ANSWER = 64 * 1024 * 1024


def run() -> int:
    """The console entry point: ask the server, or run the command here."""
    argv = sys.argv[1:]
    if enabled() and routable(argv):
        answer = ask(argv)
        if answer is not None:
            return replay(answer)
    from docgen.cli import main

    return main(argv)


def enabled() -> bool:
    import socket

    return os.environ.get("DOCGEN_SERVER", "1") != "0" and hasattr(socket, "AF_UNIX")


def routable(argv: list[str], cwd: str = "") -> bool:
    """Return whether the server may run argv (in folder cwd): validate, or render of one plan file."""
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
        if arg in ("-o", "--output", "--template") and i + 1 < len(rest):
            i += 2
            continue
        if arg.startswith(("--output=", "--template=")):
            i += 1
            continue
        if arg.startswith("-"):  # --pdf, --jobs, --help…: run here
            return False
        plans.append(arg)
        i += 1
    return len(plans) == 1 and os.path.isfile(os.path.join(cwd, plans[0]))


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


def ask(argv: list[str]) -> dict | None:
    """Return the server's answer to argv, or None (starting a server for next time if there is none)."""
    umask = os.umask(0)
    os.umask(umask)
    request = {"argv": argv, "cwd": os.getcwd(), "umask": umask}
    answer = exchange(request, start=True)
    if not isinstance(answer, dict) or not isinstance(answer.get("code"), int):
        return None
    return answer


def exchange(request: dict, start: bool = False):
    """Send request to this docgen's server and return its decoded answer; None if there is none."""
    import json
    import socket

    request = {**request, "fingerprint": fingerprint()}
    path = address(request["fingerprint"])
    if path is None:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(path)
            conn.sendall(json.dumps(request).encode())
            conn.shutdown(socket.SHUT_WR)
            return json.loads(_read_all(conn))
    except (FileNotFoundError, ConnectionRefusedError):
        if start:
            _start(path)
    except (OSError, ValueError):
        pass
    return None


def _read_all(conn) -> bytes:
    chunks, size = [], 0
    while chunk := conn.recv(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_ANSWER:
            raise ValueError("answer too large")
    return b"".join(chunks)


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


def replay(answer: dict) -> int:
    """Print what the command printed on the server, in its order, and return its exit code."""
    try:
        for stream, text in answer.get("output", []):
            out = sys.stdout if stream == 1 else sys.stderr
            out.write(text)
            out.flush()
    except BrokenPipeError:  # `docgen validate … | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return answer["code"]
