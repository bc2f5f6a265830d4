"""probe() reads every format the app receives and refuses broken files in plain words."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from fakes.fake_audio import write_tone
from sonodesk.core.audio.decode import ProgressiveDecoder
from sonodesk.core.audio.info import AudioInfo, check_length, format_duration, probe
from sonodesk.core.errors import AudioError

FORMATS = [
    ("pcm16.wav", "WAV", "PCM_16", 48_000, None),
    ("pcm24.wav", "WAV", "PCM_24", 44_100, None),
    ("float.wav", "WAV", "FLOAT", 48_000, None),
    ("take.flac", "FLAC", "PCM_16", 44_100, None),
    ("take.mp3", "MP3", "MPEG_LAYER_III", 44_100, None),
    ("take.ogg", "OGG", "VORBIS", 48_000, None),
    ("take.opus", "OGG", "OPUS", 48_000, None),
]


def _assert_plain(error: AudioError, path: Path) -> None:
    text = error.full_text()
    assert text.startswith("This file is not audio Sonodesk can read (")
    assert str(path.parent) not in text and path.name not in text
    for leak in ("libsndfile", "Error opening", "Traceback", "mpg123", "System error"):
        assert leak not in text


@pytest.mark.parametrize(("name", "fmt", "subtype", "rate", "_"), FORMATS)
def test_probe_reads_each_format(
    tmp_path: Path, name: str, fmt: str, subtype: str, rate: int, _: None
) -> None:
    path = tmp_path / name
    write_tone(path, 0.5, rate, format=fmt, subtype=subtype)

    info = probe(path)

    assert isinstance(info, AudioInfo)
    assert (info.format, info.subtype) == (fmt, subtype)
    assert info.sample_rate == rate and info.channels == 2
    assert info.frames_known
    assert info.duration == pytest.approx(0.5, abs=0.01)
    assert info.frames == pytest.approx(rate * 0.5, abs=rate * 0.01)


def test_probe_mono_and_format_name(tmp_path: Path) -> None:
    write_tone(tmp_path / "m.ogg", 0.2, 48_000, channels=1, format="OGG", subtype="OPUS")
    info = probe(tmp_path / "m.ogg")
    assert info.channels == 1
    assert info.format_name == "OGG/Opus"


def test_content_decides_not_extension(tmp_path: Path) -> None:
    # Cloud downloads arrive with generic or wrong names; the bytes are what matter.
    path = tmp_path / "actually-wav.mp3"
    write_tone(path, 0.1, 48_000, format="WAV")
    assert probe(path).format == "WAV"


def _truncated_wav(tmp_path: Path) -> Path:
    good = tmp_path / "good.wav"
    write_tone(good, 0.2)
    path = tmp_path / "header-only.wav"
    path.write_bytes(good.read_bytes()[:30])
    return path


def _truncated_mp3(tmp_path: Path) -> Path:
    good = tmp_path / "good.mp3"
    write_tone(good, 0.5, 44_100, format="MP3")
    path = tmp_path / "cut.mp3"
    path.write_bytes(good.read_bytes()[:300])
    return path


BROKEN = {
    "zero bytes": lambda p: _write(p / "empty.wav", b""),
    "random bytes as wav": lambda p: _write(p / "noise.wav", os.urandom(5000)),
    "random bytes as mp3": lambda p: _write(p / "noise.mp3", os.urandom(5000)),
    "random bytes, no extension": lambda p: _write(p / "blob", os.urandom(5000)),
    "text named mp3": lambda p: _write(p / "notes.mp3", b"hello world\n" * 100),
    "png named wav": lambda p: _write(p / "cover.wav", b"\x89PNG\r\n\x1a\n" + bytes(2000)),
    "wav cut inside the header": _truncated_wav,
    "mp3 cut to 300 bytes": _truncated_mp3,
    "missing file": lambda p: p / "nowhere.flac",
    "a folder": lambda p: p,
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_files_raise_plain_audio_error(tmp_path: Path, case: str) -> None:
    path = BROKEN[case](tmp_path)
    with pytest.raises(AudioError) as info:
        probe(path)
    _assert_plain(info.value, path)
    with pytest.raises(AudioError):
        ProgressiveDecoder(path)


def test_empty_file_says_so(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.mp3", b"")
    with pytest.raises(AudioError, match=r"\(the file is empty\)"):
        probe(path)


def test_truncated_wav_data_probes_what_is_there(tmp_path: Path) -> None:
    good = tmp_path / "good.wav"
    write_tone(good, 1.0, 48_000, subtype="PCM_16")
    cut = _write(tmp_path / "cut.wav", good.read_bytes()[: 44 + 4 * 12_000])
    info = probe(cut)
    assert info.frames == 12_000


def _patch_flac_length(path: Path, frames: int) -> None:
    """Rewrite STREAMINFO's 36-bit total-samples field (bytes 18..26 hold rate…total)."""
    data = bytearray(path.read_bytes())
    assert data[:4] == b"fLaC"
    packed = int.from_bytes(data[18:26], "big")
    mask = (1 << 36) - 1
    data[18:26] = ((packed & ~mask) | frames).to_bytes(8, "big")
    path.write_bytes(bytes(data))


def test_header_claiming_ten_hours_probes_but_decoder_refuses(tmp_path: Path) -> None:
    path = tmp_path / "liar.flac"
    write_tone(path, 0.5, 48_000, channels=1)
    _patch_flac_length(path, 10 * 3600 * 48_000)

    info = probe(path)
    assert info.duration == pytest.approx(36_000)

    with pytest.raises(AudioError, match="10 h 00 min") as refused:
        ProgressiveDecoder(path)
    assert "20 min" in str(refused.value)
    with pytest.raises(AudioError):
        check_length(info, 3600)
    check_length(info, None)


def test_decoder_max_seconds_is_adjustable(tmp_path: Path) -> None:
    path = tmp_path / "two.wav"
    write_tone(path, 2.0, 8_000)
    with pytest.raises(AudioError):
        ProgressiveDecoder(path, max_seconds=1.0)
    decoder = ProgressiveDecoder(path, max_seconds=3.0)
    try:
        assert decoder.wait_done(5)
        assert np.isfinite(decoder.read(0, 100)).all()
    finally:
        decoder.close()


def test_format_duration() -> None:
    assert format_duration(12.4) == "12 s"
    assert format_duration(185) == "3 min 05 s"
    assert format_duration(36_000) == "10 h 00 min"
