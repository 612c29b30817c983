"""Numbering comes from the structure of the YAML, never from typed numbers."""

from docgen.plan.build import Plan
from docgen.plan.model import KeHoach
from docgen.plan.outline import blocks, number


def kinds(plan_data):
    plan = KeHoach.model_validate(plan_data)
    return blocks(Plan.of(plan))


def test_number_formats_by_depth():
    assert [number(p) for p in [(1,), (2, 3), (2, 3, 1), (1, 1, 1, 1), (1, 1, 1, 5)]] == [
        "1.", "2.3.", "2.3.1.", "a)", "đ)",
    ]


def test_adding_an_item_renumbers_those_after_it(plan_data):
    before = [b.so for b in kinds(plan_data) if b.so]
    plan_data["phan"][3]["muc"].insert(0, {"tieu_de": "Vốn ngân sách", "gach": ["Một dòng."]})
    after = [b for b in kinds(plan_data) if b.so]
    part_iv = [b.so + " " + b.tieu_de for b in after[[b.so for b in after].index("IV.") :][:4]]
    assert part_iv == ["IV. NGUỒN LỰC THỰC HIỆN", "1. Vốn ngân sách", "2. Kinh phí", "3. Nguồn lực khác"]
    assert len(after) == len(before) + 1


def test_an_item_with_one_paragraph_runs_on_after_its_title(plan_data):
    first = next(b for b in kinds(plan_data) if b.kieu == "muc_lien")
    assert (first.so, first.tieu_de) == ("1.", "Mục đích:") and first.sau.startswith(" Phấn đấu")


def test_lines_and_points(plan_data):
    out = kinds(plan_data)
    i = next(i for i, b in enumerate(out) if b.nhan == "Nội dung hỗ trợ:")
    assert out[i].noi_dung == "" and [b.kieu for b in out[i + 1 : i + 4]] == ["cong"] * 3
    assert out[i + 1].noi_dung.startswith("Nội dung 1:")


def test_each_numbered_block_knows_its_outline_level(plan_data):
    numbered = [b for b in kinds(plan_data) if b.so]
    levels = {b.so: b.cap for b in numbered}
    assert levels["I."] == levels["V."] == 1
    assert [levels[n] for n in ("1.", "2.3.", "2.3.1.", "4.1.")] == [2, 3, 4, 3]
    assert all(b.cap == 0 for b in kinds(plan_data) if not b.so)


def test_an_item_a_is_at_level_5(plan_data):
    plan_data["phan"][0]["muc"] = [{"tieu_de": "Một", "muc": [{"tieu_de": "Hai", "muc": [
        {"tieu_de": "Ba", "muc": [{"tieu_de": "Bốn", "gach": ["Một dòng."]}]}]}]}]
    out = [(b.so, b.cap) for b in kinds(plan_data) if b.so][:5]
    assert out == [("I.", 1), ("1.", 2), ("1.1.", 3), ("1.1.1.", 4), ("a)", 5)]
