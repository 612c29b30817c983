"""`docgen tasks PLAN.yaml -o NHIEM_VU.xlsx [--format csv]`: each unit's duties, by deadline."""

from __future__ import annotations

from pathlib import Path

from docgen.base.errors import UsageError, printable
from docgen.commands import existing, output_path, writable
from docgen.output.write import write_atomic
from docgen.plan.build import load_plan
from docgen.year.tasks import tasks
from docgen.year.tasksheet import csv_text, units, workbook


def run(args) -> int:
    source = existing(args.plan)
    suffix = f".{args.format}"
    out = Path(args.output) if args.output else output_path(source, None, f"-nhiem-vu{suffix}")
    writable(out, source)
    plan = load_plan(source)
    found = tasks(plan)
    if not found:
        raise UsageError(f"{source} không có việc nào có thời hạn: thêm `han` cho phân công (`phan_cong`), hạn "
                         "báo cáo (`bao_cao`), hoặc một bảng nhiệm vụ có cột thời hạn")
    write_atomic(out, workbook(plan, found) if args.format == "xlsx" else csv_text(found))
    print(printable(f"đã tạo {out}: {len(found)} việc của {len(units(found))} đơn vị"))
    return 0
