"""Store operations after the conversation: reflection, follow-up and referrals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Referral,
    Reflection,
    utcnow,
)
from infoint_tui.store.records import (
    FollowUpRecord,
    InterviewRecord,
    ReferralRecord,
    ReflectionRecord,
)
from infoint_tui.store.rows import StoreBase, assign, get_row
from infoint_tui.store.sessions import writing

_REFLECTION_FIELDS = {
    "fit_confidence",
    "most_interesting",
    "most_helpful",
    "surprises",
    "still_to_learn",
    "next_steps",
}
_FOLLOW_UP_FIELDS = {"thank_you_text", "thank_you_sent_at", "next_contact_on"}


class FollowUpOps(StoreBase):
    """Reflection, follow-up and referrals of an interview."""

    def save_reflection(self, interview_id: int, **fields: Any) -> ReflectionRecord:
        """Create or change the reflection (fit_confidence 1-5 and the prompts)."""
        fit = fields.get("fit_confidence")
        if fit is not None and not 1 <= int(fit) <= 5:
            raise ValueError("fit confidence is a number from 1 to 5")
        with writing(self.engine) as session:
            get_row(session, Interview, interview_id)
            reflection = session.exec(
                select(Reflection).where(Reflection.interview_id == interview_id)
            ).first() or Reflection(interview_id=interview_id)
            assign(reflection, _REFLECTION_FIELDS, fields)
            session.add(reflection)
            session.flush()
        return ReflectionRecord.from_row(reflection)

    def save_follow_up(self, interview_id: int, **fields: Any) -> FollowUpRecord:
        """Create or change the follow-up (thank-you text, sent time, next contact date)."""
        with writing(self.engine) as session:
            get_row(session, Interview, interview_id)
            follow_up = _follow_up(session, interview_id)
            assign(follow_up, _FOLLOW_UP_FIELDS, fields)
            session.flush()
        return FollowUpRecord.from_row(follow_up)

    def record_thank_you_sent(
        self, interview_id: int, at: datetime | None = None
    ) -> FollowUpRecord:
        """Record when the thank-you note was sent."""
        return self.save_follow_up(interview_id, thank_you_sent_at=at or utcnow())

    def set_next_contact(self, interview_id: int, on: date | None) -> FollowUpRecord:
        """Set (or clear) the date to get back in touch."""
        return self.save_follow_up(interview_id, next_contact_on=on)

    def add_referral(
        self,
        interview_id: int,
        name: str,
        context: str = "",
        *,
        from_drafts: tuple[str, str] | None = None,
    ) -> ReferralRecord:
        """Note someone the contact suggested talking to next.

        `from_drafts` names the drafts the name and the context were typed in, deleted in
        the same transaction (when they still say what was added).
        """
        with writing(self.engine) as session:
            source = get_row(session, Interview, interview_id)
            if from_drafts:
                from infoint_tui.store.texts import drop_drafts

                name_draft, context_draft = from_drafts
                drop_drafts(session, interview_id, {name_draft: name, context_draft: context})
            # Everyone suggested becomes a person, introduced by the one who suggested them.
            person = Contact(
                name=name.strip(), referred_by_id=source.contact_id, how_met=REFERRAL_HOW_FOUND
            )
            session.add(person)
            session.flush()
            referral = Referral(
                interview_id=interview_id, name=name.strip(), context=context, contact_id=person.id
            )
            session.add(referral)
            session.flush()
        return ReferralRecord.from_row(referral)

    def update_referral(self, referral_id: int, **fields: Any) -> ReferralRecord:
        """Change a referral's name or context."""
        with writing(self.engine) as session:
            referral = get_row(session, Referral, referral_id)
            assign(referral, {"name", "context"}, fields)
        return ReferralRecord.from_row(referral)

    def delete_referral(self, referral_id: int) -> None:
        """Remove a referral, and the person it made if nothing else was done with them."""
        with writing(self.engine) as session:
            referral = get_row(session, Referral, referral_id)
            person = session.get(Contact, referral.contact_id) if referral.contact_id else None
            session.delete(referral)
            session.flush()
            if person is not None and _untouched_referral(session, person):
                session.delete(person)

    def plan_interview_from_referral(self, referral_id: int) -> InterviewRecord:
        """Turn a referral into a contact and a planned interview about the same occupation."""
        with writing(self.engine) as session:
            referral = get_row(session, Referral, referral_id)
            if referral.planned_interview_id is not None:
                existing = session.get(Interview, referral.planned_interview_id)
                if existing is not None:
                    return InterviewRecord.from_row(existing)
            source = get_row(session, Interview, referral.interview_id)
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
        return InterviewRecord.from_row(interview)


REFERRAL_HOW_FOUND = "Referral"


def _untouched_referral(session: Session, person: Contact) -> bool:
    """A person made by a referral and never used since: no details, no interview, no
    timeline, no other referral, nobody they introduced."""
    if person.how_met != REFERRAL_HOW_FOUND or any(
        getattr(person, name).strip() for name in ("role", "email", "phone", "profile_url", "notes")
    ):
        return False
    if person.organization_id is not None or person.keep_in_touch_days is not None:
        return False
    connection = session.connection()
    for sql in (
        "SELECT 1 FROM interview WHERE contact_id = ?",
        "SELECT 1 FROM timeline_entry WHERE contact_id = ?",
        "SELECT 1 FROM referral WHERE contact_id = ?",
        "SELECT 1 FROM contact WHERE referred_by_id = ?",
    ):
        if connection.exec_driver_sql(sql, (person.id,)).first() is not None:
            return False
    return True


def _referral_goal(session: Session, source: Interview, referral: Referral) -> str:
    referrer = session.get(Contact, source.contact_id)
    by = referrer.name if referrer else "a contact"
    return f"Suggested by {by}. {referral.context}".strip()


def _follow_up(session: Session, interview_id: int) -> FollowUp:
    follow_up = session.exec(select(FollowUp).where(FollowUp.interview_id == interview_id)).first()
    if follow_up is None:
        follow_up = FollowUp(interview_id=interview_id)
        session.add(follow_up)
    return follow_up
