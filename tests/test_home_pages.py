"""Home's list a page at a time: ids in order, rows read as they are drawn, bounded reads.

`PagedRows` on its own, then Home under Pilot over a real SQLite file with more interviews
than a page: the first read is bounded, every interview is still in the list and in Home's
order, the name filter and the cursor reach past the first page, and a newer read stops
an older one.
"""

from __future__ import annotations

import sqlite3
from array import array
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import hold_store_open, settle, until
from textual.message import Message
from textual.widgets import Input

from infoint_tui import timekeeping
from infoint_tui.app import InfointApp
from infoint_tui.messages import FirstList, InterviewsRead, PageRead
from infoint_tui.screens.home import InterviewList
from infoint_tui.store.list_order import sort_for_home
from infoint_tui.store.listing import list_ids
from infoint_tui.store.store import Store
from infoint_tui.widgets import row_list
from infoint_tui.widgets.row_list import PAGE_ROWS, PagedRows

# -- PagedRows ---------------------------------------------------------------------------


class Row:
    def __init__(self, key: int) -> None:
        self.key = key


def _paged(count: int, first: int = 0, page_rows: int = 10):
    asked: list[int] = []
    keys = array("q", range(1000, 1000 + count))
    rows = PagedRows(
        keys,
        [Row(key) for key in keys[:first]],
        key=lambda row: row.key,
        fetch=lambda source, page: asked.append(page),
        page_rows=page_rows,
    )
    return rows, asked


def test_a_page_not_held_is_asked_for_once_and_drawn_when_filled() -> None:
    rows, asked = _paged(35, first=10)
    assert len(rows) == 35 and rows.key_at(34) == 1034 and rows.index_of(1034) == 34
    assert rows.row_at(3).key == 1003 and asked == []  # the first page came with the keys
    assert rows.row_at(25) is None and rows.row_at(29) is None
    assert asked == [2]  # once, however often it is drawn meanwhile
    with pytest.raises(LookupError):
        rows[25]
    rows.fill(2, [Row(key) for key in rows.page_keys(2)])
    assert rows[25].key == 1025 and rows[-6].key == 1029 and asked == [2]
    assert rows.index_of(999) is None and rows.row_at(35) is None and asked == [2]


def test_a_row_gone_before_its_page_was_read_stays_empty_and_is_not_asked_again() -> None:
    rows, asked = _paged(20)
    assert rows.row_at(12) is None and asked == [1]
    rows.fill(1, [Row(key) for key in rows.page_keys(1) if key != 1012])
    assert rows.row_at(12) is None and rows.row_at(13).key == 1013 and asked == [1]
    assert [row.key for row in rows] == [key for key in range(1010, 1020) if key != 1012]


def test_a_failed_page_is_asked_for_again_and_old_pages_make_room(monkeypatch) -> None:
    monkeypatch.setattr(row_list, "KEPT_PAGES", 3)
    rows, asked = _paged(100)
    rows.row_at(0)
    rows.failed(0)
    rows.row_at(0)
    assert asked == [0, 0]
    for page in range(5):
        rows.fill(page, [Row(key) for key in rows.page_keys(page)])
    assert [rows.is_read(page * 10) for page in range(5)] == [False, False, True, True, True]
    assert rows.row_at(0) is None and asked[-1] == 0  # dropped, so asked for again


# -- the reads -----------------------------------------------------------------------------


def test_a_read_stops_as_soon_as_it_is_cancelled(store: Store, monkeypatch) -> None:
    from infoint_tui.store import listing
    from infoint_tui.store.demo import generate

    monkeypatch.setattr(listing, "_STEPS", 50)  # asked often: 300 rows are quickly read
    generate(store.engine, 300, seed=5)
    with sqlite3.connect(store.path) as connection:
        assert len(list_ids(connection, names="a", cancelled=lambda: False)) > 0
        with pytest.raises(sqlite3.OperationalError, match="interrupt"):
            list_ids(connection, names="a", cancelled=lambda: True)
        assert len(list_ids(connection)) == 300  # the handler is gone afterwards


# -- Home ----------------------------------------------------------------------------------

COUNT = 3 * PAGE_ROWS + 40


@pytest.fixture
def many(store: Store) -> Store:
    from infoint_tui.store.demo import generate

    generate(store.engine, COUNT, seed=11)
    return store


def _home_order(store: Store) -> list[int]:
    return [row.id for row in sort_for_home(store.list_interviews(), timekeeping.utcnow())]


async def test_home_reads_a_bounded_first_screen_then_every_id(make_app, many: Store) -> None:
    reads: list[InterviewsRead] = []
    pages: list[PageRead] = []

    def hook(message: Message) -> None:
        if isinstance(message, InterviewsRead):
            reads.append(message)
        elif isinstance(message, PageRead):
            pages.append(message)

    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#interviews", InterviewList)
        first, whole = reads
        assert not first.complete and len(first.ids) == len(first.rows) == PAGE_ROWS
        assert whole.complete and len(whole.ids) == COUNT
        assert list(whole.ids) == _home_order(many)  # every interview, in Home's order
        assert list(first.ids) == list(whole.ids[:PAGE_ROWS])
        assert table.row_count == COUNT and pages == []  # the first page came with the ids
        held = list(table.rows)
        assert len(held) == PAGE_ROWS  # the rest are read when drawn, not before
        await pilot.press("end")
        await until(pilot, lambda: table.row_at(COUNT - 1) is not None)
        assert [page.page for page in pages] == [(COUNT - 1) // PAGE_ROWS]
        assert len(pages[0].rows or []) == COUNT % PAGE_ROWS
        expected = many.interview_rows([whole.ids[-1]])[whole.ids[-1]]
        assert table.rows[COUNT - 1] == expected


async def test_the_name_filter_finds_an_interview_past_the_first_page(make_app, many) -> None:
    oldest = timekeeping.utcnow() - timedelta(days=4000)
    hidden = many.create_interview("Zebulon Quackenbush", organization="Ørsted")
    many.update_interview(hidden.id, started_at=oldest, ended_at=oldest + timedelta(hours=1))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#interviews", InterviewList)
        assert table.index_of(hidden.id) == COUNT  # last: the oldest of all
        await pilot.press("slash", *"ØRSTED zebulon")
        await settle(pilot)
        assert table.row_count == 1 and table.row_texts(0)[1] == "Zebulon Quackenbush"
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == COUNT + 1


async def test_the_cursor_stays_on_its_interview_far_down_when_the_list_is_read_again(
    make_app, many: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#interviews", InterviewList)
        await pilot.press("end", "up", "up")
        await settle(pilot)
        chosen = table.cursor_key
        assert chosen is not None and table.cursor_row == COUNT - 3
        many.create_interview("Newcomer")  # one more row ahead of it
        app.screen.refresh_data()
        await settle(pilot)
        assert table.row_count == COUNT + 1
        assert table.cursor_key == chosen and table.cursor_row == COUNT - 2
        await until(pilot, lambda: table.row_at(table.cursor_row) is not None)


async def test_a_newer_filter_read_drops_the_older_ones(make_app, many: Store) -> None:
    reads: list[InterviewsRead] = []

    def hook(message: Message) -> None:
        if isinstance(message, InterviewsRead):
            reads.append(message)

    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#interviews", InterviewList)
        reads.clear()
        field = app.screen.query_one("#filter", Input)
        await pilot.press("slash")
        for text in ("a", "an", "ann", "zzzz-nobody"):
            field.value = text  # four reads asked for at once
        await settle(pilot)
        assert table.row_count == 0  # only the last one's answer is shown
        latest = max(read.generation for read in reads)
        assert all(read.todos is None for read in reads)  # typing reads no to-do again
        assert [len(read.ids) for read in reads if read.generation == latest] == [0]


async def test_before_the_store_opens_the_list_reads_its_pages_itself(
    db_path: Path, monkeypatch
) -> None:
    from infoint_tui.store.demo import generate

    seeded = Store.open(db_path)
    generate(seeded.engine, COUNT, seed=2)
    order = _home_order(seeded)
    seeded.close()
    release = hold_store_open(monkeypatch)
    told: list[FirstList] = []

    def hook(message: Message) -> None:
        if isinstance(message, FirstList) and message not in told:
            told.append(message)

    app = InfointApp(db_path)
    try:
        async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
            table = app.screen.query_one("#interviews", InterviewList)
            await until(pilot, lambda: table.row_count == COUNT)
            assert app.store is None
            assert [len(message.ids) for message in told] == [PAGE_ROWS, PAGE_ROWS, COUNT]
            assert told[1].todos is not None  # the to-do before every id is read
            assert list(told[-1].ids) == order
            await pilot.press("end")
            await until(pilot, lambda: table.row_at(COUNT - 1) is not None)
            assert app.store is None and table.rows[COUNT - 1].id == order[-1]
            release.set()
            await until(pilot, lambda: app.store is not None)
            await settle(pilot)
    finally:
        release.set()


def test_the_to_do_read_before_the_store_opens_is_the_stores(store: Store) -> None:
    from infoint_tui.store.kinds import TimelineKind
    from infoint_tui.store.waiting import read_waiting

    now = timekeeping.utcnow()
    held = store.create_interview("Grace Hopper")
    store.update_interview(
        held.id, started_at=now - timedelta(hours=30), ended_at=now - timedelta(hours=29)
    )
    ada = store.add_person("Ada Byron", organization="Acme")
    store.log_event(ada.id, TimelineKind.REQUEST, "Dear Ada", at=now - timedelta(days=20))
    expected = store.todo_items(now=now)
    kinds = {item.kind for item in expected}
    assert "thank_you" in kinds and kinds & {"nudge", "try_another"}  # both sources
    assert read_waiting(store.path, None, now) == expected
    assert read_waiting(store.path.with_name("missing.db"), None, now) is None
