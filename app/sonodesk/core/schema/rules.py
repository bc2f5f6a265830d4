"""The deterministic rules that classify an input: its kind, whole-number-ness, long text, advanced.

Kept apart from parsing so the form engineer and reviewers can read every rule in one place.
No Qt, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from sonodesk.core.schema.fieldspec import FieldKind, Requirement
from sonodesk.core.schema.sanitize import integral

LONG_TEXT_MIN_CHARS: Final = 200

# Names are compared after lower-casing and dropping "_" and "-": "negative_prompt" and
# "negativePrompt" are the same name.
_LONG_TEXT_NAMES: Final = frozenset(
    {"prompt", "text", "lyrics", "negativeprompt", "transcript", "textprompt", "script"}
)
_INTEGRAL_NAMES: Final = frozenset(
    {"seed", "bars", "beats", "steps", "samplerate", "bitrate", "channels", "batchsize"}
)
# Rarely touched settings a form may collapse. Never applied to required, prompt or
# cost-changing fields (see is_advanced).
_ADVANCED_NAMES: Final = frozenset(
    {
        "seed",
        "outputformat",
        "audioformat",
        "fileformat",
        "samplerate",
        "bitrate",
        "channel",
        "negativeprompt",
        "thinking",
        "guidancescale",
        "cfgstrength",
        "classifierfreeguidance",
        "numinferencesteps",
        "numsteps",
        "numextrasteps",
        "temperature",
        "topp",
        "topk",
        "repetitionpenalty",
        "noisetemperature",
        "acousticcfgscale",
        "maxreflength",
        "multibanddiffusion",
        "normalizationstrategy",
        "englishnormalization",
        "enablesubtitle",
        "maskawayclip",
        "strict",
    }
)
_ADVANCED_GROUP_WORDS: Final = ("advanced", "expert")
_NUM_PREFIX = re.compile(r"num(?=[A-Z_\d])")

_TYPE_KINDS: Final = {
    "boolean": FieldKind.BOOLEAN,
    "number_array": FieldKind.NUMBER_LIST,
    "file": FieldKind.FILE,
    "file_array": FieldKind.FILE_LIST,
    "model": FieldKind.MODEL,
    "model_array": FieldKind.MODEL_LIST,
    "inputs_array": FieldKind.GROUP_LIST,
}


def normalized_name(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def is_seed_name(name: str) -> bool:
    return normalized_name(name) == "seed"


def looks_integral(name: str) -> bool:
    """Names that only make sense as counts: seed, bars, numOutputs, num_samples, sampleRate."""
    return normalized_name(name) in _INTEGRAL_NAMES or bool(_NUM_PREFIX.match(name))


def is_integer_number(
    name: str,
    step: float | None,
    evidence: Sequence[float | None],
) -> bool:
    """Whole numbers only?  Scenario has just ``number``, so this is inferred.

    Any fractional bound or default (``evidence``) says no. Otherwise an integral step says
    yes and a fractional step says no. Without a step, the name decides (seed, bars,
    numOutputs, ...): ``durationSeconds`` 3..180 with no step stays fractional.
    """
    if any(v is not None and not integral(v) for v in evidence):
        return False
    if step is not None:
        return integral(step)
    return looks_integral(name)


def is_long_text(name: str, prompt: bool, max_length: int | None) -> bool:
    """Multi-line editor: a prompt, room for more than ~200 characters, or a prose name."""
    if prompt or (max_length is not None and max_length > LONG_TEXT_MIN_CHARS):
        return True
    norm = normalized_name(name)
    return norm in _LONG_TEXT_NAMES or norm.endswith(("prompt", "lyrics"))


def decide_kind(
    type_name: str, name: str, *, has_choices: bool, long_text: bool, integer: bool
) -> FieldKind:
    if type_name == "string":
        if has_choices:
            return FieldKind.CHOICE
        return FieldKind.LONG_TEXT if long_text else FieldKind.TEXT
    if type_name == "number":
        if is_seed_name(name):
            return FieldKind.SEED
        if has_choices:
            return FieldKind.CHOICE
        return FieldKind.INTEGER if integer else FieldKind.NUMBER
    if type_name == "string_array":
        return FieldKind.MULTI_CHOICE if has_choices else FieldKind.TAGS
    return _TYPE_KINDS.get(type_name, FieldKind.JSON)


def is_advanced(
    name: str,
    group: str,
    *,
    requirement: Requirement,
    prompt: bool,
    cost_impact: bool,
    collapsed: Any,
) -> bool:
    """Collapse this field under "Advanced"?

    Never for a field with any requirement rule, a prompt, or one that changes the price.
    Otherwise ``uiConfig.inputProperties[name].collapsed`` decides when the model sets it;
    failing that, a group whose name contains "advanced"/"expert", or a known rarely-used
    name (seed, outputFormat, sampleRate, bitrate, negativePrompt, thinking, guidance...).
    The parser also un-collapses everything when every field of a level would be collapsed.
    """
    if requirement.any_rule or prompt or cost_impact:
        return False
    if isinstance(collapsed, bool):
        return collapsed
    group_lower = group.lower()
    if any(word in group_lower for word in _ADVANCED_GROUP_WORDS):
        return True
    return normalized_name(name) in _ADVANCED_NAMES
