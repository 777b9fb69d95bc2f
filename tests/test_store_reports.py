"""The store's operations over many interviews, called as the screens and the command line do."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from infoint_tui.store.kinds import Stage
from infoint_tui.store.store import Store


def test_export_json_then_import_json_into_another_database(store, tmp_path) -> None:
    made = store.create_interview("Priya Raman", occupation="Pharmacist")
    store.add_question(made.id, "What is a typical day like?")
    document = store.export_json()
    assert [item["contact"]["name"] for item in json.loads(document)["interviews"]] == [
        "Priya Raman"
    ]
    other = Store.open(tmp_path / "other.db")
    try:
        report = other.import_json(document, source="backup.json")
        assert (report.imported, report.already_present) == (1, 0)
        assert other.import_json(document).already_present == 1  # never twice
        rows = other.list_interviews()
        assert [row.uuid for row in rows] == [made.uuid]
        bundle = other.interview(rows[0].id)
        assert [question.text for question in bundle.questions] == ["What is a typical day like?"]
        markdown = other.export_markdown([made.uuid])
        assert len(markdown) == 1 and "Priya Raman" in markdown[0].text
    finally:
        other.close()


def test_unanswered_bank_questions_go_to_the_next_planned_interview(store) -> None:
    held = store.create_interview("Ben Ode", occupation="Nurse", bank_key="essentials")
    store.set_stage(held.id, Stage.DONE)
    planned = store.create_interview(
        "Cleo Park", occupation="Nurse", scheduled_at=datetime.now(UTC) + timedelta(days=3)
    )
    nurse = next(o.id for o in store.occupations() if o.name == "Nurse")
    assert store.next_planned_interview(nurse) == planned.id
    overview = store.occupation_overview(nurse)
    assert {line.id for line in overview.interviews} == {held.id, planned.id}
    unanswered = [question.id for question in store.unanswered_bank_questions(nurse)]
    assert unanswered
    assert store.add_unanswered_to_interview(planned.id, unanswered[:2]) == 2
    assert store.add_unanswered_to_interview(planned.id, unanswered[:2]) == 0  # already there
    assert len(store.interview(planned.id).questions) == 2


def test_an_interview_that_ended_asks_for_a_thank_you(store) -> None:
    assert store.todo_items() == []
    made = store.create_interview("Dana Chu")
    store.end_interview(made.id, at=datetime.now(UTC) - timedelta(hours=2))
    store.set_stage(made.id, Stage.REFLECT)
    assert [item.interview_id for item in store.todo_items()] == [made.id]
