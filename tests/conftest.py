"""Shared fixtures: every test gets private data folders, so no test touches a user's notes."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

USER_NAME = "Alex Morgan"
"""The user's name every test starts with, as if asked once before; a test may remove it."""


@pytest.fixture(autouse=True)
def private_data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every platformdirs location and INFOINT_TUI_DB into this test's tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    monkeypatch.setenv("INFOINT_TUI_DB", str(tmp_path / "env-default.db"))
    monkeypatch.delenv("EDITOR", raising=False)
    from infoint_tui.settings import USER_NAME as NAME_SETTING
    from infoint_tui.settings import save_setting

    # Answered once already, so drafting a thank-you note does not stop for the question.
    assert save_setting(NAME_SETTING, USER_NAME)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a fresh database file (not yet created)."""
    return tmp_path / "data" / "interviews.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """A real SQLite database made by make_engine, at the head revision."""
    from infoint_tui.store.engine import make_engine

    engine = make_engine(db_path)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def fresh_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database made by `Store.open` (every migration, the banks seeded), per worker.

    Making one costs about 0.13 s of migrations; the `store` fixture copies this file
    instead (under 0.01 s), so the hundreds of tests that need an empty database do not
    each run the migrations again. Tests of creating and upgrading a database use
    `db_path` or `engine`, which still start from nothing.
    """
    from infoint_tui.store.store import Store

    path = tmp_path_factory.mktemp("fresh") / "interviews.db"
    Store.open(path).close()
    assert not path.with_name(path.name + "-wal").exists()  # everything is in the file
    return path


@pytest.fixture
def store(db_path: Path, fresh_database: Path):
    """A Store on a real SQLite file in tmp_path (closed after the test): a copy of a
    database `Store.open` made, as private as one it makes."""
    from infoint_tui.store.store import Store

    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(fresh_database, db_path)
    db_path.chmod(0o600)
    store = Store.open(db_path)
    yield store
    store.close()


@pytest.fixture
def make_app(db_path: Path, store):
    """Build the real app on the test's database: `app = make_app()`."""
    from infoint_tui.app import InfointApp

    def build() -> InfointApp:
        app = InfointApp(db_path, store=store)
        # The app saves at most 0.3 s after a change; tests need not wait that long.
        app.saver.delay = 0.05
        return app

    return build


async def settle(pilot) -> None:
    """Let workers finish and every queued save reach the database."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert pilot.app.saver.flush(timeout=5)


async def open_stage(pilot, interview_id: int, stage: str):
    """Open an interview at `stage` on top of Home, once the store is ready; return the screen."""
    from infoint_tui.screens.interview import InterviewScreen

    await settle(pilot)
    screen = InterviewScreen(interview_id, stage=stage)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def until(pilot, condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (a short pause at a time); fail after `timeout`.

    Instead of a fixed sleep: as fast as the machine allows, and as patient as it needs.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still not true after {timeout} s: {condition}"
        await pilot.pause(0.02)


async def push_from_app(pilot, screen) -> None:
    """Push `screen` from the app's own task, then settle.

    A screen pushed from the test's task runs its messages in that task's context, which
    does not carry `run_test(message_hook=...)`: push from the app when the hook must see
    what the screen's workers post.
    """
    pilot.app.call_later(pilot.app.push_screen, screen)
    await settle(pilot)
    await settle(pilot)  # the screen's own load, once it is mounted


class Notices:
    """What the app told the user: pass as `run_test(message_hook=notices)`.

    Collects every `textual.notifications.Notify` the app dispatches, in order, so a test
    reads the notifications from the public message rather than the app's private list.
    """

    def __init__(self) -> None:
        from textual.notifications import Notification

        self.shown: list[Notification] = []

    def __call__(self, message) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            self.shown.append(message.notification)

    @property
    def messages(self) -> list[str]:
        return [str(notification.message) for notification in self.shown]

    @property
    def titles(self) -> list[str]:
        return [str(notification.title) for notification in self.shown]


@pytest.fixture
def notices() -> Notices:
    """A fresh `Notices` log for this test."""
    return Notices()


async def type_text(pilot, text: str) -> None:
    """Type `text` key by key, as a user would."""
    await pilot.press(*[{" ": "space"}.get(char, char) for char in text])


def screen_text(app) -> str:
    """What the terminal shows, as plain text."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, file=io.StringIO(), record=True, force_terminal=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def hold_store_open(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make `Store.open` wait until the returned event is set (at most 10 s): what the app
    shows before its store is open can then be looked at."""
    from infoint_tui.store.store import Store

    release = threading.Event()
    real_open = Store.open.__func__  # type: ignore[attr-defined]

    def slow_open(cls, path):
        assert release.wait(10)
        return real_open(cls, path)

    monkeypatch.setattr(Store, "open", classmethod(slow_open))
    return release
