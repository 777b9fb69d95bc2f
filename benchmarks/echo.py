"""Keystroke to echo: keys typed at a steady rate into a pty, each timed until it shows.

The real `infoint-tui` in Live, typing an answer, against the bare app's TextArea
(`bare_app.py --text-area`) typed the same way. A key's echo is the moment the terminal
receives the text typed so far, ending in that key: Textual repaints the field's rows
after an edit, so the output written after the key holds the field's text, row after row.
Whitespace is ignored in the comparison (rows wrap at spaces), and the last `TAIL`
characters are looked for, which the typed text never repeats.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bare_app import BARE_TEXT
from scenarios import HERE, PROGRAM, PYTHON, Setup, live_shown, open_live
from terminal import KEYS, Terminal, contains, plain_text, text_appears

TAIL = 16
"""How many of the last typed characters must show (whitespace aside)."""
_SPACE = re.compile(r"\s+")


def _squeezed(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass
class EchoRun:
    """One typing session: each key's time to echo, in seconds (missing echoes left out)."""

    echoes: list[float] = field(default_factory=list)
    keys: int = 0
    """How many keys were typed."""


def type_and_time_echoes(term: Terminal, text: str, per_second: float) -> EchoRun:
    """Type `text` at `per_second` keys, steadily; time each key until its echo arrives.

    A key still waiting for its echo when the next is due stays waiting: an echo that
    shows a later key shows it too, so a slow echo is counted, never dropped.
    """
    run = EchoRun(keys=len(text))
    interval = 1 / per_second
    start = time.monotonic() + interval
    waiting: list[tuple[float, int, str]] = []  # (written at, output offset then, tail)
    for index, char in enumerate(text):
        due = start + index * interval
        _collect(term, waiting, run, until=due)
        offset = len(term.output)
        sent = term.send(char.encode("utf-8"))
        tail = _squeezed(text[: index + 1])[-TAIL:]
        waiting.append((sent, offset, tail))
    _collect(term, waiting, run, until=time.monotonic() + 2.0, done_early=True)
    return run


def _collect(
    term: Terminal,
    waiting: list[tuple[float, int, str]],
    run: EchoRun,
    until: float,
    done_early: bool = False,
) -> None:
    """Read output until `until` (or no key waits, if `done_early`), ending the wait of
    every key whose echo arrived."""
    while (remaining := until - time.monotonic()) > 0:
        if term.fd < 0 or (done_early and not waiting):
            return
        if term.read(min(remaining, 0.05)) and waiting:
            _check(term, waiting, run, time.monotonic())


def _check(
    term: Terminal, waiting: list[tuple[float, int, str]], run: EchoRun, arrived: float
) -> None:
    """The newest key whose echo is in the output written after it, and every key before."""
    for position in range(len(waiting) - 1, -1, -1):
        _, offset, tail = waiting[position]
        if tail in _squeezed(plain_text(bytes(term.output[offset:]))):
            run.echoes.extend(arrived - sent for sent, _, _ in waiting[: position + 1])
            del waiting[: position + 1]
            return


# -- the two sessions ---------------------------------------------------------------------


def echo_bare(setup: Setup) -> EchoRun:
    """The bare app's TextArea, typed into as Live's answer is."""
    with Terminal([PYTHON, str(HERE / "bare_app.py"), "--text-area"], setup.env) as term:
        if term.wait_for(text_appears(term, contains(BARE_TEXT), since=0), 30) is None:
            return EchoRun()
        term.pump(0.5)
        run = type_and_time_echoes(term, setup.echo_text, setup.rate)
        term.quit()
    return run


def echo_app(setup: Setup, db: Path) -> EchoRun:
    """`infoint-tui --db DB`: the benchmark interview, F3, enter on the first question (the
    clock starts), then the answer typed."""
    with Terminal([PROGRAM, "--db", str(db)], setup.env) as term:
        if term.wait_for(text_appears(term, setup.names, since=0), 60) is None:
            return EchoRun()
        term.pump(0.5)
        if open_live(term, setup) is None:
            return EchoRun()
        since = len(term.output)
        term.send(KEYS["f3"])
        if term.wait_for(live_shown(term, since), 20) is None:
            return EchoRun()
        term.pump(0.5)
        term.send(KEYS["enter"])
        term.pump(1.0)
        run = type_and_time_echoes(term, setup.echo_text, setup.rate)
        term.quit()
    return run


def pooled(runs: Sequence[EchoRun]) -> list[float]:
    """Every key's echo time over the runs."""
    return [echo for run in runs for echo in run.echoes]
