"""an index on an interview's date (held, else planned), in Home's order

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 18:20:00

Home reads the ids of every interview in date order and shows the first screen before the
rest: with this index, both are a walk along it (a hundredth of a second for 100,000
interviews) instead of a sort of every row. The expression is `store.dates.date_sql`'s.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_interview_when "
        "ON interview (coalesce(started_at, scheduled_at), id)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_interview_when")
