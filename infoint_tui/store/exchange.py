"""Interviews out as lossless JSON or readable Markdown, and JSON back in one transaction."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError
from sqlalchemy import Connection, Engine, Row

from infoint_tui.store.categories import category_label
from infoint_tui.store.errors import ImportFileError, NotFoundError
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Medium,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
    Stage,
    new_uuid,
    utcnow,
)
from infoint_tui.store.sessions import reading, writing
from infoint_tui.text import terminal_safe

#: The `format` value every export carries.
FORMAT = "infoint-tui"
#: The document version this module writes and the newest it reads.
VERSION = 1

_CONTACT: sa.Table = Contact.__table__  # type: ignore[attr-defined]
_ORGANIZATION: sa.Table = Organization.__table__  # type: ignore[attr-defined]
_OCCUPATION: sa.Table = Occupation.__table__  # type: ignore[attr-defined]
_INTERVIEW: sa.Table = Interview.__table__  # type: ignore[attr-defined]
_QUESTION: sa.Table = Question.__table__  # type: ignore[attr-defined]
_NOTE: sa.Table = Note.__table__  # type: ignore[attr-defined]
_REFLECTION: sa.Table = Reflection.__table__  # type: ignore[attr-defined]
_FOLLOW_UP: sa.Table = FollowUp.__table__  # type: ignore[attr-defined]
_REFERRAL: sa.Table = Referral.__table__  # type: ignore[attr-defined]

#: Ids per `IN (...)` query, far below SQLite's limit on bound variables.
_CHUNK = 500
#: Fixed namespace of the uuid5 given to an interview written without a uuid.
_NAMESPACE = uuid_module.UUID("5f0b7d1e-3c2a-4e8b-9a61-2d4c8e0f7a13")

# Characters json.dumps(ensure_ascii=False) leaves raw but a terminal (or JavaScript) must
# not see raw: DEL, C1 controls, line/paragraph separators, bidi overrides and isolates.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same, plus what YAML does not allow raw in a double-quoted scalar.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FILENAME_UNSAFE = re.compile(
    '[\x00-\x1f\x7f-\x9f/\\\\:*?"<>|\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]'
)


@dataclass(frozen=True)
class ImportReport:
    """What an import did: interviews created, and interviews skipped as already present."""

    imported: int
    already_present: int


@dataclass(frozen=True)
class MarkdownDocument:
    """One interview as a Markdown file: a safe, readable file name and its text."""

    filename: str
    text: str


# --------------------------------------------------------------------------- export


def export_json(engine: Engine, uuids: Sequence[str] | None = None) -> str:
    """The interviews (all, or those named by `uuids`) as one lossless JSON document.

    Raises:
        NotFoundError: some of `uuids` name no interview.
    """
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow(),
        "interviews": _load(engine, uuids),
    }
    text = json.dumps(document, indent=2, ensure_ascii=False, default=_json_default)
    return _escape(_JSON_UNSAFE, text) + "\n"


def export_markdown(engine: Engine, uuids: Sequence[str] | None = None) -> list[MarkdownDocument]:
    """One readable Markdown document per interview, with file names unique in this export.

    Raises:
        NotFoundError: some of `uuids` name no interview.
    """
    taken: set[str] = set()
    return [
        MarkdownDocument(_unique(_filename(interview), taken), _markdown(interview))
        for interview in _load(engine, uuids)
    ]


def _escape(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a trailing Z; microseconds only when there are some."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _select_in(
    conn: Connection,
    query: sa.Select[Any],
    column: sa.ColumnElement[Any],
    values: Iterable[Any] | None,
) -> Iterator[Row[Any]]:
    """Rows of `query`, all of them (values None) or those whose `column` is in `values`."""
    if values is None:
        yield from conn.execute(query)
        return
    wanted = list(values)
    for start in range(0, len(wanted), _CHUNK):
        yield from conn.execute(query.where(column.in_(wanted[start : start + _CHUNK])))


def _grouped(
    conn: Connection, table: sa.Table, ids: list[int] | None, *order: sa.ColumnElement[Any]
) -> dict[int, list[Row[Any]]]:
    """The rows of a child table per interview id, each list in `order`."""
    groups: dict[int, list[Row[Any]]] = defaultdict(list)
    query = sa.select(table).order_by(*order)
    for row in _select_in(conn, query, table.c.interview_id, ids):
        groups[row.interview_id].append(row)
    return groups


def _load(engine: Engine, uuids: Sequence[str] | None) -> list[dict[str, Any]]:
    """Every exported interview as a dict in document order (datetimes still datetimes)."""
    with reading(engine) as session:
        conn = session.connection()
        interviews = _select_interviews(conn, uuids)
        ids = None if uuids is None else [row.id for row in interviews]
        questions = _grouped(conn, _QUESTION, ids, _QUESTION.c.position, _QUESTION.c.id)
        notes = _grouped(conn, _NOTE, ids, _NOTE.c.created_at, _NOTE.c.id)
        reflections = _grouped(conn, _REFLECTION, ids)
        follow_ups = _grouped(conn, _FOLLOW_UP, ids)
        referrals = _grouped(conn, _REFERRAL, ids, _REFERRAL.c.created_at, _REFERRAL.c.id)
        all_referrals = [row for rows in referrals.values() for row in rows]
        contacts = _load_contacts(conn, interviews, all_referrals, everything=uuids is None)
        planned = _interview_uuids(conn, {row.planned_interview_id for row in all_referrals})
        organizations = _by_id(
            conn, _ORGANIZATION, {row.organization_id for row in interviews}, uuids is None
        )
        occupations = _by_id(
            conn, _OCCUPATION, {row.occupation_id for row in interviews}, uuids is None
        )
    return [
        {
            **_interview_fields(row),
            "contact": _contact_doc(contacts[row.contact_id], contacts),
            "organization": _organization_doc(organizations.get(row.organization_id)),
            "occupation": _occupation_name(occupations.get(row.occupation_id)),
            "questions": [_question_doc(question) for question in questions[row.id]],
            "notes": [_note_doc(note) for note in notes[row.id]],
            "reflection": _reflection_doc(reflections[row.id]),
            "follow_up": _follow_up_doc(follow_ups[row.id], referrals[row.id], contacts, planned),
        }
        for row in interviews
    ]


def _select_interviews(conn: Connection, uuids: Sequence[str] | None) -> list[Row[Any]]:
    query = sa.select(_INTERVIEW).order_by(_INTERVIEW.c.created_at, _INTERVIEW.c.id)
    wanted = None if uuids is None else list(dict.fromkeys(uuids))
    rows = list(_select_in(conn, query, _INTERVIEW.c.uuid, wanted))
    if wanted is not None:
        found = {row.uuid for row in rows}
        missing = [value for value in wanted if value not in found]
        if missing:
            names = ", ".join(_one_line(value) for value in missing)
            raise NotFoundError(f"no interview with uuid {names}")
        rows.sort(key=lambda row: (row.created_at, row.id))
    return rows


def _by_id(
    conn: Connection, table: sa.Table, ids: set[int | None], everything: bool
) -> dict[int, Row[Any]]:
    """Rows of `table` by id: those in `ids`, or the whole table when `everything`."""
    wanted = None if everything else sorted(value for value in ids if value is not None)
    query = sa.select(table)
    return {row.id: row for row in _select_in(conn, query, table.c.id, wanted)}


def _load_contacts(
    conn: Connection, interviews: list[Row[Any]], referrals: list[Row[Any]], everything: bool
) -> dict[int, Row[Any]]:
    """The contacts of the interviews plus those they were referred by or referred to."""
    contacts = _by_id(conn, _CONTACT, {row.contact_id for row in interviews}, everything)
    wanted = {row.referred_by_id for row in contacts.values()}
    wanted |= {row.contact_id for row in referrals}
    missing = {value for value in wanted if value is not None and value not in contacts}
    if missing:
        contacts.update(_by_id(conn, _CONTACT, set(missing), everything=False))
    return contacts


def _interview_uuids(conn: Connection, ids: set[int | None]) -> dict[int, str]:
    wanted = sorted(value for value in ids if value is not None)
    query = sa.select(_INTERVIEW.c.id, _INTERVIEW.c.uuid)
    return {row.id: row.uuid for row in _select_in(conn, query, _INTERVIEW.c.id, wanted)}


def _interview_fields(row: Row[Any]) -> dict[str, Any]:
    return {
        "uuid": row.uuid,
        "stage": str(row.stage),
        "scheduled_at": row.scheduled_at,
        "medium": str(row.medium),
        "planned_minutes": row.planned_minutes,
        "research_notes": row.research_notes,
        "goals": row.goals,
        "started_at": row.started_at,
        "ended_at": row.ended_at,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def _contact_ref(contact_id: int | None, contacts: dict[int, Row[Any]]) -> dict[str, Any] | None:
    if contact_id is None:
        return None
    contact = contacts[contact_id]
    return {"uuid": contact.uuid, "name": contact.name}


def _contact_doc(row: Row[Any], contacts: dict[int, Row[Any]]) -> dict[str, Any]:
    return {
        "uuid": row.uuid,
        "name": row.name,
        "role": row.role,
        "email": row.email,
        "phone": row.phone,
        "profile_url": row.profile_url,
        "how_met": row.how_met,
        "notes": row.notes,
        "referred_by": _contact_ref(row.referred_by_id, contacts),
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def _organization_doc(row: Row[Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "name": row.name,
        "sector": row.sector,
        "website": row.website,
        "research_notes": row.research_notes,
    }


def _occupation_name(row: Row[Any] | None) -> str | None:
    return None if row is None else str(row.name)


def _question_doc(row: Row[Any]) -> dict[str, Any]:
    return {
        "text": row.text,
        "category": row.category,
        "position": row.position,
        "must_ask": row.must_ask,
        "asked": row.asked,
        "asked_at_seconds": row.asked_at_seconds,
        "skipped": row.skipped,
        "answer": row.answer,
        "starred": row.starred,
        "estimate_minutes": row.estimate_minutes,
        "bank_key": row.bank_key,
        "updated_at": row.updated_at,
    }


def _note_doc(row: Row[Any]) -> dict[str, Any]:
    return {
        "text": row.text,
        "created_at": row.created_at,
        "offset_seconds": row.offset_seconds,
        "starred": row.starred,
    }


def _reflection_doc(rows: list[Row[Any]]) -> dict[str, Any] | None:
    if not rows:
        return None
    row = rows[0]
    return {
        "fit_confidence": row.fit_confidence,
        "most_interesting": row.most_interesting,
        "most_helpful": row.most_helpful,
        "surprises": row.surprises,
        "still_to_learn": row.still_to_learn,
        "next_steps": row.next_steps,
        "updated_at": row.updated_at,
    }


def _follow_up_doc(
    rows: list[Row[Any]],
    referrals: list[Row[Any]],
    contacts: dict[int, Row[Any]],
    planned: dict[int, str],
) -> dict[str, Any] | None:
    if not rows:
        return None
    row = rows[0]
    return {
        "thank_you_text": row.thank_you_text,
        "thank_you_sent_at": row.thank_you_sent_at,
        "next_contact_on": row.next_contact_on,
        "updated_at": row.updated_at,
        "referrals": [
            {
                "name": referral.name,
                "context": referral.context,
                "created_at": referral.created_at,
                "contact": _contact_ref(referral.contact_id, contacts),
                "planned_interview_uuid": planned.get(referral.planned_interview_id),
            }
            for referral in referrals
        ],
    }


# --------------------------------------------------------------------------- Markdown


def _one_line(text: str) -> str:
    """`text` flattened to one line (headings, list items, messages), then made terminal-safe."""
    return terminal_safe(" ".join(text.split()))


def _block(text: str) -> str:
    """Multi-line stored text for the body: CRLF read as a line break, controls made visible."""
    return terminal_safe(text.replace("\r\n", "\n")).strip("\n")


def _indented(text: str) -> str:
    """A block continued inside a list item."""
    return _block(text).replace("\n", "\n  ")


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


def _yaml_value(value: object) -> str:
    """A front-matter value: null, a number, or a JSON string (which YAML reads too)."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    text = _iso(value) if isinstance(value, datetime) else str(value)
    return _escape(_YAML_UNSAFE, json.dumps(text, ensure_ascii=False))


def _front_matter(interview: dict[str, Any]) -> str:
    organization = interview["organization"]
    reflection = interview["reflection"]
    fields = {
        "uuid": interview["uuid"],
        "contact": interview["contact"]["name"],
        "organization": organization and organization["name"],
        "occupation": interview["occupation"],
        "scheduled": interview["scheduled_at"],
        "stage": interview["stage"],
        "medium": interview["medium"],
        "fit_confidence": reflection and reflection["fit_confidence"],
    }
    lines = [f"{key}: {_yaml_value(value)}" for key, value in fields.items()]
    return "\n".join(["---", *lines, "---"])


def _title(interview: dict[str, Any]) -> str:
    title = _one_line(interview["contact"]["name"])
    if interview["occupation"]:
        title += f" — {_one_line(interview['occupation'])}"
    lines = [f"# {title}", ""]
    if interview["scheduled_at"] is not None:
        lines.append(f"- Scheduled: {_local(interview['scheduled_at'])}")
    medium = Medium(interview["medium"]).value.replace("_", " ")
    lines.append(f"- Medium: {medium}, {interview['planned_minutes']} minutes planned")
    lines.append(f"- Stage: {Stage(interview['stage']).value.replace('_', ' ')}")
    if interview["started_at"] is not None:
        lines.append(f"- Started: {_local(interview['started_at'])}")
    if interview["ended_at"] is not None:
        lines.append(f"- Ended: {_local(interview['ended_at'])}")
    return "\n".join(lines)


def _details(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [f"- {label}: {_one_line(value)}" for label, value in pairs if value.strip()]


def _subsection(heading: str, text: str) -> list[str]:
    return [f"### {heading}", "", _block(text), ""] if text.strip() else []


def _research(interview: dict[str, Any]) -> str:
    contact = interview["contact"]
    heading = _one_line(contact["name"])
    if contact["role"].strip():
        heading += f", {_one_line(contact['role'])}"
    referrer = contact["referred_by"]
    lines = [
        "## Research",
        "",
        f"**Contact:** {heading}",
        *_details(
            [
                ("Email", contact["email"]),
                ("Phone", contact["phone"]),
                ("Profile", contact["profile_url"]),
                ("How we met", contact["how_met"]),
                ("Referred by", referrer["name"] if referrer else ""),
            ]
        ),
        "",
    ]
    if contact["notes"].strip():
        lines += [_block(contact["notes"]), ""]
    lines += _organization_lines(interview["organization"])
    lines += _subsection("Goals", interview["goals"])
    lines += _subsection("Research notes", interview["research_notes"])
    return "\n".join(lines).rstrip("\n")


def _organization_lines(organization: dict[str, Any] | None) -> list[str]:
    if organization is None:
        return []
    heading = _one_line(organization["name"])
    if organization["sector"].strip():
        heading += f" ({_one_line(organization['sector'])})"
    lines = [f"**Organization:** {heading}", *_details([("Website", organization["website"])])]
    lines.append("")
    if organization["research_notes"].strip():
        lines += [_block(organization["research_notes"]), ""]
    return lines


def _question_marks(question: dict[str, Any]) -> str:
    marks = []
    if question["must_ask"]:
        marks.append("must ask")
    if question["asked"]:
        seconds = question["asked_at_seconds"]
        marks.append("asked" if seconds is None else f"asked at minute {seconds // 60}")
    if question["skipped"]:
        marks.append("skipped")
    if not question["asked"] and not question["skipped"]:
        marks.append("not asked")
    if question["starred"]:
        marks.append("★ starred")
    marks.append(_one_line(category_label(question["category"])))
    return "*" + " · ".join(marks) + "*"


def _questions(interview: dict[str, Any]) -> str:
    lines = ["## Questions", ""]
    for question in interview["questions"]:
        lines += [
            f"### {_one_line(question['text']) or '(no text)'}",
            "",
            _question_marks(question),
        ]
        lines += ["", _block(question["answer"]), ""] if question["answer"].strip() else [""]
    return "\n".join(lines).rstrip("\n") if interview["questions"] else ""


def _notes(interview: dict[str, Any]) -> str:
    lines = ["## Notes", ""]
    for note in interview["notes"]:
        marks = []
        if note["offset_seconds"] is not None:
            marks.append(f"minute {note['offset_seconds'] // 60}")
        if note["starred"]:
            marks.append("★")
        prefix = f"**[{' · '.join(marks)}]** " if marks else ""
        lines.append(f"- {prefix}{_indented(note['text'])}")
    return "\n".join(lines) if interview["notes"] else ""


_REFLECTION_HEADINGS = {
    "most_interesting": "Most interesting",
    "most_helpful": "Most helpful",
    "surprises": "Surprises",
    "still_to_learn": "Still to learn",
    "next_steps": "Next steps",
}


def _reflection(interview: dict[str, Any]) -> str:
    reflection = interview["reflection"]
    if reflection is None:
        return ""
    lines = ["## Reflection", ""]
    if reflection["fit_confidence"] is not None:
        lines += [f"Fit confidence: {reflection['fit_confidence']} of 5", ""]
    for key, heading in _REFLECTION_HEADINGS.items():
        lines += _subsection(heading, reflection[key])
    return "\n".join(lines).rstrip("\n") if len(lines) > 2 else ""


def _referral_line(referral: dict[str, Any]) -> str:
    line = f"- **{_one_line(referral['name'])}**"
    if referral["context"].strip():
        line += f" — {_indented(referral['context'])}"
    contact = referral["contact"]
    if contact is not None and contact["name"] != referral["name"]:
        line += f" (contact: {_one_line(contact['name'])})"
    if referral["planned_interview_uuid"] is not None:
        line += " (interview planned)"
    return line


def _follow_up(interview: dict[str, Any]) -> str:
    follow_up = interview["follow_up"]
    if follow_up is None:
        return ""
    lines = ["## Follow-up", ""]
    if follow_up["thank_you_sent_at"] is not None:
        lines.append(f"- Thank-you sent: {_local(follow_up['thank_you_sent_at'])}")
    if follow_up["next_contact_on"] is not None:
        lines.append(f"- Next contact on: {follow_up['next_contact_on'].isoformat()}")
    if len(lines) > 2:
        lines.append("")
    lines += _subsection("Thank-you note", follow_up["thank_you_text"])
    if follow_up["referrals"]:
        lines += ["### Referrals", "", *map(_referral_line, follow_up["referrals"])]
    return "\n".join(lines).rstrip("\n") if len(lines) > 2 else ""


def _markdown(interview: dict[str, Any]) -> str:
    sections = [
        _front_matter(interview),
        _title(interview),
        _research(interview),
        _questions(interview),
        _notes(interview),
        _reflection(interview),
        _follow_up(interview),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _filename_part(text: str, max_bytes: int = 100) -> str:
    """`text` fit for a file name: one line, no separators or controls, at most `max_bytes`."""
    cleaned = _FILENAME_UNSAFE.sub("-", " ".join(text.split()))
    cut = cleaned.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
    return cut.strip(" .")


def _filename(interview: dict[str, Any]) -> str:
    moment = interview["scheduled_at"] or interview["created_at"]
    name = f"{moment.astimezone().date().isoformat()} "
    name += _filename_part(interview["contact"]["name"]) or "interview"
    occupation = _filename_part(interview["occupation"] or "")
    return f"{name} - {occupation}.md" if occupation else f"{name}.md"


def _unique(filename: str, taken: set[str]) -> str:
    """`filename`, or `name (2).md`, ... so that no two differ only by case or normalization."""
    stem = filename.removesuffix(".md")
    candidate, number = filename, 2
    while unicodedata.normalize("NFC", candidate).casefold() in taken:
        candidate, number = f"{stem} ({number}).md", number + 1
    taken.add(unicodedata.normalize("NFC", candidate).casefold())
    return candidate


# --------------------------------------------------------------------------- import: validation


def _found(value: object) -> str:
    """A short, terminal-safe picture of an input value for an error message."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str | int | float | bool) or value is None:
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = _one_line(_escape(_JSON_UNSAFE, text))
    return text if len(text) <= 40 else text[:39] + "…"


def _custom(kind: str, problem: str, value: object) -> PydanticCustomError:
    return PydanticCustomError(
        kind, "{problem}, found {found}", {"problem": problem, "found": _found(value)}
    )


def _parse_timestamp(value: object) -> datetime:
    """ISO 8601 with Z or an offset, or without one (the user's local time) -> aware UTC."""
    if isinstance(value, str) and not _DATE_ONLY.fullmatch(value.strip()):
        try:
            return datetime.fromisoformat(value.strip()).astimezone(UTC)
        except (ValueError, OverflowError, OSError):
            pass
    raise _custom(
        "timestamp",
        'expected a date and time such as "2026-11-26T14:30:00Z" or "2026-11-26 14:30"',
        value,
    )


def _parse_date(value: object) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _custom("date", 'expected a date such as "2026-11-26"', value)


def _parse_uuid(value: object) -> str:
    if isinstance(value, str):
        try:
            return str(uuid_module.UUID(value.strip()))
        except ValueError:
            pass
    raise _custom("uuid", 'expected a UUID such as "123e4567-e89b-12d3-a456-426614174000"', value)


_E = TypeVar("_E", bound=StrEnum)


def _enum_parser(enum_class: type[_E]) -> Callable[[object], _E]:
    choices = ", ".join(member.value for member in enum_class)

    def parse(value: object) -> _E:
        if isinstance(value, str) and value in enum_class._value2member_map_:
            return enum_class(value)
        raise _custom("choice", f"expected one of {choices}", value)

    return parse


def _between(low: float, high: float) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not low <= value <= high:
            raise _custom("range", f"must be between {low} and {high}", value)
        return value

    return check


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _custom("blank", "must not be empty", value)
    return value


_Timestamp = Annotated[datetime, PlainValidator(_parse_timestamp)]
_Date = Annotated[date, PlainValidator(_parse_date)]
_Uuid = Annotated[str, PlainValidator(_parse_uuid)]
_Name = Annotated[str, AfterValidator(_not_blank)]
_Int64 = Annotated[int, AfterValidator(_between(-(2**63), 2**63 - 1))]
_Minutes = Annotated[int, AfterValidator(_between(1, 600))]
_Estimate = Annotated[float, AfterValidator(_between(0, 600))]
_Fit = Annotated[int, AfterValidator(_between(1, 5))]
_StageValue = Annotated[Stage, PlainValidator(_enum_parser(Stage))]
_MediumValue = Annotated[Medium, PlainValidator(_enum_parser(Medium))]


class _Strict(BaseModel):
    """Input models: no type coercion ("yes" is not true) and no unknown keys."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class _ContactRef(_Strict):
    uuid: _Uuid | None = None
    name: _Name


class _ContactIn(_Strict):
    uuid: _Uuid | None = None
    name: _Name
    role: str = ""
    email: str = ""
    phone: str = ""
    profile_url: str = ""
    how_met: str = ""
    notes: str = ""
    referred_by: _ContactRef | None = None
    created_at: _Timestamp | None = None
    updated_at: _Timestamp | None = None


class _OrganizationIn(_Strict):
    name: _Name
    sector: str = ""
    website: str = ""
    research_notes: str = ""


class _QuestionIn(_Strict):
    text: str
    category: str = "other"
    position: _Int64 | None = None
    must_ask: bool = False
    asked: bool = False
    asked_at_seconds: _Int64 | None = None
    skipped: bool = False
    answer: str = ""
    starred: bool = False
    estimate_minutes: _Estimate = 2.0
    bank_key: str | None = None
    updated_at: _Timestamp | None = None


class _NoteIn(_Strict):
    text: str = ""
    created_at: _Timestamp | None = None
    offset_seconds: _Int64 | None = None
    starred: bool = False


class _ReflectionIn(_Strict):
    fit_confidence: _Fit | None = None
    most_interesting: str = ""
    most_helpful: str = ""
    surprises: str = ""
    still_to_learn: str = ""
    next_steps: str = ""
    updated_at: _Timestamp | None = None


class _ReferralIn(_Strict):
    name: _Name
    context: str = ""
    created_at: _Timestamp | None = None
    contact: _ContactRef | None = None
    planned_interview_uuid: _Uuid | None = None


class _FollowUpIn(_Strict):
    thank_you_text: str = ""
    thank_you_sent_at: _Timestamp | None = None
    next_contact_on: _Date | None = None
    updated_at: _Timestamp | None = None
    referrals: list[_ReferralIn] = Field(default_factory=list)


class _InterviewIn(_Strict):
    uuid: _Uuid | None = None
    stage: _StageValue = Stage.RESEARCH
    scheduled_at: _Timestamp | None = None
    medium: _MediumValue = Medium.VIDEO
    planned_minutes: _Minutes = 25
    research_notes: str = ""
    goals: str = ""
    started_at: _Timestamp | None = None
    ended_at: _Timestamp | None = None
    created_at: _Timestamp | None = None
    updated_at: _Timestamp | None = None
    contact: _ContactIn
    organization: _OrganizationIn | None = None
    occupation: str | None = None
    questions: list[_QuestionIn] = Field(default_factory=list)
    notes: list[_NoteIn] = Field(default_factory=list)
    reflection: _ReflectionIn | None = None
    follow_up: _FollowUpIn | None = None


class _DocumentIn(_Strict):
    format: str
    version: int
    exported_at: _Timestamp | None = None
    interviews: list[_InterviewIn] = Field(default_factory=list)


_TYPE_PROBLEMS = {
    "bool_type": "expected true or false",
    "int_type": "expected a whole number",
    "float_type": "expected a number",
    "finite_number": "expected a finite number",
    "string_type": "expected text in double quotes",
    "list_type": "expected a list [...]",
    "model_type": "expected an object {...}",
    "dict_type": "expected an object {...}",
}


class _DuplicateKeys(dict[str, Any]):
    """A JSON object in which some key appeared more than once (the last value was kept)."""

    duplicate = ""


class _NonFinite:
    """NaN or Infinity in the input, which JSON does not allow and a number field refuses."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


def _location(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{_found(part)}]"
    return text or "the document"


def _fields_at(loc: Sequence[int | str]) -> list[str]:
    """The keys allowed in the object at `loc`, for a "did you mean" hint."""
    model: type[BaseModel] = _DocumentIn
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _problem(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        close = difflib.get_close_matches(key, _fields_at(error["loc"][:-1]), n=1, cutoff=0.6)
        return f'unknown key (did you mean "{close[0]}"?)' if close else "unknown key"
    if kind in _TYPE_PROBLEMS:
        return f"{_TYPE_PROBLEMS[kind]}, found {_found(error['input'])}"
    return error["msg"]


def _validation_message(error: ValidationError) -> str:
    errors = error.errors(include_url=False)
    first = errors[0]
    message = f"{_location(first['loc'])}: {_problem(first)}"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return message


def _walk(
    value: Any, loc: tuple[int | str, ...] = ()
) -> Iterator[tuple[tuple[int | str, ...], Any]]:
    """Every value and key of parsed JSON with its location, in document order."""
    yield loc, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*loc, key), key
            yield from _walk(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index))


def _storable(value: object) -> bool:
    try:
        if isinstance(value, str):
            value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _parse_json(text: str, where: str) -> Any:
    if not text.strip():
        raise ImportFileError(f"{where}: the file is empty; expected an infoint-tui JSON export")
    duplicates: list[_DuplicateKeys] = []

    def collect(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marked = _DuplicateKeys(result)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                marked.duplicate = key
                break
            seen.add(key)
        duplicates.append(marked)
        return marked

    try:
        data = json.loads(
            text.removeprefix("\ufeff"), object_pairs_hook=collect, parse_constant=_NonFinite
        )
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{where}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    if duplicates:
        loc, value = next(
            (loc, value) for loc, value in _walk(data) if isinstance(value, _DuplicateKeys)
        )
        key = _found(value.duplicate)
        raise ImportFileError(f"{where}: {_location(loc)}: the key {key} appears more than once")
    if _SURROGATE_ESCAPE.search(text) or not _storable(text):
        for loc, value in _walk(data):
            if not _storable(value):
                raise ImportFileError(
                    f"{where}: {_location(loc)}: contains a lone UTF-16 surrogate, "
                    "which cannot be stored"
                )
    return data


def _check_header(data: Any, where: str) -> None:
    """Refuse files that are not ours, or are from a newer version, before anything else."""
    if not isinstance(data, dict):
        raise ImportFileError(
            f'{where}: expected a JSON object with "format": "{FORMAT}", found {_found(data)}'
        )
    if "format" not in data:
        raise ImportFileError(f"{where}: format: is required; this is not an infoint-tui export")
    if data["format"] != FORMAT:
        raise ImportFileError(
            f'{where}: format: expected "{FORMAT}", found {_found(data["format"])}'
        )
    version = data.get("version")
    if type(version) is int and version > VERSION:
        raise ImportFileError(
            f"{where}: version {version}: written by a newer infoint-tui; upgrade to import it"
        )
    if type(version) is not int or version != VERSION:
        found = _found(version) if "version" in data else "nothing"
        raise ImportFileError(f"{where}: version: expected {VERSION}, found {found}")


def _validate(text: str, source: str) -> tuple[_DocumentIn, list[str]]:
    """The checked document and the uuid of each of its interviews (given or derived)."""
    where = _one_line(source) or "<input>"
    data = _parse_json(text, where)
    _check_header(data, where)
    try:
        document = _DocumentIn.model_validate(data)
    except ValidationError as error:
        raise ImportFileError(f"{where}: {_validation_message(error)}") from None
    return document, _interview_uuids_in(document, data.get("interviews", []), where)


def _interview_uuids_in(document: _DocumentIn, raw: list[Any], where: str) -> list[str]:
    """Given uuids, or a uuid5 of the interview's canonical JSON (so re-imports match)."""
    first_index: dict[str, int] = {}
    occurrences: dict[str, int] = defaultdict(int)
    result = []
    for index, (interview, item) in enumerate(zip(document.interviews, raw, strict=True)):
        value = interview.uuid
        if value is None:
            canonical = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            occurrences[canonical] += 1
            count = occurrences[canonical]
            value = str(
                uuid_module.uuid5(_NAMESPACE, canonical if count == 1 else f"{canonical}#{count}")
            )
        if value in first_index:
            raise ImportFileError(
                f"{where}: interviews[{index}].uuid: {value} is also the uuid of "
                f"interviews[{first_index[value]}]"
            )
        first_index[value] = index
        result.append(value)
    return result


# --------------------------------------------------------------------------- import: writing


def import_json(engine: Engine, text: str, source: str = "<input>") -> ImportReport:
    """Import an export (or a hand-written file) in one transaction: all of it or nothing.

    Interviews whose uuid is already in the database are skipped, so importing the same
    file twice creates nothing new.

    Raises:
        ImportFileError: the file is malformed; the message names `source` and the place.
    """
    document, uuids = _validate(text, source)
    with writing(engine) as session:
        return _Importer(session.connection()).run(document.interviews, uuids)


class _Slot:
    """The id of a row, known at once for an existing row and after insert() for a new one."""

    __slots__ = ("id",)

    def __init__(self, row_id: int | None = None) -> None:
        self.id = row_id

    def require(self) -> int:
        if self.id is None:
            raise RuntimeError("a row was used before it was inserted")
        return self.id


class _Pending:
    """New rows of one table, inserted together; each row's slot learns its id."""

    def __init__(self, table: sa.Table) -> None:
        self.table = table
        self.rows: list[dict[str, Any]] = []
        self.slots: list[_Slot] = []

    def add(self, row: dict[str, Any]) -> _Slot:
        slot = _Slot()
        self.rows.append(row)
        self.slots.append(slot)
        return slot

    def insert(self, conn: Connection) -> None:
        """Insert the rows with ids after the current largest, as SQLite itself would pick.

        The import holds the write lock (BEGIN IMMEDIATE), so no one else can take these ids;
        naming them here lets one executemany do the work (RETURNING in parameter order
        would cost SQLAlchemy one statement per row on SQLite).
        """
        if not self.rows:
            return
        largest = conn.execute(sa.select(sa.func.max(self.table.c.id))).scalar() or 0
        for row_id, (slot, row) in enumerate(zip(self.slots, self.rows, strict=True), largest + 1):
            slot.id = row["id"] = row_id
        conn.execute(sa.insert(self.table), self.rows)
        self.rows, self.slots = [], []


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Contacts:
    """Contacts by uuid, by name and e-mail, and by name, over the database and this import."""

    def __init__(self, conn: Connection, now: datetime) -> None:
        self.now = now
        self.pending = _Pending(_CONTACT)
        self.by_uuid: dict[str, _Slot] = {}
        self.by_name_email: dict[tuple[str, str], _Slot] = {}
        self.by_name: dict[str, _Slot] = {}
        self.referrers: list[tuple[_Slot, _ContactRef]] = []
        columns = (_CONTACT.c.id, _CONTACT.c.uuid, _CONTACT.c.name, _CONTACT.c.email)
        for row in conn.execute(sa.select(*columns).order_by(_CONTACT.c.id)):
            self._remember(_Slot(row.id), row.uuid, row.name, row.email)

    def _remember(self, slot: _Slot, uuid: str, name: str, email: str) -> None:
        self.by_uuid.setdefault(uuid, slot)
        self.by_name_email.setdefault((_fold(name), _fold(email)), slot)
        self.by_name.setdefault(_fold(name), slot)

    def _create(self, uuid: str | None, name: str, **fields: Any) -> _Slot:
        row: dict[str, Any] = {
            "uuid": uuid or new_uuid(),
            "name": name,
            "role": "",
            "email": "",
            "phone": "",
            "profile_url": "",
            "how_met": "",
            "notes": "",
            "referred_by_id": None,
            "created_at": self.now,
            "updated_at": self.now,
        }
        row.update(fields)
        slot = self.pending.add(row)
        self._remember(slot, row["uuid"], name, row["email"])
        return slot

    def full(self, contact: _ContactIn) -> _Slot:
        """The contact of an interview: by uuid if it has one, else by name and e-mail."""
        if contact.uuid is not None:
            found = self.by_uuid.get(contact.uuid)
        else:
            found = self.by_name_email.get((_fold(contact.name), _fold(contact.email)))
        if found is not None:
            return found
        fields = contact.model_dump(exclude={"uuid", "name", "referred_by"}, exclude_none=True)
        slot = self._create(contact.uuid, contact.name, **fields)
        if contact.referred_by is not None:
            self.referrers.append((slot, contact.referred_by))
        return slot

    def reference(self, ref: _ContactRef) -> _Slot:
        """A contact named by reference: by uuid, then by name, else a new bare contact."""
        found = self.by_uuid.get(ref.uuid) if ref.uuid else None
        found = found or self.by_name.get(_fold(ref.name))
        return found or self._create(ref.uuid, ref.name)

    def link_referrers(self, conn: Connection) -> None:
        """Set referred_by on the contacts this import created (after their insert)."""
        links = [(slot, self.reference(ref)) for slot, ref in self.referrers]
        self.pending.insert(conn)
        if links:
            query = (
                sa.update(_CONTACT)
                .where(_CONTACT.c.id == sa.bindparam("contact_id"))
                .values(referred_by_id=sa.bindparam("referrer_id"))
            )
            rows = [{"contact_id": a.require(), "referrer_id": b.require()} for a, b in links]
            conn.execute(query, rows)


class _Names:
    """Organizations or occupations by case-insensitive name, creating the missing ones."""

    def __init__(self, conn: Connection, table: sa.Table) -> None:
        self.pending = _Pending(table)
        self.by_name: dict[str, _Slot] = {}
        for row in conn.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id)):
            self.by_name.setdefault(_fold(row.name), _Slot(row.id))

    def get(self, name: str, row: dict[str, Any]) -> _Slot:
        key = _fold(name)
        if key not in self.by_name:
            self.by_name[key] = self.pending.add(row)
        return self.by_name[key]


class _Importer:
    """Writes the new interviews of one validated document over one connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.now = utcnow()

    def run(self, interviews: list[_InterviewIn], uuids: list[str]) -> ImportReport:
        query = sa.select(_INTERVIEW.c.uuid, _INTERVIEW.c.id)
        known = {row.uuid: row.id for row in self.conn.execute(query)}
        new = [
            (item, value)
            for item, value in zip(interviews, uuids, strict=True)
            if value not in known
        ]
        if new:
            self._write(new, known)
        return ImportReport(imported=len(new), already_present=len(uuids) - len(new))

    def _write(self, new: list[tuple[_InterviewIn, str]], known: dict[str, int]) -> None:
        contacts = _Contacts(self.conn, self.now)
        organizations = _Names(self.conn, _ORGANIZATION)
        occupations = _Names(self.conn, _OCCUPATION)
        links = [
            (
                contacts.full(item.contact),
                self._organization(item, organizations),
                self._occupation(item, occupations),
            )
            for item, _ in new
        ]
        referral_contacts = [
            [contacts.reference(ref.contact) if ref.contact else None for ref in _referrals(item)]
            for item, _ in new
        ]
        for pending in (contacts.pending, organizations.pending, occupations.pending):
            pending.insert(self.conn)
        contacts.link_referrers(self.conn)
        interviews = _Pending(_INTERVIEW)
        slots = [
            interviews.add(self._interview_row(item, value, *link))
            for (item, value), link in zip(new, links, strict=True)
        ]
        interviews.insert(self.conn)
        ids = [slot.require() for slot in slots]
        known.update({value: row_id for (_, value), row_id in zip(new, ids, strict=True)})
        self._children([item for item, _ in new], ids, referral_contacts, known)

    def _organization(self, item: _InterviewIn, organizations: _Names) -> _Slot | None:
        if item.organization is None:
            return None
        row = {**item.organization.model_dump(), "created_at": self.now, "updated_at": self.now}
        return organizations.get(item.organization.name, row)

    def _occupation(self, item: _InterviewIn, occupations: _Names) -> _Slot | None:
        if item.occupation is None or not item.occupation.strip():
            return None
        return occupations.get(
            item.occupation, {"name": item.occupation.strip(), "created_at": self.now}
        )

    def _interview_row(
        self,
        item: _InterviewIn,
        value: str,
        contact: _Slot,
        organization: _Slot | None,
        occupation: _Slot | None,
    ) -> dict[str, Any]:
        return {
            "uuid": value,
            "contact_id": contact.require(),
            "organization_id": organization and organization.require(),
            "occupation_id": occupation and occupation.require(),
            "scheduled_at": item.scheduled_at,
            "medium": item.medium,
            "planned_minutes": item.planned_minutes,
            "research_notes": item.research_notes,
            "goals": item.goals,
            "started_at": item.started_at,
            "ended_at": item.ended_at,
            "stage": item.stage,
            "created_at": item.created_at or self.now,
            "updated_at": item.updated_at or self.now,
        }

    def _children(
        self,
        interviews: list[_InterviewIn],
        ids: list[int],
        referral_contacts: list[list[_Slot | None]],
        known: dict[str, int],
    ) -> None:
        questions, notes, reflections, follow_ups, referrals = [], [], [], [], []
        for item, interview_id, contacts in zip(interviews, ids, referral_contacts, strict=True):
            questions += [
                self._question_row(interview_id, i, q) for i, q in enumerate(item.questions)
            ]
            notes += [self._note_row(interview_id, note) for note in item.notes]
            if item.reflection is not None:
                reflections.append(self._reflection_row(interview_id, item.reflection))
            if item.follow_up is not None:
                follow_ups.append(self._follow_up_row(interview_id, item.follow_up))
                referrals += [
                    self._referral_row(interview_id, ref, contact, known)
                    for ref, contact in zip(item.follow_up.referrals, contacts, strict=True)
                ]
        for table, rows in (
            (_QUESTION, questions),
            (_NOTE, notes),
            (_REFLECTION, reflections),
            (_FOLLOW_UP, follow_ups),
            (_REFERRAL, referrals),
        ):
            if rows:
                self.conn.execute(sa.insert(table), rows)

    def _question_row(self, interview_id: int, index: int, question: _QuestionIn) -> dict[str, Any]:
        row = question.model_dump()
        row["position"] = index if question.position is None else question.position
        row["category"] = question.category.strip() or "other"
        row["updated_at"] = question.updated_at or self.now
        return {**row, "interview_id": interview_id}

    def _note_row(self, interview_id: int, note: _NoteIn) -> dict[str, Any]:
        row = note.model_dump()
        row["created_at"] = note.created_at or self.now
        return {**row, "interview_id": interview_id}

    def _reflection_row(self, interview_id: int, reflection: _ReflectionIn) -> dict[str, Any]:
        row = reflection.model_dump()
        row["updated_at"] = reflection.updated_at or self.now
        return {**row, "interview_id": interview_id}

    def _follow_up_row(self, interview_id: int, follow_up: _FollowUpIn) -> dict[str, Any]:
        row = follow_up.model_dump(exclude={"referrals"})
        row["updated_at"] = follow_up.updated_at or self.now
        return {**row, "interview_id": interview_id}

    def _referral_row(
        self, interview_id: int, referral: _ReferralIn, contact: _Slot | None, known: dict[str, int]
    ) -> dict[str, Any]:
        planned = referral.planned_interview_uuid
        return {
            "interview_id": interview_id,
            "name": referral.name,
            "context": referral.context,
            "contact_id": contact and contact.require(),
            "planned_interview_id": known.get(planned) if planned else None,
            "created_at": referral.created_at or self.now,
        }


def _referrals(item: _InterviewIn) -> list[_ReferralIn]:
    return item.follow_up.referrals if item.follow_up is not None else []
