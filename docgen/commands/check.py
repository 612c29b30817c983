"""`docgen check FILE.docx`: any Word file checked against the Decree 30 rules of a Kế hoạch."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from docgen.errors import ERROR


def run(args) -> int:
    from docgen.checker import check_file, report

    path = Path(args.docx)
    results = check_file(path)
    if args.format == "json":
        print(json.dumps({"file": args.docx, "findings": [asdict(r) for r in results]}, ensure_ascii=False, indent=2))
    else:
        print(report(path, results))
    return 1 if any(r.severity == ERROR for r in results) else 0
