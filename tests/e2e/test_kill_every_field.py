"""Nothing typed is lost: a marker in every text field of every place, then SIGKILL.

The README promises that nothing typed is lost. The places are the five stages of an
interview, a person's page and the composer of a message to them (PLACES, each with the
keys that lead there from Home). For each place this test types a distinct marker
(`kf07q`) into every text field the user can reach, in the real `infoint-tui` in tmux on
a real SQLite file, waits one second after the last key, kills the program with SIGKILL,
and looks for every marker: for the stages in `infoint-tui export`; for the person page
and the composer in the SQLite file itself, with the same probe as below (every text
column of every table), since the export holds interviews, not everything about a person
(their organization, their message draft).

Which fields, and how to reach them, is not written here: it is discovered from the app.
The real app runs in-process under Textual's Pilot on a copy of the same database; for
each place it walks the focus chain with `tab` from the place's starting focus, typing the
marker into each text field on the way (typing can enable the next field, as an
organization's name does for its sector), then runs the OPENERS (keys that open a field
that is not on the tab chain, such as Live's note), and records every key it pressed.
tmux then presses exactly those keys. A field added to a place later is found the same way.

Discovery fails the place, naming the field, when its screen holds a text field that
neither the tab chain nor an opener reached (add an opener for it), when a text field is a
plain Textual `Input`/`TextArea` instead of a saving field (`SavingInput`,
`SavingTextArea`), or when an entry of NOT_FREE_TEXT no longer exists.

In tmux, after each marker the test also waits (up to one second, while the cursor is
still in the field) for the marker to reach the database: leaving a field saves it on
blur, so without this check only the last field of a place would prove that it saves as
the user types. That probe reads the SQLite file directly (every text column of every
table), which is fast enough to do per field.

The app hands a key to the widget that has the focus when the key arrives, so letters
sent right after `tab` or `a` could land in the widget before. Discovery therefore also
records, after each key, the footer Pilot showed (the focused widget's keys) and whether
the focus went into a text field; tmux waits for the same footer and for the terminal
cursor to move into the field before it types.

Every problem of a place is collected and reported together, one line per field.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import screen_text, settle
from textual.widget import Widget
from textual.widgets import Input, TextArea

from infoint_tui.screens.interview.stage_bar import STAGES
from infoint_tui.widgets.fields import SavingInput, SavingTextArea

from .test_e2e_live import cli
from .tmux import PROGRAM, Tmux

CONTACT = "Sam Rivera"
QUESTIONS = ["What does a typical day look like?", "Who else should I talk to?"]

#: One letter per place, ending each of its markers (`z` for a stage added later); none is
#: a key binding where it is typed.
PLACE_LETTERS = {
    "research": "r",
    "questions": "q",
    "live": "l",
    "reflect": "t",
    "follow_up": "w",
    "person": "p",
    "composer": "c",
}


@dataclass(frozen=True)
class Place:
    """Somewhere text is typed, and how to get there from Home.

    `route` is the keys (Textual's names) from Home, each with a text the screen shows once
    the key has done its work (tmux waits for it before the next key; Pilot lets the app
    settle). `screen` is the class of the screen the route ends on; `start` the key that
    brings the focus back to where it starts there (a stage's own key), if there is one.
    `exported` says whether its text is in `infoint-tui export` (else the verdict reads
    the SQLite file).
    """

    name: str
    route: tuple[tuple[str, str], ...]
    screen: str
    start: str | None
    exported: bool


#: Home lists the one interview: enter opens it; `p` opens People, its one person.
TO_PERSON = (("p", "1 person · "), ("enter", "Outreach: "))
PLACES: tuple[Place, ...] = (
    *(
        Place(key, (("enter", "F3 Live"),), "InterviewScreen", shortcut.lower(), True)
        for key, _, shortcut in STAGES
    ),
    # The timeline has the focus when the page opens; ctrl+t brings it back there.
    Place("person", TO_PERSON, "PersonScreen", "ctrl+t", False),
    # The message has the focus once the draft is shown (its title names the keys).
    Place("composer", (*TO_PERSON, ("ctrl+r", "· ctrl+o copy")), "ComposerScreen", None, False),
)


@dataclass(frozen=True)
class Opener:
    """Keys (Textual key names) that, from the place's starting focus, open a text field."""

    what: str
    keys: tuple[str, ...]


#: Fields that only a key brings: each opener runs from the place's starting focus (the
#: stage key is pressed again first) and must leave the cursor in a text field.
#: Follow-up's referral name and context need none: they are always on screen and on the
#: tab chain (a name typed there becomes a referral on enter). Should they ever hide behind
#: a key, discovery fails naming them, and an opener belongs here.
OPENERS: dict[str, tuple[Opener, ...]] = {
    "questions": (
        Opener("add a question (a)", ("a",)),
        # The field opens with the question's text selected: `end` first, so the marker
        # is added to the text (the question added just before) instead of replacing it.
        Opener("edit the highlighted question (e)", ("e", "end")),
    ),
    "live": (
        Opener("answer the highlighted question (enter on the checklist)", ("enter",)),
        Opener("a new note (ctrl+n)", ("ctrl+n",)),
    ),
}

#: Reviewed one-line fields whose value is parsed, not free text: a marker cannot be
#: stored there, by design (an invalid value is shown with a hint and not saved). Each
#: must still exist (a stale entry fails), and is exempt from the saving-field rule.
NOT_FREE_TEXT: dict[str, dict[str, str]] = {
    "research": {
        "scheduled": "a date and time, YYYY-MM-DD HH:MM",
        "planned-minutes": "the planned length, 5-180 minutes (an integer field)",
    },
    "follow_up": {"next-contact": "the next-contact date, YYYY-MM-DD"},
    "person": {"person-keep-in-touch": "days, an integer"},
}

#: Tab presses before discovery gives up on a place's focus chain coming round.
MAX_TABS = 80
#: The promise: what was typed a second ago survives a crash.
SAVED_WITHIN = 1.0


# -- what discovery produces ------------------------------------------------------------------


@dataclass
class Visit:
    """One text field typed into: its name, how it was reached, and its marker."""

    label: str
    how: str
    marker: str

    def __str__(self) -> str:
        return f"{self.label} ({self.how}, marker {self.marker})"


@dataclass
class Key:
    """One key (Textual's name) and what the app showed under Pilot once it was handled.

    `footer` is the bottom line (the keys of the focused widget, spaces normalised);
    `to_text` says the key moved the focus into a text field (or opened one). In tmux,
    before the next step, the test waits for that footer and, after a move into a text
    field, for the terminal cursor to move (a text field puts it where its own cursor is).
    """

    name: str
    footer: str
    to_text: bool


@dataclass
class Plan:
    """The keys to press from the place's starting focus, and what discovery found wrong.

    `steps` holds Keys and Visits (type that visit's marker).
    """

    place: str
    steps: list[Key | Visit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def visits(self) -> list[Visit]:
        return [step for step in self.steps if isinstance(step, Visit)]


def label_of(widget: Widget) -> str:
    """`#id`, or for a field without an id its type and the nearest ancestor with one."""
    if widget.id:
        return f"#{widget.id}"
    owner = next((a for a in widget.ancestors if isinstance(a, Widget) and a.id), None)
    return f"{type(widget).__name__} in #{owner.id}" if owner else type(widget).__name__


def footer_line(screen: str) -> str:
    """The screen's last non-blank line (the footer), with runs of spaces made one."""
    lines = [line for line in screen.splitlines() if line.strip()]
    return " ".join(lines[-1].split()) if lines else ""


def is_text_field(widget: Widget | None) -> bool:
    return isinstance(widget, Input | TextArea)


def is_search_box(widget: Widget) -> bool:
    """A search or filter box types a query, not notes: it need not save."""
    names = [widget.id or "", *widget.classes]
    return any("search" in name or "filter" in name for name in names)


# -- discovery under Pilot --------------------------------------------------------------------


async def _discover(db: Path, place: Place) -> Plan:
    from infoint_tui.app import InfointApp
    from infoint_tui.screens.interview.pane import StagePane
    from infoint_tui.store.store import Store

    name = place.name
    plan = Plan(name)
    letter = PLACE_LETTERS.get(name, "z")
    skipped = NOT_FREE_TEXT.get(name, {})
    reached: set[int] = set()
    seen: dict[int, Widget] = {}

    store = Store.open(db)
    app = InfointApp(db, store=store)
    app.saver.delay = 0.05
    app.animation_level = "none"
    try:
        async with app.run_test(size=(80, 24)) as pilot:

            async def press(key: str) -> None:
                before = app.focused
                await pilot.press(key)
                if key != "tab":  # tab only moves the focus; other keys may start work
                    await settle(pilot)
                footer = footer_line(screen_text(app))
                moved = app.focused is not before or key != "tab"
                plan.steps.append(Key(key, footer, moved and is_text_field(app.focused)))

            async def to_start() -> None:
                if place.start is not None:
                    await press(place.start)

            def text_fields() -> list[Widget]:
                """Text fields on the place's screen but not in another stage's pane."""
                found = []
                for widget in [*app.screen.query(Input), *app.screen.query(TextArea)]:
                    owner = next((a for a in widget.ancestors if isinstance(a, StagePane)), None)
                    if owner is None or owner.id == f"pane-{name}":
                        found.append(widget)
                return found

            def remember_fields() -> None:
                for widget in text_fields():
                    seen.setdefault(id(widget), widget)

            async def visit(widget: Widget, how: str) -> None:
                reached.add(id(widget))
                label = label_of(widget)
                if (widget.id or "") in skipped:
                    return
                marker = f"kf{len(plan.visits) + 1:02d}{letter}"
                # As one change rather than key by key (Pilot takes ~0.1 s a key at this
                # size): what follows from it (a field enabled, a question added on blur)
                # is the same; tmux types it for real.
                if isinstance(widget, Input):
                    widget.insert_text_at_cursor(marker)
                elif isinstance(widget, TextArea):
                    widget.insert(marker)
                await pilot.pause()
                plan.steps.append(Visit(label, how, marker))

            await settle(pilot)
            for route_key, _ in place.route:
                await pilot.press(route_key)
                await settle(pilot)
            route = " ".join(route_key for route_key, _ in place.route)
            reached_screen = type(app.screen).__name__
            assert reached_screen == place.screen, f"{route} from Home led to {reached_screen}"
            await to_start()
            remember_fields()

            # The tab chain, from the starting focus round to it again.
            start = app.focused
            assert start is not None, f"{name}: nothing has the focus when the place opens"
            where = label_of(start)
            tabs = 0
            while True:
                focused = app.focused
                if is_text_field(focused) and id(focused) not in reached:
                    assert focused is not None
                    how = f"tab x{tabs} from {where}" if tabs else "the starting focus"
                    await visit(focused, how)
                remember_fields()
                await press("tab")
                tabs += 1
                if app.focused is start:
                    break
                if app.focused is focused:
                    plan.problems.append(f"tab does not leave {label_of(focused)}: stuck there")
                    break
                if tabs >= MAX_TABS:
                    plan.problems.append(f"the focus chain did not come round in {tabs} tabs")
                    break

            # The openers, each from the starting focus.
            for opener in OPENERS.get(name, ()):
                await to_start()
                for key in opener.keys:
                    await press(key)
                remember_fields()
                focused = app.focused
                if not is_text_field(focused):
                    got = label_of(focused) if focused else "nothing"
                    plan.problems.append(
                        f"opener {opener.what!r} left the focus on {got}, not in a text field"
                    )
                    continue
                assert focused is not None
                await visit(focused, f"opener {opener.what!r}")

            # Every text field that showed up was typed into (or listed as not free text).
            remember_fields()
            for key, widget in seen.items():
                label = label_of(widget)
                if key not in reached:
                    state = " (disabled)" if widget.disabled else ""
                    plan.problems.append(
                        f"{label}{state} is a text field that neither the tab chain nor an "
                        f"opener reaches: add an opener for it to OPENERS[{name!r}]"
                    )
                if (
                    not isinstance(widget, SavingInput | SavingTextArea)
                    and (widget.id or "") not in skipped
                    and not is_search_box(widget)
                ):
                    plan.problems.append(
                        f"{label} is a plain {type(widget).__name__}, not a SavingInput or "
                        "SavingTextArea: what is typed there is not saved as it is typed"
                    )
            ids = {widget.id for widget in seen.values()}
            for field_id, why in skipped.items():
                if field_id not in ids:
                    plan.problems.append(
                        f"NOT_FREE_TEXT[{name!r}] lists #{field_id} ({why}), which this place "
                        "no longer has: remove it from the list"
                    )
    finally:
        store.close()
    return plan


def discover(db: Path, place: Place) -> Plan:
    """Run the app under Pilot on `db` (a copy: discovery types into it) and plan the keys."""
    return asyncio.run(_discover(db, place))


# -- the real program in tmux -----------------------------------------------------------------


def tmux_key(key: str) -> str:
    """A Textual key name as tmux names it: `enter` -> `Enter`, `ctrl+n` -> `C-n`."""
    named = {"enter": "Enter", "tab": "Tab", "escape": "Escape", "space": "Space", "end": "End"}
    if key in named:
        return named[key]
    if key.startswith("ctrl+"):
        return "C-" + key.removeprefix("ctrl+")
    if key[0] == "f" and key[1:].isdigit():
        return key.upper()
    if len(key) == 1:
        return key
    raise AssertionError(f"no tmux name known for the key {key!r}: add it to tmux_key")


def cursor(tmux: Tmux) -> str:
    return tmux.display("#{cursor_x},#{cursor_y}")


def arrived(tmux: Tmux, key: Key, cursor_before: str) -> str | None:
    """Wait until the program shows what Pilot showed after `key`; else say what differs.

    The footer must match (5 s at most). After a move into a text field the terminal
    cursor must move too (0.5 s at most); should it land where it was (a field opened with
    the same text in the same place), a quiet screen for 0.3 s has to do.
    """
    deadline = time.monotonic() + 5.0
    while (footer := footer_line(tmux.screen())) != key.footer:
        if time.monotonic() > deadline:
            return f"after {key.name} the footer read {footer!r}; under Pilot {key.footer!r}"
        time.sleep(0.03)
    if not key.to_text:
        return None
    deadline = time.monotonic() + 0.5
    while cursor(tmux) == cursor_before:
        if time.monotonic() > deadline:
            quiet(tmux)
            return None
        time.sleep(0.03)
    return None


def quiet(tmux: Tmux, seconds: float = 0.3) -> None:
    """Wait until the screen's text stays the same for `seconds` (3 s at most)."""
    deadline = time.monotonic() + 3.0
    previous = tmux.screen()
    while time.monotonic() < deadline:
        time.sleep(seconds)
        screen = tmux.screen()
        if screen == previous:
            return
        previous = screen


def in_database(db: Path, marker: str) -> bool:
    """Whether any text column of any table of the SQLite file holds `marker` now."""
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return False
    try:
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        for (table,) in connection.execute(query).fetchall():
            rows = connection.execute(f'SELECT * FROM "{table}"')
            if any(isinstance(v, str) and marker in v for row in rows for v in row):
                return True
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return False


def poll(check: Callable[[], bool], until: float) -> bool:
    while True:
        if check():
            return True
        if time.monotonic() >= until:
            return False
        time.sleep(0.05)


def replay(tmux: Tmux, db: Path, plan: Plan) -> list[str]:
    """Press the plan's keys in the real program; kill it a second after the last marker.

    Returns the problems seen on the way (a marker not shown, or not saved while the
    cursor was still in its field).
    """
    problems: list[str] = []
    last = max((i for i, step in enumerate(plan.steps) if isinstance(step, Visit)), default=-1)
    typed_at = time.monotonic()
    for index, step in enumerate(plan.steps[: last + 1]):
        if isinstance(step, Key):
            before = cursor(tmux)
            tmux.send(tmux_key(step.name))
            # The app hands a key to the widget focused when it arrives, and moves the
            # focus only once the key before has gone through the bindings: wait for it.
            differs = arrived(tmux, step, before)
            if differs:
                problems.append(differs)
            continue
        tmux.type(step.marker)
        typed_at = time.monotonic()
        try:
            tmux.wait_for(step.marker, timeout=5)
        except AssertionError:
            problems.append(f"{step}: typed, but not shown on the screen")
        if index == last:
            break  # the one-second wait and the kill decide
        if not poll(lambda m=step.marker: in_database(db, m), typed_at + SAVED_WITHIN):
            problems.append(
                f"{step}: not in the database {SAVED_WITHIN:.0f} s after it was typed, with "
                "the cursor still in the field (saved on leaving it at best)"
            )
    time.sleep(max(0.0, typed_at + 1.0 - time.monotonic()))
    os.kill(tmux.pane_pid(), signal.SIGKILL)
    assert tmux.wait_exit() == "signal 9", tmux.screen(history=True)
    return problems


# -- the test ---------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """One interview, still in Research, with two prepared questions and nothing else.

    Imported in-process, as `infoint-tui import` does (the program's start-up, about a
    second on a busy machine, is paid enough times in this file).
    """
    from infoint_tui.store.exchange.writer import import_json
    from infoint_tui.store.store import Store

    path = tmp_path / "interviews.db"
    interview = {"contact": {"name": CONTACT}, "questions": [{"text": q} for q in QUESTIONS]}
    document = {"format": "infoint-tui", "version": 1, "interviews": [interview]}
    store = Store.open(path)
    try:
        assert import_json(store.engine, json.dumps(document)).imported == 1
    finally:
        store.close()
    return path


@pytest.mark.parametrize("place", PLACES, ids=[place.name for place in PLACES])
def test_every_field_survives_sigkill_a_second_after_typing(
    tmp_path: Path, db: Path, place: Place
) -> None:
    """Every marker typed in the place is kept after a SIGKILL: in `infoint-tui export`
    for a stage, in the SQLite file for the person page and the composer."""
    assert PROGRAM.exists(), f"{PROGRAM} is missing: install the project (pip install -e .)"
    copy = tmp_path / "discovery.db"
    shutil.copyfile(db, copy)
    plan = discover(copy, place)
    problems = list(plan.problems)
    lost: list[Visit] = []
    if not plan.visits:
        problems.append("discovery found no text field to type into")
    else:
        with Tmux([PROGRAM, "--db", db], cwd=tmp_path) as tmux:
            tmux.wait_for(CONTACT, timeout=20)  # the first start may compile bytecode
            for key, shown in place.route:
                tmux.send(tmux_key(key))
                tmux.wait_for(shown)
            problems += replay(tmux, db, plan)
        if place.exported:
            exported = cli(tmp_path, "--db", str(db), "export").stdout
            lost = [visit for visit in plan.visits if visit.marker not in exported]
            where = "`infoint-tui export`"
        else:
            lost = [visit for visit in plan.visits if not in_database(db, visit.marker)]
            where = "the SQLite file"
        problems += [f"{visit}: not in {where} after SIGKILL" for visit in lost]

    typed = "\n".join(f"  {visit}" for visit in plan.visits)
    assert not problems, (
        f"{place.name}: {len(problems)} problem(s), {len(lost)} of {len(plan.visits)} "
        "markers lost\n"
        + "\n".join(f"- {problem}" for problem in problems)
        + f"\ntyped into:\n{typed}"
    )
