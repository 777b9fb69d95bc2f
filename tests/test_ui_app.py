"""App-wide behaviour: opening the store after the first paint, palette, themes, help, errors."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from array import array
from pathlib import Path

import pytest
from conftest import hold_store_open, screen_text, settle, until
from textual.message import Message
from textual.widgets import OptionList

from infoint_tui.app import InfointApp
from infoint_tui.messages import FirstList, StoreReady
from infoint_tui.saver import SaveState
from infoint_tui.screens.home import InterviewList
from infoint_tui.settings import settings_path


@pytest.fixture
def slow_store(db_path: Path, monkeypatch) -> threading.Event:
    """A database with Ada's interview whose store opens only once the event is set."""
    from infoint_tui.store.store import Store

    seeded = Store.open(db_path)
    seeded.create_interview("Ada Lovelace")
    seeded.close()
    release = hold_store_open(monkeypatch)
    return release


async def test_home_paints_and_lists_before_the_store_is_open(
    db_path: Path, slow_store: threading.Event
) -> None:
    release = slow_store
    app = InfointApp(db_path)  # no store handed in: it opens in a worker
    posted: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=posted.append) as pilot:
        table = app.screen.query_one("#interviews", InterviewList)
        # The list, read with plain sqlite3 while the store opens.
        await until(pilot, lambda: table.row_count)
        assert app.store is None and not table.loading
        assert table.row_texts(0)[1] == "Ada Lovelace"
        # The to-do panel too, in plain SQL through the same read-only connection.
        await until(pilot, lambda: "Nothing waiting" in screen_text(app))
        assert app.store is None and "Loading" not in screen_text(app)
        release.set()
        await settle(pilot)
        assert app.store is not None
        assert table.row_count == 1 and "Loading" not in screen_text(app)
        # The opening worker told Home: the first screen, then with the ids and the to-do,
        # then that the store is open. (Each is seen twice by the hook: at Home, then
        # bubbled up to the app.)
        told = list({id(m): m for m in posted if isinstance(m, FirstList | StoreReady)}.values())
        assert [type(m) for m in told] == [FirstList, FirstList, StoreReady]
        assert [row.contact_name for row in told[0].rows] == ["Ada Lovelace"]
        assert list(told[0].ids) == [row.id for row in told[0].rows]  # the ids, in order
        assert told[0].todos is None and told[1].todos == []
        # A plain read arriving after the store's own is stale and changes nothing.
        app.screen.post_message(FirstList(array("q"), [], told[0].now))
        await settle(pilot)
        assert table.row_count == 1


async def test_keys_pressed_while_the_store_opens_are_not_lost(
    db_path: Path, slow_store: threading.Event
) -> None:
    from infoint_tui.screens.interview import InterviewScreen

    release = slow_store
    app = InfointApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#interviews", InterviewList)
        await until(pilot, lambda: table.row_count)
        await pilot.press("enter")  # the list is there, the store not yet
        await pilot.pause()
        assert app.store is None and not isinstance(app.screen, InterviewScreen)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)  # opened as soon as it could be
        assert "Ada Lovelace" in screen_text(app)


def test_home_paints_without_the_data_layer() -> None:
    # SQLModel and SQLAlchemy take a third of a second to import: never before the first
    # paint. The store opening is switched off here; Home has painted after run_test starts.
    code = """if True:
        import asyncio, sys, tempfile
        from pathlib import Path
        from infoint_tui.app import InfointApp

        InfointApp.open_store = lambda self: None

        async def main():
            app = InfointApp(Path(tempfile.mkdtemp()) / "new.db")
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                assert app.screen.query_one("#interviews")
                heavy = {"sqlalchemy", "sqlmodel", "alembic"}
                print(sorted({name.split(".")[0] for name in sys.modules} & heavy))

        asyncio.run(main())
    """
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


async def test_a_database_that_fails_to_open_ends_the_app_with_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    app = InfointApp(bad)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.fatal_error is not None and str(bad) in app.fatal_error


async def test_palette_offers_every_action_with_a_key(make_app, store) -> None:
    store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("New (n)", "Open (⏎)", "Filter (/)", "Delete (del)", "Quit (^q)"):
            assert any(title.startswith(expected) for title in titles), (expected, titles)
        assert any("theme" in title.lower() for title in titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"New")
        palette = app.screen
        options = palette.query_one(OptionList)
        await until(pilot, lambda: options.highlighted is not None)  # the commands matched
        assert str(options.get_option_at_index(options.highlighted).prompt).startswith("New")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "InterviewScreen")
        await settle(pilot)
    assert len(store.list_interviews()) == 2


async def test_theme_is_remembered(make_app, db_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert json.loads(settings_path().read_text())["theme"] == "nord"
    again = InfointApp(db_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_help_key_shows_the_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("f12")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_failed_saves_warn_keep_text_and_retry(notices, make_app, store, monkeypatch) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    real_save = store.save_text
    failures = {"left": 10**6}  # until the disk has room again, below

    def flaky(ref, text, base=None):
        if ref.field == "answer" and failures["left"]:
            failures["left"] -= 1
            raise OSError("disk I/O error")
        return real_save(ref, text, base)

    monkeypatch.setattr(store, "save_text", flaky)
    app = make_app()
    app.saver.retry_delay = 0.2
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f3", "enter", *"precious")
        await until(pilot, lambda: app.save_state is SaveState.FAILED)  # the first save failed
        await pilot.press(*" words")  # typing on while it fails: still one warning
        failed_before = 10**6 - failures["left"]
        # Retried, the new text included, at least twice more.
        await until(pilot, lambda: 10**6 - failures["left"] >= failed_before + 2)
        assert app.save_state is SaveState.FAILED
        assert app.save_message == "disk I/O error"
        # One notification in all, and it is the saving warning with the error in it.
        shown = [(n.title, n.severity, n.message) for n in notices.shown]
        assert shown == [
            (
                "Saving failed",
                "error",
                "Not saved yet (disk I/O error). Your text is kept and saving is retried.",
            )
        ]
        assert app.screen.query_one("#answer").text == "precious words"
        failures["left"] = 0
        assert app.saver.flush(timeout=10)
        await pilot.pause()
        assert app.save_state is SaveState.SAVED
        assert "saved" in str(app.screen.query_one("SaveIndicator").render())
    assert store.interview(interview.id).questions[0].answer == "precious words"
