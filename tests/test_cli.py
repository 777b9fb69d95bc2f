"""The real `infoint-tui` program, run as a user would from a shell (no terminal needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from infoint_tui import __version__


def _program() -> list[str]:
    script = Path(sys.executable).with_name("infoint-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "infoint_tui"]


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    return subprocess.run(
        [*_program(), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def _assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("infoint-tui: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


SAMPLE = {
    "format": "infoint-tui",
    "version": 1,
    "interviews": [
        {
            "uuid": "0b7f1c3e-2f0a-4a52-9a1e-3f4c7d9e8a10",
            "contact": {"name": "Priya [b]Raman[/b]"},
            "organization": {"name": "Northwind Health"},
            "occupation": "Hospital pharmacist",
            "questions": [
                {
                    "text": "What is a typical day like?",
                    "asked": True,
                    "answer": "Rounds at eight, then \x1b[31mverification\x1b[0m of orders",
                },
                {"text": "Who else should I talk to?", "asked": False},
            ],
            "notes": [{"text": "Mentioned the residency programme", "starred": True}],
        }
    ],
}


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"infoint-tui {__version__}"
    help_text = run("--help").stdout
    for command in ("path", "export", "import", "search", "demo", "--db"):
        assert command in help_text


def test_path_follows_option_then_environment(tmp_path: Path) -> None:
    assert run("path", env={"INFOINT_TUI_DB": str(tmp_path / "env.db")}).stdout.strip() == str(
        tmp_path / "env.db"
    )
    assert run("--db", str(tmp_path / "opt.db"), "path").stdout.strip() == str(tmp_path / "opt.db")
    assert run("path", "--db", str(tmp_path / "o2.db")).stdout.strip() == str(tmp_path / "o2.db")
    default = run("path", env={"INFOINT_TUI_DB": ""}).stdout.strip()
    assert default.endswith(os.path.join("infoint-tui", "interviews.db"))
    assert default.startswith(os.environ["XDG_DATA_HOME"])


def test_import_export_search_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    source = tmp_path / "in.json"
    source.write_text(json.dumps(SAMPLE), encoding="utf-8")
    first = run("--db", db, "import", str(source))
    assert first.returncode == 0, first.stderr
    assert "imported 1" in first.stdout
    again = run("--db", db, "import", str(source))
    assert "imported 0" in again.stdout and "1 already present" in again.stdout

    exported = run("--db", db, "export")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    [interview] = document["interviews"]
    assert interview["contact"]["name"] == "Priya [b]Raman[/b]"
    assert interview["questions"][0]["answer"] == SAMPLE["interviews"][0]["questions"][0]["answer"]
    assert "\x1b" not in exported.stdout  # escaped as \u001b in the JSON text

    markdown = run("--db", db, "export", "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert "What is a typical day like?" in markdown.stdout
    assert "\x1b" not in markdown.stdout

    found = run("--db", db, "search", "rounds")
    assert found.returncode == 0, found.stderr
    assert "Priya [b]Raman[/b]" in found.stdout
    assert "verification" in found.stdout and "\\x1b[31m" in found.stdout
    assert "\x1b" not in found.stdout
    missing = run("--db", db, "search", "zebra")
    assert missing.returncode == 1 and "no matches" in missing.stderr
    for hostile in ("c++", '"', "AND", "NEAR(", "*", "a:b"):
        result = run("--db", db, "search", hostile)
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr


def test_export_to_files_never_overwrites_silently(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    source = tmp_path / "in.json"
    source.write_text(json.dumps(SAMPLE), encoding="utf-8")
    assert run("--db", db, "import", str(source)).returncode == 0
    target = tmp_path / "out.json"
    assert run("--db", db, "export", "-o", str(target)).returncode == 0
    assert (
        json.loads(target.read_text())["interviews"][0]["uuid"] == SAMPLE["interviews"][0]["uuid"]
    )
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    target.write_text("keep me")
    refused = run("--db", db, "export", "-o", str(target))
    _assert_one_line_error(refused, "already exists", "--force")
    assert target.read_text() == "keep me"
    assert run("--db", db, "export", "-o", str(target), "--force").returncode == 0
    folder = tmp_path / "notes"
    folder.mkdir()
    result = run("--db", db, "export", "-f", "markdown", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    [written] = list(folder.glob("*.md"))
    assert "Priya" in written.name
    assert "Rounds at eight" in written.read_text()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "other", "version": 1, "interviews": []}', "format"),
        ('{"format": "infoint-tui", "version": 99, "interviews": []}', "newer"),
        ('{"format": "infoint-tui", "version": 1, "interviews": [{"contact": {}}]}', "name"),
    ],
)
def test_malformed_import_is_one_line_and_imports_nothing(
    tmp_path: Path, content: str, fragment: str
) -> None:
    db = str(tmp_path / "cli.db")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    _assert_one_line_error(run("--db", db, "import", str(bad)), fragment, "bad.json")
    assert json.loads(run("--db", db, "export").stdout)["interviews"] == []


def test_import_of_missing_or_binary_files(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    _assert_one_line_error(run("--db", db, "import", str(tmp_path / "nope.json")), "cannot read")
    binary = tmp_path / "blob.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    _assert_one_line_error(run("--db", db, "import", str(binary)), "not UTF-8")


@pytest.mark.parametrize("command", [[], ["export"], ["search", "x"], ["import", "-"]])
def test_bad_database_is_refused_untouched_by_every_command(
    tmp_path: Path, command: list[str]
) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"definitely not sqlite" * 100)
    before = bad.read_bytes()
    result = run("--db", str(bad), *command, stdin=json.dumps(SAMPLE))
    _assert_one_line_error(result, str(bad), "not an infoint-tui database")
    assert bad.read_bytes() == before


def _damaged(kind: str, tmp_path: Path) -> Path:
    import sqlite3

    from infoint_tui.store.engine import make_engine

    good = tmp_path / "good.db"
    engine = make_engine(good)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE padding(x)")
        connection.exec_driver_sql("INSERT INTO padding VALUES (?)", ("x" * 40000,))
    engine.dispose()
    raw = sqlite3.connect(good)
    raw.execute("PRAGMA journal_mode=DELETE")
    if kind == "newer":
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
        raw.commit()
    raw.close()
    data = good.read_bytes()
    bad = tmp_path / f"{kind}.db"
    bad.write_bytes(data[: len(data) // 2] if kind == "truncated" else data)
    return bad


@pytest.mark.parametrize(
    ("kind", "says"), [("truncated", "truncated"), ("newer", "newer version of infoint-tui")]
)
@pytest.mark.parametrize("command", [[], ["export"], ["search", "x"], ["import", "-"]])
def test_truncated_or_newer_database_is_refused_untouched(
    tmp_path: Path, kind: str, says: str, command: list[str]
) -> None:
    bad = _damaged(kind, tmp_path)
    before = bad.read_bytes()
    result = run("--db", str(bad), *command, stdin=json.dumps(SAMPLE))
    _assert_one_line_error(result, str(bad), says)
    assert bad.read_bytes() == before


def test_unwritable_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    for command in ([], ["export"], ["import", "-"]):
        result = run("--db", str(blocker / "x.db"), *command, stdin=json.dumps(SAMPLE))
        _assert_one_line_error(result, "x.db")


def test_generate_needs_an_explicit_database(tmp_path: Path) -> None:
    _assert_one_line_error(run("demo", "--generate", "3"), "--db")
    db = tmp_path / "gen.db"
    result = run("--db", str(db), "demo", "--generate", "12")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(run("--db", str(db), "export").stdout)["interviews"]) == 12


def test_export_ics_parses_back_and_never_overwrites_silently(tmp_path: Path) -> None:
    from icalendar import Calendar

    uuid = "5d0c9a4e-7b1f-4c2a-9e3d-1f2a3b4c5d6e"
    sample = {
        "format": "infoint-tui",
        "version": 1,
        "interviews": [
            {
                "uuid": uuid,
                "contact": {"name": "Priya \x1b[31mRaman\x1b[0m, [b]PhD[/b]"},
                "occupation": "Hospital pharmacist",
                "scheduled_at": "2025-03-12T15:00:00Z",
                "planned_minutes": 30,
                "ended_at": "2025-03-12T15:35:00Z",
                "follow_up": {"next_contact_on": "2025-04-20"},
            },
            {"contact": {"name": "Not scheduled"}},
        ],
    }
    db = str(tmp_path / "cli.db")
    source = tmp_path / "in.json"
    source.write_text(json.dumps(sample), encoding="utf-8")
    assert run("--db", db, "import", str(source)).returncode == 0

    target = tmp_path / "interviews.ics"
    result = run("--db", db, "export", "--format", "ics", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    data = target.read_bytes()
    assert b"\r\n" in data and b"\x1b" not in data
    events = {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    assert set(events) == {
        f"{uuid}@infoint-tui",
        f"{uuid}-thank-you@infoint-tui",
        f"{uuid}-next-contact@infoint-tui",
    }
    meeting = events[f"{uuid}@infoint-tui"]
    assert str(meeting["SUMMARY"]) == (
        "Informational interview: Priya [31mRaman[0m, [b]PhD[/b] (Hospital pharmacist)"
    )
    assert meeting.decoded("DTSTART").isoformat() == "2025-03-12T15:00:00+00:00"
    assert meeting.decoded("DTEND").isoformat() == "2025-03-12T15:30:00+00:00"
    assert events[f"{uuid}-thank-you@infoint-tui"].decoded("DTEND").isoformat() == (
        "2025-03-13T15:35:00+00:00"
    )
    assert events[f"{uuid}-next-contact@infoint-tui"].decoded("DTSTART").isoformat() == (
        "2025-04-20"
    )

    target.write_text("keep me")
    refused = run("--db", db, "export", "-f", "ics", "-o", str(target))
    _assert_one_line_error(refused, "already exists", "--force")
    assert target.read_text() == "keep me"
    forced = run("--db", db, "export", "-f", "ics", "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")

    to_stdout = run("--db", db, "export", "-f", "ics", uuid)
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert "\x1b" not in to_stdout.stdout
    assert len(Calendar.from_ical(to_stdout.stdout).walk("VEVENT")) == 3
    _assert_one_line_error(
        run("--db", db, "export", "-f", "ics", "0" * 8), "no interview with uuid"
    )
    _assert_one_line_error(
        run("--db", db, "export", "-f", "ics", "-o", str(tmp_path)), "is a folder"
    )


def test_markdown_export_creates_a_private_folder(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    source = tmp_path / "in.json"
    source.write_text(json.dumps(SAMPLE), encoding="utf-8")
    assert run("--db", db, "import", str(source)).returncode == 0
    folder = tmp_path / "new" / "notes"
    result = run("--db", db, "export", "-f", "markdown", "-o", f"{folder}{os.sep}")
    assert result.returncode == 0, result.stderr
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    [written] = list(folder.glob("*.md"))
    assert oct(written.stat().st_mode & 0o777) == "0o600"


PRIVATE = {
    "format": "infoint-tui",
    "version": 1,
    "interviews": [{"contact": {"name": "Private Person"}, "notes": [{"text": "my secret note"}]}],
}


def test_a_write_the_database_refuses_is_one_line_and_quotes_nothing(tmp_path: Path) -> None:
    from infoint_tui.store.store import Store

    db = tmp_path / "refusing.db"
    store = Store.open(db)  # as the command will: schema and question banks in place
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_notes BEFORE INSERT ON note BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
    store.close()
    before = db.read_bytes()
    result = run("--db", str(db), "import", "-", stdin=json.dumps(PRIVATE))
    _assert_one_line_error(result, "nothing was imported from <stdin>", "refused a row")
    assert "secret" not in result.stderr and "Private" not in result.stderr
    assert result.stdout == ""
    assert db.read_bytes() == before


def test_a_locked_database_is_one_line_and_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from infoint_tui import cli
    from infoint_tui.store import engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    db = tmp_path / "locked.db"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(PRIVATE), encoding="utf-8")
    assert cli.main(["--db", str(db), "import", str(source)]) == 0
    other = json.loads(json.dumps(PRIVATE))
    other["interviews"][0]["contact"]["name"] = "Another Private Person"
    source.write_text(json.dumps(other), encoding="utf-8")
    capsys.readouterr()
    before = db.read_bytes()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert cli.main(["--db", str(db), "import", str(source)]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(f"infoint-tui: error: {db}: nothing was imported from ")
    assert line.endswith(
        "the database is locked by another program (is infoint-tui open elsewhere?)"
    )
    assert "secret" not in line and "Private" not in line
    assert db.read_bytes() == before


#: A file name that would recolour the terminal and reverse the line if printed raw.
EVIL = "bad\x1b[31mname\u202e\tx"
EVIL_SHOWN = "bad\\x1b[31mname\\u202e\\x09x"


def test_file_names_are_printed_with_their_controls_made_visible(tmp_path: Path) -> None:
    evil = tmp_path / EVIL
    db = tmp_path / f"{EVIL}.db"
    shown_db = str(tmp_path / f"{EVIL_SHOWN}.db")

    def check(result, *fragments: str) -> None:
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream and "\u202e" not in stream and "\t" not in stream
        _assert_one_line_error(result, *fragments)

    assert run("--db", str(db), "path").stdout == shown_db + "\n"
    check(run("--db", str(db), "import", f"{evil}.json"), f"cannot read {tmp_path}/{EVIL_SHOWN}")
    Path(f"{evil}.json").write_text("{", encoding="utf-8")
    check(run("--db", str(db), "import", f"{evil}.json"), f"{EVIL_SHOWN}.json: line 1")
    Path(f"{evil}.json").write_bytes(b"\xff")
    check(run("--db", str(db), "import", f"{evil}.json"), f"{EVIL_SHOWN}.json: not UTF-8")
    Path(f"{evil}.json").write_text(json.dumps(SAMPLE), encoding="utf-8")
    assert run("--db", str(db), "import", f"{evil}.json").returncode == 0
    check(run("--db", str(db), "export", "-o", f"{evil}.json"), f"{EVIL_SHOWN}.json already exists")
    check(
        run("--db", str(db), "export", "-o", f"{evil}/x.json"),
        f"cannot write {tmp_path}/{EVIL_SHOWN}/x.json",
    )
    evil.mkdir()
    check(run("--db", str(db), "export", "-f", "ics", "-o", str(evil)), f"{EVIL_SHOWN} is a folder")
    wrote = run("--db", str(db), "export", "-f", "markdown", "-o", str(evil))
    assert (
        wrote.returncode == 0
        and wrote.stderr == f"wrote 1 Markdown files to {tmp_path}/{EVIL_SHOWN}\n"
    )
    blocker = tmp_path / f"{EVIL}.txt"
    blocker.write_text("not a folder")
    check(
        run("--db", str(db), "export", "-f", "markdown", "-o", f"{blocker}/new/"),
        f"cannot create {tmp_path}/{EVIL_SHOWN}.txt/new",
    )
    not_sqlite = tmp_path / f"{EVIL}.notes"
    not_sqlite.write_text("not a database" * 10)
    for command in (["path"], ["export"], ["search", "x"], ["import", "-"]):
        if command == ["path"]:
            continue
        check(
            run("--db", str(not_sqlite), *command, stdin="{}"),
            f"{EVIL_SHOWN}.notes",
            "not an infoint-tui",
        )


def test_search_prints_one_line_per_hit_whatever_the_names_hold(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    sample = {
        "format": "infoint-tui",
        "version": 1,
        "interviews": [
            {
                "contact": {"name": "Ann\n2026-01-01  Fake \x1b[2Jhit\u202e"},
                "occupation": "Nurse\r\n",
                "notes": [{"text": "rounds at eight\nthen rounds\tagain"}],
            }
        ],
    }
    assert run("--db", db, "import", "-", stdin=json.dumps(sample)).returncode == 0
    found = run("--db", db, "search", "rounds")
    assert found.returncode == 0, found.stderr
    header, hit = found.stdout.splitlines()
    assert header.startswith("not scheduled  ")  # no date of its own: never its import day
    assert "Ann 2026-01-01 Fake \\x1b[2Jhit\\u202e · Nurse" in header
    assert hit.startswith("    Note: ") and "rounds again" in hit
    assert "\x1b" not in found.stdout and "\u202e" not in found.stdout


@pytest.mark.parametrize("zone", ["UTC-14", "UTC+12"])
def test_every_export_copes_with_dates_at_the_ends_of_the_calendar(
    tmp_path: Path, zone: str
) -> None:
    db = str(tmp_path / "cli.db")
    sample = {
        "format": "infoint-tui",
        "version": 1,
        "interviews": [
            {
                "contact": {"name": "Last"},
                "scheduled_at": "9999-12-31T11:59:59-12:00",
                "ended_at": "9999-12-31T23:59:59Z",
                "follow_up": {"next_contact_on": "9999-12-31"},
            },
            {"contact": {"name": "First"}, "scheduled_at": "0001-01-01T14:00:00+14:00"},
        ],
    }
    env = {"TZ": zone}
    assert run("--db", db, "import", "-", stdin=json.dumps(sample), env=env).returncode == 0
    refused = {**sample, "interviews": [{"contact": {"name": "X"}, "ended_at": "0001-01-01 00:00"}]}
    result = run("--db", db, "import", "-", stdin=json.dumps(refused), env=env)
    if zone == "UTC-14":  # local midnight on 1 January of year 1 is 14 hours before UTC's
        _assert_one_line_error(result, "interviews[0].ended_at: is outside the years 1 to 9999")
    else:
        assert result.returncode == 0, result.stderr
    for export in (["export"], ["export", "-f", "markdown"], ["export", "-f", "ics"]):
        exported = run("--db", db, *export, env=env)
        assert exported.returncode == 0, (export, exported.stderr)
        assert "Traceback" not in exported.stderr
    document = json.loads(run("--db", db, "export", env=env).stdout)
    assert [item["scheduled_at"] for item in document["interviews"][:2]] == [
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
    ]


def test_a_database_locked_for_longer_than_the_busy_timeout_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any store-backed command, not only import: one line, exit 2, no traceback."""
    import sqlite3

    from infoint_tui.cli import main
    from infoint_tui.store import engine as engine_module

    db = tmp_path / "locked.db"
    assert main(["--db", str(db), "path"]) == 0
    source = tmp_path / "one.json"
    source.write_text(
        '{"format": "infoint-tui", "version": 1, "interviews": '
        '[{"contact": {"name": "Secret Person"}, "goals": "private goal"}]}',
        encoding="utf-8",
    )
    assert main(["--db", str(db), "import", str(source)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_SECONDS", 0.1)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code = main(["--db", str(db), "demo", "--generate", "3"])  # writes; reads would not wait
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("infoint-tui: error: ")
    assert "locked" in err or "busy" in err
    assert "Traceback" not in err and "private goal" not in err + out


@pytest.mark.parametrize("command", [["search", "rounds"], ["export", "-f", "markdown"]])
def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path, command: list[str]) -> None:
    """`infoint-tui search x | head`: the pipe closes early; the command ends quietly."""
    db = str(tmp_path / "cli.db")
    sample = {
        "format": "infoint-tui",
        "version": 1,
        "interviews": [
            {"contact": {"name": f"Person {n}"}, "notes": [{"text": "rounds at eight"}]}
            for n in range(30)
        ],
    }
    assert run("--db", db, "import", "-", stdin=json.dumps(sample)).returncode == 0
    child = subprocess.Popen(
        [*_program(), "--db", db, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # gone before the first line
    errors = child.stderr.read().decode()
    assert child.wait(timeout=120) == 0, errors
    assert errors == ""
