"""Bad files, end to end: damaged databases given to the app, and huge or broken import files.

The app in tmux on a truncated database, one written by a newer version and one of
another program: one line, exit 2, the file untouched (a file of random bytes is
test_e2e_live's). The command line on a 50 MB import file (broken at the end, cut off
in the middle, killed half-way through, and whole) and on 10,000 interviews of which one
is malformed: a clear one-line error naming the place, nothing half-imported, nothing
that was in the database overwritten. (Unit tests cover the same checks on small files:
tests/test_cli.py, tests/test_engine.py, tests/test_exchange.py.)
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from .test_e2e_live import cli
from .tmux import PROGRAM, Tmux, child_environment, run_program

KEPT = {  # already in the database; the import files hold the same uuid, changed
    "uuid": "0b7f1c3e-2f0a-4a52-9a1e-3f4c7d9e8a10",
    "contact": {"name": "Kept As It Was"},
    "goals": "the original goals",
}


def document(interviews: list[dict[str, Any]]) -> str:
    return json.dumps({"format": "infoint-tui", "version": 1, "interviews": interviews})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("infoint-tui: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def interview_count(db: Path) -> int:
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as connection:
        return int(connection.execute("SELECT count(*) FROM interview").fetchone()[0])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database holding KEPT, closed cleanly (no WAL file left)."""
    path = tmp_path / "interviews.db"
    source = tmp_path / "kept.json"
    source.write_text(document([KEPT]), encoding="utf-8")
    cli(tmp_path, "--db", str(path), "import", str(source))
    assert not path.with_name(path.name + "-wal").exists()
    return path


def assert_untouched(tmp_path: Path, db: Path, before: str) -> None:
    """The database file is byte-for-byte as it was, and KEPT reads as it was imported."""
    assert digest(db) == before
    (interview,) = json.loads(cli(tmp_path, "--db", str(db), "export").stdout)["interviews"]
    assert interview["uuid"] == KEPT["uuid"] and interview["goals"] == KEPT["goals"]


# -- the app on a damaged database -------------------------------------------------------------


def damaged(kind: str, tmp_path: Path, db: Path) -> Path:
    """A copy of a real database, truncated, from a newer version, or another program's."""
    bad = tmp_path / f"{kind}.db"
    if kind == "other-program":
        connection = sqlite3.connect(bad)
        connection.execute("CREATE TABLE songs(title TEXT)")
        connection.execute("INSERT INTO songs VALUES ('a song')")
        connection.commit()
        connection.close()
        return bad
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE padding(x)")  # pages enough to cut the file in half
    connection.execute("INSERT INTO padding VALUES (?)", ("x" * 60_000,))
    if kind == "newer":
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    data = db.read_bytes()
    bad.write_bytes(data[: len(data) // 2] if kind == "truncated" else data)
    return bad


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("truncated", "is truncated"),
        ("newer", "written by a newer version of infoint-tui"),
        ("other-program", "a SQLite database of another program"),
    ],
)
def test_the_app_refuses_a_damaged_database_in_one_line(
    tmp_path: Path, db: Path, kind: str, says: str
) -> None:
    bad = damaged(kind, tmp_path, db)
    before = digest(bad)
    folder = sorted(path.name for path in tmp_path.iterdir())
    with Tmux([PROGRAM, "--db", bad.name], cwd=tmp_path) as tmux:
        status = tmux.wait_exit(timeout=20)
        screen = tmux.screen(history=True)
    printed = [line for line in screen.splitlines() if line.strip()]
    printed = [line for line in printed if not line.startswith("Pane is dead")]
    assert status == 2, screen
    assert "Traceback" not in screen
    assert len(printed) == 1, screen
    assert printed[0].startswith("infoint-tui: error: "), screen
    assert says in printed[0] and bad.name in printed[0], printed[0]
    assert digest(bad) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == folder  # no -wal, no backup


# -- a 50 MB import file -----------------------------------------------------------------------


#: Interviews of 24 kB in the 50 MB file.
FIFTY_MB_INTERVIEWS = 2_100


def fifty_megabytes(bad_last: bool) -> str:
    """Over 50 MB: 2,100 interviews of 24 kB, KEPT (changed) among them; maybe one bad."""
    filler = ("Stand-up, then two user sessions; the rest is writing up. " * 110)[:6_000]
    interviews: list[dict[str, Any]] = [
        {
            "contact": {"name": f"Person {n}"},
            "occupation": f"Occupation {n % 40}",
            "research_notes": filler,
            "questions": [{"text": f"Question {q}?", "answer": filler} for q in range(3)],
        }
        for n in range(FIFTY_MB_INTERVIEWS)
    ]
    interviews[1_000] = {**KEPT, "goals": "overwritten goals"}
    if bad_last:
        interviews.append({"contact": {"name": "Last"}, "questions": [{"text": "Q", "asked": 1}]})
    text = document(interviews)
    assert len(text.encode()) > 50_000_000
    return text


def test_a_50_megabyte_file_broken_at_the_end_imports_nothing(tmp_path: Path, db: Path) -> None:
    """Broken in its last interview, or cut off in the middle: refused whole, in one line."""
    before = digest(db)
    broken = tmp_path / "broken.json"
    broken.write_text(fifty_megabytes(bad_last=True), encoding="utf-8")
    line = one_line_error(
        run_program(tmp_path, "--db", str(db), "import", str(broken)),
        "broken.json",
        f"interviews[{FIFTY_MB_INTERVIEWS}].questions[0].asked",
    )
    assert len(line) < 200
    assert_untouched(tmp_path, db, before)

    cut = tmp_path / "cut.json"
    data = broken.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    one_line_error(
        run_program(tmp_path, "--db", str(db), "import", str(cut)), "cut.json", "line 1, column"
    )
    assert_untouched(tmp_path, db, before)


def test_a_50_megabyte_import_is_all_or_nothing_even_when_killed(tmp_path: Path, db: Path) -> None:
    """SIGKILL in the middle of the import's writing leaves the database as it was, and
    usable; a whole import brings every interview and leaves the one already there as it was.
    """
    source = tmp_path / "fifty.json"
    source.write_text(fifty_megabytes(bad_last=False), encoding="utf-8")
    importing = subprocess.Popen(
        [str(PROGRAM), "--db", str(db), "import", str(source)],
        cwd=tmp_path,
        env=child_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill it while it writes: once its transaction has put a few MB in the WAL file.
    wal = db.with_name(db.name + "-wal")
    deadline = time.monotonic() + 60
    while importing.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 4_000_000:
            break
        time.sleep(0.005)
    written = wal.stat().st_size if wal.exists() else 0
    if importing.poll() is None:
        os.kill(importing.pid, signal.SIGKILL)
    importing.wait(timeout=10)
    count = interview_count(db)  # what a reader sees: committed transactions only
    assert written > 4_000_000, "the import ended before it could be killed while writing"
    assert count == 1, f"killed with {written} bytes in the WAL: {count} interviews"

    started = time.monotonic()
    result = run_program(tmp_path, "--db", str(db), "import", str(source))
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    imported = f"imported {FIFTY_MB_INTERVIEWS - 1} interview(s); 1 already present"
    assert imported in result.stdout, result.stdout
    assert interview_count(db) == FIFTY_MB_INTERVIEWS
    found = run_program(tmp_path, "--db", str(db), "search", "overwritten")
    assert found.returncode == 1, "the interview already there was overwritten"
    print(f"50 MB import: {took:.1f} s")


# -- 10,000 interviews, one of them malformed --------------------------------------------------


def test_ten_thousand_interviews_with_one_malformed_import_nothing(
    tmp_path: Path, db: Path
) -> None:
    """The one bad interview is named; after fixing it, all 10,000 arrive, KEPT unchanged."""
    interviews: list[dict[str, Any]] = [
        {"contact": {"name": f"Person {n}"}, "questions": [{"text": f"Question {n}?"}]}
        for n in range(10_000)
    ]
    interviews[4_321] = {**KEPT, "goals": "overwritten goals"}
    good = interviews[7_345]
    interviews[7_345] = {"contact": {"name": "Bad"}, "planned_minutes": "twenty"}
    source = tmp_path / "ten-thousand.json"
    source.write_text(document(interviews), encoding="utf-8")
    before = digest(db)
    one_line_error(
        run_program(tmp_path, "--db", str(db), "import", str(source)),
        "ten-thousand.json",
        "interviews[7345].planned_minutes",
        "expected a whole number",
    )
    assert_untouched(tmp_path, db, before)

    interviews[7_345] = good
    source.write_text(document(interviews), encoding="utf-8")
    result = run_program(tmp_path, "--db", str(db), "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "imported 9999 interview(s); 1 already present" in result.stdout
    assert interview_count(db) == 10_000
    assert run_program(tmp_path, "--db", str(db), "search", "overwritten").returncode == 1
