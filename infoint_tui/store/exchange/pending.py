"""The rows an import creates, before they exist: ids handed out ahead of one executemany,
and contacts and names looked up over the database and the file together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from infoint_tui.store.exchange.document import CONTACT
from infoint_tui.store.exchange.schema import ContactIn, ContactRef
from infoint_tui.store.models import OutreachStatus, new_uuid


class Slot:
    """The id of a row, known at once for an existing row and after insert() for a new one."""

    __slots__ = ("id",)

    def __init__(self, row_id: int | None = None) -> None:
        self.id = row_id

    def require(self) -> int:
        if self.id is None:
            raise RuntimeError("a row was used before it was inserted")
        return self.id


class Pending:
    """New rows of one table, inserted together; each row's slot learns its id."""

    def __init__(self, table: sa.Table) -> None:
        self.table = table
        self.rows: list[dict[str, Any]] = []
        self.slots: list[Slot] = []

    def add(self, row: dict[str, Any]) -> Slot:
        slot = Slot()
        self.rows.append(row)
        self.slots.append(slot)
        return slot

    def insert(self, conn: Connection) -> None:
        """Insert the rows with ids after the current largest, as SQLite itself would pick.

        The import holds the write lock (BEGIN IMMEDIATE), so no one else can take these ids;
        naming them here lets one executemany do the work (RETURNING in parameter order
        would cost SQLAlchemy one statement per row on SQLite). A value that is a slot (a
        row of another table, inserted before) is written as that row's id.
        """
        if not self.rows:
            return
        largest = conn.execute(sa.select(sa.func.max(self.table.c.id))).scalar() or 0
        for row_id, (slot, row) in enumerate(zip(self.slots, self.rows, strict=True), largest + 1):
            slot.id = row["id"] = row_id
        rows = [
            {
                key: value.require() if isinstance(value, Slot) else value
                for key, value in row.items()
            }
            for row in self.rows
        ]
        conn.execute(sa.insert(self.table), rows)
        self.rows, self.slots = [], []


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class Contacts:
    """Contacts by uuid, by name and e-mail, and by name, over the database and this import."""

    def __init__(self, conn: Connection, now: datetime) -> None:
        self.now = now
        self.pending = Pending(CONTACT)
        self.by_uuid: dict[str, Slot] = {}
        self.by_name_email: dict[tuple[str, str], Slot] = {}
        self.by_name: dict[str, Slot] = {}
        self.referrers: list[tuple[Slot, ContactRef | Slot]] = []
        #: The rows of the contacts this import creates, by slot, until they are inserted.
        self.created: dict[Slot, dict[str, Any]] = {}
        columns = (CONTACT.c.id, CONTACT.c.uuid, CONTACT.c.name, CONTACT.c.email)
        for row in conn.execute(sa.select(*columns).order_by(CONTACT.c.id)):
            self._remember(Slot(row.id), row.uuid, row.name, row.email)

    def _remember(self, slot: Slot, uuid: str, name: str, email: str) -> None:
        self.by_uuid.setdefault(uuid, slot)
        self.by_name_email.setdefault((fold(name), fold(email)), slot)
        self.by_name.setdefault(fold(name), slot)

    def _create(self, uuid: str | None, name: str, *, findable: bool = True, **fields: Any) -> Slot:
        row: dict[str, Any] = {
            "uuid": uuid or new_uuid(),
            "name": name,
            "role": "",
            "email": "",
            "phone": "",
            "profile_url": "",
            "how_met": "",
            "notes": "",
            "referred_by_id": None,
            "organization_id": None,
            "outreach_status": OutreachStatus.TO_CONTACT,
            "keep_in_touch_days": None,
            "message_draft": "",
            "created_at": self.now,
            "updated_at": self.now,
        }
        row.update(fields)
        slot = self.pending.add(row)
        self.created[slot] = row
        if findable:
            self._remember(slot, row["uuid"], name, row["email"])
        return slot

    def full(self, contact: ContactIn, **person: Any) -> Slot:
        """The contact of an interview, or a person: by uuid if it has one, else by name and
        e-mail. A new one is made with the contact's values and then `person`'s (the
        columns only a person of format 2 gives: organization, status, keep in touch)."""
        if contact.uuid is not None:
            found = self.by_uuid.get(contact.uuid)
        else:
            found = self.by_name_email.get((fold(contact.name), fold(contact.email)))
        if found is not None:
            return found
        fields = contact.model_dump(exclude={"uuid", "name", "referred_by"}, exclude_none=True)
        slot = self._create(contact.uuid, contact.name, **fields, **person)
        if contact.referred_by is not None:
            self.referrers.append((slot, contact.referred_by))
        return slot

    def reference(self, ref: ContactRef) -> Slot:
        """A contact named by reference: by uuid, then by name, else a new bare contact."""
        found = self.by_uuid.get(ref.uuid) if ref.uuid else None
        found = found or self.by_name.get(fold(ref.name))
        return found or self._create(ref.uuid, ref.name)

    def introduced(self, name: str, by: Slot, at: datetime, how_found: str) -> Slot:
        """A new person for a referral that names none, introduced by `by`: one per
        referral, never found by name for another, as the upgrade to schema 0005 makes."""
        slot = self._create(
            None, name, findable=False, how_met=how_found, created_at=at, updated_at=at
        )
        self.referrers.append((slot, by))
        return slot

    def link_referrers(self, conn: Connection) -> None:
        """Set referred_by on the contacts this import created (after their insert)."""
        links = [
            (slot, ref if isinstance(ref, Slot) else self.reference(ref))
            for slot, ref in self.referrers
        ]
        self.pending.insert(conn)
        if links:
            query = (
                sa.update(CONTACT)
                .where(CONTACT.c.id == sa.bindparam("contact_id"))
                .values(referred_by_id=sa.bindparam("referrer_id"))
            )
            rows = [{"contact_id": a.require(), "referrer_id": b.require()} for a, b in links]
            conn.execute(query, rows)


class Names:
    """Organizations or occupations by case-insensitive name, creating the missing ones."""

    def __init__(self, conn: Connection, table: sa.Table) -> None:
        self.pending = Pending(table)
        self.by_name: dict[str, Slot] = {}
        for row in conn.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id)):
            self.by_name.setdefault(fold(row.name), Slot(row.id))

    def get(self, name: str, row: dict[str, Any]) -> Slot:
        key = fold(name)
        if key not in self.by_name:
            self.by_name[key] = self.pending.add(row)
        return self.by_name[key]
