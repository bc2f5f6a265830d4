"""Model parameter schemas as frozen field specs, plus defaults, validation and request bodies.

Provider schema -> FieldSpecs (this package, pure) -> an editor per spec (the Qt form).
No Qt, no network, no file I/O.
"""

from __future__ import annotations

from sonodesk.core.schema.coerce import coerce_value, parse_json_text
from sonodesk.core.schema.fieldspec import (
    LIST_KINDS,
    NO_DEFAULT,
    NUMERIC_KINDS,
    TEXT_KINDS,
    Choice,
    Conditional,
    FieldKind,
    FieldSpec,
    Requirement,
    SchemaError,
    partition_advanced,
    sections,
    spec_by_name,
)
from sonodesk.core.schema.fingerprint import schema_fingerprint
from sonodesk.core.schema.from_jsonschema import specs_from_jsonschema
from sonodesk.core.schema.from_scenario import specs_from_scenario, specs_from_scenario_model
from sonodesk.core.schema.labels import NONE_LABEL, constraint_summary, display_label
from sonodesk.core.schema.nesting import flatten_nested, nest_dotted
from sonodesk.core.schema.paths import join_path, parse_path, resolve_path, spec_at, top_name
from sonodesk.core.schema.requirements import has_value, is_required, is_set
from sonodesk.core.schema.server_errors import field_from_server_message
from sonodesk.core.schema.validate import (
    FieldError,
    check_file_limits,
    check_value,
    validate,
    validate_field,
)
from sonodesk.core.schema.values import (
    build_body,
    default_row,
    default_values,
    file_values,
    initial_value,
    merge_values,
    snap_to_step,
)
from sonodesk.core.schema.variations import (
    MAX_VARIATIONS,
    expand_variations,
    seed_field,
    seed_range,
)

__all__ = [
    "LIST_KINDS",
    "MAX_VARIATIONS",
    "NONE_LABEL",
    "NO_DEFAULT",
    "NUMERIC_KINDS",
    "TEXT_KINDS",
    "Choice",
    "Conditional",
    "FieldError",
    "FieldKind",
    "FieldSpec",
    "Requirement",
    "SchemaError",
    "build_body",
    "check_file_limits",
    "check_value",
    "coerce_value",
    "constraint_summary",
    "default_row",
    "default_values",
    "display_label",
    "expand_variations",
    "field_from_server_message",
    "file_values",
    "flatten_nested",
    "has_value",
    "initial_value",
    "is_required",
    "is_set",
    "join_path",
    "merge_values",
    "nest_dotted",
    "parse_json_text",
    "parse_path",
    "partition_advanced",
    "resolve_path",
    "schema_fingerprint",
    "sections",
    "seed_field",
    "seed_range",
    "snap_to_step",
    "spec_at",
    "spec_by_name",
    "specs_from_jsonschema",
    "specs_from_scenario",
    "specs_from_scenario_model",
    "top_name",
    "validate",
    "validate_field",
]
