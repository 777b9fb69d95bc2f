"""The plain records screens get: each mirrors its table, and no SQLModel row leaks out."""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from typing import Any, get_type_hints

import pytest
from sqlmodel import SQLModel

from infoint_tui.store import models
from infoint_tui.store.records import (
    BankQuestionRecord,
    ContactRecord,
    FollowUpRecord,
    InterviewBundle,
    InterviewRecord,
    NoteRecord,
    OccupationRecord,
    OrganizationRecord,
    QuestionBankRecord,
    QuestionRecord,
    Record,
    ReferralRecord,
    ReflectionRecord,
    TimelineEntryRecord,
)
from infoint_tui.store.store import Store

MIRRORS: dict[type[Record], type[SQLModel]] = {
    ContactRecord: models.Contact,
    TimelineEntryRecord: models.TimelineEntry,
    OrganizationRecord: models.Organization,
    OccupationRecord: models.Occupation,
    InterviewRecord: models.Interview,
    QuestionRecord: models.Question,
    NoteRecord: models.Note,
    ReflectionRecord: models.Reflection,
    FollowUpRecord: models.FollowUp,
    ReferralRecord: models.Referral,
    QuestionBankRecord: models.QuestionBank,
    BankQuestionRecord: models.BankQuestion,
}
UNMIRRORED = {models.Draft}
"""Tables no screen sees as rows (a draft reaches the UI as its text only)."""


def test_every_table_has_a_record_or_is_named_as_not_needing_one() -> None:
    tables = {
        model
        for model in vars(models).values()
        if isinstance(model, type)
        and issubclass(model, SQLModel)
        and getattr(model, "__table__", None) is not None
    }
    assert tables == set(MIRRORS.values()) | UNMIRRORED


@pytest.mark.parametrize("record, model", MIRRORS.items(), ids=lambda c: c.__name__)
def test_a_record_has_exactly_its_tables_fields_and_types(
    record: type[Record], model: type[SQLModel]
) -> None:
    hints = get_type_hints(record)
    mirrored = {item.name: hints[item.name] for item in fields(record)}
    columns = {name: info.annotation for name, info in model.model_fields.items()}
    assert mirrored == columns


@pytest.mark.parametrize("record, model", MIRRORS.items(), ids=lambda c: c.__name__)
def test_a_record_has_its_tables_plain_defaults(
    record: type[Record], model: type[SQLModel]
) -> None:
    for item in fields(record):
        info = model.model_fields[item.name]
        if info.default_factory is None and item.default is not MISSING:
            assert item.default == info.default, item.name


def test_from_row_copies_every_field_and_the_copy_is_independent() -> None:
    row = models.Question(id=3, interview_id=1, text="What surprised you?", answer="a lot")
    copy = QuestionRecord.from_row(row)
    assert {item.name: getattr(copy, item.name) for item in fields(copy)} == row.model_dump()
    copy.asked = True
    assert row.asked is False


def _leaks(value: Any, path: str = "bundle") -> list[str]:
    """Where in `value` (a record, bundle, list or plain value) a SQLModel row sits."""
    if isinstance(value, SQLModel):
        return [path]
    if isinstance(value, list | tuple):
        return [leak for i, item in enumerate(value) for leak in _leaks(item, f"{path}[{i}]")]
    if is_dataclass(value) and not isinstance(value, type):
        return [
            leak
            for item in fields(value)
            for leak in _leaks(getattr(value, item.name), f"{path}.{item.name}")
        ]
    return []


@pytest.fixture
def full_interview(store: Store) -> tuple[Store, int]:
    """An interview with something in every part of its bundle."""
    referrer = store.create_interview("Ada")
    interview = store.create_interview(
        "Grace",
        occupation="Librarian",
        organization="City Library",
        bank_key="essentials",
        referred_by_id=referrer.contact_id,
    )
    assert interview.id is not None
    store.add_note(interview.id, "quiet mornings")
    store.save_reflection(interview.id, fit_confidence=4, surprises="the budget")
    store.save_follow_up(interview.id, thank_you_text="Thanks!", next_contact_on=date(2030, 1, 2))
    store.add_referral(interview.id, "Linus", "knows the archive")
    return store, interview.id


def test_the_interview_bundle_holds_records_only(full_interview: tuple[Store, int]) -> None:
    store, interview_id = full_interview
    bundle = store.interview(interview_id)
    assert isinstance(bundle, InterviewBundle)
    assert bundle.organization and bundle.occupation and bundle.referred_by
    assert bundle.questions and bundle.notes and bundle.referrals
    assert bundle.reflection and bundle.follow_up
    assert _leaks(bundle) == []


def test_what_the_store_writes_comes_back_as_records(full_interview: tuple[Store, int]) -> None:
    store, interview_id = full_interview
    bundle = store.interview(interview_id)
    question, note, referral = bundle.questions[0], bundle.notes[0], bundle.referrals[0]
    assert question.id and note.id and referral.id
    returned = [
        store.update_interview(interview_id, goals="learn the day"),
        store.update_contact(bundle.contact.id or 0, role="Archivist"),
        store.link_by_name(interview_id, "organization", "State Library"),
        store.update_linked_organization(interview_id, sector="public"),
        store.set_occupation(interview_id, "Archivist"),
        store.add_question(interview_id, "What do you read?"),
        store.mark_asked(question.id, at_seconds=30),
        store.mark_skipped(question.id),
        store.set_marks(question.id, asked=True, asked_at_seconds=5, skipped=False, starred=True),
        store.move_question(question.id, 1),
        store.save_note(note.id, "quiet afternoons"),
        store.star_note(note.id),
        store.record_conversation(interview_id, started_at=None, ended_at=None, stage="questions"),
        store.record_thank_you_sent(interview_id),
        store.update_referral(referral.id, context="the map room"),
        store.plan_interview_from_referral(referral.id),
        store.banks(),
        store.bank_questions("essentials"),
        store.contacts(),
        store.organizations(),
        store.occupations(),
        store.unanswered_bank_questions(bundle.occupation.id if bundle.occupation else 0),
    ]
    assert all(item is not None for item in returned)
    assert _leaks(returned, "returned") == []
