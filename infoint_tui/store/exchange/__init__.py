"""Interviews and people out as lossless JSON or readable Markdown; JSON back in one transaction.

`export_rows` reads what an export carries through plain sqlite3, a batch of interviews at
a time; `json_document` writes it as lossless JSON and `markdown` renders the interviews
for reading, each interview as soon as it is read. An import is read a piece at a time
(`json_stream`, in the order `sections` needs), each piece checked by `validation`,
`schema` and `contacts`; `writer` inserts it (with `pending` keeping the rows it makes
until they are inserted, and `spool` the questions and notes until they are written).

The names below are loaded when first used, so that an export, which needs neither
SQLAlchemy nor SQLModel, does not pay for the import's modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infoint_tui.store.exchange.format import FORMAT, VERSION
    from infoint_tui.store.exchange.json_document import export_json
    from infoint_tui.store.exchange.markdown import MarkdownDocument, export_markdown
    from infoint_tui.store.exchange.writer import ImportReport, import_json

    # Reachable as `exchange._Importer` for the test that makes a write fail halfway.
    from infoint_tui.store.exchange.writer import _Importer as _Importer

_HOMES = {
    "FORMAT": "format",
    "VERSION": "format",
    "export_json": "json_document",
    "MarkdownDocument": "markdown",
    "export_markdown": "markdown",
    "ImportReport": "writer",
    "import_json": "writer",
    "_Importer": "writer",
}

__all__ = [
    "FORMAT",
    "VERSION",
    "ImportReport",
    "MarkdownDocument",
    "export_json",
    "export_markdown",
    "import_json",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
