"""ExportDialog: choose how one take or a batch is exported, run it off the UI thread, summarise.

Opened with ``open()``. Asks about existing files before anything is written, never blocks
the event loop, and hands the chosen settings out through ``sig_settings_chosen`` (it saves
nothing itself).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.errors import SonodeskError
from sonodesk.core.export import (
    ExportReport,
    ExportSettings,
    PlannedExport,
    plan_exports,
    retry_with,
)
from sonodesk.core.export.settings import OverwritePolicy
from sonodesk.core.jobs.records import TakeRecord
from sonodesk.ui.export.pages import ProgressPage, SummaryPage
from sonodesk.ui.export.runner import ExportRunner
from sonodesk.ui.export.settings_form import ExportSettingsForm
from sonodesk.ui.export.summary import conflict_question, summarize, take_title
from sonodesk.ui.form import style
from sonodesk.ui.form.labels import MutedLabel
from sonodesk.ui.widgets.notice_bar import NoticeBar

_SETTINGS, _RUNNING, _SUMMARY = range(3)


def default_folder() -> str:
    """Where exports go until the user picks a folder: Music/Sonodesk (or Home/Sonodesk)."""
    music = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
    return str(Path(music or Path.home()) / "Sonodesk")


class ExportDialog(QDialog):
    """``sig_settings_chosen(ExportSettings)`` when an export starts (persist it);
    ``sig_export_finished(ExportReport)`` when it ends."""

    sig_settings_chosen = Signal(object)
    sig_export_finished = Signal(object)

    def __init__(
        self,
        takes: Sequence[TakeRecord],
        *,
        defaults: ExportSettings | None = None,
        parent: QWidget | None = None,
        runner: ExportRunner | None = None,
    ) -> None:
        super().__init__(parent)
        if not takes:
            raise ValueError("ExportDialog needs at least one take")
        self.setObjectName("exportDialog")
        self._takes = tuple(takes)
        self._titles = {take.id: take_title(take) for take in self._takes}
        self._close_when_done = False
        self._folder: Path | None = None
        self.folder_dialog: QFileDialog | None = None
        self.runner = runner or ExportRunner(self)
        self.runner.setParent(self)
        count = len(self._takes)
        self.setWindowTitle("Export take" if count == 1 else f"Export {count} takes")
        self.setMinimumWidth(560)
        self._build()
        self.form.set_settings(_with_folder(defaults or ExportSettings()))
        self._wire()
        self._show_page(_SETTINGS)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(self._header())
        self.notice = NoticeBar(self)
        layout.addWidget(self.notice)
        self.form = ExportSettingsForm(self._takes, self)
        scroll = QScrollArea(self)
        scroll.setObjectName("exportScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 6, 0)
        inner.addWidget(self.form)
        scroll.setWidget(holder)
        self.progress_page = ProgressPage(self._titles, self)
        self.summary_page = SummaryPage(self)
        self.pages = QStackedWidget(self)
        for page in (scroll, self.progress_page, self.summary_page):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        # Outside the scroll area, so the reason Export is disabled is always in view.
        layout.addWidget(self.form.problems_label)
        layout.addLayout(self._buttons())

    def _header(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(2)
        title = QLabel(self.windowTitle(), self, objectName="exportTitle")
        title.setFont(style.scaled_font(title.font(), 1.2, bold=True))
        column.addWidget(title)
        names = ", ".join(self._titles[t.id] for t in self._takes[:3])
        if len(self._takes) > 3:
            names += f" and {len(self._takes) - 3} more"
        subtitle = MutedLabel(names, self)
        subtitle.setObjectName("exportSubtitle")
        subtitle.setWordWrap(True)
        column.addWidget(subtitle)
        return column

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(style.SPACING)
        self.reveal_button = QPushButton(style.icon("reveal"), "Reveal in file manager")
        self.reveal_button.setObjectName("exportReveal")
        self.back_button = QPushButton("Export again…", objectName="exportBack")
        row.addWidget(self.reveal_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        self.close_button = QPushButton("Cancel", objectName="exportClose")
        self.stop_button = QPushButton(style.icon("stop"), "Cancel export")
        self.stop_button.setObjectName("exportStop")
        count = len(self._takes)
        label = "Export" if count == 1 else f"Export {count} takes"
        self.export_button = QPushButton(style.icon("export"), label, objectName="exportStart")
        self.export_button.setDefault(True)
        self.export_button.setMinimumWidth(132)
        self.export_button.setMinimumHeight(32)
        self.export_button.setFont(style.scaled_font(self.export_button.font(), 1.0, bold=True))
        self._paint_accent()
        for button in (self.close_button, self.stop_button, self.export_button):
            row.addWidget(button)
        return row

    def _paint_accent(self) -> None:
        palette = QPalette(self.export_button.palette())
        # Active and inactive only: a disabled Export must look disabled, not amber.
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Button, style.accent_color(self.palette()))
            palette.setColor(
                group, QPalette.ColorRole.ButtonText, style.on_accent_color(self.palette())
            )
        self.export_button.setPalette(palette)
        self.export_button.setIcon(style.icon("export", style.on_accent_color(self.palette())))

    def _wire(self) -> None:
        self.form.sig_changed.connect(self._on_settings_changed)
        # A question or error about the previous settings no longer applies after an edit.
        self.form.sig_changed.connect(self.notice.dismiss)
        self.form.sig_browse_requested.connect(self.browse_folder)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        self.stop_button.clicked.connect(self.cancel_export)
        self.back_button.clicked.connect(lambda: self._show_page(_SETTINGS))
        self.reveal_button.clicked.connect(self.reveal_folder)
        self.runner.sig_progress.connect(self.progress_page.set_progress)
        self.runner.sig_finished.connect(self._on_finished)
        self.runner.sig_failed.connect(self._on_failed)

    # -- public ------------------------------------------------------------------------------

    def settings(self) -> ExportSettings:
        """The settings the controls show now (what the lead persists)."""
        return self.form.settings()

    def is_running(self) -> bool:
        return self.runner.is_running()

    def browse_folder(self) -> None:
        """Pick the folder in a file dialog opened with ``open()``: the loop keeps running."""
        start = self.form.settings().folder or default_folder()
        dialog = QFileDialog(self, "Choose the export folder", start)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.form.set_folder)
        dialog.finished.connect(dialog.deleteLater)
        self.folder_dialog = dialog
        dialog.open()

    def start_export(self) -> None:
        """Check, ask about existing files if the policy says so, then export on the worker."""
        settings = self.form.settings()
        if settings.problems() or self.runner.is_running():
            return
        self.notice.dismiss()
        try:
            plans = plan_exports(self._takes, settings)
        except SonodeskError as exc:
            self.notice.show_notice(_escape(exc.full_text()), kind="error")
            return
        if settings.overwrite == "ask" and any(p.target.conflict for p in plans):
            self._ask_about_conflicts(settings, plans)
            return
        self._run(settings, settings)

    def cancel_export(self) -> None:
        if self.runner.is_running():
            self.runner.cancel()
            self.stop_button.setEnabled(False)
            self.progress_page.set_cancelling()

    def reveal_folder(self) -> None:
        if self._folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))

    def reject(self) -> None:
        # Closing mid-export stops it first; the dialog goes once the worker has cleaned up.
        if self.runner.is_running():
            self._close_when_done = True
            self.cancel_export()
            return
        super().reject()

    # -- flow --------------------------------------------------------------------------------

    def _ask_about_conflicts(self, chosen: ExportSettings, plans: list[PlannedExport]) -> None:
        def answer(policy: OverwritePolicy | None) -> None:
            self._run(chosen, chosen if policy is None else retry_with(chosen, policy))

        self.notice.show_notice(
            _escape(conflict_question(plans)) + "<br>What should happen to them?",
            [
                ("Replace", lambda: answer("replace")),
                ("Add a number", lambda: answer("number")),
                # "ask" writes nothing over an existing file: those takes are reported skipped.
                ("Skip those", lambda: answer(None)),
            ],
            kind="warning",
        )

    def _run(self, chosen: ExportSettings, effective: ExportSettings) -> None:
        self.sig_settings_chosen.emit(chosen)
        self._folder = Path(effective.folder).expanduser().absolute()
        self.progress_page.begin(len(self._takes), f"To {self._folder}")
        self._show_page(_RUNNING)
        self.runner.start(self._takes, effective)

    def _on_finished(self, report: ExportReport) -> None:
        self.summary_page.show_summary(summarize(report, self._titles, self._folder))
        self._show_page(_SUMMARY)
        self.sig_export_finished.emit(report)
        if self._close_when_done:
            super().reject()

    def _on_failed(self, error: SonodeskError) -> None:
        self._show_page(_SETTINGS)
        self.notice.show_notice(_escape(error.full_text()), kind="error")
        if self._close_when_done:
            super().reject()

    def _on_settings_changed(self) -> None:
        problems = self.form.problems()
        self.export_button.setEnabled(not problems)
        self.form.problems_label.setVisible(bool(problems))

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        settings_page = page == _SETTINGS
        self.export_button.setVisible(settings_page)
        self.close_button.setVisible(page != _RUNNING)
        self.close_button.setText("Cancel" if settings_page else "Done")
        self.stop_button.setVisible(page == _RUNNING)
        self.stop_button.setEnabled(True)
        self.reveal_button.setVisible(page == _SUMMARY)
        self.back_button.setVisible(page == _SUMMARY)
        if settings_page:
            self._on_settings_changed()
        else:
            self.notice.dismiss()
            self.form.problems_label.hide()


def _with_folder(settings: ExportSettings) -> ExportSettings:
    return settings if settings.folder.strip() else replace(settings, folder=default_folder())


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
