"""The interview list in the order Home shows it, and the names Home's filter looks in.

Beside the list it orders (store/listing.py), and as light: no SQLAlchemy, no SQLModel, no
Textual. `sort_for_home` says in Python what `listing.list_ids` does in SQL along its
indexes (tests/test_list_pages.py holds the two to the same order); `is_upcoming` decides
which dates Home shows in bold.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infoint_tui.store.listing import InterviewRow


def is_upcoming(row: InterviewRow, now: datetime) -> bool:
    """Planned from `now` on and not held yet (such a row's date is bold)."""
    return (
        row.started_at is None
        and row.ended_at is None
        and row.scheduled_at is not None
        and row.scheduled_at >= now
    )


def sort_for_home(rows: list[InterviewRow], now: datetime) -> list[InterviewRow]:
    """Upcoming interviews (soonest first), those not scheduled (newest first), then the
    rest by their date, most recent first: a held interview by when it was held."""
    upcoming = [row for row in rows if is_upcoming(row, now)]
    undated = [row for row in rows if row.when is None]
    taken = {row.id for row in upcoming} | {row.id for row in undated}
    rest = [row for row in rows if row.id not in taken]
    upcoming.sort(key=lambda row: (row.scheduled_at or now, row.id))
    undated.sort(key=lambda row: row.id, reverse=True)
    far_past = datetime.min.replace(tzinfo=UTC)
    rest.sort(key=lambda row: (row.when or far_past, row.id), reverse=True)
    return upcoming + undated + rest


def name_key(row: InterviewRow) -> str:
    """What the name filter looks in: the row's names, case-folded (any script)."""
    names = (row.contact_name, row.organization_name or "", row.occupation_name or "")
    return " ".join(" ".join(names).split()).casefold()
