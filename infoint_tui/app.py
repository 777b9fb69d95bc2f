"""The Textual app: paints Home at once, opens the store in a worker, owns the saver and keys."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from infoint_tui.messages import FirstList, StoreReady
from infoint_tui.saver import Saver, SaveState
from infoint_tui.settings import USER_NAME, load_settings, save_setting

if TYPE_CHECKING:
    from infoint_tui.context import AppContext
    from infoint_tui.store.store import Store


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

    # `var`, not `reactive`: an App's reactive repaints the whole screen when it changes,
    # and the state changes a few times a second while the user types (saving, saved).
    # Only the indicator shows it, and it watches these.
    save_state: var[SaveState] = var(SaveState.SAVED)
    """What the save indicator shows: saved, saving, or failed (and retrying)."""
    save_message: var[str] = var("")
    """The latest save failure, in one line, while it lasts."""

    def __init__(self, db_path: Path, store: Store | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.store: Store | None = store
        self.fatal_error: str | None = None
        """A one-line message when the database could not be opened; the CLI prints it."""
        self.crash: BaseException | None = None
        """The unexpected error that ended the app, if one did; the CLI reports it (crash.py)."""
        self.saver = Saver(
            self._save_status_from_any_thread,
            deliver=self._deliver,
            on_conflict=self._text_conflict,
            on_lost=self._keep_lost_text,
        )
        self._lost_files: dict[object, Path] = {}
        self.asked_for_name = False
        """Whether the user was asked for their name in this run (ask at most once)."""
        self._event_loop: asyncio.AbstractEventLoop | None = None
        settings = load_settings()
        name = settings.get(USER_NAME)
        self.signer: str | None = name if isinstance(name, str) else None
        """The user's name that signs thank-you notes ("" left out, None never asked)."""
        theme = settings.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme

    def get_default_screen(self) -> Screen[None]:
        from infoint_tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self._event_loop = asyncio.get_running_loop()
        if not self.is_headless:
            self._handle_signals()
        if self.store is None:
            # After the first paint: importing SQLModel would compete with it.
            self.call_after_refresh(self.open_store)
        else:
            self.post_message(StoreReady())

    @work(thread=True, exclusive=True, group="store")
    def open_store(self) -> None:
        """Open the database off the event loop (SQLModel alone costs a third of a second).

        First Home's first screen is read with plain sqlite3 (a millisecond at any size),
        then the to-do panel, then every interview's id (a twentieth of a second for a hundred
        thousand), so Home fills while the data layer loads. One thread does both in turn:
        two threads at once would share one interpreter lock and slow each other down.
        """
        from infoint_tui import timekeeping
        from infoint_tui.settings import outreach_timing
        from infoint_tui.store.listing import read_first, read_ids
        from infoint_tui.store.waiting import read_waiting
        from infoint_tui.widgets.row_list import PAGE_ROWS

        now = timekeeping.utcnow()
        first = read_first(self.db_path, now, PAGE_ROWS)
        if first is not None:
            ids, rows = first
            self.call_from_thread(self._post_to_screens, FirstList(ids, rows, now))
            todos = read_waiting(self.db_path, outreach_timing(), now)
            self.call_from_thread(self._post_to_screens, FirstList(ids, rows, now, todos))
            if len(ids) == PAGE_ROWS:  # more than the first screen: every id next
                every = read_ids(self.db_path, now)
                if every is not None:
                    self.call_from_thread(self._post_to_screens, FirstList(every, rows, now))

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

    # -- saving: the one write path (see saver.py) ------------------------------------------

    def queue_save(
        self,
        key: str,
        action: Callable[[], object],
        *,
        now: bool = False,
        then: Callable[[Any], object] | None = None,
        replace: bool = True,
    ) -> None:
        """Run a write on the saver's thread; `then(result)` runs here once it succeeded.

        `now=False` waits up to the saver's delay, so that quick changes to one key
        (typing) make one write. `replace=False` for a write that must happen however
        many follow (adding, moving): it never replaces a waiting one of the same key.
        """
        self.saver.submit(key, action, now=now, then=then, replace=replace)

    def save_now(self, key: str) -> None:
        """Save the waiting value for `key` at once (a field lost focus)."""
        self.saver.save_now(key)

    def save_all_now(self) -> None:
        """Make every waiting save due now, without waiting for it (stage switch)."""
        self.saver.save_all_now()

    def after_saves(self, callback: Callable[[bool], object], timeout: float = 2.0) -> None:
        """Call `callback(all_saved)` here once every waiting save is done (or `timeout`).

        The waiting happens on a worker thread: typing goes on meanwhile.
        """
        self.save_all_now()
        if not self.saver.pending():
            callback(True)
            return

        def wait() -> None:
            saved = self.saver.flush(timeout)
            self._deliver(callback, saved)

        # A worker, not a bare thread: tests (and quitting) can wait for it like any other.
        self.run_worker(wait, thread=True, group="after-saves", name="wait for saves")

    def _deliver(self, callback: Callable[..., object], *args: object) -> None:
        """Run `callback(*args)` on the event loop soon, from any thread, without waiting.

        Never waits for the loop (as `call_from_thread` would): the saver's thread must
        not stop while the loop waits for it, e.g. for a flush on the way out.
        """
        if threading.get_ident() == self._thread_id:
            callback(*args)
            return
        loop = self._event_loop
        if loop is not None and self.is_running:
            # RuntimeError: the loop is closing; the saver still finishes its work.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._run_delivered, callback, args)

    def _run_delivered(self, callback: Callable[..., object], args: tuple[object, ...]) -> None:
        if self.is_running:
            with self._context():  # as call_from_thread does: widgets find their app
                callback(*args)

    def _save_status_from_any_thread(self, state: SaveState, message: str | None) -> None:
        self._deliver(self._save_status, state, message)

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

    def _text_conflict(self, key: object, stored: str, theirs: str) -> None:
        """Another copy changed a text this one saved: show both in the field, say so once."""
        from infoint_tui.widgets.fields import SavingInput, SavingTextArea

        for screen in self.screen_stack:
            for field in screen.query(SavingInput).results():
                self._show_conflict(field, key, stored, theirs)
            for area in screen.query(SavingTextArea).results():
                self._show_conflict(area, key, stored, theirs)
        self.notify(
            "This text was also changed in another copy of infoint-tui: both versions are "
            "kept in the field, the other one after a marked line.",
            title="Changed in two places",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def _show_conflict(self, field: Any, key: object, stored: str, theirs: str) -> None:
        if field.save_key != key or field._save is None:
            return
        merged = field.take_conflict(theirs)
        self.saver.seen(key, merged)  # the other copy's text is on screen now
        if merged != stored:
            self.saver.submit_text(key, merged, field._save)

    def _keep_lost_text(self, key: object, text: str, reason: str) -> None:
        """Runs on the saver's thread: a text's row is gone, so keep the text in a file."""
        from infoint_tui.recovery import keep_text

        first = key not in self._lost_files
        path = self._lost_files[key] = keep_text(
            self.db_path, str(key), text, self._lost_files.get(key)
        )
        if first:
            self._deliver(
                partial(
                    self.notify,
                    f"This was deleted in another copy of infoint-tui ({reason}). "
                    f"What you typed is kept in {path}",
                    title="Text kept in a file",
                    severity="warning",
                    timeout=20,
                    markup=False,
                )
            )

    # -- leaving ---------------------------------------------------------------------------

    def _handle_signals(self) -> None:
        """SIGTERM (a shutdown, `kill`) and SIGHUP (a closed terminal) save, then exit."""
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(number, self._signalled, number)

    def _signalled(self, number: int) -> None:
        """Save what waits (at most 0.9 s), then leave with the signal's exit status."""
        self.saver.flush(timeout=0.9)
        status = 128 + number
        if number == signal.SIGHUP:
            # The terminal is gone: there is nothing left to restore or draw.
            self.saver.close(timeout=0.1)
            os._exit(status)
        # Restore the terminal; should that hang, leave anyway (everything is saved).
        watchdog = threading.Timer(2.0, os._exit, (status,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(return_code=status)

    async def action_quit(self) -> None:
        """Save everything, then quit; ask first if some text cannot be saved."""
        self.after_saves(self._quit_when_saved, timeout=3.0)

    def _quit_when_saved(self, saved: bool) -> None:
        if saved:
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
        yield SystemCommand(
            "Set your name (signs thank-you notes)",
            "Your name signs the thank-you notes drafted on Follow-up",
            self.action_set_name,
        )
        yield from super().get_system_commands(screen)

    # -- your name -------------------------------------------------------------------------

    def action_set_name(self, first_time: bool = False) -> None:
        """Ask for the user's name (it signs thank-you notes) and keep it in the settings.

        Skipping keeps what was there; the first time, it also means "do not ask again".
        Follow-up panes with an untouched draft sign it again with the new name.
        """
        from infoint_tui.dialogs.your_name import NameDialog

        self.asked_for_name = True

        def answered(name: str | None) -> None:
            if name is None and not first_time:
                return
            name = name or ""
            if not save_setting(USER_NAME, name):
                self.notify(
                    "Could not save your name in the settings; it is used until you quit.",
                    severity="warning",
                    markup=False,
                )
            self.signer = name
            self._signer_changed()
            if first_time and name:
                self.notify(
                    "Your name signs thank-you notes (change it with ctrl+p).",
                    markup=False,
                    timeout=4,
                )

        self.push_screen(NameDialog(self.signer or "", first_time=first_time), answered)

    def _signer_changed(self) -> None:
        from infoint_tui.screens.interview.follow_up import FollowUpPane

        for screen in self.screen_stack:
            for pane in screen.query(FollowUpPane).results():
                pane.sign_again()


if TYPE_CHECKING:

    def _offers_app_context(app: InfointApp) -> AppContext:
        """mypy checks here that the app offers what `self.infoint` promises (context.py)."""
        return app
