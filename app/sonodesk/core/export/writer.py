"""Encode audio to a temp file beside the target, fsync, read it back and verify, then rename.

A failure at any step removes the temp file: a half-written export never appears under its
real name. Owns no threads; no Qt.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from sonodesk.core.atomic import umask_mode
from sonodesk.core.audio.info import open_soundfile
from sonodesk.core.errors import AudioError, SonodeskError, StorageError
from sonodesk.core.export.formats import FormatSpec, opus_compression_level
from sonodesk.core.export.loudness import integrated_loudness, true_peak_db
from sonodesk.core.export.metadata import Tags
from sonodesk.core.export.quantize import to_stored
from sonodesk.core.export.report import ExportCancelled
from sonodesk.core.export.tags import id3_tag, prepend_id3, soundfile_strings
from sonodesk.core.export.targets import TargetExists, move_into_place

log = logging.getLogger(__name__)

# Vorbis and Opus crashed when handed a whole take in one call; every format is fed in blocks.
WRITE_BLOCK = 16_384
READ_BLOCK = 1 << 16
# An MP3 decoder may differ from the encoder's input by up to about two frames of 1152 when
# the LAME header is missing or ignored; with it, libsndfile 1.2.2 reads back exact lengths.
LOSSY_FRAME_TOLERANCE = 2 * 1152
_LOW_SPACE_BYTES = 4 * 1024 * 1024
_ENCODE_SHARE = 0.85

Progress = Callable[[float], None]


@dataclass(frozen=True)
class LevelCheck:
    """Loudness and true peak the decoded file must meet (lossy codecs shift both)."""

    target_lufs: float
    ceiling_db: float
    tolerance_lu: float = 0.3
    enforce: bool = True  # False: only measure and report


class LevelMismatch(Exception):
    """The decoded file misses the loudness target or peaks over the ceiling."""

    def __init__(self, lufs: float | None, true_peak: float) -> None:
        super().__init__(f"decoded {lufs} LUFS, {true_peak:.2f} dBTP")
        self.lufs = lufs
        self.true_peak = true_peak


@dataclass(frozen=True)
class WrittenFile:
    """A verified export now at ``path``."""

    path: Path
    frames: int
    rate: int
    channels: int
    size: int
    decoded_lufs: float | None = None
    decoded_true_peak: float | None = None


@dataclass(frozen=True)
class WriteJob:
    """What to encode and where: the audio, its format and the final path."""

    audio: np.ndarray  # frames x channels float32
    rate: int
    spec: FormatSpec
    target: Path
    tags: Tags | None = None
    replace: bool = False
    dither: bool = True
    level_check: LevelCheck | None = None


def write_export(
    job: WriteJob, *, cancel: threading.Event | None = None, progress: Progress | None = None
) -> WrittenFile:
    """Encode, verify and move ``job`` into place; raise StorageError/AudioError in plain words.

    Also raises ExportCancelled, TargetExists (the name was taken meanwhile, without
    ``replace``) and LevelMismatch; in every case nothing is left behind.
    """
    folder = job.target.parent
    temp = _make_temp(folder, job.spec.extension)
    try:
        stored = to_stored(job.audio, job.spec.sample_format, dither=job.dither)
        _encode(job, stored, temp, cancel, progress)
        if job.tags is not None and job.spec.container == "MP3":
            prepend_id3(temp, id3_tag(job.tags))
        _fsync(temp)
        decoded = _verify(job, stored, temp, cancel)
        levels = _check_levels(decoded, job.rate, job.level_check)
        if progress is not None:
            progress(1.0)
        size = temp.stat().st_size
        move_into_place(temp, job.target, replace=job.replace)
    except (SonodeskError, TargetExists, LevelMismatch):
        _remove(temp)
        raise
    except OSError as exc:
        _remove(temp)
        raise _storage_error(exc, folder) from exc
    except (sf.LibsndfileError, RuntimeError, AssertionError, ValueError) as exc:
        _remove(temp)
        log.warning("encoding %s failed: %s", job.target.name, exc)
        if _low_space(folder):
            raise _disk_full() from exc
        raise AudioError(
            f"The {job.spec.family} encoder failed, so nothing was saved.",
            hint="Try another format, or check that the export folder can be written to.",
        ) from exc
    except BaseException:
        _remove(temp)
        raise
    return WrittenFile(job.target, len(job.audio), job.rate, job.audio.shape[1], size, *levels)


def _make_temp(folder: Path, extension: str) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".sonodesk-", suffix=f".{extension}.part", dir=folder)
    except OSError as exc:
        raise _storage_error(exc, folder) from exc
    os.close(fd)
    os.chmod(name, umask_mode())  # mkstemp's owner-only mode would hide the track from a DAW
    return Path(name)


def _encode(
    job: WriteJob,
    stored: np.ndarray,
    temp: Path,
    cancel: threading.Event | None,
    progress: Progress | None,
) -> None:
    spec, channels = job.spec, stored.shape[1]
    level = spec.compression_level
    if spec.subtype == "OPUS" and spec.bitrate_kbps:
        level = opus_compression_level(spec.bitrate_kbps, channels)
    with sf.SoundFile(
        str(temp),
        "w",
        samplerate=job.rate,
        channels=channels,
        subtype=spec.subtype,
        format=spec.container,
        compression_level=level,
        bitrate_mode=spec.bitrate_mode,
    ) as handle:
        if job.tags is not None and spec.container != "MP3":
            for name, value in soundfile_strings(job.tags).items():
                setattr(handle, name, value)
        total = len(stored)
        for start in range(0, total, WRITE_BLOCK):
            if cancel is not None and cancel.is_set():
                raise ExportCancelled()
            handle.write(stored[start : start + WRITE_BLOCK])
            if progress is not None:
                progress(_ENCODE_SHARE * min(total, start + WRITE_BLOCK) / total)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _check_levels(
    decoded: np.ndarray | None, rate: int, check: LevelCheck | None
) -> tuple[float | None, float | None]:
    """(loudness, true peak) of the decoded file; LevelMismatch when an enforced check fails."""
    if decoded is None or check is None:
        return None, None
    lufs, peak = integrated_loudness(decoded, rate), true_peak_db(decoded, rate)
    missed = lufs is not None and abs(lufs - check.target_lufs) > check.tolerance_lu
    if check.enforce and (missed or peak > check.ceiling_db):
        raise LevelMismatch(lufs, peak)
    return lufs, peak


def _verify(
    job: WriteJob, stored: np.ndarray, temp: Path, cancel: threading.Event | None
) -> np.ndarray | None:
    """Read the temp file back and check it; return the decoded audio when levels are checked."""
    spec = job.spec
    with open_soundfile(temp, sequential=True) as handle:
        found = (handle.format, handle.subtype, handle.samplerate, handle.channels)
        wanted = (spec.container, spec.subtype, job.rate, stored.shape[1])
        if found != wanted:
            raise _unreadable(f"it reads back as {found}, expected {wanted}")
        dtype = stored.dtype if spec.lossless else np.dtype(np.float32)
        decoded = []
        pos = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise ExportCancelled()
            block = handle.read(READ_BLOCK, dtype=str(dtype), always_2d=True)
            if len(block) == 0:
                break
            if spec.lossless and not np.array_equal(block, stored[pos : pos + len(block)]):
                raise _unreadable(f"its samples differ from frame {pos}")
            if job.level_check is not None:
                decoded.append(block)
            pos += len(block)
    tolerance = 0 if spec.lossless else LOSSY_FRAME_TOLERANCE
    if abs(pos - len(stored)) > tolerance:
        raise _unreadable(f"it holds {pos} frames instead of {len(stored)}")
    return np.concatenate(decoded) if decoded else None


def _unreadable(detail: str) -> AudioError:
    log.warning("export verification failed: %s", detail)
    return AudioError(
        "The exported file did not read back correctly, so it was not saved.",
        hint="Try again; if it keeps failing, try another format or folder.",
    )


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _low_space(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _LOW_SPACE_BYTES
    except OSError:
        return False


def _disk_full() -> StorageError:
    return StorageError(
        "The disk is full, so the export could not be saved.",
        hint="Free some space or choose another folder, then export again.",
    )


def _storage_error(exc: OSError, folder: Path) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _disk_full()
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(
            f"Sonodesk is not allowed to write to the folder “{folder.name}”.",
            hint="Choose a folder you can write to, or change its permissions.",
        )
    if exc.errno in (errno.ENOTDIR, errno.ENOENT, errno.EEXIST):
        return StorageError(
            f"The export folder “{folder.name}” does not exist or is not a folder.",
            hint="Choose another folder.",
        )
    if exc.errno == errno.ENAMETOOLONG:
        return StorageError(
            "The file name or folder path is too long.",
            hint="Choose a folder with a shorter path or a shorter name template.",
        )
    return StorageError(
        "The export could not be written to disk.",
        hint="Check the folder and the disk, then export again.",
    )
