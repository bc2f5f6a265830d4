"""File editors: drops and Browse… are checked (local, not a folder, audio, limits) before use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from fakes.fake_audio import write_tone
from sonodesk.ui.form.file_editors import FileEditor
from sonodesk.ui.form.file_list_editor import FileListEditor
from sonodesk.ui.form.file_probe import clock, inspect_file
from ui.form.form_helpers import spec_of

AUDIO = {"type": "file", "kind": "audio", "maxSize": 50 * 1024 * 1024}


def drop(target, *paths: str | QUrl) -> None:  # type: ignore[no-untyped-def]
    """Deliver a real drag-enter + drop of these paths (or URLs) to ``target``."""
    mime = QMimeData()
    mime.setUrls([p if isinstance(p, QUrl) else QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(5, 5), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(5, 5), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, event)


def test_dropping_a_wav_shows_its_duration_and_is_accepted(make_editor, tmp_path, qtbot) -> None:
    wav = tmp_path / "take.wav"
    write_tone(wav, seconds=2.0, rate=48_000)
    editor = make_editor(**AUDIO, maxDuration=600)
    assert isinstance(editor, FileEditor)
    assert editor.zone.isVisible() and not editor.card.isVisible()
    with qtbot.waitSignal(editor.sig_changed, timeout=2000):
        drop(editor.zone, wav)
    assert editor.value() == str(wav)
    assert editor.error() is None
    assert editor.card.isVisible() and not editor.zone.isVisible()
    assert editor.card.name_text() == "take.wav"
    assert editor.card.summary_text().startswith("0:02 · WAV · 48 kHz stereo")
    qtbot.waitUntil(editor.card.thumb.has_envelope, timeout=3000)
    with qtbot.waitSignal(editor.sig_preview_requested, timeout=1000) as blocker:
        qtbot.mouseClick(editor.card.play_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(wav)]


def test_a_file_over_max_duration_is_rejected(make_editor, tmp_path) -> None:
    wav = tmp_path / "long.wav"
    write_tone(wav, seconds=3.0, rate=8_000, channels=1)
    editor = make_editor(**AUDIO, maxDuration=2)
    drop(editor.zone, wav)
    assert editor.value() is None
    assert editor.error() == "Choose audio no longer than 2 s (this one is 3 s)."
    assert editor.local_error() == editor.error()


def test_a_non_audio_file_is_rejected(make_editor, tmp_path) -> None:
    text = tmp_path / "notes.wav"
    text.write_text("these are not samples")
    editor = make_editor(**AUDIO)
    drop(editor.zone, text)
    assert editor.value() is None
    assert "not audio Sonodesk can read" in (editor.error() or "")


def test_a_folder_is_rejected(make_editor, tmp_path) -> None:
    editor = make_editor(**AUDIO)
    drop(editor.zone, tmp_path)
    assert editor.value() is None
    assert editor.error() == "That is a folder. Choose a file."


def test_a_remote_url_is_rejected(make_editor) -> None:
    editor = make_editor(**AUDIO)
    drop(editor.zone, QUrl("https://example.com/a.wav"))
    assert editor.value() is None
    assert editor.error() == "Only files on this computer can be used here."


def test_a_rejected_drop_keeps_the_previous_file(make_editor, tmp_path) -> None:
    good = tmp_path / "good.wav"
    write_tone(good, seconds=0.5, rate=8_000, channels=1)
    editor = make_editor(**AUDIO)
    editor.choose(str(good))
    drop(editor.card, tmp_path)
    assert editor.value() == str(good)
    assert editor.error() == "That is a folder. Choose a file."
    assert editor.local_error() is None  # the file in place is still fine to send


def test_browse_opens_a_non_modal_dialog(make_editor, tmp_path) -> None:
    wav = tmp_path / "picked.wav"
    write_tone(wav, seconds=0.5, rate=8_000, channels=1)
    editor = make_editor(**AUDIO)
    dialog = editor.browse()
    try:
        assert isinstance(dialog, QFileDialog)
        assert dialog.isVisible()
        assert dialog.windowModality() != Qt.WindowModality.ApplicationModal
        dialog.filesSelected.emit([str(wav)])
    finally:
        dialog.close()
    assert editor.value() == str(wav)


def test_asset_ids_round_trip_and_clear(make_editor, qtbot) -> None:
    editor = make_editor(**AUDIO)
    editor.set_value("asset_abc123")
    assert editor.value() == "asset_abc123"
    assert editor.card.summary_text() == "Already uploaded"
    assert not editor.card.play_button.isEnabled()
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.mouseClick(editor.card.remove_button, Qt.MouseButton.LeftButton)
    assert editor.value() is None


def test_file_list_respects_the_limit_and_reorders(make_editor, tmp_path, qtbot) -> None:
    files = []
    for name in ("a", "b", "c", "d"):
        path = tmp_path / f"{name}.wav"
        write_tone(path, seconds=0.3, rate=8_000, channels=1)
        files.append(str(path))
    editor = make_editor(type="file_array", kind="audio", maxLength=3)
    assert isinstance(editor, FileListEditor)
    drop(editor.zone, *files)
    assert editor.value() == files[:3]
    assert editor.error() == "Up to 3 files here."
    assert not editor.zone.isVisibleTo(editor)
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.mouseClick(editor.cards[0].down_button, Qt.MouseButton.LeftButton)
    assert editor.value() == [files[1], files[0], files[2]]
    editor.remove(2)
    assert editor.value() == [files[1], files[0]]
    assert editor.zone.isVisibleTo(editor)
    assert editor.zone.caption.text().startswith("2 of 3")


def test_inspect_file_reports_size_and_limits(tmp_path) -> None:
    wav = tmp_path / "x.wav"
    write_tone(wav, seconds=1.0, rate=8_000, channels=1)
    report = inspect_file(spec_of(**{**AUDIO, "maxSize": 100}), str(wav))
    assert report.problem is not None and report.problem.startswith("Choose a file under 100 bytes")
    report = inspect_file(spec_of(**AUDIO), str(wav))
    assert report.problem is None and report.duration == 1.0
    assert clock(75) == "1:15" and clock(3723) == "1:02:03"
    assert inspect_file(spec_of(**AUDIO), str(Path(tmp_path, "gone.wav"))).problem


def test_big_files_are_checked_off_the_ui_thread(make_editor, tmp_path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from sonodesk.ui.form import file_chooser, file_probe

    threads: list[str] = []
    real = file_probe.inspect_file

    def spy(spec, path):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(spec, path)

    monkeypatch.setattr(file_chooser, "SYNC_PROBE_BYTES", 0)
    monkeypatch.setattr(file_chooser, "inspect_file", spy)
    wav = tmp_path / "big.wav"
    write_tone(wav, seconds=1.0, rate=8_000, channels=1)
    editor = make_editor(**AUDIO, maxDuration=0.5)
    editor.choose(str(wav))
    assert editor.card.summary_text() == "Checking the file…"
    qtbot.waitUntil(lambda: editor.error() is not None, timeout=3000)
    assert editor.value() is None
    assert editor.error().startswith("Choose audio no longer than")
    assert threads and threads[0] != threading.main_thread().name
    assert editor.zone.isVisible()
