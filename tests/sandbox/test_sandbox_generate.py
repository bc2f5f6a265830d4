"""POST /v1/generate/custom/{modelId}: validation over HTTP, dry runs (269), concurrency limits."""

from __future__ import annotations

from sonodesk.sandbox import catalog
from support.sandbox_http import SFX_MODEL_ID, api, generate, wait_job


def test_validation_errors_are_400_with_the_field_first(sandbox) -> None:
    with api(sandbox) as client:
        too_long = client.post(
            f"/generate/custom/{catalog.MUSIC_MODEL_ID}", json={"prompt": "x", "duration": 181}
        )
        unknown = client.post(f"/generate/custom/{SFX_MODEL_ID}", json={"prompt": "x", "foo": 1})
    assert too_long.status_code == 400
    assert too_long.json() == {"reason": '"duration" must be less than or equal to 180'}
    assert unknown.json() == {"reason": '"foo" is not allowed'}
    assert sandbox.jobs() == []


def test_bad_bodies_and_models(sandbox) -> None:
    with api(sandbox) as client:
        garbage = client.post(
            f"/generate/custom/{SFX_MODEL_ID}",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        )
        array = client.post(f"/generate/custom/{SFX_MODEL_ID}", json=[1, 2])
        missing = client.post("/generate/custom/model_nope", json={"prompt": "x"})
        kit = client.post(f"/generate/custom/{catalog.KITS[0]['id']}", json={})
        bad_dry = client.post(f"/generate/custom/{SFX_MODEL_ID}?dryRun=maybe", json={"prompt": "x"})
    assert garbage.status_code == 400 and garbage.json() == {"reason": "Invalid JSON body"}
    assert array.json() == {"reason": '"value" must be of type object'}
    assert missing.status_code == 404
    assert kit.status_code == 400
    assert bad_dry.status_code == 400


def test_dry_run_answers_269_with_cost_and_creates_nothing(sandbox) -> None:
    body = {"prompt": "thunder", "duration": 12, "numOutputs": 2}
    with api(sandbox) as client:
        for mode in ("true", "api"):
            response = client.post(f"/generate/custom/{SFX_MODEL_ID}?dryRun={mode}", json=body)
            assert response.status_code == 269
            quote = response.json()
            expected = catalog.price(SFX_MODEL_ID, body)
            assert quote["creativeUnitsCost"] == expected
            assert quote["costDetails"] == {"custom-generation": expected}
            assert quote["job"]["status"] == "pending"
            assert client.get(f"/jobs/{quote['job']['jobId']}").status_code == 404
        assert client.get("/jobs").json()["jobs"] == []
        invalid = client.post(f"/generate/custom/{SFX_MODEL_ID}?dryRun=true", json={})
    assert invalid.status_code == 400  # a quote validates like a run
    stats = sandbox.stats()
    assert stats["generatePosts"] == 3 and stats["dryRuns"] == 2 and stats["jobsCreated"] == 0


def test_real_run_persists_and_reports_cost(sandbox) -> None:
    body = {"prompt": "laser", "duration": 1}
    with api(sandbox) as client:
        response = client.post(
            f"/generate/custom/{SFX_MODEL_ID}", json=body, params={"projectId": "p"}
        )
        assert response.status_code == 200
        payload = response.json()
        job = payload["job"]
        assert payload["creativeUnitsCost"] == catalog.price(SFX_MODEL_ID, body)
        assert job["metadata"]["input"] == body
        assert job["metadata"]["modelId"] == SFX_MODEL_ID
        assert job["billing"] == {"cuCost": payload["creativeUnitsCost"], "cuDiscount": 0}
        assert job["jobType"] == "custom"
        assert client.get(f"/jobs/{job['jobId']}").status_code == 200
    [created] = sandbox.jobs()
    assert created["input"] == body and isinstance(created["params"]["seed"], int)


def test_concurrency_ceiling_gives_429_without_creating_a_job(sandbox_factory) -> None:
    sandbox = sandbox_factory(max_concurrent_jobs=2, time_scale=1.0)
    with api(sandbox) as client:
        for _ in range(2):
            generate(client, SFX_MODEL_ID, {"prompt": "wind", "duration": 1})
        refused = client.post(f"/generate/custom/{SFX_MODEL_ID}", json={"prompt": "wind"})
        assert refused.status_code == 429
        body = refused.json()
        assert body["reason"] == "Too many concurrent jobs for your team (limit 2)"
        assert body["details"] == {"actionName": "generate", "actionLimit": 2}
        assert isinstance(body["remainingSeconds"], int) and body["remainingSeconds"] >= 1
        # A dry run is only a quote: it is never refused by the ceiling.
        quote = client.post(f"/generate/custom/{SFX_MODEL_ID}?dryRun=true", json={"prompt": "w"})
        assert quote.status_code == 269
    assert len(sandbox.jobs()) == 2
    assert sandbox.stats()["jobsRejectedConcurrency"] == 1


def test_ceiling_frees_up_when_jobs_finish(sandbox_factory) -> None:
    sandbox = sandbox_factory(max_concurrent_jobs=1, time_scale=0.02)
    with api(sandbox) as client:
        first = generate(client, SFX_MODEL_ID, {"prompt": "wind", "duration": 0.5})
        assert (
            client.post(f"/generate/custom/{SFX_MODEL_ID}", json={"prompt": "w"}).status_code == 429
        )
        wait_job(client, first["jobId"])
        generate(client, SFX_MODEL_ID, {"prompt": "wind", "duration": 0.5})
        sandbox.settings(maxConcurrentJobs=None)
        generate(client, SFX_MODEL_ID, {"prompt": "wind", "duration": 0.5})
    assert len(sandbox.jobs()) == 3


def test_seed_is_picked_when_missing_and_recorded_per_output(sandbox) -> None:
    with api(sandbox) as client:
        job = generate(client, SFX_MODEL_ID, {"prompt": "rain", "duration": 0.5, "numOutputs": 3})
        final, _ = wait_job(client, job["jobId"])
        seeds = [
            client.get(f"/assets/{asset_id}").json()["asset"]["metadata"]["seed"]
            for asset_id in final["metadata"]["assetIds"]
        ]
    base = int(seeds[0])
    assert seeds == [str(base), str(base + 1), str(base + 2)]
    assert "seed" not in final["metadata"]["input"]
