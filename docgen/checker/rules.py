"""The catalogue of rules that `docgen check` applies to a Kế hoạch.

Each rule has an id, the passage it cites, a severity and a Vietnamese
description. The ND30.* rules are the decree's, their ids built from its own
numbering (Nghị định 30/2020/NĐ-CP, Phụ lục I: thể thức, kỹ thuật trình bày).
The DG.* rules are not the decree's and say so: they check that the figures of
a table add up and can be read (docgen.checker.arithmetic, .wrapping, .unbroken).
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.base.errors import ERROR, WARNING


@dataclass(frozen=True)
class Rule:
    id: str
    cite: str
    severity: str
    description: str


_PL1 = "Nghị định 30/2020/NĐ-CP, Phụ lục I"
_OWN = "quy tắc kiểm tra số liệu của docgen, không phải quy định của Nghị định 30/2020/NĐ-CP"

RULES = {r.id: r for r in [
    Rule("ND30.PL1.I.1", f"{_PL1}, mục I.1", ERROR, "Văn bản trình bày trên khổ giấy A4 (210 mm × 297 mm)."),
    Rule("ND30.PL1.I.2", f"{_PL1}, mục I.2", WARNING,
         "Trang đứng; trang nằm ngang chỉ dùng cho trang có bảng rộng (phụ lục)."),
    Rule("ND30.PL1.I.3", f"{_PL1}, mục I.3", ERROR,
         "Lề trên, lề dưới 20–25 mm; lề trái 30–35 mm; lề phải 15–20 mm."),
    Rule("ND30.PL1.I.4", f"{_PL1}, mục I.4", ERROR, "Phông chữ Times New Roman (bộ mã Unicode TCVN 6909:2001)."),
    Rule("ND30.PL1.I.7.a", f"{_PL1}, mục I.7", WARNING,
         "Số trang bằng chữ số Ả Rập, cỡ 13–14, đặt giữa lề trên (trường PAGE ở đầu trang)."),
    Rule("ND30.PL1.I.7.b", f"{_PL1}, mục I.7", ERROR, "Không hiển thị số trang ở trang thứ nhất."),
    Rule("ND30.PL1.III.1.dd", f"{_PL1}, mục III.1.đ", WARNING, "Số trang của phụ lục đánh riêng, bắt đầu từ 1."),
    Rule("ND30.PL1.II.1.a", f"{_PL1}, mục II.1.a", ERROR,
         "Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»: chữ in hoa, đứng, đậm, cỡ 12–13."),
    Rule("ND30.PL1.II.1.b", f"{_PL1}, mục II.1.b", ERROR,
         "Tiêu ngữ «Độc lập - Tự do - Hạnh phúc»: chữ đậm, cỡ 13–14, gạch nối (-) có cách chữ hai bên."),
    Rule("ND30.PL1.II.3", f"{_PL1}, mục II.3", WARNING,
         "Tên cơ quan ban hành: chữ in hoa, đứng, đậm, cỡ 12–13."),
    Rule("ND30.PL1.II.4.a", f"{_PL1}, mục II.4.a", ERROR,
         "«Số:» rồi số văn bản (số nhỏ hơn 10 ghi thêm số 0 phía trước), «/» và ký hiệu, không cách; cỡ 13."),
    Rule("ND30.PL1.II.4.b", f"{_PL1}, mục II.4.b", ERROR,
         "Địa danh, ngày tháng: «…, ngày DD tháng M năm YYYY», ngày dưới 10 và tháng 1, 2 ghi thêm số 0; "
         "chữ nghiêng, cỡ 13–14."),
    Rule("ND30.PL1.II.5.b", f"{_PL1}, mục II.5.b", ERROR,
         "Tên loại văn bản («KẾ HOẠCH», «BÁO CÁO») và trích yếu: chữ đậm, cỡ 13–14, canh giữa."),
    Rule("ND30.PL1.II.6.e.1", f"{_PL1}, mục II.6.e", ERROR, "Phần nội dung: chữ cỡ 13–14, cùng một cỡ trong toàn văn bản."),
    Rule("ND30.PL1.II.6.e.2", f"{_PL1}, mục II.6.e", WARNING, "Phần nội dung canh đều hai lề."),
    Rule("ND30.PL1.II.6.e.3", f"{_PL1}, mục II.6.e", WARNING, "Đầu dòng lùi vào 1 cm hoặc 1,27 cm."),
    Rule("ND30.PL1.II.6.e.4", f"{_PL1}, mục II.6.e", WARNING, "Khoảng cách giữa các đoạn văn tối thiểu 6 pt."),
    Rule("ND30.PL1.II.6.e.5", f"{_PL1}, mục II.6.e", WARNING, "Khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng."),
    Rule("ND30.PL1.II.6.e.6", f"{_PL1}, mục II.6.e", WARNING,
         "Không ngắt dòng thủ công trong đoạn canh đều (Word kéo giãn dòng trước chỗ ngắt)."),
    Rule("ND30.PL1.II.6.d", f"{_PL1}, mục II.6.d", WARNING,
         "Phần (I, II…) chữ in hoa, đậm; mục có tiêu đề (1., 1.1.…) chữ đậm."),
    Rule("ND30.PL1.II.6.g", f"{_PL1}, mục II.6", ERROR, "Kết thúc phần nội dung bằng dấu «./.»."),
    Rule("ND30.PL1.II.7", f"{_PL1}, mục II.7", ERROR,
         "Quyền hạn người ký (TM., KT., Q., TL., TUQ.) và chức vụ: chữ in hoa, đậm; họ tên người ký chữ đậm."),
    Rule("ND30.PL1.II.9.b", f"{_PL1}, mục II.9.b", ERROR,
         "«Kính gửi:» (báo cáo, tờ trình gửi cấp trên) dưới trích yếu: chữ đứng, cỡ 13–14; nơi nhận cuối văn bản bắt "
         "đầu bằng «- Như trên;». Kế hoạch không có «Kính gửi»."),
    Rule("ND30.PL1.II.9.d.1", f"{_PL1}, mục II.9.d", ERROR, "Từ «Nơi nhận:» chữ nghiêng, đậm, cỡ 12."),
    Rule("ND30.PL1.II.9.d.2", f"{_PL1}, mục II.9.d", ERROR,
         "Mỗi nơi nhận một dòng bắt đầu bằng «-», kết thúc bằng «;»; dòng cuối «- Lưu: VT, …» kết thúc bằng «.»."),
    Rule("ND30.PL1.II.9.d.3", f"{_PL1}, mục II.9.d", WARNING, "Các dòng nơi nhận chữ cỡ 11."),
    Rule("ND30.PL1.III.1.b", f"{_PL1}, mục III.1.b", WARNING, "Chữ «Phụ lục» cỡ 14, đậm, canh giữa, dòng riêng."),
    Rule("ND30.PL1.III.1.c", f"{_PL1}, mục III.1.c", WARNING,
         "Dưới tên phụ lục có dòng «(Kèm theo Kế hoạch số … ngày … của …)» (một báo cáo: «Kèm theo Báo cáo số …») "
         "chữ nghiêng, canh giữa."),
    Rule("CQDP.2025", "Hiến pháp (sửa đổi năm 2025), Điều 110: chính quyền địa phương hai cấp từ ngày 01/7/2025",
         WARNING, "Văn bản ban hành từ ngày 01/7/2025 không ghi đơn vị cấp huyện (huyện, quận, thị xã, thành phố "
         "thuộc tỉnh) hay thị trấn ở tên cơ quan, chữ ký, «Kính gửi» và nơi nhận: các đơn vị đó không còn. Căn cứ "
         "ban hành trước ngày đó vẫn được trích dẫn."),
    # Not rules of the decree: what any table of figures must get right to be read correctly.
    Rule("DG.BANG.TONG", _OWN, ERROR,
         "Dòng «Tổng cộng», «Tổng số», «Cộng» bằng tổng các dòng nó cộng (dòng nhóm có số liệu bằng tổng "
         "các dòng trong nhóm); các cột tỷ lệ, bình quân không cộng dồn."),
    Rule("DG.BANG.TYLE", _OWN, ERROR,
         "Cột «Tỷ lệ %» bằng số ở cột tử số chia số ở cột mẫu số, nhân 100, làm tròn đến số chữ số thập phân "
         "được in (cả ở dòng tổng: tỷ lệ của các số tổng)."),
    Rule("DG.BANG.NGATSO", _OWN, WARNING,
         "Không số nào trong bảng bị ngắt xuống dòng: ô phải đủ rộng cho số dài nhất, sau khi trừ lề trong của ô."),
    Rule("DG.BANG.NGATMA", _OWN, WARNING,
         "Số, ký hiệu văn bản, số điện thoại, ngày trong bảng không bị ngắt xuống dòng: ô phải đủ rộng cho cả số."),
    Rule("DG.SOHIEU.GACH", _OWN, WARNING,
         "Số, ký hiệu văn bản trong câu văn («78/2021/NĐ-CP») dùng dấu gạch nối không ngắt, để cuối dòng không "
         "còn «NĐ-» một mình."),
    Rule("DG.TRICH", _OWN, ERROR,
         "Với văn bản docgen tạo: số liệu câu văn trích từ phụ lục (ví dụ tỷ lệ hộ nghèo cuối năm) bằng số ở "
         "dòng tổng cộng của phụ lục trong chính văn bản."),
    Rule("DG.TRICH.MAT", _OWN, WARNING,
         "Với văn bản docgen tạo: còn tìm thấy các câu trích số liệu từ phụ lục để đối chiếu."),
]}
