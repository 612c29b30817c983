"""A Báo cáo on the Kế hoạch's frame: title, symbol, «Kính gửi», Nơi nhận and annex line follow the kind."""

from __future__ import annotations

import zipfile

import docx
import pytest

from docgen.base import doctypes
from docgen.checker import check_file
from docgen.cli import main
from docgen.render.template import TEMPLATE
from tests.conftest import SAMPLE, load_yaml

UP = "Ủy ban nhân dân huyện Kông Chro"
OFFICE = "Phòng Lao động - Thương binh và Xã hội huyện Kông Chro"


def report_data(plan_data: dict, *addressees: str) -> dict:
    """The 2024 sample turned into a report sent up to addressees (its symbol left to the kind)."""
    data = dict(plan_data, loai_van_ban="bao_cao", kinh_gui=list(addressees) or [UP])
    data.pop("ky_hieu", None)
    return data


def texts(path) -> list[str]:
    out = []
    for p in docx.Document(str(path)).element.body.iter("{*}p"):
        out.append("".join(t.text or "" if t.tag.endswith("}t") else "-" for t in p.iter("{*}t", "{*}noBreakHyphen")))
    return out


def rendered(write_plan, data, tmp_path, name="bao-cao"):
    path = write_plan(data, f"{name}.yaml")
    out = tmp_path / f"{name}.docx"
    assert main(["render", str(path), "-o", str(out)]) == 0
    return out


def errors(path) -> list:
    return [r for r in check_file(path) if r.severity == "lỗi"]


def test_a_report_prints_its_kind_on_the_shared_frame(plan_data, write_plan, tmp_path):
    out = rendered(write_plan, report_data(plan_data), tmp_path)
    lines = texts(out)
    assert "BÁO CÁO" in lines and "KẾ HOẠCH" not in lines
    assert "Số: 45/BC-UBND" in lines
    assert f"Kính gửi: {UP}." in lines
    assert lines.index(f"Kính gửi: {UP}.") > lines.index("BÁO CÁO")
    recipients = lines[lines.index("Nơi nhận:") + 1:]
    assert recipients[0] == "- Như trên;"
    assert any(t.startswith("(Kèm theo Báo cáo số ") for t in lines)
    assert not any(t.startswith("(Kèm theo Kế hoạch") for t in lines)
    assert errors(out) == []


def test_several_addressees_stand_under_the_colon_and_as_above_is_not_doubled(plan_data, write_plan, tmp_path):
    data = report_data(plan_data, UP, OFFICE)
    data["noi_nhan"] = ["Như trên", *data["noi_nhan"]]
    lines = texts(rendered(write_plan, data, tmp_path))
    assert f"Kính gửi:- {UP};" in lines  # «Kính gửi:», a tab, then the first addressee
    assert f"- {OFFICE}." in lines
    assert lines[lines.index("Nơi nhận:") + 1:].count("- Như trên;") == 1


def test_a_plan_renders_exactly_as_before_the_kinds(sample_docx):
    lines = texts(sample_docx)
    assert "KẾ HOẠCH" in lines and not any(t.startswith("Kính gửi") for t in lines)
    assert not any(t == "- Như trên;" for t in lines)


@pytest.mark.parametrize("change, field, words", [
    ({"loai_van_ban": "bao_cao", "ky_hieu": "KH-UBND"}, "ky_hieu", "bắt đầu bằng `BC-`"),
    ({"kinh_gui": [UP]}, "kinh_gui", "không có «Kính gửi»"),
    ({"loai_van_ban": "thong_bao"}, "loai_van_ban", "ke_hoach"),
    ({"ky_hieu": "QĐ-UBND"}, "ky_hieu", "bắt đầu bằng `KH-`"),
])
def test_a_field_that_does_not_fit_the_kind_is_located(plan_data, write_plan, capsys, change, field, words):
    path = write_plan(dict(plan_data, **change))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and f"{field}:" in err and words in err, err


def _edit(path, out, change) -> None:
    d = docx.Document(str(path))
    change(d)
    d.save(str(out))


def _paragraph(d, start: str):
    return next(p for p in d.element.body.iter("{*}p") if "".join(t.text or "" for t in p.iter("{*}t")).startswith(start))


def _set_text(p, text: str) -> None:
    ts = list(p.iter("{*}t"))
    ts[0].text = text
    for t in ts[1:]:
        t.text = ""


def test_check_holds_a_report_to_its_kind(plan_data, write_plan, tmp_path):
    out = rendered(write_plan, report_data(plan_data), tmp_path)
    wrong_symbol, no_as_above = tmp_path / "a.docx", tmp_path / "b.docx"
    _edit(out, wrong_symbol, lambda d: _set_text(_paragraph(d, "Số:"), "Số: 12/KH-UBND"))
    _edit(out, no_as_above, lambda d: _set_text(_paragraph(d, "- Như trên"), "- Sở Tài chính;"))
    found = {(r.rule, r.message.split(":")[0]) for r in errors(wrong_symbol)}
    assert any(rule == "ND30.PL1.II.4.a" for rule, _ in found), found
    assert any(r.rule == "ND30.PL1.II.9.b" and "Như trên" in r.message for r in errors(no_as_above))


def test_check_finds_a_plan_with_an_addressee_block(sample_docx, tmp_path):
    out = tmp_path / "kh.docx"

    def add(d):
        title = _paragraph(d, "KẾ HOẠCH")
        rule = title.getnext().getnext()  # the trích yếu, then the rule under it
        line = _copy_with_text(title, f"Kính gửi: {UP}.")
        for b in line.iter("{*}b"):  # upright, regular: a well-set block, in the wrong kind of document
            b.getparent().remove(b)
        rule.addnext(line)

    _edit(sample_docx, out, add)
    assert any(r.rule == "ND30.PL1.II.9.b" and "kế hoạch không có" in r.message for r in errors(out))


def _copy_with_text(p, text: str):
    import copy

    q = copy.deepcopy(p)
    _set_text(q, text)
    return q


def test_an_old_template_prints_plans_and_refuses_a_report_with_the_way_out(plan_data, write_plan, tmp_path, capsys):
    old = tmp_path / "cu.docx"
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ ten_loai }}", "KẾ HOẠCH".encode())
            dst.writestr(item, data)
    assert main(["render", str(SAMPLE), "-o", str(tmp_path / "kh.docx"), "--template", str(old)]) == 0
    path = write_plan(report_data(plan_data))
    assert main(["render", str(path), "-o", str(tmp_path / "bc.docx"), "--template", str(old)]) != 0
    err = capsys.readouterr().err
    assert "{{ ten_loai }}" in err and "docgen template -o" in err
    assert not (tmp_path / "bc.docx").exists()


def test_a_hand_made_report_is_imported_as_a_report(plan_data, write_plan, tmp_path):
    out = rendered(write_plan, report_data(plan_data, UP, OFFICE), tmp_path)
    yaml_out = tmp_path / "nhap.yaml"
    assert main(["import", str(out), "-o", str(yaml_out)]) in (0, 4)
    data = load_yaml(yaml_out.read_text(encoding="utf-8"))
    assert data["loai_van_ban"] == "bao_cao"
    assert data["kinh_gui"] == [UP, OFFICE]
    assert data["noi_nhan"][0] != doctypes.SAME_AS_ABOVE
    assert "ky_hieu" not in data  # the kind's own symbol


def test_new_refuses_a_report_and_says_what_makes_one(plan_data, write_plan, tmp_path, capsys):
    path = write_plan(report_data(plan_data))
    assert main(["new", str(path), "--year", "2025", "-o", str(tmp_path / "moi.yaml")]) == 2
    assert "docgen report" in capsys.readouterr().err
    assert not (tmp_path / "moi.yaml").exists()


def test_every_kind_has_its_own_title_prefix_and_symbol():
    kinds = list(doctypes.KINDS.values())
    assert len({k.title for k in kinds}) == len({k.prefix for k in kinds}) == len(kinds)
    for k in kinds:
        assert doctypes.of_title(k.title) is k and doctypes.of_symbol(k.default_symbol) is k
    assert doctypes.addressee_lines(["A", "B;"]) == ["- A;", "- B."]
    assert doctypes.addressee_lines(["A."]) == ["Kính gửi: A."]


def test_a_report_after_the_reform_addressed_to_a_district_is_warned_where_it_says_so(plan_data, write_plan, tmp_path):
    data = report_data(plan_data, "Ủy ban nhân dân tỉnh Gia Lai", UP)
    data.update(ngay_ban_hanh="2025-08-05", nam=2025, co_quan_ban_hanh="Ủy ban nhân dân xã Kông Chro")
    data.pop("co_quan_chu_quan", None)
    data["noi_nhan"] = ["Đảng ủy xã"]
    out = rendered(write_plan, data, tmp_path)
    found = [r for r in check_file(out) if r.rule == "CQDP.2025"]
    assert [r.message.split("»")[0] for r in found] == ["«huyện Kông Chro"], found  # the addressee, only there
    assert "Ủy ban nhân dân huyện" in found[0].where
