"""The infoint-tui benchmark: one command, its own data, one table of medians, spreads and ratios.

    .venv/bin/python benchmarks/run.py [--interviews 10000] [--runs 5] [--quick]
    .venv/bin/python benchmarks/run.py --scale [1000,10000,100000] [--runs 5]

It generates a database (`infoint-tui --db X demo --generate N`) in a temporary folder,
then measures, each figure a median over several runs with its spread, and every timing
against a baseline measured in the same run (machines are shared and noisy):

- start-up in a real terminal (a pty, 80x24, xterm-256color) against a bare Textual app;
- peak memory (VmHWM) on Home and in Live, against the bare app;
- event-loop stalls while typing in Live at 15 keys/s, and the delay until the answer is
  committed; keystroke to echo in Live against a bare TextArea (echo.py); stalls on
  Home and in Search, and Search's last key to results;
- search() per query against the same MATCH in plain FTS5;
- the occupation overview; import and export through the command line against raw
  sqlite3 + json.

With `--scale SIZES` it runs the sweep instead (sweep.py): for each size a database of
its own, and the figures that grow with the data (to-do and Home list on screen, memory
on Home, `infoint-tui search` against a plain sqlite3 script, export and import with
their peak memory against raw sqlite3 + json), printed as one table of how each grows.
`--scale 200,1000 --runs 1` is a smoke test of a few minutes.

Progress goes to stderr; the report (machine, table, notes) to stdout. Not part of the
test suite: nothing here asserts, a missed target is printed as MISSED.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import rows
from dataset import BENCH_CONTACT, Data, contact_names, log, prepare, reset_bench_interview
from report import render
from scenarios import (
    HERE,
    KEYS_PER_SECOND,
    Setup,
    session_app,
    session_bare,
    startup_app,
    startup_bare,
    wait_quietly,
)
from terminal import child_environment

ANSWER = (
    "She starts with site visits at eight, then writes reports until noon; the best part "
    "is the people, the worst is the paperwork at the end of each month, and she says "
    "to talk to Priya next. "
)


# -- the machine -------------------------------------------------------------------------


def machine() -> list[str]:
    """CPU, cores, memory, system and the versions that matter."""
    cpu = "unknown CPU"
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("infoint-tui", "textual", "sqlmodel", "sqlalchemy")
    )
    try:
        commit = subprocess.run(
            ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return [
        f"machine: {cpu}, {usable} cores usable of {os.cpu_count()}{memory}",
        f"system:  {platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}",
        f"versions: {versions}; source {commit}",
    ]


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


# -- the run -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark infoint-tui; prints one table.", epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--interviews", type=int, default=None, help="default 10000")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure, default 5")
    parser.add_argument("--quick", action="store_true", help="1,000 interviews, 3 runs")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated data")
    parser.add_argument("--output", help="also write the report to this file")
    parser.add_argument(
        "--scale", nargs="?", const="", metavar="SIZES",
        help="the sweep: comma-separated sizes, default 1000,10000,100000 "
        "(with --quick: 200,1000 and 1 run)",
    )  # fmt: skip
    parser.add_argument(
        "--exchange-runs", type=int, default=None,
        help="runs of export and import in the sweep, default min(runs, 3)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.scale is not None:
        sweep_main(args)
        return
    count = args.interviews or (1000 if args.quick else 10000)
    runs = args.runs or (3 if args.quick else 5)
    typing_seconds = 5 if args.quick else 10
    exchange_runs = min(runs, 3)
    began = time.monotonic()
    started_at = dt.datetime.now().astimezone()
    load_before = load_average()

    with tempfile.TemporaryDirectory(prefix="infoint-bench-") as temporary:
        folder = Path(temporary)
        env = private_environment(folder)
        data = prepare(folder, count, args.seed, env)
        length = int(KEYS_PER_SECOND * typing_seconds)
        answer = (ANSWER * 4)[:length].rstrip()
        setup = Setup(
            env=env,
            names=contact_names(data.work),
            bench_contact=BENCH_CONTACT,
            bench_question_id=data.bench_question_ids[0],
            rate=KEYS_PER_SECOND,
            answer=answer,
            home_filter=data.bench_occupation.lower(),
            settle=1.0 + 0.3 * count / 1000,
        )

        log("start-up and memory in a pty (one warm-up each, not counted)…")
        startup_bare(setup)
        startup_app(setup, data.work)
        reset_bench_interview(data)
        bare_starts, app_starts = [], []
        for index in range(runs):
            log(f"  start-up run {index + 1}/{runs}")
            bare_starts.append(startup_bare(setup))
            wait_quietly(0.5)
            app_starts.append(startup_app(setup, data.work))
            reset_bench_interview(data)
            wait_quietly(0.5)

        log(f"typing sessions ({len(answer)} keys at {KEYS_PER_SECOND:.0f}/s)…")
        bare_sessions, app_sessions = [], []
        for index in range(runs):
            log(f"  session {index + 1}/{runs}")
            setup.seed = args.seed * 1000 + index * 10
            bare_sessions.append(session_bare(setup, folder / "samples-bare.json"))
            wait_quietly(0.5)
            app_sessions.append(session_app(setup, data.work, folder / "samples-app.json"))
            reset_bench_interview(data)
            wait_quietly(0.5)

        echoes = echo_sessions(setup, data, runs, 100 if args.quick else 200)

        log("search, Home's query and the occupation overview (in-process)…")
        import inprocess

        from infoint_tui.store.store import Store

        calls = 20 if args.quick else 50
        store = Store.open(data.master)
        try:
            searches = inprocess.search_queries(store.engine, data.master, calls)
            as_you_type = inprocess.search_as_you_type(store.engine, max(3, runs))
            home = inprocess.home_list(store, max(3, runs))
            occupation_id, occupation_name, interviews = inprocess.busiest_occupation(data.master)
            overview = inprocess.occupation_overview(store.engine, occupation_id, calls)
        finally:
            store.close()
        log("occupation screen under run_test…")
        screen = inprocess.occupation_screen(data.master, occupation_id, max(3, runs))

        log(f"import and export via the command line ({exchange_runs} runs)…")
        from exchange import exchange

        exchanged = exchange(data.master, folder, env, exchange_runs)

    elapsed = time.monotonic() - began
    table = [
        *rows.startup_rows(bare_starts, app_starts, data.interviews),
        *rows.session_rows(bare_sessions, app_sessions, len(answer), setup.home_filter),
        *rows.echo_rows(*echoes, len(setup.echo_text)),
        *rows.search_rows(searches, as_you_type, data, calls),
        *rows.data_rows(home, overview, screen, f"'{occupation_name}' ({interviews:,} interviews)"),
        *rows.exchange_rows(exchanged, data),
    ]
    command = command_line(args)
    lines = [
        f"infoint-tui benchmark, {started_at:%Y-%m-%d %H:%M %Z}: {command.strip()}",
        *machine(),
        f"data: {data.interviews:,} interviews, {data.answers:,} answers and {data.notes:,} "
        f"notes ({data.indexed:,} texts indexed), generated in {data.generate_seconds:.0f} s; "
        f"{runs} runs per figure ({exchange_runs} for import/export)",
        f"load average before {load_before}, after {load_average()}; "
        f"whole run {elapsed / 60:.1f} min",
        "",
        render(table),
        "",
        rows.NOTES,
    ]
    publish("\n".join(lines), args)


def echo_sessions(setup: Setup, data: Data, runs: int, keys: int) -> tuple[list, list]:
    """Keystroke to echo, `keys` keys a run: the bare TextArea, then Live (echo.py)."""
    import echo

    setup.echo_text = (ANSWER * 4)[:keys].rstrip()
    log(f"keystroke to echo ({len(setup.echo_text)} keys at {KEYS_PER_SECOND:.0f}/s)…")
    bare, app = [], []
    for index in range(runs):
        log(f"  echo run {index + 1}/{runs}")
        bare.append(echo.echo_bare(setup))
        wait_quietly(0.5)
        app.append(echo.echo_app(setup, data.work))
        reset_bench_interview(data)
        wait_quietly(0.5)
    return bare, app


def private_environment(folder: Path) -> dict[str, str]:
    """The programs' environment, with a private HOME in `folder`; this process's too."""
    private_home = folder / "home"
    private_home.mkdir()
    env = child_environment(str(private_home))
    # The app and store run in this process too: keep them out of the user's folders.
    for key in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[key] = env[key]
    os.environ.pop("INFOINT_TUI_DB", None)
    return env


def command_line(args: argparse.Namespace) -> str:
    """How the benchmark was started, without --output (a copy changes no figure)."""
    shown = [arg for arg in sys.argv[1:] if not arg.startswith("--output")]
    if args.output and args.output in shown:
        shown.remove(args.output)
    return ("benchmarks/run.py " + " ".join(shown)).strip()


def publish(text: str, args: argparse.Namespace) -> None:
    """Print the report, and write its copy if asked."""
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")


# -- the sweep ---------------------------------------------------------------------------

SWEEP_SIZES = (1000, 10000, 100000)


def sweep_sizes(text: str) -> list[int]:
    """`1000,10000,100000` (or `1_000, 10k`) as sizes, smallest first."""
    sizes = []
    try:
        for part in text.split(","):
            part = part.strip().lower().replace("_", "")
            if part:
                sizes.append(int(part[:-1]) * 1000 if part.endswith("k") else int(part))
    except ValueError:
        sizes = []
    if not sizes or min(sizes) <= 0:
        raise SystemExit(f"--scale: sizes must be positive numbers, not {text!r}")
    return sorted(set(sizes))


def sweep_main(args: argparse.Namespace) -> None:
    """The scale sweep: each size on its own database, one table of how the figures grow."""
    import sweep

    if args.scale:
        sizes = sweep_sizes(args.scale)
    else:
        sizes = [200, 1000] if args.quick else list(SWEEP_SIZES)
    runs = args.runs or (1 if args.quick else 5)
    exchange_runs = args.exchange_runs or min(runs, 3)
    began = time.monotonic()
    started_at = dt.datetime.now().astimezone()
    load_before = load_average()
    measured = []
    with tempfile.TemporaryDirectory(prefix="infoint-sweep-") as temporary:
        folder = Path(temporary)
        env = private_environment(folder)
        for size in sizes:
            log(f"size {size:,} ({sizes.index(size) + 1} of {len(sizes)})")
            measured.append(sweep.measure_size(folder, size, args.seed, env, runs, exchange_runs))
    elapsed = time.monotonic() - began
    lines = [
        f"infoint-tui scale sweep, {started_at:%Y-%m-%d %H:%M %Z}: {command_line(args)}",
        *machine(),
        *sweep.data_lines(measured),
        f"{runs} run{'s' * (runs != 1)} per figure ({exchange_runs} for export and import)",
        f"load average before {load_before}, after {load_average()}; "
        f"whole run {elapsed / 60:.1f} min",
        "",
        sweep.render_report(measured, runs),
    ]
    publish("\n".join(lines), args)


if __name__ == "__main__":
    main()
