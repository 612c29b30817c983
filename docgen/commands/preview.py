"""`docgen preview PLAN.yaml`: a live page of the plan while it is edited, like `mkdocs serve`.

In the foreground, until Ctrl-C: serves one page on 127.0.0.1 (a free port,
printed at start, opened in the browser where there is one) that shows the
plan's problems with their lines, its outline and its pages as they will
print. It watches the plan and the template; every save is re-validated at
once and the page refreshes itself (server-sent events), the printed pages
following when LibreOffice has made them. Nothing it starts outlives it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import webbrowser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from docgen.base.errors import UsageError
from docgen.commands import existing
from docgen.commands import template as chosen_template
from docgen.preview.state import Preview

PAGE = (Path(__file__).resolve().parent.parent / "preview" / "page.html").read_bytes()
KEEPALIVE_SECONDS = 15


def handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    """Return the request handler class that serves preview."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass

        def _send(self, body: bytes, kind: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/":
                self._send(PAGE, "text/html; charset=utf-8")
            elif path == "/state":
                self._send(json.dumps(preview.state, ensure_ascii=False).encode("utf-8"),
                           "application/json; charset=utf-8")
            elif path == "/events":
                self._events()
            elif (m := re.fullmatch(r"/page/\d+/(\d+)\.png", path)) and 0 < int(m.group(1)) <= len(preview.pages):
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


def _has_browser() -> bool:
    """Return whether a graphical browser can be opened (not a text one in this terminal)."""
    return os.name == "nt" or sys.platform == "darwin" or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _office():
    """Return (LibreOffice kept open or None, what to tell the user about it)."""
    from docgen.output.office import Office
    from docgen.output.pdf import ToolMissing

    try:
        office = Office()
    except ToolMissing as exc:
        return None, f"Chưa xem được trang in: {exc}"
    if not office.kept_running:
        return office, ("LibreOffice được khởi động lại mỗi lần lưu (chậm hơn): cài thêm gói python3-uno "
                        "để docgen giữ LibreOffice chạy suốt lúc xem trước.")
    return office, ""


def run(args) -> int:
    import watchfiles

    plan = existing(args.plan).resolve()
    template = chosen_template(args.template).resolve()
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), None)
    except OSError as exc:
        raise UsageError(f"không mở được cổng {args.port} trên 127.0.0.1: {exc.strerror or exc}") from None
    office, notice = _office()
    preview = Preview(plan, template, office, notice)
    server.RequestHandlerClass = handler(preview)
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="docgen-http")
    thread.start()
    print(f"Xem trước {plan.name} tại {url} — Ctrl-C để dừng.", flush=True)
    if notice:
        print(notice, flush=True)
    print(f"  kiểm tra: {preview.check()}", flush=True)
    if not args.no_browser and _has_browser():
        webbrowser.open(url)
    watched = {plan, template}
    signal.signal(signal.SIGTERM, _interrupt)  # `kill`, a closed terminal: stop as Ctrl-C does
    try:
        for changes in watchfiles.watch(*{p.parent for p in watched}, debounce=50, step=20,
                                        watch_filter=lambda change, path: Path(path) in watched,
                                        stop_event=stopping, raise_interrupt=True):
            names = ", ".join(sorted({Path(path).name for _, path in changes}))
            print(f"{names} đã lưu — kiểm tra: {preview.check()}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        preview.stop()
        server.shutdown()
        server.server_close()
        if office is not None:
            office.close()
    print("Đã dừng xem trước.")
    return 0
