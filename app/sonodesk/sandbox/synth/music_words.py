"""The prompt vocabulary of the music sketch: which words mean what. Pure data: no Qt, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


def _words(text: str) -> tuple[str, ...]:
    """Comma-separated phrases; commas let multi-word phrases ("laid back") stay together."""
    return tuple(word.strip() for word in text.split(","))


PART_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "drums": _words(
            "drum, drums, beat, beats, percussion, breakbeat, breaks, groove, kick, snare, "
            "hi-hats, hihats, hats"
        ),
        "bass": _words("bass, bassline, basslines, sub, sub bass, 808s"),
        "chords": _words(
            "piano, keys, rhodes, electric piano, ep, wurli, wurlitzer, organ, hammond, chords, "
            "guitar, stabs, comping"
        ),
        "lead": _words(
            "lead, melody, melodies, synth, synths, flute, whistle, hook, bell, bells, "
            "glockenspiel, music box, sax, trumpet"
        ),
        "pad": _words("pad, pads, strings, string, choir, texture, textures, drone, swells"),
        "arp": _words("arp, arps, arpeggio, arpeggios, arpeggiated, sequence, sequencer, plucks"),
    }
)
MINOR_WORDS = _words(
    "sad, dark, melancholic, melancholy, moody, gloomy, somber, sombre, tense, haunting, eerie, "
    "mysterious, sinister, brooding, lonely, nostalgic, bittersweet, ominous, minor"
)
MAJOR_WORDS = _words(
    "happy, bright, uplifting, joyful, cheerful, sunny, euphoric, hopeful, playful, feel-good, "
    "feel good, triumphant, summer, major"
)
FAST_WORDS = _words(
    "fast, upbeat, uptempo, up-tempo, energetic, driving, hyper, frantic, quick, intense, "
    "aggressive, rapid"
)
SLOW_WORDS = _words(
    "slow, chill, chilled, relaxed, relaxing, laid back, laid-back, calm, lazy, mellow, sleepy, "
    "gentle, peaceful, downtempo, dreamy"
)
LOUD_WORDS = _words(
    "energetic, intense, aggressive, driving, powerful, hard, banging, epic, big, loud, heavy"
)
SOFT_WORDS = _words(
    "calm, soft, gentle, quiet, minimal, sparse, peaceful, relaxed, chill, sleepy, intimate, "
    "delicate"
)
SWING_WORDS = _words("swing, swung, swingy, shuffle, shuffled")
CHORD_VOICE_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ep": _words("piano, keys, rhodes, electric piano, ep, wurli, wurlitzer"),
        "organ": _words("organ, hammond"),
        "supersaw": _words("supersaw, synth chords, saw chords, synth stabs"),
    }
)
LEAD_VOICE_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "flute": _words("flute, whistle, ocarina, recorder"),
        "bell": _words("bell, bells, glockenspiel, music box, celesta"),
        "pluck": _words("guitar, harp, pizzicato"),
        "saw_lead": _words("synth lead, lead synth, saw lead, synth"),
    }
)
KIT_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "808": _words("808, 808s, trap kit"),
        "lofi": _words("lofi kit, dusty, vinyl, tape, crackle, lo-fi kit"),
        "acoustic": _words("acoustic, live drums, real drums, natural drums, jazz kit"),
    }
)
