"""Short sessions over an engine: one for reading, one that takes the write lock up front."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reads; objects stay usable after it closes."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


_writes = 0


def write_count() -> int:
    """How many write transactions this process has committed: a cheap "has anything changed?"."""
    return _writes


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """One short write transaction (BEGIN IMMEDIATE), committed on success, rolled back on error."""
    global _writes
    with Session(engine.execution_options(immediate=True), expire_on_commit=False) as session:
        yield session
        session.commit()
        _writes += 1
