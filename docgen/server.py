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
_NOT_RUN = 75  # the exit code, in the server's log, of a command handed back to its client
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
        listener.listen(64)  # clients that come during the warm-up wait for it (a second or so)
        _tidy(os.path.dirname(path), keep=path)
        from docgen.pipeline import TEMPLATE
        from docgen.warmup import warm

        warm(TEMPLATE)
        import docgen.cli

        docgen.cli._parser()  # built once, here, not in every command's process
        signal.signal(signal.SIGCHLD, server.on_child)
        signal.signal(signal.SIGTERM, _stop_now)
        print(f"docgen: máy chủ nền sẵn sàng ({path}); tự dừng sau {idle:g} giây không có việc.", flush=True)
        server.loop(idle)
        return 0
    except (KeyboardInterrupt, _Stop):
        return 0
    finally:
        listener.close()  # first: new clients run their command themselves from now on
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == inode:
                os.unlink(path)
        server.finish()
        lock.close()


class _Stop(Exception):
    """SIGTERM: stop as `docgen serve --stop` does."""


def _stop_now(signum, frame):
    raise _Stop


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
                current = _fingerprint()
                if time.monotonic() - self.last_work >= idle or current not in (None, self.print_):
                    return  # idle, or docgen was edited or upgraded: the next client starts a new server
                continue
            self.last_work = time.monotonic()
            with conn:
                stop = self.handle(conn)
            self.log()
            if stop:
                return

    def handle(self, conn: socket.socket) -> bool:
        """Take one request and hand it to a process of its own; return True if it asked to stop.

        The server itself only reads the request (at most 2 s) and forks: the command's
        process does everything that could take long (its paths may be on a slow share).
        """
        deadline = time.monotonic() + 2
        try:
            if not client.same_user(conn):
                return False
            line, rest = _read_line(conn, deadline)
            request = json.loads(line)
            if request.get("stop"):
                self.listener.close()  # stop listening before saying so
                conn.sendall(b'{"code": 0}\n')
                return True
            if request.get("fingerprint") != self.print_ or not _valid(request):
                conn.sendall(b'{"code": null}\n')
                return False
            self.fork(conn, request, cancelled=bool(rest))
        except (OSError, ValueError, AttributeError):
            pass  # the client gives up and runs the command itself
        return False

    def fork(self, conn: socket.socket, request: dict, cancelled: bool) -> None:
        # SIGCHLD and SIGTERM wait until the new process is on the books, however fast it ends.
        held = {signal.SIGCHLD, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            pid = os.fork()
            if pid == 0:  # the command's own process: never returns into the server's loop
                code = 70
                try:
                    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
                        signal.signal(sig, signal.SIG_DFL)
                    signal.signal(signal.SIGINT, signal.default_int_handler)
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
                    os.setpgid(0, 0)  # a group of its own: an interrupt reaches its batch workers too
                    self.listener.close()
                    self.lock.close()
                    code = _Command(conn, request).run(cancelled)
                except KeyboardInterrupt:
                    code = 130
                finally:
                    os._exit(code)
            with contextlib.suppress(OSError):
                os.setpgid(pid, pid)  # as the child does, whichever runs first
            self.running[pid] = (request["argv"], time.perf_counter())
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)

    def on_child(self, signum, frame) -> None:
        """SIGCHLD: collect finished commands at once (no zombies); the loop logs them."""
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.ended(pid, status, usage)

    def ended(self, pid: int, status: int, usage) -> None:
        """Book a finished command: kill what it left in its group; log code, time, peak memory."""
        argv, start = self.running.pop(pid, (["?"], time.perf_counter()))
        _kill_group(pid)
        self.last_work = time.monotonic()
        self.finished.append(f"docgen {' '.join(argv)} → {os.waitstatus_to_exitcode(status)} "
                             f"({(time.perf_counter() - start) * 1000:.0f} ms, {usage.ru_maxrss // 1024} MB)")

    def log(self) -> None:
        while self.finished:
            print(self.finished.pop(0), flush=True)

    def finish(self) -> None:
        """Wait for the commands still running, and log them."""
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        while self.running:
            try:
                pid, status, usage = os.wait4(-1, 0)
            except ChildProcessError:
                break
            self.ended(pid, status, usage)
        self.log()


def _kill_group(pid: int) -> None:
    """Kill whatever a finished command left running (batch workers orphaned by an interrupt)."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def _fingerprint() -> str | None:
    try:
        return client.fingerprint()
    except OSError:  # a file vanishing mid-install: look again next time
        return None


def _read_line(conn: socket.socket, deadline: float) -> tuple[bytes, bytes]:
    """Return the request line, and whatever the client sent after it (by the deadline)."""
    data = b""
    while b"\n" not in data:
        conn.settimeout(max(deadline - time.monotonic(), 0.001))
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > _MAX_REQUEST:
            raise ValueError("request too large")
    line, _, rest = data.partition(b"\n")
    return line, rest


def _valid(request: dict) -> bool:
    """Return whether the request has the shape of one (the command's process checks its paths)."""
    argv, cwd, env = request.get("argv"), request.get("cwd"), request.get("env")
    streams = [request.get("stdout"), request.get("stderr")]
    return (isinstance(argv, list) and all(isinstance(a, str) for a in argv) and isinstance(cwd, str)
            and isinstance(request.get("umask"), int)
            and isinstance(env, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())
            and all(isinstance(s, list) and len(s) == 4 and all(isinstance(x, str) for x in s) for s in streams))


class _Command:
    """The command's own process: takes over the caller's world, runs `main`, reports its code.

    It tells the client it is ready, and receives the client's stdout and stderr in
    return ("c" instead: it gave up waiting, do not start). Once started, the client
    may send "\x03" (Ctrl-C) or hang up. Any of these makes the
    connection readable, which the kernel reports with SIGIO.
    """

    def __init__(self, conn: socket.socket, request: dict):
        self.conn, self.request = conn, request
        self.fds: list[int] = []
        self.started = self.told = False

    def run(self, cancelled: bool) -> int:
        import fcntl
        import select

        request = self.request
        code = 130
        try:
            if cancelled or not client.routable(request["argv"], request["cwd"]):
                return self.tell(None)  # the client runs it itself
            # Now, and not before, ask for the client's stdout and stderr.
            self.conn.sendall(b'{"ready": true}\n')
            self.conn.settimeout(10)
            sent, self.fds, _, _ = socket.recv_fds(self.conn, 1, 2)
            self.conn.settimeout(None)
            if sent != b"\0" or len(self.fds) != 2:  # "c": it gave up waiting just then
                return self.tell(None)
            signal.signal(signal.SIGIO, self.on_io)
            fcntl.fcntl(self.conn.fileno(), fcntl.F_SETOWN, os.getpid())
            fcntl.fcntl(self.conn.fileno(), fcntl.F_SETFL, fcntl.fcntl(self.conn.fileno(), fcntl.F_GETFL) | os.O_ASYNC)
            if select.select([self.conn], [], [], 0)[0]:
                return self.tell(None)  # gave up, hung up or interrupted before the start
            try:
                os.chdir(request["cwd"])
            except OSError:
                return self.tell(None)  # the client runs it itself, and says why
            os.environ.clear()
            os.environ.update(request["env"])
            os.umask(request["umask"])
            self.take_streams()
            self.conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
            self.started = True
            try:
                code = main(request["argv"])
            except SystemExit as exc:  # argparse: --help, a wrong option
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except KeyboardInterrupt:
            code = 130
        finally:
            signal.signal(signal.SIGIO, signal.SIG_IGN)  # done: the client's hang-up no longer matters
            for fd in self.fds:  # not taken over (not started)
                with contextlib.suppress(OSError):
                    os.close(fd)
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            self.tell(code if self.started else None)
        return code if self.started else _NOT_RUN

    def take_streams(self) -> None:
        os.dup2(self.fds[0], 1)
        os.dup2(self.fds[1], 2)
        for fd in set(self.fds) - {1, 2}:
            os.close(fd)
        self.fds = []
        streams = []
        for fd, (encoding, errors, line_buffering, write_through) in ((1, self.request["stdout"]),
                                                                      (2, self.request["stderr"])):
            stream = open(fd, "w", encoding=encoding, errors=errors, closefd=False)  # noqa: SIM115
            stream.reconfigure(line_buffering=line_buffering == "1", write_through=write_through == "1")
            streams.append(stream)
        sys.stdout, sys.stderr = streams

    def tell(self, code: int | None) -> int:
        """Send the verdict once: the exit code, or None for "not run: run it yourself" (exit 75)."""
        if not self.told:
            self.told = True
            with contextlib.suppress(OSError):
                self.conn.sendall(json.dumps({"code": code}).encode() + b"\n")
        return _NOT_RUN if code is None else code

    def on_io(self, signum, frame) -> None:
        """SIGIO: the client sent something or hung up."""
        try:
            sent = self.conn.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return
        except OSError:
            sent = b""
        if not self.started:
            raise KeyboardInterrupt
        # Ctrl-C or hang-up: interrupt the whole command (its batch workers too), as a terminal
        # would; what is still running 5 s later is killed.
        signal.signal(signal.SIGIO, signal.SIG_IGN)
        if os.getpgid(0) != os.getpid():  # not leading a group of its own: never signal the server's
            raise KeyboardInterrupt
        signal.signal(signal.SIGALRM, lambda *_: os.killpg(0, signal.SIGKILL))
        signal.alarm(5)
        os.killpg(0, signal.SIGINT)


def main(argv: list[str]) -> int:
    from docgen.cli import main as cli_main

    return cli_main(argv)


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
                conn.sendall(b'{"stop": true}\n')
                conn.shutdown(socket.SHUT_WR)
                conn.recv(64)  # the server answers once it has stopped listening
                stopped += 1
            except OSError:
                pass
    print(f"docgen: đã dừng {stopped} máy chủ nền." if stopped else "docgen: không có máy chủ nền nào đang chạy.")
    return 0
