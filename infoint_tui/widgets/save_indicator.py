"""A one-line indicator of the saver: saved, saving, or failed and retrying."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from infoint_tui.context import HasInfointApp
from infoint_tui.saver import SaveState


class SaveIndicator(HasInfointApp, Static):
    """Shows the app's `save_state` and the latest failure in one line.

    While the user types, the state turns from saved to saving and back a few times a
    second (each debounced save), so a change repaints this one line and nothing else:
    its size is fixed (one row, the width left over), so no layout of the screen is needed.
    """

    DEFAULT_CSS = """
    SaveIndicator { height: 1; width: 1fr; padding: 0 1; color: $text-muted; }
    SaveIndicator.-failed { color: $text-error; text-style: bold; }
    """

    def on_mount(self) -> None:
        self._shown = ""
        self.watch(self.app, "save_state", self._changed)
        self.watch(self.app, "save_message", self._changed)

    def _changed(self) -> None:
        state, message = self.infoint.save_state, self.infoint.save_message
        self.set_class(state is SaveState.FAILED, "-failed")
        if state is SaveState.FAILED:
            text = f"✗ not saved yet, retrying: {message}"
        elif state is SaveState.PENDING:
            text = "… saving"
        else:
            text = "✓ saved"
        if text != self._shown:
            self._shown = text
            self.update(Content(text), layout=False)
