"""Dialogs of the main window. Each opens with open(), never exec()."""
