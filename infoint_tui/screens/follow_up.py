"""The follow-up stage of an interview (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from infoint_tui.screens.stage import StagePane


class FollowUpPane(StagePane):
    """Placeholder until this stage is drawn."""

    stage = "follow_up"

    def compose(self) -> ComposeResult:
        yield Static("This stage is not drawn yet.", markup=False)
