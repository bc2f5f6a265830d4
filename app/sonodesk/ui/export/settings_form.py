"""The export settings as controls: format, rate, channels, loudness, edits, names and folder.

Reads and writes ExportSettings values only; the preview and problems come from core.export.
Opens no dialog of its own: Browse… is a signal for the dialog to answer.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.export import FORMATS, ExportSettings, format_spec
from sonodesk.core.export.settings import CEILING_RANGE, LOUDNESS_RANGE, MAX_FADE_SECONDS
from sonodesk.core.jobs.records import TakeRecord
from sonodesk.ui.export import choices, preview
from sonodesk.ui.form import style
from sonodesk.ui.form.labels import ElidedLabel, ErrorLabel, GroupHeading

_HEADER_ROLE = Qt.ItemDataRole.UserRole + 1


class ExportSettingsForm(QWidget):
    """``sig_changed`` fires on every edit; ``settings()`` is always a full ExportSettings."""

    sig_changed = Signal()
    sig_browse_requested = Signal()

    def __init__(self, takes: Sequence[TakeRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportSettingsForm")
        self._takes = tuple(takes)
        # Values the dialog does not show (dither, trim threshold...) travel through untouched.
        self._base = ExportSettings()
        self._build()
        self._connect()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.ROW_SPACING)
        self.format_combo = QComboBox(objectName="exportFormat")
        self.format_combo.setModel(_format_model(self.format_combo))
        self.format_combo.setMaxVisibleItems(24)
        self.rate_combo = _combo("exportRate", choices.rate_choices())
        self.channels_combo = _combo("exportChannels", choices.CHANNEL_CHOICES)
        layout.addWidget(GroupHeading("Format", self))
        layout.addLayout(_form(("Format", self.format_combo), ("Sample rate", self._pair())))

        self.loudness_combo = _combo("exportLoudness", choices.loudness_choices())
        self.custom_lufs = _spin("exportCustomLufs", LOUDNESS_RANGE, " LUFS", 1, 0.5)
        self.custom_lufs.setValue(choices.CUSTOM_LUFS_START)
        self.ceiling = _spin("exportCeiling", CEILING_RANGE, " dBTP", 1, 0.1)
        self.ceiling.setToolTip("No sample, nor the peaks between samples, goes above this level")
        loud_row = _row(self.loudness_combo, self.custom_lufs, stretch_first=True)
        layout.addWidget(GroupHeading("Loudness", self))
        layout.addLayout(_form(("Normalise to", loud_row), ("True-peak ceiling", self.ceiling)))

        self.trim = QCheckBox("Trim leading and trailing silence", objectName="exportTrim")
        self.fade_in = _spin("exportFadeIn", (0.0, MAX_FADE_SECONDS), " s", 2, 0.05)
        self.fade_out = _spin("exportFadeOut", (0.0, MAX_FADE_SECONDS), " s", 2, 0.05)
        fades = _row(QLabel("In"), self.fade_in, QLabel("Out"), self.fade_out)
        fades.addStretch(1)
        layout.addWidget(GroupHeading("Edit", self))
        layout.addLayout(_form(("Silence", self.trim), ("Fades", fades)))

        self.template = QLineEdit(objectName="exportTemplate")
        self.template.setToolTip(choices.placeholder_help())
        # Elided, not wrapped: a long prompt must not widen the dialog.
        self.preview_label = ElidedLabel("", self, Qt.TextElideMode.ElideMiddle)
        self.preview_label.setObjectName("exportPreview")
        self.preview_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.preview_label.setFont(style.scaled_font(self.preview_label.font(), 0.9))
        self.placeholders = QLabel(objectName="exportPlaceholders")
        self.placeholders.setText(_placeholder_links(self.palette()))
        self.placeholders.setFont(style.scaled_font(self.placeholders.font(), 0.9))
        self.placeholders.setToolTip("Click one to add it to the name")
        self.folder = QLineEdit(objectName="exportFolder")
        self.folder.setPlaceholderText("Choose a folder")
        self.browse = QPushButton(style.icon("open"), "Browse…", objectName="exportBrowse")
        self.overwrite_combo = _combo("exportOverwrite", choices.OVERWRITE_CHOICES)
        names = QVBoxLayout()
        names.setSpacing(3)
        for widget in (self.template, self.preview_label, self.placeholders):
            names.addWidget(widget)
        layout.addWidget(GroupHeading("Files", self))
        layout.addLayout(
            _form(
                ("File name", names),
                ("Folder", _row(self.folder, self.browse, stretch_first=True)),
                ("If a file exists", self.overwrite_combo),
            )
        )
        # Not in this layout: the dialog shows it next to its Export button.
        self.problems_label = ErrorLabel(self)
        self.problems_label.setObjectName("exportProblems")
        layout.addStretch(1)
        style.guard_wheel(
            self.format_combo, self.rate_combo, self.channels_combo, self.loudness_combo,
            self.custom_lufs, self.ceiling, self.fade_in, self.fade_out, self.overwrite_combo,
        )  # fmt: skip

    def _pair(self) -> QHBoxLayout:
        row = _row(self.rate_combo, QLabel("Channels"), self.channels_combo)
        row.setStretch(0, 1)
        row.setStretch(2, 1)
        return row

    def _connect(self) -> None:
        for combo in (self.format_combo, self.rate_combo, self.channels_combo):
            combo.currentIndexChanged.connect(self._on_edited)
        self.loudness_combo.currentIndexChanged.connect(self._on_edited)
        self.overwrite_combo.currentIndexChanged.connect(self._on_edited)
        for spin in (self.custom_lufs, self.ceiling, self.fade_in, self.fade_out):
            spin.valueChanged.connect(self._on_edited)
        self.trim.toggled.connect(self._on_edited)
        self.template.textChanged.connect(self._on_edited)
        self.folder.textChanged.connect(self._on_edited)
        self.placeholders.linkActivated.connect(self._on_placeholder_clicked)
        self.browse.clicked.connect(self.sig_browse_requested)

    # -- values ------------------------------------------------------------------------------

    def settings(self) -> ExportSettings:
        """What the controls say now (possibly invalid: see ``problems()``)."""
        loudness = self.loudness_combo.currentData()
        if loudness is not None and math.isnan(loudness):
            loudness = round(self.custom_lufs.value(), 1)
        return dataclasses.replace(
            self._base,
            format=str(self.format_combo.currentData()),
            sample_rate=self.rate_combo.currentData(),
            channels=self.channels_combo.currentData(),
            loudness_target=loudness,
            true_peak_ceiling=round(self.ceiling.value(), 1),
            trim_silence=self.trim.isChecked(),
            fade_in=round(self.fade_in.value(), 2),
            fade_out=round(self.fade_out.value(), 2),
            name_template=self.template.text(),
            folder=self.folder.text().strip(),
            overwrite=self.overwrite_combo.currentData(),
        )

    def set_settings(self, settings: ExportSettings) -> None:
        """Show ``settings``; values no control offers fall back to the control's first choice."""
        self._base = settings
        widgets = self.findChildren(QWidget)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            key = settings.format if settings.format in FORMATS else ExportSettings().format
            _select(self.format_combo, key)
            _select(self.rate_combo, settings.sample_rate)
            _select(self.channels_combo, settings.channels)
            self._show_loudness(settings.loudness_target)
            self.ceiling.setValue(settings.true_peak_ceiling)
            self.trim.setChecked(settings.trim_silence)
            self.fade_in.setValue(settings.fade_in)
            self.fade_out.setValue(settings.fade_out)
            self.template.setText(settings.name_template)
            self.folder.setText(settings.folder)
            _select(self.overwrite_combo, settings.overwrite)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._on_edited()

    def set_folder(self, folder: str) -> None:
        self.folder.setText(folder)

    def problems(self) -> list[str]:
        return self.settings().problems()

    def _show_loudness(self, target: float | None) -> None:
        index = self.loudness_combo.findData(target) if target is not None else 0
        if target is not None and index < 0:
            index = self.loudness_combo.count() - 1  # "Custom…"
            self.custom_lufs.setValue(target)
        self.loudness_combo.setCurrentIndex(max(0, index))

    # -- reactions ---------------------------------------------------------------------------

    def _on_edited(self, *_: object) -> None:
        current = self.settings()
        custom = self.loudness_combo.currentIndex() == self.loudness_combo.count() - 1
        self.custom_lufs.setVisible(custom)
        # The ceiling is enforced only while loudness is normalised.
        self.ceiling.setEnabled(current.loudness_target is not None)
        self.problems_label.setText("\n".join(current.problems()))
        name = preview.first_name(self._takes, current)
        self.preview_label.setText(name)
        self.preview_label.setToolTip(name)
        self.sig_changed.emit()

    def _on_placeholder_clicked(self, name: str) -> None:
        self.template.insert(name)
        self.template.setFocus()


def _format_model(parent: QWidget) -> QStandardItemModel:
    """Every format under a non-selectable family heading."""
    model = QStandardItemModel(parent)
    for group in choices.format_groups():
        header = QStandardItem(group.title.upper())
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        header.setData(True, _HEADER_ROLE)
        font = style.scaled_font(parent.font(), 0.8, bold=True)
        header.setFont(font)
        model.appendRow(header)
        for key in group.keys:
            item = QStandardItem(format_spec(key).label)
            item.setData(key, Qt.ItemDataRole.UserRole)
            item.setToolTip(format_spec(key).label)
            model.appendRow(item)
    return model


def _combo(name: str, items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox(objectName=name)
    for label, value in items:
        combo.addItem(label, value)
    return combo


def _spin(
    name: str, bounds: tuple[float, float], suffix: str, decimals: int, step: float
) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(objectName=name)
    spin.setRange(*bounds)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setMinimumWidth(104)
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return spin


def _row(*widgets: QWidget, stretch_first: bool = False) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(style.SPACING)
    for number, widget in enumerate(widgets):
        row.addWidget(widget, 1 if stretch_first and number == 0 else 0)
    return row


def _form(*rows: tuple[str, QWidget | QHBoxLayout | QVBoxLayout]) -> QFormLayout:
    form = QFormLayout()
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(style.ROW_SPACING)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for label, field in rows:
        caption = QLabel(label)
        caption.setMinimumWidth(118)
        form.addRow(caption, field)
    return form


def _select(combo: QComboBox, value: object) -> None:
    # "Keep"/"Off" items carry None, which findData cannot match: they are always first.
    index = _first_choice(combo) if value is None else combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else _first_choice(combo))


def _first_choice(combo: QComboBox) -> int:
    for index in range(combo.count()):
        if combo.itemData(index, _HEADER_ROLE) is None:
            return index
    return 0


def _placeholder_links(palette: QPalette) -> str:
    """ "Insert: {model} {prompt} …", each a link in the text colour (link blue clashes)."""
    color = palette.color(QPalette.ColorRole.WindowText).name()
    muted = style.muted_color(palette).name()
    links = "&nbsp;&nbsp;".join(
        f'<a href="{{{name}}}" style="color:{color}; text-decoration:none">'
        f"{html.escape('{' + name + '}')}</a>"
        for name in choices.SHOWN_PLACEHOLDERS
    )
    return f'<span style="color:{muted}">Insert:</span>&nbsp;&nbsp;{links}'
