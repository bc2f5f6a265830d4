"""Helpers shared by test modules (importable because tests/ is on sys.path)."""
