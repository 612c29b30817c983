"""After signature: deadlines as a clerk writes them, in calendars (RFC 5545) and in task lists per unit."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from docgen.cli import main
from docgen.plan.deadline import MONTH, ONGOING, QUARTER, SPAN, parse
from tests.conftest import ROOT, SAMPLE, SAMPLE_TEXT

DIGITAL = ROOT / "content" / "chuyen-doi-so-ia-to-2025.yaml"
REFORMED = ROOT / "content" / "giam-ngheo-ia-to-2026.yaml"


@pytest.mark.parametrize("typed, kind, start, end, printed", [
    ("30/6/2025", "ngay", dt.date(2025, 6, 30), dt.date(2025, 6, 30), "30/6/2025"),
    (dt.date(2025, 1, 5), "ngay", dt.date(2025, 1, 5), dt.date(2025, 1, 5), "05/01/2025"),
    ("trước ngày 10/5/2025", "ngay", dt.date(2025, 5, 10), dt.date(2025, 5, 10), "10/5/2025"),
    ("tháng 6/2025", MONTH, dt.date(2025, 6, 1), dt.date(2025, 6, 30), "tháng 6/2025"),
    ("Tháng 02 năm 2024", MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "tháng 2/2024"),
    ("Quý II/2025", QUARTER, dt.date(2025, 4, 1), dt.date(2025, 6, 30), "Quý II/2025"),
    ("quý 4 năm 2025", QUARTER, dt.date(2025, 10, 1), dt.date(2025, 12, 31), "Quý IV/2025"),
    ("từ 01/3 đến 30/4/2025", SPAN, dt.date(2025, 3, 1), dt.date(2025, 4, 30), "từ 01/3/2025 đến 30/4/2025"),
    ("Từ tháng 3/2025 đến tháng 5/2025", SPAN, dt.date(2025, 3, 1), dt.date(2025, 5, 31),
     "từ 01/3/2025 đến 31/5/2025"),
    ("Thường xuyên", ONGOING, None, None, "Thường xuyên"),
])
def test_a_deadline_is_read_as_a_clerk_writes_it_and_printed_so(typed, kind, start, end, printed):
    han = parse(typed)
    assert (han.kind, han.start, han.end, han.text()) == (kind, start, end, printed)


@pytest.mark.parametrize("typed", ["sớm", "31/02/2025", "Quý V/2025", "tháng 13/2025", "từ 30/4/2025 đến 01/3/2025",
                                   "2025-06-30T00:00"])
def test_what_is_no_deadline_says_the_forms_it_may_take(typed):
    with pytest.raises(ValueError) as caught:
        parse(typed)
    assert any(word in str(caught.value) for word in ("Quý II/2025", "có thật", "kết thúc trước"))


def plan_with_deadlines(tmp_path, text: str = SAMPLE_TEXT):
    """The 2024 plan with deadlines on two assignments."""
    for official, deadline in (("Tổ trưởng tổ dân phố.", "Quý II/2024"),
                               ("Công chức Văn hóa - Xã hội (phụ trách LĐ, TB&XH).", "thường xuyên")):
        line = f"          - can_bo: {official}\n"
        assert text.count(line) == 1
        text = text.replace(line, f"{line}            han: {deadline}\n")
    path = tmp_path / "ke-hoach-2024.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def read_ics(path):
    from icalendar import Calendar

    data = path.read_bytes()
    return data, Calendar.from_ical(data)


def test_the_2024_plan_in_a_calendar_follows_rfc_5545(tmp_path, capsys):
    plan = plan_with_deadlines(tmp_path)
    out = tmp_path / "lich.ics"
    assert main(["calendar", str(plan), "-o", str(out)]) == 0
    assert "1 việc thường xuyên" in capsys.readouterr().out
    data, cal = read_ics(out)
    assert data.count(b"\r\n") == data.count(b"\n")  # CRLF line ends only
    assert max(len(line) for line in data.split(b"\r\n")) <= 75  # folded at 75 octets
    events = cal.walk("VEVENT")
    assert {str(e["summary"]) for e in events} >= {"Báo cáo 06 tháng: Các ngành, công chức chuyên môn",
                                                    "Báo cáo năm: Các ngành, công chức chuyên môn"}
    quarter = next(e for e in events if "Quý II/2024" in str(e["description"]))
    assert quarter.decoded("dtstart") == dt.date(2024, 6, 30) and quarter.decoded("dtend") == dt.date(2024, 7, 1)
    assert b"DTSTART;VALUE=DATE:20240630" in data  # all-day: a DATE value, no time
    for e in events:
        assert "Kế hoạch số 45/KH-UBND ngày 11/01/2024" in str(e["description"])
        assert e.decoded("dtstamp") == dt.datetime(2024, 1, 10, 17, tzinfo=dt.UTC)  # 11/01 00:00 +07
        alarm = e.walk("VALARM")[0]
        assert alarm.decoded("trigger") == dt.timedelta(days=-3)
    assert len({str(e["uid"]) for e in events}) == len(events)
    again = tmp_path / "lai.ics"
    assert main(["calendar", str(plan), "-o", str(again), "--nhac-truoc", "3"]) == 0
    assert again.read_bytes() == data  # same plan, same bytes


def test_an_event_keeps_its_uid_when_the_plan_changes_around_it(tmp_path):
    plan = plan_with_deadlines(tmp_path)
    first = tmp_path / "a.ics"
    assert main(["calendar", str(plan), "-o", str(first)]) == 0
    text = plan.read_text(encoding="utf-8")
    newer = text.replace("ngay_ban_hanh: 2024-01-11", "ngay_ban_hanh: 2024-01-15", 1)
    newer = newer.replace("          - can_bo: Tổ trưởng tổ dân phố.\n", "          - can_bo: Đoàn Thanh niên\n"
                          "            han: tháng 3/2024\n            gach: [Ra quân tình nguyện.]\n"
                          "          - can_bo: Tổ trưởng tổ dân phố.\n", 1)
    assert newer.count("han: tháng 3/2024") == 1
    plan.write_text(newer, encoding="utf-8")
    second = tmp_path / "b.ics"
    assert main(["calendar", str(plan), "-o", str(second)]) == 0
    uids = [{str(e["uid"]): str(e["summary"]) for e in read_ics(p)[1].walk("VEVENT")} for p in (first, second)]
    assert uids[0].items() <= uids[1].items()  # every earlier event is updated, not duplicated
    assert len(uids[1]) == len(uids[0]) + 1


def test_one_units_calendar_marks_what_it_only_coordinates(tmp_path):
    out = tmp_path / "cong-an.ics"
    assert main(["calendar", str(DIGITAL), "-o", str(out), "--don-vi", "  công AN xã "]) == 0
    summaries = sorted(str(e["summary"]) for e in read_ics(out)[1].walk("VEVENT"))
    assert summaries == ["Kích hoạt tài khoản định danh điện tử mức độ 2: Công an xã",
                         "Tiếp nhận, giải quyết thủ tục hành chính trực tuyến toàn trình: Bộ phận một cửa (phối hợp)"]


def test_a_unit_with_no_duty_is_told_which_units_have_some(tmp_path, capsys):
    assert main(["calendar", str(DIGITAL), "-o", str(tmp_path / "x.ics"), "--don-vi", "Không có"]) == 2
    err = capsys.readouterr().err
    assert "Công an xã" in err and not (tmp_path / "x.ics").exists()


def test_a_deadline_that_is_no_date_is_a_located_error(tmp_path, capsys):
    plan = tmp_path / "k.yaml"
    plan.write_text(REFORMED.read_text(encoding="utf-8").replace(
        "      - can_bo: Trưởng các thôn, làng\n", "      - can_bo: Trưởng các thôn, làng\n        han: sớm nhất có thể\n",
        1), encoding="utf-8")
    assert main(["validate", str(plan)]) == 1
    err = capsys.readouterr().err
    assert ".han:" in err and "Quý II/2025" in err and f"{plan}:" in err


def test_the_2024_plans_task_sheets_one_per_unit_by_deadline(tmp_path):
    from openpyxl import load_workbook

    plan = plan_with_deadlines(tmp_path)
    out = tmp_path / "nhiem-vu.xlsx"
    assert main(["tasks", str(plan), "-o", str(out)]) == 0
    book = load_workbook(out)
    assert all(len(name) <= 31 for name in book.sheetnames)
    first = book[book.sheetnames[0]]
    assert first["A1"].value.startswith("Nhiệm vụ của ") and "45/KH-UBND" in first["A1"].value
    assert [c.value for c in first[2]] == ["STT", "Nhiệm vụ", "Chủ trì / phối hợp", "Thời hạn", "Sản phẩm", "Kết quả"]
    assert first.page_setup.orientation == "landscape" and first.print_title_rows == "$2:$2"
    everything = [row for sheet in book for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert {row[3] for row in everything} >= {"10/5/2024", "Quý II/2024", "Thường xuyên"}
    again = tmp_path / "lai.xlsx"
    assert main(["tasks", str(plan), "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_task_rows_are_sorted_by_deadline_and_the_csv_opens_in_excel(tmp_path):
    out = tmp_path / "nhiem-vu.csv"
    assert main(["tasks", str(DIGITAL), "--format", "csv", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))  # Excel reads UTF-8 only with its BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Đơn vị", "Vai trò", "Nhiệm vụ", "Thời hạn"]
    police = [r for r in rows[1:] if r[0] == "Công an xã"]
    assert sorted(r[1] for r in police) == ["chủ trì", "phối hợp"]
    from docgen.plan.build import load_plan
    from docgen.year.tasks import tasks

    assert sum(r[1] == "chủ trì" for r in rows[1:]) == len(tasks(load_plan(DIGITAL)))  # each duty once as led
    for unit in {r[0] for r in rows[1:]}:
        due = [dt.datetime.strptime(r[4], "%d/%m/%Y").date() for r in rows[1:] if r[0] == unit]
        assert due == sorted(due), unit


def test_a_sheet_name_is_cut_to_31_characters_and_made_unique():
    from docgen.year.tasksheet import _sheet_name

    taken: set[str] = set()
    long = "Công chức Văn hóa - Xã hội (phụ trách Lao động, Thương binh và Xã hội)"
    names = [_sheet_name(long, taken), _sheet_name(long + " khác", taken), _sheet_name("Tổ: 1/2", taken)]
    assert all(len(n) <= 31 for n in names) and len({n.casefold() for n in names}) == 3
    assert ":" not in names[2] and "/" not in names[2]


def test_the_2024_sample_has_two_report_deadlines_and_no_assignment_deadline():
    from docgen.plan.build import load_plan
    from docgen.year.tasks import tasks

    found = tasks(load_plan(SAMPLE))
    assert [(t.what, t.han.text(), t.period) for t in found] == [
        ("Báo cáo 06 tháng", "10/5/2024", "6_thang"), ("Báo cáo năm", "20/10/2024", "nam")]
