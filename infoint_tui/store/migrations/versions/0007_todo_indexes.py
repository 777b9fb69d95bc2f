"""todo indexes: Home's to-do read in its order of urgency, a panelful at a time

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 21:00:00

Home shows the twenty most urgent things to do. With these (partial) indexes each kind is
a walk along one index that stops after a panelful, however many interviews there are:
thank-yous by the end of the interview, next contacts by their day, and planned
interviews not held, back from now; and the people kept in touch with are found without
reading every person. The SQL lives here, not in the application code, so that this
revision keeps meaning what it meant when later revisions change the models.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_interview_ended_at": "interview (ended_at) WHERE ended_at IS NOT NULL",
    "ix_interview_waiting": (
        "interview (scheduled_at) "
        "WHERE started_at IS NULL AND stage NOT IN ('reflect', 'follow_up', 'done')"
    ),
    "ix_follow_up_next_contact_on": "follow_up (next_contact_on) WHERE next_contact_on IS NOT NULL",
    "ix_contact_keep_in_touch_days": (
        "contact (keep_in_touch_days) WHERE keep_in_touch_days IS NOT NULL"
    ),
}


def upgrade() -> None:
    for name, definition in _INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def downgrade() -> None:
    for name in _INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
