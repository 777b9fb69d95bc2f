"""People: everyone the user talked to, was referred to, or plans to approach.

One row per person with their organization, role, how they were found, who introduced them
and where the outreach stands; the number keys change the highlighted person's status at
once (each change is a dated entry on their timeline).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from infoint_tui.context import HasInfointApp
from infoint_tui.messages import PeopleRead, ReadFailed
from infoint_tui.store.kinds import OUTREACH_LABELS, OutreachStatus
from infoint_tui.text import one_line
from infoint_tui.widgets.row_list import Column, RowList

if TYPE_CHECKING:
    from infoint_tui.store.people_ops import PeopleImportReport, PersonLine
    from infoint_tui.store.records import ContactRecord
    from infoint_tui.store.store import Store

COLUMNS = (
    Column("Name", "name", share=0.3),
    Column("Organization", "organization", share=0.25),
    Column("Role", "role", share=0.2),
    Column("Found", "found", share=0.12, minimum=6),
    Column("Introduced by", "introduced", share=0.18, minimum=6),
    Column("Status", "status", width=12),
)
#: The outreach statuses in the order of the number keys 1 to 7.
STATUS_KEYS: tuple[OutreachStatus, ...] = tuple(OutreachStatus)
#: How each status is coloured in the list (closed ones dim, waiting ones bold).
STATUS_STYLES = {
    OutreachStatus.REQUEST_SENT: "bold",
    OutreachStatus.REPLIED: "bold green",
    OutreachStatus.SCHEDULED: "green",
    OutreachStatus.DECLINED: "dim",
    OutreachStatus.NO_REPLY: "dim",
}
EMPTY = (
    "No people yet.\n\n"
    "Press n to add someone you would like to talk to: a name from the alumni directory, "
    "LinkedIn, a professor's suggestion. Everyone you interview, and everyone they "
    "suggest, appears here too."
)


def person_cells(line: PersonLine) -> tuple[Text, ...]:
    """The cells of one person (rich Text: never parsed as markup)."""
    return (
        Text(one_line(line.name, 120) or "(no name yet)"),
        Text(one_line(line.organization, 120)),
        Text(one_line(line.role, 120)),
        Text(one_line(line.how_found, 60), style="dim"),
        Text(one_line(line.introduced_by, 120)),
        Text(line.status_label, style=STATUS_STYLES.get(line.status, "")),
    )


def status_summary(people: list[PersonLine]) -> str:
    """`12 people · 3 to contact · 2 request sent …` (statuses nobody has are left out)."""
    counts = {status: 0 for status in OutreachStatus}
    for line in people:
        counts[line.status] += 1
    parts = [f"{len(people)} {'person' if len(people) == 1 else 'people'}"]
    parts += [f"{n} {OUTREACH_LABELS[s].lower()}" for s, n in counts.items() if n]
    return " · ".join(parts)


def _key(line: PersonLine) -> int:
    return line.id


class PeopleList(RowList["PersonLine"]):
    """The people; `enter` opens the highlighted person's page."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "select_cursor", "Open", tooltip="Open the person's page", id="people.open"
        ),
    ]


class PeopleScreen(HasInfointApp, Screen[None]):
    """Everyone, with where the outreach stands; the number keys set the status."""

    AUTO_FOCUS = "#people"

    # In the footer's order: what a narrow terminal cuts off comes last (escape is known).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "new_person",
            "New",
            tooltip="Add someone you would like to talk to",
            id="people.new",
        ),
        Binding(
            "1",
            "status(0)",
            "Status",
            key_display="1-7",
            tooltip="Set the outreach status: 1 to contact, 2 request sent, 3 replied, "
            "4 scheduled, 5 interviewed, 6 declined, 7 no reply",
            id="people.status",
        ),
        *(
            Binding(
                str(number + 1),
                f"status({number})",
                OUTREACH_LABELS[status],
                show=False,
                tooltip=f"Set the outreach status to {OUTREACH_LABELS[status].lower()}",
                id=f"people.status.{status.value}",
            )
            for number, status in enumerate(STATUS_KEYS)
            if number
        ),
        Binding(
            "r",
            "compose",
            "Request",
            tooltip="Write the request (or nudge) to them",
            id="people.compose",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter by name, organization, role, introducer, status",
            id="people.filter",
        ),
        Binding(
            "delete",
            "delete_person",
            "Delete",
            tooltip="Delete after confirming",
            id="people.delete",
        ),
        Binding(
            "i",
            "import_people",
            "Import",
            tooltip="Import people from LinkedIn's Connections.csv or a vCard file, "
            "previewed first",
            id="people.import",
        ),
        Binding(
            "t",
            "targets",
            "Targets",
            tooltip="The organizations you want to learn about, ranked, with whom you know there",
            id="people.targets",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Back to Home (or clear the filter)",
            id="people.back",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._all: list[PersonLine] = []
        self._loaded_at_write = -1
        self.loaded = False
        """Whether the first read has been shown (tests and keys wait for it)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="people-main"):
            yield Static("", id="people-summary", markup=False)
            yield Input(
                placeholder="Filter by name, organization, role, introducer, status",
                id="people-filter",
                classes="hidden",
            )
            yield PeopleList(COLUMNS, person_cells, key=_key, id="people")
            yield Static(EMPTY, id="people-empty", classes="hidden", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "People"
        self.sub_title = "everyone you talk to, were referred to, or plan to ask"
        self.query_one(PeopleList).loading = True
        self.refresh_data()

    def on_screen_resume(self) -> None:
        # Back from a person: read everyone again if something was saved, once what was
        # typed or chosen there (a name, a merge, a new person discarded) is saved.
        if not self.loaded:
            return
        if self.infoint.saver.pending():
            self.infoint.after_saves(lambda _saved: self._refresh_if_changed())
        else:
            self._refresh_if_changed()

    def _refresh_if_changed(self) -> None:
        from infoint_tui.store.sessions import write_count

        if write_count() != self._loaded_at_write:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read everyone again, in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="people-load")
    def _load(self) -> None:
        from infoint_tui.store.sessions import write_count

        store = self.infoint.store
        if store is None:
            return
        self._loaded_at_write = write_count()
        try:
            people = store.people()
        except Exception as error:  # a read that failed is one line, not a crash
            self.post_message(ReadFailed(f"Could not read the people ({error})."))
            return
        self.post_message(PeopleRead(people))

    @on(ReadFailed)
    def _read_failed(self, event: ReadFailed) -> None:
        self.query_one(PeopleList).loading = False
        self.notify(event.reason, severity="error", markup=False)

    @on(PeopleRead)
    def _people_read(self, event: PeopleRead) -> None:
        self._all = event.people
        self.loaded = True
        self.query_one(PeopleList).loading = False
        self.query_one("#people-summary", Static).update(status_summary(event.people))
        self._show_rows()

    def _show_rows(self) -> None:
        words = self.query_one("#people-filter", Input).value.casefold().split()
        rows = self._all
        if words:
            rows = [line for line in rows if all(word in _haystack(line) for word in words)]
        table = self.query_one(PeopleList)
        table.set_rows(rows, keep=table.cursor_key)
        empty = not self._all
        self.query_one("#people-empty").set_class(not empty, "hidden")
        table.set_class(empty, "hidden")

    def selected(self) -> PersonLine | None:
        """The highlighted person, if any."""
        table = self.query_one(PeopleList)
        return table.rows[table.cursor_row] if table.row_count else None

    # -- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        """Clear the filter first; else back to Home."""
        field = self.query_one("#people-filter", Input)
        if field.value or not field.has_class("hidden"):
            field.value = ""
            field.add_class("hidden")
            self.query_one(PeopleList).focus()
            return
        self.dismiss()

    def action_filter(self) -> None:
        """Show the filter and type into it."""
        field = self.query_one("#people-filter", Input)
        field.remove_class("hidden")
        field.focus()

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self) -> None:
        self._show_rows()

    @on(Input.Submitted, "#people-filter")
    def _filter_done(self) -> None:
        self.query_one(PeopleList).focus()

    @on(PeopleList.Selected, "#people")
    def _chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted person's page."""
        line = self.selected()
        if line is not None:
            self.open_person(line.id)

    def open_person(self, person_id: int, *, new: bool = False) -> None:
        """Push the person page."""
        from infoint_tui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(person_id, new=new))

    def action_new_person(self) -> None:
        """Add a person and open their page with the cursor in the name."""
        store = self.infoint.store
        if store is None:
            return

        def created(person: ContactRecord) -> None:
            assert person.id is not None
            if self.app.screen is self:
                self.open_person(person.id, new=True)

        self.infoint.queue_save(
            "people:new", lambda: store.add_person(""), now=True, then=created, replace=False
        )

    def action_status(self, number: int) -> None:
        """Set the highlighted person's outreach status (1 to 7)."""
        line = self.selected()
        store = self.infoint.store
        if line is None or store is None or not 0 <= number < len(STATUS_KEYS):
            return
        status = STATUS_KEYS[number]
        set_status(self, store, line.id, line.name, status, self.refresh_data)

    def action_import_people(self) -> None:
        """Import people from a file, after a preview."""
        from infoint_tui.dialogs.import_people import ImportPeopleDialog

        def imported(report: PeopleImportReport | None) -> None:
            if report is not None:
                self.notify(f"Imported: {report.summary()}.", markup=False)
                self.refresh_data()

        self.app.push_screen(ImportPeopleDialog(), imported)

    def action_targets(self) -> None:
        """Open the target list."""
        from infoint_tui.screens.targets import TargetsScreen

        self.app.push_screen(TargetsScreen())

    def action_compose(self) -> None:
        """Write the request (or the nudge, once one was sent) to the highlighted person."""
        line = self.selected()
        if line is not None:
            from infoint_tui.screens.composer import ComposerScreen

            self.app.push_screen(ComposerScreen(line.id))

    def action_delete_person(self) -> None:
        """Delete the highlighted person after a confirmation (not while they have
        interviews: those are deleted from Home first)."""
        from infoint_tui.dialogs.confirm import ConfirmDialog

        line = self.selected()
        store = self.infoint.store
        if line is None or store is None:
            return
        name = one_line(line.name, 40) or "this person"
        if line.interviews:
            self.notify(
                f"{name} has {line.interviews} interview(s): delete those on Home first.",
                markup=False,
            )
            return

        def deleted(_: object) -> None:
            self.notify(f"Deleted {name}.", markup=False)
            self.refresh_data()

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.infoint.queue_save(
                    f"people:delete:{line.id}",
                    lambda: store.delete_person(line.id),
                    now=True,
                    then=deleted,
                )

        self.app.push_screen(
            ConfirmDialog(
                "Delete this person?",
                f"{name}, with their notes and timeline, will be deleted for good.",
                confirm="Delete",
                cancel="Keep",
                danger=True,
            ),
            answered,
        )


def _haystack(line: PersonLine) -> str:
    return " ".join(
        (line.name, line.organization, line.role, line.introduced_by, line.status_label)
    ).casefold()


def set_status(
    screen: Screen[Any],
    store: Store,
    person_id: int,
    name: str,
    status: OutreachStatus,
    then: Callable[[], object] | None,
) -> None:
    """Save a new outreach status through the app's write path and say so in one line."""
    from infoint_tui.context import app_context

    shown = one_line(name, 40) or "This person"

    def saved(_: object) -> None:
        screen.notify(f"{shown}: {OUTREACH_LABELS[status]}", markup=False, timeout=2)
        if then is not None:
            then()

    app_context(screen.app).queue_save(
        f"person:status:{person_id}",
        lambda: store.set_outreach_status(person_id, status),
        now=True,
        then=saved,
    )
