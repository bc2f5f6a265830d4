"""Jobs over HTTP: the timeline, cancel rules, listing with filters and (empty) pages, failures."""

from __future__ import annotations

import time

from support.sandbox_http import SFX_MODEL_ID, api, generate, wait_job, wait_status

ORDER = ["pending", "queued", "warming-up", "in-progress", "finalizing", "success"]


def test_timeline_passes_the_statuses_in_order_with_rising_progress(sandbox_factory) -> None:
    sandbox = sandbox_factory(time_scale=0.15)
    with api(sandbox) as client:
        job = generate(client, SFX_MODEL_ID, {"prompt": "ocean waves", "duration": 4})
        final, seen = wait_job(client, job["jobId"], interval=0.005)
    ranks = [ORDER.index(status) for status, _ in seen]
    assert ranks == sorted(ranks)
    progress = [p for _, p in seen]
    assert progress == sorted(progress)
    assert {"in-progress", "success"} <= {s for s, _ in seen}
    assert any(0 < p < 0.95 for s, p in seen if s == "in-progress")
    history = [entry["status"] for entry in final["statusHistory"]]
    assert history[:2] == ["pending", "queued"] and history[-2:] == ["finalizing", "success"]
    assert [e["date"] for e in final["statusHistory"]] == sorted(
        e["date"] for e in final["statusHistory"]
    )
    assert final["progress"] == 1.0 and len(final["metadata"]["assetIds"]) == 1
    assert final["updatedAt"] >= final["createdAt"]


def test_unknown_job_is_404_with_reason(sandbox) -> None:
    with api(sandbox) as client:
        response = client.get("/jobs/job_missing")
    assert response.status_code == 404
    assert response.json() == {"reason": "Job job_missing not found"}


def test_cancel_is_accepted_while_queued(sandbox_factory) -> None:
    sandbox = sandbox_factory(time_scale=1.0)
    with api(sandbox) as client:
        job = generate(client, SFX_MODEL_ID, {"prompt": "rain", "duration": 1})
        wait_status(client, job["jobId"], "queued")
        response = client.post(f"/jobs/{job['jobId']}/action", json={"action": "cancel"})
        assert response.status_code == 200
        canceled = response.json()["job"]
        assert canceled["status"] == "canceled"
        assert canceled["statusHistory"][-1]["status"] == "canceled"
        # Canceling again (a retry after a lost answer) is harmless.
        again = client.post(f"/jobs/{job['jobId']}/action", json={"action": "cancel"})
        assert again.status_code == 200 and again.json()["job"]["status"] == "canceled"
        time.sleep(0.2)
        assert client.get(f"/jobs/{job['jobId']}").json()["job"]["status"] == "canceled"
    assert sandbox.stats()["jobsCanceled"] == 1


def test_cancel_is_refused_once_running(sandbox_factory) -> None:
    sandbox = sandbox_factory(time_scale=0.3)
    with api(sandbox) as client:
        job = generate(client, SFX_MODEL_ID, {"prompt": "rain", "duration": 5})
        wait_status(client, job["jobId"], "in-progress")
        response = client.post(f"/jobs/{job['jobId']}/action", json={"action": "cancel"})
        assert response.status_code == 400
        assert response.json() == {
            "reason": "Cannot cancel this type of job. Action not permitted."
        }
        final, _ = wait_job(client, job["jobId"])
    assert final["status"] == "success"


def test_action_body_is_validated(sandbox) -> None:
    with api(sandbox) as client:
        job = generate(client, SFX_MODEL_ID, {"prompt": "rain", "duration": 1})
        bad = client.post(f"/jobs/{job['jobId']}/action", json={"action": "pause"})
        extra = client.post(f"/jobs/{job['jobId']}/action", json={"action": "cancel", "x": 1})
        missing = client.post("/jobs/job_nope/action", json={"action": "cancel"})
    assert bad.json() == {"reason": '"action" must be one of [cancel]'}
    assert extra.json() == {"reason": '"x" is not allowed'}
    assert missing.status_code == 404


def _all_pages(client, **params):  # type: ignore[no-untyped-def]
    pages = []
    token = None
    for _ in range(50):
        query = dict(params)
        if token:
            query["paginationToken"] = token
        response = client.get("/jobs", params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page["jobs"])
        token = page.get("nextPaginationToken")
        if not token:
            return pages
    raise AssertionError("pagination never ended")


def test_list_is_newest_first_and_pages_cleanly(sandbox) -> None:
    with api(sandbox) as client:
        created = [
            generate(client, SFX_MODEL_ID, {"prompt": f"rain {i}", "duration": 1}) for i in range(5)
        ]
        pages = _all_pages(client, pageSize=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    listed = [job["jobId"] for page in pages for job in page]
    assert listed == [job["jobId"] for job in reversed(created)]
    assert all(
        job["metadata"]["input"]["prompt"].startswith("rain") for page in pages for job in page
    )


def test_empty_pages_still_carry_a_token(sandbox_factory) -> None:
    sandbox = sandbox_factory(empty_pages=True)
    with api(sandbox) as client:
        created = [
            generate(client, SFX_MODEL_ID, {"prompt": f"wind {i}", "duration": 1}) for i in range(5)
        ]
        pages = _all_pages(client, pageSize=2)
    assert [len(p) for p in pages] == [2, 0, 2, 0, 1]
    listed = [job["jobId"] for page in pages for job in page]
    assert listed == [job["jobId"] for job in reversed(created)]


def test_list_filters_and_their_rules(sandbox_factory) -> None:
    sandbox = sandbox_factory(time_scale=0.02)
    with api(sandbox) as client:
        first = generate(client, SFX_MODEL_ID, {"prompt": "a", "duration": 0.5})
        wait_job(client, first["jobId"])
        cutoff = first["createdAt"]
        second = generate(client, SFX_MODEL_ID, {"prompt": "b", "duration": 0.5})
        wait_job(client, second["jobId"])
        newer = client.get("/jobs", params={"createdAfter": cutoff}).json()["jobs"]
        done = client.get("/jobs", params={"status": "success"}).json()["jobs"]
        typed = client.get("/jobs", params={"type": "custom", "updatedAfter": cutoff}).json()[
            "jobs"
        ]
        other = client.get("/jobs", params={"types": "upload"}).json()["jobs"]
        mixed = client.get("/jobs", params={"status": "success", "createdAfter": cutoff})
        lonely = client.get("/jobs", params={"updatedAfter": cutoff})
        bad_status = client.get("/jobs", params={"status": "done"})
        too_big = client.get("/jobs", params={"pageSize": 101})
        bad_token = client.get("/jobs", params={"paginationToken": "abc"})
    assert [j["jobId"] for j in newer] == [second["jobId"]]
    assert {j["jobId"] for j in done} == {first["jobId"], second["jobId"]}
    assert {j["jobId"] for j in typed} == {first["jobId"], second["jobId"]}
    assert other == []
    for response in (mixed, lonely, bad_status, too_big, bad_token):
        assert response.status_code == 400 and response.json()["reason"].startswith('"')


def test_failure_jobs_carry_error_and_hint(sandbox) -> None:
    sandbox.script_fault("job_failure", "generate")
    with api(sandbox) as client:
        job = generate(client, SFX_MODEL_ID, {"prompt": "impact", "duration": 1})
        final, seen = wait_job(client, job["jobId"])
    assert final["status"] == "failure"
    assert "in-progress" in {s for s, _ in seen}
    assert final["metadata"]["error"]
    assert final["metadata"]["hint"]
    assert "assetIds" not in final["metadata"]
    assert sandbox.stats()["faults"] == {"job_failure": 1}
