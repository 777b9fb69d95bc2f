"""When to nudge, whom to try next, when to keep in touch: rules on dates, no database.

After "The 2-Hour Job Search": with no reply after three business days, try another
person at the same organization; after seven, send the first person one polite nudge;
after one nudge with no reply for another seven, stop (the person moves to "no reply").
The numbers are the user's settings (`OutreachTiming`). Business days are Monday to Friday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from infoint_tui.store.kinds import OutreachStatus

__all__ = [
    "OutreachState",
    "OutreachTiming",
    "OutreachTodo",
    "add_business_days",
    "business_days_between",
    "outreach_todos",
]


@dataclass(frozen=True)
class OutreachTiming:
    """How many business days to wait before each step (the user's settings)."""

    try_another_after: int = 3
    nudge_after: int = 7
    give_up_after_nudge: int = 7


def business_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    days = whole_weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            days += 1
    return days


def add_business_days(start: date, days: int) -> date:
    """The day `days` business days after `start` (a weekend start counts from Monday)."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


@dataclass(frozen=True)
class OutreachState:
    """What the rules need to know about one person."""

    person_id: int
    name: str
    organization_id: int | None
    organization: str
    status: OutreachStatus
    request_on: date | None = None  # the day the (latest) request went out
    nudge_on: date | None = None  # the day the nudge went out, after that request
    keep_in_touch_days: int | None = None
    last_contact_on: date | None = None  # the latest contact of any kind


@dataclass(frozen=True)
class OutreachTodo:
    """One thing to do about a person; `kind` is nudge, try_another, give_up or keep_in_touch."""

    kind: str
    person_id: int
    text: str
    due: date
    overdue: bool


def outreach_todos(
    people: list[OutreachState], today: date, timing: OutreachTiming | None = None
) -> list[OutreachTodo]:
    """What to do about unanswered requests and people to keep in touch with, by due day."""
    timing = timing or OutreachTiming()
    todos: list[OutreachTodo] = []
    by_organization: dict[int, list[OutreachState]] = {}
    for person in people:
        if person.organization_id is not None:
            by_organization.setdefault(person.organization_id, []).append(person)
    for person in people:
        todos.extend(_waiting(person, today, timing, by_organization))
        todos.extend(_keep_in_touch(person, today))
    return sorted(todos, key=lambda todo: (todo.due, todo.text.casefold()))


def _waiting(
    person: OutreachState,
    today: date,
    timing: OutreachTiming,
    by_organization: dict[int, list[OutreachState]],
) -> list[OutreachTodo]:
    if person.status != OutreachStatus.REQUEST_SENT or person.request_on is None:
        return []
    if person.nudge_on is not None:
        due = add_business_days(person.nudge_on, timing.give_up_after_nudge)
        if today >= due:
            return [
                OutreachTodo(
                    "give_up",
                    person.person_id,
                    f"No reply from {person.name} after a nudge: moved to no reply",
                    due,
                    False,
                )
            ]
        return []
    waited = business_days_between(person.request_on, today)
    todos: list[OutreachTodo] = []
    if waited >= timing.nudge_after:
        due = add_business_days(person.request_on, timing.nudge_after)
        todos.append(
            OutreachTodo(
                "nudge",
                person.person_id,
                f"Nudge {person.name}: no reply in {waited} business days",
                due,
                today > due,
            )
        )
    elif waited >= timing.try_another_after and person.organization_id is not None:
        tried_since = any(
            other.person_id != person.person_id
            and other.request_on is not None
            and other.request_on >= person.request_on
            for other in by_organization.get(person.organization_id, [])
        )
        if not tried_since:
            due = add_business_days(person.request_on, timing.try_another_after)
            todos.append(
                OutreachTodo(
                    "try_another",
                    person.person_id,
                    f"Try someone else at {person.organization}: "
                    f"{person.name} has not replied in {waited} business days",
                    due,
                    False,
                )
            )
    return todos


def _keep_in_touch(person: OutreachState, today: date) -> list[OutreachTodo]:
    if not person.keep_in_touch_days or person.last_contact_on is None:
        return []
    due = person.last_contact_on + timedelta(days=person.keep_in_touch_days)
    if today < due:
        return []
    return [
        OutreachTodo(
            "keep_in_touch",
            person.person_id,
            f"Keep in touch with {person.name}: last contact {person.last_contact_on:%d %b %Y}",
            due,
            today > due,
        )
    ]
