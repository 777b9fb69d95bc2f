"""Keys that lead from Home and from an interview to the read-back, comparison and exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_stage, settle

from infoint_tui.dialogs.export import ExportDialog
from infoint_tui.screens.interview import InterviewScreen
from infoint_tui.screens.occupation import OccupationScreen
from infoint_tui.screens.read_back import ReadBackScreen


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    monkeypatch.setattr("platformdirs.user_documents_path", lambda: folder)
    return folder


async def test_home_v_reads_and_o_compares(make_app, store) -> None:
    interview = store.create_interview("Ada", occupation="UX researcher", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ReadBackScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OccupationScreen)
        assert app.screen.occupation_id == store.interview(interview.id).occupation.id


async def test_o_without_an_occupation_says_so(make_app, store) -> None:
    store.create_interview("No Occupation")
    app = make_app()
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.notify = lambda message, **kwargs: seen.append(message)  # type: ignore[method-assign]
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, OccupationScreen)
    assert any("no occupation yet" in message for message in seen)


async def test_f6_compares_and_f7_reads_from_inside_an_interview(make_app, store) -> None:
    interview = store.create_interview("Ada", occupation="Nurse", bank_key="tiara")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stage(pilot, interview.id, "live")
        await pilot.press("enter", *"typed")
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, OccupationScreen)
        assert store.interview(interview.id).questions[0].answer == "typed"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ReadBackScreen)


async def test_x_and_c_export_markdown_and_calendar(make_app, store, documents: Path) -> None:
    from datetime import UTC, datetime, timedelta

    interview = store.create_interview("Ada Lovelace", occupation="Engineer")
    store.update_interview(interview.id, scheduled_at=datetime.now(UTC) + timedelta(days=2))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")
        await settle(pilot)
    folder = documents / "infoint-tui"
    [markdown] = list(folder.glob("*.md"))
    assert "Ada Lovelace" in markdown.name
    calendar = (folder / "infoint-tui.ics").read_text()
    assert "Informational interview: Ada Lovelace (Engineer)" in calendar


async def test_opening_a_search_hit_in_live_does_not_start_the_clock(make_app, store) -> None:
    interview = store.create_interview("Ada", bank_key="tiara")
    question = store.interview(interview.id).questions[0]
    store.save_answer(question.id, "an old answer")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(
            InterviewScreen(interview.id, stage="live", focus=("answer", question.id))
        )
        await settle(pilot)
        assert app.screen.query_one("#answer").text == "an old answer"
    after = store.interview(interview.id)
    assert after.interview.started_at is None
    assert after.questions[0].asked is False
