"""Crash-safe file writes: write to a temp name in the same folder, fsync, then rename.

A reader never sees a half-written file; a crash leaves either the old or the new content.
No Qt.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any


def fsync_directory(directory: Path) -> None:
    """Persist a rename on POSIX; a no-op where directories cannot be opened (Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_umask() -> int:
    # Reading the umask means setting it; done once at import, before worker threads exist,
    # because the umask is process-wide and a thread creating a file meanwhile would see 0.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def umask_mode() -> int:
    """The permissions a plain ``open()`` would give a new file under the process umask.

    ``mkstemp`` creates files readable only by their owner; an exported track or a preset
    file must open in other programs (a DAW running as another user, a shared folder).
    """
    return 0o666 & ~_UMASK


def write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Atomically replace ``path`` with ``data``; ``mode`` sets permissions before the rename.

    Without ``mode`` the file gets the usual umask permissions; secrets pass their own.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, umask_mode() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_directory(path.parent)


def write_text(path: Path, text: str, *, mode: int | None = None) -> None:
    write_bytes(path, text.encode("utf-8"), mode=mode)


def write_json(path: Path, value: Any, *, mode: int | None = None) -> None:
    write_text(
        path, json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n", mode=mode
    )


def set_aside_damaged(path: Path, *, keep_original: bool = False) -> Path | None:
    """Move (or copy) a file that could not be read to ``<stem>.damaged-<time><suffix>``.

    The user's data is never just dropped: the next save rewrites ``path``, and the damaged
    bytes stay beside it. Returns where they went, or None when the disk refused.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    try:
        if not keep_original:
            path.replace(backup)
        elif not backup.exists():
            shutil.copy2(path, backup)
    except OSError:
        return None
    return backup
