"""The plan's deadlines as an iCalendar file (RFC 5545) that any calendar program imports.

Every dated duty is an all-day event (VEVENT with DATE values: calendars show VTODO poorly or not
at all), with a reminder (VALARM) some days before. A date is that day; a month or a quarter is
its last day; a span runs from its first to its last day (DTEND is the day after, as the
standard counts). «Thường xuyên» has no day and makes no event. The UID is the duty's own key,
so importing a newer version of the plan updates its events instead of adding them again; the
DTSTAMP is the plan's issue date, so the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt

from docgen.base import vn
from docgen.plan.build import Plan
from docgen.plan.deadline import SPAN
from docgen.year.tasks import Task

PRODID = "-//docgen//Kế hoạch//VI"


def _stamp(plan: Plan) -> dt.datetime:
    """Return the plan's issue date (the year's 1 January for a draft), 00:00 in Viet Nam, in UTC."""
    return vn.issued_at(plan.model.ngay_ban_hanh or dt.date(plan.model.nam, 1, 1)).astimezone(dt.UTC)


def _source(plan: Plan) -> str:
    """Return «Kế hoạch số 45/KH-UBND ngày 11/01/2024 của Ủy ban nhân dân thị trấn Kông Chro»."""
    m = plan.model
    return (f"Kế hoạch {vn.document_reference(m.so, m.ky_hieu, m.ngay_ban_hanh, m.nam)} "
            f"của {m.co_quan_ban_hanh.ten}")


def calendar(plan: Plan, duties: list[tuple[Task, bool]], remind_days: int = 3) -> bytes:
    """Return the .ics bytes of duties (task, coordinating) of plan, a reminder remind_days before each."""
    from icalendar import Alarm, Calendar, Event  # only `docgen calendar` needs it

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Kế hoạch {plan.model.trich_yeu}")
    stamp, source = _stamp(plan), _source(plan)
    for task, coordinating in duties:
        if task.han.end is None:
            continue  # ongoing: no day to put it on
        event = Event()
        event.add("uid", f"{task.key}{'-phoi-hop' if coordinating else ''}@docgen")
        event.add("dtstamp", stamp)
        first = task.han.start if task.han.kind == SPAN else task.han.end
        event.add("dtstart", first)
        event.add("dtend", task.han.end + dt.timedelta(days=1))
        who = task.unit + (" (phối hợp)" if coordinating else "")
        event.add("summary", f"{task.what}: {who}")
        details = [f"{source}.", task.sentence, f"Thời hạn: {task.han}."]
        if task.partners:
            details.append(f"Phối hợp: {', '.join(task.partners)}.")
        event.add("description", "\n".join(details))
        event.add("categories", [task.unit])
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        if remind_days > 0:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Sắp đến hạn: {task.what} ({task.han})")
            alarm.add("trigger", dt.timedelta(days=-remind_days))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
