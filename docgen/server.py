"""`docgen serve`: the background server that answers `validate` and `render` quickly.

It loads everything once (pydantic and the model, the validator, Jinja and the
compiled template), then runs each command a client hands it with docgen's own
`main`, in the client's folder and with its umask, streaming back what the
command prints, then its exit code (see docgen.client). One command at a time;
it stops after a spell without work, on `docgen serve --stop`, or on Ctrl-C.

Its socket sits in docgen's private cache folder and is named after the code's
fingerprint; a lock file beside it keeps to one server per docgen.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time

from docgen import client
from docgen.errors import UsageError

_MAX_REQUEST = 1024 * 1024


class _ClientGone(KeyboardInterrupt):
    """The client went away mid-command (Ctrl-C, a closed pipe): stop the command as Ctrl-C would."""


class _Stream:
    """A text stream that sends what is written to it to the client, as it is written."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, conn: socket.socket, stream: int, tty: bool):
        self.conn, self.stream, self.tty = conn, stream, tty

    def write(self, text: str) -> int:
        try:
            self.conn.sendall(json.dumps([self.stream, text]).encode() + b"\n")
        except OSError:
            raise _ClientGone from None
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return self.tty


def serve(idle: float) -> int:
    """Answer clients until idle seconds pass without one; return an exit code."""
    print_ = client.fingerprint()
    path = client.address(print_)
    if path is None or not client.enabled():
        raise UsageError("không chạy được máy chủ nền ở đây (cần thư mục bộ đệm riêng và socket Unix; "
                         "xem DOCGEN_CACHE_DIR, DOCGEN_SERVER)")
    import fcntl  # POSIX only, as are Unix sockets
    lock = open(path + ".lock", "w")  # noqa: SIM115 - held for the server's whole life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print("docgen: máy chủ nền đã chạy sẵn.")
        return 0
    from docgen.pipeline import TEMPLATE
    from docgen.warmup import warm

    warm(TEMPLATE)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # left by a server that did not stop cleanly (we hold the lock)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)
        os.chmod(path, 0o600)
        listener.listen(16)
        listener.settimeout(idle)
        print(f"docgen: máy chủ nền sẵn sàng ({path}); tự dừng sau {idle:g} giây không có việc.", flush=True)
        while True:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                return 0
            with conn:
                if _handle(conn, print_) == "stop":
                    return 0
    except KeyboardInterrupt:
        return 0
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(path)
        lock.close()


def _handle(conn: socket.socket, print_: str) -> str | None:
    conn.settimeout(30)  # a client that never finishes its request
    try:
        request = json.loads(_read(conn))
        if request.get("stop"):
            conn.sendall(b'{"code": 0}\n')
            return "stop"
        conn.settimeout(None)
        code = _run(conn, request) if request.get("fingerprint") == print_ else None
        conn.sendall(json.dumps({"code": code}).encode() + b"\n")
    except (OSError, ValueError, AttributeError):
        pass  # the client gives up (and runs the command itself if nothing was printed)
    return None


def _read(conn: socket.socket) -> bytes:
    chunks, size = [], 0
    while chunk := conn.recv(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_REQUEST:
            raise ValueError("request too large")
    return b"".join(chunks)


def _run(conn: socket.socket, request: dict) -> int | None:
    """Run the client's command as `docgen` would in its folder; None if it cannot be run here."""
    from docgen.cli import main

    argv, cwd, umask = request.get("argv"), request.get("cwd"), request.get("umask")
    if not (isinstance(argv, list) and all(isinstance(a, str) for a in argv) and isinstance(cwd, str)
            and isinstance(umask, int) and client.routable(argv, cwd)):
        return None
    tty = request.get("tty") is True
    start = time.perf_counter()
    here, previous = os.getcwd(), os.umask(umask)
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(_Stream(conn, 1, False)), contextlib.redirect_stderr(_Stream(conn, 2, tty)):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, a wrong option
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except (OSError, _ClientGone):
        return None
    finally:
        os.umask(previous)
        os.chdir(here)
    print(f"docgen {' '.join(argv)} → {code} ({(time.perf_counter() - start) * 1000:.0f} ms)", flush=True)
    return code


def stop() -> int:
    """Stop the running server of this docgen, if there is one."""
    conn = client.connect({"stop": True})
    if conn is not None:
        with conn:
            conn.recv(64)  # the server answers once it is stopping
    print("docgen: đã dừng máy chủ nền." if conn is not None else "docgen: không có máy chủ nền nào đang chạy.")
    return 0
