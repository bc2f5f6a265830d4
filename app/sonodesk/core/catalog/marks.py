"""Per-model marks: which plan a model needs, its successor, and why it cannot run here.

Also turns a 403 for a plan-gated model into the plan it needs, and wraps a provider so its
submit and quote do so. No I/O of its own (the wrapper only delegates), no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sonodesk.core.catalog.labels import PLANS, plan_name
from sonodesk.core.errors import ForbiddenError, SonodeskError
from sonodesk.core.providers.base import ModelRecord, PriceQuote, SubmitResult
from sonodesk.core.providers.scenario import ScenarioProvider

_PLAN_LEVELS = {name.lower(): level for level, name in PLANS}
_PLAN_WORDS = "|".join(_PLAN_LEVELS)
# "requires the Pro plan", "plan: Max", "Enterprise tier": a plan word next to "plan"/"tier",
# so "max 5 jobs" or "pro audio" in a message are not read as plans.
_PLAN_IN_TEXT = re.compile(
    rf"(?i)\b({_PLAN_WORDS})\s+(?:plan|tier|subscription)\b|\bplan\W{{1,3}}({_PLAN_WORDS})\b"
)

Explainer = Callable[[str, SonodeskError], SonodeskError]


@dataclass(frozen=True)
class ModelStatus:
    """What the picker, the form and Generate say about one model of the catalogue."""

    model_id: str
    name: str
    schema_source: str  # "live", "cache" or "bundled"
    fetched_at: float | None  # when the schema shown was fetched (None: bundled or listing)
    available: bool  # False: this account's list does not include it
    plan: str | None  # the plan it needs ("Pro"), None when free
    successor_id: str | None  # the model replacing a deprecated one
    successor_name: str | None
    can_switch: bool  # the successor is in the list, so the UI can offer a one-click switch
    blocker: str | None  # why Generate cannot run it here, in words; None when it can

    @property
    def runnable(self) -> bool:
        return self.blocker is None

    @property
    def plan_note(self) -> str | None:
        return f"Needs {self.plan} plan" if self.plan else None

    @property
    def deprecation_note(self) -> str | None:
        if self.successor_id is None:
            return None
        return f"Deprecated: {self.successor_name or self.successor_id} replaces it."

    @classmethod
    def build(
        cls,
        record: ModelRecord,
        service: str,
        *,
        fetched_at: float | None,
        available: bool,
        learned_level: int,
        successor_name: str | None,
        can_switch: bool,
        key_needed: str | None,
    ) -> ModelStatus:
        level = max(record.access_restrictions, learned_level)
        blocker = key_needed
        if blocker is None and not available:
            blocker = f"{record.name} is not available for this {service} account."
        if blocker is None and learned_level:
            blocker = plan_message(record.name, level)  # the service already said no
        return cls(
            model_id=record.model_id,
            name=record.name,
            schema_source=record.schema_source,
            fetched_at=fetched_at,
            available=available,
            plan=plan_name(level),
            successor_id=record.deprecated_successor,
            successor_name=successor_name,
            can_switch=can_switch,
            blocker=blocker,
        )


def plan_message(model_name: str, level: int) -> str:
    """ "Lyria 3 Pro needs the Pro plan." (the words the picker's "Needs Pro plan" stands for)."""
    name = plan_name(level) or "a paid"
    return f"{model_name} needs the {name} plan."


def plan_level_in(text: str | None) -> int | None:
    """The access level of a plan a server message names, if it names one."""
    match = _PLAN_IN_TEXT.search(text or "")
    if match is None:
        return None
    return _PLAN_LEVELS[(match.group(1) or match.group(2)).lower()]


def explain_forbidden(
    error: ForbiddenError, record: ModelRecord | None, service: str
) -> tuple[SonodeskError, int]:
    """(the error to show, the plan level learned; 0 when the 403 is not about a plan).

    The level comes from the model's accessRestrictions or from a plan the server's message
    names. A 403 for a free model that names no plan (a key bound to another project) stays.
    """
    named = plan_level_in(error.reason)
    level = max(record.access_restrictions if record else 0, named or 0)
    if level <= 0 or (named is None and "project" in (error.reason or "").lower()):
        return error, 0
    explained = ForbiddenError(
        plan_message(record.name if record else "This model", level),
        status=error.status,
        reason=error.reason,
        trace_id=error.trace_id,
        hint=f"Your {service} plan does not include it: upgrade the plan, or pick another model.",
    )
    return explained, level


def speaks_scenario(provider: object) -> bool:
    """Scenario or the sandbox, also behind a PlanGuard: live listings and private models."""
    inner = getattr(provider, "inner", None)
    return isinstance(provider, ScenarioProvider) or isinstance(inner, ScenarioProvider)


class PlanGuard:
    """A provider whose submit and quote explain a plan 403; everything else passes through."""

    def __init__(self, inner: Any, explain: Explainer) -> None:
        self._inner = inner
        self._explain = explain

    @property
    def inner(self) -> Any:
        return self._inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def submit(self, model_id: str, params: Mapping[str, Any]) -> SubmitResult:
        try:
            return await self._inner.submit(model_id, params)
        except ForbiddenError as exc:
            raise self._explain(model_id, exc) from None

    async def quote(self, model_id: str, params: Mapping[str, Any]) -> PriceQuote:
        try:
            return await self._inner.quote(model_id, params)
        except ForbiddenError as exc:
            raise self._explain(model_id, exc) from None
