"""The store's enums, in a module of their own so that light readers need no SQLModel."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["STAGE_LABELS", "Medium", "Stage"]


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
