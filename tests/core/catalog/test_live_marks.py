"""Plan and deprecation marks, and how a 403 becomes the plan a model needs. Pure."""

from __future__ import annotations

import pytest

from sonodesk.core.catalog.marks import ModelStatus, explain_forbidden, plan_level_in
from sonodesk.core.errors import ForbiddenError
from sonodesk.core.providers.base import ModelRecord


def record(level: int = 0, tags: tuple[str, ...] = ()) -> ModelRecord:
    return ModelRecord("model_x", "Model X", "scenario", access_restrictions=level, tags=tags)


def forbidden(reason: str | None) -> ForbiddenError:
    return ForbiddenError("Scenario refused this request.", status=403, reason=reason)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("This model requires the Pro plan.", 50),
        ("Upgrade to an enterprise plan to use model_x", 100),
        ("plan: Max", 75),
        ("Starter tier needed", 25),
        ("max 5 jobs in flight", None),
        ("pro audio is not allowed in this project", None),
        (None, None),
    ],
)
def test_plan_named_in_a_message(text: str | None, level: int | None) -> None:
    assert plan_level_in(text) == level


def test_a_gated_model_gets_the_plan_message() -> None:
    error, level = explain_forbidden(forbidden("Forbidden"), record(75), "Scenario")
    assert (str(error), level) == ("Model X needs the Max plan.", 75)
    assert error.hint == (
        "Your Scenario plan does not include it: upgrade the plan, or pick another model."
    )


def test_the_server_naming_a_plan_wins_over_an_unmarked_record() -> None:
    error, level = explain_forbidden(forbidden("requires the Pro plan"), record(0), "Scenario")
    assert (str(error), level) == ("Model X needs the Pro plan.", 50)


def test_other_403s_stay_as_they_are() -> None:
    original = forbidden("This key belongs to another project")
    assert explain_forbidden(original, record(50), "Scenario") == (original, 0)
    free = forbidden("Forbidden")
    assert explain_forbidden(free, record(0), "Scenario") == (free, 0)


def test_status_says_what_blocks_a_run() -> None:
    def build(**kw: object) -> ModelStatus:
        args: dict = dict(
            fetched_at=None,
            available=True,
            learned_level=0,
            successor_name=None,
            can_switch=False,
            key_needed=None,
        )
        args.update(kw)
        return ModelStatus.build(record(25, ("deprecated:model_y",)), "Scenario", **args)

    assert build().runnable and build().plan_note == "Needs Starter plan"
    assert build().deprecation_note == "Deprecated: model_y replaces it."
    assert build(key_needed="Add a Scenario key to run this model.").blocker == (
        "Add a Scenario key to run this model."
    )
    assert build(learned_level=50).blocker == "Model X needs the Pro plan."
