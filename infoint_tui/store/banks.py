"""Question banks: shipped as package data, seeded on first run and upgraded by version.

Upgrading a bank rewrites only its bank rows; questions already copied into an
interview are separate rows and never change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, delete, select

from infoint_tui.store.models import BankQuestion, QuestionBank
from infoint_tui.store.sessions import reading, writing

#: The bank that holds the questions a user saved from their own lists.
MY_QUESTIONS = "mine"


@dataclass(frozen=True)
class BankSpec:
    """A bank as shipped in the package data."""

    key: str
    name: str
    description: str
    version: int
    questions: tuple[dict[str, Any], ...]


@cache
def shipped_banks() -> tuple[BankSpec, ...]:
    """The built-in banks from `data/banks.json`."""
    text = resources.files("infoint_tui.store").joinpath("data/banks.json").read_text("utf-8")
    return tuple(
        BankSpec(
            key=bank["key"],
            name=bank["name"],
            description=bank["description"],
            version=bank["version"],
            questions=tuple(bank["questions"]),
        )
        for bank in json.loads(text)["banks"]
    )


def ensure_banks(engine: Engine, banks: tuple[BankSpec, ...] | None = None) -> bool:
    """Seed missing banks and upgrade older ones; return whether anything was written."""
    banks = shipped_banks() if banks is None else banks
    with reading(engine) as session:
        stored = {bank.key: bank.version for bank in session.exec(select(QuestionBank))}
    outdated = [bank for bank in banks if stored.get(bank.key, 0) < bank.version]
    if MY_QUESTIONS in stored and not outdated:
        return False
    with writing(engine) as session:
        for spec in outdated:
            _write_bank(session, spec)
        if (
            session.exec(select(QuestionBank).where(QuestionBank.key == MY_QUESTIONS)).first()
            is None
        ):
            session.add(
                QuestionBank(
                    key=MY_QUESTIONS,
                    name="My questions",
                    description="Questions you wrote and saved for later interviews.",
                    builtin=False,
                )
            )
    return True


def _write_bank(session: Any, spec: BankSpec) -> None:
    bank = session.exec(select(QuestionBank).where(QuestionBank.key == spec.key)).first()
    if bank is None:
        bank = QuestionBank(key=spec.key, name=spec.name)
        session.add(bank)
    bank.name, bank.description, bank.version = spec.name, spec.description, spec.version
    session.flush()
    existing = {
        question.key: question
        for question in session.exec(select(BankQuestion).where(BankQuestion.bank_id == bank.id))
    }
    keep = set()
    for position, item in enumerate(spec.questions):
        question = existing.get(item["key"]) or BankQuestion(
            bank_id=bank.id, key=item["key"], text=""
        )
        question.text = item["text"]
        question.category = item.get("category", "other")
        question.position = position
        question.must_ask = bool(item.get("must_ask", False))
        question.estimate_minutes = float(item.get("minutes", 2))
        session.add(question)
        keep.add(item["key"])
    gone = [key for key in existing if key not in keep]
    if gone:
        session.exec(
            delete(BankQuestion).where(
                col(BankQuestion.bank_id) == bank.id, col(BankQuestion.key).in_(gone)
            )
        )
