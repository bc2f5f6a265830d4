"""Real PortAudio in a subprocess: the ALSA null device plays, and a missing device is explained.

Each check runs in a fresh interpreter because PortAudio reads ALSA_CONFIG_PATH when it starts.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    ctypes.util.find_library("portaudio") is None,
    reason="PortAudio (libportaudio2) is not installed",
)

NULL_ALSA_CONFIG = """\
</usr/share/alsa/alsa.conf>
pcm.!default { type null }
ctl.!default { type hw card 0 }
"""


def _run(code: str, env_extra: dict[str, str]) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "ALSA_CONFIG_PATH"}
    env.update(env_extra)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def null_alsa(tmp_path: Path) -> dict[str, str]:
    if not Path("/usr/share/alsa/alsa.conf").exists():
        pytest.skip("ALSA configuration is not installed")
    config = tmp_path / "asound-null.conf"
    config.write_text(NULL_ALSA_CONFIG, encoding="utf-8")
    return {"ALSA_CONFIG_PATH": str(config)}


def test_stream_opens_and_runs_on_the_alsa_null_device(null_alsa: dict[str, str]) -> None:
    report = _run(
        """
        import json, threading
        import numpy as np
        from sonodesk.core.audio import (
            ArraySource, Player, SoundDeviceOutput, list_output_devices,
        )

        names = list_output_devices()
        pulled = [0]
        enough = threading.Event()

        def callback(out):
            out.fill(0)
            pulled[0] += len(out)
            if pulled[0] >= 48000:
                enough.set()

        stream = SoundDeviceOutput(None).open(48000, 2, callback)
        stream.start()
        ran = enough.wait(10)
        stream.stop()
        stream.close()

        finished = threading.Event()
        player = Player(SoundDeviceOutput())
        player.on_finished.add(finished.set)
        player.load(ArraySource(np.zeros((4800, 2), np.float32), 48000))
        player.play()
        played = finished.wait(10)
        player.close()
        print(json.dumps({
            "names": names, "ran": ran, "latency": stream.latency,
            "notice": stream.notice, "played": played,
        }))
        """,
        null_alsa,
    )
    assert report["names"], "the null device should be listed"
    assert report["ran"] is True
    assert report["latency"] > 0
    assert report["notice"] is None
    assert report["played"] is True


def test_unknown_device_name_falls_back_with_a_notice(null_alsa: dict[str, str]) -> None:
    report = _run(
        """
        import json
        from sonodesk.core.audio import SoundDeviceOutput

        stream = SoundDeviceOutput("Studio Monitors That Are Gone").open(
            44100, 2, lambda out: out.fill(0)
        )
        stream.start()
        stream.stop()
        stream.close()
        print(json.dumps({"notice": stream.notice, "device": stream.device_name}))
        """,
        null_alsa,
    )
    assert "Studio Monitors That Are Gone" in report["notice"]
    assert report["device"] in report["notice"]


def test_no_device_is_reported_plainly() -> None:
    report = _run(
        """
        import json
        from sonodesk.core.audio import SoundDeviceOutput, output_device_report
        from sonodesk.core.audio.output import OutputUnavailable

        devices = output_device_report()
        message = None
        if not devices.devices:
            try:
                SoundDeviceOutput("Anything").open(48000, 2, lambda out: None)
            except OutputUnavailable as exc:
                message = str(exc)
        print(json.dumps({"names": devices.names, "reason": devices.reason, "message": message}))
        """,
        {},
    )
    if report["names"]:
        pytest.skip("this machine has a real output device")
    assert report["reason"] == report["message"]
    assert report["message"].startswith("Playback is unavailable: no audio output device")
