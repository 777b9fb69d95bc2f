"""Plain objects the store hands to the UI and the command line.

Each `...Record` mirrors one SQLModel table field for field (a test keeps them in step), as
elia's converters do: a screen holds plain data that can never lazy-load from a closed
session, and it may change its copy freely without touching a database row. This module
imports no SQLModel, so a screen can make a record at start-up without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Self, TypeVar

from infoint_tui import timekeeping
from infoint_tui.store.kinds import Medium, OutreachStatus, Stage, TimelineKind
from infoint_tui.store.listing import InterviewFilter, InterviewRow

__all__ = [
    "BankQuestionRecord",
    "ContactRecord",
    "FollowUpRecord",
    "InterviewBundle",
    "InterviewFilter",
    "InterviewRecord",
    "InterviewRow",
    "NoteRecord",
    "OccupationRecord",
    "OrganizationRecord",
    "QuestionBankRecord",
    "QuestionRecord",
    "Record",
    "ReferralRecord",
    "ReflectionRecord",
    "TimelineEntryRecord",
    "optional_record",
]


def _now() -> datetime:
    return timekeeping.utcnow()


@dataclass(kw_only=True)
class Record:
    """A plain copy of one row: `from_row` reads the fields this class names off the row."""

    @classmethod
    def from_row(cls, row: Any) -> Self:
        """A record with the values of `row` (a SQLModel row of the mirrored table)."""
        return cls(**{item.name: getattr(row, item.name) for item in fields(cls)})


R = TypeVar("R", bound=Record)


def optional_record(cls: type[R], row: Any | None) -> R | None:
    """`cls.from_row(row)`, or None when there is no row."""
    return None if row is None else cls.from_row(row)


@dataclass(kw_only=True)
class ContactRecord(Record):
    """A professional the user talks to (or was referred to)."""

    id: int | None = None
    uuid: str = ""
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    profile_url: str = ""
    how_met: str = ""
    referred_by_id: int | None = None
    notes: str = ""
    organization_id: int | None = None
    outreach_status: OutreachStatus = OutreachStatus.TO_CONTACT
    keep_in_touch_days: int | None = None
    message_draft: str = ""
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)


@dataclass(kw_only=True)
class TimelineEntryRecord(Record):
    """One dated event with a person."""

    id: int | None = None
    contact_id: int
    kind: TimelineKind
    at: datetime = field(default_factory=_now)
    text: str = ""


@dataclass(kw_only=True)
class OrganizationRecord(Record):
    """An employer or organization researched before an interview."""

    id: int | None = None
    name: str
    sector: str = ""
    website: str = ""
    research_notes: str = ""
    motivation: int | None = None
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)


@dataclass(kw_only=True)
class OccupationRecord(Record):
    """An occupation being explored."""

    id: int | None = None
    name: str
    created_at: datetime = field(default_factory=_now)


@dataclass(kw_only=True)
class InterviewRecord(Record):
    """One informational interview with one contact."""

    id: int | None = None
    uuid: str = ""
    contact_id: int
    organization_id: int | None = None
    occupation_id: int | None = None
    scheduled_at: datetime | None = None
    medium: Medium = Medium.VIDEO
    planned_minutes: int = 25
    research_notes: str = ""
    goals: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    stage: Stage = Stage.RESEARCH
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)
    thanked: bool = False
    """Whether its follow-up says the thank-you went out (the database keeps it)."""


@dataclass(kw_only=True)
class QuestionRecord(Record):
    """A prepared question of one interview, and the answer heard."""

    id: int | None = None
    interview_id: int
    text: str
    category: str = "other"
    position: int = 0
    must_ask: bool = False
    asked: bool = False
    asked_at_seconds: int | None = None
    skipped: bool = False
    answer: str = ""
    starred: bool = False
    estimate_minutes: float = 2.0
    bank_key: str | None = None
    updated_at: datetime = field(default_factory=_now)


@dataclass(kw_only=True)
class NoteRecord(Record):
    """A free note taken during or after the conversation."""

    id: int | None = None
    interview_id: int
    text: str = ""
    created_at: datetime = field(default_factory=_now)
    offset_seconds: int | None = None
    starred: bool = False


@dataclass(kw_only=True)
class ReflectionRecord(Record):
    """What the user made of the conversation."""

    id: int | None = None
    interview_id: int
    fit_confidence: int | None = None
    most_interesting: str = ""
    most_helpful: str = ""
    surprises: str = ""
    still_to_learn: str = ""
    next_steps: str = ""
    updated_at: datetime = field(default_factory=_now)


@dataclass(kw_only=True)
class FollowUpRecord(Record):
    """The thank-you note and the future contact after one interview."""

    id: int | None = None
    interview_id: int
    thank_you_text: str = ""
    thank_you_sent_at: datetime | None = None
    next_contact_on: date | None = None
    updated_at: datetime = field(default_factory=_now)


@dataclass(kw_only=True)
class ReferralRecord(Record):
    """Someone the contact suggested the user talk to next."""

    id: int | None = None
    interview_id: int
    name: str
    context: str = ""
    contact_id: int | None = None
    planned_interview_id: int | None = None
    created_at: datetime = field(default_factory=_now)


@dataclass(kw_only=True)
class QuestionBankRecord(Record):
    """A named set of ready questions."""

    id: int | None = None
    key: str
    name: str
    description: str = ""
    version: int = 1
    builtin: bool = True


@dataclass(kw_only=True)
class BankQuestionRecord(Record):
    """One ready question in a bank."""

    id: int | None = None
    bank_id: int
    key: str
    text: str
    category: str = "other"
    position: int = 0
    must_ask: bool = False
    estimate_minutes: float = 2.0


@dataclass
class InterviewBundle:
    """Everything about one interview, loaded in one read."""

    interview: InterviewRecord
    contact: ContactRecord
    organization: OrganizationRecord | None
    occupation: OccupationRecord | None
    referred_by: ContactRecord | None
    questions: list[QuestionRecord] = field(default_factory=list)
    notes: list[NoteRecord] = field(default_factory=list)
    reflection: ReflectionRecord | None = None
    follow_up: FollowUpRecord | None = None
    referrals: list[ReferralRecord] = field(default_factory=list)
