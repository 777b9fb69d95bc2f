"""Writing to a person: the request for a conversation, one nudge, or a later update.

The draft comes from the person's details and the user's name (request_note.py); it is
shown without being stored until the user edits, copies or sends it, as the thank-you note
is. The status line checks the text as it is edited: its length (under about 100 words),
talk of jobs or résumés, and whether it ends with a clear ask.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from infoint_tui.context import HasInfointApp
from infoint_tui.messages import PersonRead, ReadFailed
from infoint_tui.request_note import (
    RequestFacts,
    check_request,
    draft_nudge,
    draft_request,
    draft_update,
    status_line,
)
from infoint_tui.store.kinds import OutreachStatus, TimelineKind
from infoint_tui.store.text_refs import TextRef
from infoint_tui.text import one_line
from infoint_tui.widgets.copying import copy_note
from infoint_tui.widgets.fields import SavingTextArea, text_save

if TYPE_CHECKING:
    from infoint_tui.store.people_ops import PersonPage

#: What can be written, in the order ctrl+t goes through them.
KINDS: tuple[TimelineKind, ...] = (TimelineKind.REQUEST, TimelineKind.NUDGE, TimelineKind.UPDATE)
KIND_NAMES = {
    TimelineKind.REQUEST: "Request",
    TimelineKind.NUDGE: "Nudge",
    TimelineKind.UPDATE: "Update",
}


def natural_kind(page: PersonPage) -> TimelineKind:
    """What to write next: a nudge once a request waits, an update once they were
    interviewed, else the request."""
    status = page.person.outreach_status
    if status == OutreachStatus.REQUEST_SENT:
        return TimelineKind.NUDGE
    if status == OutreachStatus.INTERVIEWED:
        return TimelineKind.UPDATE
    return TimelineKind.REQUEST


def facts_of(page: PersonPage, signer: str | None) -> RequestFacts:
    """What the drafts know about the person and the user."""
    person = page.person
    return RequestFacts(
        name=person.name,
        organization=page.organization.name if page.organization else "",
        role=person.role,
        how_found=person.how_met,
        introduced_by=page.introduced_by.name if page.introduced_by else "",
        signer=signer or "",
    )


def last_request_on(page: PersonPage) -> date | None:
    """The local day the latest request went out, for the nudge to name it."""
    sent = [item.at for item in page.timeline if item.kind == TimelineKind.REQUEST]
    return max(sent).astimezone().date() if sent else None


def draft_for(kind: TimelineKind, facts: RequestFacts, sent_on: date | None = None) -> str:
    """A fresh draft of `kind` (a nudge names the day of the request, `sent_on`)."""
    if kind == TimelineKind.NUDGE:
        return draft_nudge(facts, sent_on)
    if kind == TimelineKind.UPDATE:
        return draft_update(facts)
    return draft_request(facts)


class ComposerScreen(HasInfointApp, Screen[None]):
    """Draft, check, copy and mark as sent one message to a person."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+o",
            "copy",
            "Copy",
            tooltip="Copy the message to the clipboard",
            id="composer.copy",
        ),
        Binding(
            "ctrl+s",
            "sent",
            "Mark sent",
            tooltip="Mark it sent now: it goes on their timeline (a request moves them to "
            "'request sent')",
            id="composer.sent",
        ),
        Binding(
            "ctrl+t",
            "next_kind",
            "Kind",
            tooltip="Request, nudge or update",
            id="composer.kind",
        ),
        Binding(
            "ctrl+r",
            "redraft",
            "Redraft",
            tooltip="Replace the text with a fresh draft",
            id="composer.redraft",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Back (the text is kept as typed)",
            id="composer.back",
        ),
    ]

    def __init__(self, person_id: int, kind: TimelineKind | None = None) -> None:
        """Write to the person; `kind` chooses what (else it follows their status)."""
        super().__init__()
        self.person_id = person_id
        self.page: PersonPage | None = None
        self._asked_kind = kind
        self.kind = kind or TimelineKind.REQUEST
        self._stored = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="composer"):
            yield Static("", id="composer-title", classes="panel-title", markup=False)
            yield SavingTextArea(id="message", save_key="", soft_wrap=True)
            yield Static("", id="composer-check", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Write to"
        self._read()

    @work(thread=True, exclusive=True, group="composer-load")
    def _read(self) -> None:
        from infoint_tui.screens.person_read import read_person_page

        read_person_page(self, self.person_id, "Cannot write to this person")

    @on(ReadFailed)
    def _read_failed(self, event: ReadFailed) -> None:
        self.notify(event.reason, severity="error", markup=False)
        self.dismiss()

    @on(PersonRead)
    def _person_read(self, event: PersonRead) -> None:
        self.page = page = event.page
        self.kind = self._asked_kind or natural_kind(page)
        self._stored = page.person.message_draft
        self.sub_title = one_line(page.person.name, 60) or "(no name yet)"
        self._fill(page.person.message_draft or self._draft())
        self.query_one("#message", SavingTextArea).focus()

    def _draft(self) -> str:
        assert self.page is not None
        facts = facts_of(self.page, self.infoint.signer)
        return draft_for(self.kind, facts, last_request_on(self.page))

    def _fill(self, text: str) -> None:
        """Show `text` as if stored: it is saved once the user changes it (or copies or
        sends it), so opening the composer stores nothing."""
        store = self.infoint.store
        assert store is not None
        field = self.query_one("#message", SavingTextArea)
        field.bind(
            f"contact:{self.person_id}:message_draft",
            text_save(store, TextRef("contact", self.person_id, "message_draft")),
            text,
        )
        self._show_check(text)

    def _show_check(self, text: str) -> None:
        name = KIND_NAMES[self.kind]
        self.query_one("#composer-title", Static).update(
            f"{name} · ctrl+o copy · ctrl+s mark sent · ctrl+t request/nudge/update"
        )
        check = self.query_one("#composer-check", Static)
        check.update(status_line(text) if self.kind != TimelineKind.UPDATE else _words(text))
        problems = check_request(text).problems if self.kind != TimelineKind.UPDATE else []
        check.set_class(bool(problems), "-problem")

    @on(TextArea.Changed, "#message")
    def _edited(self, event: TextArea.Changed) -> None:
        self._show_check(event.text_area.text)

    def _keep(self, text: str) -> None:
        """Store the text shown (a copied or sent draft is kept as it was)."""
        store = self.infoint.store
        if store is None:
            return
        self.infoint.queue_save(
            f"contact:{self.person_id}:message_draft",
            lambda: store.save_text(TextRef("contact", self.person_id, "message_draft"), text),
            now=True,
        )

    def action_copy(self) -> None:
        """Copy the message to the clipboard."""
        text = self.query_one("#message", SavingTextArea).text
        if not text.strip():
            self.notify("The message is empty: nothing to copy.", severity="warning", markup=False)
            return
        self._keep(text)
        copy_note(self, text)

    def action_sent(self) -> None:
        """It was sent: put it on the timeline and clear the draft."""
        store = self.infoint.store
        text = self.query_one("#message", SavingTextArea).text
        if store is None or self.page is None:
            return
        if not text.strip():
            self.notify("The message is empty.", severity="warning", markup=False)
            return
        kind, name = self.kind, one_line(self.page.person.name, 40) or "them"
        self._keep(text)

        def sent(_: object) -> None:
            self.notify(f"{KIND_NAMES[kind]} to {name} marked sent.", markup=False)
            self.dismiss()

        self.infoint.queue_save(
            f"person:send:{self.person_id}",
            lambda: store.send_message(self.person_id, kind, text),
            now=True,
            then=sent,
            replace=False,
        )

    def action_next_kind(self) -> None:
        """Switch to the next kind of message; an untouched draft is drafted again."""
        if self.page is None:
            return
        field = self.query_one("#message", SavingTextArea)
        untouched = field.text == self._draft() or not field.text.strip()
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        if untouched:
            self._fill(self._draft())
        else:
            self._show_check(field.text)

    def action_redraft(self) -> None:
        """Replace the text with a fresh draft (the old text is saved first; ctrl+z undoes)."""
        if self.page is None:
            return
        field = self.query_one("#message", SavingTextArea)
        field.replace(self._draft(), field.document.start, field.document.end)

    def action_back(self) -> None:
        """Back; what was typed is saved first."""
        self.infoint.save_all_now()
        self.dismiss()


def _words(text: str) -> str:
    from infoint_tui.request_note import count_words

    words = count_words(text)
    return f"{words} word{'s' if words != 1 else ''}"
