"""Typing in Live stays off the screen's slow path: no layout, no full repaint, per key.

Issue #16: a key typed in Live took twice as long to show as in a bare TextArea, because
each save's "saving"/"saved" flip repainted the whole screen and laid it out again. These
tests count what the screen does while keys are typed (no timing: benchmarks/echo.py
measures the echo itself), and check that what the user sees and what is stored are still
the final state.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import settle, type_text, until

from infoint_tui import timekeeping
from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.widgets.fields import SavingTextArea
from infoint_tui.widgets.save_indicator import SaveIndicator

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


class _Counts:
    """Wraps the screen's layout and full repaint to count them."""

    def __init__(self, screen: InterviewScreen) -> None:
        self.layouts = 0
        self.full_repaints = 0
        layout, full = screen._refresh_layout, screen._compositor.render_full_update

        def counted_layout(*args, **kwargs):
            self.layouts += 1
            return layout(*args, **kwargs)

        def counted_full(*args, **kwargs):
            self.full_repaints += 1
            return full(*args, **kwargs)

        screen._refresh_layout = counted_layout  # type: ignore[method-assign]
        screen._compositor.render_full_update = counted_full  # type: ignore[method-assign]


async def _typing_in_live(pilot, interview_id: int) -> tuple[InterviewScreen, SavingTextArea]:
    await settle(pilot)
    screen = InterviewScreen(interview_id, stage="live")
    await pilot.app.push_screen(screen)
    await settle(pilot)
    await pilot.press("enter")  # tick the first question and type its answer
    await settle(pilot)
    editor = screen.query_one("#answer", SavingTextArea)
    assert editor.has_focus
    return screen, editor


def _indicator(screen: InterviewScreen) -> str:
    return str(screen.query_one(SaveIndicator).render())


async def test_keys_and_the_save_indicator_lay_out_and_repaint_nothing_else(
    make_app, store
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await _typing_in_live(pilot, interview.id)
        counts = _Counts(screen)
        app.saver.delay = 60  # the saves go when the test says (save_all_now)
        await type_text(pilot, "she starts")
        assert "… saving" in _indicator(screen)
        # A save goes through mid-sentence: the indicator turns to saved, then the next
        # key turns it back to saving, as while a user types on.
        app.saver.save_all_now()
        await until(pilot, lambda: "✓ saved" in _indicator(screen))
        await type_text(pilot, " at eight")
        assert "… saving" in _indicator(screen)
        app.saver.save_all_now()
        await settle(pilot)
        await pilot.pause()
        assert "✓ saved" in _indicator(screen)
        assert counts.layouts == 0
        assert counts.full_repaints == 0
    assert store.interview(interview.id).questions[0].answer == "she starts at eight"


async def test_a_failed_save_still_shows_in_the_indicator(make_app, store, monkeypatch) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await _typing_in_live(pilot, interview.id)

        def locked(*args, **kwargs):
            raise OSError("database is locked")

        monkeypatch.setattr(type(app.store), "save_text", locked)
        await type_text(pilot, "kept")
        await until(pilot, lambda: "not saved yet" in _indicator(screen))
        assert "database is locked" in _indicator(screen)
        assert screen.query_one(SaveIndicator).has_class("-failed")
        monkeypatch.undo()
        await until(pilot, lambda: "✓ saved" in _indicator(screen))
        assert not screen.query_one(SaveIndicator).has_class("-failed")
    assert store.interview(interview.id).questions[0].answer == "kept"


class _Hands:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def hands(monkeypatch: pytest.MonkeyPatch):
    """UTC as the local zone and a clock the test moves."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    clock = _Hands()
    monkeypatch.setattr(timekeeping, "utcnow", clock)
    yield clock
    monkeypatch.undo()
    time.tzset()


async def test_the_wrap_up_cue_counts_down_without_laying_out_the_screen(
    hands, make_app, store
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    store.record_conversation(interview.id, started_at=NOW, ended_at=None, stage="live")
    hands.now = NOW + timedelta(minutes=20, seconds=24)  # 4:36 left of 25
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await _typing_in_live(pilot, interview.id)
        cue = screen.query_one("#wrap-up")
        await until(pilot, lambda: "4:36 left" in str(cue.render()))
        height = cue.region.height
        counts = _Counts(screen)
        hands.now += timedelta(seconds=1)
        await until(pilot, lambda: "4:35 left" in str(cue.render()))
        await type_text(pilot, "ok")
        await pilot.pause()
        assert counts.layouts == 0
        assert cue.region.height == height
