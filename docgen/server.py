"""`docgen serve`: the background server that answers `validate` and `render` quickly.

It loads everything once (pydantic and the model, the validator, Jinja and the
compiled template) and then, for each command a client hands it, forks a copy
of itself that takes over the client's stdout and stderr (received over the
socket), environment, folder and umask, runs docgen's own `main` on the
client's arguments, and sends back the exit code (see docgen.client). Each
command runs alone in its own process, as it would without the server, and
several can run at once. Should the client go away or pass on a Ctrl-C, the
command is interrupted as Ctrl-C would interrupt it.

The server stops after a spell without work, when docgen's code changes under
it, on `docgen serve --stop`, or on Ctrl-C; it stops listening at once and lets
running commands finish. Its socket sits in docgen's private cache folder, named
after the fingerprint of the code and the caller's world; a lock file beside it
keeps to one server each; only the same user may connect.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import time

from docgen import cache, client
from docgen.errors import UsageError

_MAX_REQUEST = 1024 * 1024
_WAKE_SECONDS = 30  # how often an idle server looks at the clock and at its code


def serve(idle: float) -> int:
    """Answer clients until idle seconds pass without work; return an exit code."""
    print_ = client.fingerprint()
    path = client.address(print_)
    if path is None or not client.enabled():
        raise UsageError("không chạy được máy chủ nền ở đây (cần thư mục bộ đệm riêng và socket Unix; "
                         "xem DOCGEN_CACHE_DIR, DOCGEN_SERVER)")
    wanted = os.environ.pop("DOCGEN_SERVER_FINGERPRINT", print_)
    if wanted != print_:  # started for another docgen than this one: it would never be asked
        return 0
    import fcntl  # POSIX only, as are Unix sockets and fork

    lock = open(path + ".lock", "w")  # noqa: SIM115 - held for the server's whole life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        print("docgen: máy chủ nền đã chạy sẵn.")
        return 0
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server = _Server(listener, lock, print_)
    inode = None
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # left by a server that did not stop cleanly (we hold the lock)
        listener.bind(path)  # before the warm-up: a folder that cannot hold sockets fails fast
        os.chmod(path, 0o600)
        inode = os.stat(path).st_ino
        listener.listen(16)  # clients that come during the warm-up wait for it (a second or so)
        _tidy(os.path.dirname(path), keep=path)
        from docgen.pipeline import TEMPLATE
        from docgen.warmup import warm

        warm(TEMPLATE)
        import docgen.cli

        docgen.cli._parser()  # built once, here, not in every command's process
        signal.signal(signal.SIGCHLD, server.on_child)
        print(f"docgen: máy chủ nền sẵn sàng ({path}); tự dừng sau {idle:g} giây không có việc.", flush=True)
        server.loop(idle)
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        listener.close()  # first: new clients run their command themselves from now on
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == inode:
                os.unlink(path)
        server.finish()
        lock.close()


def _tidy(folder: str, keep: str) -> None:
    """Remove what servers that are gone left behind, and cache entries long unused."""
    import fcntl

    for entry in os.scandir(folder):
        base = entry.path.rsplit(".", 1)[0]
        try:
            if entry.name.endswith(".started") and time.time() - entry.stat().st_mtime > 3600:
                os.unlink(entry.path)
            elif entry.name.startswith("server-") and entry.name.endswith(".lock") and base != keep:
                with open(entry.path, "w") as other:
                    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken: that server is gone
                    for leftover in (base, entry.path):
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(leftover)
        except OSError:
            pass
    cache.prune()


class _Server:
    def __init__(self, listener: socket.socket, lock, print_: str):
        self.listener, self.lock, self.print_ = listener, lock, print_
        self.running: dict[int, tuple[list[str], float]] = {}  # pid -> (argv, start)
        self.finished: list[str] = []  # log lines of commands reaped by the SIGCHLD handler
        self.last_work = time.monotonic()

    def loop(self, idle: float) -> None:
        self.listener.settimeout(min(idle, _WAKE_SECONDS))
        while True:
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                self.log()
                if self.running:
                    continue
                if time.monotonic() - self.last_work >= idle or client.fingerprint() != self.print_:
                    return  # idle, or docgen was edited or upgraded: the next client starts a new server
                continue
            self.last_work = time.monotonic()
            with conn:
                stop = self.handle(conn)
            self.log()
            if stop:
                return

    def handle(self, conn: socket.socket) -> bool:
        """Answer one connection; return True if it asked the server to stop."""
        conn.settimeout(30)  # a client that never finishes its request
        fds: list[int] = []
        try:
            if not client.same_user(conn):
                return False
            _, fds, _, _ = socket.recv_fds(conn, 1, 2)
            line, rest = _read_line(conn)
            request = json.loads(line)
            if rest:  # the client already passed on a Ctrl-C: do not start the command
                conn.sendall(b'{"code": 130}\n')
                return False
            if request.get("stop"):
                conn.sendall(b'{"code": 0}\n')
                return True
            if request.get("fingerprint") != self.print_ or len(fds) != 2 or not _valid(request):
                conn.sendall(b'{"code": null}\n')
                return False
            self.fork(conn, fds, request)
        except (OSError, ValueError, AttributeError):
            pass  # the client gives up and runs the command itself
        finally:
            for fd in fds:
                os.close(fd)
        return False

    def fork(self, conn: socket.socket, fds: list[int], request: dict) -> None:
        # SIGCHLD waits until the new process is on the books, however fast it ends.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        try:
            pid = os.fork()
            if pid == 0:  # the command's own process: never returns into the server's loop
                code = 70
                try:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                    self.listener.close()
                    self.lock.close()
                    code = _command(conn, fds, request)
                except KeyboardInterrupt:
                    code = 130
                finally:
                    os._exit(code)
            self.running[pid] = (request["argv"], time.perf_counter())
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})

    def on_child(self, signum, frame) -> None:
        """SIGCHLD: collect finished commands at once (no zombies); the loop logs them."""
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            argv, start = self.running.pop(pid, (["?"], time.perf_counter()))
            self.last_work = time.monotonic()
            self.finished.append(f"docgen {' '.join(argv)} → {os.waitstatus_to_exitcode(status)} "
                                 f"({(time.perf_counter() - start) * 1000:.0f} ms, {usage.ru_maxrss // 1024} MB)")

    def log(self) -> None:
        while self.finished:
            print(self.finished.pop(0), flush=True)

    def finish(self) -> None:
        """Wait for the commands still running, and log them."""
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        while self.running:
            try:
                pid, status, usage = os.wait4(-1, 0)
            except ChildProcessError:
                break
            argv, start = self.running.pop(pid, (["?"], time.perf_counter()))
            self.finished.append(f"docgen {' '.join(argv)} → {os.waitstatus_to_exitcode(status)} "
                                 f"({(time.perf_counter() - start) * 1000:.0f} ms, {usage.ru_maxrss // 1024} MB)")
        self.log()


def _read_line(conn: socket.socket) -> tuple[bytes, bytes]:
    """Return the request line, and whatever the client sent after it."""
    data = b""
    while b"\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > _MAX_REQUEST:
            raise ValueError("request too large")
    line, _, rest = data.partition(b"\n")
    return line, rest


def _valid(request: dict) -> bool:
    argv, cwd, env = request.get("argv"), request.get("cwd"), request.get("env")
    streams = [request.get("stdout"), request.get("stderr")]
    return (isinstance(argv, list) and all(isinstance(a, str) for a in argv) and isinstance(cwd, str)
            and isinstance(request.get("umask"), int)
            and isinstance(env, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())
            and all(isinstance(s, list) and len(s) == 2 and all(isinstance(x, str) for x in s) for s in streams)
            and client.routable(argv, cwd))


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def _command(conn: socket.socket, fds: list[int], request: dict) -> int:
    """Run the client's command, in this forked process, as `docgen` would run it; return its code."""
    import fcntl
    import select

    from docgen.cli import main

    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # Anything more from the client (a Ctrl-C it passes on) or its going away (a hang-up)
    # makes the socket readable: have the kernel tell us with SIGIO, taken as Ctrl-C.
    signal.signal(signal.SIGIO, _interrupted)
    fcntl.fcntl(conn.fileno(), fcntl.F_SETOWN, os.getpid())
    fcntl.fcntl(conn.fileno(), fcntl.F_SETFL, fcntl.fcntl(conn.fileno(), fcntl.F_GETFL) | os.O_ASYNC)
    if select.select([conn], [], [], 0)[0]:
        return 130  # the client gave up or was interrupted before the command started
    try:
        os.chdir(request["cwd"])
    except OSError:
        conn.sendall(b'{"code": null}\n')  # the client runs it itself, and says why
        return 0
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    for fd in set(fds) - {1, 2}:
        os.close(fd)
    (out_encoding, out_errors), (err_encoding, err_errors) = request["stdout"], request["stderr"]
    sys.stdout = open(1, "w", encoding=out_encoding, errors=out_errors, closefd=False,  # noqa: SIM115
                      buffering=1 if os.isatty(1) else -1)
    sys.stderr = open(2, "w", encoding=err_encoding, errors=err_errors, closefd=False, buffering=1)  # noqa: SIM115
    conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
    try:
        code = main(request["argv"])
    except SystemExit as exc:  # argparse: --help, a wrong option
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    signal.signal(signal.SIGIO, signal.SIG_IGN)  # done: the client's hang-up no longer matters
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps({"code": code}).encode() + b"\n")
    return code


def stop() -> int:
    """Stop every server in docgen's cache folder (each lets its running commands finish)."""
    folder = cache.folder()
    stopped = 0
    for entry in os.scandir(folder) if folder else ():
        if not (entry.name.startswith("server-") and entry.name.endswith(".sock")):
            continue
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            try:
                conn.settimeout(10)
                conn.connect(entry.path)
                socket.send_fds(conn, [b"\0"], [])
                conn.sendall(b'{"stop": true}\n')
                conn.recv(64)  # the server answers once it has stopped listening
                stopped += 1
            except OSError:
                pass
    print(f"docgen: đã dừng {stopped} máy chủ nền." if stopped else "docgen: không có máy chủ nền nào đang chạy.")
    return 0
