"""The export format's name, versions and safe text, without SQLAlchemy (the streaming export
and the import's checks need them; `document` adds the tables)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from infoint_tui.text import terminal_safe

#: The `format` value every export carries.
FORMAT = "infoint-tui"
#: The document version this package writes and the newest it reads. Version 2 added the
#: people (with their timelines) and the organizations no interview names.
VERSION = 2
#: The oldest document version this package still reads (its contacts are inline only).
FIRST_VERSION = 1

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
