"""End to end: asking someone for a conversation, from the request to the interview.

The real `infoint-tui` in tmux on a real SQLite file, as a user would go: a person "to
contact" (added through the store before the program starts), People (`p`), their page,
the composer (`ctrl+r`, its status line counting the words), marked sent (`ctrl+s`).
The app has no clock of its own to move, so between two runs the request is dated twelve
days back through the store (its entry deleted and logged again with the earlier date),
as if it had waited that long. The second run: Home says to nudge them, the composer
offers the nudge, it is marked sent; on their page the timeline (`ctrl+t`) takes `3`
(replied), and `ctrl+n` prepares an interview with them, which Home then lists. The
timeline and the status are checked in the SQLite file, the interview in
`infoint-tui export`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from infoint_tui.store.kinds import TimelineKind
from infoint_tui.store.store import Store
from infoint_tui.timekeeping import utcnow

from .test_e2e_live import cli
from .tmux import PROGRAM, Tmux

PERSON = "Ada Quinn"
ORGANIZATION = "Larch Labs"
#: Long enough for "nudge" (seven business days) whatever today's weekday.
WAITED_DAYS = 12


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one person to contact and nothing else."""
    path = tmp_path / "interviews.db"
    store = Store.open(path)
    try:
        store.add_person(
            PERSON, organization=ORGANIZATION, role="Data scientist", how_found="LinkedIn"
        )
    finally:
        store.close()
    return path


def open_person(tmux: Tmux) -> None:
    """From Home: People, then the (only) person's page, once it has been read."""
    tmux.send("p")
    tmux.wait_for("1 person · ")  # the list is read (Home may show the name already)
    tmux.send("Enter")
    tmux.wait_for("Outreach: ")


def date_request_back(db: Path, days: int) -> None:
    """Between two runs: the request went out `days` ago (same text, one entry)."""
    store = Store.open(db)
    try:
        [person] = store.people()
        [request] = [
            item for item in store.person_page(person.id).timeline if item.kind == "request"
        ]
        assert request.entry_id is not None
        store.delete_timeline_entry(request.entry_id)
        store.log_event(
            person.id, TimelineKind.REQUEST, request.text, at=utcnow() - timedelta(days=days)
        )
    finally:
        store.close()


def stored_timeline(db: Path) -> list[tuple[str, str]]:
    """(kind, text) of every timeline entry, oldest first, read from the SQLite file."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT kind, text FROM timeline_entry ORDER BY at, id"
        ).fetchall()


def test_request_nudge_reply_then_an_interview(tmp_path: Path, db: Path) -> None:
    assert PROGRAM.exists(), f"{PROGRAM} is missing: install the project (pip install -e .)"
    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        tmux.wait_for("p People", timeout=20)  # the first start may compile bytecode
        open_person(tmux)
        tmux.wait_for("Outreach: To contact")
        tmux.send("C-r")
        composer = tmux.wait_until(
            lambda screen: "Request ·" in screen and " words · clear ask" in screen,
            "the request's title and its word count",
        )
        assert f"Dear {PERSON.split()[0]}" in composer
        tmux.send("C-s")
        tmux.wait_for(f"Request to {PERSON} marked sent.")
        tmux.wait_for("Outreach: Request sent")
        tmux.send("C-q")
        assert tmux.wait_exit() == 0, tmux.screen(history=True)
    [(kind, request)] = [(k, t) for k, t in stored_timeline(db) if k != "status"]
    assert kind == "request" and f"Dear {PERSON.split()[0]}" in request

    date_request_back(db, WAITED_DAYS)

    with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
        tmux.wait_for(f"Nudge {PERSON}: no reply in", timeout=20)
        open_person(tmux)
        tmux.wait_for("Outreach: Request sent")
        tmux.send("C-r")
        tmux.wait_for("Nudge ·")  # a request waits: the composer offers the nudge
        tmux.wait_for("I am following up on my note")
        tmux.send("C-s")
        tmux.wait_for(f"Nudge to {PERSON} marked sent.")
        tmux.wait_for("Nudge sent")  # on the timeline
        tmux.send("C-t")
        tmux.wait_for("1-7 Status")  # the timeline's keys: 1-7 set the status there
        tmux.send("3")
        tmux.wait_for("Outreach: Replied")
        tmux.send("C-n")
        tmux.wait_for("F3 Live")  # the new interview, at Research
        tmux.send("F10")  # leaves the interview: back on their page, which lists it
        tmux.wait_for("Interview planned")
        tmux.escape()
        tmux.wait_for("1 person · 1 replied")  # People
        tmux.escape()
        home = tmux.wait_until(
            lambda s: "p People" in s and PERSON in s and "Research" in s,
            "Home listing the interview",
        )
        assert f"Nudge {PERSON}" not in home  # a reply ends the waiting
        tmux.send("C-q")
        assert tmux.wait_exit() == 0, tmux.screen(history=True)

    entries = stored_timeline(db)
    assert [kind for kind, _ in entries if kind != "status"] == ["request", "nudge"]
    assert [text for kind, text in entries if kind == "status"] == ["Request sent", "Replied"]
    with sqlite3.connect(db) as connection:
        [(status,)] = connection.execute("SELECT outreach_status FROM contact").fetchall()
    assert status == "replied"
    exported = json.loads(cli(tmp_path, "--db", str(db), "export").stdout)
    [interview] = exported["interviews"]
    assert interview["contact"]["name"] == PERSON
    assert interview["stage"] == "research"
