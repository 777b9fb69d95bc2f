"""The reflect stage of an interview (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from infoint_tui.screens.stage import StagePane


class ReflectPane(StagePane):
    """Placeholder until this stage is drawn."""

    stage = "reflect"

    def compose(self) -> ComposeResult:
        yield Static("This stage is not drawn yet.", markup=False)
