"""People in the store: the migration from release 0004, the list and a person's page,
outreach status and its timeline, referrals as people, duplicates and merges."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from infoint_tui.store.engine import _connect, _migrate, make_engine
from infoint_tui.store.files import HEAD_REVISION, create_private_file
from infoint_tui.store.kinds import OutreachStatus, Stage, TimelineKind
from infoint_tui.store.store import Store

# -- the migration -------------------------------------------------------------------------

_T = "'2026-03-02 10:00:00.000000'"


def _release_0004(path: Path) -> None:
    """A database as release 0004 wrote it: two people with interviews (one held, one
    planned), one with two interviews, and three referrals (one already planned)."""
    create_private_file(path)
    engine = _connect(path)
    _migrate(engine, path, fresh=True, target="0004")
    statements = [
        "INSERT INTO organization (id, name, sector, website, research_notes, created_at,"
        f" updated_at) VALUES (1, 'Acme', 'Tools', '', 'anvils', {_T}, {_T}),"
        f" (2, 'Globex', '', '', '', {_T}, {_T})",
        "INSERT INTO contact (id, uuid, name, role, email, phone, profile_url, how_met,"
        " referred_by_id, notes, created_at, updated_at) VALUES"
        f" (1, 'c1', 'Ada Lovelace', 'Engineer', 'ada@example.org', '', '', 'Alumni', NULL,"
        f" 'likes tea', {_T}, {_T}),"
        f" (2, 'c2', 'Bob Stone', '', '', '', '', '', NULL, '', {_T}, {_T}),"
        f" (3, 'c3', 'Cleo Park', '', '', '', '', 'Referral', 1, '', {_T}, {_T})",
        "INSERT INTO interview (id, uuid, contact_id, organization_id, medium,"
        " planned_minutes, research_notes, goals, started_at, ended_at, stage, created_at,"
        " updated_at) VALUES"
        f" (1, 'i1', 1, 2, 'video', 25, '', '', {_T}, {_T}, 'follow_up',"
        f" '2026-03-01 10:00:00.000000', {_T}),"
        f" (2, 'i2', 1, 1, 'video', 25, '', '', NULL, NULL, 'research', {_T}, {_T}),"
        f" (3, 'i3', 2, NULL, 'phone', 30, '', '', NULL, NULL, 'questions', {_T}, {_T}),"
        f" (4, 'i4', 3, NULL, 'video', 25, '', '', NULL, NULL, 'research', {_T}, {_T})",
        "INSERT INTO referral (id, interview_id, name, context, contact_id,"
        " planned_interview_id, created_at) VALUES"
        f" (1, 1, 'Cleo Park', 'her mentor', 3, 4, {_T}),"
        f" (2, 1, 'Dan Wu', 'runs the lab', NULL, NULL, {_T}),"
        f" (3, 3, 'Eve Adams', '', NULL, NULL, {_T})",
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


def _rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_the_upgrade_makes_everyone_a_person_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _release_0004(path)
    tables = ("organization", "interview", "referral", "question", "note")
    before = {table: _rows(path, f"SELECT * FROM {table} ORDER BY id") for table in tables}
    contacts_before = _rows(path, "SELECT id, uuid, name, role, email, how_met, notes FROM contact")

    make_engine(path).dispose()

    assert _rows(path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    for table in ("organization", "interview", "question", "note"):
        after = _rows(path, f"SELECT * FROM {table} ORDER BY id")
        width = len(before[table][0]) if before[table] else 0
        assert [row[:width] for row in after] == before[table], table
    # Every contact is still there, unchanged, with its status and organization now.
    kept = _rows(
        path, "SELECT id, uuid, name, role, email, how_met, notes FROM contact WHERE id <= 3"
    )
    assert kept == contacts_before
    people = {
        row[0]: row[1:]
        for row in _rows(
            path,
            "SELECT c.name, c.outreach_status, o.name, i.name, c.how_met FROM contact AS c"
            " LEFT JOIN organization AS o ON o.id = c.organization_id"
            " LEFT JOIN contact AS i ON i.id = c.referred_by_id",
        )
    }
    assert people == {
        # Held once: interviewed; the organization of her latest interview.
        "Ada Lovelace": ("interviewed", "Acme", None, "Alumni"),
        "Bob Stone": ("scheduled", None, None, ""),
        "Cleo Park": ("scheduled", None, "Ada Lovelace", "Referral"),
        # Referrals without a person became people, introduced by who suggested them.
        "Dan Wu": ("to_contact", None, "Ada Lovelace", "Referral"),
        "Eve Adams": ("to_contact", None, "Bob Stone", "Referral"),
    }
    # The referrals keep their context and now point at their people.
    referrals = _rows(
        path,
        "SELECT r.id, r.name, r.context, c.name FROM referral AS r"
        " JOIN contact AS c ON c.id = r.contact_id ORDER BY r.id",
    )
    assert referrals == [
        (1, "Cleo Park", "her mentor", "Cleo Park"),
        (2, "Dan Wu", "runs the lab", "Dan Wu"),
        (3, "Eve Adams", "", "Eve Adams"),
    ]
    uuids = [row[0] for row in _rows(path, "SELECT uuid FROM contact")]
    assert len(set(uuids)) == 5
    assert all(len(uuid) == 36 and uuid.count("-") == 4 for uuid in uuids if uuid[0] != "c")
    assert not any(uuid.startswith("referral:") for uuid in uuids)
    assert len(list(tmp_path.glob("old.db.before-upgrade-from-0004.*.bak"))) == 1


# -- people and their page -----------------------------------------------------------------


def test_add_list_and_page_of_a_person(store: Store) -> None:
    ada = store.add_person(
        "Ada Lovelace",
        organization="Acme",
        role="Engineer",
        email="ada@x.org",
        how_found="LinkedIn",
    )
    bob = store.add_person("Bob Stone", introduced_by_id=ada.id, how_found="Referral")
    lines = {line.name: line for line in store.people()}
    assert list(lines) == ["Ada Lovelace", "Bob Stone"]
    assert (lines["Ada Lovelace"].organization, lines["Ada Lovelace"].role) == ("Acme", "Engineer")
    assert lines["Ada Lovelace"].status is OutreachStatus.TO_CONTACT
    assert lines["Ada Lovelace"].status_label == "To contact"
    assert (lines["Bob Stone"].introduced_by, lines["Bob Stone"].introduced_by_id) == (
        "Ada Lovelace",
        ada.id,
    )
    page = store.person_page(bob.id)
    assert page.introduced_by is not None and page.introduced_by.name == "Ada Lovelace"
    assert [(item.kind, item.text, item.person_id) for item in page.timeline] == [
        ("introduced", "Ada Lovelace", ada.id)
    ]


def test_one_person_can_have_several_interviews(store: Store) -> None:
    ada = store.add_person("Ada Lovelace")
    first = store.create_interview("", contact_id=ada.id)
    second = store.create_interview("", contact_id=ada.id)
    (line,) = store.people()
    assert line.interviews == 2
    assert set(store.person_page(ada.id).interview_ids) == {first.id, second.id}


def test_each_status_change_is_a_dated_timeline_entry(store: Store) -> None:
    ada = store.add_person("Ada Lovelace")
    monday = datetime(2026, 3, 2, 9, tzinfo=UTC)
    store.set_outreach_status(ada.id, OutreachStatus.REQUEST_SENT, at=monday)
    store.set_outreach_status(ada.id, OutreachStatus.REQUEST_SENT, at=monday)  # unchanged
    store.set_outreach_status(ada.id, OutreachStatus.DECLINED, at=monday + timedelta(days=2))
    assert store.person(ada.id).outreach_status is OutreachStatus.DECLINED
    entries = [(i.kind, i.text, i.at) for i in store.person_page(ada.id).timeline]
    assert entries == [
        ("status", "Declined", monday + timedelta(days=2)),
        ("status", "Request sent", monday),
    ]


def test_a_request_and_a_reply_move_the_status(store: Store) -> None:
    ada = store.add_person("Ada Lovelace")
    sent = datetime(2026, 3, 2, 9, tzinfo=UTC)
    store.log_event(ada.id, TimelineKind.REQUEST, "Dear Ada...", at=sent)
    assert store.person(ada.id).outreach_status is OutreachStatus.REQUEST_SENT
    store.log_event(ada.id, TimelineKind.NUDGE, "Just following up", at=sent + timedelta(days=9))
    assert store.person(ada.id).outreach_status is OutreachStatus.REQUEST_SENT
    store.log_event(ada.id, TimelineKind.REPLY, "Happy to!", at=sent + timedelta(days=10))
    assert store.person(ada.id).outreach_status is OutreachStatus.REPLIED
    kinds = [item.kind for item in store.person_page(ada.id).timeline]
    assert kinds[:2] == ["reply", "status"] and "nudge" in kinds and kinds[-1] == "status"
    # A later request does not undo a scheduled conversation.
    store.set_outreach_status(ada.id, OutreachStatus.SCHEDULED)
    store.log_event(ada.id, TimelineKind.UPDATE, "I took your advice")
    assert store.person(ada.id).outreach_status is OutreachStatus.SCHEDULED


def test_the_timeline_holds_interviews_thanks_and_referrals_newest_first(store: Store) -> None:
    interview = store.create_interview("Ada Lovelace")
    ada_id = store.interview(interview.id).contact.id
    referral = store.add_referral(interview.id, "Cleo Park", "her mentor")
    store.record_thank_you_sent(interview.id)
    page = store.person_page(ada_id)
    kinds = [item.kind for item in page.timeline]
    assert set(kinds) >= {"interview", "thank_you", "referral_given"}
    assert kinds.index("thank_you") < kinds.index("referral_given")  # sent after suggesting
    given = next(item for item in page.timeline if item.kind == "referral_given")
    assert (given.text, given.person_id) == ("Cleo Park", referral.contact_id)
    # Cleo's own page: introduced by Ada.
    cleo = store.person_page(referral.contact_id)
    assert cleo.person.how_met == "Referral"
    assert [(i.kind, i.text) for i in cleo.timeline] == [("introduced", "Ada Lovelace")]


# -- referrals become people -----------------------------------------------------------------


def test_a_referral_is_a_person_whose_name_follows_the_typing(store: Store) -> None:
    from infoint_tui.store.text_refs import TextRef

    interview = store.create_interview("Ada Lovelace")
    referral = store.add_referral(interview.id, "Cl")
    assert referral.contact_id is not None
    store.save_text(TextRef("referral", referral.id, "name"), "Cleo Park", "Cl")
    assert store.person(referral.contact_id).name == "Cleo Park"
    # Renamed on their own page: the referral's name no longer overwrites the person's.
    store.update_contact(referral.contact_id, name="Dr. Cleo Park")
    store.save_text(TextRef("referral", referral.id, "name"), "Cleo P.", "Cleo Park")
    assert store.person(referral.contact_id).name == "Dr. Cleo Park"


def test_deleting_a_referral_removes_its_person_only_if_untouched(store: Store) -> None:
    interview = store.create_interview("Ada Lovelace")
    untouched = store.add_referral(interview.id, "Typo Name")
    kept = store.add_referral(interview.id, "Dan Wu")
    store.log_event(kept.contact_id, TimelineKind.REQUEST, "Hello")
    store.delete_referral(untouched.id)
    store.delete_referral(kept.id)
    names = [line.name for line in store.people()]
    assert names == ["Ada Lovelace", "Dan Wu"]


# -- duplicates and merges -------------------------------------------------------------------


def test_matching_people_by_email_or_name_and_organization(store: Store) -> None:
    ada = store.add_person("Ada Lovelace", organization="Acme", email="ADA@x.org")
    store.add_person("Ada Lovelace", organization="Globex")
    assert [p.id for p in store.matching_people("ada lovelace", "ACME")] == [ada.id]
    assert [p.id for p in store.matching_people("Someone Else", "", "ada@X.org ")] == [ada.id]
    assert store.matching_people("Ada Lovelace", "Initech") == []
    assert store.matching_people("Ada Lovelace", "Acme", exclude=ada.id) == []
    assert store.matching_people("", "") == []


def test_a_merge_keeps_every_interview_entry_and_detail(store: Store) -> None:
    keep = store.add_person("Ada Lovelace", organization="Acme", how_found="LinkedIn")
    other = store.add_person("Ada Lovelace", email="ada@x.org", how_found="Event")
    store.update_contact(keep.id, notes="likes tea")
    store.update_contact(other.id, notes="met at PyCon", role="Engineer")
    first = store.create_interview("", contact_id=keep.id)
    second = store.create_interview("", contact_id=other.id)
    store.log_event(other.id, TimelineKind.REQUEST, "Dear Ada")
    introduced = store.add_person("Bob Stone", introduced_by_id=other.id)

    merged = store.merge_people(keep.id, other.id)

    assert (merged.email, merged.role, merged.how_met) == ("ada@x.org", "Engineer", "LinkedIn")
    assert merged.notes == "likes tea\n\nmet at PyCon"
    assert merged.outreach_status is OutreachStatus.REQUEST_SENT
    assert set(store.person_page(keep.id).interview_ids) == {first.id, second.id}
    kinds = [item.kind for item in store.person_page(keep.id).timeline]
    assert "request" in kinds and "merged" in kinds
    assert store.person(introduced.id).referred_by_id == keep.id
    assert [line.name for line in store.people()] == ["Ada Lovelace", "Bob Stone"]
    with pytest.raises(ValueError):
        store.merge_people(keep.id, keep.id)


# -- the target list -------------------------------------------------------------------------


def test_the_target_list_ranks_organizations_with_their_people(store: Store) -> None:
    store.add_person("Ada Lovelace", organization="Acme")
    store.add_person("Bob Stone", organization="acme")
    store.set_motivation("Acme", 4)
    store.set_motivation("Globex", 5)
    store.set_motivation("Initech", 2)
    store.set_motivation("Initech", None)
    ranked = [(org.name, [p.name for p in people]) for org, people in store.ranked_organizations()]
    assert ranked == [("Globex", []), ("Acme", ["Ada Lovelace", "Bob Stone"])]
    with pytest.raises(ValueError):
        store.set_motivation("Acme", 6)


def test_settle_outreach_moves_a_nudged_silence_to_no_reply_on_its_due_day(store: Store) -> None:
    ada = store.add_person("Ada Lovelace")
    bob = store.add_person("Bob Stone")
    monday = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for person in (ada, bob):
        store.log_event(person.id, TimelineKind.REQUEST, at=monday)
    store.log_event(ada.id, TimelineKind.NUDGE, at=monday + timedelta(days=9))  # Wed 11th
    # Seven business days after Wednesday the 11th is Friday the 20th.
    assert store.settle_outreach(date(2026, 3, 19)) == []
    assert store.settle_outreach(date(2026, 3, 20)) == [ada.id]
    assert store.person(ada.id).outreach_status is OutreachStatus.NO_REPLY
    assert store.person(bob.id).outreach_status is OutreachStatus.REQUEST_SENT
    moved = store.person_page(ada.id).timeline[0]
    assert (moved.kind, moved.text) == ("status", "No reply")
    assert moved.at.astimezone().date() == date(2026, 3, 20)
    assert store.settle_outreach(date(2026, 3, 30)) == []  # once only


def test_the_interviews_organization_becomes_the_persons(store: Store) -> None:
    interview = store.create_interview("Ada Lovelace")
    store.link_by_name(interview.id, "organization", "Acme")
    person = store.interview(interview.id).contact
    (line,) = store.people()
    assert line.organization == "Acme"
    # Placed elsewhere on their own page: the interview no longer moves them.
    store.set_person_organization(person.id, "Globex")
    store.link_by_name(interview.id, "organization", "Initech")
    assert store.people()[0].organization == "Globex"
    # An organization a person works at is not deleted when the interview moves on.
    assert "Globex" in [org.name for org in store.organizations()]


def test_a_persons_organization_typed_letter_by_letter_leaves_no_stray_ones(
    store: Store,
) -> None:
    ada = store.add_person("Ada Lovelace")
    for typed in ("I", "In", "Ini", "Initech"):
        store.set_person_organization(ada.id, typed)
    store.set_motivation("Globex", 3)  # a target of its own: kept
    bob = store.add_person("Bob Stone", organization="Globex")
    store.set_person_organization(bob.id, "Initech")
    interview = store.create_interview("Cleo Park", organization="Umbrella")
    cleo = store.interview(interview.id).contact
    store.set_person_organization(cleo.id, "Initech")  # her interview still uses Umbrella
    assert [org.name for org in store.organizations()] == ["Globex", "Initech", "Umbrella"]


def test_stage_labels_show_in_the_interview_entries(store: Store) -> None:
    interview = store.create_interview("Ada Lovelace")
    store.set_stage(interview.id, Stage.QUESTIONS)
    ada_id = store.interview(interview.id).contact.id
    (item,) = store.person_page(ada_id).timeline
    assert (item.kind, item.label, item.text) == ("interview", "Interview planned", "Questions")


def test_sending_the_drafted_message_logs_it_and_clears_the_draft(store: Store) -> None:
    from infoint_tui.store.text_refs import TextRef

    ada = store.add_person("Ada Lovelace")
    ref = TextRef("contact", ada.id, "message_draft")
    store.save_text(ref, "Dear Ada, would you have 20 minutes?")
    assert store.person(ada.id).message_draft == "Dear Ada, would you have 20 minutes?"
    store.send_message(ada.id, TimelineKind.REQUEST, "Dear Ada, would you have 20 minutes?")
    person = store.person(ada.id)
    assert (person.message_draft, person.outreach_status) == ("", OutreachStatus.REQUEST_SENT)
    sent = next(i for i in store.person_page(ada.id).timeline if i.kind == "request")
    assert sent.text == "Dear Ada, would you have 20 minutes?"


# -- importing people from files ------------------------------------------------------------


def test_importing_people_previews_then_adds_once_and_fills_matches(store: Store) -> None:
    from infoint_tui.store.exchange.people_files import PersonCandidate

    known = store.add_person("Ada Lovelace", organization="Acme")
    candidates = [
        PersonCandidate(
            "Ada Lovelace", organization="ACME", email="ada@x.org", how_found="LinkedIn"
        ),
        PersonCandidate("Bob Stone", organization="Globex", role="CTO", how_found="LinkedIn"),
        PersonCandidate("Bob Stone", organization="Globex", phone="555"),  # twice in the file
        PersonCandidate("Cleo Park", email="cleo@x.org", connected_on=date(2024, 3, 12)),
    ]
    preview = store.import_people(candidates, dry_run=True)
    assert (preview.new, preview.matching, preview.names) == (2, 2, ("Bob Stone", "Cleo Park"))
    assert preview.summary() == "2 new people, 2 already there"
    assert [line.name for line in store.people()] == ["Ada Lovelace"]  # nothing written
    assert "Globex" not in [org.name for org in store.organizations()]

    report = store.import_people(candidates)
    assert (report.new, report.matching) == (2, 2)
    people = {line.name: line for line in store.people()}
    assert list(people) == ["Ada Lovelace", "Bob Stone", "Cleo Park"]
    ada = store.person(known.id)
    assert (ada.email, ada.how_met) == ("ada@x.org", "LinkedIn")  # filled, not duplicated
    bob = store.person(people["Bob Stone"].id)
    assert (bob.role, bob.phone, people["Bob Stone"].organization) == ("CTO", "555", "Globex")
    assert store.person(people["Cleo Park"].id).notes == "Connected on 12 Mar 2024."
    # The same file again adds nobody.
    assert store.import_people(candidates).new == 0
    assert len(store.people()) == 3


def test_an_interviews_date_and_end_move_its_person_on(store: Store) -> None:
    ada = store.add_person("Ada Lovelace")
    store.log_event(ada.id, TimelineKind.REQUEST, "Dear Ada")
    interview = store.create_interview("", contact_id=ada.id)
    assert store.person(ada.id).outreach_status is OutreachStatus.REQUEST_SENT
    store.update_interview(interview.id, scheduled_at=datetime(2026, 3, 9, 10, tzinfo=UTC))
    assert store.person(ada.id).outreach_status is OutreachStatus.SCHEDULED
    started = datetime(2026, 3, 9, 10, tzinfo=UTC)
    store.record_conversation(interview.id, started_at=started, ended_at=None, stage=Stage.LIVE)
    assert store.person(ada.id).outreach_status is OutreachStatus.SCHEDULED  # a tick is no end
    ended = started + timedelta(minutes=25)
    store.record_conversation(interview.id, started_at=started, ended_at=ended, stage=Stage.REFLECT)
    assert store.person(ada.id).outreach_status is OutreachStatus.INTERVIEWED
    moved = store.person_page(ada.id).timeline
    statuses = {i.text: i.at for i in moved if i.kind == "status"}
    assert statuses["Interviewed"] == ended  # dated when the conversation ended
    assert set(statuses) == {"Request sent", "Scheduled", "Interviewed"}
    # Rescheduling later does not move them back.
    store.update_interview(interview.id, scheduled_at=datetime(2026, 4, 1, 10, tzinfo=UTC))
    assert store.person(ada.id).outreach_status is OutreachStatus.INTERVIEWED


def test_an_interview_with_someone_known_is_at_their_organization(store: Store) -> None:
    ada = store.add_person("Ada Lovelace", organization="Acme")
    interview = store.create_interview("", contact_id=ada.id)
    assert store.interview(interview.id).organization.name == "Acme"
    elsewhere = store.create_interview("", contact_id=ada.id, organization="Globex")
    assert store.interview(elsewhere.id).organization.name == "Globex"
    new = store.create_interview("Bob Stone", organization="Initech")
    assert store.people()[1].organization == "Initech"
    assert store.interview(new.id).contact.name == "Bob Stone"


def test_a_blank_interview_with_a_known_person_is_kept_and_so_is_the_person(
    store: Store,
) -> None:
    ada = store.add_person("Ada Lovelace", organization="Acme")
    store.log_event(ada.id, TimelineKind.REQUEST, "Dear Ada")
    interview = store.create_interview("", contact_id=ada.id)  # prepared with her on purpose
    assert not store.discard_if_blank(interview.id)
    assert store.person_page(ada.id).interview_ids == (interview.id,)
    # Someone added on People a while ago, with nothing else yet: the same.
    bob = store.add_person("Bob Stone")
    with store.engine.begin() as connection:  # added five minutes ago
        connection.exec_driver_sql(
            "UPDATE contact SET created_at = datetime(created_at, '-5 minutes') WHERE id = ?",
            (bob.id,),
        )
    blank = store.create_interview("", contact_id=bob.id)
    assert not store.discard_if_blank(blank.id)
    assert [line.name for line in store.people()] == ["Ada Lovelace", "Bob Stone"]
    # A new interview from Home with nothing typed goes, with its blank contact.
    fresh = store.create_interview("")
    assert store.discard_if_blank(fresh.id)
    assert len(store.people()) == 2 and len(store.list_interviews()) == 2
