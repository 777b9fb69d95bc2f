"""The real program never ends silently: a crash exits 1 with one line and a private report;
interviews at the calendar's edges (years 1 and 9999) open in any time zone.
"""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from pathlib import Path

from .test_e2e_live import cli
from .tmux import PROGRAM, Tmux

EDGES = {
    "format": "infoint-tui",
    "version": 1,
    "interviews": [
        {
            "contact": {"name": "Max Edge"},
            "occupation": "Archivist",
            "scheduled_at": "9999-12-31T23:59:59+00:00",
        },
        {
            "contact": {"name": "Min Edge"},
            "occupation": "Archivist",
            "scheduled_at": "0001-01-01T00:00:00+00:00",
        },
    ],
}


def _import_edges(tmp_path: Path, db: Path) -> None:
    source = tmp_path / "edges.json"
    source.write_text(json.dumps(EDGES), encoding="utf-8")
    assert "imported 2 interview" in cli(tmp_path, "--db", str(db), "import", str(source)).stdout


def _printed(screen: str) -> list[str]:
    lines = [line for line in screen.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith("Pane is dead")]


def test_interviews_at_the_calendars_edges_open_in_a_zone_east_and_west(tmp_path: Path) -> None:
    db = tmp_path / "data" / "interviews.db"
    _import_edges(tmp_path, db)
    for zone in ("EAST-14", "WEST12"):  # UTC+14: year 9999 overflows; UTC-12: year 1 does
        with Tmux([PROGRAM, "--db", db], cwd=tmp_path, env={"TZ": zone}) as tmux:
            screen = tmux.wait_for("Min Edge", timeout=30)
            rows = {line.split()[3]: line for line in screen.splitlines() if "Edge " in line}
            assert "31 Dec 9999" in rows["Max"], screen
            assert "01 Jan 0001" in rows["Min"], screen
            tmux.send("C-q")
            assert tmux.wait_exit(timeout=20) == 0, tmux.screen(history=True)


def test_a_crash_exits_1_with_one_line_and_a_private_report(tmp_path: Path) -> None:
    """A stored time that is not a time (another tool edited the file) fails Home's list."""
    db = tmp_path / "data" / "interviews.db"
    _import_edges(tmp_path, db)
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE interview SET scheduled_at = 'not a date' "
            "WHERE contact_id = (SELECT id FROM contact WHERE name = 'Max Edge')"
        )
    connection.close()
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        status = tmux.wait_exit(timeout=60)
        screen = tmux.screen(history=True)
    assert status == 1, screen
    printed = _printed(screen)
    assert len(printed) == 1, screen  # no Traceback with its local variables on the terminal
    match = re.fullmatch(
        r"infoint-tui: unexpected error \(ValueError\); details in (\S+crash-[\dT-]+\.txt)",
        printed[0].strip(),
    )
    assert match, printed[0]
    report = Path(match.group(1))
    assert report.parent == db.parent
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text(encoding="utf-8")
    assert text.startswith("infoint-tui crash report\n")
    assert "textual: 8." in text and "sqlite: " in text and "python: 3." in text
    assert "Traceback (most recent call last):" in text
    assert "in rows_by_id" in text  # where it failed: reading a page of Home's list
    assert text.rstrip().endswith("ValueError: Invalid isoformat string: 'not a date'")
    assert "Min Edge" not in text  # the locals (other rows, names) are not in the report
