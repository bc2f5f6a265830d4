"""ProgressiveDecoder: same samples as a one-shot read, visible progress, prompt cancel."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from fakes.fake_audio import write_audio, write_noise, write_tone
from sonodesk.core.audio import decode as decode_module
from sonodesk.core.audio.decode import ProgressiveDecoder
from sonodesk.core.audio.envelope import compute_envelope
from sonodesk.core.audio.info import AudioInfo, SequentialSoundFile
from sonodesk.core.audio.source import AudioSource
from sonodesk.core.errors import AudioError


def _reference(path: Path) -> np.ndarray:
    data, _ = sf.read(str(path), dtype="float32", always_2d=True)
    return data


@pytest.fixture
def decoders() -> Iterator[list[ProgressiveDecoder]]:
    made: list[ProgressiveDecoder] = []
    yield made
    for decoder in made:
        decoder.close()


class Gate:
    """Lets the decoder read one block per ``release()``: progress becomes deterministic."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, fail_after: int | None = None) -> None:
        self.permits = threading.Semaphore(0)
        self.reads = 0
        original = SequentialSoundFile.read
        gate = self

        def gated_read(handle: SequentialSoundFile, *args: object, **kwargs: object) -> np.ndarray:
            if not gate.permits.acquire(timeout=5):
                raise AssertionError("the test never released the decoder")
            gate.reads += 1
            if fail_after is not None and gate.reads > fail_after:
                raise sf.LibsndfileError(3, prefix="boom /secret/path: ")
            return original(handle, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(SequentialSoundFile, "read", gated_read)

    def release(self, blocks: int = 1) -> None:
        for _ in range(blocks):
            self.permits.release()


@pytest.mark.parametrize(
    ("name", "fmt", "subtype"),
    [
        ("a.wav", "WAV", "PCM_16"),
        ("b.wav", "WAV", "FLOAT"),
        ("c.flac", "FLAC", "PCM_24"),
        ("d.ogg", "OGG", "VORBIS"),
        ("e.opus", "OGG", "OPUS"),
    ],
)
def test_blocks_equal_one_shot_read(
    tmp_path: Path, decoders: list[ProgressiveDecoder], name: str, fmt: str, subtype: str
) -> None:
    path = tmp_path / name
    write_noise(path, 1.3, 48_000, format=fmt, subtype=subtype)
    decoder = ProgressiveDecoder(path, block_frames=3000, first_block_frames=777)
    decoders.append(decoder)

    assert decoder.wait_done(10)
    expected = _reference(path)
    assert decoder.error is None
    assert decoder.total_frames == decoder.frames_ready == len(expected)
    np.testing.assert_array_equal(decoder.read(0, len(expected)), expected)


def test_mp3_blocks_match_one_shot_read(tmp_path: Path, decoders: list) -> None:
    # soundfile's per-read re-seek corrupts MP3 block boundaries; the sequential handle must
    # give what one big read gives (identical here; the tolerance is for other mpg123 builds).
    path = tmp_path / "take.mp3"
    write_tone(path, 3.0, 44_100, format="MP3")
    decoder = ProgressiveDecoder(path, block_frames=1000, first_block_frames=100)
    decoders.append(decoder)

    assert decoder.wait_done(10)
    expected = _reference(path)
    got = decoder.read(0, decoder.frames_ready)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-6)


def test_mono_stays_mono(tmp_path: Path, decoders: list) -> None:
    path = tmp_path / "mono.flac"
    write_tone(path, 0.3, 22_050, channels=1)
    decoder = ProgressiveDecoder(path)
    decoders.append(decoder)
    assert decoder.wait_done(5)
    assert decoder.channels == 1 and decoder.sample_rate == 22_050
    assert decoder.read(0, 10).shape == (10, 1)
    assert isinstance(decoder, AudioSource)


def test_frames_ready_grows_block_by_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decoders: list
) -> None:
    path = tmp_path / "n.wav"
    expected = write_noise(path, 0.5, 8_000, subtype="FLOAT")
    gate = Gate(monkeypatch)
    decoder = ProgressiveDecoder(path, block_frames=1000, first_block_frames=200)
    decoders.append(decoder)

    assert decoder.frames_ready == 0 and not decoder.done
    assert decoder.wait_for_frames(1, timeout=0.05) is False
    assert decoder.view(0, 100).shape == (0, 2)  # nothing decoded, nothing returned

    seen = []
    for step in range(4):
        gate.release()
        want = 200 + 1000 * step
        assert decoder.wait_for_frames(want, timeout=5)
        seen.append(decoder.frames_ready)
        assert decoder.total_frames == 4000  # the header's length while decoding
        # read() returns only what is decoded, and it is already the final data
        np.testing.assert_array_equal(decoder.read(0, 10_000), expected[: decoder.frames_ready])
    assert seen == [200, 1200, 2200, 3200]
    assert not decoder.done

    gate.release(10)
    assert decoder.wait_done(5)
    assert decoder.frames_ready == 4000


def test_cancel_is_prompt_and_close_frees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.wav"
    write_noise(path, 2.0, 8_000)
    gate = Gate(monkeypatch)
    decoder = ProgressiveDecoder(path, block_frames=500, first_block_frames=500)
    gate.release(2)
    assert decoder.wait_for_frames(1000, timeout=5)

    decoder.cancel()
    gate.release(100)  # plenty of permits: only the cancel flag can stop it now
    assert decoder.wait_done(1.0)
    assert decoder.frames_ready <= 1500  # at most the block that was already being read
    assert decoder.error is None

    started = time.monotonic()
    decoder.close()
    assert time.monotonic() - started < 1.0
    assert decoder.frames_ready == 0
    assert decoder.view(0, 100).shape == (0, 2)
    assert not decoder._thread.is_alive()


def test_close_while_decoding_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "big.flac"
    write_noise(path, 20.0, 48_000)
    decoder = ProgressiveDecoder(path, block_frames=4096)
    assert decoder.wait_for_frames(1, timeout=5)
    started = time.monotonic()
    decoder.close()
    assert time.monotonic() - started < 0.5
    assert decoder.done and decoder.frames_ready == 0


def test_decoding_failure_mid_file_keeps_decoded_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decoders: list
) -> None:
    path = tmp_path / "x.wav"
    write_noise(path, 1.0, 8_000)
    gate = Gate(monkeypatch, fail_after=2)
    decoder = ProgressiveDecoder(path, block_frames=1000, first_block_frames=1000)
    decoders.append(decoder)
    gate.release(3)

    assert decoder.wait_done(5)
    assert decoder.frames_ready == 2000
    assert decoder.total_frames == 2000
    assert isinstance(decoder.error, AudioError)
    assert "/secret/path" not in decoder.error.full_text()
    assert decoder.error.full_text().startswith("This file is not audio Sonodesk can read")


def test_truncated_mp3_ends_at_what_decodes(tmp_path: Path, decoders: list) -> None:
    good = tmp_path / "good.mp3"
    write_tone(good, 4.0, 44_100, format="MP3")
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    decoder = ProgressiveDecoder(cut, envelope_bins=64)
    decoders.append(decoder)

    stated = decoder.info.frames
    assert decoder.wait_done(10)
    assert decoder.error is None
    assert decoder.total_frames == decoder.frames_ready < stated * 0.6
    assert decoder.duration == pytest.approx(decoder.frames_ready / 44_100)
    envelope = decoder.envelope()
    assert envelope is not None and envelope.complete
    assert envelope.frames == decoder.frames_ready  # re-binned over the real length


def test_unknown_length_grows_the_buffer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decoders: list
) -> None:
    path = tmp_path / "stream.flac"
    write_noise(path, 1.0, 8_000)
    expected = _reference(path)
    original = decode_module.info_from_handle

    def unknown(handle: sf.SoundFile) -> AudioInfo:
        info = original(handle)
        return AudioInfo(0, info.sample_rate, info.channels, info.format, info.subtype, False)

    monkeypatch.setattr(decode_module, "info_from_handle", unknown)
    monkeypatch.setattr(decode_module, "_UNKNOWN_START_SECONDS", 0.05)
    decoder = ProgressiveDecoder(path, block_frames=300)
    decoders.append(decoder)

    assert decoder.wait_done(5)
    assert decoder.error is None
    np.testing.assert_array_equal(decoder.read(0, 10**6), expected)
    assert decoder.total_frames == 8_000


def test_unknown_length_stops_at_max_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decoders: list
) -> None:
    path = tmp_path / "endless.wav"
    write_noise(path, 3.0, 8_000)
    original = decode_module.info_from_handle

    def unknown(handle: sf.SoundFile) -> AudioInfo:
        info = original(handle)
        return AudioInfo(0, info.sample_rate, info.channels, info.format, info.subtype, False)

    monkeypatch.setattr(decode_module, "info_from_handle", unknown)
    decoder = ProgressiveDecoder(path, max_seconds=1.0)
    decoders.append(decoder)

    assert decoder.wait_done(5)
    assert decoder.frames_ready == 2 * 8_000  # the limit plus one second of slack
    assert isinstance(decoder.error, AudioError)
    assert "Only the first" in str(decoder.error)


def test_envelope_fills_while_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decoders: list
) -> None:
    path = tmp_path / "e.wav"
    expected = write_noise(path, 1.0, 8_000, subtype="FLOAT")
    gate = Gate(monkeypatch)
    decoder = ProgressiveDecoder(path, block_frames=2000, first_block_frames=2000, envelope_bins=8)
    decoders.append(decoder)

    empty = decoder.envelope()
    assert empty is not None and empty.filled == 0
    gate.release(2)
    assert decoder.wait_for_frames(4000, timeout=5)
    partial = decoder.envelope()
    assert partial is not None and partial.filled == 4

    gate.release(10)
    assert decoder.wait_done(5)
    final = decoder.envelope()
    reference = compute_envelope(expected, 8)
    assert final is not None and final.complete
    np.testing.assert_array_equal(final.max, reference.max)
    np.testing.assert_array_equal(final.min, reference.min)
    np.testing.assert_allclose(final.rms, reference.rms, rtol=1e-5)
    np.testing.assert_array_equal(partial.max[:4], reference.max[:4])


def test_envelope_is_none_unless_asked(tmp_path: Path, decoders: list) -> None:
    path = write_audio(tmp_path / "q.wav", np.zeros((100, 2), np.float32), 8_000)
    decoder = ProgressiveDecoder(path)
    decoders.append(decoder)
    assert decoder.envelope() is None


def test_first_frames_arrive_quickly_from_an_mp3(tmp_path: Path, decoders: list) -> None:
    path = tmp_path / "song.mp3"
    write_tone(path, 10.0, 44_100, format="MP3")
    started = time.perf_counter()
    decoder = ProgressiveDecoder(path)
    decoders.append(decoder)
    assert decoder.wait_for_frames(1, timeout=5)
    # Measured ~1-2 ms here; the bound only catches a regression to whole-file decoding.
    assert time.perf_counter() - started < 0.25


def test_reading_the_envelope_never_waits_for_the_decoding_thread(
    tmp_path: Path, decoders: list[ProgressiveDecoder], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The decoding thread runs at a low priority; the UI thread reads the envelope 20 times a
    # second and must not wait while that thread is stalled in the middle of a block.
    path = tmp_path / "env.wav"
    write_noise(path, 2.0, 8_000)
    inside, release = threading.Event(), threading.Event()
    real_feed = decode_module.EnvelopeBuilder.feed

    def stalled_feed(builder: object, block: np.ndarray) -> None:
        real_feed(builder, block)  # type: ignore[arg-type]
        if builder.frames_fed > 4000:  # type: ignore[attr-defined]
            inside.set()
            release.wait(5)

    monkeypatch.setattr(decode_module.EnvelopeBuilder, "feed", stalled_feed)
    decoder = ProgressiveDecoder(path, block_frames=2000, first_block_frames=2000, envelope_bins=64)
    decoders.append(decoder)
    assert inside.wait(5)
    started = time.monotonic()
    partial = decoder.envelope()
    assert time.monotonic() - started < 0.1
    assert partial is not None and 0 < partial.filled < partial.bins
    release.set()
    assert decoder.wait_done(10)
    final = decoder.envelope()
    assert final is not None and final.complete
