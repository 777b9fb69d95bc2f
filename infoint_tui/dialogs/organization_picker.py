"""Pick an organization for the target list: one already known, or a new one by the name typed.

The box at the top is a filter (a query the user confirms at once with enter, not notes):
it narrows the organizations known but not on the list yet, and when what is typed names
none of them exactly, the last choice adds it as a new organization. Returns the name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from infoint_tui.text import one_line

NEW = "new"
"""The option id of "add the typed name as a new organization"."""
HELP = "Type to narrow, or a new name · ↑↓ choose · Enter: put it on the list · Esc: cancel"


def matches(name: str, words: Sequence[str]) -> bool:
    """Whether every word typed (already casefolded) is in `name`, in any order."""
    folded = name.casefold()
    return all(word in folded for word in words)


class OrganizationPickerDialog(ModalScreen[str | None]):
    """The organizations that could join the list, narrowed as the user types."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close, adding nothing", id="pick_org.cancel"
        ),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, known: Sequence[str], listed: Sequence[str]) -> None:
        """`known`: the organizations not on the list yet; `listed`: those already on it."""
        super().__init__()
        self.known = list(known)
        self.listed = {name.casefold(): name for name in listed}

    def compose(self) -> ComposeResult:
        with Vertical(id="organization-picker"):
            yield Static("Add to the target list", classes="dialog-title", markup=False)
            yield Input(placeholder="Organization", id="organization-filter")
            yield OptionList(id="organization-options")
            yield Static(HELP, id="organization-help", markup=False)

    def on_mount(self) -> None:
        self._show_options()
        self.query_one("#organization-filter", Input).focus()

    @property
    def typed(self) -> str:
        """What the filter holds, its white space collapsed."""
        return " ".join(self.query_one("#organization-filter", Input).value.split())

    @on(Input.Changed, "#organization-filter")
    def _show_options(self) -> None:
        typed = self.typed
        words = typed.casefold().split()
        options = [
            Option(Content(one_line(name, 120)), id=str(index))
            for index, name in enumerate(self.known)
            if matches(name, words)
        ]
        key = typed.casefold()
        if key in self.listed:
            shown = one_line(self.listed[key], 60)
            options.append(Option(Content(f"{shown} is on the list already: go to it"), id=NEW))
        elif typed and all(name.casefold() != key for name in self.known):
            new = f"Add “{one_line(typed, 60)}”: a new organization"
            options.append(Option(Content(new), id=NEW))
        box = self.query_one("#organization-options", OptionList)
        box.clear_options()
        box.add_options(options)
        box.highlighted = 0 if options else None
        empty = not options and not self.known
        note = "Type the name of an organization to add it · Esc: cancel" if empty else HELP
        self.query_one("#organization-help", Static).update(Content(note))

    def action_move(self, step: int) -> None:
        """Highlight the next (or previous) choice."""
        box = self.query_one("#organization-options", OptionList)
        if box.option_count:
            current = box.highlighted if box.highlighted is not None else -step
            box.highlighted = max(0, min(box.option_count - 1, current + step))

    @on(Input.Submitted, "#organization-filter")
    def _submitted(self) -> None:
        box = self.query_one("#organization-options", OptionList)
        if box.highlighted is not None:
            self._choose(box.get_option_at_index(box.highlighted))

    @on(OptionList.OptionSelected, "#organization-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        if option.id == NEW:
            key = self.typed.casefold()
            self.dismiss(self.listed.get(key, self.typed))
        elif option.id is not None:
            self.dismiss(self.known[int(option.id)])

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
