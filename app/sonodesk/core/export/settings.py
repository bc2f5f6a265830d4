"""ExportSettings: every export choice in one frozen value, with plain-word checks. No I/O or Qt."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Literal

from sonodesk.core.errors import ConfigError
from sonodesk.core.export.formats import FORMATS, format_spec, rate_problem
from sonodesk.core.export.naming import template_problems

ChannelMode = Literal["keep", "mono", "stereo"]
FadeCurve = Literal["equal_power", "linear"]
OverwritePolicy = Literal["ask", "replace", "number"]

# Common delivery targets; any value in LOUDNESS_RANGE may be entered as a custom target.
LOUDNESS_PRESETS: dict[str, float] = {
    "Streaming (-14 LUFS)": -14.0,
    "Apple Music / podcasts (-16 LUFS)": -16.0,
    "Broadcast EBU R128 (-23 LUFS)": -23.0,
}
LOUDNESS_RANGE = (-40.0, -5.0)
CEILING_RANGE = (-9.0, 0.0)
TRIM_THRESHOLD_RANGE = (-96.0, -20.0)
MAX_TRIM_PAD_MS = 500.0
MAX_FADE_SECONDS = 60.0


class ExportSettingsError(ConfigError):
    """The settings cannot be exported; ``problems`` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems), hint="Change the export settings and try again.")
        self.problems = problems


@dataclass(frozen=True)
class ExportSettings:
    """What to write, how to process it, and where. Defaults give a 24-bit WAV left untouched."""

    format: str = "wav24"
    sample_rate: int | None = None  # None keeps the take's rate
    channels: ChannelMode = "keep"
    loudness_target: float | None = None  # LUFS; None leaves the level alone
    true_peak_ceiling: float = -1.0  # dBTP, enforced whenever loudness is normalised
    trim_silence: bool = False
    trim_threshold_db: float = -60.0
    trim_pad_ms: float = 10.0
    fade_in: float = 0.0  # seconds
    fade_out: float = 0.0
    fade_curve: FadeCurve = "equal_power"
    dither: bool = True  # TPDF dither when reducing to 16-bit
    name_template: str = "{model}_{prompt}_{seed}_{n}"
    folder: str = ""
    overwrite: OverwritePolicy = "ask"
    embed_metadata: bool = True

    def problems(self) -> list[str]:
        """Every reason these settings cannot be used, in plain words (empty when valid)."""
        out: list[str] = []
        if self.format not in FORMATS:
            out.append(f"Unknown export format {self.format!r}.")
        else:
            problem = rate_problem(format_spec(self.format), self.sample_rate)
            if problem:
                out.append(problem)
        if self.channels not in ("keep", "mono", "stereo"):
            out.append("Channels must be keep, mono or stereo.")
        out.extend(self._level_problems())
        out.extend(self._edit_problems())
        out.extend(template_problems(self.name_template))
        if not self.folder.strip():
            out.append("Choose a folder to export to.")
        if self.overwrite not in ("ask", "replace", "number"):
            out.append("When a file exists, Sonodesk can ask, replace it, or add a number.")
        return out

    def validate(self) -> None:
        """Raise :class:`ExportSettingsError` listing every problem, or return quietly."""
        problems = self.problems()
        if problems:
            raise ExportSettingsError(problems)

    def _level_problems(self) -> list[str]:
        out = []
        if self.loudness_target is not None and not _within(self.loudness_target, LOUDNESS_RANGE):
            out.append("The loudness target must be between -40 and -5 LUFS.")
        if not _within(self.true_peak_ceiling, CEILING_RANGE):
            out.append("The true-peak ceiling must be between -9 and 0 dBTP.")
        return out

    def _edit_problems(self) -> list[str]:
        out = []
        if not _within(self.trim_threshold_db, TRIM_THRESHOLD_RANGE):
            out.append("The silence threshold must be between -96 and -20 dBFS.")
        if not _within(self.trim_pad_ms, (0.0, MAX_TRIM_PAD_MS)):
            out.append("The padding kept around trimmed audio must be 0 to 500 ms.")
        for name, value in (("fade-in", self.fade_in), ("fade-out", self.fade_out)):
            if not _within(value, (0.0, MAX_FADE_SECONDS)):
                out.append(f"The {name} must be 0 to 60 seconds.")
        if self.fade_curve not in ("equal_power", "linear"):
            out.append("Fades are equal-power or linear.")
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (for saved settings and for embedding with the audio)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExportSettings:
        """Build from saved values; unknown keys (from newer versions) are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _within(value: float, bounds: tuple[float, float]) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and bounds[0] <= value <= bounds[1]
