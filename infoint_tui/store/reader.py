"""The door for commands that only read: plain sqlite3, without SQLAlchemy or SQLModel.

Importing the data layer costs a command line several times what the command itself
does (`infoint-tui search` on a small file: 0.33 s, of which 0.25 s is importing
SQLAlchemy and SQLModel). A command that only reads opens a `Reader` instead of a `Store`:
it checks the file as the store does (the same one-line refusals for a damaged, foreign,
newer or read-only file) and reads through one sqlite3 connection. The store stays the
door for a file that does not exist yet or needs an upgrade (`Reader.open` returns None,
and the store creates or upgrades it, with its backup), and for every write.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from infoint_tui.store.files import (
    BUSY_TIMEOUT_SECONDS,
    HEAD_REVISION,
    check_existing,
    check_writable,
)

if TYPE_CHECKING:
    from infoint_tui.store.listing import InterviewFilter
    from infoint_tui.store.search_ops import SearchResults


class Reading(Protocol):
    """What a reading command needs of the data, from a `Reader` or a `Store` alike."""

    def search_interviews(
        self,
        query: str,
        where: InterviewFilter | None = None,
        sort: str = ...,
        limit: int = 100,
    ) -> SearchResults:
        """The best hits for `query` (see `store.search_ops.search_interviews`)."""

    def close(self) -> None:
        """Let go of the database file."""


class Reader:
    """Reads for the command line over one plain sqlite3 connection."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @classmethod
    def open(cls, path: Path | str) -> Reader | None:
        """A reader on the database at `path`, or None when the store must open it first.

        None for a file that does not exist or holds nothing yet, or whose schema is older
        than this version's (the store creates or upgrades it).

        Raises:
            DatabaseFileError: the file cannot be used (as `Store.open` would say).
        """
        path = Path(path).expanduser().absolute()
        if not path.exists():
            return None
        revision = check_existing(path)
        if revision != HEAD_REVISION:
            return None
        check_writable(path)  # refused as the store refuses it, whatever the command
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        return cls(connection)

    def search_interviews(
        self,
        query: str,
        where: InterviewFilter | None = None,
        sort: str = "relevance",
        limit: int = 100,
    ) -> SearchResults:
        """The best hits for `query`, as `Store.search_interviews` finds them."""
        from infoint_tui.store.search_ops import search_interviews

        return search_interviews(self.connection, query, where, sort, limit)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()
