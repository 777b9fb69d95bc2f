"""The conversation's rules and record in the store: what moves an interview on, and what not."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from infoint_tui.store.conversation_rules import (
    Held,
    Leaving,
    leaving_live,
    likely_end,
    stale,
)
from infoint_tui.store.text_refs import TextRef

T = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def utc_zone(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("started", "ended", "asked", "to_stage", "expected"),
    [
        (False, False, False, "reflect", Leaving.NOTHING),  # nothing started: nothing to end
        (True, True, True, "reflect", Leaving.NOTHING),  # already over
        (True, False, True, "research", Leaving.NOTHING),  # a look at the notes mid-call
        (True, False, True, "questions", Leaving.NOTHING),
        (True, False, True, "reflect", Leaving.END),
        (True, False, True, "follow_up", Leaving.END),
        (True, False, True, None, Leaving.END),  # Home
        (True, False, False, "reflect", Leaving.ASK),
        (True, False, False, None, Leaving.ASK),
    ],
)
def test_what_leaving_live_means(started, ended, asked, to_stage, expected) -> None:
    assert (
        leaving_live(started=started, ended=ended, any_asked=asked, to_stage=to_stage) is expected
    )


def test_held_text_and_minutes(utc_zone) -> None:
    assert Held(T, T + timedelta(minutes=24, seconds=10)).text() == "held 24 min, 10:00-10:24"
    overnight = Held(T.replace(hour=23, minute=50), T + timedelta(days=1, minutes=5))
    assert overnight.text() == "held 615 min, 23:50-3 Mar 10:05"
    assert Held(T, T - timedelta(minutes=3)).minutes == 0  # an end before the start


def test_stale_and_likely_end() -> None:
    assert not stale(T, T + timedelta(hours=5))
    assert stale(T, T + timedelta(hours=7))
    assert likely_end(T, 25, []) == T + timedelta(minutes=25)
    assert likely_end(T, 25, [60, 40 * 60]) == T + timedelta(minutes=40)


def test_record_conversation_moves_on_and_exact_puts_back(store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    store.record_conversation(interview.id, started_at=T, ended_at=None, stage="live")
    got = store.interview(interview.id).interview
    assert (got.stage, got.started_at, got.ended_at) == ("live", T, None)
    # A record saying an earlier stage never moves the interview back...
    store.set_stage(interview.id, "follow_up")
    store.record_conversation(interview.id, started_at=T, ended_at=T, stage="reflect")
    assert store.interview(interview.id).interview.stage == "follow_up"
    # ... unless it is an undo.
    store.record_conversation(
        interview.id, started_at=None, ended_at=None, stage="questions", exact=True
    )
    got = store.interview(interview.id).interview
    assert (got.stage, got.started_at, got.ended_at) == ("questions", None, None)


def test_adding_a_question_moves_research_to_questions_only(store) -> None:
    fresh = store.create_interview("Ada", bank_key="tiara")
    assert store.interview(fresh.id).interview.stage == "research"  # a bank at creation
    store.add_question(fresh.id, "What surprised you?")
    assert store.interview(fresh.id).interview.stage == "questions"
    later = store.create_interview("Bo")
    store.set_stage(later.id, "reflect")
    store.add_bank_questions(later.id, "tiara")
    assert store.interview(later.id).interview.stage == "reflect"


def test_writing_the_thank_you_note_moves_a_held_interview_to_follow_up(store) -> None:
    planned = store.create_interview("Ada")
    ref = TextRef("follow_up", planned.id, "thank_you_text")
    store.save_text(ref, "Dear Ada, in advance", None)
    assert store.interview(planned.id).interview.stage == "research"  # not held: no move
    store.record_conversation(planned.id, started_at=T, ended_at=T, stage="reflect")
    store.save_text(ref, "Dear Ada, thank you", "Dear Ada, in advance")
    assert store.interview(planned.id).interview.stage == "follow_up"


def test_set_marks_writes_exactly_what_the_screen_holds(store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    first = store.interview(interview.id).questions[0]
    store.mark_asked(first.id, at_seconds=10)
    store.set_marks(first.id, asked=True, asked_at_seconds=187, skipped=False, starred=True)
    got = store.interview(interview.id).questions[0]
    assert (got.asked, got.asked_at_seconds, got.skipped, got.starred) == (True, 187, False, True)
    store.set_marks(first.id, asked=False, asked_at_seconds=None, skipped=True, starred=False)
    got = store.interview(interview.id).questions[0]
    assert (got.asked, got.asked_at_seconds, got.skipped, got.starred) == (False, None, True, False)
