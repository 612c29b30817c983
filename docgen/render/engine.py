"""Context -> the template's parts rendered by Jinja -> a finished, deterministic .docx.

The template is prepared once (docgen.render.prepare: docxtpl's clean-up of Word's
split tags) and compiled once (Jinja, with its bytecode kept in the cache);
each plan then costs one Jinja render per part, one strict XML parse of the
body to finish it (table grids, drawing ids, rule lengths) and one zip.

Templates run in docgen.render.sandbox, within its limits of time and size. Whatever
goes wrong with a user's template (a tag that does not parse, `{{ 1/0 }}`, a
runaway loop, a part docgen cannot finish) is a TemplateError naming the
template and the part; with docgen's own template, only Jinja's errors are
(anything else there is docgen's fault: an internal error).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from docgen import __version__
from docgen.base import doctypes
from docgen.base.errors import TemplateError, os_reason
from docgen.base.measure import width_pt
from docgen.base.unbreakable import DOCUMENT_NUMBER
from docgen.ooxml import package, tree, untrusted
from docgen.ooxml import wml as ooxml
from docgen.ooxml.formatting import W
from docgen.ooxml.nobreak import keep_hyphens
from docgen.output.write import write_atomic
from docgen.render import context, docxtpl_adapter, sandbox, trace
from docgen.render.prepare import Prepared, prepare
from docgen.render.tables import is_annex
from docgen.render.template import TEMPLATE

if TYPE_CHECKING:
    from docgen.plan.build import Plan

# Rule paragraphs and the text they underline, with the line's length as a share
# of the text's width: 1/3-1/2 under the agency and the trích yếu (we take 0.4),
# the full width under the Tiêu ngữ (PL I, II.3 and II.5).
RULES = {
    "KHGachCoQuan": ("KHCoQuan", 0.4),
    "KHGachTieuNgu": ("KHTieuNgu", 1.0),
    "KHGachTrichYeu": ("KHTrichYeu", 0.4),
}
# The style of an annex's first paragraph ("Phụ lục I"): where each annex's section starts.
ANNEX_START = "KHPhuLuc"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
_PROPERTY_PARTS = {  # relationship type -> the id, part and content type docgen gives it if the template has none
    _CORE: ("rIdDocgenCore", "docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    _APP: ("rIdDocgenApp", "docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
}


_PREPARED: dict[Path, tuple[tuple[int, int], Prepared]] = {}


def prepared(template: Path) -> Prepared:
    """Return the prepared template at path: prepared once per process, and again if the file changed
    (a batch outlives an edit of the template). A user's template is read within docgen.ooxml.untrusted's
    limits; TemplateError naming it if it cannot be used."""
    path = Path(template).resolve()
    try:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = None  # untrusted.read says why
    if stamp is None or path not in _PREPARED or _PREPARED[path][0] != stamp:
        trusted = path == TEMPLATE.resolve()
        if trusted:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise TemplateError(f"không đọc được mẫu Word {template}: {os_reason(exc)}.") from None
        else:
            data = untrusted.read(path, error=TemplateError, what="mẫu Word")
        _PREPARED[path] = (stamp, prepare(data, str(template), trusted))
    return _PREPARED[path][1]


def warm(template: Path) -> None:
    """Prepare and compile template now (a batch does it once, before its workers start)."""
    prep = prepared(template)
    for name in prep.sources:
        sandbox.template(prep.key, name, prep.sources[name])


def render_parts(prep: Prepared, values: dict, template: Path) -> dict[str, tree.Element]:
    """Return each rendered part of prep, parsed, as docxtpl would leave it (tables' grids
    widened, drawing ids renumbered); TemplateError naming template and part if it fails.
    The whole document renders within one budget of docgen.render.sandbox's limits."""
    out = {}
    with sandbox.limited():
        for name, source in prep.sources.items():
            try:
                xml = sandbox.template(prep.key, name, source).render(values)
            except Exception as exc:
                if prep.trusted and not isinstance(exc, (jinja2.TemplateError, sandbox.Limit)):
                    raise
                where = sandbox.snippet(source, sandbox.line_of(exc))
                raise TemplateError(f"mẫu Word {template}, phần {name}" + (f", ở «{where}»" if where else "")
                                    + f": {sandbox.explain(exc)}. Hãy sửa chỗ đó trong mẫu.") from None
            try:
                xml = docxtpl_adapter.finish(xml, untrusted=not prep.trusted)
                root = tree.parse(xml)
                if name == prep.main:
                    root = _fix_tables(root, xml)
                    ooxml.renumber_drawings(root)
            except tree.XMLSyntaxError as exc:
                raise TemplateError(f"mẫu Word {template}, phần {name}: sau khi điền nội dung không còn là XML "
                                    f"đúng ({exc.msg}); hãy xem lại các thẻ {{%p %}}, {{%tr %}} trong mẫu, "
                                    "mỗi thẻ phải nằm trọn trong một đoạn, một hàng của bảng.") from None
            except Exception as exc:  # noqa: BLE001 - see _unfinished
                raise _unfinished(prep, template, name, exc) from None
            out[name] = root
    return out


def _unfinished(prep: Prepared, template: Path, part: str, exc: Exception) -> Exception:
    """Return the error for finishing a rendered part that failed: docgen's own fault with its own
    template (exc itself), the template's with a user's (a part missing what Word always writes)."""
    if prep.trusted:
        return exc
    return TemplateError(f"mẫu Word {template}, phần {part}: docgen không hoàn thiện được văn bản từ phần "
                         f"này ({type(exc).__name__}: {exc}); phần này (hoặc kiểu chữ, khổ giấy của mẫu) thiếu "
                         "hay sai những gì Word vẫn ghi. Hãy so với templates/ke-hoach.docx, hoặc mở mẫu bằng "
                         "Word và lưu lại.")


def render(plan: Plan, template: Path) -> bytes:
    """Return the finished .docx of plan, rendered through template."""
    parts, main, document = rendered(plan, template)
    if main is not None:
        parts[main] = tree.serialize(document)
    return package.write(parts)


def rendered(plan: Plan, template: Path) -> tuple[dict[str, bytes], str | None, tree.Element | None]:
    """Return the finished parts of plan's .docx, the name of its document part and that part as
    a tree, not yet written: its entry in parts is empty until the caller writes the tree (one
    that goes on working on it, `diff --docx`, neither writes nor parses it again)."""
    prep = prepared(template)
    parts = dict(prep.parts)
    values = context.build(plan)
    _prints_kind(prep, values, template)
    main = None
    for name, root in render_parts(prep, values, template).items():
        try:
            if name == prep.main:
                size_rules(root, prep)
                # document numbers never break at their hyphens (nor in a table cell: a line may break
                # there even when the column could hold the number)
                keep_hyphens(root, DOCUMENT_NUMBER)
                ooxml.place_annex_sections(root, [annex["ngang"] for annex in values["phu_luc"]], ANNEX_START)
                main = root
        except Exception as exc:  # noqa: BLE001 - see _unfinished
            raise _unfinished(prep, template, f"{name} (và word/styles.xml)", exc) from None
        parts[name] = b"" if root is main else tree.serialize(root)
    try:
        _set_properties(parts, context.properties(plan.model))
        if main is not None:
            trace.add(parts, plan, main)  # where the text quotes the annexes, for `docgen check`
    except Exception as exc:  # noqa: BLE001 - see _unfinished
        raise _unfinished(prep, template, f"_rels/.rels, {package.CONTENT_TYPES}", exc) from None
    return parts, (prep.main if main is not None else None), main


def _prints_kind(prep: Prepared, values: dict, template: Path) -> None:
    """Refuse a template made before docgen printed other kinds than a Kế hoạch (its title typed in,
    no «Kính gửi» block) when it would print a Báo cáo wrong; a Kế hoạch renders as before."""
    source = "".join(prep.sources.values())
    missing = [name for name, unused in (("ten_loai", doctypes.KINDS[doctypes.DEFAULT].title), ("kinh_gui_mot", ""),
                                         ("kinh_gui", [])) if values[name] != unused and name not in source]
    if missing:
        raise TemplateError(f"mẫu Word {template} không in được {values['ten_loai'].lower()} này: mẫu thiếu chỗ "
                            f"{', '.join('{{ ' + m + ' }}' for m in missing)} (mẫu làm trước khi docgen in báo cáo). "
                            "Lấy mẫu mới bằng `docgen template -o MAU.docx` rồi sửa kiểu chữ trong đó.")


def _fix_tables(root, xml: str):
    """Let docxtpl widen a table's grid where a row outgrew it (only then: it reparses)."""
    if ooxml.grid_outgrown(root, skip=is_annex):  # docgen's annex tables span their grid row by row
        return docxtpl_adapter.fix_tables(xml)
    return root


def size_rules(root, prep: Prepared) -> None:
    """Give each rule paragraph the length Decree 30 asks for, measured from the text above it."""
    resolver = prep.resolver
    rules = [ps.getparent().getparent() for ps in _outside_annexes(root, f"{W}pStyle") if ps.get(f"{W}val") in RULES]
    for p in rules:
        if p.tag != f"{W}p":
            continue
        source, share = RULES[ooxml.style_id(p)]
        above = []
        for prev in p.itersiblings(f"{W}p", preceding=True):
            if ooxml.style_id(prev) != source:
                break
            above.append(prev)
        widths = [w for a in above for w in _line_widths(a, resolver)]
        if not widths:
            continue
        available = ooxml.available_width_pt(p)
        text = min(max(widths), available)
        margin = (available - text * share) / 2
        ooxml.set_indent(p, margin, margin)


def _outside_annexes(root, tag: str):
    """Yield root's elements of tag in document order, but for those inside an annex table docgen
    wrote (only its own table styles there: a big one has tens of thousands of paragraphs)."""
    body = root.find(f"{W}body")
    for child in (root if body is not None else [root]):
        if child is not body:
            yield from child.iter(tag)
            continue
        for block in body:
            if block.tag != f"{W}tbl" or not is_annex(block):
                yield from block.iter(tag)


def _line_widths(p, resolver) -> list[float]:
    """Return the width of each run of p, in points; of each line where p breaks its lines itself
    (w:br: a title docgen balanced, docgen.render.lines), measured in its first run's format."""
    runs = resolver.runs(p)
    if p.find(f".//{W}br") is None or not runs:
        return [width_pt(text, f.size, f.bold) for text, f in runs]
    f = runs[0][1]
    text = "".join(el.text or "" if el.tag == f"{W}t" else "\n" for el in p.iter(f"{W}t", f"{W}br"))
    return [width_pt(line, f.size, f.bold) for line in text.split("\n")]


def _escape(text: str) -> str:
    """Return text safe inside an XML element (xml.sax.saxutils would import urllib, ~30 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _core_xml(props: dict) -> bytes:
    """Return docProps/core.xml with what the plan knows: title, author (the issuing agency), language,
    and as created/modified the issue date (left out in a draft, which has none)."""
    title, author = _escape(props["title"]), _escape(props["author"])
    dates = "".join(f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{props[name].isoformat()}</dcterms:{name}>'
                    for name in ("created", "modified") if props.get(name))
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:revision>1</cp:revision>"
        f"{dates}<dc:language>vi-VN</dc:language></cp:coreProperties>"
    ).encode()


def _app_xml() -> bytes:
    """Return docProps/app.xml naming docgen as the program that wrote the file, its version in the
    XX.YYYY form the standard asks for (0.1.0 -> 00.0100); no statistics (Word counts pages itself)."""
    major, minor, patch = (int(n) for n in (__version__.split(".") + ["0", "0"])[:3])
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>docgen</Application><AppVersion>{major:02d}.{minor:02d}{patch:02d}</AppVersion></Properties>"
    ).encode()


def _set_properties(parts: dict[str, bytes], props: dict) -> None:
    """Replace the template's document properties (core and extended) with the document's own,
    adding the parts if the template has none."""
    rels = tree.relationships(parts["_rels/.rels"])
    for kind, xml in ((_CORE, _core_xml(props)), (_APP, _app_xml())):
        rel = next((r for r in rels if r.get("Type") == kind), None)
        if rel is None:
            rid, target, content_type = _PROPERTY_PARTS[kind]
            tree.add_relationship(parts, rid, kind, target, content_type)
            parts[target] = xml
        else:
            parts[rel.get("Target").lstrip("/")] = xml


def render_file(plan: Plan, out: Path, template: Path = TEMPLATE) -> None:
    """Render plan into out, atomically: the previous file stays intact on any failure."""
    write_atomic(out, render(plan, template))


def check_template(path: Path) -> Path:
    """Return path if it is a Word template docgen can use: read within the limits on files from
    elsewhere, every part sound, every tag compiled (prepared, which keeps it for the
    render); TemplateError otherwise, before any plan is read."""
    if Path(path).is_file() and not zipfile.is_zipfile(path):  # (reads only the zip's end record)
        raise TemplateError(f"mẫu Word {path} không phải là tệp .docx (hãy lưu mẫu bằng Word, dạng «Word Document»)")
    prepared(path)  # reads it within docgen.ooxml.untrusted's limits, checks every part
    return path
