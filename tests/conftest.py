"""Test-wide guards: a private SONODESK_HOME per test, loopback-only network, in-memory keyring."""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _is_loopback_host(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check_address(sock: socket.socket, address: object) -> None:
    if sock.family == socket.AF_UNIX:
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_loopback_host(host):
        raise OSError(f"tests may only connect to loopback, not {host!r}")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _check_address(self, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _check_address(self, address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
    if host is not None and not _is_loopback_host(host if isinstance(host, str) else str(host)):
        raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def sonodesk_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own data/config/cache/log dirs and no real credentials."""
    home = tmp_path_factory.mktemp("sonodesk-home")
    monkeypatch.setenv("SONODESK_HOME", str(home))
    for name in (
        "SONODESK_SCENARIO_KEY",
        "SONODESK_SCENARIO_SECRET",
        "SONODESK_SCENARIO_URL",
        "SONODESK_AIMLAPI_KEY",
        "SONODESK_AIMLAPI_URL",
        "SCENARIO_SDK_API_KEY",
        "SCENARIO_SDK_API_SECRET",
        "SCENARIO_SDK_JWT",
        "SCENARIO_BASE_URL",
        "SCENARIO_CUSTOM_HEADERS",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def _fresh_redaction_registry():
    """Secrets registered by one test must not mask text in another."""
    from sonodesk.core import redact

    redact.forget_all()
    yield
    redact.forget_all()


@pytest.fixture(autouse=True, scope="session")
def _memory_keyring():
    """Never touch a real keychain: every test run uses a process-local keyring."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _empty_keyring(_memory_keyring):  # type: ignore[no-untyped-def]
    """Keys stored by one test must not configure accounts in the next."""
    import keyring

    keyring.get_keyring().store.clear()
    yield
    keyring.get_keyring().store.clear()


# ---------------------------------------------------------------------------------------
# Sandbox fixtures (owned by the sandbox: app/sonodesk/sandbox, tests/sandbox).
# `sandbox`: a fresh in-thread server per test, fast timelines, no faults.
# `sandbox_factory(options=None, **overrides)`: start one with other SandboxOptions.
# Every server started here is stopped when the test ends.
# ---------------------------------------------------------------------------------------

SANDBOX_TEST_TIME_SCALE = 0.05


@pytest.fixture
def sandbox_factory():
    import dataclasses

    from sonodesk.sandbox.launcher import SandboxOptions, start_in_thread

    started = []

    def start(options=None, **overrides):  # type: ignore[no-untyped-def]
        base = options or SandboxOptions(time_scale=SANDBOX_TEST_TIME_SCALE, url_ttl=300.0)
        running = start_in_thread(dataclasses.replace(base, **overrides) if overrides else base)
        started.append(running)
        return running

    yield start
    for running in reversed(started):
        running.stop()


@pytest.fixture
def sandbox(sandbox_factory):  # type: ignore[no-untyped-def]
    return sandbox_factory()
