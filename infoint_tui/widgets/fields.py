"""Text fields that save themselves: every change goes to the app's saver, blur saves at once.

A field shows the stored text it is pointed at, unless text typed for it is still waiting
to be saved (a locked database, a slow disk): then it shows what was typed, so coming back
to a field never shows an older text, and the next keystroke never replaces the answer
with less than the user wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.widgets import Input, TextArea

from infoint_tui.context import HasInfointApp
from infoint_tui.store.text_refs import TextRef, merge_texts
from infoint_tui.text import terminal_safe

if TYPE_CHECKING:
    from textual.app import App

    from infoint_tui.saver import Saver, TextSave
    from infoint_tui.store.store import Store


SaveFunction = Callable[[str], object]


def value_save(save: SaveFunction) -> TextSave:
    """A save for a field whose text is a value (a date, a name to link): last one wins."""
    return lambda text, base: save(text)


class _TextSave:
    """A save for free text: both texts are kept when another copy changed it meanwhile."""

    def __init__(self, store: Store, ref: TextRef) -> None:
        self.store, self.ref = store, ref
        self.one_line = ref.one_line
        """Both texts of a conflict go on one line (see text_refs.merge_texts)."""

    def __call__(self, text: str, base: str | None) -> object:
        return self.store.save_text(self.ref, text, base)


def text_save(store: Store, ref: TextRef) -> TextSave:
    """A save for free text: both texts are kept when another copy changed it meanwhile."""
    return _TextSave(store, ref)


class _Saving(HasInfointApp):
    """Shared behaviour: a save key and a function that stores the text."""

    save_key: str
    _save: TextSave | None
    _known: str
    """The text last loaded or queued: a change message carrying it saves nothing."""

    if TYPE_CHECKING:
        app: App[Any]  # the field's, as Input and TextArea have it

    @property
    def _saver(self) -> Saver:
        return self.infoint.saver

    def _shown(self, stored: str) -> str:
        """What to show for `stored`: the text still waiting to be saved, if there is one."""
        if not self.save_key or not getattr(self, "is_attached", False):
            return stored
        unsaved = self._saver.unsaved(self.save_key)
        if unsaved is None:
            self._saver.loaded(self.save_key, stored)
            return stored
        return unsaved

    def _queue(self, text: str) -> None:
        if self._save is None or text == self._known:
            return
        self._known = text
        self._saver.submit_text(self.save_key, text, self._save)

    def _save_now(self) -> None:
        if self._save is not None and getattr(self, "is_attached", False):
            self._saver.save_now(self.save_key)

    def bind(self, save_key: str, save: TextSave | None, stored: str) -> None:
        """Point the field at another stored text (saving what waits for the old one)."""
        if save_key != self.save_key:
            self._save_now()
        elif self._save is not None and terminal_safe(self.current_text()) != self._known:
            # Filled again (e.g. once earlier saves are in) between an edit and its change
            # message: the edit is queued first, so what is shown next is the edit, not the
            # older stored text.
            self._queue(terminal_safe(self.current_text()))
        self.save_key = save_key
        self._save = save
        self.load(stored)

    def load(self, stored: str) -> None:  # pragma: no cover - both fields define it
        raise NotImplementedError

    def show_text(self, text: str, keep_cursor: bool = False) -> None:  # pragma: no cover
        raise NotImplementedError

    def take_conflict(self, theirs: str) -> str:
        """Another copy's text was kept beside ours: show both, return what to save."""
        current = self.current_text()
        one_line = getattr(self._save, "one_line", isinstance(self, Input))
        merged = current if theirs in current else merge_texts(current, theirs, one_line=one_line)
        self.show_text(merged, keep_cursor=True)
        return merged

    def current_text(self) -> str:  # pragma: no cover - both fields define it
        raise NotImplementedError


class VisibleInput(Input):
    """A one-line field that shows pasted control characters as visible escapes (`\\x1b`).

    The same form the saving fields store, so a query pasted into Search finds the text
    pasted into a field.
    """

    @on(Input.Changed)
    def _make_visible(self, event: Input.Changed) -> None:
        if event.input is self and _show_controls(self):
            event.stop()  # a Changed with the visible text follows


def _show_controls(field: Input) -> bool:
    """Replace pasted control characters in `field` by visible escapes; True if there were."""
    if terminal_safe(field.value) == field.value:
        return False
    # The escapes are longer than the characters: keep the cursor after the paste.
    cursor = len(terminal_safe(field.value[: field.cursor_position]))
    field.value = terminal_safe(field.value)
    field.cursor_position = cursor
    return True


class SavingInput(_Saving, Input):
    """A one-line field whose text is saved as the user types."""

    def __init__(
        self, value: str = "", *, save_key: str, save: TextSave | None = None, **kwargs: Any
    ) -> None:
        value = terminal_safe(value)
        super().__init__(value=value, **kwargs)
        self.save_key = save_key
        self._save = save
        self._known = value

    def load(self, value: str) -> None:
        """Show a stored value without saving it back (or the text still waiting to be).

        Control characters (escape sequences from an imported file) are shown as visible
        escapes, so they can never reach the terminal; the stored text changes only if
        the user edits the field.
        """
        self.show_text(self._shown(value))

    def show_text(self, text: str, keep_cursor: bool = False) -> None:
        """Show `text` as the field's own, without saving it (the cursor kept, if asked)."""
        text = terminal_safe(text)
        self._known = text
        if text != self.value:
            cursor = self.cursor_position
            self.value = text
            if keep_cursor:
                self.cursor_position = min(cursor, len(text))

    def current_text(self) -> str:
        """The text in the field."""
        return self.value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        # Pasted control characters first become visible escapes (another Changed follows).
        if event.input is self and not _show_controls(self):
            self._queue(event.value)

    def _on_blur(self, event: events.Blur) -> None:
        self._save_now()


class SavingTextArea(_Saving, TextArea):
    """A multi-line field whose text is saved as the user types."""

    def __init__(
        self, text: str = "", *, save_key: str, save: TextSave | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        kwargs.setdefault("show_line_numbers", False)
        super().__init__(terminal_safe(text), **kwargs)
        self.save_key = save_key
        self._save = save
        self._known = self.text

    def load(self, text: str) -> None:
        """Show a stored text without saving it back (or the text still waiting to be)."""
        self.show_text(self._shown(text))

    def show_text(self, text: str, keep_cursor: bool = False) -> None:
        """Show `text` as the field's own, without saving it (control characters visible).

        With `keep_cursor`, typing goes on where it was (a text kept beside the user's
        comes after it, not before).
        """
        text = terminal_safe(text)
        if text != self.text:
            row, column = self.cursor_location
            self.load_text(text)
            if keep_cursor:
                row = min(row, self.document.line_count - 1)
                self.move_cursor((row, min(column, len(self.document.get_line(row)))))
        # What the document holds, not what was given: it reads U+2028 and other Unicode
        # line breaks as line ends, and showing a text must never save it back changed.
        self._known = self.text

    def current_text(self) -> str:
        """The text in the field."""
        return self.text

    def set_target(self, save_key: str, save: TextSave | None, text: str) -> None:
        """Point the field at another stored text (e.g. the next question's answer)."""
        self.bind(save_key, save, text)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        if event.text_area is self:
            text = self.text
            safe = terminal_safe(text)
            if safe != text:  # pasted control characters
                # The escapes are longer than the characters: keep the cursor after the paste
                # (escapes never hold a line break, so only the column moves).
                row, column = self.cursor_location
                column = len(terminal_safe(self.document.get_line(row)[:column]))
                self.load_text(safe)
                self.move_cursor((row, column))
            self._queue(safe)

    def _on_blur(self, event: events.Blur) -> None:
        self._save_now()


class CheckedInput(SavingInput):
    """A saving field that saves only text its `check` accepts (it raises ValueError else)."""

    def __init__(self, *, check: Callable[[str], object], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check

    def problem(self, text: str) -> str | None:
        """Why `text` cannot be saved, or None when it can."""
        try:
            self.check(text)
        except ValueError as error:
            return str(error)
        return None

    def _queue(self, text: str) -> None:
        if self.problem(text) is None:
            super()._queue(text)
