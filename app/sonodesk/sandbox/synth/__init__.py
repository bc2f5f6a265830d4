"""Offline, deterministic audio synthesis for the sandbox models (numpy + soundfile). No Qt."""

from __future__ import annotations
