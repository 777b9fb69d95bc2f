"""Interviews out as readable Markdown: one document per interview, with a safe file name."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from infoint_tui.store.categories import category_label
from infoint_tui.store.dates import interview_date
from infoint_tui.store.exchange.document import escape, iso, one_line
from infoint_tui.store.exchange.json_export import load_interviews
from infoint_tui.store.models import Medium, Stage
from infoint_tui.text import terminal_safe
from infoint_tui.timekeeping import as_local

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


def export_markdown(engine: Engine, uuids: Sequence[str] | None = None) -> list[MarkdownDocument]:
    """One readable Markdown document per interview, with file names unique in this export.

    Raises:
        NotFoundError: some of `uuids` name no interview.
    """
    taken: set[str] = set()
    return [
        MarkdownDocument(_unique(_filename(interview), taken), _markdown(interview))
        for interview in load_interviews(engine, uuids)
    ]


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
