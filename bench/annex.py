"""Time docgen on an annex of many units: python bench/annex.py [N ...] (default 500).

Each N builds a plan from the 2024 sample with N generated units, then times the
whole pipeline (load, validate, check, compute, render, write) in this process.
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.plan.build import load_plan
from docgen.render.engine import render_file


def plan_with_units(n: int) -> dict:
    """Return the sample plan with n consistent generated units in its annex."""
    data = yaml.safe_load((ROOT / "content" / "ke-hoach-2024.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    rows = []
    for i in range(n):
        households = 200 + (i * 37) % 400
        poor = households * (5 + i % 40) // 100
        dtts = households * (1 + i % 99) // 100
        poor_dtts = max(min(poor, dtts, poor * (i % 100) // 100), poor - (households - dtts))
        full = poor - poor_dtts >= households - dtts  # every non-DTTS household poor: none can fall back
        escaped = poor // 6
        escaped_dtts = min(poor_dtts, escaped, escaped * (i % 100) // 100)
        escaped_dtts = max(escaped_dtts, escaped - (poor - poor_dtts))
        rows.append({"ten": f"Thôn {i + 1}", "so_ho": households, "so_ho_dtts": dtts, "ho_ngheo": poor,
                         "ho_ngheo_dtts": poor_dtts, "thoat_ngheo": escaped, "thoat_ngheo_dtts": escaped_dtts,
                         "tai_ngheo": 0 if full else i % 2, "tai_ngheo_dtts": 0, "phat_sinh": 0 if full else i % 3,
                         "phat_sinh_dtts": 0,
                         "du_kien_so_ho": households + 3, "du_kien_so_ho_dtts": dtts + 1})
    data["phu_luc"] = [{"loai": "giam_ngheo", "don_vi": "thôn", "dong": rows}]
    return data


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"plan-{n}.yaml"
            src.write_text(yaml.safe_dump(plan_with_units(n), allow_unicode=True, sort_keys=False), encoding="utf-8")
            start = time.perf_counter()
            render_file(load_plan(src), Path(tmp) / f"plan-{n}.docx")
            seconds = time.perf_counter() - start
            print(f"{n:5d} đơn vị: {seconds:6.3f} s (mục tiêu < 1 s)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500])
