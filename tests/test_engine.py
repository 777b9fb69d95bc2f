"""The database file: private permissions, refusals that leave the file untouched, upgrades."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from infoint_tui.store.engine import _connect, _migrate, make_engine
from infoint_tui.store.errors import DatabaseFileError
from infoint_tui.store.files import APPLICATION_ID, HEAD_REVISION, preflight


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_is_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "interviews.db"
    engine = make_engine(path)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch(x)")  # forces the -wal file into being
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _mode(path.parent.parent) == 0o700
    for sidecar in path.parent.glob("interviews.db-*"):
        assert _mode(sidecar) == 0o600, sidecar
    engine.dispose()


def test_pragmas_and_header(engine, db_path: Path) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION


def test_existing_folder_permissions_are_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    make_engine(folder / "x.db").dispose()
    assert _mode(folder) == 0o755
    assert _mode(folder / "x.db") == 0o600


def test_reopening_needs_no_migration(engine, db_path: Path, monkeypatch) -> None:
    import infoint_tui.store.engine as engine_module

    def fail(*args, **kwargs):
        raise AssertionError("a database at the head revision must not be migrated")

    monkeypatch.setattr(engine_module, "_migrate", fail)
    make_engine(db_path).dispose()
    assert not list(db_path.parent.glob("*.bak"))


def _bad_file(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{kind}.db"
    if kind == "random":
        path.write_bytes(os.urandom(8192))
    elif kind == "text":
        path.write_text("these are my notes, not a database\n")
    elif kind == "short-header":
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    else:
        good = tmp_path / "good.db"
        engine = make_engine(good)
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO contact(uuid, name, role, email, phone, profile_url, how_met, notes,"
                " created_at, updated_at) VALUES ('u', 'Ada', '', '', '', '', '', ?, "
                "'2026-01-01', '2026-01-01')",
                ("x" * 50000,),
            )
        engine.dispose()
        raw = sqlite3.connect(good)
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("PRAGMA journal_mode=DELETE")
        if kind == "newer":
            raw.execute("UPDATE alembic_version SET version_num = '9999'")
            raw.commit()
        elif kind == "foreign":
            raw.close()
            raw = sqlite3.connect(path)
            raw.execute("CREATE TABLE songs(title)")
            raw.commit()
            raw.close()
            return path
        raw.close()
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2] if kind == "truncated" else data)
    return path


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("random", "not an infoint-tui database"),
        ("text", "not an infoint-tui database"),
        ("short-header", "truncated"),
        ("truncated", "truncated"),
        ("newer", "newer version of infoint-tui"),
        ("foreign", "another program"),
    ],
)
def test_bad_files_are_refused_untouched(kind: str, says: str, tmp_path: Path) -> None:
    path = _bad_file(kind, tmp_path)
    before = _digest(path)
    with pytest.raises(DatabaseFileError) as caught:
        make_engine(path)
    message = str(caught.value)
    assert says in message
    assert str(path) in message
    assert "\n" not in message
    assert _digest(path) == before
    with pytest.raises(DatabaseFileError):
        preflight(path)
    assert _digest(path) == before


def test_folder_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseFileError, match="is a folder"):
        make_engine(tmp_path)


def test_read_only_folder_and_file_are_refused(tmp_path: Path, monkeypatch) -> None:
    # Tests run as root in CI, where permission bits do not stop writes; os.access is
    # what the checks consult, so deny it for the locked folder and file.
    locked = tmp_path / "locked"
    locked.mkdir()
    existing = make_engine(tmp_path / "ro.db")
    existing.dispose()
    real_access = os.access
    denied = {str(locked), str(tmp_path / "ro.db")}
    monkeypatch.setattr(os, "access", lambda p, mode: str(p) not in denied and real_access(p, mode))
    with pytest.raises(DatabaseFileError, match="not writable"):
        make_engine(locked / "x.db")
    with pytest.raises(DatabaseFileError, match="not writable"):
        preflight(locked / "x.db")
    assert not (locked / "x.db").exists()
    before = _digest(tmp_path / "ro.db")
    with pytest.raises(DatabaseFileError, match=r"read-only|cannot be read"):
        make_engine(tmp_path / "ro.db")
    assert _digest(tmp_path / "ro.db") == before


def test_unwritable_folder_is_refused_even_as_root(tmp_path: Path) -> None:
    # A regular file where a folder should be cannot be written into by anyone.
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    with pytest.raises(DatabaseFileError, match=r"cannot be created|not writable") as caught:
        make_engine(blocker / "sub" / "x.db")
    assert "\n" not in str(caught.value)
    with pytest.raises(DatabaseFileError):
        preflight(blocker / "sub" / "x.db")


def test_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    make_engine(path).dispose()
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()


def _database_at(path: Path, revision: str):
    from infoint_tui.store.files import create_private_file

    create_private_file(path)
    engine = _connect(path)
    _migrate(engine, path, fresh=True, target=revision)
    return engine


def test_upgrade_from_first_revision_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = _database_at(path, "0001")
    with engine.begin() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            "0001"
        )
        connection.exec_driver_sql(
            "INSERT INTO contact(id, uuid, name, role, email, phone, profile_url, how_met, notes,"
            " created_at, updated_at) VALUES (1, 'c1', 'Grace Hopper', '', '', '', '', '', '',"
            " '2025-01-01 10:00:00', '2025-01-01 10:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO interview(id, uuid, contact_id, medium, planned_minutes, research_notes,"
            " goals, stage, created_at, updated_at) VALUES (1, 'i1', 1, 'video', 25,"
            " 'compilers everywhere', '', 'reflect', '2025-01-01 10:00:00', '2025-01-01 10:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO question(id, interview_id, text, category, position, must_ask, asked,"
            " skipped, answer, starred, estimate_minutes, updated_at) VALUES (1, 1,"
            " 'Typical day?', 'typical_day', 0, 1, 1, 0, 'Debugging moths', 0, 2,"
            " '2025-01-01 10:00:00')"
        )
    engine.dispose()
    before = sqlite3.connect(path).execute("SELECT * FROM question").fetchall()

    upgraded = make_engine(path)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    assert raw.execute("SELECT * FROM question").fetchall() == before
    assert raw.execute("SELECT name FROM contact").fetchall() == [("Grace Hopper",)]
    # The new search index was filled from the rows that were already there.
    hits = raw.execute(
        "SELECT kind, ref_id FROM search_index WHERE search_index MATCH 'moths'"
    ).fetchall()
    assert hits == [(4, 1)]
    backups = list(tmp_path.glob("old.db.before-upgrade-from-0001.*.bak"))
    assert len(backups) == 1
    assert _mode(backups[0]) == 0o600
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert old.execute("SELECT answer FROM question").fetchall() == [("Debugging moths",)]
    upgraded.dispose()


def test_failed_upgrade_leaves_the_rows_as_they_were(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.db"
    engine = _database_at(path, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE VIRTUAL TABLE search_index USING fts5(body)")
    engine.dispose()  # the 0002 upgrade will now fail: its table already exists
    with pytest.raises(DatabaseFileError, match="could not be upgraded"):
        make_engine(path)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert not raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()


def _old_database_with_a_row(path: Path) -> None:
    engine = _database_at(path, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO contact(id, uuid, name, role, email, phone, profile_url, how_met, notes,"
            " created_at, updated_at) VALUES (1, 'c1', 'Grace Hopper', '', '', '', '', '', '',"
            " '2025-01-01 10:00:00', '2025-01-01 10:00:00')"
        )
    engine.dispose()


def test_a_backup_that_fails_half_way_leaves_no_bak_and_the_file_untouched(
    tmp_path: Path, monkeypatch
) -> None:
    from infoint_tui.store import engine as engine_module

    path = tmp_path / "old.db"
    _old_database_with_a_row(path)
    before = _digest(path)
    seen: list[Path] = []

    def copy_half_then_fail(source: Path, target: Path) -> None:
        data = source.read_bytes()
        target.write_bytes(data[: len(data) // 2])  # what a killed copy leaves behind
        seen.append(target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(engine_module, "_copy_database", copy_half_then_fail)
    with pytest.raises(DatabaseFileError, match="backup copy before upgrading could not be"):
        make_engine(path)
    assert seen and seen[0].name.endswith(".bak.partial")  # written under its temporary name
    assert not list(tmp_path.glob("*.bak"))
    assert not list(tmp_path.glob("*.partial*"))
    assert _digest(path) == before
    assert preflight(path) == "0001"  # not upgraded without its backup


def test_a_partial_backup_left_by_a_killed_run_is_removed_and_never_a_bak(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database_with_a_row(path)
    leftover = tmp_path / "old.db.before-upgrade-from-0001.20260101T000000Z.bak.partial"
    leftover.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    (tmp_path / f"{leftover.name}-journal").write_bytes(b"x")
    other = tmp_path / "other.db.before-upgrade-from-0001.20260101T000000Z.bak.partial"
    other.write_bytes(b"not ours to remove")
    original = sqlite3.connect(path)
    content = list(original.iterdump())
    original.close()

    make_engine(path).dispose()

    backups = list(tmp_path.glob("old.db.*.bak"))
    assert len(backups) == 1
    assert not leftover.exists() and not (tmp_path / f"{leftover.name}-journal").exists()
    assert other.exists()
    copy = sqlite3.connect(backups[0])
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert list(copy.iterdump()) == content  # every table and row, as before the upgrade
    assert copy.execute("SELECT name FROM contact").fetchall() == [("Grace Hopper",)]
    assert _mode(backups[0]) == 0o600


def test_the_migrations_make_the_schema_the_models_describe(engine) -> None:
    """A fresh database is made by the migrations alone: they and the models must agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import infoint_tui.store.models  # noqa: F401  (registers the tables)

    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        # SQLite's reflection drops ON DELETE from a column's inline REFERENCES, so foreign
        # keys are compared here from SQLite's own list instead.
        stored = {
            (table.name, row[3], row[2], row[6].upper())
            for table in SQLModel.metadata.sorted_tables
            for row in connection.exec_driver_sql(f"PRAGMA foreign_key_list({table.name})")
        }
    described = {
        (table.name, key.parent.name, key.column.table.name, (key.ondelete or "NO ACTION").upper())
        for table in SQLModel.metadata.sorted_tables
        for key in table.foreign_keys
    }
    assert stored == described
    differences = [
        item
        for item in differences
        if not (
            item[0] == "remove_table" and item[1].name.startswith(("search_index", "search_terms"))
        )
        and item[0] not in ("remove_fk", "add_fk")
    ]
    assert differences == []
