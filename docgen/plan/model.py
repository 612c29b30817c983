"""The plan as YAML describes it: a Kế hoạch on the form of Decree 30 (Mẫu 1.4, Phụ lục III).

Every Kế hoạch shares one frame: header, number, place and date, title, legal
bases, opening sentence, a body of parts, closing, recipients, signer, and
annexes. The body is a list of parts (`phan`), each with its heading and
numbered items to any depth that real plans use (I. → 1. → 1.1. → 1.1.1. → a)
→ - → +); projects, tasks per official, policies, reports with deadlines and
funding lines are blocks that any item may hold. Annexes are tables of any
shape (docgen/plan/tables/declared.py) or of a built-in kind (docgen/plan/kinds/).

Field names are the document's own words, without diacritics; every field
has a Vietnamese description that the JSON Schema shows in editors.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BeforeValidator, Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator

from docgen.base import doctypes
from docgen.plan.deadline import Deadline
from docgen.plan.fields import MAX_DEPTH, Count, Date, Model, Shorthand, Text, _text_as_number, described, tidy
from docgen.plan.kinds import DEFAULT, KINDS
from docgen.plan.tables.declared import BangTrongMuc as Bang

__all__ = ["MAX_DEPTH", "Count", "tidy"]

_Model, _Shorthand, _text = Model, Shorthand, described


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
    def _something(self) -> Gach:
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

    doan: list[Text] = _text(
        "Các đoạn văn (không có gạch đầu dòng), mỗi phần tử là một đoạn. Số liệu của phụ lục trích bằng "
        "`{{ giam_ngheo.ty_le_cuoi_nam }}`, hoặc một phép tính trên các số liệu, ví dụ "
        "`{{ giam_ngheo.ho_can_ngheo - giam_ngheo.cuoi_can_ngheo }}`.", default=[])
    gach: list[Gach] = _text("Các dòng gạch đầu dòng «-», mỗi phần tử là một dòng.", default=[])


# --- identity and legal basis ---------------------------------------------


class CoQuan(_Shorthand):
    """Một cơ quan ở góc trái trang đầu; viết gọn bằng tên."""

    text_field: ClassVar[str] = "ten"

    ten: Text = _text("Tên cơ quan như viết trong câu, ví dụ `Ủy ban nhân dân thị trấn Kông Chro`.")
    dong_tieu_de: list[Text] | None = _text(
        "Cách ngắt dòng tên cơ quan (in hoa). Bỏ trống thì docgen tự ngắt trước `xã`, `phường`, "
        "`thị trấn`, `huyện`…: ỦY BAN NHÂN DÂN / THỊ TRẤN KÔNG CHRO.",
        default=None,
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"ten": value} if isinstance(value, str) else value


class VanBan(_Model):
    """A legal basis, rendered as one sentence: "Căn cứ <loại> số <số> ngày <ngày> của <cơ quan> <nội dung>;"."""

    loai: Text = _text("Loại văn bản, ví dụ `Nghị quyết`, `Quyết định`, `Kế hoạch`.")
    so_ky_hieu: Text = _text("Số và ký hiệu, ví dụ `24/2021/QH15` hoặc `194/KH-UBND`.")
    ngay: Date = _text("Ngày ban hành, ví dụ 2021-07-28 (hoặc 28/07/2021).")
    co_quan: Text = _text("Cơ quan ban hành, ví dụ `Quốc hội`, `Ủy ban nhân dân huyện Kông Chro`.")
    noi_dung: Text = _text("Trích yếu nội dung, ví dụ `phê duyệt chủ trương đầu tư …`.")


class Luat(_Model):
    """A law, cited by name and date: "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;"."""

    luat: Text = _text("Tên luật, ví dụ `Luật Phòng, chống thiên tai`, `Luật Tổ chức chính quyền địa phương`.")
    ngay: Date = _text("Ngày Quốc hội thông qua, ví dụ 2013-06-19.")
    sua_doi: Text | None = _text(
        "Phần nói về các lần sửa đổi, in sau ngày, ví dụ `; Luật sửa đổi, bổ sung một số điều của Luật Phòng, "
        "chống thiên tai và Luật Đê điều ngày 17 tháng 6 năm 2020`.", default=None)


def _basis_kind(value: Any) -> str:
    # The tags name the variant in error locations: written unlike any key (`Luat`, not `luat`,
    # which is also a field), so that a location is never taken for a place in the data.
    if isinstance(value, str):
        return "TuDo"
    if isinstance(value, dict):
        return "Luat" if "luat" in value else "VanBan"
    return "Luat" if isinstance(value, Luat) else "VanBan"


CanCu = Annotated[
    Annotated[VanBan, Tag("VanBan")] | Annotated[Luat, Tag("Luat")] | Annotated[Text, Tag("TuDo")],
    Discriminator(_basis_kind),
]


# --- the body ---------------------------------------------------------------


class Muc(_Body):
    """Một mục đánh số (1., 1.1., 1.1.1., a)): tiêu đề, nội dung, các khối và các mục con.

    Thứ tự in: đoạn văn (`doan`), dòng «-» (`gach`), rồi các mục con đánh số tiếp theo: dự án
    (`du_an`), chính sách (`chinh_sach`), phân công (`phan_cong`), báo cáo (`bao_cao`), mục con
    (`muc`); cuối cùng các đoạn `doan_cuoi`.
    """

    tieu_de: Text | None = _text(
        "Tiêu đề (không ghi số thứ tự: docgen đánh số). Bỏ trống: mục chỉ có số và đoạn văn, ví dụ «4.1. Các ngành…».",
        default=None,
    )
    du_an: list[DuAn] = _text("Các dự án, tiểu dự án, mỗi dự án một mục con.", default=[])
    chinh_sach: list[ChinhSach] = _text("Các chính sách hỗ trợ, mỗi chính sách một mục con.", default=[])
    phan_cong: list[PhanCong] = _text("Nhiệm vụ của từng cán bộ, đơn vị, mỗi người một mục con.", default=[])
    bao_cao: list[BaoCao] = _text("Trách nhiệm và thời hạn báo cáo, mỗi trách nhiệm một mục con.", default=[])
    kinh_phi: list[KinhPhi] = _text(
        "Các khoản kinh phí, mỗi khoản một dòng «- …: 50.000.000 đồng»; văn bản trích tổng bằng "
        "`{{ kinh_phi.tong }}`.", default=[])
    bang: list[Bang] = _text(
        "Các bảng in ngay trong mục (ví dụ danh sách thành viên), sau các dòng «-» và trước các mục con; "
        "viết như một phụ lục tự khai báo cột, không cần `tieu_de`.", default=[])
    muc: list[Muc] = _text("Các mục con, đánh số tiếp theo (1.1., 1.2., …).", default=[])
    doan_cuoi: list[Text] = _text("Các đoạn văn in sau mọi thứ khác của mục.", default=[])


class Phan(Muc):
    """Một phần của kế hoạch (I., II., …): tiêu đề in hoa và các mục."""

    tieu_de: Text = _text("Tiêu đề phần, ví dụ `Mục đích, yêu cầu` (docgen in hoa và đánh số I., II., …).")


class KinhPhi(_Model):
    """One funding line: "- <noi_dung>: <so_tien> đồng (<nguon>)."."""

    noi_dung: Text = _text("Khoản chi hoặc nguồn, ví dụ `Mua sắm áo phao, đèn pin`.")
    so_tien: Count = _text("Số tiền (đồng), ví dụ 15000000.")
    nguon: Text | None = _text("Nguồn kinh phí, in trong ngoặc, ví dụ `Quỹ phòng, chống thiên tai`.", default=None)


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
    def _one_content(self) -> DuAn:
        if self.noi_dung and self.noi_dung_ho_tro:
            raise ValueError("chỉ ghi một trong hai: `noi_dung` hoặc `noi_dung_ho_tro`")
        return self


class PhanCong(_Body):
    """The tasks of one official or unit."""

    can_bo: Text = _text(
        "Cán bộ, công chức hoặc đơn vị được giao, ví dụ `Công chức Tài chính - Kế toán`. "
        "Các dự án họ tổ chức thực hiện ghi trong một dòng `gach` có khóa `du_an`."
    )
    han: Deadline | None = _text(
        "Thời hạn hoàn thành, in thành dòng cuối «- Thời gian thực hiện: …» và đưa vào lịch (`docgen calendar`), "
        "danh sách nhiệm vụ (`docgen tasks`): `30/6/2025`, `tháng 6/2025`, `Quý II/2025`, "
        "`từ 01/3/2025 đến 30/4/2025` hoặc `thường xuyên`.", default=None)


class ChinhSach(_Body):
    """A support policy, with the official in charge."""

    ten: Text = _text("Tên chính sách, ví dụ `Chính sách BHYT`.")
    phu_trach: Text | None = _text(
        "Cán bộ phụ trách; in trong tiêu đề: «Chính sách BHYT (giao … phụ trách)».", default=None
    )
    phan_cong: list[PhanCong] = _text("Nhiệm vụ của từng cán bộ, đơn vị trong chính sách này.", default=[])


class HanBaoCao(_Model):
    ngay: Date = _text("Hạn gửi báo cáo, ví dụ 2024-05-10.")
    ky: Text | None = _text("Kỳ báo cáo, in trong ngoặc sau ngày, ví dụ `báo cáo 06 tháng`.", default=None)
    chu_ky: Literal["thang", "quy", "6_thang", "9_thang", "nam"] | None = _text(
        "Kỳ báo cáo theo dữ liệu (không in): `thang`, `quy`, `6_thang`, `9_thang`, `nam`. Bỏ trống thì docgen "
        "hiểu từ `ky` («06 tháng», «năm»…).", default=None)

    @property
    def period(self) -> str | None:
        """Return the reporting period: chu_ky, or what the printed label says."""
        if self.chu_ky or not self.ky:
            return self.chu_ky
        label = self.ky.casefold()
        for pattern, period in ((r"\b0?6 tháng", "6_thang"), (r"\b0?9 tháng", "9_thang"), (r"\bquý", "quy"),
                                (r"\bnăm\b", "nam"), (r"\btháng", "thang")):
            if re.search(pattern, label):
                return period
        return None


class BaoCao(_Model):
    """A reporting duty: "<don_vi> <noi_dung> gửi về <gui_ve> [định kỳ] trước ngày … <ket>."."""

    don_vi: Text = _text("Ai báo cáo, ví dụ `Các ngành, công chức chuyên môn`.")
    noi_dung: Text = _text("Báo cáo gì, ví dụ `báo cáo kết quả thực hiện Chương trình …`.")
    gui_ve: Text = _text("Gửi cho ai, ví dụ `Ủy ban nhân dân thị trấn (qua Công chức phụ trách LĐ, TB&XH)`.")
    dinh_ky: bool = _text("Báo cáo định kỳ (in chữ «định kỳ» trước hạn).", default=False)
    han: list[HanBaoCao] = _text("Các hạn báo cáo, theo thứ tự thời gian.", default=[])
    ket: Text | None = _text("Phần cuối câu, ví dụ `để tổng hợp`, `theo quy định`.", default=None)


class NguoiKy(_Model):
    tm: Text | None = _text("Ký thay mặt tập thể: `Ủy ban nhân dân` → dòng «TM. ỦY BAN NHÂN DÂN».", default=None)
    kt: Text | None = _text("Cấp phó ký thay: `Chủ tịch` → dòng «KT. CHỦ TỊCH».", default=None)
    q: Text | None = _text("Ký quyền: `Chủ tịch` → dòng «Q. CHỦ TỊCH».", default=None)
    tl: Text | None = _text("Ký thừa lệnh → dòng «TL. …».", default=None)
    tuq: Text | None = _text("Ký thừa ủy quyền → dòng «TUQ. …».", default=None)
    chuc_vu: Text | None = _text("Chức vụ người ký, ví dụ `Phó Chủ tịch` (in hoa).", default=None)
    ho_ten: Text = _text("Họ và tên người ký (không ghi học hàm, học vị).")

    @model_validator(mode="after")
    def _one_authority(self) -> NguoiKy:
        forms = [k for k in ("kt", "q", "tl", "tuq") if getattr(self, k)]
        if len(forms) > 1:
            raise ValueError(f"chỉ dùng một hình thức ký trong {', '.join(forms)}")
        return self




# --- annexes and the plan ---------------------------------------------------


class LienKet(_Model):
    """Kế hoạch mà báo cáo này báo cáo, và mã kiểm tra các số liệu đã chép từ kế hoạch (docgen report ghi)."""

    tep: Text = _text("Tệp kế hoạch mà báo cáo này báo cáo, tính từ thư mục của báo cáo, ví dụ `ke-hoach-2024.yaml`.")
    ma_kiem_tra: Text | None = _text(
        "Mã kiểm tra các số liệu chép từ kế hoạch (docgen report ghi, không sửa tay). Khi kế hoạch đổi số liệu, "
        "chạy `docgen report --cap-nhat BAO_CAO.yaml`.", default=None)


def _table_kind(value: Any) -> str:
    kind = value.get("loai", DEFAULT) if isinstance(value, dict) else getattr(value, "loai", DEFAULT)
    return kind if isinstance(kind, str) and kind in KINDS else DEFAULT


PhuLuc = Annotated[
    Union[tuple(Annotated[kind.Model, Tag(name)] for name, kind in KINDS.items())],  # noqa: UP007 (built at run time)
    Discriminator(_table_kind),
]


# What a document that does not report on a plan is told when it names one, or a period.
_REPORT_ONLY = {
    "ke_hoach": "chỉ báo cáo (`loai_van_ban: {reporting}`) mới ghi kế hoạch được báo cáo; một {kind} thì bỏ `ke_hoach`",
    "chu_ky": "kỳ báo cáo (`chu_ky`) chỉ ghi ở báo cáo; một {kind} thì bỏ `chu_ky` (hạn báo cáo của kế hoạch ghi "
              "trong `bao_cao.han`)",
}


class KeHoach(_Model):
    """Kế hoạch hoặc Báo cáo (Mẫu 1.4, Phụ lục III, Nghị định 30/2020/NĐ-CP): cùng một khung văn bản."""

    loai_van_ban: Literal[tuple(doctypes.KINDS)] = _text(  # type: ignore[valid-type]
        "Loại văn bản: `ke_hoach` (Kế hoạch, mặc định) hoặc `bao_cao` (Báo cáo: tên loại «BÁO CÁO», ký hiệu "
        "`BC-…`, có thể có «Kính gửi»).", default=doctypes.DEFAULT)
    ke_hoach: LienKet | None = _text(
        "Báo cáo về một kế hoạch: tệp kế hoạch và mã kiểm tra các số đã chép (docgen report ghi). docgen đối chiếu "
        "các số kế hoạch của báo cáo với kế hoạch mỗi lần kiểm tra.", default=None)
    chu_ky: Literal["thang", "quy", "6_thang", "9_thang", "nam"] | None = _text(
        "Kỳ của báo cáo (không in): `6_thang` (6 tháng đầu năm), `nam` (cả năm), `thang`, `quy`, `9_thang`; như "
        "`chu_ky` của các hạn báo cáo trong kế hoạch.", default=None)
    co_quan_chu_quan: CoQuan | None = _text(
        "Cơ quan chủ quản (nếu có), in trên tên cơ quan ban hành, ví dụ `Ủy ban nhân dân huyện Kông Chro`; "
        "muốn ngắt dòng thì ghi `ten` và `dong_tieu_de`.",
        default=None,
    )
    co_quan_ban_hanh: CoQuan = _text("Cơ quan ban hành kế hoạch.")
    so: Annotated[int, Field(gt=0, strict=True), BeforeValidator(_text_as_number)] | None = _text(
        "Số văn bản (số nguyên dương). Bỏ trống khi là dự thảo chưa ký: in «Số:      /KH-UBND».", default=None
    )
    ky_hieu: Annotated[str, Field(pattern=doctypes.SYMBOL)] = _text(
        "Ký hiệu: chữ viết tắt tên loại (`KH` kế hoạch, `BC` báo cáo), gạch nối và chữ viết tắt tên cơ quan, "
        "ví dụ `KH-UBND`, `BC-UBND`. Bỏ trống: theo loại văn bản.", default="KH-UBND"
    )
    dia_danh: Text = _text("Địa danh ghi trước ngày tháng, ví dụ `Kông Chro`.")
    ngay_ban_hanh: Date | None = _text(
        "Ngày ban hành, ví dụ 2024-01-11. Bỏ trống khi là dự thảo: in «ngày    tháng    năm …».", default=None
    )
    nam: Annotated[int, Field(ge=2000, le=2100, strict=True), BeforeValidator(_text_as_number)] = _text("Năm của kế hoạch, ví dụ 2024.")
    trich_yeu: Text = _text("Trích yếu nội dung, in đậm dưới tên loại văn bản (KẾ HOẠCH, BÁO CÁO).")
    dong_trich_yeu: list[Text] | None = _text(
        "Cách ngắt dòng trích yếu, nếu muốn chọn (ghép lại phải đúng bằng `trich_yeu`).", default=None)
    kinh_gui: list[Text] = _text(
        "Báo cáo gửi cơ quan cấp trên: các nơi «Kính gửi», mỗi nơi một phần tử, ví dụ `Ủy ban nhân dân tỉnh Gia "
        "Lai`. docgen in khối «Kính gửi:» dưới trích yếu và thêm «- Như trên;» ở đầu nơi nhận.", default=[])
    can_cu: list[CanCu] = _text(
        "Căn cứ ban hành, mỗi căn cứ một câu «Căn cứ …;»: một văn bản (`loai`, `so_ky_hieu`, `ngay`, `co_quan`, "
        "`noi_dung`), một luật (`luat`, `ngay`), hoặc cả câu viết tự do. Bỏ trống khi `mo_dau` đã nêu căn cứ "
        "(«Thực hiện Quyết định số …, Ủy ban nhân dân … ban hành Kế hoạch … như sau:»).", default=[])
    mo_dau: Text | None = _text(
        "Câu dẫn sau phần căn cứ, ví dụ `Ủy ban nhân dân … ban hành Kế hoạch … như sau:`.", default=None)
    danh_so_phan: Literal["la_ma", "phan_thu", "chu_cai"] = _text(
        "Cách gọi các phần: `la_ma` (I., II., …, mặc định), `phan_thu` («Phần thứ nhất», «Phần thứ hai», "
        "tiêu đề in ở dòng dưới) hoặc `chu_cai` (A., B., …).", default="la_ma")
    muc_chu_tu_cap: Annotated[int, Field(ge=1, le=MAX_DEPTH, strict=True)] | None = _text(
        "Cấp mục bắt đầu đánh số bằng chữ a), b), …: `2` khi «a)» đứng ngay dưới «1.» (I. → 1. → a)); bỏ trống: "
        "1., 1.1., 1.1.1., rồi mới a).", default=None)
    phan: list[Phan] = _text("Các phần của kế hoạch (I., II., …), theo thứ tự in.", min_length=1)
    ket_thuc: Text | None = _text(
        "Đoạn kết; docgen thêm «./.» ở cuối. Bỏ trống khi kế hoạch không có đoạn kết: «./.» in sau đoạn cuối.",
        default=None)
    noi_nhan: list[Text] = _text("Nơi nhận, mỗi phần tử một dòng (không ghi dấu «-» và «;»).", min_length=1)
    luu: Text = _text("Nơi lưu, in thành dòng cuối «- Lưu: …», ví dụ `VT, UB`.", default="VT")
    nguoi_ky: NguoiKy = _text("Người ký và thẩm quyền ký.")
    phu_luc: list[PhuLuc] = _text(
        "Các phụ lục, mỗi phụ lục một bảng: bảng có sẵn (`loai: giam_ngheo`, nhận thêm cột bằng `cot_them`) hoặc "
        "bảng tự khai báo cột (`cot`). Một phụ lục in «Phụ lục»; nhiều phụ lục in «Phụ lục I», «Phụ lục II»….",
        default=[])

    @field_validator("ky_hieu")
    @classmethod
    def _symbol_of_kind(cls, value: str, info: ValidationInfo) -> str:
        kind = doctypes.of(info.data.get("loai_van_ban"))
        if not value.startswith(kind.prefix + "-"):
            raise ValueError(f"ký hiệu của một {kind.name.lower()} bắt đầu bằng `{kind.prefix}-`, ví dụ "
                             f"`{kind.default_symbol}`; đang ghi `{value}`")
        return value

    @field_validator("kinh_gui")
    @classmethod
    def _addressed(cls, value: list[str], info: ValidationInfo) -> list[str]:
        kind = doctypes.of(info.data.get("loai_van_ban"))
        if value and not kind.addressed:
            raise ValueError(f"một {kind.name.lower()} không có «Kính gửi» (Nghị định 30, Phụ lục I, mục II.9.b); "
                             "bỏ `kinh_gui`, ghi các nơi nhận trong `noi_nhan`")
        return value

    @field_validator("ke_hoach", "chu_ky")
    @classmethod
    def _report_only(cls, value: Any, info: ValidationInfo) -> Any:
        """The plan reported on, and the period: only a kind that reports on a plan names them."""
        kind = doctypes.of(info.data.get("loai_van_ban"))
        if value is not None and not kind.reports:
            raise ValueError(_REPORT_ONLY[info.field_name].format(
                reporting=next(k.key for k in doctypes.KINDS.values() if k.reports), kind=kind.name.lower()))
        return value

    @model_validator(mode="before")
    @classmethod
    def _default_symbol(cls, data: Any) -> Any:
        """Without `ky_hieu`, the symbol is the kind's own: `KH-UBND`, `BC-UBND`."""
        kind = data.get("loai_van_ban") if isinstance(data, dict) else None
        if isinstance(kind, str) and kind in doctypes.KINDS and "ky_hieu" not in data:
            return {**data, "ky_hieu": doctypes.KINDS[kind].default_symbol}
        return data

    @model_validator(mode="after")
    def _title_lines(self) -> KeHoach:
        if self.dong_trich_yeu and " ".join(self.dong_trich_yeu) != self.trich_yeu:
            raise ValueError("`dong_trich_yeu` ghép lại phải đúng bằng `trich_yeu`")
        return self
