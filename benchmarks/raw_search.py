"""The baseline for `infoint-tui search WORD`: the same FTS5 query from a plain sqlite3 script.

`python raw_search.py DB WORD [LIMIT]` opens the file with sqlite3 and runs the statements
`infoint-tui search WORD` runs (store/search.py, written out here, nothing imported from
infoint_tui): the words a long prefix stands for from the vocabulary table, the best
LIMIT by bm25 among the newest matching texts, then their snippets with the interview's
date, contact, organization and occupation; it prints a line per hit, as the command line
does. Only one lower-case word: what the benchmark asks. Run as a program, like the
command line, so both pay for starting Python.
"""

from __future__ import annotations

import json
import sqlite3
import sys

RANK_WINDOW = 1000
WORDS_RANK_WINDOW = RANK_WINDOW // 2
LONGEST_INDEXED_PREFIX = 4
MAX_PREFIX_WORDS = 16
LAST_INTERVIEW_KIND = 12

HAS_INTERVIEW = """(
    (search_index.rowid % 32) <= 12
    OR ((search_index.rowid % 32) IN (13, 14)
        AND EXISTS (SELECT 1 FROM interview WHERE contact_id = (search_index.rowid / 32)))
    OR ((search_index.rowid % 32) IN (15, 16)
        AND EXISTS (SELECT 1 FROM interview WHERE organization_id = (search_index.rowid / 32)))
)"""

RANKED = f"""
WITH recent AS MATERIALIZED (
    SELECT rowid AS row_id, bm25(search_index) AS score FROM search_index
    WHERE search_index MATCH :match AND {HAS_INTERVIEW}
    ORDER BY rowid DESC LIMIT :window
)
SELECT row_id, score FROM recent ORDER BY score, row_id DESC LIMIT :limit
"""

WINDOW_RANKED = f"""
WITH recent AS MATERIALIZED (
    SELECT rowid AS row_id FROM search_index
    WHERE search_index MATCH :match AND {HAS_INTERVIEW}
    ORDER BY rowid DESC LIMIT :window
)
SELECT rowid AS row_id, bm25(search_index) AS score FROM search_index
WHERE search_index MATCH :rank_match
  AND rowid BETWEEN (SELECT min(row_id) FROM recent) AND (SELECT max(row_id) FROM recent)
  AND +rowid IN (SELECT row_id FROM recent)
ORDER BY score, row_id DESC LIMIT :limit
"""

DETAILS = """
WITH chosen AS MATERIALIZED (
    SELECT json_extract(value, '$[0]') AS row_id, json_extract(value, '$[1]') AS score
    FROM json_each(:rows)
),
snippets AS MATERIALIZED (
    SELECT rowid AS row_id, interview_id,
           snippet(search_index, 0, '[', ']', '…', 12) AS snippet
    FROM search_index
    WHERE search_index MATCH :match AND rowid BETWEEN :low AND :high
      AND +rowid IN (SELECT row_id FROM chosen)
),
hits AS (
    SELECT c.row_id, c.score, s.interview_id, s.snippet, c.row_id % 32 AS kind,
           c.row_id / 32 AS ref_id
    FROM chosen AS c JOIN snippets AS s ON s.row_id = c.row_id
),
targets AS (
    SELECT row_id, score, snippet, interview_id AS target FROM hits WHERE kind <= 12
    UNION ALL
    SELECT h.row_id, h.score, h.snippet, i.id FROM hits AS h
    JOIN interview AS i ON i.contact_id = h.ref_id WHERE h.kind IN (13, 14)
    UNION ALL
    SELECT h.row_id, h.score, h.snippet, i.id FROM hits AS h
    JOIN interview AS i ON i.organization_id = h.ref_id WHERE h.kind IN (15, 16)
)
SELECT coalesce(i.started_at, i.scheduled_at), c.name, o.name, oc.name, i.stage, i.uuid,
       t.snippet
FROM targets AS t
JOIN interview AS i ON i.id = t.target
JOIN contact AS c ON c.id = i.contact_id
LEFT JOIN organization AS o ON o.id = i.organization_id
LEFT JOIN occupation AS oc ON oc.id = i.occupation_id
ORDER BY t.score, coalesce(i.started_at, i.scheduled_at) DESC NULLS FIRST, i.id DESC,
         t.row_id DESC
LIMIT :limit
"""


def quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def search(db: str, word: str, limit: int) -> int:
    """Print the best `limit` hits for `word` (as the last word of a query: a prefix)."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("BEGIN")
    params: dict[str, object] = {"limit": limit + 1}  # one more: are there more?
    statement = RANKED
    params["match"] = quoted(word) + "*"
    params["window"] = RANK_WINDOW
    if len(word) > LONGEST_INDEXED_PREFIX:
        high = word[:-1] + chr(ord(word[-1]) + 1)
        words = [
            row[0]
            for row in connection.execute(
                "SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?",
                (word, high, MAX_PREFIX_WORDS + 1),
            )
        ]
        if not words:
            print("no matches", file=sys.stderr)
            return 0
        if len(words) == 1:
            params["match"] = quoted(words[0])
        elif len(words) <= MAX_PREFIX_WORDS:
            params["match"] = "(" + " OR ".join(quoted(each) for each in words) + ")"
            params["rank_match"] = quoted(word[:LONGEST_INDEXED_PREFIX]) + "*"
            params["window"] = WORDS_RANK_WINDOW
            statement = WINDOW_RANKED
    chosen = [(row[0], row[1]) for row in connection.execute(statement, params)][:limit]
    if not chosen:
        print("no matches", file=sys.stderr)
        return 0
    ids = [row_id for row_id, _ in chosen]
    details = {
        "match": params["match"],
        "rows": json.dumps(chosen),
        "low": min(ids),
        "high": max(ids),
        "limit": limit,
    }
    shown = 0
    for when, contact, organization, occupation, stage, uuid, snippet in connection.execute(
        DETAILS, details
    ):
        about = " · ".join(part for part in (contact, occupation, organization) if part)
        print(f"{(when or 'not scheduled')[:10]}  {about}  [{stage}]  {uuid}")
        print(f"    {' '.join((snippet or '').split())}")
        shown += 1
    connection.execute("ROLLBACK")
    connection.close()
    return shown


if __name__ == "__main__":
    database, query, *rest = sys.argv[1:]
    search(database, query, int(rest[0]) if rest else 20)
