"""The validated plan -> the template's context: plain strings and lists, nothing to compute.

Everything the template prints is prepared here (numbers, dates, punctuation,
capitals), so a template a user restyles in Word only places text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from docgen.base import doctypes, vn
from docgen.plan import quotes
from docgen.plan.annexes import labels
from docgen.plan.kinds import kind_of
from docgen.plan.model import CoQuan, KeHoach, Luat, NguoiKy
from docgen.plan.outline import blocks
from docgen.render.layout import LANDSCAPE, PORTRAIT, TWIPS, layout
from docgen.render.lines import balanced
from docgen.render.tables import table_xml

if TYPE_CHECKING:
    from docgen.plan.build import Plan

# Words that start the name of an administrative unit: the agency name is broken
# before the first of them in the header ("ỦY BAN NHÂN DÂN" / "THỊ TRẤN KÔNG CHRO").
_UNIT = re.compile(r"\s(?=(?:xã|phường|thị trấn|thị xã|huyện|quận|thành phố|tỉnh)\s)", re.IGNORECASE)


def agency_lines(agency: CoQuan) -> list[str]:
    """Return the agency's name as printed in the header: capitals, broken into lines."""
    if agency.dong_tieu_de:
        return [line.upper() for line in agency.dong_tieu_de]
    return [part.upper() for part in _UNIT.split(agency.ten, maxsplit=1)]


def signature_lines(signer: NguoiKy) -> list[str]:
    """Return the authority lines above the signature: TM. …, KT. …, title (capitals)."""
    lines = [f"TM. {signer.tm.upper()}"] if signer.tm else []
    for key in ("kt", "q", "tl", "tuq"):
        value = getattr(signer, key)
        if value:
            lines.append(f"{key.upper()}. {value.upper()}")
    if signer.chuc_vu:
        lines.append(signer.chuc_vu.upper())
    return lines


def _end(text: str, mark: str) -> str:
    return text.rstrip(" .;,") + mark


def legal_basis(plan: KeHoach) -> list[str]:
    """Return one "Căn cứ …" sentence per legal basis; ";" after each, "," after the last."""
    out = []
    for i, basis in enumerate(plan.can_cu):
        mark = "," if i == len(plan.can_cu) - 1 else ";"
        if isinstance(basis, str):  # a sentence of its own («Thực hiện …») keeps its first words
            sentence = basis if basis.startswith(("Căn cứ", "Thực hiện", "Theo ", "Trên cơ sở")) else f"Căn cứ {basis}"
        elif isinstance(basis, Luat):
            sentence = f"Căn cứ {basis.luat} {vn.words_date(basis.ngay)}{basis.sua_doi or ''}"
        else:
            sentence = (f"Căn cứ {basis.loai} số {basis.so_ky_hieu} ngày {vn.short_date(basis.ngay)} "
                        f"của {basis.co_quan} {basis.noi_dung}")
        out.append(_end(sentence, mark))
    return out


def recipients(plan: KeHoach) -> list[str]:
    """Return the Nơi nhận lines: each ends with ";", the last is "Lưu: …."; a document with a
    «Kính gửi» block starts them with "Như trên;" (PL I, II.9.b), unless the plan already does."""
    lines = list(plan.noi_nhan)
    if plan.kinh_gui and not (lines and lines[0].strip().rstrip(" .;,") == doctypes.SAME_AS_ABOVE):
        lines.insert(0, doctypes.SAME_AS_ABOVE)
    return [_end(r, ";") for r in lines] + [_end(f"Lưu: {plan.luu}", ".")]


def addressees(plan: KeHoach) -> tuple[str, list[str]]:
    """Return the «Kính gửi» block as the template places it: one centred line, or the lines of several."""
    if not plan.kinh_gui:
        return "", []
    lines = doctypes.addressee_lines(plan.kinh_gui)
    return (lines[0], []) if len(plan.kinh_gui) == 1 else ("", lines)


def closing(text: str) -> str:
    """Return the last paragraph of the body, ending with "./." (PL I, II.6)."""
    return text if text.endswith("./.") else _end(text, "./.")


def annex_reference(plan: KeHoach) -> str:
    """Return the line under an annex's title: "(Kèm theo Kế hoạch số 45/KH-UBND ngày 11/01/2024 của …)"."""
    ref = vn.document_reference(plan.so, plan.ky_hieu, plan.ngay_ban_hanh, plan.nam)
    return f"(Kèm theo {doctypes.of(plan.loai_van_ban).name} {ref} của {plan.co_quan_ban_hanh.ten})"


def annexes(plan: Plan) -> list[dict]:
    """Return each annex as the template places it: its name, title, reference line and table."""
    model = plan.model
    out = []
    for table, computed, label in zip(model.phu_luc, plan.tables, labels(len(plan.tables))):
        shape = layout(computed.grid)
        out.append({
            "so": label,
            "tieu_de": kind_of(table).default_title(table, model.nam).upper(),
            "kem_theo": "\n".join(balanced(annex_reference(model), (LANDSCAPE if shape.landscape else PORTRAIT) / TWIPS,
                                           TEXT_PT)),
            "bang": Markup(table_xml(computed.grid, shape)),
            "ngang": shape.landscape,
        })
    return out


# The size of the title and of an annex's «(Kèm theo …)» line (the template's KH Trích yếu, KH Kèm theo).
TEXT_PT = 14


def title(text: str) -> str:
    """Return the trích yếu with line breaks ("\n") where docgen balances its lines (docgen.render.lines)."""
    return "\n".join(balanced(text, PORTRAIT / TWIPS, TEXT_PT, bold=True))


def _ended(body: list[dict], closing_text: str | None) -> list[dict]:
    """Without a closing paragraph, the body's last text ends with «./.» (PL I, II.6)."""
    for b in body:
        if b.get("bang") is not None:  # a table's grid, written as WordprocessingML placed by the template
            b["bang"] = Markup(table_xml(b["bang"], layout(b["bang"])))
    if closing_text or not body:
        return body
    last = body[-1]
    field_ = "sau" if last["kieu"] == "muc_lien" else "tieu_de" if last["kieu"] in ("muc", "phan") else "noi_dung"
    if last["kieu"] != "bang" and not last[field_].endswith("./."):
        last[field_] = _end(last[field_], "./.")
    return body


def build(plan: Plan) -> dict:
    """Return the complete context of the template: a Kế hoạch's, or a Báo cáo's on the same frame."""
    model = plan.model
    fill = lambda text: quotes.fill(text, plan.figures)
    one, several = addressees(model)
    return {
        "ten_loai": doctypes.of(model.loai_van_ban).title,
        "kinh_gui_mot": one,
        "kinh_gui": several,
        "co_quan_chu_quan": [line.upper() for line in (
            (model.co_quan_chu_quan.dong_tieu_de or [model.co_quan_chu_quan.ten]) if model.co_quan_chu_quan else [])],
        "co_quan_dong": agency_lines(model.co_quan_ban_hanh),
        "so_ky_hieu": vn.document_number(model.so, model.ky_hieu),
        "dia_danh_ngay": vn.long_date(model.dia_danh, model.ngay_ban_hanh, model.nam),
        "trich_yeu": [fill(line) for line in model.dong_trich_yeu] if model.dong_trich_yeu else [title(fill(model.trich_yeu))],
        "can_cu": legal_basis(model),
        "mo_dau": fill(model.mo_dau) if model.mo_dau else "",
        "than": _ended([dict(vars(b)) for b in blocks(plan)], model.ket_thuc),  # copies: _ended edits them
        "ket_thuc": fill(closing(model.ket_thuc)) if model.ket_thuc else "",
        "noi_nhan": recipients(model),
        "nguoi_ky": {"dong": signature_lines(model.nguoi_ky), "ho_ten": model.nguoi_ky.ho_ten},
        "nam": model.nam,
        "phu_luc": annexes(plan),
    }


def properties(plan: KeHoach) -> dict:
    """Return the document properties: title and author from the plan; created and modified are the issue
    date, at its first minute where it was issued (W3CDTF needs a zone with a time; Word shows the reader's
    local time, so in Việt Nam the date with no hour), and None in a draft, which has no issue date."""
    day = plan.ngay_ban_hanh
    moment = vn.issued_at(day) if day else None
    return {"title": plan.trich_yeu, "author": plan.co_quan_ban_hanh.ten, "created": moment, "modified": moment}
