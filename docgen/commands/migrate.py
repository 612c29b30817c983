"""`docgen migrate PLAN.yaml`: a plan written for docgen 0.1 (parts I-V fixed) in today's format.

docgen 0.1 knew one plan: its five parts were keys (`muc_dich_yeu_cau`,
`muc_tieu`, `nhiem_vu`, `nguon_luc`, `to_chuc_thuc_hien`), its one annex was the
poverty table and part II's three target sentences were computed. Today a plan
is a list of parts (`phan`) and a list of annexes (`phu_luc`), and the target
sentences are ordinary lines that quote the table's figures. This command moves
each old part, with its comments, to where the new format has it, and writes
the three sentences out with their quotes, so the document stays the same.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from docgen.base.errors import UsageError
from docgen.commands import existing, writable
from docgen.plan.build import OLD_PARTS

TARGETS = (
    "Tỷ lệ hộ nghèo (theo {s}) còn {{{{ giam_ngheo.ty_le_cuoi_nam }}}}% vào cuối năm {y}.",
    "Mức giảm tỷ lệ hộ nghèo (theo {s}) ở mức {{{{ giam_ngheo.muc_giam }}}}%.",
    "Tỷ lệ hộ nghèo dân tộc thiểu số giảm {{{{ giam_ngheo.muc_giam_dtts }}}}%.",
)


def _content(title: str, value):
    """Return an item with title from an old text block (a paragraph, or `doan`/`gach`)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    item = CommentedMap(tieu_de=title)
    if isinstance(value, str):
        item["doan"] = CommentedSeq([value])
    else:
        item.update(value)
    return item


def _part(title: str, **content):
    from ruamel.yaml.comments import CommentedMap

    part = CommentedMap(tieu_de=title)
    part.update({k: v for k, v in content.items() if v})
    return part


def convert(old):
    """Return the plan old (docgen 0.1, round-trip YAML) in today's format, comments kept where they were."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    year = old["nam"]
    goals, specific = old["muc_tieu"], old["muc_tieu"]["cu_the"]
    standard = specific["chuan_ngheo"]
    targets = CommentedSeq(t.format(s=standard, y=year) for t in TARGETS)
    targets.extend(specific.get("gach") or [])
    organisation = old["to_chuc_thuc_hien"]
    reports = organisation.get("bao_cao")
    parts = CommentedSeq([
        _part("Mục đích, yêu cầu", muc=CommentedSeq([
            _content("Mục đích", old["muc_dich_yeu_cau"]["muc_dich"]),
            _content("Yêu cầu", old["muc_dich_yeu_cau"]["yeu_cau"])])),
        _part("Mục tiêu", muc=CommentedSeq([
            _content("Mục tiêu tổng quát", goals["tong_quat"]),
            CommentedMap(tieu_de="Mục tiêu cụ thể", gach=targets,
                         doan_cuoi=CommentedSeq([f"(Kèm theo Bảng tổng hợp chỉ tiêu giảm nghèo năm {year})."]))])),
        _part("Nhiệm vụ và giải pháp", muc=old["nhiem_vu"]),
        _part("Nguồn lực thực hiện", muc=old["nguon_luc"]),
        _part("Tổ chức thực hiện", phan_cong=organisation.get("phan_cong"), muc=CommentedSeq(
            [CommentedMap(tieu_de="Trách nhiệm báo cáo và thời gian báo cáo", bao_cao=reports)] if reports else [])),
    ])
    annex = CommentedMap(loai="giam_ngheo")
    annex.update(old["phu_luc"])
    new = CommentedMap()
    for key, value in old.items():
        if key == OLD_PARTS[0]:
            new["phan"] = parts
        elif key == "phu_luc":
            new["phu_luc"] = CommentedSeq([annex])
        elif key not in OLD_PARTS:
            new[key] = value
    old.copy_attributes(new)
    return new


def is_old(data) -> bool:
    """Return whether data is a plan in docgen 0.1's format."""
    return isinstance(data, dict) and any(key in data for key in OLD_PARTS)


def run(args) -> int:
    from docgen.commands.new import _yaml
    from docgen.output.write import write_atomic
    from docgen.plan.build import plan_from_text
    from docgen.plan.load import load_file

    source = existing(args.plan)
    load_file(source)  # size, encoding and YAML syntax: located messages, before ruamel reads it
    raw = source.read_bytes()
    text = raw.decode("utf-8-sig")
    yaml = _yaml()
    data = yaml.load(text.replace("\r\n", "\n"))
    if not is_old(data):
        raise UsageError(f"{source} đã viết theo mẫu hiện tại (không có `muc_dich_yeu_cau`, `nhiem_vu`…); không cần chuyển")
    out = io.StringIO()
    try:
        converted = convert(data)
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        where = f" (thiếu hoặc sai khóa `{exc.args[0]}`)" if isinstance(exc, KeyError) and exc.args else ""
        raise UsageError(f"{source} không đúng mẫu cũ của docgen{where}, nên không chuyển tự động được; hãy sửa "
                         "tệp theo mẫu cũ (docgen 0.1 validate) hoặc viết lại theo mẫu hiện tại") from None
    yaml.dump(converted, out)
    result = out.getvalue()
    if args.output and Path(args.output).exists() and os.path.samefile(args.output, source):
        raise UsageError(f"-o {args.output} chính là tệp cần chuyển; bỏ -o để ghi đè tệp đó "
                         "(docgen lưu bản cũ bên cạnh), hoặc chọn tên khác")
    target = writable(Path(args.output)) if args.output else source
    plan_from_text(result, f"{target} (bản chuyển)")  # valid before anything is written
    if target == source:
        backup = source.with_name(source.stem + ".cu" + source.suffix)
        if backup.exists():
            raise UsageError(f"đã có {backup} (bản cũ của một lần chuyển trước); hãy đổi tên hoặc xóa tệp đó, "
                             "hoặc dùng -o để ghi bản chuyển ra tệp khác")
        write_atomic(backup, raw)
        print(f"đã lưu bản cũ ở {backup}")
    if "\r\n" in text:
        result = result.replace("\n", "\r\n")
    write_atomic(target, (("\ufeff" if raw.startswith(b"\xef\xbb\xbf") else "") + result).encode("utf-8"))
    print(f"đã chuyển {source} sang mẫu mới: {target}")
    return 0
