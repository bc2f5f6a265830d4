"""Fault configuration: the env-var syntax, JSON round trips, scripted and seeded decisions."""

from __future__ import annotations

import pytest

from sonodesk.sandbox.faults import FaultConfig, FaultInjector, ScriptedFault


def test_env_syntax_parses_every_setting() -> None:
    config = FaultConfig.parse(
        "rate=0.2,kinds=rate_limit+server_error+drop_after,seed=7,routes=generate+jobs,"
        "slow=1.5,remaining=3,script=drop_after@generate+server_error@jobs*2"
    )
    assert config.rate == 0.2 and config.seed == 7
    assert config.kinds == ("rate_limit", "server_error", "drop_after")
    assert config.routes == ("generate", "jobs")
    assert config.slow_seconds == 1.5 and config.remaining_seconds == 3
    assert config.script == (
        ScriptedFault("drop_after", "generate", 1),
        ScriptedFault("server_error", "jobs", 2),
    )
    assert FaultConfig.from_dict(config.to_dict()) == config
    assert FaultConfig.parse("") == FaultConfig()


@pytest.mark.parametrize(
    "text",
    ["rate=2", "kinds=explode", "routes=nowhere", "color=red", "rate", "script=melt@generate"],
)
def test_bad_specs_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        FaultConfig.parse(text)


def test_scripted_faults_fire_in_order_on_matching_routes_only() -> None:
    injector = FaultInjector(FaultConfig.parse("script=drop_after@generate*2+truncate@cdn"))
    assert injector.pick("jobs") is None
    assert injector.pick("cdn").kind == "truncate"  # type: ignore[union-attr]
    assert injector.pick("generate").kind == "drop_after"  # type: ignore[union-attr]
    assert injector.pick("generate").kind == "drop_after"  # type: ignore[union-attr]
    assert injector.pick("generate") is None
    assert injector.config.script == ()


def test_job_failure_is_never_picked_for_a_dry_run() -> None:
    injector = FaultInjector(FaultConfig(rate=1.0, kinds=("job_failure",)))
    assert injector.pick("generate", allow_job_failure=False) is None
    assert injector.pick("generate").kind == "job_failure"  # type: ignore[union-attr]
    assert injector.pick("jobs") is None  # job_failure only applies to generate


def test_random_faults_are_reproducible_for_a_seed() -> None:
    def sequence(seed: int) -> list[str | None]:
        injector = FaultInjector(FaultConfig(rate=0.5, seed=seed))
        return [getattr(injector.pick("jobs"), "kind", None) for _ in range(60)]

    first = sequence(7)
    assert first == sequence(7)
    assert first != sequence(8)
    hits = [k for k in first if k]
    assert 15 <= len(hits) <= 45
    assert set(hits) <= {"rate_limit", "server_error", "slow", "drop_before", "drop_after"}


def test_routes_restrict_random_faults() -> None:
    injector = FaultInjector(
        FaultConfig(rate=1.0, routes=("cdn",), kinds=("truncate", "server_error"))
    )
    assert injector.pick("jobs") is None
    assert injector.pick("cdn") is not None
