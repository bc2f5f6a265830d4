"""Validate a flat generate body against a model's ``inputs[]``, answering Joi-style reasons.

Every message starts with the quoted input path (``"duration"``, ``"cutPoints[1]"``,
``"sections[0].bars"``) so a client can attach it to the field. Reads records through the
lookups it is given; no I/O, no Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sonodesk.sandbox.records import AssetRecord

AssetLookup = Callable[[str], AssetRecord | None]
ModelLookup = Callable[[str], Mapping[str, Any] | None]


class ValidationFailed(ValueError):
    """A 400: ``reason`` is the Joi-style message for the client."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Validated:
    input: dict[str, Any]  # the body as sent
    params: dict[str, Any]  # the body with defaults filled in (nested ones too)
    assets: dict[str, list[AssetRecord]]  # file inputs resolved to their records


def validate(
    inputs: list[Mapping[str, Any]],
    body: Any,
    assets: AssetLookup,
    models: ModelLookup,
) -> Validated:
    if not isinstance(body, dict):
        raise ValidationFailed('"value" must be of type object')
    resolved: dict[str, list[AssetRecord]] = {}
    params = _check_object(inputs, body, "", assets, models, resolved)
    return Validated(dict(body), params, resolved)


def fmt(value: float) -> str:
    """4.0 -> "4", 0.5 -> "0.5": numbers as Joi prints them."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _check_object(
    inputs: list[Mapping[str, Any]],
    body: Mapping[str, Any],
    prefix: str,
    assets: AssetLookup,
    models: ModelLookup,
    resolved: dict[str, list[AssetRecord]],
) -> dict[str, Any]:
    by_name = {str(spec["name"]): spec for spec in inputs}
    for key in body:
        if key not in by_name:
            raise ValidationFailed(f'"{prefix}{key}" is not allowed')
    params: dict[str, Any] = {}
    for name, spec in by_name.items():
        path = prefix + name
        if name not in body:
            if _required(spec, body):
                raise ValidationFailed(f'"{path}" is required' + _required_note(spec, body))
            if "default" in spec:
                params[name] = spec["default"]
            continue
        params[name] = _check_value(spec, body[name], path, assets, models, resolved)
    return params


def _required(spec: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
    rule = spec.get("required")
    if isinstance(rule, bool):  # older records use a plain flag
        return rule
    if not isinstance(rule, Mapping):
        return False
    if rule.get("always"):
        return True
    if any(sibling in body for sibling in rule.get("ifDefined") or {}):
        return True
    if any(sibling not in body for sibling in rule.get("ifNotDefined") or {}):
        return True
    conditional = rule.get("conditional")
    if isinstance(conditional, Mapping):
        checks = [
            name in body and body[name] in list(values)
            for name, values in (conditional.get("values") or {}).items()
        ]
        if checks:
            return all(checks) if conditional.get("operator") == "and" else any(checks)
    return False


def _required_note(spec: Mapping[str, Any], body: Mapping[str, Any]) -> str:
    rule = spec.get("required")
    if not isinstance(rule, Mapping):
        return ""
    for sibling, message in (rule.get("ifDefined") or {}).items():
        if sibling in body:
            return f' when "{sibling}" is set. {message}'.rstrip()
    for sibling, message in (rule.get("ifNotDefined") or {}).items():
        if sibling not in body:
            return f' when "{sibling}" is not set. {message}'.rstrip()
    return ""


def _check_value(
    spec: Mapping[str, Any],
    value: Any,
    path: str,
    assets: AssetLookup,
    models: ModelLookup,
    resolved: dict[str, list[AssetRecord]],
) -> Any:
    kind = spec.get("type")
    if kind == "string":
        return _check_string(spec, value, path)
    if kind == "number":
        return _check_number(spec, value, path)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValidationFailed(f'"{path}" must be a boolean')
        return value
    if kind == "model":
        return _check_model(spec, value, path, models)
    if kind == "file":
        resolved[path] = [_check_file(spec, value, path, assets)]
        return value
    items = _check_array(spec, value, path)
    if kind == "string_array":
        return [
            _check_string(spec, item, f"{path}[{i}]", lengths=False) for i, item in enumerate(items)
        ]
    if kind == "number_array":
        return [_check_number(spec, item, f"{path}[{i}]") for i, item in enumerate(items)]
    if kind == "model_array":
        return [_check_model(spec, item, f"{path}[{i}]", models) for i, item in enumerate(items)]
    if kind == "file_array":
        resolved[path] = [
            _check_file(spec, item, f"{path}[{i}]", assets) for i, item in enumerate(items)
        ]
        return items
    if kind == "inputs_array":
        sub = list(spec.get("inputs") or [])
        out = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise ValidationFailed(f'"{path}[{index}]" must be of type object')
            out.append(_check_object(sub, item, f"{path}[{index}].", assets, models, resolved))
        return out
    raise ValidationFailed(f'"{path}" has an unsupported type')


def _check_string(spec: Mapping[str, Any], value: Any, path: str, *, lengths: bool = True) -> str:
    if not isinstance(value, str):
        raise ValidationFailed(f'"{path}" must be a string')
    allowed = spec.get("allowedValues")
    if allowed is not None:
        if value not in allowed:
            choices = ", ".join(str(v) for v in allowed)
            raise ValidationFailed(f'"{path}" must be one of [{choices}]')
        return value
    if value == "":
        raise ValidationFailed(f'"{path}" is not allowed to be empty')
    if lengths:
        if "maxLength" in spec and len(value) > spec["maxLength"]:
            limit = fmt(spec["maxLength"])
            raise ValidationFailed(
                f'"{path}" length must be less than or equal to {limit} characters long'
            )
        if "minLength" in spec and len(value) < spec["minLength"]:
            limit = fmt(spec["minLength"])
            raise ValidationFailed(f'"{path}" length must be at least {limit} characters long')
    return value


def _check_number(spec: Mapping[str, Any], value: Any, path: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationFailed(f'"{path}" must be a number')
    allowed = spec.get("allowedValues")
    if allowed is not None and value not in allowed:
        raise ValidationFailed(f'"{path}" must be one of [{", ".join(fmt(v) for v in allowed)}]')
    if "min" in spec and value < spec["min"]:
        raise ValidationFailed(f'"{path}" must be greater than or equal to {fmt(spec["min"])}')
    if "max" in spec and value > spec["max"]:
        raise ValidationFailed(f'"{path}" must be less than or equal to {fmt(spec["max"])}')
    step = spec.get("step")
    # Whole-number steps (counts, seeds) are enforced; fractional ones are only UI hints.
    whole_step = isinstance(step, int | float) and step >= 1 and float(step).is_integer()
    if whole_step and not float(value).is_integer():
        raise ValidationFailed(f'"{path}" must be an integer')
    return value


def _check_array(spec: Mapping[str, Any], value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationFailed(f'"{path}" must be an array')
    if "maxLength" in spec and len(value) > spec["maxLength"]:
        raise ValidationFailed(
            f'"{path}" must contain less than or equal to {fmt(spec["maxLength"])} items'
        )
    if "minLength" in spec and len(value) < spec["minLength"]:
        raise ValidationFailed(f'"{path}" must contain at least {fmt(spec["minLength"])} items')
    return value


def _check_model(spec: Mapping[str, Any], value: Any, path: str, models: ModelLookup) -> str:
    name = _check_string({"maxLength": spec.get("maxLength", 200)}, value, path)
    record = models(name)
    if record is None:
        raise ValidationFailed(f'"{path}" must reference an existing model ({name} not found)')
    types = spec.get("modelTypes")
    if types and record.get("type") not in types:
        raise ValidationFailed(f'"{path}" must reference a model of type [{", ".join(types)}]')
    return name


def _check_file(spec: Mapping[str, Any], value: Any, path: str, assets: AssetLookup) -> AssetRecord:
    if not isinstance(value, str) or not value:
        raise ValidationFailed(f'"{path}" must be an asset id')
    asset = assets(value)
    if asset is None:
        raise ValidationFailed(f'"{path}" must reference an existing asset ({value} not found)')
    kind = spec.get("kind", "image")
    if asset.metadata.get("kind", "audio") != kind:
        raise ValidationFailed(f'"{path}" must reference an asset of kind {kind}')
    if "maxSize" in spec and asset.size > spec["maxSize"]:
        raise ValidationFailed(
            f'"{path}" file size must be less than or equal to {fmt(spec["maxSize"])} bytes'
        )
    duration = asset.properties.get("duration")
    if isinstance(duration, int | float):
        if "maxDuration" in spec and duration > spec["maxDuration"]:
            limit = fmt(spec["maxDuration"])
            raise ValidationFailed(
                f'"{path}" duration must be less than or equal to {limit} seconds'
            )
        if "minDuration" in spec and duration < spec["minDuration"]:
            limit = fmt(spec["minDuration"])
            raise ValidationFailed(f'"{path}" duration must be at least {limit} seconds')
    return asset
