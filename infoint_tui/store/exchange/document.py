"""What the export and import modules share: format, version, tables and safe text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from infoint_tui.store.models import (
    Contact,
    Draft,
    FollowUp,
    Interview,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
    TimelineEntry,
)
from infoint_tui.text import terminal_safe

#: The `format` value every export carries.
FORMAT = "infoint-tui"
#: The document version this package writes and the newest it reads. Version 2 added the
#: people (with their timelines) and the organizations no interview names.
VERSION = 2
#: The oldest document version this package still reads (its contacts are inline only).
FIRST_VERSION = 1

CONTACT: sa.Table = Contact.__table__  # type: ignore[attr-defined]
ORGANIZATION: sa.Table = Organization.__table__  # type: ignore[attr-defined]
OCCUPATION: sa.Table = Occupation.__table__  # type: ignore[attr-defined]
INTERVIEW: sa.Table = Interview.__table__  # type: ignore[attr-defined]
QUESTION: sa.Table = Question.__table__  # type: ignore[attr-defined]
NOTE: sa.Table = Note.__table__  # type: ignore[attr-defined]
REFLECTION: sa.Table = Reflection.__table__  # type: ignore[attr-defined]
FOLLOW_UP: sa.Table = FollowUp.__table__  # type: ignore[attr-defined]
REFERRAL: sa.Table = Referral.__table__  # type: ignore[attr-defined]
DRAFT: sa.Table = Draft.__table__  # type: ignore[attr-defined]
TIMELINE: sa.Table = TimelineEntry.__table__  # type: ignore[attr-defined]

# Characters json.dumps(ensure_ascii=False) leaves raw but a terminal (or JavaScript) must
# not see raw: DEL, C1 controls, line/paragraph separators, bidi overrides and isolates.
JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape(pattern: re.Pattern[str], text: str) -> str:
    """`text` with each character `pattern` matches written as a JSON `\\uXXXX` escape."""
    return pattern.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a trailing Z; microseconds only when there are some."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def one_line(text: str) -> str:
    """`text` flattened to one line (headings, list items, messages), then made terminal-safe."""
    return terminal_safe(" ".join(text.split()))
