"""Benchmark docgen against pandoc and its own targets: python bench/run.py [--runs N] [--batch N].

Everything is timed as a user runs it: whole processes, alternating
repetitions, medians, after one warm-up run of each command. docgen is timed
both ways it runs: answered by its background server (the default: the first
command starts it) and in a fresh process of its own (DOCGEN_SERVER=0). pandoc
(Debian's package) makes a .docx from the same plan's content: the sample
converted once to Markdown, with docgen's rendered .docx as --reference-doc.

The benchmark uses a cache folder and a server of its own (started with
`docgen serve`, whose log gives the peak memory of each command's process), and
stops the server when it ends.
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
SERVED, FRESH = "máy chủ nền", "tiến trình mới"


def environment(cache: Path, mode: str) -> dict:
    """Return the environment of a docgen run: a user's (bytecode written and read), our cache."""
    env = dict(os.environ, DOCGEN_CACHE_DIR=str(cache), DOCGEN_SERVER="1" if mode == SERVED else "0")
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


def wait_for_server(cache: Path) -> None:
    deadline = time.monotonic() + 60
    while not list(cache.glob("v*/server-*.sock")):
        if time.monotonic() > deadline:
            raise SystemExit("the background server did not start")
        time.sleep(0.1)


def server_peak_mb(cache: Path) -> int:
    """Return the peak resident memory (MB) of the benchmark's server, from /proc (Linux)."""
    mark = f"DOCGEN_CACHE_DIR={cache}".encode()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if b"serve" in (proc / "cmdline").read_bytes() and mark in (proc / "environ").read_bytes().split(b"\0"):
                status = (proc / "status").read_text()
                return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024
        except (OSError, AttributeError):
            continue
    return 0


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

    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        env = {mode: environment(cache, mode) for mode in (SERVED, FRESH)}
        log = work / "server.log"
        with log.open("w") as sink:
            server = subprocess.Popen(DOCGEN + ["serve", "--idle", "600"], stdout=sink, stderr=subprocess.STDOUT,
                                      env=env[SERVED], cwd=work)
        try:
            wait_for_server(cache)
            rows = measure(work, env, pandoc, args)
            server_peak = server_peak_mb(cache)
        finally:
            subprocess.run(DOCGEN + ["serve", "--stop"], env=env[SERVED], capture_output=True)
            server.wait(timeout=60)
        served = served_peaks(log.read_text(encoding="utf-8"))

    print(machine())
    print(f"{args.runs} lần mỗi lệnh, xen kẽ, lấy trung vị; lô và phụ lục: 3 lần")
    print(f"{'lệnh':44} {'trung vị':>10} {'RAM đỉnh':>9}   so với mục tiêu")
    peaks = []
    for name, seconds, peak, target, command in rows:
        if command is not None:  # answered by the server: the memory of the command's own process
            peak = max(served.get(" ".join(command), [0]))
        peaks.append(peak if name.startswith(("docgen", "lô", "phụ lục")) else 0)
        shown = f"{seconds:.3f} s" if seconds is not None else "-"
        print(f"{name:44} {shown:>10} {peak:>6} MB   {target}")
    print(f"RAM đỉnh của một tiến trình docgen: {max(peaks + [server_peak])} MB "
          f"(máy chủ nền khi rảnh: {server_peak} MB; mục tiêu < 120 MB)")


def served_peaks(log: str) -> dict[str, list[int]]:
    """Return the peak memory (MB) of each command the server ran, by its arguments, from its log."""
    out: dict[str, list[int]] = {}
    for match in re.finditer(r"^docgen (.*) → -?\d+ \(\d+ ms, (\d+) MB\)$", log, re.MULTILINE):
        out.setdefault(match.group(1), []).append(int(match.group(2)))
    return out


def measure(work: Path, env: dict, pandoc: str | None, args) -> list[tuple]:
    """Return the rows of the report: (name, median seconds, peak MB, against the target,
    the arguments the server ran for it or None)."""
    reference = work / "reference.docx"
    subprocess.run(DOCGEN + ["render", str(SAMPLE), "-o", str(reference)], check=True, capture_output=True,
                   env=env[FRESH])
    (work / "plan.md").write_text(markdown(reference), encoding="utf-8")

    commands = {}
    for mode in (SERVED, FRESH):
        commands[f"docgen render, {mode}"] = (DOCGEN + ["render", str(SAMPLE), "-o", str(work / "a.docx")], env[mode])
    if pandoc:
        commands["pandoc (cùng nội dung)"] = ([pandoc, "plan.md", "-o", str(work / "p.docx"),
                                              "--reference-doc", str(reference)], None)
    for mode in (SERVED, FRESH):
        commands[f"docgen validate, {mode}"] = (DOCGEN + ["validate", str(SAMPLE)], env[mode])

    for command, environ in commands.values():  # warm-up: fills the cache
        timed(command, work, environ)
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = {name: 0 for name in commands}
    for _ in range(args.runs):  # alternate so that machine noise hits every command alike
        for name, (command, environ) in commands.items():
            seconds, peak = timed(command, work, environ)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)

    batch = work / "batch"
    batch.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(args.batch):
        (batch / f"xa-{i:03d}.yaml").write_text(text.replace("so: 45 ", f"so: {i + 1} "), encoding="utf-8")
    big = work / "annex-500.yaml"
    big.write_text(yaml.safe_dump(plan_with_units(500), allow_unicode=True, sort_keys=False), encoding="utf-8")
    batch_command = DOCGEN + ["render", str(batch), "-o", str(work / "out")]
    annex_command = DOCGEN + ["render", str(big), "-o", str(work / "big.docx")]
    heavy: dict[str, list[tuple[float, int]]] = {}
    for _ in range(3):
        for mode in (SERVED, FRESH):
            heavy.setdefault(f"batch {mode}", []).append(timed(batch_command, work, env[mode]))
            heavy.setdefault(f"annex {mode}", []).append(timed(annex_command, work, env[mode]))

    def median(name: str) -> float:
        return statistics.median(times[name])

    def served(mode: str, command: list[str]) -> list[str] | None:
        return command[len(DOCGEN):] if mode == SERVED else None

    pandoc_time = median("pandoc (cùng nội dung)") if pandoc else None
    rows = []
    for mode in (SERVED, FRESH):
        name = f"docgen render, {mode}"
        ratio = f"≤ 1,0 × pandoc: {median(name) / pandoc_time:.2f} ×" if pandoc_time else "pandoc không có"
        rows.append((name, median(name), peaks[name], ratio, served(mode, commands[name][0])))
    rows.append(("pandoc (cùng nội dung)", pandoc_time, peaks.get("pandoc (cùng nội dung)", 0), "mốc so sánh", None))
    for mode in (SERVED, FRESH):
        name = f"docgen validate, {mode}"
        rows.append((name, median(name), peaks[name], f"≤ 0,15 s: {median(name) / 0.15:.2f} × mục tiêu",
                     served(mode, commands[name][0])))
    for mode in (SERVED, FRESH):
        seconds = statistics.median(s for s, _ in heavy[f"batch {mode}"])
        rows.append((f"lô {args.batch} kế hoạch, {mode}", seconds, max(p for _, p in heavy[f"batch {mode}"]),
                     f"≤ 20 ms/kế hoạch: {seconds / args.batch * 1000:.1f} ms/kế hoạch",
                     served(mode, batch_command)))
    for mode in (SERVED, FRESH):
        seconds = statistics.median(s for s, _ in heavy[f"annex {mode}"])
        rows.append((f"phụ lục 500 đơn vị, {mode}", seconds, max(p for _, p in heavy[f"annex {mode}"]),
                     f"< 2 s: {seconds / 2:.2f} × mục tiêu", served(mode, annex_command)))
    return rows


if __name__ == "__main__":
    main()
