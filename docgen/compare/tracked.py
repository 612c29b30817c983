"""Two versions of a plan as one Word file with tracked changes (`docgen diff --docx`).

Both versions are rendered with the same template; NEW's document part is replaced by
the comparison (docgen.ooxml.redline) and the rest of NEW's package is kept, so the file opens
as NEW's document with OLD's differences shown as Word's own revisions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docgen.base import collector
from docgen.ooxml import package, record, redline, tree
from docgen.plan.build import Plan
from docgen.render.engine import rendered


def author(plan: Plan) -> str:
    """Return who the revisions are credited to: the body that issues the newer plan."""
    return plan.model.co_quan_ban_hanh.ten


def moment(plan: Plan) -> str:
    """Return the revisions' date: the newer plan's issue date (1 January of its year for a
    draft) at midnight. Word writes and reads w:date as the local wall-clock time despite its
    trailing Z (the real instant goes in w16du:dateUtc), so every reader sees that day."""
    day = plan.model.ngay_ban_hanh or dt.date(plan.model.nam, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def compare(versions: list[Plan], template: Path) -> bytes:
    """Return the .docx of NEW with the differences from OLD as tracked changes; versions holds
    [OLD, NEW] and is emptied, so that OLD's plan is let go once it is rendered (a 2,000-row plan
    holds some 24 MB): the caller keeps no other reference to them."""
    with collector.paused():  # two renderings and their comparison: millions of objects, few garbage
        return _compare(versions, template)


def _fingerprint(plan: Plan) -> str | None:
    return record.fingerprint(plan.source.data) if plan.source is not None else None


def _compare(versions: list[Plan], template: Path) -> bytes:
    # Big plans (thousands of rows): a parsed part takes about thirteen times its bytes, so OLD's
    # tree is written out and freed, then read back with its rows held as bytes (redline.hold)
    # before NEW is rendered. NEW's tree, as rendered (never written and parsed again), becomes
    # the comparison (no copy).
    before = versions.pop(0)
    _, _, old_tree = rendered(before, template)
    made_from = _fingerprint(before)
    del before
    xml = tree.serialize(old_tree)
    del old_tree
    old = redline.hold(xml)
    del xml
    after = versions.pop(0)
    parts, main, document = rendered(after, template)
    shown = redline.compare(old, document, author(after), moment(after), in_place=True)
    del old
    parts[main] = tree.serialize(shown)
    # what NEW quotes is not true once changes are rejected; which plan each version is, for import
    record.compared(parts, made_from, _fingerprint(after))
    return package.write(parts)
