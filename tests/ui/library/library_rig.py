"""The library test rig: a real JobStore + Library in a temp folder, takes with real audio files,
and a QtPlayer on a FakeOutput with a manual clock. Helpers only; fixtures are in conftest.py.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from fakes.fake_audio import FakeOutput, tone, write_audio
from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library import Library
from sonodesk.ui.player.qt_player import QtPlayer
from ui.player.player_rig import ManualClock

RATE = 48_000
JOB_ID = "job_library"

# (provider, model id, model name) of the kinds of models a musician mixes in one library.
MODELS = (
    ("scenario", "model_elevenlabs-music-v2", "ElevenLabs Music v2"),
    ("scenario", "model_lyria-3-pro", "Lyria 3 Pro"),
    ("sandbox", "model_sonodesk-music-sketch", "Sandbox Music Sketch"),
    ("aimlapi", "stable-audio-2.5", "Stable Audio 2.5"),
    ("scenario", "model_elevenlabs-sfx-v2", "ElevenLabs Sound Effects"),
    ("sandbox", "model_sonodesk-sfx", "Sandbox Sound Effects"),
)
PROMPTS = (
    ("Dusty lofi keys", "dreamy lofi hip hop at 80 bpm with warm Rhodes keys and vinyl crackle"),
    ("Analog night drive", "warm analog synthwave with gated drums in F minor, 104 bpm"),
    ("Taiko trailer rise", "orchestral trailer theme with choir and taiko drums building to a hit"),
    ("Rain on tin roof", "rain on a tin roof with distant thunder, close and intimate"),
    ("Deep house groove", "deep house groove, 122 bpm, rolling bassline, airy pads"),
    ("Ukulele jingle", "upbeat ukulele jingle for a podcast intro, hand claps"),
    ("Cinematic riser", "cinematic riser into a huge drop, 128 bpm, white noise sweep"),
    ("Glass UI click", "soft glassy user interface click, short and bright"),
    ("Ambient drone in D", "slow evolving ambient drone in D with shimmering overtones"),
    ("Breakbeat chop", "chopped amen breakbeat at 170 bpm, crunchy and tight"),
    ("Whoosh transition", "fast whoosh transition, left to right, airy tail"),
    ("Jazz trio brushes", "late night jazz trio, brushed drums, upright bass, 92 bpm"),
)
TAGS = (("drums",), ("keys", "warm"), ("fx",), (), ("bass", "drums"), (), ("pads",), ())


def dispose(widget: QWidget) -> None:
    """Close and delete a widget now, before the database it reads from is closed."""
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def ensure_job(store: JobStore) -> None:
    if store.find_job(JOB_ID) is None:
        now = time.time()
        store.insert_job(
            JobRecord(
                id=JOB_ID, provider="sandbox", model_id="model_sonodesk-sfx",
                params={"prompt": "rain"}, state=JobState.DONE, created_at=now, updated_at=now,
            )
        )  # fmt: skip


def take_record(index: int, takes_dir: Path, now: float, **changes: Any) -> TakeRecord:
    provider, model_id, model_name = MODELS[index % len(MODELS)]
    title, prompt = PROMPTS[index % len(PROMPTS)]
    seed = 1000 + index * 37
    take = TakeRecord(
        id=f"take_{index:06d}",
        job_id=JOB_ID,
        output_index=index,
        provider=provider,
        model_id=model_id,
        model_name=model_name,
        params={"prompt": prompt, "duration": 8 + index % 23, "seed": seed, "cfg": 7},
        file_path=str(takes_dir / f"take-{index:06d}.wav"),
        created_at=now - index * 2_700.0,
        seed=seed,
        title=f"{title} {index // len(PROMPTS) + 1}" if index >= len(PROMPTS) else title,
        prompt=prompt,
        duration=float(8 + index % 23) + (index % 10) / 10,
        cost=[0.5, 1.0, 2.0, 4.0, 8.0][index % 5],
        file_format="wav",
        sample_rate=RATE,
        channels=2,
    )
    return replace(take, **changes)


@dataclass
class LibraryRig:
    store: JobStore
    library: Library
    tmp: Path
    fake: FakeOutput
    clock: ManualClock
    player: QtPlayer
    now: float = field(default_factory=time.time)
    audio: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def takes_dir(self) -> Path:
        path = self.tmp / "takes"
        path.mkdir(exist_ok=True)
        return path

    def add(
        self,
        index: int,
        *,
        seconds: float = 1.0,
        amplitude: float = 0.5,
        freq: float = 440.0,
        audio: bool = True,
        keep_duration: bool = False,
        **changes: Any,
    ) -> TakeRecord:
        """Insert one take the way the engine does, with a real WAV file unless ``audio=False``."""
        ensure_job(self.store)
        take = take_record(index, self.takes_dir, self.now, **changes)
        if audio:
            data = tone(seconds, RATE, freq=freq, amplitude=amplitude)
            write_audio(Path(take.file_path), data, RATE)
            self.audio[take.id] = data
            if not keep_duration:
                take = replace(take, duration=seconds)
        return self.store.insert_take(take)

    def add_many(
        self, count: int, *, seconds: float = 0.25, start: int = 0, keep_duration: bool = False
    ) -> list[TakeRecord]:
        """Takes ``start``..``start + count - 1``; ``keep_duration`` stores the realistic
        length of ``take_record`` (for screenshots) instead of the short file's."""
        return [
            self.add(
                i,
                seconds=seconds,
                freq=220.0 + 20 * i,
                amplitude=0.2 + 0.07 * (i % 5),
                keep_duration=keep_duration,
            )
            for i in range(start, start + count)
        ]

    def bulk(self, count: int) -> None:
        """``count`` takes in one transaction, without audio files (for 10,000-take tests)."""
        ensure_job(self.store)
        names = [f.name for f in fields(TakeRecord)]
        sql = f"INSERT INTO takes ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
        rows = []
        for index in range(count):
            take = take_record(index, self.takes_dir, self.now)
            values = [getattr(take, name) for name in names]
            values[names.index("params")] = json.dumps(take.params)
            rows.append(values)
        with self.store.transaction():
            self.store.connection.executemany(sql, rows)

    def tag_and_rate(self) -> None:
        """Favourites, ratings and tags spread over the takes, as a musician leaves them."""
        ids = [row[0] for row in self.store.connection.execute("SELECT id FROM takes")]
        for number, take_id in enumerate(sorted(ids)):
            if number % 4 == 0:
                self.library.set_favorite([take_id], True)
            if number % 3:
                self.library.rate([take_id], 1 + number % 5)
            tags = TAGS[number % len(TAGS)]
            if tags:
                self.library.add_tags([take_id], tags)

    def advance(self, seconds: float) -> None:
        self.clock.now += seconds
        self.fake.advance(seconds)
