"""Real batch exports from the dialog: worker thread, progress, cancel, conflicts, summary."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
import soundfile as sf
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from sonodesk.core.export import ExportProgress, ExportReport, ExportSettings, export_takes
from sonodesk.core.jobs.records import TakeRecord
from sonodesk.ui.export import ExportDialog, ExportRunner

TEMPLATE = "{title}_{n}"


class ThreadProbe:
    """export_takes as the runner calls it, recording the thread and every progress step."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.thread_ids: list[int] = []
        self.steps: list[ExportProgress] = []
        self.delay = delay

    def __call__(self, takes: Any, settings: ExportSettings, **kwargs: Any) -> ExportReport:
        self.thread_ids.append(threading.get_ident())
        relay = kwargs.pop("progress")

        def progress(step: ExportProgress) -> None:
            self.steps.append(step)
            if self.delay:
                time.sleep(self.delay)  # a slow disk: room to press Cancel mid-take
            relay(step)

        return export_takes(takes, settings, progress=progress, **kwargs)


def _dialog(qtbot, takes: list[TakeRecord], settings: ExportSettings, probe: ThreadProbe):
    dialog = ExportDialog(takes, defaults=settings, runner=ExportRunner(exporter=probe))
    qtbot.addWidget(dialog)
    dialog.resize(600, 700)
    dialog.open()
    return dialog


def _finish(qtbot, dialog: ExportDialog) -> ExportReport:
    with qtbot.waitSignal(dialog.sig_export_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def _leftovers(folder: Path) -> list[str]:
    """Temp files ("…part") or hidden files the export left behind."""
    if not folder.exists():
        return []
    return [p.name for p in folder.iterdir() if p.name.startswith(".") or ".part" in p.name]


def test_batch_export_runs_on_a_worker_with_progress(qtbot, takes, out_dir: Path) -> None:
    settings = ExportSettings(
        format="flac24", sample_rate=48_000, loudness_target=-14.0, name_template=TEMPLATE,
        folder=str(out_dir),
    )  # fmt: skip
    probe = ThreadProbe()
    dialog = _dialog(qtbot, takes, settings, probe)
    seen: list[ExportProgress] = []
    dialog.runner.sig_progress.connect(seen.append)
    with qtbot.waitSignal(dialog.sig_settings_chosen) as chosen:
        report = _finish(qtbot, dialog)
    assert chosen.args[0] == settings

    assert probe.thread_ids and probe.thread_ids[0] != threading.get_ident()
    assert [r.status for r in report.results] == ["written"] * 3
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == ["Night drive_1.flac", "Rain on the roof_2.flac", "Tape hiss sunrise_3.flac"]
    for name in names:
        info = sf.info(str(out_dir / name))
        assert (info.format, info.subtype, info.samplerate) == ("FLAC", "PCM_24", 48_000)
    assert _leftovers(out_dir) == []
    # Progress reached the UI thread, per take and overall, in order and up to the end.
    assert {p.index for p in seen} == {0, 1, 2}
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    page = dialog.progress_page
    assert page.overall_bar.value() == page.overall_bar.maximum()
    assert page.take_label.text() == "Take 3 of 3  ·  Tape hiss sunrise"
    # The summary replaced the progress page.
    assert dialog.pages.currentWidget() is dialog.summary_page
    text = dialog.summary_page.text()
    assert "Export finished" in text and "3 of 3 exported." in text
    assert "Night drive_1.flac" in text
    assert dialog.reveal_button.isVisible() and not dialog.stop_button.isVisible()


def test_cancel_mid_batch_leaves_no_partial_file(qtbot, takes, out_dir: Path) -> None:
    settings = ExportSettings(format="wav24", name_template=TEMPLATE, folder=str(out_dir))
    probe = ThreadProbe(delay=0.03)
    dialog = _dialog(qtbot, takes, settings, probe)
    pressed: list[ExportProgress] = []

    def cancel_during_second_take(step: ExportProgress) -> None:
        if step.index == 1 and step.stage != "done" and not pressed:
            pressed.append(step)
            qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)

    dialog.runner.sig_progress.connect(cancel_during_second_take)
    report = _finish(qtbot, dialog)

    assert pressed and report.cancelled
    statuses = [r.status for r in report.results]
    assert statuses[0] == "written" and statuses[2] == "cancelled"
    assert statuses[1] in ("cancelled", "written")  # the press may land as take 2 finishes
    written = sorted(p.name for p in out_dir.iterdir())
    assert len(written) == statuses.count("written") and _leftovers(out_dir) == []
    for name in written:
        data, _rate = sf.read(str(out_dir / name))
        assert len(data) > 0  # complete and readable, not a torn file
    assert "Export cancelled" in dialog.summary_page.text()
    assert "nothing half-written was kept" in dialog.summary_page.text()


@pytest.mark.parametrize("answer", ["Replace", "Add a number", "Skip those"])
def test_existing_files_are_asked_about_before_starting(
    qtbot, takes, out_dir: Path, answer: str
) -> None:
    out_dir.mkdir(parents=True)
    existing = out_dir / "Night drive_1.wav"
    existing.write_bytes(b"an older bounce")
    settings = ExportSettings(format="wav16", name_template=TEMPLATE, folder=str(out_dir))
    probe = ThreadProbe()
    dialog = _dialog(qtbot, takes, settings, probe)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    # Nothing started: the question names the file and offers the three answers.
    assert not dialog.is_running() and probe.thread_ids == []
    assert sorted(p.name for p in out_dir.iterdir()) == ["Night drive_1.wav"]
    notice = dialog.notice
    assert notice.isVisible() and "“Night drive_1.wav”" in notice.text.text()
    buttons = {b.text(): b for b in notice.action_buttons()}
    assert list(buttons) == ["Replace", "Add a number", "Skip those"]

    with qtbot.waitSignal(dialog.sig_export_finished, timeout=60_000) as done:
        qtbot.mouseClick(buttons[answer], Qt.MouseButton.LeftButton)
    report: ExportReport = done.args[0]
    names = sorted(p.name for p in out_dir.iterdir())
    if answer == "Replace":
        assert sf.info(str(existing)).subtype == "PCM_16"
        assert len(names) == 3
    elif answer == "Add a number":
        assert existing.read_bytes() == b"an older bounce"
        assert "Night drive_1 (2).wav" in names and len(names) == 4
    else:
        assert existing.read_bytes() == b"an older bounce"
        assert [r.status for r in report.results] == ["conflict", "written", "written"]
        assert "1 skipped" in dialog.summary_page.text()
        assert "“Night drive_1.wav” already exists" in dialog.summary_page.text()
    # The remembered choice stays "ask": the answer was for this export only.
    assert dialog.settings().overwrite == "ask"


def test_summary_notes_and_reveal(qtbot, takes, out_dir: Path, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    settings = ExportSettings(format="opus-128", name_template=TEMPLATE, folder=str(out_dir))
    dialog = _dialog(qtbot, takes, settings, ThreadProbe())
    _finish(qtbot, dialog)
    text = dialog.summary_page.text()
    # The takes are 44.1 kHz: the note says so once, for every take.
    assert "Opus is always 48 kHz: resampled from 44.1 kHz. (every take)" in text
    assert text.count("Opus is always 48 kHz") == 1
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [out_dir.absolute()]
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.export_button.isVisible() and dialog.export_button.isEnabled()


def test_failures_are_reported_in_plain_words(qtbot, takes, out_dir: Path) -> None:
    Path(takes[1].file_path).write_bytes(b"not audio at all")
    settings = ExportSettings(format="wav24", name_template=TEMPLATE, folder=str(out_dir))
    dialog = _dialog(qtbot, takes, settings, ThreadProbe())
    report = _finish(qtbot, dialog)
    assert [r.status for r in report.results] == ["written", "failed", "written"]
    text = dialog.summary_page.text()
    assert "Export finished with problems" in text and "1 failed" in text
    assert "Rain on the roof: " in text
    assert "Traceback" not in text and str(takes[1].file_path) not in text


def test_closing_mid_export_cancels_then_closes(qtbot, takes, out_dir: Path) -> None:
    settings = ExportSettings(format="wav24", name_template=TEMPLATE, folder=str(out_dir))
    dialog = _dialog(qtbot, takes, settings, ThreadProbe(delay=0.03))
    with qtbot.waitSignal(dialog.runner.sig_progress):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.finished, timeout=60_000):
        dialog.reject()
        assert dialog.isVisible()  # still open until the worker has cleaned up
    assert not dialog.is_running() and _leftovers(out_dir) == []


def test_an_unusable_folder_is_reported_per_take(qtbot, takes, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"x")
    settings = ExportSettings(format="wav24", folder=str(blocker / "inside"))
    dialog = _dialog(qtbot, takes, settings, ThreadProbe())
    with qtbot.waitSignal(dialog.sig_export_finished, timeout=60_000) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert {r.status for r in done.args[0].results} == {"failed"}
    assert "does not exist or is not a folder" in dialog.summary_page.text()


def test_a_folder_path_too_long_is_refused_before_starting(qtbot, takes, tmp_path: Path) -> None:
    deep = tmp_path / ("very-long-folder-name-" * 12)
    settings = ExportSettings(format="wav24", folder=str(deep))
    probe = ThreadProbe()
    dialog = _dialog(qtbot, takes, settings, probe)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_running() and probe.thread_ids == []
    assert dialog.pages.currentIndex() == 0
    assert "path is too long" in dialog.notice.text.text()
    # Editing the settings clears a message about the previous ones.
    dialog.form.folder.setText(str(tmp_path))
    assert not dialog.notice.isVisible()


def test_runner_reports_failures_that_stop_the_whole_export(qtbot) -> None:
    from sonodesk.core.errors import StorageError

    def refuse(*_: Any, **__: Any) -> ExportReport:
        raise StorageError("The disk is full, so the export could not be saved.")

    def crash(*_: Any, **__: Any) -> ExportReport:
        raise RuntimeError("bug")

    for exporter, words in ((refuse, "The disk is full"), (crash, "unexpected problem")):
        runner = ExportRunner(exporter=exporter)
        with qtbot.waitSignal(runner.sig_failed) as failed:
            runner.start([], ExportSettings())
        assert words in failed.args[0].message and not runner.is_running()
