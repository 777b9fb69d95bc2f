"""JSON text for the lossless export, built from plain sqlite3 rows without SQLAlchemy.

Each object of the document has a `Shape`: its keys in document order, how each value is
written, and its depth. The text is what `json.dumps(document, indent=2,
ensure_ascii=False)` writes for the whole document, made one object at a time, so that an
export can be written interview by interview. Timestamps are turned from the stored text
(`2026-11-26 14:30:00.000000`, UTC) into the export's `2026-11-26T14:30:00Z` without
building a datetime.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from json.encoder import encode_basestring
from typing import Any

from infoint_tui.store.exchange.format import iso
from infoint_tui.timekeeping import aware

#: Writes one value of a row as JSON text.
Writer = Callable[[Any], str]

INDENT = "  "


def text(value: Any) -> str:
    """A string (or null) as JSON, as `json.dumps(ensure_ascii=False)` writes it."""
    if type(value) is str:
        return encode_basestring(value)
    return scalar(value)


def number(value: Any) -> str:
    """An integer or a real number (or null) as JSON."""
    if type(value) is int:
        return int.__repr__(value)
    return scalar(value)


def boolean(value: Any) -> str:
    """A stored 0 or 1 (or null) as JSON true or false, as SQLAlchemy's Boolean reads it."""
    if value is None:
        return "null"
    return "true" if value else "false"


def timestamp(value: Any) -> str:
    """A stored UTC timestamp (or null) as the export's ISO 8601 text with a Z."""
    if type(value) is str and len(value) == 26 and value[10] == " " and value[19] == ".":
        if value.endswith("000000"):  # no microseconds: isoformat() leaves them out
            return f'"{value[:10]}T{value[11:19]}Z"'
        return f'"{value[:10]}T{value[11:]}Z"'
    if value is None:
        return "null"
    return f'"{iso(aware(value))}"'  # any other form SQLAlchemy would read


def day(value: Any) -> str:
    """A stored date (or null) as `"2026-12-10"`."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f'"{value}"'
    if value is None:
        return "null"
    return f'"{date.fromisoformat(value).isoformat()}"'


def raw(value: str) -> str:
    """A value already written as JSON text (a nested object or list)."""
    return value


def scalar(value: Any) -> str:
    """Any other value as `json.dumps` writes it: null, true/false, numbers, strings."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


class Shape:
    """How one kind of object is written: its keys in order and how each value is written.

    `level` is the object's depth in the document (the document itself is 0): its keys are
    indented one level deeper, and its closing brace at its own level.
    """

    def __init__(self, level: int, fields: Sequence[tuple[str, Writer]]) -> None:
        inner = "\n" + INDENT * (level + 1)
        self.heads = tuple(
            ("{" if index == 0 else ",") + inner + encode_basestring(key) + ": "
            for index, (key, _) in enumerate(fields)
        )
        self.writers = tuple(writer for _, writer in fields)
        self.tail = "\n" + INDENT * level + "}"

    def render(self, values: Iterable[Any]) -> str:
        """The object whose values, in the shape's key order, are `values`."""
        parts = [
            head + writer(value)
            for head, writer, value in zip(self.heads, self.writers, values, strict=True)
        ]
        parts.append(self.tail)
        return "".join(parts)


def json_list(items: Sequence[str], level: int) -> str:
    """A list (at depth `level`) of objects already written one level deeper."""
    if not items:
        return "[]"
    inner = "\n" + INDENT * (level + 1)
    return "[" + inner + ("," + inner).join(items) + "\n" + INDENT * level + "]"


def json_mapping(pairs: Sequence[tuple[str, str]], level: int) -> str:
    """An object (at depth `level`) of text keys and text values, such as the drafts."""
    if not pairs:
        return "{}"
    inner = "\n" + INDENT * (level + 1)
    body = ("," + inner).join(f"{text(key)}: {text(value)}" for key, value in pairs)
    return "{" + inner + body + "\n" + INDENT * level + "}"
