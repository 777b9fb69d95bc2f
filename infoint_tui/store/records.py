"""Plain objects the store hands to the UI and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

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
)


@dataclass(frozen=True)
class InterviewRow:
    """One line of the interview list."""

    id: int
    uuid: str
    when: datetime | None
    scheduled_at: datetime | None
    contact_name: str
    organization_name: str | None
    occupation_name: str | None
    stage: Stage
    fit_confidence: int | None
    thank_you_sent_at: datetime | None
    ended_at: datetime | None


@dataclass
class InterviewBundle:
    """Everything about one interview, loaded in one read."""

    interview: Interview
    contact: Contact
    organization: Organization | None
    occupation: Occupation | None
    referred_by: Contact | None
    questions: list[Question] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reflection: Reflection | None = None
    follow_up: FollowUp | None = None
    referrals: list[Referral] = field(default_factory=list)


@dataclass(frozen=True)
class InterviewFilter:
    """What narrows and orders the interview list; every field is optional."""

    text: str = ""
    occupation_id: int | None = None
    organization_id: int | None = None
    stage: Stage | None = None
    since: date | None = None
    until: date | None = None
    min_fit: int | None = None
    sort: str = "date"  # "date", "fit" or "contact"
    local_days: bool = False
    """Whether `since` and `until` are days in this computer's time zone (else UTC days)."""
