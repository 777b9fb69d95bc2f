"""Home: the interviews, newest and upcoming first, and what is waiting to be done."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from infoint_tui import timekeeping
from infoint_tui.app import StoreReady
from infoint_tui.screens.navigation import open_occupation, open_read_back
from infoint_tui.text import one_line
from infoint_tui.widgets.filters import HOME_SORTS, FilterBar, FilterValues

if TYPE_CHECKING:
    from infoint_tui.app import InfointApp
    from infoint_tui.store.records import InterviewRow
    from infoint_tui.store.todo import TodoItem

STAGE_LABELS = {
    "research": "Research",
    "questions": "Questions",
    "live": "Live",
    "reflect": "Reflect",
    "follow_up": "Follow-up",
    "done": "Done",
}

COLUMNS = (
    ("Date", "date"),
    ("Contact", "contact"),
    ("Organization", "organization"),
    ("Occupation", "occupation"),
    ("Stage", "stage"),
    ("Fit", "fit"),
)
#: Rows added to the list at once (a screenful), then per slice between frames.
FIRST_SLICE = 60
FILL_SLICE = 200
FIXED_WIDTHS = {"date": 12, "stage": 9, "fit": 3}
#: How the width left over after the fixed columns is shared among the text columns.
SHARES = {"contact": 0.4, "organization": 0.3, "occupation": 0.3}


def home_date(when: datetime, now: datetime) -> str:
    """`21 Nov 17:00` within the current year, `21 Nov 2024` before or after it."""
    local = when.astimezone()
    if local.year == now.astimezone().year:
        return f"{local:%d %b %H:%M}"
    return f"{local:%d %b %Y}"


def text_widths(total: int) -> dict[str, int]:
    """Widths of the text columns for a table `total` cells wide (padding and scrollbar out)."""
    spare = total - sum(FIXED_WIDTHS.values()) - 2 * len(COLUMNS) - 2
    return {key: max(8, int(spare * share)) for key, share in SHARES.items()}


WELCOME = (
    "Welcome to infoint-tui.\n\n"
    "An informational interview is a short conversation with someone who does the work "
    "you are curious about: you ask, they tell, nobody is hiring.\n\n"
    "Press n to prepare your first one: who you will talk to, what you will ask. "
    "During the call, F3 takes you to Live notes. Try `infoint-tui demo` for sample data."
)


def sort_for_home(rows: list[InterviewRow], now: datetime) -> list[InterviewRow]:
    """Upcoming interviews first (soonest first), then the rest, most recent first."""
    upcoming = [r for r in rows if r.scheduled_at and r.scheduled_at >= now and not r.ended_at]
    upcoming_ids = {r.id for r in upcoming}
    rest = [r for r in rows if r.id not in upcoming_ids]
    upcoming.sort(key=lambda r: r.scheduled_at or now)
    far_past = datetime.min.replace(tzinfo=UTC)
    rest.sort(key=lambda r: r.when or far_past, reverse=True)
    return upcoming + rest


class InterviewTable(DataTable[Text]):
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


class HomeScreen(Screen[None]):
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
        self._rows: list[InterviewRow] = []
        self._widths = text_widths(80)
        self._fill_generation = 0
        self._loaded_at_write = -1
        self._values = FilterValues()
        """What the filter bar narrows to (nothing while it is hidden)."""

    @property
    def infoint(self) -> InfointApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            with Vertical(id="home-main"):
                yield FilterBar(HOME_SORTS, id="home-filters", classes="hidden")
                yield Input(
                    placeholder="Filter by contact, organization, occupation",
                    id="filter",
                    classes="hidden",
                )
                yield InterviewTable(id="interviews", cursor_type="row", zebra_stripes=True)
                yield Static(WELCOME, id="welcome", classes="hidden", markup=False)
            with Vertical(id="todo-panel"):
                yield Static("To do", classes="panel-title")
                yield Static("Loading…", id="todo", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#interviews", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key, width=FIXED_WIDTHS.get(key, 12))
        self._fit_columns()
        table.loading = self.infoint.store is None
        if self.infoint.store is not None:
            self.refresh_data()

    @on(StoreReady)
    def _store_ready(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        # Coming back from an interview: read the list again only if something was saved.
        from infoint_tui.store.sessions import write_count

        if self.infoint.store is not None and write_count() != self._loaded_at_write:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read the list (as the filters say) and the to-do items again, in a worker."""
        self._load(self.query_one("#filter", Input).value, self._values)

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self, text: str, values: FilterValues) -> None:
        """Read the list and the to-do items off the event loop."""
        from infoint_tui.store.sessions import write_count
        from infoint_tui.store.todo import todo_items

        store = self.infoint.store
        if store is None:
            return
        self._loaded_at_write = write_count()
        rows = store.list_interviews(values.to_filter(text))
        todos = todo_items(store.engine)
        filtered = bool(text.strip()) or values.narrows
        self.app.call_from_thread(self._show, rows, todos, filtered, values.sort)

    def _show(
        self, rows: list[InterviewRow], todos: list[TodoItem], filtered: bool, sort: str = "date"
    ) -> None:
        # By date, upcoming interviews come first; other orders are the store's.
        self._rows = sort_for_home(rows, timekeeping.utcnow()) if sort == "date" else rows
        self._show_rows()
        empty = not self._rows and not filtered
        self.query_one("#welcome").set_class(not empty, "hidden")
        self.query_one("#interviews", DataTable).set_class(empty, "hidden")
        self._show_todo(todos)

    def _show_rows(self) -> None:
        """Fill the table: a screenful at once, the rest in slices between frames.

        Ten thousand rows added in one go would freeze the screen for most of a second;
        a slice of FILL_SLICE rows costs about a frame. A newer fill stops an older one.
        """
        self._fill_generation += 1
        table = self.query_one("#interviews", DataTable)
        selected = self._selected_id()
        table.loading = False
        table.clear()
        self._fill_slice(self._fill_generation, 0, selected)

    def _fill_slice(self, generation: int, start: int, selected: int | None) -> None:
        if generation != self._fill_generation:
            return  # a newer list replaced this one
        now = timekeeping.utcnow()
        table = self.query_one("#interviews", DataTable)
        end = min(start + (FIRST_SLICE if start == 0 else FILL_SLICE), len(self._rows))
        for row in self._rows[start:end]:
            table.add_row(*self._cells(row, now), key=str(row.id))
        if selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)))
            selected = None
        if end < len(self._rows):
            self.set_timer(0.001, lambda: self._fill_slice(generation, end, selected))

    def on_resize(self) -> None:
        self._fit_columns()
        if self._rows:
            self._show_rows()

    def _fit_columns(self) -> None:
        table = self.query_one("#interviews", DataTable)
        self._widths = text_widths(table.size.width or self.size.width or 80)
        for key, width in self._widths.items():
            column = table.columns.get(key)  # type: ignore[call-overload]
            if column is not None:
                column.width = width

    def _cells(self, row: InterviewRow, now: datetime) -> tuple[Text, ...]:
        when = row.when.astimezone() if row.when else None
        date = Text(home_date(when, now) if when else "")
        if row.scheduled_at and row.scheduled_at >= now and not row.ended_at:
            date.stylize("bold")
        fit = f"★{row.fit_confidence}" if row.fit_confidence else ""
        return (
            date,
            Text(one_line(row.contact_name, self._widths["contact"]) or "(no name yet)"),
            Text(one_line(row.organization_name or "", self._widths["organization"])),
            Text(one_line(row.occupation_name or "", self._widths["occupation"])),
            Text(STAGE_LABELS.get(row.stage, row.stage)),
            Text(fit),
        )

    def _show_todo(self, todos: list[TodoItem]) -> None:
        panel = self.query_one("#todo", Static)
        if not todos:
            panel.update(Text("Nothing waiting. Well done."))
            return
        text = Text()
        for item in todos[:20]:
            style = "bold red" if item.overdue else ""
            text.append("• " + one_line(item.text, 74) + "\n", style=style)
        panel.update(text)

    def _selected_id(self) -> int | None:
        table = self.query_one("#interviews", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    # -- actions -------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter field and type into it."""
        field = self.query_one("#filter", Input)
        field.remove_class("hidden")
        field.focus()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter; from the filter bar, go back to the list."""
        field = self.query_one("#filter", Input)
        table = self.query_one("#interviews", DataTable)
        if field.value or not field.has_class("hidden"):
            field.value = ""
            field.add_class("hidden")
            table.focus()
        elif self.focused is not None and self.query_one(FilterBar) in self.focused.ancestors:
            table.focus()

    def action_toggle_filters(self) -> None:
        """Show the filter bar (focused), or hide it and show every interview again."""
        bar = self.query_one(FilterBar)
        if bar.has_class("hidden"):
            bar.remove_class("hidden")
            bar.load_choices()
            bar.query_one("Select").focus()
        else:
            bar.add_class("hidden")
            bar.clear()
            self.query_one("#interviews", DataTable).focus()

    @on(FilterBar.Changed, "#home-filters")
    def _filters_changed(self, event: FilterBar.Changed) -> None:
        self._values = event.values
        self.refresh_data()

    def action_read_back(self) -> None:
        """Read the highlighted interview on one page."""
        interview_id = self._selected_id()
        if interview_id is not None and self.infoint.store is not None:
            open_read_back(self.infoint, interview_id)

    def action_occupation(self) -> None:
        """Compare the highlighted interview's occupation."""
        interview_id = self._selected_id()
        if interview_id is not None and self.infoint.store is not None:
            open_occupation(self.infoint, interview_id)

    def action_export_markdown(self) -> None:
        """Export every interview to Markdown files."""
        from infoint_tui.dialogs.export import start_markdown_export

        start_markdown_export(self.infoint, None)

    def action_export_calendar(self) -> None:
        """Export the calendar file."""
        from infoint_tui.dialogs.export import start_calendar_export

        start_calendar_export(self.infoint)

    def action_search(self) -> None:
        """Open Search."""
        from infoint_tui.screens.search import SearchScreen

        if self.infoint.store is not None:
            self.app.push_screen(SearchScreen())

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#interviews", DataTable).focus()

    @on(DataTable.RowSelected, "#interviews")
    def _row_chosen(self) -> None:
        self.action_open_interview()

    def action_open_interview(self) -> None:
        """Open the highlighted interview at its current stage."""
        interview_id = self._selected_id()
        if interview_id is not None and self.infoint.store is not None:
            self.open_interview(interview_id)

    def open_interview(
        self, interview_id: int, stage: str | None = None, focus_name: bool = False
    ) -> None:
        """Push the interview screen."""
        from infoint_tui.screens.interview import InterviewScreen

        self.app.push_screen(InterviewScreen(interview_id, stage=stage, focus_name=focus_name))

    def action_new_interview(self) -> None:
        """Create an interview and open Research with the cursor in the contact's name."""
        store = self.infoint.store
        if store is None:
            return
        interview = store.create_interview("")
        assert interview.id is not None
        self.open_interview(interview.id, stage="research", focus_name=True)

    def action_delete_interview(self) -> None:
        """Delete the highlighted interview after a confirmation."""
        from infoint_tui.dialogs.confirm import ConfirmDialog

        interview_id = self._selected_id()
        store = self.infoint.store
        if interview_id is None or store is None:
            return
        row = next(r for r in self._rows if r.id == interview_id)
        name = one_line(row.contact_name, 40) or "this contact"

        def answered(delete: bool | None) -> None:
            if delete and store is not None:
                store.delete_interview(interview_id)
                self.notify(f"Deleted the interview with {name}.", markup=False)
                self.refresh_data()

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
