"""Checks on a database file made with sqlite3 alone, cheap enough to run before the UI starts.

A file that is not ours, damaged, or from a newer version is refused with a one-line
`DatabaseFileError` before anything writes to it. New files and folders are created
private (0600 and 0700): they hold notes about other people.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from infoint_tui.store.errors import DatabaseFileError

#: The newest schema revision this version of infoint-tui writes.
HEAD_REVISION = "0008"
#: Every revision this version knows how to open (upgrading the older ones).
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
#: How long a write waits for another running copy to finish before giving up.
BUSY_TIMEOUT_SECONDS = 10.0
#: Stamped into the SQLite header so our files can be told from other programs' ones.
APPLICATION_ID = 0x494E5449  # "INTI"

_SQLITE_MAGIC = b"SQLite format 3\x00"


def preflight(path: Path) -> str | None:
    """Check `path` can be used; return its schema revision, or None if it is new or empty.

    Creates nothing. Raises DatabaseFileError with a one-line message otherwise.
    """
    if not path.exists():
        _check_folder_can_hold(path)
        return None
    revision = check_existing(path)
    check_writable(path)
    return revision


def _check_folder_can_hold(path: Path) -> None:
    existing = path.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise _refuse(
            path,
            f"the folder {existing} is not writable",
            "choose another place with --db or INFOINT_TUI_DB",
        )


def _refuse(path: Path, problem: str, advice: str) -> DatabaseFileError:
    return DatabaseFileError(f"{path}: {problem}; {advice}")


def check_existing(path: Path) -> str | None:
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


def check_writable(path: Path) -> None:
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse(
            path,
            f"its folder {folder} is not writable",
            "make it writable or choose another place with --db",
        )
    if not os.access(path, os.R_OK | os.W_OK):
        raise _refuse(path, "is read-only", "make it writable or choose another file with --db")


def create_private_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) so SQLite inherits the mode."""
    folder = path.parent
    try:
        make_private_folders(folder)
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
        raise _refuse(
            path, f"cannot be created ({error.strerror})", "choose another place"
        ) from None
    os.close(fd)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def make_private_folders(folder: Path) -> None:
    """Create `folder` and its missing parents, each 0700; an existing folder is left alone."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700)
        os.chmod(directory, 0o700)  # mkdir's mode is filtered by the umask
    if not folder.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(folder))
