"""The filter bar shared by Home and Search: occupation, organization, stage, dates, fit, sort.

The bar never reads the database on the event loop: the occupation and organization
choices load in a worker. It announces every change of what it narrows as one
`FilterBar.Changed` carrying plain `FilterValues`; the store's `InterviewFilter` is built
from them only where the query runs (SQLModel stays out of the app's start-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Select, Static

from infoint_tui.context import HasInfointApp
from infoint_tui.messages import FilterChoicesRead
from infoint_tui.store.kinds import STAGE_LABELS, WORK_STAGES, Stage
from infoint_tui.text import one_line
from infoint_tui.timekeeping import parse_day

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewFilter

HOME_SORTS: tuple[tuple[str, str], ...] = (
    ("By date", "date"),
    ("By fit", "fit"),
    ("By name", "contact"),
)
"""Orders of the interview list (date: upcoming first, then the most recent)."""
SEARCH_SORTS: tuple[tuple[str, str], ...] = (("Best match", "relevance"), *HOME_SORTS)
"""Orders of search results: best match first by default."""

STAGE_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (STAGE_LABELS[stage], stage.value) for stage in (*WORK_STAGES, Stage.DONE)
)
FIT_CHOICES: tuple[tuple[str, int], ...] = tuple((f"Fit ≥{n}", n) for n in range(1, 6))
_NAME_WIDTH = 40


@dataclass(frozen=True)
class FilterValues:
    """What the filter bar narrows to, in plain values (None: any)."""

    occupation_id: int | None = None
    organization_id: int | None = None
    stage: str | None = None
    since: date | None = None
    until: date | None = None
    min_fit: int | None = None
    sort: str = "date"

    @property
    def narrows(self) -> bool:
        """Whether any value leaves interviews out (the sort alone does not)."""
        return replace(self, sort="date") != FilterValues()

    def to_filter(self, text: str = "") -> InterviewFilter:
        """The store's filter for these values; the dates are days in local time."""
        from infoint_tui.store.records import InterviewFilter

        return InterviewFilter(
            text=text,
            occupation_id=self.occupation_id,
            organization_id=self.organization_id,
            stage=Stage(self.stage) if self.stage else None,
            since=self.since,
            until=self.until,
            min_fit=self.min_fit,
            sort=self.sort if self.sort in {"date", "fit", "contact"} else "date",
            local_days=True,
        )


def _value(select: Select[Any]) -> Any:
    value = select.value
    return None if value is Select.NULL else value


class FilterBar(HasInfointApp, Vertical):
    """One line of choices; a second line appears only to explain a date it ignores."""

    class Changed(Message):
        """The values changed (posted only when they differ from the last ones)."""

        def __init__(self, bar: FilterBar, values: FilterValues) -> None:
            super().__init__()
            self.bar = bar
            self.values = values

        @property
        def control(self) -> FilterBar:
            """The bar that changed."""
            return self.bar

    def __init__(
        self, sorts: Sequence[tuple[str, str]] = HOME_SORTS, *, id: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(id=id, **kwargs)
        self._sorts = tuple(sorts)
        self.values = FilterValues(sort=self._sorts[0][1])
        """The values last announced."""

    def compose(self) -> ComposeResult:
        def select(name: str, prompt: str, options: Sequence[tuple[Any, Any]], tip: str) -> Select:
            field: Select[Any] = Select(
                options, prompt=prompt, id=f"filter-{name}", compact=True, classes=name
            )
            field.tooltip = tip
            return field

        with Horizontal(classes="filter-row"):
            yield select("occupation", "Occupation", [], "Only interviews about this occupation")
            yield select("organization", "Organization", [], "Only interviews at this place")
            yield select("stage", "Stage", STAGE_CHOICES, "Only interviews at this stage")
            since = Input(placeholder="from", id="filter-since", compact=True, max_length=10)
            since.tooltip = "From this day on (YYYY-MM-DD, local time)"
            yield since
            until = Input(placeholder="to", id="filter-until", compact=True, max_length=10)
            until.tooltip = "Up to and including this day (YYYY-MM-DD, local time)"
            yield until
            yield select("fit", "Fit", FIT_CHOICES, "Only interviews rated at least this fit")
            sort: Select[str] = Select(
                self._sorts,
                allow_blank=False,
                id="filter-sort",
                compact=True,
                classes="sort",
                value=self._sorts[0][1],
            )
            sort.tooltip = "Order: by date (newest first), fit (best first), contact's name (A-Z)"
            yield sort
        yield Static("", id="filter-hint", classes="hidden", markup=False)

    @work(thread=True, exclusive=True, group="filter-choices")
    def load_choices(self) -> None:
        """Read the occupations and organizations in use, off the event loop.

        The host calls this when the bar comes on screen (and again when they may have changed).
        """
        store = self.infoint.store
        if store is None:
            return
        occupations = [(row.id, row.name) for row in store.occupations() if row.name.strip()]
        organizations = [(row.id, row.name) for row in store.organizations() if row.name.strip()]
        self.post_message(FilterChoicesRead(occupations, organizations))

    @on(FilterChoicesRead)
    def _fill_choices(self, event: FilterChoicesRead) -> None:
        for name, rows in (
            ("occupation", event.occupations),
            ("organization", event.organizations),
        ):
            field = self.query_one(f"#filter-{name}", Select)
            kept = field.value
            # Rich Text is never parsed as markup, and Select's type-to-search reads it.
            field.set_options(
                (Text(one_line(label, _NAME_WIDTH)), row_id) for row_id, label in rows
            )
            if kept is not Select.NULL and any(row_id == kept for row_id, _ in rows):
                field.value = kept

    def read(self) -> FilterValues:
        """The values the fields hold now; a date that is not a date counts as none."""
        problems: list[str] = []
        days: dict[str, date | None] = {}
        for name, label in (("since", "From"), ("until", "To")):
            field = self.query_one(f"#filter-{name}", Input)
            try:
                days[name] = parse_day(field.value)
            except ValueError:
                days[name] = None
                problems.append(f"{label}: type a day as YYYY-MM-DD (ignored until then)")
            field.set_class(days[name] is None and bool(field.value.strip()), "-invalid")
        since, until = days["since"], days["until"]
        if since and until and since > until:
            problems.append("The from date is after the to date: nothing can match.")
        hint = self.query_one("#filter-hint", Static)
        hint.update(Content(" · ".join(problems)))
        hint.set_class(not problems, "hidden")
        stage = _value(self.query_one("#filter-stage", Select))
        return FilterValues(
            occupation_id=_value(self.query_one("#filter-occupation", Select)),
            organization_id=_value(self.query_one("#filter-organization", Select)),
            stage=str(stage) if stage else None,
            since=since,
            until=until,
            min_fit=_value(self.query_one("#filter-fit", Select)),
            sort=str(_value(self.query_one("#filter-sort", Select)) or self._sorts[0][1]),
        )

    def clear(self) -> None:
        """Back to no narrowing and the first sort (announced like any change)."""
        for name in ("occupation", "organization", "stage", "fit"):
            self.query_one(f"#filter-{name}", Select).clear()
        for name in ("since", "until"):
            self.query_one(f"#filter-{name}", Input).value = ""
        self.query_one("#filter-sort", Select).value = self._sorts[0][1]

    @on(Select.Changed)
    @on(Input.Changed)
    def _field_changed(self, event: Message) -> None:
        event.stop()
        values = self.read()
        if values != self.values:
            self.values = values
            self.post_message(self.Changed(self, values))
