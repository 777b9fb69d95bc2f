"""An interview's date, the one rule: when it was held, else when it is planned, else none.

An interview is *held* once its conversation started (`started_at` is set). Its date is
`started_at` if held, else `scheduled_at`; an interview with neither has no date and the
user reads "not scheduled". `created_at` never dates an interview for the user.

Everything that shows, sorts or filters interviews by date uses these helpers: Python code
calls `interview_date`, plain SQL uses `date_sql` and SQLAlchemy queries `date_column`.
This module imports nothing heavy, so the plain-sqlite3 list (`store.listing`) can use it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.sql.elements import ColumnElement

__all__ = ["NOT_SCHEDULED", "date_column", "date_sql", "interview_date", "is_held"]

#: What the user reads where an interview without a date would show one.
NOT_SCHEDULED = "not scheduled"


def is_held(started_at: datetime | None) -> bool:
    """Whether the conversation took place (its clock was started)."""
    return started_at is not None


def interview_date(started_at: datetime | None, scheduled_at: datetime | None) -> datetime | None:
    """The interview's date: when it was held, else when it is planned, else None."""
    return started_at if is_held(started_at) else scheduled_at


def date_sql(alias: str) -> str:
    """`interview_date` in SQL, for the interview table named (or aliased) `alias`."""
    return f"coalesce({alias}.started_at, {alias}.scheduled_at)"


def date_column() -> ColumnElement[Any]:
    """`interview_date` as a SQLAlchemy expression over the `Interview` table."""
    from sqlalchemy import func
    from sqlmodel import col

    from infoint_tui.store.models import Interview

    return func.coalesce(col(Interview.started_at), col(Interview.scheduled_at))


def stored_text(moment: datetime) -> str:
    """A UTC datetime as SQLAlchemy stores it in SQLite, so that plain SQL compares the
    stored texts in order: `2026-11-26 14:30:00.000000`."""
    utc = moment.astimezone(UTC)
    return f"{utc.year:04d}-" + utc.strftime("%m-%d %H:%M:%S.%f")  # %Y may give "1", not "0001"
