"""The editor interface every field widget implements, plus the frame that outlines an error.

An editor shows one FieldSpec's value; it never validates the whole form or talks to the
network. Subclasses build their controls into ``self.body`` and implement ``value``,
``_apply`` and ``focus_editor``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from sonodesk.core.schema import FieldSpec, constraint_summary, initial_value
from sonodesk.ui.form import style
from sonodesk.ui.form.labels import ErrorLabel, MutedLabel

if TYPE_CHECKING:
    from sonodesk.ui.form.editor_registry import EditorRegistry

ModelOptions = Callable[[tuple[str, ...]], Sequence[tuple[str, str]]]


@dataclass(frozen=True)
class EditorContext:
    """What an editor may need beyond its spec: the registry (for sub-forms) and callbacks."""

    registry: EditorRegistry | None = None
    model_options: ModelOptions | None = None

    def options_for(self, model_types: tuple[str, ...]) -> list[tuple[str, str]]:
        """(id, label) pairs from the injected callback; none when there is no callback."""
        if self.model_options is None:
            return []
        return [(str(i), str(label)) for i, label in self.model_options(model_types)]


class OutlineFrame(QWidget):
    """Holds an editor's controls and draws a rounded outline round them while invalid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._invalid = False

    def set_invalid(self, invalid: bool) -> None:
        if invalid != self._invalid:
            self._invalid = invalid
            self.update()

    def is_invalid(self) -> bool:
        return self._invalid

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._invalid:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(style.error_color(self.palette()))
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = QRectF(self.rect()).adjusted(0.75, 0.75, -0.75, -0.75)
        painter.drawRoundedRect(rect, style.RADIUS, style.RADIUS)
        painter.end()


class FieldEditor(QWidget):
    """Base of every editor: objectName ``field:<path>``, value/set_value, errors, focus.

    ``sig_changed`` fires on user edits only; ``set_value`` is silent. ``set_error`` shows a
    message under the control (replacing the help line) and outlines the control.
    ``local_error`` is what the editor itself knows is wrong (text that is not JSON, a
    rejected file) and the form adds it to validation.
    """

    sig_changed = Signal()
    sig_preview_requested = Signal(str)

    #: Full-width row with the label above (prompts, files, row lists) instead of beside.
    wide: ClassVar[bool] = False
    #: Whether an error outlines the controls (row lists show only the message).
    outline_errors: ClassVar[bool] = True
    #: A checkbox carries its own label; the label column stays empty.
    self_labelled: ClassVar[bool] = False

    def __init__(
        self,
        spec: FieldSpec,
        *,
        path: str | None = None,
        context: EditorContext | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.path = path or spec.name
        self.context = context or EditorContext()
        self.setObjectName(f"field:{self.path}")
        self._quiet = 0
        self._error: str | None = None
        self._local_error: str | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.frame = OutlineFrame(self)
        self.body = QHBoxLayout(self.frame)
        self.body.setContentsMargins(style.OUTLINE, style.OUTLINE, style.OUTLINE, style.OUTLINE)
        self.body.setSpacing(style.SPACING)
        outer.addWidget(self.frame)
        # Footer: the help or error line on the left, an optional counter on the right.
        self._footer = QHBoxLayout()
        self._footer.setContentsMargins(style.OUTLINE, 0, style.OUTLINE, 0)
        self._footer.setSpacing(style.SPACING)
        lines = QVBoxLayout()
        lines.setContentsMargins(0, 0, 0, 0)
        lines.setSpacing(0)
        self._help = MutedLabel(parent=self)
        self._help.setWordWrap(True)
        self._error_label = ErrorLabel(self)
        self._error_label.hide()
        lines.addWidget(self._help)
        lines.addWidget(self._error_label)
        self._footer.addLayout(lines, 1)
        outer.addLayout(self._footer)
        tip = spec.description or spec.hint
        if tip:
            self.setToolTip(tip)
        self._build()
        self.set_value(initial_value(spec))
        self.set_help(self.help_text())

    # -- for subclasses ----------------------------------------------------------------------

    def _build(self) -> None:
        """Create the controls inside ``self.body``."""

    def _apply(self, value: Any) -> None:
        """Show ``value`` in the controls (signals it causes are muted by ``set_value``)."""
        raise NotImplementedError

    def _user_changed(self) -> None:
        if not self._quiet:
            self.sig_changed.emit()

    def add_footer_widget(self, widget: QWidget) -> None:
        """Put a small widget (a counter) at the right of the help line."""
        self._footer.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)

    def display_label(self) -> str:
        """The text of the field's label (a number editor moves "(s)" into its suffix)."""
        return self.spec.label

    def label_anchor_height(self) -> int:
        """Height of the first control line, so the side label can centre on it."""
        proxy = self.focusProxy()
        return proxy.sizeHint().height() if proxy is not None else 24

    def help_text(self) -> str:
        """The muted line under the control: a hint, else the constraints."""
        return self.spec.hint or constraint_summary(self.spec)

    # -- the interface -----------------------------------------------------------------------

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        self._quiet += 1
        try:
            self._apply(value)
        finally:
            self._quiet -= 1

    def set_error(self, message: str | None) -> None:
        self._error = message or None
        shown = self._local_error or self._error
        self._error_label.setText(shown or "")
        self._error_label.setVisible(bool(shown))
        self._help.setVisible(not shown and bool(self._help.text()))
        if self.outline_errors:
            self.frame.set_invalid(bool(shown))
        self.setAccessibleDescription(shown or "")

    def error(self) -> str | None:
        """The message on screen (the editor's own problem wins over the form's)."""
        return self._local_error or self._error

    def local_error(self) -> str | None:
        return self._local_error

    def set_local_error(self, message: str | None) -> None:
        self._local_error = message or None
        self.set_error(self._error)

    def clear_errors(self) -> None:
        """Clear the form's errors here and in any nested editors (local ones stay)."""
        self.set_error(None)

    def set_help(self, text: str) -> None:
        self._help.setText(text)
        self._help.setVisible(bool(text) and not self.error())

    def help_label_text(self) -> str:
        return self._help.text()

    def focus_editor(self) -> None:
        target = self.focusProxy() or self
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def route_error(self, path: str, message: str) -> bool:
        """Show ``message`` on the editor for ``path`` (this one or a nested one)."""
        target = self.editor_at(path)
        if target is None:
            return False
        target.set_error(message)
        return True

    def editor_at(self, path: str) -> FieldEditor | None:
        """The editor showing ``path``: this one, or a nested one in a row list."""
        return self if path == self.path else None

    def nested_editors(self) -> list[FieldEditor]:
        return []

    def local_errors(self) -> list[tuple[str, str]]:
        """(path, message) for this editor and nested ones."""
        found = [(self.path, self._local_error)] if self._local_error else []
        for child in self.nested_editors():
            found.extend(child.local_errors())
        return found
