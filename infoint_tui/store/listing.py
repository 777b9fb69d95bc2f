"""The interview list: filtering and ordering in one query."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, func, or_
from sqlmodel import col, select

from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Occupation,
    Organization,
    Reflection,
    Stage,
)
from infoint_tui.store.records import InterviewFilter, InterviewRow
from infoint_tui.store.rows import aware
from infoint_tui.store.sessions import reading


def list_interviews(engine: Engine, where: InterviewFilter | None = None) -> list[InterviewRow]:
    """Interviews matching `where`, newest (or most upcoming) first by default."""
    where = where or InterviewFilter()
    when = func.coalesce(Interview.scheduled_at, Interview.created_at)
    query: Any = (
        select(  # type: ignore[call-overload,misc]
            Interview.id,
            Interview.uuid,
            when,
            Interview.scheduled_at,
            Contact.name,
            Organization.name,
            Occupation.name,
            Interview.stage,
            Reflection.fit_confidence,
            FollowUp.thank_you_sent_at,
            Interview.ended_at,
        )
        .join(Contact, col(Contact.id) == Interview.contact_id)
        .outerjoin(Organization, col(Organization.id) == Interview.organization_id)
        .outerjoin(Occupation, col(Occupation.id) == Interview.occupation_id)
        .outerjoin(Reflection, col(Reflection.interview_id) == Interview.id)
        .outerjoin(FollowUp, col(FollowUp.interview_id) == Interview.id)
    )
    if where.text.strip():
        for word in where.text.split():
            pattern = "%" + _like_escape(word) + "%"
            query = query.where(
                or_(
                    col(Contact.name).ilike(pattern, escape="\\"),
                    col(Organization.name).ilike(pattern, escape="\\"),
                    col(Occupation.name).ilike(pattern, escape="\\"),
                )
            )
    if where.occupation_id is not None:
        query = query.where(Interview.occupation_id == where.occupation_id)
    if where.organization_id is not None:
        query = query.where(Interview.organization_id == where.organization_id)
    if where.stage is not None:
        query = query.where(Interview.stage == where.stage)
    if where.since is not None:
        query = query.where(when >= _day_start(where.since, where.local_days))
    if where.until is not None:
        query = query.where(when < _day_start(where.until + timedelta(days=1), where.local_days))
    if where.min_fit is not None:
        query = query.where(col(Reflection.fit_confidence) >= where.min_fit)
    if where.sort == "fit":
        query = query.order_by(col(Reflection.fit_confidence).desc().nulls_last(), when.desc())
    elif where.sort == "contact":
        query = query.order_by(func.lower(Contact.name), when.desc())
    else:
        query = query.order_by(when.desc(), col(Interview.id).desc())
    with reading(engine) as session:
        rows = session.execute(query).all()
    return [
        InterviewRow(
            id=row[0],
            uuid=row[1],
            when=aware(row[2]),
            scheduled_at=row[3],
            contact_name=row[4],
            organization_name=row[5],
            occupation_name=row[6],
            stage=Stage(row[7]),
            fit_confidence=row[8],
            thank_you_sent_at=row[9],
            ended_at=row[10],
        )
        for row in rows
    ]


def _day_start(day: date, local: bool) -> datetime:
    """The first moment of `day` in UTC; `local`: the day as this computer's time zone has it."""
    if local:
        return datetime.combine(day, time()).astimezone().astimezone(UTC)
    return datetime.combine(day, time(), UTC)


def _like_escape(word: str) -> str:
    """Escape LIKE's wildcards so a typed % or _ matches itself."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
