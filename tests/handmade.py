"""Kế hoạch files made the way commune clerks make them in Word, built with python-docx.

Each builder lays out the same kind of content with other habits (docs/../hand-made-word notes):
typed numbering and direct formatting; automatic multi-level numbering, heading styles and
"-" bullets; header lines aligned with tabs; borderless header and signature tables; soft
breaks, tabs, double spaces, empty paragraphs; a landscape annex after a section break with a
two-row merged header, a bold «Tổng cộng» row, Vietnamese number formats; a body table; a
department under its parent body signing KT. CHỦ TỊCH / PHÓ CHỦ TỊCH; «Phần thứ nhất» parts,
the bases and the opening in one paragraph, a draft with its number and date blank.

`recall(original, rendered)` is the measure of issue 19 item 3, written once.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"


# --- the measure -------------------------------------------------------------------------

_NUMBERING = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\)|[-+–•*]|\(\d+\)|[a-zđ]\.)$")
_EDGE = "\"'“”‘’«»()[].,;:!?…"


def words(text: str) -> list[str]:
    """Return the words of a text as the measure counts them: NFC, case folded, punctuation at their
    edges removed, numbering tokens («I.», «1.2.», «a)», «-», «+») left out."""
    out = []
    for token in unicodedata.normalize("NFC", text).split():
        if _NUMBERING.match(token):
            continue
        word = token.strip(_EDGE).casefold()
        if word and not _NUMBERING.match(word) and any(c.isalnum() for c in word):
            out.append(word)
    return out


def recall(original: str, rendered: str) -> float:
    """Return the share of the original's words found, in order, in the rendering (an LCS of words)."""
    a, b = words(original), words(rendered)
    if not a:
        return 1.0
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


def _paragraph_text(p) -> str:
    # (docgen writes a document number's hyphen as Word's non-breaking hyphen: a hyphen)
    return "".join((t.text or "") if t.tag == qn("w:t") else "-" if t.tag == qn("w:noBreakHyphen") else " "
                   for t in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")))


def docx_text(path: Path) -> str:
    """Return every paragraph and table cell of a .docx (tables in place), as read for the measure."""
    d = docx.Document(str(path))
    out = []
    body = d.element.body
    for el in body.iterchildren():
        if el.tag == qn("w:p"):
            out.append(_paragraph_text(el))
        elif el.tag == qn("w:tbl"):
            for tc in el.iter(qn("w:tc")):
                for p in tc.iter(qn("w:p")):
                    out.append(_paragraph_text(p))
    return "\n".join(out)


# --- formatting by hand ---------------------------------------------------------------------


def _run(p, text, bold=False, italic=False, size=14, underline=False):
    r = p.add_run(text)
    r.bold, r.italic, r.underline = bold or None, italic or None, underline or None
    r.font.name = FONT
    r.font.size = Pt(size)
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return r


def _para(container, text="", bold=False, italic=False, size=14, align=None, indent=True):
    p = container.add_paragraph()
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align is None and indent:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1.27)
    if text:
        _run(p, text, bold, italic, size)
    return p


def _borderless(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _grid(table):
    table.style = "Table Grid"


def _cell_text(cell, lines, bold=False, italic=False, size=13, align="center"):
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        if isinstance(line, tuple):
            text, b, i_ = line
            _run(p, text, b, i_, size)
        elif line:
            _run(p, line, bold, italic, size)


def _empty(d, n=1):
    for _ in range(n):
        d.add_paragraph()


def _document():
    d = docx.Document()
    s = d.sections[0]
    s.page_width, s.page_height = Cm(21), Cm(29.7)
    s.left_margin, s.right_margin, s.top_margin, s.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    return d


# --- pieces of a plan ------------------------------------------------------------------------


def header_table(d, left, right, ):
    """The header as a 2-column borderless table. left: [(text, bold)], right likewise."""
    t = d.add_table(rows=1, cols=2)
    _borderless(t)
    _cell_text(t.cell(0, 0), left, size=13)
    _cell_text(t.cell(0, 1), right, size=13)
    return t


def header_tabs(d, left, right):
    """The header without a table: the two columns on each line, aligned with tabs and spaces."""
    for i in range(max(len(left), len(right))):
        p = d.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Cm(10.5))
        lt = left[i] if i < len(left) else ("", False, False)
        rt = right[i] if i < len(right) else ("", False, False)
        _run(p, lt[0], lt[1], lt[2], 13)
        _run(p, "\t\t" if lt[0] else "\t\t\t", False, False, 13)
        _run(p, rt[0], rt[1], rt[2], 13)


def signature_table(d, recipients, authority, name):
    t = d.add_table(rows=1, cols=2)
    _borderless(t)
    left = [("Nơi nhận:", True, True)] + [(r, False, False) for r in recipients]
    _cell_text(t.cell(0, 0), left, size=12, align="left")
    right = [(a, True, False) for a in authority] + [("", False, False)] * 3 + [(name, True, False)]
    _cell_text(t.cell(0, 1), right, size=14)
    return t


def landscape_section(d):
    s = d.add_section()
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Cm(29.7), Cm(21)
    return s


def merged_table(d, groups, rows, total=None, body_size=12):
    """A table with a two-row header: groups [(title, [sub…]) or (title, None)], rows of texts."""
    columns = sum(len(s) if s else 1 for _, s in groups)
    t = d.add_table(rows=2, cols=columns)
    _grid(t)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    c = 0
    for title, subs in groups:
        if subs:
            top = t.cell(0, c).merge(t.cell(0, c + len(subs) - 1)) if len(subs) > 1 else t.cell(0, c)
            _cell_text(top, [title], bold=True, size=body_size)
            for k, s in enumerate(subs):
                _cell_text(t.cell(1, c + k), [s], bold=True, size=body_size)
            c += len(subs)
        else:
            cell = t.cell(0, c).merge(t.cell(1, c))
            _cell_text(cell, [title], bold=True, size=body_size)
            c += 1
    for values in rows:
        cells = t.add_row().cells
        for cell, v in zip(cells, values):
            _cell_text(cell, [v], size=body_size, align="left" if not re.match(r"^[\d.,%-]*$", v) else "center")
    if total:
        cells = t.add_row().cells
        for cell, v in zip(cells, total):
            _cell_text(cell, [v], bold=True, size=body_size)
    return t


def simple_table(d, headers, rows, size=13):
    t = d.add_table(rows=1, cols=len(headers))
    _grid(t)
    for cell, h in zip(t.rows[0].cells, headers):
        _cell_text(cell, [h], bold=True, size=size)
    for values in rows:
        for cell, v in zip(t.add_row().cells, values):
            _cell_text(cell, [v], size=size, align="left")
    return t


def _numbering(d, levels, num_id=10, abstract_id=10):
    """Add a multi-level list to the document: levels [(numFmt, lvlText)], return its numId."""
    numbering = d.part.numbering_part.element
    a = OxmlElement("w:abstractNum")
    a.set(qn("w:abstractNumId"), str(abstract_id))
    for i, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(i))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        a.append(lvl)
    numbering.insert(0, a) if not numbering.findall(qn("w:abstractNum")) else \
        numbering.findall(qn("w:abstractNum"))[-1].addnext(a)
    n = OxmlElement("w:num")
    n.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    n.append(ref)
    numbering.append(n)
    return num_id


def _numbered(p, num_id, level):
    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(nid)
    ppr.insert(0, numpr)


# --- the content: a plan of phòng, chống thiên tai of a commune -------------------------------

BASES = [
    "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;",
    ("Căn cứ Nghị định số 66/2021/NĐ-CP ngày 06/7/2021 của Chính phủ quy định chi tiết thi hành một số điều "
    "của Luật Phòng, chống thiên tai;"),
    ("Căn cứ quyết định số: 12/QĐ-UBND ngày 05 tháng 01 năm 2025 của Ủy ban nhân dân huyện Ia Grai về việc giao "
    "chỉ tiêu phòng, chống thiên tai năm 2025;"),
    "Căn cứ tình hình thực tế của địa phương,",
]
OPENING = ("Ủy ban nhân dân xã Ia Tô ban hành Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025 "
           "như sau:")

# (kind, text): part, item1, item2, letter, dash, plus, para, runin (title, text), table
OUTLINE = [
    ("part", "MỤC ĐÍCH, YÊU CẦU"),
    ("runin", ("Mục đích:", ("Chủ động phòng ngừa, ứng phó kịp thời, khắc phục khẩn trương hậu quả thiên tai; "
                            "giảm thiểu thiệt hại về người và tài sản."))),
    ("item1", "Yêu cầu"),
    ("dash", "Quán triệt phương châm «bốn tại chỗ»: chỉ huy, lực lượng, vật tư phương tiện, hậu cần tại chỗ."),
    ("dash", "Phân công cụ thể từng thành viên Ban Chỉ huy phụ trách địa bàn."),
    ("part", "TÌNH HÌNH THIÊN TAI NĂM 2024"),
    ("para", ("Năm 2024, trên địa bàn xã xảy ra 02 đợt mưa lớn kèm lốc xoáy làm tốc mái 14 nhà ở, ngập úng cục "
             "bộ 12,5 ha cây trồng; toàn xã có 34 hộ, 139 nhân khẩu phải sơ tán.")),
    ("part", "NHIỆM VỤ VÀ GIẢI PHÁP"),
    ("item1", "Trước khi thiên tai xảy ra"),
    ("item2", "Công tác tuyên truyền"),
    ("dash", "Tuyên truyền trên hệ thống loa truyền thanh xã về các biện pháp phòng tránh."),
    ("plus", "Phát 500 tờ rơi đến các hộ ở vùng trũng."),
    ("plus", "Tổ chức 05 buổi họp dân tại các thôn."),
    ("item2", "Chuẩn bị lực lượng, phương tiện"),
    ("letter", "Lực lượng xung kích"),
    ("para", "Mỗi thôn thành lập một tổ xung kích từ 10 đến 15 người."),
    ("letter", "Phương tiện"),
    ("para", "Kiểm tra áo phao, đèn pin, loa cầm tay; bổ sung những phương tiện còn thiếu."),
    ("item1", "Trong khi thiên tai xảy ra"),
    ("para", ("Ban Chỉ huy trực 24/24 giờ; tổ chức sơ tán 34 hộ, 139 nhân khẩu ra khỏi khu vực nguy hiểm "
             "(chi tiết tại Phụ lục kèm theo).")),
    ("item1", "Sau khi thiên tai xảy ra"),
    ("para", "Thống kê, đánh giá thiệt hại, báo cáo Ủy ban nhân dân huyện trong vòng 24 giờ."),
    ("part", "KINH PHÍ THỰC HIỆN"),
    ("dash", "Mua sắm áo phao, đèn pin, loa cầm tay: 18.000.000 đồng (Quỹ phòng, chống thiên tai)."),
    ("dash", "Tổ chức diễn tập phòng, chống thiên tai cấp xã: 25.000.000 đồng (ngân sách xã)."),
    ("para", "Tổng kinh phí: 43.000.000 đồng."),
    ("part", "TỔ CHỨC THỰC HIỆN"),
    ("item1", "Ban Chỉ huy phòng, chống thiên tai xã"),
    ("para", "Chỉ đạo, điều hành công tác phòng, chống thiên tai trên địa bàn; thành viên gồm:"),
    ("table", (["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ"],
               [["1", "Ksor Thuận", "Chủ tịch UBND xã", "Trưởng ban"],
                ["2", "Rơ Châm H'Bir", "Phó Chủ tịch UBND xã", "Phó Trưởng ban thường trực"],
                ["3", "Siu Đen", "Chỉ huy trưởng Ban CHQS xã", "Phó Trưởng ban"]])),
    ("item1", "Trưởng các thôn, làng"),
    ("para", "Thông báo kịp thời tin cảnh báo thiên tai đến từng hộ; tổ chức sơ tán khi có lệnh."),
    ("item1", "Chế độ báo cáo"),
    ("para", ("Công chức Văn phòng - Thống kê tổng hợp báo cáo năm về công tác phòng, chống thiên tai gửi về "
             "Ban Chỉ huy phòng, chống thiên tai huyện trước ngày 30/11/2025 (báo cáo năm).")),
]
CLOSING = ("Trên đây là Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025 của Ủy ban nhân dân "
           "xã Ia Tô. Yêu cầu các thành viên Ban Chỉ huy, các thôn, làng nghiêm túc triển khai thực hiện./.")
RECIPIENTS = ["- Ban Chỉ huy PCTT và TKCN huyện;", "- Thường trực Đảng ủy, HĐND xã;",
              "- Chủ tịch, các Phó Chủ tịch UBND xã;", "- Các thôn, làng;", "- Lưu: VT."]
ANNEX_GROUPS = [("STT", None), ("Thôn, làng", None), ("Khu vực nguy cơ", None),
                ("Số cần sơ tán", ["Số hộ", "Số khẩu"]), ("Tỷ lệ hộ sơ tán (%)", None), ("Nơi sơ tán đến", None)]
ANNEX_ROWS = [
    ["1", "Làng Dơr 1", "Ven suối Ia Krăi", "14", "58", "2,35", "Trường Tiểu học Ia Tô"],
    ["2", "Làng Ó", "Vùng trũng phía tây làng", "9", "37", "1,51", "Nhà văn hóa làng Ó"],
    ["3", "Làng Hà Lòng", "Sườn đồi có nguy cơ sạt lở", "6", "25", "1,01", "Nhà văn hóa làng Hà Lòng"],
    ["4", "Thôn 2", "Dọc tỉnh lộ 664", "5", "19", "0,84", "Trụ sở Ủy ban nhân dân xã"],
]
ANNEX_TOTAL = ["", "Tổng cộng", "", "34", "139", "5,71", ""]
ANNEX_TITLE = "PHƯƠNG ÁN SƠ TÁN DÂN KHI CÓ THIÊN TAI NĂM 2025"


def _title(d, lines, soft=False):
    _para(d, "KẾ HOẠCH", bold=True, align="center")
    if soft:
        p = _para(d, align="center")
        for i, line in enumerate(lines):
            r = _run(p, line, bold=True)
            if i < len(lines) - 1:
                r.add_break(WD_BREAK.LINE)
    else:
        for line in lines:
            _para(d, line, bold=True, align="center")
    _para(d, "___________", align="center")


def _annex(d, reference):
    landscape_section(d)
    _para(d, "PHỤ LỤC", bold=True, align="center")
    _para(d, ANNEX_TITLE, bold=True, align="center")
    _para(d, reference, italic=True, align="center")
    _empty(d)
    merged_table(d, ANNEX_GROUPS, ANNEX_ROWS, ANNEX_TOTAL)


TRICH_YEU = ["Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025", "trên địa bàn xã Ia Tô"]


def typed(path: Path) -> Path:
    """Numbering typed as text, fonts set on every run, header and signature as borderless tables,
    run-in headings, double spaces, empty paragraphs, soft breaks; a body table; a landscape annex."""
    d = _document()
    header_table(d, [("ỦY BAN NHÂN DÂN", True, False), ("XÃ IA TÔ", True, False), ("-------", False, False),
                     ("Số: 25/KH-UBND", False, False)],
                 [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập – Tự do – Hạnh phúc", True, False),
                  ("", False, False), ("Ia Tô, ngày 05 tháng 3 năm 2025", False, True)])
    _empty(d)
    _title(d, TRICH_YEU, soft=True)
    for b in BASES:
        _para(d, b, italic=True)
    _para(d, OPENING)
    _empty(d)
    parts = items = 0
    sub = letter = 0
    for kind, text in OUTLINE:
        if kind == "part":
            parts, items = parts + 1, 0
            _para(d, f"{['I', 'II', 'III', 'IV', 'V', 'VI'][parts - 1]}. {text}", bold=True, indent=False)
        elif kind == "item1":
            items, sub = items + 1, 0
            _para(d, f"{items}. {text}", bold=True)
        elif kind == "item2":
            sub, letter = sub + 1, 0
            _para(d, f"{items}.{sub}.  {text}", bold=True, italic=True)
        elif kind == "letter":
            letter += 1
            _para(d, f"{'abcdefg'[letter - 1]}) {text}", italic=True)
        elif kind == "dash":
            _para(d, f"-  {text}")
        elif kind == "plus":
            _para(d, f"+ {text}")
        elif kind == "runin":
            items += 1
            p = _para(d)
            _run(p, f"{items}. {text[0]}", bold=True)
            _run(p, " " + text[1])
        elif kind == "para":
            # a long paragraph typed with a soft break in a sentence and a double space
            words_ = text.split(" ")
            p = _para(d)
            if len(words_) > 12:
                r = _run(p, " ".join(words_[:8]) + "  ")
                r.add_break(WD_BREAK.LINE)
                _run(p, " ".join(words_[8:]))
            else:
                _run(p, text)
        elif kind == "table":
            simple_table(d, *text)
            _empty(d)
    _para(d, CLOSING)
    _empty(d)
    signature_table(d, RECIPIENTS, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Ksor Thuận")
    _annex(d, "(Kèm theo Kế hoạch số 25/KH-UBND ngày 05/3/2025 của Ủy ban nhân dân xã Ia Tô)")
    d.save(str(path))
    return path


def automatic(path: Path) -> Path:
    """Word's automatic multi-level numbering, Heading styles, "-" bullets from numbering; the header
    aligned with tabs (no table); a department under its parent body, signed KT. CHỦ TỊCH."""
    d = _document()
    outline = _numbering(d, [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."),
                             ("lowerLetter", "%4)")], num_id=10, abstract_id=10)
    bullets = _numbering(d, [("bullet", "-"), ("bullet", "+")], num_id=11, abstract_id=11)
    header_tabs(d, [("ỦY BAN NHÂN DÂN HUYỆN IA GRAI", False, False), ("PHÒNG NÔNG NGHIỆP VÀ MÔI TRƯỜNG", True, False),
                    ("Số: 07/KH-PNNMT", False, False)],
                [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, False),
                 ("Ia Grai, ngày 12 tháng 02 năm 2025", False, True)])
    _empty(d, 2)
    _title(d, ["Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025", "trên địa bàn huyện Ia Grai"])
    for b in BASES[:2]:
        _para(d, b)
    _para(d, "Phòng Nông nghiệp và Môi trường huyện xây dựng Kế hoạch phòng, chống thiên tai năm 2025 như sau:")
    levels = {"part": 0, "item1": 1, "item2": 2, "letter": 3}
    for kind, text in OUTLINE:
        if kind in levels:
            style = f"Heading {min(levels[kind] + 1, 3)}"
            p = d.add_paragraph(style=style)
            _numbered(p, outline, levels[kind])
            _run(p, text if kind != "part" else text.capitalize(), bold=kind != "letter", size=14)
            p.runs[0].font.color.rgb = None
        elif kind == "runin":
            p = d.add_paragraph(style="Heading 2")
            _numbered(p, outline, 1)
            _run(p, text[0], bold=True)
            _run(p, " " + text[1], bold=False)
        elif kind in ("dash", "plus"):
            p = _para(d)
            _numbered(p, bullets, 0 if kind == "dash" else 1)
            _run(p, text.replace("Tổ chức 05", "Tổ chức\t05"))
        elif kind == "para":
            _para(d, "    " + text)  # an indent typed with spaces
        elif kind == "table":
            simple_table(d, *text)
    _para(d, CLOSING.replace("Ủy ban nhân dân xã Ia Tô", "Phòng Nông nghiệp và Môi trường huyện"))
    signature_table(d, RECIPIENTS[:2] + ["- UBND các xã;", "- Lưu: VT, NN."],
                    ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"], "Nguyễn Văn Hòa")
    _annex(d, "(Kèm theo Kế hoạch số 07/KH-PNNMT ngày 12/02/2025 của Phòng Nông nghiệp và Môi trường)")
    d.save(str(path))
    return path


def draft(path: Path) -> Path:
    """«Phần thứ nhất» parts, the bases and the opening in one paragraph, no closing paragraph, a draft
    with its number and day blank, a parent body over the commune, KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."""
    d = _document()
    header_table(d, [("UBND HUYỆN IA GRAI", False, False), ("ỦY BAN NHÂN DÂN XÃ IA TÔ", True, False),
                     ("Số:      /KH-UBND", False, False)],
                 [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, False),
                  ("Ia Tô, ngày      tháng 4 năm 2025", False, True)])
    _title(d, ["Tuyên truyền phòng, chống thiên tai năm 2025"])
    _para(d, "Thực hiện Kế hoạch số 35/KH-UBND ngày 20/02/2025 của Ủy ban nhân dân huyện Ia Grai về phòng, chống "
             "thiên tai và tìm kiếm cứu nạn năm 2025, Ủy ban nhân dân xã Ia Tô ban hành Kế hoạch tuyên truyền "
             "như sau:")
    _para(d, "Phần thứ nhất", bold=True, align="center")
    _para(d, "KẾT QUẢ NĂM 2024", bold=True, align="center")
    _para(d, "Năm 2024, xã tổ chức 12 buổi tuyên truyền với 1.234 lượt người tham dự.")
    _para(d, "Phần thứ hai", bold=True, align="center")
    _para(d, "NHIỆM VỤ NĂM 2025", bold=True, align="center")
    _para(d, "1. Nội dung tuyên truyền", bold=True)
    _para(d, "- Kiến thức phòng tránh lốc, sét, mưa lớn.")
    _para(d, "- Kỹ năng sơ cứu, cứu nạn tại chỗ.")
    _para(d, "2. Báo cáo", bold=True)
    _para(d, "2.1. Các thôn, làng báo cáo kết quả tuyên truyền gửi về Ủy ban nhân dân xã định kỳ trước ngày "
             "15/6/2025 (báo cáo 06 tháng) và ngày 15/11/2025 (báo cáo năm) để tổng hợp.")
    _para(d, "3. Hình thức tuyên truyền", bold=True)
    _para(d, "Trên loa truyền thanh xã, tại các buổi họp thôn, làng./.")
    signature_table(d, ["- UBND huyện;", "- Các thôn, làng;", "- Lưu: VT."],
                    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Rơ Châm H'Bir")
    d.save(str(path))
    return path


BUILDERS = {"typed": typed, "automatic": automatic, "draft": draft}


def through_libreoffice(source: Path, folder: Path) -> Path:
    """Open source in LibreOffice and save it as .docx again (as a clerk using LibreOffice would)."""
    import shutil
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    program = shutil.which("soffice") or shutil.which("libreoffice")
    profile = (folder / "profile").as_uri()
    subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)],
                   capture_output=True, timeout=300, check=False)
    out = folder / source.name
    assert out.is_file(), f"LibreOffice did not save {source.name}"
    return out


# --- the seed: Kế hoạch 45/KH-UBND (2024), its paper text laid out by hand ---------------------

DATA = Path(__file__).parent / "data"
PAPER = DATA / "ke-hoach-2024-ban-giay.txt"
ANNEX = DATA / "seed-annex-2024.txt"
SEED_DOCX = DATA / "ke-hoach-2024-soan-tay.docx"
SEED_SIGNER = "Đinh Văn Hùng"  # the scan does not show the name: a name stands in for it
SEED_HEADER = [("Tổng số hộ dân cư cuối năm 2023", ["Tổng số", "Trong đó hộ DTTS"]),
               ("Số hộ nghèo cuối năm 2023", ["Tổng số hộ", "Tỷ lệ %", "Trong đó hộ DTTS", "Tỷ lệ %"]),
               ("Số hộ thoát nghèo năm 2024", ["Tổng số", "Trong đó DTTS"]),
               ("Số hộ tái nghèo năm 2024", ["Tổng số", "Trong đó DTTS"]),
               ("Số hộ nghèo phát sinh năm 2024", ["Tổng số", "Trong đó DTTS"]),
               ("Dự kiến tổng số hộ dân cư năm 2024", ["Tổng số", "Trong đó hộ DTTS"]),
               ("Dự kiến hộ nghèo cuối năm 2024", ["Tổng số hộ", "Tỷ lệ %", "Trong đó hộ DTTS", "Tỷ lệ %"]),
               ("Tỷ lệ hộ nghèo giảm (%)", None)]


def seed(path: Path = SEED_DOCX) -> Path:
    """The paper plan's text (tests/data/ke-hoach-2024-ban-giay.txt) laid out as a clerk types it:
    header and signature tables, typed numbering, bold headings, the annex on a landscape page."""
    lines = [ln.strip() for ln in PAPER.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    d = _document()
    agency = lines[0].split(" THỊ TRẤN ")  # the agency on two lines, broken by Enter
    header_table(d, [(agency[0], True, False), ("THỊ TRẤN " + agency[1], True, False), ("-------", False, False),
                     (lines[3], False, False)],
                 [(lines[1], True, False), (lines[2], True, False), ("", False, False), (lines[4], False, True)])
    _empty(d)
    _para(d, "KẾ HOẠCH", bold=True, align="center")
    _para(d, lines[6], bold=True, align="center")
    _para(d, "___________", align="center")
    i = 7
    while not lines[i].startswith("I. "):
        _para(d, lines[i])
        i += 1
    while not lines[i].startswith("Trên đây"):
        text = lines[i]
        if re.match(r"^[IVX]+\. ", text):
            _para(d, text, bold=True, indent=False)
        elif re.match(r"^\d+\.\d+\. ", text):
            _para(d, text, italic=True) if len(text.split()) > 14 else _para(d, text, bold=True, italic=True)
        elif re.match(r"^\d+\. ", text):
            m = re.match(r"^(\d+\. [^:]{2,40}:)(.*)$", text)
            if m:
                p = _para(d)
                _run(p, m.group(1), bold=True)
                _run(p, m.group(2))
            else:
                _para(d, text, bold=len(text.split()) <= 16)
        else:
            _para(d, text)
        i += 1
    _para(d, lines[i])
    i += 1
    recipients = []
    while not lines[i].startswith("TM."):
        if lines[i] != "Nơi nhận:":
            recipients.append(lines[i])
        i += 1
    signature_table(d, recipients, lines[i:i + 3], SEED_SIGNER)
    landscape_section(d)
    _para(d, "TỔNG HỢP BIỂU MẪU CHỈ TIÊU ĐĂNG KÝ GIẢM NGHÈO NĂM 2024", bold=True, align="center")
    _para(d, "(Kèm theo Kế hoạch số 45/KH-UBND ngày 11/01/2024 của Ủy ban nhân dân thị trấn Kông Chro)",
          italic=True, align="center")
    rows = [[c.strip() for c in ln.split("|")] for ln in ANNEX.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]

    def vn(cell: str) -> str:  # the annex file writes the paper's figures with a decimal point
        return cell.replace(",", "#").replace(".", ",").replace("#", ".")
    body = [[str(k)] + [r[0]] + [vn(c) for c in r[1:]] for k, r in enumerate(rows[:-1], 1)]
    total = ["", rows[-1][0]] + [vn(c) for c in rows[-1][1:]]
    merged_table(d, [("TT", None), ("Tên tổ dân phố", None)] + SEED_HEADER, body, total, body_size=10)
    d.save(str(path))
    return path


def plain(path: Path) -> Path:
    """No table anywhere in the frame: the header and the signature aligned with tabs, «Nơi nhận»
    as paragraphs; items numbered «1.» at the top, without parts; several bases in one paragraph;
    a body table of assignments; the annex without a «Phụ lục» line and a «Cộng» total."""
    d = _document()
    header_tabs(d, [("ỦY BAN NHÂN DÂN", True, False), ("XÃ IA TÔ", True, False), ("Số: 08/KH-UBND", False, False)],
                [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, False),
                 ("Ia Tô, ngày 15 tháng 01 năm 2025", False, True)])
    _empty(d)
    _title(d, ["Tổ chức các hoạt động mừng Đảng, mừng Xuân Ất Tỵ năm 2025"])
    _para(d, "Căn cứ Kế hoạch số 10/KH-UBND ngày 02/01/2025 của Ủy ban nhân dân huyện Ia Grai; Công văn số "
             "15/UBND-VX ngày 05/01/2025 của Ủy ban nhân dân huyện Ia Grai về tổ chức Tết Nguyên đán;")
    _para(d, "Ủy ban nhân dân xã xây dựng Kế hoạch tổ chức các hoạt động mừng Đảng, mừng Xuân như sau:")
    _para(d, "1. Mục đích, yêu cầu", bold=True)
    _para(d, "Tổ chức vui Xuân, đón Tết an toàn, tiết kiệm; bảo đảm an ninh trật tự trên địa bàn.")
    _para(d, "Các hoạt động được tổ chức thiết thực, phù hợp với phong tục, tập quán của đồng bào các dân tộc "
             "trên địa bàn xã; quan tâm chăm lo cho gia đình chính sách, người có công, hộ nghèo, hộ cận nghèo, "
             "người cao tuổi cô đơn, trẻ em có hoàn cảnh đặc biệt khó khăn để mọi người, mọi nhà đều được đón "
             "Tết vui tươi, đầm ấm. Không tổ chức các hoạt động mê tín dị đoan, cờ bạc, đốt pháo trái phép.")
    _para(d, "Tăng cường công tác tuyên truyền trên hệ thống loa truyền thanh xã, các buổi sinh hoạt thôn, làng "
             "về ý nghĩa của Tết cổ truyền dân tộc, về các chủ trương của Đảng, chính sách, pháp luật của Nhà "
             "nước; vận động Nhân dân giữ gìn vệ sinh môi trường, trang trí nhà cửa, đường làng ngõ xóm sạch đẹp.")
    _para(d, "2. Nội dung hoạt động", bold=True)
    _para(d, "- Trang trí pa nô, khẩu hiệu tại trụ sở và các trục đường chính.")
    _para(d, "- Thăm, tặng quà các gia đình chính sách, hộ nghèo (chi tiết tại bảng kèm theo).")
    _para(d, "3. Phân công thực hiện", bold=True)
    simple_table(d, ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian"],
                 [["1", "Trang trí pa nô, khẩu hiệu", "Văn hóa - Xã hội", "Trước 20/01/2025"],
                  ["2", "Thăm, tặng quà", "Mặt trận Tổ quốc xã", "Từ 20/01 đến 25/01/2025"]])
    _para(d, "Trên đây là Kế hoạch tổ chức các hoạt động mừng Đảng, mừng Xuân Ất Tỵ năm 2025 của Ủy ban nhân dân "
             "xã Ia Tô./.")
    p = _para(d, indent=False)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(11))
    _run(p, "Nơi nhận:", True, True, 12)
    _run(p, "\t", size=12)
    _run(p, "TM. ỦY BAN NHÂN DÂN", True)
    for left, right in (("- UBND huyện (b/c);", "CHỦ TỊCH"), ("- Các thôn, làng;", ""), ("- Lưu: VT.", ""),
                        ("", ""), ("", "Ksor Thuận")):
        p = _para(d, indent=False)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(11))
        _run(p, left, size=12)
        _run(p, "\t" + right if right else "", bold=True)
    landscape_section(d)
    _para(d, "DANH SÁCH GIA ĐÌNH ĐƯỢC TẶNG QUÀ TẾT", bold=True, align="center")
    simple_table(d, ["STT", "Thôn, làng", "Số hộ", "Tỷ lệ", "Số tiền (đồng)"],
                 [["1", "Làng Dơr 1", "12", "48%", "6.000.000"], ["2", "Làng Ó", "8", "32%", "4.000.000"],
                  ["3", "Thôn 2", "5", "20%", "2.500.000"], ["", "Cộng", "25", "100%", "12.500.000"]])
    d.save(str(path))
    return path


BUILDERS["plain"] = plain


def lettered(path: Path) -> Path:
    """Parts lettered «A.», «B.» above «I.»; «a)» right under «1.»; the date written 15/01/2025; an
    annex whose groups are numbered «I», «II» in the STT column."""
    d = _document()
    header_table(d, [("ỦY BAN NHÂN DÂN", True, False), ("XÃ IA TÔ", True, False), ("Số: 11/KH-UBND", False, False)],
                 [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, False),
                  ("Ia Tô, ngày 15/01/2025", False, True)])
    _title(d, ["Phát triển sản xuất nông nghiệp năm 2025"])
    _para(d, "Căn cứ tình hình thực tế của địa phương;")
    _para(d, "Ủy ban nhân dân xã Ia Tô ban hành Kế hoạch phát triển sản xuất nông nghiệp năm 2025 như sau:")
    _para(d, "A. KẾT QUẢ NĂM 2024", bold=True)
    _para(d, "I. TRỒNG TRỌT", bold=True, indent=False)
    _para(d, "Tổng diện tích gieo trồng đạt 1.520 ha, bằng 101% kế hoạch; năng suất lúa bình quân 52 tạ/ha.")
    _para(d, "II. CHĂN NUÔI", bold=True, indent=False)
    _para(d, "Tổng đàn gia súc 4.230 con; không để xảy ra dịch bệnh lớn.")
    _para(d, "B. NHIỆM VỤ NĂM 2025", bold=True)
    _para(d, "I. CHỈ TIÊU", bold=True, indent=False)
    _para(d, "1. Trồng trọt", bold=True)
    _para(d, "a) Cây hằng năm", italic=True)
    _para(d, "Gieo trồng 1.550 ha, trong đó lúa nước 320 ha.")
    _para(d, "b) Cây lâu năm", italic=True)
    _para(d, "Duy trì 850 ha cà phê, 410 ha hồ tiêu.")
    _para(d, "2. Chăn nuôi", bold=True)
    _para(d, "Phát triển tổng đàn gia súc đạt 4.500 con (chi tiết tại Phụ lục kèm theo).")
    _para(d, "II. GIẢI PHÁP", bold=True, indent=False)
    _para(d, "Chuyển giao tiến bộ khoa học kỹ thuật; hỗ trợ giống cây trồng, vật nuôi cho hộ nghèo.")
    _para(d, "Trên đây là Kế hoạch phát triển sản xuất nông nghiệp năm 2025 của Ủy ban nhân dân xã Ia Tô./.")
    signature_table(d, ["- Phòng Nông nghiệp và Môi trường huyện;", "- Lưu: VT."],
                    ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Ksor Thuận")
    _para(d, "PHỤ LỤC", bold=True, align="center")
    _para(d, "CHỈ TIÊU TỔNG ĐÀN GIA SÚC NĂM 2025", bold=True, align="center")
    t = simple_table(d, ["STT", "Loại", "Năm 2024", "Năm 2025"],
                     [["I", "Gia súc lớn", "", ""], ["1", "Bò", "2.100", "2.250"], ["2", "Trâu", "330", "350"],
                      ["II", "Gia súc nhỏ", "", ""], ["1", "Lợn", "1.600", "1.700"], ["2", "Dê", "200", "200"],
                      ["", "Tổng cộng", "4.230", "4.500"]])
    for cell in t.rows[-1].cells:
        for r in cell.paragraphs[0].runs:
            r.bold = True
    d.save(str(path))
    return path


BUILDERS["lettered"] = lettered


def styled(path: Path) -> Path:
    """The header as a 2×2 table (bodies | motto, number | date); parts as Heading 1 without a number;
    the signature's lines broken by Shift+Enter in one paragraph; what a plan cannot hold: a comment, a
    tracked insertion and deletion, a field, text in the page footer."""
    from docx.oxml import parse_xml

    d = _document()
    t = d.add_table(rows=2, cols=2)
    _borderless(t)
    _cell_text(t.cell(0, 0), [("ỦY BAN NHÂN DÂN", True, False), ("XÃ IA TÔ", True, False)])
    _cell_text(t.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                              ("Độc lập - Tự do - Hạnh phúc", True, False)])
    _cell_text(t.cell(1, 0), ["Số: 14/KH-UBND"])
    _cell_text(t.cell(1, 1), [("Ia Tô, ngày 20 tháng 02 năm 2025", False, True)])
    _title(d, ["Kiểm tra, rà soát hộ nghèo, hộ cận nghèo năm 2025"])
    _para(d, "Căn cứ tình hình thực tế của địa phương;")
    _para(d, "Ủy ban nhân dân xã Ia Tô ban hành Kế hoạch như sau:")
    for title, paragraphs in (("MỤC ĐÍCH, YÊU CẦU", ["Rà soát đúng quy trình, công khai, dân chủ."]),
                              ("NỘI DUNG", ["Rà soát toàn bộ hộ dân trên địa bàn xã theo chuẩn nghèo đa chiều.",
                                            "Thời gian thực hiện từ ngày 01/9 đến ngày 30/11/2025."])):
        p = d.add_paragraph(style="Heading 1")
        _run(p, title, True)
        for text in paragraphs:
            _para(d, text)
    body = d.paragraphs[-1]._p
    # a tracked insertion and deletion not yet accepted, and a field
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body.append(parse_xml(f'<w:ins {ns} w:id="91" w:author="Lãnh đạo" w:date="2025-02-19T00:00:00Z"><w:r><w:t xml:space="preserve"> '
                          'Báo cáo kết quả trước ngày 05/12/2025.</w:t></w:r></w:ins>'))
    body.append(parse_xml(f'<w:del {ns} w:id="92" w:author="Lãnh đạo" w:date="2025-02-19T00:00:00Z"><w:r><w:delText>'
                          ' Không báo cáo.</w:delText></w:r></w:del>'))
    first = next(p for p in d.paragraphs if p.text.startswith("Rà soát đúng"))
    d.add_comment(first.runs, text="Xem lại quy trình", author="Lãnh đạo")
    first._p.append(parse_xml(f'<w:fldSimple {ns} w:instr=" DATE \\@ &quot;dd/MM/yyyy&quot; "><w:r><w:t>'
                              '20/02/2025</w:t></w:r></w:fldSimple>'))
    _para(d, "Trên đây là Kế hoạch kiểm tra, rà soát hộ nghèo, hộ cận nghèo năm 2025 của Ủy ban nhân dân xã Ia Tô./.")
    sig = d.add_table(rows=1, cols=2)
    _borderless(sig)
    _cell_text(sig.cell(0, 0), [("Nơi nhận:", True, True)], size=12, align="left")
    recipients = sig.cell(0, 0).add_paragraph()
    for i, line in enumerate(["- UBND huyện;", "- Các thôn, làng;", "- Lưu: VT."]):
        r = _run(recipients, line, size=12)
        if i < 2:
            r.add_break(WD_BREAK.LINE)
    authority = sig.cell(0, 1).paragraphs[0]
    authority.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]):
        r = _run(authority, line, True)
        r.add_break(WD_BREAK.LINE)
    _run(sig.cell(0, 1).add_paragraph(), "(Đã ký)", italic=True)
    _run(sig.cell(0, 1).add_paragraph(), "Rơ Châm H'Bir", True)
    footer = d.sections[0].footer.paragraphs[0]
    footer.text = "Tệp lưu tại máy Văn phòng - Thống kê"
    d.save(str(path))
    return path


BUILDERS["styled"] = styled
