"""The Store facade against a real SQLite file: every check re-reads what reached the disk."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.models import Stage
from infoint_tui.store.records import InterviewBundle, InterviewFilter, InterviewRow
from infoint_tui.store.store import Store


def fresh(db_path: Path, interview_id: int) -> InterviewBundle:
    """The interview as a new Store on the same file sees it."""
    with closing(Store.open(db_path)) as other:
        return other.interview(interview_id)


def sql(db_path: Path, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute(query, args).fetchall()


def texts(bundle: InterviewBundle) -> list[str]:
    return [question.text for question in bundle.questions]


def with_questions(store: Store, *items: str) -> tuple[int, list[int]]:
    interview = store.create_interview("Ada")
    return interview.id, [store.add_question(interview.id, text).id for text in items]


def at(day: int, month: int = 3) -> datetime:
    return datetime(2024, month, day, 12, tzinfo=UTC)


# -- creating and updating ---------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    ["Data Analyst|Acme| data ANALYST |ACME", "Ärztin|Évora Café|ärztin|ÉVORA CAFÉ"],
)
def test_create_interview_copies_the_bank_and_reuses_names(
    store: Store, db_path: Path, names: str
) -> None:
    occupation, organization, same_occupation, same_organization = names.split("|")
    first = store.create_interview(
        "  Ada Lovelace ", occupation=occupation, organization=organization, bank_key="essentials"
    )
    second = store.create_interview(
        "Bob", occupation=same_occupation, organization=same_organization
    )
    bank = store.bank_questions("essentials")
    bundle, other = fresh(db_path, first.id), fresh(db_path, second.id)
    assert bundle.contact.name == "Ada Lovelace"
    assert bundle.occupation is not None and bundle.occupation.name == occupation
    assert bundle.organization is not None and bundle.organization.name == organization
    assert other.occupation == bundle.occupation
    assert other.organization == bundle.organization
    assert sql(db_path, "SELECT count(*) FROM occupation") == [(1,)]
    assert sql(db_path, "SELECT count(*) FROM organization") == [(1,)]
    assert len(bank) == 11
    assert [
        (q.text, q.category, q.must_ask, q.bank_key, q.position, q.estimate_minutes)
        for q in bundle.questions
    ] == [
        (b.text, b.category, b.must_ask, f"essentials:{b.key}", i, b.estimate_minutes)
        for i, b in enumerate(bank)
    ]
    assert other.questions == []


@pytest.mark.parametrize(
    ("method", "part", "change"),
    [
        (
            "update_interview",
            "interview",
            {"goals": "Learn", "stage": Stage.LIVE, "medium": "phone"},
        ),
        ("update_contact", "contact", {"email": "a@b.c", "role": "Lead", "name": "Ada B."}),
        ("update_organization", "organization", {"sector": "Health", "name": "Acme2"}),
        ("set_organization", "organization", "Globex"),
        ("set_occupation", "occupation", "Nurse"),
    ],
)
def test_updates_are_stored_and_move_updated_at(
    store: Store, db_path: Path, method: str, part: str, change: Any
) -> None:
    created = store.create_interview("Ada", occupation="Analyst", organization="Acme")
    before = fresh(db_path, created.id)
    if isinstance(change, dict):
        getattr(store, method)(getattr(before, part).id, **change)
        changed = getattr(fresh(db_path, created.id), part)
        assert {name: getattr(changed, name) for name in change} == change
        assert changed.updated_at > getattr(before, part).updated_at
    else:
        getattr(store, method)(created.id, change)
        after = fresh(db_path, created.id)
        assert getattr(after, part).name == change
        assert getattr(after, part).id != getattr(before, part).id
        assert after.interview.updated_at > before.interview.updated_at


@pytest.mark.parametrize(
    "call",
    [
        lambda s, b: s.update_interview(b.interview.id, goals="x", contact_id=99),
        lambda s, b: s.update_contact(b.contact.id, notes="x", uuid="x"),
        lambda s, b: s.update_organization(b.organization.id, sector="x", id=5),
        lambda s, b: s.update_question(b.questions[0].id, answer="x", interview_id=2),
        lambda s, b: s.save_reflection(b.interview.id, surprises="x", mood=3),
        lambda s, b: s.save_follow_up(b.interview.id, thank_you_text="x", sent=True),
        lambda s, b: s.update_referral(b.referrals[0].id, context="x", interview_id=2),
    ],
)
def test_unknown_fields_raise_type_error_and_store_nothing(
    store: Store, db_path: Path, call: Callable[[Store, InterviewBundle], Any]
) -> None:
    created = store.create_interview("Ada", organization="Acme", bank_key="tiara")
    store.add_referral(created.id, "Zoe")
    before = fresh(db_path, created.id)
    with pytest.raises(TypeError):
        call(store, store.interview(created.id))
    assert fresh(db_path, created.id) == before


# -- the interview list ------------------------------------------------------------------


@pytest.fixture
def listed(store: Store) -> dict[str, Any]:
    """Five interviews: A, B, C scheduled in 2024; D not scheduled (so it has no date); E
    planned for 1 Feb but held on 15 Mar (so dated 15 Mar)."""
    rows = {
        "A": store.create_interview(
            "Ada 50%", occupation="Nurse", organization="Acme_Corp", scheduled_at=at(10)
        ),
        "B": store.create_interview(
            "Bob 500", occupation="Data analyst", organization="AcmeXCorp", scheduled_at=at(20)
        ),
        "C": store.create_interview("carl", occupation="nurse", scheduled_at=at(1, month=2)),
        "D": store.create_interview("Dana"),
        "E": store.create_interview("Eve", occupation="Welder", scheduled_at=at(1, month=2)),
    }
    store.set_stage(rows["A"].id, Stage.LIVE)
    store.save_reflection(rows["A"].id, fit_confidence=4)
    store.save_reflection(rows["B"].id, fit_confidence=2)
    store.start_clock(rows["E"].id, at=at(15))
    return rows


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda r: {}, "DBEAC"),
        (lambda r: {"text": "50%"}, "A"),
        (lambda r: {"text": "acme_corp"}, "A"),
        (lambda r: {"text": "ACME"}, "BA"),
        (lambda r: {"text": "NURSE"}, "AC"),
        (lambda r: {"text": "acme nurse"}, "A"),
        (lambda r: {"text": "  carl  "}, "C"),
        (lambda r: {"text": "nobody"}, ""),
        (lambda r: {"occupation_id": r["A"].occupation_id}, "AC"),
        (lambda r: {"organization_id": r["B"].organization_id}, "B"),
        (lambda r: {"stage": Stage.LIVE}, "A"),
        (lambda r: {"stage": Stage.RESEARCH}, "DBEC"),
        (lambda r: {"since": date(2024, 3, 10)}, "BEA"),
        (lambda r: {"until": date(2024, 3, 10)}, "AC"),
        (lambda r: {"since": date(2024, 3, 11), "until": date(2024, 3, 20)}, "BE"),
        (lambda r: {"min_fit": 3}, "A"),
        (lambda r: {"min_fit": 2}, "BA"),
        (lambda r: {"sort": "fit"}, "ABDEC"),
        (lambda r: {"sort": "contact"}, "ABCDE"),
        (lambda r: {"sort": "contact", "text": "acme"}, "AB"),
    ],
)
def test_list_interviews_filters_and_sorts(
    db_path: Path, listed: dict[str, Any], make: Callable[..., dict[str, Any]], expected: str
) -> None:
    names = {row.id: key for key, row in listed.items()}
    with closing(Store.open(db_path)) as other:
        rows = other.list_interviews(InterviewFilter(**make(listed)))
    assert "".join(names[row.id] for row in rows) == expected


def test_list_interviews_rows_carry_the_joined_values(db_path: Path, listed: dict) -> None:
    with closing(Store.open(db_path)) as other:
        other.record_thank_you_sent(listed["A"].id, at=at(11))
        other.end_interview(listed["A"].id, at=at(10))
        row = next(r for r in other.list_interviews() if r.id == listed["A"].id)
    a = listed["A"]
    assert row == InterviewRow(
        a.id,
        a.uuid,
        at(10),
        at(10),
        None,
        "Ada 50%",
        "Acme_Corp",
        "Nurse",
        Stage.LIVE,
        4,
        at(11),
        at(10),
    )


def test_list_rows_date_is_when_held_else_planned_else_none(db_path: Path, listed: dict) -> None:
    with closing(Store.open(db_path)) as other:
        rows = {row.id: row for row in other.list_interviews()}
    held, planned, unscheduled = (rows[listed[key].id] for key in "EAD")
    assert (held.when, held.scheduled_at, held.started_at) == (at(15), at(1, month=2), at(15))
    assert (planned.when, planned.started_at) == (at(10), None)
    assert (unscheduled.when, unscheduled.scheduled_at) == (None, None)


def test_home_first_list_and_store_list_agree(db_path: Path, listed: dict) -> None:
    from infoint_tui import timekeeping
    from infoint_tui.store.list_order import sort_for_home
    from infoint_tui.store.listing import read_first, read_ids, read_rows

    # The plain-sqlite3 first screen Home shows before the store opens is the same list.
    now = timekeeping.utcnow()
    with closing(Store.open(db_path)) as other:
        expected = sort_for_home(other.list_interviews(), now)
        assert len(expected) > 2
        ids, rows = read_first(db_path, now, 2) or ((), [])
        assert rows == expected[:2] and list(ids) == [row.id for row in expected[:2]]
        every = read_ids(db_path, now)
        assert every is not None and list(every) == [row.id for row in expected]
        assert sorted(read_rows(db_path, every) or []) == sorted(expected)
    assert read_first(db_path.with_name("missing.db"), now, 2) is None


# -- questions ---------------------------------------------------------------------------


def test_add_question_appends_and_saves_to_mine(store: Store, db_path: Path) -> None:
    created = store.create_interview("Ada", bank_key="life-design")
    mine = store.add_question(
        created.id, "What would you change?", category="advice", must_ask=True, save_to_mine=True
    )
    plain = store.add_question(created.id, "Only here")
    bundle = fresh(db_path, created.id)
    assert [q.position for q in bundle.questions] == list(range(10))
    assert texts(bundle)[-2:] == ["What would you change?", "Only here"]
    assert (bundle.questions[-2].category, bundle.questions[-2].must_ask) == ("advice", True)
    with closing(Store.open(db_path)) as other:
        saved = other.bank_questions("mine")
    assert [(q.text, q.category, q.must_ask) for q in saved] == [
        ("What would you change?", "advice", True)
    ]
    assert mine.bank_key == f"mine:{saved[0].key}"
    assert plain.bank_key is None


@pytest.mark.parametrize(
    ("index", "offset", "expected"),
    [(2, -1, "acb"), (0, 1, "bac"), (0, -1, "abc"), (2, 1, "abc"), (0, 10, "bca"), (2, -9, "cab")],
)
def test_move_question(store: Store, db_path: Path, index: int, offset: int, expected: str):
    interview_id, ids = with_questions(store, "a", "b", "c")
    returned = store.move_question(ids[index], offset)
    assert "".join(q.text for q in returned) == expected
    bundle = fresh(db_path, interview_id)
    assert "".join(texts(bundle)) == expected
    assert [q.position for q in bundle.questions] == [0, 1, 2]


def test_reorder_and_delete_renumber(store: Store, db_path: Path) -> None:
    interview_id, (_, b, _, d) = with_questions(store, "a", "b", "c", "d")
    store.reorder_questions(interview_id, [d, b])
    assert "".join(texts(fresh(db_path, interview_id))) == "dbac"
    store.delete_question(b)
    rows = sql(db_path, "SELECT text, position FROM question ORDER BY position")
    assert rows == [("d", 0), ("a", 1), ("c", 2)]
    assert store.add_question(interview_id, "e").position == 3


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda s, q, on: s.set_must_ask(q, on), "must_ask"),
        (lambda s, q, on: s.star_question(q, on), "starred"),
        (lambda s, q, on: s.mark_skipped(q, on), "skipped"),
        (lambda s, q, on: s.mark_asked(q, on, at_seconds=7), "asked"),
    ],
)
def test_question_flags(store: Store, db_path: Path, call: Callable[..., Any], column: str):
    _, (question_id, _) = with_questions(store, "q", "other")
    call(store, question_id, True)
    query = f"SELECT {column} FROM question ORDER BY id"
    assert sql(db_path, query) == [(1,), (0,)]
    call(store, question_id, False)
    assert sql(db_path, query) == [(0,), (0,)]


def test_mark_asked_stamps_seconds_since_the_start(store: Store, db_path: Path) -> None:
    interview_id, (first, second) = with_questions(store, "a", "b")
    store.start_clock(interview_id, at=datetime.now(UTC) - timedelta(seconds=90))
    store.mark_asked(first)
    assert fresh(db_path, interview_id).questions[0].asked_at_seconds in range(89, 95)
    store.mark_skipped(second)
    store.mark_asked(second, at_seconds=12)
    asked = fresh(db_path, interview_id).questions[1]
    assert (asked.asked, asked.skipped, asked.asked_at_seconds) == (True, False, 12)
    store.mark_asked(first, False)
    store.mark_skipped(second)
    rows = sql(db_path, "SELECT asked, asked_at_seconds, skipped FROM question ORDER BY id")
    assert rows == [(0, None, 0), (0, None, 1)]


HOSTILE = [
    "[b]x[/]",
    "[@click=app.quit]x[/]",
    "emoji 👩🏽‍💻 🇫🇷 and \u200d joiner",
    "עברית مرحبا mixed RTL \u202e reversed",
    "tab\there\tand\ttrailing\t",
    "line one\r\nline two\r\n",
    "  leading and trailing spaces  ",
    "x" * 50_000 + "é" * 25_000,
]


@pytest.mark.parametrize("answer", HOSTILE, ids=range(len(HOSTILE)))
def test_save_answer_stores_text_exactly(store: Store, db_path: Path, answer: str) -> None:
    interview_id, (question_id,) = with_questions(store, "q")
    store.save_answer(question_id, answer)
    assert sql(db_path, "SELECT answer FROM question WHERE id = ?", question_id) == [(answer,)]
    assert fresh(db_path, interview_id).questions[0].answer == answer


# -- the clock and notes -----------------------------------------------------------------


def test_clock_is_stamped_once(store: Store, db_path: Path) -> None:
    created = store.create_interview("Ada")
    assert store.start_clock(created.id, at=at(1)) == at(1)
    assert store.start_clock(created.id, at=at(2)) == at(1)
    store.end_interview(created.id, at=at(3))
    store.end_interview(created.id, at=at(4))
    interview = fresh(db_path, created.id).interview
    assert (interview.started_at, interview.ended_at) == (at(1), at(3))
    later = store.create_interview("Bob")
    before = datetime.now(UTC)
    started = store.start_clock(later.id)
    assert before <= started <= datetime.now(UTC)
    assert fresh(db_path, later.id).interview.started_at == started


def test_notes(store: Store, db_path: Path) -> None:
    created = store.create_interview("Ada")
    early = store.add_note(created.id, "before")
    store.start_clock(created.id, at=datetime.now(UTC) - timedelta(seconds=30))
    stamped = store.add_note(created.id, "during", starred=True)
    given = store.add_note(created.id, offset_seconds=5)
    store.save_note(given.id, "[b]typed[/]\r\n")
    store.star_note(stamped.id, False)
    store.star_note(given.id)
    store.delete_note(early.id)
    notes = fresh(db_path, created.id).notes
    assert [(n.id, n.text, n.starred) for n in notes] == [
        (stamped.id, "during", False),
        (given.id, "[b]typed[/]\r\n", True),
    ]
    assert early.offset_seconds is None
    assert notes[0].offset_seconds in range(29, 35)
    assert notes[1].offset_seconds == 5


# -- reflection, follow-up and referrals -------------------------------------------------


def test_reflection_is_created_then_updated(store: Store, db_path: Path) -> None:
    created = store.create_interview("Ada")
    first = store.save_reflection(created.id, fit_confidence=3, most_interesting="pay")
    second = store.save_reflection(created.id, fit_confidence=5, next_steps="apply")
    assert first.id == second.id
    for fit in (0, 6, -1):
        with pytest.raises(ValueError):
            store.save_reflection(created.id, fit_confidence=fit, surprises="no")
    reflection = fresh(db_path, created.id).reflection
    assert reflection is not None
    assert (reflection.fit_confidence, reflection.most_interesting) == (5, "pay")
    assert (reflection.next_steps, reflection.surprises) == ("apply", "")
    assert sql(db_path, "SELECT count(*) FROM reflection") == [(1,)]


def test_follow_up(store: Store, db_path: Path) -> None:
    created = store.create_interview("Ada")
    store.save_follow_up(created.id, thank_you_text="Thanks!\n— me")
    store.record_thank_you_sent(created.id, at=at(5))
    store.set_next_contact(created.id, date(2024, 6, 1))
    follow_up = fresh(db_path, created.id).follow_up
    assert follow_up is not None
    assert (follow_up.thank_you_text, follow_up.thank_you_sent_at) == ("Thanks!\n— me", at(5))
    assert follow_up.next_contact_on == date(2024, 6, 1)
    store.set_next_contact(created.id, None)
    assert sql(db_path, "SELECT next_contact_on FROM follow_up") == [(None,)]


def test_referrals_and_planning_from_one(store: Store, db_path: Path) -> None:
    source = store.create_interview("Ada", occupation="Nurse", organization="Acme")
    referral = store.add_referral(source.id, "  Zoe  ", "runs the lab")
    store.delete_referral(store.add_referral(source.id, "Yann").id)
    store.update_referral(referral.id, context="her mentor")
    planned = store.plan_interview_from_referral(referral.id)
    assert store.plan_interview_from_referral(referral.id).id == planned.id
    bundle = fresh(db_path, planned.id)
    assert bundle.contact.name == "Zoe"
    assert bundle.referred_by is not None and bundle.referred_by.id == source.contact_id
    assert bundle.interview.occupation_id == source.occupation_id
    assert bundle.organization is None
    assert "Ada" in bundle.interview.goals and "her mentor" in bundle.interview.goals
    (linked,) = fresh(db_path, source.id).referrals
    assert (linked.name, linked.context) == ("Zoe", "her mentor")
    assert (linked.planned_interview_id, linked.contact_id) == (planned.id, bundle.contact.id)
    assert sql(db_path, "SELECT count(*) FROM interview") == [(2,)]


def test_unanswered_bank_questions(store: Store) -> None:
    nurse = store.create_interview("Ada", occupation="Nurse", bank_key="essentials")
    store.create_interview("Bob", occupation="nurse", bank_key="tiara")
    other = store.create_interview("Carl", occupation="Pilot", bank_key="essentials")
    occupation_id = nurse.occupation_id
    everything = store.unanswered_bank_questions(occupation_id)
    assert len(everything) == 11 + 8 + 8
    first, second = store.interview(nurse.id).questions[:2]
    store.save_answer(first.id, "long days")
    store.save_answer(second.id, "")
    for question in store.interview(other.id).questions[2:5]:
        store.save_answer(question.id, "answered about another occupation")
    remaining = store.unanswered_bank_questions(occupation_id)
    assert [q.text for q in remaining] == [q.text for q in everything if q.text != first.text]
    assert len(store.unanswered_bank_questions(other.occupation_id)) == 27 - 3


# -- deleting, missing rows and look-ups -------------------------------------------------

CHILD_TABLES = ("question", "note", "reflection", "follow_up", "referral")


def test_delete_interview_cascades(store: Store, db_path: Path) -> None:
    def counts() -> dict[str, int]:
        return {t: sql(db_path, f"SELECT count(*) FROM {t}")[0][0] for t in CHILD_TABLES}

    doomed, kept = (store.create_interview(n, bank_key="tiara") for n in ("Ada", "Bob"))
    for created in (doomed, kept):
        store.add_note(created.id, "n")
        store.save_reflection(created.id, fit_confidence=2)
        store.record_thank_you_sent(created.id)
        store.add_referral(created.id, "Zoe")
    before = counts()
    store.delete_interview(doomed.id)
    assert counts() == {t: n // 2 for t, n in before.items()}
    assert sql(db_path, "SELECT count(*) FROM question WHERE interview_id = ?", doomed.id) == [(0,)]
    # Both people interviewed stay, and so do the two people they suggested (each Zoe is
    # a person of her own, introduced by whoever suggested her).
    assert sql(db_path, "SELECT count(*) FROM contact") == [(4,)]
    with pytest.raises(NotFoundError):
        fresh(db_path, doomed.id)
    assert len(fresh(db_path, kept.id).questions) == 8


ID_ONLY = "interview start_clock end_interview delete_interview mark_asked mark_skipped"
ID_ONLY += " delete_question add_note star_note delete_note delete_referral"
WITH_TEXT = "set_organization set_occupation add_question save_answer save_note add_referral"
WITH_FIELD = "update_interview:goals update_contact:name update_organization:sector"
WITH_FIELD += " save_reflection:surprises save_follow_up:thank_you_text update_referral:name"
MISSING: list[Callable[[Store], Any]] = [
    *(lambda s, n=name: getattr(s, n)(999) for name in ID_ONLY.split()),
    *(lambda s, n=name: getattr(s, n)(999, "x") for name in WITH_TEXT.split()),
    *(
        lambda s, n=name, f=field: getattr(s, n)(999, **{f: "x"})
        for name, field in (item.split(":") for item in WITH_FIELD.split())
    ),
    lambda s: s.move_question(999, 1),
    lambda s: s.plan_interview_from_referral(999),
    lambda s: s.add_bank_questions(999, "tiara"),
    lambda s: s.add_bank_questions(s.create_interview("A").id, "no-such-bank"),
    lambda s: s.interview_id_for_uuid("00000000-0000-0000-0000-000000000000"),
]


@pytest.mark.parametrize("call", MISSING, ids=range(len(MISSING)))
def test_missing_rows_raise_not_found(
    store: Store, db_path: Path, call: Callable[[Store], Any]
) -> None:
    with pytest.raises(NotFoundError):
        call(store)
    assert sql(db_path, "SELECT count(*) FROM note") == [(0,)]


def test_interview_bundle_holds_only_its_own_rows(store: Store, db_path: Path) -> None:
    for name in ("Ada", "Bob"):
        created = store.create_interview(name, occupation="Nurse", organization=f"{name} Inc")
        for step in (1, 2):
            store.add_question(created.id, f"{name} q{step}")
            store.add_note(created.id, f"{name} n{step}")
        store.add_referral(created.id, f"{name}'s friend")
        store.save_reflection(created.id, fit_confidence=len(name) - 1)
        store.save_follow_up(created.id, thank_you_text=f"thanks {name}")
    with closing(Store.open(db_path)) as other:
        bundle = other.interview(other.interview_id_for_uuid(created.uuid))
    assert (bundle.interview.id, bundle.interview.uuid) == (created.id, created.uuid)
    assert bundle.organization is not None and bundle.occupation is not None
    assert bundle.reflection is not None and bundle.follow_up is not None
    assert (bundle.contact.name, bundle.organization.name, bundle.occupation.name) == (
        "Bob",
        "Bob Inc",
        "Nurse",
    )
    assert (texts(bundle), [n.text for n in bundle.notes]) == (
        ["Bob q1", "Bob q2"],
        ["Bob n1", "Bob n2"],
    )
    assert [r.name for r in bundle.referrals] == ["Bob's friend"]
    assert (bundle.reflection.fit_confidence, bundle.follow_up.thank_you_text) == (2, "thanks Bob")
    assert bundle.referred_by is None


def test_two_stores_write_concurrently(db_path: Path) -> None:
    stores = [Store.open(db_path), Store.open(db_path)]
    plans = []
    for tag, each in zip("xy", stores, strict=True):
        interview_id, ids = with_questions(each, *(f"{tag}{k}" for k in range(10)))
        plans.append((each, tag, interview_id, ids))
    start, errors = threading.Barrier(2), []

    def work(each: Store, tag: str, interview_id: int, ids: list[int]) -> None:
        try:
            start.wait()
            for i in range(200):
                each.save_answer(ids[i % 10], f"{tag}-{i}")
                if i % 20 == 0:
                    each.list_interviews()
                    each.add_note(interview_id, f"{tag}-{i}")
        except Exception as error:  # reported below with the thread's tag
            errors.append((tag, error))

    threads = [threading.Thread(target=work, args=plan) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for each in stores:
        each.close()
    assert errors == []
    for _, tag, interview_id, _ in plans:
        bundle = fresh(db_path, interview_id)
        assert [q.answer for q in bundle.questions] == [f"{tag}-{190 + k}" for k in range(10)]
        assert [n.text for n in bundle.notes] == [f"{tag}-{i}" for i in range(0, 200, 20)]


def test_discard_if_blank_removes_only_untouched_interviews(store) -> None:
    import sqlite3

    blank = store.create_interview("")
    assert store.discard_if_blank(blank.id) is True
    assert store.list_interviews() == []
    raw = sqlite3.connect(store.path)
    assert raw.execute("SELECT count(*) FROM contact").fetchone()[0] == 0
    kept = store.create_interview("")
    store.update_interview(kept.id, planned_minutes=30)
    assert store.discard_if_blank(kept.id) is False
    assert [row.id for row in store.list_interviews()] == [kept.id]
    assert store.discard_if_blank(10_000) is False
