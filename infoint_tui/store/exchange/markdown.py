"""Interviews out as readable Markdown: one document per interview, with a safe file name,
each made as soon as its interview is read (through plain sqlite3, see `export_rows`)."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from infoint_tui.store.categories import category_label
from infoint_tui.store.connections import driver_connection
from infoint_tui.store.dates import interview_date
from infoint_tui.store.exchange.export_rows import InterviewRows, Row, Selection, exporting
from infoint_tui.store.exchange.format import escape, iso, one_line
from infoint_tui.store.kinds import Medium, Stage
from infoint_tui.text import terminal_safe
from infoint_tui.timekeeping import as_local, aware

if TYPE_CHECKING:
    from sqlalchemy import Engine

# JSON_UNSAFE (see document.py), plus what YAML does not allow raw in a double-quoted scalar.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
_FILENAME_UNSAFE = re.compile(
    '[\x00-\x1f\x7f-\x9f/\\\\:*?"<>|\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]'
)


@dataclass(frozen=True)
class MarkdownDocument:
    """One interview as a Markdown file: a safe, readable file name and its text."""

    filename: str
    text: str


def export_markdown(
    source: Engine | sqlite3.Connection, uuids: Sequence[str] | None = None
) -> list[MarkdownDocument]:
    """One readable Markdown document per interview, with file names unique in this export.

    Raises:
        NotFoundError: some of `uuids` name no interview.
    """
    with driver_connection(source) as connection, exporting(connection, uuids) as selection:
        return list(markdown_documents(selection))


def markdown_documents(selection: Selection) -> Iterator[MarkdownDocument]:
    """The Markdown document of each interview of `selection`, made as it is read, with
    file names unique in this export."""
    taken: set[str] = set()
    for rows in selection.interviews():
        interview = interview_fields(rows)
        yield MarkdownDocument(_unique(_filename(interview), taken), _markdown(interview))


def _moment(value: Any) -> datetime | None:
    return None if value is None else aware(value)


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _same(value: Any) -> Any:
    return value


_Fields = Sequence[tuple[str, Callable[[Any], Any]]]
_REF: _Fields = [("uuid", _same), ("name", _same)]
_INTERVIEW: _Fields = [
    ("uuid", _same),
    ("stage", _same),
    ("scheduled_at", _moment),
    ("medium", _same),
    ("planned_minutes", _same),
    ("research_notes", _same),
    ("goals", _same),
    ("started_at", _moment),
    ("ended_at", _moment),
    ("created_at", _moment),
    ("updated_at", _moment),
]
_CONTACT: _Fields = [
    (key, _same)
    for key in ("uuid", "name", "role", "email", "phone", "profile_url", "how_met", "notes")
]
_STAMPS: _Fields = [("created_at", _moment), ("updated_at", _moment)]
_ORGANIZATION: _Fields = [
    *[(key, _same) for key in ("name", "sector", "website", "research_notes", "motivation")],
    *_STAMPS,
]
_QUESTION: _Fields = [
    ("text", _same),
    ("category", _same),
    ("position", _same),
    ("must_ask", _flag),
    ("asked", _flag),
    ("asked_at_seconds", _same),
    ("skipped", _flag),
    ("answer", _same),
    ("starred", _flag),
    ("estimate_minutes", _same),
    ("bank_key", _same),
    ("updated_at", _moment),
]
_NOTE: _Fields = [
    ("text", _same),
    ("created_at", _moment),
    ("offset_seconds", _same),
    ("starred", _flag),
]
_REFLECTION_FIELDS: _Fields = [
    ("fit_confidence", _same),
    *[
        (key, _same)
        for key in ("most_interesting", "most_helpful", "surprises", "still_to_learn", "next_steps")
    ],
    ("updated_at", _moment),
]

_FOLLOW_UP: _Fields = [
    ("thank_you_text", _same),
    ("thank_you_sent_at", _moment),
    ("next_contact_on", _day),
    ("updated_at", _moment),
]
_REFERRAL: _Fields = [("name", _same), ("context", _same), ("created_at", _moment)]


def _fields(fields: _Fields, values: Sequence[Any]) -> dict[str, Any]:
    return {key: convert(value) for (key, convert), value in zip(fields, values, strict=True)}


def interview_fields(rows: InterviewRows) -> dict[str, Any]:
    """One interview as a dict in document order, its times aware datetimes (the lossless
    export's interview, but with no follow-up when it has no follow-up row)."""
    row = rows.interview
    contact = _fields(_CONTACT, row[12:20])
    contact["referred_by"] = None if row[20] is None else _fields(_REF, row[20:22])
    contact.update(_fields(_STAMPS, row[22:24]))
    follow_up = None
    if rows.follow_up is not None:
        follow_up = _fields(_FOLLOW_UP, rows.follow_up[1:])
        follow_up["referrals"] = [_referral(referral) for referral in rows.referrals]
    return {
        **_fields(_INTERVIEW, row[1:12]),
        "contact": contact,
        "organization": None if row[24] is None else _fields(_ORGANIZATION, row[25:32]),
        "occupation": row[32],
        "questions": [_fields(_QUESTION, question[1:]) for question in rows.questions],
        "notes": [_fields(_NOTE, note[1:]) for note in rows.notes],
        "reflection": (
            None if rows.reflection is None else _fields(_REFLECTION_FIELDS, rows.reflection[1:])
        ),
        "follow_up": follow_up,
        **({"drafts": {row[1]: row[2] for row in rows.drafts}} if rows.drafts else {}),
    }


def _referral(row: Row) -> dict[str, Any]:
    return {
        **_fields(_REFERRAL, row[1:4]),
        "contact": None if row[4] is None else _fields(_REF, row[4:6]),
        "planned_interview_uuid": row[6],
    }


def _block(text: str) -> str:
    """Multi-line stored text for the body: CRLF read as a line break, controls made visible."""
    return terminal_safe(text.replace("\r\n", "\n")).strip("\n")


def _indented(text: str) -> str:
    """A block continued inside a list item."""
    return _block(text).replace("\n", "\n  ")


def _local(moment: datetime) -> str:
    """Local time, or UTC when local time would leave the calendar; year 1 as "0001"."""
    local = as_local(moment)
    return f"{local.year:04d}-{local:%m-%d %H:%M %Z}".strip()


def _yaml_value(value: object) -> str:
    """A front-matter value: null, a number, or a JSON string (which YAML reads too)."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    text = iso(value) if isinstance(value, datetime) else str(value)
    return escape(_YAML_UNSAFE, json.dumps(text, ensure_ascii=False))


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
    title = one_line(interview["contact"]["name"])
    if interview["occupation"]:
        title += f" — {one_line(interview['occupation'])}"
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
    return [f"- {label}: {one_line(value)}" for label, value in pairs if value.strip()]


def _section(lines: list[str]) -> str:
    """A section from its heading lines on, or "" when nothing follows the heading."""
    return "\n".join(lines).rstrip("\n") if len(lines) > 2 else ""


def _subsection(heading: str, text: str) -> list[str]:
    return [f"### {heading}", "", _block(text), ""] if text.strip() else []


def _research(interview: dict[str, Any]) -> str:
    contact = interview["contact"]
    heading = one_line(contact["name"])
    if contact["role"].strip():
        heading += f", {one_line(contact['role'])}"
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
    heading = one_line(organization["name"])
    if organization["sector"].strip():
        heading += f" ({one_line(organization['sector'])})"
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
    marks.append(one_line(category_label(question["category"])))
    return "*" + " · ".join(marks) + "*"


def _questions(interview: dict[str, Any]) -> str:
    lines = ["## Questions", ""]
    for question in interview["questions"]:
        lines += [
            f"### {one_line(question['text']) or '(no text)'}",
            "",
            _question_marks(question),
        ]
        lines += ["", _block(question["answer"]), ""] if question["answer"].strip() else [""]
    return _section(lines)


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
    return _section(lines)


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
    return _section(lines)


def _referral_line(referral: dict[str, Any]) -> str:
    line = f"- **{one_line(referral['name'])}**"
    if referral["context"].strip():
        line += f" — {_indented(referral['context'])}"
    contact = referral["contact"]
    if contact is not None and contact["name"] != referral["name"]:
        line += f" (contact: {one_line(contact['name'])})"
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
    return _section(lines)


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
    """`2025-03-12 Jane Doe - UX research.md`, by the interview's date; no date if it has none."""
    moment = interview_date(interview["started_at"], interview["scheduled_at"])
    name = "" if moment is None else f"{as_local(moment).date().isoformat()} "
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
