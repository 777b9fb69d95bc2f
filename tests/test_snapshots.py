"""Snapshot tests: Home and every stage at 80x24, on fixed data at a fixed time.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing. The README shows these SVG files.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infoint_tui import timekeeping
from infoint_tui.app import InfointApp
from infoint_tui.store.kinds import OutreachStatus
from infoint_tui.store.store import Store

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def fixed_time(monkeypatch: pytest.MonkeyPatch):
    """UTC as the local zone and a clock stopped at NOW."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(timekeeping, "utcnow", lambda: NOW)
    yield NOW
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def sample(fixed_time, db_path: Path) -> tuple[Store, int]:
    """Three interviews; the second is mid-conversation with answers, a note and stars."""
    store = Store.open(db_path)
    done = store.create_interview(
        "Grace Okafor",
        occupation="Hospital pharmacist",
        organization="St Mary's Hospital",
        bank_key="essentials",
        scheduled_at=NOW - timedelta(days=12),
    )
    store.start_clock(done.id, at=NOW - timedelta(days=12))
    store.end_interview(done.id, at=NOW - timedelta(days=12) + timedelta(minutes=27))
    store.save_reflection(done.id, fit_confidence=4, most_interesting="Ward rounds with doctors")
    store.record_thank_you_sent(done.id, at=NOW - timedelta(days=11))
    store.set_stage(done.id, "done")

    live = store.create_interview(
        "Sam Rivera",
        occupation="UX researcher",
        organization="Northwind Labs",
        bank_key="essentials",
        scheduled_at=NOW - timedelta(minutes=12),
    )
    store.update_contact(store.interview(live.id).contact.id, role="Senior UX researcher")
    store.start_clock(live.id, at=NOW - timedelta(minutes=12, seconds=3))
    questions = store.interview(live.id).questions
    store.mark_asked(questions[0].id, at_seconds=41)
    store.save_answer(
        questions[0].id,
        "Mornings are interviews with users, afternoons are synthesis with the designers. "
        "About a third of the week goes to planning studies.",
    )
    store.star_question(questions[0].id)
    store.mark_asked(questions[1].id, at_seconds=190)
    store.save_answer(questions[1].id, "A lot: launches change everything. [b]Never[/b] dull.")
    store.add_note(
        live.id, "Mentioned the [UX] research guild meetup", offset_seconds=552, starred=True
    )
    store.set_stage(live.id, "live")

    earlier = store.create_interview(
        "Lee Chen",
        occupation="UX researcher",
        organization="Fernhill Software",
        bank_key="essentials",
        scheduled_at=NOW - timedelta(days=40),
    )
    store.start_clock(earlier.id, at=NOW - timedelta(days=40))
    store.end_interview(earlier.id, at=NOW - timedelta(days=40) + timedelta(minutes=30))
    answers = {
        0: "Stand-up, then two user sessions; the rest is writing up what users said.",
        2: "Hearing users describe a problem the team never knew about.",
        8: "Around $65k-80k for a junior researcher here.",
    }
    for index, question in enumerate(store.interview(earlier.id).questions):
        if index in answers:
            store.mark_asked(question.id, at_seconds=60 * index + 30)
            store.save_answer(question.id, answers[index])
    store.save_reflection(earlier.id, fit_confidence=3, most_helpful="Build a small portfolio")
    store.set_stage(earlier.id, "done")

    soon = store.create_interview(
        "Priya Raman",
        occupation="Data scientist",
        organization="Acme Analytics",
        scheduled_at=NOW + timedelta(days=1, hours=2),
    )
    store.set_stage(soon.id, "questions")
    yield store, live.id
    store.close()


def _open(interview_id: int, stage: str):
    async def run_before(pilot) -> None:
        from infoint_tui.screens.interview import InterviewScreen

        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.app.push_screen(InterviewScreen(interview_id, stage=stage))
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        # What a stage's first paint queued (a save, a read after it) is in before the
        # picture: on a loaded machine one arrived after it once (Follow-up, -n 4).
        assert pilot.app.saver.flush(timeout=10)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if stage == "follow_up":  # the thank-you note takes the focus once its draft is in
            deadline = time.monotonic() + 10
            while getattr(pilot.app.focused, "id", None) != "thank-you":
                assert time.monotonic() < deadline, "the note never took the focus"
                await pilot.pause(0.02)
        # A blinking cursor (Research opens in the contact's name) would make the picture
        # depend on the moment it is taken.
        focused = pilot.app.focused
        if focused is not None and hasattr(focused, "cursor_blink"):
            focused.cursor_blink = False
            await pilot.pause()

    return run_before


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home(snap_compare, sample, db_path: Path) -> None:
    store, _ = sample
    assert snap_compare(InfointApp(db_path, store=store), run_before=_settle)


@pytest.mark.parametrize("stage", ["research", "questions", "live", "reflect", "follow_up"])
def test_stage(snap_compare, sample, db_path: Path, stage: str) -> None:
    store, interview_id = sample
    opened = _open(interview_id, stage)

    async def run_before(pilot) -> None:
        await opened(pilot)
        # No text cursor in the picture: whether a blinking one shows depended on the
        # moment under load (Follow-up's note, -n 4). The focused field keeps its style.
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False
            field.refresh()
        await pilot.pause()

    assert snap_compare(InfointApp(db_path, store=store), run_before=run_before)


@pytest.mark.parametrize(
    ("size", "typing"),
    [((60, 20), False), ((60, 20), True), ((80, 24), True), ((120, 40), False)],
    ids=["60x20", "60x20-typing", "80x24-typing", "120x40"],
)
def test_live_sizes(snap_compare, sample, db_path: Path, size, typing: bool) -> None:
    """Live's layout rules (screens.md): the list has the rows until the answer is typed."""
    store, interview_id = sample
    opened = _open(interview_id, "live")

    async def run_before(pilot) -> None:
        await opened(pilot)
        if typing:
            await pilot.press("up", "up", "enter")  # the second question's answer
            pilot.app.screen.query_one("#answer").cursor_blink = False
            await _settle(pilot)

    app = InfointApp(db_path, store=store)
    assert snap_compare(app, run_before=run_before, terminal_size=size)


def test_occupation_comparison(snap_compare, sample, db_path: Path) -> None:
    from infoint_tui.screens.occupation import OccupationScreen

    store, interview_id = sample
    occupation_id = store.interview(interview_id).occupation.id

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.app.push_screen(OccupationScreen(occupation_id))
        await _settle(pilot)

    assert snap_compare(InfointApp(db_path, store=store), run_before=run_before)


def test_search(snap_compare, sample, db_path: Path) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        # A blinking cursor would make the picture depend on timing.
        pilot.app.screen.query_one("#search-query").cursor_blink = False
        await pilot.press(*"users")
        results = pilot.app.screen.query_one("#search-results")
        for _ in range(500):  # the search waits for a pause in typing, then runs in a worker
            if results.option_count == 3:
                break
            await pilot.pause(0.01)
        await _settle(pilot)

    store, _ = sample
    assert snap_compare(InfointApp(db_path, store=store), run_before=run_before)


def test_read_back(snap_compare, sample, db_path: Path) -> None:
    from infoint_tui.screens.read_back import ReadBackScreen

    store, interview_id = sample

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.app.push_screen(ReadBackScreen(interview_id))
        await _settle(pilot)

    assert snap_compare(InfointApp(db_path, store=store), run_before=run_before)


@pytest.fixture
def people(sample) -> tuple[Store, dict[str, int]]:
    """The sample's people, and a few more at each step of asking for a conversation."""
    from infoint_tui.store.kinds import OutreachStatus, TimelineKind

    store, _ = sample
    ids = {line.name: line.id for line in store.people()}
    # Where each works and how far asking went, as the user would have set them.
    for name, organization, status in (
        ("Lee Chen", "Fernhill Software", OutreachStatus.INTERVIEWED),
        ("Sam Rivera", "Northwind Labs", OutreachStatus.SCHEDULED),
        ("Priya Raman", "Acme Analytics", OutreachStatus.SCHEDULED),
    ):
        store.set_person_organization(ids[name], organization)
        store.set_outreach_status(ids[name], status, at=NOW - timedelta(days=30))
    grace = ids["Grace Okafor"]
    store.set_person_organization(grace, "St Mary's Hospital")
    store.update_contact(grace, role="Clinical pharmacist", how_met="Alumni directory")
    store.update_contact(grace, notes="Loves teaching students on the wards.")
    store.log_event(grace, TimelineKind.REQUEST, "Dear Grace, …", at=NOW - timedelta(days=19))
    store.log_event(grace, TimelineKind.REPLY, "Happy to talk!", at=NOW - timedelta(days=17))
    store.set_outreach_status(grace, OutreachStatus.INTERVIEWED, at=NOW - timedelta(days=12))
    store.set_keep_in_touch(grace, 90)
    done = store.person_page(grace).interview_ids[0]
    store.add_referral(done, "Jordan Blake", "runs the pharmacy residency")
    maya = store.add_person(
        "Maya Chen",
        organization="Fernhill Software",
        role="Research lead",
        how_found="LinkedIn",
    )
    dana = store.add_person("Dana Whitfield", organization="Acme Analytics", how_found="Event")
    store.log_event(dana.id, TimelineKind.REQUEST, "Dear Dana, …", at=NOW - timedelta(days=4))
    omar = store.add_person("Omar Haddad", organization="Northwind Labs", role="Designer")
    store.set_outreach_status(omar.id, OutreachStatus.DECLINED)
    ids.update({"Maya Chen": maya.id, "Dana Whitfield": dana.id, "Omar Haddad": omar.id})
    return store, ids


def _people_screens(*steps: str):
    """Home, then `p` (People), then each of `steps`: a person's name to open, or keys."""

    async def run_before(pilot) -> None:
        from infoint_tui.screens.people import PeopleList

        await _settle(pilot)
        await pilot.press("p")
        await _settle(pilot)
        await _settle(pilot)
        for step in steps:
            if step.startswith("key:"):
                await pilot.press(step.removeprefix("key:"))
            else:
                table = pilot.app.screen.query_one(PeopleList)
                table.cursor_row = next(
                    index for index, line in enumerate(table.rows) if line.name == step
                )
                await pilot.press("enter")
            await _settle(pilot)
            await _settle(pilot)
        focused = pilot.app.focused
        if focused is not None and hasattr(focused, "cursor_blink"):
            focused.cursor_blink = False
            await pilot.pause()

    return run_before


def test_people(snap_compare, people, db_path: Path) -> None:
    store, _ = people
    assert snap_compare(InfointApp(db_path, store=store), run_before=_people_screens())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_person(snap_compare, people, db_path: Path, size) -> None:
    store, _ = people
    app = InfointApp(db_path, store=store)
    assert snap_compare(app, run_before=_people_screens("Grace Okafor"), terminal_size=size)


def test_people_composer(snap_compare, people, db_path: Path) -> None:
    store, _ = people
    run_before = _people_screens("Maya Chen", "key:ctrl+r")
    assert snap_compare(InfointApp(db_path, store=store), run_before=run_before)


def test_target_list(snap_compare, sample, db_path: Path) -> None:
    """Ranked organizations with their stars, people and progress; the people at the first."""
    from infoint_tui.screens.targets import TargetsScreen

    store, _ = sample
    for organization, score in [
        ("Northwind Labs", 5),
        ("St Mary's Hospital", 4),
        ("Acme Analytics", 4),
        ("Globex", 2),
    ]:
        store.set_motivation(organization, score)
    store.add_person("Dana Fox", organization="Northwind Labs", role="Research ops lead")
    # In the app, Research places a person where their interview is (`link_by_name`).
    where = {"Sam Rivera": "Northwind Labs", "Grace Okafor": "St Mary's Hospital"}
    for line in store.people():
        if line.name in where:
            store.set_person_organization(line.id, where[line.name])
        if line.name == "Sam Rivera":  # the conversation under way was scheduled
            store.set_outreach_status(line.id, OutreachStatus.SCHEDULED)

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.app.push_screen(TargetsScreen())
        await _settle(pilot)

    assert snap_compare(InfointApp(db_path, store=store), run_before=run_before)
