"""The command line's progress bar: drawn on a terminal, nothing at all when piped."""

from __future__ import annotations

import io
import os
import pty

from infoint_tui.progress import progress, shown_on


def test_nothing_is_written_when_the_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with progress("Exporting", 3, stream) as advance:
        for done in range(1, 4):
            advance(done)
    assert stream.getvalue() == ""
    assert not shown_on(stream)


def test_a_terminal_gets_a_bar_that_counts(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    leader, follower = pty.openpty()
    try:
        with os.fdopen(follower, "w", closefd=False) as stream:
            assert shown_on(stream)
            with progress("Exporting", 5, stream) as advance:
                advance(5)
            stream.flush()
        written = os.read(leader, 65536).decode("utf-8", "replace")
    finally:
        os.close(leader)
        os.close(follower)
    assert "Exporting" in written
    assert "5/5" in written


def test_a_dumb_terminal_gets_no_bar(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    leader, follower = pty.openpty()
    try:
        with os.fdopen(follower, "w", closefd=False) as stream:
            assert not shown_on(stream)
    finally:
        os.close(leader)
        os.close(follower)
