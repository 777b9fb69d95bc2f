"""The conversation's record: when it started and ended, and the stage it has reached.

The rules (what leaving Live means, when a stage is reached) are in conversation_rules;
these are the writes that follow them, each one short transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from infoint_tui import timekeeping
from infoint_tui.store.conversation_rules import advance
from infoint_tui.store.kinds import Stage
from infoint_tui.store.models import Interview, Question
from infoint_tui.store.people_ops import follow_interview
from infoint_tui.store.records import InterviewRecord, QuestionRecord
from infoint_tui.store.rows import StoreBase, get_row
from infoint_tui.store.sessions import writing


class ConversationOps(StoreBase):
    """The conversation's record (start, end) and the stage it has reached."""

    def record_conversation(
        self,
        interview_id: int,
        *,
        started_at: datetime | None,
        ended_at: datetime | None,
        stage: Stage | str,
        exact: bool = False,
    ) -> InterviewRecord:
        """Write the record as the screen holds it: started, ended, and the stage reached.

        The whole record each time (the newest save wins), so saves of a start and an end
        can never land half-way or out of order. The stage only moves on, unless `exact`
        (an undo, or a conversation that did not happen, puts it back).
        """
        with writing(self.engine) as session:
            interview = _interview(session, interview_id)
            interview.started_at, interview.ended_at = started_at, ended_at
            if exact:
                interview.stage = Stage(stage)
            else:
                advance(interview, Stage(stage))
            interview.updated_at = timekeeping.utcnow()
            follow_interview(session, interview)
        return InterviewRecord.from_row(interview)

    def set_marks(
        self,
        question_id: int,
        *,
        asked: bool,
        asked_at_seconds: int | None,
        skipped: bool,
        starred: bool,
    ) -> QuestionRecord:
        """Set a question's marks exactly as the screen holds them (asked-at time included)."""
        with writing(self.engine) as session:
            question = get_row(session, Question, question_id)
            question.asked, question.asked_at_seconds = asked, asked_at_seconds
            question.skipped, question.starred = skipped, starred
            question.updated_at = timekeeping.utcnow()
        return QuestionRecord.from_row(question)


def _interview(session: Session, interview_id: int) -> Interview:
    return get_row(session, Interview, interview_id)
