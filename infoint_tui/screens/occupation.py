"""Compare an occupation: every interview about it, fit over time, and who said what.

Below 100 columns everything stacks in one scroll: the comparison (a heading per question
category, each person's answers under it), then the interviews, then the bank questions
no one has answered yet. From 100 columns the comparison keeps the left, wider side and
the interviews and the unanswered questions stand beside it, so they stay in view while
the answers scroll; the answers themselves stay stacked by person, which reads better
than two narrow columns of long answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, SelectionList, Static
from textual.widgets.selection_list import Selection

from infoint_tui.context import HasInfointApp
from infoint_tui.messages import OccupationRead, ReadFailed, StoreReady
from infoint_tui.screens.occupation_content import (
    ROWS_PER_SLICE,
    SLICE_CHARACTERS,
    Block,
    Prepared,
    Row,
    day,
    fit_line,
    prepare,
    summary_text,
)
from infoint_tui.store.dates import interview_date
from infoint_tui.text import one_line

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from infoint_tui.store.compare import InterviewLine, OccupationOverview

WIDE_COLUMNS = 100
"""From this width the interviews and unanswered questions stand beside the comparison."""


class OccupationScreen(HasInfointApp, Screen[None]):
    """One occupation compared across every interview about it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "back", "Back", tooltip="Back to the screen before", id="occupation.back"
        ),
        Binding(
            "a",
            "add_unanswered",
            "Add to next",
            tooltip="Add the ticked unanswered questions (all if none) to the next planned "
            "interview about this occupation",
            id="occupation.add",
        ),
        Binding(
            "o",
            "open_interview",
            "Open",
            tooltip="Open the interview highlighted in the list",
            id="occupation.open",
        ),
    ]

    def __init__(self, occupation_id: int) -> None:
        super().__init__()
        self.occupation_id = occupation_id
        self.overview: OccupationOverview | None = None
        """What the screen shows, once loaded."""
        self.planned: InterviewLine | None = None
        """The interview `a` adds questions to, when one is planned."""
        self._blocks: list[Static] = []
        """The comparison's widgets, in order (not those being removed)."""
        self._shown_blocks: tuple[Block, ...] | None = None
        self._shown_rows: tuple[Row, ...] | None = None
        """What the last completed fill showed; a reload that changes nothing keeps it."""
        self._selected: int | None = None
        """The interview to highlight once its row is back, during a fill."""
        self._fill_generation = 0
        self._filling = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="occ-summary", markup=False)
        yield Static("", id="occ-fit", markup=False)
        with VerticalScroll(id="occ-body"):
            yield VerticalScroll(id="occ-compare")
            with Vertical(id="occ-side"):
                yield Static("Interviews", id="occ-interviews-title", classes="occ-heading")
                yield DataTable(id="occ-interviews", cursor_type="row", zebra_stripes=True)
                yield Static("Not yet answered by anyone", classes="occ-heading", markup=False)
                yield Static("", id="occ-target", markup=False)
                yield SelectionList[int](id="occ-unanswered")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Compare an occupation"
        table = self.query_one("#occ-interviews", DataTable)
        for label, key in (("Date", "date"), ("Contact", "contact"), ("Organization", "org")):
            table.add_column(label, key=key)
        table.add_column("Stage", key="stage")
        table.add_column("Fit", key="fit")
        self.query_one("#occ-body").loading = True
        self._lay_out(self.size.width or 80)

    def on_screen_resume(self) -> None:
        if self.infoint.store is not None:
            self.load()

    @on(StoreReady)
    def _store_ready(self) -> None:
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out(event.size.width)
        if self.overview is not None:
            self._show_header(self.overview)

    def _lay_out(self, width: int) -> None:
        wide = width >= WIDE_COLUMNS
        body = self.query_one("#occ-body", VerticalScroll)
        body.set_class(wide, "wide")
        body.can_focus = not wide  # the one that scrolls takes the arrow keys
        self.query_one("#occ-compare", VerticalScroll).can_focus = wide

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="occupation-load")
    def load(self) -> None:
        """Read the overview, the unanswered questions and the next planned interview."""
        from sqlalchemy.exc import SQLAlchemyError

        from infoint_tui.store.errors import NotFoundError

        store = self.infoint.store
        if store is None:
            return
        try:
            overview = store.occupation_overview(self.occupation_id)
            unanswered = store.unanswered_bank_questions(self.occupation_id)
            planned_id = store.next_planned_interview(self.occupation_id)
        except NotFoundError:
            self.post_message(ReadFailed("This occupation no longer exists."))
            return
        except SQLAlchemyError as error:
            reason = one_line(str(error).splitlines()[0], 80)
            self.post_message(ReadFailed(f"Could not read this occupation ({reason})."))
            return
        planned = next((line for line in overview.interviews if line.id == planned_id), None)
        # Everything the screen shows is made here, off the event loop; `show` only mounts.
        self.post_message(OccupationRead(overview, prepare(overview, unanswered), planned))

    @on(ReadFailed)
    def _read_failed(self, event: ReadFailed) -> None:
        self._gone(event.reason)

    @on(OccupationRead)
    def _occupation_read(self, event: OccupationRead) -> None:
        self.show(event.overview, event.prepared, event.planned)

    def _gone(self, message: str) -> None:
        if self.is_attached:
            self._fill_generation += 1  # stop a fill in progress
            self._filling = False
            self.query_one("#occ-body").loading = False
            self.query_one("#occ-summary", Static).update(
                Content(f"{message} Press Escape to go back.")
            )

    @property
    def filling(self) -> bool:
        """True while the comparison or the interviews are still being filled in slices."""
        return self._filling

    def show(
        self, overview: OccupationOverview, prepared: Prepared, planned: InterviewLine | None
    ) -> None:
        """Show the header and the first slice at once; the rest follows between frames.

        The busiest occupation of a large database holds hundreds of interviews and
        thousands of lines of answers: laying all of them out in one go froze the screen
        for a few hundred milliseconds. A slice costs about a frame; a newer load stops an
        older fill, and a load that changed nothing leaves the comparison and the list as
        they are (scroll position and highlighted row included).
        """
        if not self.is_attached:
            return  # the user left before the data arrived
        first = self.overview is None
        self.overview, self.planned = overview, planned
        self.sub_title = "Compare: " + one_line(overview.name, 60)
        self._show_header(overview)
        self._fill_generation += 1
        same_blocks = prepared.blocks == self._shown_blocks
        same_rows = prepared.rows == self._shown_rows
        self._shown_blocks = self._shown_rows = None  # until the fill below completes
        if not same_rows:
            self._reset_interviews(len(prepared.rows))
        self._show_unanswered(prepared.questions, planned)
        # More than a slice of answers overflows any screen: keep room for the scroll bar
        # from the start, so the first slices are not wrapped again when it shows.
        long = sum(len(content.plain) for _, content in prepared.blocks) > SLICE_CHARACTERS
        self.query_one("#occ-body").set_class(long, "occ-long")
        self._filling = True
        self._fill(
            self._fill_generation,
            prepared,
            len(prepared.blocks) if same_blocks else 0,
            len(prepared.rows) if same_rows else 0,
        )
        body = self.query_one("#occ-body", VerticalScroll)
        body.loading = False
        if first:
            (body if body.can_focus else self.query_one("#occ-compare")).focus()

    def _show_header(self, overview: OccupationOverview) -> None:
        width = self.size.width or 80
        summary = self.query_one("#occ-summary", Static)
        if not overview.interviews:
            summary.update(Content("No interviews about this occupation yet."))
        else:
            summary.update(Content(summary_text(overview.summary, width - 2)))
        self.query_one("#occ-fit", Static).update(Content(fit_line(overview, width - 2)))

    def _fill(self, generation: int, prepared: Prepared, block: int, row: int) -> None:
        """Show the next slice of the comparison and of the interviews; plan the one after."""
        if generation != self._fill_generation:
            return  # a newer load replaced this one
        if not self.is_attached:
            self._filling = False  # the user left
            return
        mounting, block = self._show_blocks(prepared.blocks, block)
        row = self._show_rows(prepared.rows, row)
        if block < len(prepared.blocks) or row < len(prepared.rows):
            self.call_next(self._fill_later, mounting, generation, prepared, block, row)
            return
        self._shown_blocks, self._shown_rows = prepared.blocks, prepared.rows
        self._filling = False

    async def _fill_later(
        self,
        mounting: AwaitMount | None,
        generation: int,
        prepared: Prepared,
        block: int,
        row: int,
    ) -> None:
        """Fill the next slice once this one is mounted, laid out and painted.

        Without waiting for the mount, the next slices would run before any layout, and
        the layout of all of them at once would freeze the screen as before.
        """
        if mounting is not None:
            await mounting
        self.call_after_refresh(self._fill, generation, prepared, block, row)

    def _show_blocks(self, blocks: tuple[Block, ...], start: int) -> tuple[AwaitMount | None, int]:
        """Show blocks from `start` until SLICE_CHARACTERS of answers.

        The widgets already there are updated in place rather than replaced, so a reload
        keeps the reader where they were; the ones left over go once the last block shows.

        Returns:
            The mount of the new widgets, if any, and the block to go on from.
        """
        if start >= len(blocks):
            return None, start
        compare = self.query_one("#occ-compare", VerticalScroll)
        characters, end = 0, start
        fresh: list[Static] = []
        while end < len(blocks) and (end == start or characters < SLICE_CHARACTERS):
            classes, content = blocks[end]
            characters += len(content.plain)
            if end < len(self._blocks):
                widget = self._blocks[end]
                widget.set_classes(classes)
                widget.update(content)
            else:
                widget = Static(content, classes=classes)
                self._blocks.append(widget)
                fresh.append(widget)
            end += 1
        mounting = compare.mount_all(fresh) if fresh else None
        if end == len(blocks) and len(self._blocks) > end:
            compare.remove_children(self._blocks[end:])
            del self._blocks[end:]
        return mounting, end

    def _reset_interviews(self, count: int) -> None:
        self.query_one("#occ-interviews-title", Static).update(
            Content("1 interview" if count == 1 else f"{count} interviews")
        )
        if self._selected is None:  # else an earlier fill has not reached it yet
            self._selected = self.selected_interview()
        self.query_one("#occ-interviews", DataTable).clear()

    def _show_rows(self, rows: tuple[Row, ...], start: int) -> int:
        """Add the next slice of interviews, highlighting the one highlighted before."""
        if start >= len(rows):
            return start
        table = self.query_one("#occ-interviews", DataTable)
        end = min(start + ROWS_PER_SLICE, len(rows))
        for key, cells in rows[start:end]:
            table.add_row(*cells, key=key)
        if self._selected is not None and str(self._selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(self._selected)))
            self._selected = None
        if end == len(rows):
            self._selected = None  # it is gone
        return end

    def _show_unanswered(
        self, questions: tuple[tuple[int, Content], ...], planned: InterviewLine | None
    ) -> None:
        target = self.query_one("#occ-target", Static)
        if planned is None:
            target.update(Content("No interview about this occupation is planned yet."))
        else:
            name = one_line(planned.contact_name, 40) or "(no name yet)"
            target.update(
                Content(f"a adds the ticked ones (all if none) to {name} · {day(planned.when)}")
            )
        listing = self.query_one("#occ-unanswered", SelectionList)
        ticked = set(listing.selected)
        listing.clear_options()
        listing.add_options(
            [Selection(prompt, value, value in ticked) for value, prompt in questions]
        )

    # -- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        """Go back to the screen before."""
        self.dismiss()

    def selected_interview(self) -> int | None:
        """The id of the interview the list highlights, or None when the list is empty."""
        table = self.query_one("#occ-interviews", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def action_open_interview(self) -> None:
        """Open the interview highlighted in the list at its current stage."""
        from infoint_tui.screens.interview import InterviewScreen

        interview_id = self.selected_interview()
        if interview_id is not None:
            self.app.push_screen(InterviewScreen(interview_id))

    @on(DataTable.RowSelected, "#occ-interviews")
    def _row_chosen(self) -> None:
        self.action_open_interview()

    def action_add_unanswered(self) -> None:
        """Add the ticked questions (all if none is ticked) to the next planned interview."""
        if self.overview is None:
            return
        listing = self.query_one("#occ-unanswered", SelectionList)
        chosen: list[int] = list(listing.selected) or [
            listing.get_option_at_index(index).value for index in range(listing.option_count)
        ]
        if not chosen:
            self.notify("Every bank question has an answer already.", markup=False)
            return
        self._add(chosen)

    def _add(self, bank_question_ids: list[int]) -> None:
        """Add the chosen questions to the next planned interview, through the saver."""
        store, overview = self.infoint.store, self.overview
        if store is None or overview is None:
            return
        name, occupation_id = overview.name, self.occupation_id

        def add() -> str:
            planned_id = store.next_planned_interview(occupation_id)
            if planned_id is None:
                return f"No interview about {one_line(name, 40)} is planned yet."
            added = store.add_unanswered_to_interview(planned_id, bank_question_ids)
            bundle = store.interview(planned_id)
            when = interview_date(bundle.interview.started_at, bundle.interview.scheduled_at)
            who = f"{one_line(bundle.contact.name, 40) or '(no name yet)'} ({day(when)})"
            if not added:
                return f"These are already on the list for the interview with {who}."
            noun = "question" if added == 1 else "questions"
            return f"Added {added} {noun} to the interview with {who}."

        self.infoint.queue_save(
            f"occupation:{occupation_id}:add", add, now=True, then=self._added, replace=False
        )

    def _added(self, message: str) -> None:
        self.notify(message, markup=False)
        if self.is_attached:
            self.query_one("#occ-unanswered", SelectionList).deselect_all()
