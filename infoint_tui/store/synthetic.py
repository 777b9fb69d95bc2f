"""Large synthetic demo databases: thousands of deterministic interviews, for benchmarks.

`generate` writes them in one transaction on the engine's plain sqlite3 connection: rows
through `executemany`, each value converted by its column's SQLAlchemy type exactly as an
ORM insert would store it. The search index's insert triggers (migrations 0002 and 0003)
are set aside for the load and their own statements, read back from the schema, index the
new rows once at the end, table by table; then the triggers are put back verbatim, in the
same transaction, so the file's schema is what it was.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import uuid as uuid_module
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from sqlalchemy import Engine
from sqlmodel import Session, select

from infoint_tui.store.connections import driver_connection
from infoint_tui.store.follow_up_ops import REFERRAL_HOW_FOUND
from infoint_tui.store.kinds import OutreachStatus
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Medium,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
    Stage,
    utcnow,
)
from infoint_tui.store.search import compact_index
from infoint_tui.store.sessions import writing


class _Occupation(NamedTuple):
    """An occupation's name, tools, tasks, the people it works with, and the usual way in."""

    name: str
    tools: tuple[str, ...]
    tasks: tuple[str, ...]
    people: str
    credential: str


@dataclass(frozen=True)
class _Vocabulary:
    """The word lists and text templates of `data/synthetic_words.json`.

    Templates name their blanks `{first}`, `{occ}`, `{org}`, `{task}` and so on (see
    `_synthetic_interview`); `questions`, `answers` and `reflections` are keyed by question
    category or reflection field.
    """

    occupations: tuple[_Occupation, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    organization_stems: tuple[str, ...]
    organization_kinds: tuple[tuple[str, str], ...]
    organization_notes: tuple[str, ...]
    how_met: tuple[str, ...]
    questions: dict[str, tuple[str, ...]]
    answers: dict[str, tuple[str, ...]]
    goals: tuple[str, ...]
    notes: tuple[str, ...]
    reflections: dict[str, tuple[str, ...]]
    thank_you: str


@cache
def _vocabulary() -> _Vocabulary:
    """The word lists, read once from `data/synthetic_words.json`."""
    text = resources.files("infoint_tui.store").joinpath("data/synthetic_words.json")
    data = json.loads(text.read_text("utf-8"))
    return _Vocabulary(
        occupations=tuple(
            _Occupation(
                name=item["name"],
                tools=tuple(item["tools"]),
                tasks=tuple(item["tasks"]),
                people=item["people"],
                credential=item["credential"],
            )
            for item in data["occupations"]
        ),
        first_names=tuple(data["first_names"]),
        last_names=tuple(data["last_names"]),
        organization_stems=tuple(data["organization_stems"]),
        organization_kinds=tuple(
            (kind["suffix"], kind["sector"]) for kind in data["organization_kinds"]
        ),
        organization_notes=tuple(data["organization_notes"]),
        how_met=tuple(data["how_met"]),
        questions={key: tuple(texts) for key, texts in data["questions"].items()},
        answers={key: tuple(texts) for key, texts in data["answers"].items()},
        goals=tuple(data["goals"]),
        notes=tuple(data["notes"]),
        reflections={key: tuple(texts) for key, texts in data["reflections"].items()},
        thank_you=data["thank_you"],
    )


def occupation_id(session: Session, name: str) -> int:
    """The id of the occupation named exactly `name`, added when there is none."""
    existing = session.exec(select(Occupation).where(Occupation.name == name)).first()
    if existing is not None and existing.id is not None:
        return existing.id
    occupation = Occupation(name=name)
    session.add(occupation)
    session.flush()
    return int(occupation.id)  # type: ignore[arg-type]  # the flush set it


def generate(engine: Engine, count: int, seed: int = 0, *, now: datetime | None = None) -> None:
    """Add `count` synthetic interviews spread over three years before `now`, for benchmarks.

    The same `seed` always gives the same texts (and, with the same `now`, the same rows).
    Every person has the organization of their interview and the outreach status it
    implies (interviewed once it was held, scheduled before), and everyone referred is a
    person introduced by the one who referred them, as the app and migration 0005 make
    them. All rows are written in one transaction (all or nothing); the search index is
    built once at the end, as the triggers would have built it, and compacted after.
    """
    if count <= 0:
        return
    rng = random.Random(seed)
    # Referred people draw their uuids from their own stream, so the rows everything
    # else gets from `rng` stay the same as before they existed.
    people_rng = random.Random(f"{seed}:referred people")
    now = now or utcnow()
    with writing(engine) as session:
        occupation_ids = [occupation_id(session, spec.name) for spec in _vocabulary().occupations]
    with driver_connection(engine) as connection:
        writer = _Writer(connection, engine.dialect)
        connection.execute("BEGIN IMMEDIATE")
        try:
            triggers = _set_index_triggers_aside(connection)
            first_id = {table.__tablename__: _next_id(connection, table) for table in _BULK_TABLES}
            next_id = {table: first_id[table.__tablename__] for table in _BULK_TABLES}
            organizations = _organizations(rng, next_id[Organization], now)
            writer.write(Organization, organizations)
            next_id[Organization] += len(organizations)
            # The people referred come after everyone interviewed: the ids of the rows
            # that existed before they did stay the same.
            batch = _Batch(next_id, next_id[Contact] + count, people_rng)
            for start in range(0, count, _BATCH_INTERVIEWS):
                for _ in range(start, min(start + _BATCH_INTERVIEWS, count)):
                    _synthetic_interview(rng, now, batch, occupation_ids, organizations)
                batch.flush(writer)
            for trigger in triggers:
                connection.execute(trigger.index_sql, (first_id[trigger.table],))
                connection.execute(trigger.sql)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    compact_index(engine)


#: Interviews generated between two bulk writes (the rows waiting take memory).
_BATCH_INTERVIEWS = 2500


class _IndexTrigger(NamedTuple):
    """A trigger that indexes each new row of `table`, and the statement that does it in bulk."""

    name: str
    table: str
    sql: str
    """The trigger's own `CREATE TRIGGER` statement, as the schema holds it."""
    index_sql: str
    """Its `INSERT … SELECT` over the rows of `table` from the id `?` on."""


# A search index insert trigger of migration 0002: one INSERT … SELECT over `new`.
_INDEX_TRIGGER = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) AFTER INSERT ON (?P<table>\w+) BEGIN\s+"
    r"(?P<insert>INSERT INTO search_index\s*\([^)]*\)) SELECT (?P<select>.+?) "
    r"WHERE (?P<where>[^;]+);\s*END",
    re.DOTALL,
)


def index_triggers(connection: sqlite3.Connection) -> list[_IndexTrigger]:
    """The insert triggers of the search index on the tables `generate` writes, in schema order.

    Each one's statement is turned into the same statement over a range of rows: the
    table is read under the alias `new`, so the trigger's text is used exactly as it is.
    A trigger of another shape is not listed (it stays, and indexes its rows itself).
    """
    tables = {table.__tablename__ for table in _BULK_TABLES}
    found = []
    rows = connection.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"
    )
    for name, table, sql in rows:
        match = _INDEX_TRIGGER.fullmatch(sql.strip())
        if table not in tables or match is None or match["table"] != table:
            continue
        index_sql = (
            f'{match["insert"]} SELECT {match["select"]} FROM "{table}" AS new '
            f"WHERE ({match['where']}) AND new.id >= ?"
        )
        found.append(_IndexTrigger(name, table, sql, index_sql))
    return found


def _set_index_triggers_aside(connection: sqlite3.Connection) -> list[_IndexTrigger]:
    """Drop the search index's insert triggers (inside the caller's transaction)."""
    triggers = index_triggers(connection)
    for trigger in triggers:
        connection.execute(f'DROP TRIGGER "{trigger.name}"')
    return triggers


def _organizations(rng: random.Random, first_id: int, now: datetime) -> list[dict[str, Any]]:
    vocab = _vocabulary()
    names = [(stem, kind) for stem in vocab.organization_stems for kind in vocab.organization_kinds]
    chosen = rng.sample(names, 300)
    rows = []
    for offset, (stem, (suffix, sector)) in enumerate(chosen):
        rows.append(
            {
                "id": first_id + offset,
                "name": f"{stem} {suffix}",
                "sector": sector,
                "website": f"https://{stem.lower()}-{suffix.split()[0].lower()}.example",
                "research_notes": (
                    f"{stem} {suffix} employs about {rng.choice((40, 120, 300, 900, 2500))} "
                    f"people. {rng.choice(vocab.organization_notes)}"
                ),
                "created_at": now - timedelta(days=1100),
                "updated_at": now - timedelta(days=1100),
            }
        )
    return rows


#: Tables `generate` writes, each with explicit ids after the highest one already there.
_BULK_TABLES: tuple[Any, ...] = (
    Organization,
    Contact,
    Interview,
    Question,
    Note,
    Reflection,
    FollowUp,
    Referral,
)


def _next_id(connection: sqlite3.Connection, table: Any) -> int:
    row = connection.execute(f'SELECT max(id) FROM "{table.__tablename__}"').fetchone()
    return int(row[0] or 0) + 1


class _Writer:
    """Bulk inserts on a plain sqlite3 connection, each value stored as SQLAlchemy stores it."""

    def __init__(self, connection: sqlite3.Connection, dialect: Any) -> None:
        self.connection = connection
        self.dialect = dialect
        self._statements: dict[tuple[Any, tuple[str, ...]], tuple[str, list[Any]]] = {}

    def _statement(self, table: Any, keys: tuple[str, ...]) -> tuple[str, list[Any]]:
        """The INSERT for these columns of `table`, and each column's conversion (or None)."""
        known = self._statements.get((table, keys))
        if known is None:
            columns = table.__table__.c
            names = ", ".join(f'"{key}"' for key in keys)
            marks = ", ".join("?" for _ in keys)
            sql = f'INSERT INTO "{table.__tablename__}" ({names}) VALUES ({marks})'
            converters = [
                columns[key].type.dialect_impl(self.dialect).bind_processor(self.dialect)
                for key in keys
            ]
            known = self._statements[(table, keys)] = (sql, converters)
        return known

    def write(self, table: Any, rows: Sequence[dict[str, Any]]) -> None:
        """Insert `rows` (dicts with the same keys) into `table`."""
        if not rows:
            return
        keys = tuple(rows[0])
        sql, converters = self._statement(table, keys)
        converted = [(index, convert) for index, convert in enumerate(converters) if convert]
        values = []
        for row in rows:
            items: list[Any] = [row[key] for key in keys]
            for index, convert in converted:
                items[index] = convert(items[index])  # each converter passes None through
            values.append(items)
        self.connection.executemany(sql, values)


class _Batch:
    """Rows waiting for one bulk insert, with the next free id of each table.

    People referred get ids from `next_person_id` on, after every person interviewed.
    """

    def __init__(
        self, next_id: dict[Any, int], next_person_id: int, people_rng: random.Random
    ) -> None:
        self.next_id = next_id
        self.next_person_id = next_person_id
        self.people_rng = people_rng
        self.rows: dict[Any, list[dict[str, Any]]] = {table: [] for table in _BULK_TABLES}

    def add(self, table: Any, row: dict[str, Any]) -> int:
        row["id"] = self.next_id[table]
        self.next_id[table] += 1
        self.rows[table].append(row)
        return int(row["id"])

    def add_referred_person(self, name: str, referred_by: int, at: datetime) -> int:
        """A person someone suggested, as Follow-up adds them: introduced by `referred_by`."""
        row = _person(
            str(uuid_module.UUID(int=self.people_rng.getrandbits(128), version=4)),
            name,
            how_met=REFERRAL_HOW_FOUND,
            referred_by=referred_by,
            organization=None,
            status=OutreachStatus.TO_CONTACT,
            created=at,
        )
        row["id"] = self.next_person_id
        self.next_person_id += 1
        self.rows[Contact].append(row)
        return int(row["id"])

    def flush(self, writer: _Writer) -> None:
        for table, rows in self.rows.items():  # parents first (`_BULK_TABLES`)
            writer.write(table, rows)
            rows.clear()


def _person(
    uuid: str,
    name: str,
    *,
    how_met: str,
    referred_by: int | None,
    organization: int | None,
    status: OutreachStatus,
    created: datetime,
    role: str = "",
    email: str = "",
    notes: str = "",
) -> dict[str, Any]:
    """A contact row; every person has the same keys, so they go in one bulk insert."""
    return {
        "uuid": uuid,
        "name": name,
        "role": role,
        "email": email,
        "phone": "",
        "profile_url": "",
        "how_met": how_met,
        "referred_by_id": referred_by,
        "notes": notes,
        "organization_id": organization,
        "outreach_status": status,
        "created_at": created,
        "updated_at": created,
    }


def _fill(
    rng: random.Random, templates: Sequence[str], words: dict[str, str], low: int, high: int
) -> str:
    """Join randomly chosen templates until the text is between `low` and `high` words."""
    target = rng.randint(low, high)
    picked: list[str] = []
    total = 0
    for template in rng.sample(list(templates), len(templates)):
        sentence = template.format(**words)
        length = len(sentence.split())
        if total + length > high and total >= low:
            break
        picked.append(sentence)
        total += length
        if total >= target:
            break
    return " ".join(picked)


def _synthetic_interview(
    rng: random.Random,
    now: datetime,
    batch: _Batch,
    occupation_ids: Sequence[int],
    organizations: Sequence[dict[str, Any]],
) -> None:
    vocab = _vocabulary()
    which = rng.randrange(len(vocab.occupations))
    name, tools, tasks, people, credential = vocab.occupations[which]
    organization = rng.choice(organizations)
    first, last = rng.choice(vocab.first_names), rng.choice(vocab.last_names)
    task, task2 = rng.sample(tasks, 2)
    low = rng.randrange(40, 75, 5)
    words = {
        "first": first,
        "occ": name.lower(),
        "org": organization["name"],
        "sector": organization["sector"].lower(),
        "tool": rng.choice(tools),
        "task": task,
        "task2": task2,
        "people": people,
        "cred": credential,
        "years": str(rng.randint(3, 25)),
        "low": str(low),
        "high": str(low + rng.randrange(10, 30, 5)),
    }
    # 2% are still ahead (research or questions); the rest spread over three years.
    if rng.random() < 0.02:
        scheduled = now + timedelta(minutes=rng.randint(60, 21 * 24 * 60))
        stage = rng.choice((Stage.RESEARCH, Stage.QUESTIONS))
    else:
        scheduled = now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
        roll = rng.random()
        stage = Stage.DONE if roll < 0.8 else Stage.FOLLOW_UP if roll < 0.92 else Stage.REFLECT
    happened = stage in (Stage.REFLECT, Stage.FOLLOW_UP, Stage.DONE)
    created = scheduled - timedelta(days=rng.randint(3, 30))
    minutes = rng.choice((20, 25, 30, 30, 45))
    start = scheduled + timedelta(minutes=rng.randint(0, 5)) if happened else None
    end = start + timedelta(minutes=minutes + rng.randint(-5, 10)) if start else None

    contact = batch.add(
        Contact,
        _person(
            str(uuid_module.UUID(int=rng.getrandbits(128), version=4)),
            f"{first} {last}",
            role=rng.choice(("", "Senior ", "Lead ", "Junior ")) + name.lower(),
            email=f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.org",
            how_met=rng.choice(vocab.how_met),
            referred_by=None,
            notes=rng.choice(("", "", f"Prefers email. Based near {organization['name']}.")),
            # As migration 0005 sets them: the organization of their (only) interview, and
            # interviewed once it was held.
            organization=organization["id"],
            status=OutreachStatus.INTERVIEWED if happened else OutreachStatus.SCHEDULED,
            created=created,
        ),
    )
    interview = batch.add(
        Interview,
        {
            "uuid": str(uuid_module.UUID(int=rng.getrandbits(128), version=4)),
            "contact_id": contact,
            "organization_id": organization["id"],
            "occupation_id": occupation_ids[which],
            "scheduled_at": scheduled,
            "medium": rng.choice((Medium.VIDEO, Medium.VIDEO, Medium.PHONE, Medium.IN_PERSON)),
            "planned_minutes": minutes,
            "research_notes": f"{first} works as a {name.lower()} at {organization['name']}. "
            + _fill(rng, vocab.answers["path"] + vocab.answers["organization"], words, 10, 30),
            "goals": _fill(rng, vocab.goals, words, 8, 25),
            "started_at": start,
            "ended_at": end,
            "stage": stage,
            "created_at": created,
            "updated_at": end or created,
        },
    )

    always = ("typical_day", "advice", "referrals")
    categories = [*always, *rng.sample([key for key in vocab.questions if key not in always], 5)]
    rng.shuffle(categories)
    elapsed = rng.randint(30, 120)
    for position, category in enumerate(categories):
        asked = happened and rng.random() < 0.9
        answer = _fill(rng, vocab.answers[category], words, 10, 60) if asked else ""
        batch.add(
            Question,
            {
                "interview_id": interview,
                "text": rng.choice(vocab.questions[category]).format(**words),
                "category": category,
                "position": position,
                "must_ask": position < 2,
                "asked": asked,
                "asked_at_seconds": elapsed if asked else None,
                "skipped": happened and not asked,
                "answer": answer,
                "starred": asked and rng.random() < 0.15,
                "estimate_minutes": 2.0,
                "bank_key": None,
                "updated_at": end or created,
            },
        )
        if asked:
            elapsed += rng.randint(90, 240)
    if not happened or start is None or end is None:
        return
    for offset in sorted(rng.sample(range(60, minutes * 60), 2)):
        batch.add(
            Note,
            {
                "interview_id": interview,
                "text": _fill(rng, vocab.notes, words, 5, 25),
                "created_at": start + timedelta(seconds=offset),
                "offset_seconds": offset,
                "starred": rng.random() < 0.25,
            },
        )
    reflection: dict[str, Any] = {
        "interview_id": interview,
        "fit_confidence": rng.randint(1, 5),
        "updated_at": end + timedelta(hours=rng.randint(1, 48)),
    }
    for key, templates in vocab.reflections.items():
        reflection[key] = _fill(rng, templates, words, 4, 20)
    batch.add(Reflection, reflection)
    if stage in (Stage.FOLLOW_UP, Stage.DONE):
        done = stage is Stage.DONE
        batch.add(
            FollowUp,
            {
                "interview_id": interview,
                "thank_you_text": vocab.thank_you.format(**words),
                "thank_you_sent_at": end + timedelta(hours=rng.randint(2, 40)) if done else None,
                "next_contact_on": (end + timedelta(days=rng.randint(14, 120))).date(),
                "updated_at": end + timedelta(hours=rng.randint(2, 40)),
            },
        )
        if rng.random() < 0.3:
            referred = f"{rng.choice(vocab.first_names)} {rng.choice(vocab.last_names)}"
            batch.add(
                Referral,
                {
                    "interview_id": interview,
                    "name": referred,
                    "context": _fill(rng, vocab.answers["referrals"], words, 5, 20),
                    "contact_id": batch.add_referred_person(referred, contact, end),
                    "planned_interview_id": None,
                    "created_at": end,
                },
            )
