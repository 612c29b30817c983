"""A user's Word template that is damaged, hostile or runs away is a template error (exit 2),
within limits: never «lỗi nội bộ», never a hang, nothing written, nothing cached.

Each hostile template is the default template with one edit, rendered through the real
command line in a fresh process. Runaways run with docgen.render.sandbox.SECONDS patched down
to a second in that process, so that each test waits one second, not fifteen.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from docgen.render.template import TEMPLATE
from tests.conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow  # a new template is prepared in a process of its own, with limits

MAIN = "word/document.xml"
INTERNAL = "lỗi nội bộ"


def template_with(tmp_path: Path, jinja: str | None = None, *, last: str | None = None, parts: dict | None = None,
                  name: str = "mau.docx", stored: tuple[str, ...] = ()) -> Path:
    """Write a copy of the default template: `{{ mo_dau }}` replaced by jinja and a last paragraph
    holding last (as Word stores text: escaped), parts replaced (bytes) or removed (None), some
    members stored uncompressed."""
    parts = dict(parts or {})
    out = tmp_path / name
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = parts.pop(item.filename, src.read(item))
            if data is None:
                continue
            if jinja is not None and item.filename == MAIN:
                text = data.decode("utf-8")
                assert "{{ mo_dau }}" in text
                data = text.replace("{{ mo_dau }}", escape(jinja), 1).encode("utf-8")
            if last is not None and item.filename == MAIN:
                head, sep, tail = data.decode("utf-8").rpartition("<w:sectPr")
                data = f"{head}<w:p><w:r><w:t>{escape(last)}</w:t></w:r></w:p>{sep}{tail}".encode()
            method = zipfile.ZIP_STORED if item.filename in stored else zipfile.ZIP_DEFLATED
            dst.writestr(zipfile.ZipInfo(item.filename, item.date_time), data, compress_type=method)
        for name_, data in parts.items():  # parts the template did not have
            method = zipfile.ZIP_STORED if name_ in stored else zipfile.ZIP_DEFLATED
            dst.writestr(zipfile.ZipInfo(name_), data, compress_type=method)
    return out


def render(template: Path, out: Path, seconds: float | None = None, cache: Path | None = None,
           prepare_seconds: float | None = None) -> subprocess.CompletedProcess:
    """Run `docgen render SAMPLE --template template -o out` in a fresh process, with
    docgen.render.sandbox.SECONDS (render) and PREPARE_SECONDS (preparation) set there if given."""
    code = "import sys\n"
    if seconds is not None:
        code += f"import docgen.render.sandbox\ndocgen.render.sandbox.SECONDS = {seconds}\n"
    if prepare_seconds is not None:  # apart: a loaded machine may take a second to start the process
        code += f"import docgen.render.sandbox\ndocgen.render.sandbox.PREPARE_SECONDS = {prepare_seconds}\n"
    code += "from docgen.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    env = dict(os.environ)
    if cache is not None:
        env["DOCGEN_CACHE_DIR"] = str(cache)
    # timeout: a hang guard for a broken limit, far above the one second the limits are set to
    return subprocess.run([sys.executable, "-c", code, "render", str(SAMPLE), "--template", str(template),
                           "-o", str(out)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=240)


def assert_template_error(result: subprocess.CompletedProcess, template: Path, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    err = result.stderr
    assert INTERNAL not in err and "Traceback" not in err, err
    assert f"mẫu Word {template}" in err, err
    for word in words:
        assert word in err, (word, err)


# --- runaways: stopped by a limit, named as the template's fault -------------------------------------

RUNAWAYS = {
    # the issue's own examples
    "range-too-big": ("{% for i in range(100000000) %}{% endfor %}", "range()"),
    "nested-loops": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "giây"),
    # loops over what a template can make or the plan holds
    "loop-over-huge-string": ('{% for c in "x" * 90000000 %}{% endfor %}', "giây"),
    "loops-over-plan-data": ("{% for a in than %}{% for b in than %}{% for c in than %}{% for d in than %}"
                             "{% endfor %}{% endfor %}{% endfor %}{% endfor %}", "giây"),
    "loop-namespace": ("{% set ns = namespace(n=0) %}{% for i in range(99999) %}{% for j in range(99999) %}"
                       "{% set ns.n = j %}{% endfor %}{% endfor %}", "giây"),
    "recursive-loop": ("{% for i in [1, 2] recursive %}{{ loop([1, 2]) }}{% endfor %}", "nhiều tầng"),
    "exponential-macro": ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
                          "{{ f(60) }}", "giây"),
    "endless-macro": ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "nhiều tầng"),
    # text that grows
    "string-multiplication": ('{{ "x" * 10000000000 }}', "ký tự"),
    "list-multiplication": ("{{ (range(100000)|list) * 100000 }}", "ký tự"),
    "doubling-in-namespace": ('{% set ns = namespace(s="x") %}{% for i in range(64) %}'
                              "{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "ký tự"),
    "doubling-through-macro": ('{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s }}{% endif %}'
                               '{% endmacro %}{{ d("x", 64) }}', "ký tự"),
    "loop-printing": ('{% for i in range(99999) %}{{ "x" * 99999 }}{% endfor %}', "ký tự"),
    "loop-text-in-a-macro": ("{% macro m() %}{% for i in range(99999) %}{% for j in range(99999) %}"
                             + "x" * 1000 + "{% endfor %}{% endfor %}{% endmacro %}{% set s = m() %}", "ký tự"),
    # sizes asked for in one step
    "center-width": ('{{ "x"|center(1000000000) }}', "100.000"),
    "ljust-width": ('{{ "x".ljust(1000000000) }}', "quá lớn"),
    "percent-width": ('{{ "%0999999999d" % 1 }}', "độ rộng"),
    "format-width": ('{{ "{:>999999999}".format(1) }}', "độ rộng"),
    "format-filter-width": ('{{ "%0999999999d"|format(1) }}', "độ rộng"),
    "huge-power": ("{{ 7 ** 999999999 }}", "lũy thừa"),
    "huge-product": ("{{ (7 ** 20000) * (7 ** 20000) }}", "phép nhân"),
    "quadratic-sum": ("{{ (range(100000)|batch(1)|list)|sum(start=[]) }}", "sum"),
}


LINUX_ONLY = pytest.mark.skipif(sys.platform != "linux", reason="the memory cap needs /proc/self/statm and setrlimit")


@pytest.mark.parametrize("jinja, words", [
    *RUNAWAYS.values(),
    # 10 GB asked for in one call: the memory cap makes it a MemoryError at once (elsewhere it would be allocated)
    pytest.param('{{ range(100000)|join("x" * 100000) }}', "bộ nhớ", marks=LINUX_ONLY),
], ids=[*RUNAWAYS.keys(), "join-with-huge-separator"])
def test_a_runaway_template_is_stopped_by_a_limit(jinja, words, tmp_path):
    template = template_with(tmp_path, jinja + "{{ mo_dau }}")
    out = tmp_path / "ra.docx"
    result = render(template, out, seconds=1)
    assert_template_error(result, template, MAIN, "«", words)
    assert not out.exists()


def test_a_template_that_keeps_its_preparation_busy_is_stopped(tmp_path):
    # docxtpl's regular expressions take time growing with the square of the `{{` left unclosed at the
    # end (50 s for 16,000, minutes here)
    template = template_with(tmp_path, last="{{ " * 30_000)
    result = render(template, tmp_path / "ra.docx", prepare_seconds=1, cache=tmp_path / "cache")
    assert_template_error(result, template, "quá 1 giây")
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


# --- errors while the template runs ------------------------------------------------------------------

ERRORS = {
    "division-by-zero": ("{{ 1/0 }}", "chia cho 0"),
    "undefined-name": ("{{ khong_co }}", "khong_co"),
    "wrong-type": ("{{ none|length }}", "sai kiểu"),
    "syntax": ("{{ 1 + }}", "sai cú pháp"),
    "unknown-filter": ("{{ mo_dau|khong_co }}", "khong_co"),
    "unclosed-block": ("{% for x in than %}", "sai cú pháp"),
    "include": ('{% include "khac.docx" %}', "khac.docx"),
    "lipsum-is-gone": ("{{ lipsum(1000000) }}", "lipsum"),
}


@pytest.mark.parametrize("jinja, word", ERRORS.values(), ids=ERRORS.keys())
def test_an_error_in_the_template_names_the_template_the_part_and_the_tag(jinja, word, tmp_path):
    template = template_with(tmp_path, jinja + "{{ mo_dau }}")
    result = render(template, tmp_path / "ra.docx")
    assert_template_error(result, template, MAIN, word)


def test_the_tag_at_fault_is_quoted(tmp_path):
    template = template_with(tmp_path, "{{ 1/0 }}")
    result = render(template, tmp_path / "ra.docx")
    assert_template_error(result, template, "«{{ 1/0 }}")


# --- the sandbox holds ------------------------------------------------------------------------------

ESCAPES = [
    "{{ mo_dau.__class__.__mro__ }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__['os'] }}",
    "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ range.__self__ }}",
    "{% set l = can_cu %}{{ l.append('x') }}{{ l.clear() }}",
    "{{ mo_dau.format.__globals__ }}",
    "{{ '{0.__class__.__mro__}'.format(mo_dau) }}",
]


@pytest.mark.parametrize("jinja", ESCAPES)
def test_a_template_cannot_reach_python_internals_nor_change_the_plan(jinja, tmp_path):
    template = template_with(tmp_path, jinja + "{{ mo_dau }}")
    out = tmp_path / "ra.docx"
    result = render(template, out)
    assert_template_error(result, template, MAIN)
    for leak in ("<class", "<module", "<function", "uid=", "builtins"):
        assert leak not in result.stderr, result.stderr
    assert not out.exists()


# --- damaged templates --------------------------------------------------------------------------------

def corrupted(path: Path, member: str) -> Path:
    """Flip one byte of member's data in the zip at path (stored: a CRC error; deflated: garbage)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + min(5, info.compress_size - 1)] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def _xml_without(part: str, old: bytes, new: bytes) -> bytes:
    with zipfile.ZipFile(TEMPLATE) as z:
        data = z.read(part)
    assert old in data
    return data.replace(old, new, 1)


DAMAGED = {
    "no-package-relationships": (dict(parts={"_rels/.rels": None}), ["_rels/.rels", "thiếu"]),
    "no-content-types": (dict(parts={"[Content_Types].xml": None}), ["[Content_Types].xml"]),
    "broken-styles": (dict(parts={"word/styles.xml": _xml_without("word/styles.xml", b"</w:styles>", b"")}),
                      ["word/styles.xml", "dòng", "cột"]),
    "broken-document": (dict(parts={MAIN: _xml_without(MAIN, b"</w:body>", b"")}), [MAIN, "dòng"]),
    "bogus-encoding": (dict(parts={"word/header1.xml": _xml_without("word/header1.xml", b'encoding="UTF-8"',
                                                                    b'encoding="khong-co"')}), ["word/header1.xml"]),
    "no-body": (dict(parts={MAIN: _xml_without(MAIN, b"<w:body>", b"<w:khac>").replace(b"</w:body>", b"</w:khac>")}),
                [MAIN, "w:body"]),
    "dangling-relationship": (dict(parts={"word/styles.xml": None}), ["word/_rels/document.xml.rels",
                                                                      "word/styles.xml"]),
    "wrong-relationships-root": (dict(parts={"_rels/.rels": b"<Relationships/>"}), ["_rels/.rels"]),
}


@pytest.mark.parametrize("edit, words", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_template_is_named_with_its_part(edit, words, tmp_path):
    template = template_with(tmp_path, **edit)
    out = tmp_path / "ra.docx"
    result = render(template, out)
    assert_template_error(result, template, *words)
    assert not out.exists()


@pytest.mark.parametrize("member, stored, words", [
    (MAIN, True, ["hỏng"]),  # a CRC error, found while looking for a DTD
    (MAIN, False, ["hỏng"]),  # deflated data that does not inflate
    ("word/media/anh.png", True, ["word/media/anh.png", "hỏng"]),  # a part only unzipping reads
], ids=["crc-xml", "deflate-xml", "crc-image"])
def test_a_template_with_a_part_that_does_not_unzip_is_damaged(member, stored, words, tmp_path):
    extra = {"word/media/anh.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4}
    template = corrupted(template_with(tmp_path, parts=extra, stored=(member,) if stored else ()), member)
    result = render(template, tmp_path / "ra.docx")
    assert_template_error(result, template, *words)


def test_a_template_whose_document_inflates_to_a_gigabyte_is_refused_before_it_is_inflated(tmp_path):
    template = tmp_path / "bom.docx"
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == MAIN:
                with dst.open(MAIN, "w", force_zip64=True) as fh:
                    chunk = b" " * (1 << 20)
                    for _ in range(1024):
                        fh.write(chunk)
            else:
                dst.writestr(item, src.read(item))
    assert template.stat().st_size < 5_000_000
    result = render(template, tmp_path / "ra.docx")
    assert_template_error(result, template, MAIN, "bom nén")


# --- nothing written, nothing kept ------------------------------------------------------------------------

@pytest.mark.parametrize("jinja", ["{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                                   "{{ 1/0 }}"], ids=["runaway", "error"])
def test_a_failed_render_leaves_the_previous_output_intact_and_no_temporary_file(jinja, tmp_path):
    folder = tmp_path / "ra"
    folder.mkdir()
    out = folder / "ke-hoach.docx"
    out.write_bytes(b"yesterday's good file")
    template = template_with(tmp_path, jinja + "{{ mo_dau }}")
    result = render(template, out, seconds=1)
    assert_template_error(result, template)
    assert out.read_bytes() == b"yesterday's good file"
    assert [p.name for p in folder.iterdir()] == ["ke-hoach.docx"]


def cached(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and p.name.startswith(("template-", "__jinja2_")))


@pytest.mark.parametrize("edit", [
    dict(jinja="{{ mo_dau }}{{ 1 + }}"),  # the first part compiles, not this one
    dict(parts={"word/header1.xml": _xml_without("word/header1.xml", b"</w:hdr>", b"")}),
    dict(parts={"_rels/.rels": None}),
], ids=["syntax", "broken-part", "missing-part"])
def test_a_failed_preparation_leaves_nothing_in_the_cache(edit, tmp_path):
    cache = tmp_path / "cache"
    template = template_with(tmp_path, **edit)
    result = render(template, tmp_path / "ra.docx", cache=cache)
    assert_template_error(result, template)
    assert cached(cache) == []
    good = template_with(tmp_path, "{{ mo_dau }}", name="tot.docx")
    assert render(good, tmp_path / "ra.docx", cache=cache).returncode == 0
    assert cached(cache), "a good template is cached: the check above can fail"


def test_a_failed_preparation_is_not_kept_in_the_process(tmp_path):
    from docgen.base.errors import TemplateError
    from docgen.render import engine as rendering

    template = template_with(tmp_path, "{{ 1 + }}")
    with pytest.raises(TemplateError):
        rendering.prepared(template)
    assert template.resolve() not in rendering._PREPARED


# --- what normal templates see ----------------------------------------------------------------------------

def test_a_copy_of_the_default_template_renders_the_same_bytes_as_the_default(tmp_path):
    copy = tmp_path / "ban-sao.docx"
    copy.write_bytes(TEMPLATE.read_bytes())
    assert render(copy, tmp_path / "a.docx").returncode == 0
    assert render(TEMPLATE, tmp_path / "b.docx").returncode == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_a_template_may_loop_compute_and_format_within_the_limits(tmp_path):
    jinja = ('{% set ns = namespace(total=0) %}{% for cc in can_cu %}{% set ns.total = ns.total + cc|length %}'
             '{% endfor %}{{ "%d căn cứ, %s ký tự"|format(can_cu|length, ns.total) }} '
             '{{ "{:>5}".format(3) }} {{ (2 ** 10) * 3 }} {{ "ab" * 3 ~ "|" ~ range(3)|join(",") }}')
    template = template_with(tmp_path, jinja + " {{ mo_dau }}")
    out = tmp_path / "ra.docx"
    result = render(template, out)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        text = "".join(etree.fromstring(z.read(MAIN)).itertext())
    assert "8 căn cứ" in text and "    3 3072 ababab|0,1,2" in text


def test_resolving_line_breaks_in_a_users_part_pairs_every_tag_and_keeps_the_xml():
    from docgen.render.docxtpl_adapter import finish

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    benign = ('<w:p w:x="1"/><w:p><w:r><w:t>một\nhai\tba</w:t></w:r><w:r w:y="2"/><w:r><w:t/></w:r></w:p>'
              '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>bốn\nnăm</w:t></w:r></w:p>')
    hostile = benign + "<!--" + "<w:p> <w:r> <w:t>" * 100 + '--><?pi <w:p>?><w:p><w:r><w:t><![CDATA[<w:p>]]></w:t></w:r></w:p>'
    for body in (benign, hostile):
        paired = finish(f"<w:document {w}><w:body>{body}</w:body></w:document>", untrusted=True)
        for tag in ("w:p", "w:r", "w:t"):  # each opening tag has its closing one: resolve_listing stays linear
            assert paired.count(f"<{tag}>") + paired.count(f"<{tag} ") == paired.count(f"</{tag}>"), (tag, paired)
    ours = finish(f"<w:document {w}><w:body>{benign}</w:body></w:document>", untrusted=True)
    theirs = finish(f"<w:document {w}><w:body>{benign}</w:body></w:document>")
    assert "<w:br/>" in ours and "<w:tab/>" in ours
    assert etree.tostring(etree.fromstring(ours), method="c14n") == etree.tostring(etree.fromstring(theirs), method="c14n")
