"""Realistic catalogue and job records for the shell's tests and screenshots (no network)."""

from __future__ import annotations

from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.core.providers.base import ModelRecord
from sonodesk.core.providers.scenario_parse import model_from_json
from sonodesk.sandbox.catalog import KITS, MODELS

NOW = 1_800_000_000.0

SCENARIO_MODELS: list[tuple[str, str, str, str, tuple[str, ...], int]] = [
    # (id, name, description, capability, tags, accessRestrictions)
    (
        "model_elevenlabs-music-v2",
        "ElevenLabs Music v2",
        "Studio-quality songs with vocals and lyrics from a text prompt, up to five minutes.",
        "txt2audio",
        (),
        0,
    ),
    (
        "model_ace-step-1-5-turbo-text-to-music",
        "ACE-Step 1.5 Turbo Text to Music",
        "Fast open-weights music generation with lyrics, BPM, key and time signature control.",
        "txt2audio",
        (),
        0,
    ),
    (
        "model_lyria-3-pro",
        "Lyria 3 Pro",
        "Google's full-length instrumental and vocal music model.",
        "txt2audio",
        (),
        50,
    ),
    (
        "model_lyria-2",
        "Lyria 2",
        "Instrumental clips from Google DeepMind.",
        "txt2audio",
        ("deprecated:model_lyria-3-pro",),
        0,
    ),
    (
        "model_elevenlabs-tts-v3",
        "ElevenLabs TTS v3",
        "Expressive multi-speaker speech with audio tags for emotion and delivery.",
        "txt2audio",
        (),
        0,
    ),
    (
        "model_google-gemini-3-1-flash-tts",
        "Gemini 3.1 Flash TTS",
        "Fast controllable speech in 24 languages with 30 voices.",
        "txt2audio",
        (),
        0,
    ),
    (
        "model_elevenlabs-sound-effects-v2",
        "ElevenLabs Sound Effects v2",
        "Sound effects and seamless loops from a description, 0.5 to 30 seconds.",
        "txt2audio",
        (),
        0,
    ),
    (
        "model_ace-step-1-5-turbo-cover",
        "ACE-Step 1.5 Turbo Cover",
        "Re-imagine an uploaded song in a new style while keeping its structure.",
        "audio2audio",
        (),
        25,
    ),
    (
        "model_elevenlabs-voice-isolator",
        "ElevenLabs Voice Isolator",
        "Strip background noise and music from a recording, keeping the voice.",
        "audio2audio",
        (),
        0,
    ),
]


def sandbox_models() -> list[ModelRecord]:
    return [model_from_json(m, "sandbox") for m in (*MODELS, *KITS)]


def scenario_models() -> list[ModelRecord]:
    return [
        ModelRecord(
            model_id=model_id,
            name=name,
            provider_id="scenario",
            short_description=description,
            capabilities=(capability,),
            tags=tags,
            access_restrictions=access,
        )
        for model_id, name, description, capability, tags, access in SCENARIO_MODELS
    ]


def all_models() -> list[ModelRecord]:
    return sandbox_models() + scenario_models()


def job(
    number: int,
    state: JobState,
    *,
    model_id: str = "model_sonodesk-music-sketch",
    model_name: str = "Sandbox Music Sketch",
    prompt: str = "dreamy lofi hip hop at 80 bpm with warm keys",
    age: float = 60.0,
    **changes: object,
) -> JobRecord:
    created = NOW - age
    fields: dict[str, object] = {
        "id": f"job_{number:04d}",
        "provider": "sandbox",
        "model_id": model_id,
        "model_name": model_name,
        "params": {"prompt": prompt, "duration": 20},
        "state": state,
        "created_at": created,
        "updated_at": created,
    }
    if state.terminal:
        fields["finished_at"] = created + 24.0
    fields.update(changes)
    return JobRecord(**fields)  # type: ignore[arg-type]


def sample_jobs() -> list[JobRecord]:
    """Newest first: one job in every state a user meets."""
    return [
        job(7, JobState.QUEUED, age=2, prompt="cinematic riser into a huge drop, 128 bpm"),
        job(
            6,
            JobState.RUNNING,
            age=14,
            remote_status="in-progress",
            progress=0.62,
            remote_id="job_r6",
            quoted_cost=1.0,
            prompt="warm analog synthwave with gated drums in F minor",
        ),
        job(
            5,
            JobState.RUNNING,
            age=31,
            remote_status="warming-up",
            remote_id="job_r5",
            model_id="model_elevenlabs-tts-v3",
            model_name="ElevenLabs TTS v3",
            provider="scenario",
            prompt="[whispers] The tape keeps rolling long after the band has gone home.",
            quoted_cost=4.0,
        ),
        job(
            4,
            JobState.DONE,
            age=240,
            cost=2.0,
            outputs=("asset_a", "asset_b"),
            prompt="rain on a tin roof with distant thunder",
            model_id="model_sonodesk-sfx",
            model_name="Sandbox Sound Effects",
        ),
        job(
            3,
            JobState.FAILED,
            age=600,
            model_id="model_lyria-3-pro",
            model_name="Lyria 3 Pro",
            provider="scenario",
            error="Your plan does not include Lyria 3 Pro (needs Pro).",
            hint="Upgrade the team's plan or pick another music model.",
            prompt="orchestral trailer theme with choir and taiko drums",
        ),
        job(
            2,
            JobState.STOPPED,
            age=900,
            error="No longer tracked. The server may still finish it; its credits are committed.",
            prompt="upbeat ukulele jingle for a podcast intro",
        ),
        job(
            1,
            JobState.DONE,
            age=3600,
            cost=0.5,
            outputs=("asset_c",),
            prompt="808 trap beat with rolling hats",
        ),
    ]
