"""What every stage pane of the interview screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, TextArea

from infoint_tui.context import HasInfointApp

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewBundle
    from infoint_tui.store.store import Store


class StagePane(HasInfointApp, Vertical):
    """One stage of an interview; `show(bundle)` fills it from fresh data."""

    stage = ""

    class StageChanged(Message):
        """The interview's furthest stage changed (e.g. marked done on Follow-up)."""

        def __init__(self, stage: str) -> None:
            super().__init__()
            self.stage = stage

    def __init__(self, interview_id: int) -> None:
        super().__init__(id=f"pane-{self.stage}", classes="stage-pane")
        self.interview_id = interview_id

    @property
    def store(self) -> Store:
        """The open store (the interview screen only exists once it is open)."""
        store = self.infoint.store
        assert store is not None
        return store

    def show(self, bundle: InterviewBundle) -> None:
        """Fill the pane from `bundle`; called each time the stage comes on screen."""

    def focus_first(self) -> None:
        """Put the cursor where a user starts on this stage."""
        focusable = [widget for widget in self.query("*") if widget.focusable]
        if focusable:
            focusable[0].focus()

    def focus_target(self, field: str, ref_id: int, near: str = "") -> None:
        """Put the cursor on the text a search hit points at.

        Args:
            field: the hit's field key (`SearchHit.field`, e.g. "answer", "goals").
            ref_id: the id of the row holding the text (a question, a note, a referral...).
            near: a matched word of the hit: the cursor goes to its first occurrence.

        Panes override this; a field a pane does not know gets the usual starting point.
        """
        self.focus_first()


def focus_text(widget: Widget, near: str = "") -> None:
    """Focus a text field with the cursor on the first occurrence of `near` (else at the end)."""
    widget.focus()
    if isinstance(widget, Input):
        at = widget.value.find(near) if near else -1
        widget.cursor_position = at if at >= 0 else len(widget.value)
    elif isinstance(widget, TextArea):
        at = widget.text.find(near) if near else -1
        if at < 0:
            widget.move_cursor(widget.document.end)
        else:
            row = widget.text.count("\n", 0, at)
            column = at - (widget.text.rfind("\n", 0, at) + 1)
            widget.move_cursor((row, column), center=True)
