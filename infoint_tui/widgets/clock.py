"""The interview clock: elapsed and remaining time against the planned length."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from infoint_tui import timekeeping
from infoint_tui.store.conversation_rules import Held, stale

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
    ended_at: reactive[datetime | None] = reactive(None)
    """When the conversation ended (aware UTC): the clock stops and says how long it was held."""
    planned_minutes: reactive[int] = reactive(25)
    """The planned length of the conversation."""

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    @property
    def running(self) -> bool:
        """Whether the conversation is on: started, not ended, not left running for hours."""
        return (
            self.started_at is not None
            and self.ended_at is None
            and not stale(self.started_at, timekeeping.utcnow())
        )

    @property
    def elapsed(self) -> int:
        """Whole seconds since the start (0 before it; frozen at the end)."""
        return elapsed_seconds(self.started_at, self.ended_at)

    @property
    def remaining(self) -> int:
        """Seconds left of the planned length (negative when over)."""
        return self.planned_minutes * 60 - self.elapsed

    def render(self) -> Content:
        running = self.running
        remaining = self.remaining
        self.set_class(running and 0 <= remaining <= WRAP_UP_SECONDS, "-wrap-up")
        self.set_class(running and remaining < 0, "-over")
        if self.started_at is None:
            return Content(
                f"◷ not started · {self.planned_minutes} min planned · "
                "ctrl+r or the first ✓ starts it"
            )
        if self.ended_at is not None:
            held = Held(timekeeping.aware(self.started_at), timekeeping.aware(self.ended_at))
            return Content(f"◷ {held.text()} · ctrl+r resumes")
        if not running:  # left running for hours: the app was closed mid-call, or F8 forgotten
            since = timekeeping.local_text(self.started_at, "%-d %b %H:%M")
            return Content(f"◷ started {since} and never ended · F8 ends it")
        return Content("◷ " + clock_text(self.elapsed, self.planned_minutes))


def elapsed_seconds(started_at: datetime | None, ended_at: datetime | None) -> int:
    """Whole seconds from the start to the end (or to now, while it runs); 0 before it."""
    if started_at is None:
        return 0
    until = timekeeping.aware(ended_at) if ended_at is not None else timekeeping.utcnow()
    return max(0, int((until - timekeeping.aware(started_at)).total_seconds()))


def minutes_seconds(seconds: int) -> str:
    """`4:36` for a number of seconds (never negative), as the clock shows it."""
    return _mmss(seconds)
