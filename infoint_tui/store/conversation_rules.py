"""The rules of what happened in a conversation, light enough for any screen to import.

Opening a stage to look changes nothing; the conversation starts by intent (a start key,
or the first question ticked) and ends by intent (an end key, or leaving Live for the
later stages after questions were asked). The interview's stage follows those events and
only moves on. No SQLModel here: the clock widget and the first paint use these rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from infoint_tui import timekeeping
from infoint_tui.store.kinds import Stage

if TYPE_CHECKING:
    from infoint_tui.store.models import Interview

#: The order the stages are reached in.
_ORDER = list(Stage)

#: Stages the user reaches on the way to the conversation (and may look at any time).
BEFORE = (Stage.RESEARCH, Stage.QUESTIONS)

#: A conversation running longer than this without an end was left running (the app was
#: closed mid-call, or the end key forgotten): the clock stops counting and offers to end it.
STALE_AFTER = timedelta(hours=6)


def later(stage: Stage | str, than: Stage | str) -> bool:
    """Whether `stage` comes after `than`."""
    return _ORDER.index(Stage(stage)) > _ORDER.index(Stage(than))


def furthest(stage: Stage | str, to: Stage) -> Stage:
    """`stage` moved on to `to`: the later of the two (a stage passed stays)."""
    return to if later(to, stage) else Stage(stage)


def advance(interview: Interview, stage: Stage) -> None:
    """Move `interview` on to `stage`; a stage already passed stays where it is."""
    interview.stage = furthest(interview.stage, stage)


class Leaving(StrEnum):
    """What leaving Live does to a conversation."""

    NOTHING = "nothing"  # not running, or only going to look at an earlier stage
    END = "end"  # questions were asked and the user moves on: the conversation is over
    ASK = "ask"  # running, but nothing asked yet: the user says whether it happened


def leaving_live(*, started: bool, ended: bool, any_asked: bool, to_stage: str | None) -> Leaving:
    """What leaving Live for `to_stage` (None: Home) means for the conversation.

    Going back to Research or Questions is a look at the notes mid-call, so the clock runs
    on. Going on to Reflect, Follow-up or Home after questions were asked ends it; with
    none asked the app cannot tell whether the conversation happened, so it asks.
    """
    if not started or ended or to_stage in BEFORE or to_stage == Stage.LIVE:
        return Leaving.NOTHING
    return Leaving.END if any_asked else Leaving.ASK


@dataclass(frozen=True)
class Held:
    """How a conversation that took place is described: `held 24 min, 10:00-10:24`."""

    started_at: datetime
    ended_at: datetime

    @property
    def minutes(self) -> int:
        """Whole minutes held, rounded to the nearest (at least 0)."""
        seconds = (self.ended_at - self.started_at).total_seconds()
        return max(0, round(seconds / 60))

    def text(self) -> str:
        """`held 24 min, 10:00-10:24` (local times; the day is added when it changes)."""
        start = timekeeping.local(self.started_at)
        end = timekeeping.local(self.ended_at)
        end_format = "%H:%M" if start.date() == end.date() else "%-d %b %H:%M"
        return (
            f"held {self.minutes} min, {start:%H:%M}-"
            f"{timekeeping.local_text(self.ended_at, end_format)}"
        )


def stale(started_at: datetime, now: datetime) -> bool:
    """Whether a conversation started at `started_at` and never ended was left running."""
    return now - timekeeping.aware(started_at) > STALE_AFTER


def likely_end(started_at: datetime, planned_minutes: int, stamps: list[int]) -> datetime:
    """When a conversation left running most likely ended: its last stamp, or the plan.

    The later of the last question ticked (`stamps`: seconds after the start) and the
    planned length, so a conversation the user forgot to end is recorded as it probably
    was, not as lasting until now.
    """
    seconds = max([planned_minutes * 60, *stamps])
    return timekeeping.shift(timekeeping.aware(started_at), timedelta(seconds=seconds))
