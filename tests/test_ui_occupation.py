"""The occupation screen under Pilot: summary, answers side by side, adding unanswered questions."""

# ruff: noqa: RUF001  (salary ranges are shown with an en dash, as people write them)

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import push_from_app, screen_text, settle, until
from textual.message import Message
from textual.widgets import DataTable, SelectionList, Static

from infoint_tui.messages import OccupationRead, ReadFailed
from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.screens.occupation import OccupationScreen
from infoint_tui.screens.occupation_content import prepare
from infoint_tui.store.compare import occupation_overview
from infoint_tui.store.models import Stage

NOW = datetime.now(UTC)


def _interview(store, name, *, days=None, stage=None, fit=None, occupation="UX researcher"):
    interview = store.create_interview(name, occupation=occupation)
    if days is not None:
        store.update_interview(interview.id, scheduled_at=NOW + timedelta(days=days))
    if stage is not None:
        store.set_stage(interview.id, stage)
    if fit is not None:
        store.save_reflection(interview.id, fit_confidence=fit)
    return interview


def _answer(store, interview_id, category, text, answer) -> None:
    question = store.add_question(interview_id, text, category=category)
    store.save_answer(question.id, answer)


@pytest.fixture
def people(store):
    """Ana and Ben were interviewed about UX research; Cleo's interview is planned."""
    ana = _interview(store, "Ana Lima", days=-40, stage=Stage.DONE, fit=4)
    ben = _interview(store, "Ben Ode", days=-10, stage=Stage.DONE, fit=3)
    cleo = _interview(store, "Cleo Park", days=5, stage=Stage.QUESTIONS)
    _answer(store, ana.id, "typical_day", "What is a typical day?", "Interviews, then synthesis.")
    _answer(store, ben.id, "typical_day", "Walk me through a day?", "Mostly workshops.")
    _answer(store, ana.id, "salary", "What does it pay?", "$55k–70k at agencies")
    occupation_id = store.occupations()[0].id
    return occupation_id, {"ana": ana, "ben": ben, "cleo": cleo}


async def _open(pilot, occupation_id: int) -> OccupationScreen:
    await settle(pilot)
    screen = OccupationScreen(occupation_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def _answers_text(screen) -> str:
    return "\n".join(str(widget.render()) for widget in screen.query(".occ-answers"))


def test_interviews_show_the_held_date_or_not_scheduled(store) -> None:
    held = _interview(store, "Held", days=-20, stage=Stage.DONE)
    held_on = NOW - timedelta(days=3)
    store.start_clock(held.id, at=held_on)
    _interview(store, "No Date", stage=Stage.RESEARCH)
    overview = occupation_overview(store.engine, store.occupations()[0].id)
    rows = {cells[1].plain: cells[0].plain for _, cells in prepare(overview, []).rows}
    assert rows == {"Held": held_on.astimezone().strftime("%d %b %Y"), "No Date": "not scheduled"}


async def test_the_loading_worker_hands_its_result_back_as_a_message(make_app, people) -> None:
    occupation_id, _ = people
    app = make_app()
    posted: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=posted.append) as pilot:
        await settle(pilot)
        await push_from_app(pilot, screen := OccupationScreen(occupation_id))
        reads = [message for message in posted if isinstance(message, OccupationRead)]
        assert len(reads) == 1
        read = reads[0]
        assert read.overview.occupation_id == occupation_id
        assert read.planned is not None and read.planned.contact_name == "Cleo Park"
        assert screen.overview is read.overview and screen.planned is read.planned


async def test_a_missing_occupation_says_so_through_a_read_failed_message(make_app) -> None:
    app = make_app()
    posted: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=posted.append) as pilot:
        await settle(pilot)
        await push_from_app(pilot, screen := OccupationScreen(4242))
        failed = [message for message in posted if isinstance(message, ReadFailed)]
        assert [message.reason for message in failed] == ["This occupation no longer exists."]
        assert "no longer exists" in str(screen.query_one("#occ-summary", Static).render())
        assert not screen.query_one("#occ-body").loading


async def test_summary_fit_and_answers_by_category(make_app, people) -> None:
    occupation_id, _ = people
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, occupation_id)
        summary = str(screen.query_one("#occ-summary", Static).render())
        assert summary == (
            "3 people · 3 interviews (1 planned) · average fit 3.5/5 · salary heard: $55k–70k"
        )
        fit = str(screen.query_one("#occ-fit", Static).render())
        ana_day = f"{NOW - timedelta(days=40):%d %b %Y}"
        ben_day = f"{NOW - timedelta(days=10):%d %b %Y}"
        assert fit == f"Fit over time: {ana_day} ●●●●○ · {ben_day} ●●●○○"
        headings = [str(widget.render()) for widget in screen.query(".occ-heading")]
        assert headings[:2] == ["Typical day  2 answers", "Salary range  1 answer"]
        answers = _answers_text(screen)
        assert (
            f"Ana Lima · {ana_day}\nWhat is a typical day?\nInterviews, then synthesis." in answers
        )
        assert answers.index("Ana Lima") < answers.index("Ben Ode")
        assert "Mostly workshops." in answers
        text = screen_text(app)
        assert "Compare: UX researcher" in text
        assert "Typical day" in text and "Ana Lima" in text


async def test_user_text_shows_literally(make_app, store) -> None:
    evil = _interview(store, "[b]Eve[/b] [@click=app.quit]x[/]", days=-1, fit=2)
    _answer(store, evil.id, "advice", "[red]Why?[/red]", "Use [/] and [b carefully\x1b[31m.")
    _answer(store, evil.id, "salary", "Pay?", "[@click=app.quit]lots[/]")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, store.occupations()[0].id)
        answers = _answers_text(screen)
        assert "[b]Eve[/b] [@click=app.quit]x[/] · " in answers
        assert "[red]Why?[/red]" in answers
        assert "Use [/] and [b carefully\\x1b[31m." in answers
        assert "salary heard: [@click=app.quit]lots[/]" in str(
            screen.query_one("#occ-summary", Static).render()
        )
        await pilot.click("#occ-compare")
        await pilot.pause()
        assert app.is_running and app.screen is screen


async def test_a_adds_every_unanswered_question_to_the_planned_interview(
    make_app, store, people, notices
) -> None:
    occupation_id, made = people
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        screen = await _open(pilot, occupation_id)
        listing = screen.query_one("#occ-unanswered", SelectionList)
        shown = [listing.get_option_at_index(i).value for i in range(listing.option_count)]
        assert shown and not listing.selected
        target = str(screen.query_one("#occ-target", Static).render())
        assert "Cleo Park" in target
        await pilot.press("a")
        await settle(pilot)
        questions = store.interview(made["cleo"].id).questions
        assert len(questions) == len(shown)
        assert [q.position for q in questions] == list(range(len(shown)))
        assert all(q.bank_key for q in questions)
        added = notices.shown[-1]
        assert added.message.startswith(
            f"Added {len(shown)} questions to the interview with Cleo Park"
        )
        assert added.markup is False
        # A second press adds nothing twice.
        await pilot.press("a")
        await settle(pilot)
        assert len(store.interview(made["cleo"].id).questions) == len(shown)
        assert notices.messages[-1].startswith("These are already on the list")
        assert not store.interview(made["ana"].id).questions[2:]


async def test_a_adds_only_the_ticked_questions(make_app, store, people) -> None:
    occupation_id, made = people
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, occupation_id)
        listing = screen.query_one("#occ-unanswered", SelectionList)
        picked = [listing.get_option_at_index(i).value for i in (3, 1)]
        listing.focus()
        for value in picked:
            listing.select(value)
        await pilot.press("a")
        await settle(pilot)
        texts = [q.text for q in store.interview(made["cleo"].id).questions]
        banks = {q.id: q.text for q in store.unanswered_bank_questions(occupation_id)}
        assert sorted(texts) == sorted(banks[value] for value in picked)
        assert not listing.selected  # cleared after adding


async def test_without_a_planned_interview_a_says_so_in_one_line(make_app, store, notices) -> None:
    held = _interview(store, "Held Person", days=-3, stage=Stage.DONE, fit=5)
    _interview(store, "Stale Plan", days=-1)  # scheduled in the past, never held
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        screen = await _open(pilot, store.occupations()[0].id)
        assert "No interview about this occupation is planned yet." in str(
            screen.query_one("#occ-target", Static).render()
        )
        await pilot.press("a")
        await settle(pilot)
        assert notices.messages == ["No interview about UX researcher is planned yet."]
        assert notices.shown[0].markup is False
        assert store.interview(held.id).questions == []
        assert app.screen is screen


async def test_usable_at_80x24_with_keys_open_and_back(make_app, people) -> None:
    occupation_id, made = people
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, occupation_id)
        text = screen_text(app)
        assert "3 people · 3 interviews" in text
        for key in ("esc Back", "a Add to next", "o Open"):
            assert key in text
        assert not screen.query_one("#occ-body").has_class("wide")
        assert screen.query_one("#occ-body").can_focus
        await pilot.press("pagedown", "pagedown", "pagedown")
        table = screen.query_one("#occ-interviews", DataTable)
        assert table.row_count == 3
        table.focus()
        await pilot.pause()
        assert "Cleo Park" in screen_text(app)  # the newest first
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview_id == made["cleo"].id
        app.pop_screen()
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, OccupationScreen)


async def test_wide_terminal_shows_interviews_beside_the_answers(make_app, people) -> None:
    occupation_id, _ = people
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _open(pilot, occupation_id)
        assert screen.query_one("#occ-body").has_class("wide")
        compare = screen.query_one("#occ-compare").region
        side = screen.query_one("#occ-side").region
        assert side.x >= compare.right and side.y == compare.y
        assert compare.width > side.width
        lines = screen_text(app).splitlines()
        assert any("Typical day" in line and "3 interviews" in line for line in lines)


async def test_an_occupation_without_answers_says_what_will_show(make_app, store) -> None:
    _interview(store, "Only Planned", days=2)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, store.occupations()[0].id)
        assert "No answers yet" in _answers_text(screen)
        assert "no fit given yet" in str(screen.query_one("#occ-summary", Static).render())
        assert "none given yet" in str(screen.query_one("#occ-fit", Static).render())


# -- a crowded occupation: the screen fills in slices between frames ----------------------

CROWD = 60
"""More interviews than the first slice of the list holds (ROWS_PER_SLICE)."""
CROWD_CATEGORIES = ("typical_day", "salary", "advice")


@pytest.fixture
def crowd(store):
    """60 people interviewed about game design, each answering three long questions."""
    made = []
    for number in range(CROWD):
        interview = _interview(
            store, f"Person {number:02d}", days=-CROWD + number, occupation="Game designer"
        )
        for category in CROWD_CATEGORIES:
            words = " ".join(f"{category}-{number}-{word}" for word in range(30))
            _answer(store, interview.id, category, f"About {category}?", words)
        made.append(interview)
    return store.occupations()[0].id, made


def _compare_headings(screen) -> list[str]:
    compare = screen.query_one("#occ-compare")
    return [str(widget.render()).split("  ")[0] for widget in compare.query(".occ-heading")]


async def _filled(pilot, screen) -> None:
    """Wait for the slices still to come (a frame each)."""
    await until(pilot, lambda: not screen.filling)
    await settle(pilot)


def _watch_shows(screen, monkeypatch, after=None) -> list[dict]:
    """Record what the screen holds right after each `show`, before any later slice."""
    seen: list[dict] = []
    original = screen.show

    def show(*args) -> None:
        original(*args)
        compare = screen.query_one("#occ-compare")
        seen.append(
            {
                "headings": _compare_headings(screen),
                "answers": len(compare.query(".occ-answers")),
                "rows": screen.query_one("#occ-interviews", DataTable).row_count,
                "loading": screen.query_one("#occ-body").loading,
                "summary": str(screen.query_one("#occ-summary", Static).render()),
            }
        )
        if after is not None:
            after(len(seen))

    monkeypatch.setattr(screen, "show", show)
    return seen


async def test_a_crowded_comparison_shows_the_first_category_at_once_then_the_rest(
    make_app, crowd, monkeypatch
) -> None:
    occupation_id, _ = crowd
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = OccupationScreen(occupation_id)
        seen = _watch_shows(screen, monkeypatch)
        await app.push_screen(screen)
        await settle(pilot)
        await _filled(pilot, screen)
        first = seen[0]
        assert first["summary"].startswith(f"{CROWD} people · {CROWD} interviews")
        assert first["headings"] == ["Typical day"]  # the first screenful, at once
        assert first["answers"] == 1
        assert 0 < first["rows"] < CROWD
        assert first["loading"] is False
        assert _compare_headings(screen) == ["Typical day", "Salary range", "Advice"]
        answers = _answers_text(screen)
        for category in CROWD_CATEGORIES:  # the newest 40 of each, the newest person too
            assert f"{category}-{CROWD - 1}-29" in answers
        table = screen.query_one("#occ-interviews", DataTable)
        assert table.row_count == CROWD
        assert "Person 59" in str(table.get_row_at(0)[1])  # the newest first
        assert "Typical day" in screen_text(app)


async def test_a_reload_during_the_fill_shows_each_category_and_interview_once(
    make_app, store, crowd, monkeypatch
) -> None:
    occupation_id, made = crowd
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = OccupationScreen(occupation_id)

        def reload_once(shows: int) -> None:
            if shows == 1:  # the first slice is up, the rest still to come
                _answer(store, made[0].id, "trends", "Where is it going?", "Up.")
                store.set_stage(made[5].id, Stage.DONE)  # one row of the list changes
                overview = occupation_overview(store.engine, occupation_id)
                unanswered = store.unanswered_bank_questions(occupation_id)
                screen.show(overview, prepare(overview, unanswered), None)

        seen = _watch_shows(screen, monkeypatch, after=reload_once)
        await app.push_screen(screen)
        await settle(pilot)
        await _filled(pilot, screen)
        assert len(seen) == 2
        assert seen[1]["headings"] == ["Typical day"]  # the second fill had just begun
        headings = _compare_headings(screen)
        assert headings == ["Typical day", "Salary range", "Trends", "Advice"]
        compare = screen.query_one("#occ-compare")
        assert len(compare.children) == 2 * len(headings)
        assert len(compare.query(".occ-answers")) == len(headings)
        table = screen.query_one("#occ-interviews", DataTable)
        assert table.row_count == CROWD
        assert len({str(table.get_row_at(i)[1]) for i in range(CROWD)}) == CROWD
        assert "Done" in str(table.get_row(str(made[5].id))[3])
        # The same again, with nothing changed: the widgets stay as they are.
        widgets = list(compare.children)
        screen.load()
        await settle(pilot)
        await _filled(pilot, screen)
        assert list(compare.children) == widgets
        assert table.row_count == CROWD


async def test_coming_back_keeps_the_place_and_the_highlighted_interview(
    make_app, store, crowd
) -> None:
    occupation_id, made = crowd
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, occupation_id)
        await _filled(pilot, screen)
        body = screen.query_one("#occ-body")
        table = screen.query_one("#occ-interviews", DataTable)
        table.move_cursor(row=50)  # beyond the first slice
        await pilot.pause()
        chosen = made[CROWD - 1 - 50].id
        assert screen.selected_interview() == chosen
        body.scroll_to(y=120, animate=False)
        await pilot.pause()
        assert body.scroll_y == 120
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        # While away: an answer changes, and so does an interview's stage.
        question = store.interview(made[-1].id).questions[0]
        store.save_answer(question.id, "Rewritten while the comparison was hidden.")
        store.set_stage(made[3].id, Stage.DONE)
        app.pop_screen()
        await settle(pilot)
        await _filled(pilot, screen)
        assert app.screen is screen
        assert "Rewritten while the comparison was hidden." in _answers_text(screen)
        assert table.row_count == CROWD
        assert screen.selected_interview() == chosen
        assert body.scroll_y == 120
