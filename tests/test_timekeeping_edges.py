"""timekeeping's conversions at the ends of the calendar, in zones east and west of UTC."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from infoint_tui.timekeeping import as_local, local_to_utc

ZONES = ["UTC-14", "UTC+12", "EST+5EDT,M3.2.0,M11.1.0", "UTC"]


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", request.param)
        time.tzset()
        try:
            yield request.param
        finally:
            patch.undo()
            time.tzset()


def test_local_to_utc_agrees_with_python_where_python_can_answer(zone: str) -> None:
    # Ordinary days, both daylight-saving transitions in New York, and a leap day.
    for naive in [
        datetime(2026, 11, 26, 14, 30),
        datetime(2026, 3, 8, 3, 30),
        datetime(2026, 11, 1, 1, 30),
        datetime(2024, 2, 29, 23, 59, 59, 999999),
        datetime(1900, 1, 1),
        datetime(3000, 6, 1, 12),
    ]:
        assert local_to_utc(naive) == naive.astimezone(UTC), naive


def test_local_to_utc_at_the_ends_of_the_calendar(zone: str) -> None:
    offset = {"UTC-14": 14, "UTC+12": -12, "UTC": 0}.get(zone, -5)
    for naive in (datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999999)):
        try:
            result = local_to_utc(naive)
        except OverflowError:
            # Only when the moment really is outside years 1-9999 in UTC.
            assert (naive.year == 1 and offset > 0) or (naive.year == 9999 and offset < 0)
            continue
        assert result.utcoffset() == timedelta(0)
        assert result.replace(tzinfo=None) == naive - timedelta(hours=offset)


def test_as_local_falls_back_to_utc_only_when_local_time_leaves_the_calendar(zone: str) -> None:
    ordinary = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)
    assert as_local(ordinary) == ordinary.astimezone()
    assert as_local(ordinary.replace(tzinfo=None)) == ordinary  # naive means UTC
    for edge in (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)):
        shown = as_local(edge)
        assert shown == edge
        try:
            local = edge.astimezone()
        except (OverflowError, ValueError):
            assert shown.utcoffset() == timedelta(0)
        else:
            assert shown.utcoffset() == local.utcoffset()
