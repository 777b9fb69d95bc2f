"""The one place the app asks for the current time, so tests and snapshots can fix it."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def local_to_utc(naive: datetime) -> datetime:
    """`naive` read as the user's local wall-clock time, as an aware UTC datetime.

    Unlike `naive.astimezone(UTC)`, this also works in years 1 and 9999, where Python's
    own conversion overflows even when the answer exists: the platform is asked for the
    local offset at that moment (as `time.mktime` would), and the subtraction done here.

    Raises:
        OverflowError: the moment falls before year 1 or after year 9999 in UTC.
    """
    try:
        return naive.astimezone(UTC)
    except (OverflowError, OSError, ValueError):
        pass
    wall = naive.replace(tzinfo=UTC, fold=0)
    seconds = (wall - _EPOCH) // timedelta(seconds=1)
    offset = _local_offset(seconds)
    # The offset in force at the UTC moment, which differs near a transition.
    offset = _local_offset(seconds - offset)
    return wall - timedelta(seconds=offset)


def as_local(moment: datetime) -> datetime:
    """`moment` in the user's local time zone, or in UTC if local time leaves years 1-9999.

    A naive `moment` is taken to be UTC, as SQLite hands stored values back.
    """
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    try:
        return aware.astimezone()
    except (OverflowError, OSError, ValueError):
        return aware.astimezone(UTC)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _local_offset(seconds: int) -> int:
    """The local UTC offset, in seconds, at `seconds` after the epoch."""
    try:
        return time.localtime(seconds).tm_gmtoff
    except (OverflowError, OSError, ValueError):
        return -time.timezone
