"""Outreach timing on fixed dates: business days, weekends and the user's numbers."""

from __future__ import annotations

from datetime import date

import pytest

from infoint_tui.store.kinds import OutreachStatus
from infoint_tui.store.outreach_rules import (
    OutreachState,
    OutreachTiming,
    add_business_days,
    business_days_between,
    outreach_todos,
)

MON, FRI, SAT, SUN = date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8)


@pytest.mark.parametrize(
    "start, end, days",
    [
        (MON, MON, 0),
        (MON, date(2026, 3, 3), 1),
        (FRI, SAT, 0),  # the weekend does not count
        (FRI, SUN, 0),
        (FRI, date(2026, 3, 9), 1),  # Friday to Monday: one business day
        (SAT, date(2026, 3, 9), 1),
        (MON, date(2026, 3, 16), 10),  # two whole weeks
        (date(2026, 3, 9), MON, 0),  # backwards: none
    ],
)
def test_business_days_between(start: date, end: date, days: int) -> None:
    assert business_days_between(start, end) == days


@pytest.mark.parametrize(
    "start, days, end",
    [
        (MON, 3, date(2026, 3, 5)),
        (FRI, 1, date(2026, 3, 9)),
        (SAT, 1, date(2026, 3, 9)),
        (MON, 7, date(2026, 3, 11)),
        (MON, 0, MON),
    ],
)
def test_add_business_days(start: date, days: int, end: date) -> None:
    assert add_business_days(start, days) == end
    if start.weekday() < 5:
        assert business_days_between(start, end) == days


def _asked(person_id: int, name: str, org: int | None, on: date, **more) -> OutreachState:
    return OutreachState(
        person_id=person_id,
        name=name,
        organization_id=org,
        organization="Acme" if org else "",
        status=more.pop("status", OutreachStatus.REQUEST_SENT),
        request_on=on,
        **more,
    )


def test_try_another_after_three_business_days_then_nudge_after_seven() -> None:
    ada = _asked(1, "Ada", 10, MON)
    assert outreach_todos([ada], date(2026, 3, 4)) == []  # two business days
    (todo,) = outreach_todos([ada], date(2026, 3, 5))  # three
    assert (todo.kind, todo.person_id, todo.due) == ("try_another", 1, date(2026, 3, 5))
    assert todo.text == "Try someone else at Acme: Ada has not replied in 3 business days"
    (todo,) = outreach_todos([ada], SUN)  # the weekend adds nothing: still four
    assert todo.text.endswith("in 4 business days")
    (todo,) = outreach_todos([ada], date(2026, 3, 11))  # seven: nudge instead
    assert (todo.kind, todo.overdue) == ("nudge", False)
    assert todo.text == "Nudge Ada: no reply in 7 business days"
    (todo,) = outreach_todos([ada], date(2026, 3, 12))
    assert todo.overdue


def test_no_try_another_once_someone_else_there_was_asked_or_without_an_organization() -> None:
    ada = _asked(1, "Ada", 10, MON)
    bob = _asked(2, "Bob", 10, date(2026, 3, 5))
    thursday = date(2026, 3, 5)
    assert [t.person_id for t in outreach_todos([ada, bob], thursday)] == []
    loner = _asked(3, "Cleo", None, MON)
    assert outreach_todos([loner], thursday) == []


def test_after_a_nudge_only_giving_up_is_left() -> None:
    ada = _asked(1, "Ada", 10, MON, nudge_on=date(2026, 3, 11))
    assert outreach_todos([ada], date(2026, 3, 19)) == []
    (todo,) = outreach_todos([ada], date(2026, 3, 20))
    assert (todo.kind, todo.due) == ("give_up", date(2026, 3, 20))


def test_the_users_numbers_are_used() -> None:
    timing = OutreachTiming(try_another_after=1, nudge_after=2, give_up_after_nudge=1)
    ada = _asked(1, "Ada", 10, MON)
    assert [t.kind for t in outreach_todos([ada], date(2026, 3, 3), timing)] == ["try_another"]
    assert [t.kind for t in outreach_todos([ada], date(2026, 3, 4), timing)] == ["nudge"]


def test_other_statuses_wait_for_nothing() -> None:
    for status in set(OutreachStatus) - {OutreachStatus.REQUEST_SENT}:
        person = _asked(1, "Ada", 10, MON, status=status)
        assert outreach_todos([person], date(2026, 4, 1)) == [], status


def test_keep_in_touch_is_due_its_interval_after_the_last_contact() -> None:
    ada = OutreachState(
        person_id=1,
        name="Ada",
        organization_id=None,
        organization="",
        status=OutreachStatus.INTERVIEWED,
        keep_in_touch_days=90,
        last_contact_on=MON,
    )
    assert outreach_todos([ada], date(2026, 5, 30)) == []
    (todo,) = outreach_todos([ada], date(2026, 5, 31))
    assert (todo.kind, todo.overdue) == ("keep_in_touch", False)
    assert todo.text == "Keep in touch with Ada: last contact 02 Mar 2026"
    assert outreach_todos([ada], date(2026, 6, 1))[0].overdue
