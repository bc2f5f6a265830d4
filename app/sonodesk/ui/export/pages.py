"""The export dialog's running and finished pages: progress bars, then the summary.

Display only: they show what they are given and emit nothing; the dialog owns the buttons.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.export import ExportProgress
from sonodesk.ui import theme
from sonodesk.ui.export.summary import Summary
from sonodesk.ui.form import style
from sonodesk.ui.form.labels import ElidedLabel, GroupHeading, MutedLabel

_STAGES = {
    "reading": "Reading",
    "processing": "Processing",
    "encoding": "Encoding and checking",
    "done": "Done",
}
_BAR_STEPS = 1000


def _bar(name: str) -> QProgressBar:
    bar = QProgressBar(objectName=name)
    bar.setRange(0, _BAR_STEPS)
    bar.setTextVisible(False)
    bar.setFixedHeight(8)
    return bar


class ProgressPage(QWidget):
    """Take k of n with its stage, a bar for the take and one for the whole batch."""

    def __init__(self, titles: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportProgressPage")
        self._titles = dict(titles)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        self.heading = QLabel("Exporting…", self)
        self.heading.setFont(style.scaled_font(self.heading.font(), 1.1, bold=True))
        layout.addWidget(self.heading)
        self.destination = MutedLabel("", self)
        self.destination.setWordWrap(True)
        layout.addWidget(self.destination)
        layout.addSpacing(14)
        take_row = QHBoxLayout()
        self.take_label = QLabel("", self, objectName="exportTakeLabel")
        self.stage_label = MutedLabel("", self)
        self.stage_label.setObjectName("exportStageLabel")
        take_row.addWidget(self.take_label, 1)
        take_row.addWidget(self.stage_label)
        layout.addLayout(take_row)
        self.take_bar = _bar("exportTakeProgress")
        layout.addWidget(self.take_bar)
        layout.addSpacing(12)
        overall_row = QHBoxLayout()
        overall_row.addWidget(QLabel("All takes", self), 1)
        self.overall_label = MutedLabel("", self)
        self.overall_label.setObjectName("exportOverallLabel")
        overall_row.addWidget(self.overall_label)
        layout.addLayout(overall_row)
        self.overall_bar = _bar("exportOverallProgress")
        layout.addWidget(self.overall_bar)
        layout.addSpacing(10)
        self.status = MutedLabel("", self)
        self.status.setObjectName("exportRunStatus")
        layout.addWidget(self.status)
        layout.addSpacing(6)
        layout.addWidget(GroupHeading("Takes", self))
        self.queue = QListWidget(self, objectName="exportQueue")
        self.queue.setFrameShape(QFrame.Shape.NoFrame)
        self.queue.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.queue.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.queue.viewport().setAutoFillBackground(False)
        self.queue.setIconSize(QSize(16, 16))
        self.queue.setSpacing(2)
        for title in self._titles.values():
            self.queue.addItem(QListWidgetItem(title))
        layout.addWidget(self.queue, 1)
        self._marked = (-1, False)

    def begin(self, count: int, destination: str) -> None:
        self.heading.setText("Exporting 1 take…" if count == 1 else f"Exporting {count} takes…")
        self.destination.setText(destination)
        self.take_label.setText("Preparing…")
        self.stage_label.setText("")
        self.overall_label.setText(f"0 of {count}")
        self.status.setText("")
        self.take_bar.setValue(0)
        self.overall_bar.setValue(0)
        self._mark_queue(0, False)

    def set_progress(self, progress: ExportProgress) -> None:
        total = max(1, progress.total)
        title = self._titles.get(progress.take_id, progress.take_id)
        self.take_label.setText(f"Take {progress.index + 1} of {total}  ·  {title}")
        self.stage_label.setText(_STAGES.get(progress.stage, progress.stage.capitalize()))
        own = min(1.0, max(0.0, progress.fraction * total - progress.index))
        self.take_bar.setValue(round(own * _BAR_STEPS))
        self.overall_bar.setValue(round(min(1.0, progress.fraction) * _BAR_STEPS))
        finished = progress.index + (1 if progress.stage == "done" else 0)
        self.overall_label.setText(f"{finished} of {total}  ·  {round(progress.fraction * 100)}%")
        marked = (progress.index, progress.stage == "done")
        if marked != self._marked:
            self._mark_queue(*marked)

    def _mark_queue(self, current: int, done: bool) -> None:
        """Finished takes get a tick, the one in hand a waveform, the rest a clock."""
        self._marked = (current, done)
        colors = theme.colors()
        for row in range(self.queue.count()):
            item = self.queue.item(row)
            if row < current or (row == current and done):
                item.setIcon(style.icon("check", colors.success))
                item.setForeground(self.palette().color(QPalette.ColorRole.WindowText))
            elif row == current:
                item.setIcon(style.icon("waveform", colors.accent))
                item.setForeground(self.palette().color(QPalette.ColorRole.WindowText))
            else:
                item.setIcon(style.icon("clock", colors.muted))
                item.setForeground(colors.muted)

    def set_cancelling(self) -> None:
        self.status.setText("Cancelling… the take being written will leave no file.")


class SummaryPage(QWidget):
    """The outcome: a headline with an icon, the files written, notes and problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportSummaryPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(style.SPACING)
        self.icon = QLabel(self)
        self.icon.setFixedSize(QSize(22, 22))
        self.title = QLabel("", self, objectName="exportSummaryTitle")
        self.title.setFont(style.scaled_font(self.title.font(), 1.1, bold=True))
        top.addWidget(self.icon)
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.headline = MutedLabel("", self)
        self.headline.setObjectName("exportSummaryHeadline")
        layout.addWidget(self.headline)
        self.where = ElidedLabel("", self, Qt.TextElideMode.ElideMiddle)
        self.where.setObjectName("exportSummaryFolder")
        self.where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.where.setFont(style.scaled_font(self.where.font(), 0.9))
        layout.addWidget(self.where)
        self.sections = QVBoxLayout()
        self.sections.setSpacing(6)
        layout.addSpacing(6)
        layout.addLayout(self.sections)
        layout.addStretch(1)
        self._plain: list[str] = []

    def show_summary(self, summary: Summary) -> None:
        colors = theme.colors()
        name, tint = ("check", colors.success) if summary.ok else ("warning", colors.warning)
        self.icon.setPixmap(style.icon(name, tint).pixmap(QSize(22, 22), self.devicePixelRatioF()))
        self.title.setText(summary.title)
        self.headline.setText(summary.headline)
        folder = f"In {summary.folder}" if summary.folder is not None else ""
        self.where.setText(folder)
        self.where.setToolTip(folder)
        while self.sections.count():
            item = self.sections.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        blocks = (
            ("Written", list(summary.files)),
            ("Notes", list(summary.notes)),
            ("Skipped", list(summary.skipped)),
            ("Problems", list(summary.problems)),
        )
        self._plain = [summary.title, summary.headline]
        for heading, lines in blocks:
            if lines:
                self.sections.addWidget(GroupHeading(heading, self))
                self.sections.addWidget(_lines(lines, self, error=heading == "Problems"))
                self._plain += [heading, *lines]

    def text(self) -> str:
        """Everything shown, as plain text (for tests and screen readers' sake)."""
        return "\n".join(self._plain)


def _lines(lines: list[str], parent: QWidget, *, error: bool) -> QLabel:
    label = QLabel(parent, objectName="exportSummaryLines")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    color = style.error_color(parent.palette()).name() if error else None
    items = "".join(
        f"<div style='margin-left:2px'>{'• ' + html.escape(line, quote=False)}</div>"
        for line in lines
    )
    label.setText(f"<div style='color:{color}'>{items}</div>" if color else items)
    return label
