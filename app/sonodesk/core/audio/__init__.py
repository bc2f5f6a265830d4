"""Audio core: probe, progressive decoding, envelopes, outputs and the player. No Qt.

Importing this package does not import sounddevice; SoundDeviceOutput loads it on first use.
"""

from __future__ import annotations

from sonodesk.core.audio.decode import ProgressiveDecoder
from sonodesk.core.audio.devices import (
    DeviceReport,
    OutputDevice,
    list_output_devices,
    output_device_report,
)
from sonodesk.core.audio.envelope import Envelope, EnvelopeBuilder, compute_envelope
from sonodesk.core.audio.info import DEFAULT_MAX_SECONDS, AudioInfo, probe
from sonodesk.core.audio.output import (
    AudioOutput,
    NullOutput,
    OutputCallback,
    OutputStream,
    OutputUnavailable,
)
from sonodesk.core.audio.player import Player, PlayerState
from sonodesk.core.audio.sounddevice_output import SoundDeviceOutput
from sonodesk.core.audio.source import ArraySource, AudioSource

__all__ = [
    "DEFAULT_MAX_SECONDS",
    "ArraySource",
    "AudioInfo",
    "AudioOutput",
    "AudioSource",
    "DeviceReport",
    "Envelope",
    "EnvelopeBuilder",
    "NullOutput",
    "OutputCallback",
    "OutputDevice",
    "OutputStream",
    "OutputUnavailable",
    "Player",
    "PlayerState",
    "ProgressiveDecoder",
    "SoundDeviceOutput",
    "compute_envelope",
    "list_output_devices",
    "output_device_report",
    "probe",
]
