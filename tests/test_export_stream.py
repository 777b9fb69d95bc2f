"""The streaming export: the same text as the export it replaced, byte for byte; memory that
does not grow with the interviews; a progress bar on a terminal only; no half-written file."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
import reference_export
from reference_export import load_interviews
from test_cli import _assert_one_line_error, _program, run
from test_exchange import HOSTILE
from test_exchange import populate as populate_interviews
from test_exchange_people import populate as populate_people

from infoint_tui import cli
from infoint_tui.store.connections import driver_connection
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.exchange import export_json, export_markdown, export_rows
from infoint_tui.store.exchange.export_rows import exporting
from infoint_tui.store.exchange.json_document import write_json
from infoint_tui.store.exchange.markdown import (
    MarkdownDocument,
    _filename,
    _markdown,
    _unique,
    interview_fields,
)
from infoint_tui.store.models import Draft, Interview, Reflection
from infoint_tui.store.sessions import writing
from infoint_tui.store.store import Store

_EXPORTED_AT = re.compile(r'^  "exported_at": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z",$', re.M)


def _without_exported_at(text: str) -> str:
    assert len(_EXPORTED_AT.findall(text)) == 1, text[:200]
    return _EXPORTED_AT.sub("", text)


@pytest.fixture
def varied(store: Store) -> Store:
    """Every kind of row: hostile text in every field, people with timelines and introducer
    chains, organizations no interview names, referrals with and without a follow-up row,
    drafts, nulls, the demo's interviews and generated ones."""
    populate_interviews(store.engine)
    populate_people(store)
    store.seed_demo()
    store.generate_demo(40, seed=3)
    with writing(store.engine) as session:
        bare = Interview(
            contact_id=store.add_person("Nobody at all").id,
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            updated_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        session.add(bare)
        session.flush()
        assert bare.id is not None
        session.add(Reflection(interview_id=bare.id, fit_confidence=None))
        session.add(Draft(interview_id=bare.id, name="question", text=f"half a question {HOSTILE}"))
        session.add(Draft(interview_id=bare.id, name=f"referral {HOSTILE}", text=""))
    return store


def _uuids(store: Store) -> list[str]:
    return [item["uuid"] for item in json.loads(store.export_json())["interviews"]]


def test_the_export_is_the_text_the_old_export_wrote(varied: Store) -> None:
    new, old = export_json(varied.engine), reference_export.export_json(varied.engine)
    assert "drafts" in new and "\\u202e" in new and '"timeline": [\n' in new
    assert _without_exported_at(new) == _without_exported_at(old)


def test_chosen_interviews_export_as_the_old_export_wrote_them(varied: Store) -> None:
    uuids = _uuids(varied)
    choices = [[uuid] for uuid in uuids[:12]] + [[], uuids[::-1][:5], uuids[:3] * 2]
    choices.append(uuids[::7])
    for chosen in choices:
        new = export_json(varied.engine, chosen)
        old = reference_export.export_json(varied.engine, chosen)
        assert _without_exported_at(new) == _without_exported_at(old), chosen


def test_an_unknown_uuid_is_refused_as_before(varied: Store) -> None:
    chosen = [_uuids(varied)[0], "nope", "\x1b[31m"]
    with pytest.raises(NotFoundError) as new:
        export_json(varied.engine, chosen)
    with pytest.raises(NotFoundError) as old:
        reference_export.export_json(varied.engine, chosen)
    assert str(new.value) == str(old.value)


def test_markdown_is_made_from_the_same_interviews_as_before(varied: Store) -> None:
    reference = load_interviews(varied.engine, None)
    with driver_connection(varied.engine) as connection, exporting(connection) as selection:
        fields = [interview_fields(rows) for rows in selection.interviews()]
    assert fields == reference
    taken: set[str] = set()
    expected = [MarkdownDocument(_unique(_filename(d), taken), _markdown(d)) for d in reference]
    assert export_markdown(varied.engine) == expected
    chosen = _uuids(varied)[2:9]
    assert [d.text for d in export_markdown(varied.engine, chosen)] == [
        _markdown(d) for d in load_interviews(varied.engine, chosen)
    ]


def _peak_while_exporting(store: Store) -> tuple[int, int]:
    """The peak of Python allocations while exporting everything, and the bytes written."""
    written = 0

    def count(piece: str) -> None:
        nonlocal written
        written += len(piece)

    with driver_connection(store.engine) as connection, exporting(connection) as selection:
        tracemalloc.start()
        try:
            write_json(selection, count)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return peak, written


def test_memory_does_not_grow_with_the_interviews(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of 20 (instead of 200), so that both exports hold many batches.
    monkeypatch.setattr(export_rows, "BATCH", 20)
    figures = []
    for count in (50, 500):
        store = Store.open(tmp_path / f"{count}.db")
        try:
            store.generate_demo(count, seed=1)
            figures.append(_peak_while_exporting(store))
        finally:
            store.close()
    (small_peak, small_text), (large_peak, large_text) = figures
    assert large_text > 8 * small_text  # ten times the interviews, about ten times the text
    assert large_peak < 1.5 * small_peak + 256 * 1024, figures


def test_the_command_line_exports_without_sqlalchemy(varied: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    program = (
        "import sys; from infoint_tui.cli import main; "
        f"code = main(['--db', {str(varied.path)!r}, 'export', '-o', {str(out)!r}]); "
        "assert 'sqlalchemy' not in sys.modules and 'sqlmodel' not in sys.modules; "
        "sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    expected = reference_export.export_json(varied.engine)
    assert _without_exported_at(out.read_text("utf-8")) == _without_exported_at(expected)


def test_a_progress_bar_shows_on_a_terminal_only(varied: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color"}
    with subprocess.Popen(
        [*_program(), "--db", str(varied.path), "export", "-o", str(out)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=env,
    ) as child:
        os.close(follower)
        shown = b""
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        assert child.wait(timeout=60) == 0
    os.close(leader)
    assert b"Exporting" in shown
    assert out.exists()
    piped = run("--db", str(varied.path), "export", "-o", str(tmp_path / "piped.json"))
    assert piped.returncode == 0 and piped.stderr == ""
    to_stdout = run("--db", str(varied.path), "export")
    assert to_stdout.stderr == "" and to_stdout.stdout.startswith("{\n")


def test_an_interrupted_export_leaves_no_file(
    varied: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infoint_tui.store.exchange import json_document

    real = json_document._interview
    calls = 0

    def interrupted(rows):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 5:
            raise KeyboardInterrupt
        return real(rows)

    monkeypatch.setattr(json_document, "_interview", interrupted)
    target = tmp_path / "out" / "backup.json"
    target.parent.mkdir()
    assert cli.main(["--db", str(varied.path), "export", "-o", str(target)]) == 130
    assert list(target.parent.iterdir()) == []
    target.write_text("kept")
    calls = 0
    assert cli.main(["--db", str(varied.path), "export", "-o", str(target), "--force"]) == 130
    assert list(target.parent.iterdir()) == [target] and target.read_text() == "kept"


def test_export_errors_are_one_line(varied: Store, tmp_path: Path) -> None:
    db = str(varied.path)
    existing = tmp_path / "existing.json"
    existing.write_text("mine")
    _assert_one_line_error(run("--db", db, "export", "-o", str(existing)), "--force")
    assert existing.read_text() == "mine"
    missing = tmp_path / "no such folder" / "x.json"
    _assert_one_line_error(run("--db", db, "export", "-o", str(missing)), "cannot write")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if not os.access(locked, os.W_OK):  # root writes anywhere
        _assert_one_line_error(run("--db", db, "export", "-o", str(locked / "x.json")))
    _assert_one_line_error(run("--db", db, "export", "nope", "-o", str(tmp_path / "n.json")))
    assert not (tmp_path / "n.json").exists()


def test_a_markdown_file_and_folder_hold_the_same_documents(varied: Store, tmp_path: Path) -> None:
    db = str(varied.path)
    documents = export_markdown(varied.engine)
    assert (
        run("--db", db, "export", "-f", "markdown", "-o", str(tmp_path / "all.md")).returncode == 0
    )
    joined = "\n\n".join(d.text.rstrip("\n") for d in documents) + "\n"
    assert (tmp_path / "all.md").read_text("utf-8") == joined
    folder = tmp_path / "notes"
    result = run("--db", db, "export", "-f", "markdown", "-o", f"{folder}{os.sep}")
    assert result.returncode == 0 and f"wrote {len(documents)} Markdown files" in result.stderr
    for document in documents:
        assert (folder / document.filename).read_text("utf-8") == document.text


def test_the_store_still_returns_one_string(varied: Store) -> None:
    text = varied.export_json()
    assert text.endswith("}\n") and json.loads(text)["version"] == 2
    buffer = io.StringIO()
    chosen = [_uuids(varied)[0]]
    with driver_connection(varied.engine) as connection, exporting(connection, chosen) as selection:
        write_json(selection, buffer.write)
    assert len(json.loads(buffer.getvalue())["interviews"]) == 1
