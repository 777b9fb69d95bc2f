"""What a terminal shows: a small screen model fed the program's output, read as lines of text.

Just enough of a VT100 to follow Textual's output: cursor positioning (`ESC[row;colH`),
carriage return and line feed, erasing, the switch to the alternate screen, wide
characters; colours and every other escape sequence are dropped. It tells where on the
screen a text is, which searching the output stream cannot: a contact's name in Home's
list is not the same name in the to-do panel below it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable

# One token of the output: a CSI sequence, an OSC string, a two-byte escape, or text.
_TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~])"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[@-Z\\-_]"
    r"|(?P<text>[^\x1b]+)"
)
_INCOMPLETE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*|)\Z")


def _width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class Screen:
    """The cells of a width x height terminal, updated by `feed(bytes)`."""

    def __init__(self, width: int = 80, height: int = 24) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self.row = self.col = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""

    def feed(self, data: bytes) -> None:
        """Apply more output; an escape sequence cut between two calls waits for the rest."""
        text = self._pending + self._decoder.decode(data)
        cut = _INCOMPLETE.search(text)
        self._pending = text[cut.start() :] if cut else ""
        text = text[: cut.start()] if cut else text
        for match in _TOKEN.finditer(text):
            if match.group("text") is not None:
                self._write(match.group("text"))
            elif match.group("final") is not None:
                self._csi(match.group("params"), match.group("final"))

    def lines(self) -> list[str]:
        """The screen's rows as text, trailing blanks removed."""
        return ["".join(row).rstrip() for row in self.rows]

    def text(self) -> str:
        return "\n".join(self.lines())

    # -- what the output does --------------------------------------------------------------

    def _write(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self.col = 0
            elif char == "\n":
                self.row = min(self.row + 1, self.height - 1)
            elif char == "\b":
                self.col = max(self.col - 1, 0)
            elif char >= " ":
                width = _width(char)
                if width == 0:
                    continue
                col = min(self.col, self.width - width)  # no autowrap: Textual turns it off
                self.rows[self.row][col] = char
                if width == 2:
                    self.rows[self.row][col + 1] = ""
                self.col = min(col + width, self.width)

    def _csi(self, params: str, final: str) -> None:
        private = params.startswith("?")
        numbers = [int(part) if part.isdigit() else 0 for part in params.lstrip("?").split(";")]
        first = numbers[0] if numbers else 0
        if final in "Hf" and not private:
            row = first or 1
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.row = min(max(row, 1), self.height) - 1
            self.col = min(max(col, 1), self.width) - 1
        elif final == "K" and not private:
            start, stop = {0: (self.col, self.width), 1: (0, self.col + 1)}.get(
                first, (0, self.width)
            )
            self.rows[self.row][start:stop] = [" "] * (stop - start)
        elif (final == "J" and not private and first in (2, 3)) or (
            private and final == "h" and first in (1049, 47, 1047)  # the alternate screen
        ):
            self._clear()
        elif final in "ABCD" and not private:
            step = first or 1
            if final == "A":
                self.row = max(self.row - step, 0)
            elif final == "B":
                self.row = min(self.row + step, self.height - 1)
            elif final == "C":
                self.col = min(self.col + step, self.width - 1)
            else:
                self.col = max(self.col - step, 0)

    def _clear(self) -> None:
        self.rows = [[" "] * self.width for _ in range(self.height)]


# -- what Home shows ---------------------------------------------------------------------

TODO_TITLE = "To do"
"""The title of Home's to-do panel (a line of its own, under the list)."""
TODO_EMPTY = "Nothing waiting"
"""What the to-do panel says when nothing waits."""


def _todo_title(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if line.strip() == TODO_TITLE:
            return index
    return None


def home_list_rows(lines: list[str], is_row: Callable[[str], bool]) -> int:
    """How many lines of Home's list (above the to-do panel's title) `is_row` recognizes."""
    title = _todo_title(lines)
    above = lines if title is None else lines[:title]
    return sum(1 for line in above if is_row(line))


def todo_shown(lines: list[str]) -> bool:
    """Whether the to-do panel shows its first item (a bullet), or that nothing waits."""
    title = _todo_title(lines)
    if title is None:
        return False
    for line in lines[title + 1 :]:
        text = line.strip()
        if text.startswith("•") or text.startswith(TODO_EMPTY):
            return True
    return False
