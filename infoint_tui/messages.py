"""The app's messages: what the app and the workers tell the screens, in a module of their own.

Screens and widgets import these, never app.py (posting and harlequin keep theirs the same
way). A worker thread hands its result back by posting one of them to its screen or widget
(`post_message` is safe from any thread), so a test can watch it with
`run_test(message_hook=...)`; those results do not bubble past the node that asked.
Messages a widget posts about itself for others stay on that widget (`FilterBar.Changed`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from textual.content import Content

    from infoint_tui.screens.occupation_content import Prepared
    from infoint_tui.store.compare import InterviewLine, OccupationOverview
    from infoint_tui.store.listing import InterviewRow
    from infoint_tui.store.people_ops import PersonLine, PersonPage
    from infoint_tui.store.records import OrganizationRecord
    from infoint_tui.store.search import SearchHit
    from infoint_tui.store.todo import TodoList


class StoreReady(Message):
    """The database is open; screens may read from `app.store`."""


class FirstList(Message):
    """The interview list, read with plain sqlite3 before the store opened (see open_store)."""

    def __init__(self, rows: list[InterviewRow], names: list[str]) -> None:
        super().__init__()
        self.rows = rows
        """The rows in Home's order (see `store.list_order.prepare_rows`)."""
        self.names = names
        """Each row's names for Home's filter."""


class InterviewsRead(Message, bubble=False):
    """Home's worker read the interview list (as the filter bar says) and the to-do items."""

    def __init__(
        self, rows: list[InterviewRow], names: list[str], todos: TodoList, narrows: bool
    ) -> None:
        super().__init__()
        self.rows = rows
        """The rows in Home's order."""
        self.names = names
        """Each row's names for Home's name filter."""
        self.todos = todos
        """What is waiting to be done."""
        self.narrows = narrows
        """Whether the filter bar left interviews out (then an empty list is no welcome)."""


class SearchDone(Message, bubble=False):
    """Search's worker found the hits for one query (or says why it could not)."""

    def __init__(self, generation: int, hits: list[SearchHit], status: str) -> None:
        super().__init__()
        self.generation = generation
        """Which query it answers: an older one's hits are dropped."""
        self.hits = hits
        self.status = status
        """The status line: how many results, or why there are none."""


class InterviewPageRead(Message, bubble=False):
    """Read back's worker built the page of one interview and its Markdown."""

    def __init__(self, page: dict[str, Content], uuid: str, name: str, markdown: str) -> None:
        super().__init__()
        self.page = page
        """Every part of the page by widget id (see `screens.read_back.page_of`)."""
        self.uuid = uuid
        self.name = name
        """The contact's name, cut for a notification."""
        self.markdown = markdown
        """The interview as Markdown, for copy and export."""


class OccupationRead(Message, bubble=False):
    """The occupation screen's worker read and prepared everything the screen shows."""

    def __init__(
        self, overview: OccupationOverview, prepared: Prepared, planned: InterviewLine | None
    ) -> None:
        super().__init__()
        self.overview = overview
        self.prepared = prepared
        """The comparison, the interviews and the unanswered questions, ready to mount."""
        self.planned = planned
        """The interview `a` adds questions to, when one is planned."""


class FilterChoicesRead(Message, bubble=False):
    """The filter bar's worker read the occupations and organizations to choose from."""

    def __init__(
        self, occupations: list[tuple[int | None, str]], organizations: list[tuple[int | None, str]]
    ) -> None:
        super().__init__()
        self.occupations = occupations
        """(id, name) of each occupation in use."""
        self.organizations = organizations
        """(id, name) of each organization in use."""


class ReadFailed(Message, bubble=False):
    """A screen's worker could not read what the screen shows; `reason` is one line."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class PeopleRead(Message, bubble=False):
    """Everyone, read for the People screen."""

    def __init__(self, people: list[PersonLine]) -> None:
        super().__init__()
        self.people = people


class PersonRead(Message, bubble=False):
    """One person's page, read for the person screen."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page


class TargetsRead(Message, bubble=False):
    """The target list, read for its screen, with the organizations that could join it."""

    def __init__(
        self,
        ranked: list[tuple[OrganizationRecord, list[PersonLine]]],
        others: list[str],
        generation: int,
    ) -> None:
        super().__init__()
        self.ranked = ranked
        """Each organization on the list with the people known there (`ranked_organizations`)."""
        self.others = others
        """The names of the organizations known but not on the list, by name."""
        self.generation = generation
        """The screen's count of its own changes when the read began: an older read is stale."""
