"""Fault injection on the AI/ML API routes over real HTTP, with the service's error shape."""

from __future__ import annotations

import time

import httpx
import pytest

from sonodesk.sandbox.engine import INJECTED_FAILURE
from sonodesk.sandbox.faults import FaultConfig, ScriptedFault
from support.aimlapi_clients import GENERATE, aiml_http, aiml_jobs, wait_generation
from support.sandbox_http import DROPPED

LYRIA = {"model": "google/lyria2", "prompt": "rain on the windows"}


def test_fault_groups_parse_and_stay_separate() -> None:
    config = FaultConfig.parse(
        "routes=aimlapi_generate+aimlapi_fetch,script=drop_after@aimlapi_generate"
    )
    assert config.routes == ("aimlapi_generate", "aimlapi_fetch")
    assert config.script == (ScriptedFault("drop_after", "aimlapi_generate"),)
    ScriptedFault("job_failure", "aimlapi_generate")
    with pytest.raises(ValueError, match="unknown route group"):
        ScriptedFault("drop_after", "aimlapi")


def test_drop_after_creates_the_generation_but_the_client_never_hears(sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.script_fault("drop_after", "aimlapi_generate")
    with aiml_http(sandbox) as client, pytest.raises(DROPPED):
        client.post(GENERATE, json=LYRIA)
    (job,) = aiml_jobs(sandbox)
    assert job["input"]["aimlapi"] == LYRIA
    assert sandbox.stats()["faults"] == {"drop_after": 1}


def test_drop_before_creates_nothing(sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.script_fault("drop_before", "aimlapi_generate")
    with aiml_http(sandbox) as client, pytest.raises(DROPPED):
        client.post(GENERATE, json=LYRIA)
    assert sandbox.jobs() == []


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (500, "Internal server error"),
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Generation timeout"),
    ],
)
def test_server_errors_use_the_service_shape(sandbox, status: int, message: str) -> None:  # type: ignore[no-untyped-def]
    sandbox.script_fault("server_error", "aimlapi_generate", status=status)
    with aiml_http(sandbox) as client:
        answer = client.post(GENERATE, json=LYRIA)
    assert answer.status_code == status
    body = answer.json()
    assert body["message"] == message and body["statusCode"] == str(status)
    assert sandbox.jobs() == []


def test_rate_limits_and_slow_answers_on_fetch(sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.set_faults(FaultConfig(slow_seconds=0.3, remaining_seconds=2))
    with aiml_http(sandbox) as client:
        created = client.post(GENERATE, json=LYRIA).json()
        sandbox.script_fault("rate_limit", "aimlapi_fetch", count=3)
        limited = [client.get(GENERATE, params={"generation_id": created["id"]}) for _ in range(3)]
        sandbox.script_fault("slow", "aimlapi_fetch")
        started = time.monotonic()
        slow = client.get(GENERATE, params={"generation_id": created["id"]})
        elapsed = time.monotonic() - started
    for answer in limited:
        assert answer.status_code == 429 and answer.json()["message"] == "Too Many Requests"
        assert answer.headers.get("retry-after", "2") == "2"
    assert slow.status_code == 200 and elapsed >= 0.3


def test_job_failure_ends_in_error_with_a_message(sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.script_fault("job_failure", "aimlapi_generate")
    with aiml_http(sandbox) as client:
        created = client.post(GENERATE, json=LYRIA)
        final, seen = wait_generation(client, created.json()["id"])
    assert created.status_code == 200 and seen[-1] == "error"
    assert final["audio_file"] is None
    assert final["error"] == {"name": "GenerationError", "message": INJECTED_FAILURE["error"]}


def test_scenario_faults_do_not_hit_the_aimlapi_routes_nor_the_reverse(sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.script_fault("server_error", "generate", status=500)
    sandbox.script_fault("server_error", "jobs", status=500)
    with aiml_http(sandbox) as client:
        created = client.post(GENERATE, json=LYRIA)
        fetched = client.get(GENERATE, params={"generation_id": created.json()["id"]})
    assert created.status_code == 200 and fetched.status_code == 200
    assert sandbox.stats()["faultsTotal"] == 0


def test_cdn_faults_apply_to_aimlapi_downloads(sandbox) -> None:  # type: ignore[no-untyped-def]
    with aiml_http(sandbox) as client:
        final, _seen = wait_generation(client, client.post(GENERATE, json=LYRIA).json()["id"])
    sandbox.script_fault("expired_url", "cdn")
    expired = httpx.get(final["audio_file"]["url"])
    assert expired.status_code == 403 and "expired" in expired.text
    assert httpx.get(final["audio_file"]["url"]).status_code == 200
