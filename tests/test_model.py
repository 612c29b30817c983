"""The plan model: strict keys, Vietnamese descriptions, text tidied."""

import pytest
from pydantic import BaseModel, ValidationError

from docgen.cli import main
from docgen.commands.text import lines
from docgen.plan import model
from docgen.plan.model import KeHoach
from tests.conftest import SAMPLE_TEXT, plan_file


def all_models() -> list[type[BaseModel]]:
    return [m for m in vars(model).values() if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == model.__name__ and not m.__name__.startswith("_")]


@pytest.mark.parametrize("cls", all_models(), ids=lambda c: c.__name__)
def test_every_field_has_a_vietnamese_description(cls):
    for name, field in cls.model_fields.items():
        assert field.description, f"{cls.__name__}.{name}"
        assert any(ord(ch) > 0x7F for ch in field.description), f"{cls.__name__}.{name}"  # Vietnamese, not English


@pytest.mark.parametrize("cls", all_models(), ids=lambda c: c.__name__)
def test_every_model_refuses_unknown_keys(cls):
    assert cls.model_config.get("extra") == "forbid"


def test_a_misspelt_key_is_an_error_not_ignored(plan_data):
    plan_data["trich_yeuu"] = plan_data.pop("trich_yeu")
    with pytest.raises(ValidationError) as exc:
        KeHoach.model_validate(plan_data)
    assert {e["type"] for e in exc.value.errors()} == {"extra_forbidden", "missing"}


def test_text_is_nfc_and_spaces_are_tidied(plan_data):
    plan_data["trich_yeu"] = "  Thực hiện   Chương trình\n giảm nghèo  "
    plan_data["dia_danh"] = "Ko\u0302ng Chro"  # decomposed ô
    plan = KeHoach.model_validate(plan_data)
    assert plan.trich_yeu == "Thực hiện Chương trình giảm nghèo"
    assert plan.dia_danh == "Kông Chro"


def test_vietnamese_date_form_is_accepted(plan_data):
    plan_data["ngay_ban_hanh"] = "11/01/2024"
    assert KeHoach.model_validate(plan_data).ngay_ban_hanh.isoformat() == "2024-01-11"


def test_numbers_whose_digits_matter_are_kept_as_typed(tmp_path):
    text = SAMPLE_TEXT.replace('    - ten: "1"', "    - ten: 01").replace("so: 45 ", "so: 05 ").replace(
        "      so_ho: 409 ", "      so_ho: 0409 ")
    out = tmp_path / "x.docx"
    assert main(["render", str(plan_file(tmp_path, text)), "-o", str(out)]) == 0
    rendered = lines(out)
    assert "Số: 05/KH-UBND" in rendered
    assert any(line.startswith("TDP 01 | 409 | 27 |") for line in rendered)


def test_a_date_given_as_a_number_is_refused(tmp_path, capsys):
    path = plan_file(tmp_path, SAMPLE_TEXT.replace("ngay_ban_hanh: 2024-01-11", "ngay_ban_hanh: 0"))
    assert main(["validate", str(path)]) == 1
    assert "ngay_ban_hanh: phải là ngày" in capsys.readouterr().err
