"""The Textual app: paints at once, then opens the store in a worker and fills the screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

if TYPE_CHECKING:
    from infoint_tui.store.store import Store


class InfointApp(App[None]):
    """infoint-tui: research, prepare, talk, reflect, follow up."""

    TITLE = "infoint-tui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", tooltip="Save everything and quit", id="quit"),
    ]

    def __init__(self, db_path: Path, store: Store | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.store: Store | None = store
        self.fatal_error: str | None = None
        """A one-line message when the database could not be opened; the CLI prints it."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening your interviews…", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.open_store()

    @work(thread=True, exclusive=True, group="store")
    def open_store(self) -> None:
        """Open the database off the event loop (SQLModel alone costs a third of a second)."""
        from infoint_tui.store.errors import StoreError
        from infoint_tui.store.store import Store

        try:
            store = self.store or Store.open(self.db_path)
            count = len(store.list_interviews())
        except StoreError as error:
            self.call_from_thread(self._fail, str(error))
            return
        self.call_from_thread(self._opened, store, count)

    def _opened(self, store: Store, count: int) -> None:
        self.store = store
        status = self.query_one("#status", Static)
        status.update(f"{count} interview(s) in {self.db_path}")

    def _fail(self, message: str) -> None:
        self.fatal_error = message
        self.exit(return_code=2)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
