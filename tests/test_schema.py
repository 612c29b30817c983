"""The JSON Schema for editors: generated from the model, committed, and correct."""

import json

import jsonschema
import pytest

from docgen.cli import main
from docgen.commands.schema import schema_text
from tests.conftest import ROOT, SAMPLE

COMMITTED = ROOT / "schema" / "ke-hoach.schema.json"


def as_editor_sees_it(data):
    """YAML dates stay text in an editor; JSON has no dates."""
    return json.loads(json.dumps(data, default=str))


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))


def test_committed_schema_is_what_the_model_generates():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), "run: docgen schema -o schema/ke-hoach.schema.json"


def test_schema_command_prints_it(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text()


def test_schema_accepts_the_sample(validator, sample_data):
    assert list(validator.iter_errors(as_editor_sees_it(sample_data))) == []


def test_schema_rejects_a_misspelt_key(validator, plan_data):
    plan_data["nguoi_ky"]["ho_tenn"] = plan_data["nguoi_ky"].pop("ho_ten")
    messages = [e.message for e in validator.iter_errors(as_editor_sees_it(plan_data))]
    assert any("ho_tenn" in m for m in messages) and any("ho_ten" in m for m in messages)


def test_every_property_has_a_vietnamese_title_description_and_examples():
    schema = json.loads(schema_text())
    for name, definition in [("KeHoach", schema)] + list(schema["$defs"].items()):
        body = next((b for b in definition.get("anyOf", [definition]) if "properties" in b), definition)
        # a poverty row also holds the values of the columns its table adds (`cot_them`), by their keys
        assert body.get("additionalProperties") is False or (name == "Dong" and body["additionalProperties"]), name
        for key, prop in body["properties"].items():
            assert prop.get("title") and prop["title"] != key, (name, key)
            assert any(ord(c) > 0x7F for c in prop.get("description", "")), (name, key)
            assert prop.get("examples"), (name, key)


def test_every_content_file_points_editors_at_the_schema():
    for path in (ROOT / "content").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../schema/ke-hoach.schema.json"
    assert SAMPLE.parent == ROOT / "content"


def _properties(schema):
    for name, definition in [("KeHoach", schema)] + list(schema["$defs"].items()):
        body = next((b for b in definition.get("anyOf", [definition]) if "properties" in b), definition)
        yield name, definition, body["properties"]


def test_every_example_is_valid_for_its_field():
    """An editor offers the examples as they are: each must pass the schema of its own field."""
    schema = json.loads(schema_text())
    for name, _definition, properties in _properties(schema):
        for key, prop in properties.items():
            check = jsonschema.Draft202012Validator({"$defs": schema["$defs"], **prop})
            for example in prop.get("examples", []):
                assert not list(check.iter_errors(example)), (name, key, example)


def test_every_model_is_described_in_vietnamese():
    schema = json.loads(schema_text())
    for name, definition, _properties_ in _properties(schema):
        description = definition.get("description") or ""
        assert any(ord(c) > 0x7F for c in description), (name, description)


def test_titles_of_a_shared_name_say_what_it_is_where_it_stands():
    """`ma` names a table in an annex and a project in a section: the hover text tells them apart."""
    defs = json.loads(schema_text())["$defs"]
    assert defs["Bang"]["properties"]["ma"]["title"] == "Tên ngắn của bảng"
    assert defs["BangGiamNgheo"]["properties"]["ma"]["title"] == "Tên ngắn của bảng"
    assert defs["DuAn"]["properties"]["ma"]["title"] == "Tên ngắn của dự án"
    assert defs["Bang"]["properties"]["loai"]["title"] == "Loại bảng"
    assert defs["VanBan"]["properties"]["loai"]["title"] == "Loại văn bản"
