"""The Textual app: paints Home at once, opens the store in a worker, owns the saver and keys."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from infoint_tui.saver import Saver, SaveState
from infoint_tui.settings import load_settings, save_setting

if TYPE_CHECKING:
    from infoint_tui.store.listing import InterviewRow
    from infoint_tui.store.store import Store


class StoreReady(Message):
    """The database is open; screens may read from `app.store`."""


class FirstList(Message):
    """The interview list, read with plain sqlite3 before the store opened (see open_store)."""

    def __init__(self, rows: list[InterviewRow], names: list[str]) -> None:
        super().__init__()
        self.rows = rows
        self.names = names
        """Each row's names for Home's filter (see `screens.home.prepare_rows`)."""


class InfointApp(App[None]):
    """infoint-tui: research, prepare, talk, reflect, follow up."""

    TITLE = "infoint-tui"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Home's footer shows Quit; inside an interview the footer keeps room for its keys.
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Save everything and quit",
            id="quit",
            show=False,
        ),
        Binding("f12", "toggle_help", "Keys", tooltip="Show the keys of this screen", id="help"),
    ]

    save_state: reactive[SaveState] = reactive(SaveState.SAVED)
    """What the save indicator shows: saved, saving, or failed (and retrying)."""
    save_message: reactive[str] = reactive("")
    """The latest save failure, in one line, while it lasts."""

    def __init__(self, db_path: Path, store: Store | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.store: Store | None = store
        self.fatal_error: str | None = None
        """A one-line message when the database could not be opened; the CLI prints it."""
        self.crash: BaseException | None = None
        """The unexpected error that ended the app, if one did; the CLI reports it (crash.py)."""
        self.saver = Saver(self._save_status_from_any_thread)
        theme = load_settings().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme

    def get_default_screen(self) -> Screen[None]:
        from infoint_tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        if self.store is None:
            # After the first paint: importing SQLModel would compete with it.
            self.call_after_refresh(self.open_store)
        else:
            self.post_message(StoreReady())

    @work(thread=True, exclusive=True, group="store")
    def open_store(self) -> None:
        """Open the database off the event loop (SQLModel alone costs a third of a second).

        First the interview list is read with plain sqlite3 (a tenth of a second for ten
        thousand), so Home fills while the data layer loads. One thread does both in turn:
        two threads at once would share one interpreter lock and slow each other down.
        """
        from infoint_tui.screens.home import prepare_rows
        from infoint_tui.store.listing import read_list

        rows = read_list(self.db_path)
        if rows is not None:
            self.call_from_thread(self._post_to_screens, FirstList(*prepare_rows(rows, "date")))

        from infoint_tui.store.errors import StoreError
        from infoint_tui.store.store import Store

        try:
            store = Store.open(self.db_path)
        except StoreError as error:
            self.call_from_thread(self._fail, str(error))
            return
        self.call_from_thread(self._opened, store)

    def _opened(self, store: Store) -> None:
        self.store = store
        # Textual, SQLAlchemy and SQLModel are loaded and live as long as the app: take
        # their objects out of the garbage collector's full passes, which otherwise walk
        # them all (50-100 ms each) at random moments. Reference counting still frees them.
        gc.freeze()
        self._post_to_screens(StoreReady())

    def _post_to_screens(self, message: Message) -> None:
        for screen in self.screen_stack:
            screen.post_message(message)

    def _fail(self, message: str) -> None:
        self.fatal_error = message
        # After the next refresh, so no widget is caught half-way through mounting.
        self.call_after_refresh(self.exit, return_code=2)

    def _handle_exception(self, error: Exception) -> None:
        """Textual's end of the app on an unhandled error, noting the first one for the CLI."""
        if self.crash is None:
            from infoint_tui.crash import unwrap

            self.crash = unwrap(error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """End the app without Textual's printout of the traceback and its local variables.

        Those locals hold the user's notes about people; crash.py writes a report with a
        plain traceback to a private file instead, and the CLI prints one line.
        """
        self.bell()
        self._close_messages_no_wait()

    # -- saving --------------------------------------------------------------------------

    def queue_save(self, key: str, action: Callable[[], object], *, now: bool = False) -> None:
        """Save `action`'s value soon (at most the saver's delay after the first change)."""
        self.saver.submit(key, action, now=now)

    def save_now(self, key: str) -> None:
        """Save the waiting value for `key` at once (a field lost focus)."""
        self.saver.save_now(key)

    def save_all_now(self) -> None:
        """Make every waiting save due now, without waiting for it (stage switch)."""
        for key in self.saver.waiting_keys():
            self.saver.save_now(key)

    def _save_status_from_any_thread(self, state: SaveState, message: str | None) -> None:
        if threading.get_ident() == self._thread_id:
            self._save_status(state, message)
        elif self.is_running:
            # RuntimeError: the app is closing; the saver still finishes its work.
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._save_status, state, message)

    def _save_status(self, state: SaveState, message: str | None) -> None:
        previous = self.save_state
        self.save_state = state
        if state is SaveState.FAILED and message:
            if previous is not SaveState.FAILED:
                self.notify(
                    f"Not saved yet ({message}). Your text is kept and saving is retried.",
                    title="Saving failed",
                    severity="error",
                    timeout=8,
                    markup=False,
                )
            self.save_message = message
        elif state is SaveState.SAVED:
            self.save_message = ""
            if message:
                self.notify("Everything is saved again.", markup=False, timeout=4)

    async def action_quit(self) -> None:
        """Save everything, then quit; ask first if some text cannot be saved."""
        if self.saver.flush(timeout=3.0):
            self.exit()
            return
        from infoint_tui.dialogs.confirm import ConfirmDialog

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        reason = self.saver.last_error or "the database does not answer"
        self.push_screen(
            ConfirmDialog(
                "Some text is not saved yet",
                f"Saving fails ({reason}). If you quit now, what you typed in the last "
                "moments is lost. Keep the app open to let it retry?",
                confirm="Quit anyway",
                cancel="Keep trying",
                danger=True,
            ),
            answered,
        )

    def on_unmount(self) -> None:
        self.saver.close(timeout=3.0)
        if self.store is not None:
            self.store.close()

    # -- keys, themes, palette -----------------------------------------------------------

    def action_toggle_help(self) -> None:
        """Show or hide the keys of the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def watch_theme(self, theme: str) -> None:
        if self.is_running:
            save_setting("theme", theme)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of ours that has a key here (those with an id), then Textual's own."""
        seen: set[str] = set()
        for node, bindings in screen._binding_chain:
            for binding in (b for group in bindings.key_to_bindings.values() for b in group):
                if not binding.id or not binding.description or binding.id in seen:
                    continue
                if node.check_action(binding.action, ()) is False:
                    continue
                seen.add(binding.id)

                def run(action: str = binding.action, target: object = node) -> None:
                    self.call_later(self.run_action, action, target)

                key = binding.key_display or self.get_key_display(binding)
                yield SystemCommand(
                    f"{binding.description} ({key})", binding.tooltip or binding.description, run
                )
        yield from super().get_system_commands(screen)
