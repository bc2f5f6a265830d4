"""`sonodesk library` and `sonodesk export`, run as real subprocesses on a real take database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import soundfile as sf

from sonodesk.core.jobs.records import TakeRecord
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library import Library
from sonodesk.core.paths import app_paths, ensure
from ui.export.export_rig import make_takes


def sonodesk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it; stdin is not a terminal (as in scripts and CI)."""
    return subprocess.run(
        [sys.executable, "-m", "sonodesk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ),  # SONODESK_HOME points at this test's private folder
    )


@pytest.fixture
def takes() -> list[TakeRecord]:
    """Three 3-second takes in the library SONODESK_HOME points at (made oldest first)."""
    paths = ensure(app_paths())
    store = JobStore(paths.database_file)
    try:
        made = make_takes(store, paths.takes_dir / "2026-11", seconds=3.0)
        library = Library(store, paths.trash_dir)
        library.set_favorite([made[1].id], True)
        library.rate([made[2].id], 4)
    finally:
        store.close()
    return made


def _ids(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


def test_library_lists_newest_first_with_every_field(takes: list[TakeRecord]) -> None:
    result = sonodesk("library", "--json")
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == ["take_0003", "take_0002", "take_0001"]
    first = rows[0]
    assert set(first) >= {"id", "title", "model", "duration", "created", "rating", "favorite"}
    assert first["title"] == "Tape hiss sunrise" and first["rating"] == 4
    assert first["model"] == "model_sonodesk-music-sketch"
    assert first["duration"] == pytest.approx(3.0)
    assert first["path"] == takes[2].file_path and first["created"].startswith("2026-11-21T")
    assert rows[1]["favorite"] is True and rows[2]["favorite"] is False

    text = sonodesk("library")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert len(lines) == 3 and lines[0].startswith("take_0003") and "Night drive" in lines[2]


def test_library_search_and_filters(takes: list[TakeRecord]) -> None:
    assert _ids(sonodesk("library", "rain", "--json")) == ["take_0002"]
    assert _ids(sonodesk("library", "tape hiss", "--json")) == ["take_0003"]
    assert _ids(sonodesk("library", "--favorites", "--json")) == ["take_0002"]
    assert _ids(sonodesk("library", "--min-rating", "4", "--json")) == ["take_0003"]
    assert _ids(sonodesk("library", "--limit", "1", "--json")) == ["take_0003"]
    assert len(_ids(sonodesk("library", "--model", "Sandbox Music Sketch", "--json"))) == 3
    assert _ids(sonodesk("library", "--model", "model_other", "--json")) == []
    empty = sonodesk("library", "zebra")
    assert empty.returncode == 0 and empty.stdout == "" and "No takes match." in empty.stderr


def test_export_flac24_48k_at_minus_14_lufs(takes: list[TakeRecord], tmp_path: Path) -> None:
    out = tmp_path / "bounce"
    ids = [t.id for t in takes]
    result = sonodesk(
        "export", *ids, "--format", "flac", "--bits", "24", "--rate", "48000",
        "--lufs", "-14", "--out", str(out), "--template", "{title}_{n}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert [p.name for p in paths] == [
        "Night drive_1.flac",
        "Rain on the roof_2.flac",
        "Tape hiss sunrise_3.flac",
    ]
    for path in paths:
        info = sf.info(str(path))
        assert (info.format, info.subtype, info.samplerate) == ("FLAC", "PCM_24", 48_000)
        data, rate = sf.read(str(path), dtype="float64", always_2d=True)
        loudness = pyloudnorm.Meter(rate).integrated_loudness(data)
        assert abs(loudness - -14.0) <= 0.5, (path.name, loudness)
    assert "[1/3] take_0001: reading" in result.stderr
    assert "[3/3] take_0003: encoding" in result.stderr
    assert "3 exported." in result.stderr


def test_export_json_reports_each_take(takes: list[TakeRecord], tmp_path: Path) -> None:
    result = sonodesk(
        "export", takes[0].id, "--format", "mp3", "--mp3", "v0", "--mono",
        "--fade-out", "0.5", "--out", str(tmp_path), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (entry,) = report["results"]
    assert entry["status"] == "written" and entry["take_id"] == takes[0].id
    info = sf.info(entry["path"])
    assert (info.format, info.channels) == ("MP3", 1)
    assert report["summary"] == "1 exported."
    assert "[1/1]" not in result.stderr  # JSON mode keeps stderr quiet


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--format", "flac", "--bits", "32"], "FLAC is written at 16 or 24 bits, not 32"),
        (["--format", "mp3", "--bits", "16"], "--bits applies to WAV and FLAC"),
        (["--format", "wav", "--mp3", "v0"], "--mp3 applies to --format mp3 only."),
        (["--format", "mp3", "--rate", "96000"], "MP3 supports up to 48 kHz"),
        (["--format", "opus", "--rate", "44100"], "Opus is always 48 kHz"),
        (["--rate", "12345"], "Choose a sample rate of 44.1 kHz, 48 kHz"),
        (["--lufs", "loud"], "--lufs expects a number, not 'loud'."),
        (["--lufs", "-60"], "The loudness target must be between -40 and -5 LUFS."),
        (["--fade-in", "-1"], "The fade-in must be 0 to 60 seconds."),
        (["--template", "{nope}"], "Unknown placeholder {nope}"),
        (["--format", "aiff"], "invalid choice: 'aiff'"),
        (["--mono", "--stereo"], "not allowed with argument"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_options_are_one_line_and_exit_3(
    takes: list[TakeRecord], tmp_path: Path, options: list[str], message: str
) -> None:
    result = sonodesk("export", takes[0].id, "--out", str(tmp_path / "out"), *options)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sonodesk: ")
    assert message in lines[0]
    assert not (tmp_path / "out").exists()


def test_missing_out_and_unknown_ids(takes: list[TakeRecord], tmp_path: Path) -> None:
    missing = sonodesk("export", takes[0].id)
    assert missing.returncode == 3
    assert missing.stderr.strip() == (
        "sonodesk: the following arguments are required: --out (see `sonodesk export --help`)"
    )
    unknown = sonodesk("export", takes[0].id, "take_nope", "--out", str(tmp_path))
    assert unknown.returncode == 3
    assert unknown.stderr.strip() == (
        "sonodesk: Unknown take id: take_nope (`sonodesk library` lists them)."
    )
    assert list(tmp_path.iterdir()) == []


def test_existing_files_refused_without_a_terminal(takes: list[TakeRecord], tmp_path: Path) -> None:
    ids = [t.id for t in takes[:2]]
    common = ["--template", "{title}", "--out", str(tmp_path)]
    assert sonodesk("export", *ids, *common).returncode == 0
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}

    asked = sonodesk("export", *ids, *common)
    assert asked.returncode == 3
    line = asked.stderr.strip()
    assert line.startswith("sonodesk: 2 files already exist in ")
    assert "Night drive.wav, Rain on the roof.wav" in line and "--overwrite number" in line
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before

    numbered = sonodesk("export", *ids, *common, "--overwrite", "number")
    assert numbered.returncode == 0, numbered.stderr
    assert [Path(p).name for p in numbered.stdout.splitlines()] == [
        "Night drive (2).wav",
        "Rain on the roof (2).wav",
    ]


def test_partial_failure_exits_1_with_the_reason(takes: list[TakeRecord], tmp_path: Path) -> None:
    Path(takes[1].file_path).write_bytes(b"\x00" * 64)
    result = sonodesk("export", *[t.id for t in takes], "--out", str(tmp_path))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 2
    (failure,) = [line for line in result.stderr.splitlines() if line.startswith("sonodesk: ")]
    assert failure.startswith("sonodesk: take_0002 (Rain on the roof): ")
    assert "Traceback" not in result.stderr and takes[1].file_path not in result.stderr
    assert "2 exported, 1 failed." in result.stderr
    assert all(np.isfinite(sf.read(p)[0]).all() for p in result.stdout.splitlines())


@pytest.mark.parametrize(
    ("family", "bits", "mp3", "key"),
    [
        ("wav", None, None, "wav24"),
        ("wav", 32, None, "wav32f"),
        ("flac", 16, None, "flac16"),
        ("flac", 24, None, "flac24"),
        ("mp3", None, None, "mp3-320"),
        ("mp3", None, "v2", "mp3-v2"),
        ("ogg", None, None, "ogg-q6"),
        ("opus", None, None, "opus-128"),
    ],
)
def test_options_map_to_format_keys(family: str, bits: int | None, mp3: str | None, key: str):
    from sonodesk.cli.library_args import format_key
    from sonodesk.core.export import FORMATS

    assert format_key(family, bits, mp3) == key and key in FORMATS


@pytest.mark.parametrize(
    ("text", "rate"),
    [(None, None), ("keep", None), ("48000", 48_000), ("44.1k", 44_100), ("96", 96_000)],
)
def test_rates_read_in_hz_or_khz(text: str | None, rate: int | None) -> None:
    from sonodesk.cli.library_args import parse_rate

    assert parse_rate(text) == rate
