"""Settings survive damage and old versions; secrets stay out of files unless allowed."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import keyring
import pytest

from sonodesk.core import redact, settings
from sonodesk.core.logsetup import configure_logging
from sonodesk.core.paths import app_paths
from sonodesk.core.secrets import KeyringUnavailable, SecretLocation, SecretStore


def test_paths_follow_sonodesk_home(sonodesk_home: Path) -> None:
    paths = app_paths()
    assert paths.data_dir == sonodesk_home.resolve() / "data"
    assert paths.database_file.parent == paths.data_dir


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    s = settings.Settings(theme="light", variations=3, budget_cap=12.5)
    s.extra["future_option"] = {"x": 1}
    settings.save(path, s)
    loaded = settings.load(path)
    assert loaded.notice is None
    assert loaded.settings.theme == "light" and loaded.settings.variations == 3
    assert loaded.settings.extra == {"future_option": {"x": 1}}
    assert json.loads(path.read_text())["schema_version"] == settings.SCHEMA_VERSION


def test_damaged_settings_are_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    loaded = settings.load(path)
    assert loaded.settings == settings.Settings()
    assert "damaged" in loaded.notice
    backups = list(tmp_path.glob("settings.damaged-*.json"))
    assert len(backups) == 1 and backups[0].read_text() == "{ not json"


def test_migration_and_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {"api_url": "https://example.test/v1", "variations": "many", "auto_play_newest": 1}
        )
    )
    loaded = settings.load(path)
    assert loaded.settings.scenario_base_url == "https://example.test/v1"
    assert loaded.settings.variations == 1 and loaded.settings.auto_play_newest is True
    assert "variations" in loaded.notice and "auto_play_newest" in loaded.notice


def test_secret_goes_to_keyring_first(tmp_path: Path) -> None:
    store = SecretStore(tmp_path / "credentials.json")
    result = store.set("scenario", "secret", "s3cr3t-value")
    assert result.location is SecretLocation.KEYRING
    assert store.get("scenario", "secret") == "s3cr3t-value"
    assert not (tmp_path / "credentials.json").exists()


def test_file_fallback_only_with_consent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object) -> None:
        raise keyring.errors.NoKeyringError("none")

    monkeypatch.setattr(keyring, "set_password", broken)
    monkeypatch.setattr(keyring, "get_password", lambda *_a: None)
    store = SecretStore(tmp_path / "credentials.json")
    with pytest.raises(KeyringUnavailable):
        store.set("scenario", "secret", "file-secret-123")
    assert not (tmp_path / "credentials.json").exists()
    result = store.set("scenario", "secret", "file-secret-123", allow_file=True)
    assert result.location is SecretLocation.FILE and result.where.endswith("credentials.json")
    assert store.get("scenario", "secret") == "file-secret-123"
    if os.name == "posix":
        mode = stat.S_IMODE((tmp_path / "credentials.json").stat().st_mode)
        assert mode == 0o600


def test_logs_never_show_secrets(tmp_path: Path) -> None:
    redact.register_basic_auth("key-abcdef", "secret-uvwxyz")
    log_file = tmp_path / "sonodesk.log"
    configure_logging(log_file)
    log = logging.getLogger("sonodesk.test")
    log.warning(
        "auth header Authorization: Basic a2V5LWFiY2RlZjpzZWNyZXQtdXZ3eHl6 for %s", "secret-uvwxyz"
    )
    log.warning("url https://cdn/x?Expires=1&Signature=abcdef123 done")
    try:
        raise ValueError("boom with key-abcdef inside")
    except ValueError:
        log.exception("failure")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text()
    for secret in ("key-abcdef", "secret-uvwxyz", "a2V5LWFiY2RlZjpzZWNyZXQtdXZ3eHl6", "abcdef123"):
        assert secret not in text
    assert "boom with" in text
    configure_logging(None)


def test_short_words_are_never_treated_as_secrets() -> None:
    redact.register_basic_auth("right", "secret")  # e.g. a test sandbox's credentials
    redact.register_secret("sk-live-0123456789")
    text = redact.redact("Check the API key or secret. sk-live-0123456789 right")
    assert text == "Check the API key or secret. ••• right"
