"""The JSON export as it was written before it streamed (commit 8787028): the whole
document built through SQLAlchemy and written with one `json.dumps`. The tests hold the
streaming export (`exchange.json_document`) and the Markdown export's interviews to it,
byte for byte; the program no longer uses it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, Row

from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.exchange.document import (
    CONTACT,
    DRAFT,
    FOLLOW_UP,
    FORMAT,
    INTERVIEW,
    JSON_UNSAFE,
    NOTE,
    OCCUPATION,
    ORGANIZATION,
    QUESTION,
    REFERRAL,
    REFLECTION,
    TIMELINE,
    VERSION,
    escape,
    iso,
    one_line,
)
from infoint_tui.store.models import utcnow
from infoint_tui.store.sessions import reading

#: Ids per `IN (...)` query, far below SQLite's limit on bound variables.
_CHUNK = 500


def export_json(engine: Engine, uuids: Sequence[str] | None = None) -> str:
    """The interviews (all, or those named by `uuids`) as one lossless JSON document, with
    the people and organizations: all of them, or those the chosen interviews name (and who
    introduced those people, and who introduced them...).

    Raises:
        NotFoundError: some of `uuids` name no interview.
    """
    with reading(engine) as session:
        conn = session.connection()
        loaded = _Loaded(conn, uuids)
        people = _People(conn, loaded, everything=uuids is None)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow(),
        "organizations": people.organization_docs(),
        "people": people.docs(),
        "interviews": loaded.docs(referrals_alone=True),
    }
    text = json.dumps(document, indent=2, ensure_ascii=False, default=_json_default)
    return escape(JSON_UNSAFE, text) + "\n"


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def load_interviews(engine: Engine, uuids: Sequence[str] | None) -> list[dict[str, Any]]:
    """Every exported interview as a dict in document order (datetimes still datetimes).

    Raises:
        NotFoundError: some of `uuids` name no interview.
    """
    with reading(engine) as session:
        loaded = _Loaded(session.connection(), uuids)
    return loaded.docs()


class _Loaded:
    """The rows of the exported interviews and of everything they name, read in one go."""

    def __init__(self, conn: Connection, uuids: Sequence[str] | None) -> None:
        everything = uuids is None
        self.interviews = interviews = _select_interviews(conn, uuids)
        ids = None if everything else [row.id for row in interviews]
        self.questions = _grouped(conn, QUESTION, ids, QUESTION.c.position, QUESTION.c.id)
        self.notes = _grouped(conn, NOTE, ids, NOTE.c.created_at, NOTE.c.id)
        self.reflections = _grouped(conn, REFLECTION, ids)
        self.follow_ups = _grouped(conn, FOLLOW_UP, ids)
        self.referrals = _grouped(conn, REFERRAL, ids, REFERRAL.c.created_at, REFERRAL.c.id)
        self.drafts = _grouped(conn, DRAFT, ids, DRAFT.c.name)
        all_referrals = [row for rows in self.referrals.values() for row in rows]
        self.contacts = _load_contacts(conn, interviews, all_referrals, everything)
        self.planned = _interview_uuids(conn, {row.planned_interview_id for row in all_referrals})
        self.organizations = _by_id(
            conn, ORGANIZATION, {row.organization_id for row in interviews}, everything
        )
        self.occupations = _by_id(
            conn, OCCUPATION, {row.occupation_id for row in interviews}, everything
        )

    def docs(self, *, referrals_alone: bool = False) -> list[dict[str, Any]]:
        """Each interview as a dict in document order.

        Args:
            referrals_alone: an interview with referrals but no follow-up row (none is made
                until a thank-you note is typed) gets a follow-up of its referrals alone;
                otherwise its follow-up is None and the referrals are left out.
        """
        return [self._doc(row, referrals_alone) for row in self.interviews]

    def _doc(self, row: Row[Any], referrals_alone: bool) -> dict[str, Any]:
        contacts, drafts = self.contacts, self.drafts[row.id]
        follow_up = _follow_up_doc(
            self.follow_ups[row.id], self.referrals[row.id], contacts, self.planned
        )
        if follow_up is None and referrals_alone and self.referrals[row.id]:
            follow_up = {
                "referrals": _referral_docs(self.referrals[row.id], contacts, self.planned)
            }
        return {
            **_interview_fields(row),
            "contact": _contact_doc(contacts[row.contact_id], contacts),
            "organization": _organization_doc(self.organizations.get(row.organization_id)),
            "occupation": _occupation_name(self.occupations.get(row.occupation_id)),
            "questions": [_question_doc(question) for question in self.questions[row.id]],
            "notes": [_note_doc(note) for note in self.notes[row.id]],
            "reflection": _reflection_doc(self.reflections[row.id]),
            "follow_up": follow_up,
            # Typed but not added yet (a question, a person): kept, as nothing typed is lost.
            **({"drafts": {d.name: d.text for d in drafts}} if drafts else {}),
        }


class _People:
    """The exported people with their timelines, and the organizations no interview names."""

    def __init__(self, conn: Connection, loaded: _Loaded, everything: bool) -> None:
        self.contacts = contacts = dict(loaded.contacts)
        # Whoever introduced an exported person is exported too, so no uuid is left dangling.
        missing = {row.referred_by_id for row in contacts.values()} - set(contacts) - {None}
        while missing:
            found = _by_id(conn, CONTACT, missing, everything=False)
            contacts.update(found)
            missing = {row.referred_by_id for row in found.values()} - set(contacts) - {None}
        self.people = sorted(contacts.values(), key=lambda row: (row.created_at, row.id))
        timeline = sa.select(TIMELINE).order_by(TIMELINE.c.at, TIMELINE.c.id)
        wanted = None if everything else sorted(contacts)
        self.timelines: dict[int, list[Row[Any]]] = defaultdict(list)
        for entry in _select_in(conn, timeline, TIMELINE.c.contact_id, wanted):
            self.timelines[entry.contact_id].append(entry)
        self.organizations = dict(loaded.organizations)
        wanted_organizations = {row.organization_id for row in self.people} - {None}
        self.organizations.update(
            _by_id(conn, ORGANIZATION, wanted_organizations - set(self.organizations), False)
        )
        self.named = {row.organization_id for row in loaded.interviews}

    def docs(self) -> list[dict[str, Any]]:
        """Each person as a dict, oldest first."""
        return [self._doc(row) for row in self.people]

    def _doc(self, row: Row[Any]) -> dict[str, Any]:
        organization = self.organizations.get(row.organization_id)
        introducer = self.contacts.get(row.referred_by_id) if row.referred_by_id else None
        return {
            "uuid": row.uuid,
            "name": row.name,
            "organization": None if organization is None else organization.name,
            **_pick(row, "role", "email", "phone", "profile_url"),
            "how_found": row.how_met,
            "introduced_by": None if introducer is None else introducer.uuid,
            "outreach_status": str(row.outreach_status),
            **_pick(
                row, "keep_in_touch_days", "notes", "message_draft", "created_at", "updated_at"
            ),
            "timeline": [
                {"kind": str(entry.kind), **_pick(entry, "at", "text")}
                for entry in self.timelines[row.id]
            ],
        }

    def organization_docs(self) -> list[dict[str, Any]]:
        """The organizations no exported interview names (a person's, the target list's)."""
        rows = [row for key, row in self.organizations.items() if key not in self.named]
        return [_organization_fields(row) for row in sorted(rows, key=lambda r: (r.name, r.id))]


def _select_in(
    conn: Connection,
    query: sa.Select[Any],
    column: sa.ColumnElement[Any],
    values: Iterable[Any] | None,
) -> Iterator[Row[Any]]:
    """Rows of `query`, all of them (values None) or those whose `column` is in `values`."""
    if values is None:
        yield from conn.execute(query)
        return
    wanted = list(values)
    for start in range(0, len(wanted), _CHUNK):
        yield from conn.execute(query.where(column.in_(wanted[start : start + _CHUNK])))


def _grouped(
    conn: Connection, table: sa.Table, ids: list[int] | None, *order: sa.ColumnElement[Any]
) -> dict[int, list[Row[Any]]]:
    """The rows of a child table per interview id, each list in `order`."""
    groups: dict[int, list[Row[Any]]] = defaultdict(list)
    query = sa.select(table).order_by(*order)
    for row in _select_in(conn, query, table.c.interview_id, ids):
        groups[row.interview_id].append(row)
    return groups


def _select_interviews(conn: Connection, uuids: Sequence[str] | None) -> list[Row[Any]]:
    query = sa.select(INTERVIEW).order_by(INTERVIEW.c.created_at, INTERVIEW.c.id)
    wanted = None if uuids is None else list(dict.fromkeys(uuids))
    rows = list(_select_in(conn, query, INTERVIEW.c.uuid, wanted))
    if wanted is not None:
        found = {row.uuid for row in rows}
        missing = [value for value in wanted if value not in found]
        if missing:
            names = ", ".join(one_line(value) for value in missing)
            raise NotFoundError(f"no interview with uuid {names}")
        rows.sort(key=lambda row: (row.created_at, row.id))
    return rows


def _by_id(
    conn: Connection, table: sa.Table, ids: set[int | None], everything: bool
) -> dict[int, Row[Any]]:
    """Rows of `table` by id: those in `ids`, or the whole table when `everything`."""
    wanted = None if everything else sorted(value for value in ids if value is not None)
    query = sa.select(table)
    return {row.id: row for row in _select_in(conn, query, table.c.id, wanted)}


def _load_contacts(
    conn: Connection, interviews: list[Row[Any]], referrals: list[Row[Any]], everything: bool
) -> dict[int, Row[Any]]:
    """The contacts of the interviews plus those they were referred by or referred to."""
    contacts = _by_id(conn, CONTACT, {row.contact_id for row in interviews}, everything)
    wanted = {row.referred_by_id for row in contacts.values()}
    wanted |= {row.contact_id for row in referrals}
    missing = {value for value in wanted if value is not None and value not in contacts}
    if missing:
        contacts.update(_by_id(conn, CONTACT, set(missing), everything=False))
    return contacts


def _interview_uuids(conn: Connection, ids: set[int | None]) -> dict[int, str]:
    wanted = sorted(value for value in ids if value is not None)
    query = sa.select(INTERVIEW.c.id, INTERVIEW.c.uuid)
    return {row.id: row.uuid for row in _select_in(conn, query, INTERVIEW.c.id, wanted)}


def _pick(row: Row[Any], *names: str) -> dict[str, Any]:
    """The columns `names` of `row`, keyed by name in that order."""
    return {name: getattr(row, name) for name in names}


def _interview_fields(row: Row[Any]) -> dict[str, Any]:
    fields = _pick(
        row,
        "uuid",
        "stage",
        "scheduled_at",
        "medium",
        "planned_minutes",
        "research_notes",
        "goals",
        "started_at",
        "ended_at",
        "created_at",
        "updated_at",
    )
    fields["stage"], fields["medium"] = str(row.stage), str(row.medium)
    return fields


def _contact_ref(contact_id: int | None, contacts: dict[int, Row[Any]]) -> dict[str, Any] | None:
    if contact_id is None:
        return None
    return _pick(contacts[contact_id], "uuid", "name")


def _contact_doc(row: Row[Any], contacts: dict[int, Row[Any]]) -> dict[str, Any]:
    doc = _pick(row, "uuid", "name", "role", "email", "phone", "profile_url", "how_met", "notes")
    doc["referred_by"] = _contact_ref(row.referred_by_id, contacts)
    return {**doc, **_pick(row, "created_at", "updated_at")}


def _organization_doc(row: Row[Any] | None) -> dict[str, Any] | None:
    return None if row is None else _organization_fields(row)


def _organization_fields(row: Row[Any]) -> dict[str, Any]:
    return _pick(
        row, "name", "sector", "website", "research_notes", "motivation", "created_at", "updated_at"
    )


def _occupation_name(row: Row[Any] | None) -> str | None:
    return None if row is None else str(row.name)


def _question_doc(row: Row[Any]) -> dict[str, Any]:
    return _pick(
        row,
        "text",
        "category",
        "position",
        "must_ask",
        "asked",
        "asked_at_seconds",
        "skipped",
        "answer",
        "starred",
        "estimate_minutes",
        "bank_key",
        "updated_at",
    )


def _note_doc(row: Row[Any]) -> dict[str, Any]:
    return _pick(row, "text", "created_at", "offset_seconds", "starred")


def _reflection_doc(rows: list[Row[Any]]) -> dict[str, Any] | None:
    if not rows:
        return None
    return _pick(
        rows[0],
        "fit_confidence",
        "most_interesting",
        "most_helpful",
        "surprises",
        "still_to_learn",
        "next_steps",
        "updated_at",
    )


def _follow_up_doc(
    rows: list[Row[Any]],
    referrals: list[Row[Any]],
    contacts: dict[int, Row[Any]],
    planned: dict[int, str],
) -> dict[str, Any] | None:
    if not rows:
        return None
    return {
        **_pick(rows[0], "thank_you_text", "thank_you_sent_at", "next_contact_on", "updated_at"),
        "referrals": _referral_docs(referrals, contacts, planned),
    }


def _referral_docs(
    referrals: list[Row[Any]], contacts: dict[int, Row[Any]], planned: dict[int, str]
) -> list[dict[str, Any]]:
    return [
        {
            **_pick(referral, "name", "context", "created_at"),
            "contact": _contact_ref(referral.contact_id, contacts),
            "planned_interview_uuid": planned.get(referral.planned_interview_id),
        }
        for referral in referrals
    ]
