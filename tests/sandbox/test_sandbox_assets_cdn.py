"""Assets and the signed CDN: byte-identical downloads, expiry, tampering, ranges, download URLs."""

from __future__ import annotations

import hashlib
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from support.sandbox_http import DROPPED, SFX_MODEL_ID, api, decode, download, generate, wait_job


def _finished_asset(client: httpx.Client, body: dict | None = None) -> str:
    job = generate(client, SFX_MODEL_ID, body or {"prompt": "whoosh", "duration": 1})
    final, _ = wait_job(client, job["jobId"])
    assert final["status"] == "success"
    return final["metadata"]["assetIds"][0]


def test_asset_record_and_byte_identical_download(sandbox) -> None:
    with api(sandbox) as client:
        asset_id = _finished_asset(client)
        asset, data = download(client, asset_id)
    assert asset["kind"] == "audio" and asset["status"] == "success"
    assert asset["source"] == "txt2audio" and asset["mimeType"] == "audio/wav"
    props = asset["properties"]
    assert props["size"] == len(data)
    assert props["duration"] == 1.0 and props["sampleRate"] == 44100 and props["channels"] == 2
    assert props["format"] == "wav" and props["codecName"] == "pcm_s16le"
    assert props["classification"] == "effect" and props["bitrate"] == 44100 * 2 * 16
    meta = asset["metadata"]
    assert meta["modelId"] == SFX_MODEL_ID and meta["outputIndex"] == 0
    assert meta["prompt"] == "whoosh" and meta["parentJobId"].startswith("job_")
    info = sandbox.asset_info(asset_id)
    assert info["sha256"] == hashlib.sha256(data).hexdigest() and info["size"] == len(data)
    samples, rate = decode(data)
    assert samples.shape == (44100, 2) and rate == 44100


def test_cdn_response_headers(sandbox) -> None:
    with api(sandbox) as client:
        asset_id = _finished_asset(client)
        url = client.get(f"/assets/{asset_id}").json()["asset"]["url"]
    response = httpx.get(url)
    assert response.headers["content-type"] == "audio/wav"
    assert int(response.headers["content-length"]) == len(response.content)
    head = httpx.head(url)
    assert head.status_code == 200 and int(head.headers["content-length"]) == len(response.content)
    part = httpx.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == response.content[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(response.content)}"
    tail = httpx.get(url, headers={"Range": "bytes=-5"})
    assert tail.content == response.content[-5:]
    assert httpx.get(url, headers={"Range": "bytes=999999999-"}).status_code == 416


def test_tampered_or_missing_signature_is_denied(sandbox) -> None:
    with api(sandbox) as client:
        asset_id = _finished_asset(client)
        url = client.get(f"/assets/{asset_id}").json()["asset"]["url"]
    signature = parse_qs(urlsplit(url).query)["Signature"][0]
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    denied = httpx.get(url.replace(signature, flipped))
    assert denied.status_code == 403 and b"AccessDenied" in denied.content
    assert httpx.get(url.split("?")[0]).status_code == 403
    expires = parse_qs(urlsplit(url).query)["Expires"][0]
    assert (
        httpx.get(url.replace(f"Expires={expires}", f"Expires={int(expires) + 99}")).status_code
        == 403
    )
    other = _other_asset_url(sandbox, url)
    assert httpx.get(other).status_code == 403  # a signature only fits its own path


def _other_asset_url(sandbox, url: str) -> str:  # type: ignore[no-untyped-def]
    path = urlsplit(url).path
    return url.replace(path, path[:-3] + "xyz")


def test_expired_url_is_denied_and_a_fresh_one_works(sandbox_factory) -> None:
    sandbox = sandbox_factory(url_ttl=0.2)
    with api(sandbox) as client:
        asset_id = _finished_asset(client)
        url = client.get(f"/assets/{asset_id}").json()["asset"]["url"]
        expires = int(parse_qs(urlsplit(url).query)["Expires"][0])
        time.sleep(max(0.0, expires - time.time()) + 0.05)
        expired = httpx.get(url)
        assert expired.status_code == 403 and b"expired" in expired.content
        fresh = client.post(f"/assets/{asset_id}/download", json={})
        assert fresh.status_code == 200
        assert httpx.get(fresh.json()["url"]).status_code == 200
        assert fresh.json()["mimeType"] == "audio/wav"


def test_download_url_rejects_a_target_format(sandbox) -> None:
    with api(sandbox) as client:
        asset_id = _finished_asset(client)
        converted = client.post(f"/assets/{asset_id}/download", json={"targetFormat": "mp3"})
        same = client.post(f"/assets/{asset_id}/download", json={"targetFormat": "wav"})
        none = client.post(f"/assets/{asset_id}/download")
        missing = client.post("/assets/asset_nope/download", json={})
    assert converted.status_code == 400 and converted.json() == {"reason": "Invalid target format"}
    assert same.status_code == 200 and none.status_code == 200
    assert missing.status_code == 404


def test_unknown_asset_is_404(sandbox) -> None:
    with api(sandbox) as client:
        response = client.get("/assets/asset_nope")
    assert response.json() == {"reason": "Asset asset_nope not found"}


def test_truncated_download_really_truncates(sandbox) -> None:
    with api(sandbox) as client:
        asset_id = _finished_asset(client)
        url = client.get(f"/assets/{asset_id}").json()["asset"]["url"]
    full = sandbox.asset_info(asset_id)["size"]
    sandbox.script_fault("truncate", "cdn")
    received = bytearray()
    declared = None
    with pytest.raises(DROPPED), httpx.stream("GET", url) as response:
        declared = int(response.headers["content-length"])
        for chunk in response.iter_raw():
            received.extend(chunk)
    assert declared == full
    assert 0 < len(received) < full
    assert httpx.get(url).content.__len__() == full  # the next try succeeds
    assert sandbox.stats()["faults"] == {"truncate": 1}


def test_expired_url_fault(sandbox) -> None:
    with api(sandbox) as client:
        asset_id = _finished_asset(client)
        url = client.get(f"/assets/{asset_id}").json()["asset"]["url"]
    sandbox.script_fault("expired_url", "cdn")
    assert httpx.get(url).status_code == 403
    assert httpx.get(url).status_code == 200
