"""`docgen preview PLAN.yaml`: a live page of the plan while it is edited, like `mkdocs serve`.

In the foreground, until Ctrl-C: serves one page on 127.0.0.1 (a free port,
printed at start, opened in the browser where there is one) that shows the
plan's problems with their lines, its outline and its pages as they will
print, to this machine's browser alone (docgen.preview.local). It watches the
plan and the template; every save is re-validated at once and the page
refreshes itself (server-sent events), the printed pages following when
LibreOffice has made them. Nothing it starts outlives it: Ctrl-C, SIGTERM and
a closed terminal (SIGHUP) stop it within seconds, during a conversion too,
and LibreOffice goes with it even when it is killed outright
(docgen.output.lifeline).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import webbrowser
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import yaml

from docgen.base.errors import UsageError, os_reason
from docgen.commands import existing
from docgen.commands import template as chosen_template
from docgen.output.office import Office
from docgen.output.pdf import ToolMissing
from docgen.plan.link import plan_path
from docgen.preview.local import MISDIRECTED, LocalServer, is_local
from docgen.preview.state import Preview
from docgen.preview.watch import saves

PAGE = (Path(__file__).resolve().parent.parent / "preview" / "page.html").read_bytes()
KEEPALIVE_SECONDS = 15


def handler(preview: Preview, port: int) -> type[BaseHTTPRequestHandler]:
    """Return the request handler class that serves preview on port to this machine's browser alone."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        default_request_version = "HTTP/1.0"  # a request line without a version is refused with a status line

        def log_message(self, format, *args):
            pass

        def _send(self, body: bytes, kind: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def parse_request(self) -> bool:
            """Read the request; refuse it, whatever its route or method, unless Host names this server."""
            if not super().parse_request():
                return False  # malformed: answered 400 (or 414, 505) already
            if not is_local(self.headers.get_all("Host"), port):
                self.close_connection = True
                self._send(f"yêu cầu gửi tới tên máy khác, không phải 127.0.0.1:{port}".encode(),
                           "text/plain; charset=utf-8", MISDIRECTED)
                return False
            return True

        def _only_get(self):
            self.close_connection = True
            self.send_response(405)
            self.send_header("Allow", "GET")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _only_get

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/":
                self._send(PAGE, "text/html; charset=utf-8")
            elif path == "/state":
                self._send(json.dumps(preview.state, ensure_ascii=False).encode("utf-8"),
                           "application/json; charset=utf-8")
            elif path == "/events":
                self._events()
            elif ((m := re.fullmatch(r"/page/\d{1,9}/(\d{1,6})\.png", path))  # bounded: int() of 5,000 digits fails
                  and 0 < int(m.group(1)) <= len(preview.pages)):
                self._send(preview.pages[int(m.group(1)) - 1], "image/png")
            else:
                self._send("không có trang này".encode(), "text/plain; charset=utf-8", 404)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not stopping.is_set():
                    version = preview.wait(seen, KEEPALIVE_SECONDS)
                    self.wfile.write(f"data: {version}\n\n".encode() if version != seen else b": keepalive\n\n")
                    self.wfile.flush()
                    seen = version
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page was closed or reloaded

    return Handler


stopping = threading.Event()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _linked(plan: Path) -> set[Path]:
    """Return the plan a report copies its figures from (`ke_hoach.tep`): saving it re-checks the report,
    which refuses figures that no longer match. Nothing for a plan, or a report that names none."""
    try:
        data = yaml.safe_load(plan.read_text(encoding="utf-8"))
        written = data["ke_hoach"]["tep"]
        return {plan_path(str(plan), written).resolve()} if isinstance(written, str) and written else set()
    except (OSError, UnicodeError, yaml.YAMLError, KeyError, TypeError, ValueError):
        return set()  # the check of the report says what is wrong with it


def _has_browser() -> bool:
    """Return whether a graphical browser can be opened (not a text one in this terminal)."""
    return os.name == "nt" or sys.platform == "darwin" or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _office():
    """Return (LibreOffice kept open or None, what to tell the user about it)."""
    try:
        office = Office()
    except ToolMissing as exc:
        return None, f"Chưa xem được trang in: {exc}"
    if not office.kept_running:
        return office, ("LibreOffice được khởi động lại mỗi lần lưu (chậm hơn): cài thêm gói python3-uno "
                        "để docgen giữ LibreOffice chạy suốt lúc xem trước.")
    return office, ""


def run(args) -> int:
    plan = existing(args.plan).resolve()
    template = chosen_template(args.template).resolve()
    try:
        server = LocalServer(("127.0.0.1", args.port), None)
    except OSError as exc:
        raise UsageError(f"không mở được cổng {args.port} trên 127.0.0.1: {os_reason(exc)}") from None
    # `kill`, a closed terminal: stop as Ctrl-C does (LibreOffice is ended even if this is not reached)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    office = preview = serving = None
    try:
        office, notice = _office()
        preview = Preview(plan, template, office, notice)
        port = server.server_address[1]
        server.RequestHandlerClass = handler(preview, port)
        url = f"http://127.0.0.1:{port}/"
        serving = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True,  # stops in 0.1 s
                                   name="docgen-http")
        serving.start()
        print(f"Xem trước {plan.name} tại {url} — Ctrl-C để dừng.", flush=True)
        if notice:
            print(notice, flush=True)
        watched = {plan, template} | _linked(plan)
        changes = saves(watched, stopping)  # from now: a save during the first check is seen
        print(f"  kiểm tra: {preview.check()}", flush=True)
        if not args.no_browser and _has_browser():
            webbrowser.open(url)
        while not stopping.is_set():
            for changed in changes:
                names = ", ".join(sorted({path.name for path in changed}))
                print(f"{names} đã lưu — kiểm tra: {preview.check()}", flush=True)
                if (now := {plan, template} | _linked(plan)) != watched:
                    watched = now  # a report now linked to another plan: watch that one
                    changes = saves(watched, stopping)
                    break
            else:
                break  # stopped
    except KeyboardInterrupt:
        pass
    finally:
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # a second Ctrl-C must not cut the stop short (≤ 3 s)
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        stopping.set()
        if preview is not None:
            preview.stop()  # closes the office, at once during a conversion
        elif office is not None:
            office.close()
        if serving is not None:
            server.shutdown()
        server.server_close()
    try:
        print("Đã dừng xem trước.", flush=True)
    except OSError:
        pass  # the terminal was closed
    return 0
