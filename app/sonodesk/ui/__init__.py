"""Sonodesk's Qt layer: widgets render core state and forward intent."""
