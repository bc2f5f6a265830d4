"""params_from_file on good, damaged and hostile files: a valid result or a clear RestoreError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.core.library import RestoredParams, RestoreError, params_from_file, write_sidecar
from sonodesk.core.library import restore as restore_mod
from sonodesk.core.take_record import take_record

GOOD = {
    "format_version": 1,
    "kind": "sonodesk-take",
    "model_id": "model_sonodesk-music-sketch",
    "model_name": "Sandbox Music Sketch",
    "provider": "sandbox",
    "params": {"prompt": "lofi", "duration": 20, "sections": [{"name": "verse", "bars": 8}]},
    "seed": 42,
}


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_from_the_audio_file_or_its_sidecar(add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take(seed=5)
    sidecar = write_sidecar(take)
    for given_path in (take.file_path, sidecar):
        restored = params_from_file(given_path)
        assert restored == RestoredParams(
            model_id=take.model_id,
            provider="sandbox",
            params=take.params,
            seed=5,
            source="sidecar",
            model_name=take.model_name,
        )


def test_the_seed_falls_back_to_the_params(tmp_path: Path) -> None:
    doc = {**GOOD, "seed": None, "params": {"seed": 7.0}}
    assert params_from_file(write(tmp_path / "a.sonodesk.json", doc)).seed == 7


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([1, 2], restore_mod.NOT_SETTINGS),
        ({**GOOD, "format_version": "1"}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "format_version": 99}, restore_mod.NEWER),
        ({**GOOD, "model_id": ""}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "model_id": "x" * 500}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "provider": 3}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "params": "prompt=lofi"}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "params": {"prompt": "x" * 50_000}}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "params": {"list": list(range(20_000))}}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "params": {"": 1}}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "seed": -1}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "seed": "42"}, restore_mod.NOT_SETTINGS),
        ({**GOOD, "seed": True}, restore_mod.NOT_SETTINGS),
    ],
)
def test_wrong_shapes_give_a_clear_message(tmp_path: Path, document: object, message: str) -> None:
    with pytest.raises(RestoreError) as caught:
        params_from_file(write(tmp_path / "take.wav.sonodesk.json", document))
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format_version": 1, "model_id": "m", "params": {', restore_mod.NOT_SETTINGS),
        ("[" * 100_000 + "]" * 100_000, restore_mod.NOT_SETTINGS),
        ('{"format_version": NaN}', restore_mod.NOT_SETTINGS),
        ('{"seed": 1e999, "format_version": 1}', restore_mod.NOT_SETTINGS),
        ("\udcff", restore_mod.NOT_SETTINGS),
    ],
    ids=["truncated", "deep", "nan", "overflow", "not-utf8"],
)
def test_damaged_text_gives_a_clear_message(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.sonodesk.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(RestoreError) as caught:
        params_from_file(path)
    assert caught.value.message == message


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.sonodesk.json"
    with open(path, "wb") as handle:
        handle.truncate(restore_mod.MAX_SIDECAR_BYTES + 1)
    with pytest.raises(RestoreError, match="too large"):
        params_from_file(path)


def test_no_sidecar_and_no_embedded_settings(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(restore_mod, "_embedded_reader", lambda: None)  # no export package
    audio = tmp_path / "plain.wav"
    audio.write_bytes(b"RIFF")
    with pytest.raises(RestoreError) as caught:
        params_from_file(audio)
    assert caught.value.message == restore_mod.NO_SETTINGS


def test_embedded_settings_are_read_through_one_call_site(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[Path] = []
    answer: list[object] = [GOOD]

    def read_embedded_params(path: Path) -> object:
        seen.append(path)
        if isinstance(answer[0], Exception):
            raise answer[0]
        return answer[0]

    monkeypatch.setattr(restore_mod, "_embedded_reader", lambda: read_embedded_params)
    audio = tmp_path / "export.flac"
    audio.write_bytes(b"fLaC")
    restored = params_from_file(audio)
    assert seen == [audio]
    assert restored.source == "embedded" and restored.seed == 42
    assert restored.params["sections"] == [{"name": "verse", "bars": 8}]

    answer[0] = ValueError("tag parser fell over")
    with pytest.raises(RestoreError, match="No Sonodesk settings"):
        params_from_file(audio)
    # The export package's record names its version in "schema" instead of format_version.
    record = {k: v for k, v in GOOD.items() if k != "format_version"}
    answer[0] = {**record, "schema": "sonodesk.take/1", "truncated": True}
    assert params_from_file(audio).model_id == GOOD["model_id"]
    answer[0] = {**record, "schema": "sonodesk.take/2"}
    with pytest.raises(RestoreError, match="newer Sonodesk"):
        params_from_file(audio)
    answer[0] = {**record, "schema": "sonodesk.take/x"}
    with pytest.raises(RestoreError, match="damaged or not from Sonodesk"):
        params_from_file(audio)


def test_the_export_packages_reader_is_found_when_it_imports(tmp_path: Path) -> None:
    tags = pytest.importorskip("sonodesk.core.export.tags")
    metadata = pytest.importorskip("sonodesk.core.export.metadata")
    assert restore_mod._embedded_reader() is tags.read_embedded_params
    from sonodesk.core.jobs.records import TakeRecord

    take = TakeRecord(
        id="take_1", job_id="job_1", output_index=0, provider="sandbox",
        model_id="model_sonodesk-sfx", params={"prompt": "rain", "seed": 3},
        file_path=str(tmp_path / "t.wav"), created_at=0.0, seed=3,
    )  # fmt: skip
    audio = tmp_path / "export.wav"
    import soundfile

    with soundfile.SoundFile(str(audio), "w", 8000, 1) as handle:
        handle.comment = metadata.comment_text(take_record(take))
        handle.write([0.0] * 800)
    restored = params_from_file(audio)
    assert (restored.source, restored.seed, restored.params) == ("embedded", 3, take.params)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=30,
)
documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "format_version": st.one_of(st.integers(-2, 3), st.text(max_size=3), st.none()),
            "model_id": st.one_of(st.text(max_size=300), st.integers()),
            "provider": st.one_of(st.text(max_size=80), st.none()),
            "params": json_values,
            "seed": json_values,
            "model_name": json_values,
        },
    ),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=documents)
def test_any_json_document_gives_a_result_or_a_clear_error(
    tmp_path: Path, document: object
) -> None:
    path = tmp_path / "fuzz.sonodesk.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        restored = params_from_file(path)
    except RestoreError as exc:
        assert exc.message in {
            restore_mod.NOT_SETTINGS,
            restore_mod.NEWER,
            restore_mod.TOO_LARGE,
        }
        return
    assert isinstance(restored.params, dict) and restored.model_id and restored.provider
    assert restored.seed is None or isinstance(restored.seed, int)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_random_bytes_give_a_clear_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.sonodesk.json"
    path.write_bytes(data)
    with pytest.raises(RestoreError):
        params_from_file(path)
