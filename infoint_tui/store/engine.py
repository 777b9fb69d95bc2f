"""make_engine(path): checks the file, creates it privately, upgrades its schema, sets pragmas.

Nothing here runs at import time. A file that is not ours, damaged, or from a newer
version is refused with a one-line `DatabaseFileError` before anything writes to it.
Alembic is imported only when a new file is created or an upgrade is due.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from infoint_tui.store.errors import DatabaseFileError

#: The newest schema revision this version of infoint-tui writes.
HEAD_REVISION = "0002"
#: Every revision this version knows how to open (upgrading the older ones).
KNOWN_REVISIONS = ("0001", "0002")
#: Stamped into the SQLite header so our files can be told from other programs' ones.
APPLICATION_ID = 0x494E5449  # "INTI"
#: How long a write waits for another running copy to finish before giving up.
BUSY_TIMEOUT_SECONDS = 10.0

_SQLITE_MAGIC = b"SQLite format 3\x00"
_MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(path: Path | str) -> Engine:
    """Open (creating or upgrading if needed) the infoint-tui database at `path`.

    Raises:
        DatabaseFileError: the file or its folder cannot be used; the file is untouched.
    """
    path = Path(path).expanduser().absolute()
    revision = _check_existing(path) if path.exists() else None
    if revision is None:
        _create_private_file(path)
    else:
        _check_writable(path)
    engine = _connect(path)
    if revision is None:
        _migrate(engine, path, fresh=True)
    elif revision != HEAD_REVISION:
        backup_copy(path, f"before-upgrade-from-{revision}")
        _migrate(engine, path, fresh=False)
    return engine


def schema_revision(path: Path) -> str | None:
    """The schema revision stored in an existing database file, without changing it."""
    return _check_existing(Path(path))


def backup_copy(path: Path, reason: str) -> Path:
    """Write a consistent private copy of the database beside it and return its path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{reason}.{stamp}.bak")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def _refuse(path: Path, problem: str, advice: str) -> DatabaseFileError:
    return DatabaseFileError(f"{path}: {problem}; {advice}")


def _check_existing(path: Path) -> str | None:
    """Return the schema revision of an existing file, or None when it holds nothing yet."""
    if path.is_dir():
        raise _refuse(path, "is a folder, not a database file", "pass a file path with --db")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise _refuse(path, f"cannot be read ({error.strerror})", "check its permissions") from None
    if size == 0:
        return None
    if not header.startswith(_SQLITE_MAGIC):
        raise _refuse(
            path,
            "is not an infoint-tui database (not a SQLite file)",
            "point --db at another file; this one was left untouched",
        )
    if len(header) < 100:
        raise _refuse(path, "is truncated", "restore it from a backup; it was left untouched")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96] and pages > 0
    if header_valid and size < page_size * pages:
        raise _refuse(
            path,
            f"is truncated ({size} of {page_size * pages} bytes)",
            "restore it from a backup (*.bak beside it); it was left untouched",
        )
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise _refuse(path, f"cannot be opened ({error})", "check the file") from None
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if not tables:
            return None
        if "alembic_version" not in tables or application_id != APPLICATION_ID:
            raise _refuse(
                path,
                "is a SQLite database of another program, not of infoint-tui",
                "point --db at another file; this one was left untouched",
            )
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise _refuse(
            path,
            f"is damaged or not an infoint-tui database ({error})",
            "restore it from a backup (*.bak beside it); it was left untouched",
        ) from None
    finally:
        connection.close()
    revision = row[0] if row else None
    if revision not in KNOWN_REVISIONS:
        raise _refuse(
            path,
            f"was written by a newer version of infoint-tui (schema {revision})",
            "upgrade infoint-tui to open it; it was left untouched",
        )
    return str(revision)


def _check_writable(path: Path) -> None:
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse(
            path,
            f"its folder {folder} is not writable",
            "make it writable or choose another place with --db",
        )
    if not os.access(path, os.R_OK | os.W_OK):
        raise _refuse(path, "is read-only", "make it writable or choose another file with --db")


def _create_private_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) so SQLite inherits the mode."""
    folder = path.parent
    try:
        _make_private_folders(folder)
    except OSError as error:
        raise _refuse(
            path,
            f"its folder cannot be created ({error.strerror})",
            "choose another place with --db or INFOINT_TUI_DB",
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse(
            path,
            f"its folder {folder} is not writable",
            "make it writable or choose another place with --db",
        )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError as error:
        raise _refuse(path, f"cannot be created ({error.strerror})", "choose another place") from None
    os.close(fd)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def _make_private_folders(folder: Path) -> None:
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700)
        os.chmod(directory, 0o700)  # mkdir's mode is filtered by the umask


def _connect(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
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


def _migrate(engine: Engine, path: Path, *, fresh: bool) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    try:
        with engine.execution_options(immediate=True).begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if fresh:
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except Exception as error:  # a failed upgrade rolls back as one transaction
        raise _refuse(
            path,
            f"could not be {'created' if fresh else 'upgraded'} ({error.__class__.__name__}: {error})",
            "the file is as it was; a backup copy lies beside it",
        ) from error
