"""A question with a few answers, each on its own key; escape keeps things as they are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


@dataclass(frozen=True)
class Choice:
    """One answer: the key that picks it, its label, and the value the dialog returns."""

    key: str
    label: str
    value: str


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few answers by its key (or a button); escape returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
    ]

    def __init__(self, title: str, body: str, choices: list[Choice], *, cancel: str) -> None:
        """Ask `title`; `cancel` labels the escape button (what happens if nothing is picked)."""
        super().__init__(classes="choice-dialog")
        self._title, self._body, self._choices, self._cancel = title, body, choices, cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._body, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for number, choice in enumerate(self._choices):
                    yield Button(
                        f"{choice.label} ({choice.key})",
                        id=f"choice-{number}",
                        variant="primary" if number == 0 else "default",
                    )
                yield Button(f"{self._cancel} (esc)", id="choice-cancel")

    def on_mount(self) -> None:
        self.query_one("#choice-cancel", Button).focus()

    def on_key(self, event: events.Key) -> None:
        for choice in self._choices:
            if event.key == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button == "choice-cancel":
            self.dismiss(None)
        else:
            self.dismiss(self._choices[int(button.removeprefix("choice-"))].value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
