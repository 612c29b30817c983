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

import os
import stat

# Bump when the cached data of the same template would change meaning.
VERSION = "1"


def _default() -> str:
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
        return os.path.join(base, "docgen")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "docgen")


def _private(path: str) -> bool:
    """Return whether path is a folder only this user can write (so what is in it can be trusted)."""
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid"):
        return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return True


def folder() -> str | None:
    """Return the cache folder's path, created if need be, or None when there is none to use.

    (os.path only: the command-line client calls this before anything heavy is imported.)
    """
    chosen = os.environ.get("DOCGEN_CACHE_DIR")
    if chosen == "":
        return None
    path = os.path.join(chosen or _default(), f"v{VERSION}")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        return path if _private(path) else None
    except OSError:
        return None


def directory():  # -> pathlib.Path | None; pathlib (and typing) are not imported by the client
    """Return the cache folder as a Path, or None."""
    from pathlib import Path

    path = folder()
    return Path(path) if path else None


def read_json(name: str):
    """Return the JSON stored under name, or None if there is none (or it is unreadable)."""
    import json

    where = directory()
    if where is None:
        return None
    try:
        return json.loads((where / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, value) -> None:
    """Store value under name, atomically (other processes may be reading); never fails."""
    import json
    import tempfile

    where = directory()
    if where is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, where / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
