"""Honest document properties: what the plan knows (title, issuing agency, language, issue date),
docgen named as the program, and nothing invented (no hour, no editor, no statistics)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from docgen.cli import main
from tests.conftest import ROOT, with_parts

W3CDTF_WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)$")
NS = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}


def part(docx, name: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


def test_created_and_modified_are_the_issue_date_in_viet_nam(sample_docx):
    core = part(sample_docx, "docProps/core.xml")
    for name in ("created", "modified"):
        (el,) = core.findall(f"dcterms:{name}", NS)
        # the first minute of 11/01/2024 in UTC+7: Word, showing the reader's local time, shows the date at 00:00
        assert el.text == "2024-01-11T00:00:00+07:00" and W3CDTF_WITH_ZONE.match(el.text)
        assert el.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "dcterms:W3CDTF"


def test_only_what_the_plan_knows(sample_docx):
    core = part(sample_docx, "docProps/core.xml")
    assert {etree.QName(c).localname for c in core} == {"title", "creator", "revision", "created", "modified",
                                                        "language"}
    assert core.findtext("dc:creator", namespaces=NS) == "Ủy ban nhân dân thị trấn Kông Chro"
    assert core.findtext("dc:language", namespaces=NS) == "vi-VN"


def test_docgen_is_named_as_the_program_with_a_version_in_the_standard_form(sample_docx):
    from docgen import __version__

    app = part(sample_docx, "docProps/app.xml")
    assert [etree.QName(c).localname for c in app] == ["Application", "AppVersion"]
    assert app.findtext("ep:Application", namespaces=NS) == "docgen"
    version = app.findtext("ep:AppVersion", namespaces=NS)
    assert re.fullmatch(r"\d\d\.\d{4}", version)  # XX.YYYY (ISO/IEC 29500-1, 22.2.2.2)
    major, minor, patch = (int(n) for n in __version__.split(".")[:3])
    assert version == f"{major:02d}.{minor:02d}{patch:02d}"


def test_a_draft_has_no_dates(plan_data, write_plan, tmp_path):
    plan_data["so"] = None
    plan_data["ngay_ban_hanh"] = None
    out = tmp_path / "du-thao.docx"
    assert main(["render", str(write_plan(plan_data)), "-o", str(out)]) == 0
    core = part(out, "docProps/core.xml")
    assert core.find("dcterms:created", NS) is None and core.find("dcterms:modified", NS) is None
    assert core.findtext("dc:title", namespaces=NS)


@pytest.mark.slow  # a new template is prepared in a process
def test_statistics_of_a_template_saved_by_word_do_not_reach_the_document(tmp_path):
    from tests.conftest import SAMPLE

    word_app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="'
                + NS["ep"] + '"><Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>1</Pages>'
                '<Words>3</Words><Application>Microsoft Office Word</Application><Company>Huyện X</Company>'
                '<AppVersion>16.0000</AppVersion></Properties>').encode()
    template = tmp_path / "mau.docx"
    template.write_bytes(with_parts((ROOT / "docgen" / "render" / "ke-hoach.docx").read_bytes(),
                                     {"docProps/app.xml": word_app}))
    out = tmp_path / "out.docx"
    assert main(["render", str(SAMPLE), "-o", str(out), "--template", str(template)]) == 0
    app = part(out, "docProps/app.xml")
    assert [etree.QName(c).localname for c in app] == ["Application", "AppVersion"]


@pytest.mark.slow  # a new template is prepared in a process
def test_a_template_without_extended_properties_gets_them(tmp_path):
    from tests.conftest import SAMPLE

    data = (ROOT / "docgen" / "render" / "ke-hoach.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = re.sub(r"<Relationship [^>]*extended-properties[^>]*/>", "", z.read("_rels/.rels").decode())
        types = re.sub(r'<Override PartName="/docProps/app.xml"[^>]*/>', "", z.read("[Content_Types].xml").decode())
    template = tmp_path / "mau.docx"
    template.write_bytes(with_parts(data, {"docProps/app.xml": None, "_rels/.rels": rels.encode(),
                                            "[Content_Types].xml": types.encode()}))
    out = tmp_path / "out.docx"
    assert main(["render", str(SAMPLE), "-o", str(out), "--template", str(template)]) == 0
    with zipfile.ZipFile(out) as z:
        assert "extended-properties" in z.read("_rels/.rels").decode()
        assert '/docProps/app.xml"' in z.read("[Content_Types].xml").decode()
    assert part(out, "docProps/app.xml").findtext("ep:Application", namespaces=NS) == "docgen"


def test_the_template_claims_no_dates():
    core = part(ROOT / "docgen" / "render" / "ke-hoach.docx", "docProps/core.xml")
    assert core.find("dcterms:created", NS) is None and core.find("dcterms:modified", NS) is None
