"""Find PortAudio and its output devices by name, importing sounddevice only when asked.

Lists and resolves devices; opens no streams (see sounddevice_output.py). No Qt.
"""

from __future__ import annotations

import importlib
import logging
import sys
from dataclasses import dataclass
from types import ModuleType

from sonodesk.core.audio.output import OutputUnavailable

log = logging.getLogger(__name__)

PORTAUDIO_MISSING = (
    "Playback is unavailable: the PortAudio library is not installed "
    "(on Debian/Ubuntu: sudo apt-get install libportaudio2). Everything else still works."
)
PORTAUDIO_DEPENDENCY_MISSING = (
    "Playback is unavailable: the PortAudio bundled with Sonodesk could not load a system "
    "library it needs ({detail}). On Debian/Ubuntu: sudo apt-get install libasound2 libjack0 "
    "(or pipewire-jack). Everything else still works."
)
SOUNDDEVICE_MISSING = (
    "Playback is unavailable: the sounddevice package is not installed. "
    "Everything else still works."
)
NO_DEVICE = (
    "Playback is unavailable: no audio output device was found. Everything else still works."
)


def load_sounddevice() -> ModuleType:
    """Import sounddevice on first use (it initialises PortAudio, which takes time).

    Raises:
        OutputUnavailable: PortAudio or the sounddevice package is missing.
    """
    try:
        return importlib.import_module("sounddevice")
    except OSError as exc:  # sounddevice raises OSError when libportaudio cannot be loaded
        log.info("PortAudio is not available: %s", exc)
        raise OutputUnavailable(portaudio_problem(exc)) from exc
    except ImportError as exc:
        log.info("sounddevice is not importable: %s", exc)
        raise OutputUnavailable(SOUNDDEVICE_MISSING) from exc


def portaudio_problem(exc: OSError, *, frozen: bool | None = None) -> str:
    """What to tell the user when PortAudio fails to load.

    From source the library itself is missing; the packaged app ships PortAudio, so there the
    failure is one of the system libraries it links to (ALSA, JACK), named by the loader.
    """
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if not frozen:
        return PORTAUDIO_MISSING
    detail = str(exc).split(":")[0].strip()[:120] or "unknown library"
    return PORTAUDIO_DEPENDENCY_MISSING.format(detail=detail)


@dataclass(frozen=True)
class OutputDevice:
    """One PortAudio output device as the user would pick it (by ``name``)."""

    index: int
    name: str
    hostapi: str
    max_channels: int
    default_rate: float
    is_default: bool


@dataclass(frozen=True)
class DeviceReport:
    """Output devices (default host API first, names unique), or why there are none."""

    devices: tuple[OutputDevice, ...]
    reason: str | None = None

    @property
    def names(self) -> list[str]:
        return [device.name for device in self.devices]

    @property
    def default(self) -> OutputDevice | None:
        for device in self.devices:
            if device.is_default:
                return device
        return self.devices[0] if self.devices else None


def _enumerate(sd: ModuleType) -> tuple[OutputDevice, ...]:
    raw = list(sd.query_devices())
    hostapis = list(sd.query_hostapis())
    try:
        default_index = int(sd.default.device[1])
    except (TypeError, ValueError, IndexError):
        default_index = -1
    if default_index < 0 and hostapis:
        default_index = int(hostapis[0].get("default_output_device", -1))
    default_api = raw[default_index]["hostapi"] if 0 <= default_index < len(raw) else 0
    found: list[OutputDevice] = []
    for index, info in enumerate(raw):
        if int(info.get("max_output_channels", 0)) <= 0:
            continue
        api = int(info.get("hostapi", 0))
        found.append(
            OutputDevice(
                index=index,
                name=str(info.get("name", f"Device {index}")),
                hostapi=str(hostapis[api]["name"]) if api < len(hostapis) else "",
                max_channels=int(info["max_output_channels"]),
                default_rate=float(info.get("default_samplerate", 0.0)),
                is_default=index == default_index,
            )
        )
    # The same card shows up once per host API on Windows (MME, DirectSound, WASAPI); keep the
    # entry from the default host API so a saved name always means the same stream type.
    default_api_name = _api_name(hostapis, default_api)
    preferred = sorted(found, key=lambda d: (not d.is_default, d.hostapi != default_api_name))
    unique: dict[str, OutputDevice] = {}
    for device in preferred:
        unique.setdefault(device.name, device)
    return tuple(sorted(unique.values(), key=lambda d: d.index))


def _api_name(hostapis: list[dict], index: int) -> str:
    return str(hostapis[index]["name"]) if 0 <= index < len(hostapis) else ""


def output_device_report() -> DeviceReport:
    """Every output device, or an empty report with the reason. Never raises."""
    try:
        sd = load_sounddevice()
        devices = _enumerate(sd)
    except OutputUnavailable as exc:
        return DeviceReport((), exc.message)
    except Exception as exc:  # PortAudio itself failing must not break a settings dialog
        log.warning("listing audio devices failed: %s", exc)
        return DeviceReport((), NO_DEVICE)
    return DeviceReport(devices, None if devices else NO_DEVICE)


def portaudio_version() -> str | None:
    """PortAudio's version for playback ("19.6.0"); None when it cannot load. Never raises."""
    try:
        number = int(load_sounddevice().get_portaudio_version()[0])
    except OutputUnavailable:
        return None
    except Exception as exc:  # a broken library is "unavailable" too, never a crash
        log.warning("PortAudio did not report its version: %s", exc)
        return None
    return f"{number >> 16}.{(number >> 8) & 0xFF}.{number & 0xFF}"


def list_output_devices() -> list[str]:
    """Names of output devices (empty when playback is unavailable). Never raises.

    :func:`output_device_report` also says why the list is empty.
    """
    return output_device_report().names


def resolve_output_device(sd: ModuleType, name: str | None) -> tuple[OutputDevice, str | None]:
    """The device called ``name`` (None: the default), plus a notice when falling back.

    Raises:
        OutputUnavailable: there is no output device at all.
    """
    devices = _enumerate(sd)
    if not devices:
        raise OutputUnavailable(NO_DEVICE)
    report = DeviceReport(devices)
    default = report.default
    assert default is not None
    if not name:
        return default, None
    for device in devices:
        if device.name == name:
            return device, None
    for device in devices:
        if device.name.casefold() == name.casefold():
            return device, None
    notice = fallback_notice(name, default.name)
    log.info("output device %r not found; using %r", name, default.name)
    return default, notice


def fallback_notice(wanted: str, used: str) -> str:
    return f"The output device “{wanted}” is not available; playing through “{used}” instead."
