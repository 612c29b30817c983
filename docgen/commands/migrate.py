"""`docgen migrate PLAN.yaml`: a plan written for docgen 0.1 (parts I-V fixed) in today's format.

docgen 0.1 knew one plan: its five parts were keys (`muc_dich_yeu_cau`,
`muc_tieu`, `nhiem_vu`, `nguon_luc`, `to_chuc_thuc_hien`), its one annex was the
poverty table and part II's three target sentences were computed. Today a plan
is a list of parts (`phan`) and a list of annexes (`phu_luc`), and the target
sentences are ordinary lines that quote the table's figures. This command moves
each old part, with its comments, to where the new format has it, and writes
the three sentences out with their quotes, so the document stays the same.

Nothing is lost: a key of the old parts that the conversion does not know (a sentence
added by hand under `muc_tieu.cu_the`, say) is kept as a `# XEM LẠI:` comment holding
its YAML above the part it belonged to, listed with its line, and the exit code is 1.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.base.errors import UsageError
from docgen.commands import existing, writable
from docgen.commands.new import _yaml
from docgen.output.write import write_atomic
from docgen.plan.build import OLD_PARTS, plan_from_text
from docgen.plan.load import load_file

TARGETS = (
    "Tỷ lệ hộ nghèo (theo {s}) còn {{{{ giam_ngheo.ty_le_cuoi_nam }}}}% vào cuối năm {y}.",
    "Mức giảm tỷ lệ hộ nghèo (theo {s}) ở mức {{{{ giam_ngheo.muc_giam }}}}%.",
    "Tỷ lệ hộ nghèo dân tộc thiểu số giảm {{{{ giam_ngheo.muc_giam_dtts }}}}%.",
)


# The keys of docgen 0.1's fixed parts that the conversion places; any other is a leftover.
KNOWN = {
    ("muc_dich_yeu_cau",): {"muc_dich", "yeu_cau"},
    ("muc_tieu",): {"tong_quat", "cu_the"},
    ("muc_tieu", "cu_the"): {"chuan_ngheo", "gach"},
    ("to_chuc_thuc_hien",): {"phan_cong", "bao_cao"},
}
PART = {"muc_dich_yeu_cau": 0, "muc_tieu": 1, "to_chuc_thuc_hien": 4}  # where each old part goes in `phan`


def leftovers(old) -> list[tuple[tuple, object, int]]:
    """Return (path, value, line) of every key under the old parts that the conversion does not place."""
    found = []
    for path, known in KNOWN.items():
        node = old
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in known:
                    found.append(((*path, key), value, node.lc.key(key)[0] + 1))
    return found


def _keep(parts, found, dump) -> None:
    """Put each leftover's YAML, commented out, above the part it belonged to."""
    by_part: dict[int, list[str]] = {}
    for path, value, line in found:
        text = dump({path[-1]: value}).rstrip("\n")
        by_part.setdefault(PART[path[0]], []).append(
            f"XEM LẠI: docgen migrate không biết đặt khóa `{'.'.join(path)}` (dòng {line} của tệp cũ) vào đâu; "
            "nội dung còn nguyên dưới đây:\n" + "\n".join("  " + row for row in text.splitlines()))
    for index, blocks in by_part.items():
        parts.yaml_set_comment_before_after_key(index, before="\n".join(blocks), indent=2)


def _content(title: str, value):
    """Return an item with title from an old text block (a paragraph, or `doan`/`gach`)."""
    item = CommentedMap(tieu_de=title)
    if isinstance(value, str):
        item["doan"] = CommentedSeq([value])
    else:
        item.update(value)
    return item


def _part(title: str, **content):
    part = CommentedMap(tieu_de=title)
    part.update({k: v for k, v in content.items() if v})
    return part


def convert(old, dump=None):
    """Return the plan old (docgen 0.1, round-trip YAML) in today's format, comments kept where they were,
    and every key of the old parts it cannot place kept as a comment (dump: value -> YAML text)."""
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
    if dump is not None:
        _keep(parts, leftovers(old), dump)
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
    source = existing(args.plan)
    load_file(source)  # size, encoding and YAML syntax: located messages, before ruamel reads it
    raw = source.read_bytes()
    text = raw.decode("utf-8-sig")
    yaml = _yaml()
    data = yaml.load(text.replace("\r\n", "\n"))
    if not is_old(data):
        raise UsageError(f"{source} đã viết theo mẫu hiện tại (không có `muc_dich_yeu_cau`, `nhiem_vu`…); không cần chuyển")
    out = io.StringIO()

    def dump(value) -> str:
        text = io.StringIO()
        yaml.dump(value, text)
        return text.getvalue()

    try:
        converted = convert(data, dump)
        left = leftovers(data)
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        missing = _missing(data, exc.args[0]) if isinstance(exc, KeyError) and exc.args else None
        where = f" (thiếu khóa `{missing}`)" if missing else ""
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
    if left:
        print(f"Không chuyển được {len(left)} khóa (giữ nguyên trong tệp mới thành chú thích «# XEM LẠI:» ở phần "
              "tương ứng; hãy đưa nội dung vào đúng chỗ rồi xóa chú thích):")
        for path, _, line in left:
            print(f"  {source}:{line}: {'.'.join(path)}")
        return 1
    return 0


def _missing(data, key: str) -> str | None:
    """Return the full path of the required old key that is missing, as the user would write it."""
    for path in [(), *KNOWN]:
        node = data
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        if isinstance(node, dict) and key not in node and key in (KNOWN.get(path) or OLD_PARTS + ("nam", "phu_luc")):
            return ".".join((*path, key))
    return key
