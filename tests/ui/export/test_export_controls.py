"""Every export control maps to ExportSettings; invalid combinations block Export and say why."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog

from sonodesk.core.export import FORMATS, ExportSettings
from sonodesk.core.jobs.records import TakeRecord
from sonodesk.ui.export import ExportDialog


def _dialog(qtbot, takes: list[TakeRecord], **defaults: object) -> ExportDialog:
    dialog = ExportDialog(takes, defaults=ExportSettings(**defaults) if defaults else None)
    qtbot.addWidget(dialog)
    dialog.resize(600, 700)
    dialog.open()
    return dialog


def _choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def test_every_control_maps_to_settings(qtbot, takes, out_dir: Path) -> None:
    dialog = _dialog(qtbot, takes, folder=str(out_dir))
    form = dialog.form
    _choose(form.format_combo, "flac24")
    _choose(form.rate_combo, 48_000)
    _choose(form.channels_combo, "mono")
    form.loudness_combo.setCurrentIndex(form.loudness_combo.count() - 1)  # Custom…
    assert form.custom_lufs.isVisible()
    form.custom_lufs.setValue(-18.5)
    form.ceiling.setValue(-2.0)
    form.trim.setChecked(True)
    form.fade_in.setValue(0.25)
    form.fade_out.setValue(1.5)
    form.template.setText("{title}_{n}")
    form.folder.setText(str(out_dir / "stems"))
    _choose(form.overwrite_combo, "number")

    assert dialog.settings() == ExportSettings(
        format="flac24",
        sample_rate=48_000,
        channels="mono",
        loudness_target=-18.5,
        true_peak_ceiling=-2.0,
        trim_silence=True,
        fade_in=0.25,
        fade_out=1.5,
        name_template="{title}_{n}",
        folder=str(out_dir / "stems"),
        overwrite="number",
    )


@pytest.mark.parametrize(("label", "lufs"), [("Streaming", -14.0), ("Broadcast", -23.0)])
def test_loudness_presets_and_off(qtbot, takes, out_dir: Path, label: str, lufs: float) -> None:
    dialog = _dialog(qtbot, takes, folder=str(out_dir))
    combo = dialog.form.loudness_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if label in combo.itemText(i)))
    assert dialog.settings().loudness_target == lufs
    assert dialog.form.ceiling.isEnabled() and not dialog.form.custom_lufs.isVisible()
    combo.setCurrentIndex(0)
    assert dialog.settings().loudness_target is None
    # The ceiling only acts while loudness is normalised.
    assert not dialog.form.ceiling.isEnabled()


def test_every_core_format_is_offered_under_a_heading(qtbot, takes, out_dir: Path) -> None:
    combo = _dialog(qtbot, takes, folder=str(out_dir)).form.format_combo
    keys = [combo.itemData(i) for i in range(combo.count())]
    assert [k for k in keys if k] == list(FORMATS)
    headings = [combo.itemText(i) for i in range(combo.count()) if combo.itemData(i) is None]
    assert headings == ["WAV", "FLAC", "MP3 CBR", "MP3 VBR", "OGG VORBIS", "OPUS"]
    model = combo.model()
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable


def test_defaults_are_shown_including_a_custom_target(qtbot, takes, out_dir: Path) -> None:
    chosen = ExportSettings(
        format="mp3-v2",
        sample_rate=44_100,
        loudness_target=-11.0,
        true_peak_ceiling=-1.5,
        fade_out=2.0,
        name_template="{date}_{title}",
        folder=str(out_dir),
        overwrite="replace",
        dither=False,
    )
    dialog = _dialog(qtbot, takes, **chosen.to_dict())
    assert dialog.form.loudness_combo.currentText() == "Custom…"
    # Values without a control (dither here) travel through unchanged.
    assert dialog.settings() == chosen


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "mp3-320", "rate": 96_000}, "MP3 supports up to 48 kHz"),
        ({"format": "opus-128", "rate": 44_100}, "Opus is always 48 kHz"),
        ({"template": "{title}_{take_number}"}, "Unknown placeholder {take_number}"),
        ({"template": "beats/{title}"}, "cannot contain / or \\"),
        ({"folder": ""}, "Choose a folder to export to."),
    ],
)
def test_invalid_combination_disables_export_and_says_why(
    qtbot, takes, out_dir: Path, changes: dict, message: str
) -> None:
    dialog = _dialog(qtbot, takes, folder=str(out_dir))
    form = dialog.form
    assert dialog.export_button.isEnabled() and not form.problems_label.isVisible()
    if "format" in changes:
        _choose(form.format_combo, changes["format"])
        _choose(form.rate_combo, changes["rate"])
    if "template" in changes:
        form.template.setText(changes["template"])
    if "folder" in changes:
        form.folder.setText(changes["folder"])
    assert not dialog.export_button.isEnabled()
    assert form.problems_label.isVisible()
    assert message in form.problems_label.text()
    assert form.problems_label.text().splitlines() == dialog.settings().problems()
    # Clicking anyway starts nothing.
    dialog.start_export()
    assert not dialog.is_running()


def test_name_preview_follows_the_template(qtbot, takes, out_dir: Path) -> None:
    dialog = _dialog(qtbot, takes, folder=str(out_dir), format="flac24")
    form = dialog.form
    form.template.setText("{title}_{n}")
    assert form.preview_label.text() == "First file: Night drive_1.flac  (+2 more)"
    form.template.clear()
    form.placeholders.linkActivated.emit("{seed}")
    assert form.template.text() == "{seed}"
    assert form.preview_label.text().startswith("First file: 41.flac")
    form.template.setText("{oops")
    assert form.preview_label.text() == ""


def test_single_take_wording(qtbot, takes, out_dir: Path) -> None:
    dialog = _dialog(qtbot, takes[:1], folder=str(out_dir), name_template="{title}")
    assert dialog.windowTitle() == "Export take" and dialog.export_button.text() == "Export"
    assert dialog.form.preview_label.text() == "File: Night drive.wav"


def test_browse_opens_a_non_modal_folder_dialog(qtbot, takes, out_dir: Path) -> None:
    dialog = _dialog(qtbot, takes, folder=str(out_dir))
    qtbot.mouseClick(dialog.form.browse, Qt.MouseButton.LeftButton)
    chooser = dialog.folder_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    assert chooser.fileMode() is QFileDialog.FileMode.Directory
    # open(), not exec(): control came back to the test while the chooser is up.
    chooser.fileSelected.emit(str(out_dir / "picked"))
    chooser.reject()
    assert dialog.settings().folder == str(out_dir / "picked")


def test_default_folder_when_none_was_saved(qtbot, takes) -> None:
    from sonodesk.ui.export import default_folder

    dialog = _dialog(qtbot, takes)
    assert dialog.settings().folder == default_folder()
    assert Path(default_folder()).name == "Sonodesk"
