"""JSON import read a piece at a time: the same result as before, all or nothing, any
order of the document's keys, a bounded reader, and a progress bar on a terminal only."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from infoint_tui.store.engine import make_engine
from infoint_tui.store.errors import ImportFileError
from infoint_tui.store.exchange import export_json, import_json, json_stream
from infoint_tui.store.exchange.json_stream import JsonStream
from infoint_tui.store.exchange.sections import DocumentReader
from infoint_tui.store.synthetic import generate


def _program() -> list[str]:
    script = Path(sys.executable).with_name("infoint-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "infoint_tui"]


def _dump(engine: Engine) -> list[str]:
    """Every row and every table of the database, as SQL text."""
    connection = engine.raw_connection()
    try:
        return list(connection.driver_connection.iterdump())  # type: ignore[union-attr]
    finally:
        connection.close()


def _without_exported_at(text: str) -> dict[str, Any]:
    document = json.loads(text)
    document.pop("exported_at")
    return document


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An export of 150 generated interviews (people, referrals, questions, notes...)."""
    engine = make_engine(tmp_path_factory.mktemp("varied") / "varied.db")
    generate(engine, 150, seed=3)
    text = export_json(engine)
    engine.dispose()
    return text


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reads of 1 kB, so elements, strings and numbers are cut by the buffer's end."""
    monkeypatch.setattr(json_stream, "CHUNK", 1024)


def test_a_varied_export_round_trips_read_a_piece_at_a_time(
    varied: str, tmp_path: Path, small_chunks: None
) -> None:
    engine = make_engine(tmp_path / "other.db")
    seen: list[int] = []
    report = import_json(engine, io.BytesIO(varied.encode()), "v.json", progress=seen.append)
    assert report.imported == 150
    assert _without_exported_at(export_json(engine)) == _without_exported_at(varied)
    assert seen and seen == sorted(seen) and seen[-1] == len(varied.encode())


def test_keys_in_another_order_import_the_same(varied: str, tmp_path: Path) -> None:
    document = json.loads(varied)
    reordered = {key: document[key] for key in ("interviews", "people", "organizations")}
    reordered |= {"version": document["version"], "format": document["format"]}
    engine = make_engine(tmp_path / "reordered.db")
    assert import_json(engine, json.dumps(reordered, indent=1), "r.json").imported == 150
    assert _without_exported_at(export_json(engine)) == _without_exported_at(varied)


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            lambda text: (
                text[: text.rindex('"stage"')]
                + '"stage": "live", '
                + text[text.rindex('"stage"') :]
            ),
            r"interviews\[149\]: the key \"stage\" appears more than once",
        ),
        (
            lambda text: (
                text[: text.rindex('"planned_minutes": ')]
                + '"planned_minutes": 0'
                + text[text.index(",", text.rindex('"planned_minutes": ')) :]
            ),
            r"interviews\[149\]\.planned_minutes: must be between 1 and 600",
        ),
        (lambda text: text[: len(text) - 40], "not valid JSON"),
        (lambda text: text.rstrip() + " ,", r"not valid JSON \(Extra data\)"),
    ],
    ids=["duplicate-key", "bad-field", "truncated", "trailing"],
)
def test_a_fault_at_the_end_leaves_the_database_as_it_was(
    varied: str, tmp_path: Path, damage: Any, expected: str
) -> None:
    engine = make_engine(tmp_path / "target.db")
    import_json(
        engine,
        '{"format": "infoint-tui", "version": 1, "interviews": '
        '[{"contact": {"name": "Already here"}}]}',
    )
    before = _dump(engine)
    with pytest.raises(ImportFileError, match=expected):
        import_json(engine, io.BytesIO(damage(varied).encode()), "bad.json")
    assert _dump(engine) == before


def test_a_malformed_byte_at_the_very_end_imports_nothing(varied: str, tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "target.db")
    before = _dump(engine)
    data = varied.encode() + b"\xff"
    with pytest.raises(ImportFileError) as caught:
        import_json(engine, io.BytesIO(data), "bad.json")
    assert str(caught.value) == (
        f"bad.json: not UTF-8 text (byte {len(data) - 1}); export files are UTF-8 JSON"
    )
    assert _dump(engine) == before


def test_a_dry_run_of_a_stream_imports_nothing(varied: str, tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "target.db")
    before = _dump(engine)
    report = import_json(engine, io.BytesIO(varied.encode()), "v.json", dry_run=True)
    assert report.imported == 150
    assert _dump(engine) == before


class _Nothing:
    """A sink that keeps nothing: what the reader itself holds."""

    def begin(self, version: int) -> None:
        pass

    def organization(self, index: int, item: object) -> None:
        pass

    def person(self, index: int, item: object) -> None:
        pass

    def interview(self, index: int, item: object, uuid: str) -> None:
        pass

    def end(self, section: str) -> None:
        pass


def _peak_reading(count: int) -> int:
    interview = {
        "contact": {"name": "Sam"},
        "goals": "g" * 2000,
        "questions": [{"text": "Q?", "answer": "a" * 500} for _ in range(8)],
    }
    interviews = ",".join(
        json.dumps({**interview, "goals": f"{n} {'g' * 2000}"}) for n in range(count)
    )
    data = ('{"format": "infoint-tui", "version": 1, "interviews": [' + interviews + "]}").encode()
    raw = io.BytesIO(data)
    tracemalloc.start()
    try:
        DocumentReader(JsonStream(raw, "m.json"), "m.json", _Nothing()).run()  # type: ignore[arg-type]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_reader_holds_one_piece_whatever_the_size_of_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", 64 * 1024)  # below both files' sizes
    small, large = _peak_reading(50), _peak_reading(500)  # about 0.3 MB and 3 MB of JSON
    assert large < 1.5 * small, (small, large)


def _terminal_stderr(argv: list[str]) -> tuple[int, bytes]:
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color"}
    with subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower, env=env
    ) as child:
        os.close(follower)
        shown = b""
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        code = child.wait(timeout=60)
    os.close(leader)
    return code, shown


def test_a_progress_bar_on_a_terminal_and_nothing_when_piped(varied: str, tmp_path: Path) -> None:
    exported = tmp_path / "v.json"
    exported.write_text(varied, encoding="utf-8")
    code, shown = _terminal_stderr(
        [*_program(), "--db", str(tmp_path / "a.db"), "import", str(exported)]
    )
    assert code == 0 and b"Importing" in shown
    piped = subprocess.run(
        [*_program(), "--db", str(tmp_path / "b.db"), "import", str(exported)],
        capture_output=True,
        check=True,
    )
    assert piped.stderr == b"" and piped.stdout.startswith(b"imported 150 interview(s)")


def test_standard_input_still_imports(varied: str, tmp_path: Path) -> None:
    db = str(tmp_path / "stdin.db")
    result = subprocess.run(
        [*_program(), "--db", db, "import", "-"], input=varied.encode(), capture_output=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b"" and result.stdout.startswith(b"imported 150 interview(s)")
    again = subprocess.run(
        [*_program(), "--db", db, "import", "-"], input=varied.encode()[:-3], capture_output=True
    )
    assert again.returncode == 2
    [line] = again.stderr.decode().splitlines()
    assert line.startswith("infoint-tui: error: <stdin>: line ") and "not valid JSON" in line
