"""Home's to-do as a bounded read (store/todo.py, store/waiting.py): the first `limit` items
are the first of the whole list, which is the list the unbounded reads gave; each query
walks its index; the cost stays the same however many interviews there are."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from infoint_tui import timekeeping
from infoint_tui.store import todo, waiting
from infoint_tui.store.dates import stored_text
from infoint_tui.store.kinds import OutreachStatus, Stage, TimelineKind
from infoint_tui.store.outreach_rules import OutreachState, outreach_todos
from infoint_tui.store.store import Store
from infoint_tui.store.todo import TODO_SHOWN, UNCONFIRMED_LIMIT, TodoItem

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
ZONES = ["UTC", "America/New_York", "Pacific/Auckland"]


@pytest.fixture
def zone(request, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def utc_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# -- a varied dataset ------------------------------------------------------------------------


def populate(store: Store, seed: int, size: int = 70) -> None:
    """Every kind of to-do, with ties on due times (few distinct hours and days)."""
    rng = random.Random(seed)
    hours = [-50, -30, -24, -6, -1, 0, 3, 20, 30]  # ended this many hours before NOW (or after)
    for n in range(size):
        kind = rng.choice(["ended", "ended", "next", "planned", "soon", "past", "moved", "bare"])
        scheduled = None
        if kind in ("planned", "soon", "past", "moved", "ended"):
            offset = {
                "planned": timedelta(days=rng.choice([3, 9])),
                "soon": timedelta(hours=rng.choice([-13, -11, -2, 2, 2, 11, 20, 30, 36, 47])),
                "past": -timedelta(days=rng.choice([1, 1, 2, 40, 400])),
                "moved": -timedelta(days=rng.choice([1, 2])),
                "ended": -timedelta(hours=rng.choice([60, 40, 30, 26])),
            }[kind]
            scheduled = NOW + offset
        made = store.create_interview(
            f"P{n} {rng.choice(['Ada', 'Lee', 'Kim', ''])}",
            scheduled_at=scheduled,
            planned_minutes=rng.choice([25, 60, 600]),
        )
        interview_id = made.id
        assert interview_id is not None
        if kind == "ended":
            ended = NOW - timedelta(hours=rng.choice(hours))
            store.start_clock(interview_id, at=ended - timedelta(minutes=30))
            store.end_interview(interview_id, at=ended)
            if rng.random() < 0.4:
                store.record_thank_you_sent(interview_id, at=ended + timedelta(hours=1))
            if rng.random() < 0.5:
                store.set_next_contact(
                    interview_id, NOW.date() + timedelta(days=rng.choice([-9, -1, 0, 0, 1, 2, 30]))
                )
            for r in range(rng.choice([0, 0, 1, 2])):
                referral = store.add_referral(interview_id, f"Ref{n}.{r}")
                fate = rng.choice(["none", "planned", "asked"])
                if fate == "planned":
                    store.plan_interview_from_referral(referral.id)
                elif fate == "asked" and referral.contact_id is not None:
                    store.log_event(
                        referral.contact_id,
                        TimelineKind.REQUEST,
                        at=NOW - timedelta(days=rng.choice([1, 5, 12])),
                    )
            person = store.interview(interview_id).contact.id
            if rng.random() < 0.3:
                store.set_keep_in_touch(person, rng.choice([7, 30, 90]))
        elif kind == "next":
            store.set_next_contact(
                interview_id, NOW.date() + timedelta(days=rng.choice([-3, 0, 1]))
            )
        elif kind == "moved":
            store.set_stage(interview_id, rng.choice([Stage.REFLECT, Stage.DONE, Stage.LIVE]))
        elif kind == "past" and rng.random() < 0.3:
            store.set_stage(interview_id, Stage.QUESTIONS)
    for n in range(size // 6):  # people asked, nudged, kept in touch with
        person = store.add_person(f"Asked{n}", organization=rng.choice(["Acme", "Beta", ""]))
        request = NOW - timedelta(days=rng.choice([2, 4, 9, 15, 20]))
        store.log_event(person.id, TimelineKind.REQUEST, at=request)
        if rng.random() < 0.4:
            store.log_event(person.id, TimelineKind.NUDGE, at=request + timedelta(days=9))
        if rng.random() < 0.3:
            store.set_keep_in_touch(person.id, rng.choice([7, 30]))


# -- the reference: every row read, then sorted in Python -----------------------------------

_FAR = datetime.max.replace(tzinfo=UTC)
_WAITING = {stage.value for stage in todo.WAITING_STAGES}


def reference(store: Store, now: datetime) -> list[TodoItem]:
    """The whole list, as the unbounded reads made it (2743458^), from full table reads."""
    with sqlite3.connect(store.path) as connection:
        interviews = connection.execute(
            "SELECT id, contact_id, scheduled_at, started_at, ended_at, stage, planned_minutes "
            "FROM interview ORDER BY id"
        ).fetchall()
        people = {
            row[0]: row[1:]
            for row in connection.execute(
                "SELECT id, name, outreach_status, keep_in_touch_days, organization_id FROM contact"
            )
        }
        organizations = dict(connection.execute("SELECT id, name FROM organization"))
        follow_ups = connection.execute(
            "SELECT id, interview_id, thank_you_sent_at, next_contact_on FROM follow_up ORDER BY id"
        ).fetchall()
        referrals = connection.execute(
            "SELECT id, interview_id, name, contact_id, planned_interview_id FROM referral "
            "ORDER BY id"
        ).fetchall()
        timeline = connection.execute(
            "SELECT contact_id, kind, at FROM timeline_entry ORDER BY contact_id, at, id"
        ).fetchall()
    name_of = {row[0]: people[row[1]][0] for row in interviews}
    sent = {row[1] for row in follow_ups if row[2] is not None}
    today = now.astimezone().date()
    thanks, contacts, refs, soon, unconfirmed = [], [], [], [], []
    for iid, *_, ended, _stage, _minutes in interviews:
        if ended is not None and iid not in sent:
            deadline = timekeeping.shift(timekeeping.aware(ended), timedelta(hours=24))
            hours = (deadline - now).total_seconds() / 3600
            text = f"Thank {name_of[iid]}: " + (
                f"{hours:.0f} h left" if hours >= 0 else f"overdue by {-hours:.0f} h"
            )
            thanks.append(TodoItem("thank_you", iid, text, hours < 0, deadline))
    for _, iid, _, on_text in follow_ups:
        if on_text is None:
            continue
        on = date.fromisoformat(on_text)
        if on > today + timedelta(days=1):
            continue
        when = "today" if on == today else ("tomorrow" if on > today else f"since {on:%d %b}")
        due = datetime.combine(on, datetime.min.time(), UTC)
        contacts.append(
            TodoItem("next_contact", iid, f"Get back to {name_of[iid]} ({when})", on < today, due)
        )
    for _, iid, name, contact_id, planned in referrals:
        suggested = people.get(contact_id) if contact_id is not None else None
        if planned is None and (suggested is None or suggested[1] == "to_contact"):
            refs.append(
                TodoItem("referral", iid, f"Contact {name} (via {name_of[iid]})", False, None)
            )
    for iid, _, scheduled, started, _ended, stage, minutes in interviews:
        if scheduled is None or started is not None or stage not in _WAITING:
            continue
        planned_at = timekeeping.aware(scheduled)
        if planned_at < now and planned_at + timedelta(minutes=minutes) < now:
            unconfirmed.append((planned_at, iid))
    unconfirmed.sort(reverse=True)
    asked = []
    for planned_at, iid in unconfirmed[:UNCONFIRMED_LIMIT]:
        same_year = timekeeping.local(planned_at).year == timekeeping.local(now).year
        day = timekeeping.local_text(planned_at, "%d %b" if same_year else "%d %b %Y")
        who = name_of[iid].strip() or "(no name yet)"
        text = f"Did the interview with {who} on {day} happen?"
        asked.append(TodoItem("unconfirmed", iid, text, True, planned_at))
    asked_ids = {item.interview_id for item in asked}
    start = datetime.combine(today, datetime.min.time()).astimezone().astimezone(UTC)
    for iid, _, scheduled, _started, ended, *_ in sorted(
        interviews, key=lambda row: (row[2] or "", row[0])
    ):
        if scheduled is None or ended is not None or iid in asked_ids:
            continue
        at = timekeeping.aware(scheduled)
        if start <= at < start + timedelta(days=2):
            local = at.astimezone()
            day = "Today" if local.date() == today else "Tomorrow"
            soon.append(
                TodoItem("upcoming", iid, f"{day} {local:%H:%M}: {name_of[iid]}", False, at)
            )
    # The people asked or kept in touch with, as the old per-person reads found them.
    states = []
    for pid in sorted(people):
        name, status, keep, organization_id = people[pid]
        if status != "request_sent" and keep is None:
            continue
        entries = [(kind, at) for contact_id, kind, at in timeline if contact_id == pid]
        request_on = nudge_on = None
        for kind, at in entries:
            if kind == TimelineKind.REQUEST:
                request_on, nudge_on = _day(at), None
            elif kind == TimelineKind.NUDGE and request_on is not None:
                nudge_on = _day(at)
        contacted = [_day(at) for kind, at in entries if kind != TimelineKind.STATUS]
        held = [row[4] for row in interviews if row[1] == pid and row[4] is not None]
        if held:
            contacted.append(_day(max(held)))
        states.append(
            OutreachState(
                person_id=pid,
                name=name,
                organization_id=organization_id,
                organization=organizations.get(organization_id) or "",
                status=OutreachStatus(status),
                request_on=request_on,
                nudge_on=nudge_on,
                keep_in_touch_days=keep,
                last_contact_on=max(contacted) if contacted else None,
            )
        )
    about = [
        TodoItem(
            item.kind,
            None,
            item.text,
            item.overdue,
            datetime.combine(item.due, datetime.min.time()).astimezone().astimezone(UTC),
            item.person_id,
        )
        for item in outreach_todos(states, today, None)
        if item.kind != "give_up"
    ]
    items = [*thanks, *contacts, *refs, *soon, *asked, *about]
    items.sort(key=lambda item: (not item.overdue, item.due or _FAR))
    return items


def _day(text: str) -> date:
    return timekeeping.aware(text).astimezone().date()


@pytest.mark.parametrize("zone", ZONES, indirect=True)
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_first_k_are_the_first_of_everything_the_old_reads_gave(store, zone, seed) -> None:
    populate(store, seed)
    everything = store.todo_items(limit=None, now=NOW)
    assert not everything.more
    assert list(everything) == reference(store, NOW)
    kinds = {item.kind for item in everything}
    assert {"thank_you", "next_contact", "referral", "upcoming", "unconfirmed"} <= kinds, kinds
    assert kinds & {"nudge", "try_another", "keep_in_touch"}, kinds
    assert len(everything) > TODO_SHOWN
    for limit in (0, 1, 5, TODO_SHOWN, len(everything) - 1, len(everything), 10_000):
        first = store.todo_items(limit=limit, now=NOW)
        assert list(first) == everything[:limit], limit
        assert first.more == (len(everything) > limit), limit
    assert store.todo_items(now=NOW) == everything[:TODO_SHOWN]


@pytest.mark.parametrize("seed", [5, 6])
def test_only_some_kinds_at_the_edges_of_a_panelful(store, utc_zone, seed) -> None:
    """Few dated items and many referrals (the referrals read only when room is left)."""
    rng = random.Random(seed)
    for n in range(TODO_SHOWN + rng.choice([-3, 0, 2])):
        made = store.create_interview(f"Giver{n}")
        store.start_clock(made.id, at=NOW - timedelta(days=3))
        store.end_interview(made.id, at=NOW - timedelta(days=3))
        if rng.random() < 0.7:
            store.record_thank_you_sent(made.id, at=NOW - timedelta(days=2))
        for r in range(rng.choice([0, 1, 3])):
            store.add_referral(made.id, f"R{n}.{r}")
    everything = store.todo_items(limit=None, now=NOW)
    assert list(everything) == reference(store, NOW)
    for limit in range(len(everything) + 2):
        first = store.todo_items(limit=limit, now=NOW)
        assert list(first) == everything[:limit]
        assert first.more == (len(everything) > limit)


# -- the plans -----------------------------------------------------------------------------


def _plan(connection: sqlite3.Connection, sql: str, params: tuple) -> list[str]:
    return [row[-1] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]


def _stored(moment: datetime) -> str:
    return stored_text(moment)


QUERIES = {
    "thank_yous": (todo._THANK_YOUS, (21,), "ix_interview_unthanked"),
    "next_contacts": (todo._NEXT_CONTACTS, ("2026-06-11", 21), "ix_follow_up_next_contact_on"),
    "upcoming": (
        todo._UPCOMING,
        (_stored(NOW), _stored(NOW + timedelta(days=2)), 21),
        "ix_interview_scheduled_at",
    ),
    "unconfirmed": (todo._UNCONFIRMED, (_stored(NOW), _stored(NOW)), "ix_interview_waiting"),
}


@pytest.fixture
def crowd(store) -> Store:
    """Hundreds of interviews, analysed, so the planner sees a realistic database."""
    from infoint_tui.store.synthetic import generate

    generate(store.engine, 400, seed=3, now=NOW)
    with sqlite3.connect(store.path) as connection:
        connection.execute("ANALYZE")
    return store


@pytest.mark.parametrize("analysed", [False, True])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_kind_walks_its_index_in_order(store, name, analysed) -> None:
    sql, params, index = QUERIES[name]
    if analysed:
        from infoint_tui.store.synthetic import generate

        generate(store.engine, 300, seed=3, now=NOW)
    with sqlite3.connect(store.path) as connection:
        if analysed:
            connection.execute("ANALYZE")
        plan = _plan(connection, sql, params)
    assert any(index in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
    for table in ("interview", "follow_up", "contact"):
        assert not any(
            step.startswith(f"SCAN {table} ")
            or step == f"SCAN {table}"
            or step.startswith(f"SCAN {table[0]} ")
            or step == f"SCAN {table[0]}"
            for step in plan
        ), plan


def test_referrals_and_people_read_people_by_key(crowd) -> None:
    with sqlite3.connect(crowd.path) as connection:
        referrals = _plan(connection, todo._REFERRALS, (21,))
        people = _plan(connection, waiting._ASKED_PEOPLE, ())
        timelines = _plan(connection, waiting._ASKED_TIMELINES, ())
    # Referrals have no due time: their table is walked in id order, every other one by key.
    assert not any("TEMP B-TREE" in step for step in referrals), referrals
    assert not any(step.startswith(("SCAN i", "SCAN c", "SCAN suggested")) for step in referrals)
    for plan in (people, timelines):
        assert not any(step.startswith(("SCAN c", "SCAN contact", "SCAN i ")) for step in plan), (
            plan
        )
        assert any("ix_contact_keep_in_touch_days" in step for step in plan), plan
        assert any("ix_contact_outreach_status" in step for step in plan), plan


# -- the cost ------------------------------------------------------------------------------


def _steps(path, now: datetime) -> int:
    """SQLite virtual machine steps (in thousands) to read Home's to-do."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    connection = sqlite3.connect(path)
    try:
        connection.set_progress_handler(count, 1000)
        waiting.waiting(connection, None, limit=TODO_SHOWN, now=now)
    finally:
        connection.close()
    return steps


def _grow(store: Store, count: int, *, held: bool) -> None:
    """`count` interviews of the past, settled (thanked, no contact due, referrals planned
    or taken up), then the to-dos a user has at any time: a few of each kind.

    Held or not: a past interview held and thanked stays on the thank-yous' index.
    """
    from infoint_tui.store.synthetic import generate

    generate(store.engine, count, seed=11, now=NOW - timedelta(days=30))
    with sqlite3.connect(store.path) as connection:
        if not held:
            connection.execute("DELETE FROM referral")
            connection.execute("UPDATE interview SET started_at = NULL, ended_at = NULL")
        connection.execute(
            "INSERT INTO follow_up (interview_id, thank_you_text, thank_you_sent_at, updated_at) "
            "SELECT id, '', ended_at, ended_at FROM interview WHERE ended_at IS NOT NULL "
            "AND id NOT IN (SELECT interview_id FROM follow_up)"
        )
        connection.execute(
            "UPDATE follow_up SET thank_you_sent_at = coalesce(thank_you_sent_at, "
            "'2020-01-01 00:00:00.000000'), next_contact_on = NULL"
        )
        connection.execute("UPDATE interview SET stage = 'done' WHERE started_at IS NULL")
        connection.execute(
            "UPDATE contact SET outreach_status = 'interviewed' WHERE id IN "
            "(SELECT contact_id FROM referral)"
        )
    populate(store, 7, size=30)


def _costs(tmp_path, fresh_database, *, held: bool, analysed: bool) -> list[int]:
    import shutil

    costs = []
    for count in (200, 2000):
        path = tmp_path / f"{count}.db"
        shutil.copyfile(fresh_database, path)
        store = Store.open(path)
        try:
            _grow(store, count, held=held)
            if analysed:
                with sqlite3.connect(path) as connection:
                    connection.execute("ANALYZE")
            assert len(store.todo_items(now=NOW)) == TODO_SHOWN
        finally:
            store.close()
        costs.append(_steps(path, NOW))
    return costs


@pytest.mark.parametrize("analysed", [False, True])
def test_reading_the_todo_costs_the_same_at_ten_times_the_interviews(
    tmp_path, fresh_database, utc_zone, analysed
) -> None:
    """Planned interviews that moved on, people, next contacts, interviews soon: each walk
    stops after a panelful, however many interviews lie behind it."""
    small, large = _costs(tmp_path, fresh_database, held=False, analysed=analysed)
    assert large <= 2 * small + 5, (small, large)


def test_interviews_held_and_thanked_cost_nothing_either(
    tmp_path, fresh_database, utc_zone
) -> None:
    """Thanked interviews are off the thank-yous' index (0008), planned referrals off theirs."""
    small, large = _costs(tmp_path, fresh_database, held=True, analysed=False)
    assert large <= 2 * small + 5, (small, large)


# -- the schema ----------------------------------------------------------------------------

TODO_INDEXES = (
    "ix_interview_unthanked",
    "ix_interview_waiting",
    "ix_follow_up_next_contact_on",
    "ix_contact_keep_in_touch_days",
    "ix_referral_unplanned",
)


def test_the_migrations_make_the_indexes_the_models_describe(db_path) -> None:
    """A database upgraded from 0006 and one made from the models: the same indexes."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import infoint_tui.store.models  # noqa: F401  (registers the tables)
    from infoint_tui.store.engine import _migrate, make_engine

    db_path.parent.mkdir(parents=True, exist_ok=True)
    older = create_engine(f"sqlite:///{db_path}")
    _migrate(older, db_path, fresh=True, target="0006")
    older.dispose()
    with sqlite3.connect(db_path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert not names & set(TODO_INDEXES)
    make_engine(db_path).dispose()  # opening it upgrades it, as the app does
    described = create_engine("sqlite://")
    SQLModel.metadata.create_all(described)
    marks = ", ".join("?" * len(TODO_INDEXES))
    query = f"SELECT name, sql FROM sqlite_master WHERE name IN ({marks})"
    with described.connect() as connection:
        model = dict(connection.exec_driver_sql(query, TODO_INDEXES).all())
    with sqlite3.connect(db_path) as connection:
        migrated = dict(connection.execute(query, TODO_INDEXES).fetchall())

    def same(sql: str) -> str:
        return " ".join(sql.replace("IF NOT EXISTS ", "").replace("(", " ( ").split())

    assert set(model) == set(migrated) == set(TODO_INDEXES)
    for name in TODO_INDEXES:
        assert same(migrated[name]) == same(model[name]), name
    with sqlite3.connect(db_path) as connection:  # 0008 replaced 0007's index of every end
        assert not connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'ix_interview_ended_at'"
        ).fetchall()


def _thanked(store: Store, interview_id: int) -> int:
    with sqlite3.connect(store.path) as connection:
        return connection.execute(
            "SELECT thanked FROM interview WHERE id = ?", (interview_id,)
        ).fetchone()[0]


def test_thanked_follows_the_follow_up_whoever_writes_it(store: Store) -> None:
    made = store.create_interview("Ada")
    other = store.create_interview("Grace")
    store.update_interview(made.id, started_at=NOW, ended_at=NOW + timedelta(minutes=25))
    assert _thanked(store, made.id) == 0
    with sqlite3.connect(store.path) as connection:  # another tool, in plain SQL
        connection.execute(
            "INSERT INTO follow_up (interview_id, thank_you_text, thank_you_sent_at, updated_at) "
            "VALUES (?, '', '2026-11-01 10:00:00.000000', '2026-11-01 10:00:00.000000')",
            (made.id,),
        )
    assert _thanked(store, made.id) == 1
    with sqlite3.connect(store.path) as connection:
        connection.execute("UPDATE follow_up SET thank_you_sent_at = NULL")
    assert _thanked(store, made.id) == 0
    with sqlite3.connect(store.path) as connection:
        connection.execute(
            "UPDATE follow_up SET thank_you_sent_at = '2026-11-01 10:00:00.000000', "
            "interview_id = ?",
            (other.id,),
        )
    assert (_thanked(store, made.id), _thanked(store, other.id)) == (0, 1)
    with sqlite3.connect(store.path) as connection:
        connection.execute("DELETE FROM follow_up")
    assert _thanked(store, other.id) == 0
    # And through the store, as the app writes it: the to-do follows.
    store.update_interview(made.id, started_at=NOW, ended_at=NOW + timedelta(minutes=25))
    assert any(item.kind == "thank_you" for item in store.todo_items(now=NOW))
    store.record_thank_you_sent(made.id)
    assert _thanked(store, made.id) == 1
    assert not any(
        item.kind == "thank_you" and item.interview_id == made.id
        for item in store.todo_items(now=NOW)
    )


def test_an_upgrade_marks_the_interviews_already_thanked(db_path) -> None:
    from sqlalchemy import create_engine

    from infoint_tui.store.engine import _migrate, make_engine

    db_path.parent.mkdir(parents=True, exist_ok=True)
    older = create_engine(f"sqlite:///{db_path}")
    _migrate(older, db_path, fresh=True, target="0007")
    older.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO contact (uuid, name, role, email, phone, profile_url, how_met, notes, "
            "created_at, updated_at) VALUES ('c1', 'Ada', '', '', '', '', '', '', "
            "'2026-11-01 09:00:00.000000', '2026-11-01 09:00:00.000000')"
        )
        for uuid, sent in (("i1", "'2026-11-01 10:00:00.000000'"), ("i2", "NULL"), ("i3", None)):
            connection.execute(
                "INSERT INTO interview (uuid, contact_id, medium, planned_minutes, "
                "research_notes, goals, stage, created_at, updated_at, ended_at) VALUES "
                "(?, 1, 'video', 25, '', '', 'follow_up', '2026-11-01 09:00:00.000000', "
                "'2026-11-01 09:00:00.000000', '2026-11-01 09:30:00.000000')",
                (uuid,),
            )
            if sent is not None:
                connection.execute(
                    "INSERT INTO follow_up (interview_id, thank_you_text, thank_you_sent_at, "
                    f"updated_at) SELECT id, '', {sent}, created_at FROM interview WHERE uuid = ?",
                    (uuid,),
                )
    make_engine(db_path).dispose()  # opening it upgrades it
    with sqlite3.connect(db_path) as connection:
        thanked = dict(connection.execute("SELECT uuid, thanked FROM interview").fetchall())
    assert thanked == {"i1": 1, "i2": 0, "i3": 0}


# -- Home ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [TODO_SHOWN, TODO_SHOWN + 1, TODO_SHOWN + 15])
async def test_home_shows_a_panelful_and_says_when_more_wait(
    make_app, store, monkeypatch, utc_zone, count
) -> None:
    from conftest import settle, until

    monkeypatch.setattr(timekeeping, "utcnow", lambda: NOW)
    for n in range(count):
        made = store.create_interview(f"Person {n:02d}")
        store.set_next_contact(made.id, NOW.date() - timedelta(days=n + 1))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "Get back to" in str(app.screen.query_one("#todo").render()))
        await settle(pilot)
        shown = str(app.screen.query_one("#todo").render())
    lines = [line for line in shown.splitlines() if line.startswith("• ")]
    assert len(lines) == TODO_SHOWN, shown
    assert f"Person {count - 1:02d}" in lines[0]  # the longest overdue first
    assert ("more…" in shown) == (count > TODO_SHOWN), shown
