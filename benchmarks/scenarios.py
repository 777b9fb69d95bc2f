"""What run.py does in a real terminal: start-up, memory, and typing with the loop monitor on.

Every scenario spawns a fresh process in its own 80x24 pty (`terminal.Terminal`) and
returns plain numbers (seconds, MB); None where something did not show up in time.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bare_app import BARE_TEXT
from report import stalls_per_key, window_max
from terminal import KEYS, ContactNames, Terminal, contains, first_frame, matches, text_appears

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
#: The console script beside the Python running the benchmark.
PROGRAM = str(Path(sys.executable).with_name("infoint-tui"))

ETIQUETTE = "Learning, not job-hunting"
"""Text of Live's etiquette line: Live is on screen."""
SEARCH_HINT = "Type to search"
"""Text of the Search screen's hint: Search is on screen."""
RESULTS = r"\b\d+ results?\b|No matches"
"""The Search screen's status once results are shown."""
KEYS_PER_SECOND = 15.0
"""How fast keys are typed: answers in Live, Home's filter, Search's query."""


@dataclass
class Setup:
    """What every scenario needs: the programs' environment and the benchmark interview."""

    env: dict[str, str]
    names: ContactNames
    bench_contact: str
    """The contact of the benchmark interview, the first row of Home."""
    bench_question_id: int
    """The question whose answer is typed in Live (the first one on the checklist)."""
    rate: float
    """Keys per second."""
    answer: str
    """What is typed in Live."""
    home_filter: str
    """Typed into Home's filter: the benchmark interview's occupation, so it stays the first
    row (Home keeps the chosen row when the filter is cleared)."""
    settle: float = 3.0
    """Seconds to wait after a key that makes Home read its whole list again."""
    search_query: str = "typical day"
    seed: int = 0
    """Seeds the timing jitter of the keys; run.py gives each run its own."""
    echo_text: str = ""
    """Typed at a steady rate to time keystroke to echo (echo.py), in Live and the bare app."""


@dataclass
class StartupRun:
    first_paint: float | None = None
    list_filled: float | None = None
    rss_home: float | None = None
    open_live: float | None = None
    rss_live: float | None = None


@dataclass
class SessionRun:
    """One typing session; stalls in seconds."""

    live_key_stalls: list[float] = field(default_factory=list)
    live_max: float | None = None
    commit_delay: float | None = None
    home_load_max: float | None = None
    home_filter_max: float | None = None
    home_resume_max: float | None = None
    search_latency: float | None = None
    search_max: float | None = None


def _since(start: float | None, end: float | None) -> float | None:
    return None if start is None or end is None else end - start


# -- start-up ----------------------------------------------------------------------------


def startup_bare(setup: Setup) -> StartupRun:
    """Spawn the bare app; first paint; its peak memory; ctrl+q."""
    run = StartupRun()
    with Terminal([PYTHON, str(HERE / "bare_app.py")], setup.env) as term:
        run.first_paint = _since(term.spawned_at, term.wait_for(first_frame(term), 30))
        term.pump(0.5)
        run.rss_home = term.peak_rss_mb()
        term.quit()
    return run


def startup_app(setup: Setup, db: Path) -> StartupRun:
    """Spawn `infoint-tui --db DB`: first paint, list filled, memory on Home; then Live."""
    run = StartupRun()
    with Terminal([PROGRAM, "--db", str(db)], setup.env) as term:
        run.first_paint = _since(term.spawned_at, term.wait_for(first_frame(term), 30))
        filled = term.wait_for(text_appears(term, setup.names, since=0), 60)
        run.list_filled = _since(term.spawned_at, filled)
        if filled is None:
            term.quit()
            return run
        term.pump(0.5)
        run.rss_home = term.peak_rss_mb()
        if open_live(term, setup) is not None:
            since = len(term.output)
            pressed = term.send(KEYS["f3"])
            run.open_live = _since(pressed, term.wait_for(live_shown(term, since), 20))
            term.pump(0.5)
            run.rss_live = term.peak_rss_mb()
        term.quit()
    return run


def open_live(term: Terminal, setup: Setup) -> float | None:
    """Enter on Home's first row (the benchmark interview): its header appears."""
    since = len(term.output)
    term.send(KEYS["enter"])
    opened = term.wait_for(text_appears(term, contains(f"{setup.bench_contact} ·"), since), 20)
    term.pump(0.3)
    return opened


def live_shown(term: Terminal, since: int):
    """True once Live's etiquette line shows in the output after `since`."""
    return text_appears(term, contains(ETIQUETTE), since)


# -- typing with the monitor on ----------------------------------------------------------


def _keys(text: str) -> list[bytes]:
    return [char.encode("utf-8") for char in text]


def _samples(path: Path) -> tuple[list[float], list[float]]:
    """The monitor's samples; none when the program ended without writing them."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [], []
    return data["ends"], data["lags"]


def session_bare(setup: Setup, samples: Path) -> SessionRun:
    """The bare app with the monitor, typed into at the same rate as Live."""
    run = SessionRun()
    argv = [PYTHON, str(HERE / "harness.py"), "--bare", "--samples", str(samples)]
    samples.unlink(missing_ok=True)
    with Terminal(argv, setup.env) as term:
        term.wait_for(text_appears(term, contains(BARE_TEXT), since=0), 30)
        term.pump(0.5)
        keys = term.type_at(_keys(setup.answer), setup.rate, random.Random(setup.seed))
        term.pump(0.5)
        term.quit()
    ends, lags = _samples(samples)
    if not ends:
        return run
    run.live_key_stalls = stalls_per_key(ends, lags, keys, 1 / setup.rate)
    run.live_max = window_max(ends, lags, keys[0], keys[-1] + 1 / setup.rate)
    return run


def session_app(setup: Setup, db: Path, samples: Path) -> SessionRun:
    """Home loading and filtering, Search as you type, then an answer typed in Live."""
    run = SessionRun()
    argv = [PYTHON, str(HERE / "harness.py"), "--db", str(db), "--samples", str(samples)]
    samples.unlink(missing_ok=True)
    windows: dict[str, tuple[float, float]] = {}
    with Terminal(argv, setup.env) as term:
        filled = term.wait_for(text_appears(term, setup.names, since=0), 60)
        if filled is None:
            term.quit()
            return run
        windows["home_load"] = (term.spawned_at, filled + 0.3)
        term.pump(0.5)

        # Home: filter as you type, then Esc (every interview comes back).
        term.send(b"/")
        term.pump(0.3)
        keys = term.type_at(_keys(setup.home_filter), setup.rate, random.Random(setup.seed + 1))
        term.pump(1.5)
        escaped = term.send(KEYS["escape"])
        term.pump(setup.settle)
        windows["home_filter"] = (keys[0], escaped + setup.settle)

        # Search as you type: last key to results on screen.
        since = len(term.output)
        term.send(KEYS["ctrl+f"])
        if term.wait_for(text_appears(term, contains(SEARCH_HINT), since), 20) is not None:
            term.pump(0.3)
            keys = term.type_at(
                _keys(setup.search_query), setup.rate, random.Random(setup.seed + 2)
            )
            shown = term.wait_for(text_appears(term, matches(RESULTS)), 20)
            run.search_latency = _since(keys[-1], shown)
            windows["search"] = (keys[0], (shown or keys[-1]) + 0.3)
            term.pump(0.5)
            escaped = term.send(KEYS["escape"])  # back to Home, which reads its list again
            term.pump(setup.settle)
            windows["home_resume"] = (escaped, escaped + setup.settle)

        # Live: open the benchmark interview, F3, enter on the first question, type.
        if open_live(term, setup) is not None:
            since = len(term.output)
            term.send(KEYS["f3"])
            if term.wait_for(live_shown(term, since), 20) is not None:
                term.pump(0.5)
                term.send(KEYS["enter"])
                term.pump(0.5)
                keys = term.type_at(_keys(setup.answer), setup.rate, random.Random(setup.seed))
                committed = term.wait_for(
                    _answer_saved(db, setup.bench_question_id, setup.answer), 10, poll=0.002
                )
                run.commit_delay = _since(keys[-1], committed)
                windows["live"] = (keys[0], keys[-1] + 1 / setup.rate)
                live_keys = keys
                term.pump(0.3)
        term.quit()

    ends, lags = _samples(samples)
    if not ends:
        return run
    run.home_load_max = window_max(ends, lags, *windows["home_load"])
    run.home_filter_max = window_max(ends, lags, *windows["home_filter"])
    if "search" in windows:
        run.search_max = window_max(ends, lags, *windows["search"])
        run.home_resume_max = window_max(ends, lags, *windows["home_resume"])
    if "live" in windows:
        run.live_key_stalls = stalls_per_key(ends, lags, live_keys, 1 / setup.rate)
        run.live_max = window_max(ends, lags, *windows["live"])
    return run


def _answer_saved(db: Path, question_id: int, text: str):
    """A check that reads the answer through its own connection, as another program would."""
    connection = sqlite3.connect(db, isolation_level=None)

    def check() -> bool:
        row = connection.execute("SELECT answer FROM question WHERE id = ?", (question_id,))
        found = row.fetchone()
        done = found is not None and found[0] == text
        if done:
            connection.close()
        return done

    return check


def wait_quietly(seconds: float) -> None:
    """Let the machine settle between runs (the previous program's exit, the page cache)."""
    time.sleep(seconds)
