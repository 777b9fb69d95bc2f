"""drafts: text typed for something not made yet (a question being added, a referral)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 17:30:00

A question typed in Questions' "add" field, or a person typed in Follow-up's referral
fields, is not a row yet until the user presses enter; until then it is kept here, per
interview and field, so that a crash or a kill brings it back as a draft.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE draft ("
        "interview_id INTEGER NOT NULL REFERENCES interview(id) ON DELETE CASCADE, "
        "name VARCHAR NOT NULL, "
        "text VARCHAR NOT NULL DEFAULT '', "
        "updated_at DATETIME NOT NULL, "
        "PRIMARY KEY (interview_id, name))"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS draft")
