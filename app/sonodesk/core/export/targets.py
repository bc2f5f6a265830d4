"""Where each export goes: the collision policy (ask, replace, number) and a no-overwrite move.

Names claimed earlier in the same batch count as taken, so two takes that render the same
name never overwrite each other whatever the policy.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass
from pathlib import Path

from sonodesk.core.atomic import fsync_directory

_MAX_NUMBER = 9999


class TargetExists(Exception):
    """The target appeared between planning and renaming (another program wrote it)."""


@dataclass(frozen=True)
class Target:
    """The chosen path; ``conflict``: it exists and the policy is "ask" (nothing is written)."""

    path: Path
    conflict: bool = False
    replaces: bool = False


def numbered(folder: Path, stem: str, extension: str, number: int) -> Path:
    """'take.wav', then 'take (2).wav', 'take (3).wav'..."""
    suffix = "" if number <= 1 else f" ({number})"
    return folder / f"{stem}{suffix}.{extension}"


def choose_target(
    folder: Path, stem: str, extension: str, policy: str, claimed: set[str]
) -> Target:
    """Apply ``policy`` to ``folder/stem.extension``; adds the chosen name to ``claimed``.

    ``claimed`` holds casefolded names already given out in this batch (case-insensitive
    file systems on macOS and Windows treat "Take.wav" and "take.wav" as one file).
    """
    first = numbered(folder, stem, extension, 1)
    taken_here = first.name.casefold() in claimed
    if not taken_here and not first.exists():
        claimed.add(first.name.casefold())
        return Target(first)
    if not taken_here and policy == "replace":
        claimed.add(first.name.casefold())
        return Target(first, replaces=True)
    if not taken_here and policy == "ask":
        return Target(first, conflict=True)
    return Target(next_free(folder, stem, extension, claimed))


def next_free(folder: Path, stem: str, extension: str, claimed: set[str]) -> Path:
    """The first numbered name neither on disk nor claimed; claims it."""
    for number in range(2, _MAX_NUMBER + 1):
        candidate = numbered(folder, stem, extension, number)
        if candidate.name.casefold() not in claimed and not candidate.exists():
            claimed.add(candidate.name.casefold())
            return candidate
    raise TargetExists(f"{stem}.{extension}")


def move_into_place(temp: Path, target: Path, *, replace: bool) -> None:
    """Rename the finished temp file to ``target``; without ``replace`` never overwrite.

    A hard link fails atomically if the name exists; file systems without hard links (FAT,
    some network shares) fall back to an existence check and a rename.
    """
    if replace:
        os.replace(temp, target)
    else:
        try:
            os.link(temp, target)
        except FileExistsError:
            raise TargetExists(target.name) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if target.exists():
                raise TargetExists(target.name) from None
            os.rename(temp, target)
        else:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    fsync_directory(target.parent)
