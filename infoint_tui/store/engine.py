"""make_engine(path): checks the file, creates it privately, upgrades its schema, sets pragmas.

Nothing here runs at import time. Alembic is imported only when a new file is created or
an upgrade is due.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from infoint_tui.store.errors import DatabaseFileError
from infoint_tui.store.files import (
    APPLICATION_ID,
    BUSY_TIMEOUT_SECONDS,
    HEAD_REVISION,
    check_existing,
    check_writable,
    create_private_file,
)

_MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(path: Path | str) -> Engine:
    """Open (creating or upgrading if needed) the infoint-tui database at `path`.

    Raises:
        DatabaseFileError: the file or its folder cannot be used; the file is untouched.
    """
    path = Path(path).expanduser().absolute()
    revision = check_existing(path) if path.exists() else None
    if revision is None:
        create_private_file(path)
    else:
        check_writable(path)
    engine = _connect(path)
    if revision is None:
        _migrate(engine, path, fresh=True)
    elif revision != HEAD_REVISION:
        _backup_before_upgrade(path, revision)
        _migrate(engine, path, fresh=False)
    return engine


def _backup_before_upgrade(path: Path, revision: str) -> None:
    try:
        backup_copy(path, f"before-upgrade-from-{revision}")
    except (OSError, sqlite3.Error) as error:
        raise DatabaseFileError(
            f"{path}: the backup copy before upgrading could not be written ({error}); "
            "the file was left untouched"
        ) from error


def schema_revision(path: Path) -> str | None:
    """The schema revision stored in an existing database file, without changing it."""
    return check_existing(Path(path))


def backup_copy(path: Path, reason: str) -> Path:
    """Write a consistent private copy of the database beside it and return its path.

    The copy is written as `<name>.<reason>.<time>.bak.partial`, synced to disk, and only
    then renamed to its `.bak` name: a run killed half-way never leaves a file that looks
    like a backup but is empty or partial. Partial copies left by such a run are removed.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{reason}.{stamp}.bak")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    remove_partial_backups(path)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        _copy_database(path, partial)
        os.replace(partial, target)
        _sync_folder(path.parent)
    except BaseException:
        _remove_partial(partial)
        raise
    return target


#: Added to a backup's name while it is being written.
PARTIAL_SUFFIX = ".partial"


def remove_partial_backups(path: Path) -> None:
    """Remove unfinished backup copies of `path` (and their journals) left by a killed run."""
    for leftover in path.parent.glob(f"{glob.escape(path.name)}.*.bak{PARTIAL_SUFFIX}"):
        _remove_partial(leftover)


def _remove_partial(partial: Path) -> None:
    for name in (partial, partial.with_name(partial.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()


def _copy_database(source_path: Path, target: Path) -> None:
    """Copy with SQLite's backup API (consistent even while another copy writes), then fsync."""
    source = sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _connect(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writes take the lock up front, so a second running copy waits for it
        # (busy timeout) instead of failing half-way with "database is locked".
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _migrate(engine: Engine, path: Path, *, fresh: bool, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    try:
        with engine.execution_options(immediate=True).begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            if fresh:
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except Exception as error:  # a failed upgrade rolls back as one transaction
        action = "created" if fresh else "upgraded"
        raise DatabaseFileError(
            f"{path}: could not be {action} ({type(error).__name__}: {error}); "
            "it is as it was before, and a backup copy lies beside it"
        ) from error
