"""The bundled AI/ML API schemas: records, form fields, valid default bodies, sandbox agreement."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from sonodesk.core.errors import NotFoundError, ProtocolError
from sonodesk.core.providers.aimlapi import AimlApiProvider
from sonodesk.core.providers.aimlapi_models import (
    bundled_dir,
    file_name_for,
    load_bundled,
    record_from_document,
)
from sonodesk.core.schema import (
    NO_DEFAULT,
    FieldKind,
    FieldSpec,
    build_body,
    default_values,
    nest_dotted,
    specs_from_jsonschema,
    validate,
)
from sonodesk.sandbox import aimlapi_catalog
from sonodesk.sandbox.aimlapi_validate import BodyInvalid
from sonodesk.sandbox.aimlapi_validate import validate as sandbox_validate

MODEL_IDS = [
    "stable-audio",
    "elevenlabs/eleven_music",
    "google/lyria2",
    "minimax/music-1.5",
    "minimax/music-2.0",
    "minimax/music-2.6",
    "minimax/music-cover",
]
PLAUSIBLE_TEXT = "Dreamy lofi hip hop with warm keys, vinyl crackle and a lazy swing"


def document(model_id: str) -> dict[str, Any]:
    return json.loads((bundled_dir() / file_name_for(model_id)).read_text(encoding="utf-8"))


def specs_for(model_id: str) -> tuple[FieldSpec, ...]:
    record = record_from_document(document(model_id), "aimlapi")
    assert record.json_schema is not None
    return specs_from_jsonschema(record.json_schema)


def plausible(spec: FieldSpec) -> Any:
    """A value a musician might enter for a required field."""
    if spec.kind is FieldKind.FILE:
        return "https://example.com/reference.mp3"
    if spec.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        text = PLAUSIBLE_TEXT
        if spec.min_length:
            text = text.ljust(spec.min_length, ".")
        return text[: spec.max_length] if spec.max_length else text
    if spec.choices:
        return spec.choices[0].value
    return spec.minimum if spec.minimum is not None else 1


def default_body(model_id: str) -> dict[str, Any]:
    specs = specs_for(model_id)
    values = default_values(specs)
    for spec in specs:
        if spec.required_always and spec.name not in values:
            values[spec.name] = plausible(spec)
    assert validate(specs, values) == [], model_id
    return {"model": model_id, **nest_dotted(build_body(specs, values))}


def test_the_bundled_folder_has_every_model_with_provenance() -> None:
    records = load_bundled(bundled_dir(), "aimlapi")
    assert sorted(records) == sorted(MODEL_IDS)
    for model_id in MODEL_IDS:
        doc = document(model_id)
        assert doc["source"] and doc["recorded"] == "2026-11-21" and doc["notes"]
        record = records[model_id]
        assert record.inputs is None and record.schema_source == "bundled"
        assert record.name and record.short_description and record.capabilities
        assert record.json_schema == doc["model"]["schema"]
    assert records["minimax/music-cover"].capabilities == ("audio2audio",)


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_every_schema_builds_fields_and_a_valid_default_body(model_id: str) -> None:
    specs = specs_for(model_id)
    assert specs and all(spec.kind is not FieldKind.JSON for spec in specs)
    assert "model" not in {spec.name for spec in specs}
    body = default_body(model_id)
    assert sandbox_validate(body)[0] == model_id  # the sandbox accepts it as the service would


def test_music_cover_keeps_sample_rate_and_the_others_audio_sample_rate() -> None:
    cover = {spec.name for spec in specs_for("minimax/music-cover")}
    assert "audio_setting.sample_rate" in cover and "audio_setting.audio_sample_rate" not in cover
    for model_id in ("minimax/music-1.5", "minimax/music-2.0", "minimax/music-2.6"):
        names = {spec.name for spec in specs_for(model_id)}
        assert "audio_setting.audio_sample_rate" in names, model_id
        assert "audio_setting.sample_rate" not in names, model_id
        assert default_body(model_id)["audio_setting"] == {
            "audio_sample_rate": 44100,
            "bitrate": 256000,
            "format": "mp3",
        }
    assert default_body("minimax/music-cover")["audio_setting"] == {
        "sample_rate": 44100,
        "bitrate": 256000,
        "format": "mp3",
    }
    # Mixing the two up is refused, so the difference matters on the wire.
    wrong = default_body("minimax/music-cover")
    wrong["audio_setting"] = {"audio_sample_rate": 44100}
    with pytest.raises(BodyInvalid, match="'audio_sample_rate'"):
        sandbox_validate(wrong)


def test_field_facts_the_forms_rely_on() -> None:
    cover = {spec.name: spec for spec in specs_for("minimax/music-cover")}
    reference = cover["reference_audio_url"]
    assert reference.kind is FieldKind.FILE and reference.file_kind == "audio"
    assert (reference.min_duration, reference.max_duration) == (6, 360)
    assert cover["audio_setting.sample_rate"].default == 44100
    assert cover["audio_setting.format"].choice_values == ("mp3", "wav", "pcm")
    stable = {spec.name: spec for spec in specs_for("stable-audio")}
    assert stable["seconds_total"].default == 30 and stable["seconds_total"].maximum == 47
    assert stable["seconds_start"].default is NO_DEFAULT
    eleven = {spec.name: spec for spec in specs_for("elevenlabs/eleven_music")}
    assert eleven["music_length_ms"].minimum == 10000 and "seconds_total" not in eleven
    lyria = {spec.name: spec for spec in specs_for("google/lyria2")}
    assert lyria["seed"].kind is FieldKind.SEED and lyria["seed"].minimum == 0
    music26 = {spec.name: spec for spec in specs_for("minimax/music-2.6")}
    assert not any(spec.required.any_rule for spec in music26.values())
    assert music26["is_instrumental"].kind is FieldKind.BOOLEAN


def _rules(rules: dict[str, aimlapi_catalog.Rule], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, rule in rules.items():
        if rule.kind == "object":
            flat.update(_rules(dict(rule.fields), f"{prefix}{name}."))
        else:
            flat[prefix + name] = rule
    return flat


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_bundled_schemas_agree_with_the_sandbox_rules(model_id: str) -> None:
    specs = {spec.name: spec for spec in specs_for(model_id)}
    rules = _rules(aimlapi_catalog.MODELS[model_id])
    assert list(specs) == list(rules)
    for name, rule in rules.items():
        spec = specs[name]
        assert spec.required_always == rule.required, name
        assert (spec.min_length, spec.max_length) == (rule.min_length, rule.max_length), name
        if rule.kind == "integer":
            assert (spec.minimum, spec.maximum) == (rule.minimum, rule.maximum), name
        if rule.kind == "enum":
            assert spec.choice_values == rule.choices, name
        if rule.kind == "audio":
            assert spec.kind is FieldKind.FILE, name


def test_a_broken_document_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(document("google/lyria2")), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "empty.json").write_text("{}", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not a model", encoding="utf-8")
    assert list(load_bundled(tmp_path, "aimlapi")) == ["google/lyria2"]
    for broken in ({"model": {"id": "x"}}, {"model": {"schema": {}}}, [], {"model": {"id": ""}}):
        with pytest.raises(ProtocolError):
            record_from_document(broken, "aimlapi")


def test_the_provider_lists_and_gets_bundled_models() -> None:
    async def scenario() -> None:
        provider = AimlApiProvider(api_key="k-0123456789")
        try:
            listed = await provider.list_models()
            assert sorted(r.model_id for r in listed) == sorted(MODEL_IDS)
            assert all(r.provider_id == "aimlapi" for r in listed)
            record = await provider.get_model("minimax/music-cover")
            assert record.json_schema and "audio_setting" in record.json_schema["properties"]
            with pytest.raises(NotFoundError):
                await provider.get_model("suno/chirp-v3")
        finally:
            await provider.aclose()

    asyncio.run(scenario())
