"""The checks behind each rule: every one takes the read document and yields findings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from docgen.base import doctypes, localgov
from docgen.checker.document import Document, Para
from docgen.ooxml.formatting import qn

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
MM = 56.7  # twips per millimetre
SIGNING = re.compile(r"^(TM|KT|Q|TL|TUQ)\. ")


@dataclass(frozen=True)
class Finding:
    rule: str
    where: str
    message: str


_ALIGN = {"left": "trái", "start": "trái", "center": "giữa", "right": "phải", "end": "phải", "both": "đều hai lề",
          "distribute": "đều hai lề"}


def _align(p: Para) -> str:
    return _ALIGN.get(p.format.alignment, p.format.alignment)


def _sizes(p: Para) -> str:
    return ", ".join(f"{s:g}" for s in sorted(p.sizes)) or "?"


# --- page ----------------------------------------------------------------------------


def _length(s, name: str):
    """Return a section's length (python-docx Length) or None: unset, or not a number in a damaged file."""
    try:
        return getattr(s, name)
    except ValueError:
        return None


def page(doc: Document) -> Iterator[Finding]:
    for i, s in enumerate(doc.docx.sections, 1):
        width, height = _length(s, "page_width"), _length(s, "page_height")
        if width is None or height is None:
            yield Finding("ND30.PL1.I.1", f"phần {i}", "không ghi khổ giấy (Word sẽ dùng khổ mặc định của máy in).")
            continue
        where = f"phần {i} (trang {'nằm ngang' if width > height else 'đứng'})"
        w, h = round(width.mm), round(height.mm)
        if sorted((w, h)) != [210, 297]:
            yield Finding("ND30.PL1.I.1", where, f"khổ giấy {w} × {h} mm, không phải A4 (210 × 297 mm).")
        landscape = width > height
        if landscape and not _section_has_table(doc, i):
            yield Finding("ND30.PL1.I.2", where, "trang nằm ngang nhưng không có bảng.")
        if i == 1 and landscape:
            yield Finding("ND30.PL1.I.2", where, "trang đầu văn bản phải là trang đứng.")
        margins = {"trên": (_length(s, "top_margin"), 20, 25), "dưới": (_length(s, "bottom_margin"), 20, 25),
                   "trái": (_length(s, "left_margin"), 30, 35), "phải": (_length(s, "right_margin"), 15, 20)}
        for name, (value, low, high) in margins.items():
            mm = value.mm if value is not None else 0
            if not low - 0.05 <= mm <= high + 0.05:
                yield Finding("ND30.PL1.I.3", where, f"lề {name} {mm:.1f} mm; phải từ {low} đến {high} mm.")


def _section_has_table(doc: Document, section: int) -> bool:
    return any(p.table is not None for p in doc.paragraphs if p.section == section)


def fonts(doc: Document) -> Iterator[Finding]:
    bad: dict[str, Para] = {}
    for p in doc.paragraphs:
        for text, f in p.runs:
            if not text.strip():
                continue
            for slot in ("ascii", "hAnsi"):
                name = f.fonts.get(slot)
                if name != "Times New Roman" and (name or "(mặc định của Word)") not in bad:
                    bad[name or "(mặc định của Word)"] = p
    for name, p in bad.items():
        yield Finding("ND30.PL1.I.4", p.where(), f"chữ dùng phông «{name}», không phải Times New Roman.")
    defaults = doc.docx.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
    missing = [s for s in ("ascii", "hAnsi", "cs", "eastAsia")
               if defaults is None or defaults.get(qn(f"w:{s}")) != "Times New Roman"]
    if missing and not bad:
        yield Finding("ND30.PL1.I.4", "định dạng mặc định của văn bản",
                      f"phông mặc định chưa đặt Times New Roman cho: {', '.join(missing)}.")


def page_numbers(doc: Document) -> Iterator[Finding]:
    sections = doc.docx.sections
    for i, s in enumerate(sections, 1):
        where = f"phần {i}, đầu trang"
        header = s.header
        if _xml(header) is None:
            yield Finding("ND30.PL1.I.7.a", where, "đầu trang trỏ tới một phần không có trong tệp (tệp bị hỏng); "
                                                   "hãy mở bằng Word và lưu lại.")
            continue
        fields = _has_page_field(header)
        if not fields and not header.is_linked_to_previous:
            yield Finding("ND30.PL1.I.7.a", where, "không có số trang (trường PAGE) ở đầu trang.")
            continue
        if fields and header.paragraphs:
            jc = doc.resolver.paragraph(header.paragraphs[0]._p).alignment
            if jc != "center":
                yield Finding("ND30.PL1.I.7.a", where, f"số trang canh {_ALIGN.get(jc, jc)}, phải canh giữa.")
        if i == 1 and (fields or header.is_linked_to_previous):
            if not s.different_first_page_header_footer:
                yield Finding("ND30.PL1.I.7.b", where,
                              "trang 1 hiện số trang; hãy bật «Different First Page» (trang đầu khác).")
            elif _has_page_field(s.first_page_header):
                yield Finding("ND30.PL1.I.7.b", where, "đầu trang của trang 1 có số trang.")
        if i > 1:
            start = s._sectPr.find(qn("w:pgNumType"))
            if start is None or start.get(qn("w:start")) != "1":
                yield Finding("ND30.PL1.III.1.dd", where, "số trang của phụ lục không bắt đầu lại từ 1.")


def _xml(header):
    """Return a header's XML, or None when the file names a header part it does not hold (or one
    that is not a header: python-docx then has a plain part without XML)."""
    try:
        return header._element
    except (KeyError, AttributeError):
        return None


def _has_page_field(header) -> bool:
    el = _xml(header)
    if el is None:
        return False
    return any("PAGE" in (f.get(qn("w:instr")) or "") for f in el.iter(qn("w:fldSimple"))) or \
        any("PAGE" in (t.text or "") for t in el.iter(qn("w:instrText")))


# --- header block -----------------------------------------------------------------------


def national_title(doc: Document) -> Iterator[Finding]:
    qh = doc.find(r"C\w*NG\s+H\w*\s+X\w*\s+H\w*I\s+CH\w*\s+NGH\w*A\s+VI\w*T\s+NAM", within=20, flags=re.IGNORECASE)
    if qh is None:
        yield Finding("ND30.PL1.II.1.a", "trang 1", "không thấy Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM».")
    else:
        if qh.text != QUOC_HIEU:
            yield Finding("ND30.PL1.II.1.a", qh.where(), f"Quốc hiệu ghi «{qh.text}», phải là «{QUOC_HIEU}».")
        if not qh.bold or not qh.sizes <= {12.0, 13.0}:
            yield Finding("ND30.PL1.II.1.a", qh.where(), f"Quốc hiệu phải đậm, cỡ 12–13 (đang: cỡ {_sizes(qh)}"
                                                          f"{', không đậm' if not qh.bold else ''}).")
    tn = doc.find(r"Độc lập.*Tự do.*Hạnh phúc", within=25, flags=re.IGNORECASE)
    if tn is None:
        yield Finding("ND30.PL1.II.1.b", "trang 1", "không thấy Tiêu ngữ «Độc lập - Tự do - Hạnh phúc».")
        return
    if tn.text != TIEU_NGU:
        dashes = sorted({c for c in tn.text if c in "–—‐-"} - {"-"})
        hint = f" (có dấu {' '.join(dashes)} thay cho gạch nối «-»)" if dashes else ""
        yield Finding("ND30.PL1.II.1.b", tn.where(), f"Tiêu ngữ ghi «{tn.text}»{hint}; phải là «{TIEU_NGU}».")
    if not tn.bold or not tn.sizes <= {13.0, 14.0}:
        yield Finding("ND30.PL1.II.1.b", tn.where(), f"Tiêu ngữ phải đậm, cỡ 13–14 (đang: cỡ {_sizes(tn)}"
                                                      f"{', không đậm' if not tn.bold else ''}).")


def _agency_lines(doc: Document) -> list[Para]:
    """Return the agency's lines: the top-left cell of the header table (blank lines typed before it
    do not count)."""
    first = next((p for p in doc.paragraphs if p.table is not None or p.text.strip()), None)
    if first is None or first.table is None:
        return []
    return [p for p in doc.paragraphs if p.table == first.table and p.text and _top_left(p)
            and not p.text.startswith("Số")]


def agency(doc: Document) -> Iterator[Finding]:
    """The agency's lines (a cơ quan chủ quản line may be regular)."""
    lines = _agency_lines(doc)
    for p in lines:
        if p.text != p.text.upper() or not p.sizes <= {12.0, 13.0}:
            yield Finding("ND30.PL1.II.3", p.where(), f"tên cơ quan phải in hoa, cỡ 12–13 (đang: cỡ {_sizes(p)}).")
    if lines and not lines[-1].bold:
        yield Finding("ND30.PL1.II.3", lines[-1].where(), "tên cơ quan ban hành phải in đậm.")


def _top_left(p: Para) -> bool:
    """True for a paragraph in the first cell of the first row of its table."""
    tc = next(p.element.iterancestors(qn("w:tc")), None)
    if tc is None:
        return False
    tr = tc.getparent()
    rows = tr.getparent().findall(qn("w:tr"))
    return tr.findall(qn("w:tc"))[0] is tc and rows[0] is tr


def number(doc: Document) -> Iterator[Finding]:
    p = doc.find(r"^Số\b", within=30)
    if p is None:
        yield Finding("ND30.PL1.II.4.a", "trang 1", "không thấy dòng «Số: …/…».")
        return
    m = re.fullmatch(r"Số: ?(\d+|\s*)/([A-ZĐa-zđ]+)-([A-ZĐ0-9Ủ&]+)", " ".join(p.text.split()))
    if not m:
        yield Finding("ND30.PL1.II.4.a", p.where(),
                      f"ghi «{p.text}»; phải có dạng «Số: 45/KH-UBND» (không có dấu cách quanh «/» và «-»).")
    elif m.group(1).isdigit() and int(m.group(1)) < 10 and len(m.group(1)) < 2:
        yield Finding("ND30.PL1.II.4.a", p.where(), f"số {m.group(1)} nhỏ hơn 10 phải ghi «0{m.group(1)}».")
    found = kind(doc)
    if m and found is not None and m.group(2) != found.prefix:
        yield Finding("ND30.PL1.II.4.a", p.where(), f"ký hiệu «{m.group(2)}-{m.group(3)}» không phải của một "
                                                    f"{found.name.lower()}: phải bắt đầu bằng «{found.prefix}-».")
    if p.sizes and p.sizes != {13.0}:
        yield Finding("ND30.PL1.II.4.a", p.where(), f"dòng «Số:» phải cỡ 13 (đang: {_sizes(p)}).")


def place_date(doc: Document) -> Iterator[Finding]:
    p = doc.find(r", ngày\s*\S*\s*tháng\s*\S*\s*năm", within=30)
    if p is None:
        yield Finding("ND30.PL1.II.4.b", "trang 1", "không thấy dòng địa danh, ngày tháng năm.")
        return
    # a draft leaves the day and month blank: "ngày    tháng    năm 2025"
    m = re.search(r"ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d{4})", p.text)
    if m and m.group(1) and m.group(2):
        day, month = m.group(1), m.group(2)
        if day.isdigit() and len(day) == 1:
            yield Finding("ND30.PL1.II.4.b", p.where(), f"ngày «{day}» phải ghi «0{day}».")
        if month.isdigit():
            if int(month) < 3 and len(month) == 1:
                yield Finding("ND30.PL1.II.4.b", p.where(), f"«tháng {month}» phải ghi «tháng 0{month}».")
            if int(month) >= 3 and month.startswith("0"):
                yield Finding("ND30.PL1.II.4.b", p.where(), f"«tháng {month}» phải ghi «tháng {int(month)}».")
    if not p.italic or not p.sizes <= {13.0, 14.0}:
        yield Finding("ND30.PL1.II.4.b", p.where(), f"dòng địa danh, ngày tháng phải nghiêng, cỡ 13–14 (đang: cỡ "
                                                    f"{_sizes(p)}{', không nghiêng' if not p.italic else ''}).")


# --- title and body ---------------------------------------------------------------------


def _title(doc: Document) -> Para | None:
    """Return the title line: the first paragraph near the top that is a kind's name («KẾ HOẠCH», «BÁO CÁO»)."""
    return next((p for p in doc.paragraphs[:40] if p.table is None and doctypes.of_title(p.text)), None)


def kind(doc: Document) -> doctypes.DocKind | None:
    """Return the document's kind, read from its title line; None when it has none docgen knows."""
    t = _title(doc)
    return doctypes.of_title(t.text) if t is not None else None


def title(doc: Document) -> Iterator[Finding]:
    t = _title(doc)
    if t is None:
        names = ", ".join(f"«{k.title}»" for k in doctypes.KINDS.values())
        yield Finding("ND30.PL1.II.5.b", "trang 1", f"không thấy tên loại văn bản ({names}) trên dòng riêng.")
        return
    for p in [t] + _trich_yeu(doc, t):
        if not p.bold or p.format.alignment != "center" or not p.sizes <= {13.0, 14.0}:
            state = f"cỡ {_sizes(p)}{'' if p.bold else ', không đậm'}, canh {_align(p)}"
            yield Finding("ND30.PL1.II.5.b", p.where(), f"phải chữ đậm, cỡ 13–14, canh giữa (đang: {state}).")


def _trich_yeu(doc: Document, t: Para) -> list[Para]:
    """Return the trích yếu under the title: its first paragraph, and the lines after it that are
    set like it (bold, centred) when the author broke it into several paragraphs."""
    after = [p for p in doc.paragraphs if p.number > t.number and p.text and p.table is None][:4]
    lines = after[:1]
    for p in after[1:]:
        if not (p.bold and p.format.alignment == "center"):
            break
        lines.append(p)
    return lines


def _addressees(doc: Document) -> list[Para]:
    """Return the «Kính gửi:» block under the trích yếu: its first line and the «- …» lines under it."""
    t = _title(doc)
    if t is None:
        return []
    after = [p for p in doc.paragraphs[:80] if p.number > t.number and p.text and p.table is None]
    first = next((i for i, p in enumerate(after[:8]) if p.text.startswith("Kính gửi")), None)
    if first is None:
        return []
    block = [after[first]]
    if after[first].text.rstrip().endswith(";"):  # «Kính gửi: - A;» then «- B;» … «- C.»
        for p in after[first + 1:]:
            if not p.text.startswith(("-", "–")):
                break
            block.append(p)
            if not p.text.rstrip().endswith(";"):
                break
    return block


def addressees(doc: Document) -> Iterator[Finding]:
    """A report sent up carries «Kính gửi:» in 13–14 pt, upright, and its Nơi nhận then starts «- Như trên;»;
    a kind that is not sent up (a Kế hoạch) has none (PL I, II.9.b)."""
    block = _addressees(doc)
    if not block:
        return
    found = kind(doc)
    if found is not None and not found.addressed:
        yield Finding("ND30.PL1.II.9.b", block[0].where(),
                      f"một {found.name.lower()} không có «Kính gửi»; các nơi nhận ghi ở «Nơi nhận:».")
        return
    for p in block:
        if not p.sizes <= {13.0, 14.0} or p.bold or p.italic:
            state = f"cỡ {_sizes(p)}{', đậm' if p.bold else ''}{', nghiêng' if p.italic else ''}"
            yield Finding("ND30.PL1.II.9.b", p.where(), f"«Kính gửi» phải chữ đứng, cỡ 13–14 (đang: {state}).")
            break
    items = _recipients(doc)[1]
    if items and not re.match(r"^- Như trên\s*;", items[0].text):
        yield Finding("ND30.PL1.II.9.b", items[0].where(),
                      f"văn bản có «Kính gửi» thì nơi nhận bắt đầu bằng «- Như trên;» (đang: «{items[0].text}»).")


def body(doc: Document) -> list[Para]:
    """Return the body: paragraphs outside tables after the trích yếu, to the one ending "./."
    (or, when none does, to the recipients or signature)."""
    t = _title(doc)
    start = (_addressees(doc) or _trich_yeu(doc, t) or [t])[-1].number if t else 1
    candidates = [p for p in doc.paragraphs if p.number > start and p.table is None and p.section == 1 and p.text]
    end = next((i + 1 for i, p in enumerate(candidates) if p.text.endswith("./.")), None)
    if end is None:
        end = next((i for i, p in enumerate(candidates) if p.text.startswith("Nơi nhận") or SIGNING.match(p.text)),
                   len(candidates))
    return candidates[:end]


def body_text(doc: Document) -> Iterator[Finding]:
    paragraphs = body(doc)
    sizes: dict[float, Para] = {}
    for p in paragraphs:
        for s in p.sizes:
            sizes.setdefault(s, p)
    if len(set(sizes) & {13.0, 14.0}) > 1:
        p = sizes[14.0]
        yield Finding("ND30.PL1.II.6.e.1", p.where(), "phần nội dung dùng cả cỡ 13 và cỡ 14; hãy dùng một cỡ.")
    reported = set()
    for p in paragraphs:
        f = p.format
        checks = [
            ("ND30.PL1.II.6.e.1", not p.sizes <= {13.0, 14.0}, f"chữ cỡ {_sizes(p)}; phần nội dung phải cỡ 13–14."),
            ("ND30.PL1.II.6.e.2", f.alignment not in ("both", "distribute") and len(p.text) > 90,
             f"đoạn canh {_align(p)}, phải canh đều hai lề."),
            ("ND30.PL1.II.6.e.3", not (540 <= f.first_line <= 740), f"thụt đầu dòng {f.first_line / MM / 10:.2f} cm."),
            ("ND30.PL1.II.6.e.4", max(f.before, f.after) < 120,
             f"khoảng cách đoạn {max(f.before, f.after) / 20:g} pt, tối thiểu 6 pt."),
            ("ND30.PL1.II.6.e.5", f.line_rule == "auto" and f.line is not None and not 240 <= f.line <= 360,
             f"giãn dòng {(f.line or 240) / 240:.2f} dòng."),
            ("ND30.PL1.II.6.e.6", f.alignment == "both" and p.element.find(f".//{qn('w:br')}") is not None,
             "có ngắt dòng thủ công (Shift+Enter) trong đoạn canh đều."),
        ]
        for rule, failed, message in checks:
            # one finding per rule and paragraph style, so a badly set style is reported once
            if failed and (rule, f.style) not in reported:
                reported.add((rule, f.style))
                others = sum(1 for q in paragraphs if q.format.style == f.style) - 1
                more = f" (và các đoạn cùng kiểu «{f.style}»: {others} đoạn)" if others > 0 else ""
                yield Finding(rule, p.where(), message + more)


def _title_bold(p: Para) -> bool:
    """True for an item whose title runs on into its text («1.1. Tiêu đề: nội dung»): the runs up to
    the title's colon are bold, the rest need not be."""
    seen, runs = "", []
    for text, f in p.runs:
        runs.append((text, f))
        seen += text
        if ":" in seen:
            return all(f.bold for t, f in runs if t.strip())
    return False


def headings(doc: Document) -> Iterator[Finding]:
    for p in body(doc):
        if re.match(r"^[IVX]+\. \S", p.text) and (p.text != p.text.upper() or not p.bold):
            yield Finding("ND30.PL1.II.6.d", p.where(), "tiêu đề phần phải in hoa, đậm.")
        # a numbered item that is only a title ("2.3. Dự án 3: Hỗ trợ …") is bold; a numbered
        # sentence ("4.1. Các ngành … để tổng hợp.") is not a title and stays regular
        elif re.match(r"^(\d+\.)+ \S", p.text) and len(p.text) <= 160 and not re.search(r"[.;]$|: \S.*[.;]$", p.text) \
                and not p.bold and not _title_bold(p):
            yield Finding("ND30.PL1.II.6.d", p.where(), "mục có tiêu đề phải in đậm.")


def ending(doc: Document) -> Iterator[Finding]:
    paragraphs = body(doc)
    if paragraphs and not paragraphs[-1].text.endswith("./."):
        yield Finding("ND30.PL1.II.6.g", paragraphs[-1].where(), "đoạn cuối của phần nội dung không kết thúc bằng «./.».")


# --- signature and recipients ----------------------------------------------------------------


def signature(doc: Document) -> Iterator[Finding]:
    lines = [p for p in doc.paragraphs if p.section == 1 and SIGNING.match(p.text)]
    if not lines:
        yield Finding("ND30.PL1.II.7", "cuối văn bản", "không thấy dòng quyền hạn người ký (TM., KT., Q., TL., TUQ.).")
    for p in lines:
        if p.text != p.text.upper() or not p.bold:
            yield Finding("ND30.PL1.II.7", p.where(), "quyền hạn người ký phải in hoa, đậm.")


def _recipients(doc: Document) -> tuple[Para | None, list[Para]]:
    """Return the «Nơi nhận:» paragraph and the recipient lines under it."""
    head = next((p for p in doc.paragraphs if re.match(r"^Nơi nhận\s*:?$", p.text)), None)
    items: list[Para] = []
    for p in doc.paragraphs[head.number:] if head is not None else []:
        if head.table is not None and p.table != head.table:
            break
        if p.text.startswith(("-", "–")):
            items.append(p)
        elif p.text and items:
            break
        if SIGNING.match(p.text):
            break
    return head, items


def recipients(doc: Document) -> Iterator[Finding]:
    head, items = _recipients(doc)
    if head is None:
        yield Finding("ND30.PL1.II.9.d.1", "cuối văn bản", "không thấy «Nơi nhận:».")
        return
    if head.text != "Nơi nhận:" or not (head.bold and head.italic) or head.sizes != {12.0}:
        yield Finding("ND30.PL1.II.9.d.1", head.where(),
                      f"«Nơi nhận:» phải nghiêng, đậm, cỡ 12 (đang: cỡ {_sizes(head)}"
                      f"{'' if head.bold else ', không đậm'}{'' if head.italic else ', không nghiêng'}).")
    if not items:
        yield Finding("ND30.PL1.II.9.d.2", head.where(), "không có dòng nơi nhận nào bắt đầu bằng «-».")
        return
    for p in items[:-1]:
        if not p.text.startswith("- ") or not p.text.endswith(";"):
            yield Finding("ND30.PL1.II.9.d.2", p.where(), "dòng nơi nhận phải bắt đầu bằng «- » và kết thúc bằng «;».")
    last = items[-1]
    if not re.match(r"^- Lưu: ?VT\b", last.text) or not last.text.endswith("."):
        yield Finding("ND30.PL1.II.9.d.2", last.where(), f"dòng cuối ghi «{last.text}»; phải là «- Lưu: VT, ….».")
    small = [p for p in items if not p.sizes <= {11.0}]
    if small:
        yield Finding("ND30.PL1.II.9.d.3", small[0].where(), f"dòng nơi nhận cỡ {_sizes(small[0])}; phải cỡ 11.")


# --- annexes ------------------------------------------------------------------------------


def annexes(doc: Document) -> Iterator[Finding]:
    for section in range(2, len(doc.docx.sections) + 1):
        texts = [p for p in doc.paragraphs if p.section == section and p.text and p.table is None]
        if not texts:
            continue
        heading = texts[0]
        if not re.fullmatch(r"Phụ lục( [IVX]+)?", heading.text):
            yield Finding("ND30.PL1.III.1.b", heading.where(), f"trang phụ lục bắt đầu bằng «{heading.text}», "
                                                                "không phải «Phụ lục».")
            continue
        if not heading.bold or heading.sizes != {14.0} or heading.format.alignment != "center":
            yield Finding("ND30.PL1.III.1.b", heading.where(), "chữ «Phụ lục» phải đậm, cỡ 14, canh giữa.")
        ref = next((p for p in texts[1:4] if p.text.startswith("(Kèm theo")), None)
        name = (kind(doc) or doctypes.of(None)).name
        if ref is None:
            yield Finding("ND30.PL1.III.1.c", heading.where(), f"không thấy dòng «(Kèm theo {name} số … ngày … của …)».")
        elif not ref.italic or ref.format.alignment != "center" or not re.search(r"số .*/.* ngày .* của ", ref.text):
            yield Finding("ND30.PL1.III.1.c", ref.where(), "dòng «(Kèm theo …)» phải nghiêng, canh giữa, "
                                                          "ghi đủ số, ngày và cơ quan ban hành.")


# --- local government in two levels (since 1 July 2025) ----------------------------------------


def _issued(doc: Document) -> dt.date | None:
    """Return the document's date as its header prints it; a draft's blank day is the year's 1 January."""
    p = doc.find(r", ngày\s*\S*\s*tháng\s*\S*\s*năm", within=30)
    m = re.search(r"ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d{4})", p.text) if p else None
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2) or 1), int(m.group(1) or 1))
    except ValueError:
        return None  # an impossible date: place_date's business


def two_levels(doc: Document) -> Iterator[Finding]:
    """A document dated from the 2025 reform names no district-level unit nor thị trấn where it names
    bodies: its header, signature, «Kính gửi» and Nơi nhận (its legal bases are citations of their day)."""
    issued = _issued(doc)
    if issued is None or issued < localgov.REFORM:
        return
    signing = [p for p in doc.paragraphs if p.section == 1 and SIGNING.match(p.text)]
    addressed = _addressees(doc)
    for p in dict.fromkeys(_agency_lines(doc) + signing + addressed + _recipients(doc)[1]):
        for mention in dict.fromkeys(localgov.former_units(p.text)):
            yield Finding("CQDP.2025", p.where(), localgov.reform_message(mention))


CHECKS = [page, fonts, page_numbers, national_title, agency, number, place_date, title, addressees, body_text,
          headings, ending, signature, recipients, annexes, two_levels]
