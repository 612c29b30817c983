"""The default Word template: what is committed is what the build script makes."""

import importlib.util
import zipfile

import docx

from docgen.render.template import TEMPLATE
from tests.conftest import ROOT


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


# --- Word's habits: outline levels, Enter, the Styles gallery, restyling --------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _styles(data: bytes | None = None) -> dict:
    from lxml import etree

    with zipfile.ZipFile(TEMPLATE) as z:
        root = etree.fromstring(data or z.read("word/styles.xml"))
    return {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}


def _val(style, tag: str) -> str | None:
    el = style.find(f"{W}{tag}")
    return el.get(f"{W}val") if el is not None else None


def _chain(styles: dict, sid: str) -> list[str]:
    out = []
    while sid in styles and sid not in out:
        out.append(sid)
        sid = _val(styles[sid], "basedOn")
    return out


def test_each_outline_level_has_a_style_based_on_word_heading_n():
    b, styles = _builder(), _styles()
    for sid, name, level in [b.PART, *b.ITEMS]:
        chain = _chain(styles, sid)
        assert _val(styles[sid], "name") == name and name.startswith("KH ")
        # the nearest "heading N" sets the level pandoc reads; its w:outlineLvl is Word's and LibreOffice's
        heading = next(s for s in chain if _val(styles[s], "name").startswith("heading "))
        assert _val(styles[heading], "name") == f"heading {level}"
        assert _val(styles[heading].find(f"{W}pPr"), "outlineLvl") == str(level - 1)
        assert chain[-2:] == ["KHDoan", "Normal"]
        levels = [_val(styles[s].find(f"{W}pPr"), "outlineLvl") for s in chain if styles[s].find(f"{W}pPr") is not None]
        assert next(lv for lv in levels if lv is not None) == str(level - 1)


def test_every_item_level_takes_its_look_from_one_style():
    b, styles = _builder(), _styles()
    for sid, _, _ in b.ITEMS:
        assert "KHMuc" in _chain(styles, sid)
        own = styles[sid]
        assert own.find(f"{W}pPr") is None and own.find(f"{W}rPr") is None  # nothing but the level


def test_enter_after_a_heading_gives_body_text_and_lists_continue():
    b, styles = _builder(), _styles()
    for sid in [b.PART[0], "KHMuc", *(s for s, _, _ in b.ITEMS), "KHMucLien", "KHKetThuc"]:
        assert _val(styles[sid], "next") == "KHDoan", sid
    for sid in ("KHDoan", "KHGach", "KHCong", "KHCanCu", "KHNoiNhan", "KHTrichYeu"):
        assert _val(styles[sid], "next") == sid
    assert _val(styles["KHNoiNhanTieuDe"], "next") == "KHNoiNhan"
    assert _val(styles["KHTenLoai"], "next") == "KHTrichYeu"


def test_the_styles_gallery_shows_what_a_clerk_picks_by_hand_and_in_order():
    styles = _styles()
    gallery = sorted((int(_val(s, "uiPriority")), sid) for sid, s in styles.items()
                     if s.find(f"{W}qFormat") is not None)
    assert [sid for _, sid in gallery] == ["KHDoan", "KHPhan", "KHMuc1", "KHMuc11", "KHMuc111", "KHMucA", "KHGach",
                                           "KHCong", "KHCanCu", "KHTieuDe", "KHKetThuc", "KHNoiNhan"]
    assert all(_val(s, "uiPriority") is not None for s in styles.values())
    hidden = {sid for sid, s in styles.items() if s.find(f"{W}semiHidden") is not None}
    assert {"KHGachCoQuan", "KHGachTieuNgu", "KHGachTrichYeu", "Heading1", "Heading5"} <= hidden
    assert not hidden & {sid for _, sid in gallery}
    assert all(styles[h].find(f"{W}unhideWhenUsed") is not None for h in hidden)


def test_style_names_are_vietnamese_and_ids_ascii():
    import unicodedata

    builtin = {"Normal": "Normal", "DefaultParagraphFont": "Default Paragraph Font", "TableNormal": "Normal Table",
               **{f"Heading{n}": f"heading {n}" for n in range(1, 6)}}
    for sid, s in _styles().items():
        name = _val(s, "name")
        assert sid.isascii() and sid.isalnum(), sid
        assert name == builtin[sid] if sid in builtin else name.startswith("KH "), (sid, name)
        assert unicodedata.is_normalized("NFC", name)
        assert (s.get(f"{W}customStyle") == "1") == (sid not in builtin)


def test_the_template_body_has_one_paragraph_per_outline_level():
    b = _builder()
    body = b.DOCUMENT_XML
    for sid, _, _ in [b.PART, *b.ITEMS]:
        assert body.count(f'<w:pStyle w:val="{sid}"/>') == 1
    assert "k.cap == 2" in body and "k.cap == 5" not in body  # the deepest level takes whatever is deeper
