"""The lossless JSON export written a piece at a time: the head, then each organization,
person and interview as soon as its rows are read (see `export_rows`).

The text is what `json.dumps(document, indent=2, ensure_ascii=False)` writes for the whole
document, then made terminal-safe (`format.JSON_UNSAFE` escaped), followed by a newline;
only one interview's text is held at a time. This module imports neither SQLAlchemy nor
SQLModel.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from infoint_tui.store.connections import driver_connection
from infoint_tui.store.exchange.export_rows import InterviewRows, Row, Selection, exporting
from infoint_tui.store.exchange.format import FORMAT, JSON_UNSAFE, VERSION, escape, iso
from infoint_tui.store.exchange.json_text import (
    Shape,
    boolean,
    day,
    json_list,
    json_mapping,
    number,
    raw,
    text,
    timestamp,
)
from infoint_tui.timekeeping import utcnow

if TYPE_CHECKING:
    from sqlalchemy import Engine

#: Writes a piece of the document (a file's or a StringIO's `write`).
Write = Callable[[str], Any]
#: Told how many interviews have been written so far (see `progress.progress`).
Advance = Callable[[int], None]

_REF = [("uuid", text), ("name", text)]
_ORGANIZATION = [
    ("name", text),
    ("sector", text),
    ("website", text),
    ("research_notes", text),
    ("motivation", number),
    ("created_at", timestamp),
    ("updated_at", timestamp),
]
_ORGANIZATION_ALONE = Shape(2, _ORGANIZATION)
_PERSON = Shape(
    2,
    [
        ("uuid", text),
        ("name", text),
        ("organization", text),
        ("role", text),
        ("email", text),
        ("phone", text),
        ("profile_url", text),
        ("how_found", text),
        ("introduced_by", text),
        ("outreach_status", text),
        ("keep_in_touch_days", number),
        ("notes", text),
        ("message_draft", text),
        ("created_at", timestamp),
        ("updated_at", timestamp),
        ("timeline", raw),
    ],
)
_TIMELINE_ENTRY = Shape(4, [("kind", text), ("at", timestamp), ("text", text)])

_INTERVIEW_FIELDS = [
    ("uuid", text),
    ("stage", text),
    ("scheduled_at", timestamp),
    ("medium", text),
    ("planned_minutes", number),
    ("research_notes", text),
    ("goals", text),
    ("started_at", timestamp),
    ("ended_at", timestamp),
    ("created_at", timestamp),
    ("updated_at", timestamp),
    ("contact", raw),
    ("organization", raw),
    ("occupation", text),
    ("questions", raw),
    ("notes", raw),
    ("reflection", raw),
    ("follow_up", raw),
]
_INTERVIEW = Shape(2, _INTERVIEW_FIELDS)
_INTERVIEW_WITH_DRAFTS = Shape(2, [*_INTERVIEW_FIELDS, ("drafts", raw)])
_CONTACT = Shape(
    3,
    [
        ("uuid", text),
        ("name", text),
        ("role", text),
        ("email", text),
        ("phone", text),
        ("profile_url", text),
        ("how_met", text),
        ("notes", text),
        ("referred_by", raw),
        ("created_at", timestamp),
        ("updated_at", timestamp),
    ],
)
_REFERRED_BY = Shape(4, _REF)
_ORGANIZATION_OF_INTERVIEW = Shape(3, _ORGANIZATION)
_QUESTION = Shape(
    4,
    [
        ("text", text),
        ("category", text),
        ("position", number),
        ("must_ask", boolean),
        ("asked", boolean),
        ("asked_at_seconds", number),
        ("skipped", boolean),
        ("answer", text),
        ("starred", boolean),
        ("estimate_minutes", number),
        ("bank_key", text),
        ("updated_at", timestamp),
    ],
)
_NOTE = Shape(
    4,
    [("text", text), ("created_at", timestamp), ("offset_seconds", number), ("starred", boolean)],
)
_REFLECTION = Shape(
    3,
    [
        ("fit_confidence", number),
        ("most_interesting", text),
        ("most_helpful", text),
        ("surprises", text),
        ("still_to_learn", text),
        ("next_steps", text),
        ("updated_at", timestamp),
    ],
)
_FOLLOW_UP = Shape(
    3,
    [
        ("thank_you_text", text),
        ("thank_you_sent_at", timestamp),
        ("next_contact_on", day),
        ("updated_at", timestamp),
        ("referrals", raw),
    ],
)
#: An interview with referrals but no follow-up row (none is made until a thank-you note
#: is typed) gets a follow-up of its referrals alone.
_REFERRALS_ALONE = Shape(3, [("referrals", raw)])
_REFERRAL = Shape(
    5,
    [
        ("name", text),
        ("context", text),
        ("created_at", timestamp),
        ("contact", raw),
        ("planned_interview_uuid", text),
    ],
)
_REFERRAL_CONTACT = Shape(6, _REF)


def export_json(source: Engine | sqlite3.Connection, uuids: Sequence[str] | None = None) -> str:
    """The interviews (all, or those named by `uuids`) as one lossless JSON document, with
    the people and organizations: all of them, or those the chosen interviews name (and who
    introduced those people, and who introduced them...).

    Raises:
        NotFoundError: some of `uuids` name no interview.
    """
    buffer = io.StringIO()
    with driver_connection(source) as connection, exporting(connection, uuids) as selection:
        write_json(selection, buffer.write)
    return buffer.getvalue()


def write_json(selection: Selection, write: Write, advance: Advance | None = None) -> None:
    """Write the whole document for `selection`, one organization, person and interview at
    a time; `advance` is told the number of interviews written after each one."""

    def out(piece: str) -> None:
        write(escape(JSON_UNSAFE, piece))

    out(
        "{\n"
        f'  "format": {text(FORMAT)},\n'
        f'  "version": {number(VERSION)},\n'
        f'  "exported_at": "{iso(utcnow())}",\n'
        '  "organizations": '
    )
    _write_list(out, (_ORGANIZATION_ALONE.render(row[1:]) for row in selection.organizations()))
    out(',\n  "people": ')
    _write_list(out, (_person(row, timeline) for row, timeline in selection.people()))
    out(',\n  "interviews": ')
    _write_list(out, (_interview(rows) for rows in selection.interviews()), advance)
    out("\n}\n")


def _write_list(out: Write, items: Iterable[str], advance: Advance | None = None) -> None:
    """A list at depth 1 of objects written at depth 2, each written as it comes."""
    done = 0
    for item in items:
        out(("[\n    " if done == 0 else ",\n    ") + item)
        done += 1
        if advance is not None:
            advance(done)
    out("\n  ]" if done else "[]")


def _person(row: Row, timeline: list[Row]) -> str:
    entries = [_TIMELINE_ENTRY.render(entry[1:]) for entry in timeline]
    return _PERSON.render((*row[1:], json_list(entries, 3)))


def _interview(rows: InterviewRows) -> str:
    row = rows.interview
    referred_by = "null" if row[20] is None else _REFERRED_BY.render(row[20:22])
    contact = _CONTACT.render((*row[12:20], referred_by, row[22], row[23]))
    organization = "null" if row[24] is None else _ORGANIZATION_OF_INTERVIEW.render(row[25:32])
    questions = json_list([_QUESTION.render(question[1:]) for question in rows.questions], 3)
    notes = json_list([_NOTE.render(note[1:]) for note in rows.notes], 3)
    reflection = "null" if rows.reflection is None else _REFLECTION.render(rows.reflection[1:])
    referrals = json_list([_referral(referral) for referral in rows.referrals], 4)
    if rows.follow_up is not None:
        follow_up = _FOLLOW_UP.render((*rows.follow_up[1:], referrals))
    elif rows.referrals:
        follow_up = _REFERRALS_ALONE.render((referrals,))
    else:
        follow_up = "null"
    values = (*row[1:12], contact, organization, row[32], questions, notes, reflection, follow_up)
    if not rows.drafts:
        return _INTERVIEW.render(values)
    drafts = json_mapping([(draft[1], draft[2]) for draft in rows.drafts], 3)
    return _INTERVIEW_WITH_DRAFTS.render((*values, drafts))


def _referral(row: Row) -> str:
    contact = "null" if row[4] is None else _REFERRAL_CONTACT.render(row[4:6])
    return _REFERRAL.render((row[1], row[2], row[3], contact, row[6]))
