"""Benchmark docgen against pandoc and its own targets: python bench/run.py [--runs N] [--batch N].

Everything is timed as a user runs it: whole processes, alternating
repetitions, medians. pandoc (Debian's package) makes a .docx from the same
plan's content: the sample converted once to Markdown, with docgen's rendered
.docx as --reference-doc.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "ke-hoach-2024.yaml"
sys.path.insert(0, str(ROOT))

from bench.annex import plan_with_units  # noqa: E402

DOCGEN = [sys.executable, "-m", "docgen"]


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Return (seconds, peak resident memory in MB) of one run of command."""
    gnu_time = shutil.which("time", path="/usr/bin")
    prefix = [gnu_time, "-f", "%M"] if gnu_time else []
    start = time.perf_counter()
    result = subprocess.run(prefix + command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode not in (0,):
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
    peak = int(result.stderr.strip().splitlines()[-1]) // 1024 if gnu_time else 0
    return seconds, peak


def markdown(docx: Path) -> str:
    """Return the plan's text as Markdown: headings, paragraphs, the annex as a pipe table."""
    lines = subprocess.run(DOCGEN + ["text", str(docx)], capture_output=True, text=True, check=True).stdout.splitlines()
    out = []
    for line in lines:
        if " | " in line:
            cells = line.split(" | ")
            if not any(" | " in previous for previous in out[-1:]):
                out += ["", "| " + " | ".join(cells) + " |", "|" + "---|" * len(cells)]
                continue
            out.append("| " + " | ".join(cells) + " |")
        elif re.match(r"^[IVX]+\. ", line):
            out += ["", f"# {line}", ""]
        elif re.match(r"^(\d+\.)+ ", line):
            out += ["", f"## {line}", ""]
        else:
            out += ["", line.replace("*", "\\*")]
    return "\n".join(out) + "\n"


def median_of(samples: list[float]) -> float:
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repetitions of each timed command")
    parser.add_argument("--batch", type=int, default=100, help="plans in the batch test")
    args = parser.parse_args()

    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        work = Path(tmp)
        reference = work / "reference.docx"
        subprocess.run(DOCGEN + ["render", str(SAMPLE), "-o", str(reference)], check=True, capture_output=True)
        (work / "plan.md").write_text(markdown(reference), encoding="utf-8")

        commands = {
            "docgen render (mẫu 2024)": DOCGEN + ["render", str(SAMPLE), "-o", str(work / "a.docx")],
            "docgen validate": DOCGEN + ["validate", str(SAMPLE)],
        }
        if pandoc:
            commands["pandoc (cùng nội dung)"] = [pandoc, "plan.md", "-o", str(work / "p.docx"),
                                                  "--reference-doc", str(reference)]
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, int] = {name: 0 for name in commands}
        for _ in range(args.runs):  # alternate so that machine noise hits every command alike
            for name, command in commands.items():
                seconds, peak = timed(command, work)
                times[name].append(seconds)
                peaks[name] = max(peaks[name], peak)

        batch = work / "batch"
        batch.mkdir()
        text = SAMPLE.read_text(encoding="utf-8")
        for i in range(args.batch):
            (batch / f"xa-{i:03d}.yaml").write_text(text.replace("so: 45 ", f"so: {i + 1} "), encoding="utf-8")
        batch_seconds, batch_peak = timed(DOCGEN + ["render", str(batch), "-o", str(work / "out")], work)

        big = work / "annex-500.yaml"
        big.write_text(yaml.safe_dump(plan_with_units(500), allow_unicode=True, sort_keys=False), encoding="utf-8")
        annex_runs = [timed(DOCGEN + ["render", str(big), "-o", str(work / "big.docx")], work) for _ in range(3)]

    docgen_render = median_of(times["docgen render (mẫu 2024)"])
    validate = median_of(times["docgen validate"])
    print(f"Máy: {os.cpu_count()} lõi, {platform.machine()}, Python {platform.python_version()}, "
          f"{args.runs} lần mỗi lệnh, xen kẽ, lấy trung vị")
    print(f"{'lệnh':34} {'trung vị':>10} {'RAM đỉnh':>9}   mục tiêu")
    pandoc_time = median_of(times["pandoc (cùng nội dung)"]) if pandoc else None
    rows = [("docgen render (mẫu 2024)", docgen_render, peaks["docgen render (mẫu 2024)"],
             f"≤ 1,0 × pandoc: {docgen_render / pandoc_time:.2f} ×" if pandoc_time else "pandoc không có"),
            ("pandoc (cùng nội dung)", pandoc_time, peaks.get("pandoc (cùng nội dung)", 0), "mốc so sánh"),
            ("docgen validate", validate, peaks["docgen validate"], f"≤ 0,15 s: {validate / 0.15:.2f} × mục tiêu"),
            (f"lô {args.batch} kế hoạch ({os.cpu_count()} tiến trình)", batch_seconds, batch_peak,
             f"≤ 20 ms/kế hoạch: {batch_seconds / args.batch * 1000:.1f} ms/kế hoạch"),
            ("phụ lục 500 đơn vị", median_of([s for s, _ in annex_runs]), max(p for _, p in annex_runs),
             f"< 2 s: {median_of([s for s, _ in annex_runs]) / 2:.2f} × mục tiêu")]
    for name, seconds, peak, target in rows:
        shown = f"{seconds:.3f} s" if seconds is not None else "-"
        print(f"{name:34} {shown:>10} {peak:>6} MB   {target}")
    top = max(p for name, _, p, _ in rows if name.startswith(("docgen", "lô", "phụ lục")))
    print(f"RAM đỉnh của một tiến trình docgen: {top} MB (mục tiêu < 120 MB)")


if __name__ == "__main__":
    main()
