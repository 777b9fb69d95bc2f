"""Commands that only read go through `store.reader.Reader`: plain sqlite3, the same answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import run

from infoint_tui.store.listing import InterviewFilter
from infoint_tui.store.reader import Reader
from infoint_tui.store.search_ops import RELEVANCE
from infoint_tui.store.store import Store

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual")


def _fill(store: Store) -> None:
    """A few interviews with words to find, in several occupations and fits."""
    for number, (name, occupation) in enumerate(
        [
            ("Priya Raman", "Hospital pharmacist"),
            ("Tomás Ortega", "Civil engineer"),
            ("Wen Li", "Hospital pharmacist"),
            ("Ada Quist", "UX researcher"),
        ]
    ):
        interview = store.create_interview(name, occupation=occupation, bank_key="essentials")
        first = store.interview(interview.id).questions[0]
        store.save_answer(first.id, f"rounds at {8 + number}, then the typical day of orders")
        store.save_reflection(interview.id, fit_confidence=1 + number)


def test_search_loads_no_data_layer_and_finds_what_the_store_finds(store: Store, db_path) -> None:
    _fill(store)
    store.close()
    code = (
        "import sys\n"
        "from infoint_tui.cli import main\n"
        f"code = main(['--db', {str(db_path)!r}, 'search', 'rounds'])\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print('HEAVY', heavy, code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    *hits, last = result.stdout.splitlines()
    assert last == "HEAVY [] 0"
    assert sum("Priya Raman" in line for line in hits) == 1
    assert sum("rounds" in line for line in hits) == 4


@pytest.mark.parametrize("sort", [RELEVANCE, "date", "fit", "contact"])
@pytest.mark.parametrize(
    "where", [None, InterviewFilter(text="pharmacist"), InterviewFilter(min_fit=2)]
)
def test_the_reader_and_the_store_give_the_same_hits(
    store: Store, db_path: Path, sort: str, where: InterviewFilter | None
) -> None:
    _fill(store)
    expected = store.search_interviews("typical day", where, sort, limit=3)
    reader = Reader.open(db_path)
    assert reader is not None
    try:
        found = reader.search_interviews("typical day", where, sort, limit=3)
    finally:
        reader.close()
    assert found == expected
    assert found.hits  # the comparison is of something


def test_a_file_the_store_must_create_or_upgrade_is_left_to_the_store(tmp_path: Path) -> None:
    from infoint_tui.store.engine import _connect, _migrate
    from infoint_tui.store.files import HEAD_REVISION, check_existing, create_private_file

    assert Reader.open(tmp_path / "missing.db") is None
    empty = tmp_path / "empty.db"
    empty.touch()
    assert Reader.open(empty) is None
    old = tmp_path / "old.db"
    create_private_file(old)
    engine = _connect(old)
    _migrate(engine, old, fresh=True, target="0004")
    engine.dispose()
    assert Reader.open(old) is None

    # The command line then opens the store, which upgrades the file (a backup first).
    result = run("--db", str(old), "search", "anything")
    assert result.returncode == 1 and "no matches" in result.stderr
    assert check_existing(old) == HEAD_REVISION
    assert len(list(tmp_path.glob("old.db.before-upgrade-from-0004.*.bak"))) == 1
    created = run("--db", str(tmp_path / "new.db"), "search", "anything")
    assert created.returncode == 1 and "no matches" in created.stderr


def test_search_refuses_a_read_only_file_as_every_command_does(
    store: Store,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import os

    from infoint_tui.cli import main

    _fill(store)
    store.close()
    before = db_path.read_bytes()
    # Tests run as root in CI, where permission bits stop nothing; the checks ask os.access.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: str(p) != str(db_path) and real_access(p, mode)
    )
    assert main(["--db", str(db_path), "search", "rounds"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    refusal = "is read-only; make it writable or choose another file with --db"
    assert err == f"infoint-tui: error: {db_path}: {refusal}\n"
    assert db_path.read_bytes() == before
