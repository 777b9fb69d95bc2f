"""Interviews and people out as lossless JSON or readable Markdown; JSON back in one transaction.

`json_export` reads interviews and people into document order and writes JSON, `markdown`
renders the interviews for reading, `validation`, `schema` and `contacts` check an import, and
`writer` inserts it (with `pending` keeping the rows it makes until they are inserted).
"""

from infoint_tui.store.exchange.document import FORMAT, VERSION
from infoint_tui.store.exchange.json_export import export_json
from infoint_tui.store.exchange.markdown import MarkdownDocument, export_markdown
from infoint_tui.store.exchange.writer import ImportReport, import_json

# Reachable as `exchange._Importer` for the test that makes a write fail halfway.
from infoint_tui.store.exchange.writer import _Importer as _Importer

__all__ = [
    "FORMAT",
    "VERSION",
    "ImportReport",
    "MarkdownDocument",
    "export_json",
    "export_markdown",
    "import_json",
]
