"""Bring people in from a file: LinkedIn's Connections.csv or vCards, previewed first.

The dialog asks for the file (prefilled with a Connections.csv in Downloads when there is
one), reads and checks it in a worker, and shows what importing would do: how many new
people, how many already in People (their empty details get filled in, nobody is added
twice). Import then adds them all in one transaction, or, on any error, none; every
message is one line of plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from infoint_tui.context import app_context
from infoint_tui.text import one_line, visible_name

if TYPE_CHECKING:
    from infoint_tui.store.exchange.people_files import PersonCandidate
    from infoint_tui.store.people_ops import PeopleImportReport


def default_people_file() -> Path:
    """Where a LinkedIn export usually lands: ~/Downloads/Connections.csv (or the folder)."""
    downloads = Path.home() / "Downloads"
    found = downloads / "Connections.csv"
    return found if found.exists() else downloads


class ImportPeopleDialog(ModalScreen["PeopleImportReport | None"]):
    """Ask for a people file, preview it, import it; returns the import's report or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close without importing", id="import.cancel"
        ),
    ]

    class Previewed(Message, bubble=False):
        """The file was read and checked: what importing would do (or the problem)."""

        def __init__(
            self,
            candidates: list[PersonCandidate],
            preview: PeopleImportReport | None,
            text: str,
        ) -> None:
            super().__init__()
            self.candidates = candidates
            self.preview = preview
            self.text = text

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self._path = path or default_people_file()
        self._candidates: list[PersonCandidate] | None = None
        self._read_path = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Import people", classes="dialog-title", markup=False)
            yield Static(
                "LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your "
                "data) or a vCard (.vcf) file. Enter reads it and shows what would be added.",
                classes="dialog-body",
                markup=False,
            )
            yield Input(str(self._path), id="import-path", select_on_focus=False)
            yield Static("", id="import-preview", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import (enter)", id="import", variant="primary", disabled=True)
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        field = self.query_one("#import-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Changed, "#import-path")
    def _path_changed(self) -> None:
        # Another file: its preview is to come; nothing can be imported until then.
        self._candidates = None
        self.query_one("#import", Button).disabled = True

    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        text = self.query_one("#import-path", Input).value.strip()
        if self._candidates is not None and text == self._read_path:
            self._import()
            return
        if not text:
            self._show("Type the path of the file to import.")
            return
        self._read_path = text
        self._show("Reading…")
        self._preview(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="people-import")
    def _preview(self, path: Path) -> None:
        from infoint_tui.store.errors import StoreError
        from infoint_tui.store.exchange.people_files import (
            detect_people_file,
            read_linkedin_csv,
            read_vcards,
        )

        store = app_context(self.app).store
        if store is None:
            return
        name = visible_name(str(path))
        try:
            if path.is_dir():
                raise ValueError(f"{name} is a folder; name the file in it")
            kind = detect_people_file(path)
            if kind is None:
                raise ValueError(f"{name} is neither LinkedIn's Connections.csv nor a vCard file")
            read = read_linkedin_csv if kind == "linkedin" else read_vcards
            candidates = read(path)
            preview = store.import_people(candidates, dry_run=True)
        except (StoreError, ValueError) as error:
            self.post_message(self.Previewed([], None, one_line(str(error), 300)))
            return
        except OSError as error:
            problem = f"Cannot read {name} ({error.strerror or error})."
            self.post_message(self.Previewed([], None, problem))
            return
        what = "LinkedIn connections" if kind == "linkedin" else "vCards"
        text = (
            f"{len(candidates)} {what}: {preview.summary()} (their empty details are "
            "filled in; nobody is added twice). Enter imports them."
        )
        self.post_message(self.Previewed(candidates, preview, text))

    @on(Previewed)
    def _previewed(self, event: Previewed) -> None:
        self._show(event.text)
        ready = event.preview is not None and bool(event.candidates)
        self._candidates = event.candidates if ready else None
        self.query_one("#import", Button).disabled = not ready

    def _show(self, text: str) -> None:
        self.query_one("#import-preview", Static).update(text)

    @on(Button.Pressed, "#import")
    def _import(self) -> None:
        context = app_context(self.app)
        store, candidates = context.store, self._candidates
        if store is None or not candidates:
            return
        self.query_one("#import", Button).disabled = True
        self._show("Importing…")
        context.queue_save(
            "people:import",
            lambda: store.import_people(candidates),
            now=True,
            then=self.dismiss,
            replace=False,
        )
