"""The interview clock: elapsed and remaining time against the planned length."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from infoint_tui import timekeeping

WRAP_UP_SECONDS = 5 * 60


def clock_text(elapsed: int, planned_minutes: int) -> str:
    """`12:03 elapsed · 12:57 left of 25 min`, or `2:10 over` past the planned end."""
    remaining = planned_minutes * 60 - elapsed
    left = f"{_mmss(remaining)} left" if remaining >= 0 else f"{_mmss(-remaining)} over"
    return f"{_mmss(elapsed)} elapsed · {left} of {planned_minutes} min"


def _mmss(seconds: int) -> str:
    minutes, seconds = divmod(max(seconds, 0), 60)
    return f"{minutes}:{seconds:02d}"


class Clock(Widget):
    """Ticks every second; turns to the wrap-up style in the last five minutes."""

    DEFAULT_CSS = """
    Clock { height: 1; width: auto; min-width: 40; padding: 0 1; }
    Clock.-wrap-up { background: $warning 30%; text-style: bold; }
    Clock.-over { background: $error 30%; text-style: bold; }
    """

    started_at: reactive[datetime | None] = reactive(None)
    """When the conversation started (aware UTC), or None before the clock runs."""
    planned_minutes: reactive[int] = reactive(25)
    """The planned length of the conversation."""

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    @property
    def elapsed(self) -> int:
        """Whole seconds since the start (0 before it)."""
        if self.started_at is None:
            return 0
        return max(0, int((timekeeping.utcnow() - self.started_at).total_seconds()))

    @property
    def remaining(self) -> int:
        """Seconds left of the planned length (negative when over)."""
        return self.planned_minutes * 60 - self.elapsed

    def render(self) -> Content:
        remaining = self.remaining
        self.set_class(
            self.started_at is not None and 0 <= remaining <= WRAP_UP_SECONDS, "-wrap-up"
        )
        self.set_class(self.started_at is not None and remaining < 0, "-over")
        if self.started_at is None:
            return Content(f"◷ not started · {self.planned_minutes} min planned · ctrl+r starts")
        return Content("◷ " + clock_text(self.elapsed, self.planned_minutes))
