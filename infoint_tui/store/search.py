"""Full-text search over everything the user wrote: safe queries, ranked hits with snippets.

The FTS5 table `search_index` (migrations 0002 and 0003) holds one row per text field;
triggers keep it in step with the tables. This module reads it (and compacts it after a
bulk write, `compact_index`); `search` can be restricted to some interviews (the filters
of the Search screen) inside SQL, so its hits are the best among them. Any text a user
types is turned into a safe MATCH expression by `build_match`, so no query can raise an
FTS5 syntax error. Every string a `SearchHit` carries is plain text, never markup.

It reads through plain sqlite3 (`store.connections`): the store lends it a connection of
its engine, and `infoint-tui search` opens one of its own, without loading SQLAlchemy.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from infoint_tui.store.connections import driver_connection, read_snapshot
from infoint_tui.store.dates import date_sql, interview_date
from infoint_tui.store.search_query import (
    LONGEST_INDEXED_PREFIX,
    Query,
    build_match,
    compile_query,
    quoted,
)
from infoint_tui.text import one_line
from infoint_tui.timekeeping import aware

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = [
    "BULK_INTERVIEWS",
    "SearchHit",
    "build_match",
    "compact_index",
    "search",
    "search_interview_ids",
    "split_snippet",
]

#: Search ranks exactly among this many of the newest matching texts. The window bounds the
#: work of ranking (about a microsecond per text and pass), so the ranking is exact for any
#: query with fewer matches: all of them for a user with a few hundred interviews, the
#: newest few percent for a common word in 10,000 interviews.
RANK_WINDOW = 1000
#: The window of a query whose prefix stood for several words (`_WINDOW_RANKED_SQL`): it
#: is read twice, once to find the texts and once to rank them, so it holds half as many.
WORDS_RANK_WINDOW = RANK_WINDOW // 2
#: A longer prefix standing for more words than this stays a prefix query.
MAX_PREFIX_WORDS = 16
#: An import of at least this many interviews compacts the index afterwards.
BULK_INTERVIEWS = 100
#: Tokens of context `snippet()` shows around the matched terms.
SNIPPET_TOKENS = 12
#: Longest question text quoted in an answer's label.
LABEL_QUESTION_WIDTH = 60

# Private-use characters that mark the matched terms inside a snippet.
_OPEN = "\ue000"
_CLOSE = "\ue001"
_ELLIPSIS = "…"
_SNIPPET_SPLIT = re.compile(f"([{_OPEN}{_CLOSE}])")


@dataclass(frozen=True)
class _Field:
    key: str
    label: str
    target_stage: str


#: index kind -> the field it holds (see migration 0002 for the table and column of each).
FIELDS: dict[int, _Field] = {
    1: _Field("research_notes", "Research notes", "research"),
    2: _Field("goals", "Goals", "research"),
    3: _Field("question", "Question", "questions"),
    4: _Field("answer", "Answer", "live"),
    5: _Field("note", "Note", "live"),
    6: _Field("most_interesting", "Reflection: most interesting", "reflect"),
    7: _Field("most_helpful", "Reflection: most helpful", "reflect"),
    8: _Field("surprises", "Reflection: surprises", "reflect"),
    9: _Field("still_to_learn", "Reflection: still to learn", "reflect"),
    10: _Field("next_steps", "Reflection: next steps", "reflect"),
    11: _Field("thank_you_text", "Thank-you note", "follow_up"),
    12: _Field("referral", "Referral", "follow_up"),
    13: _Field("contact", "Contact", "research"),
    14: _Field("contact_notes", "Notes on the contact", "research"),
    15: _Field("organization", "Organization", "research"),
    16: _Field("organization_notes", "Notes on the organization", "research"),
}
_LAST_INTERVIEW_KIND = 12  # kinds above this belong to a contact or an organization


@dataclass(frozen=True)
class SearchHit:
    """One text field of one interview that matched a query.

    `snippet` is the matched text around the terms, as (text, is_match) segments of plain
    text; `field_label` is what a user reads ("Answer to “…”", "Note at 12 min");
    `target_stage` is the stage screen where the field is edited.
    """

    interview_id: int
    interview_uuid: str
    contact_name: str
    organization_name: str | None
    occupation_name: str | None
    when: datetime | None
    stage: str
    kind: int
    field: str
    field_label: str
    target_stage: str
    ref_id: int
    snippet: tuple[tuple[str, bool], ...]


# The index rowid is `source_id * 32 + kind` (migration 0002), so the kind and the source
# row are known without reading the stored columns, which costs a lookup per row.
_KIND = "(search_index.rowid % 32)"
_SOURCE = "(search_index.rowid / 32)"
# Contact and organization texts count only while someone has an interview with them.
_HAS_INTERVIEW = f"""(
    {_KIND} <= {_LAST_INTERVIEW_KIND}
    OR ({_KIND} IN (13, 14) AND EXISTS (SELECT 1 FROM interview WHERE contact_id = {_SOURCE}))
    OR ({_KIND} IN (15, 16)
        AND EXISTS (SELECT 1 FROM interview WHERE organization_id = {_SOURCE}))
)"""

# The same, restricted to the interviews of `:ids` (a JSON array): an interview's own text
# counts if it is one of them, a contact's or organization's text if one of their
# interviews is. `IN` reads the `allowed` ids through a temporary index; the `+` keeps
# SQLite from looping over them instead, once for every row it checks.
_ALLOWED = "(SELECT id FROM allowed)"
_ALLOWED_CTE = "allowed AS MATERIALIZED (SELECT value AS id FROM json_each(:ids))"
_ALLOWED_THROUGH_CONTACT = f"""(
    ({_KIND} IN (13, 14) AND EXISTS (
        SELECT 1 FROM interview WHERE contact_id = {_SOURCE} AND +id IN {_ALLOWED}))
    OR ({_KIND} IN (15, 16) AND EXISTS (
        SELECT 1 FROM interview WHERE organization_id = {_SOURCE} AND +id IN {_ALLOWED}))
)"""
# Many interviews: the interview id stored with each matching text (a lookup per text, but
# the window of newest allowed texts fills after a few of them).
_BY_INTERVIEW = f"""(
    ({_KIND} <= {_LAST_INTERVIEW_KIND} AND search_index.interview_id IN {_ALLOWED})
    OR {_ALLOWED_THROUGH_CONTACT}
)"""
# Few interviews: the rowids of their texts, from the tables the texts come from (see
# migration 0002), so a common word's many texts elsewhere are passed over by rowid alone.
_ALLOWED_ROWS_CTE = f"""allowed_rows AS MATERIALIZED (
    SELECT a.id * 32 + kind.value AS row_id FROM allowed AS a, json_each('[1, 2]') AS kind
    UNION ALL
    SELECT q.id * 32 + kind.value FROM question AS q, json_each('[3, 4]') AS kind
    WHERE q.interview_id IN {_ALLOWED}
    UNION ALL
    SELECT id * 32 + 5 FROM note WHERE interview_id IN {_ALLOWED}
    UNION ALL
    SELECT r.id * 32 + kind.value FROM reflection AS r, json_each('[6, 7, 8, 9, 10]') AS kind
    WHERE r.interview_id IN {_ALLOWED}
    UNION ALL
    SELECT id * 32 + 11 FROM follow_up WHERE interview_id IN {_ALLOWED}
    UNION ALL
    SELECT id * 32 + 12 FROM referral WHERE interview_id IN {_ALLOWED}
)"""
_BY_ROW = f"""(
    ({_KIND} <= {_LAST_INTERVIEW_KIND}
        AND +search_index.rowid IN (SELECT row_id FROM allowed_rows))
    OR {_ALLOWED_THROUGH_CONTACT}
)"""
#: A restriction to at most this many interviews is checked by the rowids of their texts
#: (`_BY_ROW`, about 25 texts an interview to list first); a larger one by the interview id
#: of each matching text (`_BY_INTERVIEW`).
FEW_INTERVIEWS = 1000


@dataclass(frozen=True)
class _Statement:
    """One statement: as it stands, and restricted to few or to many interviews."""

    plain: str
    few: str
    many: str

    def among(self, restriction: _Restriction | None) -> str:
        """The statement for `restriction` (None: no restriction)."""
        if restriction is None:
            return self.plain
        return self.few if restriction.few else self.many


@dataclass(frozen=True)
class _Restriction:
    """The interviews a search is restricted to, as the statements' `ids` parameter."""

    ids: str
    few: bool

    @classmethod
    def of(cls, interview_ids: Collection[int]) -> _Restriction:
        """The restriction to `interview_ids` (not empty)."""
        unique = sorted({int(id_) for id_ in interview_ids})
        return cls(json.dumps(unique), len(unique) <= FEW_INTERVIEWS)


def _statements(sql: str) -> _Statement:
    """`sql` as it stands, and restricted to the interviews of `:ids`.

    In `sql`, `{has_interview}` stands for the condition on an index row; `{allowed}` for
    the CTEs of the restriction ahead of the statement's own (`WITH {allowed} first AS …`),
    or `{with_allowed}` in a statement without any; `{in_allowed}` for a condition on an
    interview `i`; `{interview_date}` for the date of `i` (`store.dates`). The plain
    statement keeps no restriction, so a search without one runs exactly as it did before
    there was one.
    """

    def variant(has_interview: str, ctes: list[str]) -> str:
        joined = ",\n".join(ctes)
        return sql.format(
            has_interview=has_interview,
            allowed=joined + "," if ctes else "",
            with_allowed="WITH " + joined if ctes else "",
            in_allowed=f"AND +i.id IN {_ALLOWED}" if ctes else "",
            last_interview_kind=_LAST_INTERVIEW_KIND,
            interview_date=date_sql("i"),
        )

    return _Statement(
        plain=variant(_HAS_INTERVIEW, []),
        few=variant(_BY_ROW, [_ALLOWED_CTE, _ALLOWED_ROWS_CTE]),
        many=variant(_BY_INTERVIEW, [_ALLOWED_CTE]),
    )


# The newest `window` matching texts with their bm25 scores; the best `limit` of them.
# FTS5 streams rows in rowid order and stops at the window, so a word found in half of all
# texts costs little more than a rare one. Within the window the ranking is exact.
_RANKED_SQL = _statements(
    """
WITH {allowed}
recent AS MATERIALIZED (
    SELECT rowid AS row_id, bm25(search_index) AS score
    FROM search_index
    WHERE search_index MATCH :match AND {has_interview}
    ORDER BY rowid DESC
    LIMIT :window
)
SELECT row_id, score FROM recent ORDER BY score, row_id DESC LIMIT :limit
"""
)

# The same for a query whose long prefix was replaced by its words: the window is found
# with those words (`:match`), but bm25 scores the window with the prefix cut to its
# indexed length (`:rank_match`, `"proj"*` for `"project" OR "projects"`), so the variants of
# a word count as one term, as they would for `"project"*`, rather than each with its own
# weight (which would put a text with the rare `projects` above one with `project`).
_WINDOW_RANKED_SQL = _statements(
    """
WITH {allowed}
recent AS MATERIALIZED (
    SELECT rowid AS row_id
    FROM search_index
    WHERE search_index MATCH :match AND {has_interview}
    ORDER BY rowid DESC
    LIMIT :window
)
SELECT rowid AS row_id, bm25(search_index) AS score
FROM search_index
WHERE search_index MATCH :rank_match
  AND rowid BETWEEN (SELECT min(row_id) FROM recent) AND (SELECT max(row_id) FROM recent)
  AND +rowid IN (SELECT row_id FROM recent)
ORDER BY score, row_id DESC
LIMIT :limit
"""
)

# The newest `limit` matching texts, for a one-letter prefix: its bm25 would first count
# every text with a word starting with that letter, and on so many hits rank means little.
_RECENT_SQL = _statements(
    """
{with_allowed}
SELECT rowid AS row_id, 0.0 AS score
FROM search_index
WHERE search_index MATCH :match AND {has_interview}
ORDER BY rowid DESC
LIMIT :limit
"""
)

# Every interview a match belongs to: directly, or through its contact or organization.
_IDS_SQL = f"""
WITH hits AS MATERIALIZED (
    SELECT {_KIND} AS kind, {_SOURCE} AS ref_id,
           CASE WHEN {_KIND} <= {_LAST_INTERVIEW_KIND} THEN interview_id END AS interview_id
    FROM search_index WHERE search_index MATCH :match
)
SELECT interview_id FROM hits WHERE kind <= {_LAST_INTERVIEW_KIND}
UNION
SELECT i.id FROM interview AS i
WHERE i.contact_id IN (SELECT ref_id FROM hits WHERE kind IN (13, 14))
UNION
SELECT i.id FROM interview AS i
WHERE i.organization_id IN (SELECT ref_id FROM hits WHERE kind IN (15, 16))
"""


def search(
    source: Engine | sqlite3.Connection,
    query: str,
    limit: int = 50,
    interview_ids: Collection[int] | None = None,
) -> list[SearchHit]:
    """The best `limit` hits for `query`: best bm25 rank first, then the most recent interview.

    A contact's or organization's name or notes match every interview with them. The
    ranking is exact among the newest `RANK_WINDOW` matching texts (all of them for any but
    the commonest words), or `WORDS_RANK_WINDOW` when the last word is a long prefix that
    stands for several words; a query ending in a one-letter prefix lists the newest
    matches. Never raises for what a user typed; a query with nothing searchable returns [].

    `interview_ids`, when given, restricts the search to those interviews before anything
    is ranked or cut, so the hits are the best among them (the window counts only their
    texts): a contact's or organization's text counts if one of these interviews is with
    them, and expands only to these interviews. An empty collection finds nothing.

    `source` is the store's engine or a plain sqlite3 connection to the database.
    """
    compiled = compile_query(query)
    if compiled is None or limit <= 0:
        return []
    restriction: _Restriction | None = None
    if interview_ids is not None:
        if not interview_ids:
            return []
        restriction = _Restriction.of(interview_ids)
    try:
        with driver_connection(source) as connection, read_snapshot(connection):
            # One read transaction: the statements see the same snapshot.
            expanded = _expanded(connection, compiled)
            if expanded is None:
                return []
            match, rank_match = expanded
            chosen = _chosen(
                connection, compiled.short_prefix, match, rank_match, limit, restriction
            )
            if not chosen:
                return []
            params = _details_params(match, chosen, limit, restriction)
            statement = _DETAILS_SQL.among(restriction)
            hits = [_hit(row) for row in connection.execute(statement, params)]
    except sqlite3.OperationalError as error:
        if _refused_query(error):
            return []
        raise
    return hits


def _chosen(
    connection: sqlite3.Connection,
    short_prefix: bool,
    match: str,
    rank_match: str | None,
    limit: int,
    restriction: _Restriction | None,
) -> list[tuple[int, float]]:
    """The best `limit` index rows for `match` (in `restriction`), as (rowid, score), best first."""
    params: dict[str, Any] = {"match": match, "limit": limit}
    if restriction is not None:
        params["ids"] = restriction.ids
    if short_prefix:
        statement = _RECENT_SQL
    elif rank_match is None:
        statement = _RANKED_SQL
        params["window"] = max(RANK_WINDOW, limit)
    else:
        statement = _WINDOW_RANKED_SQL
        params["window"] = max(WORDS_RANK_WINDOW, limit)
        params["rank_match"] = rank_match
    return [(row[0], row[1]) for row in connection.execute(statement.among(restriction), params)]


# The words of the index that start with a prefix (migration 0003's vocabulary table).
_WORDS_SQL = "SELECT term FROM search_terms WHERE term >= :low AND term < :high LIMIT :most"


def _expanded(connection: sqlite3.Connection, query: Query) -> tuple[str, str | None] | None:
    """The MATCH expression with each long prefix replaced by the words it stands for.

    FTS5 answers a prefix that has no index of its length by merging the lists of every
    word it covers before the first row, and bm25 and the snippets each ask for that
    again: `"project"*` costs three merges, `("project" OR "projects")` none. The
    vocabulary lookup reads only the words in the prefix's range.

    Returns the expression that finds the texts and, when a prefix stood for several
    words, the one to rank them with (see `_WINDOW_RANKED_SQL`); None when a long prefix
    stands for no word at all, so nothing can match.
    """
    if not query.long_prefixes:
        return query.match, None
    terms, ranked = list(query.terms), list(query.terms)
    several = False
    for position, word in query.long_prefixes.items():
        high = word[:-1] + chr(ord(word[-1]) + 1)  # ASCII, so the next code point is safe
        params = {"low": word, "high": high, "most": MAX_PREFIX_WORDS + 1}
        words = [row[0] for row in connection.execute(_WORDS_SQL, params)]
        if not words:
            return None
        if len(words) > MAX_PREFIX_WORDS:
            continue  # so many words that one merge costs less than the OR of them all
        if len(words) == 1:
            terms[position] = ranked[position] = quoted(words[0])
        else:
            terms[position] = "(" + " OR ".join(quoted(word) for word in words) + ")"
            ranked[position] = quoted(word[:LONGEST_INDEXED_PREFIX]) + "*"
            several = True
    return " AND ".join(terms), " AND ".join(ranked) if several else None


def compact_index(engine: Engine) -> bool:
    """Merge the index into one segment (FTS5 `optimize`), in its own write transaction.

    Rows written in bulk leave the index in many small segments, and every query then
    reads each of them: on 10,000 generated interviews two words take 6 ms instead of
    4.5, a one-letter prefix 6 ms instead of 1.7. About a second for 10,000 interviews;
    everyday typing keeps the index in shape by FTS5's own small merges. Returns False if
    the database refused (busy, full): the index then stays as it was, correct if slower.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from infoint_tui.store.sessions import writing

    try:
        with writing(engine) as session:
            session.execute(text("INSERT INTO search_index(search_index) VALUES ('optimize')"))
    except OperationalError:
        return False
    return True


def search_interview_ids(source: Engine | sqlite3.Connection, query: str) -> set[int]:
    """The ids of every interview that `query` matches (no limit), e.g. to filter a list."""
    match = build_match(query)
    if match is None:
        return set()
    try:
        with driver_connection(source) as connection:
            return {row[0] for row in connection.execute(_IDS_SQL, {"match": match})}
    except sqlite3.OperationalError as error:
        if _refused_query(error):
            return set()
        raise


def _refused_query(error: sqlite3.OperationalError) -> bool:
    """Whether FTS5 refused the query itself, which build_match should make impossible.

    Should a future SQLite still refuse one, the user sees no hits rather than a crash.
    """
    message = str(error).lower()
    return "fts5" in message or "unterminated string" in message


def _details_params(
    match: str, chosen: list[tuple[int, float]], limit: int, restriction: _Restriction | None
) -> dict[str, Any]:
    """Parameters of `_DETAILS_SQL` for the chosen (rowid, score) rows."""
    row_ids = [row_id for row_id, _ in chosen]
    params = {
        "match": match,
        "rows": json.dumps(chosen),
        "low": min(row_ids),
        "high": max(row_ids),
        "open": _OPEN,
        "close": _CLOSE,
        "ellipsis": _ELLIPSIS,
        "tokens": SNIPPET_TOKENS,
        "limit": limit,
    }
    if restriction is not None:
        params["ids"] = restriction.ids
    return params


# Chosen index rows, as a JSON list of [rowid, score], become at most `limit` hits, best
# first; contact and organization rows expand to their interviews. The snippets of the
# chosen rows come from one pass over their rowid range, which lies inside the ranking
# window; `+rowid` keeps SQLite from turning the IN list into one FTS5 query per row.
_DETAILS_SQL = _statements(
    """
WITH {allowed}
chosen AS MATERIALIZED (
    SELECT json_extract(value, '$[0]') AS row_id, json_extract(value, '$[1]') AS score
    FROM json_each(:rows)
),
snippets AS MATERIALIZED (
    SELECT rowid AS row_id, interview_id,
           snippet(search_index, 0, :open, :close, :ellipsis, :tokens) AS snippet
    FROM search_index
    WHERE search_index MATCH :match AND rowid BETWEEN :low AND :high
      AND +rowid IN (SELECT row_id FROM chosen)
),
hits AS (
    SELECT c.row_id, c.score, s.interview_id, s.snippet,
           c.row_id % 32 AS kind, c.row_id / 32 AS ref_id
    FROM chosen AS c JOIN snippets AS s ON s.row_id = c.row_id
),
targets AS (
    SELECT row_id, kind, ref_id, score, snippet, interview_id AS target
    FROM hits WHERE kind <= {last_interview_kind}
    UNION ALL
    SELECT h.row_id, h.kind, h.ref_id, h.score, h.snippet, i.id
    FROM hits AS h JOIN interview AS i ON i.contact_id = h.ref_id
    WHERE h.kind IN (13, 14) {in_allowed}
    UNION ALL
    SELECT h.row_id, h.kind, h.ref_id, h.score, h.snippet, i.id
    FROM hits AS h JOIN interview AS i ON i.organization_id = h.ref_id
    WHERE h.kind IN (15, 16) {in_allowed}
)
SELECT t.kind, t.ref_id, t.snippet, i.id, i.uuid, i.stage, i.started_at, i.scheduled_at,
       c.name, o.name, oc.name, q.text, n.offset_seconds, rf.name
FROM targets AS t
JOIN interview AS i ON i.id = t.target
JOIN contact AS c ON c.id = i.contact_id
LEFT JOIN organization AS o ON o.id = i.organization_id
LEFT JOIN occupation AS oc ON oc.id = i.occupation_id
LEFT JOIN question AS q ON t.kind = 4 AND q.id = t.ref_id
LEFT JOIN note AS n ON t.kind = 5 AND n.id = t.ref_id
LEFT JOIN referral AS rf ON t.kind = 12 AND rf.id = t.ref_id
ORDER BY t.score, {interview_date} DESC NULLS FIRST, i.id DESC, t.row_id DESC
LIMIT :limit
"""
)


def _hit(row: Any) -> SearchHit:
    (kind, ref_id, snippet, interview_id, uuid, stage, started_at, scheduled_at) = row[:8]
    contact, organization, occupation, question, offset_seconds, referral = row[8:]
    field = FIELDS[kind]
    return SearchHit(
        interview_id=interview_id,
        interview_uuid=uuid,
        contact_name=contact,
        organization_name=organization,
        occupation_name=occupation,
        when=_parse_time(interview_date(started_at, scheduled_at)),
        stage=stage,
        kind=kind,
        field=field.key,
        field_label=_label(field, question, offset_seconds, referral),
        target_stage=field.target_stage,
        ref_id=ref_id,
        snippet=split_snippet(snippet or ""),
    )


def _label(
    field: _Field, question: str | None, offset_seconds: int | None, referral: str | None
) -> str:
    if field.key == "answer" and question:
        return f"Answer to “{one_line(question, LABEL_QUESTION_WIDTH)}”"
    if field.key == "note" and offset_seconds is not None:
        return f"Note at {max(offset_seconds, 0) // 60} min"
    if field.key == "referral" and referral:
        return f"Referral: {one_line(referral, LABEL_QUESTION_WIDTH)}"
    return field.label


def _parse_time(value: Any) -> datetime | None:
    """A stored timestamp (UTC text, as SQLAlchemy writes it) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return aware(moment).astimezone(UTC)


def split_snippet(marked: str) -> tuple[tuple[str, bool], ...]:
    """Split a snippet with private-use markers into (text, is_match) segments on one line."""
    flat = " ".join(marked.split())
    segments: list[tuple[str, bool]] = []
    matched = False
    for piece in _SNIPPET_SPLIT.split(flat):
        if piece == _OPEN:
            matched = True
        elif piece == _CLOSE:
            matched = False
        elif piece:
            if segments and segments[-1][1] == matched:
                segments[-1] = (segments[-1][0] + piece, matched)
            else:
                segments.append((piece, matched))
    return tuple(segments)
