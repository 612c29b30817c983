"""The plan built from its YAML: load -> validate -> consistency checks -> computed annexes.

`Plan` is what every later stage (render, check --plan, compare, preview) works from; nothing
here touches the docx machinery, so `validate` and `--help` stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.base.errors import ERROR, WARNING, ContentError, Problem
from docgen.plan import annexes, consistency
from docgen.plan.load import Source, load_file, load_text
from docgen.plan.model import KeHoach
from docgen.plan.tables import Computed, Figure
from docgen.plan.validate import validate


@dataclass(frozen=True)
class Plan:
    """A plan that passed every check, with its annexes computed, its figures and any warnings."""

    source: Source | None
    model: KeHoach
    tables: list[Computed]
    figures: dict[str, dict[str, Figure]]
    warnings: list[Problem]

    @classmethod
    def of(cls, model: KeHoach, source: Source | None = None) -> Plan:
        """Return the plan of an already validated model, its annexes computed (no checks run)."""
        tables, _ = annexes.compute(model)
        return cls(source, model, tables, annexes.figures(model, tables), [])


def load_plan(path: str | Path) -> Plan:
    """Return the validated, computed plan in path; raise ContentError with every problem."""
    return plan_from(load_file(path))


def plan_from_text(text: str, name: str) -> Plan:
    """Return the plan written in text (named name in messages), as load_plan does for a file."""
    return plan_from(load_text(text, name))


def plan_from(source: Source) -> Plan:
    """Return the validated, computed plan of a loaded source; ContentError with every problem.

    Every problem is found in one run: when a field is invalid, the checks across fields
    still run on every part and annex that is valid on its own (docgen.plan.partial), so an
    error in the header never hides one in an annex.
    """
    _refuse_old_format(source)
    checked = validate(source)
    model, unknown, references = checked.model, set(), True
    if model is None:
        from docgen.plan.partial import salvage  # ~3 ms, only for a plan with errors: off the validate and render paths

        salvaged = salvage(source.data, checked.invalid)
        model, unknown, references = salvaged.model, salvaged.unknown, salvaged.body_complete
    tables, problems = annexes.compute(model)
    figures = annexes.figures(model, tables)
    failed = unknown | {annexes.name(t, i) for i, (t, c) in enumerate(zip(model.phu_luc, tables))
                        if c is None and t is not None}
    found = [(p, m, ERROR) for p, m in problems] + consistency.check(model, figures, failed, references=references)
    found += [(p, m, WARNING) for p, m in annexes.warnings(model, tables)]
    if checked.model is None:  # a warning about a plan seen in part may be wrong; its errors are not
        found = [f for f in found if f[2] == ERROR]
    findings = checked.problems + [source.problem(p, message, severity=severity) for p, message, severity in found]
    if checked.model is None or any(f.severity != WARNING for f in findings):
        raise ContentError(findings)
    if checked.model.ke_hoach is not None:  # a report: the plan figures it copies must be the plan's
        from docgen.plan import link  # ~5 ms, only for a report: off the validate and render paths of a plan

        broken = link.problems(source, checked.model, plan_from)
        if broken:
            raise ContentError(findings + broken)
    return Plan(source, checked.model, tables, figures, findings)


# docgen 0.1's fixed parts: a plan that has them is in the old format (docgen migrate converts it).
OLD_PARTS = ("muc_dich_yeu_cau", "muc_tieu", "nhiem_vu", "nguon_luc", "to_chuc_thuc_hien")


def _refuse_old_format(source: Source) -> None:
    """A plan written for docgen 0.1 gets one sentence that says how to convert it, not forty errors."""
    old = [key for key in OLD_PARTS if isinstance(source.data, dict) and key in source.data]
    if old:
        raise ContentError([source.problem((old[0],), (
            f"tệp viết theo mẫu cũ của docgen (các phần là khóa `{'`, `'.join(old)}`); mẫu hiện tại ghi các phần "
            f"trong `phan` và các phụ lục trong `phu_luc`. Chạy `docgen migrate {source.file}` để chuyển "
            "(giữ nguyên chú thích, lưu bản cũ bên cạnh)."), key=True)])
