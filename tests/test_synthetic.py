"""Generated data written in bulk: the same index as the triggers', the same schema, real people."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from infoint_tui.store import synthetic
from infoint_tui.store.demo import generate, seed_demo
from infoint_tui.store.engine import make_engine
from infoint_tui.store.search import FIELDS

NOW = datetime(2026, 6, 15, 9, 30, tzinfo=UTC)

#: Tables in an order where every row's parents come first.
_TABLES = (
    "occupation",
    "organization",
    "contact",
    "interview",
    "question",
    "note",
    "reflection",
    "follow_up",
    "referral",
    "timeline_entry",
)
_INDEX = "SELECT rowid, body, kind, ref_id, interview_id FROM search_index ORDER BY rowid"
_SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _through_triggers(source: Path, target: Path) -> None:
    """Copy every row of `source` into a new database, each insert indexed by the triggers."""
    make_engine(target).dispose()
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("ATTACH DATABASE ? AS source", (str(source),))
        connection.execute("BEGIN")
        for table in _TABLES:
            # Contacts refer to contacts (referred_by_id): parents have the smaller ids.
            connection.execute(f"INSERT INTO main.{table} SELECT * FROM source.{table} ORDER BY id")
        connection.execute("COMMIT")
    finally:
        connection.close()


def _generated(path: Path, count: int, *, with_demo: bool = False) -> None:
    engine = make_engine(path)
    try:
        if with_demo:
            seed_demo(engine)
        generate(engine, count, seed=5, now=NOW)
    finally:
        engine.dispose()


@pytest.mark.parametrize("with_demo", [False, True], ids=["new file", "after the demo"])
def test_the_index_is_what_the_triggers_would_have_made(tmp_path: Path, with_demo: bool) -> None:
    """Rows indexed once at the end hold exactly what inserting them one by one indexes."""
    generated, replayed = tmp_path / "generated.db", tmp_path / "replayed.db"
    _generated(generated, 40, with_demo=with_demo)
    _through_triggers(generated, replayed)
    index = _rows(generated, _INDEX)
    assert index == _rows(replayed, _INDEX)
    assert {row[2] for row in index} == set(FIELDS)  # every kind of text is there


def test_the_schema_is_the_same_after_generating(tmp_path: Path) -> None:
    fresh, generated = tmp_path / "fresh.db", tmp_path / "generated.db"
    make_engine(fresh).dispose()
    _generated(generated, 10)
    assert _rows(generated, _SCHEMA) == _rows(fresh, _SCHEMA)


def test_every_index_trigger_is_set_aside_for_the_load(engine: Engine) -> None:
    """The bulk path covers every insert trigger of the index: none runs row by row."""
    from infoint_tui.store.connections import driver_connection

    with driver_connection(engine) as connection:
        triggers = synthetic.index_triggers(connection)
        inserting = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND sql LIKE '%AFTER INSERT%' AND sql LIKE '%search_index%'"
        ).fetchone()[0]
    assert len(triggers) == len(FIELDS) == inserting
    assert len({trigger.name for trigger in triggers}) == len(FIELDS)


def test_the_triggers_index_what_is_typed_after_generating(tmp_path: Path) -> None:
    path = tmp_path / "generated.db"
    _generated(path, 5)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("UPDATE question SET answer = 'zygomorphic' WHERE id = 1")
        interview = connection.execute("SELECT id FROM interview ORDER BY id LIMIT 1").fetchone()
        connection.execute(
            "INSERT INTO note (interview_id, text, created_at, offset_seconds, starred) "
            "VALUES (?, 'quixotic', '2026-06-15 09:30:00.000000', 60, 0)",
            interview,
        )
        found = connection.execute(
            "SELECT kind FROM search_index WHERE search_index MATCH 'zygomorphic OR quixotic'"
        ).fetchall()
    finally:
        connection.close()
    assert sorted(kind for (kind,) in found) == [4, 5]


def test_the_file_is_consistent_after_generating(tmp_path: Path) -> None:
    path = tmp_path / "generated.db"
    _generated(path, 30, with_demo=True)
    assert _rows(path, "PRAGMA foreign_key_check") == []
    assert _rows(path, "PRAGMA integrity_check") == [("ok",)]
    connection = sqlite3.connect(path)
    try:  # raises if the index does not hold exactly the rows' texts
        connection.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")
    finally:
        connection.close()


def test_timestamps_are_stored_as_the_orm_stores_them(tmp_path: Path) -> None:
    path = tmp_path / "generated.db"
    _generated(path, 10)
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")
    stored = _rows(path, "SELECT created_at, updated_at, scheduled_at FROM interview")
    stored += _rows(path, "SELECT created_at, updated_at, created_at FROM contact")
    assert stored
    assert all(stamp.fullmatch(value) for row in stored for value in row), stored[:3]
    days = _rows(path, "SELECT next_contact_on FROM follow_up")
    assert days and all(re.fullmatch(r"\d{4}-\d\d-\d\d", day) for (day,) in days)
    booleans = _rows(path, "SELECT DISTINCT asked FROM question")
    assert {value for (value,) in booleans} == {0, 1}


def test_people_have_their_organization_and_outreach_status(tmp_path: Path) -> None:
    """As migration 0005 would set them: the interview's organization; held -> interviewed."""
    path = tmp_path / "generated.db"
    _generated(path, 200)
    people = _rows(
        path,
        "SELECT c.organization_id, i.organization_id, c.outreach_status, "
        "(i.started_at IS NOT NULL OR i.stage IN ('reflect', 'follow_up', 'done')) "
        "FROM contact AS c JOIN interview AS i ON i.contact_id = c.id",
    )
    assert len(people) == 200
    for own, interviews, status, held in people:
        assert own == interviews
        assert status == ("interviewed" if held else "scheduled")
    assert {status for *_, status, _ in people} == {"interviewed", "scheduled"}


def test_everyone_referred_is_a_person_introduced_by_the_referrer(tmp_path: Path) -> None:
    path = tmp_path / "generated.db"
    _generated(path, 200)
    referred = _rows(
        path,
        "SELECT r.name, p.name, p.how_met, p.referred_by_id, i.contact_id, p.outreach_status, "
        "p.organization_id, r.created_at, p.created_at, "
        "(SELECT count(*) FROM interview WHERE contact_id = p.id) "
        "FROM referral AS r JOIN interview AS i ON i.id = r.interview_id "
        "LEFT JOIN contact AS p ON p.id = r.contact_id",
    )
    assert len(referred) > 20
    for name, person, how_met, by, referrer, status, organization, made, created, held in referred:
        assert person == name
        assert (how_met, by, status, organization) == ("Referral", referrer, "to_contact", None)
        assert created == made
        assert held == 0
    contacts = _rows(path, "SELECT count(*), count(DISTINCT uuid) FROM contact")[0]
    assert contacts == (200 + len(referred), 200 + len(referred))


def test_people_referred_leave_the_other_rows_as_they_were(tmp_path: Path) -> None:
    """People interviewed keep ids 1..N, so a seed gives the same interviews as before."""
    path = tmp_path / "generated.db"
    _generated(path, 50)
    interviewed = _rows(path, "SELECT contact_id FROM interview ORDER BY id")
    assert [contact for (contact,) in interviewed] == list(range(1, 51))
    referred = _rows(path, "SELECT contact_id FROM referral ORDER BY id")
    assert [contact for (contact,) in referred] == list(range(51, 51 + len(referred)))


def test_a_failed_generation_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "generated.db"
    _generated(path, 5)
    before = {table: _rows(path, f"SELECT * FROM {table}") for table in _TABLES}
    schema, index = _rows(path, _SCHEMA), _rows(path, _INDEX)
    made = 0
    original = synthetic._synthetic_interview

    def failing(*args: object, **kwargs: object) -> None:
        nonlocal made
        made += 1
        if made > 15:  # after the first batch was written
            raise RuntimeError("disk on fire")
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(synthetic, "_synthetic_interview", failing)
    monkeypatch.setattr(synthetic, "_BATCH_INTERVIEWS", 10)
    engine = make_engine(path)
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            generate(engine, 30, seed=1, now=NOW)
    finally:
        engine.dispose()
    after = {table: _rows(path, f"SELECT * FROM {table}") for table in _TABLES}
    assert after == before
    assert _rows(path, _SCHEMA) == schema
    assert _rows(path, _INDEX) == index
