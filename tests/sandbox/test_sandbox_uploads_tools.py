"""Multipart uploads into uploaded-audio assets, and the audio-tools model processing them."""

from __future__ import annotations

import time
from typing import Any

import httpx
import numpy as np
import pytest

from support.sandbox_http import (
    TOOLS_MODEL_ID,
    api,
    decode,
    download,
    generate,
    ramp_wav,
    upload,
    wait_job,
    wav_bytes,
)


def _process(client: httpx.Client, body: dict) -> list[tuple[dict, np.ndarray, int]]:
    job = generate(client, TOOLS_MODEL_ID, body)
    final, _ = wait_job(client, job["jobId"])
    assert final["status"] == "success", final
    outputs = []
    for asset_id in final["metadata"]["assetIds"]:
        asset, data = download(client, asset_id)
        samples, rate = decode(data)
        outputs.append((asset, samples, rate))
    return outputs


def test_upload_imports_a_wav_as_an_uploaded_audio_asset(sandbox) -> None:
    _, data = ramp_wav(1.5, sample_rate=8000, channels=2)
    with api(sandbox) as client:
        record = upload(client, data, name="../../etc/passwd.wav")
        assert record["status"] == "imported" and record["entityId"].startswith("asset_")
        asset, served = download(client, record["entityId"])
    assert served == data  # stored exactly as uploaded
    assert asset["source"] == "uploaded-audio"
    assert asset["metadata"]["type"] == "uploaded-audio"
    assert asset["metadata"]["name"] == "../../etc/passwd.wav"  # a label, never a path
    props = asset["properties"]
    assert props["size"] == len(data) and props["duration"] == 1.5
    assert props["sampleRate"] == 8000 and props["channels"] == 2 and props["format"] == "wav"
    assert sandbox.stats()["uploadsImported"] == 1


def test_multipart_upload_with_a_5_mib_part(sandbox) -> None:
    frames = 44100 * 31
    tone = (0.3 * np.sin(np.arange(frames) * 0.05)).astype(np.float32)
    data = wav_bytes(np.stack([tone, tone], axis=1))
    assert len(data) > 5 * 1024 * 1024
    with api(sandbox) as client:
        record = upload(client, data, parts=2)
        _, served = download(client, record["entityId"])
    assert record["status"] == "imported" and served == data


def test_upload_statuses_move_through_validating(sandbox_factory) -> None:
    sandbox = sandbox_factory(time_scale=0.5)
    _, data = ramp_wav(0.5)
    with api(sandbox) as client:
        created = client.post(
            "/uploads",
            json={"fileName": "a.wav", "contentType": "audio/wav", "kind": "audio",
                  "fileSize": len(data), "parts": 1},
        ).json()["upload"]  # fmt: skip
        assert created["status"] == "pending" and created["parts"][0]["number"] == 1
        assert created["parts"][0]["expires"].endswith("Z")
        put = httpx.put(created["parts"][0]["url"], content=data)
        assert put.headers["etag"].startswith('"')
        done = client.post(f"/uploads/{created['id']}/action", json={"action": "complete"})
        assert done.json()["upload"]["status"] == "validating"
        again = client.post(f"/uploads/{created['id']}/action", json={"action": "complete"})
        assert again.status_code == 200  # idempotent after a lost answer
        seen = set()
        for _ in range(400):
            status = client.get(f"/uploads/{created['id']}").json()["upload"]["status"]
            seen.add(status)
            if status == "imported":
                break
            time.sleep(0.005)
    assert {"validating", "validated", "imported"} <= seen


def test_undecodable_upload_fails_with_a_message(sandbox) -> None:
    with api(sandbox) as client:
        record = upload(client, b"this is not audio at all" * 100)
    assert record["status"] == "failed"
    assert "decoded" in record["errorMessage"]
    assert "entityId" not in record


def _create(**changes: Any) -> dict[str, Any]:
    body = {"fileName": "a.wav", "contentType": "audio/wav", "kind": "audio"}
    return {**body, "fileSize": 10, "parts": 1, **changes}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (_create(kind="image"), '"kind" must be one of [audio]'),
        (_create(contentType="text/plain"), '"contentType" must be an audio MIME type'),
        (_create(parts=2), '"parts" must be less than or equal to 1'),
        (_create(fileSize=0), '"fileSize" must be greater than or equal to 1'),
        ({k: v for k, v in _create().items() if k != "fileSize"}, '"fileSize" is required'),
        (_create(url="http://x"), '"url" is not allowed'),
    ],
)
def test_create_upload_validation(sandbox, body: dict, reason: str) -> None:
    with api(sandbox) as client:
        response = client.post("/uploads", json=body)
    assert response.status_code == 400 and response.json() == {"reason": reason}


def test_part_rules(sandbox) -> None:
    big = 6 * 1024 * 1024
    with api(sandbox) as client:
        created = client.post(
            "/uploads",
            json={"fileName": "a.wav", "contentType": "audio/wav", "kind": "audio",
                  "fileSize": big, "parts": 2},
        ).json()["upload"]  # fmt: skip
        url1, url2 = (p["url"] for p in created["parts"])
        assert httpx.put(url1, content=b"x" * 1024).status_code == 200
        missing = client.post(f"/uploads/{created['id']}/action", json={"action": "complete"})
        assert missing.json() == {"reason": "Part 2 has not been uploaded."}
        assert httpx.put(url2, content=b"x" * (big - 1024)).status_code == 200
        small = client.post(f"/uploads/{created['id']}/action", json={"action": "complete"})
        assert small.status_code == 400 and "5 MiB" in small.json()["reason"]
        assert httpx.put(url1.replace("Signature=", "Signature=f"), content=b"x").status_code == 403
        assert httpx.put(url2 + "0", content=b"x").status_code == 403
        too_big = httpx.put(url1, content=b"x" * (big + 1))
        assert too_big.status_code == 400
        bad_action = client.post(f"/uploads/{created['id']}/action", json={"action": "abort"})
        assert bad_action.json() == {"reason": '"action" must be one of [complete]'}
        assert client.get("/uploads/upload_nope").status_code == 404


def test_tools_trim_reverse_and_keep_the_input_format(sandbox) -> None:
    samples, data = ramp_wav(2.0, sample_rate=8000)
    with api(sandbox) as client:
        source = upload(client, data)["entityId"]
        [(asset, out, rate)] = _process(
            client, {"audio": source, "startTime": 0.5, "endTime": 1.5, "reverse": True}
        )
    assert rate == 8000 and out.shape == (8000, 1)
    assert asset["mimeType"] == "audio/wav" and asset["source"] == "audio2audio"
    assert asset["metadata"]["parentId"] == source
    expected = samples[4000:12000, 0][::-1]
    assert np.max(np.abs(out[:, 0] - expected)) < 2e-4


def test_tools_cut_points_give_one_output_more(sandbox) -> None:
    _, data = ramp_wav(3.0, sample_rate=8000)
    with api(sandbox) as client:
        source = upload(client, data)["entityId"]
        outputs = _process(
            client, {"audio": source, "cutPoints": [1.0, 2.5], "outputFormat": "flac"}
        )
    assert [o[1].shape[0] for o in outputs] == [8000, 12000, 4000]
    assert all(o[0]["mimeType"] == "audio/flac" for o in outputs)
    assert [o[0]["metadata"]["outputIndex"] for o in outputs] == [0, 1, 2]


def test_tools_fades_gain_normalize_and_layers(sandbox) -> None:
    rate = 8000
    steady = np.full((rate, 1), 0.25, dtype=np.float32)
    with api(sandbox) as client:
        source = upload(client, wav_bytes(steady, rate))["entityId"]
        layer = upload(client, wav_bytes(np.full((rate // 2, 2), 0.25, dtype=np.float32), rate))[
            "entityId"
        ]
        [(_, faded, _)] = _process(client, {"audio": source, "fadeIn": 0.5, "fadeOut": 0.25})
        [(_, loud, _)] = _process(client, {"audio": source, "gainDb": 6})
        [(_, norm, _)] = _process(client, {"audio": source, "gainDb": -12, "normalize": True})
        [(_, mixed, _)] = _process(
            client, {"audio": source, "extraLayers": [layer], "layerGainDb": 0}
        )
    assert abs(faded[0, 0]) < 1e-3 and abs(faded[-1, 0]) < 1e-2
    assert abs(faded[rate // 2 + 100, 0] - 0.25) < 1e-3
    assert abs(loud[100, 0] - 0.25 * 10 ** (6 / 20)) < 2e-3
    assert abs(np.max(np.abs(norm)) - 10 ** (-1 / 20)) < 2e-3
    assert abs(mixed[100, 0] - 0.5) < 2e-3 and abs(mixed[-100, 0] - 0.25) < 2e-3


def test_tools_reject_times_outside_the_audio(sandbox) -> None:
    _, data = ramp_wav(2.0)
    with api(sandbox) as client:
        source = upload(client, data)["entityId"]
        url = f"/generate/custom/{TOOLS_MODEL_ID}"
        late = client.post(url, json={"audio": source, "startTime": 2.5})
        backwards = client.post(url, json={"audio": source, "startTime": 1, "endTime": 0.5})
        beyond = client.post(url, json={"audio": source, "endTime": 3})
        unsorted = client.post(url, json={"audio": source, "cutPoints": [1.5, 1.0]})
        outside = client.post(url, json={"audio": source, "endTime": 1.0, "cutPoints": [1.5]})
    assert late.json() == {"reason": '"startTime" must be less than 2'}
    assert backwards.json() == {"reason": '"endTime" must be greater than 1'}
    assert beyond.json() == {"reason": '"endTime" must be less than or equal to 2'}
    assert unsorted.json() == {"reason": '"cutPoints[1]" must be greater than 1.5'}
    assert outside.json() == {"reason": '"cutPoints[0]" must be less than 1'}
