"""Home's to-do items, read from a real SQLite file at a fixed moment."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from infoint_tui.store.models import Stage
from infoint_tui.store.store import Store
from infoint_tui.store.todo import UNCONFIRMED_LIMIT, TodoItem, todo_items

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """UTC as the local zone, so the texts' days and hours are known."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def planned(store: Store, name: str, ago: timedelta, minutes: int = 25) -> int:
    interview = store.create_interview(name, scheduled_at=NOW - ago, planned_minutes=minutes)
    assert interview.id is not None
    return interview.id


def unconfirmed(store: Store) -> list[TodoItem]:
    return [item for item in todo_items(store.engine, NOW) if item.kind == "unconfirmed"]


def test_a_planned_interview_past_its_time_and_not_held_asks_if_it_happened(store) -> None:
    interview_id = planned(store, "Ada Lovelace", timedelta(days=2))
    [item] = unconfirmed(store)
    assert item == TodoItem(
        "unconfirmed",
        interview_id,
        "Did the interview with Ada Lovelace on 08 Jun happen?",
        True,  # shown as overdue, among the first
        NOW - timedelta(days=2),
    )
    assert todo_items(store.engine, NOW)[0] == item
    last_year = planned(store, "Grace", timedelta(days=400))
    texts = {item.interview_id: item.text for item in unconfirmed(store)}
    assert texts[last_year] == "Did the interview with Grace on 06 May 2025 happen?"


def test_only_once_its_planned_length_is_over(store) -> None:
    talking = planned(store, "Still talking", timedelta(minutes=50), minutes=60)
    over = planned(store, "Over", timedelta(minutes=50), minutes=40)
    assert [item.interview_id for item in unconfirmed(store)] == [over]
    # Today's interviews are listed as such until their time is over, not twice.
    today = [item for item in todo_items(store.engine, NOW) if item.kind == "upcoming"]
    assert [(item.interview_id, item.text) for item in today] == [
        (talking, "Today 11:10: Still talking")
    ]


def test_not_asked_of_held_unscheduled_later_moved_on_or_deleted_interviews(store) -> None:
    held = planned(store, "Held", timedelta(days=1))
    store.start_clock(held, at=NOW - timedelta(days=1))
    store.create_interview("Never scheduled")
    planned(store, "Ahead", -timedelta(days=1))
    reflected = planned(store, "Reflected", timedelta(days=3))
    store.set_stage(reflected, Stage.REFLECT)  # moved on: it happened, clock or not
    deleted = planned(store, "Deleted", timedelta(days=4))
    store.delete_interview(deleted)
    live = planned(store, "Opened live, never started", timedelta(days=5))
    store.set_stage(live, Stage.LIVE)
    assert [item.interview_id for item in unconfirmed(store)] == [live]


def test_at_most_a_panelful_the_latest_ones(store) -> None:
    ids = [planned(store, f"P{n}", timedelta(days=n + 1)) for n in range(UNCONFIRMED_LIMIT + 3)]
    # One still within its planned length is the latest, and must not take a place.
    planned(store, "In progress", timedelta(minutes=5), minutes=60)
    latest = ids[:UNCONFIRMED_LIMIT]
    # Shown like every overdue item: the longest overdue first.
    assert [item.interview_id for item in unconfirmed(store)] == latest[::-1]
