"""What a report's tables copy from its plan, as each kind reports it to docgen.plan.link.

A kind whose tables copy plan figures (the results tables, docgen.plan.kinds.ket_qua and
ket_qua_don_vi) gives two functions:

- `held(table, here) -> [(path, value, who)]`: every copied figure as the report holds it, with
  what it is (`who`: its row's source or unit) so that the fingerprint does not follow positions;
- `copies(table, here, plan, figure, annex) -> ([Copy], [Missing])`: each copy beside the plan's
  figure now, and what the report names that the plan lacks. `figure(source, at)` and
  `annex(name)` look in the plan (docgen.plan.link gives them).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

UPDATE = "docgen report --cap-nhat"  # the one command that accepts the plan's figures


@dataclass(frozen=True)
class Copy:
    """A plan figure a report copies: where the report holds it, and what the plan says now."""

    path: tuple  # in the report's YAML: ("phu_luc", 0, "dong", 1, "ke_hoach")
    held: Decimal | None  # what the report holds (None: not written yet)
    value: Decimal | None  # the plan's figure now (None: the plan has no such figure)
    name: str  # how the plan names it: `giam_ngheo.ty_le_cuoi_nam`, «TDP 1: ho_ngheo»
    where: tuple  # in the plan's YAML: the annex, or the unit's row
    decimals: int = 0


@dataclass(frozen=True)
class Missing:
    """A source the report names that the plan does not have."""

    path: tuple
    message: str


def decimal(value) -> Decimal | None:
    """Return a held value as an exact Decimal (None for none, or for what is not a number)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value).replace(",", "."))
    except ArithmeticError:
        return None


def unit_name(value) -> str:
    """Return a unit's name as names are compared: NFC, white space folded («Làng Dơr 1» typed in
    decomposed Unicode is the plan's «Làng Dơr 1»)."""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def written(value: Decimal | int | None):
    """Return a copied figure as the report's YAML writes it: an int, or a float of the same digits."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def shown(figure) -> Decimal | None:
    """Return a plan figure as the plan prints it: its value to its decimals, rounded half-up as
    docgen.base.vn prints numbers (a formula's 33,333… is «33,33»: the report copies 33.33)."""
    value = decimal(figure.value)
    if value is None or not value.is_finite():
        return value
    return value.quantize(Decimal(1).scaleb(-figure.decimals), rounding=ROUND_HALF_UP)
