"""Helpers shared by the store operations: fetching, assigning and naming rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, select

from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.models import (
    Occupation,
    Organization,
    utcnow,
)

Row = TypeVar("Row", bound=SQLModel)


def get_row(session: Session, model: type[Row], row_id: int) -> Row:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{model.__name__.lower()} {row_id} does not exist (any more)")
    return row


def assign(row: SQLModel, allowed: set[str], fields: dict[str, Any]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"cannot set {', '.join(sorted(unknown))} on {type(row).__name__}")
    for name, value in fields.items():
        setattr(row, name, value)
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()


def seconds_since(started_at: datetime | None) -> int | None:
    if started_at is None:
        return None
    return max(0, int((utcnow() - started_at).total_seconds()))


def named_row(
    session: Session, model: type[Occupation] | type[Organization], name: str | None
) -> int | None:
    """The id of the row with this name (case-insensitive), created when new."""
    name = (name or "").strip()
    if not name:
        return None
    # Compared in Python: SQLite's lower() folds ASCII only, so "Ärztin" != "ärztin" there.
    key = name.casefold()
    found = next(
        (
            row_id
            for row_id, row_name in session.exec(
                select(col(model.id), col(model.name)).order_by(col(model.id))
            )
            if row_name.casefold() == key
        ),
        None,
    )
    if found is not None:
        return found
    row = model(name=name)
    session.add(row)
    session.flush()
    return row.id


class StoreBase:
    """What every group of store operations needs: the engine."""

    engine: Engine
