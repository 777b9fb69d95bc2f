"""The "to do" list on Home: thank-you notes due, next contacts, referrals, interviews soon,
and planned interviews whose time has passed without being held ("did this happen?")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Engine, func, literal
from sqlmodel import Session, col, select

from infoint_tui import timekeeping
from infoint_tui.store.models import Contact, FollowUp, Interview, Referral, Stage, utcnow
from infoint_tui.store.sessions import reading
from infoint_tui.timekeeping import aware, shift

THANK_YOU_HOURS = 24
#: Planned interviews past their time but not held, at most this many (the latest first):
#: more would not fit the panel, and the query stays bounded however many there are.
UNCONFIRMED_LIMIT = 20
#: The stages of an interview that may still be waiting for its conversation; one moved on
#: to Reflect or later is taken as having happened, and is not asked about.
WAITING_STAGES = (Stage.RESEARCH, Stage.QUESTIONS, Stage.LIVE)


@dataclass(frozen=True)
class TodoItem:
    """One thing to do, most urgent first."""

    kind: str  # "thank_you", "next_contact", "referral", "upcoming", "unconfirmed",
    # or about a person: "nudge", "try_another", "keep_in_touch"
    interview_id: Any
    text: str
    overdue: bool
    due: datetime | None
    person_id: int | None = None


def todo_items(engine: Engine, now: datetime | None = None) -> list[TodoItem]:
    """Everything waiting for the user, overdue first, then by due time."""
    now = now or utcnow()
    local_now = now.astimezone()
    today = local_now.date()
    items: list[TodoItem] = []
    with reading(engine) as session:
        thanks = session.exec(
            select(Interview.id, Interview.ended_at, Contact.name)
            .join(Contact, col(Contact.id) == Interview.contact_id)
            .outerjoin(FollowUp, col(FollowUp.interview_id) == Interview.id)
            .where(col(Interview.ended_at).is_not(None), col(FollowUp.thank_you_sent_at).is_(None))
        ).all()
        for interview_id, ended_at, name in thanks:
            deadline = shift(_aware(ended_at), timedelta(hours=THANK_YOU_HOURS))
            hours = (deadline - now).total_seconds() / 3600
            text = (
                f"Thank {name}: {hours:.0f} h left"
                if hours >= 0
                else f"Thank {name}: overdue by {-hours:.0f} h"
            )
            items.append(TodoItem("thank_you", interview_id, text, hours < 0, deadline))
        contacts = session.exec(
            select(col(Interview.id), col(FollowUp.next_contact_on), col(Contact.name))
            .join(FollowUp, col(FollowUp.interview_id) == Interview.id)
            .join(Contact, col(Contact.id) == Interview.contact_id)
            .where(col(FollowUp.next_contact_on).is_not(None))
            .where(col(FollowUp.next_contact_on) <= today + timedelta(days=1))
        ).all()
        for interview_id, on_value, name in contacts:
            assert on_value is not None  # filtered by the query
            on: date = on_value
            overdue = on < today
            when = "today" if on == today else ("tomorrow" if on > today else f"since {on:%d %b}")
            due = datetime.combine(on, datetime.min.time(), UTC)
            items.append(
                TodoItem("next_contact", interview_id, f"Get back to {name} ({when})", overdue, due)
            )
        suggested = Contact.__table__.alias("suggested")  # type: ignore[attr-defined]
        referrals = session.exec(
            select(Referral.interview_id, Referral.name, Contact.name)
            .join(Interview, col(Interview.id) == Referral.interview_id)
            .join(Contact, col(Contact.id) == Interview.contact_id)
            .outerjoin(suggested, suggested.c.id == Referral.contact_id)
            .where(col(Referral.planned_interview_id).is_(None))
            # Once asking them has begun, their own outreach items take over.
            .where((suggested.c.id.is_(None)) | (suggested.c.outreach_status == "to_contact"))
        ).all()
        for interview_id, name, by in referrals:
            items.append(
                TodoItem("referral", interview_id, f"Contact {name} (via {by})", False, None)
            )
        unconfirmed = _unconfirmed(session, now)
        asked = {item.interview_id for item in unconfirmed}
        start = datetime.combine(today, datetime.min.time()).astimezone().astimezone(UTC)
        soon = session.exec(
            select(Interview.id, Interview.scheduled_at, Contact.name)
            .join(Contact, col(Contact.id) == Interview.contact_id)
            .where(col(Interview.scheduled_at) >= start)
            .where(col(Interview.scheduled_at) < start + timedelta(days=2))
            .where(col(Interview.ended_at).is_(None))
        ).all()
        for interview_id, scheduled_at, name in soon:
            if interview_id in asked:
                continue  # its time is over: asked whether it happened instead
            local = _aware(scheduled_at).astimezone()
            day = "Today" if local.date() == today else "Tomorrow"
            items.append(
                TodoItem(
                    "upcoming",
                    interview_id,
                    f"{day} {local:%H:%M}: {name}",
                    False,
                    _aware(scheduled_at),
                )
            )
        items += unconfirmed
    far = datetime.max.replace(tzinfo=UTC)
    items.sort(key=lambda item: (not item.overdue, item.due or far))
    return items


def _unconfirmed(session: Session, now: datetime) -> list[TodoItem]:
    """Planned interviews whose time and planned length have passed, not held: did they happen?

    One query narrowed by indexed columns (stage, scheduled_at) that reads at most
    `UNCONFIRMED_LIMIT` rows, the latest first; the planned length is added in SQL
    (julianday), so the limit counts only interviews whose time is over.
    """
    ends = func.julianday(col(Interview.scheduled_at)) + col(Interview.planned_minutes) / 1440.0
    rows = session.exec(
        select(Interview.id, Interview.scheduled_at, Contact.name)
        .join(Contact, col(Contact.id) == Interview.contact_id)
        .where(col(Interview.scheduled_at) < now)
        .where(col(Interview.started_at).is_(None))
        .where(col(Interview.stage).in_(WAITING_STAGES))
        .where(ends < func.julianday(literal(now.astimezone(UTC), DateTime())))
        .order_by(col(Interview.scheduled_at).desc(), col(Interview.id).desc())
        .limit(UNCONFIRMED_LIMIT)
    ).all()
    items = []
    for interview_id, scheduled_at, name in rows:
        planned = _aware(scheduled_at)
        same_year = timekeeping.local(planned).year == timekeeping.local(now).year
        day = timekeeping.local_text(planned, "%d %b" if same_year else "%d %b %Y")
        who = name.strip() or "(no name yet)"
        text = f"Did the interview with {who} on {day} happen?"
        items.append(TodoItem("unconfirmed", interview_id, text, True, planned))
    return items


def _aware(value: datetime | None) -> datetime:
    assert value is not None  # the queries above select non-null values only
    return aware(value)
