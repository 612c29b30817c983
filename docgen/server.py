"""`docgen serve`: the background server that answers `validate` and `render` quickly.

It loads everything once (pydantic and the model, the validator, Jinja and the
compiled template) and then, for each command a client hands it, forks a copy
of itself that takes over the client's stdout and stderr (received over the
socket), folder and umask, runs docgen's own `main` on the client's arguments,
and sends back the exit code (see docgen.client). Each command thus runs alone
in its own process, as it would without the server, and several can run at
once. The server stops after a spell without work, on `docgen serve --stop`
(once running commands have finished), or on Ctrl-C.

Its socket sits in docgen's private cache folder and is named after the code's
fingerprint; a lock file beside it keeps to one server per docgen.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time

from docgen import client
from docgen.errors import UsageError

_MAX_REQUEST = 1024 * 1024


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
        lock.close()
        print("docgen: máy chủ nền đã chạy sẵn.")
        return 0
    from docgen.pipeline import TEMPLATE
    from docgen.warmup import warm

    warm(TEMPLATE)
    import docgen.cli

    docgen.cli._parser()  # built once, here, not in every command's process

    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # left by a server that did not stop cleanly (we hold the lock)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server = _Server(listener, lock, print_)
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
                break
            with conn:
                if server.handle(conn) == "stop":
                    break
            server.reap(block=False)
        server.reap(block=True)
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(path)
        lock.close()


class _Server:
    def __init__(self, listener: socket.socket, lock, print_: str):
        self.listener, self.lock, self.print_ = listener, lock, print_
        self.running: dict[int, tuple[list[str], float]] = {}  # pid -> (argv, start)

    def handle(self, conn: socket.socket) -> str | None:
        conn.settimeout(30)  # a client that never finishes its request
        fds: list[int] = []
        try:
            _, fds, _, _ = socket.recv_fds(conn, 1, 2)
            request = json.loads(_read(conn))
            if request.get("stop"):
                self.reap(block=True)
                conn.sendall(b'{"code": 0}\n')
                return "stop"
            if request.get("fingerprint") != self.print_ or len(fds) != 2 or not _valid(request):
                conn.sendall(b'{"code": null}\n')
                return None
            self.fork(conn, fds, request)
        except (OSError, ValueError, AttributeError):
            pass  # the client gives up and runs the command itself
        finally:
            for fd in fds:
                os.close(fd)
        return None

    def fork(self, conn: socket.socket, fds: list[int], request: dict) -> None:
        pid = os.fork()
        if pid == 0:  # the command's own process: never returns into the server's loop
            code = 70
            try:
                self.listener.close()
                self.lock.close()
                code = _command(conn, fds, request)
            finally:
                os._exit(code)
        self.running[pid] = (request["argv"], time.perf_counter())

    def reap(self, block: bool) -> None:
        """Collect finished commands and log each: exit code, time, peak memory of its process."""
        while self.running:
            try:
                pid, status, usage = os.wait4(-1, 0 if block else os.WNOHANG)
            except ChildProcessError:
                self.running.clear()
                return
            if pid == 0:
                return
            argv, start = self.running.pop(pid, (["?"], time.perf_counter()))
            code = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss // 1024  # kB on Linux
            print(f"docgen {' '.join(argv)} → {code} ({(time.perf_counter() - start) * 1000:.0f} ms, "
                  f"{peak} MB)", flush=True)


def _read(conn: socket.socket) -> bytes:
    chunks, size = [], 0
    while chunk := conn.recv(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_REQUEST:
            raise ValueError("request too large")
    return b"".join(chunks)


def _valid(request: dict) -> bool:
    argv, cwd = request.get("argv"), request.get("cwd")
    streams = [request.get("stdout"), request.get("stderr")]
    return (isinstance(argv, list) and all(isinstance(a, str) for a in argv) and isinstance(cwd, str)
            and isinstance(request.get("umask"), int)
            and all(isinstance(s, list) and len(s) == 2 and all(isinstance(x, str) for x in s) for s in streams)
            and client.routable(argv, cwd))


def _command(conn: socket.socket, fds: list[int], request: dict) -> int:
    """Run the client's command, in this forked process, as `docgen` would run it; return its code."""
    from docgen.cli import main

    try:
        os.chdir(request["cwd"])
    except OSError:
        conn.sendall(b'{"code": null}\n')  # the client runs it itself, and says why
        return 0
    os.umask(request["umask"])
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    (out_encoding, out_errors), (err_encoding, err_errors) = request["stdout"], request["stderr"]
    sys.stdout = open(1, "w", encoding=out_encoding, errors=out_errors, closefd=False,  # noqa: SIM115
                      buffering=1 if os.isatty(1) else -1)
    sys.stderr = open(2, "w", encoding=err_encoding, errors=err_errors, closefd=False, buffering=1)  # noqa: SIM115
    conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
    try:
        code = main(request["argv"])
    except SystemExit as exc:  # argparse: --help, a wrong option
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps({"code": code}).encode() + b"\n")
    return code


def stop() -> int:
    """Stop the running server of this docgen (once its running commands end), if there is one."""
    conn = client.connect({"stop": True})
    if conn is not None:
        with conn:
            conn.recv(64)  # the server answers once it is stopping
    print("docgen: đã dừng máy chủ nền." if conn is not None else "docgen: không có máy chủ nền nào đang chạy.")
    return 0
