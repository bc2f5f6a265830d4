"""Hostile input: size caps, non-JSON, path tricks, fuzzed bodies, secrets kept out of logs."""

from __future__ import annotations

import base64
import contextlib
import logging

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.sandbox import catalog
from support.sandbox_http import SFX_MODEL_ID, api

SECRET = "s3cr3t-value-never-logged"

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
input_names = st.sampled_from(
    sorted({i["name"] for m in catalog.MODELS for i in m["inputs"]} | {"x", ""})
)
bodies = st.dictionaries(input_names, json_values, max_size=6) | json_values


def test_oversized_and_non_json_bodies(sandbox) -> None:
    with api(sandbox) as client:
        huge = client.post(
            f"/generate/custom/{SFX_MODEL_ID}", content=b"{" + b" " * (2 * 1024 * 1024) + b"}"
        )
        binary = client.post(f"/generate/custom/{SFX_MODEL_ID}", content=bytes(range(256)))
        text = client.post(
            "/uploads", content="fileName=a.wav", headers={"Content-Type": "text/plain"}
        )
        empty = client.post(f"/generate/custom/{SFX_MODEL_ID}")
        constants = [
            client.post(
                f"/generate/custom/{SFX_MODEL_ID}", content=b'{"prompt":"x","duration":' + c + b"}"
            )
            for c in (b"NaN", b"Infinity", b"-Infinity")
        ]
        deep = client.post(
            f"/generate/custom/{SFX_MODEL_ID}", content=b"[" * 100_000 + b"]" * 100_000
        )
    assert huge.status_code == 413 and "too large" in huge.json()["reason"]
    assert binary.status_code == 400 and binary.json() == {"reason": "Invalid JSON body"}
    assert text.status_code == 400
    assert empty.status_code == 400 and empty.json() == {"reason": '"prompt" is required'}
    assert all(r.json() == {"reason": "Invalid JSON body"} for r in constants)
    assert deep.status_code == 400


def test_ids_are_never_paths(sandbox) -> None:
    with api(sandbox) as client:
        for probe in ("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "asset_%00", "a" * 500, "asset_ü"):
            assert client.get(f"/assets/{probe}").status_code == 404
            assert client.get(f"/jobs/{probe}").status_code == 404
            assert client.get(f"/uploads/{probe}").status_code == 404
    for probe in ("..%2F..%2Fetc%2Fpasswd", "asset_x"):
        assert (
            httpx.get(
                f"{sandbox.base_url}/cdn/assets/{probe}?Expires=9999999999&Signature=x"
            ).status_code
            == 403
        )
        assert (
            httpx.put(
                f"{sandbox.base_url}/upload-parts/{probe}/1?Expires=1&Signature=x"
            ).status_code
            == 403
        )


def test_query_garbage_is_a_400(sandbox) -> None:
    with api(sandbox) as client:
        for params in (
            {"pageSize": "abc"},
            {"pageSize": "0"},
            {"pageSize": "99999999999999999999"},
            {"createdAfter": "yesterday"},
            {"paginationToken": "\u2603"},
        ):
            response = client.get("/jobs", params=params)
            assert response.status_code == 400, params
        assert client.get("/models", params={"privacy": "secret"}).status_code == 400


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(model=st.sampled_from([m["id"] for m in catalog.MODELS]), body=bodies)
def test_fuzzed_generate_bodies_never_crash_the_server(sandbox, model: str, body: object) -> None:
    with api(sandbox) as client:
        response = client.post(f"/generate/custom/{model}?dryRun=true", json=body)
    assert response.status_code in (269, 400), response.text
    assert isinstance(
        response.json()["reason" if response.status_code == 400 else "job"], str | dict
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies)
def test_fuzzed_upload_and_action_bodies(sandbox, body: object) -> None:
    with api(sandbox) as client:
        created = client.post("/uploads", json=body)
        action = client.post("/jobs/job_x/action", json=body)
    assert created.status_code in (200, 400)
    assert action.status_code in (400, 404)


def test_unexpected_errors_become_json_500_and_the_server_lives_on(sandbox, monkeypatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(sandbox.state.engine, "build_job", explode)
    with api(sandbox) as client:
        response = client.post(f"/generate/custom/{SFX_MODEL_ID}", json={"prompt": "x"})
        assert response.status_code == 500
        assert response.json() == {"reason": "Internal server error"}
        assert client.get("/models").status_code == 200


def test_credentials_never_reach_the_logs(sandbox, caplog, monkeypatch) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(sandbox.state.engine, "build_job", lambda *a, **k: 1 / 0)
    sandbox.script_fault("drop_after", "models")
    token = base64.b64encode(f"key:{SECRET}".encode()).decode()
    with httpx.Client(base_url=sandbox.api_url, auth=("key", SECRET)) as client:
        client.post(f"/generate/custom/{SFX_MODEL_ID}", json={"prompt": "x"})
        with contextlib.suppress(httpx.HTTPError):
            client.get("/models")
        client.get("/jobs", headers={"Authorization": f"Bearer {SECRET}"})
    text = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert "ZeroDivisionError" in caplog.text  # the bug itself is logged
    assert SECRET not in text and token not in text
