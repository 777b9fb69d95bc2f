"""Keeping text the database can no longer take: a private file beside the database.

When another copy of the app deleted an interview (or a question, a note) while this copy
still had text typed for it, saving it is impossible and retrying forever would help no
one. The text goes to `recovered/` next to the database file instead, one file per field,
rewritten with the newest text, private like the database itself.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from infoint_tui import timekeeping

FOLDER = "recovered"


def keep_text(db_path: Path, key: str, text: str, path: Path | None = None) -> Path:
    """Write `text` (typed for the field `key`) to a private file; return its path.

    Args:
        db_path: the database file; the file goes to `recovered/` beside it.
        key: the field's save key (part of the file's name).
        text: the text to keep.
        path: the file written for this field before (rewritten with the newer text).
    """
    if path is None:
        folder = db_path.parent / FOLDER
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = timekeeping.utcnow().strftime("%Y%m%dT%H%M%S")
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "text"
        path = folder / f"{stamp}-{name}.txt"
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)
    return path
