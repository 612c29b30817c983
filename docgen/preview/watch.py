"""The files `docgen preview` follows (the plan, the template), through whatever happens to their folders.

A folder is watched by what it is, not by its name (inotify, FSEvents, Windows'
directory handles): one moved away takes its watch along, and one made anew in
its place would never be watched, so later saves would go unseen, silently.
So `saves()` also looks at each folder's identity every POLL_SECONDS: a folder
gone, made anew or back is watched again, and its files are reported changed
(they may have changed unwatched, or be missing: the page says so). It looks at
each file's own stamp (inode, size, time of change) then too, so a save made in
the moment between a folder coming back and its new watch starting is not lost.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

POLL_SECONDS = 0.5


def _identity(folder: Path) -> tuple[int, int] | None:
    """Return what folder is (device, inode), or None while there is none."""
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _stamp(file: Path) -> tuple[int, int, int] | None:
    """Return what a file is and when it last changed, or None while there is none."""
    try:
        found = os.stat(file)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def saves(files: set[Path], stop: threading.Event) -> Iterator[set[Path]]:
    """Return an iterator of the set of files saved, removed or back each time there are some, until
    stop is set. The files are looked at now, not at the first step: a save made between this call
    and the first step (while the first check runs) is seen. Files whose folder is missing at the
    start are yielded at once (it may have gone since they were read). Ctrl-C (KeyboardInterrupt)
    goes through, as watchfiles lets it."""
    seen = {folder: _identity(folder) for folder in {file.parent for file in files}}
    stamps = {file: _stamp(file) for file in files}
    return _saves(files, stop, seen, stamps)


def _saves(files: set[Path], stop: threading.Event, seen: dict, stamps: dict) -> Iterator[set[Path]]:
    import watchfiles  # the preview alone needs it

    if missing := {file for file in files if seen[file.parent] is None}:
        yield missing
    while not stop.is_set():
        present = sorted(folder for folder, identity in seen.items() if identity is not None)
        if not present:  # every folder gone: wait for one to come back
            time.sleep(POLL_SECONDS)
            seen, moved = _moved(files, seen)
            stamps, touched = _touched(files, stamps)
            if moved | touched:
                yield moved | touched
            continue
        for changes in watchfiles.watch(*present, watch_filter=lambda change, path: Path(path) in files,
                                        debounce=50, step=20, rust_timeout=round(POLL_SECONDS * 1000),
                                        yield_on_timeout=True, recursive=False, stop_event=stop,
                                        raise_interrupt=True):
            seen, moved = _moved(files, seen)
            stamps, touched = _touched(files, stamps)
            changed = {Path(path) for _, path in changes} | moved | touched
            if changed:
                yield changed
            if moved:
                break  # watch the folders as they are now
        else:
            return  # stop was set


def _moved(files: set[Path], seen: dict[Path, tuple[int, int] | None]):
    """Return the folders' identities now, and the files whose folder is no longer the one seen
    (gone, made anew or back)."""
    now = {folder: _identity(folder) for folder in seen}
    return now, {file for file in files if now[file.parent] != seen[file.parent]}


def _touched(files: set[Path], stamps: dict[Path, tuple | None]):
    """Return the files' stamps now, and the files whose stamp changed since (a save no event told of)."""
    now = {file: _stamp(file) for file in files}
    return now, {file for file in files if now[file] != stamps[file]}
