"""Number editors: spin + slider sync, step snapping, the empty state, units, keys, seed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sonodesk.ui.form.number_editors import NumberEditor
from sonodesk.ui.form.seed_editor import SeedEditor


def test_round_trip_and_slider_follows(make_editor, qtbot) -> None:
    editor = make_editor(type="number", label="Swing", min=0, max=0.5, step=0.05, default=0)
    assert isinstance(editor, NumberEditor)
    assert editor.slider is not None
    with qtbot.assertNotEmitted(editor.sig_changed):
        editor.set_value(0.25)
    assert editor.value() == 0.25
    assert editor.slider.value() == 5
    editor.set_value(0)
    assert editor.value() == 0  # a zero default is a value, not "unset"


def test_arrow_keys_step_on_the_spin_and_the_slider(make_editor, qtbot) -> None:
    editor = make_editor(type="number", label="Duration (s)", min=4, max=180, step=1, default=20)
    editor.focus_editor()
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.keyClick(editor.spin, Qt.Key.Key_Up)
    assert editor.value() == 21
    assert isinstance(editor.value(), int)
    editor.slider.setFocus()
    qtbot.keyClick(editor.slider, Qt.Key.Key_Right)
    assert editor.value() == 22
    qtbot.keyClick(editor.slider, Qt.Key.Key_End)
    assert editor.value() == 180


def test_unit_moves_from_the_label_into_the_suffix(make_editor) -> None:
    editor = make_editor(type="number", label="Gain (dB)", min=-24, max=24, step=0.5, default=0)
    assert editor.display_label() == "Gain"
    assert editor.spin.suffix() == " dB"
    assert editor.spin.text() == "0.0 dB"


def test_typing_snaps_to_the_step_when_leaving(make_editor, qtbot) -> None:
    editor = make_editor(type="number", min=0, max=1, step=0.05, default=0.5)
    editor.focus_editor()
    editor.spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.spin, "0.33")
    qtbot.keyClick(editor.spin, Qt.Key.Key_Return)
    assert editor.value() == 0.35


def test_typing_past_the_range_says_why_then_clamps(make_editor, qtbot) -> None:
    editor = make_editor(type="number", min=4, max=180, step=1, default=20)
    editor.focus_editor()
    editor.spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.spin, "500")
    assert editor.error() == "Must be between 4 and 180."
    qtbot.keyClick(editor.spin, Qt.Key.Key_Return)
    assert editor.value() == 180
    assert editor.error() is None


def test_decimal_comma_is_read(make_editor, qtbot) -> None:
    editor = make_editor(type="number", min=0, max=10, step=0.1, default=1)
    editor.focus_editor()
    editor.spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.spin, "2,5")
    qtbot.keyClick(editor.spin, Qt.Key.Key_Return)
    assert editor.value() == 2.5


def test_optional_number_without_default_can_be_unset(make_editor, qtbot) -> None:
    editor = make_editor(type="number", label="Tempo (BPM)", min=60, max=180, step=1)
    assert editor.value() is None
    assert editor.spin.text() == "—"
    editor.set_value(90)
    assert editor.value() == 90
    assert editor.spin.lineEdit().isClearButtonEnabled()
    editor.focus_editor()
    editor.spin.lineEdit().selectAll()
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.keyClick(editor.spin, Qt.Key.Key_Delete)
    assert editor.value() is None
    editor.set_value(90)
    editor.clear()
    assert editor.value() is None
    assert not editor.spin.lineEdit().isClearButtonEnabled()


def test_field_with_a_default_has_no_empty_state(make_editor) -> None:
    editor = make_editor(type="number", min=0, max=10, default=3)
    editor.set_value(None)
    assert editor.value() is not None


def test_unbounded_number_has_no_slider(make_editor) -> None:
    editor = make_editor(type="number", label="End (s)", min=0, step=0.1)
    assert editor.slider is None
    assert editor.help_label_text() == "At least 0"
    editor.set_value(12.5)
    assert editor.value() == 12.5


def test_wheel_over_an_unfocused_spin_does_not_change_it(make_editor, qtbot) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    editor = make_editor(type="number", min=0, max=10, step=1, default=5)
    editor.spin.clearFocus()
    pos = QPointF(5, 5)
    event = QWheelEvent(
        pos,
        editor.spin.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(editor.spin, event)
    assert editor.value() == 5


def test_seed_randomize_lock_and_last_used(make_editor, qtbot) -> None:
    editor = make_editor(type="number", name="seed", min=0, max=1000, step=1)
    assert isinstance(editor, SeedEditor)
    assert editor.value() is None
    assert not editor.seed_locked()
    assert editor.spin.text() == "Random"
    seen = set()
    for _ in range(5):
        with qtbot.waitSignal(editor.sig_changed, timeout=1000):
            qtbot.mouseClick(editor.dice_button, Qt.MouseButton.LeftButton)
        assert 0 <= editor.value() <= 1000
        seen.add(editor.value())
    assert len(seen) > 1
    assert editor.seed_locked()
    assert editor.lock_button.isChecked()
    qtbot.mouseClick(editor.lock_button, Qt.MouseButton.LeftButton)
    assert not editor.seed_locked()
    assert editor.value() is None
    editor.set_last_used_seed(777)
    assert editor.reuse_button.isVisibleTo(editor)
    qtbot.mouseClick(editor.lock_button, Qt.MouseButton.LeftButton)
    assert editor.value() == 777  # locking keeps the seed of the last take
    editor.set_value(None)
    qtbot.mouseClick(editor.reuse_button, Qt.MouseButton.LeftButton)
    assert editor.value() == 777 and editor.seed_locked()


def test_typing_a_seed_locks_it(make_editor, qtbot) -> None:
    editor = make_editor(type="number", name="seed")
    editor.focus_editor()
    editor.spin.lineEdit().selectAll()
    qtbot.keyClicks(editor.spin, "42")
    assert editor.value() == 42
    assert editor.seed_locked()
