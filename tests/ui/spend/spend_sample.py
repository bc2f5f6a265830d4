"""A month of realistic spend in a real JobStore: Scenario CU across models, AI/ML API credits."""

from __future__ import annotations

import random
from pathlib import Path

from core.test_spend_data import NOW, TZ, Seeder, at, open_store
from sonodesk.core.jobs.records import JobState
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.spend import BudgetPolicy, SpendSnapshot, spend_snapshot

MODELS = [
    ("model_elevenlabs-music-v2", "ElevenLabs Music v2", 6.0),
    ("model_ace-step-1-5-quality-text-to-music", "ACE-Step 1.5 Quality", 2.5),
    ("model_elevenlabs-sound-effects-v2", "ElevenLabs Sound Effects", 1.0),
    ("model_meta-musicgen", "MusicGen", 1.5),
]


def sample_store(tmp: Path) -> JobStore:
    store = open_store(tmp)
    seed = Seeder(store)
    rng = random.Random(7)
    for days_ago in range(29, 0, -1):
        if rng.random() < 0.3:
            continue  # days off
        for _ in range(rng.randint(1, 6)):
            model_id, name, price = rng.choice(MODELS)
            seed.job(
                when=at(days_ago, rng.uniform(0, 9)),
                model_id=model_id,
                model_name=name,
                cost=price,
                quoted=price,
                takes=1,
            )
    # Today: a busy session close to the 50 CU daily cap.
    for hour, (model_id, name, price) in enumerate(MODELS * 3):
        seed.job(
            when=at(0, hour * 0.4),
            model_id=model_id,
            model_name=name,
            cost=price,
            quoted=price,
            takes=1,
        )
    seed.job(
        when=at(0, 5),
        model_id=MODELS[0][0],
        model_name=MODELS[0][1],
        state=JobState.FAILED,
        cost=6.0,
        quoted=6.0,
    )  # refunded
    seed.job(
        when=at(0, 5.5),
        model_id=MODELS[1][0],
        model_name=MODELS[1][1],
        state=JobState.RUNNING,
        cost=2.5,
        quoted=2.5,
    )
    seed.job(
        when=at(0, 5.6),
        model_id=MODELS[1][0],
        model_name=MODELS[1][1],
        state=JobState.QUEUED,
        quoted=2.5,
        remote=False,
    )
    # AI/ML API, billed in credits after each run.
    for days_ago in (12, 6, 2, 1):
        seed.job(
            when=at(days_ago, 2),
            provider="aimlapi",
            model_id="lyria2",
            model_name="Lyria 2",
            cost=630.0,
            takes=1,
        )
    return store


def sample_snapshot(store: JobStore, cap: float | None = 50.0) -> SpendSnapshot:
    policy = BudgetPolicy({"scenario": cap} if cap else {})
    return spend_snapshot(store, policy, providers=["scenario", "aimlapi"], now=NOW, tz=TZ)
