"""The stages of docgen, in order: load -> validate -> consistency -> compute -> render -> write.

Only `render_file` touches the docx machinery, and it imports it lazily, so
`validate` and `--help` stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen import annex, consistency
from docgen.errors import ContentError, Problem, TemplateError, WARNING
from docgen.load import Source, load_file, load_text
from docgen.model import KeHoach
from docgen.validate import validate

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "ke-hoach.docx"


@dataclass(frozen=True)
class Plan:
    """A plan that passed every check, with its computed annex and any warnings."""

    source: Source
    model: KeHoach
    table: annex.Table
    warnings: list[Problem]

    @classmethod
    def of(cls, model: KeHoach, source: Source | None = None) -> Plan:
        """Return the plan of an already validated model, its annex computed (no checks run)."""
        return cls(source, model, annex.compute(model.phu_luc), [])


def load_plan(path: str | Path) -> Plan:
    """Return the validated, computed plan in path; raise ContentError with every problem."""
    return plan_from(load_file(path))


def plan_from_text(text: str, name: str) -> Plan:
    """Return the plan written in text (named name in messages), as load_plan does for a file."""
    return plan_from(load_text(text, name))


def plan_from(source: Source) -> Plan:
    """Return the validated, computed plan of a loaded source."""
    model = validate(source)
    findings = [source.problem(p, message, severity=severity) for p, message, severity in consistency.check(model)]
    errors = [f for f in findings if f.severity != WARNING]
    if errors:
        raise ContentError(findings)
    return Plan(source, model, annex.compute(model.phu_luc), [f for f in findings if f.severity == WARNING])


def render_file(plan: Plan, out: Path, template: Path = TEMPLATE) -> None:
    """Render plan into out, atomically: the previous file stays intact on any failure."""
    from docgen.render import render
    from docgen.write import write_atomic

    write_atomic(out, render(plan, template))


def check_template(path: Path) -> Path:
    """Return path if it is a Word template docgen can open; TemplateError otherwise."""
    from docgen.package import is_docx

    if is_docx(path):
        return path
    raise TemplateError(f"mẫu Word {path} không phải là tệp .docx (hãy lưu mẫu bằng Word, dạng «Word Document»)")
