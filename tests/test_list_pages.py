"""Home's list a page at a time (store/listing.py): ids in Home's order, the first screen
from a bounded read, rows by id; the same answer as reading and sorting every row."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from infoint_tui.store import listing
from infoint_tui.store.connections import driver_connection
from infoint_tui.store.kinds import Stage
from infoint_tui.store.list_order import name_key, sort_for_home
from infoint_tui.store.listing import InterviewFilter

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)

FILTERS = [
    InterviewFilter(),
    InterviewFilter(stage=Stage.DONE),
    InterviewFilter(min_fit=3, since=date(2025, 1, 1), local_days=True),
    InterviewFilter(text="an", until=date(2026, 6, 30)),
    InterviewFilter(sort="fit"),
    InterviewFilter(sort="contact", min_fit=2),
]


@pytest.fixture
def crowd(store):
    from infoint_tui.store.demo import generate

    generate(store.engine, 300, seed=5, now=NOW)
    # Upcoming, undated and non-ASCII names beside the generated ones.
    store.create_interview("Zoë Ärztin", occupation="Ärztin", scheduled_at=NOW + timedelta(days=2))
    store.create_interview("Straße Weg", organization="ÖBB")
    store.create_interview("Soon Person", scheduled_at=NOW + timedelta(hours=1))
    return store


@pytest.mark.parametrize("where", FILTERS, ids=lambda where: repr(where)[15:60])
@pytest.mark.parametrize("names", ["", "an", "AN sm", "ärztin", "strasse", "öbb"])
def test_ids_and_first_rows_match_sorting_every_row(crowd, where, names) -> None:
    with driver_connection(crowd.engine) as connection:
        rows = listing.list_rows(connection, where)
        ordered = sort_for_home(rows, NOW) if where.sort == "date" else rows
        words = names.casefold().split()
        expected = [row.id for row in ordered if all(word in name_key(row) for word in words)]
        assert list(listing.list_ids(connection, where, names=names, now=NOW)) == expected
        for limit in (1, 7, 40):
            first = listing.first_rows(connection, where, names=names, now=NOW, limit=limit)
            assert [row.id for row in first] == expected[:limit]
            assert (
                list(listing.list_ids(connection, where, names=names, now=NOW, limit=limit))
                == expected[:limit]
            )
        by_id = {row.id: row for row in rows}
        assert listing.rows_by_id(connection, expected) == {key: by_id[key] for key in expected}
    if names == "strasse" and not where.narrows:
        assert expected  # casefold: ß is ss, which SQLite's LIKE would not find


def test_the_first_screen_walks_an_index_not_a_sort(crowd) -> None:
    """Home's first rows by date: each part of the query is read along an index."""
    with driver_connection(crowd.engine) as connection:
        plans: list[str] = []
        original = connection.execute

        def explained(sql: str, params=()):
            if sql.startswith("SELECT i.id FROM interview"):
                plans.extend(row[-1] for row in original("EXPLAIN QUERY PLAN " + sql, params))
            return original(sql, params)

        checked = _Explaining(connection, explained)
        listing.list_ids(checked, now=NOW, limit=20)  # type: ignore[arg-type]
    assert plans and not any("TEMP B-TREE" in plan for plan in plans), plans
    assert any("ix_interview_when" in plan for plan in plans), plans


class _Explaining:
    """A connection whose execute also records the plan of Home's id queries."""

    def __init__(self, connection: sqlite3.Connection, execute) -> None:
        self._connection = connection
        self.execute = execute

    def create_function(self, *args, **kwargs) -> None:
        self._connection.create_function(*args, **kwargs)


def test_the_migrations_make_the_date_index_the_model_describes(store) -> None:
    """Alembic cannot compare expression indexes on SQLite: the SQL is compared here."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import infoint_tui.store.models  # noqa: F401  (registers the tables)

    described = create_engine("sqlite://")
    SQLModel.metadata.create_all(described)
    query = "SELECT sql FROM sqlite_master WHERE name = 'ix_interview_when'"
    with described.connect() as connection:
        (model_sql,) = connection.exec_driver_sql(query).one()
    with driver_connection(store.engine) as connection:
        (migrated_sql,) = connection.execute(query).fetchone()
    assert " ".join(migrated_sql.replace("IF NOT EXISTS ", "").split()) == " ".join(
        model_sql.split()
    )
