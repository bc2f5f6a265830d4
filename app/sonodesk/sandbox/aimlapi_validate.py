"""Check an AI/ML API generate body against the catalog rules, with the service's messages.

The real service answers ``Body validation error!`` followed by Zod-style details that end in
``at "path"``; the sandbox does the same, reporting up to five problems. Unknown keys are
refused (the real service may drop them silently; refusing catches client bugs such as
``audio_sample_rate`` sent to music-cover). Pure: no I/O, no Qt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final

from sonodesk.sandbox.aimlapi_catalog import MODELS, Rule

PREFIX: Final = "Body validation error!"
MAX_ISSUES: Final = 5
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class BodyInvalid(Exception):
    """The body breaks the rules; ``message`` is the whole text the service sends."""

    def __init__(self, issues: list[tuple[str, str]]) -> None:
        self.issues = issues[:MAX_ISSUES]
        details = "; ".join(f'{text} at "{path}"' if path else text for path, text in self.issues)
        self.message = f"{PREFIX} {details}"
        super().__init__(self.message)


def validate(body: Any) -> tuple[str, dict[str, Any]]:
    """(model, params without ``model``) when the body is acceptable; BodyInvalid otherwise."""
    if not isinstance(body, dict):
        raise BodyInvalid([("", f"Expected object, received {_type_name(body)}")])
    model = body.get("model")
    if model is None:
        raise BodyInvalid([("model", "Required")])
    if not isinstance(model, str) or model not in MODELS:
        expected = " | ".join(f"'{name}'" for name in MODELS)
        raise BodyInvalid(
            [
                (
                    "model",
                    f"Invalid discriminator value. Expected {expected}, received {_show(model)}",
                )
            ]
        )
    params = {key: value for key, value in body.items() if key != "model"}
    issues = _object(MODELS[model], params, "")
    if issues:
        raise BodyInvalid(issues)
    return model, params


def _object(rules: Mapping[str, Rule], value: dict[str, Any], prefix: str) -> list[tuple[str, str]]:
    issues: list[tuple[str, str]] = []
    unknown = [key for key in value if key not in rules]
    if unknown:
        names = ", ".join(f"'{key}'" for key in unknown)
        issues.append((prefix.rstrip("."), f"Unrecognized key(s) in object: {names}"))
    for name, rule in rules.items():
        path = prefix + name
        if name not in value or value[name] is None:
            if rule.required:
                issues.append((path, "Required"))
            continue
        issues.extend(_field(rule, value[name], path))
    return issues


def _field(rule: Rule, value: Any, path: str) -> list[tuple[str, str]]:
    if rule.kind == "object":
        if not isinstance(value, dict):
            return [(path, f"Expected object, received {_type_name(value)}")]
        return _object(rule.fields, value, f"{path}.")
    if rule.kind == "enum":
        if any(_same(value, choice) for choice in rule.choices):
            return []
        expected = " | ".join(_show(choice) for choice in rule.choices)
        return [(path, f"Invalid enum value. Expected {expected}, received {_show(value)}")]
    if rule.kind in ("string", "audio"):
        if not isinstance(value, str):
            return [(path, f"Expected string, received {_type_name(value)}")]
        if rule.kind == "audio" and not (_URL.match(value) or _looks_base64(value)):
            return [(path, "Invalid url or base64 audio")]
        return _length(rule, value, path)
    if rule.kind == "boolean":
        if isinstance(value, bool):
            return []
        return [(path, f"Expected boolean, received {_type_name(value)}")]
    if rule.kind == "integer":
        return _integer(rule, value, path)
    return [(path, "Unsupported field")]


def _length(rule: Rule, text: str, path: str) -> list[tuple[str, str]]:
    if rule.min_length is not None and len(text) < rule.min_length:
        return [(path, f"String must contain at least {rule.min_length} character(s)")]
    if rule.max_length is not None and len(text) > rule.max_length:
        return [(path, f"String must contain at most {rule.max_length} character(s)")]
    return []


def _integer(rule: Rule, value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [(path, f"Expected number, received {_type_name(value)}")]
    if not math.isfinite(value) or value != int(value):
        return [(path, "Expected integer, received float")]
    if rule.minimum is not None and value < rule.minimum:
        return [(path, f"Number must be greater than or equal to {_number(rule.minimum)}")]
    if rule.maximum is not None and value > rule.maximum:
        return [(path, f"Number must be less than or equal to {_number(rule.maximum)}")]
    return []


def _looks_base64(text: str) -> bool:
    if text.startswith("data:"):
        return ";base64," in text[:200]
    return len(text) >= 16 and re.fullmatch(r"[A-Za-z0-9+/=\s]+", text[:4096]) is not None


def _same(value: Any, choice: Any) -> bool:
    if isinstance(value, bool) or isinstance(choice, bool):
        return value is choice
    if isinstance(value, str) or isinstance(choice, str):
        return type(value) is type(choice) and value == choice
    return _is_number(value) and value == choice  # 44100.0 is 44100, as in JavaScript


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value[:60]}'"
    return _number(value) if _is_number(value) else _type_name(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
