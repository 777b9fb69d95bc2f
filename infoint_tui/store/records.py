"""Plain objects the store hands to the UI and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field

from infoint_tui.store.listing import InterviewFilter, InterviewRow
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
)

__all__ = ["InterviewBundle", "InterviewFilter", "InterviewRow"]


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
