"""What `docgen preview` shows of a plan: its problems, its outline and its printed pages.

`check()` re-reads and re-validates the plan (milliseconds) and publishes the
result at once; the pages are made after it in a thread of their own (render,
LibreOffice, pictures), and a save that comes while they are being made is
taken up as soon as they are done: only the latest plan is ever rendered.
Every change bumps `version`; `wait()` lets the web page's event stream sleep
until there is one.
"""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pypdfium2

from docgen.base.errors import ContentError, DocgenError
from docgen.output.write import write_atomic
from docgen.plan.annexes import labels
from docgen.plan.build import load_plan
from docgen.plan.outline import blocks
from docgen.render.engine import render

SCALE = 1.25  # pictures of the pages at 90 dpi


def _pictures(pdf: Path, stopped=lambda: False) -> list[bytes]:
    """Return each page of pdf as a PNG; DocgenError if pdf cannot be read (an office ended mid-way)
    or stopped() turns true (the preview is stopping: it must not wait for the last page)."""
    try:
        document = pypdfium2.PdfDocument(pdf)
        try:
            out = []
            for page in document:
                if stopped():
                    raise DocgenError("đã dừng xem trước")
                buffer = io.BytesIO()
                page.render(scale=SCALE).to_pil().save(buffer, "PNG", compress_level=1)
                out.append(buffer.getvalue())
            return out
        finally:
            document.close()
    except pypdfium2.PdfiumError as exc:
        raise DocgenError(f"không đọc được PDF LibreOffice tạo ra: {exc}") from None


def outline(plan) -> list[dict]:
    """Return the plan's outline as Word's navigation and the PDF's bookmarks show it: parts (level 1),
    titled items at their level (a run-in item by its label), then each annex (level 1)."""
    out = [{"level": b.cap, "text": f"{b.so} {b.tieu_de}".rstrip(":") if b.kieu == "muc_lien"
            else f"{b.so} {b.noi_dung}" if b.kieu == "diem" else f"{b.so} {b.tieu_de}"}
           for b in blocks(plan) if b.kieu in ("phan", "muc", "muc_lien", "diem")]
    return out + [{"level": 1, "text": label} for label in labels(len(plan.tables))]


class Preview:
    """The live state of one plan being edited."""

    def __init__(self, plan: Path, template: Path, office=None, notice: str = ""):
        self.plan_path, self.template, self.office = plan, template, office
        self.version = 0
        self.state = {"title": plan.name, "status": "Đang kiểm tra…", "notice": notice, "problems": [],
                      "outline": [], "pages": 0, "pages_version": 0, "stale": False, "version": 0}
        self.pages: list[bytes] = []
        self._changed = threading.Condition()
        self._wanted = None  # the latest valid plan whose pages are not made yet
        self._work = threading.Condition()
        self._stopping = False
        self._valid = False  # whether the latest save validated (pages made later must not say otherwise)
        self._thread = threading.Thread(target=self._make_pages, daemon=True, name="docgen-pages")
        self._thread.start()

    def _publish(self, **changes) -> None:
        with self._changed:
            self.version += 1
            self.state = self.state | changes | {"version": self.version}
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """Return the version once it differs from seen, or after timeout seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self._stopping, timeout)
            return self.version

    def check(self) -> str:
        """Re-validate the plan, publish problems and outline, ask for its pages; return a summary line
        (how long validation took, and how long after the file was saved the page had the result)."""
        summary = self._check()
        try:
            since = time.time() - self.plan_path.stat().st_mtime
            return f"{summary} ({since * 1000:.0f} ms sau khi lưu)"
        except OSError:
            return summary

    def _check(self) -> str:
        start = time.perf_counter()
        self._valid = False
        try:
            plan = load_plan(self.plan_path)
        except ContentError as exc:
            problems = [_problem(p) for p in exc.problems]
            self._publish(problems=problems, stale=True,
                          status=f"{len(problems)} lỗi: trang in bên phải là của lần lưu hợp lệ trước")
            return f"{_ms(start)} ms: {len(problems)} lỗi"
        except DocgenError as exc:  # the file is gone (an editor saving by rename), unreadable
            if not self.plan_path.exists():  # moved away, or its folder: said until it is back
                self._publish(problems=[{"where": str(self.plan_path), "message": str(exc), "severity": "lỗi"}],
                              stale=True, status=f"không thấy tệp {self.plan_path.name}: trang sẽ cập nhật "
                                                 "khi tệp có lại ở chỗ cũ")
                return f"{_ms(start)} ms: không thấy tệp"
            self._publish(problems=[{"where": str(self.plan_path), "message": str(exc), "severity": "lỗi"}],
                          stale=True, status="không đọc được tệp kế hoạch")
            return f"{_ms(start)} ms: {exc}"
        self._valid = True
        problems = [_problem(p) for p in plan.warnings]
        status = "hợp lệ; đang tạo trang in…" if self.office else "hợp lệ"
        self._publish(problems=problems, outline=outline(plan), title=f"{self.plan_path.name} — {plan.model.trich_yeu}",
                      status=status, stale=self.office is not None)
        with self._work:
            self._wanted = plan
            self._work.notify()
        return f"{_ms(start)} ms: hợp lệ" + (f", {len(problems)} cảnh báo" if problems else "")

    def _make_pages(self) -> None:
        while True:
            with self._work:
                self._work.wait_for(lambda: self._wanted is not None or self._stopping)
                if self._stopping:
                    return
                plan, self._wanted = self._wanted, None
            if self.office is None:
                continue
            start = time.perf_counter()
            try:
                pages = self._pages_of(plan)
            except (DocgenError, OSError) as exc:
                if self._stopping:  # the office was ended under the conversion: nothing to say
                    return
                self._publish(status=f"không tạo được trang in: {exc}")
                continue
            self.pages = pages
            with self._work:
                current = self._valid and self._wanted is None
            done = {"status": f"hợp lệ; {len(pages)} trang, tạo trong {time.perf_counter() - start:.1f} giây",
                    "stale": False} if current else {}
            self._publish(pages=len(pages), pages_version=self.version + 1, **done)
            print(f"  trang in: {len(pages)} trang trong {_ms(start)} ms", flush=True)

    def _pages_of(self, plan) -> list[bytes]:
        with self.office.scratch() as tmp:  # removed with the office's folder, whatever ends docgen
            docx, pdf = Path(tmp) / "ke-hoach.docx", Path(tmp) / "ke-hoach.pdf"
            write_atomic(docx, render(plan, self.template))
            self.office.to_pdf(docx, pdf)
            return _pictures(pdf, lambda: self._stopping)

    def stop(self) -> None:
        """Stop making pages and close the office, at once even during a conversion."""
        with self._work:
            self._stopping = True
            self._work.notify_all()
        with self._changed:
            self._changed.notify_all()
        if self.office is not None:
            self.office.close()  # a conversion under way ends now; the thread then sees _stopping
        self._thread.join(timeout=3)


def _problem(p) -> dict:
    where = p.file + "".join(f":{n}" for n in (p.line, p.column) if n is not None)
    message = f"{p.path}: {p.message}" if p.path else p.message
    return {"where": where, "message": message, "severity": p.severity}


def _ms(start: float) -> int:
    return round((time.perf_counter() - start) * 1000)
