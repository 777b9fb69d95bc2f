"""Search: everything the user wrote, found as they type, opened at the stage and field of a hit.

Each change of the query waits `DEBOUNCE_SECONDS`, then runs in an exclusive thread worker.
Every change (of the query or the filters) takes a new generation number on the event loop;
results come back tagged with the generation they were computed for and are dropped unless
it is still the current one, so a slow older search can never overwrite a newer one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from infoint_tui import timekeeping
from infoint_tui.context import HasInfointApp
from infoint_tui.messages import SearchDone
from infoint_tui.store.dates import NOT_SCHEDULED
from infoint_tui.text import one_line, terminal_safe
from infoint_tui.widgets.fields import VisibleInput
from infoint_tui.widgets.filters import SEARCH_SORTS, FilterBar, FilterValues

if TYPE_CHECKING:
    from infoint_tui.store.search import SearchHit

DEBOUNCE_SECONDS = 0.15
"""How long typing pauses before a search runs."""
SHOWN = 100
"""Results listed at most (the store decides which: `store.search_ops`)."""
MATCH_STYLE = "bold underline $text-warning"
"""How a matched word stands out in a snippet."""
HINT = 'Type to search all you wrote · "quoted words" find a phrase · ↓ to the results'


def result_prompt(hit: SearchHit) -> Content:
    """Two lines: who, what and when; then where the hit is, with the matched words styled.

    Built from plain strings with styles attached: stored text is never read as markup.
    """
    about = [one_line(hit.contact_name, 40) or "(no name yet)"]
    if hit.occupation_name:
        about.append(one_line(hit.occupation_name, 40))
    about.append(
        NOT_SCHEDULED if hit.when is None else timekeeping.local_text(hit.when, "%d %b %Y")
    )
    first = Content.assemble((about[0], "bold"), *(f" · {part}" for part in about[1:]))
    snippet = [
        (terminal_safe(text), MATCH_STYLE if matched else "") for text, matched in hit.snippet
    ]
    second = Content.assemble(("  " + hit.field_label + ": ", "$text-muted"), *snippet)
    return Content.assemble(first, "\n", second)


class SearchScreen(HasInfointApp, Screen[None]):
    """A query box, the filter bar, and the hits as you type."""

    AUTO_FOCUS = "#search-query"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="From the results or filters: back to the query; from the query: Home",
            id="search.back",
        ),
        Binding(
            "down",
            "results",
            "Results",
            tooltip="Move into the results",
            show=False,
            id="search.results",
        ),
        Binding(
            "ctrl+f",
            "query",
            "Query",
            tooltip="Back to the query, to change it",
            id="search.query",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        """The results on screen, in their order."""
        self.generation = 0
        """Bumped by every change; only results for the current one are shown."""
        self._values = FilterValues(sort=SEARCH_SORTS[0][1])
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield VisibleInput(
            placeholder='Search answers, notes, reflections… "quoted words" for a phrase',
            id="search-query",
        )
        yield FilterBar(SEARCH_SORTS, id="search-filters")
        yield Static(HINT, id="search-status", markup=False)
        yield OptionList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one(FilterBar).load_choices()

    def on_screen_resume(self) -> None:
        # Back from an interview: what was found may have been edited there.
        if self.query_one("#search-query", Input).value.strip():
            self._schedule(now=True)

    # -- running the search ----------------------------------------------------------------

    @on(Input.Changed, "#search-query")
    def _query_changed(self) -> None:
        self._schedule()

    @on(FilterBar.Changed)
    def _filters_changed(self, event: FilterBar.Changed) -> None:
        self._values = event.values
        self._schedule(now=True)

    def _schedule(self, now: bool = False) -> None:
        """Search again after a pause in typing (at once for a filter)."""
        self.generation += 1
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if now:
            self._start()
        else:
            self._timer = self.set_timer(DEBOUNCE_SECONDS, self._start)

    def _start(self) -> None:
        self._timer = None
        query = self.query_one("#search-query", Input).value
        if not query.strip() or self.infoint.store is None:
            self.workers.cancel_group(self, "search")
            self._show(self.generation, [], HINT)
            return
        self.run_search(self.generation, query, self._values)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, generation: int, query: str, values: FilterValues) -> None:
        """Find the hits for `query` among the interviews the filters let through."""
        worker = get_current_worker()
        store = self.infoint.store
        if store is None:
            return
        try:
            # The filters, the pool and the order are the store's (the command line's too).
            found = store.search_interviews(query, values.to_filter(), values.sort, limit=SHOWN)
        except Exception as error:  # a locked or damaged database: say so, stay usable
            status = f"Search failed: {one_line(str(error), 100)}"
            if not worker.is_cancelled:
                self.post_message(SearchDone(generation, [], status))
            return
        if worker.is_cancelled:
            return
        self.post_message(
            SearchDone(generation, found.hits, self._status(len(found.hits), found.clipped))
        )

    def on_search_done(self, message: SearchDone) -> None:
        self._show(message.generation, message.hits, message.status)

    @staticmethod
    def _status(shown: int, clipped: bool) -> str:
        """The status line for `shown` results; `clipped`: more matched than are shown."""
        if not shown:
            return "No matches"
        line = f"{shown} result{'s' if shown != 1 else ''}"
        if clipped:
            line += " (the best ones: add words to narrow)"
        return line + " · enter opens at the hit"

    def _show(self, generation: int, hits: list[SearchHit], status: str) -> None:
        if generation != self.generation:
            return  # a newer query or filter is on its way
        self.hits = hits
        self.query_one("#search-status", Static).update(Content(status))
        results = self.query_one("#search-results", OptionList)
        results.set_options(Option(result_prompt(hit), id=f"h{i}") for i, hit in enumerate(hits))
        if hits:
            results.highlighted = 0

    # -- keys ------------------------------------------------------------------------------

    def action_results(self) -> None:
        """Move into the results."""
        if self.hits:
            self.query_one("#search-results", OptionList).focus()

    def action_query(self) -> None:
        """Back to the query box."""
        self.query_one("#search-query", Input).focus()

    def action_back(self) -> None:
        """Back to the query from anywhere else; from the query, back to Home."""
        query = self.query_one("#search-query", Input)
        if query.has_focus:
            self.dismiss()
        else:
            query.focus()

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        self.action_results()

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from infoint_tui.screens.interview import InterviewScreen

        hit = self.hits[event.option_index]
        near = next((text for text, matched in hit.snippet if matched), "")
        self.app.push_screen(
            InterviewScreen(
                hit.interview_id,
                stage=hit.target_stage,
                focus=(hit.field, hit.ref_id),
                near=near.strip(),
            )
        )
