"""Export to files: ask for a folder, ask once before replacing files, write in a worker.

`start_files_export` is the whole flow for any format; `start_markdown_export` is it for
interviews as Markdown. The files are built and written in thread workers, and every
message to the user is one line of plain text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from infoint_tui.context import app_context
from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.exporting import (
    ExportFile,
    WriteResult,
    check_name,
    default_export_folder,
    describe_error,
    existing_names,
    write_files,
)
from infoint_tui.text import one_line

#: How many of the existing file names the overwrite question lists.
_NAMES_SHOWN = 3


class ExportDialog(ModalScreen[Path | None]):
    """Ask where to export: a folder field, prefilled; `enter` exports, `escape` cancels.

    Returns the folder (with `~` expanded, made absolute) through dismiss(), or None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close without exporting", id="export.cancel"
        ),
    ]

    def __init__(self, title: str, folder: Path, detail: str = "") -> None:
        super().__init__()
        self._title = title
        self._folder = folder
        self._detail = detail or "The files go into this folder, created if it is missing."

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._detail, classes="dialog-body", markup=False)
            yield Input(str(self._folder), id="export-folder", select_on_focus=False)
            yield Static("", id="export-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (enter)", id="export", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        field = self.query_one("#export-folder", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#export-folder")
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        text = self.query_one("#export-folder", Input).value.strip()
        problem = ""
        folder: Path | None = None
        if not text:
            problem = "Type the folder to export to."
        elif "\x00" in text:
            problem = "A folder name cannot hold a NUL character."
        else:
            try:
                folder = Path(text).expanduser().absolute()
            except RuntimeError:  # "~someone" whose home folder is unknown
                problem = f"Cannot find the home folder in {one_line(text, 40)}."
        if folder is None:
            self.query_one("#export-problem", Static).update(problem)
            return
        self.dismiss(folder)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


# -- the flow ------------------------------------------------------------------------------


def start_files_export(
    app: App[Any],
    title: str,
    build: Callable[[], list[ExportFile]],
    default_folder: Path,
    *,
    detail: str = "",
) -> None:
    """Ask for a folder, build the files in a thread, ask once about existing ones, write.

    Args:
        app: the running app (call on its event loop).
        title: the dialog's title, e.g. "Export all interviews to Markdown".
        build: returns (file name, text) pairs; runs in a thread worker, so it may read the
            database but must not touch widgets. An exception it raises is reported.
        default_folder: what the folder field starts with.
        detail: a line under the title; a generic one by default.
    """

    def chosen(folder: Path | None) -> None:
        if folder is not None:
            app.run_worker(
                partial(_build_files, app, build, folder),
                name="export-build",
                group="export",
                thread=True,
            )

    app.push_screen(ExportDialog(title, default_folder, detail), chosen)


def start_markdown_export(app: App[Any], uuids: list[str] | None) -> None:
    """Export the interviews with these UUIDs (all when None) as Markdown, one file each."""
    store = app_context(app).store
    if store is None:
        app.notify("The interviews are still loading; try again in a moment.", markup=False)
        return
    detail = "One Markdown file per interview goes into this folder (created if missing)."
    if uuids is None:
        title = "Export all interviews to Markdown"
    elif len(uuids) == 1:
        title = "Export this interview to Markdown"
        detail = "The Markdown file goes into this folder (created if missing)."
    else:
        title = f"Export {len(uuids)} interviews to Markdown"

    def build() -> list[ExportFile]:
        return [(doc.filename, doc.text) for doc in store.export_markdown(uuids)]

    start_files_export(app, title, build, default_export_folder(), detail=detail)


def start_calendar_export(app: App[Any]) -> None:
    """Export scheduled interviews, thank-you deadlines and next contacts as one .ics file."""
    store = app_context(app).store
    if store is None:
        app.notify("The interviews are still loading; try again in a moment.", markup=False)
        return

    def build() -> list[ExportFile]:
        return [("infoint-tui.ics", store.calendar_text())]

    start_files_export(
        app,
        "Export the calendar (.ics)",
        build,
        default_export_folder(),
        detail="Interviews, thank-you deadlines and next contacts, for any calendar app.",
    )


def _on_app(app: App[Any], callback: Callable[..., object], *args: Any) -> None:
    """Run `callback` on the app's event loop from a worker thread, unless the app has quit."""
    with contextlib.suppress(RuntimeError):
        app.call_from_thread(callback, *args)


def _build_files(app: App[Any], build: Callable[[], list[ExportFile]], folder: Path) -> None:
    """Worker: build the files, then see which of them the folder already has."""
    from infoint_tui.store.errors import StoreError

    try:
        files = build()
        for name, _ in files:
            check_name(name)
    except (OSError, StoreError) as error:
        _on_app(app, _fail, app, f"Export failed: {one_line(str(error))}")
        return
    except Exception as error:  # a bug or a database failure: report it, keep the app
        _on_app(app, _fail, app, f"Export failed ({type(error).__name__}): {one_line(str(error))}")
        return
    if not files:
        _on_app(app, partial(app.notify, "There is nothing to export yet.", markup=False))
        return
    existing = existing_names(folder, [name for name, _ in files])
    _on_app(app, _ask_then_write, app, folder, files, existing)


def _ask_then_write(
    app: App[Any], folder: Path, files: list[ExportFile], existing: list[str]
) -> None:
    """Write at once, or first ask one question when some files are there already."""
    if not existing:
        _start_writing(app, folder, files, overwrite=False)
        return
    count = len(existing)
    shown = ", ".join(one_line(name, 60) for name in existing[:_NAMES_SHOWN])
    if count > _NAMES_SHOWN:
        shown += f" and {count - _NAMES_SHOWN} more"
    title = "1 file exists already" if count == 1 else f"{count} files exist already"
    body = (
        f"In {one_line(str(folder))}: {shown}.\n\n"
        "Overwrite replaces them. Keep both writes the new ones beside them, "
        'with " (2)" before the extension.'
    )

    def answered(overwrite: bool | None) -> None:
        _start_writing(app, folder, files, overwrite=bool(overwrite))

    app.push_screen(
        ConfirmDialog(title, body, confirm="Overwrite", cancel="Keep both", danger=True),
        answered,
    )


def _start_writing(app: App[Any], folder: Path, files: list[ExportFile], overwrite: bool) -> None:
    def write() -> None:
        _on_app(app, _report, app, write_files(folder, files, overwrite=overwrite))

    app.run_worker(write, name="export-write", group="export", thread=True)


def _report(app: App[Any], result: WriteResult) -> None:
    folder = one_line(str(result.folder))
    count = len(result.written)
    files = "1 file" if count == 1 else f"{count} files"
    if result.error is None:
        app.notify(f"Wrote {files} to {folder}", title="Exported", markup=False)
        return
    message = (
        f"Could not write to {folder}: {one_line(describe_error(result.error, result.folder))}"
    )
    if count:
        message += f" ({count} of {result.total} files written)"
    _fail(app, message)


def _fail(app: App[Any], message: str) -> None:
    app.notify(message, title="Export failed", severity="error", timeout=10, markup=False)
