"""Demo data: a small believable story to explore the app, and large synthetic databases.

`seed_demo` adds seven interviews about three occupations, one in every stage, with times
relative to now (one today, one tomorrow, one that ended five hours ago), and the people
around them: the ones interviewed, the ones they suggested, and others being asked, one in
every outreach status, so that Home's to-do says whom to nudge, where to try someone else
and whom to keep in touch with. Who the people are and what was said lives in
`data/demo_story.json`; this module says when it all happened.
`generate` (from `synthetic.py`) writes thousands of deterministic synthetic interviews with
bulk inserts, for benchmarks.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from infoint_tui.store.kinds import OutreachStatus, TimelineKind
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Medium,
    Note,
    Organization,
    Question,
    Referral,
    Reflection,
    Stage,
    utcnow,
)
from infoint_tui.store.outreach_rules import OutreachTiming, add_business_days
from infoint_tui.store.sessions import writing
from infoint_tui.store.synthetic import generate, occupation_id

__all__ = ["generate", "seed_demo"]


def seed_demo(engine: Engine) -> None:
    """Add a small, warm demo: seven interviews about three occupations, in every stage,
    and the people around them, in every outreach status."""
    now = utcnow()
    local = now.astimezone()
    today = local.date()
    midnight = datetime.combine(today, time(0, 0), tzinfo=local.tzinfo).astimezone(UTC)
    tomorrow_afternoon = datetime.combine(
        today + timedelta(days=1), time(15, 0), tzinfo=local.tzinfo
    ).astimezone(UTC)

    with writing(engine) as session:
        story = _Story(session)

        # Done two months ago: a transit data scientist. Next contact still to come.
        jonas_end = now - timedelta(days=64, hours=2)
        story.interview("jonas", Stage.DONE, start=jonas_end - timedelta(minutes=28), end=jonas_end)
        story.follow_up(
            "jonas",
            sent=jonas_end + timedelta(hours=18),
            next_contact=today + timedelta(days=26),
        )

        # Done three weeks ago: the UX researcher who referred Marcus. Next contact overdue.
        priya_end = now - timedelta(days=23, hours=3)
        story.interview("priya", Stage.DONE, start=priya_end - timedelta(minutes=31), end=priya_end)
        story.follow_up(
            "priya",
            sent=priya_end + timedelta(hours=20),
            next_contact=today - timedelta(days=4),
        )

        # Tomorrow: Marcus, referred by Priya. Questions ready, nothing asked yet.
        story.interview(
            "marcus",
            Stage.QUESTIONS,
            scheduled=tomorrow_afternoon,
            created=priya_end + timedelta(days=2),
        )
        story.referrals("priya")

        # Today, in progress: Tomás, referred by Jonas. Three questions asked so far.
        story.interview(
            "tomas",
            Stage.LIVE,
            scheduled=max(now - timedelta(minutes=12), midnight),
            start=now - timedelta(minutes=10),
            created=jonas_end + timedelta(days=3),
        )
        story.referrals("jonas")

        # Two days ago: Grace at Fernhill; the reflection is half written.
        grace_end = now - timedelta(days=2, hours=1)
        story.interview(
            "grace", Stage.REFLECT, start=grace_end - timedelta(minutes=34), end=grace_end
        )

        # Five hours ago: Helen at St. Brigid's. Thank-you drafted but not sent yet.
        helen_end = now - timedelta(hours=5)
        story.interview(
            "helen",
            Stage.FOLLOW_UP,
            scheduled=helen_end - timedelta(minutes=45),
            start=helen_end - timedelta(minutes=40),
            end=helen_end,
        )
        story.follow_up("helen", sent=None, next_contact=today + timedelta(days=14))
        story.referrals("helen")

        # Research: Samuel, not yet scheduled.
        story.interview("samuel", Stage.RESEARCH, created=now - timedelta(days=1))

    _outreach(engine, story, now)


def _outreach(engine: Engine, story: _Story, now: datetime) -> None:
    """Requests, nudges, replies and status changes, through the store as the app writes
    them (a request moves a person to "request sent", a reply to "replied")."""
    from infoint_tui.store.store import Store

    store = Store(engine)
    person, said = story.contacts, story.text["outreach"]

    def days_ago(days: float) -> datetime:
        return now - timedelta(days=days)

    def log(key: str, kind: TimelineKind, at: datetime) -> None:
        store.log_event(person[key], kind, said[key][kind], at=at)

    def move(key: str, status: OutreachStatus, at: datetime) -> None:
        store.set_outreach_status(person[key], status, at=at)

    def interviewed(key: str, *, asked: bool) -> None:
        """Asked (request and reply) or met in person; scheduled; held (when it was)."""
        created, start, end = story.times[key]
        if asked:
            log(key, TimelineKind.REQUEST, created - timedelta(days=1, hours=6))
            log(key, TimelineKind.REPLY, created - timedelta(hours=20))
        move(key, OutreachStatus.SCHEDULED, created)
        held = end or start
        if held:
            move(key, OutreachStatus.INTERVIEWED, held)

    # The people interviewed, or about to be; Jonas had an update on what came of his advice.
    for key in ("jonas", "priya", "helen"):  # met at events, asked there
        interviewed(key, asked=False)
    for key in ("tomas", "marcus", "grace"):
        interviewed(key, asked=True)
    log("jonas", TimelineKind.UPDATE, days_ago(50))  # kept in touch every 45 days: due
    # Samuel replied to the nudge; his interview is being researched, not yet scheduled.
    log("samuel", TimelineKind.REQUEST, days_ago(15))
    log("samuel", TimelineKind.NUDGE, days_ago(4))
    log("samuel", TimelineKind.REPLY, days_ago(3))

    # Asked twelve days ago (at least 7 business days): time to nudge Lena.
    log("lena", TimelineKind.REQUEST, days_ago(12))
    # Asked six days ago (3 to 6 business days): try someone else at Meridian (Farah).
    log("daniel", TimelineKind.REQUEST, days_ago(6))
    # Inês said no, kindly.
    log("ines", TimelineKind.REQUEST, days_ago(20))
    log("ines", TimelineKind.REPLY, days_ago(17))
    move("ines", OutreachStatus.DECLINED, days_ago(17))
    # Karin never answered, not even the nudge: "no reply" from the day it was due, as
    # the app itself moves her (PeopleOps.settle_outreach).
    log("karin", TimelineKind.REQUEST, days_ago(30))
    nudged = days_ago(20)
    log("karin", TimelineKind.NUDGE, nudged)
    gave_up = add_business_days(nudged.astimezone().date(), OutreachTiming().give_up_after_nudge)
    move("karin", OutreachStatus.NO_REPLY, datetime.combine(gave_up, time(0, 0)).astimezone())
    # Dana, Ruth, the residency coordinator and Farah: still to contact.


@cache
def _story_text() -> dict[str, Any]:
    """`data/demo_story.json`, read once; callers must not change it."""
    text = resources.files("infoint_tui.store").joinpath("data/demo_story.json")
    return json.loads(text.read_text("utf-8"))


class _Story:
    """Writes the demo story in one session: people, places and words come from the JSON.

    Interviews there are keyed by the contact they are with; organizations and contacts
    are named by their keys, occupations by name. Every contact is a person, with the
    organization they work at; `outreach` holds what was written to them and replied,
    by kind, and `_outreach` dates it.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.text = _story_text()
        self.occupations = {name: occupation_id(session, name) for name in self.text["occupations"]}
        self.organizations = {
            key: self._add(Organization(**fields))
            for key, fields in self.text["organizations"].items()
        }
        self.contacts: dict[str, int] = {}
        for key, fields in self.text["contacts"].items():
            referrer, organization = fields.get("referred_by"), fields.get("organization")
            own = {
                name: value
                for name, value in fields.items()
                if name not in ("referred_by", "organization")
            }
            contact = Contact(
                **own,
                referred_by_id=self.contacts[referrer] if referrer else None,
                organization_id=self.organizations[organization] if organization else None,
            )
            self.contacts[key] = self._add(contact)
        self.interviews: dict[str, int] = {}
        #: Each interview's creation, start and end, for the outreach that led to it.
        self.times: dict[str, tuple[datetime, datetime | None, datetime | None]] = {}

    def _add(self, row: Any) -> int:
        self.session.add(row)
        self.session.flush()
        return int(row.id)

    def interview(
        self,
        key: str,
        stage: Stage,
        *,
        scheduled: datetime | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        created: datetime | None = None,
    ) -> None:
        """Add `key`'s interview with its questions, notes and reflection from the story."""
        text = self.text["interviews"][key]
        scheduled = scheduled or (start - timedelta(minutes=2) if start else None)
        created = created or ((scheduled or utcnow()) - timedelta(days=9))
        interview = self._add(
            Interview(
                contact_id=self.contacts[key],
                organization_id=self.organizations[text["organization"]],
                occupation_id=self.occupations[text["occupation"]],
                scheduled_at=scheduled,
                medium=Medium(text["medium"]),
                planned_minutes=30,
                research_notes=text["research_notes"],
                goals=text["goals"],
                started_at=start,
                ended_at=end,
                stage=stage,
                created_at=created,
                updated_at=end or start or created,
            )
        )
        self.interviews[key] = interview
        self.times[key] = (created, start, end)
        length = int((end - start).total_seconds()) if start and end else 1800
        questions = text["questions"]
        answered = [index for index, question in enumerate(questions) if question.get("answer")]
        for index, question in enumerate(questions):
            answer = question.get("answer", "")
            seconds: int | None = None
            if answer:
                order = answered.index(index)
                seconds = question.get(
                    "asked_at_seconds", int(60 + order * (length - 240) / max(len(answered), 1))
                )
            self.session.add(
                Question(
                    interview_id=interview,
                    text=question["text"],
                    category=question["category"],
                    position=index,
                    must_ask=question.get("must_ask", False),
                    asked=bool(answer),
                    asked_at_seconds=seconds,
                    answer=answer,
                    starred=bool(answer) and index % 4 == 1,
                )
            )
        for note in text.get("notes", []):
            self.session.add(
                Note(
                    interview_id=interview,
                    created_at=(start or created) + timedelta(seconds=note["offset_seconds"]),
                    **note,
                )
            )
        self.session.flush()
        if "reflection" in text:
            self.session.add(Reflection(interview_id=interview, **text["reflection"]))

    def follow_up(self, key: str, *, sent: datetime | None, next_contact: date) -> None:
        """Add the follow-up of `key`'s interview with its thank-you note from the story."""
        self.session.add(
            FollowUp(
                interview_id=self.interviews[key],
                thank_you_text=self.text["interviews"][key]["thank_you"],
                thank_you_sent_at=sent,
                next_contact_on=next_contact,
            )
        )

    def referrals(self, key: str) -> None:
        """Add the referrals made in `key`'s interview, linked to contacts and interviews."""
        for referral in self.text["interviews"][key]["referrals"]:
            contact, planned = referral.get("contact"), referral.get("planned_interview")
            self.session.add(
                Referral(
                    interview_id=self.interviews[key],
                    name=referral["name"],
                    context=referral["context"],
                    contact_id=self.contacts[contact] if contact else None,
                    planned_interview_id=self.interviews[planned] if planned else None,
                )
            )
            self.session.flush()
