"""JSON Schema / OpenAPI request schemas -> FieldSpecs: refs, nullables, bounds, nesting."""

from __future__ import annotations

import enum
from typing import Any

import pytest

from sonodesk.core.schema import (
    NO_DEFAULT,
    FieldKind,
    FieldSpec,
    SchemaError,
    build_body,
    default_values,
    field_from_server_message,
    flatten_nested,
    is_required,
    nest_dotted,
    specs_from_jsonschema,
    validate,
)


def specs(properties: dict[str, Any], **extra: Any) -> dict[str, FieldSpec]:
    schema = {"type": "object", "properties": properties, **extra}
    return {spec.name: spec for spec in specs_from_jsonschema(schema)}


def test_garbage_raises_schema_error_with_a_clear_message() -> None:
    for garbage in (None, [], "schema", 3, True):
        with pytest.raises(SchemaError, match="expected a JSON object"):
            specs_from_jsonschema(garbage)  # type: ignore[arg-type]


def test_a_mapping_without_properties_gives_no_fields() -> None:
    assert specs_from_jsonschema({}) == ()
    assert specs_from_jsonschema({"type": "object"}) == ()
    assert specs_from_jsonschema({"$ref": "#/nowhere"}) == ()
    assert specs_from_jsonschema({"properties": []}) == ()


def test_scalar_types_bounds_lengths_defaults_and_labels() -> None:
    got = specs(
        {
            "model": {"type": "string", "enum": ["m"]},
            "prompt": {"type": "string", "maxLength": 2000, "title": "Prompt", "example": "rain"},
            "name": {"type": "string", "minLength": 2, "maxLength": 40, "description": " Hi "},
            "steps": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
            "guidance": {"type": "number", "minimum": 0, "maximum": 10, "multipleOf": 0.5},
            "seed": {"type": "integer", "minimum": 0},
            "loud": {"type": "boolean", "default": False},
            "music_length_ms": {"type": "integer", "default": 999999, "maximum": 300000},
        },
        required=["model", "prompt"],
    )
    assert "model" not in got  # the provider fills it in
    prompt = got["prompt"]
    assert prompt.kind is FieldKind.LONG_TEXT and prompt.prompt and prompt.required_always
    assert (prompt.max_length, prompt.label, prompt.placeholder) == (2000, "Prompt", "rain")
    name = got["name"]
    assert name.kind is FieldKind.TEXT and (name.min_length, name.max_length) == (2, 40)
    assert name.description == "Hi" and name.label == "Name" and not name.required.any_rule
    steps = got["steps"]
    assert steps.kind is FieldKind.INTEGER and steps.integer and steps.default == 100
    assert (steps.minimum, steps.maximum) == (1, 1000)
    guidance = got["guidance"]
    assert guidance.kind is FieldKind.NUMBER and not guidance.integer and guidance.step == 0.5
    assert got["seed"].kind is FieldKind.SEED and got["seed"].advanced
    assert got["loud"].kind is FieldKind.BOOLEAN and got["loud"].default is False
    assert got["music_length_ms"].default == 300000  # an out-of-range default is clamped


def test_exclusive_bounds_become_inclusive_ones() -> None:
    got = specs(
        {
            "count": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
            "old": {"type": "integer", "minimum": 0, "exclusiveMinimum": True, "maximum": 5.5},
            "gain": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "multipleOf": 0.25},
            "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            "both": {"type": "integer", "minimum": 3, "exclusiveMinimum": 1},
        }
    )
    assert (got["count"].minimum, got["count"].maximum) == (1, 9)
    assert (got["old"].minimum, got["old"].maximum) == (1, 5)
    assert (got["gain"].minimum, got["gain"].maximum, got["gain"].step) == (0.25, 1, 0.25)
    # Without a step there is no next value; the bound stays and the server refuses it.
    assert (got["ratio"].minimum, got["ratio"].maximum) == (0, 1)
    assert got["both"].minimum == 3  # the tighter of the two wins


def test_enums_consts_and_labelled_one_of() -> None:
    got = specs(
        {
            "format": {"type": "string", "enum": ["mp3", "wav", "mp3", ""], "default": "wav"},
            "rate": {"type": "integer", "enum": [16000, 44100], "default": "44100"},
            "mode": {"const": "fast"},
            "quality": {
                "oneOf": [{"const": "lo", "title": "Low"}, {"const": "hi", "title": "High"}],
                "default": "hi",
            },
            "flag": {"enum": [True, False]},
            "mixed": {"enum": [1, "a", None]},
            "objects": {"enum": [{"a": 1}]},
        }
    )
    fmt = got["format"]
    assert fmt.kind is FieldKind.CHOICE and fmt.choice_values == ("mp3", "wav", "")
    assert fmt.label_for("") == "(none)" and fmt.default == "wav"
    rate = got["rate"]
    assert rate.integer and rate.choice_values == (16000, 44100)
    assert rate.default == 44100  # the vendor writes "44100" as a string
    assert got["mode"].choice_values == ("fast",) and got["mode"].default == "fast"
    quality = got["quality"]
    assert [c.label for c in quality.choices] == ["Low", "High"] and quality.default == "hi"
    assert got["flag"].kind is FieldKind.BOOLEAN
    assert got["mixed"].choice_values == (1, "a")
    assert got["objects"].kind is FieldKind.JSON


def test_nullable_forms_make_optional_fields() -> None:
    got = specs(
        {
            "a": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}], "title": "A"},
            "b": {"type": ["string", "null"], "maxLength": 5},
            "c": {"type": "number", "nullable": True, "default": None},
            "d": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/Fmt"}]},
            "e": {"enum": ["x", None]},
            "f": {"anyOf": [{"type": "null"}]},
            "g": {"type": ["integer", "number", "null"]},
        },
        required=["a", "b", "c", "d", "e", "f"],
        **{"$defs": {"Fmt": {"type": "string", "enum": ["mp3", "wav"]}}},
    )
    assert got["a"].kind is FieldKind.INTEGER and got["a"].minimum == 1
    assert got["a"].label == "A"
    assert got["b"].kind is FieldKind.TEXT and got["b"].max_length == 5
    assert got["c"].kind is FieldKind.NUMBER and got["c"].default is NO_DEFAULT
    assert got["d"].choice_values == ("mp3", "wav")
    assert got["e"].choice_values == ("x",)
    assert not any(got[name].required.any_rule for name in "abcde")
    assert got["f"].kind is FieldKind.JSON  # only "null": nothing to edit
    assert got["g"].kind is FieldKind.NUMBER


def test_refs_into_defs_definitions_and_components() -> None:
    schema = {
        "type": "object",
        "properties": {
            "one": {"$ref": "#/$defs/Level", "description": "Own words win."},
            "two": {"$ref": "#/definitions/Count"},
            "three": {"$ref": "#/components/schemas/Audio.v2~1Setting"},
            "four": {"$ref": "#/$defs/Alias"},
            "remote": {"$ref": "https://example.com/schema.json#/X"},
            "broken": {"$ref": "#/$defs/Missing"},
        },
        "$defs": {
            "Level": {"type": "number", "minimum": 0, "description": "The target's words."},
            "Alias": {"$ref": "#/$defs/Level"},
        },
        "definitions": {"Count": {"type": "integer", "maximum": 4}},
        "components": {"schemas": {"Audio.v2/Setting": {"type": "boolean"}}},
    }
    got = {s.name: s for s in specs_from_jsonschema(schema)}
    assert got["one"].kind is FieldKind.NUMBER and got["one"].description == "Own words win."
    assert got["two"].maximum == 4 and got["three"].kind is FieldKind.BOOLEAN
    assert got["four"].minimum == 0
    assert got["remote"].kind is FieldKind.JSON and got["broken"].kind is FieldKind.JSON


def test_ref_cycles_and_absurd_depth_end_in_json_fields() -> None:
    schema = {
        "type": "object",
        "properties": {
            "self": {"$ref": "#"},
            "ping": {"$ref": "#/$defs/Ping"},
            "loop": {"$ref": "#/$defs/Loop"},
        },
        "$defs": {
            "Ping": {"type": "object", "properties": {"pong": {"$ref": "#/$defs/Ping"}}},
            "Loop": {"$ref": "#/$defs/Loop"},
        },
    }
    got = {s.name: s.kind for s in specs_from_jsonschema(schema)}
    # Each reference is followed once per path; meeting it again gives a JSON field.
    assert got == {
        "self.self": FieldKind.JSON,
        "self.ping.pong": FieldKind.JSON,
        "self.loop": FieldKind.JSON,
        "ping.pong": FieldKind.JSON,
        "loop": FieldKind.JSON,
    }
    deep: dict[str, Any] = {"type": "integer"}
    for level in range(60):
        deep = {"type": "object", "properties": {f"l{level}": deep}}
    (only,) = specs_from_jsonschema(deep)
    assert only.kind is FieldKind.JSON and only.name.count(".") == 3
    chain = {f"D{n}": {"$ref": f"#/$defs/D{n + 1}"} for n in range(100)}
    chain["D100"] = {"type": "integer"}
    far = {"properties": {"x": {"$ref": "#/$defs/D0"}}, "$defs": chain}
    assert specs_from_jsonschema(far)[0].kind is FieldKind.JSON


def test_all_of_merges_and_unsupported_constructs_fall_back_to_json() -> None:
    got = specs(
        {
            "merged": {"allOf": [{"type": "integer"}, {"minimum": 2}], "default": 3},
            "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "numbers": {"anyOf": [{"type": "integer"}, {"type": "number"}]},
            "odd": {"type": "foo"},
            "free": {"type": "object", "additionalProperties": {"type": "string"}},
            "anything": {},
            "weird": 42,
            "tuple": {"type": "array", "items": [{"type": "string"}]},
        }
    )
    assert got["merged"].kind is FieldKind.INTEGER and got["merged"].minimum == 2
    assert got["merged"].default == 3
    assert got["either"].kind is FieldKind.JSON
    assert got["numbers"].kind is FieldKind.NUMBER
    for name in ("odd", "free", "anything", "weird", "tuple"):
        assert got[name].kind is FieldKind.JSON, name


def test_arrays() -> None:
    got = specs(
        {
            "instruments": {
                "type": "array",
                "items": {"enum": ["drums", "bass"]},
                "maxItems": 2,
                "default": ["bass", "flute"],
            },
            "cuts": {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 1},
            "bars": {"type": "array", "items": {"type": "integer", "maximum": 32}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "stems": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "voice_urls": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "sections": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "bars": {"type": "integer"}},
                    "required": ["bars"],
                },
            },
        }
    )
    assert got["instruments"].kind is FieldKind.MULTI_CHOICE
    assert got["instruments"].max_length == 2 and got["instruments"].default == ("bass",)
    assert got["cuts"].kind is FieldKind.NUMBER_LIST and got["cuts"].minimum == 0
    assert got["cuts"].min_length == 1 and not got["cuts"].integer
    assert got["bars"].integer and got["bars"].maximum == 32
    assert got["tags"].kind is FieldKind.TAGS
    assert got["stems"].kind is FieldKind.TAGS  # links without a media word stay text
    assert got["voice_urls"].kind is FieldKind.FILE_LIST and got["voice_urls"].file_kind == "audio"
    sections = got["sections"]
    assert sections.kind is FieldKind.GROUP_LIST
    assert [c.name for c in sections.children] == ["name", "bars"]
    assert sections.children[1].required_always and not sections.children[1].advanced
    body = build_body(tuple(got.values()), {"sections": [{"bars": "8"}]})
    assert body == {"sections": [{"bars": 8}]}


def test_audio_urls_become_audio_file_fields() -> None:
    got = specs(
        {
            "reference_audio_url": {
                "type": "string",
                "format": "uri",
                "x-minDuration": 6,
                "x-maxDuration": 360,
                "x-maxSize": 52428800,
            },
            "song": {"type": "string", "contentMediaType": "audio/mpeg"},
            "sample": {"type": "string", "contentEncoding": "base64"},
            "webhook_url": {"type": "string", "format": "uri"},
            "image_url": {"type": "string", "format": "uri"},
        },
        required=["reference_audio_url"],
    )
    ref = got["reference_audio_url"]
    assert ref.kind is FieldKind.FILE and ref.file_kind == "audio" and ref.required_always
    assert (ref.min_duration, ref.max_duration, ref.max_size) == (6, 360, 52428800)
    assert got["song"].file_kind == "audio" and got["sample"].file_kind == "file"
    assert got["webhook_url"].kind is FieldKind.TEXT
    assert got["image_url"].kind is FieldKind.FILE and got["image_url"].file_kind == "image"


AUDIO_SETTING = {
    "type": "object",
    "title": "Audio setting",
    "properties": {
        "sample_rate": {"type": "integer", "enum": [16000, 44100], "default": 44100},
        "format": {"type": "string", "enum": ["mp3", "wav"], "default": "mp3"},
        "channels": {"type": "integer", "enum": [1, 2]},
    },
    "required": ["format"],
}


def test_nested_objects_become_dotted_fields_and_fold_back() -> None:
    schema = {
        "type": "object",
        "properties": {"prompt": {"type": "string"}, "audio_setting": AUDIO_SETTING},
        "required": ["prompt"],
    }
    all_specs = specs_from_jsonschema(schema)
    names = [s.name for s in all_specs]
    assert names == [
        "prompt",
        "audio_setting.sample_rate",
        "audio_setting.format",
        "audio_setting.channels",
    ]
    by_name = {s.name: s for s in all_specs}
    assert {by_name[n].group for n in names[1:]} == {"Audio setting"}
    assert by_name["audio_setting.sample_rate"].advanced
    assert by_name["audio_setting.sample_rate"].label == "Sample rate"
    # audio_setting is optional: its required member is needed once a sibling is sent.
    fmt = by_name["audio_setting.format"]
    assert not fmt.required.always and not fmt.advanced
    assert not is_required(fmt, {"prompt": "x"})
    assert is_required(fmt, {"audio_setting.channels": 2})
    values = {**default_values(all_specs), "prompt": "rain", "audio_setting.channels": "2"}
    assert validate(all_specs, values) == []
    flat = build_body(all_specs, values)
    assert flat == {
        "prompt": "rain",
        "audio_setting.sample_rate": 44100,
        "audio_setting.format": "mp3",
        "audio_setting.channels": 2,
    }
    wire = nest_dotted(flat)
    assert wire == {
        "prompt": "rain",
        "audio_setting": {"sample_rate": 44100, "format": "mp3", "channels": 2},
    }
    assert flatten_nested(wire, names) == flat
    message = 'Body validation error! Invalid enum value at "audio_setting.format"'
    assert field_from_server_message(message, all_specs) == "audio_setting.format"


def test_a_required_nested_object_makes_its_required_members_always_required() -> None:
    schema = {
        "properties": {"audio_setting": AUDIO_SETTING, "meta": {"$ref": "#/$defs/Meta"}},
        "required": ["audio_setting"],
        "$defs": {
            "Meta": {
                "type": "object",
                "properties": {
                    "inner": {"type": "object", "properties": {"n": {"type": "integer"}}}
                },
            }
        },
    }
    got = {s.name: s for s in specs_from_jsonschema(schema)}
    assert got["audio_setting.format"].required_always
    assert got["meta.inner.n"].group == "Meta inner"
    assert not got["meta.inner.n"].required.any_rule


def test_read_only_dotted_names_and_exclusions_are_skipped() -> None:
    schema = {
        "properties": {
            "provider": {"type": "string", "enum": ["fal-ai"], "readOnly": True},
            "a.b": {"type": "string"},
            "model": {"type": "string"},
            "keep": {"type": "string"},
            "": {"type": "string"},
        }
    }
    assert [s.name for s in specs_from_jsonschema(schema)] == ["keep"]
    assert [s.name for s in specs_from_jsonschema(schema, exclude=())] == ["model", "keep"]


def test_all_collapsed_fields_are_shown() -> None:
    (only,) = specs_from_jsonschema({"properties": {"seed": {"type": "integer"}}})
    assert not only.advanced


def test_nest_dotted_conflicts_and_merges() -> None:
    assert nest_dotted({"a": {"x": 1}, "a.y": 2}) == {"a": {"x": 1, "y": 2}}
    assert nest_dotted({"a.y": 2, "a": {"x": 1}}) == {"a": {"y": 2, "x": 1}}
    assert nest_dotted({"a.b.c": 1, "a.b.d": 2}) == {"a": {"b": {"c": 1, "d": 2}}}
    assert nest_dotted({".odd": 1, "tail.": 2}) == {".odd": 1, "tail.": 2}
    with pytest.raises(ValueError, match="conflicts"):
        nest_dotted({"a": 1, "a.b": 2})
    original = {"a": {"x": 1}}
    nest_dotted({**original, "a.y": 2})
    assert original == {"a": {"x": 1}}  # the caller's objects are not changed


def test_flatten_keeps_what_the_schema_does_not_know() -> None:
    body = {"audio_setting": {"format": "wav", "extra": 1}, "prompt": "x"}
    flat = flatten_nested(body, ["audio_setting.format", "prompt"])
    assert flat == {"audio_setting.format": "wav", "audio_setting": {"extra": 1}, "prompt": "x"}
    assert nest_dotted(flat) == body


def test_a_pydantic_model_schema() -> None:
    pydantic = pytest.importorskip("pydantic")

    class Format(enum.Enum):
        MP3 = "mp3"
        WAV = "wav"

    class Setting(pydantic.BaseModel):
        format: Format = Format.MP3
        bitrate: int = pydantic.Field(128000, ge=32000, le=320000)

    class Request(pydantic.BaseModel):
        prompt: str = pydantic.Field(..., max_length=300, title="Prompt")
        seed: int | None = None
        strength: float | None = pydantic.Field(None, gt=0, le=1)
        tags: list[str] = pydantic.Field(default_factory=list)
        setting: Setting | None = None

    got = {s.name: s for s in specs_from_jsonschema(Request.model_json_schema())}
    assert list(got) == ["prompt", "seed", "strength", "tags", "setting.format", "setting.bitrate"]
    assert got["prompt"].required_always and got["prompt"].max_length == 300
    assert got["seed"].kind is FieldKind.SEED and not got["seed"].required.any_rule
    assert got["strength"].kind is FieldKind.NUMBER and got["strength"].maximum == 1
    assert got["tags"].kind is FieldKind.TAGS
    assert got["setting.format"].choice_values == ("mp3", "wav")
    assert got["setting.format"].default == "mp3" and got["setting.bitrate"].minimum == 32000
