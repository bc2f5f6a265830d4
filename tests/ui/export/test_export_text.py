"""The export dialog's pure parts: choice lists, the name preview, summaries and the question."""

from __future__ import annotations

from pathlib import Path

from sonodesk.core.export import (
    FORMATS,
    LOUDNESS_PRESETS,
    ExportReport,
    ExportSettings,
    PlannedExport,
    TakeResult,
)
from sonodesk.core.export.normalize import LoudnessResult
from sonodesk.core.export.targets import Target
from sonodesk.core.jobs.records import TakeRecord
from sonodesk.ui.export import choices, preview
from sonodesk.ui.export.summary import conflict_question, summarize, take_title


def _take(take_id: str = "take_1", **fields: object) -> TakeRecord:
    values: dict = {
        "id": take_id, "job_id": "job_1", "output_index": 0, "provider": "sandbox",
        "model_id": "model_sonodesk-sfx", "params": {}, "file_path": "/x.wav",
        "created_at": 0.0, "title": "Night drive", "seed": 7,
    }  # fmt: skip
    values.update(fields)
    return TakeRecord(**values)


def test_groups_cover_every_format_once_in_core_order() -> None:
    keys = [key for group in choices.format_groups() for key in group.keys]
    assert keys == list(FORMATS)
    assert [g.title for g in choices.format_groups()][:2] == ["WAV", "FLAC"]


def test_rate_and_loudness_choices_follow_the_core() -> None:
    assert choices.rate_choices()[0] == ("Keep original", None)
    assert [rate for _, rate in choices.rate_choices()[1:]] == [44_100, 48_000, 88_200, 96_000]
    values = [value for _, value in choices.loudness_choices()]
    assert values[0] is None and values[1:-1] == list(LOUDNESS_PRESETS.values())
    assert values[-1] != values[-1]  # "Custom…" is NaN: it never equals a preset


def test_preview_of_first_name() -> None:
    settings = ExportSettings(format="flac24", name_template="{title}_{seed}", folder="/music")
    assert preview.first_name([_take()], settings) == "File: Night drive_7.flac"
    two = [_take(), _take("take_2", title="B")]
    assert preview.first_name(two, settings) == "First file: Night drive_7.flac  (+1 more)"
    assert preview.first_name([_take()], ExportSettings(name_template="{x")) == ""
    assert preview.first_name([], settings) == ""


def test_take_title_falls_back_to_prompt_then_id() -> None:
    assert take_title(_take(title="", prompt="rain on leaves")) == "rain on leaves"
    assert take_title(_take(title="", prompt="")) == "take_1"
    assert take_title(_take(title="x" * 60)).endswith("…")


def test_summary_counts_notes_and_problems() -> None:
    loud = LoudnessResult(-14, -1, -20.0, -6.0, -14.02, -1.31, 6.0, 0.0)
    report = ExportReport(
        (
            TakeResult("a", "written", Path("/o/a.opus"), notes=("Opus is always 48 kHz.",),
                       loudness=loud, decoded_true_peak=-1.2),
            TakeResult("b", "written", Path("/o/b.opus"), notes=("Opus is always 48 kHz.",)),
            TakeResult("c", "failed", None, "The file is damaged.", "Download it again."),
            TakeResult("d", "conflict", Path("/o/d.opus"), "exists"),
            TakeResult("e", "cancelled"),
        ),
        cancelled=True,
    )  # fmt: skip
    summary = summarize(report, {"c": "Rain"}, Path("/o"))
    assert summary.title == "Export cancelled"
    assert summary.headline == "2 of 5 exported, 1 skipped, 1 failed, 1 cancelled."
    assert summary.files == ("a.opus  ·  -14.0 LUFS, -1.2 dBTP", "b.opus")
    assert summary.notes == ("Opus is always 48 kHz. (every take)",)
    assert summary.problems[0] == "Rain: The file is damaged. Download it again."
    assert "1 take not exported because the export was cancelled" in summary.problems[1]
    assert summary.skipped == ("“d.opus” already exists",)
    assert not summary.ok


def test_conflict_question_lists_a_few_names() -> None:
    plans = [
        PlannedExport(_take(str(i)), Target(Path(f"/music/Exports/{i}.wav"), conflict=i < 7))
        for i in range(9)
    ]
    question = conflict_question(plans)
    assert question.startswith("7 files already exist in “Exports”: “0.wav”, “1.wav”")
    assert question.endswith("“4.wav”, and 2 more.")
    assert conflict_question(plans[7:]) == ""
