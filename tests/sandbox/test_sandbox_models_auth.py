"""Model listing and retrieval, and credential checks on /v1 (real loopback HTTP)."""

from __future__ import annotations

import httpx

from sonodesk.sandbox import catalog
from support.sandbox_http import AUTH, api


def test_public_lists_runnable_models_private_lists_kits(sandbox) -> None:
    with api(sandbox) as client:
        public = client.get("/models", params={"privacy": "public"}).json()
        private = client.get("/models").json()  # private is the default
    assert [m["id"] for m in public["models"]] == [m["id"] for m in catalog.MODELS]
    assert [m["id"] for m in private["models"]] == [k["id"] for k in catalog.KITS]
    assert "nextPaginationToken" not in public
    # Like the real list, records carry no inputs: GET /models/{id} has them.
    assert all("inputs" not in m for m in public["models"])
    assert all("kit" in m["tags"] for m in private["models"])


def test_model_pages_follow_the_token(sandbox) -> None:
    ids = []
    token = None
    with api(sandbox) as client:
        for _ in range(5):
            params = {"privacy": "public", "pageSize": 1}
            if token:
                params["paginationToken"] = token
            page = client.get("/models", params=params).json()
            ids += [m["id"] for m in page["models"]]
            token = page.get("nextPaginationToken")
            if not token:
                break
        assert client.get("/models", params={"pageSize": 501}).status_code == 400
        assert client.get("/models", params={"paginationToken": "%%%"}).status_code == 400
    assert ids == [m["id"] for m in catalog.MODELS]


def test_retrieve_has_inputs_and_ui_config(sandbox) -> None:
    with api(sandbox) as client:
        model = client.get(f"/models/{catalog.MUSIC_MODEL_ID}").json()["model"]
        missing = client.get("/models/model_nope")
    assert [i["name"] for i in model["inputs"]] == [i["name"] for i in catalog.MUSIC_INPUTS]
    assert model["uiConfig"]["selects"]["key"]["auto"].startswith("Auto")
    assert missing.status_code == 404
    assert missing.json() == {"reason": "Model model_nope not found"}


def test_missing_or_malformed_credentials_get_401(sandbox) -> None:
    url = f"{sandbox.api_url}/models"
    assert httpx.get(url).status_code == 401
    assert "reason" in httpx.get(url).json()
    assert httpx.get(url, headers={"Authorization": "Basic !!!"}).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Token abc"}).status_code == 401
    assert httpx.get(url, auth=AUTH).status_code == 200
    assert httpx.get(url, headers={"Authorization": "Bearer some.jwt"}).status_code == 200
    # Control and CDN routes need no Scenario credentials.
    assert httpx.get(f"{sandbox.base_url}/_sandbox/health").status_code == 200


def test_required_credentials_reject_other_keys(sandbox_factory) -> None:
    sandbox = sandbox_factory(require_credentials="key-1:secret-1")
    url = f"{sandbox.api_url}/models"
    assert httpx.get(url, auth=("key-1", "secret-1")).status_code == 200
    wrong = httpx.get(url, auth=("key-1", "nope"))
    assert wrong.status_code == 401
    assert wrong.json()["reason"] == "Unauthorized: invalid API key or secret."
    assert httpx.get(url, headers={"Authorization": "Bearer x"}).status_code == 401


def test_project_id_is_accepted_and_ignored(sandbox) -> None:
    with api(sandbox) as client:
        response = client.get("/models", params={"privacy": "public", "projectId": "proj_x"})
    assert response.status_code == 200


def test_unknown_routes_answer_json_404(sandbox) -> None:
    with api(sandbox) as client:
        response = client.get("/nothing/here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert "reason" in response.json()
