"""The one place the app asks for the current time, so tests and snapshots can fix it.

It is also the home of the time helpers every layer shares (the store included: nothing
here imports Textual): reading a typed day, making a stored time aware, and turning
stored times into local ones for display, safely: a time in year 1 or
9999 (an imported file may hold one) can fall outside the calendar when moved to the
local zone or shifted by a day, which Python answers with OverflowError.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from typing import overload

#: What Python raises when a local-time conversion falls outside years 1 to 9999 (the
#: C library's localtime can also refuse such a timestamp with OSError or ValueError).
_OUT_OF_RANGE = (OverflowError, OSError, ValueError)


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


@overload
def aware(moment: datetime | str) -> datetime: ...
@overload
def aware(moment: datetime | str | None) -> datetime | None: ...
def aware(moment: datetime | str | None) -> datetime | None:
    """A stored time as aware: a naive one is UTC (that is how the store writes them).

    Also takes the stored text itself (ISO 8601, as SQLite hands back a raw column) and
    passes None through.
    """
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date | None:
    """A typed `YYYY-MM-DD` day; None for a blank field.

    Raises:
        ValueError: for anything else (the text, as typed, is its message).
    """
    text = text.strip()
    if not text:
        return None
    if not _ISO_DAY.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def local(moment: datetime) -> datetime:
    """`moment` (naive means UTC) in this computer's time zone, for display.

    At the edges of the calendar, where the local time would fall before year 1 or after
    9999, the moment stays in its own zone (UTC for stored times) instead of failing.
    """
    moment = aware(moment)
    try:
        return moment.astimezone()
    except _OUT_OF_RANGE:
        return moment


def local_text(moment: datetime, format_: str) -> str:
    """`moment` in local time (see `local`) formatted by strftime's `format_`.

    `%Y` is always four digits (`0001`), which the C library does not promise.
    """
    shown = local(moment)
    return shown.strftime(format_.replace("%Y", f"{shown.year:04d}"))


def shift(moment: datetime, delta: timedelta) -> datetime:
    """`moment + delta`, held at the first or last moment of the calendar instead of failing."""
    try:
        return moment + delta
    except OverflowError:
        edge = datetime.max if delta > timedelta(0) else datetime.min
        return edge.replace(tzinfo=moment.tzinfo)


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
    except _OUT_OF_RANGE:
        pass
    wall = naive.replace(tzinfo=UTC, fold=0)
    seconds = (wall - _EPOCH) // timedelta(seconds=1)
    offset = _local_offset(seconds)
    # The offset in force at the UTC moment, which differs near a transition.
    offset = _local_offset(seconds - offset)
    return wall - timedelta(seconds=offset)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _local_offset(seconds: int) -> int:
    """The local UTC offset, in seconds, at `seconds` after the epoch."""
    try:
        return time.localtime(seconds).tm_gmtoff
    except _OUT_OF_RANGE:
        return -time.timezone


#: The name the exports use for `local`.
as_local = local
