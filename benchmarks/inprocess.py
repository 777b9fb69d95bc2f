"""What run.py times inside its own process: search, the Home list query, the occupation overview.

These call the data layer exactly as the screens' workers do, on the generated database,
many times each; every figure is a list of seconds, one per call.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

#: (label, kind, query): kind "typical" must stay under 5 ms, every one under 50 ms at p95.
QUERIES: tuple[tuple[str, str, str], ...] = (
    ("rare word", "typical", "journalists"),
    ("common word", "edge", "work"),
    ("two words", "typical", "small project"),
    ("phrase", "typical", '"typical day"'),
    ("prefix", "typical", "sugg"),
    ("one-letter prefix", "edge", "t"),
    ("hostile punctuation", "edge", 'c++ e-mail: (AND) NOT* "salary'),
)
RAW_SQL = "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 50"
"""The baseline: the same MATCH expression in plain FTS5, the best 50 by bm25."""
AS_YOU_TYPE = "typical day"
"""Typed letter by letter: each prefix is one search, as the Search screen runs it."""


def timed(call: Callable[[], object], times: int, warm_up: int = 2) -> list[float]:
    """Seconds of each of `times` calls, after `warm_up` calls that are not counted."""
    for _ in range(warm_up):
        call()
    results = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        results.append(time.perf_counter() - start)
    return results


@dataclass
class SearchFigures:
    label: str
    kind: str
    query: str
    hits: int
    texts: int
    """How many indexed texts match (all of them, not just the shown hits)."""
    app: list[float]
    raw: list[float]


def search_queries(engine: Any, db: Path, calls: int) -> list[SearchFigures]:
    """`search(engine, q, limit=50)` for each query; baseline: the same MATCH, plain FTS5."""
    from infoint_tui.store.search import build_match, search

    raw = sqlite3.connect(db)
    figures = []
    for label, kind, query in QUERIES:
        match = build_match(query)
        hits = len(search(engine, query, limit=50))
        if match is None:
            texts, raw_times = 0, []
        else:
            texts = raw.execute(
                "SELECT count(*) FROM search_index WHERE search_index MATCH ?", (match,)
            ).fetchone()[0]
            raw_times = timed(partial(_fetch_all, raw, RAW_SQL, match), calls)
        app_times = timed(partial(search, engine, query, limit=50), calls)
        figures.append(SearchFigures(label, kind, query, hits, texts, app_times, raw_times))
    raw.close()
    return figures


def _fetch_all(connection: sqlite3.Connection, sql: str, parameter: str) -> list[Any]:
    return connection.execute(sql, (parameter,)).fetchall()


def search_as_you_type(engine: Any, sweeps: int) -> list[float]:
    """Every prefix of AS_YOU_TYPE searched once per sweep, as the Search screen would."""
    from infoint_tui.store.search import search

    prefixes = [AS_YOU_TYPE[:end] for end in range(1, len(AS_YOU_TYPE) + 1)]
    prefixes = [prefix for prefix in prefixes if not prefix.endswith(" ")]
    times: list[float] = []
    for prefix in prefixes:
        search(engine, prefix, limit=100)
    for _ in range(sweeps):
        for prefix in prefixes:
            start = time.perf_counter()
            search(engine, prefix, limit=100)  # the screen shows 100
            times.append(time.perf_counter() - start)
    return times


def home_list(store: Any, calls: int) -> list[float]:
    """What Home's worker reads: every interview's row and the to-do panelful (bounded)."""
    return timed(lambda: (store.list_interviews(), store.todo_items()), calls, warm_up=1)


def busiest_occupation(db: Path) -> tuple[int, str, int]:
    """The occupation with the most interviews: (id, name, interviews)."""
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT o.id, o.name, count(*) FROM interview AS i JOIN occupation AS o "
            "ON o.id = i.occupation_id GROUP BY o.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return int(row[0]), str(row[1]), int(row[2])


def occupation_overview(engine: Any, occupation_id: int, calls: int) -> list[float] | str:
    """`occupation_overview(engine, id)`; a reason string when it does not exist (yet)."""
    try:
        from infoint_tui.store.compare import occupation_overview as overview
    except ImportError as error:
        return f"not measured: {error}"
    return timed(lambda: overview(engine, occupation_id), calls)


@dataclass
class ScreenFigures:
    """One occupation screen load: seconds to the first data, to the whole screen, and the
    longest event-loop stall from the push until the whole screen is built."""

    shown: float
    complete: float
    stall: float


def occupation_screen(db: Path, occupation_id: int, runs: int) -> list[ScreenFigures] | str:
    """The occupation screen pushed on a headless app: first data, all of it, longest stall."""
    try:
        from infoint_tui.app import InfointApp
        from infoint_tui.screens.occupation import OccupationScreen
    except ImportError as error:
        return f"not measured: screen not built yet ({error})"

    async def once() -> ScreenFigures | None:
        app = InfointApp(db)  # as the command line starts it: the store opens in a worker
        async with app.run_test(size=(80, 24)) as pilot:
            deadline = time.perf_counter() + 60
            while app.store is None:
                if time.perf_counter() > deadline:
                    return None
                await asyncio.sleep(0.01)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            stalls: list[float] = []

            async def monitor() -> None:
                while True:
                    before = time.perf_counter()
                    await asyncio.sleep(0.001)
                    stalls.append(time.perf_counter() - before - 0.001)

            watcher = asyncio.create_task(monitor())
            screen = OccupationScreen(occupation_id)
            start = time.perf_counter()
            deadline = start + 30
            await app.push_screen(screen)
            while getattr(screen, "overview", None) is None:
                if time.perf_counter() > deadline:
                    return None
                await asyncio.sleep(0.001)
            painted = asyncio.Event()
            screen.call_after_refresh(painted.set)  # the refresh that paints the first data
            await painted.wait()
            shown = time.perf_counter() - start
            while getattr(screen, "filling", False):  # the rest, slice by slice
                if time.perf_counter() > deadline:
                    return None
                await asyncio.sleep(0.001)
            await pilot.pause()
            complete = time.perf_counter() - start
            watcher.cancel()
            return ScreenFigures(shown, complete, max(stalls, default=0.0))

    try:
        figures = [asyncio.run(once()) for _ in range(runs)]
    except Exception as error:  # say why, do not stop the run
        return f"not measured: {type(error).__name__}: {error}"[:120]
    if any(value is None for value in figures):
        return "not measured: the screen never showed its data"
    return [value for value in figures if value is not None]
