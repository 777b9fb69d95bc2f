"""JSON export/import round trips, import validation, and the Markdown export."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import Engine, func
from sqlmodel import col, select

from infoint_tui.store import exchange
from infoint_tui.store.engine import make_engine
from infoint_tui.store.errors import ImportFileError, NotFoundError
from infoint_tui.store.exchange import (
    ImportReport,
    MarkdownDocument,
    export_json,
    export_markdown,
    import_json,
)
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Medium,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
    Stage,
)
from infoint_tui.store.sessions import reading, writing

#: Markup, emoji ZWJ sequences, right-to-left text and overrides, tabs, CRLF, escape
#: sequences, BEL, NUL, C1 controls, separators and isolates: all must survive JSON.
HOSTILE = (
    "[b]x[/] [@click=app.quit]x[/] [/ 👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 مرحبا بالعالم \u202eevil\u202c"
    "\tTab\r\nCRLF \x1b[31mred\x1b[0m \x07bell \x00nul \x7fdel \x85nel \u2028ls \u2029ps"
    " \u2066iso\u2069 é"
)
#: Characters an export must never contain raw (they are written as \\uXXXX escapes).
RAW_FORBIDDEN = (
    [chr(c) for c in range(0x20) if c != 0x0A]
    + [chr(c) for c in [*range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F)]]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
TABLES = [Contact, Organization, Occupation, Interview, Question, Note, Reflection, FollowUp]
TABLES += [Referral]
MINIMAL = '{"format":"infoint-tui","version":1,"interviews":[{"contact":{"name":"Sam"}}]}'


def at(day: int, hour: int = 12, minute: int = 0, micro: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, 0, micro, tzinfo=UTC)


def hostile(label: str) -> str:
    return f"{label}: {HOSTILE}"


def populate(engine: Engine) -> dict[str, str]:
    """A full graph with hostile text in every text field; returns the interview uuids."""
    with writing(engine) as session:
        referrer = Contact(name=hostile("referrer"), role=hostile("referrer role"))
        session.add(referrer)
        session.flush()
        ada = Contact(
            name=hostile("Ada"),
            role=hostile("role"),
            email=hostile("email"),
            phone=hostile("phone"),
            profile_url=hostile("url"),
            how_met=hostile("how met"),
            notes=hostile("contact notes"),
            referred_by_id=referrer.id,
            created_at=at(1, micro=123456),
            updated_at=at(2),
        )
        bob = Contact(name="Bob / Builder", email="bob@example.org", created_at=at(3))
        organization = Organization(
            name=hostile("org"),
            sector=hostile("sector"),
            website=hostile("website"),
            research_notes=hostile("org notes"),
        )
        occupation = Occupation(name=hostile("occupation"))
        session.add_all([ada, bob, organization, occupation])
        session.flush()
        assert ada.id is not None and bob.id is not None
        main = Interview(
            contact_id=ada.id,
            organization_id=organization.id,
            occupation_id=occupation.id,
            scheduled_at=at(26, 14, 30),
            medium=Medium.IN_PERSON,
            planned_minutes=45,
            research_notes=hostile("research"),
            goals=hostile("goals"),
            started_at=at(26, 14, 31, 5),
            ended_at=at(26, 15, 20),
            stage=Stage.FOLLOW_UP,
            created_at=at(10),
            updated_at=at(27),
        )
        planned = Interview(contact_id=bob.id, created_at=at(11), updated_at=at(11))
        session.add_all([main, planned])
        session.flush()
        assert main.id is not None and planned.id is not None
        session.add_all(
            [
                Question(
                    interview_id=main.id,
                    text=hostile("question one"),
                    category="typical_day",
                    position=0,
                    must_ask=True,
                    asked=True,
                    asked_at_seconds=185,
                    answer=hostile("answer one"),
                    starred=True,
                    estimate_minutes=3.5,
                    bank_key=hostile("bank"),
                    updated_at=at(26, 14, 35),
                ),
                Question(
                    interview_id=main.id,
                    text=hostile("question two"),
                    category=hostile("category"),
                    position=1,
                    skipped=True,
                    updated_at=at(26, 14, 40),
                ),
                Question(interview_id=main.id, text="Plain?", position=2, updated_at=at(26)),
                Note(
                    interview_id=main.id,
                    text=hostile("note one"),
                    created_at=at(26, 14, 33),
                    offset_seconds=130,
                    starred=True,
                ),
                Note(interview_id=main.id, text=hostile("note two"), created_at=at(26, 14, 34)),
                Reflection(
                    interview_id=main.id,
                    fit_confidence=4,
                    most_interesting=hostile("interesting"),
                    most_helpful=hostile("helpful"),
                    surprises=hostile("surprises"),
                    still_to_learn=hostile("still"),
                    next_steps=hostile("next"),
                    updated_at=at(27),
                ),
                FollowUp(
                    interview_id=main.id,
                    thank_you_text=hostile("thanks"),
                    thank_you_sent_at=at(27, 9),
                    next_contact_on=date(2026, 12, 10),
                    updated_at=at(27, 10),
                ),
                Referral(
                    interview_id=main.id,
                    name=hostile("referral"),
                    context=hostile("context"),
                    contact_id=bob.id,
                    planned_interview_id=planned.id,
                    created_at=at(27, 11),
                ),
                Referral(interview_id=main.id, name="Eve", created_at=at(27, 12)),
            ]
        )
        return {"main": main.uuid, "planned": planned.uuid}


def counts(engine: Engine) -> dict[str, int]:
    with reading(engine) as session:
        return {
            table.__name__: session.exec(select(func.count()).select_from(table)).one()
            for table in TABLES
        }


def without_exported_at(text: str) -> dict[str, Any]:
    document = json.loads(text)
    assert isinstance(document.pop("exported_at"), str)
    return document


def strip_exported_at_line(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if '"exported_at"' not in line)


def fresh(tmp_path: Path, name: str) -> Engine:
    return make_engine(tmp_path / f"{name}.db")


def interview_doc(**fields: Any) -> dict[str, Any]:
    return {"contact": {"name": "Sam"}, **fields}


def document(*interviews: dict[str, Any], **top: Any) -> str:
    return json.dumps(
        {"format": "infoint-tui", "version": 1, "interviews": list(interviews), **top}
    )


# --------------------------------------------------------------------------- JSON export


def test_export_writes_every_field_with_utc_timestamps(engine: Engine) -> None:
    uuids = populate(engine)
    exported = export_json(engine)
    data = json.loads(exported)
    assert exported.endswith("}\n")
    assert data["format"] == "infoint-tui" and data["version"] == 2
    assert data["exported_at"].endswith("Z")
    main, planned = data["interviews"]
    assert [main["uuid"], planned["uuid"]] == [uuids["main"], uuids["planned"]]
    assert main["scheduled_at"] == "2026-11-26T14:30:00Z"
    assert main["started_at"] == "2026-11-26T14:31:00.000005Z"
    assert main["contact"]["created_at"] == "2026-11-01T12:00:00.123456Z"
    assert main["stage"] == "follow_up" and main["medium"] == "in_person"
    assert main["contact"]["name"] == hostile("Ada")
    assert main["contact"]["referred_by"]["name"] == hostile("referrer")
    assert set(main["contact"]["referred_by"]) == {"uuid", "name"}
    organization = dict(main["organization"])
    # Version 2 added the motivation and the organization's own times.
    assert organization.pop("created_at").endswith("Z")
    assert organization.pop("updated_at").endswith("Z")
    assert organization == {
        "name": hostile("org"),
        "sector": hostile("sector"),
        "website": hostile("website"),
        "research_notes": hostile("org notes"),
        "motivation": None,
    }
    assert main["occupation"] == hostile("occupation")
    assert [q["position"] for q in main["questions"]] == [0, 1, 2]
    first = main["questions"][0]
    assert (first["asked"], first["asked_at_seconds"], first["estimate_minutes"]) == (
        True,
        185,
        3.5,
    )
    assert [note["text"] for note in main["notes"]] == [hostile("note one"), hostile("note two")]
    assert main["reflection"]["fit_confidence"] == 4
    assert main["follow_up"]["next_contact_on"] == "2026-12-10"
    referral = main["follow_up"]["referrals"][0]
    assert referral["contact"]["name"] == "Bob / Builder"
    assert referral["planned_interview_uuid"] == uuids["planned"]
    assert main["follow_up"]["referrals"][1]["contact"] is None
    assert planned["organization"] is None and planned["reflection"] is None
    assert planned["follow_up"] is None and planned["occupation"] is None
    assert "id" not in main and "contact_id" not in main


def test_export_is_terminal_safe_and_lossless(engine: Engine) -> None:
    populate(engine)
    exported = export_json(engine)
    for character in RAW_FORBIDDEN:
        assert character not in exported, repr(character)
    for escape in ("\\u202e", "\\u2028", "\\u0085", "\\u007f", "\\u001b", "\\u0000", "\\u2066"):
        assert escape in exported
    assert "👩‍💻" in exported and "مرحبا" in exported  # the rest stays readable
    data = json.loads(exported)
    assert data["interviews"][0]["goals"] == hostile("goals")


def test_export_of_chosen_uuids_and_unknown_uuid(engine: Engine) -> None:
    uuids = populate(engine)
    data = json.loads(export_json(engine, [uuids["planned"]]))
    assert [item["uuid"] for item in data["interviews"]] == [uuids["planned"]]
    assert json.loads(export_json(engine, []))["interviews"] == []
    with pytest.raises(NotFoundError, match="no interview with uuid nope, \\\\x1b"):
        export_json(engine, [uuids["main"], "nope", "\x1b"])


def test_export_keeps_a_referral_contact_outside_the_exported_interviews(engine: Engine) -> None:
    uuids = populate(engine)
    data = json.loads(export_json(engine, [uuids["main"]]))
    referral = data["interviews"][0]["follow_up"]["referrals"][0]
    assert referral["contact"]["name"] == "Bob / Builder"
    assert referral["planned_interview_uuid"] == uuids["planned"]


# --------------------------------------------------------------------------- round trips


def test_round_trip_into_an_empty_database_is_identical(engine: Engine, tmp_path: Path) -> None:
    populate(engine)
    first = export_json(engine)
    other = fresh(tmp_path, "other")
    report = import_json(other, first, "first.json")
    assert report == ImportReport(imported=2, already_present=0)
    second = export_json(other)
    assert without_exported_at(second) == without_exported_at(first)
    assert strip_exported_at_line(second) == strip_exported_at_line(first)
    with reading(other) as session:
        goals = session.exec(select(Interview.goals).where(Interview.goals != "")).one()
        ada = session.exec(select(Contact).where(Contact.name == hostile("Ada"))).one()
        referrer = session.get(Contact, ada.referred_by_id)
    assert goals == hostile("goals")
    assert "\x00" in goals and "\r\n" in goals  # NUL and CRLF survive SQLite and JSON
    assert referrer is not None and referrer.name == hostile("referrer")


def test_importing_twice_creates_nothing_new(engine: Engine, tmp_path: Path) -> None:
    populate(engine)
    exported = export_json(engine)
    other = fresh(tmp_path, "other")
    import_json(other, exported)
    before = counts(other)
    assert before["Interview"] == 2 and before["Question"] == 3 and before["Referral"] == 2
    assert import_json(other, exported) == ImportReport(imported=0, already_present=2)
    assert counts(other) == before
    assert import_json(engine, exported) == ImportReport(imported=0, already_present=2)


def test_import_into_the_same_database_reuses_contacts_and_names(engine: Engine) -> None:
    uuids = populate(engine)
    data = json.loads(export_json(engine, [uuids["main"]]))
    data["interviews"][0]["uuid"] = "00000000-0000-4000-8000-000000000001"
    before = counts(engine)
    assert import_json(engine, json.dumps(data)).imported == 1
    after = counts(engine)
    assert after["Interview"] == before["Interview"] + 1
    assert after["Question"] == before["Question"] + 3
    for table in ("Contact", "Organization", "Occupation"):
        assert after[table] == before[table], table


SAM = "5a3e9d52-0c8e-4c43-9a53-6a1f1d1b7c11"


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (
            interview_doc(contact={"uuid": SAM, "name": "Samuel"}),
            f"bad.json: interviews[0].contact and interviews[1].contact give contact {SAM} "
            "a different name",
        ),
        (
            interview_doc(contact={"uuid": SAM, "name": "Sam", "email": "s@x", "notes": "n"}),
            f"interviews[0].contact and interviews[1].contact give contact {SAM} different "
            "values for email and notes",
        ),
        (
            interview_doc(
                follow_up={
                    "referrals": [{"name": "R", "contact": {"uuid": SAM.upper(), "name": "S"}}]
                }
            ),
            f"interviews[0].contact and interviews[1].follow_up.referrals[0].contact give "
            f"contact {SAM} a different name",
        ),
        (
            interview_doc(contact={"uuid": SAM, "name": "Sam", "created_at": "2026-01-01T00:00Z"}),
            f"give contact {SAM} a different created_at",
        ),
    ],
)
def test_one_contact_uuid_with_differing_values_in_a_file_is_refused(
    engine: Engine, second: dict[str, Any], expected: str
) -> None:
    first = interview_doc(
        contact={
            "uuid": SAM,
            "name": "Sam",
            "email": "sam@x",
            "notes": "met at a fair",
            "created_at": "2025-01-01T00:00:00Z",
        }
    )
    with pytest.raises(ImportFileError) as caught:
        import_json(engine, document(first, second), "bad.json")
    assert expected in str(caught.value)
    assert counts(engine)["Interview"] == 0


def test_values_given_in_only_one_place_are_all_kept(engine: Engine) -> None:
    text = document(
        interview_doc(contact={"uuid": SAM, "name": "Sam"}),
        interview_doc(contact={"uuid": SAM, "name": "Sam", "email": "sam@x", "notes": "n"}),
        interview_doc(
            follow_up={"referrals": [{"name": "Sam", "contact": {"uuid": SAM, "name": "Sam"}}]}
        ),
    )
    assert import_json(engine, text).imported == 3
    with reading(engine) as session:
        [contact] = session.exec(select(Contact).where(Contact.uuid == SAM)).all()
    assert (contact.email, contact.notes) == ("sam@x", "n")


def test_a_contact_that_differs_from_the_stored_one_is_refused(engine: Engine) -> None:
    stored = {"uuid": SAM, "name": "Sam", "email": "sam@x"}
    first = document(interview_doc(uuid=str(uuid4()), contact=stored))
    assert import_json(engine, first).imported == 1
    before = counts(engine)
    renamed = document(
        interview_doc(uuid=str(uuid4()), contact={"name": "Someone else"}),
        interview_doc(uuid=str(uuid4()), contact={**stored, "name": "Samantha", "phone": "1"}),
    )
    with pytest.raises(ImportFileError) as caught:
        import_json(engine, renamed, "new.json")
    assert str(caught.value) == (
        f"new.json: interviews[1].contact gives contact {SAM} different values for name and "
        "phone than the contact already stored"
    )
    referral = interview_doc(
        uuid=str(uuid4()),
        follow_up={"referrals": [{"name": "x", "contact": {"uuid": SAM, "name": "Sammy"}}]},
    )
    with pytest.raises(ImportFileError, match=r"interviews\[0\]\.follow_up\.referrals\[0\]"):
        import_json(engine, document(referral))
    assert counts(engine) == before
    # An interview already present is skipped whole, so its copy of the contact is not used.
    with writing(engine) as session:
        contact = session.exec(select(Contact).where(Contact.uuid == SAM)).one()
        contact.name = "Sam R."
        session.add(contact)
    assert import_json(engine, first) == ImportReport(imported=0, already_present=1)


def test_minimal_hand_written_file_imports_with_defaults(engine: Engine) -> None:
    assert import_json(engine, MINIMAL, "min.json") == ImportReport(1, 0)
    assert import_json(engine, MINIMAL, "min.json") == ImportReport(0, 1)
    with reading(engine) as session:
        interview = session.exec(select(Interview)).one()
        contact = session.exec(select(Contact)).one()
    assert contact.name == "Sam" and contact.email == ""
    assert interview.contact_id == contact.id
    assert interview.stage is Stage.RESEARCH and interview.medium is Medium.VIDEO
    assert interview.planned_minutes == 25 and interview.scheduled_at is None
    assert interview.created_at.tzinfo is not None
    assert counts(engine)["Interview"] == 1


def test_derived_uuid_is_deterministic_across_databases(engine: Engine, tmp_path: Path) -> None:
    import_json(engine, MINIMAL)
    other = fresh(tmp_path, "other")
    import_json(other, MINIMAL)
    first = json.loads(export_json(engine))["interviews"][0]["uuid"]
    assert json.loads(export_json(other))["interviews"][0]["uuid"] == first
    changed = MINIMAL.replace('"Sam"', '"Sam", "email": "sam@example.org"')
    assert import_json(engine, changed).imported == 1


def test_identical_hand_written_interviews_are_both_kept(engine: Engine) -> None:
    text = document(interview_doc(), interview_doc())
    assert import_json(engine, text) == ImportReport(2, 0)
    assert import_json(engine, text) == ImportReport(0, 2)
    assert counts(engine)["Contact"] == 1  # the same name and e-mail: one contact


def test_hand_written_file_links_contacts_names_and_planned_interviews(engine: Engine) -> None:
    bob_uuid = "11111111-2222-4333-8444-555555555555"
    text = document(
        interview_doc(
            contact={"name": "Ada", "email": "ADA@example.org", "referred_by": {"name": "carol"}},
            organization={"name": "Acme"},
            occupation="UX researcher",
            follow_up={
                "referrals": [
                    {
                        "name": "Bob",
                        "contact": {"uuid": bob_uuid, "name": "Bob"},
                        "planned_interview_uuid": bob_uuid.replace("1", "9"),
                    },
                    {"name": "Dan", "contact": {"name": "dan"}},
                ]
            },
        ),
        interview_doc(
            uuid=bob_uuid.replace("1", "9"),
            contact={"uuid": bob_uuid, "name": "Bob", "role": "Designer"},
            organization={"name": "ACME"},
            occupation="ux RESEARCHER",
        ),
        interview_doc(contact={"name": "ada", "email": "ada@EXAMPLE.org"}),
        interview_doc(contact={"name": "Carol"}),
    )
    assert import_json(engine, text).imported == 4
    with reading(engine) as session:
        contacts = {c.name: c for c in session.exec(select(Contact)).all()}
        interviews = session.exec(select(Interview).order_by(col(Interview.id))).all()
        referrals = session.exec(select(Referral).order_by(col(Referral.id))).all()
    assert sorted(contacts) == ["Ada", "Bob", "Carol", "dan"]
    assert contacts["Bob"].role == "Designer"  # the full contact, not a bare reference
    assert contacts["Ada"].referred_by_id == contacts["Carol"].id
    assert interviews[2].contact_id == contacts["Ada"].id
    assert interviews[0].organization_id == interviews[1].organization_id is not None
    assert interviews[0].occupation_id == interviews[1].occupation_id is not None
    assert referrals[0].contact_id == contacts["Bob"].id
    assert referrals[0].planned_interview_id == interviews[1].id
    assert referrals[1].contact_id == contacts["dan"].id
    assert counts(engine)["Organization"] == 1 and counts(engine)["Occupation"] == 1


def test_unknown_planned_interview_is_left_unlinked(engine: Engine) -> None:
    referral = {"name": "Bob", "planned_interview_uuid": "12345678-1234-4234-8234-123456789012"}
    import_json(engine, document(interview_doc(follow_up={"referrals": [referral]})))
    with reading(engine) as session:
        stored = session.exec(select(Referral)).one()
    assert stored.name == "Bob" and stored.planned_interview_id is None


# --------------------------------------------------------------------------- time zones


@pytest.fixture
def new_york() -> Iterator[None]:
    """The process's local time zone set to US Eastern (a POSIX rule, no tzdata needed)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "EST+5EDT,M3.2.0,M11.1.0")
        time.tzset()
        yield
    time.tzset()


def test_naive_timestamps_are_local_time(engine: Engine, new_york: None) -> None:
    text = document(
        interview_doc(
            scheduled_at="2026-11-26 14:30",
            started_at="2026-07-01T09:00:00",
            ended_at="2026-07-01T09:45:00+02:00",
            created_at="2026-07-01T08:00:00.25Z",
            follow_up={"next_contact_on": "2026-12-10", "thank_you_sent_at": "2026-12-01 08:00"},
        )
    )
    import_json(engine, text)
    item = json.loads(export_json(engine))["interviews"][0]
    assert item["scheduled_at"] == "2026-11-26T19:30:00Z"  # EST, UTC-5
    assert item["started_at"] == "2026-07-01T13:00:00Z"  # EDT, UTC-4
    assert item["ended_at"] == "2026-07-01T07:45:00Z"
    assert item["created_at"] == "2026-07-01T08:00:00.250000Z"
    assert item["follow_up"]["thank_you_sent_at"] == "2026-12-01T13:00:00Z"
    assert item["follow_up"]["next_contact_on"] == "2026-12-10"


#: Timestamps at the ends of the calendar, each with the UTC moment it must export as.
EDGE_TIMESTAMPS = [
    ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ("0001-01-01T14:00:00+14:00", "0001-01-01T00:00:00Z"),
    ("0001-01-01T00:00:00-12:00", "0001-01-01T12:00:00Z"),
    ("0001-01-01T00:00:00.5-00:30:15", "0001-01-01T00:30:15.500000Z"),
    ("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"),
    ("9999-12-31T11:59:59-12:00", "9999-12-31T23:59:59Z"),
    ("9999-12-31T23:59:59+14:00", "9999-12-31T09:59:59Z"),
    ("2026-11-26T14:30+0530", "2026-11-26T09:00:00Z"),
]


@pytest.mark.parametrize("zone", ["UTC-14", "UTC+12", "EST+5EDT,M3.2.0,M11.1.0"])
def test_dates_at_the_ends_of_the_calendar_round_trip(
    engine: Engine, tmp_path: Path, zone: str
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", zone)
        time.tzset()
        try:
            notes = [{"text": "edge", "created_at": given} for given, _ in EDGE_TIMESTAMPS]
            text = document(
                interview_doc(
                    uuid=str(uuid4()),
                    scheduled_at="9999-12-31T23:59:59Z",
                    started_at="0001-01-01T00:00:00Z",
                    ended_at="9999-12-31T23:59:59Z",
                    notes=notes,
                    follow_up={"next_contact_on": "9999-12-31"},
                ),
                interview_doc(
                    uuid=str(uuid4()),
                    scheduled_at="0001-01-01T00:00:00Z",
                    follow_up={"next_contact_on": "0001-01-01"},
                ),
            )
            assert import_json(engine, text).imported == 2
            exported = export_json(engine)
            first, second = json.loads(exported)["interviews"]
            assert [note["created_at"] for note in first["notes"]] == sorted(
                (expected for _, expected in EDGE_TIMESTAMPS), key=lambda v: v.rstrip("Z")
            )
            assert first["scheduled_at"] == first["ended_at"] == "9999-12-31T23:59:59Z"
            assert first["follow_up"]["next_contact_on"] == "9999-12-31"
            assert second["scheduled_at"] == "0001-01-01T00:00:00Z"
            # The export reads back as the same document, into another database.
            other = fresh(tmp_path, "other")
            assert import_json(other, exported).imported == 2
            assert without_exported_at(export_json(other)) == without_exported_at(exported)
            late, early = export_markdown(engine)
            assert "- Scheduled: 9999-12-31 " in late.text
            assert late.filename.startswith("0001-01-0")  # named by when it was held
            assert "- Scheduled: 0001-01-01 " in early.text
            assert early.filename.startswith("0001-01-0")
        finally:
            patch.undo()
            time.tzset()


@pytest.mark.parametrize(
    ("zone", "given", "expected"),
    [
        ("UTC+12", "0001-01-01 00:00", "0001-01-01T12:00:00Z"),  # Python's astimezone fails
        ("UTC-14", "9999-12-31 23:59", "9999-12-31T09:59:00Z"),
        ("UTC-14", "0001-01-01 00:00", None),  # 14 hours before year 1 in UTC
        ("UTC+12", "9999-12-31 23:59", None),
        ("UTC", "0001-01-01 00:00", "0001-01-01T00:00:00Z"),
    ],
)
def test_local_times_at_the_ends_of_the_calendar(
    engine: Engine, zone: str, given: str, expected: str | None
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", zone)
        time.tzset()
        try:
            text = document(interview_doc(scheduled_at=given))
            if expected is None:
                with pytest.raises(ImportFileError, match="outside the years 1 to 9999"):
                    import_json(engine, text, "edge.json")
                assert counts(engine)["Interview"] == 0
            else:
                import_json(engine, text)
                assert json.loads(export_json(engine))["interviews"][0]["scheduled_at"] == expected
        finally:
            patch.undo()
            time.tzset()


# --------------------------------------------------------------------------- malformed files

BAD_FILES = [
    ("", "bad.json: the file is empty"),
    ("  \n\t", "bad.json: the file is empty"),
    (
        '{"format": "infoint-tui",\n  "version": 1\n  "interviews": []}',
        "bad.json: line 3, column 3: not valid JSON (Expecting ',' delimiter)",
    ),
    ("[1, 2]", "bad.json: expected a JSON object"),
    ('"infoint-tui"', "bad.json: expected a JSON object"),
    ('{"version": 1}', "bad.json: format: is required"),
    (
        '{"format": "other", "version": 1}',
        'bad.json: format: expected "infoint-tui", found "other"',
    ),
    ('{"format": "infoint-tui", "version": 3, "new": 1}', "written by a newer infoint-tui"),
    ('{"format": "infoint-tui", "version": "1"}', 'version: expected 1 or 2, found "1"'),
    ('{"format": "infoint-tui"}', "version: expected 1 or 2, found nothing"),
    (document(interview_doc(), extra=1), "bad.json: extra: unknown key"),
    (document({"contact": {}}), "bad.json: interviews[0].contact.name: is required"),
    (document({"contact": {"name": " "}}), "interviews[0].contact.name: must not be empty"),
    (document({"stage": "live"}), "bad.json: interviews[0].contact: is required"),
    (
        document(interview_doc(questions=[{"text": "Q"}, {"text": "Q", "asked": "yes"}])),
        'bad.json: interviews[0].questions[1].asked: expected true or false, found "yes"',
    ),
    (
        document(interview_doc(questions=[{"text": "Q", "askd": True}])),
        'interviews[0].questions[0].askd: unknown key (did you mean "asked"?)',
    ),
    (
        document(interview_doc(**{"we ird\n": 1})),
        'interviews[0]["we ird\\n"]: unknown key',
    ),
    (
        document(interview_doc(scheduled_at="next tuesday")),
        "interviews[0].scheduled_at: expected a date and time such as",
    ),
    (document(interview_doc(scheduled_at="2026-11-26")), "interviews[0].scheduled_at: expected"),
    (document(interview_doc(scheduled_at=20261126)), "found 20261126"),
    (
        document(interview_doc(follow_up={"next_contact_on": "2026-13-01"})),
        "interviews[0].follow_up.next_contact_on: expected a date",
    ),
    (
        document(interview_doc(reflection={"fit_confidence": 7})),
        "interviews[0].reflection.fit_confidence: must be between 1 and 5, found 7",
    ),
    (
        document(interview_doc(reflection={"fit_confidence": True})),
        "interviews[0].reflection.fit_confidence: expected a whole number, found true",
    ),
    (document(interview_doc(planned_minutes=0)), "planned_minutes: must be between 1 and 600"),
    (document(interview_doc(planned_minutes=25.0)), "planned_minutes: expected a whole number"),
    (document(interview_doc(stage="Live")), "interviews[0].stage: expected one of research,"),
    (document(interview_doc(medium=None)), "interviews[0].medium: expected one of"),
    (document(interview_doc(uuid="not-a-uuid")), "interviews[0].uuid: expected a UUID"),
    (document(interview_doc(questions={})), "interviews[0].questions: expected a list"),
    (document(interview_doc(contact="Sam")), "interviews[0].contact: expected an object"),
    (
        document(
            interview_doc(uuid="12345678-1234-4234-8234-123456789012"),
            interview_doc(uuid="12345678-1234-4234-8234-123456789012".upper()),
        ),
        "interviews[1].uuid: 12345678-1234-4234-8234-123456789012 is also the uuid of "
        "interviews[0]",
    ),
    (
        document(interview_doc(questions=[{"text": "Q", "estimate_minutes": float("nan")}])),
        "interviews[0].questions[0].estimate_minutes: expected a number, found NaN",
    ),
    (
        document(interview_doc(follow_up={"referrals": [{"context": "x"}]})),
        "interviews[0].follow_up.referrals[0].name: is required",
    ),
    (
        '{"format": "infoint-tui", "version": 1, "interviews": [{"contact": {"name": "A",'
        ' "name": "B"}}]}',
        'bad.json: interviews[0].contact: the key "name" appears more than once',
    ),
    (
        '{"format": "infoint-tui", "version": 1, "interviews": [{"contact": {"name": "\\ud800"}}]}',
        "bad.json: interviews[0].contact.name: contains a lone UTF-16 surrogate",
    ),
    (
        document(interview_doc(contact={"name": "A", "role": 1}, goals=2)),
        "interviews[0].goals: expected text in double quotes, found 2 (and 1 more problem)",
    ),
    (
        # Python's own parser gives up with RecursionError long before this depth.
        document(interview_doc(goals="@")).replace('"@"', "[" * 100_000 + "]" * 100_000),
        "bad.json: interviews[0].goals[0][0][0][0][0]…[0]: nested more than 64 levels deep"
        " (line 1, column 155); an infoint-tui export is at most 7 levels deep",
    ),
    (
        document(interview_doc(goals="@")).replace('"@"', '{"a": ' * 5000 + "1" + "}" * 5000),
        "interviews[0].goals.a.a.a.a.a….a: nested more than 64 levels deep (line 1, column",
    ),
    (
        # Deep enough to break a recursive walk, shallow enough for Python's parser.
        document(interview_doc(goals="@")).replace('"@"', "[" * 600 + '{"a":1,"a":2}' + "]" * 600),
        'interviews[0].goals[0][0][0][0][0]…[0]: the key "a" appears more than once',
    ),
    (
        document(interview_doc(questions=[{"text": "Q", "asked_at_seconds": 7}])).replace(
            "7", "9" * 5000
        ),
        "interviews[0].questions[0].asked_at_seconds: the number is too long (5000 digits;",
    ),
    (
        document(interview_doc(planned_minutes=7)).replace("7", "-" + "1" * 4301),
        "interviews[0].planned_minutes: the number is too long (4301 digits;",
    ),
    (
        '{"format": "infoint-tui", "version": 1' + "0" * 30 + "}",
        "bad.json: version: the number is too long (31 digits; no field takes more than 19)",
    ),
    (
        document(interview_doc(questions=[{"text": "Q", "asked_at_seconds": 2**63}])),
        "asked_at_seconds: must be between",
    ),
    (
        document(interview_doc(scheduled_at="0001-01-01T00:00:00+14:00")),
        "interviews[0].scheduled_at: is outside the years 1 to 9999 once converted to UTC, "
        'found "0001-01-01T00:00:00+14:00"',
    ),
    (
        document(interview_doc(notes=[{"created_at": "9999-12-31T23:00:00-12:00"}])),
        "interviews[0].notes[0].created_at: is outside the years 1 to 9999 once converted",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FILES, ids=[e[:48] for _, e in BAD_FILES])
def test_malformed_file_is_refused_whole(engine: Engine, text: str, expected: str) -> None:
    populate(engine)
    before = counts(engine)
    with pytest.raises(ImportFileError) as caught:
        import_json(engine, text, "bad.json")
    message = str(caught.value)
    assert expected in message
    assert message.startswith("bad.json: ")
    assert "\n" not in message and "\x1b" not in message
    assert counts(engine) == before


def test_one_bad_interview_at_the_end_imports_nothing(engine: Engine) -> None:
    good = [interview_doc(contact={"name": f"Person {n}"}, goals=f"goal {n}") for n in range(200)]
    bad = interview_doc(questions=[{"text": "Q", "asked": "yes"}])
    with pytest.raises(ImportFileError, match=r"interviews\[200\]\.questions\[0\]\.asked"):
        import_json(engine, document(*good, bad), "big.json")
    assert counts(engine) == dict.fromkeys(counts(engine), 0)
    assert import_json(engine, document(*good)).imported == 200


def test_a_failure_while_writing_rolls_everything_back(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(engine)
    exported = export_json(engine)
    main = json.loads(exported)["interviews"][0]
    other_text = exported.replace(main["uuid"], str(uuid4()))
    other_text = other_text.replace(main["contact"]["uuid"], str(uuid4()))
    before = counts(engine)

    def fail(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(exchange._Importer, "_children", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_json(engine, other_text)
    assert counts(engine) == before  # the contact and interview written first are gone
    monkeypatch.undo()
    assert import_json(engine, other_text) == ImportReport(imported=1, already_present=1)


def test_source_name_in_messages_is_terminal_safe(engine: Engine) -> None:
    with pytest.raises(ImportFileError) as caught:
        import_json(engine, "{", "evil\x1b[2J\nname.json")
    message = str(caught.value)
    assert message.startswith("evil\\x1b[2J\\x0aname.json: line 1, column 2: not valid JSON")
    assert "\x1b" not in message and "\n" not in message


def test_byte_order_mark_is_ignored(engine: Engine) -> None:
    assert import_json(engine, "\ufeff" + MINIMAL).imported == 1


def test_exchange_does_not_import_textual() -> None:
    code = "import sys, infoint_tui.store.exchange; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --------------------------------------------------------------------------- Markdown


def front_matter(text: str) -> dict[str, Any]:
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    values = {}
    for line in lines[1:end]:
        key, separator, value = line.partition(": ")
        assert separator and key.isidentifier(), line
        values[key] = json.loads(value)
    return values


def test_markdown_has_sections_and_no_raw_controls(engine: Engine, new_york: None) -> None:
    uuids = populate(engine)
    documents = export_markdown(engine)
    assert all(isinstance(item, MarkdownDocument) for item in documents)
    main = documents[0]
    text = main.text
    for heading in ("## Research", "## Questions", "## Notes", "## Reflection", "## Follow-up"):
        assert f"\n{heading}\n" in text
    title = next(line for line in text.split("\n") if line.startswith("# "))
    assert title.startswith("# Ada: [b]x[/] [@click=app.quit]x[/]") and " — occupation: " in title
    assert "\\u202eevil\\u202c Tab CRLF \\x1b[31mred" in title  # CRLF is a space in a heading
    assert text.count("\n### question one: ") == 1
    assert "answer one: [b]x[/]" in text
    assert "*must ask · asked at minute 3 · ★ starred · Typical day*" in text
    assert "skipped" in text and "**[minute 2 · ★]** note one" in text
    assert "Fit confidence: 4 of 5" in text
    assert "- Next contact on: 2026-12-10" in text
    assert "- Thank-you sent: 2026-11-27 04:00 EST" in text
    assert "- Scheduled: 2026-11-26 09:30 EST" in text
    assert "(interview planned)" in text
    for character in ("\x1b", "\x07", "\x00", "\x7f", "\x85", "\u202e", "\u2066", "\r"):
        assert character not in text, repr(character)
    assert "\\x1b[31mred" in text and "\\u202eevil" in text and "\\x00nul" in text
    assert "👩‍💻" in text and "مرحبا" in text
    matter = front_matter(text)
    assert matter == {
        "uuid": uuids["main"],
        "contact": hostile("Ada"),
        "organization": hostile("org"),
        "occupation": hostile("occupation"),
        "scheduled": "2026-11-26T14:30:00Z",
        "stage": "follow_up",
        "medium": "in_person",
        "fit_confidence": 4,
    }
    head = text[: text.index("\n---\n", 4)]
    for character in ("\x1b", "\u2028", "\u202e", "\r", "\t"):
        assert character not in head


def test_markdown_file_names_follow_the_interview_date(engine: Engine, new_york: None) -> None:
    text = document(
        interview_doc(
            contact={"name": "Held"},
            scheduled_at="2026-11-20T15:00:00Z",
            started_at="2026-11-24T15:00:00Z",  # held four days after the plan
        ),
        interview_doc(contact={"name": "Planned"}, scheduled_at="2026-11-20T15:00:00Z"),
        interview_doc(contact={"name": "Unscheduled"}, created_at="2026-11-02T15:00:00Z"),
    )
    import_json(engine, text)
    names = sorted(item.filename for item in export_markdown(engine))
    assert names == ["2026-11-20 Planned.md", "2026-11-24 Held.md", "Unscheduled.md"]


def test_markdown_omits_empty_sections_and_names_files_safely(
    engine: Engine, new_york: None
) -> None:
    populate(engine)
    text = document(
        interview_doc(contact={"name": "Sam"}, scheduled_at="2026-11-26T10:00:00Z"),
        interview_doc(contact={"name": "Sam"}, scheduled_at="2026-11-26T11:00:00Z"),
        interview_doc(
            contact={"name": "SAM", "email": "s@x"}, scheduled_at="2026-11-26T12:00:00Z", goals="g"
        ),
        interview_doc(contact={"name": ".hidden/..\\name:*?"}, occupation="UX/UI \x1b designer"),
    )
    import_json(engine, text)
    documents = export_markdown(engine)
    names = [item.filename for item in documents]
    assert len(set(names)) == len(names) == 6
    # Held on the 26th; Bob's, created on the 11th, has no date and its name says none.
    assert names[0].startswith("2026-11-26 ") and names[1] == "Bob - Builder.md"
    sams = [name for name in names if "Sam" in name or "SAM" in name]
    assert sams == ["2026-11-26 Sam.md", "2026-11-26 Sam (2).md", "2026-11-26 SAM (3).md"]
    odd = names[-1]
    assert odd == "hidden-..-name--- - UX-UI - designer.md"
    for name in names:
        assert "/" not in name and "\\" not in name and "\x1b" not in name
        assert len(name.encode()) <= 255
    minimal = documents[2].text
    assert "## Research" in minimal and "## Questions" not in minimal
    assert "## Notes" not in minimal and "## Reflection" not in minimal
    assert "## Follow-up" not in minimal and "\n# Sam\n" in minimal
    assert front_matter(minimal)["organization"] is None
    assert "### Goals\n\ng\n" in documents[4].text


def test_markdown_of_unknown_uuid(engine: Engine) -> None:
    with pytest.raises(NotFoundError):
        export_markdown(engine, ["missing"])


# --------------------------------------------------------------------------- size


def test_large_file_round_trips(engine: Engine, tmp_path: Path) -> None:
    """2,000 interviews of 8 questions each; not a timing assertion, only a sanity check."""
    interviews = [
        interview_doc(
            uuid=f"00000000-0000-4000-8000-{n:012d}",
            contact={"name": f"Person {n % 700}", "email": f"p{n % 700}@example.org"},
            organization={"name": f"Org {n % 50}"},
            occupation=f"Occupation {n % 30}",
            created_at=f"2026-01-01T00:00:{n % 60:02d}Z",
            questions=[
                {"text": f"Question {q}?", "answer": f"Answer {n}-{q}", "asked": q % 2 == 0}
                for q in range(8)
            ],
            notes=[{"text": f"note {n}", "created_at": "2026-01-02T00:00:00Z"}],
            reflection={"fit_confidence": n % 5 + 1},
        )
        for n in range(2000)
    ]
    started = time.perf_counter()
    assert import_json(engine, document(*interviews)) == ImportReport(2000, 0)
    exported = export_json(engine)
    other = fresh(tmp_path, "other")
    assert import_json(other, exported).imported == 2000
    assert without_exported_at(export_json(other)) == without_exported_at(exported)
    elapsed = time.perf_counter() - started
    sizes = counts(other)
    assert sizes["Question"] == 16000 and sizes["Contact"] == 700 and sizes["Organization"] == 50
    print(f"2,000 interviews: import, export, import, export in {elapsed:.2f} s")


# --------------------------------------------------------------------------- write failures

SECRET = {
    "format": "infoint-tui",
    "version": 1,
    "interviews": [{"contact": {"name": "Private Person"}, "notes": [{"text": "my secret note"}]}],
}


def test_a_locked_database_refuses_the_import_in_one_line(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from infoint_tui.store import engine as engine_module
    from infoint_tui.store.errors import DatabaseFileError

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    engine = make_engine(db_path)
    populate(engine)
    engine.dispose()
    before = db_path.read_bytes()
    engine = make_engine(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseFileError) as caught:
            import_json(engine, json.dumps(SECRET), "in.json")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(caught.value)
    assert message == (
        f"{db_path}: nothing was imported from in.json: the database is locked by another "
        "program (is infoint-tui open elsewhere?)"
    )
    engine.dispose()
    assert db_path.read_bytes() == before
    engine = make_engine(db_path)
    assert import_json(engine, json.dumps(SECRET)).imported == 1
    engine.dispose()


def test_a_row_the_database_refuses_imports_nothing_and_quotes_nothing(engine: Engine) -> None:
    from infoint_tui.store.errors import DatabaseFileError

    populate(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_notes BEFORE INSERT ON note "
            "BEGIN SELECT RAISE(ABORT, 'no notes today'); END"
        )
    before = counts(engine)
    with pytest.raises(DatabaseFileError) as caught:
        import_json(engine, json.dumps(SECRET), "in.json")
    message = str(caught.value)
    assert message.endswith(
        "nothing was imported from in.json: the database refused a row (SQLITE_CONSTRAINT_TRIGGER)"
    )
    for private in ("secret", "Private", "INSERT", "no notes today"):
        assert private not in message
    assert counts(engine) == before  # the contact and interview written first are gone


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SQLITE_FULL", "the disk is full"),
        ("SQLITE_READONLY", "the database file is read-only"),
        ("SQLITE_READONLY_DBMOVED", "the database file is read-only (SQLITE_READONLY_DBMOVED)"),
        ("SQLITE_IOERR_WRITE", "the disk reported an input/output error (SQLITE_IOERR_WRITE)"),
        ("SQLITE_BUSY_SNAPSHOT", "the database is locked by another program"),
        ("SQLITE_MISUSE", "the database refused the write (SQLITE_MISUSE)"),
    ],
)
def test_write_failures_are_named_in_fixed_words(name: str, expected: str) -> None:
    import sqlite3

    from infoint_tui.store.exchange.writer import write_failure

    error = sqlite3.OperationalError("private text from the statement")
    error.sqlite_errorname = name
    reason = write_failure(error)
    assert reason.startswith(expected) and "private" not in reason
    disk = write_failure(OSError(28, "No space left on device", "/home/x/secret.db"))
    assert disk == "the system refused the write (No space left on device)"
