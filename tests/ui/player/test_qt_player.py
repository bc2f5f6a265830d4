"""QtPlayer on FakeOutput with real files and real decoding: frames, transport, signals, memory."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from fakes.fake_audio import FakeOutput, unavailable
from sonodesk.ui.player.outputs import make_output
from ui.player.player_rig import RATE, ManualClock, Rig


def test_frames_arrive_and_equal_the_file(rig: Rig, qtbot: QtBot) -> None:
    path = rig.tone(seconds=1.0)
    with qtbot.waitSignal(rig.player.sig_take_loaded) as loaded:
        rig.load(path, title="Tone")
    assert loaded.args == [str(path), pytest.approx(1.0)]
    assert rig.player.title == "Tone"

    with qtbot.waitSignal(rig.player.sig_state_changed) as changed:
        rig.player.play()
    assert changed.args == ["playing"]
    rig.advance(0.5)

    expected = rig.files["tone.wav"][: RATE // 2]
    np.testing.assert_allclose(rig.fake.recorded, expected, atol=1e-4)
    assert rig.player.exact_position() == pytest.approx(0.5)
    assert rig.player.position() == pytest.approx(0.5, abs=0.01)


def test_smoothed_position_glides_between_buffers_and_never_runs_ahead(rig: Rig) -> None:
    rig.load(rig.tone(seconds=2.0))
    rig.player.play()
    rig.advance(0.1)
    assert rig.player.position() == pytest.approx(0.1, abs=1e-6)
    # Wall time moves on but the device has not asked for more: glide, capped at one buffer.
    seen = []
    for _ in range(20):
        rig.clock.now += 0.016
        seen.append(rig.player.position())
    assert seen == sorted(seen)
    assert seen[0] > 0.1
    assert seen[-1] <= 0.2 + 1e-9


def test_pause_stop_and_seek(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=3.0))
    rig.player.play()
    rig.advance(0.5)
    with qtbot.waitSignal(rig.player.sig_state_changed) as changed:
        rig.player.pause()
    assert changed.args == ["paused"]
    rig.fake.clear()
    rig.advance(0.25)
    assert not np.any(rig.fake.recorded)
    assert rig.player.position() == pytest.approx(0.5)

    with qtbot.waitSignal(rig.player.sig_position_jumped) as jumped:
        rig.player.seek(2.0)
    assert jumped.args == [pytest.approx(2.0)]
    rig.player.seek_relative(-5.0)
    assert rig.player.exact_position() == 0.0
    rig.player.seek_relative(99.0)
    assert rig.player.exact_position() == pytest.approx(3.0)

    rig.player.seek(1.0)
    rig.player.play()
    rig.advance(0.2)
    with qtbot.waitSignal(rig.player.sig_state_changed) as changed:
        rig.player.stop()
    assert changed.args == ["stopped"]
    assert rig.player.position() == 0.0


def test_loop_wraps_and_keeps_playing(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=0.5))
    with qtbot.waitSignal(rig.player.sig_loop_changed) as looped:
        rig.player.set_loop(True)
    assert looped.args == [True]
    rig.player.play()
    with qtbot.assertNotEmitted(rig.player.sig_finished):
        rig.advance(1.2)
    assert rig.player.is_playing
    samples = rig.files["tone.wav"]
    np.testing.assert_allclose(rig.fake.recorded[RATE // 2 : RATE], samples, atol=1e-4)
    assert rig.player.exact_position() == pytest.approx(0.2, abs=1 / RATE)
    assert rig.player.position() == pytest.approx(0.2, abs=1e-6)


def test_volume_scales_the_frames_and_mute_silences(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=1.0))
    with qtbot.waitSignal(rig.player.sig_volume_changed) as changed:
        rig.player.set_volume(0.5)
    assert changed.args == [0.5]
    rig.player.play()
    rig.advance(0.25)
    np.testing.assert_allclose(
        rig.fake.recorded, rig.files["tone.wav"][: RATE // 4] * 0.5, atol=1e-4
    )
    rig.fake.clear()
    rig.player.set_muted(True)
    rig.advance(0.1)
    assert not np.any(rig.fake.recorded)
    assert rig.player.volume == 0.5
    rig.player.set_volume(7.0)
    assert rig.player.volume == 1.0


def test_finishing_emits_finished_and_resets(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=0.5))
    rig.player.play()
    with qtbot.waitSignals([rig.player.sig_state_changed, rig.player.sig_finished]):
        rig.advance(0.75)
    assert rig.player.state == "stopped"
    assert rig.player.position() == 0.0


def test_audio_thread_events_arrive_on_the_gui_thread(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=0.25))
    rig.player.play()
    threads: list[threading.Thread] = []
    rig.player.sig_finished.connect(lambda: threads.append(threading.current_thread()))
    audio = threading.Thread(target=rig.fake.advance, args=(0.5,), name="fake-audio")
    with qtbot.waitSignal(rig.player.sig_finished, timeout=5000):
        audio.start()
        audio.join()
    assert threads == [threading.main_thread()]


def test_undecodable_file_reports_a_plain_error(rig: Rig, qtbot: QtBot, tmp_path: Path) -> None:
    good = rig.tone()
    rig.load(good)
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"this is not audio at all" * 100)
    with qtbot.waitSignal(rig.player.sig_error) as error:
        assert rig.player.load_take(junk) is False
    message = error.args[0]
    assert "not audio Sonodesk can read" in message
    assert "Traceback" not in message and str(tmp_path) not in message
    assert rig.player.path == str(good)  # the previous take stays

    with qtbot.waitSignal(rig.player.sig_error):
        assert rig.player.load_take(tmp_path / "missing.wav") is False


def test_output_unavailable_is_reported_once_and_the_rest_works(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from sonodesk.ui.player.qt_player import QtPlayer

    fake = FakeOutput(open_error=unavailable("Playback is unavailable: no device."))
    player = QtPlayer(fake, fade_ms=0.0)
    rig = Rig(fake, ManualClock(), player, tmp_path)
    try:
        rig.load(rig.tone(seconds=2.0))
        with qtbot.waitSignal(player.sig_output_unavailable) as reported:
            player.play()
        assert reported.args == ["Playback is unavailable: no device."]
        assert player.state == "stopped"
        with qtbot.assertNotEmitted(player.sig_output_unavailable):
            player.toggle()
        player.seek(1.5)
        assert player.exact_position() == pytest.approx(1.5)
        assert player.envelope() is not None and player.envelope().complete
        assert player.load_take(rig.tone("other.wav", seconds=1.0))
        assert player.duration() == pytest.approx(1.0)

        fake.open_error = None
        player.play()
        assert player.is_playing and player.output_problem is None
    finally:
        player.close()


def test_switching_takes_thirty_times_releases_each_decoder(rig: Rig) -> None:
    paths = [rig.tone("a.wav", seconds=5.0), rig.tone("b.wav", seconds=5.0)]
    refs = []
    rig.player.play()
    for i in range(30):
        assert rig.player.load_take(paths[i % 2], autoplay=True)
        rig.advance(0.02)
        source = rig.player.core.source
        refs.append(weakref.ref(source))
        del source
    gc.collect()
    alive = [i for i, ref in enumerate(refs) if ref() is not None]
    assert alive == [29]
    assert refs[29]() is rig.player.core.source
    rig.player.unload()
    gc.collect()
    assert refs[-1]() is None


def test_rss_does_not_grow_per_take(rig: Rig) -> None:
    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("needs /proc")
    page = 4096

    def rss() -> int:
        return int(statm.read_text().split()[1]) * page

    paths = [rig.tone("a.wav", seconds=10.0), rig.tone("b.wav", seconds=10.0)]
    for i in range(4):  # warm up allocator and caches
        rig.load(paths[i % 2])
    gc.collect()
    before = rss()
    for i in range(30):
        rig.load(paths[i % 2], autoplay=True)
        rig.advance(0.02)
    gc.collect()
    grown = rss() - before
    # Each take holds 3.8 MB of samples; keeping them would add over 100 MB.
    assert grown < 25 * 1024 * 1024, f"RSS grew by {grown / 1e6:.1f} MB over 30 takes"


def test_make_output_builds_without_opening() -> None:
    from sonodesk.core.audio.output import NullOutput
    from sonodesk.core.audio.sounddevice_output import SoundDeviceOutput

    assert isinstance(make_output("", null=True), NullOutput)
    default = make_output("")
    assert isinstance(default, SoundDeviceOutput) and default.device_name is None
    named = make_output("USB Audio")
    assert isinstance(named, SoundDeviceOutput) and named.device_name == "USB Audio"
