"""File names are safe on every OS, fit the path budget, and never overwrite without permission."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
import pytest

from core.export.export_helpers import sine, write_take
from sonodesk.core.export import ExportSettings, export_takes, plan_exports, retry_with
from sonodesk.core.export.naming import (
    MAX_PATH_CHARS,
    NameFields,
    render_stem,
    template_problems,
)
from sonodesk.core.export.targets import TargetExists, move_into_place

RATE = 48_000


@pytest.fixture
def take(tmp_path: Path):  # type: ignore[no-untyped-def]
    return write_take(tmp_path / "src", sine(0.5, RATE), RATE)


def _stem(template: str, max_chars: int = 120, **values: str) -> str:
    return render_stem(template, NameFields(**values), max_chars=max_chars)


def test_default_template_reads_well(take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plan_exports([take], ExportSettings(folder=str(tmp_path / "o")))
    assert plan[0].target.path.name == "sonodesk-music-sketch_Dreamy-lofi-80-BPM-ünïcödé_42_1.wav"


def test_every_placeholder(take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    template = "{date}_{time}_{title}_{job}_{take}_{bpm}_{provider}_{model}_{seed}_{n}"
    plan = plan_exports([take], ExportSettings(name_template=template, folder=str(tmp_path)))
    assert plan[0].target.path.stem == (
        "2026-11-21_153005_Night drive_3f2a9c77_1_80bpm_scenario_sonodesk-music-sketch_42_1"
    )


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("prompt", "a/b\\c", "a-b-c"),
        ("prompt", "../../etc/passwd", "etc-passwd"),
        ("prompt", "夢のような ローファイ", "夢のような-ローファイ"),
        ("title", "..", "take"),
        ("title", "../../etc/passwd", "etc passwd"),
        ("title", "CON", "_CON"),
        ("title", "nul", "_nul"),
        ("title", "  trailing dots... ", "trailing dots"),
        ("title", 'what?*:"<>|', "what"),
        ("title", "tab\tand\nnewline", "tab and newline"),
    ],
)
def test_sanitising(tmp_path: Path, field: str, raw: str, expected: str) -> None:
    take = write_take(tmp_path / "src", sine(0.1, RATE), RATE, **{field: raw})
    settings = ExportSettings(name_template=f"{{{field}}}", folder=str(tmp_path / "o"))
    assert plan_exports([take], settings)[0].target.path.stem == expected


def test_missing_values_take_their_separator_with_them() -> None:
    assert _stem("{model}_{prompt}_{seed}_{n}", model="m", prompt="p", n="1") == "m_p_1"
    assert _stem("{seed}-{model}", model="m") == "m"
    assert _stem("{seed}") == "take"


def test_batch_numbers_are_zero_padded(tmp_path: Path) -> None:
    takes = [
        write_take(tmp_path / "src", sine(0.1, RATE), RATE, name=f"t{i}.wav", take_id=f"t{i}")
        for i in range(12)
    ]
    plans = plan_exports(takes, ExportSettings(name_template="{n}", folder=str(tmp_path / "o")))
    assert [p.target.path.stem for p in plans][:2] == ["01", "02"]


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{model}_{foo}", "Unknown placeholder {foo}"),
        ("{model}_{}", "Unknown placeholder {}"),
        ("{model", "unmatched"),
        ("{seed:04d}", "without a format"),
        ("{model}/{prompt}", "cannot contain /"),
        ("   ", "empty"),
    ],
)
def test_bad_templates_are_rejected_clearly(template: str, message: str) -> None:
    problems = template_problems(template)
    assert problems and message in problems[0]
    with pytest.raises(Exception, match="template"):
        ExportSettings(name_template=template, folder="/x").validate()


def test_long_prompt_keeps_the_whole_path_under_the_limit(tmp_path: Path) -> None:
    folder = tmp_path / ("deep-folder-" * 8)
    prompt = "an endless ambient drone with shimmering pads and distant thunder " * 20
    take = write_take(tmp_path / "src", sine(0.1, RATE), RATE, prompt=prompt)
    plan = plan_exports(
        [take], ExportSettings(format="flac24", folder=str(folder), overwrite="number")
    )
    path = plan[0].target.path
    assert len(str(path)) + len(" (99)") <= MAX_PATH_CHARS
    assert path.name.startswith("sonodesk-music-sketch_an-endless-ambient")
    assert path.name.endswith("_42_1.flac")  # the seed and number survive; the prompt is cut


def test_folder_path_too_long_is_refused(take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="too long"):
        plan_exports([take], ExportSettings(folder=str(tmp_path / ("x" * 240))))


def test_ask_policy_reports_a_conflict_and_leaves_the_file(take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = ExportSettings(folder=str(tmp_path / "o"), name_template="fixed")
    existing = tmp_path / "o" / "fixed.wav"
    existing.parent.mkdir()
    existing.write_bytes(b"precious")
    report = export_takes([take], settings)
    result = report.results[0]
    assert result.status == "conflict" and result.path == existing
    assert existing.read_bytes() == b"precious"
    assert "already exists" in report.summary()
    replaced = export_takes([take], retry_with(settings, "replace")).results[0]
    assert replaced.status == "written" and existing.read_bytes()[:4] == b"RIFF"
    assert sorted(p.name for p in existing.parent.iterdir()) == ["fixed.wav"]


def test_number_policy_adds_a_number(take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = ExportSettings(folder=str(tmp_path / "o"), name_template="fixed", overwrite="number")
    first = export_takes([take], settings).results[0].path
    second = export_takes([take], settings).results[0].path
    assert (first.name, second.name) == ("fixed.wav", "fixed (2).wav")


def test_same_names_in_one_batch_never_overwrite_each_other(tmp_path: Path) -> None:
    takes = [
        write_take(
            tmp_path / "src",
            sine(0.1, RATE, amp=0.1 * (i + 1)),
            RATE,
            name=f"t{i}.wav",
            take_id=f"t{i}",
        )
        for i in range(3)
    ]
    for policy in ("ask", "replace", "number"):
        settings = ExportSettings(
            folder=str(tmp_path / policy), name_template="same", overwrite=policy
        )  # type: ignore[arg-type]
        report = export_takes(takes, settings)
        names = sorted(p.name for p in (tmp_path / policy).iterdir())
        assert names == ["same (2).wav", "same (3).wav", "same.wav"], policy
        assert [r.status for r in report.results] == ["written"] * 3


def test_case_insensitive_names_count_as_taken(tmp_path: Path) -> None:
    takes = [
        write_take(
            tmp_path / "src", sine(0.1, RATE), RATE, name=f"t{i}.wav", take_id=f"t{i}", title=t
        )
        for i, t in enumerate(["Song", "song"])
    ]
    plans = plan_exports(takes, ExportSettings(folder=str(tmp_path / "o"), name_template="{title}"))
    assert [p.target.path.name for p in plans] == ["Song.wav", "song (2).wav"]


def test_move_never_overwrites_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    temp, target = tmp_path / ".t.part", tmp_path / "take.wav"
    temp.write_bytes(b"new")
    target.write_bytes(b"old")
    with pytest.raises(TargetExists):
        move_into_place(temp, target, replace=False)
    assert target.read_bytes() == b"old" and temp.exists()
    move_into_place(temp, target, replace=True)
    assert target.read_bytes() == b"new" and not temp.exists()


def test_name_taken_during_export_gets_the_next_number(
    take, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from sonodesk.core.export import writer

    settings = ExportSettings(folder=str(tmp_path / "o"), name_template="race", overwrite="number")
    real_move = writer.move_into_place

    def racing_move(temp: Path, target: Path, *, replace: bool) -> None:
        if not target.exists() and target.name == "race.wav":
            target.write_bytes(b"someone else")  # another program wins the race
        real_move(temp, target, replace=replace)

    monkeypatch.setattr(writer, "move_into_place", racing_move)
    result = export_takes([take], settings).results[0]
    assert result.path is not None and result.path.name == "race (2).wav"
    assert (tmp_path / "o" / "race.wav").read_bytes() == b"someone else"
    assert not [p for p in (tmp_path / "o").iterdir() if p.name.startswith(".")]


def test_unicode_names_round_trip_on_disk(tmp_path: Path) -> None:
    take = write_take(tmp_path / "src", sine(0.1, RATE), RATE, prompt="Ночной город ☕ café")
    result = export_takes([take], ExportSettings(folder=str(tmp_path / "o"))).results[0]
    assert result.path is not None and "Ночной-город-café" in result.path.name
    assert result.path.name in os.listdir(tmp_path / "o")
    assert np.isfinite(dataclasses.asdict(result)["seconds"])


def test_exported_files_open_for_other_programs(take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A DAW running as another user must read the track: the umask decides, not mkstemp's 0600."""
    from sonodesk.core.atomic import umask_mode, write_json

    settings = ExportSettings(folder=str(tmp_path / "o"), format="flac24")
    report = export_takes([take], settings)
    written = Path(report.results[0].path)
    assert written.stat().st_mode & 0o777 == umask_mode()
    assert umask_mode() & 0o044  # the test machine's umask lets the group and others read

    secret = tmp_path / "secret.json"
    write_json(secret, {"k": "v"}, mode=0o600)
    assert secret.stat().st_mode & 0o777 == 0o600
