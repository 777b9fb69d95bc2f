"""Store operations on prepared questions, their answers, and notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from infoint_tui.store.banks import MY_QUESTIONS
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.models import (
    BankQuestion,
    Interview,
    Note,
    Question,
    QuestionBank,
    Stage,
    utcnow,
)
from infoint_tui.store.records import BankQuestionRecord, NoteRecord, QuestionRecord
from infoint_tui.store.rows import StoreBase, assign, get_row, seconds_since
from infoint_tui.store.sessions import reading, writing

_QUESTION_FIELDS = {"text", "category", "must_ask", "answer", "starred", "estimate_minutes"}


class QuestionOps(StoreBase):
    """Prepared questions, answers and notes of an interview."""

    def add_bank_questions(
        self, interview_id: int, bank_key: str, keys: Iterable[str] | None = None
    ) -> list[QuestionRecord]:
        """Copy a whole bank (or the named questions of it) to the end of the list."""
        with writing(self.engine) as session:
            _preparing(get_row(session, Interview, interview_id))
            added = copy_bank(session, interview_id, bank_key, keys)
        return [QuestionRecord.from_row(question) for question in added]

    def add_question(
        self,
        interview_id: int,
        text: str,
        *,
        category: str = "other",
        must_ask: bool = False,
        save_to_mine: bool = False,
        from_draft: str | None = None,
    ) -> QuestionRecord:
        """Add a question of the user's own at the end; optionally keep it in "My questions".

        `from_draft` names the draft it was typed in, deleted in the same transaction.
        """
        with writing(self.engine) as session:
            _preparing(get_row(session, Interview, interview_id))
            if from_draft:
                from infoint_tui.store.texts import drop_drafts

                drop_drafts(session, interview_id, {from_draft: text})
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
        return QuestionRecord.from_row(question)

    def update_question(self, question_id: int, **fields: Any) -> QuestionRecord:
        """Change question fields (text, category, must_ask, answer, starred, estimate)."""
        with writing(self.engine) as session:
            question = get_row(session, Question, question_id)
            assign(question, _QUESTION_FIELDS, fields)
        return QuestionRecord.from_row(question)

    def save_answer(self, question_id: int, answer: str) -> QuestionRecord:
        """Store the answer text as typed so far."""
        return self.update_question(question_id, answer=answer)

    def star_question(self, question_id: int, starred: bool = True) -> QuestionRecord:
        """Mark the answer as most interesting or helpful (or not)."""
        return self.update_question(question_id, starred=starred)

    def set_must_ask(self, question_id: int, must_ask: bool = True) -> QuestionRecord:
        """Flag the question as one not to leave without asking."""
        return self.update_question(question_id, must_ask=must_ask)

    def mark_asked(
        self, question_id: int, asked: bool = True, at_seconds: int | None = None
    ) -> QuestionRecord:
        """Tick a question off, stamping seconds since the start (or untick it)."""
        with writing(self.engine) as session:
            question = get_row(session, Question, question_id)
            interview = get_row(session, Interview, question.interview_id)
            question.asked = asked
            if asked:
                question.skipped = False
                if question.asked_at_seconds is None or at_seconds is not None:
                    question.asked_at_seconds = (
                        at_seconds
                        if at_seconds is not None
                        else seconds_since(interview.started_at)
                    )
            else:
                question.asked_at_seconds = None
            question.updated_at = utcnow()
        return QuestionRecord.from_row(question)

    def mark_skipped(self, question_id: int, skipped: bool = True) -> QuestionRecord:
        """Mark a question as deliberately skipped (or not)."""
        with writing(self.engine) as session:
            question = get_row(session, Question, question_id)
            question.skipped = skipped
            if skipped:
                question.asked, question.asked_at_seconds = False, None
            question.updated_at = utcnow()
        return QuestionRecord.from_row(question)

    def delete_question(self, question_id: int) -> None:
        """Remove a question from its interview's list."""
        with writing(self.engine) as session:
            question = get_row(session, Question, question_id)
            interview_id = question.interview_id
            session.delete(question)
            session.flush()
            _renumber(session, interview_id, None)

    def move_question(self, question_id: int, offset: int) -> list[QuestionRecord]:
        """Move a question up (negative) or down (positive); return the new order."""
        with writing(self.engine) as session:
            question = get_row(session, Question, question_id)
            ordered = _questions(session, question.interview_id)
            index = next(i for i, q in enumerate(ordered) if q.id == question_id)
            target = min(max(index + offset, 0), len(ordered) - 1)
            ordered.insert(target, ordered.pop(index))
            moved = _renumber(session, question.interview_id, [q.id for q in ordered])  # type: ignore[misc]
        return [QuestionRecord.from_row(row) for row in moved]

    def reorder_questions(
        self, interview_id: int, ordered_ids: Sequence[int]
    ) -> list[QuestionRecord]:
        """Put the questions in the given order (ids not named keep their order, after)."""
        with writing(self.engine) as session:
            ordered = _renumber(session, interview_id, list(ordered_ids))
        return [QuestionRecord.from_row(row) for row in ordered]

    def unanswered_bank_questions(self, occupation_id: int) -> list[BankQuestionRecord]:
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
                BankQuestionRecord.from_row(question)
                for question, bank_key in session.exec(query)
                if f"{bank_key}:{question.key}" not in answered_keys
                and question.text.lower() not in answered_texts
            ]

    def add_note(
        self,
        interview_id: int,
        text: str = "",
        *,
        offset_seconds: int | None = None,
        starred: bool = False,
    ) -> NoteRecord:
        """Start a note, stamped with the seconds since the conversation started."""
        with writing(self.engine) as session:
            interview = get_row(session, Interview, interview_id)
            note = Note(
                interview_id=interview_id,
                text=text,
                starred=starred,
                offset_seconds=offset_seconds
                if offset_seconds is not None
                else seconds_since(interview.started_at),
            )
            session.add(note)
            session.flush()
        return NoteRecord.from_row(note)

    def save_note(self, note_id: int, text: str) -> NoteRecord:
        """Store a note's text as typed so far."""
        with writing(self.engine) as session:
            note = get_row(session, Note, note_id)
            note.text = text
        return NoteRecord.from_row(note)

    def star_note(self, note_id: int, starred: bool = True) -> NoteRecord:
        """Mark a note as most interesting or helpful (or not)."""
        with writing(self.engine) as session:
            note = get_row(session, Note, note_id)
            note.starred = starred
        return NoteRecord.from_row(note)

    def delete_note(self, note_id: int) -> None:
        """Remove a note."""
        with writing(self.engine) as session:
            session.delete(get_row(session, Note, note_id))


def _preparing(interview: Interview) -> None:
    """Adding a question to an interview in Research means the user is preparing questions."""
    if interview.stage == Stage.RESEARCH:
        interview.stage = Stage.QUESTIONS


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


def copy_bank(
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
