"""first schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("profile_url", sa.String(), nullable=False),
        sa.Column("how_met", sa.String(), nullable=False),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referred_by_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_referred_by_id"), ["referred_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_uuid"), ["uuid"], unique=True)

    op.create_table(
        "occupation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("occupation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_occupation_name"), ["name"], unique=True)

    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("sector", sa.String(), nullable=False),
        sa.Column("website", sa.String(), nullable=False),
        sa.Column("research_notes", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_name"), ["name"], unique=False)

    op.create_table(
        "question_bank",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("question_bank", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_bank_key"), ["key"], unique=True)

    op.create_table(
        "bank_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("must_ask", sa.Boolean(), nullable=False),
        sa.Column("estimate_minutes", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["question_bank.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bank_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_question_bank_id"), ["bank_id"], unique=False)

    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("occupation_id", sa.Integer(), nullable=True),
        sa.Column("scheduled_at", sa.DateTime(), nullable=True),
        sa.Column(
            "medium",
            sa.Enum("in_person", "phone", "video", name="medium", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("planned_minutes", sa.Integer(), nullable=False),
        sa.Column("research_notes", sa.String(), nullable=False),
        sa.Column("goals", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column(
            "stage",
            sa.Enum(
                "research",
                "questions",
                "live",
                "reflect",
                "follow_up",
                "done",
                name="stage",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["occupation_id"], ["occupation.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interview_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_interview_occupation_id"), ["occupation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interview_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interview_scheduled_at"), ["scheduled_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_interview_stage"), ["stage"], unique=False)
        batch_op.create_index(batch_op.f("ix_interview_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_interview_uuid"), ["uuid"], unique=True)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("thank_you_text", sa.String(), nullable=False),
        sa.Column("thank_you_sent_at", sa.DateTime(), nullable=True),
        sa.Column("next_contact_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_interview_id"), ["interview_id"], unique=True
        )

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("offset_seconds", sa.Integer(), nullable=True),
        sa.Column("starred", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_interview_id"), ["interview_id"], unique=False)

    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("must_ask", sa.Boolean(), nullable=False),
        sa.Column("asked", sa.Boolean(), nullable=False),
        sa.Column("asked_at_seconds", sa.Integer(), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("starred", sa.Boolean(), nullable=False),
        sa.Column("estimate_minutes", sa.Float(), nullable=False),
        sa.Column("bank_key", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_interview_id"), ["interview_id"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("context", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("planned_interview_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["planned_interview_id"], ["interview.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_interview_id"), ["interview_id"], unique=False
        )

    op.create_table(
        "reflection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("fit_confidence", sa.Integer(), nullable=True),
        sa.Column("most_interesting", sa.String(), nullable=False),
        sa.Column("most_helpful", sa.String(), nullable=False),
        sa.Column("surprises", sa.String(), nullable=False),
        sa.Column("still_to_learn", sa.String(), nullable=False),
        sa.Column("next_steps", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reflection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reflection_interview_id"), ["interview_id"], unique=True
        )


def downgrade() -> None:

    with op.batch_alter_table("reflection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflection_interview_id"))

    op.drop_table("reflection")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_interview_id"))

    op.drop_table("referral")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_interview_id"))

    op.drop_table("question")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_interview_id"))

    op.drop_table("note")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_interview_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_uuid"))
        batch_op.drop_index(batch_op.f("ix_interview_updated_at"))
        batch_op.drop_index(batch_op.f("ix_interview_stage"))
        batch_op.drop_index(batch_op.f("ix_interview_scheduled_at"))
        batch_op.drop_index(batch_op.f("ix_interview_organization_id"))
        batch_op.drop_index(batch_op.f("ix_interview_occupation_id"))
        batch_op.drop_index(batch_op.f("ix_interview_contact_id"))

    op.drop_table("interview")
    with op.batch_alter_table("bank_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_question_bank_id"))

    op.drop_table("bank_question")
    with op.batch_alter_table("question_bank", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_bank_key"))

    op.drop_table("question_bank")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_name"))

    op.drop_table("organization")
    with op.batch_alter_table("occupation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_occupation_name"))

    op.drop_table("occupation")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_uuid"))
        batch_op.drop_index(batch_op.f("ix_contact_referred_by_id"))

    op.drop_table("contact")
