"""The default Word template: what is committed is what the build script makes."""

import importlib.util
import zipfile

import docx

from tests.conftest import ROOT

TEMPLATE = ROOT / "templates" / "ke-hoach.docx"


def _builder():
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "tools" / "build_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_template_matches_its_build_script():
    parts = _builder().PARTS
    with zipfile.ZipFile(TEMPLATE) as z:
        assert z.namelist() == list(parts)
        for name, text in parts.items():
            assert z.read(name).decode("utf-8") == text, name


def test_template_opens_and_names_its_styles_in_vietnamese():
    doc = docx.Document(str(TEMPLATE))
    names = {s.name for s in doc.styles}
    for name in ("KH Đoạn văn", "KH Phần (I, II…)", "KH Nơi nhận", "KH Quốc hiệu", "KH Bảng: dòng tổng"):
        assert name in names
