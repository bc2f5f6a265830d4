"""What each provider's page of the accounts dialog asks for: fields, intro text, env names.

Data only; no widgets, no secrets.
"""

from __future__ import annotations

from dataclasses import dataclass

from sonodesk.core import accounts
from sonodesk.core.settings import AIMLAPI_DEFAULT_URL, SCENARIO_DEFAULT_URL


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    secret: bool = False
    setting: str | None = None  # the Settings attribute a non-secret field edits
    placeholder: str = ""


@dataclass(frozen=True)
class TabSpec:
    provider_id: str
    title: str
    intro: str
    fields: tuple[Field, ...]
    env_names: tuple[str, ...]  # variables that override what is saved here
    default_url: str


SPECS = {
    "scenario": TabSpec(
        "scenario",
        "Scenario",
        "Scenario runs 50+ audio models: music, speech and sound effects. Create a key in "
        "Scenario under Project settings → API keys; the secret is shown only once.",
        (
            Field("key", "API key", secret=True, placeholder="Paste your API key"),
            Field("secret", "API secret", secret=True, placeholder="Paste your API secret"),
            Field("project", "Project ID", setting="scenario_project_id", placeholder="Optional"),
            Field("base_url", "Base URL", setting="scenario_base_url"),
        ),
        (accounts.ENV_KEY, accounts.ENV_SECRET),
        SCENARIO_DEFAULT_URL,
    ),
    "aimlapi": TabSpec(
        "aimlapi",
        "AI/ML API",
        "The AI/ML API runs music models from ElevenLabs, Google, MiniMax and Stability. "
        "Create a key in your AI/ML API dashboard under Key management.",
        (
            Field("key", "API key", secret=True, placeholder="Paste your API key"),
            Field("base_url", "Base URL", setting="aimlapi_base_url"),
        ),
        (accounts.ENV_AIMLAPI_KEY,),
        AIMLAPI_DEFAULT_URL,
    ),
}
