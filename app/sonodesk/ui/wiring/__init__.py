"""Installs the window's feature areas (library, export, presets, spend, sweeps, accounts)
into a composed main window. Each module connects widgets to the session; none owns logic."""
