"""Interviews dated in year 1 and year 9999: every screen opens and shows their dates.

Moving such a time to the local zone can fall outside the calendar (OverflowError), so each
test runs in a zone far east and one far west of UTC, where one of the two edges overflows.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from conftest import open_stage, screen_text, settle, type_text

from infoint_tui.screens.home import InterviewList
from infoint_tui.screens.occupation import OccupationScreen
from infoint_tui.screens.read_back import ReadBackScreen
from infoint_tui.screens.search import DEBOUNCE_SECONDS, SearchScreen
from infoint_tui.store.models import Stage

LAST = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
FIRST = datetime(1, 1, 1, 0, 0, tzinfo=UTC)


@pytest.fixture(params=["EAST-14", "WEST12"], autouse=True)
def far_zone(request, monkeypatch) -> Iterator[str]:
    """This computer's zone at UTC+14 (year 9999 overflows) or UTC-12 (year 1 does)."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def edges(store) -> dict[str, int]:
    """Two held interviews about one occupation: at the very end and the very start of time."""
    ids = {}
    for name, moment, offset in (("Max Edge", LAST, -3600), ("Min Edge", FIRST, 60)):
        interview = store.create_interview(name, occupation="Archivist", scheduled_at=moment)
        start = moment.replace(minute=0, second=0) if offset < 0 else moment.replace(minute=1)
        end = start.replace(minute=30)
        store.update_interview(interview.id, started_at=start, ended_at=end, stage=Stage.DONE)
        question = store.add_question(interview.id, "What is a typical day?")
        store.mark_asked(question.id, at_seconds=90)
        store.save_answer(question.id, f"calendar edges, said {name}")
        store.save_reflection(interview.id, fit_confidence=4)
        ids[name] = interview.id
    store.save_follow_up(ids["Min Edge"], next_contact_on=date(1, 1, 1))
    store.save_follow_up(ids["Max Edge"], next_contact_on=date(9999, 12, 31))
    return ids


async def test_home_lists_both_and_the_todo_panel_names_them(make_app, edges) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#interviews", InterviewList)
        rows = {
            table.row_texts(index)[1]: table.row_texts(index)[0] for index in range(table.row_count)
        }
        assert rows == {"Max Edge": "31 Dec 9999", "Min Edge": "01 Jan 0001"}
        todo = str(app.screen.query_one("#todo").render())
        assert "Thank Min Edge: overdue by" in todo
        assert "Thank Max Edge:" in todo and "h left" in todo
        assert "Get back to Min Edge (since 01 Jan)" in todo


@pytest.mark.parametrize(
    ("name", "shown"), [("Max Edge", "9999-12-31 "), ("Min Edge", "0001-01-01 ")]
)
async def test_research_shows_the_date(make_app, edges, name: str, shown: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stage(pilot, edges[name], "research")
        assert shown in app.screen.query_one("#scheduled").value
        assert "not a date" not in screen_text(app).lower()


async def test_questions_reflect_and_live_open(make_app, edges) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for name in edges:
            for stage in ("questions", "live", "reflect"):
                await open_stage(pilot, edges[name], stage)
                text = screen_text(app)
                expected = "Fit 1-5" if stage == "reflect" else "What is a typical day?"
                assert expected in text, (name, stage, text)
                if stage == "live":
                    # Both were held, at the edges of the calendar: the clock is frozen.
                    assert re.search(r"◷ held \d+ min, ", text), text
                app.pop_screen()
                await settle(pilot)


@pytest.mark.parametrize(
    ("name", "window"), [("Max Edge", r"\d+ h left"), ("Min Edge", r"overdue by \d+ days")]
)
async def test_follow_up_shows_the_deadlines(make_app, edges, name: str, window: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stage(pilot, edges[name], "follow_up")
        text = screen_text(app)
        assert re.search(f"Send within 24 h of the interview: {window}", text), text
        day = "Fri 31 Dec 9999" if name == "Max Edge" else "Mon 1 Jan 0001"
        assert day in text, text


@pytest.mark.parametrize(
    ("name", "shown"), [("Max Edge", "Fri 31 Dec 9999, "), ("Min Edge", "Mon 01 Jan 0001, ")]
)
async def test_read_back_shows_when_and_held(make_app, edges, name: str, shown: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(ReadBackScreen(edges[name]))
        await settle(pilot)
        text = screen_text(app)
        assert re.search(rf"When +{shown}", text) and re.search(rf"Held +{shown}", text), text
        assert "(29 minutes)" in text or "(30 minutes)" in text


async def test_occupation_compares_both(make_app, store, edges) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(OccupationScreen(store.occupations()[0].id))
        await settle(pilot)
        text = screen_text(app)
        assert "31 Dec 9999" in text and "01 Jan 0001" in text, text


async def test_search_results_show_both_dates(make_app, edges) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "calendar edges")
        await pilot.pause(DEBOUNCE_SECONDS + 0.1)
        await settle(pilot)
        text = screen_text(app)
        assert "Max Edge · Archivist · 31 Dec 9999" in text, text
        assert "Min Edge · Archivist · 01 Jan 0001" in text, text


def test_the_helpers_fall_back_to_utc_and_hold_at_the_edges(far_zone: str) -> None:
    from datetime import timedelta

    from infoint_tui import timekeeping

    overflowing = LAST if far_zone == "EAST-14" else FIRST
    assert timekeeping.local(overflowing) == overflowing  # shown in UTC, not an error
    assert timekeeping.local(overflowing.replace(tzinfo=None)) == overflowing  # naive is UTC
    assert timekeeping.local_text(FIRST, "%Y-%m-%d") == "0001-01-01"
    assert timekeeping.shift(LAST, timedelta(hours=24)) == datetime.max.replace(tzinfo=UTC)
    assert timekeeping.shift(FIRST, -timedelta(days=1)) == datetime.min.replace(tzinfo=UTC)
    wall = overflowing.replace(tzinfo=None)
    # A wall time typed at the edge is read in the local zone and shown back as typed.
    assert timekeeping.local(timekeeping.local_to_utc(wall)).replace(tzinfo=None) == wall


def test_home_filter_by_days_at_the_edges_keeps_both(store, edges) -> None:
    from infoint_tui.store.listing import InterviewFilter

    where = InterviewFilter(since=date(1, 1, 1), until=date(9999, 12, 31), local_days=True)
    assert {row.contact_name for row in store.list_interviews(where)} == {"Max Edge", "Min Edge"}
