"""The baseline for start-up, memory and typing: a bare Textual app, one Static and nothing else.

Run as a program (`python benchmarks/bare_app.py`) it is what infoint-tui's start-up is
compared with; ctrl+q quits (Textual's own binding). `typing_harness.py` imports `BareApp`.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

#: The text the Static shows; the benchmark looks for it in the terminal output.
BARE_TEXT = "bare textual app"


class BareApp(App[None]):
    """One Static; no CSS file, no bindings of its own."""

    def compose(self) -> ComposeResult:
        yield Static(BARE_TEXT)


if __name__ == "__main__":
    BareApp().run()
