"""Live: the checklist, the answer being typed, and the clock, on one screen.

Every write from this stage goes through the app's saver, so a slow or locked
database never freezes typing, and the time stamps are taken at the keypress.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal, overload

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList, Static

from infoint_tui import timekeeping
from infoint_tui.dialogs.choice import Choice, ChoiceDialog
from infoint_tui.screens.interview.pane import StagePane, focus_text
from infoint_tui.store.conversation_rules import (
    Held,
    Leaving,
    furthest,
    later,
    leaving_live,
    likely_end,
    stale,
)
from infoint_tui.store.kinds import Stage
from infoint_tui.store.records import NoteRecord
from infoint_tui.store.text_refs import TextRef
from infoint_tui.text import one_line, terminal_safe
from infoint_tui.widgets.checklist import Checklist, minute_mark, note_option, question_option
from infoint_tui.widgets.clock import WRAP_UP_SECONDS, Clock, elapsed_seconds, minutes_seconds
from infoint_tui.widgets.fields import SavingTextArea, text_save

if TYPE_CHECKING:
    from infoint_tui.store.records import InterviewBundle, QuestionRecord

_DIGITS = re.compile(r"\d")

#: Below this many rows the pane drops the etiquette line, so the answer keeps its rows.
SHORT_ROWS = 19

ETIQUETTE = (
    "Learning, not job-hunting · résumé only if asked · salary range is fine to ask · "
    "ask who else to talk to"
)


@dataclass(frozen=True)
class Record:
    """The conversation's record as this pane holds it (and writes it, whole)."""

    started_at: datetime | None
    ended_at: datetime | None
    stage: str


@dataclass(frozen=True)
class Change:
    """One checklist change, with what is needed to put it back (`u` undoes the last)."""

    what: str  # as the user reads it: "tick", "untick", "skip", "unskip", "star", "delete"
    kind: str  # "q" (a question) or "n" (a note)
    row_id: int
    asked: bool = False
    asked_at: int | None = None
    skipped: bool = False
    starred: bool = False
    note: NoteRecord | None = None
    """A deleted note, as it was."""
    record: Record | None = None
    """The conversation's record before this change started it (the first tick)."""


class LivePane(StagePane):
    """Tick questions off and type the answers as they come, with an eye on the clock.

    The conversation starts by intent (ctrl+r, or the first question ticked) and ends by
    intent (F8, or leaving Live for the later stages after questions were asked); opening
    Live to look changes nothing. The pane is in one of two modes: on the checklist, the
    answer area shows the highlighted row's text, read-only, and the checklist has the
    rows; typing (after enter), the answer has them and keeps every key.
    """

    stage = "live"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave_answer",
            "Next question",
            tooltip="Back to the checklist, on the next question not asked",
            id="live.leave",
        ),
        # Tab and shift+tab stay in the answer: a stray tab never moves the focus to the
        # checklist, where the words that follow would become commands (a space unticks,
        # `s` skips). Escape, and only escape, goes back to the list.
        Binding(
            "tab",
            "stay",
            "stays",
            tooltip="Tab stays in the answer; escape goes back to the checklist",
            id="live.tab",
        ),
        Binding("shift+tab", "stay", "stays", show=False, id="live.shift_tab"),
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
            "start",
            "Start",
            show=False,  # the clock's line says it: "ctrl+r ... starts it", "ctrl+r resumes"
            tooltip="The conversation starts now: the clock runs",
            id="live.start",
        ),
        Binding(
            "ctrl+r",
            "resume",
            "Resume",
            show=False,  # the clock's line says it: "ctrl+r ... starts it", "ctrl+r resumes"
            tooltip="Resume an ended conversation, or start it again",
            id="live.resume",
        ),
        Binding(
            "ctrl+r",
            "restart",
            "Restart clock",
            show=False,
            tooltip="Start the clock again from now (asks first)",
            id="live.restart",
        ),
        Binding(
            "f8,alt+8",
            "end",
            "End",
            key_display="F8",
            tooltip="The conversation is over: stamp the end and stop the clock (also alt+8)",
            id="live.end",
            priority=True,
        ),
        Binding(
            "u,ctrl+z",
            "undo",
            "Undo",
            tooltip="Undo the last tick, untick, skip, star or delete (its time included)",
            id="live.undo",
        ),
        Binding(
            "delete",
            "delete_note",
            "Delete note",
            tooltip="Delete the highlighted note (u brings it back)",
            id="live.delete",
        ),
    ]

    def __init__(self, interview_id: int) -> None:
        super().__init__(interview_id)
        self.questions: list[QuestionRecord] = []
        self.notes: list[NoteRecord] = []
        self.record = Record(None, None, Stage.RESEARCH)
        self.planned_minutes = 25
        self.scheduled_at: datetime | None = None
        self._target: tuple[str, int] | None = None
        self._new_notes = 0
        self._wrap_up_timer = False
        self._cue_text = ""
        """What the wrap-up cue shows (see `_update_wrap_up`)."""
        self._changes: list[Change] = []

    @property
    def started_at(self) -> datetime | None:
        """When the conversation started, as this pane holds it."""
        return self.record.started_at

    @property
    def ended_at(self) -> datetime | None:
        """When the conversation ended, as this pane holds it."""
        return self.record.ended_at

    @property
    def running(self) -> bool:
        """Started, not ended, and not left running for hours."""
        started = self.record.started_at
        return (
            started is not None
            and self.record.ended_at is None
            and not stale(started, timekeeping.utcnow())
        )

    def compose(self) -> ComposeResult:
        yield Clock(id="clock")
        yield Static(ETIQUETTE, id="etiquette", markup=False)
        yield Static("", id="wrap-up", classes="hidden", markup=False)
        yield Checklist(id="checklist")
        yield Static("", id="answer-title", markup=False)
        yield Static("", id="answer-view", markup=False)
        yield SavingTextArea(
            id="answer",
            save_key="",
            placeholder="Type the answer as it comes; escape goes back to the list",
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
        self.scheduled_at = bundle.interview.scheduled_at
        interview = bundle.interview
        if not saver.waiting(self._record_key):  # else this pane's record is newer
            self.record = Record(interview.started_at, interview.ended_at, interview.stage)
        self._show_clock()
        self._rebuild(highlight=self._first_open_option())
        if not self._wrap_up_timer:
            self._wrap_up_timer = True
            self.set_interval(1.0, self._update_wrap_up, name="wrap-up")
        self._update_wrap_up()
        self._show_answer()
        self.refresh_bindings()

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
        """Keys show (and work) only where they do something: see each action."""
        if not self.is_mounted:
            return True
        typing = self.query_one("#answer", SavingTextArea).has_focus
        started, ended = self.record.started_at is not None, self.record.ended_at is not None
        if action in ("leave_answer", "star_current", "stay"):
            return typing
        if action == "start":
            return not started
        if action == "resume":
            return started and ended
        if action in ("restart", "end"):
            return started and not ended
        if action == "undo":
            return bool(self._changes) and not typing
        if action == "delete_note":
            return not typing and (self._highlighted_id() or "").startswith("n")
        return True

    def action_stay(self) -> None:
        """Nothing: the cursor stays where the user is typing."""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        editor = self.query_one("#answer", SavingTextArea)
        if event.widget is editor:
            self.add_class("-typing")
        elif isinstance(event.widget, Checklist) and not editor.has_focus:
            # Back on the list: the highlighted row's text, read-only. (A focus event
            # handled after the answer took the focus again changes nothing.)
            self.remove_class("-typing")
            self._show_answer()
        self.refresh_bindings()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.refresh_bindings()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_ROWS, "-short")

    # -- the conversation's record -----------------------------------------------------------

    @property
    def _record_key(self) -> str:
        return f"conversation:{self.interview_id}"

    def _set_record(self, record: Record, *, exact: bool = False) -> None:
        """Hold `record` and save it whole (the newest save wins)."""
        self.record = record
        store, interview_id = self.store, self.interview_id
        self.infoint.queue_save(
            self._record_key,
            lambda: store.record_conversation(
                interview_id,
                started_at=record.started_at,
                ended_at=record.ended_at,
                stage=record.stage,
                exact=exact,
            ),
            now=True,
        )
        self._show_clock()
        self._update_wrap_up()
        self.refresh_bindings()
        self.post_message(StagePane.StageChanged(record.stage))

    def _start(self, at: datetime) -> Record:
        """The conversation starts at `at`; returns the record as it was before."""
        before = self.record
        self._set_record(Record(at, None, furthest(before.stage, Stage.LIVE)))
        return before

    def _end(self) -> None:
        """The conversation is over: now, or (left running for hours) when it likely ended."""
        started = self.record.started_at
        if started is None or self.record.ended_at is not None:
            return
        now = timekeeping.utcnow()
        at = now
        if stale(started, now):
            stamps = [q.asked_at_seconds for q in self.questions if q.asked_at_seconds]
            at = likely_end(started, self.planned_minutes, [s for s in stamps if s])
        self._set_record(Record(started, at, furthest(self.record.stage, Stage.REFLECT)))
        held = Held(timekeeping.aware(started), timekeeping.aware(at)).text()
        self.notify(f"Conversation ended: {held}. ctrl+r on Live resumes it.", markup=False)

    def _did_not_happen(self) -> None:
        """The clock was started by mistake: the interview is as it was before it."""
        stage = Stage.QUESTIONS if self.questions else Stage.RESEARCH
        if later(self.record.stage, Stage.LIVE):  # an interview held before keeps its stage
            stage = Stage(self.record.stage)
        self._set_record(Record(None, None, stage), exact=True)

    def _show_clock(self) -> None:
        clock = self.query_one(Clock)
        clock.planned_minutes = self.planned_minutes
        clock.started_at, clock.ended_at = self.record.started_at, self.record.ended_at
        clock.refresh()

    def leaving(self, to_stage: str | None) -> Leaving:
        """What leaving Live for `to_stage` (None: Home) means for the conversation."""
        return leaving_live(
            started=self.record.started_at is not None,
            ended=self.record.ended_at is not None,
            any_asked=any(q.asked for q in self.questions),
            to_stage=to_stage,
        )

    def end_on_leaving(self) -> None:
        """Leaving Live after questions were asked: the conversation is over."""
        self._end()

    def _ask(
        self, title: str, body: str, cancel: str, *answers: tuple[Choice, Callable[[], object]]
    ) -> None:
        """Ask with a ChoiceDialog; the chosen answer's action runs (escape: none does)."""
        actions = {choice.value: action for choice, action in answers}

        def answered(value: str | None) -> None:
            if value in actions:
                actions[value]()

        self.app.push_screen(
            ChoiceDialog(title, body, [choice for choice, _ in answers], cancel=cancel), answered
        )

    def ask_on_leaving(self, then: Callable[[], object]) -> None:
        """Leaving Live with the clock running and nothing asked: did it happen? Then `then`."""
        started = self.record.started_at
        assert started is not None
        since = timekeeping.local_text(started, "%H:%M")

        def ended() -> None:
            self._end()
            then()

        def not_held() -> None:
            self._did_not_happen()
            then()

        self._ask(
            "Did the conversation take place?",
            f"The clock has run since {since} and no question was ticked.",
            "Stay in Live",
            (Choice("e", "Yes, and it is over: end it now", "ended"), ended),
            (Choice("n", "No: it did not happen (clear the clock)", "not_held"), not_held),
        )

    def action_start(self) -> None:
        """The conversation starts now; for one planned in the past, it may have been held."""
        if self.record.started_at is not None:
            return
        now = timekeeping.utcnow()
        planned = self._planned_and_past(now)
        if planned is None:
            self._start(now)
            self.notify("The conversation started: the clock runs.", markup=False, timeout=2)
            return
        start, end = planned
        held = Held(start, end).text()

        def as_planned() -> None:
            self._set_record(Record(start, end, furthest(self.record.stage, Stage.REFLECT)))
            self.notify(f"Recorded as {held}.", markup=False, timeout=3)

        self._ask(
            "Start the conversation now?",
            f"It was planned for {timekeeping.local_text(start, '%-d %b %H:%M')}, which has "
            "passed.",
            "Not now",
            (Choice("p", f"It took place as planned: {held}", "planned"), as_planned),
            (Choice("s", "It starts now", "now"), self._start_now),
        )

    def _start_now(self) -> None:
        self._start(timekeeping.utcnow())

    def _planned_and_past(self, now: datetime) -> tuple[datetime, datetime] | None:
        """The planned start and end, if the planned end has passed (else None)."""
        if self.scheduled_at is None:
            return None
        start = timekeeping.aware(self.scheduled_at)
        end = timekeeping.shift(start, timedelta(minutes=self.planned_minutes))
        return (start, end) if end < now else None

    def action_resume(self) -> None:
        """An ended conversation: resume it, or start it again from now (asks)."""
        started, ended = self.record.started_at, self.record.ended_at
        if started is None or ended is None:
            return
        since = timekeeping.local_text(started, "%H:%M")
        self._ask(
            "The conversation has ended",
            f"It was {Held(timekeeping.aware(started), timekeeping.aware(ended)).text()}.",
            "Keep it ended",
            (
                Choice("r", f"Resume it: the clock goes on from {since}", "resume"),
                lambda: self._set_record(replace(self.record, ended_at=None)),
            ),
            (Choice("s", "Start it again from now", "again"), self._start_now),
        )

    def action_restart(self) -> None:
        """Start the clock again from now, once the user says so."""
        started = self.record.started_at
        if started is None:
            return
        body = f"The conversation started at {timekeeping.local_text(started, '%H:%M')}."
        if asked := sum(1 for q in self.questions if q.asked):
            body += f" The {asked} asked question(s) keep their times, counted from then."
        self._ask(
            "Start the clock again?",
            body,
            "Keep it running",
            (Choice("r", "Restart the clock from now", "again"), self._start_now),
        )

    def action_end(self) -> None:
        """The conversation is over: stamp the end, stop the clock."""
        self._end()

    # -- small helpers ------------------------------------------------------------------------

    def _elapsed(self) -> int:
        return elapsed_seconds(self.record.started_at, self.record.ended_at)

    def _stamp(self) -> int | None:
        """Seconds since the start for a time stamp; None while it is not running."""
        return self._elapsed() if self.running else None

    def _first_open_option(self) -> str | None:
        for question in self.questions:
            if not question.asked and not question.skipped:
                return f"q{question.id}"
        return f"q{self.questions[-1].id}" if self.questions else None

    def _highlighted_id(self) -> str | None:
        checklist = self.query_one(Checklist)
        if checklist.highlighted is None:
            return None
        return checklist.get_option_at_index(checklist.highlighted).id

    def _rebuild(self, highlight: str | None = None) -> None:
        checklist = self.query_one(Checklist)
        if highlight is None:
            highlight = self._highlighted_id()
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
        self._show_answer()

    @overload
    def _find(self, kind: Literal["q"], row_id: int) -> QuestionRecord | None: ...
    @overload
    def _find(self, kind: Literal["n"], row_id: int) -> NoteRecord | None: ...
    @overload
    def _find(self, kind: str, row_id: int) -> QuestionRecord | NoteRecord | None: ...
    def _find(self, kind: str, row_id: int) -> QuestionRecord | NoteRecord | None:
        """The question (`q`) or note (`n`) on screen with this id, if it is still there."""
        rows: list[QuestionRecord] | list[NoteRecord] = (
            self.questions if kind == "q" else self.notes
        )
        return next((row for row in rows if row.id == row_id), None)

    def _drop_target(self) -> None:
        """The answer field's question or note is gone: the field belongs to nothing."""
        self._target = None
        editor = self.query_one("#answer", SavingTextArea)
        editor.bind("", None, "")
        editor.disabled = True
        self.remove_class("-typing")
        self._show_answer()

    def _question(self, question_id: int) -> QuestionRecord:
        return next(q for q in self.questions if q.id == question_id)

    def _note(self, note_id: int) -> NoteRecord:
        return next(n for n in self.notes if n.id == note_id)

    # -- the clock and the wrap-up cue ----------------------------------------------------

    def _update_wrap_up(self) -> None:
        cue = self.query_one("#wrap-up", Static)
        remaining = self.planned_minutes * 60 - self._elapsed()
        if not self.running or remaining > WRAP_UP_SECONDS:
            cue.add_class("hidden")
            return
        unasked = [
            (number, q)
            for number, q in enumerate(self.questions, start=1)
            if q.must_ask and not q.asked and not q.skipped
        ]
        # The same minutes and seconds as the clock above it.
        lead = (
            f"Time to wrap up: {minutes_seconds(remaining)} left."
            if remaining >= 0
            else "Past the planned time: thank them and offer to stop."
        )
        if unasked:
            lead += " Still to ask: " + " · ".join(
                f"{number}. {one_line(q.text, 40)}" for number, q in unasked
            )
        else:
            lead += " Every must-ask question is done; thank them for their time."
        # Once a second only the minutes and seconds change, never the cue's height: a
        # layout of the whole screen (while the user types) only when more than that did.
        shape = _DIGITS.sub("0", lead)
        if lead != self._cue_text:
            cue.update(Content(lead), layout=shape != _DIGITS.sub("0", self._cue_text))
            self._cue_text = lead
        cue.remove_class("hidden")

    # -- keys on the checklist -------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#checklist")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_answer()
        self.refresh_bindings()

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

    def _marks(self, what: str, question: QuestionRecord) -> Change:
        assert question.id is not None
        return Change(
            what,
            "q",
            question.id,
            asked=question.asked,
            asked_at=question.asked_at_seconds,
            skipped=question.skipped,
            starred=question.starred,
        )

    def _save_marks(self, question: QuestionRecord) -> None:
        """Save the question's marks as shown, whole (the newest save of them wins)."""
        assert question.id is not None
        store, question_id = self.store, question.id
        asked, at = question.asked, question.asked_at_seconds
        skipped, starred = question.skipped, question.starred
        self.infoint.queue_save(
            f"marks:{question_id}",
            lambda: store.set_marks(
                question_id, asked=asked, asked_at_seconds=at, skipped=skipped, starred=starred
            ),
            now=True,
        )

    def _changed(self, change: Change) -> None:
        self._changes.append(change)
        del self._changes[:-50]
        self._rebuild()
        self._update_wrap_up()
        self.refresh_bindings()

    def _set_asked(self, question: QuestionRecord, asked: bool) -> None:
        change = self._marks("tick" if asked else "untick", question)
        if asked and self.record.started_at is None:
            # The first question ticked: the conversation has started.
            change = replace(change, record=self._start(timekeeping.utcnow()))
        question.asked = asked
        question.asked_at_seconds = self._stamp() if asked else None
        if asked:
            question.skipped = False
        self._save_marks(question)
        self._changed(change)

    def _set_skipped(self, question: QuestionRecord, skipped: bool) -> None:
        change = self._marks("skip" if skipped else "unskip", question)
        question.skipped = skipped
        if skipped:
            question.asked, question.asked_at_seconds = False, None
        self._save_marks(question)
        self._changed(change)

    def _star(self, kind: str, row_id: int) -> None:
        row = self._find(kind, row_id)
        if row is None:
            return
        if kind == "q":
            change = self._marks("star", row)  # type: ignore[arg-type]
            row.starred = starred = not row.starred
            self._save_marks(row)  # type: ignore[arg-type]
        else:
            change = Change("star", "n", row_id, starred=row.starred)
            row.starred = starred = not row.starred
            self._save_note_star(row_id, starred)
        self.notify(
            "Starred as most interesting or helpful." if starred else "Star removed.",
            markup=False,
            timeout=2,
        )
        self._changed(change)

    def _save_note_star(self, note_id: int, starred: bool) -> None:
        if note_id > 0:  # a note not made yet gets its star once it is (see _note_made)
            store = self.store
            self.infoint.queue_save(
                f"star:n{note_id}", lambda: store.star_note(note_id, starred), now=True
            )

    def action_delete_note(self) -> None:
        """Delete the highlighted note; `u` brings it back."""
        option = self._highlighted_id() or ""
        if not option.startswith("n"):
            return
        note = self._note(int(option[1:]))
        assert note.id is not None
        if note.id < 0:
            self.notify(
                "That note is still being saved; try again in a moment.", markup=False, timeout=3
            )
            return
        note_id, store = note.id, self.store
        key = f"note:{note_id}"
        self.infoint.saver.cancel(key)  # its newest text goes with it (undo keeps it)
        self.notes.remove(note)
        if self._target == ("n", note_id):
            self._drop_target()
        self.infoint.queue_save(f"delete:n{note_id}", lambda: store.delete_note(note_id), now=True)
        self.notify("Note deleted: u brings it back.", markup=False, timeout=3)
        self._changed(Change("delete", "n", note_id, note=note))

    def action_undo(self) -> None:
        """Put the last checklist change back, asked-at time and all."""
        if not self._changes:
            return
        change = self._changes.pop()
        if change.what == "delete" and change.note is not None:
            self._bring_back(change.note)
        elif change.kind == "n":
            note = self._find("n", change.row_id)
            if note is not None:
                note.starred = change.starred
                self._save_note_star(change.row_id, change.starred)
        else:
            question = self._find("q", change.row_id)
            if question is None:
                self.notify("That question was deleted meanwhile.", markup=False, timeout=3)
                self.refresh_bindings()
                return
            question.asked, question.asked_at_seconds = change.asked, change.asked_at
            question.skipped, question.starred = change.skipped, change.starred
            self._save_marks(question)
            if change.record is not None:  # the tick that started the conversation
                self._set_record(change.record, exact=True)
        self.notify(f"Undone: {change.what}.", markup=False, timeout=2)
        self._rebuild(
            highlight=f"{change.kind}{change.row_id}" if change.what != "delete" else None
        )
        self._update_wrap_up()
        self.refresh_bindings()

    def _bring_back(self, note: NoteRecord) -> None:
        """A deleted note comes back (as a new row, with its text, time and star)."""
        self._new_notes += 1
        temporary = -self._new_notes
        returned = replace(note, id=temporary)
        self.notes.append(returned)
        store, interview_id = self.store, self.interview_id
        text, offset, starred = note.text, note.offset_seconds, note.starred
        deliver = self.infoint.saver.deliver

        def add() -> None:
            made = store.add_note(interview_id, text, offset_seconds=offset, starred=starred)
            deliver(self._note_made, temporary, made.id or 0)

        self.infoint.queue_save(f"note:back:{temporary}", add, now=True)
        self._rebuild(highlight=f"n{temporary}")

    # -- the answer field --------------------------------------------------------------------

    def _edit_question(self, question: QuestionRecord) -> None:
        assert question.id is not None
        self._target = ("q", question.id)
        self._edit(
            f"answer:{question.id}", TextRef("question", question.id, "answer"), question.answer
        )

    def _edit_note(self, note: NoteRecord) -> None:
        assert note.id is not None
        self._target = ("n", note.id)
        self._edit(f"note:{note.id}", TextRef("note", note.id, "text"), note.text)

    def _open_editor(self) -> SavingTextArea:
        editor = self.query_one("#answer", SavingTextArea)
        editor.disabled = False
        self.add_class("-typing")
        return editor

    def _edit(self, key: str, ref: TextRef, stored: str) -> None:
        editor = self._open_editor()
        editor.set_target(key, text_save(self.store, ref), stored)
        self._show_title(self._target)
        editor.focus()
        editor.move_cursor(editor.document.end)

    @on(SavingTextArea.Changed, "#answer")
    def _typed(self, event: SavingTextArea.Changed) -> None:
        """Keep this pane's copy of the answer or note as typed (the checklist shows it)."""
        if self._target is None or (row := self._find(*self._target)) is None:
            return
        if isinstance(row, NoteRecord):
            row.text = event.text_area.text
        else:
            row.answer = event.text_area.text

    def _show_answer(self) -> None:
        """On the checklist: the highlighted row's title and text, read-only."""
        if self.has_class("-typing"):
            return  # the answer being typed is on show
        option = self._highlighted_id()
        target = (option[0], int(option[1:])) if option else None
        self._show_title(target)
        view = self.query_one("#answer-view", Static)
        row = self._find(*target) if target else None
        if row is None:
            text = "" if self.questions else "No questions yet: add them on Questions (F2)."
            empty = True
        elif target and target[0] == "q":
            text = row.answer  # type: ignore[union-attr]
            empty = not text.strip()
            if empty:
                text = "Not answered yet · enter ticks it and types the answer"
        else:
            text = row.text
            empty = not text.strip()
            if empty:
                text = "(empty note) · enter types in it"
        view.set_class(empty, "-empty")
        view.update(Content(terminal_safe(text)))

    def _show_title(self, target: tuple[str, int] | None) -> None:
        title = self.query_one("#answer-title", Static)
        row = self._find(*target) if target else None
        if target is None or row is None:
            title.update(Content("Answer: press enter on a question to start typing"))
            return
        star = " ★" if row.starred else ""
        if target[0] == "q":
            number = self.questions.index(row) + 1  # type: ignore[arg-type]
            title.update(Content(f"{number}. {terminal_safe(row.text)}{star}"))
        else:
            note: Any = row
            title.update(Content(f"Note at {minute_mark(note.offset_seconds).strip()}{star}"))

    def action_leave_answer(self) -> None:
        """Leave the answer field and highlight the next question not asked."""
        editor = self.query_one("#answer", SavingTextArea)
        if not editor.has_focus:
            return
        self.infoint.save_now(editor.save_key)
        self.remove_class("-typing")
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
        self._new_notes += 1
        temporary = -self._new_notes  # the note's id until its row exists
        note = NoteRecord(
            id=temporary, interview_id=self.interview_id, offset_seconds=self._stamp()
        )
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

        editor = self._open_editor()
        editor.set_target(f"note:new:{interview_id}:{temporary}", save, "")
        self.infoint.saver.submit_text(editor.save_key, "", save, now=True)
        self._show_title(self._target)
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
        self._changes = [
            replace(c, row_id=note_id) if (c.kind, c.row_id) == ("n", temporary) else c
            for c in self._changes
        ]
        if self._target == ("n", temporary):
            self._target = ("n", note_id)
            editor = self.query_one("#answer", SavingTextArea)
            editor.set_target(
                f"note:{note_id}",
                text_save(self.store, TextRef("note", note_id, "text")),
                editor.text,
            )
        # The highlight stays on the note, now known by its new id.
        highlight = self._highlighted_id()
        self._rebuild(highlight=f"n{note_id}" if highlight == f"n{temporary}" else None)

    def action_star_current(self) -> None:
        """Star the answer or note being typed, or the highlighted row."""
        editor = self.query_one("#answer", SavingTextArea)
        if editor.has_focus and self._target is not None:
            self._star(*self._target)
            self._show_title(self._target)
            return
        option_id = self._highlighted_id()
        if option_id:
            self._star(option_id[0], int(option_id[1:]))
