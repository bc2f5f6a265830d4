"""Play through PortAudio with sounddevice (imported lazily); failures become OutputUnavailable.

Opens and runs device streams only; decoding and transport live elsewhere. No Qt.
"""

from __future__ import annotations

import logging
import re
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sonodesk.core.audio.devices import (
    OutputDevice,
    fallback_notice,
    load_sounddevice,
    resolve_output_device,
)
from sonodesk.core.audio.output import OutputCallback, OutputUnavailable
from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

log = logging.getLogger(__name__)

_PA_CODE = re.compile(r"\s*\[PaErrorCode -?\d+\]")


def _portaudio_reason(exc: BaseException) -> str:
    """PortAudio's own short text ("Invalid sample rate"), without codes or prefixes."""
    text = _PA_CODE.sub("", str(exc.args[0]) if exc.args else str(exc))
    text = text.split(": ", 1)[-1].strip() or "unknown error"
    return text[:1].lower() + text[1:]


def _resolve(sd: ModuleType, name: str | None) -> tuple[OutputDevice, str | None]:
    try:
        return resolve_output_device(sd, name)
    except OutputUnavailable:
        raise
    except Exception as exc:  # PortAudio failing to enumerate
        raise OutputUnavailable(
            "Playback is unavailable: the list of audio devices could not be read "
            f"({_portaudio_reason(exc)}). Everything else still works."
        ) from exc


class SoundDeviceStream:
    """An open ``sounddevice.OutputStream`` behind the OutputStream protocol."""

    def __init__(
        self,
        sd: ModuleType,
        device: OutputDevice,
        sample_rate: int,
        channels: int,
        callback: OutputCallback,
        *,
        latency: float | str,
        blocksize: int,
        notice: str | None,
    ) -> None:
        self.sample_rate = int(sample_rate)
        self.channels = int(channels)
        self.notice = notice
        self.device_name = device.name
        self.underflows = 0
        self._sd = sd
        self._callback = callback
        self._failed = False
        self._stream = sd.OutputStream(
            samplerate=self.sample_rate,
            channels=self.channels,
            dtype="float32",
            device=device.index,
            latency=latency,
            blocksize=blocksize,
            callback=self._on_audio,
        )

    def _on_audio(self, outdata: np.ndarray, frames: int, time: Any, status: Any) -> None:
        # PortAudio's thread: only count underflows and delegate; an exception here would
        # make sounddevice abort the stream, so failures become silence.
        if status.output_underflow:
            self.underflows += 1
        if self._failed:
            outdata.fill(0)
            return
        try:
            self._callback(outdata)
        except Exception:
            self._failed = True
            outdata.fill(0)
            log.exception("the playback callback failed; the stream now plays silence")

    @property
    def latency(self) -> float:
        return float(self._stream.latency)

    @property
    def active(self) -> bool:
        return bool(self._stream.active)

    def start(self) -> None:
        try:
            self._stream.start()
        except self._sd.PortAudioError as exc:
            raise OutputUnavailable(
                f"Playback is unavailable: “{self.device_name}” did not start "
                f"({_portaudio_reason(exc)}). Everything else still works."
            ) from exc

    def stop(self) -> None:
        # abort(): discard queued audio now instead of blocking the caller for the latency.
        try:
            self._stream.abort(ignore_errors=True)
        except self._sd.PortAudioError as exc:
            log.info("stopping the output stream: %s", exc)

    def close(self) -> None:
        try:
            self._stream.close(ignore_errors=True)
        except self._sd.PortAudioError as exc:
            log.info("closing the output stream: %s", exc)


class SoundDeviceOutput:
    """Streams to a PortAudio device chosen by name (None: the system default).

    Names, unlike indexes, survive devices being added or removed between sessions. A name that
    is gone, or a named device that refuses to open, falls back to the default device and sets
    the stream's ``notice``. ``latency`` is passed to PortAudio: "high" favours glitch-free
    playback from Python over snappy transport.
    """

    def __init__(
        self,
        device_name: str | None = None,
        *,
        latency: float | str = "high",
        blocksize: int = 0,
    ) -> None:
        self.device_name = device_name
        self.latency = latency
        self.blocksize = blocksize

    def open(self, sample_rate: int, channels: int, callback: OutputCallback) -> SoundDeviceStream:
        sd = load_sounddevice()
        device, notice = _resolve(sd, self.device_name)
        try:
            return self._open_on(sd, device, sample_rate, channels, callback, notice)
        except OutputUnavailable:
            fallback, _ = _resolve(sd, None)
            if fallback.index == device.index:
                raise
        log.info("output device %r refused to open; trying %r", device.name, fallback.name)
        notice = fallback_notice(device.name, fallback.name)
        return self._open_on(sd, fallback, sample_rate, channels, callback, notice)

    def _open_on(
        self,
        sd: ModuleType,
        device: OutputDevice,
        sample_rate: int,
        channels: int,
        callback: OutputCallback,
        notice: str | None,
    ) -> SoundDeviceStream:
        width = max(1, min(int(channels), device.max_channels))
        try:
            return SoundDeviceStream(
                sd,
                device,
                sample_rate,
                width,
                callback,
                latency=self.latency,
                blocksize=self.blocksize,
                notice=notice,
            )
        except (sd.PortAudioError, ValueError) as exc:
            reason = _portaudio_reason(exc)
            if "sample rate" in reason:
                reason = f"it cannot play {sample_rate} Hz audio"
            raise OutputUnavailable(
                f"Playback is unavailable: “{device.name}” could not be opened ({reason}). "
                "Everything else still works."
            ) from exc
