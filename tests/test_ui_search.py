"""Search under Pilot on a real database: results as you type, safe snippets, any query,
opening at the hit, filters, and a worker whose stale results never win."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from conftest import screen_text, settle, type_text
from textual import events
from textual.content import Content
from textual.widgets import Input, OptionList, Select, TextArea

from infoint_tui.screens import search as search_screen
from infoint_tui.screens.home import HomeScreen
from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.screens.search import DEBOUNCE_SECONDS, MATCH_STYLE, SearchScreen
from infoint_tui.store import search_ops
from infoint_tui.widgets.checklist import Checklist
from infoint_tui.widgets.filters import FilterBar

MARKUP = "[b]x[/] [@click=app.quit]x[/]"


@dataclass
class World:
    """Two interviews with one unusual word in each kind of text."""

    ada: int
    grace: int
    question: int
    note: int
    answer: str


@pytest.fixture
def world(store) -> World:
    ada = store.create_interview(
        "Ada Lovelace",
        occupation="Engineer",
        organization="Analytical Engines",
        bank_key="tiara",
        scheduled_at=datetime(2024, 3, 10, 12, tzinfo=UTC),
    )
    question = store.interview(ada.id).questions[1]
    answer = "Mostly we debug the difference engine, every single morning."
    store.save_answer(question.id, answer)
    note = store.add_note(ada.id, "Mentioned the zebrafish lab downstairs", offset_seconds=300)
    store.update_interview(ada.id, research_notes="Curious people. Read about her orchids first.")
    store.save_reflection(ada.id, most_helpful="The portfolio advice", fit_confidence=4)
    store.save_follow_up(ada.id, thank_you_text="Dear Ada, thank you for the wombat story.")
    grace = store.create_interview(
        "Grace Hopper",
        occupation="Admiral",
        organization="Navy Yard",
        scheduled_at=datetime(2025, 6, 1, 12, tzinfo=UTC),
    )
    store.update_interview(grace.id, research_notes="Curious too: she found the first bug.")
    store.save_reflection(grace.id, fit_confidence=2)
    store.set_stage(grace.id, "reflect")
    return World(ada.id, grace.id, question.id, note.id, answer)


async def _open_search(pilot) -> SearchScreen:
    await settle(pilot)
    await pilot.press("ctrl+f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def _type_query(pilot, text: str) -> None:
    await type_text(pilot, text)
    await pilot.pause(DEBOUNCE_SECONDS + 0.1)
    await settle(pilot)


async def _clear(pilot) -> None:
    await pilot.press("ctrl+u")


def _status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status").render())


def _prompts(screen: SearchScreen) -> list[Content]:
    results = screen.query_one("#search-results", OptionList)
    prompts = [results.get_option_at_index(i).prompt for i in range(results.option_count)]
    assert all(isinstance(prompt, Content) for prompt in prompts)
    return prompts  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("query", "label", "contact"),
    [
        ("debug", "Answer to “", "Ada Lovelace"),
        ("zebrafish", "Note at 5 min", "Ada Lovelace"),
        ("orchids", "Research notes", "Ada Lovelace"),
        ("portfolio", "Reflection: most helpful", "Ada Lovelace"),
        ("wombat", "Thank-you note", "Ada Lovelace"),
        ("Hopper", "Contact", "Grace Hopper"),
        ("Analytical", "Organization", "Ada Lovelace"),
    ],
)
async def test_results_as_you_type(make_app, world, query, label, contact) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, query)
        [hit] = screen.hits
        assert hit.contact_name == contact
        assert hit.field_label.startswith(label)
        shown = screen_text(app)
        assert contact in shown and label in shown
        assert _status(screen).startswith("1 result")


async def test_first_line_names_the_interview_and_second_the_place(make_app, world) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "orchids")
        first, second = _prompts(screen)[0].plain.split("\n")
        local_day = datetime(2024, 3, 10, 12, tzinfo=UTC).astimezone()
        assert first == f"Ada Lovelace · Engineer · {local_day:%d %b %Y}"
        assert second.startswith("  Research notes: ") and "orchids" in second


async def test_a_result_is_dated_when_held_or_says_not_scheduled(make_app, store, world):
    held_on = datetime(2025, 6, 3, 12, tzinfo=UTC)  # planned for 1 Jun, held on the 3rd
    store.start_clock(world.grace, at=held_on)
    store.create_interview("Kim Nakamura", occupation="Pilot")  # never scheduled
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "Nakamura")
        assert _prompts(screen)[0].plain.split("\n")[0] == "Kim Nakamura · Pilot · not scheduled"
        await _clear(pilot)
        await _type_query(pilot, "Hopper")
        first = _prompts(screen)[0].plain.split("\n")[0]
        assert first == f"Grace Hopper · Admiral · {held_on.astimezone():%d %b %Y}"


async def test_snippet_highlights_the_match_and_shows_markup_literally(
    make_app, store, world
) -> None:
    store.save_answer(world.question, f"{MARKUP} narwhal [/] [b")
    app = make_app()
    async with app.run_test(size=(160, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "narwhal")
        [prompt] = _prompts(screen)
        assert MARKUP in prompt.plain and "[/] [b" in prompt.plain
        styled = [prompt.plain[span.start : span.end] for span in prompt.spans]
        assert styled.count("narwhal") == 1
        [match] = [span for span in prompt.spans if span.style == MATCH_STYLE]
        assert prompt.plain[match.start : match.end] == "narwhal"
        assert MARKUP in screen_text(app)
        await pilot.press("down")  # the results stay on screen, the app keeps running
        assert app.is_running and isinstance(app.screen, SearchScreen)


HOSTILE_QUERIES = [
    "c++",
    '"',
    '""',
    "AND",
    "OR NOT",
    "NEAR(",
    "*",
    "-x",
    "a:b",
    "^",
    "(",
    ")",
    "'",
    "\\",
    "😀",
    "naïve ünïcödé 中文",
    "x" * 300,
    "debug AND",
    '"unclosed phrase',
    "{col}: debug",
]


async def test_any_query_is_safe_and_the_app_stays_responsive(make_app, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        field = screen.query_one("#search-query", Input)
        for query in HOSTILE_QUERIES:
            await _clear(pilot)
            if query.isascii() and len(query) < 50:
                await _type_query(pilot, query)
            else:  # Pilot has no key for an emoji; a long word is pasted more than typed
                field.post_message(events.Paste(query))
                await pilot.pause(DEBOUNCE_SECONDS + 0.1)
                await settle(pilot)
            assert app.is_running
            assert field.value == query
            status = _status(screen)
            assert "failed" not in status.lower(), (query, status)
            assert status.startswith(("No matches", "Type to search")) or "result" in status
        await _clear(pilot)
        await _type_query(pilot, "wombat")
        assert [hit.field for hit in screen.hits] == ["thank_you_text"]


async def test_empty_query_shows_a_hint_and_no_match_says_so(make_app, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        assert _status(screen).startswith("Type to search")
        await _type_query(pilot, "xylophone")
        assert _status(screen) == "No matches"
        assert screen.query_one("#search-results", OptionList).option_count == 0
        await _clear(pilot)
        await pilot.pause(DEBOUNCE_SECONDS + 0.1)
        assert _status(screen).startswith("Type to search")


async def test_phrase_search_and_prefix_on_the_last_word(make_app, store, world) -> None:
    store.save_reflection(world.grace, surprises="The harbour was quiet")
    store.save_reflection(world.ada, surprises="A quiet harbour at dawn")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "quiet harbour")
        assert {hit.interview_id for hit in screen.hits} == {world.ada, world.grace}
        await _clear(pilot)
        await _type_query(pilot, '"quiet harbour"')
        assert [hit.interview_id for hit in screen.hits] == [world.ada]
        await _clear(pilot)
        await _type_query(pilot, "zebraf")  # a half word, last: a prefix
        assert [hit.field for hit in screen.hits] == ["note"]
        await _clear(pilot)
        await _type_query(pilot, "zebraf lab")  # not last: a whole word, which is absent
        assert screen.hits == []


async def _open_hit(pilot, screen: SearchScreen, query: str) -> InterviewScreen:
    await _type_query(pilot, query)
    assert len(screen.hits) == 1
    await pilot.press("down", "enter")
    await settle(pilot)
    interview = pilot.app.screen
    assert isinstance(interview, InterviewScreen)
    return interview


async def test_enter_on_an_answer_opens_live_on_it_without_ticking(make_app, store, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        interview = await _open_hit(pilot, screen, "difference")
        assert interview.current_stage == "live"
        editor = interview.query_one("#answer", TextArea)
        assert app.focused is editor and editor.text == world.answer
        at = world.answer.index("difference")
        assert editor.cursor_location == editor.document.get_location_from_index(at)
        checklist = interview.query_one(Checklist)
        assert checklist.get_option_at_index(checklist.highlighted).id == f"q{world.question}"
        await pilot.press(*"!!")
        await settle(pilot)
    question = next(q for q in store.interview(world.ada).questions if q.id == world.question)
    assert question.asked is False and question.asked_at_seconds is None
    assert question.answer == world.answer[:at] + "!!" + world.answer[at:]


async def test_enter_on_a_note_opens_it_in_live(make_app, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        interview = await _open_hit(pilot, screen, "zebrafish")
        assert interview.current_stage == "live"
        editor = interview.query_one("#answer", TextArea)
        assert app.focused is editor
        assert editor.text == "Mentioned the zebrafish lab downstairs"
        assert "Note at 5:00" in str(interview.query_one("#answer-title").render())


@pytest.mark.parametrize(
    ("query", "stage", "focused"),
    [
        ("portfolio", "reflect", "reflect-most_helpful"),
        ("orchids", "research", "research-notes"),
        ("wombat", "follow_up", "thank-you"),
        ("Lovelace", "research", "contact-name"),
        ("Analytical", "research", "org-name"),
    ],
)
async def test_enter_opens_the_stage_with_the_cursor_in_the_field(
    make_app, world, query, stage, focused
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        interview = await _open_hit(pilot, screen, query)
        assert interview.current_stage == stage
        assert app.focused is not None and app.focused.id == focused
        if isinstance(app.focused, TextArea):
            at = app.focused.text.index(query)
            expected = app.focused.document.get_location_from_index(at)
            assert app.focused.cursor_location == expected
        # F10 goes back to the results, escape from there back to Home.
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen is screen and len(screen.hits) == 1
        await pilot.press("escape")  # from the results: back to the query
        assert app.focused is screen.query_one("#search-query")
        await pilot.press("escape")  # from the query: Home
        assert isinstance(app.screen, HomeScreen)


async def test_enter_on_a_question_highlights_it(make_app, store, world) -> None:
    questions = store.interview(world.ada).questions
    store.update_question(questions[2].id, text="What does a capybara eat for lunch?")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        interview = await _open_hit(pilot, screen, "capybara")
        assert interview.current_stage == "questions"
        listing = interview.query_one("#question-list", OptionList)
        assert app.focused is listing and listing.highlighted == 2


async def test_enter_on_a_referral_highlights_it(make_app, store, world) -> None:
    store.add_referral(world.ada, "Kim Park", "runs the research guild")
    store.add_referral(world.ada, "Lee Chen", "knows the okapi keepers")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        interview = await _open_hit(pilot, screen, "okapi")
        assert interview.current_stage == "follow_up"
        referrals = interview.query_one("#referrals", OptionList)
        assert app.focused is referrals and referrals.highlighted == 1


async def test_down_moves_into_the_results_and_enter_in_the_query_too(make_app, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "curious")
        assert len(screen.hits) == 2
        results = screen.query_one("#search-results", OptionList)
        await pilot.press("down")
        assert app.focused is results and results.highlighted == 0
        await pilot.press("ctrl+f")
        assert app.focused is screen.query_one("#search-query")
        await pilot.press("enter")
        assert app.focused is results


def _bar(screen) -> FilterBar:
    return screen.query_one(FilterBar)


async def _choose(pilot, bar: FilterBar, name: str, value: object) -> None:
    bar.query_one(f"#filter-{name}", Select).value = value
    await settle(pilot)


async def test_filters_narrow_and_sort_the_results(make_app, store, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "curious")
        assert {hit.contact_name for hit in screen.hits} == {"Ada Lovelace", "Grace Hopper"}
        bar = _bar(screen)
        await settle(pilot)
        engineer = next(o.id for o in store.occupations() if o.name == "Engineer")
        await _choose(pilot, bar, "occupation", engineer)
        assert [hit.contact_name for hit in screen.hits] == ["Ada Lovelace"]
        await _choose(pilot, bar, "occupation", Select.NULL)
        navy = next(o.id for o in store.organizations() if o.name == "Navy Yard")
        await _choose(pilot, bar, "organization", navy)
        assert [hit.contact_name for hit in screen.hits] == ["Grace Hopper"]
        await _choose(pilot, bar, "organization", Select.NULL)
        await _choose(pilot, bar, "stage", "reflect")
        assert [hit.contact_name for hit in screen.hits] == ["Grace Hopper"]
        await _choose(pilot, bar, "stage", Select.NULL)
        await _choose(pilot, bar, "fit", 3)
        assert [hit.contact_name for hit in screen.hits] == ["Ada Lovelace"]
        await _choose(pilot, bar, "fit", Select.NULL)
        await _choose(pilot, bar, "sort", "contact")
        assert [hit.contact_name for hit in screen.hits] == ["Ada Lovelace", "Grace Hopper"]
        await _choose(pilot, bar, "sort", "date")
        assert [hit.contact_name for hit in screen.hits] == ["Grace Hopper", "Ada Lovelace"]
        bar.query_one("#filter-since", Input).focus()
        await type_text(pilot, "2025-01-01")
        await settle(pilot)
        assert [hit.contact_name for hit in screen.hits] == ["Grace Hopper"]
        assert "No matches" not in _status(screen)


async def test_a_filter_set_with_keys(make_app, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "curious")
        await pilot.press("tab")  # from the query to the first filter: occupation
        await settle(pilot)
        assert app.focused is screen.query_one("#filter-occupation")
        # The choices are blank ("any"), Admiral, Engineer: pick Admiral.
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert [hit.contact_name for hit in screen.hits] == ["Grace Hopper"]


async def test_an_invalid_date_shows_a_hint_and_is_ignored(make_app, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "curious")
        screen.query_one("#filter-until", Input).focus()
        await type_text(pilot, "2024-13")
        await settle(pilot)
        hint = screen.query_one("#filter-hint")
        assert not hint.has_class("hidden") and "YYYY-MM-DD" in str(hint.render())
        assert len(screen.hits) == 2
        await pilot.press("ctrl+u")
        await type_text(pilot, "2024-12-31")
        await settle(pilot)
        assert hint.has_class("hidden")
        assert [hit.contact_name for hit in screen.hits] == ["Ada Lovelace"]


async def test_typing_fast_shows_the_final_query(make_app, world) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await type_text(pilot, "zebrafish")
        await _clear(pilot)
        await type_text(pilot, "wombat")
        await pilot.pause(DEBOUNCE_SECONDS + 0.1)
        await settle(pilot)
        assert [hit.field for hit in screen.hits] == ["thank_you_text"]


async def test_a_slow_older_search_never_overwrites_a_newer_one(
    make_app, world, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infoint_tui.store import search as search_module

    real_search = search_module.search
    release = threading.Event()
    started = threading.Event()

    def slow_for_orchids(engine, query, limit=50, interview_ids=None):
        if query == "orchids":
            started.set()
            release.wait(timeout=5)
        return real_search(engine, query, limit, interview_ids)

    monkeypatch.setattr(search_module, "search", slow_for_orchids)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await type_text(pilot, "orchids")
        await pilot.pause(DEBOUNCE_SECONDS + 0.1)
        assert started.wait(timeout=5)  # the orchids search is running, and stuck
        await _clear(pilot)
        await type_text(pilot, "wombat")
        for _ in range(100):  # not settle(): that would wait for the stuck worker
            await pilot.pause(0.05)
            if screen.hits:
                break
        assert [hit.field for hit in screen.hits] == ["thank_you_text"]
        release.set()  # the old search now finishes...
        await settle(pilot)
        await pilot.pause(0.1)
        assert [hit.field for hit in screen.hits] == ["thank_you_text"]  # ...and is dropped


@pytest.fixture
def crowd(store, world) -> int:
    """Eight better and newer matches for "curious" in other interviews than Ada's."""
    for index in range(8):
        other = store.create_interview(
            f"Crowd {index}",
            occupation="Admiral",
            scheduled_at=datetime(2025, 7, 1 + index, 12, tzinfo=UTC),
        )
        store.update_interview(other.id, research_notes="Curious, curious, curious.")
    return next(o.id for o in store.occupations() if o.name == "Engineer")


@pytest.mark.parametrize("sort", ["relevance", "date"])
async def test_a_filter_finds_a_match_below_the_best_of_other_interviews(
    make_app, world, crowd, sort, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ada's "curious" ranks below nine better matches elsewhere, more than the pool holds.
    monkeypatch.setattr(search_ops, "POOL", 5)
    monkeypatch.setattr(search_screen, "SHOWN", 3)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "curious")
        assert "Ada Lovelace" not in {hit.contact_name for hit in screen.hits}
        bar = _bar(screen)
        await _choose(pilot, bar, "sort", sort)
        await _choose(pilot, bar, "occupation", crowd)
        assert [hit.contact_name for hit in screen.hits] == ["Ada Lovelace"]
        assert _status(screen).startswith("1 result · ")


async def test_the_status_says_when_more_matched_than_were_read(
    make_app, world, crowd, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_ops, "POOL", 5)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_search(pilot)
        await _type_query(pilot, "curious")
        assert len(screen.hits) == 10 and "(the best ones" not in _status(screen)
        monkeypatch.setattr(search_screen, "SHOWN", 9)
        await _type_query(pilot, " ")  # the same query, searched again
        assert len(screen.hits) == 9 and "(the best ones" in _status(screen)
        monkeypatch.setattr(search_screen, "SHOWN", 10)
        await _choose(pilot, _bar(screen), "sort", "date")
        # The best five, newest first: ten matches were more than the pool.
        assert len(screen.hits) == 5 and "(the best ones" in _status(screen)
        dates = [hit.when for hit in screen.hits]
        assert dates == sorted(dates, reverse=True)
        await _clear(pilot)
        await _type_query(pilot, "orchids")
        assert len(screen.hits) == 1 and "(the best ones" not in _status(screen)


async def test_the_search_worker_hands_its_hits_back_as_a_message(make_app, world) -> None:
    from textual.message import Message

    from infoint_tui.messages import SearchDone

    app = make_app()
    posted: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=posted.append) as pilot:
        screen = await _open_search(pilot)  # ctrl+f: pushed by the app, the hook sees it
        await _type_query(pilot, "zebrafish")
        done = [message for message in posted if isinstance(message, SearchDone)]
        assert done and done[-1].generation == screen.generation
        assert [hit.contact_name for hit in done[-1].hits] == ["Ada Lovelace"]
        assert screen.hits == done[-1].hits
        assert done[-1].status.startswith("1 result")
