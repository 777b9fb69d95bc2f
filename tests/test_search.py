"""Full-text search: safe queries, hits on every kind of text, and an index kept in step."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlmodel import col, delete, select

from infoint_tui.store import search as search_module
from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
    Stage,
)
from infoint_tui.store.search import (
    BULK_INTERVIEWS,
    MAX_PREFIX_WORDS,
    SearchHit,
    build_match,
    compact_index,
    search,
    search_interview_ids,
    split_snippet,
)
from infoint_tui.store.sessions import reading, writing

HOSTILE_QUERIES = [
    "c++",
    '"',
    '""',
    '"unclosed',
    'unclosed"',
    "AND",
    "OR NOT",
    "a OR b",
    "NOT sprint",
    "NEAR(a b)",
    "NEAR(sprint planning, 2)",
    "*",
    "a*",
    "**",
    "-x",
    "col:val",
    "body:sprint",
    "{body}: sprint",
    "^start",
    "(",
    ")",
    "(sprint",
    "'",
    "\\",
    "%",
    "_",
    "😀",
    "sprint 😀",
    "שלום עולם",
    "مرحبا",
    "[b]",
    "[@click=app.quit]x[/]",
    "a\x00b",
    "\x00",
    "x" * 10_000,
    " ".join(["word"] * 500),
    "   ",
    "",
    "\t\n",
    '"sprint planning',
    'say "hi" "" there',
    "+",
    "e-mail",
    "t",
    "é",
    "т",
    "ß",
    "x\u0301",
    "\u0301",
    "\ue000\ue001",
    "sprint\ue000",
    "a:b:c",
    "'; DROP TABLE interview; --",
]


@dataclass
class World:
    """Ids of a small hand-made database."""

    interview: int
    other: int
    contact: int
    organization: int
    question: int
    note: int
    engine: Engine


def _when(days: int) -> datetime:
    return datetime(2026, 3, 1, 14, 0, tzinfo=UTC) + timedelta(days=days)


@pytest.fixture
def world(engine: Engine) -> World:
    """Two interviews with the same contact at one organization, with text in every field."""
    with writing(engine) as session:
        occupation = Occupation(name="Hospital pharmacist")
        organization = Organization(
            name="Quillfeather Infirmary", research_notes="Runs a renowned residency scheme."
        )
        contact = Contact(name="Ottoline Vasquez", notes="Prefers mornings; loves marmalade.")
        lonely = Contact(name="Unmet Zebedee")  # no interview yet
        session.add_all([occupation, organization, contact, lonely])
        session.flush()
        interview = Interview(
            contact_id=_id(contact),
            organization_id=organization.id,
            occupation_id=occupation.id,
            scheduled_at=_when(10),
            stage=Stage.FOLLOW_UP,
            research_notes="Read her article about antibiotic stewardship.",
            goals="Understand the residency interview.",
        )
        other = Interview(
            contact_id=_id(contact),
            organization_id=organization.id,
            stage=Stage.RESEARCH,
            created_at=_when(-30),
            research_notes="A second conversation, months later.",
        )
        session.add_all([interview, other])
        session.flush()
        assert interview.id is not None and other.id is not None
        question = Question(
            interview_id=interview.id,
            text="What is a typical day like?",
            category="typical_day",
            asked=True,
            asked_at_seconds=90,
            answer="Sprint planning on Mondays, then ward rounds and a café espresso.",
        )
        note = Note(
            interview_id=interview.id,
            text="She mentioned the formulary committee twice.",
            offset_seconds=725,
        )
        session.add_all(
            [
                question,
                note,
                Note(interview_id=interview.id, text="Untimed jotting about xylophones."),
                Reflection(
                    interview_id=interview.id,
                    most_helpful="Her tip about shadowing a night shift.",
                    surprises="Pharmacists prescribe under shared-care agreements.",
                ),
                FollowUp(
                    interview_id=interview.id,
                    thank_you_text="Dear Ottoline, thank you for the wonderful conversation.",
                ),
                Referral(
                    interview_id=interview.id,
                    name="Bartholomew Quince",
                    context="Oncology pharmacist down the hall.",
                ),
            ]
        )
        session.flush()
        assert question.id is not None and note.id is not None
        assert contact.id is not None and organization.id is not None
        return World(
            interview=interview.id,
            other=other.id,
            contact=contact.id,
            organization=organization.id,
            question=question.id,
            note=note.id,
            engine=engine,
        )


def _id(row: Contact) -> int:
    assert row.id is not None
    return row.id


def _only(hits: list[SearchHit]) -> SearchHit:
    assert len(hits) == 1, hits
    return hits[0]


def _text(hit: SearchHit) -> str:
    return "".join(segment for segment, _ in hit.snippet)


def _matched(hit: SearchHit) -> list[str]:
    return [segment for segment, matched in hit.snippet if matched]


# --- build_match --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sprint", '"sprint"*'),
        ("sprint ", '"sprint"'),
        ("sprint planning", '"sprint" "planning"*'),
        ('"sprint planning"', '"sprint planning"'),
        ('"sprint planning', '"sprint planning"'),
        ('say "a b" cd', '"say" "a b" "cd"*'),
        ("c++", '"c++"'),
        ("e-mail", '"e-mail"*'),
        ("AND", '"AND"*'),
        ("OR NOT x1", '"OR" "NOT" "x1"*'),
        ('ab"cd', '"ab""cd"*'),
        ("plan* day ", '"plan"* "day"'),
        ("* - ++ ", None),
        ("", None),
        ("   ", None),
        ('""', None),
        ("😀", None),
    ],
)
def test_build_match(query: str, expected: str | None) -> None:
    assert build_match(query) == expected


def test_one_letter_prefix_uses_the_two_letter_index() -> None:
    match = build_match("day t")
    assert match is not None
    assert match.startswith('"day" AND ("t" OR "ta"* OR "tb"*')
    assert match.endswith('"t9"*)')
    # Not a letter that folds to a-z: the plain prefix, still valid.
    assert build_match("т") == '"т"*'


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(world: World, query: str) -> None:
    match = build_match(query)
    if match is not None:
        assert "\x00" not in match
        # FTS5 itself accepts the expression (search() would hide an error, so ask directly).
        with world.engine.connect() as connection:
            connection.execute(
                text("SELECT count(*) FROM search_index WHERE search_index MATCH :m"),
                {"m": match},
            ).scalar_one()
    hits = search(world.engine, query)
    assert isinstance(hits, list)
    assert isinstance(search_interview_ids(world.engine, query), set)


def test_random_hostile_text_is_always_a_valid_match(world: World) -> None:
    symbols = "abc \"*()-+^:{}[]\\'%_.,;!?~NEAROTD\t\n\x00é😀ש"
    alphabet = [*symbols, " AND ", " OR "]
    rng = random.Random(7)
    with world.engine.connect() as connection:
        for _ in range(1500):
            query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
            match = build_match(query)
            if match is not None:
                connection.execute(
                    text("SELECT count(*) FROM search_index WHERE search_index MATCH :m"),
                    {"m": match},
                ).scalar_one()


def test_empty_phrase_is_never_emitted() -> None:
    for query in ['""', '"" sprint', 'sprint ""', '"++"', '"  "*']:
        match = build_match(query)
        assert match is None or '""' not in match.replace('"""', "")


# --- what search finds --------------------------------------------------------------------


def test_answer_hit_has_its_interview_and_a_label(world: World) -> None:
    hit = _only(search(world.engine, "espresso"))
    assert hit.interview_id == world.interview
    assert hit.field == "answer"
    assert hit.field_label == "Answer to “What is a typical day like?”"
    assert hit.target_stage == "live"
    assert hit.ref_id == world.question
    assert hit.kind == 4
    assert hit.contact_name == "Ottoline Vasquez"
    assert hit.organization_name == "Quillfeather Infirmary"
    assert hit.occupation_name == "Hospital pharmacist"
    assert hit.stage == "follow_up"
    assert hit.when == _when(10)
    assert _matched(hit) == ["espresso"]
    assert _text(hit) == "Sprint planning on Mondays, then ward rounds and a café espresso."
    with reading(world.engine) as session:
        uuid = session.exec(select(Interview.uuid).where(Interview.id == world.interview)).one()
    assert hit.interview_uuid == uuid


@pytest.mark.parametrize(
    ("query", "field", "label", "stage"),
    [
        ("stewardship", "research_notes", "Research notes", "research"),
        ("residency interview", "goals", "Goals", "research"),
        ("formulary", "note", "Note at 12 min", "live"),
        ("xylophones", "note", "Note", "live"),
        ("shadowing", "most_helpful", "Reflection: most helpful", "reflect"),
        ("prescribe", "surprises", "Reflection: surprises", "reflect"),
        ("wonderful", "thank_you_text", "Thank-you note", "follow_up"),
        ("oncology", "referral", "Referral: Bartholomew Quince", "follow_up"),
        ("Quince", "referral", "Referral: Bartholomew Quince", "follow_up"),
        ("typical day", "question", "Question", "questions"),
    ],
)
def test_each_field_is_found_with_its_label_and_stage(
    world: World, query: str, field: str, label: str, stage: str
) -> None:
    hits = [hit for hit in search(world.engine, query) if hit.field == field]
    hit = _only(hits)
    assert hit.interview_id == world.interview
    assert hit.field_label == label
    assert hit.target_stage == stage


def test_contact_name_expands_to_each_of_their_interviews(world: World) -> None:
    hits = search(world.engine, "Ottoline Vasquez")
    name_hits = [hit for hit in hits if hit.field == "contact"]
    assert {hit.interview_id for hit in name_hits} == {world.interview, world.other}
    assert all(hit.ref_id == world.contact for hit in name_hits)
    assert all(hit.field_label == "Contact" for hit in name_hits)
    assert all(hit.target_stage == "research" for hit in name_hits)
    # As in the list, the one not scheduled (no date) comes before the dated one.
    assert [hit.interview_id for hit in name_hits] == [world.other, world.interview]
    assert search_interview_ids(world.engine, "Vasquez") == {world.interview, world.other}


def test_a_hit_is_dated_when_held_else_planned_else_not_at_all(world: World) -> None:
    def dates() -> dict[int, datetime | None]:
        hits = search(world.engine, "Ottoline Vasquez")
        return {hit.interview_id: hit.when for hit in hits if hit.field == "contact"}

    # `other` was only created (30 days before): that is no date of an interview.
    assert dates() == {world.interview: _when(10), world.other: None}
    with writing(world.engine) as session:
        held = session.get(Interview, world.interview)
        assert held is not None
        held.started_at = _when(12)  # held two days after the plan
    assert dates() == {world.interview: _when(12), world.other: None}


def test_contact_notes_expand_too(world: World) -> None:
    hits = search(world.engine, "marmalade")
    assert {hit.interview_id for hit in hits} == {world.interview, world.other}
    assert {hit.field for hit in hits} == {"contact_notes"}


def test_organization_name_and_notes_expand(world: World) -> None:
    hits = search(world.engine, "Quillfeather")
    assert {hit.interview_id for hit in hits} == {world.interview, world.other}
    assert {(hit.field, hit.ref_id) for hit in hits} == {("organization", world.organization)}
    notes = search(world.engine, "renowned")
    assert {hit.field for hit in notes} == {"organization_notes"}
    assert len(notes) == 2


def test_contact_without_interviews_gives_no_hits(world: World) -> None:
    assert search(world.engine, "Zebedee") == []
    assert search_interview_ids(world.engine, "Zebedee") == set()


def test_prefix_on_the_last_word_only(world: World) -> None:
    assert _matched(_only(search(world.engine, "sprin"))) == ["Sprint"]
    assert search(world.engine, "sprin ") == []  # white space ends the word
    assert search(world.engine, "sprin planning ") == []
    assert len(search(world.engine, "planning sprin")) == 1


def test_phrase_search_respects_word_order(world: World) -> None:
    assert len(search(world.engine, '"sprint planning"')) == 1
    assert search(world.engine, '"planning sprint"') == []
    # As bare words, the order does not matter.
    assert len(search(world.engine, "planning sprint")) == 1


def test_all_terms_must_match(world: World) -> None:
    assert len(search(world.engine, "sprint espresso")) == 1
    assert search(world.engine, "sprint xylophones") == []


def test_diacritics_fold_both_ways(world: World) -> None:
    hit = _only(search(world.engine, "cafe "))
    assert "café" in _matched(hit)
    with writing(world.engine) as session:
        session.add(Note(interview_id=world.other, text="Meet at the cafe on Elm Street."))
    assert {hit.interview_id for hit in search(world.engine, "café ")} == {
        world.interview,
        world.other,
    }


def test_one_letter_prefix_finds_words(world: World) -> None:
    hits = search(world.engine, "x")
    assert [hit.field for hit in hits] == ["note"]
    assert _matched(hits[0]) == ["xylophones"]
    assert search_interview_ids(world.engine, "x") == {world.interview}


def test_long_prefix_finds_every_word_it_stands_for(world: World) -> None:
    with writing(world.engine) as session:
        for words in ("Two projects at once.", "One project.", "A projection of costs."):
            session.add(Note(interview_id=world.other, text=words))
    hits = search(world.engine, "projec")
    assert sorted(word for hit in hits for word in _matched(hit)) == [
        "project",
        "projection",
        "projects",
    ]
    assert len(search(world.engine, "projects")) == 1
    assert len(search(world.engine, "sprint projec")) == 0  # every term must still match


def test_long_prefix_of_no_word_finds_nothing(world: World) -> None:
    assert search(world.engine, "espressoz") == []
    assert search(world.engine, "sprint espressoz") == []
    assert search(world.engine, "espressoz t") == []


def test_long_prefix_folds_like_the_index(world: World) -> None:
    with writing(world.engine) as session:
        session.add(Note(interview_id=world.other, text="Two Cafés near the hospital."))
    assert _matched(_only(search(world.engine, "cafes"))) == ["Cafés"]
    assert _matched(_only(search(world.engine, "CAFES"))) == ["Cafés"]


def test_prefix_of_many_words_stays_a_prefix(world: World) -> None:
    words = [f"zyxwv{chr(ord('a') + index)}" for index in range(MAX_PREFIX_WORDS + 4)]
    with writing(world.engine) as session:
        session.add_all(Note(interview_id=world.other, text=word) for word in words)
    assert sorted(_text(hit) for hit in search(world.engine, "zyxwv")) == words
    assert [_text(hit) for hit in search(world.engine, "zyxwva")] == ["zyxwva"]
    assert len(search(world.engine, "zyxw*")) == len(words)  # the four-letter index


def test_variants_of_a_long_prefix_rank_as_one_word(engine: Engine) -> None:
    with writing(engine) as session:
        contact = Contact(name="Ada")
        session.add(contact)
        session.flush()
        session.add(
            Interview(contact_id=_id(contact), scheduled_at=_when(1), goals="Small projects.")
        )
        session.add(
            Interview(contact_id=_id(contact), scheduled_at=_when(2), goals="Small project.")
        )
        # "project" is common and "projects" rare: weighed as two words, the rare one would
        # put the older text first. As one prefix, the two texts rank equally.
        session.add_all(
            Interview(contact_id=_id(contact), scheduled_at=_when(0), goals=f"Project {index}.")
            for index in range(12)
        )
    hits = search(engine, "small project")
    assert [hit.when for hit in hits] == [_when(2), _when(1)]


def test_limit_and_order(engine: Engine) -> None:
    with writing(engine) as session:
        contact = Contact(name="Ada")
        session.add(contact)
        session.flush()
        interviews = [
            Interview(contact_id=_id(contact), scheduled_at=_when(day), goals="Same words here.")
            for day in (1, 3, 2)
        ]
        session.add_all(interviews)
    hits = search(engine, "same words")
    # Equal texts rank equally, so the most recent interview comes first.
    assert [hit.when for hit in hits] == [_when(3), _when(2), _when(1)]
    assert len(search(engine, "same words", limit=2)) == 2
    assert search(engine, "same words", limit=0) == []


def test_best_rank_first(engine: Engine) -> None:
    with writing(engine) as session:
        contact = Contact(name="Ada")
        session.add(contact)
        session.flush()
        session.add(
            Interview(
                contact_id=_id(contact),
                scheduled_at=_when(5),
                goals="Long text that mentions gardening once among many other words "
                "about careers, salaries, schedules and commuting.",
            )
        )
        session.add(
            Interview(contact_id=_id(contact), scheduled_at=_when(1), goals="Gardening gardening.")
        )
    hits = search(engine, "gardening")
    assert [hit.when for hit in hits] == [_when(1), _when(5)]


# --- the index stays in step ------------------------------------------------------------


def test_updated_answer_replaces_its_words(world: World) -> None:
    with writing(world.engine) as session:
        question = session.get(Question, world.question)
        assert question is not None
        question.answer = "Mostly kanban boards now."
        session.add(question)
    assert search(world.engine, "espresso") == []
    assert _only(search(world.engine, "kanban")).ref_id == world.question


def test_cleared_text_leaves_the_index(world: World) -> None:
    with writing(world.engine) as session:
        note = session.get(Note, world.note)
        assert note is not None
        note.text = ""
        session.add(note)
    assert search(world.engine, "formulary") == []


def test_deleted_interview_takes_its_hits_along(world: World) -> None:
    before = {hit.field for hit in search(world.engine, "Ottoline")}
    assert "thank_you_text" in before
    with writing(world.engine) as session:
        # Plain SQL delete: only ON DELETE CASCADE removes the questions, notes and the rest.
        session.execute(delete(Interview).where(col(Interview.id) == world.interview))
    with world.engine.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM search_index WHERE interview_id = :i"),
            {"i": world.interview},
        ).scalar_one()
        questions = connection.execute(text("SELECT count(*) FROM question")).scalar_one()
    assert questions == 0  # the cascade happened
    assert left == 0  # and its delete triggers kept the index in step
    for query in ("espresso", "formulary", "shadowing", "wonderful", "oncology", "stewardship"):
        assert search(world.engine, query) == [], query
    # The contact's name now leads to the remaining interview only.
    assert {hit.interview_id for hit in search(world.engine, "Ottoline")} == {world.other}


def test_renamed_contact_is_found_by_the_new_name(world: World) -> None:
    with writing(world.engine) as session:
        contact = session.get(Contact, world.contact)
        assert contact is not None
        contact.name = "Ottilie Marchbanks"
        session.add(contact)
    assert search(world.engine, "Vasquez") == []
    assert len(search(world.engine, "Marchbanks")) == 2


# --- snippets -------------------------------------------------------------------------------


def test_markup_looking_text_comes_back_verbatim(world: World) -> None:
    stored = "[b]bold[/b] and [@click=app.quit]quit[/] plus [/ and \\[escaped]"
    with writing(world.engine) as session:
        session.add(Note(interview_id=world.other, text=stored))
    hit = _only(search(world.engine, "bold"))
    assert _text(hit) == stored
    assert _matched(hit) == ["bold"]


def test_snippet_is_one_line_with_context(world: World) -> None:
    words = " ".join(f"w{i}" for i in range(40))
    with writing(world.engine) as session:
        session.add(
            Note(interview_id=world.other, text=f"Line one\n\nsecond {words} needle {words}")
        )
    hit = _only(search(world.engine, "needle"))
    flat = _text(hit)
    assert "\n" not in flat
    assert flat.startswith("…") and flat.endswith("…")
    assert len(flat.split()) <= 14
    assert _matched(hit) == ["needle"]


def test_split_snippet() -> None:
    assert split_snippet("a \ue000b\ue001 c\n d") == (("a ", False), ("b", True), (" c d", False))
    assert split_snippet("") == ()
    assert split_snippet("\ue000x\ue001\ue000y\ue001") == (("xy", True),)


# --- upgrading -----------------------------------------------------------------------------


def test_0002_database_upgrades_and_old_texts_are_found_by_prefix(tmp_path) -> None:
    from infoint_tui.store.engine import _connect, _migrate, make_engine
    from infoint_tui.store.files import create_private_file

    path = tmp_path / "old.db"
    create_private_file(path)
    old = _connect(path)
    _migrate(old, path, fresh=True, target="0002")
    # Rows as release 0002 wrote them (raw SQL: today's models have columns it had not).
    with old.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO contact (uuid, name, role, email, phone, profile_url, how_met, notes,"
            " created_at, updated_at) VALUES ('c1', 'Grace Hopper', '', '', '', '', '', '',"
            " '2026-01-01 10:00:00', '2026-01-01 10:00:00')"
        )
        interview_id = connection.exec_driver_sql(
            "INSERT INTO interview (uuid, contact_id, medium, planned_minutes, research_notes,"
            " goals, stage, created_at, updated_at) VALUES ('i1', 1, 'video', 25,"
            " 'Compilers everywhere.', '', 'research', '2026-01-01 10:00:00',"
            " '2026-01-01 10:00:00') RETURNING id"
        ).scalar_one()
        question_id = connection.exec_driver_sql(
            "INSERT INTO question (interview_id, text, category, position, must_ask, asked,"
            " skipped, answer, starred, estimate_minutes, updated_at) VALUES (?, 'Typical day?',"
            " 'other', 0, 0, 0, 0, 'Debugging moths', 0, 2, '2026-01-01 10:00:00') RETURNING id",
            (interview_id,),
        ).scalar_one()
    old.dispose()

    engine = make_engine(path)
    try:
        with engine.connect() as connection:
            sql = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
            ).scalar_one()
        assert "prefix = '2 3 4'" in sql
        for query in ("c", "co", "com", "comp", "compi", "compilers", "everyw", "grace hop"):
            assert len(search(engine, query)) == 1, query
        assert _matched(_only(search(engine, "debu"))) == ["Debugging"]
        assert search_interview_ids(engine, "compil") == {interview_id}
        # The triggers came back with the table: new, changed and removed text stays in step.
        with writing(engine) as session:
            session.add(Note(interview_id=interview_id, text="The projector broke."))
            answered = session.get(Question, question_id)
            assert answered is not None
            answered.answer = "Patching compilers"
            session.add(answered)
        assert _only(search(engine, "projec")).field == "note"
        assert search(engine, "moth") == []
        assert {hit.field for hit in search(engine, "compil")} == {"research_notes", "answer"}
        with writing(engine) as session:
            session.execute(delete(Note))
        assert search(engine, "projec") == []
    finally:
        engine.dispose()
    assert len(list(tmp_path.glob("old.db.before-upgrade-from-0002.*.bak"))) == 1


# -- compacting the index after bulk writes -----------------------------------------------


def _segments(engine: Engine) -> int:
    with engine.connect() as connection:
        query = text("SELECT count(DISTINCT segid) FROM search_index_idx")
        return int(connection.execute(query).one()[0])


def test_compact_index_merges_the_segments_and_keeps_every_text(store) -> None:
    for index in range(6):  # each write transaction leaves a segment of its own
        interview = store.create_interview(f"Person {index}")
        store.update_interview(interview.id, goals=f"compactable goal {index}")
    assert _segments(store.engine) > 1
    assert compact_index(store.engine) is True
    assert _segments(store.engine) == 1
    assert len(search(store.engine, "compactable")) == 6


def test_a_bulk_import_compacts_the_index_a_small_one_does_not(store, monkeypatch) -> None:
    import json

    from infoint_tui.store.exchange import import_json, writer

    compacted: list[int] = []

    def spy(engine: Engine) -> bool:
        compacted.append(_segments(engine))
        return compact_index(engine)

    monkeypatch.setattr(writer, "compact_index", spy)

    def document(count: int, word: str) -> str:
        interviews = [{"contact": {"name": f"{word} {n}"}, "goals": word} for n in range(count)]
        return json.dumps({"format": "infoint-tui", "version": 1, "interviews": interviews})

    import_json(store.engine, document(2, "fewer"))
    assert compacted == []  # two interviews: not worth a second on a large database
    import_json(store.engine, document(BULK_INTERVIEWS, "many"))
    assert len(compacted) == 1 and _segments(store.engine) == 1
    assert len(search(store.engine, "many", limit=500)) >= BULK_INTERVIEWS


# --- a search restricted to some interviews -----------------------------------------------


@pytest.fixture(params=["few", "many"])
def restriction(request, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a restriction is checked: by the rowids of few interviews' texts, or by
    the interview id of each matching text when there are many."""
    if request.param == "many":
        monkeypatch.setattr(search_module, "FEW_INTERVIEWS", 0)
    return request.param


@pytest.mark.parametrize("query", ["gardening", "garde", "g"])
def test_restricted_search_finds_a_match_below_the_limit_and_the_window(
    engine: Engine, restriction: str, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The allowed interview's text is the oldest and the weakest match; more better and
    # newer matches of other interviews than the limit and the ranking window hold.
    # "garde" stands for two words (the window-ranked statement), "g" lists the newest.
    monkeypatch.setattr(search_module, "RANK_WINDOW", 6)
    monkeypatch.setattr(search_module, "WORDS_RANK_WINDOW", 3)
    with writing(engine) as session:
        contact = Contact(name="Ada")
        session.add(contact)
        session.flush()
        wanted = Interview(
            contact_id=_id(contact),
            scheduled_at=_when(0),
            goals="Long text that mentions gardening once among many other words "
            "about careers, salaries, schedules and commuting.",
        )
        session.add(wanted)
        session.flush()
        session.add_all(
            Interview(
                contact_id=_id(contact),
                scheduled_at=_when(day),
                goals="Gardening, gardens and gardening.",
            )
            for day in range(1, 21)
        )
    assert wanted.id is not None
    assert wanted.id not in {hit.interview_id for hit in search(engine, query, limit=5)}
    hits = search(engine, query, limit=5, interview_ids=[wanted.id])
    assert [(hit.interview_id, hit.field) for hit in hits] == [(wanted.id, "goals")]
    assert "gardening" in _matched(hits[0])


def test_restricted_contact_and_organization_hits_expand_to_allowed_interviews_only(
    world: World, restriction: str
) -> None:
    def found(query: str, ids: list[int], limit: int = 50) -> list[tuple[int, str]]:
        hits = search(world.engine, query, limit=limit, interview_ids=ids)
        return [(hit.interview_id, hit.field) for hit in hits]

    with writing(world.engine) as session:
        stranger = Contact(name="Someone Else")
        session.add(stranger)
        session.flush()
        elsewhere = Interview(
            contact_id=_id(stranger),
            goals="Asked at length about Vasquez and about the Quillfeather Infirmary.",
        )
        session.add(elsewhere)
        session.flush()
        assert elsewhere.id is not None
    assert found("Vasquez", [world.other]) == [(world.other, "contact")]
    assert found("marmalade", [world.interview]) == [(world.interview, "contact_notes")]
    assert found("Quillfeather", [world.other]) == [(world.other, "organization")]
    assert found("residency scheme", [world.interview, elsewhere.id]) == [
        (world.interview, "organization_notes")
    ]
    # None of their interviews is allowed: the contact and organization are not found,
    # and take no place among the best (their short names would rank first).
    for query in ("marmalade", "renowned"):
        assert found(query, [elsewhere.id]) == []
    for query in ("Vasquez", "Quillfeather"):
        assert found(query, [elsewhere.id], limit=1) == [(elsewhere.id, "goals")]
    # Ids of no interview at all are harmless.
    assert found("Vasquez", [world.other, 999_999]) == [(world.other, "contact")]
    assert {hit.interview_id for hit in search(world.engine, "Vasquez")} == {
        world.interview,
        world.other,
        elsewhere.id,
    }


def test_restricted_search_keeps_the_fields_of_allowed_interviews(
    world: World, restriction: str
) -> None:
    hits = search(world.engine, "formulary", interview_ids={world.interview})
    assert [hit.field for hit in hits] == ["note"]
    assert search(world.engine, "formulary", interview_ids={world.other}) == []
    assert search(world.engine, "second conversation", interview_ids=(world.other,))


def test_an_empty_restriction_finds_nothing(world: World) -> None:
    assert search(world.engine, "Vasquez")
    assert search(world.engine, "Vasquez", interview_ids=[]) == []
    assert search(world.engine, "Vasquez", interview_ids=set()) == []


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise_in_a_restricted_search(
    world: World, restriction: str, query: str
) -> None:
    hits = search(world.engine, query, interview_ids=[world.interview])
    assert all(hit.interview_id == world.interview for hit in hits)


def test_every_kind_of_interview_text_is_found_in_a_restricted_search(
    world: World, restriction: str
) -> None:
    with writing(world.engine) as session:
        reflection = session.exec(
            select(Reflection).where(Reflection.interview_id == world.interview)
        ).one()
        reflection.most_interesting = "The aseptic unit."
        reflection.still_to_learn = "Rotas and bleeps."
        reflection.next_steps = "Email the chief technician."
        session.add(reflection)
    fields = {
        "stewardship": "research_notes",
        "residency interview": "goals",
        "typical day": "question",
        "espresso": "answer",
        "formulary": "note",
        "aseptic": "most_interesting",
        "shadowing": "most_helpful",
        "prescribe": "surprises",
        "bleeps": "still_to_learn",
        "technician": "next_steps",
        "wonderful": "thank_you_text",
        "oncology": "referral",
    }
    assert len(fields) == len(set(fields.values())) == 12  # every kind of an interview's own
    for query, field in fields.items():
        hits = search(world.engine, query, interview_ids=[world.interview])
        assert [(hit.interview_id, hit.field) for hit in hits] == [(world.interview, field)]
        assert search(world.engine, query, interview_ids=[world.other]) == []
