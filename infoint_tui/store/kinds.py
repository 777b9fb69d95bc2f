"""The store's enums, in a module of their own so that light readers need no SQLModel."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "HOW_FOUND_SUGGESTIONS",
    "OUTREACH_LABELS",
    "STAGE_LABELS",
    "TIMELINE_LABELS",
    "WORK_STAGES",
    "Medium",
    "OutreachStatus",
    "Stage",
    "TimelineKind",
]


class Stage(StrEnum):
    """Where an interview stands; the first five are the stages a user works through."""

    RESEARCH = "research"
    QUESTIONS = "questions"
    LIVE = "live"
    REFLECT = "reflect"
    FOLLOW_UP = "follow_up"
    DONE = "done"


class Medium(StrEnum):
    """How the conversation takes place."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


#: Each stage as the user reads it in lists and headers.
STAGE_LABELS: dict[str, str] = {
    Stage.RESEARCH: "Research",
    Stage.QUESTIONS: "Questions",
    Stage.LIVE: "Live",
    Stage.REFLECT: "Reflect",
    Stage.FOLLOW_UP: "Follow-up",
    Stage.DONE: "Done",
}

#: The stages a user works through, in order (F1 to F5 on the interview screen).
WORK_STAGES: tuple[Stage, ...] = (
    Stage.RESEARCH,
    Stage.QUESTIONS,
    Stage.LIVE,
    Stage.REFLECT,
    Stage.FOLLOW_UP,
)


class OutreachStatus(StrEnum):
    """Where asking a person for a conversation stands, in the order it usually goes."""

    TO_CONTACT = "to_contact"
    REQUEST_SENT = "request_sent"
    REPLIED = "replied"
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    DECLINED = "declined"
    NO_REPLY = "no_reply"


#: Each outreach status as the user reads it; the order is the order of the number keys.
OUTREACH_LABELS: dict[str, str] = {
    OutreachStatus.TO_CONTACT: "To contact",
    OutreachStatus.REQUEST_SENT: "Request sent",
    OutreachStatus.REPLIED: "Replied",
    OutreachStatus.SCHEDULED: "Scheduled",
    OutreachStatus.INTERVIEWED: "Interviewed",
    OutreachStatus.DECLINED: "Declined",
    OutreachStatus.NO_REPLY: "No reply",
}


class TimelineKind(StrEnum):
    """What a stored timeline entry records (interviews, notes and referrals are read from
    their own tables, not copied here)."""

    STATUS = "status"  # the outreach status changed; the text names the new one
    REQUEST = "request"  # the request was sent; the text is what was sent
    NUDGE = "nudge"  # one polite follow-up to an unanswered request
    REPLY = "reply"
    UPDATE = "update"  # "what I did with your advice", closing the loop
    CONTACT = "contact"  # any other contact, logged by hand
    MERGED = "merged"  # another record of the same person was merged into this one


TIMELINE_LABELS: dict[str, str] = {
    TimelineKind.STATUS: "Status",
    TimelineKind.REQUEST: "Request sent",
    TimelineKind.NUDGE: "Nudge sent",
    TimelineKind.REPLY: "Reply",
    TimelineKind.UPDATE: "Update sent",
    TimelineKind.CONTACT: "Contact",
    TimelineKind.MERGED: "Merged",
}

#: How people are usually found, offered as suggestions (any other text is kept as typed).
HOW_FOUND_SUGGESTIONS: tuple[str, ...] = (
    "Alumni directory",
    "LinkedIn",
    "Referral",
    "Professor",
    "Family",
    "Event",
)
