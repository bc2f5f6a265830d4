"""Probe an audio file (frames, rate, channels, format) and phrase decoder failures in plain words.

Reads only the file header through soundfile; never decodes audio. No Qt, no playback.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sonodesk.core.errors import AudioError
from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import soundfile as sf
else:
    sf = lazy_module("soundfile")

log = logging.getLogger(__name__)

# A ceiling for decoding, not for probing: 20 minutes of 48 kHz stereo float32 is ~460 MB.
# Generated takes are minutes long; a header claiming hours is damaged or not a take.
DEFAULT_MAX_SECONDS = 20 * 60.0

# libsndfile reports "unknown length" (pipes, some streams) as a huge or non-positive count.
_UNKNOWN_FRAMES_ABOVE = 2**62

# libsndfile error codes (sndfile.h) → the reason shown in parentheses.
_REASONS = {
    1: "its format is not recognised",
    2: "it could not be opened",
    3: "it is damaged",
    4: "its encoding is not supported",
}


@dataclass(frozen=True)
class AudioInfo:
    """What the header says. ``frames`` may be an estimate for compressed formats (see below).

    ``frames_known`` is False when the container does not state a length; decoders must then
    grow their buffers. Even when known, a truncated MP3/OGG decodes to fewer frames than stated.
    """

    frames: int
    sample_rate: int
    channels: int
    format: str
    subtype: str
    frames_known: bool = True

    @property
    def duration(self) -> float:
        """Length in seconds as stated by the header (0.0 when unknown)."""
        return self.frames / self.sample_rate if self.sample_rate else 0.0

    @property
    def format_name(self) -> str:
        """Human label such as "MP3" or "OGG/Opus"."""
        if self.format == "OGG":
            return f"OGG/{self.subtype.capitalize()}"
        return self.format


def not_audio(reason: str) -> AudioError:
    """The one sentence every unreadable-file failure uses, with a short reason."""
    return AudioError(
        f"This file is not audio Sonodesk can read ({reason}).",
        hint="Try downloading the take again, or open it in another program to check it.",
    )


def _existing_file_reason(path: Path) -> str | None:
    """A reason that does not need the decoder (missing, empty, a folder), or None."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "the file does not exist"
    except OSError:
        return "the file could not be opened"
    if path.is_dir():
        return "it is a folder"
    if st.st_size == 0:
        return "the file is empty"
    return None


def _reason_for(exc: Exception) -> str:
    # libsndfile's own text can be misleading ("File does not exist" for random bytes that
    # mpg123 rejected) and quotes the path, so only its numeric code is used.
    if isinstance(exc, sf.LibsndfileError):
        return _REASONS.get(exc.code, "its format is not recognised or it is damaged")
    if isinstance(exc, PermissionError):
        return "permission to read it was denied"
    if isinstance(exc, OSError):
        return "it could not be opened"
    return "its format is not recognised or it is damaged"


_DEFINING = threading.Lock()


def _sequential_class() -> type[sf.SoundFile]:
    """SequentialSoundFile, defined on first use: subclassing needs soundfile imported."""
    with _DEFINING:  # decoders on several threads may ask at once: define it once
        found = globals().get("SequentialSoundFile")
        return found if found is not None else _define_sequential()  # type: ignore[no-any-return]


def _define_sequential() -> type[sf.SoundFile]:
    class SequentialSoundFile(sf.SoundFile):
        """A handle for front-to-back block reads.

        soundfile re-seeks to the current position after every read; for MP3 that seek goes
        through mpg123's fuzzy seeking and corrupts hundreds of samples after many block
        boundaries (measured with soundfile 0.14 / libsndfile 1.2.2). Reporting "not seekable"
        skips it.
        """

        def seekable(self) -> bool:
            return False

    globals()["SequentialSoundFile"] = SequentialSoundFile
    return SequentialSoundFile


def __getattr__(name: str) -> object:
    # ``from sonodesk.core.audio.info import SequentialSoundFile`` still works.
    if name == "SequentialSoundFile":
        return _sequential_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_soundfile(path: str | os.PathLike[str], *, sequential: bool = False) -> sf.SoundFile:
    """Open for reading; every failure becomes a plain-words :class:`AudioError`.

    ``sequential`` returns a :class:`SequentialSoundFile` for block-by-block decoding.
    """
    p = Path(path)
    reason = _existing_file_reason(p)
    if reason is not None:
        raise not_audio(reason)
    cls = _sequential_class() if sequential else sf.SoundFile
    try:
        handle = cls(str(p), "r")
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError, OSError) as exc:
        log.info("decoder refused %s: %s", p.name, exc)
        raise not_audio(_reason_for(exc)) from exc
    if handle.samplerate <= 0 or handle.channels <= 0:
        handle.close()
        raise not_audio("its header states no sample rate or no channels")
    return handle


def info_from_handle(handle: sf.SoundFile) -> AudioInfo:
    """Build :class:`AudioInfo` from an open soundfile handle."""
    frames = int(handle.frames)
    known = 0 < frames < _UNKNOWN_FRAMES_ABOVE
    return AudioInfo(
        frames=frames if known else 0,
        sample_rate=int(handle.samplerate),
        channels=int(handle.channels),
        format=str(handle.format),
        subtype=str(handle.subtype),
        frames_known=known,
    )


def probe(path: str | os.PathLike[str]) -> AudioInfo:
    """Read the header of ``path``.

    The file's content decides the format, not its extension: a WAV saved as ``.mp3`` probes
    as WAV. Nothing is decoded, so a header claiming ten hours probes instantly; use
    :func:`check_length` (the decoder does) before allocating for it.

    Raises:
        AudioError: missing, empty, damaged or non-audio file, with a plain sentence.
    """
    with open_soundfile(path) as handle:
        return info_from_handle(handle)


def check_length(info: AudioInfo, max_seconds: float | None) -> None:
    """Refuse to decode a file whose stated length exceeds ``max_seconds`` (None: no limit)."""
    if max_seconds is None or not info.frames_known:
        return
    if info.duration > max_seconds:
        raise AudioError(
            f"This file says it is {format_duration(info.duration)} long; Sonodesk plays files "
            f"up to {format_duration(max_seconds)}.",
            hint="The file may be damaged. Open it in an audio editor to shorten or check it.",
        )


def format_duration(seconds: float) -> str:
    """Short, unambiguous length for messages: "3 min 05 s", "10 h 00 min", "12 s"."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
