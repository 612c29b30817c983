"""The plan as data. Reads like the outline of a Kế hoạch: identity, căn cứ,
parts I–V, closing, recipients, signer, annex.

Keys are the document's own terms in ASCII snake_case; every field carries a
Vietnamese description, which becomes the editor's hint in the JSON Schema.
Numbering ("I.", "1.", "1.1.", "a)", "-", "+") is never part of the data: it is
produced from the nesting when the plan is rendered.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from docgen import hints

MAX_DEPTH = 4  # numbered levels of an item: 1., 1.1., 1.1.1., a)

# Characters XML 1.0 cannot carry (a Word file with one of them does not open).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def tidy(text: str) -> str:
    """Return text in NFC with runs of white space folded to one space; refuse control characters."""
    bad = None if text.isprintable() else _NOT_XML.search(text)  # isprintable: the common case, fast
    if bad:
        raise ValueError(
            f"có ký tự điều khiển không in được (U+{ord(bad.group()):04X}) ở ký tự thứ {bad.start() + 1}; "
            "hãy xóa ký tự đó (thường do dán từ phần mềm khác)"
        )
    return " ".join(unicodedata.normalize("NFC", text).split())  # split(): runs of any white space


def _not_empty(text: str) -> str:
    if not text:
        raise ValueError("không được để trống")
    return text


def _vietnamese_date(value: Any) -> Any:
    """Accept 11/01/2024 as well as 2024-01-11 (both are how officials write dates)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # never a Unix timestamp
        raise ValueError(f"phải là ngày, viết dạng 2024-01-11 hoặc 11/01/2024; đang ghi `{value}`")
    if isinstance(value, str) and hasattr(value, "number"):
        raise ValueError(f"phải là ngày, viết dạng 2024-01-11 hoặc 11/01/2024; đang ghi `{value}`")
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value)
        if m:
            day, month, year = map(int, m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"`{value.strip()}` không phải là ngày có thật") from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _number_as_text(value: Any) -> Any:
    """A name like `TDP 1` is written `ten: 1`; YAML reads that as a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _text_as_number(value: Any) -> Any:
    """A count typed `05` arrives as NumberText (its digits kept for names); count it as 5."""
    number = getattr(value, "number", None)
    return number if number is not None and isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(tidy), AfterValidator(_not_empty)]
Date = Annotated[
    dt.date,
    BeforeValidator(_vietnamese_date),
    WithJsonSchema({"type": "string", "anyOf": [{"format": "date"}, {"pattern": r"^\d{1,2}/\d{1,2}/\d{4}$"}]}),
]
Count = Annotated[int, Field(ge=0, strict=True), BeforeValidator(_text_as_number)]


def _text(description: str, **kw: Any) -> Any:
    return Field(description=description, **kw)


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,  # build validators on first use: one for the plan, not one per class
        field_title_generator=hints.title,
        model_title_generator=hints.model_title,
        json_schema_extra=hints.annotate,
    )


class _Shorthand(_Model):
    """A model that may also be written as plain text; `text_field` receives the text."""

    text_field: ClassVar[str] = "noi_dung"

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {cls.text_field: value if cls.text_field == "noi_dung" else [value]}
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler.resolve_ref_schema(handler(core_schema))
        shorthand = {"type": "string", "description": "Viết gọn: chỉ ghi nội dung."}
        return {"title": schema.get("title"), "description": schema.get("description"),
                "anyOf": [shorthand, {k: v for k, v in schema.items() if k not in ("title", "description")}]}


# --- pieces of text -------------------------------------------------------


class Gach(_Shorthand):
    """Một dòng «-»: viết gọn bằng chữ, hoặc viết dạng bảng khi có nhãn, các ý «+» hay dự án."""

    nhan: Text | None = _text("Nhãn in trước dấu hai chấm, ví dụ `Mục tiêu` cho dòng «- Mục tiêu: …».", default=None)
    noi_dung: Text | None = _text("Nội dung của dòng gạch đầu dòng.", default=None)
    du_an: list[Text] = _text(
        "Các dự án, tiểu dự án mà cán bộ này tổ chức thực hiện, viết đúng như tên ở mục nhiệm vụ "
        "(ví dụ `Dự án 5`, `Tiểu dự án 2 thuộc Dự án 3`). In thành «- Tổ chức thực hiện: Dự án 5.»",
        default=[],
    )
    chi_tiet: list[Text] = _text("Các ý «+» nằm dưới dòng gạch đầu dòng này.", default=[])

    @model_validator(mode="after")
    def _something(self) -> "Gach":
        if self.du_an and self.noi_dung:
            raise ValueError("một dòng chỉ ghi `du_an` hoặc `noi_dung`, không ghi cả hai")
        if not (self.noi_dung or self.du_an or self.chi_tiet or self.nhan):
            raise ValueError("dòng gạch đầu dòng trống: hãy ghi `noi_dung`")
        return self


class MoTa(_Shorthand):
    """Một dòng mô tả của dự án («- Mục tiêu: …»), có thể kèm các ý «+»."""

    noi_dung: Text | None = _text("Nội dung in sau nhãn.", default=None)
    chi_tiet: list[Text] = _text("Các ý «+» in dưới dòng này.", default=[])


class _Body(_Model):
    """Body text: plain paragraphs first, then "-" lines."""

    doan: list[Text] = _text("Các đoạn văn (không có gạch đầu dòng), mỗi phần tử là một đoạn.", default=[])
    gach: list[Gach] = _text("Các dòng gạch đầu dòng «-», mỗi phần tử là một dòng.", default=[])


class NoiDung(_Body, _Shorthand):
    """Nội dung: các đoạn văn (`doan`) rồi các dòng «-» (`gach`); viết gọn bằng một đoạn văn."""

    text_field: ClassVar[str] = "doan"


class Muc(_Body):
    """A numbered item with a title, its text and its own numbered sub-items."""

    tieu_de: Text = _text("Tiêu đề của mục (không ghi số thứ tự: số do docgen đánh).")
    muc: list[Muc] = _text("Các mục con, đánh số tiếp theo (1.1., 1.2., …).", default=[])


# --- identity and legal basis ---------------------------------------------


class CoQuan(_Model):
    ten: Text = _text("Tên cơ quan ban hành như viết trong câu, ví dụ `Ủy ban nhân dân thị trấn Kông Chro`.")
    dong_tieu_de: list[Text] | None = _text(
        "Cách ngắt dòng tên cơ quan ở góc trái trang đầu (in hoa). Bỏ trống thì docgen tự ngắt trước "
        "`xã`, `phường`, `thị trấn`…: ỦY BAN NHÂN DÂN / THỊ TRẤN KÔNG CHRO.",
        default=None,
    )


class VanBan(_Model):
    """A legal basis, rendered as one sentence: "Căn cứ <loại> số <số> ngày <ngày> của <cơ quan> <nội dung>;"."""

    loai: Text = _text("Loại văn bản, ví dụ `Nghị quyết`, `Quyết định`, `Kế hoạch`.")
    so_ky_hieu: Text = _text("Số và ký hiệu, ví dụ `24/2021/QH15` hoặc `194/KH-UBND`.")
    ngay: Date = _text("Ngày ban hành, ví dụ 2021-07-28 (hoặc 28/07/2021).")
    co_quan: Text = _text("Cơ quan ban hành, ví dụ `Quốc hội`, `Ủy ban nhân dân huyện Kông Chro`.")
    noi_dung: Text = _text("Trích yếu nội dung, ví dụ `phê duyệt chủ trương đầu tư …`.")


# --- parts I-V ------------------------------------------------------------


class MucDichYeuCau(_Model):
    muc_dich: NoiDung = _text("Mục đích: một đoạn văn hoặc các đoạn (`doan`) và dòng gạch đầu dòng (`gach`).")
    yeu_cau: NoiDung = _text("Yêu cầu: một đoạn văn hoặc các đoạn (`doan`) và dòng gạch đầu dòng (`gach`).")


class MucTieuCuThe(_Model):
    chuan_ngheo: Text = _text(
        "Chuẩn nghèo dùng trong các chỉ tiêu, ví dụ `chuẩn nghèo đa chiều giai đoạn 2022-2025`. "
        "Các câu chỉ tiêu (tỷ lệ hộ nghèo cuối năm, mức giảm, tỷ lệ giảm hộ nghèo DTTS) được tính từ phụ lục."
    )
    gach: list[Gach] = _text("Các mục tiêu cụ thể khác, in sau các câu chỉ tiêu.", default=[])


class MucTieu(_Model):
    tong_quat: NoiDung = _text("Mục tiêu tổng quát.")
    cu_the: MucTieuCuThe = _text("Mục tiêu cụ thể.")


class DuAn(_Model):
    """A project or sub-project of the programme."""

    ma: Text | None = _text(
        "Tên ngắn dùng để tham chiếu, ví dụ `Dự án 2`, `Tiểu dự án 1`. In trước tên: «Dự án 2: Đa dạng hóa sinh kế…».",
        default=None,
    )
    ten: Text = _text("Tên dự án, ví dụ `Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo`.")
    muc_tieu: MoTa | None = _text("Dòng «- Mục tiêu: …».", default=None)
    doi_tuong: MoTa | None = _text("Dòng «- Đối tượng: …».", default=None)
    noi_dung: MoTa | None = _text("Dòng «- Nội dung: …».", default=None)
    noi_dung_ho_tro: MoTa | None = _text("Dòng «- Nội dung hỗ trợ: …» (dùng thay cho `noi_dung`).", default=None)
    tieu_du_an: list[DuAn] = _text("Các tiểu dự án, đánh số tiếp theo.", default=[])

    @model_validator(mode="after")
    def _one_content(self) -> "DuAn":
        if self.noi_dung and self.noi_dung_ho_tro:
            raise ValueError("chỉ ghi một trong hai: `noi_dung` hoặc `noi_dung_ho_tro`")
        return self


class PhanCong(_Body):
    """The tasks of one official or unit."""

    can_bo: Text = _text(
        "Cán bộ, công chức hoặc đơn vị được giao, ví dụ `Công chức Tài chính - Kế toán`. "
        "Các dự án họ tổ chức thực hiện ghi trong một dòng `gach` có khóa `du_an`."
    )


class ChinhSach(_Body):
    """A support policy, with the official in charge."""

    ten: Text = _text("Tên chính sách, ví dụ `Chính sách BHYT`.")
    phu_trach: Text | None = _text(
        "Cán bộ phụ trách; in trong tiêu đề: «Chính sách BHYT (giao … phụ trách)».", default=None
    )
    phan_cong: list[PhanCong] = _text("Nhiệm vụ của từng cán bộ, đơn vị trong chính sách này.", default=[])


class NhomNhiemVu(_Body):
    """A numbered group of tasks and solutions (part III)."""

    tieu_de: Text = _text("Tiêu đề nhóm nhiệm vụ (không ghi số thứ tự).")
    du_an: list[DuAn] = _text("Các dự án, tiểu dự án của nhóm, in trước phần phân công.", default=[])
    chinh_sach: list[ChinhSach] = _text("Các chính sách hỗ trợ của nhóm.", default=[])
    phan_cong: list[PhanCong] = _text("Nhiệm vụ của từng cán bộ, đơn vị, in sau dự án và chính sách.", default=[])


class HanBaoCao(_Model):
    ngay: Date = _text("Hạn gửi báo cáo, ví dụ 2024-05-10.")
    ky: Text | None = _text("Kỳ báo cáo, in trong ngoặc sau ngày, ví dụ `báo cáo 06 tháng`.", default=None)


class BaoCao(_Model):
    """A reporting duty: "<don_vi> <noi_dung> gửi về <gui_ve> [định kỳ] trước ngày … <ket>."."""

    don_vi: Text = _text("Ai báo cáo, ví dụ `Các ngành, công chức chuyên môn`.")
    noi_dung: Text = _text("Báo cáo gì, ví dụ `báo cáo kết quả thực hiện Chương trình …`.")
    gui_ve: Text = _text("Gửi cho ai, ví dụ `Ủy ban nhân dân thị trấn (qua Công chức phụ trách LĐ, TB&XH)`.")
    dinh_ky: bool = _text("Báo cáo định kỳ (in chữ «định kỳ» trước hạn).", default=False)
    han: list[HanBaoCao] = _text("Các hạn báo cáo, theo thứ tự thời gian.", default=[])
    ket: Text | None = _text("Phần cuối câu, ví dụ `để tổng hợp`, `theo quy định`.", default=None)


class ToChucThucHien(_Model):
    phan_cong: list[PhanCong] = _text("Trách nhiệm của từng cán bộ, đơn vị (mục 1, 2, 3… của phần V).")
    bao_cao: list[BaoCao] = _text(
        "Trách nhiệm và thời hạn báo cáo; in thành mục cuối «Trách nhiệm báo cáo và thời gian báo cáo».",
        default=[],
    )


# --- signature and annex ---------------------------------------------------


class NguoiKy(_Model):
    tm: Text | None = _text("Ký thay mặt tập thể: `Ủy ban nhân dân` → dòng «TM. ỦY BAN NHÂN DÂN».", default=None)
    kt: Text | None = _text("Cấp phó ký thay: `Chủ tịch` → dòng «KT. CHỦ TỊCH».", default=None)
    q: Text | None = _text("Ký quyền: `Chủ tịch` → dòng «Q. CHỦ TỊCH».", default=None)
    tl: Text | None = _text("Ký thừa lệnh → dòng «TL. …».", default=None)
    tuq: Text | None = _text("Ký thừa ủy quyền → dòng «TUQ. …».", default=None)
    chuc_vu: Text | None = _text("Chức vụ người ký, ví dụ `Phó Chủ tịch` (in hoa).", default=None)
    ho_ten: Text = _text("Họ và tên người ký (không ghi học hàm, học vị).")

    @model_validator(mode="after")
    def _one_authority(self) -> "NguoiKy":
        forms = [k for k in ("kt", "q", "tl", "tuq") if getattr(self, k)]
        if len(forms) > 1:
            raise ValueError(f"chỉ dùng một hình thức ký trong {', '.join(forms)}")
        return self


class DongPhuLuc(_Model):
    """One unit's counts; every rate and year-end figure is computed from them."""

    ten: Text = _text("Tên đơn vị (không ghi `TDP`), ví dụ `Plei Nghe`, `1`.")
    so_ho: Count = _text("Tổng số hộ dân cư cuối năm trước.")
    so_ho_dtts: Count = _text("Trong đó số hộ dân tộc thiểu số (DTTS), cuối năm trước.")
    ho_ngheo: Count = _text("Số hộ nghèo cuối năm trước.")
    ho_ngheo_dtts: Count = _text("Trong đó số hộ nghèo DTTS, cuối năm trước.")
    thoat_ngheo: Count = _text("Số hộ thoát nghèo trong năm kế hoạch.")
    thoat_ngheo_dtts: Count = _text("Trong đó hộ DTTS thoát nghèo.")
    tai_ngheo: Count = _text("Số hộ tái nghèo trong năm kế hoạch.")
    tai_ngheo_dtts: Count = _text("Trong đó hộ DTTS tái nghèo.")
    phat_sinh: Count = _text("Số hộ nghèo phát sinh trong năm kế hoạch.")
    phat_sinh_dtts: Count = _text("Trong đó hộ DTTS nghèo phát sinh.")
    du_kien_so_ho: Count = _text("Dự kiến tổng số hộ dân cư cuối năm kế hoạch.")
    du_kien_so_ho_dtts: Count = _text("Dự kiến số hộ DTTS cuối năm kế hoạch.")
    du_kien_ho_ngheo: Count | None = _text(
        "Không bắt buộc. Số hộ nghèo cuối năm nếu muốn đối chiếu (docgen tự tính và báo lỗi nếu khác).", default=None
    )
    du_kien_ho_ngheo_dtts: Count | None = _text(
        "Không bắt buộc. Số hộ nghèo DTTS cuối năm nếu muốn đối chiếu.", default=None
    )
    ty_le_giam: Decimal | None = _text(
        "Không bắt buộc. Tỷ lệ hộ nghèo giảm (%) nếu muốn đối chiếu, ví dụ 8.2.", default=None
    )


class PhuLuc(_Model):
    don_vi: Text = _text("Loại đơn vị trong bảng, ví dụ `tổ dân phố`, `thôn`, `làng`.")
    viet_tat: Text | None = _text("Chữ viết tắt in trước tên đơn vị, ví dụ `TDP`.", default=None)
    dong: list[DongPhuLuc] = _text("Mỗi đơn vị một dòng, theo thứ tự in trong bảng.", min_length=1)


# --- the plan ----------------------------------------------------------------


class KeHoach(_Model):
    """Kế hoạch (Mẫu 1.4, Phụ lục III, Nghị định 30/2020/NĐ-CP)."""

    co_quan_chu_quan: Text | None = _text(
        "Cơ quan chủ quản (nếu có), in trên tên cơ quan ban hành, ví dụ `Ủy ban nhân dân huyện Kông Chro`.",
        default=None,
    )
    co_quan_ban_hanh: CoQuan = _text("Cơ quan ban hành kế hoạch.")
    so: Annotated[int, Field(gt=0, strict=True), BeforeValidator(_text_as_number)] | None = _text(
        "Số văn bản (số nguyên dương). Bỏ trống khi là dự thảo chưa ký: in «Số:      /KH-UBND».", default=None
    )
    ky_hieu: Annotated[str, Field(pattern=r"^KH-[A-ZĐ][A-ZĐ0-9]*$")] = _text(
        "Ký hiệu: `KH-` và chữ viết tắt tên cơ quan, ví dụ `KH-UBND`.", default="KH-UBND"
    )
    dia_danh: Text = _text("Địa danh ghi trước ngày tháng, ví dụ `Kông Chro`.")
    ngay_ban_hanh: Date | None = _text(
        "Ngày ban hành, ví dụ 2024-01-11. Bỏ trống khi là dự thảo: in «ngày    tháng    năm …».", default=None
    )
    nam: Annotated[int, Field(ge=2000, le=2100, strict=True), BeforeValidator(_text_as_number)] = _text("Năm của kế hoạch, ví dụ 2024.")
    trich_yeu: Text = _text("Trích yếu nội dung, in đậm dưới chữ KẾ HOẠCH.")
    can_cu: list[VanBan] = _text("Căn cứ ban hành, mỗi văn bản một câu «Căn cứ …;».", min_length=1)
    mo_dau: Text = _text("Câu dẫn sau phần căn cứ, ví dụ `Ủy ban nhân dân … ban hành Kế hoạch … như sau:`.")
    muc_dich_yeu_cau: MucDichYeuCau = _text("Phần I. Mục đích, yêu cầu.")
    muc_tieu: MucTieu = _text("Phần II. Mục tiêu.")
    nhiem_vu: list[NhomNhiemVu] = _text("Phần III. Nhiệm vụ và giải pháp: các nhóm nhiệm vụ 1, 2, 3…", min_length=1)
    nguon_luc: list[Muc] = _text("Phần IV. Nguồn lực thực hiện: các mục 1, 2… (kinh phí, nguồn lực khác).", min_length=1)
    to_chuc_thuc_hien: ToChucThucHien = _text("Phần V. Tổ chức thực hiện.")
    ket_thuc: Text = _text("Đoạn kết; docgen thêm «./.» ở cuối.")
    noi_nhan: list[Text] = _text("Nơi nhận, mỗi phần tử một dòng (không ghi dấu «-» và «;»).", min_length=1)
    luu: Text = _text("Nơi lưu, in thành dòng cuối «- Lưu: …», ví dụ `VT, UB`.", default="VT")
    nguoi_ky: NguoiKy = _text("Người ký và thẩm quyền ký.")
    phu_luc: PhuLuc = _text("Phụ lục: bảng tổng hợp chỉ tiêu giảm nghèo, mỗi đơn vị một dòng.")
