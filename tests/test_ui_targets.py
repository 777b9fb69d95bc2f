"""The target list under Pilot, on a real SQLite file: the ranking and its stars, who is known
at each organization and how far asking them has got, the score keys, taking an organization
off the list, adding one (known or new), opening a person, small terminals, hostile names."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import push_from_app, screen_text, settle, type_text, until
from textual.message import Message
from textual.widgets import OptionList

from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.dialogs.organization_picker import OrganizationPickerDialog
from infoint_tui.messages import TargetsRead
from infoint_tui.screens.person import PersonScreen
from infoint_tui.screens.targets import KnownList, TargetList, TargetsScreen
from infoint_tui.store.kinds import OutreachStatus

MARKUP = "[b]x[/b]"
ESCAPE = "\x1b[31mRed"


def _people(store) -> dict[str, int]:
    """Globex 5 (Dee, to contact); Acme 4 (Ada interviewed, Bob and Cy request sent); Hooli 4
    (Fay scheduled, Eve declined); Initech 2 (nobody); Umbrella and Northwind not on the list."""
    ids: dict[str, int] = {}
    for name, organization, status in [
        ("Ada Lovelace", "Acme", OutreachStatus.INTERVIEWED),
        ("Bob Stone", "Acme", OutreachStatus.REQUEST_SENT),
        ("Cy Twombly", "Acme", OutreachStatus.REQUEST_SENT),
        ("Dee Park", "Globex", OutreachStatus.TO_CONTACT),
        ("Eve Adams", "Hooli", OutreachStatus.DECLINED),
        ("Fay Wong", "Hooli", OutreachStatus.SCHEDULED),
        ("Zed Ruiz", "Umbrella", OutreachStatus.TO_CONTACT),
    ]:
        person = store.add_person(name, organization=organization, role=f"Role of {name[:3]}")
        store.set_outreach_status(person.id, status)
        ids[name.split()[0].lower()] = person.id
    for organization, score in [("Acme", 4), ("Globex", 5), ("Initech", 2), ("Hooli", 4)]:
        store.set_motivation(organization, score)
    store.set_motivation("Northwind", None)  # known, not on the list
    return ids


def _rows(app) -> list[list[str]]:
    table = app.screen.query_one("#targets", TargetList)
    return [table.row_texts(index) for index in range(table.row_count)]


def _names(app) -> list[str]:
    return [row[0] for row in _rows(app)]


def _known(app) -> list[list[str]]:
    table = app.screen.query_one("#targets-known", KnownList)
    if not table.display:
        return []
    return [table.row_texts(index) for index in range(table.row_count)]


def _known_title(app) -> str:
    return str(app.screen.query_one("#targets-known-title").render())


def _highlighted(app) -> str:
    table = app.screen.query_one("#targets", TargetList)
    return table.row_texts(table.cursor_row)[0]


def _scores(store) -> dict[str, int | None]:
    return {record.name: record.motivation for record, _ in store.ranked_organizations()}


def _choices(app) -> list[str]:
    """The picker's choices, as shown."""
    box = app.screen.query_one("#organization-options", OptionList)
    return [str(box.get_option_at_index(index).prompt) for index in range(box.option_count)]


def _footer(app) -> str:
    lines = [line for line in screen_text(app).splitlines() if line.strip()]
    return lines[-1]


async def _open(pilot) -> TargetsScreen:
    """The target list, pushed from the app, once it has shown its first read."""
    await settle(pilot)
    screen = TargetsScreen()
    await push_from_app(pilot, screen)
    await until(pilot, lambda: screen.loaded and pilot.app.screen is screen)
    await settle(pilot)
    return screen


async def _open_picker(pilot) -> None:
    """`a`, once the picker's box has the cursor (typing goes there)."""
    app = pilot.app
    await pilot.press("a")
    await until(pilot, lambda: getattr(app.focused, "id", None) == "organization-filter")


async def _go_to(pilot, name: str) -> None:
    app = pilot.app
    table = app.screen.query_one("#targets", TargetList)
    table.focus()
    await pilot.press("home")
    for _ in range(table.row_count):
        if _highlighted(app) == name:
            return
        await pilot.press("down")
    assert _highlighted(app) == name


# -- what the list shows -----------------------------------------------------------------------


async def test_the_list_is_ranked_by_motivation_then_name_with_stars_and_progress(
    make_app, store
) -> None:
    _people(store)
    app = make_app()
    posted: list[Message] = []
    async with app.run_test(size=(100, 30), message_hook=posted.append) as pilot:
        screen = await _open(pilot)
        assert _rows(app) == [
            ["Globex", "★★★★★", "1", "1 to contact"],
            ["Acme", "★★★★☆", "3", "1 interviewed · 2 request sent"],
            ["Hooli", "★★★★☆", "2", "1 scheduled · 1 declined"],
            ["Initech", "★★☆☆☆", "0", "nobody yet"],
        ]
        summary = str(screen.query_one("#targets-summary").render())
        assert summary == "4 organizations on your list · 6 people known there"
        assert screen.title == "Target list"
        shown = screen_text(app)
        assert "Umbrella" not in shown and "Northwind" not in shown
        assert "1 interviewed · 2 request sent" in shown
        # The worker answered with its typed message: the four targets and the two others.
        reads = [message for message in posted if isinstance(message, TargetsRead)]
        assert reads and [record.name for record, _ in reads[-1].ranked] == _names(app)
        assert reads[-1].others == ["Northwind", "Umbrella"]


async def test_the_pane_answers_who_do_i_know_at_the_highlighted_organization(
    make_app, store
) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        assert _known_title(app) == "Known at Globex: 1 person"
        assert _known(app) == [["Dee Park", "Role of Dee", "To contact"]]
        await pilot.press("down")  # Acme: the furthest on first
        await until(pilot, lambda: _known_title(app) == "Known at Acme: 3 people")
        assert _known(app) == [
            ["Ada Lovelace", "Role of Ada", "Interviewed"],
            ["Bob Stone", "Role of Bob", "Request sent"],
            ["Cy Twombly", "Role of Cy", "Request sent"],
        ]
        await pilot.press("down")  # Hooli: scheduled before declined
        await until(pilot, lambda: [row[0] for row in _known(app)] == ["Fay Wong", "Eve Adams"])
        await pilot.press("down")
        await until(pilot, lambda: _known_title(app).startswith("Nobody known at Initech yet"))
        assert _known(app) == []
        assert "Nobody known at Initech yet" in screen_text(app)


async def test_an_empty_list_says_how_to_start(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert not screen.query_one("#targets-empty").has_class("hidden")
        assert "Nothing on your target list yet" in screen_text(app)
        assert "Press a to add an organization" in screen_text(app)
        await pilot.press("plus", "minus", "3", "delete", "enter")  # nothing to act on
        await settle(pilot)
        assert app.screen is screen and _scores(store) == {}


# -- the score keys ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "score"),
    [(["plus"], 3), (["equals_sign"], 3), (["minus"], 1), (["5"], 5), (["1"], 1), (["4"], 4)],
)
async def test_score_keys_change_the_highlighted_organization_and_persist(
    make_app, store, keys: list[str], score: int
) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await _go_to(pilot, "Initech")  # 2 stars
        await pilot.press(*keys)
        await until(pilot, lambda: "★" * score + "☆" * (5 - score) in _rows(app)[_index(app)])
        await settle(pilot)
        assert _scores(store)["Initech"] == score
        assert _highlighted(app) == "Initech"  # the cursor stays with it as the order changes
        expected = sorted(
            [("Globex", 5), ("Acme", 4), ("Hooli", 4), ("Initech", score)],
            key=lambda pair: (-pair[1], pair[0]),
        )
        assert _names(app) == [name for name, _ in expected]


def _index(app) -> int:
    return app.screen.query_one("#targets", TargetList).cursor_row


async def test_quick_presses_build_on_each_other_and_stop_at_one_and_five(
    make_app, store, notices
) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        await _open(pilot)
        await _go_to(pilot, "Initech")
        await pilot.press("plus", "plus", "plus", "plus", "plus")  # 2 + 5, kept at 5
        await settle(pilot)
        await until(pilot, lambda: _rows(app)[_index(app)][:2] == ["Initech", "★★★★★"])
        assert _scores(store)["Initech"] == 5
        assert _names(app) == ["Globex", "Initech", "Acme", "Hooli"]  # 5 stars, by name
        await pilot.press("minus", "minus", "minus", "minus", "minus", "minus")
        await settle(pilot)
        await until(pilot, lambda: _rows(app)[_index(app)][:2] == ["Initech", "★☆☆☆☆"])
        assert _scores(store)["Initech"] == 1
        assert "One star is the lowest: delete takes it off the list." in notices.messages
        await pilot.press("plus", "escape")  # leaving before the save is back loses nothing
        await until(pilot, lambda: not isinstance(app.screen, TargetsScreen))
        await settle(pilot)
        assert _scores(store)["Initech"] == 2


async def test_the_score_shows_at_once_while_the_disk_is_busy(make_app, store, db_path) -> None:
    """Another program holds the write lock: each press still builds on the one before."""
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await _go_to(pilot, "Initech")
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("plus", "plus", "plus")
            await pilot.pause()
            assert _rows(app)[_index(app)][:2] == ["Initech", "★★★★★"]
            assert _names(app) == ["Globex", "Initech", "Acme", "Hooli"]
            assert _scores(store)["Initech"] == 2  # not on disk yet
        finally:
            other.execute("ROLLBACK")
            other.close()
        await settle(pilot)
        assert _scores(store)["Initech"] == 5
        await until(pilot, lambda: _rows(app)[_index(app)][:2] == ["Initech", "★★★★★"])


# -- off the list, on the list -------------------------------------------------------------


async def test_delete_takes_it_off_the_list_after_confirming(make_app, store, notices) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await _open(pilot)
        await _go_to(pilot, "Acme")
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # kept
        await until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert "Acme" in _scores(store) and "Acme" in _names(app)
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: "Acme" not in _names(app))
        await settle(pilot)
        assert "Acme" not in _scores(store)
        assert "Took Acme off your list." in notices.messages
        # The organization and its people stay; they can join the list again.
        assert "Acme" in [org.name for org in store.organizations()]
        assert len([line for line in store.people() if line.organization == "Acme"]) == 3
        await _open_picker(pilot)
        await type_text(pilot, "acm")
        await pilot.press("enter")
        await until(pilot, lambda: "Acme" in _names(app))
        await settle(pilot)
        assert _scores(store)["Acme"] == 3


async def test_a_puts_a_known_organization_on_the_list(make_app, store, notices) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await _open(pilot)
        await _open_picker(pilot)
        assert _choices(app) == ["Northwind", "Umbrella"]
        await until(pilot, lambda: "Umbrella" in screen_text(app))
        await pilot.press("down", "enter")  # the second: Umbrella
        await until(pilot, lambda: app.screen is screen and "Umbrella" in _names(app))
        await settle(pilot)
        assert _scores(store)["Umbrella"] == 3
        assert _highlighted(app) == "Umbrella"
        assert _rows(app)[_index(app)] == ["Umbrella", "★★★☆☆", "1", "1 to contact"]
        assert _known(app) == [["Zed Ruiz", "Role of Zed", "To contact"]]
        assert "Umbrella is on your list: ★★★☆☆" in notices.messages


async def test_a_adds_a_new_organization_by_the_name_typed(make_app, store) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        await _open_picker(pilot)
        await type_text(pilot, "Pied Piper")
        await until(pilot, lambda: _choices(app) == ["Add “Pied Piper”: a new organization"])
        assert "Add “Pied Piper”: a new organization" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and "Pied Piper" in _names(app))
        await settle(pilot)
        assert _scores(store)["Pied Piper"] == 3
        assert _highlighted(app) == "Pied Piper"
        assert _rows(app)[_index(app)] == ["Pied Piper", "★★★☆☆", "0", "nobody yet"]


async def test_a_with_a_name_on_the_list_goes_to_it_and_escape_adds_nothing(
    make_app, store, notices
) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await _open(pilot)
        before = _scores(store)
        await _open_picker(pilot)
        await type_text(pilot, "HOOLI")
        await until(pilot, lambda: _choices(app) == ["Hooli is on the list already: go to it"])
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and _highlighted(app) == "Hooli")
        await until(pilot, lambda: "Hooli is on your list already." in notices.messages)
        await _open_picker(pilot)
        await type_text(pilot, "Nobody Inc")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert _scores(store) == before
        assert "Nobody Inc" not in [org.name for org in store.organizations()]


# -- to the people ---------------------------------------------------------------------------


async def test_enter_goes_to_the_people_there_and_enter_opens_a_person(
    make_app, store, notices
) -> None:
    ids = _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await _open(pilot)
        await _go_to(pilot, "Acme")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, KnownList))
        await pilot.press("down", "enter")  # Bob Stone, the second
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
        assert app.screen.person_id == ids["bob"]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        await pilot.press("escape")  # from the people back to the list
        assert isinstance(app.focused, TargetList) and app.screen is screen
        await pilot.press("down")  # Hooli: its people from the first, not Acme's second
        known = screen.query_one("#targets-known", KnownList)
        await until(pilot, lambda: _known(app)[0][0] == "Fay Wong")
        assert known.cursor_row == 0
        await _go_to(pilot, "Initech")
        await pilot.press("enter")  # nobody there: said, and the focus stays
        await until(pilot, lambda: "Nobody known at Initech yet." in notices.messages)
        assert isinstance(app.focused, TargetList)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not screen)


async def test_a_status_changed_on_a_persons_page_shows_when_back(make_app, store) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        await _go_to(pilot, "Globex")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, KnownList))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
        dee = app.screen.person_id
        app.queue_save(
            "test:status", lambda: store.set_outreach_status(dee, OutreachStatus.REPLIED), now=True
        )
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: _rows(app)[0] == ["Globex", "★★★★★", "1", "1 replied"])


# -- sizes and hostile names -----------------------------------------------------------------


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_small_terminals_show_the_rows_the_pane_and_every_key(
    make_app, store, size: tuple[int, int]
) -> None:
    _people(store)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await _open(pilot)
        text = screen_text(app)
        for name in ("Globex", "Acme", "Hooli", "Initech", "Known at Globex", "Dee Park"):
            assert name in text
        assert "★★★★★" in text and "nobody yet" in text
        await until(pilot, lambda: "⏎ People" in _footer(app))
        footer = _footer(app)
        for key in ("⏎ People", "esc Back", "a Add", "+ - Score", "del Drop", "^p palette"):
            assert key in footer
        await pilot.press("enter")  # into the people: the footer follows the focus
        await until(pilot, lambda: "⏎ Open" in _footer(app))
        assert "del Drop" in _footer(app)
        await pilot.press("escape", "a")
        await until(pilot, lambda: isinstance(app.screen, OrganizationPickerDialog))
        await until(pilot, lambda: "Northwind" in screen_text(app))
        assert "Esc: cancel" in screen_text(app)


async def test_hostile_organization_names_show_literally(make_app, store, notices) -> None:
    for name, score in [(MARKUP, 5), (ESCAPE, 4), ("[@click=app.quit]q[/]", None)]:
        store.set_motivation(name, score)
    store.add_person("[i]Eve[/i]", organization=MARKUP)
    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await _open(pilot)
        assert _names(app) == [MARKUP, "\\x1b[31mRed"]
        text = screen_text(app)
        assert MARKUP in text and "\\x1b[31mRed" in text and "[i]Eve[/i]" in text
        assert _known_title(app) == f"Known at {MARKUP}: 1 person"
        await pilot.press("down", "enter")  # nobody at the escape's organization
        await until(pilot, lambda: "Nobody known at \\x1b[31mRed yet." in notices.messages)
        await _open_picker(pilot)
        assert _choices(app) == ["[@click=app.quit]q[/]"]
        await until(pilot, lambda: "[@click=app.quit]q[/]" in screen_text(app))
        await pilot.press("enter")  # clicking nothing, quitting nothing: it joins the list
        await until(pilot, lambda: app.screen is screen and len(_names(app)) == 3)
        await settle(pilot)
        assert _scores(store)["[@click=app.quit]q[/]"] == 3
        assert "[@click=app.quit]q[/] is on your list: ★★★☆☆" in notices.messages
        await _go_to(pilot, MARKUP)
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await until(pilot, lambda: f"{MARKUP} leaves your target list" in screen_text(app))
        await pilot.press("y")
        await until(pilot, lambda: MARKUP not in _names(app))
        await settle(pilot)
        assert f"Took {MARKUP} off your list." in notices.messages
        assert app.is_running
