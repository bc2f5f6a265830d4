"""The parameters travel with the audio: tags in every format, read back by read_embedded_params."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
import soundfile as sf

from core.export.export_helpers import PARAMS, faded, sine, write_take
from sonodesk.core.export import (
    FORMATS,
    ExportSettings,
    export_takes,
    read_embedded_params,
    riff,
    sidecar_json,
    take_record,
)
from sonodesk.core.export.id3 import read_text_frames
from sonodesk.core.export.metadata import COMMENT_PREFIX, comment_text, parse_record

RATE = 48_000
LONG_LYRICS = "Verse: city lights are fading, ünïcödé ☕ " * 120  # ~5 kB: past libsndfile's 2 kB


@pytest.fixture(scope="module")
def take(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("meta-src")
    params = {**PARAMS, "lyrics": LONG_LYRICS}
    return write_take(
        folder, faded(sine(1.0, RATE, amp=0.3), RATE), RATE, params=params, title="Nuit ☕ déjà"
    )


@pytest.mark.parametrize("key", list(FORMATS))
def test_round_trip_every_format(take, tmp_path: Path, key: str) -> None:  # type: ignore[no-untyped-def]
    settings = ExportSettings(format=key, loudness_target=-16.0, folder=str(tmp_path))
    result = export_takes([take], settings).results[0]
    record = read_embedded_params(result.path)
    assert record is not None
    assert record["params"] == take.params  # every parameter, the long lyrics included
    assert record["model_id"] == take.model_id and record["provider"] == "scenario"
    assert record["seed"] == 42 and record["job_id"] == take.job_id and record["cost"] == 0.12
    assert record["created"] == "2026-11-21T" + record["created"][11:]
    export = record["export"]
    assert export["format"] == key and export["loudness"]["target_lufs"] == -16.0
    assert "folder" not in export["settings"]  # local paths never travel with the file
    assert str(tmp_path) not in json.dumps(record)


@pytest.mark.parametrize("key", ["wav24", "flac24", "ogg-q5", "opus-128", "mp3-320"])
def test_readable_tags_for_other_programs(take, tmp_path: Path, key: str) -> None:  # type: ignore[no-untyped-def]
    path = export_takes([take], ExportSettings(format=key, folder=str(tmp_path))).results[0].path
    if key.startswith("mp3"):
        frames = read_text_frames(path.read_bytes())
        assert frames is not None
        title, artist = frames.text["TIT2"], frames.text["TPE1"]
        assert frames.text["TSSE"].startswith("Sonodesk ") and frames.text["TDRC"] == "2026-11-21"
        assert frames.comments[0].startswith(COMMENT_PREFIX)
    elif key.startswith("wav"):
        # DAWs read the INFO chunk themselves (libsndfile drops fields after a long comment).
        info = riff.read_info(path)
        title, artist = info["INAM"], info["IART"]
        assert info["ICMT"].startswith(COMMENT_PREFIX) and info["ICRD"] == "2026-11-21"
        assert info["ISFT"].startswith("Sonodesk ")
    else:
        with sf.SoundFile(str(path)) as handle:
            title, artist = handle.title, handle.artist
            assert handle.comment.startswith(COMMENT_PREFIX)
            assert handle.date == "2026-11-21"
    assert title == "Nuit ☕ déjà"  # UTF-8 intact, also in MP3 (LAME's own tags are Latin-1)
    assert artist == "Sonodesk · Music Sketch"


def test_mp3_tag_is_id3v24_and_decodes(take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = (
        export_takes([take], ExportSettings(format="mp3-v2", folder=str(tmp_path))).results[0].path
    )
    data = path.read_bytes()
    assert data[:5] == b"ID3\x04\x00"
    audio, rate = sf.read(str(path))
    assert rate == RATE and len(audio) == RATE


@pytest.mark.parametrize("key", ["mp3-320", "flac16", "ogg-q3"])
def test_genre_only_when_the_parameters_name_one(tmp_path: Path, key: str) -> None:
    take = write_take(
        tmp_path / "src", sine(0.5, RATE), RATE, params={**PARAMS, "genre": "Synthwave"}
    )
    path = (
        export_takes([take], ExportSettings(format=key, folder=str(tmp_path / "o"))).results[0].path
    )
    if key.startswith("mp3"):
        frames = read_text_frames(path.read_bytes())
        assert frames is not None and frames.text["TCON"] == "Synthwave"
    else:
        with sf.SoundFile(str(path)) as handle:
            assert handle.genre == "Synthwave"


def test_no_metadata_when_switched_off(take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for key in ("wav16", "flac16", "mp3-192", "ogg-q3"):
        settings = ExportSettings(format=key, embed_metadata=False, folder=str(tmp_path / key))
        path = export_takes([take], settings).results[0].path
        assert read_embedded_params(path) is None


def test_sidecar_builder_has_everything_and_no_export_part(take) -> None:  # type: ignore[no-untyped-def]
    record = take_record(take, app_version="9.9.9")
    data = json.loads(sidecar_json(record))
    for key in (
        "model_id",
        "provider",
        "params",
        "seed",
        "job_id",
        "cost",
        "created",
        "app_version",
    ):
        assert key in data
    assert data["app_version"] == "9.9.9" and "export" not in data
    assert parse_record(sidecar_json(record)) == data


def test_comment_text_and_foreign_comments() -> None:
    record = {"schema": "sonodesk.take/1", "model_id": "model_x", "seed": 7, "job_id": "job_abc"}
    text = comment_text(record)
    assert text.splitlines()[0] == "sonodesk: x · seed 7 · job abc"
    assert parse_record(text) == record
    assert parse_record('{"schema": "something-else"}') is None
    assert parse_record("Recorded live at the club {not json") is None
    assert parse_record(None) is None


def test_huge_records_are_shortened_for_tags(tmp_path: Path) -> None:
    params = {**PARAMS, "lyrics": "la " * 40_000}
    take = write_take(tmp_path / "src", sine(0.5, RATE), RATE, params=params)
    path = (
        export_takes([take], ExportSettings(format="flac16", folder=str(tmp_path / "o")))
        .results[0]
        .path
    )
    record = read_embedded_params(path)
    assert record is not None and record["truncated"] is True
    assert record["params"]["seed"] == 42 and len(record["params"]["lyrics"]) < 5_000


def _id3v23_utf16_comment(text: str) -> bytes:
    body = b"\x01" + b"eng" + "".encode("utf-16") + b"\x00\x00" + text.encode("utf-16")
    frame = b"COMM" + struct.pack(">I", len(body)) + b"\x00\x00" + body
    size = len(frame)
    syncsafe = bytes((size >> s) & 0x7F for s in (21, 14, 7, 0))
    return b"ID3\x03\x00\x00" + syncsafe + frame


def test_reads_records_from_id3v23_utf16_comments(tmp_path: Path) -> None:
    # Another tagger may rewrite our tag as ID3v2.3 with UTF-16: the record must still load.
    record = {"schema": "sonodesk.take/1", "params": {"prompt": "ünï"}}
    mp3 = tmp_path / "retagged.mp3"
    mp3.write_bytes(
        _id3v23_utf16_comment(comment_text(record)) + b"\xff\xfb\x90\x00" + b"\x00" * 400
    )
    assert read_embedded_params(mp3) == record


def test_not_audio_or_missing_gives_none(tmp_path: Path) -> None:
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio at all")
    assert read_embedded_params(junk) is None
    assert read_embedded_params(tmp_path / "missing.flac") is None
