"""The music sketch synthesiser: shape, determinism, tempo, key, parts and level, measured."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

from sonodesk.sandbox.synth.music import render_music, sketch_frames
from sonodesk.sandbox.synth.music_prompt import read_style

SR = 44100
CEILING = 10.0 ** (-1.0 / 20.0)
MAJOR_STEPS = (0, 2, 4, 5, 7, 9, 11)


def _render(params: dict[str, Any], seed: int = 7, output_index: int = 0) -> np.ndarray:
    return render_music(params, seed=seed, output_index=output_index, sample_rate=SR)


def _mono(audio: np.ndarray) -> np.ndarray:
    return audio.astype(np.float64).mean(axis=1)


def _frames(signal: np.ndarray, size: int, hop: int) -> np.ndarray:
    count = 1 + (len(signal) - size) // hop
    index = np.arange(size)[None, :] + hop * np.arange(count)[:, None]
    return signal[index] * np.hanning(size)


def _chroma(audio: np.ndarray) -> np.ndarray:
    """Energy per pitch class from 100 Hz to 2 kHz, with bins fine enough for bass notes."""
    spectrum = np.abs(np.fft.rfft(_frames(_mono(audio), 16384, 4096), axis=1)) ** 2
    freqs = np.fft.rfftfreq(16384, 1.0 / SR)
    usable = (freqs > 100.0) & (freqs < 2000.0)
    classes = (np.round(12.0 * np.log2(freqs[usable] / 440.0)) + 9).astype(int) % 12
    chroma = np.zeros(12)
    np.add.at(chroma, classes, spectrum[:, usable].sum(axis=0))
    return chroma / chroma.sum()


def _scale_share(chroma: np.ndarray, tonic: int, minor: bool) -> float:
    relative_major = (tonic + 3) % 12 if minor else tonic
    return float(sum(chroma[(relative_major + s) % 12] for s in MAJOR_STEPS))


def _onset_strength(audio: np.ndarray) -> np.ndarray:
    """Positive spectral flux of the log magnitude per 256-sample hop."""
    spectrum = np.log1p(100.0 * np.abs(np.fft.rfft(_frames(_mono(audio), 1024, 256), axis=1)))
    return np.maximum(np.diff(spectrum, axis=0), 0.0).sum(axis=1)


def _kick_times(audio: np.ndarray) -> np.ndarray:
    """Onsets in the low band (kicks): where the 150 Hz low-passed envelope jumps up.

    A jump (x1.8 within 17 ms) rather than a level crossing, because a booming kick is still
    ringing when the next one lands; a 120 ms refractory time keeps one kick from counting
    twice.
    """
    spectrum = np.fft.rfft(_mono(audio))
    spectrum[np.fft.rfftfreq(len(audio), 1.0 / SR) > 150.0] = 0.0
    low = np.fft.irfft(spectrum, len(audio))
    hop = 64
    blocks = np.abs(low[: len(low) // hop * hop]).reshape(-1, hop).max(axis=1)
    # A 23 ms running max spans a full cycle of a 45 Hz kick, so the envelope does not
    # dip at every zero crossing.
    envelope = np.lib.stride_tricks.sliding_window_view(np.pad(blocks, (15, 0)), 16).max(axis=1)
    floor = 0.3 * envelope.max()
    onsets: list[float] = []
    for frame in range(12, len(envelope)):
        time = frame * hop / SR
        rising = envelope[frame] > 1.8 * envelope[frame - 12] + 1e-9
        if rising and envelope[frame] > floor and (not onsets or time - onsets[-1] > 0.12):
            onsets.append(time)
    return np.array(onsets)


def _tempo(audio: np.ndarray) -> float:
    """Tempo from the autocorrelation of the onset strength, searched in 60..180 BPM."""
    strength = _onset_strength(audio)
    strength = strength - strength.mean()
    corr = np.correlate(strength, strength, mode="full")[len(strength) - 1 :]
    rate = SR / 256.0
    lags = np.arange(int(rate * 60 / 180), int(rate * 60 / 60) + 1)
    best = lags[np.argmax(corr[lags])]
    a, b, c = corr[best - 1], corr[best], corr[best + 1]
    best = best + 0.5 * (a - c) / (a - 2 * b + c)
    return 60.0 * rate / best


def _highpassed(audio: np.ndarray, cutoff: float = 300.0) -> np.ndarray:
    spectrum = np.fft.rfft(_mono(audio))
    spectrum[np.fft.rfftfreq(len(audio), 1.0 / SR) < cutoff] = 0.0
    return np.fft.irfft(spectrum, len(audio))


def _rms_db(audio: np.ndarray) -> float:
    return float(10.0 * np.log10(np.mean(audio.astype(np.float64) ** 2) + 1e-20))


# --- Shape, range, length -------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"prompt": "dreamy lofi hip hop with warm keys", "duration": 6},
        {"prompt": "energetic house", "duration": 5, "kit": "model_sonodesk-kit-808"},
        {"prompt": "indie rock", "duration": 5, "kit": "model_sonodesk-kit-acoustic"},
        {"prompt": "ambient drone", "duration": 6},
        {"prompt": "dark trap with 808s", "duration": 4},
    ],
)
def test_output_is_float32_stereo_of_the_requested_length_within_range(
    params: dict[str, Any],
) -> None:
    audio = _render(params)
    assert audio.dtype == np.float32
    assert audio.shape == (params["duration"] * SR, 2)
    assert np.all(np.isfinite(audio))
    peak = float(np.max(np.abs(audio)))
    assert peak <= CEILING + 1e-6, "peaks must stay at or below -1 dBFS"
    assert peak > 0.3, "the master should not come out nearly silent"
    assert -20.0 < _rms_db(audio) < -11.0, "loudness should be in a sensible range"
    # Fade-in and fade-out: the ends start and stop at (near) silence, so no clicks.
    assert np.max(np.abs(audio[:8])) < 0.01
    assert np.max(np.abs(audio[-8:])) < 0.01


def test_missing_params_fall_back_to_the_default_twenty_seconds() -> None:
    audio = render_music({"prompt": "piano"}, seed=1, output_index=0, sample_rate=8000)
    assert audio.shape == (20 * 8000, 2)


def test_sections_set_the_length_from_bars_and_tempo() -> None:
    params = {
        "prompt": "house",
        "bpm": 120,
        "duration": 30,
        "sections": [
            {"name": "intro", "bars": 2, "energy": 0.3},
            {"name": "chorus", "bars": 3, "energy": 0.9},
            {"name": "outro"},  # bars default to 8
        ],
    }
    expected = (2 + 3 + 8) * 4 * 0.5 * SR
    assert sketch_frames(params, SR) == expected
    audio = _render(params)
    assert audio.shape == (expected, 2)
    assert np.max(np.abs(audio)) <= CEILING + 1e-6


def test_section_energy_shapes_the_level() -> None:
    params = {
        "prompt": "techno",
        "bpm": 120,
        "sections": [
            {"name": "breakdown", "bars": 2, "energy": 0.1},
            {"name": "chorus", "bars": 2, "energy": 1.0},
        ],
    }
    audio = _render(params)
    bar = 2 * SR
    quiet, loud = audio[: 2 * bar], audio[2 * bar :]
    assert _rms_db(loud) > _rms_db(quiet) + 4.0
    # The low-energy breakdown drops the drums: far fewer transients than the chorus.
    assert len(_kick_times(quiet)) < len(_kick_times(loud))


# --- Determinism and takes ------------------------------------------------------------------


def test_same_seed_and_take_are_bit_identical() -> None:
    params = {"prompt": "lofi hip hop in D minor", "duration": 5}
    assert np.array_equal(_render(params, seed=11), _render(params, seed=11))


def test_other_seeds_and_takes_differ_but_keep_key_and_tempo() -> None:
    params = {"prompt": "chill house in E minor at 120 bpm", "duration": 8}
    first = _render(params, seed=1)
    takes = [_render(params, seed=2), _render(params, seed=1, output_index=1)]
    for take in takes:
        # Above 300 Hz, where melody, chords and hats live (a house kick is the same anyway).
        correlation = np.corrcoef(_highpassed(first), _highpassed(take))[0, 1]
        assert correlation < 0.6, "another take should be audibly different"
        for audio in (first, take):
            assert _scale_share(_chroma(audio), 4, True) > 0.85  # E minor
            assert _scale_share(_chroma(audio), 5, True) < 0.75
            assert min(abs(_tempo(audio) / 120.0 * f - 1.0) for f in (0.5, 1.0, 2.0)) < 0.03


def test_renders_from_several_threads_match_sequential_renders() -> None:
    params = {"prompt": "jazz trio", "duration": 4}
    expected = [_render(params, seed=s) for s in (3, 4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda s: _render(params, seed=s), (3, 4, 3, 4)))
    for i, result in enumerate(results):
        assert np.array_equal(result, expected[i % 2])


# --- Tempo -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "bpm"),
    [
        ({"prompt": "house at 128 bpm", "instruments": ["drums"]}, 128.0),
        ({"prompt": "house at 128 bpm", "bpm": 100, "instruments": ["drums"]}, 100.0),
        ({"prompt": "techno", "instruments": ["drums"]}, 130.0),
    ],
)
def test_four_on_the_floor_kicks_land_on_every_beat_of_the_requested_tempo(
    params: dict[str, Any], bpm: float
) -> None:
    kicks = _kick_times(_render({**params, "duration": 8}))
    assert len(kicks) >= 8
    assert np.median(np.diff(kicks)) == pytest.approx(60.0 / bpm, rel=0.03)


@pytest.mark.parametrize(
    ("prompt", "bpm"),
    [("lofi hip hop beat at 85 bpm", 85.0), ("rock", 120.0), ("fast rock", 132.0)],
)
def test_onsets_repeat_at_the_prompted_tempo(prompt: str, bpm: float) -> None:
    measured = _tempo(_render({"prompt": prompt, "duration": 10}))
    # Onset periodicity may lock to half or double time; the tempo itself must match.
    assert min(abs(measured / bpm * f - 1.0) for f in (0.5, 1.0, 2.0)) < 0.03


# --- Key and mode ----------------------------------------------------------------------------

_TONAL = ["bass", "chords", "lead", "pad"]


def test_major_and_minor_keys_put_their_own_thirds_sixths_and_sevenths_forward() -> None:
    major = _chroma(_render({"prompt": "pop", "key": "C major", "instruments": _TONAL}))
    minor = _chroma(_render({"prompt": "pop", "key": "C minor", "instruments": _TONAL}))
    e, e_flat, a, a_flat, b, b_flat = 4, 3, 9, 8, 11, 10
    assert major[e] > 3 * major[e_flat] and major[a] > 3 * major[a_flat]
    assert minor[e_flat] > 3 * minor[e] and minor[a_flat] > 3 * minor[a]
    assert major[b] > major[b_flat] and minor[b_flat] > minor[b]
    assert _scale_share(major, 0, False) > 0.85
    assert _scale_share(minor, 0, True) > 0.85


@pytest.mark.parametrize(
    ("prompt", "tonic", "minor"),
    [
        ("melancholic piano ballad in F# minor", 6, True),
        ("bright synthwave in Bb major", 10, False),
        ("sad lofi keys in Em", 4, True),
        ("uplifting house in D", 2, False),
    ],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_the_prompted_key_holds_the_notes(prompt: str, tonic: int, minor: bool, seed: int) -> None:
    chroma = _chroma(_render({"prompt": prompt, "duration": 12, "instruments": _TONAL}, seed))
    assert _scale_share(chroma, tonic, minor) > 0.9
    # A semitone off would leave much of the energy outside the scale. (A fifth off shares six
    # of seven notes, and a short take may simply not play the seventh: not tested here.)
    assert _scale_share(chroma, (tonic + 1) % 12, minor) < 0.75
    assert _scale_share(chroma, (tonic - 1) % 12, minor) < 0.75


def test_full_mix_with_drums_stays_in_key() -> None:
    chroma = _chroma(_render({"prompt": "boom bap hip hop in G minor", "duration": 12}))
    assert _scale_share(chroma, 7, True) > 0.85
    assert _scale_share(chroma, 8, True) < 0.75


# --- Parts ------------------------------------------------------------------------------------


def _high_transients(audio: np.ndarray) -> float:
    """Mean rise of the power above 6 kHz per 6 ms frame: hats, snares and cymbals.

    Renders are loudness-normalised, so absolute values compare across takes; sustained
    tones and a stationary hiss barely rise and fall up there.
    """
    spectrum = np.abs(np.fft.rfft(_frames(_mono(audio), 1024, 256), axis=1)) ** 2
    high = spectrum[:, np.fft.rfftfreq(1024, 1.0 / SR) >= 6000.0].sum(axis=1)
    return float(np.mean(np.maximum(np.diff(high), 0.0)))


def test_leaving_out_the_drums_removes_the_broadband_transients() -> None:
    base = {"prompt": "house", "duration": 6, "kit": "model_sonodesk-kit-808"}
    with_drums = _high_transients(_render({**base, "instruments": ["drums", "chords", "pad"]}))
    without = _high_transients(_render({**base, "instruments": ["chords", "pad"]}))
    assert without < 0.2 * with_drums


def test_drums_alone_carry_the_transients_and_chords_alone_carry_none() -> None:
    drums = _render({"prompt": "rock", "duration": 6, "instruments": ["drums"]})
    assert len(_kick_times(drums)) >= 6
    chords = _render({"prompt": "rock", "duration": 6, "instruments": ["chords"]})
    assert _high_transients(drums) > 100 * _high_transients(chords)


def test_ambient_prompt_has_no_drums_and_long_notes() -> None:
    style = read_style({"prompt": "ambient soundscape"})
    assert "drums" not in style.parts and "pad" in style.parts
    audio = _render({"prompt": "ambient soundscape", "duration": 8})
    drums = _render({"prompt": "ambient soundscape", "duration": 8, "instruments": ["drums"]})
    assert _high_transients(audio) < 0.1 * _high_transients(drums)


# --- Prompt interpretation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "bpm"),
    [
        ({"prompt": "lofi"}, 80.0),
        ({"prompt": "deep house groove"}, 124.0),
        ({"prompt": "techno"}, 130.0),
        ({"prompt": "liquid drum and bass"}, 172.0),
        ({"prompt": "boom bap hip hop"}, 90.0),
        ({"prompt": "ambient"}, 70.0),
        ({"prompt": "rock"}, 120.0),
        ({"prompt": "something at 97 bpm"}, 97.0),
        ({"prompt": "a fast tune"}, 128.0),
        ({"prompt": "a slow tune"}, 76.0),
        ({"prompt": "lofi at 200 bpm"}, 180.0),
        ({"prompt": "lofi at 90 bpm", "bpm": 70}, 70.0),
    ],
)
def test_tempo_words(params: dict[str, Any], bpm: float) -> None:
    assert read_style(params).bpm == bpm


@pytest.mark.parametrize(
    ("params", "tonic", "minor"),
    [
        ({"prompt": "in A minor"}, 9, True),
        ({"prompt": "D major groove"}, 2, False),
        ({"prompt": "dark beat in F#m"}, 6, True),
        ({"prompt": "Bb major ballad"}, 10, False),
        ({"prompt": "e flat minor"}, 3, True),
        ({"prompt": "happy song in D"}, 2, False),
        ({"prompt": "sad song in D"}, 2, True),
        ({"prompt": "in A minor", "key": "G major"}, 7, False),
        ({"prompt": "in A minor", "key": "auto"}, 9, True),
    ],
)
def test_key_words(params: dict[str, Any], tonic: int, minor: bool) -> None:
    style = read_style(params)
    assert (style.tonic, style.minor) == (tonic, minor)


def test_mood_words_choose_the_mode_and_the_key_is_stable_without_one() -> None:
    assert read_style({"prompt": "sad melancholic piano"}).minor
    assert not read_style({"prompt": "happy uplifting piano"}).minor
    first = read_style({"prompt": "a tune for a rainy day"})
    assert first.tonic == read_style({"prompt": "a tune for a rainy day"}).tonic


@pytest.mark.parametrize(
    ("params", "parts"),
    [
        ({"prompt": "lofi with strings"}, {"drums", "bass", "chords", "lead", "pad"}),
        ({"prompt": "lofi without drums"}, {"bass", "chords", "lead"}),
        ({"prompt": "drumless soul"}, {"bass", "chords", "lead"}),
        ({"prompt": "solo piano only"}, {"chords"}),
        ({"prompt": "ambient with an arpeggio"}, {"pad", "chords", "lead", "arp"}),
        ({"prompt": "rock", "instruments": ["bass", "pad"]}, {"bass", "pad"}),
        ({"prompt": "rock", "instruments": []}, {"drums", "bass", "chords", "lead"}),
    ],
)
def test_instrument_words(params: dict[str, Any], parts: set[str]) -> None:
    assert read_style(params).parts == parts


def test_genre_feel_and_explicit_params() -> None:
    lofi = read_style({"prompt": "lofi"})
    assert lofi.kit == "lofi" and lofi.swing > 0.1 and lofi.genre.groove == "boombap"
    house = read_style({"prompt": "house"})
    assert house.kit == "808" and house.genre.groove == "four"
    # 0 is the default the server fills in, so it keeps the genre's feel; words can override.
    assert read_style({"prompt": "lofi", "swing": 0}).swing == 0.0  # explicit 0 is straight
    assert read_style({"prompt": "straight lofi", "swing": 0}).swing == 0.0
    assert read_style({"prompt": "lofi", "swing": 0.45}).swing == 0.45
    assert read_style({"prompt": "rock with a shuffle"}).swing >= 0.3
    assert read_style({"prompt": "house", "kit": "model_sonodesk-kit-acoustic"}).kit == "acoustic"
    assert read_style({"prompt": "rock on a dusty tape"}).kit == "lofi"
    assert read_style({"prompt": "lofi with a rhodes"}).voice("chords") == "ep"
    assert read_style({"prompt": "rock with organ"}).voice("chords") == "organ"


def test_kits_sound_different() -> None:
    base = {"prompt": "hip hop", "duration": 5, "instruments": ["drums", "bass", "chords"]}
    takes = {
        kit: _render({**base, "kit": f"model_sonodesk-kit-{kit}"})
        for kit in ("lofi", "808", "acoustic")
    }
    assert np.corrcoef(_mono(takes["lofi"]), _mono(takes["808"]))[0, 1] < 0.5
    assert np.corrcoef(_mono(takes["lofi"]), _mono(takes["acoustic"]))[0, 1] < 0.5
