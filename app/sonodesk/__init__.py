"""Sonodesk: a desktop studio for AI-generated audio. This module holds only the version."""

__version__ = "0.1.0"
