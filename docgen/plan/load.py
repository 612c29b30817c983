"""YAML text -> plain data, with the source position of every key and value.

PyYAML's own loaders lose positions, keep the last of two duplicate keys and
expand aliases without limit. Here the file is composed into nodes with the
safe resolver and the nodes are turned into data by hand, which lets us refuse
duplicate keys, unknown tags and alias bombs, and remember where each value
stands so that every later error can point at a line and column.

ruamel.yaml's round-trip loader would give positions too (docgen uses it to
edit plans in place: `new`), but it is pure Python: on the sample plan it takes
80-125 ms to load against 3.5 ms here with LibYAML's composer, and 30 ms to
import against 19 ms, on a command whose whole budget for its own work is 60 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docgen.base import collector
from docgen.base.errors import ERROR, ContentError, Problem, UsageError, os_reason, shorten


class _Remembering:
    """A loader that resolves each distinct plain scalar's tag once: a plan repeats the same keys
    and counts thousands of times, and the resolver tries its patterns on each (a third of the
    composing time). A tag depends on the text alone: the safe loaders have no path resolvers."""

    def __init__(self, stream):
        super().__init__(stream)
        self._tags: dict = {}

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        tag = self._tags.get((value, implicit))
        if tag is None:
            tag = self._tags[value, implicit] = super().resolve(kind, value, implicit)
        return tag


# LibYAML's parser (shipped in PyYAML's wheels) is about ten times faster and gives the same
# marks; a file it refuses is parsed again by the pure-Python parser, whose messages we explain.
_FAST_LOADER = type("_FastLoader", (_Remembering, yaml.CSafeLoader), {}) if hasattr(yaml, "CSafeLoader") \
    else yaml.SafeLoader

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
# What the plan may expand to, in bytes of text: aliases (*name) repeat a value without
# repeating its bytes, so a small file can stand for gigabytes. Five times the largest file.
MAX_EXPANDED = 5 * MAX_BYTES

Path_ = tuple  # a field path: keys (str) and list indices (int)

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
# A plain decimal integer YAML 1.1 reads as the decimal number: no leading zero (octal), no `_`
# or `:` (base 60), short enough for any int; anything else goes through the constructor.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class NumberText(str):
    """A plain YAML number whose text matters: `05`, `010`, `1:30` (YAML 1.1 reads octal, base 60).

    As text (a unit's name) it is the digits as typed; as a count it is the decimal number.
    """

    number: int | None

    def __new__(cls, text: str, number: int | None):
        out = super().__new__(cls, text)
        out.number = number
        return out

    def __getnewargs__(self):  # copied (a kept reading, below) with its number
        return str(self), self.number


_AMBIGUOUS = re.compile(r"^[-+]?(0\d|\d[\d_]*:)|_")


@dataclass
class Source:
    """A loaded YAML file: its data and where each part of it stands."""

    file: str
    data: object
    text: str = ""  # the text it was read from (positions in spans are indices into it)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Values that could not be read (an impossible date, a forbidden tag, a repeated key): each is
    # reported once, stands as None in data, and what the schema says of it afterwards is not repeated.
    problems: list[Problem] = field(default_factory=list)
    broken: set[Path_] = field(default_factory=set)
    # Where each value stands in the text (start and end character, scalar style: "" plain, '"', "'",
    # "|", ">"), so that a value can be rewritten in place (docgen import); values reached through
    # an alias are in `shared`: rewriting one would rewrite the others.
    spans: dict[Path_, tuple[int, int, str | None]] = field(default_factory=dict)
    shared: set[Path_] = field(default_factory=set)

    def is_broken(self, path: Path_) -> bool:
        """Return whether path is, or lies below, a value that could not be read."""
        return any(path[:n] in self.broken for n in range(len(path) + 1))

    def where(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Return (line, column) of the value at path, or of the nearest parent."""
        table = self.keys if key and path in self.keys else self.values
        while path not in table and path:
            path = path[:-1]
            table = self.values
        return table.get(path, (None, None))

    def problem(self, path: Path_, message: str, *, key: bool = False, severity: str = ERROR) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.file, line, column, format_path(path), message, severity)


def format_path(path: Path_) -> str:
    """Return a path as the user writes it: nhiem_vu[2].phan_cong[0].can_bo."""
    out = ""
    for part in path:
        part = part if isinstance(part, int) or len(part) <= 40 else part[:39] + "…"  # a key of a whole page
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_file(path: str | Path) -> Source:
    """Read a plan file; raise ContentError with located problems if it is not usable YAML."""
    raw, size = read_file(path)
    return load_bytes(raw, str(path), size)


def read_file(path: str | Path) -> tuple[bytes, int]:
    """Return a plan file's bytes and its size on disk; UsageError if it cannot be read.

    The size is checked before reading, and no more than the limit is ever read (a file
    that grows, or a device that never ends, cannot fill memory): a file over the limit gives
    no bytes, and load_bytes refuses it by its size."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            raw = fh.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
    except OSError as exc:
        raise UsageError(f"không đọc được tệp {path}: {os_reason(exc)}") from None
    return raw, max(size, len(raw))


def load_bytes(raw: bytes, name: str, size: int | None = None) -> Source:
    """Read a plan from the bytes of a file (named name in messages)."""
    size = len(raw) if size is None else size
    if size > MAX_BYTES:
        raise ContentError([Problem(name, None, None, "", (
            f"tệp quá lớn ({size:,} byte; giới hạn là {MAX_BYTES:,} byte)".replace(",", ".")
            + ". Một kế hoạch thường chỉ vài chục nghìn byte: hãy kiểm tra đúng tệp chưa."
        ))])
    return load_text(decode(raw, name), name)


def decode(raw: bytes, name: str) -> str:
    """Return the text of a UTF-8 file (a BOM is allowed); refuse other encodings clearly."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ContentError([Problem(name, 1, 1, "", (
                "tệp được lưu bằng bảng mã UTF-16 («Unicode» trong Notepad); hãy lưu lại với bảng mã UTF-8 "
                "(Save As → Encoding: UTF-8)."))]) from None
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError([Problem(name, line, column, "", (
            f"tệp không phải văn bản UTF-8 (byte thứ {exc.start} không hợp lệ). "
            "Hãy lưu lại tệp với bảng mã UTF-8 (trong Notepad: Save As → Encoding: UTF-8)."
        ))]) from None


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


# The last few texts read, kept as pickled copies: one command often reads a file twice (`report` reads
# the plan, then the plan again through the starter's link; `preview` of a report reads its plan on every
# save of the report), and a copy is unpickled six times faster than the text is parsed. Each reader gets
# a copy of its own, so none sees what another changed.
# A text over _KEPT_SIZE characters is not kept: a plan is tens of thousands, and a plan of thousands
# of rows (megabytes, `diff --docx` of two of them within 300 MB) is worth its memory more than a copy.
_KEPT: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_KEPT_TEXTS = 8
_KEPT_SIZE = 200_000
_kept_lock = threading.Lock()


def load_text(text: str, name: str = "<văn bản>") -> Source:
    """Parse YAML text into a Source, refusing what a plan file must never contain."""
    key = (name, text)
    with _kept_lock:
        kept = _KEPT.get(key)
        if kept is not None:
            _KEPT.move_to_end(key)
    with collector.paused():  # tens of thousands of nodes, marks and positions, none of them garbage
        if kept is not None:
            return pickle.loads(kept)
        source = _load_text(text, name)
        if len(text) > _KEPT_SIZE:
            return source
        try:
            kept = pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)
        except RecursionError:  # nested as deep as the loader allows: read again if asked again
            return source
    with _kept_lock:
        _KEPT[key] = kept
        while len(_KEPT) > _KEPT_TEXTS:
            _KEPT.popitem(last=False)
    return source


def _load_text(text: str, name: str) -> Source:
    try:
        root = _compose(text)
    except RecursionError:
        raise ContentError([Problem(name, None, None, "", "tệp lồng nhau quá sâu; hãy viết lại cho phẳng hơn.")]) from None
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_syntax_problem(exc, name, text)]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ContentError([Problem(name, line, column, "", (
            f"có ký tự điều khiển không in được (U+{exc.character:04X}); hãy xóa ký tự đó "
            "(thường do dán từ phần mềm khác)."
        ))]) from None
    if root is None:
        raise ContentError([Problem(name, 1, 1, "", "tệp rỗng: một kế hoạch phải có các mục như co_quan_ban_hanh, trich_yeu…")])
    source = Source(name, None, text)
    builder = _Builder(source)
    try:
        source.data = builder.build(root, ())
    except RecursionError:
        raise ContentError([Problem(name, None, None, "", "tệp lồng nhau quá sâu (hoặc có bí danh tự tham chiếu); hãy viết lại cho phẳng hơn.")]) from None
    if not isinstance(source.data, dict):
        raise ContentError([source.problem((), "tệp phải là một bảng các mục dạng `khóa: giá trị` (ví dụ `trich_yeu: …`), không phải một danh sách hay một giá trị đơn")])
    return source


class _Builder:
    def __init__(self, source: Source):
        self.source = source
        self.count = 0  # nodes built, aliases counted each time they are used
        self.size = 0  # bytes of scalar text built, likewise
        self.seen: dict[int, Path_] = {}  # node -> the first path it was built at
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_) -> object:
        self.count += 1
        if isinstance(node, yaml.ScalarNode):
            self.size += len(node.value)
        if self.count > MAX_NODES or self.size > MAX_EXPANDED:
            mark = node.start_mark
            what = (f"quá nhiều phần tử (hơn {MAX_NODES:,})" if self.count > MAX_NODES
                    else f"quá nhiều chữ (hơn {MAX_EXPANDED:,} byte)").replace(",", ".")
            raise ContentError([Problem(self.source.file, mark.line + 1, mark.column + 1, format_path(path), (
                f"tệp sinh ra {what}, thường do bí danh YAML (*tên) lặp lại một nội dung lớn nhiều lần; "
                "hãy bỏ các bí danh và viết thẳng nội dung."
            ))])
        mark = node.start_mark
        self.source.values[path] = (mark.line + 1, mark.column + 1)
        # a plain scalar's style is "" (LibYAML) or None (the pure-Python parser): "" either way
        style = (node.style or "") if isinstance(node, yaml.ScalarNode) else None
        self.source.spans[path] = (mark.index, node.end_mark.index, style)
        if id(node) in self.seen:
            self.source.shared |= {path, self.seen[id(node)]}
        self.seen[id(node)] = path
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            return self._scalar(node, path)
        self._add(path, f"thẻ YAML `{node.tag}` không được phép; chỉ dùng chữ, số, ngày, danh sách và bảng.", broken=True)
        return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        out: dict = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                self._add(path, "khóa gộp `<<` (YAML merge) không dùng được trong tệp kế hoạch; hãy viết thẳng "
                                "các khóa cần có.", key_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._add(path, "khóa phải là một từ đơn như `trich_yeu`.", key_node)
                continue
            key = key_node.value
            self.size += len(key)  # a key repeated through an alias costs its bytes too
            kpath = path + (key,)
            if key in out:
                first = self.source.keys[kpath][0]
                self._add(kpath, f"khóa `{key}` xuất hiện hai lần (lần đầu ở dòng {first}); hãy xóa hoặc gộp một trong hai.", key_node)
                continue
            self.source.keys[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, kpath)
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> object:
        if node.tag == _STR and (node.style or not node.value.lstrip("+-").isdigit()):
            return node.value  # most scalars: text, as the constructor would return it
        if node.tag == _INT and not node.style and _DECIMAL.fullmatch(node.value):
            return int(node.value)  # most others: a count, as the constructor would read it
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, yaml.constructor.ConstructorError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                self._add(path, f"`{node.value}` không phải là ngày có thật; viết ngày dạng NĂM-THÁNG-NGÀY, "
                                "ví dụ 2024-01-11.", broken=True)
            else:
                digits = node.value.lstrip("+-")
                self._add(path, f"số `{shorten(node.value, 24)}` dài {len(digits)} chữ số, quá dài để đọc; hãy kiểm "
                                "tra lại số liệu." if digits.isdigit() else
                          f"không đọc được giá trị `{shorten(node.value)}`.", broken=True)
            return None
        if isinstance(value, dt.datetime):
            value = value.date() if value.time() == dt.time() else value
        if not node.style and not isinstance(value, bool):
            if isinstance(value, (int, float)) and _AMBIGUOUS.search(node.value):
                digits = node.value.lstrip("+-").replace("_", "")
                # 010 counts as ten (not octal eight); 1:30 is no count at all (not base-60 ninety)
                number = int(digits, 10) * (-1 if node.value.startswith("-") else 1) if digits.isdigit() else None
                return NumberText(node.value, number)
            if isinstance(value, str) and re.fullmatch(r"[-+]?\d+", value):  # 0409: not octal, so text
                return NumberText(value, int(value, 10))
        return value

    def _add(self, path: Path_, message: str, node: yaml.Node | None = None, *, broken: bool = False) -> None:
        if broken:
            self.source.broken.add(path)
        if node is not None:
            m = node.start_mark
            self.source.problems.append(Problem(self.source.file, m.line + 1, m.column + 1, format_path(path), message))
        else:
            self.source.problems.append(self.source.problem(path, message))


_OPEN_QUOTE = re.compile(r"""(?:^\s*-|:)\s+(["'])(?:(?!\1).)*$""")


def _unclosed_quote(text: str, before_line: int) -> int | None:
    """Return the first line (1-based) before before_line whose value opens a quote it never closes."""
    for number, line in enumerate(text.splitlines()[: before_line - 1], 1):
        if _OPEN_QUOTE.search(line):
            return number
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    problem = exc.problem or ""
    hint, at_opening = next(((h, o) for key, h, o in _SYNTAX_HINTS if key in problem), (None, False))
    # An unclosed quote or bracket is found far below; point where it opened.
    mark = (exc.context_mark if at_opening else None) or exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    message = hint or f"lỗi cú pháp YAML ({problem}); hãy kiểm tra thụt lề, dấu ngoặc và dấu nháy ở dòng này và dòng trên."
    if exc.context == "while parsing a block collection" and exc.context_mark and hint and "thụt lề" in hint:
        message += f" Danh sách `-` này bắt đầu ở dòng {exc.context_mark.line + 1}; có thể dòng đó thừa dấu `-` hoặc thụt lề sai."
    quote = _unclosed_quote(text, line) if line else None
    if quote and quote != line:
        message += f" Có thể dấu nháy mở ở dòng {quote} chưa được đóng."
    return Problem(name, line, column, "", message)


# (part of PyYAML's problem text, what to tell the user, point at where the construct opened)
_SYNTAX_HINTS = [
    ("found character '\\t' that cannot start any token",
     "có ký tự Tab; YAML chỉ cho phép thụt lề bằng dấu cách (space). Hãy thay Tab bằng dấu cách.", False),
    ("found unexpected end of stream", "dấu nháy (\" hoặc ') mở ở đây chưa được đóng.", True),
    ("mapping values are not allowed here",
     ("dấu hai chấm `:` đặt sai chỗ; nếu nội dung có dấu `: `, hãy đặt cả câu trong dấu nháy kép \"…\" "
     "hoặc viết sau `>-` ở dòng dưới; hoặc kiểm tra thụt lề."), False),
    ("expected ',' or ']'", "dấu `[` mở ở đây chưa được đóng bằng `]`.", True),
    ("expected ',' or '}'", "dấu `{` mở ở đây chưa được đóng bằng `}`.", True),
    ("but found '<block sequence start>'",
     "thụt lề không đều: dòng `-` này phải thẳng cột với các dòng `-` khác của cùng danh sách.", False),
    ("but found '-'", "thụt lề không đều: dòng `-` này phải thẳng cột với các dòng `-` khác của cùng danh sách.", False),
    ("but found '<block mapping start>'", "thụt lề không đều: khóa này phải thẳng cột với các khóa cùng cấp.", False),
    ("but found '?'", "thụt lề không đều: khóa này phải thẳng cột với các khóa cùng cấp.", False),
    ("but found '<scalar>'", "thụt lề không đều hoặc thiếu dấu `-`/`:` ở dòng này.", False),
    ("could not find expected ':'", "thiếu dấu hai chấm `:` sau tên khóa, hoặc dòng trên thiếu dấu nháy đóng.", False),
    ("found undefined alias", "bí danh `*…` chưa được định nghĩa bằng `&…` ở phía trên.", False),
]
