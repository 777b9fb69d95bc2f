"""The interview list: filtering and ordering in one query, in plain SQL over sqlite3.

The list is the first thing a user sees, so it needs nothing heavy: this module imports
neither SQLAlchemy nor SQLModel. `list_rows` runs on any sqlite3 connection; the store
calls it through its engine's connection (`list_interviews`). Home's list is read a page
at a time (`list_ids`, `first_rows`, `rows_by_id`): through the store, and through a
read-only connection of its own (`read_first`, `read_ids`, `read_rows`) while the data
layer is still loading.
"""

from __future__ import annotations

import re
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from infoint_tui.store.connections import driver_connection, read_only
from infoint_tui.store.dates import date_sql, stored_text
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
_COLUMNS = f"""i.id, i.uuid, {_WHEN}, i.scheduled_at, i.started_at, c.name, o.name, oc.name,
       i.stage, r.fit_confidence, f.thank_you_sent_at, i.ended_at"""
_SELECT = f"""
SELECT {_COLUMNS}
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
    conditions, params = _conditions(where)
    sql = _SELECT
    if conditions:
        sql += "WHERE " + " AND ".join(conditions) + "\n"
    sql += "ORDER BY " + _ORDER.get(where.sort, _ORDER["date"])
    return _rows(connection.execute(sql, params))


# -- Home's list, a page at a time ---------------------------------------------------------

#: An interview planned from `:now` on and not held yet (`store.list_order.is_upcoming`).
_UPCOMING = (
    "(i.started_at IS NULL AND i.ended_at IS NULL AND i.scheduled_at IS NOT NULL "
    "AND i.scheduled_at >= :now)"
)
#: The same order as one expression, for a query that must test every row anyway.
_HOME_BY_DATE = (
    f"CASE WHEN {_UPCOMING} THEN 0 WHEN {_WHEN} IS NULL THEN 1 ELSE 2 END, "
    f"CASE WHEN {_UPCOMING} THEN i.scheduled_at END, "
    f"CASE WHEN {_UPCOMING} THEN i.id END, "
    f"{_WHEN} DESC, i.id DESC"
)
#: The tables a condition or an order may name, joined only when one does.
_JOINS = {
    "c": "JOIN contact AS c ON c.id = i.contact_id",
    "o": "LEFT JOIN organization AS o ON o.id = i.organization_id",
    "oc": "LEFT JOIN occupation AS oc ON oc.id = i.occupation_id",
    "r": "LEFT JOIN reflection AS r ON r.interview_id = i.id",
}


def list_ids(
    connection: sqlite3.Connection,
    where: InterviewFilter | None = None,
    *,
    names: str = "",
    now: datetime | None = None,
    limit: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> array[int]:
    """The ids of the interviews `where` and `names` let through, in Home's order.

    Home keeps these (eight bytes an interview) and reads the rows a page at a time
    (`rows_by_id`); `limit` gives only the first ones, for the first screen. `names`:
    words that must each be in the contact's, organization's or occupation's name,
    ignoring case in any script.

    By date with `now`, Home's order (`store.list_order.sort_for_home`): upcoming
    interviews first, soonest first; then those without a date, newest first; then the
    rest by date, most recent first. Each part is a walk along an index (scheduled_at,
    ix_interview_when), so the first screen costs the same at any size and every id at
    100,000 interviews a few hundredths of a second. Without `now`, or by another sort,
    the store's order (`list_rows`).

    `cancelled`, if given, is asked every few thousand steps of SQLite's work: once it says
    yes, the query stops with `sqlite3.OperationalError` (a newer read has begun).
    """
    if cancelled is not None:
        connection.set_progress_handler(lambda: 1 if cancelled() else 0, _STEPS)
        try:
            return list_ids(connection, where, names=names, now=now, limit=limit)
        finally:
            connection.set_progress_handler(None, 0)
    where = where or InterviewFilter()
    conditions, params = _home_conditions(where, names)
    if names.split():
        connection = _with_names(connection, names)
    if where.sort != "date" or now is None:
        order = _ORDER.get(where.sort, _ORDER["date"])
        return _ids(connection, conditions, order, params, limit)
    params["now"] = stored_text(now)
    if names.split():
        # Every row is tested anyway: one pass, sorting only those that match.
        return _ids(connection, conditions, _HOME_BY_DATE, params, limit)
    upcoming = _ids(connection, [*conditions, _UPCOMING], "i.scheduled_at, i.id", params, limit)
    left = None if limit is None else limit - len(upcoming)
    undated = _ids(
        connection,
        [*conditions, "i.started_at IS NULL", "i.scheduled_at IS NULL"],
        "i.id DESC",
        params,
        left,
    )
    # The upcoming ones have a date too: read past them rather than test every row.
    if left is not None:
        left = left - len(undated) + len(upcoming)
    dated = _ids(
        connection, [*conditions, f"{_WHEN} IS NOT NULL"], f"{_WHEN} DESC, i.id DESC", params, left
    )
    ids = upcoming + undated
    if upcoming:
        ahead = set(upcoming)
        ids.extend(id_ for id_ in dated if id_ not in ahead)
    else:
        ids.extend(dated)
    return ids if limit is None else ids[:limit]


def first_rows(
    connection: sqlite3.Connection,
    where: InterviewFilter | None = None,
    *,
    names: str = "",
    now: datetime | None = None,
    limit: int,
) -> list[InterviewRow]:
    """The first `limit` rows of `list_ids`' order: the first screen, from a bounded read."""
    return rows_in_order(connection, list_ids(connection, where, names=names, now=now, limit=limit))


def rows_in_order(connection: sqlite3.Connection, ids: Sequence[int]) -> list[InterviewRow]:
    """The rows of the interviews `ids` that still exist, in the order of `ids`."""
    found = rows_by_id(connection, ids)
    return [found[id_] for id_ in ids if id_ in found]


def rows_by_id(connection: sqlite3.Connection, ids: Sequence[int]) -> dict[int, InterviewRow]:
    """The rows of the interviews `ids` (those that still exist), by id."""
    found: dict[int, InterviewRow] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        sql = f"{_SELECT}WHERE i.id IN ({marks})"
        found.update((row.id, row) for row in _rows(connection.execute(sql, chunk)))
    return found


#: SQLite's steps between two questions whether a read is cancelled (well under a millisecond).
_STEPS = 20_000
#: Ids per `IN (...)` query, far below SQLite's limit on bound variables.
_CHUNK = 500


def _ids(
    connection: sqlite3.Connection,
    conditions: list[str],
    order: str,
    params: dict[str, Any],
    limit: int | None,
) -> array[int]:
    """The ids of one ordered query, joining only the tables its conditions or order name."""
    if limit is not None and limit <= 0:
        return array("q")
    where = ("WHERE " + " AND ".join(conditions) + "\n") if conditions else ""
    named = set(re.findall(r"\b(c|o|oc|r)\.", where + order))
    # contact_id is NOT NULL: joining the contact never leaves an interview out.
    joins = "".join(join + "\n" for alias, join in _JOINS.items() if alias in named)
    sql = f"SELECT i.id FROM interview AS i\n{joins}{where}ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return array("q", (row[0] for row in connection.execute(sql, params)))


def _home_conditions(where: InterviewFilter, names: str) -> tuple[list[str], dict[str, Any]]:
    """`_conditions` with named parameters, and one condition per word of `names`."""
    conditions, positional = _conditions(where)
    params = {f"p{index}": value for index, value in enumerate(positional)}
    marks = iter(params)
    numbered = [
        "".join(f":{next(marks)}{part}" if index else part for index, part in enumerate(parts))
        for parts in (condition.split("?") for condition in conditions)
    ]
    if names.split():
        numbered.append("infoint_names(c.name, o.name, oc.name)")
    return numbered, params


def _with_names(connection: sqlite3.Connection, names: str) -> sqlite3.Connection:
    """The connection, with `infoint_names(contact, organization, occupation)`: whether each
    word of `names` is in one of them, ignoring case in any script as Python's casefold
    does (SQLite's LIKE ignores the case of ASCII letters only). One call a row."""
    words = names.casefold().split()

    def matches(contact: str, organization: str | None, occupation: str | None) -> bool:
        # A word has no white space, so it never matches across a line break.
        key = f"{contact}\n{organization or ''}\n{occupation or ''}".casefold()
        return all(word in key for word in words)

    connection.create_function("infoint_names", 3, matches, deterministic=True)
    return connection


def _conditions(where: InterviewFilter) -> tuple[list[str], list[Any]]:
    """`where` as SQL conditions (with `?` marks) and their parameters, in order."""
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
        params.append(stored_text(_day_start(where.since, where.local_days)))
    if where.until is not None and where.until < date.max:
        conditions.append(f"{_WHEN} < ?")
        params.append(stored_text(_day_start(where.until + timedelta(days=1), where.local_days)))
    return conditions, params


def _rows(cursor: Iterable[Any]) -> list[InterviewRow]:
    aware, stages, make = _aware, _STAGES, InterviewRow._make
    return [
        make((a, b, aware(c), aware(d), aware(s), e, f, g, stages[h], i, aware(j), aware(k)))
        for a, b, c, d, s, e, f, g, h, i, j, k in cursor
    ]


def list_interviews(engine: Engine, where: InterviewFilter | None = None) -> list[InterviewRow]:
    """`list_rows` through one of the store's connections."""
    with driver_connection(engine) as connection:
        return list_rows(connection, where)


def read_first(
    path: Path, now: datetime, limit: int
) -> tuple[array[int], list[InterviewRow]] | None:
    """Home's first screen, through a read-only connection of its own before the store opens:
    the first `limit` ids in Home's order by date and their rows.

    None if the file cannot be read this way: it does not exist yet, or its tables are not
    what this version reads, or it cannot be opened; the store's own read follows. (A file
    from before revision 0006 lacks the index the order walks: it is only read more slowly.)
    """
    with read_only(path) as connection:
        if connection is not None:
            ids = list_ids(connection, now=now, limit=limit)
            return ids, rows_in_order(connection, ids)
    return None


def read_rows(path: Path, ids: Sequence[int]) -> list[InterviewRow] | None:
    """The rows of `ids` (those that exist), as `read_first` reads (None if it cannot)."""
    with read_only(path) as connection:
        if connection is not None:
            return list(rows_by_id(connection, ids).values())
    return None


def read_ids(path: Path, now: datetime) -> array[int] | None:
    """Every id in Home's order by date, as `read_first` reads (None if it cannot)."""
    with read_only(path) as connection:
        if connection is not None:
            return list_ids(connection, now=now)
    return None


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
