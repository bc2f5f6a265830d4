"""Whether a field is required right now, given its siblings' values, and the message to show.

Evaluates ``always`` / ``ifDefined`` / ``ifNotDefined`` / ``conditional``. No Qt, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sonodesk.core.schema.coerce import same_value
from sonodesk.core.schema.fieldspec import Conditional, FieldSpec
from sonodesk.core.schema.labels import display_label

REQUIRED: Final = "Required."


def is_set(value: Any) -> bool:
    """Would this value count as given?  None, blank text and empty lists/objects do not."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict | set | frozenset):
        return bool(value)
    return True


def has_value(spec: FieldSpec, value: Any) -> bool:
    """``is_set``, except that "" counts when it is one of the field's listed choices."""
    if value == "" and isinstance(value, str) and "" in spec.choice_values:
        return True
    return is_set(value)


def is_required(spec: FieldSpec, all_values: Mapping[str, Any]) -> bool:
    """Required with the current sibling values (for the form's "required" marker)."""
    return _reason(spec, _values(all_values)) is not None


def requirement_message(spec: FieldSpec, value: Any, all_values: Mapping[str, Any]) -> str | None:
    """The message to show when the field is required now and ``value`` leaves it empty."""
    if has_value(spec, value):
        return None
    return _reason(spec, _values(all_values))


def _reason(spec: FieldSpec, values: Mapping[str, Any]) -> str | None:
    rule = spec.required
    if rule.always:
        return REQUIRED
    for sibling, message in rule.if_defined:
        if is_set(values.get(sibling)):
            return message or f"Required when {display_label(sibling)} is set."
    for sibling, message in rule.if_not_defined:
        if not is_set(values.get(sibling)):
            return message or f"Fill this in or set {display_label(sibling)}."
    if rule.conditional is not None and conditional_holds(rule.conditional, values):
        return REQUIRED
    return None


def conditional_holds(condition: Conditional, values: Mapping[str, Any]) -> bool:
    matches = (
        any(same_value(values.get(name), accepted) for accepted in options)
        for name, options in condition.values
    )
    return any(matches) if condition.operator == "or" else all(matches)


def _values(all_values: Any) -> Mapping[str, Any]:
    return all_values if isinstance(all_values, Mapping) else {}
