"""Figures of the text that are figures of an imported table, written as quotes (issue 19, item 4).

Not done yet: the converter lists nothing here and leaves every number as typed.
"""

from __future__ import annotations


def place(plan: dict, report) -> None:
    """Replace, in the plan's text, numbers equal to exactly one figure of its tables by quotes."""
    return None
