"""Comparing an occupation on a real database: overview, salaries, the next planned interview."""

# Salary ranges are shown with an en dash between the figures, as people write them.
# ruff: noqa: RUF001

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from infoint_tui.store.categories import CATEGORIES
from infoint_tui.store.compare import (
    add_unanswered_to_interview,
    next_planned_interview,
    occupation_overview,
)
from infoint_tui.store.errors import NotFoundError
from infoint_tui.store.models import Stage
from infoint_tui.store.salary import salary_figures, salary_ranges

NOW = datetime.now(UTC).replace(microsecond=0)


def _interview(store, name, *, occupation="UX researcher", days=None, stage=None, fit=None, **kw):
    """An interview `days` from now (None: unscheduled), with a stage and a fit."""
    interview = store.create_interview(name, occupation=occupation, **kw)
    if days is not None:
        store.update_interview(interview.id, scheduled_at=NOW + timedelta(days=days))
    if stage is not None:
        store.set_stage(interview.id, stage)
    if fit is not None:
        store.save_reflection(interview.id, fit_confidence=fit)
    return interview


def _occupation(store, name: str = "UX researcher") -> int:
    return next(o.id for o in store.occupations() if o.name == name)


def _answer(store, interview_id, category, text, answer):
    question = store.add_question(interview_id, text, category=category)
    store.save_answer(question.id, answer)
    return question


@pytest.fixture
def ux(store):
    """Four interviews about UX research with three people, and one about nursing."""
    ana = _interview(store, "Ana Lima", days=-40, stage=Stage.DONE, fit=4, organization="Acme")
    ben = _interview(store, "Ben Ode", days=-10, stage=Stage.DONE, fit=3)
    ana_again = _interview(
        store, "", days=-2, stage=Stage.REFLECT, fit=4, contact_id=ana.contact_id
    )
    planned = _interview(store, "Cleo Park", days=5, stage=Stage.QUESTIONS)
    nurse = _interview(store, "Nora Nurse", occupation="Nurse", days=-3, fit=1)
    _answer(store, ben.id, "salary", "What does it pay?", "Around 60k to start.")
    _answer(store, ana.id, "typical_day", "What is a typical day?", "Interviews, then synthesis.")
    _answer(store, ana.id, "salary", "What does it pay?", "$55k–70k at agencies")
    _answer(store, ben.id, "typical_day", "Walk me through a day?", "Mostly workshops.")
    _answer(store, ana_again.id, "trends", "What is changing?", "AI transcription.")
    _answer(store, ana.id, "advice", "Any advice?", "   ")  # blank: not an answer
    _answer(store, ben.id, "hobbies", "What do you do for fun?", "Climbing.")  # unknown key
    _answer(store, nurse.id, "typical_day", "A day?", "Twelve-hour shifts.")
    store.add_question(planned.id, "Not asked yet", category="advice")
    return _occupation(store), {"ana": ana, "ben": ben, "again": ana_again, "cleo": planned}


def test_overview_lists_interviews_by_date_with_contact_organization_stage_and_fit(
    store, ux
) -> None:
    occupation_id, made = ux
    overview = occupation_overview(store.engine, occupation_id)
    assert overview.name == "UX researcher"
    assert [line.id for line in overview.interviews] == [
        made["ana"].id,
        made["ben"].id,
        made["again"].id,
        made["cleo"].id,
    ]
    first = overview.interviews[0]
    assert (first.contact_name, first.organization_name, first.stage, first.fit) == (
        "Ana Lima",
        "Acme",
        Stage.DONE,
        4,
    )
    assert first.when == NOW - timedelta(days=40)
    assert first.uuid == made["ana"].uuid
    assert [(point.fit, point.contact_name) for point in overview.fit_over_time] == [
        (4, "Ana Lima"),
        (3, "Ben Ode"),
        (4, "Ana Lima"),
    ]


def test_overview_dates_interviews_when_held_and_never_by_creation(store) -> None:
    held = _interview(store, "Held Late", days=-30, fit=4)  # planned 30 days ago...
    store.start_clock(held.id, at=NOW - timedelta(days=5))  # ...held 5 days ago
    planned = _interview(store, "Planned", days=-10, fit=2)
    unscheduled = _interview(store, "No Date", fit=3)
    _answer(store, held.id, "typical_day", "A day?", "Calls.")
    _answer(store, unscheduled.id, "typical_day", "A day?", "Emails.")
    _answer(store, planned.id, "typical_day", "A day?", "Meetings.")
    overview = occupation_overview(store.engine, _occupation(store))
    # By date, oldest first; the one without a date after every date (as on Home).
    assert [(line.contact_name, line.when) for line in overview.interviews] == [
        ("Planned", NOW - timedelta(days=10)),
        ("Held Late", NOW - timedelta(days=5)),
        ("No Date", None),
    ]
    # Fit over time needs a time: the undated fit counts in the average only.
    assert [(p.contact_name, p.when) for p in overview.fit_over_time] == [
        ("Planned", NOW - timedelta(days=10)),
        ("Held Late", NOW - timedelta(days=5)),
    ]
    assert overview.summary.average_fit == 3.0
    [typical] = overview.categories
    assert [(a.contact_name, a.when) for a in typical.answers] == [
        ("Planned", NOW - timedelta(days=10)),
        ("Held Late", NOW - timedelta(days=5)),
        ("No Date", None),
    ]


def test_overview_groups_answers_by_category_in_category_order(store, ux) -> None:
    occupation_id, made = ux
    overview = occupation_overview(store.engine, occupation_id)
    keys = [category.key for category in overview.categories]
    # advice is blank, the nurse's answer is about another occupation, hobbies comes last.
    assert keys == ["typical_day", "salary", "trends", "hobbies"]
    assert overview.categories[0].label == CATEGORIES["typical_day"]
    assert overview.categories[-1].label == "Hobbies"
    typical = overview.categories[0]
    assert [(a.contact_name, a.question, a.answer) for a in typical.answers] == [
        ("Ana Lima", "What is a typical day?", "Interviews, then synthesis."),
        ("Ben Ode", "Walk me through a day?", "Mostly workshops."),
    ]
    assert typical.answers[0].interview_id == made["ana"].id
    assert typical.answers[0].when == NOW - timedelta(days=40)
    assert typical.total == 2


def test_summary_counts_people_interviews_fit_and_salaries(store, ux) -> None:
    occupation_id, _ = ux
    summary = occupation_overview(store.engine, occupation_id).summary
    assert summary.people == 3  # Ana twice
    assert summary.interviews == 4
    assert summary.planned == 1
    assert summary.average_fit == pytest.approx(3.7)  # (4 + 3 + 4) / 3
    assert summary.salary_ranges == ("$55k–70k", "~60k")  # in the order heard


def test_average_fit_rounds_half_up_and_is_none_without_fits(store) -> None:
    for fit in (3, 4, 4, 4):
        _interview(store, f"P{fit}", days=-fit, fit=fit)
    occupation_id = _occupation(store)
    assert occupation_overview(store.engine, occupation_id).summary.average_fit == 3.8
    _interview(store, "Quiet", occupation="Archivist")
    archivist = _occupation(store, "Archivist")
    overview = occupation_overview(store.engine, archivist)
    assert overview.summary.average_fit is None
    assert overview.fit_over_time == ()
    assert overview.categories == ()
    assert overview.summary.salary_ranges == ()


def test_answers_per_category_keeps_the_newest_and_counts_all(store) -> None:
    for day in range(5):
        interview = _interview(store, f"Person {day}", days=-10 + day)
        _answer(store, interview.id, "advice", "Advice?", f"Advice number {day}")
    occupation_id = _occupation(store)
    advice = occupation_overview(store.engine, occupation_id, answers_per_category=2).categories[0]
    assert [a.answer for a in advice.answers] == ["Advice number 3", "Advice number 4"]
    assert advice.total == 5
    everything = occupation_overview(store.engine, occupation_id, answers_per_category=None)
    assert len(everything.categories[0].answers) == 5


def test_unknown_occupation_is_not_found(store) -> None:
    with pytest.raises(NotFoundError):
        occupation_overview(store.engine, 999)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("$55k–70k", ["$55k–70k"]),
        ("55,000 to 70,000 EUR", ["€55k–70k"]),
        ("£30-35k", ["£30k–35k"]),
        ("around 60k", ["~60k"]),
        ("$80,000 a year", ["$80k"]),
        ("between 45 and 50 thousand dollars", ["$45k–50k"]),
        ("€48k", ["€48k"]),
        ("USD 90k-110k", ["$90k–110k"]),
        ("60 000 – 75 000 €", ["€60k–75k"]),
        ("€ 45.000 - 55.000", ["€45k–55k"]),
        ("$25-30 an hour", ["$25–30/h"]),
        ("3.500 euros a month", ["€3.5k/month"]),
        ("CHF 100'000", ["CHF 100k"]),
        ("up to $150K with bonus", ["up to $150k"]),
        ("over 100k", ["100k+"]),
        ("$1.2m at the very top", ["$1.2M"]),
        ("roughly 45 to 60 thousand", ["~45k–60k"]),
        ("somewhere between 65 and 80 thousand; more at big tech", ["65k–80k"]),
        ("Juniors start around 45k, seniors get $80-95k", ["~45k", "$80k–95k"]),
        ("starting salary of 42000", ["42k"]),
    ],
)
def test_salary_figures_are_normalized(answer: str, expected: list[str]) -> None:
    assert salary_figures(answer) == expected


@pytest.mark.parametrize(
    "answer",
    [
        "It took 2-3 years, from 2019 to 2021, and a 10% raise.",
        "A 401k match and 25 days off.",
        "I walk 500 m to work.",
        "Pay grows with experience.",
    ],
)
def test_numbers_that_are_not_money_are_not_salaries(answer: str) -> None:
    assert salary_figures(answer) == []


def test_salary_ranges_fall_back_to_the_start_of_the_answer_and_drop_repeats() -> None:
    long = "The public sector pays a little less but with better benefits and much better hours."
    ranges = salary_ranges([long, "$55k–70k", "  ", "55k-70k USD", "Around 60k"])
    assert ranges == ("$55k–70k", "~60k", long[:59] + "…")


# -- the next planned interview --------------------------------------------------------


def test_next_planned_prefers_the_soonest_scheduled_ahead(store) -> None:
    _interview(store, "Later", days=9)
    soon = _interview(store, "Soon", days=2, stage=Stage.QUESTIONS)
    _interview(store, "Unscheduled")
    _interview(store, "Stale", days=-3)  # scheduled in the past and never held
    _interview(store, "Held", days=1, stage=Stage.LIVE)
    _interview(store, "Elsewhere", occupation="Nurse", days=1)
    occupation_id = _occupation(store)
    assert next_planned_interview(store.engine, occupation_id, now=NOW) == soon.id


def test_next_planned_falls_back_to_the_newest_unscheduled(store) -> None:
    _interview(store, "Stale", days=-3)
    _interview(store, "Older unscheduled")
    newest = _interview(store, "Newer unscheduled", stage=Stage.QUESTIONS)
    _interview(store, "Done", stage=Stage.DONE)
    occupation_id = _occupation(store)
    assert next_planned_interview(store.engine, occupation_id, now=NOW) == newest.id


def test_no_planned_interview_gives_none(store) -> None:
    _interview(store, "Held", days=-1, stage=Stage.DONE)
    _interview(store, "Stale", days=-3)
    occupation_id = _occupation(store)
    assert next_planned_interview(store.engine, occupation_id, now=NOW) is None


# -- adding unanswered bank questions --------------------------------------------------


def test_add_unanswered_appends_in_order_and_skips_what_is_there(store) -> None:
    interview = _interview(store, "Cleo", days=3)
    essentials = store.bank_questions("essentials")
    store.add_bank_questions(interview.id, "essentials", [essentials[0].key])
    store.add_question(interview.id, "  " + essentials[1].text.upper() + " ")
    store.add_question(interview.id, "My own question")
    wanted = [essentials[4].id, essentials[0].id, essentials[1].id, essentials[2].id]
    added = add_unanswered_to_interview(store.engine, interview.id, [*wanted, essentials[4].id, 0])
    assert added == 2
    questions = store.interview(interview.id).questions
    assert [q.position for q in questions] == [0, 1, 2, 3, 4]
    assert [q.text for q in questions[3:]] == [essentials[4].text, essentials[2].text]
    assert questions[3].bank_key == f"essentials:{essentials[4].key}"
    assert questions[3].category == essentials[4].category
    assert add_unanswered_to_interview(store.engine, interview.id, wanted) == 0
    assert len(store.interview(interview.id).questions) == 5


def test_add_unanswered_to_a_missing_interview_fails(store) -> None:
    with pytest.raises(NotFoundError):
        add_unanswered_to_interview(store.engine, 404, [1])


# -- scale and layering ----------------------------------------------------------------


def test_overview_of_a_large_synthetic_database(store) -> None:
    from infoint_tui.store.demo import generate

    generate(store.engine, 2000)
    for occupation in store.occupations()[:3]:
        overview = occupation_overview(store.engine, occupation.id)
        summary = overview.summary
        assert summary.interviews == len(overview.interviews) > 0
        assert 0 < summary.people <= summary.interviews
        assert {c.key for c in overview.categories} <= set(CATEGORIES)
        for category in overview.categories:
            assert len(category.answers) == min(category.total, 40)
        assert summary.salary_ranges
        dates = [line.when for line in overview.interviews]
        assert dates == sorted(dates)


def test_compare_never_imports_textual() -> None:
    code = "import sys, infoint_tui.store.compare; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = set(result.stdout.split())
    assert not {name for name in modules if name.split(".")[0] in {"textual", "rich"}}
