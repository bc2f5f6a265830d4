"""Player through FakeOutput: exact frames, a test-driven clock, and every transport rule."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from fakes.fake_audio import FakeOutput, ScriptedSource, ramp, write_noise
from sonodesk.core.audio.decode import ProgressiveDecoder
from sonodesk.core.audio.output import OutputUnavailable
from sonodesk.core.audio.player import Player, PlayerState
from sonodesk.core.audio.source import ArraySource
from sonodesk.core.errors import AudioError

RATE = 48_000


class Events:
    def __init__(self, player: Player) -> None:
        self.states: list[PlayerState] = []
        self.finished = 0
        self.errors: list[AudioError] = []
        player.on_state_changed.add(self.states.append)
        player.on_finished.add(self._finished)
        player.on_error.add(self.errors.append)

    def _finished(self) -> None:
        self.finished += 1


def make(frames: int = RATE, *, channels: int = 2, fade_ms: float = 0.0, **fake: object):
    out = FakeOutput(**fake)  # type: ignore[arg-type]
    player = Player(out, fade_ms=fade_ms)
    samples = ramp(frames, channels=channels)
    return player, out, samples, Events(player)


def test_frames_arrive_and_equal_the_source() -> None:
    player, out, samples, events = make()
    player.load(ArraySource(samples, RATE))
    player.play()
    assert player.state is PlayerState.PLAYING
    assert events.states == [PlayerState.PLAYING]
    assert out.stream.sample_rate == RATE and out.stream.channels == 2

    out.advance(0.5)

    np.testing.assert_array_equal(out.recorded, samples[: RATE // 2])
    assert player.position == pytest.approx(0.5)
    assert player.duration == pytest.approx(1.0)


def test_position_follows_the_fake_clock() -> None:
    player, out, samples, _ = make(2 * RATE)
    player.load(ArraySource(samples, RATE))
    assert player.position == 0.0
    player.play()
    for step in range(1, 5):
        out.advance(0.1)
        assert player.position == pytest.approx(0.1 * step, abs=1 / RATE)
    assert player.position_frames == round(0.4 * RATE)


def test_mono_source_plays_on_both_channels() -> None:
    player, out, samples, _ = make(1000, channels=1)
    player.load(ArraySource(samples, RATE))
    player.play()
    out.advance_frames(1000)
    np.testing.assert_array_equal(out.recorded[:, 0], samples[:, 0])
    np.testing.assert_array_equal(out.recorded[:, 1], samples[:, 0])


def test_mono_device_gets_a_downmix() -> None:
    player, out, samples, _ = make(1000, max_channels=1)
    player.load(ArraySource(samples, RATE))
    player.play()
    out.advance_frames(1000)
    assert out.recorded.shape == (1000, 1)
    np.testing.assert_allclose(out.recorded[:, 0], samples.mean(axis=1), atol=1e-7)


def test_pause_holds_position_and_outputs_silence() -> None:
    player, out, samples, events = make()
    player.load(ArraySource(samples, RATE))
    player.play()
    out.advance(0.25)
    player.pause()
    assert player.state is PlayerState.PAUSED
    held = player.position
    out.clear()

    out.advance(0.25)

    assert player.position == held
    np.testing.assert_array_equal(out.recorded, np.zeros_like(out.recorded))
    player.play()
    out.clear()
    out.advance_frames(100)
    start = round(held * RATE)
    np.testing.assert_array_equal(out.recorded, samples[start : start + 100])
    assert events.states == [PlayerState.PLAYING, PlayerState.PAUSED, PlayerState.PLAYING]


def test_toggle() -> None:
    player, _out, samples, _ = make()
    player.load(ArraySource(samples, RATE))
    player.toggle()
    assert player.state is PlayerState.PLAYING
    player.toggle()
    assert player.state is PlayerState.PAUSED


def test_seek_moves_and_clamps() -> None:
    player, out, samples, _ = make()
    player.load(ArraySource(samples, RATE))
    player.play()
    out.advance(0.1)
    player.seek(0.5)
    assert player.position == pytest.approx(0.5)
    out.clear()
    out.advance_frames(300)
    np.testing.assert_array_equal(out.recorded, samples[RATE // 2 : RATE // 2 + 300])

    player.seek(-3.0)
    assert player.position == 0.0
    player.seek(99.0)
    assert player.position == pytest.approx(1.0)


def test_seek_while_stopped_sets_the_start_point() -> None:
    player, out, samples, _ = make()
    player.load(ArraySource(samples, RATE))
    player.seek(0.75)
    player.play()
    out.advance_frames(10)
    np.testing.assert_array_equal(out.recorded, samples[36_000:36_010])


def test_loop_wraps_sample_accurately_within_one_callback() -> None:
    player, out, samples, events = make(1000, block_frames=256)
    player.load(ArraySource(samples, RATE))
    player.set_loop(True)
    assert player.loop
    player.play()

    out.advance_frames(2_600)

    np.testing.assert_array_equal(out.recorded, np.tile(samples, (3, 1))[:2_600])
    assert player.position_frames == 600
    assert events.finished == 0 and player.state is PlayerState.PLAYING


def test_finished_fires_once_then_stopped_at_zero() -> None:
    player, out, samples, events = make(1000, block_frames=256)
    player.load(ArraySource(samples, RATE))
    player.play()

    out.advance_frames(1_500)
    out.advance_frames(1_500)

    assert events.finished == 1
    assert events.states == [PlayerState.PLAYING, PlayerState.STOPPED]
    assert player.state is PlayerState.STOPPED and player.position == 0.0
    recorded = out.recorded
    np.testing.assert_array_equal(recorded[:1000], samples)
    np.testing.assert_array_equal(recorded[1000:], np.zeros_like(recorded[1000:]))

    player.play()  # plays again from the start
    out.clear()
    out.advance_frames(10)
    np.testing.assert_array_equal(out.recorded, samples[:10])


def test_stop_resets_to_zero() -> None:
    player, out, samples, events = make()
    player.load(ArraySource(samples, RATE))
    player.play()
    out.advance(0.3)
    player.stop()
    assert player.state is PlayerState.STOPPED and player.position == 0.0
    out.clear()
    out.advance(0.1)
    np.testing.assert_array_equal(out.recorded, np.zeros_like(out.recorded))
    assert events.states[-1] is PlayerState.STOPPED and events.finished == 0


def test_volume_scales() -> None:
    player, out, samples, _ = make()
    player.load(ArraySource(samples, RATE))
    player.set_volume(0.5)
    player.play()
    out.advance_frames(1000)
    np.testing.assert_array_equal(out.recorded, samples[:1000] * np.float32(0.5))
    player.set_volume(7.0)
    assert player.volume == 1.0


def test_volume_change_ramps_without_a_click() -> None:
    player, out, _, _ = make(fade_ms=5.0)
    player.load(ArraySource(np.ones((RATE, 2), np.float32), RATE))
    player.play()
    out.advance_frames(1000)  # past the fade-in
    player.set_volume(0.2)
    out.clear()
    out.advance_frames(1000)
    gain = out.recorded[:, 0]
    fade = round(0.005 * RATE)  # a full 0→1 swing takes the fade time
    assert gain[0] < 1.0 and gain[0] > 0.99
    assert np.all(np.diff(gain) <= 0) and np.max(np.abs(np.diff(gain))) <= 1.0 / fade + 1e-6
    np.testing.assert_allclose(gain[-100:], 0.2, atol=1e-6)


def test_start_pause_and_seek_fade_instead_of_clicking() -> None:
    player, out, _, _ = make(fade_ms=5.0)
    player.load(ArraySource(np.full((RATE, 2), 0.8, np.float32), RATE))
    player.play()
    out.advance_frames(600)
    player.seek(0.5)
    out.advance_frames(600)
    player.pause()
    out.advance_frames(600)
    level = out.recorded[:, 0]
    steps = np.abs(np.diff(np.concatenate([[0.0], level])))
    assert steps.max() <= 0.8 / round(0.005 * RATE) * 2 + 1e-6  # no jumps, only slopes
    assert level[-1] == 0.0
    assert player.position == pytest.approx(0.5 + 600 / RATE)  # a pause fade does not advance


def test_underrun_plays_silence_and_holds_position() -> None:
    player, out, samples, events = make(10_000, block_frames=100)
    source = ScriptedSource(samples, RATE, ready=250)
    player.load(ArraySource(samples[:0], RATE))
    player.load(source)
    player.play()

    out.advance_frames(400)
    assert player.position_frames == 250
    assert player.buffering
    recorded = out.recorded
    np.testing.assert_array_equal(recorded[:250], samples[:250])
    np.testing.assert_array_equal(recorded[250:], np.zeros_like(recorded[250:]))
    out.advance_frames(300)
    assert player.position_frames == 250  # held, not skipped

    source.deliver(5_000)
    out.clear()
    out.advance_frames(200)
    assert not player.buffering
    np.testing.assert_array_equal(out.recorded, samples[250:450])
    assert player.state is PlayerState.PLAYING and events.finished == 0


def test_underrun_at_the_very_end_waits_for_done() -> None:
    player, out, samples, events = make(500)
    source = ScriptedSource(samples, RATE, ready=500)
    player.load(source)
    player.play()
    out.advance_frames(1000)
    assert events.finished == 0 and player.position_frames == 500
    source.finish()
    out.advance_frames(100)
    assert events.finished == 1


def test_source_error_reaches_on_error_once() -> None:
    player, out, samples, events = make(500)
    source = ScriptedSource(samples, RATE, ready=300)
    player.load(source)
    player.play()
    source.finish(AudioError("This file is not audio Sonodesk can read (it is damaged)."))
    out.advance_frames(1000)
    out.advance_frames(1000)
    assert len(events.errors) == 1 and "damaged" in str(events.errors[0])
    assert events.finished == 0
    assert player.state is PlayerState.STOPPED


def test_switching_sources_releases_the_old_one() -> None:
    player, _out, samples, _ = make()
    first = ScriptedSource(samples, RATE, ready=len(samples))
    second = ScriptedSource(samples, RATE, ready=len(samples))
    kept = ScriptedSource(samples, RATE, ready=len(samples))
    player.load(first)
    player.load(second)
    assert first.closed and not second.closed
    player.load(kept, owned=False)
    assert second.closed
    player.load(ArraySource(samples, RATE))
    assert not kept.closed  # not owned: the caller closes it
    player.unload()
    assert player.source is None and player.duration == 0.0


def test_ab_switch_keeps_position_and_applies_take_gain() -> None:
    player, out, samples, _ = make()
    take_a = ArraySource(samples, RATE)
    take_b = ArraySource(-samples, RATE)
    player.load(take_a, owned=False)
    player.play()
    out.advance_frames(1000)

    player.load(take_b, start_at=player.position, gain_db=-6.0, owned=False)
    out.clear()
    out.advance_frames(100)

    expected = -samples[1000:1100] * np.float32(10 ** (-6 / 20))
    np.testing.assert_allclose(out.recorded, expected, rtol=1e-6)
    assert player.state is PlayerState.PLAYING
    assert not take_a.closed


def test_load_while_playing_at_a_new_rate_reopens_the_stream() -> None:
    player, out, samples, _ = make()
    player.load(ArraySource(samples, RATE))
    player.play()
    out.advance_frames(100)
    player.load(ArraySource(samples, 44_100))
    assert len(out.streams) == 2 and out.stream.sample_rate == 44_100
    assert out.streams[0].closed
    out.advance_frames(50)
    np.testing.assert_array_equal(out.recorded, samples[:50])


def test_decoded_file_plays_exactly(tmp_path: Path) -> None:
    path = tmp_path / "take.flac"
    write_noise(path, 0.5, RATE, subtype="PCM_24")
    expected, _ = sf.read(str(path), dtype="float32", always_2d=True)
    player, out, _, events = make()
    decoder = ProgressiveDecoder(path, block_frames=2048, first_block_frames=512)
    assert decoder.wait_for_frames(512, timeout=5)
    player.load(decoder)
    player.play()
    out.advance_frames(512)  # playing while the rest is still being decoded
    assert decoder.wait_done(5)
    out.advance(1.0)
    recorded = out.recorded
    assert events.finished == 1
    np.testing.assert_array_equal(recorded[: len(expected)], expected)
    player.unload()
    assert decoder.frames_ready == 0 and decoder.done  # memory released


def test_fifty_decoded_takes_in_a_row_each_released(tmp_path: Path) -> None:
    path = tmp_path / "short.wav"
    write_noise(path, 0.05, RATE)
    player, out, _, _ = make()
    decoders = []
    for _ in range(50):
        decoder = ProgressiveDecoder(path)
        decoders.append(decoder)
        player.load(decoder)
        player.play()
        out.advance(0.06)
    assert all(d.frames_ready == 0 for d in decoders[:-1])
    assert not any(d._thread.is_alive() for d in decoders[:-1])
    player.close()
    assert decoders[-1].frames_ready == 0


@pytest.mark.parametrize("where", ["open", "start"])
def test_output_unavailable_is_raised_and_state_kept(where: str) -> None:
    failure = OutputUnavailable("Playback is unavailable: no audio output device was found.")
    kwargs = {f"{where}_error": failure}
    player, _out, samples, events = make(**kwargs)
    player.load(ArraySource(samples, RATE))
    with pytest.raises(OutputUnavailable, match="no audio output device"):
        player.play()
    assert player.state is PlayerState.STOPPED and events.states == []


@pytest.mark.parametrize("where", ["open", "start"])
def test_unexpected_output_failure_becomes_plain_output_unavailable(where: str) -> None:
    failure = RuntimeError("PaErrorCode -9996 /dev/snd/pcmC0D0p")
    player, _out, samples, _ = make(**{f"{where}_error": failure})
    player.load(ArraySource(samples, RATE))
    with pytest.raises(OutputUnavailable) as info:
        player.play()
    assert str(info.value).startswith("Playback is unavailable")
    assert "/dev/snd" not in info.value.full_text()
    assert player.state is PlayerState.STOPPED


def test_release_output_and_device_switch() -> None:
    player, out, samples, _ = make(notice="The output device “X” is not available.")
    player.load(ArraySource(samples, RATE))
    player.play()
    assert player.output_notice is not None and player.latency == pytest.approx(0.01)
    out.advance_frames(100)
    player.release_output()
    assert out.stream.closed and player.state is PlayerState.PAUSED

    other = FakeOutput()
    player.set_output(other)
    player.play()
    other.advance_frames(10)
    np.testing.assert_array_equal(other.recorded, samples[100:110])


def test_listeners_can_be_removed_and_failures_are_contained() -> None:
    player, out, samples, events = make(100)
    calls: list[str] = []

    def broken(_state: PlayerState) -> None:
        raise RuntimeError("listener bug")

    remove = player.on_state_changed.add(lambda s: calls.append(s.value))
    player.on_state_changed.add(broken)
    player.load(ArraySource(samples, RATE))
    player.play()
    remove()
    out.advance_frames(200)
    assert calls == ["playing"]
    assert events.finished == 1


def test_custom_dispatch_receives_every_event() -> None:
    queued = []
    out = FakeOutput()
    player = Player(out, fade_ms=0, dispatch=queued.append)
    seen: list[str] = []
    player.on_finished.add(lambda: seen.append("finished"))
    player.load(ArraySource(ramp(10), RATE))
    player.play()
    out.advance_frames(20)
    assert seen == [] and len(queued) == 3  # playing, stopped, finished
    for call in queued:
        call()
    assert seen == ["finished"]


def test_play_without_a_source_is_a_no_op() -> None:
    player, out, _, events = make()
    player.play()
    player.seek(1.0)
    assert player.state is PlayerState.STOPPED and out.streams == [] and events.states == []
