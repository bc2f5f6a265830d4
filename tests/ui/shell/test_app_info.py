"""AppInfo from a session: the badge, and the theme choice written back to settings."""

from __future__ import annotations

from types import SimpleNamespace

from sonodesk import __version__
from sonodesk.core.settings import Settings
from sonodesk.ui.app_info import app_info_for


def _session(*, sandbox: bool) -> SimpleNamespace:
    session = SimpleNamespace(
        settings=Settings(theme="light"),
        provider=SimpleNamespace(
            provider_id="sandbox" if sandbox else "scenario",
            display_name="Sandbox" if sandbox else "Scenario",
        ),
        using_sandbox=sandbox,
        saved=0,
    )

    def save_settings() -> None:
        session.saved += 1

    session.save_settings = save_settings
    return session


def test_sandbox_badge_and_theme_persistence() -> None:
    session = _session(sandbox=True)
    info = app_info_for(session)  # type: ignore[arg-type]
    assert (info.provider_badge, info.online, info.theme) == ("Sandbox · offline", False, "light")
    assert info.version == __version__
    assert "nothing is billed" in info.provider_tooltip
    assert info.save_theme is not None
    info.save_theme("dark")
    assert session.settings.theme == "dark" and session.saved == 1


def test_scenario_badge() -> None:
    info = app_info_for(_session(sandbox=False))  # type: ignore[arg-type]
    assert (info.provider_badge, info.online) == ("Scenario", True)
    assert info.provider_tooltip == "Connected to Scenario."
