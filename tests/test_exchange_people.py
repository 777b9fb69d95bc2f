"""People in the JSON export (format version 2): every person, their timeline and the target
list survive a round trip; version 1 files still import, making the people the upgrade to
schema 0005 would; a dangling introducer is refused whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import func
from sqlmodel import select

from infoint_tui.store.errors import ImportFileError
from infoint_tui.store.exchange import ImportReport, export_json, import_json
from infoint_tui.store.kinds import OutreachStatus, TimelineKind
from infoint_tui.store.models import Contact, Interview, Organization, Referral, TimelineEntry
from infoint_tui.store.sessions import reading
from infoint_tui.store.store import Store

#: Markup, escape sequences, bidi overrides, controls and separators: kept exactly.
HOSTILE = (
    "[b]x[/] [@click=app.quit]x[/] [/ \x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 \u202eevil\u202c"
    " \r\nCRLF\ttab \x00nul \x85nel \u2028ls \u2066iso\u2069 é 👩‍💻"
)
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def populate(store: Store) -> dict[str, int]:
    """Every kind of people row; returns some of the people's ids by first name."""
    # On the target list, with no interview and nobody working there.
    store.set_motivation("Initech", 5)
    store.set_motivation("Globex", 3)
    ada = store.add_person(
        f"Ada {HOSTILE}",
        organization="Acme",
        role=f"Engineer {HOSTILE}",
        email="ada@example.org",
        how_found="Alumni directory",
    )
    store.update_contact(ada.id, phone=HOSTILE, profile_url=HOSTILE, notes=f"notes {HOSTILE}")
    store.set_keep_in_touch(ada.id, 90)
    # An introducer chain: Ada introduced Bob, who introduced Cleo.
    bob = store.add_person("Bob Stone", introduced_by_id=ada.id, how_found="Referral")
    cleo = store.add_person("Cleo Park", organization="Globex", introduced_by_id=bob.id)
    # A person without any interview, kept in touch with, who declined.
    dan = store.add_person("Dan Wu", email="dan@example.org", how_found=HOSTILE)
    store.set_keep_in_touch(dan.id, 30)
    # A message being written to him, not sent yet.
    from infoint_tui.store.text_refs import TextRef

    store.save_text(TextRef("contact", dan.id, "message_draft"), f"Dear Dan, {HOSTILE}?")
    # Timeline entries of every kind (status entries come with the moves).
    store.log_event(bob.id, TimelineKind.REQUEST, f"request {HOSTILE}", at=MONDAY)
    store.log_event(bob.id, TimelineKind.NUDGE, "nudge", at=MONDAY + timedelta(days=9))
    store.log_event(bob.id, TimelineKind.REPLY, "", at=MONDAY + timedelta(days=10))
    store.log_event(bob.id, TimelineKind.UPDATE, "I took your advice", at=MONDAY + timedelta(30))
    store.log_event(dan.id, TimelineKind.CONTACT, f"met at a fair {HOSTILE}", at=MONDAY)
    store.set_outreach_status(dan.id, OutreachStatus.DECLINED, at=MONDAY + timedelta(days=1))
    twin = store.add_person("Cleo Park", email="cleo@example.org")
    store.log_event(twin.id, TimelineKind.CONTACT, "same person", at=MONDAY)
    store.merge_people(cleo.id, twin.id)  # a "merged" entry
    # Every outreach status, each reached by a dated move.
    for number, status in enumerate(OutreachStatus):
        person = store.add_person(f"Status {number}")
        store.set_outreach_status(person.id, status, at=MONDAY + timedelta(hours=number))
    # An interview with Ada, held and followed up, with a referral that became a person.
    interview = store.create_interview("", contact_id=ada.id, organization="Acme")
    store.update_interview(interview.id, started_at=MONDAY, ended_at=MONDAY + timedelta(hours=1))
    store.save_follow_up(interview.id, thank_you_sent_at=MONDAY + timedelta(hours=3))
    referral = store.add_referral(interview.id, f"Eve {HOSTILE}", "runs the lab")
    assert referral.contact_id is not None
    store.set_outreach_status(referral.contact_id, OutreachStatus.REQUEST_SENT, at=MONDAY)
    store.create_interview("", contact_id=cleo.id, organization="Globex")
    return {"ada": ada.id, "bob": bob.id, "cleo": cleo.id, "dan": dan.id}


def _without(record: Any, *names: str) -> dict[str, Any]:
    values = asdict(record)
    for name in names:
        values.pop(name)
    return values


def snapshot(store: Store) -> dict[str, Any]:
    """Everything the People screens show, with row ids (which differ between databases)
    replaced by uuids."""
    uuid_of = {person.id: person.uuid for person in store.contacts()}
    people = []
    for line in store.people():
        page = store.person_page(line.id)
        people.append(
            {
                "line": _without(line, "id", "introduced_by_id"),
                "person": _without(page.person, "id", "referred_by_id", "organization_id"),
                "organization": page.organization and _without(page.organization, "id"),
                "introduced_by": page.introduced_by and page.introduced_by.uuid,
                "timeline": [
                    (
                        item.at,
                        item.kind,
                        item.label,
                        item.text,
                        item.interview_id and store.interview(item.interview_id).interview.uuid,
                        item.person_id and uuid_of[item.person_id],
                    )
                    for item in page.timeline
                ],
                "interviews": sorted(
                    store.interview(number).interview.uuid for number in page.interview_ids
                ),
            }
        )
    ranked = [
        (_without(organization, "id"), [person.name for person in staff])
        for organization, staff in store.ranked_organizations()
    ]
    organizations = sorted(
        (_without(organization, "id") for organization in store.organizations()),
        key=lambda values: values["name"],
    )
    return {"people": people, "ranked": ranked, "organizations": organizations}


def row_counts(store: Store) -> dict[str, int]:
    with reading(store.engine) as session:
        return {
            table.__name__: session.exec(select(func.count()).select_from(table)).one()
            for table in (Contact, TimelineEntry, Organization, Interview, Referral)
        }


@pytest.fixture
def other(tmp_path: Path):
    """A second, empty database to import into."""
    store = Store.open(tmp_path / "other.db")
    yield store
    store.close()


def without_exported_at(text: str) -> dict[str, Any]:
    document = json.loads(text)
    document.pop("exported_at")
    return document


# --------------------------------------------------------------------------- round trips


def test_every_person_survives_a_round_trip_into_an_empty_database(
    store: Store, other: Store
) -> None:
    populate(store)
    exported = export_json(store.engine)
    document = json.loads(exported)
    assert document["version"] == 2
    assert [organization["name"] for organization in document["organizations"]] == ["Initech"]
    assert len(document["people"]) == len(store.people())

    assert import_json(other.engine, exported, "people.json") == ImportReport(2, 0)

    assert snapshot(other) == snapshot(store)
    assert row_counts(other) == row_counts(store)
    assert without_exported_at(export_json(other.engine)) == without_exported_at(exported)
    ranked = [(org.name, org.motivation) for org, _ in other.ranked_organizations()]
    assert ranked == [("Initech", 5), ("Globex", 3)]


def test_hostile_text_round_trips_exactly(store: Store, other: Store) -> None:
    ids = populate(store)
    exported = export_json(store.engine)
    assert "\x1b" not in exported and "\u202e" not in exported and "\x85" not in exported
    import_json(other.engine, exported)
    [ada] = [line for line in other.people() if line.name.startswith("Ada ")]
    person = other.person(ada.id)
    assert person.name == f"Ada {HOSTILE}"
    assert (person.phone, person.profile_url, person.notes) == (
        HOSTILE,
        HOSTILE,
        f"notes {HOSTILE}",
    )
    [dan] = [line for line in other.people() if line.name == "Dan Wu"]
    assert other.person(dan.id).how_met == HOSTILE
    texts = {item.text for item in other.person_page(dan.id).timeline}
    assert f"met at a fair {HOSTILE}" in texts
    bob = store.person(ids["bob"])
    [bob_there] = [line for line in other.people() if line.name == bob.name]
    texts = {item.text for item in other.person_page(bob_there.id).timeline}
    assert f"request {HOSTILE}" in texts


def test_importing_twice_keeps_the_stored_people_as_they_are(store: Store, other: Store) -> None:
    populate(store)
    exported = export_json(store.engine)
    import_json(other.engine, exported)
    before, counts = snapshot(other), row_counts(other)
    assert import_json(other.engine, exported) == ImportReport(0, 2)
    assert snapshot(other) == before and row_counts(other) == counts
    # A person already stored is kept as stored, as an interview already stored is: the
    # file's copy (and its timeline) does not overwrite what was done here since.
    [dan] = [line for line in other.people() if line.name == "Dan Wu"]
    other.update_contact(dan.id, notes="changed here")
    other.log_event(dan.id, TimelineKind.REPLY, "after all", at=MONDAY + timedelta(days=40))
    changed = snapshot(other)
    assert import_json(other.engine, exported) == ImportReport(0, 2)
    assert snapshot(other) == changed
    # Into the database it came from: nothing new either.
    assert import_json(store.engine, exported) == ImportReport(0, 2)


def test_people_in_any_order_import_the_same(store: Store, other: Store) -> None:
    populate(store)
    document = json.loads(export_json(store.engine))
    document["people"].reverse()  # everyone now comes before whoever introduced them
    import_json(other.engine, json.dumps(document))
    mine, theirs = snapshot(store), snapshot(other)
    assert theirs["people"] == mine["people"]


def test_an_export_of_some_interviews_carries_who_introduced_their_people(
    store: Store, other: Store
) -> None:
    ids = populate(store)
    [cleo_interview] = store.person_page(ids["cleo"]).interview_ids
    uuid = store.interview(cleo_interview).interview.uuid
    document = json.loads(export_json(store.engine, [uuid]))
    names = [person["name"] for person in document["people"]]
    assert sorted(names) == sorted([f"Ada {HOSTILE}", "Bob Stone", "Cleo Park"])
    # Globex is written with the interview; Acme, where Ada works, on its own.
    assert [organization["name"] for organization in document["organizations"]] == ["Acme"]
    assert import_json(other.engine, json.dumps(document)).imported == 1
    chain = {line.name: line.introduced_by for line in other.people()}
    assert chain == {f"Ada {HOSTILE}": "", "Bob Stone": f"Ada {HOSTILE}", "Cleo Park": "Bob Stone"}


def test_a_file_of_people_alone_imports(other: Store) -> None:
    first, second = str(uuid4()), str(uuid4())
    text = json.dumps(
        {
            "format": "infoint-tui",
            "version": 2,
            "organizations": [{"name": "Initech", "motivation": 4}],
            "people": [
                {"uuid": second, "name": "Sam", "introduced_by": first, "organization": "initech"},
                {
                    "uuid": first,
                    "name": "Ria",
                    "outreach_status": "replied",
                    "timeline": [{"kind": "reply", "at": "2026-03-02T09:00:00Z", "text": "Yes"}],
                },
            ],
        }
    )
    assert import_json(other.engine, text) == ImportReport(0, 0)
    lines = {line.name: line for line in other.people()}
    assert lines["Sam"].introduced_by == "Ria" and lines["Sam"].organization == "Initech"
    assert lines["Ria"].status is OutreachStatus.REPLIED
    [(organization, staff)] = other.ranked_organizations()
    assert (organization.motivation, [p.name for p in staff]) == (4, ["Sam"])
    [entry] = other.person_page(lines["Ria"].id).timeline
    assert (entry.kind, entry.at, entry.text) == ("reply", MONDAY, "Yes")
    assert import_json(other.engine, text) == ImportReport(0, 0)
    assert len(other.people()) == 2


# --------------------------------------------------------------------------- refusals


def test_a_dangling_introducer_is_refused_in_one_line_and_nothing_imported(
    store: Store, other: Store
) -> None:
    populate(store)
    document = json.loads(export_json(store.engine))
    nobody = str(uuid4())
    index = next(i for i, person in enumerate(document["people"]) if person["introduced_by"])
    document["people"][index]["introduced_by"] = nobody
    before = row_counts(other)
    with pytest.raises(ImportFileError) as caught:
        import_json(other.engine, json.dumps(document), "people.json")
    assert str(caught.value) == (
        f"people.json: people[{index}].introduced_by: no person in the file has the uuid {nobody}"
    )
    assert row_counts(other) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda doc: doc["people"].append(dict(doc["people"][0])),
            "people[{last}].uuid: {first} is also the uuid of people[0]",
        ),
        (
            lambda doc: doc["people"][0].update(outreach_status="ghosted"),
            "people[0].outreach_status: expected one of to_contact, request_sent, replied,",
        ),
        (
            lambda doc: doc["people"][0]["timeline"].append({"kind": "coffee"}),
            "people[0].timeline[0].kind: expected one of status, request, nudge, reply,",
        ),
        (
            lambda doc: doc["organizations"][0].update(motivation=6),
            "organizations[0].motivation: must be between 1 and 5, found 6",
        ),
        (
            lambda doc: doc["people"][0].update(keep_in_touch_days=0),
            "people[0].keep_in_touch_days: must be between 1 and",
        ),
        (
            lambda doc: doc["interviews"][0]["contact"].update(name="Someone else"),
            "people[0] and interviews[0].contact give contact {first} a different name",
        ),
        (
            lambda doc: doc.update(version=1),
            "organizations: only a version 2 document has organizations; this one is version 1",
        ),
    ],
)
def test_a_malformed_people_document_is_refused_whole(
    other: Store, change: Any, expected: str
) -> None:
    person = {"uuid": str(uuid4()), "name": "Ada", "timeline": []}
    document = {
        "format": "infoint-tui",
        "version": 2,
        "organizations": [{"name": "Initech", "motivation": 5}],
        "people": [person],
        "interviews": [{"contact": {"uuid": person["uuid"], "name": "Ada"}}],
    }
    change(document)
    expected = expected.format(first=person["uuid"], last=len(document["people"]) - 1)
    with pytest.raises(ImportFileError) as caught:
        import_json(other.engine, json.dumps(document), "bad.json")
    message = str(caught.value)
    assert message.startswith(f"bad.json: {expected}"), message
    assert "\n" not in message
    assert row_counts(other) == dict.fromkeys(row_counts(other), 0)


# --------------------------------------------------------------------------- version 1

#: A file as release 1 wrote it (format version 1, contacts inline only), of the same
#: interviews as the release-0004 database of tests/test_people.py: Ada held one interview
#: and planned another, Bob planned one, Cleo (whom Ada suggested) planned one, and Dan and
#: Eve were suggested without becoming contacts.
RELEASE_1 = """{
  "format": "infoint-tui",
  "version": 1,
  "exported_at": "2026-03-03T08:00:00Z",
  "interviews": [
    {
      "uuid": "6f1d7c52-8a8e-4c1b-9f0e-000000000001",
      "stage": "follow_up", "scheduled_at": null, "medium": "video", "planned_minutes": 25,
      "research_notes": "", "goals": "",
      "started_at": "2026-03-02T10:00:00Z", "ended_at": "2026-03-02T10:00:00Z",
      "created_at": "2026-03-01T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
      "contact": {
        "uuid": "0a0a0a0a-1111-4111-8111-000000000001", "name": "Ada Lovelace",
        "role": "Engineer", "email": "ada@example.org", "phone": "", "profile_url": "",
        "how_met": "Alumni", "notes": "likes tea", "referred_by": null,
        "created_at": "2026-03-02T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z"
      },
      "organization": {"name": "Globex", "sector": "", "website": "", "research_notes": ""},
      "occupation": null, "questions": [], "notes": [], "reflection": null,
      "follow_up": {
        "thank_you_text": "", "thank_you_sent_at": null, "next_contact_on": null,
        "updated_at": "2026-03-02T10:00:00Z",
        "referrals": [
          {
            "name": "Cleo Park", "context": "her mentor", "created_at": "2026-03-02T10:00:00Z",
            "contact": {"uuid": "0a0a0a0a-1111-4111-8111-000000000003", "name": "Cleo Park"},
            "planned_interview_uuid": "6f1d7c52-8a8e-4c1b-9f0e-000000000004"
          },
          {
            "name": "Dan Wu", "context": "runs the lab", "created_at": "2026-03-02T10:00:00Z",
            "contact": null, "planned_interview_uuid": null
          }
        ]
      }
    },
    {
      "uuid": "6f1d7c52-8a8e-4c1b-9f0e-000000000002",
      "stage": "research", "scheduled_at": null, "medium": "video", "planned_minutes": 25,
      "research_notes": "", "goals": "", "started_at": null, "ended_at": null,
      "created_at": "2026-03-02T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
      "contact": {
        "uuid": "0a0a0a0a-1111-4111-8111-000000000001", "name": "Ada Lovelace",
        "role": "Engineer", "email": "ada@example.org", "phone": "", "profile_url": "",
        "how_met": "Alumni", "notes": "likes tea", "referred_by": null,
        "created_at": "2026-03-02T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z"
      },
      "organization": {"name": "Acme", "sector": "Tools", "website": "",
                       "research_notes": "anvils"},
      "occupation": null, "questions": [], "notes": [], "reflection": null, "follow_up": null
    },
    {
      "uuid": "6f1d7c52-8a8e-4c1b-9f0e-000000000003",
      "stage": "questions", "scheduled_at": null, "medium": "phone", "planned_minutes": 30,
      "research_notes": "", "goals": "", "started_at": null, "ended_at": null,
      "created_at": "2026-03-02T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
      "contact": {
        "uuid": "0a0a0a0a-1111-4111-8111-000000000002", "name": "Bob Stone", "role": "",
        "email": "", "phone": "", "profile_url": "", "how_met": "", "notes": "",
        "referred_by": null,
        "created_at": "2026-03-02T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z"
      },
      "organization": null, "occupation": null, "questions": [], "notes": [],
      "reflection": null,
      "follow_up": {
        "thank_you_text": "", "thank_you_sent_at": null, "next_contact_on": null,
        "updated_at": "2026-03-02T10:00:00Z",
        "referrals": [
          {
            "name": "Eve Adams", "context": "", "created_at": "2026-03-02T10:00:00Z",
            "contact": null, "planned_interview_uuid": null
          }
        ]
      }
    },
    {
      "uuid": "6f1d7c52-8a8e-4c1b-9f0e-000000000004",
      "stage": "research", "scheduled_at": null, "medium": "video", "planned_minutes": 25,
      "research_notes": "", "goals": "", "started_at": null, "ended_at": null,
      "created_at": "2026-03-02T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
      "contact": {
        "uuid": "0a0a0a0a-1111-4111-8111-000000000003", "name": "Cleo Park", "role": "",
        "email": "", "phone": "", "profile_url": "", "how_met": "Referral", "notes": "",
        "referred_by": {"uuid": "0a0a0a0a-1111-4111-8111-000000000001",
                        "name": "Ada Lovelace"},
        "created_at": "2026-03-02T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z"
      },
      "organization": null, "occupation": null, "questions": [], "notes": [],
      "reflection": null, "follow_up": null
    }
  ]
}
"""


def test_a_version_1_file_makes_the_people_the_upgrade_would(other: Store) -> None:
    assert import_json(other.engine, RELEASE_1, "release-1.json") == ImportReport(4, 0)
    people = {
        line.name: (line.status.value, line.organization or None, line.introduced_by or None)
        for line in other.people()
    }
    # As the upgrade to schema 0005 makes them (tests/test_people.py, the same interviews).
    assert people == {
        # Held once: interviewed; the organization of her latest interview.
        "Ada Lovelace": ("interviewed", "Acme", None),
        "Bob Stone": ("scheduled", None, None),
        "Cleo Park": ("scheduled", None, "Ada Lovelace"),
        # Suggested without a contact: a person each, introduced by who suggested them.
        "Dan Wu": ("to_contact", None, "Ada Lovelace"),
        "Eve Adams": ("to_contact", None, "Bob Stone"),
    }
    how_found = {line.name: line.how_found for line in other.people()}
    assert how_found == {
        "Ada Lovelace": "Alumni",
        "Bob Stone": "",
        "Cleo Park": "Referral",
        "Dan Wu": "Referral",
        "Eve Adams": "Referral",
    }
    with reading(other.engine) as session:
        rows = session.exec(
            select(Referral.name, Referral.context, Contact.name, Contact.created_at)
            .join(Contact, Contact.id == Referral.contact_id)  # type: ignore[arg-type]
            .order_by(Referral.id)  # type: ignore[arg-type]
        ).all()
    assert [row[:3] for row in rows] == [
        ("Cleo Park", "her mentor", "Cleo Park"),
        ("Dan Wu", "runs the lab", "Dan Wu"),
        ("Eve Adams", "", "Eve Adams"),
    ]
    assert rows[1][3] == datetime(2026, 3, 2, 10, tzinfo=UTC)  # when they were suggested
    before = row_counts(other)
    assert import_json(other.engine, RELEASE_1) == ImportReport(0, 4)
    assert row_counts(other) == before
    # Exported again (version 2) and imported elsewhere, nothing changes.
    exported = export_json(other.engine)
    assert json.loads(exported)["version"] == 2


def test_a_version_1_file_round_trips_through_version_2(other: Store, tmp_path: Path) -> None:
    import_json(other.engine, RELEASE_1)
    exported = export_json(other.engine)
    third = Store.open(tmp_path / "third.db")
    try:
        import_json(third.engine, exported)
        assert snapshot(third) == snapshot(other)
    finally:
        third.close()


# --------------------------------------------------------------------------- the program


def _program() -> list[str]:
    script = Path(sys.executable).with_name("infoint-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "infoint_tui"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_program(), *args], capture_output=True, text=True, timeout=120, env=dict(os.environ)
    )


def test_the_command_line_exports_and_imports_people(store: Store, tmp_path: Path) -> None:
    populate(store)
    source, target = str(store.path), str(tmp_path / "target.db")
    backup = tmp_path / "backup.json"
    exported = run("--db", source, "export", "--format", "json", "-o", str(backup))
    assert exported.returncode == 0, exported.stderr
    imported = run("--db", target, "import", str(backup))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("imported 2 interview(s)")
    copy = Store.open(Path(target))
    try:
        assert snapshot(copy) == snapshot(store)
    finally:
        copy.close()
    document = json.loads(backup.read_text(encoding="utf-8"))
    document["people"][-1]["introduced_by"] = str(uuid4())
    backup.write_text(json.dumps(document), encoding="utf-8")
    refused = run("--db", str(tmp_path / "third.db"), "import", str(backup))
    assert refused.returncode == 2
    [line] = refused.stderr.splitlines()
    assert "introduced_by: no person in the file has the uuid" in line


def test_referrals_of_an_interview_without_a_follow_up_row_survive(
    store: Store, other: Store
) -> None:
    """A referral added before any thank-you note is typed has no follow-up row beside it."""
    ada = store.add_person("Ada Lovelace")
    interview = store.create_interview("", contact_id=ada.id)
    referral = store.add_referral(interview.id, "Cleo Park", "her mentor")
    assert store.interview(interview.id).follow_up is None
    exported = export_json(store.engine)
    [item] = json.loads(exported)["interviews"]
    assert set(item["follow_up"]) == {"referrals"}
    import_json(other.engine, exported)
    assert snapshot(other) == snapshot(store)
    [there] = other.list_interviews()
    bundle = other.interview(there.id)
    assert bundle.follow_up is None  # no row was made up for it
    assert [(r.name, r.context) for r in bundle.referrals] == [("Cleo Park", "her mentor")]
    assert (
        other.person(bundle.referrals[0].contact_id).uuid == store.person(referral.contact_id).uuid
    )
    assert without_exported_at(export_json(other.engine)) == without_exported_at(exported)
