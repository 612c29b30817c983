"""`docgen new`: next year's draft, with comments kept and what to review marked."""

import contextlib
import io
import shutil

import pytest

from docgen.cli import main
from docgen.commands.new import REVIEW, _move_years, default_output
from tests.conftest import SAMPLE, SAMPLE_TEXT, load_yaml, plan_file


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> tuple[str, str]:
    """The 2025 draft docgen new makes of the sample, made once: its text, and what new printed."""
    folder = tmp_path_factory.mktemp("new")
    source = folder / "ke-hoach-2024.yaml"
    shutil.copy(SAMPLE, source)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["new", str(source), "--year", "2025"]) == 0
    return (folder / "ke-hoach-2025.yaml").read_text(encoding="utf-8"), printed.getvalue()


@pytest.fixture
def rolled(tmp_path, draft):
    """The sample and its draft in a folder of the test's own: source, draft file, its text, what new printed."""
    source = tmp_path / "ke-hoach-2024.yaml"
    shutil.copy(SAMPLE, source)
    out = tmp_path / "ke-hoach-2025.yaml"
    out.write_text(draft[0], encoding="utf-8", newline="")
    return source, out, draft[0], draft[1]


@pytest.mark.parametrize(
    ("text", "moved"),
    [
        ("giảm nghèo năm 2024 trên địa bàn", "giảm nghèo năm 2025 trên địa bàn"),
        ("trước ngày 31/01/2024 để tổng hợp", "trước ngày 31/01/2025 để tổng hợp"),
        ("hạn 29/02/2024", "hạn 28/02/2025"),
        ("giai đoạn 2021-2025", "giai đoạn 2021-2025"),
        ("giai đoạn 2024 - 2025", "giai đoạn 2024 - 2025"),
        ("Nghị quyết số 48/2024/NQ-HĐND", "Nghị quyết số 48/2024/NQ-HĐND"),
        ("năm 20245", "năm 20245"),
    ],
)
def test_only_the_plan_year_moves(text, moved):
    assert _move_years(text, 2024, 2025) == moved


def test_default_name_follows_the_year(tmp_path):
    assert default_output(tmp_path / "ke-hoach-2024.yaml", 2024, 2025).name == "ke-hoach-2025.yaml"
    assert default_output(tmp_path / "kong-chro.yaml", 2024, 2025).name == "kong-chro-2025.yaml"


def test_the_draft_has_no_number_or_date_and_moves_the_year(rolled):
    _, _, text, _ = rolled
    data = load_yaml(text)
    assert data["nam"] == 2025 and data["so"] is None and data["ngay_ban_hanh"] is None
    assert "năm 2025 trên địa bàn thị trấn Kông Chro" in " ".join(data["trich_yeu"].split())
    assert [h["ngay"].isoformat() for h in data["phan"][4]["muc"][0]["bao_cao"][0]["han"]] == ["2025-05-10", "2025-10-20"]


def test_legal_references_keep_their_years_and_year_bound_ones_are_marked(rolled):
    _, _, text, _ = rolled
    data = load_yaml(text)
    first = data["can_cu"][0]
    assert first["so_ky_hieu"] == "24/2021/QH15" and first["ngay"].isoformat() == "2021-07-28"
    assert "giai đoạn 2021-2025" in first["noi_dung"]
    assert data["can_cu"][3]["noi_dung"].endswith("năm 2024")  # a 2024 decision stays a 2024 decision
    assert text.count(f"# {REVIEW}văn bản gắn với năm 2024") == 5
    assert "giai đoạn 2024 - 2025" in text  # a period inside a policy's text


def test_the_annex_rolls_forward(rolled):
    _, _, text, _ = rolled
    rows = {r["ten"]: r for r in load_yaml(text)["phu_luc"][0]["dong"]}
    nghe = rows["Plei Nghe"]
    assert (nghe["so_ho"], nghe["so_ho_dtts"], nghe["ho_ngheo"], nghe["ho_ngheo_dtts"]) == (499, 436, 184, 179)
    assert all(nghe[k] == 0 for k in ("thoat_ngheo", "thoat_ngheo_dtts", "tai_ngheo", "phat_sinh"))
    assert (nghe["du_kien_so_ho"], nghe["du_kien_so_ho_dtts"]) == (499, 436)
    assert f"# {REVIEW}số đầu năm 2025 lấy từ dự kiến cuối năm 2024" in text


def test_comments_key_order_and_layout_are_kept(rolled):
    source, _, text, _ = rolled
    old = source.read_text(encoding="utf-8").splitlines()
    new = text.splitlines()
    comments = [line for line in old if line.lstrip().startswith("#")]
    assert all(c in new for c in comments)
    assert [line.split(":")[0] for line in new if line and not line[0] in " #-"] == \
           [line.split(":")[0] for line in old if line and not line[0] in " #-"]
    marks = sum(1 for line in new if line.lstrip().startswith(f"# {REVIEW}"))
    assert len(new) - len(old) == marks + 2  # only mark lines were added (the annex mark has three)


def test_it_reports_changes_and_reviews_and_the_draft_validates_and_renders(rolled, tmp_path):
    _, out, _, printed = rolled
    assert "Đã thay đổi:" in printed and "Cần xem lại" in printed and "TDP 1: 410 hộ, 18 hộ nghèo" in printed
    assert main(["validate", str(out)]) == 0
    assert main(["render", str(out), "-o", str(tmp_path / "draft.docx")]) == 0
    from docgen.commands.text import lines

    rendered = lines(tmp_path / "draft.docx")
    assert "Số:      /KH-UBND" in rendered and "Kông Chro, ngày    tháng    năm 2025" in rendered


def test_an_existing_file_is_not_overwritten_without_force(rolled, capsys):
    source, out, text, _ = rolled
    out.write_text("đang soạn dở", encoding="utf-8")
    assert main(["new", str(source), "--year", "2025"]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "đang soạn dở"
    assert main(["new", str(source), "--year", "2025", "--force"]) == 0
    assert out.read_text(encoding="utf-8") == text


def test_the_draft_docgen_makes_passes_check(tmp_path):
    from docgen.checker import check_file

    draft = tmp_path / "ke-hoach-2025.yaml"
    assert main(["new", str(plan_file(tmp_path, SAMPLE_TEXT)), "--year", "2025", "-o", str(draft)]) == 0
    out = tmp_path / "draft.docx"
    assert main(["render", str(draft), "-o", str(out)]) == 0
    assert [r for r in check_file(out) if r.severity == "lỗi"] == []


def test_new_refuses_an_invalid_or_past_year_and_writes_nothing(tmp_path, capsys):
    source = plan_file(tmp_path, SAMPLE_TEXT)
    assert main(["new", str(source), "--year", "2101"]) == 1
    assert main(["new", str(source), "--year", "2023"]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach-2024.yaml"]


def test_new_keeps_windows_line_ends_and_flags_dates_written_the_vietnamese_way(tmp_path):
    text = SAMPLE_TEXT.replace("    ngay: 2023-12-26", "    ngay: 26/12/2023")
    source = tmp_path / "ke-hoach-2024.yaml"
    source.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert main(["new", str(source), "--year", "2025"]) == 0
    raw = (tmp_path / "ke-hoach-2025.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    data = load_yaml(raw.decode("utf-8-sig"))
    assert data["can_cu"][5]["ngay"] == "26/12/2023"
    assert raw.decode("utf-8-sig").count("văn bản gắn với năm 2024") == 5
