"""JSON import: a checked document written in one transaction, skipping the interviews and
people already stored (by uuid), which are kept as they are."""

from __future__ import annotations

import io
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from infoint_tui.store.errors import DatabaseFileError, ImportFileError
from infoint_tui.store.exchange.contacts import (
    check_people,
    contact_occurrences,
    differ,
    given_fields,
    merge_contacts,
    person_contacts,
)
from infoint_tui.store.exchange.document import (
    CONTACT,
    DRAFT,
    FOLLOW_UP,
    FORMAT,
    INTERVIEW,
    NOTE,
    OCCUPATION,
    ORGANIZATION,
    QUESTION,
    REFERRAL,
    REFLECTION,
    TIMELINE,
)
from infoint_tui.store.exchange.json_stream import JsonStream
from infoint_tui.store.exchange.pending import Contacts, Names, Pending, Slot
from infoint_tui.store.exchange.schema import (
    ContactIn,
    DocumentIn,
    FollowUpIn,
    InterviewIn,
    OrganizationIn,
    PersonIn,
    ReferralIn,
    ReflectionIn,
)
from infoint_tui.store.exchange.sections import DocumentReader
from infoint_tui.store.exchange.spool import Spool
from infoint_tui.store.follow_up_ops import REFERRAL_HOW_FOUND
from infoint_tui.store.models import OutreachStatus, Stage, utcnow
from infoint_tui.store.search import BULK_INTERVIEWS, compact_index
from infoint_tui.store.sessions import writing
from infoint_tui.text import visible_name
from infoint_tui.timekeeping import aware


@dataclass(frozen=True)
class ImportReport:
    """What an import did: interviews created, and interviews skipped as already present."""

    imported: int
    already_present: int


class _DryRun(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


def import_json(
    engine: Engine,
    text: str | BinaryIO,
    source: str = "<input>",
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import an export (or a hand-written file) in one transaction: all of it or nothing.

    `text` is the document, or a binary file to read it from a piece at a time (standard
    input is copied to a temporary file first, as a file in an unusual order is read
    twice); `progress` is told how many bytes have been read.

    Interviews and people whose uuid is already in the database are skipped and kept as
    stored, so importing the same file twice creates nothing new. A version 1 document
    (contacts inline only) makes the people the upgrade to schema 0005 would.

    Raises:
        ImportFileError: the file is malformed; the message names `source` and the place.
        DatabaseFileError: the database refused the write (locked, full, read-only); nothing
            was imported, and the message holds no text from the file or the database.

    `dry_run` does all of it in a transaction that is then rolled back: the report says
    what an import would do, and nothing is kept.
    """
    where = visible_name(source) or "<input>"
    spool = Spool()
    try:
        if isinstance(text, str):
            raw = io.BytesIO(text.encode("utf-8", "surrogatepass"))
            document, uuids = _read(JsonStream(raw, where, surrogates=True), where, spool)
        elif _seekable(text):
            stream = JsonStream(text, where)
            stream.on_read = progress
            document, uuids = _read(stream, where, spool)
        else:
            with tempfile.TemporaryFile() as copy:  # 0600, and gone when closed
                while chunk := text.read(1 << 20):
                    copy.write(chunk)
                copy.seek(0)
                stream = JsonStream(copy, where)
                stream.on_read = progress
                document, uuids = _read(stream, where, spool)
        return _import(engine, document, uuids, source, dry_run, spool)
    finally:
        spool.close()


def _seekable(raw: BinaryIO) -> bool:
    try:
        return raw.seekable()
    except (AttributeError, ValueError):
        return False


class _Collected:
    """The checked pieces of a document, gathered for the writer."""

    def __init__(self, where: str, spool: Spool | None = None) -> None:
        self.where = where
        self.spool = spool
        self.version = 0
        self.organizations: list[OrganizationIn] = []
        self.people: list[PersonIn] = []
        self.interviews: list[InterviewIn] = []
        self.uuids: list[str] = []
        self.first_index: dict[str, int] = {}
        self.sections: set[str] = set()

    def begin(self, version: int) -> None:
        self.version = version

    def organization(self, index: int, item: OrganizationIn) -> None:
        self.organizations.append(item)

    def person(self, index: int, item: PersonIn) -> None:
        self.people.append(item)

    def interview(self, index: int, item: InterviewIn, uuid: str) -> None:
        if uuid in self.first_index:
            raise ImportFileError(
                f"{self.where}: interviews[{index}].uuid: {uuid} is also the uuid of "
                f"interviews[{self.first_index[uuid]}]"
            )
        self.first_index[uuid] = index
        if self.spool is not None:
            self.spool.put(item)
        self.interviews.append(item)
        self.uuids.append(uuid)

    def end(self, section: str) -> None:
        self.sections.add(section)

    def document(self) -> DocumentIn:
        return DocumentIn.model_construct(
            _fields_set={"format", "version", *self.sections},
            format=FORMAT,
            version=self.version,
            organizations=self.organizations,
            people=self.people,
            interviews=self.interviews,
        )


def validate(text: str, source: str) -> tuple[DocumentIn, list[str]]:
    """The checked document and its interviews' uuids, without a database (for a test).

    Raises:
        ImportFileError: the text is not a valid document; the message names `source`.
    """
    where = visible_name(source) or "<input>"
    raw = io.BytesIO(text.encode("utf-8", "surrogatepass"))
    return _read(JsonStream(raw, where, surrogates=True), where)


def _read(
    stream: JsonStream, where: str, spool: Spool | None = None
) -> tuple[DocumentIn, list[str]]:
    """The checked document and the uuid of each of its interviews (given or derived);
    with a `spool`, the interviews' questions and notes wait in it."""
    collected = _Collected(where, spool)
    DocumentReader(stream, where, collected).run()
    document = collected.document()
    check_people(document, where)
    merge_contacts(document, where)
    return document, collected.uuids


def _import(
    engine: Engine,
    document: DocumentIn,
    uuids: list[str],
    source: str,
    dry_run: bool,
    spool: Spool,
) -> ImportReport:
    try:
        with writing(engine) as session:
            report = _Importer(session.connection(), source, spool).run(document, uuids)
            if dry_run:  # everything was checked and written: now undone
                raise _DryRun(report)
    except _DryRun as done:
        return done.report
    except (sa.exc.DBAPIError, sqlite3.Error, OSError) as error:
        # Never str(error): SQLAlchemy's text carries the statement and its parameters,
        # which are the user's private notes.
        database = visible_name(str(engine.url.database or "the database"))
        raise DatabaseFileError(
            f"{database}: nothing was imported from {visible_name(source) or '<input>'}: "
            f"{write_failure(error)}"
        ) from None
    if report.imported >= BULK_INTERVIEWS:
        compact_index(engine)  # committed already: a failure here loses nothing
    return report


_WRITE_FAILURES = {
    "SQLITE_BUSY": "the database is locked by another program (is infoint-tui open elsewhere?)",
    "SQLITE_LOCKED": "the database is locked by another program (is infoint-tui open elsewhere?)",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the database file is read-only",
    "SQLITE_IOERR": "the disk reported an input/output error",
    "SQLITE_CANTOPEN": "the database file cannot be opened",
    "SQLITE_CORRUPT": "the database file is damaged",
    "SQLITE_CONSTRAINT": "the database refused a row",
}


def write_failure(error: BaseException) -> str:
    """Why a write failed, in words fixed here: the error's own text is never shown."""
    original = getattr(error, "orig", None) or error
    if isinstance(original, OSError):
        return f"the system refused the write ({original.strerror or type(original).__name__})"
    name = str(getattr(original, "sqlite_errorname", "") or "")
    family = name.split("_", 2)
    general = "_".join(family[:2])
    reason = _WRITE_FAILURES.get(general)
    if reason is None:
        return f"the database refused the write ({name or type(original).__name__})"
    return f"{reason} ({name})" if name != general else reason


#: How many interviews' questions, notes and the rest are written in one go.
_SLICE = 500

#: The stages that mean an interview was held even without a start time (as in 0005).
_HELD_STAGES = (Stage.REFLECT, Stage.FOLLOW_UP, Stage.DONE)


class _Importer:
    """Writes the new people and interviews of one validated document over one connection."""

    def __init__(
        self, conn: Connection, source: str = "<input>", spool: Spool | None = None
    ) -> None:
        self.conn = conn
        self.spool = spool or Spool()
        self.now = utcnow()
        self.where = visible_name(source) or "<input>"

    def run(self, document: DocumentIn, uuids: list[str]) -> ImportReport:
        query = sa.select(INTERVIEW.c.uuid, INTERVIEW.c.id)
        known = {row.uuid: row.id for row in self.conn.execute(query)}
        new = [
            (index, item, value)
            for index, (item, value) in enumerate(zip(document.interviews, uuids, strict=True))
            if value not in known
        ]
        people = person_contacts(document)
        stored = _stored_uuids(self.conn, [person.uuid for person, _ in people])
        new_people = [(person, contact) for person, contact in people if person.uuid not in stored]
        if new:
            self._check_stored_contacts([(index, item) for index, item, _ in new])
        if new or new_people or document.organizations:
            self._write(document, [(item, value) for _, item, value in new], new_people, known)
        return ImportReport(imported=len(new), already_present=len(uuids) - len(new))

    def _check_stored_contacts(self, new: list[tuple[int, InterviewIn]]) -> None:
        """Refuse a new interview whose contact's uuid is stored with other values.

        The stored contact is kept as it is, so a differing value in the file would
        otherwise be dropped without a word.

        Raises:
            ImportFileError: names the place in the file and the fields that differ.
        """
        named = [(loc, contact) for loc, contact in contact_occurrences(new) if contact.uuid]
        stored = _stored_contacts(self.conn, {contact.uuid for _, contact in named})
        for loc, contact in named:
            row = stored.get(str(contact.uuid))
            if row is None:
                continue
            clashes = [
                key for key, value in given_fields(contact).items() if _differs(row[key], value)
            ]
            if clashes:
                raise ImportFileError(
                    f"{self.where}: {loc} gives contact {contact.uuid} {differ(clashes)} "
                    "than the contact already stored"
                )

    def _write(
        self,
        document: DocumentIn,
        new: list[tuple[InterviewIn, str]],
        new_people: list[tuple[PersonIn, ContactIn]],
        known: dict[str, int],
    ) -> None:
        contacts = Contacts(self.conn, self.now)
        organizations = Names(self.conn, ORGANIZATION)
        occupations = Names(self.conn, OCCUPATION)
        # Organizations given in full first, so a person's bare name finds their details.
        named = [self._organization(item.organization, organizations) for item, _ in new]
        for organization in document.organizations:
            self._organization(organization, organizations)
        # People before interviews: an interview's contact is then found by its uuid.
        timelines = [
            (self._person(person, contact, contacts, organizations), person)
            for person, contact in new_people
        ]
        links = [
            (contacts.full(item.contact), organization, self._occupation(item, occupations))
            for (item, _), organization in zip(new, named, strict=True)
        ]
        referral_contacts = [
            [
                self._referral_contact(ref, link[0], contacts, document.version)
                for ref in _referrals(item)
            ]
            for (item, _), link in zip(new, links, strict=True)
        ]
        if document.version < 2:
            self._as_upgraded(contacts, [item for item, _ in new], links)
        for pending in (organizations.pending, occupations.pending, contacts.pending):
            pending.insert(self.conn)
        contacts.link_referrers(self.conn)
        self._timelines(timelines)
        interviews = Pending(INTERVIEW)
        slots = [
            interviews.add(self._interview_row(item, value, *link))
            for (item, value), link in zip(new, links, strict=True)
        ]
        interviews.insert(self.conn)
        ids = [slot.require() for slot in slots]
        known.update({value: row_id for (_, value), row_id in zip(new, ids, strict=True)})
        # The rows inside them a slice at a time: they are most of the data, and their
        # dicts need not all be held at once.
        for start in range(0, len(new), _SLICE):
            end = start + _SLICE
            self._children(
                [item for item, _ in new[start:end]],
                ids[start:end],
                referral_contacts[start:end],
                known,
                document.version,
            )

    def _organization(
        self, organization: OrganizationIn | None, organizations: Names
    ) -> Slot | None:
        if organization is None:
            return None
        row = organization.model_dump()
        row["created_at"] = organization.created_at or self.now
        row["updated_at"] = organization.updated_at or self.now
        return organizations.get(organization.name, row)

    def _person(
        self, person: PersonIn, contact: ContactIn, contacts: Contacts, organizations: Names
    ) -> Slot:
        """A new person of a version 2 document (`contact`: their values as a contact)."""
        name = (person.organization or "").strip()
        organization = None
        if name:
            organization = self._organization(OrganizationIn(name=name), organizations)
        return contacts.full(
            contact,
            organization_id=organization,
            outreach_status=person.outreach_status,
            keep_in_touch_days=person.keep_in_touch_days,
            message_draft=person.message_draft,
        )

    def _timelines(self, people: list[tuple[Slot, PersonIn]]) -> None:
        rows = [
            {
                "contact_id": slot.require(),
                "kind": entry.kind,
                "at": entry.at or self.now,
                "text": entry.text,
            }
            for slot, person in people
            for entry in person.timeline
        ]
        if rows:
            self.conn.execute(sa.insert(TIMELINE), rows)

    def _referral_contact(
        self, referral: ReferralIn, referrer: Slot, contacts: Contacts, version: int
    ) -> Slot | None:
        """The person a referral names; in a version 1 document, one that names none gets a
        new person (version 2 writes down the person or, once they were deleted, none)."""
        if referral.contact is not None:
            return contacts.reference(referral.contact)
        if version >= 2:
            return None
        at = referral.created_at or self.now
        return contacts.introduced(referral.name, referrer, at, REFERRAL_HOW_FOUND)

    def _as_upgraded(
        self,
        contacts: Contacts,
        interviews: list[InterviewIn],
        links: list[tuple[Slot, Slot | None, Slot | None]],
    ) -> None:
        """Give each person a version 1 document made the status and organization the upgrade
        to schema 0005 gives: interviewed once one interview was held, else scheduled; the
        organization of their latest interview that names one. People stored before are
        kept as they are."""
        held: dict[Slot, bool] = {}
        latest: dict[Slot, tuple[tuple[datetime, int], Slot]] = {}
        for index, (item, (contact, organization, _)) in enumerate(
            zip(interviews, links, strict=True)
        ):
            if contact not in contacts.created:
                continue
            was_held = item.started_at is not None or item.stage in _HELD_STAGES
            held[contact] = held.get(contact, False) or was_held
            when = (item.created_at or self.now, index)
            if organization is not None and (contact not in latest or when > latest[contact][0]):
                latest[contact] = (when, organization)
        for contact, was_held in held.items():
            row = contacts.created[contact]
            row["outreach_status"] = (
                OutreachStatus.INTERVIEWED if was_held else OutreachStatus.SCHEDULED
            )
            if contact in latest:
                row["organization_id"] = latest[contact][1]

    def _occupation(self, item: InterviewIn, occupations: Names) -> Slot | None:
        if item.occupation is None or not item.occupation.strip():
            return None
        return occupations.get(
            item.occupation, {"name": item.occupation.strip(), "created_at": self.now}
        )

    def _interview_row(
        self,
        item: InterviewIn,
        value: str,
        contact: Slot,
        organization: Slot | None,
        occupation: Slot | None,
    ) -> dict[str, Any]:
        return {
            "uuid": value,
            "contact_id": contact.require(),
            "organization_id": organization and organization.require(),
            "occupation_id": occupation and occupation.require(),
            "scheduled_at": item.scheduled_at,
            "medium": item.medium,
            "planned_minutes": item.planned_minutes,
            "research_notes": item.research_notes,
            "goals": item.goals,
            "started_at": item.started_at,
            "ended_at": item.ended_at,
            "stage": item.stage,
            "created_at": item.created_at or self.now,
            "updated_at": item.updated_at or self.now,
        }

    def _children(
        self,
        interviews: list[InterviewIn],
        ids: list[int],
        referral_contacts: list[list[Slot | None]],
        known: dict[str, int],
        version: int,
    ) -> None:
        """Write the rows inside the new interviews. In version 2, a follow-up that gives
        its referrals alone stands for referrals without a follow-up row, and makes none."""
        questions, notes, reflections, follow_ups, referrals, drafts = [], [], [], [], [], []
        for item, interview_id, contacts in zip(interviews, ids, referral_contacts, strict=True):
            given_questions, given_notes = self.spool.take(item)
            questions += [
                self._question_row(interview_id, i, q) for i, q in enumerate(given_questions)
            ]
            notes += [self._note_row(interview_id, note) for note in given_notes]
            if item.reflection is not None:
                reflections.append(self._reflection_row(interview_id, item.reflection))
            if item.follow_up is not None:
                if version < 2 or item.follow_up.model_fields_set - {"referrals"}:
                    follow_ups.append(self._follow_up_row(interview_id, item.follow_up))
                referrals += [
                    self._referral_row(interview_id, ref, contact, known)
                    for ref, contact in zip(item.follow_up.referrals, contacts, strict=True)
                ]
            drafts += [
                {"interview_id": interview_id, "name": name, "text": text, "updated_at": self.now}
                for name, text in item.drafts.items()
                if text
            ]
        for table, rows in (
            (QUESTION, questions),
            (NOTE, notes),
            (REFLECTION, reflections),
            (FOLLOW_UP, follow_ups),
            (REFERRAL, referrals),
            (DRAFT, drafts),
        ):
            if rows:
                self.conn.execute(sa.insert(table), rows)

    def _question_row(self, interview_id: int, index: int, row: dict[str, Any]) -> dict[str, Any]:
        """A question's row from its checked values (`QuestionIn.model_dump()`)."""
        row = dict(row)
        row["position"] = index if row["position"] is None else row["position"]
        row["category"] = row["category"].strip() or "other"
        row["updated_at"] = row["updated_at"] or self.now
        return {**row, "interview_id": interview_id}

    def _note_row(self, interview_id: int, row: dict[str, Any]) -> dict[str, Any]:
        """A note's row from its checked values (`NoteIn.model_dump()`)."""
        row = dict(row)
        row["created_at"] = row["created_at"] or self.now
        return {**row, "interview_id": interview_id}

    def _reflection_row(self, interview_id: int, reflection: ReflectionIn) -> dict[str, Any]:
        row = reflection.model_dump()
        row["updated_at"] = reflection.updated_at or self.now
        return {**row, "interview_id": interview_id}

    def _follow_up_row(self, interview_id: int, follow_up: FollowUpIn) -> dict[str, Any]:
        row = follow_up.model_dump(exclude={"referrals"})
        row["updated_at"] = follow_up.updated_at or self.now
        return {**row, "interview_id": interview_id}

    def _referral_row(
        self, interview_id: int, referral: ReferralIn, contact: Slot | None, known: dict[str, int]
    ) -> dict[str, Any]:
        planned = referral.planned_interview_uuid
        return {
            "interview_id": interview_id,
            "name": referral.name,
            "context": referral.context,
            "contact_id": contact and contact.require(),
            "planned_interview_id": known.get(planned) if planned else None,
            "created_at": referral.created_at or self.now,
        }


def _stored_uuids(conn: Connection, uuids: list[str]) -> set[str]:
    """Those of `uuids` a stored contact has."""
    found: set[str] = set()
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        found.update(
            conn.execute(sa.select(CONTACT.c.uuid).where(CONTACT.c.uuid.in_(chunk))).scalars()
        )
    return found


def _stored_contacts(conn: Connection, uuids: set[str | None]) -> dict[str, dict[str, Any]]:
    """The stored contacts among `uuids`, each as the fields an import file can give."""
    referrer = CONTACT.alias("referrer")
    fields = ("name", "role", "email", "phone", "profile_url", "how_met", "notes")
    query = sa.select(
        CONTACT,
        referrer.c.uuid.label("referrer_uuid"),
        referrer.c.name.label("referrer_name"),
    ).outerjoin(referrer, referrer.c.id == CONTACT.c.referred_by_id)
    wanted = sorted(value for value in uuids if value)
    result: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = query.where(CONTACT.c.uuid.in_(wanted[start : start + 500]))
        for row in conn.execute(chunk):
            contact = {name: getattr(row, name) for name in fields}
            contact["created_at"], contact["updated_at"] = row.created_at, row.updated_at
            contact["referred_by"] = (
                None
                if row.referrer_uuid is None
                else {"uuid": row.referrer_uuid, "name": row.referrer_name}
            )
            result[row.uuid] = contact
    return result


def _differs(stored: Any, given: Any) -> bool:
    """Whether a value the file gives differs from the stored one (a reference by its name,
    and by its uuid when the file gives one)."""
    if isinstance(given, dict) and isinstance(stored, dict):
        return given["name"] != stored["name"] or given.get("uuid") not in (None, stored["uuid"])
    if isinstance(stored, datetime) and isinstance(given, datetime):
        return aware(stored) != aware(given)
    return bool(stored != given)


def _referrals(item: InterviewIn) -> list[ReferralIn]:
    return item.follow_up.referrals if item.follow_up is not None else []
