"""The welcome panel's two buttons and the provider switcher's signals."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sonodesk.core.accounts import accounts_summary
from sonodesk.core.secrets import SecretStore
from sonodesk.core.settings import Settings
from sonodesk.ui.accounts import ProviderSwitcher, WelcomePanel
from sonodesk.ui.accounts.welcome import BODY


def test_welcome_buttons(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = WelcomePanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.objectName() == "welcomePanel"
    assert panel.body.text() == BODY
    assert "nothing is billed" in BODY and "50+ cloud models" in BODY
    with qtbot.waitSignal(panel.sig_add_key_requested):
        qtbot.mouseClick(panel.add_key_button, Qt.MouseButton.LeftButton)
    assert panel.isVisible()
    with qtbot.waitSignal(panel.sig_dismissed):
        qtbot.mouseClick(panel.dismiss_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()


def switcher_for(qtbot, secrets: SecretStore) -> ProviderSwitcher:  # type: ignore[no-untyped-def]
    secrets.set("scenario", "key", "switcher-key-00001234")
    secrets.set("scenario", "secret", "switcher-secret-5678")
    switcher = ProviderSwitcher(accounts_summary(Settings(), secrets, {}), "sandbox")
    qtbot.addWidget(switcher)
    switcher.show()
    return switcher


def test_switching_to_a_set_up_provider_is_one_click(qtbot, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    switcher = switcher_for(qtbot, secrets)
    assert switcher.objectName() == "providerSwitcher"
    with qtbot.waitSignal(switcher.sig_provider_chosen) as chosen:
        qtbot.mouseClick(switcher.button("scenario"), Qt.MouseButton.LeftButton)
    assert chosen.args == ["scenario"]
    # Until the session has switched, the sandbox stays the one shown as in use.
    assert switcher.button("sandbox").isChecked() and not switcher.button("scenario").isChecked()
    switcher.set_current("scenario")
    assert switcher.button("scenario").isChecked() and switcher.current() == "scenario"
    assert "•••• 1234" in switcher.button("scenario").toolTip()


def test_a_provider_without_a_key_asks_for_setup(qtbot, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    switcher = switcher_for(qtbot, secrets)
    with (
        qtbot.assertNotEmitted(switcher.sig_provider_chosen),
        qtbot.waitSignal(switcher.sig_setup_requested) as setup,
    ):
        qtbot.mouseClick(switcher.button("aimlapi"), Qt.MouseButton.LeftButton)
    assert setup.args == ["aimlapi"]
    assert not switcher.button("aimlapi").isChecked()
    assert switcher.button("aimlapi").toolTip().startswith("Click to add an AI/ML API key.")
    with (
        qtbot.assertNotEmitted(switcher.sig_provider_chosen),
        qtbot.assertNotEmitted(switcher.sig_setup_requested),
    ):
        qtbot.mouseClick(switcher.button("sandbox"), Qt.MouseButton.LeftButton)
    assert switcher.button("sandbox").isChecked()


def test_setup_request_opens_the_dialog_on_that_provider(
    qloop, qtbot, secrets: SecretStore
) -> None:  # type: ignore[no-untyped-def]
    from sonodesk.ui.accounts import open_accounts_dialog

    received = []
    switcher = switcher_for(qtbot, secrets)
    opened = []
    switcher.sig_setup_requested.connect(
        lambda provider: opened.append(
            open_accounts_dialog(
                switcher, Settings(), secrets, provider_id=provider, on_saved=received.append
            )
        )
    )
    qtbot.mouseClick(switcher.button("aimlapi"), Qt.MouseButton.LeftButton)
    dialog = opened[0]
    assert dialog.isVisible() and dialog.tabs.currentWidget() is dialog.tab("aimlapi")
    qtbot.keyClicks(dialog.tab("aimlapi").edits["key"], "switcher-aiml-key-0042")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert received and received[0].requested == "aimlapi"
    assert received[0].providers == ("aimlapi",)
    switcher.set_statuses(accounts_summary(Settings(), secrets, {}))
    assert switcher.is_configured("aimlapi")
