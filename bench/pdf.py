"""What the archival PDF costs: python bench/pdf.py [--runs N] (default 5).

Converts the 2024 sample with LibreOffice's default PDF export and with docgen's
(PDF/A-2b, tagged, bookmarks), both ways docgen converts: a cold `soffice
--convert-to` per file (docgen pdf) and an office kept open (docgen preview, when
a Python with uno is found). Runs alternate between the two exports; medians and
file sizes are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.commands import pdf
from docgen.output.office import Office
from docgen.plan.build import load_plan
from docgen.render.engine import render_file

EXPORTS = {"mặc định của LibreOffice": {}, "PDF/A-2b, gắn thẻ, dấu trang": dict(pdf.PDF_EXPORT)}


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        work = Path(tmp)
        docx = work / "ke-hoach-2024.docx"
        render_file(load_plan(ROOT / "content" / "ke-hoach-2024.yaml"), docx, ROOT / "docgen" / "render" / "ke-hoach.docx")
        cold = {name: [] for name in EXPORTS}
        warm = {name: [] for name in EXPORTS}
        sizes = {}
        offices = {}
        for name, options in EXPORTS.items():  # each export's office starts with its options
            pdf.PDF_EXPORT = options
            offices[name] = Office()
            offices[name].to_pdf(docx, work / "warm-up.pdf")
        try:
            for _ in range(runs):
                for name, options in EXPORTS.items():
                    pdf.PDF_EXPORT = options
                    out = work / f"{len(sizes)}.pdf"
                    cold[name].append(timed(lambda out=out: pdf.convert(docx, out)))
                    sizes[name] = out.stat().st_size
                    if offices[name].kept_running:
                        warm[name].append(timed(lambda name=name, out=out: offices[name].to_pdf(docx, out)))
        finally:
            for office in offices.values():
                office.close()
    print(f"Kế hoạch 2024 (15 trang), trung vị của {runs} lần, hai cách xuất xen kẽ:")
    print(f"{'cách xuất':32} {'soffice mới (s)':>16} {'LibreOffice mở sẵn (s)':>23} {'cỡ tệp (KB)':>12}")
    for name in EXPORTS:
        kept = f"{statistics.median(warm[name]):.2f}" if warm[name] else "không có uno"
        print(f"{name:32} {statistics.median(cold[name]):>16.2f} {kept:>23} {sizes[name] / 1024:>12.0f}")


if __name__ == "__main__":
    main()
