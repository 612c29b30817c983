"""Function-level imports only where they keep something off a fast path (or hide a platform's
module, or a cycle), each saying so in a comment on its line; every other import is at the top."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "docgen"


def uncommented_imports(folder: Path) -> list[str]:
    """Return `file:line` of every import inside a function under folder with no comment on its lines."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for function in ast.walk(ast.parse(text)):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and not any(
                        "#" in line for line in lines[node.lineno - 1:node.end_lineno]):
                    found.append(f"{path.relative_to(folder.parent)}:{node.lineno}")
    return sorted(set(found))  # an import in a nested function is seen from each enclosing one


def test_every_function_level_import_says_why_it_is_not_at_the_top():
    found = uncommented_imports(PACKAGE)
    assert found == [], ("imports inside functions without a comment saying which path they stay off "
                         "(move them to the top, or add `# heavy: <what>, off the <command> path`):\n"
                         + "\n".join(found))


def test_the_walk_finds_an_uncommented_import(tmp_path):
    """The check itself can fail: it sees an import in a function, nested or not, and accepts a comment."""
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "m.py").write_text(
        "import os\n\n\ndef f():\n    import json\n    from pathlib import (\n        Path,  # light\n    )\n\n"
        "    def g():\n        import csv  # heavy: csv, off the test path\n        import re\n", encoding="utf-8")
    assert uncommented_imports(folder) == ["pkg/m.py:12", "pkg/m.py:5"]
