"""Home under Pilot: the list, the welcome, the filter, opening, creating and deleting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import settle
from textual.widgets import DataTable, Input

from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.screens.interview import InterviewScreen


def _cells(app) -> list[list[str]]:
    table = app.screen.query_one("#interviews", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


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
        assert isinstance(app.focused, DataTable)
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
