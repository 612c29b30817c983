"""`docgen export PLAN.yaml [-o PHU_LUC.xlsx]`: the plan's annex tables as a workbook, one sheet each
(docgen.sheets.write), for the village heads and the province who keep their figures in Excel."""

from __future__ import annotations

import sys

from docgen.base.errors import UsageError, printable
from docgen.commands import existing, writable
from docgen.commands.render import output_path
from docgen.output.write import write_atomic
from docgen.plan.build import load_plan
from docgen.sheets.write import workbook


def run(args) -> int:
    plan_path = existing(args.plan)
    out = writable(output_path(plan_path, args.output, ".xlsx"), plan_path)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"tệp kết quả {out} phải có đuôi .xlsx (bảng tính Excel)")
    plan = load_plan(plan_path)
    for warning in plan.warnings:
        print(warning, file=sys.stderr)
    if not plan.tables:
        raise UsageError(f"kế hoạch {plan_path} không có phụ lục (`phu_luc`) nào để xuất ra bảng tính")
    write_atomic(out, workbook(plan))
    print(printable(f"đã tạo {out} ({len(plan.tables)} trang bảng tính)"))
    return 0
