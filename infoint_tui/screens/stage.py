"""What every stage pane of the interview screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.message import Message

if TYPE_CHECKING:
    from infoint_tui.app import InfointApp
    from infoint_tui.store.records import InterviewBundle
    from infoint_tui.store.store import Store


class StagePane(Vertical):
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
        app: InfointApp = self.app  # type: ignore[assignment]
        assert app.store is not None
        return app.store

    def show(self, bundle: InterviewBundle) -> None:
        """Fill the pane from `bundle`; called each time the stage comes on screen."""

    def focus_first(self) -> None:
        """Put the cursor where a user starts on this stage."""
        focusable = [widget for widget in self.query("*") if widget.focusable]
        if focusable:
            focusable[0].focus()
