"""The one write path under Pilot, on a real SQLite file: no write on the event loop, the
screen's copy never older than what was typed, both texts kept when two copies edit one
field, text kept in a file when its interview is deleted elsewhere, drafts that survive."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import open_stage, settle, type_text, until
from sqlalchemy import event

from infoint_tui.saver import SaveState
from infoint_tui.store.store import Store
from infoint_tui.store.text_refs import CONFLICT_MARKER, TextRef
from infoint_tui.widgets.checklist import Checklist
from infoint_tui.widgets.fields import SavingInput, SavingTextArea


@contextmanager
def write_lock(db_path: Path) -> Iterator[None]:
    """Hold SQLite's write lock from another connection, as a second program would."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


class Failures:
    """How many statements the database refused so far (a save waiting on the lock)."""

    def __init__(self) -> None:
        self.count = 0

    def more_than(self, before: int) -> bool:
        return self.count > before


@pytest.fixture
def short_busy_timeout(store: Store) -> Failures:
    """Saves against a locked database fail after 0.2 s instead of 10 (then are retried).

    Returns the count of refused statements, so a test waits for a failed attempt
    instead of sleeping for as long as one might take.
    """
    failures = Failures()

    @event.listens_for(store.engine, "connect")
    def _busy(connection, _record) -> None:
        connection.execute("PRAGMA busy_timeout = 200")

    @event.listens_for(store.engine, "handle_error")
    def _refused(_context) -> None:
        failures.count += 1

    store.engine.dispose()  # pooled connections pick the pragma up again
    return failures


async def test_no_write_runs_on_the_event_loop(make_app, store) -> None:
    """Walk every stage, tick, type, add and delete: every commit happens off the loop."""
    interview = store.create_interview("Ada", occupation="Nurse", bank_key="essentials")
    threads: list[str] = []

    @event.listens_for(store.engine, "commit")
    def _commit(connection) -> None:
        threads.append(threading.current_thread().name)

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stage(pilot, interview.id, "research")
        await type_text(pilot, "Ada Lovelace")
        await pilot.press("f2", "a")
        await type_text(pilot, "What surprised you")
        await pilot.press("enter", "m", "shift+down", "delete")
        await pilot.press("f3", "enter", "o", "k", "escape", "ctrl+n", "n", "o", "escape")
        await pilot.press("f4", "3", "f5")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        main = threading.main_thread().name
    assert threads, "nothing was written: the walk did not reach the store"
    assert main not in threads, f"writes on the event loop: {threads.count(main)}"


async def test_a_field_shows_what_was_typed_while_the_database_is_locked(
    make_app, store, db_path, short_busy_timeout
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    first, second, *_ = store.interview(interview.id).questions
    app = make_app()
    app.saver.retry_delay = 0.1
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "live")
        with write_lock(db_path):
            await pilot.press("enter")
            await type_text(pilot, "mostly research")
            await pilot.press("escape")  # on to the second question
            await pilot.press("enter")
            await type_text(pilot, "two")
            await pilot.press("escape")  # on to the third question
            checklist = screen.query_one(Checklist)
            while checklist.get_option_at_index(checklist.highlighted).id != f"q{first.id}":
                await pilot.press("up")  # back to the first one
            await pilot.press("enter")
            editor = screen.query_one("#answer", SavingTextArea)
            assert editor.text == "mostly research"  # not the stored, empty answer
            await until(pilot, lambda: app.save_state is SaveState.FAILED)
            await type_text(pilot, "!")
        assert app.saver.flush(timeout=10)
        await pilot.pause()
        assert app.save_state is SaveState.SAVED
    answers = {q.id: q.answer for q in store.interview(interview.id).questions}
    assert answers[first.id] == "mostly research!"
    assert answers[second.id] == "two"


async def test_failing_saves_make_one_notification_not_a_stack(
    notices, make_app, store, db_path, short_busy_timeout
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    app = make_app()
    app.saver.retry_delay = 0.05
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await open_stage(pilot, interview.id, "live")
        with write_lock(db_path):
            await pilot.press("enter")
            for word in ("one ", "two ", "three ", "four"):
                before = short_busy_timeout.count
                await type_text(pilot, word)
                await until(pilot, lambda before=before: short_busy_timeout.more_than(before))
            failed = [n for n in notices.shown if n.title == "Saving failed"]
            assert len(failed) == 1
            indicator = str(app.screen.query_one("SaveIndicator").render())
            assert "not saved yet" in indicator
        assert app.saver.flush(timeout=10)
    assert store.interview(interview.id).questions[0].answer == "one two three four"


async def test_two_copies_typing_in_one_field_keep_both_texts(
    notices, make_app, store, db_path
) -> None:
    interview = store.create_interview("Ada")
    other = Store.open(db_path)  # the second copy of the app
    app = make_app()
    try:
        async with app.run_test(size=(100, 40), message_hook=notices) as pilot:
            screen = await open_stage(pilot, interview.id, "research")
            goals = screen.query_one("#goals", SavingTextArea)
            goals.focus()
            await type_text(pilot, "learn the pay")
            await settle(pilot)
            # Meanwhile the other copy, which read the goals before, saves its own text.
            other.save_text(
                TextRef("interview", interview.id, "goals"), "ask about nights", "learn the pay"
            )
            await type_text(pilot, " range")
            await settle(pilot)
            await pilot.pause()
            shown = goals.text
            assert "learn the pay range" in shown and "ask about nights" in shown
            assert CONFLICT_MARKER in shown
            titles = [n.title for n in notices.shown]
            assert "Changed in two places" in titles
            await type_text(pilot, "")
            await settle(pilot)
    finally:
        other.close()
    stored = store.interview(interview.id).interview.goals
    assert "learn the pay range" in stored and "ask about nights" in stored


async def test_text_for_an_interview_deleted_elsewhere_is_kept_in_a_file(
    notices, make_app, store, db_path
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    other = Store.open(db_path)
    app = make_app()
    try:
        async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
            await open_stage(pilot, interview.id, "live")
            await pilot.press("enter")
            await type_text(pilot, "first words")
            await settle(pilot)
            other.delete_interview(interview.id)
            await type_text(pilot, " and more")
            await settle(pilot)
            await pilot.pause()
            assert app.saver.pending() == 0  # not retried forever
            kept = list((db_path.parent / "recovered").glob("*.txt"))
            assert len(kept) == 1
            assert kept[0].read_text(encoding="utf-8") == "first words and more"
            assert kept[0].stat().st_mode & 0o777 == 0o600
            messages = [str(n.message) for n in notices.shown]
            assert any(str(kept[0]) in message for message in messages)
    finally:
        other.close()


async def test_a_question_being_added_is_kept_as_a_draft_while_typed(make_app, store) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stage(pilot, interview.id, "questions")
        await pilot.press("a")
        await type_text(pilot, "How did you start")
        await settle(pilot)
        # Not added (no enter), but kept: a crash now loses nothing.
        assert store.drafts(interview.id) == {"question": "How did you start"}
        assert store.interview(interview.id).questions == []
        await pilot.press("enter")
        await settle(pilot)
    assert [q.text for q in store.interview(interview.id).questions] == ["How did you start"]
    assert store.drafts(interview.id) == {}


async def test_a_draft_left_by_a_crash_comes_back(make_app, store) -> None:
    interview = store.create_interview("Ada")
    # What a kill in the middle of typing leaves behind.
    store.save_text(TextRef("draft", interview.id, "question"), "How did you start")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "questions")
        field = screen.query_one("#question-input", SavingInput)
        assert field.display and field.value == "How did you start"
        assert "draft" in str(screen.query_one("#question-input-label").render())
        await pilot.press("a")
        assert app.focused is field
        await pilot.press("end")
        await type_text(pilot, "?")
        await pilot.press("enter")
        await settle(pilot)
    assert [q.text for q in store.interview(interview.id).questions] == ["How did you start?"]
    assert store.drafts(interview.id) == {}


async def test_editing_a_question_saves_as_typed_and_escape_undoes(make_app, store) -> None:
    interview = store.create_interview("Ada")
    question = store.add_question(interview.id, "What is hard?")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stage(pilot, interview.id, "questions")
        await pilot.press("e", "end", "backspace")  # the field opens with its text selected
        await type_text(pilot, " about it?")
        await settle(pilot)
        assert store.interview(interview.id).questions[0].text == "What is hard about it?"
        await pilot.press("escape")
        await settle(pilot)
    assert store.interview(interview.id).questions[0].text == question.text


async def test_referral_fields_are_drafts_until_enter(make_app, store) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_stage(pilot, interview.id, "follow_up")
        screen.query_one("#referral-name").focus()
        await type_text(pilot, "Grace")
        await pilot.press("tab")
        await type_text(pilot, "runs the lab")
        await settle(pilot)
        assert store.drafts(interview.id) == {
            "referral-name": "Grace",
            "referral-context": "runs the lab",
        }
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#referral-name", SavingInput).value == ""
    (referral,) = store.interview(interview.id).referrals
    assert (referral.name, referral.context) == ("Grace", "runs the lab")
    assert store.drafts(interview.id) == {}


async def test_a_new_note_takes_the_first_words_before_its_row_exists(
    make_app, store, db_path, short_busy_timeout
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    app = make_app()
    app.saver.retry_delay = 0.1
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "live")
        with write_lock(db_path):
            await pilot.press("ctrl+n")
            await type_text(pilot, "call back on Friday")
            await until(pilot, lambda: app.save_state is SaveState.FAILED)
            assert screen.query_one("#answer", SavingTextArea).text == "call back on Friday"
        assert app.saver.flush(timeout=10)
        await pilot.pause()
    (note,) = store.interview(interview.id).notes
    assert note.text == "call back on Friday"


async def test_two_questions_added_while_writes_wait_are_both_kept(
    make_app, store, db_path, short_busy_timeout
) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    app.saver.retry_delay = 0.1
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stage(pilot, interview.id, "questions")
        with write_lock(db_path):
            for text in ("First one", "Second one"):
                await pilot.press("a")
                await type_text(pilot, text)
                await pilot.press("enter")
            await until(pilot, lambda: app.save_state is SaveState.FAILED)
        await settle(pilot)
        await settle(pilot)
    texts = sorted(q.text for q in store.interview(interview.id).questions)
    assert texts == ["First one", "Second one"]
    assert store.drafts(interview.id) == {}


async def test_a_person_typed_while_the_previous_add_waits_stays_a_draft(
    make_app, store, db_path, short_busy_timeout
) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    app.saver.retry_delay = 0.3
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_stage(pilot, interview.id, "follow_up")
        screen.query_one("#referral-name").focus()
        with write_lock(db_path):
            await type_text(pilot, "Ann")
            await pilot.press("enter")
            await type_text(pilot, "Bob Smith")
            await until(pilot, lambda: app.save_state is SaveState.FAILED)
        await settle(pilot)
        await settle(pilot)
        assert screen.query_one("#referral-name", SavingInput).value == "Bob Smith"
    assert [r.name for r in store.interview(interview.id).referrals] == ["Ann"]
    assert store.drafts(interview.id) == {"referral-name": "Bob Smith"}


async def test_a_note_begun_while_writes_wait_survives_a_stage_round_trip(
    make_app, store, db_path, short_busy_timeout
) -> None:
    interview = store.create_interview("Ada", bank_key="essentials")
    app = make_app()
    app.saver.retry_delay = 0.1
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "live")
        with write_lock(db_path):
            await pilot.press("ctrl+n")
            await type_text(pilot, "ring")
            await pilot.press("f4", "f3")
            await until(pilot, lambda: app.save_state is SaveState.FAILED)
            editor = screen.query_one("#answer", SavingTextArea)
            editor.focus()
            before = short_busy_timeout.count
            await type_text(pilot, "s")  # crashed the app: the note was gone from the pane
            await until(pilot, lambda before=before: short_busy_timeout.more_than(before))
        await settle(pilot)
        assert app.is_running
    (note,) = store.interview(interview.id).notes
    assert note.text in ("ring", "rings")


async def test_after_a_conflict_the_next_save_is_no_conflict(
    notices, make_app, store, db_path
) -> None:
    interview = store.create_interview("Ada")
    other = Store.open(db_path)
    app = make_app()
    try:
        async with app.run_test(size=(100, 40), message_hook=notices) as pilot:
            screen = await open_stage(pilot, interview.id, "research")
            goals = screen.query_one("#goals", SavingTextArea)
            goals.focus()
            await type_text(pilot, "mine")
            await settle(pilot)
            other.save_text(TextRef("interview", interview.id, "goals"), "theirs", "mine")
            await type_text(pilot, "!")
            await settle(pilot)
            await pilot.pause()
            await settle(pilot)
            await type_text(pilot, "?")
            await settle(pilot)
            await pilot.pause()
            conflicts = [n for n in notices.shown if n.title == "Changed in two places"]
            assert len(conflicts) == 1
    finally:
        other.close()
    stored = store.interview(interview.id).interview.goals
    assert stored.count(CONFLICT_MARKER) == 1 and "theirs" in stored and "mine!" in stored


async def test_a_refill_between_an_edit_and_its_change_message_keeps_the_edit(
    make_app, store
) -> None:
    """A stage filled again from the database (as after leaving Live) never drops an edit
    whose change message has not been handled yet (a paste arriving at that moment)."""
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "reflect")
        pane = screen.query_one("#pane-reflect")
        field = pane.query_one("#reflect-most_interesting", SavingTextArea)
        field.insert("the ward rounds")  # its Changed message is not handled yet
        pane.show(store.interview(interview.id))  # the refill reads the older, empty text
        assert field.text == "the ward rounds"
        await settle(pilot)
        assert field.text == "the ward rounds"
    assert store.interview(interview.id).reflection.most_interesting == "the ward rounds"
