"""JSON read a piece at a time: the keys of the top-level object, and each element of its
lists decoded alone over a buffer that holds about a megabyte, never the whole file.

The buffer is decoded from UTF-8 as it is read; positions in messages (line, column, byte)
count from the start of the file, as `json.loads` over the whole text would give them.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from infoint_tui.store.errors import ImportFileError

#: How much is read at a time; an element longer than this makes the buffer grow.
CHUNK = 1 << 20
_NOT_SPACE = re.compile(r"[^ \t\n\r]")
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Mark:
    """A place in the file to come back to: its byte offset, line and column (1-based)."""

    byte: int
    line: int
    column: int


class JsonStream:
    """A JSON text read forward from a binary file, with `seek` back to a `Mark`.

    `where` names the file in messages. `surrogates` lets a lone UTF-16 surrogate through
    the UTF-8 decoding (for text handed in as a string), to be refused by name later.
    """

    def __init__(self, raw: BinaryIO, where: str, *, surrogates: bool = False) -> None:
        self.raw = raw
        self.where = where
        self.errors = "surrogatepass" if surrogates else "strict"
        self.on_read: Callable[[int], None] | None = None
        self._start(Mark(0, 1, 1))

    def _start(self, mark: Mark) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")(self.errors)
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.read_bytes = mark.byte  # handed to the decoder so far
        self.buf_byte = mark.byte  # the file offset of buf[0]
        self.buf_line = mark.line  # the line of buf[0]
        self.buf_column = mark.column  # the column of buf[0]

    # -- reading ---------------------------------------------------------------------------

    def _fill(self) -> bool:
        """Read more (about as much again as is buffered past `pos`); False at the end."""
        if self.eof:
            return False
        if self.pos > CHUNK:
            self._drop(self.pos)
        size = max(CHUNK, len(self.buf) - self.pos)
        data = self.raw.read(size)
        if self.read_bytes == 0 and data.startswith(_BOM):
            data = data[len(_BOM) :]
            self.read_bytes = self.buf_byte = len(_BOM)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            pending = len(self.decoder.getstate()[0])
            byte = self.read_bytes - pending + error.start
            raise ImportFileError(
                f"{self.where}: not UTF-8 text (byte {byte}); export files are UTF-8 JSON"
            ) from None
        self.read_bytes += len(data)
        if self.on_read is not None:
            self.on_read(self.read_bytes)
        self.buf += text
        if not data:
            self.eof = True
        return True

    def _drop(self, end: int) -> None:
        """Forget buf[:end], keeping the position of what follows."""
        gone = self.buf[:end]
        lines = gone.count("\n")
        if lines:
            self.buf_line += lines
            self.buf_column = end - gone.rfind("\n")
        else:
            self.buf_column += end
        self.buf_byte += len(gone.encode("utf-8", "surrogatepass"))
        self.buf = self.buf[end:]
        self.pos -= end

    def peek(self) -> str:
        """The next character that is not white space (not consumed), or "" at the end."""
        while True:
            match = _NOT_SPACE.search(self.buf, self.pos)
            if match is not None:
                self.pos = match.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self._fill():
                return ""

    def take(self, char: str, expecting: str) -> None:
        """Consume `char` (after white space), or refuse the file as json.loads would."""
        if self.peek() != char:
            self.fail(expecting)
        self.pos += 1

    def value(self, decoder: json.JSONDecoder) -> tuple[Any, str, Mark | None]:
        """The next JSON value decoded, with its text, and where it starts for a value too
        deep to decode (None otherwise: finding the place costs a pass over the buffer)."""
        self.peek()
        while True:
            start = self.pos
            try:
                value, end = decoder.raw_decode(self.buf, start)
            except json.JSONDecodeError as error:
                if self.eof or not self._maybe_cut(error):
                    self.fail(error.msg, error.pos)
                self._more()
                continue
            except RecursionError:
                return _TooDeep(), self.buf[start:], self.mark(start)
            # A value that ends with the buffer (a number, say) may go on in the next read.
            if end >= len(self.buf) and not self.eof:
                self._more()
                continue
            self.pos = end
            return value, self.buf[start:end], None

    def _maybe_cut(self, error: json.JSONDecodeError) -> bool:
        """Whether the error may only be the end of the buffer cutting a value short."""
        return error.pos >= len(self.buf) - 16 or error.msg.startswith("Unterminated string")

    def _more(self) -> None:
        before = len(self.buf) - self.pos
        while len(self.buf) - self.pos <= before and self._fill():
            pass

    # -- places ----------------------------------------------------------------------------

    def mark(self, pos: int | None = None) -> Mark:
        """Where buf[pos] (by default, the next character) is in the file."""
        pos = self.pos if pos is None else pos
        newline = self.buf.rfind("\n", 0, pos)
        line = self.buf_line + self.buf.count("\n", 0, pos)
        column = pos - newline if newline >= 0 else self.buf_column + pos
        byte = self.buf_byte + len(self.buf[:pos].encode("utf-8", "surrogatepass"))
        return Mark(byte, line, column)

    def seek(self, mark: Mark) -> None:
        """Go back (or forward) to `mark`; the file must be seekable."""
        self.raw.seek(mark.byte)
        self._start(mark)

    def fail(self, problem: str, pos: int | None = None) -> None:
        """Refuse the file: not valid JSON at buf[pos] (by default, the next character)."""
        place = self.mark(pos)
        raise ImportFileError(
            f"{self.where}: line {place.line}, column {place.column}: not valid JSON ({problem})"
        )

    def at_end(self) -> bool:
        return self.peek() == ""


class _TooDeep:
    """A value nested too deeply for Python's parser (its place is found from its text)."""


def too_deep(value: object) -> bool:
    return isinstance(value, _TooDeep)
