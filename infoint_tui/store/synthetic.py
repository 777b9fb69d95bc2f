"""Large synthetic demo databases: thousands of deterministic interviews, for benchmarks."""

from __future__ import annotations

import json
import random
import uuid as uuid_module
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import Engine, func, insert
from sqlmodel import Session, select

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
    Rows are written with bulk inserts in a few transactions; the FTS triggers index them,
    and the index is compacted at the end, as after a large import.
    """
    if count <= 0:
        return
    rng = random.Random(seed)
    now = now or utcnow()
    with writing(engine) as session:
        occupation_ids = [occupation_id(session, spec.name) for spec in _vocabulary().occupations]
        next_id = {table: _next_id(session, table) for table in _BULK_TABLES}
        organizations = _organizations(rng, next_id[Organization], now)
        session.execute(insert(Organization), organizations)
    batch = _Batch(next_id)
    for start in range(0, count, 2500):
        for _ in range(start, min(start + 2500, count)):
            _synthetic_interview(rng, now, batch, occupation_ids, organizations)
        with writing(engine) as session:
            batch.flush(session)
    compact_index(engine)


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


def _next_id(session: Session, table: Any) -> int:
    highest = session.scalar(sa.select(func.max(table.__table__.c.id)))
    return int(highest or 0) + 1


class _Batch:
    """Rows waiting for one bulk insert, with the next free id of each table."""

    def __init__(self, next_id: dict[Any, int]) -> None:
        self.next_id = next_id
        self.rows: dict[Any, list[dict[str, Any]]] = {table: [] for table in _BULK_TABLES}

    def add(self, table: Any, row: dict[str, Any]) -> int:
        row["id"] = self.next_id[table]
        self.next_id[table] += 1
        self.rows[table].append(row)
        return int(row["id"])

    def flush(self, session: Session) -> None:
        for table, rows in self.rows.items():
            if rows:
                session.execute(insert(table), rows)
                rows.clear()


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
        {
            "uuid": str(uuid_module.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"{first} {last}",
            "role": rng.choice(("", "Senior ", "Lead ", "Junior ")) + name.lower(),
            "email": f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.org",
            "phone": "",
            "profile_url": "",
            "how_met": rng.choice(vocab.how_met),
            "referred_by_id": None,
            "notes": rng.choice(("", "", f"Prefers email. Based near {organization['name']}.")),
            "created_at": created,
            "updated_at": created,
        },
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
            batch.add(
                Referral,
                {
                    "interview_id": interview,
                    "name": f"{rng.choice(vocab.first_names)} {rng.choice(vocab.last_names)}",
                    "context": _fill(rng, vocab.answers["referrals"], words, 5, 20),
                    "contact_id": None,
                    "planned_interview_id": None,
                    "created_at": end,
                },
            )
