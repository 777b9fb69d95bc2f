"""SQLModel tables: the interview domain in the user's words.

Every timestamp is an aware UTC datetime (SQLModel stores it as UTC text). Rows carry
foreign-key ids only (no lazy relationship attributes), so an object handed to the UI
after its session closed is plain data that can never trigger a query.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from infoint_tui import timekeeping
from infoint_tui.store.kinds import Medium as Medium  # re-exported: the tables use them
from infoint_tui.store.kinds import OutreachStatus as OutreachStatus
from infoint_tui.store.kinds import Stage as Stage
from infoint_tui.store.kinds import TimelineKind as TimelineKind


def utcnow() -> datetime:
    """The current time as an aware UTC datetime, the form every stored timestamp takes."""
    return timekeeping.utcnow()


def new_uuid() -> str:
    """A fresh random UUID in its canonical text form."""
    return str(uuid_module.uuid4())


def _enum_column(enum_class: type[StrEnum]) -> sa.Enum:
    """Store an enum by its value ("in_person"), readable in raw SQL and exports."""
    return sa.Enum(
        enum_class,
        values_callable=lambda members: [member.value for member in members],
        native_enum=False,
        length=20,
    )


class Contact(SQLModel, table=True):
    """A person: someone the user talked to, was referred to, or plans to approach.

    `how_met` is how they were found (alumni directory, LinkedIn, a referral...);
    `referred_by_id` who introduced them; one person can have several interviews.
    """

    __table_args__ = (
        # Whom to keep in touch with (PeopleOps.outreach_states), without reading everyone.
        sa.Index(
            "ix_contact_keep_in_touch_days",
            "keep_in_touch_days",
            sqlite_where=sa.text("keep_in_touch_days IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, index=True)
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    profile_url: str = ""
    how_met: str = ""
    referred_by_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="SET NULL", index=True
    )
    notes: str = ""
    organization_id: int | None = Field(
        default=None, foreign_key="organization.id", ondelete="SET NULL", index=True
    )
    outreach_status: OutreachStatus = Field(
        default=OutreachStatus.TO_CONTACT, index=True, sa_type=_enum_column(OutreachStatus)
    )
    keep_in_touch_days: int | None = None
    message_draft: str = ""
    """The request, nudge or update being written to them, until it is sent."""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TimelineEntry(SQLModel, table=True):
    """One dated event with a person: a request, a nudge, a reply, a status change..."""

    __tablename__ = "timeline_entry"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    kind: TimelineKind = Field(sa_type=_enum_column(TimelineKind))
    at: datetime = Field(default_factory=utcnow, index=True)
    text: str = ""


class Organization(SQLModel, table=True):
    """An employer or organization researched before an interview."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    sector: str = ""
    website: str = ""
    research_notes: str = ""
    motivation: int | None = None
    """How much the user wants to learn about it (1-5); set means it is on the target list."""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Occupation(SQLModel, table=True):
    """An occupation being explored, shared by every interview about it."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Interview(SQLModel, table=True):
    """One informational interview with one contact."""

    __table_args__ = (
        # Home's list by date (store/listing.py): its interviews' ids in order straight
        # from the index, and its first screen without sorting them all.
        sa.Index("ix_interview_when", sa.text("coalesce(started_at, scheduled_at)"), "id"),
        # Home's to-do (store/todo.py): thank-yous still to send by the end, the oldest
        # first, and the planned interviews not held, back from now, each walk stopping
        # after a panelful.
        sa.Index(
            "ix_interview_unthanked",
            "ended_at",
            "id",
            sqlite_where=sa.text("ended_at IS NOT NULL AND thanked = 0"),
        ),
        sa.Index(
            "ix_interview_waiting",
            "scheduled_at",
            sqlite_where=sa.text(
                "started_at IS NULL AND stage NOT IN ('reflect', 'follow_up', 'done')"
            ),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, index=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="RESTRICT", index=True)
    organization_id: int | None = Field(
        default=None, foreign_key="organization.id", ondelete="SET NULL", index=True
    )
    occupation_id: int | None = Field(
        default=None, foreign_key="occupation.id", ondelete="SET NULL", index=True
    )
    scheduled_at: datetime | None = Field(default=None, index=True)
    medium: Medium = Field(default=Medium.VIDEO, sa_type=_enum_column(Medium))
    planned_minutes: int = 25
    research_notes: str = ""
    goals: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    stage: Stage = Field(default=Stage.RESEARCH, index=True, sa_type=_enum_column(Stage))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    thanked: bool = Field(default=False, sa_column_kwargs={"server_default": sa.text("0")})
    """Whether its follow-up says the thank-you was sent: kept by the database's triggers on
    follow_up (migration 0008), never written by the application; it only narrows the
    to-do's walk (`ix_interview_unthanked`), the follow-up itself stays the rule."""


class Question(SQLModel, table=True):
    """A prepared question of one interview, and the answer heard."""

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE", index=True)
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
    updated_at: datetime = Field(default_factory=utcnow)


class Note(SQLModel, table=True):
    """A free note taken during or after the conversation."""

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE", index=True)
    text: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    offset_seconds: int | None = None
    starred: bool = False


class Reflection(SQLModel, table=True):
    """What the user made of the conversation."""

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(
        foreign_key="interview.id", ondelete="CASCADE", unique=True, index=True
    )
    fit_confidence: int | None = Field(default=None, ge=1, le=5)
    most_interesting: str = ""
    most_helpful: str = ""
    surprises: str = ""
    still_to_learn: str = ""
    next_steps: str = ""
    updated_at: datetime = Field(default_factory=utcnow)


class FollowUp(SQLModel, table=True):
    """The thank-you note and the future contact after one interview."""

    __tablename__ = "follow_up"
    __table_args__ = (
        # Home's to-do (store/todo.py): the next contacts due, the oldest first.
        sa.Index(
            "ix_follow_up_next_contact_on",
            "next_contact_on",
            sqlite_where=sa.text("next_contact_on IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(
        foreign_key="interview.id", ondelete="CASCADE", unique=True, index=True
    )
    thank_you_text: str = ""
    thank_you_sent_at: datetime | None = None
    next_contact_on: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class Referral(SQLModel, table=True):
    """Someone the contact suggested the user talk to next."""

    __table_args__ = (
        # Home's to-do (store/todo.py): the referrals not planned yet, without the others.
        sa.Index(
            "ix_referral_unplanned", "id", sqlite_where=sa.text("planned_interview_id IS NULL")
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE", index=True)
    name: str
    context: str = ""
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    planned_interview_id: int | None = Field(
        default=None, foreign_key="interview.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)


class QuestionBank(SQLModel, table=True):
    """A named set of ready questions; built-in banks are seeded from package data."""

    __tablename__ = "question_bank"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    name: str
    description: str = ""
    version: int = 1
    builtin: bool = True


class BankQuestion(SQLModel, table=True):
    """One ready question in a bank; `key` is stable across bank upgrades."""

    __tablename__ = "bank_question"

    id: int | None = Field(default=None, primary_key=True)
    bank_id: int = Field(foreign_key="question_bank.id", ondelete="CASCADE", index=True)
    key: str
    text: str
    category: str = "other"
    position: int = 0
    must_ask: bool = False
    estimate_minutes: float = 2.0


class Draft(SQLModel, table=True):
    """Text typed for something not made yet: a question being added, a referral being typed.

    Kept per interview and field name until the user adds it (or clears the field), so a
    crash brings it back as a draft.
    """

    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE", primary_key=True)
    name: str = Field(primary_key=True)
    text: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
