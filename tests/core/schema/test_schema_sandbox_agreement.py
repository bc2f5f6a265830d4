"""The client-side checks agree with the sandbox server's own validator on the same bodies.

The sandbox is the app's offline peer: what the form accepts, it must accept, and its 400
messages must map back onto the field the form would have marked.
"""

from __future__ import annotations

from typing import Any

import pytest

from sonodesk.core.schema import (
    build_body,
    default_values,
    field_from_server_message,
    specs_from_scenario_model,
    validate,
)
from sonodesk.sandbox import validation
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, model_by_id


def server_reason(model: dict[str, Any], body: dict[str, Any]) -> str | None:
    try:
        validation.validate(model["inputs"], body, lambda _asset: None, model_by_id)
    except validation.ValidationFailed as failure:
        return failure.reason
    return None


CASES = [
    (MUSIC_MODEL_ID, {"prompt": "lofi"}),
    (MUSIC_MODEL_ID, {"prompt": "lofi", "duration": 500}),
    (MUSIC_MODEL_ID, {"prompt": "lofi", "bpm": 20}),
    (MUSIC_MODEL_ID, {"prompt": "x" * 501}),
    (MUSIC_MODEL_ID, {"prompt": "lofi", "key": "H major"}),
    (MUSIC_MODEL_ID, {"prompt": "lofi", "instruments": ["drums", "kazoo"]}),
    (MUSIC_MODEL_ID, {"prompt": "lofi", "numOutputs": 2.5}),
    (MUSIC_MODEL_ID, {"prompt": "lofi", "seed": -3}),
    (MUSIC_MODEL_ID, {"prompt": "lofi", "kit": "model_sonodesk-kit-808"}),
    (MUSIC_MODEL_ID, {"sections": [{"name": "intro", "bars": 4}, {"name": "verse", "bars": 64}]}),
    (MUSIC_MODEL_ID, {"sections": [{"name": "solo"}]}),
    (MUSIC_MODEL_ID, {"sections": [{"name": "verse", "energy": 2}]}),
    (SFX_MODEL_ID, {"prompt": "rain", "duration": 0.25}),
    (SFX_MODEL_ID, {"prompt": "rain", "duration": 7.5, "loop": True}),
    (SFX_MODEL_ID, {"prompt": "rain", "intensity": 1.5}),
    (SFX_MODEL_ID, {"prompt": "rain", "preset": "snow"}),
    (SFX_MODEL_ID, {"duration": 3}),
]


@pytest.mark.parametrize(("model_id", "edits"), CASES)
def test_client_and_sandbox_agree(model_id: str, edits: dict[str, Any]) -> None:
    model = model_by_id(model_id)
    assert model is not None
    specs = specs_from_scenario_model(model)
    values = default_values(specs) | edits
    errors = validate(specs, values)
    body = build_body(specs, values) if not errors else {**default_values(specs), **edits}
    reason = server_reason(model, body)
    if not errors:
        assert reason is None
        return
    assert reason is not None, f"the sandbox accepted what the form rejects: {errors}"
    assert field_from_server_message(reason, specs) == errors[0].path
