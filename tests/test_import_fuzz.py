"""Generated hostile documents thrown at import and export: a clean refusal or a true round trip.

Every document is valid-ish: the right shape, with any field sometimes given a value of the
wrong type, an extreme number, text with controls and markup, or a date at the ends of the
calendar with any offset. A few markers are swapped into the JSON text afterwards for what
`json.dumps` cannot write: a number thousands of digits long and nesting thousands deep.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func
from sqlmodel import select

from infoint_tui.store.calendar import calendar_text
from infoint_tui.store.engine import make_engine
from infoint_tui.store.errors import StoreError
from infoint_tui.store.exchange import export_json, export_markdown, import_json
from infoint_tui.store.models import Interview
from infoint_tui.store.sessions import reading
from infoint_tui.timekeeping import local_to_utc

#: Swapped into the JSON text after json.dumps, which cannot write these itself.
BIG = "@BIG@"
DEEP = "@DEEP@"
MARKERS = {f'"{BIG}"': "9" * 5000, f'"{DEEP}"': "[" * 5000 + "]" * 5000}
#: What no line printed to a terminal may carry raw.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,  # failures print their example; no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --------------------------------------------------------------------------- strategies

hostile_text = st.one_of(
    st.text(max_size=12),
    st.text(st.characters(max_codepoint=0x20AF), max_size=8),
    st.sampled_from(
        [
            "[b]bold[/b]",
            "[/]",
            "[@click=app.quit]x[/]",
            "\x1b[31mred\x1b[0m",
            "\u202eevil",
            "a\r\nb",
            "\x00",
            "\x85\u2028",
            " ",
            "\ud800",
            "\uff33\uff41\uff4d",
        ]
    ),
)
extreme_int = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 5, 600, 601, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**25]),
    st.just(BIG),
)


@st.composite
def iso_timestamp(draw: st.DrawFn) -> str:
    """ISO 8601 anywhere in years 1-9999: Z, any offset below a day, or none (local)."""
    moment = draw(
        st.one_of(
            st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
            st.sampled_from(
                [
                    datetime(1, 1, 1),
                    datetime(1, 1, 1, 13, 59),
                    datetime(9999, 12, 31, 23, 59, 59),
                    datetime(9999, 12, 31, 10, 0, 0, 999999),
                ]
            ),
        )
    )
    zone = draw(
        st.one_of(
            st.just("Z"),
            st.just(""),
            st.sampled_from(["+14:00", "-12:00", "+05:30", "-00:30"]),
            st.integers(min_value=-(24 * 60) + 1, max_value=24 * 60 - 1).map(
                lambda m: f"{'-' if m < 0 else '+'}{abs(m) // 60:02d}:{abs(m) % 60:02d}"
            ),
        )
    )
    separator = draw(st.sampled_from(["T", " "]))
    return moment.isoformat(sep=separator) + zone


#: Moments that exist only outside years 1-9999 once converted to UTC.
unrepresentable = st.sampled_from(
    [
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T13:59:59+14:00",
        "9999-12-31T23:00:00-12:00",
        "9999-12-31T23:59:59.999999-00:01",
    ]
)
any_value = st.one_of(
    hostile_text,
    extreme_int,
    st.floats(),
    st.booleans(),
    st.none(),
    iso_timestamp(),
    unrepresentable,
    st.just(DEEP),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.none(), max_size=1),
)


def optional(wild: bool, **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Some of `fields`; in a wild document each sometimes holds anything at all instead."""
    if wild:
        fields = {key: st.one_of(value, value, any_value) for key, value in fields.items()}
    return st.fixed_dictionaries({}, optional=fields)


POOL = ["5a3e9d52-0c8e-4c43-9a53-6a1f1d1b7c11", "0b7f1c3e-2f0a-4a52-9a1e-3f4c7d9e8a10"]
contact_uuid = st.one_of(st.uuids().map(str), st.sampled_from(POOL))
#: The last and first moments, where adding an event's length or a deadline overflows.
edge_timestamp = st.sampled_from(
    [
        "0001-01-01T00:00:00Z",
        "0001-01-01T13:59:59-12:00",
        "0001-01-01T14:00:00+14:00",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59.999999+00:00",
        "9999-12-31T11:59:59-12:00",
        "9999-12-31T20:00:00Z",
        "9999-12-30T23:59:00Z",
    ]
)
timestamp = st.one_of(iso_timestamp(), edge_timestamp, edge_timestamp, st.none())
LATE = {
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59.999999+00:00",
    "9999-12-31T20:00:00Z",
    "9999-12-31T11:59:59-12:00",
}
storable_text = hostile_text.filter(lambda text: "\ud800" not in text)


def question(wild: bool) -> st.SearchStrategy[dict[str, Any]]:
    return optional(
        wild,
        text=hostile_text,
        category=hostile_text,
        position=extreme_int,
        must_ask=st.booleans(),
        asked=st.booleans(),
        asked_at_seconds=extreme_int,
        skipped=st.booleans(),
        answer=hostile_text,
        starred=st.booleans(),
        bank_key=st.none() | hostile_text,
        updated_at=timestamp,
        estimate_minutes=st.floats(min_value=-1, max_value=700),
    )


@st.composite
def interview(draw: st.DrawFn, index: int, wild: bool) -> dict[str, Any]:
    text = hostile_text if wild else storable_text
    name = text if wild else text.map(lambda name: f"n{name}")
    contact = {"uuid": draw(contact_uuid), "name": draw(name)}
    contact |= draw(
        optional(
            wild, role=text, email=text, notes=text, created_at=timestamp, updated_at=timestamp
        )
    )
    item: dict[str, Any] = {"uuid": draw(st.uuids().map(str)), "contact": contact}
    number = extreme_int if wild else st.integers(min_value=1, max_value=5)
    item |= draw(
        optional(
            wild,
            stage=st.sampled_from(["research", "questions", "live", "reflect", "follow_up"]),
            medium=st.sampled_from(["video", "phone", "in_person"]),
            planned_minutes=extreme_int if wild else st.integers(1, 600),
            goals=text,
            research_notes=text,
            scheduled_at=timestamp,
            started_at=timestamp,
            ended_at=timestamp,
            created_at=timestamp,
            updated_at=timestamp,
            # Names unique to the interview: the import shares organizations by name.
            occupation=text.map(lambda occupation: f"{index}:{occupation}"),
            organization=st.fixed_dictionaries(
                {"name": text.map(lambda organization: f"{index}:{organization}")},
                optional={"sector": text},
            ),
            questions=st.lists(question(wild).map(lambda q: {"text": "q", **q}), max_size=3),
            notes=st.lists(
                optional(wild, text=text, created_at=timestamp, offset_seconds=extreme_int),
                max_size=3,
            ),
            reflection=optional(wild, fit_confidence=number, surprises=text, updated_at=timestamp),
            follow_up=optional(
                wild,
                thank_you_text=text,
                thank_you_sent_at=timestamp,
                next_contact_on=st.dates().map(str),
            ),
        )
    )
    return item


@st.composite
def document_text(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    count = draw(st.integers(min_value=1, max_value=3))
    wild = draw(st.booleans())
    doc = {
        "format": "infoint-tui",
        "version": 1,
        "interviews": [draw(interview(index, wild)) for index in range(count)],
    }
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    for marker, replacement in MARKERS.items():
        text = text.replace(marker, replacement)
    return text, doc


# --------------------------------------------------------------------------- checks


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """One empty database at the head revision, copied for each example (fast and fresh)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-template-") as folder:
        path = Path(folder) / "template.db"
        make_engine(path).dispose()
        yield path


def interview_count(engine: Engine) -> int:
    with reading(engine) as session:
        return session.exec(select(func.count()).select_from(Interview)).one()


def instant(text: str) -> datetime:
    """An exported or given timestamp as an aware UTC moment (given naive means local)."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(UTC) if moment.tzinfo else local_to_utc(moment)


def same(given: Any, exported: Any, key: str) -> bool:
    if key.endswith("_at") and given is None:
        return True  # null is "not given": the import's own time, or no time at all
    if isinstance(given, str) and key.endswith("_at"):
        return instant(given) == instant(exported)
    if isinstance(given, float) or isinstance(exported, float):
        return bool(given == exported)
    return type(given) is type(exported) and given == exported


def assert_fields_kept(given: dict[str, Any], exported: dict[str, Any], where: str) -> None:
    for key, value in given.items():
        if isinstance(value, dict | list):
            continue
        assert same(value, exported[key], key), (where, key, value, exported[key])


def expected_category(text: str) -> str:
    return text.strip() or "other"


def assert_round_trip(doc: dict[str, Any], exported: dict[str, Any]) -> None:
    by_uuid = {item["uuid"]: item for item in exported["interviews"]}
    for index, item in enumerate(doc["interviews"]):
        where = f"interviews[{index}]"
        out = by_uuid[item["uuid"]]
        assert_fields_kept({k: v for k, v in item.items() if k != "occupation"}, out, where)
        assert_fields_kept(item["contact"], out["contact"], f"{where}.contact")
        if "occupation" in item:
            assert out["occupation"] == (item["occupation"].strip() or None)
        if "organization" in item:
            assert_fields_kept(item["organization"], out["organization"], where)
        for key in ("reflection", "follow_up"):
            if key in item:
                assert_fields_kept(item[key], out[key], f"{where}.{key}")
        questions = sorted(
            enumerate(item.get("questions", [])),
            key=lambda pair: (pair[1].get("position", pair[0]), pair[0]),
        )
        assert len(out["questions"]) == len(questions)
        for (_, question), exported_question in zip(questions, out["questions"], strict=True):
            question = dict(question)
            if "category" in question:
                question["category"] = expected_category(question["category"])
            assert_fields_kept(question, exported_question, f"{where}.questions")
        notes = [
            (note.get("text", ""), note.get("offset_seconds")) for note in item.get("notes", [])
        ]
        kept = [(note["text"], note["offset_seconds"]) for note in out["notes"]]
        assert sorted(kept, key=repr) == sorted(notes, key=repr), where


def _kind(message: str) -> str:
    """The gist of a refusal, for Hypothesis's statistics (`--hypothesis-show-statistics`)."""
    return re.sub(r"found .*|\d+|\[.*?\]|[0-9a-f-]{36}", "", message.split(": ", 2)[-1])[:40]


def check_clean_refusal(error: StoreError, before: bytes, path: Path, engine: Engine) -> None:
    message = str(error)
    assert message.startswith("fuzz.json: ") or message.startswith(str(path)), message
    assert "\n" not in message and not UNSAFE.search(message), message
    assert interview_count(engine) == 0
    engine.dispose()
    assert path.read_bytes() == before  # byte for byte: nothing was half-imported


@FUZZ
@given(generated=document_text())
def test_generated_documents_are_refused_cleanly_or_round_trip(
    template: Path, generated: tuple[str, dict[str, Any]]
) -> None:
    text, doc = generated
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = Path(folder) / "fuzz.db"
        shutil.copyfile(template, path)
        before = path.read_bytes()
        engine = make_engine(path)
        try:
            try:
                report = import_json(engine, text, "fuzz.json")
            except StoreError as error:
                event(f"refused: {_kind(str(error))}")
                check_clean_refusal(error, before, path, engine)
                return
            event("imported")
            if any(i.get("scheduled_at") in LATE for i in doc["interviews"]):
                event("imported: scheduled in the last minutes of 9999")
            assert report.imported == len(doc["interviews"])
            exported = export_json(engine)
            assert not UNSAFE.search(exported.replace("\n", ""))
            assert_round_trip(doc, json.loads(exported))
            # The same export imports into a fresh database and exports the same again.
            again = Path(folder) / "again.db"
            shutil.copyfile(template, again)
            other = make_engine(again)
            try:
                import_json(other, exported, "export.json")
                first, second = json.loads(exported), json.loads(export_json(other))
                first.pop("exported_at"), second.pop("exported_at")
                assert first == second
            finally:
                other.dispose()
            for document in export_markdown(engine):
                assert "\x1b" not in document.text and "\u202e" not in document.text
                assert "\x1b" not in document.filename and "/" not in document.filename
            calendar = calendar_text(engine, now=datetime(2026, 1, 1, tzinfo=UTC))
            assert calendar.startswith("BEGIN:VCALENDAR\r\n") and "\x1b" not in calendar
        finally:
            engine.dispose()


@st.composite
def edge_dated_document(draw: st.DrawFn) -> dict[str, Any]:
    """Interviews held, ended and followed up at the very ends of the calendar."""
    day = st.one_of(st.sampled_from(["0001-01-01", "9999-12-31"]), st.dates().map(str))
    interviews = [
        {
            "uuid": draw(st.uuids().map(str)),
            "contact": {
                "uuid": draw(st.uuids().map(str)),  # without one, a contact is matched by name
                "name": draw(storable_text.map(lambda name: f"n{name}")),
            },
            "scheduled_at": draw(edge_timestamp),
            "started_at": draw(edge_timestamp),
            "ended_at": draw(edge_timestamp),
            "planned_minutes": draw(st.integers(min_value=1, max_value=600)),
            "follow_up": {"next_contact_on": draw(day)}
            | draw(optional(False, thank_you_sent_at=edge_timestamp)),
            "notes": [{"text": "x", "created_at": draw(edge_timestamp)}],
        }
        for _ in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    return {"format": "infoint-tui", "version": 1, "interviews": interviews}


@pytest.mark.parametrize("zone", ["UTC-14", "UTC+12"])
def test_edge_dates_round_trip_and_export_everywhere(template: Path, zone: str) -> None:
    """Each export (JSON, Markdown, iCalendar) copes with dates at the ends of the calendar."""
    import time

    @settings(max_examples=15, deadline=None, database=None)
    @given(doc=edge_dated_document())
    def check(doc: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory(prefix="fuzz-edge-") as folder:
            path = Path(folder) / "edge.db"
            shutil.copyfile(template, path)
            engine = make_engine(path)
            try:
                assert import_json(engine, json.dumps(doc)).imported == len(doc["interviews"])
                assert_round_trip(doc, json.loads(export_json(engine)))
                for document in export_markdown(engine):
                    assert document.filename[:4] in ("0001", "9999")
                calendar_text(engine, now=datetime(2026, 1, 1, tzinfo=UTC))
            finally:
                engine.dispose()

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", zone)
        time.tzset()
        try:
            check()
        finally:
            patch.undo()
            time.tzset()


@settings(max_examples=25, deadline=None, database=None)
@given(moment=iso_timestamp())
def test_every_generated_timestamp_imports_or_is_refused_by_name(moment: str) -> None:
    """Checked without a database: the field's own validation, through the schema."""
    from infoint_tui.store.errors import ImportFileError

    # The whole-document check moved with the streaming reader (#16): same checks, same words.
    from infoint_tui.store.exchange.writer import validate

    text = json.dumps(
        {
            "format": "infoint-tui",
            "version": 1,
            "interviews": [{"contact": {"name": "A"}, "scheduled_at": moment}],
        }
    )
    given_moment = datetime.fromisoformat(moment)
    try:
        expected = (
            given_moment.astimezone(UTC) if given_moment.tzinfo else local_to_utc(given_moment)
        )
    except OverflowError:
        expected = None
    try:
        document, _ = validate(text, "t.json")
    except ImportFileError as error:
        assert expected is None, (moment, str(error))
        assert "interviews[0].scheduled_at: is outside the years 1 to 9999" in str(error)
        return
    assert document.interviews[0].scheduled_at == expected
    assert expected is not None and timedelta(0) == expected.utcoffset()


def _program() -> list[str]:
    script = Path(sys.executable).with_name("infoint-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "infoint_tui"]


@settings(
    max_examples=2, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(generated=document_text())
def test_the_real_command_exits_2_in_one_line_or_0(generated: tuple[str, dict[str, Any]]) -> None:
    text, _ = generated
    hostile = text.replace('"version": 1', '"version": 1, "deep": ' + MARKERS[f'"{DEEP}"'], 1)
    with tempfile.TemporaryDirectory(prefix="fuzz-cli-") as folder:
        db = str(Path(folder) / "cli.db")
        for document, codes in ((text, (0, 2)), (hostile, (2,))):
            result = subprocess.run(
                [*_program(), "--db", db, "import", "-"],
                input=document.encode("utf-8", "surrogatepass"),
                capture_output=True,
                timeout=120,
            )
            stderr = result.stderr.decode("utf-8")
            assert result.returncode in codes, stderr
            assert "Traceback" not in stderr
            if result.returncode == 2:
                [line] = stderr.splitlines()
                assert line.startswith("infoint-tui: error: <stdin>: ")
                assert not UNSAFE.search(line)
