"""Errors the store raises; each carries a one-line message fit for a user."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the user's data the command line reports in one line (exit code 2)."""

    exit_code = 2


class DatabaseFileError(StoreError):
    """The database file or its folder cannot be used; the file was left untouched."""


class ImportFileError(StoreError):
    """An import file is malformed; nothing was imported."""


class NotFoundError(StoreError):
    """A row the caller named does not exist (any more)."""
