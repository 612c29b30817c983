"""Vietnamese titles and examples of the plan's fields, for the JSON Schema an editor shows.

Titles and examples are keyed by field name, or by "Model.field" where a name means
different things in different places (a table's `ma` is not a project's `ma`); the
qualified key wins. A title or example given in the field itself (Field(title=…)) is kept
unless a qualified key here names it.
"""

from __future__ import annotations

from typing import Any

TITLES = {
    "bao_cao": "Trách nhiệm và thời hạn báo cáo",
    "can_bo": "Cán bộ, đơn vị được giao",
    "can_cu": "Căn cứ ban hành",
    "chi_tiet": "Các ý «+»",
    "chinh_sach": "Các chính sách hỗ trợ",
    "chu_ky": "Kỳ báo cáo (dữ liệu, không in)",
    "chuc_vu": "Chức vụ người ký",
    "co_quan": "Cơ quan ban hành văn bản",
    "co_quan_ban_hanh": "Cơ quan ban hành",
    "co_quan_chu_quan": "Cơ quan chủ quản",
    "dia_danh": "Địa danh",
    "dinh_ky": "Báo cáo định kỳ",
    "doan": "Các đoạn văn",
    "doi_tuong": "Đối tượng",
    "don_vi": "Đơn vị",
    "BaoCao.don_vi": "Đơn vị báo cáo",
    "BangGiamNgheo.don_vi": "Loại đơn vị",
    "dong": "Các dòng",
    "dong_tieu_de": "Các dòng của tên cơ quan",
    "du_an": "Các dự án",
    "Gach.du_an": "Dự án tổ chức thực hiện",
    "gach": "Các dòng gạch đầu dòng",
    "gui_ve": "Gửi về",
    "han": "Các hạn báo cáo",
    "PhanCong.han": "Thời hạn",
    "ho_ten": "Họ và tên người ký",
    "ket": "Phần cuối câu",
    "ket_thuc": "Đoạn kết",
    "kt": "Ký thay (KT.)",
    "ky": "Kỳ báo cáo",
    "ky_hieu": "Ký hiệu văn bản",
    "kinh_gui": "Kính gửi",
    "loai_van_ban": "Loại văn bản (kế hoạch, báo cáo)",
    "loai": "Loại văn bản",
    "Bang.loai": "Loại bảng",
    "BangGiamNgheo.loai": "Loại bảng",
    "luu": "Nơi lưu",
    "ma": "Tên ngắn của dự án",
    "Bang.ma": "Tên ngắn của bảng",
    "BangGiamNgheo.ma": "Tên ngắn của bảng",
    "mo_dau": "Câu dẫn",
    "muc": "Các mục con",
    "Phan.muc": "Các mục",
    "muc_tieu": "Mục tiêu",
    "phan": "Các phần của kế hoạch",
    "doan_cuoi": "Các đoạn cuối mục",
    "Phan.doan_cuoi": "Các đoạn cuối phần",
    "kinh_phi": "Các khoản kinh phí",
    "so_tien": "Số tiền (đồng)",
    "nguon": "Nguồn kinh phí",
    "luat": "Tên luật",
    "sua_doi": "Các lần sửa đổi",
    "dong_trich_yeu": "Các dòng của trích yếu",
    "loai_bang": "Loại bảng",
    "nam": "Năm kế hoạch",
    "ngay": "Ngày",
    "HanBaoCao.ngay": "Hạn gửi báo cáo",
    "Luat.ngay": "Ngày thông qua",
    "VanBan.ngay": "Ngày ban hành",
    "ngay_ban_hanh": "Ngày ban hành",
    "nguoi_ky": "Người ký",
    "nhan": "Nhãn",
    "noi_dung": "Nội dung",
    "BaoCao.noi_dung": "Nội dung báo cáo",
    "KinhPhi.noi_dung": "Khoản chi",
    "VanBan.noi_dung": "Trích yếu nội dung",
    "noi_dung_ho_tro": "Nội dung hỗ trợ",
    "noi_nhan": "Nơi nhận",
    "phan_cong": "Phân công nhiệm vụ",
    "phu_luc": "Các phụ lục",
    "phu_trach": "Cán bộ phụ trách",
    "q": "Ký quyền (Q.)",
    "so": "Số văn bản",
    "so_ky_hieu": "Số, ký hiệu",
    "ten": "Tên",
    "ChinhSach.ten": "Tên chính sách",
    "CoQuan.ten": "Tên cơ quan",
    "DuAn.ten": "Tên dự án",
    "tieu_de": "Tiêu đề",
    "Muc.tieu_de": "Tiêu đề mục",
    "Phan.tieu_de": "Tiêu đề phần",
    "Bang.tieu_de": "Tên phụ lục",
    "BangTrongMuc.tieu_de": "Tên bảng",
    "BangGiamNgheo.tieu_de": "Tên phụ lục",
    "cot": "Các cột",
    "cot_them": "Các cột thêm",
    "nhom": "Tiêu đề nhóm",
    "kiem_tra": "Điều kiện",
    "thong_bao": "Lời báo",
    "rang_buoc": "Các điều kiện của bảng",
    "tong_cong": "Dòng tổng cộng",
    "so_le": "Số chữ số thập phân",
    "tieu_du_an": "Các tiểu dự án",
    "tl": "Thừa lệnh (TL.)",
    "tm": "Thay mặt (TM.)",
    "trich_yeu": "Trích yếu",
    "tuq": "Thừa ủy quyền (TUQ.)",
    "viet_tat": "Chữ viết tắt trước tên đơn vị",
    "danh_so_phan": "Cách gọi các phần",
    "bang": "Các bảng trong mục",
    "muc_chu_tu_cap": "Cấp mục đánh số bằng chữ",
    "tong_cong_ghi": "Tổng cộng in trong tệp gốc",
    "dau_phan_tram": "In dấu %",
    "ten_dong_tong": "Chữ ở dòng tổng",
    # a report on a plan (docgen report) and its results tables (docgen.plan.kinds.ket_qua, ket_qua_don_vi)
    "ke_hoach": "Kế hoạch được báo cáo",
    "tep": "Tệp kế hoạch",
    "ma_kiem_tra": "Mã kiểm tra số liệu đã chép",
    "KeHoach.chu_ky": "Kỳ báo cáo",
    "BangKetQua.loai": "Loại bảng",
    "BangKetQuaDonVi.loai": "Loại bảng",
    "BangKetQua.ma": "Tên ngắn của bảng",
    "BangKetQuaDonVi.ma": "Tên ngắn của bảng",
    "ChiTieu.ma": "Tên ngắn của chỉ tiêu",
    "ChiTieuDonVi.ma": "Khóa của chỉ tiêu",
    "BangKetQua.tieu_de": "Tên phụ lục",
    "BangKetQuaDonVi.tieu_de": "Tên phụ lục",
    "ChiTieu.ten": "Tên chỉ tiêu",
    "ChiTieuDonVi.ten": "Tên chỉ tiêu",
    "BangKetQuaDonVi.don_vi": "Loại đơn vị",
    "dvt": "Đơn vị tính",
    "chieu": "Chiều của chỉ tiêu (tăng, giảm)",
    "ChiTieu.nguon": "Số liệu kế hoạch được chép",
    "BangKetQuaDonVi.nguon": "Phụ lục kế hoạch có các đơn vị",
    "nguon_dau_ky": "Số liệu đầu kỳ được chép",
    "ChiTieu.ke_hoach": "Số kế hoạch",
    "dau_ky": "Mức đầu kỳ",
    "thuc_hien": "Số thực hiện",
    "chi_tieu": "Các chỉ tiêu",
}

_LINE = "Thường xuyên kiểm tra, giám sát, hướng dẫn, đôn đốc các TDP thực hiện Chương trình."
_GROUP = "Thực hiện các chính sách hỗ trợ giảm nghèo chung"

EXAMPLES: dict[str, list[Any]] = {
    "KeHoach.ke_hoach": [{"tep": "ke-hoach-2024.yaml", "ma_kiem_tra": "d59235c17c49"}],
    "tep": ["ke-hoach-2024.yaml"],
    "ma_kiem_tra": ["d59235c17c49"],
    "BangKetQua.loai": ["ket_qua"],
    "BangKetQuaDonVi.loai": ["ket_qua_don_vi"],
    "BangKetQua.ma": ["ket_qua"],
    "BangKetQuaDonVi.ma": ["ket_qua_don_vi"],
    "ChiTieu.ma": ["ty_le_ngheo"],
    "ChiTieuDonVi.ma": ["ho_ngheo", "ty_le"],
    "BangKetQua.tieu_de": ["Kết quả thực hiện các chỉ tiêu năm 2024"],
    "BangKetQuaDonVi.tieu_de": ["Kết quả thực hiện chỉ tiêu của từng tổ dân phố năm 2024"],
    "ChiTieu.ten": ["Tỷ lệ hộ nghèo cuối năm"],
    "ChiTieuDonVi.ten": ["Số hộ nghèo cuối năm"],
    "BangKetQuaDonVi.don_vi": ["tổ dân phố", "thôn"],
    "dvt": ["%", "hộ"],
    "chieu": ["giam", "tang"],
    "ChiTieu.nguon": ["giam_ngheo.ty_le_cuoi_nam"],
    "BangKetQuaDonVi.nguon": ["giam_ngheo"],
    "nguon_dau_ky": ["giam_ngheo.ty_le_dau_nam"],
    "ChiTieu.ke_hoach": [20.28],
    "dau_ky": [25.28],
    "thuc_hien": [20.5],
    "chi_tieu": [[{"ma": "ho_ngheo", "ten": "Số hộ nghèo cuối năm", "dvt": "hộ", "chieu": "giam"}]],
    "BangKetQua.dong": [[{"ma": "ty_le_ngheo", "ten": "Tỷ lệ hộ nghèo cuối năm", "dvt": "%", "chieu": "giam",
                          "ke_hoach": 20.28, "dau_ky": 25.28, "thuc_hien": 20.5}]],
    "BangKetQuaDonVi.dong": [[{"ten": "TDP 1", "ho_ngheo_dau_ky": 21, "ho_ngheo_ke_hoach": 18,
                               "ho_ngheo_thuc_hien": 18}]],
    "BaoCao.noi_dung": ["báo cáo kết quả thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024"],
    "BaoCao.don_vi": ["Các ngành, công chức chuyên môn"],
    "ChinhSach.ten": ["Chính sách BHYT"],
    "CoQuan.ten": ["Ủy ban nhân dân thị trấn Kông Chro"],
    "DuAn.ten": ["Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo"],
    "DuAn.muc_tieu": ["Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo trên địa bàn."],
    "DuAn.noi_dung": ["Hỗ trợ bò sinh sản."],
    "Gach.noi_dung": [_LINE],
    "Gach.du_an": [["Dự án 5"], ["Tiểu dự án 2 thuộc Dự án 3"]],
    "HanBaoCao.ngay": ["2024-05-10"],
    "KinhPhi.noi_dung": ["Mua sắm áo phao, đèn pin"],
    "Luat.ngay": ["2013-06-19"],
    "Bang.loai": ["bang"],
    "BangGiamNgheo.loai": ["giam_ngheo"],
    "Bang.ma": ["so_tan", "nhiem_vu"],
    "BangGiamNgheo.ma": ["giam_ngheo"],
    "Bang.tieu_de": ["Phương án sơ tán dân khi có thiên tai năm 2025"],
    "BangGiamNgheo.tieu_de": ["Tổng hợp biểu mẫu chỉ tiêu đăng ký giảm nghèo năm 2024"],
    "Phan.tieu_de": ["Mục đích, yêu cầu", "Tổ chức thực hiện"],
    "Phan.muc": [[{"tieu_de": "Mục đích", "doan": ["Phấn đấu …"]}]],
    "MoTa.noi_dung": ["Triển khai trên địa bàn TDP Plei Nghe."],
    "VanBan.noi_dung": ["phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia giảm nghèo bền vững"],
    "VanBan.ngay": ["2021-07-28", "28/07/2021"],
    "bao_cao": [[{"don_vi": "Các ngành, công chức chuyên môn", "noi_dung": "báo cáo kết quả thực hiện Kế hoạch",
                  "gui_ve": "Ủy ban nhân dân thị trấn", "han": [{"ngay": "2024-10-20", "ky": "báo cáo năm"}]}]],
    "can_bo": ["Công chức Tài chính - Kế toán", "Trạm Y tế thị trấn"],
    "can_cu": [[{"loai": "Nghị quyết", "so_ky_hieu": "24/2021/QH15", "ngay": "2021-07-28", "co_quan": "Quốc hội",
                 "noi_dung": "phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia giảm nghèo bền vững"}]],
    "chi_tiet": [["Nội dung 1: Tăng cường việc tiếp cận với các can thiệp trực tiếp phòng chống suy dinh dưỡng."]],
    "chinh_sach": [[{"ten": "Chính sách hỗ trợ tiền điện", "doan": ["Công chức Tài chính - Kế toán phối hợp …"]}]],
    "chuc_vu": ["Phó Chủ tịch", "Chủ tịch"],
    "co_quan": ["Quốc hội", "Ủy ban nhân dân huyện Kông Chro"],
    "co_quan_ban_hanh": [{"ten": "Ủy ban nhân dân thị trấn Kông Chro"}],
    "co_quan_chu_quan": ["Ủy ban nhân dân huyện Kông Chro"],
    "dia_danh": ["Kông Chro"],
    "dinh_ky": [True],
    "doan": [["Tổ chức rà soát, xác định hộ nghèo đảm bảo chính xác, kịp thời, công khai."]],
    "doi_tuong": ["Triển khai trên địa bàn TDP Plei Nghe."],
    "dong_tieu_de": [["ỦY BAN NHÂN DÂN", "THỊ TRẤN KÔNG CHRO"]],
    "gach": [[_LINE, {"nhan": "Mục tiêu", "noi_dung": "Hỗ trợ đa dạng hóa sinh kế."}]],
    "gui_ve": ["Ủy ban nhân dân thị trấn (qua Công chức phụ trách LĐ, TB&XH)"],
    "han": [[{"ngay": "2024-05-10", "ky": "báo cáo 06 tháng"}]],
    "ho_ten": ["Nguyễn Văn A"],
    "ket": ["để tổng hợp", "theo quy định"],
    "ket_thuc": ["Trên đây là Kế hoạch thực hiện Chương trình … để tổng hợp."],
    "kt": ["Chủ tịch"],
    "ky": ["báo cáo 06 tháng", "báo cáo năm"],
    "chu_ky": ["6_thang", "nam"],
    "PhanCong.han": ["Quý II/2025", "30/6/2025", "thường xuyên"],
    "ky_hieu": ["KH-UBND", "BC-UBND"],
    "kinh_gui": [["Ủy ban nhân dân tỉnh Gia Lai"]],
    "loai_van_ban": ["ke_hoach", "bao_cao"],
    "loai": ["Nghị quyết", "Quyết định", "Kế hoạch"],
    "luu": ["VT, UB"],
    "ma": ["Dự án 5", "Tiểu dự án 1"],
    "mo_dau": ["Ủy ban nhân dân thị trấn Kông Chro ban hành Kế hoạch … với những nội dung chủ yếu sau:"],
    "muc": [[{"tieu_de": "Kinh phí", "gach": ["Huy động các nguồn hỗ trợ, giúp đỡ từ các cá nhân, tổ chức."]}]],
    "nam": [2024],
    "ngay": ["2024-01-11"],
    "ngay_ban_hanh": ["2024-01-11", "11/01/2024"],
    "nguoi_ky": [{"tm": "Ủy ban nhân dân", "kt": "Chủ tịch", "chuc_vu": "Phó Chủ tịch", "ho_ten": "Nguyễn Văn A"}],
    "nhan": ["Mục tiêu", "Trực tiếp tổ chức thực hiện"],
    "noi_dung": [_LINE],
    "noi_dung_ho_tro": ["Hỗ trợ bò sinh sản."],
    "noi_nhan": [["Phòng Lao động - TB&XH", "TT. Đảng ủy (B/cáo)"]],
    "phan_cong": [[{"can_bo": "Trạm Y tế thị trấn", "gach": [_LINE]}]],
    "phu_luc": [[{"loai": "giam_ngheo", "don_vi": "tổ dân phố", "viet_tat": "TDP", "dong": [
        {"ten": "Plei Nghe", "so_ho": 492, "so_ho_dtts": 430, "ho_ngheo": 222, "ho_ngheo_dtts": 216, "thoat_ngheo": 38,
         "thoat_ngheo_dtts": 37, "tai_ngheo": 0, "tai_ngheo_dtts": 0, "phat_sinh": 0, "phat_sinh_dtts": 0,
         "du_kien_so_ho": 499, "du_kien_so_ho_dtts": 436}]}]],
    "phan": [[{"tieu_de": "Mục đích, yêu cầu", "muc": [{"tieu_de": "Mục đích", "doan": ["Phấn đấu …"]}]}]],
    "kinh_phi": [[{"noi_dung": "Mua sắm áo phao, đèn pin", "so_tien": 15000000, "nguon": "Quỹ phòng, chống thiên tai"}]],
    "doan_cuoi": [["(Chi tiết tại {{ so_tan.phu_luc }} kèm theo)."]],
    "luat": ["Luật Phòng, chống thiên tai", "Luật Tổ chức chính quyền địa phương"],
    "dong_trich_yeu": [["Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2025", "trên địa bàn xã Phú Cần"]],
    "so_le": [1, 2],
    "du_an": [[{"ma": "Dự án 2", "ten": "Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo"}]],
    "don_vi": ["tổ dân phố", "thôn", "làng"],
    "nguon": ["Quỹ phòng, chống thiên tai", "Ngân sách xã"],
    "so_tien": [15000000],
    "sua_doi": ["; Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều ngày 17 tháng 6 năm 2020"],
    "nhom": ["Số hộ cần sơ tán", "Chính quyền số"],
    "cot": [[{"ma": "thon", "ten": "Thôn, làng"}, {"nhom": "Cần sơ tán", "cot": [{"ma": "so_ho", "ten": "Số hộ", "kieu": "so"}]}]],
    "kiem_tra": ["so_khau >= so_ho"],
    "thong_bao": ["số khẩu ít hơn số hộ"],
    "rang_buoc": [[{"kiem_tra": "so_khau >= so_ho", "thong_bao": "số khẩu ít hơn số hộ"}]],
    "tong_cong": [True],
    "danh_so_phan": ["la_ma", "phan_thu"],
    "muc_chu_tu_cap": [2, 3],
    "tong_cong_ghi": [{"so_ho": 34, "so_khau": 139}],
    "ten_dong_tong": ["Cộng", "Tổng số"],
    "bang": [[{"cot": [{"ma": "ho_ten", "ten": "Họ và tên"}, {"ma": "nhiem_vu", "ten": "Nhiệm vụ"}],
               "dong": [{"ho_ten": "Ksor Thuận", "nhiem_vu": "Trưởng ban"}]}]],
    "phu_trach": ["Công chức phụ trách Lao động, TB&XH"],
    "q": ["Chủ tịch"],
    "so": [45],
    "so_ky_hieu": ["24/2021/QH15", "194/KH-UBND"],
    "ten": ["Dự án 2"],
    "tieu_de": ["Kinh phí", "Nguồn lực khác"],
    "tieu_du_an": [[{"ma": "Tiểu dự án 1", "ten": "Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp"}]],
    "tl": ["Chủ tịch"],
    "tm": ["Ủy ban nhân dân"],
    "trich_yeu": ["Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn thị trấn Kông Chro"],
    "tuq": ["Chủ tịch"],
    "viet_tat": ["TDP"],
}


MODEL_TITLES = {
    "BaoCao": "Trách nhiệm báo cáo",
    "ChinhSach": "Chính sách hỗ trợ",
    "CoQuan": "Cơ quan",
    "DuAn": "Dự án, tiểu dự án",
    "Gach": "Dòng gạch đầu dòng",
    "HanBaoCao": "Hạn báo cáo",
    "KeHoach": "Kế hoạch",
    "MoTa": "Dòng mô tả của dự án",
    "Muc": "Mục",
    "Bang": "Phụ lục: bảng tự khai báo cột",
    "BangGiamNgheo": "Phụ lục: bảng tổng hợp chỉ tiêu giảm nghèo",
    "Phan": "Phần",
    "KinhPhi": "Khoản kinh phí",
    "Luat": "Luật",
    "Cot": "Cột của bảng",
    "CotThem": "Cột thêm vào bảng có sẵn",
    "NhomCot": "Nhóm cột",
    "RangBuoc": "Điều kiện của bảng",
    "Dong": "Một dòng của bảng giảm nghèo",
    "NguoiKy": "Người ký",
    "PhanCong": "Nhiệm vụ của một cán bộ, đơn vị",
    "VanBan": "Văn bản căn cứ",
}


# Descriptions of models whose docstring is written for programmers (in English) or absent.
MODEL_DESCRIPTIONS = {
    "BaoCao": "Một trách nhiệm báo cáo, in thành một mục con: «<đơn vị> <nội dung> gửi về <nơi nhận> "
              "[định kỳ] trước ngày … <phần cuối câu>.».",
    "ChinhSach": "Một chính sách hỗ trợ, in thành một mục con: tên, cán bộ phụ trách, nội dung và phân công.",
    "DuAn": "Một dự án hoặc tiểu dự án của chương trình, in thành một mục con «Dự án 2: …» với các dòng "
            "«- Mục tiêu: …», «- Đối tượng: …», «- Nội dung: …».",
    "HanBaoCao": "Một hạn gửi báo cáo: ngày và kỳ báo cáo.",
    "KinhPhi": "Một khoản kinh phí, in thành một dòng «- <khoản chi>: <số tiền> đồng (<nguồn>).».",
    "Luat": "Một luật làm căn cứ, ghi tên và ngày thông qua: «Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 "
            "năm 2013;».",
    "NguoiKy": "Người ký và thẩm quyền ký (TM., KT., Q., TL., TUQ.), chức vụ và họ tên.",
    "PhanCong": "Nhiệm vụ của một cán bộ hoặc đơn vị, in thành một mục con.",
    "VanBan": "Một văn bản làm căn cứ, in thành một câu: «Căn cứ <loại> số <số, ký hiệu> ngày <ngày> của "
              "<cơ quan> <nội dung>;».",
}

# Descriptions of inherited fields that mean something else in the subclass.
DESCRIPTIONS = {
    "Phan.muc": "Các mục của phần, đánh số 1., 2., … (docgen đánh số).",
    "Phan.doan_cuoi": "Các đoạn văn in sau mọi thứ khác của phần.",
}


def model_title(cls: type) -> str:
    """Return the Vietnamese title of a model."""
    return MODEL_TITLES.get(cls.__name__, cls.__name__)


def title(name: str, _info: Any = None) -> str:
    """Return the Vietnamese title of a field."""
    return TITLES.get(name, name)


def annotate(schema: dict, cls: type) -> None:
    """Give every property of a model's schema its title and examples (a json_schema_extra hook).

    Pydantic leaves the title off a property that refers to another model.
    """
    model = cls.__name__
    if model in MODEL_DESCRIPTIONS:
        schema["description"] = MODEL_DESCRIPTIONS[model]
    for name, prop in schema.get("properties", {}).items():
        # the model's own hint, else a base model's (a table inside an item is a table)
        names = [f"{c.__name__}.{name}" for c in cls.__mro__]
        qualified = next((q for q in names if q in TITLES or q in DESCRIPTIONS or q in EXAMPLES), names[0])
        if qualified in TITLES:
            prop["title"] = TITLES[qualified]
        prop.setdefault("title", title(name))
        if qualified in DESCRIPTIONS:
            prop["description"] = DESCRIPTIONS[qualified]
        if qualified in EXAMPLES:
            prop["examples"] = EXAMPLES[qualified]
        elif name in EXAMPLES:
            prop.setdefault("examples", EXAMPLES[name])
