"""Reflect stage: the fit scale and its keys, autosaving prompts, starred moments, literal text."""

from __future__ import annotations

import pytest
from conftest import open_stage, settle, type_text
from textual.widgets import Static

from infoint_tui.screens.interview.reflect import PROMPTS, FitScale, ReflectPane
from infoint_tui.widgets.fields import SavingTextArea

TRICKY = "[b]x[/] and [@click=app.quit]y[/]"


def _interview(store, *, tricky: bool = False) -> int:
    interview = store.create_interview("Jane Doe", occupation="UX research")
    interview_id = interview.id
    text = TRICKY if tricky else "How did you get started?"
    starred = store.add_question(interview_id, text)
    store.mark_asked(starred.id)
    store.save_answer(starred.id, (TRICKY + " answer") if tricky else "By accident, via teaching")
    store.star_question(starred.id)
    plain = store.add_question(interview_id, "What do you earn?")
    store.save_answer(plain.id, "Enough")
    store.add_question(interview_id, "Who else should I talk to?", must_ask=True)
    asked = store.add_question(interview_id, "What is a typical day?", must_ask=True)
    store.mark_asked(asked.id)
    store.add_note(interview_id, TRICKY if tricky else "Read the handbook", starred=True)
    store.add_note(interview_id, "Unstarred note")
    return interview_id


async def _open(pilot, interview_id: int) -> ReflectPane:
    return (await open_stage(pilot, interview_id, "reflect")).query_one(ReflectPane)


def _text(pane: ReflectPane, selector: str) -> str:
    return str(pane.query_one(selector, Static).render())


async def test_digits_set_the_fit_and_it_is_stored(store, make_app) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        scale = pane.query_one(FitScale)
        assert app.focused is scale
        assert "not rated yet" in str(scale.render())
        await pilot.press("4")
        await settle(pilot)
        assert store.interview(interview_id).reflection.fit_confidence == 4
        assert "4 · Quite likely" in str(scale.render())
        await pilot.press("right")
        await settle(pilot)
        assert store.interview(interview_id).reflection.fit_confidence == 5
        await pilot.press("left", "left", "left")
        await settle(pilot)
        assert store.interview(interview_id).reflection.fit_confidence == 2


async def test_digits_typed_in_a_text_field_do_not_change_the_fit(store, make_app) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        await pilot.press("2")
        field = pane.query_one("#reflect-most_interesting", SavingTextArea)
        field.focus()
        await pilot.press("5", "3")
        await settle(pilot)
        reflection = store.interview(interview_id).reflection
        assert reflection.fit_confidence == 2
        assert reflection.most_interesting == "53"
        # escape leaves the field for the scale, where digits count again
        await pilot.press("escape", "1")
        await settle(pilot)
        assert app.focused is pane.query_one(FitScale)
        assert store.interview(interview_id).reflection.fit_confidence == 1


@pytest.mark.parametrize("field", [field for field, _, _ in PROMPTS])
async def test_each_prompt_saves_as_you_type(store, make_app, field: str) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        area = pane.query_one(f"#reflect-{field}", SavingTextArea)
        area.focus()
        await pilot.pause()
        await type_text(pilot, f"typed in {field}")
        await settle(pilot)  # no blur, no stage switch: the saver alone stored it
        assert getattr(store.interview(interview_id).reflection, field) == f"typed in {field}"
        others = {name for name, _, _ in PROMPTS} - {field}
        assert all(getattr(store.interview(interview_id).reflection, o) == "" for o in others)


async def test_stored_reflection_is_shown_again(store, make_app) -> None:
    interview_id = _interview(store)
    store.save_reflection(interview_id, fit_confidence=3, next_steps="Email Sam by Friday")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        assert pane.query_one(FitScale).value == 3
        assert pane.query_one("#reflect-next_steps", SavingTextArea).text == "Email Sam by Friday"
        await settle(pilot)
        # showing is not editing: nothing was written back over it
        assert store.interview(interview_id).reflection.next_steps == "Email Sam by Friday"


async def test_starred_moments_and_unasked_must_ask_are_beside_the_prompts(store, make_app) -> None:
    interview_id = _interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        starred = _text(pane, "#reflect-starred")
        assert "★ How did you get started?" in starred
        assert "By accident, via teaching" in starred
        assert "Read the handbook" in starred
        assert "What do you earn" not in starred and "Unstarred note" not in starred
        unasked = _text(pane, "#reflect-unasked")
        assert "Who else should I talk to?" in unasked
        assert "typical day" not in unasked  # asked
        assert not pane.query_one("#reflect-body").has_class("wide")
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert pane.query_one("#reflect-body").has_class("wide")


async def test_nothing_starred_says_how_to_star(store, make_app) -> None:
    interview_id = store.create_interview("Ann").id
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        assert "ctrl+t stars" in _text(pane, "#reflect-starred")
        assert "Every must-ask question was asked" in _text(pane, "#reflect-unasked")


async def test_markup_like_text_is_shown_literally_and_does_nothing(store, make_app) -> None:
    interview_id = _interview(store, tricky=True)
    store.save_reflection(interview_id, surprises=TRICKY)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot, interview_id)
        starred = _text(pane, "#reflect-starred")
        assert f"★ {TRICKY}" in starred
        assert f"{TRICKY} answer" in starred
        assert pane.query_one("#reflect-surprises", SavingTextArea).text == TRICKY
        for column in range(2, 22, 2):  # where a parsed link would be, and the literal text
            await pilot.click("#reflect-starred", offset=(column, 0))
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one(ReflectPane) is pane
