"""The write path end to end: the real program in tmux on a real SQLite file.

- A locked database while an answer is typed, left and opened again: the field shows
  what was typed (not the older stored text), typing never waits, and everything is
  saved once the lock is gone.
- Two copies of the app typing in the same field: neither replaces the other's text.
- SIGTERM and SIGHUP right after the last key: what was typed is saved before the exit,
  within a second.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from .test_hostile_live import (
    ANSWER_FIELD_KEYS,
    CHECKLIST_KEYS,
    CONTACT,
    QUESTIONS,
    interviews,
    open_answer,
    write_lock_held,
)
from .test_hostile_live import db as db
from .tmux import PROGRAM, Tmux


def test_a_field_opened_again_during_a_lock_shows_what_was_typed(tmp_path: Path, db: Path) -> None:
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        tmux.wait_for(CONTACT, timeout=20)
        with write_lock_held(db):
            open_answer(tmux)  # ticks the first question: a write that now waits
            tmux.type("Typed while locked.")
            tmux.wait_for("Typed while locked.", timeout=2)  # typing does not wait
            tmux.escape()  # on to the second question
            tmux.wait_for(CHECKLIST_KEYS)
            tmux.send("Up")  # back to the first
            tmux.send("Enter")
            tmux.wait_for(ANSWER_FIELD_KEYS)
            screen = tmux.wait_for("Typed while locked.", timeout=5)
            assert QUESTIONS[0] in screen
            tmux.type(" And more.")
            tmux.wait_for("Typed while locked. And more.", timeout=2)
        tmux.wait_for("✓ saved", timeout=20)
        tmux.escape()
        tmux.wait_for(CHECKLIST_KEYS)
        tmux.send("C-q")
        assert tmux.wait_exit() == 0
    answer = interviews(tmp_path, db)[CONTACT]["questions"][0]["answer"]
    assert answer == "Typed while locked. And more."


def test_two_copies_typing_in_one_field_keep_both_texts(tmp_path: Path, db: Path) -> None:
    with (
        Tmux([PROGRAM, "--db", db], cwd=tmp_path) as first,
        Tmux([PROGRAM, "--db", db], cwd=tmp_path) as second,
    ):
        for copy in (first, second):  # both open Research and read the empty goals
            copy.wait_for(CONTACT, timeout=20)
            copy.send("Enter")
            copy.wait_for("F1 Research")
            copy.wait_for("Occupation")
        # The cursor starts in the contact's name, its text selected: go to its end.
        first.send("End")
        first.type(" alpha")
        first.wait_for("✓ saved")
        # The same field in the second copy, typed from the same stored text: both kept.
        second.send("End")
        second.type(" beta")
        second.wait_for("Changed in two places", timeout=10)
        screen = second.wait_for("also in another copy", timeout=5)
        assert "beta" in screen and "alpha" in screen
        second.wait_for("✓ saved")
        for copy in (first, second):
            copy.send("C-q")
            assert copy.wait_exit() == 0
    names = set(interviews(tmp_path, db))
    (name,) = names
    assert "alpha" in name and "beta" in name and CONTACT in name


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_right_after_the_last_key_saves_first(
    tmp_path: Path, db: Path, signal_number: int
) -> None:
    text = "Said just before the window closed."
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        pid = tmux.pane_pid()
        open_answer(tmux)
        tmux.wait_for("✓ saved")
        tmux.type(text)
        tmux.wait_for(text, timeout=2)  # on screen, but not yet saved (0.3 s debounce)
        os.kill(pid, signal_number)
        status = tmux.wait_exit(timeout=5)
        assert status == 128 + signal_number or status == f"signal {int(signal_number)}", status
        assert "Traceback" not in tmux.screen(history=True)
    assert interviews(tmp_path, db)[CONTACT]["questions"][0]["answer"] == text
