"""Loaded YAML -> KeHoach, every pydantic error turned into a located Vietnamese sentence."""

from __future__ import annotations

import hashlib
import pickle
import sys
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import pydantic
import pydantic_core
from pydantic import BaseModel, Tag, ValidationError

from docgen.base import cache, doctypes, vn
from docgen.base.errors import Problem, shorten
from docgen.plan.load import Source
from docgen.plan.model import KeHoach


def validator():
    """Return the plan's pydantic validator, ready to use.

    pydantic builds it from the model classes on first use, ~50 ms of every fresh process
    (a quarter of `docgen validate`'s own time). The built validator pickles to its core
    schema, which rebuilds in ~2 ms, so it is kept in docgen's private cache folder, keyed
    by the model's code and the versions of pydantic and Python that built it.
    """
    if KeHoach.__pydantic_complete__:
        return KeHoach.__pydantic_validator__
    name = f"validator-{_model_key()}.pickle"
    data = cache.read_bytes(name)
    if data is not None:
        try:
            KeHoach.__pydantic_validator__ = pickle.loads(data)
            return KeHoach.__pydantic_validator__
        except Exception:  # noqa: BLE001, S110 - an entry that does not load is only a missed shortcut
            pass
    KeHoach.model_rebuild()
    try:
        cache.write_bytes(name, pickle.dumps(KeHoach.__pydantic_validator__))
    except (pickle.PicklingError, AttributeError, TypeError):
        pass  # a validator pydantic cannot pickle is only a missed shortcut
    return KeHoach.__pydantic_validator__


def _model_key() -> str:
    here = Path(__file__).resolve().parent
    files = sorted(here.rglob("*.py"))  # the model, its fields, kinds and whatever they validate with
    code = b"".join(f.read_bytes() for f in files)
    versions = f"{pydantic.VERSION}-{pydantic_core.__version__}-{sys.version}".encode()
    return hashlib.sha256(code + versions).hexdigest()


@dataclass
class Validated:
    """What validation made of a source: the plan if all of it is valid, and every problem found.

    `invalid` names what failed, at the depth a plan's parts can be checked on their own:
    a top-level key (`("nam",)`), or one part or annex (`("phan", 2)`, `("phu_luc", 0)`).
    """

    model: KeHoach | None
    problems: list[Problem]
    invalid: set[tuple]


def validate(source: Source) -> Validated:
    """Validate the whole source at once; every problem is listed, none repeats one that
    loading already reported (an impossible date is not also "not a date")."""
    try:
        model = validator().validate_python(source.data)
    except ValidationError as exc:
        problems, invalid = [], set()
        errors = [(e, data_path(source.data, tuple(e["loc"]))) for e in exc.errors()]
        misspelt = _misspelt(errors)
        for error, path in errors:
            invalid.add(path[:2] if path[:1] in (("phan",), ("phu_luc",)) and len(path) > 1 else path[:1])
            if not source.is_broken(path) and not (error["type"] == "missing" and path in misspelt):
                problems.append(_problem(source, error, path))
        return Validated(None, source.problems + problems, invalid)
    return Validated(model, list(source.problems), set())


def _misspelt(errors: list[tuple[dict, tuple]]) -> set[tuple]:
    """Return the paths of missing keys that an unknown key beside them is reported as a misspelling
    of (`dia_danhh`: "did you mean `dia_danh`?"), so that the missing one is not reported as well.
    Only the key the message suggests is taken: another missing key stays reported."""
    missing: dict[tuple, set[str]] = {}
    for e, path in errors:
        if e["type"] == "missing" and path:
            missing.setdefault(path[:-1], set()).add(path[-1])
    out = set()
    for e, path in errors:
        if e["type"] == "extra_forbidden" and path and path[:-1] in missing:
            suggested = _suggestion(tuple(e["loc"]))
            if suggested in missing[path[:-1]]:
                out.add(path[:-1] + (suggested,))
    return out


def _suggestion(loc: tuple) -> str | None:
    """Return the key an unknown key at loc is most likely a misspelling of (as the message says)."""
    import difflib  # difflib: off the validate path (a misspelt key only)

    model = _model_at(loc[:-1])
    allowed = list(model.model_fields) if model else []
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def data_path(data, loc: tuple) -> tuple:
    """Return pydantic's error location as a path in the data: without the tags of unions
    (`giam_ngheo`, `van_ban`, `function-after[…]`), which name a variant, not a place."""
    path, here = [], data
    for i, part in enumerate(loc):
        if isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here) or isinstance(here, dict) and part in here:
            path.append(part)
            here = here[part]
        elif isinstance(here, dict) and i == len(loc) - 1:
            path.append(part)  # a key that is missing, or one that should not be there
        elif not isinstance(here, (dict, list)):
            break
    return tuple(path)


def _problem(source: Source, error: dict, path: tuple) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return source.problem(path, _unknown_key(loc), key=True)
    if kind == "missing":
        message = f"thiếu mục bắt buộc `{path[-1]}`{_hint(loc)}."
        if len(path) == 1:  # nowhere in the file to point at: name the file only
            return Problem(source.file, None, None, path[0], message)
        return source.problem(path, message)
    return source.problem(path, _message(error))


def _unknown_key(loc: tuple) -> str:
    model = _model_at(loc[:-1])
    allowed = list(model.model_fields) if model else []
    key = str(loc[-1])
    if not key.isidentifier():  # a sentence with ": " in it, read by YAML as "key: value"
        return (f"câu «{shorten(key)}: …» có dấu hai chấm và dấu cách nên YAML hiểu thành một khóa; hãy đặt cả câu "
                "trong dấu nháy kép \"…\" hoặc viết sau `>-` ở dòng dưới.")
    close = _suggestion(loc)
    text = f"khóa `{shorten(key)}` không có trong mẫu kế hoạch"
    if close:
        return f"{text}; có phải ý bạn là `{close}`?"
    if allowed:
        return f"{text}; các khóa dùng được ở đây: {', '.join(allowed)}."
    return text + "."


def _hint(loc: tuple) -> str:
    model = _model_at(loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model else None
    return f" ({field.description})".replace(".)", ")") if field and field.description else ""


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """Return the model class that describes the mapping at pydantic's location loc. Where a
    field holds a union, the location names the variant (a tag or a class name): that one's
    keys are the only ones valid there, so a misspelt key is never matched against another's."""
    model: type[BaseModel] | None = KeHoach
    variants: dict[str, type[BaseModel]] = {}
    for part in loc:
        if isinstance(part, int):
            continue
        if part in variants:
            model, variants = variants[part], {}
            continue
        if model is None or part not in model.model_fields:
            return None
        variants = _variants(model.model_fields[part].annotation)
        model = next(iter(variants.values()), None) if len(variants) == 1 else None
    return model


def _variants(annotation: object, tag: str | None = None) -> dict[str, type[BaseModel]]:
    """Return the models a field may hold, by the name pydantic gives each in error locations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {tag or annotation.__name__: annotation}
    out: dict[str, type[BaseModel]] = {}
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        tag = next((m.tag for m in meta if isinstance(m, Tag)), tag)
        return _variants(base, tag)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            out |= _variants(arg)
    return out


def _given(error: dict) -> str:
    value = error.get("input")
    if isinstance(value, dict):
        return "một bảng khóa: giá trị"
    if isinstance(value, list):
        return "một danh sách"
    if value is None:
        return "giá trị trống"
    if isinstance(value, bool):
        return f"`{'true' if value else 'false'}` (đúng/sai)"
    return f"`{shorten(value)}`"


_EXPECTED = {
    "string_type": "phải là chữ (một đoạn văn bản)",
    "int_type": "phải là số nguyên, ví dụ 12",
    "int_parsing": "phải là số nguyên, ví dụ 12",
    "int_from_float": "phải là số nguyên, không có phần thập phân",
    "bool_type": "phải là `true` hoặc `false`",
    "bool_parsing": "phải là `true` hoặc `false`",
    "date_type": "phải là ngày, viết dạng 2024-01-11 hoặc 11/01/2024",
    "date_parsing": "phải là ngày, viết dạng 2024-01-11 hoặc 11/01/2024",
    "date_from_datetime_parsing": "phải là ngày, viết dạng 2024-01-11 hoặc 11/01/2024",
    "decimal_parsing": "phải là số, ví dụ 8.2",
    "decimal_type": "phải là số, ví dụ 8.2",
    "list_type": "phải là một danh sách: mỗi phần tử trên một dòng bắt đầu bằng `- `",
    "model_type": "phải là một bảng các mục dạng `khóa: giá trị`",
    "model_attributes_type": "phải là một bảng các mục dạng `khóa: giá trị`",
    "dict_type": "phải là một bảng các mục dạng `khóa: giá trị`",
}


def _bound(value) -> str:
    """Return a limit as the user reads numbers: 1.000.000.000.000.000, not 1000000000000000."""
    return vn.integer(value) if isinstance(value, int) and abs(value) >= 10_000 else str(value)


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}; đang ghi {_given(error)}."
    if kind == "greater_than_equal":
        return f"không được nhỏ hơn {_bound(ctx.get('ge'))}; đang ghi {_given(error)}."
    if kind == "greater_than":
        return f"phải lớn hơn {_bound(ctx.get('gt'))}; đang ghi {_given(error)}."
    if kind == "less_than_equal":
        return f"không được lớn hơn {_bound(ctx.get('le'))}; đang ghi {_given(error)}."
    if kind == "too_short":
        return "phải có ít nhất một phần tử."
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == doctypes.SYMBOL:
            return (f"phải có dạng KH-UBND, BC-UBND (chữ viết tắt tên loại, dấu gạch nối, chữ viết tắt in hoa của "
                    f"cơ quan); đang ghi {_given(error)}.")
        return (f"chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới `_`, bắt đầu bằng chữ (ví dụ `so_tan`); "
                f"đang ghi {_given(error)}.")
    if kind in ("enum", "literal_error"):
        return f"phải là một trong: {ctx.get('expected', '')}; đang ghi {_given(error)}.".replace("' or '", "', '")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).rstrip(".") + "."
    return f"giá trị không hợp lệ ({error['msg']}); đang ghi {_given(error)}."
