"""The export format table (container, subtype, depth, bitrate) and output rates. No I/O, no Qt.

Every encoder setting here was checked against what soundfile 0.14 / libsndfile 1.2.2 writes:
MP3 CBR frames carry exactly the requested bitrate, VBR files carry a Xing header and varying
frame bitrates, Vorbis quality and Opus bitrate follow the compression-level mappings below.
"""

from __future__ import annotations

from dataclasses import dataclass

# libsndfile maps an MP3 CBR compression level c to int(320 - c * 288) kbps (MPEG-1 rates), so
# a level for bitrate b is (320 - b) / 288; the epsilon keeps float rounding from truncating
# 192.0 down to 191.
_MP3_SPAN = 288.0
_EPSILON = 1e-9

# Opus: libsndfile sets (int((1 - c) * 250000) + 6000) bit/s per channel.
_OPUS_SPAN = 250_000.0
_OPUS_FLOOR = 6_000.0

# The rates a user may ask for; None in settings keeps the take's own rate.
CHOSEN_RATES = (44_100, 48_000, 88_200, 96_000)
MP3_RATES = (32_000, 44_100, 48_000)  # MPEG-1 layer III: the only rates that allow 320 kbps
OPUS_RATE = 48_000


@dataclass(frozen=True)
class FormatSpec:
    """One export choice: how soundfile is asked to write it and what the file must read back as."""

    key: str
    label: str
    container: str  # soundfile's format name
    subtype: str  # soundfile's subtype name, also what the read-back must report
    extension: str
    lossless: bool
    sample_format: str  # "int16", "int24", "float" (PCM we quantise ourselves) or "encoded"
    compression_level: float | None = None
    bitrate_mode: str | None = None  # only MP3 accepts a bitrate mode in libsndfile 1.2.2
    bitrate_kbps: int | None = None  # CBR or target bitrate (total, all channels)
    vbr_quality: str | None = None  # "V0", "q6": what the label promises
    rates: tuple[int, ...] | None = None  # allowed output rates; None: any rate
    max_channels: int = 8
    # Lossy decoders overshoot the encoder's input peaks; the limiter aims this much lower so
    # the decoded file still stays under the true-peak ceiling.
    lossy_headroom_db: float = 0.0

    @property
    def family(self) -> str:
        """ "WAV", "FLAC", "MP3", "Vorbis" or "Opus": for messages."""
        if self.container == "OGG":
            return self.subtype.capitalize()
        return self.container


def _mp3_cbr(kbps: int, headroom: float) -> FormatSpec:
    return FormatSpec(
        key=f"mp3-{kbps}",
        label=f"MP3 {kbps} kbps (CBR)",
        container="MP3",
        subtype="MPEG_LAYER_III",
        extension="mp3",
        lossless=False,
        sample_format="encoded",
        compression_level=max(0.0, (320 - kbps) / _MP3_SPAN - _EPSILON),
        bitrate_mode="CONSTANT",
        bitrate_kbps=kbps,
        rates=MP3_RATES,
        max_channels=2,
        lossy_headroom_db=headroom,
    )


def _mp3_vbr(level: int, headroom: float) -> FormatSpec:
    # libsndfile passes compression * 10 to lame_set_VBR_quality: V0 is 0.0, V2 is 0.2.
    return FormatSpec(
        key=f"mp3-v{level}",
        label=f"MP3 VBR V{level}",
        container="MP3",
        subtype="MPEG_LAYER_III",
        extension="mp3",
        lossless=False,
        sample_format="encoded",
        compression_level=level / 10.0,
        bitrate_mode="VARIABLE",
        vbr_quality=f"V{level}",
        rates=MP3_RATES,
        max_channels=2,
        lossy_headroom_db=headroom,
    )


def _vorbis(quality: int, nominal_kbps: int) -> FormatSpec:
    # libsndfile's Vorbis quality is 1 - compression, on Vorbis' own 0..1 (q0..q10) scale.
    return FormatSpec(
        key=f"ogg-q{quality}",
        label=f"OGG Vorbis q{quality} (~{nominal_kbps} kbps)",
        container="OGG",
        subtype="VORBIS",
        extension="ogg",
        lossless=False,
        sample_format="encoded",
        compression_level=1.0 - quality / 10.0,
        vbr_quality=f"q{quality}",
        bitrate_kbps=nominal_kbps,
        lossy_headroom_db=0.5,
    )


def _opus(kbps: int) -> FormatSpec:
    return FormatSpec(
        key=f"opus-{kbps}",
        label=f"Opus {kbps} kbps",
        container="OGG",
        subtype="OPUS",
        extension="opus",
        lossless=False,
        sample_format="encoded",
        bitrate_kbps=kbps,
        rates=(OPUS_RATE,),
        lossy_headroom_db=0.5,
    )


def opus_compression_level(kbps: int, channels: int) -> float:
    """The compression level that makes libsndfile's Opus encoder aim at ``kbps`` in total."""
    per_channel = kbps * 1000.0 / max(1, channels)
    level = 1.0 - (per_channel - _OPUS_FLOOR) / _OPUS_SPAN
    return min(1.0, max(0.0, level))


FORMATS: dict[str, FormatSpec] = {
    spec.key: spec
    for spec in (
        FormatSpec("wav16", "WAV 16-bit", "WAV", "PCM_16", "wav", True, "int16"),
        FormatSpec("wav24", "WAV 24-bit", "WAV", "PCM_24", "wav", True, "int24"),
        FormatSpec("wav32f", "WAV 32-bit float", "WAV", "FLOAT", "wav", True, "float"),
        FormatSpec("flac16", "FLAC 16-bit", "FLAC", "PCM_16", "flac", True, "int16"),
        FormatSpec("flac24", "FLAC 24-bit", "FLAC", "PCM_24", "flac", True, "int24"),
        _mp3_cbr(128, 1.0),
        _mp3_cbr(192, 0.7),
        _mp3_cbr(320, 0.5),
        _mp3_vbr(0, 0.5),
        _mp3_vbr(2, 0.7),
        _mp3_vbr(4, 1.0),
        _vorbis(3, 112),
        _vorbis(5, 160),
        _vorbis(6, 192),
        _vorbis(8, 256),
        _opus(96),
        _opus(128),
        _opus(192),
        _opus(256),
    )
}


def format_spec(key: str) -> FormatSpec:
    """The spec for ``key``; ValueError names the choices for an unknown key."""
    try:
        return FORMATS[key]
    except KeyError:
        raise ValueError(
            f"Unknown export format {key!r}. Choose one of: {', '.join(FORMATS)}."
        ) from None


def khz(rate: int) -> str:
    """48000 -> "48 kHz", 44100 -> "44.1 kHz"."""
    return f"{rate / 1000:g} kHz"


def rate_problem(spec: FormatSpec, requested: int | None) -> str | None:
    """Why ``requested`` (None: keep) cannot be written in ``spec``, or None when it can."""
    if requested is None:
        return None
    if requested not in CHOSEN_RATES:
        choices = ", ".join(khz(r) for r in CHOSEN_RATES)
        return f"Choose a sample rate of {choices}, or keep the take's rate."
    if spec.subtype == "OPUS" and requested != OPUS_RATE:
        return "Opus is always 48 kHz: choose 48 kHz or keep the take's rate."
    if spec.container == "MP3" and requested not in MP3_RATES:
        return "MP3 supports up to 48 kHz: choose 44.1 or 48 kHz for MP3."
    return None


def output_rate(
    spec: FormatSpec, requested: int | None, source_rate: int
) -> tuple[int, str | None]:
    """The rate to write and, when it differs from what the user chose, a sentence saying why.

    ``requested`` must already have passed :func:`rate_problem`.
    """
    if spec.rates is not None and len(spec.rates) == 1:
        rate = spec.rates[0]
        if rate != source_rate:
            return rate, (
                f"{spec.family} is always {khz(rate)}: resampled from {khz(source_rate)}."
            )
        return rate, None
    if requested is not None:
        return requested, None
    if spec.rates is None or source_rate in spec.rates:
        return source_rate, None
    # Keep the 44.1 kHz family where the source belongs to it, so conversion stays gentle.
    rate = 44_100 if source_rate % 11_025 == 0 else 48_000
    allowed = ", ".join(khz(r) for r in spec.rates)
    return rate, (
        f"{spec.family} supports {allowed}: this {khz(source_rate)} take was written at "
        f"{khz(rate)}."
    )
