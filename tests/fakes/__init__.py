"""Test doubles shared by the test suites (fake outputs, servers and signal helpers)."""
