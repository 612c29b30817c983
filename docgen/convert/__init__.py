"""A Kế hoạch typed by hand in Word, turned into a new docgen plan (`docgen import FILE.docx -o PLAN.yaml`).

The pipeline, one module a step:

- reader: the .docx (read within docgen.untrusted's limits) as a sequence of blocks,
  paragraphs with their numbering resolved (typed, numbering.xml, heading styles) and
  tables as grids; what cannot be placed (pictures, text boxes, notes…) is listed;
- header: the document's frame: issuing bodies, number, place and date, title, legal
  bases and opening, signature and recipients, annex headings;
- body: the outline (parts, items to any depth, "-" and "+" lines, typed blocks);
- tables: each table as a declared table (column kinds, groups, totals, formulas) or as a
  built-in kind;
- quotes: figures of the text that equal a table's figure, written as quotes;
- emit: the YAML text, with a comment at each place where something was left.

Every step keeps what it cannot place in `Report.left`, so nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.base import doctypes
from docgen.base.errors import DocgenError


@dataclass
class Left:
    """Something of the source that the plan does not hold: where it was, its text, why."""

    where: str
    text: str
    why: str
    element: object = None  # the paragraph it was found in, when it has one: its comment goes there
    placed: bool = False  # written as a comment at its place in the YAML (else at the top)


@dataclass
class Report:
    """What the conversion did, for the command to print."""

    left: list[Left] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was recognised (formulas, kinds, quotes)

    def leave(self, where: str, text: str, why: str, element: object = None) -> None:
        self.left.append(Left(where, text, why, element))


def convert(path, quotes: bool = True) -> tuple[str, Report]:
    """Return the YAML text of the plan read from the .docx at path, and the report of what was done."""
    from docgen.convert import body, emit, header, reader, tables  # cycle: they import Report from here

    report = Report()
    source = reader.read(path, report)
    if not any(getattr(b, "text", "").strip() or not hasattr(b, "text") for b in source.blocks):
        raise DocgenError(f"{path} không có chữ nào (tệp trống, hoặc chỉ có hình ảnh, bản quét): không có gì để "
                          "nhập. Hãy lấy tệp Word có nội dung gõ được của kế hoạch")
    frame = header.read_frame(source.blocks, report)
    fields = frame.fields

    def table(block):
        return tables.convert(block, report)

    parts, part_words, letters = body.outline(frame.body, report, table)
    from docgen.convert.blocks import recognise  # cycle: they import Report from here

    for i, part in enumerate(parts):
        recognise(part, report, f"phan[{i}]")
    out: dict = {}
    for k in ("loai_van_ban", "co_quan_chu_quan", "co_quan_ban_hanh", "so", "ky_hieu", "dia_danh", "ngay_ban_hanh",
              "nam", "trich_yeu", "dong_trich_yeu", "kinh_gui", "can_cu", "mo_dau"):
        if k in fields and (fields[k] is not None or k in ("so", "ngay_ban_hanh")):
            if k == "ky_hieu" and fields[k] == doctypes.of(fields.get("loai_van_ban")).default_symbol:
                continue
            if k == "can_cu" and not fields[k]:
                continue
            out[k] = fields[k]
    if part_words:
        out["danh_so_phan"] = part_words
    if letters:
        out["muc_chu_tu_cap"] = letters
    out["phan"] = [_part(p, part=True) for p in parts]
    if fields.get("ket_thuc"):
        out["ket_thuc"] = fields["ket_thuc"]
    out["noi_nhan"] = fields["noi_nhan"]
    if "luu" in fields:
        out["luu"] = fields["luu"]
    out["nguoi_ky"] = fields["nguoi_ky"]
    annexes = []
    from docgen.convert.kinds import poverty  # cycle: they import Report from here
    from docgen.convert.text import is_upper, sentence  # cycle: they import Report from here

    taken = {"giam_ngheo", "kinh_phi"}
    for title, block in frame.annexes:
        title = sentence(title) if is_upper(title) else title
        built_in = poverty(block, title, fields["nam"], report)
        if built_in is not None:
            annexes.append(built_in)
            continue
        t = table(block)
        if not title:
            report.leave(f"bảng {block.number}", "", "phụ lục không có tên; hãy ghi `tieu_de`")
        from docgen.convert.tables import key  # cycle: they import Report from here

        short = key(" ".join(title.split()[:3]), taken) if title else None  # the name quotes use
        annexes.append({**({"ma": short} if short else {}), "tieu_de": title or "(chưa có tên)", **t})
    if annexes:
        out["phu_luc"] = annexes
    if quotes:
        from docgen.convert.quotes import place  # cycle: they import Report from here

        place(out, report)
    return emit.emit(out, str(getattr(path, "name", path)), report.left, report.notes), report


def _part(item, part: bool = False) -> dict:
    """Return a part or an item as the plan's YAML mapping (only the keys it uses)."""
    out: dict = {}
    if item.comments:
        out["#"] = item.comments
    if item.title is not None:
        out["tieu_de"] = item.title
    others = ("gach", "kinh_phi", "bang", "phan_cong", "bao_cao", "muc", "doan_cuoi")
    if not part and item.title and not item.runin and len(item.doan) == 1 and not any(getattr(item, k) for k in others):
        # a title on its own line over one paragraph: docgen would run the two on («1. Mục đích: …»);
        # as the item's last paragraph it keeps its own line, as in the file
        item.doan, item.doan_cuoi = [], item.doan
    for k in ("doan", "gach", "kinh_phi", "bang", "phan_cong", "bao_cao", "muc", "doan_cuoi"):
        value = getattr(item, k)
        if not value:
            continue
        out[k] = [_part(x) for x in value] if k == "muc" else value
    if not out.get("tieu_de") and not out.get("doan"):
        out["doan"] = ["(trống)"]
    return out
