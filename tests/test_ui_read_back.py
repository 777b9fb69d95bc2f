"""Read back: every stage of a finished interview on one page, literal text, copy, keys."""

from __future__ import annotations

from datetime import UTC, date, datetime

from conftest import push_from_app, screen_text, settle, until
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from infoint_tui.messages import InterviewPageRead, ReadFailed
from infoint_tui.screens.home import HomeScreen
from infoint_tui.screens.read_back import SECTIONS, ReadBackScreen
from infoint_tui.store.models import Medium, Stage

TRICKY = "[b]x[/] and [@click=app.quit]y[/] [/"


def rich_interview(store, *, tricky: str = "") -> int:
    """A finished interview with something in every field the page shows."""
    referrer = store.create_interview("Ann Smith").contact_id
    started = datetime(2025, 3, 12, 14, 2, tzinfo=UTC)
    interview = store.create_interview(
        f"Jane Doe{tricky}",
        occupation="UX research",
        organization="Acme Labs",
        scheduled_at=datetime(2025, 3, 12, 14, 0, tzinfo=UTC),
        medium=Medium.PHONE,
        planned_minutes=30,
    )
    interview_id = interview.id
    store.update_contact(
        interview.contact_id,
        role="Lead researcher",
        email="jane@example.com",
        phone="+1 555 0100",
        profile_url="https://example.com/jane",
        how_met="Alumni meetup",
        referred_by_id=referrer,
    )
    store.update_linked_organization(
        interview_id, sector="Software", website="acme.example", research_notes="Makes rockets"
    )
    store.update_interview(
        interview_id,
        research_notes=f"Read her blog{tricky}",
        goals="Learn how she moved from teaching",
        started_at=started,
        ended_at=datetime(2025, 3, 12, 14, 31, tzinfo=UTC),
        stage=Stage.DONE,
    )
    asked = store.add_question(interview_id, f"How did you get started?{tricky}", must_ask=True)
    store.mark_asked(asked.id, at_seconds=190)
    store.save_answer(asked.id, f"By accident, via teaching{tricky}\nThen a bootcamp")
    store.star_question(asked.id)
    skipped = store.add_question(interview_id, "What do you earn?")
    store.mark_skipped(skipped.id)
    store.add_question(interview_id, "Who else should I talk to?", must_ask=True)
    store.add_note(interview_id, f"Read the handbook{tricky}", offset_seconds=425, starred=True)
    store.add_note(interview_id, "Calm voice", offset_seconds=60)
    store.save_reflection(
        interview_id,
        fit_confidence=4,
        most_interesting=f"Her path from teaching{tricky}",
        next_steps="Build a small portfolio",
    )
    store.save_follow_up(
        interview_id,
        thank_you_text=f"Dear Jane, thank you{tricky}",
        thank_you_sent_at=datetime(2025, 3, 12, 18, 0, tzinfo=UTC),
        next_contact_on=date(2025, 4, 1),
    )
    store.add_referral(interview_id, "Bob Stone", f"runs research ops{tricky}")
    planned = store.add_referral(interview_id, "Cleo Park", "hires juniors")
    store.plan_interview_from_referral(planned.id)
    return interview_id


async def open_read_back(pilot, interview_id: int) -> ReadBackScreen:
    """Push the read-back page once the store is ready, and let it load."""
    await settle(pilot)
    screen = ReadBackScreen(interview_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def section(screen: ReadBackScreen, key: str) -> str:
    return str(screen.query_one(f"#read-{key}", Static).render())


async def test_every_section_shows_what_was_recorded(store, make_app) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_read_back(pilot, interview_id)
        assert "Jane Doe — UX research" in section(screen, "title")
        assert "Acme Labs" in section(screen, "summary")
        assert "stage: done" in section(screen, "summary")

        research = section(screen, "research")
        for expected in (
            "Jane Doe, Lead researcher",
            "jane@example.com",
            "+1 555 0100",
            "https://example.com/jane",
            "Alumni meetup",
            "Referred by  Ann Smith",
            "Acme Labs",
            "Software",
            "acme.example",
            "Makes rockets",
            "UX research",
            "2025",
            "Phone",
            "30 minutes",
            "(29 minutes)",
            "Read her blog",
            "Learn how she moved from teaching",
        ):
            assert expected in research, expected

        questions = section(screen, "questions")
        first, second, third = questions.split("\n\n")
        assert "How did you get started?" in first
        assert "✓ 3:10" in first and "must ask" in first and "★" in first
        assert "By accident, via teaching\n   Then a bootcamp" in first
        assert "What do you earn?" in second and "skipped" in second and "★" not in second
        assert "(no answer)" in second
        assert "Who else should I talk to?" in third
        assert "not asked" in third and "must ask" in third

        notes = section(screen, "notes").splitlines()
        assert notes[0].split() == ["7:05", "★", "Read", "the", "handbook"]
        assert notes[1].split() == ["1:00", "Calm", "voice"]

        reflection = section(screen, "reflection")
        assert "●●●●○" in reflection and "4 · Quite likely" in reflection
        assert "Most interesting\nHer path from teaching" in reflection
        assert "Next steps\nBuild a small portfolio" in reflection
        assert "What surprised" not in reflection  # empty prompts are left out

        follow_up = section(screen, "follow-up")
        assert "sent " in follow_up and "not sent" not in follow_up
        assert "Tue 01 Apr 2025" in follow_up
        assert "Dear Jane, thank you" in follow_up
        assert "Bob Stone — runs research ops  (not planned yet)" in follow_up
        assert "Cleo Park — hires juniors  (interview planned)" in follow_up

        shown = screen_text(app)
        assert "Research" in shown and "Jane Doe" in shown
        assert "Copy" in shown and "Markdown file" in shown  # footer keys


def test_the_header_dates_the_interview_when_held_or_says_not_scheduled(store) -> None:
    from infoint_tui.screens.read_back import summary_of

    held = store.interview(rich_interview(store))  # planned for 14:00, held from 14:02
    started = datetime(2025, 3, 12, 14, 2, tzinfo=UTC).astimezone()
    assert summary_of(held).plain == f"Acme Labs · {started:%a %d %b %Y, %H:%M} · stage: done"
    unscheduled = store.interview(store.create_interview("Sam").id)
    assert summary_of(unscheduled).plain == "not scheduled · stage: research"


async def test_an_interview_with_little_in_it_says_so(store, make_app) -> None:
    interview_id = store.create_interview("Sam").id
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_read_back(pilot, interview_id)
        assert section(screen, "questions") == "No questions."
        assert section(screen, "notes") == "No notes."
        assert section(screen, "reflection") == "Not reflected on yet."
        assert section(screen, "follow-up") == "No follow-up yet."
        assert "not scheduled" in section(screen, "research")


async def test_user_text_is_shown_literally_with_controls_escaped(store, make_app) -> None:
    interview_id = rich_interview(store, tricky=TRICKY + " \x1b[31mred\x07")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_read_back(pilot, interview_id)
        literal = TRICKY + " \\x1b[31mred\\x07"
        for key in ("title", "research", "questions", "notes", "reflection", "follow-up"):
            assert literal in section(screen, key), key
        await pilot.press("end", "home")
        await settle(pilot)
        assert app.is_running and app.screen is screen


async def test_copy_puts_the_interview_as_markdown_on_the_clipboard(
    notices, store, make_app, monkeypatch
) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(100, 40), message_hook=notices) as pilot:
        await open_read_back(pilot, interview_id)
        await pilot.press("c")
        await settle(pilot)
        assert len(copied) == 1
        markdown = copied[0]
        assert markdown.startswith("---\n")
        assert "# Jane Doe — UX research" in markdown
        assert "## Questions" in markdown
        assert "By accident, via teaching" in markdown
        assert "asked at minute 3" in markdown
        assert "## Follow-up" in markdown
        assert any("Copied the interview with Jane Doe" in n.message for n in notices.shown)


async def test_escape_and_q_go_back(store, make_app) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("escape", "q"):
            await open_read_back(pilot, interview_id)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen), key


async def test_keys_scroll_the_page(store, make_app) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_read_back(pilot, interview_id)
        page = screen.query_one("#read-back", VerticalScroll)
        assert page.max_scroll_y > 0
        # Scrolling is animated: wait for where each key takes the page.
        await pilot.press("end")
        await until(pilot, lambda: page.scroll_y == page.max_scroll_y)
        await pilot.press("home")
        await until(pilot, lambda: page.scroll_y == 0)
        await pilot.press("down", "down")
        await until(pilot, lambda: page.scroll_y == 2)
        await pilot.press("pagedown")
        await until(pilot, lambda: page.scroll_y > 10)
        await pilot.press("pageup")
        await until(pilot, lambda: page.scroll_y == 2)


async def test_every_key_has_a_description_tooltip_and_id() -> None:
    for binding in ReadBackScreen.BINDINGS:
        assert binding.description and binding.tooltip and binding.id  # type: ignore[union-attr]


async def test_a_deleted_interview_closes_the_page_with_a_message(notices, store, make_app) -> None:
    interview_id = store.create_interview("Gone").id
    store.delete_interview(interview_id)
    app = make_app()
    posted: list[Message] = []

    def hook(message: Message) -> None:
        posted.append(message)
        notices(message)

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        await push_from_app(pilot, ReadBackScreen(interview_id))
        assert isinstance(app.screen, HomeScreen)
        assert any("Cannot show this interview" in n.message for n in notices.shown)
    failed = [message for message in posted if isinstance(message, ReadFailed)]
    assert len(failed) == 1 and str(interview_id) in failed[0].reason
    assert not any(isinstance(message, InterviewPageRead) for message in posted)


async def test_the_loading_worker_hands_the_page_back_as_one_message(store, make_app) -> None:
    interview_id = rich_interview(store)
    app = make_app()
    posted: list[Message] = []
    async with app.run_test(size=(100, 40), message_hook=posted.append) as pilot:
        await settle(pilot)
        await push_from_app(pilot, screen := ReadBackScreen(interview_id))
        pages = [message for message in posted if isinstance(message, InterviewPageRead)]
        assert len(pages) == 1
        page = pages[0]
        assert page.uuid == store.interview(interview_id).interview.uuid
        assert page.name == "Jane Doe" and f'uuid: "{page.uuid}"' in page.markdown
        assert set(page.page) == {"title", "summary", *(key for key, _ in SECTIONS)}
        assert section(screen, "title") == str(page.page["title"])
