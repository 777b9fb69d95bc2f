"""People under Pilot: the list and its status keys, a person's page, the composer, and the
outreach items on Home's to-do panel, on a real SQLite file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import USER_NAME, Notices, screen_text, settle, type_text, until
from textual import events
from textual.widgets import Input, OptionList, Static

from infoint_tui import timekeeping
from infoint_tui.dialogs.choice import ChoiceDialog
from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.request_note import count_words
from infoint_tui.screens.composer import ComposerScreen
from infoint_tui.screens.home import HomeScreen
from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.screens.people import PeopleList, PeopleScreen
from infoint_tui.screens.person import PersonScreen
from infoint_tui.settings import OUTREACH_TIMING, save_setting
from infoint_tui.store.kinds import OUTREACH_LABELS, OutreachStatus, TimelineKind
from infoint_tui.widgets.fields import SavingTextArea

# A Wednesday at noon (UTC is the local zone in these tests).
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


class Clock:
    """The app's clock, stopped at `now` until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """UTC as the local zone and the app's clock stopped at NOW (`clock.now = …` moves it)."""
    stopped = Clock(NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(timekeeping, "utcnow", stopped)
    yield stopped
    monkeypatch.undo()
    time.tzset()


def _rows(app) -> list[list[str]]:
    table = app.screen.query_one("#people", PeopleList)
    return [table.row_texts(index) for index in range(table.row_count)]


def _names(app) -> list[str]:
    return [row[0] for row in _rows(app)]


def _footer(app) -> str:
    """The footer's line: the last non-blank line on screen."""
    lines = [line for line in screen_text(app).splitlines() if line.strip()]
    return lines[-1]


async def _open_people(pilot) -> PeopleScreen:
    """Home, then `p`, once People has read everyone."""
    await settle(pilot)
    await pilot.press("p")
    await until(pilot, lambda: isinstance(pilot.app.screen, PeopleScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.loaded)
    await settle(pilot)
    return screen


def _three_people(store) -> dict[str, int]:
    """Ada (Acme, engineer, LinkedIn, request sent), Bob (introduced by Ada), Cleo (Globex,
    declined)."""
    ada = store.add_person(
        "Ada Lovelace", organization="Acme", role="Engineer", how_found="LinkedIn"
    )
    bob = store.add_person("Bob Stone", how_found="Referral", introduced_by_id=ada.id)
    cleo = store.add_person("Cleo Park", organization="Globex", role="Analyst")
    store.set_outreach_status(ada.id, OutreachStatus.REQUEST_SENT)
    store.set_outreach_status(cleo.id, OutreachStatus.DECLINED)
    return {"ada": ada.id, "bob": bob.id, "cleo": cleo.id}


# -- the People list ---------------------------------------------------------------------------


async def test_p_opens_people_with_every_detail_and_a_summary(make_app, store) -> None:
    _three_people(store)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _open_people(pilot)
        assert _rows(app) == [
            ["Ada Lovelace", "Acme", "Engineer", "LinkedIn", "", "Request sent"],
            ["Bob Stone", "", "", "Referral", "Ada Lovelace", "To contact"],
            ["Cleo Park", "Globex", "Analyst", "", "", "Declined"],
        ]
        summary = str(screen.query_one("#people-summary").render())
        assert summary == "3 people · 1 to contact · 1 request sent · 1 declined"
        shown = screen_text(app)
        assert "Ada Lovelace" in shown and "Request sent" in shown


async def test_the_filter_narrows_by_name_organization_and_status(make_app, store) -> None:
    _three_people(store)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _open_people(pilot)
        await pilot.press("slash")
        await type_text(pilot, "glob")
        await until(pilot, lambda: _names(app) == ["Cleo Park"])
        await pilot.press("ctrl+u")  # the field emptied
        await type_text(pilot, "sent")  # a status
        await until(pilot, lambda: _names(app) == ["Ada Lovelace"])
        await pilot.press("ctrl+u")
        await type_text(pilot, "bob")
        await until(pilot, lambda: _names(app) == ["Bob Stone"])
        await pilot.press("enter")  # back to the list, the filter kept
        assert isinstance(app.focused, PeopleList)
        assert _names(app) == ["Bob Stone"]
        await pilot.press("escape")  # clears the filter
        await until(pilot, lambda: len(_names(app)) == 3)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("escape")  # then back to Home
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_number_keys_set_the_highlighted_persons_status(make_app, store, clock) -> None:
    ids = _three_people(store)
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(100, 24), message_hook=notices) as pilot:
        await _open_people(pilot)
        await pilot.press("down")  # Bob Stone, to contact
        keys = (
            ("3", OutreachStatus.REPLIED),
            ("7", OutreachStatus.NO_REPLY),
            ("1", OutreachStatus.TO_CONTACT),
        )
        for day, (key, status) in enumerate(keys, start=1):
            clock.now = NOW + timedelta(days=day)
            label = OUTREACH_LABELS[status]
            await pilot.press(key)
            await until(pilot, lambda: _rows(app)[1][5] == label)  # noqa: B023
            await settle(pilot)
            assert store.person(ids["bob"]).outreach_status is status
            latest = store.person_page(ids["bob"]).timeline[0]
            assert (latest.kind, latest.text, latest.at) == ("status", label, clock.now)
            assert notices.messages[-1] == f"Bob Stone: {label}"
            summary = str(app.screen.query_one("#people-summary").render())
            assert f" · 1 {label.lower()}" in summary or label == "To contact"
        assert str(app.screen.query_one("#people-summary").render()) == (
            "3 people · 1 to contact · 1 request sent · 1 declined"
        )
        assert len(notices.messages) == 3


async def test_delete_removes_a_person_without_interviews_after_asking(make_app, store) -> None:
    ada = store.add_person("Ada Byron")
    store.create_interview("", contact_id=ada.id)
    store.add_person("Bob Stone")
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(100, 24), message_hook=notices) as pilot:
        await _open_people(pilot)
        await pilot.press("delete")  # Ada has an interview: deleted from Home, not here
        await until(pilot, lambda: len(notices.messages) == 1)
        assert "delete those on Home first" in notices.messages[0]
        assert not isinstance(app.screen, ConfirmDialog)
        await pilot.press("down", "delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: _names(app) == ["Ada Byron"])
        assert "Deleted Bob Stone." in notices.messages
        assert [line.name for line in store.people()] == ["Ada Byron"]


# -- adding a person and their page --------------------------------------------------------


async def _new_person(pilot) -> PersonScreen:
    """People, then `n`: the new person's page, once it has shown them."""
    await _open_people(pilot)
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, PersonScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.page is not None)
    return screen


async def _type_in(pilot, field_id: str, text: str) -> None:
    """Click an empty field of the page, then type `text` into it."""
    await pilot.click(f"#{field_id}")
    assert pilot.app.focused is pilot.app.screen.query_one(f"#{field_id}")
    await type_text(pilot, text)


async def test_n_adds_a_person_and_every_field_saves_as_typed(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _new_person(pilot)
        assert app.focused is screen.query_one("#person-name")
        await type_text(pilot, "Di Ro")
        await _type_in(pilot, "person-organization", "Acme")
        await _type_in(pilot, "person-role", "CTO")
        await _type_in(pilot, "person-email", "d@x.io")
        await _type_in(pilot, "person-phone", "555")
        await _type_in(pilot, "person-profile", "x.io/d")
        await _type_in(pilot, "person-how-found", "Alu")
        await until(pilot, lambda: "Alumni directory" in screen_text(app))  # suggested
        await pilot.press("right")  # taken
        assert screen.query_one("#person-how-found", Input).value == "Alumni directory"
        await _type_in(pilot, "person-notes", "Tea")
        await settle(pilot)
        (line,) = store.people()
        person = store.person(line.id)
        assert (person.name, person.role, person.email, person.phone) == (
            "Di Ro",
            "CTO",
            "d@x.io",
            "555",
        )
        assert (person.profile_url, person.how_met, person.notes) == (
            "x.io/d",
            "Alumni directory",
            "Tea",
        )
        assert line.organization == "Acme"
        assert [org.name for org in store.organizations()] == ["Acme"]
        assert screen.sub_title == "Di Ro"


async def test_keep_in_touch_saves_only_a_number_of_days(make_app, store) -> None:
    ada = store.add_person("Ada Lovelace")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.app.push_screen(PersonScreen(ada.id))
        screen = pilot.app.screen
        await until(pilot, lambda: screen.page is not None)
        hint = screen.query_one("#person-keep-in-touch-hint", Static)
        await _type_in(pilot, "person-keep-in-touch", "ab")
        await until(pilot, lambda: hint.display and "1 to 3650" in str(hint.render()))
        assert "\n" not in str(hint.render())
        await settle(pilot)
        assert store.person(ada.id).keep_in_touch_days is None
        await pilot.press("backspace", "backspace")
        await until(pilot, lambda: not hint.display)
        await type_text(pilot, "90")
        await settle(pilot)
        assert store.person(ada.id).keep_in_touch_days == 90
        status = str(screen.query_one("#person-status").render())
        assert status == "Outreach: To contact · keep in touch every 90 days"


async def test_a_new_person_left_with_nothing_typed_is_not_kept(make_app, store) -> None:
    store.add_person("Ada Byron")
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _new_person(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await settle(pilot)
        assert [line.name for line in store.people()] == ["Ada Byron"]
        await until(pilot, lambda: _names(app) == ["Ada Byron"])
        summary = app.screen.query_one("#people-summary", Static)
        assert str(summary.render()) == "1 person · 1 to contact"


async def _leave_as_duplicate(pilot, typed: dict[str, str]) -> ChoiceDialog:
    """Add a person, type `typed` (field id: text), set them to "replied" on the timeline,
    and leave: the dialog that offers the merge."""
    screen = await _new_person(pilot)
    for field_id, text in typed.items():
        await _type_in(pilot, field_id, text)
    await pilot.press("ctrl+t", "3")
    await until(pilot, lambda: screen.page and screen.page.person.outreach_status == "replied")
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
    return pilot.app.screen


async def test_leaving_a_new_duplicate_offers_to_merge(make_app, store) -> None:
    ada = store.add_person("Ada Byron", organization="Acme")
    interview = store.create_interview("", contact_id=ada.id)
    store.log_event(ada.id, TimelineKind.REQUEST, "Dear Ada")
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        typed = {"person-name": "ada byron", "person-organization": "ACME"}
        dialog = await _leave_as_duplicate(pilot, typed)
        assert "Ada Byron is already there with the same name." in screen_text(app)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await settle(pilot)
        (line,) = store.people()
        assert (line.id, line.name, line.organization, line.interviews) == (
            ada.id,
            "Ada Byron",
            "Acme",
            1,
        )
        page = store.person_page(ada.id)
        assert page.interview_ids == (interview.id,)
        kinds = [item.kind for item in page.timeline]
        assert {"request", "merged", "interview"} <= set(kinds)
        assert [item.text for item in reversed(page.timeline) if item.kind == "status"] == [
            "Request sent",
            "Replied",
        ]
        await until(pilot, lambda: _names(app) == ["Ada Byron"])
        assert dialog is not app.screen


async def test_leaving_a_new_duplicate_can_keep_both(make_app, store) -> None:
    store.add_person("Ada Byron", email="ada@x.io")
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _leave_as_duplicate(pilot, {"person-email": "ada@x.io"})
        assert "same e-mail" in screen_text(app)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await settle(pilot)
        assert sorted(line.status_label for line in store.people()) == ["Replied", "To contact"]
        await until(pilot, lambda: len(_names(app)) == 2)


# -- the timeline ----------------------------------------------------------------------------


def _ada_with_history(store, clock: Clock) -> dict[str, int]:
    """Ada, introduced by Bob ten days ago, asked eight days ago, interviewed five days ago
    (she suggested Cleo two days later), and replying yesterday."""
    days = lambda n: NOW - timedelta(days=n)  # noqa: E731
    clock.now = days(12)
    bob = store.add_person("Bob Stone")
    clock.now = days(10)
    ada = store.add_person("Ada Byron", organization="Acme", introduced_by_id=bob.id)
    store.log_event(ada.id, TimelineKind.REQUEST, "Dear Ada", at=days(8))
    interview = store.create_interview("", contact_id=ada.id)
    store.start_clock(interview.id, at=days(5))
    store.end_interview(interview.id, at=days(5) + timedelta(minutes=30))
    clock.now = days(3)
    cleo = store.add_referral(interview.id, "Cleo Park").contact_id
    store.log_event(ada.id, TimelineKind.REPLY, "Happy to", at=days(1))
    clock.now = NOW
    return {"ada": ada.id, "bob": bob.id, "cleo": cleo, "interview": interview.id}


async def _open_person(pilot, person_id: int) -> PersonScreen:
    await settle(pilot)
    await pilot.app.push_screen(PersonScreen(person_id))
    screen = pilot.app.screen
    assert isinstance(screen, PersonScreen)
    await until(pilot, lambda: screen.page is not None)
    await settle(pilot)
    return screen


def _timeline(screen: PersonScreen) -> list[str]:
    timeline = screen.query_one("#timeline", OptionList)
    return [
        " ".join(str(timeline.get_option_at_index(index).prompt).split())
        for index in range(timeline.option_count)
    ]


async def _go_to_line(pilot, screen: PersonScreen, label: str) -> None:
    """Highlight the first timeline line whose text holds `label`, with the arrow keys."""
    timeline = screen.query_one("#timeline", OptionList)
    timeline.focus()
    await pilot.press("home")
    index = next(i for i, line in enumerate(_timeline(screen)) if label in line)
    await pilot.press(*["down"] * index)
    assert timeline.highlighted == index


async def test_the_timeline_is_newest_first_and_opens_what_it_names(make_app, store, clock) -> None:
    ids = _ada_with_history(store, clock)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _open_person(pilot, ids["ada"])
        assert isinstance(app.focused, OptionList)  # an existing person opens on the timeline
        assert _timeline(screen) == [
            "09 Jun 2026 Reply Happy to",  # after the interview: she stays interviewed
            "07 Jun 2026 Suggested Cleo Park",
            "05 Jun 2026 Status Interviewed",  # when the conversation ended
            "05 Jun 2026 Interview Research",
            "02 Jun 2026 Request sent Dear Ada",
            "02 Jun 2026 Status Request sent",
            "31 May 2026 Introduced by Bob Stone",
        ]
        await _go_to_line(pilot, screen, "Interview Research")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        assert app.screen.interview_id == ids["interview"]
        await pilot.press("f10")  # the interview's way out: back where it was opened
        await until(pilot, lambda: app.screen is screen)
        for label, person in (("Suggested", "cleo"), ("Introduced by", "bob")):
            await _go_to_line(pilot, screen, label)
            await pilot.press("enter")
            await until(
                pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen is not screen
            )
            assert app.screen.person_id == ids[person]
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)


async def test_number_keys_set_the_status_on_the_timeline_and_are_text_in_a_field(
    make_app, store, clock
) -> None:
    ids = _ada_with_history(store, clock)
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(120, 30), message_hook=notices) as pilot:
        screen = await _open_person(pilot, ids["ada"])
        await pilot.press("4")
        await until(pilot, lambda: _timeline(screen)[0] == "10 Jun 2026 Status Scheduled")
        assert store.person(ids["ada"]).outreach_status is OutreachStatus.SCHEDULED
        assert "Ada Byron: Scheduled" in notices.messages
        assert str(screen.query_one("#person-status").render()) == "Outreach: Scheduled"
        await _type_in(pilot, "person-role", "7")
        await settle(pilot)
        person = store.person(ids["ada"])
        assert (person.role, person.outreach_status) == ("7", OutreachStatus.SCHEDULED)
        clock.now = NOW + timedelta(days=1)
        await pilot.press("ctrl+t")  # back on the timeline, the keys set the status again
        await pilot.press("7")
        await until(pilot, lambda: _timeline(screen)[0] == "11 Jun 2026 Status No reply")


async def test_delete_removes_a_logged_entry_after_asking_and_not_an_interview(
    make_app, store, clock
) -> None:
    ids = _ada_with_history(store, clock)
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(120, 30), message_hook=notices) as pilot:
        screen = await _open_person(pilot, ids["ada"])
        await _go_to_line(pilot, screen, "Interview Research")
        await pilot.press("delete")
        await until(pilot, lambda: any("deleted on Home" in m for m in notices.messages))
        assert not isinstance(app.screen, ConfirmDialog)
        await _go_to_line(pilot, screen, "Reply")
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "Reply: Happy to" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: not any("Happy to" in line for line in _timeline(screen)))
        await settle(pilot)
        kinds = [item.kind for item in store.person_page(ids["ada"]).timeline]
        assert "reply" not in kinds and "interview" in kinds


async def test_ctrl_n_prepares_another_interview_with_the_same_person(
    make_app, store, clock
) -> None:
    ids = _ada_with_history(store, clock)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await _open_person(pilot, ids["ada"])
        await pilot.click("#person-notes")  # works from a field too
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        opened = app.screen
        assert opened.current_stage == "research"
        assert opened.interview_id != ids["interview"]
        await settle(pilot)
        assert store.interview(opened.interview_id).contact.id == ids["ada"]
        assert [line.name for line in store.people()] == ["Ada Byron", "Bob Stone", "Cleo Park"]
        assert set(store.person_page(ids["ada"]).interview_ids) == {
            ids["interview"],
            opened.interview_id,
        }
        await pilot.press("f10")
        await until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        # Prepared with a known person on purpose: kept even blank, on her timeline.
        await until(
            pilot, lambda: sum("Interview planned" in line for line in _timeline(screen)) == 1
        )
        assert len(store.person_page(ids["ada"]).interview_ids) == 2


async def test_a_blank_interview_left_takes_the_blank_new_person_along(make_app, store) -> None:
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(100, 24), message_hook=notices) as pilot:
        await _new_person(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        await settle(pilot)
        await pilot.press("f10")  # nothing typed in the interview either
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await settle(pilot)
        assert store.people() == [] and store.list_interviews() == []
        assert notices.messages == ["This person is no longer in People."]
        await until(pilot, lambda: _names(app) == [])
        assert app.is_running


# -- the composer ----------------------------------------------------------------------------


def _composer(app) -> ComposerScreen:
    screen = app.screen
    assert isinstance(screen, ComposerScreen)
    return screen


def _message(app) -> SavingTextArea:
    return _composer(app).query_one("#message", SavingTextArea)


def _check_line(app) -> str:
    return str(_composer(app).query_one("#composer-check", Static).render())


async def _compose(pilot, key: str) -> ComposerScreen:
    """Press `key` (r on People, ctrl+r on a person's page; "" if pressed already): the
    composer, once filled."""
    if key:
        await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, ComposerScreen))
    screen = _composer(pilot.app)
    await until(pilot, lambda: screen.page is not None and _message(pilot.app).text)
    return screen


async def test_the_draft_follows_the_status_and_opening_it_stores_nothing(make_app, store) -> None:
    ada = store.add_person("Ada Byron", organization="Acme", role="Engineer")
    bob = store.add_person("Bob Stone")
    cleo = store.add_person("Cleo Park")
    store.set_outreach_status(bob.id, OutreachStatus.REQUEST_SENT)
    store.set_outreach_status(cleo.id, OutreachStatus.INTERVIEWED)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _open_people(pilot)
        for row, kind, opening in (
            (0, "Request", "Dear Ada,"),
            (1, "Nudge", "Dear Bob,"),
            (2, "Update", "Hi Cleo,"),
        ):
            app.screen.query_one(PeopleList).cursor_row = row
            screen = await _compose(pilot, "r")
            title = str(screen.query_one("#composer-title", Static).render())
            assert title.startswith(f"{kind} · ")
            text = _message(app).text
            assert text.startswith(opening) and text.endswith(USER_NAME)
            assert app.focused is _message(app)
            if kind == "Request":
                assert "your work as an Engineer at Acme" in text
                assert _check_line(app) == f"{count_words(text)} words · clear ask · no job talk"
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await settle(pilot)
        assert [store.person(p.id).message_draft for p in (ada, bob, cleo)] == ["", "", ""]


async def test_the_check_follows_the_edits_and_the_edit_is_kept(make_app, store) -> None:
    ada = store.add_person("Ada Byron")
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _open_person(pilot, ada.id)
        await _compose(pilot, "ctrl+r")
        field = _message(app)
        assert _check_line(app).endswith("words · clear ask · no job talk")
        field.move_cursor(field.document.end)
        await type_text(pilot, " job?")
        await until(pilot, lambda: "mentions jobs" in _check_line(app))
        await settle(pilot)
        stored = store.person(ada.id).message_draft
        assert stored == field.text and stored.endswith("Alex Morgan job?")
        await pilot.press(*["backspace"] * 5)
        await until(pilot, lambda: "mentions jobs" not in _check_line(app))
        # Without its question, the request asks for nothing.
        question = "Would you have 20 minutes for a call in the next few weeks?"
        row = next(i for i, line in enumerate(field.text.splitlines()) if question in line)
        field.move_cursor((row, 0))
        await pilot.press("ctrl+k")
        await until(pilot, lambda: _check_line(app).startswith("no clear ask"))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: "clear ask ·" in _check_line(app))
        # Too long: over a hundred words, pasted.
        field.move_cursor(field.document.end)
        app.post_message(events.Paste(" more" * 60))  # as the terminal sends it
        await until(pilot, lambda: "words: aim for under 100" in _check_line(app))
        await settle(pilot)
        assert store.person(ada.id).message_draft == field.text


async def test_the_draft_uses_the_name_typed_just_before(make_app, store, monkeypatch) -> None:
    ada = store.add_person("")
    save_text = store.save_text

    def slow_save(*args, **kwargs):
        time.sleep(0.5)  # a busy disk: the name is still being saved when ctrl+r comes
        return save_text(*args, **kwargs)

    monkeypatch.setattr(store, "save_text", slow_save)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _open_person(pilot, ada.id)
        await _type_in(pilot, "person-name", "Ada")
        await pilot.press("ctrl+r")
        screen = await _compose(pilot, "")
        assert _message(app).text.startswith("Dear Ada,")
        assert screen.sub_title == "Ada"


def _kind(app) -> str:
    return str(_composer(app).query_one("#composer-title", Static).render()).split(" · ")[0]


async def test_ctrl_t_changes_the_kind_and_redrafts_only_an_untouched_draft(
    make_app, store
) -> None:
    ada = store.add_person("Ada Byron")
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _open_person(pilot, ada.id)
        await _compose(pilot, "ctrl+r")
        field = _message(app)
        kinds_and_texts = []
        for _ in range(3):
            await pilot.press("ctrl+t")
            kinds_and_texts.append((_kind(app), field.text.splitlines()[2][:20]))
        assert kinds_and_texts == [
            ("Nudge", "I am following up on"),
            ("Update", "Since we talked abou"),
            ("Request", "I hope you don't min"),
        ]
        await settle(pilot)
        assert store.person(ada.id).message_draft == ""  # redrafts are not edits
        field.move_cursor(field.document.end)
        await type_text(pilot, " Thanks")
        edited = field.text
        await pilot.press("ctrl+t")
        assert (_kind(app), field.text) == ("Nudge", edited)
        await settle(pilot)
        assert store.person(ada.id).message_draft == edited


async def test_ctrl_s_marks_a_request_sent(make_app, store, clock) -> None:
    ada = store.add_person("Ada Byron", how_found="LinkedIn")
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(100, 24), message_hook=notices) as pilot:
        person_page = await _open_person(pilot, ada.id)
        await _compose(pilot, "ctrl+r")
        field = _message(app)
        field.move_cursor(field.document.end)
        await type_text(pilot, " (AM)")
        sent = field.text
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is person_page)
        assert "Request to Ada Byron marked sent." in notices.messages
        await until(pilot, lambda: "Request sent" in _timeline(person_page)[0])
        await settle(pilot)
        person = store.person(ada.id)
        assert (person.outreach_status, person.message_draft) == (OutreachStatus.REQUEST_SENT, "")
        request = next(i for i in store.person_page(ada.id).timeline if i.kind == "request")
        assert (request.text, request.at) == (sent, NOW)
        assert str(person_page.query_one("#person-status").render()) == "Outreach: Request sent"
        # Next time, the nudge.
        await _compose(pilot, "ctrl+r")
        assert _kind(app) == "Nudge"


async def test_ctrl_o_copies_and_keeps_the_text(make_app, store, monkeypatch) -> None:
    copied: list[str] = []

    def copy_to_system(text: str, timeout: float = 3.0) -> str:
        copied.append(text)
        return "test"

    monkeypatch.setattr("infoint_tui.clipboard.copy_to_system", copy_to_system)
    ada = store.add_person("Ada Byron")
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(100, 24), message_hook=notices) as pilot:
        await _open_person(pilot, ada.id)
        await _compose(pilot, "ctrl+r")
        shown = _message(app).text
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "Copied to the system clipboard (test)." in notices.messages)
        await settle(pilot)
        assert copied == [shown]
        assert store.person(ada.id).message_draft == shown
        assert isinstance(app.screen, ComposerScreen)


async def test_markup_and_escape_sequences_in_a_message_stay_text(make_app, store) -> None:
    ada = store.add_person("Ada [b]B[/b]")
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        person_page = await _open_person(pilot, ada.id)
        await _compose(pilot, "ctrl+r")
        field = _message(app)
        field.move_cursor(field.document.start)
        await type_text(pilot, "[b]x[/b] [/] ")
        app.post_message(events.Paste("\x1b[31mred"))
        await until(pilot, lambda: "red" in field.text)
        await settle(pilot)
        stored = store.person(ada.id).message_draft
        assert stored == field.text
        assert stored.startswith("[b]x[/b] [/] \\x1b[31mredDear Ada,")
        assert "\x1b" not in stored
        shown = screen_text(app)
        assert "[b]x[/b] [/] \\x1b[31mred" in shown
        assert "Write to — Ada [b]B[/b]" in shown  # the name, in the header
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is person_page)
        await until(pilot, lambda: "Request sent" in _timeline(person_page)[0])
        assert "Request sent [b]x[/b] [/] \\x1b[31mred" in _timeline(person_page)[0]
        request = next(i for i in store.person_page(ada.id).timeline if i.kind == "request")
        assert request.text == stored


# -- Home's to-do panel ----------------------------------------------------------------------


def _outreach_world(store, clock: Clock) -> dict[str, int]:
    """On Wednesday 10 June: Ada was asked on Friday 29 May (eight business days ago), Bob is
    to be kept in touch with every 30 days and was last written to on 1 May, and Cleo was
    asked on 15 May and nudged on 29 May (seven business days before 9 June)."""
    ada = store.add_person("Ada Byron", organization="Acme")
    bob = store.add_person("Bob Stone")
    cleo = store.add_person("Cleo Park")
    may = lambda day: datetime(2026, 5, day, 10, tzinfo=UTC)  # noqa: E731
    store.log_event(ada.id, TimelineKind.REQUEST, "Dear Ada", at=may(29))
    store.set_keep_in_touch(bob.id, 30)
    store.log_event(bob.id, TimelineKind.CONTACT, "Coffee", at=may(1))
    store.log_event(cleo.id, TimelineKind.REQUEST, "Dear Cleo", at=may(15))
    store.log_event(cleo.id, TimelineKind.NUDGE, "Following up", at=may(29))
    return {"ada": ada.id, "bob": bob.id, "cleo": cleo.id}


def _todo(app) -> str:
    return str(app.screen.query_one("#todo", Static).render())


async def test_home_lists_whom_to_nudge_and_keep_in_touch_and_settles_the_silent(
    make_app, store, clock
) -> None:
    ids = _outreach_world(store, clock)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "Nudge" in _todo(app))
        todo = _todo(app)
        assert "Nudge Ada Byron: no reply in 8 business days" in todo
        assert "Keep in touch with Bob Stone: last contact 01 May 2026" in todo
        assert "Cleo" not in todo
        await settle(pilot)
        assert store.person(ids["cleo"]).outreach_status is OutreachStatus.NO_REPLY
        moved = store.person_page(ids["cleo"]).timeline[0]
        assert (moved.text, moved.at.date()) == ("No reply", datetime(2026, 6, 9).date())
        assert store.person(ids["ada"]).outreach_status is OutreachStatus.REQUEST_SENT


async def test_home_follows_the_users_outreach_timing(make_app, store, clock) -> None:
    _outreach_world(store, clock)
    assert save_setting(OUTREACH_TIMING, {"nudge_after": 9, "give_up_after_nudge": 9})
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "Try someone else" in _todo(app))
        todo = _todo(app)
        assert "Try someone else at Acme: Ada Byron has not replied in 8 business days" in todo
        assert "Nudge" not in todo
        await settle(pilot)
        assert [line.status_label for line in store.people()] == [
            "Request sent",
            "To contact",
            "Request sent",
        ]


# -- sizes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_people_person_and_composer_fit_small_terminals(
    make_app, store, clock, size: tuple[int, int]
) -> None:
    ids = _ada_with_history(store, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await _open_people(pilot)
        footer = _footer(app)
        for label in ("⏎ Open", "n New", "1-7 Status", "r Request", "/ Filter"):
            assert label in footer
        assert "Ada Byron" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
        screen = app.screen
        await until(pilot, lambda: screen.page is not None)
        await settle(pilot)
        for label in ("⏎ Open", "del Delete", "1-7 Status", "^r Request"):
            assert label in _footer(app)
        shown = screen_text(app)
        assert "Name        Ada Byron" in shown and "Reply  Happy to" in shown
        form, side = (screen.query_one(f"#person-{part}").region for part in ("form", "side"))
        assert side.y >= form.bottom and side.height >= 6  # one above the other
        await pilot.click("#person-role")
        for label in ("^r Request", "^n New interview", "^t Timeline"):
            assert label in _footer(app)
        assert "1-7" not in _footer(app)
        await _compose(pilot, "ctrl+r")
        for label in ("^o Copy", "^s Mark sent", "^t Kind", "^r Redraft"):
            assert label in _footer(app)
        shown = screen_text(app)
        # Interviewed: the draft is the update that closes the loop.
        assert "Hi Ada," in shown and "Update · ctrl+o copy" in shown
        assert ids["ada"] == _composer(app).person_id


async def test_the_person_page_is_side_by_side_on_a_wide_terminal(make_app, store, clock) -> None:
    ids = _ada_with_history(store, clock)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_person(pilot, ids["ada"])
        form, side = (screen.query_one(f"#person-{part}").region for part in ("form", "side"))
        assert side.x >= form.right and side.y == form.y
        assert form.width >= 50 and side.width >= 50 and side.height >= 30
        line = next(line for line in screen_text(app).splitlines() if "Name  " in line)
        assert "Ada Byron" in line and "Outreach: Interviewed" in line  # beside each other
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: screen.query_one("#person-side").region.y > form.y)


async def test_a_nudge_names_the_day_of_the_request(make_app, store) -> None:
    bob = store.add_person("Bob Stone")
    store.log_event(
        bob.id, TimelineKind.REQUEST, "Dear Bob", at=datetime(2026, 5, 29, 9, tzinfo=UTC)
    )
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _open_people(pilot)
        await _compose(pilot, "r")
        assert "my note from May 29" in _message(app).text


async def test_u_in_follow_up_drafts_an_update_to_the_interviews_person(make_app, store) -> None:
    from conftest import open_stage

    interview = store.create_interview("Cleo Park")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_stage(pilot, interview.id, "follow_up")
        await pilot.press("escape")  # out of the note: single keys
        await pilot.press("u")
        screen = await _compose(pilot, "")
        title = str(screen.query_one("#composer-title", Static).render())
        assert title.startswith("Update · ")
        assert _message(app).text.startswith("Hi Cleo,")
        assert screen.person_id == store.interview(interview.id).contact.id


async def test_t_on_people_opens_the_target_list(make_app, store) -> None:
    from infoint_tui.screens.targets import TargetsScreen

    store.add_person("Ada Lovelace", organization="Acme")
    store.set_motivation("Acme", 4)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _open_people(pilot)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TargetsScreen))
        await settle(pilot)
        await until(pilot, lambda: "Acme" in screen_text(app) and "★★★★☆" in screen_text(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))


async def test_ctrl_l_logs_a_contact_and_restarts_keeping_in_touch(make_app, store, clock) -> None:
    ada = store.add_person("Ada Lovelace")
    store.set_keep_in_touch(ada.id, 30)
    store.log_event(ada.id, TimelineKind.UPDATE, "news", at=NOW - timedelta(days=40))
    assert any("Keep in touch with Ada" in item.text for item in store.todo_items())
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(100, 24), message_hook=notices) as pilot:
        screen = await _open_person(pilot, ada.id)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: _timeline(screen)[0] == "10 Jun 2026 Contact")
        assert "Logged a contact with Ada Lovelace today." in notices.messages
    assert not any("Keep in touch" in item.text for item in store.todo_items())


# -- importing people from a file ---------------------------------------------------------------

SAMPLES = Path(__file__).parent / "data" / "people"


async def _import_dialog(pilot, path) -> None:
    from infoint_tui.dialogs.import_people import ImportPeopleDialog

    await _open_people(pilot)
    await pilot.press("i")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportPeopleDialog))
    field = pilot.app.screen.query_one("#import-path", Input)
    field.value = str(path)
    await pilot.press("enter")


def _preview_text(app) -> str:
    return str(app.screen.query_one("#import-preview", Static).render())


async def test_i_previews_a_linkedin_export_then_imports_it(make_app, store, tmp_path) -> None:
    store.add_person("Priya Raman", organization="Harbor Health, Inc.")
    app = make_app()
    notices = Notices()
    async with app.run_test(size=(100, 24), message_hook=notices) as pilot:
        await _import_dialog(pilot, SAMPLES / "Connections.csv")
        await until(pilot, lambda: "Enter imports them" in _preview_text(app))
        assert _preview_text(app).startswith(
            "5 LinkedIn connections: 4 new people, 1 already there"
        )
        assert len(store.people()) == 1  # a preview writes nothing
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await until(pilot, lambda: len(_names(app)) == 5)
        assert "Imported: 4 new people, 1 already there." in notices.messages
    assert store.people()[3].name == "Marcus O'Neill"


async def test_a_broken_file_is_one_line_and_imports_nothing(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await _import_dialog(pilot, SAMPLES / "broken.vcf")
        await until(pilot, lambda: "broken.vcf" in _preview_text(app))
        assert "\n" not in _preview_text(app).strip()
        assert app.screen.query_one("#import").disabled
        await pilot.press("enter")  # reads it again: still nothing to import
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
    assert store.people() == []
