"""`docgen validate PLAN.yaml …`: check plans without rendering; every file, every problem."""

from __future__ import annotations

import sys

from docgen.base.errors import ContentError, UsageError, capped, printable
from docgen.commands import existing
from docgen.plan.build import load_plan


def run(args) -> int:
    failed = missing = False
    for name in args.plans:
        try:
            plan = load_plan(existing(name))
        except UsageError as exc:
            missing = True
            print(f"docgen: {exc}", file=sys.stderr)
            continue
        except ContentError as exc:
            failed = True
            print("\n".join(capped([str(p) for p in exc.problems], sys.stderr)), file=sys.stderr)
            continue
        for warning in plan.warnings:
            print(warning, file=sys.stderr)
        print(printable(f"{name}: hợp lệ"))
    return 2 if missing else 1 if failed else 0
