"""The store's enums, in a module of their own so that light readers need no SQLModel."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["STAGE_LABELS", "WORK_STAGES", "Medium", "Stage"]


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
