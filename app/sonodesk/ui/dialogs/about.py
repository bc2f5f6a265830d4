"""About Sonodesk: the version, the connection, and every open-source component shipped with
its licence text. Non-modal; reads the components once, when first opened (core.licences).
"""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core import licences
from sonodesk.core.licences import Component
from sonodesk.ui.app_info import AppInfo
from sonodesk.ui.icons import app_icon
from sonodesk.ui.theme import colors, scaled

TAGLINE = (
    "Generate songs, loops, speech and sound effects with cloud models, keep every take, "
    "audition it and take it to your DAW."
)
# Listed first: what the app is built on, and the libraries the LGPL note is about.
FEATURED = ("Python", "PySide6_Essentials", "shiboken6", "libsndfile", "PortAudio", "soxr")
FROZEN_NOTE = (
    "Qt, libsndfile and libsoxr are used under the GNU LGPL. They are separate libraries in "
    "the app's <i>_internal</i> folder, which you may replace with builds of your own. Their "
    "source: download.qt.io, github.com/libsndfile/libsndfile, sourceforge.net/projects/soxr."
)
SOURCE_NOTE = "Running from source: these are the Python packages Sonodesk runs on."
_NAME, _VERSION, _LICENCE = range(3)


def _order(component: Component) -> tuple[int, str]:
    featured = component.name in FEATURED
    rank = FEATURED.index(component.name) if featured else len(FEATURED)
    return rank, component.name.casefold()


class AboutDialog(QDialog):
    """Header (logo, version, connection) over a filterable component table and its licence."""

    def __init__(self, info: AppInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Sonodesk")
        self.setModal(False)
        self.resize(760, 620)
        self.components = sorted(licences.shipped_components(), key=_order)

        logo = QLabel(objectName="aboutLogo")
        logo.setPixmap(app_icon().pixmap(QSize(72, 72), self.devicePixelRatioF()))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(f"Sonodesk {info.version}", objectName="aboutTitle")
        self.title.setFont(scaled(self.title.font(), 1.6, bold=True))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tagline = QLabel(TAGLINE, objectName="aboutTagline")
        tagline.setWordWrap(True)
        muted = colors().muted.name()
        self.details = QLabel(self._details_text(info), objectName="aboutDetails")
        self.details.setStyleSheet(f"color: {muted};")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text_column = QVBoxLayout()
        text_column.setSpacing(6)
        for widget in (self.title, tagline, self.details):
            text_column.addWidget(widget)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(logo)
        header.addLayout(text_column, 1)

        heading = QLabel("Open-source components", objectName="aboutComponentsHeading")
        heading.setFont(scaled(heading.font(), 1.1, bold=True))
        self.filter = QLineEdit(objectName="aboutFilter")
        self.filter.setPlaceholderText("Filter by name or licence")
        self.filter.setClearButtonEnabled(True)
        self.filter.setFixedWidth(240)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        heading_row = QHBoxLayout()
        heading_row.addWidget(heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.filter)
        frozen = licences.frozen_folder() is not None
        self.note = QLabel(FROZEN_NOTE if frozen else SOURCE_NOTE, objectName="aboutNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {muted};")

        self.table = self._build_table()
        self.licence = QPlainTextEdit(objectName="aboutLicenceText")
        self.licence.setReadOnly(True)
        self.licence.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.licence.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.licence)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([260, 200])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy version details", objectName="aboutCopy")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addSpacing(6)
        layout.addLayout(heading_row)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        if self.components:
            self.table.selectRow(0)

    def _details_text(self, info: AppInfo) -> str:
        parts = [
            f"Qt {qVersion()} (PySide6 {pyside_version})",
            f"Python {platform.python_version()}",
            f"{platform.system()} {platform.machine()}",
        ]
        lines = [" · ".join(parts)]
        if info.provider_badge:
            lines.append(f"Connection: {info.provider_badge}")
        return "<br>".join(lines)

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(len(self.components), 3, self)
        table.setObjectName("aboutComponents")
        table.setHorizontalHeaderLabels(["Component", "Version", "Licence"])
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setWordWrap(False)
        for row, component in enumerate(self.components):
            cells = (component.name, component.version, component.licence)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(component.origin if column == _NAME else text)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_VERSION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_LICENCE, QHeaderView.ResizeMode.Stretch)
        table.itemSelectionChanged.connect(self._on_table_selection_changed)
        return table

    def _on_table_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.licence.clear()
            return
        component = self.components[rows[0].row()]
        text = licences.licence_text(component)
        heading = f"{component.name} {component.version}: {component.licence}\n{component.origin}"
        body = text or "No licence text was shipped with this component."
        self.licence.setPlainText(f"{heading}\n\n{body}")
        self.licence.moveCursor(self.licence.textCursor().MoveOperation.Start)

    def _on_filter_text_changed(self, text: str) -> None:
        needle = text.strip().casefold()
        for row, component in enumerate(self.components):
            haystack = f"{component.name} {component.licence}".casefold()
            self.table.setRowHidden(row, bool(needle) and needle not in haystack)

    def _on_copy_clicked(self) -> None:
        # For bug reports: the app's version and what it runs on, as plain text.
        lines = [self.title.text(), self.details.text().replace("<br>", "\n")]
        lines += [f"{c.name} {c.version}" for c in self.components if c.name in FEATURED]
        QGuiApplication.clipboard().setText("\n".join(lines))
