"""Choose the player's audio output from settings: a named device, the default one, or none.

Builds output factories only; opening streams and reporting failures happen in the player.
"""

from __future__ import annotations

from sonodesk.core.audio.output import AudioOutput, NullOutput
from sonodesk.core.audio.sounddevice_output import SoundDeviceOutput


def make_output(device_name: str, *, null: bool = False) -> AudioOutput:
    """``SoundDeviceOutput`` for ``device_name`` ("" means the system default), or with
    ``null`` a :class:`NullOutput` that consumes audio in real time without a device
    (headless smoke runs). Nothing is opened here, so this never fails.
    """
    if null:
        return NullOutput()
    return SoundDeviceOutput(device_name or None)
