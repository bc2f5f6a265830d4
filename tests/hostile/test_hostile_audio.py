"""Dropped audio files that are not what they claim: random bytes, wrong extensions, real files
cut short or with flipped bytes, headers claiming ten hours. Each goes through what a drop
does (settings restore, the form's file check and thumbnail, probe, the player's decoder) and
ends in a plain AudioError/RestoreError or a sane result: no crash, no hang, no huge buffer.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.cli.main import main as cli_main
from sonodesk.core.audio.decode import ProgressiveDecoder
from sonodesk.core.audio.info import AudioInfo, probe
from sonodesk.core.errors import AudioError
from sonodesk.core.library import RestoreError, params_from_file
from sonodesk.core.library.restore import NO_SETTINGS, NOT_SETTINGS
from sonodesk.core.schema import FieldSpec, specs_from_scenario
from sonodesk.sandbox.catalog import MODELS, TOOLS_MODEL_ID
from sonodesk.ui.form.file_probe import inspect_file, thumbnail_envelope

EXTENSIONS = [".wav", ".mp3", ".flac", ".ogg", ".opus", ".aiff", ".m4a", ".WAV", ".txt", ""]
SOURCES = {  # name: (container, subtype)
    "wav16": ("WAV", "PCM_16"),
    "wav24": ("WAV", "PCM_24"),
    "flac": ("FLAC", "PCM_16"),
    "mp3": ("MP3", "MPEG_LAYER_III"),
    "vorbis": ("OGG", "VORBIS"),
    "opus": ("OGG", "OPUS"),
}
DECODE_TIMEOUT = 10.0
LEAKS = ("libsndfile", "Error opening", "Traceback", "mpg123", "System error", "Errno")
HOSTILE = settings(
    max_examples=60,
    deadline=5000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _tone(seconds: float, rate: int, container: str, subtype: str) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32)
    buffer = io.BytesIO()
    sf.write(buffer, np.stack([tone, tone], axis=1), rate, format=container, subtype=subtype)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sources() -> dict[str, bytes]:
    return {name: _tone(1.0, 48_000, *kind) for name, kind in SOURCES.items()}


@pytest.fixture(scope="module")
def audio_spec() -> FieldSpec:
    (tools,) = [m for m in MODELS if m["id"] == TOOLS_MODEL_ID]
    (spec,) = [
        s for s in specs_from_scenario(tools["inputs"], tools["uiConfig"]) if s.name == "audio"
    ]
    assert spec.max_duration == 600
    return spec


def _plain(error: Exception, path: Path) -> None:
    text = error.full_text() if hasattr(error, "full_text") else str(error)
    assert text and text[0].isupper(), text
    assert str(path.parent) not in text and not any(leak in text for leak in LEAKS), text


def _dropped(path: Path, spec: FieldSpec) -> dict[str, Any]:
    """What a drop does with ``path``; returns what each step made of it."""
    out: dict[str, Any] = {}
    try:
        out["restore"] = params_from_file(path)
    except RestoreError as exc:
        assert exc.message in (NO_SETTINGS, NOT_SETTINGS), exc.message
        out["restore"] = exc
    report = inspect_file(spec, str(path))
    assert report.problem is not None or report.info is not None, report
    if report.problem:
        assert report.problem[0].isupper() and report.problem.endswith((".", ")")), report.problem
        assert not any(leak in report.problem for leak in LEAKS)
    out["report"] = report
    out["thumbnail"] = thumbnail_envelope(str(path))
    try:
        info = probe(path)
    except AudioError as exc:
        _plain(exc, path)
        out["probe"] = exc
    else:
        assert isinstance(info, AudioInfo) and info.sample_rate > 0 and info.channels > 0
        assert info.frames >= 0
        out["probe"] = info
    out["decoded"] = _decode(path)
    return out


def _decode(path: Path) -> Any:
    try:
        decoder = ProgressiveDecoder(path, max_seconds=600)
    except AudioError as exc:
        _plain(exc, path)
        return exc
    try:
        assert decoder.wait_done(DECODE_TIMEOUT), "the decoder hung"
        if decoder.error is not None:
            _plain(decoder.error, path)
        assert decoder.frames_ready <= max(decoder.info.frames, 0) + decoder.sample_rate * 600
        samples = decoder.read(0, decoder.frames_ready)
        assert samples.dtype == np.float32 and samples.shape[1] == decoder.channels
        return decoder.frames_ready
    finally:
        decoder.close()


@HOSTILE
@given(data=st.binary(max_size=4096), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_with_any_extension(
    tmp_path: Path, audio_spec: FieldSpec, data: bytes, extension: str
) -> None:
    path = tmp_path / f"dropped{extension}"
    path.write_bytes(data)
    result = _dropped(path, audio_spec)
    if not data:
        assert isinstance(result["probe"], AudioError)
        assert result["probe"].message.endswith("(the file is empty).")
        assert result["report"].problem == result["probe"].message


@HOSTILE
@given(
    source=st.sampled_from(sorted(SOURCES)),
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=6),
    extension=st.sampled_from(EXTENSIONS),
)
def test_real_files_cut_short_or_damaged(
    tmp_path: Path,
    sources: dict[str, bytes],
    audio_spec: FieldSpec,
    source: str,
    cut: float,
    flips: list[tuple[float, int]],
    extension: str,
) -> None:
    data = bytearray(sources[source][: int(len(sources[source]) * cut)])
    for where, value in flips:
        if data:
            data[min(len(data) - 1, int(where * len(data)))] = value
    path = tmp_path / f"take{extension}"
    path.write_bytes(bytes(data))
    result = _dropped(path, audio_spec)
    if isinstance(result["probe"], AudioInfo) and not flips and cut == 1.0:
        assert result["decoded"] == pytest.approx(48_000, abs=2_000)


def test_a_wav_saved_as_mp3_and_an_mp3_saved_as_wav_still_play(
    tmp_path: Path, sources: dict[str, bytes], audio_spec: FieldSpec
) -> None:
    for source, name in (("wav16", "really-a-wav.mp3"), ("mp3", "really-an-mp3.wav")):
        path = tmp_path / name
        path.write_bytes(sources[source])
        result = _dropped(path, audio_spec)
        assert result["report"].problem is None
        assert result["decoded"] == pytest.approx(48_000, abs=2_000)
        assert isinstance(result["restore"], RestoreError)  # just audio: it plays


def _patch_flac_length(data: bytes, frames: int) -> bytes:
    """STREAMINFO's 36-bit total-samples field set to ``frames`` (the audio is unchanged)."""
    out = bytearray(data)
    assert out[:4] == b"fLaC"
    packed = int.from_bytes(out[18:26], "big")
    mask = (1 << 36) - 1
    out[18:26] = ((packed & ~mask) | frames).to_bytes(8, "big")
    return bytes(out)


TEN_HOURS: dict[str, Callable[[dict[str, bytes]], bytes]] = {
    # A small FLAC whose header claims ten hours of 48 kHz stereo (about 13 GB decoded).
    "flac header lies": lambda s: _patch_flac_length(s["flac"], 10 * 3600 * 48_000),
    # An honest WAV: ten hours at one sample per second.
    "wav at 1 Hz": lambda _s: _tone(36_000.0, 1, "WAV", "PCM_16"),
}


@pytest.mark.parametrize("case", sorted(TEN_HOURS))
def test_a_file_claiming_ten_hours(
    tmp_path: Path,
    sources: dict[str, bytes],
    audio_spec: FieldSpec,
    case: str,
    sandbox: Any,
    capsys: pytest.CaptureFixture[str],
    quiet_logging: None,
) -> None:
    path = tmp_path / "ten-hours.flac"
    path.write_bytes(TEN_HOURS[case](sources))
    assert path.stat().st_size < 200_000
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = _dropped(path, audio_spec)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5.0
    assert peak < 64 * 1024 * 1024, f"{peak / 1e6:.0f} MB allocated for a tiny file"
    assert result["probe"].duration == pytest.approx(36_000)
    assert str(result["decoded"]) == (
        "This file says it is 10 h 00 min long; Sonodesk plays files up to 10 min 00 s."
    )
    assert result["report"].problem == ("Choose audio no longer than 10 min (this one is 10 h).")
    with pytest.raises(AudioError, match="10 h 00 min"):
        ProgressiveDecoder(path)  # the player's default limit (20 minutes) refuses it too
    # The command line refuses it before anything is uploaded, in one line.
    code = cli_main(
        ["--api-url", sandbox.api_url, "generate", TOOLS_MODEL_ID, "--file", f"audio={path}"]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 3
    assert err[-1] == ("sonodesk: audio: Choose audio no longer than 10 min (this one is 10 h).")
    assert sandbox.jobs() == [] and not any("Traceback" in line for line in err)


def test_a_folder_named_like_audio_and_a_missing_file(
    tmp_path: Path, audio_spec: FieldSpec
) -> None:
    folder = tmp_path / "looks-like.wav"
    folder.mkdir()
    assert inspect_file(audio_spec, str(folder)).problem == "That is a folder. Choose a file."
    with pytest.raises(AudioError, match=r"\(it is a folder\)"):
        probe(folder)
    missing = tmp_path / "gone.wav"
    assert inspect_file(audio_spec, str(missing)).problem == (
        "This file is no longer there. Choose it again."
    )
    with pytest.raises(RestoreError):
        params_from_file(missing)
    assert thumbnail_envelope(str(missing)) is None


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_named_pipe_does_not_hang_the_drop(tmp_path: Path, audio_spec: FieldSpec) -> None:
    # Opening a FIFO for reading waits for a writer that never comes: every step of a drop
    # must refuse it without opening it. Run in a thread so a regression fails, not hangs.
    fifo = tmp_path / "stream.wav"
    os.mkfifo(fifo)
    outcome: list[Any] = []
    worker = threading.Thread(target=lambda: outcome.append(_dropped(fifo, audio_spec)))
    worker.daemon = True
    worker.start()
    worker.join(10.0)
    if worker.is_alive():
        with open(fifo, "wb"):  # let the stuck reader go before failing
            pass
        pytest.fail("dropping a named pipe hung")
    (result,) = outcome
    assert result["restore"].message == NO_SETTINGS
    assert (
        result["report"].problem == "This file is not audio Sonodesk can read (the file is empty)."
    )
    assert result["thumbnail"] is None
