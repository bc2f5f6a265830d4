"""Display words for providers, plans and costs. Pure: no Qt, no I/O."""

from __future__ import annotations

import math

from sonodesk.core.schema.labels import format_number

_PROVIDERS = {
    "sandbox": "Sandbox",
    "scenario": "Scenario",
    "aimlapi": "AI/ML API",
}

# Scenario's accessRestrictions levels and the plan each one needs.
PLANS: tuple[tuple[int, str], ...] = (
    (25, "Starter"),
    (50, "Pro"),
    (75, "Max"),
    (100, "Enterprise"),
)

_COST_UNITS = {"aimlapi": "credits"}


def provider_label(provider_id: str) -> str:
    """ "sandbox" -> "Sandbox", "aimlapi" -> "AI/ML API"; unknown ids are title-cased."""
    return _PROVIDERS.get(provider_id, provider_id.replace("-", " ").replace("_", " ").title())


def provider_badge(provider_id: str, *, offline: bool = False) -> str:
    """The status-bar badge: "Sandbox · offline", "Scenario"."""
    label = provider_label(provider_id)
    return f"{label} · offline" if offline else label


def plan_name(access_level: int) -> str | None:
    """The cheapest plan that can run a model with this access level; None when free."""
    if access_level <= 0:
        return None
    for level, name in PLANS:
        if access_level <= level:
            return name
    return PLANS[-1][1]


def plan_note(access_level: int) -> str | None:
    """ "Needs Pro plan" for a plan-gated model, None for a free one."""
    name = plan_name(access_level)
    return f"Needs {name} plan" if name else None


def cost_unit(provider_id: str) -> str:
    """Scenario and the sandbox bill in compute units; AI/ML API in credits."""
    return _COST_UNITS.get(provider_id, "CU")


def format_cost(amount: float | None, unit: str = "CU", *, approximate: bool = False) -> str | None:
    """2.0 -> "2 CU", 0.25 -> "0.25 CU", approximate -> "≈ 1 CU"; None for no figure."""
    if amount is None or isinstance(amount, bool) or not math.isfinite(amount) or amount < 0:
        return None
    shown = format_number(round(float(amount), 2))
    return f"{'≈ ' if approximate else ''}{shown} {unit}"
