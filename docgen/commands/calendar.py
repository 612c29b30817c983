"""`docgen calendar PLAN.yaml -o LICH.ics [--don-vi TÊN]`: the plan's deadlines in everyone's calendar."""

from __future__ import annotations

from docgen.base.errors import UsageError, printable
from docgen.commands import existing, output_path, writable
from docgen.output.write import write_atomic
from docgen.plan.build import load_plan
from docgen.year.calendar import calendar
from docgen.year.tasks import for_unit, tasks


def run(args) -> int:
    source = existing(args.plan)
    if args.nhac_truoc < 0:
        raise UsageError("--nhac-truoc là số ngày nhắc trước hạn, từ 0 trở lên (0: không nhắc)")
    out = writable(output_path(source, args.output, ".ics"), source)
    plan = load_plan(source)
    found = tasks(plan)
    duties = for_unit(found, args.don_vi) if args.don_vi else [(t, False) for t in found]
    if args.don_vi and not duties:
        units = sorted({t.unit for t in found} | {p for t in found for p in t.partners})
        raise UsageError(f"không có việc nào của «{args.don_vi}» trong {source}; các đơn vị có việc: "
                         + ", ".join(units))
    write_atomic(out, calendar(plan, duties, args.nhac_truoc))
    dated = sum(1 for t, _ in duties if t.han.end is not None)
    ongoing = len(duties) - dated
    print(printable(f"đã tạo {out}: {dated} sự kiện"
                    + (f" ({ongoing} việc thường xuyên không có ngày nên không đưa vào lịch)" if ongoing else "")))
    return 0
