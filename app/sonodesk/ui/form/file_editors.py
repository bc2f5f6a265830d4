"""The single-file input: a drop zone until a file is chosen, then a card with waveform and Play.

A value is a local path (the engine uploads it on submit) or an already-uploaded asset id.
Files are checked before they are accepted: local, not a folder, audio that decodes, within
the field's size and duration limits. Slow checks and the thumbnail run off the UI thread.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QVBoxLayout

from sonodesk.ui.form.background import run_in_background
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.file_chooser import FileChooser, report_now_or_later
from sonodesk.ui.form.file_probe import (
    FileReport,
    describe_limits,
    is_local_path,
    path_problem,
    thumbnail_envelope,
)
from sonodesk.ui.form.file_widgets import DropZone, FileCard

CHECKING = "Checking the file…"
ASSET_SUMMARY = "Already uploaded"


class FileEditor(FieldEditor):
    """One file: a drop zone until a file is chosen, then a card with a waveform and Play."""

    wide = True

    def _build(self) -> None:
        self._value: str | None = None
        self._report: FileReport | None = None
        self._token = 0
        self.chooser = FileChooser(self, many=False)
        noun = "an audio file" if self.spec.file_kind == "audio" else "a file"
        self.zone = DropZone(f"Drop {noun} here", describe_limits(self.spec), self)
        self.card = FileCard(self, replaceable=True)
        self.card.hide()
        stack = QVBoxLayout()
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self.zone)
        stack.addWidget(self.card)
        self.body.addLayout(stack, 1)
        self.setFocusProxy(self.zone)
        for target in (self.zone, self.card):
            target.sig_dropped.connect(self._on_dropped)
            target.sig_rejected.connect(self._reject)
        self.zone.sig_browse.connect(self.browse)
        self.card.sig_browse.connect(self.browse)
        self.card.sig_remove.connect(self._on_remove)
        self.card.sig_play.connect(self._on_play)

    def help_text(self) -> str:
        return self.spec.hint

    # -- the interface -----------------------------------------------------------------------

    def value(self) -> str | None:
        return self._value

    def report(self) -> FileReport | None:
        return self._report

    def _apply(self, value: Any) -> None:
        self._token += 1
        self.set_local_error(None)
        if not isinstance(value, str | os.PathLike) or not os.fspath(value).strip():
            self._show(None, None)
            return
        text = os.fspath(value)
        if not is_local_path(text):
            self._show(text, None)
            return
        token = self._token
        report = report_now_or_later(self, self.spec, text, lambda r: self._on_set_report(token, r))
        self._show(text, report)
        if report is not None:
            self._on_set_report(token, report)

    def browse(self) -> QFileDialog:
        """Open the file chooser without blocking (the choice arrives later)."""
        return self.chooser.open(lambda paths: self.choose(paths[0]) if paths else None)

    def choose(self, path: str) -> None:
        """The user picked or dropped ``path``: check it, then accept it or say why not."""
        problem = path_problem(path)
        if problem is not None:
            self._reject(problem)
            return
        self._token += 1
        token = self._token
        report = report_now_or_later(self, self.spec, path, lambda r: self._on_choice(token, r))
        if report is None:
            self.card.show_file(Path(path).name, CHECKING, playable=False)
            self.zone.hide()
            self.card.show()
        else:
            self._on_choice(token, report)

    # -- results -----------------------------------------------------------------------------

    def _on_choice(self, token: int, report: FileReport) -> None:
        if token != self._token:
            return  # a newer choice replaced this one while it was being checked
        if report.problem is not None:
            self._show(self._value, self._report)
            self._reject(report.problem)
            return
        self.set_local_error(None)
        self.set_error(None)
        self._show(report.path, report)
        self._user_changed()

    def _on_set_report(self, token: int, report: FileReport) -> None:
        if token != self._token:
            return
        self._show(report.path, report)
        self.set_local_error(report.problem)

    def _reject(self, message: str) -> None:
        if self._value is None:
            self.set_local_error(message)
        else:
            self.set_error(message)  # the previous file stays; the note goes with the next check

    def _show(self, value: str | None, report: FileReport | None) -> None:
        self._value = value
        self._report = report
        self.zone.setVisible(value is None)
        self.card.setVisible(value is not None)
        self.setFocusProxy(self.zone if value is None else self.card)
        if value is None:
            return
        local = is_local_path(value)
        if report is not None:
            self.card.show_file(report.name, report.summary(), playable=local)
        elif local:
            self.card.show_file(Path(value).name, CHECKING, playable=False)
        else:
            self.card.show_file(value, ASSET_SUMMARY, playable=False)
        self.card.thumb.set_envelope(None)
        if local and report is not None and report.info is not None and not report.problem:
            token = self._token
            run_in_background(
                self, lambda: thumbnail_envelope(value), lambda e: self._on_envelope(token, e)
            )

    def _on_envelope(self, token: int, envelope: Any) -> None:
        if token == self._token:
            self.card.thumb.set_envelope(envelope)

    def _on_dropped(self, paths: list[str]) -> None:
        if len(paths) > 1:
            self._reject("Drop one file here.")
            return
        self.choose(paths[0])

    def _on_remove(self) -> None:
        self._token += 1
        self.set_local_error(None)
        self._show(None, None)
        self.zone.setFocus()
        self._user_changed()

    def _on_play(self) -> None:
        if self._value is not None and is_local_path(self._value):
            self.sig_preview_requested.emit(self._value)
