"""The settings' error, importable without the settings' library (the command line's `--help`
loads neither)."""

from __future__ import annotations


class SettingsError(Exception):
    """Settings needed for what was asked are missing or invalid (never includes secret values)."""
