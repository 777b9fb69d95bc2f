"""Live under Pilot: the keys of the checklist and the answer field, on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import settle

from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.widgets.checklist import Checklist
from infoint_tui.widgets.clock import clock_text
from infoint_tui.widgets.fields import SavingTextArea

HOSTILE = "[b]x[/] [@click=app.quit]quit[/] [/] [b"


async def _open_live(pilot, interview_id: int) -> InterviewScreen:
    await settle(pilot)
    screen = InterviewScreen(interview_id, stage="live")
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


def _highlighted_id(screen) -> str:
    checklist = screen.query_one(Checklist)
    return checklist.get_option_at_index(checklist.highlighted).id


async def test_live_opens_on_first_unasked_and_enter_types_the_answer(make_app, store) -> None:
    interview = store.create_interview("Ada", occupation="UX researcher", bank_key="essentials")
    first, second, *_ = store.interview(interview.id).questions
    store.mark_asked(first.id, at_seconds=10)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_live(pilot, interview.id)
        assert _highlighted_id(screen) == f"q{second.id}"
        assert isinstance(app.focused, Checklist)
        await pilot.press("enter")
        editor = screen.query_one("#answer", SavingTextArea)
        assert app.focused is editor
        await pilot.press(*HOSTILE)
        await settle(pilot)
        title = str(screen.query_one("#answer-title").render())
        assert second.text in title
    stored = store.interview(interview.id).questions[1]
    assert stored.asked is True
    assert stored.asked_at_seconds is not None and stored.asked_at_seconds < 60
    assert stored.answer == HOSTILE


async def test_escape_moves_to_the_next_unasked_question(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    questions = store.interview(interview.id).questions
    store.mark_asked(questions[1].id, at_seconds=5)  # the second is already done
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_live(pilot, interview.id)
        assert _highlighted_id(screen) == f"q{questions[0].id}"
        await pilot.press("enter", "o", "k", "escape")
        assert isinstance(app.focused, Checklist)
        assert _highlighted_id(screen) == f"q{questions[2].id}"
        await settle(pilot)
    assert store.interview(interview.id).questions[0].answer == "ok"


async def test_space_skip_and_star_keys(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    _first, _second, *_ = store.interview(interview.id).questions
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_live(pilot, interview.id)
        await pilot.press("space")  # ticks the first without typing
        await pilot.press("down", "s")  # skips the second
        await pilot.press("up", "asterisk")  # stars the first
        await settle(pilot)
        after = store.interview(interview.id).questions
        assert (after[0].asked, after[0].starred) == (True, True)
        assert (after[1].skipped, after[1].asked) == (True, False)
        await pilot.press("space")  # unticks the first again
        await settle(pilot)
    again = store.interview(interview.id).questions[0]
    assert again.asked is False and again.asked_at_seconds is None


async def test_note_key_stamps_a_note_and_star_works_while_typing(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    store.start_clock(interview.id, at=datetime.now(UTC) - timedelta(minutes=3))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_live(pilot, interview.id)
        await pilot.press("ctrl+n")
        assert app.focused is screen.query_one("#answer", SavingTextArea)
        await pilot.press(*"mentor programme")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "Note at 3:" in str(screen.query_one("#answer-title").render())
    [note] = store.interview(interview.id).notes
    assert note.text == "mentor programme"
    assert note.starred is True
    assert 180 <= note.offset_seconds < 240


def test_clock_text() -> None:
    assert clock_text(0, 25) == "0:00 elapsed · 25:00 left of 25 min"
    assert clock_text(61, 25) == "1:01 elapsed · 23:59 left of 25 min"
    assert clock_text(26 * 60 + 5, 25) == "26:05 elapsed · 1:05 over of 25 min"


async def test_live_layout_at_80x24_shows_clock_question_answer_and_five_rows(
    make_app, store
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_live(pilot, interview.id)
        await pilot.press("enter")
        await pilot.pause()
        for selector in ("#clock", "#answer-title", "#answer", "#checklist"):
            region = screen.query_one(selector).region
            assert region.height >= 1 and region.bottom <= 24, selector
        assert screen.query_one("#checklist").region.height >= 5
        assert screen.query_one("#answer").region.height >= 3


async def test_stage_keys_work_while_typing_and_save_first(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_live(pilot, interview.id)
        await pilot.press("enter", *"typed then F4")
        await pilot.press("f4")
        assert screen.current_stage == "reflect"
        await pilot.press("alt+3")
        assert screen.current_stage == "live"
        await pilot.press("alt+left")
        assert screen.current_stage == "questions"
        await pilot.press("f10")
        await settle(pilot)
        assert not isinstance(app.screen, InterviewScreen)
    assert store.interview(interview.id).questions[0].answer == "typed then F4"


async def test_leaving_live_for_reflect_ends_the_conversation(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_live(pilot, interview.id)
        await pilot.press("enter", *"yes", "escape")  # the first tick starts the conversation
        await settle(pilot)
        assert store.interview(interview.id).interview.ended_at is None
        await pilot.press("f4")
        await settle(pilot)
        assert screen.current_stage == "reflect"
    ended = store.interview(interview.id).interview
    assert ended.ended_at is not None and ended.started_at is not None
    assert ended.ended_at >= ended.started_at
    assert ended.stage == "reflect"
