"""search index: a four-letter prefix index, and a vocabulary table over the index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:50:00

FTS5 fixes its prefix indexes when the table is created, so the table is built anew
with `prefix = '2 3 4'`, every row copied over with its rowid, and the triggers of 0002
put back exactly as they were (their text is read from the schema, not repeated here).
`search_terms` (fts5vocab) lists the words the index holds, so search can turn a long
prefix into the few words it stands for.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (
    "body, kind UNINDEXED, ref_id UNINDEXED, interview_id UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2'"
)


def _rebuild(prefix: str) -> None:
    """Recreate `search_index` with `prefix` indexes, keeping its rows and triggers."""
    connection = op.get_bind()
    triggers = connection.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'search\\_%' ESCAPE '\\' ORDER BY name"
        )
    ).all()
    for name, _ in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    op.execute("DROP TABLE IF EXISTS search_terms")
    # The rows wait in a temporary table, so the new index reuses the pages the old one
    # frees instead of growing the file by a second copy of the index.
    op.execute(
        "CREATE TEMP TABLE search_index_copy AS "
        "SELECT rowid AS row_id, body, kind, ref_id, interview_id FROM search_index"
    )
    op.execute("DROP TABLE search_index")
    op.execute(f"CREATE VIRTUAL TABLE search_index USING fts5({_COLUMNS}, prefix = '{prefix}')")
    op.execute(
        "INSERT INTO search_index(rowid, body, kind, ref_id, interview_id) "
        "SELECT row_id, body, kind, ref_id, interview_id FROM temp.search_index_copy "
        "ORDER BY row_id"
    )
    op.execute("DROP TABLE temp.search_index_copy")
    # One segment instead of the many a bulk insert leaves: fewer pages per query.
    op.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
    for _, sql in triggers:
        connection.exec_driver_sql(sql)  # verbatim: no bind-parameter parsing


def upgrade() -> None:
    _rebuild("2 3 4")
    op.execute("CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_index, row)")


def downgrade() -> None:
    _rebuild("2 3")
