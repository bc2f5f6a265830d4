"""Disk and encoder failures leave nothing behind; batches report progress and stop on cancel."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from core.export.export_helpers import sine, write_take
from sonodesk.core.errors import AudioError, StorageError
from sonodesk.core.export import ExportProgress, ExportSettings, ExportSettingsError, export_takes
from sonodesk.core.export import writer as writer_module
from sonodesk.core.export.formats import format_spec
from sonodesk.core.export.report import ExportCancelled
from sonodesk.core.export.writer import WriteJob, write_export

RATE = 48_000


def _job(target: Path, key: str = "wav24", seconds: float = 1.0) -> WriteJob:
    return WriteJob(
        audio=sine(seconds, RATE, amp=0.3), rate=RATE, spec=format_spec(key), target=target
    )


def _entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_parent_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"x")
    with pytest.raises(StorageError) as caught:
        write_export(_job(blocker / "take.wav"))
    assert "not a folder" in caught.value.message
    assert _entries(tmp_path) == ["not-a-folder"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError) as caught:
            write_export(_job(folder / "take.wav"))
        assert "not allowed to write" in caught.value.message
        assert _entries(folder) == []
    finally:
        folder.chmod(0o700)


def test_permission_denied_is_plain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root cannot be locked out with chmod, so the refusal is injected where the temp is made.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(writer_module.tempfile, "mkstemp", refuse)
    with pytest.raises(StorageError) as caught:
        write_export(_job(tmp_path / "take.wav"))
    assert "not allowed to write" in caught.value.message
    assert str(tmp_path) not in caught.value.full_text()


@pytest.mark.parametrize("key", ["wav16", "flac24", "mp3-320", "ogg-q5", "opus-96"])
def test_disk_full_mid_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    real_write = sf.SoundFile.write
    calls = {"n": 0}

    def failing_write(self: sf.SoundFile, data: np.ndarray) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, data)

    monkeypatch.setattr(sf.SoundFile, "write", failing_write)
    with pytest.raises(StorageError) as caught:
        write_export(_job(tmp_path / "out" / "take.x", key))
    assert "disk is full" in caught.value.message
    assert _entries(tmp_path / "out") == []


def test_encoder_error_is_an_audio_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_write(self: sf.SoundFile, data: np.ndarray) -> None:
        raise RuntimeError("Error : encoder exploded")

    monkeypatch.setattr(sf.SoundFile, "write", broken_write)
    with pytest.raises(AudioError) as caught:
        write_export(_job(tmp_path / "take.mp3", "mp3-192"))
    assert "MP3 encoder failed" in caught.value.message
    assert _entries(tmp_path) == []


def test_bad_read_back_is_never_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_encode = writer_module._encode

    def truncating_encode(job, stored, temp, cancel, progress):  # type: ignore[no-untyped-def]
        real_encode(job, stored[: len(stored) // 2], temp, cancel, progress)  # a short file

    monkeypatch.setattr(writer_module, "_encode", truncating_encode)
    with pytest.raises(AudioError) as caught:
        write_export(_job(tmp_path / "take.flac", "flac16"))
    assert "did not read back correctly" in caught.value.message
    assert _entries(tmp_path) == []


def test_cancel_during_encoding_removes_the_temp_file(tmp_path: Path) -> None:
    cancel = threading.Event()
    seen: list[float] = []

    def progress(fraction: float) -> None:
        seen.append(fraction)
        if fraction > 0.2:
            cancel.set()

    with pytest.raises(ExportCancelled):
        write_export(_job(tmp_path / "take.wav", seconds=5.0), cancel=cancel, progress=progress)
    assert _entries(tmp_path) == []


def _takes(folder: Path, count: int, seconds: float = 1.0) -> list:  # type: ignore[type-arg]
    return [
        write_take(
            folder, sine(seconds, RATE, amp=0.2), RATE, name=f"t{i}.wav", take_id=f"take_{i}"
        )
        for i in range(count)
    ]


def test_batch_progress_runs_from_zero_to_one(tmp_path: Path) -> None:
    takes = _takes(tmp_path / "src", 3)
    events: list[ExportProgress] = []
    report = export_takes(
        takes, ExportSettings(format="flac24", folder=str(tmp_path / "o")), progress=events.append
    )
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {e.stage for e in events} >= {"reading", "processing", "encoding", "done"}
    assert [r.status for r in report.results] == ["written"] * 3
    assert report.summary() == "3 exported."


def test_batch_cancel_stops_between_takes_and_leaves_no_temp(tmp_path: Path) -> None:
    takes = _takes(tmp_path / "src", 4)
    cancel = threading.Event()

    def progress(event: ExportProgress) -> None:
        if event.index == 1 and event.stage == "encoding":
            cancel.set()  # the user presses Cancel while the second take is being written

    settings = ExportSettings(format="wav24", folder=str(tmp_path / "o"))
    report = export_takes(takes, settings, progress=progress, cancel=cancel)
    assert report.cancelled
    assert [r.status for r in report.results] == ["written", "cancelled", "cancelled", "cancelled"]
    assert _entries(tmp_path / "o") == [report.results[0].path.name]
    assert report.summary() == "1 exported, 3 cancelled."


def test_one_bad_take_does_not_stop_the_batch(tmp_path: Path) -> None:
    good = _takes(tmp_path / "src", 2)
    broken = tmp_path / "src" / "broken.wav"
    broken.write_bytes(b"RIFF....WAVEjunk")
    bad = write_take(tmp_path / "src", sine(0.1, RATE), RATE, name="x.wav", take_id="bad")
    bad = type(bad)(**{**bad.__dict__, "file_path": str(broken)})
    report = export_takes([good[0], bad, good[1]], ExportSettings(folder=str(tmp_path / "o")))
    assert [r.status for r in report.results] == ["written", "failed", "written"]
    assert report.results[1].message and "not audio" in report.results[1].message
    assert report.summary() == "2 exported, 1 failed."


def test_reading_an_mp3_take_is_exact(tmp_path: Path) -> None:
    # MP3 takes are decoded front to back: block-wise seeking would corrupt block boundaries.
    rng = np.random.default_rng(5)
    audio = (0.2 * rng.standard_normal((RATE * 3, 2))).astype(np.float32)
    take = write_take(
        tmp_path / "src", audio, RATE, name="take.mp3", subtype="MPEG_LAYER_III", fmt="MP3"
    )
    whole, _ = sf.read(take.file_path, dtype="float32")
    result = export_takes(
        [take], ExportSettings(format="wav32f", folder=str(tmp_path / "o"))
    ).results[0]
    exported, _ = sf.read(str(result.path), dtype="float32")
    assert np.array_equal(exported, whole)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "opus-128", "sample_rate": 44_100}, "Opus is always 48 kHz"),
        ({"format": "mp3-320", "sample_rate": 96_000}, "MP3 supports up to 48 kHz"),
        ({"format": "aiff"}, "Unknown export format"),
        ({"sample_rate": 22_050}, "Choose a sample rate"),
        ({"loudness_target": -3.0}, "between -40 and -5 LUFS"),
        ({"loudness_target": -14.0, "true_peak_ceiling": 1.0}, "between -9 and 0 dBTP"),
        ({"fade_in": -1.0}, "fade-in must be 0 to 60 seconds"),
        ({"folder": ""}, "Choose a folder"),
        ({"overwrite": "maybe"}, "ask, replace it, or add a number"),
    ],
)
def test_settings_validation_messages(changes: dict, message: str) -> None:  # type: ignore[type-arg]
    values = {"folder": "/tmp/x", **changes}
    settings = ExportSettings(**values)
    with pytest.raises(ExportSettingsError) as caught:
        settings.validate()
    assert any(message in problem for problem in caught.value.problems)


def test_settings_round_trip_through_dicts() -> None:
    settings = ExportSettings(
        format="mp3-v0", sample_rate=48_000, loudness_target=-14.0, folder="/x"
    )
    assert ExportSettings.from_dict({**settings.to_dict(), "from_the_future": 1}) == settings
    assert ExportSettings(folder="/x").problems() == []
