"""Body validation against inputs[]: every rule of the Scenario schema, Joi-style reasons."""

from __future__ import annotations

from typing import Any

import pytest

from sonodesk.sandbox import catalog
from sonodesk.sandbox.records import AssetRecord
from sonodesk.sandbox.validation import ValidationFailed, validate


def _asset(
    asset_id: str, size: int = 1000, duration: float = 10.0, kind: str = "audio"
) -> AssetRecord:
    return AssetRecord(
        asset_id=asset_id,
        source="uploaded-audio",
        file_format="wav",
        mime_type="audio/wav",
        properties={"size": size, "duration": duration},
        metadata={"kind": kind, "type": "uploaded-audio"},
        sha256="0" * 64,
        size=size,
        created_at=0.0,
    )


ASSETS = {
    "asset_ok": _asset("asset_ok"),
    "asset_big": _asset("asset_big", size=60 * 1024 * 1024),
    "asset_long": _asset("asset_long", duration=700.0),
    "asset_image": _asset("asset_image", kind="image"),
}


def _check(model_id: str, body: Any) -> dict[str, Any]:
    record = catalog.model_by_id(model_id)
    assert record is not None
    return validate(record["inputs"], body, ASSETS.get, catalog.model_by_id).params


def _reason(model_id: str, body: Any) -> str:
    with pytest.raises(ValidationFailed) as caught:
        _check(model_id, body)
    return caught.value.reason


SFX, MUSIC, TOOLS = catalog.SFX_MODEL_ID, catalog.MUSIC_MODEL_ID, catalog.TOOLS_MODEL_ID


OK = "asset_ok"
CASES: list[tuple[str, Any, str]] = [
    (SFX, [], '"value" must be of type object'),
    (SFX, {}, '"prompt" is required'),
    (SFX, {"prompt": "x", "foo": 1}, '"foo" is not allowed'),
    (SFX, {"prompt": 5}, '"prompt" must be a string'),
    (SFX, {"prompt": ""}, '"prompt" is not allowed to be empty'),
    (SFX, {"prompt": "x" * 301}, '"prompt" length must be less than or equal to 300 characters'),
    (SFX, {"prompt": "x", "duration": 31}, '"duration" must be less than or equal to 30'),
    (SFX, {"prompt": "x", "duration": 0.1}, '"duration" must be greater than or equal to 0.5'),
    (SFX, {"prompt": "x", "duration": "5"}, '"duration" must be a number'),
    (SFX, {"prompt": "x", "duration": True}, '"duration" must be a number'),
    (SFX, {"prompt": "x", "numOutputs": 1.5}, '"numOutputs" must be an integer'),
    (SFX, {"prompt": "x", "loop": "yes"}, '"loop" must be a boolean'),
    (SFX, {"prompt": "x", "preset": "cats"}, '"preset" must be one of [auto, rain'),
    (SFX, {"prompt": "x", "seed": None}, '"seed" must be a number'),
    (MUSIC, {"duration": 10}, '"prompt" is required when "sections" is not set'),
    (MUSIC, {"prompt": "x", "duration": 181}, '"duration" must be less than or equal to 180'),
    (MUSIC, {"prompt": "x", "instruments": "drums"}, '"instruments" must be an array'),
    (MUSIC, {"prompt": "x", "instruments": ["drums", "kazoo"]}, '"instruments[1]" must be one of'),
    (MUSIC, {"prompt": "x", "instruments": ["bass"] * 7}, '"instruments" must contain less than'),
    (MUSIC, {"prompt": "x", "kit": "model_nope"}, '"kit" must reference an existing model'),
    (MUSIC, {"prompt": "x", "kit": SFX}, '"kit" must reference a model of type'),
    (MUSIC, {"sections": [{"bars": 4}]}, '"sections[0].name" is required'),
    (MUSIC, {"sections": [{"name": "verse", "bars": 40}]}, '"sections[0].bars" must be less than'),
    (MUSIC, {"sections": [{"name": "verse", "x": 1}]}, '"sections[0].x" is not allowed'),
    (MUSIC, {"sections": ["verse"]}, '"sections[0]" must be of type object'),
    (TOOLS, {}, '"audio" is required'),
    (TOOLS, {"audio": "asset_missing"}, '"audio" must reference an existing asset'),
    (TOOLS, {"audio": "asset_image"}, '"audio" must reference an asset of kind audio'),
    (TOOLS, {"audio": "asset_big"}, '"audio" file size must be less than or equal to 52428800'),
    (TOOLS, {"audio": "asset_long"}, '"audio" duration must be less than or equal to 600 seconds'),
    (TOOLS, {"audio": OK, "extraLayers": [OK]}, '"layerGainDb" is required when "extraLayers"'),
    (
        TOOLS,
        {"audio": OK, "extraLayers": [OK, "asset_nope"], "layerGainDb": 0},
        '"extraLayers[1]" must reference an existing asset',
    ),
    (TOOLS, {"audio": OK, "cutPoints": [1, -2]}, '"cutPoints[1]" must be greater than or equal'),
    (TOOLS, {"audio": OK, "outputFormat": "aac"}, '"outputFormat" must be one of [, wav'),
]


@pytest.mark.parametrize(("model_id", "body", "reason"), CASES)
def test_invalid_bodies_name_the_field(model_id: str, body: Any, reason: str) -> None:
    assert _reason(model_id, body).startswith(reason)


def test_defaults_fill_params_including_nested_ones() -> None:
    params = _check(MUSIC, {"sections": [{"name": "intro"}, {"name": "chorus", "bars": 4}]})
    assert params["duration"] == 20 and params["outputFormat"] == "mp3"
    assert params["sections"] == [
        {"name": "intro", "bars": 8, "energy": 0.7},
        {"name": "chorus", "bars": 4, "energy": 0.7},
    ]
    assert "kit" not in params and "prompt" not in params


def test_valid_bodies_pass() -> None:
    assert _check(SFX, {"prompt": "rain", "duration": 2.5, "numOutputs": 2})["numOutputs"] == 2
    kit = catalog.KITS[0]["id"]
    assert _check(MUSIC, {"prompt": "lofi", "kit": kit, "instruments": ["drums"]})["kit"] == kit
    params = _check(TOOLS, {"audio": "asset_ok", "outputFormat": ""})
    assert params["outputFormat"] == "" and params["fadeIn"] == 0


def test_conditional_and_plain_bool_required_rules() -> None:
    inputs: list[dict[str, Any]] = [
        {"name": "mode", "type": "string", "allowedValues": ["a", "b", "c"]},
        {"name": "size", "type": "number"},
        {
            "name": "extra",
            "type": "string",
            "required": {
                "conditional": {"values": {"mode": ["b", "c"], "size": [2]}, "operator": "and"}
            },
        },
        {"name": "legacy", "type": "boolean", "required": True},
    ]

    def run(body: dict[str, Any]) -> None:
        validate(inputs, body, ASSETS.get, catalog.model_by_id)

    run({"mode": "b", "legacy": False})
    with pytest.raises(ValidationFailed, match='"extra" is required'):
        run({"mode": "b", "size": 2, "legacy": True})
    with pytest.raises(ValidationFailed, match='"legacy" is required'):
        run({})
    inputs[2]["required"]["conditional"]["operator"] = "or"
    with pytest.raises(ValidationFailed, match='"extra" is required'):
        run({"mode": "c", "legacy": True})
