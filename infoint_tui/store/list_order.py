"""The interview list in the order Home shows it, and the names Home's filter looks in.

Beside the list it orders (store/listing.py), and as light: no SQLAlchemy, no SQLModel, no
Textual. The app prepares the very first list with it before the data layer has loaded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from infoint_tui import timekeeping

if TYPE_CHECKING:
    from infoint_tui.store.listing import InterviewRow


def sort_for_home(rows: list[InterviewRow], now: datetime) -> list[InterviewRow]:
    """Upcoming interviews first (soonest first), then the rest, most recent first."""
    upcoming = [r for r in rows if r.scheduled_at and r.scheduled_at >= now and not r.ended_at]
    upcoming_ids = {r.id for r in upcoming}
    rest = [r for r in rows if r.id not in upcoming_ids]
    upcoming.sort(key=lambda r: r.scheduled_at or now)
    far_past = datetime.min.replace(tzinfo=UTC)
    rest.sort(key=lambda r: r.when or far_past, reverse=True)
    return upcoming + rest


def name_key(row: InterviewRow) -> str:
    """What the name filter looks in: the row's names, case-folded (any script)."""
    names = (row.contact_name, row.organization_name or "", row.occupation_name or "")
    return " ".join(" ".join(names).split()).casefold()


def prepare_rows(rows: list[InterviewRow], sort: str) -> tuple[list[InterviewRow], list[str]]:
    """The rows in Home's order and their name keys; in a worker, off the event loop.

    By date, upcoming interviews come first; other orders are the store's.
    """
    if sort == "date":
        rows = sort_for_home(rows, timekeeping.utcnow())
    return rows, [name_key(row) for row in rows]
