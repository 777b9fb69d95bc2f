"""Import and export through the command line, against raw sqlite3 + json (raw_io.py)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scenarios import HERE, PROGRAM, PYTHON


@dataclass
class ExchangeFigures:
    """Seconds per run of each command, and of its raw baseline."""

    export_json: list[float] = field(default_factory=list)
    export_markdown: list[float] = field(default_factory=list)
    import_json: list[float] = field(default_factory=list)
    raw_dump: list[float] = field(default_factory=list)
    raw_load: list[float] = field(default_factory=list)


def _time(argv: Sequence[str], env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=dict(env), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def exchange(db: Path, folder: Path, env: Mapping[str, str], runs: int) -> ExchangeFigures:
    """Export JSON and Markdown, import the JSON into an empty database; `runs` times each."""
    figures = ExchangeFigures()
    exported = folder / "export.json"
    markdown = folder / "export.md"
    raw_json = folder / "raw.json"
    imported = folder / "imported.db"
    raw_db = folder / "raw.db"
    for _ in range(runs):
        figures.export_json.append(
            _time([PROGRAM, "--db", str(db), "export", "-o", str(exported), "--force"], env)
        )
        figures.export_markdown.append(
            _time(
                [
                    PROGRAM,
                    "--db",
                    str(db),
                    "export",
                    "-f",
                    "markdown",
                    "-o",
                    str(markdown),
                    "--force",
                ],
                env,
            )
        )
        figures.raw_dump.append(
            _time([PYTHON, str(HERE / "raw_io.py"), "dump", str(db), str(raw_json)], env)
        )
        _remove_db(imported)
        figures.import_json.append(
            _time([PROGRAM, "--db", str(imported), "import", str(exported)], env)
        )
        _remove_db(raw_db)
        figures.raw_load.append(
            _time(
                [PYTHON, str(HERE / "raw_io.py"), "load", str(raw_json), str(raw_db), str(db)], env
            )
        )
    for path in (exported, markdown, raw_json):
        path.unlink(missing_ok=True)
    _remove_db(imported)
    _remove_db(raw_db)
    return figures
