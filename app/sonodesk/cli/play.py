"""Play a take in the terminal through the default (or named) output device. No Qt."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from sonodesk.core.audio import Player, ProgressiveDecoder, SoundDeviceOutput
from sonodesk.core.errors import AudioError


def play_file(path: Path, device_name: str = "") -> bool:
    """Play ``path`` to the end; False (with a plain message) when playback is unavailable."""
    finished = threading.Event()
    player = Player(SoundDeviceOutput(device_name or None))
    player.on_finished.add(finished.set)
    player.on_error.add(lambda _error: finished.set())
    try:
        player.load(ProgressiveDecoder(path))
        player.play()
    except AudioError as exc:
        print(f"sonodesk: {exc}", file=sys.stderr)
        player.close()
        return False
    print(f"Playing {path.name} ({player.duration:.1f}s). Ctrl+C stops.", file=sys.stderr)
    try:
        finished.wait(timeout=player.duration + 10)
    except KeyboardInterrupt:
        pass
    finally:
        player.close()
    return True
