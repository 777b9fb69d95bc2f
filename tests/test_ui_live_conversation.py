"""Live costs no attention: looking changes nothing, start and end by intent, no key slips.

The real app under Pilot on a real SQLite file, with the project's clock hook
(`timekeeping.utcnow`) moved by hand, so times are exact and no test waits on the wall clock.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import screen_text, settle, until
from textual.widgets import Static

from infoint_tui import timekeeping
from infoint_tui.dialogs.choice import ChoiceDialog
from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.screens.interview.stage_bar import StageBar
from infoint_tui.widgets.checklist import Checklist
from infoint_tui.widgets.clock import Clock
from infoint_tui.widgets.fields import SavingTextArea

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


class Hands:
    """The clock hook, set by the test: `hands.now += timedelta(...)` moves time on."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def hands(monkeypatch: pytest.MonkeyPatch):
    """UTC as the local zone and a clock the test moves."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    clock = Hands()
    monkeypatch.setattr(timekeeping, "utcnow", clock)
    yield clock
    monkeypatch.undo()
    time.tzset()


async def _open(pilot, interview_id: int, stage: str = "live") -> InterviewScreen:
    await settle(pilot)
    screen = InterviewScreen(interview_id, stage=stage)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def _record(store, interview_id: int) -> tuple:
    interview = store.interview(interview_id).interview
    return interview.stage, interview.started_at, interview.ended_at


async def test_looking_at_every_stage_of_a_planned_interview_changes_nothing(
    hands, make_app, store
) -> None:
    planned = store.create_interview(
        "Ada", bank_key="essentials", scheduled_at=NOW + timedelta(days=7)
    )
    before = _record(store, planned.id)
    assert before == ("research", None, None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, planned.id, stage="research")
        for key in ("f2", "f3", "f4", "f5", "f3", "alt+right", "f1", "f3"):
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, ChoiceDialog), key
        assert screen.current_stage == "live"
        assert "not started" in _text(screen, "#clock")
        assert screen.query_one(StageBar).reached == "research"
        await pilot.press("f10")
        await settle(pilot)
        assert not isinstance(app.screen, InterviewScreen)
    assert _record(store, planned.id) == before


async def test_the_start_key_starts_the_conversation(hands, make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        assert "ctrl+r" in _text(screen, "#clock")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _record(store, interview.id) == ("live", NOW, None)
        assert screen.query_one(StageBar).reached == "live"
        hands.now = NOW + timedelta(minutes=2, seconds=5)
        await pilot.pause()
        screen.query_one(Clock).refresh()
        await pilot.pause()
        assert "2:05 elapsed" in _text(screen, "#clock")


async def test_the_first_tick_starts_it_and_undo_puts_everything_back(
    hands, make_app, store
) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    questions = store.interview(interview.id).questions
    store.add_question(interview.id, "Anything else?")  # in Research: now Questions
    assert _record(store, interview.id) == ("questions", None, None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        await pilot.press("space")  # ticks the first question: the conversation starts
        await settle(pilot)
        assert _record(store, interview.id) == ("live", NOW, None)
        assert store.interview(interview.id).questions[0].asked_at_seconds == 0
        await pilot.press("u")
        await settle(pilot)
        assert _record(store, interview.id) == ("questions", None, None)
        first = store.interview(interview.id).questions[0]
        assert (first.id, first.asked, first.asked_at_seconds) == (questions[0].id, False, None)
        assert "not started" in _text(screen, "#clock")


async def test_undo_brings_back_the_asked_time_a_stray_untick_lost(hands, make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    store.record_conversation(interview.id, started_at=NOW, ended_at=None, stage="live")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, interview.id)
        hands.now = NOW + timedelta(minutes=3, seconds=7)
        await pilot.press("space")  # asked at 3:07
        hands.now = NOW + timedelta(minutes=9)
        await pilot.press("space")  # unticked: the time is gone
        await settle(pilot)
        first = store.interview(interview.id).questions[0]
        assert (first.asked, first.asked_at_seconds) == (False, None)
        await pilot.press("u")  # undo the untick
        await settle(pilot)
        first = store.interview(interview.id).questions[0]
        assert (first.asked, first.asked_at_seconds) == (True, 187)
        await pilot.press("down", "s", "asterisk")  # skip the second, star it
        await settle(pilot)
        second = store.interview(interview.id).questions[1]
        assert (second.skipped, second.starred) == (True, True)
        await pilot.press("u", "u")
        await settle(pilot)
        second = store.interview(interview.id).questions[1]
        assert (second.skipped, second.starred) == (False, False)


async def test_a_deleted_note_comes_back_with_undo(hands, make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    store.record_conversation(interview.id, started_at=NOW, ended_at=None, stage="live")
    store.add_note(interview.id, "met at the guild", offset_seconds=95, starred=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        await pilot.press("end", "delete")
        await settle(pilot)
        assert store.interview(interview.id).notes == []
        await pilot.press("u")
        await settle(pilot)
        [note] = store.interview(interview.id).notes
        assert (note.text, note.offset_seconds, note.starred) == ("met at the guild", 95, True)
        checklist = screen.query_one(Checklist)
        highlighted = checklist.get_option_at_index(checklist.highlighted)
        assert "met at the guild" in str(highlighted.prompt)
        # Known by its new row's id, so a star or an edit reaches the row. (A SQLModel copy
        # of the deleted row could not take the new id: it shared the gone row's state.)
        assert highlighted.id == f"n{note.id}"


async def test_a_tab_typed_mid_answer_stays_in_the_answer(hands, make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        await pilot.press("space", "down", "space", "up")  # two asked, back on the first
        await pilot.press("enter", *"long hours", "tab", *" so skip it", "shift+tab", *"s u")
        await settle(pilot)
        editor = screen.query_one("#answer", SavingTextArea)
        assert app.focused is editor
        footer = screen_text(app).splitlines()[-1]
        assert "tab stays" in " ".join(footer.split())
    first, second, third, *_ = store.interview(interview.id).questions
    assert first.answer == "long hours so skip its u"
    assert (first.asked, second.asked) == (True, True)
    assert not any(q.skipped for q in (first, second, third))


async def test_the_answer_pane_shows_the_highlighted_question_read_only(
    hands, make_app, store
) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    first, second, third, *_ = store.interview(interview.id).questions
    store.save_answer(first.id, "First answer")
    store.save_answer(second.id, "Second answer")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        view = screen.query_one("#answer-view", Static)
        assert "First answer" in str(view.render())
        assert screen.query_one("#answer").display is False
        await pilot.press("down")
        assert "Second answer" in str(view.render())
        assert second.text in _text(screen, "#answer-title")
        await pilot.press("enter", *" more", "escape")  # escape: the next open question
        await settle(pilot)
        assert "Second answer more" not in str(view.render())
        checklist = screen.query_one(Checklist)
        assert checklist.get_option_at_index(checklist.highlighted).id == f"q{third.id}"
        assert third.text in _text(screen, "#answer-title")
        assert "Not answered yet" in str(view.render())
        await pilot.press("up")
        assert "Second answer more" in str(view.render())
        await pilot.press("x", "y")  # letters on the list type nothing anywhere
        await settle(pilot)
    assert store.interview(interview.id).questions[1].answer == "Second answer more"


async def test_the_end_key_freezes_the_clock_and_says_how_long_it_was_held(
    hands, make_app, store
) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        await pilot.press("enter", *"typing")  # starts at 10:00
        hands.now = NOW + timedelta(minutes=24, seconds=10)
        await pilot.press("f8")  # works while typing
        await settle(pilot)
        assert _record(store, interview.id) == ("reflect", NOW, hands.now)
        assert "held 24 min, 10:00-10:24" in _text(screen, "#clock")
        hands.now = NOW + timedelta(days=7)
        screen.query_one(Clock).refresh()
        await pilot.pause()
        clock = _text(screen, "#clock")
        assert "held 24 min, 10:00-10:24" in clock and "over" not in clock
        assert screen.query_one("#wrap-up").has_class("hidden")
        assert not screen.query_one(Clock).has_class("-over")


async def test_a_finished_interview_opens_with_its_frozen_clock(hands, make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    start = NOW - timedelta(days=7)
    store.record_conversation(
        interview.id, started_at=start, ended_at=start + timedelta(minutes=31), stage="reflect"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        assert "held 31 min, 10:00-10:31" in _text(screen, "#clock")
        await pilot.press("ctrl+r")  # resume or start again: asks first
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert _record(store, interview.id)[1:] == (start, start + timedelta(minutes=31))
        await pilot.press("ctrl+r", "r")  # resume: the clock goes on from the start
        await settle(pilot)
        assert _record(store, interview.id) == ("reflect", start, None)


async def test_a_conversation_left_running_ends_when_it_likely_did(hands, make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    start = NOW - timedelta(days=3)
    store.record_conversation(interview.id, started_at=start, ended_at=None, stage="live")
    first = store.interview(interview.id).questions[0]
    store.set_marks(first.id, asked=True, asked_at_seconds=40 * 60, skipped=False, starred=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        clock = _text(screen, "#clock")
        assert "never ended" in clock and "over" not in clock
        await pilot.press("f8")
        await settle(pilot)
    # The last tick (40 min) is later than the planned 25 minutes.
    assert _record(store, interview.id) == ("reflect", start, start + timedelta(minutes=40))


async def test_restarting_a_running_conversation_asks_first(hands, make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    store.record_conversation(interview.id, started_at=NOW, ended_at=None, stage="live")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, interview.id)
        hands.now = NOW + timedelta(minutes=5)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert _record(store, interview.id)[1] == NOW
        await pilot.press("ctrl+r", "r")
        await settle(pilot)
        assert _record(store, interview.id)[1] == hands.now


async def test_leaving_a_running_clock_with_nothing_asked_asks_whether_it_happened(
    hands, make_app, store
) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        await pilot.press("ctrl+r", "f1")  # looking back at Research mid-call: no question
        await settle(pilot)
        assert screen.current_stage == "research"
        await pilot.press("f3", "f4")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")  # stay in Live
        await pilot.pause()
        assert screen.current_stage == "live"
        await pilot.press("f4", "n")  # it did not happen: the clock is cleared
        await settle(pilot)
        assert screen.current_stage == "reflect"
    assert _record(store, interview.id) == ("questions", None, None)


async def test_the_wrap_up_cue_agrees_with_the_clock_and_lists_every_must_ask(
    hands, make_app, store
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    questions = store.interview(interview.id).questions
    must = [q for q in questions if q.must_ask]
    assert len(must) >= 2
    store.record_conversation(interview.id, started_at=NOW, ended_at=None, stage="live")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        assert screen.query_one("#wrap-up").has_class("hidden")
        hands.now = NOW + timedelta(minutes=20, seconds=24)  # 4:36 left of 25
        cue = screen.query_one("#wrap-up")
        await until(pilot, lambda: not cue.has_class("hidden"))  # the cue's once-a-second tick
        screen.query_one(Clock).refresh()
        await pilot.pause()
        assert "4:36 left" in _text(screen, "#wrap-up")
        assert "4:36 left" in _text(screen, "#clock")
        # Every must-ask question is on screen, none cut off at 80 columns.
        assert cue.region.height >= 2
        shown = " ".join(str(cue.render()).split())
        for question in must:
            assert question.text[:30] in shown


@pytest.mark.parametrize(("size", "checklist_rows"), [((60, 20), 2), ((80, 24), 11)])
async def test_small_terminals_keep_the_answer_and_give_the_list_its_rows(
    hands, make_app, store, size, checklist_rows
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    assert len(store.interview(interview.id).questions) >= 11
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await _open(pilot, interview.id)
        height = size[1]
        # Not typing: the checklist has the rows.
        assert screen.query_one(Checklist).region.height >= checklist_rows
        await pilot.press("enter")
        await pilot.pause()
        answer = screen.query_one("#answer").region
        title = screen.query_one("#answer-title").region
        assert answer.height >= 3 and answer.bottom <= height
        assert title.height >= 1 and title.bottom <= answer.y
        assert screen.query_one("#clock").region.height == 1


async def test_a_past_planned_interview_can_be_recorded_as_held_when_planned(
    hands, make_app, store
) -> None:
    planned_at = NOW - timedelta(days=2)
    interview = store.create_interview("Ada", bank_key="tiara", scheduled_at=planned_at)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, interview.id)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("p")  # it took place as planned
        await settle(pilot)
        assert "held 25 min, 10:00-10:25" in _text(screen, "#clock")
    assert _record(store, interview.id) == (
        "reflect",
        planned_at,
        planned_at + timedelta(minutes=25),
    )
