"""Outputs: NullOutput runs in real time; SoundDeviceOutput turns every failure into plain words."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import types
from typing import Any

import numpy as np
import pytest

from fakes.fake_audio import FakeOutput, ramp, tone
from sonodesk.core.audio import devices
from sonodesk.core.audio.devices import (
    NO_DEVICE,
    PORTAUDIO_MISSING,
    list_output_devices,
    output_device_report,
)
from sonodesk.core.audio.output import AudioOutput, NullOutput, OutputStream, OutputUnavailable
from sonodesk.core.audio.player import Player, PlayerState
from sonodesk.core.audio.sounddevice_output import SoundDeviceOutput
from sonodesk.core.audio.source import ArraySource


def test_outputs_satisfy_the_protocols() -> None:
    for output in (NullOutput(), FakeOutput(), SoundDeviceOutput()):
        assert isinstance(output, AudioOutput)
    stream = NullOutput().open(8_000, 2, lambda out: out.fill(0))
    assert isinstance(stream, OutputStream)
    assert isinstance(FakeOutput().open(8_000, 2, lambda out: out.fill(0)), OutputStream)


def test_null_output_pulls_at_real_time_rate() -> None:
    pulled = []
    output = NullOutput(block_frames=256)
    stream = output.open(8_000, 2, lambda out: pulled.append(len(out)))
    started = time.monotonic()
    stream.start()
    time.sleep(0.3)
    stream.stop()
    elapsed = time.monotonic() - started
    frames = sum(pulled)
    # Real time, not as fast as possible: never ahead of the clock by more than a couple of
    # blocks, and (allowing for a busy machine) not far behind it either.
    assert 0.5 * 8_000 * elapsed <= frames <= 8_000 * elapsed + 2 * 256
    assert not stream.active
    stream.close()
    with pytest.raises(OutputUnavailable):
        stream.start()


def test_a_take_plays_through_the_null_output() -> None:
    finished = threading.Event()
    output = NullOutput(block_frames=512)
    player = Player(output, fade_ms=2.0)
    player.on_finished.add(finished.set)
    player.load(ArraySource(tone(0.25, 16_000), 16_000))
    started = time.monotonic()
    player.play()
    assert finished.wait(timeout=5)
    elapsed = time.monotonic() - started
    assert elapsed >= 0.2  # clocked: a quarter second of audio takes about a quarter second
    assert player.state is PlayerState.STOPPED
    assert output.stream is not None and output.stream.peak > 0.4
    player.close()


def test_player_calls_from_another_thread_while_audio_runs() -> None:
    player = Player(NullOutput(block_frames=64), fade_ms=3.0)
    player.load(ArraySource(ramp(48_000), 48_000))
    player.set_loop(True)
    player.play()
    failures: list[BaseException] = []

    def hammer() -> None:
        try:
            for i in range(300):
                player.seek((i % 10) / 10)
                player.set_volume((i % 5) / 4)
                _ = player.position, player.duration, player.state
        except BaseException as exc:  # surfaced below
            failures.append(exc)

    threads = [threading.Thread(target=hammer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    player.close()
    assert failures == []


# -- sounddevice, simulated ---------------------------------------------------------------------


class FakePortAudioError(Exception):
    pass


class FakeSdStream:
    def __init__(self, owner: types.ModuleType, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.latency = 0.042
        self.active = False
        owner.opened.append(kwargs)  # type: ignore[attr-defined]
        if kwargs["device"] in owner.refuse:  # type: ignore[attr-defined]
            raise FakePortAudioError(
                "Error opening OutputStream: Invalid sample rate [PaErrorCode -9997]"
            )

    def start(self) -> None:
        self.active = True

    def abort(self, ignore_errors: bool = True) -> None:
        self.active = False

    def close(self, ignore_errors: bool = True) -> None:
        self.active = False


def fake_sounddevice(names: list[str], *, default: int = 0, refuse: tuple[int, ...] = ()):
    module = types.ModuleType("sounddevice")
    module.PortAudioError = FakePortAudioError  # type: ignore[attr-defined]
    module.opened = []  # type: ignore[attr-defined]
    module.refuse = refuse  # type: ignore[attr-defined]
    module.default = types.SimpleNamespace(device=[-1, default])  # type: ignore[attr-defined]
    module.query_devices = lambda: [  # type: ignore[attr-defined]
        {"name": n, "hostapi": 0, "max_output_channels": 2, "default_samplerate": 48_000.0}
        for n in names
    ]
    module.query_hostapis = lambda: [  # type: ignore[attr-defined]
        {"name": "ALSA", "default_output_device": default}
    ]
    module.OutputStream = lambda **kw: FakeSdStream(module, **kw)  # type: ignore[attr-defined]
    return module


def test_portaudio_missing_is_plain_words_and_listing_never_raises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_portaudio(name: str) -> types.ModuleType:
        raise OSError("PortAudio library not found")

    monkeypatch.setattr(devices.importlib, "import_module", no_portaudio)
    assert list_output_devices() == []
    assert output_device_report().reason == PORTAUDIO_MISSING
    with pytest.raises(OutputUnavailable) as info:
        SoundDeviceOutput().open(48_000, 2, lambda out: None)
    assert "sudo apt-get install libportaudio2" in str(info.value)
    assert "Everything else still works." in str(info.value)

    player = Player(SoundDeviceOutput())
    player.load(ArraySource(ramp(100), 48_000))
    with pytest.raises(OutputUnavailable):
        player.play()
    assert player.state is PlayerState.STOPPED


def test_sounddevice_package_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # makes the import raise ImportError
    assert list_output_devices() == []
    assert "sounddevice package" in (output_device_report().reason or "")


def test_no_device_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice([], default=-1))
    assert list_output_devices() == []
    assert output_device_report().reason == NO_DEVICE
    with pytest.raises(OutputUnavailable, match="no audio output device"):
        SoundDeviceOutput().open(48_000, 2, lambda out: None)


def test_device_chosen_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = fake_sounddevice(["Built-in", "USB Interface"], default=0)
    monkeypatch.setitem(sys.modules, "sounddevice", sd)
    assert list_output_devices() == ["Built-in", "USB Interface"]
    stream = SoundDeviceOutput("usb interface").open(44_100, 2, lambda out: None)
    assert sd.opened[-1]["device"] == 1 and sd.opened[-1]["samplerate"] == 44_100
    assert sd.opened[-1]["dtype"] == "float32"
    assert stream.notice is None and stream.latency == pytest.approx(0.042)
    stream.start()
    assert stream.active
    stream.stop()
    stream.close()


def test_missing_named_device_falls_back_with_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = fake_sounddevice(["Built-in"], default=0)
    monkeypatch.setitem(sys.modules, "sounddevice", sd)
    stream = SoundDeviceOutput("Headphones (unplugged)").open(48_000, 2, lambda out: None)
    assert sd.opened[-1]["device"] == 0
    assert stream.notice is not None and "Headphones (unplugged)" in stream.notice
    assert "Built-in" in stream.notice


def test_named_device_refusing_to_open_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = fake_sounddevice(["Built-in", "Busy DAC"], default=0, refuse=(1,))
    monkeypatch.setitem(sys.modules, "sounddevice", sd)
    stream = SoundDeviceOutput("Busy DAC").open(48_000, 2, lambda out: None)
    assert [o["device"] for o in sd.opened] == [1, 0]
    assert stream.notice is not None and "Busy DAC" in stream.notice


def test_open_error_becomes_plain_output_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = fake_sounddevice(["Built-in"], default=0, refuse=(0,))
    monkeypatch.setitem(sys.modules, "sounddevice", sd)
    with pytest.raises(OutputUnavailable) as info:
        SoundDeviceOutput().open(22_050, 2, lambda out: None)
    text = str(info.value)
    assert text.startswith("Playback is unavailable: “Built-in” could not be opened")
    assert "22050 Hz" in text and "PaErrorCode" not in text


def test_callback_failure_becomes_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = fake_sounddevice(["Built-in"], default=0)
    monkeypatch.setitem(sys.modules, "sounddevice", sd)

    def broken(out: np.ndarray) -> None:
        raise RuntimeError("bug")

    stream = SoundDeviceOutput().open(48_000, 2, broken)
    callback = sd.opened[-1]["callback"]
    buffer = np.ones((16, 2), np.float32)
    status = types.SimpleNamespace(output_underflow=True)
    callback(buffer, 16, None, status)
    callback(buffer, 16, None, status)
    assert not buffer.any()
    assert stream.underflows == 2


def test_importing_the_package_does_not_import_sounddevice() -> None:
    code = (
        "import sys, sonodesk.core.audio as a\n"
        "a.SoundDeviceOutput('x'); a.Player(a.NullOutput())\n"
        "print('sounddevice' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_packaged_app_names_the_system_library_portaudio_needs() -> None:
    """The frozen app ships PortAudio, so "install libportaudio2" would be the wrong advice."""
    missing = OSError("libjack.so.0: cannot open shared object file: No such file or directory")
    frozen = devices.portaudio_problem(missing, frozen=True)
    assert "libjack.so.0" in frozen and "libportaudio2" not in frozen
    assert "Everything else still works." in frozen
    assert devices.portaudio_problem(missing, frozen=False) == PORTAUDIO_MISSING
