"""Sonodesk core: everything below is plain Python. No Qt, no qasync, no widgets."""
