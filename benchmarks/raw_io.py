"""The baseline for import and export: the same rows through stdlib sqlite3 and json, nothing else.

`python raw_io.py dump DB OUT.json` writes every row of the interview tables as JSON;
`python raw_io.py load OUT.json EMPTY.db SCHEMA_DB` creates the same schema as SCHEMA_DB
(tables, indexes and the full-text triggers) and inserts those rows in one transaction.
Run as programs, like the CLI, so both pay for starting Python.
"""

from __future__ import annotations

import json
import sqlite3
import sys

#: The tables an infoint-tui export carries, parents first.
TABLES = (
    "occupation",
    "organization",
    "contact",
    "interview",
    "question",
    "note",
    "reflection",
    "follow_up",
    "referral",
)


def dump(db: str, out: str) -> int:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    data = {
        table: [dict(row) for row in connection.execute(f"SELECT * FROM {table}")]
        for table in TABLES
    }
    connection.close()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
    return sum(len(rows) for rows in data.values())


def load(source: str, db: str, schema_db: str) -> int:
    with open(source, encoding="utf-8") as handle:
        data = json.load(handle)
    schema = sqlite3.connect(schema_db)
    statements = [
        row[0]
        for row in schema.execute(
            "SELECT sql FROM sqlite_master "
            "WHERE sql IS NOT NULL AND name NOT LIKE 'search_index_%' "
            "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid"
        )
    ]
    schema.close()
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("BEGIN")
    for statement in statements:
        connection.execute(statement)
    total = 0
    for table in TABLES:
        rows = data[table]
        if not rows:
            continue
        columns = list(rows[0])
        marks = ", ".join("?" for _ in columns)
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        connection.executemany(insert, [tuple(row[c] for c in columns) for row in rows])
        total += len(rows)
    connection.execute("COMMIT")
    connection.close()
    return total


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    count = dump(*arguments) if command == "dump" else load(*arguments)
    print(count)
