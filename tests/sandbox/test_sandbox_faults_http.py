"""Fault injection over real HTTP: dropped connections, 429s, 5xx, slow answers, random faults."""

from __future__ import annotations

import time

import httpx
import pytest

from sonodesk.sandbox.faults import FaultConfig
from support.sandbox_http import DROPPED, SFX_MODEL_ID, api, generate


def test_drop_after_creates_the_job_but_the_client_sees_a_dropped_connection(sandbox) -> None:
    sandbox.script_fault("drop_after", "generate")
    body = {"prompt": "uncertain rain", "duration": 1}
    with api(sandbox) as client:
        with pytest.raises(DROPPED):
            client.post(f"/generate/custom/{SFX_MODEL_ID}", json=body)
        # The client reconciles: the job exists and carries the inputs it sent.
        listed = client.get("/jobs").json()["jobs"]
    assert [job["metadata"]["input"] for job in listed] == [body]
    assert listed[0]["metadata"]["modelId"] == SFX_MODEL_ID
    stats = sandbox.stats()
    assert stats["jobsCreated"] == 1 and stats["generatePosts"] == 1
    assert stats["faults"] == {"drop_after": 1}


def test_drop_before_creates_nothing(sandbox) -> None:
    sandbox.script_fault("drop_before", "generate")
    with api(sandbox) as client, pytest.raises(DROPPED):
        client.post(f"/generate/custom/{SFX_MODEL_ID}", json={"prompt": "x"})
    assert sandbox.jobs() == []
    assert sandbox.stats()["jobsCreated"] == 0


def test_rate_limit_answers_429_with_remaining_seconds(sandbox) -> None:
    sandbox.set_faults(FaultConfig(remaining_seconds=3, script=()))
    sandbox.script_fault("rate_limit", "jobs", count=4)
    with api(sandbox) as client:
        answers = [client.get("/jobs") for _ in range(4)]
        after = client.get("/jobs")
    for response in answers:
        assert response.status_code == 429
        assert response.json()["remainingSeconds"] == 3
        if "retry-after" in response.headers:
            assert response.headers["retry-after"] == "3"
    assert after.status_code == 200


def test_server_errors_use_5xx_codes(sandbox) -> None:
    sandbox.script_fault("server_error", "models", status=502)
    sandbox.script_fault("server_error", "models", count=20)
    with api(sandbox) as client:
        first = client.get("/models")
        codes = {client.get("/models").status_code for _ in range(20)}
    assert first.status_code == 502 and first.json() == {"reason": "Bad gateway"}
    assert codes <= {500, 502, 503} and len(codes) >= 2


def test_slow_answers_arrive_late(sandbox) -> None:
    sandbox.set_faults("slow=0.4,script=slow@models")
    with api(sandbox) as client:
        started = time.monotonic()
        response = client.get("/models")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.35


def test_random_faults_are_seeded_and_spare_control_routes(sandbox_factory) -> None:
    def run(seed: int) -> list[str]:
        sandbox = sandbox_factory(faults=f"rate=0.5,seed={seed},kinds=rate_limit+server_error")
        outcomes = []
        with api(sandbox) as client:
            for _ in range(30):
                outcomes.append(str(client.get("/jobs").status_code))
        health = httpx.get(f"{sandbox.base_url}/_sandbox/health")
        assert health.status_code == 200  # control routes are never faulted
        assert sandbox.stats()["faultsTotal"] == sum(o != "200" for o in outcomes)
        return outcomes

    first = run(11)
    assert first == run(11)
    assert {"200", "429"} <= set(first)


def test_faults_can_be_changed_and_cleared_at_runtime(sandbox) -> None:
    config = sandbox.set_faults("rate=1,kinds=server_error,routes=models")
    assert config["rate"] == 1 and config["routes"] == ["models"]
    with api(sandbox) as client:
        assert client.get("/models").status_code >= 500
        assert client.get("/jobs").status_code == 200
        sandbox.clear_faults()
        assert client.get("/models").status_code == 200
    with pytest.raises(Exception, match="400"):
        sandbox.set_faults("kinds=explode")


def test_faults_from_the_environment_syntax(sandbox_factory) -> None:
    sandbox = sandbox_factory(faults="script=rate_limit@generate")
    with api(sandbox) as client:
        refused = client.post(f"/generate/custom/{SFX_MODEL_ID}", json={"prompt": "x"})
        accepted = generate(client, SFX_MODEL_ID, {"prompt": "x", "duration": 1})
    assert refused.status_code == 429
    assert accepted["status"] in ("pending", "queued")
    assert len(sandbox.jobs()) == 1
