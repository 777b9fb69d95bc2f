"""The interview list: filtering and ordering in one query, in plain SQL over sqlite3.

The list is the first thing a user sees, so it needs nothing heavy: this module imports
neither SQLAlchemy nor SQLModel. `list_rows` runs on any sqlite3 connection; the store
calls it through its engine's connection (`list_interviews`), and Home calls it through
a read-only connection of its own (`read_list`) while the data layer is still loading.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from infoint_tui.store.connections import driver_connection
from infoint_tui.store.dates import date_sql
from infoint_tui.store.kinds import Stage
from infoint_tui.timekeeping import aware as _aware
from infoint_tui.timekeeping import local_to_utc

if TYPE_CHECKING:
    from sqlalchemy import Engine


class InterviewRow(NamedTuple):
    """One line of the interview list (a named tuple: ten thousand are made in a blink)."""

    id: int
    uuid: str
    when: datetime | None
    """The interview's date (see `store.dates`): held, else planned, else None."""
    scheduled_at: datetime | None
    started_at: datetime | None
    contact_name: str
    organization_name: str | None
    occupation_name: str | None
    stage: Stage
    fit_confidence: int | None
    thank_you_sent_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True)
class InterviewFilter:
    """What narrows and orders the interview list; every field is optional."""

    text: str = ""
    occupation_id: int | None = None
    organization_id: int | None = None
    stage: Stage | None = None
    since: date | None = None
    until: date | None = None
    min_fit: int | None = None
    sort: str = "date"  # "date", "fit" or "contact"
    local_days: bool = False
    """Whether `since` and `until` are days in this computer's time zone (else UTC days)."""

    @property
    def narrows(self) -> bool:
        """Whether any field leaves interviews out (the order and the kind of days do not)."""
        return replace(self, sort="date", local_days=False) != InterviewFilter()


_WHEN = date_sql("i")
_SELECT = f"""
SELECT i.id, i.uuid, {_WHEN}, i.scheduled_at, i.started_at, c.name, o.name, oc.name, i.stage,
       r.fit_confidence, f.thank_you_sent_at, i.ended_at
FROM interview AS i
JOIN contact AS c ON c.id = i.contact_id
LEFT JOIN organization AS o ON o.id = i.organization_id
LEFT JOIN occupation AS oc ON oc.id = i.occupation_id
LEFT JOIN reflection AS r ON r.interview_id = i.id
LEFT JOIN follow_up AS f ON f.interview_id = i.id
"""
_STAGES = {stage.value: stage for stage in Stage}
# By date, newest first; an interview not scheduled yet is ahead of every date.
_BY_DATE = f"{_WHEN} DESC NULLS FIRST, i.id DESC"
_ORDER = {
    "fit": f"r.fit_confidence DESC NULLS LAST, {_BY_DATE}",
    "contact": f"lower(c.name), {_BY_DATE}",
    "date": _BY_DATE,
}


def list_rows(
    connection: sqlite3.Connection, where: InterviewFilter | None = None
) -> list[InterviewRow]:
    """Interviews matching `where`, by date by default: those not scheduled, then newest first.

    A from/to day leaves out the interviews without a date.
    """
    where = where or InterviewFilter()
    conditions: list[str] = []
    params: list[Any] = []
    for word in where.text.split():
        pattern = "%" + _like_escape(word) + "%"
        conditions.append(
            "(c.name LIKE ? ESCAPE '\\' OR o.name LIKE ? ESCAPE '\\' OR oc.name LIKE ? ESCAPE '\\')"
        )
        params += [pattern] * 3
    for condition, value in (
        ("i.occupation_id = ?", where.occupation_id),
        ("i.organization_id = ?", where.organization_id),
        ("i.stage = ?", where.stage.value if where.stage is not None else None),
        ("r.fit_confidence >= ?", where.min_fit),
    ):
        if value is not None:
            conditions.append(condition)
            params.append(value)
    # The first and last days of the calendar bound nothing: a time near them may not
    # exist in local time, and is then shown (and so filtered) as UTC.
    if where.since is not None and where.since > date.min:
        conditions.append(f"{_WHEN} >= ?")
        params.append(_stored(_day_start(where.since, where.local_days)))
    if where.until is not None and where.until < date.max:
        conditions.append(f"{_WHEN} < ?")
        params.append(_stored(_day_start(where.until + timedelta(days=1), where.local_days)))
    sql = _SELECT
    if conditions:
        sql += "WHERE " + " AND ".join(conditions) + "\n"
    sql += "ORDER BY " + _ORDER.get(where.sort, _ORDER["date"])
    aware, stages, make = _aware, _STAGES, InterviewRow._make
    return [
        make((a, b, aware(c), aware(d), aware(s), e, f, g, stages[h], i, aware(j), aware(k)))
        for a, b, c, d, s, e, f, g, h, i, j, k in connection.execute(sql, params)
    ]


def list_interviews(engine: Engine, where: InterviewFilter | None = None) -> list[InterviewRow]:
    """`list_rows` through one of the store's connections."""
    with driver_connection(engine) as connection:
        return list_rows(connection, where)


def read_list(path: Path) -> list[InterviewRow] | None:
    """The whole list through a read-only connection of its own; None if it cannot be read.

    For a first screen before the store has opened: a database that does not exist yet,
    needs an upgrade or cannot be read gives None, and the store's own read follows.
    """
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        return list_rows(connection)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        connection.close()


def _stored(moment: datetime) -> str:
    """A UTC datetime as SQLAlchemy stores it in SQLite, so that the texts compare in order."""
    utc = moment.astimezone(UTC)
    return f"{utc.year:04d}-" + utc.strftime("%m-%d %H:%M:%S.%f")  # %Y may give "1", not "0001"


def _day_start(day: date, local: bool) -> datetime:
    """The first moment of `day` in UTC; `local`: the day as this computer's time zone has it."""
    if local:
        try:
            return local_to_utc(datetime.combine(day, time()))
        except OverflowError:  # the first or last day of the calendar, in a far zone
            return datetime.combine(day, time(), UTC)
    return datetime.combine(day, time(), UTC)


def _like_escape(word: str) -> str:
    """Escape LIKE's wildcards so a typed % or _ matches itself."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
