"""Store operations on people: the list, a person's page and timeline, outreach, merges.

A person is a `contact` row: everyone the user talked to, was referred to, or plans to
approach. Interviews, thank-you notes and referrals are read from their own tables into a
person's timeline; requests, nudges, replies, updates and status changes are timeline
entries of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, func, select

from infoint_tui import timekeeping
from infoint_tui.store.dates import interview_date, is_held
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.kinds import (
    OUTREACH_LABELS,
    STAGE_LABELS,
    TIMELINE_LABELS,
    OutreachStatus,
    TimelineKind,
)
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Organization,
    Referral,
    TimelineEntry,
    utcnow,
)
from infoint_tui.store.outreach_rules import OutreachState, OutreachTiming, outreach_todos
from infoint_tui.store.records import ContactRecord, OrganizationRecord, TimelineEntryRecord
from infoint_tui.store.rows import StoreBase, get_row, named_row
from infoint_tui.store.sessions import reading, writing

if TYPE_CHECKING:
    from infoint_tui.store.exchange.people_files import PersonCandidate

__all__ = ["PeopleImportReport", "PeopleOps", "PersonLine", "PersonPage", "TimelineItem"]

#: Statuses that mean the outreach is over, one way or another.
CLOSED_STATUSES = (OutreachStatus.DECLINED, OutreachStatus.NO_REPLY)
#: Which status a logged event moves a person to, from which statuses.
_EVENT_MOVES: dict[TimelineKind, tuple[OutreachStatus, tuple[OutreachStatus, ...]]] = {
    TimelineKind.REQUEST: (
        OutreachStatus.REQUEST_SENT,
        (OutreachStatus.TO_CONTACT, OutreachStatus.NO_REPLY, OutreachStatus.DECLINED),
    ),
    TimelineKind.REPLY: (
        OutreachStatus.REPLIED,
        (OutreachStatus.TO_CONTACT, OutreachStatus.REQUEST_SENT, OutreachStatus.NO_REPLY),
    ),
}


@dataclass(frozen=True)
class PersonLine:
    """One row of the People screen."""

    id: int
    name: str
    organization: str
    role: str
    how_found: str
    introduced_by: str
    introduced_by_id: int | None
    status: OutreachStatus
    interviews: int
    last_at: datetime | None

    @property
    def status_label(self) -> str:
        return OUTREACH_LABELS[self.status]


@dataclass(frozen=True)
class TimelineItem:
    """One event with a person, for the timeline (newest first)."""

    at: datetime
    kind: str  # a TimelineKind value, or interview / thank_you / referral_given / introduced
    label: str
    text: str
    interview_id: int | None = None
    person_id: int | None = None  # another person this event links to
    entry_id: int | None = None  # the stored entry, for entries of our own


@dataclass(frozen=True)
class PersonPage:
    """Everything the person page shows."""

    person: ContactRecord
    organization: OrganizationRecord | None
    introduced_by: ContactRecord | None
    timeline: tuple[TimelineItem, ...]
    interview_ids: tuple[int, ...]


def _aware(value: datetime) -> datetime:
    return timekeeping.aware(value)


class PeopleOps(StoreBase):
    """People, their outreach and their timeline."""

    # -- reading ---------------------------------------------------------------------------

    def people(self) -> list[PersonLine]:
        """Everyone, by name, with their organization, introducer and latest activity."""
        lines: list[PersonLine] = []
        with reading(self.engine) as session:
            rows = session.connection().exec_driver_sql(_PEOPLE_SQL).all()
        for (
            person_id,
            name,
            role,
            how_met,
            referred_by_id,
            status,
            updated_at,
            organization,
            introduced_by,
            count,
            interviewed,
            entry,
        ) in rows:
            times = [_aware(t) for t in (updated_at, interviewed, entry) if t]
            lines.append(
                PersonLine(
                    id=person_id,
                    name=name,
                    organization=organization or "",
                    role=role,
                    how_found=how_met,
                    introduced_by=introduced_by or "",
                    introduced_by_id=referred_by_id,
                    status=OutreachStatus(status),
                    interviews=count or 0,
                    last_at=max(times) if times else None,
                )
            )
        return sorted(lines, key=lambda line: (line.name.casefold(), line.id))

    def person(self, person_id: int) -> ContactRecord:
        """One person's details."""
        with reading(self.engine) as session:
            return ContactRecord.from_row(get_row(session, Contact, person_id))

    def person_page(self, person_id: int) -> PersonPage:
        """A person's details, who introduced them, and their timeline, newest first."""
        with reading(self.engine) as session:
            contact = get_row(session, Contact, person_id)
            organization = (
                session.get(Organization, contact.organization_id)
                if contact.organization_id
                else None
            )
            introducer = (
                session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
            )
            timeline = _timeline(session, contact, introducer)
            interview_ids = tuple(
                session.exec(
                    select(Interview.id)
                    .where(Interview.contact_id == person_id)
                    .order_by(col(Interview.created_at).desc())
                ).all()
            )
        return PersonPage(
            person=ContactRecord.from_row(contact),
            organization=None
            if organization is None
            else OrganizationRecord.from_row(organization),
            introduced_by=None if introducer is None else ContactRecord.from_row(introducer),
            timeline=timeline,
            interview_ids=interview_ids,  # type: ignore[arg-type]
        )

    def matching_people(
        self, name: str, organization: str = "", email: str = "", *, exclude: int | None = None
    ) -> list[ContactRecord]:
        """People who may be this one: the same e-mail, or the same name and organization.

        Names and organizations are compared case- and accent-blind in Python (SQLite's
        lower() folds ASCII only); a person without an organization matches by name alone
        only another person without one.
        """
        name_key, org_key = name.strip().casefold(), organization.strip().casefold()
        email_key = email.strip().casefold()
        if not name_key and not email_key:
            return []
        query = select(Contact, Organization.name).outerjoin(
            Organization, col(Organization.id) == Contact.organization_id
        )
        found: list[ContactRecord] = []
        with reading(self.engine) as session:
            for contact, org_name in session.exec(query.order_by(col(Contact.id))):
                if contact.id == exclude:
                    continue
                same_email = bool(email_key) and contact.email.strip().casefold() == email_key
                same_name = bool(name_key) and contact.name.strip().casefold() == name_key
                same_org = (org_name or "").strip().casefold() == org_key
                if same_email or (same_name and same_org):
                    found.append(ContactRecord.from_row(contact))
        return found

    def outreach_states(self) -> list[OutreachState]:
        """What the outreach rules need about everyone still being asked or kept in touch
        (`store.waiting.outreach_states`: two queries however many people there are)."""
        from infoint_tui.store.waiting import outreach_states

        return outreach_states(self.engine)

    # -- writing ---------------------------------------------------------------------------

    def add_person(
        self,
        name: str,
        *,
        organization: str = "",
        role: str = "",
        email: str = "",
        how_found: str = "",
        introduced_by_id: int | None = None,
        status: OutreachStatus = OutreachStatus.TO_CONTACT,
    ) -> ContactRecord:
        """A new person (see `matching_people` first to offer a merge)."""
        with writing(self.engine) as session:
            contact = Contact(
                name=name.strip(),
                role=role.strip(),
                email=email.strip(),
                how_met=how_found.strip(),
                referred_by_id=introduced_by_id,
                outreach_status=status,
                organization_id=named_row(session, Organization, organization),
            )
            session.add(contact)
            session.flush()
            return ContactRecord.from_row(contact)

    def set_person_organization(
        self, person_id: int, name: str | None
    ) -> OrganizationRecord | None:
        """Link the person to the organization of that name (created when new).

        The one they leave is deleted when nobody uses it and it holds nothing but its
        name: a name saved on the way to another as the user types ("Ac" on the way to
        "Acme"), as `link_by_name` does for an interview's.
        """
        with writing(self.engine) as session:
            contact = get_row(session, Contact, person_id)
            before = contact.organization_id
            contact.organization_id = named_row(session, Organization, name)
            contact.updated_at = utcnow()
            session.flush()
            if before is not None and before != contact.organization_id:
                _drop_if_unused(session, before)
            organization = (
                session.get(Organization, contact.organization_id)
                if contact.organization_id
                else None
            )
            return None if organization is None else OrganizationRecord.from_row(organization)

    def set_keep_in_touch(self, person_id: int, days: int | None) -> ContactRecord:
        """Every how many days to get back in touch (None: not kept in touch)."""
        if days is not None and days <= 0:
            days = None
        with writing(self.engine) as session:
            contact = get_row(session, Contact, person_id)
            contact.keep_in_touch_days = days
            contact.updated_at = utcnow()
            return ContactRecord.from_row(contact)

    def set_outreach_status(
        self, person_id: int, status: OutreachStatus, *, at: datetime | None = None
    ) -> ContactRecord:
        """Move a person to `status`, with a dated timeline entry (nothing if unchanged)."""
        status = OutreachStatus(status)
        with writing(self.engine) as session:
            contact = get_row(session, Contact, person_id)
            if contact.outreach_status != status:
                _move(session, contact, status, at or utcnow())
            return ContactRecord.from_row(contact)

    def log_event(
        self, person_id: int, kind: TimelineKind, text: str = "", *, at: datetime | None = None
    ) -> TimelineEntryRecord:
        """Record a request, nudge, reply, update or other contact; a request moves the
        person to "request sent" and a reply to "replied"."""
        with writing(self.engine) as session:
            return _log(session, person_id, TimelineKind(kind), text, at or utcnow())

    def send_message(self, person_id: int, kind: TimelineKind, text: str) -> TimelineEntryRecord:
        """The request, nudge or update `text` was sent: a timeline entry (moving the status
        as `log_event` does) and the draft kept for the person cleared, in one transaction."""
        with writing(self.engine) as session:
            entry = _log(session, person_id, TimelineKind(kind), text, utcnow())
            contact = get_row(session, Contact, person_id)
            if contact.message_draft.split() == text.split():
                contact.message_draft = ""
            return entry

    def delete_timeline_entry(self, entry_id: int) -> None:
        """Remove one stored timeline entry."""
        with writing(self.engine) as session:
            session.delete(get_row(session, TimelineEntry, entry_id))

    def settle_outreach(
        self, today: date | None = None, timing: OutreachTiming | None = None
    ) -> list[int]:
        """Move people nudged once without a reply for long enough to "no reply".

        The move is dated on the day it became due, not the day the app noticed; the ids of
        the people moved are returned.
        """
        today = today or timekeeping.utcnow().astimezone().date()
        due = [
            todo
            for todo in outreach_todos(self.outreach_states(), today, timing)
            if todo.kind == "give_up"
        ]
        moved: list[int] = []
        if not due:
            return moved  # no write at all: looking at Home changes nothing
        with writing(self.engine) as session:
            for todo in due:
                contact = session.get(Contact, todo.person_id)
                if contact is None or contact.outreach_status != OutreachStatus.REQUEST_SENT:
                    continue
                at = datetime.combine(todo.due, datetime.min.time()).astimezone()
                _move(session, contact, OutreachStatus.NO_REPLY, at)
                moved.append(todo.person_id)
        return moved

    def merge_people(self, keep_id: int, other_id: int) -> ContactRecord:
        """Make `other` part of `keep`: every interview, referral and timeline entry moves;
        empty details of `keep` take `other`'s; both notes are kept; `other` goes."""
        if keep_id == other_id:
            raise ValueError("a person cannot be merged with themselves")
        with writing(self.engine) as session:
            keep = get_row(session, Contact, keep_id)
            other = get_row(session, Contact, other_id)
            connection = session.connection()
            for table, column in (
                ("interview", "contact_id"),
                ("referral", "contact_id"),
                ("timeline_entry", "contact_id"),
                ("contact", "referred_by_id"),
            ):
                connection.exec_driver_sql(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (keep_id, other_id)
                )
            session.expire_all()
            keep = get_row(session, Contact, keep_id)
            other = get_row(session, Contact, other_id)
            if keep.referred_by_id == keep_id:  # `other` had introduced `keep`
                keep.referred_by_id = None
            for name in ("role", "email", "phone", "profile_url", "how_met"):
                if not getattr(keep, name).strip():
                    setattr(keep, name, getattr(other, name))
            if other.notes.strip() and other.notes.strip() not in keep.notes:
                keep.notes = f"{keep.notes}\n\n{other.notes}" if keep.notes.strip() else other.notes
            if keep.organization_id is None:
                keep.organization_id = other.organization_id
            if keep.referred_by_id is None and other.referred_by_id != keep_id:
                keep.referred_by_id = other.referred_by_id
            if keep.keep_in_touch_days is None:
                keep.keep_in_touch_days = other.keep_in_touch_days
            order = list(OutreachStatus)
            if keep.outreach_status == OutreachStatus.TO_CONTACT or (
                other.outreach_status not in CLOSED_STATUSES
                and keep.outreach_status not in CLOSED_STATUSES
                and order.index(other.outreach_status) > order.index(keep.outreach_status)
            ):
                keep.outreach_status = other.outreach_status
            session.add(
                TimelineEntry(
                    contact_id=keep_id,
                    kind=TimelineKind.MERGED,
                    text=f"Merged with another record of {other.name}",
                )
            )
            keep.updated_at = utcnow()
            session.flush()
            session.delete(other)
            session.flush()
            return ContactRecord.from_row(keep)

    def delete_person(self, person_id: int) -> None:
        """Delete a person who has no interview (their timeline goes with them)."""
        with writing(self.engine) as session:
            contact = get_row(session, Contact, person_id)
            if session.exec(select(Interview.id).where(Interview.contact_id == person_id)).first():
                raise ValueError(f"{contact.name} has interviews; delete those first")
            session.delete(contact)

    def import_people(
        self, candidates: list[PersonCandidate], *, dry_run: bool = False
    ) -> PeopleImportReport:
        """Add the people read from a LinkedIn export or vCards, all in one transaction
        (nothing half-imported); `dry_run` reports what would happen and writes nothing."""
        if dry_run:
            with reading(self.engine) as session:
                return import_candidates(session, candidates, dry_run=True)
        with writing(self.engine) as session:
            return import_candidates(session, candidates)

    def people_vcards(self) -> str:
        """Every person as vCard 3.0 text, by name (for an address book)."""
        from infoint_tui.store.exchange.people_files import PersonCandidate, vcard_text

        with reading(self.engine) as session:
            rows = session.exec(
                select(Contact, Organization.name).outerjoin(
                    Organization, col(Organization.id) == Contact.organization_id
                )
            ).all()
        people = [
            PersonCandidate(
                name=contact.name,
                organization=org_name or "",
                role=contact.role,
                email=contact.email,
                phone=contact.phone,
                profile_url=contact.profile_url,
                how_found=contact.how_met,
                notes=contact.notes,
            )
            for contact, org_name in sorted(rows, key=lambda r: (r[0].name.casefold(), r[0].id))
            if contact.name.strip()
        ]
        text, _count = vcard_text(people)
        return text

    def ranked_organizations(self) -> list[tuple[OrganizationRecord, list[PersonLine]]]:
        """The target list: organizations with a motivation score, highest first, each with
        the people known there."""
        people = self.people()
        with reading(self.engine) as session:
            organizations = session.exec(
                select(Organization)
                .where(col(Organization.motivation).is_not(None))
                .order_by(col(Organization.motivation).desc(), func.lower(Organization.name))
            ).all()
            records = [OrganizationRecord.from_row(row) for row in organizations]
        by_name: dict[str, list[PersonLine]] = {}
        for line in people:
            by_name.setdefault(line.organization.casefold(), []).append(line)
        return [(record, by_name.get(record.name.casefold(), [])) for record in records]

    def set_motivation(self, organization: str, motivation: int | None) -> OrganizationRecord:
        """Put an organization on the target list with a score of 1-5 (None: take it off)."""
        if motivation is not None and not 1 <= motivation <= 5:
            raise ValueError("a motivation score is 1 to 5")
        with writing(self.engine) as session:
            organization_id = named_row(session, Organization, organization)
            if organization_id is None:
                raise NotFoundError("an organization needs a name")
            row = get_row(session, Organization, organization_id)
            row.motivation = motivation
            row.updated_at = utcnow()
            return OrganizationRecord.from_row(row)


_PEOPLE_SQL = """
SELECT c.id, c.name, c.role, c.how_met, c.referred_by_id, c.outreach_status, c.updated_at,
       o.name, introducer.name,
       (SELECT count(*) FROM interview AS i WHERE i.contact_id = c.id),
       (SELECT max(i.updated_at) FROM interview AS i WHERE i.contact_id = c.id),
       (SELECT max(t.at) FROM timeline_entry AS t WHERE t.contact_id = c.id)
FROM contact AS c
LEFT JOIN organization AS o ON o.id = c.organization_id
LEFT JOIN contact AS introducer ON introducer.id = c.referred_by_id
"""


def _drop_if_unused(session: Session, organization_id: int) -> None:
    """Delete an organization no interview or person uses and that holds only its name."""
    left = session.get(Organization, organization_id)
    if left is None or any(
        getattr(left, field) for field in ("sector", "website", "research_notes", "motivation")
    ):
        return
    for column in (Interview.organization_id, Contact.organization_id):
        if session.exec(select(column).where(column == organization_id)).first() is not None:
            return
    session.delete(left)


#: Statuses an interview's progress moves a person on from (declined is left to the user).
_BEFORE_SCHEDULED = (
    OutreachStatus.TO_CONTACT,
    OutreachStatus.REQUEST_SENT,
    OutreachStatus.REPLIED,
    OutreachStatus.NO_REPLY,
)


def follow_interview(session: Session, interview: Interview) -> None:
    """Move the interview's person on as the interview does: a date set means scheduled,
    a conversation ended means interviewed (each a dated timeline entry, never backwards)."""
    contact = session.get(Contact, interview.contact_id)
    if contact is None:
        return
    status = OutreachStatus(contact.outreach_status)
    if interview.ended_at is not None and status != OutreachStatus.INTERVIEWED:
        _move(session, contact, OutreachStatus.INTERVIEWED, interview.ended_at)
    elif interview.scheduled_at is not None and status in _BEFORE_SCHEDULED:
        _move(session, contact, OutreachStatus.SCHEDULED, utcnow())


def _log(
    session: Session, person_id: int, kind: TimelineKind, text: str, when: datetime
) -> TimelineEntryRecord:
    contact = get_row(session, Contact, person_id)
    entry = TimelineEntry(contact_id=person_id, kind=kind, at=when, text=text)
    session.add(entry)
    move = _EVENT_MOVES.get(kind)
    if move is not None and contact.outreach_status in move[1]:
        _move(session, contact, move[0], when)
    contact.updated_at = utcnow()
    session.flush()
    return TimelineEntryRecord.from_row(entry)


def _move(session: Session, contact: Contact, status: OutreachStatus, at: datetime) -> None:
    contact.outreach_status = status
    contact.updated_at = utcnow()
    session.add(
        TimelineEntry(
            contact_id=contact.id,  # type: ignore[arg-type]
            kind=TimelineKind.STATUS,
            at=at,
            text=OUTREACH_LABELS[status],
        )
    )


def _timeline(
    session: Session, contact: Contact, introducer: Contact | None
) -> tuple[TimelineItem, ...]:
    items: list[TimelineItem] = []
    for entry in session.exec(select(TimelineEntry).where(TimelineEntry.contact_id == contact.id)):
        items.append(
            TimelineItem(
                at=_aware(entry.at),
                kind=str(entry.kind),
                label=TIMELINE_LABELS[entry.kind],
                text=entry.text,
                entry_id=entry.id,
            )
        )
    interviews = session.exec(
        select(Interview, FollowUp.thank_you_sent_at)
        .outerjoin(FollowUp, col(FollowUp.interview_id) == Interview.id)
        .where(Interview.contact_id == contact.id)
    ).all()
    for interview, thanked in interviews:
        when = interview_date(interview.started_at, interview.scheduled_at)
        label = "Interview" if is_held(interview.started_at) else "Interview planned"
        when = when or interview.created_at
        items.append(
            TimelineItem(
                at=_aware(when),
                kind="interview",
                label=label,
                text=STAGE_LABELS[interview.stage],
                interview_id=interview.id,
            )
        )
        if thanked is not None:
            items.append(
                TimelineItem(
                    at=_aware(thanked),
                    kind="thank_you",
                    label="Thank-you sent",
                    text="",
                    interview_id=interview.id,
                )
            )
        for referral in session.exec(select(Referral).where(Referral.interview_id == interview.id)):
            items.append(
                TimelineItem(
                    at=_aware(referral.created_at),
                    kind="referral_given",
                    label="Suggested",
                    text=referral.name,
                    interview_id=interview.id,
                    person_id=referral.contact_id,
                )
            )
    if introducer is not None:
        items.append(
            TimelineItem(
                at=_aware(contact.created_at),
                kind="introduced",
                label="Introduced by",
                text=introducer.name,
                person_id=introducer.id,
            )
        )
    return tuple(sorted(items, key=lambda item: item.at, reverse=True))


@dataclass(frozen=True)
class PeopleImportReport:
    """What importing a people file did (or, for a dry run, would do)."""

    new: int
    matching: int
    """Already in People (same e-mail, or same name and organization): their empty
    details were filled in, nobody was added twice."""
    names: tuple[str, ...] = ()
    """The new people's names, in file order."""

    def summary(self) -> str:
        """`12 new people, 3 already there` in the user's words."""
        new = f"{self.new} new {'person' if self.new == 1 else 'people'}"
        return f"{new}, {self.matching} already there"


def import_candidates(
    session: Session, candidates: list[PersonCandidate], *, dry_run: bool = False
) -> PeopleImportReport:
    """Add `candidates` (people_files.PersonCandidate) to People in the session's
    transaction; a candidate matching someone already there (or earlier in the file)
    fills that person's empty details instead of adding them twice."""
    organizations: dict[str, int] = {}
    for org_id, org_name in session.exec(select(Organization.id, Organization.name)):
        organizations.setdefault(org_name.strip().casefold(), org_id)  # type: ignore[arg-type]
    by_email: dict[str, Contact] = {}
    by_name: dict[tuple[str, int | None], Contact] = {}

    def remember(contact: Contact, org_id: int | None) -> None:
        if contact.email.strip():
            by_email.setdefault(contact.email.strip().casefold(), contact)
        by_name.setdefault((contact.name.strip().casefold(), org_id), contact)

    for contact in session.exec(select(Contact).order_by(col(Contact.id))):
        remember(contact, contact.organization_id)
    new_names: list[str] = []
    matching = 0
    for candidate in candidates:
        org_key = candidate.organization.strip().casefold()
        org_id = organizations.get(org_key) if org_key else None
        if org_key and org_id is None and not dry_run:
            org_id = named_row(session, Organization, candidate.organization)
            assert org_id is not None
            organizations[org_key] = org_id
        elif org_key and org_id is None:
            org_id = -len(organizations) - 1  # a new organization, in a dry run
            organizations[org_key] = org_id
        email = candidate.email.strip().casefold()
        found = by_email.get(email) if email else None
        found = found or by_name.get((candidate.name.strip().casefold(), org_id))
        if found is not None:
            matching += 1
            if not dry_run:
                _fill(found, candidate, org_id)
            continue
        new_names.append(candidate.name)
        contact = Contact(
            name=candidate.name.strip(),
            role=candidate.role,
            email=candidate.email.strip(),
            phone=candidate.phone,
            profile_url=candidate.profile_url,
            how_met=candidate.how_found,
            notes=_candidate_notes(candidate),
            organization_id=org_id if org_id is None or org_id > 0 else None,
        )
        if not dry_run:
            session.add(contact)
        remember(contact, org_id)
    if not dry_run:
        session.flush()
    return PeopleImportReport(len(new_names), matching, tuple(new_names))


def _candidate_notes(candidate: PersonCandidate) -> str:
    notes = candidate.notes
    if candidate.connected_on is not None:
        connected = f"Connected on {candidate.connected_on:%d %b %Y}."
        notes = f"{notes}\n\n{connected}" if notes.strip() else connected
    return notes


def _fill(contact: Contact, candidate: PersonCandidate, org_id: int | None) -> None:
    """Fill a matching person's empty details from the file (nothing is overwritten)."""
    for column, value in (
        ("role", candidate.role),
        ("email", candidate.email.strip()),
        ("phone", candidate.phone),
        ("profile_url", candidate.profile_url),
        ("how_met", candidate.how_found),
    ):
        if value and not getattr(contact, column).strip():
            setattr(contact, column, value)
    if contact.organization_id is None and org_id is not None and org_id > 0:
        contact.organization_id = org_id
    contact.updated_at = utcnow()
