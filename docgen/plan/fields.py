"""The building blocks of every plan model: text, dates and counts as officials write them.

Shared by the plan (docgen/plan/model.py) and by the table kinds (docgen/plan/kinds/), so
that a count or a name is read the same way wherever it stands.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from docgen.plan import hints

MAX_DEPTH = 4  # numbered levels of an item: 1., 1.1., 1.1.1., a)

# Characters XML 1.0 cannot carry (a Word file with one of them does not open).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def tidy(text: str) -> str:
    """Return text in NFC with runs of white space folded to one space; refuse control characters."""
    bad = None if text.isprintable() else _NOT_XML.search(text)  # isprintable: the common case, fast
    if bad:
        raise ValueError(
            f"có ký tự điều khiển không in được (U+{ord(bad.group()):04X}) ở ký tự thứ {bad.start() + 1}; "
            "hãy xóa ký tự đó (thường do dán từ phần mềm khác)"
        )
    return " ".join(unicodedata.normalize("NFC", text).split())  # split(): runs of any white space


def _not_empty(text: str) -> str:
    if not text:
        raise ValueError("không được để trống")
    return text


def _vietnamese_date(value: Any) -> Any:
    """Accept 11/01/2024 as well as 2024-01-11 (both are how officials write dates)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # never a Unix timestamp
        raise ValueError(f"phải là ngày, viết dạng 2024-01-11 hoặc 11/01/2024; đang ghi `{value}`")  # noqa: TRY004 (pydantic reports ValueError)
    if isinstance(value, str) and hasattr(value, "number"):
        raise ValueError(f"phải là ngày, viết dạng 2024-01-11 hoặc 11/01/2024; đang ghi `{value}`")
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value)
        if m:
            day, month, year = map(int, m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"`{value.strip()}` không phải là ngày có thật") from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _number_as_text(value: Any) -> Any:
    """A name like `TDP 1` is written `ten: 1`; YAML reads that as a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _text_as_number(value: Any) -> Any:
    """A count typed `05` arrives as NumberText (its digits kept for names); count it as 5."""
    number = getattr(value, "number", None)
    return number if number is not None and isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(tidy), AfterValidator(_not_empty)]
Date = Annotated[
    dt.date,
    BeforeValidator(_vietnamese_date),
    WithJsonSchema({"type": "string", "anyOf": [{"format": "date"}, {"pattern": r"^\d{1,2}/\d{1,2}/\d{4}$"}]}),
]
# At most a million billion: any household count or sum of money (đồng) a plan holds, and far
# inside the 28 digits the annexes' decimal rates are computed with.
Count = Annotated[int, Field(ge=0, le=10**15, strict=True), BeforeValidator(_text_as_number)]
# A name the text uses to quote a table's figures, or a column's key: `giam_ngheo`, `so_ho`.
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


def described(description: str, **kw: Any) -> Any:
    """Return a pydantic Field with its Vietnamese description (shown by editors)."""
    return Field(description=description, **kw)


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,  # build validators on first use: one for the plan, not one per class
        field_title_generator=hints.title,
        model_title_generator=hints.model_title,
        json_schema_extra=hints.annotate,
    )


class Shorthand(Model):
    """A model that may also be written as plain text; `text_field` receives the text."""

    text_field: ClassVar[str] = "noi_dung"

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {cls.text_field: value if cls.text_field == "noi_dung" else [value]}
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler.resolve_ref_schema(handler(core_schema))
        shorthand = {"type": "string", "description": "Viết gọn: chỉ ghi nội dung."}
        return {"title": schema.get("title"), "description": schema.get("description"),
                "anyOf": [shorthand, {k: v for k, v in schema.items() if k not in ("title", "description")}]}


