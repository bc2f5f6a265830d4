"""A model record's form fields, whichever schema dialect it carries. No Qt, no I/O."""

from __future__ import annotations

from sonodesk.core.providers.base import ModelRecord
from sonodesk.core.schema import FieldSpec, specs_from_jsonschema, specs_from_scenario


def specs_for(record: ModelRecord) -> tuple[FieldSpec, ...]:
    """Scenario inputs[] when present, else the record's JSON Schema (AI/ML API), else none."""
    if record.inputs is not None:
        return specs_from_scenario(record.inputs, record.ui_config)
    if record.json_schema:
        return specs_from_jsonschema(record.json_schema)
    return ()
