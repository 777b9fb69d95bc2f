"""The shared time helpers: the one typed-day parser and the one "stored time as aware"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from infoint_tui.timekeeping import aware, parse_day


def test_aware_reads_stored_times_as_utc_and_keeps_a_zone_that_is_there() -> None:
    naive = datetime(2025, 5, 14, 15, 30)
    assert aware(naive) == naive.replace(tzinfo=UTC)
    assert aware("2025-05-14 15:30:00.000000") == naive.replace(tzinfo=UTC)  # a raw column
    east = datetime(2025, 5, 14, 15, 30, tzinfo=timezone(timedelta(hours=2)))
    assert aware(east) is east
    assert aware(None) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2025-05-14", date(2025, 5, 14)), ("  2025-05-14 ", date(2025, 5, 14)), ("", None)],
)
def test_parse_day_reads_an_iso_day_or_a_blank_field(typed: str, expected: date | None) -> None:
    assert parse_day(typed) == expected


@pytest.mark.parametrize("typed", ["2025-5-14", "20250514", "2025-02-30", "soon", "2025-05-14x"])
def test_parse_day_refuses_anything_else(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_day(typed)
