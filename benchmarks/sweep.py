"""The scale sweep (`run.py --scale 1000,10000,100000`): the figures that grow with the data.

For each size, one generated database (`infoint-tui --db X demo --generate N`), then:

- `infoint-tui --db X search WORD` (wall time of the whole program) against raw_search.py,
  the same FTS5 query from a plain sqlite3 script;
- export JSON and import JSON through the command line, wall time and the child's own peak
  memory, against raw_io.py's dump and load;
- the real program in a pty (80x24): first paint, the to-do panel's first item and Home
  list's first rows on screen (read from a screen model of the output, so it holds however
  Home reads its list), and the peak memory (VmHWM) once Home is filled and quiet.

Each figure is a median over the runs with its min-max; the table shows how it grows from
size to size and whether the targets of issue #16 are met at the largest size.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import report as rp
from dataset import Generated, generate, log
from exchange import ExchangeFigures, exchange, run_child
from scenarios import HERE, PROGRAM, PYTHON, wait_quietly
from screen import Screen, home_list_rows, todo_shown
from sweep_table import Figure, Limit, ratio_figure, render_sweep
from terminal import ContactNames, Terminal, first_frame

#: What `infoint-tui search` is asked, and raw_search.py with it: a word found in a few
#: percent of the generated texts, and a common one.
SEARCH_WORDS = ("mentor", "work")
#: Lines of Home's list with a contact's name in them: its first rows are on screen.
FIRST_ROWS = 3
#: Output stops this long: the screen is quiet (memory is read then).
QUIET = 0.5


@dataclass
class HomeRun:
    """One start of the program, seconds from the spawn; memory in MB."""

    first_paint: float | None = None
    todo_filled: float | None = None
    list_filled: float | None = None
    rss_home: float | None = None


@dataclass
class SizeFigures:
    """Everything measured at one size."""

    size: int
    data: Generated
    home: list[HomeRun] = field(default_factory=list)
    search_app: dict[str, list[float]] = field(default_factory=dict)
    search_raw: dict[str, list[float]] = field(default_factory=dict)
    search_texts: dict[str, int] = field(default_factory=dict)
    exchanged: ExchangeFigures = field(default_factory=ExchangeFigures)
    exchange_runs: int = 0
    seconds: float = 0.0
    """How long this size took, generating included."""


# -- measuring ---------------------------------------------------------------------------


def home_run(db: Path, env: dict[str, str], names: ContactNames, timeout: float) -> HomeRun:
    """Spawn `infoint-tui --db DB` on Home: when each part shows, and memory once quiet."""
    run = HomeRun()
    with Terminal([PROGRAM, "--db", str(db)], env) as term:
        screen = Screen(term.width, term.height)
        painted = first_frame(term)
        fed = 0

        def check() -> bool:
            nonlocal fed
            now = time.monotonic() - term.spawned_at
            screen.feed(bytes(term.output[fed:]))
            fed = len(term.output)
            lines = screen.lines()
            if run.first_paint is None and painted():
                run.first_paint = now
            if run.todo_filled is None and todo_shown(lines):
                run.todo_filled = now
            if run.list_filled is None and home_list_rows(lines, names) >= FIRST_ROWS:
                run.list_filled = now
            return None not in (run.first_paint, run.todo_filled, run.list_filled)

        if term.wait_for(check, timeout) is not None:
            _until_quiet(term, QUIET, 10.0)
            run.rss_home = term.peak_rss_mb()
        term.quit()
    return run


def _until_quiet(term: Terminal, quiet: float, most: float) -> None:
    """Read output until none came for `quiet` seconds (at most `most` seconds)."""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        before = len(term.output)
        term.pump(quiet)
        if len(term.output) == before:
            return


def texts_matching(db: Path, word: str) -> int:
    """How many indexed texts have a word starting with `word`."""
    connection = sqlite3.connect(db)
    try:
        match = '"' + word.replace('"', '""') + '"*'
        query = "SELECT count(*) FROM search_index WHERE search_index MATCH ?"
        return int(connection.execute(query, (match,)).fetchone()[0])
    finally:
        connection.close()


def search_runs(
    db: Path, env: dict[str, str], word: str, runs: int
) -> tuple[list[float], list[float]]:
    """Wall seconds of `infoint-tui search WORD` and of raw_search.py, alternating."""
    app_argv = [PROGRAM, "--db", str(db), "search", word]
    raw_argv = [PYTHON, str(HERE / "raw_search.py"), str(db), word]
    run_child(app_argv, env, peak=False)  # warm-up: the page cache, Python's bytecode
    run_child(raw_argv, env, peak=False)
    app, raw = [], []
    for _ in range(runs):
        app.append(run_child(app_argv, env, peak=False)[0])
        raw.append(run_child(raw_argv, env, peak=False)[0])
    return app, raw


def measure_size(
    folder: Path, size: int, seed: int, env: dict[str, str], runs: int, exchange_runs: int
) -> SizeFigures:
    """Generate `size` interviews and measure every figure of the sweep on them."""
    began = time.monotonic()
    data = generate(folder, size, seed, env, name=f"sweep-{size}.db")
    figures = SizeFigures(size, data, exchange_runs=exchange_runs)
    try:
        log(f"  {size:,}: infoint-tui search against raw_search.py ({runs} runs)…")
        for word in SEARCH_WORDS:
            figures.search_texts[word] = texts_matching(data.path, word)
            if not figures.search_texts[word]:
                log(f"    no text has {word!r}: not searched")
                continue
            try:
                app, raw = search_runs(data.path, env, word, runs)
            except subprocess.CalledProcessError as error:
                log(f"    search {word} failed (exit {error.returncode}): {error.cmd[0]}")
                continue
            figures.search_app[word], figures.search_raw[word] = app, raw
        log(f"  {size:,}: export and import JSON against raw_io.py ({exchange_runs} runs)…")
        figures.exchanged = exchange(
            data.path, folder, env, exchange_runs, markdown=False, keep_going=True
        )
        log(f"  {size:,}: Home in a pty ({runs} runs, one warm-up)…")
        names = ContactNames(_names(data.path))
        timeout = 60 + size / 1000
        home_run(data.path, env, names, timeout)  # warm-up; its writes (settling) stay out
        for index in range(runs):
            figures.home.append(home_run(data.path, env, names, timeout))
            log(f"    run {index + 1}/{runs}: {_home_line(figures.home[-1])}")
            wait_quietly(0.5)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{data.path}{suffix}").unlink(missing_ok=True)
    figures.seconds = time.monotonic() - began
    return figures


def _names(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM contact")]
    finally:
        connection.close()


def _home_line(run: HomeRun) -> str:
    parts = [
        f"{label} {rp.sec(value) if value is not None else 'not shown'}"
        for label, value in (
            ("paint", run.first_paint),
            ("to-do", run.todo_filled),
            ("list", run.list_filled),
        )
    ]
    return ", ".join(parts) + (f", {rp.mb(run.rss_home)}" if run.rss_home else "")


# -- the table ---------------------------------------------------------------------------


def _figure(
    label: str,
    unit: Callable[[float], str],
    sizes: Sequence[SizeFigures],
    values: Callable[[SizeFigures], list[float]],
    target: str = "",
    limits: tuple[Limit, ...] = (),
    expected: int | None = None,
) -> Figure:
    return Figure(label, unit, {s.size: values(s) for s in sizes}, target, limits, expected)


def _present(items: Sequence[float | None]) -> list[float]:
    return [item for item in items if item is not None]


def sweep_sections(sizes: Sequence[SizeFigures], runs: int) -> list[tuple[str, list[Figure]]]:
    """The sections of the table, from the figures at each size."""
    growth = (Limit("first", 1.2),)

    def home(name: str) -> Callable[[SizeFigures], list[float]]:
        return lambda figures: _present([getattr(run, name) for run in figures.home])

    sections = [
        (
            "Start-up in a pty (spawn → on screen), Home, 80x24",
            [
                _figure("first paint", rp.sec, sizes, home("first_paint"), expected=runs),
                _figure("to-do panel's first item", rp.sec, sizes, home("todo_filled"),
                        "≤ 1.2x ÷first", growth, runs),
                _figure(f"Home list's first {FIRST_ROWS} rows", rp.sec, sizes,
                        home("list_filled"), "≤ 1.2x ÷first", growth, runs),
            ],
        ),
        (
            "Memory: peak resident (VmHWM)",
            [
                _figure("on Home, filled and quiet", rp.mb, sizes, home("rss_home"),
                        "< 150 MB", (Limit("value", 150, inclusive=False),), runs),
            ],
        ),
    ]  # fmt: skip
    searched: list[Figure] = []
    for word in SEARCH_WORDS:
        texts = "/".join(f"{s.search_texts.get(word, 0):,}" for s in sizes)
        app = _figure(f"infoint-tui search {word} ({texts} texts)", rp.ms, sizes,
                      lambda s, w=word: s.search_app.get(w, []), expected=runs)  # fmt: skip
        raw = _figure("  raw_search.py, the same FTS5 query", rp.ms, sizes,
                      lambda s, w=word: s.search_raw.get(w, []), expected=runs)  # fmt: skip
        ratio = ratio_figure("  ratio", app, raw, "≤ 3x", (Limit("value", 3.0),))
        searched += [app, raw, ratio]
    sections.append(("Search from the command line (whole program, wall time)", searched))

    def exchanged(name: str) -> Callable[[SizeFigures], list[float]]:
        return lambda figures: getattr(figures.exchanged, name)

    def peak(name: str) -> Callable[[SizeFigures], list[float]]:
        return lambda figures: figures.exchanged.peak(name)

    flat = (Limit("prev", 1.2), Limit("value", 200, inclusive=False))
    moves = max((s.exchange_runs for s in sizes), default=0)
    moved: list[Figure] = []
    for label, app_name, raw_name, limit in (
        ("export JSON", "export_json", "raw_dump", 1.5),
        ("import JSON into an empty database", "import_json", "raw_load", 1.3),
    ):
        app = _figure(label, rp.sec, sizes, exchanged(app_name), expected=moves)
        raw = _figure(f"  raw_io.py {raw_name[4:]}", rp.sec, sizes, exchanged(raw_name),
                      expected=moves)  # fmt: skip
        moved += [
            app,
            raw,
            ratio_figure("  ratio", app, raw, f"≤ {limit}x", (Limit("value", limit),)),
            _figure("  peak memory", rp.mb, sizes, peak(app_name), "≤ 1.2x ÷prev, < 200 MB",
                    flat, moves),
            _figure(f"  raw_io.py {raw_name[4:]}: peak memory", rp.mb, sizes, peak(raw_name),
                    expected=moves),
        ]  # fmt: skip
    sections.append(("Export and import via the command line (wall time, the child's peak)", moved))
    return sections


SWEEP_NOTES = f"""\
Notes:
- One database per size (`infoint-tui demo --generate N`), deleted after its figures.
  Each cell: the median of the runs (min-max in brackets). ÷first: the figure at the
  largest size over the smallest; ÷prev: over the size before it. Targets (issue #16)
  are judged at the largest size: growth ≤ 1.2x ÷first for to-do and list, memory flat
  (÷prev ≤ 1.2x) and under 200 MB for export and import, ratios to the baselines.
- On screen: a screen model (benchmarks/screen.py) follows the program's output in its
  own pty. To-do: a bullet (or "Nothing waiting") under the panel's title "To do". List:
  {FIRST_ROWS} lines above that title with a contact's name from the database in them.
  Memory: VmHWM once the output has stopped for {QUIET} s after both are shown. One
  warm-up start per size is not counted (it also settles outreach, a write).
- Search: `infoint-tui --db X search WORD` (20 hits, output to /dev/null) and
  benchmarks/raw_search.py, which runs the same statements (vocabulary, the ranking
  window, snippets) through sqlite3 alone; both start Python. Ratio: of the medians.
- Export and import: wall time of the command, and its own peak resident memory (GNU
  time's %M; os.wait4's ru_maxrss would start at the benchmark's own peak), against
  raw_io.py (every row through sqlite3 and json, in memory: its peak grows with the data).
"""


def render_report(sizes: Sequence[SizeFigures], runs: int) -> str:
    """The sweep's table and its notes."""
    return "\n".join(
        [
            render_sweep([s.size for s in sizes], sweep_sections(sizes, runs)),
            "",
            SWEEP_NOTES,
        ]
    )


def data_lines(sizes: Sequence[SizeFigures]) -> list[str]:
    """A line per size: what the database held, and how long it took."""
    return [
        f"data {s.size:,}: {s.data.interviews:,} interviews, {s.data.rows:,} rows, "
        f"{s.data.indexed:,} texts indexed; generated in {s.data.generate_seconds:.0f} s, "
        f"measured in {s.seconds / 60:.1f} min"
        for s in sizes
    ]
