"""Demo data: the small seeded story, and the large deterministic synthetic database."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import Engine, func, text
from sqlmodel import SQLModel, col, select

from infoint_tui import timekeeping
from infoint_tui.request_note import check_request
from infoint_tui.store.categories import CATEGORIES
from infoint_tui.store.demo import generate, seed_demo
from infoint_tui.store.engine import make_engine
from infoint_tui.store.kinds import HOW_FOUND_SUGGESTIONS, OutreachStatus, TimelineKind
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
    Stage,
    TimelineEntry,
)
from infoint_tui.store.search import search, search_interview_ids
from infoint_tui.store.sessions import reading
from infoint_tui.store.store import Store

NOW = datetime(2026, 6, 15, 9, 30, tzinfo=UTC)
Row = TypeVar("Row", bound=SQLModel)


def _all(engine: Engine, table: type[Row]) -> list[Row]:
    with reading(engine) as session:
        return list(session.exec(select(table)).all())


# --- seed_demo -----------------------------------------------------------------------------


def test_seed_demo_covers_every_stage_and_three_occupations(engine: Engine) -> None:
    seed_demo(engine)
    interviews: list[Interview] = _all(engine, Interview)
    assert 6 <= len(interviews) <= 8
    assert {interview.stage for interview in interviews} == set(Stage)
    occupations = {occupation.name for occupation in _all(engine, Occupation)}
    assert occupations == {"UX researcher", "Data scientist", "Hospital pharmacist"}
    assert len(_all(engine, Organization)) >= 4
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT DISTINCT stage FROM interview")).scalars()
        assert set(stored) == {stage.value for stage in Stage}


def test_seed_demo_has_a_referral_chain_and_a_planned_interview(engine: Engine) -> None:
    seed_demo(engine)
    interviews = {row.id: row for row in _all(engine, Interview)}
    contacts = {row.id: row for row in _all(engine, Contact)}
    planned = [row for row in _all(engine, Referral) if row.planned_interview_id is not None]
    assert planned
    for referral in planned:
        source = interviews[referral.interview_id]
        target = interviews[referral.planned_interview_id]
        assert referral.contact_id == target.contact_id
        assert contacts[target.contact_id].name == referral.name
        # The person referred was referred by the contact of the earlier interview.
        assert contacts[target.contact_id].referred_by_id == source.contact_id
        assert source.stage == Stage.DONE
        assert target.stage in (Stage.QUESTIONS, Stage.LIVE)


def test_seed_demo_times_are_relative_to_now(engine: Engine) -> None:
    seed_demo(engine)
    now = datetime.now(UTC)
    today = now.astimezone().date()
    interviews: list[Interview] = _all(engine, Interview)
    local_days = {
        interview.scheduled_at.astimezone().date()
        for interview in interviews
        if interview.scheduled_at is not None
    }
    assert today in local_days
    assert today + timedelta(days=1) in local_days
    live = [interview for interview in interviews if interview.stage == Stage.LIVE]
    assert len(live) == 1 and live[0].started_at is not None and live[0].ended_at is None

    follow_ups: dict[int | None, FollowUp] = {
        row.interview_id: row for row in _all(engine, FollowUp)
    }
    recent = [
        interview
        for interview in interviews
        if interview.ended_at is not None
        and timedelta(hours=4) < now - interview.ended_at < timedelta(hours=6)
    ]
    assert len(recent) == 1
    unsent = follow_ups[recent[0].id]
    assert unsent.thank_you_sent_at is None and unsent.thank_you_text.startswith("Dear")
    overdue = [
        row for row in follow_ups.values() if row.next_contact_on and row.next_contact_on < today
    ]
    assert len(overdue) == 1
    assert overdue[0].thank_you_sent_at is not None


def test_seed_demo_questions_answers_notes_and_reflections(engine: Engine) -> None:
    seed_demo(engine)
    questions: list[Question] = _all(engine, Question)
    assert {question.category for question in questions} <= set(CATEGORIES)
    essentials = {"typical_day", "best_worst", "preparation", "qualities", "salary", "advice"}
    tiara = {"trends", "insights", "advice", "resources", "assignments"}
    used = {question.category for question in questions}
    assert essentials | tiara | {"referrals"} <= used
    for question in questions:
        assert question.asked == bool(question.answer)
        assert (question.asked_at_seconds is not None) == question.asked
    notes: list[Note] = _all(engine, Note)
    assert notes and all(note.offset_seconds is not None for note in notes)
    assert any(note.starred for note in notes)
    reflections: list[Reflection] = _all(engine, Reflection)
    assert len(reflections) >= 3
    assert all(1 <= (reflection.fit_confidence or 0) <= 5 for reflection in reflections)
    # Every stored datetime reads back as aware UTC.
    for interview in _all(engine, Interview):
        assert interview.created_at.tzinfo is not None


def test_seed_demo_text_is_searchable(engine: Engine) -> None:
    seed_demo(engine)
    hits = search(engine, "synthesis")
    assert hits and {hit.contact_name for hit in hits} == {"Priya Raman"}
    assert {hit.field for hit in search(engine, "kidney")} == {"answer", "note"}


def test_seed_demo_has_people_in_every_outreach_status(engine: Engine) -> None:
    seed_demo(engine)
    store = Store(engine)
    people = store.people()
    assert {line.status for line in people} == set(OutreachStatus)
    # Found in every way the app suggests, each person at an organization.
    found = {line.how_found for line in people}
    assert set(HOW_FOUND_SUGGESTIONS) <= found
    assert all(line.organization for line in people)
    introduced = {line.name: line.introduced_by for line in people if line.introduced_by}
    assert introduced["Marcus Oyelaran"] == "Priya Raman"
    assert introduced["Dana Whitfield"] == "Priya Raman"
    # Everyone suggested in an interview is a person, introduced by whoever suggested them.
    contacts = {row.id: row for row in _all(engine, Contact)}
    interviews = {row.id: row for row in _all(engine, Interview)}
    for referral in _all(engine, Referral):
        person = contacts[referral.contact_id]
        assert person.name == referral.name
        assert person.referred_by_id == interviews[referral.interview_id].contact_id
    # The interviewed are exactly the people whose interview was held, at its organization;
    # the scheduled one's is still to come.
    by_status: dict[OutreachStatus, set[int]] = {}
    for line in people:
        by_status.setdefault(line.status, set()).add(line.id)
    held = {row.contact_id for row in interviews.values() if row.started_at is not None}
    assert by_status[OutreachStatus.INTERVIEWED] == held
    for interview in interviews.values():
        assert contacts[interview.contact_id].organization_id == interview.organization_id
    [scheduled] = by_status[OutreachStatus.SCHEDULED]
    assert all(
        row.started_at is None and row.scheduled_at is not None
        for row in interviews.values()
        if row.contact_id == scheduled
    )
    # A target list, and someone to keep in touch with.
    ranked = store.ranked_organizations()
    assert ranked and ranked[0][0].motivation == 5 and len(ranked[0][1]) >= 2
    assert any(row.keep_in_touch_days for row in contacts.values())


def test_seed_demo_timelines_hold_requests_nudges_replies_and_status_changes(
    engine: Engine,
) -> None:
    seed_demo(engine)
    entries: list[TimelineEntry] = _all(engine, TimelineEntry)
    kinds = Counter(entry.kind for entry in entries)
    for kind in (TimelineKind.REQUEST, TimelineKind.NUDGE, TimelineKind.REPLY):
        assert kinds[kind] >= 2, kind
    assert kinds[TimelineKind.UPDATE] >= 1 and kinds[TimelineKind.STATUS] >= 10
    assert all(entry.text.strip() for entry in entries)
    # The requests are what the app asks for: short, no job talk, a clear ask.
    for entry in entries:
        if entry.kind == TimelineKind.REQUEST:
            assert check_request(entry.text).problems == [], entry.text
    # Dated in the past, relative to now; nothing is waiting for the app to settle.
    now = datetime.now(UTC)
    assert all(now - timedelta(days=90) < entry.at < now for entry in entries)
    assert Store(engine).settle_outreach() == []


@pytest.mark.parametrize("weekday", range(7))
def test_seed_demo_to_do_says_whom_to_nudge_try_and_keep_in_touch_with(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, weekday: int
) -> None:
    """Whatever the day of the week (the rules count business days)."""
    now = NOW + timedelta(days=weekday)  # NOW is a Monday
    monkeypatch.setattr(timekeeping, "utcnow", lambda: now)
    seed_demo(engine)
    texts = [item.text for item in Store(engine).todo_items()]
    for start in ("Nudge Lena Hoffmann", "Try someone else at Meridian", "Keep in touch with"):
        assert any(text.startswith(start) for text in texts), (start, texts)
    assert any(text.startswith("Contact Dana Whitfield (via Priya Raman)") for text in texts)


def test_seed_demo_twice_reuses_occupations(engine: Engine) -> None:
    seed_demo(engine)
    seed_demo(engine)
    assert len(_all(engine, Occupation)) == 3
    assert len(_all(engine, Interview)) == 14


# --- generate ------------------------------------------------------------------------------


def test_generate_makes_interviews_with_eight_questions(engine: Engine) -> None:
    generate(engine, 300, now=NOW)
    interviews: list[Interview] = _all(engine, Interview)
    assert len(interviews) == 300
    with reading(engine) as session:
        per_interview = session.exec(
            select(Question.interview_id, func.count()).group_by(col(Question.interview_id))
        ).all()
    assert len(per_interview) == 300
    assert {count for _, count in per_interview} == {8}
    questions: list[Question] = _all(engine, Question)
    assert {question.category for question in questions} <= set(CATEGORIES)
    answered = [question for question in questions if question.answer]
    assert len(answered) > 0.75 * len(questions)
    lengths = [len(question.answer.split()) for question in answered]
    assert min(lengths) >= 10 and max(lengths) <= 60
    assert len({question.answer for question in answered}) > 0.9 * len(answered)
    people = _all(engine, Contact)
    referrals = _all(engine, Referral)
    assert len(people) == 300 + len(referrals)  # everyone referred is a person too
    assert len({interview.contact_id for interview in _all(engine, Interview)}) == 300
    assert len(_all(engine, Note)) >= 2 * 250


def test_generate_spreads_over_three_years_with_consistent_stages(engine: Engine) -> None:
    generate(engine, 300, now=NOW)
    interviews: list[Interview] = _all(engine, Interview)
    times = [interview.scheduled_at for interview in interviews if interview.scheduled_at]
    assert min(times) >= NOW - timedelta(days=3 * 366)
    assert min(times) < NOW - timedelta(days=2 * 365)
    assert len({interview.organization_id for interview in interviews}) > 150
    assert len({interview.occupation_id for interview in interviews}) >= 35
    stages = Counter(interview.stage for interview in interviews)
    assert stages[Stage.DONE] > 150
    reflections = {row.interview_id for row in _all(engine, Reflection)}
    follow_ups: dict[int | None, FollowUp] = {
        row.interview_id: row for row in _all(engine, FollowUp)
    }
    for interview in interviews:
        finished = interview.stage in (Stage.REFLECT, Stage.FOLLOW_UP, Stage.DONE)
        assert (interview.id in reflections) == finished
        assert (interview.ended_at is not None) == finished
        if interview.stage == Stage.DONE:
            assert follow_ups[interview.id].thank_you_sent_at is not None
    with engine.connect() as connection:
        stored = set(connection.execute(text("SELECT DISTINCT stage FROM interview")).scalars())
    assert stored <= {stage.value for stage in Stage}
    assert "follow_up" in stored


def test_generate_is_deterministic(tmp_path: Path) -> None:
    def answers(name: str, seed: int) -> list[str]:
        engine = make_engine(tmp_path / name)
        try:
            generate(engine, 60, seed=seed, now=NOW)
            with engine.connect() as connection:
                return list(
                    connection.execute(text("SELECT answer FROM question ORDER BY id")).scalars()
                )
        finally:
            engine.dispose()

    first = answers("a.db", 0)
    assert first == answers("b.db", 0)
    assert first != answers("c.db", 1)
    assert len(first) == 480


def test_generate_adds_to_an_existing_database(engine: Engine) -> None:
    seed_demo(engine)
    generate(engine, 20, now=NOW)
    assert len(_all(engine, Interview)) == 7 + 20
    assert len(_all(engine, Occupation)) >= 35  # the demo's three are reused, not duplicated


def test_search_finds_generated_answers(engine: Engine) -> None:
    generate(engine, 300, now=NOW)
    with reading(engine) as session:
        question = session.exec(
            select(Question).where(Question.answer != "").order_by(col(Question.id)).limit(1)
        ).one()
    words = question.answer.split()[:5]
    phrase = '"' + " ".join(words).replace('"', "") + '"'
    hits = search(engine, phrase, limit=10_000)
    assert any(hit.field == "answer" and hit.ref_id == question.id for hit in hits)
    assert question.interview_id in search_interview_ids(engine, phrase)
    assert len(search(engine, "the")) == 50
