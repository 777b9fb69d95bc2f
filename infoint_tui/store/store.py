"""The facade the screens and the command line call: each method is one short transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, func, or_
from sqlmodel import Session, SQLModel, col, select

from infoint_tui.store.banks import MY_QUESTIONS, ensure_banks
from infoint_tui.store.engine import make_engine
from infoint_tui.store.errors import NotFoundError
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
from infoint_tui.store.records import InterviewBundle, InterviewFilter, InterviewRow
from infoint_tui.store.sessions import reading, writing

Row = TypeVar("Row", bound=SQLModel)

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
_REFLECTION_FIELDS = {
    "fit_confidence",
    "most_interesting",
    "most_helpful",
    "surprises",
    "still_to_learn",
    "next_steps",
}
_FOLLOW_UP_FIELDS = {"thank_you_text", "thank_you_sent_at", "next_contact_on"}
_QUESTION_FIELDS = {"text", "category", "must_ask", "answer", "starred", "estimate_minutes"}


def _get(session: Session, model: type[Row], row_id: int) -> Row:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{model.__name__.lower()} {row_id} does not exist (any more)")
    return row


def _assign(row: SQLModel, allowed: set[str], fields: dict[str, Any]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"cannot set {', '.join(sorted(unknown))} on {type(row).__name__}")
    for name, value in fields.items():
        setattr(row, name, value)
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()


def _seconds_since(started_at: datetime | None) -> int | None:
    if started_at is None:
        return None
    return max(0, int((utcnow() - started_at).total_seconds()))


class Store:
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

    def banks(self) -> list[QuestionBank]:
        """Every question bank, built-in ones first."""
        with reading(self.engine) as session:
            query = select(QuestionBank).order_by(
                col(QuestionBank.builtin).desc(), col(QuestionBank.id)
            )
            return list(session.exec(query))

    def bank_questions(self, bank_key: str) -> list[BankQuestion]:
        """The questions of one bank in their order."""
        with reading(self.engine) as session:
            query = (
                select(BankQuestion)
                .join(QuestionBank)
                .where(QuestionBank.key == bank_key)
                .order_by(col(BankQuestion.position))
            )
            return list(session.exec(query))

    def occupations(self) -> list[Occupation]:
        """Occupations used so far, by name."""
        with reading(self.engine) as session:
            return list(session.exec(select(Occupation).order_by(func.lower(Occupation.name))))

    def organizations(self) -> list[Organization]:
        """Organizations used so far, by name."""
        with reading(self.engine) as session:
            query = select(Organization).order_by(func.lower(Organization.name))
            return list(session.exec(query))

    def contacts(self) -> list[Contact]:
        """Every contact, by name."""
        with reading(self.engine) as session:
            return list(session.exec(select(Contact).order_by(func.lower(Contact.name))))

    def interview(self, interview_id: int) -> InterviewBundle:
        """Everything about one interview."""
        with reading(self.engine) as session:
            interview = _get(session, Interview, interview_id)
            contact = _get(session, Contact, interview.contact_id)
            return InterviewBundle(
                interview=interview,
                contact=contact,
                organization=session.get(Organization, interview.organization_id)
                if interview.organization_id
                else None,
                occupation=session.get(Occupation, interview.occupation_id)
                if interview.occupation_id
                else None,
                referred_by=session.get(Contact, contact.referred_by_id)
                if contact.referred_by_id
                else None,
                questions=list(
                    session.exec(
                        select(Question)
                        .where(Question.interview_id == interview_id)
                        .order_by(col(Question.position), col(Question.id))
                    )
                ),
                notes=list(
                    session.exec(
                        select(Note)
                        .where(Note.interview_id == interview_id)
                        .order_by(col(Note.created_at), col(Note.id))
                    )
                ),
                reflection=session.exec(
                    select(Reflection).where(Reflection.interview_id == interview_id)
                ).first(),
                follow_up=session.exec(
                    select(FollowUp).where(FollowUp.interview_id == interview_id)
                ).first(),
                referrals=list(
                    session.exec(
                        select(Referral)
                        .where(Referral.interview_id == interview_id)
                        .order_by(col(Referral.created_at), col(Referral.id))
                    )
                ),
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
        where = where or InterviewFilter()
        when = func.coalesce(Interview.scheduled_at, Interview.created_at)
        query: Any = (
            select(  # type: ignore[call-overload,misc]
                Interview.id,
                Interview.uuid,
                when,
                Interview.scheduled_at,
                Contact.name,
                Organization.name,
                Occupation.name,
                Interview.stage,
                Reflection.fit_confidence,
                FollowUp.thank_you_sent_at,
                Interview.ended_at,
            )
            .join(Contact, col(Contact.id) == Interview.contact_id)
            .outerjoin(Organization, col(Organization.id) == Interview.organization_id)
            .outerjoin(Occupation, col(Occupation.id) == Interview.occupation_id)
            .outerjoin(Reflection, col(Reflection.interview_id) == Interview.id)
            .outerjoin(FollowUp, col(FollowUp.interview_id) == Interview.id)
        )
        if where.text.strip():
            for word in where.text.split():
                pattern = "%" + _like_escape(word) + "%"
                query = query.where(
                    or_(
                        col(Contact.name).ilike(pattern, escape="\\"),
                        col(Organization.name).ilike(pattern, escape="\\"),
                        col(Occupation.name).ilike(pattern, escape="\\"),
                    )
                )
        if where.occupation_id is not None:
            query = query.where(Interview.occupation_id == where.occupation_id)
        if where.organization_id is not None:
            query = query.where(Interview.organization_id == where.organization_id)
        if where.stage is not None:
            query = query.where(Interview.stage == where.stage)
        if where.since is not None:
            query = query.where(when >= _day_start(where.since, where.local_days))
        if where.until is not None:
            query = query.where(
                when < _day_start(where.until + timedelta(days=1), where.local_days)
            )
        if where.min_fit is not None:
            query = query.where(col(Reflection.fit_confidence) >= where.min_fit)
        if where.sort == "fit":
            query = query.order_by(col(Reflection.fit_confidence).desc().nulls_last(), when.desc())
        elif where.sort == "contact":
            query = query.order_by(func.lower(Contact.name), when.desc())
        else:
            query = query.order_by(when.desc(), col(Interview.id).desc())
        with reading(self.engine) as session:
            rows = session.execute(query).all()
        return [
            InterviewRow(
                id=row[0],
                uuid=row[1],
                when=_aware(row[2]),
                scheduled_at=row[3],
                contact_name=row[4],
                organization_name=row[5],
                occupation_name=row[6],
                stage=Stage(row[7]),
                fit_confidence=row[8],
                thank_you_sent_at=row[9],
                ended_at=row[10],
            )
            for row in rows
        ]

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
    ) -> Interview:
        """Create an interview (and its contact), optionally with a bank's questions."""
        with writing(self.engine) as session:
            if contact_id is None:
                contact = Contact(name=contact_name.strip(), referred_by_id=referred_by_id)
                session.add(contact)
                session.flush()
                contact_id = contact.id
            interview = Interview(
                contact_id=contact_id,  # type: ignore[arg-type]
                occupation_id=_named(session, Occupation, occupation),
                organization_id=_named(session, Organization, organization),
                scheduled_at=scheduled_at,
                medium=medium,
                planned_minutes=planned_minutes,
            )
            session.add(interview)
            session.flush()
            if bank_key:
                _copy_bank(session, interview.id, bank_key, keys=None)  # type: ignore[arg-type]
            return interview

    def update_interview(self, interview_id: int, **fields: Any) -> Interview:
        """Change interview fields (scheduled_at, medium, planned_minutes, notes, goals, stage)."""
        with writing(self.engine) as session:
            interview = _get(session, Interview, interview_id)
            _assign(interview, _INTERVIEW_FIELDS, fields)
            return interview

    def set_stage(self, interview_id: int, stage: Stage) -> Interview:
        """Move an interview to a stage."""
        return self.update_interview(interview_id, stage=Stage(stage))

    def start_clock(self, interview_id: int, at: datetime | None = None) -> datetime:
        """Stamp the start of the conversation once; return when it started."""
        with writing(self.engine) as session:
            interview = _get(session, Interview, interview_id)
            if interview.started_at is None:
                _assign(interview, {"started_at"}, {"started_at": at or utcnow()})
            assert interview.started_at is not None
            return interview.started_at

    def end_interview(self, interview_id: int, at: datetime | None = None) -> Interview:
        """Stamp the end of the conversation (once)."""
        with writing(self.engine) as session:
            interview = _get(session, Interview, interview_id)
            if interview.ended_at is None:
                _assign(interview, {"ended_at"}, {"ended_at": at or utcnow()})
            return interview

    def delete_interview(self, interview_id: int) -> None:
        """Delete an interview with its questions, notes, reflection and follow-up."""
        with writing(self.engine) as session:
            session.delete(_get(session, Interview, interview_id))

    def update_contact(self, contact_id: int, **fields: Any) -> Contact:
        """Change contact fields."""
        with writing(self.engine) as session:
            contact = _get(session, Contact, contact_id)
            _assign(contact, _CONTACT_FIELDS, fields)
            return contact

    def set_organization(self, interview_id: int, name: str | None) -> Organization | None:
        """Link the interview to the organization of that name (created if new)."""
        with writing(self.engine) as session:
            interview = _get(session, Interview, interview_id)
            interview.organization_id = _named(session, Organization, name)
            interview.updated_at = utcnow()
            return (
                session.get(Organization, interview.organization_id)
                if interview.organization_id
                else None
            )

    def update_organization(self, organization_id: int, **fields: Any) -> Organization:
        """Change organization fields (sector, website, research notes)."""
        with writing(self.engine) as session:
            organization = _get(session, Organization, organization_id)
            _assign(organization, _ORGANIZATION_FIELDS, fields)
            return organization

    def set_occupation(self, interview_id: int, name: str | None) -> Occupation | None:
        """Link the interview to the occupation of that name (created if new)."""
        with writing(self.engine) as session:
            interview = _get(session, Interview, interview_id)
            interview.occupation_id = _named(session, Occupation, name)
            interview.updated_at = utcnow()
            return (
                session.get(Occupation, interview.occupation_id)
                if interview.occupation_id
                else None
            )

    # -- questions -----------------------------------------------------------------------

    def add_bank_questions(
        self, interview_id: int, bank_key: str, keys: Iterable[str] | None = None
    ) -> list[Question]:
        """Copy a whole bank (or the named questions of it) to the end of the list."""
        with writing(self.engine) as session:
            _get(session, Interview, interview_id)
            return _copy_bank(session, interview_id, bank_key, keys)

    def add_question(
        self,
        interview_id: int,
        text: str,
        *,
        category: str = "other",
        must_ask: bool = False,
        save_to_mine: bool = False,
    ) -> Question:
        """Add a question of the user's own at the end; optionally keep it in "My questions"."""
        with writing(self.engine) as session:
            _get(session, Interview, interview_id)
            question = Question(
                interview_id=interview_id,
                text=text,
                category=category,
                must_ask=must_ask,
                position=_next_position(session, interview_id),
            )
            session.add(question)
            if save_to_mine:
                bank = session.exec(
                    select(QuestionBank).where(QuestionBank.key == MY_QUESTIONS)
                ).one()
                count = session.exec(
                    select(func.count())
                    .select_from(BankQuestion)
                    .where(BankQuestion.bank_id == bank.id)
                ).one()
                key = f"mine-{count + 1}-{utcnow():%Y%m%d%H%M%S%f}"
                session.add(
                    BankQuestion(
                        bank_id=bank.id,  # type: ignore[arg-type]
                        key=key,
                        text=text,
                        category=category,
                        position=count,
                        must_ask=must_ask,
                    )
                )
                question.bank_key = f"{MY_QUESTIONS}:{key}"
            session.flush()
            return question

    def update_question(self, question_id: int, **fields: Any) -> Question:
        """Change question fields (text, category, must_ask, answer, starred, estimate)."""
        with writing(self.engine) as session:
            question = _get(session, Question, question_id)
            _assign(question, _QUESTION_FIELDS, fields)
            return question

    def save_answer(self, question_id: int, answer: str) -> Question:
        """Store the answer text as typed so far."""
        return self.update_question(question_id, answer=answer)

    def star_question(self, question_id: int, starred: bool = True) -> Question:
        """Mark the answer as most interesting or helpful (or not)."""
        return self.update_question(question_id, starred=starred)

    def set_must_ask(self, question_id: int, must_ask: bool = True) -> Question:
        """Flag the question as one not to leave without asking."""
        return self.update_question(question_id, must_ask=must_ask)

    def mark_asked(
        self, question_id: int, asked: bool = True, at_seconds: int | None = None
    ) -> Question:
        """Tick a question off, stamping seconds since the start (or untick it)."""
        with writing(self.engine) as session:
            question = _get(session, Question, question_id)
            interview = _get(session, Interview, question.interview_id)
            question.asked = asked
            if asked:
                question.skipped = False
                if question.asked_at_seconds is None or at_seconds is not None:
                    question.asked_at_seconds = (
                        at_seconds
                        if at_seconds is not None
                        else _seconds_since(interview.started_at)
                    )
            else:
                question.asked_at_seconds = None
            question.updated_at = utcnow()
            return question

    def mark_skipped(self, question_id: int, skipped: bool = True) -> Question:
        """Mark a question as deliberately skipped (or not)."""
        with writing(self.engine) as session:
            question = _get(session, Question, question_id)
            question.skipped = skipped
            if skipped:
                question.asked, question.asked_at_seconds = False, None
            question.updated_at = utcnow()
            return question

    def delete_question(self, question_id: int) -> None:
        """Remove a question from its interview's list."""
        with writing(self.engine) as session:
            question = _get(session, Question, question_id)
            interview_id = question.interview_id
            session.delete(question)
            session.flush()
            _renumber(session, interview_id, None)

    def move_question(self, question_id: int, offset: int) -> list[Question]:
        """Move a question up (negative) or down (positive); return the new order."""
        with writing(self.engine) as session:
            question = _get(session, Question, question_id)
            ordered = _questions(session, question.interview_id)
            index = next(i for i, q in enumerate(ordered) if q.id == question_id)
            target = min(max(index + offset, 0), len(ordered) - 1)
            ordered.insert(target, ordered.pop(index))
            return _renumber(session, question.interview_id, [q.id for q in ordered])  # type: ignore[misc]

    def reorder_questions(self, interview_id: int, ordered_ids: Sequence[int]) -> list[Question]:
        """Put the questions in the given order (ids not named keep their order, after)."""
        with writing(self.engine) as session:
            return _renumber(session, interview_id, list(ordered_ids))

    def unanswered_bank_questions(self, occupation_id: int) -> list[BankQuestion]:
        """Bank questions nobody has answered yet in any interview about this occupation."""
        with reading(self.engine) as session:
            answered_keys = set(
                session.exec(
                    select(Question.bank_key)
                    .join(Interview, col(Interview.id) == Question.interview_id)
                    .where(Interview.occupation_id == occupation_id, Question.answer != "")
                )
            )
            answered_texts = set(
                session.exec(
                    select(func.lower(Question.text))
                    .join(Interview, col(Interview.id) == Question.interview_id)
                    .where(Interview.occupation_id == occupation_id, Question.answer != "")
                )
            )
            query = (
                select(BankQuestion, QuestionBank.key)
                .join(QuestionBank)
                .where(QuestionBank.builtin == True)  # noqa: E712
                .order_by(col(QuestionBank.id), col(BankQuestion.position))
            )
            return [
                question
                for question, bank_key in session.exec(query)
                if f"{bank_key}:{question.key}" not in answered_keys
                and question.text.lower() not in answered_texts
            ]

    # -- notes ---------------------------------------------------------------------------

    def add_note(
        self,
        interview_id: int,
        text: str = "",
        *,
        offset_seconds: int | None = None,
        starred: bool = False,
    ) -> Note:
        """Start a note, stamped with the seconds since the conversation started."""
        with writing(self.engine) as session:
            interview = _get(session, Interview, interview_id)
            note = Note(
                interview_id=interview_id,
                text=text,
                starred=starred,
                offset_seconds=offset_seconds
                if offset_seconds is not None
                else _seconds_since(interview.started_at),
            )
            session.add(note)
            session.flush()
            return note

    def save_note(self, note_id: int, text: str) -> Note:
        """Store a note's text as typed so far."""
        with writing(self.engine) as session:
            note = _get(session, Note, note_id)
            note.text = text
            return note

    def star_note(self, note_id: int, starred: bool = True) -> Note:
        """Mark a note as most interesting or helpful (or not)."""
        with writing(self.engine) as session:
            note = _get(session, Note, note_id)
            note.starred = starred
            return note

    def delete_note(self, note_id: int) -> None:
        """Remove a note."""
        with writing(self.engine) as session:
            session.delete(_get(session, Note, note_id))

    # -- reflection and follow-up --------------------------------------------------------

    def save_reflection(self, interview_id: int, **fields: Any) -> Reflection:
        """Create or change the reflection (fit_confidence 1-5 and the prompts)."""
        fit = fields.get("fit_confidence")
        if fit is not None and not 1 <= int(fit) <= 5:
            raise ValueError("fit confidence is a number from 1 to 5")
        with writing(self.engine) as session:
            _get(session, Interview, interview_id)
            reflection = session.exec(
                select(Reflection).where(Reflection.interview_id == interview_id)
            ).first() or Reflection(interview_id=interview_id)
            _assign(reflection, _REFLECTION_FIELDS, fields)
            session.add(reflection)
            session.flush()
            return reflection

    def save_follow_up(self, interview_id: int, **fields: Any) -> FollowUp:
        """Create or change the follow-up (thank-you text, sent time, next contact date)."""
        with writing(self.engine) as session:
            _get(session, Interview, interview_id)
            follow_up = _follow_up(session, interview_id)
            _assign(follow_up, _FOLLOW_UP_FIELDS, fields)
            session.flush()
            return follow_up

    def record_thank_you_sent(self, interview_id: int, at: datetime | None = None) -> FollowUp:
        """Record when the thank-you note was sent."""
        return self.save_follow_up(interview_id, thank_you_sent_at=at or utcnow())

    def set_next_contact(self, interview_id: int, on: date | None) -> FollowUp:
        """Set (or clear) the date to get back in touch."""
        return self.save_follow_up(interview_id, next_contact_on=on)

    def add_referral(self, interview_id: int, name: str, context: str = "") -> Referral:
        """Note someone the contact suggested talking to next."""
        with writing(self.engine) as session:
            _get(session, Interview, interview_id)
            referral = Referral(interview_id=interview_id, name=name.strip(), context=context)
            session.add(referral)
            session.flush()
            return referral

    def update_referral(self, referral_id: int, **fields: Any) -> Referral:
        """Change a referral's name or context."""
        with writing(self.engine) as session:
            referral = _get(session, Referral, referral_id)
            _assign(referral, {"name", "context"}, fields)
            return referral

    def delete_referral(self, referral_id: int) -> None:
        """Remove a referral."""
        with writing(self.engine) as session:
            session.delete(_get(session, Referral, referral_id))

    def plan_interview_from_referral(self, referral_id: int) -> Interview:
        """Turn a referral into a contact and a planned interview about the same occupation."""
        with writing(self.engine) as session:
            referral = _get(session, Referral, referral_id)
            if referral.planned_interview_id is not None:
                existing = session.get(Interview, referral.planned_interview_id)
                if existing is not None:
                    return existing
            source = _get(session, Interview, referral.interview_id)
            contact = session.get(Contact, referral.contact_id) if referral.contact_id else None
            if contact is None:
                contact = Contact(
                    name=referral.name,
                    referred_by_id=source.contact_id,
                    how_met=referral.context,
                    notes=referral.context,
                )
                session.add(contact)
                session.flush()
            interview = Interview(
                contact_id=contact.id,  # type: ignore[arg-type]
                occupation_id=source.occupation_id,
                organization_id=None,
                medium=source.medium,
                planned_minutes=source.planned_minutes,
                goals=_referral_goal(session, source, referral),
            )
            session.add(interview)
            session.flush()
            referral.contact_id, referral.planned_interview_id = contact.id, interview.id
            return interview

    # -- typed links (research stage) ------------------------------------------------------

    def discard_if_blank(self, interview_id: int) -> bool:
        """Delete a new interview (and its contact) if nothing at all was entered in it."""
        with writing(self.engine) as session:
            interview = session.get(Interview, interview_id)
            if interview is None:
                return False
            contact = _get(session, Contact, interview.contact_id)
            contact_texts = (
                contact.name,
                contact.role,
                contact.email,
                contact.phone,
                contact.profile_url,
                contact.how_met,
                contact.notes,
            )
            blank = (
                not any(text.strip() for text in contact_texts)
                and contact.referred_by_id is None
                and interview.organization_id is None
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
            others = session.exec(
                select(Interview.id).where(Interview.contact_id == contact.id)
            ).first()
            if others is None:
                session.delete(contact)
            return True

    def link_by_name(
        self, interview_id: int, kind: str, name: str | None
    ) -> Organization | Occupation | None:
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
            interview = _get(session, Interview, interview_id)
            before = getattr(interview, column)
            after = _named(session, model, name)
            setattr(interview, column, after)
            interview.updated_at = utcnow()
            session.flush()
            if before is not None and before != after:
                left = session.get(model, before)
                used = session.exec(
                    select(Interview.id).where(getattr(Interview, column) == before)
                ).first()
                details = ("sector", "website", "research_notes")
                if (
                    left is not None
                    and used is None
                    and not any(getattr(left, field, "") for field in details)
                ):
                    session.delete(left)
            if after is None:
                return None
            if kind == "organization":
                return session.get(Organization, after)
            return session.get(Occupation, after)

    def update_linked_organization(self, interview_id: int, **fields: Any) -> Organization | None:
        """Change the details of the organization the interview is linked to right now."""
        with writing(self.engine) as session:
            interview = _get(session, Interview, interview_id)
            if interview.organization_id is None:
                return None
            organization = _get(session, Organization, interview.organization_id)
            _assign(organization, _ORGANIZATION_FIELDS, fields)
            return organization


def _day_start(day: date, local: bool) -> datetime:
    """The first moment of `day` in UTC; `local`: the day as this computer's time zone has it."""
    if local:
        return datetime.combine(day, time()).astimezone().astimezone(UTC)
    return datetime.combine(day, time(), UTC)


def _like_escape(word: str) -> str:
    """Escape LIKE's wildcards so a typed % or _ matches itself."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _referral_goal(session: Session, source: Interview, referral: Referral) -> str:
    referrer = session.get(Contact, source.contact_id)
    by = referrer.name if referrer else "a contact"
    return f"Suggested by {by}. {referral.context}".strip()


def _aware(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _named(
    session: Session, model: type[Occupation] | type[Organization], name: str | None
) -> int | None:
    """The id of the row with this name (case-insensitive), created when new."""
    name = (name or "").strip()
    if not name:
        return None
    # Compared in Python: SQLite's lower() folds ASCII only, so "Ärztin" != "ärztin" there.
    key = name.casefold()
    found = next(
        (
            row_id
            for row_id, row_name in session.exec(
                select(col(model.id), col(model.name)).order_by(col(model.id))
            )
            if row_name.casefold() == key
        ),
        None,
    )
    if found is not None:
        return found
    row = model(name=name)
    session.add(row)
    session.flush()
    return row.id


def _questions(session: Session, interview_id: int) -> list[Question]:
    return list(
        session.exec(
            select(Question)
            .where(Question.interview_id == interview_id)
            .order_by(col(Question.position), col(Question.id))
        )
    )


def _next_position(session: Session, interview_id: int) -> int:
    highest = session.exec(
        select(func.max(Question.position)).where(Question.interview_id == interview_id)
    ).one()
    return 0 if highest is None else highest + 1


def _renumber(session: Session, interview_id: int, ordered_ids: list[int] | None) -> list[Question]:
    questions = _questions(session, interview_id)
    if ordered_ids is not None:
        rank = {question_id: index for index, question_id in enumerate(ordered_ids)}
        questions.sort(key=lambda q: rank.get(q.id, len(rank)))  # type: ignore[arg-type]
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
    session.flush()
    return questions


def _copy_bank(
    session: Session, interview_id: int, bank_key: str, keys: Iterable[str] | None
) -> list[Question]:
    bank = session.exec(select(QuestionBank).where(QuestionBank.key == bank_key)).first()
    if bank is None:
        raise NotFoundError(f"there is no question bank called {bank_key!r}")
    wanted = None if keys is None else set(keys)
    position = _next_position(session, interview_id)
    added = []
    for item in session.exec(
        select(BankQuestion)
        .where(BankQuestion.bank_id == bank.id)
        .order_by(col(BankQuestion.position))
    ):
        if wanted is not None and item.key not in wanted:
            continue
        question = Question(
            interview_id=interview_id,
            text=item.text,
            category=item.category,
            must_ask=item.must_ask,
            estimate_minutes=item.estimate_minutes,
            bank_key=f"{bank_key}:{item.key}",
            position=position,
        )
        position += 1
        session.add(question)
        added.append(question)
    session.flush()
    return added


def _follow_up(session: Session, interview_id: int) -> FollowUp:
    follow_up = session.exec(select(FollowUp).where(FollowUp.interview_id == interview_id)).first()
    if follow_up is None:
        follow_up = FollowUp(interview_id=interview_id)
        session.add(follow_up)
    return follow_up
