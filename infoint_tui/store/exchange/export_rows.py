"""The rows an export carries, read through plain sqlite3 a batch of interviews at a time.

An export of every interview never holds more than one batch: the interviews come in
document order (oldest first) from one cursor over their ids, and each batch's questions,
notes, reflection, follow-up, referrals and drafts are read with it. The people and the
organizations no interview names are read the same way. An export of chosen interviews
first works out which people and organizations they bring along (as many as they name).

Columns are selected in the order the document writes them, so that a row is written out
as it comes (see `json_document`); the first column is the row's own id where one is needed.
This module imports neither SQLAlchemy nor SQLModel.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from infoint_tui.store.connections import read_snapshot
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.exchange.format import one_line

#: Interviews (or people) read and written together; ids per `IN (...)` query, far below
#: SQLite's limit on bound variables.
BATCH = 200

Row = tuple[Any, ...]

#: i.id, then the interview's fields, its contact (with who referred them), its
#: organization (o.id first: NULL when it has none) and its occupation's name.
_INTERVIEWS = """
SELECT i.id, i.uuid, i.stage, i.scheduled_at, i.medium, i.planned_minutes,
       i.research_notes, i.goals, i.started_at, i.ended_at, i.created_at, i.updated_at,
       c.uuid, c.name, c.role, c.email, c.phone, c.profile_url, c.how_met, c.notes,
       r.uuid, r.name, c.created_at, c.updated_at,
       o.id, o.name, o.sector, o.website, o.research_notes, o.motivation, o.created_at,
       o.updated_at,
       occupation.name
FROM interview AS i
JOIN contact AS c ON c.id = i.contact_id
LEFT JOIN contact AS r ON r.id = c.referred_by_id
LEFT JOIN organization AS o ON o.id = i.organization_id
LEFT JOIN occupation ON occupation.id = i.occupation_id
WHERE i.id IN ({marks})
"""
#: Each interview's children: interview_id first, then the fields in document order.
_QUESTIONS = """
SELECT interview_id, text, category, position, must_ask, asked, asked_at_seconds, skipped,
       answer, starred, estimate_minutes, bank_key, updated_at
FROM question WHERE interview_id IN ({marks}) ORDER BY interview_id, position, id
"""
_NOTES = """
SELECT interview_id, text, created_at, offset_seconds, starred
FROM note WHERE interview_id IN ({marks}) ORDER BY interview_id, created_at, id
"""
_REFLECTIONS = """
SELECT interview_id, fit_confidence, most_interesting, most_helpful, surprises,
       still_to_learn, next_steps, updated_at
FROM reflection WHERE interview_id IN ({marks}) ORDER BY interview_id, id
"""
_FOLLOW_UPS = """
SELECT interview_id, thank_you_text, thank_you_sent_at, next_contact_on, updated_at
FROM follow_up WHERE interview_id IN ({marks}) ORDER BY interview_id, id
"""
#: name, context, created_at, the contact made of it (uuid, name), the planned interview.
_REFERRALS = """
SELECT referral.interview_id, referral.name, referral.context, referral.created_at,
       c.uuid, c.name, planned.uuid
FROM referral
LEFT JOIN contact AS c ON c.id = referral.contact_id
LEFT JOIN interview AS planned ON planned.id = referral.planned_interview_id
WHERE referral.interview_id IN ({marks})
ORDER BY referral.interview_id, referral.created_at, referral.id
"""
_DRAFTS = """
SELECT interview_id, name, text
FROM draft WHERE interview_id IN ({marks}) ORDER BY interview_id, name
"""
#: c.id, then the person's fields in document order (the organization's name, the uuid
#: of who introduced them).
_PEOPLE = """
SELECT c.id, c.uuid, c.name, o.name, c.role, c.email, c.phone, c.profile_url, c.how_met,
       r.uuid, c.outreach_status, c.keep_in_touch_days, c.notes, c.message_draft,
       c.created_at, c.updated_at
FROM contact AS c
LEFT JOIN organization AS o ON o.id = c.organization_id
LEFT JOIN contact AS r ON r.id = c.referred_by_id
"""
_TIMELINES = """
SELECT contact_id, kind, at, text
FROM timeline_entry WHERE contact_id IN ({marks}) ORDER BY contact_id, at, id
"""
_ORGANIZATION_FIELDS = (
    "SELECT id, name, sector, website, research_notes, motivation, created_at, updated_at "
    "FROM organization"
)


@dataclass(frozen=True, slots=True)
class InterviewRows:
    """One interview's rows, each in the column order of the queries above."""

    interview: Row
    questions: list[Row]
    notes: list[Row]
    reflection: Row | None
    follow_up: Row | None
    referrals: list[Row]
    drafts: list[Row]


@contextmanager
def exporting(
    connection: sqlite3.Connection, uuids: Sequence[str] | None = None
) -> Iterator[Selection]:
    """The interviews named by `uuids` (all of them for None), read in one snapshot.

    Raises:
        NotFoundError: some of `uuids` name no interview (before anything is read).
    """
    with read_snapshot(connection):
        yield Selection(connection, uuids)


class Selection:
    """What one export carries: the interviews, their people and organizations."""

    def __init__(self, connection: sqlite3.Connection, uuids: Sequence[str] | None) -> None:
        self.connection = connection
        self.everything = uuids is None
        if uuids is None:
            self.ids: list[int] | None = None
            self.total: int = connection.execute("SELECT count(*) FROM interview").fetchone()[0]
            return
        self.ids = _chosen(connection, list(dict.fromkeys(uuids)))
        self.total = len(self.ids)
        # The people they name, with whoever introduced them (and who introduced those...).
        interviews = list(_select_in(connection, _ID_CONTACT_ORG, self.ids))
        people = {row[1] for row in interviews}
        people |= {row[0] for row in _select_in(connection, _REFERRED, self.ids)} - {None}
        wanted = set(people)
        while wanted:
            introducers = {row[0] for row in _select_in(connection, _INTRODUCERS, wanted)}
            wanted = introducers - people - {None}
            people |= wanted
        rows = sorted(_select_in(connection, _PERSON_ORDER, people), key=lambda r: (r[1], r[0]))
        self._people = [row[0] for row in rows]
        named = {row[2] for row in interviews}
        self._organizations = sorted({row[2] for row in rows} - named - {None})

    def interviews(self) -> Iterator[InterviewRows]:
        """The interviews oldest first (by creation, then id), with their rows."""
        for ids in self._batches():
            yield from _interview_batch(self.connection, ids)

    def _batches(self) -> Iterator[list[int]]:
        if self.ids is not None:
            for start in range(0, len(self.ids), BATCH):
                yield self.ids[start : start + BATCH]
            return
        cursor = self.connection.execute("SELECT id FROM interview ORDER BY created_at, id")
        while batch := cursor.fetchmany(BATCH):
            yield [row[0] for row in batch]

    def people(self) -> Iterator[tuple[Row, list[Row]]]:
        """Each person (id first) with their timeline (contact_id first), oldest first."""
        if self.everything:
            cursor = self.connection.execute(_PEOPLE + " ORDER BY c.created_at, c.id")
            batches: Iterable[list[Row]] = iter(lambda: cursor.fetchmany(BATCH), [])
        else:
            batches = (
                _in_order(self.connection, _PEOPLE + " WHERE c.id IN ({marks})", ids)
                for ids in _chunks(self._people)
            )
        for batch in batches:
            timelines = _grouped(self.connection, _TIMELINES, [row[0] for row in batch])
            for row in batch:
                yield row, timelines.get(row[0], [])

    def organizations(self) -> Iterator[Row]:
        """The organizations (id first) that no exported interview names, by name then id:
        the people's, and (exporting everything) the target list's."""
        if self.everything:
            yield from self.connection.execute(
                _ORGANIZATION_FIELDS + " AS o WHERE NOT EXISTS "
                "(SELECT 1 FROM interview AS i WHERE i.organization_id = o.id) ORDER BY name, id"
            )
            return
        query = _ORGANIZATION_FIELDS + " WHERE id IN ({marks})"
        rows = list(_select_in(self.connection, query, self._organizations))
        yield from sorted(rows, key=lambda row: (row[1], row[0]))


_ID_CONTACT_ORG = "SELECT id, contact_id, organization_id FROM interview WHERE id IN ({marks})"
_REFERRED = "SELECT contact_id FROM referral WHERE interview_id IN ({marks})"
_INTRODUCERS = "SELECT referred_by_id FROM contact WHERE id IN ({marks})"
_PERSON_ORDER = "SELECT id, created_at, organization_id FROM contact WHERE id IN ({marks})"


def _chosen(connection: sqlite3.Connection, wanted: list[str]) -> list[int]:
    """The ids of the interviews with these uuids, oldest first.

    Raises:
        NotFoundError: some of them name no interview.
    """
    query = "SELECT id, created_at, uuid FROM interview WHERE uuid IN ({marks})"
    rows = list(_select_in(connection, query, wanted))
    found = {row[2] for row in rows}
    missing = [value for value in wanted if value not in found]
    if missing:
        names = ", ".join(one_line(value) for value in missing)
        raise NotFoundError(f"no interview with uuid {names}")
    return [row[0] for row in sorted(rows, key=lambda row: (row[1], row[0]))]


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def _select_in(connection: sqlite3.Connection, query: str, values: Iterable[Any]) -> Iterator[Row]:
    """The rows of `query` whose `IN ({marks})` takes `values`, a batch at a time."""
    wanted = list(values)
    for chunk in _chunks(wanted):
        yield from connection.execute(query.format(marks=",".join("?" * len(chunk))), chunk)


def _in_order(connection: sqlite3.Connection, query: str, ids: Sequence[int]) -> list[Row]:
    """The rows of `query` (id first) for `ids`, in the order of `ids`."""
    rows = {row[0]: row for row in _select_in(connection, query, ids)}
    return [rows[value] for value in ids if value in rows]


def _grouped(
    connection: sqlite3.Connection, query: str, ids: Sequence[int]
) -> dict[int, list[Row]]:
    """The rows of `query` (the parent's id first) for `ids`, listed by that id."""
    groups: dict[int, list[Row]] = defaultdict(list)
    for row in _select_in(connection, query, ids):
        groups[row[0]].append(row)
    return groups


def _interview_batch(connection: sqlite3.Connection, ids: list[int]) -> Iterator[InterviewRows]:
    """The interviews `ids` (and their rows), in the order of `ids`."""
    questions = _grouped(connection, _QUESTIONS, ids)
    notes = _grouped(connection, _NOTES, ids)
    reflections = _grouped(connection, _REFLECTIONS, ids)
    follow_ups = _grouped(connection, _FOLLOW_UPS, ids)
    referrals = _grouped(connection, _REFERRALS, ids)
    drafts = _grouped(connection, _DRAFTS, ids)
    for row in _in_order(connection, _INTERVIEWS, ids):
        key = row[0]
        reflection, follow_up = reflections.get(key), follow_ups.get(key)
        yield InterviewRows(
            interview=row,
            questions=questions.get(key, []),
            notes=notes.get(key, []),
            reflection=reflection[0] if reflection else None,
            follow_up=follow_up[0] if follow_up else None,
            referrals=referrals.get(key, []),
            drafts=drafts.get(key, []),
        )
