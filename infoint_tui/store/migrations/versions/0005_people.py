"""people: contacts become people with an organization, an outreach status and a timeline

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:50:00

Every contact of an interview already is a person; this revision gives each one the
organization of their latest interview and the outreach status their interviews imply
(held: interviewed; otherwise: scheduled, since an interview was arranged). Each referral
without a person of its own becomes one, introduced by the person who referred them, found
"Referral" (the referral keeps its context; a trigger keeps the person's name in step with
the referral's while the person has no interview of their own). Nothing is removed.
The SQL lives here, not in the application code, so that this revision keeps meaning what
it meant when later revisions change the models.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# An interview counts as held once its conversation started or it moved past Live.
_HELD = "(i.started_at IS NOT NULL OR i.stage IN ('reflect', 'follow_up', 'done'))"


def upgrade() -> None:
    op.execute(
        "ALTER TABLE contact ADD COLUMN organization_id INTEGER "
        "REFERENCES organization(id) ON DELETE SET NULL"
    )
    op.execute(
        "ALTER TABLE contact ADD COLUMN outreach_status VARCHAR(20) NOT NULL DEFAULT 'to_contact'"
    )
    op.execute("ALTER TABLE contact ADD COLUMN keep_in_touch_days INTEGER")
    # The request, nudge or update being written to them, kept as typed until it is sent.
    op.execute("ALTER TABLE contact ADD COLUMN message_draft VARCHAR NOT NULL DEFAULT ''")
    op.execute("CREATE INDEX ix_contact_organization_id ON contact (organization_id)")
    op.execute("CREATE INDEX ix_contact_outreach_status ON contact (outreach_status)")
    op.execute("ALTER TABLE organization ADD COLUMN motivation INTEGER")
    op.execute(
        "CREATE TABLE timeline_entry ("
        "id INTEGER NOT NULL PRIMARY KEY, "
        "contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE, "
        "kind VARCHAR(20) NOT NULL, "
        "at DATETIME NOT NULL, "
        "text VARCHAR NOT NULL DEFAULT '')"
    )
    op.execute("CREATE INDEX ix_timeline_entry_contact_id ON timeline_entry (contact_id)")
    op.execute("CREATE INDEX ix_timeline_entry_at ON timeline_entry (at)")

    # The organization of each person's latest interview that names one.
    op.execute(
        "UPDATE contact SET organization_id = ("
        "SELECT i.organization_id FROM interview AS i "
        "WHERE i.contact_id = contact.id AND i.organization_id IS NOT NULL "
        "ORDER BY i.created_at DESC, i.id DESC LIMIT 1)"
    )
    op.execute(
        "UPDATE contact SET outreach_status = CASE "
        f"WHEN EXISTS (SELECT 1 FROM interview AS i WHERE i.contact_id = contact.id AND {_HELD})"
        " THEN 'interviewed' "
        "WHEN EXISTS (SELECT 1 FROM interview AS i WHERE i.contact_id = contact.id)"
        " THEN 'scheduled' "
        "ELSE 'to_contact' END"
    )
    # Referrals without a person: one person each, introduced by the referrer. The
    # referral's id rides in the uuid column until the link is made, then a real uuid.
    op.execute(
        "INSERT INTO contact (uuid, name, role, email, phone, profile_url, how_met, "
        "referred_by_id, notes, outreach_status, created_at, updated_at) "
        "SELECT 'referral:' || r.id, r.name, '', '', '', '', 'Referral', i.contact_id, "
        "'', 'to_contact', r.created_at, r.created_at "
        "FROM referral AS r JOIN interview AS i ON i.id = r.interview_id "
        "WHERE r.contact_id IS NULL"
    )
    op.execute(
        "UPDATE referral SET contact_id = ("
        "SELECT c.id FROM contact AS c WHERE c.uuid = 'referral:' || referral.id) "
        "WHERE contact_id IS NULL"
    )
    op.execute(
        "UPDATE contact SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || "
        "'-4' || substr(hex(randomblob(2)), 2) || '-' || "
        "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || "
        "hex(randomblob(6))) WHERE uuid LIKE 'referral:%'"
    )

    # A referral's name is typed letter by letter: its person follows, while nothing else
    # was done with them (no interview) and nobody renamed the person meanwhile.
    op.execute(
        "CREATE TRIGGER referral_person_name AFTER UPDATE OF name ON referral "
        "WHEN new.contact_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM interview WHERE contact_id = new.contact_id) "
        "BEGIN UPDATE contact SET name = new.name "
        "WHERE id = new.contact_id AND name = old.name; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS referral_person_name")
    op.execute("DROP TABLE IF EXISTS timeline_entry")
    op.execute("DROP INDEX IF EXISTS ix_contact_organization_id")
    op.execute("DROP INDEX IF EXISTS ix_contact_outreach_status")
    op.execute("ALTER TABLE contact DROP COLUMN organization_id")
    op.execute("ALTER TABLE contact DROP COLUMN outreach_status")
    op.execute("ALTER TABLE contact DROP COLUMN keep_in_touch_days")
    op.execute("ALTER TABLE contact DROP COLUMN message_draft")
    op.execute("ALTER TABLE organization DROP COLUMN motivation")
