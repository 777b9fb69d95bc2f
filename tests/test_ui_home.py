"""Home under Pilot: the list, the welcome, the filter, opening, creating and deleting."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from conftest import screen_text, settle, until
from textual.message import Message
from textual.widgets import Input

from infoint_tui import timekeeping
from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.messages import InterviewsRead
from infoint_tui.screens.home import InterviewList
from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.widgets.row_list import NOT_READ, PagedRows


def _cells(app) -> list[list[str]]:
    table = app.screen.query_one("#interviews", InterviewList)
    return [table.row_texts(index) for index in range(table.row_count)]


async def test_first_run_shows_the_welcome(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        welcome = app.screen.query_one("#welcome")
        assert not welcome.has_class("hidden")
        assert "Press n" in str(welcome.render())
        assert "Nothing waiting" in str(app.screen.query_one("#todo").render())


async def test_list_shows_upcoming_first_then_recent(make_app, store) -> None:
    now = datetime.now(UTC)
    old = store.create_interview("Old Friend", occupation="Nurse")
    store.update_interview(old.id, scheduled_at=now - timedelta(days=20))
    recent = store.create_interview("Re [b]x[/b]", organization="Acme")
    store.update_interview(recent.id, scheduled_at=now - timedelta(days=1))
    store.save_reflection(recent.id, fit_confidence=4)
    soon = store.create_interview("Soon Person")
    store.update_interview(soon.id, scheduled_at=now + timedelta(hours=3))
    later = store.create_interview("Later Person")
    store.update_interview(later.id, scheduled_at=now + timedelta(days=9))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = _cells(app)
        assert [row[1] for row in rows] == [
            "Soon Person",
            "Later Person",
            "Re [b]x[/b]",
            "Old Friend",
        ]
        assert rows[2][2] == "Acme" and rows[2][5] == "★4"
        todo = str(app.screen.query_one("#todo").render())
        assert "Soon Person" in todo


@pytest.fixture
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    """UTC as the local zone and the app's clock stopped at noon on 10 June 2026."""
    now = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(timekeeping, "utcnow", lambda: now)
    yield now
    monkeypatch.undo()
    time.tzset()


async def test_list_dates_follow_what_happened(make_app, store, utc_clock) -> None:
    now = utc_clock
    old = store.create_interview("Old Friend")
    store.update_interview(old.id, scheduled_at=now - timedelta(days=30))
    held = store.create_interview("Held Early")  # planned for the 15th, held on the 8th
    store.update_interview(held.id, scheduled_at=now + timedelta(days=5))
    store.start_clock(held.id, at=now - timedelta(days=2))
    store.create_interview("No Date Yet")
    soon = store.create_interview("Soon Person")
    store.update_interview(soon.id, scheduled_at=now + timedelta(days=1))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert [(row[0], row[1]) for row in _cells(app)] == [
            ("11 Jun 12:00", "Soon Person"),  # upcoming first
            ("not scheduled", "No Date Yet"),  # then those without a date
            ("08 Jun 12:00", "Held Early"),  # then by date: when it was held, not planned
            ("11 May 12:00", "Old Friend"),
        ]
        shown = screen_text(app)
        assert "not scheduled No Date Yet" in " ".join(shown.split())
        assert "15 Jun" not in shown


async def test_todo_asks_whether_a_past_planned_interview_happened(
    make_app, store, utc_clock
) -> None:
    store.create_interview("Missed Maybe", scheduled_at=utc_clock - timedelta(days=1))
    held = store.create_interview("Surely Held", scheduled_at=utc_clock - timedelta(days=2))
    store.start_clock(held.id, at=utc_clock - timedelta(days=2))
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        todo = str(app.screen.query_one("#todo").render())
    assert "Did the interview with Missed Maybe on 09 Jun happen?" in todo
    assert "Surely Held" not in todo


async def test_filter_narrows_as_you_type_and_escape_clears(make_app, store) -> None:
    store.create_interview("Ada Lovelace", occupation="Engineer")
    store.create_interview("Grace Hopper", occupation="Admiral")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"admi")
        await settle(pilot)
        assert [row[1] for row in _cells(app)] == ["Grace Hopper"]
        await pilot.press("enter")  # back to the list with the filter kept
        assert isinstance(app.focused, InterviewList)
        await pilot.press("escape")
        await settle(pilot)
        assert len(_cells(app)) == 2


async def test_enter_opens_at_the_current_stage(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    store.set_stage(interview.id, "reflect")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.current_stage == "reflect"


async def test_n_creates_an_interview_with_the_cursor_in_the_name(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.current_stage == "research"
        assert app.focused is not None and app.focused.id == "contact-name"
        await pilot.press(*"Mae Jemison")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert [row[1] for row in _cells(app)] == ["Mae Jemison"]
    [row] = store.list_interviews()
    assert row.contact_name == "Mae Jemison"


async def test_delete_asks_first(make_app, store) -> None:
    store.create_interview("Keep Me")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert len(store.list_interviews()) == 1
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.list_interviews() == []
        assert not app.screen.query_one("#welcome").has_class("hidden")


async def test_todo_lists_thank_you_due_and_overdue(make_app, store) -> None:
    now = datetime.now(UTC)
    due = store.create_interview("Due Soon")
    store.end_interview(due.id, at=now - timedelta(hours=5))
    late = store.create_interview("Way Late")
    store.end_interview(late.id, at=now - timedelta(hours=30))
    sent = store.create_interview("Already Thanked")
    store.end_interview(sent.id, at=now - timedelta(hours=2))
    store.record_thank_you_sent(sent.id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        todo = str(app.screen.query_one("#todo").render())
    assert "Thank Way Late: overdue by 6 h" in todo
    assert "Thank Due Soon: 19 h left" in todo
    assert "Already Thanked" not in todo
    assert todo.index("Way Late") < todo.index("Due Soon")


async def test_ctrl_q_quits_after_saving(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f3", "enter", *"last words", "ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert store.interview(interview.id).questions[0].answer == "last words"


async def test_a_new_interview_left_blank_is_not_kept(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f10")
        await settle(pilot)
        assert not isinstance(app.screen, InterviewScreen)
    assert store.list_interviews() == []


async def test_a_new_interview_with_only_an_email_is_kept(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        interview_id = app.screen.interview_id
        contact_id = store.interview(interview_id).contact.id
        store.update_contact(contact_id, email="kim@example.org")
        await pilot.press("f10")
        await settle(pilot)
    [row] = store.list_interviews()
    assert row.id == interview_id


async def test_todo_lists_next_contacts_referrals_and_interviews_soon(make_app, store) -> None:
    from datetime import date

    past = store.create_interview("Lee Chen")
    store.set_next_contact(past.id, date.today() - timedelta(days=3))
    store.add_referral(past.id, "Kim Park", "runs the research guild")
    planned = store.add_referral(past.id, "Already Planned")
    store.plan_interview_from_referral(planned.id)
    later = store.create_interview("Far Future")
    store.set_next_contact(later.id, date.today() + timedelta(days=30))
    tomorrow = store.create_interview("Tomorrow Person")
    store.update_interview(tomorrow.id, scheduled_at=datetime.now(UTC) + timedelta(days=1))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        todo = str(app.screen.query_one("#todo").render())
    assert "Get back to Lee Chen (since" in todo
    assert "Contact Kim Park (via Lee Chen)" in todo
    assert "Already Planned (via" not in todo
    assert "Far Future" not in todo
    assert "Tomorrow Person" in todo
    assert todo.index("Lee Chen") < todo.index("Kim Park")  # overdue first


# -- the filter bar and search (f, ctrl+f) ---------------------------------------------------


def _filter_world(store) -> dict[str, int]:
    from datetime import date

    made = {}
    for name, occupation, organization, day, fit, stage in (
        ("Ada Lovelace", "Engineer", "Analytical Engines", date(2024, 3, 10), 4, "reflect"),
        ("Grace Hopper", "Admiral", "Navy Yard", date(2025, 6, 1), 2, "follow_up"),
        ("Carl Sagan", "Engineer", "Navy Yard", date(2025, 1, 15), 5, "reflect"),
    ):
        interview = store.create_interview(
            name,
            occupation=occupation,
            organization=organization,
            scheduled_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        )
        store.save_reflection(interview.id, fit_confidence=fit)
        store.set_stage(interview.id, stage)
        made[name] = interview.id
    return made


def _names(app) -> list[str]:
    return [row[1] for row in _cells(app)]


async def test_filter_bar_is_made_on_first_f_and_costs_no_rows_until_then(make_app, store) -> None:
    from infoint_tui.widgets.filters import FilterBar

    _filter_world(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#interviews", InterviewList)
        assert not app.screen.query(FilterBar)  # made on first use
        rows_before = table.region.height
        assert table.region.y == 1  # right under the header
        await pilot.press("f")
        await settle(pilot)
        bar = app.screen.query_one(FilterBar)
        assert bar.region.height == 1 and table.region.height == rows_before - 1
        assert app.focused is bar.query_one("#filter-occupation")
        await pilot.press("f")  # a Select has the focus: f hides the bar again
        await settle(pilot)
        assert bar.region.height == 0 and table.region.height == rows_before
        assert isinstance(app.focused, InterviewList)


async def test_filter_bar_reads_its_choices_in_a_worker_and_gets_them_as_a_message(
    make_app, store
) -> None:
    from textual.widgets import Select

    from infoint_tui.messages import FilterChoicesRead

    _filter_world(store)
    app = make_app()
    posted: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=posted.append) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        reads = [message for message in posted if isinstance(message, FilterChoicesRead)]
        assert len(reads) == 1
        occupations = {name for _, name in reads[0].occupations}
        organizations = {name for _, name in reads[0].organizations}
        assert "Engineer" in occupations and "Navy Yard" in organizations
        # What the message carried is what the field offers (an unknown value would raise).
        select = app.screen.query_one("#filter-occupation", Select)
        for occupation_id, _ in reads[0].occupations:
            select.value = occupation_id


async def test_filter_bar_narrows_the_list(make_app, store) -> None:
    from textual.widgets import Select

    from infoint_tui.widgets.filters import FilterBar

    _filter_world(store)
    engineer = next(o.id for o in store.occupations() if o.name == "Engineer")
    navy = next(o.id for o in store.organizations() if o.name == "Navy Yard")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        bar = app.screen.query_one(FilterBar)

        async def choose(name: str, value: object) -> None:
            bar.query_one(f"#filter-{name}", Select).value = value
            await settle(pilot)

        await choose("occupation", engineer)
        assert _names(app) == ["Carl Sagan", "Ada Lovelace"]
        await choose("organization", navy)
        assert _names(app) == ["Carl Sagan"]
        await choose("occupation", Select.NULL)
        await choose("organization", Select.NULL)
        await choose("stage", "reflect")
        assert _names(app) == ["Carl Sagan", "Ada Lovelace"]
        await choose("stage", Select.NULL)
        await choose("fit", 4)
        assert _names(app) == ["Carl Sagan", "Ada Lovelace"]
        await choose("sort", "fit")
        assert _names(app) == ["Carl Sagan", "Ada Lovelace"]
        await choose("fit", Select.NULL)
        await choose("sort", "contact")
        assert _names(app) == ["Ada Lovelace", "Carl Sagan", "Grace Hopper"]
        await choose("sort", "date")
        assert _names(app) == ["Grace Hopper", "Carl Sagan", "Ada Lovelace"]
        bar.query_one("#filter-since", Input).focus()
        await pilot.press(*"2025-01-01")
        await settle(pilot)
        assert _names(app) == ["Grace Hopper", "Carl Sagan"]
        bar.query_one("#filter-until", Input).focus()
        await pilot.press(*"2025-02")  # not a date yet: a hint, and ignored
        await settle(pilot)
        assert not bar.query_one("#filter-hint").has_class("hidden")
        assert _names(app) == ["Grace Hopper", "Carl Sagan"]
        await pilot.press(*"-01")
        await settle(pilot)
        assert bar.query_one("#filter-hint").has_class("hidden")
        assert _names(app) == ["Carl Sagan"]
        await pilot.press("escape")  # from the bar back to the list, the filters kept
        assert isinstance(app.focused, InterviewList)
        assert _names(app) == ["Carl Sagan"]
        await pilot.press("f")  # hiding the bar shows every interview again
        await settle(pilot)
        assert len(_names(app)) == 3


async def test_filter_bar_with_no_match_keeps_the_list_not_the_welcome(make_app, store) -> None:
    from infoint_tui.widgets.filters import FilterBar

    _filter_world(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one(FilterBar).query_one("#filter-since", Input).focus()
        await pilot.press(*"2030-01-01")
        await settle(pilot)
        assert _names(app) == []
        assert app.screen.query_one("#welcome").has_class("hidden")


async def test_ctrl_f_opens_search_and_escape_comes_back(make_app, store) -> None:
    from infoint_tui.screens.search import SearchScreen

    _filter_world(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.focused is app.screen.query_one("#search-query")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert len(_names(app)) == 3


def test_home_dates_show_the_year_only_outside_the_current_one() -> None:
    from infoint_tui.screens.home import home_date

    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    this_year = home_date(datetime(2026, 3, 4, 12, 0, tzinfo=UTC), now)
    assert this_year.startswith(("04 Mar", "03 Mar", "05 Mar")) and ":" in this_year
    assert home_date(datetime(2024, 3, 4, 12, 0, tzinfo=UTC), now).endswith("2024")


async def test_a_long_list_is_there_at_once_and_keys_walk_it(make_app, store) -> None:
    from infoint_tui.store.demo import generate

    generate(store.engine, 700, seed=3)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#interviews", InterviewList)
        assert table.row_count == 700
        # No slices: the list draws only what is on screen, and reads its rows by pages.
        assert isinstance(table.rows, PagedRows) and not table.rows.is_read(699)
        page = table.scrollable_content_region.height - 1  # the header takes a line
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and table.scroll_y == 0
        await pilot.press("pagedown")
        assert table.cursor_row == 2 + page
        assert table.scroll_y > 0  # the cursor stays in view
        await pilot.press("end")
        assert table.cursor_row == 699 and table.scroll_y == 700 + 1 - table.size.height
        # The last page is read when first drawn, then drawn (names cut to width).
        await until(pilot, lambda: table.row_at(699) is not None)
        last = table.row_texts(699)[1]
        assert last == table.rows[699].contact_name and last != NOT_READ
        await until(pilot, lambda: last[:10] in screen_text(app))
        await pilot.press("home")
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("up")
        assert table.cursor_row == 0


async def test_a_click_highlights_a_row_and_a_second_click_opens_it(make_app, store) -> None:
    for name in ("First Person", "Second Person", "Third Person"):
        store.create_interview(name)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#interviews", InterviewList)
        await pilot.click(InterviewList, offset=(20, 0))  # the header: nothing happens
        await settle(pilot)
        assert table.cursor_row == 0 and not isinstance(app.screen, InterviewScreen)
        await pilot.click(InterviewList, offset=(20, 2))
        assert table.cursor_row == 1
        assert not isinstance(app.screen, InterviewScreen)
        await pilot.click(InterviewList, offset=(20, 2))
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview_id == table.rows[1].id


async def test_the_name_filter_ignores_case_in_any_script(make_app, store) -> None:
    store.create_interview("Zoë Ärztin", occupation="Ärztin")
    store.create_interview("Ola Nordmann", organization="ÖBB")
    store.create_interview("Sam Smith")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ärztin")
        await settle(pilot)
        assert [row[1] for row in _cells(app)] == ["Zoë Ärztin"]
        await pilot.press(*["backspace"] * 6, *"öbb")
        await settle(pilot)
        assert [row[1] for row in _cells(app)] == ["Ola Nordmann"]
        await pilot.press(*["backspace"] * 3, *"SMITH sam")
        await settle(pilot)
        assert [row[1] for row in _cells(app)] == ["Sam Smith"]  # every word, any order
        await pilot.press("escape")
        await settle(pilot)
        assert len(_cells(app)) == 3


async def test_home_reads_again_on_return_only_after_a_save(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    app = make_app()
    reads: list[InterviewsRead] = []

    def hook(message: Message) -> None:
        if isinstance(message, InterviewsRead):
            reads.append(message)

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        assert reads and all(len(read.rows) == 1 for read in reads)  # the first read
        reads.clear()
        await pilot.press("v")  # read-back changes nothing
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert reads == []
        await pilot.press("enter", "f3", "enter", *"new")  # Live saves an answer
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert len(reads) == 1
    assert store.interview(interview.id).questions[0].answer == "new"
