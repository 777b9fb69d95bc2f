"""Interviews, thank-you deadlines and next contacts as one iCalendar (.ics) document.

Calendar apps import the file and, because every event's UID is derived from the interview's
UUID, importing a newer export updates the events instead of adding them twice. The
`icalendar` library (escaping, line folding, CRLF) is imported only when a calendar is made,
so it costs nothing at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import col

from infoint_tui.store.dates import interview_date, is_held
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Medium,
    Occupation,
    Organization,
    utcnow,
)
from infoint_tui.store.sessions import reading
from infoint_tui.store.todo import THANK_YOU_HOURS
from infoint_tui.text import one_line
from infoint_tui.timekeeping import aware

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//infoint-tui//EN"
CALENDAR_NAME = "Informational interviews"
UID_DOMAIN = "infoint-tui"
#: How long the thank-you reminder lasts; it ends at the deadline, so it starts before it.
THANK_YOU_MINUTES = 15

# Removed from every text: C0 controls but tab and newline, DEL, C1 controls (an escape
# sequence needs ESC or CSI, both gone), and the bidi overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029\x85]")

_MEDIUM_LOCATION = {
    Medium.IN_PERSON: "In person",
    Medium.PHONE: "Phone call",
    Medium.VIDEO: "Video call",
}

#: Ids per `IN (...)` query, far below SQLite's limit on bound variables.
_CHUNK = 500


@dataclass(frozen=True)
class _Row:
    """What the calendar needs of one interview, read in one joined query."""

    uuid: str
    contact: str
    occupation: str | None
    organization: str | None
    medium: Medium
    scheduled_at: datetime | None
    planned_minutes: int
    goals: str
    started_at: datetime | None
    ended_at: datetime | None
    updated_at: datetime
    thank_you_sent_at: datetime | None
    next_contact_on: date | None
    follow_up_updated_at: datetime | None
    created_at: datetime
    id: int


def clean_text(text: str) -> str:
    """`text` without control or bidi-override characters; line breaks become plain newlines.

    The library escapes what iCalendar itself gives meaning to (commas, semicolons,
    backslashes, newlines); this removes what a calendar app or a terminal must never see.
    """
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def clean_line(text: str) -> str:
    """`clean_text` collapsed to one line, for summaries and locations."""
    return " ".join(clean_text(text).split())


def calendar_text(
    engine: Engine, now: datetime | None = None, uuids: Sequence[str] | None = None
) -> str:
    """The interviews (all, or those named by `uuids`) as an iCalendar document.

    One timed event per interview with a date (`store.dates`: a held one from when it
    started to when it ended, a planned one at its scheduled time), one per thank-you note
    still to send (ending at the deadline, 24 hours after the interview ended) and one
    all-day event per next-contact date. `now` is the DTSTAMP of every event. The text has
    CRLF line endings and no control characters but those.

    Raises:
        NotFoundError: some of `uuids` name no interview.
    """
    from icalendar import Calendar

    stamp = _utc(now or utcnow())
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for row in _load_rows(engine, uuids):
        for event in _events(row, stamp):
            calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def _interview_time(row: _Row) -> tuple[datetime, timedelta] | None:
    """When the interview event starts and how long it lasts; None for one without a date.

    A held interview is an event at the time it was held: from its start to its end (at
    least a minute), or for its planned length while it has not ended. A planned one is at
    its scheduled time for its planned length.
    """
    when = interview_date(row.started_at, row.scheduled_at)
    if when is None:
        return None
    start, planned = _utc(when), timedelta(minutes=max(row.planned_minutes, 1))
    if not is_held(row.started_at) or row.ended_at is None:
        return start, planned
    return start, max(_utc(row.ended_at) - start, timedelta(minutes=1))


def _events(row: _Row, stamp: datetime) -> Iterator[Event]:
    contact = clean_line(row.contact) or "(no name)"
    timing = _interview_time(row)
    if timing is not None:
        start, length = timing
        occupation = clean_line(row.occupation or "")
        summary = f"Informational interview: {contact}"
        yield _event(
            uid=f"{row.uuid}@{UID_DOMAIN}",
            summary=f"{summary} ({occupation})" if occupation else summary,
            start=start,
            length=length,
            stamp=stamp,
            modified=row.updated_at,
            location=_location(row),
            description=_interview_description(row),
        )
    reminder = timedelta(minutes=THANK_YOU_MINUTES)
    if row.ended_at is not None and row.thank_you_sent_at is None:
        ended = _utc(row.ended_at)
        # A deadline past the end of the calendar (year 9999) gets no reminder.
        remind_at = _later(ended, timedelta(hours=THANK_YOU_HOURS) - reminder)
        if remind_at is not None:
            yield _event(
                uid=f"{row.uuid}-thank-you@{UID_DOMAIN}",
                summary=f"Send thank-you note to {contact}",
                start=remind_at,
                length=reminder,
                stamp=stamp,
                modified=row.follow_up_updated_at or row.updated_at,
                description=(
                    f"The interview ended {_minutes_utc(ended)} UTC; a thank-you note is best "
                    f"sent within {THANK_YOU_HOURS} hours, by the end of this event."
                ),
                transparent=True,
            )
    if row.next_contact_on is not None:
        yield _event(
            uid=f"{row.uuid}-next-contact@{UID_DOMAIN}",
            summary=f"Get back in touch with {contact}",
            start=row.next_contact_on,
            length=timedelta(days=1),
            stamp=stamp,
            modified=row.follow_up_updated_at or row.updated_at,
            description=_about(row),
            transparent=True,
        )


def _later(moment: date, delta: timedelta) -> date | None:
    """`moment + delta`, or None past the end of the calendar (9999-12-31)."""
    try:
        return moment + delta
    except OverflowError:
        return None


def _minutes_utc(moment: datetime) -> str:
    """Like "0001-01-01 09:00" (strftime would write year 1 as "1")."""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")


def _event(
    *,
    uid: str,
    summary: str,
    start: date,
    length: timedelta,
    stamp: datetime,
    modified: datetime,
    description: str,
    location: str = "",
    transparent: bool = False,
) -> Event:
    """One event; it ends at DTEND, or lasts DURATION when its end is past year 9999."""
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", _utc(modified))
    event.add("summary", summary)
    event.add("dtstart", start)
    end = _later(start, length)
    if end is not None:
        event.add("dtend", end)
    else:
        event.add("duration", length)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    # Reminders show as free time; only the interview itself makes the user busy.
    event.add("transp", "TRANSPARENT" if transparent else "OPAQUE")
    return event


def _location(row: _Row) -> str:
    organization = clean_line(row.organization or "")
    if row.medium == Medium.IN_PERSON and organization:
        return organization
    return _MEDIUM_LOCATION.get(row.medium, "")


def _about(row: _Row) -> str:
    parts = [
        ("Occupation", clean_line(row.occupation or "")),
        ("Organization", clean_line(row.organization or "")),
    ]
    return "\n".join(f"{label}: {value}" for label, value in parts if value)


def _interview_description(row: _Row) -> str:
    lines = [_about(row), f"Medium: {_MEDIUM_LOCATION.get(row.medium, '')}"]
    lines.append(f"Planned: {row.planned_minutes} minutes")
    goals = clean_text(row.goals).strip()
    if goals:
        lines.append(f"Goals:\n{goals}")
    return "\n".join(line for line in lines if line)


def _load_rows(engine: Engine, uuids: Sequence[str] | None) -> list[_Row]:
    """Every interview with its names and follow-up, in one query (or one per 500 UUIDs)."""
    # SQLModel's select() is typed for at most four columns; SQLAlchemy's takes any number.
    query = (
        sa.select(
            col(Interview.uuid),
            col(Contact.name),
            col(Occupation.name),
            col(Organization.name),
            col(Interview.medium),
            col(Interview.scheduled_at),
            col(Interview.planned_minutes),
            col(Interview.goals),
            col(Interview.started_at),
            col(Interview.ended_at),
            col(Interview.updated_at),
            col(FollowUp.thank_you_sent_at),
            col(FollowUp.next_contact_on),
            col(FollowUp.updated_at),
            col(Interview.created_at),
            col(Interview.id),
        )
        .join(Contact, col(Contact.id) == col(Interview.contact_id))
        .outerjoin(Occupation, col(Occupation.id) == col(Interview.occupation_id))
        .outerjoin(Organization, col(Organization.id) == col(Interview.organization_id))
        .outerjoin(FollowUp, col(FollowUp.interview_id) == col(Interview.id))
        .order_by(col(Interview.created_at), col(Interview.id))
    )
    wanted = None if uuids is None else list(dict.fromkeys(uuids))
    rows: list[Any] = []
    with reading(engine) as session:
        if wanted is None:
            rows = list(session.execute(query).all())
        else:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                rows.extend(session.execute(query.where(col(Interview.uuid).in_(chunk))).all())
    if wanted is not None:
        found = {row[0] for row in rows}
        missing = [value for value in wanted if value not in found]
        if missing:
            raise NotFoundError(f"no interview with uuid {', '.join(map(one_line, missing))}")
    result = [_Row(*row) for row in rows]
    if wanted is not None and len(wanted) > _CHUNK:
        result.sort(key=lambda item: (_utc(item.created_at), item.id))
    return result


def _utc(moment: datetime) -> datetime:
    """An aware UTC datetime (SQLite hands stored values back naive, meaning UTC)."""
    return aware(moment).astimezone(UTC)
