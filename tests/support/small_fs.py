"""Real full and read-only filesystems for disk-trouble tests: a small tmpfs and a read-only
bind mount. Both need root (or CAP_SYS_ADMIN); elsewhere the test is skipped with the reason.

Why mounts and not chmod or patching: root ignores permission bits, and patched ``open``
calls would not prove that SQLite, libsndfile and the rename all behave on a real ENOSPC or
EROFS. A tmpfs of a few MB fills in milliseconds and disappears with the test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

FILLER = "filler.bin"


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


def _skip_unless_can_mount() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small or read-only filesystem")


def _unmount(path: Path) -> None:
    # Lazy: a file handle a failed test left open must not keep the mount (and the test) alive.
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


@contextlib.contextmanager
def small_filesystem(path: Path, size_bytes: int) -> Iterator[Path]:
    """A tmpfs of ``size_bytes`` mounted at ``path`` for the duration."""
    _skip_unless_can_mount()
    path.mkdir(parents=True, exist_ok=True)
    result = _mount("-t", "tmpfs", "-o", f"size={size_bytes},mode=0755", "sonodesk-test", str(path))
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield path
    finally:
        _unmount(path)


def fill(path: Path, leave_free: int) -> Path:
    """Write a filler file so that only about ``leave_free`` bytes stay free on ``path``'s disk."""
    filler = path / FILLER
    free = shutil.disk_usage(path).free
    with open(filler, "ab") as handle:
        handle.write(b"\0" * max(0, free - leave_free))
        handle.flush()
        os.fsync(handle.fileno())
    return filler


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` bind-mounted onto itself read-only: writes fail with EROFS, even for root.
    Call ``make_writable(path)`` to lift it inside the block."""
    _skip_unless_can_mount()
    path.mkdir(parents=True, exist_ok=True)
    result = _mount("--bind", str(path), str(path))
    if result.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {result.stderr.strip()}")
    try:
        # Two steps: older kernels ignore "ro" on the bind itself.
        result = _mount("-o", "remount,bind,ro", str(path))
        if result.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {result.stderr.strip()}")
        yield path
    finally:
        _unmount(path)


def make_writable(path: Path) -> None:
    result = _mount("-o", "remount,bind,rw", str(path))
    assert result.returncode == 0, result.stderr
