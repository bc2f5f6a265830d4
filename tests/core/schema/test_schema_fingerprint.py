"""The schema fingerprint changes with what a schema accepts, not with its wording."""

from __future__ import annotations

import copy
import re
from typing import Any

from sonodesk.core.schema import schema_fingerprint, specs_from_scenario
from sonodesk.sandbox.catalog import MUSIC_INPUTS


def fingerprint(inputs: list[dict[str, Any]]) -> str:
    return schema_fingerprint(specs_from_scenario(inputs))


def changed(**edits: Any) -> str:
    inputs = copy.deepcopy(MUSIC_INPUTS)
    name = edits.pop("field")
    entry = next(i for i in inputs if i["name"] == name)
    entry.update(edits)
    return fingerprint(inputs)


BASE = fingerprint(MUSIC_INPUTS)


def test_stable_and_short() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", BASE)
    assert fingerprint(copy.deepcopy(MUSIC_INPUTS)) == BASE


def test_ignores_wording_grouping_and_order() -> None:
    assert changed(field="duration", label="Length", description="New words") == BASE
    assert changed(field="duration", group="elsewhere") == BASE
    assert fingerprint(list(reversed(MUSIC_INPUTS))) == BASE
    assert changed(field="duration", default=20.0) == BASE  # 20 and 20.0 are the same fact
    assert (
        changed(field="prompt", required={"ifNotDefined": {"sections": "Other message."}}) == BASE
    )


def test_notices_what_a_preset_depends_on() -> None:
    assert changed(field="duration", max=600) != BASE
    assert changed(field="duration", default=30) != BASE
    assert changed(field="duration", step=0.5) != BASE  # whole numbers no longer
    assert changed(field="key", allowedValues=["auto", "C major"]) != BASE
    assert changed(field="instruments", maxLength=3) != BASE
    assert changed(field="bpm", required={"always": True}) != BASE
    assert changed(field="bpm", name="tempo") != BASE
    assert changed(field="bpm", type="string") != BASE
    sections = next(i for i in MUSIC_INPUTS if i["name"] == "sections")
    rows = copy.deepcopy(sections["inputs"])
    rows[1]["max"] = 64
    assert changed(field="sections", inputs=rows) != BASE
