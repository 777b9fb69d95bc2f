"""A table that draws only the rows on screen: 10,000 rows cost what 24 do.

Textual's DataTable keeps a widget-side record per row and re-walks every row whenever rows
are added (its y-offset and ordering caches), so filling it with ten thousand interviews
takes seconds of event-loop time in slices. `RowList` holds the caller's own row objects
in a plain list, asks `cells(row)` for a row's texts only when the row is drawn (through
the Line API), and so costs the same at any length: setting the rows is one assignment.

One row per line, a fixed header, a row cursor, zebra stripes, the keys and mouse of a
DataTable in row-cursor mode. Cells are rich `Text`, never parsed as markup.

The rows are a plain sequence, or `PagedRows`: every row's key in order, and the rows
themselves a page at a time, fetched by the caller when a page is first drawn (a hundred
thousand interviews are eight hundred kilobytes of keys and a few pages of rows).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar, overload

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")

CELL_PADDING = 1
"""Blank cells on each side of a column's text, as in a DataTable."""


@dataclass(frozen=True)
class Column:
    """A column: its label, a key, and either a fixed `width` or a `share` of what is left."""

    label: str
    key: str
    width: int | None = None
    share: float = 0.0
    minimum: int = 8


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Text widths of `columns` in a row `total` cells wide (padding out); shares round down."""
    fixed = sum(column.width or 0 for column in columns)
    spare = max(0, total - fixed - 2 * CELL_PADDING * len(columns))
    shares = sum(column.share for column in columns if column.width is None) or 1.0
    return [
        column.width
        if column.width is not None
        else max(column.minimum, int(spare * column.share / shares))
        for column in columns
    ]


#: Rows a page of `PagedRows` holds.
PAGE_ROWS = 100
#: Pages `PagedRows` keeps, the least recently drawn dropped first (then fetched again).
KEPT_PAGES = 40
#: What a row not fetched yet shows in its first cell.
NOT_READ = "…"
#: Rows whose cells are kept made (a few screens' worth), the oldest made dropped first.
_DRAWN_KEPT = 2000


class PagedRows(Sequence[RowT]):
    """Rows known by key, in order, whose contents come a page at a time.

    `keys` are every row's key in the order shown; `first` the rows of the first keys, if
    already read. Asking for a row of a page not held calls `fetch(self, page)` once (until
    `fill` brings it) and gives None meanwhile; indexing (`rows[i]`) raises LookupError for
    a row not read. At most `KEPT_PAGES` pages are held, the least recently used dropped.
    """

    def __init__(
        self,
        keys: Sequence[int],
        first: Sequence[RowT] = (),
        *,
        key: Callable[[RowT], int],
        fetch: Callable[[PagedRows[RowT], int], None],
        page_rows: int = PAGE_ROWS,
    ) -> None:
        self.keys = keys
        self._key_of = key
        self._fetch = fetch
        self.page_rows = page_rows
        self._pages: OrderedDict[int, list[RowT | None]] = OrderedDict()
        self._asked: set[int] = set()
        for start in range(0, len(first), page_rows):
            self._hold(start // page_rows, first[start : start + page_rows])

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> RowT: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[RowT]: ...

    def __getitem__(self, index: int | slice) -> RowT | Sequence[RowT]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.keys)
        row = self.row_at(index)
        if row is None:
            raise LookupError(f"row {index} is not read yet")
        return row

    def __iter__(self) -> Iterator[RowT]:
        """The rows held, in order (those not read are left out)."""
        for index in range(len(self.keys)):
            page = self._pages.get(index // self.page_rows)
            row = page[index % self.page_rows] if page is not None else None
            if row is not None:
                yield row

    def key_at(self, index: int) -> int:
        """The key of row `index`, read or not."""
        return self.keys[index]

    def index_of(self, key: int) -> int | None:
        """Where the row keyed `key` is, if it is one of these."""
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def row_at(self, index: int) -> RowT | None:
        """Row `index`, or None while its page is being fetched (asking for it once)."""
        number, offset = divmod(index, self.page_rows)
        page = self._pages.get(number)
        if page is None:
            if number not in self._asked and 0 <= index < len(self.keys):
                self._asked.add(number)
                self._fetch(self, number)
            return None
        self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def page_keys(self, page: int) -> Sequence[int]:
        """The keys of page `page`, for the fetch to read."""
        return self.keys[page * self.page_rows : (page + 1) * self.page_rows]

    def fill(self, page: int, rows: Sequence[RowT]) -> None:
        """Page `page` has been read: `rows`, any of its keys gone since left out."""
        by_key = {self._key_of(row): row for row in rows}
        self._hold(page, [by_key.get(key) for key in self.page_keys(page)])
        self._asked.discard(page)

    def failed(self, page: int) -> None:
        """Fetching page `page` failed: ask again the next time it is drawn."""
        self._asked.discard(page)

    def is_read(self, index: int) -> bool:
        """Whether row `index`'s page is held."""
        return index // self.page_rows in self._pages

    def _hold(self, page: int, rows: Sequence[RowT | None]) -> None:
        self._pages[page] = list(rows)
        self._pages.move_to_end(page)
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)


class RowList(ScrollView, Generic[RowT], can_focus=True):
    """Rows of any kind, drawn as a table on demand; `key(row)` identifies a row."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--header",
        "row-list--cursor",
        "row-list--even-row",
    }

    DEFAULT_CSS = """
    RowList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-list--header { background-tint: $foreground 5%; }
        }
        &:dark > .row-list--even-row { background: $surface-darken-1 40%; }
        & > .row-list--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .row-list--header { background: ansi_bright_blue; color: ansi_default; }
        & > .row-list--even-row { background: $surface-lighten-1 50%; }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row (0 when there are none)."""

    class Highlighted(Message):
        """The cursor moved to another row (`key` is None only when there are no rows)."""

        def __init__(self, row_list: RowList[object], index: int, key: int | None) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index
            self.key = key

        @property
        def control(self) -> RowList[object]:
            return self.row_list

    class Selected(Highlighted):
        """`enter`, or a click on the highlighted row."""

        key: int

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[RowT], Sequence[Text]],
        key: Callable[[RowT], int],
        *,
        zebra_stripes: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = tuple(columns)
        self._cells_of = cells
        self._key_of = key
        self.zebra_stripes = zebra_stripes
        self._rows: Sequence[RowT] = ()
        self._paged: PagedRows[RowT] | None = None
        self._drawn: dict[int, Sequence[Text]] = {}
        """Cells already made, by row index; emptied when the rows change."""

    # -- the rows ------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        return len(self._rows)

    @property
    def rows(self) -> Sequence[RowT]:
        """The rows, in the order shown (`PagedRows` when they come a page at a time)."""
        return self._rows

    def set_rows(self, rows: Sequence[RowT], keep: int | None = None) -> None:
        """Show `rows`; the cursor stays on the row keyed `keep` if it is still there."""
        self._rows = rows
        self._paged = rows if isinstance(rows, PagedRows) else None
        self._drawn.clear()
        index = self.index_of(keep) if keep is not None else None
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows) + 1)
        self.cursor_row = index if index is not None else min(self.cursor_row, len(rows) - 1)
        self.refresh()

    def clear(self) -> None:
        """No rows."""
        self.set_rows(())

    def index_of(self, key: int) -> int | None:
        """The index of the row keyed `key`, if there is one."""
        if self._paged is not None:
            return self._paged.index_of(key)
        key_of = self._key_of
        return next((index for index, row in enumerate(self._rows) if key_of(row) == key), None)

    def row_at(self, index: int) -> RowT | None:
        """Row `index`, or None while it is being fetched (`PagedRows`)."""
        if self._paged is not None:
            return self._paged.row_at(index)
        return self._rows[index]

    def key_at(self, index: int) -> int:
        """The key of row `index` (known even before the row is fetched)."""
        if self._paged is not None:
            return self._paged.key_at(index)
        return self._key_of(self._rows[index])

    @property
    def cursor_key(self) -> int | None:
        """The key of the highlighted row, if there are rows."""
        if not len(self._rows):
            return None
        return self.key_at(self.cursor_row)

    def rows_read(self, page: int, rows: Sequence[RowT]) -> None:
        """A page of the `PagedRows` shown has been fetched: draw it."""
        if self._paged is None:
            return
        self._paged.fill(page, rows)
        start = page * self._paged.page_rows
        for index in range(start, start + self._paged.page_rows):
            self._drawn.pop(index, None)
        self.refresh()

    def row_texts(self, index: int) -> list[str]:
        """The plain text of each cell of row `index`, as drawn (before cutting to width)."""
        return [cell.plain for cell in self._cells(index)]

    def _cells(self, index: int) -> Sequence[Text]:
        cells = self._drawn.get(index)
        if cells is None:
            row = self.row_at(index)
            if row is None:  # being fetched: drawn again when it comes
                return [Text(NOT_READ, style="dim"), *(Text() for _ in self.columns[1:])]
            cells = self._drawn[index] = self._cells_of(row)
            if len(self._drawn) > _DRAWN_KEPT:
                self._drawn.pop(next(iter(self._drawn)))
        return cells

    # -- the cursor ----------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if len(self._rows) and old != new:
            self.post_message(self.Highlighted(self, new, self.cursor_key))  # type: ignore[arg-type]

    @property
    def _page(self) -> int:
        """Rows visible below the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top, row = round(self.scroll_y), self.cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + self._page:
            self.scroll_to(y=row - self._page + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= self._page

    def action_page_down(self) -> None:
        self.cursor_row += self._page

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self._rows) - 1

    def action_select_cursor(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, self.cursor_row, key))  # type: ignore[arg-type]

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return  # the header
        index = round(self.scroll_y) + offset.y - 1
        if index >= len(self._rows):
            return
        if index == self.cursor_row:
            self.action_select_cursor()
        else:
            self.cursor_row = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows) + 1)
        self._scroll_to_cursor()

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("row-list--header", partial=True)
            texts = [Text(column.label) for column in self.columns]
            return self._strip(texts, style, width)
        index = round(self.scroll_y) + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, base)
        style = base
        if self.zebra_stripes and index % 2 == 0:
            style += self.get_component_rich_style("row-list--even-row", partial=True)
        if index == self.cursor_row:
            style += self.get_component_rich_style("row-list--cursor", partial=True)
        return self._strip(self._cells(index), style, width)

    def _strip(self, cells: Sequence[Text], style: Style, width: int) -> Strip:
        pad = " " * CELL_PADDING
        segments: list[Segment] = []
        console = self.app.console
        for cell, cell_width in zip(cells, column_widths(self.columns, width), strict=False):
            text = cell.copy()
            text.no_wrap = True
            text.truncate(cell_width, overflow="ellipsis", pad=True)
            segments.append(Segment(pad, style))
            segments.extend(Segment.apply_style(text.render(console), style))
            segments.append(Segment(pad, style))
        return Strip(segments).adjust_cell_length(width, style)
