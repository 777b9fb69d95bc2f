"""Home: the interviews, newest and upcoming first, and what is waiting to be done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from infoint_tui import timekeeping
from infoint_tui.context import HasInfointApp
from infoint_tui.messages import FirstList, InterviewsRead, PageRead, StoreReady
from infoint_tui.screens.navigation import open_occupation, open_read_back
from infoint_tui.store.dates import NOT_SCHEDULED
from infoint_tui.store.kinds import STAGE_LABELS
from infoint_tui.store.list_order import is_upcoming
from infoint_tui.text import one_line
from infoint_tui.widgets.filters import HOME_SORTS, FilterBar, FilterValues
from infoint_tui.widgets.row_list import PAGE_ROWS, Column, PagedRows, RowList

if TYPE_CHECKING:
    from array import array

    from infoint_tui.store.records import InterviewRecord, InterviewRow
    from infoint_tui.store.store import Store
    from infoint_tui.store.todo import TodoItem

COLUMNS = (
    Column("Date", "date", width=13),  # "21 Nov 17:00", "21 Nov 2024", "not scheduled"
    Column("Contact", "contact", share=0.4),
    Column("Organization", "organization", share=0.3),
    Column("Occupation", "occupation", share=0.3),
    Column("Stage", "stage", width=9),
    Column("Fit", "fit", width=3),
)
#: Longest text kept of a name in a cell; the list cuts it to the column's width.
CELL_TEXT = 120


def home_date(when: datetime, now: datetime) -> str:
    """`21 Nov 17:00` within the current year, `21 Nov 2024` before or after it."""
    if timekeeping.local(when).year == timekeeping.local(now).year:
        return timekeeping.local_text(when, "%d %b %H:%M")
    return timekeeping.local_text(when, "%d %b %Y")


WELCOME = (
    "Welcome to infoint-tui.\n\n"
    "An informational interview is a short conversation with someone who does the work "
    "you are curious about: you ask, they tell, nobody is hiring.\n\n"
    "Press n to prepare your first one: who you will talk to, what you will ask. "
    "During the call, F3 takes you to Live notes. Try `infoint-tui demo` for sample data."
)


def row_cells(row: InterviewRow, now: datetime) -> tuple[Text, ...]:
    """The cells of one interview in the list (rich Text: never parsed as markup)."""
    if row.when is None:
        date = Text(NOT_SCHEDULED, style="dim")
    else:
        date = Text(home_date(row.when, now))
        if is_upcoming(row, now):
            date.stylize("bold")
    return (
        date,
        Text(one_line(row.contact_name, CELL_TEXT) or "(no name yet)"),
        Text(one_line(row.organization_name or "", CELL_TEXT)),
        Text(one_line(row.occupation_name or "", CELL_TEXT)),
        Text(STAGE_LABELS.get(row.stage, row.stage)),
        Text(f"★{row.fit_confidence}" if row.fit_confidence else ""),
    )


class InterviewList(RowList["InterviewRow"]):
    """The interview list; `enter` opens the highlighted interview (and says so)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            tooltip="Open the highlighted interview at its current stage",
            id="home.list.open",
        ),
    ]


def _row_id(row: InterviewRow) -> int:
    return row.id


class HomeScreen(HasInfointApp, Screen[None]):
    """The list of interviews with a filter, and the to-do panel."""

    AUTO_FOCUS = "#interviews"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_interview", "New", tooltip="Prepare a new interview", id="home.new"),
        Binding(
            "enter", "open_interview", "Open", tooltip="Open at its current stage", id="home.open"
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter the list by name as you type",
            show=False,
            id="home.filter",
        ),
        Binding(
            "v",
            "read_back",
            "Read",
            tooltip="Read the highlighted interview on one page",
            id="home.read",
        ),
        Binding(
            "o",
            "occupation",
            "Compare",
            tooltip="Compare everything heard about the highlighted interview's occupation",
            id="home.occupation",
        ),
        Binding(
            "x",
            "export_markdown",
            "Export",
            tooltip="Export every interview to Markdown files in a folder",
            show=False,
            id="home.export",
        ),
        Binding(
            "c",
            "export_calendar",
            "Calendar",
            tooltip="Export interviews, thank-you deadlines and next contacts as a .ics file",
            show=False,
            id="home.calendar",
        ),
        Binding(
            "f",
            "toggle_filters",
            "Filters",
            tooltip="Show or hide the filters: occupation, organization, stage, dates, fit, "
            "order (hiding them shows every interview again)",
            show=False,
            id="home.filters",
        ),
        Binding(
            "p",
            "people",
            "People",
            tooltip="Everyone you talk to, were referred to, or plan to ask, and where "
            "asking them stands",
            id="home.people",
        ),
        Binding(
            "ctrl+f",
            "search",
            "Search",
            tooltip="Search everything you wrote: notes, answers, reflections, names",
            id="home.search",
        ),
        Binding(
            "delete",
            "delete_interview",
            "Delete",
            tooltip="Delete after confirming",
            id="home.delete",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            tooltip="Clear and hide the filter field; from the filters, back to the list",
            show=False,
            id="home.clear",
        ),
        Binding("ctrl+q", "app.quit", "Quit", tooltip="Save everything and quit", id="home.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._generation = 0
        """Which read of the list is the latest: answers to older ones are dropped."""
        self._keep: int | None = None
        """The interview the cursor was on when the latest read began (kept across its parts)."""
        self._narrows = False
        """Whether the filter bar narrows the list (then an empty list is no welcome)."""
        self._from_store = False
        """Whether the store's read has been shown (the first, plain read is then stale)."""
        self._pending: Callable[[Store], object] | None = None
        """An action asked for before the store was open, run once it is."""
        self._now = timekeeping.utcnow()
        """When the rows were read: upcoming interviews are bold, dates show the year."""
        self._loaded_at_write = -1
        self._values = FilterValues()
        """What the filter bar narrows to (nothing while it is hidden)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            with Vertical(id="home-main"):
                yield Input(
                    placeholder="Filter by contact, organization, occupation",
                    id="filter",
                    classes="hidden",
                )
                yield InterviewList(COLUMNS, self._row_cells, key=_row_id, id="interviews")
                yield Static(WELCOME, id="welcome", classes="hidden", markup=False)
            with Vertical(id="todo-panel"):
                yield Static("To do", classes="panel-title")
                yield Static("Loading…", id="todo", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.infoint.store is not None:
            self.refresh_data()
        else:
            self.query_one(InterviewList).loading = True

    @on(FirstList)
    def _first_list(self, event: FirstList) -> None:
        """The list as read before the store opened; the store's own read replaces it."""
        if not self._from_store:
            self._show_list(event.ids, event.rows, event.now, narrows=False)
            if event.todos is not None:
                self._show_todo(event.todos)

    @on(StoreReady)
    def _store_ready(self) -> None:
        self.refresh_data()
        pending, self._pending = self._pending, None
        if pending is not None and self.infoint.store is not None:
            pending(self.infoint.store)

    def _when_store(self, action: Callable[[Store], object]) -> None:
        """Run `action` now, or once the store is open: the list shows before it is, and a
        key pressed in that moment (enter, n, v, …) must not be lost. The latest one wins."""
        store = self.infoint.store
        if store is not None:
            action(store)
        else:
            self._pending = action

    def on_screen_resume(self) -> None:
        # Coming back from an interview: read the list again only if something was saved.
        if self.infoint.store is None:
            return  # the first paint: importing the data layer here would delay it
        if self.infoint.saver.pending():
            # What was typed a moment ago is still being saved: read the list once it is.
            self.infoint.after_saves(lambda saved: self._refresh_if_changed())
        else:
            self._refresh_if_changed()

    def _refresh_if_changed(self) -> None:
        from infoint_tui.store.sessions import write_count

        if write_count() != self._loaded_at_write:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read the list (as the filters say) and the to-do items again, in a worker."""
        self._read(todo=True)

    def _read(self, todo: bool) -> None:
        """Read the list as the filter bar and the name filter say (and the to-do items)."""
        self._generation += 1
        self._keep = self.query_one(InterviewList).cursor_key
        names = self.query_one("#filter", Input).value
        self._load(self._generation, self._values, names, todo)

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self, generation: int, values: FilterValues, names: str, todo: bool) -> None:
        """Read the list off the event loop: the first screen, then every id; and the to-do.

        The ids in order cost eight bytes an interview; rows are read a page at a time as
        they are drawn (`_fetch_page`). A newer read cancels this one, even mid-query.
        """
        import sqlite3

        from textual.worker import get_current_worker

        from infoint_tui.store.sessions import write_count

        store = self.infoint.store
        if store is None:
            return
        worker = get_current_worker()
        now = timekeeping.utcnow()
        where = values.to_filter()
        todos = None
        if todo:
            from infoint_tui.settings import outreach_timing

            self._loaded_at_write = write_count()
            timing = outreach_timing()
            # Requests nudged once and still unanswered move to "no reply" (a saver's write).
            self.infoint.queue_save("outreach:settle", lambda: store.settle_outreach(timing=timing))
            todos = store.todo_items(timing)

        def read(limit: int | None) -> array[int]:
            return store.home_ids(
                where, names=names, now=now, limit=limit, cancelled=lambda: worker.is_cancelled
            )

        def post(ids: array[int], rows: list[InterviewRow], complete: bool) -> None:
            read = InterviewsRead(
                generation, ids, rows, todos, narrows=values.narrows, now=now, complete=complete
            )
            self.post_message(read)

        try:
            if names.split():  # every row is tested anyway: one read
                ids = read(None)
                post(ids, self._rows_of(store, ids[:PAGE_ROWS]), True)
                return
            first = read(PAGE_ROWS)
            rows = self._rows_of(store, first)
            post(first, rows, len(first) < PAGE_ROWS)
            if len(first) == PAGE_ROWS:
                todos = None  # shown with the first screen
                post(read(None), rows, True)
        except sqlite3.OperationalError:
            if not worker.is_cancelled:
                raise  # not interrupted by a newer read: a real fault

    @staticmethod
    def _rows_of(store: Store, ids: array[int]) -> list[InterviewRow]:
        found = store.interview_rows(ids)
        return [found[id_] for id_ in ids if id_ in found]

    @on(InterviewsRead)
    def _interviews_read(self, event: InterviewsRead) -> None:
        if event.generation != self._generation:
            return  # a newer read is on its way
        self._from_store = True
        if event.todos is not None:
            self._show_todo(event.todos)
        if event.complete or self._keep is None or self._keep in event.ids:
            self._show_list(event.ids, event.rows, event.now, event.narrows)
        # Else the cursor's interview is further down: the list as it was until every id is in.

    def _show_list(
        self, ids: array[int], rows: list[InterviewRow], now: datetime, narrows: bool
    ) -> None:
        """Show the interviews `ids` in order, `rows` being the first ones' rows."""
        self._narrows, self._now = narrows, now
        table = self.query_one(InterviewList)
        table.loading = False
        keep = self._keep if self._keep is not None else table.cursor_key
        table.set_rows(PagedRows(ids, rows, key=_row_id, fetch=self._want_page), keep=keep)
        if keep is not None and table.cursor_key == keep:
            self._keep = None  # found: from now on the cursor is where the user puts it
        words = self.query_one("#filter", Input).value.split()
        empty = not ids and not words and not self._narrows
        self.query_one("#welcome").set_class(not empty, "hidden")
        table.set_class(empty, "hidden")

    def _want_page(self, source: PagedRows[InterviewRow], page: int) -> None:
        """A page of the list is drawn and not read yet: read it (after this frame)."""
        self.call_later(self._fetch_page, source, page, list(source.page_keys(page)))

    @work(thread=True, group="home-page")
    def _fetch_page(self, source: PagedRows[InterviewRow], page: int, ids: list[int]) -> None:
        """Read one page of the list's rows off the event loop."""
        import sqlite3

        from infoint_tui.store.listing import read_rows

        store = self.infoint.store
        rows: list[InterviewRow] | None
        if store is None:  # before the store has opened: as the first screen was read
            rows = read_rows(self.infoint.db_path, ids)
        else:
            try:
                rows = list(store.interview_rows(ids).values())
            except sqlite3.Error:
                rows = None  # busy or gone for a moment: asked for again when drawn
        self.post_message(PageRead(source, page, rows))

    @on(PageRead)
    def _page_read(self, event: PageRead) -> None:
        table = self.query_one(InterviewList)
        source = event.source
        if table.rows is not source or not isinstance(source, PagedRows):
            return  # the list shows other rows by now
        if event.rows is None:
            source.failed(event.page)
        else:
            table.rows_read(event.page, event.rows)

    def _row_cells(self, row: InterviewRow) -> tuple[Text, ...]:
        return row_cells(row, self._now)

    def _show_todo(self, todos: list[TodoItem]) -> None:
        from infoint_tui.store.todo import TODO_SHOWN, TodoList

        panel = self.query_one("#todo", Static)
        if not todos:
            panel.update(Text("Nothing waiting. Well done."))
            return
        text = Text()
        for item in todos[:TODO_SHOWN]:
            style = "bold red" if item.overdue else ""
            text.append("• " + one_line(item.text, 74) + "\n", style=style)
        if len(todos) > TODO_SHOWN or (isinstance(todos, TodoList) and todos.more):
            text.append("  more…\n", style="dim")  # how many is not counted: it grows
        panel.update(text)

    def _selected_id(self) -> int | None:
        return self.query_one(InterviewList).cursor_key

    # -- actions -------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter field and type into it."""
        field = self.query_one("#filter", Input)
        field.remove_class("hidden")
        field.focus()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter; from the filter bar, go back to the list."""
        field = self.query_one("#filter", Input)
        table = self.query_one(InterviewList)
        if field.value or not field.has_class("hidden"):
            field.value = ""
            field.add_class("hidden")
            table.focus()
        elif self.focused is not None and any(
            isinstance(node, FilterBar) for node in self.focused.ancestors
        ):
            table.focus()

    async def action_toggle_filters(self) -> None:
        """Show the filter bar (focused), or hide it and show every interview again.

        The bar is made on first use: its 34 widgets would slow Home's first paint.
        """
        bar = self.query(FilterBar).first() if self.query(FilterBar) else None
        if bar is None:
            bar = FilterBar(HOME_SORTS, id="home-filters", classes="hidden")
            await self.query_one("#home-main").mount(bar, before=0)
        if bar.has_class("hidden"):
            bar.remove_class("hidden")
            bar.load_choices()
            bar.query_one("Select").focus()
        else:
            bar.add_class("hidden")
            bar.clear()
            self.query_one(InterviewList).focus()

    @on(FilterBar.Changed, "#home-filters")
    def _filters_changed(self, event: FilterBar.Changed) -> None:
        self._values = event.values
        self.refresh_data()

    def action_read_back(self) -> None:
        """Read the highlighted interview on one page."""
        interview_id = self._selected_id()
        if interview_id is not None:
            self._when_store(lambda _: open_read_back(self.app, interview_id))

    def action_occupation(self) -> None:
        """Compare the highlighted interview's occupation."""
        interview_id = self._selected_id()
        if interview_id is not None:
            self._when_store(lambda _: open_occupation(self.app, interview_id))

    def action_export_markdown(self) -> None:
        """Export every interview to Markdown files."""
        from infoint_tui.dialogs.export import start_markdown_export

        start_markdown_export(self.app, None)

    def action_export_calendar(self) -> None:
        """Export the calendar file."""
        from infoint_tui.dialogs.export import start_calendar_export

        start_calendar_export(self.app)

    def action_search(self) -> None:
        """Open Search."""
        from infoint_tui.screens.search import SearchScreen

        self._when_store(lambda _: self.app.push_screen(SearchScreen()))

    def action_people(self) -> None:
        """Open People."""
        from infoint_tui.screens.people import PeopleScreen

        self._when_store(lambda _: self.app.push_screen(PeopleScreen()))

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._read(todo=False)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(InterviewList).focus()

    @on(InterviewList.Selected, "#interviews")
    def _row_chosen(self) -> None:
        self.action_open_interview()

    def action_open_interview(self) -> None:
        """Open the highlighted interview at its current stage."""
        interview_id = self._selected_id()
        if interview_id is not None:
            self._when_store(lambda _: self.open_interview(interview_id))

    def open_interview(
        self, interview_id: int, stage: str | None = None, focus_name: bool = False
    ) -> None:
        """Push the interview screen."""
        from infoint_tui.screens.interview import InterviewScreen

        self.app.push_screen(InterviewScreen(interview_id, stage=stage, focus_name=focus_name))

    def action_new_interview(self) -> None:
        """Create an interview and open Research with the cursor in the contact's name."""
        self._when_store(self._create_interview)

    def _create_interview(self, store: Store) -> None:
        def created(interview: InterviewRecord) -> None:
            assert interview.id is not None
            if self.app.screen is self:  # not if the user moved on meanwhile
                self.open_interview(interview.id, stage="research", focus_name=True)

        self.infoint.queue_save(
            "home:new-interview",
            lambda: store.create_interview(""),
            now=True,
            then=created,
            replace=False,
        )

    def action_delete_interview(self) -> None:
        """Delete the highlighted interview after a confirmation."""
        from infoint_tui.dialogs.confirm import ConfirmDialog

        interview_id = self._selected_id()
        if interview_id is None:
            return
        table = self.query_one(InterviewList)
        row = table.row_at(table.cursor_row)
        name = (one_line(row.contact_name, 40) if row is not None else "") or "this contact"

        def deleted(_: object) -> None:
            self.notify(f"Deleted the interview with {name}.", markup=False)
            self.refresh_data()

        def delete(store: Store) -> None:
            self.infoint.queue_save(
                f"home:delete:{interview_id}",
                lambda: store.delete_interview(interview_id),
                now=True,
                then=deleted,
            )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._when_store(delete)

        self.app.push_screen(
            ConfirmDialog(
                "Delete this interview?",
                f"The interview with {name}, with its questions, answers, notes, reflection "
                "and follow-up, will be deleted for good.",
                confirm="Delete",
                cancel="Keep",
                danger=True,
            ),
            answered,
        )
