"""Build templates/ke-hoach.docx, the default Word template of a Kế hoạch.

The template is a real .docx: open it in Word, change the styles whose names
start with "KH " (fonts, sizes, spacing) and save it under a new name to use
your own look (`docgen render --template my.docx`). This script is how the
default one is made, so that every part of it is written on purpose: no part
of python-docx's default template (its author, thumbnail, latent styles) and
nothing Word would flag.

    python tools/build_template.py        # rewrites templates/ke-hoach.docx

Layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I (see the comments).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "docgen" / "render" / "ke-hoach.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT = "Times New Roman"

# Page geometry in twips (PL I, I.1-3): A4, top/bottom 20 mm, left 30 mm, right 15 mm.
A4_W, A4_H = 11906, 16838
MARGIN = {"top": 1134, "right": 851, "bottom": 1134, "left": 1701, "header": 567, "footer": 567, "gutter": 0}
TEXT_W = A4_W - MARGIN["left"] - MARGIN["right"]  # 9354

# Header table: left 6.5 cm for the agency, right 10 cm so that the Quốc hiệu fits on one line.
HEAD_COLS = (3685, TEXT_W - 3685)
SIGN_COLS = (TEXT_W // 2, TEXT_W - TEXT_W // 2)


# «Kính gửi:» of several addressees starts 3 cm into the text; their dashes stand 2.25 cm further.
KINH_GUI_FROM, KINH_GUI_AT = 1701, 1701 + 1276


# --- tiny XML helpers --------------------------------------------------------


def run(text: str, rstyle: str | None = None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{rstyle}"/></w:rPr>' if rstyle else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str | None, *runs: str, extra_ppr: str = "") -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += extra_ppr
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def tag(statement: str) -> str:
    """A docxtpl paragraph tag ({%p … %}): the whole paragraph is replaced by the statement."""
    return para(None, run("{%p " + statement + " %}"))


def cell(width: int, *paras: str) -> str:
    """A cell of the borderless header and signature tables (annex tables are docgen's: docgen/render/tables.py)."""
    body = "".join(paras) or para(None)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="top"/></w:tcPr>{body}</w:tc>'


def row(*cells: str, cant_split: bool = False) -> str:
    pr = "<w:cantSplit/>" if cant_split else ""
    return f"<w:tr>{f'<w:trPr>{pr}</w:trPr>' if pr else ''}{''.join(cells)}</w:tr>"


def table(cols: tuple[int, ...], *rows: str, borders: bool, cell_margin: int = 108, jc: str = "center") -> str:
    edge = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' if borders else '<w:{0} w:val="nil"/>'
    sides = "".join(edge.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:jc w:val="{jc}"/>'
        f"<w:tblBorders>{sides}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{cell_margin}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def section(landscape: bool, restart: bool) -> str:
    w, h = (A4_H, A4_W) if landscape else (A4_W, A4_H)
    orient = ' w:orient="landscape"' if landscape else ""
    margins = " ".join(f'w:{k}="{v}"' for k, v in MARGIN.items())
    # PL I, I.7: page number centred in the top margin, not shown on the first page;
    # it restarts at 1 in the annex.
    return (
        "<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rIdHeaderPage"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/><w:pgMar {margins}/>'
        + ('<w:pgNumType w:start="1"/>' if restart else "")
        + '<w:cols w:space="720"/><w:titlePg/></w:sectPr>'
    )


# --- styles -------------------------------------------------------------------
#
# Word's habits: Enter after a heading gives body text (w:next); the styles a clerk picks by hand
# are in the Styles gallery (w:qFormat), in the order of w:uiPriority; the rest are listed in the
# Styles pane only, and the internals (the rules under headings, the heading bases) are hidden
# until used (w:semiHidden, w:unhideWhenUsed).

GALLERY, PANE, HIDDEN = "gallery", "pane", "hidden"


def style(sid: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal", kind: str = "paragraph",
          nxt: str | None = None, show: str = PANE, priority: int = 50) -> str:
    """Return a w:style; nxt is the style Enter gives after it (the same style by default)."""
    base = f'<w:basedOn w:val="{based}"/>' if based else ""
    follow = f'<w:next w:val="{nxt or sid}"/>' if kind == "paragraph" else ""
    shown = {GALLERY: "<w:qFormat/>", PANE: "", HIDDEN: "<w:semiHidden/><w:unhideWhenUsed/>"}[show]
    custom = "" if sid.startswith("Heading") else ' w:customStyle="1"'
    return (
        f'<w:style w:type="{kind}"{custom} w:styleId="{sid}"><w:name w:val="{name}"/>'
        f'{base}{follow}<w:uiPriority w:val="{priority}"/>{shown}'
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


def sz(points: float) -> str:
    half = int(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


B = "<w:b/><w:bCs/>"
I = "<w:i/><w:iCs/>"
CENTER = '<w:jc w:val="center"/>'
FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'


def spacing(before: int = 0, after: int = 0, line: int = 240, rule: str = "auto") -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>'


# A rule under a heading: an empty paragraph 4 pt high whose bottom border is the line.
# docgen sets its left/right indents after rendering so that the line has the
# length Decree 30 asks for (PL I, II.3 and II.5), measured from the text above it.
RULE_PPR = (
    '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    + spacing(0, 0, 80, "exact")
    + CENTER
)

BODY_PPR = spacing(0, 120, 264) + '<w:ind w:firstLine="567"/><w:jc w:val="both"/>'

# The outline: a part is level 1, an item "1." level 2, "1.1." level 3, "1.1.1." level 4, "a)"
# level 5 (docgen.plan.outline gives each block its level, `cap`). Each level has a style of its own,
# named in Vietnamese, based on Word's built-in "heading N" (which carries the outline level: Word's
# Navigation Pane, a table of contents, PDF bookmarks; pandoc reads a style based on "heading N"
# as a heading of level N), itself based on one style that holds the look, so that the look of
# every item level is edited in one place.
PART = ("KHPhan", "KH Phần (I, II…)", 1)
ITEMS = [  # style id, name, level
    ("KHMuc1", "KH Mục 1.", 2),
    ("KHMuc11", "KH Mục 1.1.", 3),
    ("KHMuc111", "KH Mục 1.1.1.", 4),
    ("KHMucA", "KH Mục a)", 5),
]


# The same levels for an item that runs on into its paragraph.
RUN_IN = [(sid.replace("KHMuc", "KHMucLien"), name.replace("KH Mục", "KH Mục liền"), level)
          for sid, name, level in ITEMS]


def heading_base(level: int, based: str) -> str:
    """Return Word's built-in "heading N" style, adding nothing but the outline level to based."""
    return style(f"Heading{level}", f"heading {level}", f'<w:outlineLvl w:val="{level - 1}"/>', based=based,
                 nxt="KHDoan", show=HIDDEN, priority=9)


STYLES = [
    # Body text (PL I, II.6.e): 14 pt, justified, first line 1 cm, 6 pt after, 1.1 lines.
    style("KHDoan", "KH Đoạn văn", BODY_PPR, show=GALLERY, priority=1),
    heading_base(PART[2], "KHDoan"),
    style(PART[0], PART[1], "<w:keepNext/>", B, based="Heading1", nxt="KHDoan", show=GALLERY, priority=2),
    # The look of every numbered item's title; each level's style adds only its outline level.
    style("KHMuc", "KH Mục (mọi cấp)", "<w:keepNext/>", B, based="KHDoan", nxt="KHDoan"),
    *[s for sid, name, level in ITEMS for s in (
        heading_base(level, "KHMuc"),
        style(sid, name, based=f"Heading{level}", nxt="KHDoan", show=GALLERY, priority=1 + level))],
    style("KHGach", "KH Gạch đầu dòng", based="KHDoan", show=GALLERY, priority=7),
    style("KHCong", "KH Ý dấu cộng", based="KHDoan", show=GALLERY, priority=8),
    style("KHCanCu", "KH Căn cứ", "", I, based="KHDoan", show=GALLERY, priority=9),
    # An item whose title runs on into its paragraph ("1. Mục đích: Phấn đấu …") is body text with its
    # title in "KH Tiêu đề mục", and an outline level of its own per level, so that Word's navigation, a
    # table of contents and the PDF's bookmarks skip no number. Not based on "heading N": pandoc would
    # make the whole paragraph a heading. (Word's style separator would title it by its label alone,
    # but LibreOffice 7.4, which makes docgen's PDF, prints it as two lines; docgen.output.pdf cuts
    # the bookmarks to the label instead.)
    style("KHMucLien", "KH Mục có đoạn văn liền sau", based="KHDoan", nxt="KHDoan"),
    *[style(sid, name, f'<w:outlineLvl w:val="{level - 1}"/>', based="KHMucLien", nxt="KHDoan")
      for sid, name, level in RUN_IN],
    style("KHTieuDe", "KH Tiêu đề mục", rpr=B, based="", kind="character", show=GALLERY, priority=10),
    style("KHNhan", "KH Nhãn", based="", kind="character"),
    # The closing paragraph stays on the page of the signature block (never a signature alone).
    style("KHKetThuc", "KH Đoạn kết", "<w:keepNext/><w:keepLines/>", based="KHDoan", nxt="KHDoan", show=GALLERY,
          priority=11),
    # Header block (PL I, II.1-4).
    style("KHCoQuanChuQuan", "KH Cơ quan chủ quản", spacing() + CENTER, sz(13), nxt="KHCoQuan"),
    style("KHCoQuan", "KH Cơ quan ban hành", spacing() + CENTER, B + sz(13)),
    style("KHGachCoQuan", "KH Gạch dưới cơ quan", RULE_PPR, sz(4), show=HIDDEN),
    style("KHQuocHieu", "KH Quốc hiệu", spacing() + CENTER, B + sz(12), nxt="KHTieuNgu"),
    style("KHTieuNgu", "KH Tiêu ngữ", spacing() + CENTER, B + sz(13)),
    style("KHGachTieuNgu", "KH Gạch dưới tiêu ngữ", RULE_PPR, sz(4), show=HIDDEN),
    style("KHSo", "KH Số, ký hiệu", spacing(120) + CENTER, sz(13)),
    style("KHDiaDanh", "KH Địa danh, ngày tháng", spacing(120) + CENTER, I + sz(14)),
    # Title (PL I, II.5.b).
    style("KHTenLoai", "KH Tên loại văn bản", "<w:keepNext/>" + spacing(360) + CENTER, B, nxt="KHTrichYeu"),
    style("KHTrichYeu", "KH Trích yếu", "<w:keepNext/>" + spacing() + CENTER, B),
    style("KHGachTrichYeu", "KH Gạch dưới trích yếu", "<w:keepNext/>" + RULE_PPR.replace(
        spacing(0, 0, 80, "exact"), spacing(0, 240, 80, "exact")), sz(4), show=HIDDEN),
    # «Kính gửi:» (PL I, II.9.b): 14 pt, upright; several addressees' dashes stand under each other,
    # after the colon (the first line's tab reaches the hanging indent).
    style("KHKinhGui", "KH Kính gửi", spacing(0, 240) + CENTER, sz(14)),
    style("KHKinhGuiDau", "KH Kính gửi (nhiều nơi)", spacing() + f'<w:ind w:left="{KINH_GUI_AT}" '
          f'w:hanging="{KINH_GUI_AT - KINH_GUI_FROM}"/>', sz(14), nxt="KHKinhGuiDong"),
    style("KHKinhGuiDong", "KH Kính gửi (dòng tiếp)", spacing(0, 240) + f'<w:ind w:left="{KINH_GUI_AT}"/>'
          + "<w:contextualSpacing/>", sz(14)),
    # Signature and recipients (PL I, II.7-9).
    style("KHNoiNhanTieuDe", "KH Nơi nhận", spacing(), B + I + sz(12), nxt="KHNoiNhan"),
    style("KHNoiNhan", "KH Nơi nhận (dòng)", spacing(), sz(11), show=GALLERY, priority=12),
    style("KHQuyenHan", "KH Quyền hạn, chức vụ người ký", spacing() + CENTER, B),
    style("KHNguoiKy", "KH Họ tên người ký", spacing(1680) + CENTER, B),
    # Annex (PL I, III.1).
    # An annex is at the outline's first level, as a part is: "Phụ lục I" in the navigation and the bookmarks.
    style("KHPhuLuc", "KH Phụ lục", spacing() + CENTER + '<w:outlineLvl w:val="0"/>', B + sz(14),
          nxt="KHPhuLucTieuDe"),
    style("KHPhuLucTieuDe", "KH Tên phụ lục", spacing(60) + CENTER, B, nxt="KHPhuLucKemTheo"),
    style("KHPhuLucKemTheo", "KH Kèm theo", spacing(0, 240) + CENTER, I),
    style("KHBangDau", "KH Bảng: đầu cột", spacing() + CENTER, B + sz(10)),
    style("KHBangTen", "KH Bảng: tên đơn vị", spacing() + '<w:ind w:left="57"/>', sz(11)),
    style("KHBangSo", "KH Bảng: số liệu", spacing() + CENTER, sz(11)),
    style("KHBangTong", "KH Bảng: dòng tổng", spacing() + CENTER, B + sz(11)),
    style("KHBangNhom", "KH Bảng: nhóm", spacing() + '<w:ind w:left="57"/>', B + sz(11)),
    style("KHSoTrang", "KH Số trang", spacing() + CENTER, sz(14)),
]

STYLES_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
    f"<w:docDefaults><w:rPrDefault><w:rPr>{FONTS}{sz(14)}"
    '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    f"<w:pPrDefault><w:pPr>{spacing()}</w:pPr></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:uiPriority w:val="99"/>'
    f"<w:rPr>{FONTS}{sz(14)}</w:rPr></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
    "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    + "".join(STYLES)
    + "</w:styles>"
)

# --- the document ---------------------------------------------------------------

HEADER = table(
    HEAD_COLS,
    row(
        cell(
            HEAD_COLS[0],
            tag("for dong in co_quan_chu_quan"),
            para("KHCoQuanChuQuan", run("{{ dong }}")),
            tag("endfor"),
            tag("for dong in co_quan_dong"),
            para("KHCoQuan", run("{{ dong }}")),
            tag("endfor"),
            para("KHGachCoQuan"),
        ),
        cell(
            HEAD_COLS[1],
            para("KHQuocHieu", run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
            para("KHTieuNgu", run("Độc lập - Tự do - Hạnh phúc")),
            para("KHGachTieuNgu"),
        ),
    ),
    row(
        cell(HEAD_COLS[0], para("KHSo", run("{{ so_ky_hieu }}"))),
        cell(HEAD_COLS[1], para("KHDiaDanh", run("{{ dia_danh_ngay }}"))),
    ),
    borders=False,
    cell_margin=57,
)

BODY = [
    para("KHTenLoai", run("{{ ten_loai }}")),
    tag("for dong in trich_yeu"),
    para("KHTrichYeu", run("{{ dong }}")),
    tag("endfor"),
    para("KHGachTrichYeu"),
    # «Kính gửi:» of a report sent up (PL I, II.9.b): one addressee on one centred line; several
    # under the colon, each on a line of its own
    tag("if kinh_gui_mot"),
    para("KHKinhGui", run("{{ kinh_gui_mot }}")),
    tag("endif"),
    tag("for dong in kinh_gui"),
    tag("if loop.first"),
    para("KHKinhGuiDau", run("Kính gửi:"), "<w:r><w:tab/></w:r>", run("{{ dong }}")),
    tag("else"),
    para("KHKinhGuiDong", run("{{ dong }}")),
    tag("endif"),
    tag("endfor"),
    tag("for cc in can_cu"),
    para("KHCanCu", run("{{ cc }}")),
    tag("endfor"),
    tag("if mo_dau"),
    para("KHDoan", run("{{ mo_dau }}")),
    tag("endif"),
    tag("for k in than"),
    tag('if k.kieu == "phan"'),
    para(PART[0], run("{{ k.so }} {{ k.tieu_de }}")),
    # one branch per item level (the deepest, "a)", takes any level below the others)
    *[p for i, (sid, _, level) in enumerate(ITEMS) for p in (
        tag('elif k.kieu == "muc"' + (f" and k.cap == {level}" if i < len(ITEMS) - 1 else "")),
        para(sid, run("{{ k.so }} {{ k.tieu_de }}")))],
    *[p for i, (sid, _, level) in enumerate(RUN_IN) for p in (
        tag('elif k.kieu == "muc_lien"' + (f" and k.cap == {level}" if i < len(RUN_IN) - 1 else "")),
        para(sid, run("{{ k.so }} {{ k.tieu_de }}", "KHTieuDe"), run("{{ k.sau }}")))],
    # a numbered sentence without a title («4.1. Các ngành …»): in the outline too, at its level
    *[p for i, (sid, _, level) in enumerate(RUN_IN) for p in (
        tag('elif k.kieu == "diem"' + (f" and k.cap == {level}" if i < len(RUN_IN) - 1 else "")),
        para(sid, run("{{ k.so }} {{ k.noi_dung }}")))],
    tag('elif k.kieu == "doan"'),
    para("KHDoan", run("{{ k.noi_dung }}")),
    tag('elif k.kieu == "gach"'),
    para("KHGach", run("- "), run("{{ k.nhan }}", "KHNhan"), run("{{ k.noi_dung }}")),
    tag('elif k.kieu == "cong"'),
    para("KHCong", run("+ "), run("{{ k.nhan }}", "KHNhan"), run("{{ k.noi_dung }}")),
    tag('elif k.kieu == "bang"'),  # a table in the body, then a blank line as after an annex's table
    para(None, run("{{p k.bang }}")),
    para(None),
    tag("endif"),
    tag("endfor"),
    tag("if ket_thuc"),
    para("KHKetThuc", run("{{ ket_thuc }}")),
    tag("endif"),
]

SIGNATURE = table(
    SIGN_COLS,
    row(
        cell(
            SIGN_COLS[0],
            para("KHNoiNhanTieuDe", run("Nơi nhận:")),
            tag("for nn in noi_nhan"),
            para("KHNoiNhan", run("- {{ nn }}")),
            tag("endfor"),
        ),
        cell(
            SIGN_COLS[1],
            tag("for dong in nguoi_ky.dong"),
            para("KHQuyenHan", run("{{ dong }}")),
            tag("endfor"),
            para("KHNguoiKy", run("{{ nguoi_ky.ho_ten }}")),
        ),
        cant_split=True,
    ),
    borders=False,
    cell_margin=57,
)


# Each annex: its name, title and reference line, then its table, which docgen builds from
# the table's columns (docgen/render/tables.py) in the "KH Bảng: …" styles. docgen puts each
# annex in a section of its own, portrait or landscape as its table needs, page numbers from 1.
ANNEX = [
    tag("for pl in phu_luc"),
    para("KHPhuLuc", run("{{ pl.so }}")),
    para("KHPhuLucTieuDe", run("{{ pl.tieu_de }}")),
    para("KHPhuLucKemTheo", run("{{ pl.kem_theo }}")),
    para(None, run("{{p pl.bang }}")),
    para(None),
    tag("endfor"),
]

DOCUMENT_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
    + HEADER
    + "".join(BODY)
    + SIGNATURE
    + para(None)
    + "".join(ANNEX)
    + section(landscape=False, restart=False)
    + "</w:body></w:document>"
)


def _header(content: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}" xmlns:r="{R}">{content}</w:hdr>'


HEADER_PAGE = _header(
    '<w:p><w:pPr><w:pStyle w:val="KHSoTrang"/></w:pPr>'
    '<w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p>'
)
HEADER_FIRST = _header('<w:p><w:pPr><w:pStyle w:val="KHSoTrang"/></w:pPr></w:p>')

SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>'
)

FONT_TABLE = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W}">'
    f'<w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)

# A minimal theme: Word expects one, and its fonts are Times New Roman too.
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_COLORS = [("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1F1F1F"), ("lt2", "EEEEEE"), ("accent1", "4472C4"),
           ("accent2", "ED7D31"), ("accent3", "A5A5A5"), ("accent4", "FFC000"), ("accent5", "5B9BD5"),
           ("accent6", "70AD47"), ("hlink", "0563C1"), ("folHlink", "954F72")]
_FILL = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
_FONTS = f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'
THEME = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<a:theme xmlns:a="{_A}" name="docgen"><a:themeElements><a:clrScheme name="docgen">'
    + "".join(f'<a:{n}><a:srgbClr val="{v}"/></a:{n}>' for n, v in _COLORS)
    + f'</a:clrScheme><a:fontScheme name="docgen"><a:majorFont>{_FONTS}</a:majorFont>'
    f"<a:minorFont>{_FONTS}</a:minorFont></a:fontScheme>"
    f'<a:fmtScheme name="docgen"><a:fillStyleLst>{_FILL * 3}</a:fillStyleLst>'
    f"<a:lnStyleLst>{_LINE * 3}</a:lnStyleLst>"
    f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_FILL * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PKG_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>'
    '<Relationship Id="rIdHeaderPage" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
    '<Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>'
    "</Relationships>"
)

CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:title>Mẫu Kế hoạch (Nghị định 30/2020/NĐ-CP)</dc:title><dc:creator>docgen</dc:creator>"
    "<dc:language>vi-VN</dc:language></cp:coreProperties>"  # no dates: a template is never issued
)

APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>docgen</Application></Properties>"
)

PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": PKG_RELS,
    "docProps/core.xml": CORE,
    "docProps/app.xml": APP,
    "word/document.xml": DOCUMENT_XML,
    "word/_rels/document.xml.rels": DOC_RELS,
    "word/styles.xml": STYLES_XML,
    "word/settings.xml": SETTINGS,
    "word/fontTable.xml": FONT_TABLE,
    "word/theme/theme1.xml": THEME,
    "word/header1.xml": HEADER_PAGE,
    "word/header2.xml": HEADER_FIRST,
}


def main() -> None:
    OUT.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    print(f"đã ghi {OUT}")


if __name__ == "__main__":
    main()
