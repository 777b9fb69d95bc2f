"""The facade the screens and the command line call: each method is one short transaction."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import col, select

from infoint_tui.store.banks import ensure_banks
from infoint_tui.store.connections import driver_connection
from infoint_tui.store.conversation import ConversationOps
from infoint_tui.store.engine import make_engine
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.follow_up_ops import FollowUpOps
from infoint_tui.store.kinds import OutreachStatus
from infoint_tui.store.listing import list_ids, list_interviews, rows_by_id
from infoint_tui.store.models import (
    BankQuestion,
    Contact,
    FollowUp,
    Interview,
    Medium,
    Note,
    Occupation,
    Organization,
    Question,
    QuestionBank,
    Referral,
    Reflection,
    Stage,
    utcnow,
)
from infoint_tui.store.people_ops import PeopleOps, follow_interview
from infoint_tui.store.question_ops import QuestionOps, copy_bank
from infoint_tui.store.records import (
    BankQuestionRecord,
    ContactRecord,
    FollowUpRecord,
    InterviewBundle,
    InterviewFilter,
    InterviewRecord,
    InterviewRow,
    NoteRecord,
    OccupationRecord,
    OrganizationRecord,
    QuestionBankRecord,
    QuestionRecord,
    ReferralRecord,
    ReflectionRecord,
    optional_record,
)
from infoint_tui.store.reports_ops import ReportOps
from infoint_tui.store.rows import assign, get_row, named_row
from infoint_tui.store.search_ops import SearchOps
from infoint_tui.store.sessions import reading, writing
from infoint_tui.store.texts import TextOps
from infoint_tui.timekeeping import aware

_CONTACT_FIELDS = {
    "name",
    "role",
    "email",
    "phone",
    "profile_url",
    "how_met",
    "notes",
    "referred_by_id",
}
_ORGANIZATION_FIELDS = {"name", "sector", "website", "research_notes"}
_INTERVIEW_FIELDS = {
    "scheduled_at",
    "medium",
    "planned_minutes",
    "research_notes",
    "goals",
    "started_at",
    "ended_at",
    "stage",
}


class Store(QuestionOps, FollowUpOps, TextOps, ConversationOps, SearchOps, ReportOps, PeopleOps):
    """Operations on one infoint-tui database, returning plain detached objects."""

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating or upgrading) the database at `path` and seed the question banks."""
        engine = make_engine(path)
        ensure_banks(engine)
        return cls(engine, Path(path))

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # -- look-ups ------------------------------------------------------------------------

    def banks(self) -> list[QuestionBankRecord]:
        """Every question bank, built-in ones first."""
        with reading(self.engine) as session:
            query = select(QuestionBank).order_by(
                col(QuestionBank.builtin).desc(), col(QuestionBank.id)
            )
            return [QuestionBankRecord.from_row(row) for row in session.exec(query)]

    def bank_questions(self, bank_key: str) -> list[BankQuestionRecord]:
        """The questions of one bank in their order."""
        with reading(self.engine) as session:
            query = (
                select(BankQuestion)
                .join(QuestionBank)
                .where(QuestionBank.key == bank_key)
                .order_by(col(BankQuestion.position))
            )
            return [BankQuestionRecord.from_row(row) for row in session.exec(query)]

    def occupations(self) -> list[OccupationRecord]:
        """Occupations used so far, by name."""
        with reading(self.engine) as session:
            query = select(Occupation).order_by(func.lower(Occupation.name))
            return [OccupationRecord.from_row(row) for row in session.exec(query)]

    def organizations(self) -> list[OrganizationRecord]:
        """Organizations used so far, by name."""
        with reading(self.engine) as session:
            query = select(Organization).order_by(func.lower(Organization.name))
            return [OrganizationRecord.from_row(row) for row in session.exec(query)]

    def contacts(self) -> list[ContactRecord]:
        """Every contact, by name."""
        with reading(self.engine) as session:
            query = select(Contact).order_by(func.lower(Contact.name))
            return [ContactRecord.from_row(row) for row in session.exec(query)]

    def interview(self, interview_id: int) -> InterviewBundle:
        """Everything about one interview, as plain records."""
        with reading(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            contact = get_row(session, Contact, interview.contact_id)
            organization = (
                session.get(Organization, interview.organization_id)
                if interview.organization_id
                else None
            )
            occupation = (
                session.get(Occupation, interview.occupation_id)
                if interview.occupation_id
                else None
            )
            referred_by = (
                session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
            )
            questions = session.exec(
                select(Question)
                .where(Question.interview_id == interview_id)
                .order_by(col(Question.position), col(Question.id))
            ).all()
            notes = session.exec(
                select(Note)
                .where(Note.interview_id == interview_id)
                .order_by(col(Note.created_at), col(Note.id))
            ).all()
            reflection = session.exec(
                select(Reflection).where(Reflection.interview_id == interview_id)
            ).first()
            follow_up = session.exec(
                select(FollowUp).where(FollowUp.interview_id == interview_id)
            ).first()
            referrals = session.exec(
                select(Referral)
                .where(Referral.interview_id == interview_id)
                .order_by(col(Referral.created_at), col(Referral.id))
            ).all()
        return InterviewBundle(
            interview=InterviewRecord.from_row(interview),
            contact=ContactRecord.from_row(contact),
            organization=optional_record(OrganizationRecord, organization),
            occupation=optional_record(OccupationRecord, occupation),
            referred_by=optional_record(ContactRecord, referred_by),
            questions=[QuestionRecord.from_row(row) for row in questions],
            notes=[NoteRecord.from_row(row) for row in notes],
            reflection=optional_record(ReflectionRecord, reflection),
            follow_up=optional_record(FollowUpRecord, follow_up),
            referrals=[ReferralRecord.from_row(row) for row in referrals],
        )

    def interview_id_for_uuid(self, uuid: str) -> int:
        """The local id of the interview with this UUID."""
        with reading(self.engine) as session:
            found = session.exec(select(Interview.id).where(Interview.uuid == uuid)).first()
        if found is None:
            raise NotFoundError(f"no interview has the id {uuid}")
        return found

    def list_interviews(self, where: InterviewFilter | None = None) -> list[InterviewRow]:
        """Interviews matching `where`, newest (or most upcoming) first by default."""
        return list_interviews(self.engine, where)

    def home_ids(
        self,
        where: InterviewFilter | None = None,
        *,
        names: str = "",
        now: datetime | None = None,
        limit: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> array[int]:
        """The ids of the interviews `where` and `names` let through, in Home's order
        (`store.listing.list_ids`); `limit`: the first ones only; `cancelled`: asked now
        and then, the read stopping (sqlite3.OperationalError) once it says yes."""
        with driver_connection(self.engine) as connection:
            return list_ids(
                connection, where, names=names, now=now, limit=limit, cancelled=cancelled
            )

    def interview_rows(self, ids: Sequence[int]) -> dict[int, InterviewRow]:
        """The list rows of the interviews `ids` (those that still exist), by id."""
        with driver_connection(self.engine) as connection:
            return rows_by_id(connection, ids)

    # -- interviews ----------------------------------------------------------------------

    def create_interview(
        self,
        contact_name: str,
        *,
        occupation: str | None = None,
        organization: str | None = None,
        bank_key: str | None = None,
        scheduled_at: datetime | None = None,
        medium: Medium = Medium.VIDEO,
        planned_minutes: int = 25,
        referred_by_id: int | None = None,
        contact_id: int | None = None,
    ) -> InterviewRecord:
        """Create an interview (and its contact), optionally with a bank's questions.

        With `contact_id`, the interview is with that person, at their organization unless
        `organization` names another; a new contact works at `organization`.
        """
        with writing(self.engine) as session:
            organization_id = named_row(session, Organization, organization)
            if contact_id is None:
                contact = Contact(
                    name=contact_name.strip(),
                    referred_by_id=referred_by_id,
                    organization_id=organization_id,
                )
                session.add(contact)
                session.flush()
                contact_id = contact.id
            elif organization_id is None:
                # An interview with someone known is at their organization, until changed.
                organization_id = get_row(session, Contact, contact_id).organization_id
            interview = Interview(
                contact_id=contact_id,  # type: ignore[arg-type]
                occupation_id=named_row(session, Occupation, occupation),
                organization_id=organization_id,
                scheduled_at=scheduled_at,
                medium=medium,
                planned_minutes=planned_minutes,
            )
            session.add(interview)
            session.flush()
            if bank_key:
                copy_bank(session, interview.id, bank_key, keys=None)  # type: ignore[arg-type]
        return InterviewRecord.from_row(interview)

    def update_interview(self, interview_id: int, **fields: Any) -> InterviewRecord:
        """Change interview fields (scheduled_at, medium, planned_minutes, notes, goals, stage)."""
        with writing(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            assign(interview, _INTERVIEW_FIELDS, fields)
            if "scheduled_at" in fields or "ended_at" in fields:
                follow_interview(session, interview)
        return InterviewRecord.from_row(interview)

    def set_stage(self, interview_id: int, stage: Stage) -> InterviewRecord:
        """Move an interview to a stage."""
        return self.update_interview(interview_id, stage=Stage(stage))

    def start_clock(self, interview_id: int, at: datetime | None = None) -> datetime:
        """Stamp the start of the conversation once; return when it started."""
        with writing(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            if interview.started_at is None:
                assign(interview, {"started_at"}, {"started_at": at or utcnow()})
            assert interview.started_at is not None
            return interview.started_at

    def end_interview(self, interview_id: int, at: datetime | None = None) -> InterviewRecord:
        """Stamp the end of the conversation (once)."""
        with writing(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            if interview.ended_at is None:
                assign(interview, {"ended_at"}, {"ended_at": at or utcnow()})
                follow_interview(session, interview)
        return InterviewRecord.from_row(interview)

    def delete_interview(self, interview_id: int) -> None:
        """Delete an interview with its questions, notes, reflection and follow-up."""
        with writing(self.engine) as session:
            session.delete(get_row(session, Interview, interview_id))

    def update_contact(self, contact_id: int, **fields: Any) -> ContactRecord:
        """Change contact fields."""
        with writing(self.engine) as session:
            contact = get_row(session, Contact, contact_id)
            assign(contact, _CONTACT_FIELDS, fields)
        return ContactRecord.from_row(contact)

    def set_organization(self, interview_id: int, name: str | None) -> OrganizationRecord | None:
        """Link the interview to the organization of that name (created if new)."""
        with writing(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            interview.organization_id = named_row(session, Organization, name)
            interview.updated_at = utcnow()
            organization = (
                session.get(Organization, interview.organization_id)
                if interview.organization_id
                else None
            )
        return optional_record(OrganizationRecord, organization)

    def update_organization(self, organization_id: int, **fields: Any) -> OrganizationRecord:
        """Change organization fields (sector, website, research notes)."""
        with writing(self.engine) as session:
            organization = get_row(session, Organization, organization_id)
            assign(organization, _ORGANIZATION_FIELDS, fields)
        return OrganizationRecord.from_row(organization)

    def set_occupation(self, interview_id: int, name: str | None) -> OccupationRecord | None:
        """Link the interview to the occupation of that name (created if new)."""
        with writing(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            interview.occupation_id = named_row(session, Occupation, name)
            interview.updated_at = utcnow()
            occupation = (
                session.get(Occupation, interview.occupation_id)
                if interview.occupation_id
                else None
            )
        return optional_record(OccupationRecord, occupation)

    # -- typed links (research stage) ------------------------------------------------------

    def discard_if_blank(self, interview_id: int) -> bool:
        """Delete a new interview and its contact if nothing at all was entered in them.

        An interview with a person known before (from People, or with a timeline or other
        interviews) is kept however blank: it was prepared with them on purpose, and the
        person is never deleted with it.
        """
        with writing(self.engine) as session:
            interview = session.get(Interview, interview_id)
            if interview is None:
                return False
            contact = get_row(session, Contact, interview.contact_id)
            if _known_person(session, contact, interview):
                return False
            blank = (
                not any(
                    getattr(contact, name).strip()
                    for name in (
                        "name",
                        "role",
                        "email",
                        "phone",
                        "profile_url",
                        "how_met",
                        "notes",
                    )
                )
                and contact.referred_by_id is None
                and interview.organization_id in (None, contact.organization_id)
                and interview.occupation_id is None
                and interview.scheduled_at is None
                and interview.started_at is None
                and interview.medium == Medium.VIDEO
                and interview.planned_minutes == 25
                and not interview.research_notes.strip()
                and not interview.goals.strip()
                and not session.exec(
                    select(Question.id).where(Question.interview_id == interview_id)
                ).first()
                and not session.exec(
                    select(Note.id).where(Note.interview_id == interview_id)
                ).first()
            )
            if not blank:
                return False
            session.delete(interview)
            session.flush()
            session.delete(contact)
            return True

    def link_by_name(
        self, interview_id: int, kind: str, name: str | None
    ) -> OrganizationRecord | OccupationRecord | None:
        """Link the interview to the organization or occupation (`kind`) of that name.

        The row is found case-insensitively or created. The one it leaves is deleted when
        no interview uses it and it holds nothing but its name: a name saved on the way to
        another while the user types it letter by letter ("Ac" on the way to "Acme").
        """
        model: type[Organization] | type[Occupation] = (
            Organization if kind == "organization" else Occupation
        )
        column = f"{kind}_id"
        with writing(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            before = getattr(interview, column)
            after = named_row(session, model, name)
            setattr(interview, column, after)
            interview.updated_at = utcnow()
            if kind == "organization":
                # The person works where the interview is, unless they were placed elsewhere.
                contact = get_row(session, Contact, interview.contact_id)
                if contact.organization_id in (None, before):
                    contact.organization_id = after
            session.flush()
            if before is not None and before != after:
                left = session.get(model, before)
                used = session.exec(
                    select(Interview.id).where(getattr(Interview, column) == before)
                ).first()
                if used is None and kind == "organization":
                    used = session.exec(
                        select(Contact.id).where(Contact.organization_id == before)
                    ).first()
                details = ("sector", "website", "research_notes", "motivation")
                if (
                    left is not None
                    and used is None
                    and not any(getattr(left, field, "") for field in details)
                ):
                    session.delete(left)
            linked = None if after is None else session.get(model, after)
        if linked is None:
            return None
        if isinstance(linked, Organization):
            return OrganizationRecord.from_row(linked)
        return OccupationRecord.from_row(linked)

    def update_linked_organization(
        self, interview_id: int, **fields: Any
    ) -> OrganizationRecord | None:
        """Change the details of the organization the interview is linked to right now."""
        with writing(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            if interview.organization_id is None:
                return None
            organization = get_row(session, Organization, interview.organization_id)
            assign(organization, _ORGANIZATION_FIELDS, fields)
        return OrganizationRecord.from_row(organization)


#: A contact made this long before an interview existed before it (a person from People).
_MADE_WITH_IT = timedelta(seconds=2)


def _known_person(session: Any, contact: Contact, interview: Interview) -> bool:
    """Whether the contact is a person in their own right, not made for this interview:
    other interviews, a timeline, a referral, someone they introduced, an outreach status,
    or made before it."""
    connection = session.connection()
    for sql in (
        "SELECT 1 FROM interview WHERE contact_id = ? AND id != ?",
        "SELECT 1 FROM timeline_entry WHERE contact_id = ? AND ? IS NOT NULL",
        "SELECT 1 FROM referral WHERE contact_id = ? AND ? IS NOT NULL",
        "SELECT 1 FROM contact WHERE referred_by_id = ? AND ? IS NOT NULL",
    ):
        if connection.exec_driver_sql(sql, (contact.id, interview.id)).first() is not None:
            return True
    if contact.outreach_status != OutreachStatus.TO_CONTACT:
        return True
    made, opened = aware(contact.created_at), aware(interview.created_at)
    return made is not None and opened is not None and made < opened - _MADE_WITH_IT
