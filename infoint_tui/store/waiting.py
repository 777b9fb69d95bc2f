"""Everything Home's to-do panel shows, read in plain SQL: the interviews' own to-dos
(`store.todo`) and the outreach ones about people (`store.outreach_rules`).

Like `store.todo` this imports neither SQLAlchemy nor SQLModel, so the app can read the
panel through a read-only connection of its own before the data layer has loaded, as it
reads Home's first screen (`read_waiting`); the store reads it the same way
(`Store.todo_items`).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from infoint_tui import timekeeping
from infoint_tui.store.connections import driver_connection, read_only, read_snapshot
from infoint_tui.store.kinds import OutreachStatus, TimelineKind
from infoint_tui.store.outreach_rules import OutreachState, outreach_todos
from infoint_tui.store.todo import TODO_SHOWN, TodoItem, TodoList, todo_items

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from infoint_tui.store.outreach_rules import OutreachTiming


def waiting(
    source: Engine | sqlite3.Connection,
    timing: OutreachTiming | None = None,
    *,
    limit: int | None = TODO_SHOWN,
    now: datetime | None = None,
) -> TodoList:
    """What is waiting for the user, overdue first, then by due time: the interviews'
    to-dos, and whom to nudge, try next, or keep in touch with.

    The most urgent `limit` (Home's panelful by default), with `more` set when others
    wait; None for all of them.
    """
    now = now or timekeeping.utcnow()
    about_people = [
        TodoItem(
            todo.kind,
            None,
            todo.text,
            todo.overdue,
            datetime.combine(todo.due, datetime.min.time()).astimezone().astimezone(UTC),
            todo.person_id,
        )
        for todo in outreach_todos(outreach_states(source), now.astimezone().date(), timing)
        if todo.kind != "give_up"  # settle_outreach moves them; nothing left to do
    ]
    return todo_items(source, now, limit=limit, about_people=about_people)


def outreach_states(source: Engine | sqlite3.Connection) -> list[OutreachState]:
    """What the outreach rules need about everyone still being asked or kept in touch.

    Two queries however many people there are (plain SQL, no row objects): the people
    with their latest interview's end, then all their timeline entries in order.
    """
    with driver_connection(source) as connection, read_snapshot(connection):
        people = connection.execute(_ASKED_PEOPLE).fetchall()
        timelines: dict[int, list[tuple[str, str]]] = {}
        for person_id, kind, at in connection.execute(_ASKED_TIMELINES):
            timelines.setdefault(person_id, []).append((kind, at))
    states: list[OutreachState] = []
    for person_id, name, organization_id, organization, status, keep, held in people:
        entries = timelines.get(person_id, [])
        request_on = nudge_on = None
        for kind, at in entries:
            if kind == TimelineKind.REQUEST:
                request_on, nudge_on = _local_day(at), None
            elif kind == TimelineKind.NUDGE and request_on is not None:
                nudge_on = _local_day(at)
        contacts = [_local_day(at) for kind, at in entries if kind != TimelineKind.STATUS]
        if held:
            contacts.append(_local_day(held))
        states.append(
            OutreachState(
                person_id=person_id,
                name=name,
                organization_id=organization_id,
                organization=organization or "",
                status=OutreachStatus(status),
                request_on=request_on,
                nudge_on=nudge_on,
                keep_in_touch_days=keep,
                last_contact_on=max(contacts) if contacts else None,
            )
        )
    return states


def read_waiting(path: Path, timing: OutreachTiming | None, now: datetime) -> TodoList | None:
    """`waiting` through a read-only connection of its own, before the store opens; None
    if the file cannot be read this way (missing, or tables this version does not read)."""
    with read_only(path) as connection:
        if connection is not None:
            return waiting(connection, timing, now=now)
    return None


def _local_day(value: datetime | str) -> date:
    return timekeeping.aware(value).astimezone().date()


# The people `outreach_states` reads: those asked (a request is out) or kept in touch with,
# each found through its own index (an OR of the two would make SQLite read every person).
_ASKED = """c.id IN (
    SELECT id FROM contact WHERE outreach_status = 'request_sent'
    UNION SELECT id FROM contact WHERE keep_in_touch_days IS NOT NULL
)"""
_ASKED_PEOPLE = f"""
SELECT c.id, c.name, c.organization_id, o.name, c.outreach_status, c.keep_in_touch_days,
       (SELECT max(i.ended_at) FROM interview AS i WHERE i.contact_id = c.id)
FROM contact AS c
LEFT JOIN organization AS o ON o.id = c.organization_id
WHERE {_ASKED}
ORDER BY c.id
"""
_ASKED_TIMELINES = f"""
SELECT t.contact_id, t.kind, t.at
FROM contact AS c
JOIN timeline_entry AS t ON t.contact_id = c.id
WHERE {_ASKED}
ORDER BY t.contact_id, t.at, t.id
"""
