"""Import and export through the command line, against raw sqlite3 + json (raw_io.py).

Each command runs as a child process; its wall time and its own peak resident memory
are kept per run. The peak comes from GNU time (`/usr/bin/time -f %M`), not from this
process's rusage: RUSAGE_CHILDREN is the largest of all children so far, and even
os.wait4's own figure for one child starts at this process's peak, because Linux
carries the high-water mark of the memory a child had before exec (subprocess spawns
with vfork: that memory is this process's) into the child's ru_maxrss.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dataset import log
from scenarios import HERE, PROGRAM, PYTHON


@dataclass
class ExchangeFigures:
    """Seconds per run of each command, and of its raw baseline; `peaks` holds MB per run."""

    export_json: list[float] = field(default_factory=list)
    export_markdown: list[float] = field(default_factory=list)
    import_json: list[float] = field(default_factory=list)
    raw_dump: list[float] = field(default_factory=list)
    raw_load: list[float] = field(default_factory=list)
    peaks: dict[str, list[float]] = field(default_factory=dict)
    """Peak resident memory (MB) of each run of a command, by the name of its time list."""
    failed: set[str] = field(default_factory=set)
    """Commands that failed (with `keep_going`), by the name of their time list."""

    def peak(self, name: str) -> list[float]:
        return self.peaks.get(name, [])


GNU_TIME = Path("/usr/bin/time")
"""GNU time, which reports its child's own peak (`%M`, KB); without it, no peak is shown."""


def run_child(
    argv: Sequence[str], env: Mapping[str, str], *, peak: bool = True
) -> tuple[float, float]:
    """Run a program to its end: (wall seconds, its own peak resident memory in MB).

    The peak is NaN without GNU time, or when not asked for (`peak=False`: nothing runs
    in between, for a timing of a few milliseconds). Raises
    `subprocess.CalledProcessError` when the program fails.
    """
    if not peak or not GNU_TIME.exists():
        start = time.perf_counter()
        subprocess.run(argv, env=dict(env), check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start, math.nan
    with tempfile.NamedTemporaryFile("r", suffix=".peak", encoding="ascii") as report:
        measured = [str(GNU_TIME), "-f", "%M", "-o", report.name, *argv]
        start = time.perf_counter()
        done = subprocess.run(measured, env=dict(env), stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        lines = report.read().split()
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, list(argv))
    return seconds, int(lines[-1]) / 1024


def _time(figures: ExchangeFigures, name: str, argv: Sequence[str], env: Mapping[str, str]) -> None:
    seconds, peak = run_child(argv, env)
    getattr(figures, name).append(seconds)
    figures.peaks.setdefault(name, []).append(peak)


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def exchange(
    db: Path,
    folder: Path,
    env: Mapping[str, str],
    runs: int,
    *,
    markdown: bool = True,
    keep_going: bool = False,
) -> ExchangeFigures:
    """Export JSON (and Markdown), import the JSON into an empty database; `runs` times each.

    With `keep_going`, a command that fails is logged and not run again (nor what reads its
    output); its figures stay empty. Otherwise its `CalledProcessError` ends the run.
    """
    figures = ExchangeFigures()
    exported = folder / "export.json"
    markdown_file = folder / "export.md"
    raw_json = folder / "raw.json"
    imported = folder / "imported.db"
    raw_db = folder / "raw.db"
    raw_io = str(HERE / "raw_io.py")
    commands = {
        "export_json": [PROGRAM, "--db", str(db), "export", "-o", str(exported), "--force"],
        "export_markdown": [
            *(PROGRAM, "--db", str(db), "export", "-f", "markdown"),
            *("-o", str(markdown_file), "--force"),
        ],
        "raw_dump": [PYTHON, raw_io, "dump", str(db), str(raw_json)],
        "import_json": [PROGRAM, "--db", str(imported), "import", str(exported)],
        "raw_load": [PYTHON, raw_io, "load", str(raw_json), str(raw_db), str(db)],
    }
    if not markdown:
        del commands["export_markdown"]
    needs = {"import_json": "export_json", "raw_load": "raw_dump"}
    for _ in range(runs):
        for name, argv in commands.items():
            if name in figures.failed or needs.get(name) in figures.failed:
                continue
            if name in needs:  # each into an empty database
                _remove_db(imported if name == "import_json" else raw_db)
            try:
                _time(figures, name, argv, env)
            except subprocess.CalledProcessError as error:
                if not keep_going:
                    raise
                log(f"    {name} failed (exit {error.returncode}): not run again")
                figures.failed.add(name)
    for path in (exported, markdown_file, raw_json):
        path.unlink(missing_ok=True)
    _remove_db(imported)
    _remove_db(raw_db)
    return figures
