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


def app_info_for(session: Session) -> AppInfo:
    """AppInfo for an open session; choosing a theme writes it to settings.json."""

    def save_theme(name: str) -> None:
        session.settings.theme = name
        session.save_settings()

    if session.using_sandbox:
        tooltip = "Offline sandbox: takes are synthesised on this computer and nothing is billed."
    else:
        tooltip = f"Connected to {session.provider.display_name}."
    return AppInfo(
        version=__version__,
        provider_badge=provider_badge(session.provider.provider_id, offline=session.using_sandbox),
        provider_tooltip=tooltip,
        online=not session.using_sandbox,
        theme=session.settings.theme,
        save_theme=save_theme,
    )
