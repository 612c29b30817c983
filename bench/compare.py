"""Time `docgen diff --docx` at scale: python bench/compare.py [N ...] (default 250 500 1000 2000).

For each N, two plans of N generated units (bench/annex.py) are loaded, compared as plans
(`docgen diff`), rendered and compared as tracked changes, in this process: two identical
plans, then («edited») the second without its first four units and one figure changed; then one
paragraph of W words is compared with a reworded copy of itself (`--words`, default 4000 40000).
Prints seconds per step and the process's peak memory so far (RSS, MiB; Linux/macOS): run one size
alone for its own peak.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.annex import plan_with_units
from docgen.commands.diff import compare as plan_diff
from docgen.compare.reference import rendering
from docgen.ooxml import redline
from docgen.plan.build import load_plan
from docgen.render.template import TEMPLATE


def peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def rows(n: int, tmp: Path, edited: bool) -> None:
    src, dst = tmp / f"plan-{n}.yaml", tmp / f"plan-{n}-edited.yaml"
    data = plan_with_units(n)
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if edited:
        units = data["phu_luc"][0]["dong"]
        del units[:4]
        units[n // 2]["du_kien_so_ho"] += 1
    dst.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    t0 = time.perf_counter()
    before, after = load_plan(src), load_plan(dst)
    t1 = time.perf_counter()
    plan_diff(before, after)
    t2 = time.perf_counter()
    old, new = rendering(before, TEMPLATE), rendering(after, TEMPLATE)
    t3 = time.perf_counter()
    redline.compare(old.document, new.document, "bench", "2025-01-01T00:00:00Z", in_place=True)  # as diff --docx
    t4 = time.perf_counter()
    print(f"{n:>6} rows{' edited' if edited else ' same  '}: load {t1 - t0:6.2f} s  diff {t2 - t1:6.2f} s  render×2 {t3 - t2:6.2f} s  "
          f"redline {t4 - t3:6.2f} s  total {t4 - t0:6.2f} s  peak {peak_mib():6.0f} MiB", flush=True)


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows(n, Path(tmp), edited=False)
            rows(n, Path(tmp), edited=True)
    for w in args.words:
        paragraph(w)


if __name__ == "__main__":
    main()
