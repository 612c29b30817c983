"""Python's cycle collector paused while a step builds a great many objects and frees few.

The collector runs every 700 new objects and, as they survive, walks the older ones again: a
2,000-row plan is loaded, rendered and compared as millions of small objects (nodes, marks,
cells, strings), none of them garbage until the step ends, and the walks took a fifth of the
time. Reference counting still frees everything that is not a cycle as the step goes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cycle collector for the block (nested blocks too); resume it as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
