"""The baseline for start-up, memory and typing: a bare Textual app, one Static and nothing else.

Run as a program (`python benchmarks/bare_app.py`) it is what infoint-tui's start-up is
compared with; ctrl+q quits (Textual's own binding). `harness.py` imports `BareApp`.
With `--text-area` it is the baseline of keystroke-to-echo (echo.py): the Static and one
focused TextArea made as Live's answer field is (soft wrap, tab moves the focus, no line
numbers, no border, the whole width), so both programs echo a key into the same widget.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static, TextArea

#: The text the Static shows; the benchmark looks for it in the terminal output.
BARE_TEXT = "bare textual app"


class BareApp(App[None]):
    """One Static; no CSS file, no bindings of its own."""

    def compose(self) -> ComposeResult:
        yield Static(BARE_TEXT)


class BareTextArea(App[None]):
    """One Static and one focused TextArea, sized about as Live's answer field."""

    CSS = "TextArea { height: 12; border: none; }"

    def compose(self) -> ComposeResult:
        yield Static(BARE_TEXT)
        yield TextArea(soft_wrap=True, tab_behavior="focus", show_line_numbers=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()


if __name__ == "__main__":
    (BareTextArea if "--text-area" in sys.argv[1:] else BareApp)().run()
