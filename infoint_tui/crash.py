"""When the app ends on an unexpected error: save what can be saved, write a report, exit 1.

Textual ends an app on an unhandled exception (in a handler, during a mount, in a worker)
but `App.run()` returns normally, so the process used to exit 0 after printing a traceback
with every local variable in it, which can hold notes about people. Instead the app records
the error (`InfointApp.crash`) and the command line runs it through `run`, which reports:
the waiting saves are flushed, a private report (0600) with the plain traceback and the
versions is written beside the database, and one line on stderr says where it is.
Never imports textual.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from infoint_tui.app import InfointApp

#: The exit status after an unexpected error (2 is for refused input, 130 for Ctrl+C).
CRASH_EXIT_CODE = 1

#: The distributions whose versions a report names.
_VERSIONED = ("infoint-tui", "textual", "rich", "sqlmodel", "sqlalchemy", "alembic", "pydantic")


def unwrap(error: BaseException) -> BaseException:
    """The error that really happened: a failed worker's own exception, not its wrapper.

    Textual reports a worker's exception as `WorkerFailed`, whose `error` is the original
    (with the traceback that says where it was raised).
    """
    inner = getattr(error, "error", None)
    if type(error).__name__ == "WorkerFailed" and isinstance(inner, BaseException):
        return inner
    return error


def report_text(error: BaseException, now: datetime) -> str:
    """The report: what failed, when, the versions, then the traceback.

    The traceback is `traceback.format_exception`'s plain one: file names, line numbers,
    source lines and the exception's message, no local variables.
    """
    lines = [
        "infoint-tui crash report",
        f"time: {now:%Y-%m-%d %H:%M:%S} UTC",
        f"error: {type(error).__module__}.{type(error).__qualname__}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"system: {platform.system()} {platform.release()} {platform.machine()}",
        f"sqlite: {sqlite3.sqlite_version}",
        *(f"{name}: {_version(name)}" for name in _VERSIONED),
        "",
        "".join(traceback.format_exception(error)).rstrip("\n"),
        "",
    ]
    return "\n".join(lines)


def write_report(error: BaseException, folder: Path, now: datetime | None = None) -> Path:
    """Write the report as `crash-<time>.txt` in `folder`, created private; return its path.

    An existing report is never overwritten: a second crash in the same second gets `-2`.

    Raises:
        OSError: the folder cannot be written.
    """
    now = now or datetime.now(UTC)
    stem = f"crash-{now:%Y-%m-%dT%H-%M-%S}"
    text = report_text(error, now).encode("utf-8", "backslashreplace")
    for attempt in range(1, 100):
        path = folder / (stem + (f"-{attempt}" if attempt > 1 else "") + ".txt")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(text)
        return path
    raise FileExistsError(17, "too many crash reports in one second", str(folder))


def run(build: Callable[[], InfointApp], folder: Path | None) -> InfointApp | None:
    """Build and run the app; None when it ended on an unexpected error, then reported.

    Textual catches an error in a handler, a mount or a worker, stops the app and
    returns from `run()` (the app notes the error in `crash`); an error outside its
    handling (building the app, the terminal driver) is raised here instead.
    """
    app: InfointApp | None = None
    try:
        app = build()
        app.run()
        failure = app.crash
    except Exception as error:
        failure = error
    if failure is None:
        return app
    started = app
    report(failure, folder, flush=None if started is None else lambda: save_and_close(started))
    return None


def save_and_close(app: InfointApp) -> bool:
    """Save what is still waiting in the app's saver, then close the database.

    The app does the same when it unmounts; after a crash it may not have got that far,
    and doing it twice is harmless. Returns whether everything reached the database.
    """
    saved = app.saver.close(timeout=3.0)
    if app.store is not None:
        app.store.close()
    return saved


def report(
    error: BaseException,
    folder: Path | None,
    *,
    flush: Callable[[], bool] | None = None,
    stream: TextIO | None = None,
) -> int:
    """Save what is waiting, write the report, say so in one line; return `CRASH_EXIT_CODE`.

    Args:
        error: The exception that ended the app.
        folder: Where the report goes: the database's folder; None for the user data
            folder (platformdirs), created private if need be.
        flush: Saves what is still waiting; returns whether all of it reached the database.
        stream: Where the one line goes (standard error by default).
    """
    stream = stream or sys.stderr
    error = unwrap(error)
    saved = True
    if flush is not None:
        try:
            saved = flush()
        except Exception:  # the report matters more than a second failure
            saved = False
    try:
        if folder is None:
            from infoint_tui.paths import default_data_dir
            from infoint_tui.store.files import make_private_folders

            folder = default_data_dir()
            make_private_folders(folder)
        where = f"details in {write_report(error, folder)}"
    except OSError as problem:
        where = f"no report could be written in {folder} ({problem.strerror or problem})"
    unsaved = "" if saved else "; the last changes could not be saved"
    print(f"infoint-tui: unexpected error ({type(error).__name__}){unsaved}; {where}", file=stream)
    stream.flush()
    return CRASH_EXIT_CODE


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"
