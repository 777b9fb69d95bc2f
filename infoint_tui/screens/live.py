"""Live: the checklist, the answer being typed, and the clock, on one screen.

Every write from this stage goes through the app's saver, so a slow or locked
database never freezes typing, and the time stamps are taken at the keypress.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList, Static

from infoint_tui import timekeeping
from infoint_tui.screens.stage import StagePane, focus_text
from infoint_tui.store.text_refs import TextRef
from infoint_tui.text import one_line, terminal_safe
from infoint_tui.widgets.checklist import Checklist, minute_mark, note_option, question_option
from infoint_tui.widgets.clock import WRAP_UP_SECONDS, Clock
from infoint_tui.widgets.fields import SavingTextArea, text_save

if TYPE_CHECKING:
    from infoint_tui.store.models import Note, Question
    from infoint_tui.store.records import InterviewBundle

#: The stages in which opening Live means the conversation is starting now.
OPEN_STAGES = ("research", "questions", "live")

ETIQUETTE = (
    "Learning, not job-hunting · résumé only if asked · salary range is fine to ask · "
    "ask who else to talk to"
)


class LivePane(StagePane):
    """Tick questions off and type the answers as they come, with an eye on the clock."""

    stage = "live"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave_answer",
            "Next question",
            tooltip="Back to the checklist, on the next question not asked",
            id="live.leave",
        ),
        Binding(
            "ctrl+n",
            "new_note",
            "Note",
            tooltip="Start a timestamped note",
            id="live.note",
            priority=True,
        ),
        Binding(
            "ctrl+t",
            "star_current",
            "Star",
            tooltip="Star the current answer or note as most interesting or helpful",
            id="live.star",
            priority=True,
        ),
        Binding(
            "ctrl+r",
            "restart_clock",
            "Restart clock",
            show=False,
            tooltip="Start the clock now (only before any question is asked)",
            id="live.restart",
        ),
    ]

    def __init__(self, interview_id: int) -> None:
        super().__init__(interview_id)
        self.questions: list[Question] = []
        self.notes: list[Note] = []
        self.started_at: datetime | None = None
        self.planned_minutes = 25
        self._target: tuple[str, int] | None = None
        self._new_notes = 0
        self._wrap_up_timer = False
        self.auto_start = True
        """Whether opening Live starts the clock (not when a search hit is being read)."""

    def compose(self) -> ComposeResult:
        yield Clock(id="clock")
        yield Static(ETIQUETTE, id="etiquette", markup=False)
        yield Static("", id="wrap-up", classes="hidden", markup=False)
        yield Checklist(id="checklist")
        yield Static("", id="answer-title", markup=False)
        yield SavingTextArea(
            id="answer",
            save_key="",
            placeholder="Press enter on a question to type its answer here",
            # Typing needs a question (or a note) to belong to: until one is chosen, the
            # field takes no focus, so nothing typed there could belong to nothing.
            disabled=True,
        )

    # -- filling ---------------------------------------------------------------------------

    def show(self, bundle: InterviewBundle) -> None:
        # A note begun a moment ago whose row the saver has not made yet stays on screen.
        unmade = [note for note in self.notes if (note.id or 0) < 0]
        self.questions = list(bundle.questions)
        self.notes = list(bundle.notes) + unmade
        saver = self.infoint.saver
        # Text typed a moment ago and not stored yet is newer than what was read.
        for question in self.questions:
            if (answer := saver.unsaved(f"answer:{question.id}")) is not None:
                question.answer = answer
        for note in self.notes:
            if (text := saver.unsaved(f"note:{note.id}")) is not None:
                note.text = text
        if self._target is not None and self._find(*self._target) is None:
            self._drop_target()  # deleted meanwhile (on Questions, or in another copy)
        self.planned_minutes = bundle.interview.planned_minutes
        self.started_at = bundle.interview.started_at
        if self.started_at is None and self.auto_start and bundle.interview.stage in OPEN_STAGES:
            self._start_clock()
        clock = self.query_one(Clock)
        clock.planned_minutes = self.planned_minutes
        clock.started_at = self.started_at
        self._rebuild(highlight=self._first_open_option())
        if not self._wrap_up_timer:
            self._wrap_up_timer = True
            self.set_interval(1.0, self._update_wrap_up, name="wrap-up")
        self._update_wrap_up()
        if self._target is None:
            self._show_target_title()

    def focus_first(self) -> None:
        self.query_one(Checklist).focus()

    def focus_target(self, field: str, ref_id: int, near: str = "") -> None:
        if field == "answer" and any(q.id == ref_id for q in self.questions):
            self.edit_answer(ref_id, near)
        elif field == "note" and any(n.id == ref_id for n in self.notes):
            self.edit_note(ref_id, near)
        else:
            self.focus_first()

    def edit_answer(self, question_id: int, near: str = "") -> None:
        """Type in a question's answer without ticking it asked (e.g. to correct it later)."""
        self._rebuild(highlight=f"q{question_id}")
        self._edit_question(self._question(question_id))
        focus_text(self.query_one("#answer", SavingTextArea), near)

    def edit_note(self, note_id: int, near: str = "") -> None:
        """Type in a note."""
        self._rebuild(highlight=f"n{note_id}")
        self._edit_note(self._note(note_id))
        focus_text(self.query_one("#answer", SavingTextArea), near)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for the answer field show (and work) only while it has the focus."""
        if action in ("leave_answer", "star_current") and self.is_mounted:
            return self.query_one("#answer", SavingTextArea).has_focus
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.refresh_bindings()

    def _start_clock(self, at: datetime | None = None) -> None:
        started = at or timekeeping.utcnow()
        self.started_at = started
        store, interview_id = self.store, self.interview_id
        self.infoint.queue_save(
            f"clock:{interview_id}",
            lambda: (
                store.update_interview(interview_id, started_at=started)
                if at
                else store.start_clock(interview_id, at=started)
            ),
            now=True,
        )
        self.query_one(Clock).started_at = started

    def _elapsed(self) -> int:
        if self.started_at is None:
            return 0
        return max(0, int((timekeeping.utcnow() - self.started_at).total_seconds()))

    def _stamp(self) -> int | None:
        """Seconds since the start for a time stamp, or None while the clock is stopped."""
        return None if self.started_at is None else self._elapsed()

    def _first_open_option(self) -> str | None:
        for question in self.questions:
            if not question.asked and not question.skipped:
                return f"q{question.id}"
        return f"q{self.questions[-1].id}" if self.questions else None

    def _rebuild(self, highlight: str | None = None) -> None:
        checklist = self.query_one(Checklist)
        if highlight is None and checklist.highlighted is not None:
            highlight = checklist.get_option_at_index(checklist.highlighted).id
        options = [
            question_option(
                number,
                question.text,
                asked=question.asked,
                skipped=question.skipped,
                must_ask=question.must_ask,
                starred=question.starred,
                asked_at=question.asked_at_seconds,
                option_id=f"q{question.id}",
            )
            for number, question in enumerate(self.questions, start=1)
        ]
        options += [
            note_option(
                note.text, starred=note.starred, offset=note.offset_seconds, option_id=f"n{note.id}"
            )
            for note in self.notes
        ]
        checklist.set_options(options)
        if highlight is not None:
            try:
                checklist.highlighted = checklist.get_option_index(highlight)
            except Exception:  # the option is gone (deleted elsewhere)
                checklist.highlighted = 0 if options else None

    def _find(self, kind: str, row_id: int) -> Question | Note | None:
        """The question (`q`) or note (`n`) on screen with this id, if it is still there."""
        rows: list[Question] | list[Note] = self.questions if kind == "q" else self.notes
        return next((row for row in rows if row.id == row_id), None)

    def _drop_target(self) -> None:
        """The answer field's question or note is gone: the field belongs to nothing."""
        self._target = None
        editor = self.query_one("#answer", SavingTextArea)
        editor.bind("", None, "")
        editor.disabled = True
        self._show_target_title()

    def _question(self, question_id: int) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def _note(self, note_id: int) -> Note:
        return next(n for n in self.notes if n.id == note_id)

    # -- the clock and the wrap-up cue ----------------------------------------------------

    def _update_wrap_up(self) -> None:
        cue = self.query_one("#wrap-up", Static)
        remaining = self.planned_minutes * 60 - self._elapsed()
        if self.started_at is None or remaining > WRAP_UP_SECONDS:
            cue.add_class("hidden")
            return
        unasked = [q for q in self.questions if q.must_ask and not q.asked and not q.skipped]
        minutes = max(remaining, 0) // 60
        lead = (
            f"Time to wrap up ({minutes} min left)."
            if remaining >= 0
            else "Past the planned time: thank them and offer to stop."
        )
        if unasked:
            lead += " Still to ask: " + " · ".join(one_line(q.text, 60) for q in unasked)
        else:
            lead += " Every must-ask question is done; thank them for their time."
        cue.update(Content(lead))
        cue.remove_class("hidden")

    def action_restart_clock(self) -> None:
        """Start (or restart) the clock now, if no question has been asked yet."""
        if any(q.asked for q in self.questions):
            self.notify(
                "The clock already counts for asked questions; it keeps running.", markup=False
            )
            return
        self._start_clock(at=timekeeping.utcnow())
        self._update_wrap_up()

    # -- keys on the checklist -------------------------------------------------------------

    @on(OptionList.OptionSelected, "#checklist")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("q"):
            question = self._question(int(option_id[1:]))
            if not question.asked:
                self._set_asked(question, True)
            self._edit_question(question)
        elif option_id.startswith("n"):
            self._edit_note(self._note(int(option_id[1:])))

    @on(Checklist.Command)
    def _command(self, event: Checklist.Command) -> None:
        kind, row_id = event.option_id[0], int(event.option_id[1:])
        if event.what == "star":
            self._star(kind, row_id)
            return
        if kind != "q":
            return
        question = self._question(row_id)
        if event.what == "toggle":
            self._set_asked(question, not question.asked)
        elif event.what == "skip":
            self._set_skipped(question, not question.skipped)

    def _set_asked(self, question: Question, asked: bool) -> None:
        assert question.id is not None
        at = self._stamp() if asked else None
        question.asked, question.asked_at_seconds = asked, at
        if asked:
            question.skipped = False
        store, question_id = self.store, question.id
        self.infoint.queue_save(
            f"asked:{question_id}",
            lambda: store.mark_asked(question_id, asked, at_seconds=at),
            now=True,
        )
        self._rebuild()
        self._update_wrap_up()

    def _set_skipped(self, question: Question, skipped: bool) -> None:
        assert question.id is not None
        question.skipped = skipped
        if skipped:
            question.asked, question.asked_at_seconds = False, None
        store, question_id = self.store, question.id
        self.infoint.queue_save(
            f"asked:{question_id}", lambda: store.mark_skipped(question_id, skipped), now=True
        )
        self._rebuild()
        self._update_wrap_up()

    def _star(self, kind: str, row_id: int) -> None:
        store = self.store
        row = self._find(kind, row_id)
        if row is None:
            return
        row.starred = starred = not row.starred
        action: Any
        if kind == "q":
            action = lambda: store.star_question(row_id, starred)  # noqa: E731
        else:
            action = lambda: store.star_note(row_id, starred)  # noqa: E731
        if row_id > 0:  # a note not made yet gets its star once it is (see _note_made)
            self.infoint.queue_save(f"star:{kind}{row_id}", action, now=True)
        self.notify(
            "Starred as most interesting or helpful." if starred else "Star removed.",
            markup=False,
            timeout=2,
        )
        self._rebuild()

    # -- the answer field --------------------------------------------------------------------

    def _edit_question(self, question: Question) -> None:
        assert question.id is not None
        self._target = ("q", question.id)
        self._edit(
            f"answer:{question.id}", TextRef("question", question.id, "answer"), question.answer
        )

    def _edit_note(self, note: Note) -> None:
        assert note.id is not None
        self._target = ("n", note.id)
        self._edit(f"note:{note.id}", TextRef("note", note.id, "text"), note.text)

    def _edit(self, key: str, ref: TextRef, stored: str) -> None:
        editor = self.query_one("#answer", SavingTextArea)
        editor.disabled = False
        editor.set_target(key, text_save(self.store, ref), stored)
        self._show_target_title()
        editor.focus()
        editor.move_cursor(editor.document.end)

    @on(SavingTextArea.Changed, "#answer")
    def _typed(self, event: SavingTextArea.Changed) -> None:
        """Keep this pane's copy of the answer or note as typed (the checklist shows it)."""
        if self._target is None or (row := self._find(*self._target)) is None:
            return
        if self._target[0] == "q":
            row.answer = event.text_area.text
        else:
            row.text = event.text_area.text

    def _show_target_title(self) -> None:
        title = self.query_one("#answer-title", Static)
        if self._target is None or (row := self._find(*self._target)) is None:
            title.update(Content("Answer: press enter on a question to start typing"))
            return
        if self._target[0] == "q":
            number = self.questions.index(row) + 1  # type: ignore[arg-type]
            star = " ★" if row.starred else ""
            title.update(Content(f"{number}. {terminal_safe(row.text)}{star}"))
        else:
            note: Any = row
            star = " ★" if note.starred else ""
            title.update(Content(f"Note at {minute_mark(note.offset_seconds).strip()}{star}"))

    def action_leave_answer(self) -> None:
        """Leave the answer field and highlight the next question not asked."""
        editor = self.query_one("#answer", SavingTextArea)
        if not editor.has_focus:
            return
        self.infoint.save_now(editor.save_key)
        self._rebuild(highlight=self._next_open_after(self._target))
        self.query_one(Checklist).focus()

    def _next_open_after(self, target: tuple[str, int] | None) -> str | None:
        start = 0
        if target and target[0] == "q":
            start = next((i for i, q in enumerate(self.questions) if q.id == target[1]), -1) + 1
        ordered = self.questions[start:] + self.questions[:start]
        for question in ordered:
            if not question.asked and not question.skipped:
                return f"q{question.id}"
        return f"q{target[1]}" if target and target[0] == "q" else self._first_open_option()

    def action_new_note(self) -> None:
        """Start a free note stamped with the time since the start, and type into it.

        The note is on screen at once; the saver makes its row (and then keeps its text),
        so a slow or locked database never holds up the first words.
        """
        from infoint_tui.store.models import Note

        self._new_notes += 1
        temporary = -self._new_notes  # the note's id until its row exists
        note = Note(id=temporary, interview_id=self.interview_id, offset_seconds=self._stamp())
        self.notes.append(note)
        self._rebuild(highlight=f"n{temporary}")
        self._target = ("n", temporary)
        store, interview_id, stamp = self.store, self.interview_id, note.offset_seconds
        deliver = self.infoint.saver.deliver  # taken here: `save` runs on the saver's thread
        made: list[int] = []

        def save(text: str, base: str | None) -> object:
            if not made:  # the first save makes the row, with the text typed so far
                made.append(store.add_note(interview_id, text, offset_seconds=stamp).id or 0)
                deliver(self._note_made, temporary, made[0])
                return None
            return store.save_text(TextRef("note", made[0], "text"), text, base)

        editor = self.query_one("#answer", SavingTextArea)
        editor.disabled = False
        editor.set_target(f"note:new:{interview_id}:{temporary}", save, "")
        self.infoint.saver.submit_text(editor.save_key, "", save, now=True)
        self._show_target_title()
        editor.focus()

    def _note_made(self, temporary: int, note_id: int) -> None:
        """The saver made a new note's row: from now on it is known by its id."""
        if not self.is_attached:
            return
        store = self.store
        for note in self.notes:
            if note.id == temporary:
                note.id = note_id
                if note.starred:  # starred before its row existed
                    self.infoint.queue_save(
                        f"star:n{note_id}", lambda: store.star_note(note_id, True), now=True
                    )
        if self._target == ("n", temporary):
            self._target = ("n", note_id)
            editor = self.query_one("#answer", SavingTextArea)
            editor.set_target(
                f"note:{note_id}",
                text_save(self.store, TextRef("note", note_id, "text")),
                editor.text,
            )
        self._rebuild()

    def action_star_current(self) -> None:
        """Star the answer or note being typed, or the highlighted row."""
        editor = self.query_one("#answer", SavingTextArea)
        if editor.has_focus and self._target is not None:
            self._star(*self._target)
            self._show_target_title()
            return
        checklist = self.query_one(Checklist)
        if checklist.highlighted is not None:
            option_id = checklist.get_option_at_index(checklist.highlighted).id or ""
            if option_id:
                self._star(option_id[0], int(option_id[1:]))
