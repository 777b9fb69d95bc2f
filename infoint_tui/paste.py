"""Pasted text stays text: an ESC inside a bracketed paste is never read as a key.

Textual 8.2's input parser ends a paste's text at the first ESC it holds and replays what
follows as key presses: a pasted `ESC[31m` arrives as the keys `^ [ 3 1 m`, and a control
character after it acts as its key (a tab moves the focus, ctrl+q would quit). Many
terminals strip ESC from what they paste; tmux, and others, pass it on.

`PasteGuard` sits between the terminal and that parser. Between the start and end markers
of a bracketed paste (`ESC[200~` … `ESC[201~`) it writes each ESC as the four visible
characters `\\x1b`, which is how the app shows every control character anyway (see
`text.terminal_safe`), so the parser sees plain text and the paste arrives whole. Outside a
paste nothing changes: the Escape key and every other key reach the parser untouched.

Only the Linux/macOS driver is guarded (`install`); it makes its parser by that name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual._xterm_parser import XTermParser

if TYPE_CHECKING:
    from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
ESC = "\x1b"
SHOWN_ESC = "\\x1b"
"""How an ESC inside a paste is passed on: as `terminal_safe` shows it."""


def _partial_suffix(text: str, marker: str) -> int:
    """How many characters at the end of `text` could begin `marker` (shorter than it)."""
    for size in range(min(len(marker) - 1, len(text)), 0, -1):
        if text.endswith(marker[:size]):
            return size
    return 0


class PasteGuard:
    """A stateful filter over the terminal's input, chunk by chunk."""

    def __init__(self) -> None:
        self.pasting = False
        self._held = ""
        """The end of a chunk inside a paste that may be the start of the end marker."""
        self._tail = ""
        """The end of a chunk outside a paste that may be the start of the start marker.

        It is passed on at once (a lone ESC is the Escape key, which must not wait), and
        only remembered: if the next chunk completes the marker, the paste begins there."""

    def __call__(self, data: str) -> str:
        """`data` with each ESC inside a paste made visible; may hold back a few characters."""
        text, self._held = self._held + data, ""
        out: list[str] = []
        position = 0
        tail, self._tail = self._tail, ""
        if tail and not self.pasting and (tail + text).startswith(PASTE_START):
            position = len(PASTE_START) - len(tail)  # the rest of a marker split in two
            out.append(text[:position])
            self.pasting = True
        while position < len(text):
            if not self.pasting:
                start = text.find(PASTE_START, position)
                if start == -1:
                    out.append(text[position:])
                    self._tail = text[len(text) - _partial_suffix(text[position:], PASTE_START) :]
                    break
                out.append(text[position : start + len(PASTE_START)])
                position = start + len(PASTE_START)
                self.pasting = True
                continue
            end = text.find(PASTE_END, position)
            if end == -1:
                rest = text[position:]
                keep = _partial_suffix(rest, PASTE_END)
                out.append(rest[: len(rest) - keep].replace(ESC, SHOWN_ESC))
                self._held = rest[len(rest) - keep :]
                break
            out.append(text[position:end].replace(ESC, SHOWN_ESC) + PASTE_END)
            position = end + len(PASTE_END)
            self.pasting = False
        return "".join(out)

    def flush(self) -> str:
        """What is held back, as it is (the input ended inside a paste)."""
        held, self._held = self._held, ""
        return held


class GuardedParser(XTermParser):
    """Textual's parser, fed through a PasteGuard."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._guard = PasteGuard()

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input: what is held, then the end itself
            held = self._guard.flush()
            if held:
                yield from super().feed(held)
            yield from super().feed("")
            return
        guarded = self._guard(data)
        if guarded:  # never "": that would tell the parser the input has ended
            yield from super().feed(guarded)


def install() -> None:
    """Make Textual's Linux/macOS driver read keys through GuardedParser."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = GuardedParser  # type: ignore[misc]
