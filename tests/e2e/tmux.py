"""A small driver for end-to-end tests: the real program in a private tmux server.

Each `Tmux` starts its own server (`tmux -L infoint-<uuid> -f /dev/null`), so no user
configuration and no other session can interfere, with a fixed 80x24 pane,
`escape-time 0` (a lone Escape arrives at once), `remain-on-exit on` (the exit status
of the program can be read after it ends) and `set-clipboard on` (a clipboard write
(OSC 52) by the program becomes a tmux paste buffer, which `buffers()` lists). The program
is the session's command, run directly, so `pane_pid()` is the program itself, not a shell.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

#: The console script installed beside the Python running the tests.
PROGRAM = Path(sys.executable).with_name("infoint-tui")

#: Variables that must not reach the program: pytest's readline import leaks COLUMNS and
#: LINES (which would override the pane's real size), and TMUX would point at the
#: developer's own tmux.
_DROPPED = ("COLUMNS", "LINES", "TMUX", "TMUX_PANE")


def tmux_binary() -> str:
    """The tmux executable; a missing one fails the test with a clear message."""
    found = shutil.which("tmux")
    if found is None:
        raise AssertionError(
            "tmux is not installed: the end-to-end tests need it "
            "(apt-get install tmux, or brew install tmux)"
        )
    return found


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test's environment for the program, without COLUMNS/LINES, as xterm-256color."""
    env = {key: value for key, value in os.environ.items() if key not in _DROPPED}
    env["TERM"] = "xterm-256color"
    env.setdefault("LANG", "C.UTF-8")
    env.pop("COLORTERM", None)
    env.pop("NO_COLOR", None)
    if extra:
        env.update(extra)
    return env


def run_program(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `infoint-tui ARGS` outside tmux (the command line), with the test's environment."""
    return subprocess.run(
        [str(PROGRAM), *args],
        cwd=cwd,
        env=child_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class Tmux:
    """One private tmux server running one command in an 80x24 pane.

    Use as a context manager: the server is killed on exit, whatever happened.
    """

    def __init__(
        self,
        command: Sequence[str | os.PathLike[str]],
        *,
        cwd: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        width: int = 80,
        height: int = 24,
    ) -> None:
        self.binary = tmux_binary()
        self.socket = f"infoint-{uuid.uuid4().hex}"
        self.command = [os.fspath(part) for part in command]
        self.cwd = os.fspath(cwd) if cwd is not None else os.getcwd()
        self.env = child_environment(env)
        self.width, self.height = width, height
        self._started = False
        self._socket_path = ""

    # -- lifetime ----------------------------------------------------------------------

    def __enter__(self) -> Tmux:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.kill_server()

    def start(self) -> None:
        """Start the server, set its options, then the session with the command.

        All in one tmux invocation, so the options hold before the program starts. The
        server inherits the explicit environment given to this client, and the pane's
        TERM comes from `default-terminal`.
        """
        self._started = True
        self._tmux(
            "start-server", ";",
            "set", "-g", "exit-empty", "off", ";",
            "set", "-g", "escape-time", "0", ";",
            "set", "-g", "remain-on-exit", "on", ";",
            "set", "-g", "default-terminal", self.env["TERM"], ";",
            "set", "-g", "history-limit", "2000", ";",
            "set", "-s", "set-clipboard", "on", ";",
            "new-session", "-d", "-s", "e2e", "-x", str(self.width), "-y", str(self.height),
            "-c", self.cwd, "--", *self.command,
        )  # fmt: skip
        self._socket_path = self._tmux("display-message", "-p", "#{socket_path}").strip()

    def kill_server(self) -> None:
        """Stop the server and whatever still runs in it, and remove its socket file.

        tmux 3.3 leaves the socket file behind after `kill-server`: one per test, forever.
        """
        if self._started:
            self._started = False
            subprocess.run(
                [self.binary, "-L", self.socket, "kill-server"],
                env=self.env,
                capture_output=True,
                timeout=10,
                check=False,
            )
            if self._socket_path:
                with contextlib.suppress(OSError):
                    os.unlink(self._socket_path)

    def _tmux(self, *args: str, stdin: bytes | None = None) -> str:
        result = subprocess.run(
            [self.binary, "-L", self.socket, "-f", "/dev/null", "-u", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            timeout=10,
            check=False,
        )
        stderr = result.stderr.decode("utf-8", "replace")
        if result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)[:200]} failed: {stderr.strip()}")
        return result.stdout.decode("utf-8", "replace")

    # -- input -------------------------------------------------------------------------

    def send(self, *keys: str) -> None:
        """Press keys by tmux name: `Enter`, `Escape`, `F3`, `C-q`, `M-3`, `a`."""
        self._tmux("send-keys", "-t", "e2e", *keys)

    def escape(self) -> None:
        """Press Escape alone, then pause for longer than Textual's ESCDELAY (0.1 s).

        An Escape followed at once by another key reaches the program as one sequence,
        which Textual reads as alt+key (escape then enter becomes alt+enter).
        """
        self.send("Escape")
        time.sleep(0.25)

    def type(self, text: str) -> None:
        """Type `text` literally (no key names, nothing interpreted)."""
        self._tmux("send-keys", "-t", "e2e", "-l", "--", text)

    def paste(self, text: str | bytes) -> None:
        """Paste `text` as a terminal does, line feeds kept as they are.

        The bytes go through a tmux buffer (`load-buffer`, `paste-buffer -p -r`), so escape
        sequences, NUL or a megabyte of text arrive exactly as given and in one piece,
        bracketed (`ESC[200~ ... ESC[201~`) when the program asked for that, as Textual
        does: it sees one paste, not keys.
        """
        data = text.encode("utf-8") if isinstance(text, str) else text
        self._tmux("load-buffer", "-b", "e2e-paste", "-", stdin=data)
        self._tmux("paste-buffer", "-p", "-r", "-d", "-b", "e2e-paste", "-t", "e2e")

    def resize(self, width: int, height: int) -> None:
        """Resize the terminal, as a user dragging the window's corner does.

        `resize-window` works on a detached session (it makes the window size manual);
        the program gets SIGWINCH and the new size at once.
        """
        self._tmux("resize-window", "-t", "e2e", "-x", str(width), "-y", str(height))
        self.width, self.height = width, height

    # -- output ------------------------------------------------------------------------

    def screen(self, *, escapes: bool = False, history: bool = False) -> str:
        """The pane's text; `escapes` keeps colours as SGR, `history` adds scrolled lines.

        Wrapped lines are joined. After the program ends tmux 3.3 scrolls the screen by a
        line to show "Pane is dead", so read what the program printed with `history`.
        """
        args = ["capture-pane", "-p", "-J", "-t", "e2e"]
        if escapes:
            args.append("-e")
        if history:
            args += ["-S", "-"]
        return self._tmux(*args)

    def buffers(self) -> list[str]:
        """The tmux paste buffers: a clipboard write (OSC 52) by the program makes one."""
        return self._tmux("list-buffers", "-F", "#{buffer_name}: #{buffer_sample}").splitlines()

    def display(self, format_: str) -> str:
        """A tmux format evaluated for the pane, e.g. `#{pane_title}`."""
        return self._tmux("display-message", "-p", "-t", "e2e", format_).rstrip("\n")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Poll until `text` is on the screen; return the screen. Fails showing the last one."""
        return self.wait_until(lambda screen: text in screen, repr(text), timeout)

    def wait_until(self, check: Callable[[str], bool], what: str, timeout: float = 15.0) -> str:
        """Poll until `check(screen)` holds; return the screen. Fails showing the last one."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if self.is_dead():
                raise AssertionError(
                    f"the program ended ({self.exit_status() or 'closing'}) before showing "
                    f"{what}; its screen:\n{self.screen(history=True)}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no {what} on screen after {timeout:.0f} s; last screen:\n{screen}"
                )
            time.sleep(0.1)

    # -- the process -------------------------------------------------------------------

    def pane_pid(self, timeout: float = 5.0) -> int:
        """The pid of the program (the session command, run without a shell).

        Waits until that process has left tmux for the program: right after the fork it
        is still a copy of the tmux server.
        """
        pid = int(self.display("#{pane_pid}"))
        server = os.path.realpath(self.binary)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if os.readlink(f"/proc/{pid}/exe") != server:
                    break
            except OSError:  # no /proc (not Linux), or the program has already ended
                break
            time.sleep(0.02)
        return pid

    def is_dead(self) -> bool:
        """Whether the program has closed its terminal (it may still be finishing)."""
        return self.display("#{pane_dead}") == "1"

    def exit_status(self) -> int | str | None:
        """The exit status, `"signal N"` when a signal ended it, None while it runs.

        tmux marks a pane dead as soon as the terminal closes; the status arrives when it
        has reaped the process. tmux 3.3a sometimes misses the SIGCHLD of a pane and leaves
        the program a zombie with no status (about one run in five here, under load): then
        this signals our own server again, which makes it reap.
        """
        dead, status, signal_number, server = self.display(
            "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}|#{pid}"
        ).split("|")
        if status:
            return int(status)
        if signal_number:
            return f"signal {signal_number}"
        if dead == "1":
            os.kill(int(server), signal.SIGCHLD)
        return None

    def wait_exit(self, timeout: float = 15.0) -> int | str:
        """Wait for the program to end; return its exit status (or `"signal N"`)."""
        deadline = time.monotonic() + timeout
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                state = "closed its terminal but" if self.is_dead() else "still"
                raise AssertionError(
                    f"the program {state} runs after {timeout:.0f} s; its screen:\n"
                    f"{self.screen(history=True)}"
                )
            time.sleep(0.1)
        return status
