"""The search policy the Search screen and `infoint-tui search` share: filters, pool, order.

`store.search.search` finds the best hits for a query, optionally among some interviews.
`SearchOps.search_interviews` decides how a filtered or re-ordered search uses it: which
interviews the filters let through, how many of the best hits are read when another order
than relevance must choose among them (`POOL`), and how they are put in the list's order.
The screen and the command line both call it, so they cannot disagree; it runs on a plain
sqlite3 connection, so `infoint-tui search` (through `store.reader.Reader`) needs neither
SQLAlchemy nor SQLModel.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from infoint_tui.store.connections import driver_connection
from infoint_tui.store.listing import InterviewFilter, list_rows

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from infoint_tui.store.search import SearchHit

POOL = 1000
"""Best hits read when another order than relevance must choose among them."""
RELEVANCE = "relevance"
"""Best match first; the other orders are the interview list's (`InterviewFilter.sort`)."""


@dataclass(frozen=True)
class SearchResults:
    """The hits of one search, in the order asked for."""

    hits: list[SearchHit]
    clipped: bool
    """Whether more matched than `hits` holds (or than the pool could order)."""


class SearchOps:
    """Full-text search with the filters and the orders of the interview list."""

    engine: Engine

    def search_interviews(
        self,
        query: str,
        where: InterviewFilter | None = None,
        sort: str = RELEVANCE,
        limit: int = 100,
    ) -> SearchResults:
        """The best `limit` hits for `query` among the interviews `where` lets through
        (see `search_interviews`, which this runs on one of the engine's connections)."""
        with driver_connection(self.engine) as connection:
            return search_interviews(connection, query, where, sort, limit)


def search_interviews(
    connection: sqlite3.Connection,
    query: str,
    where: InterviewFilter | None = None,
    sort: str = RELEVANCE,
    limit: int = 100,
) -> SearchResults:
    """The best `limit` hits for `query` among the interviews `where` lets through.

    `sort` is "relevance" (best match first, then the newest interview) or one of the
    list's orders ("date", "fit", "contact"; `where.sort` is not used): then the best
    `POOL` hits are read and put in the list's order, best first within an interview.
    A filter restricts the search inside SQL, so its hits are the best among the
    interviews it lets through, however many better ones there are elsewhere. Never
    raises for what a user typed; a query with nothing searchable finds nothing.
    """
    from infoint_tui.store import search as index  # its SQL loads with the first search

    where = where or InterviewFilter()
    limit = max(limit, 0)
    if not where.narrows and sort == RELEVANCE:
        hits = index.search(connection, query, limit=limit + 1)
        return SearchResults(hits[:limit], len(hits) > limit)
    # The filtered list gives the interviews the search is restricted to, and the
    # order of another sort than relevance.
    listed = where if sort == RELEVANCE else replace(where, sort=sort)
    rows = list_rows(connection, listed)
    order = {row.id: position for position, row in enumerate(rows)}
    ids = order.keys() if where.narrows else None
    if sort == RELEVANCE:
        hits = index.search(connection, query, limit=limit + 1, interview_ids=ids)
        return SearchResults(hits[:limit], len(hits) > limit)
    hits = index.search(connection, query, limit=POOL + 1, interview_ids=ids)
    clipped = len(hits) > POOL
    # An interview made since the list was read has no place in it.
    hits = [hit for hit in hits[:POOL] if hit.interview_id in order]
    hits.sort(key=lambda hit: order[hit.interview_id])  # stable: best first
    return SearchResults(hits[:limit], clipped or len(hits) > limit)
