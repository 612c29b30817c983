"""docgen's cache folder: work that depends only on a template, kept between runs.

Preparing a Word template (docxtpl's clean-up of the tags Word splits) and
compiling it (Jinja) cost more than rendering a plan with it, and they give the
same result every time for the same template. Both are kept in the user's cache
folder ($XDG_CACHE_HOME/docgen, else ~/.cache/docgen; %LOCALAPPDATA%\\docgen on
Windows), keyed by the template's content, so an edited template is prepared
afresh. The cache is only ever a shortcut: if the folder cannot be used, or an
entry is unreadable, docgen does the work again and the output is the same.
Set DOCGEN_CACHE_DIR to use another folder, or to an empty value to use none.

The folder is found by hand rather than with platformdirs: these five lines
cover the platforms docgen runs on, and importing platformdirs costs 14 ms on
every render, a quarter of the budget for docgen's own work.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

# Bump when the cached data of the same template would change meaning.
VERSION = "1"


def _default() -> str:
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
        return os.path.join(base, "docgen")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "docgen")


def _private(path: str) -> bool:
    """Return whether only this user can change what is in folder path (so it can be trusted).

    The folder must be this user's and writable by no one else. Every folder above it
    must be this user's or root's and not writable by everyone, unless sticky like /tmp
    (where no one can rename our entries). Group-writable folders above are accepted:
    with a umask of 002 the group is the user's own private group (Debian, Ubuntu).
    """
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True
    me = os.getuid()
    if info.st_uid != me or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    parent = os.path.dirname(path)
    while parent != path:
        path, parent = parent, os.path.dirname(parent)
        info = os.stat(path)
        if info.st_uid not in (0, me) or (info.st_mode & stat.S_IWOTH and not info.st_mode & stat.S_ISVTX):
            return False
    return True


def _make(path: str) -> None:
    """Create folder path and the docgen folder above it for this user alone (whatever the umask)."""
    top = os.path.dirname(path)
    os.makedirs(os.path.dirname(top), exist_ok=True)
    for level in (top, path):
        try:
            os.mkdir(level, 0o700)
        except FileExistsError:
            info = os.lstat(level)
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if stat.S_ISDIR(info.st_mode) and mine and info.st_mode & 0o077 and not info.st_mode & 0o002:
                # Ours, made under umask 002 (group: the user's own): tighten it. One that
                # everyone could write stays as it is, and untrusted: others may have put files in.
                os.chmod(level, 0o700)


def folder() -> str | None:
    """Return the cache folder's path, created if need be, or None when there is none to use."""
    chosen = os.environ.get("DOCGEN_CACHE_DIR")
    if chosen == "":
        return None
    path = os.path.join(os.path.abspath(chosen or _default()), f"v{VERSION}")
    try:
        _make(path)
        return path if _private(path) else None
    except OSError:
        return None


def directory() -> Path | None:
    """Return the cache folder as a Path, or None."""
    path = folder()
    return Path(path) if path else None


def read_bytes(name: str) -> bytes | None:
    """Return the data stored under name, or None if there is none or it is not intact."""
    where = directory()
    if where is None:
        return None
    try:
        entry = (where / name).read_bytes()
    except OSError:
        return None
    digest, _, data = entry.partition(b"\n")
    if digest != hashlib.sha256(data).hexdigest().encode():
        return None  # cut short, or written by something else
    try:
        os.utime(where / name)  # last used: what prune() goes by
    except OSError:
        pass
    return data


def write_bytes(name: str, data: bytes) -> None:
    """Store data under name, with its digest, atomically (others may be reading); never fails."""
    import tempfile  # heavy: tempfile (random, shutil), off the validate path

    where = directory()
    if where is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
            os.replace(tmp, where / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
    prune()  # a new entry is rare (a new template, a new docgen): the time to drop old ones


def read_json(name: str):
    """Return the JSON stored under name, or None if there is none or it is not intact."""
    import json  # json: off the validate path (template entries only)

    data = read_bytes(name)
    try:
        return None if data is None else json.loads(data)
    except ValueError:
        return None


def write_json(name: str, value) -> None:
    """Store value as JSON under name; never fails."""
    import json  # json: off the validate path (template entries only)

    write_bytes(name, json.dumps(value, ensure_ascii=False).encode("utf-8"))


def prune(days: float = 60) -> None:
    """Remove entries not used for days (a template edited many times leaves old ones)."""
    where = folder()
    if where is None:
        return
    limit = time.time() - days * 86400
    for entry in os.scandir(where):
        if entry.name.startswith(("template-", "validator-", "__jinja2_")):
            try:
                if entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass
