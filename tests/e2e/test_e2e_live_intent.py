"""End to end: Live in the real `infoint-tui`, in tmux, records only what the user meant.

Looking at a planned interview changes nothing in the export; a finished interview shows
its frozen clock; a tab typed in the middle of an answer stays in the answer; undo brings
back a question's asked-at time; and at 60x20 the answer keeps its rows.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .test_e2e_live import checklist_line, cli, import_interview
from .tmux import PROGRAM, Tmux

CONTACT = "Noor Haddad"
QUESTIONS = [
    "What does a typical day look like?",
    "What do you like best about the work?",
    "Who else should I talk to?",
]
CHECKLIST_KEYS = "⏎ Ask + type"
ANSWER_FIELD_KEYS = "esc Next question"
#: The zone the program runs in, so the held times on screen are known.
UTC_ZONE = {"TZ": "UTC"}


def _interview(**fields: Any) -> dict[str, Any]:
    return {
        "contact": {"name": CONTACT},
        "occupation": "Hospital pharmacist",
        "questions": [{"text": text} for text in QUESTIONS],
        **fields,
    }


def _export(tmp_path: Path, db: Path) -> dict[str, Any]:
    (interview,) = json.loads(cli(tmp_path, "--db", str(db), "export").stdout)["interviews"]
    return dict(interview)


def _open_live(tmux: Tmux, clock: str) -> str:
    tmux.wait_for(CONTACT[:4], timeout=20)  # (cut at 60 columns) the first start may compile
    tmux.send("Enter")
    tmux.wait_for("F3 Live")
    tmux.send("F3")
    tmux.wait_for(clock)
    return tmux.wait_for(CHECKLIST_KEYS)


def _quit(tmux: Tmux) -> None:
    tmux.send("C-q")
    assert tmux.wait_exit() == 0, tmux.screen(history=True)
    assert "Traceback" not in tmux.screen(history=True)


def test_looking_at_live_of_a_planned_interview_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    next_week = (datetime.now(UTC) + timedelta(days=7)).replace(microsecond=0)
    import_interview(tmp_path, db, _interview(scheduled_at=next_week.isoformat()))
    before = _export(tmp_path, db)
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        _open_live(tmux, "◷ not started")
        tmux.send("Down", "Up")  # looking along the list
        tmux.send("F4")
        tmux.wait_for("Reflect")
        tmux.send("F5")
        tmux.wait_for("Thank-you note")
        tmux.send("F3")
        tmux.wait_for("◷ not started")
        tmux.send("F10")
        tmux.wait_for(CONTACT)
        _quit(tmux)
    after = _export(tmp_path, db)
    assert (after["stage"], after["started_at"], after["ended_at"]) == ("research", None, None)
    assert after == before


def test_a_finished_interview_shows_its_frozen_clock(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    start = (datetime.now(UTC) - timedelta(days=7)).replace(hour=10, minute=0, second=0)
    start = start.replace(microsecond=0)
    end = start + timedelta(minutes=24, seconds=10)
    import_interview(
        tmp_path,
        db,
        _interview(stage="reflect", started_at=start.isoformat(), ended_at=end.isoformat()),
    )
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path, env=UTC_ZONE) as tmux:
        screen = _open_live(tmux, "held 24 min, 10:00-10:24")
        assert "over" not in screen and "elapsed" not in screen
        _quit(tmux)
    after = _export(tmp_path, db)
    held = (datetime.fromisoformat(after["started_at"]), datetime.fromisoformat(after["ended_at"]))
    assert held == (start, end)


def test_a_tab_typed_in_the_middle_of_an_answer_stays_in_it(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    import_interview(tmp_path, db, _interview())
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        _open_live(tmux, "◷ not started")
        tmux.send("Enter")  # ticks the first question: the conversation starts
        tmux.wait_for(ANSWER_FIELD_KEYS)
        tmux.type("long days")
        tmux.send("Tab")
        tmux.type(" so skip")  # on the checklist, space and s would untick and skip
        tmux.send("BTab")
        tmux.type(" it")
        tmux.wait_for("long days so skip it")
        tmux.wait_for("tab stays")
        tmux.send("Escape")
        tmux.wait_for(CHECKLIST_KEYS)
        _quit(tmux)
    after = _export(tmp_path, db)
    first, second, third = after["questions"]
    assert (first["answer"], first["asked"]) == ("long days so skip it", True)
    assert [q["skipped"] for q in after["questions"]] == [False, False, False]
    assert (second["asked"], third["asked"]) == (False, False)
    assert after["started_at"] is not None and after["stage"] == "live"


def test_undo_brings_back_the_asked_time_an_untick_took(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    start = (datetime.now(UTC) - timedelta(minutes=10)).replace(microsecond=0)
    questions = [{"text": text} for text in QUESTIONS]
    questions[0].update(asked=True, asked_at_seconds=187, answer="ward rounds")
    import_interview(
        tmp_path,
        db,
        _interview(stage="live", started_at=start.isoformat(), questions=questions),
    )
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        _open_live(tmux, "elapsed ·")
        tmux.send("Up")
        tmux.wait_until(
            lambda s: "ward rounds" in s and "3:07" in checklist_line(s, QUESTIONS[0]),
            "the first question, asked at 3:07, with its answer below",
        )
        tmux.send("Space")  # a stray space unticks it: the time is gone
        tmux.wait_until(
            lambda s: checklist_line(s, QUESTIONS[0]).lstrip().startswith("○"), "unticked"
        )
        tmux.send("u")
        tmux.wait_until(
            lambda s: checklist_line(s, QUESTIONS[0]).lstrip().startswith("✓ 3:07"),
            "ticked again at 3:07",
        )
        _quit(tmux)
    first = _export(tmp_path, db)["questions"][0]
    assert (first["asked"], first["asked_at_seconds"], first["answer"]) == (
        True,
        187,
        "ward rounds",
    )


def test_at_60x20_the_answer_keeps_its_rows_and_its_question(tmp_path: Path) -> None:
    db = tmp_path / "interviews.db"
    import_interview(tmp_path, db, _interview())
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path, width=60, height=20) as tmux:
        _open_live(tmux, "◷ not started")
        tmux.send("Enter")
        tmux.wait_for(ANSWER_FIELD_KEYS)
        tmux.type("first line")
        tmux.send("Enter")
        tmux.type("second line")
        tmux.send("Enter")
        tmux.type("third line")
        screen = tmux.wait_for("third line")
        lines = screen.splitlines()
        assert len(lines) <= 20
        title = next(i for i, line in enumerate(lines) if QUESTIONS[0][:25] in line)
        typed = ("first line", "second line", "third line")
        rows = [i for i, line in enumerate(lines) if line.strip() in typed]
        assert [lines[i].strip() for i in rows] == list(typed), screen
        assert title < rows[0], screen
        assert "◷" in screen  # the clock stays in sight
        tmux.send("Escape")
        tmux.wait_for(CHECKLIST_KEYS)
        _quit(tmux)
    assert _export(tmp_path, db)["questions"][0]["answer"] == "first line\nsecond line\nthird line"
