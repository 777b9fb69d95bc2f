"""Comparing one occupation across interviews: who said what, fit over time, salaries heard.

The salary figures are read from the answers by `store.salary`; they are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Engine, and_, func
from sqlmodel import col, select

from infoint_tui.store.categories import CATEGORIES, category_label
from infoint_tui.store.dates import date_column
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.models import (
    BankQuestion,
    Contact,
    Interview,
    Occupation,
    Organization,
    Question,
    QuestionBank,
    Reflection,
    Stage,
    utcnow,
)
from infoint_tui.store.salary import salary_figures, salary_ranges
from infoint_tui.store.sessions import reading, writing
from infoint_tui.timekeeping import aware

#: How many answers of one category `occupation_overview` returns by default (the newest).
ANSWERS_PER_CATEGORY = 40

PLANNED_STAGES = (Stage.RESEARCH, Stage.QUESTIONS)


@dataclass(frozen=True)
class InterviewLine:
    """One interview about the occupation; `when` is its date (`store.dates`), if any."""

    id: int
    uuid: str
    contact_name: str
    organization_name: str | None
    when: datetime | None
    stage: Stage
    fit: int | None


@dataclass(frozen=True)
class FitPoint:
    """The fit confidence given after one interview, at the interview's date."""

    when: datetime
    fit: int
    contact_name: str


@dataclass(frozen=True)
class HeardAnswer:
    """What one person answered to one question; `when` is the interview's date, if any."""

    interview_id: int
    contact_name: str
    when: datetime | None
    question: str
    answer: str


@dataclass(frozen=True)
class CategoryAnswers:
    """The answers of one category, oldest first; `total` counts those left out too."""

    key: str
    label: str
    answers: tuple[HeardAnswer, ...]
    total: int


@dataclass(frozen=True)
class OccupationSummary:
    """The line a student wants first: how many people, how it felt, what it pays."""

    people: int
    interviews: int
    planned: int
    average_fit: float | None
    salary_ranges: tuple[str, ...]


@dataclass(frozen=True)
class OccupationOverview:
    """Everything the occupation screen shows, read in one go."""

    occupation_id: int
    name: str
    interviews: tuple[InterviewLine, ...]
    fit_over_time: tuple[FitPoint, ...]
    categories: tuple[CategoryAnswers, ...]
    summary: OccupationSummary


def occupation_overview(
    engine: Engine, occupation_id: int, answers_per_category: int | None = ANSWERS_PER_CATEGORY
) -> OccupationOverview:
    """Every interview about an occupation and what was heard in them, by category.

    Interviews and answers are in the order of the interviews' dates (`store.dates`), oldest
    first; those without a date come last. The fit over time leaves them out. Three indexed
    queries filtered by `occupation_id`: the interviews (with contact,
    organization and fit), the newest `answers_per_category` answers of each category (a
    window function counts and ranks them in SQL; None keeps all), and the salary answers.
    """
    when = date_column()
    with reading(engine) as session:
        occupation = session.get(Occupation, occupation_id)
        if occupation is None:
            raise NotFoundError(f"occupation {occupation_id} does not exist (any more)")
        interview_rows = session.execute(
            select(  # type: ignore[call-overload]
                Interview.id,
                Interview.uuid,
                Contact.name,
                Organization.name,
                when,
                Interview.stage,
                Reflection.fit_confidence,
                Interview.contact_id,
            )
            .join(Contact, col(Contact.id) == Interview.contact_id)
            .outerjoin(Organization, col(Organization.id) == Interview.organization_id)
            .outerjoin(Reflection, col(Reflection.interview_id) == Interview.id)
            .where(Interview.occupation_id == occupation_id)
            .order_by(when.asc().nulls_last(), col(Interview.id))
        ).all()
        answered = and_(
            col(Interview.occupation_id) == occupation_id, func.trim(Question.answer) != ""
        )
        ranked = (
            select(  # type: ignore[call-overload]
                col(Question.category).label("category"),
                col(Interview.id).label("interview_id"),
                col(Contact.name).label("contact_name"),
                when.label("at"),
                col(Question.position).label("position"),
                col(Question.text).label("question"),
                col(Question.answer).label("answer"),
                func.row_number()
                .over(
                    partition_by=Question.category,
                    order_by=(
                        when.desc().nulls_first(),
                        col(Interview.id).desc(),
                        col(Question.position),
                    ),
                )
                .label("rank"),
                func.count().over(partition_by=Question.category).label("total"),
            )
            .join(Interview, col(Interview.id) == Question.interview_id)
            .join(Contact, col(Contact.id) == Interview.contact_id)
            .where(answered)
            .subquery()
        )
        answers_query: Any = select(ranked)
        if answers_per_category is not None:
            answers_query = answers_query.where(ranked.c.rank <= answers_per_category)
        answer_rows = session.execute(
            answers_query.order_by(
                ranked.c.category,
                ranked.c.at.asc().nulls_last(),
                ranked.c.interview_id,
                ranked.c.position,
            )
        ).all()
        salary_answers = session.exec(
            select(Question.answer)
            .join(Interview, col(Interview.id) == Question.interview_id)
            .where(answered, Question.category == "salary")
            .order_by(when.asc().nulls_last(), col(Interview.id), col(Question.position))
        ).all()

    interviews = tuple(
        InterviewLine(
            id=row[0],
            uuid=row[1],
            contact_name=row[2],
            organization_name=row[3],
            when=aware(row[4]),  # scheduled_at or created_at, never both missing
            stage=Stage(row[5]),
            fit=row[6],
        )
        for row in interview_rows
    )
    fits = [line.fit for line in interviews if line.fit is not None]
    return OccupationOverview(
        occupation_id=occupation_id,
        name=occupation.name,
        interviews=interviews,
        fit_over_time=tuple(
            FitPoint(line.when, line.fit, line.contact_name)
            for line in interviews
            if line.fit is not None and line.when is not None
        ),
        categories=_by_category(answer_rows),
        summary=OccupationSummary(
            people=len({row[7] for row in interview_rows}),
            interviews=len(interviews),
            planned=sum(1 for line in interviews if line.stage in PLANNED_STAGES),
            average_fit=_average(fits),
            salary_ranges=salary_ranges(salary_answers),
        ),
    )


def _by_category(rows: Sequence[Any]) -> tuple[CategoryAnswers, ...]:
    grouped: dict[str, list[HeardAnswer]] = {}
    totals: dict[str, int] = {}
    for row in rows:
        grouped.setdefault(row.category, []).append(
            HeardAnswer(row.interview_id, row.contact_name, aware(row.at), row.question, row.answer)
        )
        totals[row.category] = row.total
    known = [key for key in CATEGORIES if key in grouped]
    unknown = sorted(key for key in grouped if key not in CATEGORIES)
    return tuple(
        CategoryAnswers(key, category_label(key), tuple(grouped[key]), totals[key])
        for key in known + unknown
    )


def _average(values: list[int]) -> float | None:
    if not values:
        return None
    mean = Decimal(sum(values)) / Decimal(len(values))
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# -- the next planned interview, and adding questions to it -----------------------------


def next_planned_interview(
    engine: Engine, occupation_id: int, now: datetime | None = None
) -> int | None:
    """The interview about this occupation to prepare next, or None when none is planned.

    Among interviews still in Research or Questions: the soonest one scheduled from `now`
    on; when none is scheduled ahead, the newest one without a date. One that was scheduled
    in the past and never held is not chosen.
    """
    now = now or utcnow()
    planned = and_(
        col(Interview.occupation_id) == occupation_id, col(Interview.stage).in_(PLANNED_STAGES)
    )
    with reading(engine) as session:
        soonest = session.exec(
            select(Interview.id)
            .where(planned, col(Interview.scheduled_at) >= now)
            .order_by(col(Interview.scheduled_at), col(Interview.id))
        ).first()
        if soonest is not None:
            return soonest
        return session.exec(
            select(Interview.id)
            .where(planned, col(Interview.scheduled_at).is_(None))
            .order_by(col(Interview.id).desc())
        ).first()


def add_unanswered_to_interview(
    engine: Engine, interview_id: int, bank_question_ids: Iterable[int]
) -> int:
    """Copy bank questions to the end of an interview's list, in the order given.

    A question already on the list (the same bank question, or the same text ignoring case
    and spaces) is skipped, as is an id that no longer exists. One transaction; returns
    how many questions were added.
    """
    wanted = list(dict.fromkeys(bank_question_ids))
    with writing(engine) as session:
        if session.get(Interview, interview_id) is None:
            raise NotFoundError(f"interview {interview_id} does not exist (any more)")
        found = {
            question.id: (question, bank_key)
            for question, bank_key in session.exec(
                select(BankQuestion, QuestionBank.key)
                .join(QuestionBank, col(QuestionBank.id) == BankQuestion.bank_id)
                .where(col(BankQuestion.id).in_(wanted))
            )
        }
        existing = session.exec(
            select(Question.bank_key, Question.text, Question.position).where(
                Question.interview_id == interview_id
            )
        ).all()
        keys = {key for key, _, _ in existing if key}
        texts = {_same_text(text) for _, text, _ in existing}
        position = max((pos for _, _, pos in existing), default=-1) + 1
        added = 0
        for bank_question_id in wanted:
            if bank_question_id not in found:
                continue
            item, bank_key = found[bank_question_id]
            key, text = f"{bank_key}:{item.key}", _same_text(item.text)
            if key in keys or text in texts:
                continue
            session.add(
                Question(
                    interview_id=interview_id,
                    text=item.text,
                    category=item.category,
                    must_ask=item.must_ask,
                    estimate_minutes=item.estimate_minutes,
                    bank_key=key,
                    position=position,
                )
            )
            keys.add(key)
            texts.add(text)
            position += 1
            added += 1
        return added


def _same_text(text: str) -> str:
    return " ".join(text.split()).casefold()


__all__ = [
    "CategoryAnswers",
    "FitPoint",
    "HeardAnswer",
    "InterviewLine",
    "OccupationOverview",
    "OccupationSummary",
    "add_unanswered_to_interview",
    "next_planned_interview",
    "occupation_overview",
    "salary_figures",
    "salary_ranges",
]
