"""The Jinja environment Word templates run in, and the limits they run within.

A template may come from a user (`--template`), so it runs in Jinja's sandbox:
no `__class__` or `__globals__`, no changing the plan's lists and dicts (a
`namespace()` is the way to keep a value across a loop), autoescape, and
StrictUndefined. The sandbox alone does not stop a template that runs away:
two nested `{% for %}` over `range(99999)` run for hours, `{{ "x" * 10**10 }}`
asks for 10 GB. So every render of a document runs within a budget, checked
wherever a template can repeat work or make text:

- time: SECONDS per document, checked at every loop iteration, call, filter,
  operator and printed value;
- text: TEXT characters made in all: values printed, the text of a loop body
  at each iteration, and the strings and lists operators, filters and calls
  make (an item of a list counts as 8, the bytes it takes); sizes known
  beforehand (`"x" * n`, a width in a format) are refused before the work;
- memory, where the system can limit it (POSIX): MEMORY more than the process
  had when the render started, so that one operation asking for gigabytes
  (`range(99999)|join("x" * 99999)`) fails at once with MemoryError;
- range() and the size arguments of filters (center, indent, batch, slice):
  RANGE; integers made by `*` and `**`: INT_BITS bits.

A template that goes past a limit raises Limit, which render.py reports as a
template error. Preparing a template (docxtpl's regexes and Jinja's compiler,
which a hostile template can keep busy for hours) is limited otherwise: it runs
in a separate process that is stopped after SECONDS and MEMORY (docgen.render.prepare).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import re
import threading
import time

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from docgen.base import cache

SECONDS = 12.0  # per document rendered
PREPARE_SECONDS = 12.0  # for preparing a template, its process's start included: at most 24 s in all
TEXT = 100_000_000  # characters one document's render may make (a list's item counts as 8)
RANGE = 100_000  # items of range(); the size arguments of filters
INT_BITS = 100_000  # integers made by * and ** (Python prints at most 4,300 digits anyway)
MEMORY = 2 * 1024 ** 3  # bytes of address space a render, or a template's preparation, may add (POSIX)

# Part of the compiled templates' names: Jinja's version (docgen's own code is in the key of
# each prepared template, see prepare._code_stamp), so stale bytecode is never reused.
_SETTINGS = f"docgen-sandbox-jinja{jinja2.__version__}"
# Filters docgen adds to every template (names no template can write: they have a space).
_LOOP, _MADE = "docgen loop", "docgen made"
# Filters whose integer arguments are sizes: a width, a number of items.
_SIZED = frozenset({"center", "indent", "batch", "slice"})


class Limit(Exception):
    """A template went past one of the limits; the message says which, in Vietnamese."""


def number(n: int) -> str:
    """Return n written the Vietnamese way (100.000)."""
    return f"{n:,}".replace(",", ".")


class _Budget:
    """What one render may still spend: characters, and time until the deadline."""

    __slots__ = ("deadline", "left", "seconds", "text")

    def __init__(self, seconds: float, text: int):
        self.seconds, self.text = seconds, text
        self.deadline = time.monotonic() + seconds
        self.left = text

    def step(self, text: int = 0) -> None:
        self.left -= text
        if self.left < 0:
            raise Limit(f"mẫu tạo ra quá {number(self.text)} ký tự (vòng lặp lặp lại quá nhiều chữ, "
                        "hoặc phép nhân, nối chuỗi tạo chuỗi quá dài)")
        if time.monotonic() > self.deadline:
            raise Limit(f"mẫu chạy quá {self.seconds:g} giây nên bị dừng (vòng lặp {{% for %}} quá lớn "
                        "hoặc lồng nhau quá nhiều?)")

    def made(self, value) -> None:
        self.step(_size(value))


def _size(value) -> int:
    """Return what value counts against TEXT: its characters, or 8 an item."""
    if isinstance(value, str):
        return len(value)
    return 8 * len(value) if isinstance(value, (list, tuple, dict)) else 0


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("docgen_budget", default=None)


@contextlib.contextmanager
def limited():
    """Run the block (one document's render) within the limits of this module's settings."""
    token = _BUDGET.set(_Budget(SECONDS, TEXT))
    try:
        with _memory_capped():
            yield
    finally:
        _BUDGET.reset(token)


_CAP = threading.Lock()
_capped = 0  # renders running under the cap (threads of one process share it: the first sets it, the last lifts it)
_restore: tuple | None = None


@contextlib.contextmanager
def _memory_capped():
    """Cap the process's address space at MEMORY above what it uses now, for the block (Linux: a
    system without /proc/self/statm or setrlimit goes on without, time and text still limit it)."""
    global _capped, _restore
    with _CAP:
        _capped += 1
        if _capped == 1:
            _restore = cap_memory()
    try:
        yield
    finally:
        with _CAP:
            _capped -= 1
            if _capped == 0 and _restore is not None:
                import resource  # POSIX only

                resource.setrlimit(resource.RLIMIT_AS, _restore)
                _restore = None


def cap_memory() -> tuple | None:
    """Lower the soft limit on this process's address space to MEMORY above its current size; return
    the limits to restore (None if there is nothing to restore: no such limit here, or already lower)."""
    try:
        import resource  # POSIX only

        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = used + MEMORY
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft != resource.RLIM_INFINITY and soft <= cap:
            return None  # already as low
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        return soft, hard
    except (ImportError, OSError, ValueError, AttributeError):
        return None


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:  # Jinja folding constants at compile time: it then leaves them to the render
        raise RuntimeError("a template ran outside sandbox.limited()")
    return budget


# --- checks made before work whose size is known --------------------------------------------

def _count(n) -> None:
    if isinstance(n, int) and not isinstance(n, bool) and n > RANGE:
        raise Limit(f"số {number(n)} quá lớn (tối đa {number(RANGE)})")


def _range(*args):
    """range() for templates: at most RANGE numbers."""
    r = range(*args)
    try:
        n = len(r)
    except OverflowError:
        n = abs(r.stop - r.start) // abs(r.step)
    if n > RANGE:
        raise Limit(f"range() cho {number(n)} số; trong mẫu Word range() chỉ được cho tối đa {number(RANGE)} số")
    return r


_PERCENT_SPEC = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")


def _check_format(fmt: str, args) -> None:
    """Refuse a format whose widths or precisions (or integer arguments) would make a string beyond TEXT."""
    specs = [n for m in _PERCENT_SPEC.finditer(fmt) for n in m.groups() if n]
    specs += [n for m in _BRACE_SPEC.finditer(fmt) for n in re.findall(r"\d+", m.group(1))]
    values = args if isinstance(args, (tuple, list)) else (args,)
    widest = max([int(n) for n in specs] + [v for v in values if isinstance(v, int) and not isinstance(v, bool)],
                 default=0)
    if widest > TEXT:
        raise Limit(f"định dạng chuỗi với độ rộng {number(widest)} (tối đa {number(TEXT)} ký tự)")


def _check_product(left, right, budget: _Budget) -> bool:
    """Refuse a product beyond the limits before computing it; return whether its size was counted."""
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
            budget.step(_size(seq) * max(n, 0))
            return True
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > INT_BITS:
        raise Limit(f"phép nhân cho số nguyên quá lớn (hơn {number(INT_BITS)} bit)")
    return False


def _check_power(base, exponent) -> None:
    if (isinstance(base, int) and isinstance(exponent, int) and exponent > 0
            and abs(base) > 1 and abs(base).bit_length() * exponent > INT_BITS):
        raise Limit(f"phép lũy thừa cho số nguyên quá lớn (hơn {number(INT_BITS)} bit)")


# --- what the environment calls ------------------------------------------------------------

def _printed(value):
    """finalize: count every value a template prints."""
    _budget().step(len(value) if isinstance(value, str) else len(str(value)))
    return value


def _loop(iterable, literal: int):
    """Every {% for %}'s iterable: count each iteration, with the text its body repeats."""
    budget = _budget()
    for item in iterable:
        budget.step(literal)
        yield item


def _made(value):
    """Around every `~`: count the string it made."""
    _budget().made(value)
    return value


def _guarded(name: str, func):
    """Return filter func counting what it makes, its size arguments checked first."""
    @functools.wraps(func)  # keeps jinja_pass_arg: Jinja passes the context/environment as before
    def guarded(*args, **kwargs):
        budget = _budget()
        if name in _SIZED:
            for value in (*args[1:], *kwargs.values()):
                _count(value)
        elif name == "format" and args and isinstance(args[0], str):
            _check_format(args[0], args[1:])
        elif name == "sum" and not isinstance(kwargs.get("start", args[3] if len(args) > 3 else 0), (int, float)):
            # lists added one to the next: time growing with the square of their number, in one C call
            raise Limit("bộ lọc sum chỉ dùng để cộng các số (start phải là một số)")
        result = func(*args, **kwargs)
        budget.made(result)
        return result

    return guarded


def _literal(body: list) -> int:
    """Return the length of the text a loop body outputs at each iteration (every branch counted;
    nested loops, macros and call blocks count their own)."""
    total = 0
    for node in body:
        if isinstance(node, (nodes.For, nodes.Macro, nodes.CallBlock)):
            continue
        if isinstance(node, nodes.TemplateData):
            total += len(node.data)
        total += _literal(list(node.iter_child_nodes()))
    return total


class _Guards(NodeTransformer):
    """Wrap every loop's iterable and every `~` in the filters that count them."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _LOOP, [nodes.Const(_literal(node.body))], [], None, None,
                                 lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        return nodes.Filter(node, _MADE, [], [], None, None, lineno=node.lineno)


class Environment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, escaping, strict, with every repetition and size counted."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **kwargs):
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_printed, **kwargs)
        self.globals["range"] = _range
        del self.globals["lipsum"]  # lorem ipsum has no place in a plan, and lipsum(10**6) runs for minutes
        # textwrap is quadratic on a long word: one call on 2 million characters ran 67 s, past any budget
        # checked between calls; a plan's template has no use for it
        self.filters.pop("wordwrap", None)
        self.filters = {name: _guarded(name, f) for name, f in self.filters.items()}
        self.filters[_LOOP], self.filters[_MADE] = _loop, _made

    def _parse(self, source, name, filename):
        tree = _Guards().visit(super()._parse(source, name, filename))
        tree.set_environment(self)
        return tree

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: PYI063 - jinja2's own signature
        budget = _budget()
        budget.step()
        if isinstance(getattr(__obj, "__self__", None), str):  # "x".ljust(10**9)
            for value in (*args, *kwargs.values()):
                if isinstance(value, int) and value > TEXT:
                    raise Limit(f"số {number(value)} quá lớn cho một chuỗi (tối đa {number(TEXT)} ký tự)")
        result = super().call(__context, __obj, *args, **kwargs)
        budget.made(result)
        return result

    def call_binop(self, context, operator, left, right):
        budget = _budget()
        counted = False
        if operator == "*":
            counted = _check_product(left, right, budget)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right)
        result = self.binop_table[operator](left, right)
        if not counted:
            budget.made(result)
        return result

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is not None:
            fmt = value.__self__

            @functools.wraps(wrapper)
            def checked(*args, **kwargs):
                _check_format(fmt, (*args, *kwargs.values()))
                return wrapper(*args, **kwargs)

            return checked
        return wrapper


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's on-disk bytecode cache, which must never make a render fail."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
            if bucket.code is not None:
                os.utime(self._get_cache_filename(bucket))  # last used: what cache.prune() goes by
        except Exception:  # noqa: BLE001 - a damaged entry (cut short, garbage): compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


_ENVIRONMENT: Environment | None = None


def environment() -> Environment:
    """Return the process's Jinja environment (compiled templates are reused, and kept in the cache)."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        folder = cache.directory()
        _ENVIRONMENT = Environment(loader=jinja2.DictLoader({}), cache_size=-1,
                                   bytecode_cache=_BytecodeCache(str(folder)) if folder else None)
    return _ENVIRONMENT


def _full(key: str, part: str) -> str:
    return f"{_SETTINGS}/{key}/{part}"


def compile_part(key: str, part: str, source: str):
    """Return the compiled code of one part of the template key (TemplateSyntaxError if it does not compile)."""
    return environment().compile(source, _full(key, part))


def keep(key: str, sources: dict[str, str], codes: dict) -> None:
    """Keep the compiled code of every part in the bytecode cache (once all of them compiled)."""
    env = environment()
    if env.bytecode_cache is not None:
        for part, code in codes.items():
            bucket = env.bytecode_cache.get_bucket(env, _full(key, part), None, sources[part])
            bucket.code = code
            env.bytecode_cache.set_bucket(bucket)


def template(key: str, part: str, source: str) -> jinja2.Template:
    """Return the compiled template of one part (from memory, the bytecode cache, or compiled now)."""
    env = environment()
    full = _full(key, part)
    env.loader.mapping.setdefault(full, source)
    return env.get_template(full)


# --- what went wrong, for a person ----------------------------------------------------------

def line_of(exc: BaseException) -> int | None:
    """Return the line of the template where exc was raised (or that does not parse), if known."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.lineno
    import traceback  # only for a template that failed: off the render path

    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == "<template>"]
    return lines[-1] if lines else None


def snippet(source: str, line: int | None, width: int = 60) -> str:
    """Return the text of the template's line (one Word paragraph a line), without XML tags, shortened."""
    lines = source.split("\n")
    if line is None or not 0 < line <= len(lines):
        return ""
    text = " ".join(re.sub(r"<[^>]*>", " ", lines[line - 1]).split())
    return text if len(text) <= width else text[: width - 1] + "…"


_PYTHON_ERRORS = (
    (ZeroDivisionError, "phép chia cho 0"),
    (RecursionError, "macro hay vòng lặp gọi lại chính nó quá nhiều tầng"),
    (MemoryError, "một phép tính cần quá nhiều bộ nhớ (docgen cho mẫu dùng thêm tối đa 2 GB)"),
    (OverflowError, "một phép tính cho số quá lớn"),
    ((TypeError, ValueError, ArithmeticError), "một phép tính hay bộ lọc dùng giá trị sai kiểu"),
    ((LookupError, AttributeError), "dùng một phần tử hay thuộc tính không có"),
)


def explain(exc: BaseException) -> str:
    """Return what exc, raised by a template, means for the person who wrote it, in Vietnamese."""
    if isinstance(exc, Limit):
        return str(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"thẻ {{{{ }}}} hay {{% %}} sai cú pháp ({exc.message})"
    if isinstance(exc, jinja2.UndefinedError):
        return f"dùng một biến không có trong kế hoạch ({exc.message})"
    if isinstance(exc, SecurityError):
        return f"mẫu dùng thao tác không được phép trong mẫu Word ({exc}); mẫu chỉ được đọc nội dung kế hoạch"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"mẫu Word không dùng được {{% include %}}, {{% import %}}, {{% extends %}} (không có mẫu «{exc.name}»)"
    if isinstance(exc, jinja2.TemplateError):
        return f"lỗi khi chạy mẫu ({exc})"
    for kinds, meaning in _PYTHON_ERRORS:
        if isinstance(exc, kinds):
            return f"{meaning} ({type(exc).__name__}: {exc})"
    return f"lỗi khi chạy mẫu ({type(exc).__name__}: {exc})"
