"""Questions: the list to bring to the conversation, from banks or your own, with a time estimate.

Each key here is one store write handed to the app's saver; the list is read again once it
is done. The question field saves as the user types: an edit into the question, a new
question into a draft of the interview until enter adds it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from infoint_tui.dialogs.bank_picker import BankPickerDialog, Picked, PickerGroup, PickerQuestion
from infoint_tui.screens.interview.pane import StagePane
from infoint_tui.store.categories import category_label
from infoint_tui.store.text_refs import TextRef
from infoint_tui.text import one_line, terminal_safe
from infoint_tui.widgets.fields import SavingInput, text_save

if TYPE_CHECKING:
    from infoint_tui.store.records import BankQuestionRecord, InterviewBundle, QuestionRecord

T = TypeVar("T")
#: The name of the draft a new question is typed into.
DRAFT = "question"


def _draft_key(interview_id: int) -> str:
    return f"draft:{interview_id}:{DRAFT}"


MOVE = Binding.Group("Move", compact=True)

#: Actions that work on the list; hidden while the question field is open.
LIST_ACTIONS = {"add_bank", "add_own", "edit", "must_ask", "move", "delete", "add_unanswered"}
#: Actions that need a highlighted question.
ROW_ACTIONS = {"edit", "must_ask", "move", "delete"}


def estimate_line(count: int, minutes: float, planned: int) -> str:
    """`9 questions · about 19 min of 25 planned`, with how far over when it is."""
    if not count:
        return f"No questions yet · {planned} min planned · b adds from a bank, a your own"
    noun = "question" if count == 1 else "questions"
    line = f"{count} {noun} · about {round(minutes)} min of {planned} planned"
    if minutes > planned:
        line += f" · {round(minutes - planned)} min over"
    return line


def _row(number: int, question: QuestionRecord) -> Option:
    prompt = Content.assemble(
        ("! " if question.must_ask else "  ", "$text-warning bold"),
        (f"{number:2d}. ", "$text-muted"),
        one_line(question.text, 300),
        (f"  · {category_label(question.category)}", "$text-muted"),
    )
    return Option(prompt, id=f"q{question.id}")


def _picker_question(bank_key: str, item: BankQuestionRecord, present: set[str]) -> PickerQuestion:
    return PickerQuestion(
        bank_key,
        item.key,
        item.text,
        item.category,
        item.must_ask,
        present=f"{bank_key}:{item.key}" in present,
    )


class QuestionsPane(StagePane):
    """The prepared questions: add from banks or your own, edit, order, mark must-ask."""

    stage = "questions"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "add_bank", "Bank", tooltip="Pick questions from a bank", id="q.bank"),
        Binding("a", "add_own", "Add", tooltip="Add a question of your own", id="q.add"),
        Binding(
            "A",
            "add_own(True)",
            "Add+keep",
            key_display="A",
            tooltip="Add a question of your own and keep it in My questions for later",
            id="q.add_mine",
        ),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted question", id="q.edit"),
        Binding(
            "m",
            "must_ask",
            "Must ask",
            tooltip="Mark (or unmark) the question as one not to leave without asking",
            id="q.must_ask",
        ),
        Binding(
            "shift+up,ctrl+up",
            "move(-1)",
            "Up",
            key_display="⇧↑",
            tooltip="Move the question up (also ctrl+up)",
            id="q.up",
            group=MOVE,
        ),
        Binding(
            "shift+down,ctrl+down",
            "move(1)",
            "Down",
            key_display="⇧↓",
            tooltip="Move the question down (also ctrl+down)",
            id="q.down",
            group=MOVE,
        ),
        Binding("delete", "delete", "Delete", tooltip="Remove the question", id="q.delete"),
        Binding(
            "u",
            "add_unanswered",
            "Unanswered",
            tooltip="Pick from bank questions no interview about this occupation has answered "
            "yet (all ticked: enter adds them, space unticks one)",
            id="q.unanswered",
        ),
        Binding(
            "escape",
            "cancel_input",
            "Cancel",
            tooltip="Close the question field without saving",
            id="q.cancel",
        ),
    ]

    def __init__(self, interview_id: int) -> None:
        super().__init__(interview_id)
        self.questions: list[QuestionRecord] = []
        self.unanswered: list[PickerQuestion] = []
        self.occupation = ""
        self._editing: tuple[str, int | None] | None = None
        """What the question field does on enter: ("add" | "mine" | "edit", question id)."""
        self._shown = ""
        """The text the question field opened with (an edit that changes nothing saves nothing)."""
        self._original = ""
        """The stored text of the question being edited (escape puts it back)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="questions-estimate", markup=False)
        yield OptionList(id="question-list")
        yield Static("", id="unanswered-hint", classes="hidden", markup=False)
        yield Static("", id="question-input-label", classes="hidden", markup=False)
        yield SavingInput(id="question-input", save_key="", classes="hidden", compact=True)

    # -- filling ---------------------------------------------------------------------------

    def show(self, bundle: InterviewBundle) -> None:
        self._fill(bundle)
        if self._editing is None and self.store.drafts(self.interview_id).get(DRAFT):
            # Typed before a crash (or before leaving): it shows, and `a` goes on with it.
            self._open_input("add", focus=False)
            self._editing = None  # the list keeps its keys until the field has the cursor
            self.refresh_bindings()

    def focus_first(self) -> None:
        self.query_one("#question-list").focus()

    def focus_target(self, field: str, ref_id: int, near: str = "") -> None:
        listing = self.query_one("#question-list", OptionList)
        index = next((i for i, q in enumerate(self.questions) if q.id == ref_id), None)
        if field == "question" and index is not None:
            listing.highlighted = index
        listing.focus()

    def _reload(self, highlight: str | None = None, index: int | None = None) -> None:
        self._fill(self.store.interview(self.interview_id), highlight, index)

    def _fill(
        self, bundle: InterviewBundle, highlight: str | None = None, index: int | None = None
    ) -> None:
        listing = self.query_one("#question-list", OptionList)
        if highlight is None and index is None:
            index = listing.highlighted
        self.questions = list(bundle.questions)
        listing.set_options(_row(n, q) for n, q in enumerate(self.questions, start=1))
        if highlight is not None:
            index = next((i for i, q in enumerate(self.questions) if f"q{q.id}" == highlight), 0)
        if self.questions:
            listing.highlighted = min(max(index or 0, 0), len(self.questions) - 1)
        planned = bundle.interview.planned_minutes
        total = sum(q.estimate_minutes for q in self.questions)
        estimate = self.query_one("#questions-estimate", Static)
        estimate.update(Content(estimate_line(len(self.questions), total, planned)))
        estimate.set_class(total > planned, "-over")
        self._fill_unanswered(bundle)
        self.refresh_bindings()

    def _fill_unanswered(self, bundle: InterviewBundle) -> None:
        """Offer bank questions not yet answered when this occupation was explored before."""
        from infoint_tui.store.records import InterviewFilter

        store, occupation = self.store, bundle.occupation
        self.unanswered, self.occupation = [], occupation.name if occupation else ""
        hint = self.query_one("#unanswered-hint", Static)
        if occupation is not None and occupation.id is not None:
            others = store.list_interviews(InterviewFilter(occupation_id=occupation.id))
            if any(row.id != self.interview_id for row in others):
                keys = {bank.id: bank.key for bank in store.banks()}
                present = {q.bank_key for q in self.questions if q.bank_key}
                texts = {q.text.casefold() for q in self.questions}
                self.unanswered = [
                    _picker_question(keys[item.bank_id], item, set())
                    for item in store.unanswered_bank_questions(occupation.id)
                    if f"{keys[item.bank_id]}:{item.key}" not in present
                    and item.text.casefold() not in texts
                ]
        if self.unanswered:
            count = len(self.unanswered)
            hint.update(
                Content(
                    f"Not yet answered for {one_line(self.occupation, 40)}: {count} bank "
                    f"question{'s' if count != 1 else ''} · u picks from them"
                )
            )
        hint.set_class(not self.unanswered, "hidden")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """List keys only while the question field is closed; row keys need a question."""
        editing = self._editing is not None
        if action == "cancel_input":
            return editing
        if action in LIST_ACTIONS and editing:
            return False
        if action in ROW_ACTIONS and not self.questions:
            return False
        return action != "add_unanswered" or bool(self.unanswered)

    # -- helpers -----------------------------------------------------------------------------

    def _current(self) -> QuestionRecord | None:
        listing = self.query_one("#question-list", OptionList)
        if listing.highlighted is None or not self.questions:
            return None
        return self.questions[min(listing.highlighted, len(self.questions) - 1)]

    def _write(
        self,
        key: str,
        action: Callable[[], T],
        then: Callable[[T], object] | None = None,
        replace: bool = True,
    ) -> None:
        """Hand one store write to the saver; `then(result)` runs here once it is done
        (not once the pane is gone). `replace=False`: see `InfointApp.queue_save`."""

        def done(result: T) -> None:
            if then is not None and self.is_attached:
                then(result)

        self.infoint.queue_save(
            f"questions:{self.interview_id}:{key}", action, now=True, then=done, replace=replace
        )

    # -- banks -------------------------------------------------------------------------------

    def action_add_bank(self) -> None:
        """Pick questions from a bank."""
        store = self.store
        present = {q.bank_key for q in self.questions if q.bank_key}
        groups = [
            PickerGroup(
                bank.name,
                bank.description,
                [_picker_question(bank.key, q, present) for q in store.bank_questions(bank.key)],
            )
            for bank in store.banks()
        ]
        self.app.push_screen(BankPickerDialog(groups), self._add_picked)

    def action_add_unanswered(self) -> None:
        """Pick from the bank questions not yet answered for this occupation."""
        if not self.unanswered:
            return
        title = f"Not yet answered for {one_line(self.occupation, 40)}"
        group = PickerGroup(title, "", self.unanswered)
        self.app.push_screen(BankPickerDialog([group], title=title), self._add_picked)

    def _add_picked(self, picked: Picked | None) -> None:
        if not picked:
            if picked == []:
                self.notify("Nothing ticked, nothing added.", markup=False, timeout=3)
            return
        by_bank: dict[str, list[str]] = {}
        for bank_key, key in picked:
            by_bank.setdefault(bank_key, []).append(key)
        store, interview_id = self.store, self.interview_id

        def add_all() -> list[QuestionRecord]:
            added: list[QuestionRecord] = []
            for bank_key, keys in by_bank.items():
                added += store.add_bank_questions(interview_id, bank_key, keys)
            return added

        def added(rows: list[QuestionRecord]) -> None:
            if rows:
                plural = "s" if len(rows) != 1 else ""
                self.notify(f"Added {len(rows)} question{plural}.", markup=False)
            self._reload(highlight=f"q{rows[0].id}" if rows else None)

        self._write("add-bank", add_all, added, replace=False)
        self.query_one("#question-list").focus()

    # -- your own questions and editing ------------------------------------------------------

    def _open_input(
        self, mode: str, question: QuestionRecord | None = None, focus: bool = True
    ) -> None:
        """Open the question field: a new question (kept as a draft until added) or an edit.

        Both save as the user types: an edit into the question itself, a new question into
        the interview's draft, so a crash loses neither.
        """
        self._editing = (mode, question.id if question else None)
        self._shown = terminal_safe(question.text) if question is not None else ""
        label = self.query_one("#question-input-label", Static)
        field = self.query_one("#question-input", SavingInput)
        store, interview_id = self.store, self.interview_id
        if mode == "edit" and question is not None and question.id is not None:
            number = self.questions.index(question) + 1
            label.update(Content(f"Edit question {number} · enter saves · escape undoes"))
            self._original = question.text
            # Control characters from an imported file show as visible escapes (a field
            # would send them to the terminal raw); saved only if the text is edited.
            field.bind(
                f"question:{question.id}:text",
                text_save(store, TextRef("question", question.id, "text")),
                question.text,
            )
        else:
            keep = " (also kept in My questions)" if mode == "mine" else ""
            draft = store.drafts(interview_id).get(DRAFT, "")
            lead = "New question (kept as a draft)" if draft and not focus else "New question"
            label.update(Content(f"{lead}{keep} · enter adds · escape discards"))
            field.bind(
                _draft_key(interview_id),
                text_save(store, TextRef("draft", interview_id, DRAFT)),
                draft,
            )
        field.placeholder = "Type the question"
        label.remove_class("hidden")
        field.remove_class("hidden")
        if focus:
            field.focus()
            field.cursor_position = len(field.value)
        self.refresh_bindings()

    def _close_input(self, focus_list: bool) -> None:
        self._editing = None
        if focus_list:
            self.query_one("#question-list").focus()
        self.query_one("#question-input-label").add_class("hidden")
        self.query_one("#question-input").add_class("hidden")
        self.refresh_bindings()

    def action_add_own(self, keep: bool = False) -> None:
        """Add a question of your own (and keep it in My questions with A)."""
        self._open_input("mine" if keep else "add")

    def action_edit(self) -> None:
        """Edit the highlighted question's text."""
        question = self._current()
        if question is not None:
            self._open_input("edit", question)

    def action_cancel_input(self) -> None:
        """Close the question field: an edit goes back to the text it had, a new one goes."""
        editing, field = self._editing, self.query_one("#question-input", SavingInput)
        self._close_input(focus_list=True)
        if editing is None or field._save is None:
            return
        mode, _ = editing
        if mode == "edit":
            if field.value != self._shown:
                self.infoint.saver.submit_text(
                    field.save_key, self._original, field._save, now=True
                )
                self._after_saves_reload(editing[1])
        else:
            self.infoint.saver.submit_text(field.save_key, "", field._save, now=True)
        field.bind("", None, "")

    @on(Input.Submitted, "#question-input")
    def _submitted(self) -> None:
        self._commit(focus_list=True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Leaving the field another way (a click, a stage key) keeps what was typed.
        if event.widget.id == "question-input" and self._editing is not None:
            self._commit(focus_list=False)

    def _commit(self, focus_list: bool) -> None:
        editing, field = self._editing, self.query_one("#question-input", SavingInput)
        text = " ".join(field.value.split())
        unchanged = field.value == self._shown
        self._close_input(focus_list)
        if editing is None or field._save is None:
            return
        mode, question_id = editing
        store, interview_id, key, save = self.store, self.interview_id, field.save_key, field._save
        saver = self.infoint.saver
        if mode != "edit" and text:
            # The draft as it is now, before the add: the add deletes it when they agree.
            saver.submit_text(key, field.value, save, now=True)
        field.bind("", None, "")
        if mode == "edit" and question_id is not None:
            if unchanged:
                saver.save_now(key)
                return  # nothing changed: keep the stored text exactly as it is
            saver.submit_text(key, text or self._original, save, now=True)
            self._after_saves_reload(question_id)
            return
        if not text:
            saver.submit_text(key, "", save, now=True)  # an emptied draft goes
            return

        def added(question: QuestionRecord) -> None:
            if mode == "mine":
                self.notify("Added, and kept in My questions.", markup=False, timeout=3)
            self._reload(highlight=f"q{question.id}")
            if self._editing is None or self._editing[0] == "edit":
                # No new question begun: a draft save that came after the add goes too.
                saver.submit_text(key, "", save, now=True)

        self._write(
            "add",
            lambda: store.add_question(
                interview_id, text, save_to_mine=mode == "mine", from_draft=DRAFT
            ),
            added,
            replace=False,  # a second question added before the first is in: both
        )

    def _after_saves_reload(self, question_id: int | None) -> None:
        self.infoint.after_saves(
            lambda saved: self._reload(highlight=f"q{question_id}") if self.is_attached else None
        )

    # -- the highlighted question ------------------------------------------------------------

    def action_must_ask(self) -> None:
        """Mark or unmark the highlighted question as must-ask."""
        question = self._current()
        if question is not None and question.id is not None:
            question_id, must = question.id, not question.must_ask
            self._write(
                f"must:{question_id}",
                partial(self.store.set_must_ask, question_id, must),
                lambda _: self._reload(highlight=f"q{question_id}"),
            )

    def action_move(self, offset: int) -> None:
        """Move the highlighted question up (-1) or down (1)."""
        question = self._current()
        if question is not None and question.id is not None:
            question_id = question.id
            self._write(
                f"move:{question_id}",
                partial(self.store.move_question, question_id, offset),
                lambda _: self._reload(highlight=f"q{question_id}"),
                replace=False,  # two quick moves are two places
            )

    def action_delete(self) -> None:
        """Remove the highlighted question (its text is shown in a notice)."""
        question = self._current()
        if question is None or question.id is None:
            return
        question_id, index = question.id, self.questions.index(question)

        def deleted(_: object) -> None:
            self.notify(f"Deleted: {one_line(question.text, 80)}", markup=False, timeout=4)
            self._reload(index=index)

        self._write(
            f"delete:{question_id}", partial(self.store.delete_question, question_id), deleted
        )
