"""The "to do" list on Home: thank-you notes due, next contacts, referrals, interviews soon,
and planned interviews whose time has passed without being held ("did this happen?").

Home shows the most urgent few, so each kind is read in plain SQL over sqlite3, in its
order of urgency along an index, at most one more than asked for: the cost does not grow
with the number of interviews. This module imports neither SQLAlchemy nor SQLModel.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from infoint_tui import timekeeping
from infoint_tui.store.connections import driver_connection, read_snapshot
from infoint_tui.store.dates import stored_text
from infoint_tui.store.kinds import Stage
from infoint_tui.timekeeping import aware, shift

if TYPE_CHECKING:
    from sqlalchemy import Engine

#: How many to-do items Home's panel shows (the store reads no more, and one to know of more).
TODO_SHOWN = 20
THANK_YOU_HOURS = 24
#: Planned interviews past their time but not held, at most this many (the latest first):
#: more would not fit the panel, and the query stays bounded however many there are.
UNCONFIRMED_LIMIT = 20
#: The stages of an interview that may still be waiting for its conversation; one moved on
#: to Reflect or later is taken as having happened, and is not asked about.
WAITING_STAGES = (Stage.RESEARCH, Stage.QUESTIONS, Stage.LIVE)


@dataclass(frozen=True)
class TodoItem:
    """One thing to do, most urgent first."""

    kind: str  # "thank_you", "next_contact", "referral", "upcoming", "unconfirmed",
    # or about a person: "nudge", "try_another", "keep_in_touch"
    interview_id: Any
    text: str
    overdue: bool
    due: datetime | None
    person_id: int | None = None


class TodoList(list[TodoItem]):
    """The most urgent to-do items, in order, and whether `more` wait after them.

    A plain list of the items to whoever only reads them; `more` says that the list was cut
    at the limit asked for (how many more is not counted: that would grow with the data).
    """

    def __init__(self, items: Iterable[TodoItem] = (), *, more: bool = False) -> None:
        super().__init__(items)
        self.more = more


def todo_items(
    source: Engine | sqlite3.Connection,
    now: datetime | None = None,
    *,
    limit: int | None = None,
    about_people: Sequence[TodoItem] = (),
) -> TodoList:
    """Everything waiting for the user, overdue first, then by due time (ties: by kind).

    Args:
        source: the store's engine, or a sqlite3 connection to the same file.
        now: the moment to judge by (the current time by default).
        limit: the most urgent this many only (with `more` set when others wait); None
            for all of them.
        about_people: the to-dos about people (whom to nudge, try, keep in touch with),
            in their own order, merged in after the interviews' own on a tie.
    """
    now = now or timekeeping.utcnow()
    # One more of each kind than shown tells whether more wait; -1 is SQLite's "no limit".
    fetch = -1 if limit is None else limit + 1
    with driver_connection(source) as connection, read_snapshot(connection):
        thanks = _thank_yous(connection, now, fetch)
        contacts = _next_contacts(connection, now, fetch)
        unconfirmed = _unconfirmed(connection, now)
        upcoming = _upcoming(connection, now, fetch, {item.interview_id for item in unconfirmed})
        # Referrals have no due time: they come after every dated item, so they are read
        # only when those leave room.
        dated = len(thanks) + len(contacts) + len(upcoming) + len(unconfirmed) + len(about_people)
        referrals = _referrals(connection, fetch) if limit is None or dated <= limit else []
    # On a tie the kinds keep this order (the sort is stable), as they always had.
    items = [*thanks, *contacts, *referrals, *upcoming, *unconfirmed, *about_people]
    items.sort(key=_urgency)
    if limit is None:
        return TodoList(items)
    return TodoList(items[:limit], more=len(items) > limit)


_FAR = datetime.max.replace(tzinfo=UTC)


def _urgency(item: TodoItem) -> tuple[bool, datetime]:
    """Overdue first, then by due time; an item without one last."""
    return (not item.overdue, item.due or _FAR)


# Each query walks an index in its kind's order of urgency and stops after `fetch` rows;
# ties go by id, the order the unordered reads gave before. tests/test_todo_bounded.py checks
# the plans.

# `i.thanked` (kept by triggers, migration 0008) lets the walk go along the index of the
# ended interviews not thanked; the follow-up itself is still the rule (NOT EXISTS).
_THANK_YOUS = """
SELECT i.id, i.ended_at, c.name
FROM interview AS i
JOIN contact AS c ON c.id = i.contact_id
WHERE i.ended_at IS NOT NULL
  AND i.thanked = 0
  AND NOT EXISTS (
    SELECT 1 FROM follow_up AS f
    WHERE f.interview_id = i.id AND f.thank_you_sent_at IS NOT NULL
  )
ORDER BY i.ended_at, i.id
LIMIT ?
"""


def _thank_yous(connection: sqlite3.Connection, now: datetime, fetch: int) -> list[TodoItem]:
    """Interviews that ended and whose thank-you was not sent, due a day after the end."""
    items = []
    for interview_id, ended_at, name in connection.execute(_THANK_YOUS, (fetch,)):
        deadline = shift(aware(ended_at), timedelta(hours=THANK_YOU_HOURS))
        hours = (deadline - now).total_seconds() / 3600
        text = (
            f"Thank {name}: {hours:.0f} h left"
            if hours >= 0
            else f"Thank {name}: overdue by {-hours:.0f} h"
        )
        items.append(TodoItem("thank_you", interview_id, text, hours < 0, deadline))
    return items


_NEXT_CONTACTS = """
SELECT f.interview_id, f.next_contact_on, c.name
FROM follow_up AS f
JOIN interview AS i ON i.id = f.interview_id
JOIN contact AS c ON c.id = i.contact_id
WHERE f.next_contact_on IS NOT NULL AND f.next_contact_on <= ?
ORDER BY f.next_contact_on, f.id
LIMIT ?
"""


def _next_contacts(connection: sqlite3.Connection, now: datetime, fetch: int) -> list[TodoItem]:
    """Next contacts due by tomorrow (local days), the longest overdue first."""
    today = now.astimezone().date()
    tomorrow = (today + timedelta(days=1)).isoformat()
    items = []
    for interview_id, on_text, name in connection.execute(_NEXT_CONTACTS, (tomorrow, fetch)):
        on = date.fromisoformat(on_text)
        overdue = on < today
        when = "today" if on == today else ("tomorrow" if on > today else f"since {on:%d %b}")
        due = datetime.combine(on, datetime.min.time(), UTC)
        items.append(
            TodoItem("next_contact", interview_id, f"Get back to {name} ({when})", overdue, due)
        )
    return items


_REFERRALS = """
SELECT r.interview_id, r.name, c.name
FROM referral AS r
JOIN interview AS i ON i.id = r.interview_id
JOIN contact AS c ON c.id = i.contact_id
LEFT JOIN contact AS suggested ON suggested.id = r.contact_id
WHERE r.planned_interview_id IS NULL
  AND (suggested.id IS NULL OR suggested.outreach_status = 'to_contact')
ORDER BY r.id
LIMIT ?
"""


def _referrals(connection: sqlite3.Connection, fetch: int) -> list[TodoItem]:
    """People suggested and not yet planned, while asking them has not begun (after that,
    their own outreach items take over)."""
    return [
        TodoItem("referral", interview_id, f"Contact {name} (via {by})", False, None)
        for interview_id, name, by in connection.execute(_REFERRALS, (fetch,))
    ]


_UPCOMING = """
SELECT i.id, i.scheduled_at, c.name
FROM interview AS i
JOIN contact AS c ON c.id = i.contact_id
WHERE i.scheduled_at >= ? AND i.scheduled_at < ? AND i.ended_at IS NULL
ORDER BY i.scheduled_at, i.id
LIMIT ?
"""


def _upcoming(
    connection: sqlite3.Connection, now: datetime, fetch: int, asked: set[int]
) -> list[TodoItem]:
    """Interviews planned today or tomorrow (local days) and not ended, the soonest first.

    One whose time is over is asked about instead (`asked`); as many more rows are read.
    """
    today = now.astimezone().date()
    start = datetime.combine(today, datetime.min.time()).astimezone().astimezone(UTC)
    span = (stored_text(start), stored_text(start + timedelta(days=2)))
    items = []
    rows = connection.execute(_UPCOMING, (*span, fetch if fetch < 0 else fetch + len(asked)))
    for interview_id, scheduled_text, name in rows:
        if interview_id in asked:
            continue  # its time is over: asked whether it happened instead
        scheduled_at = aware(scheduled_text)
        local = scheduled_at.astimezone()
        day = "Today" if local.date() == today else "Tomorrow"
        items.append(
            TodoItem("upcoming", interview_id, f"{day} {local:%H:%M}: {name}", False, scheduled_at)
        )
    return items[:fetch] if fetch >= 0 else items


# The stages past the conversation: "not one of these" is what the index of waiting
# interviews holds (ix_interview_waiting), so saying it lets SQLite walk that index back
# from now and stop after the limit; `+i.stage IN` is the rule itself, kept from the stage
# index (which would read every planned interview, then sort them).
_HELD = ", ".join(f"'{stage.value}'" for stage in Stage if stage not in WAITING_STAGES)
_WAITING = ", ".join(f"'{stage.value}'" for stage in WAITING_STAGES)
_UNCONFIRMED = f"""
SELECT i.id, i.scheduled_at, c.name
FROM interview AS i
JOIN contact AS c ON c.id = i.contact_id
WHERE i.scheduled_at < ?
  AND i.started_at IS NULL
  AND i.stage NOT IN ({_HELD})
  AND +i.stage IN ({_WAITING})
  AND julianday(i.scheduled_at) + i.planned_minutes / 1440.0 < julianday(?)
ORDER BY i.scheduled_at DESC, i.id DESC
LIMIT {UNCONFIRMED_LIMIT}
"""


def _unconfirmed(connection: sqlite3.Connection, now: datetime) -> list[TodoItem]:
    """Planned interviews whose time and planned length have passed, not held: did they happen?

    Reads at most `UNCONFIRMED_LIMIT` rows, the latest first; the planned length is added
    in SQL (julianday), so the limit counts only interviews whose time is over.
    """
    moment = stored_text(now)
    items = []
    for interview_id, scheduled_text, name in connection.execute(_UNCONFIRMED, (moment, moment)):
        planned = aware(scheduled_text)
        same_year = timekeeping.local(planned).year == timekeeping.local(now).year
        day = timekeeping.local_text(planned, "%d %b" if same_year else "%d %b %Y")
        who = name.strip() or "(no name yet)"
        text = f"Did the interview with {who} on {day} happen?"
        items.append(TodoItem("unconfirmed", interview_id, text, True, planned))
    return items
