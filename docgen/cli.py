"""Command line: parses arguments, hands them to the verb's module in docgen.commands,
and is the one place that turns errors into messages and exit codes: 0 ok, 1 invalid content (or a PDF that
could not be made), 2 wrong usage (missing file, bad option, missing LibreOffice,
unwritable output or stdout), 3 internal error. `diff` and `check` answer like diff(1): 0 no
difference / no error, 1 difference / error found, 2 for any failure."""

from __future__ import annotations

import argparse
import codecs
import functools
import gc
import importlib
import os
import re
import sys
import unicodedata

from docgen import __version__
from docgen.base.errors import ContentError, DocgenError, capped, os_reason, printable

_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", r"thiếu đối số: \1"),
    (r"unrecognized arguments: (.*)", r"không hiểu đối số: \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", r"\1: không có lệnh \2 (các lệnh: \3)"),
    (r"argument (.*?): expected one argument", r"\1: cần một giá trị"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"\1: giá trị không hợp lệ: \3"),
]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse speaking Vietnamese: headings, -h, and its error messages (exit code 2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str):
        for pattern, replacement in _ARGPARSE_MESSAGES:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


@functools.cache  # parsing leaves it as it was; a caller's many `main([...])` build it once (~5 ms)
def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="docgen",
        description="Soạn Kế hoạch của Ủy ban nhân dân (thể thức Nghị định 30/2020/NĐ-CP) từ tệp YAML.",
        epilog="Mã thoát: 0 thành công; 1 nội dung không hợp lệ; 2 dùng lệnh sai (thiếu tệp, tùy chọn sai, "
               "thiếu LibreOffice); 3 lỗi nội bộ. Riêng diff và check: 0 không khác / không lỗi, 1 có khác / "
               "có lỗi, 2 không chạy được (diff --docx: 0 khi đã ghi tệp so sánh). Riêng import: xem "
               "docgen import --help.",
    )
    parser.add_argument("--version", action="version", version=f"docgen {__version__}", help="in phiên bản rồi thoát")
    parser.add_argument("--debug", action="store_true", help="in chi tiết kỹ thuật khi có lỗi nội bộ")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")

    render = sub.add_parser("render", help="tạo tệp Word (.docx) từ kế hoạch YAML (một tệp, nhiều tệp hoặc thư mục)")
    render.add_argument("plans", metavar="KE_HOACH.yaml", nargs="+", help="tệp kế hoạch, hoặc thư mục chứa các tệp .yaml")
    render.add_argument("-o", "--output", metavar="RA",
                        help="tệp kết quả khi tạo một kế hoạch (mặc định: output/<tên kế hoạch>.docx); "
                             "thư mục kết quả khi tạo nhiều kế hoạch (mặc định: output/)")
    render.add_argument("-j", "--jobs", type=int, metavar="N", help="số tiến trình song song (mặc định: số lõi CPU)")
    render.add_argument("--template", metavar="MAU.docx", help="mẫu Word riêng (mặc định: mẫu của docgen; "
                        "docgen template ghi nó ra để sửa)")
    render.add_argument("--pdf", action="store_true", help="tạo thêm tệp PDF cạnh tệp Word (cần LibreOffice)")

    pdf = sub.add_parser("pdf", help="tạo tệp PDF từ kế hoạch YAML hoặc tệp Word (cần LibreOffice)")
    pdf.add_argument("source", metavar="KE_HOACH.yaml|TEP.docx", help="kế hoạch YAML hoặc tệp Word")
    pdf.add_argument("-o", "--output", metavar="RA.pdf", help="tệp PDF (mặc định: output/<tên>.pdf, hoặc cạnh tệp Word)")
    pdf.add_argument("--template", metavar="MAU.docx", help="mẫu Word riêng khi tạo từ YAML")

    validate = sub.add_parser("validate", help="kiểm tra tệp kế hoạch, không tạo tệp Word")
    validate.add_argument("plans", metavar="KE_HOACH.yaml", nargs="+", help="một hoặc nhiều tệp kế hoạch")

    new = sub.add_parser("new", help="tạo dự thảo kế hoạch năm sau từ kế hoạch năm nay")
    new.add_argument("plan", metavar="KE_HOACH.yaml", help="kế hoạch năm nay")
    new.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm của kế hoạch mới, ví dụ 2025")
    new.add_argument("-o", "--output", metavar="MOI.yaml", help="tệp mới (mặc định: đổi năm trong tên tệp cũ)")
    new.add_argument("--force", action="store_true", help="ghi đè nếu tệp mới đã có")

    diff = sub.add_parser("diff", help="so sánh hai phiên bản kế hoạch theo nội dung văn bản")
    diff.add_argument("old", metavar="CU.yaml", help="phiên bản cũ (hoặc tệp hiện tại khi dùng --rev)")
    diff.add_argument("new", metavar="MOI.yaml", nargs="?", help="phiên bản mới")
    diff.add_argument("--rev", metavar="PHIÊN_BẢN", help="so với tệp ở một phiên bản git, ví dụ HEAD~1")
    diff.add_argument("--format", choices=["text", "json"], default="text", help="dạng kết quả (mặc định: text)")
    diff.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="tô màu chữ thêm/bớt")
    diff.add_argument("--docx", action="store_true",
                      help="ghi tệp Word của bản mới, các chỗ khác bản cũ hiện bằng theo dõi thay đổi (Track Changes)")
    diff.add_argument("-o", "--output", metavar="SO_SANH.docx",
                      help="tệp Word so sánh khi dùng --docx (mặc định: output/<bản mới>-so-sanh.docx)")
    diff.add_argument("--template", metavar="MAU.docx", help="mẫu Word riêng khi dùng --docx")

    check = sub.add_parser("check", help="kiểm tra một tệp Word theo thể thức Nghị định 30/2020/NĐ-CP")
    check.add_argument("docx", metavar="TEP.docx", help="tệp Word cần kiểm tra (của docgen hoặc soạn tay)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="dạng kết quả (mặc định: text)")
    check.add_argument("--plan", metavar="KE_HOACH.yaml",
                       help="đối chiếu thêm với kế hoạch YAML: liệt kê mọi đoạn, ô của tệp Word khác với kế hoạch "
                            "(ví dụ tệp đã ký, tệp được sửa trong Word)")
    check.add_argument("--template", metavar="MAU.docx", help="mẫu Word riêng đã dùng khi tạo tệp Word (cùng --plan)")

    imp = sub.add_parser("import", help="nhập tệp Word: thành kế hoạch YAML mới (-o), hoặc đưa các sửa đổi làm "
                                        "trong Word trở lại tệp YAML của kế hoạch (--into)",
                         epilog="Mã thoát (mọi dạng): 0 đã ghi, đặt được mọi thứ (hoặc không có gì để nhập); 4 đã ghi "
                                "với --force, còn chỗ chưa đặt được (có liệt kê); 1 không ghi gì (lệnh in lý do); 2 "
                                "dùng lệnh sai hoặc tệp không nhập được (không đọc được; với --into: không có dấu của "
                                "docgen, hoặc tạo từ phiên bản khác). --dry-run trả về mã mà lần nhập thật sẽ trả về.")
    imp.add_argument("docx", metavar="TEP.docx",
                     help="tệp Word: kế hoạch soạn tay (.docx, .doc, .odt) với -o, hoặc tệp docgen tạo rồi được sửa "
                          "trong Word với --into; hoặc bảng tính (.xlsx) với --into và --bang")
    imp.add_argument("-o", "--output", metavar="KE_HOACH.yaml",
                     help="tạo kế hoạch YAML mới từ một kế hoạch soạn tay trong Word")
    # Options are English, as the verbs are; the Vietnamese names they had first stay as aliases
    # (docs/glossary.md gives the rule).
    imp.add_argument("--no-quotes", "--khong-trich", dest="khong_trich", action="store_true",
                     help="với -o: giữ nguyên các con số trong câu, không thay bằng trích dẫn số liệu của bảng")
    imp.add_argument("--into", metavar="KE_HOACH.yaml", help="tệp kế hoạch đã dùng để tạo tệp Word đó")
    imp.add_argument("--dry-run", "--thu", dest="thu", action="store_true",
                     help="chạy thử: in phần YAML sẽ đổi, không ghi gì")
    imp.add_argument("--accept-changes", "--chap-nhan", dest="chap_nhan", action="store_true",
                     help="coi các thay đổi đang theo dõi (Track Changes) là đã được chấp nhận và nhập cả chúng")
    imp.add_argument("--force", action="store_true",
                     help="với --into: vẫn ghi những sửa đổi đặt được khi có chỗ không đặt được vào YAML; "
                          "với -o: ghi đè tệp YAML đã có")
    imp.add_argument("--without-record", "--khong-dau-ban-ghi", dest="khong_dau_ban_ghi", action="store_true",
                     help="với --into: vẫn nhập tệp Word không còn dấu của docgen (đã bị xóa khi lưu hoặc kiểm tra "
                          "tài liệu), đối chiếu với bản YAML hiện tại")
    imp.add_argument("--other-version", "--khac-phien-ban", dest="khac_phien_ban", action="store_true",
                     help="với --into: vẫn nhập tệp Word được tạo từ một phiên bản khác của tệp YAML; sửa đổi làm "
                          "trong YAML sau khi tạo tệp Word có thể bị mất")
    imp.add_argument("--template", metavar="MAU.docx", help="mẫu Word riêng đã dùng khi tạo tệp Word")
    imp.add_argument("--bang", metavar="MA",
                     help="với bảng tính (.xlsx): phụ lục cần điền số liệu (`ma` của phụ lục; bỏ trống nếu chỉ có một)")

    export = sub.add_parser("export", help="ghi các bảng phụ lục ra bảng tính Excel (.xlsx), mỗi bảng một trang")
    export.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    export.add_argument("-o", "--output", metavar="PHU_LUC.xlsx",
                        help="tệp bảng tính (mặc định: output/<tên kế hoạch>.xlsx)")

    text = sub.add_parser("text", help="in chữ của một tệp Word theo thứ tự đọc (dùng cho git diff)")
    text.add_argument("docx", metavar="TEP.docx", help="tệp Word")
    text.add_argument("--thay-doi", "--changes", dest="thay_doi", action="store_true",
                      help="với tệp có theo dõi thay đổi: đánh dấu chữ được thêm {+…+} và bị xóa [-…-] "
                           "(mặc định: in như khi đã chấp nhận mọi thay đổi)")

    preview = sub.add_parser("preview", help="xem trước kế hoạch trong trình duyệt, tự cập nhật mỗi lần lưu "
                                              "(chạy đến khi bấm Ctrl-C)")
    preview.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch đang soạn")
    preview.add_argument("--template", metavar="MAU.docx", help="mẫu Word riêng (cũng được theo dõi)")
    preview.add_argument("--port", type=int, default=0, metavar="CỔNG",
                         help="cổng trên 127.0.0.1 (mặc định: một cổng còn trống)")
    preview.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")

    migrate = sub.add_parser("migrate", help="chuyển kế hoạch viết theo mẫu cũ (docgen 0.1) sang mẫu hiện tại")
    migrate.add_argument("plan", metavar="KE_HOACH.yaml", help="kế hoạch viết theo mẫu cũ")
    migrate.add_argument("-o", "--output", metavar="MOI.yaml",
                         help="ghi ra tệp này (mặc định: ghi đè tệp cũ, giữ bản cũ ở KE_HOACH.cu.yaml)")

    cal = sub.add_parser("calendar", help="ghi các thời hạn của kế hoạch (báo cáo, nhiệm vụ) thành tệp lịch .ics")
    cal.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    cal.add_argument("-o", "--output", metavar="LICH.ics", help="tệp lịch (mặc định: output/<tên kế hoạch>.ics)")
    cal.add_argument("--don-vi", "--unit", dest="don_vi", metavar="TÊN",
                     help="chỉ các việc của một đơn vị (chủ trì, hoặc phối hợp: ghi «(phối hợp)»)")
    cal.add_argument("--nhac-truoc", "--remind", dest="nhac_truoc", type=int, default=3, metavar="NGÀY",
                     help="nhắc trước hạn bao nhiêu ngày (mặc định: 3; 0: không nhắc)")

    tasks = sub.add_parser("tasks", help="danh sách nhiệm vụ của từng đơn vị, theo thời hạn (.xlsx hoặc .csv)")
    tasks.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    tasks.add_argument("-o", "--output", metavar="NHIEM_VU.xlsx",
                       help="tệp kết quả (mặc định: output/<tên kế hoạch>-nhiem-vu.xlsx hoặc .csv)")
    tasks.add_argument("--format", choices=["xlsx", "csv"], default="xlsx",
                       help="xlsx: mỗi đơn vị một trang tính; csv: một tệp UTF-8 có cột đơn vị")

    report = sub.add_parser("report", help="tạo báo cáo kết quả thực hiện một kế hoạch (YAML để điền), hoặc "
                                           "cập nhật số liệu kế hoạch của một báo cáo (--cap-nhat)")
    report.add_argument("plan", metavar="KE_HOACH.yaml", nargs="?", help="tệp kế hoạch được báo cáo")
    report.add_argument("--period", "--ky", dest="ky", choices=["6-thang", "nam"], default="nam",
                        help="kỳ báo cáo: 6-thang (6 tháng đầu năm) hoặc nam (cả năm, mặc định); cũng viết --ky")
    report.add_argument("-o", "--output", metavar="BAO_CAO.yaml",
                        help="tệp báo cáo ghi ra (mặc định: bao-cao-<năm>.yaml cạnh kế hoạch)")
    report.add_argument("--force", action="store_true", help="ghi đè nếu tệp báo cáo đã có")
    report.add_argument("--update", "--cap-nhat", dest="cap_nhat", metavar="BAO_CAO.yaml",
                        help="chép lại các số liệu kế hoạch mới nhất vào báo cáo này, tại chỗ (giữ chú thích và "
                             "phần đã viết); cũng viết --cap-nhat")

    tmpl = sub.add_parser("template", help="ghi ra mẫu Word mặc định của docgen để sửa kiểu chữ trong Word")
    tmpl.add_argument("-o", "--output", metavar="MAU.docx", default="templates/ke-hoach.docx",
                      help="tệp mẫu ghi ra (mặc định: templates/ke-hoach.docx)")
    tmpl.add_argument("--force", action="store_true", help="ghi đè nếu tệp đã có")

    schema = sub.add_parser("schema", help="in JSON Schema của tệp kế hoạch (cho trình soạn thảo)")
    schema.add_argument("-o", "--output", metavar="TEP.json", help="ghi ra tệp thay vì in ra màn hình")
    return parser


# The module under docgen.commands that runs each verb (imported only when used).
COMMANDS = {name: f"docgen.commands.{name}" for name in
            ("render", "validate", "new", "diff", "check", "pdf", "text", "preview", "migrate", "schema",
             "template", "calendar", "tasks", "export", "report")}
COMMANDS["import"] = "docgen.commands.import_docx"  # `import` cannot name a module
# a module named `template` would shadow docgen.commands.template(), the helper every verb uses
COMMANDS["template"] = "docgen.commands.default_template"


def _without_marks(error: UnicodeEncodeError) -> tuple[str, int]:
    """Encoding error handler: a letter the output cannot carry loses its marks (ệ → e, Đ → D)."""
    bad = error.object[error.start:error.end]
    plain = unicodedata.normalize("NFD", bad.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in plain if not unicodedata.combining(c))
    return text.encode(error.encoding, "replace").decode(error.encoding), error.end


def _readable_output() -> None:
    """Never fail on printing Vietnamese: where stdout or stderr cannot encode it (a Windows
    code page, PYTHONIOENCODING=latin-1), print it without diacritics rather than crash."""
    codecs.register_error("docgen-plain", _without_marks)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "Đệ".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="docgen-plain")


def _drop_output() -> None:
    """Point stdout at the null device, so that the interpreter's last flush at exit cannot fail
    again with Python's own English message."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _load(module: str, whole_process: bool):
    """Return the verb's module, loaded. Its modules (pydantic's models, Jinja, lxml…) make objects that
    live until the process ends: looking for garbage among them while they load, and again in every
    later round, is ~10 ms of a render spent for nothing. So when docgen is the whole process (not a
    caller's `main([...])`), the collector waits until they are loaded and then leaves them out."""
    if not whole_process:
        return importlib.import_module(module)
    gc.disable()
    try:
        return importlib.import_module(module)
    finally:
        gc.enable()
        gc.freeze()


def main(argv: list[str] | None = None) -> int:
    if sys.stdout is None:  # started with stdout closed (`docgen … >&-`): nowhere to say anything
        if sys.stderr is not None:
            print("docgen: không ghi được kết quả ra đầu ra chuẩn: đầu ra đã bị đóng", file=sys.stderr)
        return 2
    _readable_output()
    # pydantic looks for plugins through importlib.metadata on the first validation: ~25 ms of
    # a fresh process, for plugins a command-line run of docgen never uses.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    # diff and check use 1 for "found something", so any failure of theirs is 2
    failure = (lambda code: 2) if args.command in ("diff", "check") else (lambda code: code)
    try:
        code = _load(COMMANDS[args.command], argv is None).run(args)
        sys.stdout.flush()  # output that cannot be written (a full disk) fails here, not at exit
        return code
    except DocgenError as exc:
        if isinstance(exc, ContentError):
            print("\n".join(capped([str(p) for p in exc.problems], sys.stderr)), file=sys.stderr)
        else:
            print(f"docgen: {exc}", file=sys.stderr)
        return failure(exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `docgen … | head`: the reader left; stop quietly
        _drop_output()
        return 1
    except OSError as exc:  # the system refused a read or a write that no verb expected to fail
        if exc.filename is None:  # writing our own output: stdout redirected to a full disk…
            _drop_output()
            print(f"docgen: không ghi được kết quả ra đầu ra chuẩn: {os_reason(exc)}", file=sys.stderr)
        else:
            print(printable(f"docgen: không đọc hoặc ghi được {exc.filename}: {os_reason(exc)}"), file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001 - the last resort: never show a traceback unless asked
        if args.debug:
            import traceback  # traceback: only with --debug, off every fast path

            traceback.print_exc()
        else:
            print("docgen: lỗi nội bộ, không phải do tệp của bạn. Hãy chạy lại với --debug và gửi "
                  "thông báo cho người phụ trách docgen.", file=sys.stderr)
        return failure(3)
