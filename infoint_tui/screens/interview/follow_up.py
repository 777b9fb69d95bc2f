"""Follow-up: the thank-you note, when it went out, the next contact, and who to talk to next."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from infoint_tui import timekeeping
from infoint_tui.dialogs.confirm import ConfirmDialog
from infoint_tui.editor import edit_in_editor
from infoint_tui.screens.interview.pane import StagePane, focus_text
from infoint_tui.screens.interview.referrals import REFERRAL_ACTIONS, REFERRAL_KEYS, Referrals
from infoint_tui.settings import THANK_YOU_TONE, load_settings, save_setting
from infoint_tui.store.text_refs import TextRef
from infoint_tui.thank_you import (
    as_tone,
    draft_thank_you,
    next_tone,
    note_file_name,
    send_window,
)
from infoint_tui.timekeeping import parse_day
from infoint_tui.widgets.copying import copy_note
from infoint_tui.widgets.fields import SavingTextArea, text_save

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewBundle


def _day_hint(day: date, today: date) -> str:
    days = (day - today).days
    when = (
        "today"
        if days == 0
        else "tomorrow"
        if days == 1
        else f"in {days} days"
        if days > 0
        else f"{-days} days ago"
    )
    return f"{day:%a} {day.day} {day:%b} {day.year:04d} · {when}"


def _local(moment: datetime) -> str:
    return timekeeping.local_text(moment, "%Y-%m-%d %H:%M")


def _key(key: str, action: str, description: str, tooltip: str) -> Binding:
    return Binding(key, action, description, tooltip=tooltip, id=f"follow_up.{action}")


class FollowUpPane(StagePane):
    """Write and send the thank-you note, set the next contact, plan the referrals."""

    stage = "follow_up"

    BINDINGS: ClassVar[list[BindingType]] = [
        _key("ctrl+o", "copy_note", "Copy", "Copy the note to the clipboard"),
        _key("ctrl+g", "edit_note", "Editor", "Edit the note in $VISUAL or $EDITOR"),
        _key("ctrl+s", "save_note_file", "Save as file", "Save the note as a text file"),
        _key("r", "redraft", "Redraft", "Replace the note with a fresh draft"),
        _key("t", "next_tone", "Tone", "Draft the note in the next tone: brief, warm, formal"),
        _key("s", "toggle_sent", "Sent", "Mark the note as sent now (or not sent)"),
        _key("d", "mark_done", "Done", "Mark this interview as done"),
        _key(
            "u",
            "write_update",
            "Update",
            "Write them a later update: what you did with their advice (the next-contact "
            "date puts it on the to-do)",
        ),
        *REFERRAL_KEYS,  # the list of people's keys (see Referrals)
        _key("escape", "leave_field", "Leave field", "Leave the text field for single-letter keys"),
    ]

    def __init__(self, interview_id: int) -> None:
        super().__init__(interview_id)
        self.bundle: InterviewBundle | None = None
        self._sent_at: datetime | None = None
        self._next_stored: date | None = None
        self._drafted: str | None = None
        """The draft this pane filled in; while the note still equals it, it may be redone."""
        self._tone = as_tone(load_settings().get(THANK_YOU_TONE))
        """The tone drafts take: the one last chosen, kept in the settings."""

    @property
    def note(self) -> SavingTextArea:
        """The thank-you note field."""
        return self.query_one("#thank-you", SavingTextArea)

    @property
    def people(self) -> Referrals:
        """The people they suggested: the list and the fields that add one."""
        return self.query_one(Referrals)

    def compose(self) -> ComposeResult:
        yield Static("", id="follow-up-window", markup=False)
        yield Static(self._title(), id="thank-you-title", markup=False)
        yield SavingTextArea(id="thank-you", save_key="")
        with Horizontal(id="next-contact-row"):
            yield Static("Next contact ", classes="follow-up-label", markup=False)
            yield Input(placeholder="YYYY-MM-DD", id="next-contact", compact=True)
            yield Static("", id="next-contact-hint", markup=False)
        yield Referrals(self.interview_id)

    def on_mount(self) -> None:
        self.set_interval(60, self._show_window, name="send-window")

    def _title(self) -> str:
        return f"Thank-you note · {self._tone}  (ctrl+o copy · t tone · esc for more keys)"

    # -- filling ---------------------------------------------------------------------------

    def show(self, bundle: InterviewBundle) -> None:
        self.bundle = bundle
        follow_up = bundle.follow_up
        self._sent_at = follow_up.thank_you_sent_at if follow_up else None
        self._show_note(bundle)
        self._next_stored = follow_up.next_contact_on if follow_up else None
        self.query_one("#next-contact", Input).value = (
            self._next_stored.isoformat() if self._next_stored else ""
        )
        self._show_next_hint()
        self.people.show(bundle.referrals)
        self._show_window()

    def _note_key(self) -> str:
        return f"follow_up:{self.interview_id}:thank_you"

    def _show_note(self, bundle: InterviewBundle) -> None:
        key, area = self._note_key(), self.note
        store, interview_id = self.store, self.interview_id
        save = text_save(store, TextRef("follow_up", interview_id, "thank_you_text"))
        stored = bundle.follow_up.thank_you_text if bundle.follow_up else ""
        area.bind(key, save, stored)
        if self.infoint.saver.unsaved(key) is not None:
            return  # typed a moment ago and not stored yet: the field is newer
        if stored.strip() and stored != self._drafted:
            return
        # No note of the user's own yet: a draft from the stars and the reflection (drafted
        # again when the interview screen refills this stage once earlier saves are in).
        # Shown, not saved: looking at Follow-up changes nothing. The draft is stored once
        # the user edits, copies, saves or sends it.
        draft = self._draft(bundle)
        self._drafted = draft
        if draft != stored:
            self.note.show_text(draft)
        self._ask_name_once()

    def _draft(self, bundle: InterviewBundle) -> str:
        return draft_thank_you(bundle, self._tone, self.infoint.signer or "")

    def _ask_name_once(self) -> None:
        """The first draft ever: ask for the name that signs it (once; it can be skipped)."""
        app = self.infoint
        if app.signer is None and not app.asked_for_name:
            app.asked_for_name = True
            self.call_after_refresh(app.action_set_name, True)

    def sign_again(self) -> None:
        """The user's name changed: an untouched draft is signed again with it."""
        if self._drafted is not None and self.note.text == self._drafted:
            self.infoint.after_saves(self._sign_again, timeout=1.0)

    def _sign_again(self, saved: bool) -> None:
        if self.is_attached and self.note.text == self._drafted:
            self._drafted = self._draft(self.store.interview(self.interview_id))
            self._replace_note(self._drafted)

    def _show_window(self) -> None:
        line = self.query_one("#follow-up-window", Static)
        if self._sent_at is not None:
            line.update(Content(f"Sent {_local(self._sent_at)}"))
            line.set_class(True, "sent").set_class(False, "overdue")
            return
        interview = self.bundle.interview if self.bundle else None
        at = (interview.ended_at or interview.started_at) if interview else None
        text, overdue = send_window(at)
        line.update(Content(text))
        line.set_class(False, "sent").set_class(overdue, "overdue")

    def _show_next_hint(self) -> None:
        field = self.query_one("#next-contact", Input)
        hint = self.query_one("#next-contact-hint", Static)
        try:
            day = parse_day(field.value)
        except ValueError:
            kept = self._next_stored.isoformat() if self._next_stored else "no date"
            hint.update(Content(f"Not a date: type YYYY-MM-DD (kept: {kept})"))
            hint.add_class("invalid")
            field.add_class("-invalid")
            return
        field.remove_class("-invalid")
        hint.remove_class("invalid")
        today = timekeeping.utcnow().astimezone().date()
        hint.update(Content(_day_hint(day, today) if day else "empty: no date set"))

    def focus_first(self) -> None:
        self.note.focus()

    def focus_target(self, field: str, ref_id: int, near: str = "") -> None:
        if field == "referral" and self.people.focus_referral(ref_id):
            return
        if field == "thank_you_text":
            focus_text(self.note, near)
        else:
            self.focus_first()

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.screen.focused, Input | TextArea)
        if action == "leave_field":
            return typing
        if action in REFERRAL_ACTIONS:
            return self.people.key_state()
        if action in {"redraft", "next_tone", "toggle_sent", "mark_done"}:
            return not typing  # letters type into a text field
        return True

    def action_leave_field(self) -> None:
        """Leave a text field for the list of people, where single-letter keys work."""
        if isinstance(self.screen.focused, Input | TextArea):
            self.people.focus_list()

    def action_copy_note(self) -> None:
        """Copy the note to the system clipboard, else through the terminal; say which."""
        text = self.note.text
        if not text.strip():
            self.notify("The note is empty: nothing to copy.", severity="warning", markup=False)
            return
        self._keep_note()
        copy_note(
            self, text, fallback_hint="If pasting gives nothing, ctrl+s saves the note as a file."
        )

    def action_write_update(self) -> None:
        """Close the loop: the composer, drafting an update to this interview's person."""
        from infoint_tui.screens.composer import ComposerScreen
        from infoint_tui.store.kinds import TimelineKind

        if self.bundle is None or self.bundle.contact.id is None:
            return
        self.infoint.save_all_now()
        self.app.push_screen(ComposerScreen(self.bundle.contact.id, TimelineKind.UPDATE))

    def action_save_note_file(self) -> None:
        """Save the note as a text file, in the folder exports go to (asked first)."""
        from infoint_tui.dialogs.export import start_files_export
        from infoint_tui.exporting import default_export_folder

        text = self.note.text
        if not text.strip():
            self.notify("The note is empty: nothing to save.", severity="warning", markup=False)
            return
        self._keep_note()
        name = note_file_name(self.bundle.contact.name if self.bundle else "", self._day())
        start_files_export(
            self.app,
            "Save the thank-you note as a file",
            lambda: [(name, text if text.endswith("\n") else text + "\n")],
            default_export_folder(),
            detail=f"{name} goes into this folder (created if missing).",
        )

    def _day(self) -> date:
        """The interview's day (local), for the file name; today when it has none."""
        interview = self.bundle.interview if self.bundle else None
        moment = (
            (interview.ended_at or interview.started_at or interview.scheduled_at)
            if interview
            else None
        )
        if moment is None:
            return timekeeping.utcnow().astimezone().date()
        return timekeeping.local(moment).date()

    def action_edit_note(self) -> None:
        """Edit the note in the user's editor, then save what it wrote."""
        before = self.note.text
        after = edit_in_editor(self.app, before, what="the note", prefix="infoint-thank-you-")
        if after is not None and after != before:
            self._replace_note(after)
            self.notify("Note updated from your editor.", markup=False, timeout=3)

    def _keep_note(self) -> None:
        """Store the note as shown (a draft is only shown until the user acts on it)."""
        note = self.note
        if note._save is not None and note.text.strip():
            self.infoint.saver.submit_text(note.save_key, note.text, note._save, now=True)

    def _replace_note(self, text: str) -> None:
        """Put `text` in the note field and save it."""
        note = self.note
        note.show_text(text)
        if note._save is not None:
            self.infoint.saver.submit_text(note.save_key, note.text, note._save, now=True)

    def action_redraft(self) -> None:
        """Replace the note with a fresh draft, asking first if it holds other text."""
        self.infoint.after_saves(self._redraft, timeout=1.0)

    def action_next_tone(self) -> None:
        """Draft in the next tone (brief, warm, formal), kept as the default for new notes.

        An untouched draft is redone at once; a note with the user's own text only after
        asking, and otherwise stays as it is.
        """
        self._tone = next_tone(self._tone)
        if not save_setting(THANK_YOU_TONE, self._tone):
            self.notify("Could not save the tone in the settings.", markup=False, timeout=3)
        self.query_one("#thank-you-title", Static).update(Content(self._title()))
        self.infoint.after_saves(self._redraft, timeout=1.0)

    def _redraft(self, saved: bool) -> None:
        if not self.is_attached:
            return
        draft = self._draft(self.store.interview(self.interview_id))
        current, tone = self.note.text, self._tone
        if not current.strip() or current in {draft, self._drafted}:
            self._use_draft(draft)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._use_draft(draft)
            else:
                self.notify(
                    f"Your note is unchanged; new drafts are {tone}.", markup=False, timeout=4
                )

        self.app.push_screen(
            ConfirmDialog(
                f"Replace the note with a new {tone} draft?",
                "The note as it is now is replaced by a fresh draft from your stars and "
                "reflection. Copy it first (ctrl+o) if you want to keep parts of it.",
                confirm="Redraft",
                cancel="Keep my note",
                danger=True,
            ),
            answered,
        )

    def _use_draft(self, draft: str) -> None:
        self._drafted = draft
        self._replace_note(draft)
        self.notify(f"Fresh {self._tone} draft in place.", markup=False, timeout=3)
        self._ask_name_once()

    def action_toggle_sent(self) -> None:
        """Record that the note went out now, or undo that after confirming."""
        store, interview_id = self.store, self.interview_id
        if self._sent_at is None:
            at = timekeeping.utcnow()
            self._keep_note()  # the note as sent, even an untouched draft
            self.infoint.queue_save(
                f"follow_up:{interview_id}:sent",
                lambda: store.record_thank_you_sent(interview_id, at=at),
                now=True,
            )
            self._sent_at = at
            self._show_window()
            self.notify("Marked sent. Press d when this interview is done.", markup=False)
            return

        def answered(unsend: bool | None) -> None:
            if unsend:
                self._sent_at = None
                self.infoint.queue_save(
                    f"follow_up:{interview_id}:sent",
                    lambda: store.save_follow_up(interview_id, thank_you_sent_at=None),
                    now=True,
                )
                self._show_window()

        self.app.push_screen(
            ConfirmDialog(
                "Mark the note as not sent?",
                f"It is recorded as sent {_local(self._sent_at)}.",
                confirm="Not sent",
                cancel="Keep",
            ),
            answered,
        )

    def action_mark_done(self) -> None:
        """Move the interview to done; Home then lists it as finished."""
        if self.bundle is not None and self.bundle.interview.stage == "done":
            self.notify("This interview is already done.", markup=False, timeout=3)
            return
        store, interview_id = self.store, self.interview_id
        self.infoint.save_all_now()
        self.infoint.queue_save(
            f"stage:{interview_id}",
            lambda: store.set_stage(interview_id, "done"),  # type: ignore[arg-type]
            now=True,
        )
        if self.bundle is not None:
            self.bundle.interview.stage = "done"  # type: ignore[assignment]
        self.post_message(StagePane.StageChanged("done"))
        self.notify("Interview marked done.", markup=False, timeout=3)

    # -- next contact ----------------------------------------------------------------------

    @on(Input.Changed, "#next-contact")
    def _next_contact_changed(self, event: Input.Changed) -> None:
        self._show_next_hint()
        try:
            day = parse_day(event.value)
        except ValueError:
            return
        if day == self._next_stored:
            return
        self._next_stored = day
        store, interview_id = self.store, self.interview_id
        self.infoint.queue_save(
            f"follow_up:{interview_id}:next_contact",
            lambda: store.set_next_contact(interview_id, day),
        )

    @on(Input.Blurred, "#next-contact")
    def _next_contact_left(self) -> None:
        self.infoint.save_now(f"follow_up:{self.interview_id}:next_contact")

    # -- the list of people: its keys are bound here, so the footer keeps its order --------

    def action_plan_referral(self) -> None:
        """Make the highlighted person a contact with a planned interview."""
        self.people.action_plan_referral()

    def action_delete_referral(self) -> None:
        """Remove the highlighted person after confirming."""
        self.people.action_delete_referral()
