"""Questions under Pilot: banks, your own questions, editing, order, and the time estimate."""

from __future__ import annotations

from conftest import open_stage, screen_text, settle
from textual.widgets import Input, OptionList

from infoint_tui.dialogs.bank_picker import BankPickerDialog
from infoint_tui.screens.interview.questions import estimate_line
from infoint_tui.store.categories import category_label

HOSTILE = "[b]x[/] [@click=app.quit]q[/] [b"


def rows(screen) -> list[str]:
    """The question list as shown, one string per question."""
    listing = screen.query_one("#question-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def stored(store, interview_id: int):
    return store.interview(interview_id).questions


async def test_b_adds_a_whole_bank_in_order_with_categories(make_app, store) -> None:
    interview = store.create_interview("Ada")
    tiara = store.bank_questions("tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        assert rows(screen) == []
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BankPickerDialog)
        await pilot.press("down", "enter")  # TIARA is the second bank: choose it
        assert "8 of 8 ticked" in screen_text(app)
        await pilot.press("enter")  # add every ticked question
        await settle(pilot)
        assert app.screen is screen
        shown = rows(screen)
        assert len(shown) == len(tiara)
        assert all(q.text in row for q, row in zip(tiara, shown, strict=True))
        assert category_label(tiara[0].category) in shown[0]
    questions = stored(store, interview.id)
    assert [q.text for q in questions] == [q.text for q in tiara]
    assert [q.category for q in questions] == [q.category for q in tiara]
    assert [q.must_ask for q in questions] == [q.must_ask for q in tiara]
    assert [q.bank_key for q in questions] == [f"tiara:{q.key}" for q in tiara]


async def test_picker_adds_a_single_question_and_escape_adds_nothing(make_app, store) -> None:
    interview = store.create_interview("Ada")
    essentials = store.bank_questions("essentials")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        await pilot.press("b", "escape")
        await settle(pilot)
        assert app.screen is screen and stored(store, interview.id) == []

        await pilot.press("b", "enter")  # the first bank, on to its questions
        await pilot.press("a")  # untick all
        assert "0 of 11 ticked" in screen_text(app)
        await pilot.press("down", "space", "enter")  # tick the second only, add it
        await settle(pilot)
        assert len(rows(screen)) == 1 and essentials[1].text in rows(screen)[0]
        (question,) = stored(store, interview.id)
        assert (question.text, question.bank_key) == (
            essentials[1].text,
            f"essentials:{essentials[1].key}",
        )

        await pilot.press("b", "enter")  # what is already in the list starts unticked
        assert "10 of 11 ticked" in screen_text(app)
        picker = app.screen.query_one("#picker-questions", OptionList)
        assert "already in your list" in str(picker.get_option_at_index(1).prompt)
        await pilot.press("escape")
        await settle(pilot)
    assert len(stored(store, interview.id)) == 1


async def test_a_adds_my_own_question_literally(make_app, store) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        await pilot.press("a")
        field = screen.query_one("#question-input", Input)
        assert app.focused is field
        await pilot.press(*HOSTILE, "enter")
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert app.focused is screen.query_one("#question-list")
        assert not field.display
        assert HOSTILE in rows(screen)[0]
        assert HOSTILE in screen_text(app)
    (question,) = stored(store, interview.id)
    assert question.text == HOSTILE and question.bank_key is None
    assert store.bank_questions("mine") == []


async def test_shift_a_also_keeps_the_question_in_my_questions(make_app, store) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        await pilot.press("A")
        assert "My questions" in screen_text(app)
        await pilot.press(*"Why here?", "enter")
        await settle(pilot)
        assert "Why here?" in rows(screen)[0]
    (question,) = stored(store, interview.id)
    (mine,) = store.bank_questions("mine")
    assert mine.text == question.text == "Why here?"
    assert question.bank_key == f"mine:{mine.key}"


async def test_escape_cancels_and_leaving_the_field_keeps_the_text(make_app, store) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        await pilot.press("a", "n", "o", "escape")
        await settle(pilot)
        assert stored(store, interview.id) == []
        await pilot.press("a", *"Kept", "f1")  # switching stage while typing
        await settle(pilot)
        assert screen.current_stage == "research"
    assert [q.text for q in stored(store, interview.id)] == ["Kept"]


async def test_e_edits_and_m_marks_must_ask(make_app, store) -> None:
    interview = store.create_interview("Ada")
    store.add_question(interview.id, "First")
    store.add_question(interview.id, "Second")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        await pilot.press("down", "e")
        field = screen.query_one("#question-input", Input)
        assert field.value == "Second"
        await pilot.press("ctrl+u", *"Better [b]", "enter")
        await settle(pilot)
        assert rows(screen)[1].endswith("Better [b]  · Other")
        await pilot.press("m")
        await settle(pilot)
        assert rows(screen)[1].startswith("! ")
        assert not rows(screen)[0].startswith("! ")
        assert [q.must_ask for q in stored(store, interview.id)] == [False, True]
        await pilot.press("m")
        await settle(pilot)
        assert not rows(screen)[1].startswith("! ")
    questions = stored(store, interview.id)
    assert [q.text for q in questions] == ["First", "Better [b]"]
    assert [q.must_ask for q in questions] == [False, False]


async def test_moves_and_delete(make_app, store) -> None:
    interview = store.create_interview("Ada")
    for text in ("One", "Two", "Three [/]"):
        store.add_question(interview.id, text)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        listing = screen.query_one("#question-list", OptionList)
        await pilot.press("shift+down")
        await settle(pilot)
        assert [q.text for q in stored(store, interview.id)] == ["Two", "One", "Three [/]"]
        assert listing.highlighted == 1  # the moved question stays highlighted
        await pilot.press("ctrl+down")
        await pilot.press("shift+up", "shift+up", "ctrl+up")  # the top is as far as it goes
        await settle(pilot)
        assert [q.text for q in stored(store, interview.id)] == ["One", "Two", "Three [/]"]
        assert "1. One" in rows(screen)[0]
        await pilot.press("end", "delete")
        await settle(pilot)
        await pilot.pause()
        assert "Deleted: Three [/]" in screen_text(app)
        assert len(rows(screen)) == 2
        assert listing.highlighted == 1
    assert [q.text for q in stored(store, interview.id)] == ["One", "Two"]


async def test_estimate_line_sums_the_minutes_and_warns_when_over(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="essentials", planned_minutes=25)
    total = sum(q.estimate_minutes for q in stored(store, interview.id))
    count = len(stored(store, interview.id))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        line = screen.query_one("#questions-estimate")
        expected = f"{count} questions · about {round(total)} min of 25 planned"
        assert str(line.render()) == expected
        assert expected in screen_text(app)
        assert not line.has_class("-over")
        store.update_interview(interview.id, planned_minutes=10)
        await pilot.press("f1", "f2")
        await pilot.pause()
        assert str(line.render()).startswith(f"{count} questions · about {round(total)} min of 10")
        assert f"{round(total - 10)} min over" in str(line.render())
        assert line.has_class("-over")


def test_estimate_line_wording() -> None:
    assert estimate_line(1, 2.0, 25) == "1 question · about 2 min of 25 planned"
    assert estimate_line(9, 19.4, 25) == "9 questions · about 19 min of 25 planned"
    assert estimate_line(3, 30, 25) == "3 questions · about 30 min of 25 planned · 5 min over"
    assert estimate_line(0, 0, 25).startswith("No questions yet")


async def test_unanswered_questions_for_an_occupation_explored_before(make_app, store) -> None:
    first = store.create_interview("Ada", occupation="Nurse", bank_key="essentials")
    answered = stored(store, first.id)[:3]
    for question in answered:
        store.save_answer(question.id, "Heard it")
    second = store.create_interview("Bo", occupation="nurse", bank_key="tiara")
    occupation_id = store.interview(second.id).occupation.id
    present = {q.bank_key for q in stored(store, second.id)}
    banks = {bank.id: bank.key for bank in store.banks()}
    expected = [
        q
        for q in store.unanswered_bank_questions(occupation_id)
        if f"{banks[q.bank_id]}:{q.key}" not in present
    ]
    assert 0 < len(expected) < len(store.unanswered_bank_questions(occupation_id))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, second.id, "questions")
        hint = screen.query_one("#unanswered-hint")
        assert hint.display
        assert f"Not yet answered for Nurse: {len(expected)} bank questions" in str(hint.render())
        before = len(rows(screen))
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, BankPickerDialog)
        assert f"{len(expected)} of {len(expected)} ticked" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert len(rows(screen)) == before + len(expected)
        assert not hint.display  # nothing left to offer
    added = stored(store, second.id)[before:]
    assert [q.text for q in added] == [q.text for q in expected]
    answered_keys = {q.bank_key for q in answered}
    assert not answered_keys & {q.bank_key for q in added}


async def test_no_unanswered_hint_for_a_new_occupation(make_app, store) -> None:
    interview = store.create_interview("Ada", occupation="Glassblower")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        assert not screen.query_one("#unanswered-hint").display
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen
