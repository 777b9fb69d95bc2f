"""Text helpers with no dependencies: making stored text safe to print to a terminal."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that can make printed text read differently from what is stored.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    r"""Return `text` with every control or bidi-override character shown as an escape.

    `"\x1b[31m"` becomes the visible `\x1b[31m`; tabs and newlines stay as they are, and
    `\r` is shown too, so a stored line can never move the cursor back over what was printed.
    """
    return _UNSAFE.sub(_visible, text)


def one_line(text: str, width: int | None = None) -> str:
    """Collapse white space, show control characters as escapes, cut to `width` with "…"."""
    flat = terminal_safe(" ".join(text.split()))
    if width is not None and len(flat) > width:
        return flat[: max(width - 1, 0)] + "…"
    return flat


_UNSAFE_IN_A_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible_name(text: str) -> str:
    r"""A file name or path for one printed line: `terminal_safe`, and tab and newline too.

    `"bad\x1b[31mname\n.json"` becomes the visible `bad\x1b[31mname\x0a.json`; white space
    is otherwise kept exactly, so a printed path can be told apart from its neighbours.
    """
    return _UNSAFE_IN_A_NAME.sub(_visible, text)
