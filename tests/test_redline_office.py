"""LibreOffice's own Accept All and Reject All of `diff --docx` comparisons: the newer and the
older rendering's text, paragraph for paragraph (paragraphs split or joined included)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from docgen.cli import main
from tests.conftest import ROOT, SAMPLE_TEXT, dump_yaml, end_office, load_yaml
from tests.test_redline import SAMPLE_EDITS, edited

APPLY_ALL = """
import sys, uno
from com.sun.star.beans import PropertyValue
def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % sys.argv[1])
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
for source, command, target in zip(*[iter(sys.argv[2:])] * 3):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
    dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)
"""

# a recipient reworded and a new one inserted after it: last in the list, in the middle, slightly
RECIPIENTS = (("  - Tổ dân phố\n", "  - Các tổ dân phố trên địa bàn\n  - Chi bộ các tổ dân phố\n"),)
RECIPIENTS_MIDDLE = (("  - Lãnh đạo UBND thị trấn\n", "  - Chủ tịch, các Phó Chủ tịch\n  - Văn phòng HĐND - UBND\n"),)
RECIPIENTS_SLIGHTLY = (("  - Lãnh đạo UBND thị trấn\n", "  - Lãnh đạo UBND thị trấn Kông Chro\n  - Văn phòng\n"),)


def office_or_skip() -> tuple[str, str]:
    soffice, python = shutil.which("soffice"), "/usr/bin/python3"
    if soffice is None or subprocess.run([python, "-c", "import uno"], check=False, capture_output=True).returncode:
        message = "needs LibreOffice and its Python bridge: apt-get install libreoffice-writer-nogui python3-uno"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return soffice, python


def text(path, capsys) -> str:
    capsys.readouterr()
    assert main(["text", str(path)]) == 0
    return capsys.readouterr().out


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("edits", [SAMPLE_EDITS, RECIPIENTS, RECIPIENTS_MIDDLE, RECIPIENTS_SLIGHTLY],
                         ids=["sample-edited", "last-recipient-reworded-one-added", "recipient-reworded-one-added",
                              "recipient-slightly-reworded-one-added"])
@pytest.mark.parametrize("backwards", [False, True], ids=["forwards", "backwards"])
def test_libreoffice_accept_all_gives_new_and_reject_all_gives_old(tmp_path, capsys, edits, backwards):
    texts = [SAMPLE_TEXT, edited(SAMPLE_TEXT, *edits)]
    if backwards:  # insertions become deletions
        texts.reverse()
    office_accepts_and_rejects_exactly(tmp_path, capsys, *texts)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_accept_all_and_reject_all_of_a_year_to_the_next_with_units_gone(tmp_path, capsys):
    """The 2025 poverty plan against the 2026 one without its first four units: rows deleted,
    figures changed (rows shown old above new), columns re-measured."""
    older = (ROOT / "content" / "giam-ngheo-ia-to-2025.yaml").read_text(encoding="utf-8")
    newer = load_yaml((ROOT / "content" / "giam-ngheo-ia-to-2026.yaml").read_text(encoding="utf-8"))
    del newer["phu_luc"][0]["dong"][:4]
    office_accepts_and_rejects_exactly(tmp_path, capsys, older, dump_yaml(newer, allow_unicode=True,
                                                                                sort_keys=False))


def office_accepts_and_rejects_exactly(tmp_path, capsys, old_text: str, new_text: str) -> None:
    soffice, python = office_or_skip()
    old_path, new_path = tmp_path / "cu.yaml", tmp_path / "moi.yaml"
    old_path.write_text(old_text, encoding="utf-8")
    new_path.write_text(new_text, encoding="utf-8")
    shown = tmp_path / "so-sanh.docx"
    assert main(["diff", str(old_path), str(new_path), "--docx", "-o", str(shown)]) == 0
    for plan in (old_path, new_path):
        assert main(["render", str(plan), "-o", str(plan.with_suffix(".docx"))]) == 0
    accepted, rejected = tmp_path / "chap-nhan.docx", tmp_path / "tu-choi.docx"
    pipe = f"docgen-test-{os.getpid()}"
    office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore",
                               f"-env:UserInstallation=file://{tmp_path}/profile", f"--accept=pipe,name={pipe};urp;"])
    try:
        script = tmp_path / "apply.py"
        script.write_text(APPLY_ALL, encoding="utf-8")
        for _ in range(60):
            result = subprocess.run([python, str(script), pipe,
                                     str(shown), ".uno:AcceptAllTrackedChanges", str(accepted),
                                     str(shown), ".uno:RejectAllTrackedChanges", str(rejected)],
                                    check=False, capture_output=True, text=True)
            if result.returncode == 0:
                break
            time.sleep(1)
        assert result.returncode == 0, result.stderr
    finally:
        end_office(office, pipe, f"file://{tmp_path}/profile")
    assert text(accepted, capsys) == text(new_path.with_suffix(".docx"), capsys)
    assert text(rejected, capsys) == text(old_path.with_suffix(".docx"), capsys)

@pytest.mark.parametrize("edits", [RECIPIENTS, RECIPIENTS_MIDDLE, RECIPIENTS_SLIGHTLY],
                         ids=["last", "middle", "slightly"])
def test_a_paragraph_edited_at_its_end_and_followed_by_new_ones_accepts_and_rejects_exactly(edits):
    from docgen.ooxml import redline
    from tests.test_redline import content, document

    old, new = document(SAMPLE_TEXT), document(edited(SAMPLE_TEXT, *edits))
    shown = redline.compare(old, new, "Ủy ban nhân dân", "2024-01-15T00:00:00Z")
    assert content(redline.accept(shown)) == content(new)
    assert content(redline.reject(shown)) == content(old)


def test_the_edited_paragraphs_mark_is_the_inserted_one():
    """As Word records Enter typed at the end of a paragraph: the mark after «Kông Chro;» is new,
    the one after «- Văn phòng;» is the old paragraph's."""
    from docgen.ooxml import redline
    from tests.test_redline import document

    shown = redline.compare(document(SAMPLE_TEXT), document(edited(SAMPLE_TEXT, *RECIPIENTS_SLIGHTLY)),
                            "Ủy ban nhân dân", "2024-01-15T00:00:00Z")
    paragraphs = {redline.text_of(p): p for p in shown.iter(redline.P)}
    marked = lambda p: redline._mark_of(p, redline.INS) is not None
    assert marked(paragraphs["- Lãnh đạo UBND thị trấn Kông Chro;"])
    assert not marked(paragraphs["- Văn phòng;"])
