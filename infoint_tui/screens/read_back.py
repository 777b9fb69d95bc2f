"""Read back: one interview on one scrolling page, read-only, to copy or export as Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from infoint_tui import timekeeping
from infoint_tui.context import HasInfointApp
from infoint_tui.dialogs.export import start_markdown_export
from infoint_tui.messages import InterviewPageRead, ReadFailed, StoreReady
from infoint_tui.screens.interview.reflect import FIT_MEANINGS, PROMPTS
from infoint_tui.store.dates import NOT_SCHEDULED, interview_date
from infoint_tui.store.kinds import STAGE_LABELS
from infoint_tui.text import one_line, terminal_safe
from infoint_tui.widgets.checklist import minute_mark

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewBundle

#: The sections of the page, in the order the stages come: (widget id suffix, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("research", "Research"),
    ("questions", "Questions"),
    ("notes", "Notes"),
    ("reflection", "Reflection"),
    ("follow-up", "Follow-up"),
)
MEDIUM_LABELS = {"in_person": "In person", "phone": "Phone", "video": "Video call"}
_LABEL_WIDTH = 13
_MUTED = "$text-muted"


def _scroll_binding(key: str, where: str, description: str) -> Binding:
    return Binding(
        key, f"scroll('{where}')", description, tooltip=description, id=f"read.{where}", show=False
    )


# -- building the page (pure: runs in the loading thread) --------------------------------------


def _local(moment: datetime) -> str:
    return timekeeping.local_text(moment, "%a %d %b %Y, %H:%M")


def _block(text: str, indent: int = 0) -> str:
    """Stored multi-line text, controls shown as escapes, each line indented."""
    lines = terminal_safe(text.replace("\r\n", "\n")).strip("\n").split("\n")
    return "\n".join(" " * indent + line for line in lines)


def _muted(text: str) -> Content:
    return Content.styled(text, _MUTED)


def _field(label: str, value: str) -> Content:
    return Content.assemble((label.ljust(_LABEL_WIDTH), _MUTED), one_line(value))


def _fields(pairs: Iterable[tuple[str, str]]) -> list[Content]:
    return [_field(label, value) for label, value in pairs if value.strip()]


def _titled_block(title: str, text: str) -> list[Content]:
    if not text.strip():
        return []
    return [Content(""), Content.styled(title, "bold"), Content(_block(text))]


def _lines(parts: list[Content], empty: str) -> Content:
    while parts and not parts[0].plain:
        parts = parts[1:]
    return Content("\n").join(parts) if parts else _muted(empty)


def title_of(bundle: InterviewBundle) -> Content:
    """`Jane Doe — UX research` in bold."""
    title = one_line(bundle.contact.name) or "(no name)"
    if bundle.occupation is not None:
        title += f" — {one_line(bundle.occupation.name)}"
    return Content.styled(title, "bold")


def summary_of(bundle: InterviewBundle) -> Content:
    """Organization, date (held, else planned: `store.dates`) and stage in one muted line."""
    interview = bundle.interview
    parts = [one_line(bundle.organization.name)] if bundle.organization else []
    when = interview_date(interview.started_at, interview.scheduled_at)
    parts.append(NOT_SCHEDULED if when is None else _local(when))
    parts.append(f"stage: {STAGE_LABELS.get(interview.stage, interview.stage).lower()}")
    return _muted(" · ".join(parts))


def research_of(bundle: InterviewBundle) -> Content:
    """Contact, organization, occupation, when and how, research notes and goals."""
    contact, organization, interview = bundle.contact, bundle.organization, bundle.interview
    name = one_line(contact.name) or "(no name)"
    parts = [_field("Contact", name + (f", {contact.role}" if contact.role.strip() else ""))]
    parts += _fields(
        [
            ("Email", contact.email),
            ("Phone", contact.phone),
            ("Profile", contact.profile_url),
            ("How we met", contact.how_met),
            ("Referred by", bundle.referred_by.name if bundle.referred_by else ""),
        ]
    )
    if contact.notes.strip():
        parts.append(Content(_block(contact.notes, _LABEL_WIDTH)))
    if organization is not None:
        parts += [Content(""), _field("Organization", organization.name)]
        parts += _fields([("Sector", organization.sector), ("Website", organization.website)])
        if organization.research_notes.strip():
            parts.append(Content(_block(organization.research_notes, _LABEL_WIDTH)))
    parts.append(Content(""))
    parts += _fields([("Occupation", bundle.occupation.name if bundle.occupation else "")])
    when = _local(interview.scheduled_at) if interview.scheduled_at else NOT_SCHEDULED
    parts.append(_field("When", when))
    parts.append(_field("Medium", MEDIUM_LABELS.get(interview.medium, str(interview.medium))))
    parts.append(_field("Planned", f"{interview.planned_minutes} minutes"))
    if interview.started_at is not None:
        held = _local(interview.started_at)
        if interview.ended_at is not None:
            minutes = int((interview.ended_at - interview.started_at).total_seconds() // 60)
            held += f" to {timekeeping.local_text(interview.ended_at, '%H:%M')} ({minutes} minutes)"
        parts.append(_field("Held", held))
    parts += _titled_block("Research notes", interview.research_notes)
    parts += _titled_block("Goals", interview.goals)
    return _lines(parts, "Nothing researched yet.")


def _question_status(asked: bool, skipped: bool, seconds: int | None) -> Content:
    if asked:
        at = minute_mark(seconds).strip()
        return Content.styled(f"✓ {at}" if at else "✓", "$text-success")
    return _muted("skipped" if skipped else "not asked")


def questions_of(bundle: InterviewBundle) -> Content:
    """Each question with when it was asked (`✓ 3:10`, skipped, not asked) and its answer."""
    parts: list[Content] = []
    for number, question in enumerate(bundle.questions, 1):
        status = _question_status(question.asked, question.skipped, question.asked_at_seconds)
        line: list[str | Content | tuple[str, str]] = [
            (f"{number}. ", _MUTED),
            (one_line(question.text) or "(no text)", "bold"),
            "  ",
            status,
        ]
        if question.must_ask:
            line += ["  ", ("must ask", "$text-warning")]
        if question.starred:
            line += ["  ", ("★", "$text-accent")]
        if parts:
            parts.append(Content(""))
        parts.append(Content.assemble(*line))
        if question.answer.strip():
            parts.append(Content(_block(question.answer, 3)))
        else:
            parts.append(_muted("   (no answer)"))
    return _lines(parts, "No questions.")


def notes_of(bundle: InterviewBundle) -> Content:
    """Each note with the minute it was taken and its ★."""
    parts: list[Content] = []
    for note in bundle.notes:
        at = minute_mark(note.offset_seconds).strip() or "-"
        star = ("★ ", "$text-accent") if note.starred else "  "
        text = _block(note.text, 8).lstrip() or "(empty)"
        parts.append(Content.assemble((at.rjust(5), _MUTED), " ", star, text))
    return _lines(parts, "No notes.")


def reflection_of(bundle: InterviewBundle) -> Content:
    """The fit as dots with its meaning, then each prompt that has an answer."""
    reflection = bundle.reflection
    if reflection is None:
        return _muted("Not reflected on yet.")
    fit = reflection.fit_confidence
    if fit is None:
        parts = [Content.assemble(("Fit".ljust(_LABEL_WIDTH), _MUTED), _muted("not rated"))]
    else:
        dots = "●" * fit + "○" * (5 - fit)
        meaning = f"{fit} · {FIT_MEANINGS.get(fit, '')}"
        parts = [
            Content.assemble(
                ("Fit".ljust(_LABEL_WIDTH), _MUTED), (dots, "$text-accent"), "  ", meaning
            )
        ]
    for field, label, _ in PROMPTS:
        parts += _titled_block(label, getattr(reflection, field))
    return _lines(parts, "Not reflected on yet.")


def follow_up_of(bundle: InterviewBundle) -> Content:
    """The thank-you note and when it was sent, the next contact date, the referrals."""
    follow_up = bundle.follow_up
    parts: list[Content] = []
    if follow_up is not None:
        sent = follow_up.thank_you_sent_at
        parts.append(_field("Thank-you", f"sent {_local(sent)}" if sent else "not sent yet"))
        if follow_up.next_contact_on is not None:
            next_on = follow_up.next_contact_on
            parts.append(_field("Next contact", f"{next_on:%a %d %b %Y}"))
        parts += _titled_block("Thank-you note", follow_up.thank_you_text)
    if bundle.referrals:
        parts += [Content(""), Content.styled("Referrals", "bold")]
        for referral in bundle.referrals:
            line: list[str | tuple[str, str]] = ["• ", (one_line(referral.name), "bold")]
            if referral.context.strip():
                line.append(f" — {one_line(referral.context)}")
            if referral.planned_interview_id is not None:
                line.append(("  (interview planned)", "$text-success"))
            else:
                line.append(("  (not planned yet)", _MUTED))
            parts.append(Content.assemble(*line))
    return _lines(parts, "No follow-up yet.")


def page_of(bundle: InterviewBundle) -> dict[str, Content]:
    """Every part of the page by widget id: title, summary and the five sections."""
    return {
        "title": title_of(bundle),
        "summary": summary_of(bundle),
        "research": research_of(bundle),
        "questions": questions_of(bundle),
        "notes": notes_of(bundle),
        "reflection": reflection_of(bundle),
        "follow-up": follow_up_of(bundle),
    }


# -- the screen ----------------------------------------------------------------------------


class ReadBackScreen(HasInfointApp, Screen[None]):
    """A finished interview on one scrolling page: nothing on it can be changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", tooltip="Close the read-back page", id="read.back"),
        Binding(
            "c",
            "copy",
            "Copy",
            tooltip="Copy the whole interview to the clipboard as Markdown",
            id="read.copy",
        ),
        Binding(
            "m",
            "export",
            "Markdown file",
            tooltip="Export the interview to a Markdown file in a folder you pick",
            id="read.export",
        ),
        _scroll_binding("up", "up", "Scroll up"),
        _scroll_binding("down", "down", "Scroll down"),
        _scroll_binding("pageup", "page_up", "Page up"),
        _scroll_binding("pagedown", "page_down", "Page down"),
        _scroll_binding("home", "top", "To the top"),
        _scroll_binding("end", "bottom", "To the end"),
    ]

    def __init__(self, interview_id: int) -> None:
        super().__init__()
        self.interview_id = interview_id
        self._uuid: str | None = None
        self._name = ""
        self._markdown: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="read-back", can_focus=False):
            yield Static("Loading…", id="read-title", markup=False)
            yield Static("", id="read-summary", markup=False)
            for key, heading in SECTIONS:
                yield Static(heading, classes="read-heading", markup=False)
                yield Static("", id=f"read-{key}", classes="read-body", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.infoint.store is not None:
            self.load()

    @on(StoreReady)
    def _store_ready(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="read-back")
    def load(self) -> None:
        """Read the interview and its Markdown off the event loop, then fill the page."""
        from infoint_tui.store.errors import StoreError

        store = self.infoint.store
        if store is None:
            return
        try:
            bundle = store.interview(self.interview_id)
            documents = store.export_markdown([bundle.interview.uuid])
        except StoreError as error:
            self.post_message(ReadFailed(str(error)))
            return
        page = page_of(bundle)
        name = one_line(bundle.contact.name, 40) or "this contact"
        self.post_message(InterviewPageRead(page, bundle.interview.uuid, name, documents[0].text))

    @on(InterviewPageRead)
    def _show(self, event: InterviewPageRead) -> None:
        for key, content in event.page.items():
            self.query_one(f"#read-{key}", Static).update(content)
        self._uuid, self._name, self._markdown = event.uuid, event.name, event.markdown
        self.refresh_bindings()

    @on(ReadFailed)
    def _cannot_load(self, event: ReadFailed) -> None:
        self.notify(
            f"Cannot show this interview: {one_line(event.reason)}", severity="error", markup=False
        )
        if self.is_current:
            self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"copy", "export"} and self._markdown is None:
            return None  # shown dimmed until the interview is loaded
        return True

    # -- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        """Close the page."""
        self.dismiss()

    def action_copy(self) -> None:
        """Copy the whole interview as Markdown."""
        if self._markdown is None:
            return
        self.app.copy_to_clipboard(self._markdown)
        self.notify(f"Copied the interview with {self._name} as Markdown.", markup=False)

    def action_export(self) -> None:
        """Export the interview to a Markdown file in a folder the user picks."""
        if self._uuid is not None:
            start_markdown_export(self.app, [self._uuid])

    def action_scroll(self, where: str) -> None:
        """Scroll the page."""
        page = self.query_one("#read-back", VerticalScroll)
        moves = {
            "up": page.scroll_up,
            "down": page.scroll_down,
            "page_up": page.scroll_page_up,
            "page_down": page.scroll_page_down,
            "top": page.scroll_home,
            "bottom": page.scroll_end,
        }
        moves[where]()
