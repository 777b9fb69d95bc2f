"""Pick questions from a bank: a bank, then its questions, ticked; returns the chosen keys.

Every question starts ticked except those already in the interview's list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from infoint_tui.store.categories import category_label
from infoint_tui.text import one_line

#: What the dialog returns: (bank key, question key) pairs, in the order shown.
Picked = list[tuple[str, str]]


@dataclass(frozen=True)
class PickerQuestion:
    """One question that can be picked."""

    bank_key: str
    key: str
    text: str
    category: str = "other"
    must_ask: bool = False
    present: bool = False
    """Already in the interview's list: shown unticked."""


@dataclass(frozen=True)
class PickerGroup:
    """A bank (or any named group of questions) shown in the left list."""

    name: str
    description: str = ""
    questions: Sequence[PickerQuestion] = field(default_factory=tuple)


def _selection(question: PickerQuestion) -> Selection[tuple[str, str]]:
    prompt = Content.assemble(
        ("! " if question.must_ask else "  ", "$text-warning"),
        one_line(question.text, 300),
        (f"  · {category_label(question.category)}", "$text-muted"),
        ("  · already in your list" if question.present else "", "$text-muted italic"),
    )
    return Selection(prompt, (question.bank_key, question.key), not question.present)


class BankPickerDialog(ModalScreen[Picked | None]):
    """Choose a bank, then untick what you do not want; enter adds, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "confirm",
            "Add",
            tooltip="On a bank: go to its questions. On the questions: add the ticked ones",
            id="picker.confirm",
            priority=True,
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Close without adding", id="picker.cancel"),
        Binding(
            "a",
            "toggle_all",
            "All/none",
            tooltip="Tick every question, or none when all are ticked",
            id="picker.all",
        ),
    ]

    def __init__(self, groups: Sequence[PickerGroup], title: str = "Add questions") -> None:
        super().__init__()
        self.groups = list(groups)
        self.title_text = title
        self._shown: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with Horizontal(id="picker-body"):
                yield OptionList(
                    *(
                        Option(Content(f"{group.name} ({len(group.questions)})"), id=str(index))
                        for index, group in enumerate(self.groups)
                    ),
                    id="picker-banks",
                )
                yield SelectionList[tuple[str, str]](id="picker-questions")
            yield Static("", id="picker-full", markup=False)
            yield Static("", id="picker-help", markup=False)

    def on_mount(self) -> None:
        banks = self.query_one("#picker-banks", OptionList)
        if self.groups:
            banks.highlighted = 0
            self._show_group(0)
        if len(self.groups) == 1:  # nothing to choose: straight to the questions
            banks.display = False
            self.query_one("#picker-questions").focus()
        else:
            banks.focus()
        self._update_help()

    def _show_group(self, index: int) -> None:
        if index == self._shown:
            return
        self._shown = index
        questions = self.query_one("#picker-questions", SelectionList)
        questions.clear_options()
        questions.add_options([_selection(q) for q in self.groups[index].questions])
        if questions.option_count:
            questions.highlighted = 0

    @on(OptionList.OptionHighlighted, "#picker-banks")
    def _bank_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_group(int(event.option.id or 0))
        self._update_help()

    @on(SelectionList.SelectedChanged)
    @on(SelectionList.SelectionHighlighted)
    def _update_help(self) -> None:
        questions = self.query_one("#picker-questions", SelectionList)
        group = self.groups[self._shown] if self._shown is not None else None
        full = ""
        if group and questions.highlighted is not None and questions.has_focus:
            full = group.questions[questions.highlighted].text
        self.query_one("#picker-full", Static).update(Content(full))
        if group is None or not group.questions:
            text = "This bank has no questions yet. Escape closes."
        elif self.query_one("#picker-banks").has_focus:
            text = f"{group.description}\nEnter: choose this bank · Escape: cancel".lstrip()
        else:
            text = (
                f"{len(questions.selected)} of {questions.option_count} ticked · space ticks · "
                "a: all/none · Enter: add · Escape: cancel"
            )
        self.query_one("#picker-help", Static).update(Content(text))

    def on_descendant_focus(self) -> None:
        self._update_help()

    def action_confirm(self) -> None:
        """Go from the bank to its questions, or add the ticked questions."""
        if self.query_one("#picker-banks").has_focus:
            self.query_one("#picker-questions").focus()
            return
        questions = self.query_one("#picker-questions", SelectionList)
        chosen = set(questions.selected)
        group = self.groups[self._shown] if self._shown is not None else None
        ordered = [
            (q.bank_key, q.key)
            for q in (group.questions if group else ())
            if (q.bank_key, q.key) in chosen
        ]
        self.dismiss(ordered)

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)

    def action_toggle_all(self) -> None:
        """Tick every question, or none when every one is ticked."""
        questions = self.query_one("#picker-questions", SelectionList)
        if len(questions.selected) == questions.option_count:
            questions.deselect_all()
        else:
            questions.select_all()
