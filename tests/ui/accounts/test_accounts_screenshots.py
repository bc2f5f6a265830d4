"""Screenshots of the accounts UI for review: tests/artifacts/accounts_*.png.

Each one is reached through the real flow (typing, a connection test against the sandbox,
Save), so the pictures show what a user would see at that moment.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sonodesk.core.accounts import accounts_summary
from sonodesk.core.secrets import SecretStore
from sonodesk.core.settings import Settings
from sonodesk.ui.accounts import AccountsDialog, ProviderSwitcher, WelcomePanel
from sonodesk.ui.widgets.status_badge import StatusBadge

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
KEY, SECRET = "shot-key-0000000000c3f9", "shot-secret-000000007e21"
WIDTH = 600


def save(widget: QWidget, name: str, qtbot) -> Path:  # type: ignore[no-untyped-def]
    qtbot.wait(30)  # let layouts settle and paints happen
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    assert widget.grab().save(str(path)), path
    return path


def fit(dialog: QWidget, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(10)
    dialog.resize(WIDTH, dialog.sizeHint().height())


def opened(qtbot, settings: Settings, secrets: SecretStore) -> AccountsDialog:  # type: ignore[no-untyped-def]
    dialog = AccountsDialog(settings, secrets, environ={})
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def check(qtbot, dialog: AccountsDialog, provider: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.tab(provider).test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.checking(), timeout=20_000)


def test_dialog_with_a_saved_key_and_a_passed_test(
    qloop, qtbot, themed, sandbox_factory, secrets: SecretStore
) -> None:  # type: ignore[no-untyped-def]
    themed("dark")
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")
    secrets.set("scenario", "key", KEY)
    secrets.set("scenario", "secret", SECRET)
    dialog = opened(qtbot, Settings(scenario_base_url=sandbox.api_url), secrets)
    check(qtbot, dialog, "scenario")
    assert dialog.tab("scenario").result_label.text().startswith("Connected")
    fit(dialog, qtbot)
    save(dialog, "accounts_dialog.png", qtbot)


def test_dialog_asking_about_the_file_then_saying_where(
    qloop, qtbot, themed, sandbox_factory, secrets: SecretStore, no_keyring: None
) -> None:  # type: ignore[no-untyped-def]
    themed("dark")
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")
    dialog = opened(qtbot, Settings(scenario_base_url=sandbox.api_url), secrets)
    for name, value in (("key", "a-mistyped-key-00000000"), ("secret", SECRET)):
        qtbot.keyClicks(dialog.tab("scenario").edits[name], value)
    check(qtbot, dialog, "scenario")
    assert "did not accept" in dialog.tab("scenario").result_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.notice.isVisible()
    fit(dialog, qtbot)
    save(dialog, "accounts_dialog_keyring_question.png", qtbot)
    qtbot.mouseClick(dialog.notice.action_buttons()[0], Qt.MouseButton.LeftButton)
    assert secrets.fallback_file.exists()
    fit(dialog, qtbot)
    save(dialog, "accounts_dialog_saved_to_file.png", qtbot)


def test_dialog_light_aimlapi(qloop, qtbot, themed, sandbox_factory, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    themed("light")
    sandbox = sandbox_factory()
    dialog = opened(qtbot, Settings(aimlapi_base_url=sandbox.base_url), secrets)
    dialog.select_provider("aimlapi")
    qtbot.keyClicks(dialog.tab("aimlapi").edits["key"], KEY)
    check(qtbot, dialog, "aimlapi")
    fit(dialog, qtbot)
    save(dialog, "accounts_dialog_light.png", qtbot)


def _host(*widgets: QWidget, width: int = 640) -> QWidget:
    """A patch of window background, as where the lead places these in the main window."""
    host = QWidget()
    host.setAutoFillBackground(True)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(16, 16, 16, 16)
    for widget in widgets:
        layout.addWidget(widget)
    host.resize(width, host.sizeHint().height())
    return host


def test_welcome_panel(qtbot, themed) -> None:  # type: ignore[no-untyped-def]
    for theme_name, suffix in (("dark", ""), ("light", "_light")):
        themed(theme_name)
        host = _host(WelcomePanel())
        qtbot.addWidget(host)
        host.show()
        save(host, f"accounts_welcome{suffix}.png", qtbot)


def test_switcher_in_a_status_bar(qtbot, themed, secrets: SecretStore) -> None:  # type: ignore[no-untyped-def]
    themed("dark")
    secrets.set("scenario", "key", KEY)
    secrets.set("scenario", "secret", SECRET)
    strip = QWidget()
    row = QHBoxLayout(strip)
    row.setContentsMargins(8, 4, 8, 4)
    row.addWidget(QLabel("3 jobs running · takes are saved to your library"))
    row.addStretch(1)
    row.addWidget(ProviderSwitcher(accounts_summary(Settings(), secrets, {}), "sandbox"))
    row.addWidget(StatusBadge("Sandbox · offline"))
    host = _host(strip, width=760)
    qtbot.addWidget(host)
    host.show()
    save(host, "accounts_switcher.png", qtbot)
