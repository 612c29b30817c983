"""`docgen render PLAN.yaml [-o OUT.docx] [--pdf]`: one plan to Word (several: see batch)."""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.base.errors import UsageError, printable
from docgen.commands import existing, output_path, template, writable
from docgen.plan.build import load_plan
from docgen.render.engine import render_file


def run(args) -> int:
    chosen = template(args.template)
    if len(args.plans) > 1 or Path(args.plans[0]).is_dir():
        if args.pdf:
            raise UsageError("--pdf chỉ dùng khi tạo một kế hoạch; với nhiều tệp hãy dùng docgen pdf cho từng tệp")
        from docgen.commands import batch  # heavy: multiprocessing, off the one-plan render path

        return batch.run(args.plans, args.output, chosen, args.jobs)
    plan_path = existing(args.plans[0])
    out = writable(output_path(plan_path, args.output), plan_path, chosen)
    if args.pdf:
        writable(out.with_suffix(".pdf"), plan_path, chosen)
        from docgen.output.pdf import soffice  # subprocess, tempfile, json: only with --pdf

        soffice()  # fail before rendering when the converter is missing
    plan = load_plan(plan_path)
    for warning in plan.warnings:
        print(warning, file=sys.stderr)
    render_file(plan, out, chosen)
    print(printable(f"đã tạo {out}"))
    if args.pdf:
        from docgen.output.pdf import convert  # subprocess, tempfile, json: only with --pdf

        convert(out, out.with_suffix(".pdf"))
        print(printable(f"đã tạo {out.with_suffix('.pdf')}"))
    return 0
