"""The store's search policy on a real database: which filters apply, the pool, the order.

The Search screen and `infoint-tui search` both call `Store.search_interviews`; these
tests pin down what it does without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from infoint_tui import cli
from infoint_tui.store import search_ops
from infoint_tui.store.kinds import Stage
from infoint_tui.store.records import InterviewFilter


@dataclass
class People:
    """Six interviews that mention "curious": relevance and date disagree on their order."""

    ada: int
    grace: int
    crowd: list[int]
    engineer: int


@pytest.fixture
def people(store) -> People:
    # Ada says it once in a long text: the weakest match, and the oldest interview.
    ada = store.create_interview(
        "Ada Lovelace",
        occupation="Engineer",
        scheduled_at=datetime(2024, 6, 1, 12, tzinfo=UTC),
    )
    store.update_interview(
        ada.id,
        research_notes="Engines, looms, punched cards, numbers and poetry; curious about "
        "the difference engine and what it could compute for the navy one day.",
    )
    store.save_reflection(ada.id, fit_confidence=4)
    grace = store.create_interview(
        "Grace Hopper", occupation="Admiral", scheduled_at=datetime(2025, 3, 1, 12, tzinfo=UTC)
    )
    store.update_interview(grace.id, research_notes="Curious, curious about compilers.")
    store.save_reflection(grace.id, fit_confidence=2)
    store.set_stage(grace.id, Stage.REFLECT)
    crowd = []
    for index in range(4):
        other = store.create_interview(
            f"Crowd {index}",
            occupation="Admiral",
            scheduled_at=datetime(2025, 7, 1 + index, 12, tzinfo=UTC),
        )
        store.update_interview(other.id, research_notes="Curious, curious, curious.")
        crowd.append(other.id)
    engineer = next(o.id for o in store.occupations() if o.name == "Engineer")
    return People(ada.id, grace.id, crowd, engineer)


def _ids(results: search_ops.SearchResults) -> list[int]:
    return [hit.interview_id for hit in results.hits]


def test_relevance_without_filters_puts_the_best_first_and_says_when_more_matched(
    store, people: People
) -> None:
    everything = store.search_interviews("curious")
    assert sorted(_ids(everything)) == sorted([people.ada, people.grace, *people.crowd])
    assert _ids(everything)[-1] == people.ada  # one mention in a long text ranks last
    assert not everything.clipped
    best_two = store.search_interviews("curious", limit=2)
    assert _ids(best_two) == _ids(everything)[:2]
    assert best_two.clipped
    assert not store.search_interviews("curious", limit=6).clipped


def test_a_filter_finds_a_match_below_the_best_of_other_interviews(
    store, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five better matches elsewhere: more than the pool and the limit hold.
    monkeypatch.setattr(search_ops, "POOL", 2)
    assert people.ada not in _ids(store.search_interviews("curious", limit=2))
    engineers = InterviewFilter(occupation_id=people.engineer)
    for sort in ("relevance", "date", "fit", "contact"):
        found = store.search_interviews("curious", engineers, sort, limit=1)
        assert _ids(found) == [people.ada], sort
        assert not found.clipped


def test_each_filter_of_the_list_applies(store, people: People) -> None:
    def found(**fields) -> set[int]:
        return set(_ids(store.search_interviews("curious", InterviewFilter(**fields))))

    assert found(stage=Stage.REFLECT) == {people.grace}
    assert found(min_fit=3) == {people.ada}
    assert found(until=datetime(2024, 12, 31).date()) == {people.ada}
    assert found(since=datetime(2025, 7, 3).date()) == set(people.crowd[2:])
    assert found(text="Hopper") == {people.grace}
    assert found(text="nobody by this name") == set()


def test_another_order_than_relevance_is_the_lists(store, people: People) -> None:
    by_date = store.search_interviews("curious", sort="date")
    assert _ids(by_date) == [*reversed(people.crowd), people.grace, people.ada]
    by_contact = store.search_interviews("curious", sort="contact")
    assert _ids(by_contact) == [people.ada, *people.crowd, people.grace]
    by_fit = store.search_interviews("curious", sort="fit")
    assert _ids(by_fit) == [people.ada, people.grace, *reversed(people.crowd)]
    # The filter's own sort is not the one asked for.
    assert _ids(store.search_interviews("curious", InterviewFilter(sort="fit"), "date")) == _ids(
        by_date
    )


def test_an_order_chooses_among_the_best_of_the_pool(
    store, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_ops, "POOL", 3)
    best_three = set(_ids(store.search_interviews("curious", limit=3)))
    by_date = store.search_interviews("curious", sort="date")
    assert set(_ids(by_date)) == best_three  # the best three, not the newest three
    assert people.ada not in best_three
    dates = [hit.when for hit in by_date.hits]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert by_date.clipped  # six matched; the pool held three
    assert not store.search_interviews("curious", sort="date", limit=10).hits[3:]


def test_a_sort_cut_to_the_limit_says_so(store, people: People) -> None:
    found = store.search_interviews("curious", sort="contact", limit=2)
    assert _ids(found) == [people.ada, people.crowd[0]]
    assert found.clipped


def test_nothing_searchable_finds_nothing(store, people: People) -> None:
    for query in ("", "   ", '""', "zebra"):
        for sort in ("relevance", "date"):
            found = store.search_interviews(query, InterviewFilter(min_fit=1), sort)
            assert found.hits == [] and not found.clipped
    assert store.search_interviews("curious", limit=0).hits == []


def test_what_narrows_a_search() -> None:
    assert not InterviewFilter().narrows
    assert not InterviewFilter(sort="fit", local_days=True).narrows
    assert InterviewFilter(stage=Stage.REFLECT).narrows
    assert InterviewFilter(min_fit=1).narrows
    assert InterviewFilter(text="Ada").narrows


def test_the_command_line_lists_what_the_store_finds(
    store, people: People, db_path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", str(db_path), "search", "curious", "-n", "3"]) == 0
    printed = capsys.readouterr().out.splitlines()
    headers = [line for line in printed if not line.startswith("    ")]
    expected = store.search_interviews("curious", limit=3).hits
    assert [line.split()[-1] for line in headers] == [hit.interview_uuid for hit in expected]
