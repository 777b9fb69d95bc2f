"""Opening the screens about one interview or occupation, shared by Home and the interview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from infoint_tui.context import app_context

if TYPE_CHECKING:
    from textual.app import App


def open_read_back(app: App[Any], interview_id: int) -> None:
    """Show the read-only page of one interview."""
    from infoint_tui.screens.read_back import ReadBackScreen

    app.push_screen(ReadBackScreen(interview_id))


def open_occupation(app: App[Any], interview_id: int) -> None:
    """Compare everything heard about this interview's occupation (or say it has none)."""
    from infoint_tui.screens.occupation import OccupationScreen

    store = app_context(app).store
    if store is None:
        return
    occupation_id = store.interview(interview_id).interview.occupation_id
    if occupation_id is None:
        app.notify("This interview has no occupation yet: add one on Research (F1).", markup=False)
        return
    below = app.screen_stack[-2] if len(app.screen_stack) > 1 else None
    if isinstance(below, OccupationScreen) and below.occupation_id == occupation_id:
        # Back to the comparison this interview was opened from, saving on the way out.
        leave = getattr(app.screen, "action_home", None)
        if callable(leave):
            leave()
        else:
            app.pop_screen()
        return
    app.push_screen(OccupationScreen(occupation_id))
