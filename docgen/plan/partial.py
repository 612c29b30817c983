"""A plan that failed validation, salvaged for the checks that need only its valid parts.

pydantic validates a plan whole: one wrong field anywhere and there is no model, so
the checks across fields (an annex's balance, a reference to a project, a quoted
figure) would wait until every field is right, and the user would fix errors in
rounds. Here each top-level field, each part and each annex that is valid on its own
is validated alone and put into a model built without validation. What failed stands
as an empty part or None, and what depends on it is named so the checks skip it.
"""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from docgen.plan.consistency import ANY_TABLE
from docgen.plan.kinds import DEFAULT, KINDS
from docgen.plan.model import KeHoach, Phan

_LISTS = ("phan", "phu_luc")


@dataclass(frozen=True)
class Salvaged:
    """The valid parts of a plan, and what cannot be known because other parts are invalid."""

    model: KeHoach
    unknown: set[str]  # tables whose figures cannot be computed: invalid annexes, funding of invalid parts
    body_complete: bool  # every part is valid, so every project a task may refer to is known


@functools.cache
def _adapter(name: str, item: bool) -> TypeAdapter:
    """Return the validator of a top-level field of the plan (of one of its items when item): building
    one costs milliseconds (a part's is the whole body's schema), so each is built once."""
    field = KeHoach.model_fields[name]
    return TypeAdapter(typing.get_args(field.annotation)[0] if item else field.rebuild_annotation())


def _valid(name: str, value, item: bool = False):
    try:
        return _adapter(name, item).validate_python(value)
    except ValidationError:  # valid in place but not alone (a check across the plan's fields)
        return None


def _table_name(raw, index: int) -> str:
    """Return the name an invalid annex's figures would be quoted by: its `ma` as written,
    else its kind's default name (`giam_ngheo`), else phu_luc_<n>."""
    raw = raw if isinstance(raw, dict) else {}
    loai = raw.get("loai", DEFAULT)
    kind = KINDS.get(loai, KINDS[DEFAULT]) if isinstance(loai, str) else KINDS[DEFAULT]
    field = kind.Model.model_fields.get("ma")
    ma = raw.get("ma", field.default if field else None)
    return ma if isinstance(ma, str) and ma else f"phu_luc_{index + 1}"


def salvage(data: dict, invalid: set[tuple]) -> Salvaged:
    """Return the plan in data with every invalid field, part or annex left out."""
    values: dict[str, object] = {}
    unknown: set[str] = set()
    for name in KeHoach.model_fields:
        if name not in data or (name,) in invalid:
            values[name] = [] if name in _LISTS else None
        elif name in _LISTS and isinstance(data[name], list):
            values[name] = [None if (name, i) in invalid else _valid(name, x, item=True)
                            for i, x in enumerate(data[name])]
        else:
            values[name] = _valid(name, data[name])
    for i, table in enumerate(values["phu_luc"]):
        if table is None:
            unknown |= {_table_name(data["phu_luc"][i], i), ANY_TABLE}
    body_complete = "phan" in data and ("phan",) not in invalid and None not in values["phan"]
    if not body_complete:
        unknown.add("kinh_phi")  # funding lines of an invalid part are not counted
    values["phan"] = [p if p is not None else Phan.model_construct(tieu_de="") for p in values["phan"]]
    return Salvaged(KeHoach.model_construct(**values), unknown, body_complete)
