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
    from array import array
    from datetime import datetime

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
    """Home's list read with plain sqlite3 before the store opened (see `App.open_store`):
    first the first screen, then every id and the to-do items."""

    def __init__(
        self,
        ids: array[int],
        rows: list[InterviewRow],
        now: datetime,
        todos: TodoList | None = None,
    ) -> None:
        super().__init__()
        self.ids = ids
        """The interviews' ids in Home's order (the first ones only, the first time)."""
        self.rows = rows
        """The rows of the first ids."""
        self.now = now
        """The moment the order was judged by (which interviews are still upcoming)."""
        self.todos = todos
        """What is waiting to be done (None: not read yet, or it could not be)."""


class InterviewsRead(Message, bubble=False):
    """Home's worker read the interview list (as the filters say) and perhaps the to-do items.

    The list comes as ids in order with the rows of the first ones; the rest are read a
    page at a time as they are drawn. A read may come in two parts: the first screen
    (`complete` False: `ids` are the first ones only), then every id.
    """

    def __init__(
        self,
        generation: int,
        ids: array[int],
        rows: list[InterviewRow],
        todos: TodoList | None,
        *,
        narrows: bool,
        now: datetime,
        complete: bool = True,
    ) -> None:
        super().__init__()
        self.generation = generation
        """Which read this answers: Home drops an older read's answers."""
        self.ids = ids
        """The ids in Home's order."""
        self.rows = rows
        """The rows of the first ids."""
        self.todos = todos
        """What is waiting to be done (None: not read again this time)."""
        self.narrows = narrows
        """Whether the filters left interviews out (then an empty list is no welcome)."""
        self.now = now
        """The moment the order was judged by."""
        self.complete = complete
        """Whether `ids` are all of them (else the first screen's, and the rest follow)."""


class PageRead(Message, bubble=False):
    """A page of Home's list was read (see `widgets.row_list.PagedRows`)."""

    def __init__(self, source: object, page: int, rows: list[InterviewRow] | None) -> None:
        super().__init__()
        self.source = source
        """The `PagedRows` it was read for: dropped if the list shows others by now."""
        self.page = page
        self.rows = rows
        """The page's rows; None if reading them failed (it is asked for again)."""


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
