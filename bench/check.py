"""Time `docgen check` on docgen's own output with long annexes: python bench/check.py [N ...] [--runs R].

For each N (default 2000 and 9000) the 2024 sample is given an annex of N generated
units (bench/annex.py) and rendered; then `docgen check` runs on the .docx as a fresh
process, as a user runs it, R times (default 3). Printed: the median wall-clock
seconds, the median CPU seconds of the process (user + system: what the machine's
other work does not change) and its peak resident memory.

A plan of 9,000 units is beyond what `docgen render` reads from a YAML file (2 MB,
200,000 YAML nodes), so the plans are validated and rendered in this process from
their data, through the same stages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.annex import plan_with_units
from docgen.plan.build import plan_from
from docgen.plan.load import Source
from docgen.render.engine import render_file

TARGETS = {2000: 3.0, 9000: 15.0}  # seconds


def build(n: int, folder: Path) -> Path:
    """Return a .docx rendered from the sample plan with n units in its annex."""
    out = folder / f"ke-hoach-{n}-don-vi.docx"
    render_file(plan_from(Source(f"ke-hoach-{n}-don-vi.yaml", plan_with_units(n))), out)
    return out


def run(command: list[str]) -> tuple[float, float | None, int | None]:
    """Return (wall seconds, CPU seconds, peak memory in MB) of one run of command.
    CPU and memory come from the child's own resource usage (os.wait4), where the system has it."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        child.returncode = code
        err = child.stderr.read().decode(errors="replace")
        child.stderr.close()
        cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024  # Linux: kB
        if sys.platform == "darwin":
            peak //= 1024  # macOS: bytes
    else:
        err = child.communicate()[1].decode(errors="replace")
        wall, code, cpu, peak = time.perf_counter() - start, child.returncode, None, None
    if code not in (0, 1):
        raise SystemExit(f"`{' '.join(command)}` thoát với mã {code}:\n{err}")
    return wall, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=sorted(TARGETS), help="units in the annex")
    parser.add_argument("--runs", type=int, default=3, help="runs of check per document")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-check-") as tmp:
        for n in args.sizes:
            start = time.perf_counter()
            path = build(n, Path(tmp))
            made = time.perf_counter() - start
            results = [run([sys.executable, "-m", "docgen", "check", str(path)]) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in results)
            line = f"{n:5d} đơn vị ({path.stat().st_size / 1e6:.1f} MB, tạo trong {made:.1f} s): check {wall:6.2f} s"
            if results[0][1] is not None:
                cpu = statistics.median(r[1] for r in results)
                peak = max(r[2] for r in results)
                line += f", CPU {cpu:6.2f} s, bộ nhớ đỉnh {peak} MB"
            if n in TARGETS:
                line += f" (mục tiêu < {TARGETS[n]:g} s)"
            print(line, flush=True)


if __name__ == "__main__":
    main()
