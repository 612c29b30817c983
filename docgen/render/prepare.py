"""A Word template made ready for Jinja, once per template (and kept in the cache).

Word splits a `{{ tag }}` over several runs as it likes; docxtpl puts the tags
together again and turns its own `{%tr %}`/`{%p %}`… tags into Jinja (through
docgen.render.docxtpl_adapter), and Jinja compiles each part. That work depends on the
template and on the code that does it alone, so it is done once, kept in
docgen's cache folder under a hash of both, and docxtpl is not even imported
when the cache has it.

A template is cached only once all of it passed: every part unzips, every XML
part parses, the package has its content types and relationships, every part
compiles. A user's template is prepared in a separate process, stopped after
sandbox.PREPARE_SECONDS (and sandbox.MEMORY where the system can limit memory): the time
docxtpl's regular expressions and Jinja's compiler take grows with the square of
what a hostile template holds (50 KB of unclosed `{{` keep docxtpl busy 30 s)
and no signal interrupts a regular expression. docgen's own template is
prepared in this process.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import jinja2

from docgen.base import cache
from docgen.base.errors import DocgenError, TemplateError
from docgen.ooxml import package, tree
from docgen.ooxml.formatting import Resolver, W
from docgen.render import docxtpl_adapter, sandbox

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# The parts docxtpl renders: the body, headers, footers and footnotes.
RENDERED = tuple(_WML + kind for kind in ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml"))
MAIN = _WML + "document.main+xml"
THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
STYLES = _WML + "styles+xml"
RELATIONSHIPS = "_rels/.rels"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_ENCODING = re.compile(r'<\?xml[^?]+\bencoding="([^"]+)"', re.IGNORECASE)
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_RESAVE = "hãy mở mẫu bằng Word, lưu lại (File → Save As, dạng «Word Document») rồi thử lại"


@dataclass(frozen=True)
class Prepared:
    """A template ready to render: its parts, and the Jinja source of each part to render."""

    key: str  # hash of the template's bytes (and of what prepared it)
    parts: dict[str, bytes]
    sources: dict[str, str]  # part name -> Jinja source (docxtpl-patched XML)
    main: str  # the document part's name
    trusted: bool = False  # docgen's own template: whatever fails with it is docgen's fault
    _resolver: list = field(default_factory=list, compare=False, repr=False)

    @property
    def resolver(self) -> Resolver:
        """Return the formatting resolver of the template's styles (built once)."""
        if not self._resolver:
            types = tree.content_types(self.parts)
            styles = next((name for name, t in types.items() if t == STYLES), None)
            theme = next((name for name, t in types.items() if t == THEME), None)
            root = tree.parse(self.parts[styles]) if styles in self.parts else None
            self._resolver.append(Resolver(root, self.parts.get(theme) if theme else None))
        return self._resolver[0]


def _code_stamp() -> bytes:
    """Return what identifies the code that prepares templates: this module, the adapter, the sandbox
    and docxtpl itself, so that an upgrade or a local edit never serves a stale preparation."""
    here = Path(__file__).resolve().parent
    own = b"".join((here / name).read_bytes() for name in ("prepare.py", "docxtpl_adapter.py", "sandbox.py"))
    return own + docxtpl_adapter.stamp().encode()


def prepare(data: bytes, name: str, trusted: bool = False) -> Prepared:
    """Return the prepared template of the .docx bytes data (from the cache when it is there);
    TemplateError, naming the template name, if it cannot be used. trusted: docgen's own template."""
    key = hashlib.sha256(data + _code_stamp()).hexdigest()
    parts = _unzip(data, name)
    names, main = _rendered(parts, name)
    cached = cache.read_json(f"template-{key}.json")
    if isinstance(cached, dict) and sorted(cached) == sorted(names) and all(isinstance(v, str) for v in cached.values()):
        sources = cached
    else:
        sources = _prepared_sources(parts, names, main, key, name) if trusted else _isolated(data, key, name)
        cache.write_json(f"template-{key}.json", sources)
    return Prepared(key, parts, sources, main, trusted)


def _unzip(data: bytes, name: str) -> dict[str, bytes]:
    """Return the parts of the template; TemplateError naming the part that does not unzip."""
    try:
        return package.read(data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError):  # RuntimeError: an encrypted part
        pass
    damaged = "?"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for item in z.infolist():
                try:
                    z.read(item)
                except Exception:  # noqa: BLE001 - whatever zipfile raises, this part is the damaged one
                    damaged = item.filename
                    break
    except Exception:  # noqa: BLE001 - not even a directory to read
        raise TemplateError(f"mẫu Word {name} không phải là tệp Word (.docx) đọc được; {_RESAVE}") from None
    raise TemplateError(f"mẫu Word {name} bị hỏng: phần {damaged} không giải nén được (dữ liệu sai, "
                        f"tệp bị cắt hay có mật khẩu); {_RESAVE}")


def _xml(parts: dict[str, bytes], part: str, name: str):
    """Return the parsed XML part; TemplateError with its line and column if it does not parse."""
    try:
        return tree.parse(parts[part])
    except tree.XMLSyntaxError as exc:
        line, column = exc.position
        raise TemplateError(f"mẫu Word {name}: phần {part} không phải XML đúng (dòng {line}, cột {column}: "
                            f"{exc.msg}); {_RESAVE}") from None


def _rendered(parts: dict[str, bytes], name: str) -> tuple[list[str], str]:
    """Return the names of the parts Jinja renders and the main one's, from the content types."""
    if package.CONTENT_TYPES not in parts:
        raise TemplateError(f"mẫu Word {name} thiếu phần {package.CONTENT_TYPES} (danh mục kiểu của các phần); {_RESAVE}")
    _xml(parts, package.CONTENT_TYPES, name)
    types = tree.content_types(parts)
    names = [part for part, kind in types.items() if kind in RENDERED and part in parts]
    main = next((part for part in names if types[part] == MAIN), None)
    if main is None:
        raise TemplateError(f"mẫu Word {name} không có phần văn bản chính (word/document.xml, kiểu "
                            f"{MAIN}); {_RESAVE}")
    return names, main


def _check(parts: dict[str, bytes], main: str, name: str) -> None:
    """TemplateError unless every XML part parses, the package's relationships are there and the
    main part has a body with its page setup."""
    for part in parts:
        if part.endswith((".xml", ".rels")) or part == main:  # the main part whatever its name
            _xml(parts, part, name)
    if RELATIONSHIPS not in parts:
        raise TemplateError(f"mẫu Word {name} thiếu phần {RELATIONSHIPS} (danh mục các phần của tệp); {_RESAVE}")
    for part, root_tag, namespace in ((RELATIONSHIPS, "Relationships", _PR), (package.CONTENT_TYPES, "Types", _CT[1:-1])):
        tag, default = tree.root_name(parts[part])
        if tag != f"{{{namespace}}}{root_tag}" or default != namespace:
            raise TemplateError(f"mẫu Word {name}: phần {part} không phải phần Word ghi (phần tử gốc {tag}); {_RESAVE}")
    if any(not r.get("Target") for r in tree.relationships(parts[RELATIONSHIPS])):
        raise TemplateError(f"mẫu Word {name}: phần {RELATIONSHIPS} có quan hệ không có đích (Target); {_RESAVE}")
    for part in parts:
        if part.endswith(".rels"):
            for target in _missing_targets(parts, part):
                raise TemplateError(f"mẫu Word {name}: phần {part} trỏ tới phần {target} không có trong tệp; {_RESAVE}")
    body = tree.parse(parts[main]).find(f"{W}body")
    if body is None or body.find(f"{W}sectPr") is None:
        raise TemplateError(f"mẫu Word {name}: phần {main} không có thân văn bản (w:body) với khổ giấy, lề "
                            f"(w:sectPr) như Word vẫn ghi; {_RESAVE}")


def _missing_targets(parts: dict[str, bytes], rels: str) -> list[str]:
    """Return the parts the relationships part rels names inside the package that are not there."""
    folder = posixpath.dirname(posixpath.dirname(rels))  # word/_rels/document.xml.rels -> word
    missing = []
    for r in tree.relationships(parts[rels]):
        target = unquote(r.get("Target", ""))
        if r.get("TargetMode") == "External" or not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if part not in parts:
            missing.append(part)
    return missing


def _patch(parts: dict[str, bytes], part: str, name: str) -> str:
    """Return the Jinja source of one part."""
    data = parts[part]
    encoding = _encoding(data)
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise TemplateError(f"mẫu Word {name}: phần {part} không đọc được theo bảng mã {encoding} "
                            f"mà nó khai báo; {_RESAVE}") from None
    # Without its declaration: the rendered part gets a fresh one when it is written.
    return docxtpl_adapter.patch(_DECLARATION.sub("", text, count=1))


def _encoding(data: bytes) -> str:
    m = _ENCODING.match(data[:200].decode("ascii", "replace"))
    return m.group(1) if m else "utf-8"


def _prepared_sources(parts: dict[str, bytes], names: list[str], main: str, key: str, name: str) -> dict[str, str]:
    """Return the Jinja source of each part named, once the template passed every check and every
    source compiled (the compiled code is then kept too)."""
    _check(parts, main, name)
    sources = {part: _patch(parts, part, name) for part in names}
    codes = {}
    for part, source in sources.items():
        try:
            codes[part] = sandbox.compile_part(key, part, source)
        except (jinja2.TemplateSyntaxError, SyntaxError, RecursionError, MemoryError) as exc:
            line = getattr(exc, "lineno", None) if not isinstance(exc, SyntaxError) else None
            where = sandbox.snippet(source, line)
            problem = sandbox.explain(exc) if isinstance(exc, jinja2.TemplateError) else (
                f"các thẻ {{% %}} lồng nhau quá sâu hoặc mẫu quá lớn để biên dịch ({type(exc).__name__})")
            raise TemplateError(f"mẫu Word {name}, phần {part}" + (f", ở «{where}»" if where else "")
                                + f": {problem}. Hãy sửa thẻ đó trong mẫu.") from None
    sandbox.keep(key, sources, codes)
    return sources


def _isolated(data: bytes, key: str, name: str) -> dict[str, str]:
    """Return the sources of a user's template prepared by serve() in a process of its own, stopped
    after sandbox.PREPARE_SECONDS; the checks' TemplateError as it raised it."""
    if not sys.executable:  # an embedded interpreter: no second process to start
        parts = _unzip(data, name)
        return _prepared_sources(parts, *_rendered(parts, name), key, name)
    import subprocess  # heavy: subprocess (~5 ms), only for a user's template not yet in the cache

    root = str(Path(__file__).resolve().parents[2])  # the docgen that runs this one, wherever it is
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
    command = [sys.executable, "-c", "from docgen.render.prepare import serve; serve()", key, name, str(sandbox.MEMORY)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=sandbox.PREPARE_SECONDS, env=env)
    except subprocess.TimeoutExpired:
        raise TemplateError(f"mẫu Word {name}: chuẩn bị mẫu (gom các thẻ {{{{ }}}}, {{% %}} và biên dịch) quá "
                            f"{sandbox.PREPARE_SECONDS:g} giây nên bị dừng; mẫu quá lớn, hoặc có nhiều thẻ "
                            "{{ hay {% không đóng. Hãy sửa các thẻ đó trong mẫu.") from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and isinstance(answer.get("sources"), dict):
        return answer["sources"]
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        raise TemplateError(answer["error"])
    detail = done.stderr.decode("utf-8", "replace").strip()
    if "MemoryError" in detail or done.returncode < 0:
        raise TemplateError(f"mẫu Word {name}: chuẩn bị mẫu cần quá nhiều bộ nhớ (giới hạn "
                            f"{sandbox.MEMORY // 1024 ** 2} MB) nên bị dừng; mẫu quá lớn hoặc quá phức tạp")
    raise RuntimeError(f"preparing {name} failed in its process (exit {done.returncode}): {detail[-2000:]}")


def serve() -> None:
    """Prepare the template on stdin (argv: key, name, sandbox.MEMORY) and answer on stdout as JSON:
    {"sources": …} or {"error": message}. What _isolated runs in a process of its own."""
    import signal  # only in the process that prepares a user's template

    key, name, memory = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if hasattr(signal, "alarm"):  # a parent killed before its timeout fires must not leave this running
        signal.alarm(int(sandbox.PREPARE_SECONDS) + 2)
    sandbox.MEMORY = memory
    sandbox.cap_memory()  # where the system allows it; time limits the process everywhere
    data = sys.stdin.buffer.read()
    try:
        parts = _unzip(data, name)
        answer = {"sources": _prepared_sources(parts, *_rendered(parts, name), key, name)}
    except DocgenError as exc:
        answer = {"error": str(exc)}
    sys.stdout.write(json.dumps(answer))  # ASCII: whatever the console's encoding
