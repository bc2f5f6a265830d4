"""Frozen field specs: everything a parameter form needs to know about one model input.

Dialect adapters (from_scenario.py) build these; values, validation and the Qt form read them.
Pure data. No Qt, no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, Literal

from sonodesk.core.errors import SonodeskError


class SchemaError(SonodeskError):
    """A model's parameter schema is unusable as a whole (for example, not a list at all)."""


class _NoDefault(enum.Enum):
    NO_DEFAULT = "NO_DEFAULT"

    def __repr__(self) -> str:
        return "NO_DEFAULT"


# A sentinel instead of None, so that 0, False, "" and None defaults all stay distinguishable.
NO_DEFAULT: Final = _NoDefault.NO_DEFAULT
NoDefault = Literal[_NoDefault.NO_DEFAULT]


class FieldKind(enum.StrEnum):
    """Which editor a field needs. The values are stable strings (safe to persist or log)."""

    LONG_TEXT = "long_text"  # multi-line: prompts, lyrics, scripts
    TEXT = "text"  # single line
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CHOICE = "choice"  # one of allowedValues (string or number)
    MULTI_CHOICE = "multi_choice"  # string_array with allowedValues
    TAGS = "tags"  # string_array without allowedValues
    NUMBER_LIST = "number_list"
    FILE = "file"  # a local path or an uploaded asset id
    FILE_LIST = "file_list"
    MODEL = "model"  # a model id (e.g. a cloned voice)
    MODEL_LIST = "model_list"
    GROUP_LIST = "group_list"  # inputs_array: rows of sub-fields (``children``)
    SEED = "seed"
    JSON = "json"  # a type we do not know: edited as JSON text


LIST_KINDS: Final = frozenset(
    {
        FieldKind.MULTI_CHOICE,
        FieldKind.TAGS,
        FieldKind.NUMBER_LIST,
        FieldKind.FILE_LIST,
        FieldKind.MODEL_LIST,
        FieldKind.GROUP_LIST,
    }
)
NUMERIC_KINDS: Final = frozenset({FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.SEED})
TEXT_KINDS: Final = frozenset({FieldKind.LONG_TEXT, FieldKind.TEXT})

ChoiceValue = str | int | float


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed value and the text the form shows for it."""

    value: ChoiceValue
    label: str


@dataclass(frozen=True, slots=True)
class Conditional:
    """Required when other inputs hold one of the listed values ("and": all match, "or": any)."""

    values: tuple[tuple[str, tuple[Any, ...]], ...]
    operator: Literal["and", "or"] = "and"


@dataclass(frozen=True, slots=True)
class Requirement:
    """When a field must be filled in; ``if_defined``/``if_not_defined`` pair a sibling with
    the schema's message for that case ("" when the schema gave none)."""

    always: bool = False
    if_defined: tuple[tuple[str, str], ...] = ()
    if_not_defined: tuple[tuple[str, str], ...] = ()
    conditional: Conditional | None = None

    @property
    def any_rule(self) -> bool:
        return self.always or bool(self.if_defined or self.if_not_defined or self.conditional)


NOT_REQUIRED: Final = Requirement()
_EMPTY_RAW: Final[Mapping[str, Any]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One input of a model, normalised. ``raw`` keeps the provider's original definition.

    Numbers: ``minimum``/``maximum``/``step``; ``integer`` says whole numbers only.
    Lengths: ``min_length``/``max_length`` count characters for text and model ids, and items
    (or rows) for the list kinds. For ``NUMBER_LIST`` the bounds apply to each item.
    """

    name: str
    kind: FieldKind
    label: str
    source_type: str = ""
    description: str = ""
    hint: str = ""
    placeholder: str = ""
    # Excluded from hashing: list/row defaults are containers.
    default: Any = field(default=NO_DEFAULT, hash=False)
    required: Requirement = NOT_REQUIRED
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    integer: bool = False
    min_length: int | None = None
    max_length: int | None = None
    group: str = ""
    advanced: bool = False
    prompt: bool = False
    cost_impact: bool = False
    file_kind: str | None = None
    max_size: int | None = None
    min_duration: float | None = None
    max_duration: float | None = None
    model_types: tuple[str, ...] = ()
    parent: bool = False
    children: tuple[FieldSpec, ...] = ()
    raw: Mapping[str, Any] = field(
        default_factory=lambda: _EMPTY_RAW, compare=False, hash=False, repr=False
    )

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT

    @property
    def required_always(self) -> bool:
        return self.required.always

    @property
    def is_list(self) -> bool:
        return self.kind in LIST_KINDS

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def length_unit(self) -> Literal["characters", "items"]:
        return "items" if self.kind in LIST_KINDS else "characters"

    @property
    def choice_values(self) -> tuple[ChoiceValue, ...]:
        return tuple(choice.value for choice in self.choices)

    def label_for(self, value: Any) -> str:
        """The display text of a choice value (the value itself when it is not listed)."""
        for choice in self.choices:
            if _same_choice(choice.value, value):
                return choice.label
        return str(value)

    def child(self, name: str) -> FieldSpec | None:
        return next((c for c in self.children if c.name == name), None)


def _same_choice(a: Any, b: Any) -> bool:
    # 44100 and 44100.0 are the same choice; "1" and 1, or True and 1, are not.
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return type(a) is type(b) and a == b
    return a == b


def spec_by_name(specs: Iterable[FieldSpec]) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in specs}


def partition_advanced(
    specs: Sequence[FieldSpec],
) -> tuple[tuple[FieldSpec, ...], tuple[FieldSpec, ...]]:
    """Split into (always visible, collapsed under "Advanced"), keeping the order of each."""
    primary = tuple(s for s in specs if not s.advanced)
    advanced = tuple(s for s in specs if s.advanced)
    return primary, advanced


def sections(specs: Sequence[FieldSpec]) -> list[tuple[str, tuple[FieldSpec, ...]]]:
    """Consecutive runs of fields sharing a group: [(group, fields), ...] ("" = ungrouped)."""
    runs: list[tuple[str, list[FieldSpec]]] = []
    for spec in specs:
        if runs and runs[-1][0] == spec.group:
            runs[-1][1].append(spec)
        else:
            runs.append((spec.group, [spec]))
    return [(group, tuple(members)) for group, members in runs]
