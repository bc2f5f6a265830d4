"""The pieces of the file editors: a drop zone with Browse…, and a card for one chosen file.

Widgets and drag-and-drop plumbing only; what a file means and whether it fits the field is
decided by the editors (file_editors.py) with file_probe.py.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.ui.form import style
from sonodesk.ui.form.labels import ElidedLabel, MutedLabel
from sonodesk.ui.form.waveform_thumb import WaveformThumb

NOT_LOCAL = "Only files on this computer can be used here."


def local_paths(mime: QMimeData) -> tuple[list[str], str | None]:
    """The local file paths in a drag, and a message when some were not local files."""
    paths: list[str] = []
    problem = None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile():
            paths.append(url.toLocalFile())
        else:
            problem = NOT_LOCAL
    if not mime.urls():
        problem = NOT_LOCAL
    return paths, problem


class DropTarget(QWidget):
    """A widget that takes file drops: ``sig_dropped(paths)`` or ``sig_rejected(message)``."""

    sig_dropped = Signal(list)
    sig_rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._hover = False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            self._hover = True
            self.update()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._hover = False
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover = False
        self.update()
        event.acceptProposedAction()
        self.take_mime(event.mimeData())

    def take_mime(self, mime: QMimeData) -> None:
        paths, problem = local_paths(mime)
        if paths:
            self.sig_dropped.emit(paths)
        elif problem:
            self.sig_rejected.emit(problem)


class DropZone(DropTarget):
    """A dashed area: "Drop an audio file here or [Browse…]", with the limits underneath."""

    sig_browse = Signal()

    def __init__(self, text: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 10, 10)
        layout.setSpacing(style.SPACING)
        glyph = QLabel(self)
        glyph.setPixmap(style.icon("upload").pixmap(QSize(20, 20)))
        layout.addWidget(glyph, 0, Qt.AlignmentFlag.AlignVCenter)
        lines = QVBoxLayout()
        lines.setSpacing(1)
        self.text_label = QLabel(text, self)
        lines.addWidget(self.text_label)
        self.caption = MutedLabel(caption, self, scale=0.85)
        self.caption.setVisible(bool(caption))
        lines.addWidget(self.caption)
        layout.addLayout(lines, 1)
        self.browse_button = QPushButton("Browse…", self)
        self.browse_button.setObjectName("browseButton")
        self.browse_button.clicked.connect(self.sig_browse)
        layout.addWidget(self.browse_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setFocusProxy(self.browse_button)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
        self.caption.setVisible(bool(text))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        pen = QPen(style.accent_color(palette) if self._hover else style.border_color(palette))
        pen.setWidthF(1.2)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = style.subtle_fill(palette) if self._hover else palette.color(palette.ColorRole.Base)
        painter.setBrush(fill)
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(1, 1, -1, -1), style.RADIUS, style.RADIUS
        )
        painter.end()


def _tool(parent: QWidget, icon_name: str, tip: str, name: str) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(style.icon(icon_name))
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setObjectName(name)
    button.setAutoRaise(True)
    return button


class FileCard(DropTarget):
    """One chosen file: waveform, name, "0:12 · WAV · 48 kHz stereo", play and remove.

    ``reorderable`` adds Move up / Move down (file lists); ``replaceable`` adds Browse (single
    files, where dropping on the card replaces the file too).
    """

    sig_play = Signal()
    sig_remove = Signal()
    sig_browse = Signal()
    sig_move = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        reorderable: bool = False,
        replaceable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("fileCard")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 4, 6)
        layout.setSpacing(style.SPACING)
        self.thumb = WaveformThumb(self, QSize(64, 28) if reorderable else QSize(76, 32))
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignVCenter)
        lines = QVBoxLayout()
        lines.setSpacing(1)
        self.name_label = ElidedLabel("", self)
        self.name_label.setFont(style.scaled_font(self.name_label.font(), 1.0, bold=True))
        self.summary_label = ElidedLabel("", self)
        self.summary_label.setFont(style.scaled_font(self.summary_label.font(), 0.85))
        self.summary_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lines.addWidget(self.name_label)
        lines.addWidget(self.summary_label)
        layout.addLayout(lines, 1)
        self.play_button = _tool(self, "play", "Play in the player", "filePlay")
        self.play_button.clicked.connect(self.sig_play)
        layout.addWidget(self.play_button)
        self.up_button = self.down_button = self.browse_button = None
        if reorderable:
            self.up_button = _tool(self, "up", "Move up", "fileUp")
            self.down_button = _tool(self, "down", "Move down", "fileDown")
            self.up_button.clicked.connect(lambda: self.sig_move.emit(-1))
            self.down_button.clicked.connect(lambda: self.sig_move.emit(1))
            layout.addWidget(self.up_button)
            layout.addWidget(self.down_button)
        if replaceable:
            self.browse_button = _tool(self, "open", "Choose another file…", "fileBrowse")
            self.browse_button.clicked.connect(self.sig_browse)
            layout.addWidget(self.browse_button)
        self.remove_button = _tool(self, "close", "Remove this file", "fileRemove")
        self.remove_button.clicked.connect(self.sig_remove)
        layout.addWidget(self.remove_button)
        self.setFocusProxy(self.play_button)

    def show_file(self, name: str, summary: str, *, playable: bool) -> None:
        self.name_label.setText(name)
        self.name_label.setToolTip(name)
        self.summary_label.setText(summary)
        self.summary_label.setToolTip(summary)
        self.play_button.setEnabled(playable)

    def name_text(self) -> str:
        return self.name_label.text()

    def summary_text(self) -> str:
        return self.summary_label.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        pen = QPen(style.accent_color(palette) if self._hover else style.border_color(palette))
        pen.setWidthF(1.0)
        painter.setPen(pen)
        painter.setBrush(style.subtle_fill(palette))
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), style.RADIUS, style.RADIUS
        )
        painter.end()
