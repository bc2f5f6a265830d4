"""URL policy: only https leaves the machine; plain http only for loopback hosts. No Qt."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from sonodesk.core.errors import ConfigError, UnsafeUrlError


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_is_allowed(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and is_loopback_host(parts.hostname)


def check_api_base_url(url: str) -> str:
    """Validate a configured API endpoint; returns it without a trailing slash."""
    url = url.strip()
    if not url_is_allowed(url):
        raise ConfigError(
            "The API address must start with https:// (plain http is only allowed for localhost).",
            hint="Check the base URL in Settings or in SONODESK_SCENARIO_URL.",
        )
    return url.rstrip("/")


def check_download_url(url: str) -> str:
    """Validate a URL handed to us by a server before we fetch it."""
    if not url_is_allowed(url):
        scheme = urlsplit(url).scheme if "://" in url else "unknown"
        raise UnsafeUrlError(
            f"The server offered a download address Sonodesk refuses to use ({scheme}, not "
            "https). The take was not downloaded."
        )
    return url


def same_origin(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port) == (pb.scheme, pb.hostname, pb.port)
