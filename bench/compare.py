"""Time `docgen diff --docx` at scale: python bench/compare.py [N ...] (default 250 500 1000 2000).

For each N, two plans of N generated units (bench/annex.py) are compared as `docgen diff --docx`
does, in this process: loaded, compared as plans (`docgen diff`), rendered and compared as
tracked changes (docgen.compare.tracked); two identical plans, then («edited») the second
without its first four units and one figure changed. Prints wall and CPU seconds (user+sys: the
machine may be shared) per step and the process's peak memory so far (RSS, MiB; Linux/macOS).
With --cli, each pair is also compared by the command itself, `docgen diff a.yaml b.yaml --docx`,
in a process of its own: its wall time, CPU time and its own peak (the target for 2,000 rows:
under 5 s and 300 MB). Then one paragraph of W words is compared with a reworded copy of itself
(`--words`, default 4000 40000).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.annex import plan_with_units
from docgen.commands.diff import compare as plan_diff
from docgen.compare import tracked
from docgen.ooxml import redline
from docgen.plan.build import load_plan
from docgen.render.template import TEMPLATE


def peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu() -> float:
    """Return this process's CPU time so far, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def plans(n: int, tmp: Path, edited: bool) -> tuple[Path, Path]:
    """Write the two plans of n units compared (the second edited or not); return their paths."""
    src, dst = tmp / f"plan-{n}.yaml", tmp / f"plan-{n}{'-edited' if edited else ''}-new.yaml"
    data = plan_with_units(n)
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if edited:
        units = data["phu_luc"][0]["dong"]
        del units[:4]
        units[n // 2]["du_kien_so_ho"] += 1
    dst.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return src, dst


def rows(n: int, src: Path, dst: Path, edited: bool) -> None:
    marks = [(time.perf_counter(), cpu())]
    before, after = load_plan(src), load_plan(dst)
    marks.append((time.perf_counter(), cpu()))
    plan_diff(before, after)
    marks.append((time.perf_counter(), cpu()))
    versions = [before, after]
    del before, after
    tracked.compare(versions, TEMPLATE)  # as diff --docx: both rendered, compared, packaged
    marks.append((time.perf_counter(), cpu()))
    steps = [f"{name} {b[0] - a[0]:5.2f} s ({b[1] - a[1]:5.2f} cpu)"
             for name, a, b in zip(("load", "diff", "docx"), marks, marks[1:])]
    total = f"total {marks[-1][0] - marks[0][0]:5.2f} s ({marks[-1][1] - marks[0][1]:5.2f} cpu)"
    print(f"{n:>6} rows{' edited' if edited else ' same  '}: {'  '.join(steps)}  {total}  peak {peak_mib():5.0f} MiB",
          flush=True)


def command(n: int, src: Path, dst: Path, edited: bool) -> None:
    """Run `docgen diff src dst --docx` in a process of its own; print its wall, CPU time and peak."""
    out = dst.with_suffix(".docx")
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "docgen", "diff", str(src), str(dst), "--docx", "-o", str(out)],
                             stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    print(f"{n:>6} rows{' edited' if edited else ' same  '}: docgen diff --docx {wall:5.2f} s, "
          f"cpu {usage.ru_utime + usage.ru_stime:5.2f} s (user {usage.ru_utime:.2f} + sys {usage.ru_stime:.2f}), "
          f"peak {peak:5.0f} MiB, exit {child.returncode}", flush=True)


def paragraph(words: int) -> None:
    from lxml import etree

    rng = random.Random(words)
    vocab = ["xã", "thôn", "làng", "hộ", "nghèo", "cận", "thoát", "giảm", "năm", "kế", "hoạch", "thực",
             "hiện", "chỉ", "tiêu", "người", "dân", "tộc"]
    old = [rng.choice(vocab) for _ in range(words)]
    new = list(old)
    for _ in range(max(1, words // 50)):  # one word in 50 reworded
        new[rng.randrange(words)] = rng.choice(vocab)

    def doc(ws: list[str]) -> etree._Element:
        W = redline.W
        return etree.fromstring(
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{" ".join(ws)}</w:t></w:r></w:p>'
            f'<w:sectPr/></w:body></w:document>')

    t0 = time.perf_counter()
    shown = redline.compare(doc(old), doc(new), "bench", "2025-01-01T00:00:00Z")
    t1 = time.perf_counter()
    print(f"{words:>6} words in one paragraph: redline {t1 - t0:6.2f} s, {len(redline.revisions(shown))} revisions, "
          f"peak {peak_mib():6.0f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[250, 500, 1000, 2000])
    parser.add_argument("--words", nargs="*", type=int, default=[4000, 40000])
    parser.add_argument("--cli", action="store_true", help="also time the command itself, in a process of its own")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            for edited in (False, True):
                src, dst = plans(n, Path(tmp), edited)
                rows(n, src, dst, edited)
                if args.cli:
                    command(n, src, dst, edited)
    for w in args.words:
        paragraph(w)


if __name__ == "__main__":
    main()
