"""The interview screen and what only it uses: the stage bar and the five stage panes.

`InterviewScreen` is exported lazily: importing one pane's module (Read back takes
Reflect's prompts) must not load the screen and every other pane with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infoint_tui.screens.interview.screen import InterviewScreen

__all__ = ["InterviewScreen"]


def __getattr__(name: str) -> Any:
    if name == "InterviewScreen":
        from infoint_tui.screens.interview.screen import InterviewScreen

        return InterviewScreen
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
