"""The sandbox's AI/ML API routes over real HTTP: shapes, auth, validation, audio, persistence."""

from __future__ import annotations

import base64
import io
import re
import uuid

import httpx
import soundfile as sf

from sonodesk.sandbox.launcher import SandboxOptions, start_in_thread
from support.aimlapi_clients import GENERATE, aiml_http, aiml_jobs, sine_wav, wait_generation
from support.sandbox_http import api

ERROR_KEYS = {"message", "path", "requestId", "statusCode", "timestamp"}
ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}:(.+)$")
COVER = {
    "model": "minimax/music-cover",
    "prompt": "a gentle acoustic cover",
    "audio_setting": {"sample_rate": 24000, "format": "mp3"},
}


def test_create_then_fetch_until_completed_with_a_signed_audio_url(sandbox) -> None:  # type: ignore[no-untyped-def]
    body = {"model": "stable-audio", "prompt": "tape-saturated drum loop", "seconds_total": 6}
    with aiml_http(sandbox) as client:
        created = client.post(GENERATE, json=body)
        assert created.status_code == 200, created.text
        answer = created.json()
        assert ID.match(answer["id"]).group(1) == "stable-audio"  # type: ignore[union-attr]
        assert answer["status"] == "queued" and answer["audio_file"] is None
        assert answer["error"] is None
        usage = answer["meta"]["usage"]
        assert usage["credits_used"] > 0 and usage["usd_spent"] > 0
        final, seen = wait_generation(client, answer["id"])
    assert seen[0] == "queued" and seen[-1] == "completed"
    assert set(seen) <= {"queued", "generating", "completed"}
    audio = final["audio_file"]
    assert set(audio) == {"url", "content_type", "file_name", "file_size"}
    assert (
        audio["url"].startswith(sandbox.base_url + "/cdn/assets/") and "Signature=" in audio["url"]
    )
    assert audio["content_type"] == "audio/wav" and audio["file_name"].endswith(".wav")
    data = httpx.get(audio["url"]).content
    assert len(data) == audio["file_size"]
    samples, rate = sf.read(io.BytesIO(data))
    assert abs(len(samples) / rate - 6) < 2.5
    tampered = httpx.get(audio["url"].replace("Signature=", "Signature=0"))
    assert tampered.status_code == 403
    assert final["meta"] == answer["meta"]


def test_each_model_maps_onto_a_sketch_of_the_right_format_and_length(sandbox) -> None:  # type: ignore[no-untyped-def]
    bodies = [
        {"model": "elevenlabs/eleven_music", "prompt": "synthwave", "music_length_ms": 12000},
        {"model": "google/lyria2", "prompt": "jazz trio", "negative_prompt": "drums", "seed": 9},
        {"model": "minimax/music-2.6", "is_instrumental": True, "audio_setting": {"format": "pcm"}},
    ]
    expected = [("audio/mpeg", 12.0), ("audio/wav", 30.0), ("audio/wav", 30.0)]
    with aiml_http(sandbox) as client:
        ids = [client.post(GENERATE, json=body).json()["id"] for body in bodies]
        finals = [wait_generation(client, gid)[0] for gid in ids]
    for final, (mime, seconds) in zip(finals, expected, strict=True):
        assert final["status"] == "completed" and final["audio_file"]["content_type"] == mime
        data = httpx.get(final["audio_file"]["url"]).content
        info = sf.info(io.BytesIO(data))
        assert abs(info.duration - seconds) < 3.0, (mime, info.duration)
    jobs = {job["input"]["aimlapi"]["model"]: job for job in aiml_jobs(sandbox)}
    assert "without drums" in jobs["google/lyria2"]["params"]["prompt"]
    assert jobs["google/lyria2"]["seed"] == 9


def test_a_missing_or_wrong_key_is_401_in_the_service_shape(sandbox) -> None:  # type: ignore[no-untyped-def]
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic a2V5OnNlY3JldA=="}):
        answer = httpx.post(sandbox.base_url + GENERATE, json={}, headers=headers)
        assert answer.status_code == 401
        body = answer.json()
        assert set(body) == ERROR_KEYS and body["statusCode"] == "401"
        assert body["path"] == GENERATE and "valid API key" in body["message"]
        uuid.UUID(body["requestId"])
    assert sandbox.jobs() == []


def test_required_credentials_check_the_bearer_key() -> None:
    server = start_in_thread(SandboxOptions(time_scale=0.05, require_credentials="good:secret"))
    try:
        with aiml_http(server, key="bad") as client:
            assert client.get(GENERATE, params={"generation_id": "x"}).status_code == 401
        with aiml_http(server, key="good") as client:
            assert client.get(GENERATE, params={"generation_id": "x"}).status_code == 404
    finally:
        server.stop()


def test_validation_errors_name_the_field(sandbox) -> None:  # type: ignore[no-untyped-def]
    cases = [
        ([1, 2], "Body validation error! Expected object, received array"),
        ({"prompt": "x"}, 'Body validation error! Required at "model"'),
        ({"model": "suno/chirp"}, "received 'suno/chirp' at \"model\""),
        ({"model": "stable-audio", "prompt": "x", "seconds_total": 48}, "less than or equal to 47"),
        ({"model": "stable-audio", "prompt": "x", "steps": 2.5}, 'received float at "steps"'),
        ({"model": "google/lyria2", "prompt": 5}, 'Expected string, received number at "prompt"'),
        (
            {"model": "minimax/music-2.0", "prompt": "short", "lyrics": "la la la la la"},
            'String must contain at least 10 character(s) at "prompt"',
        ),
        (
            {"model": "minimax/music-2.6", "audio_setting": {"format": "ogg"}},
            "Expected 'mp3' | 'wav' | 'pcm', received 'ogg' at \"audio_setting.format\"",
        ),
        (
            {**COVER, "reference_audio_url": "ftp://x", "extra": 1},
            "Unrecognized key(s) in object: 'extra'",
        ),
    ]
    with aiml_http(sandbox) as client:
        for body, expected in cases:
            answer = client.post(GENERATE, json=body)
            assert answer.status_code == 400, body
            message = answer.json()["message"]
            assert message.startswith("Body validation error!") and expected in message, message
            assert answer.json()["statusCode"] == "400"
        garbage = client.post(
            GENERATE, content=b"{oops", headers={"Content-Type": "application/json"}
        )
        assert garbage.status_code == 400 and "Invalid JSON" in garbage.json()["message"]
    assert sandbox.jobs() == []


def test_there_is_no_cancel_and_unknown_generations_are_404(sandbox) -> None:  # type: ignore[no-untyped-def]
    with aiml_http(sandbox) as client:
        created = client.post(GENERATE, json={"model": "google/lyria2", "prompt": "x"}).json()
        for method, path in (("DELETE", GENERATE), ("POST", GENERATE + "/cancel")):
            answer = client.request(method, path, params={"generation_id": created["id"]})
            assert answer.status_code == 404
            assert answer.json()["message"] == f"Cannot {method} {path}"
        missing = client.get(GENERATE)
        assert missing.status_code == 400 and '"generation_id"' in missing.json()["message"]
        other_model = created["id"].split(":")[0] + ":music-2.0"
        for unknown in (f"{uuid.uuid4()}:lyria2", "not-a-uuid:lyria2", other_model):
            assert client.get(GENERATE, params={"generation_id": unknown}).status_code == 404
        assert wait_generation(client, created["id"])[0]["status"] == "completed"


def test_a_cover_checks_inline_reference_audio(sandbox) -> None:  # type: ignore[no-untyped-def]
    encoded = base64.b64encode(sine_wav(7.5)).decode()
    with aiml_http(sandbox) as client:
        short = client.post(
            GENERATE, json={**COVER, "reference_audio_url": base64.b64encode(sine_wav(2)).decode()}
        )
        assert short.status_code == 400
        assert "6 seconds to 6 minutes" in short.json()["message"]
        assert short.json()["message"].endswith('at "reference_audio_url"')
        noise = client.post(
            GENERATE, json={**COVER, "reference_audio_url": "data:audio/wav;base64,AAAA"}
        )
        assert "could not be decoded" in noise.json()["message"]
        ok = client.post(
            GENERATE, json={**COVER, "reference_audio_url": f"data:audio/wav;base64,{encoded}"}
        )
        assert ok.status_code == 200, ok.text
        linked = client.post(
            GENERATE, json={**COVER, "reference_audio_url": "https://x.test/a.mp3"}
        )
        assert linked.status_code == 200
        final, _seen = wait_generation(client, ok.json()["id"])
    assert final["audio_file"]["content_type"] == "audio/mpeg"
    stored = [job["input"]["aimlapi"]["reference_audio_url"] for job in aiml_jobs(sandbox)]
    assert stored[0].startswith("<inline audio, ") and stored[1] == "https://x.test/a.mp3"


def test_bodies_larger_than_the_scenario_limit_are_accepted(sandbox) -> None:  # type: ignore[no-untyped-def]
    big = base64.b64encode(sine_wav(40.0, rate=22050)).decode()  # about 2.3 MB of base64
    assert len(big) > 2 * 1024 * 1024
    with aiml_http(sandbox) as client:
        answer = client.post(GENERATE, json={**COVER, "reference_audio_url": big})
    assert answer.status_code == 200, answer.text[:300]


def test_the_concurrency_ceiling_answers_429(sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.settings(maxConcurrentJobs=1, timeScale=1.0)
    with aiml_http(sandbox) as client:
        first = client.post(GENERATE, json={"model": "google/lyria2", "prompt": "a"})
        second = client.post(GENERATE, json={"model": "google/lyria2", "prompt": "b"})
    assert first.status_code == 200
    assert second.status_code == 429 and "concurrent" in second.json()["message"]
    assert len(aiml_jobs(sandbox)) == 1


def test_generations_survive_a_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    options = SandboxOptions(time_scale=0.05, state_dir=tmp_path / "state")
    server = start_in_thread(options)
    try:
        with aiml_http(server) as client:
            created = client.post(GENERATE, json={"model": "google/lyria2", "prompt": "x"}).json()
            before = wait_generation(client, created["id"])[0]
    finally:
        server.stop()
    server = start_in_thread(options)
    try:
        with aiml_http(server) as client:
            after = client.get(GENERATE, params={"generation_id": created["id"]}).json()
        assert after["status"] == "completed" and after["meta"] == before["meta"]
        assert after["audio_file"]["url"] != before["audio_file"]["url"]  # freshly signed
        assert httpx.get(after["audio_file"]["url"]).status_code == 200
        old_path = before["audio_file"]["url"].split("/cdn/", 1)[1]
        stale = httpx.get(f"{server.base_url}/cdn/{old_path}")
        assert stale.status_code == 403  # signed with the previous run's key
    finally:
        server.stop()


def test_scenario_routes_are_unchanged_and_never_match_aimlapi_jobs(sandbox) -> None:  # type: ignore[no-untyped-def]
    with aiml_http(sandbox) as client:
        client.post(GENERATE, json={"model": "google/lyria2", "prompt": "rain"})
    with api(sandbox) as scenario:
        listed = scenario.get("/jobs").json()["jobs"]
        assert scenario.post("/generate/custom/nope", json={}).json() == {
            "reason": "Model nope not found"
        }
    assert [set(job["metadata"]["input"]) for job in listed] == [{"aimlapi"}]
    unauthorized = httpx.get(sandbox.api_url + "/jobs")
    assert unauthorized.status_code == 401 and "reason" in unauthorized.json()
