"""`docgen diff OLD NEW --docx`: NEW's document with OLD's differences as Word's tracked changes.
Accept All must give NEW's rendering and Reject All OLD's, compared as Word content (text,
formatting and structure; runs of identical formatting may be split differently)."""

from __future__ import annotations

import copy
import io
import os
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from docgen.cli import main
from docgen.ooxml import redline
from docgen.plan.build import plan_from_text
from docgen.render.engine import render
from docgen.render.template import TEMPLATE
from tests.conftest import ROOT, SAMPLE_TEXT, end_office

DISASTER = (ROOT / "content" / "phong-chong-thien-tai-ia-to-2025.yaml").read_text(encoding="utf-8")

NEW_UNIT = """      - ten: Mới
        so_ho: 100
        so_ho_dtts: 10
        ho_ngheo: 5
        ho_ngheo_dtts: 1
        thoat_ngheo: 1
        thoat_ngheo_dtts: 0
        tai_ngheo: 0
        tai_ngheo_dtts: 0
        phat_sinh: 0
        phat_sinh_dtts: 0
        du_kien_so_ho: 101
        du_kien_so_ho_dtts: 10
"""


def edited(text: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# three sentences reworded, a "-" line deleted, an item inserted before others (they renumber),
# a figure changed with what is computed from it, a unit added to the annex, the issue date
SAMPLE_EDITS = [
    ("góp phần đạt các mục tiêu", "góp phần hoàn thành các mục tiêu"),
    ("đảm bảo sự thống nhất và đồng bộ", "bảo đảm thống nhất, đồng bộ"),
    ("Ủy ban nhân dân thị trấn Kông Chro ban hành Kế hoạch", "Ủy ban nhân dân thị trấn Kông Chro xây dựng Kế hoạch"),
    ("      - tieu_de: Yêu cầu\n", ("      - tieu_de: Nguyên tắc\n        doan: [\"Công khai, minh bạch.\"]\n"
                                   "      - tieu_de: Yêu cầu\n")),
    ("ho_ngheo: 21 ", "ho_ngheo: 25 "),
    ("      - ten: \"2\"\n", NEW_UNIT + "      - ten: \"2\"\n"),
    ("ngay_ban_hanh: 2024-01-11", "ngay_ban_hanh: 2024-01-15"),
]


def document(text: str) -> etree._Element:
    data = render(plan_from_text(text, "ke-hoach.yaml"), TEMPLATE)
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def content(root: etree._Element) -> bytes:
    """Return the document as Word content: empty runs dropped, neighbouring runs of the same
    formatting joined, properties that say nothing dropped."""
    root = copy.deepcopy(root)
    for r in list(root.iter(redline.R)):
        if all(c.tag in (redline.T, redline.RPR) for c in r) and not redline.text_of(r):
            r.getparent().remove(r)
    # Word's non-breaking hyphen (document numbers) is text too, and so are a typed line break and tab
    # (the balanced «(Kèm theo …)» line): a run split around one says what the whole run said
    inline = (redline.T, redline.RPR, redline.q("noBreakHyphen"), redline.q("br"), redline.q("tab"))
    for p in root.iter(redline.P):
        previous = None
        for r in p.findall(redline.R):
            plain = all(c.tag in inline for c in r)
            rpr = r.find(redline.RPR)
            style = etree.tostring(rpr, method="c14n") if rpr is not None else b""
            if plain and previous is not None and previous[1] == style and r.getprevious() is previous[0]:
                for c in [c for c in r if c.tag != redline.RPR]:
                    previous[0].append(c)
                p.remove(r)
            else:
                previous = (r, style) if plain else None
        for r in p.findall(redline.R):  # neighbouring w:t of a run joined
            for t in r.findall(redline.T):
                before = t.getprevious()
                if before is not None and before.tag == redline.T:
                    before.text = (before.text or "") + (t.text or "")
                    r.remove(t)
        for t in p.iter(redline.T):
            t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    for el in list(root.iter(redline.PPR, redline.RPR, redline.TRPR)):
        if len(el) == 0 and not el.attrib:
            el.getparent().remove(el)
    return etree.tostring(root, method="c14n")


@pytest.mark.parametrize("old_text, new_text", [
    (SAMPLE_TEXT, edited(SAMPLE_TEXT, *SAMPLE_EDITS)),
    (edited(SAMPLE_TEXT, *SAMPLE_EDITS), SAMPLE_TEXT),  # the other way round: insertions become deletions
    # a column added to a declared table: its grid changes, so the table is replaced whole
    (DISASTER, edited(DISASTER, ("      - {ma: noi_den, ten: Nơi sơ tán đến}\n",
                                 "      - {ma: noi_den, ten: Nơi sơ tán đến}\n      - {ma: ghi_chu, ten: Ghi chú}\n"),
                      ("Người phụ trách}\n", "Người phụ trách}\n"))),
], ids=["sample-edited", "edits-undone", "column-added"])
def test_accept_all_gives_new_and_reject_all_gives_old(old_text, new_text):
    old, new = document(old_text), document(new_text)
    shown = redline.compare(old, new, "Ủy ban nhân dân thị trấn Kông Chro", "2024-01-15T00:00:00Z")
    assert redline.revisions(shown)
    assert content(redline.accept(shown)) == content(new)
    assert content(redline.reject(shown)) == content(old)


def test_the_changes_are_word_level_and_credited_to_the_plan(tmp_path, capsys):
    new_path = tmp_path / "moi.yaml"
    old_path = tmp_path / "cu.yaml"
    old_path.write_text(SAMPLE_TEXT, encoding="utf-8")
    new_path.write_text(edited(SAMPLE_TEXT, *SAMPLE_EDITS), encoding="utf-8")
    out = tmp_path / "so-sanh.docx"
    assert main(["diff", str(old_path), str(new_path), "--docx", "-o", str(out)]) == 0
    assert f"đã tạo {out}" in capsys.readouterr().out
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    found = redline.revisions(root)
    texts = {(r.kind, r.text) for r in found}
    assert ("xóa", "đạt") in texts and ("thêm", "hoàn thành") in texts  # words, not whole sentences
    assert ("thêm", "2. Nguyên tắc: Công khai, minh bạch.") in texts  # an item inserted whole
    assert ("xóa", "ban hành") in texts and ("thêm", "xây dựng") in texts  # one change, not two
    assert ("xóa", "2.") in texts and ("thêm", "3.") in texts  # "Yêu cầu" renumbered, shown as a change
    assert ("xóa", "21") in texts and ("thêm", "25") in texts  # an annex figure
    assert ("thêm", "(hàng bảng)") in texts and ("thêm", "TDP Mới") in texts  # a unit's row
    assert {(r.author, r.date) for r in found} == {("Ủy ban nhân dân thị trấn Kông Chro", "2024-01-15T00:00:00Z")}
    # deterministic: the same plans give the same bytes
    again = tmp_path / "lai.docx"
    assert main(["diff", str(old_path), str(new_path), "--docx", "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_the_comparison_refuses_to_overwrite_an_input(tmp_path, capsys):
    plan = tmp_path / "cu.yaml"
    plan.write_text(SAMPLE_TEXT, encoding="utf-8")
    assert main(["diff", str(plan), str(plan), "--docx", "-o", str(plan)]) == 2
    assert "chính là tệp đầu vào" in capsys.readouterr().err and plan.read_text(encoding="utf-8") == SAMPLE_TEXT


ACCEPT_ALL = """
import sys, uno
from com.sun.star.beans import PropertyValue
def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % sys.argv[1])
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(sys.argv[2]), "_blank", 0, (prop("Hidden", True),))
print(doc.getRedlines().createEnumeration().hasMoreElements())
dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:AcceptAllTrackedChanges", "", 0, ())
doc.storeToURL(uno.systemPathToFileUrl(sys.argv[3]), (prop("FilterName", "MS Word 2007 XML"),))
doc.close(True)
"""


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_shows_the_changes_and_accepting_them_gives_the_new_text(tmp_path, capsys):
    """Once through LibreOffice: it reads the revisions, and Accept All leaves NEW's text."""
    import time

    soffice, python = shutil.which("soffice"), "/usr/bin/python3"
    if soffice is None or subprocess.run([python, "-c", "import uno"], capture_output=True).returncode:
        message = "needs LibreOffice and its Python bridge: apt-get install libreoffice-writer-nogui python3-uno"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    old_path, new_path = tmp_path / "cu.yaml", tmp_path / "moi.yaml"
    old_path.write_text(SAMPLE_TEXT, encoding="utf-8")
    new_path.write_text(edited(SAMPLE_TEXT, *SAMPLE_EDITS), encoding="utf-8")
    shown, accepted, rendered = tmp_path / "so-sanh.docx", tmp_path / "chap-nhan.docx", tmp_path / "moi.docx"
    assert main(["diff", str(old_path), str(new_path), "--docx", "-o", str(shown)]) == 0
    assert main(["render", str(new_path), "-o", str(rendered)]) == 0
    pipe = f"docgen-test-{os.getpid()}"
    office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore",
                               f"-env:UserInstallation=file://{tmp_path}/profile", f"--accept=pipe,name={pipe};urp;"])
    try:
        script = tmp_path / "accept.py"
        script.write_text(ACCEPT_ALL, encoding="utf-8")
        for _ in range(60):
            result = subprocess.run([python, str(script), pipe, str(shown), str(accepted)], capture_output=True,
                                    text=True)
            if result.returncode == 0:
                break
            time.sleep(1)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "True"  # LibreOffice found the revisions
    finally:
        end_office(office, pipe, f"file://{tmp_path}/profile")
    capsys.readouterr()
    main(["text", str(accepted)])
    after_office = capsys.readouterr().out
    main(["text", str(rendered)])
    assert after_office == capsys.readouterr().out
