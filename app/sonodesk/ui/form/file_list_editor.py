"""The several-files input (file_array): reorderable file cards above a drop zone, up to a limit.

Each file is checked like a single file before it joins the list; what could not be added
is said in one line. Values are local paths or uploaded asset ids, in the user's order.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QVBoxLayout

from sonodesk.core.audio import Envelope
from sonodesk.core.schema.labels import count_text
from sonodesk.ui.form.background import run_in_background
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.file_chooser import FileChooser, report_now_or_later
from sonodesk.ui.form.file_editors import ASSET_SUMMARY
from sonodesk.ui.form.file_probe import (
    FileReport,
    describe_limits,
    inspect_file,
    is_local_path,
    path_problem,
    thumbnail_envelope,
)
from sonodesk.ui.form.file_widgets import DropZone, FileCard


class FileListEditor(FieldEditor):
    """Several files (file_array): reorderable cards above a drop zone, up to the item limit."""

    wide = True

    def _build(self) -> None:
        self._items: list[tuple[str, FileReport | None]] = []
        self._envelopes: dict[str, Envelope | None] = {}
        self._pending = 0
        self.chooser = FileChooser(self, many=True)
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(4)
        self.cards: list[FileCard] = []
        noun = "audio files" if self.spec.file_kind == "audio" else "files"
        self.zone = DropZone(f"Drop {noun} here", "", self)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(self.rows)
        column.addWidget(self.zone)
        self.body.addLayout(column, 1)
        self.setFocusProxy(self.zone)
        self.zone.sig_dropped.connect(self.add_paths)
        self.zone.sig_rejected.connect(self._note)
        self.zone.sig_browse.connect(self.browse)
        self._refresh_zone()

    def help_text(self) -> str:
        return self.spec.hint

    def value(self) -> list[str]:
        return [path for path, _report in self._items]

    def _apply(self, value: Any) -> None:
        self.set_local_error(None)
        items = value if isinstance(value, list | tuple) else [] if value is None else [value]
        self._items = []
        for item in items:
            if isinstance(item, str | os.PathLike) and os.fspath(item).strip():
                path = os.fspath(item)
                report = inspect_file(self.spec, path) if is_local_path(path) else None
                self._items.append((path, report))
        self._rebuild()

    def browse(self) -> QFileDialog:
        return self.chooser.open(self.add_paths)

    def room(self) -> int | None:
        if self.spec.max_length is None:
            return None
        return max(0, self.spec.max_length - len(self._items) - self._pending)

    def add_paths(self, paths: list[str]) -> None:
        """Check each path and append the ones that fit; say why the others were left out."""
        notes: list[str] = []
        for path in paths:
            room = self.room()
            if room == 0:
                notes.append(f"Up to {count_text(self.spec.max_length or 0, 'file')} here.")
                break
            if path in self.value():
                continue
            problem = path_problem(path)
            if problem is not None:
                notes.append(problem)
                continue
            self._pending += 1
            report = report_now_or_later(self, self.spec, path, self._on_report)
            if report is not None:
                notes.extend(self._on_report(report, rebuild=False))
        self._rebuild()
        self._note(" ".join(dict.fromkeys(notes)) if notes else None)

    def _on_report(self, report: FileReport, *, rebuild: bool = True) -> list[str]:
        self._pending = max(0, self._pending - 1)
        if report.problem is not None:
            if rebuild:
                self._note(f"{report.name}: {report.problem}")
            return [f"{report.name}: {report.problem}"]
        self._items.append((report.path, report))
        if rebuild:
            self._rebuild()
        self._user_changed()
        return []

    def _note(self, message: str | None) -> None:
        self.set_error(message)

    def _rebuild(self) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for index, (path, report) in enumerate(self._items):
            card = FileCard(self, reorderable=True, replaceable=False)
            name = Path(path).name if is_local_path(path) else path
            summary = report.summary() if report is not None else ASSET_SUMMARY
            card.show_file(name, summary, playable=report is not None)
            assert card.up_button is not None and card.down_button is not None
            card.up_button.setEnabled(index > 0)
            card.down_button.setEnabled(index < len(self._items) - 1)
            card.sig_move.connect(lambda step, i=index: self.move(i, step))
            card.sig_remove.connect(lambda i=index: self.remove(i))
            card.sig_play.connect(lambda p=path: self.sig_preview_requested.emit(p))
            card.sig_dropped.connect(self.add_paths)
            self.rows.addWidget(card)
            self.cards.append(card)
            if path in self._envelopes:
                card.thumb.set_envelope(self._envelopes[path])
            elif report is not None and report.info is not None:
                run_in_background(
                    card,
                    lambda p=path: thumbnail_envelope(p),
                    lambda envelope, p=path, c=card: self._on_envelope(p, c, envelope),
                )
        self._refresh_zone()

    def _on_envelope(self, path: str, card: FileCard, envelope: Envelope | None) -> None:
        # Kept per path: reordering or removing rebuilds the cards, not the waveforms.
        self._envelopes[path] = envelope
        card.thumb.set_envelope(envelope)

    def _refresh_zone(self) -> None:
        room = self.room()
        self.zone.setVisible(room is None or room > 0)
        limits = describe_limits(self.spec)
        if self.spec.max_length is not None:
            count = f"{len(self._items)} of {self.spec.max_length}"
            limits = f"{count} · {limits}" if limits else count
        self.zone.set_caption(limits)
        if room is None or room > 0:
            self.setFocusProxy(self.zone)
        elif self.cards:
            self.setFocusProxy(self.cards[0])

    def move(self, index: int, step: int) -> None:
        target = index + step
        if 0 <= index < len(self._items) and 0 <= target < len(self._items):
            items = self._items
            items[index], items[target] = items[target], items[index]
            self._rebuild()
            button = self.cards[target].up_button if step < 0 else self.cards[target].down_button
            if button is not None and button.isEnabled():
                button.setFocus()
            self._user_changed()

    def remove(self, index: int) -> None:
        if 0 <= index < len(self._items):
            del self._items[index]
            self._rebuild()
            self.set_error(None)
            self._user_changed()
