"""The accounts dialog: connection tests against the sandbox, saving, the keyring question."""

from __future__ import annotations

import logging
import os
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QWidget

from sonodesk.core.secrets import SecretLocation, SecretStore
from sonodesk.core.settings import Settings
from sonodesk.ui.accounts import AccountChanges, AccountsDialog

KEY, SECRET = "dialog-key-abcdef123456", "dialog-secret-uvwxyz7890"


def make_dialog(qtbot, secrets: SecretStore, **settings: str) -> AccountsDialog:  # type: ignore[no-untyped-def]
    dialog = AccountsDialog(Settings(**settings), secrets, environ={})
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def type_into(qtbot, dialog: AccountsDialog, provider: str, **values: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a user (textEdited fires), replacing what the field held."""
    for name, value in values.items():
        edit = dialog.tab(provider).edits[name]
        edit.clear()
        qtbot.keyClicks(edit, value)


def run_test(qtbot, dialog: AccountsDialog, provider: str) -> str:  # type: ignore[no-untyped-def]
    tab = dialog.tab(provider)
    qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    # The check runs on the event loop: the dialog answers at once and says it is checking.
    assert tab.result_label.text() == "Checking…" and not tab.test_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.checking(), timeout=20_000)
    assert tab.test_button.isEnabled()
    return tab.result_label.text()


def test_scenario_connection_test_success_and_failure(
    qloop, qtbot, sandbox_factory, secrets: SecretStore
) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")
    dialog = make_dialog(qtbot, secrets, scenario_base_url=sandbox.api_url)
    type_into(qtbot, dialog, "scenario", key=KEY, secret=SECRET)
    assert run_test(qtbot, dialog, "scenario") == (
        "Connected: Scenario accepted the key and secret."
    )
    type_into(qtbot, dialog, "scenario", key="not-the-right-key-000")
    assert run_test(qtbot, dialog, "scenario") == "Scenario did not accept the API key or secret."
    assert "copied whole" in dialog.tab("scenario").result_detail.text()


def test_aimlapi_connection_test_says_what_it_checked(
    qloop, qtbot, sandbox_factory, secrets: SecretStore
) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")
    dialog = make_dialog(qtbot, secrets, aimlapi_base_url=sandbox.base_url)
    dialog.select_provider("aimlapi")
    type_into(qtbot, dialog, "aimlapi", key=KEY)
    assert run_test(qtbot, dialog, "aimlapi") == "Connected: the AI/ML API accepted the key."
    assert "nothing was run or billed" in dialog.tab("aimlapi").result_detail.text()


def test_a_test_without_a_key_asks_for_one(qloop, qtbot, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, secrets)
    qtbot.mouseClick(dialog.tab("scenario").test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.checking())
    assert dialog.tab("scenario").result_label.text() == (
        "Enter the API key and the API secret first."
    )


def test_save_to_the_keyring_closes_and_reports(qloop, qtbot, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, secrets)
    type_into(qtbot, dialog, "scenario", key=KEY, secret=SECRET, project="proj_42")
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    changes: AccountChanges = saved.args[0]
    assert changes.settings == {"scenario_project_id": "proj_42"}
    assert changes.secrets_saved == {"scenario": "the system keyring"}
    assert changes.providers == ("scenario",) and changes.requested == "scenario"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert secrets.get("scenario", "key") == KEY
    assert secrets.location("scenario", "secret") is SecretLocation.KEYRING
    edits = dialog.tab("scenario").edits
    assert edits["key"].text() == "" and edits["key"].placeholderText() == (
        "Saved: •••• 3456 (type to replace)"
    )


def test_without_a_keyring_the_dialog_asks_then_says_where(
    qloop, qtbot, secrets: SecretStore, no_keyring: None
) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, secrets)
    type_into(qtbot, dialog, "scenario", key=KEY, secret=SECRET)
    with qtbot.assertNotEmitted(dialog.sig_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.notice.isVisible() and "no system keyring" in dialog.notice.text.text()
    assert str(secrets.fallback_file) in dialog.notice.text.text()
    assert not secrets.fallback_file.exists()  # asked first, nothing written yet
    accept = dialog.notice.action_buttons()[0]
    assert accept.text() == "Save in file"
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    assert saved.args[0].secrets_saved == {"scenario": str(secrets.fallback_file)}
    assert secrets.get("scenario", "secret") == SECRET
    if os.name == "posix":
        assert stat.S_IMODE(secrets.fallback_file.stat().st_mode) == 0o600
    # The dialog stays open to say where the keys went.
    assert dialog.isVisible() and str(secrets.fallback_file) in dialog.notice.text.text()
    assert dialog.close_button.text() == "Close"
    assert "saved in " + str(secrets.fallback_file) in dialog.tab("scenario").saved_label.text()


def test_declining_the_file_saves_nothing(
    qloop, qtbot, secrets: SecretStore, no_keyring: None
) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, secrets)
    type_into(qtbot, dialog, "aimlapi", key=KEY)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(dialog.sig_saved):
        qtbot.mouseClick(dialog.notice.action_buttons()[1], Qt.MouseButton.LeftButton)
    assert "Nothing was saved" in dialog.notice.text.text()
    assert not secrets.fallback_file.exists() and secrets.get("aimlapi", "key") is None


def test_fields_are_checked_before_anything_is_saved(qloop, qtbot, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, secrets)
    type_into(qtbot, dialog, "scenario", key=KEY)
    with qtbot.assertNotEmitted(dialog.sig_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.tab("scenario").error_label.text() == "Enter the API secret too."
    type_into(qtbot, dialog, "scenario", key="")
    type_into(qtbot, dialog, "aimlapi", base_url="http://aiml.example.com")
    with qtbot.assertNotEmitted(dialog.sig_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.tabs.currentWidget() is dialog.tab("aimlapi")
    assert "must start with https://" in dialog.tab("aimlapi").error_label.text()
    assert secrets.get("scenario", "key") is None


def test_removing_a_saved_key(qloop, qtbot, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    secrets.set("aimlapi", "key", KEY)
    dialog = make_dialog(qtbot, secrets)
    dialog.select_provider("aimlapi")
    tab = dialog.tab("aimlapi")
    assert tab.remove_button.isVisible()
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert secrets.get("aimlapi", "key") == KEY  # only on Save
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].secrets_removed == ("aimlapi",)
    assert secrets.get("aimlapi", "key") is None


def _widget_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle(), root.toolTip()]
    for widget in root.findChildren(QWidget):
        texts += [widget.toolTip(), widget.accessibleName(), widget.whatsThis()]
        if isinstance(widget, QLabel | QPushButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
            if widget.echoMode() is QLineEdit.EchoMode.Normal:
                texts.append(widget.text())
    return texts


def test_secrets_never_reach_logs_or_labels(
    qloop, qtbot, sandbox_factory, secrets: SecretStore, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")
    secrets.set("aimlapi", "key", "aiml-saved-key-5555aaaa")
    dialog = make_dialog(qtbot, secrets, scenario_base_url=sandbox.api_url)
    wrong = "wrong-dialog-key-424242"
    type_into(qtbot, dialog, "scenario", key=wrong, secret=SECRET)
    run_test(qtbot, dialog, "scenario")  # fails: the server names no key, neither do we
    type_into(qtbot, dialog, "scenario", key=KEY)
    run_test(qtbot, dialog, "scenario")
    before_save = "\n".join(_widget_texts(dialog))
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    after_save = "\n".join(_widget_texts(dialog))
    every_line_edit = "\n".join(e.text() for e in dialog.findChildren(QLineEdit))
    shown = "\n".join([before_save, after_save, every_line_edit, repr(saved.args[0])])
    for secret in (KEY, SECRET, wrong, "aiml-saved-key-5555aaaa"):
        assert secret not in shown
        assert secret not in caplog.text
    assert "•••• aaaa" in after_save  # masked, last four only


def test_closing_during_a_check_cancels_it(
    qloop, qtbot, sandbox_factory, secrets: SecretStore
) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory(faults="rate=1,kinds=slow,routes=models,slow=5")
    dialog = make_dialog(qtbot, secrets, scenario_base_url=sandbox.api_url)
    type_into(qtbot, dialog, "scenario", key=KEY, secret=SECRET)
    qtbot.mouseClick(dialog.tab("scenario").test_button, Qt.MouseButton.LeftButton)
    assert dialog.checking()
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.checking(), timeout=3000)
    assert dialog.tab("scenario").result_label.text() == "Checking…"  # never overwritten


def test_environment_variables_are_named_not_shown(qtbot, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    env = {"SONODESK_AIMLAPI_KEY": "env-aiml-key-31415926"}
    dialog = AccountsDialog(Settings(), secrets, environ=env, initial="aimlapi")
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.tab("aimlapi").env_label
    assert note.isVisible()
    assert note.text() == (
        "SONODESK_AIMLAPI_KEY is set in the environment; Sonodesk uses it instead of what is "
        "saved here."
    )
    assert "31415926" not in "\n".join(_widget_texts(dialog))
    assert not dialog.tab("scenario").env_label.isVisibleTo(dialog)
