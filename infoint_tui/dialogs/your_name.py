"""Ask for the user's own name, which signs thank-you notes; returns it through dismiss()."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from infoint_tui.text import one_line


class NameDialog(ModalScreen[str | None]):
    """`enter` keeps the name typed (empty: no name); `escape` skips, returning None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "skip",
            "Skip",
            tooltip="Sign notes with a placeholder to fill in",
            id="your_name.skip",
        ),
    ]

    def __init__(self, name: str = "", *, first_time: bool = False) -> None:
        super().__init__()
        self._name = name
        self._first_time = first_time

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Your name", classes="dialog-title", markup=False)
            body = "It signs your thank-you notes. "
            body += (
                "You can change it later from the command palette (ctrl+p)."
                if self._first_time
                else "Notes already written keep the name they have."
            )
            yield Static(body, classes="dialog-body", markup=False)
            yield Input(self._name, placeholder="e.g. Alex Morgan", id="your-name")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep (enter)", id="keep", variant="primary")
                yield Button("Skip (esc)", id="skip")

    def on_mount(self) -> None:
        self.query_one("#your-name", Input).focus()

    @on(Input.Submitted, "#your-name")
    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(one_line(self.query_one("#your-name", Input).value).strip())

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        """Close without a name: notes are signed with a placeholder to fill in."""
        self.dismiss(None)
