"""Question banks: seeded from the package data, upgraded by version, copies left alone."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from contextlib import closing
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from infoint_tui.store.banks import MY_QUESTIONS, ensure_banks, shipped_banks
from infoint_tui.store.store import Store

SHIPPED: dict[str, dict[str, Any]] = {
    bank["key"]: bank
    for bank in json.loads(
        resources.files("infoint_tui.store").joinpath("data/banks.json").read_text("utf-8")
    )["banks"]
}


def sql(db_path: Path, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute(query, args).fetchall()


def stored_questions(db_path: Path, bank_key: str) -> list[tuple[Any, ...]]:
    return sql(
        db_path,
        "SELECT q.key, q.text, q.category, q.position, q.must_ask, q.estimate_minutes "
        "FROM bank_question q JOIN question_bank b ON b.id = q.bank_id "
        "WHERE b.key = ? ORDER BY q.position",
        bank_key,
    )


def expected_questions(questions: Any) -> list[tuple[Any, ...]]:
    return [
        (
            q["key"],
            q["text"],
            q.get("category", "other"),
            position,
            int(bool(q.get("must_ask", False))),
            float(q.get("minutes", 2)),
        )
        for position, q in enumerate(questions)
    ]


def test_shipped_banks_are_seeded_as_in_the_json(engine: Engine, db_path: Path) -> None:
    assert ensure_banks(engine) is True
    banks = {
        row[0]: row[1:]
        for row in sql(
            db_path, "SELECT key, name, description, version, builtin FROM question_bank"
        )
    }
    assert set(banks) == {"essentials", "tiara", "life-design", MY_QUESTIONS}
    for key, bank in SHIPPED.items():
        assert banks[key] == (bank["name"], bank["description"], bank["version"], 1)
        assert stored_questions(db_path, key) == expected_questions(bank["questions"])
    assert [len(stored_questions(db_path, key)) for key in SHIPPED] == [11, 8, 8]


@pytest.mark.parametrize(
    ("bank_key", "categories"),
    [
        ("essentials", "typical_day best_worst preparation qualities salary advice referrals"),
        ("tiara", "trends insights advice resources assignments"),
    ],
)
def test_bank_covers_its_categories(db_path: Path, bank_key: str, categories: str) -> None:
    with closing(Store.open(db_path)) as store:
        covered = {question.category for question in store.bank_questions(bank_key)}
    assert set(categories.split()) <= covered
    assert covered == {q["category"] for q in SHIPPED[bank_key]["questions"]}


def test_my_questions_bank_exists_and_is_not_builtin(db_path: Path) -> None:
    with closing(Store.open(db_path)) as store:
        *builtin, mine = store.banks()
    assert (mine.key, mine.name, mine.builtin) == (MY_QUESTIONS, "My questions", False)
    assert [bank.builtin for bank in builtin] == [True, True, True]
    assert sql(db_path, "SELECT builtin FROM question_bank WHERE key = ?", MY_QUESTIONS) == [(0,)]


def test_ensure_banks_is_a_no_op_the_second_time(engine: Engine, db_path: Path) -> None:
    assert ensure_banks(engine) is True
    before = sql(db_path, "SELECT * FROM bank_question ORDER BY id")
    assert ensure_banks(engine) is False
    assert ensure_banks(engine, banks=shipped_banks()) is False
    assert sql(db_path, "SELECT * FROM bank_question ORDER BY id") == before
    assert sql(db_path, "SELECT count(*) FROM question_bank") == [(4,)]


def test_upgrade_rewrites_the_bank_but_not_copied_questions(db_path: Path) -> None:
    store = Store.open(db_path)
    copied = store.create_interview("Ada", bank_key="tiara")
    original = store.interview(copied.id).questions
    spec = next(bank for bank in shipped_banks() if bank.key == "tiara")
    changed, _removed, *rest = (dict(question) for question in spec.questions)
    changed["text"] = "Which trends worry you most?"
    changed["must_ask"] = not changed.get("must_ask", False)
    added = {"key": "brand-new", "text": "What would you read first?", "category": "resources"}
    upgraded = dataclasses.replace(
        spec, version=2, name="TIARA v2", questions=(added, *rest, changed)
    )
    others = tuple(bank for bank in shipped_banks() if bank.key != "tiara")
    try:
        assert ensure_banks(store.engine, banks=(*others, upgraded)) is True
        assert ensure_banks(store.engine, banks=(*others, upgraded)) is False
        later = store.create_interview("Bob", bank_key="tiara")
    finally:
        store.close()

    assert sql(db_path, "SELECT name, version FROM question_bank WHERE key = 'tiara'") == [
        ("TIARA v2", 2)
    ]
    assert stored_questions(db_path, "tiara") == expected_questions([added, *rest, changed])
    for key in ("essentials", "life-design"):
        assert stored_questions(db_path, key) == expected_questions(SHIPPED[key]["questions"])
    query = "SELECT text, bank_key, must_ask FROM question WHERE interview_id = ? ORDER BY position"
    assert sql(db_path, query, copied.id) == [(q.text, q.bank_key, q.must_ask) for q in original]
    assert sql(db_path, query, later.id) == [
        (q["text"], f"tiara:{q['key']}", q.get("must_ask", False)) for q in (added, *rest, changed)
    ]
