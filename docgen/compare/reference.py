"""The reference: a plan rendered again with the template the user names, its document part read.

What a file is compared with: `check --plan` and `import` hold an edited file against it (what
the file said before it was edited), `diff --docx` shows one version's against the other's as
tracked changes. Rendered with the template the file was made with (`--template`, docgen's own
by default), the reference differs from the file only where the file was edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.ooxml import package, tree
from docgen.plan.build import Plan
from docgen.render.engine import render

DOCUMENT = "word/document.xml"


@dataclass(frozen=True)
class Rendering:
    """A plan's .docx as its parts, the document part parsed."""

    parts: dict[str, bytes]
    document: tree.Element


def rendering(plan: Plan, template: Path) -> Rendering:
    """Return plan rendered through template, as parts and its w:document."""
    parts = package.read(render(plan, template))
    return Rendering(parts, tree.parse(parts[DOCUMENT]))
