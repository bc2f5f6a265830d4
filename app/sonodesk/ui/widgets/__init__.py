"""Sonodesk's panels and their delegates: each renders core records and emits intent."""
