"""`docgen check`: any .docx checked against the Decree 30 rules a Kế hoạch must meet, and the
arithmetic and layout of the figures in its tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.base.errors import ERROR, printable
from docgen.checker import arithmetic, quoted, unbroken, wrapping
from docgen.checker.checks import CHECKS, Finding
from docgen.checker.document import open_document
from docgen.checker.rules import RULES
from docgen.ooxml.untrusted import reading

# the Decree 30 rules, then the consistency of the tables' figures
ALL_CHECKS = CHECKS + [arithmetic.totals, arithmetic.rates, wrapping.numbers, unbroken.cells, unbroken.text,
                       quoted.figures]


@dataclass(frozen=True)
class Result:
    rule: str
    cite: str
    severity: str
    description: str
    where: str
    message: str


def check_file(path: Path) -> list[Result]:
    """Return every breach of the rule catalogue in the document at path, in rule order."""
    with reading(path):  # a file whose structure is not a Word document's is damaged, not a fault of docgen
        doc = open_document(path)
        findings: list[Finding] = [f for check in ALL_CHECKS for f in check(doc)]
    out = []
    for f in findings:
        rule = RULES[f.rule]
        out.append(Result(rule.id, rule.cite, rule.severity, rule.description, f.where, f.message))
    return out


def report(path: Path, results: list[Result]) -> str:
    """Return the findings as text for a terminal."""
    errors = sum(r.severity == ERROR for r in results)
    lines = [f"{path}: {errors} lỗi, {len(results) - errors} cảnh báo"]
    for r in results:
        lines.append(f"  {r.severity} {r.rule} — {r.where}: {r.message}")
        lines.append(f"      quy định: {r.description} ({r.cite})")
    return printable("\n".join(lines))  # the document's own text is in the findings
