"""Research under Pilot: every field saves what is typed, on a real database, at 80x24."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from conftest import open_stage, screen_text, settle
from textual.widgets import Input, Select

from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.store.models import Medium
from infoint_tui.widgets.fields import CheckedInput, SavingInput, SavingTextArea

HOSTILE = "[b]x[/] [@click=app.quit]q[/] [/] [b"


async def type_into(pilot, screen, field_id: str, text: str, *, clear: bool = False) -> None:
    field = screen.query_one(f"#{field_id}")
    field.focus()
    await pilot.pause()
    if clear:
        await pilot.press("end", "ctrl+u")
    await pilot.press(*text)


@pytest.fixture
def local_utc_minus_5(monkeypatch: pytest.MonkeyPatch):
    """Run the test in a local time zone five hours behind UTC, without tzdata."""
    monkeypatch.setenv("TZ", "XYZ+05")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_typing_in_each_field_stores_it(make_app, store) -> None:
    interview = store.create_interview("", organization="Acme")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        assert app.focused is screen.query_one("#contact-name")
        typed = {
            "contact-name": "Ada L",
            "contact-role": "Analyst",
            "contact-email": "a@b.org",
            "contact-phone": "+44 20",
            "contact-profile": "x.org/ada",
            "contact-how-met": "Alumni",
            "org-sector": "Engines",
            "org-website": "acme.io",
            "org-notes": "Engines.",
            "research-notes": "Report",
            "goals": "The day",
        }
        for field_id, text in typed.items():
            await type_into(pilot, screen, field_id, text)
        await type_into(pilot, screen, "planned-minutes", "45", clear=True)
        await settle(pilot)
        for field_id, text in typed.items():
            field = screen.query_one(f"#{field_id}")
            shown = field.value if isinstance(field, Input) else field.text
            assert shown == text
    bundle = store.interview(interview.id)
    contact, organization = bundle.contact, bundle.organization
    assert (contact.name, contact.role, contact.email) == ("Ada L", "Analyst", "a@b.org")
    assert (contact.phone, contact.profile_url, contact.how_met) == (
        "+44 20",
        "x.org/ada",
        "Alumni",
    )
    assert organization is not None
    assert (organization.name, organization.sector, organization.website) == (
        "Acme",
        "Engines",
        "acme.io",
    )
    assert organization.research_notes == "Engines."
    assert bundle.interview.research_notes == "Report"
    assert bundle.interview.goals == "The day"
    assert bundle.interview.planned_minutes == 45


async def test_hostile_text_is_stored_and_shown_literally(make_app, store) -> None:
    referrer = store.create_interview(HOSTILE)
    referrer_contact = store.interview(referrer.id).contact.id
    interview = store.create_interview("Bo", referred_by_id=referrer_contact)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        referred = screen.query_one("#referred-by")
        assert referred.display
        assert str(referred.render()) == f"Referred by {HOSTILE}"
        await pilot.click("#referred-by", offset=(15, 0))  # on the would-be [@click] link
        await type_into(pilot, screen, "contact-role", HOSTILE)
        await type_into(pilot, screen, "goals", HOSTILE)
        await type_into(pilot, screen, "org-name", "[b]A[/]")
        await settle(pilot)
        assert app.is_running and app.return_code is None
        shown = screen_text(app)
        assert f"Referred by {HOSTILE}" in shown
        assert screen.query_one("#contact-role", Input).value == HOSTILE
    bundle = store.interview(interview.id)
    assert bundle.contact.role == HOSTILE
    assert bundle.interview.goals == HOSTILE
    assert bundle.organization is not None and bundle.organization.name == "[b]A[/]"


async def test_date_is_local_time_saved_as_utc_and_bad_text_is_not_saved(
    make_app, store, local_utc_minus_5
) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        hint = screen.query_one("#scheduled-hint")
        await type_into(pilot, screen, "scheduled", "2025-05-14 15:30")
        await settle(pilot)
        assert store.interview(interview.id).interview.scheduled_at == datetime(
            2025, 5, 14, 20, 30, tzinfo=UTC
        )
        assert not hint.display

        await pilot.press("backspace", "backspace", "9")  # "2025-05-14 15:9" is no time
        await settle(pilot)
        assert hint.display
        assert "YYYY-MM-DD HH:MM" in str(hint.render())
        assert "YYYY-MM-DD HH:MM" in screen_text(app)
        assert screen.query_one("#scheduled").has_class("-invalid")
        assert store.interview(interview.id).interview.scheduled_at == datetime(
            2025, 5, 14, 20, 30, tzinfo=UTC
        )

        await pilot.press("ctrl+u")  # empty clears the date
        await settle(pilot)
        assert not hint.display
        assert store.interview(interview.id).interview.scheduled_at is None

        await pilot.press(*"2025-01-02 08:05")
        await settle(pilot)
    assert store.interview(interview.id).interview.scheduled_at == datetime(
        2025, 1, 2, 13, 5, tzinfo=UTC
    )


async def test_stored_time_is_shown_in_local_time(make_app, store, local_utc_minus_5) -> None:
    when = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    interview = store.create_interview("Ada", scheduled_at=when)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        assert screen.query_one("#scheduled", CheckedInput).value == "2025-06-01 07:00"
        await settle(pilot)
    assert store.interview(interview.id).interview.scheduled_at == when  # showing saves nothing


async def test_planned_minutes_outside_5_to_180_are_not_saved(make_app, store) -> None:
    interview = store.create_interview("Ada", planned_minutes=30)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        hint = screen.query_one("#planned-minutes-hint")
        assert screen.query_one("#planned-minutes", Input).value == "30"
        await type_into(pilot, screen, "planned-minutes", "4", clear=True)
        await settle(pilot)
        assert hint.display and "5 to 180" in str(hint.render())
        assert store.interview(interview.id).interview.planned_minutes == 30
        await pilot.press("0", "0")  # 40 is saved on the way, 400 is not
        await settle(pilot)
        assert hint.display
        assert screen.query_one("#planned-minutes", Input).value == "400"
        assert store.interview(interview.id).interview.planned_minutes == 40
        await type_into(pilot, screen, "planned-minutes", "60", clear=True)
        await settle(pilot)
        assert not hint.display
    assert store.interview(interview.id).interview.planned_minutes == 60


async def test_medium_select_shows_and_saves(make_app, store) -> None:
    interview = store.create_interview("Ada", medium=Medium.PHONE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        select = screen.query_one("#medium", Select)
        await settle(pilot)
        assert select.value == "phone"
        assert "Phone" in screen_text(app)
        assert store.interview(interview.id).interview.medium == "phone"  # showing saves nothing
        select.focus()
        await pilot.pause()
        await pilot.press("enter", "up", "enter")
        await settle(pilot)
        assert select.value == "in_person"
    assert store.interview(interview.id).interview.medium == "in_person"


async def test_organization_is_found_or_created_by_name(make_app, store) -> None:
    other = store.create_interview("Old", organization="Acme")
    acme = store.interview(other.id).organization
    assert acme is not None and acme.id is not None
    store.update_organization(acme.id, sector="Health")
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        sector = screen.query_one("#org-sector", SavingInput)
        assert sector.disabled  # details belong to an organization: a name comes first
        await type_into(pilot, screen, "org-name", "acme")
        await settle(pilot)
        assert not sector.disabled
        assert sector.value == "Health"  # the existing organization's details appear
        assert store.interview(interview.id).organization.id == acme.id

        await type_into(pilot, screen, "org-name", "Be", clear=True)
        await settle(pilot)  # "Be" is saved on the way to "Beta Labs"...
        await pilot.press(*"ta Labs")
        await settle(pilot)
        assert sector.value == ""
        await type_into(pilot, screen, "org-sector", "Biotech")
        await settle(pilot)
    names = sorted(row.name for row in store.organizations())
    assert names == ["Acme", "Beta Labs"]  # ...and dropped once left
    linked = store.interview(interview.id).organization
    assert linked is not None and (linked.name, linked.sector) == ("Beta Labs", "Biotech")
    assert store.interview(other.id).organization.sector == "Health"


async def test_occupation_suggests_known_names_and_links_by_name(make_app, store) -> None:
    store.create_interview("Old", occupation="Nurse")
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        field = screen.query_one("#occupation", SavingInput)
        await type_into(pilot, screen, "occupation", "nu")
        await pilot.pause()
        assert "Occupation  nurse" in screen_text(app)  # typed "nu", suggested "rse"
        await pilot.press("right")  # accepts the suggestion
        await settle(pilot)
        assert field.value == "Nurse"
        assert store.interview(interview.id).occupation.name == "Nurse"

        await type_into(pilot, screen, "occupation", "Data scientist", clear=True)
        await settle(pilot)
    assert store.interview(interview.id).occupation.name == "Data scientist"
    assert sorted(o.name for o in store.occupations()) == ["Data scientist", "Nurse"]


async def test_f2_from_a_text_field_goes_to_questions_and_saves(make_app, store) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        await type_into(pilot, screen, "goals", "Ask about nights")
        assert isinstance(app.focused, SavingTextArea)
        await pilot.press("f2")
        await settle(pilot)
        assert screen.current_stage == "questions"
        assert app.focused is screen.query_one("#question-list")
    bundle = store.interview(interview.id)
    assert bundle.interview.goals == "Ask about nights"
    assert bundle.interview.stage == "research"  # looking at Questions changes nothing


async def test_new_on_home_focuses_the_contact_name(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert app.focused is screen.query_one("#contact-name")
        await pilot.press(*"Grace")
        await settle(pilot)
        assert "Grace" in screen_text(app)
    (row,) = store.list_interviews()
    assert row.contact_name == "Grace"


async def test_the_form_scrolls_to_the_last_field_at_80x24(make_app, store) -> None:
    interview = store.create_interview("Ada")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stage(pilot, interview.id, "research")
        assert "Goals" not in screen_text(app)
        await type_into(pilot, screen, "goals", "Last field")
        await pilot.pause()
        assert "Last field" in screen_text(app)
