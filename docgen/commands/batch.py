"""`docgen render FOLDER/ [PLAN.yaml …] -o output/`: many plans at once, in parallel.

One bad plan does not stop the others: each failure is reported with its
location and the run ends with a summary line; the exit code is 1 if any failed.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import docgen.render.engine
from docgen.base.errors import DocgenError, UsageError, printable
from docgen.output.write import write_atomic
from docgen.plan.build import load_plan
from docgen.plan.model import KeHoach
from docgen.render.engine import render

# fork: workers start with everything warm() did, at no cost. Elsewhere (Windows, macOS) each
# worker is a fresh interpreter that warms itself: slower to start, the same result.
START_METHOD = "fork" if sys.platform == "linux" else "spawn"


def warm(template: Path) -> None:
    """Do once what every plan would otherwise start with: imports, the validator, the template."""
    KeHoach.model_rebuild()
    try:
        docgen.render.engine.warm(template)
    except DocgenError:
        pass  # each plan will report it
    tune_gc()


def tune_gc() -> None:
    """Collect garbage less often: a plan allocates many short-lived objects and few cycles,
    and every collection would otherwise walk the tens of thousands of long-lived ones
    (modules, the validator, compiled templates), which freeze() sets aside. ~20% per plan."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _start_worker(template: Path) -> None:
    """Ready a worker: warm (a no-op after fork), and gone as soon as the batch's parent is gone,
    however it ended (even SIGKILL, which no handler sees), instead of waiting on a dead pipe."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        def watch() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="docgen-parent-watch").start()
    warm(template)


def collect(inputs: list[str]) -> list[Path]:
    """Return the plan files named or found (recursively) in the folders named, in order."""
    plans: list[Path] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            plans += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
        elif path.is_file():
            plans.append(path)
        else:
            raise UsageError(f"không tìm thấy tệp hoặc thư mục {name}")
    if not plans:
        raise UsageError("không có tệp kế hoạch .yaml nào để tạo")
    plans = list(dict.fromkeys(p.resolve() for p in plans))  # a.yaml and x/../a.yaml are one plan
    stems: dict[str, Path] = {}
    for p in plans:
        if p.stem in stems and stems[p.stem] != p:
            raise UsageError(f"hai kế hoạch cùng tên {p.stem}: {stems[p.stem]} và {p}; kết quả sẽ ghi đè nhau")
        stems[p.stem] = p
    return plans


def render_one(plan: Path, template: Path) -> tuple[bytes | None, list[str]]:
    """Render one plan; return (the .docx, or None if it failed; messages). Never raises.

    Workers only render: the parent, otherwise idle, writes each file (and waits for
    the disk) while the workers go on with the next plans.
    """
    try:
        loaded = load_plan(plan)
        return render(loaded, template), [str(w) for w in loaded.warnings]
    except DocgenError as exc:
        return None, [_located(plan, exc)]
    except Exception as exc:  # noqa: BLE001 - one plan's internal error must not stop the batch
        return None, [f"{plan}: lỗi nội bộ ({type(exc).__name__}: {exc}); hãy báo cho người phụ trách docgen."]


def _located(plan: Path, exc: DocgenError) -> str:
    return str(exc) if str(exc).startswith(str(plan)) else f"{plan}: {exc}"


def _write(plan: Path, outdir: Path, data: bytes | None, messages: list[str]) -> bool:
    """Write a rendered plan to outdir/<plan>.docx; return whether it was written."""
    if data is None:
        return False
    try:
        write_atomic(outdir / f"{plan.stem}.docx", data)
        return True
    except DocgenError as exc:
        messages.append(_located(plan, exc))
        return False


def _refuse_clashes(plans: list[Path], out: Path, template: Path) -> None:
    """Refuse, before anything is written, an output file that is one of the inputs (two plans
    of one name are refused by collect; an output that is a folder fails that plan alone)."""
    for plan in plans:
        target = out / f"{plan.stem}.docx"
        for given in (plan, template):
            if target.is_file() and os.path.samefile(target, given):
                raise UsageError(f"tệp kết quả {target} chính là tệp đầu vào {given}; ghi ra đó sẽ mất tệp này. "
                                 "Hãy chọn thư mục kết quả khác (-o)")


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()


def _shutdown(pool: ProcessPoolExecutor, interrupted: bool) -> None:
    """Let the workers finish; interrupted (Ctrl-C), drop the plans not
    started, and a second Ctrl-C while waiting does not leave the workers behind."""
    while True:
        try:
            pool.shutdown(cancel_futures=interrupted)
            return
        except KeyboardInterrupt:
            interrupted = True


def run(inputs: list[str], outdir: str | None, template: Path, jobs: int | None) -> int:
    plans = collect(inputs)
    warm(template)
    out = Path(outdir or "output")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} là một tệp; khi tạo nhiều kế hoạch, -o phải là một thư mục")
    _refuse_clashes(plans, out, template)
    jobs = max(1, jobs or os.cpu_count() or 1)
    start = time.perf_counter()
    tty = sys.stderr.isatty()
    done = failed = 0
    workers = min(jobs, len(plans))
    pool = None
    try:
        if workers == 1:
            iterator = ((p, render_one(p, template)) for p in plans)
        else:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(START_METHOD),
                                       initializer=_start_worker, initargs=(template,))
            futures = {pool.submit(render_one, p, template): p for p in plans}
            iterator = ((futures[f], f.result()) for f in as_completed(futures))
        for plan, (data, messages) in iterator:
            done += 1
            failed += not _write(plan, out, data, messages)
            if tty:
                sys.stderr.write("\r\x1b[K")
            for message in messages:
                print(printable(message), file=sys.stderr)
            if tty:
                _progress(done, len(plans))
    finally:
        if pool:
            _shutdown(pool, interrupted=sys.exc_info()[0] is not None)
    if tty:
        sys.stderr.write("\r\x1b[K")
    seconds = time.perf_counter() - start
    print(f"đã tạo {done - failed} văn bản trong {out}, lỗi {failed}, {seconds:.1f} giây "
          f"({workers} tiến trình)")
    return 1 if failed else 0
