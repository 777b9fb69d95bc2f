"""The benchmark's data: the generated database, its copy, and the interview typed into in Live."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from scenarios import PROGRAM
from terminal import ContactNames

#: The tables an infoint-tui export carries, parents first (raw_io.py reads the same).
EXPORTED_TABLES = (
    "occupation", "organization", "contact", "interview", "question", "note",
    "reflection", "follow_up", "referral",
)  # fmt: skip

BENCH_CONTACT = "Wren Benchmark"
"""The contact of the interview added for the runs in the terminal (Home's first row)."""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the data ----------------------------------------------------------------------------


@dataclass
class Data:
    master: Path
    """The generated database, left as generated: search, occupation, export read it."""
    work: Path
    """A copy plus the benchmark interview (first on Home), for the runs in the terminal."""
    interviews: int
    answers: int
    notes: int
    indexed: int
    rows: int
    generate_seconds: float
    bench_interview_id: int
    bench_question_ids: list[int]
    bench_occupation: str


@dataclass
class Generated:
    """A database as `infoint-tui demo --generate` made it, and how much it holds."""

    path: Path
    interviews: int
    answers: int
    notes: int
    indexed: int
    rows: int
    """Rows of the tables an export carries."""
    generate_seconds: float
    soonest: str | None
    """When the first generated upcoming interview is (stored UTC text), if any."""
    occupation: str
    """The first occupation's name."""


def generate(
    folder: Path, count: int, seed: int, env: dict[str, str], name: str = "interviews.db"
) -> Generated:
    """Generate `count` interviews into `folder / name` and count what they hold."""
    path = folder / name
    log(f"generating {count:,} interviews (infoint-tui demo --generate)…")
    start = time.perf_counter()
    subprocess.run(
        [PROGRAM, "--db", str(path), "demo", "--generate", str(count), "--seed", str(seed)],
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )
    generate_seconds = time.perf_counter() - start
    with sqlite3.connect(path) as connection:
        one = lambda sql: int(connection.execute(sql).fetchone()[0])  # noqa: E731
        interviews = one("SELECT count(*) FROM interview")
        answers = one("SELECT count(*) FROM question WHERE trim(answer) != ''")
        notes = one("SELECT count(*) FROM note WHERE trim(text) != ''")
        indexed = one("SELECT count(*) FROM search_index")
        rows = sum(one(f"SELECT count(*) FROM {table}") for table in EXPORTED_TABLES)
        soonest = connection.execute(
            "SELECT min(scheduled_at) FROM interview WHERE scheduled_at > ? AND ended_at IS NULL",
            (dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),),
        ).fetchone()[0]
        occupation = connection.execute("SELECT name FROM occupation ORDER BY id").fetchone()[0]
    connection.close()
    return Generated(
        path, interviews, answers, notes, indexed, rows, generate_seconds, soonest, occupation
    )


def prepare(folder: Path, count: int, seed: int, env: dict[str, str]) -> Data:
    """Generate the database, copy it, and add the interview typed into in Live."""
    from infoint_tui.store.models import Stage
    from infoint_tui.store.store import Store

    made = generate(folder, count, seed, env)
    master, soonest, occupation = made.path, made.soonest, made.occupation
    work = folder / "work.db"
    shutil.copyfile(master, work)

    # Scheduled just before every generated upcoming one, so it is Home's first row.
    now = dt.datetime.now(dt.UTC)
    when = now + dt.timedelta(hours=2)
    if soonest:
        when = min(when, dt.datetime.fromisoformat(soonest).replace(tzinfo=dt.UTC))
        when -= dt.timedelta(minutes=5)
    if when < now + dt.timedelta(minutes=20):
        raise SystemExit("the generated data has an interview too soon to put ours first")
    store = Store.open(work)
    try:
        interview = store.create_interview(
            BENCH_CONTACT, occupation=occupation, bank_key="essentials", scheduled_at=when
        )
        assert interview.id is not None
        store.set_stage(interview.id, Stage.QUESTIONS)
        questions = [q.id for q in store.interview(interview.id).questions if q.id is not None]
    finally:
        store.close()
    return Data(
        master, work, made.interviews, made.answers, made.notes, made.indexed, made.rows,
        made.generate_seconds, interview.id, questions, occupation,
    )  # fmt: skip


def reset_bench_interview(data: Data) -> None:
    """Undo what a run did to the benchmark interview: clock, stage, ticks, answers."""
    from infoint_tui.store.models import Stage
    from infoint_tui.store.store import Store

    store = Store.open(data.work)
    try:
        interview_id = data.bench_interview_id
        store.update_interview(interview_id, started_at=None, ended_at=None, stage=Stage.QUESTIONS)
        for question_id in data.bench_question_ids:
            store.mark_asked(question_id, False)
            store.update_question(question_id, answer="", starred=False)
        for note in store.interview(interview_id).notes:
            assert note.id is not None
            store.delete_note(note.id)
    finally:
        store.close()


def contact_names(db: Path) -> ContactNames:
    with sqlite3.connect(db) as connection:
        return ContactNames(row[0] for row in connection.execute("SELECT name FROM contact"))
