"""Readying a long-lived process (a batch's workers, the background server) to render many plans."""

from __future__ import annotations

import gc
from pathlib import Path

from docgen.errors import DocgenError


def warm(template: Path) -> None:
    """Do once what every plan would otherwise start with: imports, the validator, the template."""
    import docgen.render
    from docgen.model import KeHoach

    KeHoach.model_rebuild()
    try:
        docgen.render.warm(template)
    except DocgenError:
        pass  # each plan will report it
    tune_gc()


def tune_gc() -> None:
    """Collect garbage less often: a plan allocates many short-lived objects and few cycles,
    and every collection would otherwise walk the tens of thousands of long-lived ones
    (modules, the validator, compiled templates), which freeze() sets aside. ~20% per plan.
    Once per process: what a long-lived server holds later is not frozen for good."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
    gc.set_threshold(20_000, 20, 20)
