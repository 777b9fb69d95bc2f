"""The iCalendar export, on real SQLite files, read back with the icalendar library."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import Engine, func
from sqlmodel import col, select

from infoint_tui.store.calendar import calendar_text
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Medium,
    Occupation,
    Organization,
)
from infoint_tui.store.sessions import reading, writing

NOW = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)
# Any character a terminal or a calendar app could take as a control: only CR LF may remain.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def add_interview(
    engine: Engine,
    contact: str,
    *,
    occupation: str | None = None,
    organization: str | None = None,
    follow_up: dict[str, Any] | None = None,
    **fields: Any,
) -> str:
    """Insert one interview (and its contact, names and follow-up); return its UUID."""
    with writing(engine) as session:
        person = Contact(name=contact)
        session.add(person)
        session.flush()
        interview = Interview(contact_id=person.id, **fields)
        if occupation:
            row = Occupation(name=occupation)
            session.add(row)
            session.flush()
            interview.occupation_id = row.id
        if organization:
            org = Organization(name=organization)
            session.add(org)
            session.flush()
            interview.organization_id = org.id
        session.add(interview)
        session.flush()
        if follow_up is not None:
            session.add(FollowUp(interview_id=interview.id, **follow_up))
        return interview.uuid


def parse(text: str) -> dict[str, Any]:
    """The calendar's events by UID, after checking the document as a whole."""
    calendar = Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["PRODID"]) == "-//infoint-tui//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Informational interviews"
    events = calendar.walk("VEVENT")
    by_uid = {str(event["UID"]): event for event in events}
    assert len(by_uid) == len(events), "UIDs must be unique"
    # CRLF line endings only, and no control character anywhere else.
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    assert not _CONTROL.search(text)
    return by_uid


def is_utc_datetime(value: object) -> bool:
    return isinstance(value, datetime) and value.utcoffset() == timedelta(0)


def is_plain_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def test_each_interview_gives_the_events_it_should(engine: Engine) -> None:
    upcoming = add_interview(
        engine,
        "Ana Silva",
        occupation="Hospital pharmacist",
        organization="Northwind Health",
        scheduled_at=datetime(2025, 3, 12, 15, 0, tzinfo=UTC),
        planned_minutes=40,
        medium=Medium.IN_PERSON,
        goals="Learn about night shifts",
    )
    ended = add_interview(
        engine,
        "Ben Okafor",
        occupation="Data scientist",
        scheduled_at=datetime(2025, 3, 9, 13, 0, tzinfo=UTC),
        started_at=datetime(2025, 3, 9, 13, 2, tzinfo=UTC),
        ended_at=datetime(2025, 3, 9, 13, 31, tzinfo=UTC),
        follow_up={"next_contact_on": date(2025, 4, 1)},
    )
    thanked = add_interview(
        engine,
        "Chen Wei",
        ended_at=datetime(2025, 3, 1, 10, 0, tzinfo=UTC),
        follow_up={
            "thank_you_sent_at": datetime(2025, 3, 1, 18, 0, tzinfo=UTC),
            "next_contact_on": date(2025, 6, 15),
        },
    )
    no_follow_up_row = add_interview(
        engine, "Dana Ruiz", ended_at=datetime(2025, 3, 8, 20, 45, tzinfo=UTC)
    )
    add_interview(engine, "Eve Nakamura", occupation="Nurse")  # not scheduled, nothing due

    events = parse(calendar_text(engine, now=NOW))

    assert set(events) == {
        f"{upcoming}@infoint-tui",
        f"{ended}@infoint-tui",
        f"{ended}-thank-you@infoint-tui",
        f"{ended}-next-contact@infoint-tui",
        f"{thanked}-next-contact@infoint-tui",
        f"{no_follow_up_row}-thank-you@infoint-tui",
    }
    for event in events.values():
        assert event.decoded("DTSTAMP") == NOW

    meeting = events[f"{upcoming}@infoint-tui"]
    assert str(meeting["SUMMARY"]) == "Informational interview: Ana Silva (Hospital pharmacist)"
    start, end = meeting.decoded("DTSTART"), meeting.decoded("DTEND")
    assert is_utc_datetime(start) and is_utc_datetime(end)
    assert start == datetime(2025, 3, 12, 15, 0, tzinfo=UTC)
    assert end == start + timedelta(minutes=40)
    assert str(meeting["LOCATION"]) == "Northwind Health"
    description = str(meeting["DESCRIPTION"])
    assert "Organization: Northwind Health" in description
    assert "Medium: In person" in description
    assert "Learn about night shifts" in description
    assert str(meeting["TRANSP"]) == "OPAQUE"

    video = events[f"{ended}@infoint-tui"]
    assert str(video["SUMMARY"]) == "Informational interview: Ben Okafor (Data scientist)"
    # Held: the event is when it took place (13:02 to 13:31), not the plan (13:00, 25 min).
    assert video.decoded("DTSTART") == datetime(2025, 3, 9, 13, 2, tzinfo=UTC)
    assert video.decoded("DTEND") == datetime(2025, 3, 9, 13, 31, tzinfo=UTC)
    assert str(video["LOCATION"]) == "Video call"

    thank = events[f"{ended}-thank-you@infoint-tui"]
    assert str(thank["SUMMARY"]) == "Send thank-you note to Ben Okafor"
    deadline = datetime(2025, 3, 10, 13, 31, tzinfo=UTC)  # ended_at + 24 h
    assert is_utc_datetime(thank.decoded("DTEND"))
    assert thank.decoded("DTEND") == deadline
    assert thank.decoded("DTSTART") == deadline - timedelta(minutes=15)
    assert str(thank["TRANSP"]) == "TRANSPARENT"
    other = events[f"{no_follow_up_row}-thank-you@infoint-tui"]
    assert other.decoded("DTEND") == datetime(2025, 3, 9, 20, 45, tzinfo=UTC)

    for uid, on in ((ended, date(2025, 4, 1)), (thanked, date(2025, 6, 15))):
        later = events[f"{uid}-next-contact@infoint-tui"]
        assert "Get back in touch with " in str(later["SUMMARY"])
        assert is_plain_date(later.decoded("DTSTART")) and is_plain_date(later.decoded("DTEND"))
        assert later.decoded("DTSTART") == on
        assert later.decoded("DTEND") == on + timedelta(days=1)
    assert str(events[f"{thanked}-next-contact@infoint-tui"]["SUMMARY"]) == (
        "Get back in touch with Chen Wei"
    )


def test_a_held_interview_is_an_event_when_it_was_held(engine: Engine) -> None:
    planned_for = datetime(2025, 3, 9, 13, 0, tzinfo=UTC)
    started = datetime(2025, 3, 11, 8, 15, tzinfo=UTC)
    moved = add_interview(  # planned for the 9th, held on the 11th, still going on
        engine, "Fay", scheduled_at=planned_for, started_at=started, planned_minutes=30
    )
    unplanned = add_interview(  # never scheduled, held and ended
        engine, "Gus", started_at=started, ended_at=started + timedelta(minutes=52)
    )
    backwards = add_interview(  # an imported end before the start: a minute, not negative
        engine, "Hal", started_at=started, ended_at=started - timedelta(hours=1)
    )
    planned = add_interview(engine, "Ida", scheduled_at=planned_for, planned_minutes=45)
    unscheduled = add_interview(engine, "Jo")

    events = parse(calendar_text(engine, now=NOW))

    def span(uuid: str) -> tuple[datetime, datetime]:
        event = events[f"{uuid}@infoint-tui"]
        return event.decoded("DTSTART"), event.decoded("DTEND")

    assert span(moved) == (started, started + timedelta(minutes=30))
    assert span(unplanned) == (started, started + timedelta(minutes=52))
    assert span(backwards) == (started, started + timedelta(minutes=1))
    assert span(planned) == (planned_for, planned_for + timedelta(minutes=45))
    assert not any(uid.startswith(unscheduled) for uid in events)


def test_sending_the_thank_you_removes_its_deadline(engine: Engine) -> None:
    uuid = add_interview(
        engine,
        "Ben Okafor",
        ended_at=datetime(2025, 3, 9, 13, 31, tzinfo=UTC),
        follow_up={},
    )
    assert f"{uuid}-thank-you@infoint-tui" in parse(calendar_text(engine, now=NOW))
    with writing(engine) as session:
        row = session.exec(select(FollowUp)).one()
        row.thank_you_sent_at = datetime(2025, 3, 9, 19, 0, tzinfo=UTC)
        session.add(row)
    assert parse(calendar_text(engine, now=NOW)) == {}


def test_uids_are_stable_so_a_reimport_updates_events(engine: Engine) -> None:
    add_interview(
        engine,
        "Ana Silva",
        scheduled_at=datetime(2025, 3, 12, 15, 0, tzinfo=UTC),
        ended_at=datetime(2025, 3, 12, 15, 30, tzinfo=UTC),
        follow_up={"next_contact_on": date(2025, 5, 1)},
    )
    first = calendar_text(engine, now=NOW)
    second = calendar_text(engine, now=NOW + timedelta(days=3))
    assert set(parse(first)) == set(parse(second))
    assert len(parse(first)) == 3
    assert calendar_text(engine, now=NOW) == first  # deterministic


def test_hostile_text_is_kept_but_can_do_no_harm(engine: Engine) -> None:
    name = "Ann \x1b[31mRed\x1b[0m, Jr.; [b]x[/] 😀\nSecond\u202eline"
    goals = "One, two; three\r\nLine \x1b]0;title\x07two\\ [@click=app.quit]q[/]\n\tindented 🎉"
    uuid = add_interview(
        engine,
        name,
        occupation="C++; Rust, \x9b31m",
        organization="Acme, Inc.; \x1b[2J",
        medium=Medium.IN_PERSON,
        scheduled_at=datetime(2025, 3, 12, 15, 0, tzinfo=UTC),
        ended_at=datetime(2025, 3, 12, 15, 30, tzinfo=UTC),
        goals=goals,
        follow_up={"next_contact_on": date(2025, 5, 1)},
    )
    text = calendar_text(engine, now=NOW)
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    events = parse(text)

    clean_name = "Ann [31mRed[0m, Jr.; [b]x[/] 😀 Secondline"
    meeting = events[f"{uuid}@infoint-tui"]
    assert str(meeting["SUMMARY"]) == f"Informational interview: {clean_name} (C++; Rust, 31m)"
    assert str(meeting["LOCATION"]) == "Acme, Inc.; [2J"
    description = str(meeting["DESCRIPTION"])
    assert "Goals:\nOne, two; three\nLine ]0;titletwo\\ [@click=app.quit]q[/]\n\tindented 🎉" in (
        description
    )
    assert str(events[f"{uuid}-thank-you@infoint-tui"]["SUMMARY"]) == (
        f"Send thank-you note to {clean_name}"
    )
    assert str(events[f"{uuid}-next-contact@infoint-tui"]["SUMMARY"]) == (
        f"Get back in touch with {clean_name}"
    )
    # The library escaped the iCalendar specials in the file itself.
    assert "Jr.\\; [b]x[/]" in text and "Acme\\, Inc." in text


def test_uuid_filter_and_unknown_uuids(engine: Engine) -> None:
    wanted = add_interview(engine, "Ana", scheduled_at=datetime(2025, 3, 12, 15, tzinfo=UTC))
    add_interview(engine, "Ben", scheduled_at=datetime(2025, 3, 13, 15, tzinfo=UTC))
    assert set(parse(calendar_text(engine, now=NOW, uuids=[wanted]))) == {f"{wanted}@infoint-tui"}
    with pytest.raises(NotFoundError, match="no interview with uuid nope"):
        calendar_text(engine, uuids=[wanted, "nope"])


def test_an_empty_database_gives_an_empty_calendar(engine: Engine) -> None:
    assert parse(calendar_text(engine)) == {}


def test_generated_interviews_make_a_calendar_that_parses(engine: Engine) -> None:
    from infoint_tui.store.demo import generate

    generate(engine, 500, seed=3, now=NOW)
    with reading(engine) as session:
        scheduled = session.exec(
            select(func.count()).where(col(Interview.scheduled_at).is_not(None))
        ).one()
        unthanked = session.exec(
            select(func.count())
            .select_from(Interview)
            .outerjoin(FollowUp, col(FollowUp.interview_id) == Interview.id)
            .where(col(Interview.ended_at).is_not(None), col(FollowUp.thank_you_sent_at).is_(None))
        ).one()
        next_contacts = session.exec(
            select(func.count()).where(col(FollowUp.next_contact_on).is_not(None))
        ).one()
    events = parse(calendar_text(engine, now=NOW))
    kinds = [uid.removesuffix("@infoint-tui").rsplit("-", 1)[-1] for uid in events]
    assert kinds.count("you") == unthanked
    assert kinds.count("contact") == next_contacts
    assert len(events) == scheduled + unthanked + next_contacts
    assert scheduled > 0 and unthanked > 0 and next_contacts > 0


def test_the_calendar_module_stays_light() -> None:
    code = (
        "import sys, infoint_tui.store.calendar; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert "infoint_tui" in loaded
    assert not loaded & {"icalendar", "textual", "rich"}


@pytest.mark.parametrize("zone", ["UTC-14", "UTC+12"])  # POSIX signs: +14:00 and -12:00
def test_dates_at_the_ends_of_the_calendar_still_make_a_calendar(
    engine: Engine, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        last = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
        first = datetime(1, 1, 1, tzinfo=UTC)
        late = add_interview(
            engine,
            "Late",
            scheduled_at=last,
            ended_at=last,
            updated_at=last,
            follow_up={"next_contact_on": date.max, "updated_at": last},
        )
        near = add_interview(
            engine, "Near", ended_at=last - timedelta(hours=23, minutes=50), updated_at=first
        )
        early = add_interview(
            engine,
            "Early",
            scheduled_at=first,
            ended_at=first,
            created_at=first,
            updated_at=first,
            follow_up={"next_contact_on": date.min},
        )
        events = parse(calendar_text(engine, now=NOW))
    finally:
        monkeypatch.undo()
        time.tzset()
    meeting = events[f"{late}@infoint-tui"]
    assert meeting.decoded("DTSTART") == last.replace(microsecond=0)
    assert "DTEND" not in meeting and meeting.decoded("DURATION") == timedelta(minutes=25)
    # The thank-you deadline would fall after 9999: no reminder rather than a wrong one.
    assert f"{late}-thank-you@infoint-tui" not in events
    next_contact = events[f"{late}-next-contact@infoint-tui"]
    assert next_contact.decoded("DTSTART") == date.max
    assert next_contact.decoded("DURATION") == timedelta(days=1)
    reminder = events[f"{near}-thank-you@infoint-tui"]
    assert reminder.decoded("DURATION") == timedelta(minutes=15)
    assert "ended 9999-12-31 00:09 UTC" in str(reminder["DESCRIPTION"])
    assert events[f"{early}@infoint-tui"].decoded("DTSTART") == first
    assert events[f"{early}@infoint-tui"].decoded("DTEND") == first + timedelta(minutes=25)
    assert "ended 0001-01-01 00:00 UTC" in str(
        events[f"{early}-thank-you@infoint-tui"]["DESCRIPTION"]
    )
    assert events[f"{early}-next-contact@infoint-tui"].decoded("DTEND") == date(1, 1, 2)
