"""Genre presets and kit palettes that the music sketch starts from. Pure data: no Qt, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Genre:
    """Defaults a genre word brings: tempo, mode, parts, palette and feel."""

    name: str
    words: tuple[str, ...]
    bpm: float
    minor: bool
    parts: frozenset[str]
    kit: str
    groove: str  # drum pattern family, see music_drums
    swing: float
    sevenths: bool
    space: float  # reverb amount, 0..1
    energy: float
    chord_bars: int = 1  # bars per chord: slow harmonic rhythm for ambient and fast genres


def _parts(*names: str) -> frozenset[str]:
    return frozenset(names)


_BAND = _parts("drums", "bass", "chords", "lead")

# Order matters: the first genre whose words occur wins, so specific styles come first
# ("lofi hip hop" is lofi; "deep house" is house).
GENRES: tuple[Genre, ...] = (
    Genre("lofi", ("lofi", "lo-fi", "lo fi", "chillhop", "study beats", "jazzhop"), 80, True,
          _BAND, "lofi", "boombap", 0.22, True, 0.35, 0.45),
    Genre("trap", ("trap", "drill"), 140, True, _BAND | {"pad"}, "808", "trap", 0.0, False,
          0.3, 0.7),
    Genre("hiphop", ("hip hop", "hip-hop", "hiphop", "boom bap", "boombap", "rap"), 90, True,
          _BAND, "lofi", "boombap", 0.12, True, 0.25, 0.6),
    Genre("dnb", ("drum and bass", "drum & bass", "drum n bass", "drum'n'bass", "dnb", "d&b",
                  "jungle", "liquid"), 172, True, _parts("drums", "bass", "pad", "lead"), "808",
          "dnb", 0.0, True, 0.35, 0.8, 2),
    Genre("house", ("house", "deep house", "disco", "uk garage"), 124, True, _BAND, "808", "four",
          0.05, True, 0.3, 0.75),
    Genre("techno", ("techno", "industrial", "minimal techno"), 130, True,
          _parts("drums", "bass", "arp", "pad"), "808", "four", 0.0, False, 0.3, 0.8),
    Genre("edm", ("edm", "trance", "dance", "electro", "festival", "rave", "big room"), 128, True,
          _BAND | {"arp"}, "808", "four", 0.0, False, 0.35, 0.85),
    Genre("ambient", ("ambient", "drone", "meditation", "meditative", "atmospheric",
                      "soundscape", "new age"), 70, False, _parts("pad", "chords", "lead"),
          "lofi", "none", 0.0, True, 0.8, 0.3, 2),
    Genre("cinematic", ("cinematic", "epic", "orchestral", "film", "score", "soundtrack",
                        "trailer"), 90, True, _parts("pad", "bass", "chords", "lead"),
          "acoustic", "none", 0.0, False, 0.6, 0.6, 2),
    Genre("synthwave", ("synthwave", "retrowave", "outrun", "80s", "vaporwave"), 100, True,
          _BAND | {"arp"}, "808", "rock", 0.0, False, 0.4, 0.7),
    Genre("jazz", ("jazz", "jazzy", "bebop", "bossa", "bossa nova", "lounge"), 112, False,
          _BAND, "acoustic", "jazz", 0.4, True, 0.3, 0.5),
    Genre("funk", ("funk", "funky", "soul", "r&b", "rnb", "neo soul", "motown"), 100, True,
          _BAND, "acoustic", "boombap", 0.1, True, 0.25, 0.7),
    Genre("rock", ("rock", "indie", "punk", "grunge", "alternative", "garage rock"), 120, False,
          _BAND, "acoustic", "rock", 0.0, False, 0.2, 0.8),
    Genre("pop", ("pop", "synthpop", "k-pop", "ballad"), 110, False, _BAND, "808", "rock", 0.0,
          False, 0.3, 0.7),
)  # fmt: skip

DEFAULT_GENRE = Genre("default", (), 100, False, _BAND, "lofi", "rock", 0.0, False, 0.3, 0.6)

# Which synth voice plays each part in each kit (music_voices names).
KIT_VOICES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "lofi": {"chords": "ep", "lead": "flute", "bass": "soft_bass", "pad": "pad", "arp": "ep"},
    "808": {"chords": "supersaw", "lead": "saw_lead", "bass": "sub808", "pad": "pad",
            "arp": "synth_pluck"},
    "acoustic": {"chords": "organ", "lead": "pluck", "bass": "pluck_bass", "pad": "strings",
                 "arp": "pluck"},
})  # fmt: skip
