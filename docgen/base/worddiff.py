"""Two texts compared word by word, as `diff`, `check --plan` and `import` show a change:
unchanged words, [-removed-] and {+added+}."""

from __future__ import annotations

import difflib


def word_diff(old: str, new: str, context: int | None = None) -> str:
    """Return new with word-level marks: unchanged words, [-removed-] and {+added+}.

    With `context`, long unchanged stretches are shortened to "…" around the changes.
    """
    a, b = old.split(), new.split()
    out = []
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            if context is not None and len(words) > 2 * context:
                head = words[:context] if n > 0 else []
                tail = words[-context:] if n < len(ops) - 1 else []
                words = head + ["…"] + tail
            out.append(" ".join(words))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)
