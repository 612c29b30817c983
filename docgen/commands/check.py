"""`docgen check FILE.docx [--plan PLAN.yaml [--template MAU.docx]]`: any Word file checked against
the Decree 30 rules of a Kế hoạch and the arithmetic of its tables; with --plan, also every
paragraph and cell where the file no longer says what the plan's YAML says (the file that came
back signed, or that was edited in Word), with the YAML field each comes from. The plan is
rendered with the template the file was made with (--template; docgen's own by default)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from docgen.base.errors import ERROR, UsageError, capped, printable, shorten
from docgen.base.worddiff import word_diff
from docgen.checker import check_file, report
from docgen.commands import existing, template
from docgen.ooxml import package, untrusted


def against(plan_path: Path, docx: Path, template: Path):
    """Return the mismatches between the document at docx and the plan rendered through template."""
    from docgen.compare import edits  # heavy: the plan model and a rendering, only for --plan
    from docgen.compare.reference import rendering  # heavy: as above
    from docgen.plan.build import plan_from  # heavy: as above
    from docgen.plan.load import load_file  # heavy: as above

    source = load_file(plan_path)
    plan = plan_from(source)
    reference = edits.units(rendering(plan, template))
    with untrusted.reading(docx):
        document = edits.units(untrusted.parse(package.read(untrusted.read(docx))["word/document.xml"]))
    return edits.against_plan(reference, document, edits.plan_leaves(source, plan.figures), plan.tables)


def run(args) -> int:
    if args.template and not args.plan:
        raise UsageError("--template chỉ dùng cùng --plan (mẫu Word để tạo lại văn bản từ kế hoạch YAML mà đối chiếu); "
                         "hãy thêm --plan KE_HOACH.yaml hoặc bỏ --template")
    chosen = template(args.template) if args.plan else None  # a faulty template: exit 2 before any check
    path = Path(args.docx)
    results = check_file(path)
    mismatches = against(existing(args.plan), path, chosen) if args.plan else []
    if args.format == "json":
        out = {"file": args.docx, "findings": [asdict(r) for r in results]}
        if args.plan:
            out["plan"] = args.plan
            out["differences"] = [asdict(m) for m in mismatches]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print("\n".join(capped(report(path, results).split("\n"), sys.stdout, "dòng")))
        if args.plan:
            print(f"So với kế hoạch {args.plan}: {len(mismatches) or 'không có'} chỗ khác")
            for m in mismatches:
                print(printable(f"  {m.where} — {m.field}:"))
                if m.plan and m.document:
                    print(printable(f"      [-kế hoạch-] {{+tệp Word+}}: {word_diff(m.plan, m.document, 6)}"))
                else:
                    print(printable(f"      kế hoạch: «{shorten(m.plan)}»" if m.plan else "      kế hoạch: (không có)"))
                    print(printable(f"      tệp Word: «{shorten(m.document)}»" if m.document else "      tệp Word: (không có)"))
    return 1 if any(r.severity == ERROR for r in results) or mismatches else 0
