"""A program in a pseudo-terminal: spawn it at 80x24, time its output, press keys, read its memory.

The benchmark's own terminal: no tmux in between, so a timestamp is the moment the bytes
reached the terminal side of the pty. Nothing answers the program's terminal queries
(synchronized output, in-band resize), for infoint-tui and the bare app alike.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import random
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise

#: Key bytes as xterm sends them.
KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "ctrl+f": b"\x06",
    "ctrl+q": b"\x11",
    "f3": b"\x1bOR",
}

_ALT_SCREEN = b"\x1b[?1049h"
_ROW_START = re.compile(rb"\x1b\[(\d+);1H")
# CSI (cursor moves become line breaks, the rest goes), OSC, and two-byte escapes.
_CURSOR_MOVE = re.compile(r"\x1b\[\d*(?:;\d*)?[Hf]")
_OTHER_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]"
)
_OVERLAP = 512


def plain_text(data: bytes) -> str:
    """Terminal output as text: escape sequences removed, cursor moves as line breaks."""
    text = data.decode("utf-8", errors="replace")
    return _OTHER_ESCAPE.sub("", _CURSOR_MOVE.sub("\n", text))


def child_environment(home: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a program under test: xterm-256color, UTF-8, a private HOME."""
    dropped = ("COLUMNS", "LINES", "TMUX", "TMUX_PANE", "COLORTERM", "NO_COLOR", "TEXTUAL")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        TERM="xterm-256color",
        LANG="C.UTF-8",
        HOME=home,
        XDG_DATA_HOME=os.path.join(home, "data"),
        XDG_CONFIG_HOME=os.path.join(home, "config"),
        XDG_CACHE_HOME=os.path.join(home, "cache"),
        XDG_STATE_HOME=os.path.join(home, "state"),
    )
    env.pop("INFOINT_TUI_DB", None)
    if extra:
        env.update(extra)
    return env


class Terminal:
    """One program running in its own pty; use as a context manager (killed on exit)."""

    def __init__(
        self, argv: Sequence[str], env: Mapping[str, str], *, width: int = 80, height: int = 24
    ) -> None:
        self.argv = list(argv)
        self.env = dict(env)
        self.width, self.height = width, height
        self.output = bytearray()
        self.pid = 0
        self.fd = -1
        self.spawned_at = 0.0
        self.exit_status: int | None = None

    def __enter__(self) -> Terminal:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

    def start(self) -> None:
        """Fork into a new pty and exec the program; `spawned_at` is taken just before."""
        self.spawned_at = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                size = struct.pack("HHHH", self.height, self.width, 0, 0)
                fcntl.ioctl(0, termios.TIOCSWINSZ, size)
                os.execvpe(self.argv[0], self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    # -- output ------------------------------------------------------------------------

    def pump(self, seconds: float) -> None:
        """Read output for `seconds` (the program must never block on a full pty)."""
        self.wait_for(lambda: False, seconds)

    def wait_for(
        self, check: Callable[[], bool], timeout: float, *, poll: float = 0.05
    ) -> float | None:
        """Read output until `check()` holds; return when the bytes that made it hold arrived.

        `check` runs at once, then after every chunk read and at least every `poll`
        seconds; None after `timeout` or when the program ends first.
        """
        arrived = time.monotonic()
        deadline = arrived + timeout
        while True:
            if check():
                return arrived
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self._read(min(remaining, poll))
            arrived = time.monotonic()
            if self.exit_status is not None and self.fd < 0:
                return arrived if check() else None

    def read(self, timeout: float) -> bool:
        """Read what output arrives within `timeout`; True if some did."""
        return self._read(timeout)

    def _read(self, timeout: float) -> bool:
        if self.fd < 0:
            time.sleep(min(timeout, 0.01))
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            self._reap()
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the program ended and the pty closed
            data = b""
        if not data:
            self._close_fd()
            self._reap(block=True)
            return False
        self.output += data
        return True

    # -- input -------------------------------------------------------------------------

    def send(self, data: bytes) -> float:
        """Write bytes as if typed; return when they were written."""
        os.write(self.fd, data)
        return time.monotonic()

    def type_at(
        self, keys: Iterable[bytes], per_second: float, rng: random.Random | None = None
    ) -> list[float]:
        """Type keys at `per_second` (reading output between them); return their times.

        With `rng`, each key comes up to a third of an interval early or late, as a
        person types: the mean rate is the same, the phase against timers is not fixed.
        """
        times: list[float] = []
        interval = 1 / per_second
        start = time.monotonic() + 0.001 + interval / 3
        for index, key in enumerate(keys):
            due = start + index * interval
            if rng is not None:
                due += rng.uniform(-interval / 3, interval / 3)
            self.pump(max(0.0, due - time.monotonic()))
            times.append(self.send(key))
        return times

    # -- the process -------------------------------------------------------------------

    def peak_rss_mb(self) -> float | None:
        """The program's peak resident memory so far (VmHWM), in MB."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def quit(self, key: bytes = KEYS["ctrl+q"], timeout: float = 10.0) -> int | None:
        """Press the quit key and wait for the program to end (killed after `timeout`)."""
        if self.exit_status is None and self.fd >= 0:
            with contextlib.suppress(OSError):
                self.send(key)
            deadline = time.monotonic() + timeout
            while self.exit_status is None and time.monotonic() < deadline:
                self._read(0.05)
                self._reap()
        self.kill()
        return self.exit_status

    def kill(self) -> None:
        """End the program (SIGKILL) if it still runs, and close the pty."""
        if self.pid and self.exit_status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap(block=True)
        self._close_fd()

    def _reap(self, block: bool = False) -> None:
        if not self.pid or self.exit_status is not None:
            return
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self.exit_status = -1
            return
        if pid:
            self.exit_status = os.waitstatus_to_exitcode(status)

    def _close_fd(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1


# -- what to look for in the output ------------------------------------------------------


def first_frame(term: Terminal) -> Callable[[], bool]:
    """True once every row of the screen was drawn after the switch to the alternate screen.

    Textual draws its first frame as one full update that puts the cursor at the start of
    each row (`ESC[<row>;1H`), so this is the moment the whole first frame has arrived.
    """
    rows: set[int] = set()
    position = 0

    def check() -> bool:
        nonlocal position
        start = term.output.find(_ALT_SCREEN)
        if start < 0:
            return False
        position = max(position, start)
        for match in _ROW_START.finditer(term.output, max(start, position - 16)):
            rows.add(int(match.group(1)))
        position = len(term.output)
        return all(row in rows for row in range(1, term.height + 1))

    return check


def text_appears(
    term: Terminal, find: Callable[[str], bool], since: int | None = None
) -> Callable[[], bool]:
    """True once `find` holds for the text output after byte offset `since` (default: now)."""
    start = len(term.output) if since is None else since
    scanned = start

    def check() -> bool:
        nonlocal scanned
        if len(term.output) == scanned and scanned != start:
            return False
        text = plain_text(bytes(term.output[max(start, scanned - _OVERLAP) :]))
        scanned = len(term.output)
        return find(text)

    return check


def contains(needle: str) -> Callable[[str], bool]:
    """A `find` for `text_appears`: the text contains `needle`."""
    return lambda text: needle in text


def matches(pattern: str) -> Callable[[str], bool]:
    """A `find` for `text_appears`: the regular expression matches somewhere."""
    compiled = re.compile(pattern)
    return lambda text: compiled.search(text) is not None


class ContactNames:
    """Finds a contact's name from the database in terminal text, whole or cut short with "…"."""

    KEY = 12

    def __init__(self, names: Iterable[str]) -> None:
        self.whole: set[str] = set()
        self.prefixes: set[str] = set()
        for name in names:
            key = name.strip()[: self.KEY]
            if " " not in key:
                continue
            self.whole.add(key)
            for end in range(6, len(key) + 1):
                self.prefixes.add(key[:end])

    def __call__(self, text: str) -> bool:
        for line in text.splitlines():
            words = line.split()
            for first, second in pairwise(words):
                if second.endswith("…"):
                    if f"{first} {second[:-1]}"[: self.KEY] in self.prefixes:
                        return True
                elif f"{first} {second}"[: self.KEY] in self.whole:
                    return True
        return False
