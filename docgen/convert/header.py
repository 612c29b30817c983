"""The frame of a Kế hoạch read from its blocks: the header (issuing bodies, number, place and date),
the title and its trích yếu, the legal bases and the opening, the signature and the recipients,
and the headings of the annexes. What lies between the opening and the signature is the body.

The header is read the same whether it is a borderless table or lines aligned with tabs: each
line is split into its left and right columns, the left one holding the bodies and the number,
the right one the national title, the motto and the place and date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from docgen.base import doctypes
from docgen.convert import Report
from docgen.convert.basis import basis
from docgen.convert.body import mark
from docgen.convert.reader import Paragraph, TableBlock
from docgen.convert.text import RULE, agency_name, flat, is_upper, sentence
from docgen.plan.model import CoQuan
from docgen.render.context import agency_lines

_TITLES = {"KẾHOẠCH": "Kế hoạch", "QUYẾTĐỊNH": "Quyết định", "BÁOCÁO": "Báo cáo", "CÔNGVĂN": "Công văn",
           "TỜTRÌNH": "Tờ trình", "THÔNGBÁO": "Thông báo", "CHƯƠNGTRÌNH": "Chương trình", "NGHỊQUYẾT": "Nghị quyết",
           "PHƯƠNGÁN": "Phương án", "ĐỀÁN": "Đề án"}
_NUMBER = re.compile(r"^Số\s*:?\s*(\d*)\s*/\s*([A-ZĐa-zđ0-9\-&]+(?:-[A-ZĐ0-9&]+)*)\s*$")
_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s*(?:(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*|"
                   r"(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})\s*/\s*)(?P<y>\d{4})\s*\.?$", re.IGNORECASE)
_NATIONAL = re.compile(r"CỘNG\s*HÒA|CỘNG\s*HOÀ|ĐỘC\s*LẬP|Độc lập", re.IGNORECASE)
SIGNING = re.compile(r"^(TM|KT|Q|TL|TUQ)\s*\.\s*(.+)$")
_BASIS = re.compile(r"^(Căn cứ|Thực hiện|Theo|Trên cơ sở|Xét)\b", re.IGNORECASE)


@dataclass
class Frame:
    fields: dict = field(default_factory=dict)  # the plan's fields in the order the YAML writes them
    body: list = field(default_factory=list)  # blocks between the opening and the signature
    annexes: list = field(default_factory=list)  # (title lines, TableBlock, where)
    kind: str = "Kế hoạch"
    prefix: str = "KH"  # of the symbol the kind asks for


def _lines(block) -> list[tuple[str, str, bool, bool]]:
    """Return the header lines of a block as (side, text, bold, italic): side "left" or "right"."""
    out = []
    if isinstance(block, TableBlock):
        for row in block.cells:
            for i, cell in enumerate(row):
                side = "left" if i == 0 else "right"
                for p in cell:
                    for line in p.text.split("\n"):
                        if line.strip():
                            out.append((side, flat(line), p.all_bold, False))
        return out
    raw = block.text.replace("\n", "\t")
    starts_right = bool(re.match(r"^(\t|\s{4,})", raw)) or block.align in ("right",)
    pieces = [flat(x) for x in re.split(r"\t+|\s{3,}", raw) if x.strip()]
    for i, piece in enumerate(pieces):
        side = "right" if starts_right or i > 0 else "left"
        if len(pieces) == 1 and _NATIONAL.search(piece):
            side = "right"
        bold = any(b for t, b in block.bold if piece[:10] in flat(t)) if block.bold else False
        out.append((side, piece, bold, False))
    return out


def _title_word(b) -> str | None:
    """The document's kind when paragraph b is its title («KẾ HOẠCH», alone or on the first line)."""
    if not isinstance(b, Paragraph) or not b.text.strip():
        return None
    first = re.sub(r"\s", "", b.text.strip().split("\n")[0]).upper()
    return _TITLES.get(first)


def _title_index(blocks: list) -> int | None:
    return next((i for i, b in enumerate(blocks[:60]) if _title_word(b)), None)


def read_frame(blocks: list, report: Report) -> Frame:
    frame = Frame()
    f = frame.fields
    at = _title_index(blocks)
    if at is None:
        report.notes.append("không thấy tên loại văn bản «KẾ HOẠCH» trên dòng riêng: đọc như một kế hoạch")
        at = next((i for i, b in enumerate(blocks)
                   if isinstance(b, Paragraph) and b.all_bold and b.align == "center"), 0)
    else:
        frame.kind = _title_word(blocks[at])
    known = next((k for k in doctypes.KINDS.values() if k.name == frame.kind), None)
    if known is None:
        report.leave(blocks[at].where(), blocks[at].flat, f"tệp này là {frame.kind}, không phải Kế hoạch: nhập được "
                     "phần khung văn bản; tệp YAML có thể chưa hợp lệ cho đến khi docgen có loại văn bản này")
    elif known.key != doctypes.DEFAULT:
        f["loai_van_ban"] = known.key
    frame.prefix = (known or doctypes.of(None)).prefix
    body_text = " ".join(b.flat for b in blocks if isinstance(b, Paragraph))
    _header(blocks[:at], f, body_text, report, frame.prefix)

    # the trích yếu: bold centred lines under the title (or after it, in its paragraph), up to a rule line
    i = at + 1
    lines: list[str] = [flat(x) for x in blocks[at].text.strip().split("\n")[1:] if x.strip()] \
        if isinstance(blocks[at], Paragraph) else []
    while i < len(blocks) and isinstance(blocks[i], Paragraph) and len(lines) < 4:
        p = blocks[i]
        if not p.text.strip():
            i += 1
            if lines:
                break
            continue
        if RULE.match(p.text) or p.flat.startswith("Căn cứ") or not (p.all_bold or p.align == "center"):
            break
        lines += [flat(x) for x in p.text.split("\n") if x.strip()]
        i += 1
    while i < len(blocks) and isinstance(blocks[i], Paragraph) and (RULE.match(blocks[i].text)
                                                                    or not blocks[i].text.strip()):
        i += 1
    trich_yeu = " ".join(lines)
    f["nam"] = f.get("nam") or _year(trich_yeu) or _year(body_text) or dt.date.today().year
    m = re.search(r"năm (\d{4})\b", trich_yeu)
    if m:
        f["nam"] = int(m.group(1))
    f["trich_yeu"] = trich_yeu or "(chưa có trích yếu)"
    if not trich_yeu:
        report.leave("dưới chữ KẾ HOẠCH", "", "không thấy trích yếu; hãy ghi `trich_yeu`")
    if len(lines) > 1:
        f["dong_trich_yeu"] = lines

    # the legal bases and the opening: the paragraphs before the first numbered one
    bases, opening = [], []
    i = _addressees(blocks, i, f)
    while i < len(blocks):
        b = blocks[i]
        if isinstance(b, TableBlock) or (b.text.strip() and (mark(b) is not None or b.heading)):
            break
        if b.text.strip():
            (bases if _BASIS.match(b.flat) and not b.flat.rstrip().endswith(":") else opening).append(b)
        i += 1
    f["can_cu"] = [basis(b.flat) for b in bases]
    f["mo_dau"] = " ".join(p.flat for p in opening) if opening else None

    # the end: the signature (a table with «Nơi nhận» or TM./KT. lines, or such paragraphs)
    end = _signature_index(blocks, i)
    frame.body = blocks[i:end]
    closing = _closing(frame.body)
    f["ket_thuc"] = None
    if closing is not None:
        frame.body = frame.body[:closing[0]]
        f["ket_thuc"] = closing[1]
    if end < len(blocks):
        after = _ending(blocks, end, f, report)
        frame.annexes = _annexes(blocks[after:], report)
    else:
        report.leave("cuối văn bản", "", "không thấy phần ký và «Nơi nhận»; hãy ghi `nguoi_ky` và `noi_nhan`")
        f["noi_nhan"] = ["(chưa có)"]
        f["nguoi_ky"] = {"ho_ten": "(chưa có)"}
    return frame


def _year(text: str) -> int | None:
    m = re.search(r"\bnăm (20\d\d)\b", text)
    return int(m.group(1)) if m else None


def _addressees(blocks: list, i: int, f: dict) -> int:
    """Read a «Kính gửi:» block at blocks[i] (a report sent up) into f["kinh_gui"]; return the index after it.
    «Kính gửi: A.» on one line, or «Kính gửi: - A;» then «- B;» … «- C.», each on a line or a paragraph."""
    while i < len(blocks) and isinstance(blocks[i], Paragraph) and not blocks[i].text.strip():
        i += 1
    if i >= len(blocks) or not isinstance(blocks[i], Paragraph) or not blocks[i].flat.startswith("Kính gửi"):
        return i
    lines = [x.strip() for x in blocks[i].text.split("\n") if x.strip()]
    i += 1
    while lines[-1].rstrip().endswith(";") and i < len(blocks) and isinstance(blocks[i], Paragraph) \
            and blocks[i].flat.startswith(("-", "–")):
        lines += [x.strip() for x in blocks[i].text.split("\n") if x.strip()]
        i += 1
    lines[0] = re.sub(r"^Kính gửi\s*:?\s*", "", flat(lines[0]))
    names = [re.sub(r"^[-–]\s*", "", flat(x)).rstrip(" ;,.") for x in lines]
    f["kinh_gui"] = [n for n in names if n]
    return i


def _header(blocks: list, f: dict, body_text: str, report: Report, prefix: str) -> None:
    lines = [line for b in blocks for line in _lines(b)]
    left = [(t, bold) for side, t, bold, _ in lines if side == "left"]
    right = [t for side, t, _, _ in lines if side == "right"]
    agencies = []
    for text, bold in left:
        m = _NUMBER.match(text)
        if m:
            f["so"] = int(m.group(1)) if m.group(1) else None
            f["ky_hieu"] = m.group(2)
            if not re.match(rf"^{prefix}-[A-ZĐ][A-ZĐ0-9]*$", m.group(2)):
                report.leave("dòng «Số:»", text, f"ký hiệu không có dạng «{prefix}-…» của loại văn bản này; "
                             "hãy sửa `ky_hieu`")
        elif not RULE.match(text) and not text.startswith("Số"):
            agencies.append((text, bold))
        elif text.startswith("Số"):
            report.leave("dòng «Số:»", text, "không đọc được số và ký hiệu; hãy ghi `so` và `ky_hieu`")
    for text in right:
        m = _DATE.match(text)
        if not m and not (_NATIONAL.search(text) or RULE.match(text) or re.search(r"Tự do|Hạnh phúc", text)):
            report.leave("đầu văn bản", text, "dòng ở góc phải đầu trang không đọc được (không phải Quốc hiệu, "
                         "Tiêu ngữ hay địa danh, ngày tháng)")
        if m:
            f["dia_danh"] = m.group("place").strip()
            year = int(m.group("y"))
            f["nam"] = year
            day, month = m.group("d") or m.group("d2"), m.group("m") or m.group("m2")
            if day and month:
                try:
                    f["ngay_ban_hanh"] = dt.date(year, int(month), int(day))
                except ValueError:
                    report.leave("dòng ngày tháng", text, "ngày không có thật; hãy ghi `ngay_ban_hanh`")
            else:
                f["ngay_ban_hanh"] = None
                if m.group("d") or m.group("m"):
                    report.leave("dòng ngày tháng", text, "dự thảo ghi sẵn ngày hoặc tháng nhưng chưa đủ ngày: "
                                 "docgen in dự thảo với ngày và tháng để trống")
    if "dia_danh" not in f:
        report.leave("đầu văn bản", "", "không thấy dòng địa danh, ngày tháng; hãy ghi `dia_danh`, `ngay_ban_hanh`")
        f["dia_danh"] = "(chưa có)"
    if "ky_hieu" not in f:
        report.leave("đầu văn bản", "", "không thấy dòng «Số: …/KH-…»; hãy ghi `so` và `ky_hieu`")
    parent, issuer = _split_agencies(agencies)
    if parent:
        f["co_quan_chu_quan"] = _agency(parent, body_text, parent_line=True)
    f["co_quan_ban_hanh"] = _agency(issuer, body_text) if issuer else "(chưa có)"
    if not issuer:
        report.leave("đầu văn bản", "", "không thấy tên cơ quan ban hành; hãy ghi `co_quan_ban_hanh`")


_NEW_BODY = re.compile(r"^(PHÒNG|BAN|TRUNG TÂM|VĂN PHÒNG|ỦY BAN|UỶ BAN|HỘI|ĐẢNG ỦY|ĐOÀN|CÔNG AN|BỘ CHỈ HUY|"
                       r"BCĐ|BCH|TRƯỜNG|SỞ|CHI CỤC|HỘI ĐỒNG)\b")


def _split_agencies(lines: list[tuple[str, bool]]) -> tuple[list[str], list[str]]:
    """Return (parent lines, issuer lines): the issuer is bold, a parent body above it is not; without
    that difference, a line naming a whole body followed by a line starting a new one."""
    if not lines:
        return [], []
    bolds = [b for _, b in lines]
    if any(bolds) and not all(bolds):
        first_bold = bolds.index(True)
        if first_bold > 0:
            return [t for t, _ in lines[:first_bold]], [t for t, _ in lines[first_bold:]]
    texts = [t for t, _ in lines]
    for k in range(1, len(texts)):
        if _NEW_BODY.match(texts[k].upper()) and re.search(r"\b(HUYỆN|TỈNH|XÃ|THỊ XÃ|THÀNH PHỐ|QUẬN)\b",
                                                           texts[k - 1].upper()):
            return texts[:k], texts[k:]
    return [], texts


def _agency(lines: list[str], body_text: str, parent_line: bool = False):
    name = agency_name(lines, body_text)
    printed = [flat(x).upper() for x in lines]
    if parent_line:
        return name if printed == [name.upper()] else {"ten": name, "dong_tieu_de": lines}
    if agency_lines(CoQuan(ten=name)) == printed:
        return name
    return {"ten": name, "dong_tieu_de": lines}


# --- the end ----------------------------------------------------------------------------


def _signature_index(blocks: list, start: int) -> int:
    for i in range(start, len(blocks)):
        b = blocks[i]
        if isinstance(b, TableBlock):
            texts = [p.flat for row in b.cells for cell in row for p in cell]
            if any(t.startswith("Nơi nhận") for t in texts) or any(SIGNING.match(t) for t in texts):
                return i
        elif b.flat.startswith("Nơi nhận") or SIGNING.match(b.flat):
            return i
    return len(blocks)


_CLOSING = re.compile(r"^(Trên đây|Yêu cầu (các|thủ trưởng)|Đề nghị các|Trong quá trình (tổ chức )?thực hiện)")


def _closing(body: list) -> tuple[int, str] | None:
    """Return (index, text) of the closing paragraph: the last, unnumbered, starting as closings do
    («Trên đây là…», «Trong quá trình thực hiện…»); None when the plan has none."""
    last = next((k for k in range(len(body) - 1, -1, -1)
                 if isinstance(body[k], TableBlock) or body[k].text.strip()), None)
    if last is None or isinstance(body[last], TableBlock):
        return None
    p = body[last]
    if mark(p) is not None or p.heading or not _CLOSING.match(p.flat):
        return None
    return last, (p.flat[:-2].rstrip() if p.flat.endswith("./.") else p.flat)  # «…thực hiện.»: docgen adds «/.»


def _ending(blocks: list, at: int, f: dict, report: Report) -> int:
    """Read the signature and the recipients from blocks[at…]; return the index after them."""
    b = blocks[at]
    left: list[str] = []
    right: list[str] = []
    if isinstance(b, TableBlock):
        for row in b.cells:
            for i, cell in enumerate(row):
                for p in cell:
                    for line in p.text.split("\n"):
                        if line.strip():
                            (left if i == 0 else right).append(flat(line))
        after = at + 1
    else:
        after = at
        while after < len(blocks) and isinstance(blocks[after], Paragraph):
            for side, text, _, _ in _lines(blocks[after]):
                if text.startswith(("Nơi nhận", "-", "–")) or (side == "left" and left):
                    left.append(text)
                else:
                    right.append(text)
            after += 1
            if right and not SIGNING.match(right[-1]) and not is_upper(right[-1]) and len(right) > 1:
                break
        if left and not any(x.startswith("Nơi nhận") for x in left):
            right, left = left + right, []
    recipients, luu = [], None
    for line in left:
        if line.startswith("Nơi nhận"):
            rest = line.split(":", 1)[1].strip() if ":" in line else ""
            if rest:
                recipients.append(rest)
            continue
        text = re.sub(r"^[-–+•]\s*", "", line).rstrip(" ;,.")
        m = re.match(r"^Lưu\s*:?\s*(.*)$", text)
        if m:
            luu = m.group(1).strip() or "VT"
        elif text:
            recipients.append(text)
    if f.get("kinh_gui") and recipients and recipients[0] == doctypes.SAME_AS_ABOVE:
        recipients = recipients[1:]  # docgen prints «- Như trên;» itself under a «Kính gửi»
    f["noi_nhan"] = recipients or ["(chưa có)"]
    if not recipients:
        report.leave("phần «Nơi nhận»", "", "không thấy nơi nhận; hãy ghi `noi_nhan`")
    if luu:
        f["luu"] = luu
    else:
        report.leave("phần «Nơi nhận»", "", "không có dòng «Lưu: …»; docgen in «- Lưu: VT.», hãy sửa `luu` nếu cần")
    signer: dict = {}
    authority = [x for x in right if x.strip()]
    name = authority.pop() if authority and not SIGNING.match(authority[-1]) and not is_upper(authority[-1]) else None
    for line in authority:
        m = SIGNING.match(line)
        if m:
            signer[m.group(1).lower()] = sentence(m.group(2).strip())
        elif is_upper(line):
            signer["chuc_vu"] = sentence(line)
        else:
            report.leave("phần ký", line, "dòng không đọc được trong phần ký")
    signer["ho_ten"] = name or "(chưa có)"
    if not name:
        report.leave("phần ký", "", "không thấy họ tên người ký; hãy ghi `nguoi_ky.ho_ten`")
    f["nguoi_ky"] = signer
    return after


def _annexes(blocks: list, report: Report) -> list:
    """Return (title, table) of each table after the signature: its title is the text above it,
    without the «Phụ lục» label and the «(Kèm theo …)» line that docgen prints itself."""
    out, pending = [], []
    for b in blocks:
        if isinstance(b, TableBlock):
            title = [p for p in pending if not re.match(r"^(PHỤ LỤC|Phụ lục|PHỤ LỤC SỐ)\b[\s\dIVXLivx.:]*$", p.flat)
                     and not re.match(r"^\(?\s*Kèm theo", p.flat, re.IGNORECASE)]
            out.append((" ".join(p.flat for p in title), b))
            pending = []
        elif b.text.strip():
            pending.append(b)
    for p in pending:
        report.leave(p.where(), p.flat, "đoạn sau bảng phụ lục (ghi chú…): không có chỗ trong kế hoạch")
    return out
