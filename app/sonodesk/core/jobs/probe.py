"""Read a downloaded take's audio properties, proving it decodes before it counts. No Qt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sonodesk.core.errors import AudioError


def probe_audio_file(path: Path) -> dict[str, Any]:
    """Format, duration, sample rate and channels of ``path``; AudioError if it won't decode."""
    import soundfile

    try:
        info = soundfile.info(str(path))
        with soundfile.SoundFile(str(path)) as handle:
            # Header-only checks accept a truncated body; decode the first block to be sure.
            handle.read(min(4096, max(1, info.frames)), dtype="float32")
    except (RuntimeError, OSError, ValueError) as exc:
        raise AudioError("The downloaded file is not readable audio.") from exc
    if info.samplerate <= 0 or info.channels <= 0:
        raise AudioError("The downloaded file is not readable audio.")
    return {
        "format": info.format.lower(),
        "duration": info.frames / info.samplerate if info.frames > 0 else info.duration,
        "sample_rate": int(info.samplerate),
        "channels": int(info.channels),
    }
