"""The music model through the server: renders, lengths, kits, sections, seeds per take."""

from __future__ import annotations

from sonodesk.sandbox import catalog
from sonodesk.sandbox.synth.music import sketch_frames
from support.sandbox_http import api, decode, download, generate, wait_job

MUSIC = catalog.MUSIC_MODEL_ID


def test_music_sketch_renders_with_a_kit_and_is_reproducible(sandbox) -> None:
    kit = catalog.KITS[0]["id"]
    body = {"prompt": "lofi hip hop at 80 bpm", "duration": 4, "kit": kit, "seed": 11}
    with api(sandbox) as client:
        first, _ = wait_job(client, generate(client, MUSIC, body)["jobId"], timeout=60)
        second, _ = wait_job(client, generate(client, MUSIC, body)["jobId"], timeout=60)
        asset, data = download(client, first["metadata"]["assetIds"][0])
    assert first["status"] == "success"
    assert asset["mimeType"] == "audio/mpeg" and asset["properties"]["classification"] == "music"
    samples, rate = decode(data)
    assert rate == 44100 and samples.shape[1] == 2
    assert abs(samples.shape[0] - sketch_frames(body)) < 0.05 * 44100
    sha = {a["id"]: a["sha256"] for a in sandbox.assets()}
    assert sha[first["metadata"]["assetIds"][0]] == sha[second["metadata"]["assetIds"][0]]


def test_sections_and_takes(sandbox) -> None:
    body = {
        "sections": [{"name": "intro", "bars": 1}, {"name": "chorus", "bars": 1, "energy": 1}],
        "bpm": 120,
        "numOutputs": 2,
        "outputFormat": "wav",
    }
    with api(sandbox) as client:
        final, _ = wait_job(client, generate(client, MUSIC, body)["jobId"], timeout=60)
        outputs = [download(client, a) for a in final["metadata"]["assetIds"]]
    assert final["status"] == "success"
    (first, a), (second, b) = outputs
    assert int(second["metadata"]["seed"]) == int(first["metadata"]["seed"]) + 1
    assert a != b
    assert decode(a)[0].shape[0] == sketch_frames(body)
