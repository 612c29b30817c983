"""docgen's cache folder: work that depends only on a template, kept between runs.

Preparing a Word template (docxtpl's clean-up of the tags Word splits) and
compiling it (Jinja) cost more than rendering a plan with it, and they give the
same result every time for the same template. Both are kept in the user's cache
folder ($XDG_CACHE_HOME/docgen, else ~/.cache/docgen; %LOCALAPPDATA%\\docgen on
Windows), keyed by the template's content, so an edited template is prepared
afresh. The cache is only ever a shortcut: if the folder cannot be used, or an
entry is unreadable, docgen does the work again and the output is the same.
Set DOCGEN_CACHE_DIR to use another folder, or to an empty value to use none.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

# Bump when the cached data of the same template would change meaning.
VERSION = "1"


def _default() -> Path:
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "docgen"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docgen"


def _private(path: Path) -> bool:
    """Return whether path is a folder only this user can write (so what is in it can be trusted)."""
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid"):
        return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return True


def directory() -> Path | None:
    """Return the cache folder, created if need be, or None when there is none to use."""
    chosen = os.environ.get("DOCGEN_CACHE_DIR")
    if chosen == "":
        return None
    path = (Path(chosen) if chosen else _default()) / f"v{VERSION}"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path if _private(path) else None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None


def read_json(name: str):
    """Return the JSON stored under name, or None if there is none (or it is unreadable)."""
    folder = directory()
    if folder is None:
        return None
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, value) -> None:
    """Store value under name, atomically (other processes may be reading); never fails."""
    folder = directory()
    if folder is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
