"""The reference: a plan rendered again with the template the user names, its document part.

What a file is compared with: `check --plan` and `import` hold an edited file against it (what
the file said before it was edited), `diff --docx` shows one version's against the other's as
tracked changes. Rendered with the template the file was made with (`--template`, docgen's own
by default), the reference differs from the file only where the file was edited.
"""

from __future__ import annotations

from pathlib import Path

from docgen.ooxml import tree
from docgen.plan.build import Plan
from docgen.render.engine import rendered

DOCUMENT = "word/document.xml"


def rendering(plan: Plan, template: Path) -> tree.Element:
    """Return the w:document of plan rendered through template: the part `docgen render` writes,
    taken before it is serialized and zipped (nothing here needs the package)."""
    parts, main, document = rendered(plan, template)
    return document if main is not None else tree.parse(parts[DOCUMENT])
