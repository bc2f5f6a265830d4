"""The presets bar's sentences, from core results: plain words, escaped, capitalised."""

from __future__ import annotations

from sonodesk.core.presets import (
    Change,
    ChangeKind,
    ImportedPreset,
    ImportResult,
    ReconcileReport,
)
from sonodesk.ui.presets import messages


def test_report_lists_every_change() -> None:
    clamped = "Duration (s) 240 → 180 (the new maximum)"
    dropped = "dropped 'mood' (no longer an input)"
    report = ReconcileReport(
        (
            Change(ChangeKind.CLAMPED, "duration", 240, 180, clamped),
            Change(ChangeKind.DROPPED, "mood", "x", None, dropped),
        ),
        schema_changed=True,
    )
    text = messages.report_message("Drones <3", report)
    assert text.startswith("“Drones &lt;3” was saved for an earlier version of this model")
    assert "• Duration (s) 240 → 180 (the new maximum)" in text
    assert "• Dropped 'mood' (no longer an input)" in text
    plain = messages.report_message("A", ReconcileReport(report.changes, schema_changed=False))
    assert plain.startswith("Some values in “A” did not fit this model")


def test_long_lists_are_cut_with_a_count() -> None:
    text = messages.bullet_list([f"line {i}" for i in range(12)])
    assert text.count("•") == messages.MAX_LINES and text.endswith("… and 4 more")


def test_import_message_names_presets_and_notes() -> None:
    result = ImportResult(
        (ImportedPreset("Lo-fi (2)", "Lo-fi", ReconcileReport()),),
        ("Imported 'Lo-fi' as 'Lo-fi (2)': that name was taken.",),
    )
    text = messages.import_message(result)
    assert text.startswith("Imported 1 preset: “Lo-fi (2)”.")
    assert "that name was taken" in text


def test_error_message_keeps_the_core_words() -> None:
    assert messages.error_message("It's not JSON.") == "It's not JSON."
    assert messages.error_message("A", "B & C") == "A<br>B &amp; C"
