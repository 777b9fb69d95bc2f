"""full-text search index over every text the user writes, kept in step by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 13:05:00

One FTS5 table holds one row per (text field, source row). Its rowid is
`source_id * 32 + kind`, so a trigger finds the row to replace without a scan.
The SQL lives here, not in the application code, so that this revision keeps
meaning what it meant when later revisions change the search module.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# kind, table, text expression over the row alias `r`, interview id expression, columns
FIELDS: list[tuple[int, str, str, str, str]] = [
    (1, "interview", "r.research_notes", "r.id", "research_notes"),
    (2, "interview", "r.goals", "r.id", "goals"),
    (3, "question", "r.text", "r.interview_id", "text"),
    (4, "question", "r.answer", "r.interview_id", "answer"),
    (5, "note", "r.text", "r.interview_id", "text"),
    (6, "reflection", "r.most_interesting", "r.interview_id", "most_interesting"),
    (7, "reflection", "r.most_helpful", "r.interview_id", "most_helpful"),
    (8, "reflection", "r.surprises", "r.interview_id", "surprises"),
    (9, "reflection", "r.still_to_learn", "r.interview_id", "still_to_learn"),
    (10, "reflection", "r.next_steps", "r.interview_id", "next_steps"),
    (11, "follow_up", "r.thank_you_text", "r.interview_id", "thank_you_text"),
    (12, "referral", "r.name || ' ' || r.context", "r.interview_id", "name, context"),
    (13, "contact", "r.name", "NULL", "name"),
    (14, "contact", "r.notes", "NULL", "notes"),
    (15, "organization", "r.name", "NULL", "name"),
    (16, "organization", "r.research_notes", "NULL", "research_notes"),
]

TABLES = sorted({table for _, table, _, _, _ in FIELDS})


def _insert(kind: int, text: str, interview: str, alias: str) -> str:
    text = text.replace("r.", f"{alias}.")
    interview = interview.replace("r.", f"{alias}.")
    return (
        "INSERT INTO search_index(rowid, body, kind, ref_id, interview_id) "
        f"SELECT {alias}.id * 32 + {kind}, {text}, {kind}, {alias}.id, {interview} "
        f"WHERE {text} <> '';"
    )


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "body, kind UNINDEXED, ref_id UNINDEXED, interview_id UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for kind, table, text, interview, columns in FIELDS:
        op.execute(
            f"INSERT INTO search_index(rowid, body, kind, ref_id, interview_id) "
            f"SELECT r.id * 32 + {kind}, {text}, {kind}, r.id, {interview} "
            f"FROM {table} AS r WHERE {text} <> ''"
        )
        delete_old = f"DELETE FROM search_index WHERE rowid = old.id * 32 + {kind};"
        op.execute(
            f"CREATE TRIGGER search_{table}_{kind}_insert AFTER INSERT ON {table} BEGIN "
            f"{_insert(kind, text, interview, 'new')} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_{kind}_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {delete_old} {_insert(kind, text, interview, 'new')} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_{kind}_delete AFTER DELETE ON {table} "
            f"BEGIN {delete_old} END"
        )


def downgrade() -> None:
    for kind, table, _, _, _ in FIELDS:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{kind}_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")
