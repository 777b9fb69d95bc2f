"""open to-dos: the thank-yous still to send and the referrals not planned, each an index

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 22:40:00

Home's to-do walks each kind in its order and stops after a panelful (0007). Two walks
still read what is done: the thank-yous walked every ended interview, thanked or not, and
the referrals every one already planned. Now an interview carries `thanked` (whether its
follow-up says the thank-you went out), kept by triggers on follow_up whoever writes it
(the app, an import, another tool), and a partial index holds only the ended interviews
not thanked (replacing 0007's index of every ended interview); another holds only the
referrals not planned. The to-do's queries still
check the follow-up itself, so `thanked` only narrows the walk and cannot hide a to-do.
The SQL lives here, not in the application code, so that this revision keeps meaning
what it meant when later revisions change the models.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_THANKED = "(NEW.thank_you_sent_at IS NOT NULL)"
_TRIGGERS = {
    "follow_up_thanked_insert": (
        "AFTER INSERT ON follow_up BEGIN "
        f"UPDATE interview SET thanked = {_THANKED} WHERE id = NEW.interview_id; END"
    ),
    "follow_up_thanked_update": (
        "AFTER UPDATE OF thank_you_sent_at, interview_id ON follow_up BEGIN "
        "UPDATE interview SET thanked = 0 WHERE id = OLD.interview_id; "
        f"UPDATE interview SET thanked = {_THANKED} WHERE id = NEW.interview_id; END"
    ),
    "follow_up_thanked_delete": (
        "AFTER DELETE ON follow_up BEGIN "
        "UPDATE interview SET thanked = 0 WHERE id = OLD.interview_id; END"
    ),
}
_INDEXES = {
    "ix_interview_unthanked": (
        "interview (ended_at, id) WHERE ended_at IS NOT NULL AND thanked = 0"
    ),
    "ix_referral_unplanned": "referral (id) WHERE planned_interview_id IS NULL",
}


def upgrade() -> None:
    op.execute("ALTER TABLE interview ADD COLUMN thanked BOOLEAN NOT NULL DEFAULT 0")
    op.execute(
        "UPDATE interview SET thanked = EXISTS ("
        "SELECT 1 FROM follow_up AS f "
        "WHERE f.interview_id = interview.id AND f.thank_you_sent_at IS NOT NULL)"
    )
    for name, definition in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {definition}")
    for name, definition in _INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {definition}")
    op.execute("DROP INDEX IF EXISTS ix_interview_ended_at")  # 0007's, which this replaces


def downgrade() -> None:
    for name in _INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_interview_ended_at ON interview (ended_at) "
        "WHERE ended_at IS NOT NULL"
    )
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE interview DROP COLUMN thanked")
