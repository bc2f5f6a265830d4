"""AppInfo: the few facts the main window shows about the app and its connection, and the one
preference it may change (the theme). Built from a Session so the window never holds one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sonodesk import __version__
from sonodesk.core.catalog.labels import provider_badge

if TYPE_CHECKING:
    from sonodesk.core.session import Session


@dataclass(frozen=True)
class AppInfo:
    version: str = __version__
    provider_badge: str = ""  # "Sandbox · offline", "Scenario"
    provider_tooltip: str = ""
    online: bool = False
    theme: str = "dark"
    save_theme: Callable[[str], None] | None = None  # persists a theme the user picked


def provider_badge_for(session: Session) -> tuple[str, bool, str]:
    """(badge text, online, tooltip) for the session's active provider."""
    if session.using_sandbox:
        tooltip = "Offline sandbox: takes are synthesised on this computer and nothing is billed."
    else:
        tooltip = f"Connected to {session.provider.display_name}."
    badge = provider_badge(session.provider.provider_id, offline=session.using_sandbox)
    return badge, not session.using_sandbox, tooltip


def app_info_for(session: Session) -> AppInfo:
    """AppInfo for an open session; choosing a theme writes it to settings.json."""

    def save_theme(name: str) -> None:
        session.settings.theme = name
        session.save_settings()

    badge, online, tooltip = provider_badge_for(session)
    return AppInfo(
        version=__version__,
        provider_badge=badge,
        provider_tooltip=tooltip,
        online=online,
        theme=session.settings.theme,
        save_theme=save_theme,
    )
