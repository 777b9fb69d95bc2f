"""Plain sqlite3 connections for reads: borrowed from the store's engine, or opened alone.

The reads that must be quick to start (Home's first list, `infoint-tui search`) run on
plain sqlite3, so they need neither SQLAlchemy nor SQLModel. The same functions serve the
store, which lends them one of its engine's connections (`driver_connection`). This
module imports neither library.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine


@contextmanager
def driver_connection(source: Engine | sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The sqlite3 connection of `source`: itself, or one of the engine's (given back after)."""
    if isinstance(source, sqlite3.Connection):
        yield source
        return
    with source.connect() as connection:
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        yield driver


@contextmanager
def read_snapshot(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction, so that several statements see the same state of the file.

    Inside a transaction the caller began, that one is used as it is.
    """
    if connection.in_transaction:
        yield connection
        return
    connection.execute("BEGIN")
    try:
        yield connection
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")  # nothing was written: ending it is enough


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection of its own to `path`, for reads before the store has opened
    (None if there is no such file or it cannot be opened). A read through it that fails
    for the file's sake (sqlite3.Error, or a stored value that does not parse) ends the
    block quietly: the caller then returns None, and the store's own read follows."""
    if not path.is_file():
        yield None
        return
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        yield None
        return
    try:
        yield connection
    except (sqlite3.Error, ValueError):
        pass
    finally:
        connection.close()
