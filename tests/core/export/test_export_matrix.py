"""Every format x rate x channel choice is written exactly as chosen and reads back intact."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from core.export.export_helpers import faded, noise, read_back, sine, write_take
from sonodesk.core.export import FORMATS, ExportSettings, export_takes, format_spec

RATES = [None, 44_100, 48_000]
SOURCE_RATE = 44_100
SECONDS = 2.0


@pytest.fixture(scope="module")
def source_take(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("matrix-src")
    audio = faded(
        sine(SECONDS, SOURCE_RATE, amp=0.3) + noise(SECONDS, SOURCE_RATE, 0.02), SOURCE_RATE
    )
    return write_take(folder, audio, SOURCE_RATE)


def _cases() -> list[tuple[str, int | None]]:
    cases = []
    for key, spec in FORMATS.items():
        for rate in RATES:
            if spec.subtype == "OPUS" and rate == 44_100:
                continue  # refused by validation; see test_opus_refuses_44k
            cases.append((key, rate))
    return cases


@pytest.mark.parametrize(("key", "rate"), _cases())
def test_format_rate_matrix(source_take, tmp_path: Path, key: str, rate: int | None) -> None:  # type: ignore[no-untyped-def]
    spec = format_spec(key)
    settings = ExportSettings(format=key, sample_rate=rate, folder=str(tmp_path))
    report = export_takes([source_take], settings)
    result = report.results[0]
    assert result.status == "written", result.message
    assert result.path is not None and result.path.suffix == f".{spec.extension}"
    expected_rate = 48_000 if spec.subtype == "OPUS" else (rate or SOURCE_RATE)
    info = sf.info(str(result.path))
    assert (info.format, info.subtype) == (spec.container, spec.subtype)
    assert info.samplerate == expected_rate
    assert info.channels == 2
    audio, got_rate = read_back(result.path)
    assert got_rate == expected_rate
    assert len(audio) == round(SECONDS * expected_rate)
    if spec.subtype == "OPUS" and expected_rate != SOURCE_RATE:
        assert any("Opus is always 48 kHz" in note for note in result.notes)
    assert list(tmp_path.iterdir()) == [result.path]  # no temp file left beside it


@pytest.mark.parametrize(("mode", "channels"), [("mono", 1), ("stereo", 2), ("keep", 2)])
@pytest.mark.parametrize("key", ["wav24", "flac16", "mp3-192", "ogg-q5", "opus-128"])
def test_channel_modes(source_take, tmp_path: Path, key: str, mode: str, channels: int) -> None:  # type: ignore[no-untyped-def]
    settings = ExportSettings(format=key, channels=mode, folder=str(tmp_path))  # type: ignore[arg-type]
    result = export_takes([source_take], settings).results[0]
    assert result.status == "written", result.message
    assert sf.info(str(result.path)).channels == channels


def test_mono_take_becomes_stereo(tmp_path: Path) -> None:
    take = write_take(tmp_path / "src", sine(1.0, 48_000, ch=1), 48_000)
    settings = ExportSettings(format="wav16", channels="stereo", folder=str(tmp_path / "out"))
    result = export_takes([take], settings).results[0]
    audio, _ = read_back(result.path)
    assert audio.shape[1] == 2 and np.array_equal(audio[:, 0], audio[:, 1])


def test_pcm_samples_are_bit_exact_and_24bit_is_really_24bit(tmp_path: Path) -> None:
    # A 24-bit source that 16 bits cannot hold: the 24-bit export must keep every bit.
    rng = np.random.default_rng(3)
    ints = rng.integers(-(2**22), 2**22, size=(48_000, 2))
    audio = (ints / 2**23).astype(np.float32)
    take = write_take(tmp_path / "src", audio, 48_000, subtype="PCM_24")
    for key in ("wav24", "flac24"):
        settings = ExportSettings(format=key, folder=str(tmp_path / key))
        result = export_takes([take], settings).results[0]
        with sf.SoundFile(str(result.path)) as handle:
            back = handle.read(dtype="int32", always_2d=True) >> 8
        assert np.array_equal(back, ints), key


def test_full_scale_float_does_not_wrap_in_pcm(tmp_path: Path) -> None:
    audio = np.full((4800, 1), 1.5, dtype=np.float32)  # over full scale: must clip, not wrap
    take = write_take(tmp_path / "src", audio, 48_000)
    for key in ("wav16", "wav24", "flac24"):
        settings = ExportSettings(format=key, folder=str(tmp_path / key), dither=False)
        back, _ = read_back(export_takes([take], settings).results[0].path)
        assert back.min() > 0.99, key


def test_16bit_dither_only_when_needed(tmp_path: Path) -> None:
    exact = (np.arange(-500, 500, dtype=np.float32)[:, None] / 32768.0).repeat(2, axis=1)
    take = write_take(tmp_path / "src", exact, 48_000, subtype="PCM_16")
    result = export_takes([take], ExportSettings(format="wav16", folder=str(tmp_path / "o")))
    back, _ = read_back(result.results[0].path)
    assert np.array_equal(back, exact)  # already 16-bit: untouched, no dither noise added


def _mp3_frame_bitrates(path: Path) -> list[int]:
    """The bitrate of every MPEG frame, walking the frame headers after the ID3 tag."""
    bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    data = path.read_bytes()
    pos = 0
    if data[:3] == b"ID3":
        pos = 10 + sum((data[6 + i] & 0x7F) << (7 * (3 - i)) for i in range(4))
    found = []
    while pos + 4 <= len(data):
        header = int.from_bytes(data[pos : pos + 4], "big")
        if header >> 21 != 0x7FF:
            break
        assert (header >> 19) & 3 == 3 and (header >> 17) & 3 == 1  # MPEG-1 layer III
        rate = (44_100, 48_000, 32_000)[(header >> 10) & 3]
        kbps = bitrates[(header >> 12) & 15]
        found.append(kbps)
        pos += 144_000 * kbps // rate + ((header >> 9) & 1)
    return found


@pytest.mark.parametrize("kbps", [128, 192, 320])
def test_mp3_cbr_frames_carry_the_requested_bitrate(source_take, tmp_path: Path, kbps: int) -> None:  # type: ignore[no-untyped-def]
    result = export_takes([source_take], ExportSettings(format=f"mp3-{kbps}", folder=str(tmp_path)))
    frames = _mp3_frame_bitrates(result.results[0].path)
    assert len(frames) > 50
    assert set(frames) == {kbps}
    assert b"Info" in result.results[0].path.read_bytes()[:4096]  # LAME's CBR header


@pytest.mark.parametrize(("level", "low", "high"), [(0, 180, 320), (2, 140, 280), (4, 100, 230)])
def test_mp3_vbr_is_variable(source_take, tmp_path: Path, level: int, low: int, high: int) -> None:  # type: ignore[no-untyped-def]
    result = export_takes(
        [source_take], ExportSettings(format=f"mp3-v{level}", folder=str(tmp_path))
    )
    path = result.results[0].path
    frames = _mp3_frame_bitrates(path)
    assert len(set(frames)) > 1  # the bitrate really varies frame to frame
    assert b"Xing" in path.read_bytes()[:4096]  # LAME's VBR header
    average = sum(frames[1:]) / len(frames[1:])
    assert low <= average <= high


@pytest.mark.parametrize(("key", "low", "high"), [("opus-96", 70, 125), ("opus-192", 150, 240)])
def test_opus_bitrate_follows_the_choice(
    source_take, tmp_path: Path, key: str, low: int, high: int
) -> None:  # type: ignore[no-untyped-def]
    path = (
        export_takes([source_take], ExportSettings(format=key, folder=str(tmp_path)))
        .results[0]
        .path
    )
    kbps = path.stat().st_size * 8 / SECONDS / 1000
    assert low <= kbps <= high


def test_vorbis_quality_orders_file_sizes(source_take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sizes = []
    for key in ("ogg-q3", "ogg-q5", "ogg-q8"):
        settings = ExportSettings(format=key, folder=str(tmp_path / key))
        sizes.append(export_takes([source_take], settings).results[0].path.stat().st_size)
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_mp3_keep_rate_of_96k_take_is_converted_with_a_note(tmp_path: Path) -> None:
    take = write_take(tmp_path / "src", sine(1.0, 96_000, amp=0.3), 96_000)
    result = export_takes([take], ExportSettings(format="mp3-320", folder=str(tmp_path / "o")))
    item = result.results[0]
    assert sf.info(str(item.path)).samplerate == 48_000
    assert any("MP3 supports" in note and "48 kHz" in note for note in item.notes)


def test_sample_rate_conversion_keeps_pitch(tmp_path: Path) -> None:
    take = write_take(tmp_path / "src", sine(1.0, 44_100, freq=1000.0), 44_100)
    result = export_takes(
        [take], ExportSettings(format="wav32f", sample_rate=96_000, folder=str(tmp_path / "o"))
    )
    audio, rate = read_back(result.results[0].path)
    spectrum = np.abs(np.fft.rfft(audio[:, 0]))
    assert rate == 96_000 and abs(np.argmax(spectrum) * rate / len(audio) - 1000.0) < 2.0
