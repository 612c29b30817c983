"""Benchmark docgen against pandoc and its own targets: python bench/run.py [--runs N] [--batch N].

Everything is timed as a user runs it: whole fresh processes, alternating
repetitions, medians, after one warm-up run of each command (which fills
docgen's template cache, as any second run on a user's machine finds it).
pandoc (Debian's package) makes a .docx from the same plan's content: the
sample converted once to Markdown, with docgen's rendered .docx as
--reference-doc. A process that only imports the libraries docgen stands on
(pydantic, jinja2, lxml, yaml) is timed too, so that docgen's own share of a
render shows. Peak memory comes from GNU time where it is installed.
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

from bench.annex import plan_with_units

DOCGEN = [sys.executable, "-m", "docgen"]
# What a fresh process must import before any of docgen's own work: the floor under `render`.
IMPORTS = [sys.executable, "-c", ("import jinja2.sandbox, lxml.etree, yaml; from pydantic import BaseModel, Field, "
           "ConfigDict, AfterValidator, BeforeValidator, WithJsonSchema, model_validator")]


def environment(cache: Path) -> dict:
    """Return the environment of a docgen run: a user's (bytecode written and read), our cache."""
    env = dict(os.environ, DOCGEN_CACHE_DIR=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(command: list[str], cwd: Path, env: dict | None = None, ok=(0,)) -> tuple[float, int]:
    """Return (seconds, peak resident memory in MB) of one run of command."""
    gnu_time = shutil.which("time", path="/usr/bin")
    prefix = [gnu_time, "-f", "%M"] if gnu_time else []
    start = time.perf_counter()
    result = subprocess.run(prefix + command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode not in ok:
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


def machine() -> str:
    model = "?"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    bare = statistics.median(timed([sys.executable, "-c", "pass"], ROOT)[0] for _ in range(5))
    return (f"Máy: {os.cpu_count()} lõi ({model}), {platform.machine()}, Python {platform.python_version()} "
            f"(`python -c pass`: {bare * 1000:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repetitions of each timed command")
    parser.add_argument("--batch", type=int, default=100, help="plans in the batch test")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        rows = measure(Path(tmp), environment(Path(tmp) / "cache"), shutil.which("pandoc"), args)

    print(machine())
    print(f"{args.runs} lần mỗi lệnh, xen kẽ, lấy trung vị; lô và phụ lục: 3 lần")
    print(f"{'lệnh':44} {'trung vị':>10} {'RAM đỉnh':>9}   so với mục tiêu")
    for name, seconds, peak, target in rows:
        shown = f"{seconds:.3f} s" if seconds is not None else "-"
        print(f"{name:44} {shown:>10} {peak:>6} MB   {target}")
    peak = max(peak for name, _, peak, _ in rows if name.startswith(("docgen", "lô", "phụ lục")))
    print(f"RAM đỉnh của một lệnh docgen: {peak} MB (mục tiêu < 120 MB)")


def measure(work: Path, env: dict, pandoc: str | None, args) -> list[tuple]:
    """Return the rows of the report: (name, median seconds, peak MB, against the target)."""
    reference = work / "reference.docx"
    subprocess.run(DOCGEN + ["render", str(SAMPLE), "-o", str(reference)], check=True, capture_output=True, env=env)
    (work / "plan.md").write_text(markdown(reference), encoding="utf-8")

    commands = {"docgen render": DOCGEN + ["render", str(SAMPLE), "-o", str(work / "a.docx")]}
    if pandoc:
        commands["pandoc (cùng nội dung)"] = [pandoc, "plan.md", "-o", str(work / "p.docx"),
                                              "--reference-doc", str(reference)]
    commands["docgen validate"] = DOCGEN + ["validate", str(SAMPLE)]
    commands["chỉ nạp thư viện (python, pydantic…)"] = IMPORTS

    for command in commands.values():  # warm-up: fills the cache and the OS's file cache
        timed(command, work, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = {name: 0 for name in commands}
    for _ in range(args.runs):  # alternate so that machine noise hits every command alike
        for name, command in commands.items():
            seconds, peak = timed(command, work, env)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)

    batch = work / "batch"
    batch.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(args.batch):
        (batch / f"xa-{i:03d}.yaml").write_text(text.replace("so: 45 ", f"so: {i + 1} "), encoding="utf-8")
    big = work / "annex-500.yaml"
    big.write_text(yaml.safe_dump(plan_with_units(500), allow_unicode=True, sort_keys=False), encoding="utf-8")
    heavy = {"batch": DOCGEN + ["render", str(batch), "-o", str(work / "out")],
             "annex": DOCGEN + ["render", str(big), "-o", str(work / "big.docx")]}
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in heavy}
    for _ in range(3):
        for name, command in heavy.items():
            runs[name].append(timed(command, work, env))

    def median(name: str) -> float:
        return statistics.median(times[name])

    render, imports = median("docgen render"), median("chỉ nạp thư viện (python, pydantic…)")
    pandoc_time = median("pandoc (cùng nội dung)") if pandoc else None
    ratio = f"≤ 1,5 × pandoc: {render / pandoc_time:.2f} ×" if pandoc_time else "pandoc không có"
    rows = [
        ("docgen render", render, peaks["docgen render"], ratio),
        ("pandoc (cùng nội dung)", pandoc_time, peaks.get("pandoc (cùng nội dung)", 0), "mốc so sánh"),
        ("chỉ nạp thư viện (python, pydantic…)", imports, peaks["chỉ nạp thư viện (python, pydantic…)"],
         "mốc: khởi động Python và nạp pydantic, jinja2, lxml, yaml"),
        ("docgen render trừ phần nạp thư viện", render - imports, 0,
         f"< 60 ms: {(render - imports) * 1000:.0f} ms"),
        ("docgen validate", median("docgen validate"), peaks["docgen validate"],
         f"≤ 0,25 s: {median('docgen validate') / 0.25:.2f} × mục tiêu"),
    ]
    seconds = statistics.median(s for s, _ in runs["batch"])
    rows.append((f"lô {args.batch} kế hoạch", seconds, max(p for _, p in runs["batch"]),
                 f"≤ 20 ms/kế hoạch: {seconds / args.batch * 1000:.1f} ms/kế hoạch"))
    seconds = statistics.median(s for s, _ in runs["annex"])
    rows.append(("phụ lục 500 đơn vị", seconds, max(p for _, p in runs["annex"]),
                 f"< 1 s: {seconds:.2f} × mục tiêu"))
    return rows


if __name__ == "__main__":
    main()
